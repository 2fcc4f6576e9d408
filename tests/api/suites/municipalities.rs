//! Two municipalities in one installation (issue 25): the host (Sagamihara) and a partner
//! (Yokohama), a fair where companies of both meet buyers, and staff scoped to each. A
//! scoped desk sees its own municipality's companies and what hangs on them, and nothing
//! of the other's; the KPIs per municipality add up to the whole; and the migration that
//! brought municipalities left every existing row with the host and every figure as it was.

use actix_web::http::Method;
use diesel::connection::SimpleConnection;
use sagamihara_match::auth::Role;
use sagamihara_match::municipalities::HOST_ID;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::api_test;
use crate::common::fixtures::{
    exhibitor, exhibitor_in, held_meeting, partner, requested_meeting, tokyo_fair, verified_buyer,
};
use crate::common::{Backend, TestApp, TestUser};

struct World {
    yokohama: Uuid,
    event: String,
    sme_a: TestUser,
    sme_b: TestUser,
    /// A company of Yokohama the desk has not approved yet.
    pending_b: String,
    /// Held meetings of the host's company, then of Yokohama's.
    meetings_a: Vec<String>,
    meetings_b: Vec<String>,
    /// A request to Yokohama's company, not answered.
    requested_b: String,
    draft_b: String,
    published_b: String,
    desk_a: TestUser,
    desk_b: TestUser,
    reviewer_b: TestUser,
}

async fn won(app: &TestApp, sme: &TestUser, meeting: &str, yen: i64, closed_on: &str) {
    app.report_outcome(
        sme,
        meeting,
        &json!({"status": "won", "amount_minor": yen, "currency": "JPY", "closed_on": closed_on}),
    )
    .await
    .expect(201);
}

/// FY2021 by hand: the host's company held 2 meetings and won 1 (2,000,000 yen); Yokohama's
/// held 3 and won 2 (3,000,000 + 500,000 yen). The whole installation: 5 held, 3 won,
/// 5,500,000 yen.
async fn world(app: &TestApp) -> World {
    let desk = app.user(Role::Desk);
    let yokohama = partner(app, "141003", "横浜市", "Yokohama").await;
    let (event, slots, tables) = tokyo_fair(app).await;
    let sme_a = exhibitor(app, &event).await;
    let sme_b = exhibitor_in(app, &event, yokohama).await;
    let (a1, _) = held_meeting(app, &event, &sme_a, &slots[1], &tables[0]).await;
    won(app, &sme_a, &a1, 2_000_000, "2021-06-01").await;
    let (a2, _) = held_meeting(app, &event, &sme_a, &slots[2], &tables[0]).await;
    app.report_outcome(
        &sme_a,
        &a2,
        &json!({"status": "lost", "closed_on": "2021-06-02"}),
    )
    .await
    .expect(201);
    let (b1, _) = held_meeting(app, &event, &sme_b, &slots[1], &tables[1]).await;
    won(app, &sme_b, &b1, 3_000_000, "2021-07-01").await;
    let (b2, _) = held_meeting(app, &event, &sme_b, &slots[2], &tables[1]).await;
    let (b3, _) = held_meeting(app, &event, &sme_b, &slots[3], &tables[1]).await;
    won(app, &sme_b, &b3, 500_000, "2021-08-01").await;
    let requested_b = requested_meeting(app, &verified_buyer(app).await, &event, &sme_b).await
        ["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let entry = json!({"occurred_on": "2021-09-01", "channel": "online", "topic": "market_entry",
                       "notes": "Export plan", "internal": false});
    for sme in [&sme_a, &sme_b] {
        app.record_support(&desk, sme.company_id.unwrap(), &entry)
            .await
            .expect(201);
    }
    let company_b = sme_b.company_id.unwrap().to_string();
    let capability = |status: &str| json!({"title_ja": "切削", "title_en": "Cutting", "category": "machining", "status": status});
    let draft_b = app
        .create_capability(&sme_b, &company_b, &capability("draft"))
        .await
        .expect(201)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let published_b = app
        .create_capability(&sme_b, &company_b, &capability("published"))
        .await
        .expect(201)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let host: Uuid = HOST_ID.parse().unwrap();
    World {
        yokohama,
        event,
        pending_b: app
            .new_user_in(Role::Sme, Some(yokohama))
            .company_id
            .unwrap()
            .to_string(),
        meetings_a: vec![a1, a2],
        meetings_b: vec![b1, b2, b3],
        requested_b,
        draft_b,
        published_b,
        desk_a: app.new_user_in(Role::Desk, Some(host)),
        desk_b: app.new_user_in(Role::Desk, Some(yokohama)),
        reviewer_b: app.new_user_in(Role::Reviewer, Some(yokohama)),
        sme_a,
        sme_b,
    }
}

