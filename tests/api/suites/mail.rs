//! The service reaches out: mail through the outbox to a real SMTP server (aiosmtpd, one per
//! test), in each account's language, once per message whatever fails on the way; reminders
//! before scheduled meetings; what is held without a mail server.

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, SystemTime};

use chrono::{DurationRound, TimeDelta, Timelike, Utc};
use sagamihara_match::auth::Role;
use sagamihara_match::notifications::worker::Worker;
use serde_json::{json, Value};

use crate::common::fixtures::*;
use crate::common::server::Server;
use crate::common::smtp::{Received, SmtpSink};
use crate::common::{Delivery, TestApp, TestUser};
use crate::{api_test, mail_test};

fn japanese(text: &str) -> bool {
    text.chars().any(|c| ('\u{3000}'..='\u{9fff}').contains(&c))
}

fn to(user: &TestUser) -> impl Fn(&&Received) -> bool + '_ {
    move |m: &&Received| m.to.contains(&user.email)
}

mail_test! {
    async fn a_request_reaches_every_member_of_the_company_in_japanese_and_the_answer_the_buyer_in_english(backend) {
        let sink = SmtpSink::start();
        let app = TestApp::with_mail(backend, &sink).await;
        app.start_delivery();
        let event = trade_fair(&app, json!({"requires_acceptance": true})).await;
        let sme = exhibitor(&app, &event).await;
        let colleague = app.colleague_of(&sme);
        let buyer = verified_buyer(&app).await;

        let meeting = requested_meeting(&app, &buyer, &event, &sme).await;
        let buyer_name = meeting["buyer"]["name"].as_str().unwrap().to_owned();
        let is_request = |m: &&Received| m.subject.contains("商談依頼");
        let mails = sink
            .wait_for(Duration::from_secs(5), "a request mail to each member", |all| {
                all.iter().filter(is_request).count() >= 2
            })
            .await;
        let requests: Vec<&Received> = mails.iter().filter(is_request).collect();
        assert_eq!(requests.len(), 2, "one mail per member, no more");
        for member in [&sme, &colleague] {
            let mail = requests.iter().copied().find(to(member)).expect("each member is told");
            assert!(japanese(&mail.subject), "{}", mail.subject);
            assert!(mail.subject.contains(&buyer_name), "{}", mail.subject);
            assert!(mail.text().contains("Sagamihara Business Meeting Bangkok"));
            assert!(mail.text().contains(&buyer_name));
            assert!(mail.parts.contains_key("text/html"));
            assert!(mail.message_id.ends_with("@match.example>"), "{}", mail.message_id);
        }
        assert!(!requests.iter().copied().any(|m| m.to.contains(&buyer.email)), "the buyer is not told of its own request");

        let id = meeting["id"].as_str().unwrap();
        app.accept_meeting(&sme, id).await.expect(200);
        let mails = sink
            .wait_for(Duration::from_secs(5), "the acceptance to the buyer", |all| {
                all.iter().any(|m| m.to.contains(&buyer.email) && m.subject.contains("accepted"))
            })
            .await;
        let accepted = mails.iter().filter(to(&buyer)).find(|m| m.subject.contains("accepted")).unwrap();
        assert!(!japanese(&accepted.subject), "{}", accepted.subject);
        assert!(accepted.text().contains("Sagamihara Business Meeting Bangkok"));
        assert!(accepted.text().contains(&format!("https://match.example/api/v1/meetings/{id}")));
    }
}

