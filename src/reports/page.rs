//! The printable page of a published report, in Japanese or English: rendered on the server
//! from the snapshot's JSON, every text from the snapshot escaped (an opinion or an event's
//! name is text, never markup), styled for A4 paper. No script; the page says which version
//! it shows, its SHA-256 and every version's history.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde_json::Value;

use super::figures::{text_of, FIGURES};
use super::store::ReportVersionRow;
use crate::i18n::Locale;
use crate::japan::OFFSET;
use crate::notifications::mail::escape;

/// A word of the page in both languages.
struct Label {
    ja: &'static str,
    en: &'static str,
}

const fn label(ja: &'static str, en: &'static str) -> Label {
    Label { ja, en }
}

const KEY_FIGURES: Label = label("主要指標", "Key figures");
const FIGURE: Label = label("指標", "Figure");
const VALUE: Label = label("値", "Value");
const DEFINITIONS: Label = label("指標の定義", "What the figures mean");
const BREAKDOWNS: Label = label("内訳", "Breakdowns");
const BY: [(&str, Label); 4] = [
    ("by_event", label("展示会別", "By event")),
    ("by_country", label("バイヤーの国別", "By buyer country")),
    ("by_industry", label("業種別", "By industry")),
    ("by_category", label("技術分野別", "By capability category")),
];
const KEY: Label = label("区分", "Key");
const HELD: Label = label("実施商談数", "Held");
const WON: Label = label("成約数", "Won");
const RATE: Label = label("成約率(%)", "Close rate (%)");
const SALES: Label = label("売上高(千円)", "Sales (thousand yen)");
const ATTENDANCE: Label = label("イベントの参加状況", "Event attendance");
const EVENT: Label = label("イベント", "Event");
const STARTS: Label = label("開始日", "Starts");
const REGISTERED: Label = label("申込数", "Registered");
const ATTENDED: Label = label("参加数", "Attended");
const OPINIONS: Label = label("評価委員の意見", "The council's opinions");
const NO_OPINIONS: Label = label("意見はありません。", "No opinions.");
const SIGNED: Label = label("署名", "Signed");
const VERSIONS: Label = label("版の履歴", "Versions");
const VERSION: Label = label("版", "Version");
const PUBLISHED: Label = label("公開日時", "Published");
const WHAT_CHANGED: Label = label("訂正内容", "What changed");
const WHY: Label = label("訂正理由", "Why");
const AS_OF: Label = label("集計時点", "Counted as of");
const NONE: Label = label("（なし）", "(none)");
const UNSPECIFIED: Label = label("（指定なし）", "(not given)");
const OTHER_LANGUAGE: Label = label("English", "日本語");

const STYLE: &str = "body{font-family:\"Noto Sans CJK JP\",\"Hiragino Sans\",\"Yu Gothic\",sans-serif;\
margin:2em auto;max-width:60em;color:#111;line-height:1.5}\
h1{font-size:1.5em;border-bottom:2px solid #333;padding-bottom:.3em}h2{font-size:1.2em;margin-top:1.6em}\
table{border-collapse:collapse;width:100%;margin:.5em 0}th,td{border:1px solid #999;padding:.25em .5em;text-align:left}\
td.n{text-align:right;font-variant-numeric:tabular-nums}.meta{color:#444;font-size:.9em}\
.digest{font-family:monospace;word-break:break-all}dd{margin:0 0 .6em 1.2em;overflow-wrap:anywhere}.opinion{white-space:pre-wrap;border-left:3px solid #999;padding-left:.8em}\
@page{size:A4;margin:15mm}@media print{body{margin:0 1em;max-width:none}nav{display:none}\
table,.opinion{page-break-inside:avoid}h2{page-break-after:avoid}}";

impl Label {
    fn of(&self, locale: Locale) -> &'static str {
        match locale {
            Locale::Ja => self.ja,
            Locale::En => self.en,
        }
    }
}

/// The page's title: the report's name and year.
pub fn title(fiscal_year: i32, locale: Locale) -> String {
    match locale {
        Locale::Ja => format!("相模原市グローバル展開事業 年次報告書（{fiscal_year}年度）"),
        Locale::En => {
            format!("Sagamihara Global Expansion Programme: Annual Report, FY{fiscal_year}")
        }
    }
}

fn japan_time(moment: DateTime<Utc>) -> String {
    (moment + OFFSET).format("%Y-%m-%d %H:%M JST").to_string()
}

/// A text of the snapshot, escaped.
fn text(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => escape(s),
        Some(other) => escape(&other.to_string()),
    }
}

