//! The watcher's copy of the repository, kept per file so one saved note is
//! re-read on its own: each path's current state replaces what was known
//! (it exists: read it; it is gone: forget it). People are reassembled with
//! `plan::people` only where something changed.

use std::collections::{BTreeMap, BTreeSet};

use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

mod assemble;
mod reindex;
mod served;

use super::change::{Change, open_items};
use super::entry::{Entry, note_changed, read};
use super::paths::{self, Ignores, Watched};
use crate::error::{Error, Result};
use crate::io::load::former_ids;
use crate::io::repo;
use crate::io::scan::{self, Candidate, FileRole};
use crate::model::index::Index;
use crate::model::note::{Note, NoteName};
use crate::parse::settings::Settings;
use reindex::News;

// A file whose stamp (size and times) is unchanged is taken as unchanged:
// the index cache's rule too.
use crate::io::cache::Stamp;

/// Paths seen changing in one debounced batch, relative to the root.
#[derive(Debug, Default)]
pub struct Batch {
    pub paths: BTreeSet<PathBuf>,
    /// The watcher lost events (queue overflow): read everything again.
    pub rescan: bool,
}

#[derive(Debug)]
pub struct LiveIndex {
    root: PathBuf,
    settings: Settings,
    settings_problem: Option<Error>,
    ignores: Ignores,
    /// The dashboard, relative to the root, when it is inside.
    dashboard: Option<PathBuf>,
    /// Folder → file name → entry.
    folders: BTreeMap<String, BTreeMap<String, Entry>>,
    /// Problems of the walk itself, not of one file.
    walk_problems: Vec<Error>,
    index: Index,
    /// The day the index is as of: notes dated later are being prepared.
    today: NaiveDate,
    dirty: BTreeSet<String>,
    all_dirty: bool,
    /// Folders where the index holds the last good version of a note that
    /// no longer reads: there a fresh read of the files differs.
    kept: BTreeSet<String>,
}

impl LiveIndex {
    /// Reads the whole repository. Returns the problems found, to be
    /// reported once. Read it before the watcher starts (every read is an
    /// event), then [`LiveIndex::catch_up`].
    pub fn new(
        root: PathBuf,
        settings: Settings,
        dashboard: Option<PathBuf>,
        today: NaiveDate,
    ) -> (LiveIndex, Vec<Change>) {
        let mut live = LiveIndex {
            ignores: Ignores::load(&root),
            root,
            settings,
            settings_problem: None,
            dashboard,
            folders: BTreeMap::new(),
            walk_problems: Vec::new(),
            index: Index::default(),
            today,
            dirty: BTreeSet::new(),
            all_dirty: true,
            kept: BTreeSet::new(),
        };
        let problems = live
            .reindex(News::Problems)
            .into_iter()
            .filter(|c| matches!(c, Change::Problem(_)))
            .collect();
        live.refresh();
        (live, problems)
    }

    pub fn index(&self) -> &Index {
        &self.index
    }

    /// The settings as last read (a broken file keeps the previous ones).
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The notes of person folder `folder` that read well, in no order
    /// (sort them by name); a note broken since is here as it last read
    /// well.
    pub fn notes_of(&self, folder: &str) -> Vec<Note> {
        self.notes(folder, true)
    }

    /// The notes of `folder` that read well now, or with `last_good` as
    /// they last read well.
    fn notes(&self, folder: &str, last_good: bool) -> Vec<Note> {
        self.folders
            .get(folder)
            .into_iter()
            .flat_map(BTreeMap::values)
            .filter_map(|entry| match entry {
                Entry::Note { good, problem, .. } if last_good || problem.is_none() => {
                    good.as_ref().and_then(|kept| kept.unpack(folder))
                }
                _ => None,
            })
            .collect()
    }