mail_test! {
    async fn a_scheduled_meeting_mails_its_invitation_to_both_sides(backend) {
        let sink = SmtpSink::start();
        let app = TestApp::with_mail(backend, &sink).await;
        app.start_delivery();
        let desk = app.user(Role::Desk);
        let event = trade_fair(&app, json!({})).await;
        let sme = exhibitor(&app, &event).await;
        let buyer = verified_buyer(&app).await;
        let id = accepted_meeting(&app, &event, &sme, &buyer).await;
        let slots = slots(&app, &event).await;
        let tables = tables(&app, &event).await;
        app.schedule_meeting(&desk, &id, &json!({"slot_id": slots[0]["id"], "table_id": tables[0]}))
            .await
            .expect(200);
        let mails = sink
            .wait_for(Duration::from_secs(5), "the invitation to both sides", |all| {
                [&sme, &buyer].iter().all(|u| {
                    all.iter().any(|m| m.to.contains(&u.email) && m.parts.contains_key("text/calendar"))
                })
            })
            .await;
        let to_sme = mails.iter().filter(to(&sme)).find(|m| m.parts.contains_key("text/calendar")).unwrap();
        // 10:00 in Bangkok is 12:00 in Japan.
        assert!(to_sme.text().contains("10:00〜10:20 現地時間（Asia/Bangkok）／日本時間 12:00〜12:20"), "{}", to_sme.text());
        let ics = &mails.iter().filter(to(&buyer)).find(|m| m.parts.contains_key("text/calendar")).unwrap().parts["text/calendar"];
        assert!(ics.contains("METHOD:REQUEST"), "{ics}");
        assert!(ics.contains(&format!("UID:{id}@sagamihara-match")), "{ics}");
        assert!(ics.contains("SEQUENCE:0"), "{ics}");
        assert!(ics.contains("DTSTART:20261201T030000Z"), "{ics}");

        // Moved: the same UID, a higher SEQUENCE; cancelled: METHOD:CANCEL.
        app.schedule_meeting(&desk, &id, &json!({"slot_id": slots[1]["id"], "table_id": tables[0]}))
            .await
            .expect(200);
        app.cancel_meeting(&desk, &id).await.expect(200);
        let mails = sink
            .wait_for(Duration::from_secs(5), "the move and the cancellation", |all| {
                all.iter().filter(to(&buyer)).filter(|m| m.parts.contains_key("text/calendar")).count() == 3
            })
            .await;
        let calendars: Vec<&String> = mails
            .iter()
            .filter(to(&buyer))
            .filter_map(|m| m.parts.get("text/calendar"))
            .collect();
        // Sent side by side, they may arrive in either order: SEQUENCE orders them.
        assert!(calendars.iter().any(|c| c.contains("SEQUENCE:1") && c.contains("METHOD:REQUEST")), "{calendars:?}");
        let cancel = calendars.iter().find(|c| c.contains("METHOD:CANCEL")).expect("a cancellation");
        assert!(cancel.contains(&format!("UID:{id}@sagamihara-match")) && cancel.contains("SEQUENCE:2"), "{cancel}");
    }
}

mail_test! {
    async fn mail_written_while_the_mail_server_is_down_is_delivered_once_when_it_is_back(backend) {
        let mut sink = SmtpSink::start();
        let app = TestApp::with_mail(backend, &sink).await;
        app.start_delivery();
        let desk = app.user(Role::Desk);
        sink.stop();
        let mut owners = Vec::new();
        for _ in 0..200 {
            let sme = app.new_user(Role::Sme);
            app.approve_company(&desk, sme.company_id.unwrap()).await.expect(200);
            owners.push(sme.email);
        }
        // Let the worker fail against the closed port for a while.
        actix_web::rt::time::sleep(Duration::from_secs(2)).await;
        let failing = app
            .list_notifications(&app.user(Role::Admin), "kind=company.approved&status=pending&limit=100")
            .await
            .expect(200);
        assert!(
            failing["items"].as_array().unwrap().iter().any(|m| m["attempts"].as_i64() > Some(0)),
            "the worker tried while the server was down: {failing}"
        );
        sink.restart();
        let mails = sink
            .wait_for(Duration::from_secs(60), "all 200 approvals after the outage", |all| all.len() >= 200)
            .await;
        // Once each, by Message-ID and by recipient.
        let ids: BTreeSet<&str> = mails.iter().map(|m| m.message_id.as_str()).collect();
        assert_eq!(ids.len(), mails.len(), "a message was delivered twice");
        let mut per_recipient: BTreeMap<&str, usize> = BTreeMap::new();
        for mail in &mails {
            for rcpt in &mail.to {
                *per_recipient.entry(rcpt.as_str()).or_default() += 1;
            }
        }
        for owner in &owners {
            assert_eq!(per_recipient.get(owner.as_str()), Some(&1), "{owner}");
        }
    }
}

