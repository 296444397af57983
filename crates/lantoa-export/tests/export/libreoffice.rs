//! LibreOffice opens the exports: headless conversion to PDF must succeed. When `pdftotext`
//! and `pdftoppm` exist, the PDF's text is checked and page 1 is rendered to PNG for a human.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use lantoa_export::{docx, xlsx};

use crate::sample;

/// A hung soffice fails the test instead of hanging CI.
const TIMEOUT: Duration = Duration::from_secs(120);

fn find(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|p| p.is_file())
}

/// soffice, or None with a loud warning; a failure when the test dependencies are required.
fn soffice() -> Option<PathBuf> {
    if let Some(found) = find("soffice").or_else(|| find("libreoffice")) {
        return Some(found);
    }
    let required =
        std::env::var_os("CI").is_some() || std::env::var_os("LANTOA_REQUIRE_TEST_DEPS").is_some();
    assert!(
        !required,
        "LibreOffice (soffice) is not installed, and CI or LANTOA_REQUIRE_TEST_DEPS requires it: \
         run scripts/test-deps.sh"
    );
    // Written to the stderr handle, not with eprintln!, so the test harness does not capture
    // it: a skipped check must be seen.
    let _ = std::io::stderr().write_all(
        "\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n\
         SKIPPED: LibreOffice (soffice) not found; the exports were NOT opened by LibreOffice.\n\
         Install it with scripts/test-deps.sh (libreoffice-writer-nogui, libreoffice-calc-nogui).\n\
         !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n"
            .as_bytes(),
    );
    None
}

/// Prints to the stderr handle, past the test harness's capture, so that a human running
/// `cargo test` sees it.
fn say(message: &str) {
    let _ = writeln!(std::io::stderr(), "{message}");
}

/// A fresh directory under the system's temporary directory; kept after the test so that a
/// human can look at the PDF and PNG.
fn temp_dir(label: &str) -> PathBuf {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let dir = std::env::temp_dir().join(format!(
        "lantoa-export-{label}-{}-{nanos}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    dir
}

/// Runs `cmd` in its own process group, killing the whole group after [`TIMEOUT`].
fn run(mut cmd: Command, what: &str) -> std::process::Output {
    use std::os::unix::process::CommandExt;
    cmd.process_group(0)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("{what}: cannot start: {e}"));
    let started = Instant::now();
    loop {
        if child.try_wait().expect("waiting for the child").is_some() {
            return child.wait_with_output().expect("its output");
        }
        if started.elapsed() > TIMEOUT {
            // soffice starts soffice.bin: kill the group, not only the wrapper.
            let _ = Command::new("kill")
                .args(["-KILL", "--", &format!("-{}", child.id())])
                .status();
            let _ = child.kill();
            let out = child.wait_with_output().expect("its output");
            panic!(
                "{what}: no answer after {TIMEOUT:?}\nstdout: {}\nstderr: {}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Converts `file` to PDF with its own LibreOffice profile (parallel runs do not clash) and
/// returns the PDF's path.
fn convert_to_pdf(soffice: &Path, dir: &Path, file: &Path) -> PathBuf {
    let profile = dir.join("profile");
    let mut cmd = Command::new(soffice);
    cmd.arg(format!(
        "-env:UserInstallation=file://{}",
        profile.display()
    ))
    .args([
        "--headless",
        "--norestore",
        "--convert-to",
        "pdf",
        "--outdir",
    ])
    .arg(dir)
    .arg(file)
    .env("HOME", dir);
    let out = run(cmd, "soffice --convert-to pdf");
    let pdf = file.with_extension("pdf");
    let report = format!(
        "status {}\nstdout: {}\nstderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success(),
        "soffice failed on {}: {report}",
        file.display()
    );
    let bytes = std::fs::read(&pdf)
        .unwrap_or_else(|e| panic!("no PDF from {}: {e}\n{report}", file.display()));
    assert!(bytes.starts_with(b"%PDF"), "not a PDF: {}", pdf.display());
    assert!(bytes.len() > 1000, "an empty PDF: {}", pdf.display());
    pdf
}

/// The PDF's text, when poppler's pdftotext exists.
fn pdf_text(pdf: &Path) -> Option<String> {
    let tool = find("pdftotext")?;
    let mut cmd = Command::new(tool);
    cmd.arg("-layout").arg(pdf).arg("-");
    let out = run(cmd, "pdftotext");
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        pdf.display()
    );
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn libreoffice_converts_the_docx_to_pdf() {
    let Some(soffice) = soffice() else { return };
    let dir = temp_dir("docx");
    let file = dir.join("bao-cao-6-thang-2024.docx");
    std::fs::write(&file, docx(&sample::report()).expect("a DOCX")).expect("written");
    let pdf = convert_to_pdf(&soffice, &dir, &file);
    say(&format!("DOCX converted by LibreOffice: {}", pdf.display()));

    if let Some(text) = pdf_text(&pdf) {
        for expected in [
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "BÁO CÁO",
            "Nơi nhận:",
            "153.200",
            "Nguyễn Văn An",
        ] {
            assert!(
                text.contains(expected),
                "{expected:?} not in the PDF:\n{text}"
            );
        }
        // Two pages: the page number "2" heads the second one, and page 1 has none.
        let pages: Vec<&str> = text
            .split('\u{c}')
            .filter(|p| !p.trim().is_empty())
            .collect();
        assert!(pages.len() >= 2, "the sample report is longer than a page");
        assert_eq!(
            pages[1].trim_start().lines().next().map(str::trim),
            Some("2")
        );
        assert_ne!(
            pages[0].trim_start().lines().next().map(str::trim),
            Some("1")
        );
    }
    if let Some(pdftoppm) = find("pdftoppm") {
        let prefix = dir.join("page");
        let mut cmd = Command::new(pdftoppm);
        cmd.args(["-png", "-r", "80", "-f", "1", "-l", "2"])
            .arg(&pdf)
            .arg(&prefix);
        let out = run(cmd, "pdftoppm");
        assert!(out.status.success(), "pdftoppm failed");
        say(&format!(
            "Page 1 of the DOCX, for a human to look at: {}-1.png",
            prefix.display()
        ));
    }
}

#[test]
fn libreoffice_converts_the_xlsx_to_pdf() {
    let Some(soffice) = soffice() else { return };
    let dir = temp_dir("xlsx");
    let file = dir.join("so-lieu-6-thang-2024.xlsx");
    std::fs::write(&file, xlsx(&sample::workbook()).expect("an XLSX")).expect("written");
    let pdf = convert_to_pdf(&soffice, &dir, &file);
    say(&format!("XLSX converted by LibreOffice: {}", pdf.display()));
    if let Some(text) = pdf_text(&pdf) {
        // LibreOffice recalculated or kept the totals; either way they are shown.
        for expected in ["Tổng cộng", "136", "235", "Lượt tiếp cận", "12/06/2024"] {
            assert!(
                text.contains(expected),
                "{expected:?} not in the PDF:\n{text}"
            );
        }
    }
}
