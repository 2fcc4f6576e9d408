//! `/consortium/members/{id}/contacts` and `/consortium/contacts/{id}`: the people the desk
//! reaches at a member. Personal data: the desk's and admins' only, never public, and the
//! audit log records which fields changed, not their values.

use actix_web::{delete, patch, post, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::audit::{self, Entity};
use crate::auth::{policy, AuthUser};
use crate::consortium::store::{self, ContactRow};
use crate::db::{self, parse_id};
use crate::error::{ApiError, Problem};
use crate::extract::JsonBody;
use crate::users::normalize_email;
use crate::AppState;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ConsortiumContactView {
    pub id: Uuid,
    pub member_id: Uuid,
    pub name: String,
    pub email: String,
    /// Always sent.
    #[schema(required = true)]
    pub phone: Option<String>,
    /// Their position at the member (e.g. `Professor`). Always sent.
    #[schema(required = true)]
    pub title: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl ConsortiumContactView {
    pub fn new(row: ContactRow) -> Result<Self, ApiError> {
        Ok(Self {
            id: parse_id(&row.id)?,
            member_id: parse_id(&row.member_id)?,
            name: row.name,
            email: row.email,
            phone: row.phone,
            title: row.title,
            created_at: row.created_at.and_utc(),
            updated_at: row.updated_at.and_utc(),
        })
    }
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewConsortiumContact {
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
    #[schema(format = Email, max_length = 254)]
    pub email: String,
    #[validate(length(min = 1, max = 50))]
    #[schema(min_length = 1, max_length = 50)]
    pub phone: Option<String>,
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub title: Option<String>,
}

/// Changes to a contact; absent fields stay as they are, `null` clears `phone` or `title`.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConsortiumContactChanges {
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub name: Option<String>,
    #[schema(format = Email, max_length = 254)]
    pub email: Option<String>,
    #[serde(default, deserialize_with = "crate::validate::double_option")]
    #[schema(value_type = Option<String>, min_length = 1, max_length = 50)]
    pub phone: Option<Option<String>>,
    #[serde(default, deserialize_with = "crate::validate::double_option")]
    #[schema(value_type = Option<String>, min_length = 1, max_length = 200)]
    pub title: Option<Option<String>>,
}

/// Which fields of a contact differ, for the audit log.
fn changed_fields(before: &ContactRow, after: &ContactRow) -> Vec<&'static str> {
    [
        ("name", before.name != after.name),
        ("email", before.email != after.email),
        ("phone", before.phone != after.phone),
        ("title", before.title != after.title),
    ]
    .into_iter()
    .filter_map(|(field, differs)| differs.then_some(field))
    .collect()
}

fn bounded(field: &str, value: &Option<Option<String>>, max: usize) -> Result<(), ApiError> {
    match value {
        Some(Some(v)) if v.is_empty() || v.chars().count() > max => Err(ApiError::invalid(
            field,
            crate::i18n::Msg::CharsOneTo { max },
        )),
        _ => Ok(()),
    }
}

/// Add a contact to a consortium member
///
/// The desk and admins.
#[utoipa::path(
    tag = "consortium",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Member id")),
    request_body = NewConsortiumContact,
    responses(
        (status = 201, description = "The contact", body = ConsortiumContactView),
        (status = 403, description = "Not the desk", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such member", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/consortium/members/{id}/contacts")]
pub async fn create_consortium_contact(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    JsonBody(body): JsonBody<NewConsortiumContact>,
) -> Result<HttpResponse, ApiError> {
    policy::manage_consortium(&user)?;
    let email = normalize_email("email", &body.email)?;
    let member_id = path.into_inner().to_string();
    let row = db::write(&state.pool, move |conn| {
        store::find_member(conn, &member_id)?;
        let now = db::now();
        let row = ContactRow {
            id: db::new_id(),
            member_id,
            name: body.name,
            email,
            phone: body.phone,
            title: body.title,
            created_at: now,
            updated_at: now,
        };
        store::insert_contact(conn, &row)?;
        audit::Change::new(user.id, "create", Entity::ConsortiumContact, &row.id)
            .after(&serde_json::json!({"member_id": row.member_id}))
            .record(conn)?;
        Ok(row)
    })
    .await?;
    Ok(HttpResponse::Created().json(ConsortiumContactView::new(row)?))
}

/// Change a consortium member's contact
///
/// The desk and admins.
#[utoipa::path(
    tag = "consortium",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Contact id")),
    request_body = ConsortiumContactChanges,
    responses(
        (status = 200, description = "The contact as changed", body = ConsortiumContactView),
        (status = 403, description = "Not the desk", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such contact", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/consortium/contacts/{id}")]
pub async fn update_consortium_contact(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    JsonBody(body): JsonBody<ConsortiumContactChanges>,
) -> Result<web::Json<ConsortiumContactView>, ApiError> {
    policy::manage_consortium(&user)?;
    bounded("phone", &body.phone, 50)?;
    bounded("title", &body.title, 200)?;
    let email = body
        .email
        .as_deref()
        .map(|e| normalize_email("email", e))
        .transpose()?;
    let id = path.into_inner().to_string();
    let row = db::write(&state.pool, move |conn| {
        let before = store::find_contact(conn, &id)?;
        let row = ContactRow {
            name: body.name.unwrap_or_else(|| before.name.clone()),
            email: email.unwrap_or_else(|| before.email.clone()),
            phone: body.phone.unwrap_or_else(|| before.phone.clone()),
            title: body.title.unwrap_or_else(|| before.title.clone()),
            updated_at: db::now(),
            ..before.clone()
        };
        store::update_contact(conn, &row)?;
        audit::Change::new(user.id, "update", Entity::ConsortiumContact, &row.id)
            .after(&serde_json::json!({"changed": changed_fields(&before, &row)}))
            .record(conn)?;
        Ok(row)
    })
    .await?;
    Ok(web::Json(ConsortiumContactView::new(row)?))
}

/// Remove a consortium member's contact
///
/// The desk and admins.
#[utoipa::path(
    tag = "consortium",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Contact id")),
    responses(
        (status = 204, description = "Removed"),
        (status = 403, description = "Not the desk", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such contact", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/consortium/contacts/{id}")]
pub async fn delete_consortium_contact(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    policy::manage_consortium(&user)?;
    let id = path.into_inner().to_string();
    db::write(&state.pool, move |conn| {
        let before = store::find_contact(conn, &id)?;
        store::delete_contact(conn, &id)?;
        audit::Change::new(user.id, "delete", Entity::ConsortiumContact, &id)
            .before(&serde_json::json!({"member_id": before.member_id}))
            .record(conn)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
