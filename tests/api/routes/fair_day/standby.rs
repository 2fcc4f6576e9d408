//! On the fair day: meetings start (the desk's start, or both sides checked in during the
//! slot), a no-show frees its slot, and the company's standby list fills it.

use sagamihara_match::auth::Role;
use serde_json::{json, Value};

use super::live::{at_table, fair_running_now};
use crate::api_test;
use crate::common::fixtures::{accepted_meeting, exhibitor, verified_buyer};
use crate::common::{TestApp, TestUser};

/// A meeting of `sme` with a new registered buyer, accepted but not placed.
async fn unplaced(app: &TestApp, event: &str, sme: &TestUser) -> (String, TestUser) {
    let buyer = verified_buyer(app).await;
    app.register_for_event(&buyer, event).await.expect(201);
    (accepted_meeting(app, event, sme, &buyer).await, buyer)
}

api_test! {
    async fn the_desk_starts_a_scheduled_meeting_once_and_the_board_stops_waiting(backend) {
        let app = TestApp::new(backend).await;
        let desk = app.user(Role::Desk);
        let (event, slot, tables) = fair_running_now(&app).await;
        let sme = exhibitor(&app, &event).await;
        let (meeting, buyer) = unplaced(&app, &event, &sme).await;
        // Only a scheduled meeting starts; only the desk starts it.
        app.start_meeting(&desk, &meeting).await.problem(409);
        app.schedule_meeting(&desk, &meeting, &json!({"slot_id": slot, "table_id": tables[0]})).await.expect(200);
        for party in [&sme, &buyer] {
            app.start_meeting(party, &meeting).await.problem(403);
        }
        let board = app.live_board(&desk, &event, "").await.expect(200);
        let before = &at_table(&board, "A1")["meeting"];
        assert_eq!((before["started"].clone(), before["probable_no_show"].clone()), (json!(false), json!(true)));

        let started = app.start_meeting(&desk, &meeting).await.expect(200);
        let at = started["started_at"].clone();
        assert!(at.is_string(), "{started}");
        let again = app.start_meeting(&app.user(Role::Admin), &meeting).await.expect(200);
        assert_eq!(again["started_at"], at, "the first start stands");
        let view = app.get_meeting(&sme, &meeting).await.expect(200);
        assert_eq!(view["started_at"], at);

        let board = app.live_board(&desk, &event, "").await.expect(200);
        let after = &at_table(&board, "A1")["meeting"];
        assert_eq!((after["started"].clone(), after["started_at"].clone()), (json!(true), at));
        assert_eq!((after["late"].clone(), after["probable_no_show"].clone()), (json!(false), json!(false)));
        // Not a no-show by itself: still scheduled until the desk marks it.
        assert_eq!(after["status"], "scheduled");
        assert_eq!(Value::Null, at_table(&board, "A2")["meeting"]);
    }
}

api_test! {
    async fn a_no_show_frees_the_slot_and_the_desk_books_the_standby_pair_that_fits(backend) {
        let app = TestApp::new(backend).await;
        let desk = app.user(Role::Desk);
        let (event, slot, tables) = fair_running_now(&app).await;
        let sme = exhibitor(&app, &event).await;
        let company = sme.company_id.unwrap();
        let (no_show, _) = unplaced(&app, &event, &sme).await;
        app.schedule_meeting(&desk, &no_show, &json!({"slot_id": slot, "table_id": tables[0]})).await.expect(200);
        let (standby, standby_buyer) = unplaced(&app, &event, &sme).await;
        // A buyer on the list who is busy in the slot with another company is not proposed.
        let (busy, busy_buyer) = unplaced(&app, &event, &sme).await;
        let other = exhibitor(&app, &event).await;
        let elsewhere = accepted_meeting(&app, &event, &other, &busy_buyer).await;
        app.schedule_meeting(&desk, &elsewhere, &json!({"slot_id": slot, "table_id": tables[1]})).await.expect(200);

        let list = app.standby(&desk, &event, &slot, company).await.expect(200);
        assert_eq!(list["proposals"], json!([]), "the company is busy in the slot");
        app.post(&format!("/api/v1/meetings/{no_show}/no-show")).by(&desk).send().await.expect(200);

        let list = app.standby(&sme, &event, &slot, company).await.expect(200);
        let proposals = list["proposals"].as_array().unwrap();
        let ids: Vec<&str> = proposals.iter().map(|p| p["meeting_id"].as_str().unwrap()).collect();
        assert_eq!(ids, [standby.as_str()], "not {busy}");
        let proposal = &proposals[0];
        assert_eq!(proposal["buyer"]["id"], standby_buyer.buyer_id.unwrap().to_string());
        assert_eq!(proposal["wish"], "none");
        assert_eq!(proposal["table_id"], tables[0].as_str(), "the no-show's table is free again");
        assert!(proposal["reasons"].as_array().unwrap().contains(&json!("buyer_free")));
        // Another company's member does not see this list.
        app.standby(&other, &event, &slot, company).await.problem(403);

        let booked = app
            .schedule_meeting(&desk, &standby, &json!({"slot_id": slot, "table_id": proposal["table_id"]}))
            .await
            .expect(200);
        assert_eq!(booked["status"], "scheduled");
        let mails = app
            .list_notifications(&app.user(Role::Admin), &format!("kind=meeting.scheduled&subject_id={standby}&limit=100"))
            .await
            .expect(200);
        let to: Vec<String> = mails["items"].as_array().unwrap().iter().map(|m| m.to_string()).collect();
        assert!(to.iter().any(|m| m.contains(&sme.email)), "the company is told: {to:?}");
        assert!(to.iter().any(|m| m.contains(&standby_buyer.email)), "the buyer is told: {to:?}");
        let list = app.standby(&desk, &event, &slot, company).await.expect(200);
        assert_eq!(list["proposals"], json!([]), "the slot is taken again");
    }
}