    /// Every note file (of one folder, or all) as `check` lints it: where
    /// it is, and what reading it gave now (its problem, else the note).
    pub fn read_notes(&self, only: Option<&str>) -> (Vec<Candidate>, Vec<Result<Note>>) {
        let mut candidates = Vec::new();
        let mut read = Vec::new();
        let selected = self
            .folders
            .iter()
            .filter(|(folder, _)| only.is_none_or(|o| o == folder.as_str()));
        for (folder, files) in selected {
            let person: std::sync::Arc<str> = folder.as_str().into();
            for (file, entry) in files {
                let Entry::Note { good, problem, .. } = entry else {
                    continue;
                };
                let (Some(Ok(name)), Some(result)) = (
                    NoteName::parse(file),
                    problem
                        .as_deref()
                        .cloned()
                        .map(Err)
                        .or_else(|| good.as_ref().and_then(|kept| kept.unpack(folder)).map(Ok)),
                ) else {
                    continue;
                };
                candidates.push(Candidate {
                    person: person.clone(),
                    file: file.as_str().into(),
                    name,
                });
                read.push(result);
            }
        }
        (candidates, read)
    }

    /// A new day: a note planned for it becomes part of the history.
    pub fn set_today(&mut self, today: NaiveDate) {
        if today != self.today {
            self.today = today;
            self.all_dirty = true;
            self.refresh();
        }
    }

    /// Brings the index up to date with the paths of one batch.
    pub fn apply(&mut self, batch: &Batch) -> Vec<Change> {
        let kinds: Vec<Watched> = batch
            .paths
            .iter()
            .map(|p| paths::classify(p, self.dashboard.as_deref()))
            .filter(|k| *k != Watched::Ignored)
            .collect();
        let mut changes = Vec::new();
        if kinds.contains(&Watched::Settings) {
            let before = self.settings.clone();
            changes.extend(self.settings_changed());
            // Whether `person: OLD` is valid depends on the former ids: the
            // notes of anyone whose former ids changed are read again.
            let renamed: BTreeSet<String> = before
                .people
                .keys()
                .chain(self.settings.people.keys())
                .filter(|id| former_ids(&before, id) != former_ids(&self.settings, id))
                .cloned()
                .collect();
            for folder in renamed {
                self.folders.remove(&folder);
                changes.extend(self.folder_changed(&folder));
            }
        }
        let ignores = kinds.contains(&Watched::Ignores);
        if batch.rescan || ignores {
            if ignores {
                self.ignores = Ignores::load(&self.root);
            }
            let found = self.reindex(News::All);
            self.refresh();
            changes.push(Change::Reindexed {
                why: if ignores {
                    "a .gitignore changed"
                } else {
                    "the watcher missed events"
                },
                notes: self.readable_notes(),
                people: self.index.people.len(),
            });
            changes.extend(found);
            return changes;
        }
        for kind in kinds {
            match kind {
                Watched::Folder(folder) => changes.extend(self.folder_changed(&folder)),
                Watched::File { folder, name } => changes.extend(self.file_changed(&folder, &name)),
                Watched::Settings | Watched::Ignores | Watched::Ignored => {}
            }
        }
        self.refresh();
        changes
    }

    fn readable_notes(&self) -> usize {
        self.folders
            .values()
            .flat_map(BTreeMap::values)
            .filter(|e| matches!(e, Entry::Note { good: Some(_), .. }))
            .count()
    }

    /// Catches up with what changed while the repository was first read,
    /// before the watcher was running. Returns the changes found.
    pub fn catch_up(&mut self) -> Vec<Change> {
        let changes = self.reindex(News::All);
        self.refresh();
        changes
    }

    fn insert(&mut self, folder: &str, name: String, entry: Entry) {
        self.folders
            .entry(folder.to_owned())
            .or_default()
            .insert(name, entry);
    }

    /// Every current problem as printed, sorted by path.
    fn problem_lines(&self) -> Vec<String> {
        self.problems().iter().map(ToString::to_string).collect()
    }

    fn problems(&self) -> Vec<Error> {
        let mut out: Vec<Error> = self
            .folders
            .values()
            .flat_map(BTreeMap::values)
            .filter_map(|entry| match entry {
                Entry::Note { problem, .. } => problem.as_deref().cloned(),
                Entry::Problem(e) => Some(e.clone()),
                Entry::Topics { .. } => None,
            })
            .chain(self.walk_problems.iter().cloned())
            .chain(self.settings_problem.clone())
            .collect();
        out.sort_by(|a, b| a.path().cmp(&b.path()));
        out
    }

