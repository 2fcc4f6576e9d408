//! The OWASP API Security Top 10 (2023), one test group per item. Some items are also
//! covered in depth elsewhere (the catalogue matrix, the token attacks in `auth`); each
//! group here asserts what a user of the API would see.

use std::collections::BTreeSet;
use std::io::Read;
use std::net::TcpListener;
use std::time::Duration;

use actix_web::http::Method;
use sagamihara_match::auth::Role;
use serde_json::{json, Value};

use crate::api_test;
use crate::common::fixtures::{accepted_meeting, exhibitor, trade_fair, verified_buyer};
use crate::common::{error_fields, TestApp, TestUser, PASSWORD};

/// A fair with one held meeting between `sme` and `buyer`, plus another company and buyer.
struct Fair {
    event: String,
    meeting: String,
    sme: TestUser,
    buyer: TestUser,
    other_sme: TestUser,
    other_buyer: TestUser,
}

async fn fair(app: &TestApp) -> Fair {
    let event = trade_fair(app, json!({})).await;
    let sme = exhibitor(app, &event).await;
    let other_sme = exhibitor(app, &event).await;
    let buyer = verified_buyer(app).await;
    let other_buyer = verified_buyer(app).await;
    let meeting = accepted_meeting(app, &event, &sme, &buyer).await;
    app.mark_meeting_held(&app.user(Role::Desk), &meeting)
        .await
        .expect(200);
    Fair {
        event,
        meeting,
        sme,
        buyer,
        other_sme,
        other_buyer,
    }
}

mod api1_broken_object_level_authorization {
    use super::*;

    api_test!(
        async fn meeting_objects_answer_only_their_parties(backend) {
            let app = TestApp::new(backend).await;
            let f = fair(&app).await;
            let m = &f.meeting;
            let callers: Vec<(&str, Option<TestUser>)> = vec![
                ("anonymous", None),
                ("sme", Some(f.sme.clone())),
                ("other_sme", Some(f.other_sme.clone())),
                ("buyer", Some(f.buyer.clone())),
                ("other_buyer", Some(f.other_buyer.clone())),
                ("reviewer", Some(app.user(Role::Reviewer))),
                ("desk", Some(app.user(Role::Desk))),
                ("candidate", Some(app.user(Role::Candidate))),
            ];
            let agenda = format!("/api/v1/events/{}/agenda?company_id={}", f.event, f.sme.company_id.unwrap());
            let rows: Vec<(Method, String, Option<Value>, [u16; 8])> = vec![
                //                                                       anon sme  o_sme buyer o_buy rev  desk cand
                (Method::GET, format!("/api/v1/meetings/{m}"), None, [401, 200, 404, 200, 404, 200, 200, 404]),
                (Method::GET, format!("/api/v1/meetings/{m}/negotiation"), None, [401, 200, 404, 200, 404, 403, 200, 404]),
                (Method::PUT, format!("/api/v1/meetings/{m}/negotiation"), Some(json!({"status": "prospect"})), [401, 200, 404, 403, 404, 403, 200, 404]),
                (Method::GET, format!("/api/v1/meetings/{m}/negotiation/contacts"), None, [401, 200, 404, 403, 404, 403, 200, 404]),
                (Method::POST, format!("/api/v1/meetings/{m}/cancel"), None, [401, 409, 404, 409, 404, 403, 409, 404]),
                (Method::GET, agenda, None, [401, 200, 404, 404, 404, 200, 200, 404]),
                (Method::GET, format!("/api/v1/buyers/{}", f.buyer.buyer_id.unwrap()), None, [401, 404, 404, 200, 404, 404, 200, 404]),
                (Method::GET, format!("/api/v1/companies/{}", f.sme.company_id.unwrap()), None, [200, 200, 200, 200, 200, 200, 200, 200]),
            ];
            let mut failures = Vec::new();
            let mut cells = 0;
            for (method, path, body, expected) in &rows {
                for (index, (name, user)) in callers.iter().enumerate() {
                    let mut request = app.request(method.clone(), path);
                    if let Some(user) = user {
                        request = request.by(user);
                    }
                    if let Some(body) = body {
                        request = request.json(body);
                    }
                    let got = request.send().await.status.as_u16();
                    cells += 1;
                    if got != expected[index] {
                        failures.push(format!("{method} {path} as {name}: expected {}, got {got}", expected[index]));
                    }
                }
            }
            assert!(failures.is_empty(), "{} of {cells} cells differ:\n{}", failures.len(), failures.join("\n"));
        }
    );
}

