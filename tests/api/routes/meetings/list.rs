//! Meeting lists: `GET /meetings`, scoped to the caller.

use sagamihara_match::auth::Role;
use serde_json::{json, Value};

use crate::api_test;
use crate::common::fixtures::{exhibitor, requested_meeting, trade_fair, verified_buyer};
use crate::common::verbs::ANONYMOUS;
use crate::common::TestApp;

api_test!(
    async fn meeting_lists_show_each_caller_only_its_own(backend) {
        let app = TestApp::new(backend).await;
        let event = trade_fair(&app, json!({})).await;
        let sme = exhibitor(&app, &event).await;
        let other_sme = exhibitor(&app, &event).await;
        let buyer = verified_buyer(&app).await;
        let other_buyer = verified_buyer(&app).await;
        requested_meeting(&app, &buyer, &event, &sme).await;
        requested_meeting(&app, &other_buyer, &event, &other_sme).await;
        requested_meeting(&app, &buyer, &event, &other_sme).await;
        let count = |v: Value| v["items"].as_array().unwrap().len();
        assert_eq!(count(app.list_meetings(&sme, "").await.expect(200)), 1);
        assert_eq!(count(app.list_meetings(&other_sme, "").await.expect(200)), 2);
        assert_eq!(count(app.list_meetings(&buyer, "").await.expect(200)), 2);
        // Asking for someone else's does not widen the view.
        let others = format!("company_id={}", other_sme.company_id.unwrap());
        assert_eq!(count(app.list_meetings(&sme, &others).await.expect(200)), 1);
        assert_eq!(count(app.list_meetings(&app.user(Role::Reviewer), &others).await.expect(200)), 2);
        assert_eq!(count(app.list_meetings(&app.user(Role::Desk), "").await.expect(200)), 3);
        app.list_meetings(&app.user(Role::Candidate), "").await.problem(403);
        app.list_meetings(ANONYMOUS, "").await.problem(401);
    }
);
