//! `oneonone done`: a one-byte, atomic edit of the latest note listing the item.

use std::path::Path;

use crate::support::TestRepo;

#[test]
fn checks_off_exactly_one_byte_of_the_latest_note() {
    let repo = TestRepo::example();
    let before = repo.snapshot();
    let run = repo.run(&["done", "alice", "PROMOTION", "packet"]);
    assert_eq!(
        run.ok(),
        "checked off: alice/2026-11-24.md:14: @me Send the promotion packet to HR\n"
    );
    let after = repo.snapshot();
    let note = Path::new("alice/2026-11-24.md");
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "no file is added or removed"
    );
    for (path, bytes) in &before {
        if path != note {
            assert_eq!(&after[path], bytes, "{} changed", path.display());
        }
    }
    let (old, new) = (&before[note], &after[note]);
    assert_eq!(old.len(), new.len());
    let differing: Vec<usize> = (0..old.len()).filter(|&i| old[i] != new[i]).collect();
    assert_eq!(differing.len(), 1, "exactly one byte differs");
    let at = differing[0];
    assert_eq!((old[at], new[at]), (b' ', b'x'));
    let line_start = old[..at]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    assert_eq!(
        &new[line_start..at + 2],
        b"- [x]",
        "the checkbox of line 14 is the byte"
    );
    assert_eq!(old[..at].split(|&b| b == b'\n').count(), 14);

    let json = repo.run(&["actions", "alice", "--all", "--json"]).json();
    let packet = json["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["text"] == "@me Send the promotion packet to HR")
        .expect("packet item");
    assert_eq!(packet["state"], "done");
    assert_eq!(packet["closed"], "2026-11-24");

    let again = repo.run(&["done", "alice", "promotion packet"]);
    assert_eq!(again.code, 2, "already done: {again:?}");
}

#[test]
fn ambiguous_patterns_are_refused_and_nothing_is_written() {
    let repo = TestRepo::example();
    let before = repo.snapshot();
    let run = repo.run(&["done", "alice", "the"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "oneonone: `the` matches 4 open items; nothing was changed, be more specific:\n  \
         alice/2026-11-24.md:14: @me Send the promotion packet to HR\n  \
         alice/2026-11-24.md:16: @alice Prepare the on-call handbook\n  \
         alice/2026-11-24.md:18: Write the escalation section\n  \
         alice/2026-11-24.md:30: @me Approve travel for the January conference\n"
    );
    assert_eq!(repo.snapshot(), before);
}

#[test]
fn no_match_is_an_error_and_nothing_is_written() {
    let repo = TestRepo::example();
    let before = repo.snapshot();
    for args in [
        &["done", "alice", "no such thing"][..],
        &["done", "alice", "Collect the existing runbooks"],
        &["done", "zed", "anything"],
    ] {
        let run = repo.run(args);
        assert_eq!(run.code, 2, "{args:?}: {run:?}");
    }
    let run = repo.run(&["done", "alice", "no such thing"]);
    assert_eq!(
        run.stderr,
        "oneonone: no open item matching `no such thing` in alice's notes\n"
    );
    assert_eq!(repo.snapshot(), before);
}

#[test]
fn items_are_found_as_they_read_now_and_several_matches_are_refused() {
    let repo = TestRepo::new();
    repo.note(
        "alice/2026-11-03.md",
        "",
        "- [ ] @me Book the venue\n- [ ] @me Order badges\n",
    );
    repo.note(
        "alice/2026-11-10.md",
        "",
        "- [x] @me Book the venue (from 2026-11-03)\n- [ ] @me Order more badges\n",
    );
    let before = repo.snapshot();
    // Closed in the later note: the older open line is history, not a match.
    let run = repo.run(&["done", "alice", "venue"]);
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (
            2,
            "oneonone: no open item matching `venue` in alice's notes\n"
        )
    );
    // Two open items, one in each note: neither is guessed at.
    let run = repo.run(&["done", "alice", "badges"]);
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (
            2,
            "oneonone: `badges` matches 2 open items; nothing was changed, be more specific:\n  \
             alice/2026-11-03.md:6: @me Order badges\n  \
             alice/2026-11-10.md:6: @me Order more badges\n"
        )
    );
    assert_eq!(repo.snapshot(), before);
    let run = repo.run(&["done", "alice", "more badges"]);
    assert_eq!(
        run.ok(),
        "checked off: alice/2026-11-10.md:6: @me Order more badges\n"
    );
    // Not carried forward: found in the older note it is still open in.
    let run = repo.run(&["done", "alice", "badges"]);
    assert_eq!(
        run.ok(),
        "checked off: alice/2026-11-03.md:6: @me Order badges\n"
    );
}

#[test]
fn a_broken_newer_note_stops_the_search() {
    let repo = TestRepo::new();
    repo.note("alice/2026-11-03.md", "", "- [ ] @me Order badges\n");
    repo.write("alice/2026-11-10.md", "- [ ] @me Order badges\n");
    let before = repo.snapshot();
    let run = repo.run(&["done", "alice", "badges"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("alice/2026-11-10.md:1:1: no front matter"),
        "{}",
        run.stderr
    );
    assert_eq!(repo.snapshot(), before);
}
