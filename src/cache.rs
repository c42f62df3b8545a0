//! The index cache: what parsing each note gave last time, so a report reads
//! only the notes that changed since.
//!
//! It lives in `.git/oneonone/` inside a git repository (git never tracks its
//! own folder), else under `$XDG_CACHE_HOME/oneonone/`. Each note's record is
//! keyed by its relative path, size, modification time and inode change time;
//! the file as a whole by the tool's version and [`FORMAT`]. Anything that
//! does not match exactly is parsed again, so the cache can make a command
//! faster but never change its answer.
//!
//! The file is a header and one frame per note, in the order the index reads
//! notes: `len: u32, crc32: u32, bytes`. Frames are checked one at a time, so
//! the cache is read as a stream (memory stays flat however big the
//! repository), a damaged frame costs only the notes after it, and an
//! unchanged run never rewrites the file: records are merged with the scan
//! like two sorted lists, and the file is rewritten only from the first batch
//! that differs, copying the unchanged prefix byte for byte.

use std::cmp::Ordering;
use std::fs::{self, File};
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::os::unix::fs::{FileExt, MetadataExt};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::note::Note;

/// Version of the stored layout *and* of what parsing produces: bump it
/// whenever `Note` (or anything in it) or the parser's output changes, so
/// old caches are dropped rather than misread. The `encoding_is_pinned` test
/// fails when the encoding of a sample note changes.
pub const FORMAT: u32 = 3;
const TOOL: &str = env!("CARGO_PKG_VERSION");
const MAGIC: &[u8; 8] = b"1on1idx\n";
const FILE_NAME: &str = "index.bin";
const DIR_NAME: &str = "oneonone";

/// A file modified this close to when it was read may change again within
/// the same timestamp tick (coarse file systems count in seconds, FAT in two)
/// without its size or times changing — git's "racy clean" problem. Such a
/// record is stored without its result, so the note is read again next time.
const RACY_NANOS: i64 = 2_000_000_000;

/// A record larger than this is not stored (a 50 MB note is parsed each
/// time) and a frame claiming more is treated as damage, so garbage cannot
/// make the reader allocate without bound.
const MAX_FRAME: usize = 16 << 20;

/// Nanoseconds since the epoch, negative before it; saturates outside the
/// years 1678–2262, which only makes such files always re-read.
fn nanos(time: SystemTime) -> i64 {
    match time.duration_since(UNIX_EPOCH) {
        Ok(after) => i64::try_from(after.as_nanos()).unwrap_or(i64::MAX),
        Err(e) => i64::try_from(e.duration().as_nanos()).map_or(i64::MIN, |n| -n),
    }
}

/// What identifies a version of a file without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    pub size: u64,
    /// Modification time, ns since the epoch.
    pub modified: i64,
    /// Inode change time, ns: moves on any write, `chmod` or `touch -d`,
    /// and cannot be set back by the user.
    pub changed: i64,
}

impl Stamp {
    pub fn of(meta: &fs::Metadata) -> Option<Stamp> {
        Some(Stamp {
            size: meta.len(),
            modified: nanos(meta.modified().ok()?),
            changed: meta
                .ctime()
                .saturating_mul(1_000_000_000)
                .saturating_add(meta.ctime_nsec()),
        })
    }

    /// Whether a read made no earlier than `now` certainly saw the version
    /// this stamp names (see [`RACY_NANOS`]).
    fn settled(self, now: i64) -> bool {
        self.modified.max(self.changed).saturating_add(RACY_NANOS) < now
    }
}

/// The key of a record; its path borrows from the frame being read.
#[derive(Serialize, Deserialize)]
struct Key<'a> {
    path: &'a str,
    stamp: Stamp,
}

/// What parsing a note gave. Written from borrowed values and read back as
/// owned ones: the two share one encoding.
#[derive(Serialize, Deserialize)]
enum Outcome<N, S> {
    Note(N),
    Problem {
        path: S,
        line: Option<usize>,
        column: Option<usize>,
        message: S,
    },
}

