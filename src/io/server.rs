//! Asking a running `watch` instead of reading the files: where its socket
//! lives, what goes over it, and the client. The serving side is in
//! `watch::server`.
//!
//! The exchange, each message a 4-byte big-endian length then that many
//! bytes of JSON:
//!
//! 1. the server says [`Hello`] (protocol, tool version, repository root);
//! 2. the client checks it, writes a sync cookie (an empty file in the
//!    cookie folder the watcher watches) and sends a [`Request`] naming it;
//! 3. the server answers once its watcher has reported that cookie, so
//!    every write that finished before the client started is in its index.
//!
//! Anything unexpected (no socket, nobody listening, another version or
//! repository, no answer in time) makes [`ask`] return `None`, and the
//! command reads the files itself.
//!
//! Besides the store and the cache, this is the one module that writes:
//! only the socket, its cookie folder and the cookies in it.

use std::io::{Read, Write};
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use chrono::NaiveDate;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::io::cache;
use crate::model::person::{Pause, Summary};

/// Bumped whenever a message changes shape.
pub const PROTOCOL: u32 = 3;
/// The tool's version: a server of another version is not asked.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// How long the client waits for the server's hello.
pub const HANDSHAKE: Duration = Duration::from_millis(50);
/// How long the client waits for the answer after writing its cookie (the
/// server may first read a burst of saves it had queued).
pub const ANSWER: Duration = Duration::from_millis(600);
/// No message is larger than this.
const MAX_FRAME: u32 = 256 << 20;

/// The socket of the repository at `root`: next to its index cache.
pub fn socket_path(root: &Path) -> Option<PathBuf> {
    cache::location(root).map(|cache| cache.with_extension("sock"))
}

/// Where clients write their sync cookies, for the socket at `socket`.
pub fn cookie_dir(socket: &Path) -> PathBuf {
    socket.with_extension("cookies")
}

/// The first thing the server says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hello {
    pub protocol: u32,
    pub version: String,
    /// Canonical.
    pub root: PathBuf,
}

impl Hello {
    pub fn ours(root: PathBuf) -> Hello {
        Hello {
            protocol: PROTOCOL,
            version: VERSION.to_owned(),
            root,
        }
    }
}

/// The commands a server answers, with their arguments as typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Command {
    Status,
    Actions {
        person: Option<String>,
        owner: Option<String>,
        all: bool,
    },
    Gaps {
        person: Option<String>,
        since: Option<NaiveDate>,
    },
    /// Without `--git`: git's history is not in the index.
    Log {
        person: String,
    },
    Prep {
        person: String,
    },
    People,
    /// Everyone as `status` sees them, as data: for `status` over several
    /// repositories, which makes one table of many answers.
    Summaries,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    pub protocol: u32,
    pub version: String,
    /// Canonical.
    pub root: PathBuf,
    pub command: Command,
    pub today: NaiveDate,
    /// The cookie's file name in the cookie folder.
    pub cookie: String,
    /// How to print: `--json`, `--quiet`, colour.
    pub json: bool,
    pub quiet: bool,
    pub color: bool,
}

/// The server's reply to a [`Request`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Answer {
    /// What the command prints, stdout and stderr whole, and for `status`
    /// how many people are overdue (for `--fail-on overdue`).
    Done {
        stdout: String,
        stderr: String,
        overdue: usize,
    },
    /// The answer to [`Command::Summaries`], with the problems a fresh
    /// read would warn of.
    Summaries {
        people: Vec<SummaryWire>,
        problems: Vec<String>,
    },
    /// The server does not answer this (another day, a name it cannot
    /// resolve…): the client reads the files itself, and says why.
    Refused { reason: String },
}

/// A [`Summary`] as it travels: kinds and cadences by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SummaryWire {
    id: String,
    name: Option<String>,
    kind: String,
    cadence: String,
    grace: Option<u32>,
    pauses: Vec<(Option<NaiveDate>, NaiveDate, Option<String>)>,
    last_held: Option<NaiveDate>,
    open_items: usize,
    oldest_open: Option<NaiveDate>,
    planned: Option<NaiveDate>,
}

