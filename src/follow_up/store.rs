//! Diesel rows and queries of surveys, the support log and the follow-up queue.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::{NextStep, SurveyKind, SurveySide, SurveyStatus};
use crate::db::schema::{follow_ups, support_log, surveys};
use crate::db::{self, DbConn};
use crate::negotiations::NegotiationStatus;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, serde::Serialize)]
#[diesel(table_name = surveys)]
pub struct SurveyRow {
    pub id: String,
    pub kind: SurveyKind,
    pub event_id: String,
    pub meeting_id: Option<String>,
    pub registration_id: Option<String>,
    pub side: SurveySide,
    pub status: SurveyStatus,
    pub due_at: NaiveDateTime,
    pub answered_at: Option<NaiveDateTime>,
    pub answered_by: Option<String>,
    pub rating: Option<i32>,
    pub interpreter_rating: Option<i32>,
    pub next_step: Option<NextStep>,
    pub would_recommend: Option<bool>,
    pub comment: Option<String>,
    pub outcome: Option<NegotiationStatus>,
    pub report_id: Option<String>,
    pub created_at: NaiveDateTime,
}

/// Several surveys in one statement.
pub fn insert_surveys(conn: &mut DbConn, rows: &[SurveyRow]) -> QueryResult<()> {
    crate::db::insert_all!(conn, surveys::table, rows).map(|_| ())
}

pub fn insert_survey(conn: &mut DbConn, row: &SurveyRow) -> QueryResult<()> {
    diesel::insert_into(surveys::table)
        .values(row)
        .execute(conn)
        .map(drop)
}

pub fn find_survey(conn: &mut DbConn, id: &str) -> QueryResult<SurveyRow> {
    surveys::table
        .find(id)
        .select(SurveyRow::as_select())
        .first(conn)
}

/// What an answer writes on its survey.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = surveys)]
pub struct SurveyAnswerUpdate {
    pub status: SurveyStatus,
    pub answered_at: Option<NaiveDateTime>,
    pub answered_by: Option<String>,
    pub rating: Option<i32>,
    pub interpreter_rating: Option<i32>,
    pub next_step: Option<NextStep>,
    pub would_recommend: Option<bool>,
    pub comment: Option<String>,
    pub outcome: Option<NegotiationStatus>,
    pub report_id: Option<String>,
}

/// Writes the answer on a survey still pending; false when another answer came first.
pub fn answer_survey(
    conn: &mut DbConn,
    id: &str,
    answer: &SurveyAnswerUpdate,
) -> QueryResult<bool> {
    let changed = diesel::update(surveys::table.find(id))
        .filter(surveys::status.eq(SurveyStatus::Pending))
        .set(answer)
        .execute(conn)?;
    Ok(changed == 1)
}

/// Ends the pending surveys of `kinds` for one side of a meeting; returns their ids.
pub fn end_pending(
    conn: &mut DbConn,
    meeting_id: &str,
    side: SurveySide,
    kinds: &[SurveyKind],
) -> QueryResult<Vec<String>> {
    let ids: Vec<String> = surveys::table
        .filter(surveys::meeting_id.eq(meeting_id))
        .filter(surveys::side.eq(side))
        .filter(surveys::kind.eq_any(kinds))
        .filter(surveys::status.eq(SurveyStatus::Pending))
        .select(surveys::id)
        .load(conn)?;
    diesel::update(surveys::table.filter(surveys::id.eq_any(&ids)))
        .set(surveys::status.eq(SurveyStatus::Ended))
        .execute(conn)?;
    Ok(ids)
}

/// The account of a candidate, if it has one.
pub fn candidate_account(conn: &mut DbConn, candidate_id: &str) -> QueryResult<Option<String>> {
    use crate::db::schema::candidates;
    Ok(candidates::table
        .find(candidate_id)
        .select(candidates::user_id)
        .first::<Option<String>>(conn)
        .optional()?
        .flatten())
}

/// The capability a meeting was asked about, in both languages.
pub fn capability_titles(conn: &mut DbConn, id: &str) -> QueryResult<Option<(String, String)>> {
    use crate::db::schema::capabilities;
    capabilities::table
        .find(id)
        .select((capabilities::title_ja, capabilities::title_en))
        .first(conn)
        .optional()
}

// --- Support log ---------------------------------------------------------------------

