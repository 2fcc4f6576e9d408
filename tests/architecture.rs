//! The map stays true: reads the `use crate::` graph of `src/` and checks it against the
//! import rule written at the top of `src/lib.rs` (its "Who may import whom" block).
//!
//! - Every top-level module of the crate stands in exactly one layer of the rule.
//! - A module imports only modules of its own layer or of the layers below it; so plumbing,
//!   the lowest layer, imports no domain.
//! - No import cycle between top-level modules, inside a layer either.
//! - No file in `src/` is longer than 600 lines (the generated schema and the pure scheduler
//!   excepted).
//!
//! A reference counts wherever it stands outside a comment: in a `use` line, a grouped
//! `use crate::{a, b::c}`, or a path in code (`crate::meetings::store::find(...)`).

#![expect(
    clippy::expect_used,
    reason = "a test that cannot read src/ has nothing to say"
)]

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

const MAX_FILE_LINES: usize = 600;
const LONG_FILES_ALLOWED: [&str; 2] = ["db/schema.rs", "meetings/scheduler/mod.rs"];

/// The layers of the rule, lowest first, each with its modules.
fn layers(lib_rs: &str) -> Vec<(String, Vec<String>)> {
    let block: Vec<&str> = lib_rs
        .lines()
        .map(|line| line.trim_start_matches("//!").trim())
        .skip_while(|line| !line.starts_with("## Who may import whom"))
        .skip_while(|line| *line != "```text")
        .skip(1)
        .take_while(|line| *line != "```")
        .collect();
    assert!(
        !block.is_empty(),
        "src/lib.rs has no \"## Who may import whom\" block with a ```text rule"
    );
    block
        .iter()
        .filter(|line| !line.is_empty())
        .map(|line| {
            let (name, modules) = line
                .split_once(':')
                .unwrap_or_else(|| panic!("a layer is `name: modules`, not {line:?}"));
            let modules = modules.split_whitespace().map(str::to_owned).collect();
            (name.trim().to_owned(), modules)
        })
        .collect()
}

