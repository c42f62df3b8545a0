//! `oneonone new`: scaffolding, carry-forward, settings resolution, the
//! editor, and refusing bad input without writing anything.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use crate::support::{TODAY, TestRepo, already_exists, no_front_matter, section};

fn front(person: &str, name: &str, kind: &str, cadence: &str, duration: u32) -> String {
    format!(
        "---\nperson: \"{person}\"\nname: \"{name}\"\ndate: {TODAY}\nkind: \"{kind}\"\ncadence: \"{cadence}\"\nduration: {duration}\nstatus: held\n---\n"
    )
}

#[test]
fn new_in_an_empty_folder_makes_a_weekly_direct_report_note() {
    let repo = TestRepo::new();
    let run = repo.run(&["new", "alice", "--no-edit"]);
    assert_eq!(
        run.ok_with_stderr(
            "new person: alice (alice/)\ncreated alice/2026-11-25.md (0 carried, 0 topics)\n"
        ),
        format!("alice/{TODAY}.md\n")
    );
    assert!(run.stderr.contains("created"), "{}", run.stderr);
    let note = repo.read(&format!("alice/{TODAY}.md"));
    assert!(
        note.starts_with(&front("alice", "alice", "direct-report", "weekly", 30)),
        "{note}"
    );
    // The direct-report template's own sections.
    for heading in ["Carried over", "Agenda", "Wellbeing", "Growth and career"] {
        section(&note, heading);
    }
    assert_eq!(section(&note, "Carried over"), "_Nothing carried over._");

    let before = repo.snapshot();
    let again = repo.run(&["new", "alice", "--no-edit"]);
    let path = format!("alice/{TODAY}.md");
    assert_eq!(again.ok_with_stderr(&already_exists(&path)), path + "\n");
    assert_eq!(repo.snapshot(), before, "a second run writes nothing");
}

#[test]
fn another_makes_a_second_note_that_day_reading_the_first() {
    let repo = TestRepo::new();
    repo.run(&["new", "alice", "--no-edit"]).ok_with_stderr(
        "new person: alice (alice/)\ncreated alice/2026-11-25.md (0 carried, 0 topics)\n",
    );
    let run = repo.run(&["new", "alice", "--another", "--no-edit"]);
    assert_eq!(
        run.ok_with_stderr("created alice/2026-11-25-2.md (0 carried, 0 topics)\n"),
        format!("alice/{TODAY}-2.md\n")
    );
    // The first note parsed cleanly: no warning about skipping it.
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let second = repo.read(&format!("alice/{TODAY}-2.md"));
    assert!(second.contains("_Meeting #2 ·"), "{second}");
    assert_eq!(
        repo.run(&["new", "alice", "--another", "--no-edit"])
            .ok_with_stderr("created alice/2026-11-25-3.md (0 carried, 0 topics)\n"),
        format!("alice/{TODAY}-3.md\n")
    );
}

#[test]
fn date_flag_names_the_note() {
    let repo = TestRepo::new();
    let run = repo.run(&["new", "alice", "--date", "2026-11-20", "--no-edit"]);
    assert_eq!(
        run.ok_with_stderr(
            "new person: alice (alice/)\ncreated alice/2026-11-20.md (0 carried, 0 topics)\n"
        ),
        "alice/2026-11-20.md\n"
    );
    let note = repo.read("alice/2026-11-20.md");
    assert!(note.contains("\ndate: 2026-11-20\n"), "{note}");
    assert!(!repo.exists(&format!("alice/{TODAY}.md")));
}

#[test]
fn a_display_name_becomes_a_slug_and_the_name() {
    let repo = TestRepo::new();
    let run = repo.run(&["new", "Alice Smith", "--no-edit"]);
    assert_eq!(
        run.ok_with_stderr("new person: Alice Smith (alice-smith/)\ncreated alice-smith/2026-11-25.md (0 carried, 0 topics)\n"),
        format!("alice-smith/{TODAY}.md\n")
    );
    let note = repo.read(&format!("alice-smith/{TODAY}.md"));
    assert!(
        note.starts_with(&front(
            "alice-smith",
            "Alice Smith",
            "direct-report",
            "weekly",
            30
        )),
        "{note}"
    );
    assert!(
        note.contains("# 1:1 with Alice Smith — 2026-11-25"),
        "{note}"
    );
}

