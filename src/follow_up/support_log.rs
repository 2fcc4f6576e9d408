//! The company support log (伴走型支援): the desk's visits, consultations, calls and mails
//! with a company, over months and not tied to a meeting. The desk and admins write and read
//! it whole; the company reads its own entries without the notes marked internal; reviewers
//! see counts only. A next action that falls due enters the follow-up queue.

use chrono::NaiveDate;

use super::store::{self, SupportEntryRow, SupportKindRow};
use crate::audit::{self, Entity};
use crate::auth::policy::SupportLogAccess;
use crate::auth::AuthUser;
use crate::db::{self, DbConn};
use crate::error::ApiError;
use crate::paging::PageRequest;

crate::stored_enum! {
    /// How the desk was in touch.
    pub enum SupportChannel { Visit, Meeting, Call, Mail, Online }
}

crate::stored_enum! {
    /// What the support was about.
    pub enum SupportTopic { MarketEntry, Certification, Logistics, Hiring, Funding, Other }
}

/// An entry to record.
pub struct SupportEntry<'a> {
    pub occurred_on: NaiveDate,
    pub channel: SupportChannel,
    pub topic: SupportTopic,
    pub notes: &'a str,
    pub internal: bool,
    pub next_action_on: Option<NaiveDate>,
}

/// Records an entry by the calling desk member, audited. The company must exist.
pub fn record(
    conn: &mut DbConn,
    user: &AuthUser,
    company_id: &str,
    entry: SupportEntry<'_>,
) -> Result<SupportEntryRow, ApiError> {
    crate::companies::store::find_company(conn, company_id)?;
    let row = SupportEntryRow {
        id: db::new_id(),
        company_id: company_id.to_owned(),
        occurred_on: entry.occurred_on,
        channel: entry.channel,
        topic: entry.topic,
        notes: entry.notes.trim().to_owned(),
        internal: entry.internal,
        next_action_on: entry.next_action_on,
        recorded_by: user.id.to_string(),
        created_at: db::now(),
    };
    store::insert_support_entry(conn, &row)?;
    audit::Change::new(user.id, "create", Entity::SupportEntry, &row.id)
        .after(&row)
        .record(conn)?;
    Ok(row)
}

/// The cursor key of an entry: its day and its id, the log's order.
pub fn entry_key(row: &SupportEntryRow) -> String {
    format!("{} {}", row.occurred_on, row.id)
}

/// The kinds of all entries, for the counts, and one page of the entries the caller may see
/// (`None` for reviewers, who see the counts only). A cursor this list did not hand out
/// names no entry's place: its page is empty.
pub fn read(
    conn: &mut DbConn,
    access: SupportLogAccess,
    company_id: &str,
    page: &PageRequest,
) -> Result<(Vec<SupportKindRow>, Option<Vec<SupportEntryRow>>), ApiError> {
    crate::companies::store::find_company(conn, company_id)?;
    let kinds = store::support_kinds(conn, company_id)?;
    if access == SupportLogAccess::Counts {
        return Ok((kinds, None));
    }
    // The company sees every entry too; the handler leaves out internal entries' notes.
    let after = match page.after.as_deref() {
        None => None,
        Some(key) => match key
            .split_once(' ')
            .and_then(|(day, id)| Some((day.parse::<NaiveDate>().ok()?, id)))
        {
            Some(after) => Some(after),
            None => return Ok((kinds, Some(Vec::new()))),
        },
    };
    let rows = store::support_entries(conn, company_id, after, page.fetch_limit())?;
    Ok((kinds, Some(rows)))
}
