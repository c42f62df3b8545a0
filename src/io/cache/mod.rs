//! The index cache: what reading each person's notes gave last time, so a
//! report reads only the folders that changed since.
//!
//! It lives in `.git/oneonone/` inside a git repository (git never tracks its
//! own folder), else under `$XDG_CACHE_HOME/oneonone/`. Each person's record
//! is keyed by the names, sizes, modification times and inode change times
//! of their notes; the file as a whole by the tool's version and [`FORMAT`].
//! Anything that does not match exactly is read again, so the cache can make
//! a command faster but never change its answer.
//!
//! The record holds the person's [`Digest`] and [`History`] (their notes
//! followed through, items deduplicated), not the notes: a warm run decodes
//! one record per person and parses nothing; `status` decodes only the
//! digest at its head. The price is that a change to one note reads
//! that person's folder again, a few milliseconds for years of notes.
//!
//! The file is a header and one frame per person in id order:
//! `len: u32, crc32: u32, bytes`. Each frame is checked on its own, so a
//! damaged frame costs only the records after it, and an unchanged run never
//! rewrites the file.

mod dto;
mod stamp;

use std::borrow::Cow;
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use chrono::NaiveDate;

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::io::{git, store};
use crate::model::note::NoteName;
use crate::model::person::{Digest, History};
use dto::{DigestDto, HistoryDto, Horizon};
pub use stamp::Stamp;
pub(crate) use stamp::nanos;

/// Version of the stored layout *and* of what reading produces: bump it
/// whenever `History` (or anything in it) or the parser's output changes, so
/// old caches are dropped rather than misread. The `encoding_is_pinned` test
/// fails when the encoding of a sample history changes.
pub const FORMAT: u32 = 12;
const TOOL: &str = env!("CARGO_PKG_VERSION");
const MAGIC: &[u8; 8] = b"1on1idx\n";
const FILE_NAME: &str = "index.bin";
const DIR_NAME: &str = "oneonone";

/// A record larger than this is not stored (its folder is read each time)
/// and a frame claiming more is treated as damage.
const MAX_FRAME: usize = 64 << 20;

/// The key of a record: whose it is, which versions of which files it
/// was read from, in file-name order, and the person's former ids from
/// the settings, which decide whether a note saying `person: OLD` is theirs.
#[derive(Serialize, Deserialize)]
struct Key<'a> {
    #[serde(borrow)]
    id: &'a str,
    #[serde(borrow)]
    files: Vec<(&'a str, Stamp)>,
    #[serde(borrow)]
    former: Vec<&'a str>,
}

/// A problem as stored: an input error with its position.
type Problem<S> = (S, Option<usize>, Option<usize>, S);

/// The start of a stored result: the problems and the digest; the full
/// history follows.
type Head<'a> = (Horizon, Vec<Problem<String>>, DigestDto<'a>);

/// The whole stored result.
type Stored<'a> = (Horizon, Vec<Problem<String>>, DigestDto<'a>, HistoryDto<'a>);

#[derive(Serialize, Deserialize)]
struct Header<'a> {
    tool: &'a str,
    root: &'a str,
}

/// Where the cache of the repository at `root` lives: inside the git
/// directory of the work tree holding it, else in the user's cache folder.
pub fn location(root: &Path) -> Option<PathBuf> {
    let root = root.canonicalize().ok()?;
    for dir in root.ancestors() {
        if let Some(git) = git::dir(dir) {
            // Notes in a sub-folder of a work tree get their own file, so two
            // note folders in one repository do not evict each other.
            let name = if dir == root {
                FILE_NAME.to_owned()
            } else {
                format!(
                    "index-{:016x}.bin",
                    fnv1a(root.as_os_str().as_encoded_bytes())
                )
            };
            return Some(git.own.join(DIR_NAME).join(name));
        }
    }
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| {
            std::env::var_os("HOME")
                .map(PathBuf::from)
                .filter(|p| p.is_absolute())
                .map(|home| home.join(".cache"))
        })?;
    let name = format!("{:016x}.bin", fnv1a(root.as_os_str().as_encoded_bytes()));
    Some(base.join(DIR_NAME).join(name))
}

/// A stable hash for file names (std's hasher may change between releases).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// What happened to the cache file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Saved {
    /// Nowhere to keep a cache (no git directory, no home folder).
    NoLocation,
    /// Every record was still right; the file was left alone.
    Unchanged,
    Written,
    /// Writing failed (read-only folder, full disk); the answer is the same.
    Failed(String),
}

