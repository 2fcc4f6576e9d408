//! `/auth`: registration, login, token refresh and logout.

use std::net::{IpAddr, Ipv4Addr};

use actix_web::{post, web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use super::store::{self as tokens_store, NewRefreshToken};
use super::tokens::{self, ACCESS_TOKEN_TTL, REFRESH_TOKEN_TTL};
use super::Role;
use crate::buyers::store::{insert_buyer, NewBuyer};
use crate::codes::is_country_code;
use crate::companies::store::{insert_company, NewCompany};
use crate::db::{self, DbConn};
use crate::error::{ApiError, Problem};
use crate::extract::JsonBody;
use crate::users::store::{find_user, find_user_by_email, insert_user, NewUser, UserRow};
use crate::users::{normalize_email, UserView};
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
    pub name_ja: String,
    #[validate(length(min = 1, max = 200))]
    pub name_en: String,
    #[validate(length(min = 1, max = 100))]
    pub industry: String,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterBuyer {
    #[validate(length(min = 1, max = 200))]
    pub name: String,
    /// ISO 3166-1 alpha-2, e.g. `TH`.
    #[schema(example = "TH")]
    pub country: String,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterRequest {
    #[schema(example = "tanaka@example.jp")]
    pub email: String,
    #[validate(length(min = 10, max = 128))]
    pub password: String,
    #[validate(length(min = 1, max = 100))]
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
    pub email: String,
    #[validate(length(max = 1024))]
    pub password: String,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    #[validate(length(max = 512))]
    pub refresh_token: String,
}

/// A signed-in session: a short-lived access token and the refresh token that renews it.
#[derive(Debug, Serialize, ToSchema)]
pub struct Session {
    pub access_token: String,
    #[schema(example = "Bearer")]
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: i64,
    /// Opaque; single use. Present it to `/auth/refresh` for a new pair.
    pub refresh_token: String,
    pub user: UserView,
}

/// The client address used for rate limiting.
fn client_ip(req: &HttpRequest, state: &AppState) -> IpAddr {
    let forwarded = state
        .config
        .trust_forwarded_for
        .then(|| {
            req.connection_info()
                .realip_remote_addr()
                .map(str::to_owned)
        })
        .flatten()
        .and_then(|addr| {
            addr.parse::<IpAddr>()
                .ok()
                .or_else(|| addr.parse::<std::net::SocketAddr>().ok().map(|a| a.ip()))
        });
    forwarded
        .or_else(|| req.peer_addr().map(|addr| addr.ip()))
        .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
}

/// Starts a new refresh-token family for `user` and signs an access token.
pub fn start_session(
    conn: &mut DbConn,
    state: &AppState,
    user: &UserRow,
) -> Result<Session, ApiError> {
    let family_id = db::new_id();
    issue_in_family(conn, state, user, &family_id)
}

fn issue_in_family(
    conn: &mut DbConn,
    state: &AppState,
    user: &UserRow,
    family_id: &str,
) -> Result<Session, ApiError> {
    let (refresh_token, token_hash) = tokens::new_refresh_token();
    let now = db::now();
    tokens_store::insert_refresh_token(
        conn,
        &NewRefreshToken {
            id: &db::new_id(),
            user_id: &user.id,
            family_id,
            token_hash: &token_hash,
            expires_at: now + REFRESH_TOKEN_TTL,
            created_at: now,
        },
    )?;
    Ok(Session {
        access_token: state.tokens.issue(&user.principal()?)?,
        token_type: "Bearer".into(),
        expires_in: ACCESS_TOKEN_TTL.num_seconds(),
        refresh_token,
        user: user.view()?,
    })
}

/// Create an account (an SME with its pending company, a buyer with its organisation, or a
/// candidate) and sign it in.
#[utoipa::path(
    tag = "auth",
    request_body = RegisterRequest,
    responses(
        (status = 201, description = "Account created and signed in", body = Session),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The e-mail is already registered", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many registrations from this address", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/register")]
pub async fn register(
    req: HttpRequest,
    state: web::Data<AppState>,
    JsonBody(body): JsonBody<RegisterRequest>,
) -> Result<HttpResponse, ApiError> {
    state.limits.check_register(client_ip(&req, &state))?;
    let email = normalize_email("email", &body.email)?;
    match (body.account_type, &body.company, &body.buyer) {
        (AccountType::Sme, Some(_), None) | (AccountType::Candidate, None, None) => {}
        (AccountType::Buyer, None, Some(buyer)) => {
            if !is_country_code(&buyer.country) {
                return Err(ApiError::invalid(
                    "buyer.country",
                    "must be an ISO 3166-1 alpha-2 code in upper case, e.g. TH",
                ));
            }
        }
        (AccountType::Sme, _, _) => {
            return Err(ApiError::invalid(
                "company",
                "is required for an sme account, and buyer is not allowed",
            ))
        }
        (AccountType::Buyer, _, _) => {
            return Err(ApiError::invalid(
                "buyer",
                "is required for a buyer account, and company is not allowed",
            ))
        }
        (AccountType::Candidate, _, _) => {
            return Err(ApiError::invalid(
                "account_type",
                "a candidate account takes neither company nor buyer",
            ))
        }
    }
    let password_hash = state.passwords.hash(body.password.clone()).await?;
    let session_state = state.clone();
    let session = db::write(&state.pool, move |conn| {
        let now = db::now();
        let mut company_id = None;
        let mut buyer_id = None;
        let role = match body.account_type {
            AccountType::Sme => {
                let company = body
                    .company
                    .as_ref()
                    .ok_or_else(|| ApiError::internal("checked before the transaction"))?;
                let id = db::new_id();
                insert_company(
                    conn,
                    &NewCompany {
                        id: &id,
                        name_ja: company.name_ja.trim(),
                        name_en: company.name_en.trim(),
                        industry: company.industry.trim(),
                        status: "pending",
                        created_at: now,
                        updated_at: now,
                    },
                )?;
                company_id = Some(id);
                Role::Sme
            }
            AccountType::Buyer => {
                let buyer = body
                    .buyer
                    .as_ref()
                    .ok_or_else(|| ApiError::internal("checked before the transaction"))?;
                let id = db::new_id();
                insert_buyer(
                    conn,
                    &NewBuyer {
                        id: &id,
                        name: buyer.name.trim(),
                        country: &buyer.country,
                        created_at: now,
                        updated_at: now,
                    },
                )?;
                buyer_id = Some(id);
                Role::Buyer
            }
            AccountType::Candidate => Role::Candidate,
        };
        if find_user_by_email(conn, &email)?.is_some() {
            return Err(ApiError::Conflict(
                "this e-mail is already registered".into(),
            ));
        }
        let user = insert_user(
            conn,
            &NewUser {
                id: &db::new_id(),
                email: &email,
                password_hash: &password_hash,
                display_name: body.display_name.trim(),
                role: role.as_str(),
                company_id: company_id.as_deref(),
                buyer_id: buyer_id.as_deref(),
                created_at: now,
                updated_at: now,
            },
        )?;
        start_session(conn, &session_state, &user)
    })
    .await?;
    Ok(HttpResponse::Created().json(session))
}

/// Sign in with e-mail and password.
#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in", body = Session),
        (status = 401, description = "Wrong e-mail or password", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The account is disabled", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
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
    state.limits.check_login(client_ip(&req, &state), &email)?;
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
        _ => return Err(ApiError::Unauthorized("invalid e-mail or password".into())),
    };
    if user.disabled_at.is_some() {
        return Err(ApiError::Forbidden("this account is disabled".into()));
    }
    let session_state = state.clone();
    let session = db::write(&state.pool, move |conn| {
        start_session(conn, &session_state, &user)
    })
    .await?;
    Ok(web::Json(session))
}

/// What happened to a presented refresh token.
enum Rotation {
    Rotated(Box<Session>),
    Refused(&'static str),
}

/// Trade a refresh token for a new access token and a new refresh token. Each refresh token
/// works once; presenting a used one again revokes every token descended from the same login.
#[utoipa::path(
    tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "A new token pair", body = Session),
        (status = 401, description = "Unknown, expired, revoked or reused refresh token", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
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
        let now = db::now();
        let Some(token) = tokens_store::find_refresh_token(conn, &hash)? else {
            return Ok(Rotation::Refused("the refresh token is not valid"));
        };
        if token.used_at.is_some() || token.revoked_at.is_some() {
            tokens_store::revoke_family(conn, &token.family_id, now)?;
            tracing::warn!(family = %token.family_id, "refresh token reused; family revoked");
            return Ok(Rotation::Refused(
                "the refresh token was already used or revoked",
            ));
        }
        if token.expires_at <= now {
            return Ok(Rotation::Refused("the refresh token has expired"));
        }
        let user = find_user(conn, &token.user_id)?;
        if user.disabled_at.is_some() {
            tokens_store::revoke_family(conn, &token.family_id, now)?;
            return Ok(Rotation::Refused("this account is disabled"));
        }
        if !tokens_store::claim_refresh_token(conn, &token.id, now)? {
            tokens_store::revoke_family(conn, &token.family_id, now)?;
            return Ok(Rotation::Refused(
                "the refresh token was already used or revoked",
            ));
        }
        let session = issue_in_family(conn, &session_state, &user, &token.family_id)?;
        Ok::<_, ApiError>(Rotation::Rotated(Box::new(session)))
    })
    .await?;
    match rotation {
        Rotation::Rotated(session) => Ok(web::Json(*session)),
        Rotation::Refused(reason) => Err(ApiError::Unauthorized(reason.into())),
    }
}

/// Sign out: revokes the presented refresh token and every token of its login.
/// Answers 204 whether or not the token was known.
#[utoipa::path(
    tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 204, description = "Signed out"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/logout")]
pub async fn logout(
    state: web::Data<AppState>,
    JsonBody(body): JsonBody<RefreshRequest>,
) -> Result<HttpResponse, ApiError> {
    let hash = tokens::hash_refresh_token(&body.refresh_token);
    db::write(&state.pool, move |conn| {
        if let Some(token) = tokens_store::find_refresh_token(conn, &hash)? {
            tokens_store::revoke_family(conn, &token.family_id, db::now())?;
        }
        Ok(())
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
