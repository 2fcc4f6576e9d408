//! Deterministic benchmark data (`sagamihara-match generate-data`): approved companies with
//! capabilities in every category, verified buyers from many countries, trade fairs with
//! slots, tables and interpreters, meetings in every state and the negotiations of the held
//! ones. The same seed gives the same rows (ids included) on both backends.
//!
//! Rows are built with the domain's own types and rules (`CapabilityRecord::index` for the
//! search columns, `Outcome::settle` for yen amounts, the `took_place_at` rule of
//! `meetings::store::mark_took_place`) and written in multi-row inserts inside one
//! transaction per table batch, so that a million meetings load in minutes.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime};
use diesel::prelude::*;

use crate::auth::password;
use crate::bulk_insert;
use crate::capabilities::store::CapabilityRecord;
use crate::capabilities::Category;
use crate::companies::store::CompanyInsert;
use crate::companies::CompanyStatus;
use crate::db::schema::{
    buyers, capabilities, capability_tags, companies, event_slots, event_tables, events,
    interpreters, meetings, negotiations, users,
};
use crate::db::{self, encode_list, DbConn};
use crate::error::ApiError;
use crate::events::store::{EventRow, InterpreterRow, SlotRow, TableRow};
use crate::meetings::store::MeetingRow;
use crate::negotiations::store::NegotiationRow;
use crate::negotiations::{NegotiationStatus, Outcome};
use crate::users::store::UserInsert;

/// How much data to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Scale {
    /// 100 companies, 1,000 capabilities, 2,000 buyers, 10 fairs, 10,000 meetings.
    Small,
    /// 1,000 companies, 10,000 capabilities, 5,000 buyers, 40 fairs, 100,000 meetings.
    Medium,
    /// 10,000 companies, 100,000 capabilities, 20,000 buyers, 100 fairs, 1,000,000 meetings.
    Large,
}

/// The shape of one scale. Meetings of a fair sit on a grid of slots × tables; the company
/// and buyer of grid cell `k` are `3k` and `7k` (mod their counts), which keeps every
/// uniqueness rule of the schema (one company, buyer, table, interpreter per slot; one open
/// request per pair) as long as a fair has fewer cells than buyers and more companies than
/// tables.
#[derive(Debug, Clone, Copy)]
struct Shape {
    companies: usize,
    capabilities_per_company: usize,
    buyers: usize,
    fairs: usize,
    slots: usize,
    tables: usize,
    interpreters: usize,
}

impl Scale {
    fn shape(self) -> Shape {
        match self {
            Scale::Small => Shape {
                companies: 100,
                capabilities_per_company: 10,
                buyers: 2_000,
                fairs: 10,
                slots: 25,
                tables: 40,
                interpreters: 10,
            },
            Scale::Medium => Shape {
                companies: 1_000,
                capabilities_per_company: 10,
                buyers: 5_000,
                fairs: 40,
                slots: 50,
                tables: 50,
                interpreters: 20,
            },
            Scale::Large => Shape {
                companies: 10_000,
                capabilities_per_company: 10,
                buyers: 20_000,
                fairs: 100,
                slots: 100,
                tables: 100,
                interpreters: 20,
            },
        }
    }
}

/// What was written, for the command's report and the harness.
#[derive(Debug, Default)]
pub struct Summary {
    pub companies: usize,
    pub capabilities: usize,
    pub buyers: usize,
    pub fairs: usize,
    pub meetings: usize,
    pub negotiations: usize,
    /// A published capability, for the resource benchmark.
    pub sample_capability_id: String,
}

/// splitmix64: tiny, fast and good enough for test data; no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn percent(&mut self) -> usize {
        self.below(100)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// A UUIDv7 at `at`, its random part from this generator: time-ordered like the
    /// service's own ids, yet reproducible.
    fn id(&mut self, at: NaiveDateTime) -> String {
        let millis = at.and_utc().timestamp_millis().max(0) as u64;
        let random = (u128::from(self.next()) << 64 | u128::from(self.next())).to_be_bytes();
        let mut bytes = [0u8; 10];
        bytes.copy_from_slice(&random[..10]);
        uuid::Builder::from_unix_timestamp_millis(millis, &bytes)
            .into_uuid()
            .to_string()
    }
}

