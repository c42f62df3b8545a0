//! Templates: user overrides, `--template`, errors that name the file and
//! line and write nothing, and `templates list|show`.

use crate::support::{TODAY, TestRepo};

const BUILTINS: [&str; 8] = [
    "cross-functional",
    "default",
    "direct-report",
    "manager",
    "mentee",
    "mentor",
    "peer",
    "skip-level",
];

const MINE: &str = "---
person: {{ person | yaml }}
date: {{ date }}
kind: {{ kind | yaml }}
---
# Mine: {{ name }}, {{ cadence }}, {{ duration }} min
{% for item in carried %}
{{ item.markdown }}
{% endfor %}
";

#[test]
fn a_user_template_overrides_the_builtin() {
    let repo = TestRepo::new();
    repo.write(".oneonone/templates/direct-report.md", MINE)
        .note("alice/2026-11-18.md", "", "- [ ] @me open\n");
    repo.run(&["new", "alice", "--no-edit"])
        .ok_with_stderr("created alice/2026-11-25.md (1 carried, 0 topics)\n");
    assert_eq!(
        repo.read(&format!("alice/{TODAY}.md")),
        format!(
            "---\nperson: \"alice\"\ndate: {TODAY}\nkind: \"direct-report\"\n\
             carried_from: 2026-11-18\n---\n\
             # Mine: alice, weekly, 30 min\n- [ ] @me open (from 2026-11-18)\n"
        )
    );
}

#[test]
fn template_flag_picks_another() {
    let repo = TestRepo::new();
    repo.write(".oneonone/templates/short.md", MINE);
    repo.run(&["new", "alice", "--template", "short", "--no-edit"])
        .ok_with_stderr(
            "new person: alice (alice/)\ncreated alice/2026-11-25.md (0 carried, 0 topics)\n",
        );
    let note = repo.read(&format!("alice/{TODAY}.md"));
    assert!(note.contains("# Mine: alice"), "{note}");
    // A built-in by name, though the kind says otherwise.
    repo.run(&["new", "bob", "--template", "peer", "--no-edit"])
        .ok_with_stderr(
            "new person: bob (bob/)\ncreated bob/2026-11-25.md (0 carried, 0 topics)\n",
        );
    let note = repo.read(&format!("bob/{TODAY}.md"));
    assert!(note.contains("\nkind: \"direct-report\"\n"), "{note}");
    assert!(note.contains("## What we are each working on"), "{note}");
}

fn broken(template: &str, source: &str) -> TestRepo {
    let repo = TestRepo::new();
    repo.write(&format!(".oneonone/templates/{template}.md"), source)
        .write(
            ".oneonone.yaml",
            "people:\n  alice:\n    kind: direct-report\n",
        )
        .run(&["topic", "alice", "Conference budget"])
        .ok_with_stderr("queued for alice's next note\n");
    repo
}

#[test]
fn an_undefined_variable_names_the_file_line_and_variable() {
    let source = "---\nperson: {{ person | yaml }}\ndate: {{ date }}\n---\n# 1:1 with {{ nmae }}\n";
    let repo = broken("typo", source);
    let run = repo.run(&["new", "alice", "--template", "typo", "--no-edit"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr
            .contains(".oneonone/templates/typo.md:5: template error: undefined variable `nmae`"),
        "{}",
        run.stderr
    );
    assert!(!repo.exists(&format!("alice/{TODAY}.md")));
    assert_eq!(
        repo.read("alice/topics.md"),
        "# Topics for alice\n\n- Conference budget\n"
    );
}

#[test]
fn broken_templates_write_nothing() {
    let cases: [(&str, &str, &[&str]); 5] = [
        (
            "typo",
            "---\nperson: {{ person | yaml }}\n---\n\n{{ nmae }}\n",
            &[".oneonone/templates/typo.md:5", "nmae"],
        ),
        (
            "baddate",
            "---\nperson: {{ person | yaml }}\ndate: 2026-02-30\n---\n",
            &[
                ".oneonone/templates/baddate.md",
                "nothing was written",
                "2026-02-30",
            ],
        ),
        (
            "nofront",
            "# 1:1 with {{ name }}\n",
            &[".oneonone/templates/nofront.md", "no front matter"],
        ),
        ("empty", "", &[".oneonone/templates/empty.md", "empty file"]),
        (
            "syntax",
            "---\nperson: {{ person | yaml }}\n---\n{% if %}\n",
            &[".oneonone/templates/syntax.md:4", "syntax error"],
        ),
    ];
    for (name, source, expect) in cases {
        let repo = broken(name, source);
        let before = (repo.snapshot(), repo.tree());
        // alice has queued topics; carol has no folder yet.
        for person in ["alice", "carol"] {
            let run = repo.run(&["new", person, "--template", name, "--no-edit"]);
            assert_eq!(run.code, 2, "{name}: {run:?}");
            for part in expect {
                assert!(
                    run.stderr.contains(part),
                    "{name}: {part:?} in {}",
                    run.stderr
                );
            }
        }
        assert_eq!(
            (repo.snapshot(), repo.tree()),
            before,
            "{name}: nothing written"
        );
    }
}

#[test]
fn a_missing_template_is_a_usage_error() {
    let repo = TestRepo::new();
    let run = repo.run(&["new", "alice", "--template", "nope", "--no-edit"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no template `nope`"), "{}", run.stderr);
}

#[test]
fn list_marks_user_templates() {
    let repo = TestRepo::new();
    let run = repo.run(&["templates", "list"]);
    let lines: Vec<&str> = run.ok().lines().collect();
    assert_eq!(lines.len(), 8, "{lines:?}");
    for (line, name) in lines.iter().zip(BUILTINS) {
        assert_eq!(
            line.split_whitespace().collect::<Vec<_>>(),
            [name, "built-in"]
        );
    }

    repo.write(".oneonone/templates/peer.md", MINE)
        .write(".oneonone/templates/short.md", MINE);
    let run = repo.run(&["templates", "list"]);
    let rows: Vec<Vec<&str>> = run
        .ok()
        .lines()
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(rows.len(), 9, "{rows:?}");
    assert!(
        rows.contains(&vec!["peer", ".oneonone/templates"]),
        "{rows:?}"
    );
    assert!(
        rows.contains(&vec!["short", ".oneonone/templates"]),
        "{rows:?}"
    );
    assert!(rows.contains(&vec!["mentor", "built-in"]), "{rows:?}");
}

#[test]
fn show_prints_the_source() {
    let repo = TestRepo::new();
    let builtin = repo.run(&["templates", "show", "peer"]);
    assert_eq!(
        builtin.ok(),
        include_str!("../../templates/peer.md"),
        "the built-in, verbatim"
    );
    repo.write(".oneonone/templates/peer.md", MINE);
    assert_eq!(repo.run(&["templates", "show", "peer"]).ok(), MINE);

    let run = repo.run(&["templates", "show", "nope"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("no template `nope`"), "{}", run.stderr);
    assert!(run.stdout.is_empty());
}
