//! The benchmark fairs with wishes (issue 22): a future trade fair of 300 exhibitors and
//! 1,000 registered buyers (fewer at the small scale: as many as the catalogue has), 40
//! slots, 60 tables, 20 interpreters, and both sides' wishes for 5,250 pairs — 5,000
//! wished-for by both (1,500 mutual `must`, the rest `must` + `want` or `want` + `want`)
//! and 250 that one side marked `no_thanks`. Popular companies draw more wishes (the lower
//! of two draws). Written twice with the same pairs, so that `bench/run` can time the
//! preference run on a fresh fair twice; `GET /events/{id}/matches` is measured on the
//! first.

use chrono::Duration;
use diesel::prelude::*;
use sagamihara_match::db::schema::{
    event_exhibitors, event_registrations, event_slots, event_tables, events, interpreters,
    match_preferences,
};
use sagamihara_match::db::{self, encode_list};
use sagamihara_match::error::ApiError;
use sagamihara_match::events::store::{
    EventRow, InterpreterRow, RegistrationRow, SlotRow, TableRow,
};
use sagamihara_match::events::{EventKind, EventStatus, Initiators, RegistrationStatus};
use sagamihara_match::matching::store::PreferenceRow;
use sagamihara_match::matching::{Level, WishSide};

use super::catalogue::Catalogue;
use super::tables::LANGUAGES;
use super::{at, Generator};

const COMPANIES: usize = 300;
const BUYERS: usize = 1_000;
const SLOTS: usize = 40;
const TABLES: usize = 60;
const INTERPRETERS: usize = 20;
const PAIRS: usize = 5_250;
const SLOTS_PER_DAY: usize = 20;

/// The pairs and both sides' levels, by index into the fair's companies and buyers.
type Wish = (usize, usize, Level, Level);

