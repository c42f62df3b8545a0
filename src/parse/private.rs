//! The private parts of a note: what stays with its author when the note
//! is shared with the other person.
//!
//! - A section whose heading text starts with `Private` or ends with
//!   `(private)` (in any case), from its heading to the next heading of the
//!   same or a higher level that is not inside a list or a quote, else to
//!   the end of the file. Headings in code are not headings.
//! - A block from a `<!-- private -->` comment to the matching
//!   `<!-- /private -->`, else to the end of the file. The markers are found
//!   anywhere outside code, in the middle of a line too; a comment whose
//!   text starts with `private` opens a block and one starting with
//!   `/private` closes it. A marker alone on its line takes the whole line.
//! - The whole note, when its front matter says `private: true`.
//! - The front-matter keys named in the settings' `private_keys`.
//!
//! Everything here errs towards private: an unterminated block or comment
//! runs to the end of the file, and a front matter whose private keys
//! cannot be cut out line by line is left out whole.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use serde::de::{Deserializer, IgnoredAny, MapAccess, Visitor};

use crate::error::{Error, Result};
use crate::model::note::Note;
use crate::parse::frontmatter::{self, Split};

/// What of a note may be shown to the other person: its text without the
/// private parts, everything else byte for byte.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Public {
    pub text: String,
    /// Where the body starts in `text`.
    pub body_offset: usize,
}

/// The note `text` (read into `note`) without its private parts and
/// without the lines of the front-matter `keys` (the settings'
/// `private_keys`); `None` when the whole note is private.
pub fn public(
    path: &std::path::Path,
    text: &str,
    note: &Note,
    keys: &[String],
) -> Result<Option<Public>> {
    if note.front.private {
        return Ok(None);
    }
    let split = frontmatter::split(text)
        .map_err(|_| Error::input(path, "no front matter (a note starts with a `---` line)"))?;
    // What either reader found, and the full parser's own reading: two
    // opinions can only make more of the note private.
    let mut ranges = note.private.clone();
    ranges.extend(body_ranges(text, split.body_offset));
    ranges.extend(front_matter_lines(path, text, &split, keys)?);
    let ranges = merge(ranges);
    let mut out = String::with_capacity(text.len());
    let mut kept = 0;
    let mut removed_before_body = 0;
    for r in &ranges {
        // Widened to whole characters, should a range ever split one.
        let start = floor_char(text, r.start).max(kept);
        let end = ceil_char(text, r.end).max(start);
        out.push_str(&text[kept..start]);
        if end <= split.body_offset {
            removed_before_body += end - start;
        }
        kept = end;
    }
    out.push_str(&text[kept.min(text.len())..]);
    Ok(Some(Public {
        text: out,
        body_offset: split.body_offset - removed_before_body,
    }))
}

