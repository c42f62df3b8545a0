//! Following action items through a person's notes: one tracked item per
//! identity from the note where it first appears to the note where it
//! ends, however often it was carried and however the user reworded it on
//! the way.
//!
//! Within a note, lines are matched to the items known so far in three
//! passes: the same text (and origin) first; then a carried line (one with
//! a `(from DATE)` marker) whose text, owner or due changed continues the
//! most similar open item of that origin in the previous note; anything
//! left is a new item. A note that `new` scaffolded says which note it
//! carried from (`carried_from:` in its front matter); an open item of that
//! note whose line is gone from the new one was removed by the user, and
//! ends there as dropped.

use std::collections::HashMap;
use std::ops::Range;

use chrono::NaiveDate;
use foldhash::fast::FixedState;

use crate::model::item::{ActionItem, ItemState, MAX_ITEM_DEPTH, normalise};
use crate::model::note::{Note, NoteName};
use crate::model::person::{History, How, Meeting, TrackedItem};

/// Follows a person's notes (oldest first) as of `today`: a note dated
/// later is a meeting being prepared, not yet history.
pub fn history(notes: &[Note], today: NaiveDate) -> History {
    follow(notes, today).0
}

/// [`history`], with what `check` should tell the user about it.
pub fn follow(notes: &[Note], today: NaiveDate) -> (History, Vec<Notice>) {
    let held = notes.partition_point(|n| n.date() <= today);
    let (notes, planned) = notes.split_at(held);
    let mut tracker = Tracker::sized_for(notes);
    let meetings = notes
        .iter()
        .map(|note| {
            let (opened, closed) = tracker.note(note);
            Meeting {
                name: note.name,
                kind: note.front.kind,
                cadence: note.front.cadence,
                duration: note.front.duration,
                status: note.front.status,
                opened,
                closed,
            }
        })
        .collect();
    let mut notices = std::mem::take(&mut tracker.notices);
    notices.extend(tracker.orphans());
    let history = History {
        name: notes.iter().rev().find_map(|n| n.front.name.clone()),
        kind: notes.iter().rev().find_map(|n| n.front.kind),
        cadence: notes.iter().rev().find_map(|n| n.front.cadence),
        slot: notes.iter().rev().find_map(|n| n.front.slot),
        meetings,
        items: tracker.nest(),
        planned: planned.first().map(Note::date),
    };
    (history, notices)
}

/// The items still open after following `notes` (one person's, oldest
/// first) that were first written down before `target`: what a new note
/// `target` carries. Each as it reads now, parents before children; an open
/// item under a closed parent comes on its own.
pub fn open_before(notes: &[&Note], target: NoteName) -> Vec<TrackedItem> {
    let mut tracker = Tracker::default();
    for note in notes {
        tracker.note(note);
    }
    let keep: Vec<bool> = (0..tracker.items.len())
        .map(|i| tracker.items[i].state == ItemState::Open && tracker.first[i] < target)
        .collect();
    for (i, parent) in tracker.parents.iter_mut().enumerate() {
        if parent.is_some_and(|p| !keep[p]) || !keep[i] {
            *parent = None;
        }
    }
    tracker.nest_where(&keep)
}

/// Something about a person's items that `check` tells the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// A reworded carried line (`note`, `line`) is as like two open items
    /// (where each was last written); it was taken as the first.
    Tie {
        note: NoteName,
        line: usize,
        text: String,
        candidates: [(NoteName, usize); 2],
    },
    /// The line of a carried item was deleted from `note`: the item ended
    /// there as dropped. It was last at `line` of `from`.
    Removed {
        note: NoteName,
        from: NoteName,
        line: usize,
        text: String,
    },
    /// An open item under a closed parent, at `line` of `note`: it stays
    /// open and is carried on its own.
    Orphan {
        note: NoteName,
        line: usize,
        text: String,
    },
}

/// Similarity comparisons allowed per note when matching reworded lines;
/// past it, the remaining lines count as new items. Real notes need a few
/// dozen; the bound keeps a hostile file (thousands of reworded lines of
/// one origin) from costing quadratic time.
const MATCH_BUDGET: usize = 100_000;