#[derive(Debug, Clone, Queryable, Selectable, Insertable, serde::Serialize)]
#[diesel(table_name = support_log)]
pub struct SupportEntryRow {
    pub id: String,
    pub company_id: String,
    pub occurred_on: NaiveDate,
    pub channel: super::support_log::SupportChannel,
    pub topic: super::support_log::SupportTopic,
    pub notes: String,
    pub internal: bool,
    pub next_action_on: Option<NaiveDate>,
    pub recorded_by: String,
    pub created_at: NaiveDateTime,
}

pub fn insert_support_entry(conn: &mut DbConn, row: &SupportEntryRow) -> QueryResult<()> {
    diesel::insert_into(support_log::table)
        .values(row)
        .execute(conn)
        .map(drop)
}

/// What the support log's counts are made of: an entry's channel and topic.
#[derive(Debug, Clone, Copy, Queryable, Selectable)]
#[diesel(table_name = support_log)]
pub struct SupportKindRow {
    pub channel: super::support_log::SupportChannel,
    pub topic: super::support_log::SupportTopic,
}

/// The channel and topic of every entry of a company's log, for its counts.
pub fn support_kinds(conn: &mut DbConn, company_id: &str) -> QueryResult<Vec<SupportKindRow>> {
    support_log::table
        .filter(support_log::company_id.eq(company_id))
        .select(SupportKindRow::as_select())
        .load(conn)
}

/// Up to `limit` entries of a company's log, newest first (by day, then by id), after the
/// entry `after` names (its day and id: the previous page's last entry).
pub fn support_entries(
    conn: &mut DbConn,
    company_id: &str,
    after: Option<(NaiveDate, &str)>,
    limit: i64,
) -> QueryResult<Vec<SupportEntryRow>> {
    let mut query = support_log::table
        .filter(support_log::company_id.eq(company_id))
        .into_boxed();
    if let Some((day, id)) = after {
        query = query.filter(
            support_log::occurred_on.lt(day).or(support_log::occurred_on
                .eq(day)
                .and(support_log::id.lt(id.to_owned()))),
        );
    }
    query
        .order((support_log::occurred_on.desc(), support_log::id.desc()))
        .limit(limit)
        .select(SupportEntryRow::as_select())
        .load(conn)
}

// --- Follow-up queue -------------------------------------------------------------------

#[derive(Debug, Clone, Queryable, Selectable, Insertable, serde::Serialize)]
#[diesel(table_name = follow_ups)]
pub struct FollowUpRow {
    pub id: String,
    pub reason: super::queue::Reason,
    pub subject_id: String,
    pub meeting_id: Option<String>,
    pub company_id: Option<String>,
    pub status: super::queue::ItemStatus,
    pub due_at: NaiveDateTime,
    pub assignee_id: Option<String>,
    pub resolution: Option<super::queue::Resolution>,
    pub note: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub closed_at: Option<NaiveDateTime>,
    pub closed_by: Option<String>,
}

pub fn find_follow_up(conn: &mut DbConn, id: &str) -> QueryResult<FollowUpRow> {
    follow_ups::table
        .find(id)
        .select(FollowUpRow::as_select())
        .first(conn)
}

/// The open items, by reason and subject.
pub fn open_follow_ups(conn: &mut DbConn) -> QueryResult<Vec<FollowUpRow>> {
    follow_ups::table
        .filter(follow_ups::status.eq(super::queue::ItemStatus::Open))
        .select(FollowUpRow::as_select())
        .load(conn)
}

/// Every (reason, subject) that has an item, open or done: an item is opened once.
pub fn known_follow_ups(
    conn: &mut DbConn,
) -> QueryResult<std::collections::HashSet<(super::queue::Reason, String)>> {
    Ok(follow_ups::table
        .select((follow_ups::reason, follow_ups::subject_id))
        .load::<(super::queue::Reason, String)>(conn)?
        .into_iter()
        .collect())
}

/// Opens an item unless the queue already has one for its reason and subject: two reads of
/// the queue at the same moment both find it missing, and the second writes nothing.
pub fn insert_follow_up(conn: &mut DbConn, row: &FollowUpRow) -> QueryResult<()> {
    db::insert_or_ignore!(conn, follow_ups::table, row).map(drop)
}

pub fn save_follow_up(conn: &mut DbConn, row: &FollowUpRow) -> QueryResult<()> {
    diesel::update(follow_ups::table.find(&row.id))
        .set((
            follow_ups::status.eq(row.status),
            follow_ups::assignee_id.eq(&row.assignee_id),
            follow_ups::resolution.eq(row.resolution),
            follow_ups::note.eq(&row.note),
            follow_ups::updated_at.eq(row.updated_at),
            follow_ups::closed_at.eq(row.closed_at),
            follow_ups::closed_by.eq(&row.closed_by),
        ))
        .execute(conn)
        .map(drop)
}