mod api2_broken_authentication {
    use super::*;

    api_test!(
        async fn guessing_passwords_for_one_account_is_cut_off_and_tokens_are_checked(backend) {
            let app = TestApp::new(backend).await;
            let victim = app.user(Role::Admin);
            let mut statuses = Vec::new();
            for n in 0..8 {
                let response = app
                    .post("/api/v1/auth/login")
                    .peer(&format!("198.51.100.{n}:4000"))
                    .json(&json!({"email": victim.email, "password": format!("guess number {n}")}))
                    .send()
                    .await;
                statuses.push(response.status.as_u16());
            }
            assert_eq!(statuses, [401, 401, 401, 401, 401, 429, 429, 429]);
            // Even the right password waits out the lock.
            app.post("/api/v1/auth/login")
                .peer("198.51.100.200:4000")
                .json(&json!({"email": victim.email, "password": PASSWORD}))
                .send()
                .await
                .problem(429);
            for token in ["", "Bearer", "a.b.c", &victim.token[..victim.token.len() - 2]] {
                app.get("/api/v1/users").header("authorization", &format!("Bearer {token}")).send().await.problem(401);
            }
            app.get("/api/v1/users").by(&victim).send().await.expect(200);
        }
    );
}

mod api3_broken_object_property_level_authorization {
    use super::*;

    api_test!(
        async fn no_response_leaks_secrets_and_protected_fields_cannot_be_written(backend) {
            let app = TestApp::new(backend).await;
            let admin = app.user(Role::Admin);
            let session = app
                .post("/api/v1/auth/register")
                .json(&json!({"email": "leak@example.jp", "password": "long password 1", "display_name": "L", "account_type": "candidate"}))
                .send()
                .await
                .expect(201);
            let mut bodies = vec![session.to_string()];
            for path in ["/api/v1/users?limit=100", "/api/v1/me"] {
                bodies.push(app.get(path).by(&admin).send().await.text());
            }
            for body in &bodies {
                for secret in ["password_hash", "token_hash", "$argon2"] {
                    assert!(!body.contains(secret), "{secret} in {body}");
                }
            }
            let sme = app.user(Role::Sme);
            for (path, body, field) in [
                ("/api/v1/me".to_owned(), json!({"role": "admin"}), "role"),
                ("/api/v1/me".to_owned(), json!({"company_id": uuid::Uuid::now_v7()}), "company_id"),
                (format!("/api/v1/companies/{}", sme.company_id.unwrap()), json!({"status": "approved"}), "status"),
            ] {
                let problem = app.patch(&path).by(&sme).json(&body).send().await.problem(422);
                assert_eq!(error_fields(&problem), [field]);
            }
            let me = app.get("/api/v1/me").by(&sme).send().await.expect(200);
            assert_eq!((me["role"].clone(), me["company_id"].clone()), (json!("sme"), json!(sme.company_id.unwrap())));
        }
    );
}

mod api4_unrestricted_resource_consumption {
    use super::*;

    api_test!(
        async fn bodies_lists_strings_and_nesting_are_bounded(backend) {
            let app = TestApp::new(backend).await;
            let desk = app.user(Role::Desk);
            let huge = format!("{{\"email\": \"{}\"}}", "a".repeat(65 * 1024));
            app.post("/api/v1/auth/login").body("application/json", huge).send().await.problem(413);
            let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
            let status = app.post("/api/v1/auth/login").body("application/json", deep).send().await.status.as_u16();
            assert!((400..500).contains(&status), "deep nesting: {status}");
            let long = "x".repeat(10_000);
            app.patch("/api/v1/me").by(&desk).json(&json!({"display_name": long})).send().await.problem(422);
            for _ in 0..3 {
                app.new_user(Role::Reviewer);
            }
            // No page larger than 100: a larger limit is refused, as the document's maximum says.
            app.get("/api/v1/users?limit=100000").by(&app.user(Role::Admin)).send().await.problem(422);
            let page = app.get("/api/v1/users?limit=100").by(&app.user(Role::Admin)).send().await.expect(200);
            assert!(page["items"].as_array().unwrap().len() <= 100);
            app.get("/api/v1/users?limit=0").by(&app.user(Role::Admin)).send().await.problem(422);
        }
    );
}

