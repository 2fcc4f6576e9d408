//! Moving a meeting along its lifecycle (accept, decline, withdraw, cancel, held, no-show):
//! the caller's side must be allowed the move and the meeting's status must have it
//! ([`next_status`], pure), then the move is written with its history and audit, and a
//! meeting marked held gets its moment and opens its negotiation.

use chrono::NaiveDateTime;
use uuid::Uuid;

use super::lifecycle::{self, Action, Initiator, MeetingStatus, Side};
use super::store::{self as meetings_store, MeetingRow};
use crate::audit::{self, Entity};
use crate::db::{self, DbConn};
use crate::error::ApiError;
use crate::i18n::Msg;

/// Where `action` by `side` takes a meeting in `current` that `initiated_by` asked for: a
/// side not allowed the action is refused (403) before the status is looked at (409).
pub fn next_status(
    side: Side,
    (current, initiated_by): (MeetingStatus, Initiator),
    action: Action,
) -> Result<MeetingStatus, ApiError> {
    if !lifecycle::may(side, action, initiated_by) {
        return Err(ApiError::Forbidden(Msg::SideCannot {
            action: action.verb(),
        }));
    }
    lifecycle::next(current, action).ok_or_else(|| ApiError::StateConflict {
        detail: Msg::MeetingCannotBe {
            status: current.as_str().to_owned(),
            action: action.verb(),
        },
        current_status: current.as_str().to_owned(),
    })
}

/// What a meeting marked held opens in the same transaction: its negotiation
/// (`negotiations::store::open_negotiation`). The negotiations domain sits above meetings,
/// so it hands this in: `POST /meetings/{id}/held` is its handler.
pub type OnHeld = fn(&mut DbConn, &str, NaiveDateTime) -> diesel::QueryResult<()>;

/// Takes `action` on `meeting` for `actor`, who is on `side` of it. A move to held needs
/// `on_held`; no held meeting is without its negotiation.
pub fn transition(
    conn: &mut DbConn,
    actor: Uuid,
    (meeting, side): (MeetingRow, Side),
    action: Action,
    note: Option<&str>,
    on_held: Option<OnHeld>,
) -> Result<(), ApiError> {
    let next = next_status(side, (meeting.status, meeting.initiated_by), action)?;
    let on_held = match (next, on_held) {
        (MeetingStatus::Held, None) => {
            return Err(ApiError::internal(
                "a meeting marked held must open its negotiation",
            ))
        }
        (_, on_held) => on_held,
    };
    let now = db::now();
    let held_at = (next == MeetingStatus::Held).then_some(now);
    meetings_store::set_status(
        conn,
        &meeting,
        next,
        None,
        held_at,
        &actor.to_string(),
        note,
        now,
    )?;
    if next == MeetingStatus::Held {
        meetings_store::mark_took_place(conn, &meeting, now)?;
        if let Some(open_negotiation) = on_held {
            open_negotiation(conn, &meeting.id, now)?;
        }
    }
    let after = meetings_store::find_meeting(conn, &meeting.id)?;
    let action = format!("transition:{}", next.as_str());
    audit::Change::new(actor, &action, Entity::Meeting, &meeting.id)
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

    #[test]
    fn the_company_accepts_a_request() {
        let request = (MeetingStatus::Requested, Initiator::Buyer);
        let next = next_status(Side::Company, request, Action::Accept);
        assert_eq!(next.ok(), Some(MeetingStatus::Accepted));
    }

    #[test]
    fn the_buyer_accepts_a_companys_proposal() {
        let proposal = (MeetingStatus::Requested, Initiator::Company);
        let next = next_status(Side::Buyer, proposal, Action::Accept);
        assert_eq!(next.ok(), Some(MeetingStatus::Accepted));
        let refused = next_status(Side::Company, proposal, Action::Accept)
            .expect_err("a company does not accept its own proposal");
        assert_eq!(refused.status_code(), StatusCode::FORBIDDEN);
    }

    #[test]
    fn a_side_without_the_move_is_refused_whatever_the_status() {
        let refused = next_status(
            Side::Buyer,
            (MeetingStatus::Held, Initiator::Buyer),
            Action::Accept,
        )
        .expect_err("a buyer never accepts");
        assert_eq!(refused.status_code(), StatusCode::FORBIDDEN);
    }

    #[test]
    fn a_move_the_status_does_not_have_is_a_conflict() {
        let refused = next_status(
            Side::Desk,
            (MeetingStatus::Held, Initiator::Buyer),
            Action::Cancel,
        )
        .expect_err("a held meeting is not cancelled");
        assert_eq!(refused.status_code(), StatusCode::CONFLICT);
    }
}
