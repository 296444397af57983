//! Synthetic data for the benchmark harness (BENCHMARKS.md): many organisations, a plan with
//! many activities, many products and accepted reports. Never used by `serve`.

use chrono::{Duration, NaiveDate};
use lantoa_domain::ActivityId;
use lantoa_domain::org::OrgKind;
use lantoa_domain::product::ProductKind;
use lantoa_store::orgs::{self, OrgFields};
use lantoa_store::products::{self as store_products, ProductFields};
use lantoa_store::reports as store_reports;
use lantoa_store::{Conn, write_tx};

use crate::audit::Actor;
use crate::{App, Error, Result};

/// What `lantoa bench-data` creates.
#[derive(Debug, Clone, Copy)]
pub struct BenchSize {
    pub organisations: usize,
    pub activities: usize,
    pub products: usize,
}

/// The synthetic plan's slug.
pub const PLAN: &str = "ke-hoach-do-hieu-nang";

/// Creates the synthetic plan and data; `progress` is called with the number of products so far.
pub fn generate(
    app: &App,
    conn: &mut Conn,
    size: BenchSize,
    progress: &mut dyn FnMut(usize),
) -> Result<()> {
    if lantoa_store::plans::by_slug(conn, PLAN)?.is_some() {
        return Err(Error::Conflict(format!(
            "Dữ liệu đo hiệu năng đã có (kế hoạch “{PLAN}”); hãy dùng một CSDL mới."
        )));
    }
    let now = app.now();
    let mut ids = Vec::with_capacity(size.organisations);
    write_tx(conn, |c| {
        for i in 0..size.organisations {
            let name = format!("Trường thử nghiệm số {i:04}");
            ids.push(orgs::insert(
                c,
                &OrgFields {
                    slug: format!("truong-thu-nghiem-{i:04}"),
                    kind: OrgKind::Institution.code().into(),
                    name: name.clone(),
                    short_name: name,
                    ..OrgFields::default()
                },
                now,
            )?);
        }
        Ok::<_, Error>(())
    })?;
    // A plan where every institution coordinates every activity, in every year.
    let mut text = format!(
        "format = 1\nslug = \"{PLAN}\"\ntitle = \"Kế hoạch đo hiệu năng\"\ndocument_type = \"Kế hoạch\"\nissuer_name = \"Thử nghiệm\"\nplace = \"An Giang\"\nissued_on = \"2023-01-02\"\nstart_year = 2023\nend_year = 2025\n\n[[number]]\ntext = \"01/KH\"\nwritten_in = \"Thử nghiệm\"\n\n[reporting]\n[[reporting.period]]\nkind = \"h1\"\nlabel = \"Báo cáo 6 tháng\"\nwindow_from = \"12-15\"\nwindow_from_previous_year = true\nwindow_to = \"06-14\"\nunit_due = \"06-20\"\nlead_due = \"06-30\"\n[[reporting.period]]\nkind = \"year\"\nlabel = \"Báo cáo năm\"\nwindow_from = \"12-15\"\nwindow_from_previous_year = true\nwindow_to = \"12-14\"\nunit_due = \"11-20\"\nlead_due = \"11-30\"\n"
    );
    for a in 1..=size.activities {
        text.push_str(&format!(
            "\n[[activity]]\ncode = \"{a}\"\ntitle = \"Hoạt động thử nghiệm {a}\"\nyears = [2023, 2024, 2025]\ncoordinating = [{{ kind = \"institution\", label = \"Các cơ sở giáo dục nghề nghiệp\" }}]\n"
        ));
    }
    let file =
        crate::plans::parse(&text).map_err(|e| Error::Internal(format!("bench plan: {e}")))?;
    crate::plans::import(app, conn, &Actor::system("lantoa bench-data"), &file)?;
    let plan = lantoa_store::plans::by_slug(conn, PLAN)?.ok_or(Error::NotFound)?;
    let activities: Vec<i64> = lantoa_store::plans::activities(conn, plan.plan_id())?
        .into_iter()
        .map(|a| a.id)
        .collect();
    let start = NaiveDate::from_ymd_opt(2023, 1, 1).ok_or(Error::NotFound)?;
    let kinds = ProductKind::ALL;
    let mut done = 0;
    while done < size.products {
        let batch = (size.products - done).min(5000);
        write_tx(conn, |c| {
            for n in done..done + batch {
                store_products::insert(
                    c,
                    &ProductFields {
                        plan_id: plan.plan_id(),
                        activity_id: Some(ActivityId(activities[n % activities.len()])),
                        organisation_id: ids[(n * 7) % ids.len()],
                        kind: kinds[n % kinds.len()].code().into(),
                        title: format!("Sản phẩm thử nghiệm {n}"),
                        quantity: i32::try_from(1 + n % 5).unwrap_or(1),
                        produced_on: start + Duration::days(i64::try_from(n % 1090).unwrap_or(0)),
                        channel: String::new(),
                        place: String::new(),
                        reach: None,
                        reach_kind: None,
                        reach_source: String::new(),
                        evidence_url: String::new(),
                        note: String::new(),
                        source: "bench".into(),
                        content_id: None,
                    },
                    None,
                    now,
                )?;
            }
            Ok::<_, Error>(())
        })?;
        done += batch;
        progress(done);
    }
    // Accepted 2024 annual reports for nine in ten organisations, frozen from their products.
    let period = crate::periods::find(conn, &plan, "2024")?;
    let totals =
        store_products::totals(conn, plan.plan_id(), period.window_start, period.window_end)?;
    write_tx(conn, |c| {
        for (i, org) in ids.iter().enumerate() {
            if i % 10 == 9 {
                continue;
            }
            let id = store_reports::insert(c, plan.plan_id(), *org, "year", 2024, now)?;
            for (_, a, q) in totals.iter().filter(|(o, _, _)| *o == org.0) {
                store_reports::set_figure(
                    c,
                    id,
                    &store_reports::FigureRow {
                        activity_id: *a,
                        quantity_auto: i32::try_from(*q).ok(),
                        quantity_override: None,
                        reason: String::new(),
                    },
                )?;
            }
            let at = chrono::NaiveDate::from_ymd_opt(2024, 11, 15)
                .unwrap_or_default()
                .and_hms_opt(3, 0, 0)
                .unwrap_or_default();
            store_reports::set_state(c, id, "draft", "submitted", at)?;
            store_reports::set_state(c, id, "submitted", "accepted", at)?;
        }
        Ok::<_, Error>(())
    })?;
    Ok(())
}