mod api5_broken_function_level_authorization {
    use super::*;

    api_test!(
        async fn staff_functions_refuse_every_other_role(backend) {
            let app = TestApp::new(backend).await;
            let f = fair(&app).await;
            let company = f.sme.company_id.unwrap();
            let buyer = f.buyer.buyer_id.unwrap();
            let event_body = json!({"kind": "trade_fair", "name": "X", "city": "X", "country": "TH", "venue": "X",
                                    "time_zone": "Asia/Bangkok", "starts_on": "2027-01-01", "ends_on": "2027-01-01"});
            let routes: Vec<(Method, String, Value, &[Role])> = vec![
                (Method::POST, "/api/v1/users".into(), json!({"email": "n@example.jp", "password": PASSWORD, "display_name": "N", "role": "admin"}), &[Role::Desk, Role::Reviewer, Role::Sme, Role::Buyer, Role::Candidate]),
                (Method::PATCH, format!("/api/v1/users/{}", f.sme.id), json!({"disabled": true}), &[Role::Desk, Role::Reviewer, Role::Sme, Role::Buyer, Role::Candidate]),
                (Method::POST, format!("/api/v1/companies/{company}/approve"), json!({}), &[Role::Reviewer, Role::Sme, Role::Buyer, Role::Candidate]),
                (Method::POST, format!("/api/v1/companies/{company}/suspend"), json!({"reason": "x"}), &[Role::Reviewer, Role::Sme, Role::Buyer, Role::Candidate]),
                (Method::POST, format!("/api/v1/buyers/{buyer}/verify"), json!({}), &[Role::Reviewer, Role::Sme, Role::Buyer, Role::Candidate]),
                (Method::POST, "/api/v1/events".into(), event_body.clone(), &[Role::Reviewer, Role::Sme, Role::Buyer, Role::Candidate]),
                (Method::PATCH, format!("/api/v1/events/{}", f.event), event_body, &[Role::Reviewer, Role::Sme, Role::Buyer, Role::Candidate]),
                (Method::POST, format!("/api/v1/events/{}/slots", f.event), json!({"days": [{"date": "2027-01-01", "start": "10:00", "end": "11:00"}]}), &[Role::Reviewer, Role::Sme, Role::Buyer, Role::Candidate]),
                (Method::POST, format!("/api/v1/events/{}/tables", f.event), json!({"labels": ["Z9"]}), &[Role::Reviewer, Role::Sme, Role::Buyer, Role::Candidate]),
                (Method::POST, format!("/api/v1/events/{}/interpreters", f.event), json!({"name": "I", "languages": ["ja", "th"]}), &[Role::Reviewer, Role::Sme, Role::Buyer, Role::Candidate]),
                (Method::POST, format!("/api/v1/events/{}/exhibitors", f.event), json!({"company_id": company}), &[Role::Reviewer, Role::Sme, Role::Buyer, Role::Candidate]),
                (Method::POST, format!("/api/v1/events/{}/schedule", f.event), json!({}), &[Role::Reviewer, Role::Sme, Role::Buyer, Role::Candidate]),
                (Method::PUT, "/api/v1/kpi/targets/2030".into(), json!({"foreign_talent_hired": 1}), &[Role::Desk, Role::Reviewer, Role::Sme, Role::Buyer, Role::Candidate]),
                (Method::POST, format!("/api/v1/meetings/{}/no-show", f.meeting), json!({}), &[Role::Reviewer]),
                (Method::GET, "/api/v1/follow-ups".into(), json!({}), &[Role::Reviewer, Role::Sme, Role::Buyer, Role::Candidate]),
                (Method::PATCH, format!("/api/v1/follow-ups/{}", uuid::Uuid::now_v7()), json!({"note": "x"}), &[Role::Reviewer, Role::Sme, Role::Buyer, Role::Candidate]),
                (Method::POST, "/api/v1/imports?kind=buyers&dry_run=true".into(), json!({}), &[Role::Reviewer, Role::Sme, Role::Buyer, Role::Candidate]),
                (Method::GET, "/api/v1/imports/templates/buyers.csv".into(), json!({}), &[Role::Reviewer, Role::Sme, Role::Buyer, Role::Candidate]),
                (Method::GET, "/api/v1/imports/templates/companies.xlsx".into(), json!({}), &[Role::Reviewer, Role::Sme, Role::Buyer, Role::Candidate]),
                (Method::POST, format!("/api/v1/companies/{company}/support-log"), json!({"occurred_on": "2026-11-01", "channel": "call", "topic": "other", "notes": "x", "internal": false}), &[Role::Reviewer, Role::Sme, Role::Buyer, Role::Candidate]),
            ];
            let mut cells = 0;
            for (method, path, body, refused) in &routes {
                for role in *refused {
                    let response = app.request(method.clone(), path).by(&app.user(*role)).json(body).send().await;
                    cells += 1;
                    assert_eq!(response.status.as_u16(), 403, "{method} {path} as {role:?}: {}", response.text());
                }
                let anonymous = app.request(method.clone(), path).json(body).send().await;
                assert_eq!(anonymous.status.as_u16(), 401, "{method} {path} anonymously");
            }
            // The meeting's own parties cannot run the desk's timetable either.
            for party in [&f.sme, &f.buyer] {
                let path = format!("/api/v1/meetings/{}/no-show", f.meeting);
                app.post(&path).by(party).send().await.problem(403);
                cells += 1;
            }
            assert!(cells > 50);
        }
    );
}

