//! Reading a meeting note: its front matter and the action items of its
//! Markdown body, each with the byte span the tool may later edit.

use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::error::{Error, Result};
use crate::model::item::{ActionItem, ItemState, MAX_ITEM_DEPTH};
use crate::model::note::{Note, NoteName};
use crate::parse::frontmatter::{self, SplitError};
use crate::parse::lines;
use crate::parse::private::Finder;

/// Parses a note's bytes. `path` is only used in messages; `person` is the
/// folder the note is in and `name` what its file name says.
pub fn parse(path: &Path, person: &str, name: NoteName, bytes: &[u8]) -> Result<Note> {
    parse_for(path, person, &[], name, bytes)
}

/// `parse` for a person who had other ids before (`former_ids`): a note
/// written before the rename says `person: OLD`, and stays valid.
pub fn parse_for(
    path: &Path,
    person: &str,
    former_ids: &[String],
    name: NoteName,
    bytes: &[u8],
) -> Result<Note> {
    let text = decode(path, bytes)?;
    let split = match frontmatter::split(text) {
        Ok(split) => split,
        Err(SplitError::Missing) => {
            return Err(Error::at(
                path,
                1,
                1,
                "no front matter (a note starts with a `---` line, then YAML, then `---`)",
            ));
        }
        Err(SplitError::Unterminated) => {
            return Err(Error::at(
                path,
                1,
                1,
                "front matter is not terminated (no closing `---` line)",
            ));
        }
    };
    let front = frontmatter::parse(path, split.yaml, split.yaml_line)?;
    if let Some(date) = &front.date
        && date.value != name.date
    {
        return Err(Error::at(
            path,
            date.line,
            date.column,
            format!(
                "front-matter date {} does not match the file name ({})",
                date.value, name.date
            ),
        ));
    }
    if let Some(p) = &front.person
        && p.value != person
        && !former_ids.contains(&p.value)
    {
        let message = if former_ids.is_empty() {
            format!("person `{}` does not match the folder `{person}`", p.value)
        } else {
            format!(
                "person `{}` does not match the folder `{person}`, nor is it one of its \
                 former ids ({})",
                p.value,
                former_ids.join(", ")
            )
        };
        return Err(Error::at(path, p.line, p.column, message));
    }
    let (mut items, private) = parse_items(path, text, split.body_offset)?;
    if front.private {
        mark_all_private(&mut items);
    }
    Ok(Note {
        person: person.to_owned(),
        name,
        front,
        items,
        private,
    })
}

/// Checks the bytes are text; the error points at the first bad byte.
pub fn decode<'a>(path: &Path, bytes: &'a [u8]) -> Result<&'a str> {
    if bytes.is_empty() {
        return Err(Error::input(path, "empty file"));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let (line, column) = line_col(bytes, e.valid_up_to());
        Error::at(path, line, column, "not valid UTF-8")
    })?;
    if let Some(at) = memchr::memchr(0, bytes) {
        let (line, column) = line_col(bytes, at);
        return Err(Error::at(path, line, column, "contains a NUL byte"));
    }
    Ok(text)
}

fn line_col(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset];
    let line = memchr::memchr_iter(b'\n', before).count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    (line, offset - line_start + 1)
}

/// Every item of a `private: true` note is private.
fn mark_all_private(items: &mut [ActionItem]) {
    let mut stack: Vec<&mut ActionItem> = items.iter_mut().collect();
    while let Some(item) = stack.pop() {
        item.private = true;
        stack.extend(item.children.iter_mut());
    }
}

/// An item being read: where its own text ends is known only once a nested
/// block or the end of its first paragraph is seen.
struct OpenItem {
    task: Option<ActionItem>,
    text_start: usize,
    text_end: Option<usize>,
}

/// The task-list items of a body, and its private parts (sorted byte
/// ranges of the file).
pub type Items = (Vec<ActionItem>, Vec<Range<usize>>);

/// Finds the task-list items and the private parts of the body that starts
/// at `body_offset` in `text`: with the fast line reader when the body is
/// plain enough for it, else with the full Markdown parser. Items nested
/// deeper than `MAX_ITEM_DEPTH` make the note unreadable (`path` names it).
pub fn parse_items(path: &Path, text: &str, body_offset: usize) -> Result<Items> {
    match lines::items(text, body_offset) {
        Some(found) => Ok(found),
        None => markdown_items(path, text, body_offset),
    }
}

