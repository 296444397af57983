//! The media library (issue 3, point 4; docs/adr/0014-media-pipeline.md): images and PDF
//! documents an organisation's editors upload, with alt text and credit, stored under
//! `<data_dir>/media` and served at `/media/<hash>.<ext>`.
//!
//! A file's type is decided by its first bytes (JPEG, PNG, GIF, WebP, PDF), never by its name
//! or the Content-Type the browser sent. An image's dimensions are read from its header and
//! refused past [`MediaConfig::max_pixels`] before any pixel is decoded; decoding then runs
//! under the `image` crate's [`image::Limits`] as a second fence. The decoded image is turned
//! upright (EXIF orientation) and re-encoded into widths of [`WIDTHS`] (never upscaled): JPEG,
//! or PNG when it has transparency. Re-encoding writes pixels only, so EXIF (GPS, camera,
//! owner), comments and anything appended to the file are gone. A PDF is kept as sent.
//! Every stored file is named by the hash of its own bytes, so its address never changes
//! meaning and can be cached for a year.
//!
//! Videos (MP4, WebM; docs/adr/0023-videos.md) are recognised by their first bytes too, have
//! their own size limit ([`MediaConfig::max_video_bytes`]), arrive as a temporary file
//! written while the upload streams in ([`crate::video::Spool`]) and are stored as sent.

use std::collections::HashMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use image::{DynamicImage, GenericImageView, ImageDecoder, ImageFormat, ImageReader, Limits};
use lantoa_domain::OrgId;
use lantoa_domain::access::Principal;
use lantoa_store::media::{self as store, MediaFileRow, MediaFilter, MediaListItem, MediaRow};
use lantoa_store::{Conn, Page, PageRequest, write_tx};
use sha2::{Digest, Sha256};

use crate::audit::{self, Actor};
use crate::{App, Error, FieldErrors, RequestMeta, Result};

/// Where files go and how large they may be. `dir` is `<data_dir>/media` in `serve`.
#[derive(Debug, Clone)]
pub struct MediaConfig {
    /// `None`: this process stores no files (uploads are refused with a message).
    pub dir: Option<PathBuf>,
    /// The largest file accepted, in bytes.
    pub max_upload_bytes: usize,
    /// The most pixels (width × height) an image may declare.
    pub max_pixels: u64,
    /// The largest video file accepted, in bytes.
    pub max_video_bytes: usize,
}

/// 10 MB (decimal, as the message to the editor says it).
pub const DEFAULT_MAX_UPLOAD_BYTES: usize = 10_000_000;
/// 200 MB: a few minutes of 1080p from a phone, or a quarter of an hour at 720p.
pub const DEFAULT_MAX_VIDEO_BYTES: usize = 200_000_000;
/// 40 megapixels: more than any phone camera of 2026 in its usual mode.
pub const DEFAULT_MAX_PIXELS: u64 = 40_000_000;
/// No side longer than this, whatever the pixel count.
pub const MAX_SIDE: u32 = 30_000;

impl Default for MediaConfig {
    fn default() -> Self {
        MediaConfig {
            dir: None,
            max_upload_bytes: DEFAULT_MAX_UPLOAD_BYTES,
            max_pixels: DEFAULT_MAX_PIXELS,
            max_video_bytes: DEFAULT_MAX_VIDEO_BYTES,
        }
    }
}

impl MediaConfig {
    pub fn in_dir(dir: impl Into<PathBuf>) -> MediaConfig {
        MediaConfig {
            dir: Some(dir.into()),
            ..MediaConfig::default()
        }
    }
}

/// The widths an image is stored in (and its own width when narrower than the largest).
pub const WIDTHS: [u32; 4] = [320, 640, 1024, 1600];

/// JPEG quality of the variants.
const JPEG_QUALITY: u8 = 82;

pub const KIND_IMAGE: &str = "image";
pub const KIND_DOCUMENT: &str = "document";
pub const KIND_VIDEO: &str = "video";
/// WebVTT captions for an uploaded video (ADR 0023, "Captions").
pub const KIND_CAPTIONS: &str = "captions";

/// Largest caption file (WebVTT) accepted: a 90-minute film's subtitles are about 100 KB.
pub const MAX_CAPTIONS_BYTES: usize = 512_000;

/// The address prefix of stored files (the sanitiser allows images from there).
pub const URL_PREFIX: &str = crate::html::MEDIA_PREFIX;

/// A file type recognised by its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileType {
    Jpeg,
    Png,
    Gif,
    Webp,
    Pdf,
    Mp4,
    Webm,
    /// WebVTT captions.
    Vtt,
}

impl FileType {
    pub fn ext(self) -> &'static str {
        match self {
            FileType::Jpeg => "jpg",
            FileType::Png => "png",
            FileType::Gif => "gif",
            FileType::Webp => "webp",
            FileType::Pdf => "pdf",
            FileType::Mp4 => "mp4",
            FileType::Webm => "webm",
            FileType::Vtt => "vtt",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            FileType::Jpeg => "image/jpeg",
            FileType::Png => "image/png",
            FileType::Gif => "image/gif",
            FileType::Webp => "image/webp",
            FileType::Pdf => "application/pdf",
            FileType::Mp4 => "video/mp4",
            FileType::Webm => "video/webm",
            FileType::Vtt => "text/vtt; charset=utf-8",
        }
    }

    pub fn from_ext(ext: &str) -> Option<FileType> {
        [
            FileType::Jpeg,
            FileType::Png,
            FileType::Gif,
            FileType::Webp,
            FileType::Pdf,
            FileType::Mp4,
            FileType::Webm,
            FileType::Vtt,
        ]
        .into_iter()
        .find(|t| t.ext() == ext)
    }

    fn image_format(self) -> Option<ImageFormat> {
        match self {
            FileType::Jpeg => Some(ImageFormat::Jpeg),
            FileType::Png => Some(ImageFormat::Png),
            FileType::Gif => Some(ImageFormat::Gif),
            FileType::Webp => Some(ImageFormat::WebP),
            FileType::Pdf | FileType::Mp4 | FileType::Webm | FileType::Vtt => None,
        }
    }

    pub fn is_video(self) -> bool {
        matches!(self, FileType::Mp4 | FileType::Webm)
    }
}

/// The type of a file by its signature ("magic bytes").
pub fn sniff(bytes: &[u8]) -> Option<FileType> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(FileType::Jpeg)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(FileType::Png)
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some(FileType::Gif)
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some(FileType::Webp)
    } else if bytes.starts_with(b"%PDF-") {
        Some(FileType::Pdf)
    } else if is_webvtt(bytes) {
        Some(FileType::Vtt)
    } else {
        crate::video::sniff_video(bytes)
    }
}

