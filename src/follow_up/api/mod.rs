//! `/surveys/{token}` (no sign-in), `/follow-ups` (the desk), `/companies/{id}/support-log`,
//! and the two moves that schedule surveys: `POST /meetings/{id}/held` and marking an
//! event registration attended.

pub mod attendance;
pub mod follow_ups;
pub mod held;
pub mod support_log;
pub mod surveys;
