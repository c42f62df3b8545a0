//! `oneonone lsp`: the real server driven over pipes with framed JSON-RPC
//! messages, as an editor drives it.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use serde_json::{Value, json};

use crate::support::TestRepo;

mod repository;

struct Server {
    child: Child,
    stdin: Option<ChildStdin>,
    messages: Receiver<Value>,
    next_id: i64,
}

impl Server {
    fn start(repo: &TestRepo) -> Server {
        Server::start_in(repo, repo.path())
    }

    /// The server started in `cwd`, with the repository's environment.
    fn start_in(repo: &TestRepo, cwd: &std::path::Path) -> Server {
        let mut child = repo
            .command()
            .current_dir(cwd)
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start oneonone lsp");
        let stdout = child.stdout.take().expect("stdout");
        let (send, messages) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = None;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(n) = line.strip_prefix("Content-Length: ") {
                        length = Some(n.parse::<usize>().expect("length"));
                    }
                }
                let mut body = vec![0; length.expect("Content-Length header")];
                reader.read_exact(&mut body).expect("body");
                let value: Value = serde_json::from_slice(&body).expect("JSON body");
                if send.send(value).is_err() {
                    return;
                }
            }
        });
        let stdin = child.stdin.take();
        Server {
            child,
            stdin,
            messages,
            next_id: 0,
        }
    }

    fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(bytes).expect("write");
        stdin.flush().expect("flush");
    }

    fn send(&mut self, message: &Value) {
        let body = message.to_string();
        self.send_raw(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
    }

    fn notify(&mut self, method: &str, params: Value) {
        let mut message = json!({"jsonrpc": "2.0", "method": method});
        message["params"] = params;
        self.send(&message);
    }

    /// Sends a request and returns its response, skipping notifications.
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({"jsonrpc": "2.0", "id": id, "method": method});
        message["params"] = params;
        self.send(&message);
        loop {
            let message = self.receive();
            if message["id"] == json!(id) {
                return message;
            }
        }
    }

    fn receive(&self) -> Value {
        self.messages
            .recv_timeout(Duration::from_secs(20))
            .expect("a message from the server in time")
    }

    /// The next `publishDiagnostics` notification.
    fn diagnostics(&self) -> Value {
        loop {
            let message = self.receive();
            if message["method"] == "textDocument/publishDiagnostics" {
                return message["params"].clone();
            }
        }
    }

    fn initialize(&mut self, repo: &TestRepo) -> Value {
        let root = url(repo, "");
        let response = self.request(
            "initialize",
            json!({"processId": null, "rootUri": root, "capabilities": {}}),
        );
        self.notify("initialized", json!({}));
        response
    }

    fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
        );
    }

    /// Shuts down and exits, and checks the process ended well.
    fn finish(mut self) {
        let response = self.request("shutdown", Value::Null);
        assert_eq!(response["result"], Value::Null, "{response}");
        self.notify("exit", Value::Null);
        self.stdin = None;
        let status = wait(&mut self.child);
        assert!(status.success(), "exit status {status:?}");
    }
}

