//! `oneonone gaps`: known gaps, adherence numbers, `--since`, one person.

use serde_json::json;

use crate::support::{TODAY, TestRepo};

/// Weekly meetings 7, 14, 7, 22 and 8 days apart (grace 1: 14 and 22 are
/// gaps), plus a cancelled one in the long gap that does not close it.
fn weekly_history() -> TestRepo {
    let repo = TestRepo::new();
    for date in [
        "2026-09-01",
        "2026-09-08",
        "2026-09-22",
        "2026-09-29",
        "2026-10-21",
        "2026-10-29",
    ] {
        repo.note(&format!("amy/{date}.md"), "cadence: weekly\n", "");
    }
    repo.note(
        "amy/2026-10-13.md",
        "cadence: weekly\nstatus: cancelled\n",
        "",
    );
    repo
}

#[test]
fn known_gaps_and_adherence() {
    let repo = weekly_history();
    let report = repo.run(&["gaps", "--json"]).json();
    // 2026-09-01 .. 2026-11-25 is 85 days: 12 whole weeks, 6 held.
    assert_eq!(
        report,
        json!({
            "today": TODAY,
            "people": [{
                "person": "amy", "cadence": "weekly", "held": 6, "expected": 12,
                "adherence": 0.5, "longest_gap_days": 22,
                "gaps": [
                    {"start": "2026-09-08", "end": "2026-09-22", "days": 14, "allowed_days": 8},
                    {"start": "2026-09-29", "end": "2026-10-21", "days": 22, "allowed_days": 8},
                ],
            }],
        })
    );
    let text = repo.run(&["gaps"]);
    assert_eq!(
        text.ok(),
        "amy  weekly: 50% adherence, 6 of 12 expected since 2026-09-01\n\
         \x20 2026-09-08 → 2026-09-22  14 days (8 allowed)\n\
         \x20 2026-09-29 → 2026-10-21  22 days (8 allowed)\n"
    );
}

#[test]
fn since_narrows_the_window() {
    let repo = weekly_history();
    let text = repo.run(&["gaps", "amy", "--since", "2026-10-01"]);
    assert!(
        text.ok()
            .starts_with("amy  weekly: 29% adherence, 2 of 7 expected since 2026-10-01\n"),
        "{}",
        text.stdout
    );
    let report = repo
        .run(&["gaps", "amy", "--since", "2026-10-01", "--json"])
        .json();
    let amy = &report["people"][0];
    // 2026-10-01 .. 2026-11-25 is 55 days: 7 whole weeks, 2 held; only the
    // gap ending inside the window is listed.
    assert_eq!(
        (amy["held"].as_u64(), amy["expected"].as_u64()),
        (Some(2), Some(7))
    );
    assert_eq!(amy["adherence"], 0.29);
    assert_eq!(amy["gaps"].as_array().map(Vec::len), Some(1));
    assert_eq!(amy["longest_gap_days"], 22);
    assert_eq!(repo.run(&["gaps", "--since", "2026-02-30"]).code, 2);
}

#[test]
fn adherence_is_rounded_to_two_decimals() {
    let repo = TestRepo::new();
    // 2026-11-04 .. 2026-11-25 holds three whole weeks; two were held.
    for date in ["2026-11-04", "2026-11-18"] {
        repo.note(&format!("bo/{date}.md"), "cadence: weekly\n", "");
    }
    let bo = &repo.run(&["gaps", "--json"]).json()["people"][0];
    assert_eq!(
        (bo["held"].as_u64(), bo["expected"].as_u64()),
        (Some(2), Some(3))
    );
    assert_eq!(bo["adherence"], 0.67);
    assert_eq!(bo["longest_gap_days"], 14);
}

#[test]
fn a_person_with_no_gaps_and_one_never_met() {
    let repo = TestRepo::new();
    repo.note("bob/2026-11-10.md", "cadence: biweekly\n", "")
        .note("bob/2026-11-24.md", "cadence: biweekly\n", "")
        .write("cy/topics.md", "- first chat\n");
    let run = repo.run(&["gaps"]);
    assert_eq!(
        run.ok(),
        "bob  biweekly: 200% adherence, 2 of 1 expected since 2026-11-10\n  no gaps\n\
         cy   weekly: never met\n  no gaps\n"
    );
    let cy = &repo.run(&["gaps", "cy", "--json"]).json()["people"][0];
    assert_eq!(
        *cy,
        json!({"person": "cy", "cadence": "weekly", "held": 0, "expected": 1, "adherence": 0.0,
               "longest_gap_days": null, "gaps": []})
    );
}

#[test]
fn unknown_person_suggests_the_closest() {
    let repo = TestRepo::example();
    let run = repo.run(&["gaps", "alise"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "oneonone: no person 'alise' — did you mean 'alice'?\n"
    );
    assert_eq!(run.stdout, "");
    let far = repo.run(&["gaps", "zed"]);
    assert_eq!(far.code, 2);
    assert!(far.stderr.contains("no person 'zed'"), "{}", far.stderr);
    assert!(!far.stderr.contains("did you mean"));
    assert_eq!(repo.run(&["gaps", "../alice"]).code, 2);
    // A display name finds the person too.
    let named = repo.run(&["gaps", "Alice Smith", "--json"]).json();
    assert_eq!(named["people"][0]["person"], "alice");
}

#[test]
fn example_gaps() {
    let repo = TestRepo::example();
    let run = repo.run(&["gaps"]);
    insta::assert_snapshot!(run.ok());
    let alice = &repo.run(&["gaps", "alice", "--json"]).json()["people"][0];
    assert_eq!(
        *alice,
        json!({
            "person": "alice", "cadence": "weekly", "held": 8, "expected": 10,
            "adherence": 0.8, "longest_gap_days": 28,
            "gaps": [{"start": "2026-09-29", "end": "2026-10-27", "days": 28, "allowed_days": 8}],
        })
    );
}
