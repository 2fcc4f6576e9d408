//! One error type for the whole API, rendered as RFC 9457 `application/problem+json`.
//!
//! Handlers return `Result<_, ApiError>` and use `?`; database errors map themselves
//! (not found → 404, unique violation → 409, check or foreign-key violation → 422).
//! A 500 never carries the internal message, only the request id to quote to support.
//! Every text (`title`, `detail`, each field's `message`) is a [`Msg`] of the `i18n`
//! catalogue, written in the request's language when the problem is rendered.

use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use serde::Serialize;
use utoipa::ToSchema;

use crate::i18n::{self, Msg};
use crate::request_id::current_request_id;

/// One invalid field of a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct FieldError {
    /// The field's path in the request, e.g. `company.name_ja`.
    pub field: String,
    /// What is wrong with it, in the language `Accept-Language` asks for.
    #[schema(value_type = String)]
    pub message: Msg,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: Msg) -> Self {
        Self {
            field: field.into(),
            message,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    BadRequest(Msg),
    #[error("{0}")]
    Unauthorized(Msg),
    #[error("{0}")]
    Forbidden(Msg),
    #[error("the resource does not exist or is not visible to you")]
    NotFound,
    /// The path exists, but not with this method; `allow` lists the methods it has.
    #[error("this path answers {allow} only")]
    MethodNotAllowed { allow: String },
    #[error("{0}")]
    Conflict(Msg),
    /// A transition the object's current state does not allow.
    #[error("{detail}")]
    StateConflict { detail: Msg, current_status: String },
    /// A scheduling clash; `clashes` names what is already taken (company, buyer, table,
    /// interpreter).
    #[error("{detail}")]
    Clash { detail: Msg, clashes: Vec<String> },
    #[error("the request body is larger than {limit} bytes")]
    PayloadTooLarge { limit: usize },
    /// 413 for a body within the byte limit but over another of its route's limits (an
    /// import's row count, or its own byte limit), the detail saying which.
    #[error("{0}")]
    TooLarge(Msg),
    #[error("{0}")]
    UnsupportedMediaType(Msg),
    #[error("the request has invalid fields")]
    Validation(Vec<FieldError>),
    #[error("too many requests; retry after {retry_after_secs} s")]
    TooManyRequests { retry_after_secs: u64 },
    #[error("the database is not available right now")]
    Unavailable,
    /// The message is logged, never sent.
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    pub fn internal(message: impl Into<String>) -> Self {
        ApiError::Internal(message.into())
    }

    pub fn unauthorized() -> Self {
        ApiError::Unauthorized(Msg::TokenRequired)
    }

    pub fn forbidden() -> Self {
        ApiError::Forbidden(Msg::RoleForbids)
    }

    pub fn invalid(field: impl Into<String>, message: Msg) -> Self {
        ApiError::Validation(vec![FieldError::new(field, message)])
    }

    fn slug(&self) -> &'static str {
        match self {
            ApiError::BadRequest(_) => "bad-request",
            ApiError::Unauthorized(_) => "unauthorized",
            ApiError::Forbidden(_) => "forbidden",
            ApiError::NotFound => "not-found",
            ApiError::MethodNotAllowed { .. } => "method-not-allowed",
            ApiError::Conflict(_) => "conflict",
            ApiError::StateConflict { .. } => "invalid-transition",
            ApiError::Clash { .. } => "scheduling-clash",
            ApiError::PayloadTooLarge { .. } | ApiError::TooLarge(_) => "payload-too-large",
            ApiError::UnsupportedMediaType(_) => "unsupported-media-type",
            ApiError::Validation(_) => "validation",
            ApiError::TooManyRequests { .. } => "rate-limited",
            ApiError::Unavailable => "unavailable",
            ApiError::Internal(_) => "internal",
        }
    }

    /// What the problem's `detail` says.
    fn detail(&self) -> Msg {
        match self {
            ApiError::BadRequest(m)
            | ApiError::Unauthorized(m)
            | ApiError::Forbidden(m)
            | ApiError::Conflict(m)
            | ApiError::UnsupportedMediaType(m)
            | ApiError::TooLarge(m)
            | ApiError::StateConflict { detail: m, .. }
            | ApiError::Clash { detail: m, .. } => m.clone(),
            ApiError::NotFound => Msg::NotFound,
            ApiError::MethodNotAllowed { allow } => Msg::MethodNotAllowed {
                allow: allow.clone(),
            },
            ApiError::PayloadTooLarge { limit } => Msg::PayloadTooLarge { limit: *limit },
            ApiError::Validation(_) => Msg::InvalidFields,
            ApiError::TooManyRequests { retry_after_secs } => Msg::TooManyRequests {
                retry_after_secs: *retry_after_secs,
            },
            ApiError::Unavailable => Msg::Unavailable,
            ApiError::Internal(_) => Msg::Internal,
        }
    }

    /// The problem's `title`: its status's reason phrase.
    fn title(&self) -> Msg {
        match self {
            ApiError::BadRequest(_) => Msg::TitleBadRequest,
            ApiError::Unauthorized(_) => Msg::TitleUnauthorized,
            ApiError::Forbidden(_) => Msg::TitleForbidden,
            ApiError::NotFound => Msg::TitleNotFound,
            ApiError::MethodNotAllowed { .. } => Msg::TitleMethodNotAllowed,
            ApiError::Conflict(_) | ApiError::StateConflict { .. } | ApiError::Clash { .. } => {
                Msg::TitleConflict
            }
            ApiError::PayloadTooLarge { .. } | ApiError::TooLarge(_) => Msg::TitlePayloadTooLarge,
            ApiError::UnsupportedMediaType(_) => Msg::TitleUnsupportedMediaType,
            ApiError::Validation(_) => Msg::TitleUnprocessableEntity,
            ApiError::TooManyRequests { .. } => Msg::TitleTooManyRequests,
            ApiError::Unavailable => Msg::TitleServiceUnavailable,
            ApiError::Internal(_) => Msg::TitleInternalServerError,
        }
    }
}

