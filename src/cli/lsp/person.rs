//! What an `@handle` names: hover shows who the person is and where they
//! stand against their cadence (as `status` shows it), go-to-definition
//! opens their latest note.

use std::io::Write;

use lsp_types::{GotoDefinitionResponse, Hover, Location, Position, Range};

use chrono::NaiveDate;

use oneonone::io::people;
use oneonone::model::note::Note;
use oneonone::model::person::Person;
use oneonone::plan::names::Known;
use oneonone::plan::{people as profile, schedule, track};
use oneonone::report::status;

use super::{Server, text};

impl<W: Write> Server<W> {
    /// The person `handle` names (an id, former id, handle or name; not
    /// `me`), with their notes as the editor sees them.
    fn person(&self, handle: &str) -> Option<(Known, Vec<Note>)> {
        let directory = people::directory(&self.repo, self.workspace.live().index());
        let known = directory.owner(handle)?.clone();
        let notes = self.notes_of(&known.id);
        Some((known, notes))
    }

    /// The person `handle` names as `status` reckons them.
    fn standing(&self, handle: &str) -> Option<Person> {
        let (known, notes) = self.person(handle)?;
        let history = track::history(&notes, self.today);
        Some(profile::person(&self.repo.settings, known.id, history))
    }

    /// The day of the next 1:1 with the person `handle` names, as
    /// `calendar` plans it (their timeslot's weekday, pauses skipped);
    /// `None` when that is today, as when it is overdue.
    pub(super) fn next_meeting(&self, handle: &str) -> Option<NaiveDate> {
        let person = self.standing(handle)?;
        let row = status::row(&person.summary(), self.today);
        let next = schedule::series(
            row.next_due,
            person.cadence,
            person.slot,
            &person.pauses,
            self.today,
            1,
        )?
        .first();
        (next > self.today).then_some(next)
    }

    /// Name, kind, cadence and next due of the person `handle` names,
    /// reckoned as `status` reckons them.
    pub(super) fn person_hover(&self, handle: &str, range: Range) -> Option<Hover> {
        let person = self.standing(handle)?;
        let row = status::row(&person.summary(), self.today);
        let mut lines = vec![
            format!("**{}** (`{}`)", row.name, row.person),
            format!("{}, {}", row.kind, row.cadence),
        ];
        lines.push(match (row.last, row.next_due) {
            (Some(last), Some(due)) => format!("last met {last}; next due {due} ({})", row.state),
            (None, Some(due)) => format!("never met; next due {due} ({})", row.state),
            (Some(last), None) => format!("last met {last} ({})", row.state),
            (None, None) => format!("never met ({})", row.state),
        });
        if let Some(planned) = row.planned {
            lines.push(format!("planned: {planned}"));
        }
        Some(text::hover(&lines, range))
    }

    /// The latest note of the person `handle` names that is not planned
    /// (dated today or earlier); when there are only planned ones, the
    /// nearest of them, the next meeting.
    pub(super) fn person_definition(&self, handle: &str) -> Option<GotoDefinitionResponse> {
        let (known, notes) = self.person(handle)?;
        let note = notes
            .iter()
            .rev()
            .find(|n| n.date() <= self.today)
            .or_else(|| notes.first())?;
        let uri = self.note_uri(&known.id, note.name)?;
        let start = Position::default();
        Some(GotoDefinitionResponse::Scalar(Location {
            uri,
            range: Range { start, end: start },
        }))
    }
}

/// The `@word` of `line` covering byte `at` (the `@` included), without
/// its `@`; an `@` inside a word (an e-mail address) is none.
pub(super) fn handle_at(line: &str, at: usize) -> Option<&str> {
    let is_name = |c: char| c.is_alphanumeric() || matches!(c, '-' | '_' | '.');
    let mut at = at.min(line.len());
    while !line.is_char_boundary(at) {
        at -= 1;
    }
    let start = line[..at]
        .char_indices()
        .rev()
        .find(|&(_, c)| !is_name(c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let name_start = if line[start..].starts_with('@') {
        start + 1
    } else if line[..start].ends_with('@') {
        start
    } else {
        return None;
    };
    let sign = name_start - 1;
    if line[..sign].chars().next_back().is_some_and(is_name) {
        return None;
    }
    let end = line[name_start..]
        .find(|c: char| !is_name(c))
        .map_or(line.len(), |i| name_start + i);
    let name = line[name_start..end].trim_end_matches('.');
    (!name.is_empty()).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::handle_at;

    #[test]
    fn the_handle_under_the_cursor() {
        let line = "- [ ] @alice-smith send it, cc @bob. mail a@b.c";
        assert_eq!(handle_at(line, 6), Some("alice-smith"));
        assert_eq!(handle_at(line, 10), Some("alice-smith"));
        assert_eq!(handle_at(line, 18), Some("alice-smith"));
        assert_eq!(handle_at(line, 20), None);
        assert_eq!(handle_at(line, 33), Some("bob"));
        assert_eq!(handle_at(line, 44), None);
        assert_eq!(handle_at("@", 1), None);
    }
}