fn floor_char(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn ceil_char(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// Does a heading with this text start a private section?
pub fn is_private_heading(text: &str) -> bool {
    let b = text.as_bytes();
    // Most headings are not private: say so from their first and last byte.
    let plain = |c: u8| c.is_ascii() && !c.is_ascii_whitespace();
    if let (Some(&first), Some(&last)) = (b.first(), b.last())
        && plain(first)
        && plain(last)
        && !matches!(first, b'p' | b'P')
        && last != b')'
    {
        return false;
    }
    let text = text.trim();
    let b = text.as_bytes();
    b.get(..7)
        .is_some_and(|s| s.eq_ignore_ascii_case(b"private"))
        || b.len() >= 9 && b[b.len() - 9..].eq_ignore_ascii_case(b"(private)")
}

/// A comment that opens or closes a private block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Marker {
    Open,
    Close,
}

/// What the text inside `<!--` … `-->` says: `private` or `/private`
/// first, in any case; spaces (and the `>` of an enclosing quote) before
/// or after the `/` do not count.
pub(crate) fn marker(inner: &str) -> Option<Marker> {
    fn skip(s: &str) -> &str {
        s.trim_start_matches(|c: char| c.is_whitespace() || c == '>')
    }
    let rest = skip(inner);
    let (kind, rest) = match rest.strip_prefix('/') {
        Some(after) => (Marker::Close, skip(after)),
        None => (Marker::Open, rest),
    };
    rest.as_bytes()
        .get(..7)
        .is_some_and(|w| w.eq_ignore_ascii_case(b"private"))
        .then_some(kind)
}

/// Could text with inline markup read `private` once the markup is gone:
/// are its letters there in order, in any case?
pub(crate) fn spells_private(text: &[u8]) -> bool {
    let mut want = b"private".iter().peekable();
    for c in text {
        if want.peek().is_some_and(|w| c.to_ascii_lowercase() == **w) {
            want.next();
        }
    }
    want.peek().is_none()
}

/// Does `hay` say `private`, in any case? Found by its `v`, the rarest of
/// its letters in notes, so most bytes are passed over by a vector search.
pub(crate) fn says_private(hay: &[u8]) -> bool {
    let word_at = |v: usize| {
        v >= 3
            && hay
                .get(v - 3..v + 4)
                .is_some_and(|w| w.eq_ignore_ascii_case(b"private"))
    };
    memchr::memchr2_iter(b'v', b'V', hay).any(word_at)
}

/// Sorts ranges and joins those that overlap or touch.
pub(crate) fn merge(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    if ranges.len() < 2 {
        ranges.retain(|r| r.start < r.end);
        return ranges;
    }
    ranges.retain(|r| r.start < r.end);
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut out: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// Where the line holding `at` starts, when only spaces and tabs come
/// before `at` on it; else `at`.
pub(crate) fn line_start_before(text: &str, at: usize) -> usize {
    let before = &text.as_bytes()[..at];
    let start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
    if before[start..].iter().all(|&b| b == b' ' || b == b'\t') {
        start
    } else {
        at
    }
}

/// Where the line holding `at` ends (after its line break), when only
/// spaces, tabs and a carriage return come after `at` on it; else `at`.
pub(crate) fn line_end_after(text: &str, at: usize) -> usize {
    let after = &text.as_bytes()[at..];
    let end = memchr::memchr(b'\n', after).map_or(after.len(), |i| i + 1);
    if after[..end]
        .iter()
        .all(|&b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
    {
        at + end
    } else {
        at
    }
}

/// The private byte ranges of a note's body (the part of `text` from
/// `body_offset` on) as the full Markdown parser sees it: sorted, joined,
/// in offsets of `text`.
pub fn body_ranges(text: &str, body_offset: usize) -> Vec<Range<usize>> {
    let mut finder = Finder::new(text, body_offset);
    for (event, range) in Parser::new(&text[body_offset..]).into_offset_iter() {
        finder.event(&event, range);
    }
    finder.finish()
}

/// Follows the full parser's events for what makes a private part; fed by
/// the pass that also reads the action items, so a note is parsed once.
pub(crate) struct Finder<'t> {
    text: &'t str,
    body_offset: usize,
    /// Lists, items and quotes the parser is inside.
    containers: usize,
    /// The heading being read: its level, where it starts, whether it is
    /// inside a container, and its text so far.
    heading: Option<(u8, usize, bool, String)>,
    /// The private section open: its level and where it started.
    section: Option<(u8, usize)>,
    /// Code, where a marker is not a marker.
    code: Vec<Range<usize>>,
    ranges: Vec<Range<usize>>,
}

impl<'t> Finder<'t> {
    pub(crate) fn new(text: &'t str, body_offset: usize) -> Self {
        Finder {
            text,
            body_offset,
            containers: 0,
            heading: None,
            section: None,
            code: Vec::new(),
            ranges: Vec::new(),
        }
    }

    /// One event of the parser run on the body, with its range in the body.
    pub(crate) fn event(&mut self, event: &Event<'_>, range: Range<usize>) {
        let range = self.body_offset + range.start..self.body_offset + range.end;
        match event {
            Event::Start(Tag::List(_) | Tag::Item | Tag::BlockQuote(_)) => self.containers += 1,
            Event::End(TagEnd::List(_) | TagEnd::Item | TagEnd::BlockQuote(_)) => {
                self.containers = self.containers.saturating_sub(1);
            }
            Event::Start(Tag::Heading { level, .. }) => {
                let start = line_start_before(self.text, range.start);
                let nested = self.containers > 0;
                self.heading = Some((*level as u8, start, nested, String::new()));
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, _, text)) = &mut self.heading {
                    text.push_str(t);
                }
                if matches!(event, Event::Code(_)) {
                    self.code.push(range);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((_, _, _, text)) = &mut self.heading {
                    text.push(' ');
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, start, nested, text)) = self.heading.take() {
                    self.heading_found(level, start, nested, &text);
                }
            }
            Event::Start(Tag::CodeBlock(_)) => self.code.push(range),
            _ => {}
        }
    }

    fn heading_found(&mut self, level: u8, start: usize, nested: bool, text: &str) {
        if let Some((open, from)) = self.section
            && !nested
            && level <= open
        {
            self.ranges.push(from..start);
            self.section = None;
        }
        if self.section.is_none() && is_private_heading(text) {
            self.section = Some((level, start));
        }
    }

    /// The ranges found, with the marked blocks, sorted and joined. A
    /// part that starts within a line ends before the line break it would
    /// end with, so what follows it still starts a line of its own.
    pub(crate) fn finish(mut self) -> Vec<Range<usize>> {
        let end = self.text.len();
        if let Some((_, from)) = self.section.take() {
            self.ranges.push(from..end);
        }
        self.markers();
        let b = self.text.as_bytes();
        let mut ranges = merge(self.ranges);
        for r in &mut ranges {
            if r.start > 0 && b[r.start - 1] != b'\n' && b[..r.end].ends_with(b"\n") {
                r.end -= 1;
                if b[..r.end].ends_with(b"\r") {
                    r.end -= 1;
                }
            }
        }
        ranges.retain(|r| r.start < r.end);
        ranges
    }

    /// The blocks between markers, outside code.
    fn markers(&mut self) {
        let text = self.text;
        let body = &text.as_bytes()[self.body_offset..];
        if !says_private(body) {
            return;
        }
        self.code.sort_by_key(|r| r.start);
        let mut depth = 0usize;
        let mut open_at = 0;
        for found in memchr::memmem::find_iter(body, b"<!--") {
            let at = self.body_offset + found;
            if self.in_code(at) {
                continue;
            }
            let (inner, end) = comment(text, at);
            match marker(inner) {
                Some(Marker::Open) => {
                    if depth == 0 {
                        open_at = line_start_before(text, at);
                    }
                    depth += 1;
                }
                Some(Marker::Close) if depth > 0 => {
                    depth -= 1;
                    if depth == 0 {
                        self.ranges.push(open_at..line_end_after(text, end));
                    }
                }
                _ => {}
            }
        }
        if depth > 0 {
            self.ranges.push(open_at..text.len());
        }
    }

    fn in_code(&self, at: usize) -> bool {
        // Code ranges do not overlap: only the last one starting before
        // `at` can hold it.
        let i = self.code.partition_point(|r| r.start <= at);
        i > 0 && self.code[i - 1].contains(&at)
    }
}

