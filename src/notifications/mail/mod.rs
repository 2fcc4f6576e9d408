//! The mails: one template per message kind in Japanese and in English, written once as
//! paragraphs and given as plain text and as HTML (every value escaped), with times on the
//! fair's clock and in Japan time beside; a scheduled, moved or cancelled meeting's mail
//! carries its iCalendar invitation (`METHOD:REQUEST` with a stable `UID` and a `SEQUENCE`
//! raised on each move, `METHOD:CANCEL` on cancellation).

use chrono::{Datelike, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

use super::facts::{Facts, MeetingFacts, Slot};
use super::Kind;
use crate::i18n::Locale;
use crate::japan;
use brief::brief_mail;
use check_in::check_in_lines;
use invitation::invitation;
use survey::survey_mail;

mod brief;
mod check_in;
mod invitation;
mod survey;

/// A waitlisted registration's place, as its mail says it.
fn waitlist_place(locale: Locale, position: Option<i64>) -> String {
    match (locale, position) {
        (Locale::Ja, Some(n)) => format!("現在のキャンセル待ち順位: {n}番目"),
        (Locale::Ja, None) => "キャンセル待ちの順位はお問い合わせください。".to_owned(),
        (Locale::En, Some(n)) => format!("Your place on the waitlist: {n}"),
        (Locale::En, None) => "Ask the desk for your place on the waitlist.".to_owned(),
    }
}

/// A mail ready to send.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
    pub invitation: Option<Invitation>,
}

/// An iCalendar object sent with a mail, as `text/calendar; method=…`.
#[derive(Debug, Clone, PartialEq)]
pub struct Invitation {
    pub method: &'static str,
    pub ics: String,
}

/// What a mail links to and who it says it is from.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// `PUBLIC_BASE_URL`: where the service is reached from outside, for links.
    pub base_url: Option<String>,
    /// The organiser of invitations (`MAIL_FROM`'s address).
    pub organiser: String,
}

#[derive(Debug, thiserror::Error)]
#[error("message {kind} cannot be written from its facts: {reason}")]
pub struct RenderError {
    kind: &'static str,
    reason: &'static str,
}

