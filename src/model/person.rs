//! People and what their notes add up to: meetings, items followed across
//! notes, and the short digest `status` reads.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

use chrono::NaiveDate;

use crate::model::cadence::{Cadence, Kind};
use crate::model::item::ItemState;
use crate::model::note::{NoteName, Status};
use crate::model::slot::Slot;

/// Is `id` already a valid person id: `[a-z0-9][a-z0-9._-]*`?
pub fn is_person_id(id: &str) -> bool {
    let mut bytes = id.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        && bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
        // Asked for every note of every scan: a pattern search would cost
        // more to start than this costs to finish.
        && !id.as_bytes().windows(2).any(|w| w == b"..")
}

/// A person as typed on the command line: the folder id, and the display
/// name when the user typed one (`"Alice Smith"` → `alice-smith`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonArg {
    pub id: String,
    pub name: Option<String>,
}

/// Turns user input into a person id, refusing anything that could point
/// outside the repository.
pub fn person_arg(input: &str) -> Result<PersonArg> {
    let trimmed = input.trim();
    let refuse = |why: &str| {
        Err(Error::usage(format!(
            "`{input}` cannot be a person: {why}; use a name such as `alice` or \"Alice Smith\""
        )))
    };
    if trimmed.is_empty() {
        return refuse("the name is empty");
    }
    // `..` first: `../x` is an escape attempt, and saying so beats calling
    // it a hidden folder.
    if trimmed.contains("..") {
        return refuse("`..` would leave the repository");
    }
    if trimmed.contains(['/', '\\']) || Path::new(trimmed).is_absolute() {
        return refuse("it is a path; a person is one folder in the repository");
    }
    if trimmed.starts_with('.') {
        return refuse("names starting with a dot are hidden folders");
    }
    if trimmed.chars().any(char::is_control) {
        return refuse("it contains control characters");
    }
    if is_person_id(trimmed) {
        return Ok(PersonArg {
            id: trimmed.to_owned(),
            name: None,
        });
    }
    let mut id = String::new();
    // Transliterate so "Zoë Ünal" becomes `zoe-unal`, not `zo-nal`.
    for c in deunicode::deunicode(trimmed)
        .chars()
        .flat_map(char::to_lowercase)
    {
        if c.is_ascii_alphanumeric() {
            id.push(c);
        } else if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
    }
    let id = id.trim_end_matches('-').to_owned();
    if !is_person_id(&id) {
        return refuse("a folder name needs ASCII letters or digits (a-z, 0-9) and it has none");
    }
    Ok(PersonArg {
        id,
        name: Some(trimmed.to_owned()),
    })
}

/// One meeting as the reports need it: front matter and item counts.
#[derive(Debug, Clone, PartialEq)]
pub struct Meeting {
    pub name: NoteName,
    pub kind: Option<Kind>,
    /// The cadence the note records: it applies from this note on.
    pub cadence: Option<Cadence>,
    pub duration: Option<u32>,
    pub status: Status,
    /// Items that first appear in this note (origin = this note).
    pub opened: usize,
    /// Items closed in this note.
    pub closed: usize,
}

/// An action item followed through every note it appears in.
#[derive(Debug, Clone, PartialEq)]
pub struct TrackedItem {
    pub text: String,
    pub owner: Option<String>,
    pub due: Option<NaiveDate>,
    pub origin: NaiveDate,
    pub state: ItemState,
    /// How a closed item ended, when it was not by its checkbox.
    pub how: Option<How>,
    /// Date of the note in which the item was closed, when it is closed.
    pub closed: Option<NaiveDate>,
    /// How many later notes it was carried into.
    pub carried: usize,
    /// The note it was last seen in, and the line there.
    pub note: NoteName,
    pub line: usize,
    /// Its latest line is in a private part of its note: it is the user's
    /// item, and stays out of everything that may be shown to others.
    pub private: bool,
    pub children: Vec<TrackedItem>,
}

/// How an item ended other than by its checkbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum How {
    /// Its carried line was deleted from the note it was carried into.
    Removed,
}

impl How {
    pub fn as_str(self) -> &'static str {
        match self {
            How::Removed => "removed",
        }
    }
}

impl TrackedItem {
    /// A copy without its children.
    fn clone_shallow(&self) -> TrackedItem {
        TrackedItem {
            text: self.text.clone(),
            owner: self.owner.clone(),
            due: self.due,
            origin: self.origin,
            state: self.state,
            how: self.how,
            closed: self.closed,
            carried: self.carried,
            note: self.note,
            line: self.line,
            private: self.private,
            children: Vec::new(),
        }
    }

    /// Days from its origin to today, or to the day it closed: a closed
    /// item does not age.
    pub fn age_days(&self, today: NaiveDate) -> i64 {
        (self.closed.unwrap_or(today) - self.origin).num_days()
    }

