//! `watch --poll`, for where OS events do not arrive (network drives, some
//! containers): the repository is listed one folder deep (the root and each
//! person folder) every interval, and each file's size and times are
//! compared with the last listing. Only what changed is read, so a poll
//! costs a `stat` per file, not a read.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::thread;
use std::time::{Duration, SystemTime};

use rayon::prelude::*;

use super::live::Batch;
use crate::io::cache::Stamp;

/// What one poll found: for the root (`""`) and each folder, its entries
/// by name with their stamps; folders have none, as only their coming and
/// going matters.
#[derive(Debug, Default, PartialEq)]
pub struct Listing(BTreeMap<String, Entries>);

/// A folder's entries, sorted by name.
type Entries = Vec<(String, Option<Stamp>)>;

impl Listing {
    /// The root's entries and those of its folders, not deeper; hidden
    /// folders (`.git`) are not entered.
    pub fn of(root: &Path) -> Listing {
        let top = entries(root);
        let folders: Vec<(String, Entries)> = top
            .par_iter()
            .filter(|(name, stamp)| stamp.is_none() && !name.starts_with('.'))
            .map(|(name, _)| (name.clone(), entries(&root.join(name))))
            .collect();
        let mut listing = Listing(folders.into_iter().collect());
        listing.0.insert(String::new(), top);
        listing
    }

    /// The paths that differ from `before`: new, gone, or with another size
    /// or time. A file changed so recently (as of `now`) that a second save
    /// in the same timestamp tick could leave its stamp unchanged is
    /// reported again until it settles; reading it again is harmless, as the
    /// watcher compares what it reads with what it had.
    pub fn changed(&self, before: &Listing, now: SystemTime) -> BTreeSet<PathBuf> {
        let mut out = BTreeSet::new();
        let folders: BTreeSet<&String> = self.0.keys().chain(before.0.keys()).collect();
        for folder in folders {
            let (new, old) = (self.0.get(folder), before.0.get(folder));
            let (mut new, mut old) = (new.into_iter().flatten(), old.into_iter().flatten());
            let (mut n, mut o) = (new.next(), old.next());
            loop {
                let name = match (n, o) {
                    (None, None) => break,
                    (Some((name, stamp)), Some((was, before))) if name == was => {
                        let unsettled = stamp.is_some_and(|s| !s.settled_at(now));
                        (n, o) = (new.next(), old.next());
                        if stamp == before && !unsettled {
                            continue;
                        }
                        name
                    }
                    (Some((name, _)), Some((was, _))) if was < name => {
                        o = old.next();
                        was
                    }
                    (Some((name, _)), _) => {
                        n = new.next();
                        name
                    }
                    (None, Some((was, _))) => {
                        o = old.next();
                        was
                    }
                };
                out.insert(Path::new(folder).join(name));
            }
        }
        out
    }
}

/// The entries of `dir`, with the stamps of all but folders.
fn entries(dir: &Path) -> Entries {
    let mut found: Entries = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            // Never a symlink's target: `DirEntry::metadata` does not follow.
            let meta = entry.metadata().ok()?;
            // A file without a stamp would look like a folder: leave it out.
            let stamp = if meta.is_dir() {
                None
            } else {
                Some(Stamp::of(&meta)?)
            };
            Some((name, stamp))
        })
        .collect();
    found.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    found
}

/// Polls `root` every `interval` on a thread of its own and hands each
/// batch of changed paths to `send`, until `send` returns false. A change
/// found is listed again after `debounce`, so a burst of saves arrives as
/// one batch. The first listing is taken before this returns: whatever
/// changes after it is reported.
pub fn spawn(
    root: PathBuf,
    interval: Duration,
    debounce: Duration,
    send: impl Fn(Batch) -> bool + Send + 'static,
) {
    let mut last = Listing::of(&root);
    thread::spawn(move || {
        loop {
            thread::sleep(interval);
            let now = Listing::of(&root);
            let mut paths = now.changed(&last, SystemTime::now());
            if paths.is_empty() {
                continue;
            }
            thread::sleep(debounce);
            last = Listing::of(&root);
            paths.extend(last.changed(&now, SystemTime::now()));
            if !send(Batch {
                paths,
                rescan: false,
            }) {
                return;
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    const LONG_AGO: i64 = 1_000_000_000_000_000_000;

    fn stamp(size: u64, modified: i64) -> Stamp {
        Stamp {
            size,
            modified,
            changed: modified,
        }
    }

    /// A listing of `folder/name` (or root-level `name`) paths, in order.
    fn listing(entries: &[(&str, Option<Stamp>)]) -> Listing {
        let mut listing = Listing::default();
        for (path, stamp) in entries {
            let (folder, name) = path.split_once('/').unwrap_or(("", path));
            let names = listing.0.entry(folder.to_owned()).or_default();
            names.push((name.to_owned(), *stamp));
        }
        listing
    }

    fn paths(set: &BTreeSet<PathBuf>) -> Vec<&str> {
        set.iter().map(|p| p.to_str().unwrap()).collect()
    }

    #[test]
    fn reports_new_gone_and_restamped_paths() {
        let now = SystemTime::now();
        let before = listing(&[
            ("alice", None),
            ("alice/2026-11-18.md", Some(stamp(10, LONG_AGO))),
            ("alice/2026-11-25.md", Some(stamp(10, LONG_AGO))),
            ("bob", None),
            ("bob/2026-11-20.md", Some(stamp(10, LONG_AGO))),
        ]);
        let after = listing(&[
            ("alice", None),
            ("alice/2026-11-18.md", Some(stamp(10, LONG_AGO))),
            // Same size, another time: an edit that kept the length.
            ("alice/2026-11-25.md", Some(stamp(10, LONG_AGO + 1))),
            ("carol", None),
            ("carol/2026-11-24.md", Some(stamp(5, LONG_AGO))),
        ]);
        assert_eq!(
            paths(&after.changed(&before, now)),
            [
                "alice/2026-11-25.md",
                "bob",
                "bob/2026-11-20.md",
                "carol",
                "carol/2026-11-24.md"
            ]
        );
        assert!(after.changed(&after, now).is_empty());
    }

    #[test]
    fn a_file_changed_just_now_is_reported_until_it_settles() {
        let now = SystemTime::now();
        let just_now = crate::io::cache::nanos(now) - 1_000_000;
        let same = listing(&[("alice/2026-11-25.md", Some(stamp(10, just_now)))]);
        assert_eq!(paths(&same.changed(&same, now)), ["alice/2026-11-25.md"]);
        let later = now + Duration::from_secs(3);
        assert!(same.changed(&same, later).is_empty());
    }

    #[test]
    fn lists_one_folder_deep_and_skips_hidden_folders() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for folder in ["alice/deeper", ".git/objects"] {
            fs::create_dir_all(root.join(folder)).unwrap();
        }
        for file in [
            ".oneonone.yaml",
            "alice/2026-11-25.md",
            "alice/deeper/x.md",
            ".git/HEAD",
        ] {
            fs::write(root.join(file), "x").unwrap();
        }
        let listing = Listing::of(root);
        let names = |folder: &str| -> Vec<(&str, Option<u64>)> {
            listing.0[folder]
                .iter()
                .map(|(name, stamp)| (name.as_str(), stamp.map(|s| s.size)))
                .collect()
        };
        assert_eq!(listing.0.len(), 2, "{listing:?}");
        assert_eq!(
            names(""),
            [(".git", None), (".oneonone.yaml", Some(1)), ("alice", None)]
        );
        assert_eq!(
            names("alice"),
            [("2026-11-25.md", Some(1)), ("deeper", None)]
        );
    }
}
