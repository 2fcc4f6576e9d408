//! `/events/{id}/exhibitors`: the companies exhibiting at a trade fair.

use actix_web::{get, post, web, HttpResponse};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::auth::{policy, AuthUser};
use crate::capabilities::CompanyBrief;
use crate::companies::store::find_company;
use crate::companies::CompanyStatus;
use crate::db;
use crate::db::parse_id;
use crate::error::{ApiError, Problem};
use crate::events::store::{self as events_store};
use crate::events::EventKind;
use crate::extract::JsonBody;
use crate::i18n::Msg;
use crate::AppState;
use diesel::OptionalExtension;

/// List an event's exhibitors
///
/// The companies exhibiting at an event; public, no sign-in.
#[utoipa::path(
    tag = "events",
    security(()),
    params(("id" = Uuid, Path, description = "Event id")),
    responses(
        (status = 200, description = "Exhibitors, by English name", body = Vec<CompanyBrief>),
        (status = 404, description = "No such event", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/events/{id}/exhibitors")]
pub async fn list_exhibitors(
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
) -> Result<web::Json<Vec<CompanyBrief>>, ApiError> {
    let key = path.into_inner().to_string();
    let rows = db::run(&state.pool, move |conn| {
        events_store::find_event(conn, &key)?;
        Ok(events_store::list_exhibitors(conn, &key)?)
    })
    .await?;
    let briefs = rows
        .into_iter()
        .map(|row| {
            Ok(CompanyBrief {
                id: parse_id(&row.id)?,
                name_ja: row.name_ja,
                name_en: row.name_en,
            })
        })
        .collect::<Result<_, ApiError>>()?;
    Ok(web::Json(briefs))
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewExhibitor {
    pub company_id: Uuid,
}

/// Add an exhibitor to a trade fair
///
/// The company must be approved. The desk only.
#[utoipa::path(
    tag = "events",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Event id")),
    request_body = NewExhibitor,
    responses(
        (status = 201, description = "Added", body = CompanyBrief),
        (status = 403, description = "Not the desk", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such event", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already exhibiting", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Business rule: only a trade fair has exhibitors, and they are approved companies", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/events/{id}/exhibitors")]
pub async fn add_exhibitor(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    JsonBody(body): JsonBody<NewExhibitor>,
) -> Result<HttpResponse, ApiError> {
    policy::manage_events(&user)?;
    let key = path.into_inner().to_string();
    let brief = db::write(&state.pool, move |conn| {
        let event = events_store::find_event(conn, &key)?;
        if event.kind != EventKind::TradeFair {
            return Err(ApiError::invalid("company_id", Msg::OnlyFairsExhibitors));
        }
        let company = find_company(conn, &body.company_id.to_string())
            .optional()?
            .filter(|c| c.status == CompanyStatus::Approved)
            .ok_or_else(|| ApiError::invalid("company_id", Msg::NotApprovedCompany))?;
        events_store::add_exhibitor(conn, &key, &company.id, db::now()).map_err(|e| {
            match ApiError::from(e) {
                ApiError::Conflict(_) => ApiError::Conflict(Msg::AlreadyExhibiting),
                other => other,
            }
        })?;
        Ok(CompanyBrief {
            id: company.uuid()?,
            name_ja: company.name_ja,
            name_en: company.name_en,
        })
    })
    .await?;
    Ok(HttpResponse::Created().json(brief))
}
