//! The self-financing ratio (DESIGN.md, "The KPIs, defined from the data"): contributions
//! received ÷ programme costs, per fiscal year and cumulatively, against the target the
//! admins set for the year. Contributions are the totals of invoices **paid**, counted in
//! the fiscal year (Japan time) of the moment the payment was received (`paid_at`): an
//! invoice issued in March and paid in April counts in the new year; a cancelled or unpaid
//! invoice never counts. Costs count by the day they were incurred (`spent_on`), whatever
//! their funding source. No costs: no ratio (`null`), never a division error.
//!
//! [`SelfFinancing::of`] is the definition over figures already loaded (tested here);
//! [`year_and_cumulative`] and [`section`] load them, for the KPI report and for the yearly
//! published report.

use diesel::QueryResult;
use serde::Serialize;
use utoipa::ToSchema;

use super::store;
use super::FundingSource;
use crate::db::DbConn;
use crate::japan::{date_range, utc_range};

/// Programme costs per funding source, in yen.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct CostsBySource {
    /// 地方創生推進交付金.
    pub national_grant_yen: i64,
    pub city_budget_yen: i64,
    pub own_revenue_yen: i64,
}

impl CostsBySource {
    pub fn total(&self) -> i64 {
        self.national_grant_yen + self.city_budget_yen + self.own_revenue_yen
    }

    fn add(&mut self, source: FundingSource, yen: i64) {
        match source {
            FundingSource::NationalGrant => self.national_grant_yen += yen,
            FundingSource::CityBudget => self.city_budget_yen += yen,
            FundingSource::OwnRevenue => self.own_revenue_yen += yen,
        }
    }
}

/// The books of a span of fiscal years, as the ratio reads them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Books {
    /// Invoices paid in the span (by `paid_at`, Japan time), in yen.
    pub contributions_yen: i64,
    pub costs: CostsBySource,
    /// Subsidies received in the span, in yen (shown beside the ratio, not part of it).
    pub subsidies_yen: i64,
}

/// `part` over `whole` in percent, rounded half up to two decimals, in exact integer
/// arithmetic; none of nothing.
pub fn ratio_percent(part: i64, whole: i64) -> Option<f64> {
    if whole <= 0 {
        return None;
    }
    let (part, whole) = (i128::from(part), i128::from(whole));
    let hundredths = (part * 10_000 * 2 + whole) / (whole * 2);
    Some(hundredths as f64 / 100.0)
}

/// The KPI report's self-financing section of one fiscal year.
#[derive(Debug, Clone, Default, PartialEq, Serialize, ToSchema)]
pub struct SelfFinancing {
    /// Contributions received in the year: invoices paid, by the fiscal year (Japan time) of
    /// their payment, in yen. Cancelled invoices never count.
    pub contributions_yen: i64,
    /// Programme costs incurred in the year, all funding sources, in yen.
    pub programme_costs_yen: i64,
    pub costs_by_source: CostsBySource,
    /// Subsidies received in the year, in yen.
    pub subsidies_yen: i64,
    /// Contributions ÷ programme costs, in percent; `null` without costs.
    pub ratio_percent: Option<f64>,
    /// The ratio the admins aim at for the year, in percent.
    pub target_percent: Option<f64>,
    /// Ratio ÷ target, in percent.
    pub achievement_percent: Option<f64>,
    /// From the programme's first fiscal year through this one.
    pub cumulative_contributions_yen: i64,
    pub cumulative_programme_costs_yen: i64,
    pub cumulative_ratio_percent: Option<f64>,
}

