//! The 全国地方公共団体コード (local government code) of a municipality: five digits and a
//! check digit. The rule is the Ministry of Internal Affairs and Communications' (総務省):
//! weigh the first five digits by 6, 5, 4, 3 and 2, sum, take the remainder `r` of the sum
//! divided by 11; the check digit is the last digit of `11 - r`. Pure, no I/O.

/// Why a code is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeError {
    /// Not six ASCII digits.
    NotSixDigits,
    /// Six digits whose last is not the check digit of the first five.
    CheckDigit,
}

/// The check digit of a code's first five digits (given as numbers 0–9).
pub fn check_digit(first_five: [u32; 5]) -> u32 {
    let sum: u32 = first_five
        .iter()
        .zip([6, 5, 4, 3, 2])
        .map(|(digit, weight)| digit * weight)
        .sum();
    (11 - sum % 11) % 10
}

/// Checks a code as written (no spaces, no full-width digits: the service stores what it
/// checked).
pub fn check(code: &str) -> Result<(), CodeError> {
    let digits: Vec<u32> = code.chars().filter_map(|c| c.to_digit(10)).collect();
    if code.len() != 6 || digits.len() != 6 {
        return Err(CodeError::NotSixDigits);
    }
    let first_five = [digits[0], digits[1], digits[2], digits[3], digits[4]];
    if check_digit(first_five) == digits[5] {
        Ok(())
    } else {
        Err(CodeError::CheckDigit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_published_codes_of_known_municipalities_validate() {
        for (code, name) in [
            ("141500", "Sagamihara"),
            ("130001", "Tokyo-to"),
            ("011002", "Sapporo"),
            ("141003", "Yokohama"),
            ("141305", "Kawasaki"),
        ] {
            assert_eq!(check(code), Ok(()), "{name} {code}");
        }
    }

    #[test]
    fn a_wrong_last_digit_is_a_check_digit_error() {
        for code in ["141501", "141509", "130000", "011003", "141300"] {
            assert_eq!(check(code), Err(CodeError::CheckDigit), "{code}");
        }
    }

    #[test]
    fn a_remainder_of_zero_or_one_wraps_to_one_and_zero() {
        // 1·6 + 0·5 + 0·4 + 1·3 + 1·2 = 11: r = 0, 11 - 0 = 11, check digit 1.
        assert_eq!(check_digit([1, 0, 0, 1, 1]), 1);
        // 1·6 + 4·5 + 1·4 + 5·3 + 0·2 = 45: r = 1, 11 - 1 = 10, check digit 0.
        assert_eq!(check_digit([1, 4, 1, 5, 0]), 0);
    }

    #[test]
    fn anything_but_six_ascii_digits_is_refused() {
        for code in [
            "",
            "14150",
            "1415000",
            "14150a",
            " 41500",
            "１４１５００",
            "14-500",
        ] {
            assert_eq!(check(code), Err(CodeError::NotSixDigits), "{code:?}");
        }
    }
}
