//! XLSX through `rust_xlsxwriter`: real numbers (`#,##0`), real dates (dd/mm/yyyy), a bold
//! header row with frozen panes and an autofilter, and a bold total row whose numeric cells
//! are `SUM` formulas with their results cached, so readers that do not calculate (calamine,
//! pandas) still see the totals.

use chrono::Datelike;
use rust_xlsxwriter::{
    ColNum, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, RowNum,
    Worksheet, cell_range,
};

use crate::{Cell, ExportError, Sheet, Workbook};

const MAX_SHEET_NAME: usize = 31;

/// Writes `book` as an XLSX file, one worksheet per sheet. The same workbook always gives the
/// same bytes (the file's creation date is fixed to 1980-01-01, the zip epoch).
///
/// # Errors
/// No sheets ([`ExportError::NoSheets`]), a table whose rows do not match its columns, or a
/// failure of the XLSX writer (e.g. more than 1,048,576 rows).
pub fn xlsx(book: &Workbook) -> Result<Vec<u8>, ExportError> {
    if book.sheets.is_empty() {
        return Err(ExportError::NoSheets);
    }
    for sheet in &book.sheets {
        sheet.table.check()?;
    }
    let formats = Formats::new();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let created = ExcelDateTime::from_ymd(1980, 1, 1)?;
    let mut props = DocProperties::new()
        .set_author("lantoa")
        .set_creation_datetime(&created);
    if let Some(title) = book.sheets.iter().find_map(|s| s.title.as_deref()) {
        props = props.set_title(lantoa_viet::nfc(title));
    }
    wb.set_properties(&props);

    let mut taken: Vec<String> = Vec::with_capacity(book.sheets.len());
    for sheet in &book.sheets {
        let name = unique_name(&sheet_name(&sheet.name), &taken);
        let ws = wb.add_worksheet();
        ws.set_name(name.as_str())?;
        taken.push(name);
        write_sheet(ws, sheet, &formats)?;
    }
    Ok(wb.save_to_buffer()?)
}

/// A worksheet name Excel accepts: `[ ] : * ? / \` become "-", control characters are dropped,
/// leading and trailing apostrophes and spaces are trimmed, Excel's reserved "History" gets a
/// suffix, and the result is cut to 31 characters; an empty name becomes "Sheet".
///
/// ```
/// assert_eq!(lantoa_export::sheet_name("Kỳ 2024/H1: số liệu"), "Kỳ 2024-H1- số liệu");
/// ```
pub fn sheet_name(name: &str) -> String {
    let cleaned: String = lantoa_viet::nfc(name)
        .chars()
        .filter(|c| !c.is_control())
        .map(|c| match c {
            '[' | ']' | ':' | '*' | '?' | '/' | '\\' => '-',
            c => c,
        })
        .collect();
    let mut name = truncate(cleaned.trim_matches(|c: char| c == '\'' || c.is_whitespace()));
    // Cutting may leave an apostrophe or a space at the end.
    name = name
        .trim_end_matches(|c: char| c == '\'' || c.is_whitespace())
        .to_owned();
    if name.eq_ignore_ascii_case("history") {
        name.push_str(" (1)");
    }
    if name.is_empty() {
        "Sheet".to_owned()
    } else {
        name
    }
}

/// Cuts to Excel's 31 UTF-16 units (Vietnamese letters are one unit each).
fn truncate(s: &str) -> String {
    let mut units = 0;
    s.chars()
        .take_while(|c| {
            units += c.len_utf16();
            units <= MAX_SHEET_NAME
        })
        .collect()
}

