//! The API as verbs on [`TestApp`]: `app.request_meeting(&buyer, &body)`,
//! `app.accept_meeting(&sme, id)`. Each route's URL is written here once; a test says what it
//! does and asserts the answer itself. A verb returns the request, not yet sent: awaiting it
//! sends it and gives the [`TestResponse`](super::TestResponse), and a test may first add what
//! the verb leaves open (`.json(..)` for an optional body, `.header(..)`, `.peer(..)`).
//!
//! The first argument says who calls: a [`TestUser`], a raw access token, or [`ANONYMOUS`].
//! `query` arguments are query strings without the `?` (`""` for none). Tests that send odd
//! paths on purpose (the suites' hostile input, errors, OWASP and route × role matrices) keep
//! their literal paths.

use std::fmt::Display;

use actix_web::http::Method;
use serde::Serialize;
use serde_json::{json, Value};

use super::{RequestBuilder, TestApp, TestUser};

/// Who sends a request.
#[derive(Debug, Clone, Copy)]
pub enum Caller<'a> {
    Anonymous,
    User(&'a TestUser),
    /// A bearer token not tied to a [`TestUser`] (e.g. from a registration or a login).
    Token(&'a str),
}

/// No `Authorization` header.
pub const ANONYMOUS: Caller<'static> = Caller::Anonymous;

impl<'a> From<&'a TestUser> for Caller<'a> {
    fn from(user: &'a TestUser) -> Self {
        Caller::User(user)
    }
}

impl<'a> From<&'a str> for Caller<'a> {
    fn from(token: &'a str) -> Self {
        Caller::Token(token)
    }
}

impl<'a> From<&'a String> for Caller<'a> {
    fn from(token: &'a String) -> Self {
        Caller::Token(token)
    }
}

pub(super) fn with_query(path: String, query: &str) -> String {
    if query.is_empty() {
        path
    } else {
        format!("{path}?{query}")
    }
}

