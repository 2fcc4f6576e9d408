//! Domain fixtures: the companies, buyers, fairs, meetings, postings and candidates that
//! tests build before the step they are about. Each is made through the API (the verbs in
//! [`super::verbs`]) and asserts its own answers, so a fixture that stops working fails
//! loudly where it is built.

use serde_json::{json, Value};

use super::verbs::ANONYMOUS;
use super::{Role, TestApp, TestUser};

// --- Accounts ------------------------------------------------------------------------------

/// A registration body for an sme account with its company.
pub fn sme_registration(email: &str) -> Value {
    json!({
        "email": email,
        "password": "precision-2026",
        "display_name": "田中 一郎",
        "account_type": "sme",
        "company": {"name_ja": "田中精密工業", "name_en": "Tanaka Precision", "industry": "precision machining"}
    })
}

/// A successful login's session (tokens and user).
pub async fn logged_in(app: &TestApp, email: &str, password: &str) -> Value {
    app.login(email, password).await.expect(200)
}

/// An sme user whose company the desk has approved.
pub async fn approved_sme(app: &TestApp) -> TestUser {
    let sme = app.new_user(Role::Sme);
    let desk = app.user(Role::Desk);
    app.approve_company(&desk, sme.company_id.unwrap())
        .await
        .expect(200);
    sme
}

/// A buyer user of an organisation the desk has verified.
pub async fn verified_buyer(app: &TestApp) -> TestUser {
    let buyer = app.new_user(Role::Buyer);
    app.verify_buyer(&app.user(Role::Desk), buyer.buyer_id.unwrap())
        .await
        .expect(200);
    buyer
}

// --- Municipalities ------------------------------------------------------------------------

/// A partner municipality the host's admin adds. Returns its id.
pub async fn partner(app: &TestApp, code: &str, name_ja: &str, name_en: &str) -> uuid::Uuid {
    let added = app
        .create_municipality(
            &app.user(Role::Admin),
            &json!({"code": code, "name_ja": name_ja, "name_en": name_en}),
        )
        .await
        .expect(201);
    added["id"].as_str().unwrap().parse().unwrap()
}

/// An sme user of an approved company of `municipality`, exhibiting at `event`.
pub async fn exhibitor_in(app: &TestApp, event: &str, municipality: uuid::Uuid) -> TestUser {
    let desk = app.user(Role::Desk);
    let sme = app.new_user_in(Role::Sme, Some(municipality));
    let company = sme.company_id.unwrap();
    app.approve_company(&desk, company).await.expect(200);
    app.add_exhibitor(&desk, event, &json!({"company_id": company}))
        .await
        .expect(201);
    sme
}

// --- The catalogue -------------------------------------------------------------------------

/// A published capability's body.
pub fn capability(title_ja: &str, title_en: &str, category: &str, tags: &[&str]) -> Value {
    json!({
        "title_ja": title_ja, "title_en": title_en,
        "description_ja": "", "description_en": "",
        "category": category, "tags": tags, "status": "published"
    })
}

/// A capability of `sme`'s company, created from `body`.
pub async fn add_capability(app: &TestApp, sme: &TestUser, body: Value) -> Value {
    app.create_capability(sme, sme.company_id.unwrap(), &body)
        .await
        .expect(201)
}

/// Titles of an anonymous catalogue search.
pub async fn search(app: &TestApp, query: &str) -> Vec<String> {
    let page = app.search_capabilities(ANONYMOUS, query).await.expect(200);
    titles(&page)
}

/// Titles of an anonymous catalogue search, following `next_cursor` to the last page.
pub async fn search_page_by_page(app: &TestApp, query: &str) -> Vec<String> {
    let mut all = Vec::new();
    let mut paged = query.to_owned();
    loop {
        let page = app.search_capabilities(ANONYMOUS, &paged).await.expect(200);
        all.extend(titles(&page));
        match page["next_cursor"].as_str() {
            Some(cursor) => paged = format!("{query}&cursor={cursor}"),
            None => return all,
        }
    }
}

fn titles(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["title_en"].as_str().unwrap().to_owned())
        .collect()
}

/// Percent-encodes everything but ASCII letters and digits, for query strings.
pub fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

// --- Trade fairs and meetings --------------------------------------------------------------

