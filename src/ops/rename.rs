//! `oneonone rename OLD NEW`: a person gets a new id. Their folder moves
//! (with `git mv` inside a git work tree, so git sees a rename), and
//! `.oneonone.yaml` records OLD among NEW's `former_ids`, moving any
//! `people.OLD` entry to NEW. No note changes: those saying `person: OLD`
//! stay valid, and history, items, gaps and `@OLD` owners follow NEW.

use std::path::Path;

use chrono::NaiveDate;

use crate::error::{Error, Result};
use crate::io::people::{self, Found};
use crate::io::repo::Repo;
use crate::io::{git, settings_edit, store};
use crate::model::person::{is_person_id, person_arg};
use crate::parse::settings_edit as edit;

/// What `rename` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Renamed {
    pub old: String,
    pub new: String,
    /// How the folder moved, if there was one.
    pub moved: Option<Moved>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moved {
    Git,
    Plain,
}

/// Renames the person `old` names to the id `new`. Refused when `new` is
/// not a valid id, or is taken: a folder, or a name someone else answers
/// to. Holds the repository lock throughout.
pub fn rename(repo: &Repo, old: &str, new: &str, today: NaiveDate) -> Result<Renamed> {
    let new = new.trim();
    if !is_person_id(new) {
        let hint = person_arg(new)
            .ok()
            .filter(|arg| arg.id != new)
            .map_or_else(String::new, |arg| format!(" such as `{}`", arg.id));
        return Err(Error::usage(format!(
            "`{new}` is not a person id: use lowercase letters, digits, `.`, `_` and `-`{hint}"
        )));
    }
    let _lock = store::Lock::acquire(&repo.root)?;
    let person = people::resolve(repo, old, today)?;
    let old = person.id;
    if old == new {
        return Err(Error::usage(format!("`{old}` is already called that")));
    }
    let (from, to) = (repo.person_dir(&old), repo.person_dir(new));
    if std::fs::symlink_metadata(&to).is_ok() {
        return Err(Error::usage(format!(
            "`{new}` exists already ({new}/ is in the repository); pick another id"
        )));
    }
    if let Found::Known(someone) = people::find(repo, new, today)?
        && someone.id != old
    {
        return Err(Error::usage(format!(
            "`{new}` already names {}; pick another id",
            someone.id
        )));
    }
    let current = settings_edit::read(&repo.root)?;
    let mut expected = current.settings.clone();
    let mut entry = expected.people.remove(&old).unwrap_or_default();
    entry.former_ids.retain(|id| id != new);
    if !entry.former_ids.contains(&old) {
        entry.former_ids.push(old.clone());
    }
    expected.people.insert(new.to_owned(), entry);
    let by_hand = format!(
        "people:\n  {new}:            # renamed from `people.{old}:` if there is one\n    \
         former_ids: [{old}]"
    );
    let checked = current.check(edit::rename(&current.text, &old, new), &expected, &by_hand)?;

    let moved = if from.is_dir() {
        Some(move_folder(repo, Path::new(&old), Path::new(new))?)
    } else {
        None
    };
    if let Err(e) = checked.write() {
        // Put the folder back, so the notes saying `person: OLD` stay valid.
        let _ = match moved {
            Some(Moved::Git) => git::move_path(&repo.root, Path::new(new), Path::new(&old)),
            Some(Moved::Plain) => store::move_folder(&repo.root, &to, &from),
            None => Ok(()),
        };
        return Err(e);
    }
    Ok(Renamed {
        old,
        new: new.to_owned(),
        moved,
    })
}

/// Moves the folder: `git mv` when git tracks something in it, so git
/// records a rename; a plain rename otherwise.
fn move_folder(repo: &Repo, old: &Path, new: &Path) -> Result<Moved> {
    let root = &repo.root;
    if git::is_work_tree(root)? && git::tracks(root, old)? {
        git::move_path(root, old, new)?;
        Ok(Moved::Git)
    } else {
        store::move_folder(root, &root.join(old), &root.join(new))?;
        Ok(Moved::Plain)
    }
}
