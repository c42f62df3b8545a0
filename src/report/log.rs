//! `oneonone log PERSON`: one person's meeting history.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Serialize;

use super::{Style, Table, cell};
use crate::model::cadence::Kind;
use crate::model::note::Status;
use crate::model::person::Person;

/// The whole log, as printed by `log --json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Log {
    pub person: String,
    /// Oldest first.
    pub notes: Vec<Entry>,
    #[serde(skip)]
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    pub date: NaiveDate,
    /// 1 for the day's first meeting, 2 for `DATE-2.md`, …
    pub seq: u32,
    /// The note's own kind, else the person's.
    pub kind: Kind,
    pub status: Status,
    /// Minutes, as written in the note.
    pub duration: Option<u32>,
    /// Items that first appeared in this note.
    pub opened: usize,
    /// Items closed in this note.
    pub closed: usize,
    /// Relative to the repository root.
    pub path: String,
    /// Only with `--git`: the date of the last commit that changed the note,
    /// `null` when git has never seen it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_changed: Option<Option<NaiveDate>>,
}

pub fn log(person: &Person) -> Log {
    Log {
        person: person.id.clone(),
        name: person.display_name().to_owned(),
        notes: person
            .meetings
            .iter()
            .map(|m| Entry {
                date: m.name.date,
                seq: m.name.seq,
                kind: m.kind.unwrap_or(person.kind),
                status: m.status,
                duration: m.duration,
                opened: m.opened,
                closed: m.closed,
                path: m.path(&person.id).to_string_lossy().into_owned(),
                last_changed: None,
            })
            .collect(),
    }
}

impl Log {
    /// Adds each note's last change in git, from dates keyed by path
    /// relative to the repository root (see `git::last_changed`).
    #[must_use]
    pub fn with_git(mut self, dates: &HashMap<PathBuf, NaiveDate>) -> Log {
        for e in &mut self.notes {
            e.last_changed = Some(dates.get(Path::new(&e.path)).copied());
        }
        self
    }
}

/// The history table and a one-line summary.
pub fn render_text(log: &Log, style: Style) -> String {
    if log.notes.is_empty() {
        return format!(
            "No meetings with {} yet. Start with `oneonone new {}`.\n",
            log.name, log.person
        );
    }
    let git = log.notes.iter().any(|e| e.last_changed.is_some());
    let mut header = vec![
        "date", "kind", "status", ">minutes", ">opened", ">closed", "path",
    ];
    if git {
        header.push("last changed");
    }
    let mut table = Table::new(&header);
    for e in &log.notes {
        let status_color = if e.status == Status::Held { "" } else { "2" };
        let mut row = vec![
            cell(&e.date),
            cell(&e.kind),
            (e.status.to_string(), status_color),
            cell(&e.duration.map_or_else(|| "-".to_owned(), |d| d.to_string())),
            cell(&e.opened),
            cell(&e.closed),
            cell(&e.path),
        ];
        if git {
            let changed = e.last_changed.flatten();
            row.push(cell(
                &changed.map_or_else(|| "untracked".to_owned(), |d| d.to_string()),
            ));
        }
        table.row(row);
    }
    let held = log
        .notes
        .iter()
        .filter(|e| e.status == Status::Held)
        .count();
    let n = log.notes.len();
    let noun = if n == 1 { "meeting" } else { "meetings" };
    format!(
        "{}\n{}: {n} {noun}, {held} held\n",
        table.render(style),
        log.name
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::cadence::Cadence;
    use crate::model::note::NoteName;
    use crate::model::person::Meeting;
    use std::path::PathBuf;

    fn meeting(file: &str, kind: Option<Kind>, status: Status, counts: (usize, usize)) -> Meeting {
        let name = NoteName::parse(file)
            .and_then(Result::ok)
            .expect("valid note name");
        Meeting {
            name,
            kind,
            cadence: None,
            duration: Some(45),
            status,
            opened: counts.0,
            closed: counts.1,
        }
    }

    fn bob() -> Person {
        Person {
            id: "bob".into(),
            name: Some("Bob Jones".into()),
            kind: Kind::Peer,
            cadence: Cadence::Days(14),
            fallback_cadence: Cadence::Days(14),
            grace: None,
            pauses: Vec::new(),
            slot: None,
            duration: None,
            meetings: vec![
                meeting("2026-11-10.md", Some(Kind::Mentor), Status::Held, (2, 0)),
                meeting("2026-11-10-2.md", None, Status::Held, (0, 1)),
                meeting("2026-11-24.md", None, Status::Cancelled, (0, 0)),
            ],
            items: Vec::new(),
            planned: None,
        }
    }

    #[test]
    fn entries_keep_order_and_fall_back_to_the_persons_kind() {
        let json = serde_json::to_value(log(&bob())).unwrap();
        let expected = serde_json::json!({
            "person": "bob",
            "notes": [
                {"date": "2026-11-10", "seq": 1, "kind": "mentor", "status": "held",
                 "duration": 45, "opened": 2, "closed": 0, "path": "bob/2026-11-10.md"},
                {"date": "2026-11-10", "seq": 2, "kind": "peer", "status": "held",
                 "duration": 45, "opened": 0, "closed": 1, "path": "bob/2026-11-10-2.md"},
                {"date": "2026-11-24", "seq": 1, "kind": "peer", "status": "cancelled",
                 "duration": 45, "opened": 0, "closed": 0, "path": "bob/2026-11-24.md"},
            ]
        });
        assert_eq!(json, expected);
    }

    #[test]
    fn git_dates_add_a_key_and_a_column_only_when_asked() {
        let plain = serde_json::to_value(log(&bob())).unwrap();
        assert!(plain["notes"][0].get("last_changed").is_none());
        let dates = HashMap::from([(
            PathBuf::from("bob/2026-11-10.md"),
            NaiveDate::from_ymd_opt(2026, 11, 12).unwrap(),
        )]);
        let with = log(&bob()).with_git(&dates);
        let json = serde_json::to_value(&with).unwrap();
        assert_eq!(json["notes"][0]["last_changed"], "2026-11-12");
        assert!(json["notes"][1]["last_changed"].is_null());
        let text = render_text(&with, Style { color: false });
        assert!(text.starts_with("date        kind    status     minutes  opened  closed  path                 last changed\n"), "{text}");
        assert!(text.contains("bob/2026-11-10.md    2026-11-12\n"), "{text}");
        assert!(text.contains("bob/2026-11-24.md    untracked\n"), "{text}");
    }

    #[test]
    fn text_table_and_summary() {
        let text = render_text(&log(&bob()), Style { color: false });
        assert!(
            text.ends_with("\nBob Jones: 3 meetings, 2 held\n"),
            "{text}"
        );
        assert!(text.starts_with("date        kind    status"), "{text}");
        let coloured = render_text(&log(&bob()), Style { color: true });
        assert!(coloured.contains("\x1b[2mcancelled\x1b[0m"));
        let mut nobody = bob();
        nobody.meetings.clear();
        assert_eq!(
            render_text(&log(&nobody), Style { color: false }),
            "No meetings with Bob Jones yet. Start with `oneonone new bob`.\n"
        );
    }
}
