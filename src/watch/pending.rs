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

use super::change::Change;
use super::follow::batch;
use super::live::LiveIndex;

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

    /// Queues one OS event (reads were dropped where they arrived, in
    /// [`super::follow::native`]).
    pub fn push(&mut self, event: Event) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{AccessKind, AccessMode, EventKind};

    #[test]
    fn writes_wait_out_the_debounce() {
        let mut pending = Pending::new(Duration::from_secs(60));
        assert_eq!(pending.wait(Instant::now()), None);
        let write = Event::new(EventKind::Access(AccessKind::Close(AccessMode::Write)));
        pending.push(write.add_path("/n/bob/a.md".into()));
        assert_eq!(pending.events.len(), 1);
        assert!(
            pending
                .wait(Instant::now())
                .is_some_and(|d| d > Duration::ZERO)
        );
    }
}
