//! `oneonone init`: settings and template copies, never overwriting.

use crate::support::{TODAY, TestRepo};

const FILES: [&str; 10] = [
    ".oneonone.yaml",
    ".oneonone/templates/default.md",
    ".oneonone/templates/direct-report.md",
    ".oneonone/templates/peer.md",
    ".oneonone/templates/mentee.md",
    ".oneonone/templates/mentor.md",
    ".oneonone/templates/skip-level.md",
    ".oneonone/templates/cross-functional.md",
    ".oneonone/templates/manager.md",
    ".gitattributes",
];

/// What `init` prints: one line per file, in order.
fn listing(verb: &str) -> String {
    FILES
        .iter()
        .map(|f| format!("{verb} {f}"))
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

#[test]
fn init_writes_settings_the_eight_templates_and_gitattributes() {
    let repo = TestRepo::new();
    let out = repo.run(&["init"]);
    assert_eq!(out.ok(), listing("created"));
    assert_eq!(
        repo.read(".oneonone/templates/peer.md"),
        include_str!("../../templates/peer.md"),
        "copies of the built-ins"
    );
    let templates = std::fs::read_dir(repo.path().join(".oneonone/templates"))
        .expect("templates folder")
        .count();
    assert_eq!(templates, 8);
    // Every template counts as the user's now.
    let list = repo.run(&["templates", "list"]);
    assert_eq!(list.ok().matches(".oneonone/templates").count(), 8);
}

#[test]
fn init_twice_keeps_everything() {
    let repo = TestRepo::new();
    repo.run(&["init"]).ok();
    repo.write(".oneonone/templates/peer.md", "# my own peer template\n")
        .write(".oneonone.yaml", "me: sam\n");
    let before = (repo.snapshot(), repo.tree());
    let out = repo.run(&["init"]);
    assert_eq!(out.ok(), listing("kept existing"));
    assert_eq!(
        (repo.snapshot(), repo.tree()),
        before,
        "nothing overwritten"
    );
}

#[test]
fn init_fills_in_only_what_is_missing() {
    let repo = TestRepo::new();
    repo.write(".oneonone.yaml", "me: sam\n");
    let out = repo.run(&["init"]);
    let stdout = out.ok();
    assert!(
        stdout.starts_with("kept existing .oneonone.yaml\n"),
        "{stdout}"
    );
    assert_eq!(stdout.matches("created").count(), 9, "{stdout}");
    assert_eq!(repo.read(".oneonone.yaml"), "me: sam\n");
}

#[test]
fn init_suggests_markdown_diffs_and_union_merges_topic_queues() {
    let repo = TestRepo::new();
    repo.run(&["init"]).ok();
    assert_eq!(
        repo.read(".gitattributes"),
        "*.md diff=markdown\n*/topics.md merge=union\n"
    );

    // An existing file keeps every line; only the union merge is appended,
    // once, and only when no line speaks for topics.md.
    let own = TestRepo::new();
    own.write(".gitattributes", "*.pdf binary\n*.md   diff=markdown");
    let out = own.run(&["init"]);
    assert!(
        out.ok()
            .ends_with("added `*/topics.md merge=union` to .gitattributes\n"),
        "{}",
        out.stdout
    );
    assert_eq!(
        own.read(".gitattributes"),
        "*.pdf binary\n*.md   diff=markdown\n*/topics.md merge=union\n"
    );
    let out = own.run(&["init"]);
    assert!(out.ok().ends_with("kept existing .gitattributes\n"));
    assert_eq!(
        own.read(".gitattributes"),
        "*.pdf binary\n*.md   diff=markdown\n*/topics.md merge=union\n"
    );

    let mine = TestRepo::new();
    mine.write(".gitattributes", "alice/topics.md -merge\n");
    assert!(
        mine.run(&["init"])
            .ok()
            .ends_with("kept existing .gitattributes\n")
    );
    assert_eq!(mine.read(".gitattributes"), "alice/topics.md -merge\n");
}

#[test]
fn new_works_on_the_settings_init_wrote() {
    let repo = TestRepo::new();
    repo.run(&["init"]).ok();
    let run = repo.run(&["new", "alice", "--no-edit"]);
    assert_eq!(
        run.ok_with_stderr(
            "new person: alice (alice/)\ncreated alice/2026-11-25.md (0 carried, 0 topics)\n"
        ),
        format!("alice/{TODAY}.md\n")
    );
    let note = repo.read(&format!("alice/{TODAY}.md"));
    assert!(note.contains("\nkind: \"direct-report\"\n"), "{note}");
}
