//! What a served command prints, from the live index: the same report
//! functions and renderers the command calls after reading the files, fed
//! from the index instead, so that the two cannot drift apart in format.
//! Whatever the index cannot answer exactly (another day, a name it does
//! not know) is refused, and the command reads the files itself, which
//! also gives the right error.

use std::path::Path;

use chrono::NaiveDate;

use super::live::LiveIndex;
use crate::error::{Error, Result};
use crate::io::people;
use crate::io::repo::Repo;
use crate::io::server::{Answer, Command, Request, SummaryWire};
use crate::model::index::Index;
use crate::model::person::{Person, Summary};
use crate::plan::cadence::State;
use crate::report::{self, Style, actions, gaps, log, prep, status};

/// What the command would print after a fresh read, from the live index
/// of the repository at `root`.
pub fn answer(request: &Request, root: &Path, live: &LiveIndex, today: NaiveDate) -> Answer {
    if request.today != today {
        return refused(format!("the watch is as of {today}"));
    }
    let repo = Repo {
        root: root.to_path_buf(),
        settings: live.settings().clone(),
    };
    match printed(request, &repo, live, today) {
        Ok(done) => done,
        Err(e) => refused(e.to_string()),
    }
}

fn printed(request: &Request, repo: &Repo, live: &LiveIndex, today: NaiveDate) -> Result<Answer> {
    let read = live.as_read();
    let index = &*read;
    let style = Style {
        color: request.color,
    };
    let resolve = |person: &str| -> Result<String> {
        Ok(people::directory(repo, index).resolve(person)?.id.clone())
    };
    let mut overdue = 0;
    // The index's problems, as a fresh read of everyone warns of them.
    let mut stderr = warnings(&index.problems);
    let stdout = match &request.command {
        Command::Summaries => return Ok(summaries(index)),
        Command::Status => {
            let people: Vec<Summary> = index.people.iter().map(Person::summary).collect();
            let report = status::status(&people, today);
            overdue = report.count(State::Overdue);
            shown(request, &report, report.people.is_empty(), || {
                status::render_text(&report, style)
            })?
        }
        Command::Actions { person, owner, all } => {
            let everyone = people::directory(repo, index);
            let options = actions::ActionsOptions {
                person: person.as_deref().map(resolve).transpose()?,
                owner: owner
                    .as_deref()
                    .map(|o| actions::Owners::new(o, repo.settings.me(), &everyone)),
                all: *all,
            };
            let report = actions::report(index, &options, today)?;
            if request.json {
                report::json(&report)?
            } else if report.items.is_empty() {
                if !request.quiet {
                    stderr.push_str("no action items\n");
                }
                String::new()
            } else {
                actions::render(&report, index, style)
            }
        }
        Command::Gaps { person, since } => {
            let chosen: Vec<&Person> = match person {
                Some(p) => index.person(&resolve(p)?).into_iter().collect(),
                None => index.people.iter().collect(),
            };
            let report = gaps::gaps(chosen, *since, today);
            shown(request, &report, report.people.is_empty(), || {
                gaps::render_text(&report, style)
            })?
        }
        Command::Log { person } => {
            let id = resolve(person)?;
            // Reading one person folder warns of that folder alone.
            if live.is_folder(&id) {
                let theirs: Vec<Error> = index
                    .problems
                    .iter()
                    .filter(|p| p.path().is_some_and(|path| path.starts_with(&id)))
                    .cloned()
                    .collect();
                stderr = warnings(&theirs);
            }
            let person = index
                .person(&id)
                .ok_or_else(|| Error::not_found(format!("no person '{id}'")))?;
            let log = log::log(person);
            shown(request, &log, log.notes.is_empty(), || {
                log::render_text(&log, style)
            })?
        }
        Command::Prep { person } => {
            let id = resolve(person)?;
            let person = index
                .person(&id)
                .ok_or_else(|| Error::not_found(format!("no person `{id}`")))?;
            let (latest, problems) = live.latest_of(&id);
            let prep = prep::complete(repo, person.clone(), latest, problems, today)?;
            stderr = warnings(&prep.problems);
            prep::render(&prep, today, style)
        }
        Command::People if request.json => {
            let people: Vec<Summary> = index.people.iter().map(Person::summary).collect();
            report::json(&report::people::people(&people, &repo.settings))?
        }
        // The ids alone are a listing of folders, which warns of nothing.
        Command::People => {
            stderr.clear();
            index.people.iter().map(|p| p.id.clone() + "\n").collect()
        }
    };
    Ok(Answer::Done {
        stdout,
        stderr,
        overdue,
    })
}

/// Everyone as `status` sees them, and what a fresh read would warn of.
fn summaries(index: &Index) -> Answer {
    Answer::Summaries {
        people: index
            .people
            .iter()
            .map(|p| SummaryWire::of(p.summary()))
            .collect(),
        problems: index.problems.iter().map(ToString::to_string).collect(),
    }
}

fn warnings(problems: &[Error]) -> String {
    problems
        .iter()
        .map(|p| format!("oneonone: warning: {p}\n"))
        .collect()
}

fn refused(reason: String) -> Answer {
    Answer::Refused { reason }
}

/// The JSON of `report` when asked for, else its text; with `--quiet`,
/// nothing at all when there is nothing to show.
fn shown<T: serde::Serialize>(
    request: &Request,
    report: &T,
    empty: bool,
    text: impl FnOnce() -> String,
) -> Result<String> {
    if request.json {
        report::json(report)
    } else if empty && request.quiet {
        Ok(String::new())
    } else {
        Ok(text())
    }
}
