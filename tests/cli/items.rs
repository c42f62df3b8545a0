//! Items you can trust: what the reports say stays true through the edits
//! a person makes between meetings: rewording a carried line, deleting
//! one, ticking a parent before its sub-task, writing next week's agenda
//! ahead of time.

use serde_json::{Value, json};

use crate::support::TestRepo;

/// `oneonone --today DAY ARGS…`, which must succeed with `stderr`.
fn on(repo: &TestRepo, day: &str, args: &[&str], stderr: &str) -> String {
    let mut all = vec!["--today", day];
    all.extend_from_slice(args);
    repo.run(&all).ok_with_stderr(stderr).to_owned()
}

/// `actions --all --json` for `person`, as of `day`.
fn all_items(repo: &TestRepo, person: &str, day: &str) -> Vec<Value> {
    let json: Value =
        serde_json::from_str(&on(repo, day, &["actions", person, "--all", "--json"], ""))
            .expect("JSON");
    json["items"].as_array().expect("items").clone()
}

fn status_of(repo: &TestRepo, person: &str, day: &str) -> Value {
    let json: Value =
        serde_json::from_str(&on(repo, day, &["status", "--json"], "")).expect("JSON");
    json["people"]
        .as_array()
        .expect("people")
        .iter()
        .find(|p| p["person"] == person)
        .cloned()
        .unwrap_or_else(|| panic!("{person} in {json:#}"))
}

/// Replaces `from` by `to` in the note at `rel`, as an editor would.
fn edit(repo: &TestRepo, rel: &str, from: &str, to: &str) {
    let text = repo.read(rel);
    assert!(text.contains(from), "{from:?} in {rel}:\n{text}");
    repo.write(rel, text.replacen(from, to, 1));
}

fn carried_section(repo: &TestRepo, rel: &str) -> String {
    crate::support::section(&repo.read(rel), "Carried over")
        .lines()
        .filter(|l| !l.starts_with("<!--"))
        .collect::<Vec<_>>()
        .join("\n")
}

const FIRST: &str = "\
## Action items
- [ ] @alice Draft Q1 goals due:2026-11-20
  - [ ] Outline the themes
- [ ] @me Book the offsite room
";

/// Alice's first note, and a second one `new` scaffolded a week later.
fn two_weeks() -> TestRepo {
    let repo = TestRepo::new();
    repo.note("alice/2026-11-11.md", "", FIRST);
    on(
        &repo,
        "2026-11-18",
        &["new", "alice", "--no-edit"],
        "created alice/2026-11-18.md (3 carried, 0 topics)\n",
    );
    repo
}

#[test]
fn a_reworded_carried_item_is_still_one_item() {
    let repo = two_weeks();
    let second = "alice/2026-11-18.md";
    assert!(repo.read(second).contains("carried_from: 2026-11-11\n"));
    // The user rewords the item and moves its due date.
    edit(
        &repo,
        second,
        "- [ ] @alice Draft Q1 goals due:2026-11-20 (from 2026-11-11)",
        "- [ ] @alice Draft Q1 and Q2 goals due:2026-11-30 (from 2026-11-11)",
    );
    let items = all_items(&repo, "alice", "2026-11-25");
    assert_eq!(items.len(), 2, "{items:#?}");
    let goals = &items[0];
    // It reads as it does now, where it is now, from where it began.
    assert_eq!(goals["text"], "@alice Draft Q1 and Q2 goals due:2026-11-30");
    assert_eq!(goals["due"], "2026-11-30");
    assert_eq!(goals["origin"], "2026-11-11");
    assert_eq!(goals["state"], "open");
    assert_eq!(goals["carried"], 1);
    assert_eq!(goals["path"], second);
    let line = repo
        .read(second)
        .lines()
        .position(|l| l.contains("Q1 and Q2"))
        .expect("the line")
        + 1;
    assert_eq!(goals["line"], line);
    assert_eq!(goals["children"][0]["text"], "Outline the themes");
    assert_eq!(status_of(&repo, "alice", "2026-11-25")["open_actions"], 3);

    // The next note carries it once, as reworded, with its sub-task.
    on(
        &repo,
        "2026-11-25",
        &["new", "alice", "--no-edit"],
        "created alice/2026-11-25.md (3 carried, 0 topics)\n",
    );
    assert_eq!(
        carried_section(&repo, "alice/2026-11-25.md"),
        "- [ ] @alice Draft Q1 and Q2 goals due:2026-11-30 (from 2026-11-11)\n  \
         - [ ] Outline the themes (from 2026-11-11)\n\
         - [ ] @me Book the offsite room (from 2026-11-11)"
    );
}

