//! The `oneonone` binary: parse flags, call the library, map errors to exit
//! codes (0 ok, 1 found what the user asked to fail on, 2 error).

mod cli;

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use oneonone::io::repo::Repo;
use oneonone::ops::mark::Mark;
use oneonone::report::Style;
use oneonone::{Error, Result};

use cli::args::{Cli, ColorChoice, Command, TemplatesCommand};
use cli::commands;
use cli::repos::{self, Choice};

// Indexing makes many small short-lived allocations on several threads at
// once, which glibc's allocator serves ~20% slower (cold `status`, 100k
// notes). Without `no_thp` mimalloc backs its arenas with huge pages and peak
// memory more than doubles.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::read();
    match run(&cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("oneonone: {e}");
            ExitCode::from(2)
        }
    }
}

/// How output should look, decided once from flags and the environment.
pub struct Output {
    pub quiet: bool,
    pub color: bool,
}

impl Output {
    pub fn style(&self) -> Style {
        Style { color: self.color }
    }
}

fn run(cli: &Cli) -> Result<ExitCode> {
    // These describe the tool, not a repository: they work anywhere.
    match &cli.command {
        Command::Completions { shell } => return commands::completions(*shell),
        Command::Man => return commands::man(),
        _ => {}
    }
    // The clock is read here, once; everything below gets `today` passed in.
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
        // Before the settings are read, so a broken settings file is a finding.
        return commands::check(cli, &cwd, *json, today, &out);
    }
    let dir = match repos::choose(cli, &cwd)? {
        Choice::One(dir) => dir,
        Choice::Several(listed) => return several(cli, &listed, today, &cwd, &out),
    };
    let repo = Repo::discover(dir.as_deref(), &cwd)?;
    // Said once, by every command that reads the settings (`check` lists
    // them among its findings instead).
    for warning in &repo.settings.warnings {
        eprintln!("oneonone: warning: {}", warning.to_error());
    }
    match &cli.command {
        Command::Init => commands::init(&repo)?,
        Command::New(args) => commands::new(&repo, args, today, &cwd, &out)?,
        Command::Topic(args) => commands::topic(&repo, args, today, &out)?,
        Command::Status(args) => return commands::status(&repo, args, today, &out),
        Command::Gaps(args) => commands::gaps(&repo, args, today, &out)?,
        Command::Log {
            person,
            json,
            git,
            server,
        } => {
            commands::log(&repo, person, (*json, *git), server, today, &out)?;
        }
        Command::People { json, server } => commands::people(&repo, *json, server, today, &out)?,
        Command::Pause(args) => commands::pause(&repo, args, today)?,
        Command::Resume { person } => commands::resume(&repo, person, today)?,
        Command::Rename { person, new } => commands::rename(&repo, person, new, today)?,
        Command::Index { rebuild, json } => commands::index(&repo, (*rebuild, *json), today, &out)?,
        Command::Templates(TemplatesCommand::List) => commands::templates_list(&repo)?,
        Command::Templates(TemplatesCommand::Show { name }) => {
            commands::templates_show(&repo, name)?;
        }
        Command::Actions(args) => commands::actions(&repo, args, today, &out)?,
        Command::Done(args) => commands::mark(&repo, args, Mark::Done, today)?,
        Command::Drop(args) => commands::mark(&repo, args, Mark::Drop, today)?,
        Command::Reopen(args) => commands::mark(&repo, args, Mark::Reopen, today)?,
        Command::Prep { person, server } => commands::prep(&repo, person, server, today, &out)?,
        Command::Calendar(args) => commands::calendar(&repo, args, today, &cwd, &out)?,
        Command::Report(args) => commands::report(&repo, args, today, &cwd, &out)?,
        Command::Review(args) => commands::review(&repo, args, today, &cwd, &out)?,
        Command::Share(args) => commands::share(&repo, args, today, &cwd, &out)?,
        Command::Watch(args) => {
            // A watch runs for days: it reads the clock again as it goes.
            let fixed = cli.today;
            let clock = move || fixed.unwrap_or_else(|| chrono::Local::now().date_naive());
            commands::watch(&repo, &args.options(&cwd), &clock, &out)?;
        }
        Command::Lsp => {
            let stdin = std::io::stdin().lock();
            let stdout = std::io::stdout().lock();
            let clean = cli::lsp::serve(repo, cli.dir.is_empty(), today, stdin, stdout)?;
            return Ok(if clean {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            });
        }
        Command::Check { .. } | Command::Completions { .. } | Command::Man => {}
    }
    Ok(ExitCode::SUCCESS)
}

/// `status`, `actions` or `gaps` over several repositories; `choose`
/// refuses several for any other command.
fn several(
    cli: &Cli,
    listed: &[oneonone::io::config::Listed],
    today: chrono::NaiveDate,
    cwd: &Path,
    out: &Output,
) -> Result<ExitCode> {
    match &cli.command {
        Command::Status(args) => commands::several::status(listed, args, today, cwd, out),
        Command::Actions(args) => commands::several::actions(listed, args, today, cwd, out),
        Command::Gaps(args) => commands::several::gaps(listed, args, today, cwd, out),
        _ => Err(Error::usage(format!(
            "`{}` reads one repository",
            cli.command_name
        ))),
    }
}
