//! What the negotiation routes do, as store-backed functions on one connection: find the
//! caller's side, apply the [`rules`](super::rules), write, and audit. The handlers call
//! one of these inside `db::run` or `db::write`.

use super::rules::{self, ListScope};
use super::store::{self, ContactRow, NegotiationRow, ReportRow};
use super::{Channel, NegotiationStatus, NegotiationView, SettledOutcome, Side};
use crate::audit::{self, Entity};
use crate::auth::AuthUser;
use crate::db::{self, DbConn};
use crate::error::ApiError;
use crate::i18n::Msg;
use crate::meetings::lifecycle::Side as MeetingSide;
use crate::meetings::store::{find_meeting, find_meeting_detail};
use crate::notifications::facts::NegotiationFacts;
use crate::notifications::webhooks::{self, EventType};
use crate::notifications::{self, Audience, Facts, Kind};
use crate::paging::PageRequest;
use serde_json::json;

/// The caller's side of a meeting's negotiation; reviewers are told to use the aggregates.
pub fn negotiation_side(
    conn: &mut DbConn,
    user: &AuthUser,
    meeting_id: &str,
) -> Result<MeetingSide, ApiError> {
    let meeting = find_meeting(conn, meeting_id)?;
    crate::companies::check_scope(conn, user, &meeting.company_id)?;
    match meeting.side_of(user)? {
        None => Err(ApiError::NotFound),
        Some(MeetingSide::Observer) => Err(rules::reviewers_read_aggregates()),
        Some(side) => Ok(side),
    }
}

/// The negotiation of a held meeting; a meeting not held has none yet (409).
fn negotiation_of(conn: &mut DbConn, meeting_id: &str) -> Result<NegotiationRow, ApiError> {
    match store::find_negotiation(conn, meeting_id) {
        Ok(row) => Ok(row),
        Err(diesel::result::Error::NotFound) => {
            let meeting = find_meeting(conn, meeting_id)?;
            Err(ApiError::StateConflict {
                detail: Msg::HeldFirst,
                current_status: meeting.status.as_str().to_owned(),
            })
        }
        Err(e) => Err(e.into()),
    }
}

fn view(conn: &mut DbConn, row: &NegotiationRow) -> Result<NegotiationView, ApiError> {
    let reports = store::reports(conn, &row.meeting_id)?;
    row.view(&reports)
}

/// A held meeting's negotiation, for either side or the desk.
pub fn get(conn: &mut DbConn, user: &AuthUser, key: &str) -> Result<NegotiationView, ApiError> {
    negotiation_side(conn, user, key)?;
    let row = negotiation_of(conn, key)?;
    view(conn, &row)
}

/// Records one side's report and recounts the effective outcome.
pub fn report(
    conn: &mut DbConn,
    user: &AuthUser,
    key: &str,
    named: Option<Side>,
    outcome: &SettledOutcome,
) -> Result<NegotiationView, ApiError> {
    let side = rules::reporting_side(negotiation_side(conn, user, key)?, named)?;
    let mut row = negotiation_of(conn, key)?;
    let before = row.clone();
    let report = ReportRow {
        id: db::new_id(),
        meeting_id: key.to_owned(),
        side,
        status: outcome.status,
        amount_minor: outcome.amount_minor,
        currency: outcome.currency.clone(),
        exchange_rate: outcome.exchange_rate.clone(),
        amount_jpy: outcome.amount_jpy,
        closed_on: outcome.closed_on,
        reported_by: user.id.to_string(),
        created_at: db::now(),
    };
    store::insert_report(conn, &report)?;
    store::refresh_effective(conn, &mut row)?;
    let actor = user.id.to_string();
    audit::Change::new(&actor, "report", Entity::NegotiationReport, &report.id)
        .after(&report)
        .record(conn)?;
    audit::Change::new(&actor, "report", Entity::Negotiation, &row.meeting_id)
        .before(&before)
        .after(&row)
        .record(conn)?;
    // The other side learns of the report (and may report its own view).
    let other = match side {
        Side::Company => Side::Buyer,
        Side::Buyer => Side::Company,
    };
    tell(
        conn,
        Kind::NegotiationReported,
        key,
        Some(side),
        outcome.status,
        &[Some(other)],
    )?;
    // And the desk, who confirms one report for the KPIs.
    tell(
        conn,
        Kind::NegotiationToConfirm,
        key,
        Some(side),
        outcome.status,
        &[None],
    )?;
    let data = json!({ "report_id": report.id, "side": side, "reported_status": report.status, "status": row.status });
    webhooks::publish_about_meeting(conn, EventType::NegotiationReported, key, data)?;
    view(conn, &row)
}

