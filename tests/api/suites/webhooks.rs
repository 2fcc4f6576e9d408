//! Webhooks to a real HTTP receiver on 127.0.0.1: signed the Standard Webhooks way (checked
//! here with an HMAC computed independently), retried until the receiver answers, disabled
//! by a `410 Gone`, in order per object, filtered by event type; targets that are not
//! public or not https refused; the routes' authorization matrix.

use std::time::Duration;

use base64::Engine;
use hmac::{KeyInit, Mac};
use sagamihara_match::auth::Role;
use sagamihara_match::config::Config;
use sagamihara_match::notifications::worker::Worker;
use serde_json::{json, Value};

use crate::api_test;
use crate::common::fixtures::*;
use crate::common::receiver::{Received, Receiver};
use crate::common::server::Server;
use crate::common::verbs::ANONYMOUS;
use crate::common::{error_fields, Backend, TestApp};

/// Deliveries to the test's own receiver: loopback and plain http allowed, a quick worker.
fn local_delivery(config: &mut Config) {
    config.delivery.webhooks.allow_private = true;
    config.delivery.webhooks.allow_http = true;
    config.delivery.poll = Duration::from_millis(50);
    config.delivery.retry.first = Duration::from_millis(400);
    config.delivery.retry.early_cap = Duration::from_secs(1);
}

async fn local_app(backend: Backend) -> TestApp {
    TestApp::with_config(backend, local_delivery).await
}

/// The Standard Webhooks check, written from the specification: HMAC-SHA256 over
/// `{webhook-id}.{webhook-timestamp}.{body}` with the secret's base64-decoded bytes, any of
/// the space-separated `v1,` signatures matching.
fn verifies(secret: &str, request: &Received) -> bool {
    let key = base64::engine::general_purpose::STANDARD
        .decode(secret.strip_prefix("whsec_").unwrap())
        .unwrap();
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(&key).unwrap();
    let signed = format!(
        "{}.{}.{}",
        request.header("webhook-id"),
        request.header("webhook-timestamp"),
        request.body
    );
    mac.update(signed.as_bytes());
    let expected = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
    request
        .header("webhook-signature")
        .split(' ')
        .any(|s| s.strip_prefix("v1,") == Some(expected.as_str()))
}

fn subscription(url: &str, types: &[&str]) -> Value {
    json!({"url": url, "event_types": types, "description": "our ERP"})
}