/// Task-list items and private parts as the full Markdown parser sees
/// them. Items in code blocks and HTML blocks are never seen by it, so they
/// are ignored for free. An item is private when any of its own text is.
fn markdown_items(path: &Path, text: &str, body_offset: usize) -> Result<Items> {
    let body = &text[body_offset..];
    let mut lines = LineCounter::new(text);
    let mut roots = Vec::new();
    let mut stack: Vec<OpenItem> = Vec::new();
    let mut finder = Finder::new(text, body_offset);
    // Each task's checkbox and the span of its own text, in file order.
    let mut spans: Vec<(usize, Range<usize>)> = Vec::new();
    for (event, range) in Parser::new(body).into_offset_iter() {
        finder.event(&event, range.clone());
        match event {
            Event::Start(Tag::Item) => {
                let start = body_offset + range.start;
                let found = checkbox(text, start);
                let (task, text_start) = match found {
                    Some((state, mark, after)) => {
                        let line = lines.line_of(mark);
                        if stack.iter().filter(|o| o.task.is_some()).count() >= MAX_ITEM_DEPTH {
                            let (line, column) = line_col(text.as_bytes(), mark - 1);
                            return Err(Error::at(
                                path,
                                line,
                                column,
                                format!(
                                    "action items nested more than {MAX_ITEM_DEPTH} levels deep; the note was not read"
                                ),
                            ));
                        }
                        (Some(ActionItem::new(state, "", line, mark)), after)
                    }
                    None => (None, start),
                };
                stack.push(OpenItem {
                    task,
                    text_start,
                    text_end: None,
                });
            }
            Event::Start(
                tag @ (Tag::List(_)
                | Tag::CodeBlock(_)
                | Tag::BlockQuote(_)
                | Tag::Heading { .. }
                | Tag::HtmlBlock
                | Tag::Table(_)),
            ) => {
                let Some(top) = stack.last_mut() else {
                    continue;
                };
                // `-     [ ] x`: what looked like a checkbox is the start of
                // an indented code block in the item. The parser knows.
                let block = body_offset + range.start..body_offset + range.end;
                if matches!(tag, Tag::CodeBlock(_))
                    && top.text_end.is_none()
                    && top
                        .task
                        .as_ref()
                        .is_some_and(|t| block.contains(&t.checkbox))
                {
                    top.task = None;
                }
                top.text_end.get_or_insert(body_offset + range.start);
            }
            Event::End(TagEnd::Paragraph) => {
                if let Some(top) = stack.last_mut() {
                    top.text_end.get_or_insert(body_offset + range.end);
                }
            }
            Event::End(TagEnd::Item) => {
                let Some(open) = stack.pop() else { continue };
                let Some(mut task) = open.task else { continue };
                let end = open.text_end.unwrap_or(body_offset + range.end);
                let raw = text
                    .get(open.text_start..end.max(open.text_start))
                    .unwrap_or("");
                let children = std::mem::take(&mut task.children);
                task = ActionItem::new(task.state, raw, task.line, task.checkbox);
                task.children = children;
                // Its own text ends with its last word, before any line
                // break and the indentation of a block nested in it.
                let own = open.text_start + raw.trim_end().len();
                spans.push((task.checkbox, task.checkbox - 1..own.max(task.checkbox + 2)));
                match stack.iter_mut().rev().find_map(|o| o.task.as_mut()) {
                    Some(parent) => parent.children.push(task),
                    None => roots.push(task),
                }
            }
            _ => {}
        }
    }
    let private = finder.finish();
    if !private.is_empty() {
        spans.sort_by_key(|(checkbox, _)| *checkbox);
        mark_private(&mut roots, &spans, &private);
    }
    Ok((roots, private))
}

/// Marks the items whose own text (`spans`, by checkbox) meets a private
/// range.
fn mark_private(
    items: &mut [ActionItem],
    spans: &[(usize, Range<usize>)],
    private: &[Range<usize>],
) {
    let mut stack: Vec<&mut ActionItem> = items.iter_mut().collect();
    while let Some(item) = stack.pop() {
        if let Ok(i) = spans.binary_search_by_key(&item.checkbox, |(c, _)| *c) {
            let span = &spans[i].1;
            // The first range ending after the span starts is the only one
            // that can meet it first.
            let k = private.partition_point(|r| r.end <= span.start);
            item.private = private.get(k).is_some_and(|r| r.start < span.end);
        }
        stack.extend(item.children.iter_mut());
    }
}

/// Reads `- [ ] ` at a list item's start: the state, the offset of the
/// mark, and where the item's text begins. The parser may start a nested
/// item's range before its marker: at the line break, at indentation that
/// is a tab or more than the list needs, or at the `>` of an enclosing
/// quote.
fn checkbox(text: &str, item_start: usize) -> Option<(ItemState, usize, usize)> {
    let bytes = text.as_bytes();
    let mut i = item_start;
    while bytes
        .get(i)
        .is_some_and(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'>'))
    {
        i += 1;
    }
    match bytes.get(i)? {
        b'-' | b'*' | b'+' => i += 1,
        b'0'..=b'9' => {
            while bytes.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            if !matches!(bytes.get(i), Some(b'.' | b')')) {
                return None;
            }
            i += 1;
        }
        _ => return None,
    }
    let spaces = bytes[i..]
        .iter()
        .take_while(|&&b| b == b' ' || b == b'\t')
        .count();
    if spaces == 0 {
        return None;
    }
    i += spaces;
    if bytes.get(i) != Some(&b'[') || bytes.get(i + 2) != Some(&b']') {
        return None;
    }
    let state = ItemState::from_mark(bytes[i + 1])?;
    match bytes.get(i + 3) {
        None | Some(b' ' | b'\t' | b'\n' | b'\r') => Some((state, i + 1, i + 3)),
        _ => None,
    }
}

