//! Publications (ấn phẩm: leaflets, handbooks; issue 3, point 1;
//! docs/adr/0024-publications.md): a content item offering a PDF of the author organisation's
//! media library for download, with a cover thumbnail.
//!
//! The cover is the editor's choice; left empty, the PDF's first page becomes the cover: it
//! is rendered by Poppler's `pdftoppm` (when the binary is installed) under a time limit, at
//! most [`COVER_SIDE`] pixels on its long side, and stored in the library through the same
//! image pipeline as an upload. When that is not possible the save is refused with a message
//! asking for a cover, and nothing typed is lost.
//!
//! The PDF's page count is read by Poppler's `pdfinfo` (same limits) when the item is saved
//! and stored with it; the page shows "12 trang" beside the download, or nothing when the
//! count could not be read (docs/adr/0026-video-start-and-pdf-pages.md).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use image::{DynamicImage, ImageFormat, ImageReader};
use lantoa_domain::OrgId;
use lantoa_domain::content::ContentKind;
use lantoa_store::Conn;
use lantoa_store::media as media_store;

use crate::audit::Actor;
use crate::media::{self, KIND_DOCUMENT};
use crate::{App, FieldErrors, Result};

/// The long side of a rendered first page, in pixels (the widest cover variant is 1600).
pub const COVER_SIDE: u32 = 1200;
/// How long `pdftoppm` may take for one page before it is stopped.
pub const RENDER_TIMEOUT: Duration = Duration::from_secs(15);
/// The renderer's program name (looked up on `PATH`).
pub const RENDERER: &str = "pdftoppm";
/// The program that reads a PDF's page count (Poppler's, like the renderer).
pub const INSPECTOR: &str = "pdfinfo";
/// How long `pdfinfo` may take before it is stopped (it reads the cross-reference table, not
/// the pages, so this is generous).
pub const INSPECT_TIMEOUT: Duration = Duration::from_secs(15);

/// A publication's file as readers see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub media_id: i64,
    /// `/media/<hash>.pdf`.
    pub href: String,
    /// "1,2 MB".
    pub size: String,
    /// The library's description of the file (its title).
    pub title: String,
    /// How many pages it has, when that was read as the item was saved.
    pub pages: Option<u32>,
}

impl Document {
    /// "12 trang", or nothing when the count is not known.
    pub fn pages_label(&self) -> Option<String> {
        self.pages
            .map(|n| format!("{} trang", crate::format::int(i64::from(n))))
    }
}

/// Checks the PDF typed for an item of `kind` by organisation `org` (field
/// `document_media_id`): a publication needs one PDF of that organisation's library; the
/// other kinds none.
pub fn check(
    conn: &mut Conn,
    typed: &str,
    org: Option<i64>,
    kind: Option<ContentKind>,
    errors: &mut FieldErrors,
) -> Result<Option<i64>> {
    let typed = typed.trim();
    if kind != Some(ContentKind::Publication) {
        if !typed.is_empty() && kind.is_some() {
            errors.add(
                "document_media_id",
                "Chỉ ấn phẩm có tệp PDF: hãy chọn loại “Ấn phẩm”, hoặc chọn “— Không có tệp —”.",
            );
        }
        return Ok(None);
    }
    if typed.is_empty() {
        errors.add(
            "document_media_id",
            "Ấn phẩm cần một tệp PDF: tải tệp lên mục “Thư viện ảnh, tệp” rồi chọn ở đây.",
        );
        return Ok(None);
    }
    let Ok(id) = typed.parse::<i64>() else {
        errors.add(
            "document_media_id",
            "Tệp PDF đã chọn không có trong thư viện.",
        );
        return Ok(None);
    };
    let message = match media_store::get(conn, id)? {
        None => Some("Tệp PDF đã chọn không còn trong thư viện; vui lòng chọn tệp khác."),
        Some(m) if m.kind != KIND_DOCUMENT => {
            Some("Tệp của ấn phẩm phải là tài liệu PDF, không phải ảnh.")
        }
        Some(m) if org.is_some_and(|o| o != m.organisation_id) => {
            Some("Tệp PDF phải nằm trong thư viện của đơn vị tác giả.")
        }
        Some(_) => None,
    };
    if let Some(m) = message {
        errors.add("document_media_id", m);
    }
    Ok(Some(id))
}

