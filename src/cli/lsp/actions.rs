//! Code actions: a checkbox changed in one byte, and an open item carried
//! into the person's latest note when that note does not have it yet.

use std::collections::HashMap;
use std::io::Write;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, Position, Range, TextEdit,
    WorkspaceEdit,
};

use oneonone::model::item::{ActionItem, ItemState};
use oneonone::model::note::Note;
use oneonone::model::person::TrackedItem;
use oneonone::plan::carry::{self, Carried};

use super::Server;
use super::documents::{Place, item_at};
use super::text::position_of;

impl<W: Write> Server<W> {
    pub(super) fn code_actions(
        &mut self,
        p: &CodeActionParams,
    ) -> Option<Vec<CodeActionOrCommand>> {
        let (place, text, note) = self.open_note(&p.text_document.uri)?;
        let item = item_at(&note, p.range.start.line)?;
        let marks: &[(&str, &str)] = match item.state {
            ItemState::Open => &[("Mark done", "x"), ("Drop", "-")],
            _ => &[("Reopen", " ")],
        };
        let start = position_of(text, item.checkbox);
        let end = Position {
            line: start.line,
            character: start.character + 1,
        };
        let mut actions: Vec<CodeActionOrCommand> = marks
            .iter()
            .map(|(title, mark)| {
                let edit = TextEdit {
                    range: Range { start, end },
                    new_text: (*mark).to_owned(),
                };
                CodeActionOrCommand::CodeAction(CodeAction {
                    title: format!("{title}: {}", item.text),
                    kind: Some(CodeActionKind::QUICKFIX),
                    edit: Some(WorkspaceEdit {
                        changes: Some(HashMap::from([(p.text_document.uri.clone(), vec![edit])])),
                        ..WorkspaceEdit::default()
                    }),
                    ..CodeAction::default()
                })
            })
            .collect();
        if item.state == ItemState::Open {
            actions.extend(self.carry_action(&place, item));
        }
        Some(actions)
    }

    /// "Carry into the note of DATE": `item` written into the person's
    /// latest note as `new` would have carried it, when that note is not
    /// the one it is in and does not carry it yet. A private item is not
    /// offered: where it may go in a shared note is the user's choice.
    fn carry_action(&self, place: &Place, item: &ActionItem) -> Option<CodeActionOrCommand> {
        let notes = self.notes_of(&place.person);
        let latest = notes.last()?;
        if latest.name == place.name {
            return None;
        }
        // Up to the latest note, every note counts as held.
        let (tracked, _) = self.tracked(place, item, latest.date())?;
        if tracked.state != ItemState::Open || tracked.note == latest.name || tracked.private {
            return None;
        }
        let refs: Vec<&Note> = notes.iter().collect();
        let carried = carry::carry(&refs, latest.name);
        let lines = find(&carried, &tracked)?.markdown();
        let uri = self.note_uri(&place.person, latest.name)?;
        let target = match self.docs.get(&uri) {
            Some(text) => text.clone(),
            None => std::fs::read_to_string(uri.to_file_path().ok()?).ok()?,
        };
        let edit = carry_edit(&target, &lines);
        Some(CodeActionOrCommand::CodeAction(CodeAction {
            title: format!("Carry into the note of {}: {}", latest.date(), item.text),
            kind: Some(CodeActionKind::QUICKFIX),
            edit: Some(WorkspaceEdit {
                changes: Some(HashMap::from([(uri, vec![edit])])),
                ..WorkspaceEdit::default()
            }),
            ..CodeAction::default()
        }))
    }
}

/// The carried form of `item` among `carried`, children searched too.
/// Recursive over children, which nest at most `MAX_ITEM_DEPTH` deep.
fn find<'c>(carried: &'c [Carried], item: &TrackedItem) -> Option<&'c Carried> {
    carried.iter().find_map(|c| {
        if c.origin == item.origin && c.text == item.text {
            Some(c)
        } else {
            find(&c.children, item)
        }
    })
}

/// What the default templates write when nothing was carried.
const NOTHING_CARRIED: &str = "_Nothing carried over._";

/// Where carried `lines` go in a note's `text`, as `new` places them: at
/// the end of its `## Carried over` section (instead of the line saying
/// nothing was carried), else of its `## Action items` section, else in a
/// new `## Action items` section at the end.
fn carry_edit(text: &str, lines: &str) -> TextEdit {
    let mut starts = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        starts.push((offset, line.trim_end_matches(['\n', '\r'])));
        offset += line.len();
    }
    let heading = |name: &str| {
        starts
            .iter()
            .position(|(_, l)| l.trim_end().eq_ignore_ascii_case(name))
    };
    let at = |offset: usize| {
        let position = position_of(text, offset);
        Range {
            start: position,
            end: position,
        }
    };
    let newline = if text.is_empty() || text.ends_with('\n') {
        ""
    } else {
        "\n"
    };
    let Some(heading) = heading("## Carried over").or_else(|| heading("## Action items")) else {
        return TextEdit {
            range: at(text.len()),
            new_text: format!("{newline}\n## Action items\n{lines}\n"),
        };
    };
    let end = starts[heading + 1..]
        .iter()
        .position(|(_, l)| l.starts_with('#'))
        .map_or(starts.len(), |i| heading + 1 + i);
    let section = heading + 1..end;
    if let Some(i) = section
        .clone()
        .find(|&i| starts[i].1.trim() == NOTHING_CARRIED)
    {
        let (start, line) = starts[i];
        return TextEdit {
            range: Range {
                start: position_of(text, start),
                end: position_of(text, start + line.len()),
            },
            new_text: lines.to_owned(),
        };
    }
    let last = section
        .rev()
        .find(|&i| !starts[i].1.trim().is_empty())
        .unwrap_or(heading);
    match starts.get(last + 1) {
        Some(&(start, _)) => TextEdit {
            range: at(start),
            new_text: format!("{lines}\n"),
        },
        None => TextEdit {
            range: at(text.len()),
            new_text: format!("{newline}{lines}\n"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::carry_edit;

    /// `text` with the edit applied (ASCII only: columns are bytes).
    fn applied(text: &str) -> String {
        let edit = carry_edit(text, "- [ ] x (from 2026-11-10)");
        let offset = |p: lsp_types::Position| {
            text.split_inclusive('\n')
                .take(p.line as usize)
                .map(str::len)
                .sum::<usize>()
                + p.character as usize
        };
        let (start, end) = (offset(edit.range.start), offset(edit.range.end));
        format!("{}{}{}", &text[..start], edit.new_text, &text[end..])
    }

    #[test]
    fn carried_lines_go_where_new_puts_them() {
        assert_eq!(
            applied("# t\n\n## Carried over\n- [ ] a (from 2026-11-03)\n\n## Agenda\n"),
            "# t\n\n## Carried over\n- [ ] a (from 2026-11-03)\n- [ ] x (from 2026-11-10)\n\n## Agenda\n"
        );
        assert_eq!(
            applied("## Carried over\n_Nothing carried over._\n\n## Agenda\n"),
            "## Carried over\n- [ ] x (from 2026-11-10)\n\n## Agenda\n"
        );
        assert_eq!(
            applied("## Notes\n\n## Action items\n- [ ] b"),
            "## Notes\n\n## Action items\n- [ ] b\n- [ ] x (from 2026-11-10)\n"
        );
        assert_eq!(
            applied("## Notes\nsome"),
            "## Notes\nsome\n\n## Action items\n- [ ] x (from 2026-11-10)\n"
        );
    }
}
