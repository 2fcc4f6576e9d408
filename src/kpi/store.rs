//! The KPI figures. The report reads each fiscal year's totals from `kpi_year_totals`, which
//! triggers keep in the same transaction as every change to a negotiation (migration
//! 000007); [`recount`] counts a year again from the records over indexed ranges (held
//! meetings through the covering `meetings_held_at` and `negotiations_meeting_effective`,
//! deals through `negotiations_effective`), as do the breakdowns. [`recount_in`] counts one
//! municipality's companies' year the same way: what a municipality's report reads
//! (`super::figures`).

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::dsl::{count_star, sql};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable};

use super::report::Plan;
use crate::db::schema::{
    buyers, capabilities, companies, kpi_targets, kpi_year_totals, meetings, negotiations,
};
use crate::db::DbConn;
use crate::japan::{date_range, fiscal_year_of, fiscal_year_of_date, utc_range};
use crate::meetings::lifecycle::MeetingStatus;
use crate::negotiations::NegotiationStatus;

/// One fiscal year's figures: how the meetings held in it ended, as the KPIs count them
/// (`held` .. `disagreeing`), and the deals won with a closing date in it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = kpi_year_totals)]
pub struct YearTotals {
    pub fiscal_year: i32,
    pub held: i64,
    pub won: i64,
    pub prospect: i64,
    pub lost: i64,
    /// Held meetings whose two sides' latest reports disagree.
    pub disagreeing: i64,
    pub deals: i64,
    pub sales_yen: i64,
    /// The data coverage of the held meetings (`coverage::DataCoverage`): with the
    /// company's report, the buyer's, both, a confirmed outcome, no outcome at all.
    pub with_company_report: i64,
    pub with_buyer_report: i64,
    pub with_both_reports: i64,
    pub with_confirmed_outcome: i64,
    pub with_no_outcome: i64,
}

impl YearTotals {
    /// Held, with the negotiation still open.
    pub fn no_outcome(&self) -> i64 {
        self.held - self.won - self.prospect - self.lost
    }

    /// The figures of several years together (`fiscal_year` is the latest of them).
    pub fn sum<'a>(years: impl IntoIterator<Item = &'a YearTotals>) -> YearTotals {
        years
            .into_iter()
            .fold(YearTotals::default(), |sum, year| YearTotals {
                fiscal_year: sum.fiscal_year.max(year.fiscal_year),
                held: sum.held + year.held,
                won: sum.won + year.won,
                prospect: sum.prospect + year.prospect,
                lost: sum.lost + year.lost,
                disagreeing: sum.disagreeing + year.disagreeing,
                deals: sum.deals + year.deals,
                sales_yen: sum.sales_yen + year.sales_yen,
                with_company_report: sum.with_company_report + year.with_company_report,
                with_buyer_report: sum.with_buyer_report + year.with_buyer_report,
                with_both_reports: sum.with_both_reports + year.with_both_reports,
                with_confirmed_outcome: sum.with_confirmed_outcome + year.with_confirmed_outcome,
                with_no_outcome: sum.with_no_outcome + year.with_no_outcome,
            })
    }
}

/// The figures of fiscal years `first..=last` as `kpi_year_totals` keeps them (the triggers
/// of migration 000007 update them with every change to a negotiation). Years without a
/// held meeting or a deal have no row.
pub fn year_totals(conn: &mut DbConn, first: i32, last: i32) -> QueryResult<Vec<YearTotals>> {
    kpi_year_totals::table
        .filter(kpi_year_totals::fiscal_year.between(first, last))
        .select(YearTotals::as_select())
        .order(kpi_year_totals::fiscal_year.asc())
        .load(conn)
}

/// One fiscal year's figures counted again from the records, without `kpi_year_totals`
/// and without SQL's fiscal-year rule: held meetings by the UTC range of the year
/// ([`crate::japan::utc_range`]) joined to their negotiations, deals by closing date.
/// What `kpi-recount` checks the kept totals against.
pub fn recount(conn: &mut DbConn, fiscal_year: i32) -> QueryResult<YearTotals> {
    recount_in(conn, fiscal_year, None)
}

