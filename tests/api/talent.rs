//! Global I-turn: job postings, candidates and who sees their personal data, applications
//! and their lifecycle, hires as the foreign-talent KPI by fiscal year, job-fair
//! registrations and attendance, and erasure that keeps the KPI exact.

use sagamihara_match::auth::Role;
use serde_json::{json, Value};

use crate::api_test;
use crate::common::{error_fields, TestApp, TestUser};

/// An sme user of an approved company.
async fn approved_sme(app: &TestApp) -> TestUser {
    let sme = app.new_user(Role::Sme);
    app.post(&format!(
        "/api/v1/companies/{}/approve",
        sme.company_id.unwrap()
    ))
    .by(&app.user(Role::Desk))
    .send()
    .await
    .expect(200);
    sme
}

/// A published posting of `sme`'s company. Returns its id.
async fn published_job(app: &TestApp, sme: &TestUser, visa_category: &str) -> String {
    app.post(&format!(
        "/api/v1/companies/{}/jobs",
        sme.company_id.unwrap()
    ))
    .by(sme)
    .json(&json!({
        "title_ja": "機械設計エンジニア", "title_en": "Mechanical design engineer",
        "occupation": "mechanical engineer", "employment_type": "full_time",
        "visa_category": visa_category, "languages": ["ja", "en"], "jlpt_level": "n2",
        "location": "Sagamihara, Chuo-ku", "salary_min_yen": 3600000, "salary_max_yen": 4800000,
        "status": "published"
    }))
    .send()
    .await
    .expect(201)["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// A candidate the desk registers (no account). Returns its id.
async fn desk_candidate(app: &TestApp, name: &str, nationality: &str) -> String {
    app.post("/api/v1/candidates")
        .by(&app.user(Role::Desk))
        .json(&json!({
            "full_name": name, "nationality": nationality, "university": "Hanoi University of Science and Technology",
            "graduation_year": 2021, "field_of_study": "Mechatronics",
            "languages": [{"code": "vi", "level": "native"}, {"code": "ja", "level": "business"}],
            "visa_status": "student", "email": "candidate@example.test", "phone": "+84 90 000 0000",
            "consent": true
        }))
        .send()
        .await
        .expect(201)["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// A candidate account with its own profile. Returns the user and the candidate id.
async fn self_registered_candidate(app: &TestApp, name: &str) -> (TestUser, String) {
    let user = app.new_user(Role::Candidate);
    let id = app
        .post("/api/v1/candidates")
        .by(&user)
        .json(&json!({"full_name": name, "nationality": "ID", "languages": [{"code": "id", "level": "native"}],
                      "email": "self@example.test", "consent": true}))
        .send()
        .await
        .expect(201)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    (user, id)
}

async fn apply_by_desk(app: &TestApp, job: &str, candidate: &str, body: Value) -> Value {
    let mut body = body;
    body["candidate_id"] = json!(candidate);
    app.post(&format!("/api/v1/jobs/{job}/applications"))
        .by(&app.user(Role::Desk))
        .json(&body)
        .send()
        .await
        .expect(201)
}

async fn move_to(app: &TestApp, by: &TestUser, application: &str, body: Value) -> Value {
    app.patch(&format!("/api/v1/applications/{application}"))
        .by(by)
        .json(&body)
        .send()
        .await
        .expect(200)
}

/// Interviewing, offered, hired on `day`, by the company.
async fn hire(app: &TestApp, sme: &TestUser, application: &str, day: &str) {
    move_to(app, sme, application, json!({"status": "interviewing"})).await;
    move_to(app, sme, application, json!({"status": "offered"})).await;
    let hired = move_to(
        app,
        sme,
        application,
        json!({"status": "hired", "hired_on": day}),
    )
    .await;
    assert_eq!(hired["status"], "hired");
    assert_eq!(hired["hired_on"], day);
}

async fn kpi(app: &TestApp, year: i32) -> Value {
    app.get(&format!("/api/v1/kpi?fiscal_year={year}"))
        .by(&app.user(Role::Reviewer))
        .send()
        .await
        .expect(200)
}

async fn job_fair(app: &TestApp) -> String {
    app.post("/api/v1/events")
        .by(&app.user(Role::Desk))
        .json(&json!({"kind": "job_fair", "name": "Global I-turn Job Fair Hanoi", "city": "Hanoi", "country": "VN",
                      "venue": "Hanoi University of Science and Technology", "time_zone": "Asia/Ho_Chi_Minh",
                      "starts_on": "2021-10-15", "ends_on": "2021-10-15"}))
        .send()
        .await
        .expect(201)["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

api_test! {
    async fn postings_are_public_only_when_published_by_an_approved_company(backend) {
        let app = TestApp::new(backend).await;
        let sme = approved_sme(&app).await;
        let company = sme.company_id.unwrap();
        let draft = app
            .post(&format!("/api/v1/companies/{company}/jobs"))
            .by(&sme)
            .json(&json!({"title_ja": "溶接工", "title_en": "Welder", "occupation": "welder",
                          "employment_type": "contract", "visa_category": "specified_skilled_worker"}))
            .send()
            .await
            .expect(201);
        assert_eq!(draft["status"], "draft");
        assert_eq!(draft["jlpt_level"], "none");
        let draft_id = draft["id"].as_str().unwrap();
        app.get(&format!("/api/v1/jobs/{draft_id}")).send().await.problem(404);
        app.get(&format!("/api/v1/jobs/{draft_id}")).by(&sme).send().await.expect(200);
        let published = published_job(&app, &sme, "engineer_specialist_humanities").await;
        let public = app.get("/api/v1/jobs").send().await.expect(200);
        let ids: Vec<&str> = public["items"].as_array().unwrap().iter().map(|j| j["id"].as_str().unwrap()).collect();
        assert_eq!(ids, vec![published.as_str()]);
        let drafts = app
            .get(&format!("/api/v1/jobs?status=draft&company_id={company}"))
            .by(&sme)
            .send()
            .await
            .expect(200);
        assert_eq!(drafts["items"].as_array().unwrap().len(), 1);
        app.get("/api/v1/jobs?status=draft").by(&app.new_user(Role::Sme)).send().await.problem(403);

        // A pending company's published posting is not public.
        let pending = app.new_user(Role::Sme);
        let hidden = published_job(&app, &pending, "other").await;
        app.get(&format!("/api/v1/jobs/{hidden}")).send().await.problem(404);

        // Another company cannot touch the posting; salary ranges and lifecycle are checked.
        app.patch(&format!("/api/v1/jobs/{published}"))
            .by(&approved_sme(&app).await)
            .json(&json!({"title_en": "Mine now"}))
            .send()
            .await
            .problem(403);
        let invalid = app
            .patch(&format!("/api/v1/jobs/{published}"))
            .by(&sme)
            .json(&json!({"salary_min_yen": 5000000}))
            .send()
            .await
            .problem(422);
        assert_eq!(error_fields(&invalid), vec!["salary_max_yen"]);
        let invalid = app
            .post(&format!("/api/v1/companies/{company}/jobs"))
            .by(&sme)
            .json(&json!({"title_ja": "x", "title_en": "x", "occupation": "x", "employment_type": "full_time",
                          "visa_category": "tourist", "languages": ["japanese"]}))
            .send()
            .await
            .problem(422);
        assert_eq!(error_fields(&invalid), vec!["visa_category"]);
        let closed = app
            .patch(&format!("/api/v1/jobs/{published}"))
            .by(&sme)
            .json(&json!({"status": "closed"}))
            .send()
            .await
            .expect(200);
        assert_eq!(closed["status"], "closed");
        let conflict = app
            .patch(&format!("/api/v1/jobs/{published}"))
            .by(&sme)
            .json(&json!({"status": "published"}))
            .send()
            .await
            .problem(409);
        assert_eq!(conflict["current_status"], "closed");
    }
}

api_test! {
    async fn candidates_give_consent_and_register_themselves_once(backend) {
        let app = TestApp::new(backend).await;
        let user = app.new_user(Role::Candidate);
        let refused = app
            .post("/api/v1/candidates")
            .by(&user)
            .json(&json!({"full_name": "Nguyen Van A", "nationality": "VN", "consent": false}))
            .send()
            .await
            .problem(422);
        assert_eq!(error_fields(&refused), vec!["consent"]);
        let invalid = app
            .post("/api/v1/candidates")
            .by(&user)
            .json(&json!({"full_name": "Nguyen Van A", "nationality": "Vietnam",
                          "languages": [{"code": "vietnamese", "level": "native"}], "consent": true}))
            .send()
            .await
            .problem(422);
        assert_eq!(error_fields(&invalid), vec!["nationality", "languages[0]"]);
        let created = app
            .post("/api/v1/candidates")
            .by(&user)
            .json(&json!({"full_name": "Nguyen Van A", "nationality": "VN", "consent": true}))
            .send()
            .await
            .expect(201);
        assert_eq!(created["user_id"], user.id.to_string());
        assert!(created["consent_given_at"].is_string());
        app.post("/api/v1/candidates")
            .by(&user)
            .json(&json!({"full_name": "Second", "nationality": "VN", "consent": true}))
            .send()
            .await
            .problem(409);
        for role in [Role::Sme, Role::Buyer, Role::Reviewer] {
            app.post("/api/v1/candidates")
                .by(&app.user(role))
                .json(&json!({"full_name": "X", "nationality": "VN", "consent": true}))
                .send()
                .await
                .problem(403);
        }
        let id = created["id"].as_str().unwrap();
        let changed = app
            .patch(&format!("/api/v1/candidates/{id}"))
            .by(&user)
            .json(&json!({"university": "Vietnam National University", "graduation_year": 2024}))
            .send()
            .await
            .expect(200);
        assert_eq!(changed["university"], "Vietnam National University");
        let listed = app.get("/api/v1/candidates").by(&app.user(Role::Desk)).send().await.expect(200);
        assert_eq!(listed["items"].as_array().unwrap().len(), 1);
        app.get("/api/v1/candidates").by(&user).send().await.problem(403);
    }
}

api_test! {
    async fn candidate_data_is_seen_only_by_the_candidate_the_desk_and_companies_applied_to(backend) {
        let app = TestApp::new(backend).await;
        let sme = approved_sme(&app).await;
        let job = published_job(&app, &sme, "engineer_specialist_humanities").await;
        let (candidate_user, candidate) = self_registered_candidate(&app, "Siti Rahma").await;
        app.post(&format!("/api/v1/jobs/{job}/applications"))
            .by(&candidate_user)
            .send()
            .await
            .expect(201);
        let path = format!("/api/v1/candidates/{candidate}");

        // The candidate and the desk see everything, contact details included.
        for user in [&candidate_user, &app.user(Role::Desk), &app.user(Role::Admin)] {
            let full = app.get(&path).by(user).send().await.expect(200);
            assert_eq!(full["full_name"], "Siti Rahma");
            assert_eq!(full["email"], "self@example.test");
            assert_eq!(full["applications"].as_array().unwrap().len(), 1);
        }
        // The company applied to sees what the application needs, no contact details.
        let summary = app.get(&path).by(&sme).send().await.expect(200);
        assert_eq!(summary["full_name"], "Siti Rahma");
        assert_eq!(summary["nationality"], "ID");
        assert!(summary.get("email").is_none() && summary.get("phone").is_none());
        assert!(summary.get("visa_status").is_none());
        app.patch(&path).by(&sme).json(&json!({"full_name": "X"})).send().await.problem(403);

        // Everyone else: nothing, not even existence.
        let stranger = approved_sme(&app).await;
        let other_candidate = app.new_user(Role::Candidate);
        for user in [&stranger, &app.user(Role::Reviewer), &app.user(Role::Buyer), &other_candidate] {
            app.get(&path).by(user).send().await.problem(404);
            app.patch(&path).by(user).json(&json!({"full_name": "X"})).send().await.problem(404);
            app.post(&format!("{path}/erase")).by(user).send().await.problem(404);
        }
        app.get(&path).send().await.problem(401);
        app.get("/api/v1/candidates").by(&app.user(Role::Reviewer)).send().await.problem(403);
        app.get("/api/v1/candidates").send().await.problem(401);

        // Applications are scoped: reviewers and buyers get none, a stranger company an empty list.
        app.get("/api/v1/applications").by(&app.user(Role::Reviewer)).send().await.problem(403);
        app.get("/api/v1/applications").by(&app.user(Role::Buyer)).send().await.problem(403);
        app.get("/api/v1/applications").send().await.problem(401);
        let none = app.get("/api/v1/applications").by(&stranger).send().await.expect(200);
        assert!(none["items"].as_array().unwrap().is_empty());
        let own = app.get("/api/v1/applications").by(&sme).send().await.expect(200);
        assert_eq!(own["items"][0]["candidate"]["full_name"], "Siti Rahma");
        let mine = app.get("/api/v1/applications").by(&candidate_user).send().await.expect(200);
        assert_eq!(mine["items"].as_array().unwrap().len(), 1);

        // The reviewer reads the KPI, in aggregate.
        kpi(&app, 2021).await;
        // The audit log never holds the candidate's personal data.
        let audit = app
            .get(&format!("/api/v1/audit?entity=candidate&entity_id={candidate}"))
            .by(&app.user(Role::Reviewer))
            .send()
            .await
            .expect(200);
        assert!(!audit.to_string().contains("Siti"), "{audit}");
        assert!(!audit.to_string().contains("self@example.test"), "{audit}");
    }
}

api_test! {
    async fn applications_follow_their_lifecycle(backend) {
        let app = TestApp::new(backend).await;
        let sme = approved_sme(&app).await;
        let job = published_job(&app, &sme, "specified_skilled_worker").await;
        let (candidate_user, candidate) = self_registered_candidate(&app, "Budi Santoso").await;
        let application = app
            .post(&format!("/api/v1/jobs/{job}/applications"))
            .by(&candidate_user)
            .send()
            .await
            .expect(201);
        assert_eq!(application["status"], "applied");
        let id = application["id"].as_str().unwrap().to_owned();

        // One open application per posting and candidate.
        app.post(&format!("/api/v1/jobs/{job}/applications"))
            .by(&candidate_user)
            .send()
            .await
            .problem(409);
        // A candidate applies only for itself.
        app.post(&format!("/api/v1/jobs/{job}/applications"))
            .by(&candidate_user)
            .json(&json!({"candidate_id": desk_candidate(&app, "Other", "VN").await}))
            .send()
            .await
            .problem(403);
        app.post(&format!("/api/v1/jobs/{job}/applications"))
            .by(&sme)
            .json(&json!({"candidate_id": candidate}))
            .send()
            .await
            .problem(403);

        let path = format!("/api/v1/applications/{id}");
        // The candidate cannot move its application forward; the company cannot withdraw it.
        app.patch(&path).by(&candidate_user).json(&json!({"status": "interviewing"})).send().await.problem(403);
        app.patch(&path).by(&sme).json(&json!({"status": "withdrawn"})).send().await.problem(403);
        app.patch(&path).by(&approved_sme(&app).await).json(&json!({"status": "interviewing"})).send().await.problem(404);
        // Steps are not skipped.
        let skipped = app.patch(&path).by(&sme).json(&json!({"status": "hired", "hired_on": "2021-06-01"})).send().await.problem(409);
        assert_eq!(skipped["current_status"], "applied");
        move_to(&app, &sme, &id, json!({"status": "interviewing"})).await;
        move_to(&app, &sme, &id, json!({"status": "offered"})).await;
        // A hire needs its day, not in the future.
        let missing = app.patch(&path).by(&sme).json(&json!({"status": "hired"})).send().await.problem(422);
        assert_eq!(error_fields(&missing), vec!["hired_on"]);
        app.patch(&path).by(&sme).json(&json!({"status": "hired", "hired_on": "2999-01-01"})).send().await.problem(422);
        app.patch(&path).by(&sme).json(&json!({"status": "offered", "hired_on": "2021-01-01"})).send().await.problem(422);
        hire_last_step(&app, &sme, &id).await;
        let done = app.patch(&path).by(&candidate_user).json(&json!({"status": "withdrawn"})).send().await.problem(409);
        assert_eq!(done["current_status"], "hired");

        // A withdrawn application frees the pair for a new one.
        let job2 = published_job(&app, &sme, "other").await;
        let first = app.post(&format!("/api/v1/jobs/{job2}/applications")).by(&candidate_user).send().await.expect(201);
        move_to(&app, &candidate_user, first["id"].as_str().unwrap(), json!({"status": "withdrawn"})).await;
        app.post(&format!("/api/v1/jobs/{job2}/applications")).by(&candidate_user).send().await.expect(201);

        // Every change is audited.
        let audit = app
            .get(&format!("/api/v1/audit?entity=application&entity_id={id}"))
            .by(&app.user(Role::Admin))
            .send()
            .await
            .expect(200);
        let actions: Vec<&str> = audit["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
        assert_eq!(actions.len(), 4, "{actions:?}");
        assert!(actions.contains(&"apply") && actions.contains(&"hired"), "{actions:?}");
    }
}

async fn hire_last_step(app: &TestApp, sme: &TestUser, id: &str) {
    let hired = move_to(
        app,
        sme,
        id,
        json!({"status": "hired", "hired_on": "2021-06-01"}),
    )
    .await;
    assert_eq!(hired["hired_on"], "2021-06-01");
}

api_test! {
    async fn hires_count_in_the_fiscal_year_of_their_day_in_japan(backend) {
        let app = TestApp::new(backend).await;
        let sme = approved_sme(&app).await;
        let engineer = published_job(&app, &sme, "engineer_specialist_humanities").await;
        let skilled = published_job(&app, &sme, "specified_skilled_worker").await;
        let days = [("2022-03-31", "VN", &engineer), ("2022-04-01", "VN", &engineer), ("2021-04-01", "ID", &skilled)];
        for (n, (day, nationality, job)) in days.iter().enumerate() {
            let candidate = desk_candidate(&app, &format!("Candidate {n}"), nationality).await;
            let application = apply_by_desk(&app, job, &candidate, json!({})).await;
            hire(&app, &sme, application["id"].as_str().unwrap(), day).await;
        }
        let fy2021 = kpi(&app, 2021).await;
        let talent = &fy2021["foreign_talent"];
        assert_eq!(talent["actual"], 2, "{talent}");
        assert_eq!(talent["target"], 15);
        assert_eq!(talent["cumulative_target"], 35);
        assert_eq!(talent["cumulative_actual"], 2);
        assert_eq!(talent["achievement_percent"], 13.33);
        assert_eq!(talent["by_nationality"], json!([{"key": "ID", "count": 1}, {"key": "VN", "count": 1}]));
        assert_eq!(
            talent["by_visa_category"],
            json!([{"key": "engineer_specialist_humanities", "count": 1}, {"key": "specified_skilled_worker", "count": 1}])
        );
        let fy2022 = kpi(&app, 2022).await;
        assert_eq!(fy2022["foreign_talent"]["actual"], 1);
        assert_eq!(fy2022["foreign_talent"]["target"], Value::Null);
        assert_eq!(fy2022["foreign_talent"]["cumulative_actual"], 3);

        let public = app.get("/api/v1/public/kpi?fiscal_year=2021").send().await.expect(200);
        assert_eq!(public["foreign_talent_hired"], 2);
        assert_eq!(public["foreign_talent_target"], 15);
        assert_eq!(public["cumulative_foreign_talent_target"], 35);
        assert!(!public.to_string().contains("Candidate"));
        let csv = app.get("/api/v1/public/kpi.csv").send().await;
        assert_eq!(csv.status.as_u16(), 200);
        assert!(csv.text().contains("2021年度,外国人材の採用数(人),15,2,35,2,13.33"), "{}", csv.text());
    }
}

api_test! {
    async fn job_fair_registrations_and_attendance_reach_the_public_report(backend) {
        let app = TestApp::new(backend).await;
        let desk = app.user(Role::Desk);
        let fair = job_fair(&app).await;
        let sme = approved_sme(&app).await;
        let (candidate_user, candidate) = self_registered_candidate(&app, "Tran Thi B").await;
        let buyer = app.new_user(Role::Buyer);
        let path = format!("/api/v1/events/{fair}/registrations");
        let by_candidate = app.post(&path).by(&candidate_user).send().await.expect(201);
        assert_eq!(by_candidate["candidate_id"], candidate);
        let by_company = app.post(&path).by(&sme).send().await.expect(201);
        app.post(&path).by(&buyer).send().await.expect(201);
        app.post(&path).by(&sme).send().await.problem(409);
        let walk_in = desk_candidate(&app, "Walk-in", "VN").await;
        app.post(&path).by(&desk).json(&json!({"candidate_id": walk_in})).send().await.expect(201);
        // Nobody registers someone else but the desk.
        app.post(&path).by(&approved_sme(&app).await).json(&json!({"company_id": sme.company_id.unwrap()})).send().await.problem(403);
        app.get(&path).by(&sme).send().await.problem(403);
        // Trade fairs take exhibitors and meeting requests, not registrations.
        let trade_fair = crate::meetings::bangkok_fair(&app, json!({})).await;
        app.post(&format!("/api/v1/events/{trade_fair}/registrations"))
            .by(&sme)
            .send()
            .await
            .problem(409);
        let listed = app.get(&path).by(&desk).send().await.expect(200);
        assert_eq!(listed.as_array().unwrap().len(), 4);

        let registration = by_company["id"].as_str().unwrap();
        let marked = app
            .post(&format!("{path}/{registration}/attendance"))
            .by(&desk)
            .send()
            .await
            .expect(200);
        assert_eq!(marked["attended"], true);
        app.post(&format!("{path}/{}/attendance", by_candidate["id"].as_str().unwrap()))
            .by(&sme)
            .send()
            .await
            .problem(403);

        let public = app.get("/api/v1/public/kpi?fiscal_year=2021").send().await.expect(200);
        assert_eq!(
            public["event_attendance"],
            json!([{"event_name": "Global I-turn Job Fair Hanoi", "kind": "job_fair", "starts_on": "2021-10-15",
                    "registered": 4, "attended": 1}])
        );
        let attendance = app
            .get(&format!("/api/v1/companies/{}/attendance", sme.company_id.unwrap()))
            .by(&desk)
            .send()
            .await
            .expect(200);
        assert_eq!(attendance[0]["attended"], true);
        app.get(&format!("/api/v1/companies/{}/attendance", sme.company_id.unwrap()))
            .by(&sme)
            .send()
            .await
            .problem(403);
        // A candidate's registrations are part of its own data.
        let own = app.get(&format!("/api/v1/candidates/{candidate}")).by(&candidate_user).send().await.expect(200);
        assert_eq!(own["event_registrations"][0]["event_id"], fair);
    }
}

api_test! {
    async fn a_job_fair_candidate_is_hired_counted_and_erased_without_changing_the_count(backend) {
        let app = TestApp::new(backend).await;
        let desk = app.user(Role::Desk);
        let admin = app.user(Role::Admin);
        // A company publishes a posting.
        let sme = approved_sme(&app).await;
        let job = published_job(&app, &sme, "engineer_specialist_humanities").await;
        // A candidate registered by the desk at a job fair applies from it.
        let fair = job_fair(&app).await;
        let candidate = desk_candidate(&app, "Pham Minh Chau", "VN").await;
        app.post(&format!("/api/v1/events/{fair}/registrations"))
            .by(&desk)
            .json(&json!({"candidate_id": candidate}))
            .send()
            .await
            .expect(201);
        let application = apply_by_desk(&app, &job, &candidate, json!({"job_fair_event_id": fair})).await;
        assert_eq!(application["job_fair_event_id"], fair);
        let id = application["id"].as_str().unwrap().to_owned();
        // The company moves it to hired; the KPI counts it in FY2021.
        hire(&app, &sme, &id, "2022-03-31").await;
        assert_eq!(kpi(&app, 2021).await["foreign_talent"]["actual"], 1);
        assert_eq!(kpi(&app, 2022).await["foreign_talent"]["actual"], 0);

        // Only the candidate itself or an admin erases: the desk and the company may not.
        let path = format!("/api/v1/candidates/{candidate}");
        app.post(&format!("{path}/erase")).by(&desk).send().await.problem(403);
        app.post(&format!("{path}/erase")).by(&sme).send().await.problem(404);
        let erased = app.post(&format!("{path}/erase")).by(&admin).send().await.expect(200);
        assert_eq!(erased["full_name"], "erased");
        for field in ["email", "phone", "university", "field_of_study", "visa_status", "graduation_year"] {
            assert_eq!(erased[field], Value::Null, "{field}");
        }
        assert_eq!(erased["nationality"], "VN");
        assert!(erased["erased_at"].is_string());

        // The name is gone everywhere.
        for user in [&desk, &sme] {
            let shown = app.get(&path).by(user).send().await.expect(200);
            assert!(!shown.to_string().contains("Pham"), "{shown}");
        }
        let listed = app.get("/api/v1/applications").by(&sme).send().await.expect(200);
        assert_eq!(listed["items"][0]["candidate"]["full_name"], "erased");
        assert!(!listed.to_string().contains("Pham"));
        let audit = app.get("/api/v1/audit?limit=100").by(&admin).send().await.expect(200);
        assert!(!audit.to_string().contains("Pham"), "{audit}");
        assert!(!audit.to_string().contains("candidate@example.test"));
        let erase_entry = app
            .get(&format!("/api/v1/audit?entity=candidate&entity_id={candidate}"))
            .by(&admin)
            .send()
            .await
            .expect(200);
        assert!(erase_entry["items"].as_array().unwrap().iter().any(|e| e["action"] == "erase"));
        // The erased record cannot be edited back, and the count is unchanged.
        app.patch(&path).by(&desk).json(&json!({"full_name": "Pham"})).send().await.problem(409);
        let report = kpi(&app, 2021).await;
        assert_eq!(report["foreign_talent"]["actual"], 1);
        assert_eq!(report["foreign_talent"]["by_nationality"], json!([{"key": "VN", "count": 1}]));
        let public = app.get("/api/v1/public/kpi?fiscal_year=2021").send().await.expect(200);
        assert_eq!(public["foreign_talent_hired"], 1);
    }
}

api_test! {
    async fn an_erased_candidate_account_is_disabled(backend) {
        let app = TestApp::new(backend).await;
        let (user, candidate) = self_registered_candidate(&app, "Erase Me").await;
        let erased = app.post(&format!("/api/v1/candidates/{candidate}/erase")).by(&user).send().await.expect(200);
        assert_eq!(erased["full_name"], "erased");
        assert_eq!(erased["languages"], json!([]));
        app.post("/api/v1/auth/login")
            .json(&json!({"email": user.email, "password": crate::common::PASSWORD}))
            .send()
            .await
            .problem(401);
    }
}
