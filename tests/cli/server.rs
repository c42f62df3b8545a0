//! `status` answered by a running `watch` over its socket: the real binary
//! as a child process, every answer compared with a fresh read of the
//! files (`--no-server`). No sleeps for correctness: edits are made just
//! before the query, and waits poll with a deadline.

use std::io::{Read, Write};
use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::os::unix::net::UnixListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::support::TestRepo;

const PATIENCE: Duration = Duration::from_secs(10);
const POLL: Duration = Duration::from_millis(10);

/// A running `oneonone watch`; killed when dropped, even when a test fails.
struct Watch {
    child: Child,
}

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Watch {
    /// Starts the watcher and waits until its socket answers.
    fn start(repo: &TestRepo) -> Watch {
        Watch::start_with(repo, &[])
    }

    /// The same, with global flags first (`--dir`).
    fn start_with(repo: &TestRepo, global: &[&str]) -> Watch {
        let child = repo
            .command()
            .args(global)
            .arg("watch")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn oneonone watch");
        let mut watch = Watch { child };
        watch.until("the server answers", || {
            repo.run(&[global, &["status", "--json", "--require-server"]].concat())
                .code
                == 0
        });
        watch
    }

    #[track_caller]
    fn until(&mut self, what: &str, ok: impl Fn() -> bool) {
        let start = Instant::now();
        while start.elapsed() < PATIENCE {
            if ok() {
                return;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("watch exited with {status} before {what}");
            }
            std::thread::sleep(POLL);
        }
        panic!("never: {what} within {PATIENCE:?}");
    }

    /// Sends `signal` and waits for a clean exit.
    #[track_caller]
    fn signal(&mut self, signal: &str) {
        let sent = std::process::Command::new("kill")
            .args([signal, &self.child.id().to_string()])
            .status()
            .expect("run kill");
        assert!(sent.success());
        let start = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            assert!(start.elapsed() < PATIENCE, "still running after {signal}");
            std::thread::sleep(POLL);
        };
        assert_eq!(status.code(), Some(0), "after {signal}");
    }
}

fn note(person: &str, date: &str, body: &str) -> String {
    format!("---\nperson: {person}\ndate: {date}\n---\n## Action items\n{body}")
}

fn two_people() -> TestRepo {
    let repo = TestRepo::new();
    repo.write(
        "alice/2026-11-10.md",
        note("alice", "2026-11-10", "- [ ] @alice Draft the plan\n"),
    );
    repo.write(
        "bob/2026-10-01.md",
        note("bob", "2026-10-01", "- [ ] @bob Share the slides\n"),
    );
    repo
}

/// Where the repository's socket is: next to its index cache, in the user
/// cache folder the tests give the binary (the repository is not in git).
fn socket(repo: &TestRepo) -> PathBuf {
    repo.run(&["status", "--no-server"]).ok();
    repo.user_cache_file().with_extension("sock")
}

/// `status --json` through the server must be what a fresh read gives.
#[track_caller]
fn served_as_read(repo: &TestRepo) -> String {
    served_as_read_with(repo, &[])
}

#[track_caller]
fn served_as_read_with(repo: &TestRepo, global: &[&str]) -> String {
    let served = repo.run(&[global, &["status", "--json", "--require-server"]].concat());
    let read = repo.run(&[global, &["status", "--json", "--no-server"]].concat());
    assert_eq!(served.code, 0, "{served:?}");
    assert_eq!(served.stdout, read.stdout);
    assert_eq!(served.stderr, read.stderr);
    served.stdout
}

fn cookies_left(socket: &Path) -> usize {
    std::fs::read_dir(socket.with_extension("cookies")).map_or(0, Iterator::count)
}