const NAME_JA: &[&str] = &[
    "相模",
    "橋本",
    "淵野辺",
    "津久井",
    "城山",
    "大野",
    "上溝",
    "田名",
    "麻溝",
    "緑",
];
const NAME_EN: &[&str] = &[
    "Sagami",
    "Hashimoto",
    "Fuchinobe",
    "Tsukui",
    "Shiroyama",
    "Ono",
    "Kamimizo",
    "Tana",
    "Asamizo",
    "Midori",
];
const SUFFIX: &[(&str, &str)] = &[
    ("精工", "Seiko"),
    ("製作所", "Works"),
    ("工業", "Industries"),
    ("技研", "Giken"),
    ("電子", "Electronics"),
];
const INDUSTRIES: &[&str] = &[
    "automotive",
    "aerospace",
    "medical",
    "semiconductor",
    "robotics",
    "energy",
    "consumer",
];
const WARDS: &[&str] = &["midori", "chuo", "minami"];
const COUNTRIES: &[&str] = &[
    "US", "DE", "FR", "GB", "IT", "TH", "VN", "ID", "MY", "SG", "PH", "IN", "CN", "TW", "KR", "AU",
    "CA", "MX", "BR", "NL", "SE", "PL", "TR", "AE",
];
const CITIES: &[(&str, &str, &str)] = &[
    ("Bangkok", "TH", "Asia/Bangkok"),
    ("Hanover", "DE", "Europe/Berlin"),
    ("Chicago", "US", "America/Chicago"),
    ("Singapore", "SG", "Asia/Singapore"),
    ("Ho Chi Minh City", "VN", "Asia/Ho_Chi_Minh"),
    ("Tokyo", "JP", "Asia/Tokyo"),
];
/// Per category: Japanese and English title stems, a tag and materials. One capability in
/// 20 carries each qualifier ("精密" / "precision"), and aluminium is one material in five of
/// three categories, so the benchmark's queries match a few percent of the catalogue (5 %
/// and 6 %; 0.5 % and 2 % with their category filter).
const CATEGORY_TEXT: &[(Category, &str, &str, &str, &[&str])] = &[
    (
        Category::Machining,
        "切削加工",
        "CNC machining",
        "cnc",
        &["steel", "stainless", "brass", "titanium", "aluminium"],
    ),
    (
        Category::Stamping,
        "板金プレス",
        "sheet metal stamping",
        "press",
        &["steel", "stainless", "copper", "galvanised", "aluminium"],
    ),
    (
        Category::Casting,
        "鋳造",
        "die casting",
        "casting",
        &["iron", "zinc", "magnesium", "bronze", "aluminium"],
    ),
    (
        Category::Welding,
        "溶接",
        "laser welding",
        "welding",
        &["stainless", "titanium"],
    ),
    (
        Category::SurfaceTreatment,
        "表面処理",
        "anodising and plating",
        "plating",
        &["copper", "nickel"],
    ),
    (
        Category::Assembly,
        "組立",
        "unit assembly",
        "assembly",
        &["mixed"],
    ),
    (
        Category::Electronics,
        "基板実装",
        "PCB assembly",
        "pcb",
        &["fr4", "copper"],
    ),
    (
        Category::Plastics,
        "樹脂成形",
        "injection moulding",
        "moulding",
        &["abs", "peek"],
    ),
    (
        Category::SoftwareAi,
        "画像検査ソフト",
        "vision inspection software",
        "ai",
        &["none"],
    ),
    (
        Category::Other,
        "試作",
        "rapid prototyping",
        "prototype",
        &["resin"],
    ),
];
const QUALIFIERS: &[(&str, &str)] = &[
    ("精密", "precision"),
    ("小ロット", "small-lot"),
    ("高速", "high-speed"),
    ("大型", "large"),
    ("短納期", "quick-turn"),
    ("量産", "mass-production"),
    ("試作対応", "prototype-ready"),
    ("高精度", "high-accuracy"),
    ("薄物", "thin-walled"),
    ("複合", "multi-process"),
    ("難削材", "hard-material"),
    ("微細", "micro"),
    ("一貫生産", "end-to-end"),
    ("低コスト", "low-cost"),
    ("自動化", "automated"),
    ("鏡面", "mirror-finish"),
    ("耐熱", "heat-resistant"),
    ("医療向け", "medical-grade"),
    ("車載", "automotive-grade"),
    ("省人化", "labour-saving"),
];
const CERTIFICATIONS: &[&str] = &["ISO 9001", "ISO 14001", "IATF 16949", "JIS Q 9100"];
const LANGUAGES: &[&str] = &["en", "de", "fr", "th", "vi", "zh", "ko", "es"];