/// `name`, or `name (2)`, `name (3)`… (cut to fit) when Excel would see a duplicate; Excel
/// compares sheet names without case.
fn unique_name(name: &str, taken: &[String]) -> String {
    let clash = |candidate: &str| {
        let lower = candidate.to_lowercase();
        taken.iter().any(|t| t.to_lowercase() == lower)
    };
    if !clash(name) {
        return name.to_owned();
    }
    let mut n = 2usize;
    loop {
        let suffix = format!(" ({n})");
        let room = MAX_SHEET_NAME - suffix.len();
        let base: String = name.chars().take(room).collect();
        let candidate = format!("{}{suffix}", base.trim_end());
        if !clash(&candidate) {
            return candidate;
        }
        n += 1;
    }
}

struct Formats {
    title: Format,
    caption: Format,
    header: Format,
    text: [Format; 2],
    int: [Format; 2],
    decimal: [Format; 2],
    date: [Format; 2],
}

impl Formats {
    fn new() -> Self {
        let cell = Format::new()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::Top);
        let both = |f: Format| [f.clone(), f.set_bold()];
        Self {
            title: Format::new().set_bold().set_font_size(14),
            caption: Format::new().set_italic(),
            header: cell
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            text: both(cell.clone().set_text_wrap()),
            int: both(cell.clone().set_num_format("#,##0")),
            decimal: both(cell.clone().set_num_format("#,##0.00")),
            date: both(
                cell.set_num_format("dd/mm/yyyy")
                    .set_align(FormatAlign::Center),
            ),
        }
    }
}

fn col_num(i: usize) -> Result<ColNum, ExportError> {
    ColNum::try_from(i).map_err(|_| rust_xlsxwriter::XlsxError::RowColumnLimitError.into())
}

fn row_num(i: usize) -> Result<RowNum, ExportError> {
    RowNum::try_from(i).map_err(|_| rust_xlsxwriter::XlsxError::RowColumnLimitError.into())
}

/// Millimetres to Excel's pixels at 96 dpi.
fn mm_to_px(mm: u32) -> u32 {
    (mm * 96 * 10 + 127) / 254
}

fn write_sheet(ws: &mut Worksheet, sheet: &Sheet, f: &Formats) -> Result<(), ExportError> {
    let table = &sheet.table;
    let last_col = col_num(table.columns.len().saturating_sub(1))?;
    let mut row: RowNum = 0;
    if let Some(title) = sheet.title.as_deref().filter(|t| !t.trim().is_empty()) {
        ws.write_string_with_format(row, 0, lantoa_viet::nfc(title), &f.title)?;
        row += 1;
    }
    if let Some(caption) = table.caption.as_deref().filter(|t| !t.trim().is_empty()) {
        ws.write_string_with_format(row, 0, lantoa_viet::nfc(caption), &f.caption)?;
        row += 1;
    }

    let header_row = row;
    for (i, column) in table.columns.iter().enumerate() {
        let c = col_num(i)?;
        ws.write_string_with_format(header_row, c, lantoa_viet::nfc(&column.title), &f.header)?;
        if column.width_mm > 0 {
            ws.set_column_width_pixels(c, mm_to_px(column.width_mm))?;
        }
    }

    let widths: Vec<u32> = table
        .columns
        .iter()
        .map(|c| {
            if c.width_mm > 0 {
                mm_to_px(c.width_mm)
            } else {
                DEFAULT_COL_PX
            }
        })
        .collect();
    let titles = table.columns.iter().map(|c| Cell::Text(c.title.clone()));
    fit_row_height(ws, header_row, &titles.collect::<Vec<_>>(), &widths, true)?;

    let first_data = header_row + 1;
    for (r, cells) in table.rows.iter().enumerate() {
        let r = first_data + row_num(r)?;
        for (c, cell) in cells.iter().enumerate() {
            write_cell(ws, r, col_num(c)?, cell, f, false)?;
        }
        fit_row_height(ws, r, cells, &widths, false)?;
    }
    let last_data = first_data + row_num(table.rows.len())?; // one past the last data row

    if let Some(total) = &table.total_row {
        for (c, cell) in total.iter().enumerate() {
            let col = col_num(c)?;
            let sum = if table.columns[c].numeric && !table.rows.is_empty() {
                column_sum(&table.rows, c)
            } else {
                None
            };
            let value = match cell {
                Cell::Int(n) => Some(*n as f64),
                Cell::Decimal(x) => Some(*x),
                _ => None,
            };
            match (value, sum) {
                // The figure is the column's sum: write it as a formula, so a corrected figure
                // updates the total, with the value cached for readers that do not calculate.
                (Some(v), Some(s)) if (v - s).abs() <= 1e-9 * v.abs().max(1.0) => {
                    let range = cell_range(first_data, col, last_data - 1, col);
                    let result = match cell {
                        Cell::Int(n) => n.to_string(),
                        _ => v.to_string(),
                    };
                    let format = if matches!(cell, Cell::Int(_)) {
                        &f.int[1]
                    } else {
                        &f.decimal[1]
                    };
                    let formula = Formula::new(format!("SUM({range})")).set_result(result);
                    ws.write_formula_with_format(last_data, col, formula, format)?;
                }
                // Any other total (a count of units, a figure that is not a plain sum) is
                // written as given.
                _ => write_cell(ws, last_data, col, cell, f, true)?,
            }
        }
    }

    ws.set_freeze_panes(first_data, 0)?;
    let filter_last = if table.rows.is_empty() {
        header_row
    } else {
        last_data - 1
    };
    ws.autofilter(header_row, 0, filter_last, last_col)?;
    // Print: A4, as wide as one page, the header row repeated on every page.
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(header_row, header_row)?;
    Ok(())
}

