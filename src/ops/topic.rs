//! `oneonone topic`: queue a talking point for someone's next meeting, list
//! the queue, or take one off it.

use chrono::NaiveDate;

use crate::error::{Error, Result};
use crate::io::repo::Repo;
use crate::io::{load, people};
use crate::io::{store, topics};

/// `oneonone topic`: queues `text` for the person `person` names (by any
/// of their names); returns the person's id. Only `new` starts a person:
/// a name nobody answers to is refused, so a typo never makes a folder.
/// Nothing is written for an empty topic. `by` is who raised it (a handle,
/// or `me`), written after the text as `(by HANDLE)`.
pub fn queue(
    repo: &Repo,
    person: &str,
    text: &str,
    by: Option<&str>,
    today: NaiveDate,
) -> Result<String> {
    let by = by.map(|b| b.trim().trim_start_matches('@'));
    if let Some(by) = by
        && !topics::is_handle(by)
    {
        return Err(Error::usage(format!(
            "`--by {by}` is not a handle: one word, such as `alice` or `me`"
        )));
    }
    let known = people::resolve(repo, person, today)?;
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        return Err(Error::usage("the topic is empty"));
    }
    let text = topics::attributed(&text, by);
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

/// `oneonone topic --list`: the person's id and their queued topics, in
/// order (numbered from 1 by the caller).
pub fn list(repo: &Repo, person: &str, today: NaiveDate) -> Result<(String, Vec<String>)> {
    let known = people::resolve(repo, person, today)?;
    let queued = topics::read(&topics::path(&repo.person_dir(&known.id)))?;
    Ok((known.id, queued))
}

/// `oneonone topic --remove N`: takes the `n`th queued topic (from 1, as
/// `--list` numbers them) off the person's queue, under the repository
/// lock; returns the person's id and the topic. Every other line of the
/// file is kept as it is.
pub fn remove(repo: &Repo, person: &str, n: usize, today: NaiveDate) -> Result<(String, String)> {
    let known = people::resolve(repo, person, today)?;
    let path = topics::path(&repo.person_dir(&known.id));
    let _lock = store::Lock::acquire(&repo.root)?;
    if let Some(topic) = topics::remove_nth(&path, n)? {
        return Ok((known.id, topic));
    }
    let queued = match topics::read(&path)?.len() {
        0 => "no topics are".to_owned(),
        1 => "1 topic is".to_owned(),
        k => format!("{k} topics are"),
    };
    Err(Error::usage(format!(
        "no topic {n}: {queued} queued for {} (see `oneonone topic {} --list`)",
        known.id, known.id
    )))
}