api_test! {
    async fn a_receiver_failing_three_times_gets_the_event_on_the_fourth_attempt_signed(backend) {
        let app = local_app(backend).await;
        let receiver = Receiver::start(&[500, 500, 500]);
        let desk = app.user(Role::Desk);
        let created = app
            .create_webhook(&desk, &subscription(&receiver.url, &["meeting.requested"]))
            .await
            .expect(201);
        let secret = created["secret"].as_str().unwrap().to_owned();
        assert!(secret.starts_with("whsec_"), "{secret}");
        let hook = created["id"].as_str().unwrap().to_owned();
        assert_eq!(app.get_webhook(&desk, &hook).await.expect(200).get("secret"), None, "shown once");

        let event = trade_fair(&app, json!({"requires_acceptance": true})).await;
        let sme = exhibitor(&app, &event).await;
        let buyer = verified_buyer(&app).await;
        let meeting = requested_meeting(&app, &buyer, &event, &sme).await;
        app.start_delivery();

        let received = receiver
            .wait_for(Duration::from_secs(15), "four attempts", |r| r.len() >= 4)
            .await;
        assert_eq!(received.len(), 4);
        let id = received[0].header("webhook-id").to_owned();
        assert!(!id.is_empty());
        for request in &received {
            assert_eq!(request.header("webhook-id"), id, "every attempt is the same message");
            assert_eq!(request.body, received[0].body, "the same bytes each time");
            assert!(verifies(&secret, request), "{request:?}");
            assert_eq!(request.header("content-type"), "application/json");
        }
        let body = received[3].json();
        assert_eq!(body["type"], "meeting.requested");
        assert_eq!(body["data"]["meeting_id"], meeting["id"]);
        assert_eq!(body["data"]["status"], "requested");
        assert_eq!(body["data"]["company_id"], json!(sme.company_id.unwrap()));
        assert_eq!(body["data"]["initiated_by"], "buyer");
        assert!(body["timestamp"].as_str().unwrap().ends_with('Z'));
        let timestamp: i64 = received[3].header("webhook-timestamp").parse().unwrap();
        assert!((chrono::Utc::now().timestamp() - timestamp).abs() < 60);

        // The log: four attempts, three 500s then a 200, with the answer's text. The worker
        // writes an attempt once the receiver has answered, so the fourth may trail its
        // request by a moment.
        let mut log = app.list_webhook_deliveries(&desk, &hook, "").await.expect(200);
        for _ in 0..50 {
            if log["items"].as_array().unwrap().len() >= 4 {
                break;
            }
            actix_web::rt::time::sleep(Duration::from_millis(100)).await;
            log = app.list_webhook_deliveries(&desk, &hook, "").await.expect(200);
        }
        let attempts = log["items"].as_array().unwrap();
        let codes: Vec<i64> = attempts.iter().map(|a| a["status_code"].as_i64().unwrap()).collect();
        assert_eq!(codes, [500, 500, 500, 200], "{log:#}");
        assert!(attempts.iter().all(|a| a["message_id"] == json!(id)));
        assert_eq!(attempts[3]["response_excerpt"], "answered 200");
        assert_eq!(attempts[3]["message_status"], "sent");
        assert_eq!(attempts[0]["event_type"], "meeting.requested");

        // Sent again on request: same id, same body, a fifth attempt in the log.
        let last = attempts[3]["id"].as_str().unwrap();
        let again = app.redeliver_webhook(&desk, &hook, last).await.expect(202);
        assert_eq!(again["message_id"], json!(id));
        let received = receiver
            .wait_for(Duration::from_secs(10), "the redelivery", |r| r.len() >= 5)
            .await;
        assert_eq!(received[4].header("webhook-id"), id);
        assert_eq!(received[4].body, received[0].body);

        // A rotated secret: the next message verifies with the new secret and the old.
        let rotated = app.rotate_webhook_secret(&desk, &hook).await.expect(200);
        let new_secret = rotated["secret"].as_str().unwrap().to_owned();
        assert_ne!(new_secret, secret);
        let other = verified_buyer(&app).await;
        requested_meeting(&app, &other, &event, &sme).await;
        let received = receiver
            .wait_for(Duration::from_secs(10), "the next request", |r| r.len() >= 6)
            .await;
        assert!(verifies(&new_secret, &received[5]));
        assert!(verifies(&secret, &received[5]), "the old secret signs during its grace period");
    }
}

api_test! {
    async fn a_gone_answer_disables_the_subscription(backend) {
        let app = local_app(backend).await;
        let receiver = Receiver::start(&[410]);
        let event = trade_fair(&app, json!({"requires_acceptance": true})).await;
        let sme = exhibitor(&app, &event).await;
        let created = app.create_webhook(&sme, &subscription(&receiver.url, &["*"])).await.expect(201);
        let hook = created["id"].as_str().unwrap().to_owned();
        assert_eq!(created["active"], true);
        app.start_delivery();
        let buyer = verified_buyer(&app).await;
        let meeting = requested_meeting(&app, &buyer, &event, &sme).await;
        receiver.wait_for(Duration::from_secs(10), "the first event", |r| !r.is_empty()).await;
        let mut view = Value::Null;
        for _ in 0..100 {
            view = app.get_webhook(&sme, &hook).await.expect(200);
            if view["active"] == false {
                break;
            }
            actix_web::rt::time::sleep(Duration::from_millis(50)).await;
        }
        assert_eq!(view["active"], false, "{view:#}");
        assert!(view["disabled_reason"].as_str().unwrap().contains("410"), "{view:#}");
        assert!(view["disabled_at"].is_string());

        // Nothing more goes to it.
        app.accept_meeting(&sme, meeting["id"].as_str().unwrap()).await.expect(200);
        actix_web::rt::time::sleep(Duration::from_millis(800)).await;
        assert_eq!(receiver.received().len(), 1);
        // Its owner may enable it again.
        let enabled = app.update_webhook(&sme, &hook, &json!({"active": true})).await.expect(200);
        assert_eq!(enabled["active"], true);
        assert_eq!(enabled["disabled_reason"], Value::Null);
    }
}

