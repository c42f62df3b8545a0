//! The library's layers, checked from its source: every `crate::` and
//! `super::` path outside unit tests is an edge from one module to another;
//! edges must point down the layers and no modules may import each other
//! in a circle.

use crate::support::source_code;
use std::collections::{BTreeMap, BTreeSet};

/// Top to bottom; a module may use its own layer and those below it.
const LAYERS: &[&str] = &[
    "ops", "watch", "report", "io", "plan", "parse", "model", "error",
];

/// Module path (`io::cache`) of every library source file, with its code
/// above `#[cfg(test)]`.
fn modules() -> BTreeMap<String, String> {
    source_code()
        .into_iter()
        .filter_map(|(file, code)| {
            let rel = file.strip_suffix(".rs")?;
            // The binary (`main.rs`, `cli/`) sits on top of the library.
            if rel == "main" || rel == "lib" || rel.starts_with("cli") {
                return None;
            }
            Some((rel.trim_end_matches("/mod").replace('/', "::"), code))
        })
        .collect()
}

/// The paths `code` names after `crate::` or `super::`, with `{a, b::c}`
/// groups spread out, as segment lists from the crate root.
fn paths(module: &str, code: &str) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    for (prefix, base) in [("crate::", Vec::new()), ("super::", parent(module))] {
        let mut rest = code;
        while let Some(at) = rest.find(prefix) {
            let before = rest[..at].chars().next_back();
            rest = &rest[at + prefix.len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            spread(&base, rest, &mut found);
        }
    }
    found
}

/// `io::{store, topics}` after the prefix → `[io, store]`, `[io, topics]`.
fn spread(base: &[String], text: &str, found: &mut Vec<Vec<String>>) {
    let mut segments = base.to_vec();
    let mut rest = text;
    loop {
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        if end == 0 {
            if let Some(group) = rest.strip_prefix('{') {
                let close = matching_brace(group);
                for item in split_top_level(&group[..close]) {
                    spread(&segments, item.trim(), found);
                }
                return;
            }
            break;
        }
        segments.push(rest[..end].to_owned());
        rest = &rest[end..];
        match rest.strip_prefix("::") {
            Some(next) => rest = next,
            None => break,
        }
    }
    found.push(segments);
}

fn matching_brace(text: &str) -> usize {
    let mut depth = 0;
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => return i,
            '}' => depth -= 1,
            _ => {}
        }
    }
    text.len()
}

fn split_top_level(text: &str) -> Vec<&str> {
    let (mut parts, mut depth, mut start) = (Vec::new(), 0, 0);
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

/// The module `super` means in `module` (its parent, or for a `mod.rs`
/// module file, the parent too: `io::cache` → `io`).
fn parent(module: &str) -> Vec<String> {
    let mut segments: Vec<String> = module.split("::").map(str::to_owned).collect();
    segments.pop();
    segments
}

/// Module → the modules it uses (the longest known prefix of each path).
fn edges() -> BTreeMap<String, BTreeSet<String>> {
    let modules = modules();
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, code) in &modules {
        let targets = out.entry(module.clone()).or_default();
        for path in paths(module, code) {
            let target = (1..=path.len())
                .rev()
                .map(|n| path[..n].join("::"))
                .find(|m| modules.contains_key(m));
            if let Some(target) = target
                && target != *module
                // A module's own submodules are part of it.
                && !target.starts_with(&format!("{module}::"))
            {
                targets.insert(target);
            }
        }
    }
    out
}

fn layer(module: &str) -> usize {
    let top = module.split("::").next().unwrap_or(module);
    LAYERS
        .iter()
        .position(|l| *l == top)
        .unwrap_or_else(|| panic!("module `{module}` is in no layer; add its folder to LAYERS"))
}

#[test]
fn imports_point_down_the_layers() {
    let edges = edges();
    assert!(edges.len() > 30, "the source was read: {:?}", edges.keys());
    let mut up = Vec::new();
    for (from, targets) in &edges {
        for to in targets {
            if layer(to) < layer(from) {
                up.push(format!("{from} -> {to}"));
            }
        }
    }
    assert!(up.is_empty(), "imports pointing up a layer: {up:#?}");
}

// Depth-first, with the path so far, so a circle is shown whole.
fn visit(
    at: &str,
    edges: &BTreeMap<String, BTreeSet<String>>,
    path: &mut Vec<String>,
    done: &mut BTreeSet<String>,
    circles: &mut Vec<String>,
) {
    if let Some(start) = path.iter().position(|m| m == at) {
        let mut circle = path[start..].to_vec();
        circle.push(at.to_owned());
        circles.push(circle.join(" -> "));
        return;
    }
    if !done.insert(at.to_owned()) {
        return;
    }
    path.push(at.to_owned());
    for next in edges.get(at).into_iter().flatten() {
        visit(next, edges, path, done, circles);
    }
    path.pop();
}

#[test]
fn no_modules_import_each_other_in_a_circle() {
    let edges = edges();
    let (mut done, mut circles) = (BTreeSet::new(), Vec::new());
    for module in edges.keys() {
        visit(module, &edges, &mut Vec::new(), &mut done, &mut circles);
    }
    assert!(circles.is_empty(), "import circles: {circles:#?}");
}

#[test]
fn the_reader_finds_grouped_and_relative_imports() {
    let code = "use crate::io::{store, topics::{self, FILE}};\nuse super::status;\n\
                let x = crate::model::date::parse_date(y);\n";
    let found: Vec<String> = paths("report::prep", code)
        .iter()
        .map(|p| p.join("::"))
        .collect();
    assert_eq!(
        found,
        [
            "io::store",
            "io::topics::self",
            "io::topics::FILE",
            "model::date::parse_date",
            "report::status"
        ]
    );
}
