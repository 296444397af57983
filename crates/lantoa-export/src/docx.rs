//! DOCX in the administrative-document layout of Nghị định 30/2020/NĐ-CP, Phụ lục I:
//! hand-written WordprocessingML in a zip, so that every size, indent and border is the one the
//! decree asks for (see `docs/adr/0005-exports.md`).

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::format::{format_date, format_decimal, format_int};
use crate::xml::{escape, escape_into};
use crate::{AdminDocument, Block, Cell, ExportError, Table};

/// The national title (Quốc hiệu), bold capitals.
pub(crate) const QUOC_HIEU: &str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
/// The motto (Tiêu ngữ), bold, the first letter of each phrase capitalised.
pub(crate) const TIEU_NGU: &str = "Độc lập - Tự do - Hạnh phúc";
const NOI_NHAN: &str = "Nơi nhận:";

// Page geometry in twips (1 mm = 56.7 twips): A4 portrait; margins top/bottom 20 mm,
// left 30 mm, right 15 mm (the decree allows 20–25 / 20–25 / 30–35 / 15–20 mm).
const PAGE_W: u32 = 11906;
const PAGE_H: u32 = 16838;
const MARGIN_TOP: u32 = 1134;
const MARGIN_BOTTOM: u32 = 1134;
const MARGIN_LEFT: u32 = 1701;
const MARGIN_RIGHT: u32 = 850;
/// The page number's distance from the top edge: 10 mm, inside the 20 mm top margin.
const HEADER_DIST: u32 = 567;
const FOOTER_DIST: u32 = 567;
/// The text width: 165 mm.
const TEXT_W: u32 = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT;
/// First-line indent of body paragraphs and headings: 1 cm (the decree: 1–1.27 cm).
const FIRST_LINE: u32 = 567;
/// Header block: the issuer's column takes 42 %, the Quốc hiệu's 58 % of the text width.
const HEADER_LEFT_W: u32 = TEXT_W * 42 / 100;
const HEADER_RIGHT_W: u32 = TEXT_W - HEADER_LEFT_W;
/// Footer block: "Nơi nhận" 45 %, the signature 55 %.
const FOOTER_LEFT_W: u32 = TEXT_W * 45 / 100;
const FOOTER_RIGHT_W: u32 = TEXT_W - FOOTER_LEFT_W;
/// Room left for the handwritten signature and the seal, above the signer's name: 30 mm.
const SIGNATURE_SPACE: u32 = 1701;

// Font sizes in half-points (26 = 13 pt), each within the decree's range.
const SZ_PARENT: u16 = 26; // governing body, 12–13 pt
const SZ_ISSUER: u16 = 26; // issuing body, 12–13 pt, bold
const SZ_NUMBER: u16 = 26; // "Số: …", 13 pt
const SZ_QUOC_HIEU: u16 = 24; // Quốc hiệu, 12–13 pt, bold (13 pt does not fit its column)
const SZ_TIEU_NGU: u16 = 26; // Tiêu ngữ, 13–14 pt, bold
const SZ_PLACE_DATE: u16 = 28; // place and date, 13–14 pt, italic
const SZ_DOC_TYPE: u16 = 28; // document type, 13–14 pt, bold
const SZ_SUMMARY: u16 = 28; // summary line, 13–14 pt, bold
const SZ_BODY: u16 = 28; // body, 13–14 pt
const SZ_CAPTION: u16 = 26; // table caption
const SZ_TABLE: u16 = 24; // table text, 12–13 pt
const SZ_NOI_NHAN: u16 = 24; // "Nơi nhận:", 12 pt, bold italic
const SZ_RECIPIENT: u16 = 22; // recipients, 11 pt
const SZ_SIGNER: u16 = 28; // authority, title and name, 13–14 pt, bold
const SZ_PAGE_NO: u16 = 28; // page number, 13–14 pt

const FONT: &str = "Times New Roman";
const NS_W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const NS_R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const XML_DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