#[test]
fn odd_characters_in_a_name_are_slugged_or_refused() {
    let repo = TestRepo::new();
    let run = repo.run(&["new", "O'Brien: Pat #1", "--no-edit"]);
    assert_eq!(
        run.ok_with_stderr("new person: O'Brien: Pat #1 (o-brien-pat-1/)\ncreated o-brien-pat-1/2026-11-25.md (0 carried, 0 topics)\n"),
        format!("o-brien-pat-1/{TODAY}.md\n")
    );
    // YAML-quoted, so `:` and `#` cannot break the front matter.
    let note = repo.read(&format!("o-brien-pat-1/{TODAY}.md"));
    assert!(note.contains("\nname: \"O'Brien: Pat #1\"\n"), "{note}");

    // Accents and other scripts are transliterated rather than dropped.
    let run = repo.run(&["new", "Zoë Ünal", "--no-edit"]);
    assert_eq!(
        run.ok_with_stderr("new person: Zoë Ünal (zoe-unal/)\ncreated zoe-unal/2026-11-25.md (0 carried, 0 topics)\n"),
        format!("zoe-unal/{TODAY}.md\n")
    );

    let before = repo.tree();
    for (bad, why) in [
        ("!!!", "ASCII letters or digits"),
        ("a\tb", "control characters"),
        ("a\u{1b}[31mb", "control characters"),
    ] {
        let run = repo.run(&["new", bad, "--no-edit"]);
        assert_eq!(run.code, 2, "{bad:?}: {run:?}");
        assert!(run.stderr.contains(why), "{bad:?}: {}", run.stderr);
    }
    assert_eq!(repo.tree(), before);
}

// --- carry-forward -------------------------------------------------------

const NOTE_1: &str = "## Action items
- [ ] @me Send the promotion packet
- [ ] @alice Draft Q1 goals due:2026-12-01
  - [ ] Outline the themes
- [ ] @alice Prepare the on-call handbook
  - [ ] Collect the runbooks
  - [ ] Write the escalation section
- [ ] Book the offsite room
- [ ] Try the vendor trial
";

const NOTE_2: &str = "## Carried over
- [ ] @me Send the promotion packet (from 2026-11-04)
- [ ] @alice Draft Q1 goals due:2026-12-01 (from 2026-11-04)
  - [ ] Outline the themes (from 2026-11-04)
- [ ] @alice Prepare the on-call handbook (from 2026-11-04)
  - [x] Collect the runbooks (from 2026-11-04)
  - [ ] Write the escalation section (from 2026-11-04)
- [x] Book the offsite room (from 2026-11-04)
- [-] Try the vendor trial (from 2026-11-04)

## Action items
- [ ] @bob Review the design doc
- [ ] @me  send the promotion packet   (from 2026-11-04)
";

// The second note rewrote the first line's case and spacing: it is
// carried as it reads now.
const CARRIED: &str = "\
<!-- Start here: tick [x] what is done, mark [-] what no longer matters, leave the rest open. -->
- [ ] @me send the promotion packet (from 2026-11-04)
- [ ] @alice Draft Q1 goals due:2026-12-01 (from 2026-11-04)
  - [ ] Outline the themes (from 2026-11-04)
- [ ] @alice Prepare the on-call handbook (from 2026-11-04)
  - [ ] Write the escalation section (from 2026-11-04)
- [ ] @bob Review the design doc (from 2026-11-11)";

fn chain() -> TestRepo {
    let repo = TestRepo::new();
    repo.note("alice/2026-11-04.md", "", NOTE_1)
        .note("alice/2026-11-11.md", "", NOTE_2);
    repo
}

#[test]
fn open_items_are_carried_once_with_their_origin_and_children() {
    let repo = chain();
    let before = repo.snapshot();
    let run = repo.run(&["new", "alice", "--no-edit"]);
    let path = format!("alice/{TODAY}.md");
    assert_eq!(
        run.ok_with_stderr("created alice/2026-11-25.md (6 carried, 0 topics)\n"),
        format!("{path}\n")
    );
    let note = repo.read(&path);
    assert_eq!(section(&note, "Carried over"), CARRIED, "{note}");

    // The earlier notes are untouched, byte for byte.
    let mut after = repo.snapshot();
    assert!(after.remove(Path::new(&path)).is_some());
    assert_eq!(after, before);

    // The new note carries the same items again, never twice.
    let again = repo.run(&["new", "alice", "--another", "--no-edit"]);
    assert_eq!(
        again.ok_with_stderr("created alice/2026-11-25-2.md (6 carried, 0 topics)\n"),
        format!("alice/{TODAY}-2.md\n")
    );
    let second = repo.read(&format!("alice/{TODAY}-2.md"));
    assert_eq!(section(&second, "Carried over"), CARRIED, "{second}");
}

