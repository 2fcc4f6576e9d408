//! `/webhooks`: subscriptions to the service's events, their secrets and delivery log.
//! The desk and admins subscribe to every object's events, an sme member to its company's,
//! a buyer member to its organisation's; a subscription outside the caller's scope is 404.

use actix_web::{delete, get, patch, post, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::store::{self, SubscriptionInsert, SubscriptionRow, SubscriptionUpdate, Visible};
use super::{deliver, target, EventType};
use crate::auth::policy::{self, SubscriberScope};
use crate::auth::AuthUser;
use crate::config::WebhookSettings;
use crate::db::{self, parse_id};
use crate::error::{ApiError, Problem};
use crate::extract::JsonBody;
use crate::i18n::Msg;
use crate::notifications::Status;
use crate::paging::{Page, PageParams, Paging};
use crate::{validate, AppState};

/// A new subscription. Its scope follows the caller: an sme member's receives its company's
/// events, a buyer member's its organisation's, the desk's and admins' everyone's.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewWebhook {
    /// Where events are posted: `https` (plain `http` only where the service allows it),
    /// on a public address.
    #[schema(
        example = "https://erp.example.co.jp/hooks/sagamihara",
        format = "uri",
        min_length = 8,
        max_length = 2000,
        pattern = "^https?://[^/?#\\s@]+"
    )]
    pub url: String,
    /// The event types to receive, each once; `*` for all.
    #[schema(min_items = 1)]
    pub event_types: Vec<EventType>,
    #[validate(length(max = 500))]
    #[schema(max_length = 500)]
    pub description: Option<String>,
}

/// Changes to a subscription; absent fields stay as they are.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WebhookChanges {
    #[schema(
        format = "uri",
        min_length = 8,
        max_length = 2000,
        pattern = "^https?://[^/?#\\s@]+"
    )]
    pub url: Option<String>,
    #[schema(min_items = 1)]
    pub event_types: Option<Vec<EventType>>,
    /// `null` clears it.
    #[serde(default, deserialize_with = "validate::double_option")]
    #[schema(value_type = Option<String>, max_length = 500)]
    pub description: Option<Option<String>>,
    /// `false` disables the subscription (what it is owed is dropped); `true` enables it
    /// again, e.g. after a `410 Gone` disabled it.
    pub active: Option<bool>,
}

/// A subscription (its secret is shown only when it is created or rotated).
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookView {
    pub id: Uuid,
    pub url: String,
    pub event_types: Vec<EventType>,
    pub description: Option<String>,
    /// The account that created it.
    pub owner_id: Uuid,
    /// The company whose events it receives (an sme member's subscription).
    pub company_id: Option<Uuid>,
    /// The buyer organisation whose events it receives (a buyer member's subscription).
    pub buyer_id: Option<Uuid>,
    /// `false` once disabled (by a `410 Gone` answer or by its owner): nothing is sent.
    pub active: bool,
    pub disabled_at: Option<DateTime<Utc>>,
    pub disabled_reason: Option<String>,
    /// Until when the secret before the last rotation still signs beside the current one.
    pub previous_secret_expires_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A subscription just created, with its signing secret, shown this once.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookCreated {
    #[serde(flatten)]
    pub webhook: WebhookView,
    /// The Standard Webhooks signing secret (`whsec_` and base64). Keep it: it is not shown
    /// again (rotate it to get a new one).
    pub secret: String,
}

/// A new signing secret, shown this once.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookSecret {
    pub secret: String,
    /// The previous secret keeps signing beside this one until then.
    pub previous_secret_expires_at: DateTime<Utc>,
}

/// One attempt to deliver a message.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookDeliveryView {
    pub id: Uuid,
    /// The message, as its `webhook-id` header says: the same for every attempt.
    pub message_id: Uuid,
    pub event_type: EventType,
    pub attempted_at: DateTime<Utc>,
    /// The receiver's status code; `null` when no answer came (refused target, timeout…).
    pub status_code: Option<i32>,
    /// The first KiB of the answer.
    pub response_excerpt: Option<String>,
    pub error: Option<String>,
    pub duration_ms: i32,
    /// Where the message is now (`pending` while it is retried).
    pub message_status: Status,
}

/// A message due again.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookRedelivery {
    pub message_id: Uuid,
    pub event_type: EventType,
    pub status: Status,
    pub due_at: DateTime<Utc>,
}

