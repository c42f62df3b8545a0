//! Action items: their checkbox state, the markers inside their text
//! (`@owner`, `due:DATE`, `(from DATE)`) and their identity across notes.

use std::borrow::Cow;
use std::ops::Range;

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::date::parse_date;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ItemState {
    Open,
    Done,
    Cancelled,
}

impl ItemState {
    /// The state a checkbox character stands for, if it is one.
    pub fn from_mark(mark: u8) -> Option<Self> {
        match mark {
            b' ' => Some(ItemState::Open),
            b'x' | b'X' => Some(ItemState::Done),
            b'-' | b'~' => Some(ItemState::Cancelled),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ItemState::Open => "open",
            ItemState::Done => "done",
            ItemState::Cancelled => "cancelled",
        }
    }

    /// The state `as_str` names.
    pub fn from_name(name: &str) -> Option<Self> {
        [ItemState::Open, ItemState::Done, ItemState::Cancelled]
            .into_iter()
            .find(|s| s.as_str() == name)
    }

    pub fn is_closed(self) -> bool {
        self != ItemState::Open
    }
}

/// One task-list item of a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionItem {
    pub state: ItemState,
    /// The item's text with whitespace collapsed and the `(from …)` marker removed.
    pub text: String,
    pub owner: Option<String>,
    pub due: Option<NaiveDate>,
    /// The `(from DATE)` marker: the note the item first appeared in.
    pub origin: Option<NaiveDate>,
    /// 1-based line of the item in the file.
    pub line: usize,
    /// Byte offset in the file of the character between the brackets.
    pub checkbox: usize,
    /// In a private part of its note: it stays with the note's author.
    pub private: bool,
    pub children: Vec<ActionItem>,
}

impl ActionItem {
    /// Builds an item from the raw text after its checkbox.
    pub fn new(state: ItemState, raw: &str, line: usize, checkbox: usize) -> Self {
        let (text, origin) = split_origin(raw);
        let text = collapse_whitespace(text);
        ActionItem {
            state,
            owner: owner(&text),
            due: due(&text),
            text,
            origin,
            line,
            checkbox,
            private: false,
            children: Vec::new(),
        }
    }

    /// The origin date, falling back to the date of the note it is in.
    pub fn origin_or(&self, note_date: NaiveDate) -> NaiveDate {
        self.origin.unwrap_or(note_date)
    }

    /// What makes two occurrences the same item (the person is added by the caller).
    pub fn key(&self, note_date: NaiveDate) -> ItemKey {
        let mut text = String::new();
        self.identity_into(&mut text);
        ItemKey {
            text,
            origin: self.origin_or(note_date),
        }
    }

    /// Appends the text of the item's [`ItemKey`] to `out`: for callers
    /// that look up many items and can reuse one buffer.
    pub fn identity_into(&self, out: &mut String) {
        // The text is collapsed already: only the markers and case are left.
        fold_into(split_origin(&self.text).0, out);
    }
}

/// Identity of an item within one person's notes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ItemKey {
    pub text: String,
    pub origin: NaiveDate,
}

/// Identity text: keeps the owner, drops `due:` and `(from …)` markers,
/// collapses whitespace and case-folds.
pub fn normalise(text: &str) -> String {
    fold(&collapsed(split_origin(text).0))
}

/// `normalise` of collapsed text without its origin marker.
fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, &mut out);
    out
}

/// Appends `fold(text)` to `out`.
fn fold_into(text: &str, out: &mut String) {
    let start = out.len();
    // Every item is folded on every index build, and most are ASCII
    // without a colon, so without a `due:`: their fold is their lower case.
    let odd = text
        .bytes()
        .fold(0u8, |seen, c| seen | (c & 0x80) | u8::from(c == b':'));
    if odd == 0 {
        out.push_str(text);
        out[start..].make_ascii_lowercase();
        return;
    }
    let mut kept = 0;
    for (marker, _) in due_markers(text) {
        push_words(out, start, &text[kept..marker.start]);
        kept = marker.end;
    }
    push_words(out, start, &text[kept..]);
    if out[start..].is_ascii() {
        out[start..].make_ascii_lowercase();
    } else {
        let lower: String = out[start..].chars().flat_map(char::to_lowercase).collect();
        out.truncate(start);
        out.push_str(&lower);
    }
}

