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
    // From 2026-09-01, week by week: 09-08 held, 09-15 missed, 09-22 and
    // 09-29 held, 10-06 and 10-13 missed (the cancelled meeting does not
    // count), 10-20 held on 10-21 and 10-27 on 10-29 (each within a day of
    // grace), then 11-05, 11-12 and 11-19 missed; 11-26 is not due yet.
    assert_eq!(
        report,
        json!({
            "today": TODAY,
            "people": [{
                "person": "amy", "cadence": "weekly", "held": 5, "expected": 11,
                "missed": 6, "adherence": 0.45, "longest_gap_days": 27,
                "gaps": [
                    {"start": "2026-09-08", "end": "2026-09-22", "days": 14, "allowed_days": 8},
                    {"start": "2026-09-29", "end": "2026-10-21", "days": 22, "allowed_days": 8},
                    {"start": "2026-10-29", "end": TODAY, "days": 27, "allowed_days": 8},
                ],
            }],
        })
    );
    let text = repo.run(&["gaps"]);
    assert_eq!(
        text.ok(),
        "amy  weekly: 45% adherence, 5 of 11 held, 6 missed since 2026-09-01\n\
         \x20 2026-09-08 → 2026-09-22  14 days (8 allowed)\n\
         \x20 2026-09-29 → 2026-10-21  22 days (8 allowed)\n\
         \x20 2026-10-29 → today (2026-11-25)  27 days (8 allowed)\n"
    );
}

#[test]
fn since_narrows_the_window() {
    let repo = weekly_history();
    let text = repo.run(&["gaps", "amy", "--since", "2026-10-01"]);
    assert!(
        text.ok()
            .starts_with("amy  weekly: 29% adherence, 2 of 7 held, 5 missed since 2026-10-01\n"),
        "{}",
        text.stdout
    );
    let report = repo
        .run(&["gaps", "amy", "--since", "2026-10-01", "--json"])
        .json();
    let amy = &report["people"][0];
    // The walk starts at the meeting of 09-29: 10-06 and 10-13 missed,
    // 10-21 and 10-29 held, 11-05, 11-12 and 11-19 missed. Only the gaps
    // ending inside the window are listed.
    assert_eq!(
        (
            amy["held"].as_u64(),
            amy["expected"].as_u64(),
            amy["missed"].as_u64()
        ),
        (Some(2), Some(7), Some(5))
    );
    assert_eq!(amy["adherence"], 0.29);
    assert_eq!(amy["gaps"].as_array().map(Vec::len), Some(2));
    assert_eq!(amy["longest_gap_days"], 27);
    assert_eq!(repo.run(&["gaps", "--since", "2026-02-30"]).code, 2);
}

#[test]
fn adherence_is_rounded_to_two_decimals() {
    let repo = TestRepo::new();
    // 11-04 held, 11-11 missed, 11-18 held: two of three.
    for date in ["2026-10-28", "2026-11-04", "2026-11-18"] {
        repo.note(&format!("bo/{date}.md"), "cadence: weekly\n", "");
    }
    let bo = &repo.run(&["gaps", "--json"]).json()["people"][0];
    assert_eq!(
        (
            bo["held"].as_u64(),
            bo["expected"].as_u64(),
            bo["missed"].as_u64()
        ),
        (Some(2), Some(3), Some(1))
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
        "bob  biweekly: 100% adherence, 1 of 1 held since 2026-11-10\n  no gaps\n\
         cy   weekly: never met\n  no gaps\n"
    );
    // Nothing expected yet, so nothing missed: adherence 1.
    let cy = &repo.run(&["gaps", "cy", "--json"]).json()["people"][0];
    assert_eq!(
        *cy,
        json!({"person": "cy", "cadence": "weekly", "held": 0, "expected": 0, "missed": 0,
               "adherence": 1.0, "longest_gap_days": null, "gaps": []})
    );
}

/// `(held, expected, missed, adherence)` of the only person.
fn tally(repo: &TestRepo, today: &str) -> (u64, u64, u64, f64) {
    let report = repo.run(&["--today", today, "gaps", "--json"]).json();
    let p = &report["people"][0];
    let n = |key: &str| p[key].as_u64().expect(key);
    (
        n("held"),
        n("expected"),
        n("missed"),
        p["adherence"].as_f64().expect("adherence"),
    )
}

/// Notes for `person` on each date, with `front` in every one.
fn notes(repo: &TestRepo, person: &str, front: &str, dates: &[&str]) {
    for date in dates {
        repo.note(&format!("{person}/{date}.md"), front, "");
    }
}

#[test]
fn weekly_met_every_eight_days_is_exactly_one() {
    let repo = TestRepo::new();
    // Every 8 days: a day late each time, always within the day of grace.
    notes(
        &repo,
        "amy",
        "cadence: weekly\n",
        &[
            "2026-09-01",
            "2026-09-09",
            "2026-09-17",
            "2026-09-25",
            "2026-10-03",
            "2026-10-11",
            "2026-10-19",
            "2026-10-27",
            "2026-11-04",
            "2026-11-12",
            "2026-11-20",
        ],
    );
    assert_eq!(tally(&repo, TODAY), (10, 10, 0, 1.0));
    assert_eq!(
        repo.run(&["gaps"]).ok(),
        "amy  weekly: 100% adherence, 10 of 10 held since 2026-09-01\n  no gaps\n"
    );
}

