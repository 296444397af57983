//! Content (issue 3, points 1 and 3): the kinds, the plan's topics (content areas IV) and
//! audiences (target groups III), and the editorial workflow as a pure state machine:
//! nháp → chờ duyệt → đã xuất bản, or trả lại with a reason; withdraw (the URL stays with a
//! notice); unpublish back to draft.

use serde::{Deserialize, Serialize};

/// What a content item is. Articles, photo stories and pages are complete end to end;
/// publications and videos come next (docs/adr/0018-content-kinds.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ContentKind {
    Article,
    PhotoStory,
    Video,
    Publication,
    Page,
}

impl ContentKind {
    pub const ALL: [ContentKind; 5] = [
        ContentKind::Article,
        ContentKind::PhotoStory,
        ContentKind::Video,
        ContentKind::Publication,
        ContentKind::Page,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ContentKind::Article => "article",
            ContentKind::PhotoStory => "photo_story",
            ContentKind::Video => "video",
            ContentKind::Publication => "publication",
            ContentKind::Page => "page",
        }
    }

    pub fn from_code(code: &str) -> Option<ContentKind> {
        ContentKind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            ContentKind::Article => "Tin, bài",
            ContentKind::PhotoStory => "Phóng sự ảnh",
            ContentKind::Video => "Video",
            ContentKind::Publication => "Ấn phẩm",
            ContentKind::Page => "Trang tĩnh",
        }
    }

    /// The public section an item of this kind lives under (its list, except for pages).
    pub fn section(self) -> &'static str {
        match self {
            ContentKind::Article => "/tin-tuc",
            ContentKind::PhotoStory => "/phong-su-anh",
            ContentKind::Video => "/video",
            ContentKind::Publication => "/an-pham",
            ContentKind::Page => "/trang",
        }
    }

    /// The public address of an item: `/phong-su-anh/{slug}`, `/trang/{slug}`… The one place
    /// that maps kinds to addresses (pages, search, feeds, sitemap, products).
    pub fn path(self, slug: &str) -> String {
        format!("{}/{slug}", self.section())
    }

    /// [`ContentKind::path`] from a stored kind code (an unknown code: an article's address).
    pub fn path_of(code: &str, slug: &str) -> String {
        ContentKind::from_code(code)
            .unwrap_or(ContentKind::Article)
            .path(slug)
    }
}

/// A topic: one of the plan's content areas (section IV), with a URL code and a label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Topic {
    /// Section code as the plan writes it, e.g. "IV.2.đ".
    pub section: &'static str,
    /// URL-safe code, e.g. "iv-2-dd".
    pub code: &'static str,
    pub label: &'static str,
}

/// The plan's content areas IV.1 a–g, IV.2 a–đ, IV.3 a–b.
pub const TOPICS: &[Topic] = &[
    Topic {
        section: "IV.1.a",
        code: "iv-1-a",
        label: "Chủ trương, chính sách, pháp luật về giáo dục nghề nghiệp",
    },
    Topic {
        section: "IV.1.b",
        code: "iv-1-b",
        label: "Đổi mới, nâng cao chất lượng giáo dục nghề nghiệp",
    },
    Topic {
        section: "IV.1.c",
        code: "iv-1-c",
        label: "Đào tạo thường xuyên, lao động nông thôn, người khuyết tật",
    },
    Topic {
        section: "IV.1.d",
        code: "iv-1-d",
        label: "Đào tạo gắn với nhu cầu doanh nghiệp và thị trường lao động",
    },
    Topic {
        section: "IV.1.đ",
        code: "iv-1-dd",
        label: "Nhân lực chất lượng cao và mô hình đào tạo mới",
    },
    Topic {
        section: "IV.1.e",
        code: "iv-1-e",
        label: "Cải cách hành chính, dịch vụ công",
    },
    Topic {
        section: "IV.1.g",
        code: "iv-1-g",
        label: "Chuyển đổi số trong giáo dục nghề nghiệp",
    },
    Topic {
        section: "IV.2.a",
        code: "iv-2-a",
        label: "Mô hình mới, cách làm mới",
    },
    Topic {
        section: "IV.2.b",
        code: "iv-2-b",
        label: "Tuyển sinh, hướng nghiệp và khởi nghiệp",
    },
    Topic {
        section: "IV.2.c",
        code: "iv-2-c",
        label: "Đánh giá kỹ năng nghề, kiểm định, công tác học sinh, sinh viên",
    },
    Topic {
        section: "IV.2.d",
        code: "iv-2-d",
        label: "Sự kiện, kỳ thi kỹ năng nghề, hội giảng",
    },
    Topic {
        section: "IV.2.đ",
        code: "iv-2-dd",
        label: "Phong trào của nhà giáo, học sinh, sinh viên",
    },
    Topic {
        section: "IV.3.a",
        code: "iv-3-a",
        label: "Phối hợp doanh nghiệp và nhà trường",
    },
    Topic {
        section: "IV.3.b",
        code: "iv-3-b",
        label: "Điển hình tiên tiến, gương người dạy, người học",
    },
];

