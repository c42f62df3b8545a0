//! The queue of talking points kept in `PERSON/topics.md` until the next
//! meeting note takes them into its agenda.
//!
//! A topic may say who raised it, in words a person could type too: a
//! trailing `(by HANDLE)`, as in `- Conference budget (by alice)`. The
//! attribution is part of the topic's text, so it travels with it into
//! the agenda of the next note.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::io::store;

pub const FILE_NAME: &str = "topics.md";

/// Queued topics: the `- text` bullets of the file, in order.
pub fn read(path: &Path) -> Result<Vec<String>> {
    Ok(read_text(path)?
        .map(|text| text.lines().filter_map(topic).map(str::to_owned).collect())
        .unwrap_or_default())
}

/// The queue file's text, `None` when there is none yet. A symlink is
/// refused: what it points at may be outside the repository, and the
/// queue is rewritten in place.
fn read_text(path: &Path) -> Result<Option<String>> {
    if fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(Error::input(
            path,
            "is a symlink; the topic queue must be a regular file, so it was not used",
        ));
    }
    store::read_if_exists(path, path)?
        .map(|bytes| String::from_utf8(bytes).map_err(|_| Error::input(path, "not valid UTF-8")))
        .transpose()
}

fn topic(line: &str) -> Option<&str> {
    let text = line
        .strip_prefix("- ")
        .or_else(|| line.strip_prefix("* "))?;
    let text = text.trim();
    (!text.is_empty()).then_some(text)
}

/// A topic's text and who raised it: `Conference budget (by alice)` is
/// `("Conference budget", Some("alice"))`. The handle is one word, without
/// spaces or parentheses; a leading `@` is dropped. Anything else is
/// unattributed text.
pub fn attribution(topic: &str) -> (&str, Option<&str>) {
    let topic = topic.trim();
    let split = topic
        .strip_suffix(')')
        .and_then(|rest| rest.rsplit_once("(by "))
        .filter(|(text, handle)| {
            let handle = handle.trim_start_matches('@');
            !text.trim().is_empty() && is_handle(handle)
        });
    match split {
        Some((text, handle)) => (text.trim_end(), Some(handle.trim_start_matches('@'))),
        None => (topic, None),
    }
}

/// Whether `handle` can follow `by` in an attribution: one word, no
/// parentheses.
pub fn is_handle(handle: &str) -> bool {
    !handle.is_empty()
        && !handle
            .chars()
            .any(|c| c.is_whitespace() || c == '(' || c == ')' || c == '@')
}

/// The topic as queued: `text`, then `(by HANDLE)` when someone raised it.
pub fn attributed(text: &str, by: Option<&str>) -> String {
    match by {
        Some(by) => format!("{text} (by {by})"),
        None => text.to_owned(),
    }
}

/// Appends a topic, creating the file with a heading the first time.
pub fn add(path: &Path, person_name: &str, text: &str) -> Result<()> {
    let mut contents =
        read_text(path)?.unwrap_or_else(|| format!("# Topics for {person_name}\n\n"));
    if !contents.is_empty() && !contents.ends_with('\n') {
        contents.push('\n');
    }
    contents.push_str(&format!("- {text}\n"));
    store::replace(path, contents.as_bytes())
}

/// Removes the given topics (each once) from the queue, keeping every other
/// line. The caller holds the repository lock from reading the queue to
/// here, so no topic can be queued in between and lost.
pub fn remove(path: &Path, taken: &[String]) -> Result<()> {
    if taken.is_empty() {
        return Ok(());
    }
    let Some(text) = read_text(path)? else {
        return Ok(());
    };
    let mut left: Vec<&String> = taken.iter().collect();
    let mut kept = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let line_topic = topic(line.trim_end_matches(['\n', '\r']));
        if let Some(t) = line_topic
            && let Some(i) = left.iter().position(|l| l.as_str() == t)
        {
            left.swap_remove(i);
            continue;
        }
        kept.push_str(line);
    }
    store::replace(path, kept.as_bytes())
}

