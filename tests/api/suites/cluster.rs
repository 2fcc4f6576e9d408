//! Several instances of the real binary on one PostgreSQL database, as behind a load
//! balancer: a session begun on one instance is honoured by another, and refresh-token reuse
//! detected on any instance revokes the family on all of them.

use serde_json::json;

use crate::common::http::Request;
use crate::common::server::Server;
use crate::common::{Backend, TestDb};

#[test]
#[cfg_attr(not(pg_tests), ignore = "set TEST_POSTGRES_URL to run on PostgreSQL")]
fn two_instances_on_one_postgresql_share_sessions_and_revocations() {
    let db = TestDb::new(Backend::Postgres);
    // Started together, so both apply the migrations at the same moment: the advisory lock
    // must let one do it and the other find them done.
    let mut a = Server::start(&db.url);
    let mut b = Server::start(&db.url);
    a.wait_ready();
    b.wait_ready();

    let email = "cluster@example.jp";
    let password = "precision-2026";
    a.send(Request::post("/api/v1/auth/register").json(&json!({
        "email": email,
        "password": password,
        "display_name": "佐藤 花子",
        "account_type": "sme",
        "company": {"name_ja": "佐藤板金", "name_en": "Sato Sheet Metal", "industry": "stamping"}
    })))
    .expect(201);
    let session = a
        .send(
            Request::post("/api/v1/auth/login")
                .json(&json!({"email": email, "password": password})),
        )
        .expect(200);
    let access = session["access_token"].as_str().unwrap();
    let first_refresh = session["refresh_token"].clone();

    // Same JWT secret, same database: B knows the user A signed in.
    let me = b.send(Request::get("/api/v1/me").token(access)).expect(200);
    assert_eq!(me["email"], email);
    assert_eq!(me["id"], session["user"]["id"]);

    let rotated = b
        .send(Request::post("/api/v1/auth/refresh").json(&json!({"refresh_token": first_refresh})))
        .expect(200);
    assert_ne!(rotated["refresh_token"], first_refresh);
    b.send(Request::get("/api/v1/me").token(rotated["access_token"].as_str().unwrap()))
        .expect(200);

    // The used token shown to A is a stolen copy: A refuses it and revokes the family, so
    // the token B just issued stops working on B as well.
    a.send(Request::post("/api/v1/auth/refresh").json(&json!({"refresh_token": first_refresh})))
        .expect(401);
    b.send(
        Request::post("/api/v1/auth/refresh")
            .json(&json!({"refresh_token": rotated["refresh_token"]})),
    )
    .expect(401);
}
