//! `GET /events/{id}/meetings.{csv,xlsx}`: the desk's list of an event's meetings, one row
//! each, for the venue's staff.

use actix_web::http::header;
use actix_web::{get, web, HttpResponse};
use uuid::Uuid;

use crate::auth::{policy, AuthUser, Role};
use crate::db;
use crate::download::Download;
use crate::error::{ApiError, Problem};
use crate::events::store::{self as events_store, EventRow};
use crate::i18n::Msg;
use crate::meetings::lifecycle::MeetingStatus;
use crate::meetings::store::{self as meetings_store, MeetingDetail, MeetingFilter};
use crate::spreadsheet;
use crate::AppState;

/// The columns of the desk's meeting list.
pub const EXPORT_COLUMNS: [&str; 9] = [
    "start_local",
    "end_local",
    "table",
    "company_ja",
    "company_en",
    "buyer",
    "country",
    "interpreter",
    "status",
];

fn export_rows(event: &EventRow, rows: &[MeetingDetail]) -> Result<Vec<[String; 9]>, ApiError> {
    let zone = event.zone()?;
    let local = |t: Option<chrono::NaiveDateTime>| {
        t.map(|t| {
            t.and_utc()
                .with_timezone(&zone)
                .format("%Y-%m-%d %H:%M")
                .to_string()
        })
        .unwrap_or_default()
    };
    rows.iter()
        .map(|r| {
            let placed = r.meeting.status != MeetingStatus::Cancelled;
            Ok([
                if placed {
                    local(r.slot_starts_at)
                } else {
                    String::new()
                },
                if placed {
                    local(r.slot_ends_at)
                } else {
                    String::new()
                },
                if placed {
                    // An online meeting's "table" is its link.
                    r.table_label
                        .clone()
                        .or_else(|| r.meeting.join_url.clone())
                        .unwrap_or_default()
                } else {
                    String::new()
                },
                r.company_name_ja.clone(),
                r.company_name_en.clone(),
                r.buyer_name.clone(),
                r.buyer_country.clone(),
                if placed {
                    r.interpreter_name.clone().unwrap_or_default()
                } else {
                    String::new()
                },
                r.meeting.status.as_str().to_owned(),
            ])
        })
        .collect()
}

async fn export_data(
    user: &AuthUser,
    state: &AppState,
    event_id: Uuid,
) -> Result<(EventRow, Vec<[String; 9]>), ApiError> {
    if !(policy::is_desk(user) || user.role == Role::Reviewer) {
        return Err(ApiError::Forbidden(Msg::MeetingListsDesk));
    }
    let key = event_id.to_string();
    // A scoped desk's list holds its own municipality's companies' meetings only.
    let scope = policy::municipality_scope(user).map(Uuid::to_string);
    let (event, rows) = db::run(&state.pool, move |conn| {
        let filter = MeetingFilter {
            event_id: Some(key.clone()),
            municipality_id: scope,
            ..MeetingFilter::default()
        };
        Ok((
            events_store::find_event(conn, &key)?,
            meetings_store::timetable(conn, &filter)?,
        ))
    })
    .await?;
    let rows = export_rows(&event, &rows)?;
    Ok((event, rows))
}

/// Download an event's meetings as CSV
///
/// Every meeting, one row each, in UTF-8 with a byte-order mark so that Excel opens the
/// Japanese names correctly. The desk and reviewers.
#[utoipa::path(
    tag = "events",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Event id")),
    responses(
        (status = 200, description = "CSV: start_local, end_local, table, company_ja, company_en, buyer, country, interpreter, status", body = inline(Download), content_type = "text/csv"),
        (status = 403, description = "Not the desk", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such event", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/events/{id}/meetings.csv")]
pub async fn export_meetings_csv(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let (_, rows) = export_data(&user, &state, path.into_inner()).await?;
    let mut writer = csv::Writer::from_writer(Vec::from("\u{feff}".as_bytes()));
    let csv_error = |e: csv::Error| ApiError::internal(e.to_string());
    writer.write_record(EXPORT_COLUMNS).map_err(csv_error)?;
    // Every column is text (times as the venue's clock reads them), and names and labels
    // are the users' own: each is neutralised against formula injection.
    for row in &rows {
        writer
            .write_record(
                row.iter()
                    .map(|cell| spreadsheet::csv_text(cell).into_owned()),
            )
            .map_err(csv_error)?;
    }
    let body = writer
        .into_inner()
        .map_err(|e| ApiError::internal(e.to_string()))?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"meetings.csv\"",
        ))
        .body(body))
}

/// Download an event's meetings as an Excel workbook
///
/// The CSV's columns and rows as an `.xlsx` workbook. The desk and reviewers.
#[utoipa::path(
    tag = "events",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Event id")),
    responses(
        (status = 200, description = "An .xlsx workbook with the CSV's columns", body = inline(Download), content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 403, description = "Not the desk", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such event", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/events/{id}/meetings.xlsx")]
pub async fn export_meetings_xlsx(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let (event, rows) = export_data(&user, &state, path.into_inner()).await?;
    let xlsx_error = |e: rust_xlsxwriter::XlsxError| ApiError::internal(e.to_string());
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    let title: String = event
        .name
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect();
    if !title.trim().is_empty() {
        sheet.set_name(title.trim()).map_err(xlsx_error)?;
    }
    for (col, name) in EXPORT_COLUMNS.iter().enumerate() {
        sheet
            .write_string(0, col as u16, *name)
            .map_err(xlsx_error)?;
    }
    for (index, row) in rows.iter().enumerate() {
        for (col, value) in row.iter().enumerate() {
            spreadsheet::write_xlsx_text(sheet, index as u32 + 1, col as u16, value)
                .map_err(xlsx_error)?;
        }
    }
    let body = workbook.save_to_buffer().map_err(xlsx_error)?;
    Ok(HttpResponse::Ok()
        .content_type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"meetings.xlsx\"",
        ))
        .body(body))
}
