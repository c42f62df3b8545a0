//! The report's side of a 1:1: the `manager` kind and its template, topics
//! that say who raised them, and `init`'s union merge for topic queues.

use crate::git::git;
use crate::support::{TODAY, TestRepo, section};

#[test]
fn new_with_kind_manager_uses_the_manager_template() {
    let repo = TestRepo::new();
    repo.run(&["new", "boss", "--kind", "manager", "--no-edit"])
        .ok_with_stderr(
            "new person: boss (boss/)\ncreated boss/2026-11-25.md (0 carried, 0 topics)\n",
        );
    let note = repo.read(&format!("boss/{TODAY}.md"));
    assert!(
        note.starts_with(&format!(
            "---\nperson: \"boss\"\nname: \"boss\"\ndate: {TODAY}\nkind: \"manager\"\n\
             cadence: \"weekly\"\nduration: 30\nstatus: held\n---\n"
        )),
        "{note}"
    );
    for heading in [
        "Carried over",
        "Agenda",
        "Wins",
        "Blockers",
        "Asks",
        "Career and growth",
        "Feedback for boss",
        "Notes",
        "Action items",
    ] {
        section(&note, heading);
    }
    assert!(note.trim_end().ends_with(
        "## Private notes\n<!-- Only for you: how the meeting felt, what to raise next time. -->"
    ));

    // The kind is read back from the note: weekly by default, and carried.
    repo.write(
        &format!("boss/{TODAY}.md"),
        note.replace(
            "## Asks\n",
            "## Asks\n- [ ] @me Ask about the conference budget\n",
        ),
    );
    let status = repo.run(&["status", "--json"]).json();
    assert_eq!(status["people"][0]["kind"], "manager");
    assert_eq!(status["people"][0]["cadence"], "weekly");
    assert_eq!(status["people"][0]["next_due"], "2026-12-02");
    repo.run(&["new", "boss", "--date", "2026-12-02", "--no-edit"])
        .ok_with_stderr("created boss/2026-12-02.md (1 carried, 0 topics)\n");
    let next = repo.read("boss/2026-12-02.md");
    assert!(next.contains("kind: \"manager\""), "{next}");
    assert!(
        section(&next, "Carried over")
            .contains("- [ ] @me Ask about the conference budget (from 2026-11-25)"),
        "{next}"
    );
}

#[test]
fn the_manager_template_is_listed_and_shown() {
    let repo = TestRepo::new();
    let list = repo.run(&["templates", "list"]);
    assert!(
        list.ok()
            .lines()
            .any(|l| l.split_whitespace().collect::<Vec<_>>() == ["manager", "built-in"]),
        "{list:?}"
    );
    assert_eq!(
        repo.run(&["templates", "show", "manager"]).ok(),
        include_str!("../../templates/manager.md")
    );
}

/// Settings that know alice (handle `ally`) before she has a note, and call
/// the user `sam`.
const ALICE: &str = "me: sam\npeople:\n  alice:\n    kind: direct-report\n    handles: [ally]\n";

#[test]
fn topics_say_who_raised_them_and_keep_it_into_the_agenda() {
    let repo = TestRepo::new();
    repo.write(".oneonone.yaml", ALICE);
    for args in [
        &["topic", "alice", "--by", "alice", "Conference", "budget"][..],
        &["topic", "alice", "Team offsite"][..],
        &["topic", "alice", "--by", "me", "Q1 goals"][..],
        &["topic", "alice", "--by", "@bob", "Hiring plan"][..],
        &["topic", "alice", "--by", "ally", "On-call load"][..],
        &["topic", "alice", "--by", "sam", "Travel"][..],
    ] {
        repo.run(args)
            .ok_with_stderr("queued for alice's next note\n");
    }
    assert_eq!(
        repo.read("alice/topics.md"),
        "# Topics for alice\n\n- Conference budget (by alice)\n- Team offsite\n\
         - Q1 goals (by me)\n- Hiring plan (by bob)\n- On-call load (by ally)\n- Travel (by sam)\n"
    );
    // Typed by hand, the same form counts.
    let queue = repo.read("alice/topics.md") + "* Parking (by alice)\n";
    repo.write("alice/topics.md", &queue);

    assert_eq!(
        repo.run(&["topic", "alice", "--list"]).ok(),
        "1. Conference budget (by alice)\n2. Team offsite\n3. Q1 goals (by me)\n\
         4. Hiring plan (by bob)\n5. On-call load (by ally)\n6. Travel (by sam)\n\
         7. Parking (by alice)\n"
    );

    let prep = repo.run(&["prep", "alice"]).ok().to_owned();
    assert!(
        prep.contains(
            "Queued topics (alice/topics.md)\n  theirs (by alice)\n    - Conference budget\n    \
             - On-call load\n    - Parking\n  mine (by me)\n    - Q1 goals\n    - Travel\n  \
             others\n    - Hiring plan (by bob)\n  unattributed\n    - Team offsite\n"
        ),
        "{prep}"
    );

    repo.run(&["new", "alice", "--no-edit"])
        .ok_with_stderr("created alice/2026-11-25.md (0 carried, 7 topics)\n");
    let note = repo.read(&format!("alice/{TODAY}.md"));
    assert!(
        section(&note, "Agenda").starts_with(
            "- Conference budget (by alice)\n- Team offsite\n- Q1 goals (by me)\n\
             - Hiring plan (by bob)\n- On-call load (by ally)\n- Travel (by sam)\n\
             - Parking (by alice)\n"
        ),
        "{note}"
    );
    assert_eq!(repo.read("alice/topics.md"), "# Topics for alice\n\n");
    repo.run(&["topic", "alice", "--list"])
        .ok_with_stderr("no topics queued for alice\n");
}

