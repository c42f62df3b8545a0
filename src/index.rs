//! Reading the whole repository: every person's notes, and their action
//! items deduplicated across carry chains.

use std::collections::{BTreeMap, HashMap};
use std::fs::{self, FileType};
use std::os::fd::OwnedFd;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;
use ignore::Match;
use ignore::gitignore::Gitignore;
use rayon::prelude::*;
use rustix::fs::{Mode, OFlags};
use serde::{Deserialize, Serialize};

use crate::action::{ActionItem, ItemKey, ItemState};
use crate::cache::{Cache, Record, Saved, Saver, Stamp};
use crate::cadence::{Cadence, Kind};
use crate::error::{Error, Result};
use crate::note::{self, Note, NoteName, Status};
use crate::repo::{Repo, is_person_id};
use crate::settings::Settings;
use crate::{store, topics};

/// A meeting file found by the scan, not yet read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// Shared by the folder's candidates: one allocation per person, not per note.
    pub person: Arc<str>,
    /// As listed, which `name` may spell differently (`2026-11-25-02.md`).
    pub file: String,
    pub name: NoteName,
    /// Size and times, the key of the file's cache record.
    pub stamp: Option<Stamp>,
}

impl Candidate {
    /// Relative to the repository root: `alice/2026-11-25.md`.
    pub fn path(&self) -> PathBuf {
        Path::new(&*self.person).join(&self.file)
    }
}

/// What the scan found: meeting files, folders that are people, and files
/// that look like meetings but cannot be one.
#[derive(Debug, Default)]
pub struct Scan {
    pub candidates: Vec<Candidate>,
    /// Person folders (including ones with only a `topics.md`).
    pub folders: Vec<String>,
    pub problems: Vec<Error>,
}

/// Lists the repository: `PERSON/DATE.md` files one level down, skipping
/// hidden folders, `.git`, the template folder and anything gitignored.
/// Symlinks are never followed, so nothing outside the repository is read.
pub fn scan(root: &Path) -> Scan {
    walk(root, true)
}

/// `scan` without the stamps: one `stat` less per note.
pub fn list(root: &Path) -> Scan {
    walk(root, false)
}

fn walk(root: &Path, stamps: bool) -> Scan {
    let mut out = Scan::default();
    let rules = Rules::of(root);
    let mut folders = Vec::new();
    match fs::read_dir(root) {
        Ok(entries) => {
            for entry in entries {
                match entry {
                    Ok(entry) if entry.file_type().is_ok_and(|t| t.is_dir()) => {
                        let Ok(name) = entry.file_name().into_string() else {
                            continue;
                        };
                        if rules.lists_folder(&name) {
                            folders.push(name);
                        }
                    }
                    Ok(_) => {}
                    Err(e) => out.problems.push(Error::io(root, e)),
                }
            }
        }
        Err(e) => out.problems.push(Error::io(root, e)),
    }
    folders.sort_unstable();
    let listed: Vec<Listing> = folders
        .par_iter()
        .map(|folder| rules.list(root, folder, stamps))
        .collect();
    out.candidates
        .reserve_exact(listed.iter().map(|l| l.candidates.len()).sum());
    for (folder, listing) in folders.iter().zip(listed) {
        if listing.person {
            out.folders.push(folder.clone());
        }
        out.candidates.extend(listing.candidates);
        out.problems.extend(listing.problems);
    }
    out
}

/// One folder's part of the scan.
#[derive(Default)]
struct Listing {
    /// It holds a note or a `topics.md`.
    person: bool,
    candidates: Vec<Candidate>,
    problems: Vec<Error>,
}

/// The gitignore rules of the repository root, which apply to every
/// person's files as the `ignore` walker applies them: a folder's own
/// `.gitignore` first, then the root's, then `.git/info/exclude` (the
/// folder's, if it is a repository, then the root's). Listing
/// folders with these, in parallel, is several times faster than the walker
/// (a property test checks they agree).
struct Rules {
    root: Gitignore,
    exclude: Gitignore,
}

/// The rules of a gitignore-style `file` for the folder `dir`.
fn matcher(dir: &Path, file: Option<PathBuf>) -> Gitignore {
    let mut builder = ignore::gitignore::GitignoreBuilder::new(dir);
    if let Some(file) = file {
        builder.add(file);
    }
    builder.build().unwrap_or_else(|_| Gitignore::empty())
}

impl Rules {
    fn of(root: &Path) -> Rules {
        Rules {
            root: matcher(root, Some(root.join(".gitignore"))),
            exclude: matcher(root, git_dir(root).map(|dir| dir.join("info/exclude"))),
        }
    }

    /// Whether the folder `name` of the root is looked into: not hidden, not
    /// ignored.
    fn lists_folder(&self, name: &str) -> bool {
        !name.starts_with('.') && !self.ignores(None, name, Path::new(name), true)
    }

    /// Whether the entry `name` (`rel` from the root) of a folder with
    /// rules `own` (`None`: the root itself) is ignored.
    fn ignores(&self, own: Option<&Rules>, name: &str, rel: &Path, is_dir: bool) -> bool {
        let nearest = |own: Option<&Gitignore>, root: &Gitignore| {
            let found = own.map_or(Match::None, |own| own.matched(name, is_dir).map(|_| ()));
            if found.is_none() {
                root.matched(rel, is_dir).map(|_| ())
            } else {
                found
            }
        };
        let found = nearest(own.map(|o| &o.root), &self.root);
        let found = if found.is_none() {
            nearest(own.map(|o| &o.exclude), &self.exclude)
        } else {
            found
        };
        found.is_ignore()
    }

