//! Videos (issue 3, point 1; docs/adr/0023-videos.md): a content item of kind `video` shows
//! either a video file of the author organisation's media library (MP4 or WebM, uploaded
//! through [`crate::media`], streamed to disk by a [`Spool`] and served with range requests)
//! or a YouTube or Facebook video. A link is parsed and normalised here ([`parse_link`]): only
//! the forms those sites give when sharing a single video are accepted, each id checked
//! against its character set, so nothing typed reaches a page but an id we rebuilt the
//! address from. The public page shows a poster and a plain link; the player of YouTube or
//! Facebook is loaded only when the reader clicks "Phát video".

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use lantoa_domain::content::ContentKind;
use lantoa_store::Conn;
use lantoa_store::video::{self as store, VideoRow};
use sha2::{Digest, Sha256};

use crate::media::{self, FileType, KIND_CAPTIONS, KIND_VIDEO};
use crate::{App, FieldErrors, Result};

pub const PROVIDER_UPLOAD: &str = "upload";
pub const PROVIDER_YOUTUBE: &str = "youtube";
pub const PROVIDER_FACEBOOK: &str = "facebook";

/// A site whose videos can be linked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Provider {
    YouTube,
    Facebook,
}

impl Provider {
    pub fn code(self) -> &'static str {
        match self {
            Provider::YouTube => PROVIDER_YOUTUBE,
            Provider::Facebook => PROVIDER_FACEBOOK,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Provider::YouTube => "YouTube",
            Provider::Facebook => "Facebook",
        }
    }

    fn from_code(code: &str) -> Option<Provider> {
        match code {
            PROVIDER_YOUTUBE => Some(Provider::YouTube),
            PROVIDER_FACEBOOK => Some(Provider::Facebook),
            _ => None,
        }
    }
}

/// The hosts the embedded players come from (the page's `frame-src`, nothing else).
pub const EMBED_HOSTS: [&str; 2] = [
    "https://www.youtube-nocookie.com",
    "https://www.facebook.com",
];

/// A YouTube or Facebook video, normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VideoLink {
    pub provider: Provider,
    /// YouTube: the 11-character id. Facebook: the normalised address
    /// (`https://www.facebook.com/{page}/videos/{id}/`, `https://www.facebook.com/watch/?v={id}`
    /// or `https://fb.watch/{code}/`).
    pub reference: String,
    /// Where the video starts, in seconds (YouTube only: the link's `t=` or `start=`).
    pub start: Option<u32>,
}

impl VideoLink {
    /// The video on its own site (a plain link, works without JavaScript).
    pub fn watch_url(&self) -> String {
        match self.provider {
            Provider::YouTube => match self.start {
                Some(s) => format!("https://www.youtube.com/watch?v={}&t={s}s", self.reference),
                None => format!("https://www.youtube.com/watch?v={}", self.reference),
            },
            Provider::Facebook => self.reference.clone(),
        }
    }

    /// The player loaded into an iframe after the click (YouTube's no-cookie host).
    pub fn embed_url(&self) -> String {
        match self.provider {
            Provider::YouTube => match self.start {
                Some(s) => format!(
                    "https://www.youtube-nocookie.com/embed/{}?start={s}&autoplay=1",
                    self.reference
                ),
                None => format!(
                    "https://www.youtube-nocookie.com/embed/{}?autoplay=1",
                    self.reference
                ),
            },
            Provider::Facebook => format!(
                "https://www.facebook.com/plugins/video.php?href={}&show_text=false&autoplay=true",
                url::form_urlencoded::byte_serialize(self.reference.as_bytes()).collect::<String>()
            ),
        }
    }
}

/// Why a typed link was refused; [`LinkError::message`] says it beside the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkError {
    /// Not an address at all.
    Garbage,
    /// `javascript:`, `data:`, `ftp:`…
    Scheme,
    /// A host other than YouTube and Facebook (named in the message).
    OtherHost(String),
    /// A YouTube playlist without a video in it.
    Playlist,
    /// A YouTube address without a video id (a channel, the home page…) or a malformed id.
    NoYouTubeId,
    /// A Facebook address that is not a video (a page, a post, a profile…).
    NotFacebookVideo,
}

