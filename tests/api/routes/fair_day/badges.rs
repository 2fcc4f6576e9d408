//! Badges: the desk and the participant itself see its check-in code and QR code; nobody
//! else does. The registration's confirmation mail carries the code.

use std::time::Duration;

use sagamihara_match::auth::Role;
use serde_json::json;

use crate::common::fixtures::{
    exhibitor, job_fair, self_registered_candidate, trade_fair, verified_buyer,
};
use crate::common::smtp::SmtpSink;
use crate::common::verbs::ANONYMOUS;
use crate::common::TestApp;
use crate::{api_test, mail_test};

api_test! {
    async fn the_desk_and_the_participant_itself_get_the_badge_and_its_qr_code(backend) {
        let app = TestApp::new(backend).await;
        let desk = app.user(Role::Desk);
        let event = trade_fair(&app, json!({})).await;
        let sme = exhibitor(&app, &event).await;
        let colleague = app.colleague_of(&sme);
        let company = sme.company_id.unwrap();
        let buyer = verified_buyer(&app).await;
        app.register_for_event(&buyer, &event).await.expect(201);

        let by_desk = app.get_badge(&desk, &event, company).await.expect(200);
        assert_eq!(by_desk["participant_id"], company.to_string());
        assert!(!by_desk["name"].as_str().unwrap().is_empty());
        let token = by_desk["token"].as_str().unwrap();
        assert_eq!(token.len(), 64);
        for member in [&sme, &colleague] {
            let own = app.get_badge(member, &event, company).await.expect(200);
            assert_eq!(own["token"], token, "one code per participant and fair");
        }
        for caller in [&desk, &sme] {
            let svg = app.get_badge_svg(caller, &event, company).await;
            assert_eq!(svg.status.as_u16(), 200);
            assert_eq!(svg.header("content-type"), Some("image/svg+xml"));
            let text = svg.text();
            assert!(text.starts_with("<svg") || text.starts_with("<?xml"), "{}", &text[..text.len().min(80)]);
            assert!(text.contains("</svg>"));
        }
        // The buyer sees its own badge, not the company's; another company neither.
        app.get_badge(&buyer, &event, buyer.buyer_id.unwrap()).await.expect(200);
        app.get_badge(&buyer, &event, company).await.problem(404);
        let other = exhibitor(&app, &event).await;
        app.get_badge(&other, &event, company).await.problem(404);
        app.get_badge_svg(&other, &event, company).await.problem(404);
        app.get_badge(&app.user(Role::Reviewer), &event, company).await.problem(403);
        app.get_badge(&app.user(Role::Candidate), &event, company).await.problem(404);
        app.get_badge(ANONYMOUS, &event, company).await.problem(401);
        // Someone taking no part in the fair has no badge there.
        let outsider = app.new_user(Role::Sme);
        app.get_badge(&desk, &event, outsider.company_id.unwrap()).await.problem(404);
    }
}

api_test! {
    async fn a_registered_candidate_gets_its_own_badge_and_checks_in_with_it(backend) {
        let app = TestApp::new(backend).await;
        let desk = app.user(Role::Desk);
        let fair = job_fair(&app).await;
        let (candidate_user, candidate) = self_registered_candidate(&app, "Tran Thi B").await;
        app.register_for_event(&candidate_user, &fair).await.expect(201);
        let badge = app.get_badge(&candidate_user, &fair, &candidate).await.expect(200);
        assert_eq!(badge["name"], "Tran Thi B");
        let (other_user, _) = self_registered_candidate(&app, "Nguyen Van C").await;
        app.get_badge(&other_user, &fair, &candidate).await.problem(404);
        let arrival = app.check_in(&desk, &fair, badge["token"].as_str().unwrap()).await.expect(201);
        assert_eq!(arrival["kind"], "candidate");
        let listed = app.list_participants(&desk, &fair, "").await.expect(200);
        assert_eq!(listed["items"][0]["participant_id"], candidate);
        assert_eq!(listed["items"][0]["checked_in_at"], arrival["checked_in_at"]);
    }
}

api_test! {
    async fn the_participant_list_pages_through_everyone(backend) {
        let app = TestApp::new(backend).await;
        let desk = app.user(Role::Desk);
        let event = trade_fair(&app, json!({})).await;
        let mut expected = Vec::new();
        for _ in 0..2 {
            expected.push(exhibitor(&app, &event).await.company_id.unwrap().to_string());
            let buyer = verified_buyer(&app).await;
            app.register_for_event(&buyer, &event).await.expect(201);
            expected.push(buyer.buyer_id.unwrap().to_string());
        }
        expected.sort();
        let mut seen = Vec::new();
        let mut query = "limit=3".to_owned();
        loop {
            let page = app.list_participants(&desk, &event, &query).await.expect(200);
            for item in page["items"].as_array().unwrap() {
                seen.push(item["participant_id"].as_str().unwrap().to_owned());
            }
            match page["next_cursor"].as_str() {
                Some(cursor) => query = format!("limit=3&cursor={cursor}"),
                None => break,
            }
        }
        assert_eq!(seen, expected);
    }
}

mail_test! {
    async fn the_registration_confirmation_carries_the_check_in_code(backend) {
        let sink = SmtpSink::start();
        let app = TestApp::with_mail(backend, &sink).await;
        app.start_delivery();
        let fair = job_fair(&app).await;
        let (candidate_user, candidate) = self_registered_candidate(&app, "Tran Thi B").await;
        app.register_for_event(&candidate_user, &fair).await.expect(201);
        let badge = app.get_badge(&candidate_user, &fair, &candidate).await.expect(200);
        let token = badge["token"].as_str().unwrap().to_owned();
        let mails = sink
            .wait_for(Duration::from_secs(5), "the registration to the candidate", |all| {
                all.iter().any(|m| m.to.contains(&candidate_user.email) && m.subject.starts_with("Registered:"))
            })
            .await;
        let mail = mails.iter().find(|m| m.to.contains(&candidate_user.email) && m.subject.starts_with("Registered:")).unwrap();
        let text = &mail.parts["text/plain"];
        assert!(text.contains(&format!("Your check-in code for the day: {token}")), "{text}");
        assert!(mail.parts["text/html"].contains(&token));
    }
}
