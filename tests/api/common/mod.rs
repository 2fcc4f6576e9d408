//! The test harness: a `TestApp` per test, on its own database (a fresh SQLite file, or a
//! fresh PostgreSQL schema), with ready-made users of every role; and, for tests that need
//! the real binary on a port, [`server::Server`] with the small client in [`http`].

pub mod fair_day_verbs;
pub mod finance_verbs;
pub mod fixtures;
pub mod http;
pub mod import_verbs;
pub mod matching_verbs;
pub mod municipality_verbs;
pub mod receiver;
pub mod report_verbs;
pub mod server;
pub mod smtp;
pub mod verbs;

use std::cell::RefCell;
use std::collections::HashMap;
use std::future::IntoFuture;
use std::rc::Rc;
use std::sync::OnceLock;

use actix_http::Request;
use actix_web::dev::Service;
use actix_web::http::header::{HeaderMap, HeaderName, HeaderValue, CONTENT_TYPE};
use actix_web::http::{Method, StatusCode};
use actix_web::test::TestRequest;
use actix_web::web::Bytes;
use diesel::prelude::*;
use futures_util::future::LocalBoxFuture;
use sagamihara_match::auth::{AuthUser, Role};
use sagamihara_match::buyers::store::{insert_buyer, BuyerInsert};
use sagamihara_match::companies::store::{insert_company, CompanyInsert};
use sagamihara_match::companies::CompanyStatus;
use sagamihara_match::config::{AppEnv, Config, LogFormat, RateLimitSettings};
use sagamihara_match::db::{self, DatabaseUrl};
use sagamihara_match::municipalities::HOST_ID;
use sagamihara_match::users::store::{insert_user, UserInsert};
use sagamihara_match::AppState;
use serde_json::Value;
use uuid::Uuid;

/// Every test user's password.
pub const PASSWORD: &str = "correct horse battery";
pub const JWT_SECRET: &[u8] = b"integration-test-secret-of-more-than-32-bytes";
pub const ALLOWED_ORIGIN: &str = "https://app.sagamihara-match.example";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Runs one test body on SQLite and, as a second test, on PostgreSQL. The PostgreSQL test
/// is listed as ignored unless `TEST_POSTGRES_URL` was set when the tests were built.
#[macro_export]
macro_rules! api_test {
    ($(#[$meta:meta])* async fn $name:ident($backend:ident) $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            async fn run($backend: $crate::common::Backend) $body

            $(#[$meta])*
            #[actix_web::test]
            async fn sqlite() {
                run($crate::common::Backend::Sqlite).await
            }

            $(#[$meta])*
            #[actix_web::test]
            #[cfg_attr(not(pg_tests), ignore = "set TEST_POSTGRES_URL to run on PostgreSQL")]
            async fn postgres() {
                run($crate::common::Backend::Postgres).await
            }
        }
    };
}

/// As [`api_test!`], for a test that needs the tests' SMTP server (`TEST_SMTP_SINK`, see
/// `smtp.rs`): listed as ignored when it was not set at build time.
#[macro_export]
macro_rules! mail_test {
    (async fn $name:ident($backend:ident) $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            async fn run($backend: $crate::common::Backend) $body

            #[actix_web::test]
            #[cfg_attr(not(smtp_tests), ignore = "set TEST_SMTP_SINK (.ci/smtp-sink) to run the mail tests")]
            async fn sqlite() {
                run($crate::common::Backend::Sqlite).await
            }

            #[actix_web::test]
            #[cfg_attr(
                not(all(pg_tests, smtp_tests)),
                ignore = "set TEST_POSTGRES_URL and TEST_SMTP_SINK to run the mail tests on PostgreSQL"
            )]
            async fn postgres() {
                run($crate::common::Backend::Postgres).await
            }
        }
    };
}

/// A delivery worker on a thread and runtime of its own, like another instance's: it runs
/// until dropped, and then finishes its batch and stops before the drop returns.
pub struct Delivery {
    stop: tokio::sync::watch::Sender<bool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Delivery {
    pub fn start(worker: sagamihara_match::notifications::worker::Worker) -> Self {
        let (stop, stopped) = tokio::sync::watch::channel(false);
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a runtime for the delivery worker");
            runtime.block_on(worker.run(stopped));
        });
        Delivery {
            stop,
            thread: Some(thread),
        }
    }
}

