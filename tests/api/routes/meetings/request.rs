//! Meeting requests: `POST /meetings`, who may ask whom, and the limits.

use sagamihara_match::auth::Role;
use serde_json::json;

use crate::api_test;
use crate::common::fixtures::{exhibitor, requested_meeting, trade_fair, verified_buyer};
use crate::common::verbs::ANONYMOUS;
use crate::common::{error_fields, TestApp};

api_test!(
    async fn one_open_request_per_pair_and_per_event_limits(backend) {
        let app = TestApp::new(backend).await;
        let event = trade_fair(&app, json!({"max_meetings_per_buyer": 2, "max_meetings_per_company": 3})).await;
        let sme = exhibitor(&app, &event).await;
        let buyer = verified_buyer(&app).await;
        let first = requested_meeting(&app, &buyer, &event, &sme).await;
        app.request_meeting(&buyer, &json!({"event_id": event, "company_id": sme.company_id.unwrap(), "message": "Again"}))
            .await
            .problem(409);
        // Withdrawn, the pair may ask again.
        app.withdraw_meeting(&buyer, first["id"].as_str().unwrap()).await.expect(200);
        requested_meeting(&app, &buyer, &event, &sme).await;
        let second_company = exhibitor(&app, &event).await;
        requested_meeting(&app, &buyer, &event, &second_company).await;
        let third_company = exhibitor(&app, &event).await;
        let problem = app
            .request_meeting(&buyer, &json!({"event_id": event, "company_id": third_company.company_id.unwrap(), "message": "Third"}))
            .await
            .problem(409);
        assert!(problem["detail"].as_str().unwrap().contains("limit of 2"), "{problem}");
        for _ in 0..2 {
            let other_buyer = verified_buyer(&app).await;
            requested_meeting(&app, &other_buyer, &event, &sme).await;
        }
        let late = verified_buyer(&app).await;
        let problem = app
            .request_meeting(&late, &json!({"event_id": event, "company_id": sme.company_id.unwrap(), "message": "Late"}))
            .await
            .problem(409);
        assert!(problem["detail"].as_str().unwrap().contains("limit of 3"), "{problem}");
    }
);

api_test!(
    async fn only_verified_buyers_request_and_only_exhibitors_are_asked(backend) {
        let app = TestApp::new(backend).await;
        let event = trade_fair(&app, json!({})).await;
        let sme = exhibitor(&app, &event).await;
        let unverified = app.new_user(Role::Buyer);
        let body = json!({"event_id": event, "company_id": sme.company_id.unwrap(), "message": "Hello"});
        app.request_meeting(&unverified, &body).await.problem(403);
        // A company proposes only by naming a buyer (routes::matching covers proposals).
        let problem = app.request_meeting(&sme, &body).await.problem(422);
        assert_eq!(error_fields(&problem), ["buyer_id"]);
        app.request_meeting(ANONYMOUS, &body).await.problem(401);
        let buyer = verified_buyer(&app).await;
        let outsider = app.new_user(Role::Sme);
        let problem = app
            .request_meeting(&buyer, &json!({"event_id": event, "company_id": outsider.company_id.unwrap(), "message": "Hello"}))
            .await
            .problem(422);
        assert_eq!(error_fields(&problem), ["company_id"]);
        // The desk requests on a buyer's behalf, naming it.
        let desk = app.user(Role::Desk);
        app.request_meeting(&desk, &body).await.problem(422);
        let mut on_behalf = body.clone();
        on_behalf["buyer_id"] = json!(buyer.buyer_id.unwrap());
        let created = app.request_meeting(&desk, &on_behalf).await.expect(201);
        assert_eq!(created["buyer"]["id"], json!(buyer.buyer_id.unwrap()));
        // An auto-accepting fair accepts on arrival.
        let auto = trade_fair(&app, json!({"requires_acceptance": false, "name": "Auto"})).await;
        let sme2 = exhibitor(&app, &auto).await;
        assert_eq!(requested_meeting(&app, &buyer, &auto, &sme2).await["status"], "accepted");
    }
);
