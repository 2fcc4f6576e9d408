//! Registration, login, refresh-token rotation, logout and access-token attacks.

use base64::Engine;
use jsonwebtoken::{encode, Algorithm, EncodingKey, Header};
use sagamihara_match::auth::Role;
use serde_json::{json, Value};

use crate::api_test;
use crate::common::{error_fields, TestApp, JWT_SECRET, PASSWORD};

fn sme_registration(email: &str) -> Value {
    json!({
        "email": email,
        "password": "precision-2026",
        "display_name": "田中 一郎",
        "account_type": "sme",
        "company": {"name_ja": "田中精密工業", "name_en": "Tanaka Precision", "industry": "precision machining"}
    })
}

async fn login(app: &TestApp, email: &str, password: &str) -> Value {
    app.post("/api/v1/auth/login")
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .expect(200)
}

api_test!(
    async fn sme_registers_with_a_pending_company_and_is_signed_in(backend) {
        let app = TestApp::new(backend).await;
        let session = app
            .post("/api/v1/auth/register")
            .json(&sme_registration("  Tanaka@Example.JP "))
            .send()
            .await
            .expect(201);
        assert_eq!(session["token_type"], "Bearer");
        assert_eq!(session["expires_in"], 900);
        assert_eq!(session["user"]["email"], "tanaka@example.jp");
        assert_eq!(session["user"]["role"], "sme");
        assert!(session["user"]["company_id"].is_string());
        assert!(session.get("password_hash").is_none() && session["user"].get("password_hash").is_none());

        let me = app
            .get("/api/v1/me")
            .token(session["access_token"].as_str().unwrap())
            .send()
            .await
            .expect(200);
        assert_eq!(me["id"], session["user"]["id"]);
        assert_eq!(me["company_id"], session["user"]["company_id"]);
    }
);

api_test!(
    async fn buyer_registration_needs_an_iso_country(backend) {
        let app = TestApp::new(backend).await;
        let mut body = json!({
            "email": "buyer@example.co.th",
            "password": "bangkok-buyer-1",
            "display_name": "Somchai",
            "account_type": "buyer",
            "buyer": {"name": "Siam Parts Co.", "country": "XX"}
        });
        let problem = app.post("/api/v1/auth/register").json(&body).send().await.problem(422);
        assert_eq!(error_fields(&problem), ["buyer.country"]);

        body["buyer"]["country"] = json!("th");
        app.post("/api/v1/auth/register").json(&body).send().await.problem(422);

        body["buyer"]["country"] = json!("TH");
        let session = app.post("/api/v1/auth/register").json(&body).send().await.expect(201);
        assert_eq!(session["user"]["role"], "buyer");
        assert!(session["user"]["buyer_id"].is_string());
        assert!(session["user"]["company_id"].is_null());
    }
);

api_test!(
    async fn candidate_registers_without_an_organisation(backend) {
        let app = TestApp::new(backend).await;
        let body = json!({
            "email": "nguyen@example.vn",
            "password": "global-iturn-1",
            "display_name": "Nguyen Van A",
            "account_type": "candidate"
        });
        let session = app.post("/api/v1/auth/register").json(&body).send().await.expect(201);
        assert_eq!(session["user"]["role"], "candidate");

        let mut with_company = body.clone();
        with_company["email"] = json!("other@example.vn");
        with_company["company"] = json!({"name_ja": "x", "name_en": "x", "industry": "x"});
        app.post("/api/v1/auth/register").json(&with_company).send().await.problem(422);
    }
);

api_test!(
    async fn registration_validates_every_field(backend) {
        let app = TestApp::new(backend).await;
        let problem = app
            .post("/api/v1/auth/register")
            .json(&json!({
                "email": "someone@example.jp",
                "password": "short",
                "display_name": "",
                "account_type": "sme",
                "company": {"name_ja": "", "name_en": "Works", "industry": "metal"}
            }))
            .send()
            .await
            .problem(422);
        assert_eq!(error_fields(&problem), ["company.name_ja", "display_name", "password"]);

        let mut no_company = sme_registration("a@example.jp");
        no_company.as_object_mut().unwrap().remove("company");
        let problem = app.post("/api/v1/auth/register").json(&no_company).send().await.problem(422);
        assert_eq!(error_fields(&problem), ["company"]);

        let bad_email = sme_registration("not-an-email");
        let problem = app.post("/api/v1/auth/register").json(&bad_email).send().await.problem(422);
        assert_eq!(error_fields(&problem), ["email"]);

        let unknown_type = json!({"email": "b@example.jp", "password": "long enough pw", "display_name": "B", "account_type": "admin"});
        let problem = app.post("/api/v1/auth/register").json(&unknown_type).send().await.problem(422);
        assert_eq!(error_fields(&problem), ["account_type"]);
    }
);

