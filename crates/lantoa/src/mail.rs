//! The SMTP side of e-mail (docs/adr/0019-mail-outbox.md): builds messages with lettre and
//! sends them with its blocking client, on the blocking pool (`App::run`). The outbox, the
//! recipients and the texts live in `lantoa_app::mail`.

use std::time::Duration;

use lantoa_app::mail::{Outgoing, Sender};
use lettre::message::header::ContentType;
use lettre::message::{Mailbox, Message};
use lettre::transport::smtp::SmtpTransport;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use lettre::{Address, Transport};

use crate::config::{Config, ConfigError};

/// An SMTP client built from `[smtp]`.
pub struct SmtpSender {
    transport: SmtpTransport,
    from: Mailbox,
    host: String,
    port: u16,
    security: String,
}

impl std::fmt::Debug for SmtpSender {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpSender")
            .field("host", &self.host)
            .field("port", &self.port)
            .finish_non_exhaustive()
    }
}

impl SmtpSender {
    /// `None` when `[smtp]` has no host (e-mail off).
    pub fn from_config(config: &Config) -> Result<Option<SmtpSender>, ConfigError> {
        let m = &config.smtp;
        if !m.enabled() {
            return Ok(None);
        }
        let host = m.host.trim().to_owned();
        let port = m.port();
        let address: Address = m.from_address.trim().parse().map_err(|e| {
            ConfigError(format!(
                "Khóa cấu hình smtp.from_address: địa chỉ “{}” không hợp lệ ({e}).",
                m.from_address
            ))
        })?;
        let name = if m.from_name.trim().is_empty() {
            config.site.name.clone()
        } else {
            m.from_name.trim().to_owned()
        };
        let tls = || {
            TlsParameters::new(host.clone()).map_err(|e| {
                ConfigError(format!(
                    "Khóa cấu hình smtp.host: không dùng được TLS với “{host}”: {e}"
                ))
            })
        };
        let tls = match m.security.as_str() {
            "tls" => Tls::Wrapper(tls()?),
            "none" => Tls::None,
            _ => Tls::Required(tls()?),
        };
        // EHLO with the portal's own name, not the machine's.
        let hello = url::Url::parse(&config.public_url())
            .ok()
            .and_then(|u| u.host_str().map(str::to_owned))
            .unwrap_or_else(|| "localhost".into());
        let mut builder = SmtpTransport::builder_dangerous(&host)
            .port(port)
            .tls(tls)
            .hello_name(ClientId::Domain(hello))
            .timeout(Some(Duration::from_secs(
                u64::try_from(m.timeout_seconds).unwrap_or(30),
            )));
        let password = m.password()?;
        if !m.username.trim().is_empty() {
            builder = builder.credentials(Credentials::new(m.username.trim().to_owned(), password));
        }
        Ok(Some(SmtpSender {
            transport: builder.build(),
            from: Mailbox::new(Some(name), address),
            host,
            port,
            security: m.security.clone(),
        }))
    }

    fn message(&self, m: &Outgoing<'_>) -> Result<Message, String> {
        let to: Address =
            m.to.trim()
                .parse()
                .map_err(|e| format!("địa chỉ người nhận không hợp lệ ({e})"))?;
        let id = format!(
            "<{:016x}.{:08x}@{}>",
            rand_u64(),
            std::process::id(),
            self.from.email.domain()
        );
        Message::builder()
            .from(self.from.clone())
            .to(Mailbox::new(None, to))
            .subject(m.subject)
            .message_id(Some(id))
            .header(ContentType::TEXT_PLAIN)
            .body(m.body_text.to_owned())
            .map_err(|e| format!("không dựng được thư ({e})"))
    }

