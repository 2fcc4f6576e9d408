//! `/meetings`: requests, their lifecycle and manual scheduling.

use actix_web::{get, post, put, web, HttpResponse};
use diesel::result::{DatabaseErrorInformation, DatabaseErrorKind, Error as DieselError};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::lifecycle::{self, Action, MeetingStatus, Side};
use super::store::{self as meetings_store, MeetingFilter, MeetingRow};
use super::MeetingView;
use crate::audit::{self, Entity};
use crate::auth::{policy, AuthUser, Role};
use crate::buyers::store::find_buyer;
use crate::capabilities::store::find_capability;
use crate::db::{self, encode_list, DbConn};
use crate::error::{ApiError, Problem};
use crate::events::store::{self as events_store, Party};
use crate::events::{EventKind, EventStatus};
use crate::extract::{JsonBody, OptionalJsonBody, Query};
use crate::negotiations::store as negotiations_store;
use crate::paging::{Page, PageRequest};
use crate::{validate, AppState};

/// A buyer asks a company exhibiting at a trade fair for a meeting.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MeetingRequest {
    pub event_id: Uuid,
    pub company_id: Uuid,
    /// The capability the buyer wants to talk about, if one.
    pub capability_id: Option<Uuid>,
    #[validate(length(min = 1, max = 2000))]
    pub message: String,
    /// ISO 639-1 codes of the languages the buyer can negotiate in.
    #[serde(default)]
    pub languages_needed: Vec<String>,
    /// The desk, requesting on a buyer's behalf, names the organisation.
    pub buyer_id: Option<Uuid>,
}

/// The meeting with its history, as a transition answers.
fn load_view(conn: &mut DbConn, id: &str) -> Result<MeetingView, ApiError> {
    let detail = meetings_store::find_meeting_detail(conn, id)?;
    let history = meetings_store::transitions(conn, id)?;
    detail.view(Some(&history))
}

/// Request a meeting (a verified buyer, or the desk on a buyer's behalf).
#[utoipa::path(
    tag = "meetings",
    security(("bearer" = [])),
    request_body = MeetingRequest,
    responses(
        (status = 201, description = "Requested (or accepted at once where the event auto-accepts)", body = MeetingView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a verified buyer or the desk", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such event", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "An open request exists, a limit is reached, or the event is not open", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields (e.g. the company is not exhibiting)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests from this user", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/meetings")]
