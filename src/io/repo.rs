//! Finding the notes repository and the people in it, and turning what the
//! user typed into a safe folder name.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::io::{store, topics};
use crate::model::note::NoteName;
use crate::model::person::is_person_id;
use crate::parse::settings::{self, Settings};

/// The folder holding one sub-folder per person.
#[derive(Debug, Clone)]
pub struct Repo {
    pub root: PathBuf,
    pub settings: Settings,
}

impl Repo {
    /// Finds the root like git does: `dir` if given (from `--dir` or
    /// `ONEONONE_DIR`), else the nearest ancestor of `cwd` with a settings
    /// file, else the git work tree, else `cwd` itself.
    pub fn discover(dir: Option<&Path>, cwd: &Path) -> Result<Repo> {
        Repo::open(Repo::locate(dir, cwd)?)
    }

    /// The root `discover` would use, without reading the settings, for
    /// `check`, which reports a broken settings file instead of failing on it.
    pub fn locate(dir: Option<&Path>, cwd: &Path) -> Result<PathBuf> {
        Ok(match dir {
            Some(dir) => {
                let dir = cwd.join(dir);
                if !dir.is_dir() {
                    return Err(Error::usage(format!(
                        "{}: not a folder (from --dir or ONEONONE_DIR)",
                        dir.display()
                    )));
                }
                dir
            }
            None => find_root(cwd),
        })
    }

    pub fn open(root: PathBuf) -> Result<Repo> {
        let settings = load_settings(&root)?;
        Ok(Repo { root, settings })
    }

    pub fn person_dir(&self, person: &str) -> PathBuf {
        self.root.join(person)
    }

    /// The meeting notes of one person, oldest first, reading only that folder.
    /// A person folder that is a symlink leading out of the repository is
    /// refused, so nothing outside is read or, later, written.
    pub fn notes_of(&self, person: &str) -> Result<Vec<(NoteName, PathBuf)>> {
        let dir = self.person_dir(person);
        if fs::symlink_metadata(&dir).is_ok_and(|m| m.file_type().is_symlink()) {
            store::ensure_inside(&self.root, &dir)?;
        }
        let entries = match fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(Error::io(dir, e)),
        };
        let mut notes = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| Error::io(&dir, e))?;
            let Some(file_name) = entry.file_name().to_str().map(str::to_owned) else {
                continue;
            };
            if let Some(Ok(name)) = NoteName::parse(&file_name)
                && entry.file_type().is_ok_and(|t| t.is_file())
            {
                notes.push((name, Path::new(person).join(file_name)));
            }
        }
        notes.sort();
        Ok(notes)
    }
}

/// Reads `root/.oneonone.yaml`; a missing file means defaults.
pub fn load_settings(root: &Path) -> Result<Settings> {
    let path = root.join(settings::FILE_NAME);
    match store::read_if_exists(&path, Path::new(settings::FILE_NAME))? {
        Some(bytes) => Settings::parse(Path::new(settings::FILE_NAME), &bytes),
        None => Ok(Settings::default()),
    }
}

fn find_root(cwd: &Path) -> PathBuf {
    found_root(cwd).unwrap_or(cwd).to_path_buf()
}

/// The root discovery finds above or at `cwd`, before falling back on
/// `cwd` itself.
fn found_root(cwd: &Path) -> Option<&Path> {
    let ancestors = || cwd.ancestors();
    ancestors()
        .find(|d| d.join(settings::FILE_NAME).is_file())
        .or_else(|| ancestors().find(|d| d.join(".git").exists()))
        .or_else(|| cwd.parent().filter(|_| is_person_folder(cwd)))
}

/// The notes repository `cwd` is in, if it is in one: below a settings
/// file, in a git work tree, in a person's folder, or in a folder holding
/// people's folders. `None` elsewhere (a home folder, a folder of
/// repositories), where the user's config may list repositories to read.
pub fn enclosing(cwd: &Path) -> Option<PathBuf> {
    let holds_people = || {
        fs::read_dir(cwd).is_ok_and(|entries| {
            entries
                .flatten()
                .any(|e| e.file_type().is_ok_and(|t| t.is_dir()) && is_person_folder(&e.path()))
        })
    };
    found_root(cwd)
        .map(Path::to_path_buf)
        .or_else(|| holds_people().then(|| cwd.to_path_buf()))
}

/// Whether `dir` is a person's folder: named like a person id and holding
/// a meeting note or a `topics.md` of its own. With no settings file and no
/// git to say where the repository is, the folder above such a folder is
/// the repository, so `new bob` run inside `bob/` writes `bob/DATE.md`,
/// not `bob/bob/DATE.md`.
fn is_person_folder(dir: &Path) -> bool {
    let named = dir
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(is_person_id);
    named
        && fs::read_dir(dir).is_ok_and(|entries| {
            entries.flatten().any(|entry| {
                let name = entry.file_name();
                let name = name.to_string_lossy();
                entry.file_type().is_ok_and(|t| t.is_file())
                    && (name == topics::FILE_NAME || matches!(NoteName::parse(&name), Some(Ok(_))))
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discovery_order() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        fs::create_dir_all(root.join(".git")).unwrap();
        fs::create_dir_all(root.join("notes/alice")).unwrap();
        let deep = root.join("notes/alice");
        assert_eq!(Repo::discover(None, &deep).unwrap().root, root);
        fs::write(root.join("notes/.oneonone.yaml"), "").unwrap();
        assert_eq!(
            Repo::discover(None, &deep).unwrap().root,
            root.join("notes")
        );
        assert_eq!(
            Repo::discover(Some(Path::new("notes/alice")), root)
                .unwrap()
                .root,
            deep
        );
        assert!(Repo::discover(Some(Path::new("missing")), root).is_err());
    }

    #[test]
    fn outside_git_a_person_folder_is_inside_the_repository() {
        let tmp = tempfile::tempdir().unwrap();
        let notes = tmp.path().join("notes");
        fs::create_dir_all(notes.join("zed")).unwrap();
        fs::create_dir_all(notes.join("Empty Folder")).unwrap();
        // An empty folder, or one not named like a person, is its own root.
        assert_eq!(find_root(&notes.join("zed")), notes.join("zed"));
        fs::write(notes.join("zed/2026-11-18.md"), "---\n---\n").unwrap();
        assert_eq!(find_root(&notes.join("zed")), notes);
        fs::write(notes.join("Empty Folder/topics.md"), "- x\n").unwrap();
        assert_eq!(
            find_root(&notes.join("Empty Folder")),
            notes.join("Empty Folder")
        );
        assert_eq!(find_root(&notes), notes);
        // Holding a person's folder makes a folder a repository; holding
        // repositories does not.
        assert_eq!(enclosing(&notes), Some(notes.clone()));
        assert_eq!(enclosing(tmp.path()), None);
    }
}