fn wait(child: &mut Child) -> std::process::ExitStatus {
    for _ in 0..200 {
        if let Some(status) = child.try_wait().expect("wait") {
            return status;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    panic!("the server did not exit");
}

fn url(repo: &TestRepo, rel: &str) -> String {
    format!("file://{}/{rel}", repo.path().display())
}

const ALICE_OLD: &str = "## Action items\n\n- [ ] @alice send the plan due:2026-11-30\n";

fn repo() -> TestRepo {
    let repo = TestRepo::new();
    repo.write(
        ".oneonone.yaml",
        "people:\n  alice-smith:\n    handles: [alice, asmith]\n",
    );
    repo.note("alice-smith/2026-11-10.md", "", ALICE_OLD);
    repo.note(
        "alice-smith/2026-11-17.md",
        "",
        "## Action items\n\n- [ ] @alice send the plan due:2026-11-30 (from 2026-11-10)\n",
    );
    repo.note("bob/2026-11-20.md", "", "## Notes\n");
    repo
}

/// The note being edited: one item carried from a note that exists, one
/// from a date with no note (line 7).
const EDITED: &str = "---\nperson: alice-smith\ndate: 2026-11-24\n---\n## Action items\n\n\
- [ ] @alice send the plan due:2026-11-30 (from 2026-11-10)\n\
- [ ] @me book a room (from 2026-11-03)\n\
- [x] @me write it up\n\
- [ ] @\n\
- [ ] ask due:\n\
- [ ] @zed call back\n";

#[test]
fn initialize_announces_what_the_server_does() {
    let repo = repo();
    let mut server = Server::start(&repo);
    let response = server.initialize(&repo);
    let caps = &response["result"]["capabilities"];
    assert_eq!(
        caps["textDocumentSync"],
        json!({"openClose": true, "change": 1, "save": true}),
        "{response}"
    );
    assert_eq!(caps["hoverProvider"], json!(true));
    assert_eq!(caps["definitionProvider"], json!(true));
    assert_eq!(caps["codeActionProvider"], json!(true));
    assert_eq!(
        caps["completionProvider"]["triggerCharacters"],
        json!(["@", ":"])
    );
    server.finish();
}

#[test]
fn diagnostics_come_from_the_open_text() {
    let repo = repo();
    let mut server = Server::start(&repo);
    server.initialize(&repo);
    let uri = url(&repo, "alice-smith/2026-11-24.md");
    server.open(&uri, EDITED);
    let published = server.diagnostics();
    assert_eq!(published["uri"], json!(uri));
    let diagnostics = published["diagnostics"].as_array().expect("array");
    assert_eq!(diagnostics.len(), 2, "{published}");
    let unknown = &diagnostics[1];
    assert_eq!(unknown["severity"], json!(3), "information: {unknown}");
    assert_eq!(unknown["range"]["start"]["line"], json!(11));
    assert!(
        unknown["message"]
            .as_str()
            .unwrap()
            .contains("`@zed` names no one")
    );
    let d = &diagnostics[0];
    assert_eq!(d["severity"], json!(2), "a warning: {d}");
    assert_eq!(d["range"]["start"], json!({"line": 7, "character": 0}));
    assert_eq!(
        d["range"]["end"],
        json!({"line": 7, "character": "- [ ] @me book a room (from 2026-11-03)".len()})
    );
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("has no note dated 2026-11-03"),
        "{d}"
    );

    // A change is checked as typed: a date that does not match the file
    // name is an error at its line and column.
    let broken = EDITED.replace("date: 2026-11-24", "date: 2026-11-23");
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": broken}]}),
    );
    let published = server.diagnostics();
    let d = &published["diagnostics"][0];
    assert_eq!(d["severity"], json!(1), "an error: {published}");
    assert_eq!(d["range"]["start"]["line"], json!(2), "{d}");
    assert_eq!(d["range"]["start"]["character"], json!(6), "{d}");
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("does not match the file name")
    );

    // A client sending a range anyway: the date is put right.
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{
            "range": {"start": {"line": 2, "character": 14}, "end": {"line": 2, "character": 16}},
            "text": "24"
        }]}),
    );
    let published = server.diagnostics();
    assert_eq!(
        published["diagnostics"].as_array().unwrap().len(),
        2,
        "{published}"
    );

    // A planned meeting whose day has passed, at its `status:` line.
    let planned = EDITED.replace("date: 2026-11-24\n", "date: 2026-11-24\nstatus: planned\n");
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": planned}]}),
    );
    let published = server.diagnostics();
    let planned_warning = published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("status: planned"))
        .unwrap_or_else(|| panic!("{published}"));
    assert_eq!(planned_warning["range"]["start"]["line"], json!(3));

    // The file on disk was never touched.
    assert!(!repo.exists("alice-smith/2026-11-24.md"));
    server.finish();
}

#[test]
fn files_outside_the_notes_get_no_diagnostics() {
    let repo = repo();
    let mut server = Server::start(&repo);
    server.initialize(&repo);
    server.open("file:///somewhere/else/2026-11-24.md", EDITED);
    server.open(&url(&repo, "README.md"), "# hello\n");
    server.open("untitled:Untitled-1", "- [ ] @");
    // The next message is the answer to this request: nothing was published.
    server.next_id += 1;
    let id = server.next_id;
    server.send(&json!({"jsonrpc": "2.0", "id": id, "method": "shutdown"}));
    let message = server.receive();
    assert_eq!(message["id"], json!(id), "{message}");
    server.notify("exit", Value::Null);
    server.stdin = None;
    assert!(wait(&mut server.child).success());
}

