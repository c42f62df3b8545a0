//! The serving side of `io::server`: a Unix socket next to the index cache
//! on which a running watch answers other commands from its live index.
//!
//! A thread accepts connections and gives each its own thread, which says
//! hello, reads the request and hands it to the watch loop as an
//! [`Asked`]. The loop answers once its watcher has reported the request's
//! sync cookie (see [`Cookies`]), so the answer includes every write that
//! finished before the client wrote the cookie.

use std::collections::HashMap;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Sender};
use std::time::{Duration, Instant};

use chrono::NaiveDate;

use super::answer::answer;
use super::live::LiveIndex;
use crate::error::Result;
use crate::io::server::{self, Answer, Hello, Request};

/// How long a connection waits for the loop's answer before giving up
/// (a client gives up well before, unless it asked to wait).
const PATIENCE: Duration = Duration::from_secs(10);
/// How long a cookie seen before its request is remembered.
const REMEMBER: Duration = Duration::from_secs(15);

/// A request waiting for an answer from the loop.
#[derive(Debug)]
pub struct Asked {
    pub request: Request,
    pub reply: Sender<Answer>,
    pub at: Instant,
}

/// The listening socket; removed (with the cookie folder) when dropped.
pub struct Server {
    pub socket: PathBuf,
    pub cookies: PathBuf,
    stop: Arc<AtomicBool>,
    root: PathBuf,
    /// Until [`Server::open`]: nothing is answered before then.
    listener: Option<UnixListener>,
}

impl Server {
    /// Takes the repository's socket and makes the cookie folder beside it,
    /// answering nothing yet. A stale socket (nobody answering) is
    /// replaced; a live one, or one owned by someone else, is an error:
    /// another watch serves there.
    pub fn bind(root: &Path) -> Result<Server> {
        let (listener, socket, cookies) = server::listen(root)?;
        Ok(Server {
            socket,
            cookies,
            stop: Arc::new(AtomicBool::new(false)),
            root: root.to_path_buf(),
            listener: Some(listener),
        })
    }

    /// Starts answering; each request goes to `ask`. Only once the cookie
    /// folder is watched: a cookie made before would never be seen, and
    /// its request would wait until the client gives up.
    pub fn open(&mut self, ask: impl Fn(Asked) -> bool + Send + Sync + 'static) {
        let Some(listener) = self.listener.take() else {
            return;
        };
        let hello = Hello::ours(self.root.clone());
        let stopping = Arc::clone(&self.stop);
        let ask = Arc::new(ask);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stopping.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let hello = hello.clone();
                let ask = Arc::clone(&ask);
                std::thread::spawn(move || converse(stream, &hello, &*ask));
            }
        });
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wakes the accepting thread so it sees the flag.
        let _ = UnixStream::connect(&self.socket);
        server::unlisten(&self.socket, &self.cookies);
    }
}

/// One connection: hello, request, answer. Any failure just closes it.
fn converse(mut stream: UnixStream, hello: &Hello, ask: &dyn Fn(Asked) -> bool) {
    let _ = stream.set_read_timeout(Some(PATIENCE));
    let _ = stream.set_write_timeout(Some(PATIENCE));
    if server::write_frame(&mut stream, hello).is_err() {
        return;
    }
    let Ok(request) = server::read_frame::<Request>(&mut stream) else {
        return;
    };
    let answer = if request.protocol != hello.protocol
        || request.version != hello.version
        || request.root != hello.root
    {
        Answer::Refused {
            reason: "another version or repository".into(),
        }
    } else {
        let (reply, answer) = mpsc::channel();
        if !ask(Asked {
            request,
            reply,
            at: Instant::now(),
        }) {
            return;
        }
        match answer.recv_timeout(PATIENCE) {
            Ok(answer) => answer,
            Err(_) => return,
        }
    };
    let _ = server::write_frame(&mut stream, &answer);
}

/// Sync cookies seen and requests waiting for theirs.
#[derive(Debug, Default)]
pub struct Cookies {
    seen: HashMap<String, Instant>,
    waiting: Vec<Asked>,
}

impl Cookies {
    /// The watcher reported the cookie `name`.
    pub fn seen(&mut self, name: String) {
        self.seen.insert(name, Instant::now());
    }

    pub fn wait(&mut self, asked: Asked) {
        self.waiting.push(asked);
    }

    /// Answers every request whose cookie has been seen, from `index` as
    /// of `today`; forgets what is too old to matter.
    pub fn answer(&mut self, root: &Path, live: &LiveIndex, today: NaiveDate) {
        let now = Instant::now();
        let mut waiting = std::mem::take(&mut self.waiting);
        waiting.retain(|asked| {
            if self.seen.remove(&asked.request.cookie).is_some() {
                let _ = asked.reply.send(answer(&asked.request, root, live, today));
                false
            } else {
                now.duration_since(asked.at) < PATIENCE
            }
        });
        self.waiting = waiting;
        self.seen.retain(|_, at| now.duration_since(*at) < REMEMBER);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::server::{Command, PROTOCOL, VERSION};
    use crate::parse::settings::Settings;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
    }

    fn request(cookie: &str, today: NaiveDate) -> Request {
        Request {
            protocol: PROTOCOL,
            version: VERSION.to_owned(),
            root: PathBuf::from("/n"),
            command: Command::Status,
            today,
            cookie: cookie.to_owned(),
            json: true,
            quiet: false,
            color: false,
        }
    }

    fn asked(cookie: &str, day: NaiveDate) -> (Asked, mpsc::Receiver<Answer>) {
        let (reply, rx) = mpsc::channel();
        let asked = Asked {
            request: request(cookie, day),
            reply,
            at: Instant::now(),
        };
        (asked, rx)
    }

    #[test]
    fn a_request_is_answered_only_once_its_cookie_is_seen() {
        let dir = tempfile::tempdir().unwrap();
        let (live, _) =
            LiveIndex::new(dir.path().to_path_buf(), Settings::default(), None, today());
        let mut cookies = Cookies::default();

        // Request first, cookie later.
        let (first, answers) = asked("a", today());
        cookies.wait(first);
        cookies.answer(dir.path(), &live, today());
        assert!(answers.try_recv().is_err(), "answered before its cookie");
        cookies.seen("other".into());
        cookies.answer(dir.path(), &live, today());
        assert!(answers.try_recv().is_err(), "answered on another cookie");
        cookies.seen("a".into());
        cookies.answer(dir.path(), &live, today());
        assert!(matches!(answers.try_recv(), Ok(Answer::Done { .. })));

        // Cookie first (the watcher can be quicker than the request).
        cookies.seen("b".into());
        let (second, answers) = asked("b", today());
        cookies.wait(second);
        cookies.answer(dir.path(), &live, today());
        assert!(matches!(answers.try_recv(), Ok(Answer::Done { .. })));

        // Another day than the watch's: refused.
        cookies.seen("c".into());
        let (third, answers) = asked("c", today().succ_opt().unwrap());
        cookies.wait(third);
        cookies.answer(dir.path(), &live, today());
        assert!(matches!(answers.try_recv(), Ok(Answer::Refused { .. })));
    }
}
