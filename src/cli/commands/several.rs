//! `status`, `actions` and `gaps` over several repositories: one table,
//! each row naming its repository. A repository that cannot be read is
//! named on stderr and the others still answer; the exit code is then 2.

use std::cell::Cell;
use std::collections::HashMap;
use std::path::Path;
use std::process::ExitCode;

use chrono::NaiveDate;
use oneonone::io::config::Listed;
use oneonone::io::repo::Repo;
use oneonone::io::server as io_server;
use oneonone::io::{load, people};
use oneonone::model::index::Index;
use oneonone::model::person::Summary;
use oneonone::report::{self, actions, gaps, status};
use oneonone::{Error, Result};

use super::answer;
use super::reports::{ask_watch, tell_status};
use crate::Output;
use crate::cli::args::{ActionsArgs, GapsArgs, ServerArgs, StatusArgs};

/// Repositories (by name) with their index, and the id of the person
/// asked about in each.
type Chosen<'i> = Vec<(&'i str, &'i Repo, &'i Index, Option<String>)>;

/// The repositories that could be opened, by name.
struct Opened {
    repos: Vec<(String, Repo)>,
    /// Whether a repository could not be opened, or a person in one could
    /// not be told apart: the exit code is then 2.
    failed: Cell<bool>,
}

impl Opened {
    fn open(listed: &[Listed], cwd: &Path) -> Opened {
        let mut opened = Opened {
            repos: Vec::with_capacity(listed.len()),
            failed: Cell::new(false),
        };
        for Listed { label, dir } in listed {
            match Repo::discover(Some(dir), cwd) {
                Ok(repo) => {
                    for warning in &repo.settings.warnings {
                        eprintln!("oneonone: warning: {label}: {}", warning.to_error());
                    }
                    opened.repos.push((label.clone(), repo));
                }
                Err(e) => opened.fail(label, &e),
            }
        }
        opened
    }

    fn fail(&self, label: &str, e: &Error) {
        eprintln!("oneonone: {label}: {e}");
        self.failed.set(true);
    }

    /// 2 when a repository was left out, else `code`.
    fn exit(&self, code: ExitCode) -> ExitCode {
        if self.failed.get() {
            ExitCode::from(2)
        } else {
            code
        }
    }

    /// Each repository's index, its unreadable files said on stderr.
    fn indexes(&self, today: NaiveDate) -> Vec<(&str, &Repo, Index)> {
        self.repos
            .iter()
            .map(|(label, repo)| {
                let index = load::index(repo, today);
                warn_in(label, &index.problems);
                (label.as_str(), repo, index)
            })
            .collect()
    }

    /// The id `person` names in a repository: `None` when nobody there
    /// answers to it (they may be in another one), or when they could be
    /// several people there (said on stderr).
    fn whom(&self, label: &str, repo: &Repo, index: &Index, person: &str) -> Option<String> {
        match people::directory(repo, index).resolve(person) {
            Ok(known) => Some(known.id.clone()),
            Err(Error::NotFound(_)) => None,
            Err(e) => {
                self.fail(label, &e);
                None
            }
        }
    }

    /// Each index with the id `person` names in it (`None` when no one was
    /// asked for). A repository where nobody answers to the name is left
    /// out; an error when no repository has them.
    fn with_person<'i>(
        &self,
        indexes: &'i [(&'i str, &'i Repo, Index)],
        person: Option<&String>,
    ) -> Result<Chosen<'i>> {
        let chosen: Chosen<'i> = indexes
            .iter()
            .filter_map(|(label, repo, index)| {
                let id = match person {
                    Some(p) => Some(self.whom(label, repo, index, p)?),
                    None => None,
                };
                Some((*label, *repo, index, id))
            })
            .collect();
        self.nobody(person, !chosen.is_empty())?;
        Ok(chosen)
    }

    /// The error when `person` was asked for and no repository has them.
    fn nobody(&self, person: Option<&String>, found: bool) -> Result<()> {
        match person {
            Some(person) if !found && !self.failed.get() => {
                let names: Vec<&str> = self.repos.iter().map(|(l, _)| l.as_str()).collect();
                Err(Error::not_found(format!(
                    "no person '{}' in {}",
                    person.trim(),
                    names.join(", ")
                )))
            }
            _ => Ok(()),
        }
    }
}

