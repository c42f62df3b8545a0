//! A fast, line-by-line reader of task lists for the Markdown notes are
//! usually made of: paragraphs, headings, lists, fenced code and HTML
//! comments. It follows `CommonMark`'s list and container rules for those;
//! at anything else (block quotes, raw HTML, tabs, setext headings and
//! other rare shapes) it gives up with `None` and the full Markdown parser
//! reads the note instead. A property test checks the two agree.
//!
//! It also finds the private parts (see [`crate::parse::private`]) in the
//! shapes notes use: private sections under `#` headings, and
//! `<!-- private -->` … `<!-- /private -->` markers alone on their lines.
//! A heading whose inline markup could make it read `private`
//! (`Pri*vate*`), or any other comment that could open or close a private
//! block, is left to the full parser.

use std::borrow::Cow;
use std::ops::Range;

mod blocks;

use crate::model::item::{ActionItem, ItemState};
use crate::parse::private::{self, Marker};
use blocks::{Block, atx_text, checkbox, classify, closes_fence, has_reference, starts_block};

/// An open list item: where its content starts, and the task it is, if any.
struct Open {
    content_col: usize,
    task: Option<usize>,
    /// Still reading the task's own text (its first paragraph).
    collecting: bool,
}

/// A task found so far, before nesting.
struct Found<'a> {
    state: ItemState,
    /// Borrowed from the note until a continuation line is joined to it.
    text: Cow<'a, str>,
    line: usize,
    checkbox: usize,
    parent: Option<usize>,
    private: bool,
}

enum Skip {
    Fence { mark: u8, len: usize, depth: usize },
    Comment { depth: usize },
}

/// The action items of the body that starts at `body_offset` in `text`, and
/// its private parts (sorted byte ranges of `text`); `None` when the body
/// is not plain enough for this reader.
pub fn items(text: &str, body_offset: usize) -> Option<(Vec<ActionItem>, Vec<Range<usize>>)> {
    let body = text.get(body_offset..)?;
    if !plain_whitespace(body.as_bytes()) {
        return None;
    }
    let first_line = memchr::memchr_iter(b'\n', &text.as_bytes()[..body_offset]).count() + 1;
    // Comments matter only in a body that says `private` somewhere.
    let b = body.as_bytes();
    let mut opens: Vec<usize> = memchr::memchr_iter(b'<', b)
        .filter(|&at| b[at..].starts_with(b"<!--"))
        .collect();
    let mentions = !opens.is_empty() && private::says_private(b);
    if !mentions {
        opens.clear();
    }
    let mut reader = Reader {
        body,
        mentions,
        opens,
        // A note's usual items and nesting without growing the lists.
        found: Vec::with_capacity(16),
        stack: Vec::with_capacity(4),
        ..Reader::default()
    };
    let mut start = 0;
    let mut line_no = first_line;
    while start < body.len() {
        let end =
            memchr::memchr(b'\n', &body.as_bytes()[start..]).map_or(body.len(), |i| start + i);
        let content = &body[start..end];
        let content = content.strip_suffix('\r').unwrap_or(content);
        let next = body_offset + (end + 1).min(body.len());
        reader.line(content, body_offset + start, next, line_no)?;
        start = end + 1;
        line_no += 1;
    }
    let ranges = reader.finish(text.len());
    Some((nest(reader.found), ranges))
}

/// Tabs make indentation a matter of tab stops, and a lone `\r` ends a
/// line for Markdown; both are left to the full parser.
fn plain_whitespace(body: &[u8]) -> bool {
    memchr::memchr2_iter(b'\t', b'\r', body)
        .all(|i| body[i] == b'\r' && body.get(i + 1) == Some(&b'\n'))
}

#[derive(Default)]
struct Reader<'a> {
    body: &'a str,
    stack: Vec<Open>,
    found: Vec<Found<'a>>,
    /// A paragraph is open, so the next text line continues it.
    paragraph: bool,
    skip: Option<Skip>,
    /// The body has a comment and says `private` somewhere (in any case):
    /// without both, no comment can be a marker.
    mentions: bool,
    /// Where the body has `<!--` (when it says `private`), in order, and
    /// the first not yet passed.
    opens: Vec<usize>,
    passed: usize,
    /// The private section open: its heading's level and line.
    section: Option<(usize, usize)>,
    /// Private blocks open (markers nest), and where the outermost began.
    blocks: usize,
    block_start: usize,
    ranges: Vec<Range<usize>>,
}

