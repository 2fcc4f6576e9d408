//! The trade fairs of the benchmark data, from FY2019 to the year after today, evenly
//! spread, each with its slots, tables and interpreters, a grid of meetings (held and the
//! rest at past fairs, requested to scheduled at future ones) and the negotiations of the
//! held ones; written one fair at a time.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use sagamihara_match::db::schema::{
    event_slots, event_tables, events, interpreters, meetings, negotiations,
};
use sagamihara_match::db::{self, encode_list};
use sagamihara_match::error::ApiError;
use sagamihara_match::events::store::{EventRow, InterpreterRow, SlotRow, TableRow};
use sagamihara_match::events::{EventKind, EventStatus};
use sagamihara_match::meetings::lifecycle::MeetingStatus;
use sagamihara_match::meetings::store::MeetingRow;
use sagamihara_match::negotiations::store::NegotiationRow;
use sagamihara_match::negotiations::{NegotiationStatus, Outcome};

use super::catalogue::Catalogue;
use super::tables::{CITIES, LANGUAGES};
use super::{at, Generator};

/// Slots a fair has per day; a fair lasts as many days as its slots need.
const SLOTS_PER_DAY: usize = 20;

/// One fair's rows before they are written.
struct Fair {
    event: EventRow,
    slots: Vec<SlotRow>,
    tables: Vec<TableRow>,
    interpreters: Vec<InterpreterRow>,
}

/// A cell of a fair's meeting grid: the `f`th fair, cell `k`, at table `t`.
#[derive(Clone, Copy)]
struct Cell {
    f: usize,
    k: usize,
    t: usize,
}

