//! `oneonone topic`: queue a talking point for someone's next meeting.

use crate::error::{Error, Result};
use crate::io::repo::Repo;
use crate::io::{store, topics};
use crate::model::person::person_arg;

/// `oneonone topic`: queues `text` for the person named by `person` (id or
/// display name); returns the person's id. Nothing is created for an empty
/// topic or a name that would leave the repository.
pub fn queue(repo: &Repo, person: &str, text: &str) -> Result<String> {
    let arg = person_arg(person)?;
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        return Err(Error::usage("the topic is empty"));
    }
    let dir = repo.person_dir(&arg.id);
    let _lock = store::Lock::acquire(&repo.root)?;
    store::ensure_dir_inside(&repo.root, &dir)?;
    topics::add(
        &topics::path(&dir),
        arg.name.as_deref().unwrap_or(&arg.id),
        &text,
    )?;
    Ok(arg.id)
}