    /// The item and every item nested under it, parents first.
    pub fn family(&self) -> impl Iterator<Item = &TrackedItem> {
        let mut stack = vec![self];
        std::iter::from_fn(move || {
            let item = stack.pop()?;
            stack.extend(item.children.iter().rev());
            Some(item)
        })
    }

    /// Where the item was last seen, relative to the repository root.
    pub fn path(&self, person: &str) -> PathBuf {
        Path::new(person).join(self.note.file_name())
    }
}

/// `items` without the private ones, in the same order; the items under a
/// private one that are not private themselves take its place.
pub fn without_private(items: &[TrackedItem]) -> Vec<TrackedItem> {
    let mut out = Vec::with_capacity(items.len());
    // (item, where its copy goes: None for `out`, else the path of child
    // indexes from the root copy), explicit so no nesting depth can
    // exhaust the call stack.
    let mut stack: Vec<(&TrackedItem, Vec<usize>)> =
        items.iter().rev().map(|i| (i, Vec::new())).collect();
    while let Some((item, place)) = stack.pop() {
        let children: Vec<usize> = if item.private {
            place.clone()
        } else {
            let siblings = children_at(&mut out, &place);
            siblings.push(item.clone_shallow());
            let mut here = place.clone();
            here.push(siblings.len() - 1);
            here
        };
        stack.extend(item.children.iter().rev().map(|c| (c, children.clone())));
    }
    out
}

/// The list that the item at `place` (child indexes from the roots) keeps
/// its children in; the roots for an empty place.
fn children_at<'a>(roots: &'a mut Vec<TrackedItem>, place: &[usize]) -> &'a mut Vec<TrackedItem> {
    let mut list = roots;
    for &i in place {
        list = &mut list[i].children;
    }
    list
}

impl Meeting {
    /// The note's path relative to the repository root.
    pub fn path(&self, person: &str) -> PathBuf {
        Path::new(person).join(self.name.file_name())
    }
}

/// What a person's notes say on their own, before the settings have their
/// word: the part of a person the cache keeps.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    /// From the latest note that gives one.
    pub name: Option<String>,
    pub kind: Option<Kind>,
    pub cadence: Option<Cadence>,
    pub slot: Option<Slot>,
    /// Oldest first.
    pub meetings: Vec<Meeting>,
    /// Top-level items (children nested), in order of first appearance.
    pub items: Vec<TrackedItem>,
    /// The next note dated after today: a meeting being prepared, not yet
    /// part of the history.
    pub planned: Option<NaiveDate>,
}

impl History {
    /// The part of the history `status` needs.
    pub fn digest(&self) -> Digest {
        let held = self
            .meetings
            .iter()
            .rev()
            .find(|m| m.status == Status::Held);
        let (open_items, oldest_open) = open_count(self.items.iter().flat_map(TrackedItem::family));
        Digest {
            name: self.name.clone(),
            kind: self.kind,
            cadence: self.cadence,
            last_held: held.map(|m| m.name.date),
            open_items,
            oldest_open,
            planned: self.planned,
        }
    }
}

/// What `status` needs of a person's notes: a few numbers, where the full
/// history holds every meeting and item. The cache keeps it apart from the
/// history so a status read decodes only this.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Digest {
    pub name: Option<String>,
    pub kind: Option<Kind>,
    pub cadence: Option<Cadence>,
    /// The date of the last meeting held.
    pub last_held: Option<NaiveDate>,
    /// Open items, each counted once, sub-items included.
    pub open_items: usize,
    /// The origin of the oldest open item.
    pub oldest_open: Option<NaiveDate>,
    pub planned: Option<NaiveDate>,
}

/// How many of `items` are open, and the oldest origin among those.
fn open_count<'a>(items: impl Iterator<Item = &'a TrackedItem>) -> (usize, Option<NaiveDate>) {
    items
        .filter(|item| item.state == ItemState::Open)
        .fold((0, None), |(count, oldest), item| {
            (
                count + 1,
                Some(oldest.map_or(item.origin, |o: NaiveDate| o.min(item.origin))),
            )
        })
}

/// A stretch when no 1:1 is expected: leave, a sabbatical, a paused
/// mentorship, both ends included. Without `from` (the `paused_until`
/// shorthand) it is taken to begin the day after the last meeting held
/// before it ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pause {
    pub from: Option<NaiveDate>,
    pub until: NaiveDate,
    pub reason: Option<String>,
}

