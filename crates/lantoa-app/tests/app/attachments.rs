//! Attachments of plans and reports (docs/adr/0020-attachments.md): type by content (real
//! DOCX and XLSX made here), zip bombs and macro files refused, who may read and change them,
//! the report's lock, nothing half-written, audit.

use std::io::{Cursor, Read, Write};
use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;
use lantoa_app::attachments::{self as att, AttachmentForm, AttachmentType, Owner, Refusal};
use lantoa_app::media::Upload;
use lantoa_app::reports::{self, ReportForm, Review};
use lantoa_app::{App, AuthConfig, Error, FixedClock, RequestMeta};
use lantoa_domain::access::{OrgRole, Principal};
use lantoa_domain::{OrgId, UserId};
use lantoa_store::{both_engines, orgs, plans};

const SLUG: &str = "kh-truyen-thong-gdnn-2023-2025";

fn app(db: lantoa_store::Db, dir: &Path) -> App {
    let now = NaiveDate::from_ymd_opt(2024, 6, 10)
        .unwrap()
        .and_hms_opt(2, 0, 0)
        .unwrap();
    let mut app = App::new(db, Arc::new(FixedClock::new(now)), AuthConfig::for_tests()).unwrap();
    app.attachments = att::AttachmentsConfig::in_dir(dir.join("attachments"));
    app
}

fn principal(org: Option<(OrgId, OrgRole)>, plan_owner: bool, admin: bool) -> Principal {
    Principal {
        user: UserId(1),
        email: "p@x.vn".into(),
        display_name: "P".into(),
        is_system_admin: admin,
        is_plan_owner: plan_owner,
        memberships: org.into_iter().collect(),
    }
}

/// A real Word document: the college's report as lantoa exports it.
fn docx(c: &mut lantoa_store::Conn) -> Vec<u8> {
    let owner = principal(None, true, false);
    let day = NaiveDate::from_ymd_opt(2024, 6, 10).unwrap();
    lantoa_app::report_export::export_for(
        c,
        &owner,
        SLUG,
        "2024-h1",
        lantoa_app::report_export::ExportTarget::Consolidated,
        lantoa_app::report_export::ExportFormat::Docx,
        day,
    )
    .unwrap()
}

/// A real spreadsheet written by rust_xlsxwriter.
fn xlsx() -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "Số người tham dự").unwrap();
    ws.write_number(1, 0, 120).unwrap();
    wb.save_to_buffer().unwrap()
}

fn pdf() -> Vec<u8> {
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".to_vec()
}

