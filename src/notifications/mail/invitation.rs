//! A meeting's iCalendar invitation, carried by the mails that place, move or cancel it.

use chrono::{TimeZone, Utc};

use super::{Context, Invitation};
use crate::notifications::facts::MeetingFacts;
use crate::notifications::Kind;

/// The invitation of a scheduled or moved meeting (`REQUEST`), or its cancellation
/// (`CANCEL`), in UTC times (which need no `VTIMEZONE`). The `UID` is the agenda's, so a
/// calendar that subscribed to the agenda sees one event.
pub(super) fn invitation(kind: Kind, m: &MeetingFacts, context: &Context) -> Option<Invitation> {
    use icalendar::{Calendar, Component, Event, EventLike, EventStatus, Property};
    let (method, status) = match kind {
        Kind::MeetingScheduled | Kind::MeetingMoved => ("REQUEST", EventStatus::Confirmed),
        Kind::MeetingCancelled => ("CANCEL", EventStatus::Cancelled),
        _ => return None,
    };
    let slot = m.slot?;
    let mut event = Event::new();
    // An online meeting is where its link is (RFC 5545 `URL`, and RFC 7986 `CONFERENCE`
    // for the clients that offer a join button); an on-site one at its table.
    match &m.join_url {
        Some(link) => event.location(link).url(link).append_property(
            Property::new("CONFERENCE", link.as_str())
                .add_parameter("VALUE", "URI")
                .add_parameter("FEATURE", "AUDIO,VIDEO")
                .done(),
        ),
        None => event.location(&format!(
            "{}, {}",
            m.event_name,
            m.table_label.as_deref().unwrap_or("-")
        )),
    };
    let event = event
        .uid(&format!("{}@sagamihara-match", m.meeting_id))
        .add_property("SEQUENCE", m.sequence.to_string())
        .summary(&format!("{} × {}", m.company_name_en, m.buyer_name))
        .description(&format!(
            "{} / {}\nBuyer: {} ({})",
            m.company_name_ja, m.company_name_en, m.buyer_name, m.buyer_country
        ))
        .append_property(
            Property::new("ORGANIZER", format!("mailto:{}", context.organiser))
                .add_parameter("CN", "Sagamihara Global Matching")
                .done(),
        )
        .starts(Utc.from_utc_datetime(&slot.starts_at))
        .ends(Utc.from_utc_datetime(&slot.ends_at))
        .status(status)
        .done();
    let calendar = Calendar::new()
        .append_property(Property::new("METHOD", method))
        .push(event)
        .done();
    Some(Invitation {
        method,
        ics: calendar.to_string(),
    })
}