/// The comment that starts at `at` (with `<!--`): its text, and where it
/// ends (the end of `text` when it is not closed).
fn comment(text: &str, at: usize) -> (&str, usize) {
    let from = at + 4;
    let rest = &text[from..];
    if rest.starts_with('>') {
        return ("", from + 1);
    }
    if rest.starts_with("->") {
        return ("", from + 2);
    }
    match memchr::memmem::find(rest.as_bytes(), b"-->") {
        Some(i) => (&rest[..i], from + i + 3),
        None => (rest, text.len()),
    }
}

/// The lines of a note's front matter that hold the values of `keys` (the
/// settings' `private_keys`), to leave out when the note is shared: each
/// from its key's line to the next key's line, in offsets of `text`. When
/// the block cannot be cut that way (a key over several lines the simple
/// reading gets wrong, a flow mapping), and one of `keys` is in it, the
/// whole block is returned.
pub fn front_matter_lines(
    path: &std::path::Path,
    text: &str,
    split: &Split<'_>,
    keys: &[String],
) -> Result<Vec<Range<usize>>> {
    let yaml = split.yaml;
    if keys.is_empty() || yaml.trim().is_empty() {
        return Ok(Vec::new());
    }
    let yaml_at = yaml.as_ptr() as usize - text.as_ptr() as usize;
    let entries = entries(yaml);
    let whole = || Ok(std::iter::once(yaml_at..yaml_at + yaml.len()).collect());
    let Ok(Keys(parsed)) = frontmatter::from_yaml::<Keys>(path, yaml, split.yaml_line) else {
        return whole();
    };
    let wanted = |key: &str| keys.iter().any(|k| k == key);
    let same = entries.len() == parsed.len()
        && entries
            .iter()
            .zip(&parsed)
            .all(|((_, key), parsed)| key == parsed);
    if !same {
        return if parsed.iter().any(|k| wanted(k)) {
            whole()
        } else {
            Ok(Vec::new())
        };
    }
    let mut out = Vec::new();
    for (i, (start, key)) in entries.iter().enumerate() {
        if wanted(key) {
            let end = entries.get(i + 1).map_or(yaml.len(), |(next, _)| *next);
            out.push(yaml_at + start..yaml_at + end);
        }
    }
    Ok(merge(out))
}

