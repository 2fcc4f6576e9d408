//! Seminars with a capacity: the waitlist, cancellations and promotions, capacity changes,
//! who takes part on the day, and who may cancel what.

use std::time::Duration;

use actix_web::http::Method;
use futures_util::future::join_all;
use sagamihara_match::auth::Role;
use sagamihara_match::events::check_in_code;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::common::fixtures::{approved_sme, self_registered_candidate, verified_buyer};
use crate::common::smtp::SmtpSink;
use crate::common::{TestApp, TestUser};
use crate::{api_test, mail_test};

/// A seminar on 15 October 2026 with `capacity` seats (`null`: unlimited). Returns its
/// settings as the desk would send them back, with its id.
async fn seminar(app: &TestApp, capacity: Value) -> (String, Value) {
    let settings = json!({"kind": "seminar", "name": "Export seminar Hanoi", "city": "Hanoi", "country": "VN",
        "venue": "JETRO Hanoi", "time_zone": "Asia/Ho_Chi_Minh", "starts_on": "2026-10-15", "ends_on": "2026-10-15",
        "capacity": capacity});
    let created = app
        .create_event(&app.user(Role::Desk), &settings)
        .await
        .expect(201);
    assert_eq!(created["capacity"], settings["capacity"]);
    (created["id"].as_str().unwrap().to_owned(), settings)
}

fn id(v: &Value) -> String {
    v["id"].as_str().unwrap().to_owned()
}

/// The status and waitlist place of each of `ids` in the desk's list of `event`.
async fn standing(app: &TestApp, event: &str, ids: &[&str]) -> Vec<(String, Value)> {
    let listed = app
        .list_registrations(&app.user(Role::Desk), event)
        .await
        .expect(200);
    ids.iter()
        .map(|id| {
            let r = listed
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["id"] == *id)
                .unwrap();
            (
                r["status"].as_str().unwrap().to_owned(),
                r["waitlist_position"].clone(),
            )
        })
        .collect()
}

fn confirmed() -> (String, Value) {
    ("confirmed".into(), Value::Null)
}

fn waiting(place: i64) -> (String, Value) {
    ("waitlisted".into(), json!(place))
}

/// The check-in code `participant` would have at `event`, signed as the service signs them.
fn code_for(app: &TestApp, event: &str, participant: Uuid) -> String {
    let key = app.state.config.check_in_key();
    check_in_code::code(&key, &event.parse().unwrap(), &participant).unwrap()
}

