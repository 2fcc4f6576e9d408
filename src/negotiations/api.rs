//! `/meetings/{id}/negotiation…` and `/negotiations`: outcomes, reports, confirmation and
//! follow-up contacts. Reviewers see negotiations only in aggregate, through `/kpi`.

use actix_web::{get, post, put, web, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::store::{self as store, ContactRow, NegotiationRow, ReportRow};
use super::{NegotiationStatus, NegotiationView, Outcome, Side};
use crate::audit::{self, Entity};
use crate::auth::{AuthUser, Role};
use crate::db::parse_id;
use crate::db::{self, DbConn};
use crate::error::{ApiError, Problem};
use crate::extract::{JsonBody, Query};
use crate::japan;
use crate::meetings::lifecycle::Side as MeetingSide;
use crate::meetings::store::find_meeting;
use crate::paging::{Page, PageRequest};
use crate::AppState;

/// The outcome a request body states (both request types carry the same fields).
macro_rules! outcome_of {
    ($body:expr) => {
        Outcome {
            status: $body.status,
            amount_minor: $body.amount_minor,
            currency: $body.currency.clone(),
            exchange_rate: $body.exchange_rate.clone(),
            amount_jpy: $body.amount_jpy,
            closed_on: $body.closed_on,
        }
    };
}

/// Report the outcome for one side (the company's or buyer's members, or the desk for
/// either). Until the desk confirms one, the KPIs count the company's latest report.
#[utoipa::path(
    tag = "negotiations",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Meeting id")),
    request_body = NewReport,
    responses(
        (status = 201, description = "The negotiation with the new report", body = NegotiationView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Reporting for the other side", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such meeting, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The meeting has not been held", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/meetings/{id}/negotiation/reports")]
pub async fn report_outcome(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    JsonBody(body): JsonBody<NewReport>,
) -> Result<HttpResponse, ApiError> {
    let outcome = outcome_of!(body).settle(japan::today())?;
    let key = path.into_inner().to_string();
    let view = db::write(&state.pool, move |conn| {
        let side = match (negotiation_side(conn, &user, &key)?, body.side) {
            (MeetingSide::Company, None | Some(Side::Company)) => Side::Company,
            (MeetingSide::Buyer, None | Some(Side::Buyer)) => Side::Buyer,
            (MeetingSide::Desk, Some(side)) => side,
            (MeetingSide::Desk, None) => {
                return Err(ApiError::invalid(
                    "side",
                    "the desk names the side it reports for",
                ))
            }
            _ => return Err(ApiError::Forbidden("each side reports for itself".into())),
        };
        let mut row = negotiation_of(conn, &key)?;
        let before = row.clone();
        let report = ReportRow {
            id: db::new_id(),
            meeting_id: key.clone(),
            side: <&'static str>::from(side).to_owned(),
            status: outcome.status.as_str().to_owned(),
            amount_minor: outcome.amount_minor,
            currency: outcome.currency.clone(),
            exchange_rate: outcome.exchange_rate.clone(),
            amount_jpy: outcome.amount_jpy,
            closed_on: outcome.closed_on,
            reported_by: user.id.to_string(),
            created_at: db::now(),
        };
        store::insert_report(conn, &report)?;
        store::refresh_effective(conn, &mut row)?;
        let actor = user.id.to_string();
        audit::Change::new(&actor, "report", Entity::NegotiationReport, &report.id)
            .after(&report)
            .record(conn)?;
        audit::Change::new(&actor, "report", Entity::Negotiation, &row.meeting_id)
            .before(&before)
            .after(&row)
            .record(conn)?;
        view(conn, &row)
    })
    .await?;
    Ok(HttpResponse::Created().json(view))
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Confirmation {
    pub report_id: Uuid,
}

/// Confirm one report as the outcome (the desk). The record takes the report's values and
/// the KPIs count it from now on.
#[utoipa::path(
    tag = "negotiations",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Meeting id")),
    request_body = Confirmation,
    responses(
        (status = 200, description = "The negotiation", body = NegotiationView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only the desk confirms", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such meeting, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The meeting has not been held", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a report of this meeting", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/meetings/{id}/negotiation/confirm")]
pub async fn confirm_report(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    JsonBody(body): JsonBody<Confirmation>,
) -> Result<web::Json<NegotiationView>, ApiError> {
    let key = path.into_inner().to_string();
    let view = db::write(&state.pool, move |conn| {
        if negotiation_side(conn, &user, &key)? != MeetingSide::Desk {
            return Err(ApiError::Forbidden(
                "only the desk confirms an outcome".into(),
            ));
        }
        let mut row = negotiation_of(conn, &key)?;
        let before = row.clone();
        let report_id = body.report_id.to_string();
        let report = store::reports(conn, &key)?
            .into_iter()
            .find(|r| r.id == report_id)
            .ok_or_else(|| ApiError::invalid("report_id", "is not a report of this meeting"))?;
        row.status = report.status.clone();
        row.amount_minor = report.amount_minor;
        row.currency = report.currency.clone();
        row.exchange_rate = report.exchange_rate.clone();
        row.amount_jpy = report.amount_jpy;
        row.closed_on = report.closed_on;
        row.confirmed_report_id = Some(report.id.clone());
        row.updated_at = db::now();
        store::refresh_effective(conn, &mut row)?;
        audit::Change::new(user.id, "confirm", Entity::Negotiation, &row.meeting_id)
            .before(&before)
            .after(&row)
            .record(conn)?;
        view(conn, &row)
    })
    .await?;
    Ok(web::Json(view))
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema, strum::IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Channel {
    Email,
    Phone,
    Video,
    Visit,
    Other,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewContact {
    pub contacted_on: NaiveDate,
    pub channel: Channel,
    #[validate(length(min = 1, max = 2000))]
    pub summary: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ContactView {
    pub id: Uuid,
    pub contacted_on: NaiveDate,
    pub channel: String,
    pub summary: String,
    pub recorded_by: Uuid,
    pub recorded_at: DateTime<Utc>,
}

fn contact_view(row: ContactRow) -> Result<ContactView, ApiError> {
    Ok(ContactView {
        id: parse_id(&row.id)?,
        contacted_on: row.contacted_on,
        channel: row.channel,
        summary: row.summary,
        recorded_by: parse_id(&row.recorded_by)?,
        recorded_at: row.created_at.and_utc(),
    })
}

fn contacts_side(conn: &mut DbConn, user: &AuthUser, key: &str) -> Result<(), ApiError> {
    match negotiation_side(conn, user, key)? {
        MeetingSide::Company | MeetingSide::Desk => {
            negotiation_of(conn, key)?;
            Ok(())
        }
        _ => Err(ApiError::Forbidden(
            "the contact log is the company's and the desk's".into(),
        )),
    }
}
/// The caller's side of a meeting's negotiation; reviewers are told to use the aggregates.
fn negotiation_side(
    conn: &mut DbConn,
    user: &AuthUser,
    meeting_id: &str,
) -> Result<MeetingSide, ApiError> {
    let meeting = find_meeting(conn, meeting_id)?;
    match meeting.side_of(user)? {
        None => Err(ApiError::NotFound),
        Some(MeetingSide::Observer) => Err(ApiError::Forbidden(
            "reviewers read negotiations in aggregate, through /kpi".into(),
        )),
        Some(side) => Ok(side),
    }
}

/// The negotiation of a held meeting; a meeting not held has none yet (409).
fn negotiation_of(conn: &mut DbConn, meeting_id: &str) -> Result<NegotiationRow, ApiError> {
    match store::find_negotiation(conn, meeting_id) {
        Ok(row) => Ok(row),
        Err(diesel::result::Error::NotFound) => {
            let meeting = find_meeting(conn, meeting_id)?;
            Err(ApiError::StateConflict {
                detail: "a negotiation starts when the meeting is marked held".into(),
                current_status: meeting.status.as_str().to_owned(),
            })
        }
        Err(e) => Err(e.into()),
    }
}

fn view(conn: &mut DbConn, row: &NegotiationRow) -> Result<NegotiationView, ApiError> {
    let reports = store::reports(conn, &row.meeting_id)?;
    row.view(&reports)
}

/// A held meeting's negotiation: the record, both sides' reports and the counted outcome
/// (both sides and the desk).
#[utoipa::path(
    tag = "negotiations",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Meeting id")),
    responses(
        (status = 200, description = "The negotiation", body = NegotiationView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Reviewers read aggregates only", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such meeting, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The meeting has not been held", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/meetings/{id}/negotiation")]
pub async fn get_negotiation(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
) -> Result<web::Json<NegotiationView>, ApiError> {
    let key = path.into_inner().to_string();
    let view = db::run(&state.pool, move |conn| {
        negotiation_side(conn, &user, &key)?;
        let row = negotiation_of(conn, &key)?;
        view(conn, &row)
    })
    .await?;
    Ok(web::Json(view))
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NegotiationUpdate {
    pub status: NegotiationStatus,
    /// The contract amount in the currency's minor units (cents for USD).
    pub amount_minor: Option<i64>,
    /// ISO 4217, e.g. `USD`.
    pub currency: Option<String>,
    /// Yen per one unit of the currency, as the user states it (e.g. `149.53`). Never looked up.
    pub exchange_rate: Option<String>,
    /// The amount in yen; computed from the rate when left out.
    pub amount_jpy: Option<i64>,
    /// The day the deal was won or lost (Japan time). Required for won and lost.
    pub closed_on: Option<NaiveDate>,
    #[validate(length(max = 5000))]
    pub notes: Option<String>,
}

/// Update the negotiation record (the company's members or the desk). A closed (won or lost)
/// negotiation is corrected only by the desk.
#[utoipa::path(
    tag = "negotiations",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Meeting id")),
    request_body = NegotiationUpdate,
    responses(
        (status = 200, description = "The negotiation", body = NegotiationView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the company or the desk", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such meeting, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not held yet, or closed", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/meetings/{id}/negotiation")]
pub async fn update_negotiation(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    JsonBody(body): JsonBody<NegotiationUpdate>,
) -> Result<web::Json<NegotiationView>, ApiError> {
    let outcome = outcome_of!(body).settle(japan::today())?;
    let key = path.into_inner().to_string();
    let view = db::write(&state.pool, move |conn| {
        let side = negotiation_side(conn, &user, &key)?;
        if !matches!(side, MeetingSide::Company | MeetingSide::Desk) {
            return Err(ApiError::Forbidden(
                "the negotiation record is the company's and the desk's".into(),
            ));
        }
        let before = negotiation_of(conn, &key)?;
        let current: NegotiationStatus = before
            .status
            .parse()
            .map_err(|_| ApiError::internal("status"))?;
        if side == MeetingSide::Company && current.is_closed() && outcome.status != current {
            return Err(ApiError::StateConflict {
                detail: "a closed negotiation is corrected by the desk".into(),
                current_status: before.status.clone(),
            });
        }
        let mut row = before.clone();
        store::apply_outcome(&mut row, &outcome);
        if let Some(notes) = &body.notes {
            row.notes = notes.clone();
        }
        row.updated_at = db::now();
        store::refresh_effective(conn, &mut row)?;
        audit::Change::new(user.id, "update", Entity::Negotiation, &row.meeting_id)
            .before(&before)
            .after(&row)
            .record(conn)?;
        view(conn, &row)
    })
    .await?;
    Ok(web::Json(view))
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewReport {
    /// Whose report; the desk names it, members report for their own side.
    pub side: Option<Side>,
    pub status: NegotiationStatus,
    /// The contract amount in the currency's minor units (cents for USD).
    pub amount_minor: Option<i64>,
    /// ISO 4217, e.g. `USD`.
    pub currency: Option<String>,
    /// Yen per one unit of the currency, as the user states it (e.g. `149.53`). Never looked up.
    pub exchange_rate: Option<String>,
    /// The amount in yen; computed from the rate when left out.
    pub amount_jpy: Option<i64>,
    /// The day the deal was won or lost (Japan time). Required for won and lost.
    pub closed_on: Option<NaiveDate>,
}

/// The follow-up contact log, oldest first (the company's members and the desk).
#[utoipa::path(
    tag = "negotiations",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Meeting id")),
    responses(
        (status = 200, description = "Contacts", body = Vec<ContactView>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the company or the desk", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such meeting, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The meeting has not been held", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/meetings/{id}/negotiation/contacts")]
pub async fn list_contacts(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
) -> Result<web::Json<Vec<ContactView>>, ApiError> {
    let key = path.into_inner().to_string();
    let rows = db::run(&state.pool, move |conn| {
        contacts_side(conn, &user, &key)?;
        Ok(store::contacts(conn, &key)?)
    })
    .await?;
    Ok(web::Json(
        rows.into_iter()
            .map(contact_view)
            .collect::<Result<_, _>>()?,
    ))
}

/// Log a follow-up contact (the company's members and the desk).
#[utoipa::path(
    tag = "negotiations",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Meeting id")),
    request_body = NewContact,
    responses(
        (status = 201, description = "Logged", body = ContactView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the company or the desk", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such meeting, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The meeting has not been held", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/meetings/{id}/negotiation/contacts")]
pub async fn add_contact(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    JsonBody(body): JsonBody<NewContact>,
) -> Result<HttpResponse, ApiError> {
    if body.contacted_on > japan::today() {
        return Err(ApiError::invalid("contacted_on", "cannot be in the future"));
    }
    let key = path.into_inner().to_string();
    let row = db::write(&state.pool, move |conn| {
        contacts_side(conn, &user, &key)?;
        let row = ContactRow {
            id: db::new_id(),
            meeting_id: key.clone(),
            contacted_on: body.contacted_on,
            channel: <&'static str>::from(body.channel).to_owned(),
            summary: body.summary.trim().to_owned(),
            recorded_by: user.id.to_string(),
            created_at: db::now(),
        };
        store::insert_contact(conn, &row)?;
        audit::Change::new(
            &row.recorded_by,
            "create",
            Entity::NegotiationContact,
            &row.id,
        )
        .after(&row)
        .record(conn)?;
        Ok(row)
    })
    .await?;
    Ok(HttpResponse::Created().json(contact_view(row)?))
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NegotiationListQuery {
    pub event_id: Option<Uuid>,
    /// The counted (effective) status.
    pub status: Option<NegotiationStatus>,
    /// Page size, 1–100 (larger values are clamped to 100).
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

/// Negotiations the caller may see: a company's its own, a buyer's its organisation's, the
/// desk all. Reviewers use the KPI aggregates.
#[utoipa::path(
    tag = "negotiations",
    security(("bearer" = [])),
    params(NegotiationListQuery),
    responses(
        (status = 200, description = "One page of negotiations", body = Page<NegotiationView>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Reviewers and candidates", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid parameters", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/negotiations")]
pub async fn list_negotiations(
    user: AuthUser,
    state: web::Data<AppState>,
    Query(query): Query<NegotiationListQuery>,
) -> Result<web::Json<Page<NegotiationView>>, ApiError> {
    let (company, buyer) = match user.role {
        Role::Admin | Role::Desk => (None, None),
        Role::Sme => (
            Some(user.company_id.ok_or_else(ApiError::forbidden)?.to_string()),
            None,
        ),
        Role::Buyer => (
            None,
            Some(user.buyer_id.ok_or_else(ApiError::forbidden)?.to_string()),
        ),
        Role::Reviewer => {
            return Err(ApiError::Forbidden(
                "reviewers read negotiations in aggregate, through /kpi".into(),
            ))
        }
        Role::Candidate => return Err(ApiError::forbidden()),
    };
    let page = PageRequest::new(query.limit, query.cursor.as_deref())?;
    let (after, fetch) = (page.after.clone(), page.fetch_limit());
    let event = query.event_id.map(|e| e.to_string());
    let status = query.status.map(|s| s.as_str());
    let rows = db::run(&state.pool, move |conn| {
        let rows = store::list_negotiations(
            conn,
            company.as_deref(),
            buyer.as_deref(),
            event.as_deref(),
            status,
            after.as_deref(),
            fetch,
        )?;
        // One query for the page's reports, not one per negotiation.
        let ids: Vec<String> = rows.iter().map(|r| r.meeting_id.clone()).collect();
        let mut reports = store::reports_of(conn, &ids)?;
        Ok(rows
            .into_iter()
            .map(|row| {
                let own = reports.remove(&row.meeting_id).unwrap_or_default();
                (row, own)
            })
            .collect::<Vec<_>>())
    })
    .await?;
    Ok(web::Json(Page::from_rows(
        rows,
        &page,
        |(r, _)| r.id.clone(),
        |(r, reports)| r.view(&reports),
    )?))
}
