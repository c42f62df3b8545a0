//! `oneonone log PERSON`: history, items opened and closed per note.

use serde_json::json;

use crate::support::{TestRepo, no_front_matter};

#[test]
fn counts_items_opened_and_closed_per_note() {
    let repo = TestRepo::new();
    repo.note(
        "bob/2026-11-03.md",
        "kind: peer\nduration: 45\n",
        "- [ ] @bob Rubric\n- [ ] @me Timeline\n  - [ ] Draft\n",
    )
    .note(
        "bob/2026-11-17.md",
        "status: cancelled\n",
        "- [ ] @bob Rubric (from 2026-11-03)\n- [x] @me Timeline (from 2026-11-03)\n  - [x] Draft (from 2026-11-03)\n",
    )
    .note(
        "bob/2026-11-17-2.md",
        "kind: mentor\n",
        "- [-] @bob Rubric (from 2026-11-03)\n- [ ] @me Retro\n- [ ] @me Retro\n",
    );
    let log = repo.run(&["log", "bob", "--json"]).json();
    assert_eq!(
        log,
        json!({
            "person": "bob",
            "notes": [
                {"date": "2026-11-03", "seq": 1, "kind": "peer", "status": "held",
                 "duration": 45, "opened": 3, "closed": 0, "path": "bob/2026-11-03.md"},
                {"date": "2026-11-17", "seq": 1, "kind": "mentor", "status": "cancelled",
                 "duration": null, "opened": 0, "closed": 2, "path": "bob/2026-11-17.md"},
                {"date": "2026-11-17", "seq": 2, "kind": "mentor", "status": "held",
                 "duration": null, "opened": 1, "closed": 1, "path": "bob/2026-11-17-2.md"},
            ]
        })
    );
    let text = repo.run(&["log", "bob"]);
    assert!(
        text.ok().ends_with("\nbob: 3 meetings, 2 held\n"),
        "{}",
        text.stdout
    );
}

#[test]
fn unknown_or_empty_person() {
    let repo = TestRepo::example();
    let run = repo.run(&["log", "carl"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "oneonone: no person 'carl' — did you mean 'carol'?\n"
    );
    repo.write("zoe/topics.md", "- hello\n");
    assert_eq!(
        repo.run(&["log", "zoe"]).ok(),
        "No meetings with zoe yet. Start with `oneonone new zoe`.\n"
    );
    assert_eq!(
        repo.run(&["log", "zoe", "--json"]).json(),
        json!({"person": "zoe", "notes": []})
    );
}

#[test]
fn reads_only_the_persons_folder_and_falls_back_for_names() {
    let repo = TestRepo::new();
    repo.note(
        "alice/2026-11-10.md",
        "name: Alice Smith\n",
        "- [ ] @alice Plan\n",
    )
    .write("bob/2026-11-12.md", "no front matter\n")
    .note("carol/2026-11-11.md", "", "")
    .write(".gitignore", "carol/\n");
    let notes = |run: &crate::support::Run| run.json()["notes"].as_array().map(Vec::len);

    let alice = repo.run(&["log", "alice", "--json"]);
    assert_eq!(notes(&alice), Some(1));
    assert_eq!(
        alice.stderr, "",
        "bob's broken note is not alice's business"
    );
    // Not an id, so every person is read to match it by name; once found,
    // only alice's notes are hers to warn about.
    let by_name = repo.run(&["log", "Alice Smith", "--json"]);
    assert_eq!(by_name.json()["person"], "alice");
    repo.write("alice/2026-11-12.md", "no front matter\n");
    let by_name = repo.run(&["log", "alice smith", "--json"]);
    let stderr = no_front_matter("alice/2026-11-12.md");
    assert_eq!(by_name.json_with_stderr(&stderr)["person"], "alice");
    std::fs::remove_file(repo.path().join("alice/2026-11-12.md")).expect("remove");
    // An ignored folder is nobody, as in every other report.
    let carol = repo.run(&["log", "carol"]);
    assert_eq!(carol.code, 2, "{}", carol.stderr);
    assert!(
        carol.stderr.contains("no person 'carol'"),
        "{}",
        carol.stderr
    );

    // A note changed since the cache was written is read again. (Finding
    // a person by name left no cache behind.)
    let index = repo.run(&["index"]);
    let cache = repo.user_cache_file();
    index.ok_with_stderr(&format!(
        "cache written: {}\n1 file could not be read; `oneonone check` lists them\n",
        cache.display()
    ));
    repo.note(
        "alice/2026-11-17.md",
        "",
        "- [x] @alice Plan (from 2026-11-10)\n",
    );
    let log = repo.run(&["log", "alice", "--json"]).json();
    assert_eq!(log["notes"][1]["closed"], 1, "{log}");
}

#[test]
fn a_malformed_note_is_left_out_with_a_warning() {
    let repo = TestRepo::example();
    repo.write(
        "alice/2026-11-25.md",
        "---\nperson: alice\ndate: 2026-11-25\nkind: boss\n---\n",
    );
    let run = repo.run(&["log", "alice", "--json"]);
    let json = run.json_with_stderr(
        "oneonone: warning: alice/2026-11-25.md:4:7: unknown kind `boss` (expected one of: \
         direct-report, peer, mentee, mentor, skip-level, cross-functional, manager)\n",
    );
    assert_eq!(json["notes"].as_array().map(Vec::len), Some(8));
}

#[test]
fn example_log_alice() {
    let run = TestRepo::example().run(&["log", "alice"]);
    insta::assert_snapshot!(run.ok());
}
