//! The corporate number (法人番号) the National Tax Agency gives every company: 13 digits,
//! the first of which is a check digit over the other twelve (国税庁「法人番号の構成」):
//! check = 9 − ((Σ_{n=1..12} P_n × Q_n) mod 9), where P_n is the n-th digit of the 12-digit
//! base counted from its lowest digit, Q_n is 1 for odd n and 2 for even n.

/// Whether `number` is a corporate number: exactly 13 ASCII digits whose first is the check
/// digit of the other twelve.
pub fn is_valid(number: &str) -> bool {
    let digits: Vec<u32> = number.chars().filter_map(|c| c.to_digit(10)).collect();
    if digits.len() != 13 || !number.is_ascii() {
        return false;
    }
    check_digit(&digits[1..]) == digits[0]
}

/// The check digit of a 12-digit base, most significant digit first.
fn check_digit(base: &[u32]) -> u32 {
    let sum: u32 = base
        .iter()
        .rev()
        .enumerate()
        .map(|(index, digit)| {
            // `index` 0 is n = 1, an odd position: weight 1.
            let weight = if index % 2 == 0 { 1 } else { 2 };
            digit * weight
        })
        .sum();
    9 - sum % 9
}

/// A corporate number as people write it: full-width digits and hyphens or spaces between
/// groups are accepted (`7-0000-1205-0002`, `７０００…`) and dropped.
pub fn normalize(raw: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    raw.nfkc()
        .filter(|c| !matches!(c, '-' | ' ' | '\u{2010}'..='\u{2015}' | '\u{2212}'))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 国税庁's own corporate number.
    const NATIONAL_TAX_AGENCY: &str = "7000012050002";

    #[test]
    fn the_national_tax_agencys_own_number_is_valid() {
        assert!(is_valid(NATIONAL_TAX_AGENCY));
    }

    #[test]
    fn changing_any_one_digit_makes_it_invalid() {
        for position in 0..13 {
            let mut digits: Vec<char> = NATIONAL_TAX_AGENCY.chars().collect();
            let digit = digits[position].to_digit(10).unwrap();
            digits[position] = char::from_digit((digit + 1) % 10, 10).unwrap();
            let changed: String = digits.into_iter().collect();
            assert!(!is_valid(&changed), "{changed} passed");
        }
    }

    #[test]
    fn only_thirteen_ascii_digits_are_a_number() {
        for wrong in [
            "",
            "700001205000",
            "70000120500020",
            "7000012O50002",
            "７０００DD",
        ] {
            assert!(!is_valid(wrong), "{wrong:?} passed");
        }
    }

    #[test]
    fn written_forms_normalize_to_the_digits() {
        assert_eq!(normalize("7-0000-1205-0002"), NATIONAL_TAX_AGENCY);
        assert_eq!(
            normalize("７０００ ０１２０ ５０００２"),
            NATIONAL_TAX_AGENCY
        );
        assert!(is_valid(&normalize("７０００-０１２０-５０００２")));
    }
}
