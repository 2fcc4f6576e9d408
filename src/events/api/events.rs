//! `/events`: the events themselves (trade fairs, job fairs, seminars, forums).

use actix_web::{get, patch, post, web, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::load_event;
use crate::auth::{policy, AuthUser};
use crate::codes::CountryCode;
use crate::db;
use crate::error::{ApiError, FieldError, Problem};
use crate::events::store::{self as events_store, EventRow};
use crate::events::{slots, waitlist};
use crate::events::{EventKind, EventStatus, EventView, Initiators};
use crate::extract::{JsonBody, Query};
use crate::i18n::Msg;
use crate::paging::{Page, PageParams, Paging};
use crate::{validate, AppState};

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EventListQuery {
    pub kind: Option<EventKind>,
    pub status: Option<EventStatus>,
}

/// List events
///
/// Trade fairs, job fairs, seminars and forums, for everyone; no sign-in.
#[utoipa::path(
    tag = "events",
    security(()),
    params(EventListQuery, PageParams),
    responses(
        (status = 200, description = "One page of events", body = Page<EventView>),
    )
)]
#[get("/events")]
pub async fn list_events(
    state: web::Data<AppState>,
    Query(query): Query<EventListQuery>,
    Paging(page): Paging,
) -> Result<web::Json<Page<EventView>>, ApiError> {
    let (after, fetch) = (page.after.clone(), page.fetch_limit());
    let rows = db::run(&state.pool, move |conn| {
        Ok(events_store::list_events(
            conn,
            query.kind,
            query.status,
            after.as_deref(),
            fetch,
        )?)
    })
    .await?;
    Ok(web::Json(Page::from_rows(
        rows,
        &page,
        |r| r.id.clone(),
        |r| r.view(),
    )?))
}

/// A new event, or the full settings of one (desk).
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EventSettings {
    pub kind: EventKind,
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub city: String,
    /// ISO 3166-1 alpha-2.
    #[schema(value_type = CountryCode)]
    pub country: String,
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub venue: String,
    /// IANA name, e.g. `Asia/Bangkok`.
    #[schema(value_type = crate::events::slots::TimeZoneName)]
    pub time_zone: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// Defaults to `open`.
    pub status: Option<EventStatus>,
    /// Length of a meeting slot, 5–240 minutes (default 20).
    #[validate(range(min = 5, max = 240))]
    #[schema(minimum = 5, maximum = 240)]
    pub slot_minutes: Option<i32>,
    #[validate(range(min = 1, max = 1000))]
    #[schema(minimum = 1, maximum = 1000)]
    pub max_meetings_per_buyer: Option<i32>,
    #[validate(range(min = 1, max = 1000))]
    #[schema(minimum = 1, maximum = 1000)]
    pub max_meetings_per_company: Option<i32>,
    /// Whether companies must accept requests (default true); otherwise they are accepted
    /// on arrival.
    pub requires_acceptance: Option<bool>,
    /// Until when companies and buyers may change their wishes; leave out for "until the
    /// event closes".
    pub preferences_close_at: Option<DateTime<Utc>>,
    /// Who may ask for meetings (default `both`).
    pub initiators: Option<Initiators>,
    /// Minutes into a slot after which a meeting whose sides have not both checked in shows
    /// as a probable no-show on the live board, 0–240 (default 5).
    #[validate(range(min = 0, max = 240))]
    #[schema(minimum = 0, maximum = 240)]
    pub no_show_after_minutes: Option<i32>,
    /// Seats of a job fair, seminar or forum, 1–100000: registrations beyond them are
    /// waitlisted and promoted, oldest first, as seats free. `null` (or, on creation, left
    /// out) for unlimited. On an update, left out keeps the event's capacity, and `null`
    /// lifts it, which confirms everyone waiting. Not for trade fairs.
    #[serde(default, deserialize_with = "validate::double_option")]
    #[validate(range(min = 1, max = 100000))]
    #[schema(value_type = Option<i32>, minimum = 1, maximum = 100000)]
    pub capacity: Option<Option<i32>>,
}

impl EventSettings {
    fn check(&self) -> Result<(), ApiError> {
        let mut errors = Vec::new();
        if !crate::codes::is_country_code(&self.country) {
            errors.push(FieldError::new(
                "country",
                Msg::CountryCode { example: "TH" },
            ));
        }
        if let Err(e) = slots::parse_time_zone(&self.time_zone) {
            errors.push(FieldError::new("time_zone", e.message));
        }
        if self.ends_on < self.starts_on {
            errors.push(FieldError::new("ends_on", Msg::EndsBeforeStarts));
        }
        errors.extend(waitlist::capacity_error(self.kind, self.capacity.flatten()));
        validate::finish(errors)
    }
}

