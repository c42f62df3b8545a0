//! Completion of `@owner` and `due:` dates in a task-list item.

use std::io::Write;

use chrono::Days;
use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionParams, CompletionResponse, CompletionTextEdit,
    Position, Range, TextEdit,
};

use oneonone::io::people;

use super::Server;
use super::text::{byte_at, utf16_len};

impl<W: Write> Server<W> {
    pub(super) fn completion(&mut self, p: &CompletionParams) -> Option<CompletionResponse> {
        let uri = &p.text_document_position.text_document.uri;
        let text = self.docs.get(uri)?;
        let position = p.text_document_position.position;
        let line = text.lines().nth(position.line as usize)?;
        let before = &line[..byte_at(line, position.character)];
        if !is_task_line(before) {
            return None;
        }
        let word_start = before.rfind(char::is_whitespace).map_or(0, |i| {
            i + before[i..].chars().next().map_or(1, char::len_utf8)
        });
        let word = &before[word_start..];
        let (skip, labels) = if word.starts_with('@') {
            (1, self.owners())
        } else if word.starts_with("due:") {
            let dates = [(0, "today"), (1, "tomorrow"), (7, "in a week")]
                .into_iter()
                .filter_map(|(days, what)| {
                    let date = self.today.checked_add_days(Days::new(days))?;
                    Some((date.to_string(), what.to_owned()))
                })
                .collect();
            (4, dates)
        } else {
            return None;
        };
        let start = Position {
            line: position.line,
            character: utf16_len(&before[..word_start + skip]),
        };
        let range = Range {
            start,
            end: position,
        };
        let items = labels
            .into_iter()
            .map(|(label, detail)| CompletionItem {
                kind: Some(if skip == 1 {
                    CompletionItemKind::VALUE
                } else {
                    CompletionItemKind::CONSTANT
                }),
                detail: Some(detail),
                text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                    range,
                    new_text: label.clone(),
                })),
                filter_text: Some(label.clone()),
                label,
                ..CompletionItem::default()
            })
            .collect();
        Some(CompletionResponse::Array(items))
    }

    /// Everyone an `@owner` may name, with who they are: `me`, each
    /// person's id and each handle.
    pub(super) fn owners(&self) -> Vec<(String, String)> {
        let directory = people::directory(&self.repo, self.workspace.live().index());
        let mut owners = vec![("me".to_owned(), "you".to_owned())];
        let me = self.repo.settings.me();
        if me != "me" {
            owners.push((me.to_owned(), "you".to_owned()));
        }
        for known in directory.people() {
            let who = known.name.clone().unwrap_or_else(|| known.id.clone());
            owners.push((known.id.clone(), who.clone()));
            for handle in &known.handles {
                owners.push((handle.clone(), format!("{who} ({})", known.id)));
            }
        }
        owners
    }
}

/// Whether `before` (a line up to the cursor) is inside a task-list item.
pub(super) fn is_task_line(before: &str) -> bool {
    let rest = before.trim_start();
    let rest = rest
        .strip_prefix("- ")
        .or_else(|| rest.strip_prefix("* "))
        .or_else(|| rest.strip_prefix("+ "));
    rest.is_some_and(|r| {
        let r = r.trim_start();
        r.len() >= 3 && r.starts_with('[') && r.as_bytes()[2] == b']'
    })
}
