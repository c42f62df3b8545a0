//! `oneonone watch`: the real binary running as a child process on a
//! temporary repository, with its dashboard polled until it shows what was
//! saved. No fixed sleeps: a barrier change proves that nothing else
//! happened in between.

use std::io::{BufRead, BufReader, Read};
use std::path::PathBuf;
use std::process::{Child, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use crate::support::TestRepo;

const PATIENCE: Duration = Duration::from_secs(10);
const POLL: Duration = Duration::from_millis(20);

/// A running `oneonone watch`; killed when dropped, even when a test fails.
struct Watch {
    child: Child,
    stdout: Receiver<String>,
    stderr: Receiver<String>,
    dashboard: PathBuf,
}

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Forwards each line of a child's stream, as it comes, to a channel.
fn lines(stream: impl Read + Send + 'static) -> Receiver<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

impl Watch {
    /// Starts the watcher with `--dashboard dash.md` and waits for the first
    /// dashboard and its `updated` line.
    fn start(repo: &TestRepo, extra: &[&str]) -> Watch {
        let mut child = repo
            .command()
            .args(["watch", "--dashboard", "dash.md"])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn oneonone watch");
        let stdout = lines(child.stdout.take().expect("stdout"));
        let stderr = lines(child.stderr.take().expect("stderr"));
        let mut watch = Watch {
            child,
            stdout,
            stderr,
            dashboard: repo.path().join("dash.md"),
        };
        watch.dashboard_where("the first dashboard", |_| true);
        assert_eq!(watch.lines_until_update(), ["updated dash.md"]);
        watch
    }

    /// Polls the dashboard until `ok` holds; returns its content.
    #[track_caller]
    fn dashboard_where(&mut self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        let mut last = None;
        while start.elapsed() < PATIENCE {
            if let Ok(text) = std::fs::read_to_string(&self.dashboard) {
                if ok(&text) {
                    return text;
                }
                last = Some(text);
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "watch exited with {status}; stderr: {:?}",
                    self.drain_stderr()
                );
            }
            std::thread::sleep(POLL);
        }
        panic!(
            "the dashboard never showed {what} within {PATIENCE:?}\nlast dashboard:\n{}\nstderr: {:?}",
            last.unwrap_or_else(|| "(none)".into()),
            self.drain_stderr()
        );
    }

    /// Stdout lines up to and including the next `updated dash.md`.
    #[track_caller]
    fn lines_until_update(&mut self) -> Vec<String> {
        let deadline = Instant::now() + PATIENCE;
        let mut out = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.stdout.recv_timeout(left) {
                Ok(line) => {
                    let done = line == "updated dash.md";
                    out.push(line);
                    if done {
                        return out;
                    }
                }
                Err(mpsc::RecvTimeoutError::Timeout | mpsc::RecvTimeoutError::Disconnected) => {
                    panic!(
                        "no `updated dash.md` line; got {out:?}; stderr: {:?}",
                        self.drain_stderr()
                    )
                }
            }
        }
    }

    fn drain_stderr(&self) -> Vec<String> {
        self.stderr.try_iter().collect()
    }
}

/// The cells of `person`'s row in the status table (ten columns; the gaps
/// table has eight).
fn status_row(dashboard: &str, person: &str) -> Option<Vec<String>> {
    dashboard
        .lines()
        .filter(|l| l.starts_with(&format!("| {person} |")))
        .map(|l| {
            l.trim_matches('|')
                .split(" | ")
                .map(|c| c.trim().to_owned())
                .collect::<Vec<_>>()
        })
        .find(|cells| cells.len() == 10)
}

fn open_count(dashboard: &str, person: &str) -> Option<String> {
    status_row(dashboard, person).map(|cells| cells[8].clone())
}

fn last_met(dashboard: &str, person: &str) -> Option<String> {
    status_row(dashboard, person).map(|cells| cells[4].clone())
}

/// A note with no `date:` in its front matter, so it may be renamed.
fn note(person: &str, body: &str) -> String {
    format!("---\nperson: {person}\ncadence: weekly\n---\n{body}")
}

fn two_people() -> TestRepo {
    let repo = TestRepo::new();
    repo.write(
        "alice/2026-11-24.md",
        note("alice", "- [ ] @alice Draft the goals\n"),
    )
    .write(
        "bob/2026-11-20.md",
        note("bob", "- [ ] @bob Share the slides\n"),
    );
    repo
}

