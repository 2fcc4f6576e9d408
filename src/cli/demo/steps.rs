//! The seeding steps, in the order a programme lives them: manufacturers and buyers sign
//! up, trade fairs take place with their meetings and outcomes, companies hire at job fairs,
//! a seminar is held. Each step is a few API calls; the data comes from `data.rs`, the
//! variety from one seeded generator, so every run seeds the same programme.

use serde_json::{json, Value};

use super::client::{id, Api};
use super::data::{FairSeed, BUYERS, CANDIDATES, EXPORT_MARKETS, FAIRS, PLACES, TRADES, WARDS};
use super::{BoxError, DEMO_PASSWORD};
use crate::cli::rng::SeededRng;

/// The demo's seed: any fixed number would do, this one has stayed.
const SEED: u64 = 0x5A6A_4D1A_2026;

/// An approved manufacturer, signed in.
struct Company {
    id: String,
    token: String,
    /// Index into [`TRADES`].
    trade: usize,
}

/// A verified buyer, signed in.
struct Buyer {
    token: String,
}

/// A meeting both sides agreed to, and who they are.
struct AcceptedMeeting {
    id: String,
    company_token: String,
    buyer_token: String,
}

/// A published job posting, and its company's token.
struct Job {
    id: String,
    company_token: String,
}

pub struct Seeder {
    api: Api,
    /// A desk member's token: the desk approves, verifies and runs the events.
    desk: String,
    dice: SeededRng,
}

impl Seeder {
    pub fn new(api: Api, desk: String) -> Self {
        Self {
            api,
            desk,
            dice: SeededRng::new(SEED),
        }
    }

    pub async fn run(mut self) -> Result<(), BoxError> {
        let companies = self.manufacturers().await?;
        let buyers = self.buyers().await?;
        for (f, fair) in FAIRS.iter().enumerate() {
            self.trade_fair(f, fair, &companies, &buyers).await?;
        }
        self.global_iturn(&companies).await?;
        self.candidate_account().await?;
        self.seminar(&companies).await
    }

    /// Manufacturers: registered by their members, profiled in both languages, approved
    /// (all but the last two, which wait for the desk).
    async fn manufacturers(&mut self) -> Result<Vec<Company>, BoxError> {
        let mut companies = Vec::new();
        for n in 0..30 {
            let company = self.manufacturer(n).await?;
            if n < 28 {
                self.api
                    .post(
                        &format!("/api/v1/companies/{}/approve", company.id),
                        Some(&self.desk),
                        json!({"reason": "demo: profile checked"}),
                    )
                    .await?;
                companies.push(company);
            }
        }
        Ok(companies)
    }

    /// The `n`th manufacturer, registered, profiled, with its two capabilities published.
    async fn manufacturer(&mut self, n: usize) -> Result<Company, BoxError> {
        let (place_ja, place_en) = PLACES[n % PLACES.len()];
        let trade = n % TRADES.len();
        let (industry, suffix_ja, suffix_en, templates) = TRADES[trade];
        let (plant_ja, plant_en) = if n >= 10 {
            (
                format!("第{}工場", n / 10 + 1),
                format!(" Plant {}", n / 10 + 1),
            )
        } else {
            (String::new(), String::new())
        };
        let session = self.api
            .post("/api/v1/auth/register", None, json!({
                "email": format!("sme{}@demo.sagamihara-match.example", n + 1), "password": DEMO_PASSWORD,
                "display_name": format!("{place_en} member"), "account_type": "sme",
                "company": {"name_ja": format!("{place_ja}{suffix_ja}{plant_ja}"), "name_en": format!("{place_en} {suffix_en}{plant_en}"), "industry": industry}
            }))
            .await?;
        let token = text(&session["access_token"], "no token")?;
        let company = text(&session["user"]["company_id"], "no company")?;
        self.api.patch(&format!("/api/v1/companies/{company}"), &token, json!({
            "description_ja": format!("相模原市の{industry}企業。試作から量産まで対応します。"),
            "description_en": format!("A Sagamihara {industry} company, from prototypes to series production."),
            "employees": 12 + self.dice.below(180) as i32, "founded_year": 1955 + self.dice.below(60) as i32,
            "ward": WARDS[n % 3], "certifications": if n.is_multiple_of(2) { json!(["ISO 9001"]) } else { json!(["ISO 9001", "ISO 14001"]) },
            "export_countries": [EXPORT_MARKETS[n % EXPORT_MARKETS.len()]], "languages": ["ja", "en"]
        })).await?;
        for (category, title_ja, title_en, tags) in templates {
            self.api.post(&format!("/api/v1/companies/{company}/capabilities"), Some(&token), json!({
                "title_ja": title_ja, "title_en": title_en,
                "description_ja": format!("{title_ja}。小ロットから対応。"), "description_en": format!("{title_en}; small lots welcome."),
                "category": category, "tags": tags, "materials": ["A5052", "SUS304"],
                "min_lot": 1 + self.dice.below(100) as i32, "lead_time_days": 7 + self.dice.below(40) as i32, "status": "published"
            })).await?;
        }
        Ok(Company {
            id: company,
            token,
            trade,
        })
    }