api_test! {
    async fn a_loopback_target_is_refused_at_registration_and_at_send(backend) {
        let strict = TestApp::new(backend).await;
        let desk = strict.user(Role::Desk);
        for url in ["https://127.0.0.1:8443/hooks", "https://localhost/hooks", "https://[::1]/hooks", "https://169.254.169.254/latest"] {
            let problem = strict.create_webhook(&desk, &subscription(url, &["*"])).await.problem(422);
            assert_eq!(error_fields(&problem), ["url"], "{url}: {problem:#}");
        }
        assert_eq!(strict.list_webhooks(&desk, "").await.expect(200)["items"], json!([]), "nothing was created");

        // Registered where private targets were allowed, sent by a worker where they are not.
        let app = local_app(backend).await;
        let receiver = Receiver::start(&[]);
        let desk = app.user(Role::Desk);
        let created = app.create_webhook(&desk, &subscription(&receiver.url, &["*"])).await.expect(201);
        let hook = created["id"].as_str().unwrap().to_owned();
        let mut settings = app.state.config.delivery.clone();
        settings.webhooks.allow_private = false;
        let worker = Worker::new(app.state.pool.clone(), settings).unwrap();
        let event = trade_fair(&app, json!({"requires_acceptance": true})).await;
        exhibitor(&app, &event).await;
        worker.tick().await.unwrap();
        let log = app.list_webhook_deliveries(&desk, &hook, "").await.expect(200);
        let attempts = log["items"].as_array().unwrap();
        assert_eq!(attempts.len(), 1, "{log:#}");
        assert_eq!(attempts[0]["event_type"], "company.approved");
        assert_eq!(attempts[0]["status_code"], Value::Null);
        assert!(attempts[0]["error"].as_str().unwrap().starts_with("refused: 127.0.0.1"), "{log:#}");
        assert_eq!(attempts[0]["message_status"], "failed", "a refused target is not retried");
        assert!(receiver.received().is_empty(), "no request reached the receiver");
    }
}

api_test! {
    async fn plain_http_is_refused_unless_allowed(backend) {
        let strict = TestApp::new(backend).await;
        let desk = strict.user(Role::Desk);
        let problem = strict
            .create_webhook(&desk, &subscription("http://93.184.216.34/hooks", &["*"]))
            .await
            .problem(422);
        assert_eq!(error_fields(&problem), ["url"]);
        for url in ["ftp://93.184.216.34/", "not a url", "https://"] {
            strict.create_webhook(&desk, &subscription(url, &["*"])).await.problem(422);
        }
        strict.create_webhook(&desk, &subscription("https://93.184.216.34/hooks", &["*"])).await.expect(201);

        let relaxed = TestApp::with_config(backend, |c| c.delivery.webhooks.allow_http = true).await;
        let desk = relaxed.user(Role::Desk);
        relaxed.create_webhook(&desk, &subscription("http://93.184.216.34/hooks", &["*"])).await.expect(201);
        // Event types: known names, at least one, each once.
        for types in [json!([]), json!(["meeting.accepted", "meeting.accepted"]), json!(["meeting.nonsense"])] {
            relaxed
                .create_webhook(&desk, &json!({"url": "https://93.184.216.34/", "event_types": types}))
                .await
                .problem(422);
        }
    }
}

