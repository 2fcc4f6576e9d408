//! The surveys' work on one connection: scheduling a held meeting's surveys, reading a
//! survey by its link, and answering it. An outcome answer is the side's negotiation report,
//! written by the very function `POST /meetings/{id}/negotiation/reports` calls, as the
//! respondent: the counted outcome, the desk's confirmation and `reports_disagree` know no
//! difference between a report from a survey and one from a signed-in member.

use chrono::NaiveDateTime;
use diesel::QueryResult;

use super::api::surveys::{Question, QuestionType, SurveyAnswer, SurveyContext, SurveyView};
use super::schedule::{self, MEETING_SURVEYS};
use super::store::{self, SurveyAnswerUpdate, SurveyRow};
use super::{SurveyKind, SurveySide, SurveyStatus};
use crate::audit::{self, Entity};
use crate::auth::AuthUser;
use crate::db::{self, parse_id, DbConn};
use crate::error::{ApiError, FieldError};
use crate::i18n::{Locale, Msg};
use crate::meetings::store::find_meeting_detail;
use crate::negotiations::{actions, Outcome, Side};
use crate::notifications::facts::SurveyFacts;
use crate::notifications::survey_links::{self, SurveyLinkRow};
use crate::notifications::{self, Audience, Facts};

/// What marking a meeting held opens, in its transaction: the negotiation and the
/// meeting's surveys to both sides (`meetings::transition::OnHeld`).
pub fn on_held(conn: &mut DbConn, meeting_id: &str, now: NaiveDateTime) -> QueryResult<()> {
    crate::negotiations::store::open_negotiation(conn, meeting_id, now)?;
    schedule_meeting_surveys(conn, meeting_id, now)
}

/// Writes the +1 day, +3 and +6 months surveys of a held meeting for each side, and their
/// mails, due when the survey is (at once for one whose time has passed). Each side's
/// addressees are looked up once for its three surveys; the six surveys go in with one
/// insert, each side's mails with one more (bench/run times this for a fair's meetings).
pub fn schedule_meeting_surveys(
    conn: &mut DbConn,
    meeting_id: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let detail = find_meeting_detail(conn, meeting_id)?;
    let event = crate::events::store::find_event(conn, &detail.meeting.event_id)?;
    let met_at = detail
        .slot_starts_at
        .or(detail.meeting.held_at)
        .unwrap_or(now);
    let mut rows = Vec::with_capacity(6);
    let mut mails = Vec::with_capacity(2);
    for side in [SurveySide::Company, SurveySide::Buyer] {
        let (own_ja, own_en, other_ja, other_en) = match side {
            SurveySide::Company => (
                &detail.company_name_ja,
                &detail.company_name_en,
                &detail.buyer_name,
                &detail.buyer_name,
            ),
            _ => (
                &detail.buyer_name,
                &detail.buyer_name,
                &detail.company_name_ja,
                &detail.company_name_en,
            ),
        };
        let mut side_mails = Vec::with_capacity(MEETING_SURVEYS.len());
        for kind in MEETING_SURVEYS {
            let row = SurveyRow {
                id: db::new_id(),
                kind,
                event_id: event.id.clone(),
                meeting_id: Some(meeting_id.to_owned()),
                registration_id: None,
                side,
                status: SurveyStatus::Pending,
                due_at: schedule::due_at(kind, met_at),
                answered_at: None,
                answered_by: None,
                rating: None,
                interpreter_rating: None,
                next_step: None,
                would_recommend: None,
                comment: None,
                outcome: None,
                report_id: None,
                created_at: now,
            };
            let facts = Facts::Survey(Box::new(SurveyFacts {
                survey_id: row.id.clone(),
                event_name: event.name.clone(),
                event_city: event.city.clone(),
                starts_on: event.starts_on,
                other_party_ja: Some(other_ja.clone()),
                other_party_en: Some(other_en.clone()),
                respondent_ja: Some(own_ja.clone()),
                respondent_en: Some(own_en.clone()),
                link: None,
            }));
            side_mails.push((kind.message(), facts, row.due_at.max(now)));
            rows.push(row);
        }
        mails.push((side, side_mails));
    }
    store::insert_surveys(conn, &rows)?;
    for (side, side_mails) in mails {
        let audience = match side {
            SurveySide::Company => Audience::CompanyMembers(&detail.meeting.company_id),
            _ => Audience::BuyerMembers(&detail.meeting.buyer_id),
        };
        // The three kinds share one category (`Kind::category`), so one lookup serves them.
        let category = MEETING_SURVEYS[0].message().category();
        let to = notifications::addressees(conn, category, &[audience])?;
        let messages: Vec<_> = side_mails
            .iter()
            .map(|(kind, facts, due)| (*kind, facts, *due))
            .collect();
        notifications::tell_all(conn, &messages, &to)?;
    }
    Ok(())
}