/// The mail of `kind` about `facts`, in `locale`.
/// `unsubscribe` is the one-click link of the mail's category, for its footer.
pub fn render(
    kind: Kind,
    locale: Locale,
    facts: &Facts,
    context: &Context,
    unsubscribe: Option<&str>,
) -> Result<Rendered, RenderError> {
    let mismatch = |reason| RenderError {
        kind: kind.as_str(),
        reason,
    };
    let (subject, mut paragraphs) = match facts {
        Facts::Meeting(meeting) => meeting_mail(kind, locale, meeting)
            .ok_or_else(|| mismatch("not a meeting message"))?,
        Facts::Company(company) => {
            let name = match locale {
                Locale::Ja => &company.name_ja,
                Locale::En => &company.name_en,
            };
            match (kind, locale) {
                (Kind::CompanyApproved, Locale::Ja) => (
                    format!("【承認】{name}の企業情報が公開されました"),
                    vec![
                        format!("{name}の登録が相模原市の海外展開支援窓口により承認されました。"),
                        "企業情報と公開済みの技術・製品は、海外バイヤー向けカタログに掲載されます。".to_owned(),
                    ],
                ),
                (Kind::CompanyApproved, Locale::En) => (
                    format!("{name} is approved and now in the catalogue"),
                    vec![
                        format!("Sagamihara's overseas support desk has approved {name}."),
                        "The company profile and its published capabilities are now shown to overseas buyers in the catalogue.".to_owned(),
                    ],
                ),
                (Kind::CompanySuspended, Locale::Ja) => (
                    format!("【停止】{name}の企業情報の公開が停止されました"),
                    vec![
                        format!("{name}の企業情報の公開が支援窓口により停止されました。"),
                        format!("理由: {}", company.reason.as_deref().unwrap_or("記載なし")),
                        "ご不明な点は支援窓口までお問い合わせください。".to_owned(),
                    ],
                ),
                (Kind::CompanySuspended, Locale::En) => (
                    format!("{name} is suspended from the catalogue"),
                    vec![
                        format!("The support desk has suspended {name}: it is no longer shown in the catalogue."),
                        format!("Reason: {}", company.reason.as_deref().unwrap_or("none given")),
                        "Please contact the support desk with any questions.".to_owned(),
                    ],
                ),
                _ => return Err(mismatch("not a company message")),
            }
        }
        Facts::Buyer(buyer) => match (kind, locale) {
            (Kind::BuyerVerified, Locale::Ja) => (
                format!("【確認済み】{}の確認が完了しました", buyer.name),
                vec![
                    format!("{}は相模原市の支援窓口により確認されました。", buyer.name),
                    "見本市に出展する相模原の企業に商談を申し込めるようになりました。".to_owned(),
                ],
            ),
            (Kind::BuyerVerified, Locale::En) => (
                format!("{} is verified", buyer.name),
                vec![
                    format!("Sagamihara's support desk has verified {}.", buyer.name),
                    "You can now request meetings with Sagamihara's exhibitors at trade fairs.".to_owned(),
                ],
            ),
            (Kind::BuyerInvited, Locale::Ja) => (
                "【ご案内】相模原グローバルマッチングへのご招待".to_owned(),
                vec![
                    format!("{}は相模原市の支援窓口により相模原グローバルマッチングに登録されました。", buyer.name),
                    "このメールアドレスでバイヤーとしてアカウントを登録すると、相模原の企業との商談を申し込めます。".to_owned(),
                ],
            ),
            (Kind::BuyerInvited, Locale::En) => (
                "You are invited to Sagamihara Global Matching".to_owned(),
                vec![
                    format!("Sagamihara's support desk has added {} to Sagamihara Global Matching.", buyer.name),
                    "Sign up as a buyer with this e-mail address to request meetings with Sagamihara's manufacturers.".to_owned(),
                ],
            ),
            _ => return Err(mismatch("not a buyer message")),
        },
        Facts::Account(account) => match (kind, locale) {
            (Kind::PasswordChanged, Locale::Ja) => (
                "【重要】パスワードが変更されました".to_owned(),
                vec![
                    format!("{}様", account.display_name),
                    format!("アカウント {} のパスワードが変更されました。", account.email),
                    "お心当たりがない場合は、直ちに支援窓口までご連絡ください。".to_owned(),
                ],
            ),
            (Kind::PasswordChanged, Locale::En) => (
                "Your password was changed".to_owned(),
                vec![
                    format!("Dear {},", account.display_name),
                    format!("The password of the account {} was changed.", account.email),
                    "If you did not change it, contact the support desk at once.".to_owned(),
                ],
            ),
            (Kind::StaffAccountCreated, Locale::Ja) => (
                "【お知らせ】アカウントが作成されました".to_owned(),
                vec![
                    format!("{}様", account.display_name),
                    format!(
                        "相模原グローバルマッチングに {} のアカウント（役割: {}）が作成されました。",
                        account.email,
                        account.role.as_deref().unwrap_or("-")
                    ),
                    "初回のパスワードは管理者からお受け取りください。".to_owned(),
                ],
            ),
            (Kind::StaffAccountCreated, Locale::En) => (
                "An account was created for you".to_owned(),
                vec![
                    format!("Dear {},", account.display_name),
                    format!(
                        "An account {} (role: {}) was created for you on Sagamihara Global Matching.",
                        account.email,
                        account.role.as_deref().unwrap_or("-")
                    ),
                    "Your administrator gives you the first password.".to_owned(),
                ],
            ),
            _ => return Err(mismatch("not an account message")),
        },
        Facts::Negotiation(n) => {
            let status = status_word(locale, &n.status);
            let side = n.side.as_deref().map(|s| status_word(locale, s));
            match (kind, locale) {
                (Kind::NegotiationReported, Locale::Ja) => (
                    format!("【商談結果の報告】{} × {}: {status}", n.company_name_ja, n.buyer_name),
                    vec![
                        format!("{}での{}と{}の商談について、{}から結果「{status}」が報告されました。", n.event_name, n.company_name_ja, n.buyer_name, side.unwrap_or_default()),
                        "相手側の報告と異なる場合は、ご自身の報告をお寄せください。支援窓口が確認します。".to_owned(),
                    ],
                ),
                (Kind::NegotiationReported, Locale::En) => (
                    format!("Outcome reported: {} × {}: {status}", n.company_name_en, n.buyer_name),
                    vec![
                        format!("The {} reported the outcome \"{status}\" for the meeting of {} and {} at {}.", side.unwrap_or_default(), n.company_name_en, n.buyer_name, n.event_name),
                        "If your view differs, report your own outcome: the support desk confirms one.".to_owned(),
                    ],
                ),
                (Kind::NegotiationToConfirm, Locale::Ja) => (
                    format!("【確認依頼】{} × {}: {status}", n.company_name_ja, n.buyer_name),
                    vec![
                        format!("{}での{}と{}の商談について、{}から結果「{status}」が報告されました。", n.event_name, n.company_name_ja, n.buyer_name, side.unwrap_or_default()),
                        "報告を確認し、いずれかの報告を確定してください。確定した結果がKPIに数えられます。".to_owned(),
                    ],
                ),
                (Kind::NegotiationToConfirm, Locale::En) => (
                    format!("To confirm: {} × {}: {status}", n.company_name_en, n.buyer_name),
                    vec![
                        format!("The {} reported the outcome \"{status}\" for the meeting of {} and {} at {}.", side.unwrap_or_default(), n.company_name_en, n.buyer_name, n.event_name),
                        "Check the reports and confirm one: the confirmed outcome is the one the KPIs count.".to_owned(),
                    ],
                ),
                (Kind::NegotiationConfirmed, Locale::Ja) => (
                    format!("【商談結果の確定】{} × {}: {status}", n.company_name_ja, n.buyer_name),
                    vec![format!("{}での{}と{}の商談の結果は、支援窓口により「{status}」と確定しました。", n.event_name, n.company_name_ja, n.buyer_name)],
                ),
                (Kind::NegotiationConfirmed, Locale::En) => (
                    format!("Outcome confirmed: {} × {}: {status}", n.company_name_en, n.buyer_name),
                    vec![format!("The support desk confirmed the outcome \"{status}\" for the meeting of {} and {} at {}.", n.company_name_en, n.buyer_name, n.event_name)],
                ),
                _ => return Err(mismatch("not a negotiation message")),
            }
        }
        Facts::Application(a) => {
            let status = status_word(locale, &a.status);
            match (kind, locale) {
                (Kind::ApplicationReceived, Locale::Ja) => (
                    format!("【応募】{}に{}さんから応募がありました", a.job_title_ja, a.candidate_name),
                    vec![
                        format!("{} ご担当者様", a.company_name_ja),
                        format!("求人「{}」に{}さんから応募がありました。", a.job_title_ja, a.candidate_name),
                    ],
                ),
                (Kind::ApplicationReceived, Locale::En) => (
                    format!("New application from {} for {}", a.candidate_name, a.job_title_en),
                    vec![format!("{} applied to {}'s posting \"{}\".", a.candidate_name, a.company_name_en, a.job_title_en)],
                ),
                (Kind::ApplicationUpdated, Locale::Ja) => (
                    format!("【応募状況】{}: {status}", a.job_title_ja),
                    vec![format!("{}の求人「{}」への応募（{}さん）の状況が「{status}」になりました。", a.company_name_ja, a.job_title_ja, a.candidate_name)],
                ),
                (Kind::ApplicationUpdated, Locale::En) => (
                    format!("Your application for {}: {status}", a.job_title_en),
                    vec![format!("The application of {} to {}'s posting \"{}\" is now \"{status}\".", a.candidate_name, a.company_name_en, a.job_title_en)],
                ),
                _ => return Err(mismatch("not an application message")),
            }
        }
        Facts::Registration(r) => {
            let (subject, mut lines) = match (kind, locale) {
                (Kind::RegistrationConfirmed, Locale::Ja) => (
                    format!("【参加登録】{}（{}）", r.event_name, r.starts_on.format("%Y年%-m月%-d日")),
                    vec![format!("{}（{}、{}）への参加登録を受け付けました。", r.event_name, r.event_city, r.starts_on.format("%Y年%-m月%-d日"))],
                ),
                (Kind::RegistrationConfirmed, Locale::En) => (
                    format!("Registered: {} ({})", r.event_name, r.starts_on.format("%-d %b %Y")),
                    vec![format!("Your registration for {} ({}, {}) is confirmed.", r.event_name, r.event_city, r.starts_on.format("%-d %b %Y"))],
                ),
                (Kind::RegistrationWaitlisted, Locale::Ja) => (
                    format!("【キャンセル待ち】{}（{}）", r.event_name, r.starts_on.format("%Y年%-m月%-d日")),
                    vec![
                        format!("{}（{}、{}）は定員に達したため、キャンセル待ちとして登録しました。", r.event_name, r.event_city, r.starts_on.format("%Y年%-m月%-d日")),
                        waitlist_place(locale, r.waitlist_position),
                        "席が空きしだい、お申し込み順に自動で参加が確定し、受付コードをメールでお送りします。".to_owned(),
                    ],
                ),
                (Kind::RegistrationWaitlisted, Locale::En) => (
                    format!("On the waitlist: {} ({})", r.event_name, r.starts_on.format("%-d %b %Y")),
                    vec![
                        format!("{} ({}, {}) is full: you are on its waitlist.", r.event_name, r.event_city, r.starts_on.format("%-d %b %Y")),
                        waitlist_place(locale, r.waitlist_position),
                        "When a seat frees, the waitlist is confirmed in the order of registration, and we send you your check-in code.".to_owned(),
                    ],
                ),
                (Kind::RegistrationPromoted, Locale::Ja) => (
                    format!("【参加確定】{}（{}）", r.event_name, r.starts_on.format("%Y年%-m月%-d日")),
                    vec![format!("席が空いたため、キャンセル待ちだった{}（{}、{}）への参加が確定しました。", r.event_name, r.event_city, r.starts_on.format("%Y年%-m月%-d日"))],
                ),
                (Kind::RegistrationPromoted, Locale::En) => (
                    format!("A seat for you: {} ({})", r.event_name, r.starts_on.format("%-d %b %Y")),
                    vec![format!("A seat has freed: your registration for {} ({}, {}) has moved from the waitlist and is confirmed.", r.event_name, r.event_city, r.starts_on.format("%-d %b %Y"))],
                ),
                _ => return Err(mismatch("not a registration message")),
            };
            lines.extend(check_in_lines(locale, r, context.base_url.as_deref()));
            (subject, lines)
        }
        Facts::Survey(survey) => {
            survey_mail(kind, locale, survey).ok_or_else(|| mismatch("not a survey message"))?
        }
        Facts::Brief(brief) => brief_mail(kind, locale, brief, context.base_url.as_deref())
            .ok_or_else(|| mismatch("not a brief message"))?,
    };
    if let (Some(base), Facts::Meeting(meeting)) = (&context.base_url, facts) {
        let base = base.trim_end_matches('/');
        paragraphs.push(match locale {
            Locale::Ja => format!("詳細: {base}/api/v1/meetings/{}", meeting.meeting_id),
            Locale::En => format!("Details: {base}/api/v1/meetings/{}", meeting.meeting_id),
        });
    }
    if let Some(link) = unsubscribe {
        paragraphs.push(match locale {
            Locale::Ja => format!("この種類のメールの配信停止: {link}"),
            Locale::En => format!("Stop mails of this kind: {link}"),
        });
    }
    paragraphs.push(match locale {
        Locale::Ja => "相模原グローバルマッチング（相模原市 海外展開支援）".to_owned(),
        Locale::En => {
            "Sagamihara Global Matching (City of Sagamihara, global expansion programme)".to_owned()
        }
    });
    let invitation = match facts {
        Facts::Meeting(meeting) => invitation(kind, meeting, context),
        _ => None,
    };
    Ok(Rendered {
        text: paragraphs.join("\n\n") + "\n",
        html: html(&subject, &paragraphs),
        subject,
        invitation,
    })
}

