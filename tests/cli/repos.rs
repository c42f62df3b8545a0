//! Several repositories in one table: a director over the note
//! repositories of the managers who report to them.

use serde_json::{Value, json};

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

    // A pause says whose, when two repositories may have an `alice`.
    repo.write(
        "ben/.oneonone.yaml",
        "people:\n  alice:\n    pauses:\n      - {from: 2026-11-20, until: 2026-12-31, reason: leave}\n",
    );
    let paused = repo.run(&["--dir", "ann", "--dir", "ben", "status"]);
    assert!(
        paused
            .ok()
            .ends_with("\nben: alice is paused until 2026-12-31 (leave)\n"),
        "{}",
        paused.stdout
    );
    std::fs::remove_file(repo.path().join("ben/.oneonone.yaml")).unwrap();

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
    let before = repo.snapshot();
    for (args, refusal) in [
        (
            &["new", "zed"][..],
            "`new` reads one repository: give --dir once",
        ),
        (
            &["done", "alice", "Something"],
            "`done` reads one repository: give --dir once",
        ),
        (
            &["log", "alice"],
            "`log` reads one repository: give --dir once",
        ),
    ] {
        let mut all = vec!["--dir", "ann", "--dir", "ben"];
        all.extend_from_slice(args);
        let run = repo.run(&all);
        assert_eq!(run.code, 2, "{args:?}: {run:?}");
        assert_eq!(
            run.stderr,
            format!("oneonone: {refusal} (several --dir go with `status`, `actions` and `gaps`)\n")
        );
    }
    let check = repo.run(&["--dir", "ann", "--dir", "ben", "check"]);
    assert_eq!(
        (check.code, check.stderr.as_str()),
        (
            2,
            "oneonone: `check` reads one repository: give one --dir\n"
        )
    );
    assert_eq!(repo.snapshot(), before);
}

/// `two_teams` with something for `me` in each: ann's settings say she is
/// `ann`, ben keeps the plain `@me`.
fn two_teams_with_my_items() -> TestRepo {
    let repo = two_teams();
    repo.write("ann/.oneonone.yaml", "me: ann\n");
    repo.write(
        "ann/bob/2026-11-02.md",
        "---\nperson: bob\ndate: 2026-11-02\n---\n- [ ] @bob Something\n- [ ] @ann Review the budget\n",
    );
    repo.write(
        "ben/cy/2026-11-17.md",
        "---\nperson: cy\ndate: 2026-11-17\n---\n- [ ] @cy Something\n  - [ ] @me Book the room\n",
    );
    repo
}

#[test]
fn actions_over_several_repositories_by_person_then_repository() {
    let repo = two_teams_with_my_items();
    let text = repo.run(&["--dir", "ann", "--dir", "ben", "actions"]);
    assert_eq!(
        text.ok(),
        "ann: alice\n\
         \x20 ann/alice/2026-11-24.md:5  @alice Something  (age 1d)\n\
         \n\
         ben: alice\n\
         \x20 ben/alice/2026-10-01.md:6  @alice Something  (age 55d)\n\
         \n\
         ann: bob\n\
         \x20 ann/bob/2026-11-02.md:5    @bob Something  (age 23d)\n\
         \x20 ann/bob/2026-11-02.md:6    @ann Review the budget  (age 23d)\n\
         \n\
         ben: cy\n\
         \x20 ben/cy/2026-11-17.md:5     @cy Something  (age 8d)\n\
         \x20 ben/cy/2026-11-17.md:6       @me Book the room  (age 8d)\n"
    );
    // `me` is each repository's own: `@ann` in ann, `@me` in ben.
    let mine = repo
        .run(&[
            "--dir", "ann", "--dir", "ben", "actions", "--owner", "me", "--json",
        ])
        .json();
    let row = |repo: &str,
               person: &str,
               text: &str,
               owner: &str,
               origin: &str,
               age: i64,
               path: &str,
               line: usize| {
        json!({
            "repo": repo, "person": person, "text": text, "owner": owner, "due": null,
            "origin": origin, "state": "open", "how": null, "closed": null,
            "age_days": age, "carried": 0, "private": false, "path": path, "line": line,
            "children": [],
        })
    };
    assert_eq!(
        mine,
        json!({
            "today": "2026-11-25",
            "items": [
                row("ann", "bob", "@ann Review the budget", "ann", "2026-11-02", 23, "bob/2026-11-02.md", 6),
                row("ben", "cy", "@me Book the room", "me", "2026-11-17", 8, "cy/2026-11-17.md", 6),
            ],
        })
    );
    // A person named in several repositories is shown from each; one
    // only some have is shown from those.
    let alice = repo
        .run(&["--dir", "ann", "--dir", "ben", "actions", "alice", "--json"])
        .json();
    let whose: Vec<(&str, &str)> = alice["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| {
            (
                i["repo"].as_str().expect("repo"),
                i["path"].as_str().expect("path"),
            )
        })
        .collect();
    assert_eq!(
        whose,
        [
            ("ann", "alice/2026-11-24.md"),
            ("ben", "alice/2026-10-01.md")
        ]
    );
    let cy = repo.run(&["--dir", "ann", "--dir", "ben", "actions", "cy"]);
    assert!(cy.ok().starts_with("ben: cy\n"), "{}", cy.stdout);
    let zed = repo.run(&["--dir", "ann", "--dir", "ben", "actions", "zed"]);
    assert_eq!(
        (zed.code, zed.stdout.as_str(), zed.stderr.as_str()),
        (2, "", "oneonone: no person 'zed' in ann, ben\n")
    );
}

