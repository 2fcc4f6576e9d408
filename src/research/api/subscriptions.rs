//! `/companies/{id}/subscriptions`: the technology tags and capability categories whose
//! new research briefs a company's members are mailed.

use actix_web::{get, put, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::audit::{self, Entity};
use crate::auth::{policy, AuthUser};
use crate::capabilities::Category;
use crate::companies::store::find_company;
use crate::db::{self, DbConn};
use crate::error::{ApiError, Problem};
use crate::extract::JsonBody;
use crate::research::store;
use crate::research::{at_most, distinct, TechnologyTag, TopicKind};
use crate::AppState;

/// What a company follows.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SubscriptionsView {
    pub company_id: Uuid,
    pub tags: Vec<TechnologyTag>,
    pub categories: Vec<Category>,
}

/// Everything the company follows from now on (what it followed before is replaced).
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SubscriptionChanges {
    #[serde(default)]
    #[schema(max_items = 20)]
    pub tags: Vec<TechnologyTag>,
    #[serde(default)]
    #[schema(max_items = 20)]
    pub categories: Vec<Category>,
}

fn view(conn: &mut DbConn, company_id: Uuid) -> Result<SubscriptionsView, ApiError> {
    let mut tags = Vec::new();
    let mut categories = Vec::new();
    for (kind, topic) in store::subscriptions(conn, &company_id.to_string())? {
        let unknown = || ApiError::internal(format!("unknown subscription topic {topic:?}"));
        match kind {
            TopicKind::Tag => tags.push(topic.parse().map_err(|_| unknown())?),
            TopicKind::Category => categories.push(topic.parse().map_err(|_| unknown())?),
        }
    }
    Ok(SubscriptionsView {
        company_id,
        tags: distinct(&tags),
        categories: distinct(&categories),
    })
}

/// Read a company's research subscriptions
///
/// The company's members and the desk.
#[utoipa::path(
    tag = "research",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Company id")),
    responses(
        (status = 200, description = "What the company follows", body = SubscriptionsView),
        (status = 403, description = "Not a company member or the desk", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such company, or not yours", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/companies/{id}/subscriptions")]
pub async fn get_subscriptions(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
) -> Result<web::Json<SubscriptionsView>, ApiError> {
    let company_id = path.into_inner();
    policy::manage_brief_subscriptions(&user, &company_id)?;
    let subscriptions = db::run(&state.pool, move |conn| {
        find_company(conn, &company_id.to_string())?;
        crate::companies::check_scope(conn, &user, &company_id.to_string())?;
        view(conn, company_id)
    })
    .await?;
    Ok(web::Json(subscriptions))
}

/// Replace a company's research subscriptions
///
/// When the desk publishes a brief with one of these tags or categories, every member of
/// the company is mailed. The company's members and the desk.
#[utoipa::path(
    tag = "research",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Company id")),
    request_body = SubscriptionChanges,
    responses(
        (status = 200, description = "What the company follows now", body = SubscriptionsView),
        (status = 403, description = "Not a company member or the desk", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such company, or not yours", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/companies/{id}/subscriptions")]
pub async fn put_subscriptions(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    JsonBody(body): JsonBody<SubscriptionChanges>,
) -> Result<web::Json<SubscriptionsView>, ApiError> {
    let company_id = path.into_inner();
    policy::manage_brief_subscriptions(&user, &company_id)?;
    let mut errors = at_most("tags", body.tags.len(), 20);
    errors.extend(at_most("categories", body.categories.len(), 20));
    crate::validate::finish(errors)?;
    let subscriptions = db::write(&state.pool, move |conn| {
        let key = company_id.to_string();
        find_company(conn, &key)?;
        crate::companies::check_scope(conn, &user, &key)?;
        let before = view(conn, company_id)?;
        let topics: Vec<(TopicKind, String)> = distinct(&body.tags)
            .into_iter()
            .map(|t| (TopicKind::Tag, t.as_str().to_owned()))
            .chain(
                distinct(&body.categories)
                    .into_iter()
                    .map(|c| (TopicKind::Category, c.as_str().to_owned())),
            )
            .collect();
        store::replace_subscriptions(conn, &key, &topics, db::now())?;
        let after = view(conn, company_id)?;
        if policy::is_desk(&user) {
            audit::Change::new(user.id, "update", Entity::BriefSubscriptions, &key)
                .before(&before)
                .after(&after)
                .record(conn)?;
        }
        Ok(after)
    })
    .await?;
    Ok(web::Json(subscriptions))
}
