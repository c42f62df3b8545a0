//! `oneonone rename OLD NEW`: the folder moves, the settings remember OLD,
//! no note changes, and everything follows the new id.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::git::git;
use crate::support::{TODAY, TestRepo};

/// The files of `folder/`, by file name.
fn folder(snapshot: &BTreeMap<PathBuf, Vec<u8>>, folder: &str) -> BTreeMap<PathBuf, Vec<u8>> {
    snapshot
        .iter()
        .filter_map(|(path, bytes)| {
            let name = path.strip_prefix(folder).ok()?;
            Some((name.to_path_buf(), bytes.clone()))
        })
        .collect()
}

/// A JSON answer about `alice` as it reads about `alice-smith`.
fn renamed(json: &serde_json::Value) -> String {
    json.to_string()
        .replace("\"person\":\"alice\"", "\"person\":\"alice-smith\"")
        .replace("alice/", "alice-smith/")
}

#[test]
fn rename_in_git_moves_the_folder_and_keeps_everything() {
    let repo = TestRepo::example();
    git(&repo, &["init", "--quiet"]);
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "--quiet", "-m", "start"]);
    let before = repo.snapshot();
    let answers = |who: &str, owner: &str| {
        [
            repo.run(&["log", who, "--json"]).json(),
            repo.run(&["gaps", who, "--json"]).json(),
            repo.run(&["actions", who, "--all", "--json"]).json(),
            repo.run(&["actions", "--owner", owner, "--all", "--json"])
                .json(),
        ]
    };
    let old = answers("alice", "alice");

    let run = repo.run(&["rename", "alice", "alice-smith"]);
    assert_eq!(
        run.ok(),
        "renamed alice to alice-smith: moved alice/ to alice-smith/ with git mv; \
         .oneonone.yaml lists alice under people.alice-smith.former_ids\n"
    );
    let after = repo.snapshot();
    assert_eq!(folder(&after, "alice-smith"), folder(&before, "alice"));
    assert!(folder(&after, "alice").is_empty());
    assert!(!repo.exists("alice"));
    assert_eq!(
        repo.read(".oneonone.yaml"),
        "# oneonone settings\nme: me\npeople:\n  dave:\n    name: Dave Park\n    kind: skip-level\n  \
         erin:\n    name: Erin Walsh\n    paused_until: 2027-01-31   # parental leave\n  \
         alice-smith:\n    former_ids:\n      - alice\n"
    );
    // Everything else is as it was, byte for byte.
    let others = |s: &BTreeMap<PathBuf, Vec<u8>>| -> BTreeMap<PathBuf, Vec<u8>> {
        s.iter()
            .filter(|(p, _)| {
                !p.starts_with("alice")
                    && !p.starts_with("alice-smith")
                    && *p != Path::new(".oneonone.yaml")
            })
            .map(|(p, b)| (p.clone(), b.clone()))
            .collect()
    };
    assert_eq!(others(&after), others(&before));
    // git sees renames, not deletions and new files.
    let status = git(&repo, &["status", "--porcelain"]);
    assert!(
        status.contains("R  alice/2026-11-24.md -> alice-smith/2026-11-24.md\n"),
        "{status}"
    );
    assert_eq!(
        status.lines().filter(|l| l.starts_with("R  ")).count(),
        8,
        "{status}"
    );

    // History, items, gaps and owners follow the new id; the old one
    // still names her.
    repo.run(&["check"]).ok_with_stderr("no problems found\n");
    for (was, now) in old.iter().zip(answers("alice-smith", "alice-smith")) {
        assert_eq!(renamed(was), now.to_string());
    }
    for (was, now) in old.iter().zip(answers("alice", "alice")) {
        assert_eq!(renamed(was), now.to_string());
    }
    // The report groups her items under her id, whichever name wrote them.
    repo.write(
        "alice-smith/2026-11-24.md",
        repo.read("alice-smith/2026-11-24.md").replace(
            "- [ ] @me Approve travel",
            "- [ ] @alice-smith Book travel\n- [ ] @me Approve travel",
        ),
    );
    repo.run(&["report", "--html", "r.html"])
        .ok_with_stderr("wrote r.html (5 people)\n");
    let page = repo.read("r.html");
    assert!(
        page.contains("<h3>@alice-smith <span class=\"small\">4 open</span></h3>"),
        "{page}"
    );
    assert!(!page.contains("<h3>@alice "), "{page}");
    std::fs::remove_file(repo.path().join("r.html")).expect("remove");
    git(
        &repo,
        &["checkout", "--quiet", "--", "alice-smith/2026-11-24.md"],
    );
    let status = repo.run(&["status"]);
    assert!(
        status.ok().contains("\nalice-smith  Alice Smith"),
        "{}",
        status.stdout
    );
    assert!(
        repo.run(&["prep", "alice"])
            .ok()
            .starts_with("Alice Smith (alice-smith)\n")
    );
    repo.run(&["new", "alice", "--no-edit"])
        .ok_with_stderr("created alice-smith/2026-11-25.md (5 carried, 0 topics)\n");
    assert!(
        repo.read(&format!("alice-smith/{TODAY}.md"))
            .contains("\nperson: \"alice-smith\"\n")
    );
}