impl Drop for Delivery {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// A database that exists for one test and is dropped with it.
pub struct TestDb {
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    SqliteFile(std::path::PathBuf),
    PostgresSchema { admin_url: String, schema: String },
    Nothing,
}

impl TestDb {
    pub fn new(backend: Backend) -> Self {
        match backend {
            Backend::Sqlite => {
                let path = std::env::temp_dir().join(format!(
                    "sagamihara-test-{}.sqlite3",
                    Uuid::now_v7().simple()
                ));
                TestDb {
                    url: path.to_string_lossy().into_owned(),
                    cleanup: Cleanup::SqliteFile(path),
                }
            }
            Backend::Postgres => {
                let admin_url = std::env::var("TEST_POSTGRES_URL").expect(
                    "TEST_POSTGRES_URL must point at a PostgreSQL database for the postgres tests",
                );
                let schema = format!("t_{}", Uuid::now_v7().simple());
                let mut conn = PgConnection::establish(&admin_url)
                    .unwrap_or_else(|e| panic!("cannot reach TEST_POSTGRES_URL: {e}"));
                diesel::sql_query(format!("CREATE SCHEMA {schema}"))
                    .execute(&mut conn)
                    .expect("create test schema");
                let separator = if admin_url.contains('?') { '&' } else { '?' };
                TestDb {
                    url: format!("{admin_url}{separator}options=-c%20search_path%3D{schema}"),
                    cleanup: Cleanup::PostgresSchema { admin_url, schema },
                }
            }
        }
    }

    /// A database URL nothing answers on, for the backend.
    pub fn unreachable(backend: Backend) -> Self {
        let url = match backend {
            Backend::Sqlite => "/nonexistent-folder/for/sure/db.sqlite3".to_owned(),
            Backend::Postgres => "postgres://nobody@127.0.0.1:1/nothing".to_owned(),
        };
        TestDb {
            url,
            cleanup: Cleanup::Nothing,
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        match &self.cleanup {
            Cleanup::SqliteFile(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let mut name = path.clone().into_os_string();
                    name.push(suffix);
                    let _ = std::fs::remove_file(name);
                }
            }
            Cleanup::PostgresSchema { admin_url, schema } => {
                if let Ok(mut conn) = PgConnection::establish(admin_url) {
                    let _ = diesel::sql_query(format!("DROP SCHEMA {schema} CASCADE"))
                        .execute(&mut conn);
                }
            }
            Cleanup::Nothing => {}
        }
    }
}

pub fn test_config(database_url: &str) -> Config {
    Config {
        app_env: AppEnv::Development,
        data_dir: std::env::temp_dir(),
        database_url: DatabaseUrl::parse(database_url).expect("a valid test database URL"),
        database_pool_size: 8,
        database_read_concurrency: 8,
        jwt_secret: JWT_SECRET.to_vec(),
        jwt_issuer: "sagamihara-match".into(),
        jwt_audience: "sagamihara-match-api".into(),
        cors_origins: vec![ALLOWED_ORIGIN.into()],
        log_format: LogFormat::Text,
        rate_limits: RateLimitSettings::default(),
        trust_forwarded_for: false,
        shutdown_timeout: std::time::Duration::from_secs(1),
        delivery: sagamihara_match::config::DeliverySettings {
            unsubscribe_key: sagamihara_match::config::unsubscribe_key(JWT_SECRET),
            ..Default::default()
        },
    }
}

/// The argon2 hash of [`PASSWORD`], computed once per test process.
fn password_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| {
        sagamihara_match::auth::password::hash_blocking(PASSWORD).expect("hash the test password")
    })
}

type Call = Rc<dyn Fn(Request) -> LocalBoxFuture<'static, TestResponse>>;

/// A signed-in user made for a test.
#[derive(Debug, Clone)]
pub struct TestUser {
    pub id: Uuid,
    pub email: String,
    pub role: Role,
    pub company_id: Option<Uuid>,
    pub buyer_id: Option<Uuid>,
    pub token: String,
}

