//! User accounts and sessions: registration and sign-in (`/auth`), the caller's own account
//! (`/me`) and, for admins, everyone's (`/users`).

pub mod accounts;
pub mod api;
pub mod registration;
pub mod session;
pub mod store;

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::{AuthUser, Role};
use crate::db::parse_id;
use crate::error::ApiError;
use crate::i18n::{Locale, Msg};
use store::UserRow;

/// An account as the API shows it. The password hash never leaves the store.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UserView {
    pub id: Uuid,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub company_id: Option<Uuid>,
    pub buyer_id: Option<Uuid>,
    /// A scoped staff account's municipality; `null`: host-wide (or not staff).
    pub municipality_id: Option<Uuid>,
    pub disabled: bool,
    pub created_at: DateTime<Utc>,
    /// The language of the messages the service sends this account.
    pub locale: Locale,
}

impl UserRow {
    /// The identity an access token for this user carries.
    pub fn principal(&self) -> Result<AuthUser, ApiError> {
        Ok(AuthUser {
            id: parse_id(&self.id)?,
            role: self.role,
            company_id: self.company_id.as_deref().map(parse_id).transpose()?,
            buyer_id: self.buyer_id.as_deref().map(parse_id).transpose()?,
            municipality_id: self.municipality_id.as_deref().map(parse_id).transpose()?,
        })
    }

    pub fn view(&self) -> Result<UserView, ApiError> {
        let principal = self.principal()?;
        Ok(UserView {
            id: principal.id,
            email: self.email.clone(),
            display_name: self.display_name.clone(),
            role: principal.role,
            company_id: principal.company_id,
            buyer_id: principal.buyer_id,
            municipality_id: principal.municipality_id,
            disabled: self.disabled_at.is_some(),
            created_at: self.created_at.and_utc(),
            locale: self.locale,
        })
    }
}

/// E-mails are compared trimmed and lower-cased, so `Ann@Example.com ` is `ann@example.com`.
pub fn normalize_email(field: &str, raw: &str) -> Result<String, ApiError> {
    use validator::ValidateEmail;
    let email = raw.trim().to_lowercase();
    if email.len() > 254 || !email.validate_email() {
        return Err(ApiError::invalid(field, Msg::Email));
    }
    Ok(email)
}
