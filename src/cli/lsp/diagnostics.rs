//! What `check` says about an open note, as diagnostics: its own
//! findings and those only the whole repository shows (a carried item
//! removed, an open item under a closed one, a tie between two items).

use std::io::Write;
use std::path::PathBuf;

use lsp_types::{Diagnostic, DiagnosticSeverity, Url};

use oneonone::ops::check::{self, Finding, Severity};
use oneonone::plan::names::Directory;

use super::text::{line_range, utf16_len};
use super::{MAX_DOCUMENT, Server};

impl<W: Write> Server<W> {
    /// What `check` says about the open note at `uri` as the editor has it,
    /// with the rest of the repository as `check` would see it (the other
    /// open notes as the editor has them): the findings that point at this
    /// note, and each item whose `@owner` names no one. `None` for a
    /// document that is not a note of the repository.
    pub(super) fn diagnostics(&mut self, uri: &Url) -> Option<Vec<Diagnostic>> {
        let place = self.place(uri)?;
        if self.docs.get(uri)?.len() > MAX_DOCUMENT {
            return Some(Vec::new());
        }
        self.know_people();
        let text = self.docs.get(uri)?;
        // What `check` finds in a note depends on its person's notes only.
        let (candidates, read) = self.read_notes(Some(&place.person));
        let (findings, _) = check::lint_notes(&candidates, read, &self.repo.root, self.today);
        let rel = place.rel.to_string_lossy();
        let mut diagnostics: Vec<Diagnostic> = findings
            .into_iter()
            .filter(|f| f.path == rel)
            .map(|f| diagnostic(f, text))
            .collect();
        if let (Ok(note), Some(people)) = (self.parse(&place, text), &self.people) {
            let everyone = &people.directory;
            let me = self.repo.settings.me();
            diagnostics.extend(note.all_items().filter_map(|item| {
                let owner = item.owner.as_deref()?;
                (!everyone.names_someone(owner, me)).then(|| Diagnostic {
                    range: line_range(text, item.line.saturating_sub(1)),
                    severity: Some(DiagnosticSeverity::INFORMATION),
                    source: Some("oneonone".to_owned()),
                    message: check::names_no_one(owner, 0),
                    ..Diagnostic::default()
                })
            }));
        }
        Some(diagnostics)
    }

    /// Finds everyone `check` knows again, unless what is known still holds:
    /// the repository has not changed since (see `refresh`), nor which open
    /// notes read well and the names they give.
    fn know_people(&mut self) {
        let mut open: Vec<(PathBuf, bool, Option<String>)> = self
            .docs
            .keys()
            .filter_map(|uri| {
                let place = self.place(uri)?;
                Some(match self.open_note(uri) {
                    Some((_, _, note)) => (place.rel, true, note.front.name),
                    None => (place.rel, false, None),
                })
            })
            .collect();
        open.sort();
        if self.people.as_ref().is_some_and(|p| p.open == open) {
            return;
        }
        let (candidates, read) = self.read_notes(None);
        let (_, histories) = check::lint_notes(&candidates, read, &self.repo.root, self.today);
        self.people = Some(People {
            open,
            directory: check::people(&histories, &self.repo.settings),
        });
    }
}

/// Everyone `check` knows, kept while the repository stays as it was.
pub(super) struct People {
    /// The open notes it was found with: where each is, whether it reads
    /// well, and the name it gives.
    open: Vec<(PathBuf, bool, Option<String>)>,
    directory: Directory,
}

fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

/// A finding from its line and column to the end of that line; one
/// without a line is put on the `status:` line, an error without one on
/// the first line.
fn diagnostic(finding: Finding, text: &str) -> Diagnostic {
    let line = match (finding.line, finding.severity) {
        (Some(line), _) => line.saturating_sub(1),
        (None, Severity::Error) => 0,
        (None, _) => status_line(text),
    };
    let mut range = line_range(text, line);
    if let (Some(column), Some(content)) = (finding.column, text.lines().nth(line)) {
        let mut at = column.saturating_sub(1).min(content.len());
        while !content.is_char_boundary(at) {
            at -= 1;
        }
        range.start.character = utf16_len(&content[..at]);
    }
    Diagnostic {
        range,
        severity: Some(severity(finding.severity)),
        source: Some("oneonone".to_owned()),
        message: finding.message,
        ..Diagnostic::default()
    }
}

/// The front-matter `status:` line (0-based), else the first line.
fn status_line(text: &str) -> usize {
    text.lines()
        .position(|l| l.starts_with("status:"))
        .unwrap_or(0)
}
