//! `oneonone prep PERSON`: one screen to read before the meeting. Reads only
//! that person's folder.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::Arc;

use chrono::NaiveDate;

use crate::error::{Error, Result};
use crate::io::load;
use crate::io::repo::Repo;
use crate::io::scan::Candidate;
use crate::io::{store, topics};
use crate::model::item::ItemState;
use crate::model::person::Person;
use crate::parse::note;
use crate::plan::cadence::{self, Rhythm, Standing, State};
use crate::plan::names::{Directory, Known};
use crate::plan::people;
use crate::report::Style;
use crate::report::actions::{self, ActionRow, Owners};

/// Who an open item is waiting on, in the order `prep` lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    Theirs,
    Mine,
    Others,
    Unowned,
}

impl Group {
    const ALL: [Group; 4] = [Group::Theirs, Group::Mine, Group::Others, Group::Unowned];
}

/// Who raised a queued topic, in the order `prep` lists them: the
/// person, you (`by me`, or your `me` handle), someone else, or nobody said.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Raised {
    Theirs,
    Mine,
    Others,
    Unattributed,
}

impl Raised {
    const ALL: [Raised; 4] = [
        Raised::Theirs,
        Raised::Mine,
        Raised::Others,
        Raised::Unattributed,
    ];
}

/// Everything `prep` shows.
#[derive(Debug)]
pub struct Prep {
    pub person: Person,
    pub standing: Standing,
    /// Open items by owner; empty groups are left out.
    pub open: Vec<(Group, Vec<ActionRow>)>,
    pub topics_path: PathBuf,
    pub topics: Vec<String>,
    /// The queued topics by who raised them, in queue order within each
    /// group; empty groups are left out. Theirs and yours without the
    /// `(by …)`, which the group says.
    pub raised: Vec<(Raised, Vec<String>)>,
    /// The latest note and its `## Agenda` section, if it has one.
    pub last_note: Option<(PathBuf, Option<String>)>,
    /// Notes of this person that could not be read; they are left out.
    pub problems: Vec<Error>,
}

/// Reads one person's folder, settings and topic queue.
pub fn gather(repo: &Repo, id: &str, today: NaiveDate) -> Result<Prep> {
    if !repo.person_dir(id).is_dir() && repo.settings.person(id).is_none() {
        return Err(Error::not_found(format!(
            "no person `{id}`: there is no folder `{id}/` and no entry in .oneonone.yaml"
        )));
    }
    let person: Arc<str> = id.into();
    let candidates: Vec<Candidate> = repo
        .notes_of(id)?
        .into_iter()
        .map(|(name, path)| Candidate {
            person: Arc::clone(&person),
            file: path
                .file_name()
                .map(|f| f.to_string_lossy().into())
                .unwrap_or_default(),
            name,
        })
        .collect();
    let parsed = load::parse_all(&repo.root, &repo.settings, &candidates);
    let latest = candidates
        .iter()
        .zip(&parsed)
        .rev()
        .find(|(_, note)| note.is_ok())
        .map(|(c, _)| c.path());
    let mut index = people::index(
        &repo.settings,
        vec![id.to_owned()],
        parsed,
        Vec::new(),
        today,
    );
    let problems = std::mem::take(&mut index.problems);
    let Some(person) = index.people.into_iter().find(|p| p.id == id) else {
        return Err(Error::not_found(format!("no person `{id}`")));
    };
    complete(repo, person, latest, problems, today)
}

