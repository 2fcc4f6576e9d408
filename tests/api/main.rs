//! The API's integration tests: one binary, every test on SQLite and on PostgreSQL.
//!
//! - `routes/<resource>/<action>.rs` (or `routes/<resource>.rs` where a resource has few
//!   tests): what one route does, named like the product
//!   (`routes::meetings::request::only_verified_buyers_request_and_only_exhibitors_are_asked`).
//! - `suites/`: properties of the whole API rather than of one route: the route × role
//!   matrix, OWASP, hostile input, errors, ops (health, metrics), races, crash safety, a
//!   cluster, deployment and the command line.
//! - `common/`: the harness. `api_test!` runs a test on both backends; `TestApp` gives each
//!   test its own database and signed-in users of every role; `verbs.rs` holds the API's
//!   routes as methods (`app.accept_meeting(&sme, id)`), the only place a route test's URL is
//!   written; `fixtures.rs` builds the world a test starts from (`approved_sme`,
//!   `verified_buyer`, `trade_fair`, `accepted_meeting`, `held_meeting`, ...); `server.rs` and
//!   `http.rs` run the real binary on a port.
#![allow(clippy::unwrap_used, clippy::expect_used)]

// Harness helpers serve every test module; not each module uses each helper.
#[allow(dead_code)]
mod common;

mod routes;
mod suites;