fn labels(response: &Value) -> Vec<String> {
    response["result"]
        .as_array()
        .unwrap_or_else(|| panic!("{response}"))
        .iter()
        .map(|i| i["label"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn completion_offers_people_after_at_and_dates_after_due() {
    let repo = repo();
    let mut server = Server::start(&repo);
    server.initialize(&repo);
    let uri = url(&repo, "alice-smith/2026-11-24.md");
    server.open(&uri, EDITED);
    let owners = server.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": {"line": 9, "character": 7}}),
    );
    let names = labels(&owners);
    for want in ["me", "alice-smith", "alice", "asmith", "bob"] {
        assert!(names.contains(&want.to_owned()), "{want} in {names:?}");
    }
    let edit = &owners["result"][0]["textEdit"];
    assert_eq!(edit["range"]["start"], json!({"line": 9, "character": 7}));

    let dates = server.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": {"line": 10, "character": 14}}),
    );
    // Today, tomorrow, the next 1:1 (a week after the note being edited,
    // alice's default weekly cadence) and a week from today.
    assert_eq!(
        labels(&dates),
        ["2026-11-25", "2026-11-26", "2026-12-01", "2026-12-02"]
    );
    let details: Vec<&str> = dates["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["detail"].as_str().unwrap())
        .collect();
    assert_eq!(details, ["today", "tomorrow", "next 1:1", "in a week"]);

    // Not in a task line: nothing.
    let heading = server.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": {"line": 4, "character": 3}}),
    );
    assert_eq!(heading["result"], Value::Null, "{heading}");
    server.finish();
}

#[test]
fn the_next_1_1_after_due_follows_the_timeslot_and_pauses() {
    let repo = TestRepo::new();
    // Bob is met every two weeks on Tuesdays; he is away the week his next
    // meeting falls due (Wed 2 December), so it moves past the pause.
    repo.write(
        ".oneonone.yaml",
        "people:\n  bob:\n    cadence: biweekly\n    slot: \"tue 10:00\"\n    \
         pauses:\n      - {from: 2026-11-30, until: 2026-12-04}\n",
    );
    repo.note("bob/2026-11-18.md", "", "## Notes\n");
    let mut server = Server::start(&repo);
    server.initialize(&repo);
    let uri = url(&repo, "bob/2026-11-18.md");
    server.open(&uri, "---\nperson: bob\n---\n- [ ] @me write due:\n");
    let dates = server.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": {"line": 3, "character": 20}}),
    );
    // Due on Wed 2 December, in the pause; the day after it is Sat 5
    // December, and the slot's Tuesday nearest that is 8 December.
    assert_eq!(
        labels(&dates),
        ["2026-11-25", "2026-11-26", "2026-12-02", "2026-12-08"]
    );
    server.finish();
}

#[test]
fn completion_in_the_front_matter_offers_its_keys_and_their_values() {
    let repo = repo();
    let mut server = Server::start(&repo);
    server.initialize(&repo);
    let uri = url(&repo, "alice-smith/2026-11-24.md");
    let text = "---\nperson: alice-smith\nca\nkind: \nstatus: pl\ncadence:\n---\nkind: \n";
    server.open(&uri, text);
    let at = |line: u32, character: u32| json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}});
    let keys = server.request("textDocument/completion", at(2, 2));
    assert!(labels(&keys).contains(&"cadence: ".to_owned()), "{keys}");
    assert!(
        labels(&keys).contains(&"carried_from: ".to_owned()),
        "{keys}"
    );
    let edit = &keys["result"][0]["textEdit"]["range"];
    assert_eq!(
        edit,
        &json!({"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 2}})
    );

    let kinds = server.request("textDocument/completion", at(3, 6));
    assert_eq!(
        labels(&kinds),
        [
            "direct-report",
            "peer",
            "mentee",
            "mentor",
            "skip-level",
            "cross-functional",
            "manager"
        ]
    );
    let statuses = server.request("textDocument/completion", at(4, 10));
    assert_eq!(
        labels(&statuses),
        ["held", "planned", "cancelled", "rescheduled"]
    );
    let range = &statuses["result"][0]["textEdit"]["range"];
    assert_eq!(range["start"], json!({"line": 4, "character": 8}));
    let cadences = server.request("textDocument/completion", at(5, 8));
    assert_eq!(
        labels(&cadences),
        ["weekly", "biweekly", "monthly", "quarterly", "semiannual"]
    );
    // Past the closing `---` it is the body.
    let body = server.request("textDocument/completion", at(7, 6));
    assert_eq!(body["result"], Value::Null, "{body}");
    server.finish();
}

#[test]
fn the_workspace_root_names_the_repository() {
    let repo = repo();
    let elsewhere = tempfile::tempdir().expect("temp dir");
    let mut server = Server::start_in(&repo, elsewhere.path());
    server.initialize(&repo);
    let uri = url(&repo, "alice-smith/2026-11-24.md");
    server.open(&uri, EDITED);
    let published = server.diagnostics();
    assert_eq!(
        published["diagnostics"].as_array().unwrap().len(),
        2,
        "{published}"
    );
    let owners = server.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": {"line": 9, "character": 7}}),
    );
    assert!(labels(&owners).contains(&"asmith".to_owned()), "{owners}");
    server.finish();
}

