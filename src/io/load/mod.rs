//! Building the index: list the repository, answer each person from the
//! cache when every one of their files is as the cache recorded it, read
//! and parse the rest in parallel, and save the cache if anything changed.

use std::os::fd::OwnedFd;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rayon::prelude::*;
use rustix::fs::{Mode, OFlags};

use crate::error::{Error, Result};
use crate::io::cache::{Cache, Record, Saved, Saver, Stamp};
use crate::io::repo::Repo;
use crate::io::scan::{self, Candidate, Listing};
use crate::io::store;
use crate::model::index::{Index, Summaries};
use crate::model::note::Note;
use crate::model::person::{Digest, History, Person, Summary};
use crate::parse;
use crate::parse::settings::Settings;
use crate::plan::{people, track};

mod in_order;

#[cfg(test)]
pub(crate) use in_order::AHEAD;

/// Scans and reads the whole repository as of `today`, through the cache.
pub fn index(repo: &Repo, today: NaiveDate) -> Index {
    index_with_stats(repo, today, false, &|_, _| {}).0
}

/// Everyone as `status` sees them, through the cache: a warm run decodes
/// only each person's digest.
pub fn summaries(repo: &Repo, today: NaiveDate) -> Summaries {
    let cache = Cache::open(&repo.root, false);
    let (people, problems, _) = read_through::<Digest>(repo, today, &cache, &|_, _| {});
    Summaries { people, problems }
}

/// `summaries`, leaving the cache as it is: for a look-up (whose name is
/// this?) on the way to something else, which should leave no trace.
pub fn summaries_unsaved(repo: &Repo, today: NaiveDate) -> Summaries {
    let cache = Cache::open(&repo.root, false).read_only();
    let (people, problems, _) = read_through::<Digest>(repo, today, &cache, &|_, _| {});
    Summaries { people, problems }
}

/// Only person `id`, read through the cache (which it leaves as it is):
/// all `log PERSON` needs, without reading everyone else. `None` when `id`
/// is not a person folder the whole index would list, so the caller can
/// fall back to it (for a match by name, or a hint).
pub fn person(repo: &Repo, id: &str, today: NaiveDate) -> Option<Index> {
    let root = repo.root.as_path();
    let (candidates, mut problems) = scan::person_folder(root, id)?;
    let cache = Cache::open(root, false);
    let former = former_ids(&repo.settings, id);
    let read = Read::<History>::person(root, &cache, (id, former), &candidates, today, true);
    problems.extend(read.problems);
    problems.sort_by(|a, b| a.path().cmp(&b.path()));
    Some(Index {
        people: vec![people::person(&repo.settings, id.to_owned(), read.found)],
        problems,
    })
}

/// Scans the repository, reads the notes the cache cannot answer for (all
/// of them with `rebuild`), and saves the cache if anything changed;
/// tells `progress` (people read, people in all) after each person, for a
/// progress bar on long first runs. People, not notes: a folder is listed
/// just before it is read, so the number of notes is known only at the end.
pub fn index_with_stats(
    repo: &Repo,
    today: NaiveDate,
    rebuild: bool,
    progress: &dyn Fn(usize, usize),
) -> (Index, IndexStats) {
    let cache = Cache::open(&repo.root, rebuild);
    index_through(repo, today, &cache, progress)
}

/// `index_with_stats` through a cache opened by the caller.
pub fn index_through(
    repo: &Repo,
    today: NaiveDate,
    cache: &Cache,
    progress: &dyn Fn(usize, usize),
) -> (Index, IndexStats) {
    let (people, problems, stats) = read_through::<History>(repo, today, cache, progress);
    (Index { people, problems }, stats)
}

/// Reads and parses candidates in parallel, each as a note of its folder's
/// person, who may have had the former ids `settings` give. The order of
/// the results is the order of the candidates.
pub fn parse_all(root: &Path, settings: &Settings, candidates: &[Candidate]) -> Vec<Result<Note>> {
    candidates
        .par_iter()
        .map(|c| parse_one(root, former_ids(settings, &c.person), c))
        .collect()
}

fn parse_one(root: &Path, former: &[String], c: &Candidate) -> Result<Note> {
    let path = c.path();
    let bytes = store::read(&root.join(&path), &path)?;
    parse::note::parse_for(&path, &c.person, former, c.name, &bytes)
}

/// The ids person `id` had before a rename, from the settings.
pub fn former_ids<'a>(settings: &'a Settings, id: &str) -> &'a [String] {
    settings.person(id).map_or(&[], |p| p.former_ids.as_slice())
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

/// A person with this many notes has them read on all threads.
const SPLIT_PERSON: usize = 500;