/// Create an event
///
/// A trade fair, job fair, seminar or forum, with the IANA time zone its times are given in.
/// The desk only.
#[utoipa::path(
    tag = "events",
    security(("bearer" = [])),
    request_body = EventSettings,
    responses(
        (status = 201, description = "Created", body = EventView),
        (status = 403, description = "Not the desk", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Business rule: `ends_on` is not before `starts_on`; a trade fair takes no `capacity`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/events")]
pub async fn create_event(
    user: AuthUser,
    state: web::Data<AppState>,
    JsonBody(body): JsonBody<EventSettings>,
) -> Result<HttpResponse, ApiError> {
    policy::manage_events(&user)?;
    body.check()?;
    let now = db::now();
    let row = EventRow {
        id: db::new_id(),
        kind: body.kind,
        name: body.name.trim().to_owned(),
        city: body.city.trim().to_owned(),
        country: body.country,
        venue: body.venue.trim().to_owned(),
        time_zone: body.time_zone,
        starts_on: body.starts_on,
        ends_on: body.ends_on,
        status: body.status.unwrap_or(EventStatus::Open),
        slot_minutes: body.slot_minutes.unwrap_or(20),
        max_meetings_per_buyer: body.max_meetings_per_buyer,
        max_meetings_per_company: body.max_meetings_per_company,
        requires_acceptance: body.requires_acceptance.unwrap_or(true),
        created_at: now,
        updated_at: now,
        preferences_close_at: body.preferences_close_at.map(|t| t.naive_utc()),
        initiators: body.initiators.unwrap_or(Initiators::Both),
        no_show_after_minutes: body.no_show_after_minutes.unwrap_or(5),
        capacity: body.capacity.flatten(),
    };
    let saved = row.clone();
    db::write(&state.pool, move |conn| {
        Ok(events_store::insert_event(conn, &saved)?)
    })
    .await?;
    Ok(HttpResponse::Created().json(row.view()?))
}

/// Get an event
///
/// Public; no sign-in.
#[utoipa::path(
    tag = "events",
    security(()),
    params(("id" = Uuid, Path, description = "Event id")),
    responses(
        (status = 200, description = "The event", body = EventView),
        (status = 404, description = "No such event", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/events/{id}")]
pub async fn get_event(
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
) -> Result<web::Json<EventView>, ApiError> {
    Ok(web::Json(
        load_event(&state, path.into_inner()).await?.view()?,
    ))
}

/// Replace an event's settings
///
/// Slots already generated keep their times. A `capacity` left out stays as it is; a raised
/// or lifted (`null`) one confirms the oldest waitlisted registrations, who are told by mail
/// with their check-in codes; a capacity below the registrations already confirmed is
/// refused (nobody is un-confirmed).
/// Audited. The desk only.
#[utoipa::path(
    tag = "events",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Event id")),
    request_body = EventSettings,
    responses(
        (status = 200, description = "Updated", body = EventView),
        (status = 403, description = "Not the desk", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such event", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Business rule: `ends_on` is not before `starts_on`; a trade fair takes no `capacity`; `capacity` is not below the confirmed registrations", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/events/{id}")]
pub async fn update_event(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    JsonBody(body): JsonBody<EventSettings>,
) -> Result<web::Json<EventView>, ApiError> {
    policy::manage_events(&user)?;
    body.check()?;
    let key = state.config.check_in_key();
    let event_key = path.into_inner().to_string();
    let row = db::write(&state.pool, move |conn| {
        waitlist::update_event(conn, &user, &event_key, |row| apply(row, body), &key)
    })
    .await?;
    Ok(web::Json(row.view()?))
}

/// The settings of `body` on `row`; what it leaves out keeps its value where the field has
/// no default, and so does a left-out `capacity` (only `null` lifts it).
fn apply(row: &mut EventRow, body: EventSettings) {
    row.kind = body.kind;
    row.name = body.name.trim().to_owned();
    row.city = body.city.trim().to_owned();
    row.country = body.country;
    row.venue = body.venue.trim().to_owned();
    row.time_zone = body.time_zone;
    row.starts_on = body.starts_on;
    row.ends_on = body.ends_on;
    if let Some(status) = body.status {
        row.status = status;
    }
    row.slot_minutes = body.slot_minutes.unwrap_or(row.slot_minutes);
    row.max_meetings_per_buyer = body.max_meetings_per_buyer;
    row.max_meetings_per_company = body.max_meetings_per_company;
    row.requires_acceptance = body.requires_acceptance.unwrap_or(row.requires_acceptance);
    row.preferences_close_at = body.preferences_close_at.map(|t| t.naive_utc());
    row.initiators = body.initiators.unwrap_or(row.initiators);
    row.no_show_after_minutes = body
        .no_show_after_minutes
        .unwrap_or(row.no_show_after_minutes);
    if let Some(capacity) = body.capacity {
        row.capacity = capacity;
    }
    row.updated_at = db::now();
}
