//! How complete the KPI's data is (issue 21): of the meetings held in a fiscal year, how
//! many have the company's report, the buyer's, both, a desk-confirmed outcome, or no
//! outcome at all; how many surveys were answered, per kind; the average meeting rating.
//! And, per fair, the funnel from request to held meeting. Aggregates only: no names, no
//! free text, no per-meeting rows, so the public report shows them too.
//!
//! The year's report counts are kept with its other totals (`kpi_year_totals`, migration
//! 000019), so the report reads them from one row. Counted again from the records (for
//! `kpi-recount` and the per-fair breakdown) they are conditional sums over the held
//! meetings (one indexed range scan, with `EXISTS` probes into
//! `negotiation_reports_meeting`), in SQL text where Diesel's DSL has no conditional count;
//! every status and side is spelled by its enum.

use std::collections::{BTreeMap, HashMap};

use chrono::{NaiveDate, NaiveDateTime};
use diesel::dsl::{count_star, sql};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text};
use serde::Serialize;
use utoipa::ToSchema;

use super::report::percent;
use super::store::YearTotals;
use crate::db::schema::{events, meeting_transitions, meetings, negotiations, surveys};
use crate::db::DbConn;
use crate::follow_up::{SurveyKind, SurveyStatus};
use crate::meetings::lifecycle::MeetingStatus;
use crate::negotiations::{NegotiationStatus, Side};

/// The year's held meetings by what is known of their outcome.
#[derive(Debug, Clone, Default, PartialEq, Serialize, ToSchema)]
pub struct DataCoverage {
    pub held: i64,
    pub with_company_report: i64,
    pub with_buyer_report: i64,
    pub with_both_reports: i64,
    /// The desk confirmed one report.
    pub with_confirmed_outcome: i64,
    /// Neither side reported, nothing confirmed and the record is still `open`.
    pub with_no_outcome: i64,
    /// Survey answers per kind, of the surveys of these meetings that have fallen due (and
    /// of the year's seminars, forums and job fairs, `event_feedback`).
    pub surveys: Vec<SurveyResponse>,
    /// The average of the +1 day ratings (1–5), to two decimals; `null` without any.
    pub average_meeting_rating: Option<f64>,
    pub meeting_ratings: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct SurveyResponse {
    pub kind: SurveyKind,
    /// Fallen due (ended ones, whose side had already closed, not counted).
    pub due: i64,
    pub answered: i64,
    pub response_rate_percent: Option<f64>,
}

/// A fair's meetings from request to held, and how many fell away where.
#[derive(Debug, Clone, Default, PartialEq, Serialize, ToSchema)]
pub struct Funnel {
    pub requested: i64,
    pub accepted: i64,
    pub scheduled: i64,
    pub held: i64,
    pub decline_rate_percent: Option<f64>,
    pub withdrawal_rate_percent: Option<f64>,
    /// Of the scheduled meetings.
    pub cancellation_rate_percent: Option<f64>,
    /// Of the scheduled meetings.
    pub no_show_rate_percent: Option<f64>,
}

fn count_when(condition: &str) -> diesel::expression::SqlLiteral<Nullable<BigInt>> {
    sql::<Nullable<BigInt>>(&format!(
        "CAST(SUM(CASE WHEN {condition} THEN 1 ELSE 0 END) AS BIGINT)"
    ))
}

fn report_of(side: Side) -> String {
    format!(
        "EXISTS (SELECT 1 FROM negotiation_reports r WHERE r.meeting_id = meetings.id AND r.side = '{}')",
        <&str>::from(side)
    )
}

/// One row per group key of the held meetings' coverage counts.
type CoverageRow = (
    Option<String>,
    i64,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
);

/// One row per group key and survey kind: (key, kind, due, answered, sum and count of the
/// ratings).
type ResponseRow = (
    Option<String>,
    String,
    i64,
    Option<i64>,
    Option<i64>,
    Option<i64>,
);

/// The report counts of the meetings held in `(from, to)` (UTC), grouped by the SQL column
/// `key`, counted from the reports themselves: what `kpi-recount` checks the kept totals
/// against, and the per-fair breakdown.
fn reports_grouped(
    conn: &mut DbConn,
    key: &str,
    (from, to): (NaiveDateTime, NaiveDateTime),
    municipality: Option<&str>,
) -> QueryResult<BTreeMap<Option<String>, DataCoverage>> {
    let company = report_of(Side::Company);
    let buyer = report_of(Side::Buyer);
    let grouped = meetings::table
        .left_join(negotiations::table)
        .filter(meetings::status.eq(MeetingStatus::Held))
        .filter(meetings::took_place_at.ge(from))
        .filter(meetings::took_place_at.lt(to))
        .group_by(sql::<Nullable<Text>>(key))
        .select((
            sql::<Nullable<Text>>(key),
            count_star(),
            count_when(&company),
            count_when(&buyer),
            count_when(&format!("{company} AND {buyer}")),
            count_when("negotiations.confirmed_report_id IS NOT NULL"),
            count_when(&format!(
                "NOT {company} AND NOT {buyer} AND negotiations.confirmed_report_id IS NULL \
                 AND negotiations.status = '{}'",
                NegotiationStatus::Open.as_str()
            )),
        ))
        .into_boxed();
    let rows: Vec<CoverageRow> =
        super::store::of_municipality!(grouped, municipality, meetings::company_id).load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(k, held, company, buyer, both, confirmed, none)| {
            let coverage = DataCoverage {
                held,
                with_company_report: company.unwrap_or(0),
                with_buyer_report: buyer.unwrap_or(0),
                with_both_reports: both.unwrap_or(0),
                with_confirmed_outcome: confirmed.unwrap_or(0),
                with_no_outcome: none.unwrap_or(0),
                ..DataCoverage::default()
            };
            (k, coverage)
        })
        .collect())
}

