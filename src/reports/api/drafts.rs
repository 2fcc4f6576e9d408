//! `/reports/{fiscal_year}`: a fiscal year's report, opened by an admin and read by admins
//! and the council's reviewers, its content counted from the records whenever it is read.

use actix_web::{get, post, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::{check_year, year_key, ReportVersionView};
use crate::audit::{self, Entity};
use crate::auth::{policy, AuthUser};
use crate::db::{self, parse_id, DbConn};
use crate::error::{ApiError, Problem};
use crate::i18n::Msg;
use crate::reports::content::{self, ReportContent};
use crate::reports::store::{self, ReportDraftRow};
use crate::reports::versions;
use crate::AppState;

/// A fiscal year's report as it stands: the draft of the next version, counted now, and
/// the versions published so far.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportDraftView {
    pub fiscal_year: i32,
    pub opened_by: Uuid,
    pub opened_at: DateTime<Utc>,
    /// The version publishing (or correcting) would make.
    pub next_version: i32,
    /// What that version would hold if published now, with the opinions signed for it.
    pub draft: ReportContent,
    /// The published versions, oldest first.
    pub versions: Vec<ReportVersionView>,
}

/// The draft of `fiscal_year` (404 when none is open).
fn draft_view(conn: &mut DbConn, fiscal_year: i32) -> Result<ReportDraftView, ApiError> {
    let row = store::find_draft(conn, fiscal_year)?;
    let published = store::versions(conn, fiscal_year)?;
    let next_version = versions::of_draft(published.last().map(|v| v.version));
    Ok(ReportDraftView {
        fiscal_year,
        opened_by: parse_id(&row.opened_by)?,
        opened_at: row.opened_at.and_utc(),
        next_version,
        draft: content::count(conn, fiscal_year, next_version, db::now(), None)?,
        versions: published.iter().map(ReportVersionView::from).collect(),
    })
}

/// Opens the report of `fiscal_year` (409 when it is open already), audited.
fn open(conn: &mut DbConn, user: &AuthUser, fiscal_year: i32) -> Result<ReportDraftView, ApiError> {
    match store::find_draft(conn, fiscal_year) {
        Ok(_) => return Err(ApiError::Conflict(Msg::ReportOpenAlready)),
        Err(diesel::result::Error::NotFound) => {}
        Err(other) => return Err(other.into()),
    }
    let now = db::now();
    store::insert_draft(
        conn,
        &ReportDraftRow {
            fiscal_year,
            opened_by: user.id.to_string(),
            opened_at: now,
            changed_at: now,
        },
    )?;
    audit::Change::new(user.id, "open", Entity::Report, &year_key(fiscal_year))
        .after(&serde_json::json!({ "fiscal_year": fiscal_year }))
        .record(conn)?;
    draft_view(conn, fiscal_year)
}

/// Open a fiscal year's report
///
/// Opens the draft of the council's yearly report for a fiscal year. Its content is counted
/// from the records whenever it is read, until it is published. Admins; audited.
#[utoipa::path(
    tag = "reports",
    security(("bearer" = [])),
    params(("fiscal_year" = i32, Path, description = "Fiscal year (April to March, Japan time)", minimum = 2000, maximum = 2100)),
    responses(
        (status = 201, description = "The draft, counted now", body = ReportDraftView),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not a fiscal year", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The year's report is open already", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Out of range", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/reports/{fiscal_year}")]
pub async fn open_report(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<i32>,
) -> Result<HttpResponse, ApiError> {
    policy::manage_reports(&user)?;
    let year = check_year(path.into_inner())?;
    let view = db::write(&state.pool, move |conn| open(conn, &user, year)).await?;
    Ok(HttpResponse::Created().json(view))
}

/// Get a fiscal year's report draft
///
/// The draft of the next version, counted from the records now, with the opinions signed
/// for it, and the versions published so far. Admins and reviewers.
#[utoipa::path(
    tag = "reports",
    security(("bearer" = [])),
    params(("fiscal_year" = i32, Path, description = "Fiscal year (April to March, Japan time)", minimum = 2000, maximum = 2100)),
    responses(
        (status = 200, description = "The draft and the versions", body = ReportDraftView),
        (status = 403, description = "Not an admin or a reviewer", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No report is open for the year", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Out of range", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/reports/{fiscal_year}")]
pub async fn get_report(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<i32>,
) -> Result<web::Json<ReportDraftView>, ApiError> {
    policy::read_report_drafts(&user)?;
    let year = check_year(path.into_inner())?;
    let view = db::run(&state.pool, move |conn| draft_view(conn, year)).await?;
    Ok(web::Json(view))
}