#[test]
#[allow(clippy::too_many_lines)] // one watcher through every kind of save, in order
fn every_kind_of_save_reaches_the_dashboard() {
    let repo = two_people();
    // Two days on, so a note moved to the next day is history, not planned.
    let mut w = Watch::start(&repo, &["--today", "2026-11-27"]);

    // A new note.
    repo.write(
        "alice/2026-11-25.md",
        note(
            "alice",
            "- [ ] @me Book the venue\n- [ ] @alice Draft the goals (from 2026-11-24)\n",
        ),
    );
    let dash = w.dashboard_where("the new note", |d| d.contains("@me Book the venue"));
    assert_eq!(open_count(&dash, "alice").as_deref(), Some("2"));
    assert_eq!(last_met(&dash, "alice").as_deref(), Some("2026-11-25"));
    assert_eq!(
        w.lines_until_update(),
        [
            "alice/2026-11-25.md: 2 open items, next due 2026-12-02",
            "updated dash.md"
        ]
    );

    // A checkbox ticked.
    repo.write(
        "alice/2026-11-25.md",
        note(
            "alice",
            "- [x] @me Book the venue\n- [ ] @alice Draft the goals (from 2026-11-24)\n",
        ),
    );
    let dash = w.dashboard_where("the ticked item gone", |d| !d.contains("Book the venue"));
    assert_eq!(open_count(&dash, "alice").as_deref(), Some("1"));
    assert_eq!(
        w.lines_until_update(),
        [
            "alice/2026-11-25.md: 1 open item, next due 2026-12-02",
            "updated dash.md"
        ]
    );

    // Renamed to another date.
    std::fs::rename(
        repo.path().join("alice/2026-11-25.md"),
        repo.path().join("alice/2026-11-26.md"),
    )
    .unwrap();
    let dash = w.dashboard_where("the renamed note", |d| {
        last_met(d, "alice").as_deref() == Some("2026-11-26")
    });
    assert!(
        dash.contains("[alice/2026-11-26.md:6](alice/2026-11-26.md#L6)"),
        "{dash}"
    );
    assert!(!dash.contains("2026-11-25.md"), "{dash}");
    assert_eq!(
        w.lines_until_update(),
        [
            "alice/2026-11-25.md: removed",
            "alice/2026-11-26.md: 1 open item, next due 2026-12-03",
            "updated dash.md"
        ]
    );

    // Vim's swap file and write probe, then a real change as a barrier:
    // only the real change may show.
    repo.write("alice/.2026-11-26.md.swp", "b0VIM 9.1")
        .write("alice/4913", "")
        .write("alice/2026-11-26.md~", "backup");
    repo.write(
        "alice/2026-11-26.md",
        note(
            "alice",
            "- [ ] @alice Draft the goals (from 2026-11-24)\n- [ ] @me Swap barrier\n",
        ),
    );
    w.dashboard_where("the barrier item", |d| d.contains("Swap barrier"));
    assert_eq!(
        w.lines_until_update(),
        [
            "alice/2026-11-26.md: 2 open items, next due 2026-12-03",
            "updated dash.md"
        ]
    );

    // Saved the way many editors do: a temporary file renamed over the note.
    repo.write(
        "alice/.2026-11-26.md.tmp",
        note(
            "alice",
            "- [ ] @alice Draft the goals (from 2026-11-24)\n- [ ] @me Renamed over\n",
        ),
    );
    std::fs::rename(
        repo.path().join("alice/.2026-11-26.md.tmp"),
        repo.path().join("alice/2026-11-26.md"),
    )
    .unwrap();
    let dash = w.dashboard_where("the renamed-over note", |d| d.contains("Renamed over"));
    assert!(!dash.contains("Swap barrier"), "{dash}");
    assert_eq!(
        w.lines_until_update(),
        [
            "alice/2026-11-26.md: 2 open items, next due 2026-12-03",
            "updated dash.md"
        ]
    );

    // A person folder deleted.
    assert!(status_row(&dash, "bob").is_some());
    std::fs::remove_dir_all(repo.path().join("bob")).unwrap();
    let dash = w.dashboard_where("bob gone", |d| status_row(d, "bob").is_none());
    assert!(!dash.contains("Share the slides"), "{dash}");
    assert!(dash.contains("As of 2026-11-27: 1 person: 1 ok."), "{dash}");
    let lines = w.lines_until_update();
    let (update, removals) = lines.split_last().unwrap();
    assert_eq!(update, "updated dash.md");
    assert!(
        !removals.is_empty()
            && removals
                .iter()
                .all(|l| l.starts_with("bob/") && l.ends_with(": removed")),
        "{lines:?}"
    );
}