/// Excel's default column width (8.43 characters).
const DEFAULT_COL_PX: u32 = 64;
/// Excel's default row height, in points, for one line of the default 11 pt font.
const LINE_PT: f64 = 15.0;

/// Makes a row tall enough for its wrapped text. Neither Excel nor LibreOffice grows rows for
/// wrapped text in a file reliably (LibreOffice's conversion does not at all), so the number of
/// lines is estimated from the column widths and set.
fn fit_row_height(
    ws: &mut Worksheet,
    row: RowNum,
    cells: &[Cell],
    widths_px: &[u32],
    bold: bool,
) -> Result<(), ExportError> {
    let lines = cells
        .iter()
        .zip(widths_px)
        .map(|(cell, &w)| match cell {
            Cell::Text(s) => wrapped_lines(s, w, bold),
            _ => 1,
        })
        .max()
        .unwrap_or(1);
    if lines > 1 {
        ws.set_row_height(row, f64::from(lines) * LINE_PT)?;
    }
    Ok(())
}

/// How many lines `text` takes in a column `width_px` wide, wrapping at spaces, in the default
/// 11 pt font (about 6.5 px a character, 7 in bold; a little generous so text is never cut).
fn wrapped_lines(text: &str, width_px: u32, bold: bool) -> u32 {
    let per_char = if bold { 7.0 } else { 6.5 };
    let room = (f64::from(width_px.saturating_sub(6)) / per_char)
        .floor()
        .max(1.0) as usize;
    let mut lines = 0u32;
    for paragraph in text.split('\n') {
        lines += 1;
        let mut used = 0usize;
        for word in paragraph.split_whitespace() {
            let len = word.chars().count();
            let needed = if used == 0 { len } else { used + 1 + len };
            if needed <= room || used == 0 {
                used = needed;
                // A word longer than the column is broken over as many lines as it takes.
                while used > room {
                    lines += 1;
                    used -= room;
                }
            } else {
                lines += 1;
                used = len;
                while used > room {
                    lines += 1;
                    used -= room;
                }
            }
        }
    }
    lines.max(1)
}

