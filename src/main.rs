//! The `oneonone` binary: parse flags, call the library, map errors to exit
//! codes (0 ok, 1 found what the user asked to fail on, 2 error).

mod cli;

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::Parser;
use oneonone::cadence::State;
use oneonone::index::{self, Index};
use oneonone::repo::Repo;
use oneonone::report::{self, Style, gaps, log, status};
use oneonone::{Error, Result, editor, init, scaffold, template, topics, watch};

use cli::{Cli, ColorChoice, Command, FailOn, GapsArgs, StatusArgs, TemplatesCommand};

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

impl Output {
    fn style(&self) -> Style {
        Style { color: self.color }
    }
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
        Command::Status(args) => return run_status(&repo, args, today, &out),
        Command::Gaps(args) => run_gaps(&repo, args, today, &out)?,
        Command::Log { person, json } => run_log(&repo, person, *json, &out)?,
        Command::People => {
            let ids = index::person_ids(&repo);
            emit(&ids.iter().map(|id| id.clone() + "\n").collect::<String>())?;
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
        Command::Watch(args) => {
            let fixed = cli.today;
            let clock = move || fixed.unwrap_or_else(|| chrono::Local::now().date_naive());
            watch::run(&repo, &args.options(&cwd, out.quiet), &clock)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn run_status(repo: &Repo, args: &StatusArgs, today: NaiveDate, out: &Output) -> Result<ExitCode> {
    let report = status::status(&read_index(repo), today);
    emit(&if args.json {
        report::json(&report)?
    } else {
        status::render_text(&report, out.style())
    })?;
    let failed = args.fail_on == Some(FailOn::Overdue) && report.count(State::Overdue) > 0;
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn run_gaps(repo: &Repo, args: &GapsArgs, today: NaiveDate, out: &Output) -> Result<()> {
    let index = read_index(repo);
    let people = match &args.person {
        Some(person) => vec![report::find_person(&index, person)?],
        None => index.people.iter().collect(),
    };
    let report = gaps::gaps(people, args.since, today);
    emit(&if args.json {
        report::json(&report)?
    } else {
        gaps::render_text(&report, out.style())
    })
}

fn run_log(repo: &Repo, person: &str, json: bool, out: &Output) -> Result<()> {
    let index = read_index(repo);
    let log = log::log(report::find_person(&index, person)?);
    emit(&if json {
        report::json(&log)?
    } else {
        log::render_text(&log, out.style())
    })
}

/// Reads the whole repository. Files that cannot be read are reported as
/// warnings and left out; everyone else is still reported.
fn read_index(repo: &Repo) -> Index {
    let index = Index::build(repo);
    for problem in &index.problems {
        eprintln!("oneonone: warning: {problem}");
    }
    index
}

/// Writes to stdout; a reader that went away (`| head`) is not an error.
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
