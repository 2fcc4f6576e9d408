//! `/reports/{fiscal_year}/publish` and `/reports/{fiscal_year}/corrections`: a report frozen
//! as a version. The content is counted from the records at that moment, written in
//! canonical form (`reports::canonical`) with the SHA-256 of those bytes, and never changed
//! again (the database refuses UPDATE and DELETE). A correction is the next version, counted
//! the same way, naming what changed and why; the earlier ones stay as they were. Admins;
//! audited.

use actix_web::{post, web, HttpResponse};
use serde::Deserialize;
use utoipa::ToSchema;
use validator::Validate;

use super::{check_year, year_key, PublishedReportView, ReportVersionView};
use crate::audit::{self, Entity};
use crate::auth::{policy, AuthUser};
use crate::db::{self, DbConn};
use crate::error::{ApiError, Problem};
use crate::extract::JsonBody;
use crate::reports::canonical::{canonical_json, sha256_hex};
use crate::reports::content::{self, Correction};
use crate::reports::store::{self, PublishedReportRow, ReportVersionRow};
use crate::reports::versions;
use crate::AppState;

/// What a correction changes and why: both said, both published with it.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewReportCorrection {
    #[validate(length(min = 1, max = 2000))]
    #[schema(min_length = 1, max_length = 2000)]
    pub what_changed: String,
    #[validate(length(min = 1, max = 2000))]
    #[schema(min_length = 1, max_length = 2000)]
    pub why: String,
}

/// Publishes the next version of `fiscal_year`'s report (a correction when `correction`).
fn publish(
    conn: &mut DbConn,
    user: &AuthUser,
    fiscal_year: i32,
    correction: Option<Correction>,
) -> Result<PublishedReportView, ApiError> {
    let now = db::now();
    store::touch_draft(conn, fiscal_year, now)?;
    let latest = store::latest_version(conn, fiscal_year)?;
    let version = versions::next_published(latest, correction.is_some())?;
    let (what_changed, why) = correction
        .as_ref()
        .map(|c| (c.what_changed.clone(), c.why.clone()))
        .unzip();
    let counted = content::count(conn, fiscal_year, version, now, correction)?;
    let value = serde_json::to_value(&counted)
        .map_err(|e| ApiError::internal(format!("cannot encode a report: {e}")))?;
    let canonical = canonical_json(value);
    let row = PublishedReportRow {
        fiscal_year,
        version,
        sha256: sha256_hex(canonical.as_bytes()),
        content: canonical,
        what_changed,
        why,
        published_at: now,
        published_by: user.id.to_string(),
    };
    // Two publications at once: the second meets the first's primary key (409).
    store::insert_published(conn, &row)?;
    let version_view = ReportVersionView::from(&ReportVersionRow {
        version,
        sha256: row.sha256.clone(),
        what_changed: row.what_changed.clone(),
        why: row.why.clone(),
        published_at: now,
    });
    let action = if version == 1 { "publish" } else { "correct" };
    audit::Change::new(user.id, action, Entity::Report, &year_key(fiscal_year))
        .after(&version_view)
        .record(conn)?;
    PublishedReportView::of(&row)
}

/// Publish a fiscal year's report
///
/// Freezes the draft as version 1: its content is counted from the records now, with the
/// reviewers' signed opinions, and kept as its canonical JSON (the keys of every object
/// sorted by their UTF-8 bytes, no insignificant whitespace, strings and numbers as
/// serde_json writes them) with the lower-case hex SHA-256 of exactly those bytes. The
/// database refuses any change or deletion of a published version. A year published already
/// takes a correction instead (409). Admins; audited.
#[utoipa::path(
    tag = "reports",
    security(("bearer" = [])),
    params(("fiscal_year" = i32, Path, description = "Fiscal year (April to March, Japan time)", minimum = 2000, maximum = 2100)),
    responses(
        (status = 201, description = "Version 1, frozen", body = PublishedReportView),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No report is open for the year", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Published already: publish a correction", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Out of range", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/reports/{fiscal_year}/publish")]
pub async fn publish_report(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<i32>,
) -> Result<HttpResponse, ApiError> {
    policy::manage_reports(&user)?;
    let year = check_year(path.into_inner())?;
    let view = db::write(&state.pool, move |conn| publish(conn, &user, year, None)).await?;
    Ok(HttpResponse::Created().json(view))
}

/// Publish a correction of a fiscal year's report
///
/// Publishes the next version (2, 3, …), counted from the records now and frozen as
/// version 1 was, naming what changed and why. Every earlier version stays as it was
/// published and readable. Admins; audited.
#[utoipa::path(
    tag = "reports",
    security(("bearer" = [])),
    params(("fiscal_year" = i32, Path, description = "Fiscal year (April to March, Japan time)", minimum = 2000, maximum = 2100)),
    request_body = NewReportCorrection,
    responses(
        (status = 201, description = "The new version, frozen", body = PublishedReportView),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No report is open for the year", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Nothing published yet to correct", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Out of range, or what changed or why left empty", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/reports/{fiscal_year}/corrections")]
pub async fn correct_report(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<i32>,
    JsonBody(body): JsonBody<NewReportCorrection>,
) -> Result<HttpResponse, ApiError> {
    policy::manage_reports(&user)?;
    let year = check_year(path.into_inner())?;
    let correction = Correction {
        what_changed: body.what_changed,
        why: body.why,
    };
    let view = db::write(&state.pool, move |conn| {
        publish(conn, &user, year, Some(correction))
    })
    .await?;
    Ok(HttpResponse::Created().json(view))
}
