//! `/companies/{id}/invoices` and `/invoices`: invoices to companies, with their items and
//! a total the service computes in whole yen. The desk and admins issue them and see all;
//! a company's members see their own company's; reviewers see none (the KPI report has the
//! totals). Invoices are never deleted (the database refuses to).

use actix_web::{get, post, web, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::fees::known_event;
use crate::audit::{self, Entity};
use crate::auth::policy::{self, InvoiceScope};
use crate::auth::AuthUser;
use crate::db::{self, parse_id, DbConn};
use crate::error::{ApiError, Problem};
use crate::extract::{JsonBody, Query};
use crate::finance::invoice;
use crate::finance::store::{self, InvoiceFilter, InvoiceItemRow, InvoiceRow};
use crate::finance::InvoiceStatus;
use crate::i18n::Msg;
use crate::japan::{date_range, fiscal_year_of, OFFSET};
use crate::paging::{Page, PageParams, Paging};
use crate::AppState;

/// The most items one invoice lists.
pub const MAX_ITEMS: usize = 100;

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewInvoiceItem {
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub description: String,
    #[validate(range(min = 1, max = 10000))]
    #[schema(minimum = 1, maximum = 10000)]
    pub quantity: i32,
    /// In yen.
    #[validate(range(min = 0, max = 1000000000))]
    #[schema(minimum = 0, maximum = 1000000000)]
    pub unit_amount_jpy: i64,
    /// The fee the line charges, if it charges one of the schedule's.
    pub fee_schedule_id: Option<Uuid>,
    /// The event the line is for, if any.
    pub event_id: Option<Uuid>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewInvoice {
    /// The day it is issued (Japan time).
    pub issued_on: NaiveDate,
    /// The day payment is due; not before `issued_on`.
    pub due_on: NaiveDate,
    /// 1 to 100 lines.
    #[validate(nested)]
    #[schema(min_items = 1, max_items = 100)]
    pub items: Vec<NewInvoiceItem>,
    #[validate(length(max = 1000))]
    #[schema(max_length = 1000)]
    pub note: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct InvoiceItemView {
    pub description: String,
    pub quantity: i32,
    pub unit_amount_jpy: i64,
    /// quantity × unit amount, in yen.
    pub amount_jpy: i64,
    #[schema(required = true)]
    pub fee_schedule_id: Option<Uuid>,
    #[schema(required = true)]
    pub event_id: Option<Uuid>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct InvoiceView {
    pub id: Uuid,
    pub company_id: Uuid,
    pub status: InvoiceStatus,
    pub items: Vec<InvoiceItemView>,
    /// The sum of the items, in yen.
    pub total_jpy: i64,
    pub issued_on: NaiveDate,
    pub due_on: NaiveDate,
    /// When the payment was received; `null` unless paid. Always sent.
    #[schema(required = true)]
    pub paid_at: Option<DateTime<Utc>>,
    /// The Japan-time day of `paid_at`. Always sent.
    #[schema(required = true)]
    pub paid_on: Option<NaiveDate>,
    /// The fiscal year the payment counts in as a contribution (that of `paid_at`, Japan
    /// time); `null` unless paid. Always sent.
    #[schema(required = true)]
    pub contribution_fiscal_year: Option<i32>,
    /// Always sent.
    #[schema(required = true)]
    pub cancelled_at: Option<DateTime<Utc>>,
    /// Always sent.
    #[schema(required = true)]
    pub cancel_reason: Option<String>,
    /// Always sent.
    #[schema(required = true)]
    pub note: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// The Japan-time day of a UTC moment.
pub(super) fn japan_day(moment: chrono::NaiveDateTime) -> NaiveDate {
    (moment + OFFSET).date()
}

fn item_view(row: &InvoiceItemRow) -> Result<InvoiceItemView, ApiError> {
    Ok(InvoiceItemView {
        description: row.description.clone(),
        quantity: row.quantity,
        unit_amount_jpy: row.unit_amount_jpy,
        amount_jpy: row.amount_jpy,
        fee_schedule_id: row.fee_schedule_id.as_deref().map(parse_id).transpose()?,
        event_id: row.event_id.as_deref().map(parse_id).transpose()?,
    })
}

pub(super) fn invoice_view(
    row: &InvoiceRow,
    items: &[InvoiceItemRow],
) -> Result<InvoiceView, ApiError> {
    Ok(InvoiceView {
        id: parse_id(&row.id)?,
        company_id: parse_id(&row.company_id)?,
        status: row.status,
        items: items
            .iter()
            .filter(|item| item.invoice_id == row.id)
            .map(item_view)
            .collect::<Result<_, _>>()?,
        total_jpy: row.total_jpy,
        issued_on: row.issued_on,
        due_on: row.due_on,
        paid_at: row.paid_at.map(|t| t.and_utc()),
        paid_on: row.paid_at.map(japan_day),
        contribution_fiscal_year: row.paid_at.map(|t| fiscal_year_of(t.and_utc())),
        cancelled_at: row.cancelled_at.map(|t| t.and_utc()),
        cancel_reason: row.cancel_reason.clone(),
        note: row.note.clone(),
        created_at: row.created_at.and_utc(),
    })
}

/// An invoice with its items, for whoever [`policy::see_invoice`] lets see it.
pub(super) fn load_invoice(
    conn: &mut DbConn,
    user: &AuthUser,
    id: &str,
) -> Result<(InvoiceRow, Vec<InvoiceItemRow>), ApiError> {
    let row = store::find_invoice(conn, id)?;
    policy::see_invoice(user, &parse_id(&row.company_id)?)?;
    let items = store::items_of(conn, std::slice::from_ref(&row.id))?;
    Ok((row, items))
}

/// The checks no schema states: the dates in order, 1–100 items.
fn check_invoice(body: &NewInvoice) -> Result<(), ApiError> {
    if body.items.is_empty() || body.items.len() > MAX_ITEMS {
        return Err(ApiError::invalid("items", Msg::InvoiceItemsOneTo100));
    }
    if body.due_on < body.issued_on {
        return Err(ApiError::invalid("due_on", Msg::DueBeforeIssue));
    }
    Ok(())
}

/// The invoice's rows: each linked fee and event must exist; the total is the items'.
fn invoice_rows(
    conn: &mut DbConn,
    user: &AuthUser,
    company_id: &str,
    body: &NewInvoice,
) -> Result<(InvoiceRow, Vec<InvoiceItemRow>), ApiError> {
    let id = db::new_id();
    let mut items = Vec::with_capacity(body.items.len());
    for (index, item) in body.items.iter().enumerate() {
        if let Some(fee) = item.fee_schedule_id {
            match store::find_fee(conn, &fee.to_string()) {
                Err(diesel::result::Error::NotFound) => {
                    let field = format!("items[{index}].fee_schedule_id");
                    return Err(ApiError::invalid(field, Msg::UnknownFeeSchedule));
                }
                other => drop(other?),
            }
        }
        if let Some(event) = item.event_id {
            known_event(
                conn,
                &format!("items[{index}].event_id"),
                &event.to_string(),
            )?;
        }
        items.push(InvoiceItemRow {
            invoice_id: id.clone(),
            position: index as i32,
            description: item.description.clone(),
            quantity: item.quantity,
            unit_amount_jpy: item.unit_amount_jpy,
            amount_jpy: invoice::line_amount(item.quantity, item.unit_amount_jpy)
                .ok_or_else(|| ApiError::internal("an invoice line overflows"))?,
            fee_schedule_id: item.fee_schedule_id.map(|f| f.to_string()),
            event_id: item.event_id.map(|e| e.to_string()),
        });
    }
    let lines: Vec<(i32, i64)> = items
        .iter()
        .map(|i| (i.quantity, i.unit_amount_jpy))
        .collect();
    let now = db::now();
    let row = InvoiceRow {
        id,
        company_id: company_id.to_owned(),
        status: InvoiceStatus::Issued,
        total_jpy: invoice::total(&lines)
            .ok_or_else(|| ApiError::internal("an invoice total overflows"))?,
        issued_on: body.issued_on,
        due_on: body.due_on,
        paid_at: None,
        cancelled_at: None,
        cancel_reason: None,
        note: body.note.clone(),
        created_by: user.id.to_string(),
        created_at: now,
        updated_at: now,
    };
    Ok((row, items))
}

/// Issue an invoice to a company
///
/// Its lines (description, quantity, unit amount in yen, optionally the fee and the event
/// charged); the total is computed by the service. The desk and admins; audited.
#[utoipa::path(
    tag = "finance",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Company id")),
    request_body = NewInvoice,
    responses(
        (status = 201, description = "The invoice, issued", body = InvoiceView),
        (status = 403, description = "Not the desk", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such company", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Business rule: `due_on` not before `issued_on`; a line's fee schedule and event exist", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/companies/{id}/invoices")]
pub async fn create_invoice(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    JsonBody(body): JsonBody<NewInvoice>,
) -> Result<HttpResponse, ApiError> {
    policy::keep_books(&user)?;
    check_invoice(&body)?;
    let company_id = path.into_inner().to_string();
    let view = db::write(&state.pool, move |conn| {
        crate::companies::store::find_company(conn, &company_id)?;
        let (row, items) = invoice_rows(conn, &user, &company_id, &body)?;
        store::insert_invoice(conn, &row, &items)?;
        let view = invoice_view(&row, &items)?;
        audit::Change::new(user.id, "issue", Entity::Invoice, &row.id)
            .after(&view)
            .record(conn)?;
        Ok(view)
    })
    .await?;
    Ok(HttpResponse::Created().json(view))
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InvoiceListQuery {
    /// One company's invoices (a company's members see only their own in any case).
    pub company_id: Option<Uuid>,
    pub status: Option<InvoiceStatus>,
    /// Invoices issued in this fiscal year (April to March, Japan time).
    #[validate(range(min = 2000, max = 2100))]
    #[param(minimum = 2000, maximum = 2100)]
    pub fiscal_year: Option<i32>,
}

/// List invoices
///
/// Oldest first, a page at a time. The desk and admins see every company's; a company's
/// members their own company's (naming another company finds nothing). Reviewers see the
/// totals in the KPI report instead.
#[utoipa::path(
    tag = "finance",
    security(("bearer" = [])),
    params(InvoiceListQuery, PageParams),
    responses(
        (status = 200, description = "A page of invoices", body = Page<InvoiceView>),
        (status = 403, description = "Reviewers, buyers and candidates", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/invoices")]
pub async fn list_invoices(
    user: AuthUser,
    state: web::Data<AppState>,
    Query(query): Query<InvoiceListQuery>,
    Paging(page): Paging,
) -> Result<web::Json<Page<InvoiceView>>, ApiError> {
    let company_id = match (policy::invoice_scope(&user)?, query.company_id) {
        (InvoiceScope::All, company) => company,
        (InvoiceScope::Company(own), Some(asked)) if asked != own => {
            return Ok(web::Json(Page {
                items: Vec::new(),
                next_cursor: None,
            }))
        }
        (InvoiceScope::Company(own), _) => Some(own),
    };
    let filter = InvoiceFilter {
        company_id: company_id.map(|c| c.to_string()),
        status: query.status,
        issued: query.fiscal_year.map(date_range),
    };
    let request = page.clone();
    let (rows, items) = db::run(&state.pool, move |conn| {
        let rows = store::list_invoices(
            conn,
            &filter,
            request.after.as_deref(),
            request.fetch_limit(),
        )?;
        let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
        Ok((rows, store::items_of(conn, &ids)?))
    })
    .await?;
    Ok(web::Json(Page::from_rows(
        rows,
        &page,
        |row| row.id.clone(),
        |row| invoice_view(&row, &items),
    )?))
}

/// Get an invoice
///
/// The desk and admins; a company's members for their own company's (another company's is
/// not found).
#[utoipa::path(
    tag = "finance",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Invoice id")),
    responses(
        (status = 200, description = "The invoice", body = InvoiceView),
        (status = 403, description = "Reviewers, buyers and candidates", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such invoice, or not your company's", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/invoices/{id}")]
pub async fn get_invoice(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
) -> Result<web::Json<InvoiceView>, ApiError> {
    policy::invoice_scope(&user)?;
    let id = path.into_inner().to_string();
    let (row, items) = db::run(&state.pool, move |conn| load_invoice(conn, &user, &id)).await?;
    Ok(web::Json(invoice_view(&row, &items)?))
}
