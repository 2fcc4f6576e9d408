//! `/invoices.csv`: a fiscal year's invoices and payments for the city's accounting office
//! (the desk and admins). As the other exports: UTF-8 with a byte-order mark so that Excel
//! opens it as it is, Japanese headers, every text neutralised against formula injection
//! (`spreadsheet::csv_text`), amounts as plain numbers.

use actix_web::http::header;
use actix_web::{get, web, HttpResponse};

use super::invoices::japan_day;
use super::BooksYearQuery;
use crate::auth::{policy, AuthUser};
use crate::db::{self, DbConn};
use crate::download::Download;
use crate::error::{ApiError, Problem};
use crate::extract::Query;
use crate::finance::store::{self, InvoiceItemRow, InvoiceRow};
use crate::finance::InvoiceStatus;
use crate::japan::{date_range, fiscal_year_of, utc_range};
use crate::spreadsheet::csv_text;
use crate::AppState;

/// The header row (also the document's description of the CSV).
pub const HEADER: [&str; 11] = [
    "請求書ID",
    "企業ID",
    "企業名",
    "状態",
    "発行日",
    "支払期限",
    "入金日",
    "入金年度",
    "請求額(円)",
    "入金額(円)",
    "明細",
];

/// Invoices with their company's name, and their items.
type ExportRows = (Vec<(InvoiceRow, String)>, Vec<InvoiceItemRow>);

/// The year's invoices: issued in it, or paid in it (a March invoice paid in April is in
/// both years' exports, its payment in the second).
fn rows_of(conn: &mut DbConn, fiscal_year: i32) -> Result<ExportRows, ApiError> {
    let rows = store::invoices_for_export(conn, date_range(fiscal_year), utc_range(fiscal_year))?;
    let ids: Vec<String> = rows.iter().map(|(r, _)| r.id.clone()).collect();
    Ok((rows, store::items_of(conn, &ids)?))
}

/// An invoice's lines as one cell: `description × quantity @ unit`, separated by ` / `.
fn lines_text(invoice_id: &str, items: &[InvoiceItemRow]) -> String {
    items
        .iter()
        .filter(|item| item.invoice_id == invoice_id)
        .map(|item| {
            format!(
                "{} × {} @ {}",
                item.description, item.quantity, item.unit_amount_jpy
            )
        })
        .collect::<Vec<_>>()
        .join(" / ")
}

/// The CSV of `rows`.
pub fn invoices_csv(
    rows: &[(InvoiceRow, String)],
    items: &[InvoiceItemRow],
) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::from("\u{feff}".as_bytes()));
    writer.write_record(HEADER)?;
    for (invoice, company_name) in rows {
        let paid = invoice.status == InvoiceStatus::Paid;
        let paid_on = invoice.paid_at.map(japan_day);
        let paid_year = invoice
            .paid_at
            .map(|t| format!("{}年度", fiscal_year_of(t.and_utc())));
        writer.write_record([
            &*csv_text(&invoice.id),
            &*csv_text(&invoice.company_id),
            &*csv_text(company_name),
            &*csv_text(invoice.status.as_str()),
            &*csv_text(&invoice.issued_on.to_string()),
            &*csv_text(&invoice.due_on.to_string()),
            &*csv_text(&paid_on.map(|d| d.to_string()).unwrap_or_default()),
            &*csv_text(&paid_year.unwrap_or_default()),
            &invoice.total_jpy.to_string(),
            &if paid {
                invoice.total_jpy.to_string()
            } else {
                String::new()
            },
            &*csv_text(&lines_text(&invoice.id, items)),
        ])?;
    }
    writer.into_inner().map_err(|e| e.into_error().into())
}

/// Download a fiscal year's invoices and payments as CSV
///
/// For the accounting office: every invoice issued or paid in the fiscal year (Japan time),
/// one row each, with its status, dates, amounts and lines; in UTF-8 with a byte-order mark
/// and Japanese headers. The desk and admins.
#[utoipa::path(
    tag = "finance",
    security(("bearer" = [])),
    params(BooksYearQuery),
    responses(
        (status = 200, description = "請求書ID,企業ID,企業名,状態,発行日,支払期限,入金日,入金年度,請求額(円),入金額(円),明細", body = inline(Download), content_type = "text/csv"),
        (status = 403, description = "Not the desk", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/invoices.csv")]
pub async fn export_invoices_csv(
    user: AuthUser,
    state: web::Data<AppState>,
    Query(query): Query<BooksYearQuery>,
) -> Result<HttpResponse, ApiError> {
    policy::keep_books(&user)?;
    let year = query.year();
    let (rows, items) = db::run(&state.pool, move |conn| rows_of(conn, year)).await?;
    let body = invoices_csv(&rows, &items).map_err(|e| ApiError::internal(e.to_string()))?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"invoices-{year}.csv\""),
        ))
        .body(body))
}