#[test]
fn a_queued_topic_can_be_removed_by_its_number() {
    let repo = TestRepo::new();
    repo.write(".oneonone.yaml", ALICE);
    repo.write(
        "alice/topics.md",
        "# Topics for Alice\n\n<!-- most important first -->\n- One\n- Two (by alice)\n\n- Three\n",
    );
    repo.run(&["topic", "ally", "--remove", "2"])
        .ok_with_stderr("removed from alice's queue: Two (by alice)\n");
    assert_eq!(
        repo.read("alice/topics.md"),
        "# Topics for Alice\n\n<!-- most important first -->\n- One\n\n- Three\n",
        "every other line as it was"
    );
    assert_eq!(
        repo.run(&["topic", "alice", "--list"]).ok(),
        "1. One\n2. Three\n"
    );

    let before = repo.snapshot();
    let run = repo.run(&["topic", "alice", "--remove", "3"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_eq!(
        run.stderr,
        "oneonone: no topic 3: 2 topics are queued for alice (see `oneonone topic alice --list`)\n"
    );
    for bad in [
        &["topic", "alice", "--remove", "0"][..],
        &["topic", "alice", "--remove", "1", "text"][..],
        &["topic", "alice", "--list", "text"][..],
        &["topic", "alice", "--list", "--by", "me"][..],
        &["topic", "alice", "--by", "two words", "text"][..],
        &["topic", "alice", "--by", "me"][..],
        &["topic", "alice"][..],
    ] {
        let run = repo.run(bad);
        assert_eq!(run.code, 2, "{bad:?}: {run:?}");
        assert!(run.stdout.is_empty(), "{bad:?}");
    }
    assert_eq!(repo.snapshot(), before, "nothing written");
}

/// Two people queue topics in their own clones of one shared repository;
/// with the `.gitattributes` `init` writes, git merges the queues by
/// keeping both sides' lines: no conflict, every topic kept. Also when the
/// queue file did not exist before either side queued.
#[test]
fn topic_queues_in_two_clones_merge_without_conflict() {
    let shared = TestRepo::new();
    git(
        &shared,
        &["init", "--quiet", "--bare", "--initial-branch=main"],
    );
    let url = shared.path().to_str().expect("UTF-8 path").to_owned();

    let mine = TestRepo::new();
    git(&mine, &["clone", "--quiet", &url, "."]);
    git(&mine, &["symbolic-ref", "HEAD", "refs/heads/main"]);
    mine.write(
        ".oneonone.yaml",
        "people:\n  alice:\n    kind: direct-report\n  bob:\n    kind: peer\n",
    );
    mine.run(&["init"]).ok();
    mine.run(&["topic", "alice", "Conference budget"])
        .ok_with_stderr("queued for alice's next note\n");
    git(&mine, &["add", "--all"]);
    git(&mine, &["commit", "--quiet", "-m", "start"]);
    git(&mine, &["push", "--quiet", "origin", "main"]);

    let theirs = TestRepo::new();
    git(&theirs, &["clone", "--quiet", &url, "."]);

    for (repo, who, topic) in [
        (&mine, "me", "Team offsite"),
        (&theirs, "alice", "Promotion timeline"),
    ] {
        for person in ["alice", "bob"] {
            repo.run(&["topic", person, "--by", who, topic])
                .ok_with_stderr(&format!("queued for {person}'s next note\n"));
        }
        git(repo, &["commit", "--quiet", "--all", "--message", topic]);
        // bob's queue is new on both sides.
        git(repo, &["add", "bob/topics.md"]);
        git(repo, &["commit", "--quiet", "--message", "bob"]);
    }
    git(&mine, &["push", "--quiet", "origin", "main"]);
    git(
        &theirs,
        &[
            "pull",
            "--quiet",
            "--no-rebase",
            "--no-edit",
            "origin",
            "main",
        ],
    );
    assert_eq!(git(&theirs, &["status", "--porcelain"]), "", "no conflict");
    // The merging side's lines come first.
    assert_eq!(
        theirs.read("alice/topics.md"),
        "# Topics for alice\n\n- Conference budget\n- Promotion timeline (by alice)\n\
         - Team offsite (by me)\n"
    );
    let bob = theirs.read("bob/topics.md");
    assert!(
        bob.contains("- Team offsite (by me)\n")
            && bob.contains("- Promotion timeline (by alice)\n"),
        "{bob}"
    );
    assert!(!bob.contains("<<<<<<<"), "{bob}");
    assert_eq!(
        theirs.run(&["topic", "alice", "--list"]).ok(),
        "1. Conference budget\n2. Promotion timeline (by alice)\n3. Team offsite (by me)\n"
    );
}