    fn list(&self, root: &Path, folder: &str, stamps: bool) -> Listing {
        let dir = root.join(folder);
        let entries = match fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) => {
                return Listing {
                    problems: vec![Error::io(folder, e)],
                    ..Listing::default()
                };
            }
        };
        // A folder that is a repository of its own adds its exclude file.
        let own = Rules {
            root: matcher(&dir, Some(dir.join(".gitignore"))),
            exclude: matcher(&dir, git_dir(&dir).map(|git| git.join("info/exclude"))),
        };
        let any_rules = [&own.root, &own.exclude, &self.root, &self.exclude]
            .iter()
            .any(|m| !m.is_empty());
        let mut files: Vec<(String, fs::DirEntry)> = Vec::new();
        let mut listing = Listing::default();
        for entry in entries {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    listing.problems.push(Error::io(folder, e));
                    continue;
                }
            };
            let Ok(name) = entry.file_name().into_string() else {
                continue;
            };
            if name.starts_with('.') {
                continue;
            }
            if any_rules {
                let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
                let rel = Path::new(folder).join(&name);
                if self.ignores(Some(&own), &name, &rel, is_dir) {
                    continue;
                }
            }
            files.push((name, entry));
        }
        files.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let person: Arc<str> = folder.into();
        for (name, entry) in files {
            let stamp = || entry.metadata().ok().as_ref().and_then(Stamp::of);
            listing.add(&person, name, entry.file_type().ok(), stamps, stamp);
        }
        listing
    }
}

impl Listing {
    /// Adds what `folder/name` is.
    fn add(
        &mut self,
        folder: &Arc<str>,
        name: String,
        file_type: Option<FileType>,
        stamps: bool,
        stamp: impl FnOnce() -> Option<Stamp>,
    ) {
        match file_role(folder, &name, file_type) {
            FileRole::Topics => self.person = true,
            FileRole::Other => {}
            FileRole::Problem(problem) => self
                .problems
                .push(Error::input(Path::new(&**folder).join(name), problem)),
            FileRole::Note(note) => {
                self.person = true;
                self.candidates.push(Candidate {
                    person: Arc::clone(folder),
                    file: name,
                    name: note,
                    stamp: if stamps { stamp() } else { None },
                });
            }
        }
    }
}

/// The git directory of a work tree at `dir`, as the walker finds it: the
/// `.git` folder, or for a linked work tree the common directory its `.git`
/// file leads to.
fn git_dir(dir: &Path) -> Option<PathBuf> {
    let dot_git = dir.join(".git");
    let meta = fs::metadata(&dot_git).ok()?;
    if !meta.is_file() {
        return Some(dot_git);
    }
    let text = fs::read_to_string(&dot_git).ok()?;
    let real = PathBuf::from(text.lines().next()?.strip_prefix("gitdir: ")?);
    let common = fs::read_to_string(real.join("commondir")).ok()?;
    let common = common.lines().next()?;
    Some(if common.starts_with('.') {
        real.join(common)
    } else {
        PathBuf::from(common)
    })
}

/// What a file one folder down is to the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileRole {
    /// A meeting note to read.
    Note(NoteName),
    /// The person's queue of talking points; it makes the folder a person.
    Topics,
    /// Named like a meeting but cannot be one; the message says why.
    Problem(String),
    /// Anything else (`README.md`, pictures): none of the index's business.
    Other,
}

/// Decides what `folder/file_name` is from its name and its type (`None`
/// when unknown). The scan and the watcher both ask here, so they agree.
pub fn file_role(folder: &str, file_name: &str, file_type: Option<FileType>) -> FileRole {
    let name = match NoteName::parse(file_name) {
        None if file_name == topics::FILE_NAME && is_person_id(folder) => return FileRole::Topics,
        None => return FileRole::Other,
        Some(Err(why)) => return FileRole::Problem(why),
        Some(Ok(name)) => name,
    };
    let problem = match file_type {
        Some(t) if t.is_symlink() => "is a symlink; notes must be regular files".to_owned(),
        Some(t) if !t.is_file() => "is not a regular file".to_owned(),
        _ if !is_person_id(folder) => format!(
            "folder `{folder}` is not a person id (lowercase letters, digits, `.`, `_`, `-`)"
        ),
        _ => return FileRole::Note(name),
    };
    FileRole::Problem(problem)
}

/// Every person id, sorted: the folders the scan finds and the people named
/// in settings. No note is read, so shell completion stays fast.
pub fn person_ids(repo: &Repo) -> Vec<String> {
    let mut ids = list(&repo.root).folders;
    ids.extend(repo.settings.people.keys().cloned());
    ids.sort();
    ids.dedup();
    ids
}

/// Reads and parses candidates in parallel. The order of the results is the
/// order of the candidates.
pub fn parse_all(root: &Path, candidates: &[Candidate]) -> Vec<Result<Note>> {
    candidates.par_iter().map(|c| parse_one(root, c)).collect()
}

fn parse_one(root: &Path, c: &Candidate) -> Result<Note> {
    let path = c.path();
    let bytes = store::read(&root.join(&path), &path)?;
    note::parse(&path, &c.person, c.name, &bytes)
}

/// One meeting as the reports need it: front matter and item counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Meeting {
    pub name: NoteName,
    #[serde(with = "crate::frontmatter::by_name")]
    pub kind: Option<Kind>,
    pub duration: Option<u32>,
    pub status: Status,
    /// Items that first appear in this note (origin = this note).
    pub opened: usize,
    /// Items closed in this note.
    pub closed: usize,
}

/// An action item followed through every note it appears in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrackedItem {
    pub text: String,
    pub owner: Option<String>,
    #[serde(with = "crate::cache::day::option")]
    pub due: Option<NaiveDate>,
    #[serde(with = "crate::cache::day")]
    pub origin: NaiveDate,
    pub state: ItemState,
    /// Date of the note in which the item was closed, when it is closed.
    #[serde(with = "crate::cache::day::option")]
    pub closed: Option<NaiveDate>,
    /// How many later notes it was carried into.
    pub carried: usize,
    /// The note it was last seen in, and the line there.
    pub note: NoteName,
    pub line: usize,
    pub children: Vec<TrackedItem>,
}

