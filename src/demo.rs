//! `seed-demo`: a small, realistic Sagamihara programme, so a newcomer sees a living system
//! at once — about 30 manufacturers with bilingual profiles and capabilities, overseas
//! buyers, three past trade fairs and an upcoming one, meetings in every state, negotiations
//! won and lost, job postings, two job fairs with candidates and hires, and a seminar.
//!
//! The data goes in through the API itself (the same `App`, in process), so it passes every
//! validation and leaves the same audit trail, negotiation rows and KPI figures as real use.
//! Deterministic: the same code seeds the same programme.

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::Method;
use actix_web::test::TestRequest;
use serde_json::{json, Value};

use crate::auth::{password, AuthUser, Role};
use crate::db;
use crate::users::api::create_staff_user;
use crate::users::store::find_user_by_email;
use crate::AppState;

/// Every demo account signs in with this password. Demo data only: `seed-demo` refuses a
/// database that holds anything else.
pub const DEMO_PASSWORD: &str = "sagamihara-demo-2026";
const MARKER_EMAIL: &str = "admin@demo.sagamihara-match.example";

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// What was seeded (or found seeded before), and how to sign in.
pub struct DemoReport {
    pub seeded_now: bool,
    pub logins: Vec<(&'static str, String)>,
}

/// A tiny deterministic generator (splitmix64), enough for varied but repeatable data.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

const PLACES: [(&str, &str); 10] = [
    ("相模", "Sagami"),
    ("橋本", "Hashimoto"),
    ("淵野辺", "Fuchinobe"),
    ("上溝", "Kamimizo"),
    ("津久井", "Tsukui"),
    ("城山", "Shiroyama"),
    ("大野", "Ono"),
    ("古淵", "Kobuchi"),
    ("麻溝", "Asamizo"),
    ("田名", "Tana"),
];

/// (category, title ja, title en, tags)
type CapabilityTemplate = (
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
);
/// (industry, ja suffix, en suffix, capabilities)
type Trade = (
    &'static str,
    &'static str,
    &'static str,
    [CapabilityTemplate; 2],
);
/// (name, country, industry, interest categories, languages)
type BuyerSeed = (
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
);

const TRADES: [Trade; 5] = [
    (
        "metal processing",
        "板金",
        "Sheet Metal",
        [
            (
                "stamping",
                "精密板金加工",
                "Precision sheet-metal work",
                &["sheet metal", "stainless"],
            ),
            (
                "welding",
                "TIG溶接・組立",
                "TIG welding and assembly",
                &["tig", "aluminium"],
            ),
        ],
    ),
    (
        "precision machining",
        "精機",
        "Precision",
        [
            (
                "machining",
                "5軸CNC切削加工",
                "5-axis CNC machining",
                &["cnc", "aluminium", "titanium"],
            ),
            (
                "surface_treatment",
                "アルマイト処理",
                "Anodising",
                &["anodising", "aluminium"],
            ),
        ],
    ),
    (
        "electronics",
        "電子",
        "Electronics",
        [
            (
                "electronics",
                "基板実装（SMT）",
                "PCB assembly (SMT)",
                &["pcb", "smt"],
            ),
            (
                "assembly",
                "ワイヤーハーネス組立",
                "Wire-harness assembly",
                &["harness", "automotive"],
            ),
        ],
    ),
    (
        "robotics",
        "ロボティクス",
        "Robotics",
        [
            (
                "assembly",
                "協働ロボットシステム",
                "Collaborative robot cells",
                &["robot", "automation"],
            ),
            (
                "machining",
                "治具・自動化装置の設計製作",
                "Jigs and automation equipment",
                &["jig", "automation"],
            ),
        ],
    ),
    (
        "software",
        "ソフトウェア",
        "Software",
        [
            (
                "software_ai",
                "画像検査AI",
                "AI visual inspection",
                &["ai", "inspection"],
            ),
            (
                "software_ai",
                "生産管理システム",
                "Production management software",
                &["mes", "iot"],
            ),
        ],
    ),
];

const WARDS: [&str; 3] = ["midori", "chuo", "minami"];
const EXPORT_MARKETS: [&str; 5] = ["TH", "VN", "US", "DE", "TW"];

const BUYERS: [BuyerSeed; 16] = [
    (
        "Siam Precision Parts",
        "TH",
        "automotive",
        &["machining", "stamping"],
        &["th", "en"],
    ),
    (
        "Bangkok Auto Components",
        "TH",
        "automotive",
        &["welding", "assembly"],
        &["th", "en"],
    ),
    (
        "Saigon Electronics Trading",
        "VN",
        "electronics",
        &["electronics"],
        &["vi", "en"],
    ),
    (
        "Hanoi Machinery Import",
        "VN",
        "machinery",
        &["machining"],
        &["vi"],
    ),
    (
        "Jakarta Industrial Supply",
        "ID",
        "industrial",
        &["stamping", "welding"],
        &["id", "en"],
    ),
    (
        "Penang Semiconductor Services",
        "MY",
        "semiconductor",
        &["electronics", "surface_treatment"],
        &["ms", "en"],
    ),
    (
        "Manila Medical Devices",
        "PH",
        "medical",
        &["assembly", "plastics"],
        &["en"],
    ),
    (
        "Singapore Robotics Hub",
        "SG",
        "automation",
        &["assembly", "software_ai"],
        &["en", "zh"],
    ),
    (
        "Taichung Machine Tools",
        "TW",
        "machine tools",
        &["machining"],
        &["zh", "en"],
    ),
    (
        "Hsinchu Fab Equipment",
        "TW",
        "semiconductor",
        &["electronics", "software_ai"],
        &["zh"],
    ),
    (
        "Rhein Maschinenbau",
        "DE",
        "machinery",
        &["machining", "welding"],
        &["de", "en"],
    ),
    (
        "Lyon Aéro Composants",
        "FR",
        "aerospace",
        &["machining", "surface_treatment"],
        &["fr", "en"],
    ),
    (
        "Milano Automazione",
        "IT",
        "automation",
        &["assembly"],
        &["it", "en"],
    ),
    (
        "Eindhoven Tech Sourcing",
        "NL",
        "electronics",
        &["electronics"],
        &["nl", "en"],
    ),
    (
        "Ohio Industrial Buyers",
        "US",
        "automotive",
        &["stamping", "welding"],
        &["en"],
    ),
    (
        "Toronto Robotics",
        "CA",
        "automation",
        &["software_ai", "assembly"],
        &["en", "fr"],
    ),
];

/// (name, city, country, zone, date, fiscal year status)
const FAIRS: [(&str, &str, &str, &str, &str, &str); 4] = [
    (
        "Sagamihara Business Meeting in Bangkok 2023",
        "Bangkok",
        "TH",
        "Asia/Bangkok",
        "2023-11-15",
        "closed",
    ),
    (
        "Sagamihara Business Meeting in Taipei 2024",
        "Taipei",
        "TW",
        "Asia/Taipei",
        "2024-10-22",
        "closed",
    ),
    (
        "Sagamihara Business Meeting at Düsseldorf 2025",
        "Düsseldorf",
        "DE",
        "Europe/Berlin",
        "2025-11-04",
        "closed",
    ),
    (
        "Sagamihara Business Meeting in Ho Chi Minh City 2026",
        "Ho Chi Minh City",
        "VN",
        "Asia/Ho_Chi_Minh",
        "2026-12-08",
        "open",
    ),
];

/// The in-process client the seeder drives the API with.
struct Client<S> {
    service: S,
    peer: u32,
}

impl<S, B> Client<S>
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    async fn call(
        &mut self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Result<Value, BoxError> {
        // Each call from its own documentation address, so the seeder is not rate limited.
        self.peer += 1;
        let peer = format!(
            "192.0.2.{}:{}",
            self.peer % 250 + 1,
            10_000 + self.peer % 50_000
        );
        let mut request = TestRequest::default()
            .method(method.clone())
            .uri(path)
            .peer_addr(peer.parse()?);
        if let Some(token) = token {
            request = request.insert_header(("authorization", format!("Bearer {token}")));
        }
        if let Some(body) = body {
            request = request.set_json(body);
        }
        let response = self
            .service
            .call(request.to_request())
            .await
            .map_err(|e| format!("{method} {path}: {e}"))?;
        let status = response.status();
        let bytes = actix_web::body::to_bytes(response.into_body())
            .await
            .map_err(|_| "cannot read a response body")?;
        if !status.is_success() {
            return Err(format!(
                "{method} {path}: {status} {}",
                String::from_utf8_lossy(&bytes)
            )
            .into());
        }
        Ok(if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes)?
        })
    }

    async fn post(
        &mut self,
        path: &str,
        token: Option<&str>,
        body: Value,
    ) -> Result<Value, BoxError> {
        self.call(Method::POST, path, token, Some(body)).await
    }
}

