//! What a meeting's moves tell, and to whom. Called by
//! [`record_transition`](super::store::record_transition), which every move of a meeting goes
//! through, in the move's transaction: no move without its message.
//!
//! | move | told |
//! |---|---|
//! | requested, withdrawn | the side asked (the company; the buyer for a company's proposal) |
//! | accepted, declined | the side that asked (the buyer; the company for its proposal) |
//! | scheduled, moved, cancelled, held | both sides |
//! | no-show | nobody by mail (the desk marked it) |
//!
//! Scheduling writes the meeting's reminders (24 h and 1 h before its slot); moving it writes
//! them anew, and cancelling it, or marking it held or a no-show, drops those not yet sent.

use diesel::prelude::*;

use super::lifecycle::{Initiator, MeetingStatus, Side};
use super::store::find_meeting_detail;
use super::venue::MeetingMode;
use crate::db::schema::{events, interpreters, meeting_transitions, meetings};
use crate::db::DbConn;
use crate::i18n::Locale;
use crate::notifications::facts::{MeetingFacts, Slot};
use crate::notifications::webhooks::{self, EventType};
use crate::notifications::{self, remind, Audience, Facts, Kind};
use serde_json::json;

/// The message of a move from `from` to `to`, if it has one.
pub fn kind_of(from: Option<MeetingStatus>, to: MeetingStatus) -> Option<Kind> {
    use MeetingStatus::*;
    Some(match (from, to) {
        (None, Requested) => Kind::MeetingRequested,
        // A meeting the preference run makes from both sides' wishes: nobody asked, so
        // nobody is told of an acceptance; its scheduling tells both sides.
        (None, Accepted) => return None,
        (_, Accepted) => Kind::MeetingAccepted,
        (_, Declined) => Kind::MeetingDeclined,
        (_, Withdrawn) => Kind::MeetingWithdrawn,
        (Some(Scheduled), Scheduled) => Kind::MeetingMoved,
        (_, Scheduled) => Kind::MeetingScheduled,
        (_, Cancelled) => Kind::MeetingCancelled,
        (_, Held) => Kind::MeetingHeld,
        (_, NoShow) | (Some(_), Requested) => return None,
    })
}

/// The webhook event of a move: its message's kind, and `meeting.no_show`, which has no mail.
pub fn webhook_of(from: Option<MeetingStatus>, to: MeetingStatus) -> Option<EventType> {
    match kind_of(from, to) {
        Some(kind) => EventType::of_kind(kind),
        None if to == MeetingStatus::NoShow => Some(EventType::MeetingNoShow),
        None => None,
    }
}

pub fn on_transition(
    conn: &mut DbConn,
    meeting_id: &str,
    from: Option<MeetingStatus>,
    to: MeetingStatus,
    note: Option<&str>,
) -> QueryResult<()> {
    let leaves_timetable = matches!(
        to,
        MeetingStatus::Cancelled | MeetingStatus::Held | MeetingStatus::NoShow
    );
    if leaves_timetable || to == MeetingStatus::Scheduled {
        remind::drop_pending(conn, meeting_id)?;
    }
    if let Some(event) = webhook_of(from, to) {
        webhooks::publish_about_meeting(conn, event, meeting_id, json!({ "status": to }))?;
    }
    let Some(kind) = kind_of(from, to) else {
        return Ok(());
    };
    let (facts, initiated_by) = facts(conn, meeting_id, kind, note)?;
    let kind = match (kind, initiated_by) {
        (Kind::MeetingRequested, Initiator::Company) => Kind::MeetingProposed,
        (kind, _) => kind,
    };
    let (company, buyer) = (facts.company_id.clone(), facts.buyer_id.clone());
    let company = Audience::CompanyMembers(&company);
    let buyer = Audience::BuyerMembers(&buyer);
    let side = |side: Side| if side == Side::Buyer { buyer } else { company };
    let asked = [side(initiated_by.answering_side())];
    let asking = [side(initiated_by.asking_side())];
    let both = [company, buyer];
    let audiences: &[Audience<'_>] = match kind {
        Kind::MeetingRequested | Kind::MeetingProposed | Kind::MeetingWithdrawn => &asked,
        Kind::MeetingAccepted | Kind::MeetingDeclined => &asking,
        _ => &both,
    };
    let slot = facts.slot;
    let facts = Facts::Meeting(Box::new(facts));
    notifications::tell(conn, kind, &facts, audiences)?;
    if let (Kind::MeetingScheduled | Kind::MeetingMoved, Some(slot)) = (kind, slot) {
        let interpreter = interpreter_contact(conn, meeting_id)?;
        let mut reminded = vec![company, buyer];
        if let Some((email, locale)) = &interpreter {
            reminded.push(Audience::Contact {
                email,
                locale: *locale,
            });
        }
        remind::schedule(conn, &facts, slot.starts_at, &reminded)?;
    }
    Ok(())
}

