//! The live board of the slot running now: who has arrived, what is late, what is a
//! probable no-show. Times are built around the moment the test runs.

use chrono::{DurationRound, TimeDelta, Utc};
use sagamihara_match::auth::Role;
use serde_json::{json, Value};

use super::code_of;
use crate::api_test;
use crate::common::fixtures::{accepted_meeting, exhibitor, verified_buyer};
use crate::common::TestApp;

/// A trade fair whose one 30-minute slot began 10 to 11 minutes ago, with two tables, in a
/// time zone where the slot does not cross midnight. Returns the event, slot and tables.
pub(super) async fn fair_running_now(app: &TestApp) -> (String, String, Vec<String>) {
    let desk = app.user(Role::Desk);
    let start = (Utc::now() - TimeDelta::minutes(10))
        .duration_trunc(TimeDelta::minutes(1))
        .unwrap();
    let (zone, local_start) = ["UTC", "Asia/Tokyo", "America/New_York"]
        .into_iter()
        .map(|zone| {
            (
                zone,
                start
                    .with_timezone(&zone.parse::<chrono_tz::Tz>().unwrap())
                    .naive_local(),
            )
        })
        .find(|(_, local)| (*local + TimeDelta::minutes(30)).date() == local.date())
        .unwrap();
    let day = local_start.date().to_string();
    let event = app
        .create_event(&desk, &json!({"kind": "trade_fair", "name": "Fair day", "city": "Bangkok", "country": "TH",
            "venue": "BITEC", "time_zone": zone, "starts_on": day, "ends_on": day, "slot_minutes": 30}))
        .await
        .expect(201);
    assert_eq!(event["no_show_after_minutes"], 5, "the default");
    let event = event["id"].as_str().unwrap().to_owned();
    let end = local_start + TimeDelta::minutes(30);
    let slots = app
        .create_slots(&desk, &event, &json!({"days": [{"date": day, "start": local_start.format("%H:%M").to_string(), "end": end.format("%H:%M").to_string()}]}))
        .await
        .expect(201);
    assert_eq!(slots.as_array().unwrap().len(), 1);
    let tables = app
        .create_tables(&desk, &event, &json!({"labels": ["A1", "A2", "A3"]}))
        .await
        .expect(201);
    let tables = tables
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_owned())
        .collect();
    (event, slots[0]["id"].as_str().unwrap().to_owned(), tables)
}

pub(super) fn at_table<'a>(board: &'a Value, label: &str) -> &'a Value {
    board["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["label"] == label)
        .unwrap()
}

api_test! {
    async fn the_board_shows_both_sides_arrived_and_a_missing_side_as_a_probable_no_show(backend) {
        let app = TestApp::new(backend).await;
        let desk = app.user(Role::Desk);
        let (event, slot, tables) = fair_running_now(&app).await;
        let (sme_here, buyer_here) = (exhibitor(&app, &event).await, verified_buyer(&app).await);
        let (sme_waiting, buyer_missing) = (exhibitor(&app, &event).await, verified_buyer(&app).await);
        for (sme, buyer, table) in [(&sme_here, &buyer_here, &tables[0]), (&sme_waiting, &buyer_missing, &tables[1])] {
            app.register_for_event(buyer, &event).await.expect(201);
            let meeting = accepted_meeting(&app, &event, sme, buyer).await;
            app.schedule_meeting(&desk, &meeting, &json!({"slot_id": slot, "table_id": table})).await.expect(200);
        }
        for participant in [sme_here.company_id.unwrap(), buyer_here.buyer_id.unwrap(), sme_waiting.company_id.unwrap()] {
            let code = code_of(&app, &desk, &event, participant).await;
            app.check_in(&desk, &event, &code).await.expect(201);
        }

        let board = app.live_board(&desk, &event, "").await.expect(200);
        assert_eq!(board["slot"]["id"], slot.as_str());
        assert_eq!(board["no_show_after_minutes"], 5);
        let here = &at_table(&board, "A1")["meeting"];
        assert_eq!(here["company"]["id"], sme_here.company_id.unwrap().to_string());
        assert_eq!((here["both_arrived"].clone(), here["late"].clone(), here["probable_no_show"].clone()), (json!(true), json!(false), json!(false)));
        // Both checked in during the slot: the meeting started by itself.
        assert_eq!(here["started"], true);
        assert!(here["started_at"].is_string());
        let waiting = &at_table(&board, "A2")["meeting"];
        assert_eq!(waiting["company"]["arrived"], true);
        assert_eq!(waiting["buyer"]["arrived"], false);
        assert_eq!(waiting["buyer"]["checked_in_at"], Value::Null);
        assert_eq!((waiting["both_arrived"].clone(), waiting["late"].clone(), waiting["probable_no_show"].clone()), (json!(false), json!(true), json!(true)));
        assert_eq!((waiting["started"].clone(), waiting["started_at"].clone()), (json!(false), Value::Null));
        assert_eq!(at_table(&board, "A3")["meeting"], Value::Null);
        assert_eq!(board["arrivals"]["expected"], 4);
        assert_eq!(board["arrivals"]["arrived"], 3);
        let missing: Vec<&Value> = board["arrivals"]["participants"].as_array().unwrap().iter().filter(|p| p["arrived"] == false).collect();
        assert_eq!(missing.len(), 1);
        assert_eq!(missing[0]["participant_id"], buyer_missing.buyer_id.unwrap().to_string());

        // Asked for by id, the same slot; a slot of no such fair is not found.
        let by_id = app.live_board(&desk, &event, &format!("slot_id={slot}")).await.expect(200);
        assert_eq!(by_id["tables"], board["tables"]);
        app.live_board(&desk, &event, &format!("slot_id={}", uuid::Uuid::now_v7())).await.problem(404);
        app.live_board(&sme_here, &event, "").await.problem(403);
    }
}

