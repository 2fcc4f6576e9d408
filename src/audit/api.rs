//! `GET /audit`: the log, for admins and the evaluation council. There is no other route:
//! entries are never edited or deleted.

use actix_web::{get, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::store::{self, AuditFilter, AuditRow};
use super::Entity;
use crate::auth::{policy, AuthUser, Role};
use crate::db;
use crate::db::parse_id;
use crate::error::{ApiError, Problem};
use crate::extract::Query;
use crate::paging::{Page, PageParams, Paging};
use crate::AppState;

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    pub entity: Option<Entity>,
    pub entity_id: Option<Uuid>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEntry {
    pub id: Uuid,
    pub actor_id: Uuid,
    /// e.g. `approve`, `transition:accepted`, `update`, `report`, `confirm`.
    pub action: String,
    pub entity: String,
    pub entity_id: Uuid,
    /// The entity before the change (absent for a creation).
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    pub at: DateTime<Utc>,
}

fn entry(row: AuditRow) -> Result<AuditEntry, ApiError> {
    let parse = |text: Option<String>| {
        text.map(|t| serde_json::from_str(&t).map_err(|e| ApiError::internal(e.to_string())))
            .transpose()
    };
    Ok(AuditEntry {
        id: parse_id(&row.id)?,
        actor_id: parse_id(&row.actor_id)?,
        action: row.action,
        entity: row.entity,
        entity_id: parse_id(&row.entity_id)?,
        before: parse(row.before)?,
        after: parse(row.after)?,
        at: row.created_at.and_utc(),
    })
}

/// List the audit log
///
/// Who changed what, when: every approval, transition, update, report, confirmation and target
/// change, oldest first; optionally only the entries of one entity (`entity`, `entity_id`).
/// Admins and reviewers only; one scoped to a municipality reads the entries about its
/// companies (their meetings, negotiations, support log and applications) only.
#[utoipa::path(
    tag = "audit",
    security(("bearer" = [])),
    params(AuditQuery, PageParams),
    responses(
        (status = 200, description = "One page of entries", body = Page<AuditEntry>),
        (status = 403, description = "Only admins and reviewers read the log", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/audit")]
pub async fn list_audit(
    user: AuthUser,
    state: web::Data<AppState>,
    Query(query): Query<AuditQuery>,
    Paging(page): Paging,
) -> Result<web::Json<Page<AuditEntry>>, ApiError> {
    policy::require_role(&user, &[Role::Admin, Role::Reviewer])?;
    let (after, fetch) = (page.after.clone(), page.fetch_limit());
    let filter = AuditFilter {
        entity: query.entity,
        entity_id: query.entity_id.map(|id| id.to_string()),
        municipality_id: policy::municipality_filter(&user, None)?.map(|m| m.to_string()),
    };
    let rows = db::run(&state.pool, move |conn| {
        Ok(store::page(conn, &filter, after.as_deref(), fetch)?)
    })
    .await?;
    Ok(web::Json(Page::from_rows(
        rows,
        &page,
        |r| r.id.clone(),
        entry,
    )?))
}
