//! What a message says, stored with it as JSON: the facts as they were when the change was
//! made (names, the fair, the slot), so a mail rendered later, or again after a crash, says
//! the same thing.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "about", rename_all = "snake_case")]
pub enum Facts {
    Meeting(Box<MeetingFacts>),
    Company(CompanyFacts),
    Buyer(BuyerFacts),
    Account(AccountFacts),
    Negotiation(NegotiationFacts),
    Application(ApplicationFacts),
    Registration(RegistrationFacts),
    Survey(Box<SurveyFacts>),
    Brief(BriefFacts),
}

impl Facts {
    /// The object the message is about.
    pub fn subject_id(&self) -> &str {
        match self {
            Facts::Meeting(m) => &m.meeting_id,
            Facts::Company(c) => &c.company_id,
            Facts::Buyer(b) => &b.buyer_id,
            Facts::Account(a) => &a.user_id,
            Facts::Negotiation(n) => &n.meeting_id,
            Facts::Application(a) => &a.application_id,
            Facts::Registration(r) => &r.registration_id,
            Facts::Survey(s) => &s.survey_id,
            Facts::Brief(b) => &b.brief_id,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeetingFacts {
    pub meeting_id: String,
    pub event_id: String,
    pub event_name: String,
    pub event_city: String,
    /// The fair's IANA zone: times are shown in it (and in Japan time beside).
    pub time_zone: String,
    pub company_id: String,
    pub company_name_ja: String,
    pub company_name_en: String,
    pub buyer_id: String,
    pub buyer_name: String,
    pub buyer_country: String,
    /// The slot, in UTC, once the meeting is scheduled.
    pub slot: Option<Slot>,
    pub table_label: Option<String>,
    /// An online meeting's link (none on site); absent in messages written before online
    /// meetings.
    #[serde(default)]
    pub join_url: Option<String>,
    /// The invitation's `SEQUENCE`: how many times the meeting was placed before.
    pub sequence: u32,
    /// The note given with the change (a reason for declining, cancelling…).
    pub note: Option<String>,
    /// The company proposed the meeting (the buyer answers it); absent in messages written
    /// before companies could propose.
    #[serde(default)]
    pub proposal: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Slot {
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompanyFacts {
    pub company_id: String,
    pub name_ja: String,
    pub name_en: String,
    /// The reason given for a suspension.
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BuyerFacts {
    pub buyer_id: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountFacts {
    pub user_id: String,
    pub display_name: String,
    pub email: String,
    /// The role of a new staff account.
    pub role: Option<String>,
}

/// A negotiation is keyed by its meeting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NegotiationFacts {
    pub meeting_id: String,
    pub event_name: String,
    pub company_id: String,
    pub company_name_ja: String,
    pub company_name_en: String,
    pub buyer_id: String,
    pub buyer_name: String,
    /// The side whose report it is (`company` or `buyer`), for a report.
    pub side: Option<String>,
    /// The reported or confirmed outcome (`open`, `prospect`, `won`, `lost`).
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApplicationFacts {
    pub application_id: String,
    pub job_title_ja: String,
    pub job_title_en: String,
    pub company_id: String,
    pub company_name_ja: String,
    pub company_name_en: String,
    pub candidate_name: String,
    /// `applied`, `interviewing`, `offered`, `hired`, `rejected`, `withdrawn`.
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegistrationFacts {
    pub registration_id: String,
    pub event_id: String,
    pub event_name: String,
    pub event_city: String,
    pub starts_on: chrono::NaiveDate,
    /// The participant's check-in code for the fair day (the text its badge's QR code
    /// carries) and the id its badge is found by; absent in messages written before codes
    /// existed.
    #[serde(default)]
    pub check_in_code: Option<String>,
    #[serde(default)]
    pub participant_id: Option<String>,
    /// A waitlisted registration's place on the waitlist, from 1.
    #[serde(default)]
    pub waitlist_position: Option<i64>,
}

/// A survey to one side of a held meeting, or to an event's attendee. The facts name the
/// survey, never its link: the link's token is minted when the mail is sent (see
/// `survey_links`) and put in `link` for the rendering only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SurveyFacts {
    pub survey_id: String,
    pub event_name: String,
    pub event_city: String,
    pub starts_on: chrono::NaiveDate,
    /// The other party's name (the buyer for the company, the company for the buyer); none
    /// for an event's questionnaire.
    pub other_party_ja: Option<String>,
    pub other_party_en: Option<String>,
    /// The respondent's own side's name, for the greeting.
    pub respondent_ja: Option<String>,
    pub respondent_en: Option<String>,
    /// The survey's personal link, filled in by the worker as it sends the mail.
    #[serde(skip)]
    pub link: Option<String>,
}

/// A research brief as it was published; the mail links to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BriefFacts {
    pub brief_id: String,
    pub title_ja: String,
    pub title_en: String,
    pub summary_ja: String,
    pub summary_en: String,
    /// Its technology tags and capability categories, by their API names.
    pub tags: Vec<String>,
    pub categories: Vec<String>,
}