#[test]
fn answers_are_never_stale() {
    let repo = two_people();
    let socket = socket(&repo);
    let _w = Watch::start(&repo);
    let mode = std::fs::metadata(&socket).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    served_as_read(&repo);

    // A new note and a new person, asked about at once.
    repo.write(
        "carol/2026-11-24.md",
        note("carol", "2026-11-24", "- [ ] @carol Fresh item\n"),
    );
    assert!(served_as_read(&repo).contains("\"carol\""));
    // An edit.
    repo.write(
        "alice/2026-11-10.md",
        note("alice", "2026-11-10", "- [x] @alice Draft the plan\n"),
    );
    let before = served_as_read(&repo);
    // A rename: the note moves to another day (and now disagrees with its
    // front matter: the warning is the same too).
    std::fs::rename(
        repo.path().join("bob/2026-10-01.md"),
        repo.path().join("bob/2026-11-20.md"),
    )
    .unwrap();
    let renamed = served_as_read(&repo);
    assert_ne!(renamed, before);
    // A note that read well breaks: a fresh read leaves it out (the watch
    // keeps its last good version for the dashboard only).
    repo.write("alice/2026-11-10.md", "---\nperson: [\n---\n");
    assert_ne!(served_as_read(&repo), renamed);
    // A deletion.
    std::fs::remove_dir_all(repo.path().join("carol")).unwrap();
    assert!(!served_as_read(&repo).contains("\"carol\""));
    // The text table too, and no cookie left behind.
    let served = repo.run(&["status", "--require-server"]);
    let read = repo.run(&["status", "--no-server"]);
    assert_eq!((served.stdout, served.stderr), (read.stdout, read.stderr));
    assert_eq!(cookies_left(&socket), 0);
}

#[test]
fn a_dead_socket_falls_back_and_is_replaced() {
    let repo = two_people();
    let socket = socket(&repo);
    drop(UnixListener::bind(&socket).unwrap());
    assert!(
        std::fs::symlink_metadata(&socket)
            .unwrap()
            .file_type()
            .is_socket()
    );
    let read = repo
        .run(&["status", "--json", "--no-server"])
        .ok()
        .to_owned();
    assert_eq!(repo.run(&["status", "--json"]).ok(), read);
    assert_eq!(repo.run(&["status", "--json", "--require-server"]).code, 2);
    // A watch replaces the stale socket.
    let _w = Watch::start(&repo);
    assert_eq!(served_as_read(&repo), read);
}

#[test]
fn a_server_of_another_version_is_not_asked() {
    let repo = two_people();
    let socket = socket(&repo);
    let listener = UnixListener::bind(&socket).unwrap();
    let root = repo.path().canonicalize().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { break };
            let hello = serde_json::json!({
                "protocol": 1, "version": "0.0.0-other", "root": root,
            })
            .to_string();
            let mut frame = u32::try_from(hello.len()).unwrap().to_be_bytes().to_vec();
            frame.extend_from_slice(hello.as_bytes());
            let _ = stream.write_all(&frame);
            // Whatever comes next is never answered.
            let _ = stream.read(&mut [0; 64]);
        }
    });
    let read = repo
        .run(&["status", "--json", "--no-server"])
        .ok()
        .to_owned();
    let start = Instant::now();
    assert_eq!(repo.run(&["status", "--json"]).ok(), read);
    assert!(start.elapsed() < Duration::from_secs(5));
    assert_eq!(repo.run(&["status", "--json", "--require-server"]).code, 2);
}

#[test]
fn stopping_removes_the_socket() {
    for signal in ["-TERM", "-INT"] {
        let repo = two_people();
        let socket = socket(&repo);
        let mut w = Watch::start(&repo);
        assert!(socket.exists());
        w.signal(signal);
        assert!(!socket.exists(), "after {signal}");
        assert!(!socket.with_extension("cookies").exists(), "after {signal}");
        // And status reads the files again.
        assert_eq!(repo.run(&["status", "--json", "--require-server"]).code, 2);
    }
}

/// `actions` and `gaps`, with their arguments, through the server and from
/// a fresh read, on the sample repository and right after an edit.
#[test]
fn actions_and_gaps_are_served_as_read() {
    let repo = TestRepo::example();
    let _w = Watch::start(&repo);
    let commands: &[&[&str]] = &[
        &["actions"],
        &["actions", "--json"],
        &["actions", "alice", "--all"],
        &["actions", "--owner", "me", "--json"],
        &["actions", "--owner", "alice"],
        &["gaps"],
        &["gaps", "--json"],
        &["gaps", "carol", "--since", "2026-01-01"],
        &["status", "--fail-on", "overdue"],
    ];
    let check = || {
        for command in commands {
            let served = repo.run(&[*command, &["--require-server"]].concat());
            let read = repo.run(&[*command, &["--no-server"]].concat());
            assert_eq!(
                (served.code, &served.stdout, &served.stderr),
                (read.code, &read.stdout, &read.stderr),
                "{command:?}"
            );
        }
    };
    check();
    repo.write(
        "alice/2026-11-25.md",
        note(
            "alice",
            "2026-11-25",
            "- [ ] @alice Brand new item\n- [ ] @me Mine\n",
        ),
    );
    check();
    // The settings change: a new name and cadence, asked about at once.
    let settings = repo.read(".oneonone.yaml");
    repo.write(
        ".oneonone.yaml",
        settings.replace(
            "    name: Dave Park\n",
            "    name: David Park\n    cadence: weekly\n",
        ),
    );
    check();
    assert!(
        repo.run(&["status", "--require-server"])
            .stdout
            .contains("David Park")
    );
    // A name the server cannot resolve: the fresh read says why.
    let run = repo.run(&["actions", "nobody-at-all"]);
    assert_eq!(
        run.code,
        repo.run(&["actions", "nobody-at-all", "--no-server"]).code
    );
}