/// `$query` (boxed) narrowed to the rows whose company column `$company` names a company of
/// municipality `$municipality` (an `Option<&str>`; `None` leaves it as it is).
macro_rules! of_municipality {
    ($query:expr, $municipality:expr, $company:expr) => {
        match $municipality {
            Some(m) => $query.filter($company.eq_any($crate::kpi::store::companies_of(m))),
            None => $query,
        }
    };
}
pub(crate) use of_municipality;

/// The ids of one municipality's companies, as a subquery.
pub type CompaniesOf = diesel::dsl::Select<
    diesel::dsl::Filter<companies::table, diesel::dsl::Eq<companies::municipality_id, String>>,
    companies::id,
>;

pub fn companies_of(municipality_id: &str) -> CompaniesOf {
    companies::table
        .filter(companies::municipality_id.eq(municipality_id.to_owned()))
        .select(companies::id)
}

/// [`recount`] of the meetings and deals of one municipality's companies (`None`: of
/// every company): what the KPIs of a municipality are counted from, as the kept totals
/// are not kept per municipality.
pub fn recount_in(
    conn: &mut DbConn,
    fiscal_year: i32,
    municipality: Option<&str>,
) -> QueryResult<YearTotals> {
    let (from, to) = utc_range(fiscal_year);
    let held_in_year = || {
        meetings::table
            .left_join(negotiations::table)
            .filter(meetings::status.eq(MeetingStatus::Held))
            .filter(meetings::took_place_at.ge(from))
            .filter(meetings::took_place_at.lt(to))
    };
    let by_status = held_in_year()
        .group_by(column("negotiations.effective_status"))
        .select((column("negotiations.effective_status"), count_star()))
        .into_boxed();
    let rows: Vec<(Option<NegotiationStatus>, i64)> =
        of_municipality!(by_status, municipality, meetings::company_id).load(conn)?;
    let mut totals = YearTotals {
        fiscal_year,
        ..YearTotals::default()
    };
    for (status, n) in rows {
        totals.held += n;
        match status {
            Some(NegotiationStatus::Won) => totals.won += n,
            Some(NegotiationStatus::Prospect) => totals.prospect += n,
            Some(NegotiationStatus::Lost) => totals.lost += n,
            Some(NegotiationStatus::Open) | None => {}
        }
    }
    let disagreeing = held_in_year()
        .filter(negotiations::reports_disagree.eq(true))
        .select(count_star())
        .into_boxed();
    totals.disagreeing =
        of_municipality!(disagreeing, municipality, meetings::company_id).first(conn)?;
    let (date_from, date_to) = date_range(fiscal_year);
    let won = negotiations::table
        .filter(negotiations::effective_status.eq(NegotiationStatus::Won))
        .filter(negotiations::effective_closed_on.ge(date_from))
        .filter(negotiations::effective_closed_on.lt(date_to))
        .select((sum_yen(), count_star()))
        .into_boxed();
    let won = match municipality {
        Some(m) => won.filter(
            negotiations::meeting_id.eq_any(
                meetings::table
                    .filter(meetings::company_id.eq_any(companies_of(m)))
                    .select(meetings::id),
            ),
        ),
        None => won,
    };
    let (yen, deals): (Option<i64>, i64) = won.first(conn)?;
    totals.sales_yen = yen.unwrap_or(0);
    totals.deals = deals;
    let reported = super::coverage::reports_of_year(conn, (from, to), municipality)?;
    totals.with_company_report = reported.with_company_report;
    totals.with_buyer_report = reported.with_buyer_report;
    totals.with_both_reports = reported.with_both_reports;
    totals.with_confirmed_outcome = reported.with_confirmed_outcome;
    totals.with_no_outcome = reported.with_no_outcome;
    Ok(totals)
}

