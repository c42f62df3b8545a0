//! `oneonone new`: scaffolding, carry-forward, topics, templates, safety.

use crate::support::{TODAY, TestRepo};

#[test]
fn new_in_an_empty_folder_makes_a_weekly_direct_report_note() {
    let repo = TestRepo::new();
    let run = repo.run(&["new", "alice", "--no-edit"]);
    assert_eq!(run.ok(), format!("alice/{TODAY}.md\n"));
    let note = repo.read(&format!("alice/{TODAY}.md"));
    assert!(note.starts_with(&format!(
        "---\nperson: \"alice\"\nname: \"alice\"\ndate: {TODAY}\nkind: \"direct-report\"\ncadence: \"weekly\"\nduration: 30\nstatus: held\n---\n"
    )), "{note}");
    assert!(note.contains("## Agenda"));

    let before = repo.snapshot();
    let again = repo.run(&["new", "alice", "--no-edit"]);
    assert_eq!(again.ok(), format!("alice/{TODAY}.md\n"));
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
    assert_eq!(repo.snapshot(), before, "a second run writes nothing");
}
