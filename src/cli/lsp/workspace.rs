//! The repository as the server knows it between two messages: the
//! watcher's in-memory index ([`LiveIndex`]), brought up to date before
//! each answer, with the editor's open documents over the files on disk.
//!
//! A watcher thread hands batches of changed paths over a channel; the
//! message loop applies them when it next needs the index, so one thread
//! owns the index and answers in order. When the OS will not watch (an
//! inotify limit, a network drive), the repository is looked at again
//! before each answer instead: the index re-reads only files whose size or
//! time changed.

use std::sync::mpsc::{Receiver, channel};

use chrono::NaiveDate;

use oneonone::io::repo::Repo;
use oneonone::watch::follow::{Following, follow};
use oneonone::watch::live::{Batch, LiveIndex};

pub(super) struct Workspace {
    live: LiveIndex,
    /// `None` when the watcher could not start.
    events: Option<(Following, Receiver<Batch>)>,
}

impl Workspace {
    /// Reads the repository and starts following its files.
    pub(super) fn open(repo: &Repo, today: NaiveDate) -> Workspace {
        // Events name canonical paths; the index's root must match them.
        let root = repo
            .root
            .canonicalize()
            .unwrap_or_else(|_| repo.root.clone());
        let (mut live, _) = LiveIndex::new(root.clone(), repo.settings.clone(), None, today);
        let (send, receive) = channel();
        let events = follow(&root, move |batch| {
            let _ = send.send(batch);
        })
        .ok()
        .map(|following| (following, receive));
        if events.is_some() {
            // What changed between the first read and the watch starting.
            live.catch_up();
        }
        Workspace { live, events }
    }

    /// Brings the index up to date with what changed on disk; whether
    /// anything did.
    pub(super) fn refresh(&mut self) -> bool {
        match &self.events {
            Some((_, batches)) => {
                let mut changed = false;
                for batch in batches.try_iter() {
                    changed |= !self.live.apply(&batch).is_empty();
                }
                changed
            }
            None => !self.live.catch_up().is_empty(),
        }
    }

    /// The index as last brought up to date.
    pub(super) fn live(&self) -> &LiveIndex {
        &self.live
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oneonone::model::date::parse_date;

    fn open_items(workspace: &Workspace) -> usize {
        let people = &workspace.live().index().people;
        people.iter().map(|p| p.open_items().count()).sum()
    }

    #[test]
    fn without_a_watcher_each_answer_looks_at_the_files_again() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(".git")).unwrap();
        std::fs::create_dir(dir.path().join("alice")).unwrap();
        let note = dir.path().join("alice/2026-11-18.md");
        std::fs::write(&note, "---\nperson: alice\n---\n- [ ] one\n").unwrap();
        let repo = Repo::open(dir.path().canonicalize().unwrap()).unwrap();
        let today = parse_date("2026-11-25").unwrap();
        // As `open` leaves it when the OS will not watch.
        let (live, _) = LiveIndex::new(repo.root.clone(), repo.settings.clone(), None, today);
        let mut workspace = Workspace { live, events: None };
        assert!(!workspace.refresh(), "nothing changed yet");
        assert_eq!(open_items(&workspace), 1);
        std::fs::write(&note, "---\nperson: alice\n---\n- [ ] one\n- [ ] two\n").unwrap();
        assert!(workspace.refresh(), "the edit is seen");
        assert_eq!(open_items(&workspace), 2);
        std::fs::remove_file(&note).unwrap();
        assert!(workspace.refresh(), "the removal is seen");
        assert_eq!(open_items(&workspace), 0);
    }
}