    /// Overseas buyers: registered, with interests; the desk verifies most (all but two).
    async fn buyers(&mut self) -> Result<Vec<Buyer>, BoxError> {
        let mut buyers = Vec::new();
        for (n, (name, country, industry, categories, languages)) in BUYERS.iter().enumerate() {
            let session = self.api
                .post("/api/v1/auth/register", None, json!({
                    "email": format!("buyer{}@demo.sagamihara-match.example", n + 1), "password": DEMO_PASSWORD,
                    "display_name": format!("{name} buyer"), "account_type": "buyer", "buyer": {"name": name, "country": country}
                }))
                .await?;
            let token = text(&session["access_token"], "no token")?;
            let buyer = text(&session["user"]["buyer_id"], "no buyer")?;
            self.api.patch(&format!("/api/v1/buyers/{buyer}"), &token, json!({
                "industry": industry, "interests": {"categories": categories, "tags": ["aluminium", "automation"]}, "languages": languages
            })).await?;
            if n < 14 {
                self.api
                    .post(
                        &format!("/api/v1/buyers/{buyer}/verify"),
                        Some(&self.desk),
                        json!({}),
                    )
                    .await?;
                buyers.push(Buyer { token });
            }
        }
        Ok(buyers)
    }

    /// The `f`th trade fair: three past ones with their outcomes, one upcoming with open
    /// requests.
    async fn trade_fair(
        &mut self,
        f: usize,
        fair: &FairSeed,
        companies: &[Company],
        buyers: &[Buyer],
    ) -> Result<(), BoxError> {
        let (_, _, _, _, date, final_status) = *fair;
        let event = self.set_up_fair(fair).await?;
        let exhibitors: Vec<&Company> = companies.iter().skip(f * 7).take(10).collect();
        for company in &exhibitors {
            self.api
                .post(
                    &format!("/api/v1/events/{event}/exhibitors"),
                    Some(&self.desk),
                    json!({"company_id": company.id}),
                )
                .await?;
        }
        let upcoming = final_status == "open";
        let meetings = self
            .request_meetings(&event, f, &exhibitors, buyers, upcoming)
            .await?;
        self.api
            .post(
                &format!("/api/v1/events/{event}/schedule"),
                Some(&self.desk),
                json!({}),
            )
            .await?;
        if upcoming {
            return Ok(());
        }
        // The fair took place: most meetings were held, a few not; outcomes followed.
        let closing_year: i32 = date.get(..4).ok_or("a fair without a year")?.parse()?;
        for meeting in &meetings {
            if self.take_place(meeting).await? {
                self.follow_up(meeting, closing_year).await?;
            }
        }
        self.close_fair(&event, fair).await
    }

    /// Creates the fair with its slots, tables and an interpreter; returns its id.
    async fn set_up_fair(&mut self, fair: &FairSeed) -> Result<String, BoxError> {
        let (name, city, country, zone, date, _) = *fair;
        let event = id(&self.api.post("/api/v1/events", Some(&self.desk), json!({
            "kind": "trade_fair", "name": name, "city": city, "country": country, "venue": format!("{city} exhibition centre"),
            "time_zone": zone, "starts_on": date, "ends_on": date, "slot_minutes": 20, "max_meetings_per_buyer": 18
        })).await?)?;
        self.api.post(&format!("/api/v1/events/{event}/slots"), Some(&self.desk), json!({"days": [
            {"date": date, "start": "10:00", "end": "17:00", "breaks": [{"start": "12:00", "end": "13:00"}]}
        ]})).await?;
        self.api
            .post(
                &format!("/api/v1/events/{event}/tables"),
                Some(&self.desk),
                json!({"labels": ["A1", "A2", "A3", "B1", "B2", "B3"]}),
            )
            .await?;
        self.api
            .post(
                &format!("/api/v1/events/{event}/interpreters"),
                Some(&self.desk),
                json!({"name": "Interpreter (ja/en)", "languages": ["ja", "en"]}),
            )
            .await?;
        Ok(event)
    }