mail_test! {
    async fn two_workers_on_one_database_send_each_message_once(backend) {
        let sink = SmtpSink::start();
        let app = TestApp::with_mail(backend, &sink).await;
        let desk = app.user(Role::Desk);
        for _ in 0..60 {
            let sme = app.new_user(Role::Sme);
            app.approve_company(&desk, sme.company_id.unwrap()).await.expect(200);
        }
        // Two instances' workers claim from the same outbox at once.
        let mut settings = app.state.config.delivery.clone();
        settings.batch = 7;
        let _instances: Vec<Delivery> = (0..2)
            .map(|_| Delivery::start(Worker::new(app.state.pool.clone(), settings.clone()).unwrap()))
            .collect();
        let mails = sink
            .wait_for(Duration::from_secs(30), "60 approvals", |all| all.len() >= 60)
            .await;
        actix_web::rt::time::sleep(Duration::from_millis(500)).await;
        let mails_after = sink.received();
        assert_eq!(mails_after.len(), 60, "no message sent twice");
        let ids: BTreeSet<&str> = mails.iter().map(|m| m.message_id.as_str()).collect();
        assert_eq!(ids.len(), 60);
    }
}

/// A fair today whose first slot starts an hour and about a minute from now, so that its
/// 1-hour reminder falls due within the next minute. The zone is UTC, or Tokyo's when UTC's
/// day would end within the slot.
async fn fair_starting_in_an_hour(app: &TestApp) -> (String, chrono::DateTime<Utc>) {
    let start = (Utc::now() + TimeDelta::minutes(60) + TimeDelta::seconds(5))
        .duration_round_up(TimeDelta::minutes(1))
        .unwrap();
    let zone = if start.hour() == 23 && start.minute() >= 30 {
        chrono_tz::Asia::Tokyo
    } else {
        chrono_tz::UTC
    };
    let local = start.with_timezone(&zone);
    let end = local + TimeDelta::minutes(20);
    let event = fair_on(
        app,
        zone.name(),
        &local.date_naive().to_string(),
        (
            &local.format("%H:%M").to_string(),
            &end.format("%H:%M").to_string(),
        ),
    )
    .await;
    (event, start)
}

/// A trade fair of one day in `zone` with slots of 20 minutes from `hours.0` to `hours.1`
/// and one table.
pub(super) async fn fair_on(app: &TestApp, zone: &str, day: &str, hours: (&str, &str)) -> String {
    let desk = app.user(Role::Desk);
    let event = app
        .create_event(
            &desk,
            &json!({"kind": "trade_fair", "name": "Reminder fair", "city": "Bangkok", "country": "TH",
                    "venue": "Hall 1", "time_zone": zone, "starts_on": day, "ends_on": day,
                    "slot_minutes": 20}),
        )
        .await
        .expect(201)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    app.create_slots(
        &desk,
        &event,
        &json!({"days": [{"date": day, "start": hours.0, "end": hours.1}]}),
    )
    .await
    .expect(201);
    app.create_tables(&desk, &event, &json!({"labels": ["R1"]}))
        .await
        .expect(201);
    event
}

mail_test! {
    async fn the_one_hour_reminder_comes_at_its_minute_to_both_sides(backend) {
        let sink = SmtpSink::start();
        let app = TestApp::with_mail(backend, &sink).await;
        app.start_delivery();
        let desk = app.user(Role::Desk);
        let (event, starts_at) = fair_starting_in_an_hour(&app).await;
        let sme = exhibitor(&app, &event).await;
        let buyer = verified_buyer(&app).await;
        let id = accepted_meeting(&app, &event, &sme, &buyer).await;
        let slot = &slots(&app, &event).await[0];
        assert_eq!(slot["starts_at"].as_str().unwrap(), starts_at.format("%Y-%m-%dT%H:%M:%SZ").to_string());
        app.schedule_meeting(&desk, &id, &json!({"slot_id": slot["id"], "table_id": tables(&app, &event).await[0]}))
            .await
            .expect(200);
        // The 24-hour reminder's time had passed when the meeting was scheduled.
        let day = app
            .list_notifications(&desk, &format!("kind=meeting.reminder_day&subject_id={id}"))
            .await
            .expect(200);
        assert_eq!(day["items"], json!([]));

        let due = SystemTime::from(starts_at - TimeDelta::minutes(60));
        let mails = sink
            .wait_for(Duration::from_secs(90), "the 1-hour reminder to both sides", |all| {
                all.iter().filter(|m| m.subject.contains("1時間後") || m.subject.contains("In one hour")).count() == 2
            })
            .await;
        for (user, words) in [(&sme, "1時間後"), (&buyer, "In one hour")] {
            let reminder = mails.iter().filter(to(user)).find(|m| m.subject.contains(words)).unwrap();
            assert!(reminder.received_at >= due, "sent before its time");
            let late = reminder.received_at.duration_since(due).unwrap();
            assert!(late <= Duration::from_secs(60), "sent {late:?} after its time");
        }
    }
}