#[test]
fn a_deleted_carried_line_ends_its_item() {
    let repo = two_weeks();
    let second = "alice/2026-11-18.md";
    edit(
        &repo,
        second,
        "- [ ] @me Book the offsite room (from 2026-11-11)\n",
        "",
    );
    let items = all_items(&repo, "alice", "2026-11-25");
    let room = items
        .iter()
        .find(|i| i["text"] == "@me Book the offsite room")
        .expect("still listed with --all");
    assert_eq!(room["state"], "cancelled");
    assert_eq!(room["how"], "removed");
    assert_eq!(room["closed"], "2026-11-18");
    assert_eq!(room["age_days"], 7);
    assert_eq!(status_of(&repo, "alice", "2026-11-25")["open_actions"], 2);
    let open = on(&repo, "2026-11-25", &["actions", "alice"], "");
    assert!(!open.contains("offsite"), "{open}");

    // check tells once, as information, how to undo it.
    let check = repo.run(&["--today", "2026-11-25", "check"]);
    assert_eq!(check.code, 0, "{check:?}");
    assert_eq!(
        check.stdout,
        "alice/2026-11-18.md: info: carried item removed: `@me Book the offsite room` \
         (from alice/2026-11-11.md:8) ends here as dropped; undo by restoring the line\n"
    );
    assert_eq!(
        check.stderr,
        "no problems found; 1 note for your information\n"
    );

    // It is not carried again.
    on(
        &repo,
        "2026-11-25",
        &["new", "alice", "--no-edit"],
        "created alice/2026-11-25.md (2 carried, 0 topics)\n",
    );
    assert!(!repo.read("alice/2026-11-25.md").contains("offsite"));
}

#[test]
fn a_note_written_without_carrying_removes_nothing() {
    let repo = TestRepo::new();
    repo.note("alice/2026-11-11.md", "", FIRST);
    // Written by hand: no carried_from, none of the earlier lines.
    repo.note(
        "alice/2026-11-18.md",
        "",
        "## Notes\nTalked about the team.\n",
    );
    assert_eq!(status_of(&repo, "alice", "2026-11-25")["open_actions"], 3);
    let check = repo.run(&["--today", "2026-11-25", "check"]);
    assert_eq!((check.code, check.stdout.as_str()), (0, ""));
    // `new --no-carry` writes no carried_from either.
    on(
        &repo,
        "2026-11-20",
        &["new", "alice", "--no-edit", "--no-carry"],
        "created alice/2026-11-20.md (0 carried, 0 topics)\n",
    );
    assert!(!repo.read("alice/2026-11-20.md").contains("carried_from"));
    // The next note carries what is still open, from where it began.
    on(
        &repo,
        "2026-11-25",
        &["new", "alice", "--no-edit"],
        "created alice/2026-11-25.md (3 carried, 0 topics)\n",
    );
    assert_eq!(
        carried_section(&repo, "alice/2026-11-25.md"),
        "- [ ] @alice Draft Q1 goals due:2026-11-20 (from 2026-11-11)\n  \
         - [ ] Outline the themes (from 2026-11-11)\n\
         - [ ] @me Book the offsite room (from 2026-11-11)"
    );
    assert_eq!(status_of(&repo, "alice", "2026-11-25")["open_actions"], 3);
}