/// Everyone in `repo` as its running `watch` knows them, with the
/// problems a fresh read would warn of; `None` when no watch answers (or
/// `--no-server`), an error when one was required and none did.
fn served(
    repo: &Repo,
    server: &ServerArgs,
    today: NaiveDate,
    out: &Output,
) -> Result<Option<(Vec<Summary>, Vec<String>)>> {
    let command = io_server::Command::Summaries;
    ask_watch(
        repo,
        command,
        server,
        (today, false),
        out,
        |answer| match answer {
            io_server::Answer::Summaries { people, problems } => {
                let people = people.into_iter().map(io_server::SummaryWire::summary);
                Some((people.collect::<Option<Vec<_>>>()?, problems))
            }
            _ => None,
        },
    )
}

fn warn_in(label: &str, problems: &[impl std::fmt::Display]) {
    for problem in problems {
        eprintln!("oneonone: warning: {label}: {problem}");
    }
}

pub fn status(
    listed: &[Listed],
    args: &StatusArgs,
    today: NaiveDate,
    cwd: &Path,
    out: &Output,
) -> Result<ExitCode> {
    let opened = Opened::open(listed, cwd);
    let reports = opened
        .repos
        .iter()
        .filter_map(|(label, repo)| {
            let (people, problems) = match served(repo, &args.server, today, out) {
                Ok(Some(served)) => served,
                Ok(None) => {
                    let read = load::summaries(repo, today);
                    (
                        read.people,
                        read.problems.iter().map(Error::to_string).collect(),
                    )
                }
                Err(e) => {
                    opened.fail(label, &e);
                    return None;
                }
            };
            warn_in(label, &problems);
            Some((label.clone(), status::status(&people, today)))
        })
        .collect();
    let code = tell_status(&status::merged(reports, today), args, out)?;
    Ok(opened.exit(code))
}

pub fn actions(
    listed: &[Listed],
    args: &ActionsArgs,
    today: NaiveDate,
    cwd: &Path,
    out: &Output,
) -> Result<ExitCode> {
    let opened = Opened::open(listed, cwd);
    let indexes = opened.indexes(today);
    let mut reports = Vec::new();
    let mut headers = HashMap::new();
    for (label, repo, index, person) in opened.with_person(&indexes, args.person.as_ref())? {
        let everyone = people::directory(repo, index);
        let options = actions::ActionsOptions {
            person,
            // `me` is each repository's own `me`.
            owner: args
                .owner
                .as_deref()
                .map(|o| actions::Owners::new(o, repo.settings.me(), &everyone)),
            all: args.all,
        };
        let report = actions::report(index, &options, today)?;
        for row in &report.items {
            let heading = index
                .person(&row.person)
                .map_or_else(|| row.person.clone(), actions::heading);
            headers.insert((label, row.person.clone()), format!("{label}: {heading}"));
        }
        reports.push((label.to_owned(), report));
    }
    let report = actions::merged(reports, today);
    if args.json {
        super::emit(&report::json(&report)?)?;
    } else if report.items.is_empty() {
        if !out.quiet {
            eprintln!("no action items");
        }
    } else {
        let header = |row: &actions::ActionRow| {
            let label = row.repo.as_deref().unwrap_or_default();
            headers
                .get(&(label, row.person.clone()))
                .cloned()
                .unwrap_or_else(|| row.person.clone())
        };
        super::emit(&actions::render_with(&report, &header, out.style()))?;
    }
    Ok(opened.exit(ExitCode::SUCCESS))
}

pub fn gaps(
    listed: &[Listed],
    args: &GapsArgs,
    today: NaiveDate,
    cwd: &Path,
    out: &Output,
) -> Result<ExitCode> {
    let opened = Opened::open(listed, cwd);
    let indexes = opened.indexes(today);
    let mut reports = Vec::new();
    for (label, _, index, person) in opened.with_person(&indexes, args.person.as_ref())? {
        let chosen = match person {
            Some(id) => index.person(&id).into_iter().collect(),
            None => index.people.iter().collect::<Vec<_>>(),
        };
        reports.push((label.to_owned(), gaps::gaps(chosen, args.since, today)));
    }
    let report = gaps::merged(reports, today);
    answer(&report, args.json, report.people.is_empty(), out, || {
        gaps::render_text(&report, out.style())
    })?;
    Ok(opened.exit(ExitCode::SUCCESS))
}
