//! A published report's headline figures as CSV: one row per figure, UTF-8 with a
//! byte-order mark and Japanese and English headers, as the public KPI CSV is written for
//! Excel (`kpi::csv_report`). Texts go through `spreadsheet::csv_text`; figures stay numbers.

use serde_json::Value;

use super::figures::{text_of, FIGURES};
use crate::spreadsheet::csv_text;

/// The header row (also the document's description of the CSV).
pub const HEADER: [&str; 6] = ["年度", "版", "SHA-256", "指標", "Figure", "値"];

/// The CSV of `report`, the snapshot's JSON whose digest is `sha256`.
pub fn report_csv(report: &Value, sha256: &str) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::from("\u{feff}".as_bytes()));
    writer.write_record(HEADER)?;
    let year = format!("{}年度", report["fiscal_year"]);
    let version = report["version"].to_string();
    for figure in FIGURES {
        writer.write_record([
            &*csv_text(&year),
            &version,
            &*csv_text(sha256),
            &*csv_text(figure.label_ja),
            &*csv_text(figure.label_en),
            &text_of(report, figure),
        ])?;
    }
    writer.into_inner().map_err(|e| e.into_error().into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn one_row_per_figure_after_a_byte_order_mark_and_the_header() {
        let report = json!({"fiscal_year": 2025, "version": 1, "kpi": {"close_rate": {"counts": {"held": 7}}}});
        let text = String::from_utf8(report_csv(&report, "ab").unwrap()).unwrap();
        let mut lines = text.strip_prefix('\u{feff}').unwrap().lines();
        assert_eq!(lines.next(), Some("年度,版,SHA-256,指標,Figure,値"));
        assert_eq!(
            lines.next(),
            Some("2025年度,1,ab,実施商談数,Meetings held,7")
        );
        assert_eq!(lines.count(), FIGURES.len() - 1);
    }
}