/// The PDF a publication offers, if it has one still in the library.
pub fn document(conn: &mut Conn, content: i64) -> Result<Option<Document>> {
    match lantoa_store::publications::of(conn, content)? {
        Some((id, pages)) => describe(conn, id, pages.and_then(|p| u32::try_from(p).ok())),
        None => Ok(None),
    }
}

/// A library PDF as readers see it, with its page count when known.
pub fn describe(conn: &mut Conn, media_id: i64, pages: Option<u32>) -> Result<Option<Document>> {
    let Some(row) = media_store::get(conn, media_id)? else {
        return Ok(None);
    };
    if row.kind != KIND_DOCUMENT {
        return Ok(None);
    }
    let Some(file) = media_store::files_of(conn, &[media_id])?.into_iter().next() else {
        return Ok(None);
    };
    Ok(Some(Document {
        media_id,
        href: media::url(&file.name),
        size: media::human_size(u64::try_from(row.bytes).unwrap_or(0)),
        title: row.alt,
        pages: pages.filter(|p| *p > 0),
    }))
}

/// Where a library PDF's file is on disk (none without a media folder or a stored file).
fn stored_path(app: &App, conn: &mut Conn, document_id: i64) -> Result<Option<PathBuf>> {
    let Some(dir) = app.media.dir.as_deref() else {
        return Ok(None);
    };
    let Some(file) = media_store::files_of(conn, &[document_id])?
        .into_iter()
        .next()
    else {
        return Ok(None);
    };
    Ok(media::path_in(dir, &file.name))
}

/// The page count to store with a publication's PDF, read by `pdfinfo` ([`page_count`]).
/// `known` is what the item holds now: the same PDF with a count already read is not read
/// again. `None` when it cannot be known here; the page then shows no count.
pub fn pages_to_store(
    app: &App,
    conn: &mut Conn,
    document: Option<i64>,
    known: Option<(i64, Option<i32>)>,
) -> Result<Option<i32>> {
    let Some(document) = document else {
        return Ok(None);
    };
    if let Some((id, Some(pages))) = known
        && id == document
    {
        return Ok(Some(pages));
    }
    let Some(path) = stored_path(app, conn, document)? else {
        return Ok(None);
    };
    Ok(page_count(&path, INSPECT_TIMEOUT).and_then(|n| i32::try_from(n).ok()))
}

/// Waits for a Poppler program, killing it past `timeout`. Its exit status, or `None` when
/// it was stopped.
fn wait_or_kill(
    child: &mut std::process::Child,
    timeout: Duration,
    program: &str,
    pdf: &Path,
) -> Option<std::process::ExitStatus> {
    let deadline = Instant::now() + timeout;
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Some(status),
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(20)),
            Ok(None) | Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                tracing::warn!(file = %pdf.display(), "{program} took too long: stopped");
                return None;
            }
        }
    }
}

/// Reads a PDF's page count with Poppler's `pdfinfo` (its `Pages:` line), in its own
/// process killed past `timeout`. `None` when the program is missing, fails, is too slow or
/// says nothing readable.
pub fn page_count(pdf: &Path, timeout: Duration) -> Option<u32> {
    use std::io::Read;
    let mut child = Command::new(INSPECTOR)
        .arg(pdf)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| tracing::info!(error = %e, "{INSPECTOR} is not available: no page count"))
        .ok()?;
    // Read on the side, so a chatty file (long metadata) cannot fill the pipe and stall it;
    // at most 64 KiB are kept.
    let mut stdout = child.stdout.take()?;
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        let _ = (&mut stdout).take(64 * 1024).read_to_end(&mut out);
        // Whatever is left is drained, so the program never blocks on a full pipe.
        let _ = std::io::copy(&mut stdout, &mut std::io::sink());
        out
    });
    let status = wait_or_kill(&mut child, timeout, INSPECTOR, pdf);
    let out = reader.join().ok()?;
    if !status?.success() {
        tracing::info!(file = %pdf.display(), "{INSPECTOR} could not read the PDF");
        return None;
    }
    pages_in(&String::from_utf8_lossy(&out))
}

/// The `Pages:` line of `pdfinfo`'s output.
fn pages_in(info: &str) -> Option<u32> {
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|v| v.trim().parse::<u32>().ok())
        .filter(|n| *n > 0)
}

