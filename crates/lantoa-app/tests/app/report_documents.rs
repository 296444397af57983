//! The report documents the app generates, opened as people will open them: the unit's and
//! the consolidated report as DOCX converted by LibreOffice headless (the PDF's text must
//! carry the Quốc hiệu and the figures entered), and the consolidated XLSX read back.

use std::io::Cursor;
use std::sync::Arc;

use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;
use lantoa_app::consolidated;
use lantoa_app::products::{self, ProductForm};
use lantoa_app::report_export::{self, ExportFormat, ExportTarget};
use lantoa_app::reports::{self, ReportForm, Review};
use lantoa_app::{App, AuthConfig, FixedClock, RequestMeta};
use lantoa_domain::access::{OrgRole, Principal};
use lantoa_domain::{OrgId, UserId};
use lantoa_export::testing::libreoffice_text;
use lantoa_store::reports::Narrative;
use lantoa_store::{both_engines, orgs, plans};
use unicode_normalization::UnicodeNormalization;

const SLUG: &str = "kh-truyen-thong-gdnn-2023-2025";

fn principal(org: Option<(OrgId, OrgRole)>, plan_owner: bool) -> Principal {
    Principal {
        user: UserId(1),
        email: "p@x.vn".into(),
        display_name: "P".into(),
        is_system_admin: false,
        is_plan_owner: plan_owner,
        memberships: org.into_iter().collect(),
    }
}

/// The lines of a PDF's text (NFC), with runs of spaces squeezed: `pdftotext -layout` pads
/// table columns with spaces.
fn lines(text: &str) -> Vec<String> {
    text.nfc()
        .collect::<String>()
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect()
}

/// `expected` in the text, which may wrap across lines (the issuer block is narrow).
fn assert_has(lines: &[String], expected: &str, what: &str) {
    assert!(
        lines.join(" ").contains(expected),
        "{what}: {expected:?} not in the PDF:\n{}",
        lines.join("\n")
    );
}

/// A figure on its activity's row: cells are centred vertically, so the code and the number
/// share the row's middle line while a long title wraps around them.
fn assert_figure(lines: &[String], code: &str, value: &str, what: &str) {
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with(&format!("{code} ")) && l.ends_with(&format!(" {value}"))),
        "{what}: activity {code} should show {value}:\n{}",
        lines.join("\n")
    );
}

