//! Every role and ownership rule of the API, in one place. Handlers ask here before they
//! act; nothing else decides who may do what.

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
