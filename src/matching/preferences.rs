//! Both sides' wishes at a trade fair: whose list a call is about ([`party_of`]), whether
//! it may still change ([`may_change`]), whether the list is sound ([`check_list`]) and which
//! counterparts it may name, and reading and replacing one side's whole list.
//!
//! Privacy: a list is read and written only as its own side's (`policy::may_handle_wishes`):
//! nobody reads the wishes of a counterpart about them.

use std::collections::BTreeSet;

use chrono::NaiveDateTime;
use uuid::Uuid;

use super::api::preferences::{PreferencesView, Wish, WishList};
use super::store::{self as store, PreferenceRow};
use super::{Level, WishSide};
use crate::audit::{self, Entity};
use crate::auth::policy::{self, WishParty};
use crate::auth::{AuthUser, Role};
use crate::db::{self, parse_id, DbConn};
use crate::error::{ApiError, FieldError};
use crate::events::store::{self as events_store, EventRow};
use crate::events::EventKind;
use crate::i18n::Msg;
use crate::validate;

/// Whose wishes (or suggestions) a call is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Party {
    Company(Uuid),
    Buyer(Uuid),
}

impl Party {
    pub fn side(self) -> WishSide {
        match self {
            Party::Company(_) => WishSide::Company,
            Party::Buyer(_) => WishSide::Buyer,
        }
    }

    pub fn id(self) -> Uuid {
        match self {
            Party::Company(id) | Party::Buyer(id) => id,
        }
    }

    fn policy(&self) -> WishParty<'_> {
        match self {
            Party::Company(id) => WishParty::Company(id),
            Party::Buyer(id) => WishParty::Buyer(id),
        }
    }
}

/// The party named (at most one of the two), or the caller's own side; the caller must be
/// that party's member or the desk (403 otherwise: a wish list is never anyone else's).
pub fn party_of(
    user: &AuthUser,
    company_id: Option<Uuid>,
    buyer_id: Option<Uuid>,
) -> Result<Party, ApiError> {
    let party = match (company_id, buyer_id, user.role) {
        (Some(_), Some(_), _) => {
            return Err(ApiError::invalid("company_id", Msg::OneOfCompanyBuyer))
        }
        (Some(id), None, _) => Party::Company(id),
        (None, Some(id), _) => Party::Buyer(id),
        (None, None, Role::Sme) => Party::Company(user.company_id.ok_or_else(ApiError::forbidden)?),
        (None, None, Role::Buyer) => Party::Buyer(user.buyer_id.ok_or_else(ApiError::forbidden)?),
        (None, None, _) if policy::is_desk(user) => {
            return Err(ApiError::invalid("company_id", Msg::OneOfCompanyBuyer))
        }
        (None, None, _) => return Err(ApiError::Forbidden(Msg::OwnWishesOnly)),
    };
    if !policy::may_handle_wishes(user, party.policy()) {
        return Err(ApiError::Forbidden(Msg::OwnWishesOnly));
    }
    Ok(party)
}

/// Members change their wishes until the event's `preferences_close_at` (and while the event
/// is not over); the desk always may.
pub fn may_change(
    desk: bool,
    close_at: Option<NaiveDateTime>,
    over: bool,
    now: NaiveDateTime,
) -> bool {
    desk || (!over && close_at.is_none_or(|close| now < close))
}

/// How many wishes one list holds at most (the document's `maxItems`). A list of this many,
/// or one more, stays well within the 64 KiB a JSON body may have (about 80 bytes a wish), so
/// a list too long is told so (422), not refused by its size (413), as the fuzzer found.
pub const MAX_WISHES: usize = 500;

/// A list names each counterpart once, and at most [`MAX_WISHES`] of them.
pub fn check_list(wishes: &[Wish]) -> Result<(), ApiError> {
    if wishes.len() > MAX_WISHES {
        return Err(ApiError::invalid(
            "preferences",
            Msg::AtMostEntries { max: MAX_WISHES },
        ));
    }
    let mut seen = BTreeSet::new();
    let errors = wishes
        .iter()
        .enumerate()
        .filter(|(_, w)| !seen.insert(w.counterpart_id))
        .map(|(i, _)| {
            FieldError::new(
                format!("preferences[{i}].counterpart_id"),
                Msg::CounterpartTwice,
            )
        })
        .collect();
    validate::finish(errors)
}

