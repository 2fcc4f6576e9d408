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
    if has_integral_float(&document) {
        return parse_with_integral_floats(bytes, document);
    }
    // The typed parse reads the bytes again, not `document`: only it sees duplicate keys.
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|e| deserialize_error(e.path().to_string(), e.into_inner()))?;
    deserializer.end().map_err(malformed)?;
    Ok(value)
}

/// JSON Schema's `integer` is a number whose value is whole, so `1.0` and `1e2` are integers
/// to the document (and to the clients and fuzzers that believe it), while serde refuses
/// them for an `i32`. Such numbers are read as the integers they are; the body is then parsed
/// from `document`, after a pass over the bytes for the duplicate keys that `document` no
/// longer shows. Fractions and floats beyond `i64` stay floats, refused where an integer is
/// wanted.
fn parse_with_integral_floats<T: DeserializeOwned>(
    bytes: &[u8],
    mut document: serde_json::Value,
) -> Result<T, ApiError> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize::<_, UniqueKeys>(&mut deserializer)
        .map_err(|e| deserialize_error(e.path().to_string(), e.into_inner()))?;
    integral_floats_to_integers(&mut document);
    serde_path_to_error::deserialize(document)
        .map_err(|e| deserialize_error(e.path().to_string(), e.into_inner()))
}

/// The whole number a float stands for, if it is one that fits an `i64`.
fn integral(number: &serde_json::Number) -> Option<i64> {
    let float = number.as_f64().filter(|_| number.is_f64())?;
    // 2^63 is exact as a float; every whole float below it in size fits an i64.
    (float.fract() == 0.0 && float.abs() < 9_223_372_036_854_775_808.0).then_some(float as i64)
}

fn has_integral_float(value: &serde_json::Value) -> bool {
    use serde_json::Value;
    match value {
        Value::Number(number) => integral(number).is_some(),
        Value::Array(items) => items.iter().any(has_integral_float),
        Value::Object(fields) => fields.values().any(has_integral_float),
        _ => false,
    }
}

fn integral_floats_to_integers(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Number(number) => {
            if let Some(whole) = integral(number) {
                *number = whole.into();
            }
        }
        Value::Array(items) => items.iter_mut().for_each(integral_floats_to_integers),
        Value::Object(fields) => fields.values_mut().for_each(integral_floats_to_integers),
        _ => {}
    }
}

/// Any JSON, refused when an object repeats a key, with serde's own words for it (which
/// [`deserialize_error`] knows).
struct UniqueKeys;

impl<'de> serde::Deserialize<'de> for UniqueKeys {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(UniqueKeysVisitor)
    }
}

struct UniqueKeysVisitor;

impl<'de> serde::de::Visitor<'de> for UniqueKeysVisitor {
    type Value = UniqueKeys;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("JSON")
    }
    fn visit_bool<E>(self, _: bool) -> Result<UniqueKeys, E> {
        Ok(UniqueKeys)
    }
    fn visit_i64<E>(self, _: i64) -> Result<UniqueKeys, E> {
        Ok(UniqueKeys)
    }
    fn visit_u64<E>(self, _: u64) -> Result<UniqueKeys, E> {
        Ok(UniqueKeys)
    }
    fn visit_f64<E>(self, _: f64) -> Result<UniqueKeys, E> {
        Ok(UniqueKeys)
    }
    fn visit_str<E>(self, _: &str) -> Result<UniqueKeys, E> {
        Ok(UniqueKeys)
    }
    fn visit_unit<E>(self) -> Result<UniqueKeys, E> {
        Ok(UniqueKeys)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<UniqueKeys, A::Error> {
        while seq.next_element::<UniqueKeys>()?.is_some() {}
        Ok(UniqueKeys)
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<UniqueKeys, A::Error> {
        let mut keys = std::collections::HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            if keys.contains(&key) {
                return Err(serde::de::Error::custom(format!("duplicate field `{key}`")));
            }
            map.next_value::<UniqueKeys>()?;
            keys.insert(key);
        }
        Ok(UniqueKeys)
    }
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

/// A JSON body that may be left out entirely (no body and no `Content-Type`) or sent as
/// `null`, standing for `T::default()`; any other body is checked like [`JsonBody`].
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
        let is_json = is_json(req);
        let body = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            if !is_json {
                return Err(ApiError::UnsupportedMediaType(Msg::JsonContentType));
            }
            let bytes = body.await.map_err(body_error)?;
            // The document offers `null` for a body that may be left out, and means the same.
            if bytes.trim_ascii() == b"null" {
                return Ok(OptionalJsonBody(T::default()));
            }
            let value: T = parse_json(&bytes)?;
            value.validate()?;
            Ok(OptionalJsonBody(value))
        })
    }
}

/// The document's half of the NUL rule (see `nul_in`): every free-text string the API takes,
/// in a request body or a parameter, carries [`NO_NUL`] as its pattern, so that a client or a
/// fuzzer reads the rule where the 422 comes from. Strings with a format, an `enum` or a
/// pattern of their own are left as they are (their patterns exclude NUL already).
pub struct StringsHoldNoNul;

/// A pattern that a string matches when it holds no NUL (U+0000).
pub const NO_NUL: &str = "^[^\\u0000]*$";

impl utoipa::Modify for StringsHoldNoNul {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::RefOr;
        if let Some(components) = openapi.components.as_mut() {
            components.schemas.values_mut().for_each(no_nul);
        }
        for item in openapi.paths.paths.values_mut() {
            let operations = [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ];
            for operation in operations.into_iter().flatten() {
                let parameters = operation.parameters.iter_mut().flatten();
                parameters
                    .filter_map(|p| p.schema.as_mut())
                    .for_each(no_nul);
                if let Some(body) = operation.request_body.as_mut() {
                    let schemas = body.content.values_mut().filter_map(|c| c.schema.as_mut());
                    schemas.for_each(no_nul);
                }
            }
        }
        fn no_nul(schema: &mut RefOr<utoipa::openapi::schema::Schema>) {
            use utoipa::openapi::schema::{
                AdditionalProperties, ArrayItems, Schema, SchemaType, Type,
            };
            let RefOr::T(schema) = schema else {
                return;
            };
            match schema {
                Schema::Object(object) => {
                    let string = match &object.schema_type {
                        SchemaType::Type(t) => *t == Type::String,
                        SchemaType::Array(types) => types.contains(&Type::String),
                        SchemaType::AnyValue => false,
                    };
                    if string
                        && object.format.is_none()
                        && object.enum_values.is_none()
                        && object.pattern.is_none()
                    {
                        object.pattern = Some(NO_NUL.to_owned());
                    }
                    object.properties.values_mut().for_each(no_nul);
                    if let Some(AdditionalProperties::RefOr(extra)) =
                        object.additional_properties.as_deref_mut()
                    {
                        no_nul(extra);
                    }
                }
                Schema::Array(array) => {
                    if let ArrayItems::RefOrSchema(items) = &mut array.items {
                        no_nul(items);
                    }
                }
                Schema::OneOf(one_of) => one_of.items.iter_mut().for_each(no_nul),
                Schema::AllOf(all_of) => all_of.items.iter_mut().for_each(no_nul),
                Schema::AnyOf(any_of) => any_of.items.iter_mut().for_each(no_nul),
                _ => {}
            }
        }
    }
}
