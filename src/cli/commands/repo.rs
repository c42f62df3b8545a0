//! The commands about the repository and the tool: check, index, watch,
//! completions and the manual page.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use oneonone::io::cache::Saved;
use oneonone::io::load;
use oneonone::io::repo::Repo;
use oneonone::ops::check;
use oneonone::report::{self};
use oneonone::watch::{self, Event, Watch};
use oneonone::{Error, Result};

use super::emit;
use super::notes::count;
use crate::Output;
use crate::cli::args::Cli;
use crate::cli::completions;

pub fn completions(shell: clap_complete::Shell) -> Result<ExitCode> {
    emit(&completions::script(shell))?;
    Ok(ExitCode::SUCCESS)
}

pub fn man() -> Result<ExitCode> {
    emit(&completions::man().map_err(|e| Error::io("<man page>", e))?)?;
    Ok(ExitCode::SUCCESS)
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
    let problems = findings.iter().filter(|f| f.is_problem()).count();
    let notes = findings.len() - problems;
    let notes = if notes == 0 {
        String::new()
    } else {
        format!("; {} for your information", count(notes, "note", "notes"))
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
            count(problems, "problem", "problems"),
            count(errors, "error", "errors"),
            count(problems - errors, "warning", "warnings")
        );
    }
    Ok(ExitCode::from(1))
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
            indicatif::ProgressStyle::with_template("reading notes {bar:30} {pos}/{len} people")
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