api_test!(
    async fn passwords_must_be_10_to_128_characters(backend) {
        let app = TestApp::new(backend).await;
        for (password, status) in [
            ("123456789".to_owned(), 422),
            ("x".repeat(129), 422),
            ("1234567890".to_owned(), 201),
            ("精".repeat(128), 201),
        ] {
            let mut body = sme_registration(&format!("p{}@example.jp", password.chars().count()));
            body["password"] = json!(password);
            app.post("/api/v1/auth/register").json(&body).send().await.expect(status);
        }
    }
);

api_test!(
    async fn an_email_registers_once_whatever_its_case(backend) {
        let app = TestApp::new(backend).await;
        app.post("/api/v1/auth/register")
            .json(&sme_registration("sato@example.jp"))
            .send()
            .await
            .expect(201);
        let problem = app
            .post("/api/v1/auth/register")
            .json(&sme_registration("SATO@example.jp"))
            .send()
            .await
            .problem(409);
        assert!(problem["detail"].as_str().unwrap().contains("already registered"));
    }
);

api_test!(
    async fn login_gives_tokens_that_open_me(backend) {
        let app = TestApp::new(backend).await;
        let user = app.user(Role::Desk);
        let session = login(&app, &user.email.to_uppercase(), PASSWORD).await;
        assert_eq!(session["user"]["id"], user.id.to_string());
        let me = app
            .get("/api/v1/me")
            .token(session["access_token"].as_str().unwrap())
            .send()
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
            .post("/api/v1/auth/login")
            .json(&json!({"email": user.email, "password": "not the password"}))
            .send()
            .await
            .problem(401);
        let unknown = app
            .post("/api/v1/auth/login")
            .json(&json!({"email": "nobody@example.jp", "password": PASSWORD}))
            .send()
            .await
            .problem(401);
        assert_eq!(wrong["detail"], unknown["detail"]);
        assert_eq!(wrong["type"], unknown["type"]);
    }
);

api_test!(
    async fn refresh_rotates_and_the_old_token_stops_working(backend) {
        let app = TestApp::new(backend).await;
        let user = app.user(Role::Sme);
        let first = login(&app, &user.email, PASSWORD).await;
        let second = app
            .post("/api/v1/auth/refresh")
            .json(&json!({"refresh_token": first["refresh_token"]}))
            .send()
            .await
            .expect(200);
        assert_ne!(second["refresh_token"], first["refresh_token"]);
        app.get("/api/v1/me")
            .token(second["access_token"].as_str().unwrap())
            .send()
            .await
            .expect(200);
        let third = app
            .post("/api/v1/auth/refresh")
            .json(&json!({"refresh_token": second["refresh_token"]}))
            .send()
            .await
            .expect(200);
        assert_ne!(third["refresh_token"], second["refresh_token"]);
    }
);

api_test!(
    async fn a_reused_refresh_token_revokes_its_whole_family(backend) {
        let app = TestApp::new(backend).await;
        let user = app.user(Role::Buyer);
        let stolen = login(&app, &user.email, PASSWORD).await["refresh_token"].clone();
        let other_login = login(&app, &user.email, PASSWORD).await["refresh_token"].clone();
        let rotated = app
            .post("/api/v1/auth/refresh")
            .json(&json!({"refresh_token": stolen}))
            .send()
            .await
            .expect(200);
        // The thief presents the copy: refused, and the legitimate successor dies with it.
        app.post("/api/v1/auth/refresh")
            .json(&json!({"refresh_token": stolen}))
            .send()
            .await
            .problem(401);
        app.post("/api/v1/auth/refresh")
            .json(&json!({"refresh_token": rotated["refresh_token"]}))
            .send()
            .await
            .problem(401);
        // A separate login is a separate family and keeps working.
        app.post("/api/v1/auth/refresh")
            .json(&json!({"refresh_token": other_login}))
            .send()
            .await
            .expect(200);
    }
);