impl TrackedItem {
    /// Where the item was last seen, relative to the repository root.
    pub fn path(&self, person: &str) -> PathBuf {
        Path::new(person).join(self.note.file_name())
    }
}

impl Meeting {
    /// The note's path relative to the repository root.
    pub fn path(&self, person: &str) -> PathBuf {
        Path::new(person).join(self.name.file_name())
    }
}

/// What a person's notes say on their own, before the settings have their
/// word: the part of a person the cache keeps.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct History {
    /// From the latest note that gives one.
    pub name: Option<String>,
    #[serde(with = "crate::frontmatter::by_name")]
    pub kind: Option<Kind>,
    pub cadence: Option<Cadence>,
    /// Oldest first.
    pub meetings: Vec<Meeting>,
    /// Top-level items (children nested), in order of first appearance.
    pub items: Vec<TrackedItem>,
}

impl History {
    /// The part of the history `status` needs: the last meeting held and
    /// the open items (with the closed parents that hold open children).
    #[must_use]
    pub fn summary(&self) -> History {
        History {
            name: self.name.clone(),
            kind: self.kind,
            cadence: self.cadence,
            meetings: (self.meetings.iter().rev())
                .find(|m| m.status == Status::Held)
                .cloned()
                .into_iter()
                .collect(),
            items: open_only(&self.items),
        }
    }

    /// Follows a person's notes, oldest first.
    pub fn of(notes: &[Note]) -> History {
        let (items, meetings) = track(notes);
        History {
            name: notes.iter().rev().find_map(|n| n.front.name.clone()),
            kind: notes.iter().rev().find_map(|n| n.front.kind),
            cadence: notes.iter().rev().find_map(|n| n.front.cadence),
            meetings,
            items,
        }
    }
}

/// Everything known about one person.
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    pub id: String,
    pub name: Option<String>,
    pub kind: Kind,
    pub cadence: Cadence,
    pub grace: Option<u32>,
    pub paused_until: Option<NaiveDate>,
    /// Oldest first.
    pub meetings: Vec<Meeting>,
    /// Top-level items (children nested), in order of first appearance.
    pub items: Vec<TrackedItem>,
}

impl Person {
    /// Dates of meetings that took place, oldest first.
    pub fn held(&self) -> Vec<NaiveDate> {
        self.meetings
            .iter()
            .filter(|m| m.status == Status::Held)
            .map(|m| m.name.date)
            .collect()
    }

    pub fn last_held(&self) -> Option<NaiveDate> {
        self.held().last().copied()
    }

    /// Every tracked item, parents before children.
    pub fn all_items(&self) -> impl Iterator<Item = &TrackedItem> {
        let mut stack: Vec<&TrackedItem> = self.items.iter().rev().collect();
        std::iter::from_fn(move || {
            let item = stack.pop()?;
            stack.extend(item.children.iter().rev());
            Some(item)
        })
    }

    pub fn open_items(&self) -> impl Iterator<Item = &TrackedItem> {
        self.all_items().filter(|i| i.state == ItemState::Open)
    }

    pub fn display_name(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.id)
    }
}

/// What building the index did with the cache.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexStats {
    /// Meeting files found.
    pub files: usize,
    /// Files read and parsed this time.
    pub parsed: usize,
    /// Files answered from the cache.
    pub cached: usize,
    /// Cache records dropped because their file is gone.
    pub removed: usize,
    /// Where the cache lives.
    pub cache: Option<PathBuf>,
    pub saved: Saved,
}

/// People are read in batches of about this many notes: enough to keep both
/// cores parsing, few enough that memory holds one batch of notes, not all.
pub(crate) const BATCH: usize = 1024;

#[cfg(test)]
impl Meeting {
    /// A meeting on `date` with no items: a test fixture.
    pub(crate) fn on(date: NaiveDate, status: Status) -> Meeting {
        Meeting {
            name: NoteName { date, seq: 1 },
            kind: None,
            duration: None,
            status,
            opened: 0,
            closed: 0,
        }
    }
}

#[cfg(test)]
impl Person {
    /// A direct report with held meetings on `held` (ISO dates) and no
    /// items: the common fixture of the report tests.
    pub(crate) fn held_on(id: &str, cadence: Cadence, held: &[&str]) -> Person {
        Person {
            id: id.into(),
            name: None,
            kind: Kind::DirectReport,
            cadence,
            grace: None,
            paused_until: None,
            meetings: held
                .iter()
                .map(|s| {
                    let date = crate::frontmatter::parse_date(s).expect("valid test date");
                    Meeting::on(date, Status::Held)
                })
                .collect(),
            items: Vec::new(),
        }
    }
}

/// The whole repository, read.
#[derive(Debug, Default)]
pub struct Index {
    /// Sorted by id.
    pub people: Vec<Person>,
    /// Files that could not be read, sorted by path; they are left out of
    /// everything else.
    pub problems: Vec<Error>,
}

impl Index {
    /// Scans and reads the whole repository, through the cache.
    pub fn build(repo: &Repo) -> Index {
        Index::build_with_stats(repo, false).0
    }

    /// `build`, keeping of each person only their [`History::summary`]:
    /// all `status` needs, in a fraction of the time and memory years of
    /// meetings and closed items take.
    pub fn build_summary(repo: &Repo) -> Index {
        let cache = Cache::open(&repo.root, false);
        Index::read_through(repo, &cache, Detail::Summary, &|_, _| {}).0
    }

