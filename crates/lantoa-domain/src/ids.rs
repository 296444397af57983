//! Newtype ids, so an organisation id is never passed where a user id is expected.

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

id_type!(
    /// An organisation (đơn vị).
    OrgId
);
id_type!(
    /// A user account.
    UserId
);
id_type!(
    /// A plan (kế hoạch).
    PlanId
);
id_type!(
    /// An activity of a plan (nội dung/hoạt động).
    ActivityId
);
