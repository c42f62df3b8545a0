//! What the server knows of the repository beyond the open note: people
//! behind `@handles`, carrying an item into the latest note, findings only
//! the whole repository shows, and files changed on disk while it runs.

use std::time::Duration;

use serde_json::{Value, json};

use super::{EDITED, Server, labels, repo, url};
use crate::support::TestRepo;

fn position(uri: &str, line: u32, character: u32) -> Value {
    json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}})
}

#[test]
fn hover_on_a_handle_shows_the_person_as_status_does() {
    let repo = repo();
    let mut server = Server::start(&repo);
    server.initialize(&repo);
    let uri = url(&repo, "alice-smith/2026-11-24.md");
    server.open(&uri, EDITED);
    // `@alice` on line 6; the open note (not saved) is the last meeting.
    let response = server.request("textDocument/hover", position(&uri, 6, 8));
    assert_eq!(
        response["result"]["contents"]["value"],
        json!(
            "**alice-smith** (`alice-smith`)  \ndirect-report, weekly  \n\
             last met 2026-11-24; next due 2026-12-01 (ok)"
        ),
        "{response}"
    );
    // What `status` says once the note is saved.
    repo.write("alice-smith/2026-11-24.md", EDITED);
    let status = repo.run(&["status", "--json"]).json();
    let alice = status["people"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["person"] == json!("alice-smith"))
        .unwrap_or_else(|| panic!("{status}"));
    assert_eq!(alice["next_due"], json!("2026-12-01"));
    assert_eq!(alice["state"], json!("ok"));

    // `@zed` names no one: no hover.
    let response = server.request("textDocument/hover", position(&uri, 11, 8));
    assert_eq!(response["result"], Value::Null, "{response}");
    server.finish();
}

#[test]
fn definition_on_a_handle_opens_the_latest_held_note() {
    let repo = repo();
    // Planned (after today): not where the handle leads.
    repo.note(
        "alice-smith/2026-12-01.md",
        "status: planned\n",
        "## Agenda\n",
    );
    let mut server = Server::start(&repo);
    server.initialize(&repo);
    let uri = url(&repo, "bob/2026-11-20.md");
    let text = "---\nperson: bob\ndate: 2026-11-20\n---\n## Notes\nask @asmith about it\n";
    server.open(&uri, text);
    let response = server.request("textDocument/definition", position(&uri, 5, 6));
    assert_eq!(
        response["result"],
        json!({"uri": url(&repo, "alice-smith/2026-11-17.md"),
               "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}}),
        "{response}"
    );
    // Someone with only a planned note: that one.
    repo.note("carol/2026-12-02.md", "status: planned\n", "");
    let text = format!("{text}and @carol\n");
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": text}]}),
    );
    let wanted = json!(url(&repo, "carol/2026-12-02.md"));
    let response = poll(
        &mut server,
        "textDocument/definition",
        &position(&uri, 6, 6),
        |r| r["result"]["uri"] == wanted,
    );
    assert_eq!(response["result"]["uri"], wanted, "{response}");
    server.finish();
}

/// A note written by hand on 2026-11-17 that carried one of two items.
fn carrying_repo() -> TestRepo {
    let repo = TestRepo::new();
    repo.note(
        "alice/2026-11-10.md",
        "",
        "## Action items\n- [ ] @alice send the plan\n- [ ] @me book a room due:2026-11-30\n",
    );
    repo.note(
        "alice/2026-11-17.md",
        "",
        "## Carried over\n- [ ] @alice send the plan (from 2026-11-10)\n\n## Notes\nfine\n",
    );
    repo
}

fn action_titles(response: &Value) -> Vec<String> {
    response["result"]
        .as_array()
        .unwrap_or_else(|| panic!("{response}"))
        .iter()
        .map(|a| a["title"].as_str().unwrap().to_owned())
        .collect()
}

fn actions(server: &mut Server, uri: &str, line: u32) -> Value {
    server.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri},
               "range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 0}},
               "context": {"diagnostics": []}}),
    )
}

