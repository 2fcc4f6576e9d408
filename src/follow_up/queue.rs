//! The desk's follow-up queue: what needs a coordinator's call, recomputed from the records
//! each time the desk reads it, so an item is in the queue exactly while its reason holds.
//!
//! | reason | in the queue while | closed by |
//! |---|---|---|
//! | `survey_unanswered` | an outcome survey is unanswered 14 days after it fell due, and no contact was logged since | a contact, or the answer |
//! | `prospect_silent` | a `prospect` negotiation has had no contact (nor change) for 60 days | a contact |
//! | `reports_disagree` | the two sides' reports disagree and the desk has not confirmed one | the confirmation, or a report that agrees |
//! | `support_action_due` | a support-log entry's next action fell due and nothing was logged for the company since | a new support-log entry |
//!
//! Any item may also be closed by hand (`done`, with a note). An item is opened once per
//! reason and subject; a closed one is kept, with its resolution, as the record.

use chrono::{NaiveDate, NaiveDateTime, TimeDelta};
use diesel::QueryResult;
use std::collections::HashSet;

use super::schedule::UNANSWERED_GRACE_DAYS;
use super::store::{self, FollowUpRow};
use crate::db::{self, DbConn};

crate::stored_enum! {
    /// Why an item is in the queue.
    #[schema(as = FollowUpReason)]
    pub enum Reason {
        SurveyUnanswered,
        ProspectSilent,
        ReportsDisagree,
        SupportActionDue,
    }
}

crate::stored_enum! {
    #[schema(as = FollowUpStatus)]
    pub enum ItemStatus {
        Open,
        Done,
    }
}

crate::stored_enum! {
    /// What closed an item.
    #[schema(as = FollowUpResolution)]
    pub enum Resolution {
        Contact,
        Confirmed,
        Answered,
        Done,
    }
}

/// How long a prospect may go without contact.
pub const PROSPECT_SILENCE_DAYS: i64 = 60;

/// A reason that holds now, for one subject.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub reason: Reason,
    pub subject_id: String,
    pub meeting_id: Option<String>,
    pub company_id: Option<String>,
    pub due_at: NaiveDateTime,
}

/// A prospect's subject names the day its silence began: a contact ends the item, and a
/// later silence opens a new one.
pub fn prospect_subject(meeting_id: &str, since: NaiveDate) -> String {
    format!("{meeting_id}/{since}")
}

/// Whether a survey that fell due at `due_at` is overdue at `now` given the meeting's last
/// contact: 14 days without an answer, and no contact on or after the day it fell due.
pub fn survey_overdue(
    due_at: NaiveDateTime,
    last_contact: Option<NaiveDate>,
    now: NaiveDateTime,
) -> bool {
    due_at + TimeDelta::days(UNANSWERED_GRACE_DAYS) <= now
        && last_contact.is_none_or(|day| day < due_at.date())
}

/// When a prospect's silence began, and whether it has lasted 60 days by `today`.
pub fn prospect_silent_since(
    changed_at: NaiveDateTime,
    last_contact: Option<NaiveDate>,
    today: NaiveDate,
) -> Option<NaiveDate> {
    let since = last_contact.map_or(changed_at.date(), |c| c.max(changed_at.date()));
    (since + TimeDelta::days(PROSPECT_SILENCE_DAYS) <= today).then_some(since)
}

