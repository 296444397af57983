//! Synthetic data for the benchmark harness (BENCHMARKS.md): many organisations, a plan with
//! many activities, many products and accepted reports. Never used by `serve`.

use chrono::{Duration, NaiveDate};
use lantoa_domain::ActivityId;
use lantoa_domain::directory::InstitutionType;
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

// --- The directory: institutions, programmes, intakes, policies (issue 4) ---------------------

/// What `lantoa bench-directory-data` creates.
#[derive(Debug, Clone, Copy)]
pub struct DirectorySize {
    pub institutions: usize,
    pub programmes: usize,
}

/// What the directory generator made, for the harness to print.
#[derive(Debug, Clone, Default)]
pub struct DirectoryReport {
    pub institutions: usize,
    pub programmes: usize,
    pub published: usize,
    pub intakes: usize,
    /// Published programmes with an intake open on the seed day.
    pub open_today: usize,
    pub policies: usize,
    pub occupations: usize,
    pub districts: usize,
}

/// The benchmark institutions' slugs start with this.
pub const DIRECTORY_SLUG_PREFIX: &str = "co-so-do-hieu-nang-";

const UNITS_CSV: &str = include_str!("../demo/kien-giang-units-2020.csv");

/// Kinds of institution with how their names begin, and the weight of each kind among the
/// generated institutions (out of 20): many centres and enterprises, fewer colleges.
const KINDS: [(InstitutionType, &str, usize); 5] = [
    (InstitutionType::College, "Trường Cao đẳng", 2),
    (InstitutionType::Intermediate, "Trường Trung cấp", 3),
    (InstitutionType::Centre, "Trung tâm Giáo dục nghề nghiệp", 7),
    (InstitutionType::Enterprise, "Công ty", 6),
    (InstitutionType::Other, "Cơ sở đào tạo", 2),
];

/// The field words of generated institution names.
const FIELDS: [&str; 12] = [
    "Kỹ thuật",
    "Nghề",
    "Kinh tế – Kỹ thuật",
    "Du lịch",
    "Thủy sản",
    "Nông nghiệp",
    "Y tế",
    "Công nghệ",
    "Giao thông vận tải",
    "Cơ điện",
    "Xây dựng",
    "Văn hóa nghệ thuật",
];

/// The support policies of the benchmark: conditions as data, as an administrator enters them.
/// A benchmark policy: slug, name, benefit, level, entry education and target group codes.
type BenchPolicy = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    Option<&'static str>,
);

const POLICIES: [BenchPolicy; 6] = [
    (
        "do-hieu-nang-lao-dong-nong-thon",
        "Hỗ trợ đào tạo nghề cho lao động nông thôn",
        "Hỗ trợ chi phí đào tạo tối đa 4 triệu đồng/khóa",
        Some("elementary"),
        None,
        Some("rural_worker"),
    ),
    (
        "do-hieu-nang-mien-hoc-phi-thcs",
        "Miễn học phí cho người tốt nghiệp THCS học trung cấp",
        "Miễn 100% học phí",
        Some("intermediate"),
        Some("lower_secondary"),
        None,
    ),
    (
        "do-hieu-nang-bo-doi-xuat-ngu",
        "Hỗ trợ học nghề cho bộ đội xuất ngũ",
        "Thẻ đề nghị học nghề trị giá 12 tháng lương cơ sở",
        None,
        None,
        Some("demobilised_soldier"),
    ),
    (
        "do-hieu-nang-ho-ngheo",
        "Hỗ trợ người thuộc hộ nghèo, hộ cận nghèo",
        "Miễn học phí, hỗ trợ tiền ăn 30.000 đồng/ngày",
        None,
        None,
        Some("poor_household"),
    ),
    (
        "do-hieu-nang-dan-toc-thieu-so",
        "Hỗ trợ người dân tộc thiểu số học cao đẳng",
        "Giảm 70% học phí",
        Some("college"),
        None,
        Some("ethnic_minority"),
    ),
    (
        "do-hieu-nang-that-nghiep",
        "Hỗ trợ học nghề cho người hưởng trợ cấp thất nghiệp",
        "Tối đa 4,5 triệu đồng/người/khóa",
        None,
        None,
        Some("unemployed"),
    ),
];

