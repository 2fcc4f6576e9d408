//! Sagamihara Global Matching: the JSON REST API behind Sagamihara's global expansion
//! programme. The binary (`main.rs`, `cli/`) is the CLI; this crate builds the application
//! that it serves and that the integration tests drive.
//!
//! ## The map
//!
//! One folder per domain (`municipalities`, `companies`, `capabilities`, `buyers`, `users`,
//! `events`, `matching`, `meetings`, `negotiations`, `suggestions`, `talent`, `follow_up`,
//! `fair_day`, `imports`, `kpi`, `research`, `consortium`, `finance`, `reports`), each with
//! `api/` (HTTP handlers, one file per resource, with their request and response types and OpenAPI
//! annotations), `store.rs` (Diesel rows and queries) and pure rule modules with their own
//! tests. Below them the
//! plumbing: modules that know nothing of the programme. `routes.rs` lists every route. A
//! request flows one way: handler (extract → authorize in `auth::policy` → one rule or store
//! call → response) → rules → store → database.
//!
//! ## Who may import whom
//!
//! Top-level modules in layers, lowest first. A module imports modules of its own layer or
//! of layers below it, never above, and no two modules import each other, directly or round
//! a circle; so plumbing imports no domain. A helper two domains need moves down, not
//! sideways. The binary's `cli/` (commands, the demo seeder, the benchmark generator) stands
//! above all of it. `tests/architecture.rs` reads the `use crate::` graph and holds the tree
//! to this block.
//!
//! ```text
//! plumbing: error i18n request_id observe fallback extract paging download validate japan codes search_terms db config spreadsheet vtimezone
//! identity: auth
//! records: audit notifications
//! municipalities: municipalities
//! companies: companies
//! capabilities: capabilities
//! buyers: buyers
//! accounts: users
//! events: events
//! matching: matching
//! meetings: meetings
//! negotiations: negotiations
//! suggestions: suggestions
//! talent: talent
//! follow-up: follow_up
//! fair-day: fair_day
//! intake: imports
//! research: research consortium
//! books: finance
//! figures: kpi
//! publication: reports
//! surface: ops routes bench_routes
//! ```
//!
//! ## Names
//!
//! - In `api/`, request and response types are named as their schemas in
//!   `openapi/openapi.json`, the contract: `NewX` (a creation's body), `XChanges` (an
//!   update's body), `XListQuery` (a list's filters), `XView` (what comes back).
//! - In `store.rs`: `XRow` (what a query reads), `XInsert` (what an insert writes),
//!   `XUpdate` (a changeset). So `New*` and `*Changes` always mean request bodies.
//! - Handlers are `verb_resource` (`list_meetings`, `approve_company`), as their OpenAPI
//!   operation ids.

pub mod audit;
pub mod auth;
#[cfg(feature = "bench")]
pub mod bench_routes;
pub mod buyers;
pub mod capabilities;
pub mod codes;
pub mod companies;
pub mod config;
pub mod consortium;
pub mod db;
pub mod download;
pub mod error;
pub mod events;
pub mod extract;
pub mod fair_day;
pub mod fallback;
pub mod finance;
pub mod follow_up;
pub mod i18n;
pub mod imports;
pub mod japan;
pub mod kpi;
pub mod matching;
pub mod meetings;
pub mod municipalities;
pub mod negotiations;
pub mod notifications;
pub mod observe;
pub mod ops;
pub mod paging;
pub mod reports;
pub mod request_id;
pub mod research;
pub mod routes;
pub mod search_terms;
pub mod spreadsheet;
pub mod suggestions;
pub mod talent;
pub mod users;
pub mod validate;
pub mod vtimezone;

use std::sync::Arc;

use actix_cors::Cors;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::{from_fn, Compress, DefaultHeaders};
use actix_web::{web, App};
use utoipa::OpenApi;
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

use crate::auth::password::Passwords;
use crate::auth::rate_limit::RateLimits;
use crate::auth::tokens::TokenKeys;
use crate::config::Config;
use crate::db::DbPool;
use crate::error::ApiError;
use crate::observe::Metrics;

/// Everything a request handler may need, shared by all workers.
#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub pool: DbPool,
    pub tokens: Arc<TokenKeys>,
    pub passwords: Passwords,
    pub limits: Arc<RateLimits>,
    pub metrics: Arc<Metrics>,
}

