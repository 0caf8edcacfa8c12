//! What page forms share: numbers typed the Vietnamese way, what a submission came to
//! ([`Outcome`]: done, or refused with what to show on the form again), and the one reader
//! of multipart uploads ([`read_multipart`]).

use std::collections::HashMap;

use axum::extract::{DefaultBodyLimit, Multipart};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use ocop_core::{Error, FieldErrors};
use serde::Serialize;

use crate::error::{ErrorPage, classify, json_error, public_message};
use crate::page::Page;

/// Uploads (imports, images, certificate scans, bank statements) may be larger than
/// ordinary requests.
pub const UPLOAD_LIMIT_BYTES: usize = 16 * 1024 * 1024;

/// The body limit of an upload route.
pub fn upload_limit() -> DefaultBodyLimit {
    DefaultBodyLimit::max(UPLOAD_LIMIT_BYTES)
}

/// A whole number of đồng or pieces typed into a form: "125000", "125.000" or "125 000".
/// A fraction ("125000,5") or anything else is a field error.
pub fn whole_number(errors: &mut FieldErrors, field: &str, raw: &str) -> Option<i64> {
    let compact: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    let grouped = compact.split('.').collect::<Vec<_>>();
    let digits =
        if grouped.len() > 1 && grouped[1..].iter().all(|g| g.len() == 3) { grouped.concat() } else { compact };
    match digits.parse::<i64>() {
        Ok(n) => Some(n),
        Err(_) => {
            errors.add(field, "Nhập số nguyên, ví dụ 125000 hoặc 125.000");
            None
        }
    }
}

/// The message a person reads for an error, with the field's own words when there are some.
pub fn error_text(e: &Error) -> String {
    match e {
        Error::Invalid(fields) => fields.0.values().cloned().collect::<Vec<_>>().join(" · "),
        other => public_message(other),
    }
}

/// Errors a form shows on itself, besides a bad field (always shown).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shows {
    /// 409: taken, out of stock, not in this state any more.
    Conflict,
    /// 404: what the form names is gone.
    NotFound,
    /// 403: not this person's to do (a coordinator outside their provinces).
    Forbidden,
}

/// What a form's submission came to.
pub enum Outcome<T> {
    Done(T),
    /// Something the person can put right: show the form again with it.
    Refused(Refused),
}

/// A refusal a form shows: its status (422, or 409/404/403 when the form shows those) and
/// the error, read as field errors or as one line.
#[derive(Debug)]
pub struct Refused {
    pub status: StatusCode,
    pub error: Error,
}

impl Refused {
    /// The errors by field: a bad field's own, or a conflict's field.
    pub fn fields(&self) -> FieldErrors {
        match &self.error {
            Error::Invalid(fields) => fields.clone(),
            Error::Conflict { field: Some(field), message, .. } => FieldErrors::single(field, message.clone()),
            _ => FieldErrors::new(),
        }
    }

    /// The errors by field, anything else put under `field`.
    pub fn fields_or(&self, field: &str) -> FieldErrors {
        match &self.error {
            Error::Invalid(fields) => fields.clone(),
            other => FieldErrors::single(field, public_message(other)),
        }
    }

    /// All of it in one line ([`error_text`]).
    pub fn text(&self) -> String {
        error_text(&self.error)
    }

    /// The form again, with this refusal's status.
    pub fn render(&self, page: &Page, template: &str, view: &impl Serialize) -> Response {
        page.render_with(self.status, template, view)
    }
}

/// Sorts a service's answer to a form: done, refused in a way the form shows (a bad field
/// always; the kinds in `shows` too), or an error for the error page.
///
/// # Errors
/// Any other error, as the error page shows it.
pub fn outcome<T>(result: Result<T, Error>, shows: &[Shows]) -> Result<Outcome<T>, Error> {
    let shown = |e: &Error| match e {
        Error::Invalid(_) => true,
        Error::Conflict { .. } => shows.contains(&Shows::Conflict),
        Error::NotFound { .. } => shows.contains(&Shows::NotFound),
        Error::Forbidden => shows.contains(&Shows::Forbidden),
        _ => false,
    };
    match result {
        Ok(value) => Ok(Outcome::Done(value)),
        Err(error) if shown(&error) => Ok(Outcome::Refused(Refused { status: classify(&error).0, error })),
        Err(other) => Err(other),
    }
}