/// The fiscal years that have held meetings or deals, from the records: where a recount
/// must look.
pub fn recorded_years(conn: &mut DbConn) -> QueryResult<Option<(i32, i32)>> {
    let (first_held, last_held): (Option<NaiveDateTime>, Option<NaiveDateTime>) = meetings::table
        .filter(meetings::status.eq(MeetingStatus::Held))
        .select((
            diesel::dsl::min(meetings::took_place_at),
            diesel::dsl::max(meetings::took_place_at),
        ))
        .first(conn)?;
    let (first_deal, last_deal): (Option<NaiveDate>, Option<NaiveDate>) = negotiations::table
        .filter(negotiations::effective_status.eq(NegotiationStatus::Won))
        .select((
            diesel::dsl::min(negotiations::effective_closed_on),
            diesel::dsl::max(negotiations::effective_closed_on),
        ))
        .first(conn)?;
    let years = [first_held, last_held]
        .into_iter()
        .flatten()
        .map(|t| fiscal_year_of(t.and_utc()))
        .chain(
            [first_deal, last_deal]
                .into_iter()
                .flatten()
                .map(fiscal_year_of_date),
        )
        .collect::<Vec<_>>();
    Ok(years
        .iter()
        .min()
        .zip(years.iter().max())
        .map(|(first, last)| (*first, *last)))
}

/// Every fiscal year with records or kept totals: its kept totals next to a [`recount`] of it: what the
/// `kpi-recount` command prints, and what the KPI tests check after every fixture.
pub fn kept_and_recounted(conn: &mut DbConn) -> QueryResult<Vec<(YearTotals, YearTotals)>> {
    let (first_kept, last_kept): (Option<i32>, Option<i32>) = kpi_year_totals::table
        .select((
            diesel::dsl::min(kpi_year_totals::fiscal_year),
            diesel::dsl::max(kpi_year_totals::fiscal_year),
        ))
        .first(conn)?;
    let recorded = recorded_years(conn)?;
    let years = [first_kept, last_kept]
        .into_iter()
        .flatten()
        .chain(recorded.into_iter().flat_map(|(first, last)| [first, last]));
    let (Some(first), Some(last)) = (years.clone().min(), years.max()) else {
        return Ok(Vec::new());
    };
    let kept = year_totals(conn, first, last)?;
    (first..=last)
        .map(|year| {
            let kept = kept
                .iter()
                .find(|t| t.fiscal_year == year)
                .cloned()
                .unwrap_or(YearTotals {
                    fiscal_year: year,
                    ..YearTotals::default()
                });
            Ok((kept, recount(conn, year)?))
        })
        .collect()
}

/// A grouping key named in SQL: Diesel's typed `group_by` refuses nullable columns of
/// outer-joined tables, which the breakdowns group by.
fn column(name: &'static str) -> diesel::expression::SqlLiteral<Nullable<diesel::sql_types::Text>> {
    sql::<Nullable<diesel::sql_types::Text>>(name)
}

/// The sum of a BigInt column, typed the same on both backends (PostgreSQL's SUM(bigint)
/// is numeric).
fn sum_yen() -> diesel::expression::SqlLiteral<Nullable<BigInt>> {
    sql::<Nullable<BigInt>>("CAST(SUM(negotiations.effective_amount_jpy) AS BIGINT)")
}

/// One row of a breakdown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BreakdownRow {
    pub held: i64,
    pub won: i64,
    pub sales_yen: i64,
    pub deals: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dimension {
    Event,
    Country,
    Industry,
    Category,
    /// How the meeting came about: both sides' wishes at its fair (`matching::wishes::Origin`).
    Preference,
}

/// A held meeting's pair at its fair, as one SQL text key (ids hold no spaces).
const PAIR_KEY: &str =
    "meetings.event_id || ' ' || meetings.company_id || ' ' || meetings.buyer_id";