/// The reminders of a meeting, as the desk reads them in the outbox: (kind, status) pairs.
async fn reminders(app: &TestApp, meeting: &str) -> Vec<(String, String)> {
    let page = app
        .list_notifications(
            &app.user(Role::Desk),
            &format!("subject_id={meeting}&limit=100"),
        )
        .await
        .expect(200);
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["kind"].as_str().unwrap().starts_with("meeting.reminder"))
        .map(|m| {
            (
                m["kind"].as_str().unwrap().to_owned(),
                m["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

api_test! {
    async fn moving_a_meeting_moves_its_reminders_and_cancelling_it_drops_them(backend) {
        let app = TestApp::new(backend).await;
        let desk = app.user(Role::Desk);
        let day = (Utc::now() + TimeDelta::days(10)).date_naive().to_string();
        let event = fair_on(&app, "Asia/Bangkok", &day, ("10:00", "11:00")).await;
        let sme = exhibitor(&app, &event).await;
        let buyer = verified_buyer(&app).await;
        let id = accepted_meeting(&app, &event, &sme, &buyer).await;
        let slots = slots(&app, &event).await;
        let table = &tables(&app, &event).await[0];
        app.schedule_meeting(&desk, &id, &json!({"slot_id": slots[0]["id"], "table_id": table})).await.expect(200);
        let pending = |kind: &str| (kind.to_owned(), "pending".to_owned());
        let dropped = |kind: &str| (kind.to_owned(), "dropped".to_owned());
        let (day_before, hour_before) = ("meeting.reminder_day", "meeting.reminder_hour");
        // Two of each: the company's member and the buyer's.
        assert_eq!(
            reminders(&app, &id).await,
            vec![pending(day_before), pending(day_before), pending(hour_before), pending(hour_before)]
        );
        app.schedule_meeting(&desk, &id, &json!({"slot_id": slots[1]["id"], "table_id": table})).await.expect(200);
        let moved = reminders(&app, &id).await;
        assert_eq!(moved.iter().filter(|r| r.1 == "dropped").count(), 4, "{moved:?}");
        assert_eq!(moved.iter().filter(|r| r.1 == "pending").count(), 4, "{moved:?}");
        app.cancel_meeting(&desk, &id).await.expect(200);
        let cancelled = reminders(&app, &id).await;
        assert!(cancelled.iter().all(|r| r.1 == "dropped"), "{cancelled:?}");
        assert!(cancelled.contains(&dropped(hour_before)));
    }
}

api_test! {
    async fn without_a_mail_server_messages_are_held_for_admins_to_see(backend) {
        let app = TestApp::new(backend).await;
        app.start_delivery();
        let admin = app.user(Role::Admin);
        let desk = app.user(Role::Desk);
        let event = trade_fair(&app, json!({})).await;
        let sme = exhibitor(&app, &event).await;
        let buyer = verified_buyer(&app).await;
        let meeting = requested_meeting(&app, &buyer, &event, &sme).await;
        let id = meeting["id"].as_str().unwrap();
        let query = format!("kind=meeting.requested&subject_id={id}");
        let mut held = Value::Null;
        for _ in 0..100 {
            held = app.list_notifications(&admin, &query).await.expect(200);
            if held["items"][0]["status"] == "held" {
                break;
            }
            actix_web::rt::time::sleep(Duration::from_millis(50)).await;
        }
        let message = &held["items"][0];
        assert_eq!(message["status"], "held", "{held}");
        assert_eq!(message["address"], sme.email.as_str());
        assert_eq!(message["locale"], "ja");
        // The desk sees the message, not the address; others not even that.
        let seen_by_desk = app.list_notifications(&desk, &query).await.expect(200);
        assert_eq!(seen_by_desk["items"][0]["address"], Value::Null);
        app.list_notifications(&sme, "").await.expect(403);
        app.list_notifications(&buyer, "").await.expect(403);
        // A held message may be sent again; a sent or pending one is not.
        let message_id = message["id"].as_str().unwrap();
        let again = app.retry_notification(&admin, message_id).await.expect(200);
        assert_eq!(again["status"], "pending");
        let refused = app.retry_notification(&admin, message_id).await.expect(409);
        assert_eq!(refused["current_status"], "pending");
    }
}

api_test! {
    async fn a_change_refused_leaves_no_message_behind(backend) {
        let app = TestApp::new(backend).await;
        let admin = app.user(Role::Admin);
        let event = trade_fair(&app, json!({})).await;
        let sme = exhibitor(&app, &event).await;
        let buyer = verified_buyer(&app).await;
        requested_meeting(&app, &buyer, &event, &sme).await;
        let count = |page: Value| page["items"].as_array().unwrap().len();
        let before = count(app.list_notifications(&admin, "kind=meeting.requested").await.expect(200));
        assert_eq!(before, 1);
        // A second open request for the same pair is refused, and its message with it.
        app.request_meeting(&buyer, &json!({"event_id": event, "company_id": sme.company_id.unwrap(), "message": "Again"}))
            .await
            .expect(409);
        let after = count(app.list_notifications(&admin, "kind=meeting.requested").await.expect(200));
        assert_eq!(after, before);
    }
}

api_test! {
    async fn only_the_desk_and_admins_read_the_outbox_and_send_again(backend) {
        let app = TestApp::new(backend).await;
        // A message to retry: a staff account's welcome, held for lack of a mail server.
        app.start_delivery();
        let admin = app.user(Role::Admin);
        let created = app
            .create_user(&admin, &json!({"email": "desk2@city.example", "password": "a long desk password", "display_name": "窓口 二郎", "role": "desk"}))
            .await
            .expect(201);
        let query = format!("kind=account.staff_created&subject_id={}", created["id"].as_str().unwrap());
        let mut message = Value::Null;
        for _ in 0..100 {
            message = app.list_notifications(&admin, &query).await.expect(200)["items"][0].clone();
            if message["status"] == "held" {
                break;
            }
            actix_web::rt::time::sleep(Duration::from_millis(50)).await;
        }
        assert_eq!(message["status"], "held");
        let id = message["id"].as_str().unwrap().to_owned();
        let sme = app.user(Role::Sme);
        let buyer = app.user(Role::Buyer);
        let candidate = app.user(Role::Candidate);
        let reviewer = app.user(Role::Reviewer);
        app.list_notifications(crate::common::verbs::ANONYMOUS, "").await.expect(401);
        app.retry_notification(crate::common::verbs::ANONYMOUS, &id).await.expect(401);
        for caller in [&sme, &buyer, &candidate, &reviewer] {
            app.list_notifications(caller, "").await.expect(403);
            app.retry_notification(caller, &id).await.expect(403);
        }
        app.list_notifications(&app.user(Role::Desk), "").await.expect(200);
        app.retry_notification(&app.user(Role::Desk), &id).await.expect(200);
        app.retry_notification(&admin, uuid::Uuid::now_v7()).await.expect(404);
    }
}

mail_test! {
    async fn reports_applications_and_registrations_reach_the_other_side(backend) {
        let sink = SmtpSink::start();
        let app = TestApp::with_mail(backend, &sink).await;
        app.start_delivery();
        let desk = app.user(Role::Desk);
        let event = trade_fair(&app, json!({})).await;
        let sme = exhibitor(&app, &event).await;
        let (slot, table) = (slots(&app, &event).await[0]["id"].clone(), tables(&app, &event).await[0].clone());
        let (meeting, buyer) = held_meeting(&app, &event, &sme, slot.as_str().unwrap(), &table).await;

        // The buyer reports a prospect: the company hears of it, the buyer does not.
        let report = app
            .report_outcome(&buyer, &meeting, &json!({"status": "prospect"}))
            .await
            .expect(201);
        let mails = sink
            .wait_for(Duration::from_secs(5), "the report to the company", |all| {
                all.iter().any(|m| m.to.contains(&sme.email) && m.subject.contains("商談結果の報告"))
            })
            .await;
        let told = mails.iter().filter(to(&sme)).find(|m| m.subject.contains("商談結果の報告")).unwrap();
        assert!(told.subject.contains("成約見込み"), "{}", told.subject);
        assert!(!mails.iter().any(|m| m.to.contains(&buyer.email) && m.subject.contains("reported")));
        // The desk is asked to confirm one report (in its account's language, either).
        sink.wait_for(Duration::from_secs(5), "the request to the desk", |all| {
            all.iter().any(|m| m.to.contains(&desk.email) && (m.subject.contains("確認依頼") || m.subject.contains("To confirm")))
        }).await;
        // The desk confirms it: both sides hear.
        let report_id = report["reports"][0]["id"].clone(); // newest first
        app.confirm_report(&desk, &meeting, &json!({"report_id": report_id})).await.expect(200);
        sink.wait_for(Duration::from_secs(5), "the confirmation to both sides", |all| {
            all.iter().any(|m| m.to.contains(&sme.email) && m.subject.contains("商談結果の確定"))
                && all.iter().any(|m| m.to.contains(&buyer.email) && m.subject.contains("Outcome confirmed"))
        })
        .await;

        // A candidate applies: the company hears; the company moves it: the candidate hears.
        let job = published_job(&app, &sme, "specified_skilled_worker").await;
        let (candidate_user, candidate) = self_registered_candidate(&app, "Tran Thi B").await;
        let application = app
            .apply_for_job(&candidate_user, &job)
            .json(&json!({"candidate_id": candidate}))
            .await
            .expect(201);
        sink.wait_for(Duration::from_secs(5), "the application to the company", |all| {
            all.iter().any(|m| m.to.contains(&sme.email) && m.subject.contains("Tran Thi B") && m.subject.contains("応募"))
        })
        .await;
        move_application(&app, &sme, application["id"].as_str().unwrap(), json!({"status": "interviewing"})).await;
        sink.wait_for(Duration::from_secs(5), "the new status to the candidate", |all| {
            all.iter().any(|m| m.to.contains(&candidate_user.email) && m.subject.contains("interviewing"))
        })
        .await;

        // A registration for a job fair is confirmed to the registrant.
        let fair = job_fair(&app).await;
        app.register_for_event(&candidate_user, &fair).await.expect(201);
        sink.wait_for(Duration::from_secs(5), "the registration to the candidate", |all| {
            all.iter().any(|m| m.to.contains(&candidate_user.email) && m.subject.starts_with("Registered: Global I-turn Job Fair Hanoi"))
        })
        .await;
    }
}

mail_test! {
    async fn a_category_turned_off_is_not_sent_and_one_click_turns_it_off(backend) {
        let sink = SmtpSink::start();
        let app = TestApp::with_mail(backend, &sink).await;
        app.start_delivery();
        let event = trade_fair(&app, json!({})).await;
        let sme = exhibitor(&app, &event).await;
        let colleague = app.colleague_of(&sme);
        let defaults = app.get_notification_preferences(&colleague).await.expect(200);
        assert_eq!(defaults, json!({"meetings": true, "reminders": true, "negotiations": true, "talent": true, "programme": true, "account": true}));
        // Account mail cannot be turned off: it is not among the changes, and the refusal
        // changes nothing.
        app.put_notification_preferences(&colleague, &json!({"meetings": false, "account": false})).await.expect(422);
        assert_eq!(app.get_notification_preferences(&colleague).await.expect(200)["meetings"], true);
        let off = app.put_notification_preferences(&colleague, &json!({"meetings": false})).await.expect(200);
        assert_eq!(off["meetings"], false);
        assert_eq!(off["reminders"], true);

        let buyer = verified_buyer(&app).await;
        requested_meeting(&app, &buyer, &event, &sme).await;
        let mails = sink
            .wait_for(Duration::from_secs(5), "the request to the member who wants it", |all| {
                all.iter().any(|m| m.to.contains(&sme.email) && m.subject.contains("商談依頼"))
            })
            .await;
        let mail = mails.iter().filter(to(&sme)).find(|m| m.subject.contains("商談依頼")).unwrap();
        actix_web::rt::time::sleep(Duration::from_millis(500)).await;
        assert!(!sink.received().iter().any(|m| m.to.contains(&colleague.email) && m.subject.contains("商談依頼")), "sent to a member who turned meetings off");

        // The mail names its one-click link (RFC 8058); the account mail has none.
        assert_eq!(mail.headers.get("list-unsubscribe-post").map(String::as_str), Some("List-Unsubscribe=One-Click"));
        let link = mail.headers["list-unsubscribe"].trim_matches(|c| c == '<' || c == '>').to_owned();
        assert!(mail.text().contains(&link), "the footer carries the link too");
        let approval = mails.iter().filter(to(&sme)).find(|m| m.subject.contains("承認")).expect("the approval mail");
        assert!(!approval.headers.contains_key("list-unsubscribe"));
        let path = link.strip_prefix("https://match.example").unwrap();
        // A GET only shows the button; the POST unsubscribes.
        let page = app.get(path).send().await;
        assert_eq!(page.status.as_u16(), 200);
        assert!(page.text().contains("<form method=\"post\""));
        assert_eq!(app.get_notification_preferences(&sme).await.expect(200)["meetings"], true);
        let done = app.post(path).body("application/x-www-form-urlencoded", "List-Unsubscribe=One-Click").send().await;
        assert_eq!(done.status.as_u16(), 204);
        assert_eq!(app.get_notification_preferences(&sme).await.expect(200)["meetings"], false);
        // A token the service did not make is refused.
        let forged = format!("{}x", path);
        assert_eq!(app.post(&forged).send().await.status.as_u16(), 404);
    }
}

mail_test! {
    async fn a_service_killed_while_sending_delivers_each_mail_once_after_its_restart(backend) {
        // A slow mail server, so that the kill lands in the middle of the deliveries.
        let sink = SmtpSink::start_slow(Duration::from_millis(40));
        let app = TestApp::new(backend).await;
        let desk = app.user(Role::Desk);
        let mut owners = BTreeSet::new();
        for _ in 0..80 {
            let sme = app.new_user(Role::Sme);
            app.approve_company(&desk, sme.company_id.unwrap()).await.expect(200);
            owners.insert(sme.email);
        }
        let smtp_url = sink.url();
        let env = [
            ("SMTP_URL", smtp_url.as_str()),
            ("MAIL_FROM", "Sagamihara Global Matching <desk@match.example>"),
            ("DELIVERY_BATCH", "4"),
            ("DELIVERY_LEASE_SECS", "3"),
            ("DELIVERY_POLL_MS", "100"),
        ];
        let mut first = Server::start_with(app.database_url(), &env);
        first.wait_ready();
        sink.wait_for(Duration::from_secs(30), "the first deliveries", |all| all.len() >= 10).await;
        first.crash();
        let at_kill = sink.received().len();
        assert!(at_kill < 80, "the kill came after the last mail; the test proves nothing");

        let mut second = Server::start_with(app.database_url(), &env);
        second.wait_ready();
        let mails = sink
            .wait_for(Duration::from_secs(60), "every approval after the restart", |all| {
                all.iter().map(|m| m.message_id.as_str()).collect::<BTreeSet<_>>().len() >= 80
            })
            .await;
        // A receiver deduplicating by Message-ID sees each message exactly once, and each
        // owner's message is one of them.
        let mut by_id: BTreeMap<&str, &Received> = BTreeMap::new();
        for mail in &mails {
            if let Some(seen) = by_id.insert(&mail.message_id, mail) {
                assert_eq!(seen.to, mail.to, "one Message-ID, two different mails");
            }
        }
        assert_eq!(by_id.len(), 80);
        let told: BTreeSet<String> = by_id.values().flat_map(|m| m.to.clone()).collect();
        assert_eq!(told, owners);
        second.terminate();
    }
}
