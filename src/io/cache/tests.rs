//! The cache against reading the notes: the same answers from a second
//! build, every kind of change noticed, damaged or foreign files ignored,
//! and the encoding pinned.

use std::fs::File;
use std::time::Duration;

use super::*;
use crate::io::load::{self, IndexStats};
use crate::io::repo::Repo;
use crate::io::scan;
use crate::model::index::Index;
use crate::plan::people;

/// A repository inside a git work tree, so the cache goes to `.git/`.
fn repo(notes: &[(&str, &str)]) -> (tempfile::TempDir, Repo) {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join(".git")).unwrap();
    for (path, body) in notes {
        write(dir.path(), path, body);
    }
    let repo = Repo::open(dir.path().to_path_buf()).unwrap();
    (dir, repo)
}

fn write(root: &Path, path: &str, body: &str) {
    let file = root.join(path);
    fs::create_dir_all(file.parent().unwrap()).unwrap();
    fs::write(file, body).unwrap();
}

const NOTES: &[(&str, &str)] = &[
    (
        "alice/2026-11-18.md",
        "---\nperson: alice\nkind: peer\n---\n- [ ] @alice draft goals\n  - [x] outline\n",
    ),
    (
        "alice/2026-11-25.md",
        "---\nperson: alice\nstatus: cancelled\n---\n- [x] @alice draft goals (from 2026-11-18)\n",
    ),
    ("bob/2026-11-20.md", "---\nperson: bob\ncadence: 3w\n---\n"),
    ("bob/2026-11-21.md", "---\nperson: carol\n---\n"),
    ("carol/2026-11-02.md", "no front matter"),
];

/// Builds as if every file had been written long before.
fn build(repo: &Repo) -> (Index, IndexStats) {
    let later = SystemTime::now() + Duration::from_secs(3600);
    load::index_through(
        repo,
        NaiveDate::MAX,
        &Cache::open_at(&repo.root, false, later),
        &|_, _| {},
    )
}