/// Does this start like a WebVTT file: an optional UTF-8 byte order mark, `WEBVTT`, then a
/// space, a tab, a line break or the end of the file (the WebVTT specification's signature)?
pub fn is_webvtt(bytes: &[u8]) -> bool {
    let rest = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match rest.strip_prefix(b"WEBVTT") {
        Some(after) => matches!(after.first(), None | Some(b' ' | b'\t' | b'\n' | b'\r')),
        None => false,
    }
}

/// Does this look like a SubRip (`.srt`) subtitle file: a cue number, then a timing line with
/// `-->`? Such files are refused with a hint to convert them to WebVTT.
fn looks_like_srt(bytes: &[u8]) -> bool {
    let rest = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let head = &rest[..rest.len().min(200)];
    head.first().is_some_and(u8::is_ascii_digit) && head.windows(3).any(|w| w == b"-->")
}

/// Why a file was refused; [`Refusal::message`] says it to the editor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    Empty,
    /// The file's size and the limit, in bytes.
    TooLarge {
        size: usize,
        max: usize,
    },
    /// A video's size and the video limit, in bytes.
    VideoTooLarge {
        size: u64,
        max: usize,
    },
    UnknownType,
    /// The dimensions the header declares.
    TooManyPixels {
        width: u32,
        height: u32,
        max: u64,
    },
    CorruptImage,
    CorruptPdf,
    /// A caption file's size and its limit, in bytes.
    CaptionsTooLarge {
        size: usize,
        max: usize,
    },
    /// Starts like WebVTT but is not valid UTF-8 text.
    CaptionsNotUtf8,
    /// A SubRip subtitle file: not WebVTT.
    Srt,
}

/// "10 MB", "2,5 MB", "850 KB" (decimal units, Vietnamese decimal comma).
pub fn human_size(bytes: u64) -> String {
    if bytes >= 1_000_000 {
        let tenths = (bytes + 50_000) / 100_000;
        if tenths.is_multiple_of(10) {
            format!("{} MB", tenths / 10)
        } else {
            format!("{},{} MB", tenths / 10, tenths % 10)
        }
    } else if bytes >= 1_000 {
        format!("{} KB", bytes.div_ceil(1_000))
    } else {
        format!("{bytes} byte")
    }
}

fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

impl Refusal {
    pub fn message(&self) -> String {
        match self {
            Refusal::Empty => "Vui lòng chọn tệp ảnh, tài liệu PDF hoặc video để tải lên.".into(),
            Refusal::TooLarge { size, max } => format!(
                "Tệp quá lớn ({}): tối đa {}. Hãy giảm kích thước ảnh hoặc nén tệp PDF rồi tải lên lại.",
                human_size(*size as u64),
                human_size(*max as u64)
            ),
            Refusal::VideoTooLarge { size, max } => format!(
                "Video quá lớn ({}): tối đa {}. Hãy cắt ngắn video hoặc xuất lại với độ phân giải thấp hơn (ví dụ 720p) rồi tải lên lại.",
                human_size(*size),
                human_size(*max as u64)
            ),
            Refusal::UnknownType => "Tệp này không phải ảnh JPEG, PNG, WebP, GIF hay tài liệu PDF, cũng không phải video MP4 hay WebM hoặc phụ đề WebVTT (cổng xét nội dung tệp, không xét tên hay đuôi tệp; tệp phụ đề phải bắt đầu bằng dòng “WEBVTT”). Vui lòng chọn tệp khác.".into(),
            Refusal::TooManyPixels { width, height, max } => format!(
                "Ảnh quá lớn: {} × {} điểm ảnh; tối đa {} triệu điểm ảnh. Hãy thu nhỏ ảnh rồi tải lên lại.",
                thousands(u64::from(*width)),
                thousands(u64::from(*height)),
                max / 1_000_000
            ),
            Refusal::CorruptImage => "Ảnh bị hỏng hoặc không đọc được. Hãy mở ảnh trên máy, lưu lại (hoặc chụp lại) rồi tải lên.".into(),
            Refusal::CorruptPdf => "Tệp PDF bị hỏng hoặc không đầy đủ. Hãy xuất lại tệp PDF rồi tải lên.".into(),
            Refusal::CaptionsTooLarge { size, max } => format!(
                "Tệp phụ đề quá lớn ({}): tối đa {}. Hãy kiểm tra lại tệp (phụ đề của một video thường chỉ vài chục KB).",
                human_size(*size as u64),
                human_size(*max as u64)
            ),
            Refusal::CaptionsNotUtf8 => "Tệp phụ đề không phải văn bản UTF-8 hợp lệ. Hãy mở tệp bằng trình soạn thảo, lưu lại với bảng mã UTF-8 rồi tải lên lại.".into(),
            Refusal::Srt => "Đây là tệp phụ đề SRT; cổng chỉ nhận phụ đề WebVTT (.vtt). Hãy chuyển tệp sang WebVTT (phần lớn phần mềm làm phụ đề đều xuất được) rồi tải lên lại.".into(),
        }
    }
}

/// A file to store: its name (`<hash>.<ext>`), type, dimensions and bytes.
#[derive(Debug, Clone)]
pub struct PreparedFile {
    pub name: String,
    pub content_type: &'static str,
    pub width: u32,
    pub height: u32,
    pub bytes: Vec<u8>,
}

/// An upload checked and turned into the files to store.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub kind: &'static str,
    /// SHA-256 of the upload, hex.
    pub sha256: String,
    pub size: usize,
    /// Of the largest variant (images); 0 for documents.
    pub width: u32,
    pub height: u32,
    /// Smallest first.
    pub files: Vec<PreparedFile>,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A file stored as it was sent (a video, captions, a PDF): one file, no variants.
fn kept_as_sent(kind: &'static str, file: FileType, sha256: String, bytes: &[u8]) -> Prepared {
    Prepared {
        kind,
        sha256,
        size: bytes.len(),
        width: 0,
        height: 0,
        files: vec![PreparedFile {
            name: file_name(bytes, file.ext()),
            content_type: file.content_type(),
            width: 0,
            height: 0,
            bytes: bytes.to_vec(),
        }],
    }
}