/// The page of `report` (the snapshot's JSON, version `version` with digest `sha256`) in
/// `locale`, with the year's `history`.
pub fn render(
    report: &Value,
    sha256: &str,
    published_at: NaiveDateTime,
    history: &[ReportVersionRow],
    locale: Locale,
) -> String {
    let year = report["fiscal_year"].as_i64().unwrap_or_default() as i32;
    let l = |label: &Label| label.of(locale);
    let title = escape(&title(year, locale));
    let other = match locale {
        Locale::Ja => "en",
        Locale::En => "ja",
    };
    let as_of = report["as_of"]
        .as_str()
        .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        .map(|t| japan_time(t.with_timezone(&Utc)))
        .unwrap_or_default();
    let mut page = format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width\"><title>{title}</title>\
         <style>{STYLE}</style></head>\n<body>\n<nav><a href=\"?lang={other}\">{switch}</a></nav>\n\
         <h1>{title}</h1>\n<p class=\"meta\">{version_label} {version} · {published_label} {published} · \
         {as_of_label} {as_of}<br>SHA-256 <span class=\"digest\">{sha256}</span></p>\n",
        lang = locale.as_str(),
        switch = l(&OTHER_LANGUAGE),
        version_label = l(&VERSION),
        version = text(report.get("version")),
        published_label = l(&PUBLISHED),
        published = japan_time(published_at.and_utc()),
        as_of_label = l(&AS_OF),
        sha256 = escape(sha256),
    );
    page.push_str(&key_figures(report, locale));
    page.push_str(&definitions(report, locale));
    page.push_str(&breakdowns(report, locale));
    page.push_str(&attendance(report, locale));
    page.push_str(&opinions(report, locale));
    page.push_str(&versions(history, locale));
    page.push_str("</body></html>\n");
    page
}

fn key_figures(report: &Value, locale: Locale) -> String {
    let mut rows = String::new();
    for figure in FIGURES {
        let name = match locale {
            Locale::Ja => figure.label_ja,
            Locale::En => figure.label_en,
        };
        rows.push_str(&format!(
            "<tr><th scope=\"row\">{}</th><td class=\"n\">{}</td></tr>\n",
            escape(name),
            escape(&text_of(report, figure))
        ));
    }
    format!(
        "<h2>{}</h2>\n<table><thead><tr><th>{}</th><th>{}</th></tr></thead><tbody>\n{rows}</tbody></table>\n",
        KEY_FIGURES.of(locale),
        FIGURE.of(locale),
        VALUE.of(locale)
    )
}

fn items(value: &Value) -> &[Value] {
    value.as_array().map(Vec::as_slice).unwrap_or_default()
}

fn definitions(report: &Value, locale: Locale) -> String {
    let (name, definition) = match locale {
        Locale::Ja => ("name_ja", "definition_ja"),
        Locale::En => ("name_en", "definition_en"),
    };
    let mut list = String::new();
    for d in items(&report["definitions"]) {
        list.push_str(&format!(
            "<dt>{}</dt><dd>{}</dd>\n",
            text(d.get(name)),
            text(d.get(definition))
        ));
    }
    format!("<h2>{}</h2>\n<dl>\n{list}</dl>\n", DEFINITIONS.of(locale))
}

fn breakdowns(report: &Value, locale: Locale) -> String {
    let l = |label: &Label| label.of(locale);
    let mut out = format!("<h2>{}</h2>\n", l(&BREAKDOWNS));
    for (key, heading) in &BY {
        let mut rows = String::new();
        for item in items(&report["breakdowns"][key]) {
            // An event by its name; a key of `null` is a meeting about no capability.
            let name = match (item.get("label"), item.get("key")) {
                (Some(Value::String(_)), _) => text(item.get("label")),
                (_, Some(Value::String(_))) => text(item.get("key")),
                _ => l(&UNSPECIFIED).to_owned(),
            };
            rows.push_str(&format!(
                "<tr><td>{name}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>\
                 <td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
                text(item.get("held")),
                text(item.get("won")),
                text(item.get("close_rate_percent")),
                text(item.get("sales_thousand_yen")),
            ));
        }
        if rows.is_empty() {
            rows = format!("<tr><td colspan=\"5\">{}</td></tr>\n", l(&NONE));
        }
        out.push_str(&format!(
            "<h3>{}</h3>\n<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\
             <tbody>\n{rows}</tbody></table>\n",
            heading.of(locale),
            l(&KEY),
            l(&HELD),
            l(&WON),
            l(&RATE),
            l(&SALES)
        ));
    }
    out
}

fn attendance(report: &Value, locale: Locale) -> String {
    let l = |label: &Label| label.of(locale);
    let mut rows = String::new();
    for event in items(&report["event_attendance"]) {
        rows.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
            text(event.get("event_name")),
            text(event.get("starts_on")),
            text(event.get("registered")),
            text(event.get("attended")),
        ));
    }
    if rows.is_empty() {
        rows = format!("<tr><td colspan=\"4\">{}</td></tr>\n", l(&NONE));
    }
    format!(
        "<h2>{}</h2>\n<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\
         <tbody>\n{rows}</tbody></table>\n",
        l(&ATTENDANCE),
        l(&EVENT),
        l(&STARTS),
        l(&REGISTERED),
        l(&ATTENDED)
    )
}

