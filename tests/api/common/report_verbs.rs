//! The yearly report's routes as verbs on [`TestApp`] (see [`super::verbs`]).

use actix_web::http::Method;
use serde_json::Value;

use super::verbs::{with_query, Caller};
use super::{RequestBuilder, TestApp};

impl TestApp {
    pub fn open_report<'c>(&self, by: impl Into<Caller<'c>>, year: i32) -> RequestBuilder<'_> {
        self.call(Method::POST, by, &format!("/api/v1/reports/{year}"))
    }

    pub fn get_report<'c>(&self, by: impl Into<Caller<'c>>, year: i32) -> RequestBuilder<'_> {
        self.call(Method::GET, by, &format!("/api/v1/reports/{year}"))
    }

    /// Writes and signs the caller's own opinion on `year`'s report.
    pub fn sign_opinion<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        year: i32,
        body: &Value,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::PUT,
            by,
            &format!("/api/v1/reports/{year}/opinions/me"),
        )
        .json(body)
    }

    pub fn publish_report<'c>(&self, by: impl Into<Caller<'c>>, year: i32) -> RequestBuilder<'_> {
        self.call(Method::POST, by, &format!("/api/v1/reports/{year}/publish"))
    }

    pub fn correct_report<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        year: i32,
        body: &Value,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::POST,
            by,
            &format!("/api/v1/reports/{year}/corrections"),
        )
        .json(body)
    }

    pub fn public_report<'c>(&self, by: impl Into<Caller<'c>>, year: i32) -> RequestBuilder<'_> {
        self.call(Method::GET, by, &format!("/api/v1/public/reports/{year}"))
    }

    /// One published version's canonical bytes.
    pub fn public_report_version<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        year: i32,
        version: i32,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::GET,
            by,
            &format!("/api/v1/public/reports/{year}/versions/{version}"),
        )
    }

    pub fn public_report_csv<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        year: i32,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::GET,
            by,
            &format!("/api/v1/public/reports/{year}.csv"),
        )
    }

    /// The printable page; `query` such as `lang=en` (`""` for none).
    pub fn public_report_page<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        year: i32,
        query: &str,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::GET,
            by,
            &with_query(format!("/api/v1/public/reports/{year}.html"), query),
        )
    }

    pub fn research_reach<'c>(&self, by: impl Into<Caller<'c>>, query: &str) -> RequestBuilder<'_> {
        self.call(
            Method::GET,
            by,
            &with_query("/api/v1/research/reach".into(), query),
        )
    }
}