fn ids(page: &Value, field: &str) -> Vec<String> {
    let mut ids: Vec<String> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item[field].as_str().unwrap().to_owned())
        .collect();
    ids.sort();
    ids
}

fn sorted(ids: &[&String]) -> Vec<String> {
    let mut ids: Vec<String> = ids.iter().map(|id| id.to_string()).collect();
    ids.sort();
    ids
}

api_test!(
    async fn each_scoped_desk_lists_only_its_own_municipalitys_companies_meetings_and_negotiations(backend) {
        let app = TestApp::new(backend).await;
        let w = world(&app).await;
        let (company_a, company_b) = (w.sme_a.company_id.unwrap().to_string(), w.sme_b.company_id.unwrap().to_string());

        let companies = app.list_companies(&w.desk_a, "limit=100").await.expect(200);
        assert_eq!(ids(&companies, "id"), vec![company_a.clone()]);
        let companies = app.list_companies(&w.desk_b, "limit=100").await.expect(200);
        assert_eq!(ids(&companies, "id"), sorted(&[&company_b, &w.pending_b]));
        // Naming the other municipality is not an escape.
        app.list_companies(&w.desk_a, &format!("municipality_id={}", w.yokohama)).await.problem(404);
        // Anyone may narrow the public list to one municipality.
        let public = app.list_companies(crate::common::verbs::ANONYMOUS, &format!("municipality_id={}", w.yokohama)).await.expect(200);
        assert_eq!(ids(&public, "id"), vec![company_b.clone()]);

        let meetings = app.list_meetings(&w.desk_a, "limit=100").await.expect(200);
        assert_eq!(ids(&meetings, "id"), sorted(&w.meetings_a.iter().collect::<Vec<_>>()));
        let meetings = app.list_meetings(&w.desk_b, "limit=100").await.expect(200);
        let mut own_b: Vec<&String> = w.meetings_b.iter().collect();
        own_b.push(&w.requested_b);
        assert_eq!(ids(&meetings, "id"), sorted(&own_b));
        // The host-wide desk sees both.
        let all = app.list_meetings(&app.user(Role::Desk), "limit=100").await.expect(200);
        assert_eq!(all["items"].as_array().unwrap().len(), 6);

        let negotiations = app.list_negotiations(&w.desk_a, "limit=100").await.expect(200);
        assert_eq!(ids(&negotiations, "meeting_id"), sorted(&w.meetings_a.iter().collect::<Vec<_>>()));
        let negotiations = app.list_negotiations(&w.desk_b, "limit=100").await.expect(200);
        assert_eq!(ids(&negotiations, "meeting_id"), sorted(&w.meetings_b.iter().collect::<Vec<_>>()));

        // The fair's meeting list, as a scoped desk exports it, holds its own companies only.
        let csv = app.meetings_csv(&w.desk_b, &w.event).await;
        assert_eq!(csv.status.as_u16(), 200, "{}", csv.text());
        let csv = csv.text();
        assert_eq!(csv.lines().count(), 1 + 4, "{csv}");

        // Nor does a scoped desk ask for meetings on another municipality's behalf.
        let buyer = verified_buyer(&app).await;
        let ask = json!({"event_id": w.event, "company_id": company_b, "buyer_id": buyer.buyer_id.unwrap(), "message": "For the desk"});
        app.request_meeting(&w.desk_a, &ask).await.problem(404);
        let meetings = app.list_meetings(&w.desk_b, "limit=100").await.expect(200);
        assert_eq!(meetings["items"].as_array().unwrap().len(), 4);
        app.request_meeting(&w.desk_b, &ask).await.expect(201);

        // A scoped reviewer reads the audit entries of its municipality's companies only.
        let log = app.audit_log(&w.reviewer_b, "limit=100").await.expect(200);
        let about: Vec<(&str, &str)> = log["items"].as_array().unwrap().iter()
            .map(|e| (e["entity"].as_str().unwrap(), e["entity_id"].as_str().unwrap()))
            .collect();
        assert!(about.contains(&("company", company_b.as_str())), "{about:?}");
        assert!(about.contains(&("meeting", w.meetings_b[0].as_str())), "{about:?}");
        for (entity, id) in &about {
            assert!(*id != company_a && !w.meetings_a.iter().any(|m| m == id), "{entity} {id} is the host's");
        }
    }
);

