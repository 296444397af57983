//! The interest quiz (trắc nghiệm sở thích nghề nghiệp) for learners aged 14–18 and adult
//! workers: Holland's six interest types (RIASEC), 48 short activity statements written for
//! lantoa in Vietnamese (not taken from any published instrument; docs/adr/0010-interest-quiz.md),
//! the scorer that turns answers into a three-letter code, and how well an occupation's
//! letters fit that code, with the reason in words.
//!
//! Scoring rules (the ADR has the reasoning):
//! - every item is answered on a 3-point scale: Không thích = 0, Bình thường = 1, Rất thích = 2
//!   points;
//! - a letter's score is its points divided by the most it could have (2 × its answered items),
//!   so letters with different item counts compare fairly;
//! - the code is the three best letters, best first; ties are broken by (1) the share of
//!   "Rất thích" answers of the letter, then (2) the fixed order R, I, A, S, E, C;
//! - nothing depends on the order in which the items were shown or answered.

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fmt;

/// One of Holland's six interest types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Letter {
    R,
    I,
    A,
    S,
    E,
    C,
}

impl Letter {
    /// In the conventional order, which is also the last tie-break.
    pub const ALL: [Letter; 6] = [
        Letter::R,
        Letter::I,
        Letter::A,
        Letter::S,
        Letter::E,
        Letter::C,
    ];

    pub fn as_char(self) -> char {
        match self {
            Letter::R => 'R',
            Letter::I => 'I',
            Letter::A => 'A',
            Letter::S => 'S',
            Letter::E => 'E',
            Letter::C => 'C',
        }
    }

    /// Reads one letter, upper or lower case.
    pub fn from_char(c: char) -> Option<Letter> {
        Letter::ALL
            .into_iter()
            .find(|l| l.as_char() == c.to_ascii_uppercase())
    }

    /// Position in [`Letter::ALL`].
    pub fn index(self) -> usize {
        match self {
            Letter::R => 0,
            Letter::I => 1,
            Letter::A => 2,
            Letter::S => 3,
            Letter::E => 4,
            Letter::C => 5,
        }
    }

    /// The type's Vietnamese name (as the occupation pages write it).
    pub fn name(self) -> &'static str {
        match self {
            Letter::R => "Kỹ thuật, thực hành",
            Letter::I => "Nghiên cứu, tìm tòi",
            Letter::A => "Nghệ thuật, sáng tạo",
            Letter::S => "Xã hội, giúp đỡ người khác",
            Letter::E => "Quản lý, kinh doanh",
            Letter::C => "Nghiệp vụ, quy trình",
        }
    }

    /// What someone of this type likes, to follow "bạn thích …" in a reason.
    pub fn likes(self) -> &'static str {
        match self {
            Letter::R => "làm việc với máy móc, dụng cụ",
            Letter::I => "tìm hiểu, giải quyết vấn đề",
            Letter::A => "sáng tạo, thể hiện ý tưởng",
            Letter::S => "giúp đỡ, chăm sóc người khác",
            Letter::E => "thuyết phục, kinh doanh, dẫn dắt",
            Letter::C => "làm việc ngăn nắp, theo quy trình",
        }
    }

    /// The type in plain words for a 15-year-old.
    pub fn plain(self) -> &'static str {
        match self {
            Letter::R => {
                "Bạn thích làm bằng tay và thấy ngay kết quả: sửa xe, lắp điện, trồng trọt, nuôi tôm cá, lái máy móc. Bạn thường thích bắt tay vào làm hơn là ngồi bàn."
            }
            Letter::I => {
                "Bạn tò mò, hay hỏi “vì sao?”. Bạn thích quan sát, tính toán, thử nghiệm để tìm ra nguyên nhân và cách giải quyết."
            }
            Letter::A => {
                "Bạn có nhiều ý tưởng và thích làm ra cái mới, cái đẹp: vẽ, hát, chụp ảnh, thiết kế, may mặc, bày món ăn."
            }
            Letter::S => {
                "Bạn thích ở gần mọi người: lắng nghe, giúp đỡ, chăm sóc và chỉ bảo người khác. Mọi người thấy dễ nói chuyện với bạn."
            }
            Letter::E => {
                "Bạn mạnh dạn, thích thuyết phục, buôn bán, tổ chức công việc và đứng ra dẫn dắt cả nhóm đạt mục tiêu."
            }
            Letter::C => {
                "Bạn cẩn thận, ngăn nắp, thích làm đúng quy trình: ghi chép, sắp xếp, tính toán sổ sách, kiểm tra từng chi tiết."
            }
        }
    }
}

impl fmt::Display for Letter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.as_char())
    }
}

/// A person's interest code: three distinct letters, strongest first ("RIC").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct InterestCode([Letter; 3]);