api_test! {
    async fn of_a_hundred_concurrent_standby_bookings_of_one_slot_exactly_one_wins(backend) {
        let app = TestApp::new(backend).await;
        let desk = app.user(Role::Desk);
        let (event, slot, _) = fair_running_now(&app).await;
        let labels: Vec<String> = (0..100).map(|n| format!("S{n:03}")).collect();
        let tables = app.create_tables(&desk, &event, &json!({"labels": labels})).await.expect(201);
        let tables: Vec<String> = tables.as_array().unwrap().iter().map(|t| t["id"].as_str().unwrap().to_owned()).collect();
        let sme = exhibitor(&app, &event).await;
        let mut meetings = Vec::new();
        for _ in 0..100 {
            let buyer = verified_buyer(&app).await;
            meetings.push(accepted_meeting(&app, &event, &sme, &buyer).await);
        }
        let list = app.standby(&desk, &event, &slot, sme.company_id.unwrap()).await.expect(200);
        assert_eq!(list["proposals"].as_array().unwrap().len(), 100);
        let bookings = meetings.iter().zip(&tables).map(|(meeting, table)| {
            app.schedule_meeting(&desk, meeting, &json!({"slot_id": slot, "table_id": table})).send()
        });
        let answers = futures_util::future::join_all(bookings).await;
        let won = answers.iter().filter(|a| a.status.as_u16() == 200).count();
        let lost: Vec<_> = answers.iter().filter(|a| a.status.as_u16() != 200).collect();
        assert_eq!(won, 1);
        assert_eq!(lost.len(), 99);
        for answer in lost {
            assert_eq!(answer.status.as_u16(), 409, "{}", answer.text());
            assert_eq!(answer.header("content-type"), Some("application/problem+json"));
        }
    }
}

api_test! {
    async fn a_buyer_who_blocked_the_slot_is_not_proposed_nor_the_company_if_it_blocked_it(backend) {
        let app = TestApp::new(backend).await;
        let desk = app.user(Role::Desk);
        let (event, slot, _) = fair_running_now(&app).await;
        let sme = exhibitor(&app, &event).await;
        let company = sme.company_id.unwrap();
        let (free, _) = unplaced(&app, &event, &sme).await;
        let (_, away) = unplaced(&app, &event, &sme).await;
        app.set_availability(&away, &event, &json!({"buyer_id": away.buyer_id.unwrap(), "blocked_slot_ids": [slot]}))
            .await
            .expect(200);
        let list = app.standby(&desk, &event, &slot, company).await.expect(200);
        let ids: Vec<&str> = list["proposals"].as_array().unwrap().iter().map(|p| p["meeting_id"].as_str().unwrap()).collect();
        assert_eq!(ids, [free.as_str()], "the buyer who blocked the slot is left out");
        // The company itself blocks the slot: nobody is proposed.
        app.set_availability(&sme, &event, &json!({"company_id": company, "blocked_slot_ids": [slot]}))
            .await
            .expect(200);
        let list = app.standby(&desk, &event, &slot, company).await.expect(200);
        assert_eq!(list["proposals"], json!([]));
    }
}