impl<'a> Reader<'a> {
    /// Reads one line (without its line ending) starting at byte `start`;
    /// the next line starts at `next`.
    #[inline]
    fn line(&mut self, content: &'a str, start: usize, next: usize, line_no: usize) -> Option<()> {
        let indent = content.len() - content.trim_start_matches(' ').len();
        let rest = &content[indent..];
        let depth = if rest.is_empty() {
            self.stack.len()
        } else {
            self.stack
                .iter()
                .take_while(|o| o.content_col <= indent)
                .count()
        };
        if self.skipped(rest, indent, depth)? {
            return Some(());
        }
        if rest.is_empty() {
            self.paragraph = false;
            self.stop_collecting();
            return Some(());
        }
        // A comment in text could open or close a private block; only
        // markers alone on their line are read here.
        let comment_in_text = self.opens_comment(content);
        let rel = indent - container_col(&self.stack, depth);
        if rel >= 4 {
            if self.paragraph {
                if comment_in_text {
                    return None;
                }
                self.continue_text(content);
            } else {
                // Indented code: nothing in it is a task, and items not
                // indented this far are over.
                self.stack.truncate(depth);
            }
            return Some(());
        }
        let block = classify(rest, self.paragraph && depth == self.stack.len())?;
        if comment_in_text && !matches!(block, Block::Comment { .. }) {
            return None;
        }
        if matches!(block, Block::Text) && self.paragraph {
            // A paragraph goes on, even less indented than its item (lazily).
            self.continue_text(content);
            return Some(());
        }
        self.stack.truncate(depth);
        self.stop_collecting();
        self.paragraph = false;
        match block {
            Block::Text => self.paragraph = true,
            Block::Break => {}
            Block::Heading => self.heading(rest, start)?,
            Block::Fence(mark, len) => {
                self.skip = Some(Skip::Fence {
                    mark,
                    len,
                    depth: self.stack.len(),
                });
            }
            Block::Comment { closed } => {
                if self.marker_line(rest, closed, start, next)? {
                    return Some(());
                }
                if !closed {
                    self.skip = Some(Skip::Comment {
                        depth: self.stack.len(),
                    });
                }
            }
            Block::Item { width, spaces } => {
                if self.stack.len() >= crate::model::item::MAX_ITEM_DEPTH {
                    // Too deep: the full parser reports it.
                    return None;
                }
                let after = indent + width + spaces;
                self.item(&content[after..], after, start, line_no)?;
            }
        }
        Some(())
    }

    /// Inside a fence or comment: true when the line belongs to it.
    #[inline]
    fn skipped(&mut self, rest: &str, indent: usize, depth: usize) -> Option<bool> {
        match &self.skip {
            None => Some(false),
            Some(Skip::Comment { depth: d }) => {
                if !rest.is_empty() && depth < *d {
                    return None;
                }
                if self.mentions
                    && (private::says_private(rest.as_bytes()) || self.opens_comment(rest))
                {
                    return None;
                }
                if rest.contains("-->") {
                    self.skip = None;
                }
                Some(true)
            }
            Some(Skip::Fence {
                mark,
                len,
                depth: d,
            }) => {
                if rest.is_empty() || depth >= *d {
                    let base = container_col(&self.stack, *d);
                    if indent < base + 4 && closes_fence(rest, *mark, *len) {
                        self.skip = None;
                    }
                    return Some(true);
                }
                // The container holding the fence ended, and the fence with it.
                self.skip = None;
                Some(false)
            }
        }
    }

    /// A list item whose content `text` starts at column `col`.
    #[inline]
    fn item(&mut self, text: &'a str, col: usize, start: usize, line_no: usize) -> Option<()> {
        let task = checkbox(text).map(|(state, text)| {
            self.found.push(Found {
                state,
                text: Cow::Borrowed(text),
                line: line_no,
                checkbox: start + col + 1,
                parent: self.stack.iter().rev().find_map(|o| o.task),
                private: self.section.is_some() || self.blocks > 0,
            });
            self.found.len() - 1
        });
        if task.is_none() && starts_block(text) {
            return None;
        }
        self.stack.push(Open {
            content_col: col,
            task,
            collecting: task.is_some(),
        });
        self.paragraph = true;
        Some(())
    }

    /// An ATX heading line (`rest` starts with its `#`s) at byte `start`:
    /// it may end the private section and start one. `None` for a heading
    /// whose text inline markup could change.
    fn heading(&mut self, rest: &str, start: usize) -> Option<()> {
        let level = rest.bytes().take_while(|&c| c == b'#').count();
        if let Some((open, from)) = self.section
            && self.stack.is_empty()
            && level <= open
        {
            self.ranges.push(from..start);
            self.section = None;
        }
        if self.section.is_some() {
            return Some(());
        }
        // Inline markup changes what the text reads (`Pri*vate*` reads
        // `Private`): when it could read `private` once the markup is gone,
        // or holds a character reference, the full parser reads the note.
        let after = &rest[level..];
        let b = after.as_bytes();
        // Only text with a `p` and a `v` (or a character reference, which
        // could spell either) can read `private`, however it is marked up;
        // most headings have not both, and one pass over them says so.
        let seen = b.iter().fold(0u8, |seen, &c| {
            seen | u8::from(c | 0x20 == b'p')
                | u8::from(c | 0x20 == b'v') << 1
                | u8::from(c == b'&') << 2
        });
        if seen & 0b011 != 0b011 && seen & 0b100 == 0 {
            return Some(());
        }
        if b.iter()
            .any(|c| matches!(c, b'\\' | b'&' | b'*' | b'_' | b'`' | b'[' | b'<'))
        {
            return if private::spells_private(b) || has_reference(b) {
                None
            } else {
                Some(())
            };
        }
        // Without markup the text reads as written.
        let text = atx_text(after);
        if private::is_private_heading(text) {
            self.section = Some((level, start));
        }
        Some(())
    }

