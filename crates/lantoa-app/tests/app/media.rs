//! The media library (docs/adr/0014-media-pipeline.md): type by content, limits before
//! decoding, EXIF stripped, responsive widths, alt text, permissions, covers. Every image is
//! made here, in code.

use std::io::Cursor;
use std::path::Path;

use super::support::{app, member};
use image::{ImageFormat, Rgb, RgbImage, Rgba, RgbaImage};
use lantoa_app::audit::Actor;
use lantoa_app::content::{self, ContentForm};
use lantoa_app::content_import::import_jsonl_from;
use lantoa_app::media::{self, MediaConfig, MediaForm, Refusal, Upload};
use lantoa_app::{Error, RequestMeta};
use lantoa_domain::OrgId;
use lantoa_domain::access::{OrgRole, Principal};
use lantoa_store::{PageRequest, both_engines, orgs};

/// A photo-like picture: a gradient with a diagonal band, so resizing has work to do.
pub fn photo(width: u32, height: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, y| {
        let band = (x + y) % 97 < 12;
        Rgb([
            (x * 255 / width.max(1)) as u8,
            (y * 255 / height.max(1)) as u8,
            if band { 240 } else { 60 },
        ])
    })
}

pub fn jpeg(width: u32, height: u32) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    photo(width, height)
        .write_to(&mut out, ImageFormat::Jpeg)
        .unwrap();
    out.into_inner()
}

pub fn png(width: u32, height: u32) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    photo(width, height)
        .write_to(&mut out, ImageFormat::Png)
        .unwrap();
    out.into_inner()
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&u32::try_from(data.len()).unwrap().to_be_bytes());
    let mut body = kind.to_vec();
    body.extend_from_slice(data);
    out.extend_from_slice(&body);
    out.extend_from_slice(&crc32(&body).to_be_bytes());
}

/// A few hundred bytes of PNG declaring `width` × `height` RGBA pixels: its IDAT is the
/// start of a zlib stream of zeros (which would inflate to width × height × 4 bytes).
pub fn bomb_png(width: u32, height: u32) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    // zlib header, then fixed-Huffman blocks of zeros would follow; a few suffice here.
    let mut idat = vec![0x78, 0x9C];
    idat.extend(std::iter::repeat_n(0x63, 200));
    chunk(&mut out, b"IDAT", &idat);
    chunk(&mut out, b"IEND", &[]);
    out
}

/// A JPEG with an APP1 Exif segment right after SOI: orientation 6 (turn 90° clockwise to
/// view) and a GPS position (10° 1' 2" N, 105° 3' 4" E; Rạch Giá is near).
pub fn jpeg_with_gps(width: u32, height: u32) -> Vec<u8> {
    let plain = jpeg(width, height);
    // TIFF, big-endian. IFD0 at 8: 2 entries (Orientation, GPS IFD pointer).
    let mut t: Vec<u8> = b"MM\x00\x2A\x00\x00\x00\x08".to_vec();
    let gps_ifd: u32 = 8 + 2 + 2 * 12 + 4;
    t.extend_from_slice(&2u16.to_be_bytes());
    t.extend_from_slice(&[0x01, 0x12, 0x00, 0x03, 0, 0, 0, 1, 0x00, 0x06, 0, 0]);
    t.extend_from_slice(&[0x88, 0x25, 0x00, 0x04, 0, 0, 0, 1]);
    t.extend_from_slice(&gps_ifd.to_be_bytes());
    t.extend_from_slice(&0u32.to_be_bytes());
    // GPS IFD: LatitudeRef "N", Latitude (3 rationals), LongitudeRef "E", Longitude.
    let values: u32 = gps_ifd + 2 + 4 * 12 + 4;
    t.extend_from_slice(&4u16.to_be_bytes());
    t.extend_from_slice(&[0x00, 0x01, 0x00, 0x02, 0, 0, 0, 2, b'N', 0, 0, 0]);
    t.extend_from_slice(&[0x00, 0x02, 0x00, 0x05, 0, 0, 0, 3]);
    t.extend_from_slice(&values.to_be_bytes());
    t.extend_from_slice(&[0x00, 0x03, 0x00, 0x02, 0, 0, 0, 2, b'E', 0, 0, 0]);
    t.extend_from_slice(&[0x00, 0x04, 0x00, 0x05, 0, 0, 0, 3]);
    t.extend_from_slice(&(values + 24).to_be_bytes());
    t.extend_from_slice(&0u32.to_be_bytes());
    for (n, d) in [(10u32, 1u32), (1, 1), (2, 1), (105, 1), (3, 1), (4, 1)] {
        t.extend_from_slice(&n.to_be_bytes());
        t.extend_from_slice(&d.to_be_bytes());
    }
    let mut app1 = b"Exif\x00\x00".to_vec();
    app1.extend_from_slice(&t);
    let mut out = plain[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&u16::try_from(app1.len() + 2).unwrap().to_be_bytes());
    out.extend_from_slice(&app1);
    out.extend_from_slice(&plain[2..]);
    out
}

