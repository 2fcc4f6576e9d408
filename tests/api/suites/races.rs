//! Races across instances: two copies of the binary on one PostgreSQL database, hit at the
//! same moment. The database constraints, not the handlers' checks, decide the winner.

use std::sync::{Arc, Barrier};
use std::thread;

use sagamihara_match::auth::Role;
use serde_json::{json, Value};

use crate::common::fixtures::{
    accepted_meeting, exhibitor, held_meeting, slots, tokyo_fair, trade_fair, verified_buyer,
};
use crate::common::http::Request;
use crate::common::server::Server;
use crate::common::{TestApp, TestDb};

const RACERS: usize = 100;

/// Fires every request at once, half at each server, and returns the statuses.
fn race(servers: &[Server; 2], requests: Vec<Request>) -> Vec<u16> {
    let ports = [servers[0].port, servers[1].port];
    let start = Arc::new(Barrier::new(requests.len()));
    let handles: Vec<_> = requests
        .into_iter()
        .enumerate()
        .map(|(n, request)| {
            let start = Arc::clone(&start);
            let port = ports[n % 2];
            thread::spawn(move || {
                start.wait();
                request.send(port).map(|r| r.status).unwrap_or(0)
            })
        })
        .collect();
    handles.into_iter().map(|h| h.join().unwrap_or(0)).collect()
}

fn tally(statuses: &[u16]) -> (usize, usize, Vec<u16>) {
    let ok = statuses.iter().filter(|s| matches!(s, 200 | 201)).count();
    let conflicts = statuses.iter().filter(|s| **s == 409).count();
    let other = statuses
        .iter()
        .copied()
        .filter(|s| !matches!(s, 200 | 201 | 409))
        .collect();
    (ok, conflicts, other)
}

fn put(path: &str) -> Request {
    Request::new("PUT", path)
}

#[actix_web::test]
#[cfg_attr(not(pg_tests), ignore = "set TEST_POSTGRES_URL to run on PostgreSQL")]
async fn one_booking_and_one_request_win_across_two_postgresql_instances() {
    let db = TestDb::new(crate::common::Backend::Postgres);
    let url = db.url.clone();
    // Set up through the in-process app on the same database (same JWT secret as the servers).
    let app = TestApp::on_database(crate::common::Backend::Postgres, db).await;
    let event = trade_fair(&app, json!({"name": "Race"})).await;
    let desk = app.user(Role::Desk);
    let labels: Vec<String> = (0..RACERS).map(|n| format!("R{n:03}")).collect();
    let tables: Value = app
        .create_tables(&desk, &event, &json!({"labels": labels}))
        .await
        .expect(201);
    let table_ids: Vec<String> = tables
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["label"].as_str().unwrap().starts_with('R'))
        .map(|t| t["id"].as_str().unwrap().to_owned())
        .collect();
    let company = exhibitor(&app, &event).await;
    let mut meetings = Vec::new();
    for _ in 0..RACERS {
        let buyer = verified_buyer(&app).await;
        meetings.push(accepted_meeting(&app, &event, &company, &buyer).await);
    }
    let slot = slots(&app, &event).await[7]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let other_company = exhibitor(&app, &event).await;
    let eager_buyer = verified_buyer(&app).await;

    // The per-user request throttle would answer 429 to a hundred requests a second; here
    // the database constraint is what is under test.
    let env = [("MEETING_REQUESTS_PER_USER_PER_MINUTE", "1000")];
    let mut servers = [
        Server::start_with(&url, &env),
        Server::start_with(&url, &env),
    ];
    for server in &mut servers {
        server.wait_ready();
    }

    // 100 bookings of one company into one slot, each at its own table.
    let bookings = meetings
        .iter()
        .zip(&table_ids)
        .map(|(meeting, table)| {
            put(&format!("/api/v1/meetings/{meeting}/schedule"))
                .token(&desk.token)
                .json(&json!({"slot_id": slot, "table_id": table}))
        })
        .collect();
    let (won, clashed, other) = tally(&race(&servers, bookings));
    assert_eq!((won, clashed, other), (1, RACERS - 1, vec![]), "bookings");
    let in_slot = app
        .list_meetings(
            &desk,
            &format!("event_id={event}&status=scheduled&limit=100"),
        )
        .await
        .expect(200);
    let in_slot: Vec<&Value> = in_slot["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["placement"]["slot_id"] == slot.as_str())
        .collect();
    assert_eq!(in_slot.len(), 1, "the database holds one booking");

    // 100 identical meeting requests from one buyer to one company.
    let requests = (0..RACERS)
        .map(|n| {
            Request::post("/api/v1/meetings")
                .token(&eager_buyer.token)
                .json(&json!({"event_id": event, "company_id": other_company.company_id.unwrap(), "message": format!("attempt {n}")}))
        })
        .collect();
    let (created, duplicates, other) = tally(&race(&servers, requests));
    assert_eq!(
        (created, duplicates, other),
        (1, RACERS - 1, vec![]),
        "requests"
    );
    let open = app
        .list_meetings(
            &desk,
            &format!(
                "event_id={event}&buyer_id={}",
                eager_buyer.buyer_id.unwrap()
            ),
        )
        .await
        .expect(200);
    assert_eq!(
        open["items"].as_array().unwrap().len(),
        1,
        "the database holds one request"
    );
}

