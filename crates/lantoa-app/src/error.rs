//! What a use case can refuse or fail with.

use lantoa_domain::access::Denied;
use lantoa_store::StoreError;

/// Field-level validation messages (Vietnamese), in the order of the form's fields.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors(pub Vec<(String, String)>);

impl FieldErrors {
    pub fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push((field.into(), message.into()));
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The message for one field, if any.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
    }

    /// `Ok(())` when there are no messages, else `Err(Error::Invalid)`.
    pub fn into_result(self) -> Result<()> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(Error::Invalid(self))
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("permission denied")]
    Denied,
    #[error("not found")]
    NotFound,
    #[error("invalid input")]
    Invalid(FieldErrors),
    /// Refused because of the current state; the message is for the user (Vietnamese).
    #[error("conflict: {0}")]
    Conflict(String),
    /// An imported file has problems; each line names where and what (Vietnamese).
    #[error("invalid file: {}", .0.join("; "))]
    InvalidFile(Vec<String>),
    #[error("too many attempts")]
    RateLimited,
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<Denied> for Error {
    fn from(_: Denied) -> Self {
        Error::Denied
    }
}

impl From<diesel_error::Error> for Error {
    fn from(e: diesel_error::Error) -> Self {
        Error::Store(StoreError::Query(e))
    }
}

/// Re-exported so use cases can use `?` on diesel errors inside `write_tx`.
pub mod diesel_error {
    pub use lantoa_store::QueryError as Error;
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