pub fn topic(code: &str) -> Option<&'static Topic> {
    TOPICS.iter().find(|t| t.code == code)
}

/// An audience: one of the plan's target groups (section III).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Audience {
    pub section: &'static str,
    pub code: &'static str,
    pub label: &'static str,
}

/// The plan's target groups III.1–5.
pub const AUDIENCES: &[Audience] = &[
    Audience {
        section: "III.1",
        code: "iii-1",
        label: "Học sinh, gia đình và người lao động",
    },
    Audience {
        section: "III.2",
        code: "iii-2",
        label: "Học sinh, sinh viên đang học nghề",
    },
    Audience {
        section: "III.3",
        code: "iii-3",
        label: "Doanh nghiệp, người sử dụng lao động",
    },
    Audience {
        section: "III.4",
        code: "iii-4",
        label: "Cấp ủy, chính quyền, sở, ngành, cơ sở giáo dục nghề nghiệp",
    },
    Audience {
        section: "III.5",
        code: "iii-5",
        label: "Người dân và các đối tượng khác",
    },
];

pub fn audience(code: &str) -> Option<&'static Audience> {
    AUDIENCES.iter().find(|a| a.code == code)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ContentState {
    /// Nháp: the author organisation is writing it.
    Draft,
    /// Chờ duyệt: waiting for an approver.
    Submitted,
    /// Trả lại: sent back with a reason; the editors change it and submit again.
    Returned,
    /// Hẹn giờ xuất bản: approved, goes out by itself at the time set (the publishing job).
    Scheduled,
    /// Đã xuất bản: public.
    Published,
    /// Đã gỡ: the URL stays and shows a notice.
    Withdrawn,
}

impl ContentState {
    pub const ALL: [ContentState; 6] = [
        ContentState::Draft,
        ContentState::Submitted,
        ContentState::Returned,
        ContentState::Scheduled,
        ContentState::Published,
        ContentState::Withdrawn,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ContentState::Draft => "draft",
            ContentState::Submitted => "submitted",
            ContentState::Returned => "returned",
            ContentState::Scheduled => "scheduled",
            ContentState::Published => "published",
            ContentState::Withdrawn => "withdrawn",
        }
    }

    pub fn from_code(code: &str) -> Option<ContentState> {
        ContentState::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            ContentState::Draft => "Nháp",
            ContentState::Submitted => "Chờ duyệt",
            ContentState::Returned => "Trả lại",
            ContentState::Scheduled => "Hẹn giờ xuất bản",
            ContentState::Published => "Đã xuất bản",
            ContentState::Withdrawn => "Đã gỡ",
        }
    }

    /// The editors may change the text.
    pub fn editable(self) -> bool {
        matches!(self, ContentState::Draft | ContentState::Returned)
    }

    /// The public sees the item at its URL (withdrawn: only the notice).
    pub fn public(self) -> bool {
        matches!(self, ContentState::Published | ContentState::Withdrawn)
    }
}

/// What someone does to a content item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ContentAction {
    /// Lưu (editors).
    Save,
    /// Gửi duyệt (editors).
    Submit,
    /// Xuất bản (approvers).
    Publish,
    /// Trả lại with a reason (approvers).
    Return,
    /// Hẹn giờ xuất bản: publish by itself at a time set by the approver.
    Schedule,
    /// Hủy hẹn giờ: back to waiting for approval.
    Unschedule,
    /// Gỡ: the URL stays with a notice (approvers).
    Withdraw,
    /// Thôi xuất bản: back to draft (approvers).
    Unpublish,
}

