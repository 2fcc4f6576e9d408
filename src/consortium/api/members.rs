//! `/consortium/members`: the consortium's member organisations with their contacts. The
//! desk's and admins'.

use actix_web::{delete, get, patch, post, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::contacts::ConsortiumContactView;
use crate::audit::{self, Entity};
use crate::auth::{policy, AuthUser};
use crate::consortium::store::{self, MemberRow};
use crate::consortium::MemberKind;
use crate::db::{self, parse_id, DbConn};
use crate::error::{ApiError, Problem};
use crate::extract::JsonBody;
use crate::i18n::Msg;
use crate::AppState;

/// A member organisation with its contacts.
#[derive(Debug, Serialize, ToSchema)]
pub struct ConsortiumMemberView {
    pub id: Uuid,
    #[schema(example = "相模原工科大学")]
    pub name_ja: String,
    #[schema(example = "Sagamihara Institute of Technology")]
    pub name_en: String,
    pub kind: MemberKind,
    /// By name.
    pub contacts: Vec<ConsortiumContactView>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewConsortiumMember {
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub name_ja: String,
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub name_en: String,
    pub kind: MemberKind,
}

/// Changes to a member; absent fields stay as they are.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConsortiumMemberChanges {
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub name_ja: Option<String>,
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub name_en: Option<String>,
    pub kind: Option<MemberKind>,
}

/// The members `rows` with their contacts, in one query for the contacts.
fn views(conn: &mut DbConn, rows: Vec<MemberRow>) -> Result<Vec<ConsortiumMemberView>, ApiError> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let contacts = store::contacts_of(conn, &ids)?;
    rows.into_iter()
        .map(|m| {
            Ok(ConsortiumMemberView {
                id: parse_id(&m.id)?,
                contacts: contacts
                    .iter()
                    .filter(|c| c.member_id == m.id)
                    .map(|c| ConsortiumContactView::new(c.clone()))
                    .collect::<Result<_, ApiError>>()?,
                name_ja: m.name_ja,
                name_en: m.name_en,
                kind: m.kind,
                created_at: m.created_at.and_utc(),
                updated_at: m.updated_at.and_utc(),
            })
        })
        .collect()
}

fn view(conn: &mut DbConn, row: MemberRow) -> Result<ConsortiumMemberView, ApiError> {
    views(conn, vec![row])?
        .pop()
        .ok_or_else(|| ApiError::internal("a member's view went missing"))
}

/// List the consortium's members with their contacts
///
/// By kind and English name. The desk and admins.
#[utoipa::path(
    tag = "consortium",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The members", body = Vec<ConsortiumMemberView>),
        (status = 403, description = "Not the desk", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/consortium/members")]
pub async fn list_consortium_members(
    user: AuthUser,
    state: web::Data<AppState>,
) -> Result<web::Json<Vec<ConsortiumMemberView>>, ApiError> {
    policy::manage_consortium(&user)?;
    let members = db::run(&state.pool, |conn| {
        let rows = store::list_members(conn)?;
        views(conn, rows)
    })
    .await?;
    Ok(web::Json(members))
}

/// Add a member to the consortium
///
/// The desk and admins.
#[utoipa::path(
    tag = "consortium",
    security(("bearer" = [])),
    request_body = NewConsortiumMember,
    responses(
        (status = 201, description = "The member", body = ConsortiumMemberView),
        (status = 403, description = "Not the desk", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/consortium/members")]
pub async fn create_consortium_member(
    user: AuthUser,
    state: web::Data<AppState>,
    JsonBody(body): JsonBody<NewConsortiumMember>,
) -> Result<HttpResponse, ApiError> {
    policy::manage_consortium(&user)?;
    let member = db::write(&state.pool, move |conn| {
        let now = db::now();
        let row = MemberRow {
            id: db::new_id(),
            name_ja: body.name_ja,
            name_en: body.name_en,
            kind: body.kind,
            created_at: now,
            updated_at: now,
        };
        store::insert_member(conn, &row)?;
        audit::Change::new(user.id, "create", Entity::ConsortiumMember, &row.id)
            .after(&row)
            .record(conn)?;
        view(conn, row)
    })
    .await?;
    Ok(HttpResponse::Created().json(member))
}

/// Read a consortium member with its contacts
///
/// The desk and admins.
#[utoipa::path(
    tag = "consortium",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Member id")),
    responses(
        (status = 200, description = "The member", body = ConsortiumMemberView),
        (status = 403, description = "Not the desk", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such member", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/consortium/members/{id}")]
pub async fn get_consortium_member(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
) -> Result<web::Json<ConsortiumMemberView>, ApiError> {
    policy::manage_consortium(&user)?;
    let id = path.into_inner().to_string();
    let member = db::run(&state.pool, move |conn| {
        let row = store::find_member(conn, &id)?;
        view(conn, row)
    })
    .await?;
    Ok(web::Json(member))
}

/// Change a consortium member
///
/// The desk and admins.
#[utoipa::path(
    tag = "consortium",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Member id")),
    request_body = ConsortiumMemberChanges,
    responses(
        (status = 200, description = "The member as changed", body = ConsortiumMemberView),
        (status = 403, description = "Not the desk", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such member", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/consortium/members/{id}")]
pub async fn update_consortium_member(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    JsonBody(body): JsonBody<ConsortiumMemberChanges>,
) -> Result<web::Json<ConsortiumMemberView>, ApiError> {
    policy::manage_consortium(&user)?;
    let id = path.into_inner().to_string();
    let member = db::write(&state.pool, move |conn| {
        let before = store::find_member(conn, &id)?;
        let row = MemberRow {
            name_ja: body.name_ja.unwrap_or_else(|| before.name_ja.clone()),
            name_en: body.name_en.unwrap_or_else(|| before.name_en.clone()),
            kind: body.kind.unwrap_or(before.kind),
            updated_at: db::now(),
            ..before.clone()
        };
        store::update_member(conn, &row)?;
        audit::Change::new(user.id, "update", Entity::ConsortiumMember, &row.id)
            .before(&before)
            .after(&row)
            .record(conn)?;
        view(conn, row)
    })
    .await?;
    Ok(web::Json(member))
}

/// Remove a member from the consortium
///
/// With its contacts. A member a forum names stays until the forum no longer does. The
/// desk and admins.
#[utoipa::path(
    tag = "consortium",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Member id")),
    responses(
        (status = 204, description = "Removed"),
        (status = 403, description = "Not the desk", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such member", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A forum names the member", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/consortium/members/{id}")]
pub async fn delete_consortium_member(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    policy::manage_consortium(&user)?;
    let id = path.into_inner().to_string();
    db::write(&state.pool, move |conn| {
        let before = store::find_member(conn, &id)?;
        if store::in_a_forum(conn, &id)? {
            return Err(ApiError::Conflict(Msg::MemberInForum));
        }
        store::delete_member(conn, &id)?;
        audit::Change::new(user.id, "delete", Entity::ConsortiumMember, &id)
            .before(&before)
            .record(conn)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