/// Turns increasing byte offsets into line numbers without rescanning.
struct LineCounter<'a> {
    text: &'a [u8],
    offset: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            text: text.as_bytes(),
            offset: 0,
            line: 1,
        }
    }

    fn line_of(&mut self, offset: usize) -> usize {
        if offset < self.offset {
            self.offset = 0;
            self.line = 1;
        }
        self.line += memchr::memchr_iter(b'\n', &self.text[self.offset..offset]).count();
        self.offset = offset;
        self.line
    }
}

/// The lines under a `## TITLE` heading of a note, up to the next heading of
/// the same or a higher level, without leading and trailing blank lines.
pub fn section<'a>(text: &'a str, title: &str) -> Option<&'a str> {
    let mut start = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_end();
        let level = trimmed.bytes().take_while(|&b| b == b'#').count();
        let is_heading = level > 0 && trimmed[level..].starts_with(' ');
        if let Some(s) = start {
            if is_heading && level <= 2 {
                return Some(text[s..offset].trim_matches(['\n', '\r']));
            }
        } else if is_heading && level == 2 && trimmed[level..].trim().eq_ignore_ascii_case(title) {
            start = Some(offset + line.len());
        }
        offset += line.len();
    }
    start.map(|s| text[s..].trim_matches(['\n', '\r']))
}

/// The sections of a note body whose heading starts with one of `titles`
/// (any case, as a whole word: `Goals and progress` for `Goals`), as
/// `(heading, text)` in note order: from a heading of level 2 or deeper to
/// the next heading of the same or a higher level, without HTML comments.
/// A heading ending in `(private)` is left out, and so is a section with
/// nothing in it but the template's prompts (lines ending in `:`).
pub fn sections_under(text: &str, titles: &[&str]) -> Vec<(String, String)> {
    let matches = |heading: &str| {
        let heading = heading.to_lowercase();
        !heading.ends_with("(private)")
            && titles.iter().any(|t| {
                let t = t.trim().to_lowercase();
                !t.is_empty()
                    && heading.strip_prefix(&t).is_some_and(|rest| {
                        rest.chars().next().is_none_or(|c| !c.is_alphanumeric())
                    })
            })
    };
    let mut out = Vec::new();
    // The open section: its heading, level and start offset.
    let mut open: Option<(String, usize, usize)> = None;
    let mut offset = 0;
    let mut fence = false;
    let mut close = |open: &mut Option<(String, usize, usize)>, end: usize| {
        if let Some((heading, _, start)) = open.take() {
            let body = without_comments(&text[start..end]);
            let prompts_only = body
                .lines()
                .all(|l| l.trim().is_empty() || l.trim_end().ends_with(':'));
            if !prompts_only {
                out.push((heading, body));
            }
        }
    };
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed.trim_start().starts_with("```") || trimmed.trim_start().starts_with("~~~") {
            fence = !fence;
        }
        let level = trimmed.bytes().take_while(|&b| b == b'#').count();
        let is_heading = !fence && level > 0 && trimmed[level..].starts_with(' ');
        if is_heading {
            if open.as_ref().is_some_and(|(_, l, _)| level <= *l) {
                close(&mut open, offset);
            }
            let title = trimmed[level..].trim();
            if open.is_none() && level >= 2 && matches(title) {
                open = Some((title.to_owned(), level, offset + line.len()));
            }
        }
        offset += line.len();
    }
    close(&mut open, text.len());
    out
}

/// `text` without its HTML comments (`<!-- … -->`, which may span lines)
/// and without the lines that held nothing but comment; surrounding blank
/// lines trimmed. What a note's section says to a reader, not what the
/// template says to its writer.
pub fn without_comments(text: &str) -> String {
    let mut kept = Vec::new();
    let mut inside = false;
    for line in text.lines() {
        let mut out = String::new();
        let mut rest = line;
        let mut had_comment = inside;
        loop {
            if inside {
                match rest.find("-->") {
                    Some(end) => {
                        rest = &rest[end + 3..];
                        inside = false;
                    }
                    None => break,
                }
            } else if let Some(start) = rest.find("<!--") {
                out.push_str(&rest[..start]);
                rest = &rest[start + 4..];
                inside = true;
                had_comment = true;
            } else {
                out.push_str(rest);
                break;
            }
        }
        if !(had_comment && out.trim().is_empty()) {
            kept.push(out.trim_end().to_owned());
        }
    }
    kept.join("\n").trim_matches('\n').to_owned()
}

#[cfg(test)]
mod tests;