#[test]
fn an_item_closed_in_the_latest_note_stops_being_carried() {
    let repo = chain();
    repo.run(&["new", "alice", "--no-edit"])
        .ok_with_stderr("created alice/2026-11-25.md (6 carried, 0 topics)\n");
    let path = format!("alice/{TODAY}.md");
    let ticked = repo.read(&path).replacen(
        "- [ ] @bob Review the design doc",
        "- [x] @bob Review the design doc",
        1,
    );
    repo.write(&path, ticked);
    repo.run(&["new", "alice", "--another", "--no-edit"])
        .ok_with_stderr("created alice/2026-11-25-2.md (5 carried, 0 topics)\n");
    let next = repo.read(&format!("alice/{TODAY}-2.md"));
    let expected = CARRIED
        .strip_suffix("\n- [ ] @bob Review the design doc (from 2026-11-11)")
        .expect("the last line");
    assert_eq!(section(&next, "Carried over"), expected);
}

#[test]
fn an_item_closed_anywhere_later_is_not_carried() {
    let repo = TestRepo::new();
    repo.note(
        "alice/2026-11-04.md",
        "",
        "- [ ] @me closed below\n- [ ] @me closed next week\n- [ ] @me still open\n\n\
         ## Done during the meeting\n- [x] @me closed below\n",
    )
    .note(
        "alice/2026-11-18.md",
        "",
        "- [x] @me closed next week (from 2026-11-04)\n",
    );
    // A note backdated between the two: the later note already closed one.
    let run = repo.run(&["new", "alice", "--date", "2026-11-11", "--no-edit"]);
    run.ok_with_stderr("created alice/2026-11-11.md (1 carried, 0 topics)\n");
    let note = repo.read("alice/2026-11-11.md");
    assert_eq!(
        section(&note, "Carried over")
            .lines()
            .skip(1)
            .collect::<Vec<_>>(),
        ["- [ ] @me still open (from 2026-11-04)"]
    );
}

#[test]
fn no_carry_carries_nothing() {
    let repo = chain();
    let run = repo.run(&["new", "alice", "--no-carry", "--no-edit"]);
    run.ok_with_stderr("created alice/2026-11-25.md (0 carried, 0 topics)\n");
    let note = repo.read(&format!("alice/{TODAY}.md"));
    assert_eq!(section(&note, "Carried over"), "_Nothing carried over._");
}

#[test]
fn code_comments_and_thematic_breaks_do_not_confuse_the_parser() {
    let repo = TestRepo::new();
    repo.note(
        "alice/2026-11-18.md",
        "kind: peer\n",
        "## Notes

```markdown
- [ ] @alice in a fenced block
```

~~~
- [ ] in a tilde fence
~~~

    - [ ] in an indented code block

<!--
- [ ] @me in a comment
-->

---

person: bob
date: 2026-01-01

---

## Action items
- [ ] @alice The only real task
",
    );
    let run = repo.run(&["new", "alice", "--no-edit"]);
    run.ok_with_stderr("created alice/2026-11-25.md (1 carried, 0 topics)\n");
    // Read as a note (a skipped note would warn and carry nothing), with
    // its real front matter: the kind comes from it.
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let note = repo.read(&format!("alice/{TODAY}.md"));
    let carried_from = front("alice", "alice", "peer", "biweekly", 45).replacen(
        "status: held\n---\n",
        "status: held\ncarried_from: 2026-11-18\n---\n",
        1,
    );
    assert!(note.starts_with(&carried_from), "{note}");
    assert_eq!(
        section(&note, "Carried over")
            .lines()
            .skip(1)
            .collect::<Vec<_>>(),
        ["- [ ] @alice The only real task (from 2026-11-18)"]
    );
}

