//! The public KPI report as CSV: one row per KPI (the self-financing ratio too) and fiscal
//! year, UTF-8 with a byte-order mark and Japanese headers, because the council opens it in
//! Excel, which reads a CSV without the mark in the system's legacy encoding. The year and the
//! KPI's name are text and go through `spreadsheet::csv_text` like every exported text; the
//! figures are numbers and stay plain numbers, negative ones too (a quote would make them text
//! in Excel).

use super::report::KpiReport;
use crate::spreadsheet::csv_text;

/// The header row (also the document's description of the CSV).
pub const HEADER: [&str; 7] = [
    "年度",
    "指標",
    "目標",
    "実績",
    "累計目標",
    "累計実績",
    "達成率(%)",
];

/// The CSV of `reports`, in their order.
pub fn kpi_csv(reports: &[KpiReport]) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::from("\u{feff}".as_bytes()));
    writer.write_record(HEADER)?;
    let show = |v: Option<f64>| v.map(|v| format!("{v:.2}")).unwrap_or_default();
    let show_int = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
    for r in reports {
        let year = format!("{}年度", r.fiscal_year);
        let close_rate = &r.close_rate;
        writer.write_record([
            &*csv_text(&year),
            &*csv_text("商談会成約率(%)"),
            &show(close_rate.target_percent),
            &show(close_rate.actual_percent),
            &show(
                close_rate
                    .cumulative_target_increment_points
                    .zip(close_rate.baseline_percent)
                    .map(|(i, b)| i + b),
            ),
            &show(close_rate.cumulative_actual_percent),
            &show(close_rate.achievement_percent),
        ])?;
        let sales = &r.overseas_sales;
        writer.write_record([
            &*csv_text(&year),
            &*csv_text("海外販路開拓による売上高(千円)"),
            &show_int(sales.target_thousand_yen),
            &sales.actual_thousand_yen.to_string(),
            &show_int(sales.cumulative_target_thousand_yen),
            &sales.cumulative_actual_thousand_yen.to_string(),
            &show(sales.achievement_percent),
        ])?;
        let talent = &r.foreign_talent;
        writer.write_record([
            &*csv_text(&year),
            &*csv_text("外国人材の採用数(人)"),
            &show_int(talent.target),
            &talent.actual.to_string(),
            &show_int(talent.cumulative_target),
            &talent.cumulative_actual.to_string(),
            &show(talent.achievement_percent),
        ])?;
        let books = &r.self_financing;
        writer.write_record([
            &*csv_text(&year),
            &*csv_text("自主財源比率(%)"),
            &show(books.target_percent),
            &show(books.ratio_percent),
            "",
            &show(books.cumulative_ratio_percent),
            &show(books.achievement_percent),
        ])?;
    }
    writer.into_inner().map_err(|e| e.into_error().into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kpi::report::{report, Figures, Plan};
    use crate::kpi::store::{TargetKpi, TargetRow, YearTotals};

    fn fy2020() -> KpiReport {
        fy2020_with_sales(1_234_567)
    }

    fn fy2020_with_sales(sales_yen: i64) -> KpiReport {
        let plan = Plan::from_targets(&[
            TargetRow {
                fiscal_year: 2019,
                kpi: TargetKpi::CloseRateBaseline,
                value: 1300,
            },
            TargetRow {
                fiscal_year: 2020,
                kpi: TargetKpi::CloseRate,
                value: 300,
            },
        ]);
        let figures = Figures {
            fiscal_year: 2020,
            first_fiscal_year: 2020,
            years: vec![YearTotals {
                fiscal_year: 2020,
                held: 8,
                won: 2,
                deals: 2,
                sales_yen,
                ..YearTotals::default()
            }],
            hired: 3,
            cumulative_hired: 3,
            ..Figures::default()
        };
        report(&plan, &figures)
    }

    #[test]
    fn the_csv_is_utf8_with_a_byte_order_mark_and_japanese_headers() {
        let bytes = kpi_csv(&[]).unwrap();
        assert!(bytes.starts_with(&[0xef, 0xbb, 0xbf]));
        let text = String::from_utf8(bytes).unwrap();
        assert_eq!(
            text.trim_start_matches('\u{feff}'),
            "年度,指標,目標,実績,累計目標,累計実績,達成率(%)\n"
        );
    }

    #[test]
    fn each_year_has_a_row_per_kpi() {
        let text = String::from_utf8(kpi_csv(&[fy2020()]).unwrap()).unwrap();
        let rows: Vec<&str> = text.lines().skip(1).collect();
        assert_eq!(
            rows,
            [
                "2020年度,商談会成約率(%),16.00,25.00,16.00,25.00,156.25",
                "2020年度,海外販路開拓による売上高(千円),,1234,,1234,",
                "2020年度,外国人材の採用数(人),,3,,3,",
                "2020年度,自主財源比率(%),,,,,",
            ]
        );
    }

    #[test]
    fn negative_figures_stay_numbers_and_are_not_quoted_as_text() {
        // A refund larger than the year's sales: the figure is the report's own number, so
        // it is written as a number for Excel to sum, not neutralised like a user's text.
        let text = String::from_utf8(kpi_csv(&[fy2020_with_sales(-1_234_567)]).unwrap()).unwrap();
        let sales = text.lines().nth(2).unwrap();
        assert_eq!(
            sales,
            "2020年度,海外販路開拓による売上高(千円),,-1234,,-1234,"
        );
    }
}
