//! Who may do what with a negotiation, as pure functions of the caller's side and the
//! record's state: the rules the handlers used to write out inline. No I/O.

use super::{NegotiationStatus, Side};
use crate::auth::{policy, AuthUser, Role};
use crate::error::ApiError;
use crate::i18n::Msg;
use crate::meetings::lifecycle::Side as MeetingSide;

/// Whose report this is: members report for their own side; the desk reports for either
/// but must name it.
pub fn reporting_side(caller: MeetingSide, named: Option<Side>) -> Result<Side, ApiError> {
    match (caller, named) {
        (MeetingSide::Company, None | Some(Side::Company)) => Ok(Side::Company),
        (MeetingSide::Buyer, None | Some(Side::Buyer)) => Ok(Side::Buyer),
        (MeetingSide::Desk, Some(side)) => Ok(side),
        (MeetingSide::Desk, None) => Err(ApiError::invalid("side", Msg::DeskNamesSide)),
        _ => Err(ApiError::Forbidden(Msg::EachSideReports)),
    }
}

/// Only the desk confirms which report counts.
pub fn may_confirm(caller: MeetingSide) -> Result<(), ApiError> {
    if caller == MeetingSide::Desk {
        Ok(())
    } else {
        Err(ApiError::Forbidden(Msg::DeskConfirms))
    }
}

/// The negotiation record is kept by the company and the desk; the buyer reports instead.
pub fn may_update(caller: MeetingSide) -> Result<(), ApiError> {
    if matches!(caller, MeetingSide::Company | MeetingSide::Desk) {
        Ok(())
    } else {
        Err(ApiError::Forbidden(Msg::NegotiationRecordOwners))
    }
}

/// A won or lost negotiation keeps its outcome unless the desk corrects it: the company
/// may still edit the amount or notes, not reopen or flip it.
pub fn may_change_status(
    caller: MeetingSide,
    current: NegotiationStatus,
    new: NegotiationStatus,
) -> Result<(), ApiError> {
    if caller == MeetingSide::Company && current.is_closed() && new != current {
        return Err(ApiError::StateConflict {
            detail: Msg::ClosedCorrectedByDesk,
            current_status: current.as_str().to_owned(),
        });
    }
    Ok(())
}

/// The follow-up contact log is the company's and the desk's.
pub fn may_log_contacts(caller: MeetingSide) -> Result<(), ApiError> {
    match caller {
        MeetingSide::Company | MeetingSide::Desk => Ok(()),
        _ => Err(ApiError::Forbidden(Msg::ContactLogOwners)),
    }
}

/// Which negotiations a list shows the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListScope {
    /// The desk (and admins): every negotiation.
    All,
    /// A desk (or admin) scoped to a municipality: its companies' (the municipality's id).
    Municipality(String),
    /// A company's members: their company's (id).
    Company(String),
    /// A buyer's members: their organisation's (id).
    Buyer(String),
}

/// The caller's list scope; reviewers are sent to the aggregates, candidates have none.
pub fn list_scope(user: &AuthUser) -> Result<ListScope, ApiError> {
    match user.role {
        Role::Admin | Role::Desk => Ok(match policy::municipality_scope(user) {
            Some(municipality) => ListScope::Municipality(municipality.to_string()),
            None => ListScope::All,
        }),
        Role::Sme => Ok(ListScope::Company(
            user.company_id.ok_or_else(ApiError::forbidden)?.to_string(),
        )),
        Role::Buyer => Ok(ListScope::Buyer(
            user.buyer_id.ok_or_else(ApiError::forbidden)?.to_string(),
        )),
        Role::Reviewer => Err(reviewers_read_aggregates()),
        Role::Candidate | Role::Expert => Err(ApiError::forbidden()),
    }
}

/// Reviewers see negotiations only in aggregate.
pub fn reviewers_read_aggregates() -> ApiError {
    ApiError::Forbidden(Msg::ReviewersAggregate)
}

#[cfg(test)]
mod tests {
    use super::*;
    use NegotiationStatus::*;

    fn is_forbidden(result: Result<impl std::fmt::Debug, ApiError>) -> bool {
        matches!(result, Err(ApiError::Forbidden(_)))
    }

    #[test]
    fn members_report_for_their_own_side() {
        assert_eq!(
            reporting_side(MeetingSide::Company, None).unwrap(),
            Side::Company
        );
        assert_eq!(
            reporting_side(MeetingSide::Buyer, Some(Side::Buyer)).unwrap(),
            Side::Buyer
        );
    }

    #[test]
    fn a_buyer_cannot_report_for_the_company() {
        assert!(is_forbidden(reporting_side(
            MeetingSide::Buyer,
            Some(Side::Company)
        )));
        assert!(is_forbidden(reporting_side(
            MeetingSide::Company,
            Some(Side::Buyer)
        )));
        assert!(is_forbidden(reporting_side(MeetingSide::Observer, None)));
    }

    #[test]
    fn the_desk_names_the_side_it_reports_for() {
        assert_eq!(
            reporting_side(MeetingSide::Desk, Some(Side::Buyer)).unwrap(),
            Side::Buyer
        );
        assert!(matches!(
            reporting_side(MeetingSide::Desk, None),
            Err(ApiError::Validation(_))
        ));
    }

    #[test]
    fn only_the_desk_confirms_a_report() {
        assert!(may_confirm(MeetingSide::Desk).is_ok());
        assert!(is_forbidden(may_confirm(MeetingSide::Company)));
        assert!(is_forbidden(may_confirm(MeetingSide::Buyer)));
    }

    #[test]
    fn the_buyer_reports_but_does_not_keep_the_record() {
        assert!(may_update(MeetingSide::Company).is_ok());
        assert!(may_update(MeetingSide::Desk).is_ok());
        assert!(is_forbidden(may_update(MeetingSide::Buyer)));
        assert!(is_forbidden(may_log_contacts(MeetingSide::Buyer)));
    }

    #[test]
    fn a_company_cannot_reopen_a_won_or_lost_negotiation() {
        assert!(matches!(
            may_change_status(MeetingSide::Company, Won, Open),
            Err(ApiError::StateConflict { current_status, .. }) if current_status == "won"
        ));
        assert!(may_change_status(MeetingSide::Company, Lost, Won).is_err());
        // Editing a closed deal without changing its outcome is allowed.
        assert!(may_change_status(MeetingSide::Company, Won, Won).is_ok());
        assert!(may_change_status(MeetingSide::Company, Prospect, Won).is_ok());
    }

    #[test]
    fn the_desk_corrects_a_closed_negotiation() {
        assert!(may_change_status(MeetingSide::Desk, Won, Lost).is_ok());
    }
}