    /// Each buyer asks three exhibitors for a meeting; most are accepted, some declined or
    /// withdrawn, and at the upcoming fair some still wait for an answer. Returns the
    /// accepted ones. A request the API refuses (a pair already meeting) is skipped.
    async fn request_meetings(
        &mut self,
        event: &str,
        f: usize,
        exhibitors: &[&Company],
        buyers: &[Buyer],
        upcoming: bool,
    ) -> Result<Vec<AcceptedMeeting>, BoxError> {
        let mut accepted = Vec::new();
        for (b, buyer) in buyers.iter().enumerate() {
            for k in 0..3 {
                let company = exhibitors
                    .get((b * 3 + k + f) % exhibitors.len().max(1))
                    .ok_or("a fair without exhibitors")?;
                let meeting = self.api.post("/api/v1/meetings", Some(&buyer.token), json!({
                    "event_id": event, "company_id": company.id, "message": "We would like to discuss a supply partnership."
                })).await;
                let Ok(meeting) = meeting else { continue };
                let meeting = id(&meeting)?;
                let (action, token, body) = match self.dice.below(10) {
                    0 => ("decline", &company.token, json!({"note": "fully booked"})),
                    1 => ("withdraw", &buyer.token, json!({})),
                    2 if upcoming => continue,
                    _ => ("accept", &company.token, json!({})),
                };
                self.api
                    .post(
                        &format!("/api/v1/meetings/{meeting}/{action}"),
                        Some(token),
                        body,
                    )
                    .await?;
                if action == "accept" {
                    accepted.push(AcceptedMeeting {
                        id: meeting,
                        company_token: company.token.clone(),
                        buyer_token: buyer.token.clone(),
                    });
                }
            }
        }
        Ok(accepted)
    }

    /// Whether a scheduled meeting was held: most were; a few were no-shows or cancelled.
    async fn take_place(&mut self, meeting: &AcceptedMeeting) -> Result<bool, BoxError> {
        let path = format!("/api/v1/meetings/{}", meeting.id);
        let current = self.api.get(&path, &self.desk).await?;
        if current["status"] != "scheduled" {
            return Ok(false);
        }
        let (action, token, body, held) = match self.dice.below(20) {
            0 => ("no-show", &self.desk, json!({}), false),
            1 => (
                "cancel",
                &meeting.buyer_token,
                json!({"note": "flight cancelled"}),
                false,
            ),
            _ => ("held", &self.desk, json!({}), true),
        };
        self.api
            .post(&format!("{path}/{action}"), Some(token), body)
            .await?;
        Ok(held)
    }

    /// What came of a held meeting: the company reports an outcome (now and then the buyer
    /// too, not always remembering it the same way), and the desk follows up.
    async fn follow_up(
        &mut self,
        meeting: &AcceptedMeeting,
        closing_year: i32,
    ) -> Result<(), BoxError> {
        let closed_on = format!(
            "{}-{:02}-{:02}",
            closing_year + 1,
            1 + self.dice.below(3),
            1 + self.dice.below(28)
        );
        let Some(outcome) = self.outcome(&closed_on) else {
            return Ok(());
        };
        let path = format!("/api/v1/meetings/{}/negotiation/reports", meeting.id);
        self.api
            .post(&path, Some(&meeting.company_token), outcome.clone())
            .await?;
        if self.dice.below(4) == 0 {
            let buyer_view = if self.dice.below(3) == 0 {
                json!({"status": "prospect"})
            } else {
                outcome
            };
            self.api
                .post(&path, Some(&meeting.buyer_token), buyer_view)
                .await?;
        }
        self.api.post(&format!("/api/v1/meetings/{}/negotiation/contacts", meeting.id), Some(&self.desk), json!({
            "contacted_on": format!("{closing_year}-12-0{}", 1 + self.dice.below(8)), "channel": "email", "summary": "Follow-up after the fair"
        })).await?;
        Ok(())
    }