impl SummaryWire {
    pub fn of(s: Summary) -> SummaryWire {
        SummaryWire {
            id: s.id,
            name: s.name,
            kind: s.kind.as_str().to_owned(),
            cadence: s.cadence.to_string(),
            grace: s.grace,
            pauses: s
                .pauses
                .into_iter()
                .map(|p| (p.from, p.until, p.reason))
                .collect(),
            last_held: s.last_held,
            open_items: s.open_items,
            oldest_open: s.oldest_open,
            planned: s.planned,
        }
    }

    /// `None` when a name does not read back (a server of another build).
    pub fn summary(self) -> Option<Summary> {
        Some(Summary {
            id: self.id,
            name: self.name,
            kind: self.kind.parse().ok()?,
            cadence: self.cadence.parse().ok()?,
            grace: self.grace,
            pauses: self
                .pauses
                .into_iter()
                .map(|(from, until, reason)| Pause {
                    from,
                    until,
                    reason,
                })
                .collect(),
            last_held: self.last_held,
            open_items: self.open_items,
            oldest_open: self.oldest_open,
            planned: self.planned,
        })
    }
}

/// What the caller fills in; [`ask`] adds the rest.
#[derive(Debug, Clone)]
pub struct Question {
    pub command: Command,
    pub today: NaiveDate,
    pub json: bool,
    pub quiet: bool,
    pub color: bool,
    pub patience: Patience,
}

/// How long to wait for a server before reading the files instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Patience {
    /// [`HANDSHAKE`], then [`ANSWER`].
    Brief,
    /// As long as a busy server may need (for checking that one answers).
    Long,
}

/// How long a patient client waits at each step.
const PATIENT: Duration = Duration::from_secs(10);

/// Asks the `watch` serving the repository at `root`; `None` when there is
/// none that can answer, quickly.
pub fn ask(root: &Path, question: Question) -> Option<Answer> {
    let root = root.canonicalize().ok()?;
    let socket = socket_path(&root)?;
    if !ours(&socket) {
        return None;
    }
    let mut stream = UnixStream::connect(&socket).ok()?;
    let (handshake, answer) = match question.patience {
        Patience::Brief => (HANDSHAKE, ANSWER),
        Patience::Long => (PATIENT, PATIENT),
    };
    stream.set_read_timeout(Some(handshake)).ok()?;
    stream.set_write_timeout(Some(handshake)).ok()?;
    let hello: Hello = read_frame(&mut stream).ok()?;
    if hello != Hello::ours(root.clone()) {
        return None;
    }
    let cookie = Cookie::create(&cookie_dir(&socket))?;
    let request = Request {
        protocol: PROTOCOL,
        version: VERSION.to_owned(),
        root,
        command: question.command,
        today: question.today,
        cookie: cookie.name.clone(),
        json: question.json,
        quiet: question.quiet,
        color: question.color,
    };
    write_frame(&mut stream, &request).ok()?;
    stream.set_read_timeout(Some(answer)).ok()?;
    match read_frame(&mut stream).ok()? {
        Answer::Refused { .. } => None,
        answer => Some(answer),
    }
}

