//! `/events/{id}/tables`: a trade fair's meeting tables.

use actix_web::{get, post, web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::auth::{policy, AuthUser};
use crate::db;
use crate::db::parse_id;
use crate::error::{ApiError, FieldError, Problem};
use crate::events::store::{self as events_store, TableRow};
use crate::extract::JsonBody;
use crate::i18n::Msg;
use crate::validate::ShortText;
use crate::{validate, AppState};

#[derive(Debug, Serialize, ToSchema)]
pub struct TableView {
    pub id: Uuid,
    pub label: String,
}

/// List a trade fair's tables
///
/// Public, no sign-in.
#[utoipa::path(
    tag = "events",
    security(()),
    params(("id" = Uuid, Path, description = "Event id")),
    responses(
        (status = 200, description = "Tables, by label", body = Vec<TableView>),
        (status = 404, description = "No such event", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/events/{id}/tables")]
pub async fn list_tables(
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
) -> Result<web::Json<Vec<TableView>>, ApiError> {
    let key = path.into_inner().to_string();
    let rows = db::run(&state.pool, move |conn| {
        events_store::find_event(conn, &key)?;
        Ok(events_store::list_tables(conn, &key)?)
    })
    .await?;
    Ok(web::Json(
        rows.into_iter()
            .map(|t| {
                Ok(TableView {
                    id: parse_id(&t.id)?,
                    label: t.label,
                })
            })
            .collect::<Result<_, ApiError>>()?,
    ))
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTables {
    /// Labels of the tables to add, e.g. `["A1", "A2"]`.
    #[schema(value_type = Vec<ShortText<50>>, min_items = 1, max_items = 500)]
    pub labels: Vec<String>,
}

/// Add tables to a trade fair
///
/// The desk only.
#[utoipa::path(
    tag = "events",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Event id")),
    request_body = NewTables,
    responses(
        (status = 201, description = "The event's tables after adding", body = Vec<TableView>),
        (status = 403, description = "Not the desk", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such event", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A table with one of these labels exists", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid labels", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/events/{id}/tables")]
pub async fn add_tables(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    JsonBody(body): JsonBody<NewTables>,
) -> Result<HttpResponse, ApiError> {
    policy::manage_events(&user)?;
    let mut errors = validate::short_list("labels", &body.labels, 500, 50);
    if body.labels.is_empty() {
        errors.push(FieldError::new("labels", Msg::AtLeastOneTable));
    }
    validate::finish(errors)?;
    let key = path.into_inner().to_string();
    let rows = db::write(&state.pool, move |conn| {
        events_store::find_event(conn, &key)?;
        for label in &body.labels {
            events_store::insert_table(
                conn,
                &TableRow {
                    id: db::new_id(),
                    event_id: key.clone(),
                    label: label.trim().to_owned(),
                },
            )
            .map_err(|e| match ApiError::from(e) {
                ApiError::Conflict(_) => ApiError::Conflict(Msg::TableExists {
                    label: format!("{label:?}"),
                }),
                other => other,
            })?;
        }
        Ok(events_store::list_tables(conn, &key)?)
    })
    .await?;
    let views: Vec<TableView> = rows
        .into_iter()
        .map(|t| {
            Ok(TableView {
                id: parse_id(&t.id)?,
                label: t.label,
            })
        })
        .collect::<Result<_, ApiError>>()?;
    Ok(HttpResponse::Created().json(views))
}
