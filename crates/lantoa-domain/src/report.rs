//! The report state machine (issue 5, point 4): nháp → đã gửi → trả lại / đã tiếp nhận;
//! an accepted report is locked until someone reopens it (an audited action).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ReportState {
    /// Nháp: the organisation is writing it.
    Draft,
    /// Đã gửi: waiting for the lead department.
    Submitted,
    /// Trả lại: sent back with comments; the organisation edits and sends it again.
    Returned,
    /// Đã tiếp nhận: accepted and locked.
    Accepted,
}

impl ReportState {
    pub fn code(self) -> &'static str {
        match self {
            ReportState::Draft => "draft",
            ReportState::Submitted => "submitted",
            ReportState::Returned => "returned",
            ReportState::Accepted => "accepted",
        }
    }

    pub fn from_code(code: &str) -> Option<ReportState> {
        match code {
            "draft" => Some(ReportState::Draft),
            "submitted" => Some(ReportState::Submitted),
            "returned" => Some(ReportState::Returned),
            "accepted" => Some(ReportState::Accepted),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ReportState::Draft => "Nháp",
            ReportState::Submitted => "Đã gửi",
            ReportState::Returned => "Trả lại",
            ReportState::Accepted => "Đã tiếp nhận",
        }
    }

    /// The organisation may change the report's content.
    pub fn editable(self) -> bool {
        matches!(self, ReportState::Draft | ReportState::Returned)
    }
}

/// What someone does to a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReportAction {
    /// Lưu nháp (the organisation).
    Save,
    /// Gửi báo cáo (the organisation).
    Submit,
    /// Trả lại with comments (the lead department).
    Return,
    /// Tiếp nhận (the lead department).
    Accept,
    /// Mở lại an accepted report (the lead department; audited).
    Reopen,
}

/// A refused transition, with the message for the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message())]
pub struct TransitionError {
    pub from: ReportState,
    pub action: ReportAction,
}

impl TransitionError {
    pub fn message(&self) -> &'static str {
        match (self.from, self.action) {
            (ReportState::Submitted, ReportAction::Submit) => {
                "Báo cáo này đã được gửi; đang chờ đơn vị chủ trì xem xét."
            }
            (ReportState::Accepted, ReportAction::Submit | ReportAction::Save) => {
                "Báo cáo đã được tiếp nhận và khóa; cần đơn vị chủ trì mở lại trước khi sửa."
            }
            (ReportState::Submitted, ReportAction::Save) => {
                "Báo cáo đã gửi không sửa được nữa; chờ đơn vị chủ trì trả lại nếu cần sửa."
            }
            (_, ReportAction::Return | ReportAction::Accept) => {
                "Chỉ báo cáo đã gửi mới trả lại hoặc tiếp nhận được."
            }
            (_, ReportAction::Reopen) => "Chỉ báo cáo đã tiếp nhận mới cần mở lại.",
            _ => "Thao tác này không thực hiện được với báo cáo ở trạng thái hiện tại.",
        }
    }
}

/// The state after `action`, or why it is refused.
pub fn transition(from: ReportState, action: ReportAction) -> Result<ReportState, TransitionError> {
    use ReportAction as A;
    use ReportState as S;
    match (from, action) {
        (S::Draft, A::Save) => Ok(S::Draft),
        (S::Returned, A::Save) => Ok(S::Returned),
        (S::Draft | S::Returned, A::Submit) => Ok(S::Submitted),
        (S::Submitted, A::Return) => Ok(S::Returned),
        (S::Submitted, A::Accept) => Ok(S::Accepted),
        (S::Accepted, A::Reopen) => Ok(S::Returned),
        _ => Err(TransitionError { from, action }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_usual_path_and_the_refusals_a_user_meets() {
        use ReportAction as A;
        use ReportState as S;
        assert_eq!(transition(S::Draft, A::Submit), Ok(S::Submitted));
        assert_eq!(transition(S::Submitted, A::Return), Ok(S::Returned));
        assert_eq!(transition(S::Returned, A::Submit), Ok(S::Submitted));
        assert_eq!(transition(S::Submitted, A::Accept), Ok(S::Accepted));
        let twice = transition(S::Submitted, A::Submit).unwrap_err();
        assert!(twice.message().contains("đã được gửi"));
        let after = transition(S::Accepted, A::Submit).unwrap_err();
        assert!(after.message().contains("đã được tiếp nhận và khóa"));
        assert_eq!(transition(S::Accepted, A::Reopen), Ok(S::Returned));
        assert!(transition(S::Draft, A::Accept).is_err());
    }

    fn action() -> impl Strategy<Value = ReportAction> {
        prop_oneof![
            Just(ReportAction::Save),
            Just(ReportAction::Submit),
            Just(ReportAction::Return),
            Just(ReportAction::Accept),
            Just(ReportAction::Reopen),
        ]
    }

    proptest! {
        /// Whatever happens, an accepted report only changes by being reopened, only a
        /// submitted report gets accepted, and content is editable exactly in draft/returned.
        #[test]
        fn accepted_reports_stay_locked(actions in prop::collection::vec(action(), 0..40)) {
            let mut state = ReportState::Draft;
            for a in actions {
                match transition(state, a) {
                    Ok(next) => {
                        if state == ReportState::Accepted { prop_assert_eq!(a, ReportAction::Reopen); }
                        if next == ReportState::Accepted { prop_assert_eq!(state, ReportState::Submitted); }
                        if a == ReportAction::Save { prop_assert!(state.editable()); }
                        state = next;
                    }
                    Err(e) => prop_assert!(!e.message().is_empty()),
                }
            }
        }
    }
}