    /// Only person `id`, read through the cache (which it leaves as it is):
    /// all `log PERSON` needs, without reading everyone else. `None` when
    /// `id` is not a person folder the whole index would list, so the
    /// caller can fall back to it (for a match by name, or a hint).
    pub fn build_one(repo: &Repo, id: &str) -> Option<Index> {
        let root = repo.root.as_path();
        let rules = Rules::of(root);
        let is_dir = fs::symlink_metadata(root.join(id)).is_ok_and(|m| m.is_dir());
        if !is_dir || !rules.lists_folder(id) {
            return None;
        }
        let listing = rules.list(root, id, false);
        if !listing.person {
            return None;
        }
        let cache = Cache::open(root, false);
        let files: Vec<&Candidate> = listing.candidates.iter().collect();
        let read = Read::person(root, &cache, id, &files, Detail::Full);
        let mut problems = listing.problems;
        problems.extend(read.problems);
        problems.sort_by(|a, b| a.path().cmp(&b.path()));
        Some(Index {
            people: vec![person(&repo.settings, id.to_owned(), read.history)],
            problems,
        })
    }

    /// Scans the repository, reads the notes the cache cannot answer for
    /// (all of them with `rebuild`), and saves the cache if anything changed.
    pub fn build_with_stats(repo: &Repo, rebuild: bool) -> (Index, IndexStats) {
        Index::build_with_progress(repo, rebuild, &|_, _| {})
    }

    /// `build_with_stats`, telling `progress` (notes read, notes in all)
    /// after each batch, for a progress bar on long first runs.
    pub fn build_with_progress(
        repo: &Repo,
        rebuild: bool,
        progress: &dyn Fn(usize, usize),
    ) -> (Index, IndexStats) {
        let cache = Cache::open(&repo.root, rebuild);
        Index::read_through(repo, &cache, Detail::Full, progress)
    }

    /// `build_with_stats` through an opened cache.
    pub fn build_through(repo: &Repo, cache: &Cache) -> (Index, IndexStats) {
        Index::read_through(repo, cache, Detail::Full, &|_, _| {})
    }

    fn read_through(
        repo: &Repo,
        cache: &Cache,
        detail: Detail,
        progress: &dyn Fn(usize, usize),
    ) -> (Index, IndexStats) {
        let Scan {
            candidates,
            folders,
            problems,
        } = list(&repo.root);
        let mut by_person: BTreeMap<&str, Vec<&Candidate>> = folders
            .iter()
            .chain(repo.settings.people.keys())
            .map(|id| (id.as_str(), Vec::new()))
            .collect();
        // Candidates come grouped by person: one lookup per person.
        for group in candidates.chunk_by(|a, b| a.person == b.person) {
            by_person
                .entry(&*group[0].person)
                .or_default()
                .extend(group);
        }
        let mut reading = Reading {
            repo,
            cache,
            detail,
            saver: cache.saver(),
            people: Vec::with_capacity(by_person.len()),
            problems,
            parsed: 0,
            removed: cache
                .records()
                .filter(|(id, _)| !by_person.contains_key(id))
                .map(|(_, record)| record.files().len())
                .sum(),
        };
        let mut batch = Vec::new();
        let (mut size, mut done) = (0, 0);
        // The scan lists each folder's files in name order, as records do.
        for (id, files) in by_person {
            size += files.len();
            batch.push((id, files));
            if size >= BATCH {
                reading.batch(&mut batch);
                done += size;
                progress(done, candidates.len());
                size = 0;
            }
        }
        reading.batch(&mut batch);
        progress(candidates.len(), candidates.len());
        let Reading {
            people,
            mut problems,
            parsed,
            removed,
            saver,
            ..
        } = reading;
        problems.sort_by(|a, b| a.path().cmp(&b.path()));
        let stats = IndexStats {
            files: candidates.len(),
            parsed,
            cached: candidates.len() - parsed,
            removed,
            cache: cache.path().map(Path::to_path_buf),
            saved: saver.finish(),
        };
        (Index { people, problems }, stats)
    }

    /// Assembles people from parsed notes. Pure: no file is touched.
    pub fn from_parts(
        settings: &Settings,
        folders: Vec<String>,
        parsed: Vec<Result<Note>>,
        mut problems: Vec<Error>,
    ) -> Index {
        let mut by_person: BTreeMap<String, Vec<Note>> = folders
            .into_iter()
            .chain(settings.people.keys().cloned())
            .map(|id| (id, Vec::new()))
            .collect();
        for result in parsed {
            match result {
                Ok(note) => by_person.entry(note.person.clone()).or_default().push(note),
                Err(e) => problems.push(e),
            }
        }
        problems.sort_by(|a, b| a.path().cmp(&b.path()));
        let people = by_person
            .into_iter()
            .map(|(id, mut notes)| {
                notes.sort_by_key(|n| n.name);
                person(settings, id, History::of(&notes))
            })
            .collect();
        Index { people, problems }
    }

    pub fn person(&self, id: &str) -> Option<&Person> {
        self.people
            .binary_search_by(|p| p.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.people[i])
    }
}

/// The state of `build_with_stats` between batches.
struct Reading<'a> {
    repo: &'a Repo,
    cache: &'a Cache,
    detail: Detail,
    saver: Saver<'a>,
    people: Vec<Person>,
    problems: Vec<Error>,
    parsed: usize,
    removed: usize,
}