type Stored = Outcome<Note, String>;

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
        let dot_git = dir.join(".git");
        let Ok(meta) = fs::symlink_metadata(&dot_git) else {
            continue;
        };
        let git_dir = if meta.is_dir() {
            Some(dot_git)
        } else {
            linked_git_dir(&dot_git)
        };
        if let Some(git_dir) = git_dir {
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
            return Some(git_dir.join(DIR_NAME).join(name));
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

/// A `.git` file (linked work tree, submodule) names the real git directory.
fn linked_git_dir(dot_git: &Path) -> Option<PathBuf> {
    let text = fs::read_to_string(dot_git).ok()?;
    let target = text.lines().next()?.strip_prefix("gitdir:")?.trim();
    let target = dot_git.parent()?.join(target);
    target.is_dir().then_some(target)
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

/// One pass of the index over the cache: look up every candidate in scan
/// order, in batches, then `commit` each batch with what was parsed.
pub struct Session {
    path: Option<PathBuf>,
    root: String,
    /// Read no earlier than any note is read.
    now: i64,
    reader: Option<Reader>,
    writer: Option<Writer>,
    /// Offset in the old file up to which everything was kept as is.
    kept_until: u64,
    /// Lookups of the current batch, in order.
    pending: Vec<Pending>,
    /// The current batch dropped records of files that are gone.
    batch_dropped: bool,
    /// Records dropped because their file is gone.
    removed: usize,
    failure: Option<String>,
}

enum Pending {
    /// Found and still right: the frame to copy if the file is rewritten.
    Hit { offset: u64, len: u64 },
    /// To be parsed; the old frame for the same path, to tell whether the
    /// new record differs.
    Miss { old: Option<Vec<u8>> },
}

impl Session {
    /// Opens the cache of `root`; with `rebuild`, ignores what is there.
    pub fn open(root: &Path, rebuild: bool) -> Session {
        Session::open_at(root, rebuild, SystemTime::now())
    }

    /// `open` with the clock read by the caller: no note may be read before
    /// `now`.
    pub fn open_at(root: &Path, rebuild: bool, now: SystemTime) -> Session {
        let now = nanos(now);
        let path = location(root);
        let root = root
            .canonicalize()
            .unwrap_or_else(|_| root.to_path_buf())
            .to_string_lossy()
            .into_owned();
        let reader = match &path {
            Some(path) if !rebuild => Reader::open(path, &root),
            _ => None,
        };
        Session {
            path,
            root,
            now,
            kept_until: reader.as_ref().map_or(0, |r| r.offset),
            reader,
            writer: None,
            pending: Vec::new(),
            batch_dropped: false,
            removed: 0,
            failure: None,
        }
    }

    /// Where the cache file is, if anywhere.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The cached result for the file at `path` (relative to the root), if
    /// its record is still right; `None` means it must be parsed. Lookups
    /// must come in scan order.
    pub fn lookup(&mut self, path: &Path, stamp: Option<Stamp>) -> Option<Cached> {
        let Some(reader) = self.reader.as_mut() else {
            self.pending.push(Pending::Miss { old: None });
            return None;
        };
        loop {
            let Some(order) = reader.compare(path) else {
                self.pending.push(Pending::Miss { old: None });
                return None;
            };
            match order {
                Ordering::Less => {
                    reader.skip();
                    self.removed += 1;
                    self.batch_dropped = true;
                }
                Ordering::Greater => {
                    self.pending.push(Pending::Miss { old: None });
                    return None;
                }
                Ordering::Equal => break,
            }
        }
        let (offset, len) = (reader.offset, reader.frame_len());
        let found = if let Some(at) = reader.stored_at(stamp) {
            self.pending.push(Pending::Hit { offset, len });
            Some(Cached {
                frame: std::mem::take(&mut reader.frame),
                at,
            })
        } else {
            self.pending.push(Pending::Miss {
                old: Some(reader.frame.clone()),
            });
            None
        };
        reader.skip();
        found
    }

    /// Records the batch looked up since the last commit: `files` are the
    /// same files in the same order, with what parsing gave for the misses
    /// (hits' results are not looked at). Writes only once something differs.
    pub fn commit<'a>(
        &mut self,
        files: impl IntoIterator<Item = (&'a Path, Option<Stamp>, &'a Result<Note>)>,
    ) {
        let pending = std::mem::take(&mut self.pending);
        let mut changed = std::mem::take(&mut self.batch_dropped) || self.reader.is_none();
        let mut frames = Vec::with_capacity(pending.len());
        for (slot, (path, stamp, result)) in pending.into_iter().zip(files) {
            match slot {
                Pending::Hit { offset, len } => match frames.last_mut() {
                    // Neighbours in the old file are copied in one go.
                    Some(Frame::Copy {
                        offset: start,
                        len: run,
                    }) if *start + *run == offset => {
                        *run += len;
                    }
                    _ => frames.push(Frame::Copy { offset, len }),
                },
                Pending::Miss { old } => {
                    let new = stamp.and_then(|s| self.encode(path, s, result));
                    changed |= old != new;
                    if let Some(new) = new {
                        frames.push(Frame::New(new));
                    }
                }
            }
        }
        if changed && self.writer.is_none() && self.failure.is_none() {
            self.start_writing();
        }
        if let Some(writer) = self.writer.as_mut() {
            let old = self.reader.as_ref().map(|r| &r.file);
            let written = frames.iter().try_for_each(|f| writer.frame(f, old));
            self.check(written);
        }
        if self.writer.is_none()
            && let Some(reader) = &self.reader
        {
            self.kept_until = reader.offset;
        }
    }

    /// Drops the records of files that are gone and saves the file if
    /// anything changed. Returns that, and how many records were dropped.
    pub fn finish(mut self) -> (Saved, usize) {
        let saved = self.save();
        (saved, self.removed)
    }

    fn save(&mut self) -> Saved {
        // With no old file, even an empty repository gets one, so the next
        // run finds it.
        let mut changed = self.reader.is_none();
        if let Some(reader) = self.reader.as_mut() {
            while reader.load() {
                reader.skip();
                self.removed += 1;
                changed = true;
            }
            changed |= reader.damaged;
        }
        if changed && self.writer.is_none() && self.failure.is_none() {
            self.start_writing();
        }
        if let Some(failure) = self.failure.take() {
            return Saved::Failed(failure);
        }
        let (Some(path), Some(writer)) = (self.path.as_ref(), self.writer.take()) else {
            return if self.path.is_some() {
                Saved::Unchanged
            } else {
                Saved::NoLocation
            };
        };
        match writer.finish(path) {
            Ok(()) => Saved::Written,
            Err(e) => Saved::Failed(format!("{}: {e}", path.display())),
        }
    }

    /// The record for a parsed file, or `None` when it is not worth keeping
    /// (the file cannot be keyed). A result that cannot be trusted or stored
    /// is kept as a bare key, so the next run parses it without counting a
    /// change.
    fn encode(&self, path: &Path, stamp: Stamp, result: &Result<Note>) -> Option<Vec<u8>> {
        let key = Key {
            path: path.to_str()?,
            stamp,
        };
        let mut bytes = postcard::to_stdvec(&key).ok()?;
        let keyed = bytes.len();
        let outcome = match result {
            // Parsing bounds item nesting (`note::MAX_ITEM_DEPTH`), so
            // encoding never recurses deeply.
            Ok(note) => Some(Outcome::Note(note)),
            Err(Error::Input {
                path,
                line,
                column,
                message,
            }) => path.to_str().map(|path| Outcome::Problem {
                path,
                line: *line,
                column: *column,
                message: message.as_str(),
            }),
            // I/O failures are worth retrying.
            _ => None,
        }
        .filter(|_| stamp.settled(self.now));
        bytes = postcard::to_extend(&outcome, bytes).ok()?;
        if bytes.len() > MAX_FRAME {
            bytes.truncate(keyed);
            bytes = postcard::to_extend(&None::<Outcome<&Note, &str>>, bytes).ok()?;
        }
        Some(bytes)
    }

    /// Opens the new file and copies the old one up to what was kept as is.
    fn start_writing(&mut self) {
        let Some(path) = &self.path else { return };
        let old = self.reader.as_ref().map(|r| (&r.file, self.kept_until));
        let started = Writer::create(path, &self.root, old);
        match started {
            Ok(writer) => self.writer = Some(writer),
            Err(e) => self.failure = Some(format!("{}: {e}", path.display())),
        }
    }

    fn check(&mut self, written: io::Result<()>) {
        if let Err(e) = written {
            self.writer = None;
            if let Some(path) = &self.path {
                self.failure = Some(format!("{}: {e}", path.display()));
            }
        }
    }
}

/// A record found still right, not yet decoded: decoding is left to the
/// caller so it can run in parallel.
pub struct Cached {
    frame: Vec<u8>,
    /// Where the stored `Option<Outcome>` starts.
    at: usize,
}

impl Cached {
    /// The stored result; `None` only if the record does not decode, which a
    /// checked frame of this `FORMAT` cannot do (the caller then parses).
    pub fn decode(&self) -> Option<Result<Note>> {
        let stored = postcard::from_bytes::<Option<Stored>>(&self.frame[self.at..]).ok()??;
        Some(match stored {
            Outcome::Note(note) => Ok(note),
            Outcome::Problem {
                path,
                line,
                column,
                message,
            } => Err(Error::Input {
                path: PathBuf::from(path),
                line,
                column,
                message,
            }),
        })
    }
}

/// Dates as day numbers in binary formats: a third of the bytes of the text
/// form, and nothing to parse when a cached note is read. Human-readable
/// formats (JSON) keep the ISO text.
pub mod day {
    use chrono::{Datelike, NaiveDate};
    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(date: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            date.serialize(s)
        } else {
            date.num_days_from_ce().serialize(s)
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        if d.is_human_readable() {
            return NaiveDate::deserialize(d);
        }
        let days = i32::deserialize(d)?;
        NaiveDate::from_num_days_from_ce_opt(days)
            .ok_or_else(|| D::Error::custom(format!("day {days} is out of range")))
    }

    /// The same for `Option<NaiveDate>`.
    pub mod option {
        use chrono::NaiveDate;
        use serde::{Deserialize, Deserializer, Serialize, Serializer};

        struct Day(NaiveDate);

        impl Serialize for Day {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                super::serialize(&self.0, s)
            }
        }

        impl<'de> Deserialize<'de> for Day {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                super::deserialize(d).map(Day)
            }
        }

        // The signature is serde's `with` contract.
        #[allow(clippy::ref_option)]
        pub fn serialize<S: Serializer>(date: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
            date.map(Day).serialize(s)
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
            Ok(Option::<Day>::deserialize(d)?.map(|day| day.0))
        }
    }
}