/// The day the programme's data ends: deals and held meetings are never later than this
/// (`Outcome::settle` refuses dates in the future).
fn today() -> NaiveDate {
    db::now().date()
}

fn at(day: NaiveDate, hour: u32, minute: u32) -> NaiveDateTime {
    day.and_time(NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or_default())
}

/// Writes the data set into an empty, migrated database.
pub fn generate(conn: &mut DbConn, scale: Scale, seed: u64) -> Result<Summary, ApiError> {
    let shape = scale.shape();
    let mut rng = Rng(seed);
    let mut summary = Summary::default();
    let epoch = at(
        NaiveDate::from_ymd_opt(2019, 4, 1).unwrap_or_default(),
        0,
        0,
    );
    let today = today();

    // The desk member in whose name requests were entered.
    let desk_id = rng.id(epoch);
    let hash = password::hash_blocking(&format!("bench-{seed}-not-for-login"))?;
    db::transaction(conn, |conn| {
        diesel::insert_into(users::table)
            .values(&UserInsert {
                id: &desk_id,
                email: &format!("bench-desk-{seed}@example.com"),
                password_hash: &hash,
                display_name: "Benchmark desk",
                role: crate::auth::Role::Desk,
                company_id: None,
                buyer_id: None,
                created_at: epoch,
                updated_at: epoch,
            })
            .execute(conn)
    })?;

    // Companies, approved, with bilingual names.
    let mut company_ids = Vec::with_capacity(shape.companies);
    let mut company_names = Vec::with_capacity(shape.companies);
    for i in 0..shape.companies {
        let place = i % NAME_JA.len();
        let (suffix_ja, suffix_en) = SUFFIX[(i / NAME_JA.len()) % SUFFIX.len()];
        let number = i / (NAME_JA.len() * SUFFIX.len());
        company_ids.push(rng.id(epoch + Duration::minutes(i as i64)));
        company_names.push((
            format!("{}{}{}", NAME_JA[place], suffix_ja, number_ja(number)),
            format!("{} {} {}", NAME_EN[place], suffix_en, number + 1),
        ));
    }
    let company_rows: Vec<_> = company_ids
        .iter()
        .zip(&company_names)
        .map(|(id, (ja, en))| {
            let industry = *rng.pick(INDUSTRIES);
            (
                CompanyInsert {
                    id,
                    name_ja: ja,
                    name_en: en,
                    industry,
                    status: CompanyStatus::Approved,
                    created_at: epoch,
                    updated_at: epoch,
                },
                (
                    companies::description_ja.eq(format!("相模原市の{industry}向け部品メーカー")),
                    companies::description_en
                        .eq(format!("A Sagamihara parts maker for {industry}")),
                    companies::employees.eq(Some(10 + rng.below(290) as i32)),
                    companies::founded_year.eq(Some(1950 + rng.below(70) as i32)),
                    companies::ward.eq(Some(*rng.pick(WARDS))),
                    companies::certifications
                        .eq(encode_list(&[(*rng.pick(CERTIFICATIONS)).into()])),
                    companies::languages.eq(encode_list(&["ja".into(), "en".into()])),
                ),
            )
        })
        .collect();
    summary.companies = db::transaction(conn, |conn| -> QueryResult<usize> {
        Ok(bulk_insert!(conn, companies::table, company_rows, 1_000))
    })?;
    drop(company_rows);

    // Capabilities: ten per company, every category, published, indexed like the API does.
    let mut capability_ids = Vec::new();
    let mut records = Vec::new();
    let mut tags = Vec::new();
    for (c, company_id) in company_ids.iter().enumerate() {
        for j in 0..shape.capabilities_per_company {
            let (category, title_ja, title_en, tag, materials) =
                CATEGORY_TEXT[(c + j) % CATEGORY_TEXT.len()];
            let (qualifier_ja, qualifier_en) = *rng.pick(QUALIFIERS);
            let created = epoch + Duration::hours((c * 10 + j) as i64);
            let id = rng.id(created);
            let material = *rng.pick(materials);
            let tag_list = vec![tag.to_owned(), qualifier_en.to_owned()];
            let mut record = CapabilityRecord {
                id: id.clone(),
                company_id: company_id.clone(),
                title_ja: format!("{qualifier_ja}{title_ja}"),
                title_en: format!("{qualifier_en} {title_en}"),
                description_ja: format!(
                    "{}の{qualifier_ja}{title_ja}。最小ロット{}個から対応します。",
                    company_names[c].0,
                    1 + rng.below(500)
                ),
                description_en: format!(
                    "{qualifier_en} {title_en} in {material} by {}.",
                    company_names[c].1
                ),
                category,
                tags: encode_list(&tag_list),
                materials: encode_list(&[material.to_owned()]),
                certifications: encode_list(&[(*rng.pick(CERTIFICATIONS)).into()]),
                min_lot: Some(1 + rng.below(500) as i32),
                lead_time_days: Some(7 + rng.below(80) as i32),
                status: crate::capabilities::CapabilityStatus::Published,
                search_primary: String::new(),
                search_secondary: String::new(),
                published_at: Some(created),
                archived_at: None,
                created_at: created,
                updated_at: created,
            };
            record.index(&company_names[c].0, &company_names[c].1)?;
            let mut unique_tags = tag_list;
            unique_tags.sort();
            unique_tags.dedup();
            for t in unique_tags {
                tags.push((
                    capability_tags::capability_id.eq(id.clone()),
                    capability_tags::tag.eq(t),
                ));
            }
            capability_ids.push(id);
            records.push(record);
        }
    }
    summary.capabilities = db::transaction(conn, |conn| -> QueryResult<usize> {
        let n = bulk_insert!(conn, capabilities::table, records, 1_000);
        bulk_insert!(conn, capability_tags::table, tags, 5_000);
        Ok(n)
    })?;
    summary.sample_capability_id = capability_ids[capability_ids.len() / 2].clone();
    drop(records);
    drop(tags);

    // Buyers, verified, from many countries.
    let mut buyer_ids = Vec::with_capacity(shape.buyers);
    let mut buyer_rows = Vec::with_capacity(shape.buyers);
    for i in 0..shape.buyers {
        let id = rng.id(epoch + Duration::minutes(i as i64));
        let country = *rng.pick(COUNTRIES);
        let industry = *rng.pick(INDUSTRIES);
        buyer_rows.push((
            buyers::id.eq(id.clone()),
            buyers::name.eq(format!("{country} {industry} buyer {}", i + 1)),
            buyers::country.eq(country),
            buyers::industry.eq(industry),
            buyers::interest_categories.eq(encode_list(&[CATEGORY_TEXT
                [rng.below(CATEGORY_TEXT.len())]
            .0
            .as_str()
            .to_owned()])),
            buyers::languages.eq(encode_list(&["en".into(), (*rng.pick(LANGUAGES)).into()])),
            buyers::verified_at.eq(Some(epoch)),
            buyers::verified_by.eq(Some(desk_id.clone())),
            buyers::created_at.eq(epoch),
            buyers::updated_at.eq(epoch),
        ));
        buyer_ids.push(id);
    }
    summary.buyers = db::transaction(conn, |conn| -> QueryResult<usize> {
        Ok(bulk_insert!(conn, buyers::table, buyer_rows, 1_000))
    })?;
    drop(buyer_rows);

    // Trade fairs from FY2019 to the year after today, evenly spread, each with its slots,
    // tables and interpreters; then their meetings and negotiations, one fair at a time.
    let last_day = NaiveDate::from_ymd_opt(today.year() + 1, 3, 1).unwrap_or(today);
    let span_days = (last_day - epoch.date()).num_days().max(1);
    for f in 0..shape.fairs {
        let starts_on = epoch.date() + Duration::days(span_days * f as i64 / shape.fairs as i64);
        let (city, country, time_zone) = CITIES[f % CITIES.len()];
        let created = at(starts_on - Duration::days(120), 0, 0);
        let event_id = rng.id(created);
        let slots_per_day = 20;
        let days = shape.slots.div_ceil(slots_per_day);
        let event = EventRow {
            id: event_id.clone(),
            kind: "trade_fair".into(),
            name: format!("{city} Manufacturing Expo {}", starts_on.year()),
            city: city.into(),
            country: country.into(),
            venue: format!("{city} Exhibition Centre"),
            time_zone: time_zone.into(),
            starts_on,
            ends_on: starts_on + Duration::days(days as i64 - 1),
            status: if starts_on < today { "closed" } else { "open" }.into(),
            slot_minutes: 20,
            max_meetings_per_buyer: Some(18),
            max_meetings_per_company: None,
            requires_acceptance: true,
            created_at: created,
            updated_at: created,
        };
        let slots: Vec<SlotRow> = (0..shape.slots)
            .map(|s| {
                let start = at(starts_on + Duration::days((s / slots_per_day) as i64), 2, 0)
                    + Duration::minutes(20 * (s % slots_per_day) as i64);
                SlotRow {
                    id: rng.id(created),
                    event_id: event_id.clone(),
                    starts_at: start,
                    ends_at: start + Duration::minutes(20),
                }
            })
            .collect();
        let tables: Vec<TableRow> = (0..shape.tables)
            .map(|t| TableRow {
                id: rng.id(created),
                event_id: event_id.clone(),
                label: format!("T{:03}", t + 1),
            })
            .collect();
        let interpreters: Vec<InterpreterRow> = (0..shape.interpreters)
            .map(|i| InterpreterRow {
                id: rng.id(created),
                event_id: event_id.clone(),
                name: format!("Interpreter {}", i + 1),
                languages: encode_list(&["ja".into(), LANGUAGES[i % LANGUAGES.len()].into()]),
            })
            .collect();

        let past = starts_on < today;
        let mut meeting_rows = Vec::with_capacity(shape.slots * shape.tables);
        let mut negotiation_rows = Vec::new();
        for (s, slot) in slots.iter().enumerate() {
            for t in 0..shape.tables {
                let k = s * shape.tables + t;
                let c = (3 * k + 17 * f) % shape.companies;
                let b = (7 * k + 31 * f) % shape.buyers;
                let roll = rng.percent();
                let status = if past {
                    match roll {
                        0..75 => "held",
                        75..82 => "no_show",
                        82..90 => "declined",
                        90..94 => "withdrawn",
                        _ => "cancelled",
                    }
                } else {
                    match roll {
                        0..30 => "requested",
                        30..60 => "accepted",
                        60..90 => "scheduled",
                        90..95 => "declined",
                        _ => "withdrawn",
                    }
                };
                // Held meetings sit in their slot, except a few walk-ins held off the timetable.
                let placed = matches!(status, "scheduled" | "no_show")
                    || (status == "held" && rng.percent() < 95);
                let interpreter = (placed && t < shape.interpreters && rng.percent() < 40)
                    .then(|| interpreters[t].id.clone());
                let requested_at = created + Duration::minutes(k as i64);
                let held_at = (status == "held").then_some(slot.ends_at);
                let meeting = MeetingRow {
                    id: rng.id(requested_at),
                    event_id: event_id.clone(),
                    company_id: company_ids[c].clone(),
                    buyer_id: buyer_ids[b].clone(),
                    capability_id: Some(
                        capability_ids[c * shape.capabilities_per_company
                            + k % shape.capabilities_per_company]
                            .clone(),
                    ),
                    requested_by: desk_id.clone(),
                    message: "御社の技術について伺いたいです / We would like to discuss your capabilities.".into(),
                    languages_needed: encode_list(&["en".into()]),
                    status: status.into(),
                    slot_id: placed.then(|| slot.id.clone()),
                    table_id: placed.then(|| tables[t].id.clone()),
                    interpreter_id: interpreter,
                    held_at,
                    created_at: requested_at,
                    updated_at: held_at.unwrap_or(requested_at),
                };
                if status == "held" {
                    negotiation_rows.push(negotiation(
                        &mut rng,
                        &meeting.id,
                        slot.starts_at,
                        today,
                    )?);
                }
                meeting_rows.push(meeting);
            }
        }
        db::transaction(conn, |conn| -> QueryResult<()> {
            diesel::insert_into(events::table)
                .values(&event)
                .execute(conn)?;
            bulk_insert!(conn, event_slots::table, slots, 1_000);
            bulk_insert!(conn, event_tables::table, tables, 1_000);
            bulk_insert!(conn, interpreters::table, interpreters, 1_000);
            summary.meetings += bulk_insert!(conn, meetings::table, meeting_rows, 1_000);
            // When a held meeting took place: its slot's start, else when it was marked held
            // (the rule of meetings::store::mark_took_place). Before the negotiations: the
            // KPI totals' trigger counts each by its meeting's fiscal year.
            diesel::sql_query(
                "UPDATE meetings SET took_place_at = COALESCE(\
                   (SELECT starts_at FROM event_slots WHERE event_slots.id = meetings.slot_id), \
                   held_at) \
                 WHERE event_id = $1 AND status = 'held'",
            )
            .bind::<diesel::sql_types::Text, _>(&event_id)
            .execute(conn)?;
            summary.negotiations +=
                bulk_insert!(conn, negotiations::table, negotiation_rows, 1_000);
            Ok(())
        })?;
        summary.fairs += 1;
    }
    Ok(summary)
}

