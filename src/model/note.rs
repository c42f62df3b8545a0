//! A meeting note as the tool sees it: its file name, the front-matter
//! fields it understands and its action items.

use std::fmt;
use std::ops::Range;
use std::str::FromStr;

use chrono::NaiveDate;

use crate::model::cadence::{Cadence, Kind};
use crate::model::date::parse_date;
use crate::model::item::ActionItem;
use crate::model::slot::Slot;

/// Whether the meeting took place.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    #[default]
    Held,
    /// Prepared ahead; it does not count as held until it says so.
    Planned,
    Cancelled,
    Rescheduled,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::Held,
        Status::Planned,
        Status::Cancelled,
        Status::Rescheduled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Held => "held",
            Status::Planned => "planned",
            Status::Cancelled => "cancelled",
            Status::Rescheduled => "rescheduled",
        }
    }
}

impl FromStr for Status {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "held" => Ok(Status::Held),
            "planned" => Ok(Status::Planned),
            "cancelled" | "canceled" => Ok(Status::Cancelled),
            "rescheduled" => Ok(Status::Rescheduled),
            _ => Err(format!(
                "unknown status `{s}` (expected held, planned, cancelled or rescheduled)"
            )),
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a meeting file's name says: `YYYY-MM-DD.md` or `YYYY-MM-DD-N.md`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NoteName {
    pub date: NaiveDate,
    /// 1 for the day's first meeting, N for `-N`.
    pub seq: u32,
}

impl NoteName {
    /// `None` when the file is not meant as a meeting (`topics.md`);
    /// an error when it is shaped like one but names no real date.
    pub fn parse(file_name: &str) -> Option<Result<NoteName, String>> {
        let named = NoteName::from_stem(file_name.strip_suffix(".md")?)?;
        Some(named.map_err(|wrong| match wrong {
            Wrong::Date => format!("file name `{file_name}` is not a real date"),
            Wrong::Seq => format!(
                "file name `{file_name}`: a second meeting on a day is `-2`, a third `-3`, …"
            ),
        }))
    }

    /// A file name without its `.md` (how `carried_from:` names a note):
    /// `None` when not shaped like a note's name, an error when shaped
    /// like one but naming no real date or meeting.
    pub fn from_stem(stem: &str) -> Option<Result<NoteName, Wrong>> {
        let (date, seq) = match stem.get(10..) {
            Some("") => (stem, None),
            Some(rest) => (&stem[..10], Some(rest.strip_prefix('-')?)),
            None => return None,
        };
        let shaped = date.bytes().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
        if !shaped || seq.is_some_and(|s| s.is_empty() || !s.bytes().all(|c| c.is_ascii_digit())) {
            return None;
        }
        let Some(date) = parse_date(date) else {
            return Some(Err(Wrong::Date));
        };
        let seq = match seq.map(str::parse::<u32>) {
            None => 1,
            Some(Ok(n)) if n >= 2 => n,
            Some(_) => return Some(Err(Wrong::Seq)),
        };
        Some(Ok(NoteName { date, seq }))
    }

    pub fn file_name(self) -> String {
        if self.seq == 1 {
            format!("{}.md", self.date)
        } else {
            format!("{}-{}.md", self.date, self.seq)
        }
    }
}

/// What is wrong with a name shaped like a note's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wrong {
    /// No such day (`2026-02-30`).
    Date,
    /// `-1`, `-0` or a number too large: a day's second meeting is `-2`.
    Seq,
}

/// A parsed meeting note: only what reports need, never the body.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    pub person: String,
    pub name: NoteName,
    pub front: FrontMatter,
    /// Top-level action items; nested ones are in their parent's `children`.
    pub items: Vec<ActionItem>,
    /// The private parts of the body, as byte ranges of the file: sorted,
    /// apart from each other. A note that is private whole says so in its
    /// front matter ([`FrontMatter::private`]) instead.
    pub private: Vec<Range<usize>>,
}

impl Note {
    pub fn date(&self) -> NaiveDate {
        self.name.date
    }

    /// Every item, parents before their children.
    pub fn all_items(&self) -> impl Iterator<Item = &ActionItem> {
        let mut stack: Vec<&ActionItem> = self.items.iter().rev().collect();
        std::iter::from_fn(move || {
            let item = stack.pop()?;
            stack.extend(item.children.iter().rev());
            Some(item)
        })
    }
}

/// The front-matter fields the tool understands. Unknown keys stay in the
/// file, untouched, and are ignored here.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FrontMatter {
    pub person: Option<Located<String>>,
    pub name: Option<String>,
    pub date: Option<Located<NaiveDate>>,
    pub kind: Option<Kind>,
    pub cadence: Option<Cadence>,
    pub duration: Option<u32>,
    pub status: Status,
    /// The usual timeslot, when the note names one.
    pub slot: Option<Slot>,
    /// The note `new` carried this one's open items from: its lines that
    /// are gone from this note were removed by the user.
    pub carried_from: Option<NoteName>,
    /// `private: true`: the whole note stays with its author.
    pub private: bool,
}

/// A value with the 1-based line and column where the file spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Located<T> {
    pub value: T,
    pub line: usize,
    pub column: usize,
}