/// How much of each person an index holds: their whole [`History`], or the
/// [`Digest`] `status` reads.
trait Detail: Sized + Send {
    /// A person with this much known of them.
    type Person: Send;
    /// Whether a record written after reading keeps the whole history.
    /// Only what was asked for is stored: `status` never needs the history
    /// and encoding it was a tenth of a cold run; a later report that does
    /// reads that person again (and stores the history, if it reads
    /// everyone).
    const KEEPS_HISTORY: bool;
    /// From a cache record stored for exactly these files (name and stamp).
    fn cached(
        record: Record<'_>,
        files: &[(&str, Option<Stamp>)],
        former: &[String],
        today: NaiveDate,
    ) -> Option<(Self, Vec<Error>)>;
    /// From a history just read, and its digest (computed once, for the
    /// cache record too).
    fn of(history: History, digest: Digest) -> Self;
    fn person(settings: &Settings, id: String, detail: Self) -> Self::Person;
}

impl Detail for History {
    type Person = Person;
    const KEEPS_HISTORY: bool = true;
    fn cached(
        record: Record<'_>,
        files: &[(&str, Option<Stamp>)],
        former: &[String],
        today: NaiveDate,
    ) -> Option<(Self, Vec<Error>)> {
        record.history(files, former, today)
    }
    fn of(history: History, _: Digest) -> Self {
        history
    }
    fn person(settings: &Settings, id: String, history: Self) -> Person {
        people::person(settings, id, history)
    }
}

impl Detail for Digest {
    type Person = Summary;
    const KEEPS_HISTORY: bool = false;
    fn cached(
        record: Record<'_>,
        files: &[(&str, Option<Stamp>)],
        former: &[String],
        today: NaiveDate,
    ) -> Option<(Self, Vec<Error>)> {
        record.digest(files, former, today)
    }
    fn of(_: History, digest: Digest) -> Self {
        digest
    }
    fn person(settings: &Settings, id: String, digest: Self) -> Summary {
        people::summary(settings, id, digest)
    }
}

fn read_through<D: Detail>(
    repo: &Repo,
    today: NaiveDate,
    cache: &Cache,
    progress: &dyn Fn(usize, usize),
) -> (Vec<D::Person>, Vec<Error>, IndexStats) {
    let root = repo.root.as_path();
    let mut listed = scan::folders(root);
    // Everyone who may be a person: the folders, each listed by a worker
    // just before it reads it, and the people the settings name.
    let mut ids: Vec<&str> = listed
        .names
        .iter()
        .chain(repo.settings.people.keys())
        .map(String::as_str)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let mut reading = Reading::<D> {
        repo,
        saver: cache.saver(),
        people: Vec::with_capacity(ids.len()),
        problems: std::mem::take(&mut listed.problems),
        cache,
        files: 0,
        parsed: 0,
        removed: cache
            .records()
            .filter(|(id, _)| ids.binary_search(id).is_err())
            .map(|(_, record)| record.files().len())
            .sum(),
    };
    let settings = &repo.settings;
    let mut done = 0;
    // A folder lists its files in name order, as records do.
    in_order::in_order(
        &ids,
        |&id| {
            let listing = if listed
                .names
                .binary_search_by(|n| n.as_str().cmp(id))
                .is_ok()
            {
                listed.list(root, id)
            } else {
                Listing::default()
            };
            let person = listing.person || settings.people.contains_key(id);
            let who = (id, former_ids(settings, id));
            // Other people are read on the other threads meanwhile; only a
            // person with years of weekly notes is worth splitting.
            let split = listing.candidates.len() >= SPLIT_PERSON;
            let read = person
                .then(|| Read::<D>::person(root, cache, who, &listing.candidates, today, split));
            (listing, read)
        },
        |&id, (listing, read)| {
            reading.take(id, listing, read);
            done += 1;
            progress(done, ids.len());
        },
    );
    let Reading {
        people,
        mut problems,
        files,
        parsed,
        removed,
        saver,
        ..
    } = reading;
    problems.sort_by(|a, b| a.path().cmp(&b.path()));
    let stats = IndexStats {
        files,
        parsed,
        cached: files - parsed,
        removed,
        cache: cache.path().map(Path::to_path_buf),
        saved: saver.finish(),
    };
    (people, problems, stats)
}

/// What `read_through` has assembled so far.
struct Reading<'a, D: Detail> {
    repo: &'a Repo,
    cache: &'a Cache,
    saver: Saver<'a>,
    people: Vec<D::Person>,
    problems: Vec<Error>,
    files: usize,
    parsed: usize,
    removed: usize,
}

