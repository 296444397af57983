//! `lantoa import programmes FILE.csv` on both engines: the documented sample goes in, a
//! second run recognises every line, bad lines are listed with their number, column and
//! reason while good ones are written, and a bad header writes nothing.

use lantoa_store::{DatabaseUrl, Db, both_engines, occupations, orgs, programmes as store};

use super::support::{TempDir, lantoa, text};

/// The sample shipped in docs/ (README: "Programmes CSV").
const SAMPLE: &str = include_str!("../../../../docs/programmes-sample.csv");

fn seed(db: &Db) -> String {
    let app = lantoa_app::App::new(
        db.clone(),
        std::sync::Arc::new(lantoa_app::SystemClock),
        lantoa_app::AuthConfig::for_tests(),
    )
    .unwrap();
    let mut c = app.db.conn().unwrap();
    lantoa_app::demo::seed(&app, &mut c).unwrap();
    match db.url() {
        DatabaseUrl::Sqlite(p) => format!("sqlite://{}", p.display()),
        DatabaseUrl::Postgres(u) => u.clone(),
    }
}

fn import(dir: &TempDir, url: &str, name: &str, csv: &str) -> (Option<i32>, String, String) {
    let file = dir.path().join(name);
    std::fs::write(&file, csv).unwrap();
    let o = lantoa(dir.path())
        .args([
            "--database-url",
            url,
            "import",
            "programmes",
            file.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let (out, err) = text(&o);
    (o.status.code(), out, err)
}

/// The programme of an institution (by slug) for an occupation (by slug) in a mode.
fn programme(
    db: &Db,
    institution: &str,
    occupation: &str,
    mode: &str,
) -> Option<store::ProgrammeRow> {
    let mut c = db.conn().unwrap();
    let inst = orgs::by_slug(&mut c, institution).unwrap().unwrap();
    let occ = occupations::by_slug(&mut c, occupation).unwrap().unwrap();
    store::find(&mut c, inst.id, occ.id, mode).unwrap()
}

fn policy_slugs(db: &Db, programme_id: i64) -> Vec<String> {
    let mut c = db.conn().unwrap();
    store::policies_for(&mut c, &[programme_id])
        .unwrap()
        .into_iter()
        .map(|(_, p)| p.slug)
        .collect()
}

fn count(db: &Db) -> i64 {
    store::count(&mut db.conn().unwrap()).unwrap()
}

const KTNV: &str = "truong-trung-cap-ky-thuat-nghiep-vu-kien-giang";

both_engines!(fn the_sample_goes_in_and_a_second_run_changes_nothing(db) {
    let url = seed(db);
    let dir = TempDir::new("programmes");
    let before = count(db);
    let (code, out, err) = import(&dir, &url, "chuong-trinh.csv", SAMPLE);
    assert_eq!(code, Some(0), "{out}\n{err}");
    assert!(out.contains("Đã đọc 4 dòng: 4 chương trình mới, 0 cập nhật, 0 không đổi, 0 dòng bị từ chối."), "{out}");
    assert!(err.contains("Đã xử lý 4/4 dòng…"), "progress on stderr: {err}");
    assert_eq!(count(db), before + 4);

    // By code, with Vietnamese words for level, mode and schooling, policies by slug.
    let marketing = programme(db, KTNV, "marketing-trung-cap", "full_time").expect("imported");
    assert_eq!((marketing.fee_per_year, marketing.quota, marketing.duration_months), (Some(7_800_000), 40, 24));
    assert!(marketing.model_9plus && marketing.is_published);
    assert_eq!(marketing.entry_education, "lower_secondary");
    assert_eq!(marketing.slug, "marketing-trung-cap-tc-kt-nv-kien-giang");
    let mut slugs = policy_slugs(db, marketing.id);
    slugs.sort();
    assert_eq!(slugs, ["mien-giam-hoc-phi-ho-ngheo-can-ngheo", "mien-hoc-phi-tot-nghiep-thcs-hoc-trung-cap"]);
    // A sơ cấp course by name, a policy by its name, the fee not announced.
    let course = programme(db, "trung-tam-gdnn-gdtx-khu-vuc-giong-rieng", "che-bien-hai-san-kho-so-cap", "full_time").expect("imported");
    assert_eq!((course.fee_per_year, course.location.as_str()), (None, "Nhà văn hóa xã, học buổi sáng"));
    assert_eq!(policy_slugs(db, course.id), ["ho-tro-dao-tao-so-cap-lao-dong-nong-thon"]);
    // Not published: kept out of the public list.
    let online = programme(db, "truong-cao-dang-kien-giang", "ke-toan-doanh-nghiep-cao-dang", "online").expect("imported");
    assert!(!online.is_published);
    assert!(programme(db, "truong-trung-cap-nghe-tan-hiep", "cong-nghe-o-to-trung-cap", "work_study").is_some());
    {
        let mut c = db.conn().unwrap();
        let today = chrono::Utc::now().naive_utc().date();
        let page = lantoa_app::programmes::public_list(&mut c, today, &lantoa_app::programmes::ProgrammeQuery::new("marketing", "", "", "", "", ""), lantoa_store::PageRequest::new(1, 50)).unwrap();
        assert!(page.items.iter().any(|p| p.programme.id == marketing.id), "on the public list");
        let actions: Vec<String> = lantoa_store::audit::list(&mut c, &Default::default(), lantoa_store::PageRequest::new(1, 20)).unwrap().items.into_iter().map(|a| a.action).collect();
        assert!(actions.contains(&"programme.import".to_owned()), "{actions:?}");
    }

    // The same file again: every line recognised, nothing written, nothing doubled.
    let (code, out, err) = import(&dir, &url, "chuong-trinh.csv", SAMPLE);
    assert_eq!(code, Some(0), "{out}\n{err}");
    assert!(out.contains("Đã đọc 4 dòng: 0 chương trình mới, 0 cập nhật, 4 không đổi, 0 dòng bị từ chối."), "{out}");
    assert_eq!(count(db), before + 4);
});

both_engines!(fn bad_lines_are_listed_and_good_ones_go_in(db) {
    let url = seed(db);
    let dir = TempDir::new("programmes-bad");
    let before = count(db);
    let electrical = programme(db, "truong-cao-dang-kien-giang", "dien-cong-nghiep-trung-cap", "full_time").expect("demo programme");
    let electrical_policies = policy_slugs(db, electrical.id);
    assert!(!electrical_policies.is_empty());
    let csv = [
        "institution,occupation,level,mode,fee_per_year,quota,duration_months,entry_education,policies",
        // 2: an update of a demo programme (fee and quota); empty cells keep their values.
        "CĐ Kiên Giang,5520227,trung_cap,full_time,9.900.000,65,,,",
        "Trường Không Có,5520227,trung cấp,chính quy,,10,24,THCS,",
        "CĐ Kiên Giang,5529999,trung cấp,chính quy,,10,24,THCS,",
        "CĐ Kiên Giang,6520227,trung cấp,chính quy,,10,24,THCS,",
        "CĐ Kiên Giang,6520123,đại học,chính quy,,10,24,THPT,",
        "CĐ Kiên Giang,6520123,cao đẳng,hàm thụ,,10,24,THPT,",
        "CĐ Kiên Giang,6520123,cao đẳng,vừa làm vừa học,\"7,8 triệu\",-4,thirty,đại học,",
        "CĐ Kiên Giang,6520123,cao đẳng,trực tuyến,,10,30,THPT,mien-hoc-phi-tot-nghiep-thcs-hoc-trung-cap",
        "CĐ Kiên Giang,6520123,cao đẳng,trực tuyến,,10,30,THPT,chinh-sach-khong-co",
        "trung-tam-gdnn-gdtx-hon-dat,Điện dân dụng,sơ cấp,chính quy,,20,3,không,",
        "Báo Kiên Giang,5520227,trung cấp,chính quy,,10,24,THCS,",
        "CĐ Kiên Giang,Phi hành gia,sơ cấp,chính quy,,10,3,không,",
        "CĐ Kiên Giang,5520227,trung cấp,chính quy,,10",
        // 15: good, new; 16: the same programme again.
        "TC Nghề U Minh Thượng,6520123,cao đẳng,chính quy,12.000.000,30,30,THPT,",
        "TC Nghề U Minh Thượng,6520123,cao_dang,full_time,12.000.000,30,30,THPT,",
    ]
    .join("\n");
    let (code, out, err) = import(&dir, &url, "loi.csv", &csv);
    assert_eq!(code, Some(1), "{out}\n{err}");
    assert!(out.contains("Đã đọc 15 dòng: 1 chương trình mới, 1 cập nhật, 0 không đổi, 13 dòng bị từ chối."), "{out}");
    for line in [
        "Đã xử lý 15/15 dòng…",
        "dòng 3, cột institution: Không có cơ sở đào tạo “Trường Không Có”",
        "dòng 4, cột occupation: Không có ngành, nghề mã 5529999 trong danh mục",
        "dòng 5, cột level: Mã 6520227 (Điện công nghiệp) là trình độ cao đẳng, không phải trung cấp.",
        "dòng 6, cột level: Trình độ phải là sơ cấp, trung cấp hoặc cao đẳng.",
        "dòng 7, cột mode: Hình thức đào tạo “hàm thụ” không đúng; ghi chính quy, vừa làm vừa học hoặc trực tuyến.",
        "dòng 8, cột entry_education: Trình độ văn hóa “đại học” không đúng",
        "dòng 8, cột fee_per_year: Học phí là số đồng mỗi năm, ví dụ 4.500.000",
        "dòng 8, cột quota: Chỉ tiêu không được là số âm.",
        "dòng 8, cột duration_months: Thời gian đào tạo là số tháng, ví dụ 24.",
        "dòng 9, cột policies: Chính sách “Miễn học phí cho người tốt nghiệp THCS học trung cấp” chỉ áp dụng cho trình độ trung cấp",
        "dòng 10, cột policies: Không có chính sách hỗ trợ “chinh-sach-khong-co”",
        "dòng 11, cột institution: Cơ sở “TT GDNN-GDTX Hòn Đất” đã ngừng hoạt động nên không thêm được chương trình mới.",
        "dòng 12, cột institution: “Báo Kiên Giang” không phải là cơ sở đào tạo.",
        "dòng 13, cột occupation: Không có ngành, nghề “Phi hành gia” ở trình độ sơ cấp trong danh mục.",
        "dòng 14: Dòng có 6 cột, dòng tiêu đề có 9 cột",
        "dòng 16: Trùng với dòng 15: mỗi chương trình (cơ sở, ngành nghề, hình thức đào tạo) chỉ ghi một lần.",
        "13 dòng bị từ chối; sửa các dòng trên rồi nhập lại tệp",
    ] {
        assert!(err.contains(line), "missing {line:?} in\n{err}");
    }
    // The good lines went in; the refused ones wrote nothing.
    assert_eq!(count(db), before + 1);
    let updated = programme(db, "truong-cao-dang-kien-giang", "dien-cong-nghiep-trung-cap", "full_time").unwrap();
    assert_eq!((updated.id, updated.fee_per_year, updated.quota), (electrical.id, Some(9_900_000), 65));
    assert_eq!((updated.duration_months, updated.model_9plus, updated.entry_education.as_str()), (electrical.duration_months, electrical.model_9plus, electrical.entry_education.as_str()), "empty cells keep their values");
    assert_eq!(policy_slugs(db, updated.id), electrical_policies, "policies kept when the cell is empty");
    assert!(programme(db, "truong-trung-cap-nghe-u-minh-thuong", "han-cao-dang", "full_time").is_some());
    assert!(programme(db, "truong-cao-dang-kien-giang", "han-cao-dang", "online").is_none());
});

both_engines!(fn a_bad_header_writes_nothing(db) {
    let url = seed(db);
    let dir = TempDir::new("programmes-header");
    let before = count(db);
    let csv = "institution,occupation,mode,fee\nCĐ Kiên Giang,6520123,chính quy,1\n";
    let (code, out, err) = import(&dir, &url, "tieu-de.csv", csv);
    assert_eq!(code, Some(1), "{out}\n{err}");
    for text in ["Tệp không hợp lệ, chưa có gì được ghi", "Cột “fee” không được hỗ trợ", "Thiếu cột bắt buộc “level” trong dòng tiêu đề."] {
        assert!(err.contains(text), "missing {text:?} in\n{err}");
    }
    assert_eq!(count(db), before);
});
