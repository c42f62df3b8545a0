//! `oneonone actions`: open items, deduplicated across carry chains.

use serde_json::{Value, json};

use crate::support::{TODAY, TestRepo, no_front_matter};

/// Every item of the report, children after their parent.
fn flat(items: &Value) -> Vec<&Value> {
    let mut out = Vec::new();
    for item in items.as_array().expect("items array") {
        out.push(item);
        out.extend(flat(&item["children"]));
    }
    out
}

fn texts(report: &Value) -> Vec<&str> {
    flat(&report["items"])
        .iter()
        .map(|i| i["text"].as_str().expect("text"))
        .collect()
}

#[test]
fn example_actions() {
    let repo = TestRepo::example();
    insta::assert_snapshot!(repo.run(&["actions"]).ok());
}

#[test]
fn a_five_note_carry_chain_is_one_item() {
    let repo = TestRepo::new();
    repo.note(
        "alice/2026-10-01.md",
        "",
        "## Action items\n- [ ] @me Send the packet\n",
    );
    for day in ["08", "15", "22", "29"] {
        repo.note(
            &format!("alice/2026-10-{day}.md"),
            "",
            "## Carried over\n- [ ] @me Send the packet (from 2026-10-01)\n",
        );
    }
    let report = repo.run(&["actions", "--json"]).json();
    let items = flat(&report["items"]);
    assert_eq!(items.len(), 1, "{report:#}");
    let item = items[0];
    assert_eq!(item["carried"], 4);
    assert_eq!(item["origin"], "2026-10-01");
    assert_eq!(item["path"], "alice/2026-10-29.md");
    assert_eq!(item["line"], 6);
    assert_eq!(item["age_days"], 55);

    let text = repo.run(&["actions"]);
    assert_eq!(
        text.ok(),
        "alice\n  alice/2026-10-29.md:6  @me Send the packet  (age 55d, carried 4×)\n"
    );
}

#[test]
fn json_shape() {
    let repo = TestRepo::example();
    let report = repo.run(&["actions", "alice", "--json"]).json();
    assert_eq!(report["today"], TODAY);
    let keys = [
        "age_days", "carried", "children", "closed", "due", "how", "line", "origin", "owner",
        "path", "person", "private", "state", "text",
    ];
    for item in flat(&report["items"]) {
        let mut found: Vec<&str> = item
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        found.sort_unstable();
        assert_eq!(found, keys);
    }
    let items = report["items"].as_array().expect("array");
    let goals = items
        .iter()
        .find(|i| i["text"] == "@alice Draft Q1 goals due:2026-12-01")
        .expect("goals item");
    assert_eq!(
        goals,
        &json!({
            "person": "alice",
            "text": "@alice Draft Q1 goals due:2026-12-01",
            "owner": "alice",
            "due": "2026-12-01",
            "origin": "2026-11-17",
            "state": "open",
            "how": null,
            "closed": null,
            "age_days": 8,
            "carried": 1,
            "private": false,
            "path": "alice/2026-11-24.md",
            "line": 15,
            "children": []
        })
    );
    let handbook = items
        .iter()
        .find(|i| i["text"] == "@alice Prepare the on-call handbook")
        .expect("handbook item");
    assert_eq!(
        handbook["children"][0]["text"],
        "Write the escalation section"
    );
    assert_eq!(handbook["children"][0]["owner"], Value::Null);
    assert_eq!(handbook["children"].as_array().map(Vec::len), Some(1));
}