/// `<first 32 hex digits of the SHA-256 of the bytes>.<ext>`.
fn file_name(bytes: &[u8], ext: &str) -> String {
    let digest = Sha256::digest(bytes);
    format!("{}.{ext}", hex(&digest[..16]))
}

/// Is this the name of a stored file (`<32 hex>.<ext>`)? Its type if so.
pub fn parse_name(name: &str) -> Option<FileType> {
    let (hash, ext) = name.split_once('.')?;
    let ok = hash.len() == 32 && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    if ok { FileType::from_ext(ext) } else { None }
}

/// Where a stored file lives: `<dir>/<first two hex digits>/<name>`.
pub fn path_in(dir: &Path, name: &str) -> Option<PathBuf> {
    parse_name(name)?;
    Some(dir.join(&name[..2]).join(name))
}

/// The public address of a stored file.
pub fn url(name: &str) -> String {
    format!("{URL_PREFIX}{name}")
}

/// One image is decoded at a time in this process: a 40-megapixel image takes 160 MB while
/// it is being resized, and two cores gain nothing from more.
static DECODING: Mutex<()> = Mutex::new(());

/// Checks an upload and prepares the files to store (no I/O).
pub fn prepare(bytes: &[u8], cfg: &MediaConfig) -> std::result::Result<Prepared, Refusal> {
    if bytes.is_empty() {
        return Err(Refusal::Empty);
    }
    let sniffed = sniff(bytes);
    if sniffed.is_some_and(FileType::is_video) {
        if bytes.len() > cfg.max_video_bytes {
            return Err(Refusal::VideoTooLarge {
                size: bytes.len() as u64,
                max: cfg.max_video_bytes,
            });
        }
    } else if bytes.len() > cfg.max_upload_bytes {
        return Err(Refusal::TooLarge {
            size: bytes.len(),
            max: cfg.max_upload_bytes,
        });
    }
    let kind = match sniffed {
        Some(k) => k,
        None if looks_like_srt(bytes) => return Err(Refusal::Srt),
        None => return Err(Refusal::UnknownType),
    };
    let sha256 = hex(&Sha256::digest(bytes));
    if kind.is_video() {
        // Kept as sent. Uploads through the web stream a video to disk instead (a `Spool`);
        // this path serves callers that already hold the bytes.
        return Ok(kept_as_sent(KIND_VIDEO, kind, sha256, bytes));
    }
    if kind == FileType::Vtt {
        if bytes.len() > MAX_CAPTIONS_BYTES {
            return Err(Refusal::CaptionsTooLarge {
                size: bytes.len(),
                max: MAX_CAPTIONS_BYTES,
            });
        }
        if std::str::from_utf8(bytes).is_err() {
            return Err(Refusal::CaptionsNotUtf8);
        }
        return Ok(kept_as_sent(KIND_CAPTIONS, kind, sha256, bytes));
    }
    if kind == FileType::Pdf {
        // A PDF ends with %%EOF (perhaps followed by line breaks); a cut-off upload does not.
        let tail = &bytes[bytes.len().saturating_sub(1024)..];
        if !tail.windows(5).any(|w| w == b"%%EOF") {
            return Err(Refusal::CorruptPdf);
        }
        return Ok(kept_as_sent(KIND_DOCUMENT, kind, sha256, bytes));
    }
    let files = image_variants(bytes, kind, cfg)?;
    let (width, height) = files.last().map_or((0, 0), |f| (f.width, f.height));
    Ok(Prepared {
        kind: KIND_IMAGE,
        sha256,
        size: bytes.len(),
        width,
        height,
        files,
    })
}

fn limits(cfg: &MediaConfig) -> Limits {
    let mut l = Limits::default();
    l.max_image_width = Some(MAX_SIDE);
    l.max_image_height = Some(MAX_SIDE);
    // Eight bytes a pixel covers 16-bit RGBA, the widest a PNG decodes to.
    l.max_alloc = Some(cfg.max_pixels.saturating_mul(8));
    l
}

/// Reads the dimensions an image declares in its header, without decoding pixels.
pub fn declared_size(bytes: &[u8], kind: FileType) -> Option<(u32, u32)> {
    let format = kind.image_format()?;
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    // Only the header is read here; the side limit must not refuse before we can say why.
    reader.no_limits();
    reader.into_dimensions().ok()
}

fn image_variants(
    bytes: &[u8],
    kind: FileType,
    cfg: &MediaConfig,
) -> std::result::Result<Vec<PreparedFile>, Refusal> {
    let format = kind.image_format().ok_or(Refusal::UnknownType)?;
    // The JPEG decoder fills a cut-off image with grey rather than failing: check the end.
    if kind == FileType::Jpeg && !jpeg_complete(bytes) {
        return Err(Refusal::CorruptImage);
    }
    let (w, h) = declared_size(bytes, kind).ok_or(Refusal::CorruptImage)?;
    if w == 0 || h == 0 {
        return Err(Refusal::CorruptImage);
    }
    if u64::from(w) * u64::from(h) > cfg.max_pixels || w > MAX_SIDE || h > MAX_SIDE {
        return Err(Refusal::TooManyPixels {
            width: w,
            height: h,
            max: cfg.max_pixels,
        });
    }
    let _one_at_a_time = DECODING.lock().unwrap_or_else(|p| p.into_inner());
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits(cfg));
    let mut decoder = reader.into_decoder().map_err(|_| Refusal::CorruptImage)?;
    let orientation = decoder.orientation().ok();
    let mut img = DynamicImage::from_decoder(decoder).map_err(|_| Refusal::CorruptImage)?;
    if let Some(o) = orientation {
        img.apply_orientation(o);
    }
    variants_of(img)
}

/// The stored variants of a decoded, upright image, smallest first.
fn variants_of(img: DynamicImage) -> std::result::Result<Vec<PreparedFile>, Refusal> {
    let transparent = has_transparency(&img);
    let img = if transparent {
        DynamicImage::ImageRgba8(img.into_rgba8())
    } else {
        DynamicImage::ImageRgb8(img.into_rgb8())
    };
    let (w, h) = img.dimensions();
    let mut widths: Vec<u32> = WIDTHS.iter().copied().filter(|t| *t < w).collect();
    let largest = w.min(WIDTHS[WIDTHS.len() - 1]);
    if !widths.contains(&largest) {
        widths.push(largest);
    }
    let mut out = Vec::with_capacity(widths.len());
    // Largest first, each from the one before: cheaper than resizing the original each time.
    let mut current = img;
    for &target in widths.iter().rev() {
        if current.width() != target {
            // Rounded to the nearest pixel, at least one.
            let height = ((u64::from(h) * u64::from(target) + u64::from(w) / 2)
                / u64::from(w).max(1))
            .max(1);
            let height = u32::try_from(height).unwrap_or(u32::MAX);
            current = current.resize_exact(target, height, image::imageops::FilterType::Triangle);
        }
        out.push(encode(&current, transparent)?);
    }
    out.reverse();
    Ok(out)
}