/// Runs each command through the server and from a fresh read: the same
/// exit code, stdout and stderr.
#[track_caller]
fn each_served_as_read(repo: &TestRepo, commands: &[&[&str]]) {
    for command in commands {
        let served = repo.run(&[*command, &["--require-server"]].concat());
        let read = repo.run(&[*command, &["--no-server"]].concat());
        assert_eq!(served.code, 0, "{command:?}: {served:?}");
        assert_eq!(
            (&served.stdout, &served.stderr),
            (&read.stdout, &read.stderr),
            "{command:?}"
        );
    }
}

/// `log`, `prep` and `people`: by id, display name and former id, with a
/// broken note among the person's, right after edits to notes, topics and
/// settings.
#[test]
fn log_prep_and_people_are_served_as_read() {
    let repo = TestRepo::example();
    let _w = Watch::start(&repo);
    let commands: &[&[&str]] = &[
        &["log", "alice"],
        &["log", "alice", "--json"],
        &["log", "Dave Park"],
        &["log", "erin", "--json"],
        &["log", "bob"],
        &["prep", "bob"],
        &["prep", "carol"],
        &["prep", "alice"],
        &["prep", "dave"],
        &["people"],
        &["people", "--json"],
    ];
    each_served_as_read(&repo, commands);
    // A new meeting with a fresh agenda, a queued topic, a note that
    // does not parse and a misnamed file, each asked about at once.
    repo.write(
        "alice/2026-11-25.md",
        "---\nperson: alice\ndate: 2026-11-25\n---\n## Agenda\n- Brand new point\n\n\
         ## Action items\n- [ ] @me Mine\n",
    );
    each_served_as_read(&repo, commands);
    assert!(
        repo.run(&["prep", "alice", "--require-server"])
            .stdout
            .contains("Brand new point")
    );
    // A note that read well breaks: a fresh read leaves it out, though the
    // watch keeps its last good version for the dashboard.
    repo.write("alice/2026-11-25.md", "---\nperson: [\n---\n");
    each_served_as_read(&repo, commands);
    repo.write("carol/topics.md", "- Fresh topic (by carol)\n");
    repo.write("bob/2026-11-31.md", "not a day\n");
    repo.write("bob/2026-11-25.md", "---\nperson: [\n---\n");
    each_served_as_read(&repo, commands);
    assert!(
        repo.run(&["log", "bob", "--require-server"])
            .stderr
            .contains("bob/2026-11-25.md")
    );
    // Someone new in the settings, known by a former id.
    let settings = repo.read(".oneonone.yaml");
    repo.write(
        ".oneonone.yaml",
        settings.replace(
            "people:\n",
            "people:\n  frank:\n    name: Frank Li\n    former_ids: [franky]\n",
        ),
    );
    each_served_as_read(
        &repo,
        &[
            &["people"],
            &["people", "--json"],
            &["log", "franky"],
            &["prep", "Frank Li"],
        ],
    );
    // Names the server cannot resolve, and `log --git`, read the files.
    for command in [&["log", "nobody-at-all"][..], &["prep", "nobody-at-all"]] {
        let run = repo.run(command);
        let read = repo.run(&[command, &["--no-server"]].concat());
        assert_eq!((run.code, run.stderr), (read.code, read.stderr));
    }
}