/// Reads the old file one frame at a time.
struct Reader {
    file: File,
    input: BufReader<File>,
    /// Offset of the current frame in the file.
    offset: u64,
    /// The current frame's bytes, when one is loaded (a hit takes them).
    frame: Vec<u8>,
    /// The current frame's length in the file, header included.
    len: u64,
    loaded: bool,
    /// A frame failed its check or the file ended inside one.
    damaged: bool,
    done: bool,
}

impl Reader {
    /// `None` when there is no usable file: missing, another version or
    /// repository, or a damaged header.
    fn open(path: &Path, root: &str) -> Option<Reader> {
        let file = File::open(path).ok()?;
        let mut input = BufReader::with_capacity(1 << 16, file.try_clone().ok()?);
        let mut magic = [0; 12];
        input.read_exact(&mut magic).ok()?;
        if magic[..8] != MAGIC[..] || magic[8..] != FORMAT.to_le_bytes() {
            return None;
        }
        let mut reader = Reader {
            file,
            input,
            offset: 12,
            frame: Vec::new(),
            len: 0,
            loaded: false,
            damaged: false,
            done: false,
        };
        if !reader.load() {
            return None;
        }
        let header: Header = postcard::from_bytes(&reader.frame).ok()?;
        if header.tool != TOOL || header.root != root {
            return None;
        }
        reader.skip();
        Some(reader)
    }

