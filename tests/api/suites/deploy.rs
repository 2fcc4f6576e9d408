//! Deployment: the shape of `docker-compose.yml` and the `Dockerfile` (there is no container
//! engine in CI, so their structure is checked here), the `healthcheck` command the image's
//! HEALTHCHECK runs, and a graceful stop on SIGTERM.

use std::io::Write;
use std::net::TcpListener;
use std::process::Command;
use std::time::Duration;

use serde_json::json;
use serde_yaml_ng::Value as Yaml;

use crate::common::http::{self, Request};
use crate::common::server::{free_port, Server, BINARY};
use crate::common::{Backend, TestDb};

fn repository_file(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

fn compose() -> Yaml {
    serde_yaml_ng::from_str(&repository_file("docker-compose.yml")).expect("valid YAML")
}

/// A service's environment as (name, value) pairs, from either of compose's two forms.
fn environment(service: &Yaml) -> Vec<(String, String)> {
    match &service["environment"] {
        Yaml::Mapping(map) => map
            .iter()
            .map(|(k, v)| {
                let value = match v {
                    Yaml::String(s) => s.clone(),
                    other => serde_yaml_ng::to_string(other)
                        .expect("scalar")
                        .trim()
                        .to_owned(),
                };
                (k.as_str().expect("variable name").to_owned(), value)
            })
            .collect(),
        Yaml::Sequence(items) => items
            .iter()
            .filter_map(|item| item.as_str()?.split_once('='))
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect(),
        _ => Vec::new(),
    }
}

fn variable<'a>(env: &'a [(String, String)], name: &str) -> Option<&'a str> {
    env.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

#[test]
fn compose_runs_the_service_on_a_healthy_postgresql() {
    let compose = compose();
    let services = &compose["services"];
    let db = &services["db"];
    let app = &services["app"];
    assert!(db.is_mapping() && app.is_mapping(), "services db and app");

    assert!(
        db["image"]
            .as_str()
            .is_some_and(|i| i.starts_with("postgres:")),
        "db runs PostgreSQL"
    );
    let probe = serde_yaml_ng::to_string(&db["healthcheck"]["test"]).unwrap();
    assert!(probe.contains("pg_isready"), "db health check: {probe}");

    // The data outlives the container: a named volume, declared at the top level.
    let db_volumes: Vec<&str> = db["volumes"]
        .as_sequence()
        .expect("db volumes")
        .iter()
        .filter_map(Yaml::as_str)
        .collect();
    let data_volume = db_volumes
        .iter()
        .find_map(|v| v.strip_suffix(":/var/lib/postgresql/data"))
        .expect("a volume on PostgreSQL's data directory");
    assert!(
        !data_volume.starts_with(['.', '/', '~']),
        "{data_volume} should be a named volume, not a host path"
    );
    assert!(
        compose["volumes"]
            .as_mapping()
            .is_some_and(|v| v.contains_key(data_volume)),
        "volume {data_volume} is declared under the top-level volumes"
    );

    // The app waits for a database that answers, not merely a started container.
    assert_eq!(
        app["depends_on"]["db"]["condition"].as_str(),
        Some("service_healthy")
    );
    assert!(app["build"].as_str().is_some_and(|b| b == "."));
    assert!(app["restart"].is_string(), "a restart policy");

    let env = environment(app);
    let database_url = variable(&env, "DATABASE_URL").expect("DATABASE_URL");
    let host = database_url
        .strip_prefix("postgres://")
        .and_then(|rest| rest.split_once('@'))
        .and_then(|(_, rest)| rest.split([':', '/']).next())
        .expect("postgres://user:password@host…");
    assert_eq!(host, "db", "the app reaches PostgreSQL by its service name");
    let db_env = environment(db);
    let database = variable(&db_env, "POSTGRES_DB").expect("POSTGRES_DB");
    assert!(
        database_url.ends_with(&format!("/{database}")),
        "{database_url} names the database the db service creates"
    );

    // The secret comes from the environment (.env), never from this committed file; without
    // it compose must refuse to start rather than run on an empty or default key.
    let secret = variable(&env, "JWT_SECRET").unwrap_or_default();
    let from_env_file = !app["env_file"].is_null() && secret.is_empty();
    assert!(
        secret.starts_with("${JWT_SECRET:?") || from_env_file,
        "JWT_SECRET must come from the environment, required: {secret:?}"
    );

    let ports: Vec<String> = app["ports"]
        .as_sequence()
        .expect("app ports")
        .iter()
        .filter_map(|p| p.as_str().map(str::to_owned))
        .collect();
    assert!(
        ports.iter().any(|p| p == "8080:8080"),
        "port 8080 published: {ports:?}"
    );
}

