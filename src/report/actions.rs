//! `oneonone actions`: open action items across everyone, one entry per item
//! however many notes it was carried through.

use std::fmt::Write as _;
use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::model::index::Index;
use crate::model::item::ItemState;
use crate::model::person::{How, Person, TrackedItem};
use crate::plan::names::{Directory, Known, Lookup};
use crate::report::Style;

/// What the user asked `actions` for.
#[derive(Debug, Clone, Default)]
pub struct ActionsOptions {
    /// Only this person (an id).
    pub person: Option<String>,
    /// Only items owned by these handles.
    pub owner: Option<Owners>,
    /// Include done and cancelled items.
    pub all: bool,
}

/// The JSON document of `actions --json`.
#[derive(Debug, Clone, Serialize)]
pub struct ActionsReport {
    pub today: NaiveDate,
    pub items: Vec<ActionRow>,
}

/// One item as reported, with its sub-items.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActionRow {
    /// The repository, when several are shown together.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repo: Option<String>,
    pub person: String,
    pub text: String,
    pub owner: Option<String>,
    pub due: Option<NaiveDate>,
    pub origin: NaiveDate,
    pub state: ItemState,
    /// How it ended, when not by its checkbox (`removed`).
    pub how: Option<How>,
    pub closed: Option<NaiveDate>,
    /// Days from its origin to today, or to the day it closed.
    pub age_days: i64,
    pub carried: usize,
    /// In a private part of its note: yours only, never shared.
    pub private: bool,
    pub path: String,
    pub line: usize,
    pub children: Vec<ActionRow>,
}

impl ActionRow {
    /// Days past the due date, for an open item whose due date has passed.
    pub fn days_late(&self, today: NaiveDate) -> Option<i64> {
        let due = self.due?;
        (self.state == ItemState::Open && due < today).then(|| (today - due).num_days())
    }

    /// The row and its sub-rows, each saying it is from `repo`.
    fn in_repo(self, repo: &str) -> ActionRow {
        ActionRow {
            repo: Some(repo.to_owned()),
            children: self.children.into_iter().map(|c| c.in_repo(repo)).collect(),
            ..self
        }
    }

    /// The row and all its sub-rows, parents first.
    pub fn flatten(&self) -> Vec<&ActionRow> {
        let mut out = vec![self];
        for child in &self.children {
            out.extend(child.flatten());
        }
        out
    }
}

/// Owner handles that count as one owner, compared case-insensitively:
/// `me` stands for both `@me` and the user's own handle from the settings;
/// a person stands for every name they answer to in an `@owner` (their
/// id, former ids and handles), whichever of them was given.
#[derive(Debug, Clone, Default)]
pub struct Owners(Vec<String>);

impl Owners {
    pub fn new(owner: &str, me: &str, people: &Directory) -> Owners {
        let owner = owner.trim().trim_start_matches('@').to_lowercase();
        let me = me.to_lowercase();
        if owner == "me" || owner == me {
            return Owners(vec!["me".to_owned(), me]);
        }
        let person = people.owner(&owner).or_else(|| match people.find(&owner) {
            Lookup::One(known) => Some(known),
            _ => None,
        });
        let mut names = person.map(Known::owner_names).unwrap_or_default();
        names.push(owner);
        Owners(names)
    }

    pub fn matches(&self, owner: Option<&str>) -> bool {
        owner.is_some_and(|o| self.0.contains(&o.to_lowercase()))
    }
}

/// Builds the report. Unknown `person` is a usage error.
pub fn report(index: &Index, options: &ActionsOptions, today: NaiveDate) -> Result<ActionsReport> {
    let people: Vec<&Person> = match &options.person {
        Some(id) => vec![
            index
                .person(id)
                .ok_or_else(|| Error::not_found(format!("no person `{id}` in this repository")))?,
        ],
        None => index.people.iter().collect(),
    };
    let keep = |item: &TrackedItem, owner: Option<&str>| {
        (options.all || item.state == ItemState::Open)
            && options.owner.as_ref().is_none_or(|o| o.matches(owner))
    };
    let items = people
        .into_iter()
        .flat_map(|p| rows(p, today, &keep))
        .collect();
    Ok(ActionsReport { today, items })
}

/// Several repositories' items in one report, each row saying whose
/// repository it is (`repo`): by person, then repository, each person's
/// items in their own order.
pub fn merged(reports: Vec<(String, ActionsReport)>, today: NaiveDate) -> ActionsReport {
    let mut items: Vec<ActionRow> = reports
        .into_iter()
        .flat_map(|(repo, report)| report.items.into_iter().map(move |row| row.in_repo(&repo)))
        .collect();
    // Stable: each person's items keep their order.
    items.sort_by(|a, b| (&a.person, &a.repo).cmp(&(&b.person, &b.repo)));
    ActionsReport { today, items }
}