#[test]
fn a_broken_earlier_note_is_reported_and_skipped() {
    let repo = TestRepo::new();
    repo.note("alice/2026-11-11.md", "", "- [ ] @me kept\n")
        .write("alice/2026-11-18.md", "no front matter\n- [ ] lost\n");
    let run = repo.run(&["new", "alice", "--no-edit"]);
    let warning = no_front_matter("alice/2026-11-18.md");
    run.ok_with_stderr(&format!(
        "{} (skipped)\ncreated alice/{TODAY}.md (1 carried, 0 topics)\n",
        warning.trim_end()
    ));
    let note = repo.read(&format!("alice/{TODAY}.md"));
    assert!(note.contains("- [ ] @me kept (from 2026-11-11)"), "{note}");
}

#[test]
fn the_example_note_for_alice() {
    let repo = TestRepo::example();
    let before = repo.snapshot();
    let run = repo.run(&["new", "alice", "--no-edit"]);
    let path = format!("alice/{TODAY}.md");
    assert_eq!(
        run.ok_with_stderr("created alice/2026-11-25.md (5 carried, 0 topics)\n"),
        format!("{path}\n")
    );
    assert!(
        run.stderr.contains("(5 carried, 0 topics)"),
        "{}",
        run.stderr
    );
    let mut after = repo.snapshot();
    let note = String::from_utf8(after.remove(Path::new(&path)).expect("new note")).expect("UTF-8");
    assert_eq!(after, before, "only the new note was written");
    insta::assert_snapshot!(note);
}

// --- settings resolution ---------------------------------------------------

#[test]
fn settings_give_kind_cadence_and_duration() {
    let repo = TestRepo::new();
    repo.write(".oneonone.yaml", "people:\n  alice:\n    kind: peer\n");
    repo.run(&["new", "alice", "--no-edit"])
        .ok_with_stderr("created alice/2026-11-25.md (0 carried, 0 topics)\n");
    let note = repo.read(&format!("alice/{TODAY}.md"));
    assert!(
        note.starts_with(&front("alice", "alice", "peer", "biweekly", 45)),
        "{note}"
    );
}

#[test]
fn flags_win_over_settings() {
    let repo = TestRepo::new();
    repo.write(
        ".oneonone.yaml",
        "people:\n  alice:\n    kind: peer\n    cadence: weekly\n",
    );
    repo.run(&[
        "new",
        "alice",
        "--kind",
        "mentor",
        "--cadence",
        "monthly",
        "--no-edit",
    ])
    .ok_with_stderr("created alice/2026-11-25.md (0 carried, 0 topics)\n");
    let note = repo.read(&format!("alice/{TODAY}.md"));
    assert!(
        note.starts_with(&front("alice", "alice", "mentor", "monthly", 60)),
        "{note}"
    );
}

#[test]
fn the_latest_note_is_used_without_settings() {
    let repo = TestRepo::new();
    repo.note(
        "carol/2026-09-15.md",
        "name: Carol Nguyen\nkind: skip-level\n",
        "",
    )
    .note(
        "carol/2026-10-13.md",
        "name: Carol Nguyen\nkind: mentee\n",
        "",
    );
    repo.run(&["new", "carol", "--no-edit"])
        .ok_with_stderr("created carol/2026-11-25.md (0 carried, 0 topics)\n");
    let note = repo.read(&format!("carol/{TODAY}.md"));
    assert!(
        note.starts_with(&front("carol", "Carol Nguyen", "mentee", "monthly", 60)),
        "{note}"
    );
    assert!(
        note.contains("_Meeting #3 · monthly, 60 min · 43 days since the last one_"),
        "{note}"
    );
}

#[test]
fn settings_win_over_the_latest_note() {
    let repo = TestRepo::new();
    repo.write(".oneonone.yaml", "people:\n  carol:\n    kind: peer\n")
        .note(
            "carol/2026-10-13.md",
            "kind: mentee\ncadence: monthly\n",
            "",
        );
    repo.run(&["new", "carol", "--no-edit"])
        .ok_with_stderr("created carol/2026-11-25.md (0 carried, 0 topics)\n");
    let note = repo.read(&format!("carol/{TODAY}.md"));
    // The kind from settings, the cadence still from the note (settings
    // name none for carol).
    assert!(
        note.starts_with(&front("carol", "carol", "peer", "monthly", 60)),
        "{note}"
    );
}

// --- bad input ---------------------------------------------------------------