fn opinions(report: &Value, locale: Locale) -> String {
    let mut out = format!("<h2>{}</h2>\n", OPINIONS.of(locale));
    let opinions = items(&report["opinions"]);
    if opinions.is_empty() {
        out.push_str(&format!("<p>{}</p>\n", NO_OPINIONS.of(locale)));
    }
    for opinion in opinions {
        let signed_at = opinion["signed_at"]
            .as_str()
            .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
            .map(|t| japan_time(t.with_timezone(&Utc)))
            .unwrap_or_default();
        out.push_str(&format!(
            "<section><p class=\"opinion\" lang=\"{}\">{}</p><p class=\"meta\">{}: {} ({signed_at})</p></section>\n",
            text(opinion.get("language")),
            text(opinion.get("text")),
            SIGNED.of(locale),
            text(opinion.get("reviewer_name")),
        ));
    }
    out
}

fn versions(history: &[ReportVersionRow], locale: Locale) -> String {
    let l = |label: &Label| label.of(locale);
    let mut rows = String::new();
    for v in history {
        rows.push_str(&format!(
            "<tr><td class=\"n\">{}</td><td>{}</td><td class=\"digest\">{}</td><td>{}</td><td>{}</td></tr>\n",
            v.version,
            japan_time(v.published_at.and_utc()),
            escape(&v.sha256),
            escape(v.what_changed.as_deref().unwrap_or_default()),
            escape(v.why.as_deref().unwrap_or_default()),
        ));
    }
    format!(
        "<h2>{}</h2>\n<table><thead><tr><th>{}</th><th>{}</th><th>SHA-256</th><th>{}</th><th>{}</th></tr></thead>\
         <tbody>\n{rows}</tbody></table>\n",
        l(&VERSIONS),
        l(&VERSION),
        l(&PUBLISHED),
        l(&WHAT_CHANGED),
        l(&WHY)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn snapshot() -> Value {
        json!({
            "fiscal_year": 2025,
            "version": 2,
            "as_of": "2026-05-01T01:00:00Z",
            "kpi": {"close_rate": {"counts": {"held": 12, "won": 5}}},
            "breakdowns": {
                "by_country": [{"key": "TH", "label": null, "held": 3, "won": 1, "close_rate_percent": 33.33, "sales_thousand_yen": 900}],
                "by_category": [{"key": null, "label": null, "held": 2, "won": 0, "close_rate_percent": 0.0, "sales_thousand_yen": 0}],
            },
            "event_attendance": [{"event_name": "<b>Forum</b> & more", "starts_on": "2025-07-01", "registered": 5, "attended": 4}],
            "opinions": [{"language": "ja", "text": "<script>alert(1)</script>\n良い", "reviewer_name": "評価 委員", "signed_at": "2026-04-30T03:00:00Z"}],
        })
    }

    fn history() -> Vec<ReportVersionRow> {
        let at = |d: &str| NaiveDateTime::parse_from_str(d, "%Y-%m-%d %H:%M").unwrap();
        vec![
            ReportVersionRow {
                version: 1,
                sha256: "a".repeat(64),
                what_changed: None,
                why: None,
                published_at: at("2026-04-01 01:00"),
            },
            ReportVersionRow {
                version: 2,
                sha256: "b".repeat(64),
                what_changed: Some("売上の訂正".into()),
                why: Some("<i>late</i>".into()),
                published_at: at("2026-05-01 01:00"),
            },
        ]
    }

    #[test]
    fn text_from_the_snapshot_is_escaped() {
        let page = render(
            &snapshot(),
            &"b".repeat(64),
            history()[1].published_at,
            &history(),
            Locale::Ja,
        );
        assert!(
            !page.contains("<script>") && page.contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        );
        assert!(page.contains("&lt;b&gt;Forum&lt;/b&gt; &amp; more"));
        assert!(page.contains("&lt;i&gt;late&lt;/i&gt;"));
    }

    #[test]
    fn the_page_speaks_the_asked_language() {
        let at = history()[1].published_at;
        let ja = render(&snapshot(), "x", at, &history(), Locale::Ja);
        assert!(ja.contains("<html lang=\"ja\">") && ja.contains("年次報告書（2025年度）"));
        assert!(
            ja.contains("<h2>主要指標</h2>")
                && ja.contains("評価委員の意見")
                && ja.contains("2026-05-01 10:00 JST")
        );
        assert!(
            ja.contains("<td>TH</td>") && ja.contains("<td>（指定なし）</td>"),
            "a key, or none given"
        );
        let en = render(&snapshot(), "x", at, &history(), Locale::En);
        assert!(en.contains("<html lang=\"en\">") && en.contains("Annual Report, FY2025"));
        assert!(en.contains("<h2>Key figures</h2>") && !en.contains("主要指標"));
    }
}
