//! `/fee-schedules`: what the programme charges in a fiscal year, per event (a booth, an
//! interpreter, a meeting) and per year (the membership). The desk and admins keep them;
//! every change is audited.

use actix_web::{get, patch, post, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::BooksYearQuery;
use crate::audit::{self, Entity};
use crate::auth::{policy, AuthUser};
use crate::db::{self, parse_id, DbConn};
use crate::error::{ApiError, Problem};
use crate::extract::{JsonBody, Query};
use crate::finance::store::{self, FeeScheduleRow};
use crate::finance::FeeKind;
use crate::i18n::Msg;
use crate::AppState;

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewFeeSchedule {
    #[validate(range(min = 2000, max = 2100))]
    #[schema(minimum = 2000, maximum = 2100)]
    pub fiscal_year: i32,
    pub kind: FeeKind,
    /// The event the fee is charged at: required for `booth`, `interpreter` and
    /// `per_meeting`, left out for `membership`.
    pub event_id: Option<Uuid>,
    /// In yen.
    #[validate(range(min = 0, max = 1000000000))]
    #[schema(minimum = 0, maximum = 1000000000)]
    pub amount_jpy: i64,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FeeScheduleChanges {
    /// In yen.
    #[validate(range(min = 0, max = 1000000000))]
    #[schema(minimum = 0, maximum = 1000000000)]
    pub amount_jpy: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FeeScheduleView {
    pub id: Uuid,
    pub fiscal_year: i32,
    pub kind: FeeKind,
    /// `null` for the yearly membership. Always sent.
    #[schema(required = true)]
    pub event_id: Option<Uuid>,
    pub amount_jpy: i64,
    pub updated_at: DateTime<Utc>,
}

fn fee_view(row: &FeeScheduleRow) -> Result<FeeScheduleView, ApiError> {
    Ok(FeeScheduleView {
        id: parse_id(&row.id)?,
        fiscal_year: row.fiscal_year,
        kind: row.kind,
        event_id: row.event_id.as_deref().map(parse_id).transpose()?,
        amount_jpy: row.amount_jpy,
        updated_at: row.updated_at.and_utc(),
    })
}

/// A per-event fee names its event, the membership none.
fn event_matches_kind(kind: FeeKind, event_id: Option<&Uuid>) -> Result<(), ApiError> {
    match (kind.per_event(), event_id) {
        (true, None) => Err(ApiError::invalid("event_id", Msg::FeeNeedsEvent)),
        (false, Some(_)) => Err(ApiError::invalid("event_id", Msg::MembershipHasNoEvent)),
        _ => Ok(()),
    }
}

/// The event `id` exists, or the field `field` is refused (422).
pub(super) fn known_event(conn: &mut DbConn, field: &str, id: &str) -> Result<(), ApiError> {
    match crate::events::store::find_event(conn, id) {
        Ok(_) => Ok(()),
        Err(diesel::result::Error::NotFound) => Err(ApiError::invalid(field, Msg::UnknownEvent)),
        Err(e) => Err(e.into()),
    }
}

fn create(
    conn: &mut DbConn,
    user: &AuthUser,
    body: &NewFeeSchedule,
) -> Result<FeeScheduleRow, ApiError> {
    let event_id = body.event_id.map(|id| id.to_string());
    if let Some(event) = &event_id {
        known_event(conn, "event_id", event)?;
    }
    let now = db::now();
    let row = FeeScheduleRow {
        id: db::new_id(),
        fiscal_year: body.fiscal_year,
        kind: body.kind,
        event_id,
        amount_jpy: body.amount_jpy,
        created_at: now,
        updated_at: now,
    };
    store::insert_fee(conn, &row)?;
    audit::Change::new(user.id, "create", Entity::FeeSchedule, &row.id)
        .after(&fee_view(&row)?)
        .record(conn)?;
    Ok(row)
}

/// Set a fee of a fiscal year
///
/// One amount per fiscal year, kind and event (a second one is a 409: change its amount
/// instead). The desk and admins; audited.
#[utoipa::path(
    tag = "finance",
    security(("bearer" = [])),
    request_body = NewFeeSchedule,
    responses(
        (status = 201, description = "The fee", body = FeeScheduleView),
        (status = 403, description = "Not the desk", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The year has this fee already", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Business rule: a booth, interpreter or per-meeting fee names an existing event, the membership none", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/fee-schedules")]
pub async fn create_fee_schedule(
    user: AuthUser,
    state: web::Data<AppState>,
    JsonBody(body): JsonBody<NewFeeSchedule>,
) -> Result<HttpResponse, ApiError> {
    policy::keep_books(&user)?;
    event_matches_kind(body.kind, body.event_id.as_ref())?;
    let row = db::write(&state.pool, move |conn| create(conn, &user, &body)).await?;
    Ok(HttpResponse::Created().json(fee_view(&row)?))
}

/// List a fiscal year's fees
///
/// The desk and admins.
#[utoipa::path(
    tag = "finance",
    security(("bearer" = [])),
    params(BooksYearQuery),
    responses(
        (status = 200, description = "The year's fees", body = [FeeScheduleView]),
        (status = 403, description = "Not the desk", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/fee-schedules")]
pub async fn list_fee_schedules(
    user: AuthUser,
    state: web::Data<AppState>,
    Query(query): Query<BooksYearQuery>,
) -> Result<web::Json<Vec<FeeScheduleView>>, ApiError> {
    policy::keep_books(&user)?;
    let year = query.year();
    let rows = db::run(&state.pool, move |conn| {
        Ok(store::fees_of_year(conn, year)?)
    })
    .await?;
    Ok(web::Json(
        rows.iter().map(fee_view).collect::<Result<_, _>>()?,
    ))
}

/// Change a fee's amount
///
/// Invoices already issued keep the amounts they were issued with. The desk and admins;
/// audited.
#[utoipa::path(
    tag = "finance",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Fee schedule id")),
    request_body = FeeScheduleChanges,
    responses(
        (status = 200, description = "The fee now", body = FeeScheduleView),
        (status = 403, description = "Not the desk", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such fee", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/fee-schedules/{id}")]
pub async fn update_fee_schedule(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    JsonBody(body): JsonBody<FeeScheduleChanges>,
) -> Result<web::Json<FeeScheduleView>, ApiError> {
    policy::keep_books(&user)?;
    let id = path.into_inner().to_string();
    let row = db::write(&state.pool, move |conn| {
        let before = fee_view(&store::find_fee(conn, &id)?)?;
        store::set_fee_amount(conn, &id, body.amount_jpy, db::now())?;
        let after = store::find_fee(conn, &id)?;
        audit::Change::new(user.id, "update", Entity::FeeSchedule, &id)
            .before(&before)
            .after(&fee_view(&after)?)
            .record(conn)?;
        Ok(after)
    })
    .await?;
    Ok(web::Json(fee_view(&row)?))
}
