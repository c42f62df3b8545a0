//! The commands that answer questions: status, gaps, log, actions, prep,
//! people, calendar, the HTML report, review and share.

use std::path::Path;
use std::process::ExitCode;

use chrono::NaiveDate;
use oneonone::io::repo::Repo;
use oneonone::io::{git, load, people, scan, server, store};
use oneonone::model::person::Person;
use oneonone::plan::cadence::State;
use oneonone::report::{self, actions, calendar, gaps, html, log, prep, review, share, status};
use oneonone::{Error, Result};

use super::notes::count;
use super::{answer, emit, hint_if_nobody, read_index, warn, warned};
use crate::Output;
use crate::cli::args::{
    ActionsArgs, CalendarArgs, FailOn, GapsArgs, ReportArgs, ReviewArgs, ServerArgs, ShareArgs,
    StatusArgs,
};

pub fn people(
    repo: &Repo,
    json: bool,
    server: &ServerArgs,
    today: NaiveDate,
    out: &Output,
) -> Result<()> {
    let asked = server::Command::People;
    if served(repo, asked, server, today, json, out)?.is_some() {
        return Ok(());
    }
    if !json {
        let ids = scan::person_ids(repo);
        return emit(&ids.iter().map(|id| id.clone() + "\n").collect::<String>());
    }
    let summaries = load::summaries(repo, today);
    warn(&summaries.problems);
    emit(&report::json(&report::people::people(
        &summaries.people,
        &repo.settings,
    ))?)
}

pub fn prep(
    repo: &Repo,
    person: &str,
    server: &ServerArgs,
    today: NaiveDate,
    out: &Output,
) -> Result<()> {
    let asked = server::Command::Prep {
        person: person.to_owned(),
    };
    if served(repo, asked, server, today, false, out)?.is_some() {
        return Ok(());
    }
    let id = people::resolve(repo, person, today)?.id;
    let prep = prep::gather(repo, &id, today)?;
    warn(&prep.problems);
    emit(&prep::render(&prep, today, out.style()))
}

pub fn status(repo: &Repo, args: &StatusArgs, today: NaiveDate, out: &Output) -> Result<ExitCode> {
    let asked = server::Command::Status;
    if let Some(overdue) = served(repo, asked, &args.server, today, args.json, out)? {
        let failed = args.fail_on == Some(FailOn::Overdue) && overdue > 0;
        return Ok(if failed {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        });
    }
    let summaries = load::summaries(repo, today);
    warn(&summaries.problems);
    tell_status(&status::status(&summaries.people, today), args, out)
}

/// Asks a running `watch` and prints its answer, unless told not to
/// (`--no-server`). `Some(overdue)` once printed; `None` when the command
/// must read the files itself.
fn served(
    repo: &Repo,
    command: server::Command,
    server: &ServerArgs,
    today: NaiveDate,
    json: bool,
    out: &Output,
) -> Result<Option<usize>> {
    let done = ask_watch(
        repo,
        command,
        server,
        (today, json),
        out,
        |answer| match answer {
            server::Answer::Done {
                stdout,
                stderr,
                overdue,
            } => Some((stdout, stderr, overdue)),
            _ => None,
        },
    )?;
    let Some((stdout, stderr, overdue)) = done else {
        return Ok(None);
    };
    eprint!("{stderr}");
    emit(&stdout)?;
    Ok(Some(overdue))
}

/// What a running `watch` answers to `command`, as `take` reads the
/// answer; `None` (read the files) when told not to ask (`--no-server`)
/// or when no watch answers as `take` wants, an error instead when one was
/// required (`--require-server`, which waits as long as a busy watch may
/// need).
pub(super) fn ask_watch<T>(
    repo: &Repo,
    command: server::Command,
    server: &ServerArgs,
    (today, json): (NaiveDate, bool),
    out: &Output,
    take: impl FnOnce(server::Answer) -> Option<T>,
) -> Result<Option<T>> {
    if server.no_server {
        return Ok(None);
    }
    let question = server::Question {
        command,
        today,
        json,
        quiet: out.quiet,
        color: out.color,
        patience: if server.require_server {
            server::Patience::Long
        } else {
            server::Patience::Brief
        },
    };
    match server::ask(&repo.root, question).and_then(take) {
        Some(answer) => Ok(Some(answer)),
        None if server.require_server => Err(Error::usage("no running `watch` answered")),
        None => Ok(None),
    }
}