impl Generator<'_> {
    /// Every fair, its meetings and their negotiations.
    pub(super) fn fairs(&mut self, catalogue: &Catalogue) -> Result<(), ApiError> {
        let (epoch, today, count) = (self.epoch, self.today, self.shape.fairs);
        let last_day = NaiveDate::from_ymd_opt(today.year() + 1, 3, 1).unwrap_or(today);
        let span_days = (last_day - epoch.date()).num_days().max(1);
        for f in 0..count {
            let starts_on = epoch.date() + Duration::days(span_days * f as i64 / count as i64);
            let fair = self.fair(f, starts_on);
            let (meetings, negotiations) = self.meetings(f, &fair, catalogue)?;
            self.write_fair(fair, meetings, negotiations)?;
        }
        Ok(())
    }

    /// The `f`th fair, starting on `starts_on`, with its slots, tables and interpreters.
    fn fair(&mut self, f: usize, starts_on: NaiveDate) -> Fair {
        let (shape, today) = (self.shape, self.today);
        let rng = &mut self.rng;
        let (city, country, time_zone) = CITIES[f % CITIES.len()];
        let created = at(starts_on - Duration::days(120), 0, 0);
        let event_id = rng.id(created);
        let days = shape.slots.div_ceil(SLOTS_PER_DAY);
        let event = EventRow {
            id: event_id.clone(),
            kind: EventKind::TradeFair,
            name: format!("{city} Manufacturing Expo {}", starts_on.year()),
            city: city.into(),
            country: country.into(),
            venue: format!("{city} Exhibition Centre"),
            time_zone: time_zone.into(),
            starts_on,
            ends_on: starts_on + Duration::days(days as i64 - 1),
            status: if starts_on < today {
                EventStatus::Closed
            } else {
                EventStatus::Open
            },
            slot_minutes: 20,
            max_meetings_per_buyer: Some(18),
            max_meetings_per_company: None,
            requires_acceptance: true,
            created_at: created,
            updated_at: created,
            preferences_close_at: None,
            initiators: sagamihara_match::events::Initiators::Both,
            no_show_after_minutes: 5,
            capacity: None,
        };
        let slots = (0..shape.slots)
            .map(|s| {
                let start = at(starts_on + Duration::days((s / SLOTS_PER_DAY) as i64), 2, 0)
                    + Duration::minutes(20 * (s % SLOTS_PER_DAY) as i64);
                SlotRow {
                    id: rng.id(created),
                    event_id: event_id.clone(),
                    starts_at: start,
                    ends_at: start + Duration::minutes(20),
                }
            })
            .collect();
        let tables = (0..shape.tables)
            .map(|t| TableRow {
                id: rng.id(created),
                event_id: event_id.clone(),
                label: format!("T{:03}", t + 1),
            })
            .collect();
        let interpreters = (0..shape.interpreters)
            .map(|i| InterpreterRow {
                id: rng.id(created),
                event_id: event_id.clone(),
                name: format!("Interpreter {}", i + 1),
                languages: encode_list(&["ja".into(), LANGUAGES[i % LANGUAGES.len()].into()]),
                email: None,
            })
            .collect();
        Fair {
            event,
            slots,
            tables,
            interpreters,
        }
    }

    /// The fair's grid of meetings, slot by slot and table by table, and the negotiations
    /// of the held ones.
    fn meetings(
        &mut self,
        f: usize,
        fair: &Fair,
        catalogue: &Catalogue,
    ) -> Result<(Vec<MeetingRow>, Vec<NegotiationRow>), ApiError> {
        let tables = self.shape.tables;
        let mut meeting_rows = Vec::with_capacity(self.shape.slots * tables);
        let mut negotiation_rows = Vec::new();
        for (s, slot) in fair.slots.iter().enumerate() {
            for t in 0..tables {
                let cell = Cell {
                    f,
                    k: s * tables + t,
                    t,
                };
                let meeting = self.meeting(fair, slot, cell, catalogue);
                if meeting.status == MeetingStatus::Held {
                    negotiation_rows.push(self.negotiation(&meeting.id, slot.starts_at)?);
                }
                meeting_rows.push(meeting);
            }
        }
        Ok((meeting_rows, negotiation_rows))
    }

    /// The meeting of one grid cell: between company `3k` and buyer `7k` (shifted per fair),
    /// in a state drawn for a past or a future fair.
    fn meeting(
        &mut self,
        fair: &Fair,
        slot: &SlotRow,
        Cell { f, k, t }: Cell,
        catalogue: &Catalogue,
    ) -> MeetingRow {
        let shape = self.shape;
        let c = (3 * k + 17 * f) % shape.companies;
        let b = (7 * k + 31 * f) % shape.buyers;
        let status = self.status(fair.event.starts_on < self.today);
        let rng = &mut self.rng;
        // Held meetings sit in their slot, except a few walk-ins held off the timetable.
        let placed = matches!(status, MeetingStatus::Scheduled | MeetingStatus::NoShow)
            || (status == MeetingStatus::Held && rng.percent() < 95);
        let interpreter = (placed && t < shape.interpreters && rng.percent() < 40)
            .then(|| fair.interpreters[t].id.clone());
        let requested_at = fair.event.created_at + Duration::minutes(k as i64);
        let held_at = (status == MeetingStatus::Held).then_some(slot.ends_at);
        MeetingRow {
            id: rng.id(requested_at),
            event_id: fair.event.id.clone(),
            company_id: catalogue.company_ids[c].clone(),
            buyer_id: catalogue.buyer_ids[b].clone(),
            capability_id: Some(
                catalogue.capability_ids
                    [c * shape.capabilities_per_company + k % shape.capabilities_per_company]
                    .clone(),
            ),
            requested_by: catalogue.desk_id.clone(),
            message: "御社の技術について伺いたいです / We would like to discuss your capabilities."
                .into(),
            languages_needed: encode_list(&["en".into()]),
            status,
            slot_id: placed.then(|| slot.id.clone()),
            table_id: placed.then(|| fair.tables[t].id.clone()),
            interpreter_id: interpreter,
            mode: Default::default(),
            join_url: None,
            held_at,
            created_at: requested_at,
            updated_at: held_at.unwrap_or(requested_at),
            initiated_by: sagamihara_match::meetings::lifecycle::Initiator::Desk,
        }
    }

    /// A meeting's state: at a past fair mostly held, at a future one requested to
    /// scheduled; a few declined, withdrawn or cancelled at either.
    fn status(&mut self, past: bool) -> MeetingStatus {
        let roll = self.rng.percent();
        if past {
            match roll {
                0..75 => MeetingStatus::Held,
                75..82 => MeetingStatus::NoShow,
                82..90 => MeetingStatus::Declined,
                90..94 => MeetingStatus::Withdrawn,
                _ => MeetingStatus::Cancelled,
            }
        } else {
            match roll {
                0..30 => MeetingStatus::Requested,
                30..60 => MeetingStatus::Accepted,
                60..90 => MeetingStatus::Scheduled,
                90..95 => MeetingStatus::Declined,
                _ => MeetingStatus::Withdrawn,
            }
        }
    }

    /// Writes one fair in one transaction: the event and its rooms, the meetings, when the
    /// held ones took place, then the negotiations.
    fn write_fair(
        &mut self,
        fair: Fair,
        meeting_rows: Vec<MeetingRow>,
        negotiation_rows: Vec<NegotiationRow>,
    ) -> Result<(), ApiError> {
        let summary = &mut self.summary;
        db::transaction(self.conn, |conn| -> QueryResult<()> {
            diesel::insert_into(events::table)
                .values(&fair.event)
                .execute(conn)?;
            bulk_insert!(conn, event_slots::table, fair.slots, 1_000);
            bulk_insert!(conn, event_tables::table, fair.tables, 1_000);
            bulk_insert!(conn, interpreters::table, fair.interpreters, 1_000);
            summary.meetings += bulk_insert!(conn, meetings::table, meeting_rows, 1_000);
            // When a held meeting took place: its slot's start, else when it was marked held
            // (the rule of meetings::store::mark_took_place). Before the negotiations: the
            // KPI totals' trigger counts each by its meeting's fiscal year.
            diesel::sql_query(
                "UPDATE meetings SET took_place_at = COALESCE(\
                   (SELECT starts_at FROM event_slots WHERE event_slots.id = meetings.slot_id), \
                   held_at) \
                 WHERE event_id = $1 AND status = $2",
            )
            .bind::<diesel::sql_types::Text, _>(&fair.event.id)
            .bind::<diesel::sql_types::Text, _>(MeetingStatus::Held)
            .execute(conn)?;
            summary.negotiations +=
                bulk_insert!(conn, negotiations::table, negotiation_rows, 1_000);
            Ok(())
        })?;
        summary.fairs += 1;
        Ok(())
    }

    /// The negotiation of a meeting held at `held_at`: open, prospect, won or lost, in yen or
    /// US dollars, closed within a year of the meeting (never after today).
    fn negotiation(
        &mut self,
        meeting_id: &str,
        held_at: NaiveDateTime,
    ) -> Result<NegotiationRow, ApiError> {
        let today = self.today;
        let rng = &mut self.rng;
        let roll = rng.percent();
        let closed_on = held_at.date() + Duration::days(14 + rng.below(330) as i64);
        let mut status = match roll {
            0..22 => NegotiationStatus::Won,
            22..52 => NegotiationStatus::Lost,
            52..72 => NegotiationStatus::Prospect,
            _ => NegotiationStatus::Open,
        };
        if status.is_closed() && closed_on > today {
            status = NegotiationStatus::Prospect;
        }
        let won = status == NegotiationStatus::Won;
        let dollars = rng.percent() < 40;
        let outcome = Outcome {
            status,
            amount_minor: won.then(|| {
                if dollars {
                    100 * (5_000 + rng.below(295_000) as i64)
                } else {
                    1_000 * (500 + rng.below(49_500) as i64)
                }
            }),
            currency: won.then(|| if dollars { "USD" } else { "JPY" }.to_owned()),
            exchange_rate: (won && dollars)
                .then(|| format!("{}.{:02}", 105 + rng.below(50), rng.below(100))),
            amount_jpy: None,
            closed_on: status.is_closed().then_some(closed_on),
        };
        let settled = outcome.settle(today)?;
        let stamp = held_at + Duration::days(1);
        Ok(NegotiationRow {
            id: rng.id(stamp),
            meeting_id: meeting_id.to_owned(),
            status: settled.status,
            amount_minor: settled.amount_minor,
            currency: settled.currency.clone(),
            exchange_rate: settled.exchange_rate.clone(),
            amount_jpy: settled.amount_jpy,
            closed_on: settled.closed_on,
            notes: String::new(),
            // No side reported: the record is what the KPI counts (store::refresh_effective).
            effective_status: settled.status,
            effective_amount_jpy: settled.amount_jpy,
            effective_closed_on: settled.closed_on,
            confirmed_report_id: None,
            reports_disagree: false,
            created_at: stamp,
            updated_at: stamp,
            company_reported: false,
            buyer_reported: false,
        })
    }
}