/// Appends the words of a stretch of collapsed text to what `out` holds
/// from `start` on.
fn push_words(out: &mut String, start: usize, words: &str) {
    let words = words.trim_matches(' ');
    if words.is_empty() {
        return;
    }
    if out.len() > start {
        out.push(' ');
    }
    out.push_str(words);
}

/// The first `@word` of collapsed text.
fn owner(text: &str) -> Option<String> {
    // `@` is rare in item text, so jumping from one to the next beats
    // looking at every word.
    let b = text.as_bytes();
    memchr::memchr_iter(b'@', b)
        .filter(|&at| at == 0 || b[at - 1] == b' ')
        .find_map(|at| {
            let name = word_at(text, at + 1);
            let name = name.trim_end_matches(|c: char| !c.is_alphanumeric());
            let valid = !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'));
            valid.then(|| name.to_owned())
        })
}

/// The first `due:DATE` of collapsed text.
fn due(text: &str) -> Option<NaiveDate> {
    due_markers(text).next().map(|(_, date)| date)
}

/// The `due:DATE` words of collapsed text: where each is, and its date.
fn due_markers(text: &str) -> impl Iterator<Item = (Range<usize>, NaiveDate)> {
    // Found by their colon, which few other words have.
    let b = text.as_bytes();
    memchr::memchr_iter(b':', b)
        .filter(|&colon| {
            colon >= 3 && &b[colon - 3..colon] == b"due" && (colon == 3 || b[colon - 4] == b' ')
        })
        .filter_map(|colon| {
            let date = word_at(text, colon + 1);
            Some((colon - 3..colon + 1 + date.len(), parse_date(date)?))
        })
}

/// The rest of the word of collapsed text that goes on at `start`.
fn word_at(text: &str, start: usize) -> &str {
    let rest = &text[start..];
    &rest[..memchr::memchr(b' ', rest.as_bytes()).unwrap_or(rest.len())]
}

/// Splits a trailing `(from YYYY-MM-DD)` marker off the text.
fn split_origin(text: &str) -> (&str, Option<NaiveDate>) {
    let trimmed = text.trim_end();
    if let Some(rest) = trimmed.strip_suffix(')')
        && let Some(start) = rfind_from(rest)
        && let Some(date) = parse_date(rest[start + 6..].trim())
    {
        return (trimmed[..start].trim_end(), Some(date));
    }
    (trimmed, None)
}

/// Where the last `(from ` of the text starts. A reverse substring search
/// costs more to set up than the rare `(` costs to check.
fn rfind_from(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    memchr::memrchr_iter(b'(', b).find(|&at| b[at..].starts_with(b"(from "))
}

fn collapse_whitespace(text: &str) -> String {
    collapsed(text).into_owned()
}

/// The words of the text joined by single spaces: mostly the text itself,
/// which then needs no copy.
fn collapsed(text: &str) -> Cow<'_, str> {
    let trimmed = text.trim_start_matches(' ');
    if is_collapsed(trimmed) {
        return Cow::Borrowed(trimmed);
    }
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    Cow::Owned(out)
}

/// True when no whitespace but single spaces between words is in the text.
/// Every Unicode space outside ASCII starts with one of the lead bytes
/// refused here, so no character needs decoding; and folding without an
/// early exit lets the compiler check many bytes at once.
fn is_collapsed(text: &str) -> bool {
    let b = text.as_bytes();
    let odd = b.iter().fold(0u8, |seen, &c| {
        seen | u8::from(c < b' ' || c == 0xc2 || (0xe1..=0xe3).contains(&c))
    });
    let doubled = b.iter().zip(b.iter().skip(1)).fold(0u8, |seen, (&x, &y)| {
        seen | u8::from(x == b' ' && y == b' ')
    });
    odd == 0 && doubled == 0 && b.first() != Some(&b' ') && b.last() != Some(&b' ')
}

