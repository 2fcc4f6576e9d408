//! Login: `POST /auth/login`, disabled accounts and the login rate limits.

use sagamihara_match::auth::Role;
use serde_json::json;

use crate::api_test;
use crate::common::fixtures::{logged_in, sme_registration};
use crate::common::{TestApp, PASSWORD};

api_test!(
    async fn login_gives_tokens_that_open_me(backend) {
        let app = TestApp::new(backend).await;
        let user = app.user(Role::Desk);
        let session = logged_in(&app, &user.email.to_uppercase(), PASSWORD).await;
        assert_eq!(session["user"]["id"], user.id.to_string());
        let me = app
            .get_me(session["access_token"].as_str().unwrap())
            .await
            .expect(200);
        assert_eq!(me["role"], "desk");
    }
);

api_test!(
    async fn wrong_password_and_unknown_email_get_the_same_answer(backend) {
        let app = TestApp::new(backend).await;
        let user = app.user(Role::Buyer);
        let wrong = app
            .login(&user.email, "not the password")
            .await
            .problem(401);
        let unknown = app
            .login("nobody@example.jp", PASSWORD)
            .await
            .problem(401);
        assert_eq!(wrong["detail"], unknown["detail"]);
        assert_eq!(wrong["type"], unknown["type"]);
    }
);

api_test!(
    async fn a_disabled_user_can_neither_log_in_nor_refresh(backend) {
        let app = TestApp::new(backend).await;
        let admin = app.user(Role::Admin);
        let user = app.user(Role::Reviewer);
        let session = logged_in(&app, &user.email, PASSWORD).await;
        let updated = app
            .update_user(&admin, user.id, &json!({"disabled": true}))
            .await
            .expect(200);
        assert_eq!(updated["disabled"], true);
        app.login(&user.email, PASSWORD)
            .await
            .problem(403);
        app.refresh(&session["refresh_token"])
            .await
            .problem(401);

        app.update_user(&admin, user.id, &json!({"disabled": false}))
            .await
            .expect(200);
        logged_in(&app, &user.email, PASSWORD).await;
    }
);

api_test!(
    async fn login_is_rate_limited_per_account_with_retry_after(backend) {
        let app = TestApp::new(backend).await;
        let user = app.user(Role::Buyer);
        // The default allows 5 attempts a minute for one account, from any address.
        for attempt in 0..5 {
            app.login(&user.email, "wrong password")
                .peer(&format!("10.0.0.{attempt}:5000"))
                .await
                .problem(401);
        }
        let limited = app
            .login(&user.email, PASSWORD)
            .peer("10.0.0.99:5000")
            .await;
        let problem = limited.problem(429);
        let retry_after: u64 = limited.header("retry-after").unwrap().parse().unwrap();
        assert!((1..=60).contains(&retry_after), "Retry-After {retry_after}");
        assert_eq!(problem["type"], "/problems/rate-limited");
        // Another account from a fresh address is not affected.
        let other = app.user(Role::Desk);
        logged_in(&app, &other.email, PASSWORD).await;
    }
);

api_test!(
    async fn login_and_registration_are_rate_limited_per_address(backend) {
        let app = TestApp::with_config(backend, |config| {
            config.rate_limits.login_per_ip_per_minute = 3;
            config.rate_limits.register_per_ip_per_hour = 2;
        })
        .await;
        for n in 0..3 {
            app.login(format!("probe{n}@example.jp"), "whatever password")
                .await
                .problem(401);
        }
        let response = app
            .login("probe9@example.jp", "whatever password")
            .await;
        response.problem(429);
        assert!(response.header("retry-after").is_some());

        for n in 0..2 {
            app.register(&sme_registration(&format!("new{n}@example.jp")))
                .await
                .expect(201);
        }
        app.register(&sme_registration("new9@example.jp"))
            .await
            .problem(429);
        // A different address still gets through.
        app.register(&sme_registration("new10@example.jp"))
            .peer("192.0.2.7:1234")
            .await
            .expect(201);
    }
);
