//! One function per command: call the library, print what it returns.

use std::io::{IsTerminal, Write};
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use oneonone::io::cache::Saved;
use oneonone::io::repo::Repo;
use oneonone::io::{editor, git, load, people, scan, server, store, template};
use oneonone::model::index::Index;
use oneonone::model::person::Person;
use oneonone::ops::mark::{self, Mark};
use oneonone::ops::pause::{self, Resumed};
use oneonone::ops::rename::{self, Moved};
use oneonone::ops::{check, init, new, topic};
use oneonone::plan::cadence::State;
use oneonone::report::{self, actions, calendar, gaps, html, log, prep, review, share, status};
use oneonone::watch::{self, Event, Watch};
use oneonone::{Error, Result};

use crate::Output;
use crate::cli::args::{
    ActionsArgs, CalendarArgs, Cli, FailOn, GapsArgs, MarkArgs, NewArgs, PauseArgs, ReportArgs,
    ReviewArgs, ServerArgs, ShareArgs, StatusArgs, TopicArgs,
};
use crate::cli::completions;

pub fn completions(shell: clap_complete::Shell) -> Result<ExitCode> {
    emit(&completions::script(shell))?;
    Ok(ExitCode::SUCCESS)
}

pub fn man() -> Result<ExitCode> {
    emit(&completions::man().map_err(|e| Error::io("<man page>", e))?)?;
    Ok(ExitCode::SUCCESS)
}

pub fn init(repo: &Repo) -> Result<()> {
    let mut lines = String::new();
    for file in init::init(repo)? {
        let path = file.path.display();
        lines.push_str(&match file.outcome {
            init::Outcome::Created => format!("created {path}\n"),
            init::Outcome::Kept => format!("kept existing {path}\n"),
            init::Outcome::Appended => format!("added `{}` to {path}\n", init::UNION_MERGE),
        });
    }
    emit(&lines)
}

pub fn new(repo: &Repo, args: &NewArgs, today: NaiveDate, cwd: &Path, out: &Output) -> Result<()> {
    let outcome = new::new_note(repo, &args.options(), today)?;
    for skipped in &outcome.skipped {
        eprintln!("oneonone: warning: {skipped} (skipped)");
    }
    for text in &outcome.exposed {
        eprintln!(
            "oneonone: warning: {}: the private item `{text}` was carried outside a private part; \
             move it under `## Private notes` (and add that section to the template)",
            outcome.path.display()
        );
    }
    let shown = seen_from(cwd, &repo.root.join(&outcome.path));
    if !out.quiet {
        if let Some((id, name)) = &outcome.new_person {
            let folder = seen_from(cwd, &repo.person_dir(id));
            eprintln!(
                "new person: {} ({}/)",
                name.as_deref().unwrap_or(id),
                folder.display()
            );
        }
        if outcome.created {
            eprintln!(
                "created {} ({} carried, {})",
                shown.display(),
                outcome.carried,
                count(outcome.topics, "topic", "topics")
            );
        } else {
            eprintln!(
                "{} already exists; opening it (use --another for a second meeting that day)",
                shown.display()
            );
        }
    }
    // The path goes out first so a failing editor cannot hide it.
    emit(&format!("{}\n", shown.display()))?;
    let edited = if args.no_edit {
        Ok(())
    } else {
        open_editor(&repo.root.join(&outcome.path))
    };
    if outcome.to_commit {
        // What the user wrote is what gets committed; an editor that failed
        // may have left the note half done, so it is not.
        if let Err(e) = &edited {
            return Err(Error::Editor(format!(
                "{e}; {} stays as it is, and nothing was committed",
                outcome.path.display()
            )));
        }
        let message = new::commit(repo, &outcome.path)?;
        if !out.quiet {
            eprintln!("committed {} as \"{message}\"", shown.display());
        }
    }
    edited
}

/// `path` (absolute) as the user should type it from `cwd`: relative when
/// it is below `cwd` or `cwd` is near it (the repository's own folders),
/// else absolute.
fn seen_from(cwd: &Path, path: &Path) -> PathBuf {
    let (Ok(base), Ok(full)) = (cwd.canonicalize(), path.canonicalize()) else {
        return path.to_path_buf();
    };
    let common = base
        .components()
        .zip(full.components())
        .take_while(|(a, b)| a == b)
        .count();
    let ups = base.components().count() - common;
    // Beyond the repository's own folders a relative path is no help.
    if common <= 1 || ups > 2 {
        return full;
    }
    let mut shown: PathBuf = std::iter::repeat_n(Component::ParentDir, ups).collect();
    shown.extend(full.components().skip(common));
    shown
}

