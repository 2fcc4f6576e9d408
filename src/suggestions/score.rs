//! Explainable suggestions: why a company and a buyer might want to meet, each reason with
//! its weight, and the score they add up to. Pure over the facts `store` loads; the same
//! facts give the same ranking.
//!
//! | reason | weight |
//! |---|---|
//! | a capability category the buyer is interested in | 3 each |
//! | a capability tag among the buyer's interest tags | 2 each |
//! | an interest tag found in a capability's text (not already a tag) | 1 each |
//! | a language in common | 2 |
//! | no language in common, but an interpreter of the fair bridges one | 1 |
//! | the company has exported to the buyer's country | 2 |
//! | an earlier meeting of the two: won 3, open or prospect 1, lost −2 | |
//!
//! Wishes are never a reason: a suggestion must not reveal what the other side wished.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use utoipa::ToSchema;

use crate::negotiations::NegotiationStatus;

/// What is known of a buyer organisation for scoring. Tags and text are lowercase.
#[derive(Debug, Clone, Default)]
pub struct BuyerFacts {
    pub id: String,
    pub country: String,
    pub categories: Vec<String>,
    pub tags: Vec<String>,
    pub languages: Vec<String>,
}

/// A published capability: its category, tags and title/description text, lowercase.
#[derive(Debug, Clone, Default)]
pub struct CapabilityFacts {
    pub id: String,
    pub category: String,
    pub tags: Vec<String>,
    pub text: String,
}

/// What is known of an exhibiting company for scoring.
#[derive(Debug, Clone, Default)]
pub struct CompanyFacts {
    pub id: String,
    pub export_countries: Vec<String>,
    pub languages: Vec<String>,
    pub capabilities: Vec<CapabilityFacts>,
}

/// The fair around a pair: the language pairs its interpreters bridge (each pair in
/// alphabetical order) and earlier held meetings' outcomes by `(company, buyer)`.
#[derive(Debug, Clone, Default)]
pub struct Surroundings {
    pub interpreted: BTreeSet<(String, String)>,
    pub earlier: BTreeMap<(String, String), Vec<Option<NegotiationStatus>>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReasonCode {
    CategoryOverlap,
    TagOverlap,
    TextMatch,
    CommonLanguage,
    InterpreterAvailable,
    ExportExperience,
    EarlierMeeting,
}

/// One reason for a suggestion and what it adds to the score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Reason {
    pub code: ReasonCode,
    pub weight: i32,
    /// What matched: the category, tag, language, country or earlier outcome.
    pub detail: String,
}

/// A pair's score, its reasons (in table order), and the capabilities that matched.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scored {
    pub score: i32,
    pub reasons: Vec<Reason>,
    pub capability_ids: Vec<String>,
}

fn reason(code: ReasonCode, weight: i32, detail: impl Into<String>) -> Reason {
    Reason {
        code,
        weight,
        detail: detail.into(),
    }
}

/// Why `company` and `buyer` might meet.
pub fn score(company: &CompanyFacts, buyer: &BuyerFacts, around: &Surroundings) -> Scored {
    let mut reasons = Vec::new();
    let mut matched = BTreeSet::new();
    let mut categories = BTreeSet::new();
    let mut tags = BTreeSet::new();
    let mut texts = BTreeSet::new();
    for capability in &company.capabilities {
        if buyer.categories.contains(&capability.category) {
            categories.insert(capability.category.clone());
            matched.insert(capability.id.clone());
        }
        for tag in &buyer.tags {
            if capability.tags.contains(tag) {
                tags.insert(tag.clone());
                matched.insert(capability.id.clone());
            } else if capability.text.contains(tag.as_str()) {
                texts.insert(tag.clone());
                matched.insert(capability.id.clone());
            }
        }
    }
    reasons.extend(
        categories
            .into_iter()
            .map(|c| reason(ReasonCode::CategoryOverlap, 3, c)),
    );
    reasons.extend(
        tags.iter()
            .map(|t| reason(ReasonCode::TagOverlap, 2, t.clone())),
    );
    reasons.extend(
        texts
            .into_iter()
            .filter(|t| !tags.contains(t))
            .map(|t| reason(ReasonCode::TextMatch, 1, t)),
    );
    let common: Vec<&String> = company
        .languages
        .iter()
        .filter(|l| buyer.languages.contains(l))
        .collect();
    if let Some(language) = common.first() {
        reasons.push(reason(ReasonCode::CommonLanguage, 2, language.as_str()));
    } else if let Some((a, b)) = bridged(&company.languages, &buyer.languages, around) {
        reasons.push(reason(
            ReasonCode::InterpreterAvailable,
            1,
            format!("{a}–{b}"),
        ));
    }
    if company.export_countries.contains(&buyer.country) {
        reasons.push(reason(
            ReasonCode::ExportExperience,
            2,
            buyer.country.clone(),
        ));
    }
    let pair = (company.id.clone(), buyer.id.clone());
    for outcome in around.earlier.get(&pair).into_iter().flatten() {
        let outcome = outcome.unwrap_or(NegotiationStatus::Open);
        let weight = match outcome {
            NegotiationStatus::Won => 3,
            NegotiationStatus::Lost => -2,
            NegotiationStatus::Prospect | NegotiationStatus::Open => 1,
        };
        let detail: &'static str = outcome.into();
        reasons.push(reason(ReasonCode::EarlierMeeting, weight, detail));
    }
    Scored {
        score: reasons.iter().map(|r| r.weight).sum(),
        reasons,
        capability_ids: matched.into_iter().collect(),
    }
}