    /// A negotiation's outcome: won in yen or dollars, lost, still a prospect, or none
    /// reported yet.
    fn outcome(&mut self, closed_on: &str) -> Option<Value> {
        Some(match self.dice.below(10) {
            0..=2 => {
                json!({"status": "won", "amount_minor": 2_000_000 + self.dice.below(30) as i64 * 250_000, "currency": "JPY", "closed_on": closed_on})
            }
            3 => {
                json!({"status": "won", "amount_minor": 1_500_000 + self.dice.below(20) as i64 * 100_000, "currency": "USD", "exchange_rate": "148.50", "closed_on": closed_on})
            }
            4..=6 => json!({"status": "lost", "closed_on": closed_on}),
            7 | 8 => json!({"status": "prospect"}),
            _ => return None,
        })
    }

    /// The fair's final status (closed: its fiscal year is over).
    async fn close_fair(&mut self, event: &str, fair: &FairSeed) -> Result<(), BoxError> {
        let (name, city, country, zone, date, final_status) = *fair;
        self.api.patch(&format!("/api/v1/events/{event}"), &self.desk, json!({
            "kind": "trade_fair", "name": name, "city": city, "country": country, "venue": format!("{city} exhibition centre"),
            "time_zone": zone, "starts_on": date, "ends_on": date, "status": final_status, "max_meetings_per_buyer": 18
        })).await?;
        Ok(())
    }

    /// Global I-turn: postings, job fairs with candidates the desk registered there, hires.
    async fn global_iturn(&mut self, companies: &[Company]) -> Result<(), BoxError> {
        let employers: Vec<&Company> = companies.iter().filter(|c| c.trade >= 2).take(6).collect();
        let mut jobs = Vec::new();
        for (n, employer) in employers.iter().enumerate() {
            jobs.push(self.job_posting(n, employer).await?);
        }
        for (year, date) in [(2024, "2024-07-10"), (2025, "2025-07-09")] {
            self.job_fair(year, date, &jobs).await?;
        }
        Ok(())
    }

    /// The `n`th employer's posting: an engineer's or a machine operator's job.
    async fn job_posting(&mut self, n: usize, employer: &Company) -> Result<Job, BoxError> {
        let (visa, occupation) = if n.is_multiple_of(2) {
            ("engineer_specialist_humanities", "engineer")
        } else {
            ("specified_skilled_worker", "machine operator")
        };
        let job = self.api.post(&format!("/api/v1/companies/{}/jobs", employer.id), Some(&employer.token), json!({
            "title_ja": if n.is_multiple_of(2) { "設計・開発エンジニア" } else { "機械加工オペレーター" },
            "title_en": if n.is_multiple_of(2) { "Design and development engineer" } else { "Machining operator" },
            "description_ja": "相模原の工場で、海外案件にも携わっていただきます。",
            "description_en": "Work at our Sagamihara plant, including on overseas projects.",
            "occupation": occupation, "employment_type": "full_time", "visa_category": visa,
            "languages": ["ja", "en"], "jlpt_level": if n.is_multiple_of(2) { "n2" } else { "n3" }, "location": "Sagamihara, Kanagawa",
            "salary_min_yen": 3_600_000 + n as i64 * 100_000, "salary_max_yen": 5_200_000 + n as i64 * 100_000, "status": "published"
        })).await?;
        Ok(Job {
            id: id(&job)?,
            company_token: employer.token.clone(),
        })
    }

