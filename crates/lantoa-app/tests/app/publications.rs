//! Publications (docs/adr/0024-publications.md): a PDF of the library offered for download;
//! left without a cover, the PDF's first page becomes one; refusals beside the field with the
//! rest kept; a PDF in use is not deleted.

use std::io::Cursor;

use image::{GenericImageView, ImageFormat, Rgb, RgbImage};
use lantoa_app::content::{self, ContentForm};
use lantoa_app::media::{self, MediaConfig, MediaForm, Upload};
use lantoa_app::publications;
use lantoa_app::{App, Error, RequestMeta};
use lantoa_domain::OrgId;
use lantoa_domain::access::{OrgRole, Principal};
use lantoa_domain::content::{ContentAction, ContentKind};
use lantoa_store::{both_engines, orgs};

use super::media::jpeg;
use super::support::{app, member};

fn upload(
    app: &App,
    c: &mut lantoa_store::Conn,
    who: &Principal,
    org: OrgId,
    alt: &str,
    name: &str,
    bytes: Vec<u8>,
) -> i64 {
    let form = MediaForm {
        organisation_id: org.0.to_string(),
        alt: alt.into(),
        credit: "Phòng Đào tạo".into(),
    };
    let file = Upload {
        original_name: name.into(),
        bytes,
        dropped_size: None,
        video: None,
    };
    media::upload(app, c, who, &form, file, &RequestMeta::default()).unwrap()
}

/// An A5 leaflet whose only page is one solid colour.
fn leaflet(colour: [u8; 3]) -> Vec<u8> {
    let img = RgbImage::from_pixel(280, 397, Rgb(colour));
    let mut jpg = Cursor::new(Vec::new());
    img.write_to(&mut jpg, ImageFormat::Jpeg).unwrap();
    publications::picture_pdf(&jpg.into_inner(), (280, 397), 420, 595)
}

/// Is Poppler's renderer here? Required when CI or LANTOA_REQUIRE_TEST_DEPS is set.
fn renderer() -> bool {
    let here = std::process::Command::new(publications::RENDERER)
        .arg("-v")
        .output()
        .is_ok();
    let required =
        std::env::var_os("CI").is_some() || std::env::var_os("LANTOA_REQUIRE_TEST_DEPS").is_some();
    assert!(
        here || !required,
        "pdftoppm (poppler-utils) is required: scripts/test-deps.sh installs it"
    );
    if !here {
        eprintln!(
            "SKIPPED: pdftoppm is not installed (scripts/test-deps.sh installs poppler-utils)"
        );
    }
    here
}

fn errors(e: Error) -> lantoa_app::FieldErrors {
    match e {
        Error::Invalid(f) => f,
        other => panic!("expected a validation error, got {other:?}"),
    }
}

/// A PDF of `n` blank A4 pages, written by hand (a catalog, a page tree, the pages, a
/// cross-reference table).
fn blank_pages(n: usize) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    let kids: Vec<String> = (0..n).map(|i| format!("{} 0 R", i + 3)).collect();
    let mut objects = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        format!("<< /Type /Pages /Kids [{}] /Count {n} >>", kids.join(" ")),
    ];
    objects.extend(
        (0..n).map(|_| "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>".to_owned()),
    );
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
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

#[test]
fn pdfinfo_reads_the_page_count_and_nothing_is_said_when_it_cannot() {
    if !renderer() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("so-tay.pdf");
    std::fs::write(&path, blank_pages(12)).unwrap();
    assert_eq!(
        publications::page_count(&path, publications::INSPECT_TIMEOUT),
        Some(12)
    );
    std::fs::write(&path, leaflet([20, 90, 200])).unwrap();
    assert_eq!(
        publications::page_count(&path, publications::INSPECT_TIMEOUT),
        Some(1)
    );
    // Not a PDF, or no file: no count (the page then shows none).
    std::fs::write(&path, b"%PDF-1.4\nnot really\n%%EOF\n").unwrap();
    assert_eq!(
        publications::page_count(&path, publications::INSPECT_TIMEOUT),
        None
    );
    assert_eq!(
        publications::page_count(
            &tmp.path().join("missing.pdf"),
            publications::INSPECT_TIMEOUT
        ),
        None
    );
}