fn id(value: &Value) -> Result<String, BoxError> {
    value["id"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| "a response without an id".into())
}

/// Seeds the demo programme into the state's database, unless it is there already.
/// Refuses a database holding other data unless `force`.
pub async fn seed(state: AppState, force: bool) -> Result<DemoReport, BoxError> {
    let pool = state.pool.clone();
    let (seeded, users) = actix_web::web::block(move || -> Result<(bool, i64), BoxError> {
        use diesel::prelude::*;
        let mut conn = pool.get()?;
        let seeded = find_user_by_email(&mut conn, MARKER_EMAIL)?.is_some();
        let users: i64 = db::schema::users::table.count().get_result(&mut conn)?;
        Ok((seeded, users))
    })
    .await??;
    let mut logins = vec![
        ("admin", MARKER_EMAIL.to_owned()),
        ("desk", "desk@demo.sagamihara-match.example".to_owned()),
        (
            "reviewer",
            "reviewer@demo.sagamihara-match.example".to_owned(),
        ),
        ("sme", "sme1@demo.sagamihara-match.example".to_owned()),
        ("buyer", "buyer1@demo.sagamihara-match.example".to_owned()),
    ];
    if seeded {
        logins.push((
            "candidate",
            "candidate1@demo.sagamihara-match.example".to_owned(),
        ));
        return Ok(DemoReport {
            seeded_now: false,
            logins,
        });
    }
    if users > 0 && !force {
        return Err("the database holds data that is not the demo's; seed-demo refuses to mix them (use --force to seed anyway)".into());
    }

    // Staff accounts, with tokens signed directly.
    let hash = password::hash_blocking(DEMO_PASSWORD).map_err(|e| e.to_string())?;
    let pool = state.pool.clone();
    let staff_emails: Vec<(Role, String)> = logins[..3]
        .iter()
        .zip([Role::Admin, Role::Desk, Role::Reviewer])
        .map(|((_, email), role)| (role, email.clone()))
        .collect();
    let staff = actix_web::web::block(move || -> Result<Vec<AuthUser>, BoxError> {
        let mut conn = pool.get()?;
        staff_emails
            .iter()
            .map(|(role, email)| {
                let name = format!("Demo {}", role.as_str());
                let row = create_staff_user(&mut conn, email, &hash, &name, *role)
                    .map_err(|e| e.to_string())?;
                Ok(row.principal().map_err(|e| e.to_string())?)
            })
            .collect()
    })
    .await??;
    let desk = state.tokens.issue(&staff[1]).map_err(|e| e.to_string())?;

    let service = actix_web::test::init_service(crate::app(state.clone())).await;
    let mut api = Client { service, peer: 0 };
    let mut dice = Dice(0x5A6A_4D1A_2026);

    // Manufacturers: registered by their members, profiled in both languages, approved.
    let mut companies: Vec<(String, String, usize)> = Vec::new(); // (company id, token, trade)
    for n in 0..30 {
        let (place_ja, place_en) = PLACES[n % PLACES.len()];
        let trade = n % TRADES.len();
        let (industry, suffix_ja, suffix_en, templates) = TRADES[trade];
        let name_ja = format!(
            "{place_ja}{suffix_ja}{}",
            if n >= 10 {
                format!("第{}工場", n / 10 + 1)
            } else {
                String::new()
            }
        );
        let name_en = format!(
            "{place_en} {suffix_en}{}",
            if n >= 10 {
                format!(" Plant {}", n / 10 + 1)
            } else {
                String::new()
            }
        );
        let email = format!("sme{}@demo.sagamihara-match.example", n + 1);
        let session = api
            .post("/api/v1/auth/register", None, json!({
                "email": email, "password": DEMO_PASSWORD, "display_name": format!("{place_en} member"),
                "account_type": "sme", "company": {"name_ja": name_ja, "name_en": name_en, "industry": industry}
            }))
            .await?;
        let token = session["access_token"]
            .as_str()
            .ok_or("no token")?
            .to_owned();
        let company = session["user"]["company_id"]
            .as_str()
            .ok_or("no company")?
            .to_owned();
        api.call(Method::PATCH, &format!("/api/v1/companies/{company}"), Some(&token), Some(json!({
            "description_ja": format!("相模原市の{industry}企業。試作から量産まで対応します。"),
            "description_en": format!("A Sagamihara {industry} company, from prototypes to series production."),
            "employees": 12 + dice.below(180) as i32, "founded_year": 1955 + dice.below(60) as i32,
            "ward": WARDS[n % 3], "certifications": if n % 2 == 0 { json!(["ISO 9001"]) } else { json!(["ISO 9001", "ISO 14001"]) },
            "export_countries": [EXPORT_MARKETS[n % EXPORT_MARKETS.len()]], "languages": ["ja", "en"]
        }))).await?;
        for (category, title_ja, title_en, tags) in templates {
            api.post(&format!("/api/v1/companies/{company}/capabilities"), Some(&token), json!({
                "title_ja": title_ja, "title_en": title_en,
                "description_ja": format!("{title_ja}。小ロットから対応。"), "description_en": format!("{title_en}; small lots welcome."),
                "category": category, "tags": tags, "materials": ["A5052", "SUS304"],
                "min_lot": 1 + dice.below(100) as i32, "lead_time_days": 7 + dice.below(40) as i32, "status": "published"
            })).await?;
        }
        if n < 28 {
            api.post(
                &format!("/api/v1/companies/{company}/approve"),
                Some(&desk),
                json!({"reason": "demo: profile checked"}),
            )
            .await?;
            companies.push((company, token, trade));
        }
    }

    // Overseas buyers: registered, with interests; the desk verifies most.
    let mut buyers: Vec<(String, String)> = Vec::new();
    for (n, (name, country, industry, categories, languages)) in BUYERS.iter().enumerate() {
        let session = api
            .post("/api/v1/auth/register", None, json!({
                "email": format!("buyer{}@demo.sagamihara-match.example", n + 1), "password": DEMO_PASSWORD,
                "display_name": format!("{name} buyer"), "account_type": "buyer", "buyer": {"name": name, "country": country}
            }))
            .await?;
        let token = session["access_token"]
            .as_str()
            .ok_or("no token")?
            .to_owned();
        let buyer = session["user"]["buyer_id"]
            .as_str()
            .ok_or("no buyer")?
            .to_owned();
        api.call(Method::PATCH, &format!("/api/v1/buyers/{buyer}"), Some(&token), Some(json!({
            "industry": industry, "interests": {"categories": categories, "tags": ["aluminium", "automation"]}, "languages": languages
        }))).await?;
        if n < 14 {
            api.post(
                &format!("/api/v1/buyers/{buyer}/verify"),
                Some(&desk),
                json!({}),
            )
            .await?;
            buyers.push((buyer, token));
        }
    }

    // Trade fairs: three past ones with their outcomes, one upcoming with open requests.
    for (f, (name, city, country, zone, date, final_status)) in FAIRS.iter().enumerate() {
        let event = id(&api.post("/api/v1/events", Some(&desk), json!({
            "kind": "trade_fair", "name": name, "city": city, "country": country, "venue": format!("{city} exhibition centre"),
            "time_zone": zone, "starts_on": date, "ends_on": date, "slot_minutes": 20, "max_meetings_per_buyer": 18
        })).await?)?;
        api.post(&format!("/api/v1/events/{event}/slots"), Some(&desk), json!({"days": [
            {"date": date, "start": "10:00", "end": "17:00", "breaks": [{"start": "12:00", "end": "13:00"}]}
        ]})).await?;
        api.post(
            &format!("/api/v1/events/{event}/tables"),
            Some(&desk),
            json!({"labels": ["A1", "A2", "A3", "B1", "B2", "B3"]}),
        )
        .await?;
        api.post(
            &format!("/api/v1/events/{event}/interpreters"),
            Some(&desk),
            json!({"name": "Interpreter (ja/en)", "languages": ["ja", "en"]}),
        )
        .await?;
        let exhibitors: Vec<&(String, String, usize)> =
            companies.iter().skip(f * 7).take(10).collect();
        for (company, _, _) in &exhibitors {
            api.post(
                &format!("/api/v1/events/{event}/exhibitors"),
                Some(&desk),
                json!({"company_id": company}),
            )
            .await?;
        }
        let mut meetings = Vec::new();
        for (b, (_, buyer_token)) in buyers.iter().enumerate() {
            for k in 0..3 {
                let (company, company_token, _) = exhibitors[(b * 3 + k + f) % exhibitors.len()];
                let meeting = api.post("/api/v1/meetings", Some(buyer_token), json!({
                    "event_id": event, "company_id": company, "message": "We would like to discuss a supply partnership."
                })).await;
                let Ok(meeting) = meeting else { continue };
                let meeting = id(&meeting)?;
                match dice.below(10) {
                    0 => {
                        api.post(
                            &format!("/api/v1/meetings/{meeting}/decline"),
                            Some(company_token),
                            json!({"note": "fully booked"}),
                        )
                        .await?;
                    }
                    1 => {
                        api.post(
                            &format!("/api/v1/meetings/{meeting}/withdraw"),
                            Some(buyer_token),
                            json!({}),
                        )
                        .await?;
                    }
                    2 if *final_status == "open" => {}
                    _ => {
                        api.post(
                            &format!("/api/v1/meetings/{meeting}/accept"),
                            Some(company_token),
                            json!({}),
                        )
                        .await?;
                        meetings.push((meeting, company_token.clone(), buyer_token.clone()));
                    }
                }
            }
        }
        api.post(
            &format!("/api/v1/events/{event}/schedule"),
            Some(&desk),
            json!({}),
        )
        .await?;
        if *final_status == "open" {
            continue;
        }
        // The fair took place: most meetings were held, a few not; outcomes followed.
        let closing_year: i32 = date[..4].parse()?;
        for (meeting, company_token, buyer_token) in &meetings {
            let current = api
                .call(
                    Method::GET,
                    &format!("/api/v1/meetings/{meeting}"),
                    Some(&desk),
                    None,
                )
                .await?;
            if current["status"] != "scheduled" {
                continue;
            }
            match dice.below(20) {
                0 => {
                    api.post(
                        &format!("/api/v1/meetings/{meeting}/no-show"),
                        Some(&desk),
                        json!({}),
                    )
                    .await?;
                    continue;
                }
                1 => {
                    api.post(
                        &format!("/api/v1/meetings/{meeting}/cancel"),
                        Some(buyer_token),
                        json!({"note": "flight cancelled"}),
                    )
                    .await?;
                    continue;
                }
                _ => {
                    api.post(
                        &format!("/api/v1/meetings/{meeting}/held"),
                        Some(&desk),
                        json!({}),
                    )
                    .await?;
                }
            }
            let closed_on = format!(
                "{}-{:02}-{:02}",
                closing_year + 1,
                1 + dice.below(3),
                1 + dice.below(28)
            );
            let outcome = match dice.below(10) {
                0..=2 => {
                    json!({"status": "won", "amount_minor": 2_000_000 + dice.below(30) as i64 * 250_000, "currency": "JPY", "closed_on": closed_on})
                }
                3 => {
                    json!({"status": "won", "amount_minor": 1_500_000 + dice.below(20) as i64 * 100_000, "currency": "USD", "exchange_rate": "148.50", "closed_on": closed_on})
                }
                4..=6 => json!({"status": "lost", "closed_on": closed_on}),
                7 | 8 => json!({"status": "prospect"}),
                _ => continue,
            };
            let path = format!("/api/v1/meetings/{meeting}/negotiation/reports");
            api.post(&path, Some(company_token), outcome.clone())
                .await?;
            if dice.below(4) == 0 {
                // The buyer's side reports too; now and then it remembers it differently.
                let buyer_view = if dice.below(3) == 0 {
                    json!({"status": "prospect"})
                } else {
                    outcome
                };
                api.post(&path, Some(buyer_token), buyer_view).await?;
            }
            api.post(&format!("/api/v1/meetings/{meeting}/negotiation/contacts"), Some(&desk), json!({
                "contacted_on": format!("{closing_year}-12-0{}", 1 + dice.below(8)), "channel": "email", "summary": "Follow-up after the fair"
            })).await?;
        }
        api.call(Method::PATCH, &format!("/api/v1/events/{event}"), Some(&desk), Some(json!({
            "kind": "trade_fair", "name": name, "city": city, "country": country, "venue": format!("{city} exhibition centre"),
            "time_zone": zone, "starts_on": date, "ends_on": date, "status": final_status, "max_meetings_per_buyer": 18
        }))).await?;
    }

    // Global I-turn: postings, job fairs with candidates the desk registered there, hires.
    let employers: Vec<&(String, String, usize)> = companies
        .iter()
        .filter(|(_, _, trade)| *trade >= 2)
        .take(6)
        .collect();
    let mut jobs = Vec::new();
    for (n, (company, token, _)) in employers.iter().enumerate() {
        let (visa, occupation) = if n % 2 == 0 {
            ("engineer_specialist_humanities", "engineer")
        } else {
            ("specified_skilled_worker", "machine operator")
        };
        let job = api.post(&format!("/api/v1/companies/{company}/jobs"), Some(token), json!({
            "title_ja": if n % 2 == 0 { "設計・開発エンジニア" } else { "機械加工オペレーター" },
            "title_en": if n % 2 == 0 { "Design and development engineer" } else { "Machining operator" },
            "description_ja": "相模原の工場で、海外案件にも携わっていただきます。",
            "description_en": "Work at our Sagamihara plant, including on overseas projects.",
            "occupation": occupation, "employment_type": "full_time", "visa_category": visa,
            "languages": ["ja", "en"], "jlpt_level": if n % 2 == 0 { "n2" } else { "n3" }, "location": "Sagamihara, Kanagawa",
            "salary_min_yen": 3_600_000 + n as i64 * 100_000, "salary_max_yen": 5_200_000 + n as i64 * 100_000, "status": "published"
        })).await?;
        jobs.push((id(&job)?, token.clone()));
    }
    const CANDIDATES: [(&str, &str, &str); 12] = [
        ("Nguyen Thi Lan", "VN", "vi"),
        ("Tran Van Minh", "VN", "vi"),
        ("Siti Rahma", "ID", "id"),
        ("Maria Santos", "PH", "tl"),
        ("Somchai Wong", "TH", "th"),
        ("Aarav Sharma", "IN", "hi"),
        ("Bishal Thapa", "NP", "ne"),
        ("Nurul Aina", "MY", "ms"),
        ("Chen Yi-Ting", "TW", "zh"),
        ("Li Wei", "CN", "zh"),
        ("Emily Carter", "US", "en"),
        ("Jonas Weber", "DE", "de"),
    ];
    for (year, date) in [(2024, "2024-07-10"), (2025, "2025-07-09")] {
        let fair = id(&api.post("/api/v1/events", Some(&desk), json!({
            "kind": "job_fair", "name": format!("Global I-turn Job Fair {year}"), "city": "Sagamihara", "country": "JP",
            "venue": "Sagamihara Industry Creation Center", "time_zone": "Asia/Tokyo", "starts_on": date, "ends_on": date
        })).await?)?;
        for (c, (name, nationality, language)) in CANDIDATES
            .iter()
            .enumerate()
            .skip((year as usize - 2024) * 6)
            .take(6)
        {
            let candidate = id(&api.post("/api/v1/candidates", Some(&desk), json!({
                "full_name": name, "nationality": nationality, "university": "Demo University",
                "graduation_year": year, "field_of_study": "mechanical engineering",
                "languages": [{"code": language, "level": "native"}, {"code": "ja", "level": "business"}],
                "consent": true
            })).await?)?;
            let registration = id(&api
                .post(
                    &format!("/api/v1/events/{fair}/registrations"),
                    Some(&desk),
                    json!({"candidate_id": candidate}),
                )
                .await?)?;
            api.post(
                &format!("/api/v1/events/{fair}/registrations/{registration}/attendance"),
                Some(&desk),
                json!({}),
            )
            .await?;
            let (job, company_token) = &jobs[c % jobs.len()];
            let application = id(&api
                .post(
                    &format!("/api/v1/jobs/{job}/applications"),
                    Some(&desk),
                    json!({
                        "candidate_id": candidate, "job_fair_event_id": fair
                    }),
                )
                .await?)?;
            let path = format!("/api/v1/applications/{application}");
            match c % 6 {
                0..=3 => {
                    for status in ["interviewing", "offered"] {
                        api.call(
                            Method::PATCH,
                            &path,
                            Some(company_token),
                            Some(json!({"status": status})),
                        )
                        .await?;
                    }
                    let hired_on = format!("{year}-{:02}-01", 9 + c % 4);
                    api.call(
                        Method::PATCH,
                        &path,
                        Some(company_token),
                        Some(json!({"status": "hired", "hired_on": hired_on})),
                    )
                    .await?;
                }
                4 => {
                    api.call(
                        Method::PATCH,
                        &path,
                        Some(company_token),
                        Some(json!({"status": "interviewing"})),
                    )
                    .await?;
                    api.call(
                        Method::PATCH,
                        &path,
                        Some(company_token),
                        Some(json!({"status": "rejected"})),
                    )
                    .await?;
                }
                _ => {}
            }
        }
    }
    // A candidate with an account of their own, to sign in as.
    let session = api
        .post(
            "/api/v1/auth/register",
            None,
            json!({
                "email": "candidate1@demo.sagamihara-match.example", "password": DEMO_PASSWORD,
                "display_name": "Pham Quoc Bao", "account_type": "candidate"
            }),
        )
        .await?;
    let candidate_token = session["access_token"]
        .as_str()
        .ok_or("no token")?
        .to_owned();
    api.post("/api/v1/candidates", Some(&candidate_token), json!({
        "full_name": "Pham Quoc Bao", "nationality": "VN", "university": "Demo University", "graduation_year": 2027,
        "field_of_study": "electrical engineering", "languages": [{"code": "vi", "level": "native"}, {"code": "ja", "level": "conversational"}],
        "consent": true
    })).await?;
    logins.push((
        "candidate",
        "candidate1@demo.sagamihara-match.example".to_owned(),
    ));

    // A seminar on the revised Immigration Control Act, for companies hiring abroad.
    let seminar = id(&api.post("/api/v1/events", Some(&desk), json!({
        "kind": "seminar", "name": "改正入管法と外国人材の受け入れ / Hiring foreign talent under the revised Immigration Act",
        "city": "Sagamihara", "country": "JP", "venue": "Sagamihara City Hall", "time_zone": "Asia/Tokyo",
        "starts_on": "2026-06-18", "ends_on": "2026-06-18"
    })).await?)?;
    for (n, (company, _, _)) in companies.iter().take(8).enumerate() {
        let registration = id(&api
            .post(
                &format!("/api/v1/events/{seminar}/registrations"),
                Some(&desk),
                json!({"company_id": company}),
            )
            .await?)?;
        if n < 6 {
            api.post(
                &format!("/api/v1/events/{seminar}/registrations/{registration}/attendance"),
                Some(&desk),
                json!({}),
            )
            .await?;
        }
    }

    Ok(DemoReport {
        seeded_now: true,
        logins,
    })
}