impl InterestCode {
    /// Three distinct letters in any case ("ric"); anything else is `None`.
    pub fn parse(input: &str) -> Option<InterestCode> {
        let letters: Vec<Letter> = input
            .trim()
            .chars()
            .map(Letter::from_char)
            .collect::<Option<_>>()?;
        match letters.as_slice() {
            [a, b, c] if a != b && b != c && a != c => Some(InterestCode([*a, *b, *c])),
            _ => None,
        }
    }

    pub fn letters(&self) -> [Letter; 3] {
        self.0
    }
}

impl fmt::Display for InterestCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for l in self.0 {
            write!(f, "{l}")?;
        }
        Ok(())
    }
}

/// An answer on the 3-point scale; the form sends 1, 2 or 3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Answer {
    Dislike,
    Neutral,
    Like,
}

impl Answer {
    pub const ALL: [Answer; 3] = [Answer::Dislike, Answer::Neutral, Answer::Like];

    /// The value the form sends.
    pub fn value(self) -> &'static str {
        match self {
            Answer::Dislike => "1",
            Answer::Neutral => "2",
            Answer::Like => "3",
        }
    }

    pub fn from_value(v: &str) -> Option<Answer> {
        Answer::ALL.into_iter().find(|a| a.value() == v.trim())
    }

    pub fn label(self) -> &'static str {
        match self {
            Answer::Dislike => "Không thích",
            Answer::Neutral => "Bình thường",
            Answer::Like => "Rất thích",
        }
    }

    /// Points towards the item's letter.
    pub fn points(self) -> u32 {
        match self {
            Answer::Dislike => 0,
            Answer::Neutral => 1,
            Answer::Like => 2,
        }
    }
}

/// Most points one answer can give.
pub const MAX_POINTS_PER_ITEM: u32 = 2;

/// One statement of the quiz. `id` is the form field name; an id is never reused for a
/// different statement, so a bookmarked result keeps its meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Item {
    pub id: &'static str,
    pub letter: Letter,
    pub text: &'static str,
}

/// Items per part of the form ("Phần 2/6").
pub const PART_SIZE: usize = 8;

/// The parts of the form: (1-based number, items).
pub fn parts() -> impl Iterator<Item = (usize, &'static [Item])> {
    ITEMS.chunks(PART_SIZE).enumerate().map(|(i, c)| (i + 1, c))
}

pub fn part_count() -> usize {
    ITEMS.len().div_ceil(PART_SIZE)
}

/// The item with this id.
pub fn item(id: &str) -> Option<&'static Item> {
    ITEMS.iter().find(|i| i.id == id)
}

