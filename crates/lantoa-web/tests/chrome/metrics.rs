use super::support::{request, router_with, send, site};
use axum::body::Body;

/// Every line is a comment (`# HELP`/`# TYPE`) or `name{labels} value` with a numeric value.
fn assert_exposition(text: &str) {
    assert!(text.ends_with('\n'));
    for line in text.lines() {
        if let Some(comment) = line.strip_prefix("# ") {
            let mut words = comment.splitn(3, ' ');
            let kind = words.next().unwrap_or("");
            let name = words.next().unwrap_or("");
            assert!(matches!(kind, "HELP" | "TYPE"), "{line}");
            assert!(valid_name(name), "{line}");
            if kind == "TYPE" {
                let t = words.next().unwrap_or("");
                assert!(matches!(t, "counter" | "gauge" | "histogram"), "{line}");
            }
            continue;
        }
        let (series, value) = line.rsplit_once(' ').expect("name value");
        let name = series.split('{').next().unwrap_or("");
        assert!(valid_name(name), "{line}");
        if let Some(labels) = series.strip_prefix(name)
            && !labels.is_empty()
        {
            assert!(labels.starts_with('{') && labels.ends_with('}'), "{line}");
            for pair in labels[1..labels.len() - 1].split(',') {
                let (k, v) = pair.split_once('=').expect("label=value");
                assert!(
                    valid_name(k) && v.starts_with('"') && v.ends_with('"'),
                    "{line}"
                );
            }
        }
        assert!(
            value.parse::<f64>().is_ok() || matches!(value, "+Inf" | "-Inf" | "NaN"),
            "{line}"
        );
    }
}

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
}

fn sample(text: &str, series: &str) -> f64 {
    text.lines()
        .find_map(|l| l.strip_prefix(series).and_then(|v| v.strip_prefix(' ')))
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no {series} in\n{text}"))
}

#[tokio::test]
async fn metrics_are_well_formed_and_count_requests() {
    let site = site(false);
    for path in ["/", "/", "/khong-co"] {
        let req = request("GET", path).body(Body::empty()).expect("request");
        send(router_with(site.clone()), req).await;
    }
    let text = site
        .metrics
        .render(&[("lantoa_jobs_queued", "Jobs waiting.", 2.0)]);
    assert_exposition(&text);
    assert_eq!(
        sample(
            &text,
            "lantoa_http_requests_total{method=\"get\",status=\"2xx\"}"
        ),
        2.0
    );
    assert_eq!(
        sample(
            &text,
            "lantoa_http_requests_total{method=\"get\",status=\"4xx\"}"
        ),
        1.0
    );
    assert_eq!(
        sample(&text, "lantoa_http_request_duration_seconds_count"),
        3.0
    );
    assert_eq!(sample(&text, "lantoa_http_requests_in_flight"), 0.0);
    assert_eq!(sample(&text, "lantoa_jobs_queued"), 2.0);

    // Served through the stack, the /metrics request itself is in flight.
    let req = request("GET", "/metrics")
        .body(Body::empty())
        .expect("request");
    let a = send(router_with(site.clone()), req).await;
    assert_exposition(&a.body);
    assert_eq!(sample(&a.body, "lantoa_http_requests_in_flight"), 1.0);
}
