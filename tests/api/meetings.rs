//! Trade fairs and business meetings: events, slots, requests, the lifecycle, scheduling,
//! agendas and exports.

use futures_util::future::join_all;
use sagamihara_match::auth::Role;
use serde_json::{json, Value};

use crate::api_test;
use crate::common::{error_fields, TestApp, TestUser};

/// A trade fair in Bangkok with one day of 20-minute slots (10:00–17:00, lunch 12–13) and
/// three tables. Returns the event id.
pub async fn bangkok_fair(app: &TestApp, settings: Value) -> String {
    let desk = app.user(Role::Desk);
    let mut body = json!({
        "kind": "trade_fair", "name": "Sagamihara Business Meeting Bangkok", "city": "Bangkok",
        "country": "TH", "venue": "BITEC Hall 98", "time_zone": "Asia/Bangkok",
        "starts_on": "2026-12-01", "ends_on": "2026-12-01", "slot_minutes": 20
    });
    for (key, value) in settings.as_object().unwrap() {
        body[key] = value.clone();
    }
    let event = app
        .post("/api/v1/events")
        .by(&desk)
        .json(&body)
        .send()
        .await
        .expect(201);
    let id = event["id"].as_str().unwrap().to_owned();
    app.post(&format!("/api/v1/events/{id}/slots"))
        .by(&desk)
        .json(
            &json!({"days": [{"date": "2026-12-01", "start": "10:00", "end": "17:00",
                                "breaks": [{"start": "12:00", "end": "13:00"}]}]}),
        )
        .send()
        .await
        .expect(201);
    app.post(&format!("/api/v1/events/{id}/tables"))
        .by(&desk)
        .json(&json!({"labels": ["A1", "A2", "A3"]}))
        .send()
        .await
        .expect(201);
    id
}

/// An sme user of an approved company exhibiting at `event`.
pub async fn exhibitor(app: &TestApp, event: &str) -> TestUser {
    let desk = app.user(Role::Desk);
    let sme = app.new_user(Role::Sme);
    let company = sme.company_id.unwrap();
    app.post(&format!("/api/v1/companies/{company}/approve"))
        .by(&desk)
        .send()
        .await
        .expect(200);
    app.post(&format!("/api/v1/events/{event}/exhibitors"))
        .by(&desk)
        .json(&json!({"company_id": company}))
        .send()
        .await
        .expect(201);
    sme
}

/// A buyer user of an organisation the desk has verified.
pub async fn verified_buyer(app: &TestApp) -> TestUser {
    let buyer = app.new_user(Role::Buyer);
    app.post(&format!(
        "/api/v1/buyers/{}/verify",
        buyer.buyer_id.unwrap()
    ))
    .by(&app.user(Role::Desk))
    .send()
    .await
    .expect(200);
    buyer
}

pub async fn request(app: &TestApp, buyer: &TestUser, event: &str, sme: &TestUser) -> Value {
    app.post("/api/v1/meetings")
        .by(buyer)
        .json(&json!({"event_id": event, "company_id": sme.company_id.unwrap(), "message": "We source aluminium parts."}))
        .send()
        .await
        .expect(201)
}

pub async fn slots(app: &TestApp, event: &str) -> Vec<Value> {
    app.get(&format!("/api/v1/events/{event}/slots"))
        .send()
        .await
        .expect(200)
        .as_array()
        .unwrap()
        .clone()
}

pub async fn tables(app: &TestApp, event: &str) -> Vec<String> {
    app.get(&format!("/api/v1/events/{event}/tables"))
        .send()
        .await
        .expect(200)
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_owned())
        .collect()
}

pub async fn accepted_meeting(
    app: &TestApp,
    event: &str,
    sme: &TestUser,
    buyer: &TestUser,
) -> String {
    let meeting = request(app, buyer, event, sme).await;
    let id = meeting["id"].as_str().unwrap().to_owned();
    app.post(&format!("/api/v1/meetings/{id}/accept"))
        .by(sme)
        .send()
        .await
        .expect(200);
    id
}

