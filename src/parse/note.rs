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
mod tests {
    use super::*;

    fn note(text: &str) -> Result<Note> {
        let name = NoteName::parse("2026-11-25.md").unwrap().unwrap();
        parse(
            Path::new("alice/2026-11-25.md"),
            "alice",
            name,
            text.as_bytes(),
        )
    }

    fn texts(items: &[ActionItem]) -> Vec<(&str, ItemState)> {
        items.iter().map(|i| (i.text.as_str(), i.state)).collect()
    }

    #[test]
    fn sections_under_the_review_headings() {
        let text = "# 1:1\n## Wins\n- Shipped the importer\n### Details\nfast\n\
                    ## Winsome\nno\n## Feedback, both ways\n- For me:\n\n\
                    ## Goals and progress\n<!-- prompt -->\n- Q1 on track\n```\n## not a heading\n```\n\
                    # Top\n## Concerns (private)\nsecret\n## growth\nlearning Rust\n";
        let found = sections_under(text, &["Wins", "Feedback", "Goals", "Growth", "Concerns"]);
        assert_eq!(
            found,
            [
                (
                    "Wins".to_owned(),
                    "- Shipped the importer\n### Details\nfast".to_owned()
                ),
                (
                    "Goals and progress".to_owned(),
                    "- Q1 on track\n```\n## not a heading\n```".to_owned()
                ),
                ("growth".to_owned(), "learning Rust".to_owned()),
            ]
        );
    }

    #[test]
    fn comments_are_left_out() {
        assert_eq!(
            without_comments(
                "<!-- What to talk about -->\n- Budget\n\n- Offsite <!-- ask Bob -->\n"
            ),
            "- Budget\n\n- Offsite"
        );
        assert_eq!(
            without_comments("<!--\nmany\nlines\n-->\n- one\n<!-- a --> - two <!-- b -->\n"),
            "- one\n - two"
        );
        assert_eq!(without_comments("<!-- only guidance -->\n"), "");
        assert_eq!(without_comments("- plain\r\n- text"), "- plain\n- text");
    }

    #[test]
    fn file_names() {
        let n = NoteName::parse("2026-11-25-2.md").unwrap().unwrap();
        assert_eq!((n.date.to_string(), n.seq), ("2026-11-25".into(), 2));
        assert_eq!(n.file_name(), "2026-11-25-2.md");
        assert!(NoteName::parse("topics.md").is_none());
        assert!(NoteName::parse("2026-11-25.txt").is_none());
        assert!(NoteName::parse("2026-11-25-notes.md").is_none());
        assert!(NoteName::parse("2026-13-45.md").unwrap().is_err());
        assert!(NoteName::parse("2026-11-25-1.md").unwrap().is_err());
    }

    #[test]
    fn items_states_children_and_lines() {
        let n = note(
            "---\nperson: alice\ndate: 2026-11-25\n---\n# Title\n\n\
             - [ ] @alice first\n  - [x] child done\n  - plain\n    - [ ] grandchild\n\
             * [-] dropped\n1. [~] also dropped\n- [X] shouted\n- not a task [ ]\n- [ ]\n",
        )
        .unwrap();
        assert_eq!(
            texts(&n.items),
            vec![
                ("@alice first", ItemState::Open),
                ("dropped", ItemState::Cancelled),
                ("also dropped", ItemState::Cancelled),
                ("shouted", ItemState::Done),
                ("", ItemState::Open),
            ]
        );
        assert_eq!(n.items[0].line, 7);
        assert_eq!(
            texts(&n.items[0].children),
            vec![
                ("child done", ItemState::Done),
                ("grandchild", ItemState::Open)
            ]
        );
        let text = "---\nperson: alice\n---\n- [ ] x\n";
        let n = note(text).unwrap();
        assert_eq!(&text[n.items[0].checkbox..=n.items[0].checkbox], " ");
        assert_eq!(n.all_items().count(), 1);
    }

    #[test]
    fn code_blocks_comments_and_thematic_breaks_are_not_confusing() {
        let n = note(
            "---\nperson: alice\n---\n```\n- [ ] in code\n```\n\n    - [ ] indented code\n\n\
             <!--\n- [ ] in comment\n-->\n\n---\n\nperson: bob\n\n---\n\n- [ ] real one\n  wrapped\n",
        )
        .unwrap();
        assert_eq!(texts(&n.items), vec![("real one wrapped", ItemState::Open)]);
        assert_eq!(n.items[0].line, 20);
    }