/// Only this much of each text is compared for similarity.
const MATCH_CHARS: usize = 200;

/// Item indices by identity: origin, then folded text. Two levels so that
/// a line's identity, folded into a reused buffer, is looked up without
/// allocating. Keys come from the user's own notes, so the DoS-resistant
/// default hasher buys nothing; it cost 7% of the instructions of a cold
/// index.
type ByKey = HashMap<NaiveDate, HashMap<String, usize, FixedState>, FixedState>;

#[derive(Default)]
struct Tracker<'a> {
    items: Vec<TrackedItem>,
    /// The note each item was first written down in.
    first: Vec<NoteName>,
    /// Parent of each item in its latest occurrence.
    parents: Vec<Option<usize>>,
    /// Every wording an item has had, with its origin.
    by_key: ByKey,
    /// Items by origin, for matching reworded carried lines; made the first
    /// time a note needs it, since most never do.
    by_origin: Option<HashMap<NaiveDate, Vec<usize>, FixedState>>,
    /// Notes recorded so far; the current one's number.
    notes: usize,
    /// The note before the current one.
    previous: Option<NoteName>,
    /// For each item, the number of the note that last touched it and how.
    touch: Vec<(usize, Touch)>,
    /// Items the current note touched.
    touched: Vec<usize>,
    /// Items that may be open, so removals look at those and not at every
    /// item ever written; `listed` says which are in it.
    open: Vec<usize>,
    listed: Vec<bool>,
    notices: Vec<Notice>,
    /// The current note's lines, reused from note to note.
    lines: Lines<'a>,
}

/// One note's items, parents before children in file order: each with
/// the index of its parent's line, its identity (its origin, and where its
/// folded text is in `folded`) and the item it continues, if known.
#[derive(Default)]
struct Lines<'a> {
    items: Vec<(&'a ActionItem, Option<usize>)>,
    keys: Vec<(NaiveDate, Range<usize>)>,
    folded: String,
    found: Vec<Option<usize>>,
    index_of: Vec<usize>,
}

impl Lines<'_> {
    fn key(&self, k: usize) -> (NaiveDate, &str) {
        let (origin, span) = &self.keys[k];
        (*origin, &self.folded[span.clone()])
    }
}

/// An item's state before the current note (`None`: new here) and in it.
type Touch = (Option<ItemState>, ItemState);

impl<'a> Tracker<'a> {
    /// A tracker with room for the items of `notes` (counting each carried
    /// line as its own, so more than needed): growing its lists one item
    /// at a time moved every item several times.
    fn sized_for(notes: &[Note]) -> Self {
        let lines = notes.iter().map(|n| n.items.len()).sum();
        Tracker {
            items: Vec::with_capacity(lines),
            first: Vec::with_capacity(lines),
            parents: Vec::with_capacity(lines),
            touch: Vec::with_capacity(lines),
            listed: Vec::with_capacity(lines),
            ..Tracker::default()
        }
    }

    /// Records one note; returns how many items it opened and closed.
    fn note(&mut self, note: &'a Note) -> (usize, usize) {
        self.notes += 1;
        self.touched.clear();
        let date = note.date();
        let mut lines = std::mem::take(&mut self.lines);
        lines.items.clear();
        lines.keys.clear();
        lines.folded.clear();
        lines.found.clear();
        lines.index_of.clear();
        // Parents before children, in file order, without recursion.
        let mut pending: Vec<(&ActionItem, Option<usize>)> =
            note.items.iter().rev().map(|item| (item, None)).collect();
        while let Some((item, parent)) = pending.pop() {
            let at = lines.items.len();
            lines.items.push((item, parent));
            pending.extend(item.children.iter().rev().map(|child| (child, Some(at))));
        }
        for (item, _) in &lines.items {
            let start = lines.folded.len();
            item.identity_into(&mut lines.folded);
            let key = (item.origin_or(date), start..lines.folded.len());
            lines.keys.push(key);
        }
        for k in 0..lines.items.len() {
            let (origin, text) = lines.key(k);
            let found = self.by_key.get(&origin).and_then(|t| t.get(text)).copied();
            lines.found.push(found);
        }
        self.reworded(note, &mut lines);
        for k in 0..lines.items.len() {
            let (item, parent) = lines.items[k];
            let parent = parent.map(|p| lines.index_of[p]);
            let i = self.visit(item, parent, note.name, lines.key(k), lines.found[k]);
            lines.index_of.push(i);
        }
        self.lines = lines;
        let removed = match note.front.carried_from {
            Some(source) if source < note.name => self.remove_missing(note.name),
            _ => 0,
        };
        self.previous = Some(note.name);
        let touches = self.touched.iter().map(|&i| self.touch[i].1);
        let opened = touches
            .clone()
            .filter(|(before, _)| before.is_none())
            .count();
        let closed = touches
            .filter(|(before, now)| now.is_closed() && !before.is_some_and(ItemState::is_closed))
            .count();
        (opened, closed + removed)
    }