#[test]
fn rename_outside_git_moves_the_folder_and_the_settings_entry() {
    let repo = TestRepo::example();
    let dave = folder(&repo.snapshot(), "dave");
    let run = repo.run(&["rename", "Dave Park", "dave-park"]);
    assert_eq!(
        run.ok(),
        "renamed dave to dave-park: moved dave/ to dave-park/; \
         .oneonone.yaml lists dave under people.dave-park.former_ids\n"
    );
    assert_eq!(folder(&repo.snapshot(), "dave-park"), dave);
    assert_eq!(
        repo.read(".oneonone.yaml"),
        "# oneonone settings\nme: me\npeople:\n  dave-park:\n    name: Dave Park\n    \
         kind: skip-level\n    former_ids:\n      - dave\n  erin:\n    name: Erin Walsh\n    \
         paused_until: 2027-01-31   # parental leave\n"
    );
    let json = repo.run(&["people", "--json"]).json();
    assert_eq!(json["people"][3]["person"], "dave-park");
    assert_eq!(json["people"][3]["kind"], "skip-level");
    assert_eq!(json["people"][3]["former_ids"], serde_json::json!(["dave"]));

    // And back: the id in use is never a former id of itself.
    repo.run(&["rename", "dave-park", "dave"]).ok();
    assert_eq!(folder(&repo.snapshot(), "dave"), dave);
    assert!(
        repo.read(".oneonone.yaml").starts_with(
            "# oneonone settings\nme: me\npeople:\n  dave:\n    name: Dave Park\n    \
             kind: skip-level\n    former_ids:\n      - dave-park\n"
        ),
        "{}",
        repo.read(".oneonone.yaml")
    );
    repo.run(&["check"]).ok_with_stderr("no problems found\n");
}

#[test]
fn rename_refuses_taken_or_invalid_ids_and_changes_nothing() {
    let repo = TestRepo::example();
    repo.write(
        ".oneonone.yaml",
        "people:\n  dave:\n    name: Dave Park\n    handles: [dp]\n",
    );
    let before = repo.snapshot();
    for (args, message) in [
        (
            &["rename", "alice", "bob"][..],
            "`bob` exists already (bob/ is in the repository); pick another id",
        ),
        (
            &["rename", "alice", "dp"],
            "`dp` already names dave; pick another id",
        ),
        (
            &["rename", "alice", "Alice Smith"],
            "`Alice Smith` is not a person id: use lowercase letters, digits, `.`, `_` and `-` \
             such as `alice-smith`",
        ),
        (
            &["rename", "alice", "../x"],
            "`../x` is not a person id: use lowercase letters, digits, `.`, `_` and `-`",
        ),
        (
            &["rename", "alice", "alice"],
            "`alice` is already called that",
        ),
        (
            &["rename", "zed", "zed-2"],
            "no person 'zed' (`oneonone people` lists everyone)",
        ),
    ] {
        let run = repo.run(args);
        assert_eq!(run.code, 2, "{args:?}: {run:?}");
        assert_eq!(run.stderr, format!("oneonone: {message}\n"), "{args:?}");
    }
    assert_eq!(repo.snapshot(), before);
}

#[test]
fn former_ids_decide_which_notes_are_valid_even_through_the_cache() {
    let repo = TestRepo::new();
    let renamed = "people:\n  alice-smith:\n    former_ids: [alice]\n";
    repo.write(".oneonone.yaml", renamed).write(
        "alice-smith/2026-11-18.md",
        "---\nperson: alice\ndate: 2026-11-18\n---\n- [ ] @alice Draft goals\n",
    );
    let open = |run: &crate::support::Run, stderr: &str| {
        run.json_with_stderr(stderr)["people"][0]["open_actions"].clone()
    };
    // Read, then answered from the cache: valid either way.
    assert_eq!(open(&repo.run(&["status", "--json"]), ""), 1);
    assert_eq!(open(&repo.run(&["status", "--json"]), ""), 1);
    // Without the former id the note is someone else's, cache or not.
    repo.write(".oneonone.yaml", "");
    let warning = "oneonone: warning: alice-smith/2026-11-18.md:2:9: person `alice` does not \
                   match the folder `alice-smith`\n";
    assert_eq!(open(&repo.run(&["status", "--json"]), warning), 0);
    repo.write(".oneonone.yaml", renamed);
    assert_eq!(open(&repo.run(&["status", "--json"]), ""), 1);
}