/// A ZIP with these entries (name, content, deflated).
fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in entries {
        w.start_file(*name, opts).unwrap();
        w.write_all(content).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// The same document's entries, with `[Content_Types].xml` changed by `f`.
fn rewrite_types(doc: &[u8], f: impl Fn(&str) -> String) -> Vec<u8> {
    let mut z = zip::ZipArchive::new(Cursor::new(doc)).unwrap();
    let mut entries: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..z.len() {
        let mut e = z.by_index(i).unwrap();
        let mut buf = Vec::new();
        e.read_to_end(&mut buf).unwrap();
        let name = e.name().unwrap().into_owned();
        if name == "[Content_Types].xml" {
            buf = f(&String::from_utf8(buf).unwrap()).into_bytes();
        }
        entries.push((name, buf));
    }
    let refs: Vec<(&str, &[u8])> = entries
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    zip_of(&refs)
}

/// Sets every central-directory entry's declared uncompressed size to 2 GB.
fn declare_huge(mut zip: Vec<u8>) -> Vec<u8> {
    let mut i = 0;
    while i + 28 <= zip.len() {
        if zip[i..i + 4] == *b"PK\x01\x02" {
            zip[i + 24..i + 28].copy_from_slice(&0x7FFF_FFFFu32.to_le_bytes());
            i += 46;
        } else {
            i += 1;
        }
    }
    zip
}

fn upload(name: &str, bytes: Vec<u8>) -> Upload {
    Upload {
        original_name: name.into(),
        bytes,
        dropped_size: None,
        video: None,
    }
}

fn form(title: &str) -> AttachmentForm {
    AttachmentForm {
        title: title.into(),
        description: String::new(),
    }
}

fn file_error(e: Error) -> String {
    let Error::Invalid(f) = e else {
        panic!("expected a field error, got {e:?}")
    };
    f.get("file").unwrap().to_owned()
}

fn stored(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let Ok(top) = std::fs::read_dir(dir.join("attachments")) else {
        return out;
    };
    for d in top.flatten() {
        for f in std::fs::read_dir(d.path()).unwrap().flatten() {
            out.push(f.path());
        }
    }
    out
}

both_engines!(fn real_office_files_pdf_and_images_are_recognised_by_content(db) {
    let dir = tempfile::tempdir().unwrap();
    let app = app(db.clone(), dir.path());
    let mut c = db.conn().unwrap();
    lantoa_app::demo::seed(&app, &mut c).unwrap();
    let doc = docx(&mut c);
    assert_eq!(att::sniff(&doc), Ok(AttachmentType::Docx));
    assert_eq!(att::sniff(&xlsx()), Ok(AttachmentType::Xlsx));
    assert_eq!(att::sniff(&pdf()), Ok(AttachmentType::Pdf));
    // An .exe named .pdf, HTML, a GIF: refused whatever their names.
    assert_eq!(att::sniff(b"MZ\x90\x00\x03\x00\x00\x00 This program cannot be run in DOS mode"), Err(Refusal::UnknownType));
    assert_eq!(att::sniff(b"<html><script>alert(1)</script>"), Err(Refusal::UnknownType));
    assert_eq!(att::sniff(b"GIF89a\x01\x00\x01\x00"), Err(Refusal::UnknownType));
    assert_eq!(att::sniff(b""), Err(Refusal::Empty));
    // A ZIP that is not a Word or Excel document; a cut-off one; a cut-off PDF.
    assert_eq!(att::sniff(&zip_of(&[("readme.txt", b"xin chao")])), Err(Refusal::NotOffice));
    assert_eq!(att::sniff(&zip_of(&[("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w/>")])), Err(Refusal::NotOffice), "the main part's content type is checked");
    assert_eq!(att::sniff(&doc[..doc.len() / 2]), Err(Refusal::Corrupt));
    assert_eq!(att::sniff(&pdf()[..20]), Err(Refusal::Corrupt));
    // Macros are refused: a .docm's content type, or a vbaProject.bin inside.
    let docm = rewrite_types(&doc, |x| x.replace("wordprocessingml.document.main+xml", "ms-word.document.macroEnabled.main+xml"));
    assert_eq!(att::sniff(&docm), Err(Refusal::Macros));
    // Zip bombs: too many entries, or more declared content than allowed (nothing inflated).
    let many: Vec<(String, Vec<u8>)> = (0..=att::MAX_ZIP_ENTRIES).map(|i| (format!("x/{i}.xml"), Vec::new())).collect();
    let mut refs: Vec<(&str, &[u8])> = vec![("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w/>")];
    refs.extend(many.iter().map(|(n, b)| (n.as_str(), b.as_slice())));
    assert_eq!(att::sniff(&zip_of(&refs)), Err(Refusal::ZipBomb));
    assert_eq!(att::sniff(&declare_huge(doc.clone())), Err(Refusal::ZipBomb));
    for r in [Refusal::UnknownType, Refusal::NotOffice, Refusal::Macros, Refusal::ZipBomb, Refusal::Corrupt, Refusal::Empty] {
        assert!(!r.message().is_empty() && r.message().ends_with('.'), "{r:?}");
    }
});

#[test]
fn the_download_name_keeps_vietnamese_and_takes_the_real_extension() {
    let d = att::content_disposition(
        "C:\\Tài liệu\\Biên bản họp \"tháng 3\".pdf.exe",
        AttachmentType::Pdf,
    );
    assert!(d.starts_with("attachment; filename=\""), "{d}");
    assert!(
        d.contains("filename=\"Bien ban hop _thang 3_.pdf.pdf\""),
        "{d}"
    );
    assert!(
        d.contains(
            "filename*=UTF-8''Bi%C3%AAn%20b%E1%BA%A3n%20h%E1%BB%8Dp%20%22th%C3%A1ng%203%22.pdf.pdf"
        ),
        "{d}"
    );
    assert!(d.is_ascii(), "a header value is ASCII");
    // NFD input comes out NFC.
    let nfd = "Ba\u{0301}o ca\u{0301}o.docx";
    assert!(
        att::content_disposition(nfd, AttachmentType::Docx).contains("B%C3%A1o%20c%C3%A1o.docx")
    );
    assert_eq!(
        att::download_name("", AttachmentType::Xlsx),
        "tai-lieu.xlsx"
    );
}

both_engines!(fn a_unit_attaches_to_its_draft_and_the_lock_follows_the_report(db) {
    let dir = tempfile::tempdir().unwrap();
    let app = app(db.clone(), dir.path());
    let mut c = db.conn().unwrap();
    lantoa_app::demo::seed(&app, &mut c).unwrap();
    let meta = RequestMeta::default();
    let college = orgs::by_slug(&mut c, "truong-cao-dang-kien-giang").unwrap().unwrap().org_id();
    let editor = principal(Some((college, OrgRole::Editor)), false, false);
    let viewer = principal(Some((college, OrgRole::Viewer)), false, false);
    let owner = principal(None, true, false);
    let key = reports::key(&mut c, SLUG, "2024-h1", college).unwrap();
    let report = Owner::Report(key.clone());

    // The first upload creates the draft; the file is stored once, by content.
    let id = att::upload(&app, &mut c, &editor, &report, &form("Bảng số người tham dự"), &upload("so-lieu.xlsx", xlsx()), &meta).unwrap();
    assert!(reports::view(&mut c, &editor, key.clone()).unwrap().row.is_some(), "the draft exists now");
    let list = att::of_report(&mut c, &viewer, &key).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].row.title, "Bảng số người tham dự");
    assert!(list[0].summary.starts_with("Excel, ") && list[0].summary.ends_with(" KB"), "{}", list[0].summary);
    assert_eq!(stored(dir.path()).len(), 1);
    // A viewer of the unit reads but does not attach.
    assert!(matches!(att::upload(&app, &mut c, &viewer, &report, &form("X"), &upload("a.pdf", pdf()), &meta), Err(Error::Denied)));
    let d = att::back_office_file(&app, &mut c, &viewer, id).unwrap();
    assert!(d.bytes.starts_with(b"PK\x03\x04"));
    assert!(d.disposition.contains("so-lieu.xlsx"));

    // Submitted: nothing added or removed, with the reason.
    let mut rf = ReportForm::default();
    rf.narrative.results = "Tổ chức 5 buổi tư vấn.".into();
    reports::save(&app, &mut c, &editor, &key, &rf, true, &meta).unwrap();
    let Err(Error::Conflict(m)) = att::upload(&app, &mut c, &editor, &report, &form("Ảnh"), &upload("a.pdf", pdf()), &meta) else { panic!("upload to a submitted report") };
    assert!(m.contains("đang chờ đơn vị chủ trì xem xét"), "{m}");
    let Err(Error::Conflict(_)) = att::delete(&app, &mut c, &editor, id, &meta) else { panic!("delete from a submitted report") };
    // Returned: editable again.
    reports::review(&app, &mut c, &owner, &key, &Review::Return { comment: "Bổ sung biên bản.".into() }, &meta).unwrap();
    let pdf_id = att::upload(&app, &mut c, &editor, &report, &form("Biên bản hội nghị"), &upload("bien-ban.pdf", pdf()), &meta).unwrap();
    reports::save(&app, &mut c, &editor, &key, &rf, true, &meta).unwrap();
    reports::review(&app, &mut c, &owner, &key, &Review::Accept, &meta).unwrap();
    // Accepted: locked.
    let Err(Error::Conflict(m)) = att::delete(&app, &mut c, &editor, pdf_id, &meta) else { panic!("delete from an accepted report") };
    assert!(m.contains("đã được tiếp nhận và khóa"), "{m}");
    assert_eq!(att::of_report(&mut c, &owner, &key).unwrap().len(), 2);
    // The lead department sees them among the period's accepted reports.
    let accepted = att::of_accepted_reports(&mut c, &owner, SLUG, "2024-h1").unwrap();
    assert_eq!(accepted.len(), 1);
    assert_eq!(accepted[0].0, "Trường Cao đẳng Kiên Giang");
    assert_eq!(accepted[0].1.iter().map(|a| a.row.title.as_str()).collect::<Vec<_>>(), ["Bảng số người tham dự", "Biên bản hội nghị"]);
    assert!(matches!(att::of_accepted_reports(&mut c, &editor, SLUG, "2024-h1"), Err(Error::Denied)));
    // The unit's Word report names them under "Tài liệu kèm theo".
    let word = lantoa_app::report_export::export_for(&mut c, &editor, SLUG, "2024-h1", lantoa_app::report_export::ExportTarget::Org(college), lantoa_app::report_export::ExportFormat::Docx, NaiveDate::from_ymd_opt(2024, 6, 10).unwrap()).unwrap();
    let mut xml = String::new();
    zip::ZipArchive::new(Cursor::new(word)).unwrap().by_name("word/document.xml").unwrap().read_to_string(&mut xml).unwrap();
    assert!(xml.contains("Tài liệu kèm theo:"), "the heading line");
    assert!(xml.contains(&format!("- Biên bản hội nghị (PDF, {} byte).", pdf().len())), "each title with its type and size");

    // Reopened: the unit deletes; the file goes with its last row; both audited.
    reports::review(&app, &mut c, &owner, &key, &Review::Reopen { reason: "Sửa số liệu.".into() }, &meta).unwrap();
    att::delete(&app, &mut c, &editor, pdf_id, &meta).unwrap();
    assert_eq!(stored(dir.path()).len(), 1, "the PDF's file is gone, the spreadsheet's stays");
    assert!(matches!(att::back_office_file(&app, &mut c, &editor, pdf_id), Err(Error::NotFound)));
    let actions: Vec<String> = lantoa_store::audit::list(&mut c, &lantoa_store::audit::AuditFilter::default(), lantoa_store::PageRequest::new(1, 200))
        .unwrap().items.into_iter().map(|e| e.action).filter(|a| a.starts_with("attachment.")).collect();
    assert_eq!(actions.iter().filter(|a| *a == "attachment.upload").count(), 2);
    assert_eq!(actions.iter().filter(|a| *a == "attachment.delete").count(), 1);
});

