//! Crash safety: the real binary under a write load is killed with SIGKILL, restarted, and
//! every write a client saw acknowledged is still there, with the KPI report agreeing with
//! the stored outcomes — on SQLite and on PostgreSQL.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use sagamihara_match::auth::Role;
use serde_json::json;

use crate::api_test;
use crate::common::fixtures::{
    accepted_meeting, exhibitor, slots, tables, trade_fair, verified_buyer,
};
use crate::common::http::Request;
use crate::common::server::Server;
use crate::common::{TestApp, TestDb};

const WRITERS: usize = 6;
const HELD: usize = 12;
const BUYERS: usize = 40;

api_test!(
    async fn acknowledged_writes_survive_a_sigkill(backend) {
        let db = TestDb::new(backend);
        let url = db.url.clone();
        let app = TestApp::on_database(backend, db).await;
        let desk = app.user(Role::Desk);
        let event = trade_fair(&app, json!({"name": "Crash"})).await;
        let slot_ids = slots(&app, &event).await;
        let table_ids = tables(&app, &event).await;
        // Held meetings whose negotiations the load updates; each belongs to one writer.
        let company = exhibitor(&app, &event).await;
        let mut held = Vec::new();
        for slot in slot_ids.iter().take(HELD) {
            let buyer = verified_buyer(&app).await;
            let id = accepted_meeting(&app, &event, &company, &buyer).await;
            app.schedule_meeting(&desk, &id, &json!({"slot_id": slot["id"], "table_id": table_ids[0]}))
                .await
                .expect(200);
            app.mark_meeting_held(&desk, &id).await.expect(200);
            held.push(id);
        }
        // Buyers and companies for new meeting requests: every pair is a distinct request.
        let mut requesters = Vec::new();
        for _ in 0..BUYERS {
            requesters.push(verified_buyer(&app).await.token);
        }
        let targets: Vec<String> = {
            let mut list = Vec::new();
            for _ in 0..3 {
                list.push(exhibitor(&app, &event).await.company_id.unwrap().to_string());
            }
            list
        };

        let mut server = Server::start(&url);
        server.wait_ready();
        let port = server.port;
        let stop = Arc::new(AtomicBool::new(false));
        let created: Arc<Mutex<Vec<String>>> = Arc::default();
        let amounts: Arc<Mutex<Vec<(String, i64)>>> = Arc::default();
        let handles: Vec<_> = (0..WRITERS)
            .map(|w| {
                let (stop, created, amounts) = (Arc::clone(&stop), Arc::clone(&created), Arc::clone(&amounts));
                let desk = desk.token.clone();
                let mine: Vec<String> = held.iter().skip(w).step_by(WRITERS).cloned().collect();
                let pairs: Vec<(String, String)> = requesters
                    .iter()
                    .skip(w)
                    .step_by(WRITERS)
                    .flat_map(|token| targets.iter().map(move |company| (token.clone(), company.clone())))
                    .collect();
                let event = event.clone();
                thread::spawn(move || {
                    let mut amount = 1_000 * (w as i64 + 1);
                    let mut pairs = pairs.into_iter();
                    for round in 0.. {
                        if stop.load(Ordering::Relaxed) {
                            break;
                        }
                        if round % 2 == 0 {
                            let Some((token, company)) = pairs.next() else { continue };
                            let request = Request::post("/api/v1/meetings")
                                .token(&token)
                                .json(&json!({"event_id": event, "company_id": company, "message": "load"}));
                            match request.send(port) {
                                Ok(r) if r.status == 201 => {
                                    let id = r.expect(201)["id"].as_str().unwrap_or_default().to_owned();
                                    created.lock().unwrap().push(id);
                                }
                                Ok(_) => {}
                                Err(_) => break,
                            }
                        } else {
                            let meeting = &mine[round / 2 % mine.len()];
                            amount += 1;
                            let request = Request::new("PUT", &format!("/api/v1/meetings/{meeting}/negotiation"))
                                .token(&desk)
                                .json(&json!({"status": "won", "amount_minor": amount, "currency": "JPY", "closed_on": "2025-06-01"}));
                            match request.send(port) {
                                Ok(r) if r.status == 200 => amounts.lock().unwrap().push((meeting.clone(), amount)),
                                Ok(_) => {}
                                Err(_) => break,
                            }
                        }
                    }
                })
            })
            .collect();
        // Let the load run, then pull the plug mid-stream.
        thread::sleep(Duration::from_millis(1500));
        server.crash();
        stop.store(true, Ordering::Relaxed);
        for handle in handles {
            handle.join().unwrap();
        }
        let created = created.lock().unwrap().clone();
        let amounts = amounts.lock().unwrap().clone();
        assert!(!created.is_empty() && !amounts.is_empty(), "the load must have written something before the kill");

        let mut restarted = Server::start(&url);
        restarted.wait_ready();
        for id in &created {
            let meeting = restarted.send(Request::get(&format!("/api/v1/meetings/{id}")).token(&desk.token)).expect(200);
            assert_eq!(meeting["status"], "requested");
        }
        // Each meeting's amounts only rise, so what is stored is at least the last one
        // acknowledged (a write in flight at the kill may have landed too).
        let mut expected_sum = 0;
        for meeting in &held {
            let last_ack = amounts.iter().filter(|(m, _)| m == meeting).map(|(_, a)| *a).max();
            let stored = restarted
                .send(Request::get(&format!("/api/v1/meetings/{meeting}/negotiation")).token(&desk.token))
                .expect(200);
            if let Some(last_ack) = last_ack {
                let amount = stored["amount_jpy"].as_i64().unwrap();
                assert!(amount >= last_ack, "{meeting}: stored {amount}, acknowledged {last_ack}");
                assert_eq!(stored["effective"]["amount_jpy"], amount, "the counted outcome follows the record");
            }
            if stored["effective"]["status"] == "won" {
                expected_sum += stored["effective"]["amount_jpy"].as_i64().unwrap();
            }
        }
        let reviewer = app.user(Role::Reviewer);
        let report = restarted.send(Request::get("/api/v1/kpi?fiscal_year=2025").token(&reviewer.token)).expect(200);
        assert_eq!(report["overseas_sales"]["actual_yen"], expected_sum);
        eprintln!(
            "crash test ({backend:?}): {} requests and {} negotiation updates acknowledged, all found after the kill",
            created.len(),
            amounts.len()
        );
    }
);
