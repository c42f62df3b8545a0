//! `oneonone pause` and `resume`: pauses written to `.oneonone.yaml` as
//! history, checked before they are written.

use serde_json::json;

use crate::support::TestRepo;

fn pauses(repo: &TestRepo, person: &str) -> serde_json::Value {
    let people = repo.run(&["people", "--json"]).json();
    people["people"]
        .as_array()
        .expect("people")
        .iter()
        .find(|p| p["person"] == person)
        .map(|p| p["pauses"].clone())
        .expect("the person")
}

#[test]
fn pause_and_resume_keep_the_pause_as_history() {
    let repo = TestRepo::example();
    let run = repo.run(&[
        "pause",
        "Bob Jones",
        "--from",
        "2026-11-20",
        "--until",
        "2027-01-31",
        "--reason",
        "parental leave: 10 weeks",
    ]);
    assert_eq!(
        run.ok(),
        "bob is paused from 2026-11-20 until 2027-01-31 (parental leave: 10 weeks)\n"
    );
    let paused = "# oneonone settings\nme: me\npeople:\n  dave:\n    name: Dave Park\n    \
                  kind: skip-level\n  erin:\n    name: Erin Walsh\n    \
                  paused_until: 2027-01-31   # parental leave\n  bob:\n    pauses:\n      \
                  - from: 2026-11-20\n        until: 2027-01-31\n        \
                  reason: 'parental leave: 10 weeks'\n";
    assert_eq!(repo.read(".oneonone.yaml"), paused);
    assert_eq!(
        pauses(&repo, "bob"),
        json!([{"from": "2026-11-20", "until": "2027-01-31", "reason": "parental leave: 10 weeks"}])
    );

    let run = repo.run(&["resume", "bob"]);
    assert_eq!(
        run.ok(),
        "bob is back: the pause from 2026-11-20 until 2027-01-31 (parental leave: 10 weeks) now \
         ends 2026-11-24\n"
    );
    assert_eq!(
        repo.read(".oneonone.yaml"),
        paused.replace(
            "until: 2027-01-31\n        reason",
            "until: 2026-11-24\n        reason"
        )
    );
    assert_eq!(
        pauses(&repo, "bob"),
        json!([{"from": "2026-11-20", "until": "2026-11-24", "reason": "parental leave: 10 weeks"}])
    );

    // A pause from today, resumed today, never happened.
    repo.run(&["pause", "bob", "--until", "2026-12-31"]).ok();
    assert_eq!(pauses(&repo, "bob").as_array().map(Vec::len), Some(2));
    let run = repo.run(&["resume", "bob"]);
    assert_eq!(
        run.ok(),
        "bob is back: the pause that began today (from 2026-11-25 until 2026-12-31) is removed\n"
    );
    assert_eq!(
        repo.read(".oneonone.yaml"),
        paused.replace(
            "until: 2027-01-31\n        reason",
            "until: 2026-11-24\n        reason"
        )
    );
}

#[test]
fn resume_ends_a_paused_until_in_place() {
    let repo = TestRepo::example();
    let run = repo.run(&["resume", "erin"]);
    assert_eq!(
        run.ok(),
        "erin is back: the pause until 2027-01-31 now ends 2026-11-24\n"
    );
    assert!(repo.read(".oneonone.yaml").ends_with(
        "  erin:\n    name: Erin Walsh\n    paused_until: 2026-11-24   # parental leave\n"
    ));
    let status = repo.run(&["status", "--json"]).json();
    let erin = status["people"]
        .as_array()
        .expect("people")
        .iter()
        .find(|p| p["person"] == "erin")
        .expect("erin");
    // Back from leave: due the day after it, not weeks overdue.
    assert_eq!(erin["state"], "due");
    assert_eq!(erin["next_due"], "2026-11-25");
}

#[test]
fn pauses_that_make_no_sense_are_refused_and_nothing_is_written() {
    let repo = TestRepo::example();
    let before = repo.snapshot();
    for (args, message) in [
        (
            &["pause", "bob", "--until", "2026-11-01"][..],
            "--until 2026-11-01 is before the pause starts (2026-11-25)",
        ),
        (
            &[
                "pause",
                "erin",
                "--from",
                "2027-01-01",
                "--until",
                "2027-03-01",
            ],
            "erin is already paused until 2027-01-31; change that pause in .oneonone.yaml, or \
             `oneonone resume erin` first",
        ),
        (
            &[
                "pause",
                "bob",
                "--until",
                "2027-01-01",
                "--reason",
                "two\nlines",
            ],
            "the reason must be one line, without control characters",
        ),
        (&["resume", "bob"], "bob is not paused today"),
        (&["pause", "bob", "--until", "2027-02-30"], ""),
    ] {
        let run = repo.run(args);
        assert_eq!(run.code, 2, "{args:?}: {run:?}");
        if !message.is_empty() {
            assert_eq!(run.stderr, format!("oneonone: {message}\n"), "{args:?}");
        }
    }
    assert_eq!(repo.snapshot(), before);

    // A pause ahead is no pause today, and resume says when it starts.
    repo.run(&[
        "pause",
        "bob",
        "--from",
        "2026-12-20",
        "--until",
        "2027-01-04",
    ])
    .ok();
    let run = repo.run(&["resume", "bob"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "oneonone: bob is not paused today; a pause is recorded from 2026-12-20 until 2027-01-04\n"
    );
    let overlap = repo.run(&[
        "pause",
        "bob",
        "--from",
        "2027-01-04",
        "--until",
        "2027-01-10",
    ]);
    assert_eq!(overlap.code, 2, "{overlap:?}");
}

#[test]
fn a_broken_or_linked_settings_file_is_not_written() {
    let repo = TestRepo::example();
    repo.write(".oneonone.yaml", "people:\n  bob:\n    kind: boss\n");
    let before = repo.snapshot();
    let run = repo.run(&["--dir", ".", "pause", "bob", "--until", "2027-01-01"]);
    assert_eq!(run.code, 2);
    assert_eq!(repo.snapshot(), before);

    let elsewhere = tempfile::tempdir().expect("temp");
    let target = elsewhere.path().join("settings.yaml");
    std::fs::write(&target, "me: me\n").expect("write");
    std::fs::remove_file(repo.path().join(".oneonone.yaml")).expect("remove");
    std::os::unix::fs::symlink(&target, repo.path().join(".oneonone.yaml")).expect("link");
    let run = repo.run(&["pause", "bob", "--until", "2027-01-01"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "oneonone: .oneonone.yaml: is a symlink; oneonone does not write through it, so change \
         it by hand\n"
    );
    assert_eq!(std::fs::read_to_string(&target).expect("read"), "me: me\n");
}
