//! `/me`: the signed-in user's own account and password.

use actix_web::{get, patch, post, web, HttpResponse};
use serde::Deserialize;
use utoipa::ToSchema;
use validator::Validate;

use crate::auth::AuthUser;
use crate::db;
use crate::error::{ApiError, Problem};
use crate::extract::JsonBody;
use crate::i18n::Locale;
use crate::i18n::Msg;
use crate::users::accounts::set_password;
use crate::users::store::{find_user, update_user, UserUpdate};
use crate::users::{normalize_email, UserView};
use crate::AppState;

/// Get your account
///
/// The signed-in user's account.
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Your account", body = UserView),
    )
)]
#[get("/me")]
pub async fn get_me(
    user: AuthUser,
    state: web::Data<AppState>,
) -> Result<web::Json<UserView>, ApiError> {
    let id = user.id.to_string();
    let row = db::run(&state.pool, move |conn| Ok(find_user(conn, &id)?)).await?;
    Ok(web::Json(row.view()?))
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MeChanges {
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub display_name: Option<String>,
    #[schema(format = Email, max_length = 254)]
    pub email: Option<String>,
    /// The language of the messages the service sends you.
    pub locale: Option<Locale>,
}

/// Update your account
///
/// Changes your display name or e-mail.
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    request_body = MeChanges,
    responses(
        (status = 200, description = "Your updated account", body = UserView),
        (status = 409, description = "The e-mail belongs to another account", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/me")]
pub async fn update_me(
    user: AuthUser,
    state: web::Data<AppState>,
    JsonBody(body): JsonBody<MeChanges>,
) -> Result<web::Json<UserView>, ApiError> {
    let changes = UserUpdate {
        email: body
            .email
            .as_deref()
            .map(|e| normalize_email("email", e))
            .transpose()?,
        display_name: body.display_name.map(|n| n.trim().to_owned()),
        locale: body.locale,
        updated_at: Some(db::now()),
        ..UserUpdate::default()
    };
    let id = user.id.to_string();
    let row = db::write(&state.pool, move |conn| {
        Ok(update_user(conn, &id, &changes)?)
    })
    .await?;
    Ok(web::Json(row.view()?))
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    #[validate(length(max = 1024))]
    #[schema(max_length = 1024)]
    pub current_password: String,
    #[validate(length(min = 10, max = 128))]
    #[schema(min_length = 10, max_length = 128)]
    pub new_password: String,
}

/// Change your password
///
/// Every refresh token of the account is revoked, so other sessions end when their access
/// tokens expire.
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    request_body = PasswordChange,
    responses(
        (status = 204, description = "Password changed"),
        (status = 403, description = "The current password is wrong", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/me/password")]
pub async fn change_password(
    user: AuthUser,
    state: web::Data<AppState>,
    JsonBody(body): JsonBody<PasswordChange>,
) -> Result<HttpResponse, ApiError> {
    let id = user.id.to_string();
    let lookup = id.clone();
    let row = db::run(&state.pool, move |conn| Ok(find_user(conn, &lookup)?)).await?;
    if !state
        .passwords
        .verify(body.current_password, Some(row.password_hash))
        .await?
    {
        return Err(ApiError::Forbidden(Msg::WrongCurrentPassword));
    }
    let new_hash = state.passwords.hash(body.new_password).await?;
    db::write(&state.pool, move |conn| set_password(conn, &id, new_hash)).await?;
    Ok(HttpResponse::NoContent().finish())
}