/// The callers of the matrix, in the order cells are tried.
const CALLERS: [&str; 8] = [
    "anonymous",
    "sme_a",
    "sme_b",
    "desk_a",
    "desk_b",
    "desk",
    "reviewer_b",
    "reviewer",
];

api_test!(
    async fn no_route_tells_a_scoped_desk_of_another_municipalitys_objects(backend) {
        let app = TestApp::new(backend).await;
        let w = world(&app).await;
        let company_b = w.sme_b.company_id.unwrap().to_string();
        let m_b = &w.meetings_b[1];
        let callers = [
            None,
            Some(w.sme_a.clone()),
            Some(w.sme_b.clone()),
            Some(w.desk_a.clone()),
            Some(w.desk_b.clone()),
            Some(app.user(Role::Desk)),
            Some(w.reviewer_b.clone()),
            Some(app.user(Role::Reviewer)),
        ];
        let profile = json!({"description_en": "updated"});
        let entry = json!({"occurred_on": "2021-10-01", "channel": "visit", "topic": "market_entry", "notes": "Visit", "internal": true});
        let record = json!({"status": "prospect"});
        type Cell<'a> = (Method, String, Option<&'a Value>, [u16; 8]);
        //                                                                              anon sme_a sme_b desk_a desk_b desk rev_b rev
        let rows: Vec<Cell> = vec![
            (Method::GET, format!("/api/v1/companies/{}", w.pending_b), None, [404, 404, 404, 404, 200, 200, 404, 404]),
            (Method::PATCH, format!("/api/v1/companies/{company_b}"), Some(&profile), [401, 403, 200, 404, 200, 200, 403, 403]),
            // Authorised callers reach the state check: the company is approved already.
            (Method::POST, format!("/api/v1/companies/{company_b}/approve"), None, [401, 403, 403, 404, 409, 409, 403, 403]),
            (Method::GET, format!("/api/v1/capabilities/{}", w.draft_b), None, [404, 404, 200, 404, 200, 200, 404, 404]),
            (Method::PATCH, format!("/api/v1/capabilities/{}", w.published_b), Some(&profile), [401, 403, 200, 404, 200, 200, 403, 403]),
            (Method::GET, format!("/api/v1/meetings/{m_b}"), None, [401, 404, 200, 404, 200, 200, 200, 200]),
            (Method::GET, format!("/api/v1/meetings/{}", w.requested_b), None, [401, 404, 200, 404, 200, 200, 200, 200]),
            (Method::GET, format!("/api/v1/meetings/{m_b}/negotiation"), None, [401, 404, 200, 404, 200, 200, 403, 403]),
            (Method::PUT, format!("/api/v1/meetings/{m_b}/negotiation"), Some(&record), [401, 404, 200, 404, 200, 200, 403, 403]),
            (Method::GET, format!("/api/v1/companies/{company_b}/support-log"), None, [401, 404, 200, 404, 200, 200, 200, 200]),
            (Method::POST, format!("/api/v1/companies/{company_b}/support-log"), Some(&entry), [401, 403, 403, 404, 201, 201, 403, 403]),
            (Method::GET, format!("/api/v1/kpi?fiscal_year=2021&municipality={}", w.yokohama), None, [401, 403, 403, 404, 200, 200, 200, 200]),
            (Method::GET, "/api/v1/kpi?fiscal_year=2021&municipality=141500".into(), None, [401, 403, 403, 200, 404, 200, 404, 200]),
            (Method::GET, "/api/v1/kpi/breakdown?fiscal_year=2021&by=event".into(), None, [401, 403, 403, 403, 403, 200, 403, 200]),
            (Method::GET, "/api/v1/audit".into(), None, [401, 403, 403, 403, 403, 403, 200, 200]),
            // What spans every municipality's companies stays with the host-wide staff.
            (Method::GET, format!("/api/v1/events/{}/registrations", w.event), None, [401, 403, 403, 403, 403, 200, 403, 403]),
            (Method::GET, "/api/v1/invoices".into(), None, [401, 200, 200, 403, 403, 200, 403, 403]),
            (Method::GET, "/api/v1/follow-ups".into(), None, [401, 403, 403, 403, 403, 200, 403, 403]),
        ];
        let mut cells = 0;
        let mut failures = Vec::new();
        for (method, path, body, expected) in &rows {
            for (index, caller) in callers.iter().enumerate() {
                let mut request = app.request(method.clone(), path);
                if let Some(user) = caller {
                    request = request.by(user);
                }
                if let Some(body) = body {
                    request = request.json(body);
                }
                let response = request.send().await;
                cells += 1;
                if response.status.as_u16() != expected[index] {
                    failures.push(format!(
                        "{method} {path} as {}: expected {}, got {} {}",
                        CALLERS[index], expected[index], response.status.as_u16(), response.text()
                    ));
                }
            }
        }
        assert!(failures.is_empty(), "{} of {cells} cells differ:\n{}", failures.len(), failures.join("\n"));
    }
);