#[test]
fn the_demo_leaflet_format_is_a_pdf_the_library_accepts_and_poppler_renders() {
    let pdf = leaflet([20, 90, 200]);
    assert_eq!(media::sniff(&pdf), Some(media::FileType::Pdf));
    assert!(media::prepare(&pdf, &MediaConfig::default()).is_ok());
    if !renderer() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("to-roi.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let page = publications::render_first_page(&path, publications::RENDER_TIMEOUT).unwrap();
    // The long side is the cover size; the page keeps its A5 shape.
    assert_eq!(page.height(), publications::COVER_SIDE);
    assert!(
        (page.width() as f64 / page.height() as f64 - 420.0 / 595.0).abs() < 0.01,
        "{}x{}",
        page.width(),
        page.height()
    );
    let px = page.get_pixel(page.width() / 2, page.height() / 2);
    assert!(
        px[0] < 60 && (70..110).contains(&px[1]) && px[2] > 170,
        "the page's colour, got {px:?}"
    );
    // Not a PDF: nothing.
    std::fs::write(&path, b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n").unwrap();
    assert!(publications::render_first_page(&path, publications::RENDER_TIMEOUT).is_none());
}

both_engines!(fn a_publication_without_a_cover_takes_its_first_page_and_offers_the_pdf(db) {
    if !renderer() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let app = app(db.clone(), tmp.path());
    let mut c = db.conn().unwrap();
    lantoa_app::demo::seed(&app, &mut c).unwrap();
    let college = orgs::by_slug(&mut c, "truong-cao-dang-kien-giang").unwrap().unwrap().org_id();
    let editor = member(college, OrgRole::Editor);
    let approver = member(college, OrgRole::Approver);
    let meta = RequestMeta::default();
    let pdf = upload(&app, &mut c, &editor, college, "Cẩm nang tuyển sinh 2026", "cam-nang-2026.pdf", leaflet([200, 30, 40]));
    let form = ContentForm {
        organisation_id: college.0.to_string(),
        kind: "publication".into(),
        title: "Cẩm nang tuyển sinh năm 2026".into(),
        summary: "Ngành nghề, học phí và cách đăng ký học.".into(),
        // The text is optional: the PDF is the publication.
        body: String::new(),
        topics: vec!["iv-2-a".into()],
        document_media_id: pdf.to_string(),
        ..ContentForm::default()
    };
    let id = content::create(&app, &mut c, &editor, &form, &meta).unwrap().id;
    let view = content::view(&mut c, &editor, id).unwrap();
    let cover = view.row.cover_media_id.unwrap(); // the first page became the cover
    let item = media::view(&mut c, &editor, cover).unwrap();
    assert!(item.is_image());
    assert_eq!(item.row.alt, "Trang bìa của ấn phẩm “Cẩm nang tuyển sinh 2026”");
    assert_eq!(item.row.credit, "Phòng Đào tạo");
    assert_eq!(item.row.organisation_id, college.0);
    // The stored cover shows the page (red), in the library's widths.
    let largest = item.largest().unwrap();
    assert_eq!(largest.height, 1200);
    let bytes = std::fs::read(media::path_in(&tmp.path().join("media"), &largest.name).unwrap()).unwrap();
    let img = image::load_from_memory(&bytes).unwrap();
    let px = img.get_pixel(img.width() / 2, img.height() / 2);
    assert!(px[0] > 170 && px[1] < 70 && px[2] < 80, "{px:?}");
    // Saving again keeps that cover (no second rendering).
    content::update(&app, &mut c, &editor, id, &ContentForm { cover_media_id: cover.to_string(), ..form.clone() }, &meta).unwrap();
    assert_eq!(content::view(&mut c, &editor, id).unwrap().row.cover_media_id, Some(cover));
    content::act(&app, &mut c, &editor, id, ContentAction::Submit, "", &meta).unwrap();
    content::act(&app, &mut c, &approver, id, ContentAction::Publish, "", &meta).unwrap();
    let public = content::public_item(&mut c, ContentKind::Publication, "cam-nang-tuyen-sinh-nam-2026").unwrap();
    let doc = public.document.unwrap();
    assert!(doc.href.starts_with("/media/") && doc.href.ends_with(".pdf"), "{}", doc.href);
    assert_eq!(doc.title, "Cẩm nang tuyển sinh 2026");
    assert!(doc.size.ends_with("KB"), "{}", doc.size);
    // Its page count, read when it was saved.
    assert_eq!(doc.pages, Some(1));
    assert_eq!(doc.pages_label().as_deref(), Some("1 trang"));
    assert_eq!(public.cover.unwrap().media_id, cover);
    assert!(matches!(content::public_item(&mut c, ContentKind::Article, "cam-nang-tuyen-sinh-nam-2026"), Err(Error::NotFound)));
    assert_eq!(lantoa_app::search::content_path("publication", "cam-nang-tuyen-sinh-nam-2026"), "/an-pham/cam-nang-tuyen-sinh-nam-2026");
    // The PDF of a publication is not deleted from the library.
    match media::delete(&app, &mut c, &editor, pdf, &meta).unwrap_err() {
        Error::Conflict(m) => assert!(m.contains("tệp của ấn phẩm “Cẩm nang tuyển sinh năm 2026”"), "{m}"),
        other => panic!("{other:?}"),
    }
    // Withdrawn: the address stays, the file is no longer offered.
    content::act(&app, &mut c, &approver, id, ContentAction::Withdraw, "Đã có cẩm nang mới", &meta).unwrap();
    assert!(content::public_item(&mut c, ContentKind::Publication, "cam-nang-tuyen-sinh-nam-2026").unwrap().document.is_none());
});

both_engines!(fn a_saved_publication_keeps_its_pdfs_page_count_and_reads_a_new_pdfs(db) {
    if !renderer() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let app = app(db.clone(), tmp.path());
    let mut c = db.conn().unwrap();
    lantoa_app::demo::seed(&app, &mut c).unwrap();
    let college = orgs::by_slug(&mut c, "truong-cao-dang-kien-giang").unwrap().unwrap().org_id();
    let editor = member(college, OrgRole::Editor);
    let meta = RequestMeta::default();
    let photo = upload(&app, &mut c, &editor, college, "Học viên thực hành", "anh.jpg", jpeg(400, 300));
    let handbook = upload(&app, &mut c, &editor, college, "Sổ tay học viên", "so-tay.pdf", blank_pages(12));
    let leaflet_id = upload(&app, &mut c, &editor, college, "Tờ rơi", "to-roi.pdf", leaflet([1, 2, 3]));
    let form = ContentForm {
        organisation_id: college.0.to_string(),
        kind: "publication".into(),
        title: "Sổ tay học viên năm học 2026–2027".into(),
        cover_media_id: photo.to_string(),
        document_media_id: handbook.to_string(),
        ..ContentForm::default()
    };
    let id = content::create(&app, &mut c, &editor, &form, &meta).unwrap().id;
    assert_eq!(lantoa_store::publications::of(&mut c, id).unwrap(), Some((handbook, Some(12))));
    // The preview says it too, from what was saved.
    let preview = content::preview(&app, &mut c, &editor, Some(id), &form).unwrap();
    assert_eq!(preview.item.document.unwrap().pages_label().as_deref(), Some("12 trang"));
    // Another PDF: its own count.
    content::update(&app, &mut c, &editor, id, &ContentForm { document_media_id: leaflet_id.to_string(), ..form.clone() }, &meta).unwrap();
    assert_eq!(lantoa_store::publications::of(&mut c, id).unwrap(), Some((leaflet_id, Some(1))));
});

both_engines!(fn publication_refusals_name_the_file_and_store_nothing(db) {
    let tmp = tempfile::tempdir().unwrap();
    let app = app(db.clone(), tmp.path());
    let mut c = db.conn().unwrap();
    lantoa_app::demo::seed(&app, &mut c).unwrap();
    let college = orgs::by_slug(&mut c, "truong-cao-dang-kien-giang").unwrap().unwrap().org_id();
    let paper = orgs::by_slug(&mut c, "bao-kien-giang").unwrap().unwrap().org_id();
    let editor = member(college, OrgRole::Editor);
    let reporter = member(paper, OrgRole::Editor);
    let meta = RequestMeta::default();
    let photo = upload(&app, &mut c, &editor, college, "Học viên thực hành", "anh.jpg", jpeg(400, 300));
    let theirs = upload(&app, &mut c, &reporter, paper, "Tờ rơi của báo", "bao.pdf", leaflet([10, 10, 10]));
    // Accepted by the library (it ends with %%EOF) but without a page to render.
    let pageless = upload(&app, &mut c, &editor, college, "Tệp hỏng", "hong.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".to_vec());
    let base = ContentForm {
        organisation_id: college.0.to_string(),
        kind: "publication".into(),
        title: "Tờ rơi tuyển sinh".into(),
        summary: "Tóm tắt giữ nguyên.".into(),
        ..ContentForm::default()
    };
    let f = errors(content::create(&app, &mut c, &editor, &base, &meta).unwrap_err());
    assert!(f.get("document_media_id").unwrap().contains("Ấn phẩm cần một tệp PDF"), "{f:?}");
    let f = errors(content::create(&app, &mut c, &editor, &ContentForm { document_media_id: photo.to_string(), ..base.clone() }, &meta).unwrap_err());
    assert!(f.get("document_media_id").unwrap().contains("phải là tài liệu PDF, không phải ảnh"), "{f:?}");
    let f = errors(content::create(&app, &mut c, &editor, &ContentForm { document_media_id: theirs.to_string(), ..base.clone() }, &meta).unwrap_err());
    assert!(f.get("document_media_id").unwrap().contains("thư viện của đơn vị tác giả"), "{f:?}");
    let f = errors(content::create(&app, &mut c, &editor, &ContentForm { document_media_id: "999999".into(), ..base.clone() }, &meta).unwrap_err());
    assert!(f.get("document_media_id").unwrap().contains("không còn trong thư viện"), "{f:?}");
    // An article with a PDF chosen is refused rather than silently dropping it.
    let article = ContentForm { kind: "article".into(), body: "Bài viết.".into(), document_media_id: pageless.to_string(), ..base.clone() };
    let f = errors(content::create(&app, &mut c, &editor, &article, &meta).unwrap_err());
    assert!(f.get("document_media_id").unwrap().contains("Chỉ ấn phẩm có tệp PDF"), "{f:?}");
    // No cover and a first page that cannot be rendered: asked for a cover, nothing stored.
    let unrenderable = ContentForm { document_media_id: pageless.to_string(), ..base.clone() };
    let f = errors(content::create(&app, &mut c, &editor, &unrenderable, &meta).unwrap_err());
    assert!(f.get("cover_media_id").unwrap().contains("vui lòng chọn ảnh bìa"), "{f:?}");
    let titled = |c: &mut lantoa_store::Conn| content::list(c, &editor, None, lantoa_store::PageRequest::new(1, 100)).unwrap().items.iter().filter(|i| i.content.title == "Tờ rơi tuyển sinh").count();
    assert_eq!(titled(&mut c), 0);
    // With a cover chosen it saves.
    let id = content::create(&app, &mut c, &editor, &ContentForm { cover_media_id: photo.to_string(), ..unrenderable }, &meta).unwrap().id;
    assert_eq!(titled(&mut c), 1);
    assert_eq!(lantoa_store::publications::document_of(&mut c, id).unwrap(), Some(pageless));
});
