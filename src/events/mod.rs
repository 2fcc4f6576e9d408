//! Events: trade fairs, job fairs, seminars and forums. A trade fair has exhibitors (the
//! companies taking part), slots cut from its day windows in the event's own time zone
//! (`slots`), tables and interpreters, and companies' and buyers' unavailability.

pub mod api;
pub mod check_in_code;
pub mod registrations;
pub mod slots;
pub mod store;
pub mod waitlist;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::db::parse_id;
use crate::error::ApiError;
use store::EventRow;

crate::stored_enum! {
    pub enum EventKind {
        TradeFair,
        JobFair,
        Seminar,
        Forum,
    }
}

crate::stored_enum! {
    /// `planned` (announced), `open` (taking requests and registrations), `closed`, `cancelled`.
    pub enum EventStatus {
        Planned,
        Open,
        Closed,
        Cancelled,
    }
}

impl EventStatus {
    /// Closed and cancelled events are over: they take no more registrations. (A planned
    /// event already does; meeting requests wait for `open`.)
    pub fn is_over(self) -> bool {
        matches!(self, Self::Closed | Self::Cancelled)
    }
}

crate::stored_enum! {
    /// Where a registration stands: `confirmed` (a seat: a participant of the event, with a
    /// check-in code), `waitlisted` (the event was full; promoted, oldest first, when a seat
    /// frees) or `cancelled` (by the registrant or the desk; the row is kept).
    pub enum RegistrationStatus {
        Confirmed,
        Waitlisted,
        Cancelled,
    }
}

crate::stored_enum! {
    /// Who may ask for meetings at a trade fair: buyers only, companies only, or both
    /// (the default). The desk always may.
    pub enum Initiators {
        Buyers,
        Companies,
        Both,
    }
}

impl Initiators {
    pub fn buyers_may(self) -> bool {
        matches!(self, Self::Buyers | Self::Both)
    }

    pub fn companies_may(self) -> bool {
        matches!(self, Self::Companies | Self::Both)
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EventView {
    pub id: Uuid,
    pub kind: EventKind,
    #[schema(example = "Sagamihara Business Meeting in Bangkok 2026")]
    pub name: String,
    pub city: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    pub venue: String,
    /// IANA time zone of the venue; slots are laid out in it.
    #[schema(example = "Asia/Bangkok")]
    pub time_zone: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub status: EventStatus,
    pub slot_minutes: i32,
    pub max_meetings_per_buyer: Option<i32>,
    pub max_meetings_per_company: Option<i32>,
    /// Whether companies must accept a request; if not, requests are accepted on arrival.
    pub requires_acceptance: bool,
    /// Until when companies and buyers may change their wishes (`/events/{id}/preferences`);
    /// afterwards only the desk may. `null`: until the event closes.
    pub preferences_close_at: Option<DateTime<Utc>>,
    /// Who may ask for meetings: `buyers`, `companies` or `both`.
    pub initiators: Initiators,
    /// Minutes into a slot after which a meeting whose sides have not both checked in is a
    /// probable no-show on the live board (`/events/{id}/live`).
    pub no_show_after_minutes: i32,
    /// Seats of a job fair, seminar or forum: at most this many confirmed registrations;
    /// who registers beyond it is waitlisted. `null`: unlimited. Always sent.
    #[schema(required = true)]
    pub capacity: Option<i32>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl EventRow {
    pub fn zone(&self) -> Result<chrono_tz::Tz, ApiError> {
        self.time_zone
            .parse()
            .map_err(|_| ApiError::internal(format!("unknown time zone {:?}", self.time_zone)))
    }

    pub fn view(&self) -> Result<EventView, ApiError> {
        Ok(EventView {
            id: parse_id(&self.id)?,
            kind: self.kind,
            name: self.name.clone(),
            city: self.city.clone(),
            country: self.country.clone(),
            venue: self.venue.clone(),
            time_zone: self.time_zone.clone(),
            starts_on: self.starts_on,
            ends_on: self.ends_on,
            status: self.status,
            slot_minutes: self.slot_minutes,
            max_meetings_per_buyer: self.max_meetings_per_buyer,
            max_meetings_per_company: self.max_meetings_per_company,
            requires_acceptance: self.requires_acceptance,
            preferences_close_at: self.preferences_close_at.map(|t| t.and_utc()),
            initiators: self.initiators,
            no_show_after_minutes: self.no_show_after_minutes,
            capacity: self.capacity,
            created_at: self.created_at.and_utc(),
            updated_at: self.updated_at.and_utc(),
        })
    }
}
