//! Every kind in both languages, times, escaping and invitations.
use super::*;
use crate::notifications::facts::{AccountFacts, BuyerFacts, CompanyFacts};
use strum::IntoEnumIterator;

fn meeting() -> MeetingFacts {
    let at = |h| {
        chrono::NaiveDate::from_ymd_opt(2026, 12, 10)
            .and_then(|d| d.and_hms_opt(h, 0, 0))
            .unwrap()
    };
    MeetingFacts {
        meeting_id: "0192".into(),
        event_id: "0191".into(),
        event_name: "Metalex Bangkok 2026".into(),
        event_city: "Bangkok".into(),
        time_zone: "Asia/Bangkok".into(),
        company_id: "c".into(),
        company_name_ja: "田中精密工業".into(),
        company_name_en: "Tanaka Precision".into(),
        buyer_id: "b".into(),
        buyer_name: "Siam <Parts> & Co".into(),
        buyer_country: "TH".into(),
        slot: Some(Slot {
            starts_at: at(3),
            ends_at: at(3) + chrono::TimeDelta::minutes(20),
        }),
        table_label: Some("T1".into()),
        join_url: None,
        sequence: 1,
        note: None,
        proposal: false,
    }
}

/// The facts each kind is written from.
fn facts_of(kind: Kind) -> Facts {
    use crate::notifications::facts::{
        ApplicationFacts, NegotiationFacts, RegistrationFacts, SurveyFacts,
    };
    if kind.is_survey() {
        let meeting = kind != Kind::SurveyEventFeedback;
        return Facts::Survey(Box::new(SurveyFacts {
            survey_id: "s".into(),
            event_name: "Metalex <Bangkok>".into(),
            event_city: "Bangkok".into(),
            starts_on: chrono::NaiveDate::from_ymd_opt(2026, 8, 20).unwrap(),
            other_party_ja: meeting.then(|| "Siam Parts".into()),
            other_party_en: meeting.then(|| "Siam Parts".into()),
            respondent_ja: meeting.then(|| "田中精密工業".into()),
            respondent_en: meeting.then(|| "Tanaka Precision".into()),
            link: Some("https://match.example/api/v1/surveys/tok".into()),
        }));
    }
    if kind == Kind::BriefPublished {
        return Facts::Brief(crate::notifications::facts::BriefFacts {
            brief_id: "br".into(),
            title_ja: "深圳のAI活用".into(),
            title_en: "AI adoption in Shenzhen".into(),
            summary_ja: "製造業でのAI導入の現状".into(),
            summary_en: "Where manufacturers stand with AI".into(),
            tags: vec!["ai".into()],
            categories: vec!["electronics".into()],
        });
    }
    match kind.category() {
        crate::notifications::Category::Negotiations => Facts::Negotiation(NegotiationFacts {
            meeting_id: "m".into(),
            event_name: "Metalex".into(),
            company_id: "c".into(),
            company_name_ja: "田中精密工業".into(),
            company_name_en: "Tanaka Precision".into(),
            buyer_id: "b".into(),
            buyer_name: "Siam Parts".into(),
            side: Some("buyer".into()),
            status: "won".into(),
        }),
        crate::notifications::Category::Talent => Facts::Application(ApplicationFacts {
            application_id: "a".into(),
            job_title_ja: "CNC技術者".into(),
            job_title_en: "CNC engineer".into(),
            company_id: "c".into(),
            company_name_ja: "田中精密工業".into(),
            company_name_en: "Tanaka Precision".into(),
            candidate_name: "Nguyen Van A".into(),
            status: "interviewing".into(),
        }),
        crate::notifications::Category::Programme => Facts::Registration(RegistrationFacts {
            registration_id: "r".into(),
            event_id: "e".into(),
            event_name: "Global I-turn job fair".into(),
            event_city: "Hanoi".into(),
            starts_on: chrono::NaiveDate::from_ymd_opt(2027, 1, 20).unwrap(),
            check_in_code: (kind != Kind::RegistrationWaitlisted).then(|| "c0de".into()),
            participant_id: Some("p".into()),
            waitlist_position: (kind == Kind::RegistrationWaitlisted).then_some(3),
        }),
        crate::notifications::Category::Account => match kind {
            Kind::CompanyApproved | Kind::CompanySuspended => Facts::Company(CompanyFacts {
                company_id: "c".into(),
                name_ja: "田中精密工業".into(),
                name_en: "Tanaka Precision".into(),
                reason: Some("review".into()),
            }),
            Kind::BuyerVerified | Kind::BuyerInvited => Facts::Buyer(BuyerFacts {
                buyer_id: "b".into(),
                name: "Siam Parts".into(),
            }),
            _ => Facts::Account(AccountFacts {
                user_id: "u".into(),
                display_name: "田中 一郎".into(),
                email: "tanaka@example.jp".into(),
                role: Some("desk".into()),
            }),
        },
        _ => Facts::Meeting(Box::new(meeting())),
    }
}

#[test]
fn every_kind_has_its_mail_in_japanese_and_in_english() {
    let context = Context {
        base_url: Some("https://match.example/".into()),
        organiser: "desk@match.example".into(),
    };
    for kind in Kind::iter() {
        let ja = render(kind, Locale::Ja, &facts_of(kind), &context, None)
            .unwrap_or_else(|e| panic!("{e}"));
        let en = render(kind, Locale::En, &facts_of(kind), &context, None)
            .unwrap_or_else(|e| panic!("{e}"));
        for (mail, language) in [(&ja, "ja"), (&en, "en")] {
            assert!(!mail.subject.is_empty(), "{kind:?} {language}: no subject");
            assert!(mail.text.len() > 40, "{kind:?} {language}: no body");
            assert!(mail.html.contains("<p>"), "{kind:?} {language}: no HTML");
        }
        let japanese = |s: &str| s.chars().any(|c| ('\u{3000}'..='\u{9fff}').contains(&c));
        assert!(japanese(&ja.subject), "{kind:?}: Japanese subject");
        assert!(!japanese(&en.subject), "{kind:?}: English subject");
    }
}

