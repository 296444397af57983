//! The XLSX read back by an independent reader (calamine), as a user's spreadsheet would.

use std::io::Cursor;

use calamine::{Data, DataType, Reader, Xlsx, open_workbook_from_rs};
use lantoa_export::{Cell, ExportError, NaiveDate, Workbook, xlsx};

use crate::sample;
use crate::support::part;

fn open(bytes: &[u8]) -> Xlsx<Cursor<Vec<u8>>> {
    open_workbook_from_rs(Cursor::new(bytes.to_vec())).expect("calamine opens the XLSX")
}

/// Every sheet as CSV-like text: strings quoted, numbers bare, dates as `date:YYYY-MM-DD`,
/// formulas after the cached value as `=SUM(…)`.
fn as_text(bytes: &[u8]) -> String {
    let mut book = open(bytes);
    let mut out = String::new();
    for name in book.sheet_names() {
        let values = book.worksheet_range(&name).expect("sheet values");
        let formulas = book.worksheet_formula(&name).expect("sheet formulas");
        out.push_str(&format!("== {name} ==\n"));
        let (start_row, start_col) = values.start().unwrap_or((0, 0));
        for (r, row) in values.rows().enumerate() {
            let cells: Vec<String> = row
                .iter()
                .enumerate()
                .map(|(c, v)| {
                    let pos = (start_row + r as u32, start_col + c as u32);
                    let mut s = match v {
                        Data::Empty => String::new(),
                        Data::String(s) => format!("\"{}\"", s.replace('"', "\"\"")),
                        Data::Float(f) => f.to_string(),
                        Data::Int(i) => i.to_string(),
                        Data::DateTime(_) => {
                            format!("date:{}", v.as_date().expect("a calendar date"))
                        }
                        other => format!("{other:?}"),
                    };
                    if let Some(f) = formulas.get_value(pos).filter(|f| !f.is_empty()) {
                        s.push_str(&format!(" ={f}"));
                    }
                    s
                })
                .collect();
            out.push_str(&cells.join(","));
            out.push('\n');
        }
    }
    out
}

#[test]
fn figures_come_back_as_numbers_and_dates_as_dates() {
    let bytes = xlsx(&sample::workbook()).expect("an XLSX");
    let mut book = open(&bytes);
    let sheet = book
        .worksheet_range("Số liệu 6 tháng đầu năm 2024")
        .expect("the figures sheet");
    // Row 0 title, 1 caption, 2 header, 3–7 activities, 8 total.
    assert_eq!(
        sheet.get_value((0, 0)),
        Some(&Data::String(
            "Trường Cao đẳng Kiên Giang - kết quả truyền thông giáo dục nghề nghiệp 6 tháng đầu năm 2024"
                .into()
        ))
    );
    assert_eq!(
        sheet.get_value((2, 3)),
        Some(&Data::String("Lượt tiếp cận".into()))
    );
    let reach = sheet.get_value((3, 3)).expect("a cell");
    assert!(!reach.is_string(), "a number stored as text: {reach:?}");
    assert_eq!(reach.as_f64(), Some(18_560.0));
    assert_eq!(
        sheet.get_value((7, 4)).and_then(DataType::as_f64),
        Some(143.33)
    );
    let last = sheet.get_value((3, 5)).expect("a cell");
    assert!(
        matches!(last, Data::DateTime(_)),
        "a date stored as {last:?}"
    );
    assert_eq!(last.as_date(), NaiveDate::from_ymd_opt(2024, 6, 12));
    // What a user comparing with the products entered would add up.
    let products: f64 = (3..8)
        .filter_map(|r| sheet.get_value((r, 2)).and_then(DataType::as_f64))
        .sum();
    assert_eq!(products, 136.0);
}

#[test]
fn the_total_row_is_sum_formulas_with_cached_values() {
    let bytes = xlsx(&sample::workbook()).expect("an XLSX");
    let mut book = open(&bytes);
    let name = "Số liệu 6 tháng đầu năm 2024";
    let values = book.worksheet_range(name).expect("values");
    let formulas = book.worksheet_formula(name).expect("formulas");
    assert_eq!(
        values.get_value((8, 1)),
        Some(&Data::String("Tổng cộng".into()))
    );
    assert_eq!(
        values.get_value((8, 2)).and_then(DataType::as_f64),
        Some(136.0)
    );
    assert_eq!(
        values.get_value((8, 3)).and_then(DataType::as_f64),
        Some(235_000.0)
    );
    assert_eq!(
        formulas.get_value((8, 2)).map(String::as_str),
        Some("SUM(C4:C8)")
    );
    assert_eq!(
        formulas.get_value((8, 3)).map(String::as_str),
        Some("SUM(D4:D8)")
    );
}