pub struct TestApp {
    pub backend: Backend,
    pub state: AppState,
    call: Call,
    users: RefCell<HashMap<Role, TestUser>>,
    /// The delivery worker of [`TestApp::start_delivery`], stopped when dropped.
    delivery: RefCell<Option<Delivery>>,
    // Dropped last: the pool inside `state` must go before the database does.
    db: TestDb,
}

impl TestApp {
    pub async fn new(backend: Backend) -> Self {
        Self::with_config(backend, |_| {}).await
    }

    /// An app whose configuration the test adjusts first (e.g. tighter rate limits).
    pub async fn with_config(backend: Backend, adjust: impl FnOnce(&mut Config)) -> Self {
        Self::build(backend, TestDb::new(backend), adjust).await
    }

    /// An app on a database the test prepared (e.g. with the CLI).
    pub async fn on_database(backend: Backend, db: TestDb) -> Self {
        Self::build(backend, db, |_| {}).await
    }

    async fn build(backend: Backend, db: TestDb, adjust: impl FnOnce(&mut Config)) -> Self {
        let mut config = test_config(&db.url);
        adjust(&mut config);
        let state = AppState::connect(config).expect("connect and migrate the test database");
        Self::from_state(backend, state, db).await
    }

    /// An app whose database cannot be reached (the pool is built without connecting).
    pub async fn unreachable_database(backend: Backend) -> Self {
        let db = TestDb::unreachable(backend);
        let config = test_config(&db.url);
        let pool = r2d2::Pool::builder()
            .max_size(1)
            .min_idle(Some(0))
            .connection_timeout(std::time::Duration::from_millis(500))
            .build_unchecked(db::ConnectionManager::new(config.database_url.clone()));
        let pool = db::DbPool::new(pool, config.database_url.backend());
        let state = AppState::new(config, pool).expect("state");
        Self::from_state(backend, state, db).await
    }

    async fn from_state(backend: Backend, state: AppState, db: TestDb) -> Self {
        let service =
            Rc::new(actix_web::test::init_service(sagamihara_match::app(state.clone())).await);
        let call: Call = Rc::new(move |request| {
            let service = Rc::clone(&service);
            Box::pin(async move {
                match service.call(request).await {
                    Ok(response) => {
                        let status = response.status();
                        let headers = response.headers().clone();
                        let body = actix_web::body::to_bytes(response.into_body())
                            .await
                            .unwrap_or_default();
                        TestResponse {
                            status,
                            headers,
                            body,
                        }
                    }
                    Err(err) => {
                        let response = err.error_response();
                        let status = response.status();
                        let headers = response.headers().clone();
                        let body = actix_web::body::to_bytes(response.into_body())
                            .await
                            .unwrap_or_default();
                        TestResponse {
                            status,
                            headers,
                            body,
                        }
                    }
                }
            })
        });
        TestApp {
            backend,
            state,
            call,
            users: RefCell::new(HashMap::new()),
            delivery: RefCell::new(None),
            db,
        }
    }

    /// An app whose mail goes to `sink`, its worker looking for due mail every 50 ms and
    /// retrying quickly; the test starts the worker ([`TestApp::start_delivery`]).
    pub async fn with_mail(backend: Backend, sink: &smtp::SmtpSink) -> Self {
        let url = sink.url();
        Self::with_config(backend, move |config| {
            config.delivery.smtp_url = Some(url);
            config.delivery.mail_from = "Sagamihara Global Matching <desk@match.example>".into();
            config.delivery.public_base_url = Some("https://match.example".into());
            config.delivery.poll = std::time::Duration::from_millis(50);
            config.delivery.retry.first = std::time::Duration::from_millis(400);
            config.delivery.retry.early_cap = std::time::Duration::from_secs(1);
        })
        .await
    }

    /// Starts this app's delivery worker, as an instance runs it (stopped with the app).
    pub fn start_delivery(&self) {
        let worker = sagamihara_match::notifications::worker::Worker::new(
            self.state.pool.clone(),
            self.state.config.delivery.clone(),
        )
        .expect("a delivery worker")
        .with_metrics(self.state.metrics.clone());
        *self.delivery.borrow_mut() = Some(Delivery::start(worker));
    }