mod api6_unrestricted_access_to_sensitive_business_flows {
    use super::*;

    api_test!(
        async fn sign_up_and_meeting_request_floods_are_throttled(backend) {
            let app = TestApp::with_config(backend, |config| {
                config.rate_limits.register_per_ip_per_hour = 3;
                config.rate_limits.meeting_requests_per_user_per_minute = 2;
            })
            .await;
            let mut statuses = Vec::new();
            for n in 0..5 {
                let response = app
                    .post("/api/v1/auth/register")
                    .json(&json!({"email": format!("bot{n}@example.jp"), "password": "long password 1", "display_name": "B", "account_type": "candidate"}))
                    .send()
                    .await;
                statuses.push(response.status.as_u16());
            }
            assert_eq!(statuses, [201, 201, 201, 429, 429]);
            let event = trade_fair(&app, json!({})).await;
            let buyer = verified_buyer(&app).await;
            let mut statuses = Vec::new();
            for _ in 0..4 {
                let company = exhibitor(&app, &event).await;
                let response = app
                    .post("/api/v1/meetings")
                    .by(&buyer)
                    .json(&json!({"event_id": event, "company_id": company.company_id.unwrap(), "message": "spam"}))
                    .send()
                    .await;
                statuses.push(response.status.as_u16());
            }
            assert_eq!(statuses, [201, 201, 429, 429]);
        }
    );
}

mod api7_server_side_request_forgery {
    use super::*;

    api_test!(
        async fn url_fields_are_stored_but_never_fetched(backend) {
            let app = TestApp::new(backend).await;
            let listener = TcpListener::bind("127.0.0.1:0").unwrap();
            listener.set_nonblocking(true).unwrap();
            let trap = format!("http://127.0.0.1:{}/internal", listener.local_addr().unwrap().port());
            let sme = app.user(Role::Sme);
            let buyer = app.user(Role::Buyer);
            let company = app
                .patch(&format!("/api/v1/companies/{}", sme.company_id.unwrap()))
                .by(&sme)
                .json(&json!({"website": trap}))
                .send()
                .await
                .expect(200);
            assert_eq!(company["website"], trap);
            app.patch(&format!("/api/v1/buyers/{}", buyer.buyer_id.unwrap())).by(&buyer).json(&json!({"website": trap})).send().await.expect(200);
            app.get(&format!("/api/v1/companies/{}", sme.company_id.unwrap())).by(&sme).send().await.expect(200);
            std::thread::sleep(Duration::from_millis(300));
            let mut buffer = [0u8; 16];
            match listener.accept() {
                Ok((mut stream, _)) => panic!("the service connected to a stored URL: {:?}", stream.read(&mut buffer)),
                Err(e) => assert_eq!(e.kind(), std::io::ErrorKind::WouldBlock),
            }
        }
    );
}

mod api8_security_misconfiguration {
    use super::*;

