//! `oneonone index` and the cache behind every report.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use crate::support::TestRepo;

/// Notes written within two seconds of a run are read again on the next
/// one (see `cache::RACY_NANOS`); wait that out so the cache can answer.
fn settle() {
    std::thread::sleep(Duration::from_millis(2100));
}

/// Runs `index ARGS`, which must say it `saved` (written, unchanged) the
/// cache in the user cache folder; returns the summary line.
fn index(repo: &TestRepo, args: &[&str], saved: &str) -> String {
    let mut all = vec!["index"];
    all.extend_from_slice(args);
    let run = repo.run(&all);
    let cache = repo.user_cache_file();
    run.ok_with_stderr(&format!("cache {saved}: {}\n", cache.display()))
        .trim_end()
        .to_owned()
}

fn cache_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    files.sort();
    files
}

fn git(repo: &TestRepo, args: &[&str]) -> String {
    let output = Command::new("git")
        .args(["-c", "user.name=T", "-c", "user.email=t@example.com"])
        .args(args)
        .current_dir(repo.path())
        .env("HOME", repo.path())
        .output()
        .expect("git runs");
    assert!(output.status.success(), "git {args:?}: {output:?}");
    String::from_utf8(output.stdout).expect("UTF-8")
}

#[test]
fn a_second_run_reads_nothing_and_an_edit_reads_that_person_again() {
    let repo = TestRepo::example();
    settle();
    assert_eq!(
        index(&repo, &[], "written"),
        "indexed 19 notes: 19 parsed, 0 from cache"
    );
    assert_eq!(
        index(&repo, &[], "unchanged"),
        "indexed 19 notes: 0 parsed, 19 from cache"
    );

    // An edit that keeps the old mtime is still seen (the size changed).
    let note = repo.path().join("alice/2026-11-24.md");
    let mtime = std::fs::metadata(&note).unwrap().modified().unwrap();
    let text = repo.read("alice/2026-11-24.md");
    repo.write("alice/2026-11-24.md", format!("{text}- [ ] @me one more\n"));
    File::options()
        .write(true)
        .open(&note)
        .unwrap()
        .set_modified(mtime)
        .unwrap();
    std::fs::remove_file(repo.path().join("bob/2026-11-24.md")).unwrap();
    // alice's and bob's folders are read again; carol's, dave's and erin's
    // six notes come from the cache.
    assert_eq!(
        index(&repo, &[], "written"),
        "indexed 18 notes: 12 parsed, 6 from cache, 1 removed"
    );
    assert_eq!(
        index(&repo, &["--rebuild"], "written"),
        "indexed 18 notes: 18 parsed, 0 from cache"
    );
}

#[test]
fn a_missing_or_damaged_cache_gives_the_same_answer() {
    let repo = TestRepo::example();
    repo.write("carol/2026-11-30.md", "no front matter\n");
    settle();
    let cold = repo.run(&["index", "--json"]).json();
    let warm = repo.run(&["index", "--json"]).json();
    assert_eq!(
        (cold["parsed"].as_u64(), warm["parsed"].as_u64()),
        (Some(20), Some(0))
    );
    assert_eq!(cold["saved"], "written");
    assert_eq!(warm["saved"], "unchanged");
    let cache = PathBuf::from(warm["cache"].as_str().unwrap());
    assert!(cache.starts_with(repo.path().join(".cache-home/oneonone")));

    let answer = |run: &serde_json::Value| (run["files"].clone(), run["problems"].clone());
    for damage in [None, Some(b"garbage".repeat(100)), Some(Vec::new())] {
        match &damage {
            None => std::fs::remove_file(&cache).unwrap(),
            Some(bytes) => std::fs::write(&cache, bytes).unwrap(),
        }
        let rebuilt = repo.run(&["index", "--json"]).json();
        assert_eq!(answer(&rebuilt), answer(&warm));
        assert_eq!(rebuilt["problems"], 1);
        assert_eq!(rebuilt["parsed"], 20);
        assert_eq!(rebuilt["saved"], "written");
        assert_eq!(repo.run(&["index", "--json"]).json()["cached"], 20);
    }
}

