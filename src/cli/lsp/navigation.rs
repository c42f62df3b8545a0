//! Go-to-definition and hover: on an item, its history; on a `(from DATE)`
//! marker, the note it names. What an `@handle` gives is in `person`.

use std::io::Write;
use std::path::Path;

use chrono::NaiveDate;
use lsp_types::{
    GotoDefinitionParams, GotoDefinitionResponse, Hover, HoverParams, Location, Position, Range,
    Url,
};

use oneonone::model::item::ActionItem;
use oneonone::model::note::NoteName;
use oneonone::model::person::TrackedItem;
use oneonone::parse::note;
use oneonone::plan::track;

use super::Server;
use super::documents::{Place, item_at};
use super::person::handle_at;
use super::text::{self, byte_at, line_range};

impl<W: Write> Server<W> {
    pub(super) fn definition(
        &mut self,
        p: &GotoDefinitionParams,
    ) -> Option<GotoDefinitionResponse> {
        let uri = &p.text_document_position_params.text_document.uri;
        let position = p.text_document_position_params.position;
        let text = self.docs.get(uri)?;
        let place = self.place(uri)?;
        let line = text.lines().nth(position.line as usize)?;
        let at = byte_at(line, position.character);
        let Some(date) = from_marker_at(line, at) else {
            return self.person_definition(handle_at(line, at)?);
        };
        let target_rel = Path::new(&place.person).join(NoteName { date, seq: 1 }.file_name());
        let target = self.repo.root.join(&target_rel);
        let item_text = self
            .open_note(uri)
            .and_then(|(_, _, note)| item_at(&note, position.line).map(|i| i.text.clone()));
        let target_line = std::fs::read(&target).ok().and_then(|bytes| {
            let name = NoteName { date, seq: 1 };
            let origin = note::parse(&target_rel, &place.person, name, &bytes).ok()?;
            let wanted = item_text?;
            origin
                .all_items()
                .find(|i| i.text == wanted)
                .map(|i| i.line.saturating_sub(1))
        });
        if !target.is_file() {
            return None;
        }
        let target_uri = Url::from_file_path(&target).ok()?;
        let start = Position {
            line: u32::try_from(target_line.unwrap_or(0)).unwrap_or(0),
            character: 0,
        };
        Some(GotoDefinitionResponse::Scalar(Location {
            uri: target_uri,
            range: Range { start, end: start },
        }))
    }

    pub(super) fn hover(&mut self, p: &HoverParams) -> Option<Hover> {
        let uri = &p.text_document_position_params.text_document.uri;
        let position = p.text_document_position_params.position;
        let text = self.docs.get(uri)?;
        let line = text.lines().nth(position.line as usize)?;
        let range = line_range(text, position.line as usize);
        if let Some(handle) = handle_at(line, byte_at(line, position.character)) {
            self.place(uri)?;
            return self.person_hover(handle, range);
        }
        let (place, _, note) = self.open_note(uri)?;
        let item = item_at(&note, position.line)?.clone();
        let tracked = self.tracked(&place, &item, note.date());
        let mut lines = Vec::new();
        if let Some((t, notes)) = &tracked {
            lines.push(format!(
                "**{}** item, first written {}",
                t.state.as_str(),
                t.origin
            ));
            if let Some(closed) = t.closed {
                lines.push(format!("closed in the note of {closed}"));
            }
            owner_and_due(&mut lines, t.owner.as_deref(), t.due);
            lines.push(match t.carried {
                0 => "not carried: written in one note".to_owned(),
                1 => "carried through 1 later note".to_owned(),
                n => format!("carried through {n} later notes"),
            });
            if notes.len() > 1 {
                let dates: Vec<String> = notes.iter().map(|n| n.date.to_string()).collect();
                lines.push(format!("notes: {}", dates.join(", ")));
            }
        } else {
            lines.push(format!("**{}** item", item.state.as_str()));
            if let Some(origin) = item.origin {
                lines.push(format!("carried from {origin}"));
            }
            owner_and_due(&mut lines, item.owner.as_deref(), item.due);
        }
        Some(text::hover(&lines, range))
    }

    /// `item` (of the note at `place`, as the editor has it) followed
    /// through its person's notes, the notes up to `held_through` counting
    /// as held even if dated later. With it, the notes from its first to
    /// its last, which it was carried through.
    pub(super) fn tracked(
        &self,
        place: &Place,
        item: &ActionItem,
        held_through: NaiveDate,
    ) -> Option<(TrackedItem, Vec<NoteName>)> {
        let notes = self.notes_of(&place.person);
        let history = track::history(&notes, self.today.max(held_through));
        let origin = item.origin_or(place.name.date);
        let family: Vec<&TrackedItem> =
            history.items.iter().flat_map(TrackedItem::family).collect();
        family
            .iter()
            .find(|t| t.note == place.name && t.line == item.line)
            .or_else(|| {
                family
                    .iter()
                    .find(|t| t.origin == origin && t.text == item.text)
            })
            .map(|t| {
                let last = t.note;
                let notes = history
                    .meetings
                    .iter()
                    .map(|m| m.name)
                    .filter(|n| n.date >= t.origin && *n <= last)
                    .collect();
                ((*t).clone(), notes)
            })
    }
}

/// The date of the `(from DATE)` marker of `line` covering byte `at`.
pub(super) fn from_marker_at(line: &str, at: usize) -> Option<NaiveDate> {
    let mut search = 0;
    while let Some(found) = line[search..].find("(from ") {
        let start = search + found;
        let end = line[start..].find(')').map(|i| start + i + 1)?;
        if (start..=end).contains(&at) {
            let date = line[start + 6..end - 1].trim();
            return NaiveDate::parse_from_str(date, "%Y-%m-%d").ok();
        }
        search = end;
    }
    None
}

/// The hover lines for an item's owner and due date, when it has them.
fn owner_and_due(lines: &mut Vec<String>, owner: Option<&str>, due: Option<NaiveDate>) {
    if let Some(owner) = owner {
        lines.push(format!("owner: @{owner}"));
    }
    if let Some(due) = due {
        lines.push(format!("due: {due}"));
    }
}
