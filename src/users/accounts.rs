//! Changing accounts: staff accounts an admin creates, an admin's changes to any account,
//! and the rules that keep a programme from locking its last admin out. Store-backed
//! functions take the write transaction's connection.

use uuid::Uuid;

use super::store::{find_user, insert_user, update_user, UserInsert, UserRow, UserUpdate};
use crate::auth::store::revoke_user_tokens;
use crate::auth::{policy, Role};
use crate::db::{self, DbConn};
use crate::error::ApiError;
use crate::i18n::Msg;
use crate::municipalities::require_existing;
use crate::notifications::facts::AccountFacts;
use crate::notifications::{self, Audience, Facts, Kind};

/// What an admin asks to change about an account.
#[derive(Debug, Clone, Default)]
pub struct AdminChange {
    pub display_name: Option<String>,
    pub role: Option<Role>,
    pub disabled: Option<bool>,
}

/// An admin may change their own name, but not disable or demote themselves: an admin who
/// locks themselves out leaves the programme without one (409).
pub fn check_own_account(
    admin_id: &Uuid,
    target: &Uuid,
    change: &AdminChange,
) -> Result<(), ApiError> {
    let locks_out = change.disabled == Some(true) || change.role.is_some_and(|r| r != Role::Admin);
    if admin_id == target && locks_out {
        return Err(ApiError::Conflict(Msg::OwnAccount));
    }
    Ok(())
}

/// Applies an admin's change. Only staff accounts change role, and only among staff roles;
/// disabling keeps the first disabling time and revokes the account's refresh tokens.
pub fn change_account(
    conn: &mut DbConn,
    id: &str,
    change: AdminChange,
) -> Result<UserRow, ApiError> {
    let current = find_user(conn, id)?;
    if let Some(role) = change.role {
        if !(role.is_staff() && current.role.is_staff()) {
            return Err(ApiError::invalid("role", Msg::StaffRoleChange));
        }
        // A scoped account stays one of the roles that are scoped.
        if current.municipality_id.is_some() && !policy::may_be_scoped(role) {
            return Err(ApiError::invalid("role", Msg::ScopedStaffRoles));
        }
    }
    let now = db::now();
    let changes = UserUpdate {
        display_name: change.display_name.map(|n| n.trim().to_owned()),
        role: change.role,
        disabled_at: change
            .disabled
            .map(|d| d.then_some(current.disabled_at.unwrap_or(now))),
        updated_at: Some(now),
        ..UserUpdate::default()
    };
    let row = update_user(conn, id, &changes)?;
    if change.disabled == Some(true) {
        revoke_user_tokens(conn, id, now)?;
    }
    Ok(row)
}

/// Sets a new password hash and revokes every refresh token of the account, so other
/// sessions end when their access tokens expire.
pub fn set_password(conn: &mut DbConn, id: &str, password_hash: String) -> Result<(), ApiError> {
    let now = db::now();
    let changes = UserUpdate {
        password_hash: Some(password_hash),
        updated_at: Some(now),
        ..UserUpdate::default()
    };
    let row = update_user(conn, id, &changes)?;
    revoke_user_tokens(conn, id, now)?;
    tell_account(conn, Kind::PasswordChanged, &row)?;
    Ok(())
}

/// An account message (password changed, staff account created) to the account itself.
fn tell_account(conn: &mut DbConn, kind: Kind, row: &UserRow) -> Result<(), ApiError> {
    let facts = Facts::Account(AccountFacts {
        user_id: row.id.clone(),
        display_name: row.display_name.clone(),
        email: row.email.clone(),
        role: Some(row.role.as_str().to_owned()),
    });
    notifications::tell(conn, kind, &facts, &[Audience::Account(&row.id)])?;
    Ok(())
}

/// Inserts an admin, desk or reviewer account; shared by `POST /users` and `create-user`.
/// `municipality_id` scopes it to one municipality (admin, desk and reviewer only; 422
/// for another role or a municipality that does not exist); `None` makes it host-wide.
pub fn create_staff_user(
    conn: &mut DbConn,
    email: &str,
    password_hash: &str,
    display_name: &str,
    role: Role,
    municipality_id: Option<&Uuid>,
) -> Result<UserRow, ApiError> {
    if let Some(municipality) = municipality_id {
        if !policy::may_be_scoped(role) {
            return Err(ApiError::invalid("municipality_id", Msg::ScopedStaffRoles));
        }
        require_existing(conn, "municipality_id", municipality)?;
    }
    let municipality = municipality_id.map(Uuid::to_string);
    let now = db::now();
    let row = insert_user(
        conn,
        &UserInsert {
            id: &db::new_id(),
            email,
            password_hash,
            display_name,
            role,
            company_id: None,
            buyer_id: None,
            created_at: now,
            updated_at: now,
            locale: role.default_locale(),
            municipality_id: municipality.as_deref(),
        },
    )
    .map_err(|e| match ApiError::from(e) {
        ApiError::Conflict(_) => ApiError::Conflict(Msg::EmailTaken),
        other => other,
    })?;
    tell_account(conn, Kind::StaffAccountCreated, &row)?;
    Ok(row)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(role: Option<Role>, disabled: Option<bool>) -> AdminChange {
        AdminChange {
            display_name: None,
            role,
            disabled,
        }
    }

    #[test]
    fn an_admin_cannot_disable_or_demote_their_own_account() {
        let me = Uuid::now_v7();
        for locked_out in [
            change(None, Some(true)),
            change(Some(Role::Desk), None),
            change(Some(Role::Reviewer), Some(false)),
        ] {
            assert!(matches!(
                check_own_account(&me, &me, &locked_out),
                Err(ApiError::Conflict(_))
            ));
        }
    }

    #[test]
    fn an_admin_may_rename_themselves_and_change_others() {
        let (me, other) = (Uuid::now_v7(), Uuid::now_v7());
        let rename = AdminChange {
            display_name: Some("Ann".into()),
            ..AdminChange::default()
        };
        assert!(check_own_account(&me, &me, &rename).is_ok());
        assert!(check_own_account(&me, &me, &change(Some(Role::Admin), Some(false))).is_ok());
        assert!(check_own_account(&me, &other, &change(Some(Role::Desk), Some(true))).is_ok());
    }
}
