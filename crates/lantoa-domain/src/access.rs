//! Roles and permissions as capabilities (STYLE.md "Authorization is a type"): a check
//! hands out a value such as [`OrgAdmin`] that only the check can build, and every use case
//! that needs an organisation's administrator takes one. A function that needs a capability
//! cannot be called without passing the check first.

use serde::{Deserialize, Serialize};

use crate::{OrgId, UserId};

/// A user's role within one organisation. Ordered: each role can do what the ones before it can.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgRole {
    /// Reads the organisation's back-office data.
    Viewer,
    /// Writes content and records for the organisation (người soạn).
    Editor,
    /// Approves and publishes the organisation's content (người duyệt).
    Approver,
    /// Manages the organisation's profile and its users (quản trị đơn vị).
    OrgAdmin,
}

impl OrgRole {
    pub const ALL: [OrgRole; 4] = [
        OrgRole::Viewer,
        OrgRole::Editor,
        OrgRole::Approver,
        OrgRole::OrgAdmin,
    ];

    pub fn code(self) -> &'static str {
        match self {
            OrgRole::Viewer => "viewer",
            OrgRole::Editor => "editor",
            OrgRole::Approver => "approver",
            OrgRole::OrgAdmin => "org_admin",
        }
    }

    pub fn from_code(code: &str) -> Option<OrgRole> {
        OrgRole::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            OrgRole::Viewer => "Người xem",
            OrgRole::Editor => "Người soạn",
            OrgRole::Approver => "Người duyệt",
            OrgRole::OrgAdmin => "Quản trị đơn vị",
        }
    }
}

/// Who is acting: a signed-in user with their memberships and platform roles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub user: UserId,
    pub email: String,
    pub display_name: String,
    /// Manages organisations, users and settings of the whole platform (quản trị hệ thống).
    pub is_system_admin: bool,
    /// The lead department's staff who run the plan (đơn vị chủ trì kế hoạch): they read every
    /// organisation's back-office data and approve content across organisations.
    pub is_plan_owner: bool,
    pub memberships: Vec<(OrgId, OrgRole)>,
}

/// Refused: the principal lacks the capability asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("permission denied")]
pub struct Denied;

macro_rules! capability {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy)]
        pub struct $name<'a> {
            principal: &'a Principal,
            org: OrgId,
        }

        impl<'a> $name<'a> {
            pub fn principal(&self) -> &'a Principal {
                self.principal
            }
            pub fn org(&self) -> OrgId {
                self.org
            }
        }
    };
}

capability!(
    /// May read `org`'s back-office (private) data.
    OrgReader
);
capability!(
    /// May write `org`'s content and records.
    OrgEditor
);
capability!(
    /// May approve and publish `org`'s content.
    OrgApprover
);
capability!(
    /// May manage `org`'s profile and users.
    OrgAdmin
);

/// May manage the whole platform.
#[derive(Debug, Clone, Copy)]
pub struct SystemAdmin<'a> {
    principal: &'a Principal,
}

impl<'a> SystemAdmin<'a> {
    pub fn principal(&self) -> &'a Principal {
        self.principal
    }
}

/// May write the province-wide directory data that no single institution owns: the support
/// policies (chính sách hỗ trợ) programmes offer. The lead department (plan owner) and
/// system administrators; an institution's own roles never grant it.
#[derive(Debug, Clone, Copy)]
pub struct ProvinceEditor<'a> {
    principal: &'a Principal,
}

impl<'a> ProvinceEditor<'a> {
    pub fn principal(&self) -> &'a Principal {
        self.principal
    }
}

impl Principal {
    /// The role held in `org`, if any.
    pub fn role_in(&self, org: OrgId) -> Option<OrgRole> {
        self.memberships
            .iter()
            .find(|(o, _)| *o == org)
            .map(|(_, r)| *r)
    }

    fn has(&self, org: OrgId, at_least: OrgRole) -> bool {
        self.role_in(org).is_some_and(|r| r >= at_least)
    }

