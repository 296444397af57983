//! Request counters in Prometheus text exposition format (0.0.4).
//!
//! Lock-free atomics, recorded by [`crate::middleware::apply`]. Labels have bounded
//! cardinality: a method class (`get`, `post`, `other`) and a status class (`2xx`…); no path
//! label at all. The `/metrics` handler calls [`Metrics::render`] and may append gauges of its
//! own (e.g. queue length, database pool) through its `extra` argument.

use std::fmt::Write as _;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::http::{Method, StatusCode};

/// Upper bounds (seconds) of the latency histogram buckets: Prometheus' defaults.
pub const LATENCY_BUCKETS: [f64; 11] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

const METHOD_CLASSES: [&str; 3] = ["get", "post", "other"];
const STATUS_CLASSES: [&str; 5] = ["1xx", "2xx", "3xx", "4xx", "5xx"];

/// HTTP counters shared by every request. One per process, in `Site`.
#[derive(Debug)]
pub struct Metrics {
    requests: [[AtomicU64; 5]; 3],
    in_flight: AtomicI64,
    /// Non-cumulative bucket counts; the last one is `+Inf`.
    latency: [AtomicU64; LATENCY_BUCKETS.len() + 1],
    latency_sum_micros: AtomicU64,
    started_unix: f64,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

/// Counts a request as in flight until dropped (also when the client goes away mid-request).
#[derive(Debug)]
#[must_use = "the request stops counting as in flight when this is dropped"]
pub struct InFlight<'a> {
    metrics: &'a Metrics,
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.metrics.in_flight.fetch_sub(1, Ordering::Relaxed);
    }
}

impl Metrics {
    pub fn new() -> Self {
        let started_unix = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0.0, |d| d.as_secs_f64());
        Self {
            requests: Default::default(),
            in_flight: AtomicI64::new(0),
            latency: Default::default(),
            latency_sum_micros: AtomicU64::new(0),
            started_unix,
        }
    }

    /// Marks a request as started; it counts as in flight until the guard is dropped.
    pub fn start(&self) -> InFlight<'_> {
        self.in_flight.fetch_add(1, Ordering::Relaxed);
        InFlight { metrics: self }
    }

    /// Records a finished request.
    pub fn record(&self, method: &Method, status: StatusCode, elapsed: Duration) {
        let m = match *method {
            Method::GET | Method::HEAD => 0,
            Method::POST => 1,
            _ => 2,
        };
        let s = usize::from(status.as_u16() / 100)
            .saturating_sub(1)
            .min(STATUS_CLASSES.len() - 1);
        if let Some(counter) = self.requests.get(m).and_then(|row| row.get(s)) {
            counter.fetch_add(1, Ordering::Relaxed);
        }
        let secs = elapsed.as_secs_f64();
        let bucket = LATENCY_BUCKETS
            .iter()
            .position(|&le| secs <= le)
            .unwrap_or(LATENCY_BUCKETS.len());
        if let Some(b) = self.latency.get(bucket) {
            b.fetch_add(1, Ordering::Relaxed);
        }
        let micros = u64::try_from(elapsed.as_micros()).unwrap_or(u64::MAX);
        self.latency_sum_micros.fetch_add(micros, Ordering::Relaxed);
    }

    /// Requests recorded so far (all methods and statuses).
    pub fn total_requests(&self) -> u64 {
        self.requests
            .iter()
            .flatten()
            .map(|c| c.load(Ordering::Relaxed))
            .sum()
    }

    /// The Prometheus text exposition (format 0.0.4), serve it with
    /// `Content-Type: text/plain; version=0.0.4; charset=utf-8` (see [`CONTENT_TYPE`]).
    ///
    /// `extra` adds gauges: `(name, help, value)`. Names must match
    /// `[a-zA-Z_:][a-zA-Z0-9_:]*` and should start with `lantoa_`; an invalid name is skipped
    /// (and panics in debug builds).
    pub fn render(&self, extra: &[(&str, &str, f64)]) -> String {
        let mut out = String::with_capacity(2048);
        out.push_str(
            "# HELP lantoa_http_requests_total HTTP requests answered, by method and status class.\n\
             # TYPE lantoa_http_requests_total counter\n",
        );
        for (m, row) in METHOD_CLASSES.iter().zip(&self.requests) {
            for (s, counter) in STATUS_CLASSES.iter().zip(row) {
                let _ = writeln!(
                    out,
                    "lantoa_http_requests_total{{method=\"{m}\",status=\"{s}\"}} {}",
                    counter.load(Ordering::Relaxed)
                );
            }
        }

        out.push_str(
            "# HELP lantoa_http_requests_in_flight HTTP requests being answered now.\n\
             # TYPE lantoa_http_requests_in_flight gauge\n",
        );
        let _ = writeln!(
            out,
            "lantoa_http_requests_in_flight {}",
            self.in_flight.load(Ordering::Relaxed)
        );

        out.push_str(
            "# HELP lantoa_http_request_duration_seconds Time to answer an HTTP request.\n\
             # TYPE lantoa_http_request_duration_seconds histogram\n",
        );
        let mut cumulative = 0u64;
        for (i, bucket) in self.latency.iter().enumerate() {
            cumulative += bucket.load(Ordering::Relaxed);
            let le = LATENCY_BUCKETS
                .get(i)
                .map_or_else(|| "+Inf".to_owned(), |v| fmt_float(*v));
            let _ = writeln!(
                out,
                "lantoa_http_request_duration_seconds_bucket{{le=\"{le}\"}} {cumulative}"
            );
        }
        let sum = self.latency_sum_micros.load(Ordering::Relaxed) as f64 / 1e6;
        let _ = writeln!(
            out,
            "lantoa_http_request_duration_seconds_sum {}",
            fmt_float(sum)
        );
        let _ = writeln!(
            out,
            "lantoa_http_request_duration_seconds_count {cumulative}"
        );

        out.push_str(
            "# HELP lantoa_process_start_time_seconds Start time of the process, Unix seconds.\n\
             # TYPE lantoa_process_start_time_seconds gauge\n",
        );
        let _ = writeln!(
            out,
            "lantoa_process_start_time_seconds {}",
            fmt_float(self.started_unix)
        );

        for (name, help, value) in extra {
            if !valid_metric_name(name) {
                if cfg!(debug_assertions) {
                    panic!("invalid metric name {name:?}");
                }
                continue;
            }
            let help = help.replace('\\', "\\\\").replace('\n', "\\n");
            let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} gauge");
            let _ = writeln!(out, "{name} {}", fmt_float(*value));
        }
        out
    }
}

