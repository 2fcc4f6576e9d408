//! The consortium: the desk keeps its members and their contacts; the public sees names and
//! kinds only; a forum names the members taking part, with experts speaking for them.

use sagamihara_match::auth::Role;
use serde_json::json;

use crate::api_test;
use crate::common::fixtures::trade_fair;
use crate::common::{error_fields, TestApp};

api_test! {
    async fn the_desk_keeps_members_and_contacts_and_the_public_sees_names_only(backend) {
        let app = TestApp::new(backend).await;
        let desk = app.user(Role::Desk);
        let university = app.post("/api/v1/consortium/members").by(&desk).json(&json!({"name_ja": "相模原工科大学", "name_en": "Sagamihara Institute of Technology", "kind": "university"})).send().await.expect(201);
        let id = university["id"].as_str().unwrap();
        app.post("/api/v1/consortium/members").by(&desk).json(&json!({"name_ja": "鈴木 一郎", "name_en": "Ichiro Suzuki", "kind": "expert"})).send().await.expect(201);
        let contact = app.post(&format!("/api/v1/consortium/members/{id}/contacts")).by(&desk).json(&json!({"name": "山田 花子", "email": " Hanako@Example.ac.jp ", "phone": "042-000-0000", "title": "教授"})).send().await.expect(201);
        assert_eq!(contact["email"], "hanako@example.ac.jp");
        app.post(&format!("/api/v1/consortium/members/{id}/contacts")).by(&desk).json(&json!({"name": "x", "email": "not an address"})).send().await.problem(422);

        let public = app.get("/api/v1/consortium").send().await.expect(200);
        assert_eq!(public, json!([
            {"name_ja": "鈴木 一郎", "name_en": "Ichiro Suzuki", "kind": "expert"},
            {"name_ja": "相模原工科大学", "name_en": "Sagamihara Institute of Technology", "kind": "university"},
        ]), "by kind, names and kinds only");
        let text = app.get("/api/v1/consortium").send().await.text();
        for private in ["hanako", "042-000-0000", "教授", "山田"] {
            assert!(!text.contains(private), "{private} is public: {text}");
        }

        let contact_id = contact["id"].as_str().unwrap();
        let changed = app.patch(&format!("/api/v1/consortium/contacts/{contact_id}")).by(&desk).json(&json!({"phone": null, "title": "准教授"})).send().await.expect(200);
        assert_eq!(changed["phone"], serde_json::Value::Null);
        assert_eq!(changed["title"], "准教授");
        let member = app.get(&format!("/api/v1/consortium/members/{id}")).by(&desk).send().await.expect(200);
        assert_eq!(member["contacts"][0]["title"], "准教授");
        let renamed = app.patch(&format!("/api/v1/consortium/members/{id}")).by(&desk).json(&json!({"kind": "support_body"})).send().await.expect(200);
        assert_eq!(renamed["kind"], "support_body");
        assert_eq!(renamed["name_en"], "Sagamihara Institute of Technology");
        // The audit log says which contact fields changed, never their values.
        let audit = app.get(&format!("/api/v1/audit?entity=consortium_contact&entity_id={contact_id}")).by(&app.user(Role::Admin)).send().await.expect(200);
        let logged = audit.to_string();
        assert!(logged.contains("phone") && logged.contains("title"), "{logged}");
        assert!(!logged.contains("准教授") && !logged.contains("hanako"), "{logged}");

        app.delete(&format!("/api/v1/consortium/contacts/{contact_id}")).by(&desk).send().await.expect(204);
        app.delete(&format!("/api/v1/consortium/members/{id}")).by(&desk).send().await.expect(204);
        app.get(&format!("/api/v1/consortium/members/{id}")).by(&desk).send().await.problem(404);
        assert_eq!(app.get("/api/v1/consortium").send().await.expect(200).as_array().unwrap().len(), 1);
    }
}

api_test! {
    async fn a_forum_names_consortium_members_with_experts_as_speakers(backend) {
        let app = TestApp::new(backend).await;
        let desk = app.user(Role::Desk);
        let expert = app.user(Role::Expert);
        let member = app.post("/api/v1/consortium/members").by(&desk).json(&json!({"name_ja": "相模原信用金庫", "name_en": "Sagamihara Shinkin Bank", "kind": "financial_institution"})).send().await.expect(201);
        let member = member["id"].as_str().unwrap().to_owned();
        let forum = app.post("/api/v1/events").by(&desk).json(&json!({"kind": "forum", "name": "AI forum", "city": "Sagamihara", "country": "JP", "venue": "Hall", "time_zone": "Asia/Tokyo", "starts_on": "2027-02-01", "ends_on": "2027-02-01"})).send().await.expect(201);
        let forum = forum["id"].as_str().unwrap().to_owned();
        let path = format!("/api/v1/events/{forum}/consortium");
        assert_eq!(app.get(&path).send().await.expect(200)["members"], json!([]));

        let set = app.put(&path).by(&desk).json(&json!({"members": [{"member_id": member, "speaker_user_id": expert.id}]})).send().await.expect(200);
        assert_eq!(set["members"][0]["speaker"]["user_id"], expert.id.to_string());
        assert_eq!(set["members"][0]["name_en"], "Sagamihara Shinkin Bank");
        assert_eq!(app.get(&path).send().await.expect(200), set, "public, the same as the desk set it");

        // A speaker is an expert; each member once and one of the consortium's.
        let refused = app.put(&path).by(&desk).json(&json!({"members": [{"member_id": member, "speaker_user_id": app.user(Role::Reviewer).id}]})).send().await.problem(422);
        assert_eq!(error_fields(&refused), ["members[0].speaker_user_id"]);
        let refused = app.put(&path).by(&desk).json(&json!({"members": [{"member_id": member}, {"member_id": member}, {"member_id": uuid::Uuid::now_v7()}]})).send().await.problem(422);
        assert_eq!(error_fields(&refused), ["members[1].member_id", "members[2].member_id"]);
        assert_eq!(app.get(&path).send().await.expect(200), set, "a refused change changes nothing");

        // Only a forum takes consortium members.
        let fair = trade_fair(&app, json!({})).await;
        app.put(&format!("/api/v1/events/{fair}/consortium")).by(&desk).json(&json!({"members": [{"member_id": member}]})).send().await.problem(422);

        app.delete(&format!("/api/v1/consortium/members/{member}")).by(&desk).send().await.problem(409);
        app.put(&path).by(&desk).json(&json!({"members": []})).send().await.expect(200);
        app.delete(&format!("/api/v1/consortium/members/{member}")).by(&desk).send().await.expect(204);
    }
}