/// The counts of a report the test compares: held, won, yen, hires.
fn figures(report: &Value) -> (i64, i64, i64) {
    (
        report["close_rate"]["counts"]["held"].as_i64().unwrap(),
        report["close_rate"]["counts"]["won"].as_i64().unwrap(),
        report["overseas_sales"]["actual_yen"].as_i64().unwrap(),
    )
}

api_test!(
    async fn the_kpis_per_municipality_add_up_to_the_whole_as_counted_by_hand(backend) {
        let app = TestApp::new(backend).await;
        let w = world(&app).await;
        let reviewer = app.user(Role::Reviewer);
        let whole = app.kpi_report(&reviewer, "fiscal_year=2021").await.expect(200);
        let host = app.kpi_report(&reviewer, "fiscal_year=2021&municipality=141500").await.expect(200);
        let partner = app.kpi_report(&reviewer, &format!("fiscal_year=2021&municipality={}", w.yokohama)).await.expect(200);
        assert_eq!(figures(&whole), (5, 3, 5_500_000));
        assert_eq!(figures(&host), (2, 1, 2_000_000));
        assert_eq!(figures(&partner), (3, 2, 3_500_000));
        assert_eq!(host["municipality_id"], HOST_ID);
        assert!(whole.get("municipality_id").is_none(), "{whole}");
        assert_eq!(partner["close_rate"]["actual_percent"], 66.67);
        assert_eq!(partner["overseas_sales"]["actual_thousand_yen"], 3_500);
        assert_eq!(partner["close_rate"]["counts"]["no_outcome"], 1);
        assert_eq!(partner["data_coverage"]["with_company_report"], 2);
        // By code or by id alike; a scoped reviewer gets its own municipality unasked.
        let by_code = app.kpi_report(&reviewer, "fiscal_year=2021&municipality=141003").await.expect(200);
        assert_eq!(figures(&by_code), figures(&partner));
        let own = app.kpi_report(&w.reviewer_b, "fiscal_year=2021").await.expect(200);
        assert_eq!(figures(&own), figures(&partner));
        app.kpi_report(&reviewer, "fiscal_year=2021&municipality=999999").await.problem(404);

        // The public report per municipality, and its CSV.
        let public = app.public_kpi("fiscal_year=2021&municipality=141003").await.expect(200);
        assert_eq!((public["meetings_held"].as_i64(), public["deals_won"].as_i64()), (Some(3), Some(2)));
        assert_eq!(public["overseas_sales_thousand_yen"], 3_500);
        assert_eq!(public["municipality_id"], w.yokohama.to_string());
        let public_host = app.public_kpi("fiscal_year=2021&municipality=141500").await.expect(200);
        assert_eq!(public_host["meetings_held"], 2);
        app.public_kpi("fiscal_year=2021&municipality=141004").await.problem(404);
        let whole_csv = app.public_kpi_csv("").await.text();
        let partner_csv = app.public_kpi_csv("municipality=141003").await.text();
        let sales = "2021年度,海外販路開拓による売上高(千円),5000,";
        assert!(whole_csv.contains(&format!("{sales}5500,")), "{whole_csv}");
        assert!(partner_csv.contains(&format!("{sales}3500,")), "{partner_csv}");
        assert_eq!(app.public_kpi_csv("municipality=999999").await.status.as_u16(), 404);
    }
);