/// Writes the questionnaire of an attendee of a seminar, forum or job fair, due the day
/// after the event ends (09:00 Japan time), and its mail to the attendee: a company's or
/// buyer's members, or the candidate's own account (a candidate the desk registered without
/// an account has no address to ask).
pub fn schedule_event_feedback(
    conn: &mut DbConn,
    registration: &crate::events::store::RegistrationRow,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let event = crate::events::store::find_event(conn, &registration.event_id)?;
    let candidate_account = match &registration.candidate_id {
        Some(candidate) => store::candidate_account(conn, candidate)?,
        None => None,
    };
    let audience = match (
        &registration.company_id,
        &registration.buyer_id,
        &candidate_account,
    ) {
        (Some(company), _, _) => Audience::CompanyMembers(company),
        (_, Some(buyer), _) => Audience::BuyerMembers(buyer),
        (_, _, Some(account)) => Audience::Account(account),
        _ => return Ok(()),
    };
    let ended = event.ends_on.and_time(chrono::NaiveTime::MIN);
    let row = SurveyRow {
        id: db::new_id(),
        kind: SurveyKind::EventFeedback,
        event_id: event.id.clone(),
        meeting_id: None,
        registration_id: Some(registration.id.clone()),
        side: SurveySide::Attendee,
        status: SurveyStatus::Pending,
        // Midnight UTC after the last day: 09:00 in Japan.
        due_at: schedule::due_at(SurveyKind::EventFeedback, ended),
        answered_at: None,
        answered_by: None,
        rating: None,
        interpreter_rating: None,
        next_step: None,
        would_recommend: None,
        comment: None,
        outcome: None,
        report_id: None,
        created_at: now,
    };
    store::insert_survey(conn, &row)?;
    let facts = Facts::Survey(Box::new(SurveyFacts {
        survey_id: row.id.clone(),
        event_name: event.name,
        event_city: event.city,
        starts_on: event.starts_on,
        other_party_ja: None,
        other_party_en: None,
        respondent_ja: None,
        respondent_en: None,
        link: None,
    }));
    notifications::tell_at(
        conn,
        SurveyKind::EventFeedback.message(),
        &facts,
        &[audience],
        row.due_at.max(now),
    )
}

/// The survey a token opens: unknown and expired tokens are 404 alike; a used token, or one
/// whose survey was answered (by a colleague) or ended, is 409.
pub fn open(
    conn: &mut DbConn,
    token: &str,
    now: NaiveDateTime,
) -> Result<(SurveyLinkRow, SurveyRow), ApiError> {
    let link = survey_links::find_valid(conn, token, now)?.ok_or(ApiError::NotFound)?;
    let survey = store::find_survey(conn, &link.survey_id)?;
    if link.used_at.is_some() || survey.status != SurveyStatus::Pending {
        return Err(ApiError::Conflict(Msg::SurveyAnswered));
    }
    Ok((link, survey))
}

