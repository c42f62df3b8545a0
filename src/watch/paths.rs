//! Which changed paths matter to the watcher. Only a few do: files one
//! folder down (notes, `topics.md`), the person folders themselves, the
//! settings file and `.gitignore` files. Everything else — `.git/`, hidden
//! folders, the tool's own temporary files, editors' swap and backup files,
//! the dashboard — is dropped before any file is read.

use std::path::{Component, Path, PathBuf};

use ignore::gitignore::{Gitignore, GitignoreBuilder};

use crate::parse::settings;

/// What a changed path, relative to the repository root, is to the watcher.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Watched {
    /// Something directly in the root that may be a person folder.
    Folder(String),
    /// A file in a folder: a note, `topics.md`, or nothing (decided by
    /// [`crate::io::scan::file_role`] once its type is known).
    File {
        folder: String,
        name: String,
    },
    /// `.oneonone.yaml`.
    Settings,
    /// A `.gitignore` (root or person folder) or `.git/info/exclude`.
    Ignores,
    Ignored,
}

/// Classifies `rel` by its name alone; `dashboard` is the dashboard's path
/// relative to the root when it lives inside the repository.
pub fn classify(rel: &Path, dashboard: Option<&Path>) -> Watched {
    if dashboard == Some(rel) {
        return Watched::Ignored;
    }
    let mut parts = Vec::new();
    for component in rel.components() {
        match component {
            Component::Normal(part) => match part.to_str() {
                Some(part) => parts.push(part),
                None => return Watched::Ignored,
            },
            _ => return Watched::Ignored,
        }
    }
    match parts.as_slice() {
        [name] if *name == settings::FILE_NAME => Watched::Settings,
        [".gitignore"] | [".git", "info", "exclude"] => Watched::Ignores,
        [folder, ".gitignore"] if !folder.starts_with('.') => Watched::Ignores,
        _ if parts.iter().any(|p| p.starts_with('.')) => Watched::Ignored,
        [_, name] if is_editor_temp(name) => Watched::Ignored,
        [folder] => Watched::Folder((*folder).to_owned()),
        [folder, name] => Watched::File {
            folder: (*folder).to_owned(),
            name: (*name).to_owned(),
        },
        _ => Watched::Ignored,
    }
}

/// Files editors write next to the one being edited: swap files, backups,
/// probes and atomic-save temporaries. (Hidden ones, such as vim's
/// `.x.md.swp`, emacs's `.#x.md` and `.x.md.tmp`, are dropped as hidden.)
pub fn is_editor_temp(name: &str) -> bool {
    const SUFFIXES: [&str; 8] = [
        ".swp",
        ".swx",
        ".swo",
        "~",
        ".tmp",
        "___jb_tmp___",
        "___jb_old___",
        ".kate-swp",
    ];
    SUFFIXES.iter().any(|s| name.ends_with(s))
        // vim checks that it may write a folder by creating `4913` (then 5036, …).
        || name.bytes().all(|b| b.is_ascii_digit())
        // emacs auto-save: `#x.md#`.
        || (name.len() > 1 && name.starts_with('#') && name.ends_with('#'))
}

/// The repository's gitignore rules, as the scan applies them: the root
/// `.gitignore` with `.git/info/exclude`, and each person folder's own
/// `.gitignore` taking precedence inside that folder.
#[derive(Debug)]
pub struct Ignores {
    root: Gitignore,
    folders: Vec<(String, Gitignore)>,
}

impl Ignores {
    /// Reads the ignore files now; call again when one of them changes.
    /// A file that cannot be read or has a bad line is skipped, as git does.
    pub fn load(root: &Path) -> Ignores {
        let build = |dir: &Path, files: &[PathBuf]| {
            let mut builder = GitignoreBuilder::new(dir);
            for file in files.iter().filter(|f| f.is_file()) {
                let _ = builder.add(file);
            }
            builder.build().unwrap_or_else(|_| Gitignore::empty())
        };
        let root_rules = build(
            root,
            &[
                root.join(".gitignore"),
                root.join(".git").join("info").join("exclude"),
            ],
        );
        let folders = std::fs::read_dir(root)
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|entry| {
                let folder = entry.file_name().into_string().ok()?;
                let dir = root.join(&folder);
                let rules = build(&dir, &[dir.join(".gitignore")]);
                (!folder.starts_with('.') && !rules.is_empty()).then_some((folder, rules))
            })
            .collect();
        Ignores {
            root: root_rules,
            folders,
        }
    }

    /// Is `folder` (a person folder) ignored?
    pub fn folder(&self, folder: &str) -> bool {
        self.root.matched(folder, true).is_ignore()
    }

    /// Is the file `folder/name` ignored? The folder's own rules win over
    /// the root's, as in git.
    pub fn file(&self, folder: &str, name: &str) -> bool {
        let own = self
            .folders
            .iter()
            .find(|(f, _)| f == folder)
            .map(|(_, rules)| rules.matched(name, false));
        match own {
            Some(m) if m.is_ignore() => true,
            Some(m) if m.is_whitelist() => false,
            _ => {
                self.folder(folder)
                    || self
                        .root
                        .matched(Path::new(folder).join(name), false)
                        .is_ignore()
            }
        }
    }
}

