//! Following action items through a person's notes: one tracked item per
//! identity, however often it was carried, with its state from the latest
//! note it appears in.

use std::collections::HashMap;

use crate::model::item::{ActionItem, ItemKey, ItemState, MAX_ITEM_DEPTH};
use crate::model::note::{Note, NoteName};
use crate::model::person::{History, Meeting, TrackedItem};

/// Follows a person's notes, oldest first.
pub fn history(notes: &[Note]) -> History {
    let (items, meetings) = track(notes);
    History {
        name: notes.iter().rev().find_map(|n| n.front.name.clone()),
        kind: notes.iter().rev().find_map(|n| n.front.kind),
        cadence: notes.iter().rev().find_map(|n| n.front.cadence),
        meetings,
        items,
    }
}

/// Follows every item through the notes (oldest first): one entry per
/// identity, its state from the latest note it appears in.
fn track(notes: &[Note]) -> (Vec<TrackedItem>, Vec<Meeting>) {
    let mut tracker = Tracker::default();
    let meetings = notes
        .iter()
        .map(|note| {
            let (opened, closed) = tracker.note(note);
            Meeting {
                name: note.name,
                kind: note.front.kind,
                duration: note.front.duration,
                status: note.front.status,
                opened,
                closed,
            }
        })
        .collect();
    (tracker.nest(), meetings)
}

#[derive(Default)]
struct Tracker {
    items: Vec<TrackedItem>,
    /// Parent of each item in its latest occurrence.
    parents: Vec<Option<usize>>,
    /// Keys come from the user's own notes, so the DoS-resistant default
    /// hasher buys nothing; it cost 7% of the instructions of a cold index.
    by_key: HashMap<ItemKey, usize, foldhash::fast::FixedState>,
    /// Notes recorded so far; the current one's number.
    notes: usize,
    /// For each item, the number of the note that last touched it and how.
    touch: Vec<(usize, Touch)>,
    /// Items the current note touched.
    touched: Vec<usize>,
}

/// An item's state before the current note (`None`: new here) and in it.
type Touch = (Option<ItemState>, ItemState);

impl Tracker {
    /// Records one note; returns how many items it opened and closed.
    fn note(&mut self, note: &Note) -> (usize, usize) {
        self.notes += 1;
        self.touched.clear();
        // Parents before children, in file order, without recursion.
        let mut pending: Vec<(&ActionItem, Option<usize>)> =
            note.items.iter().rev().map(|item| (item, None)).collect();
        while let Some((item, parent)) = pending.pop() {
            let i = self.visit(item, parent, note.name);
            pending.extend(item.children.iter().rev().map(|child| (child, Some(i))));
        }
        let touches = self.touched.iter().map(|&i| self.touch[i].1);
        let opened = touches
            .clone()
            .filter(|(before, _)| before.is_none())
            .count();
        let closed = touches
            .filter(|(before, now)| now.is_closed() && !before.is_some_and(ItemState::is_closed))
            .count();
        (opened, closed)
    }

    /// How item `i` was touched by the current note, if it was.
    fn touched(&self, i: usize) -> Option<Touch> {
        let (note, touch) = self.touch[i];
        (note == self.notes).then_some(touch)
    }

    /// Records one occurrence of an item (not its children); returns the
    /// item's index.
    fn visit(&mut self, item: &ActionItem, parent: Option<usize>, note: NoteName) -> usize {
        let date = note.date;
        let key = item.key(date);
        let (i, before) = if let Some(&i) = self.by_key.get(&key) {
            (i, Some(self.items[i].state))
        } else {
            self.items.push(TrackedItem {
                text: item.text.clone(),
                owner: item.owner.clone(),
                due: item.due,
                origin: item.origin_or(date),
                state: item.state,
                closed: None,
                carried: 0,
                note,
                line: item.line,
                children: Vec::new(),
            });
            self.parents.push(parent);
            self.touch.push((0, (None, item.state)));
            self.by_key.insert(key, self.items.len() - 1);
            (self.items.len() - 1, None)
        };
        let touched = self.touched(i);
        let state = match touched {
            // Twice in one note: a closed mark wins over an open one.
            Some((_, earlier)) if earlier.is_closed() => earlier,
            Some(_) => item.state,
            None => {
                if before.is_some() {
                    self.items[i].carried += 1;
                }
                item.state
            }
        };
        let first_touch = touched.map_or(before, |t| t.0);
        if touched.is_none() {
            self.touched.push(i);
        }
        self.touch[i] = (self.notes, (first_touch, state));
        let tracked = &mut self.items[i];
        if !state.is_closed() {
            tracked.closed = None;
        } else if tracked.closed.is_none() || !first_touch.is_some_and(ItemState::is_closed) {
            tracked.closed = Some(date);
        }
        tracked.state = state;
        tracked.due = item.due.or(tracked.due);
        tracked.note = note;
        tracked.line = item.line;
        self.parents[i] = parent;
        i
    }