/// The 48 statements, 8 per letter, in the order they are shown: each run of six holds one
/// of each letter, in a different order every time, so no pattern shows.
pub const ITEMS: [Item; 48] = [
    Item {
        id: "c01",
        letter: Letter::R,
        text: "Sửa xe máy: thay bugi, vá săm, chỉnh lại thắng (phanh) cho xe trong nhà.",
    },
    Item {
        id: "c02",
        letter: Letter::I,
        text: "Tìm hiểu vì sao tôm nuôi bị bệnh và nghĩ cách phòng bệnh.",
    },
    Item {
        id: "c03",
        letter: Letter::A,
        text: "Vẽ tranh, vẽ kiểu, trang trí lớp học, nhà cửa hay quầy hàng.",
    },
    Item {
        id: "c04",
        letter: Letter::S,
        text: "Chăm sóc ông bà, người già hay người ốm trong nhà, trong xóm.",
    },
    Item {
        id: "c05",
        letter: Letter::E,
        text: "Bán hàng trên mạng: đăng bài, trả lời khách, chốt đơn qua Facebook, Zalo.",
    },
    Item {
        id: "c06",
        letter: Letter::C,
        text: "Ghi chép thu chi, giữ sổ sách gọn gàng cho gia đình hay cửa hàng.",
    },
    Item {
        id: "c07",
        letter: Letter::S,
        text: "Chỉ bài cho bạn bè, em nhỏ hoặc chỉ việc cho người mới vào làm.",
    },
    Item {
        id: "c08",
        letter: Letter::C,
        text: "Nhập số liệu vào máy tính, bảng tính cho đúng và đủ.",
    },
    Item {
        id: "c09",
        letter: Letter::R,
        text: "Lắp ổ cắm, thay bóng đèn, sửa quạt máy hay nồi cơm điện bị hỏng.",
    },
    Item {
        id: "c10",
        letter: Letter::E,
        text: "Thuyết phục người khác đồng ý với ý kiến hay kế hoạch của mình.",
    },
    Item {
        id: "c11",
        letter: Letter::I,
        text: "Đo độ mặn, độ pH của nước ao rồi ghi lại để so sánh từng ngày.",
    },
    Item {
        id: "c12",
        letter: Letter::A,
        text: "Chụp ảnh, quay và dựng video ngắn về cảnh đẹp quê mình như Phú Quốc, Hà Tiên.",
    },
    Item {
        id: "c13",
        letter: Letter::E,
        text: "Tự mở một quán nhỏ, một tiệm sửa xe hay một cơ sở làm ăn của riêng mình.",
    },
    Item {
        id: "c14",
        letter: Letter::A,
        text: "Hát, đàn, múa hay biểu diễn đờn ca tài tử, văn nghệ trước mọi người.",
    },
    Item {
        id: "c15",
        letter: Letter::I,
        text: "Xem video, đọc tài liệu giải thích một động cơ hay một chiếc điện thoại hoạt động ra sao.",
    },
    Item {
        id: "c16",
        letter: Letter::C,
        text: "Sắp xếp giấy tờ, hồ sơ hay hàng hóa trong kho theo thứ tự.",
    },
    Item {
        id: "c17",
        letter: Letter::R,
        text: "Cho tôm, cá ăn, dọn ao nuôi và chăm sóc gà vịt, heo bò.",
    },
    Item {
        id: "c18",
        letter: Letter::S,
        text: "Lắng nghe và an ủi khi ai đó buồn hay gặp chuyện khó.",
    },
    Item {
        id: "c19",
        letter: Letter::I,
        text: "Giải những bài toán, câu đố phải suy nghĩ lâu mới ra.",
    },
    Item {
        id: "c20",
        letter: Letter::S,
        text: "Tham gia hoạt động tình nguyện, từ thiện, đoàn thanh niên ở địa phương.",
    },
    Item {
        id: "c21",
        letter: Letter::C,
        text: "Kiểm tra kỹ từng con số trên hóa đơn, phiếu giao hàng để không sai sót.",
    },
    Item {
        id: "c22",
        letter: Letter::R,
        text: "Sửa lưới, bảo dưỡng máy ghe, máy tàu trước chuyến đi biển.",
    },
    Item {
        id: "c23",
        letter: Letter::A,
        text: "Viết truyện, làm thơ hay viết lời giới thiệu thật hấp dẫn.",
    },
    Item {
        id: "c24",
        letter: Letter::E,
        text: "Làm lớp trưởng, tổ trưởng, nhóm trưởng: chia việc và đôn đốc mọi người.",
    },
    Item {
        id: "c25",
        letter: Letter::C,
        text: "Làm việc theo một quy trình rõ ràng, có hướng dẫn từng bước.",
    },
    Item {
        id: "c26",
        letter: Letter::R,
        text: "Đóng kệ, làm hàng rào, hàn khung sắt hay lợp lại mái nhà.",
    },
    Item {
        id: "c27",
        letter: Letter::E,
        text: "Trả giá, thương lượng khi mua bán hàng hóa, thu mua lúa, hải sản.",
    },
    Item {
        id: "c28",
        letter: Letter::A,
        text: "May, thêu, đan hoặc tự nghĩ ra kiểu quần áo mới.",
    },
    Item {
        id: "c29",
        letter: Letter::S,
        text: "Đón tiếp, hướng dẫn khách du lịch, giúp họ đi lại, ăn ở thuận tiện.",
    },
    Item {
        id: "c30",
        letter: Letter::I,
        text: "Thử một cách làm mới (giống lúa, loại phân, công thức thức ăn) rồi so sánh kết quả.",
    },
    Item {
        id: "c31",
        letter: Letter::A,
        text: "Sáng tạo món ăn mới và bày món ăn sao cho đẹp mắt.",
    },
    Item {
        id: "c32",
        letter: Letter::E,
        text: "Đứng ra tổ chức ngày hội, buổi liên hoan hay chuyến đi chơi cho cả nhóm.",
    },
    Item {
        id: "c33",
        letter: Letter::S,
        text: "Trông, chơi và dạy trẻ nhỏ.",
    },
    Item {
        id: "c34",
        letter: Letter::I,
        text: "Tìm ra chỗ hỏng khi máy tính, điện thoại hay mạng internet bị lỗi.",
    },
    Item {
        id: "c35",
        letter: Letter::C,
        text: "Lập lịch làm việc, lịch học rồi làm đúng theo lịch.",
    },
    Item {
        id: "c36",
        letter: Letter::R,
        text: "Làm đất, gieo sạ, bón phân, chăm ruộng lúa hay vườn rau.",
    },
    Item {
        id: "c37",
        letter: Letter::R,
        text: "Lái và vận hành máy móc như máy cày, máy gặt, máy bơm nước.",
    },
    Item {
        id: "c38",
        letter: Letter::C,
        text: "Tính tiền, đếm và đối chiếu tiền cuối ngày ở quầy hàng.",
    },
    Item {
        id: "c39",
        letter: Letter::I,
        text: "Theo dõi thời tiết, con nước, gió mùa để biết lúc nào ra khơi an toàn.",
    },
    Item {
        id: "c40",
        letter: Letter::S,
        text: "Giúp hai người đang giận nhau nói chuyện và làm hòa.",
    },
    Item {
        id: "c41",
        letter: Letter::E,
        text: "Tìm cách để một cửa hàng hay một nhà nghỉ homestay có thêm khách.",
    },
    Item {
        id: "c42",
        letter: Letter::A,
        text: "Thiết kế logo, tờ rơi, hình quảng cáo trên máy tính hay điện thoại.",
    },
    Item {
        id: "c43",
        letter: Letter::S,
        text: "Sơ cứu, băng bó vết thương, nhắc người khác giữ gìn sức khỏe.",
    },
    Item {
        id: "c44",
        letter: Letter::I,
        text: "Tìm hiểu cơ thể người, các loại thuốc và cách chúng tác động.",
    },
    Item {
        id: "c45",
        letter: Letter::E,
        text: "Nói trước đông người để giới thiệu một sản phẩm hay một ý tưởng.",
    },
    Item {
        id: "c46",
        letter: Letter::A,
        text: "Làm đồ thủ công, đồ lưu niệm từ vỏ sò, tre, lục bình.",
    },
    Item {
        id: "c47",
        letter: Letter::C,
        text: "Soạn văn bản, điền biểu mẫu, giấy tờ đúng quy định.",
    },
    Item {
        id: "c48",
        letter: Letter::R,
        text: "Tháo một món đồ ra rồi lắp lại cho chạy được, như xe đạp hay máy bơm.",
    },
];