impl LinkError {
    pub fn message(&self) -> String {
        match self {
            LinkError::Garbage => "Đường dẫn video không hợp lệ: hãy dán đường dẫn của một video trên YouTube hoặc Facebook, ví dụ https://www.youtube.com/watch?v=… hoặc https://www.facebook.com/…/videos/….".into(),
            LinkError::Scheme => "Đường dẫn video phải bắt đầu bằng https:// và dẫn tới một video trên YouTube hoặc Facebook.".into(),
            LinkError::OtherHost(host) => format!(
                "Cổng chỉ nhận video trên YouTube hoặc Facebook (đường dẫn này thuộc {host}). Video ở nơi khác: hãy tải tệp MP4 hoặc WebM lên thư viện rồi chọn ở ô “Tệp video trong thư viện”."
            ),
            LinkError::Playlist => "Đây là danh sách phát, không phải một video: hãy mở video cần đăng trên YouTube rồi chép đường dẫn của chính video đó.".into(),
            LinkError::NoYouTubeId => "Không tìm thấy mã video trong đường dẫn YouTube này: hãy mở video trên YouTube, bấm “Chia sẻ” rồi chép đường dẫn.".into(),
            LinkError::NotFacebookVideo => "Đường dẫn Facebook này không phải một video: hãy mở video trên Facebook, bấm “Chia sẻ” → “Sao chép liên kết” rồi dán vào đây.".into(),
        }
    }
}