/// The address of the meeting's interpreter, if it has one with an address, and the language
/// they are written in: Japanese when they interpret from Japanese, else English.
fn interpreter_contact(
    conn: &mut DbConn,
    meeting_id: &str,
) -> QueryResult<Option<(String, Locale)>> {
    let found: Option<(Option<String>, String)> = meetings::table
        .inner_join(interpreters::table)
        .filter(meetings::id.eq(meeting_id))
        .select((interpreters::email, interpreters::languages))
        .first(conn)
        .optional()?;
    Ok(found.and_then(|(email, languages)| {
        let languages: Vec<String> = serde_json::from_str(&languages).unwrap_or_default();
        let japanese = languages.iter().any(|l| l == "ja");
        Some((email?, if japanese { Locale::Ja } else { Locale::En }))
    }))
}

/// What the message says, and who asked for the meeting.
fn facts(
    conn: &mut DbConn,
    meeting_id: &str,
    kind: Kind,
    note: Option<&str>,
) -> QueryResult<(MeetingFacts, Initiator)> {
    let detail = find_meeting_detail(conn, meeting_id)?;
    let (event_name, event_city, time_zone): (String, String, String) = events::table
        .find(&detail.meeting.event_id)
        .select((events::name, events::city, events::time_zone))
        .first(conn)?;
    // The invitation's SEQUENCE: 0 for the first placing, one more for each move; a
    // cancellation comes after the last placing. Only the mails with an invitation need it
    // (a request, the most frequent message, is not one of them).
    let mut placings = || -> QueryResult<i64> {
        meeting_transitions::table
            .filter(meeting_transitions::meeting_id.eq(meeting_id))
            .filter(meeting_transitions::to_status.eq(MeetingStatus::Scheduled))
            .count()
            .get_result(conn)
    };
    let sequence = match kind {
        Kind::MeetingCancelled => placings()?,
        Kind::MeetingScheduled | Kind::MeetingMoved => (placings()? - 1).max(0),
        _ => 0,
    };
    let slot = match (detail.slot_starts_at, detail.slot_ends_at) {
        (Some(starts_at), Some(ends_at)) => Some(Slot { starts_at, ends_at }),
        _ => None,
    };
    let initiated_by = detail.meeting.initiated_by;
    let facts = MeetingFacts {
        meeting_id: meeting_id.to_owned(),
        event_id: detail.meeting.event_id,
        event_name,
        event_city,
        time_zone,
        company_id: detail.meeting.company_id,
        company_name_ja: detail.company_name_ja,
        company_name_en: detail.company_name_en,
        buyer_id: detail.meeting.buyer_id,
        buyer_name: detail.buyer_name,
        buyer_country: detail.buyer_country,
        slot,
        table_label: detail.table_label,
        join_url: detail
            .meeting
            .join_url
            .filter(|_| detail.meeting.mode == MeetingMode::Online),
        sequence: u32::try_from(sequence).unwrap_or(0),
        note: note.map(str::to_owned),
        proposal: initiated_by == Initiator::Company,
    };
    Ok((facts, initiated_by))
}

#[cfg(test)]
mod tests {
    use super::*;
    use MeetingStatus::*;

    #[test]
    fn each_move_has_its_message() {
        assert_eq!(kind_of(None, Requested), Some(Kind::MeetingRequested));
        assert_eq!(
            kind_of(Some(Requested), Accepted),
            Some(Kind::MeetingAccepted)
        );
        assert_eq!(
            kind_of(Some(Accepted), Scheduled),
            Some(Kind::MeetingScheduled)
        );
        assert_eq!(
            kind_of(Some(Scheduled), Scheduled),
            Some(Kind::MeetingMoved)
        );
        assert_eq!(
            kind_of(Some(Scheduled), Cancelled),
            Some(Kind::MeetingCancelled)
        );
        assert_eq!(kind_of(Some(Scheduled), Held), Some(Kind::MeetingHeld));
        assert_eq!(kind_of(Some(Scheduled), NoShow), None);
        assert_eq!(kind_of(None, Accepted), None);
    }

    #[test]
    fn every_move_but_a_repeated_request_is_a_webhook_event() {
        assert_eq!(
            webhook_of(Some(Scheduled), NoShow),
            Some(EventType::MeetingNoShow)
        );
        assert_eq!(
            webhook_of(Some(Scheduled), Scheduled),
            Some(EventType::MeetingMoved)
        );
        assert_eq!(
            webhook_of(None, Requested),
            Some(EventType::MeetingRequested)
        );
    }
}