impl Generator<'_> {
    /// Writes the two fairs with wishes.
    pub(super) fn wish_fairs(&mut self, catalogue: &Catalogue) -> Result<(), ApiError> {
        let companies = &catalogue.company_ids[..COMPANIES.min(catalogue.company_ids.len())];
        let buyers = &catalogue.buyer_ids[..BUYERS.min(catalogue.buyer_ids.len())];
        let wishes = self.wishes(companies.len(), buyers.len());
        for n in 0..2 {
            let id = self.wish_fair(n, catalogue, (companies, buyers), &wishes)?;
            self.summary.wish_fair_ids.push(id);
        }
        self.summary.wish_pairs = wishes.len();
        self.summary.wish_company_id = companies.first().cloned().unwrap_or_default();
        self.summary.wish_buyer_id = buyers.first().cloned().unwrap_or_default();
        Ok(())
    }

    /// 5,250 distinct pairs: every 21st a `no_thanks` (of the company) against the buyer's
    /// `must`; of the others those with index 0–2 modulo 10 mutual `must`, the rest
    /// `must` + `want`, `want` + `must` or `want` + `want`.
    fn wishes(&mut self, companies: usize, buyers: usize) -> Vec<Wish> {
        let rng = &mut self.rng;
        let mut seen = std::collections::BTreeSet::new();
        let mut wishes = Vec::with_capacity(PAIRS);
        while wishes.len() < PAIRS.min(companies * buyers) {
            let company = rng.below(companies).min(rng.below(companies));
            let buyer = rng.below(buyers);
            if !seen.insert((company, buyer)) {
                continue;
            }
            let i = wishes.len();
            let (c, b) = match (i % 21, i % 10) {
                (20, _) => (Level::NoThanks, Level::Must),
                (_, 0..=2) => (Level::Must, Level::Must),
                _ => match rng.below(3) {
                    0 => (Level::Must, Level::Want),
                    1 => (Level::Want, Level::Must),
                    _ => (Level::Want, Level::Want),
                },
            };
            wishes.push((company, buyer, c, b));
        }
        wishes
    }

    /// The `n`th fair with wishes, half a year ahead, in one transaction.
    fn wish_fair(
        &mut self,
        n: usize,
        catalogue: &Catalogue,
        (companies, buyers): (&[String], &[String]),
        wishes: &[Wish],
    ) -> Result<String, ApiError> {
        let starts_on = self.today + Duration::days(180 + 7 * n as i64);
        let created = at(self.today, 0, 0);
        let rng = &mut self.rng;
        let event_id = rng.id(created);
        let event = EventRow {
            id: event_id.clone(),
            kind: EventKind::TradeFair,
            name: format!("Sagamihara Pre-Matching Fair {}", n + 1),
            city: "Bangkok".into(),
            country: "TH".into(),
            venue: "BITEC".into(),
            time_zone: "Asia/Bangkok".into(),
            starts_on,
            ends_on: starts_on + Duration::days((SLOTS.div_ceil(SLOTS_PER_DAY) - 1) as i64),
            status: EventStatus::Open,
            slot_minutes: 20,
            max_meetings_per_buyer: Some(18),
            max_meetings_per_company: Some(30),
            requires_acceptance: true,
            created_at: created,
            updated_at: created,
            preferences_close_at: None,
            initiators: Initiators::Both,
            no_show_after_minutes: 5,
            capacity: None,
        };
        let slots: Vec<SlotRow> = (0..SLOTS)
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
        let tables: Vec<TableRow> = (0..TABLES)
            .map(|t| TableRow {
                id: rng.id(created),
                event_id: event_id.clone(),
                label: format!("W{:02}", t + 1),
            })
            .collect();
        let interpreter_rows: Vec<InterpreterRow> = (0..INTERPRETERS)
            .map(|i| InterpreterRow {
                id: rng.id(created),
                event_id: event_id.clone(),
                name: format!("Interpreter {}", i + 1),
                languages: encode_list(&["ja".into(), LANGUAGES[i % LANGUAGES.len()].into()]),
                email: None,
            })
            .collect();
        let registrations: Vec<RegistrationRow> = buyers
            .iter()
            .map(|buyer| RegistrationRow {
                id: rng.id(created),
                event_id: event_id.clone(),
                candidate_id: None,
                company_id: None,
                buyer_id: Some(buyer.clone()),
                attended_at: None,
                registered_by: catalogue.desk_id.clone(),
                created_at: created,
                status: RegistrationStatus::Confirmed,
                cancelled_at: None,
            })
            .collect();
        let exhibitors: Vec<_> = companies
            .iter()
            .map(|company| {
                (
                    event_exhibitors::event_id.eq(event_id.clone()),
                    event_exhibitors::company_id.eq(company.clone()),
                    event_exhibitors::created_at.eq(created),
                )
            })
            .collect();
        let preference = |side, c: usize, b: usize, level| PreferenceRow {
            event_id: event_id.clone(),
            side,
            company_id: companies[c].clone(),
            buyer_id: buyers[b].clone(),
            level,
            set_by: catalogue.desk_id.clone(),
            updated_at: created,
        };
        let preferences: Vec<PreferenceRow> = wishes
            .iter()
            .flat_map(|&(c, b, company, buyer)| {
                [
                    preference(WishSide::Company, c, b, company),
                    preference(WishSide::Buyer, c, b, buyer),
                ]
            })
            .collect();
        db::transaction(self.conn, |conn| -> QueryResult<()> {
            diesel::insert_into(events::table)
                .values(&event)
                .execute(conn)?;
            bulk_insert!(conn, event_slots::table, slots, 1_000);
            bulk_insert!(conn, event_tables::table, tables, 1_000);
            bulk_insert!(conn, interpreters::table, interpreter_rows, 1_000);
            bulk_insert!(conn, event_exhibitors::table, exhibitors, 1_000);
            bulk_insert!(conn, event_registrations::table, registrations, 1_000);
            bulk_insert!(conn, match_preferences::table, preferences, 1_000);
            Ok(())
        })?;
        Ok(event_id)
    }
}
