//! The events domain's HTTP surface, one file per resource: events, and a trade fair's
//! exhibitors, registered buyers, slots, tables and interpreters; registrations.

pub mod events;
pub mod exhibitors;
pub mod fair_buyers;
pub mod interpreters;
pub mod registrations;
pub mod slots;
pub mod tables;

use uuid::Uuid;

use crate::db;
use crate::error::ApiError;
use crate::events::store::{self as events_store, EventRow};
use crate::AppState;

/// The event `id`, or 404.
pub(crate) async fn load_event(state: &AppState, id: Uuid) -> Result<EventRow, ApiError> {
    let key = id.to_string();
    db::run(&state.pool, move |conn| {
        Ok(events_store::find_event(conn, &key)?)
    })
    .await
}