#[test]
fn definition_of_a_from_marker_is_the_origin_note() {
    let repo = repo();
    let mut server = Server::start(&repo);
    server.initialize(&repo);
    let uri = url(&repo, "alice-smith/2026-11-24.md");
    server.open(&uri, EDITED);
    let line = "- [ ] @alice send the plan due:2026-11-30 (from 2026-11-10)";
    let at = line.find("(from").unwrap() + 3;
    let response = server.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": uri}, "position": {"line": 6, "character": at}}),
    );
    let result = &response["result"];
    assert_eq!(
        result["uri"],
        json!(url(&repo, "alice-smith/2026-11-10.md")),
        "{response}"
    );
    // The item's line in the origin note (front matter is 4 lines, then a
    // heading and a blank line).
    assert_eq!(result["range"]["start"]["line"], json!(6), "{response}");

    // A marker naming no note goes nowhere.
    let response = server.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": uri}, "position": {"line": 7, "character": 30}}),
    );
    assert_eq!(response["result"], Value::Null, "{response}");
    server.finish();
}

#[test]
fn hover_shows_an_items_history() {
    let repo = repo();
    let mut server = Server::start(&repo);
    server.initialize(&repo);
    let uri = url(&repo, "alice-smith/2026-11-24.md");
    server.open(&uri, EDITED);
    let response = server.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 6, "character": 16}}),
    );
    let text = response["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_else(|| panic!("{response}"));
    assert!(
        text.contains("**open** item, first written 2026-11-10"),
        "{text}"
    );
    assert!(text.contains("owner: @alice"), "{text}");
    assert!(text.contains("due: 2026-11-30"), "{text}");
    assert!(text.contains("carried through 2 later notes"), "{text}");
    assert!(
        text.contains("notes: 2026-11-10, 2026-11-17, 2026-11-24"),
        "{text}"
    );
    server.finish();
}

#[test]
fn code_actions_change_one_checkbox() {
    let repo = repo();
    let mut server = Server::start(&repo);
    server.initialize(&repo);
    let uri = url(&repo, "alice-smith/2026-11-24.md");
    server.open(&uri, EDITED);
    let range = |line: u32| json!({"start": {"line": line, "character": 0}, "end": {"line": line, "character": 0}});
    let open = server.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": range(6), "context": {"diagnostics": []}}),
    );
    let actions = open["result"]
        .as_array()
        .unwrap_or_else(|| panic!("{open}"));
    assert_eq!(actions.len(), 2, "{open}");
    assert!(
        actions[0]["title"]
            .as_str()
            .unwrap()
            .starts_with("Mark done")
    );
    let edits = &actions[0]["edit"]["changes"][&uri];
    assert_eq!(
        edits,
        &json!([{"range": {"start": {"line": 6, "character": 3}, "end": {"line": 6, "character": 4}}, "newText": "x"}])
    );
    assert_eq!(
        actions[1]["edit"]["changes"][&uri][0]["newText"],
        json!("-")
    );

    let done = server.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": range(8), "context": {"diagnostics": []}}),
    );
    let actions = done["result"].as_array().unwrap();
    assert_eq!(actions.len(), 1, "{done}");
    assert!(actions[0]["title"].as_str().unwrap().starts_with("Reopen"));
    assert_eq!(
        actions[0]["edit"]["changes"][&uri][0]["newText"],
        json!(" ")
    );
    server.finish();
}

#[test]
fn crlf_lines_and_wide_characters_are_placed_in_utf16_columns() {
    let repo = repo();
    let mut server = Server::start(&repo);
    server.initialize(&repo);
    let uri = url(&repo, "alice-smith/2026-11-24.md");
    let text = EDITED
        .replace("- [ ] @me book", "  - [ ] \u{1F600} @me book")
        .replace('\n', "\r\n");
    server.open(&uri, &text);
    let published = server.diagnostics();
    let line = "  - [ ] \u{1F600} @me book a room (from 2026-11-03)";
    assert_eq!(
        published["diagnostics"][0]["range"]["end"],
        json!({"line": 7, "character": line.encode_utf16().count()}),
        "{published}"
    );
    let range = json!({"start": {"line": 7, "character": 0}, "end": {"line": 7, "character": 0}});
    let actions = server.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": range, "context": {"diagnostics": []}}),
    );
    assert_eq!(
        actions["result"][0]["edit"]["changes"][&uri][0]["range"],
        json!({"start": {"line": 7, "character": 5}, "end": {"line": 7, "character": 6}}),
        "{actions}"
    );
    server.finish();
}

