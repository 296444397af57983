use axum::http::StatusCode;
use lantoa_domain::quiz::{ITEMS, Letter};
use lantoa_store::both_engines;

use super::support::site;

/// The results address for answers given per letter (1 Không thích, 2 Bình thường, 3 Rất thích).
fn answers(value: impl Fn(Letter) -> &'static str) -> Vec<(String, String)> {
    ITEMS
        .iter()
        .map(|i| (i.id.to_owned(), value(i.letter).to_owned()))
        .collect()
}

fn url(fields: &[(String, String)]) -> String {
    let q: Vec<String> = fields.iter().map(|(k, v)| format!("{k}={v}")).collect();
    format!("/trac-nghiem-nghe/ket-qua?{}", q.join("&"))
}

/// Someone who loves hands-on work, likes finding out why, and keeps things in order.
fn ric(l: Letter) -> &'static str {
    match l {
        Letter::R => "3",
        Letter::I | Letter::C => "2",
        _ => "1",
    }
}

both_engines!(async fn a_completed_quiz_gives_a_code_its_meaning_and_occupations_with_reasons(db) {
    let s = site(db).await;
    let mut b = s.browser();
    let r = b.get("/trac-nghiem-nghe").await;
    assert_eq!(r.status, StatusCode::OK);
    for text in ["<h1>Trắc nghiệm sở thích nghề nghiệp</h1>", "Phần 1/6", "Phần 6/6", "Câu 48.", "method=\"get\" action=\"/trac-nghiem-nghe/ket-qua\"", "Không cần tài khoản", "Rất thích"] {
        assert!(r.body.contains(text), "missing {text:?}");
    }
    assert_eq!(r.body.matches("type=\"radio\"").count(), 48 * 3);
    assert_eq!(r.body.matches("<legend>").count(), 48, "every radio group has a legend");
    assert!(!r.body.contains("field__error"), "no messages before an attempt");

    let r = b.get(&url(&answers(ric))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // I and C tie on points and "Rất thích" answers: I comes first by the R I A S E C order.
    assert!(r.body.contains("Mã sở thích nghề nghiệp của bạn: <span class=\"quiz-code\">RIC</span>"), "{}", r.body);
    assert!(r.body.contains("Kỹ thuật, thực hành") && r.body.contains("Bạn thích làm bằng tay"));
    assert!(r.body.contains("Điểm: 100%") && r.body.contains("Điểm: 50%"));
    assert!(r.body.contains("name=\"robots\" content=\"noindex\""));
    // No cookie carries anything of the quiz (the site's anonymous CSRF cookie came with the first page).
    assert!(r.headers.get("set-cookie").is_none(), "nothing about the person is kept");
    // The best fits first, each with its reason and links to its levels.
    let dien = r.body.find("Điện dân dụng").expect("a RIC occupation is suggested");
    let ke_toan = r.body.find(">Kế toán<").expect("a C-led occupation is suggested lower");
    assert!(dien < ke_toan);
    assert!(r.body.contains("Phù hợp vì bạn thích làm việc với máy móc, dụng cụ (R), tìm hiểu, giải quyết vấn đề (I) và làm việc ngăn nắp, theo quy trình (C)."));
    assert!(r.body.contains("href=\"/nganh-nghe/dien-cong-nghiep-cao-dang\""));
    assert!(r.body.contains("Rất phù hợp"));
    assert!(!r.body.contains("Công tác xã hội"), "SEA shares nothing with RIC");
    // Where the suggested occupations are taught, with the demo's programmes.
    assert!(r.body.contains("Học ở đâu"));
    assert!(r.body.contains("href=\"/chuong-trinh/"), "programmes of the suggested occupations are linked");
    assert!(r.body.contains("href=\"/chuong-trinh\""));
    assert!(r.body.contains("href=\"/trac-nghiem-nghe/ket-qua?ma=RIC\""));

    // The shared address shows the same suggestions without scores.
    let shared = b.get("/trac-nghiem-nghe/ket-qua?ma=ric").await;
    assert_eq!(shared.status, StatusCode::OK);
    assert!(shared.body.contains("Ngành, nghề phù hợp với mã sở thích RIC") && !shared.body.contains("Điểm: "));
    assert!(shared.body.contains("Điện dân dụng"));

    // A social, enterprising person is led to social work first.
    let sea = answers(|l| match l { Letter::S => "3", Letter::E => "3", Letter::A => "2", _ => "1" });
    let r = b.get(&url(&sea)).await;
    assert!(r.body.contains(">SEA</span>"), "{}", r.body);
    let first_card = r.body.find("class=\"card__title\"><a").unwrap();
    assert!(r.body[first_card..].starts_with("class=\"card__title\"><a href=\"/nganh-nghe/cong-tac-xa-hoi-cao-dang\">Công tác xã hội</a>"), "{}", &r.body[first_card..first_card + 200]);

    // The quiz is reachable from the home page and the occupations list.
    assert!(b.get("/").await.body.contains("href=\"/trac-nghiem-nghe\""));
    assert!(b.get("/nganh-nghe").await.body.contains("href=\"/trac-nghiem-nghe\""));
});

both_engines!(async fn ties_and_flat_answers_are_explained(db) {
    let s = site(db).await;
    let mut b = s.browser();
    let r = b.get(&url(&answers(|_| "1"))).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains(">RIA</span>") && r.body.contains("Điểm sáu nhóm của bạn bằng nhau"), "{}", r.body);
    let r = b.get(&url(&answers(ric))).await;
    assert!(!r.body.contains("bằng nhau"), "RIC has no tie at its edge (A scores 0)");
    // R loved, I/A/S liked equally: S is left out by the conventional order, and the page says so.
    let r = b.get(&url(&answers(|l| match l { Letter::R => "3", Letter::I | Letter::A | Letter::S => "2", _ => "1" })))
        .await;
    assert!(r.body.contains(">RIA</span>"));
    assert!(r.body.contains("Điểm của nhóm A và nhóm S bằng nhau; nhóm A được chọn theo thứ tự quy ước R, I, A, S, E, C."), "{}", r.body);
});

