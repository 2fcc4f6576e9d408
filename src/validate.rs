//! Checks shared by request types that `validator`'s derive does not express: lists of short
//! strings, ISO codes, URLs. Each returns the field errors it finds, so a handler can report
//! every problem of a request at once.

use crate::error::FieldError;
use crate::i18n::Msg;

/// At most `max_items` entries, each of at most `max_chars` characters and not blank: what
/// [`ShortText`] documents.
pub fn short_list(
    field: &str,
    items: &[String],
    max_items: usize,
    max_chars: usize,
) -> Vec<FieldError> {
    let mut errors = too_many(field, items.len(), max_items);
    for (index, item) in items.iter().enumerate() {
        if item.trim().is_empty() || item.chars().count() > max_chars {
            errors.push(FieldError::new(
                format!("{field}[{index}]"),
                Msg::CharsOneTo { max: max_chars },
            ));
        }
    }
    errors
}

fn too_many(field: &str, count: usize, max_items: usize) -> Vec<FieldError> {
    if count > max_items {
        vec![FieldError::new(
            field,
            Msg::AtMostEntries { max: max_items },
        )]
    } else {
        Vec::new()
    }
}

/// ISO 3166-1 alpha-2 country codes in upper case.
pub fn country_codes(field: &str, codes: &[String]) -> Vec<FieldError> {
    let mut errors = too_many(field, codes.len(), 250);
    for (index, code) in codes.iter().enumerate() {
        if !crate::codes::is_country_code(code) {
            errors.push(FieldError::new(
                format!("{field}[{index}]"),
                Msg::CountryCode { example: "TH" },
            ));
        }
    }
    errors
}

/// ISO 639-1 language codes in lower case (`ja`, `en`, `th`).
pub fn language_codes(field: &str, codes: &[String]) -> Vec<FieldError> {
    let mut errors = too_many(field, codes.len(), 20);
    for (index, code) in codes.iter().enumerate() {
        if !crate::codes::is_language_code(code) {
            errors.push(FieldError::new(
                format!("{field}[{index}]"),
                Msg::LanguageCode,
            ));
        }
    }
    errors
}

/// An absolute http(s) URL of at most 300 characters (documented by [`WebUrl`]). It is stored and shown, never fetched.
pub fn web_url(field: &str, url: &str) -> Vec<FieldError> {
    use validator::ValidateUrl;
    let lower = url.to_ascii_lowercase();
    let ok = url.chars().count() <= 300
        && (lower.starts_with("https://") || lower.starts_with("http://"))
        && url.validate_url();
    if ok {
        Vec::new()
    } else {
        vec![FieldError::new(field, Msg::WebUrl)]
    }
}

/// Turns collected field errors into a 422, or nothing.
pub fn finish(errors: Vec<FieldError>) -> Result<(), crate::error::ApiError> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(crate::error::ApiError::Validation(errors))
    }
}

/// Deserialises a field that may be absent (leave as is), `null` (clear) or a value.
pub fn double_option<'de, T, D>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    T: serde::Deserialize<'de>,
    D: serde::Deserializer<'de>,
{
    serde::Deserialize::deserialize(deserializer).map(Some)
}

/// A pattern that a string matches when it holds no NUL (which every string must not, see
/// `extract::NO_NUL`) and one character that is not white space, as `str::trim` counts white
/// space (Unicode's `White_Space`, spelt out, so that every regular expression dialect reads
/// it alike).
pub const NOT_BLANK: &str = "^[^\\u0000]*[^\\u0000\\t-\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000][^\\u0000]*$";

/// The document's name for an entry of a [`short_list`] of `MAX` characters at most.
pub struct ShortText<const MAX: usize>;

impl<const MAX: usize> utoipa::PartialSchema for ShortText<MAX> {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, Type};
        ObjectBuilder::new()
            .schema_type(Type::String)
            .description(Some(format!(
                "1 to {MAX} characters, not only white space."
            )))
            .min_length(Some(1))
            .max_length(Some(MAX))
            .pattern(Some(NOT_BLANK))
            .into()
    }
}

impl<const MAX: usize> utoipa::ToSchema for ShortText<MAX> {
    fn name() -> std::borrow::Cow<'static, str> {
        format!("ShortText{MAX}").into()
    }
}

/// The document's name for what [`web_url`] accepts.
pub struct WebUrl;

impl utoipa::PartialSchema for WebUrl {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, SchemaFormat, Type};
        ObjectBuilder::new()
            .schema_type(Type::String)
            .description(Some(
                "An absolute http(s) URL; stored and shown, never fetched by the service.",
            ))
            .format(Some(SchemaFormat::Custom("uri".into())))
            .max_length(Some(300))
            .pattern(Some("^[Hh][Tt][Tt][Pp][Ss]?://[^\\u0000]*$"))
            .into()
    }
}

impl utoipa::ToSchema for WebUrl {}