impl SelfFinancing {
    /// The section of a year from its books, the cumulative books and the year's target
    /// (hundredths of a percent).
    pub fn of(year: &Books, cumulative: &Books, target_hundredths: Option<i64>) -> Self {
        let ratio = ratio_percent(year.contributions_yen, year.costs.total());
        let target_percent = target_hundredths.map(|t| t as f64 / 100.0);
        let achievement_percent = match (ratio, target_hundredths) {
            // ratio ÷ target from the exact figures: contributions × 10⁴ ÷ (costs × target).
            (Some(_), Some(target)) if target > 0 => ratio_percent(
                year.contributions_yen.saturating_mul(10_000),
                year.costs.total().saturating_mul(target),
            ),
            _ => None,
        };
        SelfFinancing {
            contributions_yen: year.contributions_yen,
            programme_costs_yen: year.costs.total(),
            costs_by_source: year.costs.clone(),
            subsidies_yen: year.subsidies_yen,
            ratio_percent: ratio,
            target_percent,
            achievement_percent,
            cumulative_contributions_yen: cumulative.contributions_yen,
            cumulative_programme_costs_yen: cumulative.costs.total(),
            cumulative_ratio_percent: ratio_percent(
                cumulative.contributions_yen,
                cumulative.costs.total(),
            ),
        }
    }
}

/// The books of `fiscal_year` and of the span from `first_fiscal_year` through it: three
/// indexed range sums, each reading the year's part beside the span's in the same query.
pub fn year_and_cumulative(
    conn: &mut DbConn,
    first_fiscal_year: i32,
    fiscal_year: i32,
) -> QueryResult<(Books, Books)> {
    let first = first_fiscal_year.min(fiscal_year);
    let paid = store::Span {
        from: utc_range(first).0,
        year_from: utc_range(fiscal_year).0,
        to: utc_range(fiscal_year).1,
    };
    let days = store::Span {
        from: date_range(first).0,
        year_from: date_range(fiscal_year).0,
        to: date_range(fiscal_year).1,
    };
    let (mut year, mut span) = (Books::default(), Books::default());
    for (source, yen) in store::costs_by_source(conn, days)? {
        year.costs.add(source, yen.year);
        span.costs.add(source, yen.span);
    }
    let contributions = store::contributions(conn, paid)?;
    (year.contributions_yen, span.contributions_yen) = (contributions.year, contributions.span);
    let subsidies = store::subsidies_total(conn, days)?;
    (year.subsidies_yen, span.subsidies_yen) = (subsidies.year, subsidies.span);
    Ok((year, span))
}

/// The self-financing section of `fiscal_year`, cumulated from `first_fiscal_year`.
pub fn section(
    conn: &mut DbConn,
    fiscal_year: i32,
    first_fiscal_year: i32,
) -> QueryResult<SelfFinancing> {
    let (year, total) = year_and_cumulative(conn, first_fiscal_year, fiscal_year)?;
    Ok(SelfFinancing::of(
        &year,
        &total,
        store::target(conn, fiscal_year)?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn books(contributions_yen: i64, grant: i64, city: i64, own: i64) -> Books {
        Books {
            contributions_yen,
            costs: CostsBySource {
                national_grant_yen: grant,
                city_budget_yen: city,
                own_revenue_yen: own,
            },
            subsidies_yen: 0,
        }
    }

    #[test]
    fn the_ratio_is_contributions_over_every_cost_in_percent() {
        let year = books(1_200_000, 6_000_000, 2_000_000, 0);
        let section = SelfFinancing::of(&year, &year, Some(2_000));
        assert_eq!(section.programme_costs_yen, 8_000_000);
        assert_eq!(section.ratio_percent, Some(15.0));
        assert_eq!(section.target_percent, Some(20.0));
        assert_eq!(section.achievement_percent, Some(75.0));
    }

    #[test]
    fn no_costs_means_no_ratio_not_an_error() {
        let section = SelfFinancing::of(&books(50_000, 0, 0, 0), &Books::default(), Some(1_000));
        assert_eq!(section.ratio_percent, None);
        assert_eq!(section.achievement_percent, None);
        assert_eq!(section.cumulative_ratio_percent, None);
    }

    #[test]
    fn percentages_round_half_up_to_two_decimals_exactly() {
        assert_eq!(ratio_percent(1, 3), Some(33.33));
        assert_eq!(ratio_percent(2, 3), Some(66.67));
        assert_eq!(ratio_percent(1, 8), Some(12.5));
        assert_eq!(ratio_percent(0, 8), Some(0.0));
        assert_eq!(ratio_percent(3, 2), Some(150.0), "more than the costs");
    }
}