api_test! {
    async fn a_full_seminar_waitlists_in_order_and_a_freed_seat_goes_to_the_first_waiting(backend) {
        let app = TestApp::new(backend).await;
        let desk = app.user(Role::Desk);
        let (event, mut settings) = seminar(&app, json!(2)).await;
        let (first, second, third, fourth) = (approved_sme(&app).await, verified_buyer(&app).await, approved_sme(&app).await, verified_buyer(&app).await);
        let r1 = app.register_for_event(&first, &event).await.expect(201);
        assert_eq!((r1["status"].clone(), r1["waitlist_position"].clone()), (json!("confirmed"), Value::Null));
        let r2 = app.register_for_event(&second, &event).await.expect(201);
        let r3 = app.register_for_event(&third, &event).await.expect(201);
        assert_eq!((r3["status"].clone(), r3["waitlist_position"].clone()), (json!("waitlisted"), json!(1)));
        let r4 = app.register_for_event(&fourth, &event).await.expect(201);
        assert_eq!(r4["waitlist_position"], 2);
        let (r1, r2, r3, r4) = (id(&r1), id(&r2), id(&r3), id(&r4));
        let only_waiting = app.get(&format!("/api/v1/events/{event}/registrations?status=waitlisted")).by(&desk).send().await.expect(200);
        let only_waiting: Vec<&Value> = only_waiting.as_array().unwrap().iter().map(|r| &r["id"]).collect();
        assert_eq!(only_waiting, [&json!(r3), &json!(r4)]);

        // Only the confirmed take part: the waiting have no badge, their codes do not check in,
        // and they are not marked attended.
        let third_company = third.company_id.unwrap();
        app.get_badge(&desk, &event, third_company).await.problem(404);
        app.check_in(&desk, &event, &code_for(&app, &event, third_company)).await.problem(404);
        app.mark_attendance(&desk, &event, &r3).await.problem(409);
        let participants = app.list_participants(&desk, &event, "").await.expect(200);
        assert_eq!(participants["items"].as_array().unwrap().len(), 2, "{participants}");
        let first_code = app.get_badge(&desk, &event, first.company_id.unwrap()).await.expect(200)["token"].as_str().unwrap().to_owned();

        // The first registrant cancels: the first waiting takes its seat, the second moves up.
        let cancelled = app.cancel_registration(&first, &event, &r1).await.expect(200);
        assert_eq!(cancelled["status"], "cancelled");
        assert!(cancelled["cancelled_at"].is_string());
        assert_eq!(standing(&app, &event, &[&r1, &r2, &r3, &r4]).await,
                   [("cancelled".into(), Value::Null), confirmed(), confirmed(), waiting(1)]);
        app.cancel_registration(&first, &event, &r1).await.problem(409);
        app.check_in(&desk, &event, &first_code).await.problem(404);
        app.check_in(&desk, &event, &code_for(&app, &event, third_company)).await.expect(201);
        app.register_for_event(&first, &event).await.problem(409);

        // The desk cannot lower the capacity below the confirmed; raising it promotes.
        settings["capacity"] = json!(1);
        let refused = app.update_event(&desk, &event, &settings).await.problem(422);
        assert_eq!(refused["errors"][0]["field"], "capacity", "{refused}");
        assert_eq!(standing(&app, &event, &[&r2, &r3, &r4]).await, [confirmed(), confirmed(), waiting(1)]);
        settings["capacity"] = json!(3);
        assert_eq!(app.update_event(&desk, &event, &settings).await.expect(200)["capacity"], 3);
        assert_eq!(standing(&app, &event, &[&r4]).await, [confirmed()]);
        // The desk's change and the promotions it made are audited.
        let audit = app.audit_log(&app.user(Role::Admin), &format!("entity=registration&entity_id={r4}")).await.expect(200);
        assert_eq!(audit["items"][0]["action"], "promote", "{audit}");
        assert_eq!(audit["items"][0]["actor_id"], desk.id.to_string(), "{audit}");
        let audit = app.audit_log(&app.user(Role::Admin), &format!("entity=event&entity_id={event}")).await.expect(200);
        assert_eq!(audit["items"].as_array().unwrap().len(), 1, "only the accepted change: {audit}");

        // The public report counts the confirmed only (three, none attended yet).
        app.mark_attendance(&desk, &event, &r3).await.expect(200);
        let public = app.public_kpi("fiscal_year=2026").await.expect(200);
        let seminar_row = public["event_attendance"].as_array().unwrap().iter().find(|e| e["event_name"] == "Export seminar Hanoi").unwrap().clone();
        assert_eq!((seminar_row["registered"].clone(), seminar_row["attended"].clone()), (json!(3), json!(1)));

        // A trade fair takes no capacity.
        let mut fair = settings.clone();
        fair["kind"] = json!("trade_fair");
        app.create_event(&desk, &fair).await.problem(422);
    }
}