/// `1 topic`, `2 topics`.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub fn topic(repo: &Repo, args: &TopicArgs, today: NaiveDate, out: &Output) -> Result<()> {
    let person = args.person.as_str();
    if args.list {
        let (id, queued) = topic::list(repo, person, today)?;
        if queued.is_empty() && !out.quiet {
            eprintln!("no topics queued for {id}");
        }
        let width = queued.len().to_string().len();
        return emit(
            &queued
                .iter()
                .enumerate()
                .map(|(i, t)| format!("{:>width$}. {t}\n", i + 1))
                .collect::<String>(),
        );
    }
    if let Some(n) = args.remove {
        let n = usize::try_from(n).unwrap_or(usize::MAX);
        let (id, removed) = topic::remove(repo, person, n, today)?;
        if !out.quiet {
            eprintln!("removed from {id}'s queue: {removed}");
        }
        return Ok(());
    }
    let id = topic::queue(
        repo,
        person,
        &args.text.join(" "),
        args.by.as_deref(),
        today,
    )?;
    if !out.quiet {
        eprintln!("queued for {id}'s next note");
    }
    Ok(())
}

pub fn people(repo: &Repo, json: bool, today: NaiveDate) -> Result<()> {
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

pub fn pause(repo: &Repo, args: &PauseArgs, today: NaiveDate) -> Result<()> {
    let paused = pause::pause(repo, &args.options(), today)?;
    emit(&format!(
        "{} is paused {}\n",
        paused.id,
        pause::describe(&paused.pause)
    ))
}

pub fn resume(repo: &Repo, person: &str, today: NaiveDate) -> Result<()> {
    let line = match pause::resume(repo, person, today)? {
        Resumed::Ended { id, pause, until } => format!(
            "{id} is back: the pause {} now ends {until}",
            pause::describe(&pause)
        ),
        Resumed::Removed { id, pause } => format!(
            "{id} is back: the pause that began today ({}) is removed",
            pause::describe(&pause)
        ),
    };
    emit(&format!("{line}\n"))
}

pub fn rename(repo: &Repo, old: &str, new: &str, today: NaiveDate) -> Result<()> {
    let renamed = rename::rename(repo, old, new, today)?;
    let (old, new) = (&renamed.old, &renamed.new);
    let moved = match renamed.moved {
        Some(Moved::Git) => format!("moved {old}/ to {new}/ with git mv; "),
        Some(Moved::Plain) => format!("moved {old}/ to {new}/; "),
        None => String::new(),
    };
    emit(&format!(
        "renamed {old} to {new}: {moved}{} lists {old} under people.{new}.former_ids\n",
        oneonone::parse::settings::FILE_NAME
    ))
}

pub fn templates_list(repo: &Repo) -> Result<()> {
    let lines: String = template::all(&repo.root)
        .into_iter()
        .map(|(name, user)| {
            let origin = if user { template::USER_DIR } else { "built-in" };
            format!("{name:<20} {origin}\n")
        })
        .collect();
    emit(&lines)
}

pub fn templates_show(repo: &Repo, name: &str) -> Result<()> {
    emit(&template::find(&repo.root, name)?.source)
}

pub fn mark(repo: &Repo, args: &MarkArgs, how: Mark, today: NaiveDate) -> Result<()> {
    let id = people::resolve(repo, &args.person, today)?.id;
    let marked = mark::mark(repo, &id, &args.pattern.join(" "), how)?;
    let what = match how {
        Mark::Done => "checked off",
        Mark::Drop => "dropped",
        Mark::Reopen => "reopened",
    };
    emit(&format!(
        "{what}: {}:{}: {}\n",
        marked.path.display(),
        marked.line,
        marked.text
    ))
}

pub fn prep(repo: &Repo, person: &str, today: NaiveDate, out: &Output) -> Result<()> {
    let id = people::resolve(repo, person, today)?.id;
    let prep = prep::gather(repo, &id, today)?;
    for problem in &prep.problems {
        eprintln!("oneonone: warning: {problem}");
    }
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
    match server::ask(&repo.root, question) {
        Some(server::Answer::Done {
            stdout,
            stderr,
            overdue,
        }) => {
            eprint!("{stderr}");
            emit(&stdout)?;
            Ok(Some(overdue))
        }
        _ if server.require_server => Err(Error::usage("no running `watch` answered")),
        _ => Ok(None),
    }
}

/// Prints the status; exit code 1 when asked to fail on someone overdue.
fn tell_status(report: &status::Status, args: &StatusArgs, out: &Output) -> Result<ExitCode> {
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

/// `status --dir A --dir B …`: one table over several repositories, each
/// row naming its own (as given on the command line).
pub fn status_of_several(
    dirs: &[PathBuf],
    args: &StatusArgs,
    today: NaiveDate,
    cwd: &Path,
    out: &Output,
) -> Result<ExitCode> {
    let mut reports = Vec::with_capacity(dirs.len());
    for dir in dirs {
        let repo = Repo::discover(Some(dir), cwd)?;
        for warning in &repo.settings.warnings {
            eprintln!(
                "oneonone: warning: {}: {}",
                dir.display(),
                warning.to_error()
            );
        }
        let summaries = load::summaries(&repo, today);
        for problem in &summaries.problems {
            eprintln!("oneonone: warning: {}: {problem}", dir.display());
        }
        let label = dir.display().to_string();
        reports.push((label, status::status(&summaries.people, today)));
    }
    tell_status(&status::merged(reports, today), args, out)
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
    today: NaiveDate,
    out: &Output,
) -> Result<()> {
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
    store::write_generated(&repo.root, &cwd.join(path), text.as_bytes())?;
    if !out.quiet {
        eprintln!("wrote {} ({} events)", path.display(), events.len());
    }
    Ok(())
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
    store::write_generated(&repo.root, &cwd.join(&args.html), page.as_bytes())?;
    if !out.quiet {
        eprintln!(
            "wrote {} ({})",
            args.html.display(),
            count(index.people.len(), "person", "people")
        );
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
        store::write_generated(&repo.root, &cwd.join(path), page.as_bytes())?;
        if !out.quiet {
            eprintln!("wrote {}", path.display());
        }
        return Ok(());
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
        store::write_generated(&repo.root, &cwd.join(file), page.as_bytes())?;
        if !out.quiet {
            let n = shared.notes.len();
            eprintln!(
                "wrote {} ({n} note{})",
                file.display(),
                if n == 1 { "" } else { "s" }
            );
        }
        return Ok(());
    }
    if let (Some(since), true) = (args.since, shared.notes.is_empty()) {
        if !out.quiet && shared.withheld.is_empty() {
            eprintln!("no notes of {id} since {since}");
        }
        return Ok(());
    }
    emit(&share::markdown(&shared))
}

/// Commands that write a file say on stderr how to start when there is
/// nobody to write about.
fn hint_if_nobody(index: &Index, out: &Output) {
    if index.people.is_empty() && !out.quiet {
        eprint!("{}", report::NO_PEOPLE);
    }
}

/// Reads the whole repository. Files that cannot be read are reported as
/// warnings and left out; everyone else is still reported.
fn read_index(repo: &Repo, today: NaiveDate) -> Index {
    warned(load::index(repo, today))
}

/// Warns of the files the index could not read.
fn warned(index: Index) -> Index {
    warn(&index.problems);
    index
}

fn warn(problems: &[Error]) {
    for problem in problems {
        eprintln!("oneonone: warning: {problem}");
    }
}

/// Writes to stdout; a reader that went away (`| head`) is not an error.
/// The JSON of `report` when asked for, else its text; with `--quiet`,
/// nothing at all when there is nothing to show.
fn answer<T: serde::Serialize>(
    report: &T,
    json: bool,
    empty: bool,
    out: &Output,
    text: impl FnOnce() -> String,
) -> Result<()> {
    emit(&if json {
        report::json(report)?
    } else if empty && out.quiet {
        String::new()
    } else {
        text()
    })
}

fn emit(text: &str) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::io("<stdout>", e)),
        _ => Ok(()),
    }
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

