//! Two-sided matchmaking before a fair, end to end: buyers register, both sides wish, a
//! company proposes and the buyer accepts, the preference run places every mutual `must`
//! that fits, never a `no_thanks` pair, and says why it left one out; agendas and the
//! iCalendar show the result.

use std::collections::BTreeSet;

use sagamihara_match::auth::Role;
use serde_json::{json, Value};

use crate::api_test;
use crate::common::fixtures::{exhibitor, slots, trade_fair, verified_buyer};
use crate::common::{TestApp, TestUser};

fn wishes(list: &[(&TestUser, &str)], company: bool) -> Value {
    let preferences: Vec<Value> = list
        .iter()
        .map(|(other, level)| {
            let id = if company {
                other.buyer_id
            } else {
                other.company_id
            };
            json!({"counterpart_id": id.unwrap(), "level": level})
        })
        .collect();
    json!({"preferences": preferences})
}

fn pairs(meetings: &Value) -> BTreeSet<(String, String)> {
    meetings["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["company"]["id"].as_str().unwrap().to_owned(),
                m["buyer"]["id"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

api_test!(
    async fn the_preference_run_places_mutual_musts_never_a_no_thanks_and_explains_the_rest(backend) {
        let app = TestApp::new(backend).await;
        let event = trade_fair(&app, json!({"preferences_close_at": "2099-01-01T00:00:00Z"})).await;
        let desk = app.user(Role::Desk);
        let mut companies = Vec::new();
        for _ in 0..3 {
            companies.push(exhibitor(&app, &event).await);
        }
        let mut buyers = Vec::new();
        for _ in 0..4 {
            buyers.push(verified_buyer(&app).await);
        }
        // Three buyers register themselves, the desk registers the fourth; an unverified
        // buyer's registration does not make it visible.
        for buyer in &buyers[..3] {
            app.register_for_event(buyer, &event).await.expect(201);
        }
        app.register_for_event(&desk, &event)
            .json(&json!({"buyer_id": buyers[3].buyer_id.unwrap()}))
            .await
            .expect(201);
        app.register_for_event(&app.new_user(Role::Buyer), &event).await.expect(201);
        app.register_for_event(&companies[0], &event).await.problem(409);

        // Exhibitors see who comes: business fields only.
        let listed = app.list_fair_buyers(&companies[0], &event).await.expect(200);
        let listed = listed.as_array().unwrap();
        assert_eq!(listed.len(), 4);
        let fields: BTreeSet<&str> = listed[0].as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(fields, BTreeSet::from(["id", "name", "country", "industry", "interests", "languages"]));
        app.list_fair_buyers(&approved_outsider(&app).await, &event).await.problem(403);
        app.list_fair_buyers(&buyers[0], &event).await.problem(403);

        let [c0, c1, c2] = [&companies[0], &companies[1], &companies[2]];
        let [b0, b1, b2, b3] = [&buyers[0], &buyers[1], &buyers[2], &buyers[3]];
        app.put_preferences(c0, &event, &wishes(&[(b0, "must"), (b1, "must"), (b2, "no_thanks")], true)).await.expect(200);
        app.put_preferences(c1, &event, &wishes(&[(b0, "must"), (b3, "must")], true)).await.expect(200);
        app.put_preferences(c2, &event, &wishes(&[(b1, "want")], true)).await.expect(200);
        app.put_preferences(b0, &event, &wishes(&[(c0, "must"), (c1, "must")], false)).await.expect(200);
        app.put_preferences(b1, &event, &wishes(&[(c0, "must"), (c2, "want")], false)).await.expect(200);
        app.put_preferences(b2, &event, &wishes(&[(c0, "must")], false)).await.expect(200);
        // The desk sets a side's list for it.
        let set = app
            .put_preferences(&desk, &event, &json!({"buyer_id": b3.buyer_id.unwrap(), "preferences": [{"counterpart_id": c1.company_id.unwrap(), "level": "must"}]}))
            .await
            .expect(200);
        assert_eq!(set["preferences"][0]["level"], "must");
        // Nobody reads what the other side wished about them.
        app.get_preferences(c0, &event, &format!("buyer_id={}", b2.buyer_id.unwrap())).await.problem(403);
        let own = app.get_preferences(c0, &event, "").await.expect(200);
        assert_eq!(own["preferences"].as_array().unwrap().len(), 3);
        assert_eq!(own["editable"], true);

        // A company proposes to a registered buyer, who accepts.
        let proposal = app
            .request_meeting(c2, &json!({"event_id": event, "buyer_id": b2.buyer_id.unwrap(), "message": "We would like to show you our sheet-metal work."}))
            .await
            .expect(201);
        assert_eq!(proposal["initiated_by"], "company");
        assert_eq!(proposal["status"], "requested");
        let id = proposal["id"].as_str().unwrap();
        app.accept_meeting(c2, id).await.problem(403);
        app.accept_meeting(b2, id).await.expect(200);

        // Buyer 3 cannot attend any slot: its mutual must with company 1 cannot be placed.
        let blocked: Vec<Value> = slots(&app, &event).await.iter().map(|s| s["id"].clone()).collect();
        app.set_availability(b3, &event, &json!({"buyer_id": b3.buyer_id.unwrap(), "blocked_slot_ids": blocked}))
            .await
            .expect(200);

        let run = app
            .auto_schedule(&desk, &event)
            .json(&json!({"mode": "preference"}))
            .await
            .expect(200);
        assert_eq!(run["mode"], "preference");
        let outcome = &run["by_preference"];
        let placed = outcome["placed"].as_array().unwrap();
        let pair = |m: &Value| (m["company_id"].as_str().unwrap().to_owned(), m["buyer_id"].as_str().unwrap().to_owned());
        let id_of = |u: &TestUser| u.company_id.or(u.buyer_id).unwrap().to_string();
        let musts: BTreeSet<_> = placed.iter().filter(|m| m["origin"] == "mutual_must").map(pair).collect();
        assert_eq!(
            musts,
            BTreeSet::from([(id_of(c0), id_of(b0)), (id_of(c0), id_of(b1)), (id_of(c1), id_of(b0))]),
            "{run}"
        );
        assert!(placed[..3].iter().all(|m| m["value"] == 6), "mutual musts come first: {run}");
        assert_eq!(placed.len(), 5, "three musts, a want+want and the accepted proposal: {run}");
        let not_placed = outcome["not_placed"].as_array().unwrap();
        assert_eq!(not_placed.len(), 1, "{run}");
        assert_eq!(pair(&not_placed[0]), (id_of(c1), id_of(b3)));
        assert_eq!(not_placed[0]["reason"], "no_common_free_slot");

        let all = app.list_meetings(&desk, &format!("event_id={event}&limit=100")).await.expect(200);
        let met = pairs(&all);
        assert!(!met.contains(&(id_of(c0), id_of(b2))), "a no_thanks pair is never scheduled");
        assert_eq!(met.len(), 5);
        assert!(all["items"].as_array().unwrap().iter().all(|m| m["status"] == "scheduled"));

        // Company 0's agenda and its calendar show its two meetings.
        let company = format!("company_id={}", c0.company_id.unwrap());
        let agenda = app.agenda(c0, &event, &company).await.expect(200);
        assert_eq!(agenda["items"].as_array().unwrap().len(), 2);
        let calendar = app.agenda(c0, &event, &company).header("accept", "text/calendar").await;
        assert_eq!(calendar.status.as_u16(), 200);
        let parsed: icalendar::Calendar = calendar.text().parse().expect("a valid iCalendar file");
        assert_eq!(parsed.components.iter().filter_map(|c| c.as_event()).count(), 2);

        // Re-running keeps what is scheduled and still explains the pair it cannot place.
        let again = app.auto_schedule(&desk, &event).json(&json!({"mode": "preference"})).await.expect(200);
        assert_eq!(again["scheduled"], 0, "{again}");
        assert_eq!(again["by_preference"]["not_placed"][0]["reason"], "no_common_free_slot");

        // The KPI tells how the held meetings came about.
        for m in all["items"].as_array().unwrap() {
            app.mark_meeting_held(&desk, m["id"].as_str().unwrap()).await.expect(200);
        }
        let by_origin = app
            .kpi_breakdown(&app.user(Role::Reviewer), "fiscal_year=2026&by=preference")
            .await
            .expect(200);
        let held_of = |key: &str| {
            by_origin["items"]
                .as_array()
                .unwrap()
                .iter()
                .find(|row| row["key"] == key)
                .map(|row| row["held"].clone())
        };
        assert_eq!(held_of("mutual_must"), Some(json!(3)), "{by_origin}");
        assert_eq!(held_of("mutual_wish"), Some(json!(1)), "{by_origin}");
        assert_eq!(held_of("no_wishes"), Some(json!(1)), "{by_origin}");
    }
);

/// An sme of an approved company that does not exhibit.
async fn approved_outsider(app: &TestApp) -> TestUser {
    crate::common::fixtures::approved_sme(app).await
}
