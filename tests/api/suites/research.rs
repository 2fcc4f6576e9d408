//! Research and the consortium across the API: a published brief's mail reaches exactly the
//! members of the companies that follow its topics, each in its language; and the new
//! `expert` role, walked through every operation of the document, is refused everywhere
//! but on its own things.

use std::collections::BTreeSet;
use std::time::Duration;

use actix_web::http::Method;
use sagamihara_match::auth::Role;
use serde_json::{json, Value};

use crate::common::fixtures::approved_sme;
use crate::common::smtp::{Received, SmtpSink};
use crate::common::TestApp;
use crate::{api_test, mail_test};

mail_test! {
    async fn a_brief_tagged_ai_reaches_exactly_the_members_of_companies_following_ai_in_their_language(backend) {
        let sink = SmtpSink::start();
        let app = TestApp::with_mail(backend, &sink).await;
        app.start_delivery();
        let desk = app.user(Role::Desk);
        let follows_ai = approved_sme(&app).await;
        let english_colleague = app.colleague_of(&follows_ai);
        app.patch("/api/v1/me").by(&english_colleague).json(&json!({"locale": "en"})).send().await.expect(200);
        let follows_ai_by_category = approved_sme(&app).await;
        let follows_robotics = approved_sme(&app).await;
        let follows_nothing = approved_sme(&app).await;
        for (sme, body) in [
            (&follows_ai, json!({"tags": ["ai", "iot"]})),
            (&follows_ai_by_category, json!({"categories": ["software_ai"]})),
            (&follows_robotics, json!({"tags": ["robotics"]})),
        ] {
            app.put(&format!("/api/v1/companies/{}/subscriptions", sme.company_id.unwrap())).by(sme).json(&body).send().await.expect(200);
        }
        let brief = app.post("/api/v1/briefs").by(&desk).json(&json!({
            "title_ja": "深圳のAI検査", "title_en": "AI inspection in Shenzhen",
            "summary_ja": "検査工程へのAI導入が進んでいる。", "summary_en": "AI is moving into inspection.",
            "body_ja": "本文", "body_en": "Body", "country": "CN",
            "tags": ["ai"], "categories": ["software_ai"], "visibility": "members",
        })).send().await.expect(201);
        let id = brief["id"].as_str().unwrap();
        let is_brief = |m: &Received| m.subject.contains("深圳のAI検査") || m.subject.contains("AI inspection in Shenzhen");
        // A draft tells nobody.
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert!(!sink.received().iter().any(is_brief), "a draft is not mailed");
        app.post(&format!("/api/v1/briefs/{id}/publish")).by(&desk).send().await.expect(200);

        let expected: BTreeSet<String> = [&follows_ai, &english_colleague, &follows_ai_by_category].iter().map(|u| u.email.clone()).collect();
        sink.wait_for(Duration::from_secs(10), "the brief to each subscribed member", |all| all.iter().filter(|m| is_brief(m)).count() >= expected.len()).await;
        // Time for a mail too many to arrive, if one were sent.
        tokio::time::sleep(Duration::from_millis(500)).await;
        let mails: Vec<Received> = sink.received().into_iter().filter(is_brief).collect();
        let got: BTreeSet<String> = mails.iter().flat_map(|m| m.to.clone()).collect();
        assert_eq!(got, expected, "exactly the members of the companies following AI (by tag or category)");
        assert_eq!(mails.len(), 3, "one mail per member, no more");
        for mail in &mails {
            let english = mail.to.contains(&english_colleague.email);
            let (title, read) = if english { ("AI inspection in Shenzhen", "Read the brief") } else { ("深圳のAI検査", "レポートを読む") };
            assert!(mail.subject.contains(title), "{}", mail.subject);
            assert!(mail.text().contains(read), "{}", mail.text());
            assert!(mail.text().contains(&format!("https://match.example/api/v1/briefs/{id}")), "{}", mail.text());
        }
        for outsider in [&follows_robotics, &follows_nothing] {
            assert!(!got.contains(&outsider.email));
        }
    }
}

