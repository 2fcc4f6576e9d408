//! Signed-in sessions: starting one (a new refresh-token family), rotating a refresh token,
//! ending a login. Store-backed rules over `refresh_tokens`, called inside a write
//! transaction.

use serde::Serialize;
use utoipa::ToSchema;

use super::store::{find_user, UserRow};
use super::UserView;
use crate::auth::store::{self as tokens_store, RefreshTokenInsert};
use crate::auth::tokens::{self, ACCESS_TOKEN_TTL, REFRESH_TOKEN_TTL};
use crate::db::{self, DbConn};
use crate::error::ApiError;
use crate::i18n::Msg;
use crate::AppState;

/// A signed-in session: a short-lived access token and the refresh token that renews it.
#[derive(Debug, Serialize, ToSchema)]
pub struct Session {
    pub access_token: String,
    #[schema(example = "Bearer")]
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: i64,
    /// Opaque; single use. Present it to `/auth/refresh` for a new pair.
    pub refresh_token: String,
    pub user: UserView,
}

/// What happened to a presented refresh token.
pub enum Rotation {
    Rotated(Box<Session>),
    Refused(Msg),
}

/// Starts a new refresh-token family for `user` and signs an access token.
pub fn start_session(
    conn: &mut DbConn,
    state: &AppState,
    user: &UserRow,
) -> Result<Session, ApiError> {
    let family_id = db::new_id();
    issue_in_family(conn, state, user, &family_id)
}

fn issue_in_family(
    conn: &mut DbConn,
    state: &AppState,
    user: &UserRow,
    family_id: &str,
) -> Result<Session, ApiError> {
    let (refresh_token, token_hash) = tokens::new_refresh_token();
    let now = db::now();
    tokens_store::insert_refresh_token(
        conn,
        &RefreshTokenInsert {
            id: &db::new_id(),
            user_id: &user.id,
            family_id,
            token_hash: &token_hash,
            expires_at: now + REFRESH_TOKEN_TTL,
            created_at: now,
        },
    )?;
    Ok(Session {
        access_token: state.tokens.issue(&user.principal()?)?,
        token_type: "Bearer".into(),
        expires_in: ACCESS_TOKEN_TTL.num_seconds(),
        refresh_token,
        user: user.view()?,
    })
}

/// Trades the refresh token whose hash is `hash` for a new pair in the same family. A token
/// presented twice, or racing another refresh with itself, revokes the whole family: the
/// caller must commit even a refusal, so that the revocation sticks.
pub fn rotate_refresh_token(
    conn: &mut DbConn,
    state: &AppState,
    hash: &str,
) -> Result<Rotation, ApiError> {
    let now = db::now();
    let Some(token) = tokens_store::find_refresh_token(conn, hash)? else {
        return Ok(Rotation::Refused(Msg::RefreshInvalid));
    };
    if token.used_at.is_some() || token.revoked_at.is_some() {
        tokens_store::revoke_family(conn, &token.family_id, now)?;
        tracing::warn!(family = %token.family_id, "refresh token reused; family revoked");
        return Ok(Rotation::Refused(Msg::RefreshReused));
    }
    if token.expires_at <= now {
        return Ok(Rotation::Refused(Msg::RefreshExpired));
    }
    let user = find_user(conn, &token.user_id)?;
    if user.disabled_at.is_some() {
        tokens_store::revoke_family(conn, &token.family_id, now)?;
        return Ok(Rotation::Refused(Msg::AccountDisabled));
    }
    if !tokens_store::claim_refresh_token(conn, &token.id, now)? {
        tokens_store::revoke_family(conn, &token.family_id, now)?;
        return Ok(Rotation::Refused(Msg::RefreshReused));
    }
    let session = issue_in_family(conn, state, &user, &token.family_id)?;
    Ok(Rotation::Rotated(Box::new(session)))
}

/// Revokes every token of the login the refresh token with hash `hash` belongs to; an unknown
/// token is no error (signing out twice is signing out).
pub fn end_session(conn: &mut DbConn, hash: &str) -> Result<(), ApiError> {
    if let Some(token) = tokens_store::find_refresh_token(conn, hash)? {
        tokens_store::revoke_family(conn, &token.family_id, db::now())?;
    }
    Ok(())
}
