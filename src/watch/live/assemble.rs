//! Putting people together from the notes kept, all of them or one.

use std::collections::BTreeMap;

use super::{Entry, LiveIndex};
use crate::model::index::Index;
use crate::model::person::{Person, TrackedItem};
use crate::plan::people;

impl LiveIndex {
    /// Reassembles the people whose files changed.
    pub(super) fn refresh(&mut self) {
        if std::mem::take(&mut self.all_dirty) {
            self.dirty.clear();
            // The old index goes first: both at once would be the peak.
            self.index = Index::default();
            let folders = self
                .folders
                .iter()
                .filter(|(_, files)| is_person(files))
                .map(|(folder, _)| folder.clone())
                .collect();
            let problems = self.problems();
            let notes_of = |id: &str| self.notes(id, true);
            let people = people::people_by(&self.settings, folders, notes_of, self.today);
            self.index = Index {
                people: people.map(fit).collect(),
                problems,
            };
            self.kept = self
                .folders
                .iter()
                .filter(|(_, files)| keeps_a_broken_note(files))
                .map(|(folder, _)| folder.clone())
                .collect();
            return;
        }
        for id in std::mem::take(&mut self.dirty) {
            let person = self.person(&id, true);
            replace(&mut self.index, &id, person);
            if self.folders.get(&id).is_some_and(keeps_a_broken_note) {
                self.kept.insert(id);
            } else {
                self.kept.remove(&id);
            }
        }
        self.index.problems = self.problems();
    }

    /// The person of folder `id` as assembled from its notes, with the last
    /// good version of broken ones or without.
    pub(super) fn person(&self, id: &str, last_good: bool) -> Option<Person> {
        let folders = self
            .folders
            .get(id)
            .filter(|files| is_person(files))
            .map(|_| id.to_owned())
            .into_iter()
            .collect();
        let mut notes = Some(self.notes(id, last_good));
        let notes_of = |other: &str| {
            if other == id {
                notes.take().unwrap_or_default()
            } else {
                Vec::new()
            }
        };
        // Everyone in settings comes back too; only this person is new.
        people::index_by(&self.settings, folders, notes_of, Vec::new(), self.today)
            .people
            .into_iter()
            .find(|p| p.id == id)
            .map(fit)
    }
}

/// Gives back the room a person's lists were grown with: the index lives
/// for as long as the watch runs, and a list grown by doubling may be
/// nearly half empty. Copied rather than shrunk: an allocator may keep a
/// shrunk list's spare room.
fn fit(mut person: Person) -> Person {
    fn exact<T>(list: &mut Vec<T>) {
        if list.capacity() > list.len() {
            let mut fitted = Vec::with_capacity(list.len());
            fitted.append(list);
            *list = fitted;
        }
    }
    exact(&mut person.meetings);
    exact(&mut person.items);
    let mut lists: Vec<&mut Vec<TrackedItem>> = person
        .items
        .iter_mut()
        .map(|item| &mut item.children)
        .collect();
    while let Some(list) = lists.pop() {
        exact(list);
        lists.extend(list.iter_mut().map(|item| &mut item.children));
    }
    person
}

/// Does the scan list this folder as a person's (a note or a topic queue in
/// it)?
pub(super) fn is_person(files: &BTreeMap<String, Entry>) -> bool {
    files
        .values()
        .any(|e| matches!(e, Entry::Note { .. } | Entry::Topics { .. }))
}

/// Puts `person` in the place of folder `id`'s (or removes it).
pub(super) fn replace(index: &mut Index, id: &str, person: Option<Person>) {
    let people = &mut index.people;
    match (people.binary_search_by(|p| p.id.as_str().cmp(id)), person) {
        (Ok(i), Some(person)) => people[i] = person,
        (Ok(i), None) => {
            people.remove(i);
        }
        (Err(i), Some(person)) => people.insert(i, person),
        (Err(_), None) => {}
    }
}

pub(super) fn keeps_a_broken_note(files: &BTreeMap<String, Entry>) -> bool {
    files.values().any(|e| {
        matches!(
            e,
            Entry::Note {
                good: Some(_),
                problem: Some(_),
                ..
            }
        )
    })
}
