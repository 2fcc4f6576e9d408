//! The municipalities' routes as verbs on [`TestApp`] (see [`super::verbs`]).

use actix_web::http::Method;
use serde_json::Value;

use super::verbs::Caller;
use super::{RequestBuilder, TestApp};

impl TestApp {
    pub fn list_municipalities(&self) -> RequestBuilder<'_> {
        self.request(Method::GET, "/api/v1/municipalities")
    }

    pub fn create_municipality<'c>(
        &self,
        by: impl Into<Caller<'c>>,
        body: &Value,
    ) -> RequestBuilder<'_> {
        self.call(Method::POST, by, "/api/v1/municipalities")
            .json(body)
    }
}