api_test!(
    async fn logout_revokes_the_refresh_token(backend) {
        let app = TestApp::new(backend).await;
        let user = app.user(Role::Candidate);
        let session = login(&app, &user.email, PASSWORD).await;
        app.post("/api/v1/auth/logout")
            .json(&json!({"refresh_token": session["refresh_token"]}))
            .send()
            .await
            .expect(204);
        app.post("/api/v1/auth/refresh")
            .json(&json!({"refresh_token": session["refresh_token"]}))
            .send()
            .await
            .problem(401);
        // Unknown tokens log out quietly too.
        app.post("/api/v1/auth/logout")
            .json(&json!({"refresh_token": "never-issued"}))
            .send()
            .await
            .expect(204);
    }
);

api_test!(
    async fn a_disabled_user_can_neither_log_in_nor_refresh(backend) {
        let app = TestApp::new(backend).await;
        let admin = app.user(Role::Admin);
        let user = app.user(Role::Reviewer);
        let session = login(&app, &user.email, PASSWORD).await;
        let updated = app
            .patch(&format!("/api/v1/users/{}", user.id))
            .by(&admin)
            .json(&json!({"disabled": true}))
            .send()
            .await
            .expect(200);
        assert_eq!(updated["disabled"], true);
        app.post("/api/v1/auth/login")
            .json(&json!({"email": user.email, "password": PASSWORD}))
            .send()
            .await
            .problem(403);
        app.post("/api/v1/auth/refresh")
            .json(&json!({"refresh_token": session["refresh_token"]}))
            .send()
            .await
            .problem(401);

        app.patch(&format!("/api/v1/users/{}", user.id))
            .by(&admin)
            .json(&json!({"disabled": false}))
            .send()
            .await
            .expect(200);
        login(&app, &user.email, PASSWORD).await;
    }
);

api_test!(
    async fn changing_the_password_needs_the_current_one_and_ends_other_sessions(backend) {
        let app = TestApp::new(backend).await;
        let user = app.user(Role::Sme);
        let other_session = login(&app, &user.email, PASSWORD).await;
        app.post("/api/v1/me/password")
            .by(&user)
            .json(&json!({"current_password": "wrong password", "new_password": "a brand new one"}))
            .send()
            .await
            .problem(403);
        app.post("/api/v1/me/password")
            .by(&user)
            .json(&json!({"current_password": PASSWORD, "new_password": "short"}))
            .send()
            .await
            .problem(422);
        app.post("/api/v1/me/password")
            .by(&user)
            .json(&json!({"current_password": PASSWORD, "new_password": "a brand new one"}))
            .send()
            .await
            .expect(204);
        app.post("/api/v1/auth/refresh")
            .json(&json!({"refresh_token": other_session["refresh_token"]}))
            .send()
            .await
            .problem(401);
        app.post("/api/v1/auth/login")
            .json(&json!({"email": user.email, "password": PASSWORD}))
            .send()
            .await
            .problem(401);
        login(&app, &user.email, "a brand new one").await;
    }
);

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

fn sign(header: Header, claims: &Value, secret: &[u8]) -> String {
    encode(&header, claims, &EncodingKey::from_secret(secret)).unwrap()
}

fn valid_claims(sub: &str) -> Value {
    json!({
        "sub": sub, "role": "admin", "iat": now(), "exp": now() + 600,
        "iss": "sagamihara-match", "aud": "sagamihara-match-api"
    })
}

