//! `/surveys/{token}` (no sign-in), `/follow-ups` (the desk), `/companies/{id}/support-log`,
//! and `POST /meetings/{id}/held`, which schedules a meeting's surveys.

pub mod follow_ups;
pub mod held;
pub mod support_log;
pub mod surveys;
