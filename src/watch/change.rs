//! What the watcher reports: one [`Change`] per thing that happened, and
//! the line that tells a person about it.

use std::collections::HashSet;
use std::path::PathBuf;

use chrono::NaiveDate;

use crate::model::index::Index;
use crate::model::item::ItemState;
use crate::model::note::{Note, Status};
use crate::parse::settings;
use crate::plan::cadence::State;
use crate::report::status;

/// Something the user should hear about, one line each.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// A note was read; `open` counts its open items (each once).
    Note {
        path: PathBuf,
        person: String,
        status: Status,
        open: usize,
    },
    Topics(PathBuf),
    Removed(PathBuf),
    RemovedFolder(String),
    Problem(String),
    Settings,
    Reindexed {
        why: &'static str,
        notes: usize,
        people: usize,
    },
}

/// Open items of one note, an item written twice counted once, and not at
/// all when it is also checked off in the same note.
pub(super) fn open_items(note: &Note) -> usize {
    let mut open = HashSet::new();
    let mut closed = HashSet::new();
    for item in note.all_items() {
        let key = item.key(note.date());
        if item.state == ItemState::Open {
            open.insert(key);
        } else {
            closed.insert(key);
        }
    }
    open.difference(&closed).count()
}

/// The line printed for a change, given the index after the batch.
pub fn describe(change: &Change, index: &Index, today: NaiveDate) -> String {
    match change {
        Change::Note {
            path,
            person,
            status: held,
            open,
        } => {
            let mut line = format!("{}: ", path.display());
            if *held != Status::Held {
                line.push_str(&format!("{held}, "));
            }
            line.push_str(&match open {
                0 => "no open items".to_owned(),
                1 => "1 open item".to_owned(),
                n => format!("{n} open items"),
            });
            if let Some(p) = index.person(person) {
                let row = status::row(&p.summary(), today);
                let next = match (row.state, row.next_due, row.paused_until) {
                    (State::Paused, _, Some(until)) => format!("paused until {until}"),
                    (_, None, _) => "no meeting held yet".to_owned(),
                    (State::Due | State::Overdue, Some(due), _) => {
                        format!("next due {due} ({})", row.state)
                    }
                    (_, Some(due), _) => format!("next due {due}"),
                };
                line.push_str(&format!(", {next}"));
            }
            line
        }
        Change::Topics(path) => format!("{}: topic queue changed", path.display()),
        Change::Removed(path) => format!("{}: removed", path.display()),
        Change::RemovedFolder(folder) => format!("{folder}/: removed"),
        Change::Problem(line) => line.clone(),
        Change::Settings => format!("{}: settings reloaded", settings::FILE_NAME),
        Change::Reindexed { why, notes, people } => format!(
            "re-read the repository ({why}): {notes} {}, {people} {}",
            if *notes == 1 { "note" } else { "notes" },
            if *people == 1 { "person" } else { "people" },
        ),
    }
}