    /// Loads the next frame if none is; false at the end or on damage.
    fn load(&mut self) -> bool {
        if self.loaded {
            return true;
        }
        if self.done {
            return false;
        }
        let mut head = [0; 8];
        match self.input.read_exact(&mut head) {
            Ok(()) => {}
            Err(e) => {
                self.done = true;
                // Ending exactly between frames is a clean end.
                self.damaged = e.kind() != io::ErrorKind::UnexpectedEof || self.partial_head();
                return false;
            }
        }
        let (len, crc) = head.split_at(4);
        let len = u32::from_le_bytes(len.try_into().unwrap_or_default()) as usize;
        let crc = u32::from_le_bytes(crc.try_into().unwrap_or_default());
        self.frame.clear();
        let ok = len <= MAX_FRAME
            && (&mut self.input)
                .take(len as u64)
                .read_to_end(&mut self.frame)
                .is_ok_and(|n| n == len)
            && crc32fast::hash(&self.frame) == crc;
        if !ok {
            self.done = true;
            self.damaged = true;
            return false;
        }
        self.len = 8 + len as u64;
        self.loaded = true;
        true
    }

    /// Whether the file ended inside a frame header (not between frames).
    fn partial_head(&self) -> bool {
        self.file.metadata().is_ok_and(|m| m.len() != self.offset)
    }