/// The cache file as it was when the command started: read once, whole,
/// and judged person by person.
pub struct Cache {
    path: Option<PathBuf>,
    root: String,
    /// Read no earlier than any note is read.
    now: i64,
    /// The old file's bytes and where its records are, by id.
    old: Vec<u8>,
    records: Vec<(String, std::ops::Range<usize>)>,
    /// There was no usable old file, or it was damaged somewhere.
    rewrite: bool,
}

/// One person's stored record, not yet trusted.
#[derive(Clone, Copy)]
pub struct Record<'a> {
    frame: &'a [u8],
}

impl<'a> Record<'a> {
    fn split(self) -> Option<(Key<'a>, &'a [u8])> {
        postcard::take_from_bytes::<Key>(self.frame).ok()
    }

    /// The file names it was read from.
    pub fn files(self) -> Vec<&'a str> {
        self.split()
            .map(|(key, _)| key.files.into_iter().map(|(name, _)| name).collect())
            .unwrap_or_default()
    }

    /// The rest of the record after its key, when it was stored for
    /// exactly these files (name and stamp, in order) and former ids.
    fn body(self, files: &[(&str, Option<Stamp>)], former: &[String]) -> Option<&'a [u8]> {
        let (key, rest) = self.split()?;
        let same = key.files.len() == files.len()
            && key.former.len() == former.len()
            && key.former.iter().zip(former).all(|(a, b)| a == b)
            && key
                .files
                .iter()
                .zip(files)
                .all(|((name, stamp), (now_name, now_stamp))| {
                    name == now_name && Some(*stamp) == *now_stamp
                });
        same.then_some(rest)
    }

    /// The digest and problems stored for exactly these files, if a result
    /// was stored. It comes first, so the history is never decoded.
    /// A history read as of another day holds for `today` while the same
    /// notes are past and the same ones still planned.
    pub fn digest(
        self,
        files: &[(&str, Option<Stamp>)],
        former: &[String],
        today: NaiveDate,
    ) -> Option<(Digest, Vec<Error>)> {
        let body = self.body(files, former)?;
        let (stored, _) = postcard::take_from_bytes::<Option<Head>>(body).ok()?;
        let (horizon, problems, digest) = stored?;
        horizon.holds(today).then_some(())?;
        Some((digest.digest()?, problems_of(problems)))
    }

    /// The whole history and problems stored for exactly these files, as
    /// of `today`.
    pub fn history(
        self,
        files: &[(&str, Option<Stamp>)],
        former: &[String],
        today: NaiveDate,
    ) -> Option<(History, Vec<Error>)> {
        let rest = self.body(files, former)?;
        let (horizon, problems, _, history) =
            postcard::from_bytes::<Option<Stored>>(rest).ok()??;
        horizon.holds(today).then_some(())?;
        Some((history.history()?, problems_of(problems)))
    }
}

fn problems_of(stored: Vec<Problem<String>>) -> Vec<Error> {
    stored
        .into_iter()
        .map(|(path, line, column, message)| Error::Input {
            path: PathBuf::from(path),
            line,
            column,
            message,
        })
        .collect()
}

impl Cache {
    /// Opens the cache of `root`; with `rebuild`, ignores what is there.
    pub fn open(root: &Path, rebuild: bool) -> Cache {
        Cache::open_at(root, rebuild, SystemTime::now())
    }

    /// `open` with the clock read by the caller: no note may be read before
    /// `now`.
    pub fn open_at(root: &Path, rebuild: bool, now: SystemTime) -> Cache {
        let path = location(root);
        let root = root
            .canonicalize()
            .unwrap_or_else(|_| root.to_path_buf())
            .to_string_lossy()
            .into_owned();
        let mut cache = Cache {
            path,
            root,
            now: nanos(now),
            old: Vec::new(),
            records: Vec::new(),
            rewrite: true,
        };
        if !rebuild && let Some(old) = cache.path.as_ref().and_then(|p| fs::read(p).ok()) {
            cache.old = old;
            cache.load();
        }
        cache
    }

    /// This cache, answering from the records it has but never writing:
    /// for a look-up that should leave no trace.
    #[must_use]
    pub fn read_only(mut self) -> Cache {
        self.path = None;
        self
    }

