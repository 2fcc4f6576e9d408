//! Buyer organisations: their profile, the desk's verification, recommendations.

use sagamihara_match::auth::Role;
use serde_json::json;

use crate::api_test;
use crate::common::fixtures::{
    accepted_meeting, add_capability, approved_sme, capability, exhibitor, trade_fair,
    verified_buyer,
};
use crate::common::verbs::ANONYMOUS;
use crate::common::{error_fields, TestApp};

api_test!(
    async fn buyers_are_verified_by_the_desk_and_see_only_themselves(backend) {
        let app = TestApp::new(backend).await;
        let buyer = app.user(Role::Buyer);
        let other = app.new_user(Role::Buyer);
        let own = app.get_buyer(&buyer, buyer.buyer_id.unwrap()).await.expect(200);
        assert_eq!(own["verified"], false);
        app.get_buyer(&buyer, other.buyer_id.unwrap()).await.problem(404);
        app.update_buyer(&buyer, other.buyer_id.unwrap(), &json!({"name": "Taken over"}))
            .await
            .problem(404);
        let problem = app
            .update_buyer(&buyer, buyer.buyer_id.unwrap(), &json!({"country": "Thailand", "website": "ftp://example.com", "languages": ["xx"]}))
            .await
            .problem(422);
        assert_eq!(error_fields(&problem), ["country", "website", "languages[0]"]);
        app.update_buyer(&buyer, buyer.buyer_id.unwrap(), &json!({"verified": true}))
            .await
            .problem(422);
        app.verify_buyer(&buyer, buyer.buyer_id.unwrap()).await.problem(403);
        let desk = app.user(Role::Desk);
        let verified = app.verify_buyer(&desk, buyer.buyer_id.unwrap()).await.expect(200);
        assert_eq!(verified["verified"], true);
        app.verify_buyer(&desk, buyer.buyer_id.unwrap()).await.problem(409);
        let listed = app.list_buyers(&desk, "verified=true").await.expect(200);
        assert_eq!(listed["items"].as_array().unwrap().len(), 1);
        app.list_buyers(&buyer, "").await.problem(403);
    }
);

api_test!(
    async fn recommendations_are_deterministic_and_explain_themselves(backend) {
        let app = TestApp::new(backend).await;
        let sme = approved_sme(&app).await;
        let mut described = capability("樹脂成形", "Injection moulding", "plastics", &[]);
        described["description_en"] = json!("Medical-grade resin parts");
        add_capability(&app, &sme, described).await;
        add_capability(&app, &sme, capability("医療機器組立", "Medical device assembly", "assembly", &["medical"])).await;
        add_capability(&app, &sme, capability("板金", "Sheet metal", "stamping", &[])).await;
        let buyer = app.user(Role::Buyer);
        app.update_buyer(&buyer, buyer.buyer_id.unwrap(), &json!({"interests": {"categories": ["assembly"], "tags": ["medical"]}}))
            .await
            .expect(200);
        let first = app.buyer_recommendations(&buyer, buyer.buyer_id.unwrap()).await.expect(200);
        let again = app.buyer_recommendations(&buyer, buyer.buyer_id.unwrap()).await.expect(200);
        assert_eq!(first, again);
        let items = first["items"].as_array().unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0]["capability"]["title_en"], "Medical device assembly");
        assert_eq!(items[0]["reasons"], json!(["category: assembly", "tag: medical"]));
        assert_eq!(items[1]["capability"]["title_en"], "Injection moulding");
        assert_eq!(items[1]["reasons"], json!(["text: medical"]));
        let other = app.new_user(Role::Buyer);
        app.buyer_recommendations(&other, buyer.buyer_id.unwrap()).await.problem(404);
        app.buyer_recommendations(ANONYMOUS, buyer.buyer_id.unwrap()).await.problem(401);
    }
);

api_test!(
    async fn recommendations_skip_companies_already_met(backend) {
        let app = TestApp::new(backend).await;
        let event = trade_fair(&app, json!({})).await;
        let desk = app.user(Role::Desk);
        let sme = exhibitor(&app, &event).await;
        app.create_capability(&sme, sme.company_id.unwrap(), &json!({"title_ja": "切削", "title_en": "Milling", "category": "machining", "status": "published"}))
            .await
            .expect(201);
        let buyer = verified_buyer(&app).await;
        app.update_buyer(&buyer, buyer.buyer_id.unwrap(), &json!({"interests": {"categories": ["machining"]}}))
            .await
            .expect(200);
        assert_eq!(app.buyer_recommendations(&buyer, buyer.buyer_id.unwrap()).await.expect(200)["items"].as_array().unwrap().len(), 1);
        let meeting = accepted_meeting(&app, &event, &sme, &buyer).await;
        app.mark_meeting_held(&desk, &meeting).await.expect(200);
        assert!(app.buyer_recommendations(&buyer, buyer.buyer_id.unwrap()).await.expect(200)["items"].as_array().unwrap().is_empty());
    }
);
