//! The README and docs/ stand on their own: every relative link names a
//! file of the repository (and a heading of it, for `#anchor` links), and
//! nothing cites a document the repository does not hold.

use std::path::{Path, PathBuf};

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// README.md and every Markdown page of docs/.
fn pages() -> Vec<PathBuf> {
    let mut pages = vec![root().join("README.md")];
    for entry in std::fs::read_dir(root().join("docs"))
        .expect("docs/")
        .flatten()
    {
        if entry.path().extension().is_some_and(|e| e == "md") {
            pages.push(entry.path());
        }
    }
    pages.sort();
    pages
}

/// The anchors GitHub gives a page's headings: lower case, punctuation
/// dropped, spaces made dashes.
fn anchors(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut heading: Option<String> = None;
    for event in Parser::new(text) {
        match event {
            Event::Start(Tag::Heading { .. }) => heading = Some(String::new()),
            Event::Text(t) | Event::Code(t) => {
                if let Some(h) = &mut heading {
                    h.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                let h = heading.take().unwrap_or_default().to_lowercase();
                out.push(
                    h.chars()
                        .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
                        .map(|c| if c == ' ' { '-' } else { c })
                        .collect(),
                );
            }
            _ => {}
        }
    }
    out
}

fn links(text: &str) -> Vec<String> {
    Parser::new(text)
        .filter_map(|event| match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                Some(dest_url.into_string())
            }
            _ => None,
        })
        .collect()
}

#[test]
fn every_relative_link_resolves() {
    let mut checked = 0;
    let mut broken = Vec::new();
    for page in pages() {
        let text = std::fs::read_to_string(&page).expect("page");
        for link in links(&text) {
            if link.contains("://") || link.starts_with("mailto:") {
                continue;
            }
            checked += 1;
            let (file, anchor) = link.split_once('#').unwrap_or((&link, ""));
            let target = if file.is_empty() {
                page.clone()
            } else {
                page.parent().expect("folder").join(file)
            };
            let shown = page.strip_prefix(root()).expect("inside").display();
            if !target.exists() {
                broken.push(format!("{shown}: {link}: no such file"));
            } else if !anchor.is_empty()
                && target.extension().is_some_and(|e| e == "md")
                && !anchors(&std::fs::read_to_string(&target).expect("target"))
                    .iter()
                    .any(|a| a == anchor)
            {
                broken.push(format!("{shown}: {link}: no heading gives #{anchor}"));
            }
        }
    }
    assert!(checked > 20, "the pages have links to check ({checked})");
    assert!(broken.is_empty(), "broken links: {broken:#?}");
}

#[test]
fn the_readme_is_a_short_front_door() {
    let text = std::fs::read_to_string(root().join("README.md")).expect("README");
    assert!(text.lines().count() <= 250, "README.md over 250 lines");
    let level_one = Parser::new(&text)
        .filter(|e| {
            matches!(
                e,
                Event::Start(Tag::Heading {
                    level: HeadingLevel::H1,
                    ..
                })
            )
        })
        .count();
    assert_eq!(level_one, 1, "one title");
}

#[test]
fn nothing_cites_a_document_outside_the_repository() {
    let mut stack = vec![root().to_path_buf()];
    let mut cited = Vec::new();
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read_dir").flatten() {
            let path = entry.path();
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with('.') && name != ".ci" || name == "target" {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            // Spelled in two halves so this file does not cite it either.
            let spec = ["SPEC", ".md"].concat();
            let section = ["SPEC", " §"].concat();
            if text.contains(&spec) || text.contains(&section) {
                cited.push(path.strip_prefix(root()).expect("inside").to_path_buf());
            }
        }
    }
    assert!(cited.is_empty(), "files citing the spec: {cited:?}");
}