#[test]
fn gaps_over_several_repositories_has_a_repo_column() {
    let repo = two_teams();
    let text = repo.run(&["--dir", "ann", "--dir", "ben", "gaps"]);
    assert_eq!(
        text.ok(),
        "ann  alice  weekly: no 1:1 expected yet since 2026-11-24\n  no gaps\n\
         ben  alice  biweekly: 0% adherence, 0 of 3 held, 3 missed since 2026-10-01\n\
         \x20 2026-10-01 → today (2026-11-25)  55 days (16 allowed)\n\
         ann  bob    weekly: 0% adherence, 0 of 3 held, 3 missed since 2026-11-02\n\
         \x20 2026-11-02 → today (2026-11-25)  23 days (8 allowed)\n\
         ben  cy     weekly: no 1:1 expected yet since 2026-11-17\n  no gaps\n"
    );
    let json = repo
        .run(&[
            "--dir",
            "ann",
            "--dir",
            "ben",
            "gaps",
            "alice",
            "--since",
            "2026-11-01",
            "--json",
        ])
        .json();
    assert_eq!(
        json,
        json!({
            "today": "2026-11-25",
            "people": [
                {"repo": "ann", "person": "alice", "cadence": "weekly", "held": 0,
                 "expected": 0, "missed": 0, "adherence": 1.0, "longest_gap_days": null,
                 "gaps": []},
                {"repo": "ben", "person": "alice", "cadence": "biweekly", "held": 0,
                 "expected": 1, "missed": 1, "adherence": 0.0, "longest_gap_days": 55,
                 "gaps": [{"start": "2026-10-01", "end": "2026-11-25", "days": 55,
                           "allowed_days": 16}]},
            ],
        })
    );
}

#[test]
fn a_broken_repository_is_named_and_the_others_still_answer() {
    let repo = two_teams();
    repo.write("ben/.oneonone.yaml", "defaults:\n  cadence: sometimes\n");
    let broken = "oneonone: ben: .oneonone.yaml:2:";
    for command in ["status", "actions", "gaps"] {
        let run = repo.run(&["--dir", "ann", "--dir", "ben", command, "--json"]);
        assert_eq!(run.code, 2, "{command}: {run:?}");
        assert!(run.stderr.starts_with(broken), "{command}: {}", run.stderr);
        assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
        let json: Value = serde_json::from_str(&run.stdout).expect("JSON");
        let records = json
            .get("people")
            .or_else(|| json.get("items"))
            .expect("records");
        let repos: Vec<&str> = records
            .as_array()
            .expect("array")
            .iter()
            .map(|r| r["repo"].as_str().expect("repo"))
            .collect();
        assert_eq!(repos, ["ann", "ann"], "{command}");
    }
    let missing = repo.run(&[
        "--dir",
        "ann",
        "--dir",
        "gone",
        "status",
        "--fail-on",
        "overdue",
    ]);
    assert_eq!(missing.code, 2, "{missing:?}");
    assert!(
        missing.stderr.starts_with("oneonone: gone: ") && missing.stderr.contains("not a folder"),
        "{}",
        missing.stderr
    );
    assert!(
        missing.stdout.contains("2 people: 1 overdue, 1 ok"),
        "{}",
        missing.stdout
    );
}

const CONFIG: &str = "# the teams I look after\nrepos:\n  - ~/ann\n  - ben\n";

/// `two_teams` with both listed in the user's config: one by `~`, one
/// relative to a folder where the config file is.
fn two_teams_listed() -> TestRepo {
    let repo = two_teams();
    repo.config(&CONFIG.replace("  - ben", "  - ../../ben"));
    repo
}

