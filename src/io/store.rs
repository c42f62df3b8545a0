//! The only module that writes to the user's repository. New files are
//! created atomically and never over an existing one; edits go through a
//! temporary file in the same folder and a rename, so a crash leaves either
//! the old or the new file, never half of one. Writers that read before
//! they write hold the repository's lock, so two of them cannot interleave.
//! Reads of user files go through `read`, which refuses what could block or
//! flood the tool.

use std::fs::{self, File, Permissions};
use std::io::{Read, Write};
use std::os::fd::AsFd;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use rustix::fs::{Mode, OFlags};

use crate::error::{Error, Result};

/// Temporary files start with this, so the watcher and the index skip them.
pub const TEMP_PREFIX: &str = ".oneonone-tmp-";

/// The repository's lock file, at its root. Hidden, and with the tool's
/// prefix, so neither the scan nor the watcher takes it for a note.
pub const LOCK_FILE: &str = ".oneonone-lock";

/// How long a writer waits for another one to finish.
pub const LOCK_WAIT: Duration = Duration::from_secs(10);

/// A temporary file this old was left by a writer that was killed; no live
/// write takes anywhere near as long.
const STALE_TEMP: Duration = Duration::from_secs(60);

/// The largest file the tool reads: far beyond any real note (a year of
/// weekly notes is rarely 1 MB), small enough that a pasted log or a
/// generated file cannot stall a report or exhaust memory.
pub const MAX_READ_BYTES: u64 = 8 << 20;

/// Reads a file the tool needs, judged by what it is, not by its name:
/// anything but a regular file (a FIFO would block forever, a device never
/// ends) and anything over `MAX_READ_BYTES` is refused. `shown` is the path
/// messages name (usually relative to the repository).
pub fn read(path: &Path, shown: &Path) -> Result<Vec<u8>> {
    // Non-blocking, so opening a FIFO returns at once instead of waiting
    // for a writer; what was opened is then judged, and never read past
    // the limit whatever size it claims.
    let flags = OFlags::RDONLY | OFlags::NONBLOCK | OFlags::CLOEXEC;
    let fd =
        rustix::fs::open(path, flags, Mode::empty()).map_err(|e| Error::io(shown, e.into()))?;
    read_open(File::from(fd), shown).map(|(bytes, _)| bytes)
}

/// `read` of the file `name` in the folder open as `dir` (the kernel walks
/// one path component instead of the whole path), with what the open file's
/// `fstat` said.
pub fn read_in(dir: impl AsFd, name: &str, shown: &Path) -> Result<(Vec<u8>, fs::Metadata)> {
    let flags = OFlags::RDONLY | OFlags::NONBLOCK | OFlags::CLOEXEC;
    let fd = rustix::fs::openat(dir, name, flags, Mode::empty())
        .map_err(|e| Error::io(shown, e.into()))?;
    read_open(File::from(fd), shown)
}

