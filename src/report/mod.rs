//! Turning the index into what people and scripts read: aligned text tables
//! (coloured only on a terminal) and JSON with stable `snake_case` keys.

pub mod actions;
pub mod calendar;
pub mod dashboard;
pub mod gaps;
pub mod html;
pub mod log;
pub mod people;
pub mod prep;
pub mod review;
pub mod share;
pub mod status;

use std::borrow::Cow;

use crate::error::{Error, Result};
use crate::model::index::Index;
use crate::model::person::Person;

/// What a report says in a repository with nobody in it yet.
pub const NO_PEOPLE: &str = "No people yet. Start with `oneonone new PERSON` (e.g. `oneonone new alice`), \
or run `oneonone init` first to set up settings and templates.\n";

/// ANSI styles used in tables; empty strings when colour is off.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
}

impl Style {
    pub fn paint(self, text: &str, code: &str) -> String {
        if self.color && !code.is_empty() {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }
}

/// A text table: columns padded to their widest cell, two spaces apart.
/// Cells carry an optional ANSI code so padding is computed on the visible
/// text only.
#[derive(Debug, Default)]
pub struct Table {
    header: Vec<String>,
    rows: Vec<Vec<(String, &'static str)>>,
    right: Vec<bool>,
}

impl Table {
    /// Column names; a name starting with `>` is right-aligned (numbers).
    pub fn new(header: &[&str]) -> Table {
        Table {
            header: header
                .iter()
                .map(|h| h.trim_start_matches('>').to_owned())
                .collect(),
            right: header.iter().map(|h| h.starts_with('>')).collect(),
            rows: Vec::new(),
        }
    }

    pub fn row(&mut self, cells: Vec<(String, &'static str)>) {
        self.rows.push(cells);
    }

    pub fn render(&self, style: Style) -> String {
        let mut widths: Vec<usize> = self.header.iter().map(|h| h.chars().count()).collect();
        for row in &self.rows {
            for (i, (cell, _)) in row.iter().enumerate() {
                if let Some(w) = widths.get_mut(i) {
                    *w = (*w).max(cell.chars().count());
                }
            }
        }
        let mut out = String::new();
        let header: Vec<(String, &str)> = self.header.iter().map(|h| (h.clone(), "1")).collect();
        for row in std::iter::once(&header).chain(&self.rows) {
            let mut line = String::new();
            for (i, (cell, code)) in row.iter().enumerate() {
                let width = widths.get(i).copied().unwrap_or(0);
                let pad = " ".repeat(width.saturating_sub(cell.chars().count()));
                let last = i + 1 == row.len();
                if i > 0 {
                    line.push_str("  ");
                }
                let painted = style.paint(cell, code);
                if self.right.get(i).copied().unwrap_or(false) {
                    line.push_str(&pad);
                    line.push_str(&painted);
                } else {
                    line.push_str(&painted);
                    if !last {
                        line.push_str(&pad);
                    }
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }
}

/// A plain cell.
pub fn cell(text: &impl ToString) -> (String, &'static str) {
    (text.to_string(), "")
}

/// Pretty JSON with a final newline, as every `--json` prints it.
pub fn json(value: &impl serde::Serialize) -> Result<String> {
    serde_json::to_string_pretty(value)
        .map(|text| text + "\n")
        .map_err(|e| Error::Output(format!("cannot write JSON: {e}")))
}

/// The index as others may see it: every private item left out (the
/// sub-items of one that are not private themselves take its place), so
/// counts and lists agree. Whatever may be shown to someone else (the HTML
/// report, the dashboard, the calendar) is made from this.
pub fn shared(index: &Index) -> Cow<'_, Index> {
    if !index.people.iter().any(Person::has_private) {
        return Cow::Borrowed(index);
    }
    Cow::Owned(Index {
        people: index.people.iter().map(Person::without_private).collect(),
        problems: index.problems.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_columns_and_colours_only_when_asked() {
        let mut t = Table::new(&["person", ">days"]);
        t.row(vec![cell(&"alice"), ("-6".into(), "32")]);
        t.row(vec![cell(&"bo"), cell(&12)]);
        assert_eq!(
            t.render(Style { color: false }),
            "person  days\nalice     -6\nbo        12\n"
        );
        assert!(
            t.render(Style { color: true })
                .contains("\x1b[32m-6\x1b[0m")
        );
    }
}
