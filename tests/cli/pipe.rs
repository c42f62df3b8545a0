//! Output into a closed pipe (`oneonone status | head -1`) ends quietly, as
//! other Unix tools do: no panic, no message about the pipe.

use std::process::Stdio;

use crate::support::TestRepo;

/// Runs `args` with stdout a pipe whose reading end is already closed, so
/// every write fails with `EPIPE`, however fast the reader would have been.
fn into_closed_pipe(repo: &TestRepo, args: &[&str]) -> (Option<i32>, String) {
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    let output = repo
        .command()
        .args(args)
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .expect("run binary");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn every_read_command_ends_quietly_on_a_closed_pipe() {
    let repo = TestRepo::example();
    // Something for `check` to print, and warnings on stderr for the rest.
    repo.write("bob/2026-11-20.md", "no front matter\n");
    let commands: &[&[&str]] = &[
        &["status"],
        &["status", "--json"],
        &["gaps"],
        &["gaps", "--json"],
        &["actions"],
        &["actions", "--all", "--json"],
        &["log", "alice"],
        &["log", "alice", "--json"],
        &["prep", "carol"],
        &["people"],
        &["check"],
        &["check", "--json"],
        &["index"],
        &["index", "--json"],
        &["calendar"],
        &["templates", "list"],
        &["templates", "show", "peer"],
        &["watch", "--once"],
        &["completions", "bash"],
        &["man"],
    ];
    for args in commands {
        // The same exit code and the same stderr as with a reader: no
        // panic (exit code 101), no complaint about the pipe.
        let read = repo.run(args);
        let (code, stderr) = into_closed_pipe(&repo, args);
        assert!(!read.stdout.is_empty(), "{args:?} prints something");
        assert_eq!((code, stderr), (Some(read.code), read.stderr), "{args:?}");
    }
}
