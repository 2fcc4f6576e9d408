//! `/users`: every account, and staff accounts, for admins.

use actix_web::{get, patch, post, web, HttpResponse};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use crate::auth::{policy, AuthUser, Role};
use crate::db;
use crate::error::{ApiError, Problem};
use crate::extract::{JsonBody, Query};
use crate::i18n::Msg;
use crate::paging::{Page, PageParams, Paging};
use crate::users::accounts::{change_account, check_own_account, create_staff_user, AdminChange};
use crate::users::store::list_users as load_users;
use crate::users::{normalize_email, UserView};
use crate::AppState;

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UserListQuery {
    /// Only users of this role.
    pub role: Option<Role>,
}

/// List accounts
///
/// Every account, oldest first. Admins only.
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    params(UserListQuery, PageParams),
    responses(
        (status = 200, description = "One page of users", body = Page<UserView>),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/users")]
pub async fn list_users(
    user: AuthUser,
    state: web::Data<AppState>,
    Query(query): Query<UserListQuery>,
    Paging(page): Paging,
) -> Result<web::Json<Page<UserView>>, ApiError> {
    policy::manage_users(&user)?;
    let role = query.role;
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

/// The document's name for the roles [`Role::is_staff`] accepts, listed by asking it.
pub struct StaffRole;

impl utoipa::PartialSchema for StaffRole {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        let roles = [
            Role::Admin,
            Role::Desk,
            Role::Reviewer,
            Role::Sme,
            Role::Buyer,
            Role::Candidate,
        ];
        crate::codes::code_list_schema(
            "A staff role.",
            roles
                .into_iter()
                .filter(|role| role.is_staff())
                .map(|role| role.as_str().to_owned())
                .collect(),
        )
    }
}

impl ToSchema for StaffRole {}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewStaffUser {
    #[schema(format = Email, max_length = 254)]
    pub email: String,
    #[validate(length(min = 10, max = 128))]
    #[schema(min_length = 10, max_length = 128)]
    pub password: String,
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub display_name: String,
    /// `admin`, `desk` or `reviewer`; companies, buyers and candidates register themselves.
    #[schema(value_type = StaffRole)]
    pub role: Role,
    /// Scopes an admin, desk or reviewer account to one municipality (`GET
    /// /municipalities`): it then acts on that municipality's companies and reads its
    /// figures only. Absent: host-wide.
    pub municipality_id: Option<Uuid>,
}

/// Create a staff account
///
/// An admin, desk or reviewer account, host-wide or scoped to one municipality. Host-wide
/// admins only.
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    request_body = NewStaffUser,
    responses(
        (status = 201, description = "Created", body = UserView),
        (status = 403, description = "Not a host-wide admin", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The e-mail is already registered", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Business rule: only an admin, desk or reviewer account is scoped, to a municipality that exists", body = Problem, content_type = "application/problem+json"),
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
        return Err(ApiError::invalid("role", Msg::StaffRole));
    }
    let password_hash = state.passwords.hash(body.password).await?;
    let row = db::write(&state.pool, move |conn| {
        let display_name = body.display_name.trim();
        create_staff_user(
            conn,
            &email,
            &password_hash,
            display_name,
            body.role,
            body.municipality_id.as_ref(),
        )
    })
    .await?;
    Ok(HttpResponse::Created().json(row.view()?))
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UserAdminChanges {
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub display_name: Option<String>,
    /// A staff account may move between `admin`, `desk` and `reviewer`.
    pub role: Option<Role>,
    /// `true` disables the account (and revokes its refresh tokens); `false` enables it.
    pub disabled: Option<bool>,
}

/// Update another account
///
/// Its role, its name, or whether it is disabled. Admins only.
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    request_body = UserAdminChanges,
    params(("id" = Uuid, Path, description = "User id")),
    responses(
        (status = 200, description = "Updated", body = UserView),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such user", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "You cannot disable or demote yourself", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Business rule: only a staff account changes role, and only to `admin`, `desk` or `reviewer`", body = Problem, content_type = "application/problem+json"),
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
    let change = AdminChange {
        display_name: body.display_name,
        role: body.role,
        disabled: body.disabled,
    };
    check_own_account(&user.id, &target, &change)?;
    let id = target.to_string();
    let row = db::write(&state.pool, move |conn| change_account(conn, &id, change)).await?;
    Ok(web::Json(row.view()?))
}
