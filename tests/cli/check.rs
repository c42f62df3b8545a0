//! `oneonone check`: every malformed file reported with its place; exit 0
//! clean, 1 findings, 2 could not run.

use serde_json::{Value, json};

use crate::support::TestRepo;

#[test]
fn the_example_is_clean() {
    let repo = TestRepo::example();
    let run = repo.run(&["check"]);
    assert_eq!(run.ok_with_stderr("no problems found\n"), "");
    assert_eq!(
        repo.run(&["check", "--json"])
            .json_with_stderr("no problems found\n"),
        json!({ "findings": [] })
    );
    assert_eq!(repo.run(&["check", "--quiet"]).stderr, "");
}

/// A repository with one file per kind of malformation.
fn broken() -> TestRepo {
    let repo = TestRepo::new();
    let front = |yaml: &str| format!("---\n{yaml}---\n\n## Notes\n");
    repo.write(".oneonone.yaml", "people:\n  alice:\n    cadence: often\n")
        .write("alice/2026-01-01.md", "# no front matter\n")
        .write("alice/2026-01-02.md", "---\nperson: alice\n")
        .write("alice/2026-01-03.md", front("- a list\n- not a mapping\n"))
        .write("alice/2026-01-04.md", front("tags: [growth\nmood: ok\n"))
        .write(
            "alice/2026-01-05.md",
            front("person: alice\nperson: alice\n"),
        )
        .write("alice/2026-01-06.md", alias_bomb())
        .write("alice/2026-01-07.md", front("date: 2026-02-30\n"))
        .write("alice/2026-01-08.md", front("date: 20260108\n"))
        .write("alice/2026-01-09.md", front("date: 2026-01-10\n"))
        .write("alice/2026-01-10.md", front("person: bob\n"))
        .write("alice/2026-01-11.md", front("kind: boss\n"))
        .write("alice/2026-01-12.md", front("cadence: often\n"))
        .write("alice/2026-01-13.md", front("status: maybe\n"))
        .write("alice/2026-01-14.md", b"---\nperson: alice\n---\nab\xff\n")
        .write("alice/2026-01-15.md", b"---\nperson: alice\n---\nab\0\n")
        .write("alice/2026-01-16.md", "")
        .write("alice/2026-13-45.md", front("person: alice\n"))
        .write("alice/2026-01-17-1.md", front("person: alice\n"))
        .write("Bad Name/2026-01-01.md", front("person: x\n"))
        .write("alice/2026-01-20.md", front("person: alice\n"))
        .write("alice/2026-01-20-3.md", front("person: alice\n"))
        .write(
            "alice/2026-01-21.md",
            front("person: alice\n")
                + "- [ ] @me fine (from 2026-01-20)\n- [ ] @me lost (from 2026-01-19)\n",
        )
        // Tolerated: a BOM, CRLF line endings and unknown keys.
        .write(
            "alice/2026-01-22.md",
            "\u{feff}---\r\nperson: alice\r\nmood: great\r\n---\r\n- [ ] ok\r\n",
        );
    repo
}

