//! The KPI report's definition (DESIGN.md, "The KPIs, defined from the data"), as a
//! function over figures already loaded: the plan's targets, the kept year totals and the
//! hires. No I/O, so the definition is tested here, without a database or HTTP.
//!
//! Per KPI and fiscal year: the target (the plan's increment, or for the close rate the
//! baseline plus the increments so far), the actual, both cumulated from the programme's
//! first year, and achievement (actual over target).

use std::collections::BTreeMap;

use serde::Serialize;
use utoipa::ToSchema;

use super::store::{TargetKpi, TargetRow, YearTotals};
use crate::finance::ratio::SelfFinancing;
use crate::japan::date_range;

/// Targets as the plan states them, per fiscal year.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Plan {
    /// Hundredths of a percentage point.
    pub close_rate_baseline: Option<i64>,
    pub close_rate_increments: BTreeMap<i32, i64>,
    pub sales_increments: BTreeMap<i32, i64>,
    pub talent_increments: BTreeMap<i32, i64>,
}

impl Plan {
    pub fn from_targets(rows: &[TargetRow]) -> Self {
        let mut plan = Plan::default();
        for row in rows {
            let (year, value) = (row.fiscal_year, row.value);
            match row.kpi {
                TargetKpi::CloseRateBaseline => plan.close_rate_baseline = Some(value),
                TargetKpi::CloseRate => drop(plan.close_rate_increments.insert(year, value)),
                TargetKpi::OverseasSales => drop(plan.sales_increments.insert(year, value)),
                TargetKpi::ForeignTalent => drop(plan.talent_increments.insert(year, value)),
            }
        }
        plan
    }

    /// The programme's first year: the earliest year with a target increment.
    fn first_year(&self) -> Option<i32> {
        [
            &self.close_rate_increments,
            &self.sales_increments,
            &self.talent_increments,
        ]
        .iter()
        .filter_map(|m| m.keys().next().copied())
        .min()
    }

    /// Where the cumulative figures of `fiscal_year` start: the programme's first year, or
    /// the year itself when it comes earlier or the plan has no increments.
    pub fn first_year_for(&self, fiscal_year: i32) -> i32 {
        self.first_year().unwrap_or(fiscal_year).min(fiscal_year)
    }
}

/// What the report of one fiscal year is computed from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Figures {
    pub fiscal_year: i32,
    /// [`Plan::first_year_for`] the year: where the cumulative figures start.
    pub first_fiscal_year: i32,
    /// The kept totals of `first_fiscal_year..=fiscal_year` (a year without records has none).
    pub years: Vec<YearTotals>,
    /// Hires in the year, and from the first year through it.
    pub hired: i64,
    pub cumulative_hired: i64,
    pub hired_by_nationality: Vec<KeyCount>,
    pub hired_by_visa_category: Vec<KeyCount>,
    /// How complete the year's outcomes are.
    pub coverage: super::coverage::DataCoverage,
    /// The books' figures and the self-financing ratio (`finance::ratio`).
    pub self_financing: SelfFinancing,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MeetingCounts {
    pub held: i64,
    pub won: i64,
    /// 成約見込み: negotiations still expected to close.
    pub prospect: i64,
    pub lost: i64,
    pub no_outcome: i64,
}

