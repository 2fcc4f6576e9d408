//! Money as the programme records it: integer minor units in the deal's ISO 4217 currency,
//! and the yen amount at the exchange rate the user states. No rate is ever looked up: the
//! rate is part of the record, so the council can recompute every yen figure.

use iso_currency::Currency;

use crate::i18n::Msg;

/// Decimal places kept in a stated exchange rate.
const RATE_SCALE: u32 = 6;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MoneyError {
    pub field: &'static str,
    pub message: Msg,
}

fn error(field: &'static str, message: Msg) -> MoneyError {
    MoneyError { field, message }
}

/// The minor-unit exponent of an ISO 4217 code (`USD` → 2, `JPY` → 0).
pub fn exponent(code: &str) -> Result<u32, MoneyError> {
    Currency::from_code(code)
        .map(|c| u32::from(c.exponent().unwrap_or(0)))
        .ok_or_else(|| error("currency", Msg::CurrencyCode))
}

/// The document's name for an ISO 4217 code: its `enum` is every three-letter code that
/// [`exponent`] knows, found by asking it.
pub struct CurrencyCode;

impl CurrencyCode {
    fn codes() -> Vec<String> {
        let letters = b'A'..=b'Z';
        letters
            .clone()
            .flat_map(|a| {
                letters
                    .clone()
                    .flat_map(move |b| (b'A'..=b'Z').map(move |c| [a, b, c]))
            })
            .filter_map(|code| String::from_utf8(code.to_vec()).ok())
            .filter(|code| exponent(code).is_ok())
            .collect()
    }
}

impl utoipa::PartialSchema for CurrencyCode {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        crate::codes::code_list_schema("ISO 4217 currency code, upper case.", Self::codes())
    }
}

impl utoipa::ToSchema for CurrencyCode {}

/// Parses a positive decimal rate (yen per one unit of the currency) with at most six
/// decimals, e.g. `149.53`, into millionths.
pub fn parse_rate(text: &str) -> Result<i128, MoneyError> {
    let invalid = || error("exchange_rate", Msg::RatePositive);
    let (whole, fraction) = text.trim().split_once('.').unwrap_or((text.trim(), ""));
    if whole.is_empty()
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !fraction.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(invalid());
    }
    if fraction.len() > RATE_SCALE as usize || whole.len() > 12 {
        return Err(error("exchange_rate", Msg::RateDigits));
    }
    let whole: i128 = whole.parse().map_err(|_| invalid())?;
    let fraction: i128 = format!("{fraction:0<6}").parse().map_err(|_| invalid())?;
    let rate = whole * 10_i128.pow(RATE_SCALE) + fraction;
    if rate == 0 {
        return Err(invalid());
    }
    Ok(rate)
}

/// The yen value of `amount_minor` of `currency` at `rate` (millionths of a yen per unit),
/// rounded half up to the yen.
pub fn to_jpy(amount_minor: i64, currency: &str, rate: i128) -> Result<i64, MoneyError> {
    let divisor = 10_i128.pow(exponent(currency)? + RATE_SCALE);
    let yen = (i128::from(amount_minor) * rate + divisor / 2) / divisor;
    i64::try_from(yen).map_err(|_| error("amount_minor", Msg::TooLarge))
}

/// What a negotiation or a report states about money, checked and completed: the yen
/// amount is taken as given, or computed from the stated rate; given both, they must agree
/// to the yen.
pub fn settle(
    amount_minor: Option<i64>,
    currency: Option<&str>,
    exchange_rate: Option<&str>,
    amount_jpy: Option<i64>,
) -> Result<(Option<String>, Option<i64>), MoneyError> {
    if amount_minor.is_some_and(|a| a < 0) {
        return Err(error("amount_minor", Msg::NotNegative));
    }
    if amount_jpy.is_some_and(|a| a < 0) {
        return Err(error("amount_jpy", Msg::NotNegative));
    }
    let (Some(amount), Some(currency)) = (amount_minor, currency) else {
        if amount_minor.is_some() {
            return Err(error("currency", Msg::RequiredWithAmount));
        }
        if currency.is_some() || exchange_rate.is_some() {
            return Err(error("amount_minor", Msg::RequiredWithCurrencyRate));
        }
        return Ok((None, amount_jpy));
    };
    exponent(currency)?;
    if currency == "JPY" {
        settle_yen(amount, exchange_rate, amount_jpy)
    } else {
        settle_foreign(amount, currency, exchange_rate, amount_jpy)
    }
}