/// What `prep` shows of `person` as read (from the files, or from a
/// running watch's index): reads the agenda of `latest`, the latest note
/// that could be read, and the topic queue. `problems` are the person's
/// notes that could not be read.
pub fn complete(
    repo: &Repo,
    person: Person,
    latest: Option<PathBuf>,
    problems: Vec<Error>,
    today: NaiveDate,
) -> Result<Prep> {
    let id = person.id.clone();
    let last_note = match latest {
        Some(path) => {
            let bytes = store::read(&repo.root.join(&path), &path)?;
            let text = note::decode(&path, &bytes)?;
            // The template's guidance comments are not part of the agenda.
            let agenda = note::section(text, "Agenda").map(note::without_comments);
            Some((path, agenda))
        }
        None => None,
    };
    let topics_path = PathBuf::from(&id).join(topics::FILE_NAME);
    let topics = topics::read(&repo.root.join(&topics_path))?;
    let known = Directory::of_settings(&repo.settings)
        .get(&id)
        .cloned()
        .unwrap_or_else(|| Known {
            id: id.clone(),
            ..Known::default()
        });
    Ok(assemble(
        person,
        (repo.settings.me(), &known),
        topics_path,
        topics,
        last_note,
        problems,
        today,
    ))
}

/// The pure part of `gather`: standing and open items grouped by owner.
/// `me` is the user's handle, `theirs` every name the person answers to.
pub fn assemble(
    person: Person,
    (me, theirs): (&str, &Known),
    topics_path: PathBuf,
    topics: Vec<String>,
    last_note: Option<(PathBuf, Option<String>)>,
    problems: Vec<Error>,
    today: NaiveDate,
) -> Prep {
    let standing = Rhythm::of(&person).standing(today);
    let mine = Owners::new("me", me, &Directory::default());
    let group_of = |owner: Option<&str>| match owner {
        None => Group::Unowned,
        Some(o) if mine.matches(Some(o)) => Group::Mine,
        Some(o) if o.eq_ignore_ascii_case(&person.id) || theirs.is_owner(o) => Group::Theirs,
        Some(_) => Group::Others,
    };
    let raised_by = |by: Option<&str>| match by {
        None => Raised::Unattributed,
        Some(b) if mine.matches(Some(b)) => Raised::Mine,
        Some(b) if b.eq_ignore_ascii_case(&person.id) || theirs.is_owner(b) => Raised::Theirs,
        Some(_) => Raised::Others,
    };
    let raised = Raised::ALL
        .into_iter()
        .map(|group| {
            let texts: Vec<String> = topics
                .iter()
                .filter_map(|topic| {
                    let (text, by) = topics::attribution(topic);
                    (raised_by(by) == group).then(|| match group {
                        Raised::Theirs | Raised::Mine => text.to_owned(),
                        Raised::Others | Raised::Unattributed => topic.clone(),
                    })
                })
                .collect();
            (group, texts)
        })
        .filter(|(_, texts)| !texts.is_empty())
        .collect();
    let open = Group::ALL
        .into_iter()
        .map(|group| {
            let rows = actions::rows(&person, today, &|item, owner| {
                item.state == ItemState::Open && group_of(owner) == group
            });
            (group, rows)
        })
        .filter(|(_, rows)| !rows.is_empty())
        .collect();
    Prep {
        person,
        standing,
        open,
        topics_path,
        topics,
        raised,
        last_note,
        problems,
    }
}

