//! `oneonone done PERSON PATTERN`: ticks off one open item where it was last
//! written down, changing one byte of one file and nothing else.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::io::repo::Repo;
use crate::io::store;
use crate::model::item::{ActionItem, ItemKey};
use crate::model::note::Note;
use crate::parse::note;

/// The item that was checked off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    /// Relative to the repository root.
    pub path: PathBuf,
    pub line: usize,
    pub text: String,
}

/// Finds the open item of `person` whose text contains `pattern` (ignoring
/// case and spacing), searching the notes newest first, and turns its `[ ]`
/// into `[x]`. Several matches in that note is a refusal: nothing is written.
/// A note that cannot be read stops the search, so an item is never ticked
/// off in an old note while a newer, broken one may still list it. The
/// repository lock is held throughout, so two `done`s on one note cannot
/// undo each other's tick.
pub fn done(repo: &Repo, person: &str, pattern: &str) -> Result<Checked> {
    let wanted = fold(pattern);
    if wanted.is_empty() {
        return Err(Error::usage("the pattern is empty"));
    }
    let _lock = store::Lock::acquire(&repo.root)?;
    let notes = repo.notes_of(person)?;
    if notes.is_empty() {
        return Err(Error::not_found(format!("`{person}` has no notes")));
    }
    let mut later = HashSet::new();
    for (name, path) in notes.iter().rev() {
        let file = repo.root.join(path);
        let bytes = store::read(&file, path)?;
        let note = note::parse(path, person, *name, &bytes)?;
        match matches(&note, &wanted, &later).as_slice() {
            [] => later.extend(note.all_items().map(|i| i.key(note.date()))),
            [item] => {
                store::set_byte(&file, item.checkbox, b' ', b'x')?;
                return Ok(Checked {
                    path: path.clone(),
                    line: item.line,
                    text: item.text.clone(),
                });
            }
            several => {
                let mut message = format!(
                    "`{}` matches {} open items in {}; nothing was changed, be more specific:",
                    pattern.trim(),
                    several.len(),
                    path.display()
                );
                for item in several {
                    let _ = write!(
                        message,
                        "\n  {}:{}: {}",
                        path.display(),
                        item.line,
                        item.text
                    );
                }
                return Err(Error::not_found(message));
            }
        }
    }
    Err(Error::not_found(format!(
        "no open item matching `{}` in {person}'s notes",
        pattern.trim()
    )))
}

/// The open items of `note` whose folded text contains `pattern`, one per
/// identity, leaving out identities that a later note (`later`) or a closed
/// mark in this one already settles.
fn matches<'a>(note: &'a Note, pattern: &str, later: &HashSet<ItemKey>) -> Vec<&'a ActionItem> {
    let closed: HashSet<ItemKey> = note
        .all_items()
        .filter(|i| i.state.is_closed())
        .map(|i| i.key(note.date()))
        .collect();
    let mut seen = HashSet::new();
    note.all_items()
        .filter(|i| !i.state.is_closed() && fold(&i.text).contains(pattern))
        .filter(|i| {
            let key = i.key(note.date());
            !later.contains(&key) && !closed.contains(&key) && seen.insert(key)
        })
        .collect()
}

fn fold(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::model::note::NoteName;

    fn note(body: &str) -> Note {
        let name = NoteName::parse("2026-11-24.md").unwrap().unwrap();
        let text = format!("---\nperson: alice\n---\n{body}");
        note::parse(
            Path::new("alice/2026-11-24.md"),
            "alice",
            name,
            text.as_bytes(),
        )
        .unwrap()
    }

    fn texts(items: &[&ActionItem]) -> Vec<String> {
        items.iter().map(|i| i.text.clone()).collect()
    }

    #[test]
    fn matching_ignores_case_and_spacing_and_skips_closed_items() {
        let n = note(
            "- [ ] @me Send the  promotion packet\n- [x] @me Send the old packet\n\
             - [ ] parent\n  - [ ] child PACKET\n",
        );
        let none = HashSet::new();
        assert_eq!(
            texts(&matches(&n, "send the promotion", &none)),
            vec!["@me Send the promotion packet"]
        );
        assert_eq!(
            texts(&matches(&n, "packet", &none)),
            vec!["@me Send the promotion packet", "child PACKET"]
        );
        assert!(matches(&n, "old packet", &none).is_empty());
    }

    #[test]
    fn one_identity_twice_is_one_match_and_a_closed_twin_settles_it() {
        let n = note("- [ ] book room\n- [ ] Book  room\n- [ ] ask\n- [x] ask\n");
        let none = HashSet::new();
        assert_eq!(matches(&n, "book", &none).len(), 1);
        assert!(matches(&n, "ask", &none).is_empty());
        let later: HashSet<ItemKey> = n.all_items().map(|i| i.key(n.date())).collect();
        assert!(matches(&n, "book", &later).is_empty());
    }
}
