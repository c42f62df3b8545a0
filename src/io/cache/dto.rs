//! The cache's own shapes of what it stores, so the file format is decided
//! here and nowhere in the model: dates as day numbers, kinds, cadences and
//! states by name, converted on the way in and out. A stored value that no
//! longer converts (a kind this version does not know) fails the record,
//! which is then read again from the notes.

use std::borrow::Cow;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::cadence::{Cadence, Kind};
use crate::model::date::{day_number as day, from_day_number as date};
use crate::model::item::ItemState;
use crate::model::note::{NoteName, Status};
use crate::model::person::{Digest, History, How, Meeting, TrackedItem};

/// A date as its day number: a third of the bytes of the text form, and
/// nothing to parse when a record is read.
type Day = i32;

/// A stored value this version cannot read back.
#[derive(Debug, PartialEq, Eq)]
struct Invalid;

fn dates(day: Option<Day>) -> Result<Option<NaiveDate>, Invalid> {
    day.map(|d| date(d).ok_or(Invalid)).transpose()
}

/// A cadence as its name when it has one, else its text form.
fn cadence_text(cadence: Cadence) -> Cow<'static, str> {
    cadence
        .name()
        .map_or_else(|| Cow::Owned(cadence.to_string()), Cow::Borrowed)
}

fn named<T: std::str::FromStr>(name: Option<&str>) -> Result<Option<T>, Invalid> {
    name.map(|n| n.parse().map_err(|_| Invalid)).transpose()
}

/// The days for which a history read on one day still holds: from the
/// latest note dated on or before that day, to the day before the next
/// note (a planned one, not yet part of the history).
#[derive(Serialize, Deserialize)]
pub struct Horizon {
    since: Option<Day>,
    until: Option<Day>,
}

impl Horizon {
    /// For the notes `names` (in date order), read as of `today`.
    pub fn of(names: impl Iterator<Item = NoteName>, today: NaiveDate) -> Horizon {
        let (mut since, mut until) = (None, None);
        for note in names {
            if note.date <= today {
                since = Some(day(note.date));
            } else {
                until = Some(day(note.date));
                break;
            }
        }
        Horizon { since, until }
    }

    pub fn holds(&self, today: NaiveDate) -> bool {
        let today = day(today);
        self.since.is_none_or(|s| s <= today) && self.until.is_none_or(|u| today < u)
    }
}

#[derive(Serialize, Deserialize)]
pub struct DigestDto<'a> {
    name: Option<&'a str>,
    kind: Option<&'a str>,
    cadence: Option<String>,
    last_held: Option<Day>,
    open_items: u64,
    oldest_open: Option<Day>,
    planned: Option<Day>,
}

impl<'a> DigestDto<'a> {
    pub fn of(digest: &'a Digest) -> Self {
        DigestDto {
            name: digest.name.as_deref(),
            kind: digest.kind.map(Kind::as_str),
            cadence: digest.cadence.map(|c| c.to_string()),
            last_held: digest.last_held.map(day),
            open_items: digest.open_items as u64,
            oldest_open: digest.oldest_open.map(day),
            planned: digest.planned.map(day),
        }
    }

    pub fn digest(self) -> Option<Digest> {
        Some(Digest {
            name: self.name.map(str::to_owned),
            kind: named(self.kind).ok()?,
            cadence: named(self.cadence.as_deref()).ok()?,
            last_held: dates(self.last_held).ok()?,
            open_items: usize::try_from(self.open_items).ok()?,
            oldest_open: dates(self.oldest_open).ok()?,
            planned: dates(self.planned).ok()?,
        })
    }
}

// Strings are borrowed when a record is written and owned when it is read.
#[derive(Serialize, Deserialize)]
pub struct HistoryDto<'a> {
    name: Option<Cow<'a, str>>,
    kind: Option<Cow<'a, str>>,
    cadence: Option<Cow<'a, str>>,
    /// As the canonical text (`tue 10:00 Europe/Berlin`).
    slot: Option<String>,
    meetings: Vec<MeetingDto<'a>>,
    items: Vec<ItemDto<'a>>,
    planned: Option<Day>,
}

#[derive(Serialize, Deserialize)]
struct NameDto {
    date: Day,
    seq: u32,
}

#[derive(Serialize, Deserialize)]
struct MeetingDto<'a> {
    name: NameDto,
    kind: Option<Cow<'a, str>>,
    cadence: Option<Cow<'a, str>>,
    duration: Option<u32>,
    status: Cow<'a, str>,
    opened: u64,
    closed: u64,
}

#[derive(Serialize, Deserialize)]
struct ItemDto<'a> {
    text: Cow<'a, str>,
    owner: Option<Cow<'a, str>>,
    due: Option<Day>,
    origin: Day,
    state: Cow<'a, str>,
    how: Option<Cow<'a, str>>,
    closed: Option<Day>,
    carried: u64,
    note: NameDto,
    line: u64,
    private: bool,
    children: Vec<ItemDto<'a>>,
}

