//! Who may use the books' routes: every route × every caller, with the company's own
//! invoice and another company's.

use actix_web::http::Method;
use sagamihara_match::auth::Role;
use serde_json::{json, Value};

use super::invoice_of;
use crate::api_test;
use crate::common::fixtures::approved_sme;
use crate::common::{TestApp, TestUser};

api_test! {
    async fn the_desk_keeps_the_books_and_a_company_sees_only_its_own_invoices(backend) {
        let app = TestApp::new(backend).await;
        let company = approved_sme(&app).await;
        let other_company = approved_sme(&app).await;
        let company_id = company.company_id.unwrap();
        let invoice = invoice_of(&app, &company, "2026-05-01", 1, 10000).await;
        let to_pay = invoice_of(&app, &company, "2026-05-01", 1, 10000).await;
        let to_cancel = invoice_of(&app, &company, "2026-05-01", 1, 10000).await;
        let fee: Value = app
            .create_fee_schedule(&app.user(Role::Desk), &json!({"fiscal_year": 2026, "kind": "membership", "amount_jpy": 20000}))
            .await
            .expect(201);
        let fee = fee["id"].as_str().unwrap().to_owned();
        let callers: Vec<(&str, Option<TestUser>)> = vec![
            ("anonymous", None),
            ("company", Some(company.clone())),
            ("other_company", Some(other_company)),
            ("buyer", Some(app.user(Role::Buyer))),
            ("reviewer", Some(app.user(Role::Reviewer))),
            ("candidate", Some(app.user(Role::Candidate))),
            ("desk", Some(app.user(Role::Desk))),
            ("admin", Some(app.user(Role::Admin))),
        ];
        let new_invoice = json!({"issued_on": "2026-06-01", "due_on": "2026-06-30", "items": [{"description": "年会費", "quantity": 1, "unit_amount_jpy": 20000}]});
        let paid_at = json!({"paid_at": "2026-06-10T10:00:00+09:00"});
        let reason = json!({"reason": "取消"});
        let cost = json!({"funding_source": "city_budget", "amount_jpy": 1000, "spent_on": "2026-06-01", "description": "会場費"});
        let subsidy = json!({"source": "national_grant", "amount_jpy": 1000, "received_on": "2026-06-01", "description": "交付金"});
        let amount = json!({"amount_jpy": 25000});
        let routes: Vec<(Method, String, Option<Value>, [u16; 8])> = vec![
            //                                                                     anon comp othr buyr rev  cand desk admin
            (Method::POST, "/api/v1/fee-schedules".into(), Some(json!({"fiscal_year": 2027, "kind": "membership", "amount_jpy": 1})), [401, 403, 403, 403, 403, 403, 201, 409]),
            (Method::GET, "/api/v1/fee-schedules?fiscal_year=2026".into(), None, [401, 403, 403, 403, 403, 403, 200, 200]),
            (Method::PATCH, format!("/api/v1/fee-schedules/{fee}"), Some(amount), [401, 403, 403, 403, 403, 403, 200, 200]),
            (Method::POST, format!("/api/v1/companies/{company_id}/invoices"), Some(new_invoice), [401, 403, 403, 403, 403, 403, 201, 201]),
            (Method::GET, "/api/v1/invoices".into(), None, [401, 200, 200, 403, 403, 403, 200, 200]),
            (Method::GET, format!("/api/v1/invoices/{invoice}"), None, [401, 200, 404, 403, 403, 403, 200, 200]),
            // The desk pays and cancels; the admin's second try finds it done.
            (Method::POST, format!("/api/v1/invoices/{to_pay}/pay"), Some(paid_at), [401, 403, 403, 403, 403, 403, 200, 409]),
            (Method::POST, format!("/api/v1/invoices/{to_cancel}/cancel"), Some(reason), [401, 403, 403, 403, 403, 403, 200, 409]),
            (Method::GET, "/api/v1/invoices.csv?fiscal_year=2026".into(), None, [401, 403, 403, 403, 403, 403, 200, 200]),
            (Method::POST, "/api/v1/subsidies".into(), Some(subsidy), [401, 403, 403, 403, 403, 403, 201, 201]),
            (Method::GET, "/api/v1/subsidies?fiscal_year=2026".into(), None, [401, 403, 403, 403, 403, 403, 200, 200]),
            (Method::POST, "/api/v1/programme-costs".into(), Some(cost), [401, 403, 403, 403, 403, 403, 201, 201]),
            (Method::GET, "/api/v1/programme-costs?fiscal_year=2026".into(), None, [401, 403, 403, 403, 403, 403, 200, 200]),
            // Reviewers see the totals in the report, never an invoice.
            (Method::GET, "/api/v1/kpi?fiscal_year=2026".into(), None, [401, 403, 403, 403, 200, 403, 200, 200]),
        ];
        let mut failures = Vec::new();
        for (method, path, body, expected) in &routes {
            for ((caller, user), status) in callers.iter().zip(expected) {
                let mut request = app.request(method.clone(), path);
                if let Some(user) = user {
                    request = request.by(user);
                }
                if let Some(body) = body {
                    request = request.json(body);
                }
                let got = request.send().await.status.as_u16();
                if got != *status {
                    failures.push(format!("{method} {path} as {caller}: expected {status}, got {got}"));
                }
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
        let report: Value = app.kpi_report(&app.user(Role::Reviewer), "fiscal_year=2026").await.expect(200);
        assert_eq!(report["self_financing"]["contributions_yen"], 10000, "the paid invoice, as a total");
    }
}