impl ContentAction {
    pub const ALL: [ContentAction; 8] = [
        ContentAction::Save,
        ContentAction::Submit,
        ContentAction::Publish,
        ContentAction::Schedule,
        ContentAction::Unschedule,
        ContentAction::Return,
        ContentAction::Withdraw,
        ContentAction::Unpublish,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ContentAction::Save => "save",
            ContentAction::Submit => "submit",
            ContentAction::Publish => "publish",
            ContentAction::Return => "return",
            ContentAction::Schedule => "schedule",
            ContentAction::Unschedule => "unschedule",
            ContentAction::Withdraw => "withdraw",
            ContentAction::Unpublish => "unpublish",
        }
    }

    pub fn from_code(code: &str) -> Option<ContentAction> {
        ContentAction::ALL.into_iter().find(|a| a.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            ContentAction::Save => "Lưu",
            ContentAction::Submit => "Gửi duyệt",
            ContentAction::Publish => "Xuất bản",
            ContentAction::Return => "Trả lại",
            ContentAction::Schedule => "Hẹn giờ xuất bản",
            ContentAction::Unschedule => "Hủy hẹn giờ",
            ContentAction::Withdraw => "Gỡ",
            ContentAction::Unpublish => "Thôi xuất bản",
        }
    }

    /// Needs an approver of the author organisation (or the plan owner), not just an editor.
    pub fn needs_approver(self) -> bool {
        !matches!(self, ContentAction::Save | ContentAction::Submit)
    }

    /// Needs a written reason.
    pub fn needs_reason(self) -> bool {
        matches!(self, ContentAction::Return)
    }
}

/// A refused transition, with the message for the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message())]
pub struct TransitionError {
    pub from: ContentState,
    pub action: ContentAction,
}

impl TransitionError {
    pub fn message(&self) -> &'static str {
        use ContentAction as A;
        use ContentState as S;
        match (self.from, self.action) {
            (S::Submitted, A::Submit) => "Nội dung này đã được gửi và đang chờ duyệt.",
            (S::Submitted, A::Save) => {
                "Nội dung đang chờ duyệt không sửa được; chờ người duyệt trả lại nếu cần sửa."
            }
            (S::Published, A::Save | A::Submit) => {
                "Nội dung đã xuất bản; cần thôi xuất bản trước khi sửa."
            }
            (S::Withdrawn, A::Save | A::Submit) => "Nội dung đã gỡ; cần đưa về nháp trước khi sửa.",
            (S::Scheduled, A::Save | A::Submit) => {
                "Nội dung đã hẹn giờ xuất bản; cần hủy hẹn giờ và trả lại trước khi sửa."
            }
            (S::Scheduled, A::Schedule) => {
                "Nội dung đã hẹn giờ; hủy hẹn giờ trước khi đặt thời điểm khác."
            }
            (_, A::Publish | A::Return | A::Schedule) => {
                "Chỉ nội dung đang chờ duyệt mới xuất bản, hẹn giờ hoặc trả lại được."
            }
            (_, A::Unschedule) => "Nội dung này không có hẹn giờ xuất bản.",
            (_, A::Withdraw) => "Chỉ nội dung đã xuất bản mới gỡ được.",
            (_, A::Unpublish) => "Chỉ nội dung đã xuất bản hoặc đã gỡ mới đưa về nháp được.",
            _ => "Thao tác này không thực hiện được với nội dung ở trạng thái hiện tại.",
        }
    }
}

/// The state after `action`, or why it is refused.
pub fn transition(
    from: ContentState,
    action: ContentAction,
) -> Result<ContentState, TransitionError> {
    use ContentAction as A;
    use ContentState as S;
    match (from, action) {
        (S::Draft, A::Save) => Ok(S::Draft),
        (S::Returned, A::Save) => Ok(S::Returned),
        (S::Draft | S::Returned, A::Submit) => Ok(S::Submitted),
        (S::Submitted | S::Scheduled, A::Publish) => Ok(S::Published),
        (S::Submitted, A::Schedule) => Ok(S::Scheduled),
        (S::Scheduled, A::Unschedule) => Ok(S::Submitted),
        (S::Submitted, A::Return) => Ok(S::Returned),
        (S::Published, A::Withdraw) => Ok(S::Withdrawn),
        (S::Published | S::Withdrawn, A::Unpublish) => Ok(S::Draft),
        _ => Err(TransitionError { from, action }),
    }
}

