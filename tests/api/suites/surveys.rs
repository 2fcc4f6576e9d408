//! Outcomes asked for, not waited for: a held meeting's surveys go to both sides by mail
//! with personal links that need no sign-in; the answers become the sides' negotiation
//! reports, which the KPI counts; the desk follows up what stays unanswered.

use std::time::Duration;

use chrono::{Datelike, Months, NaiveDate, TimeDelta, Utc};
use sagamihara_match::auth::Role;
use sagamihara_match::notifications::survey_links;
use serde_json::{json, Value};

use crate::common::fixtures::*;
use crate::common::smtp::{Received, SmtpSink};
use crate::common::{TestApp, TestUser};
use crate::{api_test, mail_test};

/// A trade fair on `day` in Bangkok, 10:00–11:00 in 20-minute slots, two tables.
/// Returns the event, its slot ids and its table ids.
async fn fair_on(app: &TestApp, day: NaiveDate) -> (String, Vec<String>, Vec<String>) {
    let desk = app.user(Role::Desk);
    let event = app
        .create_event(
            &desk,
            &json!({"kind": "trade_fair", "name": "Sagamihara Business Meeting Bangkok", "city": "Bangkok",
                    "country": "TH", "venue": "BITEC", "time_zone": "Asia/Bangkok",
                    "starts_on": day, "ends_on": day, "slot_minutes": 20}),
        )
        .await
        .expect(201)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    app.create_slots(
        &desk,
        &event,
        &json!({"days": [{"date": day, "start": "10:00", "end": "11:00"}]}),
    )
    .await
    .expect(201);
    app.create_tables(&desk, &event, &json!({"labels": ["A1", "A2"]}))
        .await
        .expect(201);
    let slots = slots(app, &event)
        .await
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_owned())
        .collect();
    let tables = tables(app, &event).await;
    (event, slots, tables)
}

fn today() -> NaiveDate {
    (Utc::now() + TimeDelta::hours(9)).date_naive()
}

