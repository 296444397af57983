//! Demo figures for 2023–2025: communication products of several organisations and their
//! reports — on time, late, returned, waiting, accepted and missing — so the period pages and
//! the dashboard tell a true-looking story, with the 2025 reorganisation visible in who
//! reported. Deterministic: the same data on every machine.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate, NaiveDateTime};
use lantoa_domain::ActivityId;
use lantoa_domain::plan::PeriodKind;
use lantoa_domain::product::ProductKind;
use lantoa_store::plans::{self as store_plans, PlanRow};
use lantoa_store::products::{self as store_products, ProductFields};
use lantoa_store::reports::{self as store_reports, FigureRow, Narrative};
use lantoa_store::{Conn, orgs};

use crate::{Error, Result, periods};

/// Who produced what in the demo: organisation slug, the activities it logs against, the
/// kinds it produces and about how many products per half-year (only while it existed).
const PRODUCERS: &[(&str, &[&str], &[ProductKind], u32)] = &[
    (
        "truong-cao-dang-kien-giang",
        &["3.2", "5.2", "6", "9", "8.1"],
        &[
            ProductKind::Article,
            ProductKind::SchoolSession,
            ProductKind::SocialPost,
            ProductKind::VideoClip,
            ProductKind::Event,
        ],
        9,
    ),
    (
        "truong-trung-cap-nghe-u-minh-thuong",
        &["6", "9", "3.2"],
        &[
            ProductKind::SchoolSession,
            ProductKind::SocialPost,
            ProductKind::Publication,
        ],
        5,
    ),
    (
        "truong-nghe-viet-han-phu-quoc",
        &["6", "9", "7.1"],
        &[
            ProductKind::SocialPost,
            ProductKind::SchoolSession,
            ProductKind::Article,
        ],
        4,
    ),
    (
        "bao-kien-giang",
        &["5.2", "7.1", "8.1"],
        &[
            ProductKind::Article,
            ProductKind::Photo,
            ProductKind::Reportage,
        ],
        8,
    ),
    (
        "dai-ptth-kien-giang",
        &["5.1", "7.2"],
        &[
            ProductKind::Broadcast,
            ProductKind::Reportage,
            ProductKind::VideoClip,
        ],
        6,
    ),
    (
        "tinh-doan-kien-giang",
        &["5.3"],
        &[ProductKind::Event, ProductKind::SocialPost],
        3,
    ),
    (
        "so-ldtbxh-kien-giang",
        &["1", "2", "3.1", "4", "11.1"],
        &[
            ProductKind::Publication,
            ProductKind::Billboard,
            ProductKind::Training,
            ProductKind::ItProduct,
        ],
        5,
    ),
    (
        "so-gddt-kien-giang",
        &["3.1", "4", "11.2"],
        &[
            ProductKind::Publication,
            ProductKind::Billboard,
            ProductKind::Training,
        ],
        4,
    ),
    (
        "bao-ptth-an-giang",
        &["5.1", "5.2", "7.1"],
        &[
            ProductKind::Article,
            ProductKind::Broadcast,
            ProductKind::Reportage,
        ],
        8,
    ),
    (
        "so-gddt-an-giang",
        &["1", "3.1", "4", "11.1", "11.2"],
        &[
            ProductKind::Publication,
            ProductKind::Billboard,
            ProductKind::Training,
        ],
        5,
    ),
];

