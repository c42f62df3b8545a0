//! What `check` says about an open note, as diagnostics.

use std::collections::HashSet;
use std::io::Write;

use chrono::NaiveDate;
use lsp_types::{Diagnostic, DiagnosticSeverity, Url};

use oneonone::Error;
use oneonone::model::note::Note;
use oneonone::model::person::is_person_id;
use oneonone::ops::check::{self, Severity};
use oneonone::plan::names::Directory;

use super::text::{line_range, utf16_len};
use super::{MAX_DOCUMENT, Server};

impl<W: Write> Server<W> {
    /// What `check` says about this note as the editor has it; `None` for
    /// a document that is not a note of the repository.
    pub(super) fn diagnostics(&self, uri: &Url, text: &str) -> Option<Vec<Diagnostic>> {
        let place = self.place(uri)?;
        if text.len() > MAX_DOCUMENT {
            return Some(Vec::new());
        }
        let note = match self.parse(&place, text) {
            Ok(note) => note,
            Err(e) => return Some(vec![error_diagnostic(&e, text)]),
        };
        let names = self.repo.notes_of(&place.person).unwrap_or_default();
        let mut dates: HashSet<(&str, NaiveDate)> = names
            .iter()
            .map(|(name, _)| (place.person.as_str(), name.date))
            .collect();
        dates.insert((place.person.as_str(), place.name.date));
        let findings = check::note_findings(&place.rel, &note, &dates, self.today);
        let unknown = self
            .unknown_owners(&note)
            .map(|(line, message)| Diagnostic {
                range: line_range(text, line),
                severity: Some(DiagnosticSeverity::INFORMATION),
                source: Some("oneonone".to_owned()),
                message,
                ..Diagnostic::default()
            });
        Some(
            findings
                .into_iter()
                .map(|f| {
                    let line = f.line.map_or(status_line(text), |l| l.saturating_sub(1));
                    Diagnostic {
                        range: line_range(text, line),
                        severity: Some(severity(f.severity)),
                        source: Some("oneonone".to_owned()),
                        message: f.message,
                        ..Diagnostic::default()
                    }
                })
                .chain(unknown)
                .collect(),
        )
    }

    /// Items whose `@owner` names no one: the 0-based line, and what to say.
    pub(super) fn unknown_owners<'n>(
        &self,
        note: &'n Note,
    ) -> impl Iterator<Item = (usize, String)> + 'n {
        let folders: Vec<String> = std::fs::read_dir(&self.repo.root)
            .map(|entries| {
                entries
                    .flatten()
                    .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
                    .filter_map(|e| e.file_name().to_str().map(str::to_owned))
                    .filter(|id| is_person_id(id))
                    .collect()
            })
            .unwrap_or_default();
        let directory = Directory::new(
            folders.iter().map(|id| (id.as_str(), None)),
            &self.repo.settings,
        );
        let me = self.repo.settings.me().to_owned();
        note.all_items().filter_map(move |item| {
            let owner = item.owner.as_deref()?;
            (!directory.names_someone(owner, &me))
                .then(|| (item.line.saturating_sub(1), check::names_no_one(owner, 0)))
        })
    }
}

pub(super) fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

/// A parse error, from its line and column to the end of that line.
pub(super) fn error_diagnostic(e: &Error, text: &str) -> Diagnostic {
    let (line, column, message) = match e {
        Error::Input {
            line,
            column,
            message,
            ..
        } => (
            line.map_or(0, |l| l.saturating_sub(1)),
            column.map_or(0, |c| c.saturating_sub(1)),
            message.clone(),
        ),
        other => (0, 0, other.to_string()),
    };
    let mut range = line_range(text, line);
    if let Some(content) = text.lines().nth(line) {
        let mut at = column.min(content.len());
        while !content.is_char_boundary(at) {
            at -= 1;
        }
        range.start.character = utf16_len(&content[..at]);
    }
    Diagnostic {
        range,
        severity: Some(DiagnosticSeverity::ERROR),
        source: Some("oneonone".to_owned()),
        message,
        ..Diagnostic::default()
    }
}

/// The front-matter `status:` line (0-based), else the first line.
pub(super) fn status_line(text: &str) -> usize {
    text.lines()
        .position(|l| l.starts_with("status:"))
        .unwrap_or(0)
}