/// The won negotiations among the grouped held meetings. A conditional count has no Diesel
/// DSL, so it is SQL text; the status is spelled by the enum, never by a literal.
fn won_count() -> diesel::expression::SqlLiteral<Nullable<BigInt>> {
    sql::<Nullable<BigInt>>(&format!(
        "CAST(SUM(CASE WHEN negotiations.effective_status = '{}' THEN 1 ELSE 0 END) AS BIGINT)",
        NegotiationStatus::Won.as_str()
    ))
}

/// The held meetings (count, won) and the won deals (yen, count) of the ranges, grouped
/// by the SQL column `key`.
#[expect(
    clippy::type_complexity,
    reason = "the two grouped rows, read as Diesel types them"
)]
fn grouped(
    conn: &mut DbConn,
    key: &'static str,
    (from, to): (NaiveDateTime, NaiveDateTime),
    (date_from, date_to): (NaiveDate, NaiveDate),
) -> QueryResult<(
    Vec<(Option<String>, i64, Option<i64>)>,
    Vec<(Option<String>, Option<i64>, i64)>,
)> {
    let held = meetings::table
        .inner_join(companies::table)
        .inner_join(buyers::table)
        .left_join(capabilities::table)
        .left_join(negotiations::table)
        .filter(meetings::status.eq(MeetingStatus::Held))
        .filter(meetings::took_place_at.ge(from))
        .filter(meetings::took_place_at.lt(to))
        .group_by(column(key))
        .select((column(key), count_star(), won_count()))
        .load(conn)?;
    let sold = meetings::table
        .inner_join(companies::table)
        .inner_join(buyers::table)
        .left_join(capabilities::table)
        .inner_join(negotiations::table)
        .filter(negotiations::effective_status.eq(NegotiationStatus::Won))
        .filter(negotiations::effective_closed_on.ge(date_from))
        .filter(negotiations::effective_closed_on.lt(date_to))
        .group_by(column(key))
        .select((column(key), sum_yen(), count_star()))
        .load(conn)?;
    Ok((held, sold))
}

/// Held meetings and won deals of a fiscal year, grouped by `dimension`. Keys are event ids,
/// country codes, industries or categories (`None`: a meeting about no capability).
pub fn breakdown(
    conn: &mut DbConn,
    dimension: Dimension,
    (from, to): (NaiveDateTime, NaiveDateTime),
    (date_from, date_to): (NaiveDate, NaiveDate),
) -> QueryResult<BTreeMap<Option<String>, BreakdownRow>> {
    let key = match dimension {
        Dimension::Event => "meetings.event_id",
        Dimension::Country => "buyers.country",
        Dimension::Industry => "companies.industry",
        Dimension::Category => "capabilities.category",
        Dimension::Preference => PAIR_KEY,
    };
    let (held, sold) = grouped(conn, key, (from, to), (date_from, date_to))?;
    let (held, sold) = if dimension == Dimension::Preference {
        by_origin(conn, held, sold)?
    } else {
        (held, sold)
    };
    let mut rows: BTreeMap<Option<String>, BreakdownRow> = BTreeMap::new();
    for (key, count, won) in held {
        let row = rows.entry(key).or_default();
        row.held = count;
        row.won = won.unwrap_or(0);
    }
    for (key, yen, deals) in sold {
        let row = rows.entry(key).or_default();
        row.sales_yen = yen.unwrap_or(0);
        row.deals = deals;
    }
    Ok(rows)
}

