//! `POST /imports` (a file of companies, buyers, exhibitors or registrations, with a dry
//! run) and `GET /imports/templates/{kind}.csv|.xlsx` (what such a file looks like). The
//! desk and admins only.

use actix_web::http::header;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use futures_util::StreamExt;
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;
use validator::Validate;

use super::read::{self, Format, MAX_BYTES};
use super::records::check_table;
use super::run::{run, Plan};
use super::{template, ImportKind, ImportReport};
use crate::auth::{policy, AuthUser};
use crate::db;
use crate::download::Download;
use crate::error::{ApiError, Problem};
use crate::extract::Query;
use crate::i18n::{self, Msg};
use crate::AppState;

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ImportQuery {
    /// What the file holds.
    pub kind: ImportKind,
    /// The event, for `exhibitors` (a trade fair) and `registrations`; refused for the
    /// other kinds.
    pub event_id: Option<Uuid>,
    /// `true`: check and count everything, change nothing. Default `false`.
    #[serde(default)]
    pub dry_run: bool,
    /// `true`: import the valid rows and report the others. Default `false`: one invalid
    /// row refuses the whole file (422 listing every row's errors).
    #[serde(default)]
    pub skip_invalid: bool,
    /// `true`: mail an invitation to the `email` of each buyer organisation the import
    /// creates (through the outbox, in English, or in Japanese for a buyer in JP).
    /// Buyers only. Default `false`.
    #[serde(default)]
    pub invite: bool,
}

impl ImportQuery {
    /// The run the query asks for; `check_in_key` signs the codes of registrations'
    /// confirmations.
    fn plan(&self, check_in_key: Vec<u8>) -> Result<Plan, ApiError> {
        match (self.kind.takes_event(), self.event_id) {
            (true, None) => return Err(ApiError::invalid("event_id", Msg::ImportEventRequired)),
            (false, Some(_)) => {
                return Err(ApiError::invalid("event_id", Msg::ImportEventNotAllowed))
            }
            _ => {}
        }
        if self.invite && self.kind != ImportKind::Buyers {
            return Err(ApiError::invalid("invite", Msg::ImportInviteBuyersOnly));
        }
        Ok(Plan {
            kind: self.kind,
            event_id: self.event_id.map(|id| id.to_string()),
            dry_run: self.dry_run,
            skip_invalid: self.skip_invalid,
            invite: self.invite,
            check_in_key,
        })
    }
}

