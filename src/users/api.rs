//! `/me` for everyone signed in, `/users` for admins.

use actix_web::{get, patch, post, web, HttpResponse};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::store::{
    find_user, insert_user, list_users as load_users, update_user as store_update, NewUser,
    UserChanges,
};
use super::{normalize_email, UserView};
use crate::auth::store::revoke_user_tokens;
use crate::auth::{policy, AuthUser, Role};
use crate::db;
use crate::error::{ApiError, Problem};
use crate::extract::{JsonBody, Query};
use crate::paging::{Page, PageRequest};
use crate::AppState;

/// The signed-in user's account.
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Your account", body = UserView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
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
    pub display_name: Option<String>,
    pub email: Option<String>,
}

/// Change your display name or e-mail.
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    request_body = MeChanges,
    responses(
        (status = 200, description = "Your updated account", body = UserView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The e-mail belongs to another account", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/me")]
pub async fn update_me(
    user: AuthUser,
    state: web::Data<AppState>,
    JsonBody(body): JsonBody<MeChanges>,
) -> Result<web::Json<UserView>, ApiError> {
    let changes = UserChanges {
        email: body
            .email
            .as_deref()
            .map(|e| normalize_email("email", e))
            .transpose()?,
        display_name: body.display_name.map(|n| n.trim().to_owned()),
        updated_at: Some(db::now()),
        ..UserChanges::default()
    };
    let id = user.id.to_string();
    let row = db::write(&state.pool, move |conn| {
        Ok(store_update(conn, &id, &changes)?)
    })
    .await?;
    Ok(web::Json(row.view()?))
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    #[validate(length(max = 1024))]
    pub current_password: String,
    #[validate(length(min = 10, max = 128))]
    pub new_password: String,
}

/// Change your password. Every refresh token of the account is revoked, so other sessions
/// end when their access tokens expire.
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    request_body = PasswordChange,
    responses(
        (status = 204, description = "Password changed"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The current password is wrong", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
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
        return Err(ApiError::Forbidden("the current password is wrong".into()));
    }
    let new_hash = state.passwords.hash(body.new_password).await?;
    db::write(&state.pool, move |conn| {
        let now = db::now();
        let changes = UserChanges {
            password_hash: Some(new_hash),
            updated_at: Some(now),
            ..UserChanges::default()
        };
        store_update(conn, &id, &changes)?;
        revoke_user_tokens(conn, &id, now)?;
        Ok(())
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UserListQuery {
    /// Only users of this role.
    pub role: Option<Role>,
    /// Page size, 1–100 (larger values are clamped to 100).
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Every account, oldest first (admin).
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    params(UserListQuery),
    responses(
        (status = 200, description = "One page of users", body = Page<UserView>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid parameters", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/users")]
pub async fn list_users(
    user: AuthUser,
    state: web::Data<AppState>,
    Query(query): Query<UserListQuery>,
) -> Result<web::Json<Page<UserView>>, ApiError> {
    policy::manage_users(&user)?;
    let page = PageRequest::new(query.limit, query.cursor.as_deref())?;
    let role = query.role.map(Role::as_str);
    let (after, fetch) = (page.after.clone(), page.fetch_limit());
    let rows = db::run(&state.pool, move |conn| {
        Ok(load_users(conn, role, after.as_deref(), fetch)?)
    })
    .await?;
    Ok(web::Json(Page::from_rows(
        rows,
        &page,
        |r| r.id.clone(),
        |r| r.view(),
    )?))
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewStaffUser {
    pub email: String,
    #[validate(length(min = 10, max = 128))]
    pub password: String,
    #[validate(length(min = 1, max = 100))]
    pub display_name: String,
    /// `admin`, `desk` or `reviewer`; companies, buyers and candidates register themselves.
    pub role: Role,
}

/// Create a staff account: admin, desk or reviewer (admin).
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    request_body = NewStaffUser,
    responses(
        (status = 201, description = "Created", body = UserView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The e-mail is already registered", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/users")]
pub async fn create_user(
    user: AuthUser,
    state: web::Data<AppState>,
    JsonBody(body): JsonBody<NewStaffUser>,
) -> Result<HttpResponse, ApiError> {
    policy::manage_users(&user)?;
    let email = normalize_email("email", &body.email)?;
    if !body.role.is_staff() {
        return Err(ApiError::invalid("role", "must be admin, desk or reviewer"));
    }
    let password_hash = state.passwords.hash(body.password).await?;
    let row = db::write(&state.pool, move |conn| {
        create_staff_user(
            conn,
            &email,
            &password_hash,
            body.display_name.trim(),
            body.role,
        )
    })
    .await?;
    Ok(HttpResponse::Created().json(row.view()?))
}

/// Inserts an admin, desk or reviewer account; shared by `POST /users` and `create-user`.
pub fn create_staff_user(
    conn: &mut db::DbConn,
    email: &str,
    password_hash: &str,
    display_name: &str,
    role: Role,
) -> Result<super::store::UserRow, ApiError> {
    let now = db::now();
    let row = insert_user(
        conn,
        &NewUser {
            id: &db::new_id(),
            email,
            password_hash,
            display_name,
            role: role.as_str(),
            company_id: None,
            buyer_id: None,
            created_at: now,
            updated_at: now,
        },
    )
    .map_err(|e| match ApiError::from(e) {
        ApiError::Conflict(_) => ApiError::Conflict("this e-mail is already registered".into()),
        other => other,
    })?;
    Ok(row)
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UserAdminChanges {
    #[validate(length(min = 1, max = 100))]
    pub display_name: Option<String>,
    /// A staff account may move between `admin`, `desk` and `reviewer`.
    pub role: Option<Role>,
    /// `true` disables the account (and revokes its refresh tokens); `false` enables it.
    pub disabled: Option<bool>,
}

/// Change another account's role, name or whether it is disabled (admin).
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    request_body = UserAdminChanges,
    params(("id" = Uuid, Path, description = "User id")),
    responses(
        (status = 200, description = "Updated", body = UserView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such user", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "You cannot disable or demote yourself", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/users/{id}")]
pub async fn update_user(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    JsonBody(body): JsonBody<UserAdminChanges>,
) -> Result<web::Json<UserView>, ApiError> {
    policy::manage_users(&user)?;
    let target = path.into_inner();
    // An admin who locks themselves out leaves the programme without one.
    if target == user.id
        && (body.disabled == Some(true) || body.role.is_some_and(|r| r != Role::Admin))
    {
        return Err(ApiError::Conflict(
            "you cannot disable or demote your own account".into(),
        ));
    }
    let id = target.to_string();
    let row = db::write(&state.pool, move |conn| {
        let current = find_user(conn, &id)?;
        if let Some(role) = body.role {
            if !(role.is_staff() && current.role()?.is_staff()) {
                return Err(ApiError::invalid(
                    "role",
                    "only staff accounts change role, and only to admin, desk or reviewer",
                ));
            }
        }
        let now = db::now();
        let changes = UserChanges {
            display_name: body.display_name.map(|n| n.trim().to_owned()),
            role: body.role.map(|r| r.as_str().to_owned()),
            disabled_at: body
                .disabled
                .map(|d| d.then_some(current.disabled_at.unwrap_or(now))),
            updated_at: Some(now),
            ..UserChanges::default()
        };
        let row = store_update(conn, &id, &changes)?;
        if body.disabled == Some(true) {
            revoke_user_tokens(conn, &id, now)?;
        }
        Ok(row)
    })
    .await?;
    Ok(web::Json(row.view()?))
}