fn view(row: SubscriptionRow) -> Result<WebhookView, ApiError> {
    Ok(WebhookView {
        id: parse_id(&row.id)?,
        event_types: row.event_types(),
        url: row.url,
        description: row.description,
        owner_id: parse_id(&row.owner_id)?,
        company_id: row.company_id.as_deref().map(parse_id).transpose()?,
        buyer_id: row.buyer_id.as_deref().map(parse_id).transpose()?,
        active: row.disabled_at.is_none(),
        disabled_at: row.disabled_at.map(|t| t.and_utc()),
        disabled_reason: row.disabled_reason,
        previous_secret_expires_at: row
            .previous_secret_until
            .filter(|until| *until > db::now())
            .map(|t| t.and_utc()),
        created_at: row.created_at.and_utc(),
        updated_at: row.updated_at.and_utc(),
    })
}

fn visible(scope: SubscriberScope) -> Visible {
    match scope {
        SubscriberScope::Everything => Visible::All,
        SubscriberScope::Company(id) => Visible::Company(id.to_string()),
        SubscriberScope::Buyer(id) => Visible::Buyer(id.to_string()),
    }
}

/// At least one, each once (so at most every type there is).
fn check_event_types(types: &[EventType]) -> Result<(), ApiError> {
    let distinct: std::collections::BTreeSet<_> = types.iter().collect();
    if types.is_empty() || distinct.len() != types.len() {
        return Err(ApiError::invalid("event_types", Msg::WebhookEventTypes));
    }
    Ok(())
}

async fn check_url(url: &str, settings: &WebhookSettings) -> Result<(), ApiError> {
    target::check_at_registration(url, settings)
        .await
        .map_err(|refusal| ApiError::invalid("url", refusal.message()))
}

