//! `oneonone topic`: the queue in `PERSON/topics.md` and how `new` takes
//! from it.

use crate::support::{TODAY, TestRepo, already_exists, section};

/// Settings that know alice before she has a note.
const ALICE: &str = "people:\n  alice:\n    kind: direct-report\n";

#[test]
fn a_topic_needs_someone_the_repository_knows() {
    let repo = TestRepo::new();
    let before = repo.tree();
    let run = repo.run(&["topic", "alice", "Conference", "budget"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_eq!(
        run.stderr,
        "oneonone: no person 'alice': there is nobody yet; start with `oneonone new alice`\n"
    );
    assert_eq!(repo.tree(), before, "a typo never makes a folder");

    // Someone the settings name is known before their first note, by any
    // of their names; the queue is theirs.
    repo.write(
        ".oneonone.yaml",
        "people:\n  bob-jones:\n    name: Bob Jones\n    handles: [bj]\n",
    );
    repo.run(&["topic", "Bob Jones", "Team   offsite"])
        .ok_with_stderr("queued for bob-jones's next note\n");
    repo.run(&["topic", "BJ", "Budget"])
        .ok_with_stderr("queued for bob-jones's next note\n");
    assert_eq!(
        repo.read("bob-jones/topics.md"),
        "# Topics for Bob Jones\n\n- Team offsite\n- Budget\n"
    );
    let before = repo.tree();
    let typo = repo.run(&["topic", "bob-jnoes", "x"]);
    assert_eq!(typo.code, 2, "{typo:?}");
    assert_eq!(
        typo.stderr,
        "oneonone: no person 'bob-jnoes' — did you mean 'bob-jones'?\n"
    );
    assert_eq!(repo.tree(), before);
}

#[test]
fn new_moves_topics_into_the_agenda() {
    let repo = TestRepo::new();
    repo.write(".oneonone.yaml", ALICE);
    repo.run(&["topic", "alice", "Conference", "budget"])
        .ok_with_stderr("queued for alice's next note\n");
    repo.run(&["topic", "alice", "Team offsite"])
        .ok_with_stderr("queued for alice's next note\n");
    let run = repo.run(&["new", "alice", "--no-edit"]);
    run.ok_with_stderr("created alice/2026-11-25.md (0 carried, 2 topics)\n");
    let note = repo.read(&format!("alice/{TODAY}.md"));
    let agenda = section(&note, "Agenda");
    assert!(
        agenda.starts_with("- Conference budget\n- Team offsite\n"),
        "{agenda}"
    );
    // Taken off the queue; the heading stays for the next ones.
    assert_eq!(repo.read("alice/topics.md"), "# Topics for alice\n\n");

    // A later note does not take them again.
    repo.run(&["new", "alice", "--another", "--no-edit"])
        .ok_with_stderr("created alice/2026-11-25-2.md (0 carried, 0 topics)\n");
    let second = repo.read(&format!("alice/{TODAY}-2.md"));
    assert!(!second.contains("Conference budget"), "{second}");
}

#[test]
fn topics_stay_queued_when_no_note_is_written() {
    let repo = TestRepo::new();
    repo.run(&["new", "alice", "--no-edit"]).ok_with_stderr(
        "new person: alice (alice/)\ncreated alice/2026-11-25.md (0 carried, 0 topics)\n",
    );
    repo.run(&["topic", "alice", "Conference budget"])
        .ok_with_stderr("queued for alice's next note\n");
    let before = repo.snapshot();
    // Today's note exists: nothing new is written, so nothing is taken.
    let run = repo.run(&["new", "alice", "--no-edit"]);
    run.ok_with_stderr(&already_exists(&format!("alice/{TODAY}.md")));
    assert_eq!(repo.snapshot(), before);
}

#[test]
fn a_template_without_topics_leaves_the_queue_alone() {
    let repo = TestRepo::new();
    repo.write(
        ".oneonone/templates/direct-report.md",
        "---\nperson: {{ person | yaml }}\ndate: {{ date }}\n---\n# {{ name }}\n",
    );
    repo.write(".oneonone.yaml", ALICE);
    repo.run(&["topic", "alice", "Conference budget"])
        .ok_with_stderr("queued for alice's next note\n");
    let run = repo.run(&["new", "alice", "--no-edit"]);
    run.ok_with_stderr("created alice/2026-11-25.md (0 carried, 0 topics)\n");
    assert_eq!(
        repo.read("alice/topics.md"),
        "# Topics for alice\n\n- Conference budget\n"
    );
}

#[test]
fn names_leaving_the_repository_are_refused() {
    TestRepo::new().assert_names_refused(
        &["topic", "Conference budget"],
        &[
            ("../x", "would leave the repository"),
            ("/tmp/x", "it is a path"),
            (".hidden", "hidden folders"),
            ("", "the name is empty"),
            ("a/b", "it is a path"),
        ],
    );
}

#[test]
fn an_empty_topic_is_refused() {
    let repo = TestRepo::new();
    repo.write(".oneonone.yaml", ALICE);
    repo.run(&["topic", "alice", "x"])
        .ok_with_stderr("queued for alice's next note\n");
    let before = repo.snapshot();
    let run = repo.run(&["topic", "alice", "   "]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("the topic is empty"), "{}", run.stderr);
    assert_eq!(repo.snapshot(), before);
}

#[test]
fn an_empty_topic_creates_no_folder() {
    let repo = TestRepo::new();
    let before = repo.tree();
    let run = repo.run(&["topic", "newperson", "   "]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("no person 'newperson'"),
        "{}",
        run.stderr
    );
    assert_eq!(repo.tree(), before);
}

#[test]
fn one_topic_is_one_topic() {
    let repo = TestRepo::new();
    repo.write(".oneonone.yaml", ALICE);
    repo.run(&["topic", "alice", "Budget"])
        .ok_with_stderr("queued for alice's next note\n");
    repo.run(&["new", "alice", "--no-edit"])
        .ok_with_stderr("created alice/2026-11-25.md (0 carried, 1 topic)\n");
}