/// A trade fair in Bangkok with one day of 20-minute slots (10:00–17:00, lunch 12–13) and
/// three tables; `settings` override fields of the event. Returns the event id.
pub async fn trade_fair(app: &TestApp, settings: Value) -> String {
    let desk = app.user(Role::Desk);
    let mut body = json!({
        "kind": "trade_fair", "name": "Sagamihara Business Meeting Bangkok", "city": "Bangkok",
        "country": "TH", "venue": "BITEC Hall 98", "time_zone": "Asia/Bangkok",
        "starts_on": "2026-12-01", "ends_on": "2026-12-01", "slot_minutes": 20
    });
    for (key, value) in settings.as_object().unwrap() {
        body[key] = value.clone();
    }
    let event = app.create_event(&desk, &body).await.expect(201);
    let id = event["id"].as_str().unwrap().to_owned();
    app.create_slots(
        &desk,
        &id,
        &json!({"days": [{"date": "2026-12-01", "start": "10:00", "end": "17:00",
                          "breaks": [{"start": "12:00", "end": "13:00"}]}]}),
    )
    .await
    .expect(201);
    app.create_tables(&desk, &id, &json!({"labels": ["A1", "A2", "A3"]}))
        .await
        .expect(201);
    id
}

/// A trade fair in Tokyo on the fiscal-year edge: a slot on 2021-03-31 23:00 JST (FY2020)
/// and 20-minute slots from 2021-04-01 01:00 JST (FY2021), and eight tables.
/// Returns the event, slot and table ids.
pub async fn tokyo_fair(app: &TestApp) -> (String, Vec<String>, Vec<String>) {
    let desk = app.user(Role::Desk);
    let event = app
        .create_event(
            &desk,
            &json!({"kind": "trade_fair", "name": "Tokyo fiscal-year edge fair", "city": "Tokyo", "country": "JP",
                    "venue": "Big Sight", "time_zone": "Asia/Tokyo", "starts_on": "2021-03-31", "ends_on": "2021-04-01"}),
        )
        .await
        .expect(201)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let slots = app
        .create_slots(
            &desk,
            &event,
            &json!({"days": [
                {"date": "2021-03-31", "start": "23:00", "end": "23:20"},
                {"date": "2021-04-01", "start": "01:00", "end": "03:00"}
            ]}),
        )
        .await
        .expect(201);
    let slot_ids: Vec<String> = slots
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(slots[0]["starts_at"], "2021-03-31T14:00:00Z");
    assert_eq!(slots[1]["starts_at"], "2021-03-31T16:00:00Z");
    let labels: Vec<String> = (1..=8).map(|n| format!("T{n}")).collect();
    let tables = app
        .create_tables(&desk, &event, &json!({"labels": labels}))
        .await
        .expect(201);
    let table_ids = tables
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_owned())
        .collect();
    (event, slot_ids, table_ids)
}

/// An sme user of an approved company (of the host municipality) exhibiting at `event`.
pub async fn exhibitor(app: &TestApp, event: &str) -> TestUser {
    let host = sagamihara_match::municipalities::HOST_ID.parse().unwrap();
    exhibitor_in(app, event, host).await
}

/// The event's slots, in time order.
pub async fn slots(app: &TestApp, event: &str) -> Vec<Value> {
    app.list_slots(ANONYMOUS, event)
        .await
        .expect(200)
        .as_array()
        .unwrap()
        .clone()
}

/// The event's table ids.
pub async fn tables(app: &TestApp, event: &str) -> Vec<String> {
    app.list_tables(ANONYMOUS, event)
        .await
        .expect(200)
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_owned())
        .collect()
}

/// `buyer`'s request to meet `sme`'s company at `event`. Returns the meeting.
pub async fn requested_meeting(
    app: &TestApp,
    buyer: &TestUser,
    event: &str,
    sme: &TestUser,
) -> Value {
    app.request_meeting(
        buyer,
        &json!({"event_id": event, "company_id": sme.company_id.unwrap(), "message": "We source aluminium parts."}),
    )
    .await
    .expect(201)
}

/// A request of `buyer` that `sme` accepted. Returns the meeting id.
pub async fn accepted_meeting(
    app: &TestApp,
    event: &str,
    sme: &TestUser,
    buyer: &TestUser,
) -> String {
    let meeting = requested_meeting(app, buyer, event, sme).await;
    let id = meeting["id"].as_str().unwrap().to_owned();
    app.accept_meeting(sme, &id).await.expect(200);
    id
}

