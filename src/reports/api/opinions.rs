//! `/reports/{fiscal_year}/opinions/me`: a reviewer's own signed opinion on the version
//! about to be published. Signing is the reviewer's account, its name and the moment; an
//! opinion of a published version is frozen with it (the database refuses any change), so
//! after a publication a reviewer's next opinion is written for the correction to come.

use actix_web::{put, web};
use serde::Deserialize;
use utoipa::ToSchema;
use validator::Validate;

use crate::audit::{self, Entity};
use crate::auth::{policy, AuthUser};
use crate::db::{self, DbConn};
use crate::error::{ApiError, Problem};
use crate::extract::JsonBody;
use crate::i18n::Locale;
use crate::reports::content::OpinionView;
use crate::reports::store::{self, ReportOpinionRow};
use crate::reports::versions;
use crate::AppState;

/// A reviewer's opinion: one text in one language.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewReportOpinion {
    /// The language the opinion is written in.
    pub language: Locale,
    #[validate(length(min = 1, max = 10000))]
    #[schema(min_length = 1, max_length = 10000)]
    pub text: String,
}

/// Writes or replaces `user`'s opinion for the draft's version and signs it, audited.
fn sign(
    conn: &mut DbConn,
    user: &AuthUser,
    fiscal_year: i32,
    body: NewReportOpinion,
) -> Result<OpinionView, ApiError> {
    let now = db::now();
    store::touch_draft(conn, fiscal_year, now)?;
    let version = versions::of_draft(store::latest_version(conn, fiscal_year)?);
    let reviewer = crate::users::store::find_user(conn, &user.id.to_string())?;
    let existing = store::find_opinion(conn, fiscal_year, version, &reviewer.id)?;
    let row = ReportOpinionRow {
        id: existing.as_ref().map_or_else(db::new_id, |o| o.id.clone()),
        fiscal_year,
        version,
        reviewer_id: reviewer.id,
        reviewer_name: reviewer.display_name,
        language: body.language,
        body: body.text,
        signed_at: now,
    };
    match &existing {
        Some(_) => store::replace_opinion(conn, &row)?,
        None => store::insert_opinion(conn, &row)?,
    }
    let mut change = audit::Change::new(user.id, "sign", Entity::ReportOpinion, &row.id);
    if let Some(before) = &existing {
        change = change.before(before);
    }
    change.after(&row).record(conn)?;
    OpinionView::of(&row)
}

/// Sign your opinion on a fiscal year's report
///
/// Writes (or rewrites) the calling reviewer's own opinion on the version about to be
/// published and signs it with the reviewer's account, name and the moment. Once that
/// version is published the opinion is frozen with it; it stands for later corrections
/// until its reviewer signs a new one. Reviewers; audited.
#[utoipa::path(
    tag = "reports",
    security(("bearer" = [])),
    params(("fiscal_year" = i32, Path, description = "Fiscal year (April to March, Japan time)", minimum = 2000, maximum = 2100)),
    request_body = NewReportOpinion,
    responses(
        (status = 200, description = "The opinion, signed", body = OpinionView),
        (status = 403, description = "Not a reviewer", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No report is open for the year", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Out of range", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/reports/{fiscal_year}/opinions/me")]
pub async fn put_report_opinion(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<i32>,
    JsonBody(body): JsonBody<NewReportOpinion>,
) -> Result<web::Json<OpinionView>, ApiError> {
    policy::sign_report_opinion(&user)?;
    let year = super::check_year(path.into_inner())?;
    let view = db::write(&state.pool, move |conn| sign(conn, &user, year, body)).await?;
    Ok(web::Json(view))
}
