//! `/auth`: registration, login, token refresh and logout.

use actix_web::{post, web, HttpRequest, HttpResponse};
use serde::Deserialize;
use utoipa::ToSchema;
use validator::Validate;

use crate::auth::rate_limit::client_ip;
use crate::auth::tokens;
use crate::codes::CountryCode;
use crate::db;
use crate::error::{ApiError, Problem};
use crate::extract::JsonBody;
use crate::i18n::Msg;
use crate::users::normalize_email;
use crate::users::registration;
use crate::users::session::{end_session, rotate_refresh_token, start_session, Rotation, Session};
use crate::users::store::{find_user_by_email, register_account};
use crate::AppState;

/// What a new account is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AccountType {
    /// A member of a Sagamihara manufacturer; creates the company, pending approval.
    Sme,
    /// A member of an overseas buyer organisation; creates the organisation, unverified.
    Buyer,
    /// An overseas student or graduate (Global I-turn).
    Candidate,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterCompany {
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub name_ja: String,
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub name_en: String,
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub industry: String,
    /// The municipality the company belongs to (`GET /municipalities`); the host when
    /// absent.
    pub municipality_id: Option<uuid::Uuid>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterBuyer {
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
    /// ISO 3166-1 alpha-2, e.g. `TH`.
    #[schema(example = "TH", value_type = CountryCode)]
    pub country: String,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterRequest {
    #[schema(example = "tanaka@example.jp", format = Email, max_length = 254)]
    pub email: String,
    #[validate(length(min = 10, max = 128))]
    #[schema(min_length = 10, max_length = 128)]
    pub password: String,
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub display_name: String,
    pub account_type: AccountType,
    /// Required for `sme`, refused otherwise.
    #[validate(nested)]
    pub company: Option<RegisterCompany>,
    /// Required for `buyer`, refused otherwise.
    #[validate(nested)]
    pub buyer: Option<RegisterBuyer>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    #[schema(format = Email, max_length = 254)]
    pub email: String,
    #[validate(length(max = 1024))]
    #[schema(max_length = 1024)]
    pub password: String,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    #[validate(length(max = 512))]
    #[schema(max_length = 512)]
    pub refresh_token: String,
}

/// Register an account
///
/// Creates an SME account with its pending company, a buyer with its organisation, or a
/// candidate, and signs it in: the answer carries the tokens. An SME's company becomes public
/// once the desk approves it; a buyer requests meetings once the desk verifies it.
#[utoipa::path(
    tag = "auth",
    security(()),
    request_body(content = RegisterRequest, example = json!({
        "email": "tanaka@example.jp",
        "password": "precision-2026",
        "display_name": "田中 一郎",
        "account_type": "sme",
        "company": {
            "name_ja": "田中精密工業",
            "name_en": "Tanaka Precision",
            "industry": "precision machining"
        }
    })),
    responses(
        (status = 201, description = "Account created and signed in", body = Session, example = json!({
            "access_token": "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIwMWEyMzQ4MS1iNmIxLTcyNDctOTg0NC1kOWJiNDgxM2MzMjMiLCJyb2xlIjoiYnV5ZXIifQ.QEwgOniSO0ti6RAjR-bLRTIE78y4UXgaRafLbWX75fE",
            "token_type": "Bearer",
            "expires_in": 900,
            "refresh_token": "kKkRmmwvSejAKoRWtEcx-ztffUe8zWtDdJCCRj2XBEI",
            "user": {
                "id": "01a23482-c3d1-7b20-9a51-7f0e2b8d4c11",
                "email": "tanaka@example.jp",
                "display_name": "田中 一郎",
                "role": "sme",
                "company_id": "01a23482-c3d0-71f4-8e2a-5b6c9d0e1f23",
                "buyer_id": null,
                "disabled": false,
                "locale": "ja",
                "created_at": "2026-12-02T02:10:00.000000Z"
            }
        })),
        (status = 409, description = "The e-mail is already registered", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many registrations from this address", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Business rule: an `sme` account sends `company` and no `buyer`, a `buyer` account `buyer` and no `company`, a `candidate` neither", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/register")]
pub async fn register(
    req: HttpRequest,
    state: web::Data<AppState>,
    JsonBody(body): JsonBody<RegisterRequest>,
) -> Result<HttpResponse, ApiError> {
    let ip = client_ip(&req, state.config.trust_forwarded_for);
    state.limits.check_register(ip)?;
    let email = normalize_email("email", &body.email)?;
    let account = registration::account(
        body.account_type,
        body.company.as_ref(),
        body.buyer.as_ref(),
    )?;
    let password_hash = state.passwords.hash(body.password.clone()).await?;
    let session_state = state.clone();
    let session = db::write(&state.pool, move |conn| {
        let display_name = body.display_name.trim();
        let user = register_account(conn, &email, &password_hash, display_name, &account)?;
        start_session(conn, &session_state, &user)
    })
    .await?;
    Ok(HttpResponse::Created().json(session))
}

/// Sign in
///
/// With e-mail and password. Send the access token as `Authorization: Bearer <token>`; the
/// refresh token buys a new pair at `POST /api/v1/auth/refresh`. Attempts are limited per
/// address and per account (429, with `Retry-After`).
#[utoipa::path(
    tag = "auth",
    security(()),
    request_body(content = LoginRequest, example = json!({
        "email": "buyer1@demo.sagamihara-match.example",
        "password": "sagamihara-demo-2026"
    })),
    responses(
        (status = 200, description = "Signed in", body = Session, example = json!({
            "access_token": "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIwMWEyMzQ4MS1iNmIxLTcyNDctOTg0NC1kOWJiNDgxM2MzMjMiLCJyb2xlIjoiYnV5ZXIifQ.QEwgOniSO0ti6RAjR-bLRTIE78y4UXgaRafLbWX75fE",
            "token_type": "Bearer",
            "expires_in": 900,
            "refresh_token": "kKkRmmwvSejAKoRWtEcx-ztffUe8zWtDdJCCRj2XBEI",
            "user": {
                "id": "01a23481-b6b1-7247-9844-d9bb4813c323",
                "email": "buyer1@demo.sagamihara-match.example",
                "display_name": "Siam Precision Parts buyer",
                "role": "buyer",
                "company_id": null,
                "buyer_id": "01a23481-b6b0-74b9-a64a-0aaad849c297",
                "disabled": false,
                "locale": "en",
                "created_at": "2026-12-02T02:07:25.872689Z"
            }
        })),
        (status = 401, description = "Wrong e-mail or password", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The account is disabled", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/login")]
pub async fn login(
    req: HttpRequest,
    state: web::Data<AppState>,
    JsonBody(body): JsonBody<LoginRequest>,
) -> Result<web::Json<Session>, ApiError> {
    let email = body.email.trim().to_lowercase();
    let ip = client_ip(&req, state.config.trust_forwarded_for);
    state.limits.check_login(ip, &email)?;
    let lookup = email.clone();
    let user = db::run(&state.pool, move |conn| {
        Ok(find_user_by_email(conn, &lookup)?)
    })
    .await?;
    // An unknown e-mail is checked against a dummy hash: same cost, same answer.
    let hash = user.as_ref().map(|u| u.password_hash.clone());
    let valid = state.passwords.verify(body.password, hash).await?;
    let user = match user {
        Some(user) if valid => user,
        _ => return Err(ApiError::Unauthorized(Msg::BadCredentials)),
    };
    if user.disabled_at.is_some() {
        return Err(ApiError::Forbidden(Msg::AccountDisabled));
    }
    let session_state = state.clone();
    let session = db::write(&state.pool, move |conn| {
        start_session(conn, &session_state, &user)
    })
    .await?;
    Ok(web::Json(session))
}

/// Refresh the tokens
///
/// Trades a refresh token for a new access token and a new refresh token. Each refresh token
/// works once; presenting a used one again revokes every token descended from the same
/// login.
#[utoipa::path(
    tag = "auth",
    security(()),
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "A new token pair", body = Session),
        (status = 401, description = "Unknown, expired, revoked or reused refresh token", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/refresh")]
pub async fn refresh(
    state: web::Data<AppState>,
    JsonBody(body): JsonBody<RefreshRequest>,
) -> Result<web::Json<Session>, ApiError> {
    let hash = tokens::hash_refresh_token(&body.refresh_token);
    let session_state = state.clone();
    // The transaction commits in every case: a revocation must stick even though the
    // caller is refused.
    let rotation = db::write(&state.pool, move |conn| {
        rotate_refresh_token(conn, &session_state, &hash)
    })
    .await?;
    match rotation {
        Rotation::Rotated(session) => Ok(web::Json(*session)),
        Rotation::Refused(reason) => Err(ApiError::Unauthorized(reason)),
    }
}

/// Sign out
///
/// Revokes the presented refresh token and every token of its login. Answers 204 whether or
/// not the token was known.
#[utoipa::path(
    tag = "auth",
    security(()),
    request_body = RefreshRequest,
    responses(
        (status = 204, description = "Signed out"),
    )
)]
#[post("/auth/logout")]
pub async fn logout(
    state: web::Data<AppState>,
    JsonBody(body): JsonBody<RefreshRequest>,
) -> Result<HttpResponse, ApiError> {
    let hash = tokens::hash_refresh_token(&body.refresh_token);
    db::write(&state.pool, move |conn| end_session(conn, &hash)).await?;
    Ok(HttpResponse::NoContent().finish())
}
