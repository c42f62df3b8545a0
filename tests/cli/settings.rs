//! `.oneonone.yaml`: unknown keys are warnings, bad values errors, and the
//! commands that write it (`pause`, `resume`, `rename`) change only what
//! they must.

use serde_json::json;

use crate::support::TestRepo;

#[test]
fn unknown_keys_are_warnings_and_commands_still_run() {
    let repo = TestRepo::example();
    repo.write(
        ".oneonone.yaml",
        "me: me\ndefaults:\n  kind: direct-report\n  cadance: weekly\npeople:\n  dave:\n    \
         kind: skip-level\n    nmae: Dave Park\n",
    );
    let warnings = "oneonone: warning: .oneonone.yaml:4:3: unknown key `cadance`; did you mean \
                    `cadence`?\noneonone: warning: .oneonone.yaml:8:5: unknown key `nmae`; did \
                    you mean `name`?\n";
    let status = repo.run(&["status"]);
    assert!(status.ok_with_stderr(warnings).contains("\ndave "));
    repo.run(&["people"]).ok_with_stderr(warnings);
    let check = repo.run(&["check"]);
    assert_eq!(check.code, 1, "{check:?}");
    assert_eq!(
        check.stdout,
        ".oneonone.yaml:4:3: warning: unknown key `cadance`; did you mean `cadence`?\n\
         .oneonone.yaml:8:5: warning: unknown key `nmae`; did you mean `name`?\n"
    );
    assert_eq!(check.stderr, "2 problems (0 errors, 2 warnings)\n");
    let json: serde_json::Value =
        serde_json::from_str(&repo.run(&["check", "--json"]).stdout).expect("JSON");
    assert_eq!(
        json["findings"][0],
        json!({"path": ".oneonone.yaml", "line": 4, "column": 3, "severity": "warning",
               "message": "unknown key `cadance`; did you mean `cadence`?"})
    );

    // A known key with a bad value is still an error.
    repo.write(".oneonone.yaml", "defaults:\n  cadence: sometimes\n");
    let run = repo.run(&["status"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.starts_with("oneonone: .oneonone.yaml:2:"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("unknown cadence `sometimes`"),
        "{}",
        run.stderr
    );
}

/// A settings file as people write them: comments everywhere, odd
/// indentation, flow and block styles, quoting, no final newline.
const ODD: &str = "\
# My 1:1 settings -- edited by hand, please keep the comments!
me:   sam        # my handle

defaults:
    cadence: biweekly   # most of my 1:1s

people:
    # direct reports
    alice:
        name: 'Alice Smith'
        handles: [alice-s, asmith]   # she signs as asmith
        kind: direct-report

    bob: {kind: peer, name: \"Bob Jones\"}   # a peer

    # skip-levels go here
    carol:
        kind: skip-level
        pauses:
        - from: 2026-06-01
          until: 2026-06-30   # sabbatical
          reason: sabbatical

# end of file";

#[test]
fn a_commented_settings_file_survives_pause_and_rename() {
    let repo = TestRepo::new();
    repo.write(".oneonone.yaml", ODD)
        .note("alice/2026-11-18.md", "", "- [ ] @asmith Draft goals\n")
        .note("bob/2026-11-18.md", "", "")
        .note("carol/2026-11-18.md", "", "");
    repo.run(&[
        "pause",
        "asmith",
        "--from",
        "2026-12-01",
        "--until",
        "2027-02-28",
        "--reason",
        "leave # not a comment",
    ])
    .ok();
    repo.run(&["pause", "Bob Jones", "--until", "2026-12-31"])
        .ok();
    repo.run(&[
        "pause",
        "carol",
        "--from",
        "2026-12-24",
        "--until",
        "2027-01-02",
    ])
    .ok();
    repo.run(&["rename", "alice", "alice-smith"]).ok();
    assert_eq!(
        repo.read(".oneonone.yaml"),
        "\
# My 1:1 settings -- edited by hand, please keep the comments!
me:   sam        # my handle

defaults:
    cadence: biweekly   # most of my 1:1s

people:
    # direct reports
    alice-smith:
        name: 'Alice Smith'
        handles: [alice-s, asmith]   # she signs as asmith
        kind: direct-report
        pauses:
          - from: 2026-12-01
            until: 2027-02-28
            reason: 'leave # not a comment'
        former_ids:
          - alice

    bob: {kind: peer, name: \"Bob Jones\", pauses: [{from: 2026-11-25, until: 2026-12-31}]}   # a peer

    # skip-levels go here
    carol:
        kind: skip-level
        pauses:
        - from: 2026-06-01
          until: 2026-06-30   # sabbatical
          reason: sabbatical
        - from: 2026-12-24
          until: 2027-01-02

# end of file"
    );
    // Read back by the parser every command uses, it says exactly that.
    assert_eq!(
        repo.run(&["people", "--json"]).json(),
        json!({"people": [
            {"person": "alice-smith", "name": "Alice Smith", "handles": ["alice-s", "asmith"],
             "former_ids": ["alice"], "kind": "direct-report", "cadence": "biweekly",
             "pauses": [{"from": "2026-12-01", "until": "2027-02-28",
                         "reason": "leave # not a comment"}]},
            {"person": "bob", "name": "Bob Jones", "handles": [], "former_ids": [],
             "kind": "peer", "cadence": "biweekly",
             "pauses": [{"from": "2026-11-25", "until": "2026-12-31", "reason": null}]},
            {"person": "carol", "name": null, "handles": [], "former_ids": [],
             "kind": "skip-level", "cadence": "biweekly",
             "pauses": [{"from": "2026-06-01", "until": "2026-06-30", "reason": "sabbatical"},
                        {"from": "2026-12-24", "until": "2027-01-02", "reason": null}]},
        ]})
    );
    repo.run(&["check"]).ok_with_stderr("no problems found\n");
}

#[test]
fn a_settings_file_with_only_comments_gets_a_people_section() {
    let repo = TestRepo::new();
    repo.write(".oneonone.yaml", "# nothing yet\r\n# really\r\n")
        .note("alice/2026-11-18.md", "", "");
    repo.run(&["pause", "alice", "--until", "2026-12-31"]).ok();
    assert_eq!(
        repo.read(".oneonone.yaml"),
        "# nothing yet\r\n# really\r\npeople:\r\n  alice:\r\n    pauses:\r\n      \
         - from: 2026-11-25\r\n        until: 2026-12-31\r\n"
    );
    // No settings file at all: one is written.
    let bare = TestRepo::new();
    bare.note("bob/2026-11-18.md", "", "");
    bare.run(&["rename", "bob", "robert"]).ok();
    assert_eq!(
        bare.read(".oneonone.yaml"),
        "people:\n  robert:\n    former_ids:\n      - bob\n"
    );
}
