//! The personal links of survey mails (`PUBLIC_BASE_URL/surveys/{token}`): a survey is
//! answered without signing in, so its link is the credential. The token is minted when its
//! mail is sent, never before: the outbox keeps only the survey's id, and the database only
//! the token's SHA-256, so neither a stored message nor a database copy yields a usable link.
//! A mail sent again after a crash carries a new token; every token of a survey is bound to
//! its one respondent, and once the survey is answered all of them answer 409.

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;

use crate::auth::tokens::{hash_refresh_token, new_refresh_token};
use crate::db::schema::survey_links;
use crate::db::DbConn;

/// How long a link works after its mail was sent.
pub const VALID_DAYS: i64 = 60;

/// One stored link.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = survey_links)]
pub struct SurveyLinkRow {
    pub token_hash: String,
    pub survey_id: String,
    pub respondent_id: String,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

/// The stored form of a token.
pub fn hash(token: &str) -> String {
    hash_refresh_token(token)
}

/// A new token for `respondent` to answer `survey_id`, valid for [`VALID_DAYS`] from `now`.
pub fn mint(
    conn: &mut DbConn,
    survey_id: &str,
    respondent_id: &str,
    now: NaiveDateTime,
) -> QueryResult<String> {
    let (token, token_hash) = new_refresh_token();
    diesel::insert_into(survey_links::table)
        .values(&SurveyLinkRow {
            token_hash,
            survey_id: survey_id.to_owned(),
            respondent_id: respondent_id.to_owned(),
            expires_at: now + TimeDelta::days(VALID_DAYS),
            used_at: None,
            created_at: now,
        })
        .execute(conn)?;
    Ok(token)
}

/// The link a token names, if it exists and has not expired at `now`. Unknown and expired
/// look the same to the caller (404, no hint which).
pub fn find_valid(
    conn: &mut DbConn,
    token: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<SurveyLinkRow>> {
    survey_links::table
        .find(hash(token))
        .filter(survey_links::expires_at.gt(now))
        .select(SurveyLinkRow::as_select())
        .first(conn)
        .optional()
}

/// Marks the link used; false when it already was (a concurrent answer won).
pub fn use_once(conn: &mut DbConn, token_hash: &str, now: NaiveDateTime) -> QueryResult<bool> {
    let changed = diesel::update(survey_links::table.find(token_hash))
        .filter(survey_links::used_at.is_null())
        .set(survey_links::used_at.eq(now))
        .execute(conn)?;
    Ok(changed == 1)
}

/// The address of a survey link under `base` (`PUBLIC_BASE_URL`).
pub fn url(base: &str, token: &str) -> String {
    format!("{}/api/v1/surveys/{token}", base.trim_end_matches('/'))
}