/// Subscribe to events
///
/// Registers a URL to receive events, signed the Standard Webhooks way (`webhook-id`,
/// `webhook-timestamp`, `webhook-signature` headers). The answer carries the signing secret,
/// shown this once. Targets must be `https` on a public address.
#[utoipa::path(
    tag = "webhooks",
    security(("bearer" = [])),
    request_body = NewWebhook,
    responses(
        (status = 201, description = "Subscribed; keep the secret", body = WebhookCreated),
        (status = 403, description = "Candidates and reviewers do not subscribe", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Business rule: the target is `https` (plain `http` only where WEBHOOK_ALLOW_HTTP=true) on a public address (loopback, private, link-local, multicast and reserved addresses are refused unless WEBHOOK_ALLOW_PRIVATE=true)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/webhooks")]
pub async fn create_webhook(
    user: AuthUser,
    state: web::Data<AppState>,
    JsonBody(body): JsonBody<NewWebhook>,
) -> Result<HttpResponse, ApiError> {
    let scope = policy::webhook_scope(&user)?;
    check_event_types(&body.event_types)?;
    check_url(&body.url, &state.config.delivery.webhooks).await?;
    let (company_id, buyer_id) = match scope {
        SubscriberScope::Everything => (None, None),
        SubscriberScope::Company(id) => (Some(id.to_string()), None),
        SubscriberScope::Buyer(id) => (None, Some(id.to_string())),
    };
    let secret = super::new_secret();
    let now = db::now();
    let row = SubscriptionInsert {
        id: db::new_id(),
        owner_id: user.id.to_string(),
        company_id,
        buyer_id,
        url: body.url,
        event_types: store::encode_event_types(&body.event_types),
        description: body.description,
        secret: secret.clone(),
        created_at: now,
        updated_at: now,
    };
    let row = db::write(&state.pool, move |conn| Ok(store::insert(conn, &row)?)).await?;
    Ok(HttpResponse::Created().json(WebhookCreated {
        webhook: view(row)?,
        secret,
    }))
}

/// List subscriptions
///
/// The caller's scope's subscriptions: the desk and admins see all, company and buyer
/// members their organisation's.
#[utoipa::path(
    tag = "webhooks",
    security(("bearer" = [])),
    params(PageParams),
    responses(
        (status = 200, description = "One page of subscriptions", body = Page<WebhookView>),
        (status = 403, description = "Candidates and reviewers have none", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/webhooks")]
pub async fn list_webhooks(
    user: AuthUser,
    state: web::Data<AppState>,
    Paging(page): Paging,
) -> Result<web::Json<Page<WebhookView>>, ApiError> {
    let visible = visible(policy::webhook_scope(&user)?);
    let (after, fetch) = (page.after.clone(), page.fetch_limit());
    let rows = db::run(&state.pool, move |conn| {
        Ok(store::list(conn, &visible, after.as_deref(), fetch)?)
    })
    .await?;
    Ok(web::Json(Page::from_rows(
        rows,
        &page,
        |r| r.id.clone(),
        view,
    )?))
}

/// Read a subscription
///
/// Its URL, event types, scope and state (`active: false` once a `410 Gone` answer or its
/// owner disabled it). The secret is not shown again.
#[utoipa::path(
    tag = "webhooks",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The subscription")),
    responses(
        (status = 200, description = "The subscription", body = WebhookView),
        (status = 403, description = "Candidates and reviewers have none", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such subscription, or not yours", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/webhooks/{id}")]
pub async fn get_webhook(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
) -> Result<web::Json<WebhookView>, ApiError> {
    let visible = visible(policy::webhook_scope(&user)?);
    let id = path.into_inner().to_string();
    let row = db::run(&state.pool, move |conn| {
        Ok(store::find_visible(conn, &id, &visible)?)
    })
    .await?;
    Ok(web::Json(view(row)?))
}

/// Change a subscription
///
/// Its URL, event types or description; `active: false` disables it, `active: true`
/// enables it again (e.g. after a `410 Gone` answer disabled it).
#[utoipa::path(
    tag = "webhooks",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The subscription")),
    request_body = WebhookChanges,
    responses(
        (status = 200, description = "The subscription as it is now", body = WebhookView),
        (status = 403, description = "Candidates and reviewers have none", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such subscription, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Business rule: the target is `https` (plain `http` only where WEBHOOK_ALLOW_HTTP=true) on a public address (loopback, private, link-local, multicast and reserved addresses are refused unless WEBHOOK_ALLOW_PRIVATE=true)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/webhooks/{id}")]
pub async fn update_webhook(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    JsonBody(body): JsonBody<WebhookChanges>,
) -> Result<web::Json<WebhookView>, ApiError> {
    let visible = visible(policy::webhook_scope(&user)?);
    if let Some(types) = &body.event_types {
        check_event_types(types)?;
    }
    if let Some(Some(description)) = &body.description {
        if description.chars().count() > 500 {
            return Err(ApiError::invalid(
                "description",
                Msg::LengthAtMost { max: "500".into() },
            ));
        }
    }
    if let Some(url) = &body.url {
        check_url(url, &state.config.delivery.webhooks).await?;
    }
    let id = path.into_inner().to_string();
    let row = db::write(&state.pool, move |conn| {
        let current = store::find_visible(conn, &id, &visible)?;
        let now = db::now();
        let mut changes = SubscriptionUpdate {
            url: body.url,
            event_types: body.event_types.as_deref().map(store::encode_event_types),
            description: body.description,
            updated_at: Some(now),
            ..Default::default()
        };
        match body.active {
            Some(true) if current.disabled_at.is_some() => {
                changes.disabled_at = Some(None);
                changes.disabled_reason = Some(None);
            }
            Some(false) if current.disabled_at.is_none() => {
                store::disable(conn, &id, "disabled by its owner", now)?;
            }
            _ => {}
        }
        store::update(conn, &id, &changes)?;
        Ok(store::find(conn, &id)?)
    })
    .await?;
    Ok(web::Json(view(row)?))
}

/// Delete a subscription
///
/// Nothing more is sent to it; messages not yet delivered are dropped, and its delivery
/// log goes with it.
#[utoipa::path(
    tag = "webhooks",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The subscription")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "Candidates and reviewers have none", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such subscription, or not yours", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/webhooks/{id}")]
pub async fn delete_webhook(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let visible = visible(policy::webhook_scope(&user)?);
    let id = path.into_inner().to_string();
    db::write(&state.pool, move |conn| {
        store::find_visible(conn, &id, &visible)?;
        Ok(store::delete(conn, &id)?)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Rotate the signing secret
///
/// A new secret, shown this once; the previous one keeps signing beside it (a second
/// `v1,` signature in `webhook-signature`) for `WEBHOOK_SECRET_GRACE_HOURS` (24 h), so the
/// receiver can switch without losing a message.
#[utoipa::path(
    tag = "webhooks",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The subscription")),
    responses(
        (status = 200, description = "The new secret", body = WebhookSecret),
        (status = 403, description = "Candidates and reviewers have none", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such subscription, or not yours", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/webhooks/{id}/rotate-secret")]
pub async fn rotate_webhook_secret(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
) -> Result<web::Json<WebhookSecret>, ApiError> {
    let visible = visible(policy::webhook_scope(&user)?);
    let grace = chrono::TimeDelta::from_std(state.config.delivery.webhooks.secret_grace)
        .unwrap_or(chrono::TimeDelta::hours(24));
    let id = path.into_inner().to_string();
    let secret = super::new_secret();
    let answer = secret.clone();
    let until = db::write(&state.pool, move |conn| {
        let current = store::find_visible(conn, &id, &visible)?;
        let now = db::now();
        store::rotate_secret(conn, &current, &secret, now + grace, now)?;
        Ok(now + grace)
    })
    .await?;
    Ok(web::Json(WebhookSecret {
        secret: answer,
        previous_secret_expires_at: until.and_utc(),
    }))
}

/// List delivery attempts
///
/// Every attempt of the last 30 days, oldest first: when, the receiver's status code and
/// the first KiB of its answer, or why no answer came.
#[utoipa::path(
    tag = "webhooks",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The subscription"), PageParams),
    responses(
        (status = 200, description = "One page of attempts", body = Page<WebhookDeliveryView>),
        (status = 403, description = "Candidates and reviewers have none", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such subscription, or not yours", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/webhooks/{id}/deliveries")]
pub async fn list_webhook_deliveries(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    Paging(page): Paging,
) -> Result<web::Json<Page<WebhookDeliveryView>>, ApiError> {
    let visible = visible(policy::webhook_scope(&user)?);
    let id = path.into_inner().to_string();
    let (after, fetch) = (page.after.clone(), page.fetch_limit());
    let since = db::now() - chrono::TimeDelta::days(deliver::LOG_DAYS);
    let rows = db::run(&state.pool, move |conn| {
        store::find_visible(conn, &id, &visible)?;
        Ok(store::deliveries(
            conn,
            &id,
            since,
            after.as_deref(),
            fetch,
        )?)
    })
    .await?;
    Ok(web::Json(Page::from_rows(
        rows,
        &page,
        |r| r.delivery.id.clone(),
        |r| {
            Ok(WebhookDeliveryView {
                id: parse_id(&r.delivery.id)?,
                message_id: parse_id(&r.delivery.outbox_id)?,
                event_type: r.event_type,
                attempted_at: r.delivery.attempted_at.and_utc(),
                status_code: r.delivery.status_code,
                response_excerpt: r.delivery.response_excerpt,
                error: r.delivery.error,
                duration_ms: r.delivery.duration_ms,
                message_status: r.message_status,
            })
        },
    )?))
}

/// Deliver a message again
///
/// The message of this attempt is due again now, with the same `webhook-id` and body (a
/// receiver that deduplicates by `webhook-id` sees it once) and a fresh retry period.
#[utoipa::path(
    tag = "webhooks",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "The subscription"),
        ("delivery_id" = Uuid, Path, description = "An attempt of the message to send again"),
    ),
    responses(
        (status = 202, description = "The message is due again", body = WebhookRedelivery),
        (status = 403, description = "Candidates and reviewers have none", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such subscription or attempt, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The subscription is disabled", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/webhooks/{id}/deliveries/{delivery_id}/redeliver")]
pub async fn redeliver_webhook(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let visible = visible(policy::webhook_scope(&user)?);
    let (id, delivery_id) = path.into_inner();
    let (id, delivery_id) = (id.to_string(), delivery_id.to_string());
    let message = db::write(&state.pool, move |conn| {
        let subscription = store::find_visible(conn, &id, &visible)?;
        let delivery = store::find_delivery(conn, &id, &delivery_id)?;
        if subscription.disabled_at.is_some() {
            return Err(ApiError::Conflict(Msg::WebhookDisabled));
        }
        store::redeliver(conn, &delivery.outbox_id, db::now())?;
        Ok(store::find_message(conn, &delivery.outbox_id)?)
    })
    .await?;
    Ok(HttpResponse::Accepted().json(WebhookRedelivery {
        message_id: parse_id(&message.id)?,
        event_type: message.kind,
        status: message.status,
        due_at: message.due_at.and_utc(),
    }))
}
