//! Pauses written by hand in `.oneonone.yaml`: where a paused person stands
//! before, during and after the pause, and how pauses keep leave out of
//! gaps and adherence, for good.

use serde_json::{Value, json};

use crate::support::{TODAY, TestRepo};

const WEEKLY: &str = "cadence: weekly\n";

/// `(state, next_due, days, paused_until)` of `person` on `today`.
fn standing(repo: &TestRepo, person: &str, today: &str) -> (String, Value, Value, Value) {
    let status = repo.run(&["--today", today, "status", "--json"]).json();
    let row = status["people"]
        .as_array()
        .expect("people")
        .iter()
        .find(|p| p["person"] == person)
        .expect("the person's row")
        .clone();
    (
        row["state"].as_str().expect("state").to_owned(),
        row["next_due"].clone(),
        row["days"].clone(),
        row["paused_until"].clone(),
    )
}

fn at(
    state: &str,
    next_due: &str,
    days: i64,
    paused_until: Option<&str>,
) -> (String, Value, Value, Value) {
    (
        state.to_owned(),
        json!(next_due),
        json!(days),
        json!(paused_until),
    )
}

/// Met weekly until 10-27; on sabbatical from 11-01 to 11-20.
fn sabbatical() -> TestRepo {
    let repo = TestRepo::new();
    for date in ["2026-10-13", "2026-10-20", "2026-10-27"] {
        repo.note(&format!("amy/{date}.md"), WEEKLY, "");
    }
    repo.write(
        ".oneonone.yaml",
        "people:\n  amy:\n    pauses:\n      - from: 2026-11-01\n        until: 2026-11-20\n        reason: sabbatical\n",
    );
    repo
}

#[test]
fn before_during_and_after_a_pause() {
    let repo = sabbatical();
    // Before it begins, the pause is known: the meeting due 11-03 moves to
    // the day after it.
    assert_eq!(
        standing(&repo, "amy", "2026-10-30"),
        at("ok", "2026-11-21", -22, None)
    );
    // During it: paused, with its last day.
    assert_eq!(
        standing(&repo, "amy", "2026-11-01"),
        at("paused", "2026-11-21", -20, Some("2026-11-20"))
    );
    assert_eq!(
        standing(&repo, "amy", "2026-11-20"),
        at("paused", "2026-11-21", -1, Some("2026-11-20"))
    );
    // The day after: due, not 18 days overdue; overdue once the day of
    // grace is over.
    assert_eq!(
        standing(&repo, "amy", "2026-11-21"),
        at("due", "2026-11-21", 0, None)
    );
    assert_eq!(
        standing(&repo, "amy", "2026-11-22"),
        at("due", "2026-11-21", 1, None)
    );
    assert_eq!(
        standing(&repo, "amy", "2026-11-23"),
        at("overdue", "2026-11-21", 2, None)
    );

    // The table says why, under the summary.
    let table = repo.run(&["--today", "2026-11-10", "status"]);
    assert!(
        table
            .ok()
            .ends_with("1 person: 1 paused\namy is paused until 2026-11-20 (sabbatical)\n"),
        "{}",
        table.stdout
    );
    assert!(
        table.stdout.contains("2026-11-21   -11  paused"),
        "{}",
        table.stdout
    );
    let prep = repo.run(&["--today", "2026-11-10", "prep", "amy"]);
    assert!(
        prep.ok()
            .contains("  next due   2026-11-21, paused until 2026-11-20 (sabbatical)\n"),
        "{}",
        prep.stdout
    );
    let prep = repo.run(&["prep", "amy"]);
    assert!(
        prep.ok()
            .contains("  next due   2026-11-21, overdue by 4 days\n"),
        "{}",
        prep.stdout
    );
}

#[test]
fn paused_until_is_a_pause_since_the_last_meeting() {
    let repo = TestRepo::new();
    repo.note("amy/2026-10-01.md", WEEKLY, "").write(
        ".oneonone.yaml",
        "people:\n  amy:\n    paused_until: 2026-12-01\n",
    );
    assert_eq!(
        standing(&repo, "amy", TODAY),
        at("paused", "2026-12-02", -7, Some("2026-12-01"))
    );
    assert_eq!(
        standing(&repo, "amy", "2026-12-02"),
        at("due", "2026-12-02", 0, None)
    );
    // Nothing was expected from the meeting of 10-01 to the end of the
    // pause; the gaps report shows where the pause was taken to begin.
    let gaps = repo.run(&["gaps"]);
    assert_eq!(
        gaps.ok(),
        "amy  weekly: no 1:1 expected yet since 2026-10-01\n  no gaps\n  paused 2026-10-02 → 2026-12-01\n"
    );
}

