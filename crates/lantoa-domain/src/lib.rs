//! lantoa's domain: ids, value types, organisations with time, roles and permissions.
//! No I/O, no async, no database, no HTTP.

pub mod access;
pub mod application;
pub mod audience_page;
pub mod content;
pub mod directory;
pub mod ids;
pub mod org;
pub mod plan;
pub mod product;
pub mod programme;
pub mod quiz;
pub mod report;
pub mod validate;

pub use ids::{ActivityId, OrgId, PlanId, UserId};
