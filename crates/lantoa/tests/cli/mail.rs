//! `lantoa mail test --to`: one message through the configured SMTP server, a clear error
//! when the server refuses, and the `[smtp]` checks at start.

use super::smtp_sink::{Mode, Sink};
use super::support::{TempDir, lantoa, text};

fn with_smtp(dir: &TempDir, sink: &Sink) -> std::process::Command {
    let mut c = lantoa(dir.path());
    c.env("LANTOA_DATA_DIR", dir.path())
        .env("LANTOA_SITE_PUBLIC_URL", "https://gdnn.kiengiang.gov.vn")
        .env("LANTOA_SMTP_HOST", "127.0.0.1")
        .env("LANTOA_SMTP_PORT", sink.port.to_string())
        .env("LANTOA_SMTP_SECURITY", "none")
        .env("LANTOA_SMTP_FROM_ADDRESS", "gdnn@kiengiang.gov.vn")
        .env("LANTOA_SMTP_FROM_NAME", "Cổng thông tin GDNN Kiên Giang")
        .env("LANTOA_SMTP_TIMEOUT_SECONDS", "5");
    c
}

#[test]
fn mail_test_sends_one_vietnamese_message_and_explains_a_refusal() {
    let dir = TempDir::new("mail-test");
    let sink = Sink::start();
    let out = with_smtp(&dir, &sink)
        .args(["mail", "test", "--to", "bientap@kiengiang.gov.vn"])
        .output()
        .unwrap();
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stdout}{stderr}");
    assert!(
        stdout.contains("Đã gửi thư thử tới bientap@kiengiang.gov.vn"),
        "{stdout}"
    );
    let got = sink.received();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].to, ["bientap@kiengiang.gov.vn"]);
    assert!(
        got[0]
            .header("Subject")
            .unwrap()
            .starts_with("[Thử] Thư điện tử từ "),
        "{:?}",
        got[0].header("Subject")
    );
    assert!(
        got[0]
            .text()
            .contains("cấu hình thư điện tử (mục [smtp]) đã đúng")
    );
    assert!(got[0].text().contains("https://gdnn.kiengiang.gov.vn"));

    sink.set_mode(Mode::Refuse);
    let out = with_smtp(&dir, &sink)
        .args(["mail", "test", "--to", "bientap@kiengiang.gov.vn"])
        .output()
        .unwrap();
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr.contains("từ chối thư") && stderr.contains("refused") && stderr.contains("554"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(sink.received().len(), 1);
}

#[test]
fn mail_test_without_smtp_or_with_a_bad_smtp_section_says_what_to_fix() {
    let dir = TempDir::new("mail-nosmtp");
    let out = lantoa(dir.path())
        .env("LANTOA_DATA_DIR", dir.path())
        .args(["mail", "test", "--to", "a@b.vn"])
        .output()
        .unwrap();
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr.contains("Chưa cấu hình thư điện tử") && stderr.contains("[smtp]"),
        "{stderr}"
    );

    let sink = Sink::start();
    for (key, value, named) in [
        ("LANTOA_SMTP_SECURITY", "ssl", "smtp.security"),
        ("LANTOA_SMTP_FROM_ADDRESS", "gdnn", "smtp.from_address"),
        ("LANTOA_SMTP_HOST", "smtp://mail.x.vn", "smtp.host"),
        ("LANTOA_SITE_PUBLIC_URL", "", "site.public_url"),
        ("LANTOA_SMTP_USERNAME", "gdnn", "smtp.username"),
        (
            "LANTOA_SMTP_PASSWORD_FILE",
            "/khong/co/tep",
            "smtp.password_file",
        ),
    ] {
        let out = with_smtp(&dir, &sink)
            .env(key, value)
            .args(["mail", "test", "--to", "a@b.vn"])
            .output()
            .unwrap();
        let (_, stderr) = text(&out);
        assert_eq!(out.status.code(), Some(2), "{key}: {stderr}");
        assert!(stderr.contains(named), "{key}: {stderr}");
    }
    // A password sent in clear to another machine is refused.
    let out = with_smtp(&dir, &sink)
        .env("LANTOA_SMTP_HOST", "mail.kiengiang.gov.vn")
        .env("LANTOA_SMTP_USERNAME", "gdnn")
        .env("LANTOA_SMTP_PASSWORD", "x")
        .args(["mail", "test", "--to", "a@b.vn"])
        .output()
        .unwrap();
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("không mã hóa"), "{stderr}");
    // check-config never shows the password.
    let out = with_smtp(&dir, &sink)
        .env("LANTOA_SMTP_USERNAME", "gdnn")
        .env("LANTOA_SMTP_PASSWORD", "bi-mat-123")
        .arg("check-config")
        .output()
        .unwrap();
    let (stdout, stderr) = text(&out);
    assert!(
        !stdout.contains("bi-mat-123") && !stderr.contains("bi-mat-123"),
        "{stdout}"
    );
    assert!(stdout.contains("[smtp]"), "{stdout}");
}
