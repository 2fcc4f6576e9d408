//! Every role and ownership rule of the API, in one place. Handlers ask here before they
//! act; nothing else decides who may do what.

use uuid::Uuid;

use super::{AuthUser, Role};
use crate::error::ApiError;

/// The caller's role must be one of `roles` (403 otherwise).
pub fn require_role(user: &AuthUser, roles: &[Role]) -> Result<(), ApiError> {
    if roles.contains(&user.role) {
        Ok(())
    } else {
        Err(ApiError::forbidden())
    }
}

/// Managing accounts of other people is an admin's job.
pub fn manage_users(user: &AuthUser) -> Result<(), ApiError> {
    require_role(user, &[Role::Admin])
}

/// The overseas support desk's powers (admins have them too).
pub fn is_desk(user: &AuthUser) -> bool {
    matches!(user.role, Role::Desk | Role::Admin)
}

pub fn require_desk(user: &AuthUser) -> Result<(), ApiError> {
    require_role(user, &[Role::Desk, Role::Admin])
}

/// A member of the company: an `sme` user whose token names it.
pub fn is_company_member(user: &AuthUser, company_id: &Uuid) -> bool {
    user.role == Role::Sme && user.company_id.as_ref() == Some(company_id)
}

/// Approved companies are public; others only to their members and the desk.
pub fn can_view_company(user: Option<&AuthUser>, company_id: &Uuid, approved: bool) -> bool {
    approved || user.is_some_and(|u| is_desk(u) || is_company_member(u, company_id))
}

/// A company's profile, capabilities and answers are its members' and the desk's to change.
pub fn can_edit_company(user: &AuthUser, company_id: &Uuid) -> bool {
    is_desk(user) || is_company_member(user, company_id)
}

/// A published capability of an approved company is public; anything else only to the
/// company's members and the desk.
pub fn can_view_capability(
    user: Option<&AuthUser>,
    company_id: &Uuid,
    company_approved: bool,
    published: bool,
) -> bool {
    (company_approved && published)
        || user.is_some_and(|u| is_desk(u) || is_company_member(u, company_id))
}

/// A buyer organisation is seen and edited by its own members and the desk; a buyer never
/// sees another buyer organisation.
pub fn can_manage_buyer(user: &AuthUser, buyer_id: &Uuid) -> bool {
    is_desk(user) || (user.role == Role::Buyer && user.buyer_id.as_ref() == Some(buyer_id))
}
