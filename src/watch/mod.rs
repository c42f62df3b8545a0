//! `oneonone watch`: keeps the index in memory, re-reads only the files
//! that change, tells the caller about each change and keeps a Markdown
//! dashboard current. `--once` writes the dashboard and exits, for cron.
//!
//! One thread owns everything: the OS watcher and the [`Stopper`] only send
//! messages to it, so a dashboard is always written whole (and through
//! `store::replace`, so even a kill mid-write leaves the old one). Nothing
//! here prints or installs a signal handler: what happens goes to the
//! caller as [`Event`]s, and the caller decides when to stop.

mod answer;
mod change;
mod entry;
pub mod follow;
mod kept;
pub mod live;
pub mod paths;
mod pending;
mod poll;
pub mod server;

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use notify::event::EventKind;
use notify::{RecommendedWatcher, RecursiveMode, Watcher as _};

use crate::error::{Error, Result};
use crate::io::load;
use crate::io::repo::Repo;
use crate::io::store;
use crate::model::index::Index;
use crate::report::dashboard;
use change::describe;
use live::{Batch, LiveIndex};
use pending::Pending;
use server::{Asked, Cookies, Server};

/// How often the loop wakes without events, to notice that the day changed
/// (states and ages in the dashboard move at midnight).
const DAY_CHECK: Duration = Duration::from_secs(30);

#[derive(Debug, Clone)]
pub struct Options {
    /// As typed; relative to `cwd`.
    pub dashboard: Option<PathBuf>,
    pub cwd: PathBuf,
    /// Poll at this interval instead of asking the OS for events.
    pub poll: Option<Duration>,
    pub debounce: Duration,
    pub once: bool,
}

/// What the watcher has to tell, in the order it happens.
#[derive(Debug)]
pub enum Event {
    /// A file could not be read; it is left out until it changes.
    Problem(Error),
    /// The first read is done and the watching begins.
    Watching {
        root: PathBuf,
        people: usize,
        /// As the user gave it.
        dashboard: Option<PathBuf>,
    },
    /// One change, described in a line.
    Change(String),
    /// The dashboard was rewritten.
    Updated(PathBuf),
    /// `--once` without a dashboard file: the dashboard itself.
    Dashboard(String),
    /// Something failed (writing the dashboard, the OS watcher); the watch
    /// goes on and tries again on the next change.
    Failed(Error),
}

/// Ends a running [`Watch`] from another thread (a signal handler).
#[derive(Debug, Clone)]
pub struct Stopper(Sender<Message>);

impl Stopper {
    pub fn stop(&self) {
        let _ = self.0.send(Message::Stop);
    }
}

/// A watch, made before it runs so that its [`Stopper`] can be handed out.
pub struct Watch {
    tx: Sender<Message>,
    rx: Receiver<Message>,
}

impl Default for Watch {
    fn default() -> Self {
        let (tx, rx) = mpsc::channel();
        Watch { tx, rx }
    }
}

impl Watch {
    pub fn stopper(&self) -> Stopper {
        Stopper(self.tx.clone())
    }

    /// Runs until stopped, or once with `--once`. `clock` gives today's
    /// date; it is asked again as the days pass.
    pub fn run(
        self,
        repo: &Repo,
        options: &Options,
        clock: &dyn Fn() -> NaiveDate,
        on: &mut dyn FnMut(Event),
    ) -> Result<()> {
        run(self, repo, options, clock, on)
    }
}

fn run(
    watch: Watch,
    repo: &Repo,
    options: &Options,
    clock: &dyn Fn() -> NaiveDate,
    on: &mut dyn FnMut(Event),
) -> Result<()> {
    let root = repo
        .root
        .canonicalize()
        .map_err(|e| Error::io(&repo.root, e))?;
    let mut target = options
        .dashboard
        .as_deref()
        .map(|given| Target::resolve(given, &options.cwd))
        .transpose()?;
    let links = match &target {
        Some(t) => paths::relative(&t.dir, &root),
        None => paths::relative(&canonical(&options.cwd)?, &root),
    };
    if options.once {
        return once(repo, target.as_mut(), &links, clock(), on);
    }
    serve(watch, repo, &root, options, target, &links, clock, on)
}

/// `--once`: the dashboard written (or handed back) from a fresh read.
fn once(
    repo: &Repo,
    target: Option<&mut Target>,
    links: &Path,
    today: NaiveDate,
    on: &mut dyn FnMut(Event),
) -> Result<()> {
    let index = load::index(repo, today);
    for problem in &index.problems {
        on(Event::Problem(problem.clone()));
    }
    let text = dashboard::render(&index, today, links);
    if let Some(target) = target {
        target.write(&text)?;
    } else {
        on(Event::Dashboard(text));
    }
    Ok(())
}