pub fn render(prep: &Prep, today: NaiveDate, style: Style) -> String {
    let person = &prep.person;
    let mut out = String::new();
    let _ = writeln!(out, "{}", style.paint(&actions::heading(person), "1"));
    let _ = writeln!(out, "  kind       {}, {}", person.kind, person.cadence);
    let last = match person.last_held() {
        Some(day) => format!("{day}, {}", ago((today - day).num_days())),
        None => "never".to_owned(),
    };
    let _ = writeln!(out, "  last held  {last}");
    let reason = prep
        .standing
        .paused_until
        .and_then(|_| cadence::pause_on(&person.pauses, &person.held(), today))
        .and_then(|p| p.reason.as_deref());
    let (due, code) = next_due(&prep.standing, reason);
    let _ = writeln!(out, "  next due   {}", style.paint(&due, code));

    heading(&mut out, "Open items", None, style);
    if prep.open.is_empty() {
        out.push_str("  none\n");
    }
    for (group, rows) in &prep.open {
        let label = match group {
            Group::Theirs => format!("theirs (@{})", person.id),
            Group::Mine => "mine (@me)".to_owned(),
            Group::Others => "others".to_owned(),
            Group::Unowned => "unowned".to_owned(),
        };
        let _ = writeln!(out, "  {label}");
        out.push_str(&actions::render_rows(rows, 2, today, style));
    }

    heading(&mut out, "Queued topics", Some(&prep.topics_path), style);
    if prep.topics.is_empty() {
        out.push_str("  none\n");
    }
    // Grouped once anyone says who raised a topic; a queue nobody signed
    // reads as it always did.
    if prep.raised.iter().all(|(g, _)| *g == Raised::Unattributed) {
        for topic in &prep.topics {
            let _ = writeln!(out, "  - {topic}");
        }
    } else {
        for (group, texts) in &prep.raised {
            let label = match group {
                Raised::Theirs => format!("theirs (by {})", person.id),
                Raised::Mine => "mine (by me)".to_owned(),
                Raised::Others => "others".to_owned(),
                Raised::Unattributed => "unattributed".to_owned(),
            };
            let _ = writeln!(out, "  {label}");
            for text in texts {
                let _ = writeln!(out, "    - {text}");
            }
        }
    }

    let path = prep.last_note.as_ref().map(|(path, _)| path);
    heading(&mut out, "Last agenda", path, style);
    let agenda = prep
        .last_note
        .as_ref()
        .and_then(|(_, agenda)| agenda.as_deref())
        .filter(|a| !a.trim().is_empty());
    match (path, agenda) {
        (None, _) => out.push_str("  none (no notes yet)\n"),
        (Some(_), None) => out.push_str("  none\n"),
        (Some(_), Some(agenda)) => {
            for line in agenda.lines() {
                let _ = writeln!(out, "  {line}");
            }
        }
    }
    out
}

fn heading(out: &mut String, title: &str, path: Option<&PathBuf>, style: Style) {
    out.push('\n');
    out.push_str(&style.paint(title, "1"));
    if let Some(path) = path {
        let _ = write!(out, " ({})", path.display());
    }
    out.push('\n');
}

/// The next-due line and its colour; `reason` is the pause's, if paused.
fn next_due(standing: &Standing, reason: Option<&str>) -> (String, &'static str) {
    let date = standing
        .next_due
        .map_or_else(|| "now".to_owned(), |d| d.to_string());
    let days = standing.days.unwrap_or(0);
    match standing.state {
        State::Paused => {
            let until = standing
                .paused_until
                .map_or_else(String::new, |d| format!(" until {d}"));
            let why = reason.map_or_else(String::new, |r| format!(" ({r})"));
            (format!("{date}, paused{until}{why}"), "2")
        }
        State::Never => ("now: no meeting held yet".to_owned(), "33"),
        State::Ok => (format!("{date}, in {}", days_word(-days)), "32"),
        State::Due => (format!("{date}, due {}", ago(days)), "33"),
        State::Overdue => (format!("{date}, overdue by {}", days_word(days)), "31"),
    }
}

fn ago(days: i64) -> String {
    match days {
        0 => "today".to_owned(),
        1 => "yesterday".to_owned(),
        n => format!("{} ago", days_word(n)),
    }
}