api_test!(
    async fn slots_are_cut_in_the_events_time_zone(backend) {
        let app = TestApp::new(backend).await;
        let event = bangkok_fair(&app, json!({})).await;
        let slots = slots(&app, &event).await;
        assert_eq!(slots.len(), 18, "10:00-12:00 and 13:00-17:00 in 20-minute slots");
        assert_eq!(slots[0]["starts_at"], "2026-12-01T03:00:00Z");
        assert_eq!(slots[0]["local_start"], "2026-12-01T10:00:00+07:00");
        assert_eq!(slots[6]["local_start"], "2026-12-01T13:00:00+07:00");
        assert_eq!(slots[17]["local_end"], "2026-12-01T17:00:00+07:00");
        let desk = app.user(Role::Desk);
        // The same times again clash with the existing slots.
        app.post(&format!("/api/v1/events/{event}/slots"))
            .by(&desk)
            .json(&json!({"days": [{"date": "2026-12-01", "start": "10:00", "end": "11:00"}]}))
            .send()
            .await
            .problem(409);
        let problem = app
            .post(&format!("/api/v1/events/{event}/slots"))
            .by(&desk)
            .json(&json!({"days": [{"date": "2026-12-02", "start": "17:00", "end": "10:00"}]}))
            .send()
            .await
            .problem(422);
        assert!(error_fields(&problem)[0].starts_with("days[0]"), "{problem}");
        let problem = app
            .post("/api/v1/events")
            .by(&desk)
            .json(&json!({"kind": "trade_fair", "name": "X", "city": "X", "country": "TH", "venue": "X",
                          "time_zone": "Asia/Bangkokk", "starts_on": "2026-12-02", "ends_on": "2026-12-01"}))
            .send()
            .await
            .problem(422);
        assert_eq!(error_fields(&problem), ["time_zone", "ends_on"]);
    }
);

api_test!(
    async fn a_spring_forward_day_in_new_york_skips_the_missing_hour(backend) {
        let app = TestApp::new(backend).await;
        let desk = app.user(Role::Desk);
        let event = app
            .post("/api/v1/events")
            .by(&desk)
            .json(&json!({"kind": "trade_fair", "name": "NY", "city": "New York", "country": "US", "venue": "Javits",
                          "time_zone": "America/New_York", "starts_on": "2026-03-08", "ends_on": "2026-03-08", "slot_minutes": 30}))
            .send()
            .await
            .expect(201);
        let id = event["id"].as_str().unwrap();
        let created = app
            .post(&format!("/api/v1/events/{id}/slots"))
            .by(&desk)
            .json(&json!({"days": [{"date": "2026-03-08", "start": "01:00", "end": "04:00"}]}))
            .send()
            .await
            .expect(201);
        let starts: Vec<&str> = created.as_array().unwrap().iter().map(|s| s["local_start"].as_str().unwrap()).collect();
        // 02:00-03:00 does not exist on the wall clock that night, so neither does a slot
        // ending at 02:00: the clocks read 03:00 half an hour after 01:30.
        assert_eq!(
            starts,
            ["2026-03-08T01:00:00-05:00", "2026-03-08T03:00:00-04:00", "2026-03-08T03:30:00-04:00"]
        );
        for slot in created.as_array().unwrap() {
            let start = chrono::DateTime::parse_from_rfc3339(slot["starts_at"].as_str().unwrap()).unwrap();
            let end = chrono::DateTime::parse_from_rfc3339(slot["ends_at"].as_str().unwrap()).unwrap();
            assert_eq!((end - start).num_minutes(), 30);
        }
    }
);

