//! Property tests and fuzzing of the note parser and everything downstream
//! of it, through the library's public API. Every test is named `fuzz_…`:
//! `cargo test` runs a fixed number of cases; run longer by hand with
//! `PROPTEST_CASES=200000 cargo test --release --test properties fuzz_`.

mod cadence;
mod chains;
mod edits;
mod parsing;
mod privacy;

use std::path::PathBuf;

use chrono::NaiveDate;
use proptest::test_runner::{Config, FileFailurePersistence};

use oneonone::model::note::{Note, NoteName};
use oneonone::parse::note;

/// `PROPTEST_CASES` if set, else `default` cases. Failing cases are kept in
/// one file for the whole binary, and every test replays all of them first.
fn cases(default: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default);
    let mut config = Config::with_cases(cases);
    config.failure_persistence = Some(Box::new(FileFailurePersistence::Direct(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/proptest-regressions/properties.txt"
    ))));
    config
}

fn date(s: &str) -> NaiveDate {
    oneonone::model::date::parse_date(s).expect("date")
}

/// The name of the day's first note.
fn named(day: NaiveDate) -> NoteName {
    NoteName { date: day, seq: 1 }
}

/// Parses `bytes` as alice's note of `day`.
fn parse(day: NaiveDate, bytes: &[u8]) -> oneonone::Result<Note> {
    let name = NoteName { date: day, seq: 1 };
    let path = PathBuf::from("alice").join(name.file_name());
    note::parse(&path, "alice", name, bytes)
}
