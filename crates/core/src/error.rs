//! The error type shared by services. The gateway maps each variant to one HTTP status
//! and a stable snake_case code; messages are Vietnamese because people read them.

use std::collections::BTreeMap;

/// Field name → a Vietnamese message about what is wrong with it.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct FieldErrors(pub BTreeMap<String, String>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.entry(field.to_owned()).or_insert_with(|| message.into());
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.get(field).map(String::as_str)
    }

    /// `Ok(())` when nothing was added, otherwise the whole set as [`Error::Invalid`].
    ///
    /// # Errors
    /// [`Error::Invalid`] carrying every field error added so far.
    pub fn into_result(self) -> Result<(), Error> {
        if self.is_empty() { Ok(()) } else { Err(Error::Invalid(self)) }
    }

    pub fn single(field: &str, message: impl Into<String>) -> Self {
        let mut errors = Self::new();
        errors.add(field, message);
        errors
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("không tìm thấy {what}")]
    NotFound { what: &'static str },
    #[error("dữ liệu không hợp lệ")]
    Invalid(FieldErrors),
    /// A uniqueness or state conflict; `field` names the form field when there is one.
    #[error("{message}")]
    Conflict { code: &'static str, field: Option<&'static str>, message: String },
    #[error("cần đăng nhập")]
    Unauthenticated,
    #[error("email hoặc mật khẩu không đúng")]
    BadCredentials,
    #[error("không có quyền")]
    Forbidden,
    #[error("thử quá nhiều lần, vui lòng đợi {retry_after_secs} giây")]
    RateLimited { retry_after_secs: u64 },
    /// A provider we depend on (MoMo, Stripe…) did not answer or refused; worth retrying.
    #[error("{what} tạm thời không phản hồi, vui lòng thử lại sau")]
    Unavailable { what: String, detail: String },
    /// A store of our own (Redis) is slow or down: the request cannot be served as asked
    /// now, and a retry in a moment may work. `detail` is for the log only.
    #[error("{what} đang gián đoạn, vui lòng thử lại sau ít phút")]
    Outage { what: &'static str, detail: String },
    #[error("lỗi cơ sở dữ liệu: {0}")]
    Db(#[from] sea_orm::DbErr),
    #[error("lỗi hệ thống: {0}")]
    Internal(String),
}

impl Error {
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Self::Invalid(FieldErrors::single(field, message))
    }

    pub fn internal(err: impl std::fmt::Display) -> Self {
        Self::Internal(err.to_string())
    }
}

/// Whether a database error is a unique-constraint violation, on SQLite or PostgreSQL.
pub fn is_unique_violation(err: &sea_orm::DbErr) -> bool {
    matches!(err.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_)))
}

/// A unique-index violation as the conflict it means (`conflict()`); any other database
/// error as it is. For inserts whose index is the real guard against a race.
pub fn conflict_on_unique(err: sea_orm::DbErr, conflict: impl FnOnce() -> Error) -> Error {
    if is_unique_violation(&err) { conflict() } else { err.into() }
}
