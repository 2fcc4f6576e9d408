//! `/events/{id}/registrations` and `/companies/{id}/attendance`: registrations to job
//! fairs, seminars and forums (confirmed, waitlisted or cancelled: `events::waitlist`), and
//! attendance as the desk marks it. Marking attendance,
//! which schedules the attendee's questionnaire, is `follow_up::api::attendance`.

use actix_web::{get, post, web, HttpResponse};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use crate::auth::{policy, AuthUser};
use crate::db;
use crate::error::{ApiError, Problem};
use crate::events::registrations::{self, RegistrationView};
use crate::events::store::{self as store, RegistrationFilter};
use crate::events::{waitlist, RegistrationStatus};
use crate::extract::{OptionalJsonBody, Query};
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
/// as exhibitors. Once per participant and event (a cancelled registration stays on record
/// and counts). An event whose confirmed registrations fill its `capacity` takes new ones as
/// `waitlisted`, with their `waitlist_position`, and tells them so by mail; otherwise the
/// registration is `confirmed` and its mail carries the check-in code.
#[utoipa::path(
    tag = "events",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Event id")),
    request_body = NewRegistration,
    responses(
        (status = 201, description = "Registered: `confirmed`, or `waitlisted` at a full event", body = RegistrationView),
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

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RegistrationListQuery {
    /// Only registrations in this status.
    pub status: Option<RegistrationStatus>,
}

/// List an event's registrations
///
/// With each one's status and, while it waits, its place on the waitlist. The desk only.
#[utoipa::path(
    tag = "events",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Event id"), RegistrationListQuery),
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
    Query(query): Query<RegistrationListQuery>,
) -> Result<web::Json<Vec<RegistrationView>>, ApiError> {
    policy::manage_events(&user)?;
    let key = path.into_inner().to_string();
    let views = db::run(&state.pool, move |conn| {
        store::find_event(conn, &key)?;
        let rows = store::list_registrations(conn, &RegistrationFilter::Event(key), query.status)?;
        registrations::views(conn, &rows)
    })
    .await?;
    Ok(web::Json(views))
}

/// Cancel a registration
///
/// By its registrant (a member of the registered company or buyer organisation, the
/// candidate) or the desk; the registration stays on record as `cancelled` and its check-in
/// code no longer works. A confirmed seat it frees goes at once to the oldest waitlisted
/// registration, whose registrant is told by mail with its check-in code. The desk's
/// cancellations are audited.
#[utoipa::path(
    tag = "events",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "Event id"),
        ("registration_id" = Uuid, Path, description = "Registration id"),
    ),
    responses(
        (status = 200, description = "The registration, cancelled", body = RegistrationView),
        (status = 403, description = "A reviewer", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such registration of this event, or another party's", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already cancelled", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/events/{id}/registrations/{registration_id}/cancel")]
pub async fn cancel_registration(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<web::Json<RegistrationView>, ApiError> {
    let (event, registration) = path.into_inner();
    let key = state.config.check_in_key();
    let view = db::write(&state.pool, move |conn| {
        let keys = (event.to_string(), registration.to_string());
        let found = waitlist::cancel(conn, &user, (&keys.0, &keys.1), &key)?;
        registrations::view(conn, &found)
    })
    .await?;
    Ok(web::Json(view))
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
    let views = db::run(&state.pool, move |conn| {
        crate::companies::store::find_company(conn, &key)?;
        crate::companies::check_scope(conn, &user, &key)?;
        let rows = store::list_registrations(conn, &RegistrationFilter::Company(key), None)?;
        registrations::views(conn, &rows)
    })
    .await?;
    Ok(web::Json(views))
}
