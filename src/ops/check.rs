//! `oneonone check`: lints the whole repository. Everything the other
//! commands skip with a warning is reported here, plus what only shows
//! across files: numbering holes in same-day notes, carried items whose
//! origin note does not exist, a planned meeting whose day has passed, and
//! as information what following the items found: carried lines deleted
//! (so an accident can be undone), open items under closed parents, and
//! reworded lines that matched two items equally well.

use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::io::load;
use crate::io::repo;
use crate::io::scan::{self, Candidate};
use crate::model::note::{Note, NoteName, Status};
use crate::model::person::{History, TrackedItem};
use crate::parse::settings::{self, Settings};
use crate::plan::names::Directory;
use crate::plan::track::{self, Notice};
use crate::report::Style;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    /// Worth knowing, not wrong: `check` still exits 0.
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// One problem, where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Relative to the repository root.
    pub path: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub severity: Severity,
    pub message: String,
}

/// The JSON document of `check --json`.
#[derive(Debug, Serialize)]
pub struct CheckReport {
    pub findings: Vec<Finding>,
}

impl Finding {
    fn error(e: Error, root: &Path) -> Finding {
        let (path, line, column, message) = match e {
            Error::Input {
                path,
                line,
                column,
                message,
            } => (path, line, column, message),
            Error::Io { path, source } => (path, None, None, source.to_string()),
            Error::Template {
                template,
                line,
                message,
            } => (template.into(), line, None, message),
            other => (
                other.path().unwrap_or(root).to_path_buf(),
                None,
                None,
                other.to_string(),
            ),
        };
        let path = match path.strip_prefix(root) {
            Ok(rel) if rel.as_os_str().is_empty() => ".".to_owned(),
            Ok(rel) => rel.to_string_lossy().into_owned(),
            Err(_) => path.to_string_lossy().into_owned(),
        };
        Finding {
            path,
            line,
            column,
            severity: Severity::Error,
            message,
        }
    }

    fn warning(path: &Path, line: Option<usize>, message: String) -> Finding {
        Finding {
            path: path.to_string_lossy().into_owned(),
            line,
            column: None,
            severity: Severity::Warning,
            message,
        }
    }

    fn info(path: &Path, line: Option<usize>, message: String) -> Finding {
        Finding {
            severity: Severity::Info,
            ..Finding::warning(path, line, message)
        }
    }

    /// Whether this finding should fail the check.
    pub fn is_problem(&self) -> bool {
        self.severity != Severity::Info
    }

    /// `path:line:col: severity: message`, the severity coloured on a terminal.
    pub fn render(&self, style: Style) -> String {
        let code = match self.severity {
            Severity::Error => "31",
            Severity::Warning => "33",
            Severity::Info => "36",
        };
        format!(
            "{}: {}: {}",
            self.place(),
            style.paint(self.severity.as_str(), code),
            self.message
        )
    }

    fn place(&self) -> String {
        let mut place = self.path.clone();
        if let Some(line) = self.line {
            place.push_str(&format!(":{line}"));
            if let Some(column) = self.column {
                place.push_str(&format!(":{column}"));
            }
        }
        place
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Style { color: false }))
    }
}

/// Lints the repository at `root` as of `today`, sorted by path, then line
/// and column. A broken settings file is a finding, not a reason to stop.
pub fn check(root: &Path, today: NaiveDate) -> Vec<Finding> {
    let mut findings = Vec::new();
    let settings = repo::load_settings(root).unwrap_or_else(|e| {
        findings.push(Finding::error(e, root));
        Settings::default()
    });
    findings.extend(settings.warnings.iter().map(|w| Finding {
        severity: Severity::Warning,
        ..Finding::error(w.to_error(), root)
    }));
    let scan = scan::scan(root);
    findings.extend(scan.problems.into_iter().map(|e| Finding::error(e, root)));
    let parsed = load::parse_all(root, &settings, &scan.candidates);
    findings.extend(lint(&scan.candidates, parsed, root, &settings, today));
    findings.sort_by(|a, b| {
        (&a.path, a.line, a.column, &a.message).cmp(&(&b.path, b.line, b.column, &b.message))
    });
    findings
}

/// Findings from the notes found by the scan and what reading them gave,
/// in the same order, with the settings they were read with. Pure: no
/// file is touched.
pub fn lint(
    candidates: &[Candidate],
    parsed: Vec<Result<Note>>,
    root: &Path,
    settings: &Settings,
    today: NaiveDate,
) -> Vec<Finding> {
    let (mut findings, histories) = lint_notes(candidates, parsed, root, today);
    findings.extend(people_findings(&histories, settings));
    findings
}