/// What the index is without any cache.
fn assert_right(repo: &Repo, index: &Index) {
    let scan = scan::scan(&repo.root);
    let parsed = load::parse_all(&repo.root, &repo.settings, &scan.candidates);
    let expected = people::index(
        &repo.settings,
        scan.folders,
        parsed,
        scan.problems,
        NaiveDate::MAX,
    );
    assert_eq!(index.people, expected.people);
    let messages = |i: &Index| {
        i.problems
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(messages(index), messages(&expected));
}

fn counts(stats: &IndexStats) -> (usize, usize, usize, usize) {
    (stats.files, stats.parsed, stats.cached, stats.removed)
}

fn cache_file(repo: &Repo) -> PathBuf {
    repo.root.join(".git/oneonone/index.bin")
}

#[test]
fn a_second_build_reads_nothing_and_answers_the_same() {
    let (_dir, repo) = repo(NOTES);
    let (first, stats) = build(&repo);
    assert_eq!(counts(&stats), (5, 5, 0, 0));
    assert_eq!(stats.saved, Saved::Written);
    assert_eq!(stats.cache, Some(cache_file(&repo).canonicalize().unwrap()));
    assert_right(&repo, &first);
    assert_eq!(first.problems.len(), 2, "{:?}", first.problems);

    let modified = fs::metadata(cache_file(&repo)).unwrap().modified().unwrap();
    let (second, stats) = build(&repo);
    assert_eq!(counts(&stats), (5, 0, 5, 0));
    assert_eq!(stats.saved, Saved::Unchanged);
    let again = fs::metadata(cache_file(&repo)).unwrap().modified().unwrap();
    assert_eq!(modified, again, "an unchanged cache is not rewritten");
    assert_right(&repo, &second);
    // Problems come back as the same errors, positions included.
    let message = second.problems[0].to_string();
    assert_eq!(
        message,
        "bob/2026-11-21.md:2:9: person `carol` does not match the folder `bob`"
    );
}

#[test]
fn edited_added_and_deleted_notes_are_noticed() {
    let (_dir, repo) = repo(NOTES);
    build(&repo);
    write(
        &repo.root,
        "bob/2026-11-20.md",
        "---\nperson: bob\n---\n- [ ] new item\n",
    );
    write(&repo.root, "dave/2026-11-01.md", "---\nperson: dave\n---\n");
    fs::remove_file(repo.root.join("alice/2026-11-18.md")).unwrap();
    // Each changed person's folder is read again: alice's remaining
    // note, bob's two and dave's new one; carol's comes from the cache.
    let (index, stats) = build(&repo);
    assert_eq!(counts(&stats), (5, 4, 1, 1));
    assert_eq!(stats.saved, Saved::Written);
    assert_right(&repo, &index);
    let (index, stats) = build(&repo);
    assert_eq!(counts(&stats), (5, 0, 5, 0));
    assert_right(&repo, &index);
}

#[test]
fn changes_far_apart_keep_the_other_records() {
    // More people than the readers may run ahead of the cache being
    // written: a change to the last person or the first reads only that
    // person again.
    let (_dir, repo) = repo(&[]);
    let people = 2 * load::AHEAD + 2;
    for person in 0..people {
        for day in 1..=9 {
            let body = format!("---\nperson: p{person:03}\n---\n- [ ] task {day}\n");
            write(
                &repo.root,
                &format!("p{person:03}/2026-11-0{day}.md"),
                &body,
            );
        }
    }
    let total = people * 9;
    assert_eq!(counts(&build(&repo).1), (total, total, 0, 0));
    let last = format!("p{:03}", people - 1);
    let edits = [
        (
            format!("{last}/2026-11-05.md"),
            Some(format!("---\nperson: {last}\n---\n- [x] task 5\n")),
        ),
        (format!("{last}/2026-11-09.md"), None),
        ("p000/2026-11-01.md".to_owned(), None),
    ];
    let mut files = total;
    for (path, body) in edits {
        let (path, body) = (path.as_str(), body.as_deref());
        if let Some(body) = body {
            write(&repo.root, path, body);
        } else {
            fs::remove_file(repo.root.join(path)).unwrap();
            files -= 1;
        }
        let (index, stats) = build(&repo);
        let person = path.split('/').next().unwrap();
        let theirs = fs::read_dir(repo.root.join(person)).unwrap().count();
        let removed = usize::from(body.is_none());
        let expected = (files, theirs, files - theirs, removed);
        assert_eq!(counts(&stats), expected, "{path}");
        assert_eq!(stats.saved, Saved::Written);
        assert_right(&repo, &index);
        let (index, stats) = build(&repo);
        assert_eq!(counts(&stats), (files, 0, files, 0), "{path}: after");
        assert_right(&repo, &index);
    }
}

#[test]
fn same_size_and_mtime_but_a_new_inode_change_time_is_noticed() {
    let (_dir, repo) = repo(NOTES);
    let path = repo.root.join("bob/2026-11-20.md");
    let stamp = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(stamp)
        .unwrap();
    build(&repo);
    // Same length, same mtime: only the change time tells.
    fs::write(&path, "---\nperson: bob\ncadence: 4w\n---\n").unwrap();
    File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(stamp)
        .unwrap();
    let (index, stats) = build(&repo);
    assert_eq!(stats.parsed, 2, "bob's folder is read again");
    assert_right(&repo, &index);
}

#[test]
fn settings_apply_over_cached_people() {
    let (_dir, repo) = repo(NOTES);
    build(&repo);
    fs::write(
        repo.root.join(".oneonone.yaml"),
        "people:\n  alice:\n    name: Alice Smith\n    kind: mentee\n",
    )
    .unwrap();
    let repo = Repo::open(repo.root.clone()).unwrap();
    let (index, stats) = build(&repo);
    assert_eq!(counts(&stats), (5, 0, 5, 0));
    let alice = index.person("alice").unwrap();
    assert_eq!(alice.kind, crate::model::cadence::Kind::Mentee);
    assert_eq!(alice.display_name(), "Alice Smith");
    assert_right(&repo, &index);
}

#[test]
fn damaged_caches_are_rebuilt_silently() {
    let (_dir, repo) = repo(NOTES);
    build(&repo);
    let good = fs::read(cache_file(&repo)).unwrap();
    let mut flipped = good.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0x40;
    let damages: Vec<(&str, Vec<u8>)> = vec![
        ("empty", Vec::new()),
        ("garbage", b"not a cache at all, just some words".repeat(50)),
        ("cut in the header", good[..10].to_vec()),
        ("cut in a frame", good[..good.len() - 3].to_vec()),
        ("cut between frames", cut_before_last_frame(&good)),
        ("one bit flipped", flipped),
        ("trailing garbage", [good.clone(), vec![7; 5]].concat()),
    ];
    for (what, bytes) in damages {
        fs::write(cache_file(&repo), &bytes).unwrap();
        let (index, stats) = build(&repo);
        assert_right(&repo, &index);
        assert_eq!(stats.files, 5, "{what}");
        // Noticed, and repaired: only what is still whole is reused.
        assert_eq!(stats.saved, Saved::Written, "{what}: {stats:?}");
        let (index, stats) = build(&repo);
        assert_eq!(counts(&stats), (5, 0, 5, 0), "{what}: repaired");
        assert_right(&repo, &index);
    }
}

/// The file with its last frame removed.
fn cut_before_last_frame(bytes: &[u8]) -> Vec<u8> {
    let mut at = 12;
    let mut last = at;
    while at < bytes.len() {
        last = at;
        let len = u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap()) as usize;
        at += 8 + len;
    }
    bytes[..last].to_vec()
}