#[test]
fn an_item_left_behind_is_carried_into_the_latest_note() {
    let repo = carrying_repo();
    let mut server = Server::start(&repo);
    server.initialize(&repo);
    let old = url(&repo, "alice/2026-11-10.md");
    server.open(&old, &repo.read("alice/2026-11-10.md"));

    // `book a room` (line 6) was not carried: it can be.
    let response = actions(&mut server, &old, 6);
    let titles = action_titles(&response);
    assert_eq!(
        titles,
        [
            "Mark done: @me book a room due:2026-11-30",
            "Drop: @me book a room due:2026-11-30",
            "Carry into the note of 2026-11-17: @me book a room due:2026-11-30",
        ],
        "{response}"
    );
    let latest = url(&repo, "alice/2026-11-17.md");
    // After the last line of `## Carried over` (line 5), as `new` writes it.
    assert_eq!(
        response["result"][2]["edit"],
        json!({"changes": {latest.clone(): [{
            "range": {"start": {"line": 6, "character": 0}, "end": {"line": 6, "character": 0}},
            "newText": "- [ ] @me book a room due:2026-11-30 (from 2026-11-10)\n"
        }]}}),
        "{response}"
    );

    // `send the plan` (line 5) is carried already: only the checkboxes.
    let titles = action_titles(&actions(&mut server, &old, 5));
    assert_eq!(titles.len(), 2, "{titles:?}");

    // In the latest note itself there is nowhere later to carry to.
    server.open(&latest, &repo.read("alice/2026-11-17.md"));
    let titles = action_titles(&actions(&mut server, &latest, 5));
    assert_eq!(titles.len(), 2, "{titles:?}");

    // Once the latest note (as the editor has it) carries it, it is no
    // longer offered.
    let carried = repo.read("alice/2026-11-17.md").replace(
        "(from 2026-11-10)\n",
        "(from 2026-11-10)\n- [ ] @me book a room due:2026-11-30 (from 2026-11-10)\n",
    );
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": latest, "version": 2}, "contentChanges": [{"text": carried}]}),
    );
    let titles = action_titles(&actions(&mut server, &old, 6));
    assert_eq!(titles.len(), 2, "{titles:?}");
    server.finish();
}

#[test]
fn findings_of_the_whole_repository_show_on_the_note_they_concern() {
    let repo = TestRepo::new();
    repo.note("alice/2026-11-10.md", "", "- [ ] a\n- [ ] b\n");
    // Scaffolded by `new` from the note before, then `b` deleted by hand.
    let scaffolded = "---\nperson: alice\ndate: 2026-11-17\ncarried_from: 2026-11-10\n---\n\
                      - [ ] a (from 2026-11-10)\n- [ ] @zed call\n";
    repo.write("alice/2026-11-17.md", scaffolded);
    // A folder with no notes is no one, for `check` and the editor alike.
    std::fs::create_dir(repo.path().join("zed")).expect("mkdir");
    let check = repo.run(&["check", "--json"]);
    let findings = serde_json::from_str::<Value>(&check.stdout).expect("JSON")["findings"].clone();
    let concerning: Vec<&Value> = findings
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["path"] == json!("alice/2026-11-17.md"))
        .collect();
    assert_eq!(concerning.len(), 2, "{findings}");

    let mut server = Server::start(&repo);
    server.initialize(&repo);
    let uri = url(&repo, "alice/2026-11-17.md");
    server.open(&uri, scaffolded);
    let published = server.diagnostics();
    let diagnostics = published["diagnostics"].as_array().expect("array");
    let messages: Vec<&str> = diagnostics
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    let checked: Vec<&str> = concerning
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(messages, checked, "{published}");
    // The removed line is gone, so the finding sits on the first line;
    // `@zed` on its item's line. Both information, as in `check`.
    assert_eq!(diagnostics[0]["range"]["start"]["line"], json!(0));
    assert_eq!(diagnostics[1]["range"]["start"]["line"], json!(6));
    for d in diagnostics {
        assert_eq!(d["severity"], json!(3), "{d}");
    }
    assert!(
        messages[0].starts_with("carried item removed: `b`"),
        "{messages:?}"
    );
    server.finish();
}

/// Asks until `done` holds of the answer, a bounded number of times: the
/// watcher reports a change a moment after it happens.
fn poll(server: &mut Server, method: &str, params: &Value, done: impl Fn(&Value) -> bool) -> Value {
    let mut response = Value::Null;
    for _ in 0..200 {
        response = server.request(method, params.clone());
        if done(&response) {
            break;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    response
}

#[test]
fn a_person_created_on_disk_is_offered_after_at() {
    let repo = repo();
    let mut server = Server::start(&repo);
    server.initialize(&repo);
    let uri = url(&repo, "alice-smith/2026-11-24.md");
    server.open(&uri, EDITED);
    let at = position(&uri, 9, 7);
    let before = labels(&server.request("textDocument/completion", at.clone()));
    assert!(!before.contains(&"carol".to_owned()), "{before:?}");

    repo.note("carol/2026-11-20.md", "", "## Notes\n");
    let response = poll(&mut server, "textDocument/completion", &at, |r| {
        labels(r).contains(&"carol".to_owned())
    });
    assert!(
        labels(&response).contains(&"carol".to_owned()),
        "{response}"
    );

    // `@zed` (line 11) names no one until zed has a note.
    let messages = |published: &Value| -> Vec<String> {
        published["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["message"].as_str().unwrap().to_owned())
            .collect()
    };
    let change = |server: &mut Server, version: u32| {
        server.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version},
                   "contentChanges": [{"text": EDITED}]}),
        );
        server.diagnostics()
    };
    let published = change(&mut server, 2);
    assert!(
        messages(&published)
            .iter()
            .any(|m| m.starts_with("`@zed` names no one")),
        "{published}"
    );
    repo.note("zed/2026-11-20.md", "", "## Notes\n");
    poll(&mut server, "textDocument/completion", &at, |r| {
        labels(r).contains(&"zed".to_owned())
    });
    let published = change(&mut server, 3);
    assert!(
        !messages(&published).iter().any(|m| m.contains("@zed")),
        "{published}"
    );
    server.finish();
}
