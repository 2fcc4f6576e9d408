//! `/invoices/{id}/pay` and `/invoices/{id}/cancel`: an issued invoice's two ways out, each
//! final (the database refuses any change to a paid or cancelled invoice). The desk and
//! admins; audited.

use actix_web::{post, web};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::invoices::{invoice_view, load_invoice, InvoiceView};
use crate::audit::{self, Entity};
use crate::auth::{policy, AuthUser};
use crate::db::{self, DbConn};
use crate::error::{ApiError, Problem};
use crate::extract::JsonBody;
use crate::finance::invoice::{self, InvoiceAction};
use crate::finance::store::{self, InvoiceUpdate};
use crate::AppState;

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InvoicePayment {
    /// When the payment was received. It counts as a contribution in the fiscal year
    /// (Japan time) of this moment: 2027-03-31T23:30+09:00 is FY2026.
    pub paid_at: DateTime<Utc>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InvoiceCancellation {
    #[validate(length(min = 1, max = 500))]
    #[schema(min_length = 1, max_length = 500)]
    pub reason: String,
}

/// Moves invoice `id` by `action`, writing `changes` and the audit entry.
fn transition(
    conn: &mut DbConn,
    user: &AuthUser,
    id: &str,
    action: InvoiceAction,
    changes: impl FnOnce(crate::finance::InvoiceStatus) -> InvoiceUpdate,
) -> Result<InvoiceView, ApiError> {
    let (row, items) = load_invoice(conn, user, id)?;
    let next = invoice::next_status(row.status, action)?;
    let before = invoice_view(&row, &items)?;
    store::update_invoice(conn, id, &changes(next))?;
    let after = invoice_view(&store::find_invoice(conn, id)?, &items)?;
    let verb = match action {
        InvoiceAction::Pay => "pay",
        InvoiceAction::Cancel => "cancel",
    };
    audit::Change::new(user.id, verb, Entity::Invoice, id)
        .before(&before)
        .after(&after)
        .record(conn)?;
    Ok(after)
}

/// Record an invoice's payment
///
/// Only an issued invoice is paid (a paid or cancelled one answers 409 and stays as it
/// is). The desk and admins; audited.
#[utoipa::path(
    tag = "finance",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Invoice id")),
    request_body = InvoicePayment,
    responses(
        (status = 200, description = "The invoice, paid", body = InvoiceView),
        (status = 403, description = "Not the desk", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such invoice", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Paid or cancelled already", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/invoices/{id}/pay")]
pub async fn pay_invoice(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    JsonBody(body): JsonBody<InvoicePayment>,
) -> Result<web::Json<InvoiceView>, ApiError> {
    policy::keep_books(&user)?;
    let id = path.into_inner().to_string();
    let paid_at = body.paid_at.naive_utc();
    let view = db::write(&state.pool, move |conn| {
        transition(conn, &user, &id, InvoiceAction::Pay, |status| {
            InvoiceUpdate {
                status,
                paid_at: Some(paid_at),
                cancelled_at: None,
                cancel_reason: None,
                updated_at: db::now(),
            }
        })
    })
    .await?;
    Ok(web::Json(view))
}

/// Cancel an invoice
///
/// Only an issued invoice is cancelled; it stays on the books, never counted as a
/// contribution. The desk and admins; audited.
#[utoipa::path(
    tag = "finance",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Invoice id")),
    request_body = InvoiceCancellation,
    responses(
        (status = 200, description = "The invoice, cancelled", body = InvoiceView),
        (status = 403, description = "Not the desk", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such invoice", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Paid or cancelled already", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/invoices/{id}/cancel")]
pub async fn cancel_invoice(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    JsonBody(body): JsonBody<InvoiceCancellation>,
) -> Result<web::Json<InvoiceView>, ApiError> {
    policy::keep_books(&user)?;
    let id = path.into_inner().to_string();
    let view = db::write(&state.pool, move |conn| {
        let now = db::now();
        transition(conn, &user, &id, InvoiceAction::Cancel, |status| {
            InvoiceUpdate {
                status,
                paid_at: None,
                cancelled_at: Some(now),
                cancel_reason: Some(body.reason),
                updated_at: now,
            }
        })
    })
    .await?;
    Ok(web::Json(view))
}