#[test]
fn two_meetings_a_week_never_go_above_one() {
    let repo = TestRepo::new();
    notes(
        &repo,
        "amy",
        "cadence: weekly\n",
        &[
            "2026-10-05",
            "2026-10-08",
            "2026-10-12",
            "2026-10-15",
            "2026-10-19",
            "2026-10-22",
            "2026-10-26",
            "2026-10-29",
        ],
    );
    // Eight meetings, four intervals: each week's second meeting starts
    // the next week, which the meeting of 10-29 holds ahead of time.
    assert_eq!(tally(&repo, "2026-10-30"), (4, 4, 0, 1.0));
    // Extra meetings in October do not make up for the weeks since: the
    // intervals due 11-05, 11-12 and 11-19 are missed.
    assert_eq!(tally(&repo, TODAY), (4, 7, 3, 0.57));
}

#[test]
fn six_weeks_without_a_meeting_miss_five() {
    let repo = TestRepo::new();
    notes(
        &repo,
        "amy",
        "cadence: weekly\n",
        &["2026-09-01", "2026-09-08"],
    );
    // 09-08 held; then 09-15 .. 10-13 missed (five), and on 10-20, six
    // weeks on, the sixth is due.
    assert_eq!(tally(&repo, "2026-10-20"), (1, 6, 5, 0.17));
    notes(&repo, "amy", "cadence: weekly\n", &["2026-10-20"]);
    assert_eq!(tally(&repo, "2026-10-20"), (2, 7, 5, 0.29));
    let gap = &repo
        .run(&["--today", "2026-10-20", "gaps", "--json"])
        .json()["people"][0]["gaps"];
    assert_eq!(
        *gap,
        json!([{"start": "2026-09-08", "end": "2026-10-20", "days": 42, "allowed_days": 8}])
    );
}

#[test]
fn a_cadence_change_in_a_note_is_not_retroactive() {
    let repo = TestRepo::new();
    // Monthly until 10-01, weekly from that note on.
    notes(
        &repo,
        "amy",
        "cadence: monthly\n",
        &["2026-07-01", "2026-08-01", "2026-09-01"],
    );
    notes(
        &repo,
        "amy",
        "cadence: weekly\n",
        &["2026-10-01", "2026-10-08", "2026-10-15", "2026-10-22"],
    );
    // Three months held, then three weeks; 10-29 is due today, within grace.
    assert_eq!(tally(&repo, "2026-10-29"), (6, 6, 0, 1.0));
    // A default cadence changes nothing the notes record.
    repo.write(".oneonone.yaml", "defaults:\n  cadence: weekly\n");
    assert_eq!(tally(&repo, "2026-10-29"), (6, 6, 0, 1.0));
    // A cadence in the settings takes the stretches no note speaks for,
    // and the interval running now.
    let plain = TestRepo::new();
    notes(
        &plain,
        "amy",
        "",
        &["2026-07-01", "2026-08-01", "2026-09-01"],
    );
    notes(
        &plain,
        "amy",
        "cadence: weekly\n",
        &["2026-10-01", "2026-10-08"],
    );
    plain.write(".oneonone.yaml", "people:\n  amy:\n    cadence: monthly\n");
    // Monthly until 10-01 (no note says otherwise), weekly from 10-01 to
    // 10-08, then monthly again from the last meeting: due 11-08.
    assert_eq!(tally(&plain, "2026-11-12"), (4, 4, 0, 1.0));
    plain.write(".oneonone.yaml", "people:\n  amy:\n    cadence: weekly\n");
    // Weekly in the settings: each month before 10-01, no note saying
    // otherwise, misses four weeks.
    assert_eq!(tally(&plain, "2026-10-09"), (4, 16, 12, 0.25));
}

#[test]
fn example_gaps() {
    let repo = TestRepo::example();
    let run = repo.run(&["gaps"]);
    insta::assert_snapshot!(run.ok());
    // 09-22 and 09-29 held, 10-06 .. 10-20 missed, 10-27 .. 11-24 held.
    let alice = &repo.run(&["gaps", "alice", "--json"]).json()["people"][0];
    assert_eq!(
        *alice,
        json!({
            "person": "alice", "cadence": "weekly", "held": 7, "expected": 10, "missed": 3,
            "adherence": 0.7, "longest_gap_days": 28,
            "gaps": [{"start": "2026-09-29", "end": "2026-10-27", "days": 28, "allowed_days": 8}],
        })
    );
    // Two meetings a quarter apart: one interval, held; not 200%.
    let dave = &repo.run(&["gaps", "dave", "--json"]).json()["people"][0];
    assert_eq!(
        (&dave["held"], &dave["expected"], &dave["adherence"]),
        (&json!(1), &json!(1), &json!(1.0))
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
