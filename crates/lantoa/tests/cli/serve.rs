use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use lantoa_store::testing::TestDb;
use lantoa_store::{DatabaseUrl, Engine};

use super::support::{TempDir, lantoa};

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn http_get(port: u16, path: &str) -> Option<(u16, String)> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut buf = String::new();
    s.read_to_string(&mut buf).ok()?;
    let status = buf.split_whitespace().nth(1)?.parse().ok()?;
    let body = buf
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    Some((status, body))
}

/// Starts `serve --demo`, waits for it to listen, returns the child and what it printed.
fn start(dir: &TempDir, port: u16, extra: &[&str]) -> (Child, String) {
    let mut c = lantoa(dir.path());
    c.args(["serve", "--demo", "--addr", &format!("127.0.0.1:{port}")])
        .args(extra);
    let mut child = c
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut printed = String::new();
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            printed.push_str(&line);
            printed.push('\n');
            if line.contains("đang chạy tại") {
                let _ = tx.send(printed.clone());
            }
        }
    });
    // A hang guard, not a speed check: a debug build seeding the demo (drawing ~45 images) on
    // a loaded 2-core machine has been seen to take over a minute.
    let printed = rx
        .recv_timeout(Duration::from_secs(240))
        .expect("server started");
    (child, printed)
}

fn stop(mut child: Child) {
    let pid = child.id().to_string();
    std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "graceful shutdown exits 0, got {status}");
            return;
        }
        assert!(
            Instant::now() < deadline,
            "server did not stop after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn demo_twice(engine: Engine, extra: &[&str]) {
    let dir = TempDir::new("serve");
    let port = free_port();
    let (child, printed) = start(&dir, port, extra);
    assert!(printed.contains("Tài khoản mẫu"), "{printed}");
    assert!(printed.contains("quantri@lantoa.test"));
    let (status, body) = http_get(port, "/healthz").unwrap();
    assert_eq!(status, 200);
    assert!(
        body.contains(&format!("\"database\":\"{}\"", engine.as_str())),
        "{body}"
    );
    let (status, body) = http_get(port, "/gioi-thieu").unwrap();
    assert_eq!(status, 200);
    assert!(body.contains("Sở Giáo dục và Đào tạo tỉnh An Giang"));
    // The search index is built in the background from the demo data.
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let (status, body) = http_get(port, SEARCH).unwrap();
        assert_eq!(status, 200);
        if body.contains(FOUND) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the demo article is never found: {body}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    stop(child);

    // A second start keeps the data and adds nothing; passwords are not printed again.
    let port = free_port();
    let (child, printed) = start(&dir, port, extra);
    assert!(
        !printed.contains("Tài khoản mẫu") && !printed.contains("Đã nạp dữ liệu mẫu"),
        "{printed}"
    );
    let (status, body) = http_get(port, "/gioi-thieu").unwrap();
    assert_eq!(status, 200);
    assert_eq!(
        body.matches("<li>Báo Kiên Giang</li>").count()
            + body
                .matches("Sở Giáo dục và Đào tạo tỉnh An Giang</li>")
                .count(),
        1
    );
    // The index survived the restart: found at once, without a rebuild.
    let (status, body) = http_get(port, SEARCH).unwrap();
    assert_eq!(status, 200);
    assert!(body.contains(FOUND), "{body}");
    assert!(
        dir.path()
            .join(data_dir(extra))
            .join("search/meta.json")
            .exists()
    );
    stop(child);
}

/// A search for a demo article, without diacritics.
const SEARCH: &str = "/tim-kiem?q=mien+hoc+phi";
const FOUND: &str = "href=\"/tin-tuc/mua-tuyen-sinh-2024-hoc-nghe-mien-hoc-phi\"";

/// The data directory `serve` is started with (relative to the working directory).
fn data_dir(extra: &[&str]) -> String {
    extra
        .windows(2)
        .find(|w| w[0] == "--data-dir")
        .map(|w| w[1].to_owned())
        .unwrap_or_else(|| "data".to_owned())
}

#[test]
fn the_demo_starts_on_sqlite_in_a_fresh_data_dir_and_restarts_without_duplicates() {
    demo_twice(Engine::Sqlite, &["--data-dir", "./du-lieu-demo"]);
}

#[test]
fn the_demo_starts_on_postgresql() {
    let Some(t) = TestDb::empty(Engine::Postgres) else {
        return;
    };
    let DatabaseUrl::Postgres(url) = t.db.url().clone() else {
        unreachable!()
    };
    demo_twice(Engine::Postgres, &["--database-url", &url]);
}