api_test!(
    async fn a_request_goes_through_its_lifecycle_with_every_move_recorded(backend) {
        let app = TestApp::new(backend).await;
        let event = bangkok_fair(&app, json!({})).await;
        let sme = exhibitor(&app, &event).await;
        let buyer = verified_buyer(&app).await;
        let desk = app.user(Role::Desk);
        let meeting = request(&app, &buyer, &event, &sme).await;
        assert_eq!(meeting["status"], "requested");
        let id = meeting["id"].as_str().unwrap();
        // The buyer cannot accept its own request; another company cannot even see it.
        app.post(&format!("/api/v1/meetings/{id}/accept")).by(&buyer).send().await.problem(403);
        let stranger = app.new_user(Role::Sme);
        app.post(&format!("/api/v1/meetings/{id}/accept")).by(&stranger).send().await.problem(404);
        app.get(&format!("/api/v1/meetings/{id}")).by(&stranger).send().await.problem(404);
        // A request cannot skip acceptance.
        let problem = app.post(&format!("/api/v1/meetings/{id}/held")).by(&desk).send().await.problem(409);
        assert_eq!(problem["current_status"], "requested");

        let accepted = app
            .post(&format!("/api/v1/meetings/{id}/accept"))
            .by(&sme)
            .json(&json!({"note": "Happy to meet"}))
            .send()
            .await
            .expect(200);
        assert_eq!(accepted["status"], "accepted");
        let problem = app.post(&format!("/api/v1/meetings/{id}/withdraw")).by(&buyer).send().await.problem(409);
        assert_eq!(problem["current_status"], "accepted");

        let slot = slots(&app, &event).await[0]["id"].clone();
        let table = tables(&app, &event).await[0].clone();
        let scheduled = app
            .put(&format!("/api/v1/meetings/{id}/schedule"))
            .by(&desk)
            .json(&json!({"slot_id": slot, "table_id": table}))
            .send()
            .await
            .expect(200);
        assert_eq!(scheduled["status"], "scheduled");
        assert_eq!(scheduled["placement"]["table"], "A1");
        assert_eq!(scheduled["placement"]["starts_at"], "2026-12-01T03:00:00Z");
        app.post(&format!("/api/v1/meetings/{id}/held")).by(&sme).send().await.problem(403);
        let held = app.post(&format!("/api/v1/meetings/{id}/held")).by(&desk).send().await.expect(200);
        assert_eq!(held["status"], "held");
        let history: Vec<(Value, Value, Value)> = held["history"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| (t["from_status"].clone(), t["to_status"].clone(), t["actor_id"].clone()))
            .collect();
        assert_eq!(
            history,
            [
                (Value::Null, json!("requested"), json!(buyer.id.to_string())),
                (json!("requested"), json!("accepted"), json!(sme.id.to_string())),
                (json!("accepted"), json!("scheduled"), json!(desk.id.to_string())),
                (json!("scheduled"), json!("held"), json!(desk.id.to_string())),
            ]
        );
        assert_eq!(held["history"][1]["note"], "Happy to meet");
        let problem = app.post(&format!("/api/v1/meetings/{id}/cancel")).by(&buyer).send().await.problem(409);
        assert_eq!(problem["current_status"], "held");
    }
);

api_test!(
    async fn one_open_request_per_pair_and_per_event_limits(backend) {
        let app = TestApp::new(backend).await;
        let event = bangkok_fair(&app, json!({"max_meetings_per_buyer": 2, "max_meetings_per_company": 3})).await;
        let sme = exhibitor(&app, &event).await;
        let buyer = verified_buyer(&app).await;
        let first = request(&app, &buyer, &event, &sme).await;
        app.post("/api/v1/meetings")
            .by(&buyer)
            .json(&json!({"event_id": event, "company_id": sme.company_id.unwrap(), "message": "Again"}))
            .send()
            .await
            .problem(409);
        // Withdrawn, the pair may ask again.
        app.post(&format!("/api/v1/meetings/{}/withdraw", first["id"].as_str().unwrap())).by(&buyer).send().await.expect(200);
        request(&app, &buyer, &event, &sme).await;
        let second_company = exhibitor(&app, &event).await;
        request(&app, &buyer, &event, &second_company).await;
        let third_company = exhibitor(&app, &event).await;
        let problem = app
            .post("/api/v1/meetings")
            .by(&buyer)
            .json(&json!({"event_id": event, "company_id": third_company.company_id.unwrap(), "message": "Third"}))
            .send()
            .await
            .problem(409);
        assert!(problem["detail"].as_str().unwrap().contains("limit of 2"), "{problem}");
        for _ in 0..2 {
            let other_buyer = verified_buyer(&app).await;
            request(&app, &other_buyer, &event, &sme).await;
        }
        let late = verified_buyer(&app).await;
        let problem = app
            .post("/api/v1/meetings")
            .by(&late)
            .json(&json!({"event_id": event, "company_id": sme.company_id.unwrap(), "message": "Late"}))
            .send()
            .await
            .problem(409);
        assert!(problem["detail"].as_str().unwrap().contains("limit of 3"), "{problem}");
    }
);

