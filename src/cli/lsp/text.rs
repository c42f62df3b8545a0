//! Positions in a document: lines, UTF-16 columns and byte offsets; and
//! the hover shape every hover shares.

use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind, Position, Range};

/// A hover over `range` showing `lines`, one per line (Markdown).
pub(super) fn hover(lines: &[String], range: Range) -> Hover {
    Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: lines.join("  \n"),
        }),
        range: Some(range),
    }
}

/// All of line `line` (0-based).
pub(super) fn line_range(text: &str, line: usize) -> Range {
    let end = text.lines().nth(line).map_or(0, utf16_len);
    let line = u32::try_from(line).unwrap_or(u32::MAX);
    Range {
        start: Position { line, character: 0 },
        end: Position {
            line,
            character: end,
        },
    }
}

pub(super) fn utf16_len(text: &str) -> u32 {
    u32::try_from(text.encode_utf16().count()).unwrap_or(u32::MAX)
}

/// The byte offset in `line` of UTF-16 column `character`, clamped to it.
pub(super) fn byte_at(line: &str, character: u32) -> usize {
    let mut units = 0;
    for (i, c) in line.char_indices() {
        if units >= character as usize {
            return i;
        }
        units += c.len_utf16();
    }
    line.len()
}

/// The byte offset of `position` in `text`, clamped to it.
pub(super) fn offset_of(text: &str, position: Position) -> usize {
    let mut start = 0;
    for _ in 0..position.line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    let line = text[start..].split('\n').next().unwrap_or("");
    start + byte_at(line, position.character)
}

/// The position of byte `offset` of `text`.
pub(super) fn position_of(text: &str, offset: usize) -> Position {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Position {
        line: u32::try_from(before.matches('\n').count()).unwrap_or(u32::MAX),
        character: utf16_len(&before[line_start..]),
    }
}
