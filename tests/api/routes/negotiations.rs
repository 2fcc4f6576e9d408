//! A held meeting's negotiation: its record, each side's reports, follow-up contacts.

use sagamihara_match::auth::Role;
use serde_json::json;

use crate::api_test;
use crate::common::fixtures::{
    accepted_meeting, exhibitor, held_meeting, tokyo_fair, verified_buyer,
};
use crate::common::{error_fields, TestApp};

api_test!(
    async fn outcomes_are_validated_and_amounts_stay_with_their_parties(backend) {
        let app = TestApp::new(backend).await;
        let (event, slots, tables) = tokyo_fair(&app).await;
        let sme = exhibitor(&app, &event).await;
        let (meeting, buyer) = held_meeting(&app, &event, &sme, &slots[1], &tables[0]).await;
        for (body, field) in [
            (json!({"status": "won", "closed_on": "2021-06-01"}), "amount_minor"),
            (json!({"status": "won", "amount_minor": 100, "currency": "USD", "closed_on": "2021-06-01"}), "exchange_rate"),
            (json!({"status": "won", "amount_minor": 100, "currency": "usd", "exchange_rate": "150", "closed_on": "2021-06-01"}), "currency"),
            (json!({"status": "won", "amount_minor": 100, "currency": "USD", "exchange_rate": "-3", "closed_on": "2021-06-01"}), "exchange_rate"),
            (json!({"status": "won", "amount_minor": 10000, "currency": "USD", "exchange_rate": "150", "amount_jpy": 1, "closed_on": "2021-06-01"}), "amount_jpy"),
            (json!({"status": "lost"}), "closed_on"),
            (json!({"status": "prospect", "closed_on": "2021-06-01"}), "closed_on"),
            (json!({"status": "won", "amount_minor": 1, "currency": "JPY", "closed_on": "2999-01-01"}), "closed_on"),
            (json!({"status": "won", "amount_minor": -5, "currency": "JPY", "closed_on": "2021-06-01"}), "amount_minor"),
        ] {
            let problem = app.record_negotiation(&sme, &meeting, &body).await.problem(422);
            let fields: Vec<String> = error_fields(&problem);
            assert!(fields.contains(&field.to_owned()), "{body}: {problem}");
        }
        app.record_negotiation(&sme, &meeting, &json!({"status": "won", "amount_minor": 1, "currency": "JPY", "closed_on": "2021-06-01", "probability": 1})).await.problem(422);
        // A meeting not held has no negotiation.
        let pending = accepted_meeting(&app, &event, &sme, &verified_buyer(&app).await).await;
        let problem = app.get_negotiation(&sme, &pending).await.problem(409);
        assert_eq!(problem["current_status"], "accepted");
        // The buyer reads its own meeting's negotiation but does not edit the record.
        app.get_negotiation(&buyer, &meeting).await.expect(200);
        app.record_negotiation(&buyer, &meeting, &json!({"status": "prospect"})).await.problem(403);
        // Others' amounts are not visible: another buyer, another company, a reviewer.
        let stranger = verified_buyer(&app).await;
        app.get_negotiation(&stranger, &meeting).await.problem(404);
        app.get_negotiation(&app.new_user(Role::Sme), &meeting).await.problem(404);
        app.get_negotiation(&app.user(Role::Reviewer), &meeting).await.problem(403);
        app.list_negotiations(&app.user(Role::Reviewer), "").await.problem(403);
        let own = app.list_negotiations(&stranger, "").await.expect(200);
        assert!(own["items"].as_array().unwrap().is_empty());
        let mine = app.list_negotiations(&buyer, "").await.expect(200);
        assert_eq!(mine["items"].as_array().unwrap().len(), 1);
        // A closed negotiation is corrected by the desk only.
        app.record_negotiation(&sme, &meeting, &json!({"status": "lost", "closed_on": "2021-06-01"})).await.expect(200);
        let problem = app.record_negotiation(&sme, &meeting, &json!({"status": "prospect"})).await.problem(409);
        assert_eq!(problem["current_status"], "lost");
        app.record_negotiation(&app.user(Role::Desk), &meeting, &json!({"status": "prospect"})).await.expect(200);
        // Each side reports for itself.
        app.report_outcome(&buyer, &meeting, &json!({"side": "company", "status": "open"})).await.problem(403);
        app.report_outcome(&app.user(Role::Desk), &meeting, &json!({"status": "open"})).await.problem(422);
        app.confirm_report(&sme, &meeting, &json!({"report_id": uuid::Uuid::now_v7()})).await.problem(403);
        app.confirm_report(&app.user(Role::Desk), &meeting, &json!({"report_id": uuid::Uuid::now_v7()})).await.problem(422);
    }
);

api_test!(
    async fn follow_up_contacts_are_logged_by_the_company_and_the_desk(backend) {
        let app = TestApp::new(backend).await;
        let (event, slots, tables) = tokyo_fair(&app).await;
        let sme = exhibitor(&app, &event).await;
        let (meeting, buyer) = held_meeting(&app, &event, &sme, &slots[1], &tables[0]).await;
        app.log_contact(&sme, &meeting, &json!({"contacted_on": "2021-05-10", "channel": "video", "summary": "Quoted 5,000 units"})).await.expect(201);
        app.log_contact(&app.user(Role::Desk), &meeting, &json!({"contacted_on": "2021-04-20", "channel": "email", "summary": "Sent the catalogue"})).await.expect(201);
        app.log_contact(&buyer, &meeting, &json!({"contacted_on": "2021-04-21", "channel": "email", "summary": "x"})).await.problem(403);
        app.log_contact(&sme, &meeting, &json!({"contacted_on": "2021-04-21", "channel": "fax", "summary": "x"})).await.problem(422);
        let log = app.list_contacts(&sme, &meeting).await.expect(200);
        let summaries: Vec<&str> = log.as_array().unwrap().iter().map(|c| c["summary"].as_str().unwrap()).collect();
        assert_eq!(summaries, ["Sent the catalogue", "Quoted 5,000 units"]);
    }
);