api_test!(
    async fn only_verified_buyers_request_and_only_exhibitors_are_asked(backend) {
        let app = TestApp::new(backend).await;
        let event = bangkok_fair(&app, json!({})).await;
        let sme = exhibitor(&app, &event).await;
        let unverified = app.new_user(Role::Buyer);
        let body = json!({"event_id": event, "company_id": sme.company_id.unwrap(), "message": "Hello"});
        app.post("/api/v1/meetings").by(&unverified).json(&body).send().await.problem(403);
        app.post("/api/v1/meetings").by(&sme).json(&body).send().await.problem(403);
        app.post("/api/v1/meetings").json(&body).send().await.problem(401);
        let buyer = verified_buyer(&app).await;
        let outsider = app.new_user(Role::Sme);
        let problem = app
            .post("/api/v1/meetings")
            .by(&buyer)
            .json(&json!({"event_id": event, "company_id": outsider.company_id.unwrap(), "message": "Hello"}))
            .send()
            .await
            .problem(422);
        assert_eq!(error_fields(&problem), ["company_id"]);
        // The desk requests on a buyer's behalf, naming it.
        let desk = app.user(Role::Desk);
        app.post("/api/v1/meetings").by(&desk).json(&body).send().await.problem(422);
        let mut on_behalf = body.clone();
        on_behalf["buyer_id"] = json!(buyer.buyer_id.unwrap());
        let created = app.post("/api/v1/meetings").by(&desk).json(&on_behalf).send().await.expect(201);
        assert_eq!(created["buyer"]["id"], json!(buyer.buyer_id.unwrap()));
        // An auto-accepting fair accepts on arrival.
        let auto = bangkok_fair(&app, json!({"requires_acceptance": false, "name": "Auto"})).await;
        let sme2 = exhibitor(&app, &auto).await;
        assert_eq!(request(&app, &buyer, &auto, &sme2).await["status"], "accepted");
    }
);

