//! Refresh-token rotation: `POST /auth/refresh`.

use sagamihara_match::auth::Role;

use crate::api_test;
use crate::common::fixtures::logged_in;
use crate::common::{TestApp, PASSWORD};

api_test!(
    async fn refresh_rotates_and_the_old_token_stops_working(backend) {
        let app = TestApp::new(backend).await;
        let user = app.user(Role::Sme);
        let first = logged_in(&app, &user.email, PASSWORD).await;
        let second = app
            .refresh(&first["refresh_token"])
            .await
            .expect(200);
        assert_ne!(second["refresh_token"], first["refresh_token"]);
        app.get_me(second["access_token"].as_str().unwrap())
            .await
            .expect(200);
        let third = app
            .refresh(&second["refresh_token"])
            .await
            .expect(200);
        assert_ne!(third["refresh_token"], second["refresh_token"]);
    }
);

api_test!(
    async fn a_reused_refresh_token_revokes_its_whole_family(backend) {
        let app = TestApp::new(backend).await;
        let user = app.user(Role::Buyer);
        let stolen = logged_in(&app, &user.email, PASSWORD).await["refresh_token"].clone();
        let other_login = logged_in(&app, &user.email, PASSWORD).await["refresh_token"].clone();
        let rotated = app
            .refresh(&stolen)
            .await
            .expect(200);
        // The thief presents the copy: refused, and the legitimate successor dies with it.
        app.refresh(&stolen)
            .await
            .problem(401);
        app.refresh(&rotated["refresh_token"])
            .await
            .problem(401);
        // A separate login is a separate family and keeps working.
        app.refresh(&other_login)
            .await
            .expect(200);
    }
);
