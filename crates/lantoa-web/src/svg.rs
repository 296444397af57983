//! Server-rendered SVG charts (no JavaScript, no inline styles: presentation attributes only,
//! so the CSP holds). Every chart is an `<svg role="img">` with a title and a description
//! that states the figures; the page shows the same figures in a table beside it.

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A horizontal bar chart of `(label, value)` pairs.
pub fn bars(id: &str, title: &str, items: &[(String, i64)]) -> String {
    let row = 28;
    let label_w = 250;
    let bar_w = 360;
    let height = row * items.len().max(1) + 10;
    let max = items.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1);
    let desc = items
        .iter()
        .map(|(l, v)| format!("{l}: {}", lantoa_app::format::int(*v)))
        .collect::<Vec<_>>()
        .join("; ");
    let mut out = format!(
        r#"<svg class="chart" id="{id}" role="img" aria-labelledby="{id}-t {id}-d" viewBox="0 0 {w} {height}" width="100%" preserveAspectRatio="xMinYMin meet"><title id="{id}-t">{t}</title><desc id="{id}-d">{d}</desc>"#,
        w = label_w + bar_w + 70,
        t = escape(title),
        d = escape(&desc),
    );
    for (i, (label, value)) in items.iter().enumerate() {
        let y = i * row + 5;
        let w = (*value * bar_w as i64 / max).max(if *value > 0 { 2 } else { 0 });
        let short: String = label.chars().take(30).collect();
        let short = if label.chars().count() > 30 {
            format!("{short}…")
        } else {
            short
        };
        out.push_str(&format!(
            r##"<text x="{lx}" y="{ty}" text-anchor="end" font-size="13" fill="#1b1f24">{l}</text><rect x="{bx}" y="{y}" width="{w}" height="{h}" fill="#0b4f8a" rx="2"/><text x="{vx}" y="{ty}" font-size="13" fill="#1b1f24">{v}</text>"##,
            lx = label_w - 8,
            ty = y + 16,
            l = escape(&short),
            bx = label_w,
            h = row - 8,
            vx = label_w as i64 + w + 6,
            v = lantoa_app::format::int(*value),
        ));
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_value_and_describe_themselves() {
        let svg = bars(
            "c",
            "Sản phẩm theo loại",
            &[("Tin, bài".into(), 40), ("Ảnh & <video>".into(), 10)],
        );
        assert!(
            svg.contains(r#"role="img""#)
                && svg.contains("<title id=\"c-t\">Sản phẩm theo loại</title>")
        );
        assert!(svg.contains("Tin, bài: 40; Ảnh &amp; &lt;video&gt;: 10"));
        assert!(svg.contains(r#"width="360""#) && svg.contains(r#"width="90""#));
        assert!(!svg.contains("style="), "no inline styles under the CSP");
    }
}