    fn frame_len(&self) -> u64 {
        self.len
    }

    /// How the current record's path sorts against `path`; `None` when no
    /// record is left (or the rest is unreadable).
    fn compare(&mut self, path: &Path) -> Option<Ordering> {
        if !self.load() {
            return None;
        }
        if let Ok((key, _)) = postcard::take_from_bytes::<Key>(&self.frame) {
            Some(Path::new(key.path).cmp(path))
        } else {
            self.done = true;
            self.damaged = true;
            self.loaded = false;
            None
        }
    }

    /// Where the current record's result starts, when one was stored for
    /// this very version of the file.
    fn stored_at(&self, stamp: Option<Stamp>) -> Option<usize> {
        let (key, rest) = postcard::take_from_bytes::<Key>(&self.frame).ok()?;
        // postcard spells `Some` as a 1 byte before the value.
        (Some(key.stamp) == stamp && rest.first() == Some(&1))
            .then(|| self.frame.len() - rest.len())
    }

    fn skip(&mut self) {
        if self.loaded {
            self.offset += self.frame_len();
            self.loaded = false;
        }
    }
}

enum Frame {
    Copy { offset: u64, len: u64 },
    New(Vec<u8>),
}

/// Writes the new file beside the old one and renames it into place.
struct Writer {
    out: BufWriter<tempfile::NamedTempFile>,
}

impl Writer {
    /// Starts the file: a copy of `old` up to the given offset when the old
    /// file is being extended, else a fresh header.
    fn create(path: &Path, root: &str, old: Option<(&File, u64)>) -> io::Result<Writer> {
        let dir = path.parent().unwrap_or(Path::new("."));
        fs::create_dir_all(dir)?;
        let temp = tempfile::Builder::new()
            .prefix(crate::store::TEMP_PREFIX)
            .tempfile_in(dir)?;
        let mut writer = Writer {
            out: BufWriter::with_capacity(1 << 16, temp),
        };
        if let Some((file, until)) = old {
            copy_range(file, 0, until, &mut writer.out)?;
        } else {
            writer.out.write_all(MAGIC)?;
            writer.out.write_all(&FORMAT.to_le_bytes())?;
            let header = Header { tool: TOOL, root };
            let bytes = postcard::to_stdvec(&header).map_err(io::Error::other)?;
            writer.write_frame(&bytes)?;
        }
        Ok(writer)
    }

    fn frame(&mut self, frame: &Frame, old: Option<&File>) -> io::Result<()> {
        match (frame, old) {
            (Frame::New(bytes), _) => self.write_frame(bytes),
            (Frame::Copy { offset, len }, Some(file)) => {
                copy_range(file, *offset, *len, &mut self.out)
            }
            (Frame::Copy { .. }, None) => Err(io::Error::other("no cache file to copy from")),
        }
    }

    fn write_frame(&mut self, bytes: &[u8]) -> io::Result<()> {
        let len = u32::try_from(bytes.len()).map_err(io::Error::other)?;
        self.out.write_all(&len.to_le_bytes())?;
        self.out.write_all(&crc32fast::hash(bytes).to_le_bytes())?;
        self.out.write_all(bytes)
    }

    /// Renames the file into place. Not synced: a torn cache after a crash
    /// fails its checks and is rebuilt.
    fn finish(self, path: &Path) -> io::Result<()> {
        let temp = self
            .out
            .into_inner()
            .map_err(io::IntoInnerError::into_error)?;
        temp.persist(path).map_err(|e| e.error)?;
        Ok(())
    }
}