/// A small deterministic generator (splitmix64), so two runs make the same data.
struct Mix(u64);

impl Mix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % u64::try_from(n.max(1)).unwrap_or(1)).unwrap_or(0)
    }

    /// True `percent` times in a hundred.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// Creates a directory of `size.institutions` institutions spread over the districts and
/// institution types, and `size.programmes` programmes over the occupations of the demo's
/// reference data (`demo/occupations.csv`), at their levels, in the three modes, with
/// intakes around the seed day (`app.clock.today()`: about four in ten programmes have one
/// open that day) and support policies that fit them. Programmes and intakes go through the
/// back office's validation. Refuses a database that already has the benchmark's institutions.
pub fn generate_directory(
    app: &App,
    conn: &mut Conn,
    size: DirectorySize,
    progress: &mut dyn FnMut(usize),
) -> Result<DirectoryReport> {
    use crate::programmes::{IntakeForm, ProgrammeForm, conditions, insert_checked, validate};
    use lantoa_domain::directory::{Level, Ownership};
    use lantoa_domain::programme::{EntryEducation, StudyMode};
    use lantoa_store::programmes::{self as store_prog, PolicyFields};
    use lantoa_store::{admin_units, institutions as store_inst};

    if orgs::by_slug(conn, &format!("{DIRECTORY_SLUG_PREFIX}0000"))?.is_some() {
        return Err(Error::Conflict(
            "Dữ liệu đo hiệu năng danh bạ đã có; hãy dùng một CSDL mới.".into(),
        ));
    }
    let now = app.now();
    let today = app.clock.today();
    let actor = Actor::system("lantoa bench-directory-data");
    let mut report = DirectoryReport::default();
    let mut mix = Mix(0x1a27_0a2f);

    // Reference data: the administrative units and the occupations of the demo.
    let units = crate::demo::parse_units(UNITS_CSV)?;
    write_tx(conn, |c| {
        for u in &units {
            if admin_units::get(c, &u.code)?.is_none() {
                admin_units::upsert(c, u)?;
            }
        }
        Ok::<_, Error>(())
    })?;
    crate::occupations::import_csv(
        app,
        conn,
        &actor,
        crate::demo::OCCUPATIONS_CSV.as_bytes(),
        &mut |_| {},
    )?;
    let occupations = lantoa_store::occupations::all(conn)?;
    if occupations.is_empty() {
        return Err(Error::Internal(
            "no occupations to generate programmes".into(),
        ));
    }
    report.occupations = occupations.len();
    let districts: Vec<&admin_units::AdminUnit> = units
        .iter()
        .filter(|u| matches!(u.kind.as_str(), "huyen" | "thanh-pho" | "thi-xa"))
        .collect();
    report.districts = districts.len();
    // "Huyện Hòn Đất" → "Hòn Đất" in institution names.
    let place = |u: &admin_units::AdminUnit| -> String {
        ["Thành phố ", "Thị xã ", "Huyện "]
            .iter()
            .find_map(|p| u.name.strip_prefix(p))
            .unwrap_or(&u.name)
            .to_owned()
    };

    // Support policies.
    let mut policies = Vec::new();
    write_tx(conn, |c| {
        for (slug, name, benefit, level, entry, group) in POLICIES {
            let id = match store_prog::policy_by_slug(c, slug)? {
                Some(p) => p.id,
                None => store_prog::insert_policy(
                    c,
                    slug,
                    &PolicyFields {
                        name: name.into(),
                        benefit: benefit.into(),
                        legal_basis: "Nghị quyết của Hội đồng nhân dân tỉnh (dữ liệu đo hiệu năng)"
                            .into(),
                        level: level.map(Into::into),
                        entry_education: entry.map(Into::into),
                        target_group: group.map(Into::into),
                        ..PolicyFields::default()
                    },
                    now,
                )?,
            };
            policies.push(id);
        }
        Ok::<_, Error>(())
    })?;
    let policy_rows: Vec<_> = store_prog::all_policies(conn)?
        .into_iter()
        .filter(|p| policies.contains(&p.id))
        .collect();
    report.policies = policy_rows.len();

    // Institutions with their directory profile.
    let weights: usize = KINDS.iter().map(|k| k.2).sum();
    let mut institutions = Vec::with_capacity(size.institutions);
    let mut names = std::collections::HashSet::new();
    write_tx(conn, |c| {
        for i in 0..size.institutions {
            let mut pick = i % weights;
            let (kind, prefix, _) = KINDS
                .iter()
                .find(|k| {
                    if pick < k.2 {
                        true
                    } else {
                        pick -= k.2;
                        false
                    }
                })
                .copied()
                .unwrap_or(KINDS[0]);
            let district = districts[mix.below(districts.len())];
            let field = FIELDS[mix.below(FIELDS.len())];
            let base = match kind {
                InstitutionType::Centre => {
                    format!("{prefix} – Giáo dục thường xuyên {}", place(district))
                }
                InstitutionType::Enterprise => format!("{prefix} TNHH {field} {}", place(district)),
                _ => format!("{prefix} {field} {}", place(district)),
            };
            let mut name = base.clone();
            let mut n = 2;
            while !names.insert(name.clone()) {
                name = format!("{base} số {n}");
                n += 1;
            }
            let short = name
                .replace("Trường Cao đẳng", "CĐ")
                .replace("Trường Trung cấp", "TC")
                .replace(
                    "Trung tâm Giáo dục nghề nghiệp – Giáo dục thường xuyên",
                    "TT GDNN-GDTX",
                )
                .replace("Cơ sở đào tạo", "CSĐT");
            let id = orgs::insert(
                c,
                &OrgFields {
                    slug: format!("{DIRECTORY_SLUG_PREFIX}{i:04}"),
                    kind: OrgKind::Institution.code().into(),
                    name,
                    short_name: short,
                    admin_unit_code: Some(district.code.clone()),
                    address: format!(
                        "Số {} đường 3 Tháng 2, {}",
                        1 + mix.below(400),
                        district.name
                    ),
                    phone: format!("0297 3{:06}", mix.below(1_000_000)),
                    description: "Cơ sở giả lập để đo hiệu năng (không có thật).".into(),
                    ..OrgFields::default()
                },
                now,
            )?;
            let ownership = if matches!(kind, InstitutionType::Enterprise) || mix.chance(20) {
                Ownership::Private
            } else {
                Ownership::Public
            };
            store_inst::save_profile(
                c,
                id,
                &store_inst::ProfileFields {
                    institution_type: kind.code().into(),
                    ownership: ownership.code().into(),
                    // Around Rạch Giá and the Mekong delta's west.
                    lat_e6: Some(9_600_000 + i32::try_from(mix.below(1_000_000)).unwrap_or(0)),
                    lon_e6: Some(104_700_000 + i32::try_from(mix.below(800_000)).unwrap_or(0)),
                },
                None,
                now,
            )?;
            institutions.push((id, kind, district.code.clone()));
        }
        Ok::<_, Error>(())
    })?;
    report.institutions = institutions.len();

    // Programmes: spread over the institutions, each with distinct occupation and mode.
    let colleges: Vec<usize> = (0..occupations.len())
        .filter(|i| occupations[*i].level == Level::College.code())
        .collect();
    let mut done = 0;
    while done < size.programmes {
        let batch = (size.programmes - done).min(500);
        write_tx(conn, |c| {
            for n in done..done + batch {
                let k = n % institutions.len().max(1);
                let round = n / institutions.len().max(1);
                let (org_id, kind, district) = &institutions[k];
                let institution = orgs::get(c, *org_id)?.ok_or(Error::NotFound)?;
                // Colleges teach college programmes first; everyone teaches the rest.
                let occupation = if matches!(kind, InstitutionType::College) && round % 2 == 0 {
                    &occupations[colleges[(k + round) % colleges.len().max(1)]]
                } else {
                    &occupations[(k * 7 + round * 11) % occupations.len()]
                };
                let level = Level::from_code(&occupation.level).unwrap_or(Level::Elementary);
                let mode = match (level, mix.below(20)) {
                    (Level::Elementary, _) | (_, 0..=14) => StudyMode::FullTime,
                    (_, 15..=18) => StudyMode::WorkStudy,
                    _ => StudyMode::Online,
                };
                let (entry, months, fee, quota) = match level {
                    Level::College => (
                        EntryEducation::UpperSecondary,
                        30,
                        "11500000",
                        40 + mix.below(120),
                    ),
                    Level::Intermediate => (
                        if mix.chance(60) {
                            EntryEducation::LowerSecondary
                        } else {
                            EntryEducation::UpperSecondary
                        },
                        18 + 6 * mix.below(2),
                        "8700000",
                        30 + mix.below(90),
                    ),
                    Level::Elementary => (EntryEducation::None, 3, "", 20 + mix.below(20)),
                };
                let model_9plus = level == Level::Intermediate
                    && entry == EntryEducation::LowerSecondary
                    && mix.chance(50);
                let offered: Vec<String> = policy_rows
                    .iter()
                    .filter(|p| conditions(p).fits(level, entry))
                    .filter(|_| mix.chance(35))
                    .take(3)
                    .map(|p| p.id.to_string())
                    .collect();
                // One programme in ten is taught in another district than its institution's.
                let area = if mix.chance(10) {
                    districts[mix.below(districts.len())].code.clone()
                } else {
                    String::new()
                };
                let published = !mix.chance(5);
                let form = ProgrammeForm {
                    institution_id: org_id.0.to_string(),
                    occupation_id: occupation.id.to_string(),
                    mode: mode.code().into(),
                    duration_months: months.to_string(),
                    fee_per_year: if level == Level::Elementary || mix.chance(10) {
                        String::new()
                    } else {
                        fee.into()
                    },
                    fee_note: if level == Level::Elementary {
                        "2.500.000 đồng/khóa; miễn phí cho người thuộc diện hỗ trợ".into()
                    } else {
                        String::new()
                    },
                    quota: quota.to_string(),
                    entry_education: entry.code().into(),
                    entry_requirements: String::new(),
                    model_9plus,
                    location: if area.is_empty() {
                        String::new()
                    } else {
                        "Lớp học tại nhà văn hóa xã".into()
                    },
                    admin_unit_code: area,
                    description: format!(
                        "Chương trình {} ngành {} (dữ liệu đo hiệu năng, cơ sở ở mã khu vực {district}).",
                        level.label().to_lowercase(),
                        occupation.name
                    ),
                    is_published: published,
                    policies: offered,
                };
                let (fields, policy_ids) = validate(c, &form, false)
                    .map_err(|e| Error::Internal(format!("bench programme {n}: {e:?}")))?;
                let (id, _) = insert_checked(c, &institution, &fields, &policy_ids, None, now)?;
                report.programmes += 1;
                report.published += usize::from(published);
                // Intakes: the last one closed, one open today for about four in ten, the
                // next one announced for about half.
                let mut windows = vec![(
                    "Đợt 1 năm 2026",
                    today - Duration::days(150 + i64::try_from(mix.below(60)).unwrap_or(0)),
                    today - Duration::days(90 + i64::try_from(mix.below(30)).unwrap_or(0)),
                )];
                let open = mix.chance(40);
                if open {
                    windows.push((
                        "Đợt 2 năm 2026",
                        today - Duration::days(i64::try_from(mix.below(30)).unwrap_or(0)),
                        today + Duration::days(1 + i64::try_from(mix.below(40)).unwrap_or(0)),
                    ));
                }
                if mix.chance(50) {
                    windows.push((
                        "Đợt 1 năm 2027",
                        today + Duration::days(45 + i64::try_from(mix.below(30)).unwrap_or(0)),
                        today + Duration::days(100 + i64::try_from(mix.below(30)).unwrap_or(0)),
                    ));
                }
                report.open_today += usize::from(open && published);
                for (name, opens, closes) in windows {
                    let intake = crate::programmes::validate_intake(
                        &IntakeForm {
                            name: name.into(),
                            opens_on: opens.to_string(),
                            closes_on: closes.to_string(),
                            classes_start_on: (closes + Duration::days(14)).to_string(),
                            quota: String::new(),
                            note: String::new(),
                        },
                        fields.quota,
                    )
                    .map_err(|e| Error::Internal(format!("bench intake {n}: {e:?}")))?;
                    store_prog::insert_intake(c, id, &intake, now)?;
                    report.intakes += 1;
                }
            }
            Ok::<_, Error>(())
        })?;
        done += batch;
        progress(done);
    }
    Ok(report)
}