api_test!(
    async fn forged_and_expired_tokens_are_refused(backend) {
        let app = TestApp::new(backend).await;
        let admin = app.user(Role::Admin);
        let sub = admin.id.to_string();
        let b64 = |v: &Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string());

        // Control: a token built the same way with the right key and claims works.
        let good = sign(Header::new(Algorithm::HS256), &valid_claims(&sub), JWT_SECRET);
        app.get("/api/v1/users").token(&good).send().await.expect(200);

        let with = |key: &str, value: Value| {
            let mut claims = valid_claims(&sub);
            claims[key] = value;
            sign(Header::new(Algorithm::HS256), &claims, JWT_SECRET)
        };
        let without = |key: &str| {
            let mut claims = valid_claims(&sub);
            claims.as_object_mut().unwrap().remove(key);
            sign(Header::new(Algorithm::HS256), &claims, JWT_SECRET)
        };
        let mut tampered = good.clone();
        let payload_start = tampered.find('.').unwrap() + 1;
        let mut forged_claims = valid_claims(&sub);
        forged_claims["role"] = json!("admin");
        forged_claims["sub"] = json!(uuid::Uuid::now_v7().to_string());
        let signature_start = tampered.rfind('.').unwrap();
        tampered.replace_range(payload_start..signature_start, &b64(&forged_claims));

        let cases: Vec<(&str, String)> = vec![
            ("expired", with("exp", json!(now() - 120))),
            ("string exp", with("exp", json!((now() + 600).to_string()))),
            ("wrong audience", with("aud", json!("another-api"))),
            ("wrong issuer", with("iss", json!("someone-else"))),
            ("unknown role", with("role", json!("superuser"))),
            ("no exp", without("exp")),
            ("no sub", without("sub")),
            ("no aud", without("aud")),
            ("no iss", without("iss")),
            ("wrong key", sign(Header::new(Algorithm::HS256), &valid_claims(&sub), b"another-secret-that-is-32-bytes-long!!")),
            ("HS512", sign(Header::new(Algorithm::HS512), &valid_claims(&sub), JWT_SECRET)),
            ("HS384", sign(Header::new(Algorithm::HS384), &valid_claims(&sub), JWT_SECRET)),
            ("alg none", format!("{}.{}.", b64(&json!({"alg": "none", "typ": "JWT"})), b64(&valid_claims(&sub)))),
            ("tampered payload", tampered),
            ("garbage", "not.a.token".to_owned()),
        ];
        for (case, token) in cases {
            let response = app.get("/api/v1/users").token(&token).send().await;
            assert_eq!(response.status.as_u16(), 401, "{case}: {}", response.text());
            response.problem(401);
        }
        let response = app.get("/api/v1/me").header("authorization", "Basic dXNlcjpwYXNz").send().await;
        assert_eq!(response.header("www-authenticate"), Some("Bearer"));
        response.problem(401);
    }
);

api_test!(
    async fn login_is_rate_limited_per_account_with_retry_after(backend) {
        let app = TestApp::new(backend).await;
        let user = app.user(Role::Buyer);
        // The default allows 5 attempts a minute for one account, from any address.
        for attempt in 0..5 {
            app.post("/api/v1/auth/login")
                .peer(&format!("10.0.0.{attempt}:5000"))
                .json(&json!({"email": user.email, "password": "wrong password"}))
                .send()
                .await
                .problem(401);
        }
        let limited = app
            .post("/api/v1/auth/login")
            .peer("10.0.0.99:5000")
            .json(&json!({"email": user.email, "password": PASSWORD}))
            .send()
            .await;
        let problem = limited.problem(429);
        let retry_after: u64 = limited.header("retry-after").unwrap().parse().unwrap();
        assert!((1..=60).contains(&retry_after), "Retry-After {retry_after}");
        assert_eq!(problem["type"], "/problems/rate-limited");
        // Another account from a fresh address is not affected.
        let other = app.user(Role::Desk);
        login(&app, &other.email, PASSWORD).await;
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
            app.post("/api/v1/auth/login")
                .json(&json!({"email": format!("probe{n}@example.jp"), "password": "whatever password"}))
                .send()
                .await
                .problem(401);
        }
        let response = app
            .post("/api/v1/auth/login")
            .json(&json!({"email": "probe9@example.jp", "password": "whatever password"}))
            .send()
            .await;
        response.problem(429);
        assert!(response.header("retry-after").is_some());

        for n in 0..2 {
            app.post("/api/v1/auth/register")
                .json(&sme_registration(&format!("new{n}@example.jp")))
                .send()
                .await
                .expect(201);
        }
        app.post("/api/v1/auth/register")
            .json(&sme_registration("new9@example.jp"))
            .send()
            .await
            .problem(429);
        // A different address still gets through.
        app.post("/api/v1/auth/register")
            .peer("192.0.2.7:1234")
            .json(&sme_registration("new10@example.jp"))
            .send()
            .await
            .expect(201);
    }
);
