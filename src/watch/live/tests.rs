//! The live index against a real folder: saves, renames, removals,
//! settings and ignores, each read again on its own.

use super::*;
use crate::watch::change::describe;

struct Repo {
    dir: tempfile::TempDir,
    live: LiveIndex,
}

fn d(s: &str) -> NaiveDate {
    s.parse().expect("valid test date")
}

fn note_text(person: &str, body: &str) -> String {
    format!("---\nperson: {person}\ncadence: weekly\n---\n{body}")
}

fn repo(files: &[(&str, &str)]) -> (Repo, Vec<Change>) {
    let dir = tempfile::tempdir().unwrap();
    // A git directory keeps `assert_fresh`'s index cache in the
    // repository, out of the user's cache folder.
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    for (rel, text) in files {
        write(dir.path(), rel, text);
    }
    let (live, problems) = LiveIndex::new(
        dir.path().to_path_buf(),
        Settings::default(),
        Some(PathBuf::from("dash.md")),
        d("2026-11-25"),
    );
    (Repo { dir, live }, problems)
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

impl Repo {
    fn write(&self, rel: &str, text: &str) -> &Self {
        write(self.dir.path(), rel, text);
        self
    }

    fn apply(&mut self, paths: &[&str]) -> Vec<String> {
        let batch = Batch {
            paths: paths.iter().map(PathBuf::from).collect(),
            rescan: false,
        };
        let changes = self.live.apply(&batch);
        changes
            .iter()
            .map(|c| describe(c, self.live.index(), d("2026-11-25")))
            .collect()
    }

    /// The incremental index must be what a fresh read would give.
    fn assert_fresh(&self) {
        let repo = crate::io::repo::Repo::open(self.dir.path().to_path_buf()).unwrap();
        let fresh = crate::io::load::index(&repo, d("2026-11-25"));
        assert_eq!(self.live.index().people, fresh.people);
        let lines = |i: &Index| {
            i.problems
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
        };
        assert_eq!(lines(self.live.index()), lines(&fresh));
    }

    fn people(&self) -> Vec<(String, usize)> {
        self.live
            .index()
            .people
            .iter()
            .map(|p| (p.id.clone(), p.open_items().count()))
            .collect()
    }
}

fn people(list: &[(&str, usize)]) -> Vec<(String, usize)> {
    list.iter().map(|(id, n)| ((*id).to_owned(), *n)).collect()
}

#[test]
fn a_saved_note_is_read_again_and_only_news_is_reported() {
    let (mut r, problems) = repo(&[
        (
            "alice/2026-11-24.md",
            &note_text("alice", "- [ ] a\n- [ ] b\n"),
        ),
        ("bob/topics.md", "- chat\n"),
    ]);
    assert!(problems.is_empty());
    assert_eq!(r.people(), people(&[("alice", 2), ("bob", 0)]));
    r.write(
        "alice/2026-11-24.md",
        &note_text("alice", "- [x] a\n- [ ] b\n"),
    );
    assert_eq!(
        r.apply(&["alice/2026-11-24.md"]),
        ["alice/2026-11-24.md: 1 open item, next due 2026-12-01"]
    );
    assert_eq!(r.people(), people(&[("alice", 1), ("bob", 0)]));
    r.assert_fresh();
    // The same bytes again (a split batch, a touch): nothing to say.
    assert!(r.apply(&["alice/2026-11-24.md"]).is_empty());
    r.write(
        "alice/2026-11-17.md",
        &note_text("alice", "- [ ] a\n- [ ] a\n- [ ] c\n"),
    );
    assert_eq!(
        r.apply(&["alice/2026-11-17.md", "alice"]),
        ["alice/2026-11-17.md: 2 open items, next due 2026-12-01"]
    );
}

#[test]
fn a_broken_note_is_reported_once_and_its_last_good_version_kept() {
    let (mut r, _) = repo(&[("alice/2026-11-24.md", &note_text("alice", "- [ ] a\n"))]);
    r.write("alice/2026-11-24.md", "---\nperson: alice\n");
    let lines = r.apply(&["alice/2026-11-24.md"]);
    assert_eq!(lines.len(), 1);
    assert!(
        lines[0].starts_with("alice/2026-11-24.md:1:1: front matter is not terminated"),
        "{lines:?}"
    );
    assert_eq!(r.people(), people(&[("alice", 1)]));
    assert_eq!(r.live.index().problems.len(), 1);
    r.write(
        "alice/2026-11-24.md",
        "---\nperson: alice\ncadence: weekly\n",
    );
    assert!(r.apply(&["alice/2026-11-24.md"]).is_empty());
    r.write(
        "alice/2026-11-24.md",
        &note_text("alice", "- [ ] a\n- [ ] b\n"),
    );
    assert_eq!(
        r.apply(&["alice/2026-11-24.md"]),
        ["alice/2026-11-24.md: 2 open items, next due 2026-12-01"]
    );
    assert!(r.live.index().problems.is_empty());
}

#[test]
fn renames_removals_and_vanished_folders() {
    let (mut r, _) = repo(&[
        ("alice/2026-11-24.md", &note_text("alice", "- [ ] a\n")),
        ("bob/2026-11-20.md", &note_text("bob", "- [ ] b\n")),
        ("bob/topics.md", "- x\n"),
    ]);
    let root = r.dir.path().to_path_buf();
    std::fs::rename(
        root.join("alice/2026-11-24.md"),
        root.join("alice/2026-11-25.md"),
    )
    .unwrap();
    let lines = r.apply(&["alice/2026-11-24.md", "alice/2026-11-25.md"]);
    assert_eq!(
        lines,
        [
            "alice/2026-11-24.md: removed",
            "alice/2026-11-25.md: 1 open item, next due 2026-12-02"
        ]
    );
    let item = &r.live.index().person("alice").unwrap().items[0];
    assert_eq!(item.path("alice"), PathBuf::from("alice/2026-11-25.md"));
    std::fs::remove_dir_all(root.join("bob")).unwrap();
    assert_eq!(r.apply(&["bob"]), ["bob/: removed"]);
    assert_eq!(r.people(), people(&[("alice", 1)]));
    r.assert_fresh();
    std::fs::remove_file(root.join("alice/2026-11-25.md")).unwrap();
    assert_eq!(
        r.apply(&["alice/2026-11-25.md"]),
        ["alice/2026-11-25.md: removed"]
    );
    assert!(r.people().is_empty());
}

#[test]
fn editor_droppings_and_the_dashboard_are_not_read() {
    let (mut r, _) = repo(&[("alice/2026-11-24.md", &note_text("alice", "- [ ] a\n"))]);
    r.write("alice/.2026-11-24.md.swp", "x")
        .write("alice/4913", "")
        .write("alice/2026-11-24.md~", "x")
        .write("dash.md", "# 1:1 dashboard\n")
        .write(".git/index", "x")
        .write("alice/notes.txt", "x");
    let paths = [
        "alice/.2026-11-24.md.swp",
        "alice/4913",
        "alice/2026-11-24.md~",
        "dash.md",
        ".git/index",
        "alice/notes.txt",
    ];
    assert!(r.apply(&paths).is_empty());
}

#[test]
fn a_new_folder_is_read_whole_and_a_topics_file_makes_a_person() {
    let (mut r, _) = repo(&[]);
    r.write("carol/2026-11-01.md", &note_text("carol", "- [ ] c\n"))
        .write("carol/2026-11-08.md", &note_text("carol", ""));
    let lines = r.apply(&["carol"]);
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(r.people(), people(&[("carol", 1)]));
    r.write("dave/topics.md", "- hello\n");
    assert_eq!(
        r.apply(&["dave/topics.md"]),
        ["dave/topics.md: topic queue changed"]
    );
    assert!(r.apply(&["dave/topics.md"]).is_empty());
    assert_eq!(r.people(), people(&[("carol", 1), ("dave", 0)]));
    r.assert_fresh();
    std::fs::remove_file(r.dir.path().join("dave/topics.md")).unwrap();
    assert_eq!(r.apply(&["dave/topics.md"]), ["dave/topics.md: removed"]);
    assert_eq!(r.people(), people(&[("carol", 1)]));
}

#[test]
fn misnamed_notes_are_problems_reported_once() {
    let (mut r, problems) = repo(&[("Bad/2026-11-01.md", "x")]);
    assert_eq!(problems.len(), 1);
    r.write("alice/2026-13-45.md", "x");
    let lines = r.apply(&["alice/2026-13-45.md"]);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].starts_with("alice/2026-13-45.md: "), "{lines:?}");
    assert!(r.apply(&["alice/2026-13-45.md"]).is_empty());
    assert!(r.people().is_empty());
    assert_eq!(r.live.index().problems.len(), 2);
    r.assert_fresh();
}