api_test!(
    async fn scheduling_refuses_clashes_and_blocked_slots_naming_them(backend) {
        let app = TestApp::new(backend).await;
        let event = bangkok_fair(&app, json!({})).await;
        let desk = app.user(Role::Desk);
        let sme = exhibitor(&app, &event).await;
        let other_sme = exhibitor(&app, &event).await;
        let buyer = verified_buyer(&app).await;
        let other_buyer = verified_buyer(&app).await;
        let interpreter = app
            .post(&format!("/api/v1/events/{event}/interpreters"))
            .by(&desk)
            .json(&json!({"name": "Suda", "languages": ["th", "ja"]}))
            .send()
            .await
            .expect(201)["id"]
            .clone();
        let slots = slots(&app, &event).await;
        let tables = tables(&app, &event).await;
        let (slot, table) = (slots[0]["id"].clone(), tables[0].clone());
        let first = accepted_meeting(&app, &event, &sme, &buyer).await;
        app.put(&format!("/api/v1/meetings/{first}/schedule"))
            .by(&desk)
            .json(&json!({"slot_id": slot, "table_id": table, "interpreter_id": interpreter}))
            .send()
            .await
            .expect(200);
        let same_company = accepted_meeting(&app, &event, &sme, &other_buyer).await;
        let problem = app
            .put(&format!("/api/v1/meetings/{same_company}/schedule"))
            .by(&desk)
            .json(&json!({"slot_id": slot, "table_id": tables[1]}))
            .send()
            .await
            .problem(409);
        assert_eq!(problem["clashes"], json!(["company"]));
        let same_buyer = accepted_meeting(&app, &event, &other_sme, &buyer).await;
        let problem = app
            .put(&format!("/api/v1/meetings/{same_buyer}/schedule"))
            .by(&desk)
            .json(&json!({"slot_id": slot, "table_id": table, "interpreter_id": interpreter}))
            .send()
            .await
            .problem(409);
        assert_eq!(problem["clashes"], json!(["buyer", "table", "interpreter"]));
        let unrelated = accepted_meeting(&app, &event, &other_sme, &other_buyer).await;
        let problem = app
            .put(&format!("/api/v1/meetings/{unrelated}/schedule"))
            .by(&desk)
            .json(&json!({"slot_id": slot, "table_id": table}))
            .send()
            .await
            .problem(409);
        assert_eq!(problem["clashes"], json!(["table"]));
        // The other company blocks the second slot; the desk cannot put it there.
        app.put(&format!("/api/v1/events/{event}/availability"))
            .by(&other_sme)
            .json(&json!({"company_id": other_sme.company_id.unwrap(), "blocked_slot_ids": [slots[1]["id"]]}))
            .send()
            .await
            .expect(200);
        let problem = app
            .put(&format!("/api/v1/meetings/{unrelated}/schedule"))
            .by(&desk)
            .json(&json!({"slot_id": slots[1]["id"], "table_id": tables[1]}))
            .send()
            .await
            .problem(409);
        assert_eq!(problem["clashes"], json!(["company unavailable"]));
        app.put(&format!("/api/v1/meetings/{unrelated}/schedule"))
            .by(&desk)
            .json(&json!({"slot_id": slots[2]["id"], "table_id": tables[1]}))
            .send()
            .await
            .expect(200);
        // Cancelling frees the slot for someone else.
        app.post(&format!("/api/v1/meetings/{first}/cancel")).by(&buyer).send().await.expect(200);
        app.put(&format!("/api/v1/meetings/{same_company}/schedule"))
            .by(&desk)
            .json(&json!({"slot_id": slot, "table_id": table}))
            .send()
            .await
            .expect(200);
        let blocked = app
            .get(&format!("/api/v1/events/{event}/availability?company_id={}", other_sme.company_id.unwrap()))
            .by(&other_sme)
            .send()
            .await
            .expect(200);
        assert_eq!(blocked["blocked_slot_ids"], json!([slots[1]["id"]]));
        app.get(&format!("/api/v1/events/{event}/availability?company_id={}", other_sme.company_id.unwrap()))
            .by(&sme)
            .send()
            .await
            .problem(404);
        let problem = app
            .put(&format!("/api/v1/meetings/{unrelated}/schedule"))
            .by(&other_sme)
            .json(&json!({"slot_id": slots[3]["id"], "table_id": tables[2]}))
            .send()
            .await
            .problem(403);
        assert!(problem["detail"].as_str().unwrap().contains("desk"));
    }
);

api_test!(
    async fn fifty_concurrent_bookings_of_one_company_and_slot_let_exactly_one_through(backend) {
        let app = TestApp::new(backend).await;
        let event = bangkok_fair(&app, json!({"name": "Rush"})).await;
        let desk = app.user(Role::Desk);
        let labels: Vec<String> = (0..50).map(|n| format!("T{n:02}")).collect();
        app.post(&format!("/api/v1/events/{event}/tables")).by(&desk).json(&json!({"labels": labels})).send().await.expect(201);
        let sme = exhibitor(&app, &event).await;
        let mut meetings = Vec::new();
        for _ in 0..50 {
            let buyer = verified_buyer(&app).await;
            meetings.push(accepted_meeting(&app, &event, &sme, &buyer).await);
        }
        let slot = slots(&app, &event).await[4]["id"].clone();
        let tables = tables(&app, &event).await;
        let attempts = meetings.iter().zip(tables.iter().skip(3)).map(|(meeting, table)| {
            app.put(&format!("/api/v1/meetings/{meeting}/schedule"))
                .by(&desk)
                .json(&json!({"slot_id": slot, "table_id": table}))
                .send()
        });
        let responses = join_all(attempts).await;
        let won = responses.iter().filter(|r| r.status.as_u16() == 200).count();
        let clashed = responses.iter().filter(|r| r.status.as_u16() == 409).count();
        assert_eq!((won, clashed), (1, 49), "{:?}", responses.iter().map(|r| r.status.as_u16()).collect::<Vec<_>>());
        for response in responses.iter().filter(|r| r.status.as_u16() == 409) {
            assert_eq!(response.problem(409)["clashes"], json!(["company"]));
        }
        let scheduled = app
            .get(&format!("/api/v1/meetings?event_id={event}&status=scheduled"))
            .by(&desk)
            .send()
            .await
            .expect(200);
        assert_eq!(scheduled["items"].as_array().unwrap().len(), 1);
    }
);

