//! Pure writers of lantoa's exports: DOCX in the administrative-document layout of
//! Nghị định 30/2020/NĐ-CP (Phụ lục I), XLSX with real numbers and dates, and the portal's
//! RSS 2.0 / Atom feeds and sitemap, from plain structs.
//!
//! No database, no I/O besides building bytes in memory: the caller (`lantoa-app`) fills an
//! [`AdminDocument`] or a [`Workbook`] and gets the file's bytes back. Output is deterministic
//! (fixed timestamps), so the same input always gives the same bytes. See
//! `docs/adr/0005-exports.md`.
//!
//! ```
//! use lantoa_export::{Cell, Column, Sheet, Table, Workbook, xlsx};
//!
//! let table = Table {
//!     caption: None,
//!     columns: vec![Column::text("Hoạt động", 80), Column::number("Số lượng", 25)],
//!     rows: vec![vec![Cell::from("Tin, bài trên cổng thông tin"), Cell::Int(12)]],
//!     total_row: Some(vec![Cell::from("Tổng cộng"), Cell::Int(12)]),
//! };
//! let book = Workbook { sheets: vec![Sheet { name: "Số liệu".into(), title: None, table }] };
//! let bytes = xlsx(&book)?;
//! assert_eq!(&bytes[..2], b"PK");
//! # Ok::<(), lantoa_export::ExportError>(())
//! ```

mod docx;
mod feed;
mod format;
mod xlsx;
mod xml;

#[cfg(feature = "testing")]
pub mod testing;

pub use chrono::NaiveDate;
pub use docx::docx;
pub use feed::{
    Feed, FeedEntry, SITEMAP_MAX_URLS, SitemapUrl, atom, rfc822, rfc3339, rss, sitemap,
};
pub use format::{format_date, format_decimal, format_int};
pub use xlsx::{sheet_name, xlsx};

/// A Vietnamese administrative document (Nghị định 30/2020/NĐ-CP, Phụ lục I): a report, a plan,
/// an official letter. Text is written as given, except that the parts the decree wants in
/// capitals (governing body, issuing body, document type, signer's authority and title) are
/// upper-cased, and everything is normalised to NFC.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AdminDocument {
    /// Governing body above the issuer, e.g. "UBND TỈNH AN GIANG"; may be empty. Like the
    /// issuer, a name too long for its column is broken into two balanced lines, unless it
    /// already has a `\n` where the caller wants the break.
    pub issuer_parent: String,
    /// Issuing body, e.g. "SỞ GIÁO DỤC VÀ ĐÀO TẠO".
    pub issuer: String,
    /// Number and symbol, e.g. "Số: 123/BC-SGDĐT" (blanks to fill by hand are kept).
    pub number: String,
    /// Place and date, e.g. "An Giang, ngày 30 tháng 6 năm 2024" (rendered italic).
    pub place_date: String,
    /// Document type, e.g. "BÁO CÁO".
    pub doc_type: String,
    /// Summary line (trích yếu) under the document type.
    pub summary: String,
    /// The body: headings, paragraphs and tables, in order.
    pub body: Vec<Block>,
    /// "Nơi nhận:" list, one recipient per entry, without the leading "- ". Every entry but the
    /// last gets a ";" (unless it already ends with punctuation); the last ("Lưu: VT.") is
    /// written as given.
    pub recipients: Vec<String>,
    /// Signing authority, e.g. "KT. GIÁM ĐỐC", "TM. ỦY BAN NHÂN DÂN"; may be empty.
    pub signer_authority: String,
    /// Signer's title, e.g. "PHÓ GIÁM ĐỐC".
    pub signer_title: String,
    /// Signer's full name.
    pub signer_name: String,
}

/// One piece of a document body.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A bold heading; `level` 1 ("I. KẾT QUẢ THỰC HIỆN"), 2 ("1. Công tác …"), 3 and deeper
    /// (bold italic). The text's case is kept.
    Heading { level: u8, text: String },
    /// Justified body text. Each line (`\n`) becomes a paragraph of its own with its own
    /// first-line indent, as a narrative typed in a text box is meant; blank lines are dropped.
    Paragraph(String),
    /// A table across the full text width.
    Table(Table),
}

