//! Suggestions at a fair, both ways: the registered buyers for a company, the exhibitors
//! (and their capabilities) for a buyer. Loads the facts, scores every pair with
//! [`score`](super::score), ranks them.

use std::collections::{BTreeMap, BTreeSet};

use super::score::{self, BuyerFacts, CapabilityFacts, CompanyFacts, Reason, Surroundings};
use super::store::{self, BuyerProfile, CapabilityText, ExhibitorFacts};
use crate::db::{decode_list, parse_id, DbConn};
use crate::error::ApiError;
use crate::events::store as events_store;
use crate::matching::preferences::{self, Party};
use crate::negotiations::NegotiationStatus;
use crate::search_terms;

/// A capability that made a suggestion.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct MatchedCapability {
    pub id: uuid::Uuid,
    pub title_ja: String,
    pub title_en: String,
}

/// One suggestion: a counterpart, its score and why.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct MatchView {
    /// The buyer organisation (for a company) or the company (for a buyer).
    pub counterpart_id: uuid::Uuid,
    /// The buyer's name, or the company's English name.
    pub name: String,
    /// The company's Japanese name (suggestions for a buyer).
    pub name_ja: Option<String>,
    /// The buyer's country (suggestions for a company).
    pub country: Option<String>,
    pub score: i32,
    /// Every reason with its weight; they add up to `score`.
    pub reasons: Vec<Reason>,
    /// The company's capabilities that matched (suggestions for a buyer).
    pub capabilities: Vec<MatchedCapability>,
}

fn lower(list: Vec<String>) -> Vec<String> {
    list.into_iter()
        .map(|s| search_terms::normalize(&s))
        .collect()
}

fn buyer_facts(row: &BuyerProfile) -> Result<BuyerFacts, ApiError> {
    Ok(BuyerFacts {
        id: row.id.clone(),
        country: row.country.clone(),
        categories: decode_list(&row.interest_categories)?,
        tags: lower(decode_list(&row.interest_tags)?),
        languages: decode_list(&row.languages)?,
    })
}

fn company_facts(
    row: &ExhibitorFacts,
    capabilities: &[&CapabilityText],
) -> Result<CompanyFacts, ApiError> {
    Ok(CompanyFacts {
        id: row.id.clone(),
        export_countries: decode_list(&row.export_countries)?,
        languages: decode_list(&row.languages)?,
        capabilities: capabilities
            .iter()
            .map(|c| {
                Ok(CapabilityFacts {
                    id: c.id.clone(),
                    category: c.category.clone(),
                    tags: lower(decode_list(&c.tags)?),
                    text: search_terms::normalize(&format!(
                        "{} {} {} {}",
                        c.title_ja, c.title_en, c.description_ja, c.description_en
                    )),
                })
            })
            .collect::<Result<_, ApiError>>()?,
    })
}

/// The fair's interpreter language pairs and the earlier meetings of the party.
fn surroundings(conn: &mut DbConn, event_id: &str, party: Party) -> Result<Surroundings, ApiError> {
    let mut interpreted = BTreeSet::new();
    for row in events_store::list_interpreters(conn, event_id)? {
        let languages = decode_list(&row.languages)?;
        for (i, a) in languages.iter().enumerate() {
            for b in languages.iter().skip(i + 1) {
                let pair = if a < b { (a, b) } else { (b, a) };
                interpreted.insert((pair.0.clone(), pair.1.clone()));
            }
        }
    }
    let mut earlier: BTreeMap<(String, String), Vec<Option<NegotiationStatus>>> = BTreeMap::new();
    for m in store::earlier_meetings(conn, event_id, party)? {
        earlier
            .entry((m.company_id, m.buyer_id))
            .or_default()
            .push(m.outcome);
    }
    Ok(Surroundings {
        interpreted,
        earlier,
    })
}

/// The ranked suggestions for `party` at the fair, at most `limit`.
pub fn suggestions(
    conn: &mut DbConn,
    event_id: &str,
    party: Party,
    limit: usize,
) -> Result<Vec<MatchView>, ApiError> {
    preferences::fair_of(conn, event_id, party)?;
    let party_id = party.id().to_string();
    let (exhibitors, buyers) = match party {
        Party::Company(_) => (
            store::exhibitor_facts(conn, event_id, Some(&party_id))?,
            store::registered_buyer_profiles(conn, event_id)?,
        ),
        Party::Buyer(_) => (
            store::exhibitor_facts(conn, event_id, None)?,
            vec![store::buyer_profile(conn, &party_id)?],
        ),
    };
    let company_ids: Vec<String> = exhibitors.iter().map(|e| e.id.clone()).collect();
    let capabilities = store::published_capabilities(conn, company_ids)?;
    let around = surroundings(conn, event_id, party)?;
    let by_id: BTreeMap<&str, &CapabilityText> =
        capabilities.iter().map(|c| (c.id.as_str(), c)).collect();
    let mut by_company: BTreeMap<&str, Vec<&CapabilityText>> = BTreeMap::new();
    for capability in &capabilities {
        by_company
            .entry(capability.company_id.as_str())
            .or_default()
            .push(capability);
    }
    let buyer_facts: Vec<BuyerFacts> = buyers.iter().map(buyer_facts).collect::<Result<_, _>>()?;
    let mut scored = Vec::new();
    for exhibitor in &exhibitors {
        let own = by_company
            .get(exhibitor.id.as_str())
            .map_or(&[][..], Vec::as_slice);
        let company = company_facts(exhibitor, own)?;
        for (buyer, facts) in buyers.iter().zip(&buyer_facts) {
            let result = score::score(&company, facts, &around);
            let key = match party {
                Party::Company(_) => buyer.id.clone(),
                Party::Buyer(_) => exhibitor.id.clone(),
            };
            scored.push((key, result, (exhibitor, buyer)));
        }
    }
    score::rank(scored)
        .into_iter()
        .take(limit)
        .map(|(key, result, (exhibitor, buyer))| {
            let for_company = matches!(party, Party::Company(_));
            Ok(MatchView {
                counterpart_id: parse_id(&key)?,
                name: if for_company {
                    buyer.name.clone()
                } else {
                    exhibitor.name_en.clone()
                },
                name_ja: (!for_company).then(|| exhibitor.name_ja.clone()),
                country: for_company.then(|| buyer.country.clone()),
                score: result.score,
                reasons: result.reasons,
                capabilities: if for_company {
                    Vec::new()
                } else {
                    result
                        .capability_ids
                        .iter()
                        .filter_map(|id| by_id.get(id.as_str()))
                        .map(|c| {
                            Ok(MatchedCapability {
                                id: parse_id(&c.id)?,
                                title_ja: c.title_ja.clone(),
                                title_en: c.title_en.clone(),
                            })
                        })
                        .collect::<Result<_, ApiError>>()?
                },
            })
        })
        .collect()
}