#[test]
fn bad_flags_exit_2_and_write_nothing() {
    let repo = TestRepo::new();
    let before = repo.tree();
    for (args, expect) in [
        (&["--date", "2026-02-30"][..], "`2026-02-30` is not a date"),
        (&["--date", "20261125"][..], "`20261125` is not a date"),
        (
            &["--kind", "boss"][..],
            "direct-report, peer, mentee, mentor, skip-level, cross-functional, manager",
        ),
        (&["--cadence", "sometimes"][..], "unknown cadence"),
        (&["--template", ""][..], "not a template name"),
        (
            &["--template", "../../etc/passwd"][..],
            "not a template name",
        ),
    ] {
        let mut all = vec!["new", "alice", "--no-edit"];
        all.extend_from_slice(args);
        let run = repo.run(&all);
        assert_eq!(run.code, 2, "{args:?}: {run:?}");
        assert!(run.stderr.contains(expect), "{args:?}: {}", run.stderr);
    }
    assert_eq!(repo.tree(), before);
}

#[test]
fn names_leaving_the_repository_are_refused() {
    let repo = TestRepo::new();
    // The repository is a folder inside the temporary one, so anything
    // escaping it lands where the test can see it.
    let outside_abs = repo.path().join("outside").join("x");
    repo.assert_names_refused(
        &["new", "--no-edit"],
        &[
            ("../outside/x", "would leave the repository"),
            ("../x", "would leave the repository"),
            ("..", "would leave the repository"),
            ("/tmp/x", "it is a path"),
            (outside_abs.to_str().expect("UTF-8"), "it is a path"),
            (".hidden", "hidden folders"),
            ("", "the name is empty"),
            ("a/b", "it is a path"),
        ],
    );
}