/// The sum of column `c` when every non-empty cell in it is a number.
fn column_sum(rows: &[Vec<Cell>], c: usize) -> Option<f64> {
    let mut sum = 0.0;
    for row in rows {
        match row.get(c)? {
            Cell::Int(n) => sum += *n as f64,
            Cell::Decimal(x) => sum += *x,
            Cell::Empty => {}
            Cell::Text(_) | Cell::Date(_) => return None,
        }
    }
    Some(sum)
}

fn write_cell(
    ws: &mut Worksheet,
    row: RowNum,
    col: ColNum,
    cell: &Cell,
    f: &Formats,
    bold: bool,
) -> Result<(), ExportError> {
    let b = usize::from(bold);
    match cell {
        Cell::Text(s) => {
            ws.write_string_with_format(row, col, lantoa_viet::nfc(s), &f.text[b])?;
        }
        Cell::Int(n) => {
            ws.write_number_with_format(row, col, *n as f64, &f.int[b])?;
        }
        Cell::Decimal(x) if x.is_finite() => {
            ws.write_number_with_format(row, col, *x, &f.decimal[b])?;
        }
        Cell::Date(d) => match excel_date(*d) {
            Some(date) => {
                ws.write_datetime_with_format(row, col, date, &f.date[b])?;
            }
            // Excel has no dates before 1900 or after 9999: keep the date as text.
            None => {
                ws.write_string_with_format(row, col, crate::format_date(*d), &f.text[b])?;
            }
        },
        Cell::Decimal(_) | Cell::Empty => {
            ws.write_blank(row, col, &f.text[b])?;
        }
    }
    Ok(())
}

fn excel_date(d: chrono::NaiveDate) -> Option<ExcelDateTime> {
    let year = u16::try_from(d.year()).ok()?;
    let month = u8::try_from(d.month()).ok()?;
    let day = u8::try_from(d.day()).ok()?;
    ExcelDateTime::from_ymd(year, month, day).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_lose_characters_excel_refuses() {
        assert_eq!(sheet_name("a[b]c:d*e?f/g\\h"), "a-b-c-d-e-f-g-h");
        assert_eq!(sheet_name("'Tổng hợp'"), "Tổng hợp");
        assert_eq!(sheet_name("  "), "Sheet");
        assert_eq!(sheet_name("history"), "history (1)");
    }

    #[test]
    fn long_sheet_names_are_cut_to_31_characters() {
        let long = "Trường Cao đẳng Kiên Giang - số liệu 6 tháng đầu năm 2024";
        let name = sheet_name(long);
        assert_eq!(name.chars().count(), 31, "{name}");
        assert!(long.starts_with(&name));
        assert!(rust_xlsxwriter::check_sheet_name(&name).is_ok());
    }

    #[test]
    fn duplicate_sheet_names_get_a_number() {
        let taken = vec!["Số liệu".to_owned(), "SỐ LIỆU (2)".to_owned()];
        assert_eq!(unique_name("số liệu", &taken), "số liệu (3)");
        let long = "x".repeat(31);
        let unique = unique_name(&long, std::slice::from_ref(&long));
        assert_eq!(unique, format!("{} (2)", "x".repeat(27)));
    }

    #[test]
    fn wrapped_text_gets_as_many_lines_as_it_needs() {
        // 62 mm = 234 px: about 35 characters a line.
        assert_eq!(wrapped_lines("Tin, bài trên cổng thông tin", 234, false), 1);
        assert_eq!(
            wrapped_lines(
                "Buổi tư vấn tuyển sinh, hướng nghiệp tại các trường THCS, THPT",
                234,
                false
            ),
            2
        );
        assert_eq!(wrapped_lines("Hai\ndòng", 234, false), 2);
        assert_eq!(wrapped_lines(&"x".repeat(80), 234, false), 3);
        assert_eq!(wrapped_lines("", 234, false), 1);
    }

    #[test]
    fn millimetres_become_pixels_at_96_dpi() {
        assert_eq!(mm_to_px(254), 960);
        assert_eq!(mm_to_px(25), 94);
    }
}
