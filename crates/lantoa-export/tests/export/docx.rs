//! The DOCX as Word or LibreOffice reads it: parts, page setup, fonts, sizes, text, tables.

use lantoa_export::{AdminDocument, Block, Cell, Column, ExportError, Table, docx};

use crate::sample;
use crate::support::{
    assert_well_formed, enclosing, entries, paragraph_of, part, pretty, visible_text,
};

fn document_xml(doc: &AdminDocument) -> String {
    part(&docx(doc).expect("a DOCX"), "word/document.xml")
}

fn sample_xml() -> String {
    document_xml(&sample::report())
}

#[test]
fn every_part_is_well_formed_xml_and_referenced() {
    let bytes = docx(&sample::report()).expect("a DOCX");
    let names = entries(&bytes);
    assert_eq!(
        names[0], "[Content_Types].xml",
        "Word wants the content types first"
    );
    for name in &names {
        assert_well_formed(name, &part(&bytes, name));
    }
    let types = part(&bytes, "[Content_Types].xml");
    for name in names
        .iter()
        .filter(|n| n.ends_with(".xml") && !n.starts_with('['))
    {
        assert!(
            types.contains(&format!("PartName=\"/{name}\"")),
            "{name} has no content type"
        );
    }
}

#[test]
fn the_page_is_a4_portrait_with_the_decrees_margins() {
    let xml = sample_xml();
    let sect = enclosing(&xml, "w:sectPr", "<w:pgSz");
    assert!(
        sect.contains(r#"<w:pgSz w:w="11906" w:h="16838" w:orient="portrait"/>"#),
        "{sect}"
    );
    // Top and bottom 20 mm, left 30 mm, right 15 mm.
    for margin in [
        r#"w:top="1134""#,
        r#"w:bottom="1134""#,
        r#"w:left="1701""#,
        r#"w:right="850""#,
    ] {
        assert!(sect.contains(margin), "{margin} missing in {sect}");
    }
}

#[test]
fn times_new_roman_is_the_only_font() {
    let bytes = docx(&sample::report()).expect("a DOCX");
    let styles = part(&bytes, "word/styles.xml");
    let defaults = enclosing(&styles, "w:docDefaults", "<w:rFonts");
    assert!(
        defaults.contains(r#"w:ascii="Times New Roman" w:hAnsi="Times New Roman""#),
        "{defaults}"
    );
    for name in ["word/document.xml", "word/header1.xml", "word/styles.xml"] {
        let xml = part(&bytes, name);
        for font in xml.split("w:ascii=\"").skip(1) {
            assert!(
                font.starts_with("Times New Roman\""),
                "{name}: another font {font:.40}"
            );
        }
    }
}

#[test]
fn the_header_has_the_quoc_hieu_and_tieu_ngu_in_bold_at_the_decrees_sizes() {
    let xml = sample_xml();
    let text = visible_text(&xml);
    assert!(
        text.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"),
        "{text}"
    );
    assert!(text.contains("Độc lập - Tự do - Hạnh phúc\n"), "{text}");

    let quoc_hieu = paragraph_of(&xml, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    assert!(
        quoc_hieu.contains("<w:b/>"),
        "Quốc hiệu not bold: {quoc_hieu}"
    );
    assert!(
        quoc_hieu.contains(r#"<w:sz w:val="24"/>"#),
        "Quốc hiệu not 12 pt: {quoc_hieu}"
    );
    assert!(quoc_hieu.contains(r#"<w:jc w:val="center"/>"#));

    let tieu_ngu = paragraph_of(&xml, "Độc lập - Tự do - Hạnh phúc");
    assert!(tieu_ngu.contains("<w:b/>"), "Tiêu ngữ not bold: {tieu_ngu}");
    assert!(
        tieu_ngu.contains(r#"<w:sz w:val="26"/>"#),
        "Tiêu ngữ not 13 pt: {tieu_ngu}"
    );
    // The line under the Tiêu ngữ: the next paragraph has a top border.
    let after = &xml[xml.find("Hạnh phúc").expect("tiêu ngữ")..];
    let next = &after[after.find("<w:p>").expect("a paragraph after it")..];
    let next = &next[..next.find("</w:p>").expect("closed")];
    assert!(
        next.contains(r#"<w:top w:val="single""#),
        "no line under the Tiêu ngữ: {next}"
    );
}

#[test]
fn issuer_number_and_date_are_where_the_decree_puts_them() {
    let xml = sample_xml();
    let header = enclosing(&xml, "w:tbl", "CỘNG HÒA");
    // All of them are in the header table, the issuer's side first.
    let parent = header.find("UBND TỈNH KIÊN GIANG").expect("governing body");
    let issuer = header.find("TRƯỜNG CAO ĐẲNG").expect("issuer");
    let quoc_hieu = header.find("CỘNG HÒA").expect("Quốc hiệu");
    assert!(parent < issuer && issuer < quoc_hieu);
    assert!(
        header.contains("Số:       /BC-CĐKG"),
        "blanks to fill by hand are kept"
    );
    assert!(
        !header.contains("<w:top w:val=\"single\" w:sz=\"4\""),
        "the header has no borders"
    );

    let issuer_p = paragraph_of(&xml, "TRƯỜNG CAO ĐẲNG");
    // Too long for one line of its column: broken where an official would break it.
    assert!(
        visible_text(issuer_p).contains("TRƯỜNG CAO ĐẲNG\nKIÊN GIANG\n"),
        "{issuer_p}"
    );
    assert!(issuer_p.contains("<w:b/>") && issuer_p.contains(r#"<w:sz w:val="26"/>"#));
    let parent_p = paragraph_of(&xml, "UBND TỈNH KIÊN GIANG");
    assert!(
        !parent_p.contains("<w:b/>"),
        "the governing body is not bold"
    );

    let date = paragraph_of(&xml, "Kiên Giang, ngày 18 tháng 6 năm 2024");
    assert!(date.contains("<w:i/>"), "place and date not italic: {date}");
    assert!(
        date.contains(r#"<w:sz w:val="28"/>"#),
        "place and date not 14 pt: {date}"
    );
}

#[test]
fn document_type_and_summary_are_centred_bold_14pt() {
    let xml = sample_xml();
    for needle in [
        "BÁO CÁO",
        "Kết quả thực hiện Kế hoạch truyền thông về giáo dục nghề nghiệp",
    ] {
        let p = paragraph_of(&xml, needle);
        assert!(p.contains("<w:b/>"), "{needle} not bold");
        assert!(p.contains(r#"<w:sz w:val="28"/>"#), "{needle} not 14 pt");
        assert!(
            p.contains(r#"<w:jc w:val="center"/>"#),
            "{needle} not centred"
        );
    }
}

#[test]
fn body_paragraphs_are_justified_14pt_with_a_first_line_indent() {
    let xml = sample_xml();
    let p = paragraph_of(&xml, "Trường đã đăng tải 24 tin, bài");
    assert!(p.contains(r#"<w:jc w:val="both"/>"#), "{p}");
    assert!(
        p.contains(r#"w:firstLine="567""#),
        "1 cm first-line indent: {p}"
    );
    assert!(p.contains(r#"w:after="120""#), "6 pt after: {p}");
    assert!(p.contains(r#"<w:sz w:val="28"/>"#), "14 pt: {p}");
    assert!(!p.contains("<w:b/>"));

    let heading = paragraph_of(&xml, "I. KẾT QUẢ THỰC HIỆN");
    assert!(
        heading.contains("<w:b/>") && heading.contains("<w:keepNext/>"),
        "{heading}"
    );
    // A narrative typed on two lines gives two indented paragraphs.
    let text = visible_text(&xml);
    assert!(
        text.contains("cổng thông tin điện tử.\nPhối hợp với các trường"),
        "{text}"
    );
}

#[test]
fn the_figures_table_is_bordered_with_a_repeated_bold_header_and_right_aligned_numbers() {
    let xml = sample_xml();
    let table = enclosing(&xml, "w:tbl", "Lượt tiếp cận");
    assert!(
        table.contains(r#"<w:tblW w:w="9355" w:type="dxa"/>"#),
        "full text width"
    );
    assert!(table.contains(r#"<w:insideV w:val="single""#), "borders");

    let header = enclosing(table, "w:tr", "Lượt tiếp cận");
    assert!(
        header.contains("<w:tblHeader/>"),
        "header row repeats on each page"
    );
    assert!(header.contains("<w:b/>"), "header row bold");

    for activity in [
        "Tin, bài trên cổng thông tin điện tử của Trường",
        "Phóng sự, video clip trên Đài Phát thanh - Truyền hình tỉnh",
        "Bài đăng trên trang mạng xã hội của Trường",
    ] {
        assert!(table.contains(activity), "{activity}");
    }
    // Vietnamese number and date formats, numbers on the right.
    for number in ["18.560", "153.200", "143,33", "120"] {
        let p = paragraph_of(table, &format!(">{number}<"));
        assert!(
            p.contains(r#"<w:jc w:val="right"/>"#),
            "{number} not right-aligned: {p}"
        );
        assert!(p.contains(r#"<w:sz w:val="24"/>"#), "table text 12 pt");
    }
    assert!(table.contains(">12/06/2024<"));
    let activity = paragraph_of(table, "Tờ rơi, ấn phẩm");
    assert!(activity.contains(r#"<w:jc w:val="left"/>"#));

    let total = enclosing(table, "w:tr", "Tổng cộng");
    assert!(!total.contains("<w:tblHeader/>"));
    for figure in [">Tổng cộng<", ">136<", ">235.000<"] {
        assert!(
            paragraph_of(total, figure).contains("<w:b/>"),
            "{figure} not bold"
        );
    }
    let caption = paragraph_of(&xml, "Bảng 1. Sản phẩm truyền thông");
    assert!(
        caption.contains("<w:keepNext/>"),
        "caption stays with its table"
    );
}

#[test]
fn noi_nhan_and_the_signature_block() {
    let xml = sample_xml();
    let text = visible_text(&xml);
    assert!(
        text.contains(
            "Nơi nhận:\n- Sở Lao động - Thương binh và Xã hội (để b/c);\n- Ban Giám hiệu;\n\
             - Lưu: VT, P.ĐT.\n"
        ),
        "{text}"
    );
    let noi_nhan = paragraph_of(&xml, "Nơi nhận:");
    assert!(
        noi_nhan.contains("<w:b/>") && noi_nhan.contains("<w:i/>"),
        "bold italic"
    );
    assert!(noi_nhan.contains(r#"<w:sz w:val="24"/>"#), "12 pt");
    assert!(paragraph_of(&xml, "- Ban Giám hiệu;").contains(r#"<w:sz w:val="22"/>"#));

    assert!(
        text.contains("KT. HIỆU TRƯỞNG\nPHÓ HIỆU TRƯỞNG\nNguyễn Văn An\n"),
        "{text}"
    );
    for needle in ["KT. HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG", "Nguyễn Văn An"] {
        let p = paragraph_of(&xml, needle);
        assert!(
            p.contains("<w:b/>") && p.contains(r#"<w:sz w:val="28"/>"#),
            "{needle}"
        );
    }
    // Room for the signature above the name.
    assert!(paragraph_of(&xml, "Nguyễn Văn An").contains(r#"w:before="1701""#));
    // The signature block is the last table, after the body.
    assert!(xml.rfind("Nơi nhận") > xml.rfind("Trên đây là báo cáo"));
}

#[test]
fn page_numbers_are_centred_in_the_header_from_page_two() {
    let bytes = docx(&sample::report()).expect("a DOCX");
    let xml = part(&bytes, "word/document.xml");
    assert!(xml.contains("<w:titlePg/>"), "a different first page");
    assert!(xml.contains(r#"<w:headerReference w:type="first" r:id="rId4"/>"#));
    let rels = part(&bytes, "word/_rels/document.xml.rels");
    assert!(rels.contains(r#"Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml""#));
    assert!(rels.contains(r#"Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header2.xml""#));
    let numbered = part(&bytes, "word/header1.xml");
    assert!(numbered.contains(" PAGE ") && numbered.contains(r#"<w:jc w:val="center"/>"#));
    let first = part(&bytes, "word/header2.xml");
    assert!(!first.contains("PAGE"), "no number on page 1");
}

#[test]
fn document_properties_name_the_report_and_lantoa() {
    let bytes = docx(&sample::report()).expect("a DOCX");
    let core = part(&bytes, "docProps/core.xml");
    assert!(core.contains(
        "<dc:title>BÁO CÁO Kết quả thực hiện Kế hoạch truyền thông về giáo dục nghề nghiệp \
         6 tháng đầu năm 2024</dc:title>"
    ));
    assert!(core.contains("<dc:creator>lantoa</dc:creator>"));
}

#[test]
fn markup_in_user_text_is_shown_as_text() {
    let mut doc = sample::report();
    doc.summary = r#"Báo cáo "nhanh" & <i>đột xuất</i>"#.into();
    doc.body = vec![
        Block::Paragraph(r#"Tỷ lệ <b>&"đạt"</b> 'cao'"#.into()),
        Block::Table(Table {
            caption: Some("A < B & C".into()),
            columns: vec![Column::text("Tên <cột>", 50)],
            rows: vec![vec![Cell::from("x > y")]],
            total_row: None,
        }),
    ];
    doc.recipients = vec!["Lưu: VT & \"P.ĐT\".".into()];
    let bytes = docx(&doc).expect("a DOCX");
    let xml = part(&bytes, "word/document.xml");
    assert_well_formed("document.xml", &xml);
    assert!(xml.contains("Tỷ lệ &lt;b&gt;&amp;&quot;đạt&quot;&lt;/b&gt; &apos;cao&apos;"));
    let text = visible_text(&xml);
    for shown in [
        r#"Tỷ lệ <b>&"đạt"</b> 'cao'"#,
        r#"Báo cáo "nhanh" & <i>đột xuất</i>"#,
        "A < B & C",
        "Tên <cột>",
        "x > y",
        r#"- Lưu: VT & "P.ĐT"."#,
    ] {
        assert!(
            text.contains(shown),
            "{shown} not shown as text in:\n{text}"
        );
    }
    let core = part(&bytes, "docProps/core.xml");
    assert_well_formed("core.xml", &core);
    assert!(core.contains("&quot;nhanh&quot; &amp; &lt;i&gt;"));
}

#[test]
fn decomposed_vietnamese_comes_out_composed_and_capitals_keep_their_marks() {
    let mut doc = sample::report();
    // NFD, as some macOS and web inputs send it; and the issuer typed in lower case.
    doc.signer_name = "Nguye\u{302}\u{303}n Va\u{306}n An".into();
    doc.issuer = "Trường Cao đẳng Kiên Giang".into();
    doc.signer_title = "phó hiệu trưởng".into();
    let xml = document_xml(&doc);
    assert!(xml.contains(">Nguyễn Văn An<"), "NFC");
    assert!(!xml.contains('\u{302}'));
    assert!(paragraph_of(&xml, "TRƯỜNG CAO ĐẲNG").contains("<w:b/>"));
    assert!(xml.contains(">PHÓ HIỆU TRƯỞNG<"));
}

#[test]
fn optional_parts_left_empty_leave_no_trace() {
    let mut doc = sample::report();
    doc.issuer_parent.clear();
    doc.signer_authority.clear();
    doc.signer_title = "GIÁM ĐỐC".into();
    let xml = document_xml(&doc);
    let text = visible_text(&xml);
    assert!(!text.contains("UBND TỈNH"));
    assert!(text.contains("\nGIÁM ĐỐC\nNguyễn Văn An\n"), "{text}");
    assert!(text.starts_with("TRƯỜNG CAO ĐẲNG\nKIÊN GIANG\n"), "{text}");
}

#[test]
fn a_row_that_does_not_match_its_columns_is_refused() {
    let mut doc = sample::report();
    let mut table = sample::figures();
    table.rows[2].pop();
    doc.body.push(Block::Table(table));
    match docx(&doc) {
        Err(ExportError::RowWidth {
            row: 3,
            cells: 5,
            columns: 6,
        }) => {}
        other => panic!("expected RowWidth, got {other:?}"),
    }
}

#[test]
fn the_same_report_gives_the_same_bytes() {
    let a = docx(&sample::report()).expect("a DOCX");
    let b = docx(&sample::report()).expect("a DOCX");
    assert!(a == b, "two exports of the same report differ");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&a)).expect("zip");
    for i in 0..zip.len() {
        let modified = zip.by_index_raw(i).expect("an entry").last_modified();
        assert_eq!(modified.map(|d| d.year()), Some(1980));
    }
}

#[test]
fn snapshot_of_the_sample_report_document_xml() {
    let xml = sample_xml();
    insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!("docx_sample_report_document_xml", pretty(&xml));
    });
}
