//! `/events/{id}/preferences`: one side's wishes about its counterparts at a trade fair.

use actix_web::{get, put, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use crate::auth::AuthUser;
use crate::db;
use crate::error::{ApiError, Problem};
use crate::extract::{JsonBody, Query};
use crate::matching::preferences::{self, Party};
use crate::matching::Level;
use crate::AppState;

/// One wish: how much the side wants to meet one counterpart (a buyer organisation for a
/// company, an exhibiting company for a buyer).
#[derive(Debug, Clone, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Wish {
    pub counterpart_id: Uuid,
    pub level: Level,
}

/// A side's whole list of wishes. Members leave out `company_id` and `buyer_id` (their own
/// side is meant); the desk names exactly one.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WishList {
    pub company_id: Option<Uuid>,
    pub buyer_id: Option<Uuid>,
    /// At most [`MAX_WISHES`](crate::matching::preferences::MAX_WISHES) entries.
    #[schema(max_items = 500)]
    pub preferences: Vec<Wish>,
}

/// A side's wishes as it reads them back.
#[derive(Debug, Serialize, ToSchema)]
pub struct PreferencesView {
    pub company_id: Option<Uuid>,
    pub buyer_id: Option<Uuid>,
    /// In counterpart id order.
    pub preferences: Vec<Wish>,
    /// Until when members may change them (`null`: until the event closes).
    pub preferences_close_at: Option<DateTime<Utc>>,
    /// Whether the caller may still change them.
    pub editable: bool,
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PreferencesQuery {
    /// The desk names a company or a buyer; members read their own side's.
    pub company_id: Option<Uuid>,
    pub buyer_id: Option<Uuid>,
}

/// Get a side's wishes at a fair
///
/// A company's wishes about the fair's buyers, or a buyer's about its exhibitors: to that
/// side's own members and the desk only. Nobody reads the wishes of the other side about
/// them.
#[utoipa::path(
    tag = "matchmaking",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Event id"), PreferencesQuery),
    responses(
        (status = 200, description = "The side's wishes", body = PreferencesView),
        (status = 403, description = "Not that side's member or the desk", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such event, or the side does not take part in it", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not a trade fair", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Business rule: name at most one of `company_id` and `buyer_id`, and the desk names one", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/events/{id}/preferences")]
pub async fn get_preferences(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    Query(query): Query<PreferencesQuery>,
) -> Result<web::Json<PreferencesView>, ApiError> {
    let party: Party = preferences::party_of(&user, query.company_id, query.buyer_id)?;
    let key = path.into_inner().to_string();
    let view = db::run(&state.pool, move |conn| {
        preferences::read(conn, &user, &key, party)
    })
    .await?;
    Ok(web::Json(view))
}

/// Set a side's wishes at a fair
///
/// Replaces the side's whole list: each counterpart once, `must`, `want` or `no_thanks`
/// (a pair where either side says `no_thanks` is never scheduled). A company names verified
/// buyers registered for the fair, a buyer the fair's exhibitors. Members until the event's
/// `preferences_close_at`, the desk at any time.
#[utoipa::path(
    tag = "matchmaking",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Event id")),
    request_body = WishList,
    responses(
        (status = 200, description = "The side's wishes now", body = PreferencesView),
        (status = 403, description = "Not that side's member or the desk", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such event, or the side does not take part in it", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not a trade fair, or the wishes are closed", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Business rule: each counterpart once, and one that takes part in the fair (a registered verified buyer, or an exhibitor); at most one of `company_id` and `buyer_id`, and the desk names one", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/events/{id}/preferences")]
pub async fn put_preferences(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    JsonBody(body): JsonBody<WishList>,
) -> Result<web::Json<PreferencesView>, ApiError> {
    let party = preferences::party_of(&user, body.company_id, body.buyer_id)?;
    let key = path.into_inner().to_string();
    let view = db::write(&state.pool, move |conn| {
        preferences::replace(conn, &user, &key, party, &body)
    })
    .await?;
    Ok(web::Json(view))
}
