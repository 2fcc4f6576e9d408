//! An interpreter with an address is reminded of the meetings they interpret, as both sides
//! are, in their language; one without an address is not, and a move takes the reminders to
//! the meeting's new interpreter.

use chrono::{TimeDelta, Utc};
use sagamihara_match::auth::Role;
use serde_json::{json, Value};

use super::mail::fair_on;
use crate::api_test;
use crate::common::fixtures::*;
use crate::common::{error_fields, TestApp};

/// The meeting's reminders as an admin reads them in the outbox: (kind, address, locale,
/// status) of each.
async fn reminders(app: &TestApp, meeting: &str) -> Vec<(String, String, String, String)> {
    let page = app
        .list_notifications(
            &app.user(Role::Admin),
            &format!("subject_id={meeting}&limit=100"),
        )
        .await
        .expect(200);
    let text = |m: &Value, key: &str| m[key].as_str().unwrap_or("").to_owned();
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| text(m, "kind").starts_with("meeting.reminder"))
        .map(|m| {
            (
                text(m, "kind"),
                text(m, "address"),
                text(m, "locale"),
                text(m, "status"),
            )
        })
        .collect()
}

api_test! {
    async fn the_interpreter_of_a_meeting_is_reminded_at_the_address_the_desk_gave(backend) {
        let app = TestApp::new(backend).await;
        let desk = app.user(Role::Desk);
        let day = (Utc::now() + TimeDelta::days(10)).date_naive().to_string();
        let event = fair_on(&app, "Asia/Bangkok", &day, ("10:00", "11:00")).await;
        let somchai = app
            .add_interpreter(&desk, &event, &json!({"name": "Somchai", "languages": ["ja", "th"],
                                                    "email": " Somchai@Interpret.example "}))
            .await
            .expect(201);
        assert_eq!(somchai["email"], "somchai@interpret.example");
        let anna = app
            .add_interpreter(&desk, &event, &json!({"name": "Anna", "languages": ["en", "th"]}))
            .await
            .expect(201);
        assert_eq!(anna["email"], Value::Null);
        let refused = app
            .add_interpreter(&desk, &event, &json!({"name": "Bad", "languages": ["en", "th"], "email": "not an address"}))
            .await
            .problem(422);
        assert_eq!(error_fields(&refused), ["email"]);
        let listed = app.list_interpreters(&desk, &event).await.expect(200);
        assert_eq!(listed.as_array().unwrap().len(), 2, "the refused one was not added: {listed:#}");

        let sme = exhibitor(&app, &event).await;
        let buyer = verified_buyer(&app).await;
        let id = accepted_meeting(&app, &event, &sme, &buyer).await;
        let slots = slots(&app, &event).await;
        let table = &tables(&app, &event).await[0];
        app.schedule_meeting(&desk, &id, &json!({"slot_id": slots[0]["id"], "table_id": table,
                                                  "interpreter_id": somchai["id"]}))
            .await
            .expect(200);
        let to_somchai = |all: &[(String, String, String, String)], status: &str| -> Vec<(String, String)> {
            all.iter()
                .filter(|r| r.1 == "somchai@interpret.example" && r.3 == status)
                .map(|r| (r.0.clone(), r.2.clone()))
                .collect()
        };
        let scheduled = reminders(&app, &id).await;
        // Both reminders, in Japanese (Somchai interprets from Japanese), beside the two sides'.
        assert_eq!(
            to_somchai(&scheduled, "pending"),
            [("meeting.reminder_day".to_owned(), "ja".to_owned()), ("meeting.reminder_hour".to_owned(), "ja".to_owned())],
            "{scheduled:#?}"
        );
        assert_eq!(scheduled.iter().filter(|r| r.3 == "pending").count(), 6, "{scheduled:#?}");

        // Moved to another slot with Anna, who has no address: Somchai's reminders are dropped
        // and nobody new is reminded but the two sides.
        app.schedule_meeting(&desk, &id, &json!({"slot_id": slots[1]["id"], "table_id": table,
                                                  "interpreter_id": anna["id"]}))
            .await
            .expect(200);
        let moved = reminders(&app, &id).await;
        assert!(to_somchai(&moved, "pending").is_empty(), "{moved:#?}");
        assert_eq!(to_somchai(&moved, "dropped").len(), 2, "{moved:#?}");
        assert_eq!(moved.iter().filter(|r| r.3 == "pending").count(), 4, "{moved:#?}");
    }
}