/// Writes `doc` as a DOCX file (A4, Times New Roman, the layout of Nghị định 30/2020/NĐ-CP).
/// The same document always gives the same bytes.
///
/// # Errors
/// A table whose rows do not match its columns ([`ExportError::RowWidth`] and friends); a
/// failure of the zip writer.
pub fn docx(doc: &AdminDocument) -> Result<Vec<u8>, ExportError> {
    for block in &doc.body {
        if let Block::Table(t) = block {
            t.check()?;
        }
    }
    let title = [doc.doc_type.trim(), doc.summary.trim()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    let parts: [(&str, String); 10] = [
        ("[Content_Types].xml", CONTENT_TYPES.to_owned()),
        ("_rels/.rels", ROOT_RELS.to_owned()),
        ("docProps/core.xml", core_xml(&title)),
        ("docProps/app.xml", APP_XML.to_owned()),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS.to_owned()),
        ("word/document.xml", document_xml(doc)),
        ("word/styles.xml", styles_xml()),
        ("word/settings.xml", SETTINGS_XML.to_owned()),
        ("word/header1.xml", page_number_header()),
        ("word/header2.xml", empty_header()),
    ];
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::DEFAULT)
        .unix_permissions(0o644);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, content) in parts {
        zip.start_file(name, options)?;
        zip.write_all(content.as_bytes())?;
    }
    Ok(zip.finish()?.into_inner())
}

// ---------------------------------------------------------------------------------------------
// Runs and paragraphs

#[derive(Debug, Clone, Copy)]
struct Font {
    size: u16,
    bold: bool,
    italic: bool,
}

impl Font {
    const fn plain(size: u16) -> Self {
        Self {
            size,
            bold: false,
            italic: false,
        }
    }

    const fn bold(size: u16) -> Self {
        Self {
            size,
            bold: true,
            italic: false,
        }
    }

    const fn italic(self) -> Self {
        Self {
            italic: true,
            ..self
        }
    }

    fn write_rpr(self, out: &mut String) {
        out.push_str("<w:rPr>");
        if self.bold {
            out.push_str("<w:b/><w:bCs/>");
        }
        if self.italic {
            out.push_str("<w:i/><w:iCs/>");
        }
        out.push_str(&format!(
            "<w:sz w:val=\"{0}\"/><w:szCs w:val=\"{0}\"/></w:rPr>",
            self.size
        ));
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq)]
enum Jc {
    #[default]
    Left,
    Center,
    Right,
    Both,
}

impl Jc {
    fn as_str(self) -> &'static str {
        match self {
            Jc::Left => "left",
            Jc::Center => "center",
            Jc::Right => "right",
            Jc::Both => "both",
        }
    }
}

#[derive(Debug, Clone, Copy, Default)]
enum Line {
    /// Single spacing.
    #[default]
    Single,
    /// A multiple of single spacing, in 240ths (276 = 1.15).
    Auto(u32),
    /// Exactly this many twips.
    Exact(u32),
}

/// Paragraph properties, written in the schema's element order.
#[derive(Debug, Clone, Copy, Default)]
struct Para {
    keep_next: bool,
    keep_lines: bool,
    /// A horizontal rule at the top of the paragraph (the decree's short lines).
    rule: bool,
    before: u32,
    after: u32,
    line: Line,
    left: u32,
    right: u32,
    first_line: u32,
    jc: Jc,
    outline: Option<u8>,
}

impl Para {
    fn centered() -> Self {
        Self {
            jc: Jc::Center,
            ..Self::default()
        }
    }

    fn write_ppr(&self, out: &mut String, mark: Font) {
        out.push_str("<w:pPr>");
        if self.keep_next {
            out.push_str("<w:keepNext/>");
        }
        if self.keep_lines {
            out.push_str("<w:keepLines/>");
        }
        if self.rule {
            out.push_str(
                "<w:pBdr><w:top w:val=\"single\" w:sz=\"6\" w:space=\"1\" w:color=\"auto\"/></w:pBdr>",
            );
        }
        let line = match self.line {
            Line::Single => "w:line=\"240\" w:lineRule=\"auto\"".to_owned(),
            Line::Auto(n) => format!("w:line=\"{n}\" w:lineRule=\"auto\""),
            Line::Exact(n) => format!("w:line=\"{n}\" w:lineRule=\"exact\""),
        };
        out.push_str(&format!(
            "<w:spacing w:before=\"{}\" w:after=\"{}\" {line}/>",
            self.before, self.after
        ));
        if self.left > 0 || self.right > 0 || self.first_line > 0 {
            out.push_str(&format!(
                "<w:ind w:left=\"{}\" w:right=\"{}\" w:firstLine=\"{}\"/>",
                self.left, self.right, self.first_line
            ));
        }
        out.push_str(&format!("<w:jc w:val=\"{}\"/>", self.jc.as_str()));
        if let Some(level) = self.outline {
            out.push_str(&format!("<w:outlineLvl w:val=\"{level}\"/>"));
        }
        mark.write_rpr(out);
        out.push_str("</w:pPr>");
    }
}