#[test]
fn settings_and_gitignore_changes() {
    let (mut r, _) = repo(&[
        ("alice/2026-11-24.md", &note_text("alice", "- [ ] a\n")),
        ("old/2026-11-24.md", &note_text("old", "")),
    ]);
    r.write(".oneonone.yaml", "people:\n  erin:\n    name: Erin\n");
    assert_eq!(
        r.apply(&[".oneonone.yaml"]),
        [".oneonone.yaml: settings reloaded"]
    );
    assert_eq!(r.people(), people(&[("alice", 1), ("erin", 0), ("old", 0)]));
    r.write(".oneonone.yaml", "nonsense: [\n");
    assert_eq!(r.apply(&[".oneonone.yaml"]).len(), 1);
    assert!(r.apply(&[".oneonone.yaml"]).is_empty());
    assert_eq!(r.people(), people(&[("alice", 1), ("erin", 0), ("old", 0)]));
    r.write(".gitignore", "old/\n");
    assert_eq!(
        r.apply(&[".gitignore"]),
        [
            "re-read the repository (a .gitignore changed): 1 note, 2 people",
            "old/: removed"
        ]
    );
    assert_eq!(r.people(), people(&[("alice", 1), ("erin", 0)]));
    r.write(".oneonone.yaml", "people:\n  erin:\n    name: Erin\n");
    r.apply(&[".oneonone.yaml"]);
    r.assert_fresh();
    r.write("old/2026-11-25.md", &note_text("old", ""));
    assert!(r.apply(&["old/2026-11-25.md", "old"]).is_empty());
    let rescan = r.live.apply(&Batch {
        paths: BTreeSet::new(),
        rescan: true,
    });
    assert!(matches!(rescan[..], [Change::Reindexed { notes: 1, .. }]));
}