api_test! {
    async fn lifting_the_capacity_confirms_everyone_waiting_and_the_desk_cancels_any_registration(backend) {
        let app = TestApp::new(backend).await;
        let desk = app.user(Role::Desk);
        let (event, mut settings) = seminar(&app, json!(1)).await;
        let (candidate_user, _) = self_registered_candidate(&app, "Tran Thi B").await;
        let seated = app.register_for_event(&candidate_user, &event).await.expect(201);
        let queued: Vec<String> = {
            let mut ids = Vec::new();
            for _ in 0..3 {
                ids.push(id(&app.register_for_event(&approved_sme(&app).await, &event).await.expect(201)));
            }
            ids
        };
        // The desk cancels a waiting registration: nobody is promoted, the rest move up.
        app.cancel_registration(&desk, &event, &queued[0]).await.expect(200);
        let ids: Vec<&str> = queued.iter().map(String::as_str).collect();
        assert_eq!(standing(&app, &event, &ids).await[1..], [waiting(1), waiting(2)]);
        let audit = app.audit_log(&app.user(Role::Admin), &format!("entity=registration&entity_id={}", queued[0])).await.expect(200);
        assert_eq!(audit["items"][0]["action"], "cancel", "{audit}");
        // The candidate's own cancellation frees its seat for the first waiting.
        app.cancel_registration(&candidate_user, &event, id(&seated)).await.expect(200);
        assert_eq!(standing(&app, &event, &ids[1..]).await, [confirmed(), waiting(1)]);
        // An update that leaves `capacity` out keeps it: nobody is promoted.
        let mut renamed = settings.clone();
        renamed.as_object_mut().unwrap().remove("capacity");
        renamed["name"] = json!("Export seminar Hanoi, room 2");
        assert_eq!(app.update_event(&desk, &event, &renamed).await.expect(200)["capacity"], 1);
        assert_eq!(standing(&app, &event, &ids[1..]).await, [confirmed(), waiting(1)]);
        // Nor may a kept capacity stay on an event turned into a trade fair.
        renamed["kind"] = json!("trade_fair");
        let refused = app.update_event(&desk, &event, &renamed).await.problem(422);
        assert_eq!(refused["errors"][0]["field"], "capacity", "{refused}");
        // `null` lifts it.
        settings["capacity"] = Value::Null;
        app.update_event(&desk, &event, &settings).await.expect(200);
        assert_eq!(standing(&app, &event, &ids[1..]).await, [confirmed(), confirmed()]);
        // No such registration of this event.
        app.cancel_registration(&desk, &event, Uuid::now_v7()).await.problem(404);
        let (other, _) = seminar(&app, json!(null)).await;
        app.cancel_registration(&desk, &other, &queued[1]).await.problem(404);
    }
}

api_test! {
    async fn of_thirty_concurrent_registrations_for_five_seats_exactly_five_are_confirmed(backend) {
        let app = TestApp::new(backend).await;
        let (event, _) = seminar(&app, json!(5)).await;
        let mut registrants = Vec::new();
        for _ in 0..30 {
            registrants.push(approved_sme(&app).await);
        }
        let answers = join_all(registrants.iter().map(|sme| app.register_for_event(sme, &event).send())).await;
        let mut statuses = Vec::new();
        for answer in &answers {
            let body = answer.expect(201);
            statuses.push(body["status"].as_str().unwrap().to_owned());
        }
        assert_eq!(statuses.iter().filter(|s| *s == "confirmed").count(), 5);
        assert_eq!(statuses.iter().filter(|s| *s == "waitlisted").count(), 25);
        let listed = app.list_registrations(&app.user(Role::Desk), &event).await.expect(200);
        let mut places: Vec<i64> = listed.as_array().unwrap().iter().filter_map(|r| r["waitlist_position"].as_i64()).collect();
        places.sort();
        assert_eq!(places, (1..=25).collect::<Vec<_>>(), "one place each, none twice");
    }
}