impl TestApp {
    pub(super) fn call<'c>(
        &self,
        method: Method,
        by: impl Into<Caller<'c>>,
        path: &str,
    ) -> RequestBuilder<'_> {
        let request = self.request(method, path);
        match by.into() {
            Caller::Anonymous => request,
            Caller::User(user) => request.by(user),
            Caller::Token(token) => request.token(token),
        }
    }

    // --- Sign-up and sessions ----------------------------------------------------------

    pub fn register(&self, body: &Value) -> RequestBuilder<'_> {
        self.request(Method::POST, "/api/v1/auth/register")
            .json(body)
    }

    pub fn login(&self, email: impl Serialize, password: impl Serialize) -> RequestBuilder<'_> {
        self.request(Method::POST, "/api/v1/auth/login")
            .json(&json!({"email": email, "password": password}))
    }

    pub fn refresh(&self, refresh_token: impl Serialize) -> RequestBuilder<'_> {
        self.request(Method::POST, "/api/v1/auth/refresh")
            .json(&json!({"refresh_token": refresh_token}))
    }

    pub fn logout(&self, refresh_token: impl Serialize) -> RequestBuilder<'_> {
        self.request(Method::POST, "/api/v1/auth/logout")
            .json(&json!({"refresh_token": refresh_token}))
    }

    // --- The caller's own account, and the admin's users -------------------------------

    pub fn get_me<'c>(&self, by: impl Into<Caller<'c>>) -> RequestBuilder<'_> {
        self.call(Method::GET, by, "/api/v1/me")
    }

    pub fn update_me<'c>(&self, by: impl Into<Caller<'c>>, body: &Value) -> RequestBuilder<'_> {
        self.call(Method::PATCH, by, "/api/v1/me").json(body)
    }

    pub fn change_password<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        body: &Value,
    ) -> RequestBuilder<'_> {
        self.call(Method::POST, by, "/api/v1/me/password")
            .json(body)
    }

    pub fn list_users<'c>(&self, by: impl Into<Caller<'c>>, query: &str) -> RequestBuilder<'_> {
        self.call(Method::GET, by, &with_query("/api/v1/users".into(), query))
    }

    pub fn create_user<'c>(&self, by: impl Into<Caller<'c>>, body: &Value) -> RequestBuilder<'_> {
        self.call(Method::POST, by, "/api/v1/users").json(body)
    }

    pub fn update_user<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        user: impl Display,
        body: &Value,
    ) -> RequestBuilder<'_> {
        self.call(Method::PATCH, by, &format!("/api/v1/users/{user}"))
            .json(body)
    }

    // --- Companies and their capabilities ----------------------------------------------

    pub fn list_companies<'c>(&self, by: impl Into<Caller<'c>>, query: &str) -> RequestBuilder<'_> {
        self.call(
            Method::GET,
            by,
            &with_query("/api/v1/companies".into(), query),
        )
    }

    pub fn get_company<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        company: impl Display,
    ) -> RequestBuilder<'_> {
        self.call(Method::GET, by, &format!("/api/v1/companies/{company}"))
    }

    pub fn update_company<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        company: impl Display,
        body: &Value,
    ) -> RequestBuilder<'_> {
        self.call(Method::PATCH, by, &format!("/api/v1/companies/{company}"))
            .json(body)
    }

    pub fn approve_company<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        company: impl Display,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::POST,
            by,
            &format!("/api/v1/companies/{company}/approve"),
        )
    }

    pub fn suspend_company<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        company: impl Display,
        body: &Value,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::POST,
            by,
            &format!("/api/v1/companies/{company}/suspend"),
        )
        .json(body)
    }

    /// The company's job-fair attendance.
    pub fn company_attendance<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        company: impl Display,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::GET,
            by,
            &format!("/api/v1/companies/{company}/attendance"),
        )
    }

    pub fn create_capability<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        company: impl Display,
        body: &Value,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::POST,
            by,
            &format!("/api/v1/companies/{company}/capabilities"),
        )
        .json(body)
    }

    /// The catalogue: `GET /capabilities` with filters and a search text in `query`.
    pub fn search_capabilities<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        query: &str,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::GET,
            by,
            &with_query("/api/v1/capabilities".into(), query),
        )
    }

    pub fn get_capability<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        capability: impl Display,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::GET,
            by,
            &format!("/api/v1/capabilities/{capability}"),
        )
    }

    pub fn update_capability<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        capability: impl Display,
        body: &Value,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::PATCH,
            by,
            &format!("/api/v1/capabilities/{capability}"),
        )
        .json(body)
    }

    /// `DELETE /capabilities/{id}`, which archives it.
    pub fn archive_capability<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        capability: impl Display,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::DELETE,
            by,
            &format!("/api/v1/capabilities/{capability}"),
        )
    }

    // --- Buyers ------------------------------------------------------------------------

    pub fn list_buyers<'c>(&self, by: impl Into<Caller<'c>>, query: &str) -> RequestBuilder<'_> {
        self.call(Method::GET, by, &with_query("/api/v1/buyers".into(), query))
    }

    pub fn get_buyer<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        buyer: impl Display,
    ) -> RequestBuilder<'_> {
        self.call(Method::GET, by, &format!("/api/v1/buyers/{buyer}"))
    }

    pub fn update_buyer<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        buyer: impl Display,
        body: &Value,
    ) -> RequestBuilder<'_> {
        self.call(Method::PATCH, by, &format!("/api/v1/buyers/{buyer}"))
            .json(body)
    }

    pub fn verify_buyer<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        buyer: impl Display,
    ) -> RequestBuilder<'_> {
        self.call(Method::POST, by, &format!("/api/v1/buyers/{buyer}/verify"))
    }

    pub fn buyer_recommendations<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        buyer: impl Display,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::GET,
            by,
            &format!("/api/v1/buyers/{buyer}/recommendations"),
        )
    }

    // --- Events and what belongs to them -----------------------------------------------

    pub fn create_event<'c>(&self, by: impl Into<Caller<'c>>, body: &Value) -> RequestBuilder<'_> {
        self.call(Method::POST, by, "/api/v1/events").json(body)
    }

    pub fn update_event<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        event: impl Display,
        body: &Value,
    ) -> RequestBuilder<'_> {
        self.call(Method::PATCH, by, &format!("/api/v1/events/{event}"))
            .json(body)
    }

    pub fn create_slots<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        event: impl Display,
        body: &Value,
    ) -> RequestBuilder<'_> {
        self.call(Method::POST, by, &format!("/api/v1/events/{event}/slots"))
            .json(body)
    }

    pub fn list_slots<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        event: impl Display,
    ) -> RequestBuilder<'_> {
        self.call(Method::GET, by, &format!("/api/v1/events/{event}/slots"))
    }

    pub fn create_tables<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        event: impl Display,
        body: &Value,
    ) -> RequestBuilder<'_> {
        self.call(Method::POST, by, &format!("/api/v1/events/{event}/tables"))
            .json(body)
    }

    pub fn list_tables<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        event: impl Display,
    ) -> RequestBuilder<'_> {
        self.call(Method::GET, by, &format!("/api/v1/events/{event}/tables"))
    }

    pub fn list_interpreters<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        event: impl Display,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::GET,
            by,
            &format!("/api/v1/events/{event}/interpreters"),
        )
    }

    pub fn add_interpreter<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        event: impl Display,
        body: &Value,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::POST,
            by,
            &format!("/api/v1/events/{event}/interpreters"),
        )
        .json(body)
    }

    pub fn add_exhibitor<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        event: impl Display,
        body: &Value,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::POST,
            by,
            &format!("/api/v1/events/{event}/exhibitors"),
        )
        .json(body)
    }

    /// A company's blocked slots at `event` (`query`: `company_id=…`).
    pub fn get_availability<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        event: impl Display,
        query: &str,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::GET,
            by,
            &with_query(format!("/api/v1/events/{event}/availability"), query),
        )
    }

    pub fn set_availability<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        event: impl Display,
        body: &Value,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::PUT,
            by,
            &format!("/api/v1/events/{event}/availability"),
        )
        .json(body)
    }

    /// Runs the auto-scheduler over the event's accepted requests.
    pub fn auto_schedule<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        event: impl Display,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::POST,
            by,
            &format!("/api/v1/events/{event}/schedule"),
        )
    }

    /// A company's timetable at `event` (`query`: `company_id=…`).
    pub fn agenda<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        event: impl Display,
        query: &str,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::GET,
            by,
            &with_query(format!("/api/v1/events/{event}/agenda"), query),
        )
    }

    pub fn meetings_csv<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        event: impl Display,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::GET,
            by,
            &format!("/api/v1/events/{event}/meetings.csv"),
        )
    }

    pub fn meetings_xlsx<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        event: impl Display,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::GET,
            by,
            &format!("/api/v1/events/{event}/meetings.xlsx"),
        )
    }

    /// Registers the caller at a job fair; the desk names whom in a `.json(..)` body.
    pub fn register_for_event<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        event: impl Display,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::POST,
            by,
            &format!("/api/v1/events/{event}/registrations"),
        )
    }

    pub fn list_registrations<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        event: impl Display,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::GET,
            by,
            &format!("/api/v1/events/{event}/registrations"),
        )
    }

    pub fn cancel_registration<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        event: impl Display,
        registration: impl Display,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::POST,
            by,
            &format!("/api/v1/events/{event}/registrations/{registration}/cancel"),
        )
    }

    pub fn mark_attendance<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        event: impl Display,
        registration: impl Display,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::POST,
            by,
            &format!("/api/v1/events/{event}/registrations/{registration}/attendance"),
        )
    }

    // --- Meetings ----------------------------------------------------------------------

    pub fn request_meeting<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        body: &Value,
    ) -> RequestBuilder<'_> {
        self.call(Method::POST, by, "/api/v1/meetings").json(body)
    }

    pub fn list_meetings<'c>(&self, by: impl Into<Caller<'c>>, query: &str) -> RequestBuilder<'_> {
        self.call(
            Method::GET,
            by,
            &with_query("/api/v1/meetings".into(), query),
        )
    }

    pub fn get_meeting<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        meeting: impl Display,
    ) -> RequestBuilder<'_> {
        self.call(Method::GET, by, &format!("/api/v1/meetings/{meeting}"))
    }

    /// Accepts a request; a note goes in a `.json(..)` body.
    pub fn accept_meeting<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        meeting: impl Display,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::POST,
            by,
            &format!("/api/v1/meetings/{meeting}/accept"),
        )
    }

    pub fn withdraw_meeting<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        meeting: impl Display,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::POST,
            by,
            &format!("/api/v1/meetings/{meeting}/withdraw"),
        )
    }

    pub fn cancel_meeting<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        meeting: impl Display,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::POST,
            by,
            &format!("/api/v1/meetings/{meeting}/cancel"),
        )
    }

    pub fn mark_meeting_held<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        meeting: impl Display,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::POST,
            by,
            &format!("/api/v1/meetings/{meeting}/held"),
        )
    }

    /// Places a meeting in a slot at a table (`PUT /meetings/{id}/schedule`).
    pub fn schedule_meeting<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        meeting: impl Display,
        body: &Value,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::PUT,
            by,
            &format!("/api/v1/meetings/{meeting}/schedule"),
        )
        .json(body)
    }

    // --- Negotiations after a meeting --------------------------------------------------

    pub fn get_negotiation<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        meeting: impl Display,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::GET,
            by,
            &format!("/api/v1/meetings/{meeting}/negotiation"),
        )
    }

    /// Writes the negotiation's record (`PUT /meetings/{id}/negotiation`).
    pub fn record_negotiation<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        meeting: impl Display,
        body: &Value,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::PUT,
            by,
            &format!("/api/v1/meetings/{meeting}/negotiation"),
        )
        .json(body)
    }

    /// One side's report of the outcome.
    pub fn report_outcome<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        meeting: impl Display,
        body: &Value,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::POST,
            by,
            &format!("/api/v1/meetings/{meeting}/negotiation/reports"),
        )
        .json(body)
    }

    /// The desk confirms one side's report.
    pub fn confirm_report<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        meeting: impl Display,
        body: &Value,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::POST,
            by,
            &format!("/api/v1/meetings/{meeting}/negotiation/confirm"),
        )
        .json(body)
    }

    pub fn list_contacts<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        meeting: impl Display,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::GET,
            by,
            &format!("/api/v1/meetings/{meeting}/negotiation/contacts"),
        )
    }

    pub fn log_contact<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        meeting: impl Display,
        body: &Value,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::POST,
            by,
            &format!("/api/v1/meetings/{meeting}/negotiation/contacts"),
        )
        .json(body)
    }

    pub fn list_negotiations<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        query: &str,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::GET,
            by,
            &with_query("/api/v1/negotiations".into(), query),
        )
    }

    // --- KPIs and the audit log --------------------------------------------------------

    pub fn kpi_report<'c>(&self, by: impl Into<Caller<'c>>, query: &str) -> RequestBuilder<'_> {
        self.call(Method::GET, by, &with_query("/api/v1/kpi".into(), query))
    }

    pub fn kpi_breakdown<'c>(&self, by: impl Into<Caller<'c>>, query: &str) -> RequestBuilder<'_> {
        self.call(
            Method::GET,
            by,
            &with_query("/api/v1/kpi/breakdown".into(), query),
        )
    }

    pub fn get_kpi_target<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        fiscal_year: impl Display,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::GET,
            by,
            &format!("/api/v1/kpi/targets/{fiscal_year}"),
        )
    }

    pub fn set_kpi_target<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        fiscal_year: impl Display,
        body: &Value,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::PUT,
            by,
            &format!("/api/v1/kpi/targets/{fiscal_year}"),
        )
        .json(body)
    }

    /// The public KPI report, anonymously.
    pub fn public_kpi(&self, query: &str) -> RequestBuilder<'_> {
        self.request(Method::GET, &with_query("/api/v1/public/kpi".into(), query))
    }

    pub fn public_kpi_csv(&self, query: &str) -> RequestBuilder<'_> {
        self.request(
            Method::GET,
            &with_query("/api/v1/public/kpi.csv".into(), query),
        )
    }

    pub fn audit_log<'c>(&self, by: impl Into<Caller<'c>>, query: &str) -> RequestBuilder<'_> {
        self.call(Method::GET, by, &with_query("/api/v1/audit".into(), query))
    }

    // --- Global I-turn: jobs, candidates, applications ---------------------------------

    pub fn create_job<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        company: impl Display,
        body: &Value,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::POST,
            by,
            &format!("/api/v1/companies/{company}/jobs"),
        )
        .json(body)
    }

    pub fn list_jobs<'c>(&self, by: impl Into<Caller<'c>>, query: &str) -> RequestBuilder<'_> {
        self.call(Method::GET, by, &with_query("/api/v1/jobs".into(), query))
    }

    pub fn get_job<'c>(&self, by: impl Into<Caller<'c>>, job: impl Display) -> RequestBuilder<'_> {
        self.call(Method::GET, by, &format!("/api/v1/jobs/{job}"))
    }

    pub fn update_job<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        job: impl Display,
        body: &Value,
    ) -> RequestBuilder<'_> {
        self.call(Method::PATCH, by, &format!("/api/v1/jobs/{job}"))
            .json(body)
    }

    /// Applies for a posting; the desk names the candidate in a `.json(..)` body.
    pub fn apply_for_job<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        job: impl Display,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::POST,
            by,
            &format!("/api/v1/jobs/{job}/applications"),
        )
    }

    pub fn list_applications<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        query: &str,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::GET,
            by,
            &with_query("/api/v1/applications".into(), query),
        )
    }

    /// Moves an application along its lifecycle (`PATCH /applications/{id}`).
    pub fn update_application<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        application: impl Display,
        body: &Value,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::PATCH,
            by,
            &format!("/api/v1/applications/{application}"),
        )
        .json(body)
    }

    pub fn create_candidate<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        body: &Value,
    ) -> RequestBuilder<'_> {
        self.call(Method::POST, by, "/api/v1/candidates").json(body)
    }

    pub fn list_candidates<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        query: &str,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::GET,
            by,
            &with_query("/api/v1/candidates".into(), query),
        )
    }

    pub fn get_candidate<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        candidate: impl Display,
    ) -> RequestBuilder<'_> {
        self.call(Method::GET, by, &format!("/api/v1/candidates/{candidate}"))
    }

    pub fn update_candidate<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        candidate: impl Display,
        body: &Value,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::PATCH,
            by,
            &format!("/api/v1/candidates/{candidate}"),
        )
        .json(body)
    }

    pub fn erase_candidate<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        candidate: impl Display,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::POST,
            by,
            &format!("/api/v1/candidates/{candidate}/erase"),
        )
    }

    // --- The outbox ---------------------------------------------------------------------

    pub fn list_notifications<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        query: &str,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::GET,
            by,
            &with_query("/api/v1/notifications".to_owned(), query),
        )
    }

    pub fn retry_notification<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        message: impl Display,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::POST,
            by,
            &format!("/api/v1/notifications/{message}/retry"),
        )
    }

    // --- Webhooks ---------------------------------------------------------------------

    pub fn create_webhook<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        body: &Value,
    ) -> RequestBuilder<'_> {
        self.call(Method::POST, by, "/api/v1/webhooks").json(body)
    }

    pub fn list_webhooks<'c>(&self, by: impl Into<Caller<'c>>, query: &str) -> RequestBuilder<'_> {
        self.call(
            Method::GET,
            by,
            &with_query("/api/v1/webhooks".into(), query),
        )
    }

    pub fn get_webhook<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        hook: impl Display,
    ) -> RequestBuilder<'_> {
        self.call(Method::GET, by, &format!("/api/v1/webhooks/{hook}"))
    }

    pub fn update_webhook<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        hook: impl Display,
        body: &Value,
    ) -> RequestBuilder<'_> {
        self.call(Method::PATCH, by, &format!("/api/v1/webhooks/{hook}"))
            .json(body)
    }

    pub fn delete_webhook<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        hook: impl Display,
    ) -> RequestBuilder<'_> {
        self.call(Method::DELETE, by, &format!("/api/v1/webhooks/{hook}"))
    }

    pub fn rotate_webhook_secret<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        hook: impl Display,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::POST,
            by,
            &format!("/api/v1/webhooks/{hook}/rotate-secret"),
        )
    }

    pub fn list_webhook_deliveries<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        hook: impl Display,
        query: &str,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::GET,
            by,
            &with_query(format!("/api/v1/webhooks/{hook}/deliveries"), query),
        )
    }

    pub fn redeliver_webhook<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        hook: impl Display,
        delivery: impl Display,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::POST,
            by,
            &format!("/api/v1/webhooks/{hook}/deliveries/{delivery}/redeliver"),
        )
    }

    pub fn get_notification_preferences<'c>(
        &self,
        by: impl Into<Caller<'c>>,
    ) -> RequestBuilder<'_> {
        self.call(Method::GET, by, "/api/v1/me/notifications")
    }

    pub fn put_notification_preferences<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        body: &Value,
    ) -> RequestBuilder<'_> {
        self.call(Method::PUT, by, "/api/v1/me/notifications")
            .json(body)
    }

    // --- Surveys, follow-ups, the support log -----------------------------------------

    /// A survey read through its personal link (no sign-in).
    pub fn get_survey(&self, token: &str) -> RequestBuilder<'_> {
        self.request(Method::GET, &format!("/api/v1/surveys/{token}"))
    }

    /// A survey answered through its personal link (no sign-in).
    pub fn answer_survey(&self, token: &str, body: &Value) -> RequestBuilder<'_> {
        self.request(Method::POST, &format!("/api/v1/surveys/{token}"))
            .json(body)
    }

    pub fn list_follow_ups<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        query: &str,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::GET,
            by,
            &with_query("/api/v1/follow-ups".to_owned(), query),
        )
    }

    pub fn update_follow_up<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        item: impl Display,
        body: &Value,
    ) -> RequestBuilder<'_> {
        self.call(Method::PATCH, by, &format!("/api/v1/follow-ups/{item}"))
            .json(body)
    }

    pub fn record_support<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        company: impl Display,
        body: &Value,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::POST,
            by,
            &format!("/api/v1/companies/{company}/support-log"),
        )
        .json(body)
    }

    pub fn get_support_log<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        company: impl Display,
        query: &str,
    ) -> RequestBuilder<'_> {
        self.call(
            Method::GET,
            by,
            &with_query(format!("/api/v1/companies/{company}/support-log"), query),
        )
    }
}
