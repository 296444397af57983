//! `lantoa bench-apply`: a bounded burst of online applications against a server running on
//! this machine (BENCHMARKS.md). Each client is a thread with its own address (sent as
//! `X-Forwarded-For`, so the server must run with `server.trust_forwarded_for = true`), its
//! own CSRF cookie, and its share of the applications, paced evenly over the burst. Plain
//! HTTP/1.1 over `std::net`, one connection per request: no client library needed.
//!
//! Afterwards it checks, in the database, that every confirmed code exists with the phone
//! used, and that no code was issued twice; then it prints applications/s and latencies.

use std::io::{Read, Write};
use std::net::{IpAddr, SocketAddr, TcpStream, ToSocketAddrs};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

use crate::config::Config;

const MAX_APPLICATIONS: usize = 10_000;
const MAX_CLIENTS: usize = 500;
const MAX_SECONDS: u64 = 120;

struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

fn request(addr: SocketAddr, raw: &[u8]) -> anyhow::Result<Reply> {
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(10))?;
    s.set_read_timeout(Some(Duration::from_secs(60)))?;
    s.write_all(raw)?;
    let mut buf = Vec::new();
    s.read_to_end(&mut buf)?;
    let text = String::from_utf8_lossy(&buf);
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .context("no status line")?;
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    Ok(Reply {
        status,
        headers,
        body: body.to_owned(),
    })
}

fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// What one client learned from the form page: its cookie, token and the programmes.
struct Session {
    cookie: String,
    csrf: String,
    programmes: Vec<String>,
}

fn open_session(addr: SocketAddr, host: &str, ip: &str) -> anyhow::Result<Session> {
    let raw = format!(
        "GET /dang-ky HTTP/1.1\r\nHost: {host}\r\nX-Forwarded-For: {ip}\r\nConnection: close\r\n\r\n"
    );
    let r = request(addr, raw.as_bytes())?;
    if r.status != 200 {
        bail!("GET /dang-ky answered {}", r.status);
    }
    let cookie = r
        .header("set-cookie")
        .into_iter()
        .find_map(|c| {
            c.split(';')
                .next()
                .filter(|p| p.starts_with("lantoa_csrf="))
        })
        .context("no CSRF cookie")?
        .to_owned();
    let marker = "name=\"_csrf\" value=\"";
    let start = r.body.find(marker).context("no _csrf field")? + marker.len();
    let csrf = r.body[start..]
        .split('"')
        .next()
        .unwrap_or_default()
        .to_owned();
    // The first select (nguyện vọng 1) lists the open programmes.
    let select = r
        .body
        .split("id=\"choice_1\"")
        .nth(1)
        .and_then(|s| s.split("</select>").next())
        .unwrap_or_default();
    let programmes: Vec<String> = select
        .split("<option value=\"")
        .skip(1)
        .filter_map(|o| o.split('"').next())
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
        .collect();
    if programmes.is_empty() {
        bail!("no programme is open for applications (start the server with --demo)");
    }
    Ok(Session {
        cookie,
        csrf,
        programmes,
    })
}

#[derive(Default)]
struct Outcome {
    latencies: Vec<Duration>,
    /// (code, phone) of every confirmed application.
    confirmed: Vec<(String, String)>,
    failures: Vec<String>,
}

