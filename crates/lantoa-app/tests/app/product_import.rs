use std::sync::Arc;

use chrono::NaiveDate;
use lantoa_app::product_import::{self, COLUMNS};
use lantoa_app::{App, AuthConfig, Error, FixedClock, RequestMeta};
use lantoa_domain::UserId;
use lantoa_domain::access::{OrgRole, Principal};
use lantoa_export::{Cell, Column, Sheet, Table, Workbook};
use lantoa_store::products::ProductFilter;
use lantoa_store::{PageRequest, both_engines, orgs, plans};

const SLUG: &str = "kh-truyen-thong-gdnn-2023-2025";

fn book(header: &[&str], rows: Vec<Vec<Cell>>) -> Vec<u8> {
    lantoa_export::xlsx(&Workbook {
        sheets: vec![Sheet {
            name: "San pham".into(),
            title: None,
            table: Table {
                caption: None,
                columns: header.iter().map(|h| Column::text(*h, 20)).collect(),
                rows,
                total_row: None,
            },
        }],
    })
    .unwrap()
}

fn row(code: &str, kind: &str, title: &str, qty: Cell, date: Cell) -> Vec<Cell> {
    let mut r = vec![
        Cell::from(code),
        Cell::from(kind),
        Cell::from(title),
        qty,
        date,
    ];
    r.resize(COLUMNS.len(), Cell::Empty);
    r
}

both_engines!(fn products_come_in_from_the_template_all_or_nothing(db) {
    let now = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap().and_hms_opt(2, 0, 0).unwrap();
    let app = App::new(db.clone(), Arc::new(FixedClock::new(now)), AuthConfig::for_tests()).unwrap();
    let mut c = db.conn().unwrap();
    lantoa_app::demo::seed(&app, &mut c).unwrap();
    let plan = plans::by_slug(&mut c, SLUG).unwrap().unwrap();
    let college = orgs::by_slug(&mut c, "truong-cao-dang-kien-giang").unwrap().unwrap().org_id();
    let editor = Principal { user: UserId(1), email: "e@x.vn".into(), display_name: "E".into(), is_system_admin: false, is_plan_owner: false, memberships: vec![(college, OrgRole::Editor)] };
    let meta = RequestMeta::default();
    // Products entered by hand or imported (the demo's articles are products from the portal).
    let count = |c: &mut lantoa_store::Conn| {
        let all = lantoa_store::products::list(c, &ProductFilter::default(), PageRequest::new(1, 100)).unwrap();
        all.items.iter().filter(|i| i.product.source != "portal").count()
    };

    // The downloaded template imports as it is (its example row).
    let template = product_import::template(&mut c, &plan).unwrap();
    assert_eq!(product_import::import(&app, &mut c, &editor, &plan, &college.to_string(), &template, &meta).unwrap(), 1);

    let good = book(&COLUMNS, vec![
        row("5.2", "Tin, bài", "Tin tuyển sinh", Cell::Int(3), Cell::Date(NaiveDate::from_ymd_opt(2024, 3, 1).unwrap())),
        row("4", "Pa-nô, đề-can, màn hình", "Pa-nô trước cổng trường", Cell::Int(2), Cell::from("15/04/2024")),
    ]);
    assert_eq!(product_import::import(&app, &mut c, &editor, &plan, &college.to_string(), &good, &meta).unwrap(), 2);
    assert_eq!(count(&mut c), 3);

    // One bad row refuses the whole file and names each problem.
    let bad = book(&COLUMNS, vec![
        row("5.2", "Tin, bài", "Đúng", Cell::Int(1), Cell::from("01/05/2024")),
        row("99", "Tin, bài", "Mã sai", Cell::Int(1), Cell::from("01/05/2024")),
        row("6", "Thư tay", "Loại sai", Cell::Int(1), Cell::from("01/05/2024")),
        row("6", "Ảnh", "Số lượng âm", Cell::Int(-4), Cell::from("01/05/2024")),
        row("6", "Ảnh", "Ngày sai", Cell::Int(1), Cell::from("31/02/2024")),
    ]);
    let Err(Error::InvalidFile(lines)) = product_import::import(&app, &mut c, &editor, &plan, &college.to_string(), &bad, &meta) else { panic!("refused") };
    let all = lines.join("\n");
    for expected in ["Dòng 3, cột “Mã hoạt động”: không có hoạt động mã “99”", "Dòng 4, cột “Loại sản phẩm”: “Thư tay”", "Dòng 5: Số lượng phải từ 1 trở lên.", "Dòng 6: Ngày chưa đúng"] {
        assert!(all.contains(expected), "missing {expected:?} in\n{all}");
    }
    assert_eq!(count(&mut c), 3, "nothing from the refused file");

    // Wrong columns, merged cells, not a workbook.
    let wrong = book(&["Hoạt động", "Tên", "Số lượng"], vec![vec![Cell::from("5.2"), Cell::from("x"), Cell::Int(1)]]);
    let Err(Error::InvalidFile(lines)) = product_import::import(&app, &mut c, &editor, &plan, &college.to_string(), &wrong, &meta) else { panic!() };
    assert!(lines[0].contains("Các cột của bảng tính không đúng mẫu"));
    let mut merged = rust_xlsxwriter::Workbook::new();
    let sheet = merged.add_worksheet();
    for (i, h) in COLUMNS.iter().enumerate() {
        sheet.write_string(0, u16::try_from(i).unwrap(), *h).unwrap();
    }
    sheet.merge_range(1, 0, 2, 0, "5.2", &rust_xlsxwriter::Format::new()).unwrap();
    let bytes = merged.save_to_buffer().unwrap();
    let Err(Error::InvalidFile(lines)) = product_import::import(&app, &mut c, &editor, &plan, &college.to_string(), &bytes, &meta) else { panic!() };
    assert!(lines[0].contains("ô gộp"), "{lines:?}");
    let Err(Error::InvalidFile(lines)) = product_import::import(&app, &mut c, &editor, &plan, &college.to_string(), b"khong phai excel", &meta) else { panic!() };
    assert!(lines[0].contains("không phải bảng tính Excel"));
    // Another organisation's products: refused.
    let paper = orgs::by_slug(&mut c, "bao-kien-giang").unwrap().unwrap().org_id();
    assert!(matches!(product_import::import(&app, &mut c, &editor, &plan, &paper.to_string(), &good, &meta), Err(Error::Denied)));
    assert_eq!(count(&mut c), 3);
});