    /// Matches carried lines that found no item by their exact text to the
    /// most similar item of their origin that is still open and not
    /// claimed by another line of the note, in file order.
    fn reworded(&mut self, note: &Note, lines: &mut Lines) {
        // Only a carried line (one with an origin) that found nothing by
        // its text can be a reworded one; most notes have none.
        let found = &lines.found;
        let reworded = |(k, (item, _)): (usize, &(&ActionItem, Option<usize>))| {
            found[k].is_none() && item.origin.is_some()
        };
        if self.previous.is_none() || !lines.items.iter().enumerate().any(reworded) {
            return;
        }
        let items = &self.items;
        let by_origin = self.by_origin.get_or_insert_with(|| {
            let mut map = HashMap::default();
            for (i, item) in items.iter().enumerate() {
                map.entry(item.origin).or_insert_with(Vec::new).push(i);
            }
            map
        });
        let mut claimed = vec![false; self.items.len()];
        for &i in lines.found.iter().flatten() {
            claimed[i] = true;
        }
        let mut budget = MATCH_BUDGET;
        for (k, (item, _)) in lines.items.iter().enumerate() {
            let Some(origin) = item.origin else { continue };
            if lines.found[k].is_some() {
                continue;
            }
            let candidates: Vec<usize> = by_origin
                .get(&origin)
                .into_iter()
                .flatten()
                .copied()
                .filter(|&i| self.items[i].state == ItemState::Open && !claimed[i])
                .collect();
            if candidates.len() > budget {
                return;
            }
            budget -= candidates.len();
            let wanted: String = normalise(&item.text).chars().take(MATCH_CHARS).collect();
            let mut scored: Vec<(f64, usize)> = candidates
                .into_iter()
                .map(|i| {
                    let had: String = normalise(&self.items[i].text)
                        .chars()
                        .take(MATCH_CHARS)
                        .collect();
                    (strsim::sorensen_dice(&wanted, &had), i)
                })
                .collect();
            // Most similar first; among equals, the one written earlier.
            let place = |i: usize| (self.items[i].note, self.items[i].line);
            scored.sort_by(|a, b| {
                b.0.total_cmp(&a.0)
                    .then_with(|| place(a.1).cmp(&place(b.1)))
            });
            let Some(&(best, i)) = scored.first() else {
                continue;
            };
            if let Some(&(second, j)) = scored.get(1)
                && second.total_cmp(&best).is_eq()
            {
                self.notices.push(Notice::Tie {
                    note: note.name,
                    line: item.line,
                    text: item.text.clone(),
                    candidates: [place(i), place(j)],
                });
            }
            lines.found[k] = Some(i);
            claimed[i] = true;
            let (origin, text) = lines.key(k);
            let texts = self.by_key.entry(origin).or_default();
            texts.insert(text.to_owned(), i);
        }
    }

