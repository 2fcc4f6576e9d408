//! The demo programme's data: the places, trades, buyers, fairs and candidates the seeding
//! steps (`steps.rs`) turn into API calls. Plain data only; what is done with it is there.

/// Where the manufacturers are (Japanese, English), for their names.
pub const PLACES: [(&str, &str); 10] = [
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
pub type CapabilityTemplate = (
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
);
/// (industry, ja suffix, en suffix, capabilities)
pub type Trade = (
    &'static str,
    &'static str,
    &'static str,
    [CapabilityTemplate; 2],
);
/// (name, country, industry, interest categories, languages)
pub type BuyerSeed = (
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
);

pub const TRADES: [Trade; 5] = [
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

pub const WARDS: [&str; 3] = ["midori", "chuo", "minami"];
pub const EXPORT_MARKETS: [&str; 5] = ["TH", "VN", "US", "DE", "TW"];

pub const BUYERS: [BuyerSeed; 16] = [
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
pub type FairSeed = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

pub const FAIRS: [FairSeed; 4] = [
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

/// (full name, nationality, native language): six at each of the two job fairs.
pub const CANDIDATES: [(&str, &str, &str); 12] = [
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