/// Content type of [`Metrics::render`]'s output.
pub const CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

fn valid_metric_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == ':')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
}

/// Floats as Prometheus reads them: `NaN`, `+Inf`, `-Inf`, or a plain decimal.
fn fmt_float(v: f64) -> String {
    if v.is_nan() {
        "NaN".to_owned()
    } else if v.is_infinite() {
        if v > 0.0 { "+Inf" } else { "-Inf" }.to_owned()
    } else {
        format!("{v}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_and_renders_histogram_cumulatively() {
        let m = Metrics::new();
        m.record(&Method::GET, StatusCode::OK, Duration::from_millis(3));
        m.record(
            &Method::POST,
            StatusCode::NOT_FOUND,
            Duration::from_millis(30),
        );
        m.record(
            &Method::PUT,
            StatusCode::INTERNAL_SERVER_ERROR,
            Duration::from_secs(60),
        );
        let text = m.render(&[("lantoa_jobs_queued", "Jobs waiting.", 4.0)]);
        assert!(text.contains("lantoa_http_requests_total{method=\"get\",status=\"2xx\"} 1\n"));
        assert!(text.contains("lantoa_http_requests_total{method=\"post\",status=\"4xx\"} 1\n"));
        assert!(text.contains("lantoa_http_requests_total{method=\"other\",status=\"5xx\"} 1\n"));
        assert!(text.contains("lantoa_http_request_duration_seconds_bucket{le=\"0.005\"} 1\n"));
        assert!(text.contains("lantoa_http_request_duration_seconds_bucket{le=\"0.05\"} 2\n"));
        assert!(text.contains("lantoa_http_request_duration_seconds_bucket{le=\"+Inf\"} 3\n"));
        assert!(text.contains("lantoa_http_request_duration_seconds_count 3\n"));
        assert!(text.contains("# TYPE lantoa_jobs_queued gauge\nlantoa_jobs_queued 4\n"));
        assert_eq!(m.total_requests(), 3);
    }

    #[test]
    fn in_flight_guard_decrements_on_drop() {
        let m = Metrics::new();
        let g = m.start();
        assert!(m.render(&[]).contains("lantoa_http_requests_in_flight 1\n"));
        drop(g);
        assert!(m.render(&[]).contains("lantoa_http_requests_in_flight 0\n"));
    }
}