/// A served answer does not wait out the debounce: with a long one, a
/// `status` right after a save already shows it while the dashboard,
/// which does wait, does not yet; then the dashboard catches up.
#[test]
fn a_served_answer_does_not_wait_for_the_debounce() {
    let repo = two_people();
    let mut w = Watch::start(&repo, &["--debounce", "4000"]);
    repo.write(
        "carol/2026-11-25.md",
        note("carol", "- [ ] @carol Fresh from the editor\n"),
    );
    let served = repo.run(&["status", "--json", "--require-server"]);
    assert!(served.ok().contains("\"carol\""), "{served:?}");
    let read = repo.run(&["status", "--json", "--no-server"]);
    assert_eq!(served.stdout, read.stdout);
    let dash = std::fs::read_to_string(&w.dashboard).unwrap();
    assert_eq!(status_row(&dash, "carol"), None, "{dash}");
    let dash = w.dashboard_where("carol, once the debounce is over", |d| {
        status_row(d, "carol").is_some()
    });
    assert_eq!(open_count(&dash, "carol").as_deref(), Some("1"));
    assert_eq!(
        w.lines_until_update(),
        [
            "carol/2026-11-25.md: 1 open item, next due 2026-12-02",
            "updated dash.md"
        ]
    );
}

#[test]
fn writing_the_dashboard_does_not_wake_the_watcher() {
    let repo = two_people();
    let mut w = Watch::start(&repo, &[]);
    repo.write(
        "bob/2026-11-20.md",
        note(
            "bob",
            "- [ ] @bob Share the slides\n- [ ] @me First change\n",
        ),
    );
    w.dashboard_where("the first change", |d| d.contains("First change"));
    repo.write(
        "alice/2026-11-24.md",
        note("alice", "- [x] @alice Draft the goals\n"),
    );
    w.dashboard_where("the second change", |d| !d.contains("Draft the goals"));
    let mut lines = w.lines_until_update();
    lines.extend(w.lines_until_update());
    assert_eq!(
        lines,
        [
            "bob/2026-11-20.md: 2 open items, next due 2026-11-27",
            "updated dash.md",
            "alice/2026-11-24.md: no open items, next due 2026-12-01",
            "updated dash.md",
        ],
        "each save is one line and one dashboard write, nothing more"
    );
}

#[test]
fn polling_sees_new_and_edited_notes() {
    let repo = two_people();
    let mut w = Watch::start(&repo, &["--poll", "--interval", "50"]);
    repo.write(
        "carol/2026-11-23.md",
        note("carol", "- [ ] @carol Polled item\n"),
    );
    let dash = w.dashboard_where("the polled note", |d| d.contains("Polled item"));
    assert_eq!(open_count(&dash, "carol").as_deref(), Some("1"));
    repo.write(
        "carol/2026-11-23.md",
        note("carol", "- [x] @carol Polled item\n"),
    );
    let dash = w.dashboard_where("the polled tick", |d| !d.contains("Polled item"));
    assert_eq!(open_count(&dash, "carol").as_deref(), Some("0"));
    assert_eq!(
        w.lines_until_update(),
        [
            "carol/2026-11-23.md: 1 open item, next due 2026-11-30",
            "updated dash.md"
        ]
    );
    assert_eq!(
        w.lines_until_update(),
        [
            "carol/2026-11-23.md: no open items, next due 2026-11-30",
            "updated dash.md"
        ]
    );
}