/// The crate's top-level modules, as `src/lib.rs` declares them.
fn declared_modules(lib_rs: &str) -> BTreeSet<String> {
    lib_rs
        .lines()
        .map(str::trim)
        .filter(|line| !line.starts_with("//"))
        .filter_map(|line| {
            let rest = line
                .strip_prefix("pub mod ")
                .or(line.strip_prefix("mod "))?;
            Some(rest.strip_suffix(';')?.trim().to_owned())
        })
        .collect()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("read src/") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The file's text without comments (line comments and doc comments; block comments are
/// not used in this crate).
fn code_of(text: &str) -> String {
    text.lines()
        // `//` inside a string literal ("http://") is cut too: it only shortens a string.
        .map(|line| line.split("//").next().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The first path segment after each `crate::` (and each name of a `crate::{...}` group).
fn crate_references(code: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let bytes = code.as_bytes();
    let mut at = 0;
    while let Some(offset) = code.get(at..).and_then(|rest| rest.find("crate::")) {
        let start = at + offset;
        at = start + "crate::".len();
        let preceded_by_ident = start
            .checked_sub(1)
            .and_then(|before| bytes.get(before))
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'$');
        if preceded_by_ident {
            continue;
        }
        let rest = code.get(at..).unwrap_or_default();
        if let Some(group) = rest.strip_prefix('{') {
            for name in top_level_names(group) {
                found.insert(name);
            }
        } else {
            found.insert(identifier(rest));
        }
    }
    found.remove("");
    found
}

/// The first segment of each comma-separated item of a `{...}` group, up to its closing brace.
fn top_level_names(group: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut depth = 0;
    let mut item_start = true;
    for (index, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => break,
            '}' => depth -= 1,
            ',' if depth == 0 => item_start = true,
            c if item_start && !c.is_whitespace() => {
                names.push(identifier(group.get(index..).unwrap_or_default()));
                item_start = false;
            }
            _ => {}
        }
    }
    names
}

fn identifier(text: &str) -> String {
    text.chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect()
}

struct Crate {
    /// Top-level module → the top-level modules it references.
    imports: BTreeMap<String, BTreeSet<String>>,
    /// Files over the length limit, with their line counts.
    long_files: Vec<(String, usize)>,
}

fn read_crate(src: &Path, modules: &BTreeSet<String>) -> Crate {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let mut imports: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut long_files = Vec::new();
    for file in files {
        let relative = file.strip_prefix(src).expect("under src/");
        let relative_name = relative.to_string_lossy().replace('\\', "/");
        let text = fs::read_to_string(&file).expect("read a source file");
        let lines = text.lines().count();
        if lines > MAX_FILE_LINES && !LONG_FILES_ALLOWED.contains(&relative_name.as_str()) {
            long_files.push((relative_name.clone(), lines));
        }
        let top = relative
            .components()
            .next()
            .map(|c| {
                c.as_os_str()
                    .to_string_lossy()
                    .trim_end_matches(".rs")
                    .to_owned()
            })
            .unwrap_or_default();
        if top == "lib" || top == "main" {
            continue; // the crate root assembles everything; it is no module of its own
        }
        let references = crate_references(&code_of(&text));
        let entry = imports.entry(top.clone()).or_default();
        entry.extend(
            references
                .into_iter()
                .filter(|name| modules.contains(name) && *name != top),
        );
    }
    Crate {
        imports,
        long_files,
    }
}

/// The module sets that import each other in a circle (strongly connected components of
/// more than one module), each sorted.
fn cycles(imports: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    // Reachability by repeated search: a few dozen modules, so plain and clear beats Tarjan.
    let reach = |from: &String| -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from.clone()];
        while let Some(module) = stack.pop() {
            for next in imports.get(&module).into_iter().flatten() {
                if seen.insert(next.clone()) {
                    stack.push(next.clone());
                }
            }
        }
        seen
    };
    let reachable: BTreeMap<&String, BTreeSet<String>> =
        imports.keys().map(|m| (m, reach(m))).collect();
    let mut groups = BTreeSet::new();
    for (module, reached) in &reachable {
        let mut group: Vec<String> = reached
            .iter()
            .filter(|other| {
                reachable
                    .get(other)
                    .is_some_and(|back| back.contains(*module))
            })
            .cloned()
            .collect();
        if !group.is_empty() {
            if !group.contains(module) {
                group.push((*module).clone());
            }
            group.sort();
            groups.insert(group);
        }
    }
    groups.into_iter().collect()
}

/// What breaks the rule in `src`, one line each.
fn violations(src: &Path) -> Vec<String> {
    let lib_rs = fs::read_to_string(src.join("lib.rs")).expect("read src/lib.rs");
    let modules = declared_modules(&lib_rs);
    let layers = layers(&lib_rs);
    let mut problems = Vec::new();

    let mut layer_of = BTreeMap::new();
    for (rank, (name, members)) in layers.iter().enumerate() {
        for member in members {
            if layer_of
                .insert(member.clone(), (rank, name.clone()))
                .is_some()
            {
                problems.push(format!("`{member}` stands in two layers of the rule"));
            }
        }
    }
    for module in &modules {
        if !layer_of.contains_key(module) {
            problems.push(format!("`{module}` is declared in lib.rs but in no layer"));
        }
    }
    for module in layer_of.keys() {
        if !modules.contains(module) {
            problems.push(format!(
                "the rule names `{module}`, which lib.rs does not declare"
            ));
        }
    }

    let krate = read_crate(src, &modules);
    for (module, imported) in &krate.imports {
        let Some((rank, layer)) = layer_of.get(module) else {
            continue;
        };
        for other in imported {
            if let Some((other_rank, other_layer)) = layer_of.get(other) {
                if other_rank > rank {
                    problems.push(format!(
                        "`{module}` ({layer}) imports `{other}` ({other_layer}), a layer above it"
                    ));
                }
            }
        }
    }
    for group in cycles(&krate.imports) {
        problems.push(format!("import cycle between {}", group.join(", ")));
    }
    for (file, lines) in &krate.long_files {
        problems.push(format!(
            "src/{file} has {lines} lines (at most {MAX_FILE_LINES})"
        ));
    }
    problems
}