#[test]
fn a_leave_that_begins_when_already_overdue() {
    let repo = TestRepo::new();
    repo.note("amy/2026-10-01.md", WEEKLY, "").write(
        ".oneonone.yaml",
        "people:\n  amy:\n    pauses:\n      - from: 2026-10-20\n        until: 2026-11-15\n",
    );
    assert_eq!(
        standing(&repo, "amy", "2026-10-19"),
        at("overdue", "2026-10-08", 11, None)
    );
    // Back from leave: the clock restarts.
    assert_eq!(
        standing(&repo, "amy", "2026-11-16"),
        at("due", "2026-11-16", 0, None)
    );
    // The weeks before the leave were missed all the same: 10-08 and 10-15;
    // then 11-16 on return, and 11-23.
    let amy = &repo.run(&["gaps", "--json"]).json()["people"][0];
    assert_eq!(
        (&amy["held"], &amy["expected"], &amy["missed"]),
        (&json!(0), &json!(4), &json!(4))
    );
    // From 10-01 to today, 55 days of which 27 paused.
    assert_eq!(
        amy["gaps"],
        json!([{"start": "2026-10-01", "end": TODAY, "days": 28, "allowed_days": 8}])
    );
}

/// Met weekly in September, on leave from 09-30 to 11-01, weekly again
/// from 11-03.
fn leave(settings: &str) -> TestRepo {
    let repo = TestRepo::new();
    for date in [
        "2026-09-01",
        "2026-09-08",
        "2026-09-15",
        "2026-09-22",
        "2026-09-29",
        "2026-11-03",
        "2026-11-10",
        "2026-11-17",
        "2026-11-24",
    ] {
        repo.note(&format!("amy/{date}.md"), WEEKLY, "");
    }
    repo.write(".oneonone.yaml", settings);
    repo
}

const LEAVE: &str =
    "      - from: 2026-09-30\n        until: 2026-11-01\n        reason: parental leave\n";

/// `(held, expected, missed, gaps)` of the only person.
fn tally(repo: &TestRepo) -> (Value, Value, Value, usize) {
    let p = &repo.run(&["gaps", "--json"]).json()["people"][0];
    (
        p["held"].clone(),
        p["expected"].clone(),
        p["missed"].clone(),
        p["gaps"].as_array().expect("gaps").len(),
    )
}

#[test]
fn leave_counts_neither_as_a_gap_nor_against_adherence() {
    // Without the pause, 09-29 .. 11-03 is a 35-day gap that misses four
    // weeks.
    let counted = leave("");
    assert_eq!(tally(&counted), (json!(8), json!(12), json!(4), 1));

    let repo = leave(&format!("people:\n  amy:\n    pauses:\n{LEAVE}"));
    assert_eq!(tally(&repo), (json!(8), json!(8), json!(0), 0));
    assert_eq!(
        repo.run(&["gaps"]).ok(),
        "amy  weekly: 100% adherence, 8 of 8 held since 2026-09-01\n  no gaps\n  \
         paused 2026-09-30 → 2026-11-01\n"
    );
    let json = repo.run(&["gaps", "--json"]).json();
    assert_eq!(json["people"][0]["adherence"], 1.0);

    // The pause is over and another one begins: the first one still
    // counts, kept as history in the list.
    let again = leave(&format!(
        "people:\n  amy:\n    pauses:\n{LEAVE}      - from: 2026-11-25\n        until: 2026-12-31\n"
    ));
    assert_eq!(tally(&again), (json!(8), json!(8), json!(0), 0));
    assert_eq!(standing(&again, "amy", TODAY).0, "paused");
    // So does `paused_until` for the new one.
    let shorthand = leave(&format!(
        "people:\n  amy:\n    paused_until: 2026-12-31\n    pauses:\n{LEAVE}"
    ));
    assert_eq!(tally(&shorthand), (json!(8), json!(8), json!(0), 0));
    assert_eq!(
        standing(&shorthand, "amy", TODAY),
        at("paused", "2027-01-01", -37, Some("2026-12-31"))
    );
}

#[test]
fn the_report_draws_pauses() {
    let repo = sabbatical();
    let run = repo.run(&["--today", "2026-11-10", "report", "--html", "report.html"]);
    run.ok_with_stderr("wrote report.html (1 person)\n");
    let page = repo.read("report.html");
    assert!(
        page.contains("<title>paused 2026-11-01 until 2026-11-20</title></rect>"),
        "{page}"
    );
    assert!(page.contains("paused until 2026-11-20"), "the row's note");
}