pub async fn request_meeting(
    user: AuthUser,
    state: web::Data<AppState>,
    JsonBody(body): JsonBody<MeetingRequest>,
) -> Result<HttpResponse, ApiError> {
    state.limits.check_meeting_request(user.id)?;
    validate::finish(validate::language_codes(
        "languages_needed",
        &body.languages_needed,
    ))?;
    let buyer_id = match (user.role, body.buyer_id) {
        (Role::Buyer, None) => user.buyer_id.ok_or_else(ApiError::forbidden)?,
        (Role::Buyer, Some(id)) if Some(id) == user.buyer_id => id,
        (Role::Buyer, Some(_)) => {
            return Err(ApiError::invalid(
                "buyer_id",
                "a buyer requests for its own organisation",
            ))
        }
        (_, Some(id)) if policy::is_desk(&user) => id,
        (_, None) if policy::is_desk(&user) => {
            return Err(ApiError::invalid(
                "buyer_id",
                "the desk names the buyer it requests for",
            ))
        }
        _ => {
            return Err(ApiError::Forbidden(
                "meetings are requested by buyers and the desk".into(),
            ))
        }
    };
    let view = db::write(&state.pool, move |conn| {
        let event_key = body.event_id.to_string();
        let company_key = body.company_id.to_string();
        let buyer_key = buyer_id.to_string();
        let event = events_store::find_event(conn, &event_key)?;
        if event.kind()? != EventKind::TradeFair {
            return Err(ApiError::invalid(
                "event_id",
                "meetings are requested at trade fairs",
            ));
        }
        if event.status()? != EventStatus::Open {
            return Err(ApiError::StateConflict {
                detail: "the event is not taking meeting requests".into(),
                current_status: event.status.clone(),
            });
        }
        let buyer = find_buyer(conn, &buyer_key).map_err(|e| match e {
            DieselError::NotFound => ApiError::invalid("buyer_id", "no such buyer organisation"),
            other => other.into(),
        })?;
        if buyer.verified_at.is_none() {
            return Err(ApiError::Forbidden(
                "the buyer organisation is not verified by the desk yet".into(),
            ));
        }
        if !events_store::is_exhibitor(conn, &event_key, &company_key)? {
            return Err(ApiError::invalid(
                "company_id",
                "the company is not exhibiting at this event",
            ));
        }
        if let Some(capability_id) = body.capability_id {
            let found = find_capability(conn, &capability_id.to_string()).optional()?;
            let fits = found.is_some_and(|(c, _)| {
                c.company_id == company_key
                    && c.status == crate::capabilities::CapabilityStatus::Published
            });
            if !fits {
                return Err(ApiError::invalid(
                    "capability_id",
                    "is not a published capability of this company",
                ));
            }
        }
        if let Some(limit) = event.max_meetings_per_buyer {
            if meetings_store::count_active(conn, &event_key, None, Some(&buyer_key))?
                >= i64::from(limit)
            {
                return Err(ApiError::Conflict(format!(
                    "the buyer has reached this event's limit of {limit} meetings"
                )));
            }
        }
        if let Some(limit) = event.max_meetings_per_company {
            if meetings_store::count_active(conn, &event_key, Some(&company_key), None)?
                >= i64::from(limit)
            {
                return Err(ApiError::Conflict(format!(
                    "the company has reached this event's limit of {limit} meetings"
                )));
            }
        }
        let now = db::now();
        let actor = user.id.to_string();
        let meeting = MeetingRow {
            id: db::new_id(),
            event_id: event_key,
            company_id: company_key,
            buyer_id: buyer_key,
            capability_id: body.capability_id.map(|id| id.to_string()),
            requested_by: actor.clone(),
            message: body.message.trim().to_owned(),
            languages_needed: encode_list(&body.languages_needed),
            status: MeetingStatus::Requested.as_str().to_owned(),
            slot_id: None,
            table_id: None,
            interpreter_id: None,
            held_at: None,
            created_at: now,
            updated_at: now,
        };
        meetings_store::insert_meeting(conn, &meeting).map_err(|e| match e {
            DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => {
                ApiError::Conflict(
                    "an open request between this buyer and company exists at this event".into(),
                )
            }
            other => other.into(),
        })?;
        meetings_store::record_transition(conn, &meeting.id, None, "requested", &actor, None, now)?;
        if !event.requires_acceptance {
            meetings_store::set_status(
                conn,
                &meeting,
                "accepted",
                None,
                None,
                &actor,
                Some("accepted automatically: the event does not ask companies to accept"),
                now,
            )?;
        }
        let after = meetings_store::find_meeting(conn, &meeting.id)?;
        audit::Change::new(actor, "create", Entity::Meeting, &meeting.id)
            .after(&after)
            .record(conn)?;
        load_view(conn, &meeting.id)
    })
    .await?;
    Ok(HttpResponse::Created().json(view))
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MeetingListQuery {
    pub event_id: Option<Uuid>,
    pub status: Option<MeetingStatus>,
    /// Desk and reviewers; members always see their own company's or organisation's.
    pub company_id: Option<Uuid>,
    pub buyer_id: Option<Uuid>,
    /// Page size, 1–100 (larger values are clamped to 100).
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

/// Meetings the caller may see: a company's members their company's, a buyer's members
/// their organisation's, the desk and reviewers all.
#[utoipa::path(
    tag = "meetings",
    security(("bearer" = [])),
    params(MeetingListQuery),
    responses(
        (status = 200, description = "One page of meetings", body = Page<MeetingView>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Candidates have no meetings", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid parameters", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/meetings")]
pub async fn list_meetings(
    user: AuthUser,
    state: web::Data<AppState>,
    Query(query): Query<MeetingListQuery>,
) -> Result<web::Json<Page<MeetingView>>, ApiError> {
    let page = PageRequest::new(query.limit, query.cursor.as_deref())?;
    let mut filter = MeetingFilter {
        event_id: query.event_id.map(|v| v.to_string()),
        status: query.status.map(|s| s.as_str().to_owned()),
        company_id: query.company_id.map(|v| v.to_string()),
        buyer_id: query.buyer_id.map(|v| v.to_string()),
        ..MeetingFilter::default()
    };
    match user.role {
        Role::Admin | Role::Desk | Role::Reviewer => {}
        Role::Sme => filter.company_id = user.company_id.map(|id| id.to_string()),
        Role::Buyer => filter.buyer_id = user.buyer_id.map(|id| id.to_string()),
        Role::Candidate => return Err(ApiError::forbidden()),
    }
    let (after, fetch) = (page.after.clone(), page.fetch_limit());
    let rows = db::run(&state.pool, move |conn| {
        Ok(meetings_store::list_meetings(
            conn,
            &filter,
            after.as_deref(),
            fetch,
        )?)
    })
    .await?;
    Ok(web::Json(Page::from_rows(
        rows,
        &page,
        |r| r.meeting.id.clone(),
        |r| r.view(None),
    )?))
}

/// Loads a meeting and the caller's side of it; a meeting that is not theirs is not found.
fn meeting_for(
    conn: &mut DbConn,
    user: &AuthUser,
    id: &str,
) -> Result<(MeetingRow, Side), ApiError> {
    let meeting = meetings_store::find_meeting(conn, id)?;
    let side = meeting.side_of(user)?.ok_or(ApiError::NotFound)?;
    Ok((meeting, side))
}

/// One meeting with its history.
#[utoipa::path(
    tag = "meetings",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Meeting id")),
    responses(
        (status = 200, description = "The meeting", body = MeetingView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such meeting, or not yours", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/meetings/{id}")]
pub async fn get_meeting(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
) -> Result<web::Json<MeetingView>, ApiError> {
    let key = path.into_inner().to_string();
    let view = db::run(&state.pool, move |conn| {
        meeting_for(conn, &user, &key)?;
        load_view(conn, &key)
    })
    .await?;
    Ok(web::Json(view))
}

#[derive(Debug, Default, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TransitionNote {
    /// Why, kept with the transition.
    #[validate(length(max = 1000))]
    pub note: Option<String>,
}

async fn transition(
    user: AuthUser,
    state: web::Data<AppState>,
    id: Uuid,
    action: Action,
    note: Option<String>,
) -> Result<web::Json<MeetingView>, ApiError> {
    let key = id.to_string();
    let view = db::write(&state.pool, move |conn| {
        let (meeting, side) = meeting_for(conn, &user, &key)?;
        if !lifecycle::may(side, action) {
            return Err(ApiError::Forbidden(format!(
                "your side of the meeting cannot {} it",
                action.verb()
            )));
        }
        let current = meeting.status()?;
        let next = lifecycle::next(current, action).ok_or_else(|| ApiError::StateConflict {
            detail: format!("a {} meeting cannot be {}", current.as_str(), action.verb()),
            current_status: current.as_str().to_owned(),
        })?;
        let now = db::now();
        let held_at = (next == MeetingStatus::Held).then_some(now);
        meetings_store::set_status(
            conn,
            &meeting,
            next.as_str(),
            None,
            held_at,
            &user.id.to_string(),
            note.as_deref(),
            now,
        )?;
        if next == MeetingStatus::Held {
            meetings_store::mark_took_place(conn, &meeting, now)?;
            negotiations_store::open_negotiation(conn, &meeting.id, now)?;
        }
        let after = meetings_store::find_meeting(conn, &key)?;
        let action = format!("transition:{}", next.as_str());
        audit::Change::new(user.id, &action, Entity::Meeting, &key)
            .before(&meeting)
            .after(&after)
            .record(conn)?;
        load_view(conn, &key)
    })
    .await?;
    Ok(web::Json(view))
}

macro_rules! transition_route {
    ($name:ident, $path:literal, $action:expr, $summary:literal, $who:literal) => {
        #[doc = $summary]
        #[utoipa::path(
            tag = "meetings",
            security(("bearer" = [])),
            params(("id" = Uuid, Path, description = "Meeting id")),
            request_body(content = Option<TransitionNote>, description = "Optional note"),
            responses(
                (status = 200, description = "The meeting after the move", body = MeetingView),
                (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
                (status = 403, description = $who, body = Problem, content_type = "application/problem+json"),
                (status = 404, description = "No such meeting, or not yours", body = Problem, content_type = "application/problem+json"),
                (status = 409, description = "Not allowed from the meeting's current status (given as current_status)", body = Problem, content_type = "application/problem+json"),
                (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
            )
        )]
        #[post($path)]
        pub async fn $name(
            user: AuthUser,
            state: web::Data<AppState>,
            path: web::Path<Uuid>,
            OptionalJsonBody(body): OptionalJsonBody<TransitionNote>,
        ) -> Result<web::Json<MeetingView>, ApiError> {
            transition(user, state, path.into_inner(), $action, body.note).await
        }
    };
}

transition_route!(
    accept_meeting,
    "/meetings/{id}/accept",
    Action::Accept,
    "Accept a request (the company, or the desk).",
    "Only the company or the desk accepts"
);
transition_route!(
    decline_meeting,
    "/meetings/{id}/decline",
    Action::Decline,
    "Decline a request (the company, or the desk).",
    "Only the company or the desk declines"
);
transition_route!(
    withdraw_meeting,
    "/meetings/{id}/withdraw",
    Action::Withdraw,
    "Withdraw a request (the buyer, or the desk).",
    "Only the buyer or the desk withdraws"
);
transition_route!(
    cancel_meeting,
    "/meetings/{id}/cancel",
    Action::Cancel,
    "Cancel an accepted or scheduled meeting (either side, or the desk); its slot is freed.",
    "Reviewers cannot cancel"
);
transition_route!(
    mark_meeting_held,
    "/meetings/{id}/held",
    Action::MarkHeld,
    "Mark a meeting held (the desk).",
    "Only the desk marks meetings held"
);
transition_route!(
    mark_meeting_no_show,
    "/meetings/{id}/no-show",
    Action::MarkNoShow,
    "Mark a scheduled meeting as a no-show (the desk).",
    "Only the desk marks no-shows"
);

/// Where to put a meeting.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SchedulePlacement {
    pub slot_id: Uuid,
    pub table_id: Uuid,
    pub interpreter_id: Option<Uuid>,
}

/// Which of the meeting's parties a unique index that refused a booking protects.
fn clashes_from(info: &dyn DatabaseErrorInformation) -> Vec<String> {
    let text = format!(
        "{} {}",
        info.constraint_name().unwrap_or_default(),
        info.message()
    );
    ["company", "buyer", "table", "interpreter"]
        .into_iter()
        .filter(|party| text.contains(party))
        .map(str::to_owned)
        .collect()
}

/// Put an accepted meeting (or move a scheduled one) into a slot at a table, with an
/// interpreter if needed (the desk). Never two meetings for one company, buyer, table or
/// interpreter in a slot: the database refuses it even under concurrent requests.
#[utoipa::path(
    tag = "meetings",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Meeting id")),
    request_body = SchedulePlacement,
    responses(
        (status = 200, description = "Scheduled", body = MeetingView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only the desk schedules", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such meeting, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A clash (named in clashes), a blocked slot, or a status that cannot be scheduled", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The slot, table or interpreter is not this event's", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/meetings/{id}/schedule")]
pub async fn schedule_meeting(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    JsonBody(body): JsonBody<SchedulePlacement>,
) -> Result<web::Json<MeetingView>, ApiError> {
    let key = path.into_inner().to_string();
    let view = db::write(&state.pool, move |conn| {
        let (meeting, side) = meeting_for(conn, &user, &key)?;
        if !lifecycle::may(side, Action::Schedule) {
            return Err(ApiError::Forbidden(
                "only the desk schedules meetings".into(),
            ));
        }
        let current = meeting.status()?;
        if lifecycle::next(current, Action::Schedule).is_none() {
            return Err(ApiError::StateConflict {
                detail: format!("a {} meeting cannot be scheduled", current.as_str()),
                current_status: current.as_str().to_owned(),
            });
        }
        let (slot, table) = (body.slot_id.to_string(), body.table_id.to_string());
        let interpreter = body.interpreter_id.map(|id| id.to_string());
        let slots = events_store::list_slots(conn, &meeting.event_id)?;
        if !slots.iter().any(|s| s.id == slot) {
            return Err(ApiError::invalid(
                "slot_id",
                "is not a slot of this meeting's event",
            ));
        }
        if !events_store::list_tables(conn, &meeting.event_id)?
            .iter()
            .any(|t| t.id == table)
        {
            return Err(ApiError::invalid(
                "table_id",
                "is not a table of this meeting's event",
            ));
        }
        if let Some(interpreter) = &interpreter {
            if !events_store::list_interpreters(conn, &meeting.event_id)?
                .iter()
                .any(|i| &i.id == interpreter)
            {
                return Err(ApiError::invalid(
                    "interpreter_id",
                    "is not an interpreter of this meeting's event",
                ));
            }
        }
        let mut clashes = Vec::new();
        let company = Party::Company(meeting.company_id.clone());
        let buyer = Party::Buyer(meeting.buyer_id.clone());
        if events_store::blocked_slots(conn, &meeting.event_id, &company)?.contains(&slot) {
            clashes.push("company unavailable".to_owned());
        }
        if events_store::blocked_slots(conn, &meeting.event_id, &buyer)?.contains(&slot) {
            clashes.push("buyer unavailable".to_owned());
        }
        for (company_id, buyer_id, table_id, interpreter_id) in
            meetings_store::occupied(conn, &slot, &meeting.id)?
        {
            if company_id == meeting.company_id {
                clashes.push("company".into());
            }
            if buyer_id == meeting.buyer_id {
                clashes.push("buyer".into());
            }
            if table_id.as_deref() == Some(table.as_str()) {
                clashes.push("table".into());
            }
            if interpreter.is_some() && interpreter_id == interpreter {
                clashes.push("interpreter".into());
            }
        }
        if !clashes.is_empty() {
            clashes.dedup();
            return Err(ApiError::Clash {
                detail: format!("the slot is not free for: {}", clashes.join(", ")),
                clashes,
            });
        }
        let now = db::now();
        let place = (slot.as_str(), table.as_str(), interpreter.as_deref());
        meetings_store::set_status(
            conn,
            &meeting,
            "scheduled",
            Some(place),
            None,
            &user.id.to_string(),
            None,
            now,
        )
        .map_err(|e| match e {
            // Another booking got in between our check and our write.
            DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, info) => {
                let clashes = clashes_from(info.as_ref());
                ApiError::Clash {
                    detail: format!("the slot was just taken for: {}", clashes.join(", ")),
                    clashes,
                }
            }
            other => other.into(),
        })?;
        let after = meetings_store::find_meeting(conn, &key)?;
        audit::Change::new(user.id, "schedule", Entity::Meeting, &key)
            .before(&meeting)
            .after(&after)
            .record(conn)?;
        load_view(conn, &key)
    })
    .await?;
    Ok(web::Json(view))
}

use diesel::OptionalExtension;