#[test]
fn the_source_tree_keeps_the_import_rule_of_lib_rs() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let problems = violations(&src);
    assert!(
        problems.is_empty(),
        "the map in src/lib.rs is not true:\n  {}",
        problems.join("\n  ")
    );
}

#[test]
fn references_are_read_from_paths_groups_and_code_but_not_comments() {
    let code = code_of(
        "use crate::error::ApiError;\n\
         use crate::{db::{self, DbConn}, paging};\n\
         // crate::kpi is only mentioned\n\
         let x = crate::meetings::store::find(conn)?;\n\
         $crate::text_enum!(X);\n\
         sagamihara_crate::other;",
    );
    let found: Vec<String> = crate_references(&code).into_iter().collect();
    assert_eq!(found, ["db", "error", "meetings", "paging"]);
}

#[test]
fn a_cycle_is_found_however_long() {
    let mut imports: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let edge = |imports: &mut BTreeMap<String, BTreeSet<String>>, a: &str, b: &str| {
        imports.entry(a.into()).or_default().insert(b.into());
    };
    edge(&mut imports, "events", "meetings");
    edge(&mut imports, "meetings", "negotiations");
    edge(&mut imports, "negotiations", "events");
    edge(&mut imports, "kpi", "events");
    assert_eq!(
        cycles(&imports),
        [vec![
            "events".to_owned(),
            "meetings".to_owned(),
            "negotiations".to_owned()
        ]]
    );
    edge(&mut imports, "events", "error");
    imports.get_mut("negotiations").map(|n| n.remove("events"));
    assert!(cycles(&imports).is_empty());
}

/// `rust-version` in Cargo.toml is the oldest compiler that builds the committed lock file:
/// no locked crate may declare a newer one, and the declaration is not older than needed.
#[test]
fn the_declared_minimum_rust_is_what_the_lock_needs() {
    let version = |text: &str| -> Vec<u32> {
        let mut parts: Vec<u32> = text.split('.').map(|p| p.parse().unwrap_or(0)).collect();
        parts.resize(3, 0);
        parts
    };
    // This machine's crates: the others (Windows, Android) may not be downloaded here.
    let rustc =
        std::process::Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into()))
            .arg("-vV")
            .output()
            .expect("run rustc -vV");
    let host = String::from_utf8_lossy(&rustc.stdout)
        .lines()
        .find_map(|line| line.strip_prefix("host: ").map(str::to_owned))
        .expect("rustc -vV names the host");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = std::process::Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--locked", "--offline"])
        .args(["--filter-platform", &host])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run cargo metadata");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("cargo metadata prints JSON");
    let packages = metadata["packages"].as_array().expect("packages");
    let declared = packages
        .iter()
        .find(|p| p["name"] == env!("CARGO_PKG_NAME"))
        .and_then(|p| p["rust_version"].as_str())
        .expect("Cargo.toml declares rust-version");
    let needed = packages
        .iter()
        .filter_map(|p| Some((p["rust_version"].as_str()?, p["name"].as_str()?)))
        .filter(|(_, name)| *name != env!("CARGO_PKG_NAME"))
        .max_by_key(|(v, _)| version(v))
        .expect("some locked crate declares its rust-version");
    assert_eq!(
        version(declared),
        version(needed.0),
        "Cargo.toml says rust-version {declared}; the lock needs {} (for {})",
        needed.0,
        needed.1
    );
}