    /// A sentence for people: what went wrong, in Vietnamese and English, and what to check.
    pub fn explain(&self, e: &lettre::transport::smtp::Error) -> String {
        let (host, port, security) = (&self.host, self.port, &self.security);
        // lettre's Display already names the kind, the code and the server's words.
        let detail = e.to_string();
        let code = e.status().map(|c| c.to_string()).unwrap_or_default();
        if code.starts_with("535") || code.starts_with("530") {
            format!(
                "Máy chủ thư {host} từ chối đăng nhập: kiểm tra smtp.username và mật khẩu / The mail server refused the sign-in: check smtp.username and the password ({detail})"
            )
        } else if e.is_timeout() {
            format!(
                "Hết thời gian chờ máy chủ thư {host}:{port} / Timed out waiting for the mail server ({detail})"
            )
        } else if e.is_tls() {
            format!(
                "Lỗi TLS với {host}:{port} (smtp.security = {security}; starttls thường dùng cổng 587, tls cổng 465) / TLS failed ({detail})"
            )
        } else if e.is_permanent() {
            format!(
                "Máy chủ thư {host} từ chối thư / The mail server refused the message ({detail})"
            )
        } else if e.is_transient() {
            format!(
                "Máy chủ thư {host} tạm thời không nhận thư, sẽ thử lại / The mail server deferred the message ({detail})"
            )
        } else {
            format!(
                "Không kết nối được máy chủ thư {host}:{port} / Could not talk to the mail server ({detail})"
            )
        }
    }
}

impl Sender for SmtpSender {
    fn send(&self, m: &Outgoing<'_>) -> Result<(), String> {
        let message = self.message(m)?;
        self.transport
            .send(&message)
            .map(|_| ())
            .map_err(|e| self.explain(&e))
    }
}

fn rand_u64() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default(),
    );
    h.finish()
}

/// `lantoa mail test --to ADDRESS`: sends one message now, bypassing the outbox.
pub fn send_test(config: &Config, to: &str) -> anyhow::Result<()> {
    let Some(sender) = SmtpSender::from_config(config).map_err(|e| anyhow::anyhow!("{e}"))? else {
        anyhow::bail!(
            "Chưa cấu hình thư điện tử: thêm mục [smtp] (host, from_address, …) vào tệp cấu hình (xem README, mục Cấu hình) / No [smtp] section: e-mail is off."
        );
    };
    if to.trim().parse::<Address>().is_err() {
        anyhow::bail!("Địa chỉ nhận thư “{to}” không hợp lệ / Invalid address.");
    }
    let body = format!(
        "Đây là thư thử từ {}.\n\nNếu bạn nhận được thư này, cấu hình thư điện tử (mục [smtp]) đã đúng: cổng thông tin sẽ gửi thư báo bài chờ duyệt, bài bị trả lại hoặc đã xuất bản, báo cáo bị trả lại và nhắc hạn gửi báo cáo.\n\nĐịa chỉ cổng thông tin: {}\n",
        config.site.name,
        config.public_url()
    );
    let subject = format!("[Thử] Thư điện tử từ {}", config.site.name);
    let m = Outgoing {
        to,
        subject: &subject,
        body_text: &body,
    };
    sender.send(&m).map_err(|e| anyhow::anyhow!("{e}"))?;
    println!(
        "Đã gửi thư thử tới {to} qua {}:{} / Test message accepted by the server.",
        sender.host, sender.port
    );
    Ok(())
}