/// How deep action items may nest. Real notes nest two or three levels;
/// the limit keeps every walk over an item's children (carrying, reports)
/// far from the end of the stack whatever a file contains, and keeps
/// `actions --json` (two JSON levels per item level) within the nesting
/// limit of common JSON readers (`serde_json`: 128).
pub const MAX_ITEM_DEPTH: usize = 32;

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    #[test]
    fn markers_are_read() {
        let item = ActionItem::new(
            ItemState::Open,
            "@alice  Draft Q1 goals due:2026-12-01 (from 2026-11-18)",
            3,
            10,
        );
        assert_eq!(item.text, "@alice Draft Q1 goals due:2026-12-01");
        assert_eq!(item.owner.as_deref(), Some("alice"));
        assert_eq!(item.due, Some(date("2026-12-01")));
        assert_eq!(item.origin, Some(date("2026-11-18")));
    }

    #[test]
    fn owner_is_the_first_at_word() {
        let item = ActionItem::new(ItemState::Open, "Ask @bob, then @carol", 1, 0);
        assert_eq!(item.owner.as_deref(), Some("bob"));
        let item = ActionItem::new(ItemState::Open, "mail x@y.com", 1, 0);
        assert_eq!(item.owner, None);
    }

    #[test]
    fn identity_ignores_due_from_case_and_spacing() {
        let d = date("2026-11-01");
        let a = ActionItem::new(ItemState::Open, "@me Send  Packet due:2026-12-01", 1, 0);
        let b = ActionItem::new(ItemState::Done, "@me send packet (from 2026-11-01)", 9, 0);
        assert_eq!(a.key(d), b.key(date("2026-11-08")));
        let c = ActionItem::new(ItemState::Open, "@you send packet", 1, 0);
        assert_ne!(a.key(d), c.key(d));
        assert_ne!(a.key(d), a.key(date("2026-11-02")));
    }

    #[test]
    fn malformed_markers_stay_text() {
        let item = ActionItem::new(ItemState::Open, "fix due:tomorrow (from last week)", 1, 0);
        assert_eq!(item.due, None);
        assert_eq!(item.origin, None);
        assert_eq!(item.text, "fix due:tomorrow (from last week)");
    }

    /// `normalise` as first written, one word at a time.
    fn word_by_word_normalise(text: &str) -> String {
        let (text, _) = split_origin(text);
        let mut out = String::new();
        for word in text.split_whitespace() {
            if word
                .strip_prefix("due:")
                .is_some_and(|d| parse_date(d).is_some())
            {
                continue;
            }
            if !out.is_empty() {
                out.push(' ');
            }
            out.extend(word.chars().flat_map(char::to_lowercase));
        }
        out
    }

    proptest::proptest! {
        /// The byte-level shortcuts read text as the plain string methods do.
        #[test]
        fn shortcuts_agree_with_the_string_methods(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    " ", "  ", "\t", "\u{a0}", "\u{2003}", "\u{3000}", "\u{b}", "\r\n", "é", "—", "°",
                    "@al", "@", "x", "due:", "2026-11-01", "(from ", "(", ")", ":", "due", "Q1", "Éa",
                    "due:2026-11-01", "ΣΑ",
                ]),
                0..12,
            )
        ) {
            let text: String = pieces.concat();
            let words: Vec<&str> = text.split_whitespace().collect();
            proptest::prop_assert_eq!(collapse_whitespace(&text), words.join(" "));
            proptest::prop_assert_eq!(rfind_from(&text), text.rfind("(from "));
            proptest::prop_assert_eq!(normalise(&text), word_by_word_normalise(&text));
        }
    }

    #[test]
    fn states_from_marks() {
        assert_eq!(ItemState::from_mark(b' '), Some(ItemState::Open));
        assert_eq!(ItemState::from_mark(b'X'), Some(ItemState::Done));
        assert_eq!(ItemState::from_mark(b'~'), Some(ItemState::Cancelled));
        assert_eq!(ItemState::from_mark(b'?'), None);
    }
}
