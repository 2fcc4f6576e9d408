//! The service as the seeder sees it: the real application on a loopback port of its own,
//! for as long as the seeding takes, and an HTTP client that speaks to it like any other.
//!
//! Going through HTTP rather than calling the handlers keeps the demo honest: every request
//! passes the same extractors, validation, policy and middleware as a user's, so the data
//! leaves the same audit trail, negotiation rows and KPI figures as real use.

use std::sync::Arc;

use actix_web::dev::ServerHandle;
use actix_web::HttpServer;
use reqwest::Method;
use sagamihara_match::auth::rate_limit::RateLimits;
use sagamihara_match::config::RateLimitSettings;
use sagamihara_match::notifications::webhooks::send::tls_config;
use sagamihara_match::AppState;
use serde_json::Value;

use super::BoxError;

/// The application served on `127.0.0.1` at a port the system picks.
pub struct LocalServer {
    handle: ServerHandle,
    running: actix_web::rt::task::JoinHandle<std::io::Result<()>>,
    base_url: String,
}

impl LocalServer {
    /// Serves `state`'s database and keys, with the authentication throttles lifted: every
    /// demo account registers from this one loopback address, within seconds, and nobody
    /// but this process can reach the port. The throttles of `state` itself (those of the
    /// server `serve --demo` goes on to run) are left untouched.
    pub fn start(state: &AppState) -> Result<Self, BoxError> {
        let unthrottled = RateLimitSettings {
            login_per_ip_per_minute: u32::MAX,
            login_per_account_per_minute: u32::MAX,
            register_per_ip_per_hour: u32::MAX,
            meeting_requests_per_user_per_minute: u32::MAX,
        };
        let state = AppState {
            limits: Arc::new(RateLimits::new(&unthrottled)),
            ..state.clone()
        };
        let server = HttpServer::new(move || sagamihara_match::app(state.clone()))
            .workers(1)
            // The process's signals belong to the server `serve` runs afterwards.
            .disable_signals()
            .shutdown_timeout(5)
            .bind(("127.0.0.1", 0))
            .map_err(|e| format!("cannot listen on a loopback port for the demo: {e}"))?;
        let address = *server
            .addrs()
            .first()
            .ok_or("the demo's server is bound to no address")?;
        let server = server.run();
        Ok(Self {
            handle: server.handle(),
            running: actix_web::rt::spawn(server),
            base_url: format!("http://{address}"),
        })
    }

    /// A client of this server.
    pub fn client(&self) -> Result<Api, BoxError> {
        Ok(Api {
            // Loopback only: no proxy from the environment, and no TLS (reqwest still wants
            // a TLS configuration: the webhook sender's, on ring).
            http: reqwest::Client::builder()
                .tls_backend_preconfigured(tls_config()?)
                .no_proxy()
                .build()?,
            base_url: self.base_url.clone(),
        })
    }

    /// Stops serving once the requests under way are answered (there are none left when the
    /// seeder is done: it awaits every answer).
    pub async fn stop(self) -> Result<(), BoxError> {
        self.handle.stop(true).await;
        self.running.await??;
        Ok(())
    }
}

/// The seeder's HTTP client: JSON in, JSON out, any answer but a success an error that names
/// the request.
pub struct Api {
    http: reqwest::Client,
    base_url: String,
}

impl Api {
    pub async fn get(&self, path: &str, token: &str) -> Result<Value, BoxError> {
        self.call(Method::GET, path, Some(token), None).await
    }

    pub async fn post(
        &self,
        path: &str,
        token: Option<&str>,
        body: Value,
    ) -> Result<Value, BoxError> {
        self.call(Method::POST, path, token, Some(body)).await
    }

    pub async fn patch(&self, path: &str, token: &str, body: Value) -> Result<Value, BoxError> {
        self.call(Method::PATCH, path, Some(token), Some(body))
            .await
    }

    async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Result<Value, BoxError> {
        let mut request = self
            .http
            .request(method.clone(), format!("{}{path}", self.base_url));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request
            .send()
            .await
            .map_err(|e| format!("{method} {path}: {e}"))?;
        let status = response.status();
        let bytes = response
            .bytes()
            .await
            .map_err(|e| format!("{method} {path}: cannot read the response body: {e}"))?;
        if !status.is_success() {
            return Err(format!(
                "{method} {path}: {status} {}",
                String::from_utf8_lossy(&bytes)
            )
            .into());
        }
        Ok(if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes)?
        })
    }
}

/// The `id` of a created resource.
pub fn id(value: &Value) -> Result<String, BoxError> {
    value["id"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| "a response without an id".into())
}
