//! Write safety: notes are add-only history, writers racing each other lose
//! nothing, a writer killed half-way leaves a complete note or none, and
//! nothing is written (or read) through a symlink leading out.

use std::collections::{BTreeMap, BTreeSet};
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::reliability::bounded;
use crate::support::{Run, TODAY, TestRepo, section, source_code};

fn run(repo: &TestRepo, args: &[&str]) -> Run {
    let mut cmd = repo.command();
    cmd.args(args);
    let run = bounded(cmd);
    assert_ne!(run.code, 101, "{args:?} panicked:\n{}", run.stderr);
    run
}

fn spawn(repo: &TestRepo, args: &[&str]) -> Child {
    repo.command()
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn")
}

/// Paths under the root, without the test's own cache folder (a cache is
/// not part of the user's repository).
fn tree(repo: &TestRepo) -> BTreeSet<PathBuf> {
    repo.tree()
        .into_iter()
        .filter(|p| !p.starts_with(".cache-home"))
        .collect()
}

#[test]
fn every_command_only_adds_what_it_says() {
    let repo = TestRepo::example();
    let before = repo.snapshot();
    let tree_before = tree(&repo);
    let mut failures = Vec::new();
    for args in [
        &["done", "alice", "approve travel"][..],
        &["new", "zed", "--no-edit"],
        &["new", "alice", "--no-edit"],
        &["topic", "carol", "Budget", "for", "Q1"],
        &["status"],
        &["status", "--json"],
        &["gaps"],
        &["gaps", "--json"],
        &["actions"],
        &["actions", "--all", "--json"],
        &["log", "alice"],
        &["log", "bob", "--json"],
        &["prep", "carol"],
        &["people"],
        &["check"],
        &["check", "--json"],
        &["templates", "list"],
        &["templates", "show", "peer"],
        &["index"],
        &["watch", "--once"],
        &["calendar"],
    ] {
        let r = run(&repo, args);
        if r.code != 0 {
            failures.push(format!("{args:?}: {}", r.stderr));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");

    let after = repo.snapshot();
    let added: Vec<&Path> = after
        .keys()
        .filter(|p| !before.contains_key(*p))
        .map(PathBuf::as_path)
        .collect();
    let changed: Vec<&Path> = before
        .iter()
        .filter(|(p, bytes)| after.get(*p) != Some(bytes))
        .map(|(p, _)| p.as_path())
        .collect();
    let today = format!("{TODAY}.md");
    assert_eq!(
        added,
        [
            Path::new("alice").join(&today),
            Path::new("zed").join(&today)
        ]
    );
    assert_eq!(
        changed,
        [
            Path::new("alice/2026-11-24.md"),
            Path::new("carol/topics.md")
        ]
    );
    // `done`: one byte, the checkbox of the item asked for.
    let (old, new) = (
        &before[Path::new("alice/2026-11-24.md")],
        &after[Path::new("alice/2026-11-24.md")],
    );
    let diff: Vec<usize> = (0..old.len()).filter(|&i| old[i] != new[i]).collect();
    assert_eq!(old.len(), new.len());
    assert_eq!(diff.len(), 1);
    assert_eq!((old[diff[0]], new[diff[0]]), (b' ', b'x'));
    let line = &new[..][new[..diff[0]]
        .iter()
        .rposition(|&b| b == b'\n')
        .expect("line")
        + 1..];
    assert!(
        line.starts_with(b"- [x] @me Approve travel for the January conference\n"),
        "{}",
        String::from_utf8_lossy(line)
    );
    // `topic`: appended, nothing else touched.
    let topics = &after[Path::new("carol/topics.md")];
    let mut expected = before[Path::new("carol/topics.md")].clone();
    expected.extend_from_slice(b"- Budget for Q1\n");
    assert_eq!(topics, &expected);
    // No folder, lock or temporary file left behind.
    let mut expected_tree = tree_before;
    expected_tree.extend([
        PathBuf::from("zed"),
        Path::new("zed").join(&today),
        Path::new("alice").join(&today),
    ]);
    assert_eq!(tree(&repo), expected_tree);
}

/// Every queued topic ends up exactly once: still queued, or in the agenda
/// of exactly one note.
#[test]
fn racing_writers_lose_no_topic_and_never_share_a_note() {
    let repo = TestRepo::new();
    repo.note("alice/2026-11-18.md", "", "- [ ] @me carried once\n");
    let mut children = Vec::new();
    for i in 0..24 {
        let topic = format!("topic {i}");
        children.push(spawn(&repo, &["topic", "alice", &topic]));
        if i % 4 == 0 {
            children.push(spawn(&repo, &["new", "alice", "--another", "--no-edit"]));
            children.push(spawn(
                &repo,
                &["new", "alice", "--date", "2026-11-30", "--no-edit"],
            ));
        }
    }
    let mut created = 0;
    let mut existed = 0;
    for child in children {
        let output = child.wait_with_output().expect("wait");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{stderr}");
        if stderr.contains("created ") {
            created += 1;
        } else if stderr.contains("already exists") {
            existed += 1;
        }
    }
    let notes: Vec<String> = std::fs::read_dir(repo.path().join("alice"))
        .expect("alice")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("2026-"))
        .collect();
    // Six `--another` runs made six notes for today; six runs for the 30th
    // made one between them.
    let today: Vec<&String> = notes.iter().filter(|n| n.starts_with(TODAY)).collect();
    assert_eq!(today.len(), 6, "{notes:?}");
    assert!(notes.contains(&"2026-11-30.md".to_owned()), "{notes:?}");
    assert_eq!(notes.len(), 1 + 6 + 1, "{notes:?}");
    assert_eq!((created, existed), (7, 5));

    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let queue = repo.read("alice/topics.md");
    let agendas: Vec<String> = notes
        .iter()
        .filter(|n| *n != "2026-11-18.md")
        .map(|n| section(&repo.read(&format!("alice/{n}")), "Agenda").to_owned())
        .collect();
    for text in agendas.iter().map(String::as_str).chain([queue.as_str()]) {
        for line in text.lines() {
            if let Some(topic) = line.strip_prefix("- topic ") {
                *seen.entry(topic.to_owned()).or_default() += 1;
            }
        }
    }
    let expected: BTreeMap<String, usize> = (0..24).map(|i| (i.to_string(), 1)).collect();
    assert_eq!(seen, expected);
    let leftovers: Vec<PathBuf> = tree(&repo)
        .into_iter()
        .filter(|p| p.to_string_lossy().contains(".oneonone-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// While another process holds the lock, a writer waits for it and then
/// proceeds; opening an existing note writes nothing and does not wait.
#[test]
fn writers_wait_for_the_lock_and_readers_do_not() {
    let repo = TestRepo::example();
    repo.note(&format!("alice/{TODAY}.md"), "", "");
    let lock = std::fs::File::create(repo.path().join(".oneonone-lock")).expect("lock file");
    lock.lock().expect("lock");
    let mut topic = spawn(&repo, &["topic", "alice", "Waited"]);
    let open = run(&repo, &["new", "alice", "--no-edit"]);
    assert!(open.stderr.contains("already exists"), "{}", open.stderr);
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        topic.try_wait().expect("wait").is_none(),
        "topic did not wait"
    );
    drop(lock);
    assert!(topic.wait().expect("wait").success());
    assert!(repo.read("alice/topics.md").contains("- Waited\n"));
    assert!(!repo.exists(".oneonone-lock"));
}

/// Twelve `done`s on twelve items of one note at once: every tick stays.
#[test]
fn racing_dones_keep_every_tick() {
    let repo = TestRepo::new();
    let body = (0..12).fold(String::new(), |b, i| b + &format!("- [ ] item-{i:02}\n"));
    repo.note("alice/2026-11-18.md", "", &body);
    let children: Vec<Child> = (0..12)
        .map(|i| spawn(&repo, &["done", "alice", &format!("item-{i:02}")]))
        .collect();
    for child in children {
        let output = child.wait_with_output().expect("wait");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let note = repo.read("alice/2026-11-18.md");
    assert_eq!(note.matches("- [x] item-").count(), 12, "{note}");
}

/// `new` killed at 42 moments spread from its start to just after it
/// would have finished: the note is either absent or complete, and what a
/// kill leaves (a temporary file, the lock file) is hidden from every report
/// and never blocks the next writer.
#[test]
fn a_killed_new_leaves_a_complete_note_or_none() {
    let repo = TestRepo::example();
    let note = format!("alice/{TODAY}.md");
    // The fastest of three runs: the first is slowed by a cold start.
    let mut full_run = Duration::MAX;
    let mut reference = Vec::new();
    for _ in 0..3 {
        let started = Instant::now();
        run(&repo, &["new", "alice", "--no-edit"])
            .ok_with_stderr("created alice/2026-11-25.md (5 carried, 0 topics)\n");
        full_run = full_run.min(started.elapsed());
        reference = std::fs::read(repo.path().join(&note)).expect("reference");
        std::fs::remove_file(repo.path().join(&note)).expect("rm");
    }

    let mut complete = 0;
    let runs = 42;
    for i in 0..runs {
        let mut child = spawn(&repo, &["new", "alice", "--no-edit"]);
        // A scattered order of the moments 0, 1/36, … 41/36 of a full run.
        std::thread::sleep(full_run * ((i * 17) % runs) / 36);
        let _ = child.kill();
        let _ = child.wait();
        if let Ok(bytes) = std::fs::read(repo.path().join(&note)) {
            assert!(bytes == reference, "a partial note after a kill");
            complete += 1;
            std::fs::remove_file(repo.path().join(&note)).expect("rm");
        }
    }
    eprintln!("{complete} of {runs} killed runs had finished the note (a run takes {full_run:?})");
    let check = run(&repo, &["check"]);
    assert_eq!(
        (check.code, check.stdout.as_str()),
        (0, ""),
        "{}",
        check.stderr
    );
    let status = run(&repo, &["status"]);
    assert_eq!(status.code, 0);
    assert_eq!(status.stderr, "");
    run(&repo, &["new", "alice", "--no-edit"])
        .ok_with_stderr("created alice/2026-11-25.md (5 carried, 0 topics)\n");
    assert_eq!(
        std::fs::read(repo.path().join(&note)).expect("note"),
        reference
    );
}

#[test]
fn a_person_folder_leading_outside_is_never_read_or_written() {
    let repo = TestRepo::example();
    let outside = tempfile::tempdir().expect("outside");
    std::fs::write(
        outside.path().join("2026-11-18.md"),
        "---\nperson: eve\n---\n- [ ] @me outside item\n",
    )
    .expect("write");
    symlink(outside.path(), repo.path().join("eve")).expect("symlink");
    let listing = || {
        let mut files: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(outside.path())
            .expect("outside")
            .map(|e| {
                let path = e.expect("entry").path();
                let bytes = std::fs::read(&path).expect("read");
                (path, bytes)
            })
            .collect();
        files.sort();
        files
    };
    let before = listing();
    for args in [
        &["new", "eve", "--no-edit"][..],
        &["topic", "eve", "a", "topic"],
        &["done", "eve", "outside item"],
        &["prep", "eve"],
    ] {
        let r = run(&repo, args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(
            r.stderr.contains("outside the repository"),
            "{args:?}: {}",
            r.stderr
        );
        assert!(!r.stdout.contains("outside item"), "{}", r.stdout);
    }
    let status = run(&repo, &["status"]);
    assert!(
        !status.ok().lines().any(|l| l.starts_with("eve ")),
        "{}",
        status.stdout
    );
    assert_eq!(listing(), before);

    // Nor can a template name or a person name point anywhere else.
    for args in [
        &["new", "alice", "--template", "../../x", "--no-edit"][..],
        &["new", "../eve", "--no-edit"],
        &["topic", "/tmp/eve", "x"],
    ] {
        assert_eq!(run(&repo, args).code, 2, "{args:?}");
    }
}

/// Only `src/io/store.rs` writes user files: every other module goes through
/// it. The cache module writes only its own cache file, the server module
/// only its socket and sync cookies (in the cache folder).
#[test]
fn only_the_store_writes_files() {
    const WRITERS: &[&str] = &["io/store.rs", "io/cache/mod.rs", "io/server.rs"];
    const WRITES: &[&str] = &[
        "fs::write",
        "File::create",
        "OpenOptions",
        "fs::rename",
        "fs::remove",
        "create_dir",
        "set_permissions",
        "fs::copy",
        "hard_link",
        "persist",
        "set_len(",
    ];
    let mut offences = Vec::new();
    for (name, code) in source_code() {
        if WRITERS.contains(&name.as_str()) {
            continue;
        }
        for (n, line) in code.lines().enumerate() {
            if let Some(call) = WRITES.iter().find(|w| line.contains(*w)) {
                offences.push(format!("src/{name}:{}: {call}", n + 1));
            }
        }
    }
    assert!(
        offences.is_empty(),
        "write outside io/store.rs: {offences:#?}"
    );
}