fn stored_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let Ok(top) = std::fs::read_dir(dir.join("media")) else {
        return out;
    };
    for sub in top.flatten() {
        for f in std::fs::read_dir(sub.path()).unwrap().flatten() {
            out.push(f.path());
        }
    }
    out.sort();
    out
}

fn form(org: OrgId, alt: &str) -> MediaForm {
    MediaForm {
        organisation_id: org.0.to_string(),
        alt: alt.into(),
        credit: "Ảnh: Phòng Đào tạo".into(),
    }
}

fn file(name: &str, bytes: Vec<u8>) -> Upload {
    Upload {
        original_name: name.into(),
        bytes,
        dropped_size: None,
        video: None,
    }
}

fn field_error(e: Error, field: &str) -> String {
    match e {
        Error::Invalid(f) => f.get(field).unwrap_or_default().to_owned(),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

#[test]
fn the_type_comes_from_the_first_bytes() {
    assert_eq!(media::sniff(&jpeg(8, 8)), Some(media::FileType::Jpeg));
    assert_eq!(media::sniff(&png(8, 8)), Some(media::FileType::Png));
    assert_eq!(media::sniff(b"GIF89a...."), Some(media::FileType::Gif));
    assert_eq!(
        media::sniff(b"RIFF\x10\x00\x00\x00WEBPVP8 "),
        Some(media::FileType::Webp)
    );
    assert_eq!(media::sniff(b"%PDF-1.7\n"), Some(media::FileType::Pdf));
    assert_eq!(
        media::sniff(b"<!DOCTYPE html><script>alert(1)</script>"),
        None
    );
    assert_eq!(
        media::sniff(b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
        None
    );
    assert_eq!(media::sniff(b""), None);
}

#[test]
fn a_bomb_is_refused_from_its_header_before_decoding() {
    let cfg = MediaConfig::default();
    // 100,000 × 100,000 RGBA would be 40 GB decoded; the file is a few hundred bytes.
    let bomb = bomb_png(100_000, 100_000);
    assert!(bomb.len() < 1_000);
    assert_eq!(
        media::declared_size(&bomb, media::FileType::Png),
        Some((100_000, 100_000))
    );
    let refusal = media::prepare(&bomb, &cfg).unwrap_err();
    assert_eq!(
        refusal,
        Refusal::TooManyPixels {
            width: 100_000,
            height: 100_000,
            max: 40_000_000
        }
    );
    assert!(
        refusal.message().contains("100.000 × 100.000"),
        "{}",
        refusal.message()
    );
    // Within the side limit but over the pixel budget: 8,000 × 6,000 = 48 MP.
    let refusal = media::prepare(&bomb_png(8_000, 6_000), &cfg).unwrap_err();
    assert!(matches!(
        refusal,
        Refusal::TooManyPixels {
            width: 8_000,
            height: 6_000,
            ..
        }
    ));
    // Under the budget, the decoder's own limits still hold: the zeros end early, and a
    // broken stream is a corrupt image, not a crash.
    let refusal = media::prepare(&bomb_png(2_000, 2_000), &cfg).unwrap_err();
    assert_eq!(refusal, Refusal::CorruptImage);
}

#[test]
fn widths_are_the_responsive_set_never_upscaled() {
    let cfg = MediaConfig::default();
    let widths = |w, h| {
        let p = media::prepare(&jpeg(w, h), &cfg).unwrap();
        p.files
            .iter()
            .map(|f| (f.width, f.height))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        widths(2_000, 1_000),
        vec![(320, 160), (640, 320), (1024, 512), (1600, 800)]
    );
    assert_eq!(widths(700, 350), vec![(320, 160), (640, 320), (700, 350)]);
    assert_eq!(widths(200, 100), vec![(200, 100)]);
    // Every variant is a JPEG named by its own hash.
    let p = media::prepare(&png(900, 600), &cfg).unwrap();
    for f in &p.files {
        assert_eq!(f.content_type, "image/jpeg");
        assert_eq!(
            media::parse_name(&f.name),
            Some(media::FileType::Jpeg),
            "{}",
            f.name
        );
        assert_eq!(media::sniff(&f.bytes), Some(media::FileType::Jpeg));
    }
}

#[test]
fn gif_and_webp_are_read_and_stored_as_jpeg() {
    for format in [ImageFormat::Gif, ImageFormat::WebP] {
        let img = image::DynamicImage::ImageRgba8(RgbaImage::from_fn(500, 250, |x, y| {
            Rgba([(x % 256) as u8, (y % 256) as u8, 90, 255])
        }));
        let mut bytes = Cursor::new(Vec::new());
        img.write_to(&mut bytes, format).unwrap();
        let bytes = bytes.into_inner();
        assert!(media::sniff(&bytes).is_some(), "{format:?}");
        let p = media::prepare(&bytes, &MediaConfig::default()).unwrap();
        let sizes: Vec<(u32, &str)> = p.files.iter().map(|f| (f.width, f.content_type)).collect();
        assert_eq!(
            sizes,
            vec![(320, "image/jpeg"), (500, "image/jpeg")],
            "{format:?}"
        );
    }
}

#[test]
fn transparency_is_kept_as_png() {
    let img = RgbaImage::from_fn(400, 200, |x, _| {
        Rgba([200, 30, 30, if x < 200 { 0 } else { 255 }])
    });
    let mut bytes = Cursor::new(Vec::new());
    img.write_to(&mut bytes, ImageFormat::Png).unwrap();
    let p = media::prepare(&bytes.into_inner(), &MediaConfig::default()).unwrap();
    assert!(p.files.iter().all(|f| f.content_type == "image/png"));
    let small = image::load_from_memory(&p.files[0].bytes)
        .unwrap()
        .to_rgba8();
    assert_eq!(
        small.get_pixel(2, 2).0[3],
        0,
        "the transparent half stays transparent"
    );
}

#[test]
fn corrupt_images_and_pdfs_are_refused() {
    let cfg = MediaConfig::default();
    let good = png(300, 200);
    let cut = &good[..good.len() / 2];
    assert_eq!(
        media::prepare(cut, &cfg).unwrap_err(),
        Refusal::CorruptImage
    );
    // A JPEG cut off in its image data (an interrupted transfer).
    let whole = jpeg(300, 200);
    assert!(media::jpeg_complete(&whole));
    assert!(!media::jpeg_complete(&whole[..whole.len() * 2 / 3]));
    assert_eq!(
        media::prepare(&whole[..whole.len() * 2 / 3], &cfg).unwrap_err(),
        Refusal::CorruptImage
    );
    assert!(
        media::jpeg_complete(&jpeg_with_gps(64, 48)),
        "an EXIF segment is walked over"
    );
    let mut garbled = jpeg(300, 200);
    let n = garbled.len();
    for b in &mut garbled[20..n - 2] {
        *b = 0xFF;
    }
    assert_eq!(
        media::prepare(&garbled, &cfg).unwrap_err(),
        Refusal::CorruptImage
    );
    assert_eq!(
        media::prepare(b"%PDF-1.4\n1 0 obj << >> endobj\n", &cfg).unwrap_err(),
        Refusal::CorruptPdf
    );
    let pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
    let p = media::prepare(pdf, &cfg).unwrap();
    assert_eq!(p.kind, media::KIND_DOCUMENT);
    assert_eq!(p.files[0].bytes, pdf.to_vec(), "a PDF is kept as sent");
    assert_eq!(
        media::prepare(&vec![0xFF; 10_000_001], &cfg).unwrap_err(),
        Refusal::TooLarge {
            size: 10_000_001,
            max: 10_000_000
        }
    );
    assert!(
        Refusal::TooLarge {
            size: 12_345_678,
            max: 10_000_000
        }
        .message()
        .contains("12,3 MB")
    );
}

both_engines!(fn an_upload_with_gps_is_stored_without_exif_and_upright(db) {
    let tmp = tempfile::tempdir().unwrap();
    let app = app(db.clone(), tmp.path());
    let mut c = db.conn().unwrap();
    lantoa_app::demo::seed(&app, &mut c).unwrap();
    let college = orgs::by_slug(&mut c, "truong-cao-dang-kien-giang").unwrap().unwrap().org_id();
    let editor = member(college, OrgRole::Editor);
    let sent = jpeg_with_gps(1200, 800);
    assert!(sent.windows(4).any(|w| w == b"Exif"));
    let id = media::upload(&app, &mut c, &editor, &form(college, "Xưởng hàn"), file("IMG_0042.JPG", sent), &RequestMeta::default()).unwrap();
    let item = media::view(&mut c, &editor, id).unwrap();
    // Orientation 6: the 1200 × 800 sensor image is an 800 × 1200 portrait.
    let dims: Vec<(i32, i32)> = item.files.iter().map(|f| (f.width, f.height)).collect();
    assert_eq!(dims, vec![(320, 480), (640, 960), (800, 1200)]);
    assert_eq!((item.row.width, item.row.height), (800, 1200));
    assert_eq!(item.row.original_name, "IMG_0042.JPG");
    let files = stored_files(tmp.path());
    assert_eq!(files.len(), 3);
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        assert!(!bytes.windows(4).any(|w| w == b"Exif"), "{} keeps EXIF", path.display());
        assert!(!bytes.windows(2).any(|w| w == [0xFF, 0xE1]), "{} has an APP1 segment", path.display());
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        assert!(item.files.iter().any(|f| f.name == name));
        let img = image::load_from_memory(&bytes).unwrap();
        assert!(img.height() > img.width(), "stored upright");
    }
    // The audit log has the upload.
    let log = lantoa_store::audit::list(&mut c, &Default::default(), PageRequest::new(1, 50)).unwrap();
    assert!(log.items.iter().any(|a| a.action == "media.upload"));
});

both_engines!(fn bad_uploads_store_nothing_and_say_why(db) {
    let tmp = tempfile::tempdir().unwrap();
    let app = app(db.clone(), tmp.path());
    let mut c = db.conn().unwrap();
    lantoa_app::demo::seed(&app, &mut c).unwrap();
    let college = orgs::by_slug(&mut c, "truong-cao-dang-kien-giang").unwrap().unwrap().org_id();
    let editor = member(college, OrgRole::Editor);
    let meta = RequestMeta::default();
    // HTML named .jpg (and announced as image/jpeg by the browser: not our concern).
    let html = b"<html><body><script>alert(document.cookie)</script></body></html>".to_vec();
    let e = media::upload(&app, &mut c, &editor, &form(college, "Ảnh"), file("anh.jpg", html), &meta).unwrap_err();
    assert!(field_error(e, "file").contains("không phải ảnh JPEG, PNG, WebP, GIF hay tài liệu PDF"));
    // Alt text is required, whatever else is right.
    let e = media::upload(&app, &mut c, &editor, &form(college, "   "), file("a.jpg", jpeg(100, 80)), &meta).unwrap_err();
    assert!(field_error(e, "alt").contains("Vui lòng nhập mô tả ảnh"));
    // Too large: the web layer dropped the bytes and says how many there were.
    let big = Upload { original_name: "to.jpg".into(), bytes: Vec::new(), dropped_size: Some(12_000_000), video: None };
    let e = media::upload(&app, &mut c, &editor, &form(college, "Ảnh lớn"), big, &meta).unwrap_err();
    assert!(field_error(e, "file").contains("Tệp quá lớn (12 MB): tối đa 10 MB"));
    // No file.
    let e = media::upload(&app, &mut c, &editor, &form(college, "Ảnh"), Upload::default(), &meta).unwrap_err();
    assert!(field_error(e, "file").contains("Vui lòng chọn tệp"));
    assert!(stored_files(tmp.path()).is_empty());
    let list = media::list(&mut c, &editor, None, PageRequest::new(1, 10)).unwrap();
    assert_eq!(list.total, 0);
});

both_engines!(fn other_organisations_cannot_touch_the_library(db) {
    let tmp = tempfile::tempdir().unwrap();
    let app = app(db.clone(), tmp.path());
    let mut c = db.conn().unwrap();
    lantoa_app::demo::seed(&app, &mut c).unwrap();
    let college = orgs::by_slug(&mut c, "truong-cao-dang-kien-giang").unwrap().unwrap().org_id();
    let paper = orgs::by_slug(&mut c, "bao-kien-giang").unwrap().unwrap().org_id();
    let editor = member(college, OrgRole::Editor);
    let viewer = member(college, OrgRole::Viewer);
    let stranger = member(paper, OrgRole::Editor);
    let meta = RequestMeta::default();
    let id = media::upload(&app, &mut c, &editor, &form(college, "Lễ khai giảng"), file("a.png", png(500, 300)), &meta).unwrap();
    // An upload for an organisation one does not edit for.
    assert!(matches!(media::upload(&app, &mut c, &stranger, &form(college, "x"), file("b.png", png(50, 30)), &meta), Err(Error::Denied)));
    assert!(matches!(media::upload(&app, &mut c, &viewer, &form(college, "x"), file("b.png", png(50, 30)), &meta), Err(Error::Denied)));
    assert!(matches!(media::view(&mut c, &stranger, id), Err(Error::Denied)));
    assert!(matches!(media::update(&app, &mut c, &stranger, id, &form(paper, "Đổi"), &meta), Err(Error::Denied)));
    assert!(matches!(media::delete(&app, &mut c, &stranger, id, &meta), Err(Error::Denied)));
    assert!(matches!(media::delete(&app, &mut c, &viewer, id, &meta), Err(Error::Denied)));
    // Lists show one's own organisations only.
    assert_eq!(media::list(&mut c, &stranger, None, PageRequest::new(1, 10)).unwrap().total, 0);
    let mine = media::list(&mut c, &viewer, None, PageRequest::new(1, 10)).unwrap();
    assert_eq!(mine.total, 1);
    assert!(!mine.items[0].can_edit);
    // Another organisation's image is not a cover for this one's item.
    let stranger_item = ContentForm {
        organisation_id: paper.0.to_string(),
        kind: "article".into(),
        title: "Bài của báo".into(),
        body: "Nội dung.".into(),
        cover_media_id: id.to_string(),
        ..ContentForm::default()
    };
    let e = content::create(&app, &mut c, &stranger, &stranger_item, &meta).unwrap_err();
    assert!(field_error(e, "cover_media_id").contains("thư viện của đơn vị tác giả"));
});

both_engines!(fn a_cover_cannot_be_deleted_and_an_unused_item_goes_with_its_files(db) {
    let tmp = tempfile::tempdir().unwrap();
    let app = app(db.clone(), tmp.path());
    let mut c = db.conn().unwrap();
    lantoa_app::demo::seed(&app, &mut c).unwrap();
    let college = orgs::by_slug(&mut c, "truong-cao-dang-kien-giang").unwrap().unwrap().org_id();
    let editor = member(college, OrgRole::Editor);
    let meta = RequestMeta::default();
    let id = media::upload(&app, &mut c, &editor, &form(college, "Sân trường"), file("a.jpg", jpeg(1300, 700)), &meta).unwrap();
    let mut item = ContentForm {
        organisation_id: college.0.to_string(),
        kind: "article".into(),
        title: "Ngày hội việc làm".into(),
        body: "Hơn hai nghìn lượt người đến.".into(),
        cover_media_id: id.to_string(),
        ..ContentForm::default()
    };
    let saved = content::create(&app, &mut c, &editor, &item, &meta).unwrap();
    let view = media::view(&mut c, &editor, id).unwrap();
    assert_eq!(view.covers, vec![(saved.id, "Ngày hội việc làm".to_owned())]);
    let e = media::delete(&app, &mut c, &editor, id, &meta).unwrap_err();
    match e {
        Error::Conflict(m) => assert!(m.contains("ảnh bìa của “Ngày hội việc làm”"), "{m}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(stored_files(tmp.path()).len(), 4);
    // Cover removed: the item and its four files go.
    item.cover_media_id = String::new();
    content::update(&app, &mut c, &editor, saved.id, &item, &meta).unwrap();
    media::delete(&app, &mut c, &editor, id, &meta).unwrap();
    assert!(stored_files(tmp.path()).is_empty());
    assert!(matches!(media::view(&mut c, &editor, id), Err(Error::NotFound)));
});

both_engines!(fn an_imported_cover_goes_through_the_pipeline_once(db) {
    let tmp = tempfile::tempdir().unwrap();
    let app = app(db.clone(), tmp.path());
    let mut c = db.conn().unwrap();
    lantoa_app::demo::seed(&app, &mut c).unwrap();
    let folder = tmp.path().join("xuat");
    std::fs::create_dir_all(folder.join("anh")).unwrap();
    std::fs::write(folder.join("anh/hoi-thi.jpg"), jpeg_with_gps(900, 600)).unwrap();
    std::fs::write(folder.join("anh/gia.jpg"), b"<html>not an image</html>").unwrap();
    let jsonl = r#"{"external_id": "bkg-1", "title": "Hội thi tay nghề", "body_text": "Ba mươi thí sinh.", "published_at": "2024-05-20", "organisation": "bao-kien-giang", "cover_image": "anh/hoi-thi.jpg", "cover_alt": "Thí sinh thi hàn", "cover_credit": "Ảnh: Báo Kiên Giang"}
{"external_id": "bkg-2", "title": "Tuyển sinh nghề", "body_text": "Năm nay.", "published_at": "2024-05-21", "organisation": "bao-kien-giang", "cover_image": "anh/gia.jpg"}
{"external_id": "bkg-3", "title": "Ảnh trên mạng", "body_text": "Năm nay.", "published_at": "2024-05-22", "organisation": "bao-kien-giang", "cover_image": "https://example.com/a.jpg"}
"#;
    let actor = Actor::system("lantoa import content");
    let report = import_jsonl_from(&app, &mut c, &actor, jsonl.as_bytes(), Some(&folder), &mut |_, _| {}).unwrap();
    assert_eq!(report.created, 3, "{report:?}");
    let warn = |line: u64| report.warnings.iter().filter(|w| w.line == line && w.field == "cover_image").map(|w| w.reason.clone()).collect::<Vec<_>>().join(" ");
    assert_eq!(warn(1), "");
    assert!(warn(2).contains("không phải ảnh JPEG"), "{}", warn(2));
    assert!(warn(3).contains("cổng không tải ảnh từ nơi khác"), "{}", warn(3));
    let first = lantoa_store::content::by_external_id(&mut c, "bkg-1").unwrap().unwrap();
    let cover = first.cover_media_id.unwrap();
    let m = lantoa_store::media::get(&mut c, cover).unwrap().unwrap();
    assert_eq!((m.alt.as_str(), m.credit.as_str(), m.width, m.height), ("Thí sinh thi hàn", "Ảnh: Báo Kiên Giang", 600, 900));
    for path in stored_files(tmp.path()) {
        assert!(!std::fs::read(&path).unwrap().windows(4).any(|w| w == b"Exif"));
    }
    assert!(lantoa_store::content::by_external_id(&mut c, "bkg-2").unwrap().unwrap().cover_media_id.is_none());
    // Again: nothing changes, no second copy.
    let again = import_jsonl_from(&app, &mut c, &actor, jsonl.as_bytes(), Some(&folder), &mut |_, _| {}).unwrap();
    assert_eq!((again.created, again.updated, again.unchanged), (0, 0, 3), "{again:?}");
    let owner = Principal { is_plan_owner: true, memberships: vec![], ..member(OrgId(0), OrgRole::Viewer) };
    assert_eq!(media::list(&mut c, &owner, None, PageRequest::new(1, 10)).unwrap().total, 1);
    // The public article carries the cover.
    let item = content::public_item(&mut c, lantoa_domain::content::ContentKind::Article, &first.slug).unwrap();
    let cover = item.cover.unwrap();
    assert_eq!(cover.alt, "Thí sinh thi hàn");
    assert!(cover.srcset.contains(" 320w, ") && cover.srcset.ends_with(" 600w"), "{}", cover.srcset);
    assert_eq!((cover.width, cover.height), (600, 900));
});

both_engines!(fn the_demo_articles_get_drawn_covers_once(db) {
    let tmp = tempfile::tempdir().unwrap();
    let app = app(db.clone(), tmp.path());
    let mut c = db.conn().unwrap();
    lantoa_app::demo::seed(&app, &mut c).unwrap();
    let added = lantoa_app::demo::seed_media(&app, &mut c).unwrap();
    assert!(added >= 30, "{added}");
    assert_eq!(lantoa_app::demo::seed_media(&app, &mut c).unwrap(), 0, "a second start adds nothing");
    let page = content::published(&mut c, None, None, PageRequest::new(1, 100)).unwrap();
    let covers = content::list_covers(&mut c, &page.items).unwrap();
    // Every published item has its own drawing (items in the workflow have one too).
    assert_eq!(covers.len(), page.items.len());
    assert!(covers.len() >= 25 && covers.len() < added, "{} of {added}", covers.len());
    for cover in covers.values() {
        assert!(cover.alt.starts_with("Tranh minh họa vẽ tự động: ngôi trường"), "{}", cover.alt);
        assert_eq!((cover.width, cover.height), (1200, 675));
        assert!(cover.srcset.ends_with(" 1200w"), "{}", cover.srcset);
    }
    // The demo's publication offers a PDF (its leaflet), its photo story shows four pictures
    // with their captions.
    let leaflet = content::public_item(&mut c, lantoa_domain::content::ContentKind::Publication, "cam-nang-chon-nghe-sau-thcs-va-thpt-2027").unwrap();
    let doc = leaflet.document.unwrap(); // the demo publication has its PDF
    assert_eq!(doc.title, "Cẩm nang chọn nghề sau THCS và THPT năm 2027 (tờ gấp)");
    // "1 trang" on its page, read by pdfinfo when the leaflet was added (Poppler is installed
    // by scripts/test-deps.sh; without it the count is not known and not shown).
    let pdfinfo = std::process::Command::new(lantoa_app::publications::INSPECTOR).arg("-v").output().is_ok();
    assert_eq!(doc.pages_label(), pdfinfo.then(|| "1 trang".to_owned()));
    // A demo seeded before page counts were kept gets it at its next start.
    lantoa_store::publications::set(&mut c, leaflet.row.id, Some(doc.media_id), None).unwrap();
    assert_eq!(lantoa_app::demo::seed_media(&app, &mut c).unwrap(), 0);
    let again = content::public_item(&mut c, lantoa_domain::content::ContentKind::Publication, "cam-nang-chon-nghe-sau-thcs-va-thpt-2027").unwrap();
    assert_eq!(again.document.unwrap().pages, pdfinfo.then_some(1));
    // The demo's video has a drawn cover too: its poster until "Phát video" is pressed.
    let video = content::public_item(&mut c, lantoa_domain::content::ContentKind::Video, "hoc-nghe-sua-chua-may-nong-nghiep-co-viec-lam-tai-que").unwrap();
    assert!(video.cover.unwrap().alt.starts_with("Tranh minh họa vẽ tự động"));
    let pdf = std::fs::read(stored_files(tmp.path()).into_iter().find(|p| doc.href.ends_with(&*p.file_name().unwrap().to_string_lossy())).unwrap()).unwrap();
    assert_eq!(media::sniff(&pdf), Some(media::FileType::Pdf));
    let story = content::public_item(&mut c, lantoa_domain::content::ContentKind::PhotoStory, "mot-ngay-o-xuong-thuc-hanh-co-khi").unwrap();
    assert_eq!(story.gallery.len(), 4);
    assert_eq!(story.gallery[0].caption, "Sáng sớm, sinh viên thay đồ bảo hộ trước khi vào xưởng.");
    assert_eq!(story.gallery[0].credit, "Tranh minh họa: lantoa");
    // Its latest version holds the pictures, so no restore loses them.
    let versions = lantoa_store::content::revisions(&mut c, story.row.id).unwrap();
    let latest = versions.iter().max_by_key(|r| r.number).unwrap();
    assert_eq!(latest.gallery, lantoa_app::gallery::to_revision(&lantoa_app::gallery::saved(&mut c, story.row.id).unwrap()));
    assert!(!latest.gallery.is_empty());
    // Drawn scenes are flat colours: the small variant a phone loads stays light.
    for path in stored_files(tmp.path()) {
        if path.extension().is_some_and(|e| e == "pdf") {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let img = image::load_from_memory(&bytes).unwrap();
        if img.width() == 320 {
            assert!(bytes.len() < 20_000, "{} is {} bytes", path.display(), bytes.len());
        }
    }
});
