//! `GET /events/{id}/agenda`: a company's, buyer's, table's or interpreter's timetable at an
//! event, as JSON or iCalendar.

use actix_web::http::header;
use actix_web::{get, web, HttpRequest, HttpResponse};
use chrono::{DateTime, Duration, NaiveTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use crate::auth::{policy, AuthUser, Role};
use crate::capabilities::CompanyBrief;
use crate::db;
use crate::download::Download;
use crate::error::{ApiError, Problem};
use crate::events::store::{self as events_store, EventRow};
use crate::extract::Query;
use crate::i18n::Msg;
use crate::meetings::lifecycle::MeetingStatus;
use crate::meetings::store::{self as meetings_store, MeetingDetail, MeetingFilter};
use crate::meetings::venue::MeetingMode;
use crate::meetings::{BuyerBrief, MeetingView};
use crate::vtimezone;
use crate::AppState;

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AgendaQuery {
    pub company_id: Option<Uuid>,
    pub buyer_id: Option<Uuid>,
    pub table_id: Option<Uuid>,
    pub interpreter_id: Option<Uuid>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AgendaItem {
    pub meeting_id: Uuid,
    pub status: MeetingStatus,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// On the venue's clock, e.g. `2026-12-01T10:00:00+07:00`.
    pub local_start: String,
    pub local_end: String,
    pub mode: MeetingMode,
    /// The table's label on site; none online.
    pub table: Option<String>,
    /// The link of an online meeting.
    pub join_url: Option<String>,
    pub company: CompanyBrief,
    pub buyer: BuyerBrief,
    pub interpreter: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Agenda {
    pub event_id: Uuid,
    pub event_name: String,
    pub time_zone: String,
    pub items: Vec<AgendaItem>,
}

fn agenda_filter(
    user: &AuthUser,
    event_id: &str,
    query: &AgendaQuery,
) -> Result<MeetingFilter, ApiError> {
    let everything = policy::is_desk(user) || user.role == Role::Reviewer;
    let mut filter = MeetingFilter {
        event_id: Some(event_id.to_owned()),
        statuses: Some(MeetingStatus::HOLDING_PLACE.to_vec()),
        // A scoped desk or reviewer sees its own municipality's companies' meetings only.
        municipality_id: policy::municipality_scope(user).map(Uuid::to_string),
        ..MeetingFilter::default()
    };
    match (
        query.company_id,
        query.buyer_id,
        query.table_id,
        query.interpreter_id,
    ) {
        (Some(company), None, None, None) => {
            if !(everything || policy::is_company_member(user, &company)) {
                return Err(ApiError::NotFound);
            }
            filter.company_id = Some(company.to_string());
        }
        (None, Some(buyer), None, None) => {
            if !(everything || policy::can_manage_buyer(user, &buyer)) {
                return Err(ApiError::NotFound);
            }
            filter.buyer_id = Some(buyer.to_string());
        }
        (None, None, Some(table), None) if everything => filter.table_id = Some(table.to_string()),
        (None, None, None, Some(interpreter)) if everything => {
            filter.interpreter_id = Some(interpreter.to_string())
        }
        (None, None, Some(_), None) | (None, None, None, Some(_)) => {
            return Err(ApiError::Forbidden(Msg::DeskAgendas))
        }
        _ => return Err(ApiError::invalid("company_id", Msg::OneAgendaFilter)),
    }
    Ok(filter)
}

fn agenda_items(rows: &[MeetingDetail], zone: chrono_tz::Tz) -> Result<Vec<AgendaItem>, ApiError> {
    rows.iter()
        .filter_map(|row| {
            let view = row.view(None);
            match view {
                Ok(MeetingView {
                    placement: Some(place),
                    id,
                    status,
                    company,
                    buyer,
                    ..
                }) => Some(Ok(AgendaItem {
                    meeting_id: id,
                    status,
                    local_start: place.starts_at.with_timezone(&zone).to_rfc3339(),
                    local_end: place.ends_at.with_timezone(&zone).to_rfc3339(),
                    starts_at: place.starts_at,
                    ends_at: place.ends_at,
                    mode: place.mode,
                    table: place.table,
                    join_url: place.join_url,
                    company,
                    buyer,
                    interpreter: place.interpreter,
                })),
                Ok(_) => None,
                Err(e) => Some(Err(e)),
            }
        })
        .collect()
}

/// The span the agenda's `VTIMEZONE` must cover: the event's days and every meeting in it.
fn calendar_span(event: &EventRow, items: &[AgendaItem]) -> (DateTime<Utc>, DateTime<Utc>) {
    let first_day = event.starts_on.and_time(NaiveTime::MIN).and_utc() - Duration::days(1);
    let last_day = event.ends_on.and_time(NaiveTime::MIN).and_utc() + Duration::days(2);
    items
        .iter()
        .fold((first_day, last_day), |(from, until), item| {
            (from.min(item.starts_at), until.max(item.ends_at))
        })
}

/// The agenda as an iCalendar file: times on the venue's clock (`TZID`), with the zone's
/// `VTIMEZONE` from the tz database, so that every client places them right (see
/// `vtimezone`). The icalendar crate writes no `VTIMEZONE`, so the file is put together
/// here: the calendar's properties, the zone, then the events.
fn icalendar(event: &EventRow, items: &[AgendaItem]) -> Result<String, ApiError> {
    use icalendar::{Calendar, CalendarDateTime, Component, Event, EventLike};
    let zone = event.zone()?;
    let header = Calendar::new()
        .name(&event.name)
        .timezone(event.time_zone.as_str())
        .done()
        .to_string();
    let mut text = header
        .strip_suffix("END:VCALENDAR\r\n")
        .ok_or_else(|| ApiError::internal("unexpected end of an iCalendar header"))?
        .to_owned();
    let (from, until) = calendar_span(event, items);
    text.push_str(&vtimezone::vtimezone(zone, from, until));
    for item in items {
        let local = |t: DateTime<Utc>| CalendarDateTime::WithTimezone {
            date_time: t.with_timezone(&zone).naive_local(),
            tzid: zone.name().to_owned(),
        };
        let interpreter = item
            .interpreter
            .as_deref()
            .map(|i| format!("\nInterpreter: {i}"))
            .unwrap_or_default();
        let mut vevent = Event::new();
        match &item.join_url {
            Some(link) => vevent.location(link).url(link),
            None => vevent.location(&format!(
                "{}, table {}",
                event.venue,
                item.table.as_deref().unwrap_or("-")
            )),
        };
        let vevent = vevent
            .uid(&format!("{}@sagamihara-match", item.meeting_id))
            .summary(&format!("{} × {}", item.company.name_en, item.buyer.name))
            .description(&format!(
                "{} / {}\nBuyer: {} ({}){interpreter}",
                item.company.name_ja, item.company.name_en, item.buyer.name, item.buyer.country
            ))
            .starts(local(item.starts_at))
            .ends(local(item.ends_at))
            .done();
        text.push_str(
            &vevent
                .try_into_string()
                .map_err(|e| ApiError::internal(e.to_string()))?,
        );
    }
    text.push_str("END:VCALENDAR\r\n");
    Ok(text)
}

/// Get a timetable at an event
///
/// A company's, buyer's, table's or interpreter's meetings, as JSON or, with
/// `Accept: text/calendar`, as an iCalendar file in the event's time zone. Companies and
/// buyers read their own; the desk and reviewers read any.
#[utoipa::path(
    tag = "events",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Event id"), AgendaQuery),
    responses(
        (status = 200, description = "The agenda", content(
            (Agenda = "application/json"),
            (inline(Download) = "text/calendar")
        )),
        (status = 403, description = "Table and interpreter agendas are the desk's", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such event, or not your company or organisation", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Business rule: name exactly one of `company_id`, `buyer_id`, `table_id` and `interpreter_id`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/events/{id}/agenda")]
pub async fn get_agenda(
    req: HttpRequest,
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    Query(query): Query<AgendaQuery>,
) -> Result<HttpResponse, ApiError> {
    let event_id = path.into_inner();
    let key = event_id.to_string();
    let filter = agenda_filter(&user, &key, &query)?;
    let (event, rows) = db::run(&state.pool, move |conn| {
        Ok((
            events_store::find_event(conn, &key)?,
            meetings_store::timetable(conn, &filter)?,
        ))
    })
    .await?;
    let items = agenda_items(&rows, event.zone()?)?;
    let wants_calendar = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/calendar"));
    if wants_calendar {
        return Ok(HttpResponse::Ok()
            .content_type("text/calendar; charset=utf-8")
            .insert_header((
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"agenda.ics\"",
            ))
            .body(icalendar(&event, &items)?));
    }
    Ok(HttpResponse::Ok().json(Agenda {
        event_id,
        event_name: event.name.clone(),
        time_zone: event.time_zone.clone(),
        items,
    }))
}