api_test!(
    async fn meeting_lists_show_each_caller_only_its_own(backend) {
        let app = TestApp::new(backend).await;
        let event = bangkok_fair(&app, json!({})).await;
        let sme = exhibitor(&app, &event).await;
        let other_sme = exhibitor(&app, &event).await;
        let buyer = verified_buyer(&app).await;
        let other_buyer = verified_buyer(&app).await;
        request(&app, &buyer, &event, &sme).await;
        request(&app, &other_buyer, &event, &other_sme).await;
        request(&app, &buyer, &event, &other_sme).await;
        let count = |v: Value| v["items"].as_array().unwrap().len();
        assert_eq!(count(app.get("/api/v1/meetings").by(&sme).send().await.expect(200)), 1);
        assert_eq!(count(app.get("/api/v1/meetings").by(&other_sme).send().await.expect(200)), 2);
        assert_eq!(count(app.get("/api/v1/meetings").by(&buyer).send().await.expect(200)), 2);
        // Asking for someone else's does not widen the view.
        let path = format!("/api/v1/meetings?company_id={}", other_sme.company_id.unwrap());
        assert_eq!(count(app.get(&path).by(&sme).send().await.expect(200)), 1);
        assert_eq!(count(app.get(&path).by(&app.user(Role::Reviewer)).send().await.expect(200)), 2);
        assert_eq!(count(app.get("/api/v1/meetings").by(&app.user(Role::Desk)).send().await.expect(200)), 3);
        app.get("/api/v1/meetings").by(&app.user(Role::Candidate)).send().await.problem(403);
        app.get("/api/v1/meetings").send().await.problem(401);
    }
);

api_test!(
    async fn agendas_export_to_icalendar_and_lists_to_csv_and_excel(backend) {
        let app = TestApp::new(backend).await;
        let event = bangkok_fair(&app, json!({})).await;
        let desk = app.user(Role::Desk);
        let sme = exhibitor(&app, &event).await;
        let buyer = verified_buyer(&app).await;
        let meeting = accepted_meeting(&app, &event, &sme, &buyer).await;
        let slot = slots(&app, &event).await[1]["id"].clone();
        let table = tables(&app, &event).await[1].clone();
        app.put(&format!("/api/v1/meetings/{meeting}/schedule")).by(&desk).json(&json!({"slot_id": slot, "table_id": table})).send().await.expect(200);
        request(&app, &verified_buyer(&app).await, &event, &sme).await;

        let path = format!("/api/v1/events/{event}/agenda?company_id={}", sme.company_id.unwrap());
        let agenda = app.get(&path).by(&sme).send().await.expect(200);
        assert_eq!(agenda["items"].as_array().unwrap().len(), 1, "only the timetable");
        assert_eq!(agenda["items"][0]["local_start"], "2026-12-01T10:20:00+07:00");
        assert_eq!(agenda["items"][0]["table"], "A2");
        app.get(&path).by(&buyer).send().await.problem(404);

        let calendar = app.get(&path).by(&sme).header("accept", "text/calendar").send().await;
        assert_eq!(calendar.status.as_u16(), 200);
        assert!(calendar.header("content-type").unwrap().starts_with("text/calendar"));
        let parsed: icalendar::Calendar = calendar.text().parse().expect("a valid iCalendar file");
        let events: Vec<_> = parsed.components.iter().filter_map(|c| c.as_event()).collect();
        assert_eq!(events.len(), 1);
        use icalendar::Component;
        let start = events[0].property_value("DTSTART").unwrap();
        assert_eq!(start, "20261201T102000");
        let tzid = events[0].properties().get("DTSTART").unwrap().params().get("TZID").unwrap().value();
        assert_eq!(tzid, "Asia/Bangkok");
        assert!(events[0].get_summary().unwrap().contains("Test Buyer"));

        let csv = app.get(&format!("/api/v1/events/{event}/meetings.csv")).by(&desk).send().await;
        assert_eq!(csv.status.as_u16(), 200);
        assert!(csv.body.starts_with("\u{feff}".as_bytes()), "UTF-8 BOM for Excel");
        let text = csv.text();
        let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let headers: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
        assert_eq!(headers, ["start_local", "end_local", "table", "company_ja", "company_en", "buyer", "country", "interpreter", "status"]);
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(&rows[0][0], "2026-12-01 10:20");
        assert_eq!(&rows[0][2], "A2");
        assert!(rows[0][3].starts_with("テスト製作所"));
        assert_eq!(&rows[0][6], "TH");
        assert_eq!(&rows[0][8], "scheduled");
        assert_eq!(&rows[1][8], "requested");
        app.get(&format!("/api/v1/events/{event}/meetings.csv")).by(&sme).send().await.problem(403);

        let xlsx = app.get(&format!("/api/v1/events/{event}/meetings.xlsx")).by(&desk).send().await;
        assert_eq!(xlsx.status.as_u16(), 200);
        assert!(xlsx.body.starts_with(b"PK"), "an xlsx file is a zip archive");
    }
);

