//! `oneonone status` and `oneonone people`: states, cadences, sorting,
//! `--fail-on`, bad notes, colour.

use serde_json::{Value, json};

use crate::support::{TODAY, TestRepo, no_front_matter};

const WEEKLY: &str = "cadence: weekly\n";

/// `(person, state, next_due, days)` of every row, in table order.
fn rows(status: &Value) -> Vec<(String, String, Value, Value)> {
    status["people"]
        .as_array()
        .expect("people array")
        .iter()
        .map(|p| {
            (
                p["person"].as_str().expect("person").to_owned(),
                p["state"].as_str().expect("state").to_owned(),
                p["next_due"].clone(),
                p["days"].clone(),
            )
        })
        .collect()
}

fn row(
    person: &str,
    state: &str,
    next_due: Option<&str>,
    days: Option<i64>,
) -> (String, String, Value, Value) {
    (person.into(), state.into(), json!(next_due), json!(days))
}

#[test]
fn every_state_on_a_weekly_cadence() {
    let repo = TestRepo::new();
    repo.note("ok/2026-11-24.md", WEEKLY, "")
        // Due on the due day, and on the last day of the one-day grace.
        .note("dueday/2026-11-18.md", WEEKLY, "")
        .note("grace/2026-11-17.md", WEEKLY, "")
        .note("late/2026-11-16.md", WEEKLY, "")
        .write("never/topics.md", "# Topics\n\n- first chat\n")
        .note("away/2026-10-01.md", WEEKLY, "")
        .write(
            ".oneonone.yaml",
            "people:\n  away:\n    paused_until: 2026-12-01\n",
        );
    let status = repo.run(&["status", "--json"]).json();
    assert_eq!(status["today"], TODAY);
    assert_eq!(
        rows(&status),
        [
            row("late", "overdue", Some("2026-11-23"), Some(2)),
            row("grace", "due", Some("2026-11-24"), Some(1)),
            row("dueday", "due", Some("2026-11-25"), Some(0)),
            row("never", "never", None, None),
            row("ok", "ok", Some("2026-12-01"), Some(-6)),
            // Due again the day after the pause.
            row("away", "paused", Some("2026-12-02"), Some(-7)),
        ]
    );
    assert_eq!(status["people"][5]["paused_until"], "2026-12-01");
    assert!(
        status["people"].as_array().expect("people")[..5]
            .iter()
            .all(|p| p["paused_until"].is_null())
    );
    let never = &status["people"][3];
    assert_eq!(never["last"], Value::Null);
    assert_eq!(never["name"], "never", "name falls back to the id");
    assert_eq!(never["kind"], "direct-report");
    assert_eq!(never["cadence"], "weekly");

    // The pause ends: the clock restarts, so the person is due the day
    // after it (not eight weeks overdue), and overdue after the grace day.
    let away = |today| {
        let later = repo.run(&["--today", today, "status", "--json"]).json();
        rows(&later)
            .into_iter()
            .find(|r| r.0 == "away")
            .expect("away")
    };
    assert_eq!(
        away("2026-12-02"),
        row("away", "due", Some("2026-12-02"), Some(0))
    );
    assert_eq!(
        away("2026-12-03"),
        row("away", "due", Some("2026-12-02"), Some(1))
    );
    assert_eq!(
        away("2026-12-04"),
        row("away", "overdue", Some("2026-12-02"), Some(2))
    );
}

#[test]
fn every_cadence_steps_calendar_true() {
    let repo = TestRepo::new();
    repo.note("biweekly/2026-11-09.md", "cadence: biweekly\n", "")
        .note("quarterly/2026-08-31.md", "cadence: quarterly\n", "")
        .note("semiannual/2026-05-31.md", "cadence: semiannual\n", "")
        .note("tendays/2026-11-10.md", "cadence: 10d\n", "")
        .note("threeweeks/2026-11-01.md", "cadence: 3w\n", "")
        .note("twomonths/2026-09-30.md", "cadence: 2m\n", "")
        .note("skip/2026-09-01.md", "kind: skip-level\n", "");
    let status = repo.run(&["status", "--json"]).json();
    assert_eq!(
        rows(&status),
        [
            // 10d: grace 1, five days late.
            row("tendays", "overdue", Some("2026-11-20"), Some(5)),
            // 3w: grace 3, the last day of it.
            row("threeweeks", "due", Some("2026-11-22"), Some(3)),
            // biweekly: grace 2, the last day of it.
            row("biweekly", "due", Some("2026-11-23"), Some(2)),
            row("quarterly", "ok", Some("2026-11-30"), Some(-5)),
            row("semiannual", "ok", Some("2026-11-30"), Some(-5)),
            row("twomonths", "ok", Some("2026-11-30"), Some(-5)),
            // Kind default: skip-level meets quarterly.
            row("skip", "ok", Some("2026-12-01"), Some(-6)),
        ]
    );
}

