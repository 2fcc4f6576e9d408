//! Who is calling: roles, the access-token extractor, passwords, tokens, rate limits, and the
//! one policy module where role and ownership checks live.

mod hs256;
pub mod password;
pub mod policy;
pub mod rate_limit;
pub mod store;
pub mod tokens;

use std::future::{ready, Ready};

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{web, FromRequest, HttpRequest};
use uuid::Uuid;

use crate::error::ApiError;
use crate::i18n::{Locale, Msg};
use crate::AppState;

crate::stored_enum! {
    /// What a user may do; see the roles table in DESIGN.md.
    pub enum Role {
        Admin,
        Desk,
        Reviewer,
        Sme,
        Buyer,
        Candidate,
        /// A consortium expert (issue 24): writes research briefs (its own drafts) and speaks
        /// at forums; sees nothing of companies, buyers or meetings beyond what is public.
        Expert,
    }
}

impl Role {
    /// The language an account of this role starts with: Japanese for the SMEs and the
    /// city's staff, English for overseas buyers and candidates. The account may change it.
    pub fn default_locale(self) -> Locale {
        match self {
            Role::Buyer | Role::Candidate => Locale::En,
            Role::Admin | Role::Desk | Role::Reviewer | Role::Sme | Role::Expert => Locale::Ja,
        }
    }

    /// City staff and the consortium's experts: accounts an admin creates, never tied to a
    /// company or buyer.
    pub fn is_staff(self) -> bool {
        matches!(
            self,
            Role::Admin | Role::Desk | Role::Reviewer | Role::Expert
        )
    }
}

/// The caller, as proven by a valid access token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthUser {
    pub id: Uuid,
    pub role: Role,
    pub company_id: Option<Uuid>,
    pub buyer_id: Option<Uuid>,
    /// A scoped staff account's municipality; `None` for host-wide staff and for every
    /// account that is not staff. See [`policy::municipality_scope`].
    pub municipality_id: Option<Uuid>,
}

impl FromRequest for AuthUser {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(match MaybeAuthUser::extract_now(req) {
            Ok(MaybeAuthUser(Some(user))) => Ok(user),
            Ok(MaybeAuthUser(None)) => Err(ApiError::unauthorized()),
            Err(e) => Err(e),
        })
    }
}

/// For routes open to anonymous callers that show more to signed-in ones. A request that
/// sends a token must send a valid one: a bad token is a 401, never a silent downgrade.
#[derive(Debug, Clone)]
pub struct MaybeAuthUser(pub Option<AuthUser>);

impl MaybeAuthUser {
    fn extract_now(req: &HttpRequest) -> Result<Self, ApiError> {
        let Some(value) = req.headers().get(header::AUTHORIZATION) else {
            return Ok(MaybeAuthUser(None));
        };
        let token = value
            .to_str()
            .ok()
            .and_then(|v| {
                let (scheme, token) = v.split_once(' ')?;
                scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
            })
            .filter(|t| !t.is_empty())
            .ok_or(ApiError::Unauthorized(Msg::BearerHeader))?;
        let state = req
            .app_data::<web::Data<AppState>>()
            .ok_or_else(|| ApiError::internal("application state is not configured"))?;
        state
            .tokens
            .verify(token)
            .map(|user| MaybeAuthUser(Some(user)))
    }
}

impl FromRequest for MaybeAuthUser {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Self::extract_now(req))
    }
}