/// A field name that looks like an item id (`c` and digits), known or not. Anything else in
/// the query (`utm_source`, `fbclid` added by a share) is not the quiz's business.
fn looks_like_item(key: &str) -> bool {
    key.len() <= 8
        && key
            .strip_prefix('c')
            .is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()))
}

/// Something wrong in a submitted form that a person did not cause by leaving an item out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A field named like an item that the quiz does not have (e.g. `c99`).
    UnknownItem(String),
    /// A known item with a value that is not 1, 2 or 3, or two different values.
    InvalidAnswer(&'static str),
}

/// What a submitted form said: the valid answers, and what was wrong.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Responses {
    answers: BTreeMap<&'static str, Answer>,
    problems: Vec<Problem>,
}

impl Responses {
    /// Reads the form's fields. Fields that do not look like items are ignored; an item with
    /// a bad value (or two different values) is left unanswered and reported; unknown items
    /// are reported (at most 10, so a forged query cannot make the page long).
    pub fn read<'a>(fields: impl IntoIterator<Item = (&'a str, &'a str)>) -> Responses {
        let mut r = Responses::default();
        let mut invalid: Vec<&'static str> = Vec::new();
        for (key, value) in fields {
            let key = key.trim();
            if !looks_like_item(key) {
                continue;
            }
            let Some(item) = item(key) else {
                let unknown = Problem::UnknownItem(key.to_owned());
                if r.problems.len() < 10 && !r.problems.contains(&unknown) {
                    r.problems.push(unknown);
                }
                continue;
            };
            match Answer::from_value(value) {
                Some(a) if !invalid.contains(&item.id) => {
                    if let Some(before) = r.answers.insert(item.id, a)
                        && before != a
                    {
                        r.answers.remove(item.id);
                        invalid.push(item.id);
                    }
                }
                Some(_) => {}
                None => {
                    r.answers.remove(item.id);
                    if !invalid.contains(&item.id) {
                        invalid.push(item.id);
                    }
                }
            }
        }
        r.problems.extend(
            ITEMS
                .iter()
                .filter(|i| invalid.contains(&i.id))
                .map(|i| Problem::InvalidAnswer(i.id)),
        );
        r
    }

    /// Whether any field looked like an item at all (an empty form is not an attempt).
    pub fn is_empty(&self) -> bool {
        self.answers.is_empty() && self.problems.is_empty()
    }

    pub fn get(&self, id: &str) -> Option<Answer> {
        self.answers.get(id).copied()
    }

    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// Whether this item's value was refused.
    pub fn is_invalid(&self, id: &str) -> bool {
        self.problems
            .iter()
            .any(|p| matches!(p, Problem::InvalidAnswer(i) if *i == id))
    }

    /// Items without a valid answer, in the order they are shown.
    pub fn missing(&self) -> Vec<&'static Item> {
        ITEMS
            .iter()
            .filter(|i| !self.answers.contains_key(i.id))
            .collect()
    }

    /// The profile, when every item has a valid answer and nothing was forged.
    pub fn profile(&self) -> Option<Profile> {
        if !self.problems.is_empty() || !self.missing().is_empty() {
            return None;
        }
        Some(score(ITEMS.iter().filter_map(|i| {
            self.answers.get(i.id).map(|a| (i.letter, *a))
        })))
    }
}