api_test! {
    async fn a_late_side_is_not_a_probable_no_show_before_the_events_minutes_have_run(backend) {
        let app = TestApp::new(backend).await;
        let desk = app.user(Role::Desk);
        let (event, slot, tables) = fair_running_now(&app).await;
        // The fair gives 30 minutes before a missing side counts as a probable no-show.
        let mut settings = app.get(&format!("/api/v1/events/{event}")).send().await.expect(200);
        let settings = settings.as_object_mut().unwrap();
        for read_only in ["id", "created_at", "updated_at"] {
            settings.remove(read_only);
        }
        settings.insert("no_show_after_minutes".into(), json!(30));
        let updated = app.update_event(&desk, &event, &json!(settings)).await.expect(200);
        assert_eq!(updated["no_show_after_minutes"], 30);
        let (sme, buyer) = (exhibitor(&app, &event).await, verified_buyer(&app).await);
        app.register_for_event(&buyer, &event).await.expect(201);
        let meeting = accepted_meeting(&app, &event, &sme, &buyer).await;
        app.schedule_meeting(&desk, &meeting, &json!({"slot_id": slot, "table_id": tables[0]})).await.expect(200);

        let board = app.live_board(&desk, &event, "").await.expect(200);
        let meeting = &at_table(&board, "A1")["meeting"];
        assert_eq!((meeting["late"].clone(), meeting["probable_no_show"].clone()), (json!(true), json!(false)));
        assert_eq!(board["arrivals"]["arrived"], 0);
    }
}

api_test! {
    async fn the_board_lists_the_slots_online_meetings_with_their_arrivals_and_no_show(backend) {
        let app = TestApp::new(backend).await;
        let desk = app.user(Role::Desk);
        let (event, slot, tables) = fair_running_now(&app).await;
        let (sme_online, buyer_online) = (exhibitor(&app, &event).await, verified_buyer(&app).await);
        let (sme_table, buyer_table) = (exhibitor(&app, &event).await, verified_buyer(&app).await);
        app.register_for_event(&buyer_online, &event).await.expect(201);
        app.register_for_event(&buyer_table, &event).await.expect(201);
        let online = accepted_meeting(&app, &event, &sme_online, &buyer_online).await;
        let link = "https://meet.example/sagamihara-42";
        app.schedule_meeting(&desk, &online, &json!({"slot_id": slot, "mode": "online", "join_url": link})).await.expect(200);
        let tabled = accepted_meeting(&app, &event, &sme_table, &buyer_table).await;
        app.schedule_meeting(&desk, &tabled, &json!({"slot_id": slot, "table_id": tables[0]})).await.expect(200);
        let code = code_of(&app, &desk, &event, sme_online.company_id.unwrap()).await;
        app.check_in(&desk, &event, &code).await.expect(201);

        let board = app.live_board(&desk, &event, "").await.expect(200);
        let listed = board["online"].as_array().unwrap();
        assert_eq!(listed.len(), 1, "{board}");
        let meeting = &listed[0];
        assert_eq!(meeting["meeting_id"], online.as_str());
        assert_eq!((meeting["mode"].clone(), meeting["join_url"].clone()), (json!("online"), json!(link)));
        assert_eq!((meeting["company"]["arrived"].clone(), meeting["buyer"]["arrived"].clone()), (json!(true), json!(false)));
        // Ten minutes into the slot, with the default five, unstarted: late and a probable no-show.
        assert_eq!((meeting["both_arrived"].clone(), meeting["started"].clone(), meeting["late"].clone(), meeting["probable_no_show"].clone()),
                   (json!(false), json!(false), json!(true), json!(true)));
        // The table meeting stays at its table; no table shows the online one.
        assert_eq!(at_table(&board, "A1")["meeting"]["meeting_id"], tabled.as_str());
        assert_eq!(at_table(&board, "A1")["meeting"]["mode"], "on_site");
        assert!(board["tables"].as_array().unwrap().iter().all(|t| t["meeting"]["meeting_id"] != online.as_str()));
        // Started by the desk, it is no longer waited for.
        app.start_meeting(&desk, &online).await.expect(200);
        let board = app.live_board(&desk, &event, "").await.expect(200);
        let meeting = &board["online"][0];
        assert_eq!((meeting["started"].clone(), meeting["late"].clone(), meeting["probable_no_show"].clone()), (json!(true), json!(false), json!(false)));
    }
}