impl<'a, D: Detail> Reading<'a, D> {
    /// Adds the folder `id` as listed, and the person as read (`None`: it
    /// is no one's folder, and any record of it is dropped).
    fn take(&mut self, id: &str, listing: Listing, read: Option<Read<'a, D>>) {
        self.problems.extend(listing.problems);
        let files = listing.candidates.len();
        self.files += files;
        let Some(read) = read else {
            let record = self.cache.record(id);
            self.removed += record.map_or(0, |r| r.files().len());
            return;
        };
        match read.from {
            From::Cache => {
                if let Some(record) = read.record {
                    self.saver.keep(record);
                }
            }
            From::Folder(new) => {
                self.parsed += files;
                self.saver.put(read.record, new);
            }
        }
        self.removed += read.removed;
        self.problems.extend(read.problems);
        self.people
            .push(D::person(&self.repo.settings, id.to_owned(), read.found));
    }
}

/// Whether a person was answered by the cache or read from their folder.
enum From {
    Cache,
    /// Read; the new record, if one is worth storing.
    Folder(Option<Vec<u8>>),
}

/// One person, read.
struct Read<'c, D> {
    found: D,
    problems: Vec<Error>,
    /// Their record in the old cache file.
    record: Option<Record<'c>>,
    /// Where the answer came from.
    from: From,
    /// Files the old record knew that are gone.
    removed: usize,
}

impl<'c, D: Detail> Read<'c, D> {
    /// From the cache when the record matches every file's name and stamp
    /// and the person's former ids, else from the folder (`files` in name
    /// order), on all threads when `split`.
    fn person(
        root: &Path,
        cache: &'c Cache,
        (id, former): (&str, &[String]),
        files: &[Candidate],
        today: NaiveDate,
        split: bool,
    ) -> Read<'c, D> {
        let names: Vec<&str> = files.iter().map(|c| &*c.file).collect();
        let record = cache.record(id);
        let known = record.map(Record::files).unwrap_or_default();
        let flags = OFlags::PATH | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        let dir = rustix::fs::open(root.join(id), flags, Mode::empty());
        let removed = known
            .iter()
            .filter(|n| names.binary_search(n).is_err())
            .count();
        if let Some(stored) = record
            && known == names
            && let Ok(dir) = &dir
        {
            let stamps: Vec<(&str, Option<Stamp>)> = names
                .iter()
                .map(|&name| (name, Stamp::at(dir, name)))
                .collect();
            if let Some((found, problems)) = D::cached(stored, &stamps, former, today) {
                return Read {
                    found,
                    problems,
                    record,
                    from: From::Cache,
                    removed,
                };
            }
        }
        let one = |(name, c): (&&str, &Candidate)| match &dir {
            Ok(dir) => read_one(dir, name, former, c),
            Err(e) => (None, Err(Error::io(c.path(), (*e).into()))),
        };
        let read: Vec<(Option<Stamp>, Result<Note>)> = if split {
            names.par_iter().zip(files).map(one).collect()
        } else {
            names.iter().zip(files).map(one).collect()
        };
        let mut notes = Vec::with_capacity(read.len());
        let mut problems = Vec::new();
        let mut stamps = Vec::with_capacity(read.len());
        let mut trusted = true;
        for ((&file, c), (stamp, result)) in names.iter().zip(files).zip(read) {
            stamps.push((file, c.name, stamp));
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
        let history = track::history(&notes, today);
        let digest = history.digest();
        let kept = D::KEEPS_HISTORY.then_some(&history);
        let answer = trusted.then_some((kept, &digest, &problems[..]));
        let new = (!files.is_empty())
            .then(|| cache.encode(id, &stamps, former, today, answer))
            .flatten();
        Read {
            found: D::of(history, digest),
            problems,
            record,
            from: From::Folder(new),
            removed,
        }
    }
}

