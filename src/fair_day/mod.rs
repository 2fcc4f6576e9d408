//! The fair day (issue 23): every participant's check-in code, badges with its QR code,
//! arrivals scanned at the desk (one at a time, or in batches of scans a device made
//! offline), and the desk's live board of the running slot. The codes themselves are
//! `events::check_in_code` (a registration's confirmation carries one); the pure rules are
//! `arrival` (which time an arrival counts from) and `board` (late, probable no-show).

pub mod api;
pub mod arrival;
pub mod board;
pub mod scan;
pub mod store;

crate::stored_enum! {
    /// What a participant is: an exhibiting or registered company, a registered buyer
    /// organisation, or a registered candidate.
    pub enum ParticipantKind {
        Company,
        Buyer,
        Candidate,
    }
}