/// Operations an expert uses as any signed-in account does (its own account, sessions,
/// notification settings) or as its role allows (writing briefs).
fn experts_own(method: &str, path: &str) -> bool {
    path.starts_with("/api/v1/me")
        || path.starts_with("/api/v1/auth/")
        || (method == "GET" && path == "/api/v1/briefs")
}

api_test! {
    async fn an_expert_is_refused_every_operation_that_is_not_public_or_its_own(backend) {
        let app = TestApp::new(backend).await;
        let expert = app.user(Role::Expert);
        let document = serde_json::to_value(sagamihara_match::openapi()).unwrap();
        let mut failures = Vec::new();
        let mut walked = 0;
        for (path, item) in document["paths"].as_object().unwrap() {
            if !path.starts_with("/api/v1/") {
                continue;
            }
            // Every path parameter names nothing the expert owns: a fresh id (a year for years).
            let concrete: String = path
                .split('/')
                .map(|segment| match segment.split_once('}') {
                    Some((name, rest)) if segment.starts_with('{') => {
                        let value = if name.contains("year") || name.contains("fy") { "2026".to_owned() } else { uuid::Uuid::now_v7().to_string() };
                        format!("{value}{rest}")
                    }
                    _ => segment.to_owned(),
                })
                .collect::<Vec<_>>()
                .join("/");
            for (method, _) in item.as_object().unwrap() {
                let Ok(method) = method.to_uppercase().parse::<Method>() else { continue };
                if experts_own(method.as_str(), path) {
                    continue;
                }
                let send = |by_expert: bool| {
                    let mut request = app.request(method.clone(), &concrete).json(&json!({}));
                    if by_expert {
                        request = request.by(&expert);
                    }
                    request.send()
                };
                let anonymous = send(false).await.status.as_u16();
                let as_expert = send(true).await.status.as_u16();
                walked += 1;
                let refused = matches!(as_expert, 400 | 403 | 404 | 405 | 415 | 422);
                if as_expert >= 500 || (anonymous == 401 && !refused) {
                    failures.push(format!("{method} {path}: anonymous {anonymous}, expert {as_expert}"));
                }
            }
        }
        assert!(walked > 100, "only {walked} operations walked");
        assert!(failures.is_empty(), "{} of {walked} operations let the expert in:\n{}", failures.len(), failures.join("\n"));
    }
}

api_test! {
    async fn an_expert_account_is_made_by_an_admin_and_signs_in(backend) {
        let app = TestApp::new(backend).await;
        let admin = app.user(Role::Admin);
        let created = app.post("/api/v1/users").by(&admin).json(&json!({"email": "expert@example.ac.jp", "password": crate::common::PASSWORD, "display_name": "鈴木 一郎", "role": "expert"})).send().await.expect(201);
        assert_eq!(created["role"], "expert");
        let session: Value = app.login("expert@example.ac.jp", crate::common::PASSWORD).await.expect(200);
        let token = session["access_token"].as_str().unwrap();
        let me = app.get("/api/v1/me").token(token).send().await.expect(200);
        assert_eq!(me["role"], "expert");
        assert_eq!(me["locale"], "ja");
        let desk = app.user(Role::Desk);
        let sme = approved_sme(&app).await;
        app.post("/api/v1/users").by(&desk).json(&json!({"email": "e2@example.ac.jp", "password": crate::common::PASSWORD, "display_name": "x", "role": "expert"})).send().await.problem(403);
        app.post("/api/v1/briefs").token(token).json(&json!({"title_ja": "題", "title_en": "T", "summary_ja": "要約", "summary_en": "S", "body_ja": "本文", "body_en": "B"})).send().await.expect(201);
        app.get(&format!("/api/v1/companies/{}/support-log", sme.company_id.unwrap())).token(token).send().await.problem(403);
    }
}
