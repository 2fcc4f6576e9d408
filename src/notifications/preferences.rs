//! Which mail an account wants: per category on or off (`GET/PUT /me/notifications`), and the
//! one-click unsubscribe link every optional mail carries (RFC 8058: `List-Unsubscribe` with
//! `List-Unsubscribe-Post: List-Unsubscribe=One-Click`). Account and security mail
//! (`account`: approval, verification, password, a new staff account) cannot be turned off.
//!
//! A category turned off is honoured when a message is written: no row is written for the
//! account, so nothing is held or retried for it.

use actix_web::{get, post, put, web, HttpResponse};
use base64::Engine;
use diesel::prelude::*;
use hmac::{Hmac, KeyInit, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::Category;
use crate::auth::AuthUser;
use crate::db::schema::notification_preferences;
use crate::db::{self, DbConn};
use crate::error::{ApiError, Problem};
use crate::extract::{JsonBody, Query};
use crate::AppState;

impl Category {
    /// Whether an account may turn this category's mail off.
    pub fn optional(self) -> bool {
        self != Category::Account
    }
}

fn load(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<(Category, bool)>> {
    notification_preferences::table
        .filter(notification_preferences::user_id.eq(user_id))
        .select((
            notification_preferences::category,
            notification_preferences::email,
        ))
        .load(conn)
}

fn set(conn: &mut DbConn, user_id: &str, category: Category, email: bool) -> QueryResult<()> {
    let row = notification_preferences::table
        .filter(notification_preferences::user_id.eq(user_id))
        .filter(notification_preferences::category.eq(category));
    diesel::delete(row).execute(conn)?;
    diesel::insert_into(notification_preferences::table)
        .values((
            notification_preferences::user_id.eq(user_id),
            notification_preferences::category.eq(category),
            notification_preferences::email.eq(email),
            notification_preferences::updated_at.eq(db::now()),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Your mail, per category: `true` is sent, `false` is not. `account` is always `true`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NotificationPreferences {
    /// Meeting requests, answers, schedules, moves, cancellations.
    pub meetings: bool,
    /// 24 hours and 1 hour before a scheduled meeting.
    pub reminders: bool,
    /// Outcome reports and confirmations.
    pub negotiations: bool,
    /// Applications and their status.
    pub talent: bool,
    /// Event registrations and programme news.
    pub programme: bool,
    /// Approval, verification, password and account mail: cannot be turned off.
    pub account: bool,
}

/// What to change; categories left out stay as they are. `account` is not among them:
/// account and security mail is always sent.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NotificationPreferencesChanges {
    pub meetings: Option<bool>,
    pub reminders: Option<bool>,
    pub negotiations: Option<bool>,
    pub talent: Option<bool>,
    pub programme: Option<bool>,
}

fn preferences_of(conn: &mut DbConn, user_id: &str) -> QueryResult<NotificationPreferences> {
    let stored = load(conn, user_id)?;
    let on = |category: Category| {
        !category.optional()
            || stored
                .iter()
                .find(|(c, _)| *c == category)
                .is_none_or(|(_, email)| *email)
    };
    Ok(NotificationPreferences {
        meetings: on(Category::Meetings),
        reminders: on(Category::Reminders),
        negotiations: on(Category::Negotiations),
        talent: on(Category::Talent),
        programme: on(Category::Programme),
        account: true,
    })
}

/// Get your mail preferences
///
/// Which categories of mail the service sends you.
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    responses((status = 200, description = "Your preferences", body = NotificationPreferences))
)]
#[get("/me/notifications")]
pub async fn get_notification_preferences(
    user: AuthUser,
    state: web::Data<AppState>,
) -> Result<web::Json<NotificationPreferences>, ApiError> {
    let id = user.id.to_string();
    let preferences = db::run(&state.pool, move |conn| Ok(preferences_of(conn, &id)?)).await?;
    Ok(web::Json(preferences))
}

/// Change your mail preferences
///
/// Turns categories of mail on or off; `account` mail cannot be turned off.
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    request_body = NotificationPreferencesChanges,
    responses(
        (status = 200, description = "Your preferences", body = NotificationPreferences),
    )
)]
#[put("/me/notifications")]
pub async fn put_notification_preferences(
    user: AuthUser,
    state: web::Data<AppState>,
    JsonBody(body): JsonBody<NotificationPreferencesChanges>,
) -> Result<web::Json<NotificationPreferences>, ApiError> {
    let changes = [
        (Category::Meetings, body.meetings),
        (Category::Reminders, body.reminders),
        (Category::Negotiations, body.negotiations),
        (Category::Talent, body.talent),
        (Category::Programme, body.programme),
    ];
    let id = user.id.to_string();
    let preferences = db::write(&state.pool, move |conn| {
        for (category, email) in changes {
            if let Some(email) = email {
                set(conn, &id, category, email)?;
            }
        }
        Ok(preferences_of(conn, &id)?)
    })
    .await?;
    Ok(web::Json(preferences))
}

type HmacSha256 = Hmac<Sha256>;