both_engines!(async fn missing_answers_bring_the_form_back_with_the_answers_kept(db) {
    let s = site(db).await;
    let mut b = s.browser();
    let mut fields = answers(ric);
    fields.retain(|(k, _)| !["c05", "c17", "c48"].contains(&k.as_str()));
    let r = b.get(&url(&fields)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Bạn còn 3 câu chưa trả lời."), "{}", r.body);
    assert!(r.body.contains("href=\"#c05-1\""), "the summary leads to the first unanswered item");
    assert_eq!(r.body.matches("Bạn chưa trả lời câu này.").count(), 3);
    assert!(r.body.contains("aria-describedby=\"c17-error\""));
    // What was chosen is still chosen: c01 is an R item answered 3.
    assert!(r.body.contains("id=\"c01-3\" name=\"c01\" value=\"3\" checked"), "{}", r.body);
    assert_eq!(r.body.matches(" checked>").count(), 45);
    // Opening the results without any answer is just the quiz.
    let r = b.get("/trac-nghiem-nghe/ket-qua").await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/trac-nghiem-nghe"));
});

both_engines!(async fn forged_answers_get_a_clear_message_not_an_error(db) {
    let s = site(db).await;
    let mut b = s.browser();
    let mut fields = answers(ric);
    fields[0].1 = "9".into();
    fields.push(("c99".into(), "3".into()));
    fields.push(("utm_source".into(), "zalo".into()));
    let r = b.get(&url(&fields)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Câu 1: câu trả lời không hợp lệ, vui lòng chọn lại."), "{}", r.body);
    assert!(r.body.contains("Đường dẫn có câu hỏi không thuộc bài trắc nghiệm (c99)"));
    assert!(!r.body.contains("Bạn còn"), "nothing else is missing");
    assert_eq!(r.body.matches(" checked>").count(), 47);
    // A made-up code, junk and a very long query: messages or the form, never a 500.
    let r = b.get("/trac-nghiem-nghe/ket-qua?ma=XYZ").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Mã sở thích “XYZ” không hợp lệ"));
    for path in [
        "/trac-nghiem-nghe/ket-qua?c01=%FF%FE&ma=%00".to_owned(),
        "/trac-nghiem-nghe/ket-qua?c01=1&c01=3".to_owned(),
        format!("/trac-nghiem-nghe/ket-qua?{}", (0..3000).map(|n| format!("c{n}=1")).collect::<Vec<_>>().join("&")),
    ] {
        let r = b.get(&path).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", &path[..60.min(path.len())]);
        assert!(r.body.contains("Vui lòng kiểm tra lại thông tin"));
    }
});
