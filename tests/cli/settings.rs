//! `.oneonone.yaml`: unknown keys are warnings, bad values errors.

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