/// Appends a run: NFC text, `\t` as a tab, `\n` as a line break.
fn run(out: &mut String, text: &str, font: Font) {
    let text = lantoa_viet::nfc(text);
    out.push_str("<w:r>");
    font.write_rpr(out);
    let mut pieces = text.split('\n').peekable();
    while let Some(line) = pieces.next() {
        let mut tabs = line.split('\t').peekable();
        while let Some(chunk) = tabs.next() {
            if !chunk.is_empty() {
                out.push_str("<w:t xml:space=\"preserve\">");
                escape_into(out, chunk.trim_end_matches('\r'));
                out.push_str("</w:t>");
            }
            if tabs.peek().is_some() {
                out.push_str("<w:tab/>");
            }
        }
        if pieces.peek().is_some() {
            out.push_str("<w:br/>");
        }
    }
    out.push_str("</w:r>");
}

/// Appends a paragraph of one run (none when `text` is empty).
fn paragraph(out: &mut String, para: &Para, text: &str, font: Font) {
    out.push_str("<w:p>");
    para.write_ppr(out, font);
    if !text.is_empty() {
        run(out, text, font);
    }
    out.push_str("</w:p>");
}

/// Appends an empty paragraph carrying a short centred horizontal rule of `width` twips, in a
/// space `avail` twips wide.
fn rule(out: &mut String, width: u32, avail: u32) {
    let width = width.min(avail);
    let side = (avail - width) / 2;
    let para = Para {
        rule: true,
        // 3 pt of air between the text's descenders and the line.
        before: 60,
        line: Line::Exact(40),
        left: side,
        right: side,
        jc: Jc::Center,
        ..Para::default()
    };
    paragraph(out, &para, "", Font::plain(2));
}

/// The approximate width of `text` in Times New Roman at `size` half-points, in twips; good
/// enough to size the decree's lines "about the text's width".
fn approx_width(text: &str, size: u16, bold: bool) -> u32 {
    text.lines()
        .map(|line| approx_line_width(line, size, bold))
        .max()
        .unwrap_or(0)
}

fn approx_line_width(text: &str, size: u16, bold: bool) -> u32 {
    let em: f64 = text
        .chars()
        .map(|c| match c {
            ' ' => 0.25,
            c if c.is_uppercase() => {
                if bold {
                    0.72
                } else {
                    0.68
                }
            }
            c if c.is_alphabetic() => {
                if bold {
                    0.5
                } else {
                    0.46
                }
            }
            c if c.is_ascii_digit() => 0.5,
            _ => 0.33,
        })
        .sum();
    // size / 2 points per em, 20 twips per point.
    (em * f64::from(size) * 10.0).round() as u32
}

/// A name too long for `avail` twips broken at the space that gives two lines of the most
/// equal widths ("TRƯỜNG CAO ĐẲNG / KIÊN GIANG", "ỦY BAN NHÂN DÂN / TỈNH AN GIANG"), as
/// officials break them by hand, instead of wherever the line happens to fill up. A name that
/// already has a line break, fits, or needs more than two lines is left alone.
fn balanced(text: &str, size: u16, bold: bool, avail: u32) -> String {
    // Leave room for rounding in the estimate.
    let avail = avail * 95 / 100;
    if text.contains('\n') || approx_width(text, size, bold) <= avail {
        return text.to_owned();
    }
    let splits: Vec<(u32, usize)> = text
        .char_indices()
        .filter(|&(_, c)| c == ' ')
        .map(|(i, _)| {
            let left = approx_width(&text[..i], size, bold);
            let right = approx_width(&text[i + 1..], size, bold);
            (left.max(right), i)
        })
        .collect();
    let Some(narrowest) = splits.iter().map(|&(w, _)| w).min() else {
        return text.to_owned();
    };
    // Among the near-best splits, the one with the longer first line: "TRƯỜNG CAO ĐẲNG /
    // KIÊN GIANG" rather than "TRƯỜNG CAO / ĐẲNG KIÊN GIANG".
    let best = splits
        .iter()
        .filter(|&&(w, _)| w <= narrowest + narrowest / 10 && w <= avail)
        .map(|&(_, i)| i)
        .max();
    match best {
        Some(i) => format!("{}\n{}", &text[..i], &text[i + 1..]),
        None => text.to_owned(),
    }
}