#[test]
fn a_person_folder_linking_outside_is_not_written_through() {
    let repo = TestRepo::new();
    let outside = tempfile::tempdir().expect("temp dir");
    std::os::unix::fs::symlink(outside.path(), repo.path().join("eve")).expect("symlink");
    let run = repo.run(&["new", "eve", "--no-edit"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("outside the repository"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_dir(outside.path()).expect("ls").count(), 0);
}

// --- the editor --------------------------------------------------------------

/// A fake editor: records its arguments, one a line, in `NAME.argv`.
fn fake_editor(repo: &TestRepo, name: &str) -> String {
    repo.write(
        name,
        "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > \"$0.argv\"\n",
    );
    let path = repo.path().join(name);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    path.to_str().expect("UTF-8 path").to_owned()
}

fn note_path(repo: &TestRepo, rel: &str) -> String {
    let path = repo.path().join(rel);
    path.to_str().expect("UTF-8").to_owned()
}

#[test]
fn the_editor_runs_with_its_arguments_on_a_terminal() {
    let repo = TestRepo::new();
    let editor = fake_editor(&repo, "fake-editor");
    let command = format!("{editor} --wait -n");
    let run = repo.run_in_terminal(&["new", "alice"], &[("EDITOR", &command)]);
    assert_eq!(run.code, 0, "{run:?}");
    let expected = format!(
        "--wait\n-n\n{}\n",
        note_path(&repo, &format!("alice/{TODAY}.md"))
    );
    assert_eq!(repo.read("fake-editor.argv"), expected);

    // The existing note is opened again, and the user told so.
    std::fs::remove_file(repo.path().join("fake-editor.argv")).expect("rm");
    let run = repo.run_in_terminal(&["new", "alice"], &[("EDITOR", &command)]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("already exists"), "{}", run.stdout);
    assert_eq!(repo.read("fake-editor.argv"), expected);
}

#[test]
fn visual_wins_over_editor() {
    let repo = TestRepo::new();
    let visual = fake_editor(&repo, "visual");
    let editor = fake_editor(&repo, "editor");
    let run = repo.run_in_terminal(
        &["new", "alice"],
        &[("VISUAL", &visual), ("EDITOR", &editor)],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert!(repo.exists("visual.argv"));
    assert!(!repo.exists("editor.argv"));
}

#[test]
fn no_edit_never_runs_the_editor() {
    let repo = TestRepo::new();
    let editor = fake_editor(&repo, "fake-editor");
    let run = repo.run_in_terminal(&["new", "alice", "--no-edit"], &[("EDITOR", &editor)]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(repo.exists(&format!("alice/{TODAY}.md")));
    assert!(!repo.exists("fake-editor.argv"));
}

#[test]
fn without_a_terminal_the_editor_is_not_run() {
    let repo = TestRepo::new();
    let editor = fake_editor(&repo, "fake-editor");
    let output = repo
        .command()
        .env("EDITOR", &editor)
        .args(["new", "alice"])
        .output()
        .expect("run");
    assert!(output.status.success(), "{output:?}");
    assert!(repo.exists(&format!("alice/{TODAY}.md")));
    assert!(!repo.exists("fake-editor.argv"));
}

#[test]
fn a_new_cadence_brings_its_own_default_duration() {
    let repo = TestRepo::new();
    repo.note("alice/2026-11-18.md", "cadence: weekly\nduration: 30\n", "");
    repo.run(&["new", "alice", "--cadence", "monthly", "--no-edit"])
        .ok_with_stderr("created alice/2026-11-25.md (0 carried, 0 topics)\n");
    let note = repo.read(&format!("alice/{TODAY}.md"));
    assert!(note.contains("\nduration: 60\n"), "{note}");
}

#[test]
fn the_path_is_printed_even_when_the_editor_fails() {
    let repo = TestRepo::new();
    let run = repo.run_in_terminal(&["new", "alice"], &[("EDITOR", "false")]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stdout.contains(&format!("alice/{TODAY}.md")), "{run:?}");
}

#[test]
fn new_reads_only_the_notes_it_needs() {
    // Past the last note `new` wrote, old history is not read at all: a
    // broken note from long ago is not even noticed, so `new` costs the
    // same however long the history is.
    let repo = TestRepo::new();
    repo.write("alice/2025-01-06.md", "not a note\n");
    repo.note(
        "alice/2026-11-18.md",
        "carried_from: 2026-11-11\n",
        "- [ ] @me send packet\n",
    );
    let run = repo.run(&["new", "alice", "--no-edit"]);
    run.ok_with_stderr("created alice/2026-11-25.md (1 carried, 0 topics)\n");
    let note = repo.read(&format!("alice/{TODAY}.md"));
    assert!(
        note.contains("- [ ] @me send packet (from 2026-11-18)"),
        "{note}"
    );
    assert!(
        note.contains("Meeting #3"),
        "numbering still counts every note: {note}"
    );
}

#[test]
fn the_path_is_printed_from_where_you_are() {
    let repo = TestRepo::example();
    repo.write(".git/HEAD", "ref: refs/heads/main\n");
    let from = |dir: &str, args: &[&str]| {
        let out = repo
            .command()
            .current_dir(repo.path().join(dir))
            .args(args)
            .output()
            .expect("run");
        (
            String::from_utf8(out.stdout).expect("UTF-8"),
            String::from_utf8(out.stderr).expect("UTF-8"),
        )
    };
    assert_eq!(
        from("alice", &["new", "alice", "--no-edit"]),
        (
            format!("{TODAY}.md\n"),
            format!("created {TODAY}.md (5 carried, 0 topics)\n")
        )
    );
    assert_eq!(
        from("bob", &["new", "carol", "--no-edit"]),
        (
            format!("../carol/{TODAY}.md\n"),
            format!("created ../carol/{TODAY}.md (3 carried, 2 topics)\n")
        )
    );
    // From the root, as always.
    repo.run(&["new", "dave", "--no-edit"])
        .ok_with_stderr(&format!("created dave/{TODAY}.md (2 carried, 0 topics)\n"));
    // From above the repository, the path leads into it.
    let outer = repo.path().parent().expect("parent").to_path_buf();
    let name = repo
        .path()
        .file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned();
    let out = repo
        .command()
        .current_dir(&outer)
        .args(["--dir", &name, "new", "erin", "--no-edit"])
        .output()
        .expect("run");
    assert_eq!(
        String::from_utf8(out.stdout).expect("UTF-8"),
        format!("{name}/erin/{TODAY}.md\n")
    );
}

#[test]
fn outside_git_a_person_folder_with_notes_is_inside_the_repository() {
    let repo = TestRepo::new();
    repo.note("zed/2026-11-18.md", "", "- [ ] @zed Plan\n");
    let out = repo
        .command()
        .current_dir(repo.path().join("zed"))
        .args(["new", "zed", "--no-edit"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("{TODAY}.md\n")
    );
    assert!(repo.exists(&format!("zed/{TODAY}.md")));
    assert!(!repo.exists("zed/zed"), "not a repository of its own");
}
