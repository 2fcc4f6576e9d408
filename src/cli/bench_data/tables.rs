//! The benchmark data's words: names, industries, countries, cities, the catalogue's
//! categories and qualifiers. Plain data only; the generator (`catalogue.rs`, `fairs.rs`)
//! picks from it with the seeded RNG.

use sagamihara_match::capabilities::Category;

pub const NAME_JA: &[&str] = &[
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
pub const NAME_EN: &[&str] = &[
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
pub const SUFFIX: &[(&str, &str)] = &[
    ("精工", "Seiko"),
    ("製作所", "Works"),
    ("工業", "Industries"),
    ("技研", "Giken"),
    ("電子", "Electronics"),
];
pub const INDUSTRIES: &[&str] = &[
    "automotive",
    "aerospace",
    "medical",
    "semiconductor",
    "robotics",
    "energy",
    "consumer",
];
pub const WARDS: &[&str] = &["midori", "chuo", "minami"];
pub const COUNTRIES: &[&str] = &[
    "US", "DE", "FR", "GB", "IT", "TH", "VN", "ID", "MY", "SG", "PH", "IN", "CN", "TW", "KR", "AU",
    "CA", "MX", "BR", "NL", "SE", "PL", "TR", "AE",
];
pub const CITIES: &[(&str, &str, &str)] = &[
    ("Bangkok", "TH", "Asia/Bangkok"),
    ("Hanover", "DE", "Europe/Berlin"),
    ("Chicago", "US", "America/Chicago"),
    ("Singapore", "SG", "Asia/Singapore"),
    ("Ho Chi Minh City", "VN", "Asia/Ho_Chi_Minh"),
    ("Tokyo", "JP", "Asia/Tokyo"),
];
/// Per category: Japanese and English title stems, a tag and materials. One capability in
/// 20 carries each qualifier ("精密" / "precision"), and aluminium is one material in five of
/// three categories, so the benchmark's queries match a few percent of the catalogue, as
/// the brief of the benchmark asks (bench/README.md, "The data", has the shares).
pub const CATEGORY_TEXT: &[(Category, &str, &str, &str, &[&str])] = &[
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
pub const QUALIFIERS: &[(&str, &str)] = &[
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
pub const CERTIFICATIONS: &[&str] = &["ISO 9001", "ISO 14001", "IATF 16949", "JIS Q 9100"];
pub const LANGUAGES: &[&str] = &["en", "de", "fr", "th", "vi", "zh", "ko", "es"];