    /// Finds the records of the old file, if it is of this tool, this format
    /// and this repository; stops at the first damaged frame.
    fn load(&mut self) {
        let mut frames = Frames {
            bytes: &self.old,
            at: 12,
        };
        if self.old.get(..8) != Some(&MAGIC[..])
            || self.old.get(8..12) != Some(&FORMAT.to_le_bytes()[..])
        {
            return;
        }
        let header = frames
            .next()
            .and_then(|r| postcard::from_bytes::<Header>(&self.old[r]).ok());
        if !header.is_some_and(|h| h.tool == TOOL && h.root == self.root) {
            return;
        }
        let mut records = Vec::new();
        for range in frames.by_ref() {
            let Ok((id, _)) = postcard::take_from_bytes::<&str>(&self.old[range.clone()]) else {
                break;
            };
            // Out of order means damage (or another writer): stop trusting.
            if records
                .last()
                .is_some_and(|(last, _): &(String, _)| last.as_str() >= id)
            {
                break;
            }
            records.push((id.to_owned(), range));
        }
        self.rewrite = frames.at != self.old.len();
        self.records = records;
    }

    /// Where the cache file is, if anywhere.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The stored record of person `id`, if any.
    pub fn record(&self, id: &str) -> Option<Record<'_>> {
        let i = self
            .records
            .binary_search_by(|(stored, _)| stored.as_str().cmp(id))
            .ok()?;
        Some(Record {
            frame: &self.old[self.records[i].1.clone()],
        })
    }

    /// Every stored record, in id order.
    pub fn records(&self) -> impl Iterator<Item = (&str, Record<'_>)> {
        self.records.iter().map(|(id, range)| {
            (
                id.as_str(),
                Record {
                    frame: &self.old[range.clone()],
                },
            )
        })
    }

    /// The record of a person just read: its files with their stamps (`None`
    /// when a file could not be stamped) and what reading gave, `None` when
    /// it is not to be trusted next time (an I/O failure). A result read
    /// too soon after a file changed is kept as a bare key. `None` when the
    /// person is not worth a record at all.
    pub fn encode(
        &self,
        id: &str,
        files: &[(&str, NoteName, Option<Stamp>)],
        former: &[String],
        today: NaiveDate,
        answer: Option<(&History, &Digest, &[Error])>,
    ) -> Option<Vec<u8>> {
        let key = Key {
            id,
            files: files
                .iter()
                .map(|&(file, _, stamp)| Some((file, stamp?)))
                .collect::<Option<_>>()?,
            former: former.iter().map(String::as_str).collect(),
        };
        let mut bytes = postcard::to_stdvec(&key).ok()?;
        let keyed = bytes.len();
        let settled = key.files.iter().all(|(_, s)| s.settled(self.now));
        let answer = answer
            .filter(|_| settled)
            .and_then(|(history, digest, problems)| {
                let problems = problems
                    .iter()
                    .map(|e| match e {
                        Error::Input {
                            path,
                            line,
                            column,
                            message,
                        } => Some((path.to_str()?, *line, *column, message.as_str())),
                        _ => None,
                    })
                    .collect::<Option<Vec<Problem<&str>>>>()?;
                Some((problems, history, digest))
            });
        let horizon = Horizon::of(files.iter().map(|&(_, name, _)| name), today);
        let stored = answer.as_ref().map(|(problems, history, digest)| {
            (
                &horizon,
                problems,
                DigestDto::of(digest),
                HistoryDto::of(history),
            )
        });
        // Reading bounds item nesting (`MAX_ITEM_DEPTH`, and tracking
        // across notes), so encoding never recurses deeply.
        bytes = postcard::to_extend(&stored, bytes).ok()?;
        if bytes.len() > MAX_FRAME {
            bytes.truncate(keyed);
            bytes.push(0);
        }
        Some(bytes)
    }

    /// Starts the new file's frames.
    pub fn saver(&self) -> Saver<'_> {
        Saver {
            cache: self,
            pending: Vec::new(),
            changed: self.rewrite,
            out: None,
            kept: 0,
        }
    }
}

/// The frames of a cache file, each checked; stops at the first bad one.
struct Frames<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Iterator for Frames<'_> {
    type Item = std::ops::Range<usize>;

    fn next(&mut self) -> Option<Self::Item> {
        let head = self.bytes.get(self.at..self.at + 8)?;
        let len = u32::from_le_bytes(head[..4].try_into().ok()?) as usize;
        let crc = u32::from_le_bytes(head[4..].try_into().ok()?);
        let range = self.at + 8..(self.at + 8).checked_add(len)?;
        let frame = self.bytes.get(range.clone())?;
        if len > MAX_FRAME || crc32fast::hash(frame) != crc {
            return None;
        }
        self.at = range.end;
        Some(range)
    }
}

