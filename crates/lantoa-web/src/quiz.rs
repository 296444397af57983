//! The interest quiz (`/trac-nghiem-nghe`, docs/adr/0010-interest-quiz.md): one GET form,
//! scored at `/trac-nghiem-nghe/ket-qua?c01=3&…`. Nothing is stored and no cookie is set: the
//! answers live in the results page's address, so it can be bookmarked or shared, and
//! `?ma=RIC` shows the suggestions for a code without the answers.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use lantoa_app::quiz::{self as app_quiz, OccupationMatch, ProgrammeLink};
use lantoa_domain::quiz::{
    self, Answer, InterestCode, Letter, LetterScore, Problem, Profile, Responses, TieBreak,
};

use crate::chrome::Chrome;
use crate::error::AppError;
use crate::forms::{FormErrors, render, render_with};
use crate::{WebState, app_error};

/// Occupations shown as cards; the others are listed under "Các ngành, nghề khác".
const TOP: usize = 8;
/// Query parameters read (a forged query of thousands of fields is cut here).
const MAX_FIELDS: usize = 200;

/// One statement as the form shows it.
pub struct ItemView {
    pub id: &'static str,
    /// 1-based number shown to the person.
    pub number: usize,
    pub text: &'static str,
    /// The value chosen so far ("1", "2", "3").
    pub chosen: Option<&'static str>,
    pub error: Option<&'static str>,
}

/// One part of the form ("Phần 2/6 · câu 9–16").
pub struct PartView {
    pub number: usize,
    pub first: usize,
    pub last: usize,
    pub items: Vec<ItemView>,
}

#[derive(Template)]
#[template(path = "quiz/form.html")]
pub struct QuizPage {
    pub chrome: Chrome,
    pub parts: Vec<PartView>,
    pub part_count: usize,
    pub item_count: usize,
    /// (value, label) of the answer scale.
    pub choices: Vec<(&'static str, &'static str)>,
    pub letters: Vec<LetterView>,
    pub errors: FormErrors,
    /// Items still without an answer (0 on a first visit).
    pub unanswered: usize,
}

/// A letter with its words, and its score when the quiz was taken.
pub struct LetterView {
    pub letter: char,
    pub name: &'static str,
    pub plain: &'static str,
    pub percent: Option<u32>,
}

impl LetterView {
    fn new(letter: Letter, score: Option<&LetterScore>) -> LetterView {
        LetterView {
            letter: letter.as_char(),
            name: letter.name(),
            plain: letter.plain(),
            percent: score.map(LetterScore::percent),
        }
    }
}

const UNANSWERED: &str = "Bạn chưa trả lời câu này.";
const INVALID: &str = "Câu trả lời không hợp lệ, vui lòng chọn lại.";

