//! The mail that tells a company's members of a newly published research brief.

use super::super::facts::BriefFacts;
use super::super::Kind;
use crate::i18n::Locale;

/// What the brief is about, its summary, and where to read it (`PUBLIC_BASE_URL`; reading
/// a `members` brief needs signing in, which the link's page asks for).
pub(super) fn brief_mail(
    kind: Kind,
    locale: Locale,
    b: &BriefFacts,
    base_url: Option<&str>,
) -> Option<(String, Vec<String>)> {
    if kind != Kind::BriefPublished {
        return None;
    }
    let topics = b
        .tags
        .iter()
        .chain(&b.categories)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    let link = base_url.map(|base| {
        format!(
            "{}/api/v1/briefs/{}",
            base.trim_end_matches('/'),
            b.brief_id
        )
    });
    let mut lines = match locale {
        Locale::Ja => vec![
            format!("【調査レポート】{}", b.title_ja),
            format!("相模原市の海外展開支援事業が、貴社のフォロー中のテーマ（{topics}）に関する調査レポートを公開しました。"),
            b.summary_ja.clone(),
        ],
        Locale::En => vec![
            format!("Research brief: {}", b.title_en),
            format!("Sagamihara's global expansion programme has published a research brief on topics your company follows ({topics})."),
            b.summary_en.clone(),
        ],
    };
    if let Some(link) = link {
        lines.push(match locale {
            Locale::Ja => format!("レポートを読む: {link}"),
            Locale::En => format!("Read the brief: {link}"),
        });
    }
    lines.push(match locale {
        Locale::Ja => "フォローするテーマは、貴社のメンバーまたは支援窓口が購読設定で変更できます。".to_owned(),
        Locale::En => "Your company's members or the support desk can change the topics it follows in its subscriptions.".to_owned(),
    });
    let subject = lines.remove(0);
    Some((subject, lines))
}