#[test]
fn monthly_from_january_31_is_due_on_february_28() {
    let repo = TestRepo::new();
    repo.note("carol/2026-01-31.md", "kind: mentee\n", "");
    let at = |today| {
        let status = repo.run(&["--today", today, "status", "--json"]).json();
        rows(&status).remove(0)
    };
    assert_eq!(
        at("2026-02-27"),
        row("carol", "ok", Some("2026-02-28"), Some(-1))
    );
    assert_eq!(
        at("2026-02-28"),
        row("carol", "due", Some("2026-02-28"), Some(0))
    );
    // Monthly grace is 4 days.
    assert_eq!(
        at("2026-03-04"),
        row("carol", "due", Some("2026-02-28"), Some(4))
    );
    assert_eq!(
        at("2026-03-05"),
        row("carol", "overdue", Some("2026-02-28"), Some(5))
    );
}

#[test]
fn a_cancelled_meeting_does_not_reset_the_clock() {
    let repo = TestRepo::new();
    repo.note("bob/2026-11-10.md", "cadence: biweekly\n", "")
        .note(
            "bob/2026-11-24.md",
            "cadence: biweekly\nstatus: cancelled\n",
            "",
        );
    let status = repo.run(&["status", "--json"]).json();
    let bob = &status["people"][0];
    assert_eq!(bob["last"], "2026-11-10");
    assert_eq!(
        (bob["state"].as_str(), bob["days"].as_i64()),
        (Some("due"), Some(1))
    );
}

#[test]
fn settings_cadence_wins_over_front_matter() {
    let repo = TestRepo::new();
    repo.note("dana/2026-11-01.md", WEEKLY, "").write(
        ".oneonone.yaml",
        "people:\n  dana:\n    cadence: monthly\n    grace: 0\n",
    );
    let dana = &repo.run(&["status", "--json"]).json()["people"][0];
    assert_eq!(dana["cadence"], "monthly");
    assert_eq!(dana["next_due"], "2026-12-01");
    assert_eq!(dana["state"], "ok");
}

#[test]
fn open_actions_count_each_item_once_with_children() {
    let repo = TestRepo::new();
    repo.note(
        "alice/2026-11-10.md",
        WEEKLY,
        "- [ ] @me Send packet\n- [ ] @alice Handbook\n  - [ ] Escalation\n  - [x] Runbooks\n",
    )
    .note(
        "alice/2026-11-17.md",
        WEEKLY,
        "- [ ] @me Send packet (from 2026-11-10)\n- [x] @alice Handbook (from 2026-11-10)\n  - [ ] Escalation (from 2026-11-10)\n- [ ] New one\n",
    );
    let alice = &repo.run(&["status", "--json"]).json()["people"][0];
    assert_eq!(alice["open_actions"], 3, "packet, escalation, new one");
    assert_eq!(alice["oldest_open_days"], 15);
}

