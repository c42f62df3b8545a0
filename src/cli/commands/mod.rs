//! One function per command: call the library, print what it returns.

mod notes;
mod repo;
mod reports;
pub mod several;

use std::io::Write;

use chrono::NaiveDate;
use oneonone::io::load;
use oneonone::io::repo::Repo;
use oneonone::model::index::Index;
use oneonone::report;
use oneonone::{Error, Result};

use crate::Output;

pub use notes::*;
pub use repo::*;
pub use reports::*;

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