impl Reading<'_> {
    /// Reads a batch of people in parallel, each from the cache or from
    /// their folder, then assembles them.
    fn batch(&mut self, batch: &mut Vec<(&str, Vec<&Candidate>)>) {
        let (root, cache, detail) = (self.repo.root.as_path(), self.cache, self.detail);
        let read: Vec<Read> = batch
            .par_iter()
            .map(|(id, files)| {
                let mut read = Read::person(root, cache, id, files, detail);
                if detail == Detail::Summary && matches!(read.from, From::Folder(_)) {
                    read.history = read.history.summary();
                }
                read
            })
            .collect();
        for ((id, files), read) in batch.drain(..).zip(read) {
            match read.from {
                From::Cache => {
                    if let Some(record) = read.record {
                        self.saver.keep(record);
                    }
                }
                From::Folder(new) => {
                    self.parsed += files.len();
                    self.saver.put(read.record, new);
                }
            }
            self.removed += read.removed;
            self.problems.extend(read.problems);
            self.people
                .push(person(&self.repo.settings, id.to_owned(), read.history));
        }
    }
}

/// How much of each person's history an index holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    Full,
    /// [`History::summary`]: what `status` needs.
    Summary,
}

/// The open items, with the closed parents that hold open children.
/// Nesting is bounded (`Tracker::nest`), so the recursion is shallow.
fn open_only(items: &[TrackedItem]) -> Vec<TrackedItem> {
    items
        .iter()
        .filter_map(|item| {
            let children = open_only(&item.children);
            (item.state == ItemState::Open || !children.is_empty()).then(|| TrackedItem {
                text: item.text.clone(),
                owner: item.owner.clone(),
                children,
                ..*item
            })
        })
        .collect()
}

/// Whether a person was answered by the cache or read from their folder.
enum From {
    Cache,
    /// Read; the new record, if one is worth storing.
    Folder(Option<Vec<u8>>),
}

/// One person, read.
struct Read<'c> {
    history: History,
    problems: Vec<Error>,
    /// Their record in the old cache file.
    record: Option<Record<'c>>,
    /// Where the answer came from.
    from: From,
    /// Files the old record knew that are gone.
    removed: usize,
}

impl<'c> Read<'c> {
    /// From the cache when the record matches every file's name and stamp,
    /// else from the folder (`files` in name order).
    fn person(
        root: &Path,
        cache: &'c Cache,
        id: &str,
        files: &[&Candidate],
        detail: Detail,
    ) -> Read<'c> {
        let names: Vec<&str> = files.iter().map(|c| c.file.as_str()).collect();
        let record = cache.record(id);
        let known = record.map(Record::files).unwrap_or_default();
        let flags = OFlags::PATH | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        let dir = rustix::fs::open(root.join(id), flags, Mode::empty());
        let removed = known
            .iter()
            .filter(|n| names.binary_search(n).is_err())
            .count();
        if record.is_some()
            && known == names
            && let Ok(dir) = &dir
        {
            let stamps: Vec<(&str, Option<Stamp>)> = names
                .iter()
                .map(|&name| (name, Stamp::at(dir, name)))
                .collect();
            if let Some((history, problems)) = record.and_then(|r| r.answer(&stamps, detail)) {
                return Read {
                    history,
                    problems,
                    record,
                    from: From::Cache,
                    removed,
                };
            }
        }
        let read: Vec<(Option<Stamp>, Result<Note>)> = names
            .par_iter()
            .zip(files)
            .map(|(name, c)| match &dir {
                Ok(dir) => read_one(dir, name, c),
                Err(e) => (None, Err(Error::io(c.path(), (*e).into()))),
            })
            .collect();
        let mut notes = Vec::with_capacity(read.len());
        let mut problems = Vec::new();
        let mut stamps = Vec::with_capacity(read.len());
        let mut trusted = true;
        for (&name, (stamp, result)) in names.iter().zip(read) {
            stamps.push((name, stamp));
            match result {
                Ok(note) => notes.push(note),
                Err(e) => {
                    // I/O failures are worth retrying.
                    trusted &= matches!(e, Error::Input { .. });
                    problems.push(e);
                }
            }
        }
        notes.sort_by_key(|n| n.name);
        let history = History::of(&notes);
        let new = (!files.is_empty())
            .then(|| cache.encode(id, &stamps, trusted.then_some((&history, &problems[..]))))
            .flatten();
        Read {
            history,
            problems,
            record,
            from: From::Folder(new),
            removed,
        }
    }
}

/// Reads and parses the note `name` of the folder open as `dir`, with the
/// stamp of the version read.
fn read_one(dir: &OwnedFd, name: &str, c: &Candidate) -> (Option<Stamp>, Result<Note>) {
    let path = c.path();
    match store::read_in(dir, name, &path) {
        Ok((bytes, meta)) => (
            Stamp::of(&meta),
            note::parse(&path, &c.person, c.name, &bytes),
        ),
        Err(e) => (Stamp::at(dir, name), Err(e)),
    }
}

/// A person: what the settings say of them, else what their notes say.
fn person(settings: &Settings, id: String, history: History) -> Person {
    let own = settings.person(&id);
    let kind = own
        .and_then(|p| p.kind)
        .or(history.kind)
        .or(settings.defaults.kind)
        .unwrap_or(Kind::DirectReport);
    let cadence = own
        .and_then(|p| p.cadence)
        .or(history.cadence)
        .or(settings.defaults.cadence)
        .unwrap_or_else(|| kind.default_cadence());
    Person {
        name: own.and_then(|p| p.name.clone()).or(history.name),
        kind,
        cadence,
        grace: own.and_then(|p| p.grace).or(settings.defaults.grace),
        paused_until: own.and_then(|p| p.paused_until),
        meetings: history.meetings,
        items: history.items,
        id,
    }
}

/// Follows every item through the notes (oldest first): one entry per
/// identity, its state from the latest note it appears in.
fn track(notes: &[Note]) -> (Vec<TrackedItem>, Vec<Meeting>) {
    let mut tracker = Tracker::default();
    let meetings = notes
        .iter()
        .map(|note| {
            let (opened, closed) = tracker.note(note);
            Meeting {
                name: note.name,
                kind: note.front.kind,
                duration: note.front.duration,
                status: note.front.status,
                opened,
                closed,
            }
        })
        .collect();
    (tracker.nest(), meetings)
}

