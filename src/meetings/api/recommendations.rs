//! `/buyers/{id}/recommendations`: published capabilities ranked for a buyer from its
//! interests.

use actix_web::{get, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use crate::auth::AuthUser;
use crate::buyers::api::managed_buyer;
use crate::capabilities::CapabilityView;
use crate::db::{self, decode_list};
use crate::error::{ApiError, Problem};
use crate::extract::Query;
use crate::meetings::recommend::{self, Offered, Wanted};
use crate::meetings::store::recommendation_candidates;
use crate::paging::PageRequest;
use crate::AppState;

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RecommendationQuery {
    /// How many.
    #[param(minimum = 1, maximum = 100, default = 20)]
    pub limit: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Recommendation {
    pub capability: CapabilityView,
    /// Higher is a better match: 3 for the category, 2 per shared tag, 1 per interest found
    /// in the text.
    pub score: i32,
    /// Why it was matched, e.g. `category: machining`, `tag: cnc`, `text: aluminium`.
    pub reasons: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Recommendations {
    pub items: Vec<Recommendation>,
}

/// Recommend capabilities to a buyer
///
/// Published capabilities ranked from the buyer's interests, each with its reasons, leaving out
/// companies the buyer has already met. Same data, same answer: ties are broken by capability
/// id. The buyer's members and the desk.
#[utoipa::path(
    tag = "buyers",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Buyer organisation id"), RecommendationQuery),
    responses(
        (status = 200, description = "Recommended capabilities, best first", body = Recommendations),
        (status = 404, description = "No such organisation, or not yours", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/buyers/{id}/recommendations")]
pub async fn recommend_capabilities(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    Query(query): Query<RecommendationQuery>,
) -> Result<web::Json<Recommendations>, ApiError> {
    let limit = PageRequest::new(query.limit, None)?.limit as usize;
    let buyer = managed_buyer(&state, &user, path.into_inner()).await?;
    let wanted = Wanted {
        categories: buyer
            .interests()?
            .categories
            .iter()
            .map(|c| c.as_str().to_owned())
            .collect(),
        tags: decode_list(&buyer.interest_tags)?,
    };
    let statistics = state.pool.term_statistics().clone();
    let (candidates, wanted) = db::run(&state.pool, move |conn| {
        let frequencies = statistics.current(conn);
        let found = recommendation_candidates(conn, &frequencies, &buyer.id, &wanted)?;
        Ok((found, wanted))
    })
    .await?;
    let mut scored = Vec::new();
    for (row, company) in candidates {
        let tags = decode_list(&row.tags)?;
        let documents = row.search_documents(&company.name_ja, &company.name_en)?;
        let offered = Offered {
            category: row.category.as_str(),
            tags: &tags,
            documents: &documents,
        };
        if let Some(fit) = recommend::fit(&wanted, offered) {
            let capability = row.view(&company.name_ja, &company.name_en)?;
            scored.push((fit, row.id, capability));
        }
    }
    let items = recommend::best(scored, limit)
        .into_iter()
        .map(|(fit, capability)| Recommendation {
            capability,
            score: fit.score,
            reasons: fit.reasons,
        })
        .collect();
    Ok(web::Json(Recommendations { items }))
}