api_test! {
    async fn events_of_one_meeting_reach_a_subscriber_in_order(backend) {
        let app = local_app(backend).await;
        // The first attempt fails: the later events of the meeting must wait for it.
        let receiver = Receiver::start(&[503]);
        let event = trade_fair(&app, json!({"requires_acceptance": true})).await;
        let sme = exhibitor(&app, &event).await;
        let buyer = app.new_user(Role::Buyer);
        app.create_webhook(&buyer, &subscription(&receiver.url, &["*"])).await.expect(201);
        app.verify_buyer(&app.user(Role::Desk), buyer.buyer_id.unwrap()).await.expect(200);
        let slot = slots(&app, &event).await[0]["id"].as_str().unwrap().to_owned();
        let other_slot = slots(&app, &event).await[1]["id"].as_str().unwrap().to_owned();
        let table = tables(&app, &event).await[0].clone();
        let desk = app.user(Role::Desk);
        let meeting = accepted_meeting(&app, &event, &sme, &buyer).await;
        app.schedule_meeting(&desk, &meeting, &json!({"slot_id": slot, "table_id": table})).await.expect(200);
        app.schedule_meeting(&desk, &meeting, &json!({"slot_id": other_slot, "table_id": table})).await.expect(200);
        app.mark_meeting_held(&desk, &meeting).await.expect(200);
        app.start_delivery();

        let expected = [
            "buyer.verified",
            "meeting.requested",
            "meeting.accepted",
            "meeting.scheduled",
            "meeting.moved",
            "meeting.held",
        ];
        let received = receiver
            .wait_for(Duration::from_secs(15), "every event", |r| r.len() > expected.len())
            .await;
        let of_meeting: Vec<String> = received
            .iter()
            .filter(|r| r.json()["data"]["meeting_id"] == json!(meeting))
            .map(Received::event_type)
            .collect();
        let first_failed = received[0].event_type();
        let mut wanted: Vec<&str> = expected[1..].to_vec();
        if first_failed == "meeting.requested" {
            wanted.insert(0, "meeting.requested");
        }
        assert_eq!(of_meeting, wanted, "in order, the failed one first again: {received:#?}");
        assert_eq!(received.len(), expected.len() + 1);
    }
}

api_test! {
    async fn a_subscription_receives_only_the_event_types_it_names(backend) {
        let app = local_app(backend).await;
        let receiver = Receiver::start(&[]);
        let everything = Receiver::start(&[]);
        let event = trade_fair(&app, json!({"requires_acceptance": true})).await;
        let sme = exhibitor(&app, &event).await;
        app.create_webhook(&sme, &subscription(&receiver.url, &["meeting.accepted"])).await.expect(201);
        app.create_webhook(&sme, &subscription(&everything.url, &["*"])).await.expect(201);
        app.start_delivery();
        let buyer = verified_buyer(&app).await;
        accepted_meeting(&app, &event, &sme, &buyer).await;
        everything.wait_for(Duration::from_secs(10), "both events", |r| r.len() >= 2).await;
        let received = receiver.wait_for(Duration::from_secs(10), "the acceptance", |r| !r.is_empty()).await;
        actix_web::rt::time::sleep(Duration::from_millis(300)).await;
        let types: Vec<String> = receiver.received().iter().map(Received::event_type).collect();
        assert_eq!(types, ["meeting.accepted"], "{received:#?}");
        let all: Vec<String> = everything.received().iter().map(Received::event_type).collect();
        assert_eq!(all, ["meeting.requested", "meeting.accepted"]);
    }
}

api_test! {
    async fn a_disabled_accounts_subscriptions_receive_nothing_more(backend) {
        let app = local_app(backend).await;
        let leaver = Receiver::start(&[]);
        let stays = Receiver::start(&[]);
        let event = trade_fair(&app, json!({"requires_acceptance": true})).await;
        let sme = exhibitor(&app, &event).await;
        let colleague = app.colleague_of(&sme);
        app.create_webhook(&sme, &subscription(&leaver.url, &["*"])).await.expect(201);
        app.create_webhook(&colleague, &subscription(&stays.url, &["*"])).await.expect(201);
        app.update_user(&app.user(Role::Admin), sme.id, &json!({"disabled": true}))
            .await
            .expect(200);
        app.start_delivery();
        let buyer = verified_buyer(&app).await;
        requested_meeting(&app, &buyer, &event, &sme).await;
        stays.wait_for(Duration::from_secs(10), "the request", |r| !r.is_empty()).await;
        actix_web::rt::time::sleep(Duration::from_millis(300)).await;
        assert!(leaver.received().is_empty(), "{:#?}", leaver.received());
    }
}