api_test! {
    async fn a_registrant_cancels_its_own_registration_and_only_the_desk_anyone_elses(backend) {
        let app = TestApp::new(backend).await;
        let company = approved_sme(&app).await;
        let buyer = verified_buyer(&app).await;
        let (candidate, _) = self_registered_candidate(&app, "Nguyen Van A").await;
        let callers: Vec<(&str, Option<TestUser>)> = vec![
            ("anonymous", None),
            ("company", Some(company.clone())),
            ("other_company", Some(approved_sme(&app).await)),
            ("buyer", Some(buyer.clone())),
            ("other_buyer", Some(verified_buyer(&app).await)),
            ("reviewer", Some(app.user(Role::Reviewer))),
            ("candidate", Some(candidate.clone())),
            ("desk", Some(app.user(Role::Desk))),
            ("admin", Some(app.user(Role::Admin))),
        ];
        // Each registrant's registration, cancelled by each caller in turn (a fresh one each).
        //                        anon comp othc buyr othb rev  cand desk admin
        let expected: [(&TestUser, [u16; 9]); 3] = [
            (&company, [401, 200, 404, 404, 404, 403, 404, 200, 200]),
            (&buyer, [401, 404, 404, 200, 404, 403, 404, 200, 200]),
            (&candidate, [401, 404, 404, 404, 404, 403, 200, 200, 200]),
        ];
        let mut failures = Vec::new();
        for (registrant, statuses) in &expected {
            for ((caller, user), status) in callers.iter().zip(statuses) {
                let (event, _) = seminar(&app, json!(10)).await;
                let registration = id(&app.register_for_event(*registrant, &event).await.expect(201));
                let path = format!("/api/v1/events/{event}/registrations/{registration}/cancel");
                let mut request = app.request(Method::POST, &path);
                if let Some(user) = user {
                    request = request.by(user);
                }
                let got = request.send().await.status.as_u16();
                if got != *status {
                    failures.push(format!("{:?}'s registration cancelled by {caller}: expected {status}, got {got}", registrant.role));
                }
            }
        }
        // The list and its filter are the desk's.
        let (event, _) = seminar(&app, json!(10)).await;
        //           anon comp othc buyr othb rev  cand desk admin
        let list = [401, 403, 403, 403, 403, 403, 403, 200, 200];
        for ((caller, user), status) in callers.iter().zip(list) {
            let mut request = app.request(Method::GET, &format!("/api/v1/events/{event}/registrations?status=confirmed"));
            if let Some(user) = user {
                request = request.by(user);
            }
            let got = request.send().await.status.as_u16();
            if got != status {
                failures.push(format!("list as {caller}: expected {status}, got {got}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}

mail_test! {
    async fn the_waitlisted_are_told_their_place_and_the_promoted_their_check_in_code_in_their_language(backend) {
        let sink = SmtpSink::start();
        let app = TestApp::with_mail(backend, &sink).await;
        app.start_delivery();
        let (event, _) = seminar(&app, json!(1)).await;
        let seated = verified_buyer(&app).await;
        let (waiting_ja, waiting_en) = (approved_sme(&app).await, verified_buyer(&app).await);
        let first = id(&app.register_for_event(&seated, &event).await.expect(201));
        app.register_for_event(&waiting_ja, &event).await.expect(201);
        app.register_for_event(&waiting_en, &event).await.expect(201);
        let mails = sink
            .wait_for(Duration::from_secs(5), "the waitlist mails", |all| {
                all.iter().filter(|m| m.subject.contains("キャンセル待ち") || m.subject.contains("On the waitlist")).count() >= 2
            })
            .await;
        let ja = mails.iter().find(|m| m.to.contains(&waiting_ja.email) && m.subject.contains("キャンセル待ち")).unwrap();
        assert!(ja.subject.contains("【キャンセル待ち】Export seminar Hanoi"), "{}", ja.subject);
        assert!(ja.text().contains("キャンセル待ち順位: 1番目"), "{}", ja.text());
        assert!(!ja.text().contains("受付コード:"), "no check-in code while waiting");
        let en = mails.iter().find(|m| m.to.contains(&waiting_en.email) && m.subject.contains("waitlist")).unwrap();
        assert!(en.subject.starts_with("On the waitlist: Export seminar Hanoi"), "{}", en.subject);
        assert!(en.text().contains("Your place on the waitlist: 2"), "{}", en.text());

        app.cancel_registration(&seated, &event, &first).await.expect(200);
        let mails = sink
            .wait_for(Duration::from_secs(5), "the promotion mail", |all| {
                all.iter().any(|m| m.to.contains(&waiting_ja.email) && m.subject.contains("参加確定"))
            })
            .await;
        let promoted = mails.iter().find(|m| m.to.contains(&waiting_ja.email) && m.subject.contains("参加確定")).unwrap();
        let code = code_for(&app, &event, waiting_ja.company_id.unwrap());
        assert!(promoted.text().contains(&format!("当日の受付コード: {code}")), "{}", promoted.text());
        assert!(!mails.iter().any(|m| m.to.contains(&waiting_en.email) && m.subject.contains("seat")), "the second still waits");
    }
}
