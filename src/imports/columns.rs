//! The columns each kind of import reads, found by their header: the API's own name
//! (`name_ja`) or the Japanese one a desk's spreadsheet carries (`会社名`), in any case,
//! full- or half-width, with spaces, `_` or `-` as the writer likes. Headers of no known
//! column are ignored. Pure.

use std::collections::HashMap;

use unicode_normalization::UnicodeNormalization;

use super::ImportKind;

/// One column of an import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// The API's name, also the English header.
    pub key: &'static str,
    /// The Japanese header the templates write.
    pub ja: &'static str,
    /// Other headers read as this column.
    pub aliases: &'static [&'static str],
    /// Whether the file must have this column.
    pub required: bool,
}

const fn column(
    key: &'static str,
    ja: &'static str,
    aliases: &'static [&'static str],
    required: bool,
) -> Column {
    Column {
        key,
        ja,
        aliases,
        required,
    }
}

const COMPANIES: &[Column] = &[
    column("name_ja", "会社名", &["企業名", "社名", "name"], true),
    column("name_en", "英文社名", &["会社名(英語)", "英語名"], true),
    column("industry", "業種", &[], false),
    column("corporate_number", "法人番号", &[], false),
    column("employees", "従業員数", &[], false),
];

const BUYERS: &[Column] = &[
    column("name", "会社名", &["企業名", "バイヤー名", "社名"], true),
    column("country", "国", &["国名", "国コード"], true),
    column("industry", "業種", &[], false),
    column("website", "ウェブサイト", &["url", "ホームページ"], false),
    column("email", "メール", &["メールアドレス", "e-mail"], false),
];

const EXHIBITORS: &[Column] = &[
    column("corporate_number", "法人番号", &[], false),
    column("name_ja", "会社名", &["企業名", "社名"], false),
];

const REGISTRATIONS: &[Column] = &[column(
    "email",
    "メール",
    &["メールアドレス", "e-mail"],
    true,
)];

/// The columns of `kind`, in the order its template writes them.
pub fn columns(kind: ImportKind) -> &'static [Column] {
    match kind {
        ImportKind::Companies => COMPANIES,
        ImportKind::Buyers => BUYERS,
        ImportKind::Exhibitors => EXHIBITORS,
        ImportKind::Registrations => REGISTRATIONS,
    }
}

/// A header as compared: NFKC (full-width to half-width), lower case, without spaces,
/// `_`, `-` or a required mark (`*`, `（必須）`).
fn fold(header: &str) -> String {
    let folded: String = header
        .trim_start_matches('\u{feff}')
        .nfkc()
        .flat_map(char::to_lowercase)
        .filter(|c| !c.is_whitespace() && !matches!(c, '_' | '-' | '*'))
        .collect();
    folded.replace("(必須)", "")
}

/// Which column each header of a file is: the index of the file's column for each key found.
/// The first of two headers naming one column wins.
pub fn map_headers(kind: ImportKind, headers: &[String]) -> HashMap<&'static str, usize> {
    let mut found = HashMap::new();
    for (index, header) in headers.iter().enumerate() {
        let header = fold(header);
        let named = columns(kind).iter().find(|c| {
            fold(c.key) == header
                || fold(c.ja) == header
                || c.aliases.iter().any(|a| fold(a) == header)
        });
        if let Some(column) = named {
            found.entry(column.key).or_insert(index);
        }
    }
    found
}

/// The required columns `found` lacks, as `会社名 (name_ja)`. Exhibitors need one of their two
/// columns, either.
pub fn missing(
    kind: ImportKind,
    found: &HashMap<&'static str, usize>,
) -> Vec<(&'static str, String)> {
    let named = |c: &Column| format!("{} ({})", c.ja, c.key);
    if kind == ImportKind::Exhibitors && found.is_empty() {
        let either: Vec<String> = EXHIBITORS.iter().map(named).collect();
        return vec![("corporate_number", either.join(" / "))];
    }
    columns(kind)
        .iter()
        .filter(|c| c.required && !found.contains_key(c.key))
        .map(|c| (c.key, named(c)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| (*n).to_owned()).collect()
    }

    #[test]
    fn japanese_and_english_headers_name_the_same_columns() {
        let ja = map_headers(ImportKind::Buyers, &headers(&["会社名", "国", "メール"]));
        let en = map_headers(ImportKind::Buyers, &headers(&["name", "country", "email"]));
        assert_eq!(ja, en);
        assert_eq!(ja["name"], 0);
        assert_eq!(ja["country"], 1);
        assert_eq!(ja["email"], 2);
    }

    #[test]
    fn headers_are_read_whatever_their_width_case_and_marks() {
        let found = map_headers(
            ImportKind::Companies,
            &headers(&[
                "\u{feff}会社名*",
                "Name_EN",
                "法人番号（必須）",
                "ＩＮＤＵＳＴＲＹ",
                "memo",
            ]),
        );
        assert_eq!(found["name_ja"], 0);
        assert_eq!(found["name_en"], 1);
        assert_eq!(found["corporate_number"], 2);
        assert_eq!(found["industry"], 3);
        assert_eq!(found.len(), 4, "an unknown header is no column");
    }

    #[test]
    fn missing_required_columns_are_named_in_both_languages() {
        let found = map_headers(ImportKind::Buyers, &headers(&["会社名", "メール"]));
        assert_eq!(
            missing(ImportKind::Buyers, &found),
            [("country", "国 (country)".to_owned())]
        );
        let none = map_headers(ImportKind::Exhibitors, &headers(&["memo"]));
        assert_eq!(
            missing(ImportKind::Exhibitors, &none),
            [(
                "corporate_number",
                "法人番号 (corporate_number) / 会社名 (name_ja)".to_owned()
            )]
        );
        let one = map_headers(ImportKind::Exhibitors, &headers(&["会社名"]));
        assert!(missing(ImportKind::Exhibitors, &one).is_empty());
    }
}