/// One letter's result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LetterScore {
    pub letter: Letter,
    /// Answered items of this letter.
    pub items: u32,
    pub points: u32,
    /// Items answered "Rất thích".
    pub likes: u32,
}

impl LetterScore {
    fn new(letter: Letter) -> LetterScore {
        LetterScore {
            letter,
            items: 0,
            points: 0,
            likes: 0,
        }
    }

    /// The most points this letter could have had (never 0, so it can divide).
    fn max(&self) -> u32 {
        (self.items * MAX_POINTS_PER_ITEM).max(1)
    }

    /// The normalised score as a whole percentage (0–100), rounded half up.
    pub fn percent(&self) -> u32 {
        (200 * self.points + self.max()) / (2 * self.max())
    }

    /// Compares normalised scores exactly (cross-multiplied, no floating point).
    fn cmp_score(&self, other: &LetterScore) -> Ordering {
        (u64::from(self.points) * u64::from(other.max()))
            .cmp(&(u64::from(other.points) * u64::from(self.max())))
    }

    /// Compares the share of "Rất thích" answers.
    fn cmp_likes(&self, other: &LetterScore) -> Ordering {
        (u64::from(self.likes) * u64::from(other.items.max(1)))
            .cmp(&(u64::from(other.likes) * u64::from(self.items.max(1))))
    }

    /// Strongest first: score, then share of "Rất thích", then R, I, A, S, E, C.
    fn rank(&self, other: &LetterScore) -> Ordering {
        other
            .cmp_score(self)
            .then_with(|| other.cmp_likes(self))
            .then_with(|| self.letter.cmp(&other.letter))
    }
}

/// How a tie between the third and fourth letters was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TieBreak {
    /// The letter in the code had more "Rất thích" answers.
    Likes,
    /// Everything was equal: the conventional order R, I, A, S, E, C decided.
    Order,
}

/// A tie at the edge of the code: `kept` is in the code, `left_out` has the same score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BoundaryTie {
    pub kept: Letter,
    pub left_out: Letter,
    pub by: TieBreak,
}

/// The result of a completed quiz.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    /// In the order R, I, A, S, E, C.
    pub scores: [LetterScore; 6],
    /// All six letters, strongest first.
    pub ranking: [Letter; 6],
    pub code: InterestCode,
    /// The third and fourth letters scored the same.
    pub boundary_tie: Option<BoundaryTie>,
    /// Every letter scored the same (e.g. all "Không thích"): the code says little.
    pub flat: bool,
}

impl Profile {
    pub fn score_of(&self, letter: Letter) -> &LetterScore {
        &self.scores[letter.index()]
    }

    /// Scores strongest first.
    pub fn ranked(&self) -> Vec<LetterScore> {
        self.ranking.iter().map(|l| *self.score_of(*l)).collect()
    }
}

/// Scores answers given as (letter, answer) pairs, in any order.
pub fn score(responses: impl IntoIterator<Item = (Letter, Answer)>) -> Profile {
    let mut scores = Letter::ALL.map(LetterScore::new);
    for (letter, answer) in responses {
        let s = &mut scores[letter.index()];
        s.items += 1;
        s.points += answer.points();
        if answer == Answer::Like {
            s.likes += 1;
        }
    }
    let mut ranked = scores;
    ranked.sort_by(LetterScore::rank);
    let ranking = ranked.map(|s| s.letter);
    let code = InterestCode([ranking[0], ranking[1], ranking[2]]);
    let (third, fourth) = (ranked[2], ranked[3]);
    let boundary_tie = (third.cmp_score(&fourth) == Ordering::Equal).then(|| BoundaryTie {
        kept: third.letter,
        left_out: fourth.letter,
        by: if third.cmp_likes(&fourth) == Ordering::Equal {
            TieBreak::Order
        } else {
            TieBreak::Likes
        },
    });
    let flat = ranked[0].cmp_score(&ranked[5]) == Ordering::Equal;
    Profile {
        scores,
        ranking,
        code,
        boundary_tie,
        flat,
    }
}

/// The most fit points an occupation can have (the same three letters in the same order).
pub const MAX_FIT: u32 = 14;

/// Weight of a letter's place in a code: first 3, second 2, third 1, beyond 0.
fn weight(position: usize) -> u32 {
    match position {
        0 => 3,
        1 => 2,
        2 => 1,
        _ => 0,
    }
}

/// How well an occupation's letters fit a person's code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fit {
    /// Σ over shared letters of (weight in the person's code × weight in the occupation's),
    /// 1 to [`MAX_FIT`].
    pub points: u32,
    /// Letters both have, in the order of the person's code.
    pub shared: Vec<Letter>,
    /// The occupation's main letters (its first three) that the person's code does not have.
    pub also: Vec<Letter>,
}

