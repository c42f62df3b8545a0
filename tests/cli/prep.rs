//! `oneonone prep PERSON`: one screen before the meeting.

use crate::support::{TestRepo, no_front_matter};

#[test]
fn example_prep_alice() {
    let repo = TestRepo::example();
    insta::assert_snapshot!(repo.run(&["prep", "alice"]).ok());
}

#[test]
fn example_prep_carol_shows_topics_and_overdue() {
    let repo = TestRepo::example();
    insta::assert_snapshot!(repo.run(&["prep", "carol"]).ok());
}

#[test]
fn reads_only_that_persons_folder() {
    let repo = TestRepo::example();
    repo.write("bob/2026-11-25.md", "broken: [\n");
    let run = repo.run(&["prep", "Alice"]);
    assert!(run.ok().starts_with("Alice Smith (alice)\n"));
    assert_eq!(run.stderr, "", "bob's broken note is not read");

    repo.write("alice/2026-11-25.md", "no front matter\n");
    let run = repo.run(&["prep", "alice"]);
    let out = run.ok_with_stderr(&no_front_matter("alice/2026-11-25.md"));
    assert!(
        out.contains("Last agenda (alice/2026-11-24.md)\n  - Conference talk accepted\n"),
        "{out}"
    );
}

#[test]
fn a_person_known_only_from_settings_was_never_met() {
    let repo = TestRepo::new();
    repo.write(".oneonone.yaml", "people:\n  zoe:\n    kind: mentor\n");
    let run = repo.run(&["prep", "zoe"]);
    assert_eq!(
        run.ok(),
        "zoe\n  kind       mentor, monthly\n  last held  never\n  next due   now: no meeting held yet\n\n\
         Open items\n  none\n\nQueued topics (zoe/topics.md)\n  none\n\nLast agenda\n  none (no notes yet)\n"
    );
    let run = repo.run(&["prep", "nobody"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "oneonone: no person 'nobody' (`oneonone people` lists everyone)\n"
    );
    assert_eq!(repo.run(&["prep", "../etc"]).code, 2);
}

#[test]
fn the_last_agenda_leaves_the_templates_comments_out() {
    let repo = TestRepo::new();
    repo.write(".oneonone.yaml", "people:\n  zoe:\n    kind: mentor\n");
    repo.run(&["topic", "zoe", "Conference", "budget"])
        .ok_with_stderr("queued for zoe's next note\n");
    // The built-in template writes a guidance comment under the agenda.
    repo.run(&["new", "zoe", "--date", "2026-11-18", "--no-edit"])
        .ok_with_stderr("created zoe/2026-11-18.md (0 carried, 1 topic)\n");
    assert!(
        repo.read("zoe/2026-11-18.md")
            .contains("## Agenda\n- Conference budget\n\n<!--")
    );
    let out = repo.run(&["prep", "zoe"]).ok().to_owned();
    assert!(
        out.ends_with("Last agenda (zoe/2026-11-18.md)\n  - Conference budget\n"),
        "{out}"
    );
    // A comment inside a line goes, the line stays; an agenda of nothing
    // but comments is none.
    repo.note(
        "zoe/2026-11-19.md",
        "",
        "## Agenda\n<!--\nwhat to raise\n-->\n- Offsite <!-- ask first -->\n\n- Budget\n## Notes\n",
    );
    let out = repo.run(&["prep", "zoe"]).ok().to_owned();
    assert!(
        out.ends_with("(zoe/2026-11-19.md)\n  - Offsite\n  \n  - Budget\n"),
        "{out}"
    );
    repo.note("zoe/2026-11-20.md", "", "## Agenda\n<!-- nothing yet -->\n");
    let out = repo.run(&["prep", "zoe"]).ok().to_owned();
    assert!(
        out.ends_with("Last agenda (zoe/2026-11-20.md)\n  none\n"),
        "{out}"
    );
}