#[test]
fn a_broken_note_is_reported_once_and_the_rest_stays() {
    let repo = two_people();
    let mut w = Watch::start(&repo, &[]);
    repo.write("alice/2026-11-24.md", "---\nperson: alice\n- [ ] half\n");
    let dash = w.dashboard_where("the problem", |d| d.contains("## Problems"));
    let problem = "alice/2026-11-24.md:1:1: front matter is not terminated (no closing `---` line)";
    assert!(dash.contains(&format!("- {problem}\n")), "{dash}");
    // Its last good version is still counted, and bob is untouched.
    assert!(dash.contains("@alice Draft the goals"), "{dash}");
    assert_eq!(open_count(&dash, "alice").as_deref(), Some("1"));
    assert!(dash.contains("@bob Share the slides"), "{dash}");
    assert_eq!(w.lines_until_update(), [problem, "updated dash.md"]);

    // Saved again, still broken the same way: not reported again.
    repo.write(
        "alice/2026-11-24.md",
        "---\nperson: alice\n- [ ] half\n- [ ] more\n",
    );
    repo.write(
        "bob/2026-11-20.md",
        note("bob", "- [ ] @bob Share the slides\n- [ ] @me Barrier\n"),
    );
    w.dashboard_where("the barrier", |d| d.contains("Barrier"));
    assert_eq!(
        w.lines_until_update(),
        [
            "bob/2026-11-20.md: 2 open items, next due 2026-11-27",
            "updated dash.md"
        ]
    );

    // Fixed: the problem goes.
    repo.write("alice/2026-11-24.md", note("alice", "- [ ] @alice Fixed\n"));
    let dash = w.dashboard_where("the fix", |d| !d.contains("## Problems"));
    assert!(dash.contains("@alice Fixed"), "{dash}");
}

#[test]
fn ctrl_c_stops_it_cleanly() {
    let repo = two_people();
    let mut w = Watch::start(&repo, &[]);
    let killed = std::process::Command::new("kill")
        .args(["-INT", &w.child.id().to_string()])
        .status()
        .expect("run kill");
    assert!(killed.success());
    let start = Instant::now();
    let status = loop {
        if let Some(status) = w.child.try_wait().unwrap() {
            break status;
        }
        assert!(start.elapsed() < PATIENCE, "still running after Ctrl-C");
        std::thread::sleep(POLL);
    };
    assert_eq!(status.code(), Some(0));
    assert!(repo.read("dash.md").starts_with("# 1:1 dashboard\n"));
}

#[test]
fn once_writes_the_dashboard_and_exits() {
    let repo = two_people();
    let run = repo.run(&["watch", "--dashboard", "out/dash.md", "--once"]);
    assert_eq!(run.code, 2, "the folder must exist: {run:?}");
    std::fs::create_dir(repo.path().join("out")).unwrap();
    repo.run(&["watch", "--dashboard", "out/dash.md", "--once"])
        .ok();
    let dash = repo.read("out/dash.md");
    assert!(dash.starts_with("# 1:1 dashboard\n"), "{dash}");
    // Links lead from the dashboard's folder back to the notes.
    assert!(
        dash.contains("[alice/2026-11-24.md:5](../alice/2026-11-24.md#L5)"),
        "{dash}"
    );
    // Without --dashboard it is printed, with links from the current folder.
    assert_eq!(repo.run(&["watch", "--once"]).ok(), dash.replace("../", ""));
}

#[test]
fn polling_sees_removed_notes_and_folders() {
    let repo = two_people();
    repo.write(
        "alice/2026-11-10.md",
        note("alice", "- [ ] @alice Older item\n"),
    );
    let mut w = Watch::start(&repo, &["--poll", "--interval", "50"]);
    std::fs::remove_file(repo.path().join("alice/2026-11-10.md")).unwrap();
    w.dashboard_where("the note gone", |d| !d.contains("Older item"));
    assert_eq!(
        w.lines_until_update(),
        ["alice/2026-11-10.md: removed", "updated dash.md"]
    );
    std::fs::remove_dir_all(repo.path().join("bob")).unwrap();
    w.dashboard_where("bob gone", |d| !d.contains("Share the slides"));
    assert_eq!(w.lines_until_update(), ["bob/: removed", "updated dash.md"]);
}

#[test]
fn interval_needs_poll() {
    let run = TestRepo::new().run(&["watch", "--interval", "100"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--poll"), "{}", run.stderr);
}

#[test]
fn example_dashboard() {
    let run = TestRepo::example().run(&["watch", "--once"]);
    insta::assert_snapshot!(run.ok());
}