/// Where the meeting takes place: online by its link, or at a table of the fair.
fn where_line(locale: Locale, m: &MeetingFacts) -> String {
    let table = m.table_label.as_deref().unwrap_or("-");
    match (&m.join_url, locale) {
        (Some(link), Locale::Ja) => format!("オンライン: {link}"),
        (Some(link), Locale::En) => format!("Online: {link}"),
        (None, Locale::Ja) => format!("会場: {}、テーブル {table}", m.event_city),
        (None, Locale::En) => format!("Where: {}, table {table}", m.event_city),
    }
}

fn meeting_mail(kind: Kind, locale: Locale, m: &MeetingFacts) -> Option<(String, Vec<String>)> {
    let event = &m.event_name;
    let buyer = format!("{} ({})", m.buyer_name, m.buyer_country);
    let company_ja = &m.company_name_ja;
    let company_en = &m.company_name_en;
    let when = m.slot.map(|slot| when(locale, slot, &m.time_zone));
    let note = m.note.as_deref().filter(|n| !n.trim().is_empty());
    let mut lines = match (kind, locale) {
        (Kind::MeetingRequested, Locale::Ja) => vec![
            format!("【商談依頼】{buyer}より{event}での商談依頼が届きました"),
            format!("{company_ja} ご担当者様"),
            format!("海外バイヤー {buyer} から、{event}（{}）での商談の依頼が届きました。", m.event_city),
            "承諾または辞退をご回答ください。".to_owned(),
        ],
        (Kind::MeetingRequested, Locale::En) => vec![
            format!("Meeting request from {buyer} at {event}"),
            format!("{buyer} asks {company_en} for a meeting at {event} ({}).", m.event_city),
            "Please accept or decline the request.".to_owned(),
        ],
        (Kind::MeetingProposed, Locale::Ja) => vec![
            format!("【商談提案】{company_ja}より{event}での商談の提案が届きました"),
            format!("{} ご担当者様", m.buyer_name),
            format!("相模原の企業 {company_ja}（{company_en}）から、{event}（{}）での商談の提案が届きました。", m.event_city),
            "承諾または辞退をご回答ください。".to_owned(),
        ],
        (Kind::MeetingProposed, Locale::En) => vec![
            format!("Meeting proposal from {company_en} at {event}"),
            format!("{company_en} ({company_ja}), a Sagamihara manufacturer, proposes a meeting with {buyer} at {event} ({}).", m.event_city),
            "Please accept or decline the proposal.".to_owned(),
        ],
        (Kind::MeetingAccepted, Locale::Ja) if m.proposal => vec![
            format!("【提案承諾】{buyer}が{event}での商談の提案を承諾しました"),
            format!("海外バイヤー {buyer} が、{company_ja}からの{event}での商談の提案を承諾しました。時間と席は支援窓口が決めてお知らせします。"),
        ],
        (Kind::MeetingAccepted, Locale::En) if m.proposal => vec![
            format!("{buyer} accepted your meeting proposal at {event}"),
            format!("{buyer} accepted {company_en}'s proposal for a meeting at {event}. The support desk will schedule the time and table and let you know."),
        ],
        (Kind::MeetingDeclined, Locale::Ja) if m.proposal => vec![
            format!("【提案辞退】{buyer}は{event}での商談の提案を辞退しました"),
            format!("海外バイヤー {buyer} は、{company_ja}からの{event}での商談の提案を辞退しました。"),
        ],
        (Kind::MeetingDeclined, Locale::En) if m.proposal => vec![
            format!("{buyer} declined your meeting proposal at {event}"),
            format!("{buyer} declined {company_en}'s proposal for a meeting at {event}."),
        ],
        (Kind::MeetingWithdrawn, Locale::Ja) if m.proposal => vec![
            format!("【提案取下げ】{company_ja}が{event}での商談の提案を取り下げました"),
            format!("{company_ja}（{company_en}）は、{event}での{buyer}との商談の提案を取り下げました。"),
        ],
        (Kind::MeetingWithdrawn, Locale::En) if m.proposal => vec![
            format!("{company_en} withdrew its meeting proposal at {event}"),
            format!("{company_en} withdrew its proposal for a meeting with {buyer} at {event}."),
        ],
        (Kind::MeetingAccepted, Locale::Ja) => vec![
            format!("【商談承諾】{company_ja}が{event}での商談を承諾しました"),
            format!("{company_ja}（{company_en}）が、{event}での商談の依頼を承諾しました。時間と席は支援窓口が決めてお知らせします。"),
        ],
        (Kind::MeetingAccepted, Locale::En) => vec![
            format!("{company_en} accepted your meeting request at {event}"),
            format!("{company_en} ({company_ja}) accepted your request for a meeting at {event}. The support desk will schedule the time and table and let you know."),
        ],
        (Kind::MeetingDeclined, Locale::Ja) => vec![
            format!("【商談辞退】{company_ja}は{event}での商談を辞退しました"),
            format!("{company_ja}（{company_en}）は、{event}での商談の依頼を辞退しました。"),
        ],
        (Kind::MeetingDeclined, Locale::En) => vec![
            format!("{company_en} declined your meeting request at {event}"),
            format!("{company_en} ({company_ja}) declined your request for a meeting at {event}."),
        ],
        (Kind::MeetingWithdrawn, Locale::Ja) => vec![
            format!("【依頼取下げ】{buyer}が{event}での商談依頼を取り下げました"),
            format!("海外バイヤー {buyer} は、{event}での{company_ja}との商談の依頼を取り下げました。"),
        ],
        (Kind::MeetingWithdrawn, Locale::En) => vec![
            format!("{buyer} withdrew its meeting request at {event}"),
            format!("{buyer} withdrew its request for a meeting with {company_en} at {event}."),
        ],
        (Kind::MeetingScheduled, Locale::Ja) => vec![
            format!("【商談確定】{event}: {company_ja} × {}", m.buyer_name),
            format!("{event}での{company_ja}と{buyer}の商談が決まりました。"),
            format!("日時: {}", when.clone()?),
            where_line(Locale::Ja, m),
        ],
        (Kind::MeetingScheduled, Locale::En) => vec![
            format!("Meeting scheduled at {event}: {company_en} × {}", m.buyer_name),
            format!("The meeting of {company_en} and {buyer} at {event} is scheduled."),
            format!("When: {}", when.clone()?),
            where_line(Locale::En, m),
        ],
        (Kind::MeetingMoved, Locale::Ja) => vec![
            format!("【日時変更】{event}: {company_ja} × {}", m.buyer_name),
            format!("{event}での{company_ja}と{buyer}の商談の日時または席が変更されました。"),
            format!("新しい日時: {}", when.clone()?),
            where_line(Locale::Ja, m),
        ],
        (Kind::MeetingMoved, Locale::En) => vec![
            format!("Meeting moved at {event}: {company_en} × {}", m.buyer_name),
            format!("The meeting of {company_en} and {buyer} at {event} has a new time or table."),
            format!("New time: {}", when.clone()?),
            where_line(Locale::En, m),
        ],
        (Kind::MeetingCancelled, Locale::Ja) => vec![
            format!("【商談中止】{event}: {company_ja} × {}", m.buyer_name),
            format!("{event}での{company_ja}と{buyer}の商談は中止になりました。"),
        ],
        (Kind::MeetingCancelled, Locale::En) => vec![
            format!("Meeting cancelled at {event}: {company_en} × {}", m.buyer_name),
            format!("The meeting of {company_en} and {buyer} at {event} is cancelled."),
        ],
        (Kind::MeetingHeld, Locale::Ja) => vec![
            format!("【商談実施】{event}: {company_ja} × {}", m.buyer_name),
            format!("{event}での{company_ja}と{buyer}の商談が実施されたことを記録しました。"),
            "その後の商談の状況（成約見込み・成約・終了）をご報告ください。市の成果指標（商談成約率）になります。".to_owned(),
        ],
        (Kind::MeetingHeld, Locale::En) => vec![
            format!("Meeting held at {event}: {company_en} × {}", m.buyer_name),
            format!("The meeting of {company_en} and {buyer} at {event} is recorded as held."),
            "Please report how the negotiation goes (prospect, won, lost): it is what the programme's close rate is made of.".to_owned(),
        ],
        (Kind::MeetingReminderDay, Locale::Ja) => vec![
            format!("【明日の商談】{event}: {company_ja} × {}", m.buyer_name),
            format!("明日、{event}で{company_ja}と{buyer}の商談があります。"),
            format!("日時: {}", when.clone()?),
            where_line(Locale::Ja, m),
        ],
        (Kind::MeetingReminderDay, Locale::En) => vec![
            format!("Tomorrow at {event}: {company_en} × {}", m.buyer_name),
            format!("Your meeting of {company_en} and {buyer} at {event} is tomorrow."),
            format!("When: {}", when.clone()?),
            where_line(Locale::En, m),
        ],
        (Kind::MeetingReminderHour, Locale::Ja) => vec![
            format!("【1時間後の商談】{event}: {company_ja} × {}", m.buyer_name),
            format!("1時間後に{event}で{company_ja}と{buyer}の商談があります。"),
            format!("日時: {}", when.clone()?),
            where_line(Locale::Ja, m),
        ],
        (Kind::MeetingReminderHour, Locale::En) => vec![
            format!("In one hour at {event}: {company_en} × {}", m.buyer_name),
            format!("Your meeting of {company_en} and {buyer} at {event} starts in one hour."),
            format!("When: {}", when.clone()?),
            where_line(Locale::En, m),
        ],
        _ => return None,
    };
    if let Some(note) = note {
        lines.push(match locale {
            Locale::Ja => format!("メモ: {note}"),
            Locale::En => format!("Note: {note}"),
        });
    }
    let subject = lines.remove(0);
    Some((subject, lines))
}