/// The new file's frames, one per person in id order, kept from the old file
/// or freshly encoded; written only if they differ from the old file. Once
/// something differs, frames go straight to the new file, so a first run
/// does not hold the whole cache in memory.
pub struct Saver<'a> {
    cache: &'a Cache,
    /// Frames not yet written, while nothing has changed.
    pending: Vec<Cow<'a, [u8]>>,
    changed: bool,
    out: Option<io::Result<Writer>>,
    /// Old records carried into the new file, as is or replaced.
    kept: usize,
}

impl<'a> Saver<'a> {
    /// The person's old record, unchanged.
    pub fn keep(&mut self, record: Record<'a>) {
        self.kept += 1;
        self.push(Cow::Borrowed(record.frame));
    }

    /// A new record for a person (`None`: none worth keeping), replacing
    /// `old` if there was one.
    pub fn put(&mut self, old: Option<Record<'a>>, new: Option<Vec<u8>>) {
        self.kept += usize::from(old.is_some());
        self.changed |= old.map(|r| r.frame) != new.as_deref();
        if let Some(new) = new {
            self.push(Cow::Owned(new));
        }
    }

    fn push(&mut self, frame: Cow<'a, [u8]>) {
        self.pending.push(frame);
        if self.changed {
            self.flush();
        }
    }

    /// Writes what is pending, starting the file if need be.
    fn flush(&mut self) {
        let Some(path) = &self.cache.path else {
            return;
        };
        let out = self
            .out
            .get_or_insert_with(|| Writer::create(path, &self.cache.root));
        let pending = std::mem::take(&mut self.pending);
        if let Ok(writer) = out {
            let written = pending.iter().try_for_each(|frame| writer.frame(frame));
            if let Err(e) = written {
                *out = Err(e);
            }
        }
    }

    /// Saves the file if anything changed.
    pub fn finish(mut self) -> Saved {
        let Some(path) = &self.cache.path else {
            return Saved::NoLocation;
        };
        if !self.changed && self.kept == self.cache.records.len() {
            return Saved::Unchanged;
        }
        self.flush();
        let finished = match self.out.take() {
            Some(Ok(writer)) => writer.finish(path),
            Some(Err(e)) => Err(e),
            None => Err(io::Error::other("the cache file was never started")),
        };
        match finished {
            Ok(()) => Saved::Written,
            Err(e) => Saved::Failed(format!("{}: {e}", path.display())),
        }
    }
}

/// The new file, written beside the old one and renamed into place. Not
/// synced: a torn cache after a crash fails its checks and is rebuilt.
struct Writer {
    out: BufWriter<tempfile::NamedTempFile>,
}

impl Writer {
    fn create(path: &Path, root: &str) -> io::Result<Writer> {
        let dir = path.parent().unwrap_or(Path::new("."));
        fs::create_dir_all(dir)?;
        let temp = tempfile::Builder::new()
            .prefix(store::TEMP_PREFIX)
            .tempfile_in(dir)?;
        let mut writer = Writer {
            out: BufWriter::with_capacity(1 << 16, temp),
        };
        writer.out.write_all(MAGIC)?;
        writer.out.write_all(&FORMAT.to_le_bytes())?;
        let header = postcard::to_stdvec(&Header { tool: TOOL, root }).map_err(io::Error::other)?;
        writer.frame(&header)?;
        Ok(writer)
    }

    fn frame(&mut self, frame: &[u8]) -> io::Result<()> {
        let len = u32::try_from(frame.len()).map_err(io::Error::other)?;
        self.out.write_all(&len.to_le_bytes())?;
        self.out.write_all(&crc32fast::hash(frame).to_le_bytes())?;
        self.out.write_all(frame)
    }

