//! Carry-forward: which open items of the earlier notes go into a new one.
//! Pure: it takes parsed notes and returns items, touching no file.

use chrono::NaiveDate;

use crate::model::note::{Note, NoteName};
use crate::model::person::TrackedItem;
use crate::plan::track;

/// An item to write into the new note's `## Carried over` section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Carried {
    pub text: String,
    pub owner: Option<String>,
    pub due: Option<NaiveDate>,
    pub origin: NaiveDate,
    /// From a private part of its note: it goes into a private part of the
    /// new one, with everything under it.
    pub private: bool,
    pub children: Vec<Carried>,
}

impl Carried {
    /// This item and everything carried under it.
    pub fn count(&self) -> usize {
        1 + self.children.iter().map(Carried::count).sum::<usize>()
    }

    /// The task-list lines for this item and its children, without a
    /// trailing newline: `- [ ] text (from DATE)`.
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, 0);
        out
    }

    fn write(&self, out: &mut String, depth: usize) {
        if !out.is_empty() {
            out.push('\n');
        }
        for _ in 0..depth {
            out.push_str("  ");
        }
        out.push_str("- [ ] ");
        if !self.text.is_empty() {
            out.push_str(&self.text);
            out.push(' ');
        }
        out.push_str("(from ");
        out.push_str(&self.origin.to_string());
        out.push(')');
        for child in &self.children {
            child.write(out, depth + 1);
        }
    }
}

/// What a new note `target` carries: the items of `notes` (one person's,
/// in any order) still open after all of them, first written down before
/// `target`, each once, as it reads now, with the origin of the note it
/// first appeared in. An open item under a closed parent comes on its own,
/// and so does a private item under one that is not: after the others, so
/// it can go into a private part of the new note.
pub fn carry(notes: &[&Note], target: NoteName) -> Vec<Carried> {
    let mut notes = notes.to_vec();
    notes.sort_by_key(|n| n.name);
    notes.dedup_by_key(|n| n.name);
    let mut moved = Vec::new();
    let mut carried: Vec<Carried> = track::open_before(&notes, target)
        .iter()
        .map(|item| apart(item, &mut moved))
        .collect();
    carried.append(&mut moved);
    carried
}

/// `item` to carry, its private descendants under a shared item taken out
/// into `moved`. Recursive over children, which nest at most
/// `MAX_ITEM_DEPTH` deep.
fn apart(item: &TrackedItem, moved: &mut Vec<Carried>) -> Carried {
    if item.private {
        return Carried::from(item);
    }
    let mut children = Vec::with_capacity(item.children.len());
    for child in &item.children {
        if child.private {
            moved.push(Carried::from(child));
        } else {
            children.push(apart(child, moved));
        }
    }
    Carried {
        children,
        ..Carried::own(item)
    }
}

impl Carried {
    /// The item alone, without its children.
    fn own(item: &TrackedItem) -> Carried {
        Carried {
            text: item.text.clone(),
            owner: item.owner.clone(),
            due: item.due,
            origin: item.origin,
            private: item.private,
            children: Vec::new(),
        }
    }
}

impl From<&TrackedItem> for Carried {
    /// Recursive over children, which nest at most `MAX_ITEM_DEPTH` deep.
    fn from(item: &TrackedItem) -> Carried {
        Carried {
            children: item.children.iter().map(Carried::from).collect(),
            ..Carried::own(item)
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::parse::note;

    fn note(date: &str, body: &str) -> Note {
        let name = NoteName::parse(&format!("{date}.md")).unwrap().unwrap();
        let text = format!("---\nperson: alice\ndate: {date}\n---\n{body}");
        note::parse(Path::new("alice/x.md"), "alice", name, text.as_bytes()).unwrap()
    }

    fn lines(items: &[Carried]) -> Vec<String> {
        items.iter().map(Carried::markdown).collect()
    }

    #[test]
    fn three_note_chain() {
        let n1 = note(
            "2026-11-04",
            "- [ ] @me send packet\n- [ ] @alice draft goals due:2026-12-01\n  - [ ] outline\n- [ ] book room\n- [ ] old idea\n",
        );
        let n2 = note(
            "2026-11-11",
            "- [ ] @me send packet (from 2026-11-04)\n- [ ] @alice draft goals due:2026-12-01 (from 2026-11-04)\n  - [ ] outline (from 2026-11-04)\n- [x] book room (from 2026-11-04)\n- [-] old idea (from 2026-11-04)\n- [ ] new thing\n- [ ] new thing\n",
        );
        let carried = carry(&[&n1, &n2], name("2026-11-18"));
        assert_eq!(
            lines(&carried),
            vec![
                "- [ ] @me send packet (from 2026-11-04)",
                "- [ ] @alice draft goals due:2026-12-01 (from 2026-11-04)\n  - [ ] outline (from 2026-11-04)",
                "- [ ] new thing (from 2026-11-11)",
            ]
        );
        assert_eq!(carried[1].owner.as_deref(), Some("alice"));
    }

    #[test]
    fn closed_in_a_later_note_is_not_carried() {
        // A note written for 2026-11-11 after the one of 2026-11-18.
        let n1 = note("2026-11-04", "- [ ] a\n- [ ] b\n");
        let n3 = note("2026-11-18", "- [x] a (from 2026-11-04)\n- [ ] c\n");
        assert_eq!(
            lines(&carry(&[&n1, &n3], name("2026-11-11"))),
            vec!["- [ ] b (from 2026-11-04)"]
        );
    }

    #[test]
    fn what_a_note_without_carrying_left_out_is_carried_next_time() {
        let n1 = note("2026-11-04", "- [ ] a\n- [x] b\n");
        let n2 = note("2026-11-11", "- [ ] c\n");
        assert_eq!(
            lines(&carry(&[&n1, &n2], name("2026-11-18"))),
            vec!["- [ ] a (from 2026-11-04)", "- [ ] c (from 2026-11-11)"]
        );
    }

    #[test]
    fn private_items_stay_private_and_come_apart_from_shared_ones() {
        let n1 = note(
            "2026-11-04",
            "- [ ] shared\n  - [ ] shared child\n  <!-- private -->\n  - [ ] secret child\n    - [ ] under it\n  <!-- /private -->\n\n## Private notes\n- [ ] mine\n  - [ ] mine too\n",
        );
        let carried = carry(&[&n1], name("2026-11-11"));
        let shown: Vec<(String, bool)> =
            carried.iter().map(|c| (c.markdown(), c.private)).collect();
        assert_eq!(
            shown,
            vec![
                (
                    "- [ ] shared (from 2026-11-04)\n  - [ ] shared child (from 2026-11-04)".into(),
                    false
                ),
                (
                    "- [ ] mine (from 2026-11-04)\n  - [ ] mine too (from 2026-11-04)".into(),
                    true
                ),
                (
                    "- [ ] secret child (from 2026-11-04)\n  - [ ] under it (from 2026-11-04)"
                        .into(),
                    true
                ),
            ]
        );
    }

    #[test]
    fn nothing_earlier_nothing_carried() {
        assert!(carry(&[], name("2026-11-18")).is_empty());
    }

    fn name(date: &str) -> NoteName {
        NoteName::parse(&format!("{date}.md")).unwrap().unwrap()
    }
}