fn title(kind: ProductKind, n: u32) -> String {
    let topics = [
        "tuyển sinh giáo dục nghề nghiệp",
        "Mô hình 9+",
        "học nghề cho lao động nông thôn",
        "ngày hội việc làm",
        "kỳ thi kỹ năng nghề",
        "gương học sinh học nghề lập nghiệp",
        "liên kết nhà trường – doanh nghiệp",
        "chuyển đổi số trong dạy nghề",
    ];
    let topic = topics[(n as usize) % topics.len()];
    match kind {
        ProductKind::Article => format!("Tin bài về {topic}"),
        ProductKind::Photo => format!("Phóng sự ảnh: {topic}"),
        ProductKind::Reportage => format!("Phóng sự truyền hình về {topic}"),
        ProductKind::VideoClip => format!("Video clip giới thiệu {topic}"),
        ProductKind::Broadcast => format!("Chuyên mục phát thanh: {topic}"),
        ProductKind::Publication => format!("Tờ rơi, cẩm nang về {topic}"),
        ProductKind::Billboard => format!("Pa-nô tuyên truyền {topic}"),
        ProductKind::Event => format!("Hội thảo về {topic}"),
        ProductKind::SchoolSession => format!("Buổi tư vấn tại trường THCS về {topic}"),
        ProductKind::Training => format!("Lớp tập huấn cộng tác viên về {topic}"),
        ProductKind::SocialPost => format!("Bài đăng fanpage về {topic}"),
        ProductKind::ItProduct => "Cập nhật chuyên trang giáo dục nghề nghiệp".to_owned(),
    }
}

/// A small deterministic generator (so the demo is the same everywhere).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u32) -> u32 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % u64::from(below.max(1))) as u32
    }
}

fn at(day: NaiveDate, hour: u32) -> NaiveDateTime {
    day.and_hms_opt(hour, 0, 0).unwrap_or_default() - Duration::hours(7)
}

