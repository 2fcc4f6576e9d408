//! Registrations to job fairs, seminars and forums, and attendance as the desk marks it.
//! Attendance counts per event feed the public report; a company's own attendance is on its
//! record for the desk.

use actix_web::{get, post, web, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::store::{self as store, RegistrationFilter, RegistrationRow, RegistrationWithEvent};
use super::{EventKind, EventStatus};
use crate::auth::{policy, AuthUser, Role};
use crate::db::parse_id;
use crate::db::{self, DbConn};
use crate::error::{ApiError, Problem};
use crate::extract::OptionalJsonBody;
use crate::talent::store::{candidate_of_user, find_candidate};
use crate::AppState;

/// Who a registration is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Participant {
    /// A candidate, with its own account if it has one.
    Candidate {
        id: Uuid,
        user_id: Option<Uuid>,
    },
    Company(Uuid),
    Buyer(Uuid),
}

impl Participant {
    /// What the policy needs to know of the participant.
    pub fn registrant(&self) -> policy::Registrant<'_> {
        match self {
            Participant::Candidate { user_id, .. } => policy::Registrant::Candidate {
                user_id: user_id.as_ref(),
            },
            Participant::Company(id) => policy::Registrant::Company(id),
            Participant::Buyer(id) => policy::Registrant::Buyer(id),
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RegistrationView {
    pub id: Uuid,
    pub event_id: Uuid,
    pub event_name: String,
    pub event_kind: EventKind,
    pub starts_on: NaiveDate,
    pub candidate_id: Option<Uuid>,
    pub company_id: Option<Uuid>,
    pub buyer_id: Option<Uuid>,
    pub attended: bool,
    pub attended_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

fn view((row, event): &RegistrationWithEvent) -> Result<RegistrationView, ApiError> {
    let id = |v: &Option<String>| v.as_deref().map(parse_id).transpose();
    Ok(RegistrationView {
        id: parse_id(&row.id)?,
        event_id: parse_id(&row.event_id)?,
        event_name: event.name.clone(),
        event_kind: event.kind()?,
        starts_on: event.starts_on,
        candidate_id: id(&row.candidate_id)?,
        company_id: id(&row.company_id)?,
        buyer_id: id(&row.buyer_id)?,
        attended: row.attended_at.is_some(),
        attended_at: row.attended_at.map(|t| t.and_utc()),
        created_at: row.created_at.and_utc(),
    })
}

/// A candidate's registrations, for its own data export.
pub fn of_candidate(
    conn: &mut DbConn,
    candidate_id: &str,
) -> Result<Vec<RegistrationView>, ApiError> {
    store::list_registrations(
        conn,
        &RegistrationFilter::Candidate(candidate_id.to_owned()),
    )?
    .iter()
    .map(view)
    .collect()
}

/// Whom to register; leave all out to register yourself (a candidate's profile, an sme
/// user's company, a buyer user's organisation). The desk names exactly one.
#[derive(Debug, Default, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewRegistration {
    pub candidate_id: Option<Uuid>,
    pub company_id: Option<Uuid>,
    pub buyer_id: Option<Uuid>,
}

fn participant(
    conn: &mut DbConn,
    user: &AuthUser,
    body: &NewRegistration,
) -> Result<Participant, ApiError> {
    let named = [body.candidate_id, body.company_id, body.buyer_id]
        .iter()
        .filter(|v| v.is_some())
        .count();
    if named > 1 {
        return Err(ApiError::invalid(
            "body",
            "name one of candidate_id, company_id or buyer_id",
        ));
    }
    if let Some(id) = body.candidate_id {
        let candidate = find_candidate(conn, &id.to_string()).map_err(|e| match e {
            diesel::result::Error::NotFound => ApiError::NotFound,
            e => e.into(),
        })?;
        return Ok(Participant::Candidate {
            id,
            user_id: candidate.user_id.as_deref().map(parse_id).transpose()?,
        });
    }
    if let Some(id) = body.company_id {
        return Ok(Participant::Company(id));
    }
    if let Some(id) = body.buyer_id {
        return Ok(Participant::Buyer(id));
    }
    match (user.role, user.company_id, user.buyer_id) {
        (Role::Sme, Some(company), _) => Ok(Participant::Company(company)),
        (Role::Buyer, _, Some(buyer)) => Ok(Participant::Buyer(buyer)),
        (Role::Candidate, _, _) => {
            let own = candidate_of_user(conn, &user.id.to_string())?.ok_or_else(|| {
                ApiError::Conflict(
                    "create your candidate profile (POST /candidates) before registering".into(),
                )
            })?;
            Ok(Participant::Candidate {
                id: parse_id(&own.id)?,
                user_id: Some(user.id),
            })
        }
        _ => Err(ApiError::invalid(
            "body",
            "the desk names one of candidate_id, company_id or buyer_id",
        )),
    }
}

/// Register for a job fair, seminar or forum: a candidate, a company member or a buyer
/// registers itself; the desk registers anyone. Once per participant and event.
#[utoipa::path(
    tag = "events",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Event id")),
    request_body = NewRegistration,
    responses(
        (status = 201, description = "Registered", body = RegistrationView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Registering someone else", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such event", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already registered, a trade fair, or the event is closed", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
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
    let view = db::write(&state.pool, move |conn| {
        let event = store::find_event(conn, &event_key)?;
        let who = participant(conn, &user, &body)?;
        if !policy::can_register_for_event(&user, who.registrant()) {
            return Err(ApiError::Forbidden(
                "you register yourself; the desk registers others".into(),
            ));
        }
        if event.kind()? == EventKind::TradeFair {
            return Err(ApiError::Conflict(
                "trade fairs take exhibitors and meeting requests, not registrations".into(),
            ));
        }
        let status = event.status()?;
        if matches!(status, EventStatus::Closed | EventStatus::Cancelled) {
            return Err(ApiError::StateConflict {
                detail: "the event no longer takes registrations".into(),
                current_status: status.as_str().to_owned(),
            });
        }
        let (candidate_id, company_id, buyer_id) = match &who {
            Participant::Candidate { id, .. } => (Some(id.to_string()), None, None),
            Participant::Company(id) => (None, Some(id.to_string()), None),
            Participant::Buyer(id) => (None, None, Some(id.to_string())),
        };
        let row = RegistrationRow {
            id: db::new_id(),
            event_id: event.id.clone(),
            candidate_id,
            company_id,
            buyer_id,
            attended_at: None,
            registered_by: user.id.to_string(),
            created_at: db::now(),
        };
        store::insert_registration(conn, &row).map_err(|e| match e {
            diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            ) => ApiError::Conflict("already registered for this event".into()),
            diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::ForeignKeyViolation,
                _,
            ) => ApiError::NotFound,
            e => e.into(),
        })?;
        view(&(row, event))
    })
    .await?;
    Ok(HttpResponse::Created().json(view))
}

/// An event's registrations (desk).
#[utoipa::path(
    tag = "events",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Event id")),
    responses(
        (status = 200, description = "Registrations, oldest first", body = Vec<RegistrationView>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
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
    Ok(web::Json(rows.iter().map(view).collect::<Result<_, _>>()?))
}

/// Mark a registration as attended (desk).
#[utoipa::path(
    tag = "events",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "Event id"),
        ("registration_id" = Uuid, Path, description = "Registration id"),
    ),
    responses(
        (status = 200, description = "The registration", body = RegistrationView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the desk", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such registration of this event", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/events/{id}/registrations/{registration_id}/attendance")]
pub async fn mark_attendance(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<web::Json<RegistrationView>, ApiError> {
    policy::require_desk(&user)?;
    let (event, registration) = path.into_inner();
    let found = db::write(&state.pool, move |conn| {
        let (event_key, key) = (event.to_string(), registration.to_string());
        let (row, _) = store::find_registration(conn, &event_key, &key)?;
        if row.attended_at.is_none() {
            store::mark_attended(conn, &row.id, db::now())?;
        }
        Ok(store::find_registration(conn, &event_key, &key)?)
    })
    .await?;
    Ok(web::Json(view(&found)?))
}

/// A company's registrations and attendance at job fairs, seminars and forums (desk).
#[utoipa::path(
    tag = "companies",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Company id")),
    responses(
        (status = 200, description = "Registrations, oldest first", body = Vec<RegistrationView>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
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
    Ok(web::Json(rows.iter().map(view).collect::<Result<_, _>>()?))
}