#[cfg(test)]
#[path = "../tests/cli/smtp_sink.rs"]
pub(crate) mod smtp_sink;

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::sync::Arc;

    use chrono::{Duration, NaiveDate};
    use lantoa_app::content::{self, ContentForm};
    use lantoa_app::mail::deliver_due;
    use lantoa_app::{App, AuthConfig, FixedClock, RequestMeta};
    use lantoa_domain::content::ContentAction;
    use lantoa_store::{both_engines, outbox, users};

    use super::smtp_sink::{Mode, Sink};
    use super::*;
    use crate::config::{Overrides, load};

    fn smtp_config(sink: &Sink, extra: &[(&str, &str)]) -> Config {
        let port = sink.port.to_string();
        let mut env: BTreeMap<String, String> = [
            ("LANTOA_SMTP_HOST", "127.0.0.1"),
            ("LANTOA_SMTP_PORT", port.as_str()),
            ("LANTOA_SMTP_SECURITY", "none"),
            ("LANTOA_SMTP_FROM_ADDRESS", "gdnn@kiengiang.gov.vn"),
            ("LANTOA_SMTP_FROM_NAME", "Cổng thông tin GDNN Kiên Giang"),
            ("LANTOA_SMTP_TIMEOUT_SECONDS", "5"),
            ("LANTOA_SITE_PUBLIC_URL", "https://gdnn.kiengiang.gov.vn"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        for (k, v) in extra {
            env.insert(k.to_string(), v.to_string());
        }
        load(None, &env, &Overrides::default()).unwrap()
    }

    /// The demo data, the college's editor submits an article: three e-mails queued.
    fn submitted(db: &lantoa_store::Db, config: &Config) -> (App, Arc<FixedClock>, i64) {
        let at = NaiveDate::from_ymd_opt(2026, 11, 26)
            .unwrap()
            .and_hms_opt(2, 0, 0)
            .unwrap();
        let clock = Arc::new(FixedClock::new(at));
        let mut app = App::new(db.clone(), clock.clone(), AuthConfig::for_tests()).unwrap();
        app.mail = config.mail_config();
        let mut c = db.conn().unwrap();
        lantoa_app::demo::seed(&app, &mut c).unwrap();
        let row = users::by_email(&mut c, "truong.cdkg@lantoa.test")
            .unwrap()
            .unwrap();
        let author = lantoa_app::auth::principal_for(&mut c, &row).unwrap();
        let form = ContentForm {
            organisation_id: author.memberships[0].0.0.to_string(),
            kind: "article".into(),
            title: "Tuyển sinh nghề điện công nghiệp: học phí được hỗ trợ".into(),
            slug: "tuyen-sinh-dien-cong-nghiep".into(),
            body: "Học sinh được tư vấn chọn nghề.".into(),
            topics: vec!["iv-2-b".into()],
            ..ContentForm::default()
        };
        let meta = RequestMeta::default();
        let id = content::create(&app, &mut c, &author, &form, &meta)
            .unwrap()
            .id;
        content::act(&app, &mut c, &author, id, ContentAction::Submit, "", &meta).unwrap();
        assert_eq!(outbox::list(&mut c, 10).unwrap().len(), 3);
        (app, clock, id)
    }

    both_engines!(fn a_real_smtp_peer_receives_vietnamese_mail_with_the_link(db) {
        let sink = Sink::start();
        let config = smtp_config(&sink, &[]);
        let (app, _clock, id) = submitted(db, &config);
        let sender = SmtpSender::from_config(&config).unwrap().unwrap();
        let mut c = db.conn().unwrap();
        let d = deliver_due(&app, &mut c, &sender, 100).unwrap();
        assert_eq!(d.sent, 3);
        let got = sink.received();
        let mut to: Vec<String> = got.iter().flat_map(|m| m.to.clone()).collect();
        to.sort();
        assert_eq!(to, ["chutri@lantoa.test", "duyet.cdkg@lantoa.test", "quantri.cdkg@lantoa.test"]);
        let m = got.iter().find(|m| m.to == ["duyet.cdkg@lantoa.test"]).unwrap();
        assert_eq!(m.from, "<gdnn@kiengiang.gov.vn>");
        // Headers travel as ASCII (RFC 2047 encoded words) and decode to the Vietnamese text.
        let (head, _) = m.data.split_once("\r\n\r\n").unwrap();
        assert!(head.is_ascii(), "{head}");
        assert_eq!(
            m.header("Subject").unwrap(),
            "[Chờ duyệt] Tuyển sinh nghề điện công nghiệp: học phí được hỗ trợ"
        );
        assert_eq!(m.header("From").unwrap(), "Cổng thông tin GDNN Kiên Giang <gdnn@kiengiang.gov.vn>");
        assert!(m.header("Content-Type").unwrap().to_ascii_lowercase().contains("charset=utf-8"));
        assert!(m.header("Message-ID").unwrap().ends_with("@kiengiang.gov.vn>"));
        let text = m.text();
        assert!(text.starts_with("Kính gửi Lê Thị Ngọc Hân,"), "{text}");
        assert!(text.contains("Trường Cao đẳng Kiên Giang vừa gửi “Tuyển sinh nghề điện công nghiệp: học phí được hỗ trợ” để duyệt."), "{text}");
        assert!(text.contains(&format!("https://gdnn.kiengiang.gov.vn/quan-tri/noi-dung/{id}")), "{text}");
        use unicode_normalization::UnicodeNormalization as _;
        assert_eq!(text.nfc().collect::<String>(), text, "NFC text");
        // Sent once: the next round finds nothing.
        assert_eq!(deliver_due(&app, &mut c, &sender, 100).unwrap().sent, 0);
        assert_eq!(sink.received().len(), 3);
    });

    both_engines!(fn a_refusing_server_leads_to_a_retry_with_the_error_recorded(db) {
        let sink = Sink::start();
        sink.set_mode(Mode::Defer);
        let config = smtp_config(&sink, &[]);
        let (app, clock, _) = submitted(db, &config);
        let sender = SmtpSender::from_config(&config).unwrap().unwrap();
        let mut c = db.conn().unwrap();
        let d = deliver_due(&app, &mut c, &sender, 100).unwrap();
        assert_eq!((d.sent, d.retrying), (0, 3));
        let rows = outbox::list(&mut c, 10).unwrap();
        for r in &rows {
            assert_eq!((r.state.as_str(), r.attempts), ("pending", 1));
            assert!(r.last_error.contains("451") && r.last_error.contains("tạm thời"), "{}", r.last_error);
        }
        assert!(sink.received().is_empty());
        // The server is back: after the backoff the messages go, none lost.
        sink.set_mode(Mode::Accept);
        clock.advance(Duration::minutes(1));
        assert_eq!(deliver_due(&app, &mut c, &sender, 100).unwrap().sent, 3);
        assert_eq!(sink.received().len(), 3);
        assert!(outbox::list(&mut c, 10).unwrap().iter().all(|r| r.state == "sent" && r.attempts == 2));
    });

    both_engines!(fn signs_in_with_the_password_from_a_file(db) {
        let sink = Sink::start();
        sink.require_login("gdnn", "mật khẩu bí mật");
        let dir = std::env::temp_dir().join(format!("lantoa-mail-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join(format!("smtp-password-{}", sink.port));
        std::fs::write(&file, "mật khẩu bí mật\n").unwrap();
        let file = file.display().to_string();
        let config = smtp_config(&sink, &[("LANTOA_SMTP_USERNAME", "gdnn"), ("LANTOA_SMTP_PASSWORD_FILE", &file)]);
        let (app, _clock, _) = submitted(db, &config);
        let sender = SmtpSender::from_config(&config).unwrap().unwrap();
        let mut c = db.conn().unwrap();
        assert_eq!(deliver_due(&app, &mut c, &sender, 100).unwrap().sent, 3);
        assert!(sink.received().iter().all(|m| m.user.as_deref() == Some("gdnn")));
        // A wrong password: a clear error in the row, retried later.
        let wrong = smtp_config(&sink, &[("LANTOA_SMTP_USERNAME", "gdnn"), ("LANTOA_SMTP_PASSWORD", "sai")]);
        let sender = SmtpSender::from_config(&wrong).unwrap().unwrap();
        let err = sender
            .send(&Outgoing { to: "a@b.vn", subject: "x", body_text: "y" })
            .unwrap_err();
        assert!(err.contains("từ chối đăng nhập") && err.contains("535"), "{err}");
    });

    #[test]
    fn no_smtp_section_means_no_sender() {
        let c = load(None, &BTreeMap::new(), &Overrides::default()).unwrap();
        assert!(SmtpSender::from_config(&c).unwrap().is_none());
        assert!(!c.mail_config().enabled);
    }
}
