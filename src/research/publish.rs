//! `draft → published`: the brief goes out to its readers and, in the same transaction,
//! a mail to every member of each company that follows one of its tags or categories, in
//! the member's language.

use super::store::{self, BriefRow};
use super::BriefStatus;
use crate::audit::{self, Entity};
use crate::auth::AuthUser;
use crate::db::{self, DbConn};
use crate::error::ApiError;
use crate::i18n::Msg;
use crate::notifications::facts::BriefFacts;
use crate::notifications::{self, Audience, Facts, Kind};

/// Publishes the draft `id` (409 if it is published already) and tells the subscribers.
pub fn publish(conn: &mut DbConn, user: &AuthUser, id: &str) -> Result<BriefRow, ApiError> {
    let before = store::find_brief(conn, id)?;
    if before.status == BriefStatus::Published {
        return Err(ApiError::StateConflict {
            detail: Msg::BriefPublishedAlready,
            current_status: BriefStatus::Published.as_str().to_owned(),
        });
    }
    let now = db::now();
    let row = BriefRow {
        status: BriefStatus::Published,
        published_at: Some(now),
        updated_at: now,
        ..before.clone()
    };
    store::update_brief(conn, &row)?;
    audit::Change::new(user.id, "publish", Entity::Brief, &row.id)
        .before(&before)
        .after(&row)
        .record(conn)?;
    tell_subscribers(conn, &row)?;
    Ok(row)
}

fn tell_subscribers(conn: &mut DbConn, row: &BriefRow) -> Result<(), ApiError> {
    let tags = db::decode_list(&row.tags)?;
    let categories = db::decode_list(&row.categories)?;
    let companies = store::subscribed_companies(conn, &tags, &categories)?;
    if companies.is_empty() {
        return Ok(());
    }
    let facts = Facts::Brief(BriefFacts {
        brief_id: row.id.clone(),
        title_ja: row.title_ja.clone(),
        title_en: row.title_en.clone(),
        summary_ja: row.summary_ja.clone(),
        summary_en: row.summary_en.clone(),
        tags,
        categories,
    });
    let audiences: Vec<Audience<'_>> = companies
        .iter()
        .map(|company| Audience::CompanyMembers(company))
        .collect();
    notifications::tell(conn, Kind::BriefPublished, &facts, &audiences)?;
    Ok(())
}