api_test!(
    async fn recommendations_skip_companies_already_met(backend) {
        let app = TestApp::new(backend).await;
        let event = bangkok_fair(&app, json!({})).await;
        let desk = app.user(Role::Desk);
        let sme = exhibitor(&app, &event).await;
        app.post(&format!("/api/v1/companies/{}/capabilities", sme.company_id.unwrap()))
            .by(&sme)
            .json(&json!({"title_ja": "切削", "title_en": "Milling", "category": "machining", "status": "published"}))
            .send()
            .await
            .expect(201);
        let buyer = verified_buyer(&app).await;
        let path = format!("/api/v1/buyers/{}/recommendations", buyer.buyer_id.unwrap());
        app.patch(&format!("/api/v1/buyers/{}", buyer.buyer_id.unwrap()))
            .by(&buyer)
            .json(&json!({"interests": {"categories": ["machining"]}}))
            .send()
            .await
            .expect(200);
        assert_eq!(app.get(&path).by(&buyer).send().await.expect(200)["items"].as_array().unwrap().len(), 1);
        let meeting = accepted_meeting(&app, &event, &sme, &buyer).await;
        app.post(&format!("/api/v1/meetings/{meeting}/held")).by(&desk).send().await.expect(200);
        assert!(app.get(&path).by(&buyer).send().await.expect(200)["items"].as_array().unwrap().is_empty());
    }
);