/// Tells `sides` of a negotiation's news (`None`: the desk), in the change's transaction.
fn tell(
    conn: &mut DbConn,
    kind: Kind,
    key: &str,
    side: Option<Side>,
    status: NegotiationStatus,
    sides: &[Option<Side>],
) -> Result<(), ApiError> {
    let detail = find_meeting_detail(conn, key)?;
    let event = crate::events::store::find_event(conn, &detail.meeting.event_id)?;
    let facts = Facts::Negotiation(NegotiationFacts {
        meeting_id: key.to_owned(),
        event_name: event.name,
        company_id: detail.meeting.company_id.clone(),
        company_name_ja: detail.company_name_ja,
        company_name_en: detail.company_name_en,
        buyer_id: detail.meeting.buyer_id.clone(),
        buyer_name: detail.buyer_name,
        side: side.map(|s| <&'static str>::from(s).to_owned()),
        status: status.as_str().to_owned(),
    });
    let audiences: Vec<Audience<'_>> = sides
        .iter()
        .map(|side| match side {
            Some(Side::Company) => Audience::CompanyMembers(&detail.meeting.company_id),
            Some(Side::Buyer) => Audience::BuyerMembers(&detail.meeting.buyer_id),
            None => Audience::Desk,
        })
        .collect();
    notifications::tell(conn, kind, &facts, &audiences)?;
    Ok(())
}

/// The desk confirms one report of the meeting: the record takes its values.
pub fn confirm(
    conn: &mut DbConn,
    user: &AuthUser,
    key: &str,
    report_id: &str,
) -> Result<NegotiationView, ApiError> {
    rules::may_confirm(negotiation_side(conn, user, key)?)?;
    let mut row = negotiation_of(conn, key)?;
    let before = row.clone();
    let report = store::reports(conn, key)?
        .into_iter()
        .find(|r| r.id == report_id)
        .ok_or_else(|| ApiError::invalid("report_id", Msg::NotReportOfMeeting))?;
    row.confirm(&report, db::now());
    store::refresh_effective(conn, &mut row)?;
    audit::Change::new(user.id, "confirm", Entity::Negotiation, &row.meeting_id)
        .before(&before)
        .after(&row)
        .record(conn)?;
    tell(
        conn,
        Kind::NegotiationConfirmed,
        key,
        Some(report.side),
        report.status,
        &[Some(Side::Company), Some(Side::Buyer)],
    )?;
    let data = json!({ "report_id": report.id, "status": row.status });
    webhooks::publish_about_meeting(conn, EventType::NegotiationConfirmed, key, data)?;
    view(conn, &row)
}

/// The company or the desk updates the record (a closed one only the desk).
pub fn update(
    conn: &mut DbConn,
    user: &AuthUser,
    key: &str,
    outcome: &SettledOutcome,
    notes: Option<&str>,
) -> Result<NegotiationView, ApiError> {
    let side = negotiation_side(conn, user, key)?;
    rules::may_update(side)?;
    let before = negotiation_of(conn, key)?;
    rules::may_change_status(side, before.status, outcome.status)?;
    let mut row = before.clone();
    store::apply_outcome(&mut row, outcome);
    if let Some(notes) = notes {
        row.notes = notes.to_owned();
    }
    row.updated_at = db::now();
    store::refresh_effective(conn, &mut row)?;
    audit::Change::new(user.id, "update", Entity::Negotiation, &row.meeting_id)
        .before(&before)
        .after(&row)
        .record(conn)?;
    let data = json!({ "status": row.status });
    webhooks::publish_about_meeting(conn, EventType::NegotiationUpdated, key, data)?;
    view(conn, &row)
}

/// Checks the caller may use the meeting's contact log, and that it exists (held).
fn contacts_side(conn: &mut DbConn, user: &AuthUser, key: &str) -> Result<(), ApiError> {
    rules::may_log_contacts(negotiation_side(conn, user, key)?)?;
    negotiation_of(conn, key)?;
    Ok(())
}

/// The follow-up contact log, oldest first.
pub fn contacts(
    conn: &mut DbConn,
    user: &AuthUser,
    key: &str,
) -> Result<Vec<ContactRow>, ApiError> {
    contacts_side(conn, user, key)?;
    Ok(store::contacts(conn, key)?)
}

/// A follow-up contact, logged and audited.
pub struct ContactEntry<'a> {
    pub contacted_on: chrono::NaiveDate,
    pub channel: Channel,
    pub summary: &'a str,
}

pub fn add_contact(
    conn: &mut DbConn,
    user: &AuthUser,
    key: &str,
    contact: ContactEntry<'_>,
) -> Result<ContactRow, ApiError> {
    contacts_side(conn, user, key)?;
    let row = ContactRow {
        id: db::new_id(),
        meeting_id: key.to_owned(),
        contacted_on: contact.contacted_on,
        channel: contact.channel,
        summary: contact.summary.trim().to_owned(),
        recorded_by: user.id.to_string(),
        created_at: db::now(),
    };
    store::insert_contact(conn, &row)?;
    audit::Change::new(
        &row.recorded_by,
        "create",
        Entity::NegotiationContact,
        &row.id,
    )
    .after(&row)
    .record(conn)?;
    Ok(row)
}

/// One page of the negotiations in `scope`, each with its reports (one query for the
/// page's reports, not one per negotiation).
pub fn list(
    conn: &mut DbConn,
    scope: &ListScope,
    event_id: Option<&str>,
    status: Option<NegotiationStatus>,
    page: &PageRequest,
) -> Result<Vec<(NegotiationRow, Vec<ReportRow>)>, ApiError> {
    let (company, buyer, municipality) = match scope {
        ListScope::All => (None, None, None),
        ListScope::Municipality(id) => (None, None, Some(id.as_str())),
        ListScope::Company(id) => (Some(id.as_str()), None, None),
        ListScope::Buyer(id) => (None, Some(id.as_str()), None),
    };
    let filter = store::NegotiationFilter {
        company_id: company,
        buyer_id: buyer,
        municipality_id: municipality,
        event_id,
        status,
    };
    let rows = store::list_negotiations(conn, &filter, page.after.as_deref(), page.fetch_limit())?;
    let ids: Vec<String> = rows.iter().map(|r| r.meeting_id.clone()).collect();
    let mut reports = store::reports_of(conn, &ids)?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let own = reports.remove(&row.meeting_id).unwrap_or_default();
            (row, own)
        })
        .collect())
}