/// A person's items that `keep` accepts, sorted by origin then place.
/// `keep` sees each item with its effective owner: its own `@owner`, else
/// its parent's, since a sub-task belongs to whoever owns the task. An item
/// kept under a parent that is not kept moves up to the parent's level.
pub fn rows(
    person: &Person,
    today: NaiveDate,
    keep: &dyn Fn(&TrackedItem, Option<&str>) -> bool,
) -> Vec<ActionRow> {
    let mut out = Vec::new();
    for item in &person.items {
        collect(person, item, None, today, keep, &mut out);
    }
    out.sort_by(|a, b| (a.origin, &a.path, a.line).cmp(&(b.origin, &b.path, b.line)));
    out
}

fn collect(
    person: &Person,
    item: &TrackedItem,
    parent_owner: Option<&str>,
    today: NaiveDate,
    keep: &dyn Fn(&TrackedItem, Option<&str>) -> bool,
    out: &mut Vec<ActionRow>,
) {
    let owner = item.owner.as_deref().or(parent_owner);
    let mut children = Vec::new();
    for child in &item.children {
        collect(person, child, owner, today, keep, &mut children);
    }
    if keep(item, owner) {
        out.push(ActionRow {
            repo: None,
            person: person.id.clone(),
            text: item.text.clone(),
            owner: item.owner.clone(),
            due: item.due,
            origin: item.origin,
            state: item.state,
            how: item.how,
            closed: item.closed,
            age_days: item.age_days(today),
            carried: item.carried,
            private: item.private,
            path: item.path(&person.id).to_string_lossy().into_owned(),
            line: item.line,
            children,
        });
    } else {
        out.extend(children);
    }
}

/// Text output: a header per person, then one line per item,
/// `  path:line  text  (age 12d, carried 2×)`, sub-items indented.
pub fn render(report: &ActionsReport, index: &Index, style: Style) -> String {
    render_with(
        report,
        &|row| {
            index
                .person(&row.person)
                .map_or_else(|| row.person.clone(), heading)
        },
        style,
    )
}

/// `render` with each person's header made by `header`, for rows from
/// several repositories, whose paths start with their repository.
pub fn render_with(
    report: &ActionsReport,
    header: &dyn Fn(&ActionRow) -> String,
    style: Style,
) -> String {
    let mut out = String::new();
    let width = report
        .items
        .iter()
        .flat_map(ActionRow::flatten)
        .map(|r| place(r).chars().count())
        .max()
        .unwrap_or(0);
    let mut current: Option<(&str, Option<&str>)> = None;
    for row in &report.items {
        let whose = (row.person.as_str(), row.repo.as_deref());
        if current != Some(whose) {
            if current.is_some() {
                out.push('\n');
            }
            out.push_str(&style.paint(&header(row), "1"));
            out.push('\n');
            current = Some(whose);
        }
        render_row(&mut out, row, 0, width, report.today, style);
    }
    out
}

/// `Alice Smith (alice)`, or just the id when there is no other name.
pub fn heading(person: &Person) -> String {
    match &person.name {
        Some(name) if name != &person.id => format!("{name} ({})", person.id),
        _ => person.id.clone(),
    }
}

/// The lines of `rows` as `render` writes them, `indent` spaces in.
pub fn render_rows(rows: &[ActionRow], indent: usize, today: NaiveDate, style: Style) -> String {
    let width = rows
        .iter()
        .flat_map(ActionRow::flatten)
        .map(|r| place(r).chars().count())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for row in rows {
        let mut lines = String::new();
        render_row(&mut lines, row, 0, width, today, style);
        for line in lines.lines() {
            let _ = writeln!(out, "{:indent$}{line}", "");
        }
    }
    out
}

fn place(row: &ActionRow) -> String {
    match &row.repo {
        Some(repo) => format!("{}:{}", Path::new(repo).join(&row.path).display(), row.line),
        None => format!("{}:{}", row.path, row.line),
    }
}