#[derive(Default)]
struct Tracker {
    items: Vec<TrackedItem>,
    /// Parent of each item in its latest occurrence.
    parents: Vec<Option<usize>>,
    /// Keys come from the user's own notes, so the DoS-resistant default
    /// hasher buys nothing; it cost 7% of the instructions of a cold index.
    by_key: HashMap<ItemKey, usize, foldhash::fast::FixedState>,
    /// Notes recorded so far; the current one's number.
    notes: usize,
    /// For each item, the number of the note that last touched it and how.
    touch: Vec<(usize, Touch)>,
    /// Items the current note touched.
    touched: Vec<usize>,
}

/// An item's state before the current note (`None`: new here) and in it.
type Touch = (Option<ItemState>, ItemState);

impl Tracker {
    /// Records one note; returns how many items it opened and closed.
    fn note(&mut self, note: &Note) -> (usize, usize) {
        self.notes += 1;
        self.touched.clear();
        // Parents before children, in file order, without recursion.
        let mut pending: Vec<(&ActionItem, Option<usize>)> =
            note.items.iter().rev().map(|item| (item, None)).collect();
        while let Some((item, parent)) = pending.pop() {
            let i = self.visit(item, parent, note.name);
            pending.extend(item.children.iter().rev().map(|child| (child, Some(i))));
        }
        let touches = self.touched.iter().map(|&i| self.touch[i].1);
        let opened = touches
            .clone()
            .filter(|(before, _)| before.is_none())
            .count();
        let closed = touches
            .filter(|(before, now)| now.is_closed() && !before.is_some_and(ItemState::is_closed))
            .count();
        (opened, closed)
    }

    /// How item `i` was touched by the current note, if it was.
    fn touched(&self, i: usize) -> Option<Touch> {
        let (note, touch) = self.touch[i];
        (note == self.notes).then_some(touch)
    }

    /// Records one occurrence of an item (not its children); returns the
    /// item's index.
    fn visit(&mut self, item: &ActionItem, parent: Option<usize>, note: NoteName) -> usize {
        let date = note.date;
        let key = item.key(date);
        let (i, before) = if let Some(&i) = self.by_key.get(&key) {
            (i, Some(self.items[i].state))
        } else {
            self.items.push(TrackedItem {
                text: item.text.clone(),
                owner: item.owner.clone(),
                due: item.due,
                origin: item.origin_or(date),
                state: item.state,
                closed: None,
                carried: 0,
                note,
                line: item.line,
                children: Vec::new(),
            });
            self.parents.push(parent);
            self.touch.push((0, (None, item.state)));
            self.by_key.insert(key, self.items.len() - 1);
            (self.items.len() - 1, None)
        };
        let touched = self.touched(i);
        let state = match touched {
            // Twice in one note: a closed mark wins over an open one.
            Some((_, earlier)) if earlier.is_closed() => earlier,
            Some(_) => item.state,
            None => {
                if before.is_some() {
                    self.items[i].carried += 1;
                }
                item.state
            }
        };
        let first_touch = touched.map_or(before, |t| t.0);
        if touched.is_none() {
            self.touched.push(i);
        }
        self.touch[i] = (self.notes, (first_touch, state));
        let tracked = &mut self.items[i];
        if !state.is_closed() {
            tracked.closed = None;
        } else if tracked.closed.is_none() || !first_touch.is_some_and(ItemState::is_closed) {
            tracked.closed = Some(date);
        }
        tracked.state = state;
        tracked.due = item.due.or(tracked.due);
        tracked.note = note;
        tracked.line = item.line;
        self.parents[i] = parent;
        i
    }