// --- The portal: many published articles (issue 3) --------------------------------------------

/// Words of the portal's vocabulary the synthetic articles are drawn from (the search
/// benchmark's list, `lantoa-search/examples/search_bench.rs`).
const ARTICLE_WORDS: &str = "đào tạo nghề cho lao động nông thôn học sinh trung cấp cao đẳng tuyển sinh \
    kỹ năng hòa nhập truyền thông pa-nô cơ khí hàn điện công nghiệp doanh nghiệp việc làm thanh \
    niên hội thi giáo viên chính sách hỗ trợ miễn học phí xã huyện tỉnh kiên giang phú quốc rạch \
    giá du lịch khách sạn thủy sản chế biến nuôi tôm lúa máy nông nghiệp ô tô sửa chữa may thời \
    trang điều dưỡng kế toán tin học văn phòng ngày hội hướng nghiệp tư vấn khởi nghiệp mô hình \
    chuyển đổi số";

/// The first benchmark article's `external_id`; the others follow (`do-hieu-nang-bai-N`).
pub const ARTICLE_PREFIX: &str = "do-hieu-nang-bai-";

/// Publishes `articles` synthetic articles through the JSON Lines import (`lantoa import
/// content`): 10-word titles, a 30-word summary and a 400-word body in four paragraphs,
/// published over 2023–2026 before today. Returns how many were created. The search index
/// is built afterwards by `lantoa reindex`.
pub fn generate_articles(
    app: &App,
    conn: &mut Conn,
    articles: usize,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<usize> {
    let words: Vec<&str> = ARTICLE_WORDS.split_whitespace().collect();
    let mut mix = Mix(0x0a27_1c1e);
    let text = |mix: &mut Mix, n: usize| -> String {
        let s: Vec<&str> = (0..n).map(|_| words[mix.below(words.len())]).collect();
        let mut s = s.join(" ");
        if let Some(first) = s.chars().next() {
            let upper: String = first.to_uppercase().collect();
            s.replace_range(..first.len_utf8(), &upper);
        }
        s
    };
    // The department that writes them (every item has an author organisation).
    const AUTHOR: &str = "so-do-hieu-nang";
    if orgs::by_slug(conn, AUTHOR)?.is_none() {
        let now = app.now();
        write_tx(conn, |c| {
            orgs::insert(
                c,
                &OrgFields {
                    slug: AUTHOR.into(),
                    kind: OrgKind::Department.code().into(),
                    name: "Sở Giáo dục và Đào tạo (đo hiệu năng)".into(),
                    short_name: "Sở GDĐT".into(),
                    ..OrgFields::default()
                },
                now,
            )?;
            Ok::<_, Error>(())
        })?;
    }
    let start = NaiveDate::from_ymd_opt(2023, 1, 1).ok_or(Error::NotFound)?;
    let span = (app.clock.today() - start).num_days().max(1);
    let mut lines = String::new();
    for n in 0..articles {
        let day = start
            + Duration::days(
                i64::try_from(mix.below(usize::try_from(span).unwrap_or(1))).unwrap_or(0),
            );
        let body: Vec<String> = (0..4)
            .map(|_| format!("<p>{}.</p>", text(&mut mix, 100)))
            .collect();
        let line = serde_json::json!({
            "external_id": format!("{ARTICLE_PREFIX}{n}"),
            "title": text(&mut mix, 10),
            "summary": format!("{}.", text(&mut mix, 30)),
            "body_html": body.join("\n"),
            "published_at": format!("{day} {:02}:{:02}", 7 + mix.below(10), mix.below(60)),
            "organisation": AUTHOR,
            "source": "Dữ liệu đo hiệu năng",
        });
        lines.push_str(&line.to_string());
        lines.push('\n');
    }
    let report = crate::content_import::import_jsonl_from(
        app,
        conn,
        &Actor::system("lantoa bench-content-data"),
        lines.as_bytes(),
        None,
        progress,
    )?;
    if let Some(r) = report.rejected.first() {
        return Err(Error::Internal(format!(
            "bench article line {}: {} {}",
            r.line, r.field, r.reason
        )));
    }
    Ok(report.created)
}