/// The watching loop, until stopped.
#[allow(clippy::too_many_arguments)]
fn serve(
    watch: Watch,
    repo: &Repo,
    root: &Path,
    options: &Options,
    mut target: Option<Target>,
    links: &Path,
    clock: &dyn Fn() -> NaiveDate,
    on: &mut dyn FnMut(Event),
) -> Result<()> {
    // Read everything first (each read is itself an event a watcher would
    // queue), then watch, then re-read what changed in between.
    let inside = target
        .as_ref()
        .and_then(|t| t.path.strip_prefix(root).ok().map(Path::to_path_buf));
    let mut today = clock();
    let (mut live, mut changes) =
        LiveIndex::new(root.to_path_buf(), repo.settings.clone(), inside, today);
    let Watch { tx, rx } = watch;
    // The socket and its cookie folder come first, so that a cookie folder
    // inside the tree is there when the watcher starts, and watched.
    let bound = bind(root, options, on);
    let mut watcher = Watcher::start(root, options, tx.clone())?;
    changes.extend(live.catch_up());
    let server = serving(bound, root, &mut watcher, tx, on);
    let mut cookies = Cookies::default();
    for change in &changes {
        on(Event::Change(describe(change, live.index(), today)));
    }
    if let Some(target) = &mut target {
        update(target, live.index(), today, links, on);
    }
    on(Event::Watching {
        root: root.to_path_buf(),
        people: live.index().people.len(),
        dashboard: target.as_ref().map(|t| t.shown.clone()),
    });

    let mut pending = Pending::new(options.debounce);
    loop {
        let wait = pending
            .wait(Instant::now())
            .map_or(DAY_CHECK, |w| w.min(DAY_CHECK));
        let mut changes = match rx.recv_timeout(wait) {
            Ok(Message::Stop) | Err(RecvTimeoutError::Disconnected) => return Ok(()),
            Ok(Message::Event(Ok(event))) => {
                let named = server
                    .as_ref()
                    .map_or_else(Vec::new, |s| cookies_in(&s.cookies, &event));
                if named.is_empty() {
                    pending.push(event);
                } else if !matches!(event.kind, EventKind::Access(_)) {
                    // What came before the cookie must be in the answer.
                    // Its removal counts too: some systems report creation
                    // and removal as one event.
                    pending.flush(root, &mut live);
                    for name in named {
                        cookies.seen(name);
                    }
                }
                Vec::new()
            }
            Ok(Message::Polled(batch)) => live.apply(&batch),
            Ok(Message::Ask(asked)) => {
                cookies.wait(asked);
                Vec::new()
            }
            Ok(Message::Event(Err(error))) => {
                report(root, &error, on);
                continue;
            }
            Err(RecvTimeoutError::Timeout) => Vec::new(),
        };
        changes.extend(pending.settle(root, &mut live).into_iter().flatten());
        let now = clock();
        live.set_today(now);
        for change in &changes {
            on(Event::Change(describe(change, live.index(), now)));
        }
        cookies.answer(root, &live, now);
        if changes.is_empty() && now == today {
            continue;
        }
        today = now;
        if let Some(target) = &mut target {
            update(target, live.index(), today, links, on);
        }
    }
}

#[derive(Debug)]
enum Message {
    /// One OS event, as it comes.
    Event(notify::Result<notify::Event>),
    Polled(Batch),
    /// A request to the server, waiting for its sync cookie.
    Ask(Asked),
    Stop,
}

/// Takes the repository's socket, with OS events only: polling sees a
/// cookie too late to be worth the wait. A socket that cannot be served is
/// said once; the watch goes on without.
fn bind(root: &Path, options: &Options, on: &mut dyn FnMut(Event)) -> Option<Server> {
    if options.poll.is_some() {
        return None;
    }
    Server::bind(root).map_err(|e| on(Event::Failed(e))).ok()
}

/// Starts answering other commands once the cookie folder is watched.
fn serving(
    bound: Option<Server>,
    root: &Path,
    watcher: &mut Watcher,
    tx: Sender<Message>,
    on: &mut dyn FnMut(Event),
) -> Option<Server> {
    let mut server = bound?;
    let Watcher::Native { running } = watcher else {
        return None;
    };
    // Cookies outside the tree (a user cache folder elsewhere, the git
    // folder above a notes sub-folder) need a watch of their own.
    let inside = server
        .cookies
        .canonicalize()
        .is_ok_and(|dir| dir.starts_with(root));
    if !inside && let Err(e) = running.watch(&server.cookies, RecursiveMode::NonRecursive) {
        on(Event::Failed(Error::Watch {
            path: server.cookies.clone(),
            message: e.to_string(),
        }));
        return None;
    }
    server.open(move |asked| tx.send(Message::Ask(asked)).is_ok());
    Some(server)
}