/// Removes the `n`th topic of the queue (from 1), keeping every other line
/// byte for byte; returns its text, or `None` when the queue is shorter.
/// The caller holds the repository lock.
pub fn remove_nth(path: &Path, n: usize) -> Result<Option<String>> {
    let Some(text) = read_text(path)? else {
        return Ok(None);
    };
    let mut seen = 0;
    let mut removed = None;
    let mut kept = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        if let Some(t) = topic(line.trim_end_matches(['\n', '\r'])) {
            seen += 1;
            if seen == n {
                removed = Some(t.to_owned());
                continue;
            }
        }
        kept.push_str(line);
    }
    if removed.is_some() {
        store::replace(path, kept.as_bytes())?;
    }
    Ok(removed)
}

/// The queued topics that `note` lists as bullets, each bullet matched once:
/// what a new note really took from the queue. A template without the
/// topics loop must not empty the queue.
pub fn listed_in(note: &str, queued: &[String]) -> Vec<String> {
    let mut bullets: Vec<&str> = note.lines().filter_map(|l| topic(l.trim_start())).collect();
    queued
        .iter()
        .filter(|q| {
            bullets
                .iter()
                .position(|b| b == q)
                .map(|i| bullets.swap_remove(i))
                .is_some()
        })
        .cloned()
        .collect()
}

pub fn path(person_dir: &Path) -> PathBuf {
    person_dir.join(FILE_NAME)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queue_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        assert!(read(&path).unwrap().is_empty());
        add(&path, "Alice", "Conference budget").unwrap();
        add(&path, "Alice", "Team offsite").unwrap();
        assert_eq!(
            fs::read_to_string(&path).unwrap(),
            "# Topics for Alice\n\n- Conference budget\n- Team offsite\n"
        );
        let topics = read(&path).unwrap();
        add(&path, "Alice", "Late addition").unwrap();
        remove(&path, &topics).unwrap();
        assert_eq!(
            fs::read_to_string(&path).unwrap(),
            "# Topics for Alice\n\n- Late addition\n"
        );
    }

    #[test]
    fn attribution_is_a_trailing_by_handle() {
        assert_eq!(
            attribution("Conference budget (by alice)"),
            ("Conference budget", Some("alice"))
        );
        assert_eq!(attribution("Budget (by @me)"), ("Budget", Some("me")));
        assert_eq!(attribution("Budget"), ("Budget", None));
        for plain in [
            "Budget (by two words)",
            "(by alice)",
            "Budget (by )",
            "Budget (by alice) later",
            "Budget (alice)",
        ] {
            assert_eq!(attribution(plain), (plain, None), "{plain}");
        }
        assert_eq!(attributed("Budget", Some("bob")), "Budget (by bob)");
        assert_eq!(attributed("Budget", None), "Budget");
        let queued = attributed("Q1 (planning)", Some("sam"));
        assert_eq!(attribution(&queued), ("Q1 (planning)", Some("sam")));
    }

    #[test]
    fn remove_nth_keeps_every_other_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        assert_eq!(remove_nth(&path, 1).unwrap(), None);
        fs::write(
            &path,
            "# Topics\n\nnote to self\n- One\n* Two (by bob)\n- Three\n",
        )
        .unwrap();
        assert_eq!(remove_nth(&path, 4).unwrap(), None);
        assert_eq!(
            remove_nth(&path, 2).unwrap().as_deref(),
            Some("Two (by bob)")
        );
        assert_eq!(
            fs::read_to_string(&path).unwrap(),
            "# Topics\n\nnote to self\n- One\n- Three\n"
        );
    }

    #[test]
    fn only_topics_the_note_lists_count_as_taken() {
        let queued: Vec<String> = ["Budget", "Offsite", "Budget", "Notes"]
            .map(String::from)
            .to_vec();
        let note = "## Notes\n## Agenda\n- Budget\n  * Offsite\n- Budgets\n";
        assert_eq!(listed_in(note, &queued), ["Budget", "Offsite"]);
    }
}
