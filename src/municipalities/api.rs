//! `/municipalities`: the installation's municipalities, public to read; the host's
//! host-wide admins add partners.

use actix_web::{get, post, web, HttpResponse};
use serde::Deserialize;
use utoipa::ToSchema;
use validator::Validate;

use super::code::{self, CodeError};
use super::store::{self, MunicipalityRow};
use super::MunicipalityView;
use crate::audit::{self, Entity};
use crate::auth::{policy, AuthUser};
use crate::db;
use crate::error::{ApiError, Problem};
use crate::extract::JsonBody;
use crate::i18n::Msg;
use crate::AppState;

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewMunicipality {
    /// The six-digit 全国地方公共団体コード, check digit included (e.g. `141003`, Yokohama).
    #[schema(
        example = "141003",
        pattern = "^[0-9]{6}$",
        min_length = 6,
        max_length = 6
    )]
    pub code: String,
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub name_ja: String,
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub name_en: String,
}

/// List municipalities
///
/// The host first, then the partners by code. Public.
#[utoipa::path(
    tag = "municipalities",
    security(()),
    responses(
        (status = 200, description = "Every municipality of the installation", body = [MunicipalityView]),
    )
)]
#[get("/municipalities")]
pub async fn list_municipalities(
    state: web::Data<AppState>,
) -> Result<web::Json<Vec<MunicipalityView>>, ApiError> {
    let rows = db::run(&state.pool, |conn| Ok(store::list_municipalities(conn)?)).await?;
    Ok(web::Json(
        rows.iter()
            .map(MunicipalityRow::view)
            .collect::<Result<_, _>>()?,
    ))
}

/// Add a partner municipality
///
/// The host's host-wide admins only; audited.
#[utoipa::path(
    tag = "municipalities",
    security(("bearer" = [])),
    request_body = NewMunicipality,
    responses(
        (status = 201, description = "Added", body = MunicipalityView),
        (status = 403, description = "Not a host-wide admin", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A municipality with this code exists", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Business rule: the code's last digit is its check digit (総務省's rule)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/municipalities")]
pub async fn create_municipality(
    user: AuthUser,
    state: web::Data<AppState>,
    JsonBody(body): JsonBody<NewMunicipality>,
) -> Result<HttpResponse, ApiError> {
    policy::manage_municipalities(&user)?;
    let code = body.code.trim().to_owned();
    code::check(&code).map_err(|e| {
        let message = match e {
            CodeError::NotSixDigits => Msg::MunicipalityCodeDigits,
            CodeError::CheckDigit => Msg::MunicipalityCheckDigit,
        };
        ApiError::invalid("code", message)
    })?;
    let view = db::write(&state.pool, move |conn| {
        let row = MunicipalityRow {
            id: db::new_id(),
            code,
            name_ja: body.name_ja.trim().to_owned(),
            name_en: body.name_en.trim().to_owned(),
            is_host: false,
            created_at: db::now(),
        };
        store::insert_municipality(conn, &row).map_err(|e| match ApiError::from(e) {
            ApiError::Conflict(_) => ApiError::Conflict(Msg::MunicipalityCodeTaken),
            other => other,
        })?;
        let view = row.view()?;
        audit::Change::new(user.id, "create", Entity::Municipality, &row.id)
            .after(&view)
            .record(conn)?;
        Ok(view)
    })
    .await?;
    Ok(HttpResponse::Created().json(view))
}