/// Creates the demo products and reports. Returns (products, reports) created.
pub fn seed(conn: &mut Conn, plan: &PlanRow) -> Result<(usize, usize)> {
    let activities: HashMap<String, i64> = store_plans::activities(conn, plan.plan_id())?
        .into_iter()
        .map(|a| (a.code, a.id))
        .collect();
    let mut rng = Lcg(20_230_330);
    let mut products = 0;
    for (slug, codes, kinds, per_half) in PRODUCERS {
        let Some(org) = orgs::by_slug(conn, slug)? else {
            continue;
        };
        let from = org
            .valid_from
            .unwrap_or(NaiveDate::from_ymd_opt(2023, 1, 1).unwrap_or_default());
        let to = org
            .valid_to
            .unwrap_or(NaiveDate::from_ymd_opt(2025, 12, 10).unwrap_or_default());
        for half in 0..6u32 {
            let year = 2023 + (half / 2) as i32;
            let (m0, m1) = if half % 2 == 0 { (1, 6) } else { (7, 12) };
            for n in 0..*per_half {
                let month = m0 + rng.next(m1 - m0 + 1);
                let day = 1 + rng.next(28);
                let Some(date) = NaiveDate::from_ymd_opt(year, month, day) else {
                    continue;
                };
                if date < from
                    || date > to
                    || date > NaiveDate::from_ymd_opt(2025, 12, 14).unwrap_or_default()
                {
                    continue;
                }
                let code = codes[rng.next(codes.len() as u32) as usize];
                let Some(activity) = activities.get(code) else {
                    continue;
                };
                let kind = kinds[rng.next(kinds.len() as u32) as usize];
                let (reach, reach_kind) = match kind {
                    ProductKind::Article
                    | ProductKind::SocialPost
                    | ProductKind::VideoClip
                    | ProductKind::Photo => (Some(i64::from(300 + rng.next(5000))), Some("views")),
                    ProductKind::Broadcast | ProductKind::Reportage => {
                        (Some(i64::from(5000 + rng.next(40000))), Some("views"))
                    }
                    ProductKind::SchoolSession | ProductKind::Event | ProductKind::Training => {
                        (Some(i64::from(40 + rng.next(400))), Some("participants"))
                    }
                    ProductKind::Publication => {
                        (Some(i64::from(500 + rng.next(3000))), Some("copies"))
                    }
                    _ => (None, None),
                };
                let quantity = match kind {
                    ProductKind::Article | ProductKind::SocialPost => 1 + rng.next(4),
                    _ => 1,
                };
                store_products::insert(
                    conn,
                    &ProductFields {
                        plan_id: plan.plan_id(),
                        activity_id: Some(ActivityId(*activity)),
                        organisation_id: org.org_id(),
                        kind: kind.code().to_owned(),
                        title: title(kind, n + half),
                        quantity: i32::try_from(quantity).unwrap_or(1),
                        produced_on: date,
                        channel: String::new(),
                        place: String::new(),
                        reach,
                        reach_kind: reach_kind.map(str::to_owned),
                        reach_source: if reach.is_some() {
                            "Dữ liệu mẫu".into()
                        } else {
                            String::new()
                        },
                        evidence_url: String::new(),
                        note: "Dữ liệu mẫu".into(),
                        source: "demo".into(),
                        content_id: None,
                    },
                    None,
                    at(date, 9),
                )?;
                products += 1;
            }
        }
    }

    // Reports for every period, for everyone who owed one.
    let mut reports = 0;
    for period in periods::all(conn, plan)? {
        let totals =
            store_products::totals(conn, plan.plan_id(), period.window_start, period.window_end)?;
        for o in periods::obligations(conn, plan, &period)? {
            let roll = rng.next(20);
            // 2 in 20 never report; 2 are late; 2 still returned; 1 waiting; the rest accepted on time.
            if roll < 2 {
                continue;
            }
            let late = roll < 4;
            let submitted_day = if late {
                period.unit_due + Duration::days(i64::from(3 + rng.next(20)))
            } else {
                period.unit_due - Duration::days(i64::from(rng.next(10)))
            };
            let first = at(submitted_day, 10);
            let id = store_reports::insert(
                conn,
                plan.plan_id(),
                o.holder.org_id(),
                period.kind.code(),
                period.year,
                first - Duration::days(2),
            )?;
            let mine: Vec<(i64, i64)> = totals
                .iter()
                .filter(|(org, _, _)| *org == o.holder.id)
                .map(|(_, a, q)| (*a, *q))
                .collect();
            let total: i64 = mine.iter().map(|(_, q)| q).sum();
            for (activity, q) in &mine {
                store_reports::set_figure(
                    conn,
                    id,
                    &FigureRow {
                        activity_id: *activity,
                        quantity_auto: i32::try_from(*q).ok(),
                        quantity_override: None,
                        reason: String::new(),
                    },
                )?;
            }
            let what = match period.kind {
                PeriodKind::H1 => "6 tháng đầu năm",
                PeriodKind::Year => "trong năm",
            };
            store_reports::set_narrative(
                conn,
                id,
                &Narrative {
                    results: format!(
                        "{what} {}, {} thực hiện {total} sản phẩm truyền thông về giáo dục nghề nghiệp theo Kế hoạch (dữ liệu mẫu).",
                        period.year, o.holder.name
                    ),
                    shortcomings: "Kinh phí cho hoạt động truyền thông còn hạn chế.".into(),
                    difficulties: String::new(),
                    proposals: "Đề nghị hỗ trợ in ấn tờ rơi tuyển sinh.".into(),
                    next_steps:
                        "Tiếp tục phối hợp với các cơ quan báo chí và trường THCS trên địa bàn."
                            .into(),
                },
                first,
            )?;
            store_reports::set_state(conn, id, "draft", "submitted", first)?;
            store_reports::add_event(conn, id, first, "Dữ liệu mẫu", "submit", "")?;
            let reviewed = first + Duration::days(i64::from(2 + rng.next(5)));
            match roll {
                4 | 5 => {
                    store_reports::set_state(conn, id, "submitted", "returned", reviewed)?;
                    store_reports::add_event(
                        conn,
                        id,
                        reviewed,
                        "Dữ liệu mẫu",
                        "return",
                        "Đề nghị bổ sung số người tham dự các buổi tư vấn.",
                    )?;
                }
                6 => {}
                _ => {
                    store_reports::set_state(conn, id, "submitted", "accepted", reviewed)?;
                    store_reports::add_event(conn, id, reviewed, "Dữ liệu mẫu", "accept", "")?;
                }
            }
            reports += 1;
        }
    }
    if products == 0 {
        return Err(Error::Internal("demo products: none created".into()));
    }
    Ok((products, reports))
}