/// `check` finds the root without reading the settings, so a broken
/// settings file is reported like any other finding.
pub fn check(
    cli: &Cli,
    cwd: &Path,
    json: bool,
    today: NaiveDate,
    out: &Output,
) -> Result<ExitCode> {
    if cli.dir.len() > 1 {
        return Err(Error::usage("`check` reads one repository: give one --dir"));
    }
    let root = Repo::locate(cli.dir.first().map(PathBuf::as_path), cwd)?;
    let findings = check::check(&root, today);
    if json {
        emit(&report::json(&check::CheckReport {
            findings: findings.clone(),
        })?)?;
    } else {
        let lines: String = findings
            .iter()
            .map(|f| f.render(out.style()) + "\n")
            .collect();
        emit(&lines)?;
    }
    let count = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    let problems = findings.iter().filter(|f| f.is_problem()).count();
    let notes = findings.len() - problems;
    let notes = if notes == 0 {
        String::new()
    } else {
        format!("; {} for your information", count(notes, "note"))
    };
    if problems == 0 {
        if !out.quiet {
            eprintln!("no problems found{notes}");
        }
        return Ok(ExitCode::SUCCESS);
    }
    if !out.quiet {
        let errors = findings
            .iter()
            .filter(|f| f.severity == check::Severity::Error)
            .count();
        eprintln!(
            "{} ({}, {}){notes}",
            count(problems, "problem"),
            count(errors, "error"),
            count(problems - errors, "warning")
        );
    }
    Ok(ExitCode::from(1))
}