    /// Ends as dropped each item that was open before the current note and
    /// that the note no longer lists: `new` carried every open item into
    /// it, so a missing one was deleted by the user. Returns how many it
    /// ended.
    fn remove_missing(&mut self, note: NoteName) -> usize {
        let mut gone = Vec::new();
        let (items, touch, listed, notes) =
            (&self.items, &self.touch, &mut self.listed, self.notes);
        self.open.retain(|&i| {
            let open = items[i].state == ItemState::Open;
            if open && touch[i].0 != notes {
                gone.push(i);
            }
            let keep = open && touch[i].0 == notes;
            listed[i] = keep;
            keep
        });
        gone.sort_unstable();
        let removed = gone.len();
        for i in gone {
            let item = &mut self.items[i];
            item.state = ItemState::Cancelled;
            item.how = Some(How::Removed);
            item.closed = Some(note.date);
            self.notices.push(Notice::Removed {
                note,
                from: item.note,
                line: item.line,
                text: item.text.clone(),
            });
        }
        removed
    }

    /// How item `i` was touched by the current note, if it was.
    fn touched(&self, i: usize) -> Option<Touch> {
        let (note, touch) = self.touch[i];
        (note == self.notes).then_some(touch)
    }

    /// Records one occurrence of an item (not its children), `found` the
    /// item it continues if any; returns the item's index.
    fn visit(
        &mut self,
        item: &ActionItem,
        parent: Option<usize>,
        note: NoteName,
        (origin, text): (NaiveDate, &str),
        found: Option<usize>,
    ) -> usize {
        let date = note.date;
        let found = found.or_else(|| {
            let texts = self.by_key.entry(origin).or_default();
            // A line written twice in one note finds the item its first
            // occurrence made.
            let made = texts.get(text).copied();
            if made.is_none() {
                texts.insert(text.to_owned(), self.items.len());
            }
            made
        });
        let (i, before) = if let Some(i) = found {
            (i, Some(self.items[i].state))
        } else {
            let i = self.items.len();
            self.items.push(TrackedItem {
                text: item.text.clone(),
                owner: item.owner.clone(),
                due: item.due,
                origin,
                state: item.state,
                how: None,
                closed: None,
                carried: 0,
                note,
                line: item.line,
                private: item.private,
                children: Vec::new(),
            });
            self.parents.push(parent);
            self.first.push(note);
            self.listed.push(false);
            self.touch.push((0, (None, item.state)));
            if let Some(by_origin) = &mut self.by_origin {
                by_origin.entry(origin).or_default().push(i);
            }
            (i, None)
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
        tracked.how = None;
        tracked.state = state;
        if state == ItemState::Open && !self.listed[i] {
            self.listed[i] = true;
            self.open.push(i);
        }
        // The item reads as its latest line says (the closing line, when a
        // note lists it twice).
        if state == item.state {
            // Carried lines mostly read as before: compare before copying.
            if tracked.text != item.text {
                tracked.text.clone_from(&item.text);
            }
            if tracked.owner != item.owner {
                tracked.owner.clone_from(&item.owner);
            }
            tracked.due = item.due;
            tracked.note = note;
            tracked.line = item.line;
            tracked.private = item.private;
            self.parents[i] = parent;
        }
        i
    }

    /// Open items whose parent (where they were last seen) is closed.
    fn orphans(&self) -> Vec<Notice> {
        (0..self.items.len())
            .filter(|&i| {
                self.items[i].state == ItemState::Open
                    && self.parents[i].is_some_and(|p| self.items[p].state.is_closed())
            })
            .map(|i| Notice::Orphan {
                note: self.items[i].note,
                line: self.items[i].line,
                text: self.items[i].text.clone(),
            })
            .collect()
    }

    fn nest(self) -> Vec<TrackedItem> {
        let all = vec![true; self.items.len()];
        self.nest_where(&all)
    }

    /// Hangs children under their parents, keeping only the items `keep`
    /// marks. A parent always comes first, so odd histories (an item nested
    /// under one first seen after it) cannot make a cycle. Each note nests
    /// at most `MAX_ITEM_DEPTH` deep, but parents taken from different
    /// notes can chain further; an item that would hang deeper than that
    /// limit is listed at the top level instead.
    fn nest_where(self, keep: &[bool]) -> Vec<TrackedItem> {
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
        let mut slots: Vec<Option<TrackedItem>> = self
            .items
            .into_iter()
            .zip(keep)
            .map(|(item, &keep)| keep.then_some(item))
            .collect();
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
        people::index(
            &Settings::default(),
            Vec::new(),
            notes,
            Vec::new(),
            NaiveDate::MAX,
        )
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