fn render_row(
    out: &mut String,
    row: &ActionRow,
    depth: usize,
    width: usize,
    today: NaiveDate,
    style: Style,
) {
    let mut details = vec![format!("age {}d", row.age_days)];
    if row.carried > 0 {
        details.push(format!("carried {}×", row.carried));
    }
    if let Some(closed) = row.closed {
        let how = row.how.map_or(row.state.as_str(), How::as_str);
        details.push(format!("{how} {closed}"));
    }
    if row.private {
        details.push("private".to_owned());
    }
    let text = if row.text.is_empty() {
        "(no text)"
    } else {
        &row.text
    };
    let code = if row.state.is_closed() { "2" } else { "" };
    let mut line = format!(
        "  {:width$}  {:pad$}{}  ({})",
        place(row),
        "",
        style.paint(text, code),
        details.join(", "),
        pad = depth * 2
    );
    if let (Some(late), Some(due)) = (row.days_late(today), row.due) {
        line.push_str("  ");
        line.push_str(&style.paint(&format!("due {due} ({late}d late)"), "31"));
    }
    out.push_str(&line);
    out.push('\n');
    for child in &row.children {
        render_row(out, child, depth + 1, width, today, style);
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::*;
    use crate::model::note::{Note, NoteName};
    use crate::parse::note;
    use crate::parse::settings::Settings;
    use crate::plan::people;

    fn date(s: &str) -> NaiveDate {
        crate::model::date::parse_date(s).unwrap()
    }

    fn note(person: &str, day: NaiveDate, body: &str) -> Note {
        let name = NoteName { date: day, seq: 1 };
        let text = format!("---\nperson: {person}\n---\n{body}");
        let path = PathBuf::from(person).join(name.file_name());
        note::parse(&path, person, name, text.as_bytes()).unwrap()
    }

    fn index(notes: Vec<Note>) -> Index {
        people::index(
            &Settings::default(),
            Vec::new(),
            notes.into_iter().map(Ok).collect(),
            Vec::new(),
            NaiveDate::MAX,
        )
    }

    fn texts(rows: &[ActionRow]) -> Vec<String> {
        rows.iter()
            .flat_map(ActionRow::flatten)
            .map(|r| r.text.clone())
            .collect()
    }

    #[test]
    fn owners_match_me_and_the_me_setting_case_insensitively() {
        let nobody = Directory::default();
        let me = Owners::new("me", "Sam", &nobody);
        assert!(me.matches(Some("me")));
        assert!(me.matches(Some("sam")));
        assert!(me.matches(Some("SAM")));
        assert!(!me.matches(Some("alice")));
        assert!(!me.matches(None));
        assert!(Owners::new("@Sam", "sam", &nobody).matches(Some("me")));
        assert!(Owners::new("Alice", "me", &nobody).matches(Some("alice")));
    }

    #[test]
    fn sub_tasks_inherit_the_owner_and_move_up_when_the_parent_is_left_out() {
        let idx = index(vec![note(
            "alice",
            date("2026-11-17"),
            "- [x] @alice handbook\n  - [ ] runbooks\n  - [ ] @bob review\n- [ ] @me packet\n",
        )]);
        let today = date("2026-11-25");
        let get = |owner: Option<&str>, all| {
            let options = ActionsOptions {
                owner: owner.map(|o| Owners::new(o, "me", &Directory::default())),
                all,
                ..ActionsOptions::default()
            };
            report(&idx, &options, today).unwrap().items
        };
        let open = get(None, false);
        assert_eq!(texts(&open), vec!["runbooks", "@bob review", "@me packet"]);
        assert!(open.iter().all(|r| r.children.is_empty()));
        assert_eq!(texts(&get(Some("alice"), false)), vec!["runbooks"]);
        assert_eq!(texts(&get(Some("BOB"), false)), vec!["@bob review"]);
        let all = get(Some("alice"), true);
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].closed, Some(date("2026-11-17")));
        assert_eq!(texts(&all[0].children), vec!["runbooks"]);
        // Closed the day it was written: its age stopped there.
        assert_eq!(all[0].age_days, 0);
    }

    #[test]
    fn unknown_person_is_a_usage_error() {
        let idx = index(Vec::new());
        let options = ActionsOptions {
            person: Some("zed".into()),
            ..ActionsOptions::default()
        };
        assert!(report(&idx, &options, date("2026-11-25")).is_err());
    }

    #[test]
    fn overdue_due_dates_are_flagged_in_red() {
        let idx = index(vec![note(
            "bob",
            date("2026-11-10"),
            "- [ ] retro due:2026-11-20\n- [ ] later due:2026-12-20\n",
        )]);
        let today = date("2026-11-25");
        let r = report(&idx, &ActionsOptions::default(), today).unwrap();
        assert_eq!(r.items[0].days_late(today), Some(5));
        assert_eq!(r.items[1].days_late(today), None);
        let plain = render(&r, &idx, Style { color: false });
        assert_eq!(
            plain,
            "bob\n  bob/2026-11-10.md:4  retro due:2026-11-20  (age 15d)  due 2026-11-20 (5d late)\n  \
             bob/2026-11-10.md:5  later due:2026-12-20  (age 15d)\n"
        );
        let coloured = render(&r, &idx, Style { color: true });
        assert!(coloured.contains("\x1b[31mdue 2026-11-20 (5d late)\x1b[0m"));
    }

    #[test]
    fn the_path_of_a_row_is_the_latest_note() {
        let mut notes = vec![note("alice", date("2026-10-01"), "- [ ] @me send\n")];
        for day in ["2026-10-08", "2026-10-15", "2026-10-22", "2026-10-29"] {
            notes.push(note(
                "alice",
                date(day),
                "- [ ] other\n- [ ] @me send (from 2026-10-01)\n",
            ));
        }
        let idx = index(notes);
        let r = report(&idx, &ActionsOptions::default(), date("2026-11-25")).unwrap();
        let send: Vec<_> = r.items.iter().filter(|i| i.text == "@me send").collect();
        assert_eq!(send.len(), 1);
        assert_eq!(send[0].carried, 4);
        assert_eq!(Path::new(&send[0].path), Path::new("alice/2026-10-29.md"));
        assert_eq!(send[0].line, 5);
    }
}
