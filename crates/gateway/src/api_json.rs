//! The JSON the API reads and some of what it answers, shared with the pages' scripts (the
//! selling screen's offline queue answers as the API does).

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use ocop_core::FieldErrors;
use ocop_pos::Recorded;
use serde::de::DeserializeOwned;

use crate::error::json_error;

/// The answer for a recorded sale: 201 the first time, 200 with `Idempotent-Replayed: true`
/// after.
pub fn recorded_response(recorded: &Recorded) -> Response {
    let (status, replayed) = match recorded {
        Recorded::New(_) => (StatusCode::CREATED, false),
        Recorded::Replayed(_) => (StatusCode::OK, true),
    };
    let mut response = (status, Json(recorded.sale())).into_response();
    if replayed {
        response.headers_mut().insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    response
}

/// `Json<T>` whose rejections use the API error shape and name the offending field.
pub struct ApiJson<T>(pub T);

impl<T, S> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(ApiJson(value)),
            Err(rejection) => Err(json_rejection(&rejection)),
        }
    }
}

fn json_rejection(rejection: &JsonRejection) -> Response {
    let status = rejection.status();
    let text = rejection.body_text();
    let mut fields = FieldErrors::new();
    let (code, message) = match rejection {
        JsonRejection::JsonDataError(_) => {
            let field = field_of(&text);
            let message = format!("Giá trị không hợp lệ: {}", detail_of(&text));
            if let Some(field) = &field {
                fields.add(field, message.clone());
            }
            ("invalid_input", message)
        }
        JsonRejection::JsonSyntaxError(_) => {
            ("malformed_json", format!("JSON không đúng cú pháp: {}", detail_of(&text)))
        }
        JsonRejection::MissingJsonContentType(_) => {
            ("unsupported_media_type", "Cần header Content-Type: application/json".to_owned())
        }
        _ if status == axum::http::StatusCode::PAYLOAD_TOO_LARGE => {
            ("payload_too_large", "Dữ liệu gửi lên quá lớn".to_owned())
        }
        _ => ("bad_request", text.clone()),
    };
    json_error(status, code, &message, &fields).into_response()
}

/// The part of serde's message after axum's preamble.
fn detail_of(text: &str) -> &str {
    text.split_once("target type: ").or_else(|| text.split_once("JSON body: ")).map_or(text, |(_, rest)| rest)
}

/// The field a serde error is about: `missing field `email`` or a `path: …` prefix.
fn field_of(text: &str) -> Option<String> {
    let detail = detail_of(text);
    if let Some(rest) = detail.split_once("field `").map(|(_, r)| r) {
        return rest.split('`').next().map(str::to_owned);
    }
    let (path, _) = detail.split_once(": ")?;
    (!path.contains(' ')).then(|| path.to_owned())
}

#[cfg(test)]
mod tests {
    use super::field_of;

    #[test]
    fn finds_the_field_in_serde_messages() {
        let missing =
            "Failed to deserialize the JSON body into the target type: missing field `email` at line 1 column 2";
        assert_eq!(field_of(missing).as_deref(), Some("email"));
        let wrong = "Failed to deserialize the JSON body into the target type: name: invalid type: integer `5`, expected a string at line 1 column 9";
        assert_eq!(field_of(wrong).as_deref(), Some("name"));
        assert_eq!(
            field_of(
                "Failed to deserialize the JSON body into the target type: invalid type: integer `5`, expected struct X"
            ),
            None
        );
    }
}
