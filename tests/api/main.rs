//! The API's integration tests: one binary, every test on SQLite and on PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

// Harness helpers serve every test module; not each module uses each helper.
#[allow(dead_code)]
mod common;

mod routes;
mod suites;
