//! The bulk import's routes as verbs on [`TestApp`] (see [`super::verbs`]).

use actix_web::http::Method;

use super::verbs::{with_query, Caller};
use super::{RequestBuilder, TestApp};

pub const CSV: &str = "text/csv";
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

impl TestApp {
    /// Sends a file to import: `query` says its kind and options (`kind=buyers&dry_run=true`).
    pub fn import_file<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        query: &str,
        content_type: &str,
        file: Vec<u8>,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::POST,
            by,
            &with_query("/api/v1/imports".into(), query),
        )
        .body(content_type, file)
    }

    /// A template: `file` is `<kind>.csv` or `<kind>.xlsx`.
    pub fn import_template<'c>(&self, by: impl Into<Caller<'c>>, file: &str) -> RequestBuilder<'_> {
        self.call(
            Method::GET,
            by,
            &format!("/api/v1/imports/templates/{file}"),
        )
    }
}