#[test]
fn bad_input_is_answered_not_fatal() {
    let repo = repo();
    let mut server = Server::start(&repo);
    // A request before initialize.
    let early = server.request("textDocument/hover", json!({}));
    assert_eq!(early["error"]["code"], json!(-32002), "{early}");
    server.initialize(&repo);
    // Not JSON at all.
    server.send_raw(b"Content-Length: 9\r\n\r\nnot json!");
    let error = server.receive();
    assert_eq!(error["error"]["code"], json!(-32700), "{error}");
    // Unknown method, bad parameters.
    let unknown = server.request("textDocument/rename", json!({}));
    assert_eq!(unknown["error"]["code"], json!(-32601), "{unknown}");
    let bad = server.request("textDocument/hover", json!({"nope": 1}));
    assert_eq!(bad["error"]["code"], json!(-32602), "{bad}");
    // Hover on a document never opened, and a notification with bad params.
    let never = server.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": url(&repo, "bob/2026-11-20.md")}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(never["result"], Value::Null, "{never}");
    server.notify("textDocument/didOpen", json!({"textDocument": 5}));
    // A huge document, and a position past the end of a line.
    let uri = url(&repo, "alice-smith/2026-11-24.md");
    let huge = format!("{EDITED}{}", "- [ ] x\n".repeat(3_000_000));
    server.open(&uri, &huge);
    let published = server.diagnostics();
    assert_eq!(published["diagnostics"], json!([]));
    server.open(&uri, "\u{1F600} not a note");
    let published = server.diagnostics();
    assert_eq!(published["diagnostics"][0]["severity"], json!(1));
    let far = server.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 999}}),
    );
    assert!(far.get("error").is_none(), "{far}");
    server.finish();
}

#[test]
fn exit_without_shutdown_is_exit_code_1() {
    let repo = repo();
    let mut server = Server::start(&repo);
    server.initialize(&repo);
    server.notify("exit", Value::Null);
    server.stdin = None;
    assert_eq!(wait(&mut server.child).code(), Some(1));
}

#[test]
fn a_broken_stream_ends_the_server_without_a_panic() {
    let repo = repo();
    let mut server = Server::start(&repo);
    server.initialize(&repo);
    server.send_raw(b"this is no header\r\n\r\n");
    server.stdin = None;
    let status = wait(&mut server.child);
    assert_eq!(status.code(), Some(2));
    let mut stderr = String::new();
    server
        .child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// Neovim as the editor, headless, when it is installed (`.ci/run`
/// installs it): the same server seen through a real client.
#[test]
fn neovim_sees_diagnostics_completion_hover_definition_and_actions() {
    let repo = repo();
    // Run with the test's home and cache: Neovim writes a log even here.
    let found = repo
        .tool("nvim")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !found {
        eprintln!("skipped: `nvim` is not installed (apt-get install neovim)");
        return;
    }
    repo.write("alice-smith/2026-11-24.md", EDITED);
    let out = repo.path().join(".lsp-out");
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/cli/lsp/neovim.lua");
    let mut child = repo
        .tool("nvim")
        .args(["--headless", "-u", "NONE", "-i", "NONE", "-n"])
        .arg("-c")
        .arg(format!("luafile {script}"))
        .args(["-c", "qa!"])
        .env("ONEONONE_BIN", env!("CARGO_BIN_EXE_oneonone"))
        .env("LSP_OUT", &out)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start nvim");
    wait(&mut child);
    let seen = std::fs::read_to_string(&out).unwrap_or_else(|e| panic!("no output from nvim: {e}"));
    let lines: Vec<&str> = seen.lines().collect();
    let has = |want: &str| {
        assert!(
            lines.iter().any(|l| l.starts_with(want)),
            "no line starting {want:?} in:\n{seen}"
        );
    };
    has("diagnostic 7 2 carried from 2026-11-03, but alice-smith has no note dated 2026-11-03");
    has("diagnostic 11 3 `@zed` names no one");
    has("completion asmith");
    has("completion me");
    has("hover **open** item, first written 2026-11-10");
    has(&format!(
        "definition {} 6",
        url(&repo, "alice-smith/2026-11-10.md")
    ));
    has("action Mark done: @alice send the plan");
    has("after - [x] @alice send the plan due:2026-11-30 (from 2026-11-10)");
    assert!(!seen.contains("error "), "{seen}");
    // The edit is in the buffer, not saved: the file is unchanged.
    assert_eq!(repo.read("alice-smith/2026-11-24.md"), EDITED);
}