#[test]
fn another_format_tool_version_or_root_is_ignored() {
    let (_dir, repo) = repo(NOTES);
    build(&repo);
    let good = fs::read(cache_file(&repo)).unwrap();
    let mut other_format = good.clone();
    other_format[8..12].copy_from_slice(&(FORMAT + 1).to_le_bytes());
    let root = repo.root.canonicalize().unwrap();
    let root = root.to_str().unwrap();
    for (what, bytes) in [
        ("format", other_format),
        ("tool", with_header(&good, "0.0.0-other", root)),
        ("root", with_header(&good, TOOL, "/somewhere/else")),
    ] {
        fs::write(cache_file(&repo), &bytes).unwrap();
        let (index, stats) = build(&repo);
        assert_eq!(counts(&stats), (5, 5, 0, 0), "{what}");
        assert_right(&repo, &index);
    }
    // The control: the same surgery with the right values is accepted.
    fs::write(cache_file(&repo), with_header(&good, TOOL, root)).unwrap();
    assert_eq!(counts(&build(&repo).1), (5, 0, 5, 0));
}

/// The file with its header frame replaced.
fn with_header(bytes: &[u8], tool: &str, root: &str) -> Vec<u8> {
    let len = u32::from_le_bytes(bytes[12..16].try_into().unwrap()) as usize;
    let header = postcard::to_stdvec(&Header { tool, root }).unwrap();
    let mut out = bytes[..12].to_vec();
    out.extend_from_slice(&u32::try_from(header.len()).unwrap().to_le_bytes());
    out.extend_from_slice(&crc32fast::hash(&header).to_le_bytes());
    out.extend_from_slice(&header);
    out.extend_from_slice(&bytes[20 + len..]);
    out
}

#[test]
fn rebuild_ignores_the_cache() {
    let (_dir, repo) = repo(NOTES);
    build(&repo);
    let later = SystemTime::now() + Duration::from_secs(3600);
    let (index, stats) = load::index_through(
        &repo,
        NaiveDate::MAX,
        &Cache::open_at(&repo.root, true, later),
        &|_, _| {},
    );
    assert_eq!(counts(&stats), (5, 5, 0, 0));
    assert_eq!(stats.saved, Saved::Written);
    assert_right(&repo, &index);
}

#[test]
fn recent_files_are_stored_but_read_again() {
    let (_dir, repo) = repo(NOTES);
    let now = || SystemTime::now();
    let (_, stats) = load::index_through(
        &repo,
        NaiveDate::MAX,
        &Cache::open_at(&repo.root, false, now()),
        &|_, _| {},
    );
    assert_eq!(stats.saved, Saved::Written);
    // Written just now: the same tick could hide another edit.
    let (index, stats) = load::index_through(
        &repo,
        NaiveDate::MAX,
        &Cache::open_at(&repo.root, false, now()),
        &|_, _| {},
    );
    assert_eq!(counts(&stats), (5, 5, 0, 0));
    assert_eq!(
        stats.saved,
        Saved::Unchanged,
        "bare keys are already stored"
    );
    assert_right(&repo, &index);
    // Once they have settled, the next build stores their results.
    let (_, stats) = build(&repo);
    assert_eq!((stats.parsed, &stats.saved), (5, &Saved::Written));
    assert_eq!(counts(&build(&repo).1), (5, 0, 5, 0));
}

#[test]
fn an_unwritable_cache_changes_nothing_but_speed() {
    let (_dir, repo) = repo(NOTES);
    // A file where the cache folder should be: creating it fails.
    fs::write(repo.root.join(".git/oneonone"), "").unwrap();
    let (index, stats) = build(&repo);
    assert!(matches!(stats.saved, Saved::Failed(_)), "{:?}", stats.saved);
    assert_right(&repo, &index);
    assert_eq!(counts(&build(&repo).1), (5, 5, 0, 0));
}

