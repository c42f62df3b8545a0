//! `oneonone topic`: queue a talking point for someone's next meeting.

use chrono::NaiveDate;

use crate::error::{Error, Result};
use crate::io::repo::Repo;
use crate::io::{load, people};
use crate::io::{store, topics};

/// `oneonone topic`: queues `text` for the person `person` names (by any
/// of their names); returns the person's id. Only `new` starts a person:
/// a name nobody answers to is refused, so a typo never makes a folder.
/// Nothing is written for an empty topic.
pub fn queue(repo: &Repo, person: &str, text: &str, today: NaiveDate) -> Result<String> {
    let known = people::resolve(repo, person, today)?;
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        return Err(Error::usage("the topic is empty"));
    }
    let dir = repo.person_dir(&known.id);
    let path = topics::path(&dir);
    // The queue's heading names the person; their notes may know the name
    // when the settings do not (only looked up for a new queue).
    let name = match known.name {
        Some(name) => name,
        None if !path.exists() => load::person(repo, &known.id, today)
            .and_then(|index| index.people.into_iter().next())
            .and_then(|person| person.name)
            .unwrap_or_else(|| known.id.clone()),
        None => known.id.clone(),
    };
    let _lock = store::Lock::acquire(&repo.root)?;
    store::ensure_dir_inside(&repo.root, &dir)?;
    topics::add(&path, &name, &text)?;
    Ok(known.id)
}