#[test]
fn in_a_git_repository_the_cache_is_in_dot_git_and_never_tracked() {
    let repo = TestRepo::example();
    git(&repo, &["init", "-q"]);
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "-q", "-m", "notes"]);
    let before = repo.snapshot();
    let run = repo.run(&["index"]);
    let cache = repo
        .path()
        .canonicalize()
        .unwrap()
        .join(".git/oneonone/index.bin");
    assert_eq!(
        run.ok_with_stderr(&format!("cache written: {}\n", cache.display())),
        "indexed 19 notes: 19 parsed, 0 from cache\n"
    );
    assert!(cache.is_file());
    assert_eq!(git(&repo, &["status", "--porcelain", "--ignored"]), "");
    assert!(cache_files(&repo.path().join(".cache-home/oneonone")).is_empty());
    assert_eq!(repo.snapshot(), before, "no file of the work tree changed");
}

#[test]
fn outside_git_the_cache_is_in_the_user_cache_folder() {
    let repo = TestRepo::example();
    let before = repo.snapshot();
    let run = repo.run(&["index"]);
    let cache = repo.user_cache_file();
    run.ok_with_stderr(&format!("cache written: {}\n", cache.display()));
    // A hash of the repository's path: 16 hex digits.
    assert_eq!(cache.extension().unwrap(), "bin");
    assert_eq!(cache.file_stem().unwrap().len(), 16, "{cache:?}");
    assert_eq!(repo.snapshot(), before, "nothing written into the notes");
}

#[test]
fn an_unwritable_cache_is_a_warning_and_the_same_answer() {
    let repo = TestRepo::example();
    // A file where the cache folder should be.
    repo.write(".cache-home/oneonone", "");
    let json = repo.run(&["index", "--json"]);
    let stdout: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    let cache = stdout["cache"].as_str().expect("a cache path");
    assert!(
        Path::new(cache).starts_with(repo.path().join(".cache-home/oneonone")),
        "{cache}"
    );
    let warning = format!(
        "oneonone: warning: could not write the cache: {cache}: File exists (os error 17)\n"
    );
    assert_eq!(json.json_with_stderr(&warning)["saved"], "failed");
    for _ in 0..2 {
        let run = repo.run(&["index"]);
        assert_eq!(
            run.ok_with_stderr(&format!("{warning}cache failed: {cache}\n")),
            "indexed 19 notes: 19 parsed, 0 from cache\n"
        );
    }
    let quiet = repo.run(&["index", "--quiet"]);
    quiet.ok_with_stderr(&warning); // warnings survive --quiet
}

#[test]
fn json_counts() {
    let repo = TestRepo::example();
    let json = repo.run(&["index", "--json"]).json();
    let mut keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "cache", "cached", "files", "parsed", "problems", "removed", "saved"
        ]
    );
    assert_eq!(json["files"], 19);
    assert_eq!(json["removed"], 0);
}

/// A cache can only make a command faster, never change its answer: the
/// reports are the same with no cache, a warm one, and a corrupt one.
#[test]
fn reports_are_identical_with_no_warm_or_corrupt_cache() {
    let repo = TestRepo::example();
    let reports = |repo: &TestRepo| {
        ["status", "actions", "gaps"].map(|cmd| {
            repo.run(&[cmd, "--json", "--all"][..if cmd == "actions" { 3 } else { 2 }])
                .ok()
                .to_owned()
        })
    };
    let cold = reports(&repo);
    let cache_dir = repo.path().join(".cache-home/oneonone");
    assert!(cache_dir.is_dir(), "the first run wrote a cache");
    assert_eq!(reports(&repo), cold, "warm cache");
    for entry in std::fs::read_dir(&cache_dir).unwrap().flatten() {
        std::fs::write(entry.path(), b"\x00garbage, not a cache\xff").unwrap();
    }
    assert_eq!(reports(&repo), cold, "corrupt cache");
    std::fs::remove_dir_all(&cache_dir).unwrap();
    assert_eq!(reports(&repo), cold, "deleted cache");
}
