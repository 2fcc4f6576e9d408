//! Health, readiness, metrics, request ids, CORS and the served documentation.

use crate::api_test;
use crate::common::{TestApp, ALLOWED_ORIGIN};

api_test!(
    async fn healthz_and_readyz_answer_when_the_database_is_up(backend) {
        let app = TestApp::new(backend).await;
        assert_eq!(app.get("/healthz").send().await.expect(200)["status"], "ok");
        assert_eq!(app.get("/readyz").send().await.expect(200)["status"], "ready");
    }
);

api_test!(
    async fn readyz_fails_when_the_database_is_unreachable(backend) {
        let app = TestApp::unreachable_database(backend).await;
        assert_eq!(app.get("/healthz").send().await.expect(200)["status"], "ok");
        let response = app.get("/readyz").send().await;
        response.problem(503);
        assert!(response.header("retry-after").is_some());
        // Requests that need the database say so instead of failing obscurely.
        app.post("/api/v1/auth/logout")
            .json(&serde_json::json!({"refresh_token": "x"}))
            .send()
            .await
            .problem(503);
    }
);

api_test!(
    async fn every_response_has_a_request_id(backend) {
        let app = TestApp::new(backend).await;
        let generated = app.get("/healthz").send().await;
        let id = generated.header("x-request-id").expect("a generated request id");
        assert!(uuid::Uuid::parse_str(id).is_ok());
        let kept = app.get("/healthz").header("x-request-id", "frontend-abc.123").send().await;
        assert_eq!(kept.header("x-request-id"), Some("frontend-abc.123"));
        for unacceptable in ["id with spaces", &"x".repeat(200)] {
            let replaced = app.get("/healthz").header("x-request-id", unacceptable).send().await;
            let id = replaced.header("x-request-id").expect("a replacement id");
            assert!(uuid::Uuid::parse_str(id).is_ok(), "{unacceptable:?} was kept as {id:?}");
        }
    }
);