/// The trade fair `event_id`, and that the party takes part in it (an exhibitor, or a
/// verified buyer registered for it); a party that does not has no wishes there (404).
pub fn fair_of(conn: &mut DbConn, event_id: &str, party: Party) -> Result<EventRow, ApiError> {
    let event = events_store::find_event(conn, event_id)?;
    if event.kind != EventKind::TradeFair {
        return Err(ApiError::Conflict(Msg::WishesAtFairs));
    }
    let id = party.id().to_string();
    let takes_part = match party {
        Party::Company(_) => events_store::is_exhibitor(conn, event_id, &id)?,
        Party::Buyer(_) => events_store::is_registered_buyer(conn, event_id, &id)?,
    };
    if !takes_part {
        return Err(ApiError::NotFound);
    }
    Ok(event)
}

/// Which named counterparts do not take part in the fair: a company's must be verified
/// buyers registered for it, a buyer's its exhibitors.
fn check_counterparts(
    conn: &mut DbConn,
    event_id: &str,
    party: Party,
    wishes: &[Wish],
) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    for (i, wish) in wishes.iter().enumerate() {
        let id = wish.counterpart_id.to_string();
        let (ok, msg) = match party {
            Party::Company(_) => (
                events_store::is_registered_buyer(conn, event_id, &id)?,
                Msg::NotARegisteredBuyer,
            ),
            Party::Buyer(_) => (
                events_store::is_exhibitor(conn, event_id, &id)?,
                Msg::CompanyNotExhibiting,
            ),
        };
        if !ok {
            errors.push(FieldError::new(
                format!("preferences[{i}].counterpart_id"),
                msg,
            ));
        }
    }
    validate::finish(errors)
}

fn view(
    event: &EventRow,
    party: Party,
    rows: &[PreferenceRow],
    editable: bool,
) -> Result<PreferencesView, ApiError> {
    let preferences = rows
        .iter()
        .map(|row| {
            let counterpart = match party {
                Party::Company(_) => &row.buyer_id,
                Party::Buyer(_) => &row.company_id,
            };
            Ok(Wish {
                counterpart_id: parse_id(counterpart)?,
                level: row.level,
            })
        })
        .collect::<Result<_, ApiError>>()?;
    Ok(PreferencesView {
        company_id: matches!(party, Party::Company(_)).then(|| party.id()),
        buyer_id: matches!(party, Party::Buyer(_)).then(|| party.id()),
        preferences,
        preferences_close_at: event.preferences_close_at.map(|t| t.and_utc()),
        editable,
    })
}

/// A company's wishes are its municipality's desk's (404 for a desk scoped to another);
/// buyers are shared.
pub fn check_scope(conn: &mut DbConn, user: &AuthUser, party: Party) -> Result<(), ApiError> {
    match party {
        Party::Company(id) => crate::companies::check_scope(conn, user, &id.to_string()),
        Party::Buyer(_) => Ok(()),
    }
}

/// The party's wishes at the fair, as its own side sees them.
pub fn read(
    conn: &mut DbConn,
    user: &AuthUser,
    event_id: &str,
    party: Party,
) -> Result<PreferencesView, ApiError> {
    check_scope(conn, user, party)?;
    let event = fair_of(conn, event_id, party)?;
    let rows = store::wishes_of(conn, event_id, party.side(), &party.id().to_string())?;
    let editable = may_change(
        policy::is_desk(user),
        event.preferences_close_at,
        event.status.is_over(),
        db::now(),
    );
    view(&event, party, &rows, editable)
}

/// Replaces the party's whole list of wishes at the fair, audited.
pub fn replace(
    conn: &mut DbConn,
    user: &AuthUser,
    event_id: &str,
    party: Party,
    body: &WishList,
) -> Result<PreferencesView, ApiError> {
    check_list(&body.preferences)?;
    check_scope(conn, user, party)?;
    let event = fair_of(conn, event_id, party)?;
    let now = db::now();
    let desk = policy::is_desk(user);
    if !may_change(
        desk,
        event.preferences_close_at,
        event.status.is_over(),
        now,
    ) {
        return Err(ApiError::Conflict(Msg::PreferencesClosed));
    }
    check_counterparts(conn, event_id, party, &body.preferences)?;
    let party_id = party.id().to_string();
    let before = store::wishes_of(conn, event_id, party.side(), &party_id)?;
    let rows: Vec<PreferenceRow> = body
        .preferences
        .iter()
        .map(|wish| {
            let counterpart = wish.counterpart_id.to_string();
            let (company_id, buyer_id) = match party {
                Party::Company(_) => (party_id.clone(), counterpart),
                Party::Buyer(_) => (counterpart, party_id.clone()),
            };
            PreferenceRow {
                event_id: event_id.to_owned(),
                side: party.side(),
                company_id,
                buyer_id,
                level: wish.level,
                set_by: user.id.to_string(),
                updated_at: now,
            }
        })
        .collect();
    store::replace_wishes(conn, event_id, party.side(), &party_id, &rows)?;
    let after = store::wishes_of(conn, event_id, party.side(), &party_id)?;
    audit::Change::new(user.id, "replace", Entity::MatchPreferences, &party_id)
        .before(&before)
        .after(&after)
        .record(conn)?;
    view(&event, party, &after, true)
}