/// The top-level entries of a YAML block as its lines show them: where each
/// key's line starts, and the key. A line that starts with anything but a
/// space, a tab, `#` or a `- ` item starts a key.
fn entries(yaml: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in yaml.split_inclusive('\n') {
        let b = line.as_bytes();
        let continues = match b.first() {
            None | Some(b' ' | b'\t' | b'#' | b'\r' | b'\n') => true,
            Some(b'-') => matches!(b.get(1), None | Some(b' ' | b'\t' | b'\r' | b'\n')),
            Some(_) => false,
        };
        if !continues {
            out.push((start, key_of(line)));
        }
        start += line.len();
    }
    out
}

/// The key a `key: value` line names, unquoted.
fn key_of(line: &str) -> String {
    let line = line.trim_end();
    for q in ['"', '\''] {
        if let Some(rest) = line.strip_prefix(q)
            && let Some(end) = rest.find(q)
        {
            return rest[..end].to_owned();
        }
    }
    let b = line.as_bytes();
    let colon = (0..b.len())
        .find(|&i| b[i] == b':' && matches!(b.get(i + 1), None | Some(b' ' | b'\t')))
        .unwrap_or(b.len());
    line[..colon].trim_end().to_owned()
}

/// The top-level keys of a YAML mapping, in order.
struct Keys(Vec<String>);

