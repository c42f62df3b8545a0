//! `oneonone review PERSON`: everything in a date range that a performance
//! review or a promotion case draws on: meetings and adherence, how action
//! items fared per owner, the sections under the review headings, and the
//! numbers the notes' front matter records over time.

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::io::repo::Repo;
use crate::io::store;
use crate::model::item::ItemState;
use crate::model::note::Status;
use crate::model::person::{Person, TrackedItem};
use crate::parse::{frontmatter, note};
use crate::plan::cadence::Rhythm;
use crate::plan::names::{Directory, Known};
use crate::report::actions::Owners;

mod render;

pub use render::{render_html, render_text};

/// The range asked for: both ends included; no start means from the first
/// note.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    pub since: Option<NaiveDate>,
    pub until: NaiveDate,
}

impl Range {
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.since.is_none_or(|s| s <= day) && day <= self.until
    }
}

/// The review, as `review --json` prints it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Review {
    pub person: String,
    pub name: String,
    pub since: Option<NaiveDate>,
    pub until: NaiveDate,
    pub meetings: Meetings,
    /// The person's items, yours (`@me`), then everyone else's and
    /// unowned ones; always these three rows.
    pub items: Vec<OwnerItems>,
    /// The headings gathered.
    pub headings: Vec<String>,
    /// In date order, then in note order.
    pub sections: Vec<Section>,
    /// One series per numeric front-matter field, by field name.
    pub trend: Vec<Series>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Meetings {
    /// Notes in the range with `status: held` (the default).
    pub held: usize,
    pub cancelled: usize,
    /// Intervals in the range the cadence asked for a meeting in, as
    /// `gaps` counts them, and those that passed without one.
    pub expected: u32,
    pub missed: u32,
    /// `held / expected` intervals, two decimals; 1 when none was expected.
    pub adherence: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OwnerItems {
    /// The person's id, `me`, or `others` (anyone else, and no owner).
    pub owner: String,
    /// Items first written in the range.
    pub opened: usize,
    /// Items ticked `[x]` in a note in the range.
    pub closed: usize,
    /// Items dropped (`[-]`, or their carried line deleted) in the range.
    pub dropped: usize,
    /// Items open at the end of the range.
    pub open: usize,
    /// Of the items opened in the range, the share ticked done by its end;
    /// two decimals; `null` when none was opened.
    pub follow_through: Option<f64>,
    /// Median days from an item's first note to the note that ticked it,
    /// over the items closed in the range; `null` when none was.
    pub median_days_to_close: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    pub date: NaiveDate,
    pub path: String,
    pub heading: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Series {
    pub field: String,
    pub points: Vec<Point>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Point {
    pub date: NaiveDate,
    pub value: f64,
}

/// Builds the review of `person` over `range`, reading the bodies of the
/// notes in it for their sections and numbers. A note that cannot be read
/// is left out here; loading the index has already said why.
pub fn review(repo: &Repo, person: &Person, range: Range, today: NaiveDate) -> Result<Review> {
    if let Some(since) = range.since
        && since > range.until
    {
        return Err(Error::usage(format!(
            "--since {since} is after --until {}: the range is empty",
            range.until
        )));
    }
    let headings = repo.settings.review_headings();
    let mut notes = Vec::new();
    for (name, path) in repo.notes_of(&person.id)? {
        if !range.contains(name.date) {
            continue;
        }
        let Ok(bytes) = store::read(&repo.root.join(&path), &path) else {
            continue;
        };
        let Ok(text) = note::decode(&path, &bytes) else {
            continue;
        };
        let Ok(split) = frontmatter::split(text) else {
            continue;
        };
        notes.push(NoteText {
            date: name.date,
            path,
            sections: note::sections_under(split.body, &headings),
            numbers: frontmatter::numbers(split.yaml),
        });
    }
    let theirs = Directory::of_settings(&repo.settings)
        .get(&person.id)
        .cloned()
        .unwrap_or_else(|| Known {
            id: person.id.clone(),
            ..Known::default()
        });
    Ok(assemble(
        person,
        (repo.settings.me(), &theirs),
        &headings,
        notes,
        range,
        today,
    ))
}

/// What `review` reads of one note's text.
#[derive(Debug, Clone, PartialEq)]
pub struct NoteText {
    pub date: NaiveDate,
    pub path: PathBuf,
    pub sections: Vec<(String, String)>,
    pub numbers: Vec<(String, f64)>,
}

/// The pure part of [`review`].
pub fn assemble(
    person: &Person,
    (me, theirs): (&str, &Known),
    headings: &[&str],
    mut notes: Vec<NoteText>,
    range: Range,
    today: NaiveDate,
) -> Review {
    notes.sort_by(|a, b| (a.date, &a.path).cmp(&(b.date, &b.path)));
    let in_range: Vec<_> = person
        .meetings
        .iter()
        .filter(|m| range.contains(m.name.date))
        .collect();
    let adherence = Rhythm::of(person).adherence(range.since, range.until.min(today));
    let meetings = Meetings {
        held: in_range.iter().filter(|m| m.status == Status::Held).count(),
        cancelled: in_range
            .iter()
            .filter(|m| m.status == Status::Cancelled)
            .count(),
        expected: adherence.expected,
        missed: adherence.missed,
        adherence: round2(adherence.ratio()),
    };

    let mine = Owners::new("me", me, &Directory::default());
    let whose = |owner: Option<&str>| match owner {
        Some(o) if mine.matches(Some(o)) => 1,
        Some(o) if o.eq_ignore_ascii_case(&person.id) || theirs.is_owner(o) => 0,
        _ => 2,
    };
    let mut groups: [Vec<&TrackedItem>; 3] = Default::default();
    for item in &person.items {
        owned(item, None, &mut |item, owner| {
            groups[whose(owner)].push(item);
        });
    }
    let names = [person.id.as_str(), "me", "others"];
    let items = names
        .iter()
        .zip(&groups)
        .map(|(owner, items)| tally(owner, items, range))
        .collect();

    let mut sections = Vec::new();
    let mut series: BTreeMap<String, Vec<Point>> = BTreeMap::new();
    for note in &notes {
        let path = note.path.to_string_lossy().into_owned();
        for (heading, text) in &note.sections {
            sections.push(Section {
                date: note.date,
                path: path.clone(),
                heading: heading.clone(),
                text: text.clone(),
            });
        }
        for (field, value) in &note.numbers {
            series.entry(field.clone()).or_default().push(Point {
                date: note.date,
                value: *value,
            });
        }
    }
    Review {
        person: person.id.clone(),
        name: person.display_name().to_owned(),
        since: range.since,
        until: range.until,
        meetings,
        items,
        headings: headings.iter().map(|h| (*h).to_owned()).collect(),
        sections,
        trend: series
            .into_iter()
            .map(|(field, points)| Series { field, points })
            .collect(),
    }
}

/// Every item with its owner, a sub-item without one taking its parent's.
fn owned<'a>(
    item: &'a TrackedItem,
    parent: Option<&'a str>,
    visit: &mut dyn FnMut(&'a TrackedItem, Option<&'a str>),
) {
    let owner = item.owner.as_deref().or(parent);
    visit(item, owner);
    for child in &item.children {
        owned(child, owner, visit);
    }
}

fn tally(owner: &str, items: &[&TrackedItem], range: Range) -> OwnerItems {
    let closed_in = |item: &&&TrackedItem, state: ItemState| {
        item.state == state && item.closed.is_some_and(|d| range.contains(d))
    };
    let opened: Vec<_> = items.iter().filter(|i| range.contains(i.origin)).collect();
    let done =
        |i: &TrackedItem| i.state == ItemState::Done && i.closed.is_some_and(|d| d <= range.until);
    let followed = opened.iter().filter(|i| done(i)).count();
    let mut days: Vec<i64> = items
        .iter()
        .filter(|i| closed_in(i, ItemState::Done))
        .filter_map(|i| i.closed.map(|c| (c - i.origin).num_days()))
        .collect();
    days.sort_unstable();
    #[allow(clippy::cast_precision_loss)] // counts and day spans are small
    let median = match days.len() {
        0 => None,
        n if n % 2 == 1 => Some(days[n / 2] as f64),
        n => Some((days[n / 2 - 1] + days[n / 2]) as f64 / 2.0),
    };
    #[allow(clippy::cast_precision_loss)]
    let follow_through =
        (!opened.is_empty()).then(|| round2(followed as f64 / opened.len() as f64));
    OwnerItems {
        owner: owner.to_owned(),
        opened: opened.len(),
        closed: items
            .iter()
            .filter(|i| closed_in(i, ItemState::Done))
            .count(),
        dropped: items
            .iter()
            .filter(|i| closed_in(i, ItemState::Cancelled))
            .count(),
        open: items
            .iter()
            .filter(|i| i.origin <= range.until && i.closed.is_none_or(|c| c > range.until))
            .count(),
        follow_through,
        median_days_to_close: median,
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}
