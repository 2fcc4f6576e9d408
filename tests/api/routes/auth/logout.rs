//! Logout: `POST /auth/logout`.

use sagamihara_match::auth::Role;

use crate::api_test;
use crate::common::fixtures::logged_in;
use crate::common::{TestApp, PASSWORD};

api_test!(
    async fn logout_revokes_the_refresh_token(backend) {
        let app = TestApp::new(backend).await;
        let user = app.user(Role::Candidate);
        let session = logged_in(&app, &user.email, PASSWORD).await;
        app.logout(&session["refresh_token"])
            .await
            .expect(204);
        app.refresh(&session["refresh_token"])
            .await
            .problem(401);
        // Unknown tokens log out quietly too.
        app.logout("never-issued")
            .await
            .expect(204);
    }
);