fn youtube_id_ok(id: &str) -> bool {
    id.len() == 11
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn digits(s: &str, max: usize) -> bool {
    !s.is_empty() && s.len() <= max && s.bytes().all(|b| b.is_ascii_digit())
}

fn page_name_ok(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 100
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
}

/// The longest start time kept (a day); a larger one is ignored like any invalid value.
pub const MAX_START_SECONDS: u32 = 24 * 3600;

/// Reads a YouTube start time as links write it: `90`, `90s`, `1m30s`, `1h2m3s`, `2m`, `1h`
/// (units in that order, each at most once). `None` for anything else, for zero and past
/// [`MAX_START_SECONDS`]: an unreadable value is dropped, never passed on.
pub fn parse_start(value: &str) -> Option<u32> {
    let v = value.trim();
    if v.is_empty() || v.len() > 16 || !v.is_ascii() {
        return None;
    }
    let total: u64 = if v.bytes().all(|b| b.is_ascii_digit()) {
        v.parse().ok()?
    } else {
        let mut total = 0u64;
        let mut number = String::new();
        // The units still allowed, in order: h, m, s.
        let mut units: &[(u8, u64)] = &[(b'h', 3600), (b'm', 60), (b's', 1)];
        for b in v.bytes() {
            if b.is_ascii_digit() {
                number.push(char::from(b));
                continue;
            }
            let at = units
                .iter()
                .position(|(u, _)| *u == b.to_ascii_lowercase())?;
            if number.is_empty() {
                return None;
            }
            let part = number.parse::<u64>().ok()?.checked_mul(units[at].1)?;
            total = total.checked_add(part)?;
            number.clear();
            units = &units[at + 1..];
        }
        if !number.is_empty() {
            return None;
        }
        total
    };
    u32::try_from(total)
        .ok()
        .filter(|s| (1..=MAX_START_SECONDS).contains(s))
}

/// A YouTube address's start time: `t=` or `start=` (the first readable one), or `#t=`.
fn start_of(url: &url::Url) -> Option<u32> {
    ["t", "start"]
        .iter()
        .find_map(|key| {
            url.query_pairs()
                .filter(|(k, _)| k == key)
                .find_map(|(_, v)| parse_start(&v))
        })
        .or_else(|| {
            url.fragment()
                .and_then(|f| f.strip_prefix("t="))
                .and_then(parse_start)
        })
}

/// Parses a YouTube or Facebook address typed by an editor into its normalised form.
///
/// Accepted: `youtube.com/watch?v=ID` (also `www.`, `m.`, `music.`; a start time `t=90`,
/// `t=1m30s` or `start=90` is kept ([`parse_start`]), other parameters such as `&list=…` or
/// `&si=…` are tolerated and dropped), `youtu.be/ID`, `youtube.com/shorts/ID`,
/// `/embed/ID`, `/live/ID`, `youtube-nocookie.com/embed/ID`; `facebook.com/{page}/videos/{id}`
/// (also with a title segment before the id), `facebook.com/watch/?v={id}`, `fb.watch/{code}`
/// (Facebook links carry no start time). Without a scheme, `https://` is assumed; only `http`
/// and `https` are accepted.
pub fn parse_link(input: &str) -> std::result::Result<VideoLink, LinkError> {
    let typed = input.trim();
    if typed.is_empty() || typed.chars().any(char::is_whitespace) {
        return Err(LinkError::Garbage);
    }
    // A scheme other than http(s) (javascript:, data:…) is refused before anything else.
    let has_scheme = typed.split_once(':').is_some_and(|(s, rest)| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
            && !rest.starts_with(|c: char| c.is_ascii_digit())
    });
    let with_scheme = if has_scheme {
        typed.to_owned()
    } else {
        format!("https://{}", typed.trim_start_matches('/'))
    };
    let url = url::Url::parse(&with_scheme).map_err(|_| LinkError::Garbage)?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(LinkError::Scheme);
    }
    if !url.username().is_empty() || url.password().is_some() || url.port().is_some() {
        return Err(LinkError::Garbage);
    }
    let host = match url.host() {
        Some(url::Host::Domain(d)) => d.to_ascii_lowercase(),
        Some(_) => {
            return Err(LinkError::OtherHost(
                url.host_str().unwrap_or("").to_owned(),
            ));
        }
        None => return Err(LinkError::Garbage),
    };
    if !host.contains('.') {
        return Err(LinkError::Garbage);
    }
    let segments: Vec<&str> = url
        .path_segments()
        .map(|s| s.filter(|x| !x.is_empty()).collect())
        .unwrap_or_default();
    let query = |key: &str| {
        url.query_pairs()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.into_owned())
    };
    let bare = host.strip_prefix("www.").unwrap_or(&host);
    match bare {
        "youtu.be" => {
            let id = segments.first().copied().unwrap_or_default();
            youtube(id, segments.len() == 1, query("list").is_some()).map(|l| VideoLink {
                start: start_of(&url),
                ..l
            })
        }
        "youtube.com" | "m.youtube.com" | "music.youtube.com" | "youtube-nocookie.com" => {
            let link = match segments.as_slice() {
                ["watch"] => match query("v") {
                    Some(id) => youtube(&id, true, false),
                    None if query("list").is_some() => Err(LinkError::Playlist),
                    None => Err(LinkError::NoYouTubeId),
                },
                ["shorts" | "embed" | "live" | "v", id] => youtube(id, true, false),
                ["playlist"] => Err(LinkError::Playlist),
                _ => Err(LinkError::NoYouTubeId),
            };
            link.map(|l| VideoLink {
                start: start_of(&url),
                ..l
            })
        }
        "fb.watch" => match segments.as_slice() {
            [code]
                if code.len() <= 32
                    && code
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') =>
            {
                Ok(VideoLink {
                    provider: Provider::Facebook,
                    reference: format!("https://fb.watch/{code}/"),
                    start: None,
                })
            }
            _ => Err(LinkError::NotFacebookVideo),
        },
        "facebook.com" | "m.facebook.com" | "web.facebook.com" | "mbasic.facebook.com" => {
            let id = match segments.as_slice() {
                ["watch"] => query("v").filter(|v| digits(v, 25)),
                [page, "videos", id] | [page, "videos", _, id]
                    if page_name_ok(page) && digits(id, 25) =>
                {
                    return Ok(VideoLink {
                        provider: Provider::Facebook,
                        reference: format!("https://www.facebook.com/{page}/videos/{id}/"),
                        start: None,
                    });
                }
                _ => None,
            };
            match id {
                Some(id) => Ok(VideoLink {
                    provider: Provider::Facebook,
                    reference: format!("https://www.facebook.com/watch/?v={id}"),
                    start: None,
                }),
                None => Err(LinkError::NotFacebookVideo),
            }
        }
        _ if bare.ends_with(".youtube.com") => Err(LinkError::NoYouTubeId),
        _ if bare.ends_with(".facebook.com") => Err(LinkError::NotFacebookVideo),
        _ => Err(LinkError::OtherHost(host)),
    }
}

