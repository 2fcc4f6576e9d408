//! The languages the API answers in: the caller's [`Locale`] negotiated from
//! `Accept-Language` (Japanese for `ja`, `ja-JP`…, English otherwise), carried through the
//! handling of one request like the request id, and the [`Msg`] catalogue of every sentence
//! the service says, each written in both languages. A message without its Japanese is a
//! compile error; the catalogue's test fails on an empty text or on placeholders that differ
//! between the two.

mod catalogue;

use std::fmt;
use std::future::Future;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;
use serde::Serialize;

pub use catalogue::Msg;

crate::stored_enum! {
    /// A language the API writes in; also each account's language for the messages the service
    /// will send it.
    #[derive(Default)]
    pub enum Locale {
        /// English, the default for a caller who asks for neither language.
        #[default]
        En,
        Ja,
    }
}

impl Locale {
    /// The language tag, as `Content-Language` and the database write it.
    /// The caller's choice from an `Accept-Language` value (RFC 9110 §12.5.4): the supported
    /// language with the highest q-value, the first listed on a tie; `*` and anything
    /// unsupported mean English.
    pub fn negotiate(accept_language: &str) -> Locale {
        let mut best: Option<(u16, Locale)> = None;
        for range in accept_language.split(',') {
            let mut parts = range.split(';');
            let tag = parts.next().unwrap_or("").trim();
            let quality = parts
                .find_map(|p| p.trim().strip_prefix("q=").or(p.trim().strip_prefix("Q=")))
                .map_or(Some(1000), parse_quality);
            let Some(quality) = quality.filter(|q| *q > 0) else {
                continue;
            };
            let primary = tag.split('-').next().unwrap_or("").to_ascii_lowercase();
            let locale = match primary.as_str() {
                "ja" => Locale::Ja,
                "en" | "*" => Locale::En,
                _ => continue,
            };
            if best.is_none_or(|(q, _)| quality > q) {
                best = Some((quality, locale));
            }
        }
        best.map_or(Locale::En, |(_, locale)| locale)
    }
}

/// A q-value in thousandths (`0.8` → 800); `None` for one that is not a q-value.
fn parse_quality(text: &str) -> Option<u16> {
    let value: f32 = text.trim().parse().ok()?;
    (0.0..=1.0)
        .contains(&value)
        .then(|| (value * 1000.0).round() as u16)
}

tokio::task_local! {
    static LOCALE: Locale;
}

/// The language of the request being handled; English outside a request.
pub fn current_locale() -> Locale {
    LOCALE.try_with(|l| *l).unwrap_or_default()
}

/// Runs `handling` with `locale` as its language.
pub async fn scope<F: Future>(locale: Locale, handling: F) -> F::Output {
    LOCALE.scope(locale, handling).await
}

/// Negotiates the request's language for everything its handling says.
pub async fn negotiate(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let locale = req
        .headers()
        .get_all(header::ACCEPT_LANGUAGE)
        .filter_map(|v| v.to_str().ok())
        .collect::<Vec<_>>()
        .join(",");
    scope(Locale::negotiate(&locale), next.call(req)).await
}

/// Marks a response whose text is in `locale` and would be in another language for another
/// `Accept-Language`.
pub fn mark_language(headers: &mut header::HeaderMap, locale: Locale) {
    headers.insert(
        header::CONTENT_LANGUAGE,
        HeaderValue::from_static(locale.as_str()),
    );
    headers.append(header::VARY, HeaderValue::from_static("Accept-Language"));
}

impl Msg {
    /// The message in the language of the request being handled.
    pub fn localized(&self) -> String {
        self.text(current_locale())
    }
}

/// English, for logs and `Display` of errors.
impl fmt::Display for Msg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(Locale::En))
    }
}

/// A message serialises as its text in the request's language.
impl Serialize for Msg {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.localized())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn japanese_when_asked_for_first_or_by_q_value() {
        assert_eq!(Locale::negotiate("ja"), Locale::Ja);
        assert_eq!(Locale::negotiate("ja-JP,ja;q=0.9,en;q=0.8"), Locale::Ja);
        assert_eq!(Locale::negotiate("en;q=0.5, ja;q=0.9"), Locale::Ja);
        assert_eq!(Locale::negotiate("fr-FR, JA;q=0.1"), Locale::Ja);
    }

    #[test]
    fn english_by_default_and_for_anything_else() {
        assert_eq!(Locale::negotiate(""), Locale::En);
        assert_eq!(Locale::negotiate("fr, de;q=0.8"), Locale::En);
        assert_eq!(Locale::negotiate("*"), Locale::En);
        assert_eq!(Locale::negotiate("en-US,ja;q=0.9"), Locale::En);
        assert_eq!(Locale::negotiate("ja;q=0, en;q=0.1"), Locale::En);
        assert_eq!(Locale::negotiate("ja;q=0"), Locale::En);
        assert_eq!(Locale::negotiate("ja;q=abc"), Locale::En);
        assert_eq!(Locale::negotiate("japanese"), Locale::En);
    }

    #[test]
    fn a_tie_goes_to_the_first_listed() {
        assert_eq!(Locale::negotiate("en;q=0.8, ja;q=0.8"), Locale::En);
        assert_eq!(Locale::negotiate("ja, en"), Locale::Ja);
    }
}
