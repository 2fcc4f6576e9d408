//! The waitlist of a job fair, seminar or forum with a `capacity`: at most that many
//! registrations are confirmed; who registers beyond it waits, and when a seat frees (a
//! confirmed registration is cancelled, or the desk raises or lifts the capacity) the
//! oldest waiting registrations are confirmed in the same transaction and their registrants
//! told, with their check-in codes. The desk cannot lower a capacity below the confirmed
//! count: nobody is un-confirmed. Every step locks the event first (`store::lock_event`),
//! so concurrent registrations and cancellations count the seats one at a time.

use uuid::Uuid;

use super::registrations::{participant_of, tell_registrant};
use super::store::{self as store, EventRow, RegistrationRow, RegistrationWithEvent};
use super::{EventKind, RegistrationStatus};
use crate::audit::{self, Entity};
use crate::auth::{policy, AuthUser};
use crate::db::{self, DbConn};
use crate::error::{ApiError, FieldError};
use crate::i18n::Msg;
use crate::notifications::Kind;

/// The status of a new registration when `confirmed` registrations hold seats already.
pub fn status_of_new(capacity: Option<i32>, confirmed: i64) -> RegistrationStatus {
    if free_seats(capacity, confirmed) > 0 {
        RegistrationStatus::Confirmed
    } else {
        RegistrationStatus::Waitlisted
    }
}

/// The seats still free; `i64::MAX` without a capacity.
pub fn free_seats(capacity: Option<i32>, confirmed: i64) -> i64 {
    capacity.map_or(i64::MAX, |c| (i64::from(c) - confirmed).max(0))
}

/// A capacity is for job fairs, seminars and forums: a trade fair's buyers take no seats.
pub fn capacity_error(kind: EventKind, capacity: Option<i32>) -> Option<FieldError> {
    (kind == EventKind::TradeFair && capacity.is_some())
        .then(|| FieldError::new("capacity", Msg::CapacityNotForTradeFairs))
}

/// A new capacity may not leave fewer seats than registrations already confirmed.
pub fn check_new_capacity(capacity: Option<i32>, confirmed: i64) -> Result<(), ApiError> {
    match capacity {
        Some(c) if i64::from(c) < confirmed => Err(ApiError::invalid(
            "capacity",
            Msg::CapacityBelowConfirmed { confirmed },
        )),
        _ => Ok(()),
    }
}

/// Confirms the oldest waitlisted registrations of `event` (locked by the caller) while it
/// has free seats, tells each registrant with its check-in code, and audits each promotion
/// as `actor`'s doing. Returns how many were promoted.
pub fn promote(
    conn: &mut DbConn,
    actor: Uuid,
    event: &EventRow,
    check_in_key: &[u8],
) -> Result<usize, ApiError> {
    let confirmed = store::count_registrations(conn, &event.id, RegistrationStatus::Confirmed)?;
    let free = free_seats(event.capacity, confirmed);
    if free == 0 {
        return Ok(0);
    }
    let waiting = store::oldest_waitlisted(conn, &event.id, free)?;
    for before in &waiting {
        store::set_registration_status(conn, &before.id, RegistrationStatus::Confirmed, None)?;
        let after = RegistrationRow {
            status: RegistrationStatus::Confirmed,
            ..before.clone()
        };
        tell_registrant(
            conn,
            Kind::RegistrationPromoted,
            event,
            &after,
            check_in_key,
        )?;
        audit::Change::new(actor, "promote", Entity::Registration, &after.id)
            .before(before)
            .after(&after)
            .record(conn)?;
    }
    Ok(waiting.len())
}

/// Cancels registration `registration_key` of event `event_key`, as its registrant or the
/// desk (see `policy::cancel_registration`); the row is kept. A confirmed seat it frees goes
/// to the waitlist's first. The desk's cancellation is audited.
pub fn cancel(
    conn: &mut DbConn,
    user: &AuthUser,
    (event_key, registration_key): (&str, &str),
    check_in_key: &[u8],
) -> Result<RegistrationWithEvent, ApiError> {
    let event = store::lock_event(conn, event_key)?;
    let before = store::find_registration(conn, event_key, registration_key)?.registration;
    let who = participant_of(conn, &before)?;
    policy::cancel_registration(user, who.registrant())?;
    if before.status == RegistrationStatus::Cancelled {
        return Err(ApiError::StateConflict {
            detail: Msg::RegistrationAlreadyCancelled,
            current_status: before.status.as_str().to_owned(),
        });
    }
    let now = db::now();
    store::set_registration_status(conn, &before.id, RegistrationStatus::Cancelled, Some(now))?;
    let found = store::find_registration(conn, event_key, registration_key)?;
    if policy::is_desk(user) {
        audit::Change::new(user.id, "cancel", Entity::Registration, &before.id)
            .before(&before)
            .after(&found.registration)
            .record(conn)?;
    }
    if before.status == RegistrationStatus::Confirmed {
        promote(conn, user.id, &event, check_in_key)?;
    }
    Ok(found)
}

/// Replaces event `event_key`'s settings by what `apply` makes of them, as the desk: a
/// capacity below the confirmed count is refused, seats a raised or lifted capacity frees go
/// to the waitlist. The change is audited.
pub fn update_event(
    conn: &mut DbConn,
    user: &AuthUser,
    event_key: &str,
    apply: impl FnOnce(&mut EventRow),
    check_in_key: &[u8],
) -> Result<EventRow, ApiError> {
    let before = store::lock_event(conn, event_key)?;
    let mut row = before.clone();
    apply(&mut row);
    // A kept capacity must still suit the event's (possibly new) kind.
    if let Some(error) = capacity_error(row.kind, row.capacity) {
        return Err(ApiError::Validation(vec![error]));
    }
    let confirmed = store::count_registrations(conn, &row.id, RegistrationStatus::Confirmed)?;
    check_new_capacity(row.capacity, confirmed)?;
    store::save_event(conn, &row)?;
    audit::Change::new(user.id, "update", Entity::Event, &row.id)
        .before(&before)
        .after(&row)
        .record(conn)?;
    promote(conn, user.id, &row, check_in_key)?;
    Ok(row)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_registration_waits_once_the_confirmed_fill_the_capacity() {
        assert_eq!(status_of_new(None, 10_000), RegistrationStatus::Confirmed);
        assert_eq!(status_of_new(Some(2), 1), RegistrationStatus::Confirmed);
        assert_eq!(status_of_new(Some(2), 2), RegistrationStatus::Waitlisted);
        // A capacity lowered by hand below the count (not through the API) frees nothing.
        assert_eq!(status_of_new(Some(2), 5), RegistrationStatus::Waitlisted);
        assert_eq!(free_seats(Some(2), 5), 0);
    }

    #[test]
    fn a_capacity_may_rise_or_stay_but_not_fall_below_the_confirmed() {
        assert!(check_new_capacity(Some(3), 3).is_ok());
        assert!(check_new_capacity(None, 3).is_ok());
        assert!(matches!(
            check_new_capacity(Some(2), 3),
            Err(ApiError::Validation(_))
        ));
    }

    #[test]
    fn trade_fairs_take_no_capacity() {
        assert!(capacity_error(EventKind::TradeFair, Some(10)).is_some());
        assert!(capacity_error(EventKind::TradeFair, None).is_none());
        for kind in [EventKind::JobFair, EventKind::Seminar, EventKind::Forum] {
            assert!(capacity_error(kind, Some(10)).is_none());
        }
    }
}
