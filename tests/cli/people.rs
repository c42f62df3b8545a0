//! People: who a name means, in every command that takes one, in `@owner`
//! filters and in `check`; `new` as the only way to start someone;
//! `people --json`.

use serde_json::json;

use crate::support::{TODAY, TestRepo};

/// Alice's folder is `alice-smith/`; the settings give her handles, and
/// an old id from before a rename.
fn alice_smith() -> TestRepo {
    let repo = TestRepo::new();
    repo.write(
        ".oneonone.yaml",
        "me: sam\npeople:\n  alice-smith:\n    handles: [alice, asmith]\n    former_ids: [al]\n",
    )
    .note(
        "alice-smith/2026-11-18.md",
        "name: Alice Smith\n",
        "## Agenda\n- Goals\n\n## Action items\n- [ ] @alice Draft Q1 goals\n- [ ] @alice-smith Book the talk\n\
         - [ ] @ASmith Review the runbook\n- [ ] @al Renew the badge\n- [ ] @me Send the packet\n\
         - [ ] @sam Approve travel\n- [ ] @bob Intro to the fraud lead\n",
    )
    .note("bob/2026-11-20.md", "name: Bob Jones\n", "");
    repo
}

#[test]
fn every_command_finds_a_person_by_any_of_their_names() {
    let repo = alice_smith();
    for name in [
        "alice-smith",
        "alice",
        "ASmith",
        "al",
        "Alice Smith",
        "alice  smith",
    ] {
        let prep = repo.run(&["prep", name]);
        assert!(
            prep.ok().starts_with("Alice Smith (alice-smith)\n"),
            "{name}: {}",
            prep.stdout
        );
        let log = repo.run(&["log", name, "--json"]).json();
        assert_eq!(log["person"], "alice-smith", "{name}");
        let gaps = repo.run(&["gaps", name, "--json"]).json();
        assert_eq!(gaps["people"][0]["person"], "alice-smith", "{name}");
        let actions = repo.run(&["actions", name, "--json"]).json();
        assert_eq!(actions["items"].as_array().map(Vec::len), Some(7), "{name}");
    }
    repo.run(&["done", "alice", "badge"]).ok_with_stderr("");
    repo.run(&["reopen", "Alice Smith", "badge"]).ok();
    repo.run(&["drop", "al", "badge"]).ok();
    assert!(
        repo.read("alice-smith/2026-11-18.md")
            .contains("- [-] @al Renew the badge\n")
    );
    repo.run(&["topic", "asmith", "Conference", "budget"])
        .ok_with_stderr("queued for alice-smith's next note\n");
    assert_eq!(
        repo.read("alice-smith/topics.md"),
        "# Topics for Alice Smith\n\n- Conference budget\n"
    );
    // `new` for someone known writes their note, and starts nobody.
    let run = repo.run(&["new", "Alice", "--no-edit"]);
    let stdout = run.ok_with_stderr("created alice-smith/2026-11-25.md (6 carried, 1 topic)\n");
    assert_eq!(stdout, format!("alice-smith/{TODAY}.md\n"));
    assert!(!repo.exists("alice"), "no folder for a handle");
}