/// [`lint`] without what only shows across people: each note's findings
/// and each person's notices, with everyone's followed history, by id.
/// An editor asks this for the notes of the repository as it has them.
pub fn lint_notes(
    candidates: &[Candidate],
    parsed: Vec<Result<Note>>,
    root: &Path,
    today: NaiveDate,
) -> (Vec<Finding>, BTreeMap<String, History>) {
    let mut findings = Vec::new();
    let names: HashSet<(&str, NoteName)> =
        candidates.iter().map(|c| (&*c.person, c.name)).collect();
    let dates: HashSet<(&str, NaiveDate)> = candidates
        .iter()
        .map(|c| (&*c.person, c.name.date))
        .collect();
    for candidate in candidates {
        findings.extend(name_findings(candidate, &names));
    }
    let mut by_person: BTreeMap<String, Vec<Note>> = BTreeMap::new();
    for (candidate, result) in candidates.iter().zip(parsed) {
        match result {
            Ok(note) => {
                findings.extend(note_findings(&candidate.path(), &note, &dates, today));
                by_person.entry(note.person.clone()).or_default().push(note);
            }
            Err(e) => findings.push(Finding::error(e, root)),
        }
    }
    let mut histories = BTreeMap::new();
    for (person, mut notes) in by_person {
        notes.sort_by_key(|n| n.name);
        let (history, notices) = track::follow(&notes, today);
        findings.extend(notices.iter().map(|n| notice(&person, n)));
        histories.insert(person, history);
    }
    (findings, histories)
}

/// Everyone an `@owner` can name: the people with notes, and those the
/// settings name.
pub fn people(histories: &BTreeMap<String, History>, settings: &Settings) -> Directory {
    Directory::new(
        histories
            .iter()
            .map(|(id, h)| (id.as_str(), h.name.as_deref())),
        settings,
    )
}

/// What only shows across people: two people who look like one written
/// two ways (a warning), and `@owners` that name nobody (information).
fn people_findings(histories: &BTreeMap<String, History>, settings: &Settings) -> Vec<Finding> {
    let everyone = people(histories, settings);
    let mut findings: Vec<Finding> = everyone
        .twins()
        .into_iter()
        .map(|twins| {
            let (a, b) = (&twins.first.id, &twins.second.id);
            let path = if histories.contains_key(b.as_str()) {
                b.clone()
            } else {
                settings::FILE_NAME.to_owned()
            };
            Finding::warning(
                Path::new(&path),
                None,
                format!(
                    "`{a}` and `{b}` look like one person ({}); if they are, keep one \
                     folder and give the other id as a handle in .oneonone.yaml",
                    twins.why
                ),
            )
        })
        .collect();
    // Each unknown owner once (case ignored), at the latest line of the
    // first item naming it.
    let mut unknown: BTreeMap<String, (String, String, usize, usize)> = BTreeMap::new();
    for (id, history) in histories {
        for item in history.items.iter().flat_map(TrackedItem::family) {
            let Some(owner) = item.owner.as_deref() else {
                continue;
            };
            if everyone.names_someone(owner, settings.me()) {
                continue;
            }
            let path = item.path(id).to_string_lossy().into_owned();
            unknown
                .entry(owner.to_lowercase())
                .and_modify(|(_, _, _, n)| *n += 1)
                .or_insert((owner.to_owned(), path, item.line, 1));
        }
    }
    findings.extend(unknown.into_values().map(|(owner, path, line, items)| {
        Finding::info(
            Path::new(&path),
            Some(line),
            names_no_one(&owner, items - 1),
        )
    }));
    findings
}

/// What to say of an `@owner` that names no one, written on `others` more
/// items too.
pub fn names_no_one(owner: &str, others: usize) -> String {
    let more = match others {
        0 => String::new(),
        1 => " (and 1 more item)".to_owned(),
        n => format!(" (and {n} more items)"),
    };
    format!(
        "`@{owner}` names no one{more}: not `me`, a person id, a former id or a handle; \
         if it means someone, add it to their `handles:` in .oneonone.yaml"
    )
}

/// What following a person's items found, as information.
fn notice(person: &str, notice: &Notice) -> Finding {
    let path = |note: NoteName| Path::new(person).join(note.file_name());
    match notice {
        Notice::Removed {
            note,
            from,
            line,
            text,
        } => Finding::info(
            &path(*note),
            None,
            format!(
                "carried item removed: `{text}` (from {}:{line}) ends here as dropped; \
                 undo by restoring the line",
                path(*from).display()
            ),
        ),
        Notice::Orphan { note, line, text } => Finding::info(
            &path(*note),
            Some(*line),
            format!(
                "`{text}` is open under a closed item; it stays open and is carried on its own"
            ),
        ),
        Notice::Tie {
            note,
            line,
            text,
            candidates: [(a_note, a_line), (b_note, b_line)],
        } => Finding::info(
            &path(*note),
            Some(*line),
            format!(
                "reworded carried item `{text}` is as like {}:{a_line} as {}:{b_line}; \
                 it was taken as the first (reword it closer to the one you meant)",
                path(*a_note).display(),
                path(*b_note).display()
            ),
        ),
    }
}

