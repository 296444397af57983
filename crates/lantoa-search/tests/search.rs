//! The index end to end, in memory and on disk: every spelling variant DESIGN.md §4 asks for,
//! ranking, filters, snippets, deletes and reopening.
#![expect(
    clippy::unwrap_used,
    reason = "a failed set-up step should fail the test loudly"
)]

use chrono::{NaiveDate, NaiveDateTime};
use lantoa_search::{Change, DocKey, OpenState, SearchDoc, SearchIndex, SearchQuery, Source};
use unicode_normalization::UnicodeNormalization;

fn at(y: i32, m: u32, d: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .unwrap()
        .and_hms_opt(3, 0, 0)
        .unwrap()
}

fn article(id: i64, title: &str, body: &str) -> SearchDoc {
    SearchDoc {
        key: DocKey::new(Source::Content, id),
        kind: "article".into(),
        title: title.into(),
        body: body.into(),
        url: format!("/tin-tuc/bai-{id}"),
        published_at: Some(at(2026, 1, (id as u32 - 1) % 28 + 1)),
        topics: vec![],
        external_id: None,
        version: id,
    }
}

fn corpus() -> Vec<SearchDoc> {
    vec![
        article(
            1,
            "Đào tạo nghề cho lao động nông thôn",
            "Năm 2026 tỉnh mở 40 lớp sơ cấp nghề cho lao động nông thôn.",
        ),
        article(
            2,
            "Ngày hội hướng nghiệp",
            "Học sinh được giới thiệu về hòa nhập cộng đồng và kỹ năng mềm.",
        ),
        article(
            3,
            "Dựng pa-nô tuyên truyền",
            "Các huyện dựng pa-nô tại nơi công cộng.",
        ),
        article(4, "Bảng quảng cáo", "Thay biển pano cũ ở bến xe."),
        article(
            5,
            "Trường trung cấp khai giảng",
            "Khai giảng lớp cơ khí, hàn và điện công nghiệp.",
        ),
        article(
            6,
            "Truyền thông về giáo dục nghề nghiệp",
            "Đẩy mạnh truyền thông trên báo, đài.",
        ),
        article(
            7,
            "Tuyển sinh chuyên nghiệp",
            "Thông báo tuyển sinh các ngành điện tử và tin học văn phòng.",
        ),
    ]
}

fn index_with(docs: &[SearchDoc]) -> SearchIndex {
    let index = SearchIndex::in_memory().unwrap();
    let mut rebuild = index.rebuild().unwrap();
    for d in docs {
        rebuild.add(d).unwrap();
    }
    rebuild.finish(None).unwrap();
    index
}

fn query(text: &str) -> SearchQuery {
    SearchQuery {
        text: text.into(),
        limit: 10,
        ..SearchQuery::default()
    }
}

fn ids(index: &SearchIndex, q: &SearchQuery) -> Vec<i64> {
    index
        .search(q)
        .unwrap()
        .hits
        .into_iter()
        .map(|h| h.key.id)
        .collect()
}

#[test]
fn every_spelling_variant_finds_its_article() {
    let index = index_with(&corpus());
    let nfd: String = "đào tạo nghề".nfd().collect();
    let table: &[(&str, &str, i64)] = &[
        ("exact diacritics", "đào tạo nghề", 1),
        ("no diacritics", "dao tao nghe", 1),
        ("NFD", &nfd, 1),
        ("capitals", "ĐÀO TẠO NGHỀ", 1),
        ("capitals without diacritics", "DAO TAO NGHE", 1),
        ("new tone placement", "hòa nhập", 2),
        ("old tone placement", "hoà nhập", 2),
        ("i/y: kĩ for kỹ", "kĩ năng", 2),
        ("i/y: kỹ", "kỹ năng", 2),
        ("typo in a long word", "truyen thpng", 6),
        ("swapped letters in a long word", "chuyen ngheip", 7),
        ("hyphen dropped", "pano tuyên truyền", 3),
        ("hyphen kept", "pa-nô tuyên truyền", 3),
        ("written apart", "pa nô tuyên truyền", 3),
        ("with diacritics", "cơ khí", 5),
        ("without diacritics", "co khi", 5),
    ];
    for (what, q, want) in table {
        let got = ids(&index, &query(q));
        assert_eq!(got.first(), Some(want), "{what}: {q:?} gave {got:?}");
    }
}

#[test]
fn joined_and_hyphenated_forms_find_each_other() {
    let index = index_with(&corpus());
    for q in ["pano", "pa-nô", "panô", "PA-NÔ"] {
        let mut got = ids(&index, &query(q));
        got.sort();
        assert_eq!(got, vec![3, 4], "{q}");
    }
}