/// Everything known about one person.
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    pub id: String,
    pub name: Option<String>,
    pub kind: Kind,
    /// The cadence now: the settings', else the latest note's, else the
    /// defaults'. It governs the interval running since the last meeting.
    pub cadence: Cadence,
    /// The cadence of any stretch no earlier note records one for: the
    /// settings', else the defaults', else the kind's. A cadence a note
    /// records applies from that note on, never before it.
    pub fallback_cadence: Cadence,
    pub grace: Option<u32>,
    /// Every pause recorded, oldest first.
    pub pauses: Vec<Pause>,
    /// The usual timeslot, when the settings or a note give one.
    pub slot: Option<Slot>,
    /// Meeting length in minutes, when the settings or a note give one.
    pub duration: Option<u32>,
    /// Oldest first.
    pub meetings: Vec<Meeting>,
    /// Top-level items (children nested), in order of first appearance.
    pub items: Vec<TrackedItem>,
    /// The next note dated after today.
    pub planned: Option<NaiveDate>,
}

impl Person {
    /// Dates of meetings that took place, oldest first.
    pub fn held(&self) -> Vec<NaiveDate> {
        self.meetings
            .iter()
            .filter(|m| m.status == Status::Held)
            .map(|m| m.name.date)
            .collect()
    }

    pub fn last_held(&self) -> Option<NaiveDate> {
        self.held().last().copied()
    }

    /// Every tracked item, parents before children.
    pub fn all_items(&self) -> impl Iterator<Item = &TrackedItem> {
        self.items.iter().flat_map(TrackedItem::family)
    }

    pub fn open_items(&self) -> impl Iterator<Item = &TrackedItem> {
        self.all_items().filter(|i| i.state == ItemState::Open)
    }

    pub fn display_name(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.id)
    }

    /// Is any of the person's items private?
    pub fn has_private(&self) -> bool {
        self.all_items().any(|i| i.private)
    }

    /// The person as others may see them: without their private items.
    #[must_use]
    pub fn without_private(&self) -> Person {
        Person {
            items: without_private(&self.items),
            ..self.clone()
        }
    }

    /// What `status` shows of the person.
    pub fn summary(&self) -> Summary {
        let (open_items, oldest_open) = open_count(self.all_items());
        Summary {
            id: self.id.clone(),
            name: self.name.clone(),
            kind: self.kind,
            cadence: self.cadence,
            grace: self.grace,
            pauses: self.pauses.clone(),
            last_held: self.last_held(),
            open_items,
            oldest_open,
            planned: self.planned,
        }
    }
}

/// A person as `status` sees them: who they are (settings applied) and the
/// [`Digest`] of their notes, without the history behind it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub id: String,
    pub name: Option<String>,
    pub kind: Kind,
    pub cadence: Cadence,
    pub grace: Option<u32>,
    /// Every pause recorded, oldest first.
    pub pauses: Vec<Pause>,
    pub last_held: Option<NaiveDate>,
    pub open_items: usize,
    pub oldest_open: Option<NaiveDate>,
    pub planned: Option<NaiveDate>,
}

impl Summary {
    pub fn display_name(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.id)
    }
}

#[cfg(test)]
impl Meeting {
    /// A meeting on `date` with no items: a test fixture.
    pub(crate) fn on(date: NaiveDate, status: Status) -> Meeting {
        Meeting {
            name: NoteName { date, seq: 1 },
            kind: None,
            cadence: None,
            duration: None,
            status,
            opened: 0,
            closed: 0,
        }
    }
}

#[cfg(test)]
impl Person {
    /// A direct report with held meetings on `held` (ISO dates) and no
    /// items: the common fixture of the report tests.
    pub(crate) fn held_on(id: &str, cadence: Cadence, held: &[&str]) -> Person {
        Person {
            id: id.into(),
            name: None,
            kind: Kind::DirectReport,
            cadence,
            fallback_cadence: cadence,
            grace: None,
            pauses: Vec::new(),
            slot: None,
            duration: None,
            meetings: held
                .iter()
                .map(|s| {
                    let date = crate::model::date::parse_date(s).expect("valid test date");
                    Meeting::on(date, Status::Held)
                })
                .collect(),
            items: Vec::new(),
            planned: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        let p = person_arg("Alice Smith").unwrap();
        assert_eq!(p.id, "alice-smith");
        assert_eq!(p.name.as_deref(), Some("Alice Smith"));
        assert_eq!(person_arg("bob").unwrap().name, None);
        assert_eq!(person_arg("o'brien, Pat").unwrap().id, "o-brien-pat");
        assert_eq!(person_arg("j.doe_2").unwrap().id, "j.doe_2");
    }

    #[test]
    fn traversal_is_refused() {
        for bad in [
            "",
            "  ",
            "..",
            "../x",
            "/tmp/x",
            ".hidden",
            "a/b",
            "a\\b",
            "x..y",
            "!!!",
            "a\tb",
            "\u{1b}[31m",
        ] {
            assert!(person_arg(bad).is_err(), "{bad:?} must be refused");
        }
        for folder in ["x..y", "..", "a.b..", "-a"] {
            assert!(!is_person_id(folder), "{folder:?} is no person folder");
        }
        for folder in ["j.doe", "a.b.c", "a-.b_", "7"] {
            assert!(is_person_id(folder), "{folder:?} is a person folder");
        }
    }
}
