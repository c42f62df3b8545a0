//! The `oneonone` binary: parse flags, call the library, map errors to exit
//! codes (0 ok, 1 found what the user asked to fail on, 2 error).

mod cli;

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use clap::Parser;
use oneonone::index::Index;
use oneonone::repo::Repo;
use oneonone::report::{Style, actions, prep};
use oneonone::{Error, Result, check, done, editor, init, scaffold, template, topics};

use chrono::NaiveDate;
use cli::{ActionsArgs, Cli, ColorChoice, Command, TemplatesCommand};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("oneonone: {e}");
            ExitCode::from(2)
        }
    }
}

/// How output should look, decided once from flags and the environment.
struct Output {
    quiet: bool,
    color: bool,
}

fn run(cli: &Cli) -> Result<ExitCode> {
    let today = cli
        .today
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let cwd = std::env::current_dir().map_err(|e| Error::io(".", e))?;
    let out = Output {
        quiet: cli.quiet,
        color: match cli.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
            }
        },
    };
    if let Command::Check { json } = &cli.command {
        return run_check(cli, &cwd, *json, &out);
    }
    let repo = Repo::discover(cli.dir.as_deref(), &cwd)?;
    match &cli.command {
        Command::Init => {
            for file in init::init(&repo)? {
                let verb = if file.created {
                    "created"
                } else {
                    "kept existing"
                };
                println!("{verb} {}", file.path.display());
            }
        }
        Command::New(args) => {
            let outcome = scaffold::new_note(&repo, &args.options(), today)?;
            for skipped in &outcome.skipped {
                eprintln!("oneonone: warning: {skipped} (skipped)");
            }
            if !out.quiet {
                if outcome.created {
                    eprintln!(
                        "created {} ({} carried, {} topics)",
                        outcome.path.display(),
                        outcome.carried,
                        outcome.topics
                    );
                } else {
                    eprintln!(
                        "{} already exists; opening it (use --another for a second meeting that day)",
                        outcome.path.display()
                    );
                }
            }
            if !args.no_edit {
                open_editor(&repo.root.join(&outcome.path))?;
            }
            println!("{}", outcome.path.display());
        }
        Command::Topic { person, text } => {
            let arg = oneonone::repo::person_arg(person)?;
            let dir = repo.person_dir(&arg.id);
            oneonone::store::ensure_dir_inside(&repo.root, &dir)?;
            let name = arg.name.as_deref().unwrap_or(&arg.id);
            topics::add(&topics::path(&dir), name, &text.join(" "))?;
            if !out.quiet {
                eprintln!("queued for {}'s next note", arg.id);
            }
        }
        Command::Templates(TemplatesCommand::List) => {
            for (name, user) in template::all(&repo.root) {
                let origin = if user { template::USER_DIR } else { "built-in" };
                println!("{name:<20} {origin}");
            }
        }
        Command::Templates(TemplatesCommand::Show { name }) => {
            print!("{}", template::find(&repo.root, name)?.source);
        }
        Command::Actions(args) => run_actions(&repo, args, today, &out)?,
        Command::Done { person, pattern } => {
            let id = oneonone::repo::person_arg(person)?.id;
            let checked = done::done(&repo, &id, &pattern.join(" "))?;
            println!(
                "checked off: {}:{}: {}",
                checked.path.display(),
                checked.line,
                checked.text
            );
        }
        Command::Prep { person } => {
            let id = oneonone::repo::person_arg(person)?.id;
            let prep = prep::gather(&repo, &id, today)?;
            for problem in &prep.problems {
                eprintln!("oneonone: warning: {problem}");
            }
            print!("{}", prep::render(&prep, today, Style { color: out.color }));
        }
        // Run above, before the settings are read.
        Command::Check { .. } => {}
    }
    Ok(ExitCode::SUCCESS)
}

fn run_actions(repo: &Repo, args: &ActionsArgs, today: NaiveDate, out: &Output) -> Result<()> {
    let index = Index::build(repo);
    warn_problems(&index);
    let options = actions::ActionsOptions {
        person: match &args.person {
            Some(p) => Some(oneonone::repo::person_arg(p)?.id),
            None => None,
        },
        owner: args.owner.clone(),
        all: args.all,
    };
    let report = actions::report(&index, &options, repo.settings.me(), today)?;
    if args.json {
        print_json(&report)?;
    } else if report.items.is_empty() {
        if !out.quiet {
            eprintln!("no action items");
        }
    } else {
        let style = Style { color: out.color };
        print!("{}", actions::render(&report, &index, style));
    }
    Ok(())
}

/// Files the index had to skip; the rest of the report still stands.
fn warn_problems(index: &Index) {
    for problem in &index.problems {
        eprintln!("oneonone: warning: {problem}");
    }
}

fn print_json(value: &impl serde::Serialize) -> Result<()> {
    let text = serde_json::to_string_pretty(value).map_err(|e| Error::usage(e.to_string()))?;
    println!("{text}");
    Ok(())
}

/// `check` finds the root without reading the settings, so a broken
/// settings file is reported like any other finding.
fn run_check(cli: &Cli, cwd: &Path, json: bool, out: &Output) -> Result<ExitCode> {
    let root = Repo::locate(cli.dir.as_deref(), cwd)?;
    let findings = check::check(&root);
    if json {
        print_json(&check::CheckReport {
            findings: findings.clone(),
        })?;
    } else {
        for finding in &findings {
            println!("{}", finding.render(Style { color: out.color }));
        }
    }
    if findings.is_empty() {
        if !out.quiet {
            eprintln!("no problems found");
        }
        return Ok(ExitCode::SUCCESS);
    }
    if !out.quiet {
        let errors = findings
            .iter()
            .filter(|f| f.severity == check::Severity::Error)
            .count();
        let count = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
        eprintln!(
            "{} ({}, {})",
            count(findings.len(), "problem"),
            count(errors, "error"),
            count(findings.len() - errors, "warning")
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