/// The first language pair of the two sides an interpreter of the fair bridges.
fn bridged<'a>(
    company: &'a [String],
    buyer: &'a [String],
    around: &Surroundings,
) -> Option<(&'a str, &'a str)> {
    company.iter().find_map(|c| {
        buyer.iter().find_map(|b| {
            let pair = if c < b {
                (c.clone(), b.clone())
            } else {
                (b.clone(), c.clone())
            };
            around
                .interpreted
                .contains(&pair)
                .then_some((c.as_str(), b.as_str()))
        })
    })
}

/// Scored candidates, best first: score, then id; only those with a positive score.
pub fn rank<T>(mut scored: Vec<(String, Scored, T)>) -> Vec<(String, Scored, T)> {
    scored.retain(|(_, s, _)| s.score > 0);
    scored.sort_by(|(a, x, _), (b, y, _)| y.score.cmp(&x.score).then_with(|| a.cmp(b)));
    scored
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }

    fn buyer() -> BuyerFacts {
        BuyerFacts {
            id: "b".into(),
            country: "TH".into(),
            categories: strings(&["machining"]),
            tags: strings(&["aluminium", "anodizing"]),
            languages: strings(&["th", "en"]),
        }
    }

    fn company() -> CompanyFacts {
        CompanyFacts {
            id: "c".into(),
            export_countries: strings(&["TH"]),
            languages: strings(&["ja", "en"]),
            capabilities: vec![CapabilityFacts {
                id: "cap".into(),
                category: "machining".into(),
                tags: strings(&["aluminium"]),
                text: "5-axis machining with anodizing".into(),
            }],
        }
    }

    #[test]
    fn every_reason_is_given_with_its_weight_and_they_add_up() {
        let scored = score(&company(), &buyer(), &Surroundings::default());
        let codes: Vec<_> = scored.reasons.iter().map(|r| (r.code, r.weight)).collect();
        assert_eq!(
            codes,
            [
                (ReasonCode::CategoryOverlap, 3),
                (ReasonCode::TagOverlap, 2),
                (ReasonCode::TextMatch, 1),
                (ReasonCode::CommonLanguage, 2),
                (ReasonCode::ExportExperience, 2),
            ]
        );
        assert_eq!(scored.score, 10);
        assert_eq!(scored.capability_ids, ["cap"]);
    }

    #[test]
    fn without_a_common_language_an_interpreter_of_the_fair_counts() {
        let mut buyer = buyer();
        buyer.languages = strings(&["th"]);
        let none = score(&company(), &buyer, &Surroundings::default());
        assert!(none
            .reasons
            .iter()
            .all(|r| r.code != ReasonCode::CommonLanguage
                && r.code != ReasonCode::InterpreterAvailable));
        let around = Surroundings {
            interpreted: [("ja".to_owned(), "th".to_owned())].into(),
            ..Surroundings::default()
        };
        let bridged = score(&company(), &buyer, &around);
        assert!(bridged
            .reasons
            .contains(&reason(ReasonCode::InterpreterAvailable, 1, "ja–th")));
        assert_eq!(bridged.score, none.score + 1);
    }

    #[test]
    fn an_earlier_meeting_counts_by_its_outcome() {
        let mut around = Surroundings::default();
        around.earlier.insert(
            ("c".into(), "b".into()),
            vec![Some(NegotiationStatus::Won), Some(NegotiationStatus::Lost)],
        );
        let base = score(&company(), &buyer(), &Surroundings::default()).score;
        assert_eq!(score(&company(), &buyer(), &around).score, base + 3 - 2);
    }

    #[test]
    fn ranking_is_by_score_then_id_and_drops_pairs_with_nothing_in_common() {
        let with = |score| Scored {
            score,
            ..Scored::default()
        };
        let ranked = rank(vec![
            ("b".to_owned(), with(3), ()),
            ("a".to_owned(), with(3), ()),
            ("c".to_owned(), with(5), ()),
            ("d".to_owned(), with(0), ()),
        ]);
        let ids: Vec<_> = ranked.iter().map(|(id, _, _)| id.as_str()).collect();
        assert_eq!(ids, ["c", "a", "b"]);
    }
}