/// A slot on the fair's clock with its zone's name, and in Japan time beside.
pub fn when(locale: Locale, slot: Slot, time_zone: &str) -> String {
    let zone: Tz = time_zone.parse().unwrap_or(chrono_tz::UTC);
    let start = Utc.from_utc_datetime(&slot.starts_at).with_timezone(&zone);
    let end = Utc.from_utc_datetime(&slot.ends_at).with_timezone(&zone);
    let start_jst = slot.starts_at + japan::OFFSET;
    let end_jst = slot.ends_at + japan::OFFSET;
    let weekday = start.weekday().num_days_from_monday() as usize;
    match locale {
        Locale::Ja => format!(
            "{}年{}月{}日({}) {}〜{} 現地時間（{}）／日本時間 {}〜{}",
            start.year(),
            start.month(),
            start.day(),
            ["月", "火", "水", "木", "金", "土", "日"][weekday % 7],
            start.format("%H:%M"),
            end.format("%H:%M"),
            zone.name(),
            clock(start_jst),
            clock(end_jst),
        ),
        Locale::En => format!(
            "{} {}–{} local time ({}); {}–{} in Japan (JST)",
            start.format("%a %-d %b %Y,"),
            start.format("%H:%M"),
            end.format("%H:%M"),
            zone.name(),
            clock(start_jst),
            clock(end_jst),
        ),
    }
}

/// A status or side as the API spells it, in words of `locale`.
fn status_word(locale: Locale, status: &str) -> String {
    let ja = match status {
        "open" => "継続中",
        "prospect" => "成約見込み",
        "won" => "成約",
        "lost" => "不成約",
        "company" => "企業",
        "buyer" => "バイヤー",
        "applied" => "応募",
        "interviewing" => "面接中",
        "offered" => "内定",
        "hired" => "採用",
        "rejected" => "不採用",
        "withdrawn" => "辞退",
        other => other,
    };
    match locale {
        Locale::Ja => ja.to_owned(),
        Locale::En => status.replace('_', " "),
    }
}

fn clock(time: NaiveDateTime) -> String {
    time.format("%H:%M").to_string()
}

/// The paragraphs as a small HTML document; every value in them is escaped.
fn html(subject: &str, paragraphs: &[String]) -> String {
    let mut body = String::new();
    for paragraph in paragraphs {
        body.push_str("<p>");
        body.push_str(&escape(paragraph));
        body.push_str("</p>\n");
    }
    format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{}</title></head>\n<body>\n{body}</body></html>\n",
        escape(subject)
    )
}

/// HTML text escaping: the five characters with a meaning in markup. (No crate is taken for
/// five replacements.)
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests;
