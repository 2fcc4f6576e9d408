//! The buyers domain's HTTP handlers: the organisations (recommendations are matchmaking, in meetings).

pub mod organisations;

use uuid::Uuid;

use super::store::{find_buyer, BuyerRow};
use crate::auth::{policy, AuthUser};
use crate::db;
use crate::error::ApiError;
use crate::AppState;

/// Loads a buyer organisation the caller may manage; others' are not found.
pub(crate) async fn managed_buyer(
    state: &AppState,
    user: &AuthUser,
    id: Uuid,
) -> Result<BuyerRow, ApiError> {
    if !policy::can_manage_buyer(user, &id) {
        return Err(ApiError::NotFound);
    }
    let key = id.to_string();
    db::run(&state.pool, move |conn| Ok(find_buyer(conn, &key)?)).await
}
