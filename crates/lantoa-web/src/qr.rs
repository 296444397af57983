//! QR codes as inline SVG for printed pages. The `qrcode` crate encodes; the drawing here is
//! one path of horizontal runs of dark modules (a few KB per code, no image libraries).

use std::fmt::Write;

use qrcode::{Color, EcLevel, QrCode};

/// Modules of white border around the code (the standard's quiet zone).
const QUIET: usize = 4;

/// An `<svg>` of the QR code for `data`, sized by CSS (`.qr`); hidden from screen readers
/// because the page prints the address beside it. Empty if `data` is too long to encode.
pub fn svg(data: &str) -> String {
    let Ok(code) = QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M) else {
        return String::new();
    };
    let width = code.width();
    let colors = code.to_colors();
    let size = width + 2 * QUIET;
    let mut path = String::new();
    for (y, row) in colors.chunks(width).enumerate() {
        let mut x = 0;
        while x < width {
            if row[x] == Color::Dark {
                let start = x;
                while x < width && row[x] == Color::Dark {
                    x += 1;
                }
                let run = x - start;
                let _ = write!(path, "M{} {}h{run}v1h-{run}z", start + QUIET, y + QUIET);
            } else {
                x += 1;
            }
        }
    }
    format!(
        "<svg class=\"qr\" viewBox=\"0 0 {size} {size}\" aria-hidden=\"true\" focusable=\"false\" shape-rendering=\"crispEdges\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path d=\"{path}\" fill=\"#000\"/></svg>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_the_code_of_an_address_as_runs() {
        let url = "https://gdnn.angiang.gov.vn/nganh-nghe/dien-cong-nghiep-cao-dang";
        let svg = svg(url);
        let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M).unwrap();
        let size = code.width() + 8;
        assert!(
            svg.starts_with(&format!("<svg class=\"qr\" viewBox=\"0 0 {size} {size}\"")),
            "{svg}"
        );
        // Every dark module is covered by exactly one run.
        let dark = code
            .to_colors()
            .iter()
            .filter(|c| **c == Color::Dark)
            .count();
        let d = svg.split("d=\"").nth(1).unwrap().split('"').next().unwrap();
        let covered: usize = d
            .split('M')
            .skip(1)
            .map(|run| {
                let after_h = run.split('h').nth(1).unwrap();
                after_h.split('v').next().unwrap().parse::<usize>().unwrap()
            })
            .sum();
        assert_eq!(covered, dark);
        assert!(svg.len() < 8_000, "{} bytes", svg.len());
        assert_eq!(super::svg(&"x".repeat(5000)), "");
    }
}
