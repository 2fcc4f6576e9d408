//! The API's integration tests: one binary, every test on SQLite and on PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

// Harness helpers serve every test module; not each module uses each helper.
#[allow(dead_code)]
mod common;

mod catalogue_matrix;
mod cli;
mod cluster;
mod crash;
mod deploy;
mod errors;
mod hostile;
mod ops;
mod owasp;
mod races;
mod routes;
