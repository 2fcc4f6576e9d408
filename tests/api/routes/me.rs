//! The caller's own account: `/me` and `/me/password`.

use sagamihara_match::auth::Role;
use serde_json::json;

use crate::api_test;
use crate::common::fixtures::logged_in;
use crate::common::verbs::ANONYMOUS;
use crate::common::{error_fields, TestApp, PASSWORD};

api_test!(
    async fn me_needs_a_token(backend) {
        let app = TestApp::new(backend).await;
        app.get_me(ANONYMOUS).await.problem(401);
    }
);

api_test!(
    async fn a_user_renames_themselves_but_cannot_take_anothers_email(backend) {
        let app = TestApp::new(backend).await;
        let sme = app.user(Role::Sme);
        let buyer = app.user(Role::Buyer);
        let me = app
            .update_me(&sme, &json!({"display_name": "  佐藤 花子 "}))
            .await
            .expect(200);
        assert_eq!(me["display_name"], "佐藤 花子");
        app.update_me(&sme, &json!({"email": buyer.email.to_uppercase()}))
            .await
            .problem(409);
        // Role and company are not the caller's to change.
        let problem = app
            .update_me(&sme, &json!({"role": "admin"}))
            .await
            .problem(422);
        assert_eq!(error_fields(&problem), ["role"]);
        let me = app.get_me(&sme).await.expect(200);
        assert_eq!(me["role"], "sme");
        assert_eq!(me["email"], sme.email);
    }
);

api_test!(
    async fn changing_the_password_needs_the_current_one_and_ends_other_sessions(backend) {
        let app = TestApp::new(backend).await;
        let user = app.user(Role::Sme);
        let other_session = logged_in(&app, &user.email, PASSWORD).await;
        app.change_password(&user, &json!({"current_password": "wrong password", "new_password": "a brand new one"}))
            .await
            .problem(403);
        app.change_password(&user, &json!({"current_password": PASSWORD, "new_password": "short"}))
            .await
            .problem(422);
        app.change_password(&user, &json!({"current_password": PASSWORD, "new_password": "a brand new one"}))
            .await
            .expect(204);
        app.refresh(&other_session["refresh_token"])
            .await
            .problem(401);
        app.login(&user.email, PASSWORD)
            .await
            .problem(401);
        logged_in(&app, &user.email, "a brand new one").await;
    }
);