/// How strongly an occupation fits, in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Strength {
    Possible,
    Good,
    Strong,
}

impl Strength {
    pub fn label(self) -> &'static str {
        match self {
            Strength::Strong => "Rất phù hợp",
            Strength::Good => "Phù hợp",
            Strength::Possible => "Có thể phù hợp",
        }
    }
}

/// An occupation's letters as stored ("RIC"); unknown characters and repeats are skipped.
pub fn occupation_letters(riasec: &str) -> Vec<Letter> {
    let mut out = Vec::new();
    for l in riasec.chars().filter_map(Letter::from_char) {
        if !out.contains(&l) {
            out.push(l);
        }
    }
    out
}

/// How `occupation` (its RIASEC letters, strongest first) fits `code`; `None` when they
/// share no letter among the occupation's first three.
pub fn fit(code: &InterestCode, occupation: &str) -> Option<Fit> {
    let occ = occupation_letters(occupation);
    let mut points = 0;
    let mut shared = Vec::new();
    for (i, l) in code.letters().into_iter().enumerate() {
        if let Some(j) = occ.iter().position(|o| *o == l) {
            let p = weight(i) * weight(j);
            if p > 0 {
                points += p;
                shared.push(l);
            }
        }
    }
    if points == 0 {
        return None;
    }
    let also = occ
        .iter()
        .take(3)
        .filter(|l| !code.letters().contains(l))
        .copied()
        .collect();
    Some(Fit {
        points,
        shared,
        also,
    })
}

fn join_letters(letters: &[Letter]) -> String {
    let parts: Vec<String> = letters
        .iter()
        .map(|l| format!("{} ({l})", l.likes()))
        .collect();
    match parts.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} và {last}", init.join(", ")),
    }
}

impl Fit {
    /// "Rất phù hợp" takes more than one shared first letter (10 points or more: e.g. RC for
    /// RIC); "Phù hợp" 4–9; "Có thể phù hợp" below.
    pub fn strength(&self) -> Strength {
        match self.points {
            10.. => Strength::Strong,
            4..=9 => Strength::Good,
            _ => Strength::Possible,
        }
    }

    /// "Phù hợp vì bạn thích làm việc với máy móc, dụng cụ (R) và tìm hiểu, giải quyết vấn
    /// đề (I)."
    pub fn reason(&self) -> String {
        format!("Phù hợp vì bạn thích {}.", join_letters(&self.shared))
    }

