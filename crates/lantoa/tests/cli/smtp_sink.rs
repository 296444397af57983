//! A small SMTP peer for tests, on loopback: speaks EHLO/HELO, AUTH PLAIN, MAIL, RCPT, DATA,
//! RSET, NOOP and QUIT, keeps what it receives, and can be told to refuse (a transient 451 or a
//! permanent 554) to test retries. No dependency: std threads and sockets. Shared by the CLI
//! tests and the binary's unit tests (`#[path]`).

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

/// One message the sink accepted.
#[derive(Debug, Clone)]
pub struct Received {
    pub from: String,
    pub to: Vec<String>,
    /// The raw message (headers and body), dot-stuffing undone.
    pub data: String,
    /// The AUTH PLAIN user, if the client signed in.
    pub user: Option<String>,
}

impl Received {
    /// A header's value, unfolded and with RFC 2047 encoded words decoded.
    pub fn header(&self, name: &str) -> Option<String> {
        let (head, _) = self.data.split_once("\r\n\r\n")?;
        let unfolded = head.replace("\r\n ", " ").replace("\r\n\t", " ");
        let line = unfolded.lines().find(|l| {
            l.split_once(':')
                .is_some_and(|(k, _)| k.eq_ignore_ascii_case(name))
        })?;
        Some(decode_words(line.split_once(':')?.1.trim()))
    }

    /// The body, decoded from its Content-Transfer-Encoding into UTF-8 text.
    pub fn text(&self) -> String {
        let (_, body) = self.data.split_once("\r\n\r\n").unwrap_or(("", ""));
        let cte = self
            .header("Content-Transfer-Encoding")
            .unwrap_or_default()
            .to_ascii_lowercase();
        let bytes = match cte.as_str() {
            "base64" => base64_decode(&body.replace(['\r', '\n'], "")),
            "quoted-printable" => quoted_printable_decode(body),
            _ => body.as_bytes().to_vec(),
        };
        String::from_utf8(bytes).expect("the body is UTF-8")
    }
}

fn base64_decode(s: &str) -> Vec<u8> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD
        .decode(s.trim())
        .expect("valid base64")
}

fn quoted_printable_decode(s: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'=' {
            if b.get(i + 1) == Some(&b'\r') && b.get(i + 2) == Some(&b'\n') {
                i += 3;
                continue;
            }
            if b.get(i + 1) == Some(&b'\n') {
                i += 2;
                continue;
            }
            let hex = std::str::from_utf8(&b[i + 1..i + 3]).expect("hex");
            out.push(u8::from_str_radix(hex, 16).expect("hex"));
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    out
}

/// Decodes `=?utf-8?b?…?=` and `=?utf-8?q?…?=` words (whitespace between words dropped).
fn decode_words(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    let mut last_was_word = false;
    while let Some(start) = rest.find("=?") {
        let before = &rest[..start];
        if !(last_was_word && before.trim().is_empty()) {
            out.push_str(before);
        }
        let after = &rest[start + 2..];
        let parts: Vec<&str> = after.splitn(3, '?').collect();
        let Some(end) = parts.get(2).and_then(|p| p.find("?=")) else {
            out.push_str(&rest[start..]);
            return out;
        };
        let (charset, enc, text) = (parts[0], parts[1], &parts[2][..end]);
        assert!(charset.eq_ignore_ascii_case("utf-8"), "charset {charset}");
        let bytes = if enc.eq_ignore_ascii_case("b") {
            base64_decode(text)
        } else {
            quoted_printable_decode(&text.replace('_', " "))
        };
        out.push_str(&String::from_utf8(bytes).expect("UTF-8 word"));
        let consumed = start + 2 + parts[0].len() + 1 + parts[1].len() + 1 + end + 2;
        rest = &rest[consumed..];
        last_was_word = true;
    }
    out.push_str(rest);
    out
}

/// How the sink answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Accept,
    /// 451 to MAIL FROM: try again later.
    Defer,
    /// 554 to MAIL FROM: refused.
    Refuse,
}

#[derive(Debug, Default)]
struct State {
    received: Vec<Received>,
    mode: Option<Mode>,
    /// (user, password) required when set.
    login: Option<(String, String)>,
    connections: usize,
}

/// The sink: a port on 127.0.0.1 and what it received.
#[derive(Debug, Clone)]
pub struct Sink {
    pub port: u16,
    state: Arc<Mutex<State>>,
}

