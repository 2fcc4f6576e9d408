//! Text normalisation for catalogue search, shared by indexing and querying.
//!
//! Japanese words are often two characters (精密, 板金, 溶接), which trigram indexes cannot
//! serve, and users type full-width `ＣＮＣ` or half-width `ｾｲﾐﾂ` as often as `CNC` and
//! `セイミツ`. So, as Lucene's CJK bigram filter does: normalise (NFKC, lower case), keep
//! runs of other letters and digits as words, and split runs of Japanese script into
//! overlapping bigrams, plus the run's last character on its own so that a one-character
//! query still finds it by prefix. Each backend's full-text engine indexes the resulting
//! space-separated terms (`src/db/search/`); queries go through the same function, and
//! every query term matches as a prefix.

use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

/// Han ideographs, kana (with the prolonged sound mark) and the iteration mark.
fn is_japanese(c: char) -> bool {
    matches!(c,
        '\u{3005}'                  // 々
        | '\u{3040}'..='\u{309F}'   // hiragana
        | '\u{30A0}'..='\u{30FF}'   // katakana, including ー
        | '\u{3400}'..='\u{4DBF}'   // CJK extension A
        | '\u{4E00}'..='\u{9FFF}'   // CJK unified ideographs
        | '\u{F900}'..='\u{FAFF}'   // compatibility ideographs
    )
}

/// NFKC and lower case: `ＣＮＣ` → `cnc`, `ｾｲﾐﾂ` → `セイミツ`.
///
/// Most text is already in NFKC (ASCII always is), and composing it again is most of the
/// cost of scoring a fair's suggestions, which normalises every capability's description on
/// each request; so text the quick check finds normalised is only lowered. Same result.
pub fn normalize(text: &str) -> String {
    if text.is_ascii() {
        text.to_ascii_lowercase()
    } else if is_nfkc_quick(text.chars()) == IsNormalized::Yes {
        text.chars().flat_map(char::to_lowercase).collect()
    } else {
        text.nfkc().flat_map(char::to_lowercase).collect()
    }
}

/// The index terms of `text`, in order.
pub fn terms(text: &str) -> Vec<String> {
    let normalized = normalize(text);
    let mut terms = Vec::new();
    let mut word = String::new();
    let mut run: Vec<char> = Vec::new();
    let flush_word = |word: &mut String, terms: &mut Vec<String>| {
        if !word.is_empty() {
            terms.push(std::mem::take(word));
        }
    };
    let flush_run = |run: &mut Vec<char>, terms: &mut Vec<String>| {
        for pair in run.windows(2) {
            terms.push(pair.iter().collect());
        }
        if let Some(last) = run.last() {
            terms.push(last.to_string());
        }
        run.clear();
    };
    for c in normalized.chars() {
        if is_japanese(c) {
            flush_word(&mut word, &mut terms);
            run.push(c);
        } else if c.is_alphanumeric() {
            flush_run(&mut run, &mut terms);
            word.push(c);
        } else {
            flush_word(&mut word, &mut terms);
            flush_run(&mut run, &mut terms);
        }
    }
    flush_word(&mut word, &mut terms);
    flush_run(&mut run, &mut terms);
    terms
}

/// The text a search column stores: every term of every part, space separated.
pub fn document<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    parts
        .into_iter()
        .flat_map(terms)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The terms a query must all match (as prefixes). A Japanese run's trailing single
/// character is dropped when the run has a bigram, since the bigram already requires it.
pub fn query_terms(query: &str) -> Vec<String> {
    let normalized = normalize(query);
    let mut out: Vec<String> = Vec::new();
    let mut previous_bigram_ends_with: Option<char> = None;
    for term in terms(&normalized) {
        let mut chars = term.chars();
        let single = match (chars.next(), chars.next()) {
            (Some(c), None) if is_japanese(c) => Some(c),
            _ => None,
        };
        if single.is_some() && single == previous_bigram_ends_with {
            continue;
        }
        previous_bigram_ends_with = term
            .chars()
            .last()
            .filter(|c| is_japanese(*c) && term.chars().count() == 2);
        if !out.contains(&term) {
            out.push(term);
        }
    }
    out
}

/// Whether a query term can only match an index term equal to it: a Japanese bigram, since
/// no Japanese index term is longer than two characters. The index need not then look for
/// longer terms that begin with it, as it must for a Latin word or a single character.
pub fn is_whole_term(term: &str) -> bool {
    let mut chars = term.chars();
    matches!(
        (chars.next(), chars.next(), chars.next()),
        (Some(a), Some(b), None) if is_japanese(a) && is_japanese(b)
    )
}

/// Normalises a tag as stored and compared: trimmed, NFKC, lower case, inner spaces single.
pub fn normalize_tag(tag: &str) -> String {
    normalize(tag)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quick_paths_normalise_as_nfkc_does() {
        for text in [
            "CNC Machining, 5-axis",
            "精密板金加工と溶接",
            "ｾｲﾐﾂ ＣＮＣ ＡＢＣ",
            "Ａｌｕｍｉｎｉｕｍ ダイカスト ①",
            "Straße İstanbul ΣΑΣ",
            "",
        ] {
            let full: String = text.nfkc().flat_map(char::to_lowercase).collect();
            assert_eq!(normalize(text), full, "{text}");
        }
    }

    #[test]
    fn japanese_runs_become_bigrams_and_a_final_unigram() {
        assert_eq!(
            terms("精密板金加工"),
            ["精密", "密板", "板金", "金加", "加工", "工"]
        );
        assert_eq!(terms("溶"), ["溶"]);
    }

    #[test]
    fn only_japanese_bigrams_are_whole_terms() {
        assert!(is_whole_term("精密") && is_whole_term("セイ"));
        assert!(!is_whole_term("精") && !is_whole_term("cnc") && !is_whole_term("ab"));
        assert!(!is_whole_term("精a") && !is_whole_term("精密板"));
    }

    #[test]
    fn latin_words_are_lower_cased_and_split_on_punctuation() {
        assert_eq!(
            terms("CNC-Machining, ISO9001"),
            ["cnc", "machining", "iso9001"]
        );
    }

    #[test]
    fn full_width_and_half_width_forms_match_their_plain_forms() {
        assert_eq!(terms("ＣＮＣ"), terms("cnc"));
        assert_eq!(terms("ｾｲﾐﾂ"), terms("セイミツ"));
        assert_eq!(terms("ﾊﾟｲﾌﾟ"), terms("パイプ"));
    }

    #[test]
    fn mixed_text_switches_between_words_and_bigrams() {
        assert_eq!(terms("5軸CNC加工"), ["5", "軸", "cnc", "加工", "工"]);
    }

    #[test]
    fn queries_need_every_bigram_but_not_the_redundant_tail() {
        assert_eq!(query_terms("精密"), ["精密"]);
        assert_eq!(query_terms("板金加工"), ["板金", "金加", "加工"]);
        assert_eq!(query_terms("溶"), ["溶"]);
        assert_eq!(query_terms("ＣＮＣ 精密"), ["cnc", "精密"]);
        assert!(query_terms(" !? ").is_empty());
    }

    #[test]
    fn tags_are_normalised() {
        assert_eq!(
            normalize_tag("  Ａｌｕｍｉｎｉｕｍ   Alloy "),
            "aluminium alloy"
        );
    }
}