#[test]
fn short_words_are_not_fuzzy() {
    let index = index_with(&corpus());
    // "han" is a word of its own; "hàn" matches it, "hanh" does not match "hàn".
    assert_eq!(ids(&index, &query("han")), vec![5]);
    assert!(ids(&index, &query("xyz")).is_empty());
}

#[test]
fn exact_diacritics_rank_first() {
    let index = index_with(&[
        article(1, "Tin ngắn", "Nông dân trồng hoa kiểng bán Tết."),
        article(2, "Tin ngắn", "Học sinh hòa nhập tốt với trường nghề."),
    ]);
    assert_eq!(ids(&index, &query("hòa")), vec![2, 1]);
    assert_eq!(ids(&index, &query("hoà")), vec![2, 1]);
    assert_eq!(ids(&index, &query("hoa")), vec![1, 2]);
}

#[test]
fn title_matches_rank_first() {
    let index = index_with(&[
        article(
            1,
            "Tin ngắn",
            "Hội thi giáo viên dạy giỏi cấp tỉnh năm nay.",
        ),
        article(2, "Hội thi giáo viên dạy giỏi", "Kết quả được công bố."),
    ]);
    assert_eq!(ids(&index, &query("hoi thi giao vien")), vec![2, 1]);
}

#[test]
fn phrases_rank_before_scattered_words() {
    let index = index_with(&[
        article(1, "Tin một", "Nghề mộc cần đào tạo thêm; nghề may thì đủ."),
        article(2, "Tin hai", "Trung tâm đào tạo nghề mộc."),
    ]);
    assert_eq!(ids(&index, &query("đào tạo nghề")), vec![2, 1]);
}

#[test]
fn snippets_mark_the_match_and_escape_html() {
    let index = index_with(&[article(
        1,
        "Tuyển sinh <2026>",
        "Phần đầu. Tuyển sinh & hướng nghiệp cho học sinh <lớp 9>.",
    )]);
    let hit = &index.search(&query("tuyen sinh")).unwrap().hits[0];
    assert_eq!(
        hit.title_html,
        "<mark>Tuyển</mark> <mark>sinh</mark> &lt;2026&gt;"
    );
    assert!(
        hit.snippet_html
            .contains("<mark>Tuyển</mark> <mark>sinh</mark> &amp; hướng nghiệp"),
        "{}",
        hit.snippet_html
    );
    assert!(
        hit.snippet_html.contains("&lt;lớp 9&gt;"),
        "{}",
        hit.snippet_html
    );
    assert_eq!(hit.url, "/tin-tuc/bai-1");
    assert_eq!(hit.published_at, Some(at(2026, 1, 1)));
    // A hit whose body does not contain the words shows the start of the body.
    let hit = &index.search(&query("2026")).unwrap().hits[0];
    assert_eq!(
        hit.snippet_html,
        "Phần đầu. Tuyển sinh &amp; hướng nghiệp cho học sinh &lt;lớp 9&gt;."
    );
}

#[test]
fn filters_by_kind_topic_and_date() {
    let mut docs = corpus();
    docs[0].topics = vec!["iv-1-a".into()];
    docs.push(SearchDoc {
        key: DocKey::new(Source::Occupation, 1),
        kind: "occupation".into(),
        title: "Hàn".into(),
        body: "Nghề hàn, trình độ cao đẳng.".into(),
        url: "/nganh-nghe/han-cao-dang".into(),
        published_at: None,
        topics: vec![],
        external_id: None,
        version: 1,
    });
    let index = index_with(&docs);
    let mut q = query("nghề");
    let mut all = ids(&index, &q);
    all.sort();
    assert_eq!(all, vec![1, 1, 6]);
    q.kinds = vec!["occupation".into()];
    assert_eq!(ids(&index, &q), vec![1]);
    let hit = &index.search(&q).unwrap().hits[0];
    assert_eq!(hit.key.source, Source::Occupation);
    q.kinds = vec!["article".into()];
    q.topic = Some("iv-1-a".into());
    assert_eq!(ids(&index, &q), vec![1]);
    q.topic = None;
    q.published_from = Some(at(2026, 1, 2));
    assert_eq!(ids(&index, &q), vec![6]);
    q.published_from = None;
    q.published_before = Some(at(2026, 1, 2));
    assert_eq!(ids(&index, &q), vec![1]);
}

#[test]
fn pages_of_hits_and_the_total() {
    let docs: Vec<SearchDoc> = (1..=25)
        .map(|i| article(i, &format!("Tuyển sinh đợt {i}"), "Tuyển sinh."))
        .collect();
    let index = index_with(&docs);
    let mut q = query("tuyển sinh");
    q.limit = 10;
    q.offset = 20;
    let r = index.search(&q).unwrap();
    assert_eq!(r.total, 25);
    assert_eq!(r.hits.len(), 5);
}