/// Rows keyed by pair, summed by how each pair's meeting came about at its fair.
#[expect(
    clippy::type_complexity,
    reason = "the two grouped rows, read as Diesel types them"
)]
fn by_origin(
    conn: &mut DbConn,
    held: Vec<(Option<String>, i64, Option<i64>)>,
    sold: Vec<(Option<String>, Option<i64>, i64)>,
) -> QueryResult<(
    Vec<(Option<String>, i64, Option<i64>)>,
    Vec<(Option<String>, Option<i64>, i64)>,
)> {
    use crate::matching::store::wishes_of_events;
    use crate::matching::wishes::Origin;
    use crate::matching::WishSide;
    let pair = |key: &Option<String>| -> Option<(String, String, String)> {
        let mut parts = key.as_deref()?.split(' ').map(str::to_owned);
        Some((parts.next()?, parts.next()?, parts.next()?))
    };
    let events: std::collections::BTreeSet<String> = held
        .iter()
        .map(|row| &row.0)
        .chain(sold.iter().map(|row| &row.0))
        .filter_map(|key| pair(key).map(|p| p.0))
        .collect();
    let mut levels: BTreeMap<(String, String, String), (Option<_>, Option<_>)> = BTreeMap::new();
    for row in wishes_of_events(conn, events.into_iter().collect())? {
        let entry = levels
            .entry((row.event_id, row.company_id, row.buyer_id))
            .or_default();
        match row.side {
            WishSide::Company => entry.0 = Some(row.level),
            WishSide::Buyer => entry.1 = Some(row.level),
        }
    }
    let origin = |key: &Option<String>| -> Option<String> {
        let (c, b) = pair(key)
            .and_then(|p| levels.get(&p).copied())
            .unwrap_or_default();
        Some(Origin::of(c, b).as_str().to_owned())
    };
    let mut held_by: BTreeMap<Option<String>, (i64, i64)> = BTreeMap::new();
    for (key, count, won) in &held {
        let row = held_by.entry(origin(key)).or_default();
        row.0 += count;
        row.1 += won.unwrap_or(0);
    }
    let mut sold_by: BTreeMap<Option<String>, (i64, i64)> = BTreeMap::new();
    for (key, yen, deals) in &sold {
        let row = sold_by.entry(origin(key)).or_default();
        row.0 += yen.unwrap_or(0);
        row.1 += deals;
    }
    Ok((
        held_by
            .into_iter()
            .map(|(k, (n, w))| (k, n, Some(w)))
            .collect(),
        sold_by
            .into_iter()
            .map(|(k, (y, d))| (k, Some(y), d))
            .collect(),
    ))
}

crate::stored_enum! {
    /// The KPIs the plan sets targets for (`kpi_targets.kpi`).
    pub enum TargetKpi {
        /// The close rate the programme starts from (hundredths of a percent).
        CloseRateBaseline,
        /// The year's planned rise of the close rate (hundredths of a point).
        CloseRate,
        /// Thousand yen.
        OverseasSales,
        /// Hires.
        ForeignTalent,
    }
}

/// One target of one fiscal year.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = kpi_targets)]
pub struct TargetRow {
    pub fiscal_year: i32,
    pub kpi: TargetKpi,
    pub value: i64,
}

/// Every target row, by year and KPI.
pub fn targets(conn: &mut DbConn) -> QueryResult<Vec<TargetRow>> {
    kpi_targets::table
        .select(TargetRow::as_select())
        .order((kpi_targets::fiscal_year.asc(), kpi_targets::kpi.asc()))
        .load(conn)
}

/// The plan, from every target row.
pub fn plan(conn: &mut DbConn) -> QueryResult<Plan> {
    Ok(Plan::from_targets(&targets(conn)?))
}

/// Sets (or, with `None`, removes) one target.
pub fn set_target(
    conn: &mut DbConn,
    fiscal_year: i32,
    kpi: TargetKpi,
    value: Option<i64>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let row = kpi_targets::table
        .filter(kpi_targets::fiscal_year.eq(fiscal_year))
        .filter(kpi_targets::kpi.eq(kpi));
    diesel::delete(row).execute(conn)?;
    if let Some(value) = value {
        diesel::insert_into(kpi_targets::table)
            .values((
                kpi_targets::fiscal_year.eq(fiscal_year),
                kpi_targets::kpi.eq(kpi),
                kpi_targets::value.eq(value),
                kpi_targets::updated_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}