pub fn run(
    config: &Config,
    url: &str,
    total: usize,
    clients: usize,
    seconds: u64,
) -> anyhow::Result<()> {
    if !(1..=MAX_APPLICATIONS).contains(&total) || !(1..=MAX_CLIENTS).contains(&clients) {
        bail!("--applications 1–{MAX_APPLICATIONS}, --clients 1–{MAX_CLIENTS}");
    }
    if !(1..=MAX_SECONDS).contains(&seconds) {
        bail!("--seconds 1–{MAX_SECONDS}");
    }
    let host = url
        .strip_prefix("http://")
        .context("the URL must start with http://")?
        .trim_end_matches('/')
        .to_owned();
    let addr = host
        .to_socket_addrs()?
        .next()
        .context("cannot resolve the server address")?;
    if !addr.ip().is_loopback() {
        bail!("bench-apply only targets this machine (127.0.0.0/8 or ::1), not {addr}");
    }
    let outcome = Arc::new(Mutex::new(Outcome::default()));
    let per_client = total.div_ceil(clients);
    let burst = Duration::from_secs(seconds);
    // Every client first opens its session, then all start together.
    let barrier = Arc::new(std::sync::Barrier::new(clients + 1));
    let mut handles = Vec::new();
    let mut assigned = 0;
    for k in 0..clients {
        let mine = per_client.min(total - assigned);
        let first = assigned;
        assigned += mine;
        let outcome = Arc::clone(&outcome);
        let barrier = Arc::clone(&barrier);
        let host = host.clone();
        handles.push(std::thread::spawn(move || {
            let ip = IpAddr::from([10, 99, (k / 250) as u8, (k % 250 + 1) as u8]).to_string();
            let session = open_session(addr, &host, &ip);
            barrier.wait();
            let session = match session {
                Ok(s) => s,
                Err(e) => {
                    if let Ok(mut o) = outcome.lock() {
                        o.failures.push(format!("client {k}: {e}"));
                    }
                    return;
                }
            };
            let start = Instant::now();
            // Spread this client's applications over the burst, offset from the others.
            let offset = burst.mul_f64(k as f64 / clients as f64 / mine.max(1) as f64);
            for j in 0..mine {
                let n = first + j;
                let due = offset + burst.mul_f64(j as f64 / mine.max(1) as f64);
                if let Some(wait) = due.checked_sub(start.elapsed()) {
                    std::thread::sleep(wait);
                }
                let phone = format!("09{:08}", 10_000_000 + n);
                let name = format!("Người Thử Tải Số {n}");
                let choice = &session.programmes[n % session.programmes.len()];
                let fields = [
                    ("_csrf", session.csrf.as_str()),
                    ("choice_1", choice.as_str()),
                    ("full_name", name.as_str()),
                    ("birth_date", "01/01/2000"),
                    ("phone", phone.as_str()),
                    ("commune", "Phường Rạch Giá"),
                    ("schooling", "thpt"),
                    ("consent_processing", "on"),
                    ("website", ""),
                ];
                let body: Vec<String> = fields
                    .iter()
                    .map(|(k, v)| format!("{k}={}", encode(v)))
                    .collect();
                let body = body.join("&");
                let raw = format!(
                    "POST /dang-ky HTTP/1.1\r\nHost: {host}\r\nX-Forwarded-For: {ip}\r\nCookie: {}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    session.cookie,
                    body.len()
                );
                let sent = Instant::now();
                let reply = request(addr, raw.as_bytes());
                let took = sent.elapsed();
                let Ok(mut o) = outcome.lock() else {
                    return;
                };
                o.latencies.push(took);
                match reply {
                    Ok(r) if r.status == 303 => {
                        let code = r
                            .header("location")
                            .first()
                            .and_then(|l| l.rsplit('/').next())
                            .unwrap_or_default()
                            .to_owned();
                        o.confirmed.push((code, phone));
                    }
                    Ok(r) => o.failures.push(format!("application {n}: HTTP {}", r.status)),
                    Err(e) => o.failures.push(format!("application {n}: {e}")),
                }
            }
        }));
    }
    barrier.wait();
    let started = Instant::now();
    for h in handles {
        let _ = h.join();
    }
    let wall = started.elapsed();
    let o = Arc::try_unwrap(outcome)
        .ok()
        .and_then(|m| m.into_inner().ok())
        .context("clients still running")?;

    // Check in the database: every confirmed code is there with its phone, none twice.
    let app = crate::open_app(config)?;
    let mut conn = app.db.conn()?;
    let mut codes: Vec<&str> = o.confirmed.iter().map(|(c, _)| c.as_str()).collect();
    codes.sort_unstable();
    let before = codes.len();
    codes.dedup();
    let duplicates = before - codes.len();
    let mut missing = 0;
    for (code, phone) in &o.confirmed {
        match lantoa_store::applications::by_code(&mut conn, code)? {
            Some(a) if &a.phone == phone => {}
            _ => missing += 1,
        }
    }

    let mut lat = o.latencies.clone();
    lat.sort_unstable();
    let pct = |p: f64| -> f64 {
        if lat.is_empty() {
            return 0.0;
        }
        let i = ((lat.len() as f64 * p).ceil() as usize).clamp(1, lat.len()) - 1;
        lat[i].as_secs_f64() * 1000.0
    };
    println!("Gửi {total} hồ sơ từ {clients} khách trong {seconds} giây (máy chủ {addr}).");
    println!(
        "Xác nhận: {} · lỗi: {} · mã trùng: {duplicates} · không thấy trong CSDL: {missing}",
        o.confirmed.len(),
        o.failures.len()
    );
    println!(
        "Thời gian: {:.2} s · {:.1} hồ sơ/giây · độ trễ p50 {:.0} ms, p90 {:.0} ms, p99 {:.0} ms, lớn nhất {:.0} ms",
        wall.as_secs_f64(),
        o.confirmed.len() as f64 / wall.as_secs_f64(),
        pct(0.50),
        pct(0.90),
        pct(0.99),
        pct(1.0)
    );
    for f in o.failures.iter().take(10) {
        eprintln!("  {f}");
    }
    if !o.failures.is_empty() || duplicates > 0 || missing > 0 || o.confirmed.len() != total {
        bail!("some applications were lost, refused or duplicated");
    }
    Ok(())
}
