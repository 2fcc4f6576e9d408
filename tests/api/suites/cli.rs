//! The command line: the committed OpenAPI document, bootstrapping an admin, and start-up
//! failures that must say what is wrong.

use std::io::Write;
use std::net::TcpListener;
use std::process::{Command, Output, Stdio};

use diesel::RunQueryDsl;

use crate::api_test;
use crate::common::{test_config, Backend, TestApp, TestDb, JWT_SECRET};

const BINARY: &str = env!("CARGO_BIN_EXE_sagamihara-match");

fn command(database_url: &str) -> Command {
    let mut command = Command::new(BINARY);
    command
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("DATABASE_URL", database_url)
        .env("JWT_SECRET", std::str::from_utf8(JWT_SECRET).unwrap())
        .env("DATA_DIR", std::env::temp_dir())
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null());
    command
}

fn run_with_stdin(mut command: Command, input: &str) -> Output {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the binary");
    // The binary may refuse before it reads its input; a closed pipe is then expected.
    let _ = child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes());
    child.wait_with_output().expect("wait for the binary")
}

#[test]
fn the_committed_openapi_document_matches_the_code() {
    let output = Command::new(BINARY)
        .arg("openapi")
        .output()
        .expect("run openapi");
    assert!(output.status.success());
    let generated = String::from_utf8(output.stdout).expect("utf-8");
    let committed =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/openapi/openapi.json"))
            .expect("openapi/openapi.json is committed");
    assert!(
        generated.trim_end() == committed.trim_end(),
        "openapi/openapi.json is stale: run `cargo run -- openapi > openapi/openapi.json` and commit it"
    );
}

api_test!(
    async fn create_user_bootstraps_an_admin_who_can_log_in(backend) {
        let db = TestDb::new(backend);
        let mut create = command(&db.url);
        create.args(["create-user", "--email", "Chief@City.Example", "--role", "admin", "--password-stdin"]);
        let output = run_with_stdin(create, "first admin password\n");
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        assert!(String::from_utf8_lossy(&output.stdout).contains("chief@city.example"));

        let mut refused = command(&db.url);
        refused.args(["create-user", "--email", "shop@example.jp", "--role", "sme", "--password-stdin"]);
        let output = run_with_stdin(refused, "some password 1\n");
        assert!(!output.status.success());

        let app = TestApp::on_database(backend, db).await;
        let session = app
            .login("chief@city.example", "first admin password")
            .await
            .expect(200);
        assert_eq!(session["user"]["role"], "admin");
    }
);

fn serve_fails_with(mut command: Command, expected: &str) {
    let output = command
        .args(["serve", "--port", "0"])
        .output()
        .expect("run serve");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !output.status.success(),
        "serve should have refused to start"
    );
    assert!(
        stderr.contains(expected),
        "expected {expected:?} in: {stderr}"
    );
}

#[test]
fn serve_refuses_a_short_jwt_secret() {
    let db = TestDb::new(Backend::Sqlite);
    let mut command = command(&db.url);
    command.env("JWT_SECRET", "too-short");
    serve_fails_with(command, "JWT_SECRET");
}

#[test]
fn production_refuses_to_start_without_a_jwt_secret() {
    let db = TestDb::new(Backend::Sqlite);
    let mut command = command(&db.url);
    command
        .env_remove("JWT_SECRET")
        .env("APP_ENV", "production");
    serve_fails_with(command, "JWT_SECRET must be set in production");
}

#[test]
fn serve_refuses_no_connections_or_no_reads_at_a_time() {
    for setting in ["DATABASE_POOL_SIZE", "DATABASE_READ_CONCURRENCY"] {
        let db = TestDb::new(Backend::Sqlite);
        let mut command = command(&db.url);
        command.env(setting, "0");
        serve_fails_with(
            command,
            &format!("{setting} is not valid: it must be at least 1"),
        );
    }
}

#[test]
fn serve_reports_an_unreachable_database() {
    let command = command("postgres://nobody@127.0.0.1:1/nothing");
    serve_fails_with(command, "127.0.0.1");
}

