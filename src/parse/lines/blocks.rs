//! What one line of a note's body starts, for the fast task reader: a
//! paragraph, a heading, a fence, a comment, a list item and its checkbox.
//! `None` wherever Markdown could read the line another way, so the note
//! goes to the full parser.

use crate::model::item::ItemState;

pub(super) enum Block {
    Text,
    Break,
    Heading,
    Fence(u8, usize),
    Comment { closed: bool },
    Item { width: usize, spaces: usize },
}

/// What a line (without its indentation, at most 3 spaces into its
/// container) starts. `None`: something this reader leaves to the full parser.
pub(super) fn classify(rest: &str, in_paragraph: bool) -> Option<Block> {
    let b = rest.as_bytes();
    if b[0].is_ascii_alphabetic() {
        // Most lines are prose, and no block but a paragraph starts with a letter.
        return Some(Block::Text);
    }
    if in_paragraph && rest.trim_end().bytes().all(|c| c == b'-') {
        return None; // a setext heading underline
    }
    match b[0] {
        b'>' | b'<' if !rest.starts_with("<!--") => return None,
        b'=' if in_paragraph => return None,
        _ => {}
    }
    if is_break(rest) {
        return Some(Block::Break);
    }
    if let Some(body) = rest.strip_prefix("<!--") {
        // `<!-->` and `<!--->` are whole (empty) comments.
        return Some(Block::Comment {
            closed: body.starts_with('>') || body.starts_with("->") || body.contains("-->"),
        });
    }
    let hashes = b.iter().take_while(|&&c| c == b'#').count();
    if (1..=6).contains(&hashes) && matches!(b.get(hashes), None | Some(b' ')) {
        return Some(Block::Heading);
    }
    for mark in [b'`', b'~'] {
        let len = b.iter().take_while(|&&c| c == mark).count();
        if len >= 3 {
            if mark == b'`' && rest[len..].contains('`') {
                return None;
            }
            return Some(Block::Fence(mark, len));
        }
    }
    let width = match b[0] {
        b'-' | b'*' | b'+' => 1,
        b'0'..=b'9' => {
            let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
            if digits > 9 || !matches!(b.get(digits), Some(b'.' | b')')) {
                return Some(Block::Text);
            }
            if in_paragraph && &rest[..digits] != "1" {
                return Some(Block::Text);
            }
            digits + 1
        }
        _ => return Some(Block::Text),
    };
    let after = &rest[width..];
    if after.is_empty() {
        // Empty items have their own rules (they close at a blank line and
        // cannot interrupt a paragraph); rare enough to leave to the parser.
        return None;
    }
    let spaces = after.bytes().take_while(|&c| c == b' ').count();
    match spaces {
        0 => Some(Block::Text),
        1..=4 if spaces < after.len() => Some(Block::Item { width, spaces }),
        _ => None,
    }
}

/// The text of an ATX heading, given what follows its `#`s: trimmed, and
/// without a closing run of `#`s.
pub(super) fn atx_text(after: &str) -> &str {
    let blank = |c: &u8| *c == b' ' || *c == b'\t';
    let b = after.as_bytes();
    let start = b.iter().position(|c| !blank(c)).unwrap_or(b.len());
    let end = b.iter().rposition(|c| !blank(c)).map_or(start, |i| i + 1);
    let text = &b[start..end];
    let open = text.iter().rposition(|&c| c != b'#').map_or(0, |i| i + 1);
    if open == 0 {
        ""
    } else if open < text.len() && blank(&text[open - 1]) {
        let kept = text[..open]
            .iter()
            .rposition(|c| !blank(c))
            .map_or(0, |i| i + 1);
        &after[start..start + kept]
    } else {
        &after[start..end]
    }
}

/// Does the text hold a character reference (`&name;`, `&#…;`), which
/// could read as any letter?
pub(super) fn has_reference(b: &[u8]) -> bool {
    memchr::memchr_iter(b'&', b).any(|at| {
        let name = b[at + 1..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'#')
            .count();
        name > 0 && b.get(at + 1 + name) == Some(&b';')
    })
}

fn is_break(rest: &str) -> bool {
    let trimmed = rest.trim_end();
    let Some(first) = trimmed.bytes().next() else {
        return false;
    };
    matches!(first, b'-' | b'*' | b'_')
        && trimmed.bytes().all(|c| c == first || c == b' ')
        && trimmed.bytes().filter(|&c| c == first).count() >= 3
}

pub(super) fn closes_fence(rest: &str, mark: u8, len: usize) -> bool {
    let run = rest.bytes().take_while(|&c| c == mark).count();
    run >= len && rest[run..].trim().is_empty()
}

/// Content right after a list marker that opens another block on the same
/// line (`- # x`, `- > x`, `- - x`): rare, and left to the full parser.
pub(super) fn starts_block(text: &str) -> bool {
    text.starts_with(['#', '>', '<', '`', '~', '-', '*', '+', '='])
        || text.bytes().next().is_some_and(|c| c.is_ascii_digit())
}

/// `[ ] text` at the start of an item's content: its state and its text.
pub(super) fn checkbox(text: &str) -> Option<(ItemState, &str)> {
    let b = text.as_bytes();
    if b.first() != Some(&b'[') || b.get(2) != Some(&b']') {
        return None;
    }
    let state = ItemState::from_mark(*b.get(1)?)?;
    match b.get(3) {
        None => Some((state, "")),
        Some(b' ') => Some((state, &text[3..])),
        _ => None,
    }
}
