//! What the watcher knows of one file in a person folder, and reading a
//! note again to see whether anything changed.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;

use super::change::{Change, open_items};
use crate::error::{Error, Result};
use crate::io::cache::Stamp;
use crate::io::store;
use crate::model::note::NoteName;
use crate::parse::note;

use super::kept::KeptNote;

/// What was last found at one path inside a person folder.
#[derive(Debug)]
pub(super) enum Entry {
    Note {
        /// The last version that parsed: kept while the file is broken, so
        /// a half-saved note does not empty the dashboard.
        good: Option<KeptNote>,
        /// Why the current version cannot be read: boxed, since nearly
        /// every note reads.
        problem: Option<Box<Error>>,
        /// Hash of the bytes last read, so reading the same again is no
        /// news; `None` when they could not be read.
        digest: Option<u64>,
        /// Size and modification time when last read.
        stamp: Option<Stamp>,
    },
    Topics {
        digest: Option<u64>,
        stamp: Option<Stamp>,
    },
    /// Named like a note but cannot be one.
    Problem(Error),
}

/// Reads a note again; a file that reads the same as last time is no news,
/// and a problem already reported is not reported again.
pub(super) fn note_changed(
    (folder, former): (&str, &[String]),
    name: NoteName,
    (path, rel): (&Path, &Path),
    stamp: Option<Stamp>,
    previous: Option<Entry>,
) -> (Entry, Option<Change>) {
    let (good, old_problem, old_digest) = match previous {
        Some(Entry::Note {
            good,
            problem,
            digest,
            ..
        }) => (good, problem, digest),
        _ => (None, None, None),
    };
    let (result, digest) = match read(path, rel) {
        Ok((_, digest)) if Some(digest) == old_digest => {
            let entry = Entry::Note {
                good,
                problem: old_problem,
                digest: Some(digest),
                stamp,
            };
            return (entry, None);
        }
        Ok((bytes, digest)) => (
            note::parse_for(rel, folder, former, name, &bytes),
            Some(digest),
        ),
        Err(e) => (Err(e), None),
    };
    match result {
        Ok(note) => {
            let change = Change::Note {
                path: rel.to_path_buf(),
                person: folder.to_owned(),
                status: note.front.status,
                open: open_items(&note),
            };
            let entry = Entry::Note {
                good: KeptNote::pack(&note),
                problem: None,
                digest,
                stamp,
            };
            (entry, Some(change))
        }
        Err(problem) => {
            let line = problem.to_string();
            let repeated = old_problem.is_some_and(|p| p.to_string() == line);
            let entry = Entry::Note {
                good,
                problem: Some(Box::new(problem)),
                digest,
                stamp,
            };
            (entry, (!repeated).then_some(Change::Problem(line)))
        }
    }
}

/// The bytes of a file and their hash, read as every command reads user
/// files (regular files only, size-limited, never blocking on a FIFO).
pub(super) fn read(path: &Path, rel: &Path) -> Result<(Vec<u8>, u64)> {
    let bytes = store::read(path, rel)?;
    let mut hasher = DefaultHasher::new();
    bytes.hash(&mut hasher);
    Ok((bytes, hasher.finish()))
}
