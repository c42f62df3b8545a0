//! Finding the notes repository and the people in it, and turning what the
//! user typed into a safe folder name.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::note::NoteName;
use crate::settings::{self, Settings};
use crate::store;

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
        let settings = Settings::load(&root)?;
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

fn find_root(cwd: &Path) -> PathBuf {
    let ancestors = || cwd.ancestors();
    ancestors()
        .find(|d| d.join(settings::FILE_NAME).is_file())
        .or_else(|| ancestors().find(|d| d.join(".git").exists()))
        .unwrap_or(cwd)
        .to_path_buf()
}

/// Is `id` already a valid person id: `[a-z0-9][a-z0-9._-]*`?
pub fn is_person_id(id: &str) -> bool {
    let mut bytes = id.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        && bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
        && !id.contains("..")
}

/// A person as typed on the command line: the folder id, and the display
/// name when the user typed one (`"Alice Smith"` → `alice-smith`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonArg {
    pub id: String,
    pub name: Option<String>,
}

/// Turns user input into a person id, refusing anything that could point
/// outside the repository.
pub fn person_arg(input: &str) -> Result<PersonArg> {
    let trimmed = input.trim();
    let refuse = |why: &str| {
        Err(Error::usage(format!(
            "`{input}` cannot be a person: {why}; use a name such as `alice` or \"Alice Smith\""
        )))
    };
    if trimmed.is_empty() {
        return refuse("the name is empty");
    }
    // `..` first: `../x` is an escape attempt, and saying so beats calling
    // it a hidden folder.
    if trimmed.contains("..") {
        return refuse("`..` would leave the repository");
    }
    if trimmed.contains(['/', '\\']) || Path::new(trimmed).is_absolute() {
        return refuse("it is a path; a person is one folder in the repository");
    }
    if trimmed.starts_with('.') {
        return refuse("names starting with a dot are hidden folders");
    }
    if trimmed.chars().any(char::is_control) {
        return refuse("it contains control characters");
    }
    if is_person_id(trimmed) {
        return Ok(PersonArg {
            id: trimmed.to_owned(),
            name: None,
        });
    }
    let mut id = String::new();
    // Transliterate so "Zoë Ünal" becomes `zoe-unal`, not `zo-nal`.
    for c in deunicode::deunicode(trimmed)
        .chars()
        .flat_map(char::to_lowercase)
    {
        if c.is_ascii_alphanumeric() {
            id.push(c);
        } else if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
    }
    let id = id.trim_end_matches('-').to_owned();
    if !is_person_id(&id) {
        return refuse("a folder name needs ASCII letters or digits (a-z, 0-9) and it has none");
    }
    Ok(PersonArg {
        id,
        name: Some(trimmed.to_owned()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        let p = person_arg("Alice Smith").unwrap();
        assert_eq!(p.id, "alice-smith");
        assert_eq!(p.name.as_deref(), Some("Alice Smith"));
        assert_eq!(person_arg("bob").unwrap().name, None);
        assert_eq!(person_arg("o'brien, Pat").unwrap().id, "o-brien-pat");
        assert_eq!(person_arg("j.doe_2").unwrap().id, "j.doe_2");
    }

    #[test]
    fn traversal_is_refused() {
        for bad in [
            "",
            "  ",
            "..",
            "../x",
            "/tmp/x",
            ".hidden",
            "a/b",
            "a\\b",
            "x..y",
            "!!!",
            "a\tb",
            "\u{1b}[31m",
        ] {
            assert!(person_arg(bad).is_err(), "{bad:?} must be refused");
        }
    }

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
