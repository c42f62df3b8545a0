//! The bad-input catalogue: one repository holding every kind of malformed,
//! hostile or merely odd file, built afresh for each test, and the commands
//! run over it. For each case: no panic (exit 101), no hang (each run is
//! killed after `LIMIT`), the file named with its place, and everyone else
//! still reported exactly as without it.

use std::io::Read;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::{Run, TestRepo};

/// Far above what any command needs here; only a hang gets near it.
const LIMIT: Duration = Duration::from_secs(60);

/// Runs `cmd` to the end, killing it if it takes longer than `LIMIT`.
/// Output is drained while it runs, so a chatty command cannot stall on a
/// full pipe and pass for a hung one.
pub fn bounded(mut cmd: Command) -> Run {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn the binary");
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let stdout = drain(child.stdout.take().map(|p| Box::new(p) as _));
    let stderr = drain(child.stderr.take().map(|p| Box::new(p) as _));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{cmd:?} hung: killed after {LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    Run {
        code: status.code().unwrap_or(-1),
        stdout: stdout.join().expect("stdout"),
        stderr: stderr.join().expect("stderr"),
    }
}

fn run(repo: &TestRepo, args: &[&str]) -> Run {
    let mut cmd = repo.command();
    cmd.args(args);
    let run = bounded(cmd);
    assert_ne!(run.code, 101, "{args:?} panicked:\n{}", run.stderr);
    assert!(
        !run.stderr.contains("panicked"),
        "{args:?}:\n{}",
        run.stderr
    );
    run
}

/// One malformed file and what `check` must say about it.
struct Case {
    path: String,
    message: &'static str,
    /// Where the parser knows it.
    at: Place,
    /// Found by reading the file (not just by its name or type), so the
    /// commands that read one person's folder (`new`, `prep`) name it too.
    read: bool,
}

fn front(yaml: &str) -> String {
    format!("---\n{yaml}---\n\n## Notes\n- [ ] never counted\n")
}

/// Tasks nested `depth` deep, one tab more per level.
fn nested_tasks(depth: usize) -> String {
    let tabs = "\t".repeat(depth);
    let mut text = String::with_capacity(depth * depth / 2 + 8 * depth + 32);
    text.push_str("---\nperson: mallory\n---\n");
    for level in 0..depth {
        text.push_str(&tabs[..level]);
        text.push_str("- [ ] x\n");
    }
    text
}

fn alias_bomb() -> String {
    let mut yaml = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        yaml.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    front(&yaml)
}

/// Line and column.
type Place = Option<(u64, u64)>;

/// Whole files, in `mallory/2026-01-DD.md`: (DD, bytes, message, place).
const BAD_FILES: &[(u32, &[u8], &str, Place)] = &[
    (1, b"# Notes\n- [ ] x\n", "no front matter", Some((1, 1))),
    (
        2,
        b"---\nperson: mallory\n- [ ] x\n",
        "front matter is not terminated",
        Some((1, 1)),
    ),
    (
        15,
        b"---\nperson: mallory\n---\nab\xff\xfe\n",
        "not valid UTF-8",
        Some((4, 3)),
    ),
    (
        16,
        b"---\nperson: mallory\n---\n- [ ] a\0b\n",
        "contains a NUL byte",
        Some((4, 8)),
    ),
    (17, b"", "empty file", None),
];

/// Front matter, in `mallory/2026-01-DD.md`: (DD, YAML, message, place).
const BAD_FRONT: &[(u32, &str, &str, Place)] = &[
    (3, "- a\n- b\n", "expected a mapping", Some((2, 1))),
    (4, "person: [mallory\n", "invalid YAML", None),
    (
        5,
        "person: mallory\nperson: mallory\n",
        "duplicate mapping key",
        Some((3, 1)),
    ),
    (
        7,
        "date: 2026-02-30\n",
        "`2026-02-30` is not a real date",
        Some((2, 7)),
    ),
    (
        8,
        "date: 20260108\n",
        "`20260108` is not a real date",
        Some((2, 7)),
    ),
    (
        9,
        "date: 2026-01-10\n",
        "does not match the file name",
        Some((2, 7)),
    ),
    (
        10,
        "person: bob\n",
        "does not match the folder `mallory`",
        Some((2, 9)),
    ),
    (11, "kind: boss\n", "unknown kind `boss`", Some((2, 7))),
    (
        12,
        "cadence: fortnightly-ish\n",
        "unknown cadence `fortnightly-ish`",
        Some((2, 10)),
    ),
    (
        13,
        "duration: -30\n",
        "duration must be minutes",
        Some((2, 11)),
    ),
    (
        14,
        "duration: 100000\n",
        "duration must be minutes",
        Some((2, 11)),
    ),
];

fn day(dd: u32) -> String {
    format!("mallory/2026-01-{dd:02}.md")
}

/// Writes every malformed file into `mallory/` (and one odd folder) and
/// says what `check` must report for each.
fn malformed(repo: &TestRepo, outside: &Path) -> Vec<Case> {
    let mut cases = Vec::new();
    let mut add = |path: String, contents: &[u8], message, at, read| {
        repo.write(&path, contents);
        cases.push(Case {
            path,
            message,
            at,
            read,
        });
    };
    for &(dd, bytes, message, at) in BAD_FILES {
        add(day(dd), bytes, message, at, true);
    }
    for &(dd, yaml, message, at) in BAD_FRONT {
        add(day(dd), front(yaml).as_bytes(), message, at, true);
    }
    add(day(6), alias_bomb().as_bytes(), "alias bomb", None, true);
    let deep_yaml = format!("tags: {}x{}\n", "{a: ".repeat(10_000), "}".repeat(10_000));
    add(
        day(18),
        front(&deep_yaml).as_bytes(),
        "nested too deeply",
        None,
        true,
    );
    let big_yaml = (0..5_000).fold(String::new(), |y, i| y + &format!("key{i}: value {i}\n"));
    let too_big = "front matter is larger than 64 KB";
    add(
        day(19),
        front(&big_yaml).as_bytes(),
        too_big,
        Some((2, 1)),
        true,
    );
    let too_deep = "nested more than 32 levels";
    add(
        day(20),
        nested_tasks(200).as_bytes(),
        too_deep,
        Some((36, 35)),
        true,
    );
    // 50 MB: tasks nested 10,000 deep. Refused by size before it is parsed.
    add(
        day(21),
        nested_tasks(10_000).as_bytes(),
        "larger than 8 MB",
        None,
        true,
    );
    let valid = front("person: mallory\n");
    let not_a_date = "is not a real date";
    add(
        "mallory/2026-13-45.md".into(),
        valid.as_bytes(),
        not_a_date,
        None,
        false,
    );
    let not_an_id = "folder `zoë` is not a person id";
    add(
        "zoë/2026-11-01.md".into(),
        valid.as_bytes(),
        not_an_id,
        None,
        false,
    );

    let dir = repo.path();
    std::fs::create_dir_all(dir.join(day(22))).expect("mkdir");
    cases.push(not_read(day(22), "is not a regular file"));
    symlink("2026-01-23.md", dir.join(day(23))).expect("symlink loop");
    cases.push(not_read(day(23), "is a symlink"));
    std::fs::write(outside.join("secret.md"), &valid).expect("write");
    symlink(outside.join("secret.md"), dir.join(day(24))).expect("symlink out");
    cases.push(not_read(day(24), "is a symlink"));
    mkfifo(&dir.join(day(25)));
    cases.push(not_read(day(25), "is not a regular file"));
    cases
}

fn not_read(path: String, message: &'static str) -> Case {
    Case {
        path,
        message,
        at: None,
        read: false,
    }
}

fn mkfifo(path: &Path) {
    let made = Command::new("mkfifo").arg(path).status().expect("mkfifo");
    assert!(made.success(), "mkfifo {}", path.display());
}

/// Read normally: a BOM, CRLF, unknown keys, lists and quotes nested
/// 10,000 deep (without tasks in between).
fn tolerated(repo: &TestRepo) {
    repo.write(
        "tina/2026-11-02.md",
        "\u{feff}---\nperson: tina\ndate: 2026-11-02\n---\n- [ ] @tina bom\n",
    )
    .write(
        "tina/2026-11-09.md",
        "---\r\nperson: tina\r\ndate: 2026-11-09\r\nmood: great\r\n---\r\n- [ ] @tina crlf\r\n",
    )
    .write(
        "tina/2026-11-16.md",
        format!(
            "---\nperson: tina\n---\n{}[ ] @tina deep list\n\n{} - [ ] @tina deep quote\n",
            "- ".repeat(10_000),
            ">".repeat(10_000)
        ),
    );
}

/// 10,000 items in one note; then a note in which each of the first 1,000
/// items' last occurrence is as the child of the one before: a parent
/// chain 1,000 long across notes, though no note nests deeper than two.
fn heavy(repo: &TestRepo) {
    let mut flat = String::from("---\nperson: heavy\n---\n## Action items\n");
    let mut chain = flat.clone();
    for k in 0..10_000 {
        flat.push_str(&format!("- [ ] @me task {k}\n"));
    }
    for k in (0..999).rev() {
        chain.push_str(&format!(
            "- [ ] @me task {k} (from 2026-11-02)\n  - [ ] @me task {} (from 2026-11-02)\n",
            k + 1
        ));
    }
    repo.write("heavy/2026-11-02.md", flat)
        .write("heavy/2026-11-09.md", chain);
}

/// The catalogue: a copy of the example repository with every bad file of
/// `malformed` added, the tolerated and the heavy notes, a note no one may
/// read and a topic queue that is a FIFO. Dropped at the end of a test
/// that passed, it checks that the file outside which a note links to was
/// left alone by whatever the test ran.
struct Catalogue {
    repo: TestRepo,
    /// The folder a symlinked note points into, and its file's bytes.
    outside: tempfile::TempDir,
    secret: Vec<u8>,
    /// Every case the reports must name: the unreadable note too, where
    /// permissions apply.
    expected: Vec<Case>,
    /// Permissions apply (not as root), so the mode-000 note is unreadable.
    permissions_apply: bool,
}

/// The people `Catalogue` adds to the example repository.
const NEW_PEOPLE: [&str; 4] = ["mallory", "tina", "heavy", "frank"];

const LOCKED: &str = "mallory/2026-01-26.md";

fn catalogue() -> Catalogue {
    let repo = TestRepo::example();
    let outside = tempfile::tempdir().expect("outside");
    let mut expected = malformed(&repo, outside.path());
    tolerated(&repo);
    heavy(&repo);
    repo.note("mallory/2026-11-20.md", "", "- [ ] @me still counted\n");
    // A valid note no one may read (when permissions apply: not as root).
    repo.note(LOCKED, "", "- [ ] @me locked away\n");
    let locked = repo.path().join(LOCKED);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    let permissions_apply = std::fs::read(&locked).is_err();
    if permissions_apply {
        expected.push(Case {
            path: LOCKED.into(),
            message: "Permission denied",
            at: None,
            read: true,
        });
    }
    // A topic queue that is a FIFO: reading it would block forever.
    repo.note("frank/2026-11-20.md", "", "");
    mkfifo(&repo.path().join("frank/topics.md"));
    let secret = std::fs::read(outside.path().join("secret.md")).expect("read");
    Catalogue {
        repo,
        outside,
        secret,
        expected,
        permissions_apply,
    }
}

impl Catalogue {
    fn run(&self, args: &[&str]) -> Run {
        run(&self.repo, args)
    }

    /// Runs a report over the whole repository: it succeeds, and its
    /// stderr is one warning for each expected case, each named once.
    #[track_caller]
    fn report(&self, args: &[&str]) -> Run {
        let r = self.run(args);
        assert_eq!(r.code, 0, "{args:?}:\n{}", r.stderr);
        let lines: Vec<&str> = r.stderr.lines().collect();
        assert_eq!(lines.len(), self.expected.len(), "{args:?}:\n{}", r.stderr);
        for case in &self.expected {
            let naming: Vec<&&str> = lines
                .iter()
                .filter(|l| l.starts_with(&format!("oneonone: warning: {}:", case.path)))
                .collect();
            assert_eq!(naming.len(), 1, "{args:?}: {}:\n{}", case.path, r.stderr);
        }
        r
    }
}

impl Drop for Catalogue {
    fn drop(&mut self) {
        let secret = std::fs::read(self.outside.path().join("secret.md")).expect("read");
        if !std::thread::panicking() {
            assert_eq!(secret, self.secret, "a file outside the repository changed");
        }
    }
}

fn findings(run: &Run) -> Vec<Value> {
    let report: Value = serde_json::from_str(&run.stdout).expect("check --json");
    report["findings"].as_array().expect("findings").clone()
}

/// The people of `status --json` other than the ones named.
fn others(status: &str, except: &[&str]) -> Vec<Value> {
    let report: Value = serde_json::from_str(status).expect("status --json");
    report["people"]
        .as_array()
        .expect("people")
        .iter()
        .filter(|p| !except.contains(&p["person"].as_str().unwrap_or("")))
        .cloned()
        .collect()
}

#[test]
fn everyone_else_is_reported_exactly_as_without_the_bad_files() {
    let clean = run(&TestRepo::example(), &["status", "--json"]);
    let catalogue = catalogue();
    let status = catalogue.report(&["status", "--json"]);
    assert_eq!(others(&status.stdout, &NEW_PEOPLE), others(clean.ok(), &[]));
}

#[test]
fn the_reports_over_the_whole_repository_name_every_bad_file_once() {
    let catalogue = catalogue();
    // `status --json` and `actions --json --all` are checked as well by
    // the tests below that read them.
    for args in [
        &["status"][..],
        &["gaps"],
        &["gaps", "--json"],
        &["actions"],
    ] {
        catalogue.report(args);
    }
}

#[test]
fn the_cache_the_dashboard_and_the_calendar_survive_the_bad_files() {
    let catalogue = catalogue();
    for args in [&["index"][..], &["watch", "--once"], &["calendar"]] {
        let r = catalogue.run(args);
        assert_eq!(r.code, 0, "{args:?}:\n{}", r.stderr);
    }
}

/// `log` reads only that person's folder: it names their bad files, and
/// nobody else's.
#[test]
fn log_names_the_bad_files_of_its_person_only() {
    let catalogue = catalogue();
    let log = catalogue.run(&["log", "mallory"]);
    assert_eq!(log.code, 0, "{}", log.stderr);
    for case in &catalogue.expected {
        assert_eq!(
            log.stderr.contains(&case.path),
            case.path.starts_with("mallory/"),
            "{}:\n{}",
            case.path,
            log.stderr
        );
    }
}

#[test]
fn check_reports_each_bad_file_once_with_its_place() {
    let catalogue = catalogue();
    let check = catalogue.run(&["check", "--json"]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    let found = findings(&check);
    for case in &catalogue.expected {
        let of_case: Vec<&Value> = found
            .iter()
            .filter(|f| f["path"] == case.path.as_str())
            .collect();
        let [finding] = of_case[..] else {
            panic!("check reports {} not once: {found:#?}", case.path);
        };
        let message = finding["message"].as_str().expect("message");
        assert!(
            message.contains(case.message),
            "{}: `{message}` should say `{}`",
            case.path,
            case.message
        );
        if let Some((line, column)) = case.at {
            assert_eq!(
                (finding["line"].as_u64(), finding["column"].as_u64()),
                (Some(line), Some(column)),
                "{finding}"
            );
        }
    }
    if !catalogue.permissions_apply {
        assert!(!found.iter().any(|f| f["path"] == LOCKED));
    }
    assert_eq!(catalogue.run(&["check"]).code, 1);
}

/// A BOM, CRLF, unknown keys, and lists and quotes nested 10,000 deep.
#[test]
fn tolerated_files_are_read_normally() {
    let catalogue = catalogue();
    let tina = catalogue.run(&["log", "tina", "--json"]).json();
    assert_eq!(tina["notes"].as_array().map(Vec::len), Some(3), "{tina}");
    let all = catalogue.report(&["actions", "--json", "--all"]);
    let texts: Vec<Value> = items_of(&all, "tina")
        .iter()
        .map(|i| i["text"].clone())
        .collect();
    assert_eq!(
        texts,
        [
            "@tina bom",
            "@tina crlf",
            "@tina deep list",
            "@tina deep quote"
        ]
    );
}

/// 10,000 items: each counted once, however they nest across notes.
#[test]
fn ten_thousand_items_are_each_counted_once() {
    let catalogue = catalogue();
    let status = catalogue.report(&["status", "--json"]);
    let heavy = status_of(&status, "heavy");
    assert_eq!(heavy["open_actions"], 10_000, "{heavy}");
    assert_eq!(status_of(&status, "mallory")["last"], "2026-11-20");
    let all = catalogue.report(&["actions", "--json", "--all"]);
    assert_eq!(count_items(&Value::Array(items_of(&all, "heavy"))), 10_000);
}

/// `prep` reads one person's folder, and names the unreadable notes it
/// skips.
#[test]
fn prep_names_the_unreadable_notes_it_skips() {
    let catalogue = catalogue();
    let prep = catalogue.run(&["prep", "mallory"]);
    assert_eq!(prep.code, 0, "{}", prep.stderr);
    assert!(prep.stdout.contains("still counted"), "{}", prep.stdout);
    for case in catalogue
        .expected
        .iter()
        .filter(|c| c.read && c.path.starts_with("mallory/"))
    {
        assert!(
            prep.stderr.contains(&case.path),
            "{} not named:\n{}",
            case.path,
            prep.stderr
        );
    }
}

#[test]
fn people_lists_everyone_but_the_folder_that_is_not_an_id() {
    let catalogue = catalogue();
    let people = catalogue.run(&["people"]);
    assert_eq!(
        people.ok(),
        "alice\nbob\ncarol\ndave\nerin\nfrank\nheavy\nmallory\ntina\n"
    );
}

/// `new` reads back to the latest note it wrote itself; a history written
/// by hand, as here, is read whole, and its broken notes are skipped with a
/// warning: it still carries correctly.
#[test]
fn new_carries_past_the_broken_notes() {
    let catalogue = catalogue();
    let new = catalogue.run(&["new", "mallory", "--no-edit"]);
    assert_eq!(new.code, 0, "{}", new.stderr);
    let note = catalogue.repo.read("mallory/2026-11-25.md");
    assert!(
        note.contains("- [ ] @me still counted (from 2026-11-20)"),
        "{note}"
    );
    assert!(!note.contains("never counted"), "{note}");
}

/// Every open item carried exactly once: the 9,000 the hand-written second
/// note left out are still open, and the chain 1,000 long hangs in 32
/// pieces, since items nest at most 32 deep (9,032 at the top).
#[test]
fn new_carries_each_item_of_a_long_chain_once() {
    let catalogue = catalogue();
    catalogue
        .run(&["new", "heavy", "--no-edit"])
        .ok_with_stderr("created heavy/2026-11-25.md (10000 carried, 0 topics)\n");
    let carried = catalogue.repo.read("heavy/2026-11-25.md");
    let tasks: std::collections::HashSet<&str> = carried
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("- [ ] @me task "))
        .collect();
    assert_eq!(tasks.len(), 10_000);
    assert_eq!(carried.matches("- [ ] @me task").count(), 10_000);
}

#[test]
fn a_fifo_topic_queue_is_refused_by_name_without_blocking() {
    let catalogue = catalogue();
    for args in [
        &["prep", "frank"][..],
        &["new", "frank", "--no-edit"],
        &["topic", "frank", "x"],
    ] {
        let r = catalogue.run(args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(
            r.stderr.contains("frank/topics.md: is not a regular file"),
            "{}",
            r.stderr
        );
    }
    assert!(!catalogue.repo.exists("frank/2026-11-25.md"));
}

fn status_of(status: &Run, person: &str) -> Value {
    let report: Value = serde_json::from_str(&status.stdout).expect("status --json");
    report["people"]
        .as_array()
        .expect("people")
        .iter()
        .find(|p| p["person"] == person)
        .cloned()
        .unwrap_or_else(|| panic!("no {person} in status"))
}

/// The top-level items of `person` in an `actions --json` run.
fn items_of(actions: &Run, person: &str) -> Vec<Value> {
    let report: Value = serde_json::from_str(&actions.stdout).expect("actions --json");
    report["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|i| i["person"] == person)
        .cloned()
        .collect()
}

/// Items of an `actions --json` list, children included.
fn count_items(items: &Value) -> usize {
    let mut count = 0;
    let mut stack: Vec<&Value> = items.as_array().expect("items").iter().collect();
    while let Some(item) = stack.pop() {
        count += 1;
        stack.extend(item["children"].as_array().expect("children"));
    }
    count
}

#[test]
fn a_settings_file_or_template_that_is_not_a_file_is_an_error_not_a_hang() {
    let repo = TestRepo::example();
    mkfifo(&repo.path().join(".oneonone.yaml.fifo"));
    std::fs::remove_file(repo.path().join(".oneonone.yaml")).expect("rm");
    std::fs::rename(
        repo.path().join(".oneonone.yaml.fifo"),
        repo.path().join(".oneonone.yaml"),
    )
    .expect("mv");
    let status = run(&repo, &["status"]);
    assert_eq!(status.code, 2);
    assert!(
        status
            .stderr
            .contains(".oneonone.yaml: is not a regular file"),
        "{}",
        status.stderr
    );
    let check = run(&repo, &["check"]);
    assert_eq!(check.code, 1);
    assert!(
        check
            .stdout
            .starts_with(".oneonone.yaml: error: is not a regular file"),
        "{}",
        check.stdout
    );

    let repo = TestRepo::example();
    std::fs::create_dir_all(repo.path().join(".oneonone/templates")).expect("mkdir");
    mkfifo(&repo.path().join(".oneonone/templates/peer.md"));
    let new = run(&repo, &["new", "bob", "--no-edit"]);
    assert_eq!(new.code, 2);
    assert!(
        new.stderr.contains("peer.md: is not a regular file"),
        "{}",
        new.stderr
    );
}