fn quiz_page(chrome: Chrome, responses: &Responses, extra: Vec<(String, String)>) -> QuizPage {
    let attempted = !responses.is_empty();
    let parts = quiz::parts()
        .map(|(number, items)| {
            let first = (number - 1) * quiz::PART_SIZE + 1;
            PartView {
                number,
                first,
                last: first + items.len() - 1,
                items: items
                    .iter()
                    .enumerate()
                    .map(|(k, item)| {
                        let chosen = responses.get(item.id).map(Answer::value);
                        ItemView {
                            id: item.id,
                            number: first + k,
                            text: item.text,
                            chosen,
                            error: if responses.is_invalid(item.id) {
                                Some(INVALID)
                            } else if attempted && chosen.is_none() {
                                Some(UNANSWERED)
                            } else {
                                None
                            },
                        }
                    })
                    .collect(),
            }
        })
        .collect::<Vec<_>>();
    let mut errors = extra;
    let unanswered: Vec<&ItemView> = parts
        .iter()
        .flat_map(|p| &p.items)
        .filter(|i| i.error == Some(UNANSWERED))
        .collect();
    if let Some(first) = unanswered.first() {
        errors.push((
            format!("{}-1", first.id),
            format!(
                "Bạn còn {} câu chưa trả lời. Những câu bạn đã chọn vẫn được giữ nguyên.",
                unanswered.len()
            ),
        ));
    }
    for i in parts.iter().flat_map(|p| &p.items) {
        if i.error == Some(INVALID) {
            errors.push((
                format!("{}-1", i.id),
                format!(
                    "Câu {}: câu trả lời không hợp lệ, vui lòng chọn lại.",
                    i.number
                ),
            ));
        }
    }
    let unknown: Vec<&str> = responses
        .problems()
        .iter()
        .filter_map(|p| match p {
            Problem::UnknownItem(id) => Some(id.as_str()),
            Problem::InvalidAnswer(_) => None,
        })
        .collect();
    if !unknown.is_empty() {
        errors.push((
            "phan-1".to_owned(),
            format!(
                "Đường dẫn có câu hỏi không thuộc bài trắc nghiệm ({}); phần này đã được bỏ qua. Hãy kiểm tra các câu trả lời rồi bấm “Xem kết quả”.",
                unknown.join(", ")
            ),
        ));
    }
    QuizPage {
        chrome: chrome.crumb("Trắc nghiệm sở thích nghề nghiệp", None),
        unanswered: unanswered.len(),
        parts,
        part_count: quiz::part_count(),
        item_count: quiz::ITEMS.len(),
        choices: Answer::ALL.iter().map(|a| (a.value(), a.label())).collect(),
        letters: Letter::ALL
            .iter()
            .map(|l| LetterView::new(*l, None))
            .collect(),
        errors: FormErrors(errors),
    }
}

/// `GET /trac-nghiem-nghe`: what the quiz is, and the form.
pub async fn form(chrome: Chrome) -> Result<Response, AppError> {
    render(&quiz_page(chrome, &Responses::default(), Vec::new()))
}

/// An occupation that fits, as the results show it.
pub struct MatchView {
    pub name: String,
    pub group: String,
    pub strength: &'static str,
    pub strong: bool,
    pub reason: String,
    pub also: String,
    /// The shared letters, "R, I, C".
    pub shared: String,
    /// (href, level label, code) per level.
    pub levels: Vec<(String, &'static str, String)>,
}

impl MatchView {
    fn new(m: &OccupationMatch) -> MatchView {
        MatchView {
            name: m.name.clone(),
            group: m.group.clone(),
            strength: m.fit.strength().label(),
            strong: m.fit.strength() == quiz::Strength::Strong,
            reason: m.fit.reason(),
            also: m.fit.also_text(),
            shared: m
                .fit
                .shared
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
            levels: m
                .levels
                .iter()
                .map(|l| {
                    (
                        format!("/nganh-nghe/{}", l.slug),
                        l.level.label(),
                        l.code.clone(),
                    )
                })
                .collect(),
        }
    }