impl<'de> serde::Deserialize<'de> for Keys {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Keys;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a mapping")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Keys, A::Error> {
                let mut keys = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    map.next_value::<IgnoredAny>()?;
                    keys.push(key);
                }
                Ok(Keys(keys))
            }
        }
        d.deserialize_map(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn private_text(text: &str) -> Vec<&str> {
        body_ranges(text, 0).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn headings_that_are_private() {
        for yes in [
            "Private notes",
            "private",
            "  PRIVATE  ",
            "Feedback (private)",
            "x (Private)",
        ] {
            assert!(is_private_heading(yes), "{yes:?}");
        }
        for no in ["Notes", "Not private", "(private) notes", "Privat", ""] {
            assert!(!is_private_heading(no), "{no:?}");
        }
    }

    #[test]
    fn markers_read() {
        assert_eq!(marker(" private "), Some(Marker::Open));
        assert_eq!(marker("PRIVATE: the reorg"), Some(Marker::Open));
        assert_eq!(marker("\n> private\n> "), Some(Marker::Open));
        assert_eq!(marker(" / private "), Some(Marker::Close));
        assert_eq!(marker(" note "), None);
        assert_eq!(marker(""), None);
        assert_eq!(marker(" é private"), None);
        assert_eq!(marker(" pri vate "), None);
        assert_eq!(marker("privately"), Some(Marker::Open));
        assert!(spells_private(b"Pri*vate*") && spells_private(b"[P](x)rivate"));
        assert!(!spells_private(b"Prvate *x*"));
    }

    #[test]
    fn sections_run_to_the_next_heading_of_their_level() {
        let text = "# T\n## Private notes\na\n### sub\nb\n## Next\nc\n";
        assert_eq!(
            private_text(text),
            vec!["## Private notes\na\n### sub\nb\n"]
        );
        let text = "## Notes\n### Feedback (private)\nx\n### More\ny\n";
        assert_eq!(private_text(text), vec!["### Feedback (private)\nx\n"]);
        let text = "## Private\n```\n# Private\n```\n# Public\nz\n";
        assert_eq!(
            private_text(text),
            vec!["## Private\n```\n# Private\n```\n"]
        );
        let text = "Private\n-------\nx\n\nNext\n====\ny\n";
        assert_eq!(private_text(text), vec!["Private\n-------\nx\n\n"]);
        // A heading in a list does not end a section, but may start one.
        let text = "## Private\n- ## Next\n  x\n\n## Next\nz\n";
        assert_eq!(private_text(text), vec!["## Private\n- ## Next\n  x\n\n"]);
        // Starting within a line, it leaves that line's break.
        let text = "a\n- ## Private\n  x\n";
        assert_eq!(private_text(text), vec!["## Private\n  x"]);
        // To the end of the file.
        assert_eq!(private_text("x\n# Private"), vec!["# Private"]);
    }

    #[test]
    fn marked_blocks() {
        let text = "a\n<!-- private -->\nb\n<!-- /private -->\nc\n";
        assert_eq!(
            private_text(text),
            vec!["<!-- private -->\nb\n<!-- /private -->\n"]
        );
        let text = "- a\n  <!-- private -->\n  - b\n  <!-- /private -->\n- c\n";
        assert_eq!(
            private_text(text),
            vec!["  <!-- private -->\n  - b\n  <!-- /private -->\n"]
        );
        let text = "Say <!-- private -->this<!-- /private --> and that\n";
        assert_eq!(
            private_text(text),
            vec!["<!-- private -->this<!-- /private -->"]
        );
        // Unterminated: to the end; nested: to the matching end.
        assert_eq!(
            private_text("a\n<!--private-->\nb\n"),
            vec!["<!--private-->\nb\n"]
        );
        let text =
            "<!-- private -->\n<!-- private -->\nx\n<!-- /private -->\ny\n<!-- /private -->\nz\n";
        assert_eq!(private_text(text).len(), 1);
        assert!(!private_text(text)[0].contains('z'));
        // In code, a marker is text.
        let text = "```\n<!-- private -->\n```\n`<!-- private -->` x\n";
        assert!(private_text(text).is_empty());
        // A stray end does nothing.
        assert!(private_text("<!-- /private -->\nx\n").is_empty());
        // CRLF lines go whole.
        let text = "a\r\n<!-- private -->\r\nb\r\n<!-- /private -->\r\nc\r\n";
        assert_eq!(
            private_text(text),
            vec!["<!-- private -->\r\nb\r\n<!-- /private -->\r\n"]
        );
    }

    #[test]
    fn front_matter_keys() {
        let lines = |text: &str, keys: &[&str]| -> Vec<String> {
            let split = frontmatter::split(text).unwrap();
            let keys: Vec<String> = keys.iter().map(|k| (*k).to_owned()).collect();
            front_matter_lines(std::path::Path::new("a.md"), text, &split, &keys)
                .unwrap()
                .into_iter()
                .map(|r| text[r].to_owned())
                .collect()
        };
        let text = "---\nperson: a\nenergy: 2 # tired\nrating: |\n  long\n  story\n# c\nkind: peer\n---\nbody\n";
        assert_eq!(
            lines(text, &["energy", "rating"]),
            vec!["energy: 2 # tired\nrating: |\n  long\n  story\n# c\n"]
        );
        assert!(lines(text, &[]).is_empty());
        assert!(lines(text, &["mood"]).is_empty());
        let text = "---\nperson: a\nenergy: [1,\n 2]\nlist:\n- x\n- y\n---\n";
        assert_eq!(lines(text, &["energy"]), vec!["energy: [1,\n 2]\n"]);
        assert_eq!(lines(text, &["list"]), vec!["list:\n- x\n- y\n"]);
        // A value the lines cannot cut out: the whole block goes.
        let text = "---\nperson: a\nenergy: \"low\nmood: y\"\n---\n";
        assert_eq!(
            lines(text, &["energy"]),
            vec!["person: a\nenergy: \"low\nmood: y\"\n"]
        );
        let text = "---\n{person: a, energy: 2}\n---\n";
        assert_eq!(lines(text, &["energy"]), vec!["{person: a, energy: 2}\n"]);
        assert!(lines(text, &["mood"]).is_empty());
        let text = "---\n\"energy\": 2\nperson: a\n---\n";
        assert_eq!(lines(text, &["energy"]), vec!["\"energy\": 2\n"]);
    }

    #[test]
    fn public_text_is_the_rest_byte_for_byte() {
        let shared = |text: &str| {
            let name = crate::model::note::NoteName::parse("2026-11-25.md")
                .unwrap()
                .unwrap();
            let path = std::path::Path::new("a/2026-11-25.md");
            let note = crate::parse::note::parse(path, "a", name, text.as_bytes()).unwrap();
            public(path, text, &note, &["energy".to_owned()]).unwrap()
        };
        let text =
            "---\nperson: a\nenergy: 1\n---\nSay <!-- private -->x\ny<!-- /private -->\n# Next\n";
        let p = shared(text).unwrap();
        // The part started within a line: the line break stays.
        assert_eq!(p.text, "---\nperson: a\n---\nSay \n# Next\n");
        assert_eq!(&p.text[p.body_offset..], "Say \n# Next\n");
        let text = "\u{feff}---\r\nperson: a\r\n---\r\nA\r\n## Private\r\nB\r\n## C\r\n";
        assert_eq!(
            shared(text).unwrap().text,
            "\u{feff}---\r\nperson: a\r\n---\r\nA\r\n## C\r\n"
        );
        assert_eq!(shared("---\nperson: a\nprivate: true\n---\nx\n"), None);
    }

    #[test]
    fn case_insensitive_search() {
        assert!(says_private(b"a PriVate b"));
        assert!(says_private(b"private"));
        assert!(says_private(b"(PRIVATE)"));
        assert!(!says_private(b"privat vvv rivate"));
        assert!(!says_private(b""));
        let long = format!("{}PRIVATE{}", "v".repeat(60), "V".repeat(60));
        assert!(says_private(long.as_bytes()));
        assert!(!says_private(
            long.to_lowercase().replace("private", "privat").as_bytes()
        ));
    }
}