/// A table of figures: a header row from the column titles, the rows, an optional total row.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    /// A caption written above the table (DOCX) or above the header row (XLSX).
    pub caption: Option<String>,
    pub columns: Vec<Column>,
    /// Each row has exactly one cell per column.
    pub rows: Vec<Vec<Cell>>,
    /// A bold last row; in XLSX the numeric cells become `SUM` formulas when they equal the
    /// column's sum.
    pub total_row: Option<Vec<Cell>>,
}

/// A table column.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub title: String,
    /// Width in millimetres. In DOCX the widths are scaled to fill the text width (165 mm);
    /// in XLSX they are used as they are.
    pub width_mm: u32,
    /// Numbers: right-aligned, summed in the total row.
    pub numeric: bool,
}

impl Column {
    /// A text column.
    pub fn text(title: impl Into<String>, width_mm: u32) -> Self {
        Self {
            title: title.into(),
            width_mm,
            numeric: false,
        }
    }

    /// A numeric column (right-aligned).
    pub fn number(title: impl Into<String>, width_mm: u32) -> Self {
        Self {
            title: title.into(),
            width_mm,
            numeric: true,
        }
    }
}

/// One table cell. Numbers and dates stay typed so that XLSX gets real numbers and dates, and
/// DOCX shows them the Vietnamese way (12.500; 3,5; 30/06/2024).
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Int(i64),
    Decimal(f64),
    Date(NaiveDate),
    Empty,
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Cell::Text(s.to_owned())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::Text(s)
    }
}

impl From<i64> for Cell {
    fn from(n: i64) -> Self {
        Cell::Int(n)
    }
}

impl From<f64> for Cell {
    fn from(x: f64) -> Self {
        Cell::Decimal(x)
    }
}

impl From<NaiveDate> for Cell {
    fn from(d: NaiveDate) -> Self {
        Cell::Date(d)
    }
}

impl<T: Into<Cell>> From<Option<T>> for Cell {
    fn from(v: Option<T>) -> Self {
        v.map_or(Cell::Empty, Into::into)
    }
}

/// An XLSX workbook: one worksheet per [`Sheet`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Workbook {
    pub sheets: Vec<Sheet>,
}

/// One worksheet: an optional bold title row, then the table (caption, header, rows, total).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sheet {
    /// The tab's name; characters Excel refuses (`[]:*?/\`) are replaced, it is cut to 31
    /// characters and made unique (see [`sheet_name`]).
    pub name: String,
    pub title: Option<String>,
    pub table: Table,
}

/// What went wrong while writing an export. Shape errors are the caller's bugs; the others are
/// failures of the archive writers.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("a table has no columns")]
    NoColumns,
    #[error("row {row} of a table has {cells} cells, but the table has {columns} columns")]
    RowWidth {
        row: usize,
        cells: usize,
        columns: usize,
    },
    #[error("the total row of a table has {cells} cells, but the table has {columns} columns")]
    TotalRowWidth { cells: usize, columns: usize },
    #[error("the workbook has no sheets")]
    NoSheets,
    #[error("writing the DOCX archive failed: {0}")]
    Zip(#[from] zip::result::ZipError),
    #[error("writing the DOCX archive failed: {0}")]
    Io(#[from] std::io::Error),
    #[error("writing the XLSX failed: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
}

impl Table {
    /// Checks the table's shape: at least one column, one cell per column in every row.
    pub fn check(&self) -> Result<(), ExportError> {
        let columns = self.columns.len();
        if columns == 0 {
            return Err(ExportError::NoColumns);
        }
        for (i, row) in self.rows.iter().enumerate() {
            if row.len() != columns {
                return Err(ExportError::RowWidth {
                    row: i + 1,
                    cells: row.len(),
                    columns,
                });
            }
        }
        if let Some(total) = &self.total_row
            && total.len() != columns
        {
            return Err(ExportError::TotalRowWidth {
                cells: total.len(),
                columns,
            });
        }
        Ok(())
    }
}