/// What the report says, less the figures that move with the clock (survey due dates).
fn comparable(mut report: Value) -> Value {
    report["data_coverage"]["surveys"] = Value::Null;
    report
}

api_test!(
    async fn the_migration_gives_every_existing_company_to_the_host_and_changes_no_figure(backend) {
        let app = TestApp::new(backend).await;
        let desk = app.user(Role::Desk);
        let reviewer = app.user(Role::Reviewer);
        let (event, slots, tables) = tokyo_fair(&app).await;
        let sme = exhibitor(&app, &event).await;
        let (m1, _) = held_meeting(&app, &event, &sme, &slots[1], &tables[0]).await;
        won(&app, &sme, &m1, 1_200_000, "2021-05-01").await;
        held_meeting(&app, &event, &sme, &slots[2], &tables[0]).await;
        let others: Vec<TestUser> = (0..3).map(|_| app.new_user(Role::Sme)).collect();
        let before = comparable(app.kpi_report(&reviewer, "fiscal_year=2021").await.expect(200));

        // Undo migration 000026 and apply it again over the data, as an installation that
        // had companies before municipalities existed gets it.
        let (up, down) = match backend {
            Backend::Sqlite => (
                include_str!("../../../migrations/sqlite/2026-12-05-000026_municipalities/up.sql"),
                include_str!("../../../migrations/sqlite/2026-12-05-000026_municipalities/down.sql"),
            ),
            Backend::Postgres => (
                include_str!("../../../migrations/postgres/2026-12-05-000026_municipalities/up.sql"),
                include_str!("../../../migrations/postgres/2026-12-05-000026_municipalities/down.sql"),
            ),
        };
        {
            let mut conn = app.state.pool.get().unwrap();
            conn.batch_execute(down).unwrap();
            conn.batch_execute(up).unwrap();
        }

        let list = app.list_municipalities().await.expect(200);
        assert_eq!(list.as_array().unwrap().len(), 1);
        let companies = app.list_companies(&desk, "limit=100").await.expect(200);
        let items = companies["items"].as_array().unwrap();
        assert_eq!(items.len(), 1 + others.len());
        assert!(items.iter().all(|c| c["municipality_id"] == HOST_ID), "{companies}");
        let after = comparable(app.kpi_report(&reviewer, "fiscal_year=2021").await.expect(200));
        assert_eq!(after, before);
        assert_eq!(figures(&after), (2, 1, 1_200_000));
        // The host's own figures are the whole installation's.
        let host = app.kpi_report(&reviewer, "fiscal_year=2021&municipality=141500").await.expect(200);
        assert_eq!(figures(&host), figures(&after));
        assert_eq!(host["foreign_talent"], after["foreign_talent"]);
    }
);