/// The problem document (RFC 9457) every error response carries.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// A URI reference naming the kind of problem, e.g. `/problems/validation`.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// The `x-request-id` of the request, to quote when reporting a problem.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// For 422: every invalid field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<Vec<FieldError>>,
    /// For a refused transition (409): the object's status now.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_status: Option<String>,
    /// For a scheduling clash (409): what is already taken in that slot.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clashes: Option<Vec<String>>,
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Conflict(_) | ApiError::StateConflict { .. } | ApiError::Clash { .. } => {
                StatusCode::CONFLICT
            }
            ApiError::PayloadTooLarge { .. } | ApiError::TooLarge(_) => {
                StatusCode::PAYLOAD_TOO_LARGE
            }
            ApiError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        let request_id = current_request_id();
        if let ApiError::Internal(message) = self {
            tracing::error!(error = %message, request_id = ?request_id, "internal error");
        }
        let locale = i18n::current_locale();
        let problem = Problem {
            kind: format!("/problems/{}", self.slug()),
            title: self.title().text(locale),
            status: status.as_u16(),
            detail: self.detail().text(locale),
            request_id,
            errors: match self {
                ApiError::Validation(errors) => Some(errors.clone()),
                _ => None,
            },
            current_status: match self {
                ApiError::StateConflict { current_status, .. } => Some(current_status.clone()),
                _ => None,
            },
            clashes: match self {
                ApiError::Clash { clashes, .. } => Some(clashes.clone()),
                _ => None,
            },
        };
        let mut response = HttpResponse::build(status);
        response.content_type("application/problem+json");
        match self {
            ApiError::TooManyRequests { retry_after_secs } => {
                response.insert_header((header::RETRY_AFTER, retry_after_secs.to_string()));
            }
            ApiError::Unauthorized(_) => {
                response.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
            }
            ApiError::Unavailable => {
                response.insert_header((header::RETRY_AFTER, "5"));
            }
            ApiError::MethodNotAllowed { allow } => {
                response.insert_header((header::ALLOW, allow.as_str()));
            }
            _ => {}
        }
        let mut response = response.json(problem);
        i18n::mark_language(response.headers_mut(), locale);
        response
    }
}

