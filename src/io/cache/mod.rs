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
//! digest at its head. A record written by `status` holds only the digest;
//! a report that needs the history reads that folder again, and one that
//! reads everyone stores it. The price is that a change to one note reads
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
use crate::io::{config, git, store};
use crate::model::note::NoteName;
use crate::model::person::{Digest, History};
use dto::{DigestDto, HistoryDto, Horizon};
pub use stamp::Stamp;
pub(crate) use stamp::nanos;

/// Version of the stored layout *and* of what reading produces: bump it
/// whenever `History` (or anything in it) or the parser's output changes, so
/// old caches are dropped rather than misread. The `encoding_is_pinned` test
/// fails when the encoding of a sample history changes.
pub const FORMAT: u32 = 13;
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

/// The whole stored result; the history only when the command that read
/// the notes wanted it.
type Stored<'a> = (
    Horizon,
    Vec<Problem<String>>,
    DigestDto<'a>,
    Option<HistoryDto<'a>>,
);

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
    let base = config::user_folder("XDG_CACHE_HOME", ".cache")?;
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
        Some((history?.history()?, problems_of(problems)))
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
        answer: Option<(Option<&History>, &Digest, &[Error])>,
    ) -> Option<Vec<u8>> {
        let key = Key {
            id,
            files: files
                .iter()
                .map(|&(file, _, stamp)| Some((file, stamp?)))
                .collect::<Option<_>>()?,
            former: former.iter().map(String::as_str).collect(),
        };
        // About what a record takes, so the buffer is not grown (and
        // copied) step by step.
        let size = answer
            .and_then(|(h, _, _)| h)
            .map_or(0, |h| 32 * h.meetings.len() + 96 * h.items.len());
        let bytes = Vec::with_capacity(64 + 32 * files.len() + size);
        let mut bytes = postcard::to_extend(&key, bytes).ok()?;
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
                history.map(HistoryDto::of),
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
mod tests;