fn signature(key: &[u8], claim: &str) -> Option<Vec<u8>> {
    let mut mac = HmacSha256::new_from_slice(key).ok()?;
    mac.update(b"unsubscribe:");
    mac.update(claim.as_bytes());
    Some(mac.finalize().into_bytes().to_vec())
}

/// The unsubscribe token of `user_id`'s mail of `category`: the claim and its HMAC under the
/// service's key, so only the service makes them, and they never expire (a link in an old
/// mail still works).
pub fn token(key: &[u8], user_id: &str, category: Category) -> Option<String> {
    let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let claim = format!("{user_id}.{}", <&'static str>::from(category));
    let signed = signature(key, &claim)?;
    Some(format!(
        "{}.{}",
        engine.encode(&claim),
        engine.encode(signed)
    ))
}

/// The account and category a token names, if the service made it.
pub fn verify(key: &[u8], token: &str) -> Option<(String, Category)> {
    let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let (claim, signed) = token.split_once('.')?;
    let claim = String::from_utf8(engine.decode(claim).ok()?).ok()?;
    let signed = engine.decode(signed).ok()?;
    let mut mac = HmacSha256::new_from_slice(key).ok()?;
    mac.update(b"unsubscribe:");
    mac.update(claim.as_bytes());
    mac.verify_slice(&signed).ok()?;
    let (user_id, category) = claim.rsplit_once('.')?;
    let category: Category = category.parse().ok()?;
    category.optional().then(|| (user_id.to_owned(), category))
}

/// The link of `token`, for the mail's `List-Unsubscribe` header and its footer.
pub fn link(base_url: &str, token: &str) -> String {
    format!(
        "{}/api/v1/unsubscribe?token={token}",
        base_url.trim_end_matches('/')
    )
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UnsubscribeQuery {
    /// The token of the mail's unsubscribe link.
    pub token: String,
}

/// Unsubscribe with one click
///
/// What a mail client posts for the mail's `List-Unsubscribe` link (RFC 8058): the category
/// of that mail is turned off for the account it was sent to. No sign-in: the token is the
/// proof. Idempotent.
#[utoipa::path(
    tag = "users",
    security(()),
    params(UnsubscribeQuery),
    responses(
        (status = 204, description = "The category is turned off"),
        (status = 404, description = "The token was not made by this service: it names nothing", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/unsubscribe")]
pub async fn unsubscribe(
    state: web::Data<AppState>,
    Query(query): Query<UnsubscribeQuery>,
) -> Result<HttpResponse, ApiError> {
    let (user_id, category) =
        verify(&state.config.delivery.unsubscribe_key, &query.token).ok_or(ApiError::NotFound)?;
    db::write(&state.pool, move |conn| {
        match set(conn, &user_id, category, false) {
            // An account erased since: nothing is sent to it anyway.
            Err(diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::ForeignKeyViolation,
                _,
            )) => Ok(()),
            other => Ok(other?),
        }
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// See the unsubscribe page
///
/// The page a person reaches from the link in a mail's footer: one button that posts the
/// one-click unsubscribe (a GET changes nothing, so a link scanner cannot unsubscribe anyone).
#[utoipa::path(
    tag = "users",
    security(()),
    params(UnsubscribeQuery),
    responses(
        (status = 200, description = "A page with the unsubscribe button", body = String, content_type = "text/html"),
        (status = 404, description = "The token was not made by this service: it names nothing", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/unsubscribe")]
pub async fn unsubscribe_page(
    state: web::Data<AppState>,
    Query(query): Query<UnsubscribeQuery>,
) -> Result<HttpResponse, ApiError> {
    let (_, category) =
        verify(&state.config.delivery.unsubscribe_key, &query.token).ok_or(ApiError::NotFound)?;
    let category: &'static str = category.into();
    let token = super::mail::escape(&query.token);
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(format!(
            "<!DOCTYPE html>\n<html lang=\"ja\"><head><meta charset=\"utf-8\"><title>配信停止 / Unsubscribe</title></head>\n\
             <body><p>「{category}」のメールの配信を停止しますか？ / Stop the “{category}” mail?</p>\n\
             <form method=\"post\" action=\"/api/v1/unsubscribe?token={token}\">\
             <button type=\"submit\">配信を停止する / Unsubscribe</button></form></body></html>\n"
        )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_names_its_account_and_category_and_nothing_else() {
        let key = b"a key of the service";
        let made = token(key, "0192-user", Category::Reminders).unwrap();
        assert_eq!(
            verify(key, &made),
            Some(("0192-user".to_owned(), Category::Reminders))
        );
        assert_eq!(verify(b"another key", &made), None);
        let (claim, signed) = made.split_once('.').unwrap();
        let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let forged = format!("{}.{signed}", engine.encode("0192-user.meetings"));
        assert_eq!(verify(key, &forged), None);
        assert_eq!(verify(key, claim), None);
        // Account mail has no token that would work.
        let account = token(key, "0192-user", Category::Account).unwrap();
        assert_eq!(verify(key, &account), None);
    }
}
