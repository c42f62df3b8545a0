//! Completion: `@owner` and `due:` dates in a task-list item, and the keys
//! and values of a note's front matter.

use std::io::Write;

use chrono::Days;
use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionParams, CompletionResponse, CompletionTextEdit,
    Position, Range, TextEdit, Url,
};

use oneonone::io::people;
use oneonone::model::cadence::{Cadence, Kind};
use oneonone::model::note::Status;
use oneonone::parse::frontmatter::KNOWN_KEYS;

use super::Server;
use super::text::{byte_at, utf16_len};

/// What is offered: labels with what each is, and from which byte of the
/// line to the cursor a chosen one replaces.
struct Offer {
    from: usize,
    kind: CompletionItemKind,
    labels: Vec<(String, String)>,
}

impl<W: Write> Server<W> {
    pub(super) fn completion(&mut self, p: &CompletionParams) -> Option<CompletionResponse> {
        let uri = &p.text_document_position.text_document.uri;
        let text = self.docs.get(uri)?;
        let position = p.text_document_position.position;
        let line = text.lines().nth(position.line as usize)?;
        let before = &line[..byte_at(line, position.character)];
        let offer = match front_matter_field(text, position.line as usize, before) {
            Some(field) => front_matter(field),
            None if is_task_line(before) => self.in_item(uri, before)?,
            None => return None,
        };
        let start = Position {
            line: position.line,
            character: utf16_len(&before[..offer.from]),
        };
        let range = Range {
            start,
            end: position,
        };
        let items = offer
            .labels
            .into_iter()
            .map(|(label, detail)| CompletionItem {
                kind: Some(offer.kind),
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

    /// After `@`: who may own the item; after `due:`, the days it may be
    /// due (today, tomorrow, the next 1:1 with the note's person, a week
    /// from today).
    fn in_item(&self, uri: &Url, before: &str) -> Option<Offer> {
        let word_start = before.rfind(char::is_whitespace).map_or(0, |i| {
            i + before[i..].chars().next().map_or(1, char::len_utf8)
        });
        let word = &before[word_start..];
        if word.starts_with('@') {
            return Some(Offer {
                from: word_start + 1,
                kind: CompletionItemKind::VALUE,
                labels: self.owners(),
            });
        }
        if !word.starts_with("due:") {
            return None;
        }
        let mut dates: Vec<_> = [(0, "today"), (1, "tomorrow")]
            .into_iter()
            .filter_map(|(days, what)| Some((self.today.checked_add_days(Days::new(days))?, what)))
            .collect();
        let next = self
            .place(uri)
            .and_then(|place| self.next_meeting(&place.person));
        if let Some(next) = next {
            dates.push((next, "next 1:1"));
        }
        if let Some(week) = self.today.checked_add_days(Days::new(7)) {
            dates.push((week, "in a week"));
        }
        dates.sort_by_key(|&(date, _)| date);
        dates.dedup_by_key(|&mut (date, _)| date);
        Some(Offer {
            from: word_start + 4,
            kind: CompletionItemKind::CONSTANT,
            labels: dates
                .into_iter()
                .map(|(date, what)| (date.to_string(), what.to_owned()))
                .collect(),
        })
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

/// Where in a front matter line the cursor is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field<'a> {
    /// Typing a key (no `:` yet).
    Key,
    /// After `key:`, the value starting at byte `from`.
    Value { key: &'a str, from: usize },
}

/// The field the cursor is in when line `line` of `text` is inside the
/// front matter (after the opening `---`, before the closing one), `before`
/// being that line up to the cursor; `None` elsewhere, or in a nested line.
fn front_matter_field<'a>(text: &str, line: usize, before: &'a str) -> Option<Field<'a>> {
    let mut lines = text.lines().map(|l| l.trim_end_matches('\r'));
    if line == 0 || lines.next()? != "---" {
        return None;
    }
    if lines.take(line).any(|l| l == "---" || l == "...") {
        return None;
    }
    if before.starts_with([' ', '\t', '#', '-']) {
        return None;
    }
    Some(match before.find(':') {
        None => Field::Key,
        Some(colon) => {
            let value = &before[colon + 1..];
            Field::Value {
                key: &before[..colon],
                from: colon + 1 + (value.len() - value.trim_start().len()),
            }
        }
    })
}

/// The keys the tool reads, or the values a key takes.
fn front_matter(field: Field<'_>) -> Offer {
    let (from, key) = match field {
        Field::Key => {
            return Offer {
                from: 0,
                kind: CompletionItemKind::PROPERTY,
                labels: KNOWN_KEYS
                    .iter()
                    .map(|k| (format!("{k}: "), "front matter".to_owned()))
                    .collect(),
            };
        }
        Field::Value { key, from } => (from, key),
    };
    let values: Vec<&str> = match key {
        "kind" => Kind::ALL.iter().map(|k| k.as_str()).collect(),
        "cadence" => Cadence::names().collect(),
        "status" => Status::ALL.iter().map(|s| s.as_str()).collect(),
        "private" => vec!["true", "false"],
        _ => Vec::new(),
    };
    Offer {
        from,
        kind: CompletionItemKind::ENUM_MEMBER,
        labels: values
            .into_iter()
            .map(|v| (v.to_owned(), key.to_owned()))
            .collect(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_front_matter_field_under_the_cursor() {
        let text = "---\nperson: alice\nkind: pe\n---\nkind: x\n";
        assert_eq!(front_matter_field(text, 1, "pers"), Some(Field::Key));
        assert_eq!(
            front_matter_field(text, 2, "kind: pe"),
            Some(Field::Value {
                key: "kind",
                from: 6
            })
        );
        assert_eq!(front_matter_field(text, 0, "---"), None);
        assert_eq!(front_matter_field(text, 3, "--"), None);
        assert_eq!(front_matter_field(text, 4, "kind: "), None);
        assert_eq!(front_matter_field(text, 2, "  nested"), None);
        assert_eq!(
            front_matter_field("# no front matter\nkind: \n", 1, "kind: "),
            None
        );
    }
}
