//! Putting one meeting in a slot at a table or online, with an interpreter if needed, by
//! hand (the desk): the place must be the meeting's event's, and nobody the meeting needs may be
//! blocked or already booked in the slot. The database's one-per-slot indexes refuse a
//! double booking even under concurrent requests; [`clashes_from`] names who they protect.

use diesel::result::{DatabaseErrorInformation, DatabaseErrorKind, Error as DieselError};

use super::lifecycle::{self, Action, MeetingStatus, Side};
use super::store::{self as meetings_store, MeetingRow, Occupant};
use super::venue::Venue;
use crate::audit::{self, Entity};
use crate::auth::AuthUser;
use crate::db::{self, DbConn};
use crate::error::ApiError;
use crate::events::store::{self as events_store, Party};
use crate::i18n::Msg;

/// Where to put a meeting: ids of the event's slot, its table (or online: its link) and
/// interpreter.
#[derive(Debug, Clone)]
pub struct Place {
    pub slot_id: String,
    pub venue: Venue,
    pub interpreter_id: Option<String>,
}

/// Only the desk schedules, and only accepted or already scheduled meetings.
pub fn may_schedule(side: Side, current: MeetingStatus) -> Result<(), ApiError> {
    if !lifecycle::may(side, Action::Schedule, lifecycle::Initiator::Desk) {
        return Err(ApiError::Forbidden(Msg::DeskSchedules));
    }
    if lifecycle::next(current, Action::Schedule).is_none() {
        return Err(ApiError::StateConflict {
            detail: Msg::MeetingNotSchedulable {
                status: current.as_str().to_owned(),
            },
            current_status: current.as_str().to_owned(),
        });
    }
    Ok(())
}

/// Who stands in the way of `meeting` at `place`: its company or buyer unavailable then,
/// or the company, buyer, table or interpreter taken by another meeting of the slot.
pub fn clashes(
    meeting: &MeetingRow,
    place: &Place,
    company_blocked: bool,
    buyer_blocked: bool,
    occupants: &[Occupant],
) -> Vec<String> {
    let mut clashes = Vec::new();
    if company_blocked {
        clashes.push("company unavailable".to_owned());
    }
    if buyer_blocked {
        clashes.push("buyer unavailable".to_owned());
    }
    for other in occupants {
        if other.company_id == meeting.company_id {
            clashes.push("company".into());
        }
        if other.buyer_id == meeting.buyer_id {
            clashes.push("buyer".into());
        }
        if place.venue.table_id().is_some() && other.table_id.as_deref() == place.venue.table_id() {
            clashes.push("table".into());
        }
        if place.interpreter_id.is_some() && other.interpreter_id == place.interpreter_id {
            clashes.push("interpreter".into());
        }
    }
    clashes.dedup();
    clashes
}

/// Which of the meeting's parties a unique index that refused a booking protects.
pub fn clashes_from(info: &dyn DatabaseErrorInformation) -> Vec<String> {
    let text = format!(
        "{} {}",
        info.constraint_name().unwrap_or_default(),
        info.message()
    );
    ["company", "buyer", "table", "interpreter"]
        .into_iter()
        .filter(|party| text.contains(party))
        .map(str::to_owned)
        .collect()
}

/// The place is the meeting's event's: its slot, its table, its interpreter.
fn check_place_of_event(conn: &mut DbConn, event_id: &str, place: &Place) -> Result<(), ApiError> {
    if !events_store::list_slots(conn, event_id)?
        .iter()
        .any(|s| s.id == place.slot_id)
    {
        return Err(ApiError::invalid("slot_id", Msg::NotSlotOfMeetingEvent));
    }
    if let Venue::Table(table) = &place.venue {
        if !events_store::list_tables(conn, event_id)?
            .iter()
            .any(|t| &t.id == table)
        {
            return Err(ApiError::invalid("table_id", Msg::NotTableOfMeetingEvent));
        }
    }
    if let Some(interpreter) = &place.interpreter_id {
        if !events_store::list_interpreters(conn, event_id)?
            .iter()
            .any(|i| &i.id == interpreter)
        {
            return Err(ApiError::invalid(
                "interpreter_id",
                Msg::NotInterpreterOfMeetingEvent,
            ));
        }
    }
    Ok(())
}

