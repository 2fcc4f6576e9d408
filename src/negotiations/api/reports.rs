//! `/meetings/{id}/negotiation/reports` and `/confirm`: each side's report of the outcome,
//! and the desk's confirmation of the one that counts.

use actix_web::{post, web, HttpResponse};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::auth::AuthUser;
use crate::db;
use crate::error::{ApiError, Problem};
use crate::extract::JsonBody;
use crate::japan;
use crate::negotiations::{actions, NegotiationStatus, NegotiationView, Outcome, Side};
use crate::AppState;

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewReport {
    /// Whose report; the desk names it, members report for their own side.
    pub side: Option<Side>,
    pub status: NegotiationStatus,
    /// The contract amount in the currency's minor units (cents for USD).
    #[schema(minimum = 0)]
    pub amount_minor: Option<i64>,
    /// ISO 4217, e.g. `USD`.
    #[schema(value_type = Option<crate::negotiations::money::CurrencyCode>)]
    pub currency: Option<String>,
    /// Yen per one unit of the currency, as the user states it (e.g. `149.53`). Never looked up.
    #[schema(pattern = "^[0-9]{1,12}(\\.[0-9]{0,6})?$")]
    pub exchange_rate: Option<String>,
    /// The amount in yen; computed from the rate when left out.
    #[schema(minimum = 0)]
    pub amount_jpy: Option<i64>,
    /// The day the deal was won or lost (Japan time). Required for won and lost.
    pub closed_on: Option<NaiveDate>,
}

impl From<&NewReport> for Outcome {
    fn from(body: &NewReport) -> Self {
        Outcome {
            status: body.status,
            amount_minor: body.amount_minor,
            currency: body.currency.clone(),
            exchange_rate: body.exchange_rate.clone(),
            amount_jpy: body.amount_jpy,
            closed_on: body.closed_on,
        }
    }
}

/// Report a negotiation's outcome
///
/// For one side: the company's or buyer's members, or the desk for either. Until the desk
/// confirms one, the KPIs count the company's latest report.
#[utoipa::path(
    tag = "negotiations",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Meeting id")),
    request_body = NewReport,
    responses(
        (status = 201, description = "The negotiation with the new report", body = NegotiationView),
        (status = 403, description = "Reporting for the other side", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such meeting, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The meeting has not been held", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Business rule: the desk names `side`; `closed_on` is sent for `won` and `lost` only and is not in the future; `won` needs an amount; `amount_minor` and `currency` go together, with `exchange_rate` (above zero) or `amount_jpy` for a foreign currency, the yen amount agreeing with the rate", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/meetings/{id}/negotiation/reports")]
pub async fn report_outcome(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    JsonBody(body): JsonBody<NewReport>,
) -> Result<HttpResponse, ApiError> {
    let outcome = Outcome::from(&body).settle(japan::today())?;
    let key = path.into_inner().to_string();
    let view = db::write(&state.pool, move |conn| {
        actions::report(conn, &user, &key, body.side, &outcome)
    })
    .await?;
    Ok(HttpResponse::Created().json(view))
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Confirmation {
    pub report_id: Uuid,
}

/// Confirm a reported outcome
///
/// The record takes the report's values and the KPIs count it from now on. The desk only.
#[utoipa::path(
    tag = "negotiations",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Meeting id")),
    request_body = Confirmation,
    responses(
        (status = 200, description = "The negotiation", body = NegotiationView),
        (status = 403, description = "Only the desk confirms", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such meeting, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The meeting has not been held", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a report of this meeting", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/meetings/{id}/negotiation/confirm")]
pub async fn confirm_report(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    JsonBody(body): JsonBody<Confirmation>,
) -> Result<web::Json<NegotiationView>, ApiError> {
    let key = path.into_inner().to_string();
    let report_id = body.report_id.to_string();
    let view = db::write(&state.pool, move |conn| {
        actions::confirm(conn, &user, &key, &report_id)
    })
    .await?;
    Ok(web::Json(view))
}