/// The actions offered in a state (for the buttons), editors' first.
pub fn available(from: ContentState) -> Vec<ContentAction> {
    ContentAction::ALL
        .into_iter()
        .filter(|a| *a != ContentAction::Save && transition(from, *a).is_ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn each_kind_has_its_own_vietnamese_address() {
        assert_eq!(ContentKind::Article.path("a"), "/tin-tuc/a");
        assert_eq!(ContentKind::PhotoStory.path("a"), "/phong-su-anh/a");
        assert_eq!(ContentKind::Video.path("a"), "/video/a");
        assert_eq!(ContentKind::Publication.path("a"), "/an-pham/a");
        assert_eq!(ContentKind::Page.path("gioi-thieu"), "/trang/gioi-thieu");
        assert_eq!(ContentKind::path_of("photo_story", "b"), "/phong-su-anh/b");
        let mut sections: Vec<&str> = ContentKind::ALL.iter().map(|k| k.section()).collect();
        sections.dedup();
        assert_eq!(sections.len(), ContentKind::ALL.len());
    }

    #[test]
    fn the_usual_path_and_the_refusals_a_user_meets() {
        use ContentAction as A;
        use ContentState as S;
        assert_eq!(transition(S::Draft, A::Submit), Ok(S::Submitted));
        assert_eq!(transition(S::Submitted, A::Return), Ok(S::Returned));
        assert_eq!(transition(S::Returned, A::Submit), Ok(S::Submitted));
        assert_eq!(transition(S::Submitted, A::Publish), Ok(S::Published));
        assert_eq!(transition(S::Published, A::Withdraw), Ok(S::Withdrawn));
        assert_eq!(transition(S::Withdrawn, A::Unpublish), Ok(S::Draft));
        assert_eq!(transition(S::Published, A::Unpublish), Ok(S::Draft));
        assert!(transition(S::Draft, A::Publish).is_err());
        let e = transition(S::Published, A::Save).unwrap_err();
        assert!(e.message().contains("thôi xuất bản"));
        assert!(A::Publish.needs_approver() && !A::Submit.needs_approver());
        assert!(A::Return.needs_reason());
        assert_eq!(
            available(S::Submitted),
            vec![A::Publish, A::Schedule, A::Return]
        );
    }

    #[test]
    fn a_scheduled_item_waits_approved_and_can_be_published_now_or_unscheduled() {
        use ContentAction as A;
        use ContentState as S;
        assert_eq!(transition(S::Submitted, A::Schedule), Ok(S::Scheduled));
        assert_eq!(transition(S::Scheduled, A::Publish), Ok(S::Published));
        assert_eq!(transition(S::Scheduled, A::Unschedule), Ok(S::Submitted));
        assert!(!S::Scheduled.public() && !S::Scheduled.editable());
        assert!(A::Schedule.needs_approver() && A::Unschedule.needs_approver());
        assert_eq!(available(S::Scheduled), vec![A::Publish, A::Unschedule]);
        let e = transition(S::Draft, A::Schedule).unwrap_err();
        assert!(e.message().contains("chờ duyệt"));
        let e = transition(S::Scheduled, A::Save).unwrap_err();
        assert!(e.message().contains("hủy hẹn giờ"));
        assert!(transition(S::Published, A::Unschedule).is_err());
    }

    #[test]
    fn codes_round_trip_and_topics_cover_the_plan() {
        for s in ContentState::ALL {
            assert_eq!(ContentState::from_code(s.code()), Some(s));
        }
        for k in ContentKind::ALL {
            assert_eq!(ContentKind::from_code(k.code()), Some(k));
        }
        for a in ContentAction::ALL {
            assert_eq!(ContentAction::from_code(a.code()), Some(a));
        }
        assert_eq!(TOPICS.len(), 7 + 5 + 2);
        assert_eq!(AUDIENCES.len(), 5);
        assert_eq!(topic("iv-2-dd").map(|t| t.section), Some("IV.2.đ"));
        for t in TOPICS {
            assert_eq!(lantoa_viet::slugify(t.code), t.code);
        }
    }

    fn action() -> impl Strategy<Value = ContentAction> {
        prop::sample::select(ContentAction::ALL.to_vec())
    }

    proptest! {
        /// Whatever happens: only a submitted item is published, only a published item is
        /// withdrawn, text changes only in draft/returned, and what the public sees only
        /// appears through an approver's action.
        #[test]
        fn only_approvers_put_things_in_public(actions in prop::collection::vec(action(), 0..50)) {
            let mut state = ContentState::Draft;
            for a in actions {
                match transition(state, a) {
                    Ok(next) => {
                        if next == ContentState::Published { prop_assert!(matches!(state, ContentState::Submitted | ContentState::Scheduled)); }
                        if next == ContentState::Scheduled { prop_assert_eq!(state, ContentState::Submitted); }
                        if next == ContentState::Withdrawn { prop_assert_eq!(state, ContentState::Published); }
                        if a == ContentAction::Save { prop_assert!(state.editable()); prop_assert_eq!(next, state); }
                        if next.public() && !state.public() { prop_assert!(a.needs_approver()); }
                        if state.public() && next != state { prop_assert!(a.needs_approver()); }
                        state = next;
                    }
                    Err(e) => {
                        prop_assert!(!e.message().is_empty());
                        prop_assert!(!available(state).contains(&a));
                    }
                }
            }
        }
    }
}