/// Does a JPEG's image data end (an EOI marker after its first scan)? Walks the marker
/// segments up to the first SOS, then looks for EOI: entropy-coded data never contains
/// `FF D9` (a data `FF` is followed by `00`), and an EXIF thumbnail's EOI sits before.
pub fn jpeg_complete(b: &[u8]) -> bool {
    let mut i = 2;
    while i + 4 <= b.len() {
        if b[i] != 0xFF {
            return false;
        }
        let marker = b[i + 1];
        if marker == 0xFF {
            i += 1;
            continue;
        }
        if marker == 0xD8 || marker == 0x01 || (0xD0..=0xD7).contains(&marker) {
            i += 2;
            continue;
        }
        let len = usize::from(u16::from_be_bytes([b[i + 2], b[i + 3]]));
        let next = i + 2 + len;
        if marker == 0xDA {
            return b
                .get(next..)
                .is_some_and(|rest| rest.windows(2).any(|w| w == [0xFF, 0xD9]));
        }
        i = next;
    }
    false
}

fn has_transparency(img: &DynamicImage) -> bool {
    if !img.color().has_alpha() {
        return false;
    }
    img.to_rgba8().pixels().any(|p| p.0[3] < 255)
}

fn encode(img: &DynamicImage, transparent: bool) -> std::result::Result<PreparedFile, Refusal> {
    let mut bytes = Vec::new();
    let kind = if transparent {
        let encoder = image::codecs::png::PngEncoder::new_with_quality(
            &mut bytes,
            image::codecs::png::CompressionType::Default,
            image::codecs::png::FilterType::Adaptive,
        );
        img.write_with_encoder(encoder)
            .map_err(|_| Refusal::CorruptImage)?;
        FileType::Png
    } else {
        let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, JPEG_QUALITY);
        img.write_with_encoder(encoder)
            .map_err(|_| Refusal::CorruptImage)?;
        FileType::Jpeg
    };
    Ok(PreparedFile {
        name: file_name(&bytes, kind.ext()),
        content_type: kind.content_type(),
        width: img.width(),
        height: img.height(),
        bytes,
    })
}

/// Writes the files under `dir` (a file already there is left: same name, same bytes).
pub fn write_files(dir: &Path, files: &[PreparedFile]) -> std::io::Result<()> {
    for f in files {
        let Some(path) = path_in(dir, &f.name) else {
            continue;
        };
        if path.exists() {
            continue;
        }
        let folder = path.parent().unwrap_or(dir);
        std::fs::create_dir_all(folder)?;
        let tmp = folder.join(format!(".{}.{}.tmp", f.name, std::process::id()));
        std::fs::write(&tmp, &f.bytes)?;
        std::fs::rename(&tmp, &path)?;
    }
    Ok(())
}

/// The upload form's text fields as typed.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(default)]
pub struct MediaForm {
    pub organisation_id: String,
    pub alt: String,
    pub credit: String,
}

/// The file part of an upload as the web layer read it.
#[derive(Debug, Default)]
pub struct Upload {
    /// The file's name on the sender's computer (shown in the library, never trusted).
    pub original_name: String,
    pub bytes: Vec<u8>,
    /// Set when the file was larger than the limit: its size (the bytes were not kept).
    pub dropped_size: Option<usize>,
    /// A video, streamed to a temporary file instead of `bytes` (its first bytes said MP4 or
    /// WebM); over `media.max_video_bytes` it holds only the size (ADR 0023).
    pub video: Option<crate::video::Spool>,
}

impl Upload {
    /// The file was over its limit (the image/document one, or the video one).
    pub fn too_large(&self) -> bool {
        self.dropped_size.is_some() || self.video.as_ref().is_some_and(|v| v.too_large())
    }
}

fn check_text(form: &MediaForm, errors: &mut FieldErrors) -> (String, String) {
    let alt = lantoa_viet::normalize(form.alt.trim());
    let alt = alt.split_whitespace().collect::<Vec<_>>().join(" ");
    if alt.is_empty() {
        errors.add(
            "alt",
            "Vui lòng nhập mô tả ảnh (văn bản thay thế): người khiếm thị và người mạng chậm đọc câu này thay cho ảnh. Với tài liệu PDF, nhập tên tài liệu.",
        );
    } else if alt.chars().count() > 300 {
        errors.add("alt", "Mô tả ảnh không quá 300 ký tự.");
    }
    let credit = lantoa_viet::normalize(form.credit.trim());
    let credit = credit.split_whitespace().collect::<Vec<_>>().join(" ");
    if credit.chars().count() > 200 {
        errors.add("credit", "Nguồn, tác giả không quá 200 ký tự.");
    }
    (alt, credit)
}

fn clean_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let base: String = base.chars().filter(|c| !c.is_control()).take(200).collect();
    lantoa_viet::normalize(base.trim())
}

fn media_dir(app: &App) -> Result<&Path> {
    app.media.dir.as_deref().ok_or_else(|| {
        Error::Conflict(
            "Máy chủ chưa có thư mục lưu tệp (storage.data_dir); hãy báo quản trị hệ thống.".into(),
        )
    })
}

/// Stores prepared files and records the item: the files first (a failed transaction
/// leaves only unreferenced files, named by their content, never a row without its files).
#[expect(
    clippy::too_many_arguments,
    reason = "the item's fields, each a plain value"
)]
fn record(
    app: &App,
    conn: &mut Conn,
    org: OrgId,
    prepared: &Prepared,
    original_name: &str,
    alt: &str,
    credit: &str,
    actor: &Actor,
    uploaded_by: Option<i64>,
) -> Result<i64> {
    let dir = media_dir(app)?;
    write_files(dir, &prepared.files)
        .map_err(|e| Error::Internal(format!("writing media files to {}: {e}", dir.display())))?;
    let files = prepared
        .files
        .iter()
        .map(|f| MediaFileRow {
            media_id: 0,
            name: f.name.clone(),
            content_type: f.content_type.to_owned(),
            width: i32::try_from(f.width).unwrap_or(i32::MAX),
            height: i32::try_from(f.height).unwrap_or(i32::MAX),
            bytes: i64::try_from(f.bytes.len()).unwrap_or(i64::MAX),
        })
        .collect();
    let new = store::NewMedia {
        organisation_id: org.0,
        kind: prepared.kind,
        sha256: &prepared.sha256,
        original_name,
        bytes: i64::try_from(prepared.size).unwrap_or(i64::MAX),
        width: i32::try_from(prepared.width).unwrap_or(i32::MAX),
        height: i32::try_from(prepared.height).unwrap_or(i32::MAX),
        alt,
        credit,
        uploaded_by,
        files,
    };
    insert_item(app, conn, &new, actor)
}

