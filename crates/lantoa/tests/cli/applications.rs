//! Online applications through the real binary: an application whose confirmation page was
//! shown survives `kill -9` of the server; nothing personal reaches the logs; the retention
//! command.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::time::Duration;

use super::support::{TempDir, lantoa};

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

struct Reply {
    status: u16,
    head: String,
    body: String,
}

impl Reply {
    fn cookies(&self) -> Vec<String> {
        self.head
            .lines()
            .filter_map(|l| {
                let (k, v) = l.split_once(':')?;
                k.eq_ignore_ascii_case("set-cookie")
                    .then(|| v.trim().split(';').next().unwrap_or_default().to_owned())
            })
            .collect()
    }

    fn location(&self) -> String {
        self.head
            .lines()
            .find_map(|l| {
                let (k, v) = l.split_once(':')?;
                k.eq_ignore_ascii_case("location")
                    .then(|| v.trim().to_owned())
            })
            .unwrap_or_default()
    }

    fn csrf(&self) -> String {
        let marker = "name=\"_csrf\" value=\"";
        let start = self.body.find(marker).unwrap() + marker.len();
        self.body[start..].split('"').next().unwrap().to_owned()
    }
}

fn http(port: u16, method: &str, path: &str, cookie: &str, form: &[(&str, &str)]) -> Reply {
    let body: Vec<String> = form
        .iter()
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect();
    let body = body.join("&");
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nCookie: {cookie}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).unwrap();
    let text = String::from_utf8_lossy(&buf).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    Reply {
        status: head.split_whitespace().nth(1).unwrap().parse().unwrap(),
        head: head.to_owned(),
        body: body.to_owned(),
    }
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.' {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// `serve --demo` on SQLite in `dir`, logging at debug level to `log` (appended).
fn start(dir: &TempDir, port: u16, log: &std::path::Path) -> Child {
    let log_file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)
        .unwrap();
    let mut c = lantoa(dir.path());
    c.env("RUST_LOG", "debug")
        .args(["serve", "--demo", "--addr", &format!("127.0.0.1:{port}")])
        .stdout(Stdio::piped())
        .stderr(Stdio::from(log_file));
    let mut child = c.spawn().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if line.contains("đang chạy tại") {
                let _ = tx.send(());
            }
        }
    });
    rx.recv_timeout(Duration::from_secs(240))
        .expect("server started");
    child
}

#[test]
fn a_confirmed_application_survives_kill_9_and_stays_out_of_the_logs() {
    let dir = TempDir::new("apply-kill");
    let log = dir.path().join("server.log");
    let port = free_port();
    let mut server = start(&dir, port, &log);

    let form = http(port, "GET", "/dang-ky", "", &[]);
    assert_eq!(form.status, 200);
    let cookie = form
        .cookies()
        .into_iter()
        .find(|c| c.starts_with("lantoa_csrf="))
        .unwrap();
    let programme = form
        .body
        .split("id=\"choice_1\"")
        .nth(1)
        .unwrap()
        .split("<option value=\"")
        .skip(2)
        .find_map(|o| o.split('"').next().filter(|v| !v.is_empty()))
        .unwrap()
        .to_owned();
    let token = form.csrf();
    let sent = http(
        port,
        "POST",
        "/dang-ky",
        &cookie,
        &[
            ("_csrf", &token),
            ("choice_1", &programme),
            ("full_name", "Nguyễn Thị Kiên Cường"),
            ("birth_date", "14/02/2001"),
            ("phone", "0919 876 543"),
            ("commune", "Xã Bình Sơn"),
            ("schooling", "thpt"),
            ("consent_processing", "on"),
        ],
    );
    assert_eq!(sent.status, 303, "{}", sent.body);
    let location = sent.location();
    let code = location.rsplit('/').next().unwrap().to_owned();
    let receipt = sent
        .cookies()
        .into_iter()
        .find(|c| c.starts_with("lantoa_ho_so="))
        .unwrap();
    let confirmation = http(port, "GET", &location, &format!("{cookie}; {receipt}"), &[]);
    assert_eq!(confirmation.status, 200);
    assert!(confirmation.body.contains(&code));
    assert!(confirmation.body.contains("Nguyễn Thị Kiên Cường"));

    // The confirmation was shown: now the power goes, as far as the process can tell.
    let pid = server.id().to_string();
    let killed = std::process::Command::new("kill")
        .args(["-9", &pid])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = server.wait().unwrap();
    assert!(!status.success(), "killed, not a clean exit");

    let port = free_port();
    let mut server = start(&dir, port, &log);
    let page = http(port, "GET", "/tra-cuu-ho-so", "", &[]);
    let cookie = page
        .cookies()
        .into_iter()
        .find(|c| c.starts_with("lantoa_csrf="))
        .unwrap();
    let found = http(
        port,
        "POST",
        "/tra-cuu-ho-so",
        &cookie,
        &[
            ("_csrf", &page.csrf()),
            ("code", &code),
            ("phone", "0919876543"),
        ],
    );
    assert_eq!(found.status, 200, "{}", found.body);
    assert!(found.body.contains("Nguyễn Thị Kiên Cường"));
    assert!(found.body.contains("Mới"));
    let _ = std::process::Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status();
    let _ = server.wait();

    // The debug log has the requests, but no name, phone or reference code.
    let logged = std::fs::read_to_string(&log).unwrap();
    assert!(logged.contains("/dang-ky"), "the log has the requests");
    for secret in [
        "Kiên Cường",
        "Ki%C3%AAn",
        "0919876543",
        "0919 876 543",
        "0919+876+543",
        code.as_str(),
    ] {
        assert!(!logged.contains(secret), "{secret:?} is in the log");
    }

    // The retention command runs and reports.
    let out = lantoa(dir.path())
        .args(["applications", "anonymise"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("Đã ẩn danh 0 hồ sơ"));
}