fn upper(s: &str) -> String {
    lantoa_viet::nfc(s).to_uppercase()
}

// ---------------------------------------------------------------------------------------------
// Tables

struct Tbl {
    widths: Vec<u32>,
    borders: bool,
    /// Left and right cell margins.
    cell_margin: u32,
}

impl Tbl {
    fn open(&self, out: &mut String) {
        let total: u32 = self.widths.iter().sum();
        out.push_str("<w:tbl><w:tblPr>");
        out.push_str(&format!("<w:tblW w:w=\"{total}\" w:type=\"dxa\"/>"));
        out.push_str("<w:tblInd w:w=\"0\" w:type=\"dxa\"/>");
        out.push_str("<w:tblBorders>");
        for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
            if self.borders {
                out.push_str(&format!(
                    "<w:{side} w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>"
                ));
            } else {
                out.push_str(&format!("<w:{side} w:val=\"nil\"/>"));
            }
        }
        out.push_str("</w:tblBorders>");
        out.push_str("<w:tblLayout w:type=\"fixed\"/>");
        out.push_str(&format!(
            "<w:tblCellMar><w:left w:w=\"{0}\" w:type=\"dxa\"/><w:right w:w=\"{0}\" w:type=\"dxa\"/></w:tblCellMar>",
            self.cell_margin
        ));
        out.push_str("<w:tblLook w:val=\"0000\" w:firstRow=\"0\" w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"1\" w:noVBand=\"1\"/>");
        out.push_str("</w:tblPr><w:tblGrid>");
        for w in &self.widths {
            out.push_str(&format!("<w:gridCol w:w=\"{w}\"/>"));
        }
        out.push_str("</w:tblGrid>");
    }
}

fn row_open(out: &mut String, header: bool) {
    out.push_str("<w:tr><w:trPr><w:cantSplit/>");
    if header {
        out.push_str("<w:tblHeader/>");
    }
    out.push_str("</w:trPr>");
}

fn cell_open(out: &mut String, width: u32, v_center: bool) {
    out.push_str(&format!(
        "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/>"
    ));
    if v_center {
        out.push_str("<w:vAlign w:val=\"center\"/>");
    }
    out.push_str("</w:tcPr>");
}

/// Column widths in twips: `width_mm` scaled to fill `total` (equal widths when all are 0);
/// the last column takes the rounding remainder so the sum is exactly `total`.
fn scale_widths(mm: &[u32], total: u32) -> Vec<u32> {
    let n = mm.len().max(1) as u64;
    let sum: u64 = mm.iter().map(|&w| u64::from(w)).sum();
    let mut widths: Vec<u32> = mm
        .iter()
        .map(|&w| {
            let share = (u64::from(total) * u64::from(w))
                .checked_div(sum)
                .unwrap_or(u64::from(total) / n);
            u32::try_from(share).unwrap_or(total)
        })
        .collect();
    let used: u32 = widths.iter().take(widths.len().saturating_sub(1)).sum();
    if let Some(last) = widths.last_mut() {
        *last = total.saturating_sub(used);
    }
    widths
}

fn cell_text(cell: &Cell) -> String {
    match cell {
        Cell::Text(s) => s.clone(),
        Cell::Int(n) => format_int(*n),
        Cell::Decimal(x) => format_decimal(*x),
        Cell::Date(d) => format_date(*d),
        Cell::Empty => String::new(),
    }
}

