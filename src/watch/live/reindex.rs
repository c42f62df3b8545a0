//! Reading the whole repository again, as at the start or after the OS
//! dropped events: only the files whose stamp changed are parsed.

use std::collections::BTreeMap;
use std::path::{Component, Path};

use rayon::prelude::*;

use super::{Change, Entry, LiveIndex, Stamp, open_items, read};
use crate::error::Result;
use crate::io::load::former_ids;
use crate::io::scan::{self, Candidate};
use crate::io::topics;
use crate::model::note::Status;
use crate::parse::note;
use crate::watch::kept::KeptNote;

/// What a reindex tells of: the first read reports only the problems it
/// found, not the thousands of notes it read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum News {
    All,
    Problems,
}

impl LiveIndex {
    /// Scans everything and reads again only the files whose size or
    /// modification time changed since they were read, keeping the last
    /// good version of files that no longer parse. Reading only what changed
    /// matters: every read is itself a file-system event, and re-reading a
    /// large repository after the OS dropped events would flood it again.
    pub(super) fn reindex(&mut self, news: News) -> Vec<Change> {
        // Everyone is assembled again after a reindex: the old people need
        // not share the peak with the scan.
        self.index.people = Vec::new();
        let mut scan = scan::scan(&self.root);
        let known = self.problem_lines();
        let mut old = std::mem::take(&mut self.folders);
        let mut changes = Vec::new();
        let mut candidates = std::mem::take(&mut scan.candidates);
        let mut stamps = std::mem::take(&mut scan.stamps);
        // One stamp per candidate, as `scan` gives them.
        stamps.resize(candidates.len(), None);
        // A note whose stamp is unchanged moves over as it is; the rest are
        // read again, moved (in order) to the front of both lists, which
        // are filtered in place: a copy of them would add to the peak.
        let mut stale = 0;
        for i in 0..candidates.len() {
            let (candidate, stamp) = (&candidates[i], stamps[i]);
            let name = candidate.name.file_name();
            let files = old.get_mut(&*candidate.person);
            let unchanged = files.as_ref().is_some_and(|files| {
                matches!(
                    files.get(&name),
                    Some(Entry::Note { stamp: Some(s), .. }) if Some(*s) == stamp
                )
            });
            if unchanged {
                if let Some(entry) = files.and_then(|files| files.remove(&name)) {
                    self.insert(&candidate.person, name, entry);
                }
            } else {
                candidates.swap(stale, i);
                stamps.swap(stale, i);
                stale += 1;
            }
        }
        candidates.truncate(stale);
        stamps.truncate(stale);
        self.read_stale(&candidates, &stamps, &mut old, &mut changes, news);
        drop((candidates, stamps));
        for folder in &scan.folders {
            let name = topics::FILE_NAME;
            let rel = Path::new(folder).join(name);
            let Ok(meta) = std::fs::metadata(self.root.join(&rel)) else {
                continue;
            };
            if !meta.is_file() || self.ignores.file(folder, name) {
                continue;
            }
            let stamp = Stamp::of(&meta);
            let digest = match old.get_mut(folder).and_then(|files| files.remove(name)) {
                Some(Entry::Topics { digest, stamp: s }) if s.is_some() && s == stamp => digest,
                _ => {
                    let digest = read(&self.root.join(&rel), &rel).ok().map(|(_, d)| d);
                    changes.push(Change::Topics(rel));
                    digest
                }
            };
            self.insert(folder, name.to_owned(), Entry::Topics { digest, stamp });
        }
        // Filled one by one, in order, a map's nodes end half empty; built
        // from a sorted list, full.
        for files in self.folders.values_mut() {
            *files = std::mem::take(files).into_iter().collect();
        }
        self.walk_problems.clear();
        for problem in scan.problems {
            match split(problem.path()) {
                Some((folder, name)) => {
                    old.get_mut(&folder).and_then(|files| files.remove(&name));
                    self.insert(&folder, name, Entry::Problem(problem));
                }
                None => self.walk_problems.push(problem),
            }
        }
        for (folder, files) in old {
            let kept = self.folders.get(&folder).is_some_and(|f| !f.is_empty());
            match files.len() {
                0 => {}
                _ if !kept => changes.push(Change::RemovedFolder(folder)),
                _ => changes.extend(
                    files
                        .into_keys()
                        .map(|name| Change::Removed(Path::new(&folder).join(name))),
                ),
            }
        }
        self.all_dirty = true;
        changes.extend(
            self.problem_lines()
                .into_iter()
                .filter(|line| !known.contains(line))
                .map(Change::Problem),
        );
        changes
    }

    /// Parses the notes that changed since they were last read, taking
    /// what was known of them from `old`.
    fn read_stale(
        &mut self,
        stale: &[Candidate],
        stamps: &[Option<Stamp>],
        old: &mut BTreeMap<String, BTreeMap<String, Entry>>,
        changes: &mut Vec<Change>,
        news: News,
    ) {
        // The note packed, with what its change says of it; the digest.
        type Read = (Result<(Option<KeptNote>, Status, usize)>, Option<u64>);
        // Read a few thousand at a time, and packed on the reading threads,
        // so that the first read of a large repository never holds much of
        // it parsed at once.
        for (chunk, stamps) in stale.chunks(4096).zip(stamps.chunks(4096)) {
            let root = &self.root;
            let settings = &self.settings;
            let read: Vec<Read> = chunk
                .par_iter()
                .map(|c| {
                    let rel = c.path();
                    match read(&root.join(&rel), &rel) {
                        Ok((bytes, digest)) => {
                            let former = former_ids(settings, &c.person);
                            let note = note::parse_for(&rel, &c.person, former, c.name, &bytes);
                            let kept =
                                note.map(|n| (KeptNote::pack(&n), n.front.status, open_items(&n)));
                            (kept, Some(digest))
                        }
                        Err(e) => (Err(e), None),
                    }
                })
                .collect();
            for ((candidate, &stamp), (result, digest)) in chunk.iter().zip(stamps).zip(read) {
                let name = candidate.name.file_name();
                let previous = old
                    .get_mut(&*candidate.person)
                    .and_then(|files| files.remove(&name));
                let good = match previous {
                    Some(Entry::Note { good, .. }) => good,
                    _ => None,
                };
                let entry = match result {
                    Ok((kept, status, open)) => {
                        if news == News::All && good != kept {
                            changes.push(Change::Note {
                                path: candidate.path(),
                                person: candidate.person.to_string(),
                                status,
                                open,
                            });
                        }
                        Entry::Note {
                            digest,
                            good: kept,
                            problem: None,
                            stamp,
                        }
                    }
                    Err(e) => Entry::Note {
                        good,
                        problem: Some(Box::new(e)),
                        digest,
                        stamp,
                    },
                };
                self.insert(&candidate.person, name, entry);
            }
        }
    }
}

/// `PERSON/FILE` of a relative path, when it has exactly that shape.
fn split(path: Option<&Path>) -> Option<(String, String)> {
    let mut parts = path?.components().map(|c| match c {
        Component::Normal(part) => part.to_str(),
        _ => None,
    });
    match (parts.next(), parts.next(), parts.next()) {
        (Some(Some(folder)), Some(Some(name)), None) => Some((folder.to_owned(), name.to_owned())),
        _ => None,
    }
}
