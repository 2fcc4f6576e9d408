//! Who may read and set whose wishes and suggestions, and who sees a fair's buyers: every
//! new route × every caller, with their own and other parties' ids.

use sagamihara_match::auth::Role;
use serde_json::json;

use crate::api_test;
use crate::common::fixtures::{approved_sme, exhibitor, trade_fair, verified_buyer};
use crate::common::verbs::ANONYMOUS;
use crate::common::{TestApp, TestUser};

api_test!(
    async fn each_sides_wishes_and_suggestions_are_its_own_and_the_fairs_buyers_are_for_exhibitors(backend) {
        let app = TestApp::new(backend).await;
        let event = trade_fair(&app, json!({})).await;
        let company = exhibitor(&app, &event).await;
        let other_company = exhibitor(&app, &event).await;
        let outsider = approved_sme(&app).await;
        let buyer = verified_buyer(&app).await;
        let other_buyer = verified_buyer(&app).await;
        for b in [&buyer, &other_buyer] {
            app.register_for_event(b, &event).await.expect(201);
        }
        // Both sides have wishes about each other, including a no_thanks.
        app.put_preferences(&company, &event, &json!({"preferences": [{"counterpart_id": buyer.buyer_id.unwrap(), "level": "must"}]}))
            .await
            .expect(200);
        app.put_preferences(&buyer, &event, &json!({"preferences": [{"counterpart_id": company.company_id.unwrap(), "level": "no_thanks"}]}))
            .await
            .expect(200);

        let own_company = format!("company_id={}", company.company_id.unwrap());
        let own_buyer = format!("buyer_id={}", buyer.buyer_id.unwrap());
        let callers: Vec<(&str, Option<TestUser>)> = vec![
            ("anonymous", None),
            ("company", Some(company.clone())),
            ("other_company", Some(other_company)),
            ("outsider", Some(outsider)),
            ("buyer", Some(buyer.clone())),
            ("other_buyer", Some(other_buyer)),
            ("reviewer", Some(app.user(Role::Reviewer))),
            ("candidate", Some(app.user(Role::Candidate))),
            ("desk", Some(app.user(Role::Desk))),
            ("admin", Some(app.user(Role::Admin))),
        ];
        // caller: (fair buyers, company's wishes, buyer's wishes, company's matches, buyer's matches)
        let expected = [
            ("anonymous", [401, 401, 401, 401, 401]),
            ("company", [200, 200, 403, 200, 403]),
            ("other_company", [200, 403, 403, 403, 403]),
            ("outsider", [403, 403, 403, 403, 403]),
            ("buyer", [403, 403, 200, 403, 200]),
            ("other_buyer", [403, 403, 403, 403, 403]),
            ("reviewer", [403, 403, 403, 403, 403]),
            ("candidate", [403, 403, 403, 403, 403]),
            ("desk", [200, 200, 200, 200, 200]),
            ("admin", [200, 200, 200, 200, 200]),
        ];
        for ((name, user), (expected_name, statuses)) in callers.iter().zip(expected) {
            assert_eq!(*name, expected_name);
            let got = match user {
                Some(user) => [
                    app.list_fair_buyers(user, &event).await.status.as_u16(),
                    app.get_preferences(user, &event, &own_company).await.status.as_u16(),
                    app.get_preferences(user, &event, &own_buyer).await.status.as_u16(),
                    app.list_matches(user, &event, &own_company).await.status.as_u16(),
                    app.list_matches(user, &event, &own_buyer).await.status.as_u16(),
                ],
                None => [
                    app.list_fair_buyers(ANONYMOUS, &event).await.status.as_u16(),
                    app.get_preferences(ANONYMOUS, &event, &own_company).await.status.as_u16(),
                    app.get_preferences(ANONYMOUS, &event, &own_buyer).await.status.as_u16(),
                    app.list_matches(ANONYMOUS, &event, &own_company).await.status.as_u16(),
                    app.list_matches(ANONYMOUS, &event, &own_buyer).await.status.as_u16(),
                ],
            };
            assert_eq!(got, statuses, "{name}: buyers, company wishes, buyer wishes, company matches, buyer matches");
            // Setting someone else's list is refused like reading it.
            if let Some(user) = user {
                let put = app
                    .put_preferences(user, &event, &json!({"buyer_id": buyer.buyer_id.unwrap(), "preferences": []}))
                    .await
                    .status
                    .as_u16();
                let may = matches!(*name, "buyer" | "desk" | "admin");
                assert_eq!(put == 200, may, "{name} put the buyer's wishes: {put}");
                if may {
                    // Put the no_thanks back for the next caller.
                    app.put_preferences(user, &event, &json!({"buyer_id": buyer.buyer_id.unwrap(), "preferences": [{"counterpart_id": company.company_id.unwrap(), "level": "no_thanks"}]}))
                        .await
                        .expect(200);
                }
            }
        }
        // A company cannot read the wishes of a buyer about it, whichever way it asks, and
        // its suggestions do not give them away.
        let refused = app.get_preferences(&company, &event, &own_buyer).await.problem(403);
        assert!(!refused.to_string().contains("no_thanks"));
        let matches = app.list_matches(&company, &event, "").await.expect(200);
        assert!(!matches.to_string().contains("no_thanks"));
        let own = app.get_preferences(&company, &event, "").await.expect(200);
        assert_eq!(own["preferences"], json!([{"counterpart_id": buyer.buyer_id.unwrap(), "level": "must"}]));
    }
);
