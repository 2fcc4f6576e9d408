//! An event's slots: cut in the event's time zone.

use sagamihara_match::auth::Role;
use serde_json::json;

use crate::api_test;
use crate::common::fixtures::{slots, trade_fair};
use crate::common::{error_fields, TestApp};

api_test!(
    async fn slots_are_cut_in_the_events_time_zone(backend) {
        let app = TestApp::new(backend).await;
        let event = trade_fair(&app, json!({})).await;
        let slots = slots(&app, &event).await;
        assert_eq!(slots.len(), 18, "10:00-12:00 and 13:00-17:00 in 20-minute slots");
        assert_eq!(slots[0]["starts_at"], "2026-12-01T03:00:00Z");
        assert_eq!(slots[0]["local_start"], "2026-12-01T10:00:00+07:00");
        assert_eq!(slots[6]["local_start"], "2026-12-01T13:00:00+07:00");
        assert_eq!(slots[17]["local_end"], "2026-12-01T17:00:00+07:00");
        let desk = app.user(Role::Desk);
        // The same times again clash with the existing slots.
        app.create_slots(&desk, &event, &json!({"days": [{"date": "2026-12-01", "start": "10:00", "end": "11:00"}]}))
            .await
            .problem(409);
        let problem = app
            .create_slots(&desk, &event, &json!({"days": [{"date": "2026-12-02", "start": "17:00", "end": "10:00"}]}))
            .await
            .problem(422);
        assert!(error_fields(&problem)[0].starts_with("days[0]"), "{problem}");
        // A leap second is a time the parser takes but no slot can start at.
        let problem = app
            .create_slots(&desk, &event, &json!({"days": [{"date": "2026-12-02", "start": "10:00",
                          "end": "11:00", "breaks": [{"start": "10:20:60", "end": "10:40"}]}]}))
            .await
            .problem(422);
        assert_eq!(error_fields(&problem), ["days[0].breaks[0].start"]);
        let problem = app
            .create_event(&desk, &json!({"kind": "trade_fair", "name": "X", "city": "X", "country": "TH", "venue": "X",
                          "time_zone": "Asia/Bangkokk", "starts_on": "2026-12-02", "ends_on": "2026-12-01"}))
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
            .create_event(&desk, &json!({"kind": "trade_fair", "name": "NY", "city": "New York", "country": "US", "venue": "Javits",
                          "time_zone": "America/New_York", "starts_on": "2026-03-08", "ends_on": "2026-03-08", "slot_minutes": 30}))
            .await
            .expect(201);
        let id = event["id"].as_str().unwrap();
        let created = app
            .create_slots(&desk, id, &json!({"days": [{"date": "2026-03-08", "start": "01:00", "end": "04:00"}]}))
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
