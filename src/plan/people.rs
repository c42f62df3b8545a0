//! Who a person is: what the settings say of them, else what their notes
//! say, else the defaults.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use crate::error::{Error, Result};
use crate::model::cadence::{Cadence, Kind};
use crate::model::index::Index;
use crate::model::note::Note;
use crate::model::person::{Digest, History, Pause, Person, Summary};
use crate::parse::settings::{PersonSettings, Settings};
use crate::plan::track;

/// The settled facts about a person, whichever source gave them.
struct Profile {
    name: Option<String>,
    kind: Kind,
    cadence: Cadence,
    /// Where no note records a cadence.
    fallback_cadence: Cadence,
    grace: Option<u32>,
    pauses: Vec<Pause>,
}

/// Settings first, then the notes (`name`, `kind`, `cadence` from the
/// latest note giving one), then the defaults.
fn profile(
    settings: &Settings,
    id: &str,
    name: Option<String>,
    kind: Option<Kind>,
    cadence: Option<Cadence>,
) -> Profile {
    let own = settings.person(id);
    let kind = own
        .and_then(|p| p.kind)
        .or(kind)
        .or(settings.defaults.kind)
        .unwrap_or(Kind::DirectReport);
    let fallback_cadence = own
        .and_then(|p| p.cadence)
        .or(settings.defaults.cadence)
        .unwrap_or_else(|| kind.default_cadence());
    let cadence = own
        .and_then(|p| p.cadence)
        .or(cadence)
        .unwrap_or(fallback_cadence);
    Profile {
        name: own.and_then(|p| p.name.clone()).or(name),
        kind,
        cadence,
        fallback_cadence,
        grace: own.and_then(|p| p.grace).or(settings.defaults.grace),
        pauses: own.map_or_else(Vec::new, pauses),
    }
}

/// The pauses of a person's settings, oldest first; `paused_until` is one
/// that began before anything was recorded.
fn pauses(own: &PersonSettings) -> Vec<Pause> {
    let mut out: Vec<Pause> = own
        .pauses
        .iter()
        .map(|p| Pause {
            from: p.from,
            until: p.until,
            reason: p.reason.clone(),
        })
        .chain(own.paused_until.map(|until| Pause {
            from: None,
            until,
            reason: None,
        }))
        .collect();
    out.sort_by_key(|p| (p.from, p.until));
    out
}

/// A person with their whole history. The slot and the meeting length
/// come from the settings, else the latest note giving one (the defaults'
/// length last).
pub fn person(settings: &Settings, id: String, history: History) -> Person {
    let own = settings.person(&id);
    let slot = own.and_then(|p| p.slot).or(history.slot);
    let duration = own
        .and_then(|p| p.duration)
        .or_else(|| history.meetings.iter().rev().find_map(|m| m.duration))
        .or(settings.defaults.duration);
    let p = profile(settings, &id, history.name, history.kind, history.cadence);
    Person {
        id,
        name: p.name,
        kind: p.kind,
        cadence: p.cadence,
        fallback_cadence: p.fallback_cadence,
        grace: p.grace,
        pauses: p.pauses,
        slot,
        duration,
        meetings: history.meetings,
        items: history.items,
        planned: history.planned,
    }
}

/// A person as `status` sees them.
pub fn summary(settings: &Settings, id: String, digest: Digest) -> Summary {
    let p = profile(settings, &id, digest.name, digest.kind, digest.cadence);
    Summary {
        id,
        name: p.name,
        kind: p.kind,
        cadence: p.cadence,
        grace: p.grace,
        pauses: p.pauses,
        last_held: digest.last_held,
        open_items: digest.open_items,
        oldest_open: digest.oldest_open,
        planned: digest.planned,
    }
}

/// Assembles everyone from parsed notes, as of `today`: the people of
/// `folders` and of the settings, each with the notes that parsed; the rest
/// are `problems`.
pub fn index(
    settings: &Settings,
    folders: Vec<String>,
    parsed: Vec<Result<Note>>,
    mut problems: Vec<Error>,
    today: NaiveDate,
) -> Index {
    let mut by_person: BTreeMap<String, Vec<Note>> = BTreeMap::new();
    for result in parsed {
        match result {
            Ok(note) => by_person.entry(note.person.clone()).or_default().push(note),
            Err(e) => problems.push(e),
        }
    }
    let ids: BTreeSet<String> = folders
        .into_iter()
        .chain(by_person.keys().cloned())
        .collect();
    index_by(
        settings,
        ids,
        |id| by_person.remove(id).unwrap_or_default(),
        problems,
        today,
    )
}

/// [`index`] with each person's notes asked for only when that person is
/// assembled: the people of `ids` and of the settings, each with
/// `notes_of` them.
pub fn index_by(
    settings: &Settings,
    ids: BTreeSet<String>,
    notes_of: impl FnMut(&str) -> Vec<Note>,
    mut problems: Vec<Error>,
    today: NaiveDate,
) -> Index {
    problems.sort_by(|a, b| a.path().cmp(&b.path()));
    let people = people_by(settings, ids, notes_of, today).collect();
    Index { people, problems }
}

/// The people of [`index_by`] one at a time, sorted by id, so that a caller
/// holding notes in another form needs no more than one person's parsed at
/// once.
pub fn people_by<'a>(
    settings: &'a Settings,
    mut ids: BTreeSet<String>,
    mut notes_of: impl FnMut(&str) -> Vec<Note> + 'a,
    today: NaiveDate,
) -> impl Iterator<Item = Person> + 'a {
    ids.extend(settings.people.keys().cloned());
    ids.into_iter().map(move |id| {
        let mut notes = notes_of(&id);
        notes.sort_by_key(|n| n.name);
        person(settings, id, track::history(&notes, today))
    })
}
