//! Cells for files that people open in a spreadsheet (CSV and XLSX exports), made safe from
//! formula injection as OWASP's "CSV Injection" page advises: a text cell that begins with
//! `=`, `+`, `-`, `@`, a tab or a carriage return would be read by Excel or LibreOffice as a
//! formula (`=HYPERLINK("http://x","y")` from a buyer's name becomes a live link, `=cmd|…` a
//! command), so it is written as text that no spreadsheet evaluates.
//!
//! Only text is neutralised, never numbers: a number is the export's own figure, not a
//! user's text, and `-1234` must stay a number that sums and sorts (a quoted `'-1234` would
//! be text in Excel). So callers pass only text cells through here, and write figures as
//! they are: plain numbers in CSV, numeric cells (`write_number`) in XLSX.

use std::borrow::Cow;

use rust_xlsxwriter::{Format, Worksheet, XlsxError};

/// Whether a spreadsheet would take `text` for a formula (OWASP's list of first characters).
pub fn starts_like_formula(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// A text cell for CSV: prefixed with a single quote when it could start a formula, which
/// Excel and LibreOffice show as text (the csv writer then quotes the field if it must).
pub fn csv_text(text: &str) -> Cow<'_, str> {
    if starts_like_formula(text) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// Writes a text cell into an XLSX sheet. It is always a string cell, never a formula (only
/// `write_formula` makes one), so nothing in it is evaluated; one that looks like a formula
/// also carries Excel's quote prefix, the mark Excel itself sets when someone types `'=…`,
/// so it stays text when the cell is edited, while its value is the text unchanged.
pub fn write_xlsx_text(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    text: &str,
) -> Result<(), XlsxError> {
    if starts_like_formula(text) {
        sheet.write_string_with_format(row, col, text, &Format::new().set_quote_prefix())?;
    } else {
        sheet.write_string(row, col, text)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_that_could_start_a_formula_gets_a_quote() {
        for text in [
            "=HYPERLINK(\"http://x\",\"y\")",
            "+81 42",
            "-3",
            "@SUM(A1)",
            "\tx",
            "\rx",
        ] {
            assert_eq!(csv_text(text), format!("'{text}"), "{text:?}");
        }
    }

    #[test]
    fn ordinary_text_is_left_alone() {
        for text in ["テスト製作所", "Acme = best", "A2", "", "'quoted"] {
            assert_eq!(csv_text(text), text);
        }
    }
}
