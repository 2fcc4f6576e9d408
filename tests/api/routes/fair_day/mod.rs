//! The fair day: participants and badges, check-ins, the live board, and who may use them.

mod badges;
mod check_ins;
mod live;
mod matrix;
mod standby;

use serde_json::Value;

use crate::common::{TestApp, TestUser};

/// The check-in code on the badge of `participant` at `event`, as the desk reads it.
pub(super) async fn code_of(
    app: &TestApp,
    desk: &TestUser,
    event: &str,
    participant: impl std::fmt::Display,
) -> String {
    let badge: Value = app.get_badge(desk, event, participant).await.expect(200);
    badge["token"].as_str().unwrap().to_owned()
}