fn days_word(n: i64) -> String {
    if n == 1 {
        "1 day".to_owned()
    } else {
        format!("{n} days")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::note::{Note, NoteName};
    use crate::parse::settings::Settings;

    fn date(s: &str) -> NaiveDate {
        crate::model::date::parse_date(s).unwrap()
    }

    fn person(body: &str) -> Person {
        let name = NoteName {
            date: date("2026-11-17"),
            seq: 1,
        };
        let text = format!("---\nperson: alice\n---\n{body}");
        let note: Result<Note> = note::parse(
            &PathBuf::from("alice/2026-11-17.md"),
            "alice",
            name,
            text.as_bytes(),
        );
        let idx = people::index(
            &Settings::default(),
            Vec::new(),
            vec![note],
            Vec::new(),
            NaiveDate::MAX,
        );
        idx.people.into_iter().next().unwrap()
    }

    #[test]
    fn open_items_are_grouped_by_owner() {
        let p = person(
            "- [ ] @Alice goals\n  - [ ] outline\n- [ ] @sam packet\n- [ ] @me travel\n\
             - [ ] @bob intro\n- [ ] tidy up\n- [x] @alice done already\n",
        );
        let prep = assemble(
            p,
            ("sam", &Known::default()),
            PathBuf::new(),
            Vec::new(),
            None,
            Vec::new(),
            date("2026-11-25"),
        );
        let groups: Vec<(Group, Vec<&str>)> = prep
            .open
            .iter()
            .map(|(g, rows)| {
                let texts = rows
                    .iter()
                    .flat_map(ActionRow::flatten)
                    .map(|r| r.text.as_str())
                    .collect();
                (*g, texts)
            })
            .collect();
        assert_eq!(
            groups,
            vec![
                (Group::Theirs, vec!["@Alice goals", "outline"]),
                (Group::Mine, vec!["@sam packet", "@me travel"]),
                (Group::Others, vec!["@bob intro"]),
                (Group::Unowned, vec!["tidy up"]),
            ]
        );
        assert_eq!(prep.standing.state, State::Due);
    }

    #[test]
    fn topics_are_grouped_by_who_raised_them() {
        let known = Known {
            id: "alice".to_owned(),
            handles: vec!["ally".to_owned()],
            ..Known::default()
        };
        let topics: Vec<String> = [
            "Budget (by ally)",
            "Offsite",
            "Travel (by sam)",
            "Hiring (by bob)",
            "Goals (by @Alice)",
            "Notes (by me)",
        ]
        .map(String::from)
        .to_vec();
        let prep = assemble(
            person(""),
            ("sam", &known),
            PathBuf::from("alice/topics.md"),
            topics,
            None,
            Vec::new(),
            date("2026-11-25"),
        );
        let groups: Vec<(Raised, Vec<&str>)> = prep
            .raised
            .iter()
            .map(|(g, t)| (*g, t.iter().map(String::as_str).collect()))
            .collect();
        assert_eq!(
            groups,
            vec![
                (Raised::Theirs, vec!["Budget", "Goals"]),
                (Raised::Mine, vec!["Travel", "Notes"]),
                (Raised::Others, vec!["Hiring (by bob)"]),
                (Raised::Unattributed, vec!["Offsite"]),
            ]
        );
        let text = render(&prep, date("2026-11-25"), Style { color: false });
        assert!(
            text.contains(
                "Queued topics (alice/topics.md)\n  theirs (by alice)\n    - Budget\n    - Goals\n  \
                 mine (by me)\n    - Travel\n    - Notes\n  others\n    - Hiring (by bob)\n  \
                 unattributed\n    - Offsite\n"
            ),
            "{text}"
        );
    }

    #[test]
    fn next_due_wording() {
        let at = |state, days| Standing {
            state,
            next_due: Some(date("2026-11-20")),
            days: Some(days),
            paused_until: (state == State::Paused).then(|| date("2026-11-19")),
        };
        assert_eq!(
            next_due(&at(State::Ok, -6), None).0,
            "2026-11-20, in 6 days"
        );
        assert_eq!(
            next_due(&at(State::Due, 1), None).0,
            "2026-11-20, due yesterday"
        );
        assert_eq!(
            next_due(&at(State::Due, 0), None).0,
            "2026-11-20, due today"
        );
        assert_eq!(
            next_due(&at(State::Overdue, 12), None).0,
            "2026-11-20, overdue by 12 days"
        );
        assert_eq!(
            next_due(&at(State::Paused, -3), None).0,
            "2026-11-20, paused until 2026-11-19"
        );
        assert_eq!(
            next_due(&at(State::Paused, -3), Some("sabbatical")).0,
            "2026-11-20, paused until 2026-11-19 (sabbatical)"
        );
    }
}