/// Reads and parses the note `name` of the folder open as `dir`, with the
/// stamp of the version read.
fn read_one(
    dir: &OwnedFd,
    name: &str,
    former: &[String],
    c: &Candidate,
) -> (Option<Stamp>, Result<Note>) {
    let path = c.path();
    match store::read_in(dir, name, &path) {
        Ok((bytes, meta)) => (
            Stamp::of(&meta),
            parse::note::parse_for(&path, &c.person, former, c.name, &bytes),
        ),
        Err(e) => (Stamp::at(dir, name), Err(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::date::parse_date;

    #[test]
    fn summaries_read_or_cached_agree_with_the_full_index() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(".git")).unwrap();
        let notes = [
            (
                "alice/2026-11-03.md",
                "- [x] shipped\n- [x] parent\n  - [ ] open child\n  - [x] done child\n- [ ] open\n",
            ),
            ("alice/2026-11-10.md", "- [-] dropped (from 2026-11-01)\n"),
            ("bob/2026-11-04.md", "- [x] all done\n"),
        ];
        for (path, body) in notes {
            let person = path.split('/').next().unwrap();
            let file = dir.path().join(path);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(file, format!("---\nperson: {person}\n---\n{body}")).unwrap();
        }
        let repo = Repo::open(dir.path().to_path_buf()).unwrap();
        let today = parse_date("2026-11-25").unwrap();
        let full = index(&repo, today);
        // Read, then answered from the cache.
        let (read, cached) = (summaries(&repo, today), summaries(&repo, today));
        assert_eq!(read.people, cached.people);
        assert_eq!(cached.people, full.summaries());
        let alice = &cached.people[0];
        assert_eq!(alice.last_held, parse_date("2026-11-10"));
        assert_eq!(alice.open_items, 2);
        assert_eq!(alice.oldest_open, parse_date("2026-11-03"));
        assert_eq!(cached.people[1].open_items, 0);
    }

    #[test]
    fn a_person_with_years_of_notes_is_read_on_all_threads_and_in_full() {
        // One person past the split threshold between two small ones: each
        // note carries the items of the one before and adds its own.
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(".git")).unwrap();
        let notes = SPLIT_PERSON + 3;
        let day = |k: usize| parse_date("2010-01-01").unwrap() + chrono::Days::new(k as u64 * 7);
        for (person, count) in [("ann", 2), ("bob", notes), ("cy", 1)] {
            std::fs::create_dir(dir.path().join(person)).unwrap();
            for k in 0..count {
                let carried = if k == 0 {
                    String::new()
                } else {
                    format!("- [ ] task {} (from {})\n", k - 1, day(k - 1))
                };
                let body = format!("---\nperson: {person}\n---\n{carried}- [ ] task {k}\n");
                let file = dir.path().join(person).join(format!("{}.md", day(k)));
                std::fs::write(file, body).unwrap();
            }
        }
        let repo = Repo::open(dir.path().to_path_buf()).unwrap();
        let today = parse_date("2030-01-01").unwrap();
        let (index, stats) = index_with_stats(&repo, today, false, &|_, _| {});
        assert_eq!((stats.files, stats.parsed), (notes + 3, notes + 3));
        let open: Vec<(&str, usize)> = index
            .people
            .iter()
            .map(|p| (p.id.as_str(), p.open_items().count()))
            .collect();
        // No note was scaffolded by `new`, so a carried line left out
        // ends nothing: each note leaves one more item open.
        assert_eq!(open, vec![("ann", 2), ("bob", notes), ("cy", 1)]);
        let bob = index.person("bob").unwrap();
        assert_eq!(bob.meetings.len(), notes);
        assert!(bob.items.iter().all(|i| i.carried <= 1));
    }

    #[test]
    fn status_stores_only_digests_and_a_full_read_then_stores_the_histories() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(".git")).unwrap();
        for (path, body) in [
            ("alice/2026-11-03.md", "- [ ] one\n"),
            ("alice/2026-11-10.md", "- [x] one (from 2026-11-03)\n"),
            ("bob/2026-11-04.md", "- [ ] two\n"),
        ] {
            let person = path.split('/').next().unwrap();
            let file = dir.path().join(path);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(file, format!("---\nperson: {person}\n---\n{body}")).unwrap();
        }
        let repo = Repo::open(dir.path().to_path_buf()).unwrap();
        let today = parse_date("2026-11-25").unwrap();
        // Read an hour from now, so every note is settled and stored.
        let later = std::time::SystemTime::now() + std::time::Duration::from_secs(3600);
        let cache = || Cache::open_at(&repo.root, false, later);
        let summaries = || read_through::<Digest>(&repo, today, &cache(), &|_, _| {}).2;
        let full = || read_through::<History>(&repo, today, &cache(), &|_, _| {});
        let read = |stats: &IndexStats| (stats.parsed, stats.cached);
        assert_eq!(read(&summaries()), (3, 0));
        assert_eq!(
            read(&summaries()),
            (0, 3),
            "status answers from its digests"
        );
        let (first, _, stats) = full();
        assert_eq!(
            read(&stats),
            (3, 0),
            "a digest is not a history: read again"
        );
        let (second, _, stats) = full();
        assert_eq!(read(&stats), (0, 3), "and stored whole");
        assert_eq!(first, second);
        assert_eq!(
            read(&summaries()),
            (0, 3),
            "status reads the digest of a whole record"
        );
    }
}