api_test! {
    async fn webhooks_are_their_scopes_own(backend) {
        let app = TestApp::new(backend).await;
        let body = subscription("https://93.184.216.34/hooks", &["*"]);
        app.create_webhook(ANONYMOUS, &body).await.problem(401);
        app.list_webhooks(ANONYMOUS, "").await.problem(401);
        for role in [Role::Candidate, Role::Reviewer] {
            let user = app.user(role);
            app.create_webhook(&user, &body).await.problem(403);
            app.list_webhooks(&user, "").await.problem(403);
        }

        let sme = app.user(Role::Sme);
        let colleague = app.colleague_of(&sme);
        let other_sme = app.new_user(Role::Sme);
        let buyer = app.user(Role::Buyer);
        let other_buyer = app.new_user(Role::Buyer);
        let desk = app.user(Role::Desk);
        let admin = app.user(Role::Admin);

        let ours = app.create_webhook(&sme, &body).await.expect(201);
        assert_eq!(ours["company_id"], json!(sme.company_id.unwrap()));
        assert_eq!(ours["buyer_id"], Value::Null);
        let theirs = app.create_webhook(&buyer, &body).await.expect(201);
        assert_eq!(theirs["buyer_id"], json!(buyer.buyer_id.unwrap()));
        let staff = app.create_webhook(&desk, &body).await.expect(201);
        assert_eq!(staff["company_id"], Value::Null);
        assert_eq!(staff["buyer_id"], Value::Null);
        // A scope in the body is not the caller's to choose.
        app.create_webhook(&sme, &json!({"url": "https://93.184.216.34/", "event_types": ["*"], "company_id": other_sme.company_id.unwrap()}))
            .await
            .problem(422);

        let ids = |page: Value| -> Vec<Value> { page["items"].as_array().unwrap().iter().map(|w| w["id"].clone()).collect() };
        assert_eq!(ids(app.list_webhooks(&sme, "").await.expect(200)), [ours["id"].clone()]);
        assert_eq!(ids(app.list_webhooks(&colleague, "").await.expect(200)), [ours["id"].clone()], "the company's, not the member's");
        assert_eq!(ids(app.list_webhooks(&buyer, "").await.expect(200)), [theirs["id"].clone()]);
        assert!(ids(app.list_webhooks(&other_sme, "").await.expect(200)).is_empty());
        assert!(ids(app.list_webhooks(&other_buyer, "").await.expect(200)).is_empty());
        for staff_user in [&desk, &admin] {
            assert_eq!(ids(app.list_webhooks(staff_user, "").await.expect(200)).len(), 3);
        }

        let hook = ours["id"].as_str().unwrap();
        for outsider in [&other_sme, &buyer, &other_buyer] {
            app.get_webhook(outsider, hook).await.problem(404);
            app.update_webhook(outsider, hook, &json!({"description": "mine now"})).await.problem(404);
            app.rotate_webhook_secret(outsider, hook).await.problem(404);
            app.list_webhook_deliveries(outsider, hook, "").await.problem(404);
            app.delete_webhook(outsider, hook).await.problem(404);
        }
        app.get_webhook(&app.user(Role::Candidate), hook).await.problem(403);
        app.get_webhook(&admin, hook).await.expect(200);
        let changed = app.update_webhook(&colleague, hook, &json!({"event_types": ["meeting.held"], "description": null})).await.expect(200);
        assert_eq!(changed["event_types"], json!(["meeting.held"]));
        assert_eq!(changed["description"], Value::Null);
        app.update_webhook(&sme, hook, &json!({"url": "https://10.0.0.1/"})).await.problem(422);
        app.delete_webhook(&sme, hook).await.expect(204);
        app.get_webhook(&sme, hook).await.problem(404);
        app.delete_webhook(&desk, theirs["id"].as_str().unwrap()).await.expect(204);
    }
}

