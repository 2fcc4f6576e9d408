//! `GET /notifications` and `POST /notifications/{id}/retry`: the outbox, for the desk and
//! admins. Recipient addresses are shown to admins only.

use actix_web::{get, post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::store::{self, OutboxFilter, OutboxRow};
use super::{Category, Channel, Kind, Status};
use crate::auth::{policy, AuthUser};
use crate::db::{self, parse_id};
use crate::error::{ApiError, Problem};
use crate::extract::Query;
use crate::i18n::{Locale, Msg};
use crate::paging::{Page, PageParams, Paging};
use crate::AppState;

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NotificationListQuery {
    pub status: Option<Status>,
    pub kind: Option<Kind>,
    /// Only messages about this object (a meeting, a company, an account…).
    pub subject_id: Option<Uuid>,
}

/// One message of the outbox.
#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationView {
    pub id: Uuid,
    pub channel: Channel,
    pub kind: Kind,
    pub category: Category,
    pub subject_id: Uuid,
    pub recipient_id: Option<Uuid>,
    /// The recipient's address: admins only (`null` for the desk).
    pub address: Option<String>,
    pub locale: Locale,
    pub status: Status,
    /// When it is (or was) due; after a failed attempt, when it is tried next.
    pub due_at: DateTime<Utc>,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
}

fn view(row: OutboxRow, with_address: bool) -> Result<NotificationView, ApiError> {
    Ok(NotificationView {
        id: parse_id(&row.id)?,
        channel: row.channel,
        kind: row.kind,
        category: row.category,
        subject_id: parse_id(&row.subject_id)?,
        recipient_id: row.recipient_id.as_deref().map(parse_id).transpose()?,
        address: with_address.then_some(row.address),
        locale: row.locale,
        status: row.status,
        due_at: row.due_at.and_utc(),
        attempts: row.attempts,
        last_error: row.last_error,
        created_at: row.created_at.and_utc(),
        sent_at: row.sent_at.map(|t| t.and_utc()),
    })
}

/// List the outbox
///
/// Every message the service sent, holds or will send (reminders), oldest first:
/// `held` ones wait for a mail server (`SMTP_URL`), `failed` ones were given up after the
/// retry period. The desk and admins; recipient addresses are shown to admins only.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    params(NotificationListQuery, PageParams),
    responses(
        (status = 200, description = "One page of messages", body = Page<NotificationView>),
        (status = 403, description = "Only the desk and admins read the outbox", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/notifications")]
pub async fn list_notifications(
    user: AuthUser,
    state: web::Data<AppState>,
    Query(query): Query<NotificationListQuery>,
    Paging(page): Paging,
) -> Result<web::Json<Page<NotificationView>>, ApiError> {
    policy::manage_outbox(&user)?;
    let with_address = policy::sees_recipient_addresses(&user);
    let filter = OutboxFilter {
        status: query.status,
        kind: query.kind,
        subject_id: query.subject_id.map(|id| id.to_string()),
        after: page.after.clone(),
    };
    let fetch = page.fetch_limit();
    let rows = db::run(&state.pool, move |conn| {
        Ok(store::list(conn, &filter, fetch)?)
    })
    .await?;
    Ok(web::Json(Page::from_rows(
        rows,
        &page,
        |r| r.id.clone(),
        |r| view(r, with_address),
    )?))
}

/// Send a message again
///
/// A `failed` or `held` message is due again now, with a fresh retry period. The desk and
/// admins.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The message")),
    responses(
        (status = 200, description = "The message, pending again", body = NotificationView),
        (status = 403, description = "Only the desk and admins", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such message", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The message is pending, sent or dropped", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/notifications/{id}/retry")]
pub async fn retry_notification(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
) -> Result<web::Json<NotificationView>, ApiError> {
    policy::manage_outbox(&user)?;
    let with_address = policy::sees_recipient_addresses(&user);
    let id = path.into_inner().to_string();
    let row = db::write(&state.pool, move |conn| {
        let current = store::find(conn, &id)?.ok_or(ApiError::NotFound)?;
        if store::retry_now(conn, &id, db::now())? == 0 {
            let status: &'static str = current.status.into();
            return Err(ApiError::StateConflict {
                detail: Msg::MessageNotRetryable {
                    status: status.to_owned(),
                },
                current_status: status.to_owned(),
            });
        }
        store::find(conn, &id)?.ok_or(ApiError::NotFound)
    })
    .await?;
    Ok(web::Json(view(row, with_address)?))
}
