//! The council's yearly report: drafts, reviewers' signed opinions, publication as frozen,
//! hashed versions and corrections, the public JSON, CSV and printable page, and who may use
//! each route.

mod matrix;
mod opinions;
mod public;
mod publish;

use sagamihara_match::auth::Role;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::common::TestApp;

/// The lower-case hex SHA-256 of `bytes`, computed here rather than by the service.
pub(super) fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `year`'s report opened and published as version 1 by the admin: the publication.
pub(super) async fn published(app: &TestApp, year: i32) -> Value {
    let admin = app.user(Role::Admin);
    app.open_report(&admin, year).await.expect(201);
    app.publish_report(&admin, year).await.expect(201)
}

/// A programme cost of `amount_jpy` spent on `day`, recorded by the desk.
pub(super) async fn cost(app: &TestApp, day: &str, amount_jpy: i64) {
    let body = json!({"funding_source": "city_budget", "amount_jpy": amount_jpy, "spent_on": day, "description": "会場費"});
    app.record_programme_cost(&app.user(Role::Desk), &body)
        .await
        .expect(201);
}