/// The report counts of the meetings held in `range`, from the reports themselves.
pub fn reports_of_year(
    conn: &mut DbConn,
    range: (NaiveDateTime, NaiveDateTime),
    municipality: Option<&str>,
) -> QueryResult<DataCoverage> {
    // Every meeting counted is held: grouping by the status makes one group (PostgreSQL
    // refuses to group by a constant).
    Ok(
        reports_grouped(conn, "meetings.status", range, municipality)?
            .into_values()
            .next()
            .unwrap_or_default(),
    )
}

/// Adds to each group's coverage the answers to the surveys of its held meetings in
/// `(from, to)` that had fallen due by `now`.
fn add_survey_responses(
    conn: &mut DbConn,
    key: &str,
    (from, to): (NaiveDateTime, NaiveDateTime),
    now: NaiveDateTime,
    municipality: Option<&str>,
    out: &mut BTreeMap<Option<String>, DataCoverage>,
) -> QueryResult<()> {
    let answered = format!("surveys.status = '{}'", SurveyStatus::Answered.as_str());
    let grouped = surveys::table
        .inner_join(meetings::table)
        .filter(meetings::status.eq(MeetingStatus::Held))
        .filter(meetings::took_place_at.ge(from))
        .filter(meetings::took_place_at.lt(to))
        .filter(surveys::due_at.le(now))
        .filter(surveys::status.ne(SurveyStatus::Ended))
        .group_by(sql::<Nullable<Text>>(&format!("{key}, surveys.kind")))
        .select((
            sql::<Nullable<Text>>(key),
            sql::<Text>("surveys.kind"),
            count_star(),
            count_when(&answered),
            sql::<Nullable<BigInt>>("CAST(SUM(surveys.rating) AS BIGINT)"),
            sql::<Nullable<BigInt>>("CAST(COUNT(surveys.rating) AS BIGINT)"),
        ))
        .into_boxed();
    let responses: Vec<ResponseRow> =
        super::store::of_municipality!(grouped, municipality, meetings::company_id).load(conn)?;
    for (k, kind, due, answered, rating_sum, ratings) in responses {
        let Ok(kind) = kind.parse::<SurveyKind>() else {
            continue;
        };
        let coverage = out.entry(k).or_default();
        let answered = answered.unwrap_or(0);
        coverage.surveys.push(SurveyResponse {
            kind,
            due,
            answered,
            response_rate_percent: percent(answered, due),
        });
        if kind == SurveyKind::MeetingFeedback {
            let ratings = ratings.unwrap_or(0);
            coverage.meeting_ratings = ratings;
            coverage.average_meeting_rating = (ratings > 0).then(|| {
                ((rating_sum.unwrap_or(0) as f64 / ratings as f64) * 100.0).round() / 100.0
            });
        }
    }
    Ok(())
}

/// The coverage of a fiscal year's held meetings: the report counts as the year's kept
/// totals hold them (`totals`, migration 000019), the surveys' answers of its meetings
/// (`range`: its UTC bounds), and the questionnaires of the seminars, forums and job fairs
/// that started in it (`dates`). For one municipality (`Some`): the surveys of its
/// companies' meetings, and no event's questionnaires (events are not yet a
/// municipality's).
pub fn of_year(
    conn: &mut DbConn,
    totals: &YearTotals,
    range: (NaiveDateTime, NaiveDateTime),
    (date_from, date_to): (NaiveDate, NaiveDate),
    now: NaiveDateTime,
    municipality: Option<&str>,
) -> QueryResult<DataCoverage> {
    let mut groups = BTreeMap::new();
    add_survey_responses(
        conn,
        "meetings.status",
        range,
        now,
        municipality,
        &mut groups,
    )?;
    let mut coverage = DataCoverage {
        held: totals.held,
        with_company_report: totals.with_company_report,
        with_buyer_report: totals.with_buyer_report,
        with_both_reports: totals.with_both_reports,
        with_confirmed_outcome: totals.with_confirmed_outcome,
        with_no_outcome: totals.with_no_outcome,
        ..groups.into_values().next().unwrap_or_default()
    };
    if municipality.is_some() {
        return Ok(coverage);
    }
    let (due, answered): (i64, Option<i64>) = surveys::table
        .inner_join(events::table)
        .filter(surveys::kind.eq(SurveyKind::EventFeedback))
        .filter(events::starts_on.ge(date_from))
        .filter(events::starts_on.lt(date_to))
        .filter(surveys::due_at.le(now))
        .select((
            count_star(),
            count_when(&format!(
                "surveys.status = '{}'",
                SurveyStatus::Answered.as_str()
            )),
        ))
        .first(conn)?;
    if due > 0 {
        let answered = answered.unwrap_or(0);
        coverage.surveys.push(SurveyResponse {
            kind: SurveyKind::EventFeedback,
            due,
            answered,
            response_rate_percent: percent(answered, due),
        });
    }
    Ok(coverage)
}

