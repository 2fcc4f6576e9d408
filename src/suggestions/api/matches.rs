//! `/events/{id}/matches`: explainable suggestions at a trade fair, for one side.

use actix_web::{get, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use crate::auth::AuthUser;
use crate::db;
use crate::error::{ApiError, Problem};
use crate::extract::Query;
use crate::matching::preferences;
use crate::suggestions::matches::{self, MatchView};
use crate::AppState;

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MatchQuery {
    /// Buyers for this company (its members and the desk).
    pub company_id: Option<Uuid>,
    /// Companies and capabilities for this buyer (its members and the desk).
    pub buyer_id: Option<Uuid>,
    /// How many, best first (default 20, at most 100).
    #[validate(range(min = 1, max = 100))]
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<usize>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MatchList {
    pub company_id: Option<Uuid>,
    pub buyer_id: Option<Uuid>,
    /// Best first: by score, then counterpart id. Only counterparts with something in
    /// common.
    pub items: Vec<MatchView>,
}

/// Suggest counterparts at a fair
///
/// With `company_id`: the verified buyers registered for the fair, for that exhibitor; with
/// `buyer_id`: the fair's exhibitors and their matching capabilities, for that buyer. Ranked
/// and deterministic, each with its reasons and their weights (category and tag overlap
/// with the buyer's interests, interests found in the capabilities' text, a common
/// language or an interpreter of the fair for the pair, the company's exports to the
/// buyer's country, an earlier meeting and its outcome). Never shows wishes. A side's own
/// members (who may leave both out) and the desk.
#[utoipa::path(
    tag = "matchmaking",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Event id"), MatchQuery),
    responses(
        (status = 200, description = "Suggestions, best first", body = MatchList),
        (status = 403, description = "Not that side's member or the desk", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such event, or the side does not take part in it", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not a trade fair", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Business rule: name at most one of `company_id` and `buyer_id`, and the desk names one", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/events/{id}/matches")]
pub async fn list_matches(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    Query(query): Query<MatchQuery>,
) -> Result<web::Json<MatchList>, ApiError> {
    let party = preferences::party_of(&user, query.company_id, query.buyer_id)?;
    let key = path.into_inner().to_string();
    let limit = query.limit.unwrap_or(20);
    let items = db::run(&state.pool, move |conn| {
        preferences::check_scope(conn, &user, party)?;
        matches::suggestions(conn, &key, party, limit)
    })
    .await?;
    let (company_id, buyer_id) = match party {
        preferences::Party::Company(id) => (Some(id), None),
        preferences::Party::Buyer(id) => (None, Some(id)),
    };
    Ok(web::Json(MatchList {
        company_id,
        buyer_id,
        items,
    }))
}