/// Makes the first page of a library PDF into an image of the same organisation's library,
/// for a publication's cover. `None` when the page cannot be rendered here (no renderer,
/// a damaged file, too slow): the editor then chooses a cover.
pub fn cover_from_pdf(
    app: &App,
    conn: &mut Conn,
    document_id: i64,
    actor: &Actor,
) -> Result<Option<i64>> {
    let Some(row) = media_store::get(conn, document_id)? else {
        return Ok(None);
    };
    let Some(path) = stored_path(app, conn, document_id)? else {
        return Ok(None);
    };
    let Some(page) = render_first_page(&path, RENDER_TIMEOUT) else {
        return Ok(None);
    };
    let stem = row
        .original_name
        .strip_suffix(".pdf")
        .or_else(|| row.original_name.strip_suffix(".PDF"))
        .unwrap_or(&row.original_name);
    let id = media::add_generated(
        app,
        conn,
        OrgId(row.organisation_id),
        page,
        &format!("{stem} (trang bìa).png"),
        &format!("Trang bìa của ấn phẩm “{}”", row.alt),
        &row.credit,
        actor,
    )?;
    Ok(Some(id))
}

static RENDERS: AtomicU64 = AtomicU64::new(0);

/// Removes a folder when dropped (the renderer's output, whatever happens).
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Renders page 1 of a PDF with `pdftoppm`, at most [`COVER_SIDE`] pixels on its long side;
/// the process is killed past `timeout`. `None` when the program is missing or fails.
pub fn render_first_page(pdf: &Path, timeout: Duration) -> Option<DynamicImage> {
    let n = RENDERS.fetch_add(1, Ordering::Relaxed);
    let dir =
        TempDir(std::env::temp_dir().join(format!("lantoa-pdf-cover-{}-{n}", std::process::id())));
    std::fs::create_dir_all(&dir.0).ok()?;
    let prefix = dir.0.join("page");
    let side = COVER_SIDE.to_string();
    let mut child = Command::new(RENDERER)
        .args([
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            "-png",
            "-scale-to",
            &side,
        ])
        .arg(pdf)
        .arg(&prefix)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(
            |e| tracing::info!(error = %e, "{RENDERER} is not available: no cover from the PDF"),
        )
        .ok()?;
    let status = wait_or_kill(&mut child, timeout, RENDERER, pdf)?;
    if !status.success() {
        tracing::info!(file = %pdf.display(), %status, "{RENDERER} could not render the PDF");
        return None;
    }
    let png = std::fs::read(prefix.with_extension("png")).ok()?;
    let mut reader = ImageReader::with_format(std::io::Cursor::new(png), ImageFormat::Png);
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(COVER_SIDE + 1);
    limits.max_image_height = Some(COVER_SIDE + 1);
    reader.limits(limits);
    reader.decode().ok()
}

/// A one-page PDF showing a JPEG over the whole page (`width` × `height` points; A5 is
/// 420 × 595): the demo's leaflets, drawn by the project, are made this way.
pub fn picture_pdf(jpeg: &[u8], pixels: (u32, u32), width: u32, height: u32) -> Vec<u8> {
    let (w, h) = pixels;
    let content = format!("q {width} 0 0 {height} 0 0 cm /Im0 Do Q\n");
    let mut out: Vec<u8> = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    let mut object = |out: &mut Vec<u8>, head: String, stream: Option<&[u8]>| {
        offsets.push(out.len());
        out.extend_from_slice(head.as_bytes());
        if let Some(bytes) = stream {
            out.extend_from_slice(b"\nstream\n");
            out.extend_from_slice(bytes);
            out.extend_from_slice(b"\nendstream");
        }
        out.extend_from_slice(b"\nendobj\n");
    };
    object(
        &mut out,
        "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>".into(),
        None,
    );
    object(
        &mut out,
        "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>".into(),
        None,
    );
    object(
        &mut out,
        format!(
            "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width} {height}] \
             /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>"
        ),
        None,
    );
    object(
        &mut out,
        format!(
            "4 0 obj\n<< /Type /XObject /Subtype /Image /Width {w} /Height {h} \
             /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length {} >>",
            jpeg.len()
        ),
        Some(jpeg),
    );
    object(
        &mut out,
        format!("5 0 obj\n<< /Length {} >>", content.len()),
        Some(content.as_bytes()),
    );
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", offsets.len() + 1).as_bytes(),
    );
    for o in &offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            offsets.len() + 1
        )
        .as_bytes(),
    );
    out
}