/// In git the socket and cookies sit in `.git/oneonone/`: inside the watched
/// tree when the notes are the work tree, outside it when they are a
/// sub-folder (the cookie folder then gets a watch of its own). Either way
/// `git status` never sees them.
#[test]
fn in_git_at_the_root_and_in_a_sub_folder() {
    for folder in ["", "notes"] {
        let repo = TestRepo::new();
        crate::git::git(&repo, &["init", "--quiet"]);
        let at = |rel: &str| {
            if folder.is_empty() {
                rel.to_owned()
            } else {
                format!("{folder}/{rel}")
            }
        };
        if !folder.is_empty() {
            repo.write(&at(".oneonone.yaml"), "");
        }
        repo.write(
            &at("alice/2026-11-10.md"),
            note("alice", "2026-11-10", "- [ ] @alice Draft the plan\n"),
        );
        let global: &[&str] = if folder.is_empty() {
            &[]
        } else {
            &["--dir", folder]
        };
        let _w = Watch::start_with(&repo, global);
        let git_status =
            || crate::git::git(&repo, &["status", "--porcelain", "--untracked-files=all"]);
        let before = git_status();
        assert!(!before.contains(".git/"), "{before}");
        repo.write(
            &at("bob/2026-11-24.md"),
            note("bob", "2026-11-24", "- [ ] @bob Fresh\n"),
        );
        assert!(
            served_as_read_with(&repo, global).contains("\"bob\""),
            "{folder}"
        );
        let sockets: Vec<_> = std::fs::read_dir(repo.path().join(".git/oneonone"))
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "sock"))
            .collect();
        assert_eq!(sockets.len(), 1, "{folder}: {sockets:?}");
        let after = git_status();
        assert!(
            !after.contains(".sock") && !after.contains(".cookies") && !after.contains(".git/"),
            "{folder}: {after}"
        );
    }
}

/// A second watch on the same repository leaves the first one's socket
/// alone: it says so, watches without serving, and stopping it changes
/// nothing for the first.
#[test]
fn a_second_watch_does_not_take_over() {
    let repo = two_people();
    let socket = socket(&repo);
    let _first = Watch::start(&repo);
    let mut second = repo
        .command()
        .arg("watch")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn a second watch");
    let mut stderr = second.stderr.take().expect("stderr");
    let mut said = Vec::new();
    let start = Instant::now();
    let mut byte = [0; 1];
    while !String::from_utf8_lossy(&said).contains("Ctrl-C to stop") {
        assert!(
            start.elapsed() < PATIENCE,
            "{}",
            String::from_utf8_lossy(&said)
        );
        match stderr.read(&mut byte) {
            Ok(1) => said.push(byte[0]),
            _ => break,
        }
    }
    let said = String::from_utf8_lossy(&said).into_owned();
    assert!(said.contains("another watch already answers"), "{said}");
    let _ = second.kill();
    let _ = second.wait();
    assert!(socket.exists());
    served_as_read(&repo);
}

/// Switching branches rewrites, adds and removes notes all at once: the
/// answers right after each checkout are those of the files.
#[test]
fn a_checkout_of_another_branch_is_served_as_read() {
    use crate::git::git;
    let repo = two_people();
    git(&repo, &["init", "--quiet"]);
    git(&repo, &["checkout", "--quiet", "-b", "main"]);
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "--quiet", "-m", "notes"]);
    git(&repo, &["checkout", "--quiet", "-b", "reorg"]);
    std::fs::remove_dir_all(repo.path().join("bob")).unwrap();
    repo.write(
        "alice/2026-11-10.md",
        note("alice", "2026-11-10", "- [x] @alice Draft the plan\n"),
    );
    repo.write(
        "carol/2026-11-24.md",
        note("carol", "2026-11-24", "- [ ] @carol Hand over\n"),
    );
    git(&repo, &["add", "--all"]);
    git(&repo, &["commit", "--quiet", "-m", "reorg"]);
    git(&repo, &["checkout", "--quiet", "main"]);

    let _w = Watch::start(&repo);
    let commands: &[&[&str]] = &[&["actions", "--json"], &["gaps", "--json"], &["people"]];
    let on_main = served_as_read(&repo);
    assert!(on_main.contains("\"bob\"") && !on_main.contains("\"carol\""));
    each_served_as_read(&repo, commands);
    git(&repo, &["checkout", "--quiet", "reorg"]);
    let on_reorg = served_as_read(&repo);
    assert!(!on_reorg.contains("\"bob\"") && on_reorg.contains("\"carol\""));
    each_served_as_read(&repo, commands);
    git(&repo, &["checkout", "--quiet", "main"]);
    assert_eq!(served_as_read(&repo), on_main);
    each_served_as_read(&repo, commands);
}