#[test]
fn a_companys_proposal_and_its_answers_read_as_a_proposal() {
    let proposal = MeetingFacts {
        proposal: true,
        ..meeting()
    };
    let facts = Facts::Meeting(Box::new(proposal));
    let context = Context::default();
    for (kind, en) in [
        (
            Kind::MeetingProposed,
            "Meeting proposal from Tanaka Precision",
        ),
        (Kind::MeetingAccepted, "accepted your meeting proposal"),
        (Kind::MeetingDeclined, "declined your meeting proposal"),
        (
            Kind::MeetingWithdrawn,
            "Tanaka Precision withdrew its meeting proposal",
        ),
    ] {
        let mail = render(kind, Locale::En, &facts, &context, None).unwrap();
        assert!(mail.subject.contains(en), "{kind:?}: {}", mail.subject);
        let ja = render(kind, Locale::Ja, &facts, &context, None).unwrap();
        assert!(ja.subject.contains("提案"), "{kind:?}: {}", ja.subject);
    }
    let request = render(
        Kind::MeetingAccepted,
        Locale::En,
        &Facts::Meeting(Box::new(meeting())),
        &context,
        None,
    )
    .unwrap();
    assert!(request.subject.contains("accepted your meeting request"));
}

#[test]
fn a_slot_reads_on_the_fairs_clock_and_in_japan_time() {
    let m = meeting();
    let slot = m.slot.unwrap();
    assert_eq!(
        when(Locale::En, slot, "Asia/Bangkok"),
        "Thu 10 Dec 2026, 10:00–10:20 local time (Asia/Bangkok); 12:00–12:20 in Japan (JST)"
    );
    assert_eq!(
        when(Locale::Ja, slot, "Asia/Bangkok"),
        "2026年12月10日(木) 10:00〜10:20 現地時間（Asia/Bangkok）／日本時間 12:00〜12:20"
    );
}

#[test]
fn names_are_escaped_in_html_and_kept_in_text() {
    let mail = render(
        Kind::MeetingRequested,
        Locale::En,
        &Facts::Meeting(Box::new(meeting())),
        &Context::default(),
        None,
    )
    .unwrap();
    assert!(mail.text.contains("Siam <Parts> & Co"));
    assert!(mail.html.contains("Siam &lt;Parts&gt; &amp; Co"));
    assert!(!mail.html.contains("<Parts>"));
}

#[test]
fn a_scheduled_meeting_invites_and_a_cancelled_one_cancels() {
    let facts = Facts::Meeting(Box::new(meeting()));
    let context = Context::default();
    let scheduled = render(Kind::MeetingScheduled, Locale::En, &facts, &context, None).unwrap();
    let invitation = scheduled.invitation.unwrap();
    assert_eq!(invitation.method, "REQUEST");
    assert!(invitation.ics.contains("METHOD:REQUEST"));
    assert!(invitation.ics.contains("UID:0192@sagamihara-match"));
    assert!(invitation.ics.contains("SEQUENCE:1"));
    assert!(invitation.ics.contains("DTSTART:20261210T030000Z"));
    let cancelled = render(Kind::MeetingCancelled, Locale::Ja, &facts, &context, None).unwrap();
    assert_eq!(cancelled.invitation.unwrap().method, "CANCEL");
    let accepted = render(Kind::MeetingAccepted, Locale::En, &facts, &context, None).unwrap();
    assert_eq!(accepted.invitation, None);
}

#[test]
fn a_survey_mail_carries_its_personal_link_and_says_it_needs_no_sign_in() {
    for locale in [Locale::Ja, Locale::En] {
        let mail = render(
            Kind::SurveyOutcome3m,
            locale,
            &facts_of(Kind::SurveyOutcome3m),
            &Context::default(),
            None,
        )
        .unwrap();
        assert!(
            mail.text
                .contains("https://match.example/api/v1/surveys/tok"),
            "{}",
            mail.text
        );
        assert!(mail.html.contains("Metalex &lt;Bangkok&gt;"));
    }
    let ja = render(
        Kind::SurveyOutcome6m,
        Locale::Ja,
        &facts_of(Kind::SurveyOutcome6m),
        &Context::default(),
        None,
    )
    .unwrap();
    assert!(ja.subject.contains("6か月後"), "{}", ja.subject);
    assert!(ja.text.contains("ログイン不要"));
}

#[test]
fn a_published_brief_links_to_itself_in_the_readers_language() {
    let context = Context {
        base_url: Some("https://match.example/".into()),
        organiser: "desk@match.example".into(),
    };
    let facts = facts_of(Kind::BriefPublished);
    let ja = render(Kind::BriefPublished, Locale::Ja, &facts, &context, None).unwrap();
    let en = render(Kind::BriefPublished, Locale::En, &facts, &context, None).unwrap();
    assert!(ja.subject.contains("深圳のAI活用"), "{}", ja.subject);
    assert!(
        en.subject.contains("AI adoption in Shenzhen"),
        "{}",
        en.subject
    );
    for mail in [&ja, &en] {
        assert!(
            mail.text.contains("https://match.example/api/v1/briefs/br"),
            "{}",
            mail.text
        );
        assert!(mail.text.contains("ai, electronics"), "{}", mail.text);
    }
}
