//! The fair day's routes as verbs on [`TestApp`] (see [`super::verbs`]).

use std::fmt::Display;

use actix_web::http::Method;
use serde_json::{json, Value};

use super::verbs::{with_query, Caller};
use super::{RequestBuilder, TestApp};

impl TestApp {
    pub fn list_participants<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        event: impl Display,
        query: &str,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::GET,
            by,
            &with_query(format!("/api/v1/events/{event}/participants"), query),
        )
    }

    pub fn get_badge<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        event: impl Display,
        participant: impl Display,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::GET,
            by,
            &format!("/api/v1/events/{event}/badges/{participant}"),
        )
    }

    pub fn get_badge_svg<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        event: impl Display,
        participant: impl Display,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::GET,
            by,
            &format!("/api/v1/events/{event}/badges/{participant}.svg"),
        )
    }

    /// Scans `token` at the desk of `event`.
    pub fn check_in<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        event: impl Display,
        token: &str,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::POST,
            by,
            &format!("/api/v1/events/{event}/check-ins"),
        )
        .json(&json!({ "token": token }))
    }

    /// Sends `scans` (`[{token, scanned_at}]`) made offline.
    pub fn check_in_batch<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        event: impl Display,
        scans: &Value,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::POST,
            by,
            &format!("/api/v1/events/{event}/check-ins/batch"),
        )
        .json(&json!({ "scans": scans }))
    }

    pub fn live_board<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        event: impl Display,
        query: &str,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::GET,
            by,
            &with_query(format!("/api/v1/events/{event}/live"), query),
        )
    }

    /// The desk notes that a meeting has begun (`POST /meetings/{id}/start`).
    pub fn start_meeting<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        meeting: impl Display,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::POST,
            by,
            &format!("/api/v1/meetings/{meeting}/start"),
        )
    }

    /// Who could take `slot` with `company` (`GET /events/{id}/standby`).
    pub fn standby<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        event: impl Display,
        slot: impl Display,
        company: impl Display,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::GET,
            by,
            &format!("/api/v1/events/{event}/standby?slot_id={slot}&company_id={company}"),
        )
    }
}
