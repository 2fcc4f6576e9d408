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
