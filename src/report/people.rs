//! `oneonone people --json`: everyone, with every name they answer to and
//! the pauses recorded for them.

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::cadence::{Cadence, Kind};
use crate::model::person::{Pause, Summary};
use crate::parse::settings::Settings;

/// The JSON document of `people --json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeopleReport {
    pub people: Vec<PersonRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonRow {
    pub person: String,
    /// `null` when neither the settings nor a note gives one.
    pub name: Option<String>,
    pub handles: Vec<String>,
    pub former_ids: Vec<String>,
    pub kind: Kind,
    pub cadence: Cadence,
    /// Oldest first; `from` is `null` for `paused_until`, which has no start.
    pub pauses: Vec<PauseRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PauseRow {
    pub from: Option<NaiveDate>,
    pub until: NaiveDate,
    pub reason: Option<String>,
}

impl From<&Pause> for PauseRow {
    fn from(p: &Pause) -> Self {
        PauseRow {
            from: p.from,
            until: p.until,
            reason: p.reason.clone(),
        }
    }
}

/// Everyone in `people` (sorted by id), with the handles and former ids
/// the settings give them.
pub fn people(people: &[Summary], settings: &Settings) -> PeopleReport {
    PeopleReport {
        people: people
            .iter()
            .map(|p| {
                let own = settings.person(&p.id);
                PersonRow {
                    person: p.id.clone(),
                    name: p.name.clone(),
                    handles: own.map(|o| o.handles.clone()).unwrap_or_default(),
                    former_ids: own.map(|o| o.former_ids.clone()).unwrap_or_default(),
                    kind: p.kind,
                    cadence: p.cadence,
                    pauses: p.pauses.iter().map(PauseRow::from).collect(),
                }
            })
            .collect(),
    }
}
