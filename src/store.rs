//! The only module that writes to the user's repository. New files are
//! created atomically and never over an existing one; edits go through a
//! temporary file in the same folder and a rename, so a crash leaves either
//! the old or the new file, never half of one.

use std::fs::{self, File, Permissions};
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use crate::error::{Error, Result};

/// Temporary files start with this, so the watcher and the index skip them.
pub const TEMP_PREFIX: &str = ".oneonone-tmp-";

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
/// resolves through a symlink to, a place outside the repository.
pub fn ensure_dir_inside(root: &Path, dir: &Path) -> Result<()> {
    fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let canonical_root = root.canonicalize().map_err(|e| Error::io(root, e))?;
    let canonical = dir.canonicalize().map_err(|e| Error::io(dir, e))?;
    if canonical.starts_with(&canonical_root) {
        Ok(())
    } else {
        Err(Error::input(
            dir,
            format!(
                "resolves to {}, outside the repository; refusing to write there",
                canonical.display()
            ),
        ))
    }
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
        [only] => *only == crate::settings::FILE_NAME,
        [first, ..] if *first == ".oneonone" => true,
        [folder, file] => {
            folder.to_str().is_some_and(crate::repo::is_person_id)
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
}