#[test]
fn an_open_sub_task_under_a_done_parent_stays_open_and_is_carried_alone() {
    let repo = TestRepo::new();
    repo.note(
        "alice/2026-11-11.md",
        "",
        "- [x] @alice Prepare the handbook\n  - [ ] Write the escalation section\n",
    );
    assert_eq!(status_of(&repo, "alice", "2026-11-25")["open_actions"], 1);
    let open = all_items(&repo, "alice", "2026-11-25");
    assert_eq!(open[0]["state"], "done");
    assert_eq!(open[0]["children"][0]["state"], "open");
    let check = repo.run(&["--today", "2026-11-25", "check"]);
    assert_eq!(
        (check.code, check.stdout.as_str()),
        (
            0,
            "alice/2026-11-11.md:6: info: `Write the escalation section` is open under a \
             closed item; it stays open and is carried on its own\n"
        )
    );
    on(
        &repo,
        "2026-11-25",
        &["new", "alice", "--no-edit"],
        "created alice/2026-11-25.md (1 carried, 0 topics)\n",
    );
    assert_eq!(
        carried_section(&repo, "alice/2026-11-25.md"),
        "- [ ] Write the escalation section (from 2026-11-11)"
    );
}

#[test]
fn a_closed_item_stops_ageing() {
    let repo = two_weeks();
    edit(
        &repo,
        "alice/2026-11-18.md",
        "- [ ] @me Book the offsite room",
        "- [x] @me Book the offsite room",
    );
    for day in ["2026-11-25", "2027-03-01"] {
        let items = all_items(&repo, "alice", day);
        let room = items
            .iter()
            .find(|i| i["text"] == "@me Book the offsite room")
            .expect("room");
        assert_eq!(
            (&room["closed"], &room["age_days"]),
            (&json!("2026-11-18"), &json!(7))
        );
    }
}

#[test]
fn a_note_written_ahead_is_planned_not_held() {
    let repo = TestRepo::new();
    repo.note("alice/2026-11-17.md", "", "- [ ] @alice Draft Q1 goals\n");
    // On 2026-12-01, next week's agenda is written ahead of time.
    on(
        &repo,
        "2026-12-01",
        &["new", "alice", "--date", "2026-12-08", "--no-edit"],
        "created alice/2026-12-08.md (1 carried, 0 topics)\n",
    );
    edit(
        &repo,
        "alice/2026-12-08.md",
        "## Action items\n",
        "## Action items\n- [ ] @me Only an idea so far\n",
    );
    let alice = status_of(&repo, "alice", "2026-12-01");
    assert_eq!(alice["last"], "2026-11-17");
    assert_eq!(alice["state"], "overdue");
    assert_eq!(alice["planned"], "2026-12-08");
    assert_eq!(alice["open_actions"], 1);
    let table = on(&repo, "2026-12-01", &["status"], "");
    assert!(
        table.lines().next().expect("header").ends_with("planned"),
        "{table}"
    );
    assert!(table.contains("2026-12-08"), "{table}");

    // On the day, `new` opens that note rather than writing another.
    let opened = repo.run(&["--today", "2026-12-08", "new", "alice", "--no-edit"]);
    assert_eq!(
        opened.ok_with_stderr(&crate::support::already_exists("alice/2026-12-08.md")),
        "alice/2026-12-08.md\n"
    );
    let alice = status_of(&repo, "alice", "2026-12-08");
    assert_eq!(alice["last"], "2026-12-08");
    assert_eq!(alice["planned"], Value::Null);
    assert_eq!(alice["open_actions"], 2);
}

#[test]
fn check_flags_a_planned_note_whose_day_has_passed() {
    let repo = TestRepo::new();
    repo.note("alice/2026-11-17.md", "status: planned\n", "");
    let ahead = repo.run(&["--today", "2026-11-10", "check"]);
    assert_eq!((ahead.code, ahead.stdout.as_str()), (0, ""));
    let past = repo.run(&["--today", "2026-11-25", "check"]);
    assert_eq!(past.code, 1);
    assert_eq!(
        past.stdout,
        "alice/2026-11-17.md: warning: still says `status: planned`, but 2026-11-17 has \
         passed: make it held, cancelled or rescheduled\n"
    );
    // A planned meeting is not a held one.
    assert_eq!(status_of(&repo, "alice", "2026-11-25")["state"], "never");
}

