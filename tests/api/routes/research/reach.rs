//! How far the research reached: a company member's first read of a published brief counts
//! once; the desk sees per brief and per fiscal year (April–March, Japan time).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use sagamihara_match::auth::Role;
use sagamihara_match::db::schema::{brief_reads, briefs};
use sagamihara_match::research::reach;
use serde_json::json;

use super::{brief_body, published};
use crate::api_test;
use crate::common::fixtures::approved_sme;
use crate::common::TestApp;

api_test! {
    async fn a_members_first_read_counts_once_and_staff_reads_not_at_all(backend) {
        let app = TestApp::new(backend).await;
        let desk = app.user(Role::Desk);
        let id = published(&app, &brief_body(&["ai"], &[], "members")).await;
        let sme = approved_sme(&app).await;
        let colleague = app.colleague_of(&sme);
        let other = approved_sme(&app).await;
        let path = format!("/api/v1/briefs/{id}");
        for reader in [&sme, &sme, &sme, &colleague, &other] {
            app.get(&path).by(reader).send().await.expect(200);
        }
        for role in [Role::Desk, Role::Admin, Role::Reviewer, Role::Buyer, Role::Expert] {
            app.get(&path).by(&app.user(role)).send().await.expect(200);
        }
        let one = app.get(&format!("{path}/reach")).by(&desk).send().await.expect(200);
        assert_eq!(one, json!({"brief_id": id, "members_read": 3, "companies_read": 2}));
        let year = app.get("/api/v1/research/reach").by(&app.user(Role::Reviewer)).send().await.expect(200);
        assert_eq!(year["briefs_published"], 1);
        assert_eq!(year["members_reached"], 3);
        assert_eq!(year["companies_reached"], 2);
        app.get(&format!("{path}/reach")).by(&sme).send().await.problem(403);
        app.get("/api/v1/research/reach").by(&app.user(Role::Expert)).send().await.problem(403);
    }
}

fn at(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").unwrap()
}

api_test! {
    async fn the_fiscal_year_of_a_read_is_its_japan_time_date(backend) {
        let app = TestApp::new(backend).await;
        let first = published(&app, &brief_body(&["ai"], &[], "public")).await;
        let second = published(&app, &brief_body(&["iot"], &[], "public")).await;
        let (a, b) = (approved_sme(&app).await, approved_sme(&app).await);
        let a_colleague = app.colleague_of(&a);
        for (reader, brief) in [(&a, &first), (&a, &second), (&a_colleague, &first), (&b, &second)] {
            app.get(&format!("/api/v1/briefs/{brief}")).by(reader).send().await.expect(200);
        }
        // 2026-03-31 23:59:59 JST is FY2025's last second; 2026-04-01 00:00 JST is FY2026's first.
        let last_of_2025 = at("2026-03-31 14:59:59");
        let first_of_2026 = at("2026-03-31 15:00:00");
        let mut conn = app.state.pool.get().unwrap();
        diesel::update(briefs::table.find(&first)).set(briefs::published_at.eq(last_of_2025)).execute(&mut *conn).unwrap();
        diesel::update(briefs::table.find(&second)).set(briefs::published_at.eq(first_of_2026)).execute(&mut *conn).unwrap();
        diesel::update(brief_reads::table.filter(brief_reads::brief_id.eq(&first))).set(brief_reads::read_at.eq(last_of_2025)).execute(&mut *conn).unwrap();
        diesel::update(brief_reads::table.filter(brief_reads::brief_id.eq(&second))).set(brief_reads::read_at.eq(first_of_2026)).execute(&mut *conn).unwrap();
        let fy2025 = reach::of_fiscal_year(&mut conn, 2025).unwrap();
        let fy2026 = reach::of_fiscal_year(&mut conn, 2026).unwrap();
        assert_eq!((fy2025.briefs_published, fy2025.members_reached, fy2025.companies_reached), (1, 2, 1), "a and its colleague read the first brief");
        assert_eq!((fy2026.briefs_published, fy2026.members_reached, fy2026.companies_reached), (1, 2, 2), "a and b read the second");
        let none = reach::of_fiscal_year(&mut conn, 2027).unwrap();
        assert_eq!((none.briefs_published, none.members_reached, none.companies_reached), (0, 0, 0));
    }
}