/// The Dockerfile's instructions with line continuations joined, comments dropped.
fn dockerfile_instructions() -> Vec<String> {
    let text = repository_file("Dockerfile");
    let mut instructions = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('#') || (line.is_empty() && current.is_empty()) {
            continue;
        }
        match line.strip_suffix('\\') {
            Some(part) => current.push_str(part),
            None => {
                current.push_str(line);
                if !current.trim().is_empty() {
                    instructions.push(current.split_whitespace().collect::<Vec<_>>().join(" "));
                }
                current.clear();
            }
        }
    }
    instructions
}

#[test]
fn the_dockerfile_builds_like_ci_and_runs_unprivileged() {
    let instructions = dockerfile_instructions();
    let with = |keyword: &str| -> Vec<&String> {
        instructions
            .iter()
            .filter(|i| i.starts_with(&format!("{keyword} ")))
            .collect()
    };

    let stages = with("FROM");
    assert!(stages.len() >= 2, "multi-stage: {stages:?}");
    assert!(stages[0].contains("rust:"), "builds on the Rust image");
    assert!(
        stages.last().unwrap().contains("debian:bookworm-slim"),
        "runs on a slim image"
    );

    // The same command as a developer's and CI's build, with the lock file honoured; the
    // dependency layer and the real build both use it.
    let builds = with("RUN")
        .into_iter()
        .filter(|r| r.contains("cargo build"))
        .collect::<Vec<_>>();
    assert!(!builds.is_empty());
    for build in &builds {
        assert!(build.contains("cargo build --release --locked"), "{build}");
    }

    let users = with("USER");
    let user = users.last().expect("a USER instruction");
    let name = user["USER ".len()..].split(':').next().unwrap_or_default();
    assert!(
        !["root", "0"].contains(&name),
        "the service must not run as root: {user}"
    );

    let env = with("ENV")
        .into_iter()
        .cloned()
        .collect::<Vec<_>>()
        .join(" ");
    for setting in ["BIND_ADDR=0.0.0.0", "PORT=8080", "APP_ENV=production"] {
        assert!(env.contains(setting), "ENV {setting}");
    }
    assert_eq!(with("EXPOSE"), ["EXPOSE 8080"]);
    assert_eq!(with("ENTRYPOINT"), [r#"ENTRYPOINT ["sagamihara-match"]"#]);

    let healthcheck = with("HEALTHCHECK");
    assert_eq!(healthcheck.len(), 1, "one HEALTHCHECK");
    assert!(
        healthcheck[0].ends_with(r#"CMD ["sagamihara-match", "healthcheck"]"#),
        "{}",
        healthcheck[0]
    );
    // ... and the binary has that command.
    let help = Command::new(BINARY)
        .args(["healthcheck", "--help"])
        .output()
        .expect("run healthcheck --help");
    assert!(help.status.success());
}

#[test]
fn the_docker_build_context_leaves_out_secrets_and_build_output() {
    let ignored = repository_file(".dockerignore");
    let entries: Vec<&str> = ignored.lines().map(str::trim).collect();
    for entry in ["target", "data", ".env", ".git"] {
        assert!(entries.contains(&entry), ".dockerignore lacks {entry}");
    }
}

#[test]
fn healthcheck_succeeds_only_while_the_service_answers() {
    let db = TestDb::new(Backend::Sqlite);
    let mut server = Server::start(&db.url);
    server.wait_ready();
    let check = |port: u16| {
        Command::new(BINARY)
            .args(["healthcheck", "--port", &port.to_string()])
            .env_clear()
            .output()
            .expect("run healthcheck")
    };
    let healthy = check(server.port);
    assert!(
        healthy.status.success(),
        "{}",
        String::from_utf8_lossy(&healthy.stderr)
    );

    let nobody = check(free_port());
    assert_eq!(nobody.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&nobody.stderr).contains("cannot connect"));
}

/// Load balancers probe with HEAD and newcomers check with `curl -I`: every GET route
/// answers HEAD with the GET's status and headers, and no body on the wire.
#[test]
fn every_get_route_answers_head_without_a_body() {
    let db = TestDb::new(Backend::Sqlite);
    let mut server = Server::start(&db.url);
    server.wait_ready();
    for (path, content_type) in [
        ("/healthz", "application/json"),
        ("/openapi.json", "application/json"),
        ("/docs/", "text/html"),
        ("/api/v1/capabilities", "application/json"),
    ] {
        let get = Request::get(path).send(server.port).expect("GET");
        let head = Request::new("HEAD", path).send(server.port).expect("HEAD");
        assert_eq!(get.status, 200, "GET {path}");
        assert_eq!(head.status, 200, "HEAD {path}");
        assert!(
            head.header("content-type")
                .is_some_and(|t| t.starts_with(content_type)),
            "HEAD {path}: {:?}",
            head.headers
        );
        assert_eq!(
            head.header("content-length"),
            get.header("content-length"),
            "{path}"
        );
        assert!(head.body.is_empty(), "HEAD {path} sent a body");
        assert!(!get.body.is_empty(), "GET {path} sent no body");
    }
    // A route without GET still refuses HEAD, naming what it has.
    let refused = Request::new("HEAD", "/api/v1/auth/login")
        .send(server.port)
        .expect("HEAD");
    assert_eq!(refused.status, 405);
    assert_eq!(refused.header("allow"), Some("POST"));
}

/// SIGTERM is how a container runtime, systemd or a rolling deploy stops an instance: the
/// request in flight still gets its answer, then the process exits 0 and frees its port.
#[test]
fn sigterm_finishes_the_request_in_flight_then_exits_cleanly() {
    let db = TestDb::new(Backend::Sqlite);
    let mut server = Server::start(&db.url);
    server.wait_ready();
    let email = "graceful@example.jp";
    server
        .send(Request::post("/api/v1/auth/register").json(&json!({
            "email": email,
            "password": "precision-2026",
            "display_name": "Graceful",
            "account_type": "buyer",
            "buyer": {"name": "Siam Parts Co.", "country": "TH"}
        })))
        .expect(201);

    // A login whose body is only half sent: the server has the request and waits for the
    // rest when the signal arrives.
    let login = Request::post("/api/v1/auth/login")
        .json(&json!({"email": email, "password": "precision-2026"}))
        .to_bytes(server.port);
    let (first, rest) = login.split_at(login.len() - 10);
    let mut stream = http::connect(server.port).expect("connect");
    stream.write_all(first).expect("send the first part");
    std::thread::sleep(Duration::from_millis(300));

    server.terminate();
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        server.wait_exit(Duration::ZERO).is_none(),
        "the server quit with a request in flight:\n{}",
        server.log()
    );
    stream.write_all(rest).expect("send the rest");
    let response = http::read_response(&mut stream).expect("the answer to the request in flight");
    assert!(
        response.expect(200)["access_token"].is_string(),
        "the login completed"
    );

    let status = server
        .wait_exit(Duration::from_secs(20))
        .unwrap_or_else(|| panic!("still running 20 s after SIGTERM:\n{}", server.log()));
    assert!(status.success(), "exit status {status}:\n{}", server.log());
    assert!(
        http::connect(server.port).is_err(),
        "nothing listens after the stop"
    );
    TcpListener::bind(("127.0.0.1", server.port)).expect("the port is free again");
}

/// The README's Quick start, top to bottom: the service tried on ./data/ (an account made
/// there), then `--demo` with serve's flags at the top level. The demo loads into its own
/// folder, its logins work, and the log written to a file carries no colour codes.
#[test]
fn the_demo_starts_after_the_quick_start_in_its_own_folder() {
    let dir = std::env::temp_dir().join(format!("sagamihara-newcomer-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&dir).expect("create the newcomer's folder");
    let newcomer = |args: &[&str]| {
        let mut command = Command::new(BINARY);
        command
            .args(args)
            .current_dir(&dir)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env(
                "JWT_SECRET",
                std::str::from_utf8(crate::common::JWT_SECRET).expect("UTF-8"),
            )
            .env("RUST_LOG", "info");
        command
    };
    let mut create = newcomer(&[
        "create-user",
        "--email",
        "tanaka@example.jp",
        "--role",
        "desk",
    ]);
    let made = create.output().expect("create-user in ./data");
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    assert!(dir.join("data/sagamihara-match.sqlite3").exists());

    let port = free_port();
    let log = std::fs::File::create(dir.join("demo.log")).expect("log file");
    let mut child = newcomer(&["--port", &port.to_string(), "--demo"])
        .stdout(log.try_clone().expect("clone the log"))
        .stderr(log)
        .spawn()
        .expect("start the demo");
    let deadline = std::time::Instant::now() + Duration::from_secs(120);
    let ready = loop {
        if Request::get("/readyz")
            .send(port)
            .is_ok_and(|r| r.status == 200)
        {
            break true;
        }
        if std::time::Instant::now() > deadline || child.try_wait().ok().flatten().is_some() {
            break false;
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    let login = ready.then(|| {
        Request::post("/api/v1/auth/login")
            .json(&json!({"email": "buyer1@demo.sagamihara-match.example",
                          "password": "sagamihara-demo-2026"}))
            .send(port)
    });
    let _ = child.kill();
    let _ = child.wait();
    let log = std::fs::read_to_string(dir.join("demo.log")).unwrap_or_default();
    assert!(ready, "the demo did not start:\n{log}");
    let login = login.and_then(Result::ok).expect("log in");
    assert_eq!(login.status, 200, "demo login: {}\n{log}", login.text());
    assert!(
        dir.join("data/demo/sagamihara-match.sqlite3").exists(),
        "{log}"
    );
    assert!(!log.contains("demo data not loaded"), "{log}");
    assert!(
        !log.contains('\u{1b}'),
        "colour codes in a log file:\n{log}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

mod demo_data {
    use std::process::{Command, Output, Stdio};

    use sagamihara_match::auth::Role;

    use crate::api_test;
    use crate::common::server::BINARY;
    use crate::common::verbs::ANONYMOUS;
    use crate::common::{TestApp, JWT_SECRET};

    /// `seed-demo`, run as the command it is, on `database_url`.
    fn seed_demo(database_url: &str) -> Output {
        Command::new(BINARY)
            .arg("seed-demo")
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("DATABASE_URL", database_url)
            .env("JWT_SECRET", std::str::from_utf8(JWT_SECRET).unwrap())
            .env("DATA_DIR", std::env::temp_dir())
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .output()
            .expect("run seed-demo")
    }

    /// The logins `seed-demo` printed: the one password, and (role, e-mail) per account.
    fn printed_logins(stdout: &str) -> (String, Vec<(String, String)>) {
        let password = stdout
            .split_once("(password for all: ")
            .and_then(|(_, rest)| rest.split_once("):"))
            .map(|(password, _)| password.to_owned())
            .unwrap_or_else(|| panic!("no password in {stdout}"));
        let logins = stdout
            .lines()
            .filter(|line| line.starts_with("  "))
            .map(|line| {
                let (role, email) = line.trim().split_once(' ').expect("role and e-mail");
                (role.to_owned(), email.trim().to_owned())
            })
            .collect();
        (password, logins)
    }

    api_test!(
        async fn seed_demo_loads_a_living_programme_once(backend) {
            let app = TestApp::new(backend).await;
            let seeded = seed_demo(app.database_url());
            let stdout = String::from_utf8_lossy(&seeded.stdout);
            assert!(seeded.status.success(), "{}", String::from_utf8_lossy(&seeded.stderr));
            assert!(stdout.starts_with("Demo programme loaded."), "{stdout}");
            let (password, logins) = printed_logins(&stdout);
            let roles: Vec<&str> = logins.iter().map(|(role, _)| role.as_str()).collect();
            assert_eq!(roles, ["admin", "desk", "reviewer", "sme", "buyer", "candidate"]);
            // Every demo login works with the demo password.
            for (_, email) in &logins {
                app.login(email, &password)
                    .peer("203.0.113.9:1000")
                    .await
                    .expect(200);
            }
            // A multi-year picture: meetings held and deals won in each past fair's year.
            let reviewer = app.user(Role::Reviewer);
            for year in [2023, 2024, 2025] {
                let kpi = app.kpi_report(&reviewer, &format!("fiscal_year={year}")).await.expect(200);
                let held = kpi["close_rate"]["counts"]["held"].as_i64().unwrap();
                assert!(held >= 15, "FY{year}: {held} meetings held");
                assert!(kpi["close_rate"]["counts"]["won"].as_i64().unwrap() > 0, "FY{year}: {kpi}");
            }
            for year in [2024, 2025] {
                let kpi = app.kpi_report(&reviewer, &format!("fiscal_year={year}")).await.expect(200);
                assert_eq!(kpi["foreign_talent"]["actual"], 4, "FY{year}: {}", kpi["foreign_talent"]);
            }
            let sales = app.kpi_report(&reviewer, "fiscal_year=2024").await.expect(200);
            assert!(sales["overseas_sales"]["actual_yen"].as_i64().unwrap() > 0, "deals of the FY2023 fair close in FY2024");
            let catalogue = app.search_capabilities(ANONYMOUS, "q=cnc").await.expect(200);
            assert!(!catalogue["items"].as_array().unwrap().is_empty());
            let statuses: std::collections::BTreeSet<String> = app
                .list_meetings(&app.user(Role::Desk), "limit=100")
                .await
                .expect(200)["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m["status"].as_str().unwrap().to_owned())
                .collect();
            assert!(statuses.len() >= 4, "meetings in many states: {statuses:?}");

            // Again: nothing new; and a database with other data is refused.
            let again = seed_demo(app.database_url());
            assert!(again.status.success(), "{}", String::from_utf8_lossy(&again.stderr));
            let stdout = String::from_utf8_lossy(&again.stdout);
            assert!(stdout.starts_with("The demo programme was already loaded."), "{stdout}");
            assert_eq!(printed_logins(&stdout).1, logins);
            let other = TestApp::new(backend).await;
            other.user(Role::Admin);
            let refused = seed_demo(other.database_url());
            assert!(!refused.status.success());
            assert!(String::from_utf8_lossy(&refused.stderr).contains("--force"));
        }
    );
}