#[test]
fn drop_and_reopen_change_one_byte_and_refuse_to_guess() {
    let repo = two_weeks();
    let second = "alice/2026-11-18.md";
    let before = repo.snapshot();
    let original = repo.read(second);

    let run = repo.run(&["drop", "alice", "offsite"]);
    let line = original
        .lines()
        .position(|l| l.contains("offsite"))
        .expect("line")
        + 1;
    assert_eq!(
        run.ok(),
        format!("dropped: {second}:{line}: @me Book the offsite room\n")
    );
    let dropped = repo.read(second);
    let changed: Vec<usize> = original
        .bytes()
        .zip(dropped.bytes())
        .enumerate()
        .filter(|(_, (a, b))| a != b)
        .map(|(i, _)| i)
        .collect();
    assert_eq!(changed.len(), 1, "one byte");
    assert_eq!(&dropped[changed[0] - 1..changed[0] + 2], "[-]");
    assert_eq!(dropped.len(), original.len());
    let room = all_items(&repo, "alice", "2026-11-25")
        .into_iter()
        .find(|i| i["text"] == "@me Book the offsite room")
        .expect("room");
    assert_eq!(
        (room["state"].clone(), room["how"].clone()),
        (json!("cancelled"), Value::Null)
    );

    let run = repo.run(&["reopen", "alice", "offsite"]);
    assert_eq!(
        run.ok(),
        format!("reopened: {second}:{line}: @me Book the offsite room\n")
    );
    assert_eq!(repo.snapshot(), before, "byte for byte as before");

    // Two open items match: nothing is changed, both are listed.
    let run = repo.run(&["drop", "alice", "@"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("oneonone: `@` matches 2 open items; nothing was changed"),
        "{}",
        run.stderr
    );
    let run = repo.run(&["reopen", "alice", "offsite"]);
    assert_eq!(
        run.stderr,
        "oneonone: no done or dropped item matching `offsite` in alice's notes\n"
    );
    assert_eq!(repo.snapshot(), before);
}

#[test]
fn a_removed_item_is_reopened_by_restoring_its_line() {
    let repo = two_weeks();
    edit(
        &repo,
        "alice/2026-11-18.md",
        "- [ ] @me Book the offsite room (from 2026-11-11)\n",
        "",
    );
    let run = repo.run(&["reopen", "alice", "offsite"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "oneonone: `@me Book the offsite room` was removed from alice's notes (its line was \
         deleted after alice/2026-11-11.md:8); restore the line to reopen it\n"
    );
}

#[test]
fn a_reworded_line_as_like_two_items_is_taken_as_the_first_and_check_says_so() {
    let repo = TestRepo::new();
    repo.note(
        "alice/2026-11-11.md",
        "",
        "- [ ] fix bug a\n- [ ] fix bug b\n",
    );
    // Written by hand, one carried line reworded: `c` is as like `a` as `b`.
    repo.note(
        "alice/2026-11-18.md",
        "",
        "- [ ] fix bug c (from 2026-11-11)\n",
    );
    let check = repo.run(&["--today", "2026-11-25", "check"]);
    assert_eq!(
        (check.code, check.stdout.as_str()),
        (
            0,
            "alice/2026-11-18.md:5: info: reworded carried item `fix bug c` is as like \
             alice/2026-11-11.md:5 as alice/2026-11-11.md:6; it was taken as the first \
             (reword it closer to the one you meant)\n"
        )
    );
    let items = all_items(&repo, "alice", "2026-11-25");
    let texts: Vec<&str> = items
        .iter()
        .map(|i| i["text"].as_str().expect("text"))
        .collect();
    // Two items, not three: `c` continued `a`.
    assert_eq!(texts, ["fix bug b", "fix bug c"]);
}
