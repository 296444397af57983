//! Configuration: `lantoa.toml`, then `LANTOA_*` environment variables, then command-line
//! flags; validated before anything starts. Every key is documented in README.md.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The whole configuration. Each section is one subsystem.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub server: ServerConfig,
    pub storage: StorageConfig,
    pub site: SiteConfig,
    pub auth: AuthSection,
    pub applications: ApplicationsSection,
    pub media: MediaSection,
    pub smtp: SmtpSection,
    pub log: LogConfig,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ServerConfig {
    /// Address and port to listen on.
    pub addr: String,
    /// Set when a reverse proxy terminates TLS in front of lantoa: cookies get `Secure` and
    /// responses carry `Strict-Transport-Security`.
    pub behind_tls: bool,
    /// Trust the `X-Forwarded-For` header for the client address (only behind a proxy you run).
    pub trust_forwarded_for: bool,
    /// Largest request body accepted, in KiB.
    pub body_limit_kib: u64,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            addr: "127.0.0.1:8080".into(),
            behind_tls: false,
            trust_forwarded_for: false,
            body_limit_kib: 2048,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StorageConfig {
    /// Folder for the SQLite database, uploads and the search index.
    pub data_dir: PathBuf,
    /// `sqlite://PATH` or `postgres://USER@HOST/DB`; empty means `<data_dir>/lantoa.db`.
    pub database_url: String,
    /// Connections in the pool.
    pub max_connections: u32,
    /// SQLite durability: `full` (an acknowledged write survives a power cut) or `normal`.
    pub sqlite_synchronous: String,
}

impl Default for StorageConfig {
    fn default() -> Self {
        StorageConfig {
            data_dir: PathBuf::from("./data"),
            database_url: String::new(),
            max_connections: 8,
            sqlite_synchronous: "full".into(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SiteConfig {
    /// The portal's name in the header and page titles.
    pub name: String,
    pub slogan: String,
    pub second_slogan: String,
    /// The agency that runs the portal, shown in the footer.
    pub agency_name: String,
    pub agency_address: String,
    pub agency_phone: String,
    pub agency_email: String,
    /// The portal's public address, e.g. `https://gdnn.angiang.gov.vn`, for addresses read
    /// away from the site: canonical links, Open Graph, feeds, the sitemap, the QR codes of
    /// the printed handbook. Empty: each request's own host.
    pub public_url: String,
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            name: "Cổng thông tin Giáo dục nghề nghiệp An Giang".into(),
            slogan: "Đồng hành nâng tầm kỹ năng lao động Việt Nam".into(),
            second_slogan: "Thực học, thực hành – Vững nghề nghiệp, sáng tương lai".into(),
            agency_name: "Sở Giáo dục và Đào tạo tỉnh An Giang".into(),
            agency_address: "Rạch Giá, tỉnh An Giang".into(),
            agency_phone: String::new(),
            agency_email: String::new(),
            public_url: String::new(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AuthSection {
    /// A session ends after this many minutes without a request.
    pub session_idle_minutes: i64,
    /// Wrong passwords in a row that lock an account.
    pub lockout_failures: i32,
    /// Minutes an account stays locked.
    pub lockout_minutes: i64,
    /// Failed sign-ins from one address within `ip_window_minutes` before it must wait.
    pub ip_max_failures: i64,
    pub ip_window_minutes: i64,
}

impl Default for AuthSection {
    fn default() -> Self {
        AuthSection {
            session_idle_minutes: 480,
            lockout_failures: 5,
            lockout_minutes: 15,
            ip_max_failures: 30,
            ip_window_minutes: 15,
        }
    }
}

/// Online applications: how long personal data is kept, and the public forms' rate limits.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ApplicationsSection {
    /// Applications untouched for this many days are anonymised (hourly in `serve`, or
    /// `lantoa applications anonymise`).
    pub retention_days: i64,
    /// Applications one client address may send per hour.
    pub max_per_hour: i64,
    /// Failed status look-ups (wrong code or phone) one client address may make per hour.
    pub max_lookup_failures_per_hour: i64,
}

impl Default for ApplicationsSection {
    fn default() -> Self {
        let d = lantoa_app::applications::ApplicationsConfig::default();
        ApplicationsSection {
            retention_days: d.retention_days,
            max_per_hour: d.max_per_hour,
            max_lookup_failures_per_hour: d.max_lookup_failures_per_hour,
        }
    }
}

/// The media library: uploads are stored under `<data_dir>/media`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MediaSection {
    /// The largest file an editor may upload, in bytes (10 MB by default).
    pub max_upload_bytes: u64,
    /// The most megapixels an uploaded image may declare (40 by default).
    pub max_megapixels: u64,
    /// The largest video (MP4, WebM) an editor may upload, in bytes (200 MB by default;
    /// written to disk as it arrives, never held in memory; docs/adr/0023-videos.md).
    pub max_video_bytes: u64,
}

impl Default for MediaSection {
    fn default() -> Self {
        let d = lantoa_app::media::MediaConfig::default();
        MediaSection {
            max_upload_bytes: d.max_upload_bytes as u64,
            max_megapixels: d.max_pixels / 1_000_000,
            max_video_bytes: d.max_video_bytes as u64,
        }
    }
}

/// E-mail (docs/adr/0019-mail-outbox.md). No `host`: no e-mail at all, notifications stay
/// in-app. The password is better given as `LANTOA_SMTP_PASSWORD` or `password_file` than
/// written in the TOML file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SmtpSection {
    /// The SMTP server, e.g. `mail.angiang.gov.vn`. Empty: e-mail is off.
    pub host: String,
    /// 0: the usual port of `security` (25, 587 or 465).
    pub port: i64,
    /// `starttls` (port 587, upgrade to TLS, required), `tls` (port 465, TLS from the
    /// start) or `none` (no encryption: only to a relay on this machine).
    pub security: String,
    /// Sign-in name at the server; empty: no sign-in.
    pub username: String,
    /// Password (prefer LANTOA_SMTP_PASSWORD or password_file).
    pub password: String,
    /// A file whose first line is the password (e.g. a secret mounted by the service manager).
    pub password_file: String,
    /// The sender's address, e.g. `gdnn@angiang.gov.vn`.
    pub from_address: String,
    /// The sender's name as mail programs show it; empty: `site.name`.
    pub from_name: String,
    /// Attempts before a message is given up (recorded as failed).
    pub max_attempts: i64,
    /// Seconds to wait for the server at each step.
    pub timeout_seconds: i64,
}

impl Default for SmtpSection {
    fn default() -> Self {
        SmtpSection {
            host: String::new(),
            port: 0,
            security: "starttls".into(),
            username: String::new(),
            password: String::new(),
            password_file: String::new(),
            from_address: String::new(),
            from_name: String::new(),
            max_attempts: 8,
            timeout_seconds: 30,
        }
    }
}

impl SmtpSection {
    pub fn enabled(&self) -> bool {
        !self.host.trim().is_empty()
    }

    /// The port to connect to.
    pub fn port(&self) -> u16 {
        match (self.port, self.security.as_str()) {
            (p, _) if p > 0 => u16::try_from(p).unwrap_or(587),
            (_, "tls") => 465,
            (_, "none") => 25,
            _ => 587,
        }
    }

    /// The password: `password`, else the first line of `password_file`.
    pub fn password(&self) -> Result<String, ConfigError> {
        if !self.password.is_empty() || self.password_file.trim().is_empty() {
            return Ok(self.password.clone());
        }
        let text = std::fs::read_to_string(self.password_file.trim()).map_err(|e| {
            ConfigError(format!(
                "Khóa cấu hình smtp.password_file: không đọc được tệp mật khẩu {}: {e}",
                self.password_file.trim()
            ))
        })?;
        let line = text
            .lines()
            .next()
            .unwrap_or_default()
            .trim_end()
            .to_owned();
        if line.is_empty() {
            return Err(ConfigError(format!(
                "Khóa cấu hình smtp.password_file: tệp {} trống.",
                self.password_file.trim()
            )));
        }
        Ok(line)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LogConfig {
    /// `text` for people, `json` for log collectors.
    pub format: String,
    /// A tracing filter such as `info` or `lantoa=debug,info` (RUST_LOG wins when set).
    pub level: String,
}

impl Default for LogConfig {
    fn default() -> Self {
        LogConfig {
            format: "text".into(),
            level: "info".into(),
        }
    }
}

/// A configuration error: names the key and the form it expects. Exit code 2.
#[derive(Debug)]
pub struct ConfigError(pub String);

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

/// Environment variables that are not configuration keys but are read elsewhere.
const OTHER_VARS: &[&str] = &["LANTOA_CONFIG", "LANTOA_DATA_DIR", "LANTOA_DATABASE_URL"];

/// Overrides from the command line.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    pub data_dir: Option<PathBuf>,
    pub database_url: Option<String>,
    pub addr: Option<String>,
}

/// Loads the configuration: file (if any), environment, overrides; then validates it.
pub fn load(
    file: Option<&Path>,
    env: &BTreeMap<String, String>,
    overrides: &Overrides,
) -> Result<Config, ConfigError> {
    let defaults = toml::Table::try_from(Config::default())
        .map_err(|e| ConfigError(format!("internal: default configuration: {e}")))?;
    let mut table = match file {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| {
                ConfigError(format!(
                    "Không đọc được tệp cấu hình {}: {e}",
                    path.display()
                ))
            })?;
            text.parse::<toml::Table>().map_err(|e| {
                ConfigError(format!(
                    "Tệp cấu hình {} sai cú pháp TOML: {e}",
                    path.display()
                ))
            })?
        }
        None => toml::Table::new(),
    };
    for (name, value) in env {
        let Some(rest) = name.strip_prefix("LANTOA_") else {
            continue;
        };
        if OTHER_VARS.contains(&name.as_str())
            || rest.starts_with("TEST_")
            || rest.starts_with("REQUIRE_")
        {
            continue;
        }
        let lower = rest.to_ascii_lowercase();
        let Some((section, key)) = defaults.iter().find_map(|(section, keys)| {
            let key = lower.strip_prefix(&format!("{section}_"))?;
            keys.as_table()?
                .contains_key(key)
                .then(|| (section.clone(), key.to_owned()))
        }) else {
            return Err(ConfigError(format!(
                "Biến môi trường {name} không phải khóa cấu hình nào của lantoa (xem README, mục Cấu hình)."
            )));
        };
        let default = &defaults[&section][&key];
        let typed = match default {
            toml::Value::Integer(_) => value
                .trim()
                .parse::<i64>()
                .map(toml::Value::Integer)
                .map_err(|_| {
                    ConfigError(format!(
                        "{name} (khóa {section}.{key}) phải là một số nguyên, nhận được “{value}”."
                    ))
                })?,
            toml::Value::Boolean(_) => match value.trim() {
                "true" | "1" | "yes" => toml::Value::Boolean(true),
                "false" | "0" | "no" => toml::Value::Boolean(false),
                _ => {
                    return Err(ConfigError(format!(
                        "{name} (khóa {section}.{key}) phải là true hoặc false, nhận được “{value}”."
                    )));
                }
            },
            _ => toml::Value::String(value.clone()),
        };
        table
            .entry(section.clone())
            .or_insert_with(|| toml::Value::Table(toml::Table::new()))
            .as_table_mut()
            .ok_or_else(|| {
                ConfigError(format!(
                    "Mục [{section}] trong tệp cấu hình phải là một bảng."
                ))
            })?
            .insert(key, typed);
    }
    let mut config: Config = table.try_into().map_err(|e: toml::de::Error| {
        ConfigError(format!("Cấu hình không hợp lệ: {}", e.message().trim()))
    })?;
    if let Some(d) = env.get("LANTOA_DATA_DIR") {
        config.storage.data_dir = PathBuf::from(d);
    }
    if let Some(u) = env.get("LANTOA_DATABASE_URL") {
        config.storage.database_url = u.clone();
    }
    if let Some(d) = &overrides.data_dir {
        config.storage.data_dir = d.clone();
    }
    if let Some(u) = &overrides.database_url {
        config.storage.database_url = u.clone();
    }
    if let Some(a) = &overrides.addr {
        config.server.addr = a.clone();
    }
    config.validate()?;
    Ok(config)
}

impl Config {
    fn validate(&self) -> Result<(), ConfigError> {
        let bad = |key: &str, expected: &str, got: &dyn std::fmt::Display| {
            Err(ConfigError(format!(
                "Khóa cấu hình {key}: {expected}; giá trị hiện tại là “{got}”."
            )))
        };
        if self.server.addr.parse::<SocketAddr>().is_err() {
            return bad(
                "server.addr (LANTOA_SERVER_ADDR, --addr)",
                "cần địa chỉ IP:cổng, ví dụ 127.0.0.1:8080",
                &self.server.addr,
            );
        }
        if !(16..=1_048_576).contains(&self.server.body_limit_kib) {
            return bad(
                "server.body_limit_kib",
                "cần một số KiB từ 16 đến 1048576",
                &self.server.body_limit_kib,
            );
        }
        if let Err(e) = lantoa_store::DatabaseUrl::parse(&self.database_url()) {
            let _ = e;
            return bad(
                "storage.database_url (LANTOA_DATABASE_URL, --database-url)",
                "cần dạng sqlite://ĐƯỜNG_DẪN hoặc postgres://NGƯỜI_DÙNG@MÁY/CSDL",
                &self.storage.database_url,
            );
        }
        if !(1..=256).contains(&self.storage.max_connections) {
            return bad(
                "storage.max_connections",
                "cần một số từ 1 đến 256",
                &self.storage.max_connections,
            );
        }
        if !matches!(self.storage.sqlite_synchronous.as_str(), "full" | "normal") {
            return bad(
                "storage.sqlite_synchronous",
                "cần full hoặc normal",
                &self.storage.sqlite_synchronous,
            );
        }
        if !(1_000..=1_000_000_000).contains(&self.media.max_upload_bytes) {
            return bad(
                "media.max_upload_bytes (LANTOA_MEDIA_MAX_UPLOAD_BYTES)",
                "cần một số byte từ 1000 đến 1000000000",
                &self.media.max_upload_bytes,
            );
        }
        if !(1_000..=10_000_000_000).contains(&self.media.max_video_bytes) {
            return bad(
                "media.max_video_bytes (LANTOA_MEDIA_MAX_VIDEO_BYTES)",
                "cần một số byte từ 1000 đến 10000000000",
                &self.media.max_video_bytes,
            );
        }
        if !(1..=200).contains(&self.media.max_megapixels) {
            return bad(
                "media.max_megapixels (LANTOA_MEDIA_MAX_MEGAPIXELS)",
                "cần một số từ 1 đến 200",
                &self.media.max_megapixels,
            );
        }
        if !matches!(self.log.format.as_str(), "text" | "json") {
            return bad("log.format", "cần text hoặc json", &self.log.format);
        }
        self.validate_smtp()?;
        if self.site.name.trim().is_empty() {
            return bad("site.name", "không được để trống", &self.site.name);
        }
        if !self.site.public_url.trim().is_empty()
            && check_public_url(&self.site.public_url).is_none()
        {
            return bad(
                "site.public_url (LANTOA_SITE_PUBLIC_URL)",
                "cần địa chỉ công khai bắt đầu bằng https:// hoặc http://, chỉ gồm tên miền (và cổng), không có đường dẫn con, ?, # hay tên đăng nhập, ví dụ https://gdnn.angiang.gov.vn",
                &self.site.public_url,
            );
        }
        for (key, v, min) in [
            (
                "auth.session_idle_minutes",
                self.auth.session_idle_minutes,
                5,
            ),
            ("auth.lockout_minutes", self.auth.lockout_minutes, 1),
            ("auth.ip_max_failures", self.auth.ip_max_failures, 1),
            ("auth.ip_window_minutes", self.auth.ip_window_minutes, 1),
            (
                "auth.lockout_failures",
                i64::from(self.auth.lockout_failures),
                1,
            ),
            (
                "applications.retention_days",
                self.applications.retention_days,
                1,
            ),
            (
                "applications.max_per_hour",
                self.applications.max_per_hour,
                1,
            ),
            (
                "applications.max_lookup_failures_per_hour",
                self.applications.max_lookup_failures_per_hour,
                1,
            ),
        ] {
            if v < min {
                return bad(key, &format!("cần một số nguyên từ {min} trở lên"), &v);
            }
        }
        Ok(())
    }

    fn validate_smtp(&self) -> Result<(), ConfigError> {
        let m = &self.smtp;
        if !m.enabled() {
            return Ok(());
        }
        let bad = |key: &str, expected: &str, got: &dyn std::fmt::Display| {
            Err(ConfigError(format!(
                "Khóa cấu hình {key}: {expected}; giá trị hiện tại là “{got}”."
            )))
        };
        let host = m.host.trim();
        if host.contains(['/', ':', '@', ' ']) && host.parse::<std::net::Ipv6Addr>().is_err() {
            return bad(
                "smtp.host (LANTOA_SMTP_HOST)",
                "cần tên máy chủ thư (không có giao thức, cổng hay đường dẫn), ví dụ mail.angiang.gov.vn",
                &m.host,
            );
        }
        if !matches!(m.security.as_str(), "none" | "starttls" | "tls") {
            return bad(
                "smtp.security (LANTOA_SMTP_SECURITY)",
                "cần starttls, tls hoặc none",
                &m.security,
            );
        }
        if !(0..=65535).contains(&m.port) {
            return bad(
                "smtp.port (LANTOA_SMTP_PORT)",
                "cần số cổng từ 1 đến 65535 (0: cổng thường dùng của smtp.security)",
                &m.port,
            );
        }
        let from = m.from_address.trim();
        let valid_from = from.split_once('@').is_some_and(|(user, domain)| {
            !user.is_empty() && domain.contains('.') && !domain.starts_with('.')
        }) && !from.contains(char::is_whitespace)
            && !from.contains(['<', '>', ',']);
        if !valid_from {
            return bad(
                "smtp.from_address (LANTOA_SMTP_FROM_ADDRESS)",
                "cần địa chỉ thư gửi đi, ví dụ gdnn@angiang.gov.vn",
                &m.from_address,
            );
        }
        if m.from_name.contains(['\r', '\n']) {
            return bad("smtp.from_name", "không được xuống dòng", &m.from_name);
        }
        if self.public_url().is_empty() {
            return Err(ConfigError(
                "Khóa cấu hình site.public_url (LANTOA_SITE_PUBLIC_URL): bắt buộc khi có [smtp], để thư có đường dẫn đầy đủ tới cổng thông tin, ví dụ https://gdnn.angiang.gov.vn.".into(),
            ));
        }
        if !m.password.is_empty() && !m.password_file.trim().is_empty() {
            return Err(ConfigError(
                "Khóa cấu hình smtp.password và smtp.password_file: chỉ dùng một trong hai.".into(),
            ));
        }
        let password = m.password()?;
        if m.username.trim().is_empty() != password.is_empty() {
            return Err(ConfigError(
                "Khóa cấu hình smtp.username và mật khẩu (smtp.password, LANTOA_SMTP_PASSWORD hoặc smtp.password_file): cần cả hai, hoặc bỏ trống cả hai nếu máy chủ không yêu cầu đăng nhập.".into(),
            ));
        }
        let local = matches!(host, "localhost" | "127.0.0.1" | "::1");
        if m.security == "none" && !password.is_empty() && !local {
            return Err(ConfigError(format!(
                "Khóa cấu hình smtp.security: không gửi mật khẩu qua kết nối không mã hóa tới {host}; dùng starttls hoặc tls."
            )));
        }
        if !(1..=50).contains(&m.max_attempts) {
            return bad(
                "smtp.max_attempts",
                "cần một số từ 1 đến 50",
                &m.max_attempts,
            );
        }
        if !(1..=600).contains(&m.timeout_seconds) {
            return bad(
                "smtp.timeout_seconds",
                "cần một số giây từ 1 đến 600",
                &m.timeout_seconds,
            );
        }
        Ok(())
    }

    /// What the use cases need to know about e-mail.
    pub fn mail_config(&self) -> lantoa_app::mail::MailConfig {
        lantoa_app::mail::MailConfig {
            enabled: self.smtp.enabled(),
            public_url: self.public_url(),
            site_name: self.site.name.clone(),
            max_attempts: i32::try_from(self.smtp.max_attempts).unwrap_or(8),
        }
    }

    /// `site.public_url` in its normal form (lower-case host, no trailing slash), or empty.
    pub fn public_url(&self) -> String {
        check_public_url(&self.site.public_url).unwrap_or_default()
    }

    /// Where the search index lives: `<data_dir>/search`.
    pub fn search_dir(&self) -> PathBuf {
        self.storage.data_dir.join("search")
    }

    /// Where plan and report attachments live (`<data_dir>/attachments`, ADR 0020); their
    /// size limit is the media library's.
    pub fn attachments_config(&self) -> lantoa_app::attachments::AttachmentsConfig {
        lantoa_app::attachments::AttachmentsConfig {
            dir: Some(self.storage.data_dir.join("attachments")),
            max_bytes: usize::try_from(self.media.max_upload_bytes).unwrap_or(usize::MAX),
        }
    }

    /// Where media files live (`<data_dir>/media`) and the upload limits.
    pub fn media_config(&self) -> lantoa_app::media::MediaConfig {
        lantoa_app::media::MediaConfig {
            dir: Some(self.storage.data_dir.join("media")),
            max_upload_bytes: usize::try_from(self.media.max_upload_bytes).unwrap_or(usize::MAX),
            max_pixels: self.media.max_megapixels * 1_000_000,
            max_video_bytes: usize::try_from(self.media.max_video_bytes).unwrap_or(usize::MAX),
        }
    }

    /// The database URL, defaulting to the SQLite file in the data directory.
    pub fn database_url(&self) -> String {
        if self.storage.database_url.trim().is_empty() {
            format!(
                "sqlite://{}",
                self.storage.data_dir.join("lantoa.db").display()
            )
        } else {
            self.storage.database_url.trim().to_owned()
        }
    }

    pub fn applications_config(&self) -> lantoa_app::applications::ApplicationsConfig {
        lantoa_app::applications::ApplicationsConfig {
            retention_days: self.applications.retention_days,
            max_per_hour: self.applications.max_per_hour,
            max_lookup_failures_per_hour: self.applications.max_lookup_failures_per_hour,
        }
    }

    pub fn auth_config(&self) -> lantoa_app::AuthConfig {
        lantoa_app::AuthConfig {
            session_idle: chrono::Duration::minutes(self.auth.session_idle_minutes),
            lockout_failures: self.auth.lockout_failures,
            lockout_duration: chrono::Duration::minutes(self.auth.lockout_minutes),
            ip_max_failures: self.auth.ip_max_failures,
            ip_window: chrono::Duration::minutes(self.auth.ip_window_minutes),
            ..lantoa_app::AuthConfig::default()
        }
    }
}

/// A public base address: http(s), a host, maybe a port; no path (the portal's own links
/// start at `/`, so it cannot live under a sub-path), user, query or fragment. Returned
/// without the trailing slash.
fn check_public_url(s: &str) -> Option<String> {
    let s = s.trim();
    let url = url::Url::parse(s).ok()?;
    let ok = matches!(url.scheme(), "http" | "https")
        && url.host_str().is_some_and(|h| !h.is_empty())
        && url.username().is_empty()
        && url.password().is_none()
        && url.path() == "/"
        && url.query().is_none()
        && url.fragment().is_none()
        && !s.contains(char::is_whitespace);
    ok.then(|| url.as_str().trim_end_matches('/').to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn defaults_are_valid_and_use_sqlite_in_the_data_dir() {
        let c = load(None, &env(&[]), &Overrides::default()).unwrap();
        assert_eq!(c.database_url(), "sqlite://./data/lantoa.db");
        assert_eq!(c.server.addr, "127.0.0.1:8080");
    }

    #[test]
    fn media_files_go_under_the_data_dir_with_the_upload_limits() {
        let c = load(
            None,
            &env(&[("LANTOA_MEDIA_MAX_UPLOAD_BYTES", "5000000")]),
            &Overrides {
                data_dir: Some(PathBuf::from("/srv/lantoa")),
                ..Overrides::default()
            },
        )
        .unwrap();
        let m = c.media_config();
        assert_eq!(m.dir, Some(PathBuf::from("/srv/lantoa/media")));
        assert_eq!((m.max_upload_bytes, m.max_pixels), (5_000_000, 40_000_000));
        let e = load(
            None,
            &env(&[("LANTOA_MEDIA_MAX_UPLOAD_BYTES", "10")]),
            &Overrides::default(),
        )
        .unwrap_err();
        assert!(e.0.contains("media.max_upload_bytes"), "{e}");
        assert_eq!(m.max_video_bytes, 200_000_000, "the video limit's default");
        let v = load(
            None,
            &env(&[("LANTOA_MEDIA_MAX_VIDEO_BYTES", "50000000")]),
            &Overrides::default(),
        )
        .unwrap();
        assert_eq!(v.media_config().max_video_bytes, 50_000_000);
        let e = load(
            None,
            &env(&[("LANTOA_MEDIA_MAX_VIDEO_BYTES", "12")]),
            &Overrides::default(),
        )
        .unwrap_err();
        assert!(e.0.contains("media.max_video_bytes"), "{e}");
        let e = load(
            None,
            &env(&[("LANTOA_MEDIA_MAX_MEGAPIXELS", "0")]),
            &Overrides::default(),
        )
        .unwrap_err();
        assert!(e.0.contains("media.max_megapixels"), "{e}");
    }

    #[test]
    fn environment_overrides_the_file_and_flags_override_both() {
        let dir = std::env::temp_dir().join(format!("lantoa-cfg-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("lantoa.toml");
        std::fs::write(
            &file,
            "[server]\naddr = \"0.0.0.0:9000\"\n[auth]\nlockout_failures = 3\n",
        )
        .unwrap();
        let c = load(
            Some(&file),
            &env(&[
                ("LANTOA_AUTH_LOCKOUT_FAILURES", "7"),
                ("LANTOA_SITE_AGENCY_EMAIL", "sgd@angiang.gov.vn"),
            ]),
            &Overrides::default(),
        )
        .unwrap();
        assert_eq!(
            (c.server.addr.as_str(), c.auth.lockout_failures),
            ("0.0.0.0:9000", 7)
        );
        assert_eq!(c.site.agency_email, "sgd@angiang.gov.vn");
        let c = load(
            Some(&file),
            &env(&[]),
            &Overrides {
                addr: Some("127.0.0.1:1".into()),
                ..Overrides::default()
            },
        )
        .unwrap();
        assert_eq!(c.server.addr, "127.0.0.1:1");
    }

    #[test]
    fn bad_values_name_the_key_and_the_expected_form() {
        let e = load(
            None,
            &env(&[("LANTOA_SERVER_ADDR", "localhost")]),
            &Overrides::default(),
        )
        .unwrap_err();
        assert!(
            e.0.contains("server.addr") && e.0.contains("127.0.0.1:8080"),
            "{e}"
        );
        let e = load(
            None,
            &env(&[("LANTOA_AUTH_LOCKOUT_MINUTES", "mười")]),
            &Overrides::default(),
        )
        .unwrap_err();
        assert!(
            e.0.contains("auth.lockout_minutes") && e.0.contains("số nguyên"),
            "{e}"
        );
        let e = load(
            None,
            &env(&[("LANTOA_SEVRER_ADDR", "x")]),
            &Overrides::default(),
        )
        .unwrap_err();
        assert!(e.0.contains("LANTOA_SEVRER_ADDR"), "{e}");
        for bad in [
            "gdnn.angiang.gov.vn",
            "https://gdnn angiang",
            "javascript:alert(1)",
            "ftp://gdnn.angiang.gov.vn",
            "https://gdnn.angiang.gov.vn/?a=1",
            "https://angiang.gov.vn/gdnn",
            "https://user@gdnn.angiang.gov.vn",
            "https://",
        ] {
            let e = load(
                None,
                &env(&[("LANTOA_SITE_PUBLIC_URL", bad)]),
                &Overrides::default(),
            )
            .unwrap_err();
            assert!(
                e.0.contains("site.public_url") && e.0.contains("https://"),
                "{e}"
            );
        }
        let c = load(
            None,
            &env(&[("LANTOA_SITE_PUBLIC_URL", "https://gdnn.angiang.gov.vn/")]),
            &Overrides::default(),
        )
        .unwrap();
        assert_eq!(c.site.public_url, "https://gdnn.angiang.gov.vn/");
        assert_eq!(c.public_url(), "https://gdnn.angiang.gov.vn");
        let e = load(
            None,
            &env(&[]),
            &Overrides {
                database_url: Some("mysql://x".into()),
                ..Overrides::default()
            },
        )
        .unwrap_err();
        assert!(e.0.contains("storage.database_url"), "{e}");
    }

    #[test]
    fn unknown_keys_in_the_file_are_refused() {
        let dir = std::env::temp_dir().join(format!("lantoa-cfg2-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("lantoa.toml");
        std::fs::write(&file, "[server]\nadress = \"0.0.0.0:9000\"\n").unwrap();
        let e = load(Some(&file), &env(&[]), &Overrides::default()).unwrap_err();
        assert!(e.0.contains("adress"), "{e}");
    }
}