/// A multipart form read whole: its files and text fields by name.
#[derive(Debug, Default)]
pub struct Upload {
    /// Every value sent under each name, in order (a multiple file input sends several).
    fields: HashMap<String, Vec<Vec<u8>>>,
    /// Names in the order sent (checkboxes).
    names: Vec<String>,
}

impl Upload {
    /// The bytes sent under `name` (the last, if several); empty when none were.
    pub fn take(&mut self, name: &str) -> Vec<u8> {
        self.fields.remove(name).and_then(|mut all| all.pop()).unwrap_or_default()
    }

    /// Every file sent under `name`, in order.
    pub fn take_all(&mut self, name: &str) -> Vec<Vec<u8>> {
        self.fields.remove(name).unwrap_or_default()
    }

    /// The text sent under `name` (lossy UTF-8, the last if several); empty when none was.
    pub fn text(&self, name: &str) -> String {
        self.fields
            .get(name)
            .and_then(|all| all.last())
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .unwrap_or_default()
    }

    /// Every text sent under `name` (ticked checkboxes of one name).
    pub fn texts(&self, name: &str) -> Vec<String> {
        self.fields
            .get(name)
            .map(|all| all.iter().map(|b| String::from_utf8_lossy(b).into_owned()).collect())
            .unwrap_or_default()
    }

    /// Whether a field `name` was sent (a ticked checkbox).
    pub fn has(&self, name: &str) -> bool {
        self.names.iter().any(|n| n == name)
    }
}

/// An upload that could not be read: cut off, malformed, or over the cap.
#[derive(Debug)]
pub struct UploadError {
    pub status: StatusCode,
    pub message: String,
}

impl UploadError {
    /// As a field error, for forms that show it on themselves (the import pages, the API).
    pub fn invalid(self, field: &str) -> Error {
        Error::invalid(field, self.message)
    }

    /// As the API's JSON error.
    pub fn api_response(self) -> Response {
        let code = if self.status == StatusCode::PAYLOAD_TOO_LARGE { "payload_too_large" } else { "bad_request" };
        json_error(self.status, code, &self.message, &FieldErrors::new())
    }
}

/// A page: the error page with the status and what went wrong.
impl IntoResponse for UploadError {
    fn into_response(self) -> Response {
        let mut response = self.status.into_response();
        response.extensions_mut().insert(ErrorPage { message: Some(self.message) });
        response
    }
}

/// Reads every field of a multipart form. A transport error or a malformed body is a 400
/// naming the problem, a body over [`UPLOAD_LIMIT_BYTES`] a 413 saying the cap — never a
/// silently empty field.
///
/// # Errors
/// [`UploadError`] as above.
pub async fn read_multipart(mut multipart: Multipart) -> Result<Upload, UploadError> {
    let broken = |e: &dyn std::fmt::Display| UploadError {
        status: StatusCode::BAD_REQUEST,
        message: format!("Tệp tải lên bị lỗi: {e}"),
    };
    let mut upload = Upload::default();
    while let Some(field) = multipart.next_field().await.map_err(|e| broken(&e))? {
        let Some(name) = field.name().map(str::to_owned) else { continue };
        let bytes = field.bytes().await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                UploadError {
                    status: StatusCode::PAYLOAD_TOO_LARGE,
                    message: ocop_catalog::import::too_large(UPLOAD_LIMIT_BYTES),
                }
            } else {
                broken(&e)
            }
        })?;
        upload.names.push(name.clone());
        upload.fields.entry(name).or_default().push(bytes.to_vec());
    }
    Ok(upload)
}

