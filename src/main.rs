//! The `oneonone` binary: parse flags, call the library, map errors to exit
//! codes (0 ok, 1 found what the user asked to fail on, 2 error).

mod cli;

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use clap::Parser;
use oneonone::cache::Saved;
use oneonone::index::Index;
use oneonone::repo::Repo;
use oneonone::{Error, Result, editor, init, scaffold, template, topics};

use cli::{Cli, ColorChoice, Command, TemplatesCommand};

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
    #[allow(dead_code)]
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
        Command::Index { rebuild, json } => index(&repo, *rebuild, *json, &out),
        Command::Templates(TemplatesCommand::List) => {
            for (name, user) in template::all(&repo.root) {
                let origin = if user { template::USER_DIR } else { "built-in" };
                println!("{name:<20} {origin}");
            }
        }
        Command::Templates(TemplatesCommand::Show { name }) => {
            print!("{}", template::find(&repo.root, name)?.source);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `oneonone index`: refreshes the cache and says what that took.
fn index(repo: &Repo, rebuild: bool, json: bool, out: &Output) {
    let (index, stats) = Index::build_with_stats(repo, rebuild);
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
        println!("{value:#}");
        return;
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
    println!("{line}");
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