fn youtube(id: &str, alone: bool, playlist: bool) -> std::result::Result<VideoLink, LinkError> {
    if youtube_id_ok(id) && alone {
        Ok(VideoLink {
            provider: Provider::YouTube,
            reference: id.to_owned(),
            start: None,
        })
    } else if playlist {
        Err(LinkError::Playlist)
    } else {
        Err(LinkError::NoYouTubeId)
    }
}

// ---------------------------------------------------------------------------------------
// Video files: the type from the first bytes, and the temporary file an upload streams to.

/// How many first bytes are enough to tell a video (an `ftyp` box or an EBML header).
pub const SNIFF_LEN: usize = 4096;

/// MP4 brands (major or compatible) of files browsers play: ISO base media, MP4 v1/v2, AVC,
/// Apple's M4V, DASH segments, Sony's and others' plain MP4.
const MP4_BRANDS: [&[u8; 4]; 17] = [
    b"isom", b"iso2", b"iso3", b"iso4", b"iso5", b"iso6", b"iso8", b"mp41", b"mp42", b"avc1",
    b"M4V ", b"M4VH", b"M4VP", b"dash", b"msnv", b"mmp4", b"MSNV",
];

/// An MP4: an `ftyp` box first (size, `ftyp`, major brand, minor version, compatible
/// brands), with a known brand among them.
fn is_mp4(b: &[u8]) -> bool {
    if b.len() < 16 || &b[4..8] != b"ftyp" {
        return false;
    }
    let size = u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize;
    if !(16..=1024).contains(&size) || !size.is_multiple_of(4) {
        return false;
    }
    let known = |brand: &[u8]| MP4_BRANDS.iter().any(|k| &k[..] == brand);
    if known(&b[8..12]) {
        return true;
    }
    let end = size.min(b.len());
    b[16..end].chunks_exact(4).any(known)
}

/// Reads an EBML variable-length integer at `b[i..]`: (value, length). `keep_marker` for
/// element ids (written with their length marker), not for sizes.
fn vint(b: &[u8], i: usize, keep_marker: bool) -> Option<(u64, usize)> {
    let first = *b.get(i)?;
    if first == 0 {
        return None;
    }
    let len = first.leading_zeros() as usize + 1;
    if len > 8 || i + len > b.len() {
        return None;
    }
    let mut v = if keep_marker {
        u64::from(first)
    } else {
        u64::from(first) & (0xFF >> len)
    };
    for &x in &b[i + 1..i + len] {
        v = (v << 8) | u64::from(x);
    }
    Some((v, len))
}

/// A WebM: the EBML header (`1A 45 DF A3`) whose DocType element (`42 82`) says `webm`
/// (a Matroska `.mkv` says `matroska` and is refused: browsers do not all play it).
fn is_webm(b: &[u8]) -> bool {
    if !b.starts_with(&[0x1A, 0x45, 0xDF, 0xA3]) {
        return false;
    }
    let Some((size, n)) = vint(b, 4, false) else {
        return false;
    };
    let start = 4 + n;
    let end = usize::try_from(size)
        .ok()
        .and_then(|s| start.checked_add(s))
        .map_or(b.len(), |e| e.min(b.len()));
    let mut i = start;
    while i < end {
        let Some((id, idn)) = vint(b, i, true) else {
            return false;
        };
        let Some((len, lenn)) = vint(b, i + idn, false) else {
            return false;
        };
        let data = i + idn + lenn;
        let Some(next) = usize::try_from(len).ok().and_then(|l| data.checked_add(l)) else {
            return false;
        };
        if next > b.len() {
            return false;
        }
        if id == 0x4282 {
            return &b[data..next] == b"webm";
        }
        i = next;
    }
    false
}

/// The video type of a file by its first bytes (at least [`SNIFF_LEN`] when the file is
/// that long): MP4 or WebM, never by the name.
pub fn sniff_video(head: &[u8]) -> Option<FileType> {
    if is_mp4(head) {
        Some(FileType::Mp4)
    } else if is_webm(head) {
        Some(FileType::Webm)
    } else {
        None
    }
}

