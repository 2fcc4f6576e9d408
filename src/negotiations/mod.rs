//! Negotiations after held meetings: `open → prospect (成約見込み) → won (成約) | lost`, with
//! the deal's amount, both sides' reports, the desk's confirmation and follow-up contacts.
//!
//! The KPIs count each held meeting's *effective* outcome: the report the desk confirmed,
//! else the company's latest report, else the negotiation record. It is kept on the
//! negotiation row in the same transaction as every change (see `store::refresh_effective`).

pub mod actions;
pub mod api;
pub mod money;
pub mod rules;
pub mod store;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::db::parse_id;
use crate::error::{ApiError, FieldError};
use crate::i18n::Msg;
use store::{NegotiationRow, ReportRow};

crate::stored_enum! {
    pub enum NegotiationStatus {
        Open,
        /// 成約見込み: a deal is expected.
        Prospect,
        /// 成約: a contract was signed.
        Won,
        Lost,
    }
}

impl NegotiationStatus {
    pub fn is_closed(self) -> bool {
        matches!(self, Self::Won | Self::Lost)
    }
}

/// An outcome as a side or the record states it.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub status: NegotiationStatus,
    /// The contract amount in the currency's minor units (cents for USD).
    pub amount_minor: Option<i64>,
    /// ISO 4217, e.g. `USD`.
    pub currency: Option<String>,
    /// Yen per one unit of the currency, as the user states it (e.g. `149.53`). Never looked up.
    pub exchange_rate: Option<String>,
    /// The amount in yen; computed from the rate when left out.
    pub amount_jpy: Option<i64>,
    /// The day the deal was won or lost (Japan time). Required for won and lost.
    pub closed_on: Option<NaiveDate>,
}

/// The checked money and date of an outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettledOutcome {
    pub status: NegotiationStatus,
    pub amount_minor: Option<i64>,
    pub currency: Option<String>,
    pub exchange_rate: Option<String>,
    pub amount_jpy: Option<i64>,
    pub closed_on: Option<NaiveDate>,
}

impl Outcome {
    /// Checks the rules of an outcome: won needs an amount and a date, lost a date; open and
    /// prospect have no closing date; no date in the future (Japan time).
    pub fn settle(&self, today_in_japan: NaiveDate) -> Result<SettledOutcome, ApiError> {
        let mut errors = Vec::new();
        let money = money::settle(
            self.amount_minor,
            self.currency.as_deref(),
            self.exchange_rate.as_deref(),
            self.amount_jpy,
        );
        let (exchange_rate, amount_jpy) = match money {
            Ok(settled) => settled,
            Err(e) => {
                errors.push(FieldError::new(e.field, e.message));
                (None, None)
            }
        };
        match (self.status, self.closed_on) {
            (NegotiationStatus::Won | NegotiationStatus::Lost, None) => {
                errors.push(FieldError::new("closed_on", Msg::ClosedOnRequired))
            }
            (NegotiationStatus::Open | NegotiationStatus::Prospect, Some(_)) => {
                errors.push(FieldError::new("closed_on", Msg::ClosedOnOnlyClosed))
            }
            (_, Some(day)) if day > today_in_japan => {
                errors.push(FieldError::new("closed_on", Msg::NotInFuture))
            }
            _ => {}
        }
        if self.status == NegotiationStatus::Won && self.amount_minor.is_none() {
            errors.push(FieldError::new("amount_minor", Msg::AmountRequiredWon));
        }
        crate::validate::finish(errors)?;
        Ok(SettledOutcome {
            status: self.status,
            amount_minor: self.amount_minor,
            currency: self.currency.clone(),
            exchange_rate,
            amount_jpy,
            closed_on: self.closed_on,
        })
    }
}

crate::stored_enum! {
    pub enum Side {
        Company,
        Buyer,
    }
}

// How a follow-up contact was made (a plain comment: a doc comment would change the schema).
crate::stored_enum! {
    pub enum Channel {
        Email,
        Phone,
        Video,
        Visit,
        Other,
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReportView {
    pub id: Uuid,
    pub side: Side,
    pub status: NegotiationStatus,
    pub amount_minor: Option<i64>,
    pub currency: Option<String>,
    pub exchange_rate: Option<String>,
    pub amount_jpy: Option<i64>,
    pub closed_on: Option<NaiveDate>,
    pub reported_by: Uuid,
    pub reported_at: DateTime<Utc>,
}

impl ReportRow {
    pub fn view(&self) -> Result<ReportView, ApiError> {
        Ok(ReportView {
            id: parse_id(&self.id)?,
            side: self.side,
            status: self.status,
            amount_minor: self.amount_minor,
            currency: self.currency.clone(),
            exchange_rate: self.exchange_rate.clone(),
            amount_jpy: self.amount_jpy,
            closed_on: self.closed_on,
            reported_by: parse_id(&self.reported_by)?,
            reported_at: self.created_at.and_utc(),
        })
    }
}

/// Where the counted outcome comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeSource {
    ConfirmedReport,
    CompanyReport,
    Record,
}

/// The outcome the KPIs count for this meeting.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EffectiveOutcome {
    pub status: NegotiationStatus,
    pub amount_jpy: Option<i64>,
    pub closed_on: Option<NaiveDate>,
    pub source: OutcomeSource,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NegotiationView {
    pub meeting_id: Uuid,
    pub status: NegotiationStatus,
    pub amount_minor: Option<i64>,
    pub currency: Option<String>,
    pub exchange_rate: Option<String>,
    pub amount_jpy: Option<i64>,
    pub closed_on: Option<NaiveDate>,
    pub notes: String,
    pub effective: EffectiveOutcome,
    pub confirmed_report_id: Option<Uuid>,
    /// Whether the company's and the buyer's latest reports disagree.
    pub reports_disagree: bool,
    /// Each side's reports, newest first.
    pub reports: Vec<ReportView>,
    pub updated_at: DateTime<Utc>,
}

impl NegotiationRow {
    pub fn view(&self, reports: &[ReportRow]) -> Result<NegotiationView, ApiError> {
        let source = if self.confirmed_report_id.is_some() {
            OutcomeSource::ConfirmedReport
        } else if reports.iter().any(|r| r.side == Side::Company) {
            OutcomeSource::CompanyReport
        } else {
            OutcomeSource::Record
        };
        Ok(NegotiationView {
            meeting_id: parse_id(&self.meeting_id)?,
            status: self.status,
            amount_minor: self.amount_minor,
            currency: self.currency.clone(),
            exchange_rate: self.exchange_rate.clone(),
            amount_jpy: self.amount_jpy,
            closed_on: self.closed_on,
            notes: self.notes.clone(),
            effective: EffectiveOutcome {
                status: self.effective_status,
                amount_jpy: self.effective_amount_jpy,
                closed_on: self.effective_closed_on,
                source,
            },
            confirmed_report_id: self
                .confirmed_report_id
                .as_deref()
                .map(parse_id)
                .transpose()?,
            reports_disagree: self.reports_disagree,
            reports: reports
                .iter()
                .map(ReportRow::view)
                .collect::<Result<_, _>>()?,
            updated_at: self.updated_at.and_utc(),
        })
    }
}