fn read_open(mut file: File, shown: &Path) -> Result<(Vec<u8>, fs::Metadata)> {
    let io = |e| Error::io(shown, e);
    let meta = file.metadata().map_err(io)?;
    readable(&meta, shown)?;
    // The bytes the `fstat` promised, and not one read more: the stamp kept
    // with what was read is that `fstat`'s, so a note that grows meanwhile
    // has a newer stamp and is read again next time, and asking once more
    // only to hear the end of the file was a tenth of a cold read's kernel
    // time. A note that shrank meanwhile ends early. A size of 0 is not
    // trusted (some file systems report it for files that have content), so
    // such a file is read to its end, as far as the size limit.
    let len = usize::try_from(meta.len()).map_err(|_| too_large(shown))?;
    if len == 0 {
        let mut bytes = Vec::new();
        file.take(MAX_READ_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(io)?;
        if bytes.len() as u64 > MAX_READ_BYTES {
            return Err(too_large(shown));
        }
        return Ok((bytes, meta));
    }
    let mut bytes = vec![0; len];
    let mut filled = 0;
    while filled < len {
        match file.read(&mut bytes[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(io(e)),
        }
    }
    bytes.truncate(filled);
    Ok((bytes, meta))
}

/// `read`, with a missing file being `None`.
pub fn read_if_exists(path: &Path, shown: &Path) -> Result<Option<Vec<u8>>> {
    match read(path, shown) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

fn readable(meta: &fs::Metadata, shown: &Path) -> Result<()> {
    if !meta.is_file() {
        let what = if meta.is_dir() {
            "a folder"
        } else {
            "not a regular file (a FIFO, socket or device)"
        };
        return Err(Error::input(shown, format!("is {what}; not read")));
    }
    if meta.len() > MAX_READ_BYTES {
        return Err(too_large(shown));
    }
    Ok(())
}

fn too_large(shown: &Path) -> Error {
    Error::input(
        shown,
        format!(
            "is larger than {} MB; files that large are not read",
            MAX_READ_BYTES >> 20
        ),
    )
}

/// What `create_new` found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Created {
    Created,
    AlreadyExists,
}

/// Writes `contents` to `path` only if nothing is there yet. The file appears
/// complete or not at all: it is written aside, synced, then linked into place
/// with a no-clobber rename.
pub fn create_new(path: &Path, contents: &[u8]) -> Result<Created> {
    let temp = write_temp(path, contents, 0o644)?;
    match temp.persist_noclobber(path) {
        Ok(_) => {
            sync_parent(path);
            Ok(Created::Created)
        }
        Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => Ok(Created::AlreadyExists),
        Err(e) => Err(Error::io(path, e.error)),
    }
}

/// Replaces the file at `path` with `contents`, keeping its permissions.
pub fn replace(path: &Path, contents: &[u8]) -> Result<()> {
    let mode = match fs::metadata(path) {
        Ok(meta) => meta.permissions().mode() & 0o7777,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => 0o644,
        Err(e) => return Err(Error::io(path, e)),
    };
    let temp = write_temp(path, contents, mode)?;
    temp.persist(path).map_err(|e| Error::io(path, e.error))?;
    sync_parent(path);
    Ok(())
}

/// Changes the one byte at `offset` from `expected` to `new`, atomically.
/// Refuses when the file no longer has `expected` there (edited meanwhile).
pub fn set_byte(path: &Path, offset: usize, expected: u8, new: u8) -> Result<()> {
    let mut bytes = fs::read(path).map_err(|e| Error::io(path, e))?;
    match bytes.get_mut(offset) {
        Some(b) if *b == expected => *b = new,
        _ => {
            return Err(Error::input(
                path,
                "the file changed while it was being edited; nothing was written, try again",
            ));
        }
    }
    replace(path, &bytes)
}

fn write_temp(path: &Path, contents: &[u8], mode: u32) -> Result<tempfile::NamedTempFile> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    sweep_stale_temps(dir);
    let mut temp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .tempfile_in(dir)
        .map_err(|e| Error::io(dir, e))?;
    let io = |e| Error::io(path, e);
    temp.as_file()
        .set_permissions(Permissions::from_mode(mode))
        .map_err(io)?;
    temp.write_all(contents).map_err(io)?;
    temp.as_file().sync_all().map_err(io)?;
    Ok(temp)
}

/// Removes the temporary files a killed writer left in `dir` (a kill -9
/// gives it no chance to clean up). Hidden, they never confuse a report;
/// this only keeps them from piling up. A live write takes milliseconds,
/// so anything older than `STALE_TEMP` is nobody's.
fn sweep_stale_temps(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let now = SystemTime::now();
    for entry in entries.flatten() {
        if !entry.file_name().to_string_lossy().starts_with(TEMP_PREFIX) {
            continue;
        }
        let stale = entry.metadata().is_ok_and(|m| {
            m.is_file()
                && m.modified()
                    .ok()
                    .and_then(|t| now.duration_since(t).ok())
                    .is_some_and(|age| age > STALE_TEMP)
        });
        if stale {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Makes the rename durable; failing to is not worth an error, the data is
/// already synced.
fn sync_parent(path: &Path) {
    if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty())
        && let Ok(dir) = File::open(dir)
    {
        let _ = dir.sync_all();
    }
}

/// Creates `dir` (a folder inside `root`) if needed, refusing when it is, or
/// resolves through a symlink to, a place outside the repository. Each
/// level is checked before the next is created in it, so nothing is ever
/// created outside, even through a symlinked parent.
pub fn ensure_dir_inside(root: &Path, dir: &Path) -> Result<()> {
    let canonical_root = root.canonicalize().map_err(|e| Error::io(root, e))?;
    let rel = dir
        .strip_prefix(root)
        .map_err(|_| Error::input(dir, "is not inside the repository; refusing to write there"))?;
    let mut current = root.to_path_buf();
    for part in rel.components() {
        current.push(part);
        match fs::create_dir(&current) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(Error::io(&current, e)),
        }
        check_inside(&canonical_root, &current)?;
    }
    Ok(())
}

/// Refuses an existing `path` that is, or resolves through a symlink to, a
/// place outside the repository: nothing is read from or written through it.
pub fn ensure_inside(root: &Path, path: &Path) -> Result<()> {
    let canonical_root = root.canonicalize().map_err(|e| Error::io(root, e))?;
    check_inside(&canonical_root, path)
}

fn check_inside(canonical_root: &Path, path: &Path) -> Result<()> {
    let canonical = path.canonicalize().map_err(|e| Error::io(path, e))?;
    if canonical.starts_with(canonical_root) {
        Ok(())
    } else {
        Err(Error::input(
            path,
            format!(
                "resolves to {}, outside the repository; refusing to use it",
                canonical.display()
            ),
        ))
    }
}

/// Moves the folder `from` to `to` (both inside the repository at `root`),
/// never over anything already at `to`: the rename itself refuses to
/// replace, so a folder appearing meanwhile is not clobbered.
pub fn move_folder(root: &Path, from: &Path, to: &Path) -> Result<()> {
    let canonical_root = root.canonicalize().map_err(|e| Error::io(root, e))?;
    if fs::symlink_metadata(from).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(Error::input(
            from,
            "is a symlink; only a real folder is moved",
        ));
    }
    check_inside(&canonical_root, from)?;
    let flags = rustix::fs::RenameFlags::NOREPLACE;
    match rustix::fs::renameat_with(rustix::fs::CWD, from, rustix::fs::CWD, to, flags) {
        Ok(()) => {}
        // A file system that cannot refuse to replace: look, then move.
        Err(rustix::io::Errno::INVAL | rustix::io::Errno::NOSYS) => {
            if fs::symlink_metadata(to).is_ok() {
                return Err(Error::io(
                    to,
                    std::io::Error::from(std::io::ErrorKind::AlreadyExists),
                ));
            }
            fs::rename(from, to).map_err(|e| Error::io(from, e))?;
        }
        Err(e) => return Err(Error::io(from, e.into())),
    }
    sync_parent(to);
    Ok(())
}

/// Writes a generated file (a calendar, a report) with [`replace`], anywhere
/// the user names except in place of something the user writes: a Markdown
/// file in a person folder (notes, `topics.md`), the settings file, or
/// anything under `.oneonone/`.
pub fn write_generated(root: &Path, path: &Path, contents: &[u8]) -> Result<()> {
    check_generated_target(root, path)?;
    replace(path, contents)
}

fn check_generated_target(root: &Path, path: &Path) -> Result<()> {
    let Some(file_name) = path.file_name().filter(|_| !path.is_dir()) else {
        return Err(Error::input(path, "is a folder, not a file name"));
    };
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let canonical_parent = parent.canonicalize().map_err(|e| Error::io(parent, e))?;
    let canonical_root = root.canonicalize().map_err(|e| Error::io(root, e))?;
    let Ok(inside) = canonical_parent.strip_prefix(&canonical_root) else {
        return Ok(());
    };
    let rel = inside.join(file_name);
    let parts: Vec<&std::ffi::OsStr> = rel.iter().collect();
    let users = match parts.as_slice() {
        [only] => *only == crate::parse::settings::FILE_NAME,
        [first, ..] if *first == ".oneonone" => true,
        [folder, file] => {
            folder
                .to_str()
                .is_some_and(crate::model::person::is_person_id)
                && Path::new(file).extension().is_some_and(|e| e == "md")
        }
        _ => false,
    };
    if users {
        Err(Error::input(
            path,
            "is one of your notes or settings; refusing to write a generated file there",
        ))
    } else {
        Ok(())
    }
}

/// The repository's write lock, held by a writer from the moment it reads
/// what it will change until it has written: a `topic` racing a `new` can
/// then never lose a topic, and two `done`s cannot undo each other's tick.
///
/// An OS lock (`flock`) on `LOCK_FILE`: a killed process releases it by
/// dying, so there is no stale lock to break. The file is removed, while
/// still locked, when the lock is let go; a waiter that then finds it has
/// locked a removed file starts again on the new one.
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
    _file: File,
}