    fn finish(self, path: &Path) -> io::Result<()> {
        let temp = self
            .out
            .into_inner()
            .map_err(io::IntoInnerError::into_error)?;
        temp.persist(path).map_err(|e| e.error)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::fs::File;
    use std::time::Duration;

    use super::*;
    use crate::io::load::{self, IndexStats};
    use crate::io::repo::Repo;
    use crate::io::scan;
    use crate::model::index::Index;
    use crate::plan::people;

    /// A repository inside a git work tree, so the cache goes to `.git/`.
    fn repo(notes: &[(&str, &str)]) -> (tempfile::TempDir, Repo) {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join(".git")).unwrap();
        for (path, body) in notes {
            write(dir.path(), path, body);
        }
        let repo = Repo::open(dir.path().to_path_buf()).unwrap();
        (dir, repo)
    }

    fn write(root: &Path, path: &str, body: &str) {
        let file = root.join(path);
        fs::create_dir_all(file.parent().unwrap()).unwrap();
        fs::write(file, body).unwrap();
    }

    const NOTES: &[(&str, &str)] = &[
        (
            "alice/2026-11-18.md",
            "---\nperson: alice\nkind: peer\n---\n- [ ] @alice draft goals\n  - [x] outline\n",
        ),
        (
            "alice/2026-11-25.md",
            "---\nperson: alice\nstatus: cancelled\n---\n- [x] @alice draft goals (from 2026-11-18)\n",
        ),
        ("bob/2026-11-20.md", "---\nperson: bob\ncadence: 3w\n---\n"),
        ("bob/2026-11-21.md", "---\nperson: carol\n---\n"),
        ("carol/2026-11-02.md", "no front matter"),
    ];

    /// Builds as if every file had been written long before.
    fn build(repo: &Repo) -> (Index, IndexStats) {
        let later = SystemTime::now() + Duration::from_secs(3600);
        load::index_through(
            repo,
            NaiveDate::MAX,
            &Cache::open_at(&repo.root, false, later),
            &|_, _| {},
        )
    }

    /// What the index is without any cache.
    fn assert_right(repo: &Repo, index: &Index) {
        let scan = scan::scan(&repo.root);
        let parsed = load::parse_all(&repo.root, &repo.settings, &scan.candidates);
        let expected = people::index(
            &repo.settings,
            scan.folders,
            parsed,
            scan.problems,
            NaiveDate::MAX,
        );
        assert_eq!(index.people, expected.people);
        let messages = |i: &Index| {
            i.problems
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
        };
        assert_eq!(messages(index), messages(&expected));
    }

    fn counts(stats: &IndexStats) -> (usize, usize, usize, usize) {
        (stats.files, stats.parsed, stats.cached, stats.removed)
    }

    fn cache_file(repo: &Repo) -> PathBuf {
        repo.root.join(".git/oneonone/index.bin")
    }

    #[test]
    fn a_second_build_reads_nothing_and_answers_the_same() {
        let (_dir, repo) = repo(NOTES);
        let (first, stats) = build(&repo);
        assert_eq!(counts(&stats), (5, 5, 0, 0));
        assert_eq!(stats.saved, Saved::Written);
        assert_eq!(stats.cache, Some(cache_file(&repo).canonicalize().unwrap()));
        assert_right(&repo, &first);
        assert_eq!(first.problems.len(), 2, "{:?}", first.problems);

        let modified = fs::metadata(cache_file(&repo)).unwrap().modified().unwrap();
        let (second, stats) = build(&repo);
        assert_eq!(counts(&stats), (5, 0, 5, 0));
        assert_eq!(stats.saved, Saved::Unchanged);
        let again = fs::metadata(cache_file(&repo)).unwrap().modified().unwrap();
        assert_eq!(modified, again, "an unchanged cache is not rewritten");
        assert_right(&repo, &second);
        // Problems come back as the same errors, positions included.
        let message = second.problems[0].to_string();
        assert_eq!(
            message,
            "bob/2026-11-21.md:2:9: person `carol` does not match the folder `bob`"
        );
    }

    #[test]
    fn edited_added_and_deleted_notes_are_noticed() {
        let (_dir, repo) = repo(NOTES);
        build(&repo);
        write(
            &repo.root,
            "bob/2026-11-20.md",
            "---\nperson: bob\n---\n- [ ] new item\n",
        );
        write(&repo.root, "dave/2026-11-01.md", "---\nperson: dave\n---\n");
        fs::remove_file(repo.root.join("alice/2026-11-18.md")).unwrap();
        // Each changed person's folder is read again: alice's remaining
        // note, bob's two and dave's new one; carol's comes from the cache.
        let (index, stats) = build(&repo);
        assert_eq!(counts(&stats), (5, 4, 1, 1));
        assert_eq!(stats.saved, Saved::Written);
        assert_right(&repo, &index);
        let (index, stats) = build(&repo);
        assert_eq!(counts(&stats), (5, 0, 5, 0));
        assert_right(&repo, &index);
    }

