//! What identifies a version of a file without reading it.

use std::fs;
use std::os::fd::AsFd;
use std::os::unix::fs::MetadataExt;
use std::time::{SystemTime, UNIX_EPOCH};

use rustix::fs::{AtFlags, StatxFlags, StatxTimestamp};
use serde::{Deserialize, Serialize};

/// A file modified this close to when it was read may change again within
/// the same timestamp tick (coarse file systems count in seconds, FAT in two)
/// without its size or times changing — git's "racy clean" problem. A person
/// with such a file is stored without a result, so it is read again next time.
const RACY_NANOS: i64 = 2_000_000_000;

/// Nanoseconds since the epoch, negative before it; saturates outside the
/// years 1678–2262, which only makes such files always re-read.
pub(crate) fn nanos(time: SystemTime) -> i64 {
    match time.duration_since(UNIX_EPOCH) {
        Ok(after) => i64::try_from(after.as_nanos()).unwrap_or(i64::MAX),
        Err(e) => i64::try_from(e.duration().as_nanos()).map_or(i64::MIN, |n| -n),
    }
}

/// Nanoseconds of a file time given as seconds and nanoseconds, saturating
/// (which only makes files dated past the year 2262 always read again).
fn nanos_of(seconds: i64, nanos: i64) -> i64 {
    seconds.saturating_mul(1_000_000_000).saturating_add(nanos)
}

/// What identifies a version of a file without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    pub size: u64,
    /// Modification time, ns since the epoch.
    pub modified: i64,
    /// Inode change time, ns: moves on any write, `chmod` or `touch -d`,
    /// and cannot be set back by the user.
    pub changed: i64,
}

impl Stamp {
    pub fn of(meta: &fs::Metadata) -> Option<Stamp> {
        Some(Stamp {
            size: meta.len(),
            modified: nanos_of(meta.mtime(), meta.mtime_nsec()),
            changed: nanos_of(meta.ctime(), meta.ctime_nsec()),
        })
    }

    /// The stamp of `name` in the folder open as `dir`, not following a
    /// symlink. Relative to an open folder, so the kernel walks one path
    /// component, not the whole path: this is most of a warm run's work.
    pub fn at(dir: impl AsFd, name: &str) -> Option<Stamp> {
        let want = StatxFlags::SIZE | StatxFlags::MTIME | StatxFlags::CTIME;
        let st = rustix::fs::statx(dir, name, AtFlags::SYMLINK_NOFOLLOW, want).ok()?;
        let time = |t: StatxTimestamp| nanos_of(t.tv_sec, i64::from(t.tv_nsec));
        (st.stx_mask & want.bits() == want.bits()).then(|| Stamp {
            size: st.stx_size,
            modified: time(st.stx_mtime),
            changed: time(st.stx_ctime),
        })
    }

    /// Whether a read made no earlier than `now` certainly saw the version
    /// this stamp names (see [`RACY_NANOS`]).
    pub(super) fn settled(self, now: i64) -> bool {
        self.modified.max(self.changed).saturating_add(RACY_NANOS) < now
    }

    /// `settled`, for a clock reading.
    pub fn settled_at(self, now: SystemTime) -> bool {
        self.settled(nanos(now))
    }
}
