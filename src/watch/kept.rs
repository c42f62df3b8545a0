//! A note as the watch keeps it between reads: its strings and items packed
//! into one postcard buffer, unpacked again when its person is assembled.
//! Held parsed, a note of the benchmark's corpus took over a kilobyte in a
//! dozen small allocations (every item's text, owner and children); packed,
//! about 370 bytes in one, and a person's hundred notes unpack in well
//! under a millisecond.
//!
//! The packed form is private to the running watch: it is never written
//! down, so it has no format number and may change freely.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::model::cadence::{Cadence, Kind};
use crate::model::date::{day_number as day, from_day_number as date};
use crate::model::item::{ActionItem, ItemState};
use crate::model::note::{FrontMatter, Located, Note, NoteName, Status};
use crate::model::slot::Slot;

/// One note, packed. Two packed notes are equal exactly when the notes are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct KeptNote {
    pub(super) name: NoteName,
    /// The front-matter fields without strings, which postcard cannot read
    /// back without codecs of their own.
    kind: Option<Kind>,
    cadence: Option<Cadence>,
    slot: Option<Slot>,
    packed: Box<[u8]>,
}

impl KeptNote {
    /// `None` only if postcard refused the note, which holds nothing it
    /// cannot write: the note is then kept as not read.
    pub(super) fn pack(note: &Note) -> Option<KeptNote> {
        let front = &note.front;
        let body = Body {
            person: front
                .person
                .as_ref()
                .map(|p| (Cow::Borrowed(p.value.as_str()), p.line, p.column)),
            name: front.name.as_deref().map(Cow::Borrowed),
            date: front.date.map(|d| (day(d.value), d.line, d.column)),
            duration: front.duration,
            status: front.status,
            carried_from: front.carried_from.map(|n| (day(n.date), n.seq)),
            private: front.private,
            items: note.items.iter().map(Item::of).collect(),
            private_parts: note.private.iter().map(|r| (r.start, r.end)).collect(),
        };
        Some(KeptNote {
            name: note.name,
            kind: front.kind,
            cadence: front.cadence,
            slot: front.slot,
            // Copied rather than shrunk: an allocator may keep a shrunk
            // buffer's spare half.
            packed: postcard::to_stdvec(&body).ok()?.as_slice().into(),
        })
    }

    /// The note as it was packed, of the person folder `person`; `None`
    /// only for bytes this watch did not pack, which never happens.
    pub(super) fn unpack(&self, person: &str) -> Option<Note> {
        let body: Body<'_> = postcard::from_bytes(&self.packed).ok()?;
        let date_at = match body.date {
            Some((value, line, column)) => Some(Located {
                value: date(value)?,
                line,
                column,
            }),
            None => None,
        };
        let carried_from = match body.carried_from {
            Some((day, seq)) => Some(NoteName {
                date: date(day)?,
                seq,
            }),
            None => None,
        };
        Some(Note {
            person: person.to_owned(),
            name: self.name,
            front: FrontMatter {
                person: body.person.map(|(value, line, column)| Located {
                    value: value.into_owned(),
                    line,
                    column,
                }),
                name: body.name.map(Cow::into_owned),
                date: date_at,
                kind: self.kind,
                cadence: self.cadence,
                duration: body.duration,
                status: body.status,
                slot: self.slot,
                carried_from,
                private: body.private,
            },
            items: items(body.items)?,
            private: body.private_parts.into_iter().map(|(s, e)| s..e).collect(),
        })
    }
}

// Strings are borrowed when a note is packed and when it is unpacked,
// then copied once into the note.
#[derive(Serialize, Deserialize)]
struct Body<'a> {
    #[serde(borrow)]
    person: Option<(Cow<'a, str>, usize, usize)>,
    #[serde(borrow)]
    name: Option<Cow<'a, str>>,
    date: Option<(i32, usize, usize)>,
    duration: Option<u32>,
    #[serde(with = "status")]
    status: Status,
    carried_from: Option<(i32, u32)>,
    private: bool,
    #[serde(borrow)]
    items: Vec<Item<'a>>,
    private_parts: Vec<(usize, usize)>,
}

#[derive(Serialize, Deserialize)]
struct Item<'a> {
    #[serde(with = "state")]
    state: ItemState,
    #[serde(borrow)]
    text: Cow<'a, str>,
    #[serde(borrow)]
    owner: Option<Owner<'a>>,
    due: Option<i32>,
    origin: Option<i32>,
    line: usize,
    checkbox: usize,
    private: bool,
    #[serde(borrow)]
    children: Vec<Item<'a>>,
}

impl<'a> Item<'a> {
    fn of(item: &'a ActionItem) -> Self {
        Item {
            state: item.state,
            text: Cow::Borrowed(&item.text),
            owner: item
                .owner
                .as_deref()
                .map(|owner| Owner::of(owner, &item.text)),
            due: item.due.map(day),
            origin: item.origin.map(day),
            line: item.line,
            checkbox: item.checkbox,
            private: item.private,
            children: item.children.iter().map(Item::of).collect(),
        }
    }