fn alias_bomb() -> String {
    let mut yaml = String::from("---\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        yaml.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    yaml + "---\n"
}

/// (path, line, column, severity, part of the message)
type Expected = (
    &'static str,
    Option<u64>,
    Option<u64>,
    &'static str,
    &'static str,
);

/// What `check` says about `broken()`, in order.
const EXPECTED: &[Expected] = &[
    (
        ".oneonone.yaml",
        Some(3),
        Some(14),
        "error",
        "unknown cadence `often`",
    ),
    (
        "Bad Name/2026-01-01.md",
        None,
        None,
        "error",
        "is not a person id",
    ),
    (
        "alice/2026-01-01.md",
        Some(1),
        Some(1),
        "error",
        "no front matter",
    ),
    (
        "alice/2026-01-02.md",
        Some(1),
        Some(1),
        "error",
        "not terminated",
    ),
    (
        "alice/2026-01-03.md",
        Some(2),
        Some(1),
        "error",
        "expected a mapping",
    ),
    (
        "alice/2026-01-04.md",
        Some(3),
        Some(5),
        "error",
        "invalid YAML",
    ),
    (
        "alice/2026-01-05.md",
        Some(3),
        Some(1),
        "error",
        "duplicate mapping key",
    ),
    (
        "alice/2026-01-06.md",
        Some(6),
        Some(25),
        "error",
        "alias bomb",
    ),
    (
        "alice/2026-01-07.md",
        Some(2),
        Some(7),
        "error",
        "`2026-02-30` is not a real date",
    ),
    (
        "alice/2026-01-08.md",
        Some(2),
        Some(7),
        "error",
        "`20260108` is not a real date",
    ),
    (
        "alice/2026-01-09.md",
        Some(2),
        Some(7),
        "error",
        "does not match the file name",
    ),
    (
        "alice/2026-01-10.md",
        Some(2),
        Some(9),
        "error",
        "does not match the folder",
    ),
    (
        "alice/2026-01-11.md",
        Some(2),
        Some(7),
        "error",
        "unknown kind `boss`",
    ),
    (
        "alice/2026-01-12.md",
        Some(2),
        Some(10),
        "error",
        "unknown cadence `often`",
    ),
    (
        "alice/2026-01-13.md",
        Some(2),
        Some(9),
        "error",
        "unknown status `maybe`",
    ),
    (
        "alice/2026-01-14.md",
        Some(4),
        Some(3),
        "error",
        "not valid UTF-8",
    ),
    ("alice/2026-01-15.md", Some(4), Some(3), "error", "NUL byte"),
    ("alice/2026-01-16.md", None, None, "error", "empty file"),
    (
        "alice/2026-01-17-1.md",
        None,
        None,
        "error",
        "a second meeting on a day is `-2`",
    ),
    (
        "alice/2026-01-20-3.md",
        None,
        None,
        "warning",
        "no `2026-01-20-2.md`",
    ),
    (
        "alice/2026-01-21.md",
        Some(7),
        None,
        "warning",
        "no note dated 2026-01-19",
    ),
    (
        "alice/2026-13-45.md",
        None,
        None,
        "error",
        "not a real date",
    ),
];

#[test]
fn every_malformation_is_reported_with_its_place() {
    let repo = broken();
    let run = repo
        .command()
        .args(["check", "--json"])
        .output()
        .expect("run");
    assert_eq!(run.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&run.stdout).expect("JSON");
    let findings = report["findings"].as_array().expect("findings");
    let summary: Vec<String> = findings.iter().map(ToString::to_string).collect();
    assert_eq!(findings.len(), EXPECTED.len(), "{summary:#?}");
    for (finding, &(path, line, column, severity, message)) in findings.iter().zip(EXPECTED) {
        assert_eq!(finding["path"], path, "{summary:#?}");
        assert_eq!(finding["line"].as_u64(), line, "{finding}");
        assert_eq!(finding["column"].as_u64(), column, "{finding}");
        assert_eq!(finding["severity"], severity, "{finding}");
        let text = finding["message"].as_str().expect("message");
        assert!(text.contains(message), "{finding} should say {message}");
        let mut keys: Vec<&str> = finding
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        assert_eq!(keys, ["column", "line", "message", "path", "severity"]);
    }

    let text = repo.run(&["check"]);
    assert_eq!(text.code, 1);
    assert_eq!(
        text.stderr, "22 problems (20 errors, 2 warnings)\n",
        "{}",
        text.stdout
    );
    insta::assert_snapshot!(text.stdout);
}

#[test]
fn a_bad_settings_file_is_a_finding_for_check_and_an_error_elsewhere() {
    let repo = TestRepo::example();
    repo.write(".oneonone.yaml", "me: [unclosed\n");
    let run = repo.run(&["check"]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.starts_with(".oneonone.yaml:"), "{}", run.stdout);
    assert_eq!(run.stdout.lines().count(), 1, "{}", run.stdout);
    assert_eq!(repo.run(&["actions"]).code, 2);
}

#[test]
fn could_not_run_is_exit_2() {
    let repo = TestRepo::new();
    let run = repo.run(&["check", "--dir", "missing"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("not a folder"), "{}", run.stderr);
}
