//! OS file events as batches of changed paths, for `watch` and for a
//! caller that keeps its own [`LiveIndex`] and decides when to bring it up
//! to date (the language server, between two messages).
//!
//! [`LiveIndex`]: super::live::LiveIndex

use std::path::Path;
use std::time::Duration;

use notify_debouncer_full::notify::event::{AccessKind, AccessMode, EventKind};
use notify_debouncer_full::notify::{self, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{
    DebounceEventResult, DebouncedEvent, Debouncer, RecommendedCache, new_debouncer_opt,
};

use super::live::Batch;
use crate::error::{Error, Result};

/// The running watcher; dropping it stops the events.
pub struct Following {
    _running: Debouncer<RecommendedWatcher, RecommendedCache>,
}

/// Watches the tree under `root` (canonical, as the index's root) and gives
/// `send` every batch of changed paths, on the watcher's thread. Lost
/// events and watcher errors come as a batch asking for a rescan. Fails
/// when the OS will not watch (e.g. the inotify limit is reached).
pub fn follow(
    root: &Path,
    debounce: Duration,
    send: impl Fn(Batch) + Send + 'static,
) -> Result<Following> {
    let base = root.to_path_buf();
    let running = native(root, debounce, move |result| match result {
        Ok(events) => send(batch(&base, &events)),
        Err(_) => send(Batch {
            rescan: true,
            ..Batch::default()
        }),
    })?;
    Ok(Following { _running: running })
}

/// OS events for the whole tree under `root`, debounced, each batch given
/// to `handler` on the debouncer's thread.
pub(super) fn native(
    root: &Path,
    debounce: Duration,
    handler: impl FnMut(DebounceEventResult) + Send + 'static,
) -> Result<Debouncer<RecommendedWatcher, RecommendedCache>> {
    // Never follow a symlink out of the repository (or round a loop).
    let config = notify::Config::default().with_follow_symlinks(false);
    new_debouncer_opt(debounce, None, handler, RecommendedCache::new(), config)
        .and_then(|mut debouncer| {
            debouncer.watch(root, RecursiveMode::Recursive)?;
            Ok(debouncer)
        })
        .map_err(|e| {
            Error::input(
                root,
                format!(
                    "cannot watch: {e} (on a network drive or in a container try --poll; \
                     on Linux, raising fs.inotify.max_user_watches may help)"
                ),
            )
        })
}

/// The paths of one debounced batch, relative to the root. Every path of an
/// event counts (both ends of a rename): the index re-reads each one. A file
/// being opened or read says nothing new, and the watcher's own reads would
/// otherwise wake it again.
pub(super) fn batch(root: &Path, events: &[DebouncedEvent]) -> Batch {
    let mut batch = Batch::default();
    for event in events {
        batch.rescan |= event.need_rescan();
        if matches!(event.kind, EventKind::Access(kind) if kind != AccessKind::Close(AccessMode::Write))
        {
            continue;
        }
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
    use notify::Event;
    use notify::event::{CreateKind, Flag};
    use std::time::Instant;

    #[test]
    fn batches_keep_paths_inside_the_root_and_notice_rescans() {
        let root = Path::new("/n");
        let rename = Event::new(EventKind::Create(CreateKind::File))
            .add_path("/n/alice/.x.tmp".into())
            .add_path("/n/alice/2026-11-25.md".into());
        let outside = Event::new(EventKind::Any).add_path("/elsewhere/a.md".into());
        let root_itself = Event::new(EventKind::Any).add_path("/n".into());
        let read =
            |kind| Event::new(EventKind::Access(kind)).add_path("/n/bob/2026-11-25.md".into());
        let opened = read(AccessKind::Open(AccessMode::Any));
        let closed = read(AccessKind::Close(AccessMode::Read));
        let written = Event::new(EventKind::Access(AccessKind::Close(AccessMode::Write)))
            .add_path("/n/carol/2026-11-25.md".into());
        let events: Vec<DebouncedEvent> = [rename, outside, root_itself, opened, closed, written]
            .into_iter()
            .map(|e| DebouncedEvent::new(e, Instant::now()))
            .collect();
        let b = batch(root, &events);
        let paths: Vec<&str> = b.paths.iter().filter_map(|p| p.to_str()).collect();
        assert_eq!(
            paths,
            ["alice/.x.tmp", "alice/2026-11-25.md", "carol/2026-11-25.md"]
        );
        assert!(!b.rescan);
        let rescan = Event::new(EventKind::Other).set_flag(Flag::Rescan);
        assert!(batch(root, &[DebouncedEvent::new(rescan, Instant::now())]).rescan);
    }
}
