//! Either side may propose: a company's proposal to a registered buyer, answered by the
//! buyer, told through the outbox; the event says who may initiate.

use sagamihara_match::auth::Role;
use serde_json::json;

use crate::api_test;
use crate::common::error_fields;
use crate::common::fixtures::{exhibitor, requested_meeting, trade_fair, verified_buyer};
use crate::common::TestApp;

api_test!(
    async fn a_company_proposes_to_a_registered_buyer_who_answers_it(backend) {
        let app = TestApp::new(backend).await;
        let event = trade_fair(&app, json!({"requires_acceptance": false})).await;
        let desk = app.user(Role::Desk);
        let sme = exhibitor(&app, &event).await;
        let buyer = verified_buyer(&app).await;
        let propose = |buyer_id| json!({"event_id": event, "buyer_id": buyer_id, "message": "May we show you our castings?"});
        // Only to buyers registered for the fair.
        let problem = app.request_meeting(&sme, &propose(buyer.buyer_id.unwrap())).await.problem(422);
        assert_eq!(error_fields(&problem), ["buyer_id"]);
        app.register_for_event(&buyer, &event).await.expect(201);
        // For its own company only.
        let mut for_other = propose(buyer.buyer_id.unwrap());
        for_other["company_id"] = json!(exhibitor(&app, &event).await.company_id.unwrap());
        app.request_meeting(&sme, &for_other).await.problem(422);

        // A proposal waits for the buyer even where requests are accepted on arrival.
        let proposal = app.request_meeting(&sme, &propose(buyer.buyer_id.unwrap())).await.expect(201);
        assert_eq!(proposal["status"], "requested");
        assert_eq!(proposal["initiated_by"], "company");
        let id = proposal["id"].as_str().unwrap();
        // One open request per pair, whichever side asked.
        let body = json!({"event_id": event, "company_id": sme.company_id.unwrap(), "message": "Hello"});
        app.request_meeting(&buyer, &body).await.problem(409);

        // The buyer's members are told, not the company's.
        let told = app
            .list_notifications(&desk, &format!("kind=meeting.proposed&subject_id={id}"))
            .await
            .expect(200);
        let recipients: Vec<_> = told["items"].as_array().unwrap().iter().map(|m| m["recipient_id"].clone()).collect();
        assert_eq!(recipients, [json!(buyer.id)]);

        // The side asked answers; the side that asked withdraws.
        app.accept_meeting(&sme, id).await.problem(403);
        app.withdraw_meeting(&buyer, id).await.problem(403);
        let declined = app.decline_meeting(&buyer, id).await.expect(200);
        assert_eq!(declined["status"], "declined");
        let answer = app
            .list_notifications(&desk, &format!("kind=meeting.declined&subject_id={id}"))
            .await
            .expect(200);
        let recipients: Vec<_> = answer["items"].as_array().unwrap().iter().map(|m| m["recipient_id"].clone()).collect();
        assert_eq!(recipients, [json!(sme.id)]);

        let again = app.request_meeting(&sme, &propose(buyer.buyer_id.unwrap())).await.expect(201);
        let again = again["id"].as_str().unwrap();
        let withdrawn = app.withdraw_meeting(&sme, again).await.expect(200);
        assert_eq!(withdrawn["status"], "withdrawn");
        // A buyer's own request keeps its rules: the company answers.
        let request = requested_meeting(&app, &buyer, &event, &sme).await;
        assert_eq!(request["initiated_by"], "buyer");
        assert_eq!(request["status"], "accepted", "this fair accepts requests on arrival");
    }
);

api_test!(
    async fn the_event_says_who_may_initiate(backend) {
        let app = TestApp::new(backend).await;
        let event = trade_fair(&app, json!({"initiators": "buyers"})).await;
        let sme = exhibitor(&app, &event).await;
        let buyer = verified_buyer(&app).await;
        app.register_for_event(&buyer, &event).await.expect(201);
        let proposal = json!({"event_id": event, "buyer_id": buyer.buyer_id.unwrap(), "message": "Hello"});
        app.request_meeting(&sme, &proposal).await.problem(403);
        requested_meeting(&app, &buyer, &event, &sme).await;

        let companies_only = trade_fair(&app, json!({"initiators": "companies", "name": "Companies ask"})).await;
        let exhibiting = exhibitor(&app, &companies_only).await;
        app.register_for_event(&buyer, &companies_only).await.expect(201);
        let request = json!({"event_id": companies_only, "company_id": exhibiting.company_id.unwrap(), "message": "Hello"});
        app.request_meeting(&buyer, &request).await.problem(403);
        let proposal = json!({"event_id": companies_only, "buyer_id": buyer.buyer_id.unwrap(), "message": "Hello"});
        app.request_meeting(&exhibiting, &proposal).await.expect(201);
        // The desk always may.
        let desk = app.user(Role::Desk);
        let on_behalf = json!({"event_id": companies_only, "company_id": exhibiting.company_id.unwrap(),
                               "buyer_id": verified_buyer(&app).await.buyer_id.unwrap(), "message": "Hello"});
        let by_desk = app.request_meeting(&desk, &on_behalf).await.expect(201);
        assert_eq!(by_desk["initiated_by"], "desk");
        let event_view = app.get(&format!("/api/v1/events/{companies_only}")).await.expect(200);
        assert_eq!(event_view["initiators"], "companies");
    }
);
