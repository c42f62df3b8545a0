//! Several repositories in one table: a director over the note
//! repositories of the managers who report to them.

use serde_json::Value;

use crate::support::TestRepo;

/// Two managers' repositories, side by side in one folder.
fn two_teams() -> TestRepo {
    let repo = TestRepo::new();
    for (repo_dir, person, date, extra) in [
        ("ann", "alice", "2026-11-24", ""),
        ("ann", "bob", "2026-11-02", ""),
        ("ben", "alice", "2026-10-01", "kind: peer\n"),
        ("ben", "cy", "2026-11-17", ""),
    ] {
        repo.write(
            &format!("{repo_dir}/{person}/{date}.md"),
            format!("---\nperson: {person}\ndate: {date}\n{extra}---\n- [ ] @{person} Something\n"),
        );
    }
    repo
}

#[test]
fn status_over_several_repositories_is_one_table_with_a_repo_column() {
    let repo = two_teams();
    let json = repo
        .run(&["--dir", "ann", "--dir", "ben", "status", "--json"])
        .json();
    let rows: Vec<(String, String, String)> = json["people"]
        .as_array()
        .expect("people")
        .iter()
        .map(|p: &Value| {
            (
                p["repo"].as_str().expect("repo").to_owned(),
                p["person"].as_str().expect("person").to_owned(),
                p["state"].as_str().expect("state").to_owned(),
            )
        })
        .collect();
    // Most overdue first across both; the two alices stay apart.
    assert_eq!(
        rows,
        [
            ("ben".into(), "alice".into(), "overdue".into()),
            ("ann".into(), "bob".into(), "overdue".into()),
            ("ben".into(), "cy".into(), "due".into()),
            ("ann".into(), "alice".into(), "ok".into()),
        ]
    );
    let text = repo.run(&["--dir", "ann", "--dir", "ben", "status"]);
    let table = text.ok();
    let header = table.lines().next().expect("header");
    assert!(header.starts_with("repo  person"), "{table}");
    assert!(table.contains("\nben   alice "), "{table}");
    assert!(
        table.contains("4 people: 2 overdue, 1 due, 1 ok"),
        "{table}"
    );

    // One repository: no repo column, no repo key, as before.
    let one = repo.run(&["--dir", "ann", "status", "--json"]).json();
    assert!(one["people"][0].get("repo").is_none());
    assert!(
        !repo
            .run(&["--dir", "ann", "status"])
            .ok()
            .starts_with("repo")
    );
}

#[test]
fn other_commands_refuse_several_repositories() {
    let repo = two_teams();
    for args in [&["actions"][..], &["check"], &["new", "zed"]] {
        let mut all = vec!["--dir", "ann", "--dir", "ben"];
        all.extend_from_slice(args);
        let run = repo.run(&all);
        assert_eq!(run.code, 2, "{args:?}: {run:?}");
        assert!(run.stderr.contains("one"), "{}", run.stderr);
    }
    assert!(!repo.exists("ann/zed"));
}