/// Copies `len` bytes at `offset` of `file` without moving its cursor.
fn copy_range(file: &File, offset: u64, len: u64, out: &mut impl Write) -> io::Result<()> {
    let mut buf = vec![0; usize::try_from(len.min(1 << 16)).unwrap_or(1 << 16)];
    let (mut at, end) = (offset, offset + len);
    while at < end {
        let want = usize::try_from((end - at).min(buf.len() as u64)).unwrap_or(buf.len());
        file.read_exact_at(&mut buf[..want], at)?;
        out.write_all(&buf[..want])?;
        at += want as u64;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::index::{self, Index, IndexStats};
    use crate::repo::Repo;

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
        Index::build_through(repo, Session::open_at(&repo.root, false, later))
    }

    /// What the index is without any cache.
    fn assert_right(repo: &Repo, index: &Index) {
        let scan = index::scan(&repo.root);
        let parsed = index::parse_all(&repo.root, &scan.candidates);
        let expected = Index::from_parts(&repo.settings, scan.folders, parsed, scan.problems);
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
        let (index, stats) = build(&repo);
        assert_eq!(counts(&stats), (5, 2, 3, 1));
        assert_eq!(stats.saved, Saved::Written);
        assert_right(&repo, &index);
        let (index, stats) = build(&repo);
        assert_eq!(counts(&stats), (5, 0, 5, 0));
        assert_right(&repo, &index);
    }

    #[test]
    fn changes_in_later_batches_keep_the_earlier_records() {
        // More notes than one batch holds, so the file is rewritten from a
        // later batch on, after a byte-for-byte copy of what came before.
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
        assert!(total > index::BATCH);
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
            let expected = if body.is_some() {
                (files, 1, files - 1, 0)
            } else {
                (files, 0, files, 1)
            };
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
        assert_eq!(stats.parsed, 1);
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
        let (index, stats) = Index::build_through(&repo, Session::open_at(&repo.root, true, later));
        assert_eq!(counts(&stats), (5, 5, 0, 0));
        assert_eq!(stats.saved, Saved::Written);
        assert_right(&repo, &index);
    }

    #[test]
    fn recent_files_are_stored_but_read_again() {
        let (_dir, repo) = repo(NOTES);
        let now = || SystemTime::now();
        let (_, stats) = Index::build_through(&repo, Session::open_at(&repo.root, false, now()));
        assert_eq!(stats.saved, Saved::Written);
        // Written just now: the same tick could hide another edit.
        let (index, stats) =
            Index::build_through(&repo, Session::open_at(&repo.root, false, now()));
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

    /// Changing what a note encodes to without bumping `FORMAT` would let an
    /// old cache be misread. If this fails, bump `FORMAT` and then update the
    /// expected checksum.
    #[test]
    fn encoding_is_pinned() {
        let path = Path::new("alice/2026-11-25.md");
        let name = crate::note::NoteName::parse("2026-11-25.md")
            .unwrap()
            .unwrap();
        let text = "---\nperson: alice\nname: Alice\ndate: 2026-11-25\nkind: skip-level\n\
                    cadence: 2m\nduration: 45\nstatus: rescheduled\n---\n\
                    - [ ] @alice goals due:2026-12-01 (from 2026-11-18)\n  - [x] child\n- [-] gone\n";
        let note = crate::note::parse(path, "alice", name, text.as_bytes()).unwrap();
        let bytes = postcard::to_stdvec(&Outcome::<&Note, &str>::Note(&note)).unwrap();
        let decoded: Stored = postcard::from_bytes(&bytes).unwrap();
        assert!(matches!(decoded, Outcome::Note(ref n) if *n == note));
        // Binary day numbers do not leak into human-readable formats.
        let json = serde_json::to_string(&note.items[0]).unwrap();
        assert!(json.contains(r#""origin":"2026-11-18""#), "{json}");
        let back: crate::action::ActionItem = serde_json::from_str(&json).unwrap();
        assert_eq!(back, note.items[0]);
        assert_eq!(
            (FORMAT, bytes.len(), crc32fast::hash(&bytes)),
            (3, 135, 1_812_411_417),
            "the cache encoding changed: bump FORMAT"
        );
    }
}