impl Sink {
    pub fn start() -> Sink {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the SMTP sink");
        let port = listener.local_addr().expect("addr").port();
        let state = Arc::new(Mutex::new(State::default()));
        let shared = Arc::clone(&state);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let shared = Arc::clone(&shared);
                std::thread::spawn(move || {
                    let _ = session(stream, &shared);
                });
            }
        });
        Sink { port, state }
    }

    pub fn set_mode(&self, mode: Mode) {
        self.state.lock().expect("lock").mode = Some(mode);
    }

    pub fn require_login(&self, user: &str, password: &str) {
        self.state.lock().expect("lock").login = Some((user.into(), password.into()));
    }

    pub fn received(&self) -> Vec<Received> {
        self.state.lock().expect("lock").received.clone()
    }

    pub fn connections(&self) -> usize {
        self.state.lock().expect("lock").connections
    }
}

fn session(stream: TcpStream, state: &Mutex<State>) -> std::io::Result<()> {
    state.lock().expect("lock").connections += 1;
    let mut out = stream.try_clone()?;
    let mut lines = BufReader::new(stream);
    let mut say = |s: &str| -> std::io::Result<()> {
        out.write_all(s.as_bytes())?;
        out.write_all(b"\r\n")?;
        out.flush()
    };
    say("220 sink.test ESMTP lantoa-test-sink")?;
    let mut from = String::new();
    let mut to = Vec::new();
    let mut user = None;
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let cmd = line.trim_end().to_owned();
        let upper = cmd.to_ascii_uppercase();
        let (mode, login) = {
            let s = state.lock().expect("lock");
            (s.mode.unwrap_or(Mode::Accept), s.login.clone())
        };
        if upper.starts_with("EHLO") {
            if login.is_some() {
                say("250-sink.test")?;
                say("250-AUTH PLAIN")?;
                say("250 8BITMIME")?;
            } else {
                say("250-sink.test")?;
                say("250 8BITMIME")?;
            }
        } else if upper.starts_with("HELO") {
            say("250 sink.test")?;
        } else if upper.starts_with("AUTH PLAIN") {
            let arg = cmd[10..].trim();
            let decoded = base64_decode(arg);
            let parts: Vec<String> = decoded
                .split(|b| *b == 0)
                .map(|p| String::from_utf8_lossy(p).into_owned())
                .collect();
            let ok = login
                .as_ref()
                .is_some_and(|(u, p)| parts.len() == 3 && &parts[1] == u && &parts[2] == p);
            if ok {
                user = parts.get(1).cloned();
                say("235 2.7.0 Authentication successful")?;
            } else {
                say("535 5.7.8 Authentication credentials invalid")?;
            }
        } else if upper.starts_with("MAIL FROM:") {
            if login.is_some() && user.is_none() {
                say("530 5.7.0 Authentication required")?;
                continue;
            }
            match mode {
                Mode::Defer => say("451 4.3.0 Try again later")?,
                Mode::Refuse => say("554 5.7.1 Relay access denied")?,
                Mode::Accept => {
                    from = cmd[10..].trim().to_owned();
                    to.clear();
                    say("250 2.1.0 Ok")?;
                }
            }
        } else if upper.starts_with("RCPT TO:") {
            to.push(
                cmd[8..]
                    .trim()
                    .trim_start_matches('<')
                    .split('>')
                    .next()
                    .unwrap_or_default()
                    .to_owned(),
            );
            say("250 2.1.5 Ok")?;
        } else if upper == "DATA" {
            say("354 End data with <CR><LF>.<CR><LF>")?;
            let mut data = String::new();
            loop {
                line.clear();
                if lines.read_line(&mut line)? == 0 {
                    return Ok(());
                }
                if line == ".\r\n" || line == ".\n" {
                    break;
                }
                let l = line.strip_prefix('.').unwrap_or(&line);
                data.push_str(l);
            }
            state.lock().expect("lock").received.push(Received {
                from: from.clone(),
                to: std::mem::take(&mut to),
                data,
                user: user.clone(),
            });
            say("250 2.0.0 Ok: queued")?;
        } else if upper == "RSET" || upper == "NOOP" {
            say("250 2.0.0 Ok")?;
        } else if upper == "QUIT" {
            say("221 2.0.0 Bye")?;
            return Ok(());
        } else {
            say("502 5.5.2 Command not recognized")?;
        }
    }
}