/// The levels of both sides for every pair with a wish at the event:
/// `(company, buyer) → (company's wish, buyer's wish)`.
pub type PairWishes = std::collections::BTreeMap<(String, String), (Option<Level>, Option<Level>)>;

/// Every pair's wishes at the event.
pub fn pair_wishes(conn: &mut DbConn, event_id: &str) -> Result<PairWishes, ApiError> {
    Ok(pairs_of(store::event_wishes(conn, event_id)?))
}

/// Rows folded into pairs.
pub fn pairs_of(rows: Vec<PreferenceRow>) -> PairWishes {
    let mut pairs = PairWishes::new();
    for row in rows {
        let entry = pairs.entry((row.company_id, row.buyer_id)).or_default();
        match row.side {
            WishSide::Company => entry.0 = Some(row.level),
            WishSide::Buyer => entry.1 = Some(row.level),
        }
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::http::StatusCode;
    use actix_web::ResponseError;

    fn user(role: Role, company_id: Option<Uuid>, buyer_id: Option<Uuid>) -> AuthUser {
        AuthUser {
            id: Uuid::new_v4(),
            role,
            company_id,
            buyer_id,
            municipality_id: None,
        }
    }

    fn status<T: std::fmt::Debug>(result: Result<T, ApiError>) -> StatusCode {
        result.expect_err("refused").status_code()
    }

    #[test]
    fn members_handle_their_own_sides_list_only() {
        let (company, buyer) = (Uuid::new_v4(), Uuid::new_v4());
        let sme = user(Role::Sme, Some(company), None);
        assert_eq!(
            party_of(&sme, None, None).ok(),
            Some(Party::Company(company))
        );
        assert_eq!(
            party_of(&sme, Some(company), None).ok(),
            Some(Party::Company(company))
        );
        // A company never reads a buyer's list, least of all the one about it.
        assert_eq!(
            status(party_of(&sme, None, Some(buyer))),
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            status(party_of(&sme, Some(Uuid::new_v4()), None)),
            StatusCode::FORBIDDEN
        );
        let member = user(Role::Buyer, None, Some(buyer));
        assert_eq!(
            party_of(&member, None, None).ok(),
            Some(Party::Buyer(buyer))
        );
        assert_eq!(
            status(party_of(&member, Some(company), None)),
            StatusCode::FORBIDDEN
        );
        for role in [Role::Reviewer, Role::Candidate] {
            let other = user(role, None, None);
            assert_eq!(
                status(party_of(&other, Some(company), None)),
                StatusCode::FORBIDDEN
            );
        }
    }

    #[test]
    fn the_desk_names_exactly_one_side() {
        let desk = user(Role::Desk, None, None);
        let id = Uuid::new_v4();
        assert_eq!(party_of(&desk, None, Some(id)).ok(), Some(Party::Buyer(id)));
        let none = party_of(&desk, None, None);
        assert_eq!(status(none), StatusCode::UNPROCESSABLE_ENTITY);
        let both = party_of(&desk, Some(id), Some(id));
        assert_eq!(status(both), StatusCode::UNPROCESSABLE_ENTITY);
    }

    #[test]
    fn members_change_wishes_until_the_close_and_the_desk_after() {
        let close = chrono::DateTime::UNIX_EPOCH.naive_utc() + chrono::TimeDelta::days(10);
        let before = close - chrono::TimeDelta::seconds(1);
        assert!(may_change(false, Some(close), false, before));
        assert!(!may_change(false, Some(close), false, close));
        assert!(may_change(true, Some(close), false, close));
        assert!(may_change(false, None, false, close));
        assert!(!may_change(false, None, true, before));
    }

    #[test]
    fn a_list_names_each_counterpart_once() {
        let id = Uuid::new_v4();
        let wish = |level| Wish {
            counterpart_id: id,
            level,
        };
        assert!(check_list(&[wish(Level::Must)]).is_ok());
        let twice = check_list(&[wish(Level::Must), wish(Level::NoThanks)]);
        assert_eq!(status(twice), StatusCode::UNPROCESSABLE_ENTITY);
    }
}
