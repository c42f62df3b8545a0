//! git integration: `new --commit` / `commit_on_new`, `log --git`.

use std::process::Command;

use serde_json::json;

use crate::support::{TODAY, TestRepo, already_exists};

/// git in the test repository, with a fixed identity and no user or
/// system configuration.
pub(crate) fn git(repo: &TestRepo, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(args)
        .current_dir(repo.path())
        .envs(IDENTITY)
        .env("HOME", repo.path())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

const IDENTITY: [(&str, &str); 5] = [
    ("GIT_AUTHOR_NAME", "Test"),
    ("GIT_AUTHOR_EMAIL", "test@example.invalid"),
    ("GIT_COMMITTER_NAME", "Test"),
    ("GIT_COMMITTER_EMAIL", "test@example.invalid"),
    ("GIT_CONFIG_NOSYSTEM", "1"),
];

fn git_repo() -> TestRepo {
    let repo = TestRepo::new();
    git(&repo, &["init", "--quiet"]);
    repo.note("alice/2026-11-18.md", "", "- [ ] @me Send the packet\n");
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "--quiet", "-m", "start"]);
    repo
}

fn run_with_identity(repo: &TestRepo, args: &[&str]) -> crate::support::Run {
    let mut cmd = repo.command();
    cmd.args(args).envs(IDENTITY);
    let out = cmd.output().expect("run binary");
    crate::support::Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).expect("UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("UTF-8"),
    }
}

#[test]
fn commit_adds_only_the_new_note() {
    let repo = git_repo();
    repo.write("bob/notes.txt", "staged but not part of the 1:1\n");
    git(&repo, &["add", "bob/notes.txt"]);
    let run = run_with_identity(&repo, &["new", "alice", "--no-edit", "--commit"]);
    let stderr = format!(
        "created alice/{TODAY}.md (1 carried, 0 topics)\n\
         committed alice/{TODAY}.md as \"1:1 alice {TODAY}\"\n"
    );
    assert_eq!(run.ok_with_stderr(&stderr), format!("alice/{TODAY}.md\n"));
    assert_eq!(git(&repo, &["rev-list", "--count", "HEAD"]), "2\n");
    assert_eq!(
        git(&repo, &["log", "-1", "--format=%s"]),
        format!("1:1 alice {TODAY}\n")
    );
    assert_eq!(
        git(&repo, &["show", "--name-only", "--format=", "HEAD"]),
        format!("alice/{TODAY}.md\n"),
        "exactly one file in the commit"
    );
    assert_eq!(
        git(&repo, &["diff", "--cached", "--name-only"]),
        "bob/notes.txt\n",
        "the other staged file stays staged"
    );

    // Running it again finds the note: nothing new to commit.
    let again = run_with_identity(&repo, &["new", "alice", "--no-edit", "--commit"]);
    again.ok_with_stderr(&already_exists(&format!("alice/{TODAY}.md")));
    assert_eq!(git(&repo, &["rev-list", "--count", "HEAD"]), "2\n");
}

#[test]
fn commit_on_new_in_settings_commits_too() {
    let repo = git_repo();
    repo.write(".oneonone.yaml", "commit_on_new: true\n");
    run_with_identity(&repo, &["-q", "new", "carol", "--no-edit"]).ok();
    assert_eq!(
        git(&repo, &["show", "--name-only", "--format=%s", "HEAD"]),
        format!("1:1 carol {TODAY}\n\ncarol/{TODAY}.md\n")
    );
}

