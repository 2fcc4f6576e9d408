//! `/public/reports/{fiscal_year}`: the published report for everyone, without sign-in: the
//! latest version with its history as JSON, any version's exact canonical bytes, the latest
//! as CSV, and a printable page in Japanese or English. A year with nothing published is
//! not found (404), even while its draft is open.

use actix_web::http::header;
use actix_web::{get, web, HttpResponse};
use base64::Engine;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::{check_year, PublishedReportView, ReportVersionView};
use crate::db::{self, DbConn};
use crate::download::Download;
use crate::error::{ApiError, Problem};
use crate::extract::Query;
use crate::i18n::Locale;
use crate::reports::store::{self, PublishedReportRow, ReportVersionRow};
use crate::reports::{csv, page};
use crate::AppState;

/// A year's published report: the latest version and every version's history.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicReportView {
    pub fiscal_year: i32,
    pub latest: PublishedReportView,
    /// Every version, oldest first, with what each correction changed and why.
    pub history: Vec<ReportVersionView>,
}

/// The language of the printable page.
#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportPageQuery {
    /// `ja` (the default) or `en`.
    pub lang: Option<Locale>,
}

/// The latest version of `fiscal_year` and the year's history (404 when none is published).
fn latest(
    conn: &mut DbConn,
    fiscal_year: i32,
) -> Result<(PublishedReportRow, Vec<ReportVersionRow>), ApiError> {
    let version = store::latest_version(conn, fiscal_year)?.ok_or(ApiError::NotFound)?;
    Ok((
        store::find_version(conn, fiscal_year, version)?,
        store::versions(conn, fiscal_year)?,
    ))
}

async fn load_latest(
    state: &AppState,
    fiscal_year: i32,
) -> Result<(PublishedReportRow, Vec<ReportVersionRow>), ApiError> {
    let year = check_year(fiscal_year)?;
    db::run(&state.pool, move |conn| latest(conn, year)).await
}

fn content_of(row: &PublishedReportRow) -> Result<serde_json::Value, ApiError> {
    serde_json::from_str(&row.content)
        .map_err(|e| ApiError::internal(format!("a snapshot that is not JSON: {e}")))
}

/// Get a fiscal year's published report
///
/// The latest published version of the council's yearly report, with its SHA-256, and the
/// history of every version (number, publication time, SHA-256, what a correction changed
/// and why). Aggregates only. No sign-in.
#[utoipa::path(
    tag = "reports",
    security(()),
    params(("fiscal_year" = i32, Path, description = "Fiscal year (April to March, Japan time)", minimum = 2000, maximum = 2100)),
    responses(
        (status = 200, description = "The latest version and the history", body = PublicReportView),
        (status = 404, description = "Nothing published for the year", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Out of range", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/public/reports/{fiscal_year}")]
pub async fn get_public_report(
    state: web::Data<AppState>,
    path: web::Path<i32>,
) -> Result<web::Json<PublicReportView>, ApiError> {
    let (row, history) = load_latest(&state, path.into_inner()).await?;
    Ok(web::Json(PublicReportView {
        fiscal_year: row.fiscal_year,
        latest: PublishedReportView::of(&row)?,
        history: history.iter().map(ReportVersionView::from).collect(),
    }))
}

/// Get one published version's canonical JSON
///
/// Exactly the bytes that were frozen: the report's canonical JSON (keys of every object
/// sorted by their UTF-8 bytes, no insignificant whitespace), whose SHA-256 is the
/// version's `sha256`; the `Repr-Digest` header (RFC 9530) carries it too, so anyone can
/// check the copy they hold. No sign-in.
#[utoipa::path(
    tag = "reports",
    security(()),
    params(
        ("fiscal_year" = i32, Path, description = "Fiscal year (April to March, Japan time)", minimum = 2000, maximum = 2100),
        ("version" = i32, Path, description = "Version (1 is the first publication)", minimum = 1),
    ),
    responses(
        (status = 200, description = "The version's canonical JSON", body = crate::reports::content::ReportContent),
        (status = 404, description = "No such version published", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Out of range", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/public/reports/{fiscal_year}/versions/{version}")]
pub async fn get_public_report_version(
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
) -> Result<HttpResponse, ApiError> {
    let (year, version) = path.into_inner();
    let year = check_year(year)?;
    let row = db::run(&state.pool, move |conn| {
        Ok(store::find_version(conn, year, version)?)
    })
    .await?;
    let digest = base64::engine::general_purpose::STANDARD.encode(
        <sha2::Sha256 as sha2::Digest>::digest(row.content.as_bytes()),
    );
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .insert_header(("repr-digest", format!("sha-256=:{digest}:")))
        .body(row.content))
}

/// Download a fiscal year's published report as CSV
///
/// The latest version's headline figures, one row per figure, in UTF-8 with a byte-order
/// mark and Japanese and English names, so that Excel opens it as it is. No sign-in.
#[utoipa::path(
    tag = "reports",
    security(()),
    params(("fiscal_year" = i32, Path, description = "Fiscal year (April to March, Japan time)", minimum = 2000, maximum = 2100)),
    responses(
        (status = 200, description = "年度,版,SHA-256,指標,Figure,値", body = inline(Download), content_type = "text/csv"),
        (status = 404, description = "Nothing published for the year", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Out of range", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/public/reports/{fiscal_year}.csv")]
pub async fn get_public_report_csv(
    state: web::Data<AppState>,
    path: web::Path<i32>,
) -> Result<HttpResponse, ApiError> {
    let (row, _) = load_latest(&state, path.into_inner()).await?;
    let body = csv::report_csv(&content_of(&row)?, &row.sha256)
        .map_err(|e| ApiError::internal(e.to_string()))?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!(
                "attachment; filename=\"report-{}-v{}.csv\"",
                row.fiscal_year, row.version
            ),
        ))
        .body(body))
}

/// See a fiscal year's published report as a printable page
///
/// The latest version as an HTML page in Japanese (`lang=ja`, the default) or English
/// (`lang=en`), laid out for A4 paper, with its SHA-256 and every version's history. No
/// script; every text from the report is escaped. No sign-in.
#[utoipa::path(
    tag = "reports",
    security(()),
    params(
        ("fiscal_year" = i32, Path, description = "Fiscal year (April to March, Japan time)", minimum = 2000, maximum = 2100),
        ReportPageQuery,
    ),
    responses(
        (status = 200, description = "The printable page", body = String, content_type = "text/html"),
        (status = 404, description = "Nothing published for the year", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Out of range, or a language other than ja and en", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/public/reports/{fiscal_year}.html")]
pub async fn get_public_report_page(
    state: web::Data<AppState>,
    path: web::Path<i32>,
    Query(query): Query<ReportPageQuery>,
) -> Result<HttpResponse, ApiError> {
    let (row, history) = load_latest(&state, path.into_inner()).await?;
    let locale = query.lang.unwrap_or(Locale::Ja);
    let html = page::render(
        &content_of(&row)?,
        &row.sha256,
        row.published_at,
        &history,
        locale,
    );
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CONTENT_LANGUAGE, locale.as_str()))
        // The page runs nothing and loads nothing but its own inline style.
        .insert_header((
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'",
        ))
        .body(html))
}
