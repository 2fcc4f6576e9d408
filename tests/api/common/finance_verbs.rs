//! The books' routes as verbs on [`TestApp`] (see [`super::verbs`]).

use std::fmt::Display;

use actix_web::http::Method;
use serde_json::{json, Value};

use super::verbs::{with_query, Caller};
use super::{RequestBuilder, TestApp};

impl TestApp {
    pub fn create_fee_schedule<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        body: &Value,
    ) -> RequestBuilder<'_> {
        self.call(Method::POST, by, "/api/v1/fee-schedules")
            .json(body)
    }

    pub fn list_fee_schedules<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        query: &str,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::GET,
            by,
            &with_query("/api/v1/fee-schedules".into(), query),
        )
    }

    pub fn issue_invoice<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        company: impl Display,
        body: &Value,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::POST,
            by,
            &format!("/api/v1/companies/{company}/invoices"),
        )
        .json(body)
    }

    pub fn list_invoices<'c>(&self, by: impl Into<Caller<'c>>, query: &str) -> RequestBuilder<'_> {
        self.call(
            Method::GET,
            by,
            &with_query("/api/v1/invoices".into(), query),
        )
    }

    pub fn get_invoice<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        invoice: impl Display,
    ) -> RequestBuilder<'_> {
        self.call(Method::GET, by, &format!("/api/v1/invoices/{invoice}"))
    }

    /// Records the payment of `invoice`, received at `paid_at` (RFC 3339).
    pub fn pay_invoice<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        invoice: impl Display,
        paid_at: &str,
    ) -> RequestBuilder<'_> {
        self.call(Method::POST, by, &format!("/api/v1/invoices/{invoice}/pay"))
            .json(&json!({ "paid_at": paid_at }))
    }

    pub fn cancel_invoice<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        invoice: impl Display,
        reason: &str,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::POST,
            by,
            &format!("/api/v1/invoices/{invoice}/cancel"),
        )
        .json(&json!({ "reason": reason }))
    }

    pub fn export_invoices_csv<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        query: &str,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::GET,
            by,
            &with_query("/api/v1/invoices.csv".into(), query),
        )
    }

    pub fn record_subsidy<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        body: &Value,
    ) -> RequestBuilder<'_> {
        self.call(Method::POST, by, "/api/v1/subsidies").json(body)
    }

    pub fn record_programme_cost<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        body: &Value,
    ) -> RequestBuilder<'_> {
        self.call(Method::POST, by, "/api/v1/programme-costs")
            .json(body)
    }
}