    /// Does `part` (of the body, and not before any part asked about
    /// earlier) open an HTML comment? Asked only where the body says
    /// `private`: elsewhere a comment cannot matter.
    #[inline]
    fn opens_comment(&mut self, part: &str) -> bool {
        if self.passed >= self.opens.len() {
            return false;
        }
        let from = part.as_ptr() as usize - self.body.as_ptr() as usize;
        while self.opens.get(self.passed).is_some_and(|&at| at < from) {
            self.passed += 1;
        }
        self.opens
            .get(self.passed)
            .is_some_and(|&at| at + 4 <= from + part.len())
    }

    /// A comment block's first line: true when it is a marker alone on its
    /// line (and read as one); `None` when it could be part of a marker in
    /// some other way.
    fn marker_line(&mut self, rest: &str, closed: bool, start: usize, next: usize) -> Option<bool> {
        if !private::says_private(rest.as_bytes()) {
            // Not a marker; a second comment on the line could still start
            // one whose text goes on below.
            return if self.opens_comment(&rest[4..]) {
                None
            } else {
                Some(false)
            };
        }
        let inner = &rest[4..];
        let alone = closed
            && !inner.starts_with('>')
            && !inner.starts_with("->")
            && !inner.contains("<!--")
            && inner
                .find("-->")
                .is_some_and(|end| inner[end + 3..].trim().is_empty());
        let found = alone
            .then(|| {
                inner
                    .find("-->")
                    .and_then(|end| private::marker(&inner[..end]))
            })
            .flatten();
        match found {
            Some(Marker::Open) => {
                if self.blocks == 0 {
                    self.block_start = start;
                }
                self.blocks += 1;
            }
            Some(Marker::Close) => {
                if self.blocks > 0 {
                    self.blocks -= 1;
                    if self.blocks == 0 {
                        self.ranges.push(self.block_start..next);
                    }
                }
            }
            None => return None,
        }
        Some(true)
    }

    /// The private parts found, once every line is read.
    fn finish(&mut self, end: usize) -> Vec<Range<usize>> {
        if let Some((_, from)) = self.section.take() {
            self.ranges.push(from..end);
        }
        if self.blocks > 0 {
            self.ranges.push(self.block_start..end);
        }
        private::merge(std::mem::take(&mut self.ranges))
    }

    fn stop_collecting(&mut self) {
        if let Some(top) = self.stack.last_mut() {
            top.collecting = false;
        }
    }

    fn continue_text(&mut self, content: &str) {
        if let Some(top) = self.stack.last()
            && top.collecting
            && let Some(i) = top.task
        {
            let text = self.found[i].text.to_mut();
            text.push(' ');
            text.push_str(content);
        }
    }
}

fn container_col(stack: &[Open], depth: usize) -> usize {
    if depth == 0 {
        0
    } else {
        stack[depth - 1].content_col
    }
}

/// Builds the item tree. A task's parent comes before it and is still open
/// when it is read, so in file order the open items always form the chain
/// from a root down to the newest one: a task closes its chain up to its
/// parent and joins it.
fn nest(found: Vec<Found>) -> Vec<ActionItem> {
    let mut roots = Vec::with_capacity(found.len());
    let mut chain: Vec<(usize, ActionItem)> = Vec::with_capacity(4);
    for (i, f) in found.into_iter().enumerate() {
        while chain
            .last()
            .is_some_and(|&(open, _)| Some(open) != f.parent)
        {
            close(&mut chain, &mut roots);
        }
        let mut item = ActionItem::new(f.state, &f.text, f.line, f.checkbox);
        item.private = f.private;
        chain.push((i, item));
    }
    while !chain.is_empty() {
        close(&mut chain, &mut roots);
    }
    roots
}

/// Moves the newest open item into its parent, or into the roots.
fn close(chain: &mut Vec<(usize, ActionItem)>, roots: &mut Vec<ActionItem>) {
    let Some((_, item)) = chain.pop() else { return };
    match chain.last_mut() {
        Some((_, parent)) => parent.children.push(item),
        None => roots.push(item),
    }
}