#[actix_web::test]
#[cfg_attr(not(pg_tests), ignore = "set TEST_POSTGRES_URL to run on PostgreSQL")]
async fn the_desk_opening_the_follow_up_queue_on_two_instances_at_once_reads_it_and_each_item_is_there_once(
) {
    let db = TestDb::new(crate::common::Backend::Postgres);
    let url = db.url.clone();
    let app = TestApp::on_database(crate::common::Backend::Postgres, db).await;
    let (event, slots, tables) = tokyo_fair(&app).await;
    let sme = exhibitor(&app, &event).await;
    // A meeting of 2021: both sides' surveys are long overdue, so every first read of the
    // queue finds the same items to open, at the same moment, on both instances.
    held_meeting(&app, &event, &sme, &slots[1], &tables[0]).await;
    let desk = app.user(Role::Desk);
    let mut servers = [Server::start_with(&url, &[]), Server::start_with(&url, &[])];
    for server in &mut servers {
        server.wait_ready();
    }
    let reads = (0..RACERS)
        .map(|_| Request::get("/api/v1/follow-ups").token(&desk.token))
        .collect();
    let statuses = race(&servers, reads);
    assert!(statuses.iter().all(|&s| s == 200), "{statuses:?}");
    let queue = app.list_follow_ups(&desk, "limit=100").await.expect(200);
    let mut items: Vec<String> = queue["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| format!("{} {}", i["reason"], i["subject_id"]))
        .collect();
    let opened = items.len();
    items.sort();
    items.dedup();
    assert!(opened > 0, "{queue}");
    assert_eq!(items.len(), opened, "{queue}");
}

#[actix_web::test]
#[cfg_attr(not(pg_tests), ignore = "set TEST_POSTGRES_URL to run on PostgreSQL")]
async fn one_badge_scanned_at_once_on_two_instances_records_one_arrival() {
    let db = TestDb::new(crate::common::Backend::Postgres);
    let url = db.url.clone();
    let app = TestApp::on_database(crate::common::Backend::Postgres, db).await;
    let event = trade_fair(&app, json!({"name": "Race"})).await;
    let desk = app.user(Role::Desk);
    let company = exhibitor(&app, &event).await.company_id.unwrap();
    let badge = app.get_badge(&desk, &event, company).await.expect(200);
    let code = badge["token"].as_str().unwrap().to_owned();
    let mut servers = [Server::start(&url), Server::start(&url)];
    for server in &mut servers {
        server.wait_ready();
    }
    // Desks scanning one badge at once, online and from offline batches.
    let scans = (0..40)
        .map(|n| {
            if n % 2 == 0 {
                Request::post(&format!("/api/v1/events/{event}/check-ins"))
                    .token(&desk.token)
                    .json(&json!({"token": code}))
            } else {
                Request::post(&format!("/api/v1/events/{event}/check-ins/batch"))
                    .token(&desk.token)
                    .json(&json!({"scans": [{"token": code, "scanned_at": chrono::Utc::now().to_rfc3339()}]}))
            }
        })
        .collect();
    let statuses = race(&servers, scans);
    let created = statuses.iter().filter(|s| **s == 201).count();
    let answered = statuses.iter().filter(|s| **s == 200).count();
    assert!(created <= 1 && created + answered == 40, "{statuses:?}");
    let listed = app.list_participants(&desk, &event, "").await.expect(200);
    assert_eq!(listed["items"].as_array().unwrap().len(), 1);
    assert!(
        listed["items"][0]["checked_in_at"].is_string(),
        "one arrival recorded"
    );
}