/// A meeting between `sme` and a new verified buyer, scheduled in `slot` at `table` and
/// held. Returns the meeting id and the buyer.
pub async fn held_meeting(
    app: &TestApp,
    event: &str,
    sme: &TestUser,
    slot: &str,
    table: &str,
) -> (String, TestUser) {
    let desk = app.user(Role::Desk);
    let buyer = verified_buyer(app).await;
    let id = accepted_meeting(app, event, sme, &buyer).await;
    app.schedule_meeting(&desk, &id, &json!({"slot_id": slot, "table_id": table}))
        .await
        .expect(200);
    app.mark_meeting_held(&desk, &id).await.expect(200);
    (id, buyer)
}

/// The KPI report of a fiscal year, as the reviewer reads it.
pub async fn kpi(app: &TestApp, year: i32) -> Value {
    app.kpi_report(&app.user(Role::Reviewer), &format!("fiscal_year={year}"))
        .await
        .expect(200)
}

// --- Global I-turn -------------------------------------------------------------------------

/// A job fair in Hanoi on 2021-10-15 (FY2021). Returns the event id.
pub async fn job_fair(app: &TestApp) -> String {
    app.create_event(
        &app.user(Role::Desk),
        &json!({"kind": "job_fair", "name": "Global I-turn Job Fair Hanoi", "city": "Hanoi", "country": "VN",
                "venue": "Hanoi University of Science and Technology", "time_zone": "Asia/Ho_Chi_Minh",
                "starts_on": "2021-10-15", "ends_on": "2021-10-15"}),
    )
    .await
    .expect(201)["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// A published posting of `sme`'s company. Returns its id.
pub async fn published_job(app: &TestApp, sme: &TestUser, visa_category: &str) -> String {
    app.create_job(
        sme,
        sme.company_id.unwrap(),
        &json!({
            "title_ja": "機械設計エンジニア", "title_en": "Mechanical design engineer",
            "occupation": "mechanical engineer", "employment_type": "full_time",
            "visa_category": visa_category, "languages": ["ja", "en"], "jlpt_level": "n2",
            "location": "Sagamihara, Chuo-ku", "salary_min_yen": 3600000, "salary_max_yen": 4800000,
            "status": "published"
        }),
    )
    .await
    .expect(201)["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// A candidate the desk registers (no account). Returns its id.
pub async fn desk_candidate(app: &TestApp, name: &str, nationality: &str) -> String {
    app.create_candidate(
        &app.user(Role::Desk),
        &json!({
            "full_name": name, "nationality": nationality, "university": "Hanoi University of Science and Technology",
            "graduation_year": 2021, "field_of_study": "Mechatronics",
            "languages": [{"code": "vi", "level": "native"}, {"code": "ja", "level": "business"}],
            "visa_status": "student", "email": "candidate@example.test", "phone": "+84 90 000 0000",
            "consent": true
        }),
    )
    .await
    .expect(201)["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// A candidate account with its own profile. Returns the user and the candidate id.
pub async fn self_registered_candidate(app: &TestApp, name: &str) -> (TestUser, String) {
    let user = app.new_user(Role::Candidate);
    let id = app
        .create_candidate(
            &user,
            &json!({"full_name": name, "nationality": "ID", "languages": [{"code": "id", "level": "native"}],
                    "email": "self@example.test", "consent": true}),
        )
        .await
        .expect(201)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    (user, id)
}

/// The desk's application of `candidate` for `job`, with `body`'s other fields.
pub async fn apply_by_desk(app: &TestApp, job: &str, candidate: &str, body: Value) -> Value {
    let mut body = body;
    body["candidate_id"] = json!(candidate);
    app.apply_for_job(&app.user(Role::Desk), job)
        .json(&body)
        .await
        .expect(201)
}

/// Moves an application with `body` (a status and its fields), as `by`.
pub async fn move_application(
    app: &TestApp,
    by: &TestUser,
    application: &str,
    body: Value,
) -> Value {
    app.update_application(by, application, &body)
        .await
        .expect(200)
}

/// Interviewing, offered, hired on `day`, by the company.
pub async fn hire(app: &TestApp, sme: &TestUser, application: &str, day: &str) {
    move_application(app, sme, application, json!({"status": "interviewing"})).await;
    move_application(app, sme, application, json!({"status": "offered"})).await;
    let hired = move_application(
        app,
        sme,
        application,
        json!({"status": "hired", "hired_on": day}),
    )
    .await;
    assert_eq!(hired["status"], "hired");
    assert_eq!(hired["hired_on"], day);
}