both_engines!(fn report_attachments_are_for_the_unit_and_the_lead_department_only(db) {
    let dir = tempfile::tempdir().unwrap();
    let app = app(db.clone(), dir.path());
    let mut c = db.conn().unwrap();
    lantoa_app::demo::seed(&app, &mut c).unwrap();
    let meta = RequestMeta::default();
    let college = orgs::by_slug(&mut c, "truong-cao-dang-kien-giang").unwrap().unwrap().org_id();
    let umt = orgs::by_slug(&mut c, "truong-trung-cap-nghe-u-minh-thuong").unwrap().unwrap().org_id();
    let editor = principal(Some((college, OrgRole::Editor)), false, false);
    let other_school = principal(Some((umt, OrgRole::OrgAdmin)), false, false);
    let key = reports::key(&mut c, SLUG, "2024-h1", college).unwrap();
    let id = att::upload(&app, &mut c, &editor, &Owner::Report(key.clone()), &form("Biên bản"), &upload("bb.pdf", pdf()), &meta).unwrap();
    // Another school: neither the list, nor the file, nor deleting it.
    assert!(matches!(att::of_report(&mut c, &other_school, &key), Err(Error::Denied)));
    assert!(matches!(att::back_office_file(&app, &mut c, &other_school, id), Err(Error::Denied)));
    assert!(matches!(att::delete(&app, &mut c, &other_school, id, &meta), Err(Error::Denied)));
    assert!(matches!(att::upload(&app, &mut c, &other_school, &Owner::Report(key.clone()), &form("X"), &upload("x.pdf", pdf()), &meta), Err(Error::Denied)));
    // The plan owner (lead department) and system administrators read it; the plan owner
    // cannot change the unit's attachments.
    att::back_office_file(&app, &mut c, &principal(None, true, false), id).unwrap();
    att::back_office_file(&app, &mut c, &principal(None, false, true), id).unwrap();
    assert!(matches!(att::delete(&app, &mut c, &principal(None, true, false), id, &meta), Err(Error::Denied)));
    // Never through the public address of the plan's attachments.
    assert!(matches!(att::public_file(&app, &mut c, SLUG, id), Err(Error::NotFound)));
    let plan = plans::by_slug(&mut c, SLUG).unwrap().unwrap().plan_id();
    assert_eq!(att::of_plan(&mut c, plan).unwrap().len(), 0);
});