#[test]
fn sorted_by_person_then_origin_then_line() {
    let repo = TestRepo::example();
    let report = repo.run(&["actions", "--json", "--all"]).json();
    let keys: Vec<(String, String, String, u64)> = report["items"]
        .as_array()
        .expect("array")
        .iter()
        .map(|i| {
            (
                i["person"].as_str().unwrap_or_default().to_owned(),
                i["origin"].as_str().unwrap_or_default().to_owned(),
                i["path"].as_str().unwrap_or_default().to_owned(),
                i["line"].as_u64().unwrap_or_default(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
}

#[test]
fn owner_filter_knows_me_and_is_case_insensitive() {
    let repo = TestRepo::new();
    repo.write(".oneonone.yaml", "me: sam\n");
    repo.note(
        "alice/2026-11-17.md",
        "",
        "- [ ] @me one\n- [ ] @Sam two\n- [ ] @alice three\n  - [ ] sub of three\n- [ ] four\n",
    );
    let owned = |owner: &str| {
        let report = repo.run(&["actions", "--owner", owner, "--json"]).json();
        texts(&report)
            .into_iter()
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    assert_eq!(owned("me"), ["@me one", "@Sam two"]);
    assert_eq!(owned("SAM"), ["@me one", "@Sam two"]);
    assert_eq!(owned("@Alice"), ["@alice three", "sub of three"]);
    assert!(owned("bob").is_empty());

    let example = TestRepo::example();
    let mine = example.run(&["actions", "--owner", "me", "--json"]).json();
    assert!(
        flat(&mine["items"]).iter().all(|i| i["owner"] == "me"),
        "{mine:#}"
    );
    assert_eq!(flat(&mine["items"]).len(), 6);
}

#[test]
fn all_adds_closed_items_with_their_dates() {
    let repo = TestRepo::example();
    let open = repo.run(&["actions", "alice", "--json"]).json();
    assert!(
        flat(&open["items"]).iter().all(|i| i["state"] == "open"),
        "{open:#}"
    );
    let all = repo.run(&["actions", "alice", "--all", "--json"]).json();
    let items = flat(&all["items"]);
    let find = |text: &str| {
        *items
            .iter()
            .find(|i| i["text"] == text)
            .unwrap_or_else(|| panic!("{text} in {all:#}"))
    };
    let budget = find("@me Ask finance for the Q4 conference budget");
    assert_eq!(budget["state"], "done");
    assert_eq!(budget["closed"], "2026-09-29");
    assert_eq!(budget["path"], "alice/2026-09-29.md");
    let vendor = find("@alice Evaluate the new feature-flag vendor");
    assert_eq!(vendor["state"], "cancelled");
    assert_eq!(vendor["closed"], "2026-11-10");
    let runbooks = find("Collect the existing runbooks");
    assert_eq!(runbooks["state"], "done");
    assert_eq!(runbooks["closed"], "2026-11-17");
    assert!(find("@me Send the promotion packet to HR")["closed"].is_null());
    assert!(items.len() > flat(&open["items"]).len());

    let text = repo.run(&["actions", "alice", "--all"]);
    assert!(
        text.ok().contains(
            // Its age stopped when it was done: 2026-09-15 to 2026-09-29.
            "@me Ask finance for the Q4 conference budget  (age 14d, carried 2×, done 2026-09-29)"
        ),
        "{}",
        text.stdout
    );
}

#[test]
fn overdue_due_dates_are_red_on_a_colour_terminal() {
    let repo = TestRepo::example();
    let plain = repo.run(&["actions", "bob"]);
    assert!(plain.ok().contains("  due 2026-11-20 (5d late)\n"));
    assert!(!plain.stdout.contains('\x1b'));
    let coloured = repo.run(&["actions", "bob", "--color", "always"]);
    assert!(
        coloured
            .ok()
            .contains("\x1b[31mdue 2026-11-20 (5d late)\x1b[0m")
    );
}

#[test]
fn unknown_person_and_broken_notes() {
    let repo = TestRepo::example();
    let run = repo.run(&["actions", "zed"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no person 'zed'"), "{}", run.stderr);

    repo.write("alice/2026-11-25.md", "no front matter\n");
    let run = repo.run(&["actions", "alice"]);
    let out = run.ok_with_stderr(&no_front_matter("alice/2026-11-25.md"));
    assert!(out.contains("Send the promotion packet"), "{out}");
}
