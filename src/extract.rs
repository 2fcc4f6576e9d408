//! Request extractors that turn bad input into the right problem: a body that is not JSON
//! is a 400, the wrong content type a 415, an oversized body a 413, and a body or query
//! whose fields are wrong (not an object, type, unknown field, failed validation) a 422
//! naming the field.

use actix_web::dev::Payload;
use actix_web::error::{JsonPayloadError, PathError, PayloadError, QueryPayloadError};
use actix_web::http::header;
use actix_web::{web, FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;
use validator::Validate;

use crate::error::{ApiError, FieldError};
use crate::i18n::Msg;

/// The largest JSON body accepted.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// A JSON body, deserialized strictly (types declare `deny_unknown_fields`) and validated.
#[derive(Debug)]
pub struct JsonBody<T>(pub T);

impl<T> FromRequest for JsonBody<T>
where
    T: DeserializeOwned + Validate + 'static,
{
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let is_json = is_json(req);
        let body = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            if !is_json {
                return Err(ApiError::UnsupportedMediaType(Msg::JsonContentType));
            }
            let bytes = body.await.map_err(body_error)?;
            let value: T = parse_json(&bytes)?;
            value.validate()?;
            Ok(JsonBody(value))
        })
    }
}

fn is_json(req: &HttpRequest) -> bool {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|essence| {
            let essence = essence.trim().to_ascii_lowercase();
            essence == "application/json"
                || (essence.starts_with("application/") && essence.ends_with("+json"))
        })
}

fn body_error(err: actix_web::Error) -> ApiError {
    match err.as_error::<PayloadError>() {
        Some(PayloadError::Overflow) => ApiError::PayloadTooLarge {
            limit: MAX_BODY_BYTES,
        },
        _ => ApiError::BadRequest(Msg::BodyUnreadable {
            reason: err.to_string(),
        }),
    }
}

/// Parses JSON, telling malformed JSON (400) from well-formed JSON with wrong fields (422).
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    // Every request body of this API is an object, but serde's derive also builds a struct
    // from an array of its fields in order (`[null, null]` would be an empty PATCH), so the
    // shape is checked on the parsed document first. That parse also tells malformed JSON
    // apart before any field is looked at.
    let document: serde_json::Value = serde_json::from_slice(bytes).map_err(malformed)?;
    if !document.is_object() {
        return Err(ApiError::invalid("body", Msg::JsonObject));
    }
    if let Some(field) = nul_in(&document, String::new()) {
        return Err(ApiError::invalid(field, NUL_MESSAGE));
    }
    // The typed parse reads the bytes again, not `document`: only it sees duplicate keys.
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|e| deserialize_error(e.path().to_string(), e.into_inner()))?;
    deserializer.end().map_err(malformed)?;
    Ok(value)
}

/// serde's account of where the JSON breaks stays as it is, inside a translated sentence.
fn malformed(err: serde_json::Error) -> ApiError {
    ApiError::BadRequest(Msg::MalformedJson {
        reason: err.to_string(),
    })
}

const NUL_MESSAGE: Msg = Msg::NoNul;

/// The path of the first string or key that holds a NUL, written as 422s name fields
/// (`company.name_ja`, `tags[2]`). JSON may escape one as `\u0000`, but PostgreSQL text
/// cannot store it: refused here, once for every route, it never reaches a database as a 500
/// on one backend and a stored value on the other.
fn nul_in(value: &serde_json::Value, path: String) -> Option<String> {
    use serde_json::Value;
    let child = |key: &str| {
        if path.is_empty() {
            key.to_owned()
        } else {
            format!("{path}.{key}")
        }
    };
    match value {
        Value::String(text) => text.contains('\0').then_some(path),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(index, item)| nul_in(item, format!("{path}[{index}]"))),
        Value::Object(fields) => fields.iter().find_map(|(key, item)| {
            if key.contains('\0') {
                Some(child(&key.replace('\0', "\\u0000")))
            } else {
                nul_in(item, child(key))
            }
        }),
        _ => None,
    }
}