/// The names of the sync cookies an event mentions.
fn cookies_in(dir: &Path, event: &notify::Event) -> Vec<String> {
    event
        .paths
        .iter()
        .filter(|p| p.parent() == Some(dir))
        .filter_map(|p| p.file_name()?.to_str().map(str::to_owned))
        .collect()
}

/// The running watcher, held for as long as the loop runs.
enum Watcher {
    /// OS events (inotify, `FSEvents`, …) for the whole tree (and the sync
    /// cookie folder when it is elsewhere), each sent on as it comes: the
    /// loop debounces them itself ([`Pending`]), so that a sync cookie can
    /// cut the wait short. Kept to keep it running.
    Native { running: RecommendedWatcher },
    /// A thread of [`poll`], which stops once the loop is gone.
    Poll,
}

impl Watcher {
    fn start(root: &Path, options: &Options, tx: mpsc::Sender<Message>) -> Result<Watcher> {
        if let Some(interval) = options.poll {
            poll::spawn(
                root.to_path_buf(),
                interval,
                options.debounce,
                move |batch| tx.send(Message::Polled(batch)).is_ok(),
            );
            return Ok(Watcher::Poll);
        }
        let running = follow::native(root, move |result| {
            let _ = tx.send(Message::Event(result));
        })?;
        Ok(Watcher::Native { running })
    }
}

/// Watcher errors are passed on; a file that vanished while being looked
/// at is not one (its removal arrives as an event).
fn report(root: &Path, e: &notify::Error, on: &mut dyn FnMut(Event)) {
    if matches!(&e.kind, notify::ErrorKind::Io(io) if io.kind() == std::io::ErrorKind::NotFound)
        || matches!(e.kind, notify::ErrorKind::PathNotFound)
    {
        return;
    }
    on(Event::Failed(Error::Watch {
        path: root.to_path_buf(),
        message: e.to_string(),
    }));
}

/// Rewrites the dashboard if its content changed; a failure is passed on
/// and tried again on the next change.
fn update(
    target: &mut Target,
    index: &Index,
    today: NaiveDate,
    links: &Path,
    on: &mut dyn FnMut(Event),
) {
    let text = dashboard::render(index, today, links);
    match target.write(&text) {
        Ok(true) => on(Event::Updated(target.shown.clone())),
        Ok(false) => {}
        Err(e) => on(Event::Failed(e)),
    }
}

fn canonical(dir: &Path) -> Result<PathBuf> {
    dir.canonicalize().map_err(|e| Error::io(dir, e))
}

/// The dashboard file and what was last written to it.
struct Target {
    /// Canonical folder and full path.
    dir: PathBuf,
    path: PathBuf,
    /// As the user typed it, for messages.
    shown: PathBuf,
    last: Option<String>,
}

impl Target {
    fn resolve(given: &Path, cwd: &Path) -> Result<Target> {
        let full = cwd.join(given);
        let (Some(parent), Some(name)) = (full.parent(), full.file_name()) else {
            return Err(Error::usage(format!(
                "--dashboard {}: give a file name, e.g. dashboard.md",
                given.display()
            )));
        };
        let dir = canonical(parent)?;
        let path = dir.join(name);
        if path.is_dir() {
            return Err(Error::usage(format!(
                "--dashboard {}: is a folder; give a file name, e.g. dashboard.md",
                given.display()
            )));
        }
        // What is there already counts as written: a restart with nothing
        // changed leaves the file (and its modification time) alone.
        let last = std::fs::read_to_string(&path).ok();
        Ok(Target {
            dir,
            path,
            shown: given.to_path_buf(),
            last,
        })
    }

    /// Writes `text` unless it is what the file already holds.
    fn write(&mut self, text: &str) -> Result<bool> {
        if self.last.as_deref() == Some(text) {
            return Ok(false);
        }
        store::replace(&self.path, text.as_bytes())?;
        self.last = Some(text.to_owned());
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dashboard_is_written_only_when_it_changes() {
        let dir = tempfile::tempdir().unwrap();
        let mut target = Target::resolve(Path::new("d.md"), dir.path()).unwrap();
        assert!(target.write("one").unwrap());
        assert!(!target.write("one").unwrap());
        assert!(target.write("two").unwrap());
        let again = Target::resolve(Path::new("d.md"), dir.path()).unwrap();
        assert_eq!(again.last.as_deref(), Some("two"));
        assert!(Target::resolve(Path::new("."), dir.path()).is_err());
        assert!(Target::resolve(Path::new("missing/d.md"), dir.path()).is_err());
    }
}
