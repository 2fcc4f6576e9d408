//! The codes the API speaks: ISO 3166-1 alpha-2 countries, ISO 639-1 languages. One place,
//! so a buyer's country, an event's country and a candidate's nationality agree.

/// Whether `code` is an ISO 3166-1 alpha-2 country code (upper case).
pub fn is_country_code(code: &str) -> bool {
    code.len() == 2
        && code.bytes().all(|b| b.is_ascii_uppercase())
        && celes::Country::from_alpha2(code).is_ok()
}

/// An ISO 639-1 language code in lower case (`ja`, `en`, `th`).
pub fn is_language_code(code: &str) -> bool {
    code.len() == 2
        && code.bytes().all(|b| b.is_ascii_lowercase())
        && isolang::Language::from_639_1(code).is_some()
}

/// Every string `accepts` takes among the two-letter codes `AA`…`ZZ` (or `aa`…`zz`).
fn two_letter_codes(lower: bool, accepts: fn(&str) -> bool) -> Vec<String> {
    let letters = if lower { b'a'..=b'z' } else { b'A'..=b'Z' };
    letters
        .clone()
        .flat_map(|first| letters.clone().map(move |second| [first, second]))
        .filter_map(|pair| String::from_utf8(pair.to_vec()).ok())
        .filter(|code| accepts(code))
        .collect()
}

/// A string schema listing `values`, for a code the API checks against a list.
pub fn code_list_schema(
    description: &str,
    values: Vec<String>,
) -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    use utoipa::openapi::schema::{ObjectBuilder, Type};
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(description))
        .enum_values(Some(values))
        .into()
}

/// The document's name for an ISO 3166-1 alpha-2 code: its `enum` is what
/// [`is_country_code`] accepts, computed from it, so the two cannot disagree.
pub struct CountryCode;

impl utoipa::PartialSchema for CountryCode {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        code_list_schema(
            "ISO 3166-1 alpha-2 country code, upper case.",
            two_letter_codes(false, is_country_code),
        )
    }
}

impl utoipa::ToSchema for CountryCode {}

/// The document's name for an ISO 639-1 code: its `enum` is what [`is_language_code`]
/// accepts, computed from it.
pub struct LanguageCode;

impl utoipa::PartialSchema for LanguageCode {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        code_list_schema(
            "ISO 639-1 language code, lower case.",
            two_letter_codes(true, is_language_code),
        )
    }
}

impl utoipa::ToSchema for LanguageCode {}

#[cfg(test)]
mod schema_tests {
    use super::*;

    #[test]
    fn the_documented_codes_are_the_accepted_ones() {
        let countries = two_letter_codes(false, is_country_code);
        assert!(countries.contains(&"TH".to_owned()) && countries.contains(&"JP".to_owned()));
        assert!(!countries.contains(&"AA".to_owned()));
        let languages = two_letter_codes(true, is_language_code);
        assert!(languages.contains(&"ja".to_owned()) && languages.contains(&"th".to_owned()));
        assert!(!languages.contains(&"zz".to_owned()));
    }
}