api_test! {
    async fn a_service_killed_while_sending_delivers_each_event_once_to_a_deduplicating_receiver(backend) {
        // A slow receiver, so that the kill lands in the middle of the deliveries: it records
        // each request at once and answers 60 ms later, so a killed sender never learns of some
        // deliveries that did arrive, and sends them again after its restart.
        let receiver = Receiver::start_slow(Duration::from_millis(60));
        let app = local_app(backend).await;
        let desk = app.user(Role::Desk);
        app.create_webhook(&desk, &subscription(&receiver.url, &["company.approved"]))
            .await
            .expect(201);
        let mut approved = std::collections::BTreeSet::new();
        for _ in 0..80 {
            let sme = app.new_user(Role::Sme);
            let company = sme.company_id.unwrap();
            app.approve_company(&desk, company).await.expect(200);
            approved.insert(company.to_string());
        }
        let env = [
            ("WEBHOOK_ALLOW_PRIVATE", "true"),
            ("WEBHOOK_ALLOW_HTTP", "true"),
            ("DELIVERY_BATCH", "4"),
            ("DELIVERY_LEASE_SECS", "3"),
            ("DELIVERY_POLL_MS", "100"),
        ];
        let mut first = Server::start_with(app.database_url(), &env);
        first.wait_ready();
        receiver.wait_for(Duration::from_secs(30), "the first deliveries", |r| r.len() >= 10).await;
        first.crash();
        let at_kill = receiver.received().len();
        assert!(at_kill < 80, "the kill came after the last event; the test proves nothing");

        let mut second = Server::start_with(app.database_url(), &env);
        second.wait_ready();
        let ids = |all: &[Received]| -> std::collections::BTreeSet<String> {
            all.iter().map(|r| r.header("webhook-id").to_owned()).collect()
        };
        let received = receiver
            .wait_for(Duration::from_secs(60), "every approval after the restart", |all| ids(all).len() >= 80)
            .await;
        // A receiver deduplicating by webhook-id sees each event exactly once: one id is always
        // the same bytes, and the 80 ids are the 80 approvals.
        let mut by_id = std::collections::BTreeMap::new();
        for request in &received {
            if let Some(seen) = by_id.insert(request.header("webhook-id").to_owned(), request.body.clone()) {
                assert_eq!(seen, request.body, "one webhook-id, two different bodies");
            }
        }
        assert_eq!(by_id.len(), 80);
        let companies: std::collections::BTreeSet<String> = by_id
            .values()
            .map(|body| {
                let body: Value = serde_json::from_str(body).unwrap();
                assert_eq!(body["type"], "company.approved");
                body["data"]["company_id"].as_str().unwrap().to_owned()
            })
            .collect();
        assert_eq!(companies, approved);
        second.terminate();
    }
}

api_test! {
    async fn a_companys_proposal_reaches_the_buyers_hook_as_a_request_the_company_initiated(backend) {
        let app = local_app(backend).await;
        let receiver = Receiver::start(&[]);
        let event = trade_fair(&app, json!({"requires_acceptance": true})).await;
        let sme = exhibitor(&app, &event).await;
        let buyer = verified_buyer(&app).await;
        app.create_webhook(&buyer, &subscription(&receiver.url, &["meeting.requested"]))
            .await
            .expect(201);
        app.register_for_event(&buyer, &event).await.expect(201);
        let proposal = json!({"event_id": event, "buyer_id": buyer.buyer_id.unwrap(), "message": "Castings?"});
        let meeting = app.request_meeting(&sme, &proposal).await.expect(201);
        app.start_delivery();
        let received = receiver
            .wait_for(Duration::from_secs(15), "the proposal", |r| !r.is_empty())
            .await;
        let body = received[0].json();
        assert_eq!(body["type"], "meeting.requested");
        assert_eq!(body["data"]["meeting_id"], meeting["id"]);
        assert_eq!(body["data"]["initiated_by"], "company");
    }
}
