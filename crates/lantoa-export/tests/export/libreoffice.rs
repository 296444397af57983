//! LibreOffice opens the exports: headless conversion to PDF must succeed. When `pdftotext`
//! and `pdftoppm` exist, the PDF's text is checked and page 1 is rendered to PNG for a human.

use std::process::Command;

use lantoa_export::testing::{convert_to_pdf, find, pdf_text, run, say, soffice, temp_dir};
use lantoa_export::{docx, xlsx};

use crate::sample;

#[test]
fn libreoffice_converts_the_docx_to_pdf() {
    let Some(soffice) = soffice() else { return };
    let dir = temp_dir("docx");
    let file = dir.join("bao-cao-6-thang-2024.docx");
    std::fs::write(&file, docx(&sample::report()).expect("a DOCX")).expect("written");
    let pdf = convert_to_pdf(&soffice, &dir, &file);
    say(&format!("DOCX converted by LibreOffice: {}", pdf.display()));

    if let Some(text) = pdf_text(&pdf) {
        for expected in [
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "BÁO CÁO",
            "Nơi nhận:",
            "153.200",
            "Nguyễn Văn An",
        ] {
            assert!(
                text.contains(expected),
                "{expected:?} not in the PDF:\n{text}"
            );
        }
        // Two pages: the page number "2" heads the second one, and page 1 has none.
        let pages: Vec<&str> = text
            .split('\u{c}')
            .filter(|p| !p.trim().is_empty())
            .collect();
        assert!(pages.len() >= 2, "the sample report is longer than a page");
        assert_eq!(
            pages[1].trim_start().lines().next().map(str::trim),
            Some("2")
        );
        assert_ne!(
            pages[0].trim_start().lines().next().map(str::trim),
            Some("1")
        );
    }
    if let Some(pdftoppm) = find("pdftoppm") {
        let prefix = dir.join("page");
        let mut cmd = Command::new(pdftoppm);
        cmd.args(["-png", "-r", "80", "-f", "1", "-l", "2"])
            .arg(&pdf)
            .arg(&prefix);
        let out = run(cmd, "pdftoppm");
        assert!(out.status.success(), "pdftoppm failed");
        say(&format!(
            "Page 1 of the DOCX, for a human to look at: {}-1.png",
            prefix.display()
        ));
    }
}

#[test]
fn libreoffice_converts_the_xlsx_to_pdf() {
    let Some(soffice) = soffice() else { return };
    let dir = temp_dir("xlsx");
    let file = dir.join("so-lieu-6-thang-2024.xlsx");
    std::fs::write(&file, xlsx(&sample::workbook()).expect("an XLSX")).expect("written");
    let pdf = convert_to_pdf(&soffice, &dir, &file);
    say(&format!("XLSX converted by LibreOffice: {}", pdf.display()));
    if let Some(text) = pdf_text(&pdf) {
        // LibreOffice recalculated or kept the totals; either way they are shown.
        for expected in ["Tổng cộng", "136", "235", "Lượt tiếp cận", "12/06/2024"] {
            assert!(
                text.contains(expected),
                "{expected:?} not in the PDF:\n{text}"
            );
        }
    }
}