    /// Another account of `user`'s company or buyer organisation, signed in.
    pub fn colleague_of(&self, user: &TestUser) -> TestUser {
        let mut conn = self.state.pool.get().expect("database connection");
        let now = db::now();
        let suffix = Uuid::now_v7().simple().to_string();
        let email = format!("{}-{suffix}@example.test", user.role.as_str());
        let company_id = user.company_id.map(|id| id.to_string());
        let buyer_id = user.buyer_id.map(|id| id.to_string());
        let row = insert_user(
            &mut conn,
            &UserInsert {
                id: &db::new_id(),
                email: &email,
                password_hash: password_hash(),
                display_name: &format!("Colleague {}", user.role.as_str()),
                role: user.role,
                company_id: company_id.as_deref(),
                buyer_id: buyer_id.as_deref(),
                created_at: now,
                updated_at: now,
                locale: user.role.default_locale(),
                municipality_id: None,
            },
        )
        .expect("insert user");
        let principal = AuthUser {
            id: row.id.parse().expect("uuid"),
            role: user.role,
            company_id: user.company_id,
            buyer_id: user.buyer_id,
            municipality_id: None,
        };
        let token = self.state.tokens.issue(&principal).expect("issue token");
        TestUser {
            id: principal.id,
            email,
            role: user.role,
            company_id: user.company_id,
            buyer_id: user.buyer_id,
            token,
        }
    }

    pub fn request(&self, method: Method, path: &str) -> RequestBuilder<'_> {
        RequestBuilder {
            app: self,
            inner: TestRequest::default()
                .method(method)
                .uri(path)
                .peer_addr("127.0.0.1:40000".parse().expect("socket address")),
        }
    }

    pub fn get(&self, path: &str) -> RequestBuilder<'_> {
        self.request(Method::GET, path)
    }

    pub fn post(&self, path: &str) -> RequestBuilder<'_> {
        self.request(Method::POST, path)
    }

    pub fn patch(&self, path: &str) -> RequestBuilder<'_> {
        self.request(Method::PATCH, path)
    }

    pub fn put(&self, path: &str) -> RequestBuilder<'_> {
        self.request(Method::PUT, path)
    }

    pub fn delete(&self, path: &str) -> RequestBuilder<'_> {
        self.request(Method::DELETE, path)
    }

    /// The test database's URL, for running the binary against it.
    pub fn database_url(&self) -> &str {
        &self.db.url
    }

    /// The same user for a role every time it is asked for within one test.
    pub fn user(&self, role: Role) -> TestUser {
        if let Some(user) = self.users.borrow().get(&role) {
            return user.clone();
        }
        let user = self.new_user(role);
        self.users.borrow_mut().insert(role, user.clone());
        user
    }

    /// A new user of `role` (sme: with a new pending company; buyer: with a new organisation),
    /// signed in with an access token. Its password is [`PASSWORD`].
    pub fn new_user(&self, role: Role) -> TestUser {
        self.new_user_in(role, None)
    }

    /// [`TestApp::new_user`] of `municipality`: an sme's company belongs to it, a staff
    /// account is scoped to it (`None`: the host's company, a host-wide account).
    pub fn new_user_in(&self, role: Role, municipality: Option<Uuid>) -> TestUser {
        let scope = municipality.map(|m| m.to_string());
        let company_municipality = scope.clone().unwrap_or_else(|| HOST_ID.to_owned());
        let mut conn = self.state.pool.get().expect("database connection");
        let now = db::now();
        let suffix = Uuid::now_v7().simple().to_string();
        let company_id = (role == Role::Sme).then(|| {
            let id = db::new_id();
            insert_company(
                &mut conn,
                &CompanyInsert {
                    id: &id,
                    name_ja: &format!("テスト製作所 {suffix}"),
                    name_en: &format!("Test Works {suffix}"),
                    industry: "machining",
                    status: CompanyStatus::Pending,
                    created_at: now,
                    updated_at: now,
                    municipality_id: &company_municipality,
                },
            )
            .expect("insert company");
            id
        });
        let buyer_id = (role == Role::Buyer).then(|| {
            let id = db::new_id();
            insert_buyer(
                &mut conn,
                &BuyerInsert {
                    id: &id,
                    name: &format!("Test Buyer {suffix}"),
                    country: "TH",
                    created_at: now,
                    updated_at: now,
                },
            )
            .expect("insert buyer");
            id
        });
        let email = format!("{}-{suffix}@example.test", role.as_str());
        let row = insert_user(
            &mut conn,
            &UserInsert {
                id: &db::new_id(),
                email: &email,
                password_hash: password_hash(),
                display_name: &format!("Test {}", role.as_str()),
                role,
                company_id: company_id.as_deref(),
                buyer_id: buyer_id.as_deref(),
                created_at: now,
                updated_at: now,
                locale: role.default_locale(),
                municipality_id: scope.as_deref().filter(|_| role.is_staff()),
            },
        )
        .expect("insert user");
        let principal = AuthUser {
            id: row.id.parse().expect("uuid"),
            role,
            company_id: company_id.as_deref().map(|id| id.parse().expect("uuid")),
            buyer_id: buyer_id.as_deref().map(|id| id.parse().expect("uuid")),
            municipality_id: municipality.filter(|_| role.is_staff()),
        };
        let token = self.state.tokens.issue(&principal).expect("issue token");
        TestUser {
            id: principal.id,
            email,
            role,
            company_id: principal.company_id,
            buyer_id: principal.buyer_id,
            token,
        }
    }
}