    #[test]
    fn items_nested_with_tabs_or_wide_indents_are_items() {
        let n = note(
            "---\nperson: alice\n---\n- [ ] a\n\t- [ ] b\n\t\t- [x] c\n- [ ] d\n\n   - [ ] e\n",
        )
        .unwrap();
        assert_eq!(
            texts(&n.items),
            vec![("a", ItemState::Open), ("d", ItemState::Open)]
        );
        assert_eq!(texts(&n.items[0].children), vec![("b", ItemState::Open)]);
        assert_eq!(
            texts(&n.items[0].children[0].children),
            vec![("c", ItemState::Done)]
        );
        assert_eq!(texts(&n.items[1].children), vec![("e", ItemState::Open)]);
        let lines: Vec<usize> = n.all_items().map(|i| i.line).collect();
        assert_eq!(lines, vec![4, 5, 6, 7, 9]);
        let text = "---\nperson: alice\n---\n- [ ] a\n\t- [ ] b\n";
        let b = &n.items[0].children[0];
        assert_eq!(&text[b.checkbox..=b.checkbox], " ");
    }

    #[test]
    fn items_in_quotes_inside_items_are_items() {
        let n = note("---\nperson: alice\n---\n- > \n\t\t> - [ ] quoted\n").unwrap();
        assert_eq!(texts(&n.items), vec![("quoted", ItemState::Open)]);
    }

    #[test]
    fn a_checkbox_in_indented_code_is_not_an_item() {
        let n =
            note("---\nperson: alice\n---\n-     [ ] code\n- \t  [ ] code too\n-    [ ] item\n")
                .unwrap();
        assert_eq!(texts(&n.items), vec![("item", ItemState::Open)]);
    }

    #[test]
    fn nesting_deeper_than_the_limit_is_refused() {
        let nest = |depth: usize| {
            let mut body = String::new();
            for level in 0..depth {
                body.push_str(&"\t".repeat(level));
                body.push_str("- [ ] x\n");
            }
            note(&format!("---\nperson: alice\n---\n{body}"))
        };
        let deepest = nest(MAX_ITEM_DEPTH).unwrap();
        assert_eq!(deepest.all_items().count(), MAX_ITEM_DEPTH);
        let e = nest(MAX_ITEM_DEPTH + 1).unwrap_err().to_string();
        assert_eq!(
            e,
            format!(
                "alice/2026-11-25.md:{}:{}: action items nested more than {} levels deep; the note was not read",
                MAX_ITEM_DEPTH + 4,
                MAX_ITEM_DEPTH + 3,
                MAX_ITEM_DEPTH
            )
        );
        // Lists nested far deeper without tasks in between are fine.
        let lists = format!("---\nperson: alice\n---\n{}[ ] x\n", "- ".repeat(10_000));
        assert_eq!(note(&lists).unwrap().all_items().count(), 1);
    }

    #[test]
    fn crlf_and_bom_are_read() {
        let n = note("\u{feff}---\r\nperson: alice\r\n---\r\n- [ ] one\r\n- [x] two\r\n").unwrap();
        assert_eq!(
            texts(&n.items),
            vec![("one", ItemState::Open), ("two", ItemState::Done)]
        );
    }

    #[test]
    fn bad_notes_name_the_problem() {
        let msg = |t: &str| note(t).unwrap_err().to_string();
        assert!(msg("").contains("empty file"));
        assert!(msg("# no front matter\n").starts_with("alice/2026-11-25.md:1:1: no front matter"));
        assert!(msg("---\nperson: alice\n").contains("not terminated"));
        assert_eq!(
            msg("---\nperson: alice\ndate: 2026-11-24\n---\n"),
            "alice/2026-11-25.md:3:7: front-matter date 2026-11-24 does not match the file name (2026-11-25)"
        );
        assert!(
            msg("---\nperson: bob\n---\n").starts_with("alice/2026-11-25.md:2:9: person `bob`")
        );
        assert_eq!(
            msg("---\nperson: alice\n---\n\0"),
            "alice/2026-11-25.md:4:1: contains a NUL byte"
        );
        let bad = note_bytes(b"---\nperson: alice\n---\nab\xff\n");
        assert_eq!(bad, "alice/2026-11-25.md:4:3: not valid UTF-8");
    }

    fn note_bytes(bytes: &[u8]) -> String {
        let name = NoteName::parse("2026-11-25.md").unwrap().unwrap();
        parse(Path::new("alice/2026-11-25.md"), "alice", name, bytes)
            .unwrap_err()
            .to_string()
    }

    const FRAGMENTS: [&str; 69] = [
        "- [ ] a",
        "  - [x] b @me",
        "    - [-] c due:2026-01-01",
        "* [ ] d",
        "1. [ ] e",
        "2) [~] f",
        "text line",
        "",
        "```",
        "~~~",
        "  ```",
        "<!--",
        "-->",
        "<!-- c -->",
        "# H",
        "---",
        "***",
        "    code",
        "  continuation",
        "- plain",
        "-",
        "- [ ]",
        "   - [X] g",
        "> quote",
        "<div>",
        "===",
        "--",
        "\t- [ ] t",
        "10. [ ] ten",
        "  * [ ] star",
        "      - [ ] deep",
        "[ ] bare",
        "- [ ]x",
        "-  [ ]  spaced",
        "     - [ ] five",
        "  # h",
        "  <!-- x -->",
        "   ```",
        "  2. [ ] two",
        "  ~~~",
        "  ---",
        "- [ ] a <!-- inline -->",
        "- [ ] - \r- [ ] b",
        "## Private notes",
        "### Feedback (private)",
        "<!-- private -->",
        "<!-- /private -->",
        "  <!-- private -->",
        "  <!-- /private -->",
        "Private",
        "# Next",
        "## *Private*",
        "## Q&A",
        "- [ ] x <!-- private -->",
        "<!--private",
        "private -->",
        "<!-- /private --> tail",
        "<!-->",
        "`<!-- private -->`",
        "    <!-- private -->",
        "## Private ##",
        "#### deep",
        "  ## Private",
        "## Pri*vate*",
        "# x &#80;rivate",
        "## Q&A (private)",
        "<!-- pri vate -->",
        "<!-- / private -->",
        "vate -->",
    ];