    /// Where the card's title links: the highest level's page (the others are listed).
    pub fn href(&self) -> &str {
        self.levels.last().map_or("/nganh-nghe", |l| l.0.as_str())
    }
}

/// Programmes of one matched occupation ("Học ở đâu").
pub struct TaughtView {
    pub occupation: String,
    pub programmes: Vec<ProgrammeLink>,
}

#[derive(Template)]
#[template(path = "quiz/results.html")]
pub struct ResultsPage {
    pub chrome: Chrome,
    pub code: String,
    /// The code's three letters, strongest first.
    pub code_letters: Vec<LetterView>,
    /// All six with scores, strongest first; empty when only a code was given (`?ma=`).
    pub scores: Vec<LetterView>,
    pub flat: bool,
    /// The tie at the edge of the code, in words.
    pub tie: Option<String>,
    pub top: Vec<MatchView>,
    pub more: Vec<MatchView>,
    pub taught: Vec<TaughtView>,
    /// The address that shows these suggestions without the answers.
    pub share_href: String,
}

fn tie_text(p: &Profile) -> Option<String> {
    let t = p.boundary_tie?;
    let how = match t.by {
        TieBreak::Likes => format!(
            "nhóm {} được chọn vì bạn trả lời “Rất thích” ở nhóm này nhiều hơn",
            t.kept
        ),
        TieBreak::Order => format!(
            "nhóm {} được chọn theo thứ tự quy ước R, I, A, S, E, C",
            t.kept
        ),
    };
    Some(format!(
        "Điểm của nhóm {} và nhóm {} bằng nhau; {how}. Bạn cũng nên xem các ngành, nghề của nhóm {}.",
        t.kept, t.left_out, t.left_out
    ))
}

/// The query as (name, value) pairs, at most [`MAX_FIELDS`].
#[derive(Debug, Default, serde::Deserialize)]
#[serde(transparent)]
pub struct Fields(Vec<(String, String)>);

/// `GET /trac-nghiem-nghe/ket-qua`: the code, what its letters mean, the occupations that
/// fit and why, where they are taught, and the way to apply. Missing or forged answers bring
/// the form back (422) with what was chosen.
pub async fn results(
    State(state): State<WebState>,
    chrome: Chrome,
    Query(Fields(fields)): Query<Fields>,
) -> Result<Response, AppError> {
    let fields = &fields[..fields.len().min(MAX_FIELDS)];
    let responses = Responses::read(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let ma = fields
        .iter()
        .find(|(k, _)| k == "ma")
        .map(|(_, v)| v.trim());
    let (code, profile) = if responses.is_empty() {
        match ma {
            None | Some("") => return Ok(Redirect::to("/trac-nghiem-nghe").into_response()),
            Some(m) => match InterestCode::parse(m) {
                Some(code) => (code, None),
                None => {
                    let shown: String = m.chars().take(12).collect();
                    let message = format!(
                        "Mã sở thích “{shown}” không hợp lệ: mã gồm ba chữ khác nhau trong R, I, A, S, E, C, ví dụ RIC. Hãy làm bài trắc nghiệm để biết mã của bạn."
                    );
                    return render_with(
                        StatusCode::UNPROCESSABLE_ENTITY,
                        &quiz_page(chrome, &responses, vec![("phan-1".to_owned(), message)]),
                    );
                }
            },
        }
    } else {
        match responses.profile() {
            Some(p) => (p.code, Some(p)),
            None => {
                return render_with(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    &quiz_page(chrome, &responses, Vec::new()),
                );
            }
        }
    };
    let (matches, programmes) = state
        .app
        .run(move |app, conn| {
            let matches = app_quiz::matches(conn, &code)?;
            let ids: Vec<i64> = matches
                .iter()
                .take(TOP)
                .flat_map(|m| m.levels.iter().map(|l| l.occupation_id))
                .collect();
            let programmes = app_quiz::where_taught(conn, app.clock.today(), &ids)?;
            Ok((matches, programmes))
        })
        .await
        .map_err(app_error)?;
    let taught = matches
        .iter()
        .take(TOP)
        .map(|m| TaughtView {
            occupation: m.name.clone(),
            programmes: programmes
                .iter()
                .filter(|p| m.levels.iter().any(|l| l.occupation_id == p.occupation_id))
                .cloned()
                .collect(),
        })
        .filter(|t| !t.programmes.is_empty())
        .collect();
    let views: Vec<MatchView> = matches.iter().map(MatchView::new).collect();
    let (top, more) = if views.len() > TOP {
        let mut top = views;
        let more = top.split_off(TOP);
        (top, more)
    } else {
        (views, Vec::new())
    };
    let code_text = code.to_string();
    let chrome = chrome
        .crumb(
            "Trắc nghiệm sở thích nghề nghiệp",
            Some("/trac-nghiem-nghe"),
        )
        .crumb("Kết quả", None);
    render(&ResultsPage {
        chrome,
        code_letters: code
            .letters()
            .iter()
            .map(|l| LetterView::new(*l, profile.as_ref().map(|p| p.score_of(*l))))
            .collect(),
        scores: profile
            .as_ref()
            .map(|p| {
                p.ranked()
                    .iter()
                    .map(|s| LetterView::new(s.letter, Some(s)))
                    .collect()
            })
            .unwrap_or_default(),
        flat: profile.as_ref().is_some_and(|p| p.flat),
        tie: profile.as_ref().and_then(tie_text),
        top,
        more,
        taught,
        share_href: format!("/trac-nghiem-nghe/ket-qua?ma={code_text}"),
        code: code_text,
    })
}