#[test]
fn owners_answer_to_ids_former_ids_and_handles() {
    let repo = alice_smith();
    let owned = |owner: &str| -> Vec<String> {
        let report = repo.run(&["actions", "--owner", owner, "--json"]).json();
        report["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|i| i["text"].as_str().expect("text").to_owned())
            .collect()
    };
    let hers = [
        "@alice Draft Q1 goals",
        "@alice-smith Book the talk",
        "@ASmith Review the runbook",
        "@al Renew the badge",
    ];
    for owner in ["alice-smith", "alice", "@asmith", "al", "Alice Smith"] {
        assert_eq!(owned(owner), hers, "--owner {owner}");
    }
    assert_eq!(owned("me"), ["@me Send the packet", "@sam Approve travel"]);
    assert_eq!(owned("bob"), ["@bob Intro to the fraud lead"]);
    assert!(owned("zed").is_empty());
    // prep counts every spelling as theirs.
    let prep = repo.run(&["prep", "alice"]);
    let out = prep.ok();
    let theirs = &out[out.find("theirs").expect("theirs")..out.find("mine").expect("mine")];
    assert_eq!(theirs.trim_end().lines().count(), 5, "{theirs}");
}

#[test]
fn an_unknown_person_is_refused_with_the_nearest_names() {
    let repo = TestRepo::example();
    let before = repo.snapshot();
    for args in [
        &["prep", "alcie"][..],
        &["log", "alcie"],
        &["gaps", "alcie"],
        &["actions", "alcie"],
        &["done", "alcie", "packet"],
        &["drop", "alcie", "packet"],
        &["reopen", "alcie", "packet"],
        &["topic", "alcie", "x"],
        &["pause", "alcie", "--until", "2027-01-01"],
        &["resume", "alcie"],
        &["rename", "alcie", "alice-smith"],
    ] {
        let run = repo.run(args);
        assert_eq!(run.code, 2, "{args:?}: {run:?}");
        assert_eq!(
            run.stderr, "oneonone: no person 'alcie' — did you mean 'alice'?\n",
            "{args:?}"
        );
    }
    let several = repo.run(&["prep", "da"]);
    assert_eq!(
        several.stderr,
        "oneonone: no person 'da' — did you mean 'dave'?\n"
    );
    repo.write(".oneonone.yaml", "people:\n  carl:\n    kind: peer\n");
    let two = repo.run(&["log", "caro"]);
    assert_eq!(
        two.stderr,
        "oneonone: no person 'caro' — did you mean 'carl' or 'carol'?\n"
    );
    let none = repo.run(&["log", "zed"]);
    assert_eq!(
        none.stderr,
        "oneonone: no person 'zed' (`oneonone people` lists everyone)\n"
    );
    repo.write(".oneonone.yaml", "").write(
        ".oneonone.yaml",
        before[std::path::Path::new(".oneonone.yaml")].clone(),
    );
    assert_eq!(repo.snapshot(), before, "nothing was written");
}

#[test]
fn only_new_starts_a_person_and_a_near_name_needs_create() {
    let repo = TestRepo::example();
    let before = repo.tree();
    for name in ["alcie", "Alice Smyth", "carol-n", "bobb"] {
        let run = repo.run(&["new", name, "--no-edit"]);
        assert_eq!(run.code, 2, "{name}: {run:?}");
        assert!(
            run.stderr
                .starts_with(&format!("oneonone: no person '{name}' — did you mean '")),
            "{name}: {}",
            run.stderr
        );
        assert!(run.stderr.ends_with(", add --create)\n"), "{}", run.stderr);
    }
    assert_eq!(repo.tree(), before, "nothing was written");
    assert_eq!(
        repo.run(&["new", "alcie", "--no-edit"]).stderr,
        "oneonone: no person 'alcie' — did you mean 'alice'? (to start notes with a new person \
         `alcie`, add --create)\n"
    );
    let run = repo.run(&["new", "alcie", "--create", "--no-edit"]);
    run.ok_with_stderr(
        "new person: alcie (alcie/)\ncreated alcie/2026-11-25.md (0 carried, 0 topics)\n",
    );
    // Far from everyone: no flag needed, and it says so.
    let run = repo.run(&["new", "Zoë Ünal", "--no-edit"]);
    run.ok_with_stderr(
        "new person: Zoë Ünal (zoe-unal/)\ncreated zoe-unal/2026-11-25.md (0 carried, 0 topics)\n",
    );
    // The display name of someone known is that someone, and so is the id
    // their name slugifies to.
    let run = repo.run(&["new", "carol nguyen", "--no-edit"]);
    run.ok_with_stderr("created carol/2026-11-25.md (3 carried, 2 topics)\n");
    let run = repo.run(&["new", "bob-jones", "--no-edit"]);
    run.ok_with_stderr("created bob/2026-11-25.md (2 carried, 0 topics)\n");
}

#[test]
fn people_json_lists_every_name_and_pause() {
    let repo = alice_smith();
    repo.write(
        ".oneonone.yaml",
        "me: sam\npeople:\n  alice-smith:\n    handles: [alice, asmith]\n    former_ids: [al]\n    \
         kind: peer\n    pauses:\n      - {from: 2026-07-01, until: 2026-07-31, reason: sabbatical}\n  \
         carl:\n    paused_until: 2027-01-31\n",
    );
    assert_eq!(repo.run(&["people"]).ok(), "alice-smith\nbob\ncarl\n");
    assert_eq!(
        repo.run(&["people", "--json"]).json(),
        json!({"people": [
            {"person": "alice-smith", "name": "Alice Smith", "handles": ["alice", "asmith"],
             "former_ids": ["al"], "kind": "peer", "cadence": "biweekly",
             "pauses": [{"from": "2026-07-01", "until": "2026-07-31", "reason": "sabbatical"}]},
            {"person": "bob", "name": "Bob Jones", "handles": [], "former_ids": [],
             "kind": "direct-report", "cadence": "weekly", "pauses": []},
            {"person": "carl", "name": null, "handles": [], "former_ids": [],
             "kind": "direct-report", "cadence": "weekly",
             "pauses": [{"from": null, "until": "2027-01-31", "reason": null}]},
        ]})
    );
}

#[test]
fn check_reports_twins_strangers_and_owners_nobody_answers_to() {
    let repo = alice_smith();
    repo.note("alcie-smith/2026-11-19.md", "", "")
        .note("bobby/2026-11-19.md", "name: bob  jones\n", "")
        // A note in alice's folder that says it is someone else's.
        .write(
            "alice-smith/2026-11-21.md",
            "---\nperson: bob\n---\n- [ ] @zed Who is this\n",
        )
        // One written before a rename: valid.
        .write(
            "alice-smith/2026-11-22.md",
            "---\nperson: al\ndate: 2026-11-22\n---\n- [ ] @zed Who is this, again\n\
             - [ ] @Zed And again\n- [ ] @sam Mine\n",
        );
    let run = repo.run(&["check"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(
        run.stdout,
        "alice-smith: warning: `alcie-smith` and `alice-smith` look like one person \
         (`alcie-smith` and `alice-smith` are a typo apart); if they are, keep one folder and \
         give the other id as a handle in .oneonone.yaml\n\
         alice-smith/2026-11-21.md:2:9: error: person `bob` does not match the folder \
         `alice-smith`, nor is it one of its former ids (al)\n\
         alice-smith/2026-11-22.md:5: info: `@zed` names no one (and 1 more item): not `me`, a \
         person id, a former id or a handle; if it means someone, add it to their `handles:` in \
         .oneonone.yaml\n\
         bobby: warning: `bob` and `bobby` look like one person (both are named Bob Jones); if \
         they are, keep one folder and give the other id as a handle in .oneonone.yaml\n"
    );
}
