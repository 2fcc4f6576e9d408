//! How capabilities are ranked for a buyer from its interests: the score and its reasons.
//! Pure; `store::recommendation_candidates` finds what to score.

use crate::db::search::SearchDocuments;
use crate::search_terms;

/// A buyer's interests as the index compares them: categories as stored, normalised tags.
#[derive(Debug, Clone, Default)]
pub struct Wanted {
    pub categories: Vec<String>,
    pub tags: Vec<String>,
}

/// What a capability offers to the comparison: its category, its tags, its indexed text.
#[derive(Debug, Clone, Copy)]
pub struct Offered<'a> {
    pub category: &'a str,
    pub tags: &'a [String],
    pub documents: &'a SearchDocuments,
}

/// A capability's fit: higher is better; each reason says what matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fit {
    pub score: i32,
    pub reasons: Vec<String>,
}

/// 3 for the category, 2 per interest tag the capability carries, 1 per interest found only
/// in its text ("aluminium" in a description counts). `None` when nothing matched.
pub fn fit(wanted: &Wanted, offered: Offered<'_>) -> Option<Fit> {
    let mut score = 0;
    let mut reasons = Vec::new();
    if wanted.categories.iter().any(|c| c == offered.category) {
        score += 3;
        reasons.push(format!("category: {}", offered.category));
    }
    for tag in &wanted.tags {
        if offered.tags.contains(tag) {
            score += 2;
            reasons.push(format!("tag: {tag}"));
        } else if offered.documents.match_all(&search_terms::query_terms(tag)) {
            score += 1;
            reasons.push(format!("text: {tag}"));
        }
    }
    (score > 0).then_some(Fit { score, reasons })
}

/// Best first; equal scores in id order, so the same data gives the same answer. At most
/// `limit`.
pub fn best<T>(mut scored: Vec<(Fit, String, T)>, limit: usize) -> Vec<(Fit, T)> {
    scored.sort_by(|a, b| b.0.score.cmp(&a.0.score).then_with(|| a.1.cmp(&b.1)));
    scored
        .into_iter()
        .take(limit)
        .map(|(fit, _, item)| (fit, item))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn documents(primary: &str, secondary: &str) -> SearchDocuments {
        SearchDocuments {
            primary: search_terms::document([primary]),
            secondary: search_terms::document([secondary]),
        }
    }

    fn wanted(categories: &[&str], tags: &[&str]) -> Wanted {
        Wanted {
            categories: categories.iter().map(|c| c.to_string()).collect(),
            tags: tags.iter().map(|t| t.to_string()).collect(),
        }
    }

    #[test]
    fn the_category_counts_three_a_tag_two_and_text_one() {
        let docs = documents("Precision milling", "We mill aluminium housings");
        let tags = vec!["cnc".to_owned()];
        let offered = Offered {
            category: "machining",
            tags: &tags,
            documents: &docs,
        };
        let fit = fit(
            &wanted(&["machining"], &["cnc", "aluminium", "glass"]),
            offered,
        )
        .unwrap();
        assert_eq!(fit.score, 6);
        assert_eq!(
            fit.reasons,
            ["category: machining", "tag: cnc", "text: aluminium"]
        );
    }

    #[test]
    fn a_capability_matching_nothing_is_not_recommended() {
        let docs = documents("Plastic moulds", "Injection moulding");
        let offered = Offered {
            category: "plastics",
            tags: &[],
            documents: &docs,
        };
        assert_eq!(fit(&wanted(&["machining"], &["cnc"]), offered), None);
    }

    #[test]
    fn best_first_and_ties_in_id_order() {
        let fit_of = |score| Fit {
            score,
            reasons: Vec::new(),
        };
        let scored = vec![
            (fit_of(1), "c".to_owned(), "c"),
            (fit_of(3), "b".to_owned(), "b"),
            (fit_of(3), "a".to_owned(), "a"),
            (fit_of(2), "d".to_owned(), "d"),
        ];
        let order: Vec<&str> = best(scored, 3).into_iter().map(|(_, id)| id).collect();
        assert_eq!(order, ["a", "b", "d"]);
    }
}