/// Schedules (or moves) `meeting`, which the caller is on `side` of, to `place`: the checks
/// above in order, then the write, audited.
pub fn schedule_meeting(
    conn: &mut DbConn,
    user: &AuthUser,
    (meeting, side): (MeetingRow, Side),
    place: &Place,
) -> Result<(), ApiError> {
    may_schedule(side, meeting.status)?;
    check_place_of_event(conn, &meeting.event_id, place)?;
    let company = Party::Company(meeting.company_id.clone());
    let buyer = Party::Buyer(meeting.buyer_id.clone());
    let company_blocked =
        events_store::blocked_slots(conn, &meeting.event_id, &company)?.contains(&place.slot_id);
    let buyer_blocked =
        events_store::blocked_slots(conn, &meeting.event_id, &buyer)?.contains(&place.slot_id);
    let occupants = meetings_store::occupied(conn, &place.slot_id, &meeting.id)?;
    let clashes = clashes(&meeting, place, company_blocked, buyer_blocked, &occupants);
    if !clashes.is_empty() {
        return Err(ApiError::Clash {
            detail: Msg::SlotNotFree {
                clashes: clashes.join(", "),
            },
            clashes,
        });
    }
    let now = db::now();
    let at = (
        place.slot_id.as_str(),
        &place.venue,
        place.interpreter_id.as_deref(),
    );
    meetings_store::set_status(
        conn,
        &meeting,
        MeetingStatus::Scheduled,
        Some(at),
        None,
        &user.id.to_string(),
        None,
        now,
    )
    .map_err(|e| match e {
        // Another booking got in between our check and our write.
        DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, info) => {
            let clashes = clashes_from(info.as_ref());
            ApiError::Clash {
                detail: Msg::SlotJustTaken {
                    clashes: clashes.join(", "),
                },
                clashes,
            }
        }
        other => other.into(),
    })?;
    let after = meetings_store::find_meeting(conn, &meeting.id)?;
    audit::Change::new(user.id, "schedule", Entity::Meeting, &meeting.id)
        .before(&meeting)
        .after(&after)
        .record(conn)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::http::StatusCode;
    use actix_web::ResponseError;

    fn meeting() -> MeetingRow {
        let now = chrono::NaiveDateTime::default();
        MeetingRow {
            id: "m1".into(),
            event_id: "e1".into(),
            company_id: "c1".into(),
            buyer_id: "b1".into(),
            capability_id: None,
            requested_by: "u1".into(),
            message: "hello".into(),
            languages_needed: "[]".into(),
            status: MeetingStatus::Accepted,
            slot_id: None,
            table_id: None,
            interpreter_id: None,
            mode: Default::default(),
            join_url: None,
            initiated_by: lifecycle::Initiator::Buyer,
            held_at: None,
            created_at: now,
            updated_at: now,
        }
    }

    fn place(interpreter: Option<&str>) -> Place {
        Place {
            slot_id: "s1".into(),
            venue: Venue::Table("t1".into()),
            interpreter_id: interpreter.map(str::to_owned),
        }
    }

    fn occupant(company: &str, buyer: &str, table: &str, interpreter: Option<&str>) -> Occupant {
        Occupant {
            company_id: company.into(),
            buyer_id: buyer.into(),
            table_id: Some(table.into()),
            interpreter_id: interpreter.map(str::to_owned),
        }
    }

    #[test]
    fn only_the_desk_schedules_accepted_or_scheduled_meetings() {
        assert!(may_schedule(Side::Desk, MeetingStatus::Accepted).is_ok());
        assert!(may_schedule(Side::Desk, MeetingStatus::Scheduled).is_ok());
        for side in [Side::Company, Side::Buyer, Side::Observer] {
            let refused = may_schedule(side, MeetingStatus::Accepted).expect_err("refused");
            assert_eq!(refused.status_code(), StatusCode::FORBIDDEN, "{side:?}");
        }
        let requested = may_schedule(Side::Desk, MeetingStatus::Requested).expect_err("refused");
        assert_eq!(requested.status_code(), StatusCode::CONFLICT);
    }

    #[test]
    fn a_free_slot_has_no_clashes() {
        let others = [occupant("c2", "b2", "t2", Some("i2"))];
        assert!(clashes(&meeting(), &place(Some("i1")), false, false, &others).is_empty());
    }

    #[test]
    fn every_party_already_booked_in_the_slot_is_named() {
        let others = [
            occupant("c1", "b2", "t2", None),
            occupant("c3", "b1", "t1", Some("i1")),
        ];
        assert_eq!(
            clashes(&meeting(), &place(Some("i1")), false, false, &others),
            ["company", "buyer", "table", "interpreter"]
        );
    }

    #[test]
    fn a_meeting_without_interpreter_does_not_clash_with_interpreted_ones() {
        let others = [occupant("c2", "b2", "t2", Some("i1"))];
        assert!(clashes(&meeting(), &place(None), false, false, &others).is_empty());
    }

    #[test]
    fn unavailable_participants_clash_before_bookings() {
        let others = [occupant("c1", "b2", "t2", None)];
        assert_eq!(
            clashes(&meeting(), &place(None), true, true, &others),
            ["company unavailable", "buyer unavailable", "company"]
        );
    }
}