/// A video upload written to a temporary file under the media folder while it arrives,
/// hashed on the way. Past `max` bytes the temporary file is removed at once and the rest is
/// only counted ([`Spool::too_large`]). Dropped without [`Spool::persist`], it removes its
/// temporary file: a refused or abandoned upload leaves nothing behind.
pub struct Spool {
    dir: PathBuf,
    tmp: PathBuf,
    file: Option<BufWriter<File>>,
    hasher: Sha256,
    size: u64,
    max: u64,
    head: Vec<u8>,
    /// The temporary file is gone (removed, or renamed to its stored name).
    gone: bool,
}

impl std::fmt::Debug for Spool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Spool")
            .field("tmp", &self.tmp)
            .field("size", &self.size)
            .field("max", &self.max)
            .finish_non_exhaustive()
    }
}

/// Numbers the temporary files of this process.
static SPOOLS: AtomicU64 = AtomicU64::new(0);

impl Spool {
    /// Starts a temporary file in `dir` (the media folder, so the final rename stays on one
    /// file system). Its name (`.upload-…part`) is not a stored file's name: never served.
    pub fn create(dir: &Path, max: u64) -> std::io::Result<Spool> {
        std::fs::create_dir_all(dir)?;
        let n = SPOOLS.fetch_add(1, Ordering::Relaxed);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let tmp = dir.join(format!(
            ".upload-{}-{n}-{nanos:09}.part",
            std::process::id()
        ));
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        Ok(Spool {
            dir: dir.to_owned(),
            tmp,
            file: Some(BufWriter::with_capacity(256 * 1024, file)),
            hasher: Sha256::new(),
            size: 0,
            max,
            head: Vec::new(),
            gone: false,
        })
    }

    /// Appends bytes (hashing them), or only counts them once the file is over `max`.
    pub fn write(&mut self, chunk: &[u8]) -> std::io::Result<()> {
        self.size = self.size.saturating_add(chunk.len() as u64);
        if self.size > self.max {
            self.discard();
            return Ok(());
        }
        let Some(file) = self.file.as_mut() else {
            return Ok(());
        };
        if self.head.len() < SNIFF_LEN {
            let take = (SNIFF_LEN - self.head.len()).min(chunk.len());
            self.head.extend_from_slice(&chunk[..take]);
        }
        self.hasher.update(chunk);
        file.write_all(chunk)
    }

    /// The bytes received so far (all of them, also past the limit).
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The upload went past its limit: the temporary file is gone.
    pub fn too_large(&self) -> bool {
        self.size > self.max
    }

    /// The first bytes of the file (up to [`SNIFF_LEN`]).
    pub fn head(&self) -> &[u8] {
        &self.head
    }

    /// Where the temporary file is (tests check that it goes).
    pub fn temp_path(&self) -> &Path {
        &self.tmp
    }

    fn discard(&mut self) {
        drop(self.file.take());
        if self.gone {
            return;
        }
        self.gone = true;
        if let Err(e) = std::fs::remove_file(&self.tmp)
            && e.kind() != std::io::ErrorKind::NotFound
        {
            tracing::warn!(file = %self.tmp.display(), error = %e, "removing a video upload's temporary file failed");
        }
    }

    /// Flushes the file and moves it to its stored name, `<first 32 hex of the SHA-256>.<ext>`
    /// under `<dir>/<2 hex>/`. Returns (name, full SHA-256 in hex, whether this call created
    /// the file: false when the same bytes were stored already and the copy was dropped).
    pub fn persist(mut self, ext: &str) -> std::io::Result<(String, String, bool)> {
        let Some(file) = self.file.take() else {
            return Err(std::io::Error::other("the upload was over its limit"));
        };
        let file = file.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        drop(file);
        let digest = std::mem::take(&mut self.hasher).finalize();
        let sha: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        let name = format!("{}.{ext}", &sha[..32]);
        let Some(path) = media::path_in(&self.dir, &name) else {
            return Err(std::io::Error::other("not a stored file name"));
        };
        // On any failure below, dropping `self` removes the temporary file.
        let created = if path.exists() {
            false
        } else {
            std::fs::create_dir_all(path.parent().unwrap_or(&self.dir))?;
            std::fs::rename(&self.tmp, &path)?;
            self.gone = true;
            true
        };
        Ok((name, sha, created))
    }
}

impl Drop for Spool {
    fn drop(&mut self) {
        self.discard();
    }
}

/// How old a spool file must be before [`sweep_stale_spools`] removes it: an upload in
/// progress writes to its file all the time, so one untouched this long was left by a crash.
pub const STALE_SPOOL_AGE: std::time::Duration = std::time::Duration::from_secs(3600);