    /// Hangs children under their parents. A parent always comes first, so
    /// odd histories (an item nested under one first seen after it) cannot
    /// make a cycle. Each note nests at most `MAX_ITEM_DEPTH` deep, but
    /// parents taken from different notes can chain further; an item that
    /// would hang deeper than that limit is listed at the top level instead.
    fn nest(self) -> Vec<TrackedItem> {
        let parents: Vec<Option<usize>> = self
            .parents
            .iter()
            .enumerate()
            .map(|(i, p)| p.filter(|&p| p < i))
            .collect();
        let mut depth = vec![0; parents.len()];
        let mut parent_of = vec![None; parents.len()];
        for (i, p) in parents.iter().enumerate() {
            if let Some(p) = *p
                && depth[p] + 1 < note::MAX_ITEM_DEPTH
            {
                depth[i] = depth[p] + 1;
                parent_of[i] = Some(p);
            }
        }
        let mut slots: Vec<Option<TrackedItem>> = self.items.into_iter().map(Some).collect();
        let mut roots = Vec::new();
        // Children come after their parents, so going backwards every item
        // is complete when it is moved; children arrive last first.
        for i in (0..slots.len()).rev() {
            let Some(mut item) = slots[i].take() else {
                continue;
            };
            item.children.reverse();
            match parent_of[i].and_then(|p| slots[p].as_mut()) {
                Some(parent) => parent.children.push(item),
                None => roots.push(item),
            }
        }
        roots.reverse();
        roots
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(person: &str, file: &str, body: &str) -> Result<Note> {
        let name = NoteName::parse(file).unwrap().unwrap();
        let text = format!("---\nperson: {person}\n---\n{body}");
        let path = PathBuf::from(person).join(file);
        note::parse(&path, person, name, text.as_bytes())
    }

    fn index(notes: Vec<Result<Note>>) -> Index {
        Index::from_parts(&Settings::default(), Vec::new(), notes, Vec::new())
    }

    #[test]
    fn a_five_note_chain_is_one_item_carried_four_times() {
        let mut notes = vec![note("alice", "2026-10-01.md", "- [ ] @me send packet\n")];
        for day in ["08", "15", "22"] {
            notes.push(note(
                "alice",
                &format!("2026-10-{day}.md"),
                "- [ ] @me send packet (from 2026-10-01)\n",
            ));
        }
        notes.push(note(
            "alice",
            "2026-10-29.md",
            "- [x] @me send packet (from 2026-10-01)\n",
        ));
        let idx = index(notes);
        let alice = idx.person("alice").unwrap();
        assert_eq!(alice.items.len(), 1);
        let item = &alice.items[0];
        assert_eq!(item.carried, 4);
        assert_eq!(item.state, ItemState::Done);
        assert_eq!(item.closed, NaiveDate::from_ymd_opt(2026, 10, 29));
        assert_eq!(item.path("alice"), PathBuf::from("alice/2026-10-29.md"));
        let counts: Vec<_> = alice
            .meetings
            .iter()
            .map(|m| (m.opened, m.closed))
            .collect();
        assert_eq!(counts, vec![(1, 0), (0, 0), (0, 0), (0, 0), (0, 1)]);
    }

    #[test]
    fn children_nest_and_duplicates_in_one_note_count_once() {
        let idx = index(vec![note(
            "bob",
            "2026-11-02.md",
            "- [ ] parent\n  - [ ] child\n- [ ] parent\n## Later\n- [x] other\n- [ ] other\n",
        )]);
        let bob = idx.person("bob").unwrap();
        assert_eq!(bob.items.len(), 2);
        assert_eq!(bob.items[0].children.len(), 1);
        assert_eq!(bob.items[0].carried, 0);
        assert_eq!(bob.items[1].state, ItemState::Done);
        assert_eq!(bob.open_items().count(), 2);
    }

    #[test]
    fn parents_chained_across_notes_nest_no_deeper_than_one_note_may() {
        // Each item's latest occurrence is as the child of the one before
        // it: a chain as long as the list, from notes two levels deep.
        let n = 1_000;
        let mut flat = String::new();
        let mut pairs = String::new();
        for k in 0..n {
            flat.push_str(&format!("- [ ] a{k}\n"));
        }
        for k in (0..n - 1).rev() {
            pairs.push_str(&format!(
                "- [ ] a{k} (from 2026-11-02)\n  - [ ] a{} (from 2026-11-02)\n",
                k + 1
            ));
        }
        let idx = index(vec![
            note("bob", "2026-11-02.md", &flat),
            note("bob", "2026-11-09.md", &pairs),
        ]);
        let bob = idx.person("bob").unwrap();
        assert_eq!(bob.all_items().count(), n);
        let mut deepest = 0;
        let mut level: Vec<(&TrackedItem, usize)> = bob.items.iter().map(|i| (i, 1)).collect();
        while let Some((item, d)) = level.pop() {
            deepest = deepest.max(d);
            level.extend(item.children.iter().map(|c| (c, d + 1)));
        }
        assert_eq!(deepest, note::MAX_ITEM_DEPTH);
    }

    #[test]
    fn bad_notes_are_problems_and_the_rest_is_kept() {
        let idx = index(vec![
            note("alice", "2026-11-02.md", "- [ ] a\n"),
            note("bob", "2026-11-02.md", "").and_then(|_| {
                note::parse(
                    Path::new("bob/2026-11-03.md"),
                    "bob",
                    NoteName::parse("2026-11-03.md").unwrap().unwrap(),
                    b"no front matter",
                )
            }),
        ]);
        assert_eq!(idx.people.len(), 1);
        assert_eq!(idx.problems.len(), 1);
        assert!(
            idx.problems[0]
                .to_string()
                .starts_with("bob/2026-11-03.md:1:1:")
        );
    }

    #[test]
    fn scan_skips_hidden_ignored_and_odd_files() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for f in [
            "alice/2026-11-02.md",
            "alice/topics.md",
            "alice/README.md",
            ".oneonone/templates/2026-01-01.md",
            "ignored/2026-11-02.md",
            "bob/topics.md",
            "Bad Name/2026-11-02.md",
            "carol/2026-13-45.md",
            "root.md",
        ] {
            let p = root.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "x").unwrap();
        }
        std::fs::create_dir_all(root.join("dave/2026-01-01.md")).unwrap();
        std::fs::write(root.join(".gitignore"), "ignored/\n").unwrap();
        let s = scan(root);
        let paths: Vec<_> = s
            .candidates
            .iter()
            .map(|c| c.path().to_str().unwrap().to_owned())
            .collect();
        assert_eq!(paths, vec!["alice/2026-11-02.md"]);
        assert_eq!(s.folders, vec!["alice", "bob"]);
        let problems: Vec<String> = s.problems.iter().map(ToString::to_string).collect();
        assert_eq!(problems.len(), 3, "{problems:?}");
    }

    #[test]
    fn a_summary_keeps_the_last_meeting_and_open_items_with_their_parents() {
        let dir = tempfile::tempdir().unwrap();
        let notes = [
            (
                "alice/2026-11-03.md",
                "- [x] shipped\n- [x] parent\n  - [ ] open child\n  - [x] done child\n- [ ] open\n",
            ),
            ("alice/2026-11-10.md", "- [-] dropped (from 2026-11-03)\n"),
            ("bob/2026-11-04.md", "- [x] all done\n"),
        ];
        for (path, body) in notes {
            let person = path.split('/').next().unwrap();
            let file = dir.path().join(path);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(file, format!("---\nperson: {person}\n---\n{body}")).unwrap();
        }
        let repo = Repo::open(dir.path().to_path_buf()).unwrap();
        let full = Index::build(&repo);
        // Read, then answered from the cache.
        let (read, open) = (Index::build_summary(&repo), Index::build_summary(&repo));
        assert_eq!(read.people, open.people);
        let today = crate::frontmatter::parse_date("2026-11-25").unwrap();
        assert_eq!(
            crate::report::status::status(&open, today),
            crate::report::status::status(&full, today)
        );
        let texts = |index: &Index| -> Vec<Vec<String>> {
            index
                .people
                .iter()
                .map(|p| p.all_items().map(|i| i.text.clone()).collect())
                .collect()
        };
        assert_eq!(texts(&full)[0].len(), 6);
        assert_eq!(texts(&open), [vec!["parent", "open child", "open"], vec![]]);
        assert_eq!(open.people[0].meetings, full.people[0].meetings[1..]);
    }

    /// The `ignore` walker as the scan used it: hidden files, gitignored ones
    /// and symlinks left out.
    fn walker(root: &Path, depth: usize) -> ignore::WalkBuilder {
        let mut walker = ignore::WalkBuilder::new(root);
        walker
            .max_depth(Some(depth))
            .hidden(true)
            .git_ignore(true)
            .git_global(false)
            .git_exclude(true)
            .require_git(false)
            .ignore(false)
            .parents(false)
            .follow_links(false)
            .sort_by_file_name(Ord::cmp);
        walker
    }

    /// The scan as the `ignore` walker alone makes it: the reference the
    /// faster folder-by-folder listing must agree with.
    fn walked_scan(root: &Path) -> (Vec<String>, Vec<String>, Vec<String>) {
        let (mut notes, mut folders, mut problems) = (Vec::new(), Vec::new(), Vec::new());
        for entry in walker(root, 2).build() {
            let entry = entry.unwrap();
            if entry.depth() != 2 {
                continue;
            }
            let rel = entry.path().strip_prefix(root).unwrap();
            let folder = rel.parent().unwrap().to_str().unwrap();
            let file = rel.file_name().unwrap().to_str().unwrap();
            let person = match file_role(folder, file, entry.file_type()) {
                FileRole::Note(_) => {
                    notes.push(rel.to_str().unwrap().to_owned());
                    true
                }
                FileRole::Topics => true,
                FileRole::Problem(_) => {
                    problems.push(rel.to_str().unwrap().to_owned());
                    false
                }
                FileRole::Other => false,
            };
            if person && folders.last().is_none_or(|f| f != folder) {
                folders.push(folder.to_owned());
            }
        }
        (notes, folders, problems)
    }

    const FOLDERS: &[&str] = &["alice", "bob", "ign", ".hidden", "Bad Name", "carol"];
    const FILES: &[&str] = &[
        "2026-11-02.md",
        "2026-11-02-2.md",
        "2026-11-03.md",
        "topics.md",
        "README.md",
        ".draft.md",
        "2026-13-45.md",
        "x.tmp.md",
    ];
    const RULES: &[&str] = &[
        "ign/",
        "*.tmp.md",
        "alice/2026-11-02.md",
        "!alice/2026-11-02.md",
        "2026-11-0*.md",
        "!2026-11-03.md",
        "/bob/",
        "README.md",
        "topics.md",
        "!topics.md",
        "carol/*",
        "*-2.md",
        "sub/",
        "# a comment",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]
        #[test]
        fn the_folder_listing_agrees_with_the_walker(
            files in proptest::collection::vec((0..FOLDERS.len(), 0..FILES.len()), 0..24),
            dirs in proptest::collection::vec(0..FOLDERS.len(), 0..3),
            root_rules in proptest::collection::vec(0..RULES.len(), 0..4),
            own_rules in proptest::collection::vec((0..FOLDERS.len(), 0..RULES.len()), 0..4),
            exclude in proptest::collection::vec(0..RULES.len(), 0..3),
            git in 0..3u8,
        ) {
            let dir = tempfile::tempdir().unwrap();
            let root = dir.path();
            for (folder, file) in files {
                let path = root.join(FOLDERS[folder]).join(FILES[file]);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(path, "x").unwrap();
            }
            for folder in dirs {
                std::fs::create_dir_all(root.join(FOLDERS[folder]).join("sub")).unwrap();
                std::fs::create_dir_all(root.join(FOLDERS[folder]).join("2026-01-01.md")).unwrap();
            }
            let lines = |rules: &[usize]| rules.iter().map(|&r| format!("{}\n", RULES[r])).collect::<String>();
            std::fs::write(root.join(".gitignore"), lines(&root_rules)).unwrap();
            for (folder, rule) in own_rules {
                let folder = root.join(FOLDERS[folder]);
                std::fs::create_dir_all(&folder).unwrap();
                let mut text = std::fs::read_to_string(folder.join(".gitignore")).unwrap_or_default();
                text.push_str(&lines(&[rule]));
                std::fs::write(folder.join(".gitignore"), text).unwrap();
            }
            // No repository, one at the root, or one more inside `alice`.
            if git > 0 {
                std::fs::create_dir_all(root.join(".git/info")).unwrap();
                std::fs::write(root.join(".git/info/exclude"), lines(&exclude)).unwrap();
            }
            if git > 1 {
                std::fs::create_dir_all(root.join("alice/.git/info")).unwrap();
                std::fs::write(root.join("alice/.git/info/exclude"), lines(&exclude)).unwrap();
            }
            let s = scan(root);
            let notes: Vec<String> = s.candidates.iter().map(|c| c.path().to_str().unwrap().to_owned()).collect();
            let problems: Vec<String> = s.problems.iter().map(|e| e.path().unwrap().to_str().unwrap().to_owned()).collect();
            proptest::prop_assert_eq!((notes, s.folders, problems), walked_scan(root));
        }
    }
}