/// Inserts an item whose files are stored, with its audit entry.
fn insert_item(
    app: &App,
    conn: &mut Conn,
    new: &store::NewMedia<'_>,
    actor: &Actor,
) -> Result<i64> {
    let now = app.now();
    write_tx(conn, |c| {
        let id = store::insert(c, new, now)?;
        audit::record(
            c,
            now,
            actor,
            "media.upload",
            ("media", id.to_string()),
            Some(OrgId(new.organisation_id)),
            serde_json::json!({
                "kind": new.kind,
                "bytes": new.bytes,
                "sha256": new.sha256,
                "name": new.original_name,
            }),
        )?;
        Ok::<_, Error>(id)
    })
}

/// Checks a video streamed to a temporary file (its limit, its first bytes) and stores it
/// under its hash, then records the item. The file this call created is removed again if
/// the item cannot be recorded; a refused upload's temporary file goes with the `Spool`.
#[expect(
    clippy::too_many_arguments,
    reason = "the item's fields, each a plain value"
)]
fn record_video(
    app: &App,
    conn: &mut Conn,
    org: OrgId,
    spool: crate::video::Spool,
    original_name: &str,
    alt: &str,
    credit: &str,
    actor: &Actor,
    uploaded_by: Option<i64>,
) -> Result<i64> {
    let kind = crate::video::sniff_video(spool.head())
        .ok_or_else(|| Error::Internal("a spooled upload that is not a video".into()))?;
    let size = i64::try_from(spool.size()).unwrap_or(i64::MAX);
    let dir = media_dir(app)?.to_owned();
    let (name, sha256, created) = spool
        .persist(kind.ext())
        .map_err(|e| Error::Internal(format!("storing a video in {}: {e}", dir.display())))?;
    let new = store::NewMedia {
        organisation_id: org.0,
        kind: KIND_VIDEO,
        sha256: &sha256,
        original_name,
        bytes: size,
        width: 0,
        height: 0,
        alt,
        credit,
        uploaded_by,
        files: vec![MediaFileRow {
            media_id: 0,
            name: name.clone(),
            content_type: kind.content_type().to_owned(),
            width: 0,
            height: 0,
            bytes: size,
        }],
    };
    let result = insert_item(app, conn, &new, actor);
    if result.is_err()
        && created
        && let Some(path) = path_in(&dir, &name)
        && let Err(e) = std::fs::remove_file(&path)
    {
        tracing::warn!(file = %path.display(), error = %e, "removing a video whose item failed");
    }
    result
}

/// Uploads a file for an organisation the principal edits for. Every problem comes back as a
/// message beside its field (`organisation_id`, `file`, `alt`, `credit`); nothing is stored
/// unless all is well.
pub fn upload(
    app: &App,
    conn: &mut Conn,
    principal: &Principal,
    form: &MediaForm,
    file: Upload,
    meta: &RequestMeta,
) -> Result<i64> {
    let mut errors = FieldErrors::default();
    let org = form.organisation_id.trim().parse::<i64>().ok().map(OrgId);
    match org {
        Some(o) => {
            // A tampered organisation id is refused, not replaced.
            principal.editor_of(o)?;
        }
        None => errors.add("organisation_id", "Vui lòng chọn đơn vị."),
    }
    let Upload {
        original_name,
        bytes,
        dropped_size,
        video,
    } = file;
    // A video arrives as a temporary file (dropped, so removed, on any refusal below).
    let mut spooled = None;
    let prepared = match (dropped_size, video) {
        (Some(size), _) => Err(Refusal::TooLarge {
            size,
            max: app.media.max_upload_bytes,
        }),
        (None, Some(v)) if v.too_large() => Err(Refusal::VideoTooLarge {
            size: v.size(),
            max: app.media.max_video_bytes,
        }),
        (None, Some(v)) if v.size() == 0 => Err(Refusal::Empty),
        (None, Some(v)) if crate::video::sniff_video(v.head()).is_none() => {
            Err(Refusal::UnknownType)
        }
        (None, Some(v)) => {
            spooled = Some(v);
            Ok(None)
        }
        (None, None) => prepare(&bytes, &app.media).map(Some),
    };
    let prepared = prepared.map_err(|r| errors.add("file", r.message())).ok();
    let (alt, credit) = check_text(form, &mut errors);
    errors.into_result()?;
    let actor = Actor::principal(principal, meta);
    let (Some(org), Some(prepared)) = (org, prepared) else {
        return Err(Error::Internal("validated upload incomplete".into()));
    };
    let name = clean_name(&original_name);
    let Some(prepared) = prepared else {
        let Some(spool) = spooled else {
            return Err(Error::Internal("validated video upload incomplete".into()));
        };
        return record_video(
            app,
            conn,
            org,
            spool,
            &name,
            &alt,
            &credit,
            &actor,
            Some(principal.user.0),
        );
    };
    record(
        app,
        conn,
        org,
        &prepared,
        &name,
        &alt,
        &credit,
        &actor,
        Some(principal.user.0),
    )
}

/// Adds an image made by the program itself (the demo's illustrations) to an organisation's
/// library, through the same variants as an upload; the same picture again is reused.
#[expect(
    clippy::too_many_arguments,
    reason = "the item's fields, each a plain value"
)]
pub fn add_generated(
    app: &App,
    conn: &mut Conn,
    org: OrgId,
    img: DynamicImage,
    name: &str,
    alt: &str,
    credit: &str,
    actor: &Actor,
) -> Result<i64> {
    let files = variants_of(img).map_err(|r| Error::Internal(r.message()))?;
    let largest = files
        .last()
        .ok_or_else(|| Error::Internal("an image without variants".into()))?;
    let sha256 = hex(&Sha256::digest(&largest.bytes));
    if let Some(row) = store::by_sha256(conn, org.0, &sha256)? {
        return Ok(row.id);
    }
    let prepared = Prepared {
        kind: KIND_IMAGE,
        sha256,
        size: largest.bytes.len(),
        width: largest.width,
        height: largest.height,
        files,
    };
    record(app, conn, org, &prepared, name, alt, credit, actor, None)
}