/// Listens at the socket of the repository at `root` (canonical), made
/// for its owner only, with an empty cookie folder beside it. A stale
/// socket (nobody answering) is replaced; a live one, or one owned by
/// someone else, is an error: another watch serves there. Returns the
/// listener, the socket and the cookie folder as the watcher names it.
pub fn listen(root: &Path) -> Result<(UnixListener, PathBuf, PathBuf)> {
    let socket = socket_path(root)
        .ok_or_else(|| Error::input(root, "no cache folder for the server's socket"))?;
    let dir = socket.parent().unwrap_or(root);
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    if std::fs::symlink_metadata(&socket).is_ok() {
        if !ours(&socket) {
            return Err(Error::input(
                &socket,
                "not a socket of yours; not serving (remove it if it is stale)",
            ));
        }
        if UnixStream::connect(&socket).is_ok() {
            return Err(Error::input(
                &socket,
                "another watch already answers here; not serving",
            ));
        }
        std::fs::remove_file(&socket).map_err(|e| Error::io(&socket, e))?;
    }
    let listener = UnixListener::bind(&socket).map_err(|e| Error::io(&socket, e))?;
    std::fs::set_permissions(&socket, std::fs::Permissions::from_mode(0o600))
        .map_err(|e| Error::io(&socket, e))?;
    let cookies = cookie_dir(&socket);
    let _ = std::fs::remove_dir_all(&cookies);
    std::fs::create_dir_all(&cookies).map_err(|e| Error::io(&cookies, e))?;
    // As the watcher reports paths.
    let cookies = cookies.canonicalize().map_err(|e| Error::io(&cookies, e))?;
    Ok((listener, socket, cookies))
}

/// Removes what [`listen`] made.
pub fn unlisten(socket: &Path, cookies: &Path) {
    let _ = std::fs::remove_file(socket);
    let _ = std::fs::remove_dir_all(cookies);
}

/// Is `path` a socket owned by the user running this?
pub fn ours(path: &Path) -> bool {
    std::fs::symlink_metadata(path)
        .is_ok_and(|m| m.file_type().is_socket() && m.uid() == rustix::process::getuid().as_raw())
}

/// A sync cookie file, removed when dropped.
struct Cookie {
    path: PathBuf,
    name: String,
}

impl Cookie {
    fn create(dir: &Path) -> Option<Cookie> {
        static COUNT: AtomicU64 = AtomicU64::new(0);
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let name = format!(
            "{}-{nanos}-{}",
            std::process::id(),
            COUNT.fetch_add(1, Ordering::Relaxed)
        );
        let path = dir.join(&name);
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .ok()?;
        Some(Cookie { path, name })
    }
}

impl Drop for Cookie {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Writes one message: its length, then its JSON.
pub fn write_frame<T: Serialize>(to: &mut impl Write, message: &T) -> std::io::Result<()> {
    let body = serde_json::to_vec(message)?;
    let len = u32::try_from(body.len())
        .ok()
        .filter(|&n| n <= MAX_FRAME)
        .ok_or_else(|| std::io::Error::other("message too large"))?;
    let mut frame = Vec::with_capacity(body.len() + 4);
    frame.extend_from_slice(&len.to_be_bytes());
    frame.extend_from_slice(&body);
    to.write_all(&frame)?;
    to.flush()
}

/// Reads one message written by [`write_frame`].
pub fn read_frame<T: DeserializeOwned>(from: &mut impl Read) -> std::io::Result<T> {
    let mut len = [0; 4];
    from.read_exact(&mut len)?;
    let len = u32::from_be_bytes(len);
    if len > MAX_FRAME {
        return Err(std::io::Error::other("message too large"));
    }
    let mut body = vec![0; len as usize];
    from.read_exact(&mut body)?;
    Ok(serde_json::from_slice(&body)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_round_trip_and_refuse_giants() {
        let hello = Hello::ours(PathBuf::from("/n"));
        let mut buf = Vec::new();
        write_frame(&mut buf, &hello).unwrap();
        assert_eq!(read_frame::<Hello>(&mut buf.as_slice()).unwrap(), hello);
        let giant = (MAX_FRAME + 1).to_be_bytes();
        assert!(read_frame::<Hello>(&mut giant.as_slice()).is_err());
        assert!(read_frame::<Hello>(&mut [0, 0].as_slice()).is_err());
    }

    #[test]
    fn no_socket_no_answer() {
        let dir = tempfile::tempdir().unwrap();
        let question = Question {
            command: Command::Status,
            today: NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
            json: true,
            quiet: false,
            color: false,
            patience: Patience::Brief,
        };
        assert_eq!(ask(dir.path(), question), None);
        assert!(!ours(&dir.path().join("missing.sock")));
    }
}