both_engines!(fn the_generated_reports_open_in_libreoffice_with_their_figures(db) {
    // 10/06/2024: the 2024 six-month reports are due on 20/06.
    let clock = Arc::new(FixedClock::new(NaiveDate::from_ymd_opt(2024, 6, 10).unwrap().and_hms_opt(2, 0, 0).unwrap()));
    let app = App::new(db.clone(), clock, AuthConfig::for_tests()).unwrap();
    let mut c = db.conn().unwrap();
    // The demo: organisations, the seed plan, and the demo articles, which the portal made
    // into products (the labour department's article of 20/05/2024 counts for 5.2).
    lantoa_app::demo::seed(&app, &mut c).unwrap();
    let plan = plans::by_slug(&mut c, SLUG).unwrap().unwrap();
    let meta = RequestMeta::default();
    let college = orgs::by_slug(&mut c, "truong-cao-dang-kien-giang").unwrap().unwrap().org_id();
    let labour = orgs::by_slug(&mut c, "so-ldtbxh-kien-giang").unwrap().unwrap().org_id();
    let owner = principal(None, true);

    // The college logs 1.234 leaflets for activity 3.2 and 17 school sessions for 9.
    let activity = |c: &mut lantoa_store::Conn, code: &str| plans::activities(c, plan.plan_id()).unwrap().into_iter().find(|a| a.code == code).unwrap().id.to_string();
    let college_editor = principal(Some((college, OrgRole::Editor)), false);
    for (code, kind, title, qty) in [("3.2", "publication", "Tờ rơi tuyển sinh 2024", "1.234"), ("9", "school_session", "Tư vấn tại các trường THCS", "17")] {
        let form = ProductForm { organisation_id: college.to_string(), activity_id: activity(&mut c, code), kind: kind.into(), title: title.into(), quantity: qty.into(), produced_on: "20/05/2024".into(), ..ProductForm::default() };
        products::create(&app, &mut c, &college_editor, &plan, &form, &meta).unwrap();
    }
    for (org, results) in [(college, "Phát hành tờ rơi và tư vấn tuyển sinh tại trường THCS."), (labour, "Đăng tin tuyển sinh trên cổng thông tin.")] {
        let key = reports::key(&mut c, SLUG, "2024-h1", org).unwrap();
        let mut form = ReportForm::default();
        form.narrative.results = results.into();
        form.narrative.proposals = "Bổ sung kinh phí in ấn.".into();
        reports::save(&app, &mut c, &principal(Some((org, OrgRole::Editor)), false), &key, &form, true, &meta).unwrap();
        reports::review(&app, &mut c, &owner, &key, &Review::Accept, &meta).unwrap();
    }
    // The lead department edits the consolidated narrative.
    let narrative = Narrative {
        results: "Toàn tỉnh phát hành 1.234 tờ rơi và tổ chức 17 buổi tư vấn.".into(),
        shortcomings: "Một số đơn vị chưa gửi báo cáo.".into(),
        difficulties: String::new(),
        proposals: "Đề nghị Ủy ban nhân dân tỉnh bố trí kinh phí in ấn.".into(),
        next_steps: "Tiếp tục tư vấn tuyển sinh.".into(),
    };
    consolidated::save(&app, &mut c, &owner, SLUG, "2024-h1", &narrative, &meta).unwrap();

    let day = NaiveDate::from_ymd_opt(2024, 6, 18).unwrap();
    let export = |c: &mut lantoa_store::Conn, target, format| report_export::export(c, SLUG, "2024-h1", target, format, day).unwrap();

    // The consolidated XLSX (no LibreOffice needed): the figures as numbers, and the
    // narrative on its own sheet.
    let xlsx = export(&mut c, ExportTarget::Consolidated, ExportFormat::Xlsx);
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(xlsx)).unwrap();
    assert_eq!(book.sheet_names(), ["Theo hoạt động", "Theo loại sản phẩm", "Theo đơn vị", "Nội dung"]);
    // By product kind: the products the accepted reports count, as numbers.
    let by_kind = book.worksheet_range("Theo loại sản phẩm").unwrap();
    let kind = |label: &str| by_kind.rows().find(|r| r.first() == Some(&Data::String(label.into()))).map(|r| r[1].clone());
    assert_eq!(kind("Ấn phẩm, tờ rơi"), Some(Data::Float(1234.0)));
    assert_eq!(kind("Buổi tư vấn, giao lưu tại trường"), Some(Data::Float(17.0)));
    assert_eq!(kind("Tin, bài"), Some(Data::Float(1.0)), "the labour department's portal article");
    assert_eq!(kind("Pa-nô, đề-can, màn hình"), None, "kinds with no product are left out");
    assert_eq!(kind("Tổng cộng"), Some(Data::Float(1252.0)));
    let by_activity = book.worksheet_range("Theo hoạt động").unwrap();
    let value = |code: &str| by_activity.rows().find(|r| r.first() == Some(&Data::String(code.into()))).map(|r| r[2].clone());
    assert_eq!(value("3.2"), Some(Data::Float(1234.0)));
    assert_eq!(value("9"), Some(Data::Float(17.0)));
    assert_eq!(value("5.2"), Some(Data::Float(1.0)), "the labour department's portal article");
    let text = book.worksheet_range("Nội dung").unwrap();
    let cell = |label: &str| text.rows().find(|r| r.first() == Some(&Data::String(label.into()))).map(|r| r[1].to_string());
    assert_eq!(cell("Đề xuất, kiến nghị").as_deref(), Some("Đề nghị Ủy ban nhân dân tỉnh bố trí kinh phí in ấn."));
    assert_eq!(cell("Khó khăn, vướng mắc").as_deref(), Some(""));

    // The DOCX, opened by LibreOffice.
    let unit = export(&mut c, ExportTarget::Org(college), ExportFormat::Docx);
    let consolidated = export(&mut c, ExportTarget::Consolidated, ExportFormat::Docx);
    let Some(unit_text) = libreoffice_text("unit-report", "bao-cao-don-vi.docx", &unit) else { return };
    let unit_lines = lines(&unit_text);
    for expected in ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "TRƯỜNG CAO ĐẲNG KIÊN GIANG", "BÁO CÁO", "Kiên Giang, ngày 18 tháng 06 năm 2024", "Nơi nhận:"] {
        assert_has(&unit_lines, expected, "unit report");
    }
    // Each figure on its activity's row, and the total.
    assert_figure(&unit_lines, "3.2", "1.234", "unit report");
    assert_figure(&unit_lines, "9", "17", "unit report");
    assert_figure(&unit_lines, "5.2", "0", "unit report");
    assert!(unit_lines.iter().any(|l| l == "Tổng cộng 1.251"), "unit report total (1.234 + 17)");

    let Some(cons_text) = libreoffice_text("consolidated-report", "bao-cao-tong-hop.docx", &consolidated) else { return };
    let cons_lines = lines(&cons_text);
    for expected in ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "(tổng hợp)", "Tổng cộng 1.252", "Toàn tỉnh phát hành 1.234 tờ rơi", "VI. PHƯƠNG HƯỚNG KỲ TỚI", "Tiếp tục tư vấn tuyển sinh.", "Một số đơn vị chưa gửi báo cáo."] {
        assert_has(&cons_lines, expected, "consolidated report");
    }
    assert_figure(&cons_lines, "3.2", "1.234", "consolidated report");
    assert_figure(&cons_lines, "9", "17", "consolidated report");
    assert_figure(&cons_lines, "5.2", "1", "consolidated report: the labour department's portal article");
    assert!(!cons_text.contains("Đơn vị chủ trì bổ sung"), "no placeholder once the lead department has written");
});