fn deserialize_error(path: String, err: serde_json::Error) -> ApiError {
    use serde_json::error::Category;
    match err.classify() {
        Category::Data => {
            let message = err.to_string();
            // serde reports a duplicate key at the object holding it; name the key itself.
            let duplicate = message
                .strip_prefix("duplicate field `")
                .and_then(|rest| rest.split('`').next());
            let field = match (path.as_str(), duplicate) {
                (".", Some(key)) => key.to_owned(),
                (parent, Some(key)) => format!("{parent}.{key}"),
                (".", None) => "body".to_owned(),
                (_, None) => path,
            };
            ApiError::Validation(vec![FieldError::new(
                field,
                Msg::BadValue { reason: message },
            )])
        }
        Category::Syntax | Category::Eof | Category::Io => malformed(err),
    }
}

/// Query parameters, with a 422 naming the parameter that does not parse.
#[derive(Debug)]
pub struct Query<T>(pub T);

impl<T: DeserializeOwned + Validate> FromRequest for Query<T> {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let pairs = form_urlencoded::parse(req.query_string().as_bytes());
        // `%00` decodes to a NUL, which PostgreSQL text cannot hold (see `nul_in`).
        if let Some((name, _)) = pairs
            .clone()
            .find(|(name, value)| name.contains('\0') || value.contains('\0'))
        {
            let name = name.replace('\0', "\\u0000");
            return std::future::ready(Err(ApiError::invalid(name, NUL_MESSAGE)));
        }
        let parsed = serde_path_to_error::deserialize(serde_urlencoded::Deserializer::new(pairs))
            .map_err(|e| {
                let field = e.path().to_string();
                let reason = e.into_inner().to_string();
                ApiError::Validation(vec![FieldError::new(field, Msg::BadValue { reason })])
            })
            .and_then(|value: T| {
                value.validate()?;
                Ok(Query(value))
            });
        std::future::ready(parsed)
    }
}

/// For actix's own `web::Path`: an id that does not parse names nothing that exists.
pub fn path_error(err: PathError, _: &HttpRequest) -> actix_web::Error {
    tracing::debug!(error = %err, "path parameter refused");
    ApiError::NotFound.into()
}

/// For actix's own extractors, should a handler use them.
pub fn json_error(err: JsonPayloadError, _: &HttpRequest) -> actix_web::Error {
    match err {
        JsonPayloadError::Overflow { .. } | JsonPayloadError::OverflowKnownLength { .. } => {
            ApiError::PayloadTooLarge {
                limit: MAX_BODY_BYTES,
            }
        }
        JsonPayloadError::ContentType => ApiError::UnsupportedMediaType(Msg::JsonContentType),
        other => ApiError::BadRequest(Msg::BodyUnreadable {
            reason: other.to_string(),
        }),
    }
    .into()
}

pub fn query_error(err: QueryPayloadError, _: &HttpRequest) -> actix_web::Error {
    let reason = err.to_string();
    ApiError::Validation(vec![FieldError::new("query", Msg::BadValue { reason })]).into()
}

/// A JSON body that may be left out entirely (no body and no `Content-Type`), standing for
/// `T::default()`; when a body is sent it is checked like [`JsonBody`].
#[derive(Debug)]
pub struct OptionalJsonBody<T>(pub T);

impl<T> FromRequest for OptionalJsonBody<T>
where
    T: DeserializeOwned + Validate + Default + 'static,
{
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let empty = req.headers().get(header::CONTENT_TYPE).is_none()
            && req
                .headers()
                .get(header::CONTENT_LENGTH)
                .and_then(|v| v.to_str().ok())
                .is_none_or(|v| v.trim() == "0");
        if empty {
            return Box::pin(async { Ok(OptionalJsonBody(T::default())) });
        }
        let body = JsonBody::<T>::from_request(req, payload);
        Box::pin(async move { body.await.map(|JsonBody(value)| OptionalJsonBody(value)) })
    }
}