/// Reads a form posted either way: multipart (with files) or URL-encoded (a browser whose
/// form had no file chosen still sends multipart; scripts often send URL-encoded). Taking the
/// request itself lets a handler check who asks before it reads the body.
///
/// # Errors
/// [`UploadError`] as [`read_multipart`]; a URL-encoded body that cannot be read is a 400.
pub async fn read_any_form(req: axum::extract::Request) -> Result<Upload, UploadError> {
    use axum::extract::FromRequest;
    let content_type = req
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    if content_type.starts_with("multipart/form-data") {
        let multipart = Multipart::from_request(req, &()).await.map_err(|e| UploadError {
            status: StatusCode::BAD_REQUEST,
            message: format!("Tệp tải lên bị lỗi: {e}"),
        })?;
        return read_multipart(multipart).await;
    }
    let bytes = axum::body::to_bytes(req.into_body(), UPLOAD_LIMIT_BYTES).await.map_err(|_| UploadError {
        status: StatusCode::PAYLOAD_TOO_LARGE,
        message: ocop_catalog::import::too_large(UPLOAD_LIMIT_BYTES),
    })?;
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes)
        .map_err(|e| UploadError {
            status: StatusCode::BAD_REQUEST, message: format!("Biểu mẫu bị lỗi: {e}")
        })?;
    let mut upload = Upload::default();
    for (name, value) in pairs {
        upload.names.push(name.clone());
        upload.fields.entry(name).or_default().push(value.into_bytes());
    }
    Ok(upload)
}

#[cfg(test)]
mod tests {
    use super::{Outcome, Shows, outcome, whole_number};
    use axum::http::StatusCode;
    use ocop_core::{Error, FieldErrors};

    fn refused(result: Result<(), Error>, shows: &[Shows]) -> Option<(StatusCode, FieldErrors, String)> {
        match outcome(result, shows) {
            Ok(Outcome::Refused(r)) => Some((r.status, r.fields(), r.text())),
            _ => None,
        }
    }

    #[test]
    fn a_bad_field_is_always_shown_the_rest_only_when_asked() {
        let (status, fields, text) = refused(Err(Error::invalid("name", "Nhập tên")), &[]).unwrap_or_default();
        assert_eq!(
            (status, fields.get("name"), text.as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("Nhập tên"), "Nhập tên")
        );
        let taken =
            || Error::Conflict { code: "taken", field: Some("email"), message: "Email đã được dùng".into() };
        assert!(matches!(outcome(Err::<(), _>(taken()), &[]), Err(Error::Conflict { .. })));
        let (status, fields, _) = refused(Err(taken()), &[Shows::Conflict]).unwrap_or_default();
        assert_eq!((status, fields.get("email")), (StatusCode::CONFLICT, Some("Email đã được dùng")));
        assert!(matches!(outcome(Err::<(), _>(Error::Forbidden), &[Shows::Conflict]), Err(Error::Forbidden)));
        assert!(matches!(outcome(Ok(5), &[]), Ok(Outcome::Done(5))));
    }

    #[test]
    fn reads_vietnamese_thousands_and_refuses_fractions() {
        let mut e = FieldErrors::new();
        assert_eq!(whole_number(&mut e, "p", "125.000"), Some(125_000));
        assert_eq!(whole_number(&mut e, "p", "1.250.000"), Some(1_250_000));
        assert_eq!(whole_number(&mut e, "p", " 99 000 "), Some(99_000));
        assert_eq!(whole_number(&mut e, "p", "-5"), Some(-5));
        assert!(e.is_empty());
        assert_eq!(whole_number(&mut e, "p", "125000,5"), None);
        assert_eq!(whole_number(&mut e, "p", "12.5"), None);
        assert_eq!(whole_number(&mut e, "p", "abc"), None);
        assert!(e.get("p").is_some());
    }
}
