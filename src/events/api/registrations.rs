//! `/events/{id}/registrations` and `/companies/{id}/attendance`: registrations to job
//! fairs, seminars and forums, and attendance as the desk marks it. Marking attendance,
//! which schedules the attendee's questionnaire, is `follow_up::api::attendance`.

use actix_web::{get, post, web, HttpResponse};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::auth::{policy, AuthUser};
use crate::db;
use crate::error::{ApiError, Problem};
use crate::events::registrations::{self, RegistrationView};
use crate::events::store::{self as store, RegistrationFilter};
use crate::extract::OptionalJsonBody;
use crate::AppState;

/// Whom to register; leave all out to register yourself (a candidate's profile, an sme
/// user's company, a buyer user's organisation). The desk names exactly one.
#[derive(Debug, Default, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewRegistration {
    pub candidate_id: Option<Uuid>,
    pub company_id: Option<Uuid>,
    pub buyer_id: Option<Uuid>,
}

/// Register for an event
///
/// For job fairs, seminars and forums: a candidate, a company member or a buyer registers
/// itself; the desk registers anyone. At trade fairs buyer organisations register (a buyer
/// itself, or the desk on its behalf) so that exhibitors see who comes; companies take part
/// as exhibitors. Once per participant and event.
#[utoipa::path(
    tag = "events",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Event id")),
    request_body = NewRegistration,
    responses(
        (status = 201, description = "Registered", body = RegistrationView),
        (status = 403, description = "Registering someone else", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such event", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already registered, a company or candidate at a trade fair, or the event is closed", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Business rule: name exactly one of `candidate_id`, `company_id` and `buyer_id` (the desk names one; members register their own side)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/events/{id}/registrations")]
pub async fn register_for_event(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    OptionalJsonBody(body): OptionalJsonBody<NewRegistration>,
) -> Result<HttpResponse, ApiError> {
    let event_key = path.into_inner().to_string();
    let key = state.config.check_in_key();
    let view = db::write(&state.pool, move |conn| {
        registrations::register(conn, &user, &event_key, &body, &key)
    })
    .await?;
    Ok(HttpResponse::Created().json(view))
}

/// List an event's registrations
///
/// The desk only.
#[utoipa::path(
    tag = "events",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Event id")),
    responses(
        (status = 200, description = "Registrations, oldest first", body = Vec<RegistrationView>),
        (status = 403, description = "Not the desk", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such event", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/events/{id}/registrations")]
pub async fn list_registrations(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
) -> Result<web::Json<Vec<RegistrationView>>, ApiError> {
    policy::require_desk(&user)?;
    let key = path.into_inner().to_string();
    let rows = db::run(&state.pool, move |conn| {
        store::find_event(conn, &key)?;
        Ok(store::list_registrations(
            conn,
            &RegistrationFilter::Event(key),
        )?)
    })
    .await?;
    Ok(web::Json(
        rows.iter()
            .map(registrations::view)
            .collect::<Result<_, _>>()?,
    ))
}

/// List a company's registrations and attendance
///
/// At job fairs, seminars and forums. The desk only.
#[utoipa::path(
    tag = "companies",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Company id")),
    responses(
        (status = 200, description = "Registrations, oldest first", body = Vec<RegistrationView>),
        (status = 403, description = "Not the desk", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such company", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/companies/{id}/attendance")]
pub async fn company_attendance(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
) -> Result<web::Json<Vec<RegistrationView>>, ApiError> {
    policy::require_desk(&user)?;
    let key = path.into_inner().to_string();
    let rows = db::run(&state.pool, move |conn| {
        crate::companies::store::find_company(conn, &key)?;
        Ok(store::list_registrations(
            conn,
            &RegistrationFilter::Company(key),
        )?)
    })
    .await?;
    Ok(web::Json(
        rows.iter()
            .map(registrations::view)
            .collect::<Result<_, _>>()?,
    ))
}