    fn settings_changed(&mut self) -> Option<Change> {
        match repo::load_settings(&self.root) {
            Ok(settings) => {
                self.settings_problem = None;
                if settings == self.settings {
                    return None;
                }
                self.settings = settings;
                self.all_dirty = true;
                Some(Change::Settings)
            }
            Err(e) => {
                let line = e.to_string();
                let repeated = self
                    .settings_problem
                    .as_ref()
                    .is_some_and(|p| p.to_string() == line);
                self.settings_problem = Some(e);
                (!repeated).then_some(Change::Problem(line))
            }
        }
    }

    /// A folder appeared, vanished or was renamed: sync every file in it.
    fn folder_changed(&mut self, folder: &str) -> Vec<Change> {
        let dir = self.root.join(folder);
        let is_dir = std::fs::symlink_metadata(&dir).is_ok_and(|m| m.is_dir());
        if !is_dir || self.ignores.folder(folder) {
            self.dirty.insert(folder.to_owned());
            return match self.folders.remove(folder) {
                Some(files) if !files.is_empty() => vec![Change::RemovedFolder(folder.to_owned())],
                _ => Vec::new(),
            };
        }
        let mut names: BTreeSet<String> = std::fs::read_dir(&dir)
            .map(|entries| {
                entries
                    .flatten()
                    .filter_map(|e| e.file_name().into_string().ok())
                    .collect()
            })
            .unwrap_or_default();
        names.extend(
            self.folders
                .get(folder)
                .into_iter()
                .flat_map(|f| f.keys().cloned()),
        );
        let mut changes = Vec::new();
        for name in names {
            let rel = Path::new(folder).join(&name);
            if let Watched::File { folder, name } = paths::classify(&rel, self.dashboard.as_deref())
            {
                changes.extend(self.file_changed(&folder, &name));
            }
        }
        changes
    }

    /// Re-reads one file: exists → parse, missing → forget.
    fn file_changed(&mut self, folder: &str, name: &str) -> Option<Change> {
        let rel = Path::new(folder).join(name);
        let path = self.root.join(&rel);
        self.dirty.insert(folder.to_owned());
        let meta = std::fs::symlink_metadata(&path);
        let stamp = meta.as_ref().ok().and_then(Stamp::of);
        let role = match meta {
            Err(e) if e.kind() == ErrorKind::NotFound => FileRole::Other,
            _ if self.ignores.folder(folder) || self.ignores.file(folder, name) => FileRole::Other,
            meta => scan::file_role(folder, name, meta.ok().map(|m| m.file_type())),
        };
        let previous = self.folders.get_mut(folder).and_then(|f| f.remove(name));
        let (entry, change) = match role {
            FileRole::Other => {
                if self.folders.get(folder).is_some_and(BTreeMap::is_empty) {
                    self.folders.remove(folder);
                }
                return previous.map(|_| Change::Removed(rel));
            }
            FileRole::Problem(why) => {
                let problem = Error::input(&rel, why);
                let line = problem.to_string();
                let repeated =
                    matches!(&previous, Some(Entry::Problem(p)) if p.to_string() == line);
                (
                    Entry::Problem(problem),
                    (!repeated).then_some(Change::Problem(line)),
                )
            }
            FileRole::Topics => {
                let digest = read(&path, &rel).ok().map(|(_, digest)| digest);
                let same = digest.is_some()
                    && matches!(previous, Some(Entry::Topics { digest: d, .. }) if d == digest);
                (
                    Entry::Topics { digest, stamp },
                    (!same).then_some(Change::Topics(rel)),
                )
            }
            FileRole::Note(note_name) => {
                let former = former_ids(&self.settings, folder);
                note_changed((folder, former), note_name, (&path, &rel), stamp, previous)
            }
        };
        self.insert(folder, name.to_owned(), entry);
        change
    }
}

#[cfg(test)]
mod tests;