    proptest::proptest! {
        // About a third of the cases reach the comparison: thousands are
        // compared on every run. `PROPTEST_CASES` can only raise it.
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: proptest::prelude::ProptestConfig::default().cases.max(12_000),
            ..proptest::prelude::ProptestConfig::default()
        })]

        /// Wherever the fast reader answers, the Markdown parser agrees.
        #[test]
        fn the_line_reader_agrees_with_the_markdown_parser(
            picks in proptest::collection::vec(0..FRAGMENTS.len(), 0..25),
            crlf in proptest::bool::ANY,
        ) {
            let eol = if crlf { "\r\n" } else { "\n" };
            let body: String = picks.iter().map(|&i| format!("{}{eol}", FRAGMENTS[i])).collect();
            let text = format!("---{eol}person: a{eol}---{eol}{body}");
            let offset = text.len() - body.len();
            if let Some(fast) = lines::items(&text, offset) {
                proptest::prop_assert_eq!(fast, markdown_items(Path::new("t.md"), &text, offset).unwrap(), "{:?}", body);
            }
        }
    }

    #[test]
    fn private_parts_mark_items_whichever_reader_reads_the_note() {
        // A note as `new` writes them: the line reader reads it itself.
        let text = "---\nperson: alice\n---\n# 1:1\n\n## Notes\n- a\n  <!-- private -->\n  - [ ] @me quiet\n  <!-- /private -->\n- [ ] shared\n\n\
                    ### Worries (private)\n- [ ] worry\n\n## Action items\n- [ ] act\n\n## Private notes\n<!-- Only for you -->\n- [ ] mine\n";
        let offset = frontmatter::split(text).unwrap().body_offset;
        let fast = lines::items(text, offset).expect("plain enough for the line reader");
        assert_eq!(
            fast,
            markdown_items(Path::new("t.md"), text, offset).unwrap()
        );
        let n = note(text).unwrap();
        let flags: Vec<(&str, bool)> = n
            .all_items()
            .map(|i| (i.text.as_str(), i.private))
            .collect();
        assert_eq!(
            flags,
            vec![
                ("@me quiet", true),
                ("shared", false),
                ("worry", true),
                ("act", false),
                ("mine", true)
            ]
        );
        let private: Vec<&str> = n.private.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(
            private,
            vec![
                "  <!-- private -->\n  - [ ] @me quiet\n  <!-- /private -->\n",
                "### Worries (private)\n- [ ] worry\n\n",
                "## Private notes\n<!-- Only for you -->\n- [ ] mine\n"
            ]
        );
        // Inline markup in a heading is left to the full parser.
        let text = "---\nperson: alice\n---\n## *Private*\n- [ ] x\n";
        assert!(lines::items(text, 22).is_none());
        assert!(note(text).unwrap().items[0].private);
        // An item whose own text is partly private is private.
        let n =
            note("---\nperson: alice\n---\n- [ ] a <!-- private -->b<!-- /private -->\n- [ ] c\n")
                .unwrap();
        assert_eq!(texts(&n.items).len(), 2);
        assert_eq!((n.items[0].private, n.items[1].private), (true, false));
    }

    #[test]
    fn a_private_note_is_private_whole() {
        let n = note("---\nperson: alice\nprivate: true\n---\n- [ ] a\n  - [ ] b\n").unwrap();
        assert!(n.front.private);
        assert!(n.all_items().all(|i| i.private));
        let n = note("---\nperson: alice\nprivate: no\n---\n- [ ] a\n").unwrap();
        assert!(!n.front.private && !n.items[0].private);
        let e = note("---\nperson: alice\nprivate: maybe\n---\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "alice/2026-11-25.md:3:10: private must be true or false, not `maybe`"
        );
    }

    #[test]
    fn sections() {
        let text = "# T\n\n## Agenda\n\n- one\n- two\n\n### sub\nx\n## Notes\nn\n";
        assert_eq!(section(text, "agenda"), Some("- one\n- two\n\n### sub\nx"));
        assert_eq!(section(text, "Notes"), Some("n"));
        assert_eq!(section(text, "Missing"), None);
    }
}
