//! The application lifecycle: `applied → interviewing → offered → hired | rejected |
//! withdrawn`. The company (or the desk for it) moves an application forward or rejects it;
//! the candidate (or the desk for it) withdraws. Hired, rejected and withdrawn are final.

/// Who is moving the application; the policy module decides which side the caller is on.
pub use crate::auth::policy::ApplicationSide as Actor;

crate::stored_enum! {
    pub enum ApplicationStatus {
        Applied,
        Interviewing,
        Offered,
        Hired,
        Rejected,
        Withdrawn,
    }
}

impl ApplicationStatus {
    /// Still in progress: blocks a second application of the candidate to the same job.
    pub fn is_open(self) -> bool {
        matches!(self, Self::Applied | Self::Interviewing | Self::Offered)
    }
}

/// Why a move is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// This actor never makes this move (403).
    NotYours,
    /// The move does not exist from the current status (409).
    NotFromHere,
}

/// Checks one move. Role comes first, so a candidate trying to hire itself learns that it
/// may not, whatever the application's state.
pub fn check(
    current: ApplicationStatus,
    next: ApplicationStatus,
    actor: Actor,
) -> Result<(), Refusal> {
    use ApplicationStatus::*;
    let allowed_actor = match next {
        Interviewing | Offered | Hired | Rejected => matches!(actor, Actor::Company | Actor::Desk),
        Withdrawn => matches!(actor, Actor::Candidate | Actor::Desk),
        Applied => false,
    };
    if !allowed_actor {
        return Err(Refusal::NotYours);
    }
    let legal = matches!(
        (current, next),
        (Applied, Interviewing)
            | (Interviewing, Offered)
            | (Offered, Hired)
            | (Applied | Interviewing | Offered, Rejected)
            | (Applied | Interviewing | Offered, Withdrawn)
    );
    if legal {
        Ok(())
    } else {
        Err(Refusal::NotFromHere)
    }
}

#[cfg(test)]
mod tests {
    use super::ApplicationStatus::*;
    use super::*;
    use strum::IntoEnumIterator;

    #[test]
    fn the_company_walks_an_application_to_a_hire() {
        assert_eq!(check(Applied, Interviewing, Actor::Company), Ok(()));
        assert_eq!(check(Interviewing, Offered, Actor::Company), Ok(()));
        assert_eq!(check(Offered, Hired, Actor::Company), Ok(()));
        assert_eq!(check(Offered, Hired, Actor::Desk), Ok(()));
    }

    #[test]
    fn steps_cannot_be_skipped() {
        assert_eq!(
            check(Applied, Hired, Actor::Company),
            Err(Refusal::NotFromHere)
        );
        assert_eq!(
            check(Applied, Offered, Actor::Desk),
            Err(Refusal::NotFromHere)
        );
        assert_eq!(
            check(Interviewing, Hired, Actor::Company),
            Err(Refusal::NotFromHere)
        );
    }

    #[test]
    fn only_the_candidate_or_the_desk_withdraws() {
        for open in [Applied, Interviewing, Offered] {
            assert_eq!(check(open, Withdrawn, Actor::Candidate), Ok(()));
            assert_eq!(check(open, Withdrawn, Actor::Desk), Ok(()));
            assert_eq!(
                check(open, Withdrawn, Actor::Company),
                Err(Refusal::NotYours)
            );
        }
    }

    #[test]
    fn a_candidate_cannot_move_its_own_application_forward() {
        for next in [Interviewing, Offered, Hired, Rejected] {
            assert_eq!(
                check(Applied, next, Actor::Candidate),
                Err(Refusal::NotYours)
            );
        }
    }

    #[test]
    fn final_states_stay_final() {
        for done in [Hired, Rejected, Withdrawn] {
            assert!(!done.is_open());
            for next in ApplicationStatus::iter() {
                for actor in [Actor::Candidate, Actor::Company, Actor::Desk] {
                    assert!(check(done, next, actor).is_err(), "{done:?} -> {next:?}");
                }
            }
        }
    }
}