/// A stream of random edits, each asked about at once: new notes,
/// rewrites, renames (to another day or another folder), broken notes,
/// deletions of a note or a whole person. Every answer is the files'.
/// The seed is `PROPTEST_RNG_SEED` when set (CI), else drawn afresh; a
/// failure names it.
#[test]
fn random_edits_are_served_as_read() {
    let seed = std::env::var("PROPTEST_RNG_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| u64::from(d.subsec_nanos()) ^ d.as_secs())
        });
    let mut state = seed | 1;
    let mut draw = |n: usize| {
        // xorshift64: enough to pick edits, and repeatable from the seed.
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        usize::try_from(state % n as u64).expect("below n")
    };
    let people = ["alice", "bob", "carol"];
    let days = [
        "2026-10-06",
        "2026-10-20",
        "2026-11-03",
        "2026-11-17",
        "2026-11-24",
    ];
    let repo = two_people();
    let _w = Watch::start(&repo);
    for step in 0..40 {
        let person = people[draw(people.len())];
        let day = days[draw(days.len())];
        let rel = format!("{person}/{day}.md");
        let what = match draw(6) {
            0 | 1 => {
                let state = [" ", "x", "-"][draw(3)];
                let body = format!("- [{state}] @{person} Item {}\n", draw(4));
                repo.write(&rel, note(person, day, &body));
                "write"
            }
            2 if repo.exists(&rel) => {
                let to = format!("{}/{}.md", people[draw(3)], days[draw(days.len())]);
                if let Some(parent) = repo.path().join(&to).parent() {
                    std::fs::create_dir_all(parent).unwrap();
                }
                std::fs::rename(repo.path().join(&rel), repo.path().join(&to)).unwrap();
                "rename"
            }
            3 if repo.exists(&rel) => {
                repo.write(&rel, "---\nperson: [\n---\n");
                "break"
            }
            4 if repo.exists(&rel) => {
                std::fs::remove_file(repo.path().join(&rel)).unwrap();
                "delete"
            }
            5 if repo.exists(person) => {
                std::fs::remove_dir_all(repo.path().join(person)).unwrap();
                "delete the folder"
            }
            _ => continue,
        };
        let served = repo.run(&["status", "--json", "--require-server"]);
        let read = repo.run(&["status", "--json", "--no-server"]);
        assert_eq!(
            (served.code, &served.stdout, &served.stderr),
            (read.code, &read.stdout, &read.stderr),
            "seed {seed}, step {step}: {what} {rel}"
        );
    }
}

/// Over several repositories `status` asks each one's own `watch`; the
/// table is the files' whichever way each repository answers, and a
/// repository whose watch has gone is read instead.
#[test]
fn several_repositories_each_ask_their_own_watch() {
    let repo = TestRepo::new();
    for (dir, person) in [("ann", "alice"), ("ben", "bob")] {
        repo.write(
            &format!("{dir}/{person}/2026-11-10.md"),
            note(person, "2026-11-10", "- [ ] @me Something\n"),
        );
    }
    let ann = Watch::start_with(&repo, &["--dir", "ann"]);
    let ben = Watch::start_with(&repo, &["--dir", "ben"]);
    // Asked about at once: a new person in one, a note broken in the other.
    repo.write(
        "ann/carol/2026-11-24.md",
        note("carol", "2026-11-24", "- [ ] @carol Fresh\n"),
    );
    repo.write("ben/bob/2026-11-10.md", "---\nperson: [\n---\n");
    let both = ["--dir", "ann", "--dir", "ben", "status"];
    for format in [&["--json"][..], &[]] {
        let served = repo.run(&[&both[..], format, &["--require-server"]].concat());
        let read = repo.run(&[&both[..], format, &["--no-server"]].concat());
        assert_eq!(
            (served.code, &served.stdout, &served.stderr),
            (read.code, &read.stdout, &read.stderr)
        );
        assert!(served.stdout.contains("carol"), "{}", served.stdout);
        assert!(served.stderr.contains("ben: "), "{}", served.stderr);
    }
    drop(ben);
    let required = repo.run(&[&both[..], &["--require-server"]].concat());
    assert_eq!(required.code, 2, "{required:?}");
    assert!(
        required
            .stderr
            .contains("oneonone: ben: no running `watch` answered"),
        "{}",
        required.stderr
    );
    let fallen_back = repo.run(&both);
    let read = repo.run(&[&both[..], &["--no-server"]].concat());
    assert_eq!(
        (fallen_back.stdout, fallen_back.stderr),
        (read.stdout, read.stderr)
    );
    drop(ann);
}