#[test]
fn the_cache_follows_the_git_directory() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    fs::create_dir_all(root.join("repo/.git")).unwrap();
    fs::create_dir_all(root.join("repo/notes")).unwrap();
    assert_eq!(
        location(&root.join("repo")),
        Some(root.join("repo/.git/oneonone/index.bin"))
    );
    // A notes folder inside a work tree gets a file of its own.
    let nested = location(&root.join("repo/notes")).unwrap();
    assert_eq!(
        nested.parent(),
        Some(root.join("repo/.git/oneonone").as_path())
    );
    assert_ne!(nested.file_name().unwrap(), FILE_NAME);
    // A linked work tree's `.git` file points at its git directory.
    fs::create_dir_all(root.join("repo/.git/worktrees/wt")).unwrap();
    fs::create_dir_all(root.join("wt")).unwrap();
    fs::write(root.join("wt/.git"), "gitdir: ../repo/.git/worktrees/wt\n").unwrap();
    assert_eq!(
        location(&root.join("wt")),
        Some(root.join("wt/../repo/.git/worktrees/wt/oneonone/index.bin"))
    );
}

/// Changing what a history encodes to without bumping `FORMAT` would
/// let an old cache be misread. If this fails, bump `FORMAT` and then
/// update the expected checksum.
#[test]
fn encoding_is_pinned() {
    let path = Path::new("alice/2026-11-25.md");
    let name = crate::model::note::NoteName::parse("2026-11-25.md")
        .unwrap()
        .unwrap();
    let text = "---\nperson: alice\nname: Alice\ndate: 2026-11-25\nkind: skip-level\n\
                cadence: 2m\nduration: 45\nstatus: rescheduled\nslot: tue 10:00 Europe/Berlin\n---\n\
                - [ ] @alice goals due:2026-12-01 (from 2026-11-18)\n  - [x] child\n- [-] gone\n\
                ## Private notes\n- [ ] mine\n";
    let note = crate::parse::note::parse(path, "alice", name, text.as_bytes()).unwrap();
    let today = crate::model::date::parse_date("2026-11-25").unwrap();
    let history = crate::plan::track::history(&[note], today);
    assert!(history.slot.is_some(), "the sample pins a slot too");
    let problem = Error::at(path, 3, 7, "a problem");
    let cache = Cache::open_at(Path::new("/nowhere"), true, SystemTime::now());
    let stamp = Stamp {
        size: 10,
        modified: 1,
        changed: 2,
    };
    let bytes = cache
        .encode(
            "alice",
            &[("2026-11-25.md", name, Some(stamp))],
            &[],
            today,
            Some((Some(&history), &history.digest(), &[problem])),
        )
        .unwrap();
    let record = Record { frame: &bytes };
    assert_eq!(record.files(), ["2026-11-25.md"]);
    let (decoded, problems) = record
        .history(&[("2026-11-25.md", Some(stamp))], &[], today)
        .unwrap();
    assert_eq!(decoded, history);
    let (digest, _) = record
        .digest(&[("2026-11-25.md", Some(stamp))], &[], today)
        .unwrap();
    assert_eq!(digest, history.digest());
    assert_eq!(
        digest.open_items, 2,
        "the open parent and the private item; the done child is left out"
    );
    assert_eq!(
        decoded.items.iter().map(|i| i.private).collect::<Vec<_>>(),
        [false, false, true]
    );
    assert_eq!(
        problems[0].to_string(),
        "alice/2026-11-25.md:3:7: a problem"
    );
    // Another stamp, name or number of files is another version.
    let newer = Stamp {
        changed: 3,
        ..stamp
    };
    assert!(
        record
            .history(&[("2026-11-25.md", Some(newer))], &[], today)
            .is_none()
    );
    assert!(
        record
            .digest(&[("2026-11-26.md", Some(stamp))], &[], today)
            .is_none()
    );
    assert!(record.history(&[], &[], today).is_none());
    // Former ids other than those it was read with: read again.
    let renamed = ["al".to_owned()];
    assert!(
        record
            .history(&[("2026-11-25.md", Some(stamp))], &renamed, today)
            .is_none()
    );
    assert_eq!(
        (FORMAT, bytes.len(), crc32fast::hash(&bytes)),
        (13, 328, 1_993_208_092),
        "the cache encoding changed: bump FORMAT"
    );
    // A record written without the history (what `status` stores) answers
    // for the digest only.
    let files = [("2026-11-25.md", Some(stamp))];
    let bytes = cache
        .encode(
            "alice",
            &[("2026-11-25.md", name, Some(stamp))],
            &[],
            today,
            Some((None, &history.digest(), &[])),
        )
        .unwrap();
    let record = Record { frame: &bytes };
    assert_eq!(
        record.digest(&files, &[], today).unwrap().0,
        history.digest()
    );
    assert!(record.history(&files, &[], today).is_none());
}