/// Is this a spool file's name (`.upload-….part`, as [`Spool::create`] names them)?
fn is_spool_name(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|n| {
        n.len() > ".upload-.part".len() && n.starts_with(".upload-") && n.ends_with(".part")
    })
}

/// Removes the spool files (`.upload-….part`) directly in `dir` last modified more than
/// `older_than` before `now`: what a server stopped in the middle of an upload (a crash, a
/// kill) left behind, since [`Spool`]'s own clean-up never ran. Nothing else is touched: not
/// stored files, not folders, not links, not a spool still being written. Returns how many
/// were removed; a missing folder is none.
pub fn sweep_stale_spools(
    dir: &Path,
    older_than: std::time::Duration,
    now: std::time::SystemTime,
) -> std::io::Result<usize> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(e),
    };
    let mut removed = 0;
    for entry in entries {
        let entry = entry?;
        if !is_spool_name(&entry.file_name()) {
            continue;
        }
        let path = entry.path();
        // Not followed: a link is left alone, whatever it points to.
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        let stale = meta.file_type().is_file()
            && meta
                .modified()
                .ok()
                .and_then(|m| now.duration_since(m).ok())
                .is_some_and(|age| age > older_than);
        if !stale {
            continue;
        }
        match std::fs::remove_file(&path) {
            Ok(()) => removed += 1,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                tracing::warn!(file = %path.display(), error = %e, "removing a stale upload spool failed");
            }
        }
    }
    Ok(removed)
}

/// [`sweep_stale_spools`] on the application's media folder with [`STALE_SPOOL_AGE`] (run by
/// `lantoa serve` at start and hourly). Nothing when the application stores no media.
pub fn sweep_spools(app: &App) -> Result<usize> {
    let Some(dir) = app.media.dir.as_deref() else {
        return Ok(0);
    };
    sweep_stale_spools(dir, STALE_SPOOL_AGE, std::time::SystemTime::now()).map_err(|e| {
        crate::Error::Internal(format!("sweeping upload spools in {}: {e}", dir.display()))
    })
}

// ---------------------------------------------------------------------------------------
// The content form's "Video" fieldset.

fn label_of(row: &VideoRow) -> String {
    match (row.provider.as_str(), row.media_id) {
        (PROVIDER_UPLOAD, Some(id)) => match row.captions_media_id {
            Some(c) => format!("Tệp video #{id} trong thư viện, phụ đề #{c}"),
            None => format!("Tệp video #{id} trong thư viện"),
        },
        _ => stored_link(row).map(|l| l.watch_url()).unwrap_or_default(),
    }
}

fn stored_link(row: &VideoRow) -> Option<VideoLink> {
    Some(VideoLink {
        provider: Provider::from_code(&row.provider)?,
        reference: row.video_ref.clone(),
        start: row
            .start_seconds
            .and_then(|s| u32::try_from(s).ok())
            .filter(|s| (1..=MAX_START_SECONDS).contains(s)),
    })
}

/// The fields of a saved video as the form shows them: (link, media id).
pub fn form_fields(row: Option<&VideoRow>) -> (String, String) {
    match row {
        None => (String::new(), String::new()),
        Some(r) => match r.media_id {
            Some(id) => (String::new(), id.to_string()),
            None => (
                stored_link(r).map(|l| l.watch_url()).unwrap_or_default(),
                String::new(),
            ),
        },
    }
}

/// The captions of a saved video as the form shows them: the media id, or empty.
pub fn form_captions(row: Option<&VideoRow>) -> String {
    row.and_then(|r| r.captions_media_id)
        .map(|id| id.to_string())
        .unwrap_or_default()
}