fn write_table(out: &mut String, table: &Table) {
    if let Some(caption) = table.caption.as_deref().filter(|c| !c.trim().is_empty()) {
        let para = Para {
            keep_next: true,
            before: 120,
            after: 120,
            ..Para::centered()
        };
        paragraph(out, &para, caption, Font::bold(SZ_CAPTION));
    }
    let mm: Vec<u32> = table.columns.iter().map(|c| c.width_mm).collect();
    let tbl = Tbl {
        widths: scale_widths(&mm, TEXT_W),
        borders: true,
        cell_margin: 85,
    };
    tbl.open(out);
    let cell_para = Para {
        before: 40,
        after: 40,
        ..Para::default()
    };

    row_open(out, true);
    for (col, w) in table.columns.iter().zip(&tbl.widths) {
        cell_open(out, *w, true);
        let para = Para {
            jc: Jc::Center,
            ..cell_para
        };
        paragraph(out, &para, &col.title, Font::bold(SZ_TABLE));
        out.push_str("</w:tc>");
    }
    out.push_str("</w:tr>");

    let body_rows = table.rows.iter().map(|r| (r, false));
    let total = table.total_row.iter().map(|r| (r, true));
    for (row, is_total) in body_rows.chain(total) {
        row_open(out, false);
        for ((cell, col), w) in row.iter().zip(&table.columns).zip(&tbl.widths) {
            cell_open(out, *w, true);
            let jc = match cell {
                Cell::Int(_) | Cell::Decimal(_) => Jc::Right,
                Cell::Date(_) => Jc::Center,
                Cell::Text(_) | Cell::Empty if col.numeric => Jc::Right,
                Cell::Text(_) | Cell::Empty => Jc::Left,
            };
            let para = Para { jc, ..cell_para };
            let font = Font {
                bold: is_total,
                ..Font::plain(SZ_TABLE)
            };
            paragraph(out, &para, &cell_text(cell), font);
            out.push_str("</w:tc>");
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
    // A paragraph must follow a table (two adjacent tables would merge); it also gives 6 pt
    // of air before the next block.
    let spacer = Para {
        line: Line::Exact(120),
        ..Para::default()
    };
    paragraph(out, &spacer, "", Font::plain(SZ_BODY));
}

// ---------------------------------------------------------------------------------------------
// The document

fn document_xml(doc: &AdminDocument) -> String {
    let mut out = String::with_capacity(32 * 1024);
    out.push_str(XML_DECL);
    out.push_str(&format!(
        "<w:document xmlns:w=\"{NS_W}\" xmlns:r=\"{NS_R}\"><w:body>"
    ));
    write_header_block(&mut out, doc);
    write_title_block(&mut out, doc);
    for block in &doc.body {
        write_block(&mut out, block);
    }
    write_signature_block(&mut out, doc);
    out.push_str(&section_properties());
    out.push_str("</w:body></w:document>");
    out
}

/// The borderless two-column header: issuer | Quốc hiệu and Tiêu ngữ, then number | date.
fn write_header_block(out: &mut String, doc: &AdminDocument) {
    let tbl = Tbl {
        widths: vec![HEADER_LEFT_W, HEADER_RIGHT_W],
        borders: false,
        cell_margin: 0,
    };
    tbl.open(out);

    row_open(out, false);
    cell_open(out, HEADER_LEFT_W, false);
    let parent = balanced(&upper(&doc.issuer_parent), SZ_PARENT, false, HEADER_LEFT_W);
    if !parent.trim().is_empty() {
        paragraph(out, &Para::centered(), &parent, Font::plain(SZ_PARENT));
    }
    let issuer = balanced(&upper(&doc.issuer), SZ_ISSUER, true, HEADER_LEFT_W);
    paragraph(out, &Para::centered(), &issuer, Font::bold(SZ_ISSUER));
    if !issuer.trim().is_empty() {
        // The decree: a line 1/3 to 1/2 as long as the issuer's name, centred under it.
        let text_w = approx_width(&issuer, SZ_ISSUER, true).min(HEADER_LEFT_W);
        rule(out, (text_w * 2 / 5).max(1000), HEADER_LEFT_W);
    }
    out.push_str("</w:tc>");
    cell_open(out, HEADER_RIGHT_W, false);
    paragraph(out, &Para::centered(), QUOC_HIEU, Font::bold(SZ_QUOC_HIEU));
    paragraph(out, &Para::centered(), TIEU_NGU, Font::bold(SZ_TIEU_NGU));
    // The decree: a line as long as the Tiêu ngữ.
    rule(
        out,
        approx_width(TIEU_NGU, SZ_TIEU_NGU, true),
        HEADER_RIGHT_W,
    );
    out.push_str("</w:tc></w:tr>");

    row_open(out, false);
    let second = Para {
        before: 120,
        ..Para::centered()
    };
    cell_open(out, HEADER_LEFT_W, false);
    paragraph(out, &second, &doc.number, Font::plain(SZ_NUMBER));
    out.push_str("</w:tc>");
    cell_open(out, HEADER_RIGHT_W, false);
    paragraph(
        out,
        &second,
        &doc.place_date,
        Font::plain(SZ_PLACE_DATE).italic(),
    );
    out.push_str("</w:tc></w:tr></w:tbl>");
}

/// Document type and summary line, centred and bold, with a short line under them.
fn write_title_block(out: &mut String, doc: &AdminDocument) {
    let doc_type = Para {
        keep_next: true,
        before: 480,
        ..Para::centered()
    };
    paragraph(
        out,
        &doc_type,
        &upper(&doc.doc_type),
        Font::bold(SZ_DOC_TYPE),
    );
    if !doc.summary.trim().is_empty() {
        let summary = Para {
            keep_next: true,
            ..Para::centered()
        };
        paragraph(out, &summary, &doc.summary, Font::bold(SZ_SUMMARY));
        // The decree: 1/3 to 1/2 of the line's length.
        let text_w = approx_width(&doc.summary, SZ_SUMMARY, true).min(TEXT_W);
        rule(out, (text_w * 2 / 5).max(1200), TEXT_W);
    }
    // Air between the title and the body.
    let spacer = Para {
        line: Line::Exact(240),
        ..Para::default()
    };
    paragraph(out, &spacer, "", Font::plain(SZ_BODY));
}

fn write_block(out: &mut String, block: &Block) {
    match block {
        Block::Heading { level, text } => {
            let level = (*level).max(1);
            let para = Para {
                keep_next: true,
                keep_lines: true,
                before: 120,
                after: 120,
                line: Line::Auto(276),
                first_line: FIRST_LINE,
                jc: Jc::Both,
                outline: Some(level.min(9) - 1),
                ..Para::default()
            };
            let font = if level >= 3 {
                Font::bold(SZ_BODY).italic()
            } else {
                Font::bold(SZ_BODY)
            };
            paragraph(out, &para, text, font);
        }
        Block::Paragraph(text) => {
            let para = Para {
                after: 120,
                line: Line::Auto(276),
                first_line: FIRST_LINE,
                jc: Jc::Both,
                ..Para::default()
            };
            // Each line of a narrative typed in a text box is a paragraph of its own, with its
            // own first-line indent; blank lines are dropped.
            for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
                paragraph(out, &para, line, Font::plain(SZ_BODY));
            }
        }
        Block::Table(table) => write_table(out, table),
    }
}

/// "- Như trên;" for every recipient but the last, which is written as given ("- Lưu: VT.").
fn recipient_lines(recipients: &[String]) -> Vec<String> {
    let count = recipients.len();
    recipients
        .iter()
        .map(|r| r.trim())
        .enumerate()
        .map(|(i, r)| {
            let r = r.strip_prefix('-').map_or(r, str::trim_start);
            let mut line = format!("- {r}");
            if i + 1 < count && !r.ends_with([';', '.', ',', ':']) {
                line.push(';');
            }
            line
        })
        .collect()
}

/// "Nơi nhận" on the left, the signature on the right, in a borderless table kept on one page.
fn write_signature_block(out: &mut String, doc: &AdminDocument) {
    let spacer = Para {
        line: Line::Exact(240),
        keep_next: true,
        ..Para::default()
    };
    paragraph(out, &spacer, "", Font::plain(SZ_BODY));
    let tbl = Tbl {
        widths: vec![FOOTER_LEFT_W, FOOTER_RIGHT_W],
        borders: false,
        cell_margin: 0,
    };
    tbl.open(out);
    row_open(out, false);

    cell_open(out, FOOTER_LEFT_W, false);
    let left = Para::default();
    if doc.recipients.is_empty() {
        paragraph(out, &left, "", Font::plain(SZ_RECIPIENT));
    } else {
        paragraph(out, &left, NOI_NHAN, Font::bold(SZ_NOI_NHAN).italic());
        for line in recipient_lines(&doc.recipients) {
            paragraph(out, &left, &line, Font::plain(SZ_RECIPIENT));
        }
    }
    out.push_str("</w:tc>");

    cell_open(out, FOOTER_RIGHT_W, false);
    let authority = upper(&doc.signer_authority);
    if !authority.trim().is_empty() {
        paragraph(out, &Para::centered(), &authority, Font::bold(SZ_SIGNER));
    }
    paragraph(
        out,
        &Para::centered(),
        &upper(&doc.signer_title),
        Font::bold(SZ_SIGNER),
    );
    let name = Para {
        before: SIGNATURE_SPACE,
        ..Para::centered()
    };
    paragraph(out, &name, &doc.signer_name, Font::bold(SZ_SIGNER));
    out.push_str("</w:tc></w:tr></w:tbl>");
    // A document must end with a paragraph, not a table.
    paragraph(out, &Para::default(), "", Font::plain(2));
}

fn section_properties() -> String {
    format!(
        "<w:sectPr>\
         <w:headerReference w:type=\"default\" r:id=\"rId3\"/>\
         <w:headerReference w:type=\"first\" r:id=\"rId4\"/>\
         <w:pgSz w:w=\"{PAGE_W}\" w:h=\"{PAGE_H}\" w:orient=\"portrait\"/>\
         <w:pgMar w:top=\"{MARGIN_TOP}\" w:right=\"{MARGIN_RIGHT}\" w:bottom=\"{MARGIN_BOTTOM}\" \
         w:left=\"{MARGIN_LEFT}\" w:header=\"{HEADER_DIST}\" w:footer=\"{FOOTER_DIST}\" w:gutter=\"0\"/>\
         <w:cols w:space=\"720\"/>\
         <w:titlePg/>\
         </w:sectPr>"
    )
}

/// The header of pages 2 onwards: the page number, centred (the decree: from page 2).
fn page_number_header() -> String {
    let font = Font::plain(SZ_PAGE_NO);
    let mut rpr = String::new();
    font.write_rpr(&mut rpr);
    let mut out = format!("{XML_DECL}<w:hdr xmlns:w=\"{NS_W}\" xmlns:r=\"{NS_R}\"><w:p>");
    Para::centered().write_ppr(&mut out, font);
    out.push_str(&format!(
        "<w:r>{rpr}<w:fldChar w:fldCharType=\"begin\"/></w:r>\
         <w:r>{rpr}<w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r>\
         <w:r>{rpr}<w:fldChar w:fldCharType=\"separate\"/></w:r>\
         <w:r>{rpr}<w:t>2</w:t></w:r>\
         <w:r>{rpr}<w:fldChar w:fldCharType=\"end\"/></w:r></w:p></w:hdr>"
    ));
    out
}

/// The first page's header: nothing.
fn empty_header() -> String {
    format!("{XML_DECL}<w:hdr xmlns:w=\"{NS_W}\" xmlns:r=\"{NS_R}\"><w:p/></w:hdr>")
}

fn styles_xml() -> String {
    let fonts = format!(
        "<w:rFonts w:ascii=\"{FONT}\" w:hAnsi=\"{FONT}\" w:eastAsia=\"{FONT}\" w:cs=\"{FONT}\"/>"
    );
    format!(
        "{XML_DECL}<w:styles xmlns:w=\"{NS_W}\">\
         <w:docDefaults><w:rPrDefault><w:rPr>{fonts}\
         <w:sz w:val=\"{SZ_BODY}\"/><w:szCs w:val=\"{SZ_BODY}\"/>\
         <w:lang w:val=\"vi-VN\" w:eastAsia=\"vi-VN\" w:bidi=\"ar-SA\"/></w:rPr></w:rPrDefault>\
         <w:pPrDefault><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault>\
         </w:docDefaults>\
         <w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/>\
         <w:rPr>{fonts}<w:sz w:val=\"{SZ_BODY}\"/><w:szCs w:val=\"{SZ_BODY}\"/></w:rPr></w:style>\
         <w:style w:type=\"character\" w:default=\"1\" w:styleId=\"DefaultParagraphFont\">\
         <w:name w:val=\"Default Paragraph Font\"/><w:uiPriority w:val=\"1\"/><w:semiHidden/></w:style>\
         <w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/>\
         <w:uiPriority w:val=\"99\"/><w:semiHidden/><w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/>\
         <w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/>\
         <w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>\
         </w:styles>"
    )
}

fn core_xml(title: &str) -> String {
    // No dcterms:created/modified: a fixed date would be a lie and the real one would make the
    // output differ from run to run; both are optional.
    format!(
        "{XML_DECL}<cp:coreProperties \
         xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
         <dc:title>{}</dc:title><dc:creator>lantoa</dc:creator>\
         <cp:lastModifiedBy>lantoa</cp:lastModifiedBy><dc:language>vi-VN</dc:language>\
         </cp:coreProperties>",
        escape(&lantoa_viet::nfc(title))
    )
}

const APP_XML: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" \
xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">\
<Application>lantoa</Application></Properties>";

const CONTENT_TYPES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
<Default Extension=\"xml\" ContentType=\"application/xml\"/>\
<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>\
<Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>\
<Override PartName=\"/word/settings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/>\
<Override PartName=\"/word/header1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml\"/>\
<Override PartName=\"/word/header2.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml\"/>\
<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>\
<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>\
</Types>";

const ROOT_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>\
<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>\
<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>\
</Relationships>";

const DOCUMENT_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>\
<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings\" Target=\"settings.xml\"/>\
<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/header\" Target=\"header1.xml\"/>\
<Relationship Id=\"rId4\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/header\" Target=\"header2.xml\"/>\
</Relationships>";

const SETTINGS_XML: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<w:settings xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
<w:defaultTabStop w:val=\"720\"/><w:characterSpacingControl w:val=\"doNotCompress\"/>\
<w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat>\
</w:settings>";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_widths_fill_the_text_width_in_proportion() {
        let w = scale_widths(&[10, 70, 25, 30, 30], TEXT_W);
        assert_eq!(w.iter().sum::<u32>(), TEXT_W);
        assert!(w[1] > 6 * w[0] && w[1] < 8 * w[0], "{w:?}");
        let equal = scale_widths(&[0, 0, 0], 900);
        assert_eq!(equal, vec![300, 300, 300]);
    }

    #[test]
    fn recipients_end_with_semicolons_except_the_last() {
        let lines = recipient_lines(&[
            "Như trên".to_owned(),
            "- UBND tỉnh (để b/c);".to_owned(),
            "Lưu: VT, Phòng GDNN.".to_owned(),
        ]);
        assert_eq!(
            lines,
            vec![
                "- Như trên;",
                "- UBND tỉnh (để b/c);",
                "- Lưu: VT, Phòng GDNN."
            ]
        );
    }

    #[test]
    fn the_tieu_ngu_line_is_about_as_wide_as_the_text() {
        // 13 pt bold "Độc lập - Tự do - Hạnh phúc" is about 5.5–6.5 cm wide.
        let w = approx_width(TIEU_NGU, SZ_TIEU_NGU, true);
        assert!((2900..=3700).contains(&w), "{w}");
    }

    #[test]
    fn long_issuer_names_break_into_two_balanced_lines() {
        assert_eq!(
            balanced("TRƯỜNG CAO ĐẲNG KIÊN GIANG", SZ_ISSUER, true, HEADER_LEFT_W),
            "TRƯỜNG CAO ĐẲNG\nKIÊN GIANG"
        );
        assert_eq!(
            balanced(
                "ỦY BAN NHÂN DÂN TỈNH AN GIANG",
                SZ_PARENT,
                false,
                HEADER_LEFT_W
            ),
            "ỦY BAN NHÂN DÂN\nTỈNH AN GIANG"
        );
        for fits in ["SỞ GIÁO DỤC VÀ ĐÀO TẠO", "UBND TỈNH AN GIANG", "A\nB C"] {
            assert_eq!(balanced(fits, SZ_ISSUER, true, HEADER_LEFT_W), fits);
        }
    }

    #[test]
    fn capitals_keep_vietnamese_marks() {
        assert_eq!(upper("kt. giám đốc"), "KT. GIÁM ĐỐC");
        assert_eq!(upper("Phó Giám đốc"), "PHÓ GIÁM ĐỐC");
    }
}