impl From<&YearTotals> for MeetingCounts {
    fn from(c: &YearTotals) -> Self {
        MeetingCounts {
            held: c.held,
            won: c.won,
            prospect: c.prospect,
            lost: c.lost,
            no_outcome: c.no_outcome(),
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CloseRateKpi {
    /// Won ÷ held, in percent, for meetings held in the year (as of now: a deal closed later
    /// still counts for its meeting's year).
    pub actual_percent: Option<f64>,
    /// The plan's level for the year: baseline plus the increments up to it.
    pub target_percent: Option<f64>,
    /// The year's planned increase, in percentage points.
    pub target_increment_points: Option<f64>,
    /// Over every meeting held from the programme's first year to this one.
    pub cumulative_actual_percent: Option<f64>,
    /// Planned increase from the baseline up to this year, in points.
    pub cumulative_target_increment_points: Option<f64>,
    pub baseline_percent: Option<f64>,
    /// actual ÷ target level, in percent.
    pub achievement_percent: Option<f64>,
    pub counts: MeetingCounts,
    pub cumulative_counts: MeetingCounts,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SalesKpi {
    /// Yen of deals won with `closed_on` in the year, in thousand yen (rounded down).
    pub actual_thousand_yen: i64,
    pub actual_yen: i64,
    pub deals_won: i64,
    pub target_thousand_yen: Option<i64>,
    pub cumulative_actual_thousand_yen: i64,
    pub cumulative_target_thousand_yen: Option<i64>,
    pub achievement_percent: Option<f64>,
    pub cumulative_achievement_percent: Option<f64>,
}

/// A count per key of an aggregate breakdown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct KeyCount {
    pub key: String,
    pub count: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TalentKpi {
    /// Applications that reached `hired` with `hired_on` in the year (Japan time).
    pub actual: i64,
    /// The plan's hires for the year.
    pub target: Option<i64>,
    pub cumulative_actual: i64,
    pub cumulative_target: Option<i64>,
    pub achievement_percent: Option<f64>,
    pub cumulative_achievement_percent: Option<f64>,
    /// The year's hires per candidate nationality (ISO 3166-1 alpha-2); counts only.
    pub by_nationality: Vec<KeyCount>,
    /// The year's hires per visa category of the posting; counts only.
    pub by_visa_category: Vec<KeyCount>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct KpiReport {
    pub fiscal_year: i32,
    /// The municipality whose companies' figures these are; absent: the whole
    /// installation's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub municipality_id: Option<uuid::Uuid>,
    /// First and last day (Japan time).
    pub from: chrono::NaiveDate,
    pub to: chrono::NaiveDate,
    /// The earliest year of the plan, where cumulative figures start.
    pub first_fiscal_year: i32,
    pub close_rate: CloseRateKpi,
    pub overseas_sales: SalesKpi,
    pub foreign_talent: TalentKpi,
    /// Held meetings of the year whose company and buyer reports disagree.
    pub disagreeing_reports: i64,
    /// How complete the data behind the close rate is: which held meetings have which
    /// reports, survey response rates, the average meeting rating.
    pub data_coverage: super::coverage::DataCoverage,
    /// Contributions received (invoices paid in the year, by the Japan-time day of payment)
    /// over programme costs, per year and cumulative, against the admins' target.
    pub self_financing: SelfFinancing,
}

fn sum_through(map: &BTreeMap<i32, i64>, year: i32) -> Option<i64> {
    let mut values = map.range(..=year).map(|(_, v)| *v).peekable();
    values.peek()?;
    Some(values.sum())
}

/// `part` over `whole` in percent, to two decimals; none of nothing.
pub fn percent(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| round2(part as f64 * 100.0 / whole as f64))
}

fn round2(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

/// Hundredths of a point as points.
pub fn points(hundredths: i64) -> f64 {
    hundredths as f64 / 100.0
}

/// The report of `figures.fiscal_year` against `plan`.
pub fn report(plan: &Plan, figures: &Figures) -> KpiReport {
    let fiscal_year = figures.fiscal_year;
    let years = &figures.years;
    let counts = YearTotals::sum(years.iter().filter(|y| y.fiscal_year == fiscal_year));
    let cumulative = YearTotals::sum(years);
    let (date_from, date_to) = date_range(fiscal_year);
    KpiReport {
        fiscal_year,
        municipality_id: None,
        from: date_from,
        to: date_to.pred_opt().unwrap_or(date_to),
        first_fiscal_year: figures.first_fiscal_year,
        close_rate: close_rate(plan, fiscal_year, &counts, &cumulative),
        overseas_sales: sales(plan, fiscal_year, &counts, &cumulative),
        foreign_talent: talent(plan, figures),
        disagreeing_reports: counts.disagreeing,
        data_coverage: figures.coverage.clone(),
        self_financing: figures.self_financing.clone(),
    }
}

/// The close rate: won over held for the meetings held in the year, against the baseline
/// plus the plan's increments up to the year.
fn close_rate(
    plan: &Plan,
    fiscal_year: i32,
    counts: &YearTotals,
    cumulative: &YearTotals,
) -> CloseRateKpi {
    let increments = sum_through(&plan.close_rate_increments, fiscal_year);
    let target_level = plan
        .close_rate_baseline
        .map(|b| b + increments.unwrap_or(0));
    let actual = percent(counts.won, counts.held);
    CloseRateKpi {
        actual_percent: actual,
        target_percent: target_level.map(points),
        target_increment_points: plan
            .close_rate_increments
            .get(&fiscal_year)
            .copied()
            .map(points),
        cumulative_actual_percent: percent(cumulative.won, cumulative.held),
        cumulative_target_increment_points: increments.map(points),
        baseline_percent: plan.close_rate_baseline.map(points),
        achievement_percent: match (actual, target_level) {
            (Some(actual), Some(target)) if target > 0 => {
                Some(round2(actual * 100.0 / points(target)))
            }
            _ => None,
        },
        counts: counts.into(),
        cumulative_counts: cumulative.into(),
    }
}

/// Overseas sales: the yen of deals won with a closing date in the year, in thousand yen
/// (rounded down), against the year's increment and their sum.
fn sales(plan: &Plan, fiscal_year: i32, counts: &YearTotals, cumulative: &YearTotals) -> SalesKpi {
    let (yen, cumulative_yen) = (counts.sales_yen, cumulative.sales_yen);
    let target = plan.sales_increments.get(&fiscal_year).copied();
    let cumulative_target = sum_through(&plan.sales_increments, fiscal_year);
    SalesKpi {
        actual_thousand_yen: yen / 1000,
        actual_yen: yen,
        deals_won: counts.deals,
        target_thousand_yen: target,
        cumulative_actual_thousand_yen: cumulative_yen / 1000,
        cumulative_target_thousand_yen: cumulative_target,
        achievement_percent: target.and_then(|t| percent(yen / 1000, t)),
        cumulative_achievement_percent: cumulative_target
            .and_then(|t| percent(cumulative_yen / 1000, t)),
    }
}

/// Foreign talent hired in the year, against the year's increment and their sum.
fn talent(plan: &Plan, figures: &Figures) -> TalentKpi {
    let (hired, cumulative_hired) = (figures.hired, figures.cumulative_hired);
    let target = plan.talent_increments.get(&figures.fiscal_year).copied();
    let cumulative_target = sum_through(&plan.talent_increments, figures.fiscal_year);
    TalentKpi {
        actual: hired,
        target,
        cumulative_actual: cumulative_hired,
        cumulative_target,
        achievement_percent: target.and_then(|t| percent(hired, t)),
        cumulative_achievement_percent: cumulative_target
            .and_then(|t| percent(cumulative_hired, t)),
        by_nationality: figures.hired_by_nationality.clone(),
        by_visa_category: figures.hired_by_visa_category.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(fiscal_year: i32, kpi: TargetKpi, value: i64) -> TargetRow {
        TargetRow {
            fiscal_year,
            kpi,
            value,
        }
    }

    /// The plan as migration 000004 seeds it: 13 % in FY2018, +3 points, +5,000 thousand
    /// yen and 5 hires in each of FY2019–FY2021.
    fn the_plan() -> Plan {
        let mut rows = vec![target(2018, TargetKpi::CloseRateBaseline, 1300)];
        for year in 2019..=2021 {
            rows.push(target(year, TargetKpi::CloseRate, 300));
            rows.push(target(year, TargetKpi::OverseasSales, 5000));
            rows.push(target(year, TargetKpi::ForeignTalent, 5));
        }
        Plan::from_targets(&rows)
    }

    fn year(fiscal_year: i32, held: i64, won: i64, sales_yen: i64) -> YearTotals {
        YearTotals {
            fiscal_year,
            held,
            won,
            deals: won,
            sales_yen,
            ..YearTotals::default()
        }
    }

    fn figures(fiscal_year: i32, years: Vec<YearTotals>) -> Figures {
        Figures {
            fiscal_year,
            first_fiscal_year: the_plan().first_year_for(fiscal_year),
            years,
            ..Figures::default()
        }
    }

    #[test]
    fn the_programme_starts_with_the_first_planned_increment() {
        let plan = the_plan();
        assert_eq!(plan.first_year_for(2020), 2019);
        // A year before the plan starts its own cumulation.
        assert_eq!(plan.first_year_for(2017), 2017);
        assert_eq!(Plan::default().first_year_for(2024), 2024);
    }

    #[test]
    fn the_close_rate_counts_meetings_held_in_the_fiscal_year() {
        let years = vec![year(2019, 10, 3, 0), year(2020, 20, 4, 0)];
        let report = report(&the_plan(), &figures(2020, years));
        assert_eq!(report.close_rate.actual_percent, Some(20.0));
        assert_eq!(report.close_rate.counts.held, 20);
        assert_eq!(report.close_rate.counts.no_outcome, 16);
        // Cumulated over both years: 7 won of 30 held.
        assert_eq!(report.close_rate.cumulative_actual_percent, Some(23.33));
        assert_eq!(report.close_rate.cumulative_counts.held, 30);
    }

    #[test]
    fn a_year_without_held_meetings_has_no_close_rate() {
        let report = report(&the_plan(), &figures(2020, vec![]));
        assert_eq!(report.close_rate.actual_percent, None);
        assert_eq!(report.close_rate.achievement_percent, None);
        assert_eq!(report.overseas_sales.achievement_percent, Some(0.0));
    }

    #[test]
    fn cumulative_targets_add_the_plans_increments() {
        let report = report(&the_plan(), &figures(2020, vec![]));
        assert_eq!(report.close_rate.baseline_percent, Some(13.0));
        assert_eq!(report.close_rate.target_increment_points, Some(3.0));
        assert_eq!(
            report.close_rate.cumulative_target_increment_points,
            Some(6.0)
        );
        assert_eq!(report.close_rate.target_percent, Some(19.0));
        assert_eq!(report.overseas_sales.target_thousand_yen, Some(5000));
        assert_eq!(
            report.overseas_sales.cumulative_target_thousand_yen,
            Some(10000)
        );
        assert_eq!(report.foreign_talent.target, Some(5));
        assert_eq!(report.foreign_talent.cumulative_target, Some(10));
    }

    #[test]
    fn achievement_is_actual_over_target() {
        // 38 % against the FY2020 level of 19 %; 2,500 of 5,000 thousand yen; 4 of 5 hires.
        let years = vec![year(2020, 50, 19, 2_500_999)];
        let mut figures = figures(2020, years);
        figures.hired = 4;
        figures.cumulative_hired = 9;
        let report = report(&the_plan(), &figures);
        assert_eq!(report.close_rate.actual_percent, Some(38.0));
        assert_eq!(report.close_rate.achievement_percent, Some(200.0));
        assert_eq!(report.overseas_sales.achievement_percent, Some(50.0));
        assert_eq!(report.foreign_talent.achievement_percent, Some(80.0));
        assert_eq!(
            report.foreign_talent.cumulative_achievement_percent,
            Some(90.0)
        );
    }

    #[test]
    fn sales_are_counted_in_thousand_yen_rounded_down() {
        let years = vec![year(2019, 0, 2, 1_999), year(2020, 0, 1, 5_000_999)];
        let report = report(&the_plan(), &figures(2020, years));
        assert_eq!(report.overseas_sales.actual_yen, 5_000_999);
        assert_eq!(report.overseas_sales.actual_thousand_yen, 5_000);
        assert_eq!(report.overseas_sales.deals_won, 1);
        assert_eq!(report.overseas_sales.cumulative_actual_thousand_yen, 5_002);
    }

    #[test]
    fn the_report_spans_april_to_march() {
        let report = report(&the_plan(), &figures(2020, vec![]));
        assert_eq!(report.from.to_string(), "2020-04-01");
        assert_eq!(report.to.to_string(), "2021-03-31");
        assert_eq!(report.first_fiscal_year, 2019);
    }
}
