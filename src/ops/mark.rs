//! `oneonone done|drop|reopen PERSON PATTERN`: changes the checkbox of one
//! item where it was last written down, one byte of one file and nothing
//! else.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::error::{Error, Result};
use crate::io::repo::Repo;
use crate::io::{load, store};
use crate::model::item::{ActionItem, ItemState};
use crate::model::note::{Note, NoteName};
use crate::model::person::{How, TrackedItem};
use crate::parse::note;
use crate::plan::names::fold;
use crate::plan::track;

/// What to make of the item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// `[ ]` → `[x]`.
    Done,
    /// `[ ]` → `[-]`: it no longer matters.
    Drop,
    /// `[x]` or `[-]` → `[ ]`.
    Reopen,
}

impl Mark {
    /// The checkbox it writes.
    fn byte(self) -> u8 {
        match self {
            Mark::Done => b'x',
            Mark::Drop => b'-',
            Mark::Reopen => b' ',
        }
    }

    /// Whether an item in `state` can be marked so.
    fn applies(self, state: ItemState) -> bool {
        match self {
            Mark::Done | Mark::Drop => state == ItemState::Open,
            Mark::Reopen => state.is_closed(),
        }
    }

    fn wanted(self) -> &'static str {
        match self {
            Mark::Done | Mark::Drop => "open",
            Mark::Reopen => "done or dropped",
        }
    }
}

/// The item that was marked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marked {
    /// Relative to the repository root.
    pub path: PathBuf,
    pub line: usize,
    pub text: String,
}

/// Finds the one item of `person` whose text, as it reads now, contains
/// `pattern` (ignoring case and spacing) and can be marked so, and changes
/// its checkbox in the latest note listing it (a planned one included).
/// Several matches is a refusal that lists them: nothing is written. A
/// note that cannot be read and is newer than the item's line stops it,
/// since it may list the item too. The repository lock is held throughout,
/// so two marks on one note cannot undo each other.
pub fn mark(repo: &Repo, person: &str, pattern: &str, mark: Mark) -> Result<Marked> {
    let wanted = fold(pattern);
    if wanted.is_empty() {
        return Err(Error::usage("the pattern is empty"));
    }
    let _lock = store::Lock::acquire(&repo.root)?;
    let files = repo.notes_of(person)?;
    if files.is_empty() {
        return Err(Error::not_found(format!("`{person}` has no notes")));
    }
    let mut notes = Vec::new();
    let mut broken = Vec::new();
    let former = load::former_ids(&repo.settings, person);
    for (name, path) in &files {
        let read = store::read(&repo.root.join(path), path)
            .and_then(|bytes| note::parse_for(path, person, former, *name, &bytes));
        match read {
            Ok(note) => notes.push(note),
            Err(e) => broken.push((*name, e)),
        }
    }
    // Every note counts, planned ones too: the mark goes where the item
    // will be read from.
    let history = track::history(&notes, NaiveDate::MAX);
    let path = |note: NoteName| Path::new(person).join(note.file_name());
    let matching: Vec<&TrackedItem> = history
        .items
        .iter()
        .flat_map(TrackedItem::family)
        .filter(|i| fold(&i.text).contains(&wanted))
        .collect();
    let candidates: Vec<&TrackedItem> = matching
        .iter()
        .copied()
        .filter(|i| mark.applies(i.state) && i.how.is_none())
        .collect();
    let item = match candidates.as_slice() {
        [item] => *item,
        [] => {
            let removed = matching.iter().find(|i| i.how == Some(How::Removed));
            return Err(match removed {
                Some(i) if mark == Mark::Reopen => Error::not_found(format!(
                    "`{}` was removed from {}'s notes (its line was deleted after {}:{}); \
                     restore the line to reopen it",
                    i.text,
                    person,
                    path(i.note).display(),
                    i.line
                )),
                _ => Error::not_found(format!(
                    "no {} item matching `{}` in {person}'s notes",
                    mark.wanted(),
                    pattern.trim()
                )),
            });
        }
        several => {
            let mut message = format!(
                "`{}` matches {} {} items; nothing was changed, be more specific:",
                pattern.trim(),
                several.len(),
                mark.wanted()
            );
            for item in several {
                let _ = write!(
                    message,
                    "\n  {}:{}: {}",
                    path(item.note).display(),
                    item.line,
                    item.text
                );
            }
            return Err(Error::not_found(message));
        }
    };
    if let Some((_, e)) = broken.into_iter().rev().find(|(n, _)| *n > item.note) {
        return Err(e);
    }
    let rel = path(item.note);
    let line = notes
        .iter()
        .find(|n| n.name == item.note)
        .and_then(|note| at_line(note, item.line))
        .ok_or_else(|| Error::input(&rel, format!("line {} is no longer an item", item.line)))?;
    let file = repo.root.join(&rel);
    let bytes = store::read(&file, &rel)?;
    let current = bytes[line.checkbox];
    store::set_byte(&file, line.checkbox, current, mark.byte())?;
    Ok(Marked {
        path: rel,
        line: item.line,
        text: item.text.clone(),
    })
}

/// The item written on `line` of `note`.
fn at_line(note: &Note, line: usize) -> Option<&ActionItem> {
    note.all_items().find(|i| i.line == line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_mark_applies_to_its_states() {
        assert!(Mark::Done.applies(ItemState::Open));
        assert!(!Mark::Done.applies(ItemState::Done));
        assert!(Mark::Drop.applies(ItemState::Open));
        assert!(!Mark::Drop.applies(ItemState::Cancelled));
        assert!(Mark::Reopen.applies(ItemState::Done));
        assert!(Mark::Reopen.applies(ItemState::Cancelled));
        assert!(!Mark::Reopen.applies(ItemState::Open));
    }

    #[test]
    fn patterns_fold_case_and_spacing() {
        assert_eq!(fold("  Send the\tPromotion  "), "send the promotion");
    }
}
