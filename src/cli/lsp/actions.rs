//! Code actions: a checkbox changed in one byte.

use std::collections::HashMap;
use std::io::Write;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, Position, Range, TextEdit,
    WorkspaceEdit,
};

use oneonone::model::item::ItemState;

use super::Server;
use super::documents::item_at;
use super::text::position_of;

impl<W: Write> Server<W> {
    pub(super) fn code_actions(
        &mut self,
        p: &CodeActionParams,
    ) -> Option<Vec<CodeActionOrCommand>> {
        let (_, text, note) = self.open_note(&p.text_document.uri)?;
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
        let actions = marks
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
        Some(actions)
    }
}