impl Lock {
    /// Takes the lock of the repository at `root`, waiting up to `LOCK_WAIT`.
    pub fn acquire(root: &Path) -> Result<Lock> {
        Lock::acquire_within(root, LOCK_WAIT)
    }

    pub fn acquire_within(root: &Path, wait: Duration) -> Result<Lock> {
        let path = root.join(LOCK_FILE);
        let deadline = Instant::now() + wait;
        let mut pause = Duration::from_millis(1);
        loop {
            let file = fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .map_err(|e| Error::io(&path, e))?;
            match file.try_lock() {
                Ok(()) if same_file(&file, &path) => return Ok(Lock { path, _file: file }),
                Ok(()) | Err(fs::TryLockError::WouldBlock) => {}
                // A file system without locks: go on unlocked, as before locks existed.
                Err(fs::TryLockError::Error(e)) if e.kind() == std::io::ErrorKind::Unsupported => {
                    return Ok(Lock { path, _file: file });
                }
                Err(fs::TryLockError::Error(e)) => return Err(Error::io(&path, e)),
            }
            if Instant::now() >= deadline {
                return Err(Error::input(
                    &path,
                    format!(
                        "another oneonone command has been writing in this repository for {} s; nothing was written, try again",
                        wait.as_secs()
                    ),
                ));
            }
            std::thread::sleep(pause);
            pause = (pause * 2).min(Duration::from_millis(50));
        }
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Removed before the file closes (which unlocks it), so nobody can
        // lock this file after it is gone from the folder.
        let _ = fs::remove_file(&self.path);
    }
}

