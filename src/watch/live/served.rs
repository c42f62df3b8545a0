//! What a served answer needs of the live index beyond the dashboard's:
//! the index exactly as a fresh read of the files would give it, and one
//! folder's notes as `prep` reads them.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use super::assemble::{is_person, replace};
use super::{Entry, LiveIndex};
use crate::error::Error;
use crate::model::index::Index;

impl LiveIndex {
    /// The index as a fresh read of the files gives it. The dashboard
    /// keeps the last good version of a note that no longer reads (a
    /// half-saved note should not empty it); a fresh read leaves the note
    /// out, so the people it belongs to are assembled again without it.
    pub fn as_read(&self) -> Cow<'_, Index> {
        if self.kept.is_empty() {
            return Cow::Borrowed(&self.index);
        }
        let mut index = self.index.clone();
        for id in &self.kept {
            replace(&mut index, id, self.person(id, false));
        }
        Cow::Owned(index)
    }

    /// Of the person folder `id`: the latest note that reads now, and why
    /// the others do not, as `prep` reads them from the folder.
    pub fn latest_of(&self, id: &str) -> (Option<PathBuf>, Vec<Error>) {
        let mut latest = None;
        let mut problems = Vec::new();
        for (file, entry) in self.folders.get(id).into_iter().flatten() {
            match entry {
                Entry::Note {
                    problem: Some(e), ..
                } => problems.push(Error::clone(e)),
                Entry::Note {
                    good: Some(note), ..
                } => latest = latest.max(Some((note.name, file))),
                _ => {}
            }
        }
        problems.sort_by(|a, b| a.path().cmp(&b.path()));
        let latest = latest.map(|(_, file)| Path::new(id).join(file));
        (latest, problems)
    }

    /// Does the scan list `id` as a person folder (a note or a topic queue
    /// in it)?
    pub fn is_folder(&self, id: &str) -> bool {
        self.folders.get(id).is_some_and(is_person)
    }
}
