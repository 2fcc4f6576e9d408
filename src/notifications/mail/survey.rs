//! The mail that asks for a survey's answers.

use super::super::facts::SurveyFacts;
use super::super::Kind;
use crate::i18n::Locale;

/// A survey's invitation: what it asks, about which meeting, and its personal link (which
/// needs no sign-in and works once, for 60 days).
pub(super) fn survey_mail(
    kind: Kind,
    locale: Locale,
    s: &SurveyFacts,
) -> Option<(String, Vec<String>)> {
    let event = &s.event_name;
    let link = s.link.as_deref().unwrap_or("-");
    let (ja_other, en_other) = (
        s.other_party_ja.as_deref().unwrap_or("-"),
        s.other_party_en.as_deref().unwrap_or("-"),
    );
    let ja_date = s.starts_on.format("%Y年%-m月%-d日");
    let en_date = s.starts_on.format("%-d %b %Y");
    let mut lines = match (kind, locale) {
        (Kind::SurveyMeetingFeedback, Locale::Ja) => vec![
            format!("【アンケート】{event}での{ja_other}との商談はいかがでしたか"),
            format!("{event}（{}、{ja_date}）での{ja_other}との商談について、5段階の評価と次の段取り（サンプル、見積、訪問など）をお聞かせください。", s.event_city),
        ],
        (Kind::SurveyMeetingFeedback, Locale::En) => vec![
            format!("Survey: how was your meeting with {en_other} at {event}?"),
            format!("Please rate your meeting with {en_other} at {event} ({}, {en_date}) from 1 to 5 and tell us the next step (samples, a quotation, a visit…).", s.event_city),
        ],
        (Kind::SurveyOutcome3m | Kind::SurveyOutcome6m, Locale::Ja) => {
            let months = if kind == Kind::SurveyOutcome3m { 3 } else { 6 };
            vec![
                format!("【商談結果のご確認】{event}での{ja_other}との商談（{months}か月後）"),
                format!("{event}（{ja_date}）での{ja_other}との商談から{months}か月が経ちました。その後の状況（継続中・成約見込み・成約・不成約）と、成約の場合は金額をお知らせください。"),
                "ご回答は市の成果指標（商談成約率・海外売上）の集計にのみ使われます。".to_owned(),
            ]
        }
        (Kind::SurveyOutcome3m | Kind::SurveyOutcome6m, Locale::En) => {
            let months = if kind == Kind::SurveyOutcome3m { 3 } else { 6 };
            vec![
                format!("{months} months on: what came of your meeting with {en_other} at {event}?"),
                format!("It is {months} months since your meeting with {en_other} at {event} ({en_date}). Please tell us where it stands (open, prospect, won, lost) and, for a deal, its amount."),
                "Your answer counts only towards the programme's figures (close rate, overseas sales).".to_owned(),
            ]
        }
        (Kind::SurveyEventFeedback, Locale::Ja) => vec![
            format!("【アンケート】{event}へのご参加ありがとうございました"),
            format!("{event}（{}、{ja_date}）の満足度（5段階）と、知人に勧めたいかをお聞かせください。", s.event_city),
        ],
        (Kind::SurveyEventFeedback, Locale::En) => vec![
            format!("Survey: thank you for attending {event}"),
            format!("Please rate {event} ({}, {en_date}) from 1 to 5 and tell us whether you would recommend it.", s.event_city),
        ],
        _ => return None,
    };
    lines.push(match locale {
        Locale::Ja => format!("回答はこちら（ログイン不要、1回限り、60日間有効）: {link}"),
        Locale::En => format!("Answer here (no sign-in needed, once, valid for 60 days): {link}"),
    });
    let subject = lines.remove(0);
    Some((subject, lines))
}