both_engines!(fn plan_attachments_are_public_and_managed_by_the_plan_owner(db) {
    let dir = tempfile::tempdir().unwrap();
    let app = app(db.clone(), dir.path());
    let mut c = db.conn().unwrap();
    lantoa_app::demo::seed(&app, &mut c).unwrap();
    let meta = RequestMeta::default();
    let plan = plans::by_slug(&mut c, SLUG).unwrap().unwrap();
    let college = orgs::by_slug(&mut c, "truong-cao-dang-kien-giang").unwrap().unwrap().org_id();
    let owner = principal(None, true, false);
    let doc = docx(&mut c);
    let id = att::upload(&app, &mut c, &owner, &Owner::Plan(plan.clone()), &form("Kế hoạch (bản ký số)"), &upload("KH-ky-so.docx", doc.clone()), &meta).unwrap();
    let d = att::public_file(&app, &mut c, SLUG, id).unwrap();
    assert_eq!(d.bytes, doc);
    assert_eq!(d.content_type, "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    assert_eq!(att::of_plan(&mut c, plan.plan_id()).unwrap()[0].summary.split(", ").next(), Some("Word"));
    // A school's editor neither adds nor deletes the plan's attachments.
    let editor = principal(Some((college, OrgRole::Editor)), false, false);
    assert!(matches!(att::upload(&app, &mut c, &editor, &Owner::Plan(plan.clone()), &form("X"), &upload("x.pdf", pdf()), &meta), Err(Error::Denied)));
    assert!(matches!(att::delete(&app, &mut c, &editor, id, &meta), Err(Error::Denied)));
    // A system administrator does.
    att::delete(&app, &mut c, &principal(None, false, true), id, &meta).unwrap();
    assert!(matches!(att::public_file(&app, &mut c, SLUG, id), Err(Error::NotFound)));
    assert!(stored(dir.path()).is_empty());
});

both_engines!(fn bad_uploads_store_nothing_keep_the_title_and_say_why(db) {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(db.clone(), dir.path());
    app.attachments.max_bytes = 1_000_000;
    let mut c = db.conn().unwrap();
    lantoa_app::demo::seed(&app, &mut c).unwrap();
    let meta = RequestMeta::default();
    let college = orgs::by_slug(&mut c, "truong-cao-dang-kien-giang").unwrap().unwrap().org_id();
    let editor = principal(Some((college, OrgRole::Editor)), false, false);
    let key = reports::key(&mut c, SLUG, "2024-h1", college).unwrap();
    let report = Owner::Report(key.clone());
    let exe = upload("bao-cao.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00".to_vec());
    let m = file_error(att::upload(&app, &mut c, &editor, &report, &form("Báo cáo"), &exe, &meta).unwrap_err());
    assert!(m.contains("không phải tài liệu PDF") && m.contains("không xét tên hay đuôi tệp"), "{m}");
    let big = Upload { original_name: "video.pdf".into(), bytes: Vec::new(), dropped_size: Some(25_000_000), video: None };
    let m = file_error(att::upload(&app, &mut c, &editor, &report, &form("Video"), &big, &meta).unwrap_err());
    assert!(m.contains("Tệp quá lớn (25 MB): tối đa 1 MB"), "{m}");
    let m = file_error(att::upload(&app, &mut c, &editor, &report, &form("Trống"), &upload("trong.pdf", Vec::new()), &meta).unwrap_err());
    assert!(m.contains("trống"), "{m}");
    let m = file_error(att::upload(&app, &mut c, &editor, &report, &form("Không tệp"), &Upload::default(), &meta).unwrap_err());
    assert!(m.contains("Vui lòng chọn tệp"), "{m}");
    let m = file_error(att::upload(&app, &mut c, &editor, &report, &form("Nén"), &upload("a.docx", zip_of(&[("a.txt", b"a")])), &meta).unwrap_err());
    assert!(m.contains("không phải văn bản Word"), "{m}");
    // No title: said beside the title, the file's problem too.
    let Err(Error::Invalid(f)) = att::upload(&app, &mut c, &editor, &report, &form("  "), &upload("a.pdf", pdf()), &meta) else { panic!() };
    assert!(f.get("title").unwrap().contains("Vui lòng nhập tên tài liệu"));
    assert!(stored(dir.path()).is_empty(), "nothing written");
    assert!(reports::view(&mut c, &editor, key).unwrap().row.is_none(), "no draft created by a refused upload");
});

both_engines!(fn a_failed_transaction_leaves_no_file(db) {
    let dir = tempfile::tempdir().unwrap();
    let app = app(db.clone(), dir.path());
    let mut c = db.conn().unwrap();
    lantoa_app::demo::seed(&app, &mut c).unwrap();
    let meta = RequestMeta::default();
    let plan = plans::by_slug(&mut c, SLUG).unwrap().unwrap();
    // A user id that does not exist: the row's foreign key fails after the file was written.
    let mut ghost = principal(None, true, false);
    ghost.user = UserId(987_654);
    let r = att::upload(&app, &mut c, &ghost, &Owner::Plan(plan.clone()), &form("Phụ lục"), &upload("pl.pdf", pdf()), &meta);
    assert!(r.is_err(), "the insert fails");
    assert!(stored(dir.path()).is_empty(), "the file written before the row is removed");
    assert!(att::of_plan(&mut c, plan.plan_id()).unwrap().is_empty());
});