    #[test]
    fn changes_in_later_batches_keep_the_other_records() {
        // More notes than one batch holds: a change in the last batch or the
        // first reads only that person again.
        let (_dir, repo) = repo(&[]);
        for person in 0..130 {
            for day in 1..=9 {
                let body = format!("---\nperson: p{person:03}\n---\n- [ ] task {day}\n");
                write(
                    &repo.root,
                    &format!("p{person:03}/2026-11-0{day}.md"),
                    &body,
                );
            }
        }
        let total = 130 * 9;
        assert!(total > load::BATCH);
        assert_eq!(counts(&build(&repo).1), (total, total, 0, 0));
        let edits: [(&str, Option<&str>); 3] = [
            (
                "p129/2026-11-05.md",
                Some("---\nperson: p129\n---\n- [x] task 5\n"),
            ),
            ("p129/2026-11-09.md", None),
            ("p000/2026-11-01.md", None),
        ];
        let mut files = total;
        for (path, body) in edits {
            if let Some(body) = body {
                write(&repo.root, path, body);
            } else {
                fs::remove_file(repo.root.join(path)).unwrap();
                files -= 1;
            }
            let (index, stats) = build(&repo);
            let person = path.split('/').next().unwrap();
            let theirs = fs::read_dir(repo.root.join(person)).unwrap().count();
            let removed = usize::from(body.is_none());
            let expected = (files, theirs, files - theirs, removed);
            assert_eq!(counts(&stats), expected, "{path}");
            assert_eq!(stats.saved, Saved::Written);
            assert_right(&repo, &index);
            let (index, stats) = build(&repo);
            assert_eq!(counts(&stats), (files, 0, files, 0), "{path}: after");
            assert_right(&repo, &index);
        }
    }

    #[test]
    fn same_size_and_mtime_but_a_new_inode_change_time_is_noticed() {
        let (_dir, repo) = repo(NOTES);
        let path = repo.root.join("bob/2026-11-20.md");
        let stamp = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(stamp)
            .unwrap();
        build(&repo);
        // Same length, same mtime: only the change time tells.
        fs::write(&path, "---\nperson: bob\ncadence: 4w\n---\n").unwrap();
        File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(stamp)
            .unwrap();
        let (index, stats) = build(&repo);
        assert_eq!(stats.parsed, 2, "bob's folder is read again");
        assert_right(&repo, &index);
    }

    #[test]
    fn settings_apply_over_cached_people() {
        let (_dir, repo) = repo(NOTES);
        build(&repo);
        fs::write(
            repo.root.join(".oneonone.yaml"),
            "people:\n  alice:\n    name: Alice Smith\n    kind: mentee\n",
        )
        .unwrap();
        let repo = Repo::open(repo.root.clone()).unwrap();
        let (index, stats) = build(&repo);
        assert_eq!(counts(&stats), (5, 0, 5, 0));
        let alice = index.person("alice").unwrap();
        assert_eq!(alice.kind, crate::model::cadence::Kind::Mentee);
        assert_eq!(alice.display_name(), "Alice Smith");
        assert_right(&repo, &index);
    }

    #[test]
    fn damaged_caches_are_rebuilt_silently() {
        let (_dir, repo) = repo(NOTES);
        build(&repo);
        let good = fs::read(cache_file(&repo)).unwrap();
        let mut flipped = good.clone();
        let middle = flipped.len() / 2;
        flipped[middle] ^= 0x40;
        let damages: Vec<(&str, Vec<u8>)> = vec![
            ("empty", Vec::new()),
            ("garbage", b"not a cache at all, just some words".repeat(50)),
            ("cut in the header", good[..10].to_vec()),
            ("cut in a frame", good[..good.len() - 3].to_vec()),
            ("cut between frames", cut_before_last_frame(&good)),
            ("one bit flipped", flipped),
            ("trailing garbage", [good.clone(), vec![7; 5]].concat()),
        ];
        for (what, bytes) in damages {
            fs::write(cache_file(&repo), &bytes).unwrap();
            let (index, stats) = build(&repo);
            assert_right(&repo, &index);
            assert_eq!(stats.files, 5, "{what}");
            // Noticed, and repaired: only what is still whole is reused.
            assert_eq!(stats.saved, Saved::Written, "{what}: {stats:?}");
            let (index, stats) = build(&repo);
            assert_eq!(counts(&stats), (5, 0, 5, 0), "{what}: repaired");
            assert_right(&repo, &index);
        }
    }