/// A yen deal: the amount is the yen amount, and a stated rate can only be 1.
fn settle_yen(
    amount: i64,
    exchange_rate: Option<&str>,
    amount_jpy: Option<i64>,
) -> Result<(Option<String>, Option<i64>), MoneyError> {
    if exchange_rate.is_some_and(|r| parse_rate(r) != Ok(10_i128.pow(RATE_SCALE))) {
        return Err(error("exchange_rate", Msg::YenRateOne));
    }
    if amount_jpy.is_some_and(|j| j != amount) {
        return Err(error("amount_jpy", Msg::YenEqual));
    }
    Ok((None, Some(amount)))
}

/// A deal in another currency: the yen amount as stated, or computed at the stated rate;
/// given both, they agree to the yen.
fn settle_foreign(
    amount: i64,
    currency: &str,
    exchange_rate: Option<&str>,
    amount_jpy: Option<i64>,
) -> Result<(Option<String>, Option<i64>), MoneyError> {
    let rate = exchange_rate.map(parse_rate).transpose()?;
    match (rate, amount_jpy) {
        (Some(rate), Some(jpy)) => {
            let computed = to_jpy(amount, currency, rate)?;
            if (computed - jpy).abs() > 1 {
                return Err(error(
                    "amount_jpy",
                    Msg::YenMismatch {
                        computed: computed.to_string(),
                    },
                ));
            }
            Ok((exchange_rate.map(|r| r.trim().to_owned()), Some(jpy)))
        }
        (Some(rate), None) => Ok((
            exchange_rate.map(|r| r.trim().to_owned()),
            Some(to_jpy(amount, currency, rate)?),
        )),
        (None, Some(jpy)) => Ok((None, Some(jpy))),
        (None, None) => Err(error("exchange_rate", Msg::StateRate)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_currencies_are_the_known_codes_in_upper_case() {
        let codes = CurrencyCode::codes();
        assert!(codes.contains(&"USD".to_owned()) && codes.contains(&"JPY".to_owned()));
        assert!(!codes.contains(&"XXY".to_owned()));
        assert!(
            exponent("usd").is_err(),
            "lower case is refused, as documented"
        );
    }

    #[test]
    fn dollars_convert_at_the_stated_rate() {
        // 12,345.67 USD at 149.53 yen = 1,846,048.0351 yen.
        assert_eq!(
            to_jpy(1_234_567, "USD", parse_rate("149.53").unwrap()),
            Ok(1_846_048)
        );
        assert_eq!(
            settle(Some(1_234_567), Some("USD"), Some("149.53"), None)
                .unwrap()
                .1,
            Some(1_846_048)
        );
    }

    #[test]
    fn rounding_is_half_up_to_the_yen() {
        // 0.01 EUR at 150.5 = 1.505 yen → 2.
        assert_eq!(to_jpy(1, "EUR", parse_rate("150.5").unwrap()), Ok(2));
        assert_eq!(to_jpy(1, "EUR", parse_rate("149.4").unwrap()), Ok(1));
    }

    #[test]
    fn currencies_without_minor_units_and_with_three() {
        assert_eq!(to_jpy(1000, "KRW", parse_rate("0.11").unwrap()), Ok(110));
        assert_eq!(to_jpy(1000, "KWD", parse_rate("480").unwrap()), Ok(480));
    }

    #[test]
    fn yen_deals_need_no_rate() {
        assert_eq!(
            settle(Some(5_000_000), Some("JPY"), None, None),
            Ok((None, Some(5_000_000)))
        );
        assert!(settle(Some(5_000_000), Some("JPY"), None, Some(4_000_000)).is_err());
        assert!(settle(Some(5_000_000), Some("JPY"), Some("2"), None).is_err());
    }

    #[test]
    fn a_stated_yen_amount_must_agree_with_the_rate() {
        // 100.00 USD at 150 yen.
        assert!(settle(Some(10_000), Some("USD"), Some("150"), Some(15_000)).is_ok());
        assert!(settle(Some(10_000), Some("USD"), Some("150"), Some(15_001)).is_ok());
        assert_eq!(
            settle(Some(10_000), Some("USD"), Some("150"), Some(16_000))
                .unwrap_err()
                .field,
            "amount_jpy"
        );
    }

    #[test]
    fn bad_codes_and_rates_are_named() {
        assert_eq!(
            settle(Some(1), Some("XYZ"), Some("1"), None)
                .unwrap_err()
                .field,
            "currency"
        );
        assert_eq!(
            settle(Some(1), Some("usd"), Some("1"), None)
                .unwrap_err()
                .field,
            "currency"
        );
        for rate in ["", "-1", "0", "1e3", "1.1234567", "abc", "1,5"] {
            assert_eq!(
                parse_rate(rate).unwrap_err().field,
                "exchange_rate",
                "{rate:?}"
            );
        }
        assert_eq!(
            settle(Some(1), Some("USD"), None, None).unwrap_err().field,
            "exchange_rate"
        );
        assert_eq!(
            settle(Some(1), None, None, None).unwrap_err().field,
            "currency"
        );
    }
}