/// The survey's questions and context, in the respondent's language.
pub fn view(
    conn: &mut DbConn,
    link: &SurveyLinkRow,
    survey: &SurveyRow,
) -> Result<SurveyView, ApiError> {
    let respondent = crate::users::store::find_user(conn, &link.respondent_id)?;
    let locale = respondent.locale;
    let event = crate::events::store::find_event(conn, &survey.event_id)?;
    let mut context = SurveyContext {
        event_name: event.name,
        event_city: event.city,
        starts_on: event.starts_on,
        meeting_at: None,
        other_party: None,
        capability: None,
    };
    let mut interpreter = false;
    if let Some(meeting_id) = &survey.meeting_id {
        let detail = find_meeting_detail(conn, meeting_id)?;
        interpreter = detail.meeting.interpreter_id.is_some();
        context.meeting_at = detail.slot_starts_at.map(|t| t.and_utc());
        context.other_party = Some(match (survey.side, locale) {
            (SurveySide::Company, _) => detail.buyer_name.clone(),
            (_, Locale::Ja) => detail.company_name_ja.clone(),
            (_, Locale::En) => detail.company_name_en.clone(),
        });
        if let Some(capability) = &detail.meeting.capability_id {
            context.capability =
                store::capability_titles(conn, capability)?.map(|(ja, en)| match locale {
                    Locale::Ja => ja,
                    Locale::En => en,
                });
        }
    }
    Ok(SurveyView {
        id: parse_id(&survey.id)?,
        kind: survey.kind,
        language: locale,
        due_at: survey.due_at.and_utc(),
        expires_at: link.expires_at.and_utc(),
        context,
        questions: questions(survey.kind, interpreter, locale),
    })
}

/// What a survey of `kind` asks; the interpreter question only where there was one.
pub fn questions(kind: SurveyKind, interpreter: bool, locale: Locale) -> Vec<Question> {
    let q =
        |field: &str, kind: QuestionType, required: bool, label: Msg, options: &[&str]| Question {
            field: field.to_owned(),
            kind,
            required,
            label: label.text(locale),
            options: options.iter().map(|o| (*o).to_owned()).collect(),
        };
    let comment = q(
        "comment",
        QuestionType::Text,
        false,
        Msg::QuestionComment,
        &[],
    );
    match kind {
        SurveyKind::MeetingFeedback => {
            let mut list = vec![q(
                "rating",
                QuestionType::Rating,
                true,
                Msg::QuestionRating,
                &[],
            )];
            if interpreter {
                list.push(q(
                    "interpreter_rating",
                    QuestionType::Rating,
                    false,
                    Msg::QuestionInterpreterRating,
                    &[],
                ));
            }
            list.push(q(
                "next_step",
                QuestionType::Choice,
                false,
                Msg::QuestionNextStep,
                &["none", "samples", "quotation", "visit", "negotiating"],
            ));
            list.push(comment);
            list
        }
        SurveyKind::Outcome3m | SurveyKind::Outcome6m => vec![
            q(
                "outcome",
                QuestionType::Choice,
                true,
                Msg::QuestionOutcome,
                &["open", "prospect", "won", "lost"],
            ),
            q(
                "amount_minor",
                QuestionType::Money,
                false,
                Msg::QuestionAmount,
                &[],
            ),
            q(
                "exchange_rate",
                QuestionType::Money,
                false,
                Msg::QuestionExchangeRate,
                &[],
            ),
            q(
                "closed_on",
                QuestionType::Date,
                false,
                Msg::QuestionClosedOn,
                &[],
            ),
            comment,
        ],
        SurveyKind::EventFeedback => vec![
            q(
                "rating",
                QuestionType::Rating,
                true,
                Msg::QuestionSatisfaction,
                &[],
            ),
            q(
                "would_recommend",
                QuestionType::Boolean,
                false,
                Msg::QuestionWouldRecommend,
                &[],
            ),
            comment,
        ],
    }
}