/// Filters of the queue's list.
pub struct FollowUpFilter<'a> {
    pub status: super::queue::ItemStatus,
    pub assignee_id: Option<&'a str>,
    pub due_before: Option<NaiveDateTime>,
}

/// One page of the queue, in the order its items were opened.
pub fn list_follow_ups(
    conn: &mut DbConn,
    filter: &FollowUpFilter<'_>,
    after: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<FollowUpRow>> {
    let mut query = follow_ups::table
        .filter(follow_ups::status.eq(filter.status))
        .select(FollowUpRow::as_select())
        .order(follow_ups::id.asc())
        .limit(limit)
        .into_boxed();
    if let Some(assignee) = filter.assignee_id {
        query = query.filter(follow_ups::assignee_id.eq(assignee.to_owned()));
    }
    if let Some(before) = filter.due_before {
        query = query.filter(follow_ups::due_at.lt(before));
    }
    if let Some(id) = after {
        query = query.filter(follow_ups::id.gt(id.to_owned()));
    }
    query.load(conn)
}

// --- What the queue is made of ---------------------------------------------------------

/// An outcome survey still pending: (survey, meeting, company, due).
pub type PendingSurvey = (String, Option<String>, String, NaiveDateTime);

/// Outcome surveys still pending that fell due before `cutoff`.
pub fn overdue_outcome_surveys(
    conn: &mut DbConn,
    cutoff: NaiveDateTime,
) -> QueryResult<Vec<PendingSurvey>> {
    use crate::db::schema::meetings;
    surveys::table
        .inner_join(meetings::table)
        .filter(surveys::kind.eq_any([SurveyKind::Outcome3m, SurveyKind::Outcome6m]))
        .filter(surveys::status.eq(SurveyStatus::Pending))
        .filter(surveys::due_at.le(cutoff))
        .select((
            surveys::id,
            surveys::meeting_id,
            meetings::company_id,
            surveys::due_at,
        ))
        .load(conn)
}

/// The latest follow-up contact of each meeting in `meeting_ids`.
pub fn last_contacts(
    conn: &mut DbConn,
    meeting_ids: &[String],
) -> QueryResult<std::collections::HashMap<String, NaiveDate>> {
    use crate::db::schema::negotiation_contacts as c;
    use diesel::dsl::max;
    let rows: Vec<(String, Option<NaiveDate>)> = c::table
        .filter(c::meeting_id.eq_any(meeting_ids))
        .group_by(c::meeting_id)
        .select((c::meeting_id, max(c::contacted_on)))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(m, d)| d.map(|d| (m, d)))
        .collect())
}

/// Negotiations counted as `prospect`: (meeting, company, last change of the record).
pub fn prospects(conn: &mut DbConn) -> QueryResult<Vec<(String, String, NaiveDateTime)>> {
    use crate::db::schema::{meetings, negotiations as n};
    n::table
        .inner_join(meetings::table)
        .filter(n::effective_status.eq(NegotiationStatus::Prospect))
        .select((n::meeting_id, meetings::company_id, n::updated_at))
        .load(conn)
}

/// Negotiations whose reports disagree and that the desk has not confirmed: (meeting,
/// company, last change).
pub fn unconfirmed_disagreements(
    conn: &mut DbConn,
) -> QueryResult<Vec<(String, String, NaiveDateTime)>> {
    use crate::db::schema::{meetings, negotiations as n};
    n::table
        .inner_join(meetings::table)
        .filter(n::reports_disagree.eq(true))
        .filter(n::confirmed_report_id.is_null())
        .select((n::meeting_id, meetings::company_id, n::updated_at))
        .load(conn)
}

/// Support-log entries whose next action fell due by `today`, and the company's latest
/// entry date: (entry, company, next action, latest occurred_on of the company).
pub fn due_support_actions(
    conn: &mut DbConn,
    today: NaiveDate,
) -> QueryResult<Vec<(String, String, NaiveDate, NaiveDateTime)>> {
    support_log::table
        .filter(support_log::next_action_on.le(today))
        .select((
            support_log::id,
            support_log::company_id,
            support_log::next_action_on.assume_not_null(),
            support_log::created_at,
        ))
        .load(conn)
}

/// Whether the company has a support-log entry recorded after `after`.
pub fn support_entry_since(
    conn: &mut DbConn,
    company_id: &str,
    after: NaiveDateTime,
) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        support_log::table
            .filter(support_log::company_id.eq(company_id))
            .filter(support_log::created_at.gt(after)),
    ))
    .get_result(conn)
}
