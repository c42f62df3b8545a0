//! Listing the repository: which files are notes of which person, without
//! reading any of them.

use std::fs::{self, FileType};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use ignore::Match;
use ignore::gitignore::Gitignore;
use rayon::prelude::*;

use crate::error::Error;
use crate::io::cache::Stamp;
use crate::io::repo::Repo;
use crate::io::{git, topics};
use crate::model::note::NoteName;
use crate::model::person::is_person_id;

/// A meeting file found by the scan, not yet read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// Shared by the folder's candidates: one allocation per person, not per note.
    pub person: Arc<str>,
    /// As listed, which `name` may spell differently (`2026-11-25-02.md`).
    /// Boxed, and the stamps kept apart (`Scan::stamps`): a scan holds one
    /// of these per note, twice while the folders' lists are joined.
    pub file: Box<str>,
    pub name: NoteName,
}

impl Candidate {
    /// Relative to the repository root: `alice/2026-11-25.md`.
    pub fn path(&self) -> PathBuf {
        // Sized at once: `join` copies and then grows, and every note read
        // makes one of these.
        let mut path = PathBuf::with_capacity(self.person.len() + 1 + self.file.len());
        path.push(&*self.person);
        path.push(&*self.file);
        path
    }
}

/// What the scan found: meeting files, folders that are people, and files
/// that look like meetings but cannot be one.
#[derive(Debug, Default)]
pub struct Scan {
    pub candidates: Vec<Candidate>,
    /// Each candidate's size and times (the key of its cache record), when
    /// asked for (`scan`); empty otherwise (`list`).
    pub stamps: Vec<Option<Stamp>>,
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
    let Folders {
        rules,
        names: folders,
        problems,
    } = folders(root);
    let mut out = Scan {
        problems,
        ..Scan::default()
    };
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
        out.stamps.extend(listing.stamps);
        out.problems.extend(listing.problems);
    }
    out
}

/// The folders of the repository root the scan looks into, to be listed
/// one at a time: for a reader that reads each folder as soon as it is
/// listed, rather than after the whole scan.
pub struct Folders {
    rules: Rules,
    /// Sorted.
    pub names: Vec<String>,
    pub problems: Vec<Error>,
}

/// The folders of `root` that are not hidden or ignored.
pub fn folders(root: &Path) -> Folders {
    let rules = Rules::of(root);
    let mut names = Vec::new();
    let mut problems = Vec::new();
    match fs::read_dir(root) {
        Ok(entries) => {
            for entry in entries {
                match entry {
                    Ok(entry) if entry.file_type().is_ok_and(|t| t.is_dir()) => {
                        let Ok(name) = entry.file_name().into_string() else {
                            continue;
                        };
                        if rules.lists_folder(&name) {
                            names.push(name);
                        }
                    }
                    Ok(_) => {}
                    Err(e) => problems.push(Error::io(root, e)),
                }
            }
        }
        Err(e) => problems.push(Error::io(root, e)),
    }
    names.sort_unstable();
    Folders {
        rules,
        names,
        problems,
    }
}

impl Folders {
    /// The folder `name` (one of `names`) as the whole scan lists it,
    /// without stamps.
    pub fn list(&self, root: &Path, name: &str) -> Listing {
        self.rules.list(root, name, false)
    }
}

/// The notes of the one folder `id` and the problems found listing it, as
/// the whole scan would list them; `None` when the scan would not list `id`
/// as a person (not a folder, hidden, ignored, or holding no note or topics).
pub fn person_folder(root: &Path, id: &str) -> Option<(Vec<Candidate>, Vec<Error>)> {
    let rules = Rules::of(root);
    let is_dir = fs::symlink_metadata(root.join(id)).is_ok_and(|m| m.is_dir());
    if !is_dir || !rules.lists_folder(id) {
        return None;
    }
    let listing = rules.list(root, id, false);
    listing
        .person
        .then_some((listing.candidates, listing.problems))
}

/// One folder's part of the scan.
#[derive(Default)]
pub struct Listing {
    /// It holds a note or a `topics.md`.
    pub person: bool,
    /// Its notes, in name order.
    pub candidates: Vec<Candidate>,
    /// The candidates' stamps, when asked for.
    pub stamps: Vec<Option<Stamp>>,
    pub problems: Vec<Error>,
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
            exclude: matcher(
                root,
                git::dir(root).map(|dir| dir.common.join("info/exclude")),
            ),
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
            exclude: matcher(
                &dir,
                git::dir(&dir).map(|git| git.common.join("info/exclude")),
            ),
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
                    file: name.into_boxed_str(),
                    name: note,
                });
                if stamps {
                    self.stamps.push(stamp());
                }
            }
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

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
        // Each case builds a folder tree on disk; `PROPTEST_CASES` raises it.
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: proptest::prelude::ProptestConfig::default().cases.max(1_000),
            ..proptest::prelude::ProptestConfig::default()
        })]
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