impl AppState {
    /// Builds the state over an existing pool.
    pub fn new(config: Config, pool: DbPool) -> Result<Self, ApiError> {
        Ok(Self {
            tokens: Arc::new(TokenKeys::new(
                &config.jwt_secret,
                &config.jwt_issuer,
                &config.jwt_audience,
            )?),
            passwords: Passwords::new()?,
            limits: Arc::new(RateLimits::new(&config.rate_limits)),
            metrics: Arc::new(Metrics::new().map_err(|e| ApiError::internal(e.to_string()))?),
            config: Arc::new(config),
            pool,
        })
    }

    /// Connects to the configured database, applies pending migrations, builds the state.
    pub fn connect(config: Config) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        let pool = db::connect_and_migrate(&config.database_url, config.database_pool_size)?
            .with_concurrent_reads(config.database_read_concurrency);
        Ok(Self::new(config, pool)?)
    }
}

/// Adds every documented route to `app` and returns it with the OpenAPI document.
fn with_routes<T>(app: App<T>) -> (App<T>, utoipa::openapi::OpenApi)
where
    T: ServiceFactory<ServiceRequest, Config = (), Error = actix_web::Error, InitError = ()>,
{
    let (app, mut document) = app
        .into_utoipa_app()
        .openapi(routes::ApiDoc::openapi())
        .configure(routes::configure)
        .split_for_parts();
    utoipa::Modify::modify(&routes::CommonResponses, &mut document);
    utoipa::Modify::modify(&paging::PagesReferToItems, &mut document);
    utoipa::Modify::modify(&extract::StringsHoldNoNul, &mut document);
    (app, document)
}

/// The OpenAPI document of the served API, as `openapi` prints and `/openapi.json` serves.
pub fn openapi() -> utoipa::openapi::OpenApi {
    with_routes(App::new()).1
}

/// The application: routes, Swagger UI, error handling and middleware.
pub fn app(
    state: AppState,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let cors = cors(&state.config.cors_origins);
    let base = App::new()
        .app_data(web::Data::from(state.metrics.clone()))
        .app_data(web::Data::new(state))
        .app_data(web::PayloadConfig::new(extract::MAX_BODY_BYTES))
        .app_data(
            web::JsonConfig::default()
                .limit(extract::MAX_BODY_BYTES)
                .error_handler(extract::json_error),
        )
        .app_data(web::PathConfig::default().error_handler(extract::path_error))
        .app_data(web::QueryConfig::default().error_handler(extract::query_error));
    let (app, document) = with_routes(base);
    // Benchmark baselines only: served outside the documented route table, never built by
    // default (cargo feature `bench`, which bench/run enables).
    #[cfg(feature = "bench")]
    let app = app.configure(bench_routes::configure);
    let known_paths = web::Data::new(fallback::KnownPaths::new(&document));
    app.app_data(known_paths)
        .service(SwaggerUi::new("/docs/{_:.*}").url("/openapi.json", document))
        .service(web::redirect("/docs", "/docs/"))
        .default_service(web::to(fallback::unmatched))
        .wrap(cors)
        // No answer may be kept by a browser or a proxy: tokens (login, refresh, register),
        // personal data (me, users, candidates, applications, contacts, meetings) and the
        // desk's exports must not outlive the session on a shared computer, and health and
        // metrics must be fresh. A public catalogue answer could be cached, but it differs
        // with the caller's token and with every edit, so no route is excepted. A handler
        // may still set its own Cache-Control (DefaultHeaders adds only missing headers).
        .wrap(
            DefaultHeaders::new()
                .add((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
                .add((header::X_FRAME_OPTIONS, "DENY"))
                .add((header::REFERRER_POLICY, "no-referrer"))
                .add((header::CACHE_CONTROL, "no-store")),
        )
        .wrap(from_fn(fallback::head_as_get))
        // gzip or brotli, as the client's Accept-Encoding asks (none without it), with
        // `Vary: Accept-Encoding`. BREACH needs a secret in a response that an attacker can
        // make the victim's browser fetch with its credentials; the credential here is a
        // bearer token that a browser never attaches on its own (no cookies), so compressing
        // token responses leaks nothing.
        .wrap(Compress::default())
        .wrap(from_fn(i18n::negotiate))
        .wrap(from_fn(observe::observe))
}

/// Browsers may call the API only from the configured frontend origins.
fn cors(origins: &[String]) -> Cors {
    origins
        .iter()
        .fold(Cors::default(), |cors, origin| cors.allowed_origin(origin))
        .allowed_methods(["GET", "POST", "PUT", "PATCH", "DELETE"])
        .allowed_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::ACCEPT,
            request_id::REQUEST_ID_HEADER,
        ])
        .expose_headers([request_id::REQUEST_ID_HEADER, header::RETRY_AFTER])
        .max_age(3600)
}