impl<'a> HistoryDto<'a> {
    pub fn of(history: &'a History) -> Self {
        HistoryDto {
            name: history.name.as_deref().map(Cow::Borrowed),
            kind: history.kind.map(|k| Cow::Borrowed(k.as_str())),
            cadence: history.cadence.map(cadence_text),
            slot: history.slot.map(|s| s.to_string()),
            meetings: history.meetings.iter().map(MeetingDto::of).collect(),
            items: history.items.iter().map(ItemDto::of).collect(),
            planned: history.planned.map(day),
        }
    }

    pub fn history(self) -> Option<History> {
        Some(History {
            name: self.name.map(Cow::into_owned),
            kind: named(self.kind.as_deref()).ok()?,
            cadence: named(self.cadence.as_deref()).ok()?,
            slot: named(self.slot.as_deref()).ok()?,
            meetings: self
                .meetings
                .into_iter()
                .map(MeetingDto::meeting)
                .collect::<Option<_>>()?,
            items: self
                .items
                .into_iter()
                .map(ItemDto::item)
                .collect::<Option<_>>()?,
            planned: dates(self.planned).ok()?,
        })
    }
}

impl NameDto {
    fn of(name: NoteName) -> Self {
        NameDto {
            date: day(name.date),
            seq: name.seq,
        }
    }

    fn name(self) -> Option<NoteName> {
        Some(NoteName {
            date: date(self.date)?,
            seq: self.seq,
        })
    }
}

impl MeetingDto<'_> {
    fn of(m: &Meeting) -> Self {
        MeetingDto {
            name: NameDto::of(m.name),
            kind: m.kind.map(|k| Cow::Borrowed(k.as_str())),
            cadence: m.cadence.map(cadence_text),
            duration: m.duration,
            status: Cow::Borrowed(m.status.as_str()),
            opened: m.opened as u64,
            closed: m.closed as u64,
        }
    }

    fn meeting(self) -> Option<Meeting> {
        Some(Meeting {
            name: self.name.name()?,
            kind: named::<Kind>(self.kind.as_deref()).ok()?,
            cadence: named(self.cadence.as_deref()).ok()?,
            duration: self.duration,
            status: self.status.parse::<Status>().ok()?,
            opened: usize::try_from(self.opened).ok()?,
            closed: usize::try_from(self.closed).ok()?,
        })
    }
}

impl<'a> ItemDto<'a> {
    // Reading bounds item nesting (`MAX_ITEM_DEPTH`, and tracking across
    // notes), so these recursions stay shallow.
    fn of(item: &'a TrackedItem) -> Self {
        ItemDto {
            text: Cow::Borrowed(&item.text),
            owner: item.owner.as_deref().map(Cow::Borrowed),
            due: item.due.map(day),
            origin: day(item.origin),
            state: Cow::Borrowed(item.state.as_str()),
            how: item.how.map(|h| Cow::Borrowed(h.as_str())),
            closed: item.closed.map(day),
            carried: item.carried as u64,
            note: NameDto::of(item.note),
            line: item.line as u64,
            private: item.private,
            children: item.children.iter().map(ItemDto::of).collect(),
        }
    }

    fn item(self) -> Option<TrackedItem> {
        Some(TrackedItem {
            text: self.text.into_owned(),
            owner: self.owner.map(Cow::into_owned),
            due: dates(self.due).ok()?,
            origin: date(self.origin)?,
            state: ItemState::from_name(&self.state)?,
            how: match self.how.as_deref() {
                None => None,
                Some("removed") => Some(How::Removed),
                Some(_) => return None,
            },
            closed: dates(self.closed).ok()?,
            carried: usize::try_from(self.carried).ok()?,
            note: self.note.name()?,
            line: usize::try_from(self.line).ok()?,
            private: self.private,
            children: self
                .children
                .into_iter()
                .map(ItemDto::item)
                .collect::<Option<_>>()?,
        })
    }
}

/// Kinds, cadences, slots and states must read back as they were written.
#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::cadence::strategies::any_cadence;
    use proptest::prelude::*;

    #[test]
    fn names_read_back() {
        for kind in Kind::ALL {
            assert_eq!(named::<Kind>(Some(kind.as_str())), Ok(Some(kind)));
        }
        for state in [ItemState::Open, ItemState::Done, ItemState::Cancelled] {
            assert_eq!(ItemState::from_name(state.as_str()), Some(state));
        }
        for status in [Status::Held, Status::Cancelled, Status::Rescheduled] {
            assert_eq!(status.as_str().parse::<Status>(), Ok(status));
        }
        assert_eq!(named::<Kind>(Some("a kind from the future")), Err(Invalid));
        for slot in ["tue 10:00", "sun 23:59 America/New_York"] {
            let parsed = named::<crate::model::slot::Slot>(Some(slot))
                .unwrap()
                .unwrap();
            assert_eq!(parsed.to_string(), slot);
        }
    }

    proptest! {
        #[test]
        fn cadences_read_back(c in any_cadence()) {
            prop_assert_eq!(named::<Cadence>(Some(&c.to_string())), Ok(Some(c)));
        }
    }
}