/// Checks the caption file chosen for an uploaded video of organisation `org`: a WebVTT file
/// of that organisation's library. Problems go beside `video_captions_id`.
fn check_captions(
    conn: &mut Conn,
    typed: &str,
    org: Option<i64>,
    errors: &mut FieldErrors,
) -> Result<Option<i64>> {
    if typed.is_empty() {
        return Ok(None);
    }
    let found = typed
        .parse::<i64>()
        .ok()
        .map(|id| lantoa_store::media::get(conn, id))
        .transpose()?
        .flatten();
    match found {
        None => errors.add(
            "video_captions_id",
            "Tệp phụ đề đã chọn không còn trong thư viện; vui lòng chọn tệp khác.",
        ),
        Some(m) if m.kind != KIND_CAPTIONS => errors.add(
            "video_captions_id",
            format!(
                "“{}” không phải tệp phụ đề WebVTT: hãy chọn một tệp phụ đề (.vtt) đã tải lên thư viện.",
                m.alt
            ),
        ),
        Some(m) if org.is_some_and(|o| o != m.organisation_id) => errors.add(
            "video_captions_id",
            "Tệp phụ đề phải nằm trong thư viện của đơn vị tác giả.",
        ),
        Some(m) => return Ok(Some(m.id)),
    }
    Ok(None)
}

/// Checks the typed link, chosen file and captions of an item of `kind` for organisation
/// `org`: every problem goes to `errors` beside its field (`video_url`, `video_media_id`,
/// `video_captions_id`, or `video` for the fieldset), and the video to save comes back.
pub fn check(
    conn: &mut Conn,
    typed_url: &str,
    typed_media: &str,
    typed_captions: &str,
    org: Option<i64>,
    kind: Option<ContentKind>,
    errors: &mut FieldErrors,
) -> Result<Option<VideoRow>> {
    let url = typed_url.trim();
    let media_id = typed_media.trim();
    let captions = typed_captions.trim();
    if kind != Some(ContentKind::Video) {
        if (!url.is_empty() || !media_id.is_empty() || !captions.is_empty()) && kind.is_some() {
            errors.add(
                "video",
                "Chỉ nội dung loại “Video” có video: hãy chọn loại “Video”, hoặc xóa đường dẫn video và chọn “Không dùng tệp video”.",
            );
        }
        return Ok(None);
    }
    match (url.is_empty(), media_id.is_empty()) {
        (true, true) => {
            errors.add(
                "video",
                "Video cần một đường dẫn YouTube hoặc Facebook, hoặc một tệp video (MP4, WebM) trong thư viện của đơn vị.",
            );
            Ok(None)
        }
        (false, false) => {
            errors.add(
                "video",
                "Chỉ chọn một trong hai: đường dẫn YouTube/Facebook hoặc tệp video trong thư viện. Hãy xóa đường dẫn hoặc chọn “Không dùng tệp video”.",
            );
            // Both fields are still checked, so each problem is named at once.
            if let Err(e) = parse_link(url) {
                errors.add("video_url", e.message());
            }
            Ok(None)
        }
        (false, true) => match parse_link(url) {
            Ok(link) if !captions.is_empty() => {
                errors.add(
                    "video_captions_id",
                    format!(
                        "Phụ đề chỉ dùng được với tệp video tải lên thư viện; video {} hiện phụ đề trên trang của {}. Hãy chọn “Không có phụ đề”.",
                        link.provider.label(),
                        link.provider.label()
                    ),
                );
                Ok(None)
            }
            Ok(link) => Ok(Some(VideoRow {
                provider: link.provider.code().to_owned(),
                video_ref: link.reference,
                media_id: None,
                start_seconds: link.start.and_then(|s| i32::try_from(s).ok()),
                captions_media_id: None,
            })),
            Err(e) => {
                errors.add("video_url", e.message());
                Ok(None)
            }
        },
        (true, false) => {
            let captions = check_captions(conn, captions, org, errors)?;
            let found = media_id
                .parse::<i64>()
                .ok()
                .map(|id| lantoa_store::media::get(conn, id))
                .transpose()?
                .flatten();
            match found {
                None => errors.add(
                    "video_media_id",
                    "Tệp video đã chọn không còn trong thư viện; vui lòng chọn tệp khác.",
                ),
                Some(m) if m.kind != KIND_VIDEO => errors.add(
                    "video_media_id",
                    format!("“{}” không phải tệp video.", m.alt),
                ),
                Some(m) if org.is_some_and(|o| o != m.organisation_id) => errors.add(
                    "video_media_id",
                    "Tệp video phải nằm trong thư viện của đơn vị tác giả.",
                ),
                Some(m) => {
                    return Ok(Some(VideoRow {
                        provider: PROVIDER_UPLOAD.to_owned(),
                        video_ref: String::new(),
                        media_id: Some(m.id),
                        start_seconds: None,
                        captions_media_id: captions,
                    }));
                }
            }
            Ok(None)
        }
    }
}