    /// The file with its last frame removed.
    fn cut_before_last_frame(bytes: &[u8]) -> Vec<u8> {
        let mut at = 12;
        let mut last = at;
        while at < bytes.len() {
            last = at;
            let len = u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap()) as usize;
            at += 8 + len;
        }
        bytes[..last].to_vec()
    }

    #[test]
    fn another_format_tool_version_or_root_is_ignored() {
        let (_dir, repo) = repo(NOTES);
        build(&repo);
        let good = fs::read(cache_file(&repo)).unwrap();
        let mut other_format = good.clone();
        other_format[8..12].copy_from_slice(&(FORMAT + 1).to_le_bytes());
        let root = repo.root.canonicalize().unwrap();
        let root = root.to_str().unwrap();
        for (what, bytes) in [
            ("format", other_format),
            ("tool", with_header(&good, "0.0.0-other", root)),
            ("root", with_header(&good, TOOL, "/somewhere/else")),
        ] {
            fs::write(cache_file(&repo), &bytes).unwrap();
            let (index, stats) = build(&repo);
            assert_eq!(counts(&stats), (5, 5, 0, 0), "{what}");
            assert_right(&repo, &index);
        }
        // The control: the same surgery with the right values is accepted.
        fs::write(cache_file(&repo), with_header(&good, TOOL, root)).unwrap();
        assert_eq!(counts(&build(&repo).1), (5, 0, 5, 0));
    }

    /// The file with its header frame replaced.
    fn with_header(bytes: &[u8], tool: &str, root: &str) -> Vec<u8> {
        let len = u32::from_le_bytes(bytes[12..16].try_into().unwrap()) as usize;
        let header = postcard::to_stdvec(&Header { tool, root }).unwrap();
        let mut out = bytes[..12].to_vec();
        out.extend_from_slice(&u32::try_from(header.len()).unwrap().to_le_bytes());
        out.extend_from_slice(&crc32fast::hash(&header).to_le_bytes());
        out.extend_from_slice(&header);
        out.extend_from_slice(&bytes[20 + len..]);
        out
    }

    #[test]
    fn rebuild_ignores_the_cache() {
        let (_dir, repo) = repo(NOTES);
        build(&repo);
        let later = SystemTime::now() + Duration::from_secs(3600);
        let (index, stats) = load::index_through(
            &repo,
            NaiveDate::MAX,
            &Cache::open_at(&repo.root, true, later),
            &|_, _| {},
        );
        assert_eq!(counts(&stats), (5, 5, 0, 0));
        assert_eq!(stats.saved, Saved::Written);
        assert_right(&repo, &index);
    }

    #[test]
    fn recent_files_are_stored_but_read_again() {
        let (_dir, repo) = repo(NOTES);
        let now = || SystemTime::now();
        let (_, stats) = load::index_through(
            &repo,
            NaiveDate::MAX,
            &Cache::open_at(&repo.root, false, now()),
            &|_, _| {},
        );
        assert_eq!(stats.saved, Saved::Written);
        // Written just now: the same tick could hide another edit.
        let (index, stats) = load::index_through(
            &repo,
            NaiveDate::MAX,
            &Cache::open_at(&repo.root, false, now()),
            &|_, _| {},
        );
        assert_eq!(counts(&stats), (5, 5, 0, 0));
        assert_eq!(
            stats.saved,
            Saved::Unchanged,
            "bare keys are already stored"
        );
        assert_right(&repo, &index);
        // Once they have settled, the next build stores their results.
        let (_, stats) = build(&repo);
        assert_eq!((stats.parsed, &stats.saved), (5, &Saved::Written));
        assert_eq!(counts(&build(&repo).1), (5, 0, 5, 0));
    }

    #[test]
    fn an_unwritable_cache_changes_nothing_but_speed() {
        let (_dir, repo) = repo(NOTES);
        // A file where the cache folder should be: creating it fails.
        fs::write(repo.root.join(".git/oneonone"), "").unwrap();
        let (index, stats) = build(&repo);
        assert!(matches!(stats.saved, Saved::Failed(_)), "{:?}", stats.saved);
        assert_right(&repo, &index);
        assert_eq!(counts(&build(&repo).1), (5, 5, 0, 0));
    }

    #[test]
    fn the_cache_follows_the_git_directory() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        fs::create_dir_all(root.join("repo/.git")).unwrap();
        fs::create_dir_all(root.join("repo/notes")).unwrap();
        assert_eq!(
            location(&root.join("repo")),
            Some(root.join("repo/.git/oneonone/index.bin"))
        );
        // A notes folder inside a work tree gets a file of its own.
        let nested = location(&root.join("repo/notes")).unwrap();
        assert_eq!(
            nested.parent(),
            Some(root.join("repo/.git/oneonone").as_path())
        );
        assert_ne!(nested.file_name().unwrap(), FILE_NAME);
        // A linked work tree's `.git` file points at its git directory.
        fs::create_dir_all(root.join("repo/.git/worktrees/wt")).unwrap();
        fs::create_dir_all(root.join("wt")).unwrap();
        fs::write(root.join("wt/.git"), "gitdir: ../repo/.git/worktrees/wt\n").unwrap();
        assert_eq!(
            location(&root.join("wt")),
            Some(root.join("wt/../repo/.git/worktrees/wt/oneonone/index.bin"))
        );
    }

    /// Changing what a history encodes to without bumping `FORMAT` would
    /// let an old cache be misread. If this fails, bump `FORMAT` and then
    /// update the expected checksum.
    #[test]
    fn encoding_is_pinned() {
        let path = Path::new("alice/2026-11-25.md");
        let name = crate::model::note::NoteName::parse("2026-11-25.md")
            .unwrap()
            .unwrap();
        let text = "---\nperson: alice\nname: Alice\ndate: 2026-11-25\nkind: skip-level\n\
                    cadence: 2m\nduration: 45\nstatus: rescheduled\nslot: tue 10:00 Europe/Berlin\n---\n\
                    - [ ] @alice goals due:2026-12-01 (from 2026-11-18)\n  - [x] child\n- [-] gone\n\
                    ## Private notes\n- [ ] mine\n";
        let note = crate::parse::note::parse(path, "alice", name, text.as_bytes()).unwrap();
        let today = crate::model::date::parse_date("2026-11-25").unwrap();
        let history = crate::plan::track::history(&[note], today);
        assert!(history.slot.is_some(), "the sample pins a slot too");
        let problem = Error::at(path, 3, 7, "a problem");
        let cache = Cache::open_at(Path::new("/nowhere"), true, SystemTime::now());
        let stamp = Stamp {
            size: 10,
            modified: 1,
            changed: 2,
        };
        let bytes = cache
            .encode(
                "alice",
                &[("2026-11-25.md", name, Some(stamp))],
                &[],
                today,
                Some((&history, &history.digest(), &[problem])),
            )
            .unwrap();
        let record = Record { frame: &bytes };
        assert_eq!(record.files(), ["2026-11-25.md"]);
        let (decoded, problems) = record
            .history(&[("2026-11-25.md", Some(stamp))], &[], today)
            .unwrap();
        assert_eq!(decoded, history);
        let (digest, _) = record
            .digest(&[("2026-11-25.md", Some(stamp))], &[], today)
            .unwrap();
        assert_eq!(digest, history.digest());
        assert_eq!(
            digest.open_items, 2,
            "the open parent and the private item; the done child is left out"
        );
        assert_eq!(
            decoded.items.iter().map(|i| i.private).collect::<Vec<_>>(),
            [false, false, true]
        );
        assert_eq!(
            problems[0].to_string(),
            "alice/2026-11-25.md:3:7: a problem"
        );
        // Another stamp, name or number of files is another version.
        let newer = Stamp {
            changed: 3,
            ..stamp
        };
        assert!(
            record
                .history(&[("2026-11-25.md", Some(newer))], &[], today)
                .is_none()
        );
        assert!(
            record
                .digest(&[("2026-11-26.md", Some(stamp))], &[], today)
                .is_none()
        );
        assert!(record.history(&[], &[], today).is_none());
        // Former ids other than those it was read with: read again.
        let renamed = ["al".to_owned()];
        assert!(
            record
                .history(&[("2026-11-25.md", Some(stamp))], &renamed, today)
                .is_none()
        );
        assert_eq!(
            (FORMAT, bytes.len(), crc32fast::hash(&bytes)),
            (12, 327, 820_850_512),
            "the cache encoding changed: bump FORMAT"
        );
    }
}
