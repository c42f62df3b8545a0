//! Finding the notes repository and the people in it, and turning what the
//! user typed into a safe folder name.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::io::store;
use crate::model::note::NoteName;
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
    let ancestors = || cwd.ancestors();
    ancestors()
        .find(|d| d.join(settings::FILE_NAME).is_file())
        .or_else(|| ancestors().find(|d| d.join(".git").exists()))
        .unwrap_or(cwd)
        .to_path_buf()
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
}