/// The negotiation of a meeting held at `held_at`: open, prospect, won or lost, in yen or US
/// dollars, closed within a year of the meeting (never after `today`).
fn negotiation(
    rng: &mut Rng,
    meeting_id: &str,
    held_at: NaiveDateTime,
    today: NaiveDate,
) -> Result<NegotiationRow, ApiError> {
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
    let dollars = rng.percent() < 40;
    let outcome = Outcome {
        status,
        amount_minor: (status == NegotiationStatus::Won).then(|| {
            if dollars {
                100 * (5_000 + rng.below(295_000) as i64)
            } else {
                1_000 * (500 + rng.below(49_500) as i64)
            }
        }),
        currency: (status == NegotiationStatus::Won)
            .then(|| if dollars { "USD" } else { "JPY" }.to_owned()),
        exchange_rate: (status == NegotiationStatus::Won && dollars)
            .then(|| format!("{}.{:02}", 105 + rng.below(50), rng.below(100))),
        amount_jpy: None,
        closed_on: status.is_closed().then_some(closed_on),
    };
    let settled = outcome.settle(today)?;
    let stamp = held_at + Duration::days(1);
    Ok(NegotiationRow {
        id: rng.id(stamp),
        meeting_id: meeting_id.to_owned(),
        status: settled.status.as_str().to_owned(),
        amount_minor: settled.amount_minor,
        currency: settled.currency.clone(),
        exchange_rate: settled.exchange_rate.clone(),
        amount_jpy: settled.amount_jpy,
        closed_on: settled.closed_on,
        notes: String::new(),
        // No side reported: the record is what the KPI counts (store::refresh_effective).
        effective_status: settled.status.as_str().to_owned(),
        effective_amount_jpy: settled.amount_jpy,
        effective_closed_on: settled.closed_on,
        confirmed_report_id: None,
        reports_disagree: false,
        created_at: stamp,
        updated_at: stamp,
    })
}

/// 一, 二, … for the first companies of a name, then digits.
fn number_ja(n: usize) -> String {
    const DIGITS: &[&str] = &["", "第二", "第三", "第四", "第五"];
    DIGITS
        .get(n)
        .map(|d| (*d).to_owned())
        .unwrap_or_else(|| format!("第{}", n + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generator_is_deterministic() {
        let (mut a, mut b) = (Rng(7), Rng(7));
        let t = at(NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(), 0, 0);
        assert_eq!(a.id(t), b.id(t));
        assert_eq!(a.below(1000), b.below(1000));
        assert!(uuid::Uuid::parse_str(&a.id(t)).is_ok());
    }
}
