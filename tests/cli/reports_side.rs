//! The report's side of a 1:1: the `manager` kind and its template, topics
//! that say who raised them, and `init`'s union merge for topic queues.

use crate::support::{TODAY, TestRepo, section};

#[test]
fn new_with_kind_manager_uses_the_manager_template() {
    let repo = TestRepo::new();
    repo.run(&["new", "boss", "--kind", "manager", "--no-edit"])
        .ok_with_stderr(
            "new person: boss (boss/)\ncreated boss/2026-11-25.md (0 carried, 0 topics)\n",
        );
    let note = repo.read(&format!("boss/{TODAY}.md"));
    assert!(
        note.starts_with(&format!(
            "---\nperson: \"boss\"\nname: \"boss\"\ndate: {TODAY}\nkind: \"manager\"\n\
             cadence: \"weekly\"\nduration: 30\nstatus: held\n---\n"
        )),
        "{note}"
    );
    for heading in [
        "Carried over",
        "Agenda",
        "Wins",
        "Blockers",
        "Asks",
        "Career and growth",
        "Feedback for boss",
        "Notes",
        "Action items",
    ] {
        section(&note, heading);
    }
    assert!(note.trim_end().ends_with(
        "## Private notes\n<!-- Only for you: how the meeting felt, what to raise next time. -->"
    ));

    // The kind is read back from the note: weekly by default, and carried.
    repo.write(
        &format!("boss/{TODAY}.md"),
        note.replace(
            "## Asks\n",
            "## Asks\n- [ ] @me Ask about the conference budget\n",
        ),
    );
    let status = repo.run(&["status", "--json"]).json();
    assert_eq!(status["people"][0]["kind"], "manager");
    assert_eq!(status["people"][0]["cadence"], "weekly");
    assert_eq!(status["people"][0]["next_due"], "2026-12-02");
    repo.run(&["new", "boss", "--date", "2026-12-02", "--no-edit"])
        .ok_with_stderr("created boss/2026-12-02.md (1 carried, 0 topics)\n");
    let next = repo.read("boss/2026-12-02.md");
    assert!(next.contains("kind: \"manager\""), "{next}");
    assert!(
        section(&next, "Carried over")
            .contains("- [ ] @me Ask about the conference budget (from 2026-11-25)"),
        "{next}"
    );
}

#[test]
fn the_manager_template_is_listed_and_shown() {
    let repo = TestRepo::new();
    let list = repo.run(&["templates", "list"]);
    assert!(
        list.ok()
            .lines()
            .any(|l| l.split_whitespace().collect::<Vec<_>>() == ["manager", "built-in"]),
        "{list:?}"
    );
    assert_eq!(
        repo.run(&["templates", "show", "manager"]).ok(),
        include_str!("../../templates/manager.md")
    );
}