    api_test!(
        async fn cors_headers_and_errors_give_nothing_away(backend) {
            let app = TestApp::new(backend).await;
            let response = app.get("/api/v1/companies").header("origin", "https://attacker.example").send().await;
            assert_eq!(response.header("access-control-allow-origin"), None);
            assert_eq!(response.header("x-content-type-options"), Some("nosniff"));
            assert_eq!(response.header("x-frame-options"), Some("DENY"));
            assert!(response.header("server").is_none());
            for (path, body) in [("/api/v1/auth/login", "{\"email\": 1"), ("/api/v1/auth/login", "{\"email\": \"' OR 1=1 --\", \"password\": \"x\"}")] {
                let text = app.post(path).body("application/json", body.to_owned()).send().await.text();
                for internal in ["diesel", "sqlite", "postgres", "panicked", "src/", "SELECT"] {
                    assert!(!text.to_lowercase().contains(&internal.to_lowercase()), "{internal} in {text}");
                }
            }
        }
    );
}

mod api9_improper_inventory_management {
    use super::*;

    /// Every `#[get("…")]`-style route attribute in the sources, as (METHOD, /api/v1 path).
    fn routes_in_source() -> BTreeSet<(String, String)> {
        let mut found = BTreeSet::new();
        let mut stack = vec![std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src"
        ))];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                for line in text.lines().map(str::trim) {
                    for method in ["get", "post", "put", "patch", "delete"] {
                        if let Some(rest) = line.strip_prefix(&format!("#[{method}(\"")) {
                            let route = rest.split('"').next().unwrap().to_owned();
                            let full =
                                if ["/healthz", "/readyz", "/metrics"].contains(&route.as_str()) {
                                    route
                                } else {
                                    format!("/api/v1{route}")
                                };
                            found.insert((method.to_uppercase(), full));
                        }
                    }
                }
                // Routes declared through a macro (the meeting transitions) name their path as
                // the first string literal of each invocation.
                for invocation in text.split("transition_route!(").skip(1) {
                    if let Some(route) = invocation.split('"').nth(1).filter(|r| r.starts_with('/'))
                    {
                        found.insert(("POST".into(), format!("/api/v1{route}")));
                    }
                }
            }
        }
        found
    }

    api_test!(
        async fn the_served_routes_are_exactly_the_documented_ones(backend) {
            let app = TestApp::new(backend).await;
            let document = sagamihara_match::openapi();
            let documented: BTreeSet<(String, String)> = serde_json::to_value(&document).unwrap()["paths"]
                .as_object()
                .unwrap()
                .iter()
                .flat_map(|(path, item)| item.as_object().unwrap().keys().map(move |m| (m.to_uppercase(), path.clone())))
                .collect();
            assert_eq!(routes_in_source(), documented, "route attributes in src/ vs the OpenAPI document");
            // And each documented operation is routed (the default service counts as "unmatched").
            let admin = app.user(Role::Admin);
            let id = uuid::Uuid::now_v7().to_string();
            for (method, path) in &documented {
                let concrete = path.replace("{id}", &id).replace("{fiscal_year}", "2025");
                let method = Method::from_bytes(method.as_bytes()).unwrap();
                app.request(method, &concrete).by(&admin).send().await;
            }
            let metrics = app.get("/metrics").send().await.text();
            assert!(!metrics.contains("route=\"unmatched\""), "a documented operation is not served");
        }
    );
}

mod api10_unsafe_consumption_of_apis {
    use super::*;

    api_test!(
        async fn exchange_rates_come_from_the_user_never_from_elsewhere(backend) {
            let app = TestApp::new(backend).await;
            let f = fair(&app).await;
            let path = format!("/api/v1/meetings/{}/negotiation", f.meeting);
            let problem = app
                .put(&path)
                .by(&f.sme)
                .json(&json!({"status": "won", "amount_minor": 250_000, "currency": "USD", "closed_on": "2025-05-01"}))
                .send()
                .await
                .problem(422);
            assert_eq!(error_fields(&problem), ["exchange_rate"], "no rate is looked up");
            let stated = app
                .put(&path)
                .by(&f.sme)
                .json(&json!({"status": "won", "amount_minor": 250_000, "currency": "USD", "exchange_rate": "151.25", "closed_on": "2025-05-01"}))
                .send()
                .await
                .expect(200);
            assert_eq!(stated["amount_jpy"], 378_125, "2,500.00 USD x 151.25, exactly as stated");
            assert_eq!(stated["exchange_rate"], "151.25");
        }
    );
}