#[test]
fn serve_refuses_a_database_url_of_an_unsupported_kind() {
    // Not taken for a SQLite path: that would create a folder called `mysql:` and run on it.
    let workdir = std::env::temp_dir().join(format!("sagamihara-cwd-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&workdir).unwrap();
    let mut command = command("mysql://app@db.example/sagamihara");
    command.current_dir(&workdir);
    serve_fails_with(
        command,
        "DATABASE_URL is not valid: unsupported scheme mysql://",
    );
    let left_behind = std::fs::read_dir(&workdir).unwrap().count();
    std::fs::remove_dir_all(&workdir).unwrap();
    assert_eq!(left_behind, 0, "nothing may be created for a refused URL");
}

#[test]
fn serve_reports_a_sqlite_folder_it_cannot_create() {
    // A regular file where a folder of the path should be: not creatable, even for root.
    let blocker = std::env::temp_dir().join(format!("sagamihara-file-{}", uuid::Uuid::now_v7()));
    std::fs::write(&blocker, b"not a folder").unwrap();
    let url = blocker.join("data/app.sqlite3");
    let command = command(url.to_str().unwrap());
    serve_fails_with(
        command,
        &format!(
            "cannot create the database folder {}",
            blocker.join("data").display()
        ),
    );
    std::fs::remove_file(&blocker).unwrap();
}

#[test]
fn serve_reports_a_port_in_use() {
    let db = TestDb::new(Backend::Sqlite);
    let taken = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("address").port();
    let mut command = command(&db.url);
    command.args(["serve", "--port", &port.to_string()]);
    let output = command.output().expect("run serve");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(
        stderr.contains(&format!("cannot listen on 127.0.0.1:{port}")),
        "{stderr}"
    );
}

#[test]
fn migrate_applies_the_schema_once() {
    let db = TestDb::new(Backend::Sqlite);
    for _ in 0..2 {
        let output = command(&db.url)
            .arg("migrate")
            .output()
            .expect("run migrate");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    // The migrated file is usable by the service as is.
    let config = test_config(&db.url);
    assert!(sagamihara_match::AppState::connect(config).is_ok());
}

api_test!(
    async fn kpi_recount_reports_totals_that_differ_from_the_records(backend) {
        let app = TestApp::new(backend).await;
        let url = app.database_url().to_owned();
        let ok = command(&url).arg("kpi-recount").output().expect("run kpi-recount");
        let stdout = String::from_utf8_lossy(&ok.stdout);
        assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
        assert!(stdout.contains("0 fiscal year(s) match"), "{stdout}");

        // A total nobody's records support, as a hand-edited database would have.
        let mut conn = app.state.pool.get().unwrap();
        diesel::sql_query("INSERT INTO kpi_year_totals (fiscal_year, held, won) VALUES (2024, 3, 1)")
            .execute(&mut conn)
            .unwrap();
        let differs = command(&url).arg("kpi-recount").output().expect("run kpi-recount");
        let stdout = String::from_utf8_lossy(&differs.stdout);
        let stderr = String::from_utf8_lossy(&differs.stderr);
        assert_eq!(differs.status.code(), Some(1), "{stdout}{stderr}");
        assert!(stdout.contains("2024     3    1") && stdout.contains("RECOUNTED"), "{stdout}");
        assert!(stderr.contains("1 fiscal year(s) differ from a recount of the records"), "{stderr}");
    }
);

api_test!(
    async fn kpi_recount_tells_how_a_published_report_differs_without_failing(backend) {
        use sagamihara_match::auth::Role;
        let app = TestApp::new(backend).await;
        let url = app.database_url().to_owned();
        let admin = app.user(Role::Admin);
        app.open_report(&admin, 2025).await.expect(201);
        let publication = app.publish_report(&admin, 2025).await.expect(201);
        let sha = publication["sha256"].as_str().unwrap();
        let same = command(&url).arg("kpi-recount").output().expect("run kpi-recount");
        let stdout = String::from_utf8_lossy(&same.stdout);
        assert!(same.status.success(), "{}", String::from_utf8_lossy(&same.stderr));
        assert!(stdout.contains(&format!("FY2025 version 1 (sha256 {})  ok", &sha[..12])), "{stdout}");

        // A cost of FY2025 recorded after publication, as a late invoice would be: the costs,
        // the ratio and the cumulative ratio move.
        let cost = serde_json::json!({"funding_source": "city_budget", "amount_jpy": 500000, "spent_on": "2025-09-01", "description": "会場費"});
        app.record_programme_cost(&app.user(Role::Desk), &cost).await.expect(201);
        let differs = command(&url).arg("kpi-recount").output().expect("run kpi-recount");
        let stdout = String::from_utf8_lossy(&differs.stdout);
        assert!(differs.status.success(), "a report that differs is no failure: {stdout}{}", String::from_utf8_lossy(&differs.stderr));
        assert!(stdout.contains("FY2025 version 1") && stdout.contains("3 figure(s) differ"), "{stdout}");
        assert!(stdout.contains("Programme costs (yen) / 事業費(円): published 0, recounted 500000"), "{stdout}");
        assert!(stdout.contains("expected when records changed after publication"), "{stdout}");
        assert!(stdout.contains("0 fiscal year(s) match"), "the kept totals still match: {stdout}");
    }
);