/// The way from folder `from` to `to` (both absolute, canonical): the base
/// of the dashboard's links, e.g. `../notes` for a dashboard next to the
/// repository, or nothing when it sits in the root.
pub fn relative(from: &Path, to: &Path) -> PathBuf {
    let from: Vec<Component> = from.components().collect();
    let to: Vec<Component> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in common..from.len() {
        out.push("..");
    }
    for part in &to[common..] {
        out.push(part);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(folder: &str, name: &str) -> Watched {
        Watched::File {
            folder: folder.into(),
            name: name.into(),
        }
    }

    #[test]
    fn notes_folders_and_control_files() {
        let c = |p: &str| classify(Path::new(p), Some(Path::new("dash.md")));
        assert_eq!(c("alice/2026-11-25.md"), file("alice", "2026-11-25.md"));
        assert_eq!(c("alice/topics.md"), file("alice", "topics.md"));
        assert_eq!(c("alice"), Watched::Folder("alice".into()));
        assert_eq!(c(".oneonone.yaml"), Watched::Settings);
        assert_eq!(c(".gitignore"), Watched::Ignores);
        assert_eq!(c("alice/.gitignore"), Watched::Ignores);
        assert_eq!(c(".git/info/exclude"), Watched::Ignores);
        assert_eq!(c("alice/deeper/2026-11-25.md"), Watched::Ignored);
    }

    #[test]
    fn own_files_hidden_folders_and_editor_droppings_are_ignored() {
        let dashboard = Path::new("alice/2026-11-25.md");
        for path in [
            "alice/2026-11-25.md",
            ".git/index",
            ".git/objects/ab/cdef",
            ".oneonone/templates/default.md",
            "alice/.oneonone-tmp-x1y2z3",
            ".oneonone-tmp-abc",
            "alice/.2026-11-25.md.swp",
            "alice/.2026-11-25.md.swx",
            "alice/2026-11-25.md~",
            "alice/4913",
            "alice/5036",
            "alice/#2026-11-25.md#",
            "alice/.#2026-11-25.md",
            "alice/2026-11-25.md___jb_tmp___",
            "alice/2026-11-25.md___jb_old___",
            "alice/.2026-11-25.md.tmp",
            "alice/2026-11-25.md.tmp",
            ".hidden/2026-11-25.md",
            ".hidden/.gitignore",
            "/abs/alice/2026-11-25.md",
            "../alice/2026-11-25.md",
        ] {
            assert_eq!(
                classify(Path::new(path), Some(dashboard)),
                Watched::Ignored,
                "{path}"
            );
        }
        assert!(!is_editor_temp("2026-11-25.md"));
        assert!(!is_editor_temp("#"));
    }

    #[test]
    fn gitignore_rules_of_root_and_folder() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("alice")).unwrap();
        std::fs::create_dir_all(root.join(".git/info")).unwrap();
        std::fs::write(root.join(".gitignore"), "archive/\n*.draft.md\n").unwrap();
        std::fs::write(root.join(".git/info/exclude"), "private/\n").unwrap();
        std::fs::write(
            root.join("alice/.gitignore"),
            "2026-01-*.md\n!keep.draft.md\n",
        )
        .unwrap();
        let ignores = Ignores::load(root);
        assert!(ignores.folder("archive"));
        assert!(ignores.folder("private"));
        assert!(!ignores.folder("alice"));
        assert!(ignores.file("archive", "2026-11-25.md"));
        assert!(ignores.file("bob", "x.draft.md"));
        assert!(ignores.file("alice", "2026-01-05.md"));
        assert!(!ignores.file("alice", "keep.draft.md"));
        assert!(!ignores.file("alice", "2026-11-25.md"));
        let none = Ignores::load(&root.join("missing"));
        assert!(!none.file("archive", "2026-11-25.md"));
    }

    #[test]
    fn relative_paths_for_links() {
        let r = |a: &str, b: &str| relative(Path::new(a), Path::new(b));
        assert_eq!(r("/n", "/n"), PathBuf::new());
        assert_eq!(r("/home/me", "/home/me/notes"), PathBuf::from("notes"));
        assert_eq!(
            r("/home/me/site", "/home/me/notes"),
            PathBuf::from("../notes")
        );
        assert_eq!(
            r("/home/me/notes/out", "/home/me/notes"),
            PathBuf::from("..")
        );
    }
}