/// The coverage per fair of a fiscal year's held meetings.
pub fn by_event(
    conn: &mut DbConn,
    range: (NaiveDateTime, NaiveDateTime),
    now: NaiveDateTime,
) -> QueryResult<BTreeMap<Option<String>, DataCoverage>> {
    let mut groups = reports_grouped(conn, "meetings.event_id", range, None)?;
    add_survey_responses(conn, "meetings.event_id", range, now, None, &mut groups)?;
    Ok(groups)
}

/// The funnel of each of `events`: every meeting requested at the fair, and how many ever
/// reached each step (from the meetings' transitions, so a meeting later cancelled still
/// counts as scheduled).
pub fn funnels(conn: &mut DbConn, events: &[String]) -> QueryResult<BTreeMap<String, Funnel>> {
    let requested: Vec<(String, i64)> = meetings::table
        .filter(meetings::event_id.eq_any(events))
        .group_by(meetings::event_id)
        .select((meetings::event_id, count_star()))
        .load(conn)?;
    let reached: Vec<(String, String, i64)> = meeting_transitions::table
        .inner_join(meetings::table)
        .filter(meetings::event_id.eq_any(events))
        .group_by(sql::<Text>(
            "meetings.event_id, meeting_transitions.to_status",
        ))
        .select((
            sql::<Text>("meetings.event_id"),
            sql::<Text>("meeting_transitions.to_status"),
            sql::<BigInt>("COUNT(DISTINCT meeting_transitions.meeting_id)"),
        ))
        .load(conn)?;
    let mut out: BTreeMap<String, (Funnel, HashMap<MeetingStatus, i64>)> = BTreeMap::new();
    for (event, n) in requested {
        out.entry(event).or_default().0.requested = n;
    }
    for (event, status, n) in reached {
        if let Ok(status) = status.parse::<MeetingStatus>() {
            out.entry(event).or_default().1.insert(status, n);
        }
    }
    Ok(out
        .into_iter()
        .map(|(event, (funnel, reached))| (event, funnel_of(funnel.requested, &reached)))
        .collect())
}

/// The funnel of `requested` meetings given how many reached each status.
pub fn funnel_of(requested: i64, reached: &HashMap<MeetingStatus, i64>) -> Funnel {
    let n = |status| reached.get(&status).copied().unwrap_or(0);
    let scheduled = n(MeetingStatus::Scheduled);
    Funnel {
        requested,
        accepted: n(MeetingStatus::Accepted).max(scheduled),
        scheduled,
        held: n(MeetingStatus::Held),
        decline_rate_percent: percent(n(MeetingStatus::Declined), requested),
        withdrawal_rate_percent: percent(n(MeetingStatus::Withdrawn), requested),
        cancellation_rate_percent: percent(n(MeetingStatus::Cancelled), scheduled),
        no_show_rate_percent: percent(n(MeetingStatus::NoShow), scheduled),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_funnel_rates_count_declines_of_requests_and_no_shows_of_scheduled_meetings() {
        let reached = HashMap::from([
            (MeetingStatus::Accepted, 6),
            (MeetingStatus::Declined, 2),
            (MeetingStatus::Withdrawn, 2),
            (MeetingStatus::Scheduled, 5),
            (MeetingStatus::Held, 4),
            (MeetingStatus::NoShow, 1),
        ]);
        let funnel = funnel_of(10, &reached);
        assert_eq!(
            (
                funnel.requested,
                funnel.accepted,
                funnel.scheduled,
                funnel.held
            ),
            (10, 6, 5, 4)
        );
        assert_eq!(funnel.decline_rate_percent, Some(20.0));
        assert_eq!(funnel.withdrawal_rate_percent, Some(20.0));
        assert_eq!(funnel.no_show_rate_percent, Some(20.0));
        assert_eq!(funnel.cancellation_rate_percent, Some(0.0));
    }

    #[test]
    fn a_fair_without_requests_has_no_rates() {
        let funnel = funnel_of(0, &HashMap::new());
        assert_eq!(funnel.decline_rate_percent, None);
        assert_eq!(funnel.no_show_rate_percent, None);
    }
}
