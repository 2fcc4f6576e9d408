//! HTTP details a client meets on every answer: JSON compressed as the client asks
//! (brotli, gzip, or not at all), and no answer kept in a browser's or a proxy's cache.

use std::io::Read;

use sagamihara_match::auth::Role;
use serde_json::Value;

use crate::api_test;
use crate::common::fixtures::{
    add_capability, approved_sme, capability, desk_candidate, logged_in, sme_registration,
    trade_fair, verified_buyer,
};
use crate::common::{TestApp, TestResponse, PASSWORD};

fn gunzip(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(body)
        .read_to_end(&mut out)
        .expect("a gzip stream");
    out
}

fn unbrotli(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::Decompressor::new(body, 4096)
        .read_to_end(&mut out)
        .expect("a brotli stream");
    out
}

api_test!(
    async fn the_catalogue_comes_compressed_as_the_client_asks_and_decompresses_to_the_same_json(backend) {
        let app = TestApp::new(backend).await;
        let sme = approved_sme(&app).await;
        for n in 0..30 {
            let body = capability(&format!("精密切削加工 {n}"), &format!("precision CNC machining {n}"), "machining", &["aluminium"]);
            add_capability(&app, &sme, body).await;
        }
        let listing = "/api/v1/capabilities?limit=100";

        let plain = app.get(listing).await;
        assert_eq!(plain.status.as_u16(), 200);
        assert_eq!(plain.header("content-encoding"), None, "no Accept-Encoding: identity");
        let json: Value = serde_json::from_slice(&plain.body).unwrap();
        assert_eq!(json["items"].as_array().unwrap().len(), 30);

        for (encoding, decode) in [("br", unbrotli as fn(&[u8]) -> Vec<u8>), ("gzip", gunzip)] {
            let packed = app.get(listing).header("accept-encoding", encoding).await;
            assert_eq!(packed.status.as_u16(), 200);
            assert_eq!(packed.header("content-encoding"), Some(encoding));
            let vary: Vec<String> = packed.headers.get_all("vary").map(|v| v.to_str().unwrap().to_ascii_lowercase()).collect();
            assert!(vary.iter().any(|v| v.contains("accept-encoding")), "caches told the answer varies: {vary:?}");
            assert!(packed.body.len() * 3 < plain.body.len(), "{encoding}: {} of {} bytes", packed.body.len(), plain.body.len());
            assert_eq!(decode(&packed.body), plain.body.to_vec(), "{encoding} decompresses to the same body");
        }
        let preferred = app.get(listing).header("accept-encoding", "gzip;q=0.5, br").await;
        assert_eq!(preferred.header("content-encoding"), Some("br"));
        let refused = app.get(listing).header("accept-encoding", "identity").await;
        assert_eq!(refused.header("content-encoding"), None);
        assert_eq!(refused.body, plain.body);
    }
);

#[track_caller]
fn assert_not_stored(what: &str, response: &TestResponse) {
    assert!(
        response.status.is_success() || response.status.is_client_error(),
        "{what}: {}",
        response.status
    );
    assert_eq!(
        response.header("cache-control"),
        Some("no-store"),
        "{what} must not be cached"
    );
}

api_test!(
    async fn token_and_personal_answers_are_never_stored(backend) {
        let app = TestApp::new(backend).await;
        let registered = app.register(&sme_registration("cache@example.test")).await;
        assert_eq!(registered.status.as_u16(), 201, "{}", registered.text());
        assert_not_stored("register", &registered);
        let sme = app.user(Role::Sme);
        let login = app.login(&sme.email, PASSWORD).await;
        assert_not_stored("login", &login);
        let session = logged_in(&app, &sme.email, PASSWORD).await;
        assert_not_stored("refresh", &app.refresh(&session["refresh_token"]).await);
        assert_not_stored("a failed login", &app.login(&sme.email, "wrong password").await);

        let desk = app.user(Role::Desk);
        let buyer = verified_buyer(&app).await;
        let candidate = desk_candidate(&app, "Nguyen Van An", "VN").await;
        let event = trade_fair(&app, serde_json::json!({})).await;
        assert_not_stored("me", &app.get_me(&sme).await);
        assert_not_stored("users", &app.list_users(&app.user(Role::Admin), "").await);
        assert_not_stored("a buyer's contacts", &app.get_buyer(&buyer, buyer.buyer_id.unwrap()).await);
        assert_not_stored("a candidate", &app.get_candidate(&desk, &candidate).await);
        assert_not_stored("candidates", &app.list_candidates(&desk, "").await);
        assert_not_stored("meetings", &app.list_meetings(&desk, "").await);
        assert_not_stored("the meeting list", &app.meetings_csv(&desk, &event).await);
        assert_not_stored("the public catalogue", &app.search_capabilities(&buyer, "").await);
        assert_not_stored("a missing token", &app.get("/api/v1/me").await);
        assert_not_stored("health", &app.get("/healthz").await);
    }
);