/// Everything that belongs in the queue at `now`.
pub fn candidates(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<Vec<Candidate>> {
    let today = crate::japan::today();
    let mut found = Vec::new();
    let surveys =
        store::overdue_outcome_surveys(conn, now - TimeDelta::days(UNANSWERED_GRACE_DAYS))?;
    let prospects = store::prospects(conn)?;
    let meetings: Vec<String> = surveys
        .iter()
        .filter_map(|s| s.1.clone())
        .chain(prospects.iter().map(|p| p.0.clone()))
        .collect();
    let contacts = store::last_contacts(conn, &meetings)?;
    for (survey, meeting, company, due_at) in surveys {
        let last = meeting.as_ref().and_then(|m| contacts.get(m)).copied();
        if survey_overdue(due_at, last, now) {
            found.push(Candidate {
                reason: Reason::SurveyUnanswered,
                subject_id: survey,
                meeting_id: meeting,
                company_id: Some(company),
                due_at: due_at + TimeDelta::days(UNANSWERED_GRACE_DAYS),
            });
        }
    }
    for (meeting, company, changed_at) in prospects {
        if let Some(since) =
            prospect_silent_since(changed_at, contacts.get(&meeting).copied(), today)
        {
            found.push(Candidate {
                reason: Reason::ProspectSilent,
                subject_id: prospect_subject(&meeting, since),
                meeting_id: Some(meeting),
                company_id: Some(company),
                due_at: (since + TimeDelta::days(PROSPECT_SILENCE_DAYS))
                    .and_time(chrono::NaiveTime::MIN),
            });
        }
    }
    for (meeting, company, changed_at) in store::unconfirmed_disagreements(conn)? {
        found.push(Candidate {
            reason: Reason::ReportsDisagree,
            subject_id: meeting.clone(),
            meeting_id: Some(meeting),
            company_id: Some(company),
            due_at: changed_at,
        });
    }
    for (entry, company, next_action_on, recorded_at) in store::due_support_actions(conn, today)? {
        if !store::support_entry_since(conn, &company, recorded_at)? {
            found.push(Candidate {
                reason: Reason::SupportActionDue,
                subject_id: entry,
                meeting_id: None,
                company_id: Some(company),
                due_at: next_action_on.and_time(chrono::NaiveTime::MIN),
            });
        }
    }
    Ok(found)
}

/// What closed an item whose reason no longer holds.
pub fn resolution_when_gone(reason: Reason, survey_answered: bool, confirmed: bool) -> Resolution {
    match reason {
        Reason::SurveyUnanswered if survey_answered => Resolution::Answered,
        Reason::ReportsDisagree if confirmed => Resolution::Confirmed,
        Reason::ReportsDisagree => Resolution::Answered,
        Reason::SurveyUnanswered | Reason::ProspectSilent | Reason::SupportActionDue => {
            Resolution::Contact
        }
    }
}

/// Brings the stored queue in line with the records: opens the items whose reason now
/// holds, closes the open ones whose reason is gone.
pub fn refresh(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<()> {
    let current = candidates(conn, now)?;
    let known = store::known_follow_ups(conn)?;
    let holding: HashSet<(Reason, String)> = current
        .iter()
        .map(|c| (c.reason, c.subject_id.clone()))
        .collect();
    for candidate in current {
        if known.contains(&(candidate.reason, candidate.subject_id.clone())) {
            continue;
        }
        store::insert_follow_up(
            conn,
            &FollowUpRow {
                id: db::new_id(),
                reason: candidate.reason,
                subject_id: candidate.subject_id,
                meeting_id: candidate.meeting_id,
                company_id: candidate.company_id,
                status: ItemStatus::Open,
                due_at: candidate.due_at,
                assignee_id: None,
                resolution: None,
                note: None,
                created_at: now,
                updated_at: now,
                closed_at: None,
                closed_by: None,
            },
        )?;
    }
    for mut item in store::open_follow_ups(conn)? {
        if holding.contains(&(item.reason, item.subject_id.clone())) {
            continue;
        }
        let answered = item.reason == Reason::SurveyUnanswered
            && store::find_survey(conn, &item.subject_id)?.status != super::SurveyStatus::Pending;
        let confirmed = item.reason == Reason::ReportsDisagree
            && crate::negotiations::store::find_negotiation(conn, &item.subject_id)?
                .confirmed_report_id
                .is_some();
        item.status = ItemStatus::Done;
        item.resolution = Some(resolution_when_gone(item.reason, answered, confirmed));
        item.closed_at = Some(now);
        item.updated_at = now;
        store::save_follow_up(conn, &item)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 10, d).unwrap()
    }

    fn noon(d: u32) -> NaiveDateTime {
        day(d).and_hms_opt(12, 0, 0).unwrap()
    }

    #[test]
    fn an_unanswered_survey_is_followed_up_on_day_fifteen_not_day_thirteen() {
        assert!(!survey_overdue(noon(1), None, noon(14)));
        assert!(survey_overdue(noon(1), None, noon(15)));
    }

    #[test]
    fn a_contact_since_the_survey_fell_due_takes_it_out_of_the_queue() {
        assert!(!survey_overdue(noon(1), Some(day(20)), noon(25)));
        assert!(survey_overdue(noon(10), Some(day(9)), noon(25)));
    }

    #[test]
    fn a_prospect_is_silent_after_sixty_days_without_contact() {
        let changed = noon(1);
        let sixty = day(1) + TimeDelta::days(60);
        assert_eq!(
            prospect_silent_since(changed, None, sixty - TimeDelta::days(1)),
            None
        );
        assert_eq!(prospect_silent_since(changed, None, sixty), Some(day(1)));
        assert_eq!(prospect_silent_since(changed, Some(day(20)), sixty), None);
    }

    #[test]
    fn what_closes_an_item_is_named() {
        assert_eq!(
            resolution_when_gone(Reason::SurveyUnanswered, false, false),
            Resolution::Contact
        );
        assert_eq!(
            resolution_when_gone(Reason::SurveyUnanswered, true, false),
            Resolution::Answered
        );
        assert_eq!(
            resolution_when_gone(Reason::ReportsDisagree, false, true),
            Resolution::Confirmed
        );
    }
}