    pub fn reader_of(&self, org: OrgId) -> Result<OrgReader<'_>, Denied> {
        if self.is_system_admin || self.is_plan_owner || self.has(org, OrgRole::Viewer) {
            Ok(OrgReader {
                principal: self,
                org,
            })
        } else {
            Err(Denied)
        }
    }

    pub fn editor_of(&self, org: OrgId) -> Result<OrgEditor<'_>, Denied> {
        if self.has(org, OrgRole::Editor) {
            Ok(OrgEditor {
                principal: self,
                org,
            })
        } else {
            Err(Denied)
        }
    }

    pub fn approver_of(&self, org: OrgId) -> Result<OrgApprover<'_>, Denied> {
        if self.is_plan_owner || self.has(org, OrgRole::Approver) {
            Ok(OrgApprover {
                principal: self,
                org,
            })
        } else {
            Err(Denied)
        }
    }

    pub fn admin_of(&self, org: OrgId) -> Result<OrgAdmin<'_>, Denied> {
        if self.is_system_admin || self.has(org, OrgRole::OrgAdmin) {
            Ok(OrgAdmin {
                principal: self,
                org,
            })
        } else {
            Err(Denied)
        }
    }

    pub fn system_admin(&self) -> Result<SystemAdmin<'_>, Denied> {
        if self.is_system_admin {
            Ok(SystemAdmin { principal: self })
        } else {
            Err(Denied)
        }
    }

    pub fn province_editor(&self) -> Result<ProvinceEditor<'_>, Denied> {
        if self.is_system_admin || self.is_plan_owner {
            Ok(ProvinceEditor { principal: self })
        } else {
            Err(Denied)
        }
    }

    /// Organisations whose back-office data this principal may read; `None` means all.
    pub fn readable_orgs(&self) -> Option<Vec<OrgId>> {
        if self.is_system_admin || self.is_plan_owner {
            None
        } else {
            Some(self.memberships.iter().map(|(o, _)| *o).collect())
        }
    }

    /// Organisations this principal administers; `None` means all.
    pub fn administered_orgs(&self) -> Option<Vec<OrgId>> {
        if self.is_system_admin {
            None
        } else {
            Some(
                self.memberships
                    .iter()
                    .filter(|(_, r)| *r == OrgRole::OrgAdmin)
                    .map(|(o, _)| *o)
                    .collect(),
            )
        }
    }

    /// Whether the back office (`/quan-tri`) has anything for this principal.
    pub fn can_enter_back_office(&self) -> bool {
        self.is_system_admin || self.is_plan_owner || !self.memberships.is_empty()
    }

    /// May this principal manage (reset the password of, deactivate, change roles of) a user
    /// with these memberships and platform roles? Only if every one of that user's
    /// memberships is in an organisation this principal administers, so an administrator of
    /// one organisation can never take over an account that also acts for another.
    pub fn can_manage_user(&self, target: &ManagedUser) -> bool {
        if self.is_system_admin {
            return true;
        }
        if target.user == self.user || target.is_system_admin || target.is_plan_owner {
            return false;
        }
        !target.memberships.is_empty()
            && target
                .memberships
                .iter()
                .all(|(org, _)| self.has(*org, OrgRole::OrgAdmin))
    }
}

/// What [`Principal::can_manage_user`] needs to know about the other user.
#[derive(Debug, Clone)]
pub struct ManagedUser {
    pub user: UserId,
    pub is_system_admin: bool,
    pub is_plan_owner: bool,
    pub memberships: Vec<(OrgId, OrgRole)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn principal(memberships: Vec<(OrgId, OrgRole)>) -> Principal {
        Principal {
            user: UserId(1),
            email: "a@example.vn".into(),
            display_name: "A".into(),
            is_system_admin: false,
            is_plan_owner: false,
            memberships,
        }
    }

    const A: OrgId = OrgId(10);
    const B: OrgId = OrgId(20);

    #[test]
    fn an_editor_of_one_organisation_gets_nothing_in_another() {
        let p = principal(vec![(A, OrgRole::Editor)]);
        assert!(p.reader_of(A).is_ok());
        assert!(p.editor_of(A).is_ok());
        assert!(p.approver_of(A).is_err());
        assert!(p.admin_of(A).is_err());
        assert!(p.reader_of(B).is_err());
        assert!(p.editor_of(B).is_err());
        assert!(p.system_admin().is_err());
        assert_eq!(p.readable_orgs(), Some(vec![A]));
    }

    #[test]
    fn only_the_plan_owner_and_system_administrators_edit_province_wide_data() {
        assert!(
            principal(vec![(A, OrgRole::OrgAdmin)])
                .province_editor()
                .is_err()
        );
        assert!(
            principal(vec![(A, OrgRole::Editor)])
                .province_editor()
                .is_err()
        );
        let mut owner = principal(vec![]);
        owner.is_plan_owner = true;
        assert!(owner.province_editor().is_ok());
        let mut admin = principal(vec![]);
        admin.is_system_admin = true;
        assert!(admin.province_editor().is_ok());
    }

    #[test]
    fn roles_include_the_ones_below() {
        let p = principal(vec![(A, OrgRole::OrgAdmin)]);
        assert!(p.reader_of(A).is_ok() && p.editor_of(A).is_ok() && p.approver_of(A).is_ok());
        assert_eq!(p.admin_of(A).map(|c| c.org()).ok(), Some(A));
    }

    #[test]
    fn the_plan_owner_reads_and_approves_everywhere_but_administers_nothing() {
        let mut p = principal(vec![]);
        p.is_plan_owner = true;
        assert!(p.reader_of(B).is_ok());
        assert!(p.approver_of(B).is_ok());
        assert!(p.editor_of(B).is_err());
        assert!(p.admin_of(B).is_err());
        assert!(p.can_enter_back_office());
    }

    #[test]
    fn an_org_admin_cannot_take_over_a_user_who_also_acts_for_another_organisation() {
        let admin = principal(vec![(A, OrgRole::OrgAdmin)]);
        let only_a = ManagedUser {
            user: UserId(2),
            is_system_admin: false,
            is_plan_owner: false,
            memberships: vec![(A, OrgRole::Editor)],
        };
        let a_and_b = ManagedUser {
            memberships: vec![(A, OrgRole::Editor), (B, OrgRole::Viewer)],
            ..only_a.clone()
        };
        let platform = ManagedUser {
            is_plan_owner: true,
            ..only_a.clone()
        };
        assert!(admin.can_manage_user(&only_a));
        assert!(!admin.can_manage_user(&a_and_b));
        assert!(!admin.can_manage_user(&platform));
        let mut root = principal(vec![]);
        root.is_system_admin = true;
        assert!(root.can_manage_user(&a_and_b));
    }

    #[test]
    fn role_codes_round_trip_and_order() {
        for r in OrgRole::ALL {
            assert_eq!(OrgRole::from_code(r.code()), Some(r));
        }
        assert!(OrgRole::OrgAdmin > OrgRole::Approver && OrgRole::Approver > OrgRole::Editor);
    }
}