#[test]
fn fail_on_overdue_exits_1_and_still_prints() {
    let repo = TestRepo::new();
    repo.note("ok/2026-11-24.md", WEEKLY, "");
    repo.run(&["status", "--fail-on", "overdue"]).ok();
    repo.note("late/2026-11-01.md", WEEKLY, "");
    let run = repo.run(&["status", "--fail-on", "overdue", "--json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let status: Value = serde_json::from_str(&run.stdout).expect("JSON on stdout");
    assert_eq!(status["people"][0]["state"], "overdue");
    let table = repo.run(&["status", "--fail-on", "overdue"]);
    assert_eq!(table.code, 1);
    assert!(table.stdout.contains("late"), "{}", table.stdout);
    repo.run(&["status"]).ok(); // without --fail-on overdue is fine
    assert_eq!(repo.run(&["status", "--fail-on", "late"]).code, 2);
}

#[test]
fn a_malformed_note_is_a_warning_and_everyone_else_is_reported() {
    let repo = TestRepo::example();
    repo.write("bob/2026-11-25.md", "just text, no front matter\n");
    let run = repo.run(&["status"]);
    let warning = no_front_matter("bob/2026-11-25.md");
    let table = run.ok_with_stderr(&warning);
    for person in ["alice", "bob", "carol", "dave", "erin"] {
        assert!(table.contains(person), "{person} missing:\n{table}");
    }
    let json = repo.run(&["status", "--json"]).json_with_stderr(&warning);
    assert_eq!(json["people"].as_array().map(Vec::len), Some(5));
}

#[test]
fn an_empty_repository_says_how_to_start() {
    let repo = TestRepo::new();
    let run = repo.run(&["status"]);
    assert!(run.ok().contains("oneonone new PERSON"), "{}", run.stdout);
    assert_eq!(
        repo.run(&["status", "--json"]).json(),
        json!({"today": TODAY, "people": []})
    );
    assert_eq!(repo.run(&["people"]).ok(), "");
}

#[test]
fn example_status_table() {
    let repo = TestRepo::example();
    let run = repo.run(&["status"]);
    insta::assert_snapshot!(run.ok());
    let states: Vec<_> = rows(&repo.run(&["status", "--json"]).json())
        .into_iter()
        .map(|r| format!("{} {}", r.0, r.1))
        .collect();
    assert_eq!(
        states,
        [
            "carol overdue",
            "bob due",
            "alice ok",
            "dave ok",
            "erin paused"
        ]
    );
}

#[test]
fn example_status_json() {
    let status = TestRepo::example().run(&["status", "--json"]).json();
    assert_eq!(
        status["people"][0],
        json!({
            "person": "carol", "name": "Carol Nguyen", "kind": "mentee", "cadence": "monthly",
            "last": "2026-10-13", "next_due": "2026-11-13", "days": 12, "state": "overdue",
            "open_actions": 3, "oldest_open_days": 71, "planned": null, "paused_until": null
        })
    );
    let erin = &status["people"][4];
    assert_eq!(
        (
            &erin["state"],
            &erin["next_due"],
            &erin["days"],
            &erin["paused_until"]
        ),
        (
            &json!("paused"),
            &json!("2027-02-01"),
            &json!(-68),
            &json!("2027-01-31")
        )
    );
    let alice = &status["people"][2];
    assert_eq!(
        (
            alice["open_actions"].as_u64(),
            alice["oldest_open_days"].as_i64()
        ),
        (Some(5), Some(29))
    );
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let repo = TestRepo::example();
    let always = repo.run(&["--color", "always", "status"]);
    assert!(
        always.ok().contains("\x1b[31moverdue\x1b[0m"),
        "{}",
        always.stdout
    );
    assert!(always.stdout.contains("\x1b[33mdue\x1b[0m"));
    assert!(always.stdout.contains("\x1b[32mok\x1b[0m"));
    assert!(always.stdout.contains("\x1b[2mpaused\x1b[0m"));
    assert!(
        !repo.run(&["status"]).ok().contains('\x1b'),
        "piped: no colour"
    );
    let no_color = repo
        .command()
        .args(["--color", "auto", "status"])
        .env("NO_COLOR", "1")
        .output()
        .expect("run");
    assert!(!String::from_utf8_lossy(&no_color.stdout).contains('\x1b'));
    assert!(
        !repo
            .run(&["--color", "never", "gaps"])
            .ok()
            .contains('\x1b')
    );
    assert!(
        repo.run(&["--color", "always", "log", "bob"])
            .ok()
            .contains("\x1b[")
    );
}

#[test]
fn people_lists_ids_sorted() {
    let repo = TestRepo::example();
    repo.write("zoe/topics.md", "- hello\n")
        .write("notes-about-nobody/README.md", "not a person\n")
        .write("bob/2026-11-25.md", "broken");
    let settings = repo.read(".oneonone.yaml") + "  frank:\n    kind: peer\n";
    repo.write(".oneonone.yaml", settings);
    let run = repo.run(&["people"]);
    assert_eq!(run.ok(), "alice\nbob\ncarol\ndave\nerin\nfrank\nzoe\n");
    assert_eq!(run.stderr, "", "completion output stays clean");
}
