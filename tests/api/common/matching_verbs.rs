//! Matchmaking's routes as verbs on [`TestApp`] (see [`super::verbs`]).

use std::fmt::Display;

use actix_web::http::Method;
use serde_json::Value;

use super::verbs::{with_query, Caller};
use super::{RequestBuilder, TestApp};

impl TestApp {
    /// The verified buyers registered for a fair.
    pub fn list_fair_buyers<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        event: impl Display,
    ) -> RequestBuilder<'_> {
        self.call(Method::GET, by, &format!("/api/v1/events/{event}/buyers"))
    }

    /// A side's wishes (`query`: `company_id=…` or `buyer_id=…`, or `""` for one's own).
    pub fn get_preferences<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        event: impl Display,
        query: &str,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::GET,
            by,
            &with_query(format!("/api/v1/events/{event}/preferences"), query),
        )
    }

    pub fn put_preferences<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        event: impl Display,
        body: &Value,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::PUT,
            by,
            &format!("/api/v1/events/{event}/preferences"),
        )
        .json(body)
    }

    /// Suggestions (`query`: `company_id=…` or `buyer_id=…`).
    pub fn list_matches<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        event: impl Display,
        query: &str,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::GET,
            by,
            &with_query(format!("/api/v1/events/{event}/matches"), query),
        )
    }

    pub fn decline_meeting<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        meeting: impl Display,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::POST,
            by,
            &format!("/api/v1/meetings/{meeting}/decline"),
        )
    }
}
