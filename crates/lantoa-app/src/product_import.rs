//! Bulk entry of communication products from the XLSX template the products page offers
//! (issue 5, point 2). The file is checked whole first: wrong columns, merged cells or any bad
//! row refuse the import with every problem listed (row, column, reason) and nothing is saved.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use lantoa_domain::access::Principal;
use lantoa_domain::product::{ProductKind, ReachKind};
use lantoa_export::{Cell, Column, Sheet, Table, Workbook};
use lantoa_store::plans::{self as store_plans, PlanRow};
use lantoa_store::{Conn, write_tx};

use crate::products::{ProductForm, create_many_checked};
use crate::{App, Error, RequestMeta, Result};

/// The template's columns, in order: the header row must match exactly.
pub const COLUMNS: [&str; 12] = [
    "Mã hoạt động",
    "Loại sản phẩm",
    "Tên sản phẩm",
    "Số lượng",
    "Ngày thực hiện",
    "Kênh đăng tải, phát sóng",
    "Địa điểm",
    "Số người tiếp cận",
    "Tính theo",
    "Nguồn số liệu",
    "Đường dẫn minh chứng",
    "Ghi chú",
];

/// The template: an empty products sheet with an example row, and a sheet of the plan's
/// activity codes and the product kinds to choose from.
pub fn template(conn: &mut Conn, plan: &PlanRow) -> Result<Vec<u8>> {
    let widths = [18, 34, 60, 12, 18, 30, 24, 18, 18, 26, 40, 30];
    let columns: Vec<Column> = COLUMNS
        .iter()
        .zip(widths)
        .map(|(t, w)| {
            if *t == "Số lượng" || *t == "Số người tiếp cận" {
                Column::number(*t, w)
            } else {
                Column::text(*t, w)
            }
        })
        .collect();
    let example = vec![
        Cell::from("9"),
        Cell::from(ProductKind::SchoolSession.label()),
        Cell::from("Tư vấn tuyển sinh tại Trường THCS Hòn Đất (dòng mẫu, hãy xóa)"),
        Cell::Int(1),
        Cell::Date(chrono::NaiveDate::from_ymd_opt(plan.start_year, 4, 10).unwrap_or_default()),
        Cell::Empty,
        Cell::from("Hòn Đất"),
        Cell::Int(180),
        Cell::from(ReachKind::Participants.label()),
        Cell::from("Danh sách điểm danh"),
        Cell::Empty,
        Cell::Empty,
    ];
    let activities: Vec<Vec<Cell>> = store_plans::activities(conn, plan.plan_id())?
        .into_iter()
        .map(|a| vec![Cell::from(a.code), Cell::from(a.title)])
        .collect();
    let kinds: Vec<Vec<Cell>> = ProductKind::ALL
        .iter()
        .map(|k| vec![Cell::from(k.label())])
        .chain(
            ReachKind::ALL
                .iter()
                .map(|k| vec![Cell::from(format!("(Tính theo) {}", k.label()))]),
        )
        .collect();
    let book = Workbook {
        sheets: vec![
            Sheet {
                name: "San pham".into(),
                title: None,
                table: Table {
                    caption: None,
                    columns,
                    rows: vec![example],
                    total_row: None,
                },
            },
            Sheet {
                name: "Hoat dong".into(),
                title: Some(plan.title.clone()),
                table: Table {
                    caption: None,
                    columns: vec![
                        Column::text("Mã", 12),
                        Column::text("Nội dung/hoạt động", 120),
                    ],
                    rows: activities,
                    total_row: None,
                },
            },
            Sheet {
                name: "Loai".into(),
                title: None,
                table: Table {
                    caption: None,
                    columns: vec![Column::text(
                        "Loại sản phẩm và cách tính số người tiếp cận",
                        60,
                    )],
                    rows: kinds,
                    total_row: None,
                },
            },
        ],
    };
    lantoa_export::xlsx(&book).map_err(|e| Error::Internal(format!("template: {e}")))
}