/// Same-day numbering: `DATE-3.md` needs a `DATE-2.md`, and `DATE-02.md`
/// is read as `DATE-2.md`, so it should be named that.
fn name_findings(candidate: &Candidate, names: &HashSet<(&str, NoteName)>) -> Vec<Finding> {
    let mut out = Vec::new();
    let name = candidate.name;
    let canonical = name.file_name();
    let actual = &*candidate.file;
    if actual != canonical {
        out.push(Finding::warning(
            &candidate.path(),
            None,
            format!("file name `{actual}` is read as `{canonical}`; rename it to that"),
        ));
    }
    if name.seq >= 2 {
        let previous = NoteName {
            seq: name.seq - 1,
            ..name
        };
        if !names.contains(&(&*candidate.person, previous)) {
            out.push(Finding::warning(
                &candidate.path(),
                None,
                format!(
                    "meeting {} of {} but there is no `{}`",
                    name.seq,
                    name.date,
                    previous.file_name()
                ),
            ));
        }
    }
    out
}

/// What one note shows on its own, given the dates of its person's notes
/// (`(person, date)` pairs): carried items whose origin names no note, and
/// a planned meeting whose day has passed. Editors ask this of the text
/// being edited.
pub fn note_findings<S: std::hash::BuildHasher>(
    path: &Path,
    note: &Note,
    dates: &HashSet<(&str, NaiveDate), S>,
    today: NaiveDate,
) -> Vec<Finding> {
    let mut findings = origin_findings(path, note, dates);
    if note.front.status == Status::Planned && note.date() < today {
        findings.push(Finding::warning(
            path,
            None,
            format!(
                "still says `status: planned`, but {} has passed: \
                 make it held, cancelled or rescheduled",
                note.date()
            ),
        ));
    }
    findings
}

/// Carried items whose `(from DATE)` names no note of this person, or a
/// date after the note they are carried into.
fn origin_findings<S: std::hash::BuildHasher>(
    path: &Path,
    note: &Note,
    dates: &HashSet<(&str, NaiveDate), S>,
) -> Vec<Finding> {
    note.all_items()
        .filter_map(|item| {
            let origin = item.origin?;
            let message = if origin > note.date() {
                format!(
                    "carried from {origin}, which is after this note's date ({})",
                    note.date()
                )
            } else if !dates.contains(&(note.person.as_str(), origin)) {
                format!(
                    "carried from {origin}, but {} has no note dated {origin}",
                    note.person
                )
            } else {
                return None;
            };
            Some(Finding::warning(path, Some(item.line), message))
        })
        .collect()
}

#[cfg(test)]
mod tests {

    use super::*;
    use crate::parse::note;

    fn candidate(path: &str) -> Candidate {
        let (person, file) = path.split_once('/').unwrap();
        Candidate {
            person: person.into(),
            file: file.into(),
            name: NoteName::parse(file).unwrap().unwrap(),
        }
    }

    fn parse(c: &Candidate, body: &str) -> Result<Note> {
        let text = format!("---\nperson: {}\n---\n{body}", c.person);
        note::parse(&c.path(), &c.person, c.name, text.as_bytes())
    }

    fn lines(findings: &[Finding]) -> Vec<String> {
        findings.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn numbering_holes_and_odd_spellings() {
        let cs = [
            candidate("alice/2026-11-24.md"),
            candidate("alice/2026-11-24-3.md"),
            candidate("bob/2026-11-24-02.md"),
        ];
        let parsed = cs.iter().map(|c| parse(c, "")).collect();
        assert_eq!(
            lines(&lint(
                &cs,
                parsed,
                Path::new("/r"),
                &Settings::default(),
                NaiveDate::MAX
            )),
            vec![
                "alice/2026-11-24-3.md: warning: meeting 3 of 2026-11-24 but there is no `2026-11-24-2.md`",
                "bob/2026-11-24-02.md: warning: file name `2026-11-24-02.md` is read as `2026-11-24-2.md`; rename it to that",
                "bob/2026-11-24-02.md: warning: meeting 2 of 2026-11-24 but there is no `2026-11-24.md`",
            ]
        );
    }

    #[test]
    fn carried_items_need_their_origin_note() {
        let cs = [
            candidate("alice/2026-11-10.md"),
            candidate("alice/2026-11-17.md"),
        ];
        let parsed = vec![
            parse(&cs[0], "- [ ] a\n"),
            parse(
                &cs[1],
                "- [ ] a (from 2026-11-10)\n- [ ] b (from 2026-11-03)\n  - [x] c (from 2026-12-01)\n",
            ),
        ];
        assert_eq!(
            lines(&lint(
                &cs,
                parsed,
                Path::new("/r"),
                &Settings::default(),
                NaiveDate::MAX
            )),
            vec![
                "alice/2026-11-17.md:5: warning: carried from 2026-11-03, but alice has no note dated 2026-11-03",
                "alice/2026-11-17.md:6: warning: carried from 2026-12-01, which is after this note's date (2026-11-17)",
            ]
        );
    }

    #[test]
    fn unreadable_notes_are_errors() {
        let cs = [candidate("alice/2026-11-10.md")];
        let parsed = vec![Err(Error::at(
            "alice/2026-11-10.md",
            1,
            1,
            "no front matter",
        ))];
        let findings = lint(
            &cs,
            parsed,
            Path::new("/r"),
            &Settings::default(),
            NaiveDate::MAX,
        );
        assert_eq!(findings[0].severity, Severity::Error);
        assert_eq!(
            findings[0].to_string(),
            "alice/2026-11-10.md:1:1: error: no front matter"
        );
    }
}
