//! Finding the person a command names, reading no more than it must: a
//! person folder named by its id is found by looking at that folder alone;
//! a former id, a handle or a name from the settings needs only the
//! settings; a display name that only the notes give needs every person's
//! notes (through the cache). The rules of who answers to what are in
//! `plan::names`.

use chrono::NaiveDate;

use crate::error::Result;
use crate::io::repo::Repo;
use crate::io::{load, scan, store};
use crate::model::index::Index;
use crate::model::person::{is_person_id, person_arg};
use crate::plan::names::{Directory, Known, Lookup};

/// Everyone the repository knows: the people of `index` and of the settings.
pub fn directory(repo: &Repo, index: &Index) -> Directory {
    Directory::new(
        index
            .people
            .iter()
            .map(|p| (p.id.as_str(), p.name.as_deref())),
        &repo.settings,
    )
}

/// What looking a person up found.
#[derive(Debug)]
pub enum Found {
    Known(Known),
    /// Nobody answers to the name; everyone the repository knows, to say
    /// who is near it.
    Unknown(Directory),
}

/// The person `input` names, or an error naming the nearest people.
/// Anything that could not be a person's name (a path, `..`) is refused.
pub fn resolve(repo: &Repo, input: &str, today: NaiveDate) -> Result<Known> {
    match find(repo, input, today)? {
        Found::Known(known) => Ok(known),
        Found::Unknown(directory) => Err(directory.unknown(input)),
    }
}

/// Looks `input` up, cheapest first: the folder of that id, the settings,
/// then everyone's notes (through the cache, which a look-up leaves as it
/// is: finding a name writes nothing).
pub fn find(repo: &Repo, input: &str, today: NaiveDate) -> Result<Found> {
    person_arg(input)?;
    let typed = input.trim();
    // A folder that is a symlink leading out is nobody, and saying why
    // beats "no person".
    let dir = repo.person_dir(typed);
    if is_person_id(typed)
        && std::fs::symlink_metadata(&dir).is_ok_and(|m| m.file_type().is_symlink())
    {
        store::ensure_inside(&repo.root, &dir)?;
    }
    let settings = Directory::of_settings(&repo.settings);
    if is_person_id(typed) && scan::person_folder(&repo.root, typed).is_some() {
        let known = settings.get(typed).cloned().unwrap_or_else(|| Known {
            id: typed.to_owned(),
            ..Known::default()
        });
        return Ok(Found::Known(known));
    }
    match settings.find(typed) {
        Lookup::One(known) => return Ok(Found::Known(known.clone())),
        Lookup::Several(_) => return settings.resolve(typed).map(|k| Found::Known(k.clone())),
        Lookup::Nobody => {}
    }
    let summaries = load::summaries_unsaved(repo, today);
    let everyone = Directory::new(
        summaries
            .people
            .iter()
            .map(|p| (p.id.as_str(), p.name.as_deref())),
        &repo.settings,
    );
    match everyone.find(typed) {
        Lookup::One(known) => Ok(Found::Known(known.clone())),
        Lookup::Several(_) => everyone.resolve(typed).map(|k| Found::Known(k.clone())),
        Lookup::Nobody => Ok(Found::Unknown(everyone)),
    }
}