/// Prints the status; exit code 1 when asked to fail on someone overdue.
pub(super) fn tell_status(
    report: &status::Status,
    args: &StatusArgs,
    out: &Output,
) -> Result<ExitCode> {
    answer(report, args.json, report.people.is_empty(), out, || {
        status::render_text(report, out.style())
    })?;
    let failed = args.fail_on == Some(FailOn::Overdue) && report.count(State::Overdue) > 0;
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

pub fn gaps(repo: &Repo, args: &GapsArgs, today: NaiveDate, out: &Output) -> Result<()> {
    let asked = server::Command::Gaps {
        person: args.person.clone(),
        since: args.since,
    };
    if served(repo, asked, &args.server, today, args.json, out)?.is_some() {
        return Ok(());
    }
    let index = read_index(repo, today);
    let chosen: Vec<&Person> = match &args.person {
        Some(person) => {
            let id = people::directory(repo, &index).resolve(person)?.id.clone();
            index.person(&id).into_iter().collect()
        }
        None => index.people.iter().collect(),
    };
    let report = gaps::gaps(chosen, args.since, today);
    answer(&report, args.json, report.people.is_empty(), out, || {
        gaps::render_text(&report, out.style())
    })
}

pub fn log(
    repo: &Repo,
    person: &str,
    (json, with_git): (bool, bool),
    server: &ServerArgs,
    today: NaiveDate,
    out: &Output,
) -> Result<()> {
    // git's history is not in a watch's index.
    let asked = server::Command::Log {
        person: person.to_owned(),
    };
    if !with_git && served(repo, asked, server, today, json, out)?.is_some() {
        return Ok(());
    }
    let id = people::resolve(repo, person, today)?.id;
    let one = load::person(repo, &id, today);
    let index = one.map_or_else(|| read_index(repo, today), warned);
    let person = index
        .person(&id)
        .ok_or_else(|| Error::not_found(format!("no person '{id}'")))?;
    let mut log = log::log(person);
    if with_git {
        if !git::is_work_tree(&repo.root)? {
            return Err(Error::Git(format!(
                "{}: not inside a git work tree, so --git has no history to read",
                repo.root.display()
            )));
        }
        log = log.with_git(&git::last_changed(&repo.root, Path::new(&person.id))?);
    }
    answer(&log, json, log.notes.is_empty(), out, || {
        log::render_text(&log, out.style())
    })
}

pub fn calendar(
    repo: &Repo,
    args: &CalendarArgs,
    today: NaiveDate,
    cwd: &Path,
    out: &Output,
) -> Result<()> {
    let index = read_index(repo, today);
    hint_if_nobody(&index, out);
    let events = calendar::events(&index, today, args.weeks);
    let text = calendar::render(&events);
    let Some(path) = &args.out else {
        return emit(&text);
    };
    let what = format!(" ({} events)", events.len());
    write_page(repo, cwd, path, &text, &what, out)
}

pub fn report(
    repo: &Repo,
    args: &ReportArgs,
    today: NaiveDate,
    cwd: &Path,
    out: &Output,
) -> Result<()> {
    let index = read_index(repo, today);
    hint_if_nobody(&index, out);
    let everyone = people::directory(repo, &index);
    let page = html::render(&index, &everyone, repo.settings.me(), today)?;
    let what = format!(" ({})", count(index.people.len(), "person", "people"));
    write_page(repo, cwd, &args.html, &page, &what, out)
}

/// Writes a generated file (a page, a calendar) at `path`, as the user
/// gave it from `cwd`, and says so on stderr with what it holds.
fn write_page(
    repo: &Repo,
    cwd: &Path,
    path: &Path,
    text: &str,
    what: &str,
    out: &Output,
) -> Result<()> {
    store::write_generated(&repo.root, &cwd.join(path), text.as_bytes())?;
    if !out.quiet {
        eprintln!("wrote {}{what}", path.display());
    }
    Ok(())
}

pub fn review(
    repo: &Repo,
    args: &ReviewArgs,
    today: NaiveDate,
    cwd: &Path,
    out: &Output,
) -> Result<()> {
    let id = people::resolve(repo, &args.person, today)?.id;
    let one = load::person(repo, &id, today);
    let index = one.map_or_else(|| read_index(repo, today), warned);
    let person = index
        .person(&id)
        .ok_or_else(|| Error::not_found(format!("no person '{id}'")))?;
    let range = review::Range {
        since: args.since,
        until: args.until.unwrap_or(today),
    };
    let review = review::review(repo, person, range, today)?;
    if let Some(path) = &args.html {
        let page = review::render_html(&review)?;
        return write_page(repo, cwd, path, &page, "", out);
    }
    emit(&if args.json {
        report::json(&review)?
    } else {
        review::render_text(&review)
    })
}

/// `oneonone share`: the notes without their private parts, as Markdown on
/// stdout, JSON, or an HTML page. A note left out, being private whole, is
/// always named on stderr, even with `--quiet`: the reader should know.
pub fn share(
    repo: &Repo,
    args: &ShareArgs,
    today: NaiveDate,
    cwd: &Path,
    out: &Output,
) -> Result<()> {
    let id = people::resolve(repo, &args.person, today)?.id;
    let shared = share::gather(repo, &id, args.which(), today)?;
    warn(&shared.problems);
    for path in &shared.withheld {
        eprintln!(
            "oneonone: {} is private (`private: true`): left out",
            path.display()
        );
    }
    if args.json {
        return emit(&report::json(&share::json(&shared))?);
    }
    if let Some(file) = &args.html {
        let page = share::html(&shared, today)?;
        let what = format!(" ({})", count(shared.notes.len(), "note", "notes"));
        return write_page(repo, cwd, file, &page, &what, out);
    }
    if let (Some(since), true) = (args.since, shared.notes.is_empty()) {
        if !out.quiet && shared.withheld.is_empty() {
            eprintln!("no notes of {id} since {since}");
        }
        return Ok(());
    }
    emit(&share::markdown(&shared))
}

pub fn actions(repo: &Repo, args: &ActionsArgs, today: NaiveDate, out: &Output) -> Result<()> {
    let asked = server::Command::Actions {
        person: args.person.clone(),
        owner: args.owner.clone(),
        all: args.all,
    };
    if served(repo, asked, &args.server, today, args.json, out)?.is_some() {
        return Ok(());
    }
    let index = read_index(repo, today);
    let everyone = people::directory(repo, &index);
    let options = actions::ActionsOptions {
        person: match &args.person {
            Some(p) => Some(everyone.resolve(p)?.id.clone()),
            None => None,
        },
        owner: args
            .owner
            .as_deref()
            .map(|o| actions::Owners::new(o, repo.settings.me(), &everyone)),
        all: args.all,
    };
    let report = actions::report(&index, &options, today)?;
    if args.json {
        emit(&report::json(&report)?)?;
    } else if report.items.is_empty() {
        if !out.quiet {
            eprintln!("no action items");
        }
    } else {
        emit(&actions::render(&report, &index, out.style()))?;
    }
    Ok(())
}