/// Is the open `file` still the one at `path`?
fn same_file(file: &File, path: &Path) -> bool {
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn create_new_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("n.md");
        assert_eq!(create_new(&path, b"one").unwrap(), Created::Created);
        assert_eq!(create_new(&path, b"two").unwrap(), Created::AlreadyExists);
        assert_eq!(fs::read(&path).unwrap(), b"one");
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o644);
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary file is left behind");
    }

    #[test]
    fn replace_keeps_mode_and_set_byte_checks() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("n.md");
        fs::write(&path, b"- [ ] x\n").unwrap();
        fs::set_permissions(&path, Permissions::from_mode(0o600)).unwrap();
        set_byte(&path, 3, b' ', b'x').unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"- [x] x\n");
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
        assert!(set_byte(&path, 3, b' ', b'x').is_err());
        assert!(set_byte(&path, 99, b' ', b'x').is_err());
        assert_eq!(fs::read(&path).unwrap(), b"- [x] x\n");
    }

    #[test]
    fn generated_files_never_replace_notes_or_settings() {
        let root = tempfile::tempdir().unwrap();
        let r = root.path();
        fs::create_dir_all(r.join("alice")).unwrap();
        fs::create_dir_all(r.join(".oneonone/templates")).unwrap();
        for refused in [
            "alice/2026-11-24.md",
            "alice/topics.md",
            ".oneonone.yaml",
            ".oneonone/templates/peer.md",
        ] {
            assert!(
                check_generated_target(r, &r.join(refused)).is_err(),
                "{refused}"
            );
        }
        assert!(
            check_generated_target(r, &r.join("alice")).is_err(),
            "a folder"
        );
        for allowed in ["report.html", "alice/calendar.ics", "cal.md"] {
            assert!(
                check_generated_target(r, &r.join(allowed)).is_ok(),
                "{allowed}"
            );
        }
        let elsewhere = tempfile::tempdir().unwrap();
        assert!(check_generated_target(r, &elsewhere.path().join("x/2026-11-24.md")).is_err());
        fs::create_dir(elsewhere.path().join("x")).unwrap();
        assert!(check_generated_target(r, &elsewhere.path().join("x/2026-11-24.md")).is_ok());
    }

    #[test]
    fn refuses_symlinked_folders_leaving_the_repository() {
        let root = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path(), root.path().join("eve")).unwrap();
        assert!(ensure_dir_inside(root.path(), &root.path().join("eve")).is_err());
        assert!(ensure_dir_inside(root.path(), &root.path().join("alice")).is_ok());
    }

    #[test]
    fn nothing_is_created_under_a_symlinked_parent() {
        let root = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path(), root.path().join(".oneonone")).unwrap();
        let templates = root.path().join(".oneonone/templates");
        assert!(ensure_dir_inside(root.path(), &templates).is_err());
        assert!(!outside.path().join("templates").exists());
        assert!(ensure_inside(root.path(), &root.path().join(".oneonone")).is_err());
    }

    #[test]
    fn reads_refuse_what_is_not_a_small_regular_file() {
        let dir = tempfile::tempdir().unwrap();
        let shown = Path::new("x");
        let file = dir.path().join("n.md");
        fs::write(&file, b"hello").unwrap();
        assert_eq!(read(&file, shown).unwrap(), b"hello");
        assert!(
            read_if_exists(&dir.path().join("missing"), shown)
                .unwrap()
                .is_none()
        );
        let e = read(dir.path(), shown).unwrap_err().to_string();
        assert_eq!(e, "x: is a folder; not read");
        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            let e = read(&fifo, shown).unwrap_err().to_string();
            assert!(e.contains("not a regular file"), "{e}");
        }
        let big = dir.path().join("big.md");
        File::create(&big)
            .unwrap()
            .set_len(MAX_READ_BYTES + 1)
            .unwrap();
        let e = read(&big, shown).unwrap_err().to_string();
        assert!(e.contains("larger than 8 MB"), "{e}");
    }

    #[test]
    fn a_file_said_to_be_empty_is_read_to_its_end() {
        let dir = tempfile::tempdir().unwrap();
        let empty = dir.path().join("e.md");
        fs::write(&empty, b"").unwrap();
        assert_eq!(read(&empty, Path::new("e.md")).unwrap(), b"");
        // procfs reports a size of 0 for files that have content.
        let proc = Path::new("/proc/self/status");
        if proc.exists() {
            let text = read(proc, proc).unwrap();
            assert!(
                text.starts_with(b"Name:"),
                "{:?}",
                String::from_utf8_lossy(&text)
            );
        }
    }

    #[test]
    fn stale_temporary_files_are_swept_fresh_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let stale = dir.path().join(format!("{TEMP_PREFIX}stale"));
        let fresh = dir.path().join(format!("{TEMP_PREFIX}fresh"));
        fs::write(&fresh, b"x").unwrap();
        File::create(&stale)
            .unwrap()
            .set_modified(SystemTime::now() - Duration::from_secs(120))
            .unwrap();
        create_new(&dir.path().join("n.md"), b"n").unwrap();
        assert!(!stale.exists());
        assert!(fresh.exists());
    }

    #[test]
    fn the_lock_is_exclusive_and_leaves_nothing_behind() {
        let root = tempfile::tempdir().unwrap();
        let lock_path = root.path().join(LOCK_FILE);
        let held = Lock::acquire(root.path()).unwrap();
        assert!(lock_path.exists());
        let e = Lock::acquire_within(root.path(), Duration::from_millis(30)).unwrap_err();
        assert!(e.to_string().contains("another oneonone command"), "{e}");
        drop(held);
        assert!(!lock_path.exists());
        // A file left by a killed holder is not locked by anyone: taken over.
        fs::write(&lock_path, b"").unwrap();
        let again = Lock::acquire_within(root.path(), Duration::from_millis(30)).unwrap();
        drop(again);
        assert!(!lock_path.exists());
    }

    #[test]
    fn waiters_take_the_lock_in_turn() {
        let root = tempfile::tempdir().unwrap();
        let counter = root.path().join("counter");
        fs::write(&counter, b"0").unwrap();
        std::thread::scope(|s| {
            for _ in 0..8 {
                s.spawn(|| {
                    for _ in 0..10 {
                        let _lock = Lock::acquire(root.path()).unwrap();
                        let n: u32 = fs::read_to_string(&counter).unwrap().parse().unwrap();
                        replace(&counter, (n + 1).to_string().as_bytes()).unwrap();
                    }
                });
            }
        });
        assert_eq!(fs::read_to_string(&counter).unwrap(), "80");
    }
}
