//! The application's error: what went wrong, in terms a page or the API can answer with.

use crate::db::DbError;
use crate::domain::lifecycle::MoveError;
use crate::domain::policy::Denied;
use crate::domain::validate::FieldErrors;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    #[error("not logged in or wrong credentials ({0})")]
    Unauthorized(&'static str),
    /// The request is understood but conflicts with the object's state; the key names the message.
    #[error("conflict: {0}")]
    Conflict(&'static str),
    #[error("invalid input")]
    Invalid(FieldErrors),
    /// Too many tries; the number is how many seconds to wait (`Retry-After`).
    #[error("too many requests")]
    TooManyRequests(u64),
    /// The password was right; the account also needs its second factor (`code`).
    #[error("second factor required")]
    SecondFactorRequired,
    #[error("service unavailable: {0}")]
    Unavailable(String),
    #[error("internal error: {0}")]
    Internal(String),
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn status(&self) -> u16 {
        match self {
            AppError::NotFound => 404,
            AppError::Forbidden => 403,
            AppError::Unauthorized(_) => 401,
            AppError::Conflict(_) => 409,
            AppError::Invalid(_) => 422,
            AppError::TooManyRequests(_) => 429,
            AppError::SecondFactorRequired => 401,
            AppError::Unavailable(_) => 503,
            AppError::Internal(_) => 500,
        }
    }

    /// A stable machine-readable code for the API.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::NotFound => "not-found",
            AppError::Forbidden => "forbidden",
            AppError::Unauthorized(_) => "unauthorized",
            AppError::Conflict(_) => "conflict",
            AppError::Invalid(_) => "invalid",
            AppError::TooManyRequests(_) => "too-many-requests",
            AppError::SecondFactorRequired => "second-factor-required",
            AppError::Unavailable(_) => "unavailable",
            AppError::Internal(_) => "internal",
        }
    }

    /// The message key in the message files.
    pub fn message_key(&self) -> &'static str {
        match self {
            AppError::NotFound => "error-not-found",
            AppError::Forbidden => "error-forbidden",
            AppError::Unauthorized(k) => k,
            AppError::Conflict(k) => k,
            AppError::Invalid(_) => "error-invalid",
            AppError::TooManyRequests(_) => "error-too-many",
            AppError::SecondFactorRequired => "error-second-factor-required",
            AppError::Unavailable(_) => "error-unavailable",
            AppError::Internal(_) => "error-internal",
        }
    }

    /// Seconds to wait before trying again, for `Retry-After`.
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            AppError::TooManyRequests(s) => Some(*s),
            _ => None,
        }
    }

    pub fn invalid(field: &str, key: &'static str) -> AppError {
        let mut e = FieldErrors::default();
        e.add(field, key);
        AppError::Invalid(e)
    }
}

impl From<DbError> for AppError {
    fn from(e: DbError) -> Self {
        match e {
            DbError::Conflict(_) => AppError::Conflict("error-duplicate"),
            DbError::Unavailable(m) => AppError::Unavailable(m),
            other => AppError::Internal(other.to_string()),
        }
    }
}

impl From<Denied> for AppError {
    fn from(d: Denied) -> Self {
        match d {
            Denied::NotFound => AppError::NotFound,
            Denied::Forbidden => AppError::Forbidden,
        }
    }
}

impl From<MoveError> for AppError {
    fn from(e: MoveError) -> Self {
        match e {
            MoveError::WrongState => AppError::Conflict("error-move-state"),
            MoveError::WrongActor => AppError::Conflict("error-move-actor"),
        }
    }
}

impl From<FieldErrors> for AppError {
    fn from(e: FieldErrors) -> Self {
        AppError::Invalid(e)
    }
}