    /// A job fair of `year`: six candidates registered by the desk attend and apply.
    async fn job_fair(&mut self, year: i32, date: &str, jobs: &[Job]) -> Result<(), BoxError> {
        let fair = id(&self.api.post("/api/v1/events", Some(&self.desk), json!({
            "kind": "job_fair", "name": format!("Global I-turn Job Fair {year}"), "city": "Sagamihara", "country": "JP",
            "venue": "Sagamihara Industry Creation Center", "time_zone": "Asia/Tokyo", "starts_on": date, "ends_on": date
        })).await?)?;
        let first = usize::try_from(year - 2024)? * 6;
        for (c, (name, nationality, language)) in CANDIDATES.iter().enumerate().skip(first).take(6)
        {
            let candidate = id(&self.api.post("/api/v1/candidates", Some(&self.desk), json!({
                "full_name": name, "nationality": nationality, "university": "Demo University",
                "graduation_year": year, "field_of_study": "mechanical engineering",
                "languages": [{"code": language, "level": "native"}, {"code": "ja", "level": "business"}],
                "consent": true
            })).await?)?;
            let registration = id(&self
                .api
                .post(
                    &format!("/api/v1/events/{fair}/registrations"),
                    Some(&self.desk),
                    json!({"candidate_id": candidate}),
                )
                .await?)?;
            self.api
                .post(
                    &format!("/api/v1/events/{fair}/registrations/{registration}/attendance"),
                    Some(&self.desk),
                    json!({}),
                )
                .await?;
            let job = jobs.get(c % jobs.len().max(1)).ok_or("no job postings")?;
            self.apply(&fair, &candidate, job, c, year).await?;
        }
        Ok(())
    }

    /// The `c`th candidate applies at the fair: four in six are hired, one rejected after
    /// an interview, one still waits.
    async fn apply(
        &mut self,
        fair: &str,
        candidate: &str,
        job: &Job,
        c: usize,
        year: i32,
    ) -> Result<(), BoxError> {
        let application = id(&self
            .api
            .post(
                &format!("/api/v1/jobs/{}/applications", job.id),
                Some(&self.desk),
                json!({
                    "candidate_id": candidate, "job_fair_event_id": fair
                }),
            )
            .await?)?;
        let path = format!("/api/v1/applications/{application}");
        let steps = match c % 6 {
            0..=3 => vec![
                json!({"status": "interviewing"}),
                json!({"status": "offered"}),
                json!({"status": "hired", "hired_on": format!("{year}-{:02}-01", 9 + c % 4)}),
            ],
            4 => vec![
                json!({"status": "interviewing"}),
                json!({"status": "rejected"}),
            ],
            _ => Vec::new(),
        };
        for step in steps {
            self.api.patch(&path, &job.company_token, step).await?;
        }
        Ok(())
    }

    /// A candidate with an account of their own, to sign in as.
    async fn candidate_account(&mut self) -> Result<(), BoxError> {
        let session = self
            .api
            .post(
                "/api/v1/auth/register",
                None,
                json!({
                    "email": "candidate1@demo.sagamihara-match.example", "password": DEMO_PASSWORD,
                    "display_name": "Pham Quoc Bao", "account_type": "candidate"
                }),
            )
            .await?;
        let token = text(&session["access_token"], "no token")?;
        self.api.post("/api/v1/candidates", Some(&token), json!({
            "full_name": "Pham Quoc Bao", "nationality": "VN", "university": "Demo University", "graduation_year": 2027,
            "field_of_study": "electrical engineering", "languages": [{"code": "vi", "level": "native"}, {"code": "ja", "level": "conversational"}],
            "consent": true
        })).await?;
        Ok(())
    }

    /// A seminar on the revised Immigration Control Act, for companies hiring abroad: eight
    /// registered, six attended.
    async fn seminar(&mut self, companies: &[Company]) -> Result<(), BoxError> {
        let seminar = id(&self.api.post("/api/v1/events", Some(&self.desk), json!({
            "kind": "seminar", "name": "改正入管法と外国人材の受け入れ / Hiring foreign talent under the revised Immigration Act",
            "city": "Sagamihara", "country": "JP", "venue": "Sagamihara City Hall", "time_zone": "Asia/Tokyo",
            "starts_on": "2026-06-18", "ends_on": "2026-06-18"
        })).await?)?;
        for (n, company) in companies.iter().take(8).enumerate() {
            let registration = id(&self
                .api
                .post(
                    &format!("/api/v1/events/{seminar}/registrations"),
                    Some(&self.desk),
                    json!({"company_id": company.id}),
                )
                .await?)?;
            if n < 6 {
                self.api
                    .post(
                        &format!(
                            "/api/v1/events/{seminar}/registrations/{registration}/attendance"
                        ),
                        Some(&self.desk),
                        json!({}),
                    )
                    .await?;
            }
        }
        Ok(())
    }
}

/// A string field of a response.
fn text(value: &Value, missing: &str) -> Result<String, BoxError> {
    Ok(value.as_str().ok_or(missing)?.to_owned())
}