both_engines!(fn letterheads_follow_the_reorganisation_to_the_documents_date(db) {
    // 10/01/2026: the 2025 annual reports, after the 2025 reorganisation.
    let clock = Arc::new(FixedClock::new(NaiveDate::from_ymd_opt(2026, 1, 10).unwrap().and_hms_opt(2, 0, 0).unwrap()));
    let app = App::new(db.clone(), clock, AuthConfig::for_tests()).unwrap();
    let mut c = db.conn().unwrap();
    lantoa_app::demo::seed(&app, &mut c).unwrap();
    let college = orgs::by_slug(&mut c, "truong-cao-dang-kien-giang").unwrap().unwrap().org_id();
    let labour = orgs::by_slug(&mut c, "so-ldtbxh-kien-giang").unwrap().unwrap().org_id();
    let unit = |c: &mut lantoa_store::Conn, org, period: &str, day: NaiveDate| {
        let key = reports::key(c, SLUG, period, org).unwrap();
        let view = reports::view(c, &principal(None, true), key).unwrap();
        report_export::unit_document(c, &view, day).unwrap()
    };
    let jan_2026 = NaiveDate::from_ymd_opt(2026, 1, 10).unwrap();

    // The college's 2025 report, signed in 2026: its managing body is the education
    // department of the merged province, not the labour department merged away in 2025.
    let doc = unit(&mut c, college, "2025", jan_2026);
    assert_eq!(doc.issuer, "TRƯỜNG CAO ĐẲNG KIÊN GIANG");
    assert_eq!(doc.issuer_parent, "SỞ GIÁO DỤC VÀ ĐÀO TẠO TỈNH AN GIANG");
    assert_eq!(doc.place_date, "An Giang, ngày 10 tháng 01 năm 2026");
    assert!(doc.recipients[0].starts_with("Sở Giáo dục và Đào tạo tỉnh An Giang"), "sent to whoever leads the plan's work now: {:?}", doc.recipients);

    // The same college's report of 2024, signed then: as it was.
    let doc = unit(&mut c, college, "2024-h1", NaiveDate::from_ymd_opt(2024, 6, 18).unwrap());
    assert_eq!(doc.issuer_parent, "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI TỈNH KIÊN GIANG");
    assert_eq!(doc.place_date, "Kiên Giang, ngày 18 tháng 06 năm 2024");
    assert!(doc.recipients[0].starts_with("Sở Lao động - Thương binh và Xã hội tỉnh Kiên Giang"));

    // A department that no longer exists keeps the letterhead of its last day, whatever
    // day its old report is printed.
    let doc = unit(&mut c, labour, "2024-h1", jan_2026);
    assert_eq!(doc.issuer_parent, "ỦY BAN NHÂN DÂN TỈNH KIÊN GIANG");
    assert!(doc.place_date.starts_with("Kiên Giang, ngày 10 tháng 01 năm 2026"), "{}", doc.place_date);

    // An institution under a district committee: the district level ended in 2025 and its
    // duties went to the province, which heads the document signed in 2026.
    let plan = plans::by_slug(&mut c, SLUG).unwrap().unwrap();
    let institution = |c: &mut lantoa_store::Conn, slug: &str, name: &str, parent: i64| {
        let id = orgs::insert(c, &orgs::OrgFields { slug: slug.into(), kind: "institution".into(), name: name.into(), short_name: name.into(), parent_id: Some(parent), ..orgs::OrgFields::default() }, jan_2026.and_hms_opt(1, 0, 0).unwrap()).unwrap();
        orgs::get(c, id).unwrap().unwrap()
    };
    let district = orgs::by_slug(&mut c, "ubnd-huyen-hon-dat").unwrap().unwrap().id;
    let school = institution(&mut c, "trung-tam-day-nghe-tu-thuc-hon-dat", "Trung tâm dạy nghề tư thục Hòn Đất", district);
    let head = report_export::letterhead(&mut c, &plan, &school, jan_2026).unwrap();
    assert_eq!((head.parent.as_str(), head.place.as_str()), ("ỦY BAN NHÂN DÂN TỈNH AN GIANG", "An Giang"));
    let head = report_export::letterhead(&mut c, &plan, &school, NaiveDate::from_ymd_opt(2024, 6, 18).unwrap()).unwrap();
    assert_eq!((head.parent.as_str(), head.place.as_str()), ("ỦY BAN NHÂN DÂN HUYỆN HÒN ĐẤT", "Kiên Giang"));
    // Under a body that ended with no successor: no managing body is named rather than one
    // that no longer exists; the place is still the province's (the plan's issuing body).
    let board = orgs::insert(&mut c, &orgs::OrgFields { slug: "ban-quan-ly-du-an-nghe".into(), kind: "other".into(), name: "Ban Quản lý dự án dạy nghề".into(), short_name: "BQL dự án".into(), valid_to: NaiveDate::from_ymd_opt(2025, 6, 30), ..orgs::OrgFields::default() }, jan_2026.and_hms_opt(1, 0, 0).unwrap()).unwrap();
    let project_school = institution(&mut c, "lop-nghe-du-an", "Lớp nghề của dự án", board.0);
    let head = report_export::letterhead(&mut c, &plan, &project_school, jan_2026).unwrap();
    assert_eq!((head.parent.as_str(), head.place.as_str()), ("", "An Giang"));
    let head = report_export::letterhead(&mut c, &plan, &project_school, NaiveDate::from_ymd_opt(2024, 6, 18).unwrap()).unwrap();
    assert_eq!((head.parent.as_str(), head.place.as_str()), ("BAN QUẢN LÝ DỰ ÁN DẠY NGHỀ", "Kiên Giang"));

    // The consolidated 2025 report, by the education department of An Giang.
    let period = lantoa_app::periods::find(&mut c, &plan, "2025").unwrap();
    let cons = report_export::consolidate(&mut c, &plan, &period).unwrap();
    let doc = report_export::consolidated_document(&mut c, &cons, jan_2026).unwrap();
    assert_eq!(doc.issuer, "SỞ GIÁO DỤC VÀ ĐÀO TẠO TỈNH AN GIANG");
    assert_eq!(doc.issuer_parent, "ỦY BAN NHÂN DÂN TỈNH AN GIANG");
    assert_eq!(doc.place_date, "An Giang, ngày 10 tháng 01 năm 2026");
});
