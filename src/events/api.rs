//! `/events`: events and, for trade fairs, exhibitors, slots, tables, interpreters and
//! availability.

use actix_web::{get, patch, post, put, web, HttpResponse};
use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::slots::{self, Break, DayWindow};
use super::store::{self as events_store, EventRow, InterpreterRow, Party, SlotRow, TableRow};
use super::{EventKind, EventStatus, EventView};
use crate::auth::{policy, AuthUser};
use crate::capabilities::CompanyBrief;
use crate::companies::store::find_company;
use crate::companies::CompanyStatus;
use crate::db::parse_id;
use crate::db::{self, decode_list, encode_list, DbConn};
use crate::error::{ApiError, FieldError, Problem};
use crate::extract::{JsonBody, Query};
use crate::paging::{Page, PageRequest};
use crate::{validate, AppState};

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EventListQuery {
    pub kind: Option<EventKind>,
    pub status: Option<EventStatus>,
    /// Page size, 1–100 (larger values are clamped to 100).
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

/// Events, for everyone.
#[utoipa::path(
    tag = "events",
    params(EventListQuery),
    responses(
        (status = 200, description = "One page of events", body = Page<EventView>),
        (status = 422, description = "Invalid parameters", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/events")]
pub async fn list_events(
    state: web::Data<AppState>,
    Query(query): Query<EventListQuery>,
) -> Result<web::Json<Page<EventView>>, ApiError> {
    let page = PageRequest::new(query.limit, query.cursor.as_deref())?;
    let (after, fetch) = (page.after.clone(), page.fetch_limit());
    let rows = db::run(&state.pool, move |conn| {
        Ok(events_store::list_events(
            conn,
            query.kind.map(EventKind::as_str),
            query.status.map(EventStatus::as_str),
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
    pub name: String,
    #[validate(length(min = 1, max = 100))]
    pub city: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    #[validate(length(min = 1, max = 200))]
    pub venue: String,
    /// IANA name, e.g. `Asia/Bangkok`.
    pub time_zone: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// Defaults to `open`.
    pub status: Option<EventStatus>,
    /// Length of a meeting slot, 5–240 minutes (default 20).
    #[validate(range(min = 5, max = 240))]
    pub slot_minutes: Option<i32>,
    #[validate(range(min = 1, max = 1000))]
    pub max_meetings_per_buyer: Option<i32>,
    #[validate(range(min = 1, max = 1000))]
    pub max_meetings_per_company: Option<i32>,
    /// Whether companies must accept requests (default true); otherwise they are accepted
    /// on arrival.
    pub requires_acceptance: Option<bool>,
}

impl EventSettings {
    fn check(&self) -> Result<(), ApiError> {
        let mut errors = Vec::new();
        if !crate::codes::is_country_code(&self.country) {
            errors.push(FieldError::new(
                "country",
                "must be an ISO 3166-1 alpha-2 code in upper case, e.g. TH",
            ));
        }
        if let Err(e) = slots::parse_time_zone(&self.time_zone) {
            errors.push(FieldError::new("time_zone", e.message));
        }
        if self.ends_on < self.starts_on {
            errors.push(FieldError::new("ends_on", "must not be before starts_on"));
        }
        validate::finish(errors)
    }
}

/// Create an event (desk).
#[utoipa::path(
    tag = "events",
    security(("bearer" = [])),
    request_body = EventSettings,
    responses(
        (status = 201, description = "Created", body = EventView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the desk", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/events")]
pub async fn create_event(
    user: AuthUser,
    state: web::Data<AppState>,
    JsonBody(body): JsonBody<EventSettings>,
) -> Result<HttpResponse, ApiError> {
    policy::require_desk(&user)?;
    body.check()?;
    let now = db::now();
    let row = EventRow {
        id: db::new_id(),
        kind: body.kind.as_str().to_owned(),
        name: body.name.trim().to_owned(),
        city: body.city.trim().to_owned(),
        country: body.country,
        venue: body.venue.trim().to_owned(),
        time_zone: body.time_zone,
        starts_on: body.starts_on,
        ends_on: body.ends_on,
        status: body.status.unwrap_or(EventStatus::Open).as_str().to_owned(),
        slot_minutes: body.slot_minutes.unwrap_or(20),
        max_meetings_per_buyer: body.max_meetings_per_buyer,
        max_meetings_per_company: body.max_meetings_per_company,
        requires_acceptance: body.requires_acceptance.unwrap_or(true),
        created_at: now,
        updated_at: now,
    };
    let saved = row.clone();
    db::write(&state.pool, move |conn| {
        Ok(events_store::insert_event(conn, &saved)?)
    })
    .await?;
    Ok(HttpResponse::Created().json(row.view()?))
}

async fn load_event(state: &AppState, id: Uuid) -> Result<EventRow, ApiError> {
    let key = id.to_string();
    db::run(&state.pool, move |conn| {
        Ok(events_store::find_event(conn, &key)?)
    })
    .await
}

/// One event.
#[utoipa::path(
    tag = "events",
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

/// Replace an event's settings (desk). Slots already generated keep their times.
#[utoipa::path(
    tag = "events",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Event id")),
    request_body = EventSettings,
    responses(
        (status = 200, description = "Updated", body = EventView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the desk", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such event", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/events/{id}")]
pub async fn update_event(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    JsonBody(body): JsonBody<EventSettings>,
) -> Result<web::Json<EventView>, ApiError> {
    policy::require_desk(&user)?;
    body.check()?;
    let mut row = load_event(&state, path.into_inner()).await?;
    row.kind = body.kind.as_str().to_owned();
    row.name = body.name.trim().to_owned();
    row.city = body.city.trim().to_owned();
    row.country = body.country;
    row.venue = body.venue.trim().to_owned();
    row.time_zone = body.time_zone;
    row.starts_on = body.starts_on;
    row.ends_on = body.ends_on;
    if let Some(status) = body.status {
        row.status = status.as_str().to_owned();
    }
    row.slot_minutes = body.slot_minutes.unwrap_or(row.slot_minutes);
    row.max_meetings_per_buyer = body.max_meetings_per_buyer;
    row.max_meetings_per_company = body.max_meetings_per_company;
    row.requires_acceptance = body.requires_acceptance.unwrap_or(row.requires_acceptance);
    row.updated_at = db::now();
    let saved = row.clone();
    db::write(&state.pool, move |conn| {
        Ok(events_store::save_event(conn, &saved)?)
    })
    .await?;
    Ok(web::Json(row.view()?))
}

/// The companies exhibiting at an event.
#[utoipa::path(
    tag = "events",
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
        .map(|(id, name_ja, name_en)| {
            Ok(CompanyBrief {
                id: parse_id(&id)?,
                name_ja,
                name_en,
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

/// Add an approved company to a trade fair's exhibitors (desk).
#[utoipa::path(
    tag = "events",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Event id")),
    request_body = NewExhibitor,
    responses(
        (status = 201, description = "Added", body = CompanyBrief),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the desk", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such event", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already exhibiting", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No such approved company, or not a trade fair", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/events/{id}/exhibitors")]
pub async fn add_exhibitor(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    JsonBody(body): JsonBody<NewExhibitor>,
) -> Result<HttpResponse, ApiError> {
    policy::require_desk(&user)?;
    let key = path.into_inner().to_string();
    let brief = db::write(&state.pool, move |conn| {
        let event = events_store::find_event(conn, &key)?;
        if event.kind()? != EventKind::TradeFair {
            return Err(ApiError::invalid(
                "company_id",
                "only trade fairs have exhibitors",
            ));
        }
        let company = find_company(conn, &body.company_id.to_string())
            .optional()?
            .filter(|c| c.status == CompanyStatus::Approved)
            .ok_or_else(|| ApiError::invalid("company_id", "is not an approved company"))?;
        events_store::add_exhibitor(conn, &key, &company.id, db::now()).map_err(|e| {
            match ApiError::from(e) {
                ApiError::Conflict(_) => {
                    ApiError::Conflict("the company is already exhibiting".into())
                }
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

/// A meeting slot, in UTC and on the event's wall clock.
#[derive(Debug, Serialize, ToSchema)]
pub struct SlotView {
    pub id: Uuid,
    pub starts_at: chrono::DateTime<chrono::Utc>,
    pub ends_at: chrono::DateTime<chrono::Utc>,
    /// Local time at the venue, e.g. `2026-12-01T10:00:00+07:00`.
    pub local_start: String,
    pub local_end: String,
}

fn slot_view(slot: &SlotRow, zone: chrono_tz::Tz) -> Result<SlotView, ApiError> {
    let starts_at = slot.starts_at.and_utc();
    let ends_at = slot.ends_at.and_utc();
    Ok(SlotView {
        id: parse_id(&slot.id)?,
        starts_at,
        ends_at,
        local_start: starts_at.with_timezone(&zone).to_rfc3339(),
        local_end: ends_at.with_timezone(&zone).to_rfc3339(),
    })
}

/// A trade fair's slots, in time order.
#[utoipa::path(
    tag = "events",
    params(("id" = Uuid, Path, description = "Event id")),
    responses(
        (status = 200, description = "Slots", body = Vec<SlotView>),
        (status = 404, description = "No such event", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/events/{id}/slots")]
pub async fn list_slots(
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
) -> Result<web::Json<Vec<SlotView>>, ApiError> {
    let key = path.into_inner().to_string();
    let (event, rows) = db::run(&state.pool, move |conn| {
        Ok((
            events_store::find_event(conn, &key)?,
            events_store::list_slots(conn, &key)?,
        ))
    })
    .await?;
    let zone = event.zone()?;
    Ok(web::Json(
        rows.iter()
            .map(|s| slot_view(s, zone))
            .collect::<Result<_, _>>()?,
    ))
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BreakWindow {
    #[schema(value_type = String, example = "12:00")]
    pub start: NaiveTime,
    #[schema(value_type = String, example = "13:00")]
    pub end: NaiveTime,
}

/// One day of meetings in the event's local time.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DayWindowInput {
    pub date: NaiveDate,
    #[schema(value_type = String, example = "10:00")]
    pub start: NaiveTime,
    #[schema(value_type = String, example = "17:00")]
    pub end: NaiveTime,
    #[serde(default)]
    pub breaks: Vec<BreakWindow>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SlotGeneration {
    /// 1 to 31 days.
    pub days: Vec<DayWindowInput>,
}

/// Cut slots from day windows in the event's time zone, `slot_minutes` long (desk).
#[utoipa::path(
    tag = "events",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Event id")),
    request_body = SlotGeneration,
    responses(
        (status = 201, description = "The event's slots after generation", body = Vec<SlotView>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the desk", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such event", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A slot at one of these times exists already", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid windows", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/events/{id}/slots")]
pub async fn generate_slots(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    JsonBody(body): JsonBody<SlotGeneration>,
) -> Result<HttpResponse, ApiError> {
    policy::require_desk(&user)?;
    if body.days.is_empty() || body.days.len() > 31 {
        return Err(ApiError::invalid("days", "must list 1 to 31 days"));
    }
    let event = load_event(&state, path.into_inner()).await?;
    let zone = event.zone()?;
    let windows: Vec<DayWindow> = body
        .days
        .iter()
        .map(|d| DayWindow {
            date: d.date,
            start: d.start,
            end: d.end,
            breaks: d
                .breaks
                .iter()
                .map(|b| Break {
                    start: b.start,
                    end: b.end,
                })
                .collect(),
        })
        .collect();
    let minutes = u32::try_from(event.slot_minutes).unwrap_or(0);
    let generated = slots::generate_slots(zone, &windows, minutes)
        .map_err(|e| ApiError::invalid(e.field.replacen("windows", "days", 1), e.message))?;
    let event_id = event.id.clone();
    let rows = db::write(&state.pool, move |conn| {
        for slot in &generated {
            let row = SlotRow {
                id: db::new_id(),
                event_id: event_id.clone(),
                starts_at: slot.starts_at.naive_utc(),
                ends_at: slot.ends_at.naive_utc(),
            };
            events_store::insert_slot(conn, &row).map_err(|e| match ApiError::from(e) {
                ApiError::Conflict(_) => ApiError::Conflict(format!(
                    "a slot starting at {} exists already",
                    slot.starts_at
                )),
                other => other,
            })?;
        }
        Ok(events_store::list_slots(conn, &event_id)?)
    })
    .await?;
    let views: Vec<SlotView> = rows
        .iter()
        .map(|s| slot_view(s, zone))
        .collect::<Result<_, _>>()?;
    Ok(HttpResponse::Created().json(views))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TableView {
    pub id: Uuid,
    pub label: String,
}

/// A trade fair's tables.
#[utoipa::path(
    tag = "events",
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
    pub labels: Vec<String>,
}

/// Add tables to a trade fair (desk).
#[utoipa::path(
    tag = "events",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Event id")),
    request_body = NewTables,
    responses(
        (status = 201, description = "The event's tables after adding", body = Vec<TableView>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
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
    policy::require_desk(&user)?;
    let mut errors = validate::short_list("labels", &body.labels, 500, 50);
    if body.labels.is_empty() {
        errors.push(FieldError::new("labels", "must name at least one table"));
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
                ApiError::Conflict(_) => {
                    ApiError::Conflict(format!("table {label:?} exists already"))
                }
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

#[derive(Debug, Serialize, ToSchema)]
pub struct InterpreterView {
    pub id: Uuid,
    pub name: String,
    /// ISO 639-1 codes.
    pub languages: Vec<String>,
}

fn interpreter_view(row: InterpreterRow) -> Result<InterpreterView, ApiError> {
    Ok(InterpreterView {
        id: parse_id(&row.id)?,
        languages: decode_list(&row.languages)?,
        name: row.name,
    })
}

/// A trade fair's interpreters (desk).
#[utoipa::path(
    tag = "events",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Event id")),
    responses(
        (status = 200, description = "Interpreters", body = Vec<InterpreterView>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the desk", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such event", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/events/{id}/interpreters")]
pub async fn list_interpreters(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
) -> Result<web::Json<Vec<InterpreterView>>, ApiError> {
    policy::require_desk(&user)?;
    let key = path.into_inner().to_string();
    let rows = db::run(&state.pool, move |conn| {
        events_store::find_event(conn, &key)?;
        Ok(events_store::list_interpreters(conn, &key)?)
    })
    .await?;
    Ok(web::Json(
        rows.into_iter()
            .map(interpreter_view)
            .collect::<Result<_, _>>()?,
    ))
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewInterpreter {
    #[validate(length(min = 1, max = 100))]
    pub name: String,
    /// ISO 639-1 codes, at least two.
    pub languages: Vec<String>,
}

/// Add an interpreter to a trade fair (desk).
#[utoipa::path(
    tag = "events",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Event id")),
    request_body = NewInterpreter,
    responses(
        (status = 201, description = "Added", body = InterpreterView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the desk", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such event", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/events/{id}/interpreters")]
pub async fn add_interpreter(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    JsonBody(body): JsonBody<NewInterpreter>,
) -> Result<HttpResponse, ApiError> {
    policy::require_desk(&user)?;
    let mut errors = validate::language_codes("languages", &body.languages);
    if body.languages.len() < 2 {
        errors.push(FieldError::new(
            "languages",
            "an interpreter speaks at least two languages",
        ));
    }
    validate::finish(errors)?;
    let key = path.into_inner().to_string();
    let row = db::write(&state.pool, move |conn| {
        events_store::find_event(conn, &key)?;
        let row = InterpreterRow {
            id: db::new_id(),
            event_id: key.clone(),
            name: body.name.trim().to_owned(),
            languages: encode_list(&body.languages),
        };
        events_store::insert_interpreter(conn, &row)?;
        Ok(row)
    })
    .await?;
    Ok(HttpResponse::Created().json(interpreter_view(row)?))
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PartyQuery {
    pub company_id: Option<Uuid>,
    pub buyer_id: Option<Uuid>,
}

/// Which party an availability request is about, checked against the caller.
fn party_for(
    user: &AuthUser,
    company_id: Option<Uuid>,
    buyer_id: Option<Uuid>,
) -> Result<Party, ApiError> {
    match (company_id, buyer_id) {
        (Some(company), None) => {
            if policy::can_edit_company(user, &company) {
                Ok(Party::Company(company.to_string()))
            } else {
                Err(ApiError::NotFound)
            }
        }
        (None, Some(buyer)) => {
            if policy::can_manage_buyer(user, &buyer) {
                Ok(Party::Buyer(buyer.to_string()))
            } else {
                Err(ApiError::NotFound)
            }
        }
        _ => Err(ApiError::invalid(
            "company_id",
            "name exactly one of company_id and buyer_id",
        )),
    }
}

#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Availability {
    pub company_id: Option<Uuid>,
    pub buyer_id: Option<Uuid>,
    /// The slots the company or buyer cannot attend.
    pub blocked_slot_ids: Vec<Uuid>,
}

/// The slots a company or buyer has blocked (its members or the desk).
#[utoipa::path(
    tag = "events",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Event id"), PartyQuery),
    responses(
        (status = 200, description = "Blocked slots", body = Availability),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such event, or not your company or organisation", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Name exactly one of company_id and buyer_id", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/events/{id}/availability")]
pub async fn get_availability(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    Query(query): Query<PartyQuery>,
) -> Result<web::Json<Availability>, ApiError> {
    let party = party_for(&user, query.company_id, query.buyer_id)?;
    let key = path.into_inner().to_string();
    let blocked = db::run(&state.pool, move |conn| {
        events_store::find_event(conn, &key)?;
        Ok(events_store::blocked_slots(conn, &key, &party)?)
    })
    .await?;
    Ok(web::Json(Availability {
        company_id: query.company_id,
        buyer_id: query.buyer_id,
        blocked_slot_ids: blocked
            .iter()
            .map(|s| parse_id(s))
            .collect::<Result<_, _>>()?,
    }))
}

/// Replace the slots a company or buyer cannot attend (its members or the desk). Slots
/// already holding one of its meetings cannot be blocked.
#[utoipa::path(
    tag = "events",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Event id")),
    request_body = Availability,
    responses(
        (status = 200, description = "Blocked slots now", body = Availability),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such event, or not your company or organisation", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A slot to block holds one of its meetings", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields (e.g. a slot of another event)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/events/{id}/availability")]
pub async fn set_availability(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    JsonBody(body): JsonBody<Availability>,
) -> Result<web::Json<Availability>, ApiError> {
    let party = party_for(&user, body.company_id, body.buyer_id)?;
    let key = path.into_inner().to_string();
    let mut wanted: Vec<String> = body.blocked_slot_ids.iter().map(Uuid::to_string).collect();
    wanted.sort();
    wanted.dedup();
    let saved = wanted.clone();
    db::write(&state.pool, move |conn| {
        events_store::find_event(conn, &key)?;
        let slots: Vec<String> = events_store::list_slots(conn, &key)?
            .into_iter()
            .map(|s| s.id)
            .collect();
        if let Some(stranger) = saved.iter().find(|s| !slots.contains(s)) {
            return Err(ApiError::invalid(
                "blocked_slot_ids",
                format!("{stranger} is not a slot of this event"),
            ));
        }
        let booked = booked_slots(conn, &key, &party)?;
        if let Some(slot) = saved.iter().find(|s| booked.contains(s)) {
            return Err(ApiError::Conflict(format!(
                "slot {slot} holds a scheduled meeting; cancel it first"
            )));
        }
        Ok(events_store::replace_blocks(conn, &key, &party, &saved)?)
    })
    .await?;
    Ok(web::Json(Availability {
        company_id: body.company_id,
        buyer_id: body.buyer_id,
        blocked_slot_ids: wanted
            .iter()
            .map(|s| parse_id(s))
            .collect::<Result<_, _>>()?,
    }))
}

fn booked_slots(conn: &mut DbConn, event_id: &str, party: &Party) -> Result<Vec<String>, ApiError> {
    let placed = crate::meetings::store::placed(conn, event_id)?;
    Ok(placed
        .into_iter()
        .filter(|m| match party {
            Party::Company(id) => &m.company_id == id,
            Party::Buyer(id) => &m.buyer_id == id,
        })
        .filter_map(|m| m.slot_id)
        .collect())
}

use diesel::OptionalExtension;