#[test]
fn former_ids_in_the_settings_make_old_notes_valid_again() {
    let (mut r, problems) = repo(&[(
        "alice-smith/2026-11-24.md",
        &note_text("alice", "- [ ] a\n"),
    )]);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(r.people(), people(&[("alice-smith", 0)]));
    r.write(
        ".oneonone.yaml",
        "people:\n  alice-smith:\n    former_ids: [alice]\n",
    );
    let changes = r.apply(&[".oneonone.yaml"]);
    assert_eq!(changes[0], ".oneonone.yaml: settings reloaded");
    assert_eq!(r.people(), people(&[("alice-smith", 1)]));
    r.assert_fresh();
    r.write(".oneonone.yaml", "");
    r.apply(&[".oneonone.yaml"]);
    assert_eq!(r.people(), people(&[("alice-smith", 0)]));
    r.assert_fresh();
}

#[test]
fn a_rescan_keeps_the_last_good_version_of_a_broken_note() {
    let (mut r, first) = repo(&[
        ("alice/2026-11-24.md", &note_text("alice", "- [ ] a\n")),
        ("alice/2026-11-17.md", &note_text("alice", "- [ ] x\n")),
    ]);
    assert!(first.is_empty(), "{first:?}");
    r.write("alice/2026-11-24.md", "---\nperson: alice\n");
    assert_eq!(r.apply(&["alice/2026-11-24.md"]).len(), 1);
    let rescan = r.live.apply(&Batch {
        paths: BTreeSet::new(),
        rescan: true,
    });
    assert!(matches!(rescan[..], [Change::Reindexed { notes: 2, .. }]));
    assert_eq!(r.people(), people(&[("alice", 2)]));
    assert_eq!(r.live.notes_of("alice").len(), 2);
    assert_eq!(r.live.index().problems.len(), 1);
    assert_eq!(r.live.as_read().person("alice").unwrap().meetings.len(), 1);
}

#[test]
fn catching_up_reads_only_what_changed() {
    let (mut r, _) = repo(&[
        ("alice/2026-11-24.md", &note_text("alice", "- [ ] a\n")),
        ("alice/2026-11-17.md", &note_text("alice", "- [ ] x\n")),
        ("bob/2026-11-20.md", &note_text("bob", "- [ ] b\n")),
        ("cy/2026-11-20.md", &note_text("cy", "")),
    ]);
    r.write(
        "alice/2026-11-24.md",
        &note_text("alice", "- [ ] a\n- [ ] more\n"),
    )
    .write("dee/2026-11-21.md", &note_text("dee", ""))
    .write("dee/topics.md", "- hi\n");
    std::fs::remove_dir_all(r.dir.path().join("cy")).unwrap();
    // Same size, modification time put back: the inode change time
    // still gives the edit away.
    let same = r.dir.path().join("bob/2026-11-20.md");
    let modified = std::fs::metadata(&same).unwrap().modified().unwrap();
    std::fs::write(&same, note_text("bob", "- [x] b\n")).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&same)
        .unwrap()
        .set_modified(modified)
        .unwrap();
    let lines: Vec<String> = r
        .live
        .catch_up()
        .iter()
        .map(|c| describe(c, r.live.index(), d("2026-11-25")))
        .collect();
    assert_eq!(
        lines,
        [
            "alice/2026-11-24.md: 2 open items, next due 2026-12-01",
            "bob/2026-11-20.md: no open items, next due 2026-11-27",
            "dee/2026-11-21.md: no open items, next due 2026-11-28",
            "dee/topics.md: topic queue changed",
            "cy/: removed",
        ]
    );
    assert_eq!(r.people(), people(&[("alice", 3), ("bob", 0), ("dee", 0)]));
}

#[test]
fn lines_for_cancelled_paused_overdue_and_never_met() {
    let (mut r, _) = repo(&[]);
    r.write(
        "bob/2026-11-24.md",
        "---\nperson: bob\nstatus: cancelled\n---\n- [ ] x\n",
    )
    .write("cy/2026-11-01.md", &note_text("cy", ""))
    .write(
        ".oneonone.yaml",
        "people:\n  dee:\n    paused_until: 2027-01-01\n",
    )
    .write("dee/2026-11-01.md", &note_text("dee", ""));
    r.apply(&[".oneonone.yaml"]);
    let lines = r.apply(&["bob/2026-11-24.md", "cy/2026-11-01.md", "dee/2026-11-01.md"]);
    assert_eq!(
        lines,
        [
            "bob/2026-11-24.md: cancelled, 1 open item, no meeting held yet",
            "cy/2026-11-01.md: no open items, next due 2026-11-08 (overdue)",
            "dee/2026-11-01.md: no open items, paused until 2027-01-01",
        ]
    );
}