#[test]
fn the_config_lists_the_repositories_read_outside_any_repository() {
    let repo = two_teams_listed();
    assert_eq!(
        repo.run(&["status"]).ok(),
        "repo       person  name   kind           cadence   last        next due    days  state    open  oldest\n\
         ../../ben  alice   alice  peer           biweekly  2026-10-01  2026-10-15   +41  overdue     1      55\n\
         ~/ann      bob     bob    direct-report  weekly    2026-11-02  2026-11-09   +16  overdue     1      23\n\
         ../../ben  cy      cy     direct-report  weekly    2026-11-17  2026-11-24    +1  due         1       8\n\
         ~/ann      alice   alice  direct-report  weekly    2026-11-24  2026-12-01    -6  ok          1       1\n\
         \n\
         4 people: 2 overdue, 1 due, 1 ok\n"
    );
    let json = repo.run(&["status", "--json"]).json();
    let rows: Vec<(&str, &str)> = json["people"]
        .as_array()
        .expect("people")
        .iter()
        .map(|p| {
            (
                p["repo"].as_str().expect("repo"),
                p["person"].as_str().expect("person"),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("../../ben", "alice"),
            ("~/ann", "bob"),
            ("../../ben", "cy"),
            ("~/ann", "alice")
        ]
    );
    let gaps = repo.run(&["gaps", "cy", "--json"]).json();
    assert_eq!(gaps["people"][0]["repo"], "../../ben");
    assert_eq!(gaps["people"].as_array().map(Vec::len), Some(1));

    // Inside a repository, that repository, as without a config.
    let inside = repo.run_in("ann", &["status", "--json"]).json();
    assert!(inside["people"][0].get("repo").is_none());
    assert_eq!(inside["people"].as_array().map(Vec::len), Some(2));
    // In a person's folder, their repository.
    let person_folder = repo.run_in("ben/cy", &["actions", "--json"]).json();
    let paths: Vec<&Value> = person_folder["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| &i["path"])
        .collect();
    assert_eq!(
        paths,
        [&json!("alice/2026-10-01.md"), &json!("cy/2026-11-17.md")]
    );
    assert!(person_folder["items"][0].get("repo").is_none());

    // --all-repos: the list from anywhere; --dir: that one repository.
    let all = repo
        .run_in("ann", &["status", "--all-repos", "--json"])
        .json();
    assert_eq!(all["people"].as_array().map(Vec::len), Some(4));
    let one = repo.run(&["--dir", "ben", "status", "--json"]).json();
    assert_eq!(one["people"].as_array().map(Vec::len), Some(2));
    assert!(one["people"][0].get("repo").is_none());
    let both = repo.run(&["--dir", "ben", "status", "--all-repos"]);
    assert_eq!(
        (both.code, both.stderr.as_str()),
        (
            2,
            "oneonone: --all-repos reads the repositories your config file lists; leave out --dir\n"
        )
    );
    // ONEONONE_DIR is a standing default, which --all-repos overrides.
    let env = repo
        .command()
        .env("ONEONONE_DIR", "ben")
        .args(["gaps", "--all-repos", "--json"])
        .output()
        .expect("run");
    let env: Value = serde_json::from_slice(&env.stdout).expect("JSON");
    assert_eq!(env["people"].as_array().map(Vec::len), Some(4));

    // Other commands never read it.
    assert_eq!(repo.run(&["people"]).ok(), "");
}

#[test]
fn a_bad_config_file_is_named_with_its_line_and_column() {
    let repo = two_teams();
    let config = repo.path().join(".config-home/oneonone/config.yaml");
    let config = config.display();
    let example = "list your notes repositories there under `repos:`, e.g.\n  repos:\n    \
                   - ~/notes/team-a\n    - ~/notes/team-b\n";
    let none = repo.run(&["status", "--all-repos"]);
    assert_eq!(
        (none.code, none.stderr),
        (
            2,
            format!("oneonone: --all-repos: there is no {config}; {example}")
        )
    );
    // Without a config file, and outside any repository: the current
    // folder, as always.
    repo.run(&["status"]).ok();
    repo.config("repos:\n#  - ~/ann\n");
    let none = repo.run(&["status", "--all-repos"]);
    assert_eq!(
        (none.code, none.stderr),
        (
            2,
            format!("oneonone: --all-repos: {config} lists no repositories; {example}")
        )
    );

    repo.config("repos: ~/ann\n");
    let run = repo.run(&["status"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.starts_with(&format!("oneonone: {config}:1:8: ")),
        "{}",
        run.stderr
    );
    // Inside a repository the config is not read, so not in the way.
    repo.run_in("ann", &["status"]).ok();

    // A key it does not know, and a folder that is not there: warnings
    // with their places; the others answer.
    repo.config("repos:\n  - ~/ann\n  - ~/gone\n  - ~/ben\nrepo: [x]\n");
    let run = repo.run(&["status", "--json"]);
    let json = run.json_with_stderr(&format!(
        "oneonone: warning: {config}:5:1: unknown key `repo`; did you mean `repos`?\n\
         oneonone: warning: {config}:3:5: `~/gone` ({}) is not a folder; left out (fix or \
         remove it under `repos:`)\n",
        repo.path().join("gone").display()
    ));
    assert_eq!(json["people"].as_array().map(Vec::len), Some(4));

    repo.config("repos:\n  - ~/gone\n");
    let run = repo.run(&["actions"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.ends_with(&format!(
            "oneonone: {config}: none of the folders under `repos:` is there\n"
        )),
        "{}",
        run.stderr
    );
}