fn text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_owned(),
        Data::Float(f) if f.fract() == 0.0 => format!("{f:.0}"),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => dt
            .as_datetime()
            .map(|d| d.date().format("%d/%m/%Y").to_string())
            .unwrap_or_default(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// Imports the products of one organisation from an uploaded workbook. Returns how many.
pub fn import(
    app: &App,
    conn: &mut Conn,
    principal: &Principal,
    plan: &PlanRow,
    organisation_id: &str,
    bytes: &[u8],
    meta: &RequestMeta,
) -> Result<usize> {
    let refuse = |m: String| Error::InvalidFile(vec![m]);
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|_| {
        refuse(
            "Tệp không phải bảng tính Excel (.xlsx) hợp lệ. Hãy dùng tệp mẫu tải từ trang này."
                .into(),
        )
    })?;
    let Some(name) = book.sheet_names().first().cloned() else {
        return Err(refuse("Bảng tính không có trang nào.".into()));
    };
    let range = book
        .worksheet_range(&name)
        .map_err(|_| refuse("Không đọc được trang đầu của bảng tính.".into()))?;
    let merged = book
        .merge_cells_by_sheet_name(&name)
        .map_err(|_| refuse("Không đọc được bảng tính.".into()))?;
    if !merged.is_empty() {
        return Err(refuse(format!(
            "Trang “{name}” có ô gộp; hãy bỏ gộp ô (mỗi sản phẩm một dòng, mỗi thông tin một ô) rồi tải lên lại."
        )));
    }
    let mut rows = range.rows();
    let header: Vec<String> = rows
        .next()
        .map(|r| r.iter().map(text).collect())
        .unwrap_or_default();
    let header: Vec<&str> = header
        .iter()
        .map(String::as_str)
        .take_while(|h| !h.is_empty())
        .collect();
    if header != COLUMNS {
        return Err(refuse(format!(
            "Các cột của bảng tính không đúng mẫu. Cần đúng {} cột theo thứ tự: {}. Hãy tải tệp mẫu từ trang này.",
            COLUMNS.len(),
            COLUMNS.join("; ")
        )));
    }
    let activities = store_plans::activities(conn, plan.plan_id())?;
    let mut forms = Vec::new();
    let mut problems = Vec::new();
    for (i, row) in rows.enumerate() {
        let line = i + 2;
        let cells: Vec<String> = (0..COLUMNS.len())
            .map(|c| row.get(c).map(text).unwrap_or_default())
            .collect();
        if cells.iter().all(String::is_empty) {
            continue;
        }
        let activity = activities.iter().find(|a| a.code == cells[0]);
        if activity.is_none() {
            problems.push(format!(
                "Dòng {line}, cột “{}”: không có hoạt động mã “{}” trong kế hoạch.",
                COLUMNS[0], cells[0]
            ));
        }
        let kind = ProductKind::ALL
            .iter()
            .find(|k| k.label().eq_ignore_ascii_case(&cells[1]) || k.code() == cells[1]);
        if kind.is_none() {
            problems.push(format!("Dòng {line}, cột “{}”: “{}” không phải loại sản phẩm trong danh sách (trang “Loai”).", COLUMNS[1], cells[1]));
        }
        let reach_kind = match cells[8].trim() {
            "" => String::new(),
            t => match ReachKind::ALL
                .iter()
                .find(|k| k.label().eq_ignore_ascii_case(t))
            {
                Some(k) => k.code().to_owned(),
                None => {
                    problems.push(format!(
                        "Dòng {line}, cột “{}”: “{t}” không phải cách tính trong danh sách.",
                        COLUMNS[8]
                    ));
                    String::new()
                }
            },
        };
        forms.push((
            line,
            ProductForm {
                organisation_id: organisation_id.to_owned(),
                activity_id: activity.map(|a| a.id.to_string()).unwrap_or_default(),
                kind: kind.map(|k| k.code().to_owned()).unwrap_or_default(),
                title: cells[2].clone(),
                quantity: cells[3].clone(),
                produced_on: cells[4].clone(),
                channel: cells[5].clone(),
                place: cells[6].clone(),
                reach: cells[7].clone(),
                reach_kind,
                reach_source: cells[9].clone(),
                evidence_url: cells[10].clone(),
                note: cells[11].clone(),
            },
        ));
    }
    if forms.is_empty() && problems.is_empty() {
        return Err(refuse("Bảng tính không có dòng sản phẩm nào.".into()));
    }
    if forms.len() > 5000 {
        return Err(refuse(
            "Mỗi lần tải lên tối đa 5.000 sản phẩm; hãy chia thành nhiều tệp.".into(),
        ));
    }
    write_tx(conn, |c| {
        create_many_checked(app, c, principal, plan, &forms, problems, meta)
    })
}