/// Import companies, buyers, exhibitors or registrations
///
/// A CSV (UTF-8 with or without a byte-order mark, or Shift_JIS/CP932 as Japanese Excel
/// saves it) or the first sheet of an `.xlsx` workbook, at most 10,000 rows and 5 MiB. The
/// first row holds the headers, in Japanese or as the API names the columns (see the
/// templates, `GET /imports/templates/{kind}.csv`):
///
/// - `companies`: 会社名 `name_ja`*, 英文社名 `name_en`*, 業種 `industry`, 法人番号
///   `corporate_number` (13 digits, check digit verified), 従業員数 `employees`. New
///   companies start pending approval. Matched by corporate number, else by 会社名.
/// - `buyers`: 会社名 `name`*, 国 `country`* (ISO 3166-1 alpha-2), 業種 `industry`,
///   ウェブサイト `website`, メール `email` (where `invite=true` sends an invitation to
///   each new organisation). Matched by name and country.
/// - `exhibitors` (`event_id` of a trade fair): 法人番号 `corporate_number` or 会社名
///   `name_ja` of an approved company.
/// - `registrations` (`event_id`): メール `email` of an account; its company, buyer
///   organisation or candidate profile is registered.
///
/// A dry run (`dry_run=true`) is the real run rolled back: the same counts and every
/// invalid row (its number as a spreadsheet shows it, the column and what to enter, in the
/// caller's language). A real run is all or nothing, kept with each row's outcome and in the
/// audit log; with invalid rows it imports nothing (422) unless `skip_invalid=true`. Running
/// a file again changes nothing: its rows count as unchanged. The desk and admins.
#[utoipa::path(
    tag = "imports",
    security(("bearer" = [])),
    params(ImportQuery),
    request_body(
        description = "The file: a CSV, or an .xlsx workbook",
        content(
            (String = "text/csv"),
            (inline(Download) = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ),
    ),
    responses(
        (status = 200, description = "What was imported, or would be by a dry run", body = ImportReport),
        (status = 400, description = "The file cannot be read as a CSV or an .xlsx workbook", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the desk", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such event", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "More than 10,000 rows or 5 MiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Neither text/csv nor an .xlsx workbook", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Business rule: a required column is missing (`columns.<column>`), `event_id` is missing or not for this kind or not a trade fair for exhibitors, `invite` is not for buyers, or a real run without skip_invalid has invalid rows (`rows[<row>].<column>`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/imports")]
pub async fn import_file(
    user: AuthUser,
    state: web::Data<AppState>,
    request: HttpRequest,
    Query(query): Query<ImportQuery>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    policy::may_import(&user)?;
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    let format = Format::of(content_type)?;
    let plan = query.plan(state.config.check_in_key())?;
    // Companies and buyers any desk imports (a scoped desk's new companies are its
    // municipality's); an event's exhibitors and registrations whoever manages events.
    if matches!(
        plan.kind,
        ImportKind::Exhibitors | ImportKind::Registrations
    ) {
        policy::manage_events(&user)?;
    }
    let body = read_body(&request, payload).await?;
    let kind = plan.kind;
    let checked = web::block(move || {
        let table = read::read(format, &body)?;
        check_table(kind, &table)
    })
    .await
    .map_err(|e| ApiError::internal(format!("blocking task failed: {e}")))??;
    let report: ImportReport =
        db::write(&state.pool, move |conn| run(conn, &user, &plan, &checked)).await?;
    let mut response = HttpResponse::Ok().json(report);
    i18n::mark_language(response.headers_mut(), i18n::current_locale());
    Ok(response)
}

/// The body, at most [`MAX_BYTES`] (413 beyond, told by `Content-Length` or counted).
async fn read_body(request: &HttpRequest, mut payload: web::Payload) -> Result<Vec<u8>, ApiError> {
    let too_large = || {
        ApiError::TooLarge(Msg::ImportTooLarge {
            max_rows: read::MAX_ROWS,
            max_bytes: MAX_BYTES,
        })
    };
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|length| length > MAX_BYTES) {
        return Err(too_large());
    }
    let mut body = Vec::with_capacity(declared.unwrap_or(0));
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| ApiError::BadRequest(Msg::ImportUnreadable))?;
        if body.len() + chunk.len() > MAX_BYTES {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Download an import's CSV template
///
/// The header row of `kind`'s columns (see `POST /imports`), in Japanese for a Japanese
/// `Accept-Language` and as the API names them otherwise, in UTF-8 with a byte-order mark.
/// The desk and admins.
#[utoipa::path(
    tag = "imports",
    security(("bearer" = [])),
    params(("kind" = ImportKind, Path, description = "What the file holds")),
    responses(
        (status = 200, description = "CSV: the header row", body = inline(Download), content_type = "text/csv"),
        (status = 403, description = "Not the desk", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such kind", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/imports/templates/{kind}.csv")]
pub async fn get_import_template_csv(
    user: AuthUser,
    path: web::Path<ImportKind>,
) -> Result<HttpResponse, ApiError> {
    policy::may_import(&user)?;
    let kind = path.into_inner();
    let body = template::csv(kind, i18n::current_locale());
    Ok(download(kind, "csv", "text/csv; charset=utf-8", body))
}

/// Download an import's Excel template
///
/// The CSV template's header row as an `.xlsx` workbook. The desk and admins.
#[utoipa::path(
    tag = "imports",
    security(("bearer" = [])),
    params(("kind" = ImportKind, Path, description = "What the file holds")),
    responses(
        (status = 200, description = "An .xlsx workbook with the header row", body = inline(Download), content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 403, description = "Not the desk", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such kind", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/imports/templates/{kind}.xlsx")]
pub async fn get_import_template_xlsx(
    user: AuthUser,
    path: web::Path<ImportKind>,
) -> Result<HttpResponse, ApiError> {
    policy::may_import(&user)?;
    let kind = path.into_inner();
    let body = template::xlsx(kind, i18n::current_locale())?;
    Ok(download(kind, "xlsx", read::XLSX, body))
}

fn download(kind: ImportKind, extension: &str, content_type: &str, body: Vec<u8>) -> HttpResponse {
    let mut response = HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{}.{extension}\"", kind.as_str()),
        ))
        .body(body);
    i18n::mark_language(response.headers_mut(), i18n::current_locale());
    response
}