pub struct RequestBuilder<'a> {
    app: &'a TestApp,
    inner: TestRequest,
}

impl RequestBuilder<'_> {
    pub fn json(mut self, body: &Value) -> Self {
        self.inner = self.inner.set_json(body);
        self
    }

    /// A raw body with the given content type.
    pub fn body(mut self, content_type: &str, body: impl Into<Bytes>) -> Self {
        self.inner = self
            .inner
            .insert_header((CONTENT_TYPE, content_type.to_owned()))
            .set_payload(body.into());
        self
    }

    /// A raw body sent without any content type.
    pub fn payload(mut self, body: impl Into<Bytes>) -> Self {
        self.inner = self.inner.set_payload(body.into());
        self
    }

    pub fn token(self, token: &str) -> Self {
        self.header("authorization", &format!("Bearer {token}"))
    }

    pub fn by(self, user: &TestUser) -> Self {
        self.token(&user.token)
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.inner = self.inner.insert_header((
            HeaderName::from_bytes(name.as_bytes()).expect("header name"),
            HeaderValue::from_str(value).expect("header value"),
        ));
        self
    }

    pub fn peer(mut self, address: &str) -> Self {
        self.inner = self
            .inner
            .peer_addr(address.parse().expect("socket address"));
        self
    }

    pub async fn send(self) -> TestResponse {
        (self.app.call)(self.inner.to_request()).await
    }
}

/// Awaiting a request sends it, so a verb reads `app.get_meeting(&sme, id).await`.
impl<'a> IntoFuture for RequestBuilder<'a> {
    type Output = TestResponse;
    type IntoFuture = LocalBoxFuture<'a, TestResponse>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

#[derive(Debug)]
pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl TestResponse {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Asserts the status (showing the body if it differs) and returns the JSON body.
    #[track_caller]
    pub fn expect(&self, status: u16) -> Value {
        assert_eq!(
            self.status.as_u16(),
            status,
            "unexpected status; body: {}",
            self.text()
        );
        if self.body.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&self.body).unwrap_or(Value::Null)
        }
    }

    /// Asserts an RFC 9457 problem with this status and returns it.
    #[track_caller]
    pub fn problem(&self, status: u16) -> Value {
        let body = self.expect(status);
        assert_eq!(
            self.header("content-type"),
            Some("application/problem+json"),
            "a problem must be served as application/problem+json"
        );
        assert_eq!(body["status"], status, "problem.status: {body}");
        assert!(
            body["type"]
                .as_str()
                .is_some_and(|t| t.starts_with("/problems/")),
            "problem.type: {body}"
        );
        assert!(
            body["title"].is_string() && body["detail"].is_string(),
            "title/detail: {body}"
        );
        body
    }
}

/// The fields named in a 422 problem.
pub fn error_fields(problem: &Value) -> Vec<String> {
    problem["errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .filter_map(|e| e["field"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}
