//! The validators' rules are in the document: every `#[validate(...)]` length, range and
//! e-mail rule in `src/` has its counterpart (`minLength`/`maxLength`, `minimum`/`maximum`,
//! `format: email`) on the same field of the committed `openapi/openapi.json`, with the same
//! numbers. The rule and its `#[schema(...)]`/`#[param(...)]` twin are written side by side
//! (neither macro takes the other's constant), and this test is what keeps them equal; the
//! document's own drift test keeps the file equal to what the code generates.
//!
//! A request type is found among the document's schemas by its name; a query type, whose
//! fields become parameters, by its field's name on every operation that has it.

#![expect(
    clippy::expect_used,
    reason = "a test that cannot read src/ or the document has nothing to say"
)]

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// One rule of one field, as the source writes it.
#[derive(Debug)]
struct Rule {
    place: String,
    owner: String,
    field: String,
    /// The document's keyword and the number (or format) it must carry.
    expected: Vec<(&'static str, Value)>,
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("read src/") {
        let path = entry.expect("read src/").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn number(text: &str) -> Value {
    let text = text.trim().replace('_', "");
    match text.parse::<i64>() {
        Ok(n) => Value::from(n),
        Err(_) => Value::from(text.parse::<f64>().expect("a number in a validate rule")),
    }
}

/// `min = 1, max = 200` of `length(...)` or `range(...)`.
fn bounds(rule: &str, name: &str) -> Vec<(String, Value)> {
    let Some(start) = rule.find(&format!("{name}(")) else {
        return Vec::new();
    };
    let inner = &rule[start + name.len() + 1..];
    let inner = &inner[..inner.find(')').expect("a closed rule")];
    inner
        .split(',')
        .filter_map(|part| part.split_once('='))
        .map(|(key, value)| (key.trim().to_owned(), number(value)))
        .collect()
}

fn rules_of(path: &Path, text: &str) -> Vec<Rule> {
    let lines: Vec<&str> = text.lines().collect();
    let mut owner = String::new();
    let mut rules = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        let line = line.trim();
        if let Some(rest) = line.strip_prefix("pub struct ") {
            owner = rest
                .split(|c: char| !c.is_alphanumeric() && c != '_')
                .next()
                .unwrap_or_default()
                .to_owned();
        }
        let Some(rule) = line
            .strip_prefix("#[validate(")
            .and_then(|r| r.strip_suffix(")]"))
        else {
            continue;
        };
        let mut expected = Vec::new();
        for (key, value) in bounds(rule, "length") {
            expected.push((
                if key == "min" {
                    "minLength"
                } else {
                    "maxLength"
                },
                value,
            ));
        }
        for (key, value) in bounds(rule, "range") {
            expected.push((if key == "min" { "minimum" } else { "maximum" }, value));
        }
        if rule
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| w == "email")
        {
            expected.push(("format", Value::from("email")));
        }
        if expected.is_empty() {
            continue;
        }
        let field = lines[index..]
            .iter()
            .find_map(|l| {
                l.trim()
                    .strip_prefix("pub ")
                    .and_then(|f| f.split_once(':'))
            })
            .map(|(name, _)| name.trim().to_owned())
            .expect("a field after its validate rule");
        rules.push(Rule {
            place: format!("{}:{}", path.display(), index + 1),
            owner: owner.clone(),
            field,
            expected,
        });
    }
    rules
}

/// The schema a property or parameter gives its values, through `null` alternatives.
fn value_schema(schema: &Value) -> &Value {
    for key in ["oneOf", "anyOf"] {
        if let Some(members) = schema[key].as_array() {
            if let Some(member) = members.iter().find(|m| m["type"] != "null") {
                return member;
            }
        }
    }
    schema
}

/// Where the document says what `rule`'s field takes: its property in the owner's schema, or
/// the query parameters of that name.
fn documented<'a>(document: &'a Value, rule: &Rule) -> Vec<(String, &'a Value)> {
    let schema = &document["components"]["schemas"][&rule.owner];
    if !schema.is_null() {
        let property = &schema["properties"][&rule.field];
        return vec![(
            format!("{}.{}", rule.owner, rule.field),
            value_schema(property),
        )];
    }
    let mut found = Vec::new();
    for (path, item) in document["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("a path item") {
            for parameter in operation["parameters"].as_array().into_iter().flatten() {
                if parameter["in"] == "query" && parameter["name"] == rule.field.as_str() {
                    found.push((
                        format!("{method} {path} ?{}", rule.field),
                        value_schema(&parameter["schema"]),
                    ));
                }
            }
        }
    }
    found
}

fn same(a: &Value, b: &Value) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

#[test]
fn every_validator_rule_is_in_the_document_with_its_numbers() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let document: Value = serde_json::from_str(
        &fs::read_to_string(root.join("openapi/openapi.json")).expect("read openapi.json"),
    )
    .expect("the document is JSON");
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    let rules: Vec<Rule> = files
        .iter()
        .flat_map(|path| {
            let text = fs::read_to_string(path).expect("read a source file");
            rules_of(path.strip_prefix(root).unwrap_or(path), &text)
        })
        .collect();
    // The request types of this API hold some seventy rules; far fewer means the reading
    // above broke, not that the rules went away.
    assert!(
        rules.len() > 60,
        "only {} rules read from src/",
        rules.len()
    );
    let mut problems = Vec::new();
    for rule in &rules {
        let places = documented(&document, rule);
        if places.is_empty() {
            problems.push(format!(
                "{}: {}.{} is nowhere in the document",
                rule.place, rule.owner, rule.field
            ));
        }
        for (name, schema) in places {
            for (keyword, value) in &rule.expected {
                if !same(&schema[keyword], value) {
                    problems.push(format!(
                        "{}: {name} has {keyword} {}, the validator says {value}",
                        rule.place, schema[keyword]
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_rule_is_read_with_its_field_and_numbers() {
    let source = "pub struct NewThing {\n    /// Doc.\n    #[validate(length(min = 1, max = 200))]\n    #[schema(min_length = 1, max_length = 200)]\n    pub name: Option<String>,\n    #[validate(range(min = -100.0, max = 100.0))]\n    pub points: f64,\n    #[validate(email, length(max = 254))]\n    pub email: String,\n}\n";
    let rules = rules_of(Path::new("x.rs"), source);
    let read: Vec<(String, Vec<(&str, Value)>)> = rules
        .into_iter()
        .map(|r| (format!("{}.{}", r.owner, r.field), r.expected))
        .collect();
    assert_eq!(
        read,
        vec![
            (
                "NewThing.name".to_owned(),
                vec![
                    ("minLength", Value::from(1)),
                    ("maxLength", Value::from(200))
                ]
            ),
            (
                "NewThing.points".to_owned(),
                vec![
                    ("minimum", Value::from(-100.0)),
                    ("maximum", Value::from(100.0))
                ]
            ),
            (
                "NewThing.email".to_owned(),
                vec![
                    ("maxLength", Value::from(254)),
                    ("format", Value::from("email"))
                ]
            ),
        ]
    );
}
