//! `GET` and `PUT /meetings/{id}/negotiation`: the record of a held meeting's negotiation.

use actix_web::{get, put, web};
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
use crate::negotiations::{actions, NegotiationStatus, NegotiationView, Outcome};
use crate::AppState;

/// Get a held meeting's negotiation
///
/// The record, both sides' reports and the counted outcome. Both sides and the desk.
#[utoipa::path(
    tag = "negotiations",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Meeting id")),
    responses(
        (status = 200, description = "The negotiation", body = NegotiationView),
        (status = 403, description = "Reviewers read aggregates only", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such meeting, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The meeting has not been held", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/meetings/{id}/negotiation")]
pub async fn get_negotiation(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
) -> Result<web::Json<NegotiationView>, ApiError> {
    let key = path.into_inner().to_string();
    let view = db::run(&state.pool, move |conn| actions::get(conn, &user, &key)).await?;
    Ok(web::Json(view))
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NegotiationUpdate {
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
    #[validate(length(max = 5000))]
    #[schema(max_length = 5000)]
    pub notes: Option<String>,
}

impl From<&NegotiationUpdate> for Outcome {
    fn from(body: &NegotiationUpdate) -> Self {
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

/// Update a negotiation
///
/// The company's members or the desk; a closed (won or lost) negotiation is corrected only by
/// the desk.
#[utoipa::path(
    tag = "negotiations",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Meeting id")),
    request_body(content = NegotiationUpdate, example = json!({
        "status": "won",
        "amount_minor": 1250000,
        "currency": "USD",
        "exchange_rate": "149.53",
        "closed_on": "2026-11-20",
        "notes": "First order: 5,000 brackets, delivery in February."
    })),
    responses(
        (status = 200, description = "The negotiation", body = NegotiationView, example = json!({
            "meeting_id": "01a23481-d6a4-732f-b1eb-50d8b6b480bf",
            "status": "won",
            "amount_minor": 1250000,
            "currency": "USD",
            "exchange_rate": "149.53",
            "amount_jpy": 1869125,
            "closed_on": "2026-11-20",
            "notes": "First order: 5,000 brackets, delivery in February.",
            "effective": {
                "status": "prospect",
                "amount_jpy": null,
                "closed_on": null,
                "source": "company_report"
            },
            "confirmed_report_id": null,
            "reports_disagree": false,
            "reports": [
                {
                    "id": "01a23481-dea9-7358-8d53-26394a76e552",
                    "side": "company",
                    "status": "prospect",
                    "amount_minor": null,
                    "currency": null,
                    "exchange_rate": null,
                    "amount_jpy": null,
                    "closed_on": null,
                    "reported_by": "01a23481-99eb-7563-8935-79df4eaa6d74",
                    "reported_at": "2026-12-02T02:07:36.105510Z"
                }
            ],
            "updated_at": "2026-12-02T02:08:11.550274Z"
        })),
        (status = 403, description = "Not the company or the desk", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such meeting, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not held yet, or closed", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Business rule: `closed_on` is sent for `won` and `lost` only and is not in the future; `won` needs an amount; `amount_minor` and `currency` go together, with `exchange_rate` (above zero) or `amount_jpy` for a foreign currency, the yen amount agreeing with the rate", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/meetings/{id}/negotiation")]
pub async fn update_negotiation(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    JsonBody(body): JsonBody<NegotiationUpdate>,
) -> Result<web::Json<NegotiationView>, ApiError> {
    let outcome = Outcome::from(&body).settle(japan::today())?;
    let key = path.into_inner().to_string();
    let view = db::write(&state.pool, move |conn| {
        actions::update(conn, &user, &key, &outcome, body.notes.as_deref())
    })
    .await?;
    Ok(web::Json(view))
}