#[test]
fn a_total_that_is_not_the_columns_sum_is_written_as_given() {
    let mut book = sample::workbook();
    // E.g. the number of distinct units, not a sum.
    if let Some(total) = book.sheets[0].table.total_row.as_mut() {
        total[2] = Cell::Int(7);
    }
    let bytes = xlsx(&book).expect("an XLSX");
    let mut read = open(&bytes);
    let name = "Số liệu 6 tháng đầu năm 2024";
    let values = read.worksheet_range(name).expect("values");
    let formulas = read.worksheet_formula(name).expect("formulas");
    assert_eq!(
        values.get_value((8, 2)).and_then(DataType::as_f64),
        Some(7.0)
    );
    assert_eq!(
        formulas.get_value((8, 2)).map(String::as_str).unwrap_or(""),
        ""
    );
    assert_eq!(
        formulas.get_value((8, 3)).map(String::as_str),
        Some("SUM(D4:D8)")
    );
}

#[test]
fn header_is_frozen_and_filtered_numbers_and_dates_are_formatted_the_vietnamese_way() {
    let bytes = xlsx(&sample::workbook()).expect("an XLSX");
    let sheet = part(&bytes, "xl/worksheets/sheet1.xml");
    assert!(
        sheet.contains(
            r#"<pane ySplit="3" topLeftCell="A4" activePane="bottomLeft" state="frozen"/>"#
        ),
        "{sheet}"
    );
    assert!(
        sheet.contains(r#"<autoFilter ref="A3:F8"/>"#),
        "autofilter over header and rows"
    );
    // 62 mm is 234 px, about 33.4 characters of the default font.
    assert!(
        sheet.contains(r#"<col min="2" max="2" width="33.42578125" customWidth="1"/>"#),
        "{sheet}"
    );
    let styles = part(&bytes, "xl/styles.xml");
    assert!(styles.contains(r#"formatCode="dd/mm/yyyy""#), "{styles}");
    // Thousands grouped by the reader's locale (a dot in Vietnamese), two decimals, dd/mm/yyyy.
    for format in [r##"formatCode="#,##0""##, r##"formatCode="#,##0.00""##] {
        assert!(styles.contains(format), "{format} missing: {styles}");
    }
    // The wrapped activity names get rows tall enough: two lines for activity 3.
    assert!(
        sheet.contains(r#"<row r="6" spans="1:6" ht="30" customHeight="1">"#),
        "{sheet}"
    );
    assert!(
        sheet.contains(r#"<fitToPage/>"#) || sheet.contains("fitToPage=\"1\""),
        "fits the page"
    );
    let second = part(&bytes, "xl/worksheets/sheet2.xml");
    assert!(second.contains(r#"<autoFilter ref="A1:C4"/>"#), "{second}");
}

#[test]
fn sheet_names_excel_refuses_are_repaired() {
    let bytes = xlsx(&sample::workbook()).expect("an XLSX");
    let names = open(&bytes).sheet_names();
    assert_eq!(names[0], "Số liệu 6 tháng đầu năm 2024");
    assert_eq!(names[1], "Theo tháng- quý I-2024 -Trường");
    let mut twins = sample::workbook();
    twins.sheets[1].name = "SỐ LIỆU 6 THÁNG ĐẦU NĂM 2024".into();
    let bytes = xlsx(&twins).expect("an XLSX");
    assert_eq!(
        open(&bytes).sheet_names()[1],
        "SỐ LIỆU 6 THÁNG ĐẦU NĂM 202 (2)",
        "cut so that the suffix fits in 31 characters"
    );
}

#[test]
fn an_empty_workbook_or_a_ragged_table_is_refused() {
    assert!(matches!(
        xlsx(&Workbook::default()),
        Err(ExportError::NoSheets)
    ));
    let mut book = sample::workbook();
    if let Some(total) = book.sheets[1].table.total_row.as_mut() {
        total.push(Cell::Empty);
    }
    assert!(matches!(
        xlsx(&book),
        Err(ExportError::TotalRowWidth {
            cells: 4,
            columns: 3
        })
    ));
}

#[test]
fn the_same_workbook_gives_the_same_bytes() {
    let a = xlsx(&sample::workbook()).expect("an XLSX");
    let b = xlsx(&sample::workbook()).expect("an XLSX");
    assert!(a == b, "two exports of the same workbook differ");
}

#[test]
fn snapshot_of_the_sample_workbook_read_back() {
    let bytes = xlsx(&sample::workbook()).expect("an XLSX");
    insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!("xlsx_sample_workbook_cells", as_text(&bytes));
    });
}
