//! Outcomes asked for, not waited for (issue 21): the surveys that follow a held meeting
//! (+1 day feedback, +3 and +6 months outcome, to both sides) with their personal links,
//! the desk's follow-up queue, and the company support log (伴走型支援).
//!
//! ```text
//! meeting held ─ open negotiation + schedule surveys (one transaction, `schedule`)
//!   survey due ─ outbox ─ worker mints the link token ─ mail
//!   answer ─ outcome: the side's negotiation report (`negotiations::actions::report`)
//!          └ feedback: kept on the survey
//! ```
//!
//! An answer of `won` or `lost` ends that side's later outcome surveys. The follow-up queue
//! (`queue`) is recomputed from the records when the desk reads it; the support log
//! (`support_log`) is the desk's own record of a company's care.

pub mod api;
pub mod queue;
pub mod schedule;
pub mod store;
pub mod support_log;
pub mod surveys;

crate::stored_enum! {
    /// What a survey asks.
    pub enum SurveyKind {
        /// The day after the meeting: rating, interpreter rating, next step.
        MeetingFeedback,
        /// Three months after: the outcome.
        #[serde(rename = "outcome_3m")]
        #[strum(serialize = "outcome_3m")]
        Outcome3m,
        /// Six months after: the outcome (b2match's "second stage").
        #[serde(rename = "outcome_6m")]
        #[strum(serialize = "outcome_6m")]
        Outcome6m,
        /// The day after a seminar, forum or job fair.
        EventFeedback,
    }
}

crate::stored_enum! {
    /// Whom a survey asks.
    pub enum SurveySide {
        Company,
        Buyer,
        Attendee,
    }
}

crate::stored_enum! {
    pub enum SurveyStatus {
        Pending,
        Answered,
        /// An earlier answer of the same side closed the negotiation (won or lost).
        Ended,
    }
}

crate::stored_enum! {
    /// What the meeting led to, as the +1 day survey asks.
    #[schema(as = SurveyNextStep)]
    pub enum NextStep {
        None,
        Samples,
        Quotation,
        Visit,
        Negotiating,
    }
}

impl SurveyKind {
    /// An outcome survey, whose answer is the side's negotiation report.
    pub fn asks_outcome(self) -> bool {
        matches!(self, SurveyKind::Outcome3m | SurveyKind::Outcome6m)
    }

    /// The message that carries it.
    pub fn message(self) -> crate::notifications::Kind {
        use crate::notifications::Kind;
        match self {
            SurveyKind::MeetingFeedback => Kind::SurveyMeetingFeedback,
            SurveyKind::Outcome3m => Kind::SurveyOutcome3m,
            SurveyKind::Outcome6m => Kind::SurveyOutcome6m,
            SurveyKind::EventFeedback => Kind::SurveyEventFeedback,
        }
    }
}