/// Adds a PDF made by the program itself (the demo's leaflets) to an organisation's
/// library, checked like an upload; the same file again is reused.
#[expect(
    clippy::too_many_arguments,
    reason = "the item's fields, each a plain value"
)]
pub fn add_generated_document(
    app: &App,
    conn: &mut Conn,
    org: OrgId,
    pdf: &[u8],
    name: &str,
    alt: &str,
    credit: &str,
    actor: &Actor,
) -> Result<i64> {
    let prepared = prepare(pdf, &app.media).map_err(|r| Error::Internal(r.message()))?;
    if prepared.kind != KIND_DOCUMENT {
        return Err(Error::Internal(format!("{name} is not a PDF")));
    }
    if let Some(row) = store::by_sha256(conn, org.0, &prepared.sha256)? {
        return Ok(row.id);
    }
    record(app, conn, org, &prepared, name, alt, credit, actor, None)
}

/// Stores a file for an import (no principal: the actor is the command line). The same
/// bytes already in the organisation's library are reused. The refusal's message on failure.
pub fn import_file(
    app: &App,
    conn: &mut Conn,
    org: OrgId,
    path: &Path,
    alt: &str,
    credit: &str,
    actor: &Actor,
) -> Result<std::result::Result<i64, String>> {
    import_path(app, conn, org, path, (alt, credit), KIND_IMAGE, actor)
}

/// [`import_file`] for a publication's PDF: anything but a PDF is refused.
pub fn import_document(
    app: &App,
    conn: &mut Conn,
    org: OrgId,
    path: &Path,
    alt: &str,
    credit: &str,
    actor: &Actor,
) -> Result<std::result::Result<i64, String>> {
    import_path(app, conn, org, path, (alt, credit), KIND_DOCUMENT, actor)
}

/// Stores the file at `path` if it is of `kind` (an image or a PDF).
fn import_path(
    app: &App,
    conn: &mut Conn,
    org: OrgId,
    path: &Path,
    (alt, credit): (&str, &str),
    kind: &str,
    actor: &Actor,
) -> Result<std::result::Result<i64, String>> {
    let (what, wrong) = if kind == KIND_DOCUMENT {
        ("tệp ấn phẩm", "Tệp ấn phẩm phải là tài liệu PDF.")
    } else {
        (
            "tệp ảnh bìa",
            "Ảnh bìa phải là ảnh JPEG, PNG, WebP hoặc GIF.",
        )
    };
    let meta = std::fs::metadata(path);
    let size = match meta {
        Ok(m) if m.is_file() => m.len(),
        _ => {
            return Ok(Err(format!("Không đọc được {what} “{}”.", path.display())));
        }
    };
    if size > app.media.max_upload_bytes as u64 {
        return Ok(Err(Refusal::TooLarge {
            size: usize::try_from(size).unwrap_or(usize::MAX),
            max: app.media.max_upload_bytes,
        }
        .message()));
    }
    let Ok(bytes) = std::fs::read(path) else {
        return Ok(Err(format!("Không đọc được {what} “{}”.", path.display())));
    };
    let sha = hex(&Sha256::digest(&bytes));
    if let Some(row) = store::by_sha256(conn, org.0, &sha)?
        && row.kind == kind
    {
        return Ok(Ok(row.id));
    }
    let prepared = match prepare(&bytes, &app.media) {
        Ok(p) if p.kind == kind => p,
        Ok(_) => return Ok(Err(wrong.into())),
        Err(Refusal::UnknownType) if kind == KIND_DOCUMENT => return Ok(Err(wrong.into())),
        Err(r) => return Ok(Err(r.message())),
    };
    let mut errors = FieldErrors::default();
    let (alt, credit) = check_text(
        &MediaForm {
            organisation_id: String::new(),
            alt: alt.to_owned(),
            credit: credit.to_owned(),
        },
        &mut errors,
    );
    if let Some(m) = errors.0.first() {
        return Ok(Err(m.1.clone()));
    }
    let name = clean_name(&path.to_string_lossy());
    record(app, conn, org, &prepared, &name, &alt, &credit, actor, None).map(Ok)
}

/// An item with its files and the content items that use it.
#[derive(Debug, Clone)]
pub struct MediaItem {
    pub row: MediaRow,
    pub org_short_name: String,
    /// Smallest first.
    pub files: Vec<MediaFileRow>,
    /// Content items with this item as their cover: (id, title).
    pub covers: Vec<(i64, String)>,
    pub can_edit: bool,
}

impl MediaItem {
    pub fn is_image(&self) -> bool {
        self.row.kind == KIND_IMAGE
    }

    /// The smallest file (a thumbnail for images).
    pub fn thumb(&self) -> Option<&MediaFileRow> {
        self.files.first()
    }

    /// The largest file (the document itself for PDFs).
    pub fn largest(&self) -> Option<&MediaFileRow> {
        self.files.last()
    }

    /// `srcset` for an `<img>`: every variant with its width.
    pub fn srcset(&self) -> String {
        srcset(&self.files)
    }
}

fn srcset(files: &[MediaFileRow]) -> String {
    files
        .iter()
        .map(|f| format!("{} {}w", url(&f.name), f.width))
        .collect::<Vec<_>>()
        .join(", ")
}

fn items(
    conn: &mut Conn,
    principal: &Principal,
    rows: Vec<MediaListItem>,
) -> Result<Vec<MediaItem>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.media.id).collect();
    let mut files: HashMap<i64, Vec<MediaFileRow>> = HashMap::new();
    for f in store::files_of(conn, &ids)? {
        files.entry(f.media_id).or_default().push(f);
    }
    let mut covers: HashMap<i64, Vec<(i64, String)>> = HashMap::new();
    for (m, c, t) in store::covers_of(conn, &ids)? {
        covers.entry(m).or_default().push((c, t));
    }
    Ok(rows
        .into_iter()
        .map(|r| MediaItem {
            can_edit: principal.editor_of(OrgId(r.media.organisation_id)).is_ok(),
            files: files.remove(&r.media.id).unwrap_or_default(),
            covers: covers.remove(&r.media.id).unwrap_or_default(),
            org_short_name: r.org_short_name,
            row: r.media,
        })
        .collect())
}