    /// What else the occupation asks for: "Nghề này còn hợp với người thích … (S)."; empty
    /// when nothing.
    pub fn also_text(&self) -> String {
        if self.also.is_empty() {
            String::new()
        } else {
            format!(
                "Nghề này còn hợp với người thích {}.",
                join_letters(&self.also)
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn all(answer: Answer) -> Vec<(String, String)> {
        ITEMS
            .iter()
            .map(|i| (i.id.to_owned(), answer.value().to_owned()))
            .collect()
    }

    fn read(fields: &[(String, String)]) -> Responses {
        Responses::read(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }

    #[test]
    fn the_instrument_has_eight_original_items_per_letter() {
        for l in Letter::ALL {
            assert_eq!(ITEMS.iter().filter(|i| i.letter == l).count(), 8, "{l}");
        }
        let mut ids: Vec<&str> = ITEMS.iter().map(|i| i.id).collect();
        ids.dedup();
        assert_eq!(ids.len(), 48);
        for (n, i) in ITEMS.iter().enumerate() {
            assert_eq!(i.id, format!("c{:02}", n + 1));
            assert!(looks_like_item(i.id));
            assert_eq!(lantoa_viet::normalize(i.text), i.text, "NFC: {}", i.id);
            assert!(i.text.chars().count() <= 100, "short: {}", i.id);
            assert!(i.text.ends_with('.'), "{}", i.id);
        }
        let mut texts: Vec<&str> = ITEMS.iter().map(|i| i.text).collect();
        texts.sort_unstable();
        texts.dedup();
        assert_eq!(texts.len(), 48, "no statement twice");
        // Each run of six shows every letter once.
        for run in ITEMS.chunks(6) {
            let mut letters: Vec<Letter> = run.iter().map(|i| i.letter).collect();
            letters.sort();
            assert_eq!(letters, Letter::ALL);
        }
        assert_eq!(part_count(), 6);
        assert_eq!(
            parts().map(|(n, items)| (n, items.len())).last(),
            Some((6, 8))
        );
    }

    #[test]
    fn liking_one_type_puts_it_first() {
        let mut fields = all(Answer::Dislike);
        for (f, i) in fields.iter_mut().zip(ITEMS.iter()) {
            f.1 = match i.letter {
                Letter::S => "3",
                Letter::E => "2",
                Letter::A => "2",
                _ => "1",
            }
            .into();
        }
        // A and E tie on points and on "Rất thích" (none): the order R I A S E C decides.
        let p = read(&fields).profile().unwrap();
        assert_eq!(p.code.to_string(), "SAE");
        assert_eq!(p.score_of(Letter::S).percent(), 100);
        assert_eq!(p.score_of(Letter::A).percent(), 50);
        assert_eq!(p.score_of(Letter::R).percent(), 0);
        assert_eq!(
            p.boundary_tie, None,
            "E is third, R fourth: no tie at the edge"
        );
        assert!(!p.flat);
    }

    #[test]
    fn a_tie_at_the_edge_is_decided_by_likes_then_order() {
        // R: 8 × Rất thích; I: 4 × Rất thích + 4 × Không thích (8 points);
        // A: 8 × Bình thường (8 points); S: all Không thích; E: 4 × Rất thích + 4 × Không thích; C: 0.
        let mut responses = Vec::new();
        for _ in 0..8 {
            responses.push((Letter::R, Answer::Like));
            responses.push((Letter::A, Answer::Neutral));
            responses.push((Letter::S, Answer::Dislike));
            responses.push((Letter::C, Answer::Dislike));
        }
        for _ in 0..4 {
            responses.extend([
                (Letter::I, Answer::Like),
                (Letter::I, Answer::Dislike),
                (Letter::E, Answer::Like),
                (Letter::E, Answer::Dislike),
            ]);
        }
        let p = score(responses);
        // I, E and A all have 50 %; I and E have "Rất thích" answers, A has none.
        assert_eq!(p.code.to_string(), "RIE");
        assert_eq!(
            p.boundary_tie,
            Some(BoundaryTie {
                kept: Letter::E,
                left_out: Letter::A,
                by: TieBreak::Likes
            })
        );
        assert_eq!(p.ranking[3], Letter::A);
    }

    #[test]
    fn all_the_same_answers_give_a_flat_profile_in_riasec_order() {
        for a in Answer::ALL {
            let p = read(&all(a)).profile().unwrap();
            assert!(p.flat);
            assert_eq!(p.code.to_string(), "RIA");
            assert_eq!(p.boundary_tie.map(|t| t.by), Some(TieBreak::Order));
        }
    }

    #[test]
    fn missing_answers_are_listed_and_the_given_ones_kept() {
        let mut fields = all(Answer::Like);
        fields.retain(|(k, _)| k != "c07" && k != "c48");
        let r = read(&fields);
        assert_eq!(
            r.missing().iter().map(|i| i.id).collect::<Vec<_>>(),
            ["c07", "c48"]
        );
        assert_eq!(r.get("c01"), Some(Answer::Like));
        assert!(r.profile().is_none());
        assert!(r.problems().is_empty());
    }

    #[test]
    fn forged_fields_are_reported_not_scored() {
        let mut fields = all(Answer::Neutral);
        fields[0].1 = "9".into();
        fields.push(("c99".into(), "3".into()));
        fields.push(("c2".into(), "3".into()));
        fields.push(("utm_source".into(), "zalo".into()));
        fields.push(("c05".into(), "3".into())); // a second, different value
        let r = read(&fields);
        assert_eq!(
            r.problems(),
            [
                Problem::UnknownItem("c99".into()),
                Problem::UnknownItem("c2".into()),
                Problem::InvalidAnswer("c01"),
                Problem::InvalidAnswer("c05"),
            ]
        );
        assert!(r.is_invalid("c01") && r.is_invalid("c05") && !r.is_invalid("c02"));
        assert_eq!(r.get("c01"), None);
        assert_eq!(r.get("c02"), Some(Answer::Neutral));
        assert!(r.profile().is_none());
        // The same value twice is fine; only fields that look like items count.
        let mut twice = all(Answer::Like);
        twice.push(("c03".into(), "3".into()));
        twice.push(("ma".into(), "RIC".into()));
        assert!(read(&twice).profile().is_some());
        assert!(read(&[("q".into(), "x".into())]).is_empty());
        // At most ten unknown items are reported.
        let many: Vec<(String, String)> =
            (100..200).map(|n| (format!("c{n}"), "1".into())).collect();
        assert_eq!(read(&many).problems().len(), 10);
    }

    #[test]
    fn codes_parse_as_three_distinct_letters() {
        assert_eq!(InterestCode::parse("ric").unwrap().to_string(), "RIC");
        for bad in ["", "RI", "RICE", "RRC", "RXC", "R C"] {
            assert_eq!(InterestCode::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn fit_weights_positions_and_explains_itself() {
        let ric = InterestCode::parse("RIC").unwrap();
        let same = fit(&ric, "RIC").unwrap();
        assert_eq!(same.points, MAX_FIT);
        assert_eq!(same.strength(), Strength::Strong);
        assert_eq!(
            same.reason(),
            "Phù hợp vì bạn thích làm việc với máy móc, dụng cụ (R), tìm hiểu, giải quyết vấn đề (I) và làm việc ngăn nắp, theo quy trình (C)."
        );
        assert_eq!(same.also_text(), "");
        let swapped = fit(&ric, "IRS").unwrap();
        assert_eq!(swapped.points, 3 * 2 + 2 * 3);
        assert_eq!(swapped.shared, [Letter::R, Letter::I]);
        assert_eq!(
            swapped.also_text(),
            "Nghề này còn hợp với người thích giúp đỡ, chăm sóc người khác (S)."
        );
        let weak = fit(&ric, "CE").unwrap();
        assert_eq!((weak.points, weak.strength()), (3, Strength::Possible));
        assert_eq!(
            weak.reason(),
            "Phù hợp vì bạn thích làm việc ngăn nắp, theo quy trình (C)."
        );
        // One shared letter, even first in both, is not "Rất phù hợp".
        assert_eq!(fit(&ric, "RAS").unwrap().strength(), Strength::Good);
        assert_eq!(fit(&ric, "RC").unwrap().strength(), Strength::Strong);
        assert_eq!(fit(&ric, "SEA"), None);
        assert_eq!(fit(&ric, ""), None);
        // Only an occupation's first three letters count.
        assert_eq!(fit(&ric, "SEAR"), None);
        assert!(fit(&ric, "RIC").unwrap().points > fit(&ric, "CIR").unwrap().points);
    }

    fn answer() -> impl Strategy<Value = Answer> {
        prop_oneof![
            Just(Answer::Dislike),
            Just(Answer::Neutral),
            Just(Answer::Like)
        ]
    }

    fn letter() -> impl Strategy<Value = Letter> {
        prop::sample::select(Letter::ALL.to_vec())
    }

    proptest! {
        #[test]
        fn the_code_is_always_three_distinct_letters(
            responses in prop::collection::vec((letter(), answer()), 0..80)
        ) {
            let p = score(responses);
            let l = p.code.letters();
            prop_assert!(l[0] != l[1] && l[1] != l[2] && l[0] != l[2]);
            prop_assert_eq!(&p.ranking[..3], &l[..]);
            let mut all = p.ranking.to_vec();
            all.sort();
            prop_assert_eq!(all, Letter::ALL.to_vec());
            // Ranked scores never increase.
            let r = p.ranked();
            for w in r.windows(2) {
                prop_assert!(w[0].cmp_score(&w[1]) != Ordering::Less);
            }
        }

        #[test]
        fn the_order_of_items_does_not_matter(
            answers in prop::collection::vec(answer(), 48),
            seed in any::<u64>()
        ) {
            let fields: Vec<(String, String)> = ITEMS
                .iter()
                .zip(&answers)
                .map(|(i, a)| (i.id.to_owned(), a.value().to_owned()))
                .collect();
            let mut shuffled = fields.clone();
            // A deterministic shuffle from the seed (Fisher–Yates with an LCG).
            let mut s = seed;
            for i in (1..shuffled.len()).rev() {
                s = s.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                let j = usize::try_from(s >> 33).unwrap_or(0) % (i + 1);
                shuffled.swap(i, j);
            }
            prop_assert_eq!(read(&fields).profile(), read(&shuffled).profile());
        }

        #[test]
        fn ties_are_decided_the_same_way_every_time(
            responses in prop::collection::vec((letter(), answer()), 0..80)
        ) {
            let p = score(responses.clone());
            let mut reversed = responses;
            reversed.reverse();
            prop_assert_eq!(&p, &score(reversed));
            // Letters with identical results appear in R, I, A, S, E, C order.
            let r = p.ranked();
            for w in r.windows(2) {
                if w[0].points == w[1].points && w[0].items == w[1].items && w[0].likes == w[1].likes {
                    prop_assert!(w[0].letter < w[1].letter);
                }
            }
        }

        #[test]
        fn fit_is_bounded_and_needs_a_shared_letter(
            code in prop::sample::select(vec!["RIC", "SEA", "CRE", "AIS", "ECS"]),
            occ in "[RIASEC]{0,6}"
        ) {
            let code = InterestCode::parse(code).unwrap();
            match fit(&code, &occ) {
                Some(f) => {
                    prop_assert!((1..=MAX_FIT).contains(&f.points));
                    prop_assert!(!f.shared.is_empty());
                    prop_assert!(f.reason().starts_with("Phù hợp vì bạn thích "));
                }
                None => {
                    let first3: Vec<Letter> = occupation_letters(&occ).into_iter().take(3).collect();
                    prop_assert!(code.letters().iter().all(|l| !first3.contains(l)));
                }
            }
        }
    }
}
