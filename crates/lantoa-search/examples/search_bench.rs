//! Search latency on a synthetic index (BENCHMARKS.md):
//! `cargo run --release -p lantoa-search --example search_bench -- 100000`.
//!
//! Articles of 10-word titles and 400-word bodies drawn uniformly from 80 words of the
//! portal's vocabulary: nearly every article matches every query, the worst case for the
//! candidate queries' pruning. Prints the indexing time, then for each query the number of
//! hits and the latency of 50 runs (first page of 10 with snippets), and the process's RSS.

use std::error::Error;
use std::time::Instant;

use lantoa_search::{DocKey, SearchDoc, SearchIndex, SearchQuery, Source};

const WORDS: &str = "đào tạo nghề cho lao động nông thôn học sinh trung cấp cao đẳng tuyển sinh \
    kỹ năng hòa nhập truyền thông pa-nô cơ khí hàn điện công nghiệp doanh nghiệp việc làm thanh \
    niên hội thi giáo viên chính sách hỗ trợ miễn học phí xã huyện tỉnh kiên giang phú quốc rạch \
    giá du lịch khách sạn thủy sản chế biến nuôi tôm lúa máy nông nghiệp ô tô sửa chữa may thời \
    trang điều dưỡng kế toán tin học văn phòng ngày hội hướng nghiệp tư vấn khởi nghiệp mô hình \
    chuyển đổi số";

const QUERIES: [&str; 12] = [
    "dao tao nghe",
    "kỹ năng",
    "hoà nhập",
    "truyen thpng",
    "pano",
    "co khi",
    "tuyển sinh trung cấp",
    "doanh nghiep viec lam",
    "kiên giang",
    "chuyen doi so",
    "nghe",
    "hoc sinh",
];

fn main() -> Result<(), Box<dyn Error>> {
    let n: i64 = std::env::args().nth(1).map_or(Ok(100_000), |s| s.parse())?;
    let words: Vec<&str> = WORDS.split_whitespace().collect();
    let mut seed: u64 = 42;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut text = |len: usize| -> String {
        (0..len)
            .map(|_| words[(next() % words.len() as u64) as usize])
            .collect::<Vec<_>>()
            .join(" ")
    };
    let dir = std::env::temp_dir().join("lantoa-search-bench");
    let _ = std::fs::remove_dir_all(&dir);
    let (index, _) = SearchIndex::open(&dir)?;
    let started = Instant::now();
    let mut rebuild = index.rebuild()?;
    for id in 1..=n {
        rebuild.add(&SearchDoc {
            key: DocKey::new(Source::Content, id),
            kind: "article".into(),
            title: text(10),
            body: text(400),
            url: format!("/tin-tuc/bai-{id}"),
            published_at: None,
            topics: Vec::new(),
            external_id: None,
            version: id,
        })?;
    }
    rebuild.finish(None)?;
    println!(
        "indexed {n} articles in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    for q in QUERIES {
        let mut times = Vec::new();
        let mut total = 0;
        for _ in 0..50 {
            let t = Instant::now();
            let r = index.search(&SearchQuery {
                text: q.into(),
                limit: 10,
                ..SearchQuery::default()
            })?;
            total = r.total;
            times.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        times.sort_by(f64::total_cmp);
        println!(
            "{q:24} {total:>7} hits   p50 {:5.1} ms   p99 {:5.1} ms",
            times[25], times[49]
        );
    }
    if let Ok(status) = std::fs::read_to_string("/proc/self/status") {
        for line in status
            .lines()
            .filter(|l| l.starts_with("VmRSS") || l.starts_with("VmHWM"))
        {
            println!("{line}");
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
