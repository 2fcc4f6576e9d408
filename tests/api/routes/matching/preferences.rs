//! `GET/PUT /events/{id}/preferences`: the whole list, its rules and its deadline.

use sagamihara_match::auth::Role;
use serde_json::json;

use crate::api_test;
use crate::common::error_fields;
use crate::common::fixtures::{exhibitor, job_fair, trade_fair, verified_buyer};
use crate::common::TestApp;

api_test!(
    async fn members_set_their_whole_list_until_the_close_and_the_desk_after(backend) {
        let app = TestApp::new(backend).await;
        let event = trade_fair(&app, json!({"preferences_close_at": "2099-01-01T00:00:00Z"})).await;
        let desk = app.user(Role::Desk);
        let company = exhibitor(&app, &event).await;
        let other = exhibitor(&app, &event).await;
        let buyer = verified_buyer(&app).await;
        let stranger = verified_buyer(&app).await;
        app.register_for_event(&buyer, &event).await.expect(201);
        // A buyer that has not registered has no wishes at the fair.
        app.get_preferences(&stranger, &event, "").await.problem(404);

        let list = json!({"preferences": [
            {"counterpart_id": company.company_id.unwrap(), "level": "must"},
            {"counterpart_id": other.company_id.unwrap(), "level": "no_thanks"}
        ]});
        let set = app.put_preferences(&buyer, &event, &list).await.expect(200);
        assert_eq!(set["preferences"].as_array().unwrap().len(), 2);
        assert_eq!(set["buyer_id"], json!(buyer.buyer_id.unwrap()));
        // The whole list is replaced.
        let one = json!({"preferences": [{"counterpart_id": other.company_id.unwrap(), "level": "want"}]});
        app.put_preferences(&buyer, &event, &one).await.expect(200);
        let read = app.get_preferences(&buyer, &event, "").await.expect(200);
        assert_eq!(read["preferences"], json!([{"counterpart_id": other.company_id.unwrap(), "level": "want"}]));

        // Each counterpart once, and one that takes part in the fair.
        let twice = json!({"preferences": [
            {"counterpart_id": company.company_id.unwrap(), "level": "must"},
            {"counterpart_id": company.company_id.unwrap(), "level": "want"}
        ]});
        let problem = app.put_preferences(&buyer, &event, &twice).await.problem(422);
        assert_eq!(error_fields(&problem), ["preferences[1].counterpart_id"]);
        let unregistered = json!({"preferences": [{"counterpart_id": stranger.buyer_id.unwrap(), "level": "must"}]});
        let problem = app.put_preferences(&company, &event, &unregistered).await.problem(422);
        assert_eq!(error_fields(&problem), ["preferences[0].counterpart_id"]);
        let problem = app
            .put_preferences(&company, &event, &json!({"preferences": [{"counterpart_id": buyer.buyer_id.unwrap(), "level": "bogus"}]}))
            .await
            .problem(422);
        assert_eq!(error_fields(&problem), ["preferences[0].level"]);
        // The desk names exactly one side.
        app.put_preferences(&desk, &event, &one).await.problem(422);

        // After the close members read only; the desk may still edit.
        let mut settings = app.get(&format!("/api/v1/events/{event}")).await.expect(200);
        for key in ["id", "created_at", "updated_at"] {
            settings.as_object_mut().unwrap().remove(key);
        }
        settings["preferences_close_at"] = json!("2020-01-01T00:00:00Z");
        app.update_event(&desk, &event, &settings).await.expect(200);
        let read = app.get_preferences(&buyer, &event, "").await.expect(200);
        assert_eq!(read["editable"], false);
        app.put_preferences(&buyer, &event, &list).await.problem(409);
        let by_desk = json!({"buyer_id": buyer.buyer_id.unwrap(), "preferences": list["preferences"]});
        app.put_preferences(&desk, &event, &by_desk).await.expect(200);
        // Every change is in the audit log.
        let audit = app
            .audit_log(&app.user(Role::Admin), &format!("entity=match_preferences&entity_id={}", buyer.buyer_id.unwrap()))
            .await
            .expect(200);
        assert_eq!(audit["items"].as_array().unwrap().len(), 3, "{audit}");

        // Wishes are for trade fairs.
        let seminar = job_fair(&app).await;
        app.get_preferences(&buyer, &seminar, "").await.problem(409);
    }
);
