//! The OS watcher, started in one place for `watch` and for a caller that
//! keeps its own [`LiveIndex`] and decides when to bring it up to date (the
//! language server, between two messages).
//!
//! Events come raw and in order: `watch` debounces them itself, so that a
//! sync cookie can overtake the debounce (the `pending` queue).
//!
//! [`LiveIndex`]: super::live::LiveIndex

use std::path::Path;

use notify::event::{AccessKind, AccessMode, EventKind};
use notify::{Event, RecommendedWatcher, RecursiveMode, Watcher as _};

use super::live::Batch;
use crate::error::{Error, Result};

/// The running watcher; dropping it stops the events.
pub struct Following {
    _running: RecommendedWatcher,
}

/// Watches the tree under `root` (canonical, as the index's root) and gives
/// `send` a batch for every event that changed something, on the watcher's
/// thread. The caller drains them all before answering, so they need no
/// debounce. Watcher errors come as a batch asking for a rescan. Fails when
/// the OS will not watch (e.g. the inotify limit is reached).
pub fn follow(root: &Path, send: impl Fn(Batch) + Send + 'static) -> Result<Following> {
    let base = root.to_path_buf();
    let running = native(root, move |result| match result {
        Ok(event) => send(batch(&base, std::slice::from_ref(&event))),
        Err(_) => send(Batch {
            rescan: true,
            ..Batch::default()
        }),
    })?;
    Ok(Following { _running: running })
}

/// OS events for the whole tree under `root` that may say something new,
/// each given to `handler` on the watcher's thread. Reads are dropped here,
/// where they arrive: anything that reads the notes (`rg`, an editor, this
/// tool) opens every file, and queued for later they only pile up.
pub(super) fn native(
    root: &Path,
    mut handler: impl FnMut(notify::Result<Event>) + Send + 'static,
) -> Result<RecommendedWatcher> {
    let handler = move |result: notify::Result<Event>| {
        if !result.as_ref().is_ok_and(says_nothing) {
            handler(result);
        }
    };
    // Never follow a symlink out of the repository (or round a loop).
    let config = notify::Config::default().with_follow_symlinks(false);
    RecommendedWatcher::new(handler, config)
        .and_then(|mut running| {
            running.watch(root, RecursiveMode::Recursive)?;
            Ok(running)
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

/// A file being opened or read says nothing new, and the watcher's own
/// reads would otherwise wake it again.
fn says_nothing(event: &Event) -> bool {
    matches!(event.kind, EventKind::Access(kind) if kind != AccessKind::Close(AccessMode::Write))
}

/// The paths of a run of events, relative to the root. Every path of an
/// event counts (both ends of a rename): the index re-reads each one.
pub(super) fn batch(root: &Path, events: &[Event]) -> Batch {
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
    fn reading_a_file_says_nothing_and_closing_a_written_one_does() {
        let on = |kind| Event::new(EventKind::Access(kind)).add_path("/n/bob/a.md".into());
        assert!(says_nothing(&on(AccessKind::Open(AccessMode::Any))));
        assert!(says_nothing(&on(AccessKind::Close(AccessMode::Read))));
        assert!(!says_nothing(&on(AccessKind::Close(AccessMode::Write))));
        assert!(!says_nothing(&Event::new(EventKind::Create(
            CreateKind::File
        ))));
    }

    #[test]
    fn the_watcher_passes_on_writes_and_not_reads() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        let read = root.join("read.md");
        std::fs::write(&read, "x").unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let _running = native(&root, move |result| {
            let _ = tx.send(result);
        })
        .unwrap();
        std::fs::read(&read).unwrap();
        // Written after the read: its events come after the read's.
        let written = root.join("written.md");
        std::fs::write(&written, "y").unwrap();
        let mut passed = Vec::new();
        while !passed.iter().any(|e: &Event| e.paths.contains(&written)) {
            let event = rx.recv_timeout(std::time::Duration::from_secs(30));
            passed.push(event.expect("the write is reported").unwrap());
        }
        assert!(
            passed.iter().all(|e| !says_nothing(e)),
            "reads were passed on: {passed:?}"
        );
    }
}
