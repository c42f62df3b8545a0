//! File events for a caller that keeps its own [`LiveIndex`] and decides
//! when to bring it up to date (the language server, between two
//! messages): each debounced batch of OS events is handed over as a
//! [`Batch`], read the same way `watch` reads it.
//!
//! [`LiveIndex`]: super::live::LiveIndex

use std::path::{Path, PathBuf};
use std::time::Duration;

use notify_debouncer_full::notify::RecommendedWatcher;
use notify_debouncer_full::{Debouncer, RecommendedCache};

use super::live::Batch;
use super::{batch, native};
use crate::error::Result;

/// The running watcher; dropping it stops the events.
pub struct Following {
    _running: Debouncer<RecommendedWatcher, RecommendedCache>,
}

impl std::fmt::Debug for Following {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Following")
    }
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
    let base: PathBuf = root.to_path_buf();
    let running = native(root, debounce, move |result| match result {
        Ok(events) => send(batch(&base, &events)),
        Err(_) => send(Batch {
            rescan: true,
            ..Batch::default()
        }),
    })?;
    Ok(Following { _running: running })
}