api_test!(
    async fn the_auto_scheduler_builds_a_clash_free_timetable_and_refills_after_a_cancellation(backend) {
        let app = TestApp::new(backend).await;
        // 18 slots x 3 tables; at most 4 meetings per buyer.
        let event = bangkok_fair(&app, json!({"max_meetings_per_buyer": 4})).await;
        let desk = app.user(Role::Desk);
        let companies: Vec<TestUser> = {
            let mut list = Vec::new();
            for _ in 0..4 {
                list.push(exhibitor(&app, &event).await);
            }
            list
        };
        let buyers: Vec<TestUser> = {
            let mut list = Vec::new();
            for _ in 0..5 {
                list.push(verified_buyer(&app).await);
            }
            list
        };
        // Every buyer asks every company except one: 5 x 4 - 5 = 15 requests; buyer 0 asks
        // all four, so its limit of 4 is reached exactly.
        let mut requested = Vec::new();
        for (b, buyer) in buyers.iter().enumerate() {
            for (c, company) in companies.iter().enumerate() {
                if b > 0 && c == b % 4 {
                    continue;
                }
                requested.push(accepted_meeting(&app, &event, company, buyer).await);
            }
        }
        // Company 0 cannot attend the first six slots.
        let slot_list = slots(&app, &event).await;
        let blocked: Vec<Value> = slot_list[..6].iter().map(|s| s["id"].clone()).collect();
        app.put(&format!("/api/v1/events/{event}/availability"))
            .by(&companies[0])
            .json(&json!({"company_id": companies[0].company_id.unwrap(), "blocked_slot_ids": blocked}))
            .send()
            .await
            .expect(200);
        app.post(&format!("/api/v1/events/{event}/schedule")).by(&companies[0]).send().await.problem(403);
        let run = app.post(&format!("/api/v1/events/{event}/schedule")).by(&desk).send().await.expect(200);
        assert_eq!(run["considered"], requested.len());
        assert_eq!(run["scheduled"], requested.len(), "{run}");
        assert!(run["unscheduled"].as_array().unwrap().is_empty());

        let all = app.get(&format!("/api/v1/meetings?event_id={event}&limit=100")).by(&desk).send().await.expect(200);
        let items = all["items"].as_array().unwrap();
        let mut seen = std::collections::BTreeSet::new();
        for m in items {
            assert_eq!(m["status"], "scheduled");
            let slot = m["placement"]["slot_id"].as_str().unwrap().to_owned();
            for key in [m["company"]["id"].to_string(), m["buyer"]["id"].to_string(), m["placement"]["table_id"].to_string()] {
                assert!(seen.insert((slot.clone(), key.clone())), "double booking of {key} in {slot}");
            }
            if m["company"]["id"] == json!(companies[0].company_id.unwrap()) {
                assert!(!blocked.contains(&m["placement"]["slot_id"]), "a blocked slot was used");
            }
        }
        // A second run has nothing left to do.
        let again = app.post(&format!("/api/v1/events/{event}/schedule")).by(&desk).send().await.expect(200);
        assert_eq!((again["considered"].clone(), again["scheduled"].clone()), (json!(0), json!(0)));

        // A cancellation frees a place; a new accepted request takes it on the next run.
        let cancelled = items[0]["id"].as_str().unwrap();
        app.post(&format!("/api/v1/meetings/{cancelled}/cancel")).by(&desk).send().await.expect(200);
        let late_buyer = verified_buyer(&app).await;
        let late = accepted_meeting(&app, &event, &companies[1], &late_buyer).await;
        let refill = app.post(&format!("/api/v1/events/{event}/schedule")).by(&desk).send().await.expect(200);
        assert_eq!(refill["scheduled"], 1);
        let placed = app.get(&format!("/api/v1/meetings/{late}")).by(&desk).send().await.expect(200);
        assert_eq!(placed["status"], "scheduled");
        assert_eq!(placed["history"].as_array().unwrap().last().unwrap()["note"], "auto-scheduler");
    }
);

api_test!(
    async fn the_auto_scheduler_says_why_a_request_was_left_out(backend) {
        let app = TestApp::new(backend).await;
        let event = bangkok_fair(&app, json!({})).await;
        let desk = app.user(Role::Desk);
        let company = exhibitor(&app, &event).await;
        let first = accepted_meeting(&app, &event, &company, &verified_buyer(&app).await).await;
        let second = accepted_meeting(&app, &event, &company, &verified_buyer(&app).await).await;
        // The desk tightens the limit after both requests were accepted.
        app.patch(&format!("/api/v1/events/{event}"))
            .by(&desk)
            .json(&json!({"kind": "trade_fair", "name": "Sagamihara Business Meeting Bangkok", "city": "Bangkok",
                          "country": "TH", "venue": "BITEC Hall 98", "time_zone": "Asia/Bangkok",
                          "starts_on": "2026-12-01", "ends_on": "2026-12-01", "max_meetings_per_company": 1}))
            .send()
            .await
            .expect(200);
        let run = app.post(&format!("/api/v1/events/{event}/schedule")).by(&desk).send().await.expect(200);
        assert_eq!(run["scheduled"], 1);
        assert_eq!(run["unscheduled"], json!([{"meeting_id": second, "reason": "company_limit_reached"}]));
        assert_eq!(run["reasons"], json!({"company_limit_reached": 1}));
        let placed = app.get(&format!("/api/v1/meetings/{first}")).by(&desk).send().await.expect(200);
        assert_eq!(placed["status"], "scheduled", "the earlier request wins");
    }
);