#[test]
fn changes_replace_and_remove_documents() {
    let index = index_with(&corpus());
    index
        .apply(
            vec![
                Change::Delete(DocKey::new(Source::Content, 1)),
                Change::Upsert(article(6, "Tin đã sửa", "Nội dung khác hẳn.")),
            ],
            None,
        )
        .unwrap();
    assert!(ids(&index, &query("dao tao nghe")).is_empty());
    // The old words of item 6 no longer find it (one edit still finds "tuyển" in item 7).
    assert_eq!(ids(&index, &query("truyền thông")), vec![7]);
    assert_eq!(ids(&index, &query("khác hẳn")), vec![6]);
    assert_eq!(index.num_docs(), 6);
    assert_eq!(index.version_of(DocKey::new(Source::Content, 6)), Some(6));
    assert_eq!(index.version_of(DocKey::new(Source::Content, 1)), None);
    assert!(index.contains(DocKey::new(Source::Content, 2)));
    assert!(!index.contains(DocKey::new(Source::Content, 1)));
}

#[test]
fn an_index_on_disk_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("search");
    let (index, state) = SearchIndex::open(&path).unwrap();
    assert_eq!(state, OpenState::NeedsRebuild("new"));
    let mut rebuild = index.rebuild().unwrap();
    for d in corpus() {
        rebuild.add(&d).unwrap();
    }
    rebuild.finish(Some(at(2026, 11, 26))).unwrap();
    index
        .apply(vec![Change::Delete(DocKey::new(Source::Content, 7))], None)
        .unwrap();
    drop(index);

    let (index, state) = SearchIndex::open(&path).unwrap();
    assert_eq!(state, OpenState::Ready);
    assert_eq!(index.watermark().unwrap(), Some(at(2026, 11, 26)));
    assert_eq!(ids(&index, &query("pa-nô tuyên truyền")), vec![3]);
    assert!(ids(&index, &query("tuyển sinh")).is_empty());
    drop(index);

    // An index that cannot be read is emptied and rebuilt, never trusted.
    std::fs::write(path.join("meta.json"), b"{ not json").unwrap();
    let (index, state) = SearchIndex::open(&path).unwrap();
    assert_eq!(state, OpenState::NeedsRebuild("unreadable"));
    assert_eq!(index.num_docs(), 0);
}

#[test]
fn an_interrupted_rebuild_is_redone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("search");
    let (index, _) = SearchIndex::open(&path).unwrap();
    // Changes before the first complete rebuild are not kept.
    index
        .apply(vec![Change::Upsert(article(1, "Một", "Hai"))], None)
        .unwrap();
    drop(index);
    let (_, state) = SearchIndex::open(&path).unwrap();
    assert_eq!(state, OpenState::NeedsRebuild("never completed"));
}

#[test]
fn exact_and_title_matches_are_not_crowded_out_by_many_others() {
    // 300 articles say "hoa" (flowers) often; two say "hòa" once, in a long text; one has
    // "hòa" only in its title. Ranking works on a first cut of candidates: they must be in it.
    let filler = "Tin ngắn về hoạt động của trường. ".repeat(30);
    let mut docs: Vec<SearchDoc> = (1..=300)
        .map(|i| article(i, "Chợ hoa", &format!("Hoa hoa hoa, chợ hoa ngày Tết {i}.")))
        .collect();
    docs.push(article(
        1001,
        "Tin ngắn",
        &format!("{filler} Học sinh hòa nhập. {filler}"),
    ));
    docs.push(article(
        1002,
        "Tin ngắn",
        &format!("{filler} Lớp học hòa nhập. {filler}"),
    ));
    docs.push(article(1003, "Hòa nhập", &filler));
    let index = index_with(&docs);
    let got = ids(&index, &query("hòa"));
    assert_eq!(got[0], 1003, "title and exact first: {got:?}");
    let mut next: Vec<i64> = got[1..3].to_vec();
    next.sort();
    assert_eq!(next, vec![1001, 1002], "then exact in the body: {got:?}");
    assert_eq!(index.search(&query("hòa")).unwrap().total, 303);
    // Without diacritics, the flowers come first.
    assert!(ids(&index, &query("hoa"))[0] <= 300);
}

#[test]
fn an_index_being_built_elsewhere_is_not_emptied() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("search");
    let (first, _) = SearchIndex::open(&path).unwrap();
    // A first rebuild in progress (the writer is held, nothing committed yet)…
    let rebuild = first.rebuild().unwrap();
    // … so a second process must not wipe the folder from under it.
    assert!(matches!(
        SearchIndex::open(&path),
        Err(lantoa_search::SearchError::Busy)
    ));
    rebuild.finish(None).unwrap();
    let (_, state) = SearchIndex::open(&path).unwrap();
    assert_eq!(state, OpenState::Ready);
}