/// The videos an editor may choose: the newest of the organisations the principal writes
/// for, plus `current` even when older: (id, label).
pub fn choices(
    conn: &mut Conn,
    orgs: &[i64],
    current: Option<i64>,
) -> Result<Vec<(String, String)>> {
    use lantoa_domain::OrgId;
    let filter = lantoa_store::media::MediaFilter {
        orgs: Some(orgs.iter().copied().map(OrgId).collect()),
        kind: Some(KIND_VIDEO.to_owned()),
    };
    let mut rows = lantoa_store::media::list(
        conn,
        &filter,
        lantoa_store::PageRequest::new(1, media::COVER_CHOICES),
    )?
    .items;
    if let Some(id) = current
        && !rows.iter().any(|r| r.media.id == id)
        && let Some(row) = lantoa_store::media::get(conn, id)?
        && row.kind == KIND_VIDEO
    {
        rows.push(lantoa_store::media::MediaListItem {
            media: row,
            org_short_name: String::new(),
        });
    }
    Ok(rows
        .into_iter()
        .map(|r| {
            let size = media::human_size(u64::try_from(r.media.bytes).unwrap_or(0));
            let label = if r.org_short_name.is_empty() {
                format!("{} ({size})", r.media.alt)
            } else {
                format!("{} ({}, {size})", r.media.alt, r.org_short_name)
            };
            (r.media.id.to_string(), label)
        })
        .collect())
}

/// A video as a revision stores it: JSON, or empty when there is none.
pub fn to_revision(video: Option<&VideoRow>) -> String {
    video
        .map(|v| serde_json::to_string(v).unwrap_or_default())
        .unwrap_or_default()
}

/// A revision's video (none when it has none or cannot be read).
pub fn from_revision(json: &str) -> Option<VideoRow> {
    if json.trim().is_empty() {
        return None;
    }
    serde_json::from_str(json).ok()
}

/// A revision's video as a line to compare: the address, or "Tệp video #12 trong thư viện".
pub fn revision_text(json: &str) -> String {
    from_revision(json)
        .map(|v| label_of(&v))
        .unwrap_or_default()
}

/// A saved item's video.
pub fn saved(conn: &mut Conn, content: i64) -> Result<Option<VideoRow>> {
    Ok(store::of(conn, content)?)
}

/// A video as the public page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PublicVideo {
    /// A file of the media library, played by the browser (`<video>`).
    File {
        src: String,
        content_type: &'static str,
        /// "MP4, 12 MB".
        description: String,
        /// The address of its WebVTT captions (`/media/….vtt`); `None`: it has none.
        captions: Option<String>,
    },
    /// A YouTube or Facebook video: a poster and a link; the player only after a click.
    Link {
        provider: &'static str,
        watch_url: String,
        embed_url: String,
    },
}

/// What the page shows for a saved video (none when its file has since gone).
pub fn public(conn: &mut Conn, row: Option<&VideoRow>) -> Result<Option<PublicVideo>> {
    let Some(row) = row else {
        return Ok(None);
    };
    if let Some(id) = row.media_id {
        let files = lantoa_store::media::files_of(conn, &[id])?;
        let Some(f) = files.last() else {
            return Ok(None);
        };
        let Some(kind) = media::parse_name(&f.name) else {
            return Ok(None);
        };
        let label = if kind == FileType::Webm {
            "WebM"
        } else {
            "MP4"
        };
        let captions = match row.captions_media_id {
            Some(c) => lantoa_store::media::files_of(conn, &[c])?
                .last()
                .filter(|f| media::parse_name(&f.name) == Some(FileType::Vtt))
                .map(|f| media::url(&f.name)),
            None => None,
        };
        return Ok(Some(PublicVideo::File {
            src: media::url(&f.name),
            captions,
            content_type: kind.content_type(),
            description: format!(
                "{label}, {}",
                media::human_size(u64::try_from(f.bytes).unwrap_or(0))
            ),
        }));
    }
    Ok(stored_link(row).map(|l| PublicVideo::Link {
        provider: l.provider.label(),
        watch_url: l.watch_url(),
        embed_url: l.embed_url(),
    }))
}