    /// Hangs children under their parents. A parent always comes first, so
    /// odd histories (an item nested under one first seen after it) cannot
    /// make a cycle. Each note nests at most `MAX_ITEM_DEPTH` deep, but
    /// parents taken from different notes can chain further; an item that
    /// would hang deeper than that limit is listed at the top level instead.
    fn nest(self) -> Vec<TrackedItem> {
        let parents: Vec<Option<usize>> = self
            .parents
            .iter()
            .enumerate()
            .map(|(i, p)| p.filter(|&p| p < i))
            .collect();
        let mut depth = vec![0; parents.len()];
        let mut parent_of = vec![None; parents.len()];
        for (i, p) in parents.iter().enumerate() {
            if let Some(p) = *p
                && depth[p] + 1 < MAX_ITEM_DEPTH
            {
                depth[i] = depth[p] + 1;
                parent_of[i] = Some(p);
            }
        }
        let mut slots: Vec<Option<TrackedItem>> = self.items.into_iter().map(Some).collect();
        let mut roots = Vec::new();
        // Children come after their parents, so going backwards every item
        // is complete when it is moved; children arrive last first.
        for i in (0..slots.len()).rev() {
            let Some(mut item) = slots[i].take() else {
                continue;
            };
            item.children.reverse();
            match parent_of[i].and_then(|p| slots[p].as_mut()) {
                Some(parent) => parent.children.push(item),
                None => roots.push(item),
            }
        }
        roots.reverse();
        roots
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use chrono::NaiveDate;

    use super::*;
    use crate::error::Result;
    use crate::model::index::Index;
    use crate::parse::note;
    use crate::parse::settings::Settings;
    use crate::plan::people;

    fn note(person: &str, file: &str, body: &str) -> Result<Note> {
        let name = NoteName::parse(file).unwrap().unwrap();
        let text = format!("---\nperson: {person}\n---\n{body}");
        let path = PathBuf::from(person).join(file);
        note::parse(&path, person, name, text.as_bytes())
    }

    fn index(notes: Vec<Result<Note>>) -> Index {
        people::index(&Settings::default(), Vec::new(), notes, Vec::new())
    }

    #[test]
    fn a_five_note_chain_is_one_item_carried_four_times() {
        let mut notes = vec![note("alice", "2026-10-01.md", "- [ ] @me send packet\n")];
        for day in ["08", "15", "22"] {
            notes.push(note(
                "alice",
                &format!("2026-10-{day}.md"),
                "- [ ] @me send packet (from 2026-10-01)\n",
            ));
        }
        notes.push(note(
            "alice",
            "2026-10-29.md",
            "- [x] @me send packet (from 2026-10-01)\n",
        ));
        let idx = index(notes);
        let alice = idx.person("alice").unwrap();
        assert_eq!(alice.items.len(), 1);
        let item = &alice.items[0];
        assert_eq!(item.carried, 4);
        assert_eq!(item.state, ItemState::Done);
        assert_eq!(item.closed, NaiveDate::from_ymd_opt(2026, 10, 29));
        assert_eq!(item.path("alice"), PathBuf::from("alice/2026-10-29.md"));
        let counts: Vec<_> = alice
            .meetings
            .iter()
            .map(|m| (m.opened, m.closed))
            .collect();
        assert_eq!(counts, vec![(1, 0), (0, 0), (0, 0), (0, 0), (0, 1)]);
    }

    #[test]
    fn children_nest_and_duplicates_in_one_note_count_once() {
        let idx = index(vec![note(
            "bob",
            "2026-11-02.md",
            "- [ ] parent\n  - [ ] child\n- [ ] parent\n## Later\n- [x] other\n- [ ] other\n",
        )]);
        let bob = idx.person("bob").unwrap();
        assert_eq!(bob.items.len(), 2);
        assert_eq!(bob.items[0].children.len(), 1);
        assert_eq!(bob.items[0].carried, 0);
        assert_eq!(bob.items[1].state, ItemState::Done);
        assert_eq!(bob.open_items().count(), 2);
    }

    #[test]
    fn parents_chained_across_notes_nest_no_deeper_than_one_note_may() {
        // Each item's latest occurrence is as the child of the one before
        // it: a chain as long as the list, from notes two levels deep.
        let n = 1_000;
        let mut flat = String::new();
        let mut pairs = String::new();
        for k in 0..n {
            flat.push_str(&format!("- [ ] a{k}\n"));
        }
        for k in (0..n - 1).rev() {
            pairs.push_str(&format!(
                "- [ ] a{k} (from 2026-11-02)\n  - [ ] a{} (from 2026-11-02)\n",
                k + 1
            ));
        }
        let idx = index(vec![
            note("bob", "2026-11-02.md", &flat),
            note("bob", "2026-11-09.md", &pairs),
        ]);
        let bob = idx.person("bob").unwrap();
        assert_eq!(bob.all_items().count(), n);
        let mut deepest = 0;
        let mut level: Vec<(&TrackedItem, usize)> = bob.items.iter().map(|i| (i, 1)).collect();
        while let Some((item, d)) = level.pop() {
            deepest = deepest.max(d);
            level.extend(item.children.iter().map(|c| (c, d + 1)));
        }
        assert_eq!(deepest, MAX_ITEM_DEPTH);
    }

    #[test]
    fn bad_notes_are_problems_and_the_rest_is_kept() {
        let idx = index(vec![
            note("alice", "2026-11-02.md", "- [ ] a\n"),
            note("bob", "2026-11-02.md", "").and_then(|_| {
                note::parse(
                    Path::new("bob/2026-11-03.md"),
                    "bob",
                    NoteName::parse("2026-11-03.md").unwrap().unwrap(),
                    b"no front matter",
                )
            }),
        ]);
        assert_eq!(idx.people.len(), 1);
        assert_eq!(idx.problems.len(), 1);
        assert!(
            idx.problems[0]
                .to_string()
                .starts_with("bob/2026-11-03.md:1:1:")
        );
    }
}