/// The library: items of the principal's organisations (all for the plan owner and system
/// administrators), newest first; `kind` narrows to images or documents.
pub fn list(
    conn: &mut Conn,
    principal: &Principal,
    kind: Option<&str>,
    page: PageRequest,
) -> Result<Page<MediaItem>> {
    if !principal.can_enter_back_office() {
        return Err(Error::Denied);
    }
    let filter = MediaFilter {
        orgs: principal.readable_orgs(),
        kind: kind
            .filter(|k| [KIND_IMAGE, KIND_DOCUMENT, KIND_VIDEO, KIND_CAPTIONS].contains(k))
            .map(str::to_owned),
    };
    let page = store::list(conn, &filter, page)?;
    Ok(Page {
        items: items(conn, principal, page.items)?,
        total: page.total,
        page: page.page,
        per_page: page.per_page,
    })
}

/// One item, for a reader of its organisation.
pub fn view(conn: &mut Conn, principal: &Principal, id: i64) -> Result<MediaItem> {
    let row = store::get(conn, id)?.ok_or(Error::NotFound)?;
    principal.reader_of(OrgId(row.organisation_id))?;
    let org_short_name = lantoa_store::orgs::get(conn, OrgId(row.organisation_id))?
        .map(|o| o.short_name)
        .unwrap_or_default();
    let mut v = items(
        conn,
        principal,
        vec![MediaListItem {
            media: row,
            org_short_name,
        }],
    )?;
    v.pop().ok_or(Error::NotFound)
}

/// Changes an item's alt text and credit.
pub fn update(
    app: &App,
    conn: &mut Conn,
    principal: &Principal,
    id: i64,
    form: &MediaForm,
    meta: &RequestMeta,
) -> Result<()> {
    let row = store::get(conn, id)?.ok_or(Error::NotFound)?;
    let org = OrgId(row.organisation_id);
    principal.editor_of(org)?;
    let mut errors = FieldErrors::default();
    let (alt, credit) = check_text(form, &mut errors);
    errors.into_result()?;
    let now = app.now();
    let actor = Actor::principal(principal, meta);
    write_tx(conn, |c| {
        store::set_text(c, id, &alt, &credit, now)?;
        audit::record(
            c,
            now,
            &actor,
            "media.update",
            ("media", id.to_string()),
            Some(org),
            serde_json::json!({ "alt": alt, "credit": credit }),
        )?;
        Ok::<_, Error>(())
    })
}

/// The items that use a library file, (content id, media id, title).
type Users = fn(&mut Conn, &[i64]) -> lantoa_store::StoreResult<Vec<(i64, i64, String)>>;

/// Each use that keeps a library file from being deleted: who uses it, what the refusal
/// says it is, and what to do first.
const IN_USE: [(Users, &str, &str); 5] = [
    (
        store::covers_of,
        "ảnh đang là ảnh bìa của",
        "Hãy chọn ảnh bìa khác cho nội dung đó trước.",
    ),
    (
        lantoa_store::gallery::users_of,
        "ảnh đang có trong phóng sự ảnh",
        "Hãy bỏ ảnh khỏi phóng sự đó trước.",
    ),
    (
        lantoa_store::publications::users_of,
        "tài liệu đang là tệp của ấn phẩm",
        "Hãy chọn tệp khác cho ấn phẩm đó trước.",
    ),
    (
        lantoa_store::video::users_of,
        "tệp video đang được dùng trong",
        "Hãy chọn video khác cho nội dung đó trước.",
    ),
    (
        lantoa_store::video::captions_users_of,
        "tệp phụ đề đang được dùng cho video",
        "Hãy bỏ phụ đề khỏi video đó (hoặc chọn tệp khác) trước.",
    ),
];

/// Deletes an item and its files, unless a content item uses it (as its cover, in a photo
/// story's gallery, as a publication's file, as its video or its video's captions, or in its
/// body): then the refusal names them.
pub fn delete(
    app: &App,
    conn: &mut Conn,
    principal: &Principal,
    id: i64,
    meta: &RequestMeta,
) -> Result<()> {
    let row = store::get(conn, id)?.ok_or(Error::NotFound)?;
    let org = OrgId(row.organisation_id);
    principal.editor_of(org)?;
    let files = store::files_of(conn, &[id])?;
    for (uses, what, first) in IN_USE {
        let users = uses(conn, &[id])?;
        if !users.is_empty() {
            let titles: Vec<String> = users.iter().map(|(_, _, t)| format!("“{t}”")).collect();
            return Err(Error::Conflict(format!(
                "Không xóa được: {what} {}. {first}",
                titles.join(", ")
            )));
        }
    }
    let names: Vec<String> = files.iter().map(|f| f.name.clone()).collect();
    let bodies = store::bodies_using(conn, &names)?;
    if !bodies.is_empty() {
        let titles: Vec<String> = bodies.iter().map(|(_, t)| format!("“{t}”")).collect();
        return Err(Error::Conflict(format!(
            "Không xóa được: tệp đang được dùng trong nội dung {}. Hãy bỏ tệp khỏi nội dung đó trước.",
            titles.join(", ")
        )));
    }
    let now = app.now();
    let actor = Actor::principal(principal, meta);
    let orphans = write_tx(conn, |c| {
        store::delete(c, id)?;
        audit::record(
            c,
            now,
            &actor,
            "media.delete",
            ("media", id.to_string()),
            Some(org),
            serde_json::json!({ "alt": row.alt, "sha256": row.sha256 }),
        )?;
        let mut orphans = Vec::new();
        for n in &names {
            if !store::file_in_use(c, n, id)? {
                orphans.push(n.clone());
            }
        }
        Ok::<_, Error>(orphans)
    })?;
    // After the commit: a file still listed by another item (the same upload twice) stays.
    if let Some(dir) = app.media.dir.as_deref() {
        for n in orphans {
            if let Some(path) = path_in(dir, &n)
                && let Err(e) = std::fs::remove_file(&path)
                && e.kind() != std::io::ErrorKind::NotFound
            {
                tracing::warn!(file = %path.display(), error = %e, "removing a deleted media file failed");
            }
        }
    }
    Ok(())
}

/// An image to show as a cover: addresses and sizes for `<img src srcset width height alt>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cover {
    pub media_id: i64,
    /// A middle-sized variant (640 px or the nearest), the `src` fallback.
    pub src: String,
    pub srcset: String,
    /// Of the largest variant (the ratio is what matters to the browser).
    pub width: u32,
    pub height: u32,
    /// The largest variant's address (Open Graph).
    pub largest: String,
    pub alt: String,
    pub credit: String,
}