/// Opens the note in `$VISUAL` or `$EDITOR`, only when a person is at the
/// terminal to use it.
fn open_editor(path: &Path) -> Result<()> {
    if !std::io::stdin().is_terminal() {
        return Ok(());
    }
    let command = ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(std::env::var_os)
        .find(|v| !v.is_empty());
    match command {
        Some(command) => editor::open(&command.to_string_lossy(), path),
        None => Ok(()),
    }
}

/// `oneonone index`: refreshes the cache and says what that took.
pub fn index(
    repo: &Repo,
    (rebuild, json): (bool, bool),
    today: NaiveDate,
    out: &Output,
) -> Result<()> {
    // A bar only for a person watching a terminal; scripts see nothing.
    let bar = (!out.quiet && std::io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new(0);
        bar.set_style(
            indicatif::ProgressStyle::with_template("reading notes {bar:30} {pos}/{len}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let (index, stats) = load::index_with_stats(repo, today, rebuild, &|done, total| {
        if let Some(bar) = &bar {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        }
    });
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let (saved, warning) = match &stats.saved {
        Saved::NoLocation => (
            "none",
            Some("no place for a cache (no git directory, no HOME)".to_owned()),
        ),
        Saved::Unchanged => ("unchanged", None),
        Saved::Written => ("written", None),
        Saved::Failed(why) => ("failed", Some(format!("could not write the cache: {why}"))),
    };
    if let Some(warning) = warning {
        eprintln!("oneonone: warning: {warning}");
    }
    if json {
        let value = serde_json::json!({
            "files": stats.files,
            "parsed": stats.parsed,
            "cached": stats.cached,
            "removed": stats.removed,
            "problems": index.problems.len(),
            "cache": stats.cache,
            "saved": saved,
        });
        return emit(&format!("{value:#}\n"));
    }
    let plural = |n: usize, one: &'static str, many: &'static str| if n == 1 { one } else { many };
    let notes = plural(stats.files, "note", "notes");
    let mut line = format!(
        "indexed {} {notes}: {} parsed, {} from cache",
        stats.files, stats.parsed, stats.cached
    );
    if stats.removed > 0 {
        line.push_str(&format!(", {} removed", stats.removed));
    }
    emit(&format!("{line}\n"))?;
    if !out.quiet {
        if let Some(path) = &stats.cache {
            eprintln!("cache {saved}: {}", path.display());
        }
        let problems = index.problems.len();
        if problems > 0 {
            let files = plural(problems, "file", "files");
            eprintln!("{problems} {files} could not be read; `oneonone check` lists them");
        }
    }
    Ok(())
}

/// `oneonone watch`: prints each change as it happens, until Ctrl-C or
/// SIGTERM.
pub fn watch(
    repo: &Repo,
    options: &watch::Options,
    clock: &dyn Fn() -> NaiveDate,
    out: &Output,
) -> Result<()> {
    let watch = Watch::default();
    if !options.once {
        let stopper = watch.stopper();
        ctrlc::set_handler(move || stopper.stop())
            .map_err(|e| Error::usage(format!("cannot catch Ctrl-C: {e}")))?;
    }
    watch.run(repo, options, clock, &mut |event| match event {
        Event::Problem(e) => eprintln!("oneonone: warning: {e}"),
        Event::Watching {
            root,
            people,
            dashboard,
        } => {
            if !out.quiet {
                let shown = dashboard
                    .map(|d| format!(", dashboard {}", d.display()))
                    .unwrap_or_default();
                eprintln!(
                    "watching {} ({}{shown}); Ctrl-C to stop",
                    root.display(),
                    count(people, "person", "people")
                );
            }
        }
        // A reader that went away is no reason to stop watching.
        Event::Change(line) => drop(emit(&format!("{line}\n"))),
        Event::Updated(path) => drop(emit(&format!("updated {}\n", path.display()))),
        Event::Dashboard(text) => drop(emit(&text)),
        Event::Failed(e) => eprintln!("oneonone: {e}"),
    })
}