/// Which fields of `answer` a survey of `kind` does not ask, and which it needs.
fn check_fields(kind: SurveyKind, answer: &SurveyAnswer) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    let given = [
        ("rating", answer.rating.is_some()),
        ("interpreter_rating", answer.interpreter_rating.is_some()),
        ("next_step", answer.next_step.is_some()),
        ("would_recommend", answer.would_recommend.is_some()),
        ("outcome", answer.outcome.is_some()),
        ("amount_minor", answer.amount_minor.is_some()),
        ("currency", answer.currency.is_some()),
        ("exchange_rate", answer.exchange_rate.is_some()),
        ("amount_jpy", answer.amount_jpy.is_some()),
        ("closed_on", answer.closed_on.is_some()),
    ];
    let (asked, required): (&[&str], &str) = match kind {
        SurveyKind::MeetingFeedback => (&["rating", "interpreter_rating", "next_step"], "rating"),
        SurveyKind::EventFeedback => (&["rating", "would_recommend"], "rating"),
        SurveyKind::Outcome3m | SurveyKind::Outcome6m => (
            &[
                "outcome",
                "amount_minor",
                "currency",
                "exchange_rate",
                "amount_jpy",
                "closed_on",
            ],
            "outcome",
        ),
    };
    for (field, present) in given {
        if present && !asked.contains(&field) {
            errors.push(FieldError::new(field, Msg::SurveyFieldNotAsked));
        }
        if !present && field == required {
            errors.push(FieldError::new(field, Msg::SurveyFieldRequired));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Validation(errors))
    }
}

/// The respondent as the negotiation machinery sees a caller: its account's role and
/// organisation, as its access token would carry them.
fn respondent(conn: &mut DbConn, user_id: &str) -> Result<AuthUser, ApiError> {
    let user = crate::users::store::find_user(conn, user_id)?;
    if user.disabled_at.is_some() {
        return Err(ApiError::NotFound);
    }
    Ok(AuthUser {
        id: parse_id(&user.id)?,
        role: user.role,
        company_id: user.company_id.as_deref().map(parse_id).transpose()?,
        buyer_id: user.buyer_id.as_deref().map(parse_id).transpose()?,
        municipality_id: user.municipality_id.as_deref().map(parse_id).transpose()?,
    })
}

/// Answers the survey `token` opens. Returns the survey as answered.
pub fn answer(
    conn: &mut DbConn,
    token: &str,
    answer: &SurveyAnswer,
    today_in_japan: chrono::NaiveDate,
) -> Result<SurveyRow, ApiError> {
    let now = db::now();
    let (link, survey) = open(conn, token, now)?;
    check_fields(survey.kind, answer)?;
    let user = respondent(conn, &link.respondent_id)?;
    let mut update = SurveyAnswerUpdate {
        status: SurveyStatus::Answered,
        answered_at: Some(now),
        answered_by: Some(link.respondent_id.clone()),
        rating: answer.rating,
        interpreter_rating: answer.interpreter_rating,
        next_step: answer.next_step,
        would_recommend: answer.would_recommend,
        comment: answer
            .comment
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_owned),
        outcome: None,
        report_id: None,
    };
    let mut ended = Vec::new();
    if let (Some(status), Some(meeting_id)) = (answer.outcome, &survey.meeting_id) {
        let outcome = Outcome {
            status,
            amount_minor: answer.amount_minor,
            currency: answer.currency.clone(),
            exchange_rate: answer.exchange_rate.clone(),
            amount_jpy: answer.amount_jpy,
            closed_on: answer.closed_on,
        }
        .settle(today_in_japan)?;
        let side = match survey.side {
            SurveySide::Company => Side::Company,
            _ => Side::Buyer,
        };
        let negotiation = actions::report(conn, &user, meeting_id, Some(side), &outcome)?;
        update.outcome = Some(status);
        update.report_id = negotiation
            .reports
            .iter()
            .find(|r| r.side == side)
            .map(|r| r.id.to_string());
        let later = schedule::ended_by(survey.kind, status);
        if !later.is_empty() {
            ended = store::end_pending(conn, meeting_id, survey.side, later)?;
        }
    }
    if !store::answer_survey(conn, &survey.id, &update)?
        || !survey_links::use_once(conn, &link.token_hash, now)?
    {
        return Err(ApiError::Conflict(Msg::SurveyAnswered));
    }
    let after = store::find_survey(conn, &survey.id)?;
    audit::Change::new(&link.respondent_id, "answer", Entity::Survey, &survey.id)
        .before(&survey)
        .after(&after)
        .record(conn)?;
    for id in &ended {
        let kind = store::find_survey(conn, id)?.kind;
        notifications::store::drop_pending(conn, id, &[kind.message()])?;
        audit::Change::new(&link.respondent_id, "end", Entity::Survey, id).record(conn)?;
    }
    Ok(after)
}
