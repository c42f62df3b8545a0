//! The commands that write notes and settings: init, new, topic, done,
//! drop, reopen, pause, resume, rename, and the templates.

use std::io::IsTerminal;
use std::path::{Component, Path, PathBuf};

use chrono::NaiveDate;
use oneonone::io::repo::Repo;
use oneonone::io::{editor, people, template};
use oneonone::ops::mark::{self, Mark};
use oneonone::ops::pause::{self, Resumed};
use oneonone::ops::rename::{self, Moved};
use oneonone::ops::{init, new, topic};
use oneonone::{Error, Result};

use super::emit;
use crate::Output;
use crate::cli::args::{MarkArgs, NewArgs, PauseArgs, TopicArgs};

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
pub(super) fn seen_from(cwd: &Path, path: &Path) -> PathBuf {
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
pub(super) fn count(n: usize, one: &str, many: &str) -> String {
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