/// The survey link of the mail to `user` whose subject says `what`, and its token.
fn link_in(mails: &[Received], user: &TestUser, what: &str) -> String {
    let mail = mails
        .iter()
        .find(|m| m.to.contains(&user.email) && m.subject.contains(what))
        .unwrap_or_else(|| panic!("no {what:?} mail to {}", user.email));
    let text = mail.text();
    let start = text
        .find("https://match.example/api/v1/surveys/")
        .expect("the mail carries its link");
    let link: String = text[start..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect();
    link.rsplit('/').next().unwrap().to_owned()
}

fn survey_mails(all: &[Received]) -> Vec<&Received> {
    all.iter()
        .filter(|m| m.text().contains("/api/v1/surveys/"))
        .collect()
}

mail_test! {
    async fn a_fair_four_months_ago_is_surveyed_and_the_answers_are_what_the_kpi_counts(backend) {
        let sink = SmtpSink::start();
        let app = TestApp::with_mail(backend, &sink).await;
        app.start_delivery();
        let desk = app.user(Role::Desk);
        let day = today().checked_sub_months(Months::new(4)).unwrap();
        let (event, slots, tables) = fair_on(&app, day).await;
        let sme = exhibitor(&app, &event).await;
        let (first, buyer) = held_meeting(&app, &event, &sme, &slots[0], &tables[0]).await;
        let (_second, other_buyer) = held_meeting(&app, &event, &sme, &slots[1], &tables[0]).await;

        // +1 day and +3 months are past: both go out at once, to both sides of both
        // meetings; +6 months is two months away.
        let mails = sink
            .wait_for(Duration::from_secs(10), "eight survey mails", |all| survey_mails(all).len() >= 8)
            .await;
        let surveys = survey_mails(&mails);
        assert_eq!(surveys.len(), 8, "{:#?}", surveys.iter().map(|m| &m.subject).collect::<Vec<_>>());
        let company_mails: Vec<_> = surveys.iter().filter(|m| m.to.contains(&sme.email)).collect();
        assert_eq!(company_mails.len(), 4);
        assert!(company_mails.iter().all(|m| m.subject.contains('【')), "the company reads Japanese");
        assert!(company_mails.iter().any(|m| m.subject.contains("3か月後")));
        for member in [&buyer, &other_buyer] {
            let own: Vec<_> = surveys.iter().filter(|m| m.to.contains(&member.email)).collect();
            assert_eq!(own.len(), 2);
            assert!(own.iter().any(|m| m.subject.starts_with("3 months on")), "the buyer reads English");
            assert!(own.iter().any(|m| m.subject.starts_with("Survey: how was your meeting")));
        }
        // The company's 3-month mail about the first buyer names it.
        let company_3m = link_in(&mails, &sme, &format!("{}との商談（3か月後）", buyer_name(&app, &buyer).await));
        let buyer_3m = link_in(&mails, &buyer, "3 months on");
        let company_feedback = link_in(&mails, &sme, &format!("{}との商談はいかがでしたか", buyer_name(&app, &buyer).await));

        // The links work without signing in, in the respondent's language.
        let survey = app.get_survey(&company_3m).await.expect(200);
        assert_eq!(survey["kind"], "outcome_3m");
        assert_eq!(survey["language"], "ja");
        assert_eq!(survey["context"]["other_party"], buyer_name(&app, &buyer).await);
        assert_eq!(survey["context"]["starts_on"], day.to_string());
        let fields: Vec<&str> = survey["questions"].as_array().unwrap().iter().map(|q| q["field"].as_str().unwrap()).collect();
        assert_eq!(fields[0], "outcome");
        let buyer_view = app.get_survey(&buyer_3m).await.expect(200);
        assert_eq!(buyer_view["language"], "en");
        assert_eq!(buyer_view["questions"][0]["label"], "Where does the negotiation stand?");

        // An outcome follows the negotiation report's rules.
        app.answer_survey(&company_3m, &json!({"outcome": "won", "amount_minor": 200000, "currency": "USD"})).await.problem(422);
        app.answer_survey(&company_3m, &json!({"outcome": "won", "rating": 5})).await.problem(422);
        let won_on = today() - TimeDelta::days(3);
        app.answer_survey(&company_3m, &json!({"outcome": "won", "amount_minor": 200000, "currency": "USD", "exchange_rate": "150", "closed_on": won_on}))
            .await
            .expect(201);
        app.answer_survey(&buyer_3m, &json!({"outcome": "prospect", "comment": "Waiting for the samples"})).await.expect(201);
        app.answer_survey(&company_feedback, &json!({"rating": 4, "next_step": "quotation"})).await.expect(201);
        // A link works once.
        app.answer_survey(&buyer_3m, &json!({"outcome": "lost", "closed_on": won_on})).await.problem(409);
        app.get_survey(&company_3m).await.problem(409);

        // The answers are the sides' reports: the company's counts, the two disagree.
        let negotiation = app.get_negotiation(&desk, &first).await.expect(200);
        assert_eq!(negotiation["effective"]["status"], "won");
        assert_eq!(negotiation["reports_disagree"], true);
        let sides: Vec<&str> = negotiation["reports"].as_array().unwrap().iter().map(|r| r["side"].as_str().unwrap()).collect();
        assert_eq!(sides.len(), 2);
        assert!(sides.contains(&"company") && sides.contains(&"buyer"));

        // By hand: two meetings held in the year, one won for 200,000 × 1.50 = 300,000 yen,
        // one pair of reports that disagree.
        let year = if day.month() >= 4 { day.year() } else { day.year() - 1 };
        let report = kpi(&app, year).await;
        assert_eq!(report["close_rate"]["counts"]["held"], 2);
        assert_eq!(report["close_rate"]["actual_percent"], 50.0);
        assert_eq!(report["overseas_sales"]["actual_yen"], 300_000);
        assert_eq!(report["overseas_sales"]["actual_thousand_yen"], 300);
        assert_eq!(report["disagreeing_reports"], 1);
        // How complete that is: the first meeting has both reports, the second none; of the
        // surveys due, one of four +1 day and two of four +3 months were answered.
        let coverage = &report["data_coverage"];
        assert_eq!(coverage["held"], 2);
        assert_eq!(coverage["with_company_report"], 1);
        assert_eq!(coverage["with_buyer_report"], 1);
        assert_eq!(coverage["with_both_reports"], 1);
        assert_eq!(coverage["with_confirmed_outcome"], 0);
        assert_eq!(coverage["with_no_outcome"], 1);
        assert_eq!(coverage["average_meeting_rating"], 4.0);
        let rate = |kind: &str| {
            coverage["surveys"].as_array().unwrap().iter().find(|s| s["kind"] == kind).cloned()
        };
        assert_eq!(rate("meeting_feedback").unwrap()["response_rate_percent"], 25.0);
        assert_eq!(rate("outcome_3m").unwrap()["answered"], 2);
        assert_eq!(rate("outcome_3m").unwrap()["response_rate_percent"], 50.0);
        assert!(rate("outcome_6m").is_none(), "not due yet");
        // The same per fair, with its funnel.
        let by_event = app.kpi_breakdown(&app.user(Role::Reviewer), &format!("fiscal_year={year}&by=event")).await.expect(200);
        let fair = &by_event["items"][0];
        assert_eq!(fair["key"], event.as_str());
        assert_eq!(fair["coverage"], *coverage);
        assert_eq!(fair["funnel"]["requested"], 2);
        assert_eq!(fair["funnel"]["scheduled"], 2);
        assert_eq!(fair["funnel"]["held"], 2);
        assert_eq!(fair["funnel"]["no_show_rate_percent"], 0.0);
        // The public report shows the coverage, and nothing of who said what.
        let public = app.public_kpi(&format!("fiscal_year={year}")).await.expect(200);
        assert_eq!(public["data_coverage"], *coverage);
        let text = public.to_string();
        assert!(!text.contains("Waiting for the samples") && !text.contains(&buyer_name(&app, &buyer).await));

        // The company answered won: its +6 months survey is never sent; the buyer's still is.
        let six = app.list_notifications(&app.user(Role::Admin), "kind=survey.outcome_6m&limit=100").await.expect(200);
        let rows = six["items"].as_array().unwrap();
        assert_eq!(rows.len(), 4);
        let dropped: Vec<&Value> = rows.iter().filter(|r| r["status"] == "dropped").collect();
        assert_eq!(dropped.len(), 1, "{six}");
        assert_eq!(dropped[0]["recipient_id"], sme.id.to_string());
        assert_eq!(rows.iter().filter(|r| r["status"] == "pending").count(), 3);
    }
}

async fn buyer_name(app: &TestApp, buyer: &TestUser) -> String {
    app.get_buyer(buyer, buyer.buyer_id.unwrap())
        .await
        .expect(200)["name"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// A token for `user` to answer `kind` of `meeting`, minted as the worker mints it when it
/// sends the survey's mail (the tests without a mail server have no mail to take it from).
fn token_for(app: &TestApp, meeting: &str, kind: &str, user: &TestUser) -> String {
    use diesel::prelude::*;
    use sagamihara_match::db::schema::surveys;
    let mut conn = app.state.pool.get().expect("a connection");
    let side = if user.role == Role::Sme {
        "company"
    } else {
        "buyer"
    };
    let survey: String = surveys::table
        .filter(surveys::meeting_id.eq(meeting))
        .filter(surveys::kind.eq(kind))
        .filter(surveys::side.eq(side))
        .select(surveys::id)
        .first(&mut conn)
        .expect("the meeting's survey");
    survey_links::mint(
        &mut conn,
        &survey,
        &user.id.to_string(),
        sagamihara_match::db::now(),
    )
    .expect("a token")
}

api_test!(
    async fn a_token_opens_its_own_survey_once_and_an_expired_one_nothing(backend) {
        let app = TestApp::new(backend).await;
        let day = today() - TimeDelta::days(10);
        let (event, slots, tables) = fair_on(&app, day).await;
        let sme = exhibitor(&app, &event).await;
        let (first, buyer) = held_meeting(&app, &event, &sme, &slots[0], &tables[0]).await;
        let (second, other) = held_meeting(&app, &event, &sme, &slots[1], &tables[1]).await;
        let mine = token_for(&app, &first, "meeting_feedback", &buyer);
        let theirs = token_for(&app, &second, "meeting_feedback", &other);

        // Each token shows its own meeting only: the other party is its own meeting's.
        let view = app.get_survey(&mine).await.expect(200);
        let other_view = app.get_survey(&theirs).await.expect(200);
        assert_ne!(view["id"], other_view["id"]);
        assert_eq!(view["context"]["other_party"], other_view["context"]["other_party"], "both met the same company");
        assert_eq!(view["kind"], "meeting_feedback");
        // No interpreter was scheduled: no interpreter question.
        assert!(view["questions"].as_array().unwrap().iter().all(|q| q["field"] != "interpreter_rating"));

        // Answering one leaves the other open.
        app.answer_survey(&mine, &json!({"rating": 5, "next_step": "samples"})).await.expect(201);
        app.answer_survey(&mine, &json!({"rating": 1})).await.problem(409);
        app.get_survey(&theirs).await.expect(200);
        // A feedback survey does not take an outcome, and needs its rating.
        let fields = crate::common::error_fields(&app.answer_survey(&theirs, &json!({"outcome": "won"})).await.problem(422));
        assert!(fields.contains(&"outcome".to_owned()) && fields.contains(&"rating".to_owned()), "{fields:?}");
        app.answer_survey(&theirs, &json!({"rating": 6})).await.problem(422);

        // Unknown and expired look the same.
        app.get_survey("not-a-token").await.problem(404);
        {
            use diesel::prelude::*;
            use sagamihara_match::db::schema::survey_links as l;
            let mut conn = app.state.pool.get().unwrap();
            diesel::update(l::table.find(survey_links::hash(&theirs)))
                .set(l::expires_at.eq(sagamihara_match::db::now() - TimeDelta::minutes(1)))
                .execute(&mut conn)
                .unwrap();
        }
        app.get_survey(&theirs).await.problem(404);
        app.answer_survey(&theirs, &json!({"rating": 3})).await.problem(404);

        // The outcome survey's token of one meeting cannot report on another: it reports
        // only for its own meeting and side.
        let company_3m = token_for(&app, &second, "outcome_3m", &sme);
        app.answer_survey(&company_3m, &json!({"outcome": "prospect"})).await.expect(201);
        let first_negotiation = app.get_negotiation(&app.user(Role::Desk), &first).await.expect(200);
        assert!(first_negotiation["reports"].as_array().unwrap().is_empty());
        let second_negotiation = app.get_negotiation(&app.user(Role::Desk), &second).await.expect(200);
        assert_eq!(second_negotiation["reports"][0]["side"], "company");
        assert_eq!(second_negotiation["effective"]["status"], "prospect");
    }
);

/// The first day a meeting could be held for its +3 months survey to fall due at most `days`
/// days ago (UTC dates). Not simply today − 3 months − `days`: months differ in length (on 4
/// December that gave 20 August, whose survey fell due on 20 November, 14 days before; the
/// test failed so on 2026-12-04). The day before it has its survey due more than `days` ago.
fn first_meeting_day_due_within(days: i64) -> NaiveDate {
    let due_by = Utc::now().date_naive() - TimeDelta::days(days);
    let due = |day: NaiveDate| day.checked_add_months(Months::new(3)).unwrap();
    let mut day = due_by.checked_sub_months(Months::new(3)).unwrap() - TimeDelta::days(4);
    while due(day) < due_by {
        day += TimeDelta::days(1);
    }
    day
}

api_test!(
    async fn an_unanswered_survey_is_followed_up_on_day_fifteen_and_dropped_after_a_contact(backend) {
        let app = TestApp::new(backend).await;
        let desk = app.user(Role::Desk);
        // One meeting whose +3 months survey fell due 15 days ago (or more), one whose fell due
        // 13 days ago (or less). Counted from UTC's date, as the slots (10:00 in Bangkok, 03:00
        // UTC) and the queue's 14 days are: from Japan's date, between 15:00 and 24:00 UTC the
        // late survey would be a day short of its 15 (the test failed so at 15:10 UTC).
        let (late, slots_late, tables_late) = fair_on(&app, first_meeting_day_due_within(14) - TimeDelta::days(1)).await;
        let (recent, slots_recent, tables_recent) = fair_on(&app, first_meeting_day_due_within(13)).await;
        let sme = exhibitor(&app, &late).await;
        app.add_exhibitor(&desk, &recent, &json!({"company_id": sme.company_id.unwrap()})).await.expect(201);
        let (overdue, _) = held_meeting(&app, &late, &sme, &slots_late[0], &tables_late[0]).await;
        let (not_yet, _) = held_meeting(&app, &recent, &sme, &slots_recent[0], &tables_recent[0]).await;

        let queue = app.list_follow_ups(&desk, "").await.expect(200);
        let items = queue["items"].as_array().unwrap();
        assert_eq!(items.len(), 2, "both sides' surveys of the late meeting: {queue}");
        assert!(items.iter().all(|i| i["reason"] == "survey_unanswered" && i["meeting_id"] == overdue.as_str()));
        assert!(items.iter().all(|i| i["meeting_id"] != not_yet.as_str()));

        // Assigned to a desk member, then taken out by a contact.
        let item = items[0]["id"].as_str().unwrap().to_owned();
        app.update_follow_up(&desk, &item, &json!({"assignee_id": app.user(Role::Buyer).id})).await.problem(422);
        let assigned = app.update_follow_up(&desk, &item, &json!({"assignee_id": desk.id})).await.expect(200);
        assert_eq!(assigned["assignee_id"], desk.id.to_string());
        let mine = app.list_follow_ups(&desk, &format!("assignee={}", desk.id)).await.expect(200);
        assert_eq!(mine["items"].as_array().unwrap().len(), 1);
        app.log_contact(&desk, &overdue, &json!({"contacted_on": today(), "channel": "phone", "summary": "Called both sides"})).await.expect(201);
        let queue = app.list_follow_ups(&desk, "").await.expect(200);
        assert!(queue["items"].as_array().unwrap().is_empty(), "{queue}");
        let done = app.list_follow_ups(&desk, "status=done").await.expect(200);
        let done = done["items"].as_array().unwrap();
        assert_eq!(done.len(), 2);
        assert!(done.iter().all(|i| i["resolution"] == "contact"));

        // Only the desk works the queue.
        for role in [Role::Sme, Role::Buyer, Role::Reviewer, Role::Candidate] {
            app.list_follow_ups(&app.user(role), "").await.problem(403);
        }
    }
);

api_test!(
    async fn the_support_log_is_the_desks_the_company_reads_its_own_without_internal_notes(backend) {
        let app = TestApp::new(backend).await;
        let desk = app.user(Role::Desk);
        let sme = app.user(Role::Sme);
        let company = sme.company_id.unwrap();
        let visit = json!({"occurred_on": today(), "channel": "visit", "topic": "certification",
                           "notes": "ISO 9001 audit next spring", "internal": false});
        let internal = json!({"occurred_on": today(), "channel": "call", "topic": "funding",
                              "notes": "Cash flow is tight", "internal": true,
                              "next_action_on": today()});
        app.record_support(&desk, company, &visit).await.expect(201);
        app.record_support(&desk, company, &internal).await.expect(201);
        app.record_support(&sme, company, &visit).await.problem(403);
        app.record_support(&desk, company, &json!({"occurred_on": today(), "channel": "fax", "topic": "other", "notes": "x", "internal": false})).await.problem(422);

        let whole = app.get_support_log(&desk, company, "").await.expect(200);
        assert_eq!(whole["counts"]["total"], 2);
        assert_eq!(whole["entries"].as_array().unwrap().len(), 2);
        let own = app.get_support_log(&sme, company, "").await.expect(200);
        let notes: Vec<&Value> = own["entries"].as_array().unwrap().iter().map(|e| &e["notes"]).collect();
        assert!(notes.contains(&&json!("ISO 9001 audit next spring")));
        assert!(notes.contains(&&Value::Null), "internal notes are the desk's");
        assert!(!own.to_string().contains("Cash flow"));
        let counts = app.get_support_log(&app.user(Role::Reviewer), company, "").await.expect(200);
        assert_eq!(counts["counts"]["by_topic"]["funding"], 1);
        assert_eq!(counts["entries"], Value::Null);
        assert!(!counts.to_string().contains("ISO 9001"));
        app.get_support_log(&app.new_user(Role::Sme), company, "").await.problem(404);
        app.get_support_log(&app.user(Role::Buyer), company, "").await.problem(403);

        // The next action due today is in the queue until the desk logs the next support.
        let queue = app.list_follow_ups(&desk, "").await.expect(200);
        let items = queue["items"].as_array().unwrap();
        assert_eq!(items.len(), 1, "{queue}");
        assert_eq!(items[0]["reason"], "support_action_due");
        assert_eq!(items[0]["company_id"], company.to_string());
        app.record_support(&desk, company, &visit).await.expect(201);
        let queue = app.list_follow_ups(&desk, "").await.expect(200);
        assert!(queue["items"].as_array().unwrap().is_empty(), "{queue}");
    }
);

api_test!(
    async fn a_long_support_log_comes_a_page_at_a_time_newest_first_and_counted_whole(backend) {
        let app = TestApp::new(backend).await;
        let desk = app.user(Role::Desk);
        let company = app.user(Role::Sme).company_id.unwrap();
        // 25 entries over 25 days, two of them on the last day.
        for day in 1..=24 {
            let entry = json!({"occurred_on": format!("2026-10-{day:02}"), "channel": "call",
                               "topic": "market_entry", "notes": format!("Call {day}"), "internal": false});
            app.record_support(&desk, company, &entry).await.expect(201);
        }
        let last = json!({"occurred_on": "2026-10-24", "channel": "visit", "topic": "logistics",
                          "notes": "Visit 24", "internal": false});
        app.record_support(&desk, company, &last).await.expect(201);

        let first = app.get_support_log(&desk, company, "").await.expect(200);
        assert_eq!(first["counts"]["total"], 25);
        assert_eq!(first["counts"]["by_channel"]["visit"], 1);
        let entries = first["entries"].as_array().unwrap();
        assert_eq!(entries.len(), 20);
        assert_eq!(entries[0]["occurred_on"], "2026-10-24");
        assert_eq!(entries[19]["occurred_on"], "2026-10-06");
        let cursor = first["next_cursor"].as_str().expect("a second page");
        let second = app.get_support_log(&desk, company, &format!("cursor={cursor}")).await.expect(200);
        assert_eq!(second["counts"]["total"], 25);
        let days: Vec<&str> = second["entries"].as_array().unwrap().iter().map(|e| e["occurred_on"].as_str().unwrap()).collect();
        assert_eq!(days, ["2026-10-05", "2026-10-04", "2026-10-03", "2026-10-02", "2026-10-01"]);
        assert_eq!(second["next_cursor"], Value::Null);
        // Both entries of the 24th, each once, over pages of one.
        let one = app.get_support_log(&desk, company, "limit=1").await.expect(200);
        let next = one["next_cursor"].as_str().unwrap();
        let two = app.get_support_log(&desk, company, &format!("limit=1&cursor={next}")).await.expect(200);
        assert_eq!(two["entries"][0]["occurred_on"], "2026-10-24");
        assert_ne!(one["entries"][0]["id"], two["entries"][0]["id"]);
        // A well-formed cursor the log never handed out names no place: an empty page.
        let stray = app.get_support_log(&desk, company, "cursor=AAAA").await.expect(200);
        assert_eq!(stray["entries"], json!([]));
        assert_eq!(stray["counts"]["total"], 25);
        // Reviewers: the counts, no entries and no cursor.
        let counts = app.get_support_log(&app.user(Role::Reviewer), company, "").await.expect(200);
        assert_eq!((counts["entries"].clone(), counts["next_cursor"].clone()), (Value::Null, Value::Null));
    }
);

api_test!(
    async fn guessing_survey_links_is_throttled_like_logins(backend) {
        let app = TestApp::with_config(backend, |config| {
            config.rate_limits.login_per_ip_per_minute = 3;
        })
        .await;
        let mut statuses = Vec::new();
        for n in 0..5 {
            let guess = format!("guessed-token-{n}");
            let response = if n % 2 == 0 {
                app.get_survey(&guess).send().await
            } else {
                app.answer_survey(&guess, &json!({"rating": 5})).send().await
            };
            statuses.push(response.status.as_u16());
        }
        assert_eq!(statuses, [404, 404, 404, 429, 429]);
    }
);

api_test!(
    async fn an_attendee_of_a_job_fair_is_asked_the_day_after_and_a_walk_in_without_an_account_is_not(backend) {
        use diesel::prelude::*;
        use sagamihara_match::db::schema::surveys;
        let app = TestApp::new(backend).await;
        let desk = app.user(Role::Desk);
        let fair = job_fair(&app).await;
        let sme = approved_sme(&app).await;
        let (candidate_user, _) = self_registered_candidate(&app, "Tran Thi B").await;
        let by_company = app.register_for_event(&sme, &fair).await.expect(201);
        let by_candidate = app.register_for_event(&candidate_user, &fair).await.expect(201);
        let walk_in = desk_candidate(&app, "Walk-in", "VN").await;
        let by_walk_in = app.register_for_event(&desk, &fair).json(&json!({"candidate_id": walk_in})).await.expect(201);
        for registration in [&by_company, &by_candidate, &by_walk_in] {
            app.mark_attendance(&desk, &fair, registration["id"].as_str().unwrap()).await.expect(200);
        }
        // Marking twice schedules nothing more.
        app.mark_attendance(&desk, &fair, by_company["id"].as_str().unwrap()).await.expect(200);
        let asked = app.list_notifications(&desk, "kind=survey.event_feedback").await.expect(200);
        let recipients: Vec<&Value> = asked["items"].as_array().unwrap().iter().map(|m| &m["recipient_id"]).collect();
        assert_eq!(recipients.len(), 2, "{asked}");
        assert!(recipients.contains(&&json!(sme.id)) && recipients.contains(&&json!(candidate_user.id)));

        let survey: String = {
            let mut conn = app.state.pool.get().unwrap();
            surveys::table
                .filter(surveys::registration_id.eq(by_candidate["id"].as_str().unwrap()))
                .select(surveys::id)
                .first(&mut conn)
                .unwrap()
        };
        let token = {
            let mut conn = app.state.pool.get().unwrap();
            survey_links::mint(&mut conn, &survey, &candidate_user.id.to_string(), sagamihara_match::db::now()).unwrap()
        };
        let view = app.get_survey(&token).await.expect(200);
        assert_eq!(view["kind"], "event_feedback");
        assert_eq!(view["context"]["event_name"], "Global I-turn Job Fair Hanoi");
        assert_eq!(view["context"]["other_party"], Value::Null);
        assert_eq!(view["due_at"], "2021-10-16T00:00:00Z");
        app.answer_survey(&token, &json!({"rating": 4, "next_step": "visit"})).await.problem(422);
        app.answer_survey(&token, &json!({"rating": 4, "would_recommend": true})).await.expect(201);
        let report = kpi(&app, 2021).await;
        let rates = report["data_coverage"]["surveys"].as_array().unwrap();
        let event = rates.iter().find(|s| s["kind"] == "event_feedback").expect("the event questionnaires");
        assert_eq!((event["due"].clone(), event["answered"].clone()), (json!(2), json!(1)));
    }
);
