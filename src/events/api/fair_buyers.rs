//! `/events/{id}/buyers`: the buyer organisations coming to a trade fair, for its exhibitors
//! to see whom they might meet. Business fields only: never members or contacts.

use actix_web::{get, web};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::{policy, AuthUser};
use crate::buyers::store::BuyerRow;
use crate::buyers::Interests;
use crate::db::{self, decode_list, parse_id};
use crate::error::{ApiError, Problem};
use crate::events::store as events_store;
use crate::i18n::Msg;
use crate::AppState;

/// A buyer organisation as a fair's exhibitors see it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FairBuyerView {
    pub id: Uuid,
    pub name: String,
    /// ISO 3166-1 alpha-2.
    #[schema(example = "TH")]
    pub country: String,
    pub industry: String,
    pub interests: Interests,
    /// ISO 639-1 codes.
    pub languages: Vec<String>,
}

impl FairBuyerView {
    pub fn of(row: &BuyerRow) -> Result<Self, ApiError> {
        Ok(FairBuyerView {
            id: parse_id(&row.id)?,
            name: row.name.clone(),
            country: row.country.clone(),
            industry: row.industry.clone(),
            interests: row.interests()?,
            languages: decode_list(&row.languages)?,
        })
    }
}

/// List the buyers registered for a fair
///
/// The verified buyer organisations registered for the event, by name: their business
/// fields only (no members, no contacts). The event's exhibitors, the desk and admins.
#[utoipa::path(
    tag = "events",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Event id")),
    responses(
        (status = 200, description = "Registered, verified buyers, by name", body = Vec<FairBuyerView>),
        (status = 403, description = "Neither an exhibitor of the fair nor the desk", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such event", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/events/{id}/buyers")]
pub async fn list_fair_buyers(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
) -> Result<web::Json<Vec<FairBuyerView>>, ApiError> {
    let key = path.into_inner().to_string();
    let rows = db::run(&state.pool, move |conn| {
        events_store::find_event(conn, &key)?;
        let exhibits = match user.company_id {
            Some(company) => events_store::is_exhibitor(conn, &key, &company.to_string())?,
            None => false,
        };
        if !policy::can_list_fair_buyers(&user, exhibits) {
            return Err(ApiError::Forbidden(Msg::FairBuyersForExhibitors));
        }
        Ok(events_store::registered_buyers(conn, &key)?)
    })
    .await?;
    Ok(web::Json(
        rows.iter()
            .map(FairBuyerView::of)
            .collect::<Result<_, _>>()?,
    ))
}