impl From<DieselError> for ApiError {
    fn from(err: DieselError) -> Self {
        match err {
            DieselError::NotFound => ApiError::NotFound,
            DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => {
                ApiError::Conflict(Msg::RecordExists)
            }
            DieselError::DatabaseError(
                DatabaseErrorKind::CheckViolation | DatabaseErrorKind::ForeignKeyViolation,
                info,
            ) => {
                tracing::info!(constraint = ?info.constraint_name(), "constraint refused a write");
                ApiError::Validation(vec![FieldError::new(
                    info.column_name().unwrap_or("body"),
                    Msg::ValueNotAllowed,
                )])
            }
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl From<validator::ValidationErrors> for ApiError {
    fn from(errors: validator::ValidationErrors) -> Self {
        let mut fields = Vec::new();
        collect_validation_errors(&errors, String::new(), &mut fields);
        fields.sort_by(|a, b| a.field.cmp(&b.field));
        ApiError::Validation(fields)
    }
}

fn collect_validation_errors(
    errors: &validator::ValidationErrors,
    prefix: String,
    out: &mut Vec<FieldError>,
) {
    use validator::ValidationErrorsKind;
    for (field, kind) in errors.errors() {
        let path = if prefix.is_empty() {
            field.to_string()
        } else {
            format!("{prefix}.{field}")
        };
        match kind {
            ValidationErrorsKind::Field(list) => {
                for error in list {
                    let message = describe_validation_code(&error.code, error);
                    out.push(FieldError::new(path.clone(), message));
                }
            }
            ValidationErrorsKind::Struct(inner) => collect_validation_errors(inner, path, out),
            ValidationErrorsKind::List(items) => {
                for (index, inner) in items {
                    collect_validation_errors(inner, format!("{path}[{index}]"), out);
                }
            }
        }
    }
}

/// The catalogue's sentence for a failed `#[validate]` rule. The derive's own `message`
/// is not used: it could only be English.
fn describe_validation_code(code: &str, error: &validator::ValidationError) -> Msg {
    let param = |name: &str| error.params.get(name).map(ToString::to_string);
    match code {
        "length" => match (param("min"), param("max")) {
            (Some(min), Some(max)) => Msg::LengthBetween { min, max },
            (Some(min), None) => Msg::LengthAtLeast { min },
            (None, Some(max)) => Msg::LengthAtMost { max },
            _ => Msg::WrongLength,
        },
        "range" => match (param("min"), param("max")) {
            (Some(min), Some(max)) => Msg::RangeBetween { min, max },
            (Some(min), None) => Msg::RangeAtLeast { min },
            (None, Some(max)) => Msg::RangeAtMost { max },
            _ => Msg::OutOfRange,
        },
        "email" => Msg::Email,
        "url" => Msg::Url,
        other => Msg::InvalidCode {
            code: other.to_owned(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_500_hides_the_internal_message() {
        let response =
            ApiError::internal("connection string postgres://secret@db").error_response();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = actix_web::body::to_bytes(response.into_body());
        let bytes = futures_util::FutureExt::now_or_never(body)
            .and_then(Result::ok)
            .unwrap_or_default();
        let problem: serde_json::Value = serde_json::from_slice(&bytes).unwrap_or_default();
        assert_eq!(problem["status"], 500);
        assert_eq!(problem["type"], "/problems/internal");
        assert!(!String::from_utf8_lossy(&bytes).contains("secret"));
        assert!(problem["detail"]
            .as_str()
            .is_some_and(|d| d.contains("request id")));
    }

    #[test]
    fn database_errors_map_to_their_statuses() {
        assert_eq!(
            ApiError::from(DieselError::NotFound).status_code(),
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            ApiError::from(DieselError::RollbackTransaction).status_code(),
            StatusCode::INTERNAL_SERVER_ERROR
        );
    }
}
