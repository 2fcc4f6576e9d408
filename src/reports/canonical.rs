//! A snapshot's bytes: its JSON in canonical form, and the SHA-256 of exactly those bytes.
//!
//! The canonical form is serde_json's compact output (no insignificant whitespace, strings
//! escaped as serde_json escapes them, numbers as it writes them) with the keys of every
//! object sorted by their UTF-8 bytes, so the same content always gives the same bytes
//! and the same digest, whoever computes it.

use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

/// `value` with the keys of every object, at any depth, in sorted order.
pub fn sorted(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> = map.into_iter().collect();
            entries.sort_by(|(a, _), (b, _)| a.as_bytes().cmp(b.as_bytes()));
            Value::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| (k, sorted(v)))
                    .collect::<Map<_, _>>(),
            )
        }
        Value::Array(items) => Value::Array(items.into_iter().map(sorted).collect()),
        other => other,
    }
}

/// The canonical JSON text of `value`.
pub fn canonical_json(value: Value) -> String {
    // A `Value` always serialises: its keys are strings and its numbers finite.
    sorted(value).to_string()
}

/// The lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keys_are_sorted_at_every_depth_and_whitespace_is_gone() {
        let value =
            json!({"b": 1, "a": {"d": [ {"z": 1, "y": 2} ], "c": null}, "É": "x", "Z": 1.5});
        assert_eq!(
            canonical_json(value),
            r#"{"Z":1.5,"a":{"c":null,"d":[{"y":2,"z":1}]},"b":1,"É":"x"}"#
        );
    }

    #[test]
    fn the_same_content_gives_the_same_bytes_whatever_its_order() {
        let one = json!({"fiscal_year": 2025, "kpi": {"won": 3, "held": 10}});
        let other: Value =
            serde_json::from_str(r#"{ "kpi": { "held": 10, "won": 3 }, "fiscal_year": 2025 }"#)
                .unwrap();
        assert_eq!(canonical_json(one), canonical_json(other));
    }

    #[test]
    fn the_digest_is_the_sha256_of_the_bytes_in_hex() {
        // FIPS 180-2's example: SHA-256("abc").
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn text_outside_ascii_is_kept_as_utf8() {
        assert_eq!(
            canonical_json(json!({"見出し": "年次報告"})),
            "{\"見出し\":\"年次報告\"}"
        );
    }
}