    fn item(self) -> Option<ActionItem> {
        let owner = match self.owner {
            Some(owner) => Some(owner.owner(&self.text)?),
            None => None,
        };
        Some(ActionItem {
            state: self.state,
            owner,
            text: self.text.into_owned(),
            // A day that is no date fails the item.
            due: self.due.map(|d| date(d).ok_or(())).transpose().ok()?,
            origin: self.origin.map(|d| date(d).ok_or(())).transpose().ok()?,
            line: self.line,
            checkbox: self.checkbox,
            private: self.private,
            children: items(self.children)?,
        })
    }
}

/// An item's `@owner`, which its text spells out: where, rather than again.
#[derive(Serialize, Deserialize)]
enum Owner<'a> {
    /// Start and length in the text.
    In(usize, usize),
    #[serde(borrow)]
    Apart(Cow<'a, str>),
}

impl<'a> Owner<'a> {
    fn of(owner: &'a str, text: &str) -> Self {
        match text.find(owner) {
            Some(at) => Owner::In(at, owner.len()),
            None => Owner::Apart(Cow::Borrowed(owner)),
        }
    }

    fn owner(self, text: &str) -> Option<String> {
        match self {
            Owner::In(at, len) => text.get(at..at + len).map(str::to_owned),
            Owner::Apart(owner) => Some(owner.into_owned()),
        }
    }
}

/// Items unpacked, or `None` when one does not unpack.
fn items(packed: Vec<Item<'_>>) -> Option<Vec<ActionItem>> {
    packed.into_iter().map(Item::item).collect()
}

/// A status as its place in [`Status::ALL`].
mod status {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use crate::model::note::Status;

    // Signatures as serde's `with` asks for them.
    #[allow(clippy::trivially_copy_pass_by_ref)]
    pub fn serialize<S: Serializer>(status: &Status, s: S) -> Result<S::Ok, S::Error> {
        let at = Status::ALL.iter().position(|x| x == status);
        at.and_then(|i| u8::try_from(i).ok())
            .unwrap_or_default()
            .serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Status, D::Error> {
        let at = usize::from(u8::deserialize(d)?);
        Status::ALL
            .get(at)
            .copied()
            .ok_or_else(|| serde::de::Error::custom("no such status"))
    }
}

/// An item's state as its place in `STATES`.
mod state {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use crate::model::item::ItemState;

    const STATES: [ItemState; 3] = [ItemState::Open, ItemState::Done, ItemState::Cancelled];

    // Signatures as serde's `with` asks for them.
    #[allow(clippy::trivially_copy_pass_by_ref)]
    pub fn serialize<S: Serializer>(state: &ItemState, s: S) -> Result<S::Ok, S::Error> {
        let at = STATES.iter().position(|x| x == state);
        at.and_then(|i| u8::try_from(i).ok())
            .unwrap_or_default()
            .serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<ItemState, D::Error> {
        let at = usize::from(u8::deserialize(d)?);
        STATES
            .get(at)
            .copied()
            .ok_or_else(|| serde::de::Error::custom("no such state"))
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::KeptNote;
    use crate::model::note::NoteName;
    use crate::parse::note::parse_for;

    #[test]
    fn a_note_unpacks_as_it_was_read() {
        let text = "---\nperson: old-alice\nname: Alice\ndate: 2026-11-25\nkind: direct-report\n\
                    cadence: weekly\nduration: 30\nstatus: planned\nslot: tue 10:00 Europe/Berlin\n\
                    carried_from: 2026-11-18-2\n---\n\n## Action items\n\
                    - [ ] @bob Send the plan due:2026-12-01 (from 2026-11-04)\n  \
                    - [x] Ask Carol\n- [-] Dropped\n\n<!-- private -->\n- [ ] Mine\n<!-- /private -->\n";
        let name = NoteName::parse("2026-11-25.md").unwrap().unwrap();
        let note = parse_for(
            Path::new("alice/2026-11-25.md"),
            "alice",
            &["old-alice".to_owned()],
            name,
            text.as_bytes(),
        )
        .unwrap();
        assert!(note.front.slot.is_some() && note.front.carried_from.is_some());
        assert!(note.items.iter().any(|i| !i.children.is_empty()));
        assert_eq!(note.items[0].owner.as_deref(), Some("bob"));
        let kept = KeptNote::pack(&note).unwrap();
        assert_eq!(kept.unpack("alice"), Some(note.clone()));
        assert_eq!(Some(&kept), KeptNote::pack(&note.clone()).as_ref());
        let mut elsewhere = note.clone();
        elsewhere.items[1].owner = Some("zoë".to_owned());
        let packed = KeptNote::pack(&elsewhere).unwrap();
        assert_eq!(packed.unpack("alice"), Some(elsewhere));
        assert_ne!(packed, kept);
    }
}