api_test!(
    async fn metrics_count_requests_by_route_and_status(backend) {
        let app = TestApp::new(backend).await;
        app.get("/healthz").send().await.expect(200);
        app.get("/api/v1/me").send().await.problem(401);
        let metrics = app.get("/metrics").send().await;
        assert_eq!(metrics.status.as_u16(), 200);
        let text = metrics.text();
        assert!(
            text.contains(r#"http_requests_total{method="GET",route="/healthz",status="200"} 1"#),
            "{text}"
        );
        assert!(text.contains(r#"http_requests_total{method="GET",route="/api/v1/me",status="401"} 1"#));
        assert!(text.contains("http_request_duration_seconds_bucket"));
    }
);

api_test!(
    async fn cors_allows_only_configured_origins(backend) {
        let app = TestApp::new(backend).await;
        let allowed = app.get("/healthz").header("origin", ALLOWED_ORIGIN).send().await;
        assert_eq!(allowed.header("access-control-allow-origin"), Some(ALLOWED_ORIGIN));
        let preflight = app
            .request(actix_web::http::Method::OPTIONS, "/api/v1/auth/login")
            .header("origin", ALLOWED_ORIGIN)
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "content-type")
            .send()
            .await;
        assert_eq!(preflight.status.as_u16(), 200);
        assert_eq!(preflight.header("access-control-allow-origin"), Some(ALLOWED_ORIGIN));
        let foreign = app.get("/healthz").header("origin", "https://evil.example").send().await;
        assert_eq!(foreign.header("access-control-allow-origin"), None);
    }
);

api_test!(
    async fn security_headers_are_set(backend) {
        let app = TestApp::new(backend).await;
        let response = app.get("/healthz").send().await;
        assert_eq!(response.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(response.header("x-frame-options"), Some("DENY"));
    }
);

api_test!(
    async fn the_docs_and_the_document_are_served(backend) {
        let app = TestApp::new(backend).await;
        let docs = app.get("/docs/").send().await;
        assert_eq!(docs.status.as_u16(), 200);
        assert!(docs.text().contains("swagger"), "Swagger UI page");
        let redirect = app.get("/docs").send().await;
        assert!(redirect.status.is_redirection());
        let document = app.get("/openapi.json").send().await.expect(200);
        assert_eq!(document, serde_json::to_value(sagamihara_match::openapi()).unwrap());
        assert!(document["paths"]["/api/v1/auth/login"]["post"].is_object());
    }
);

/// The bundled SQLite is built with the options of `.cargo/config.toml`: without them every
/// query with a LIMIT is parsed and planned again on each run, and concurrent readers queue
/// on one allocation-statistics mutex (bench/README.md).
#[test]
fn the_bundled_sqlite_has_the_build_options_the_service_relies_on() {
    use diesel::{sql_query, Connection, QueryableByName, RunQueryDsl, SqliteConnection};

    #[derive(QueryableByName)]
    struct CompileOption {
        #[diesel(sql_type = diesel::sql_types::Text)]
        compile_options: String,
    }
    let mut conn = SqliteConnection::establish(":memory:").expect("open an in-memory database");
    let options: Vec<String> = sql_query("PRAGMA compile_options")
        .load::<CompileOption>(&mut conn)
        .expect("read the compile options")
        .into_iter()
        .map(|o| o.compile_options)
        .collect();
    assert!(options.iter().any(|o| o == "ENABLE_QPSG"), "{options:?}");
    assert!(
        options.iter().any(|o| o == "DEFAULT_MEMSTATUS=0"),
        "{options:?}"
    );
}

api_test!(
    async fn reads_are_answered_while_writes_wait_for_the_database(backend) {
        use diesel::connection::SimpleConnection;
        use diesel::r2d2::ManageConnection;
        use futures_util::future::{join, join_all};
        use sagamihara_match::auth::Role;
        use sagamihara_match::db::{ConnectionManager, DatabaseUrl};

        const POOL: u32 = 4;
        let app = TestApp::with_config(backend, |config| config.database_pool_size = POOL).await;
        let sme = app.user(Role::Sme);
        let company = format!("/api/v1/companies/{}", sme.company_id.unwrap());

        // Another client holds the lock every write to companies needs.
        let url = DatabaseUrl::parse(app.database_url()).unwrap();
        let mut holder = ConnectionManager::new(url).connect().unwrap();
        holder
            .batch_execute(match backend {
                crate::common::Backend::Sqlite => "BEGIN IMMEDIATE",
                crate::common::Backend::Postgres => {
                    "BEGIN; LOCK TABLE companies IN EXCLUSIVE MODE"
                }
            })
            .unwrap();

        // More writers than the pool has connections, all waiting for that lock…
        let writes = join_all((0..POOL + 2).map(|n| {
            app.patch(&company)
                .by(&sme)
                .json(&serde_json::json!({"employees": 10 + n}))
                .send()
        }));
        // …and a read meanwhile: it is answered, not left queueing for a connection.
        let read_then_release = async {
            actix_web::rt::time::sleep(std::time::Duration::from_millis(300)).await;
            let started = std::time::Instant::now();
            let read = app.get(&company).by(&sme).send().await;
            let waited = started.elapsed();
            holder.batch_execute("COMMIT").unwrap();
            (read, waited)
        };
        let (writes, (read, waited)) = join(writes, read_then_release).await;

        assert_eq!(read.expect(200)["employees"], serde_json::Value::Null);
        assert!(waited.as_secs() < 2, "the read waited {waited:?}");
        // The writes went through once the lock was released; one of them stands.
        let employees: Vec<i64> = writes
            .iter()
            .map(|w| w.expect(200)["employees"].as_i64().unwrap())
            .collect();
        let now = app.get(&company).by(&sme).send().await.expect(200);
        assert!(employees.contains(&now["employees"].as_i64().unwrap()));
    }
);
