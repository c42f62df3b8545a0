//! The watcher's own debounce: OS events wait here until the oldest is
//! `debounce` old, so an editor's burst of writes is read once. A served
//! question cannot wait that long, so its sync cookie flushes the queue
//! into the index at once: the OS delivers events in order, so every note
//! event before the cookie's is then applied. What the flush changed is
//! still told (and the dashboard rewritten) only when the debounce would
//! have fired, as for any other edit.

use std::path::Path;
use std::time::{Duration, Instant};

use notify::Event;
use notify::event::{AccessKind, AccessMode, EventKind};

use super::change::Change;
use super::live::{Batch, LiveIndex};

/// Events not yet read, and changes read early but not yet told.
#[derive(Debug)]
pub struct Pending {
    debounce: Duration,
    events: Vec<Event>,
    changes: Vec<Change>,
    /// When the oldest waiting event (or early change) is due.
    due: Option<Instant>,
}

impl Pending {
    pub fn new(debounce: Duration) -> Pending {
        Pending {
            debounce,
            events: Vec::new(),
            changes: Vec::new(),
            due: None,
        }
    }

    /// Queues one OS event. A file being opened or read says nothing new,
    /// and the watcher's own reads would otherwise wake it again.
    pub fn push(&mut self, event: Event) {
        if matches!(event.kind, EventKind::Access(kind) if kind != AccessKind::Close(AccessMode::Write))
        {
            return;
        }
        self.due
            .get_or_insert_with(|| Instant::now() + self.debounce);
        self.events.push(event);
    }

    /// How long until something is due; `None` when nothing waits.
    pub fn wait(&self, now: Instant) -> Option<Duration> {
        self.due.map(|due| due.saturating_duration_since(now))
    }

    /// Reads what the queued events touched into `live` now, keeping the
    /// changes for when they are due.
    pub fn flush(&mut self, root: &Path, live: &mut LiveIndex) {
        if !self.events.is_empty() {
            let events = std::mem::take(&mut self.events);
            self.changes.extend(live.apply(&batch(root, &events)));
        }
    }

    /// Once due: everything queued, read, with the changes found (also
    /// those of earlier flushes). `None` before then.
    pub fn settle(&mut self, root: &Path, live: &mut LiveIndex) -> Option<Vec<Change>> {
        if self.due.is_none_or(|due| Instant::now() < due) {
            return None;
        }
        self.flush(root, live);
        self.due = None;
        Some(std::mem::take(&mut self.changes))
    }
}

/// The paths of a run of events, relative to the root. Every path of an
/// event counts (both ends of a rename): the index re-reads each one.
fn batch(root: &Path, events: &[Event]) -> Batch {
    let mut batch = Batch::default();
    for event in events {
        batch.rescan |= event.need_rescan();
        for path in &event.paths {
            if let Ok(rel) = path.strip_prefix(root)
                && !rel.as_os_str().is_empty()
            {
                batch.paths.insert(rel.to_path_buf());
            }
        }
    }
    batch
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, Flag};

    #[test]
    fn batches_keep_paths_inside_the_root_and_notice_rescans() {
        let root = Path::new("/n");
        let rename = Event::new(EventKind::Create(CreateKind::File))
            .add_path("/n/alice/.x.tmp".into())
            .add_path("/n/alice/2026-11-25.md".into());
        let outside = Event::new(EventKind::Any).add_path("/elsewhere/a.md".into());
        let root_itself = Event::new(EventKind::Any).add_path("/n".into());
        let b = batch(root, &[rename, outside, root_itself]);
        let paths: Vec<&str> = b.paths.iter().filter_map(|p| p.to_str()).collect();
        assert_eq!(paths, ["alice/.x.tmp", "alice/2026-11-25.md"]);
        assert!(!b.rescan);
        let rescan = Event::new(EventKind::Other).set_flag(Flag::Rescan);
        assert!(batch(root, &[rescan]).rescan);
    }

    #[test]
    fn reads_are_not_queued_and_writes_wait_out_the_debounce() {
        let mut pending = Pending::new(Duration::from_secs(60));
        let read = |kind| Event::new(EventKind::Access(kind)).add_path("/n/bob/a.md".into());
        pending.push(read(AccessKind::Open(AccessMode::Any)));
        pending.push(read(AccessKind::Close(AccessMode::Read)));
        assert_eq!(pending.wait(Instant::now()), None);
        pending.push(read(AccessKind::Close(AccessMode::Write)));
        assert_eq!(pending.events.len(), 1);
        assert!(
            pending
                .wait(Instant::now())
                .is_some_and(|d| d > Duration::ZERO)
        );
    }
}