#[test]
fn commit_outside_git_refuses_and_writes_nothing() {
    let repo = TestRepo::new();
    repo.write("carol/topics.md", "- growth plan\n");
    let before = (repo.snapshot(), repo.tree());
    let run = repo.run(&["new", "carol", "--no-edit", "--commit"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("not inside a git work tree"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("nothing was written"), "{}", run.stderr);
    assert_eq!((repo.snapshot(), repo.tree()), before);

    repo.write(".oneonone.yaml", "commit_on_new: true\n");
    assert_eq!(repo.run(&["new", "carol", "--no-edit"]).code, 2);
    assert!(!repo.exists(&format!("carol/{TODAY}.md")));
}

#[test]
fn a_failed_commit_keeps_the_note_and_says_so() {
    let repo = git_repo();
    git(&repo, &["config", "core.hooksPath", ".hooks"]);
    repo.write(
        ".hooks/pre-commit",
        "#!/bin/sh\necho 'no commits today' >&2\nexit 1\n",
    );
    std::fs::set_permissions(
        repo.path().join(".hooks/pre-commit"),
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .expect("chmod");
    let run = run_with_identity(&repo, &["new", "alice", "--no-edit", "--commit"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(&format!(
            "created alice/{TODAY}.md, but could not commit it"
        )) && run.stderr.contains("no commits today"),
        "{}",
        run.stderr
    );
    assert!(repo.exists(&format!("alice/{TODAY}.md")));
}

#[test]
fn log_git_adds_the_last_change_per_note() {
    let repo = git_repo();
    repo.note("alice/2026-11-24.md", "", "");
    let log = repo.run(&["log", "alice", "--git", "--json"]).json();
    let today = git(&repo, &["log", "-1", "--format=%cs"]);
    assert_eq!(
        log["notes"],
        json!([
            {"date": "2026-11-18", "seq": 1, "kind": "direct-report", "status": "held",
             "duration": null, "opened": 1, "closed": 0, "path": "alice/2026-11-18.md",
             "last_changed": today.trim()},
            {"date": "2026-11-24", "seq": 1, "kind": "direct-report", "status": "held",
             "duration": null, "opened": 0, "closed": 0, "path": "alice/2026-11-24.md",
             "last_changed": null},
        ])
    );
    let text = repo.run(&["log", "alice", "--git"]);
    let text = text.ok();
    assert!(
        text.lines()
            .next()
            .is_some_and(|h| h.ends_with("last changed")),
        "{text}"
    );
    assert!(
        text.contains(&format!("alice/2026-11-18.md  {}", today.trim())),
        "{text}"
    );
    assert!(text.contains("alice/2026-11-24.md  untracked"), "{text}");
    let plain = repo.run(&["log", "alice", "--json"]).json();
    assert!(
        plain["notes"][0].get("last_changed").is_none(),
        "only with --git"
    );
}

#[test]
fn log_git_in_a_subfolder_and_before_any_commit() {
    let repo = TestRepo::new();
    git(&repo, &["init", "--quiet"]);
    repo.write(
        "notes/bob/2026-11-10.md",
        "---\nperson: bob\ndate: 2026-11-10\n---\n",
    );
    let fresh = repo
        .run(&["--dir", "notes", "log", "bob", "--git", "--json"])
        .json();
    assert_eq!(fresh["notes"][0]["path"], "bob/2026-11-10.md");
    assert_eq!(fresh["notes"][0]["last_changed"], serde_json::Value::Null);
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "--quiet", "-m", "bob"]);
    let committed = repo
        .run(&["--dir", "notes", "log", "bob", "--git", "--json"])
        .json();
    let today = git(&repo, &["log", "-1", "--format=%cs"]);
    assert_eq!(committed["notes"][0]["last_changed"], today.trim());

    let outside = TestRepo::new();
    outside.note("bob/2026-11-10.md", "", "");
    let run = outside.run(&["log", "bob", "--git"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("not inside a git work tree"),
        "{}",
        run.stderr
    );
}

/// An editor that appends `line` to the file it is given, then exits with
/// `code`: what a person typing and saving (or a crashing editor) does. It
/// lives outside the repository, in the folder returned with it.
fn writing_editor(line: &str, code: u8) -> (tempfile::TempDir, String) {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("editor");
    std::fs::write(
        &path,
        format!("#!/bin/sh\nprintf '%s\\n' '{line}' >> \"$1\"\nexit {code}\n"),
    )
    .expect("write editor");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let path = path.to_str().expect("UTF-8").to_owned();
    (dir, path)
}

#[test]
fn commit_waits_for_the_editor_and_commits_what_was_written() {
    let repo = git_repo();
    let (_dir, editor) = writing_editor("- [ ] @me Written in the editor", 0);
    let mut env = vec![("EDITOR", editor.as_str())];
    env.extend(IDENTITY);
    let run = repo.run_in_terminal(&["new", "alice", "--commit"], &env);
    assert_eq!(run.code, 0, "{run:?}");
    let path = format!("alice/{TODAY}.md");
    assert!(
        run.stdout
            .contains(&format!("committed {path} as \"1:1 alice {TODAY}\"")),
        "{}",
        run.stdout
    );
    // The commit holds the note as the editor left it, and the work tree
    // has nothing left to commit.
    let committed = git(&repo, &["show", &format!("HEAD:{path}")]);
    assert!(
        committed.ends_with("- [ ] @me Written in the editor\n"),
        "{committed}"
    );
    assert_eq!(committed, repo.read(&path));
    assert_eq!(git(&repo, &["status", "--porcelain"]), "");
}

#[test]
fn a_failing_editor_leaves_the_note_uncommitted() {
    let repo = git_repo();
    let (_dir, editor) = writing_editor("- [ ] half typed", 3);
    let mut env = vec![("EDITOR", editor.as_str())];
    env.extend(IDENTITY);
    let run = repo.run_in_terminal(&["new", "alice", "--commit"], &env);
    assert_eq!(run.code, 2, "{run:?}");
    let path = format!("alice/{TODAY}.md");
    assert!(
        run.stdout
            .contains(&format!("{path} stays as it is, and nothing was committed")),
        "{}",
        run.stdout
    );
    assert!(repo.read(&path).ends_with("- [ ] half typed\n"));
    assert_eq!(git(&repo, &["log", "--format=%s"]), "start\n");
    assert_eq!(
        git(&repo, &["status", "--porcelain"]),
        format!("?? {path}\n")
    );
}