/// The covers of these media items, by media id (documents and missing items left out).
pub fn covers(conn: &mut Conn, ids: &[i64]) -> Result<HashMap<i64, Cover>> {
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    let mut out = HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    let mut files: HashMap<i64, Vec<MediaFileRow>> = HashMap::new();
    for f in store::files_of(conn, &ids)? {
        files.entry(f.media_id).or_default().push(f);
    }
    for id in ids {
        let Some(row) = store::get(conn, id)? else {
            continue;
        };
        let Some(fs) = files.remove(&id) else {
            continue;
        };
        if row.kind != KIND_IMAGE {
            continue;
        }
        let Some(largest) = fs.last() else {
            continue;
        };
        let src = fs.iter().find(|f| f.width >= 640).unwrap_or(largest);
        out.insert(
            id,
            Cover {
                media_id: id,
                src: url(&src.name),
                srcset: srcset(&fs),
                width: u32::try_from(largest.width).unwrap_or(0),
                height: u32::try_from(largest.height).unwrap_or(0),
                largest: url(&largest.name),
                alt: row.alt,
                credit: row.credit,
            },
        );
    }
    Ok(out)
}

/// An image an editor may pick as a cover.
#[derive(Debug, Clone)]
pub struct CoverChoice {
    pub id: i64,
    pub org_short_name: String,
    pub thumb: String,
    pub width: u32,
    pub height: u32,
    pub alt: String,
}

/// How many images the cover picker offers (the newest).
pub const COVER_CHOICES: i64 = 60;

/// The newest images of the organisations the principal writes for, plus `current` (the
/// item's cover now) even when older or of another organisation.
pub fn cover_choices(
    conn: &mut Conn,
    principal: &Principal,
    orgs: &[i64],
    current: Option<i64>,
) -> Result<Vec<CoverChoice>> {
    image_choices(conn, principal, orgs, current.as_slice())
}

/// The newest images of the organisations the principal writes for, plus every image in
/// `current` (those chosen now: a cover, a photo story's images) even when older or of
/// another organisation, so that saving the form again never drops them.
pub fn image_choices(
    conn: &mut Conn,
    principal: &Principal,
    orgs: &[i64],
    current: &[i64],
) -> Result<Vec<CoverChoice>> {
    let filter = MediaFilter {
        orgs: Some(orgs.iter().copied().map(OrgId).collect()),
        kind: Some(KIND_IMAGE.to_owned()),
    };
    let mut rows = store::list(conn, &filter, PageRequest::new(1, COVER_CHOICES))?.items;
    for &id in current {
        if rows.iter().any(|r| r.media.id == id) {
            continue;
        }
        let Some(row) = store::get(conn, id)? else {
            continue;
        };
        if row.kind != KIND_IMAGE {
            continue;
        }
        let org_short_name = lantoa_store::orgs::get(conn, OrgId(row.organisation_id))?
            .map(|o| o.short_name)
            .unwrap_or_default();
        rows.push(MediaListItem {
            media: row,
            org_short_name,
        });
    }
    Ok(items(conn, principal, rows)?
        .into_iter()
        .filter_map(|m| {
            let t = m.thumb()?;
            Some(CoverChoice {
                id: m.row.id,
                org_short_name: m.org_short_name.clone(),
                thumb: url(&t.name),
                width: u32::try_from(t.width).unwrap_or(0),
                height: u32::try_from(t.height).unwrap_or(0),
                alt: m.row.alt.clone(),
            })
        })
        .collect())
}

/// A PDF an editor may pick as a publication's file.
#[derive(Debug, Clone)]
pub struct DocumentChoice {
    pub id: i64,
    /// "Cẩm nang tuyển sinh 2026 (KG-CĐ, 1,2 MB)".
    pub label: String,
}

/// The newest PDFs of the organisations the principal writes for, plus `current` (the
/// publication's file now) even when older, so that saving the form again never drops it.
pub fn document_choices(
    conn: &mut Conn,
    orgs: &[i64],
    current: Option<i64>,
) -> Result<Vec<DocumentChoice>> {
    file_choices(conn, orgs, current, KIND_DOCUMENT)
}

/// The newest caption files (WebVTT) of these organisations, plus `current` (the video's
/// captions now) even when older, so that saving the form again never drops them.
pub fn captions_choices(
    conn: &mut Conn,
    orgs: &[i64],
    current: Option<i64>,
) -> Result<Vec<DocumentChoice>> {
    file_choices(conn, orgs, current, KIND_CAPTIONS)
}

fn file_choices(
    conn: &mut Conn,
    orgs: &[i64],
    current: Option<i64>,
    kind: &str,
) -> Result<Vec<DocumentChoice>> {
    let filter = MediaFilter {
        orgs: Some(orgs.iter().copied().map(OrgId).collect()),
        kind: Some(kind.to_owned()),
    };
    let mut rows = store::list(conn, &filter, PageRequest::new(1, COVER_CHOICES))?.items;
    if let Some(id) = current
        && !rows.iter().any(|r| r.media.id == id)
        && let Some(row) = store::get(conn, id)?
        && row.kind == kind
    {
        let org_short_name = lantoa_store::orgs::get(conn, OrgId(row.organisation_id))?
            .map(|o| o.short_name)
            .unwrap_or_default();
        rows.push(MediaListItem {
            media: row,
            org_short_name,
        });
    }
    Ok(rows
        .into_iter()
        .map(|r| DocumentChoice {
            id: r.media.id,
            label: format!(
                "{} ({}, {})",
                r.media.alt,
                r.org_short_name,
                human_size(u64::try_from(r.media.bytes).unwrap_or(0))
            ),
        })
        .collect())
}

/// Checks a cover chosen for an item of `org`: an image of that organisation's library.
pub fn check_cover(
    conn: &mut Conn,
    media_id: i64,
    org: i64,
) -> Result<std::result::Result<(), &'static str>> {
    Ok(match store::get(conn, media_id)? {
        None => Err("Ảnh bìa đã chọn không còn trong thư viện; vui lòng chọn ảnh khác."),
        Some(m) if m.kind != KIND_IMAGE => Err("Ảnh bìa phải là ảnh, không phải tài liệu."),
        Some(m) if m.organisation_id != org => {
            Err("Ảnh bìa phải là ảnh trong thư viện của đơn vị tác giả.")
        }
        Some(_) => Ok(()),
    })
}
