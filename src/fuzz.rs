//! Property tests and fuzzing of the note parser and everything downstream
//! of it. Every test is named `fuzz_…`: CI runs a fixed number of cases;
//! run longer by hand with
//! `PROPTEST_CASES=200000 cargo test --release --lib fuzz_`.

use std::collections::HashMap;
use std::collections::HashSet;
use std::path::PathBuf;

use chrono::NaiveDate;
use proptest::prelude::*;
use proptest::test_runner::Config;

use crate::model::item::{ActionItem, ItemKey, ItemState};
use crate::model::note::{Note, NoteName};
use crate::parse::note;
use crate::parse::settings::Settings;
use crate::plan::carry::{Carried, carry};
use crate::plan::people;
use crate::report::{Style, actions, gaps, log, status};

/// `PROPTEST_CASES` if set, else `default` cases.
fn cases(default: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default);
    Config::with_cases(cases)
}

fn date(s: &str) -> NaiveDate {
    crate::model::date::parse_date(s).expect("date")
}

fn parse(day: NaiveDate, bytes: &[u8]) -> crate::Result<Note> {
    let name = NoteName { date: day, seq: 1 };
    let path = PathBuf::from("alice").join(name.file_name());
    note::parse(&path, "alice", name, bytes)
}

/// Runs a parsed note through everything that consumes notes: carrying,
/// the index and every report, text and JSON. None of it may panic.
fn downstream(note: &Note) {
    let refs = [note];
    for carried in carry(&refs, &refs) {
        let _ = carried.markdown();
    }
    let index = people::index(
        &Settings::default(),
        vec!["alice".into()],
        vec![Ok(note.clone())],
        Vec::new(),
        NaiveDate::MAX,
    );
    let today = date("2026-12-01");
    let style = Style { color: true };
    let _ = status::render_text(&status::status(&index.summaries(), today), style);
    let all = actions::ActionsOptions {
        all: true,
        ..actions::ActionsOptions::default()
    };
    let report = actions::report(&index, &all, "me", today).expect("actions");
    let _ = actions::render(&report, &index, style);
    let _ = crate::report::json(&report).expect("JSON");
    let people: Vec<_> = index.people.iter().collect();
    let _ = gaps::render_text(&gaps::gaps(people, None, today), style);
    let _ = log::render_text(&log::log(&index.people[0]), style);
}

/// What `done` relies on: each item's checkbox offset is the mark between
/// its brackets, on the item's line.
fn checkboxes_are_where_items_say(note: &Note, bytes: &[u8]) -> Result<(), TestCaseError> {
    for item in note.all_items() {
        let at = item.checkbox;
        prop_assert!(at >= 1 && at + 1 < bytes.len(), "{item:?}");
        prop_assert_eq!((bytes[at - 1], bytes[at + 1]), (b'[', b']'), "{:?}", item);
        prop_assert_eq!(ItemState::from_mark(bytes[at]), Some(item.state));
        let line = 1 + memchr::memchr_iter(b'\n', &bytes[..at]).count();
        prop_assert_eq!(line, item.line, "{:?}", item);
        prop_assert!(!item.text.contains(['\n', '\r']), "{item:?}");
    }
    Ok(())
}

/// A second opinion: pulldown-cmark's own task-list extension must find the
/// same `[ ]`/`[x]` items (it knows no `[-]`/`[~]`, so those are left out).
/// Two corners where the extension changes pulldown-cmark's own reading of
/// the lines, so there is no second opinion to be had: an item whose first
/// line is only its checkbox (it then counts as starting with a blank line,
/// which changes what follows), and a tab just before a checkbox (the
/// extension takes `\t[ ]` as a checkbox where the core parser sees
/// indented code).
fn same_tasks_as_pulldown(note: &Note, text: &str) -> Result<(), TestCaseError> {
    use pulldown_cmark::{Event, Options, Parser};
    let Ok(split) = crate::parse::frontmatter::split(text) else {
        return Ok(());
    };
    let bare = |i: &ActionItem| {
        let rest = text.get(i.checkbox + 2..).unwrap_or("");
        rest.split(['\n', '\r'])
            .next()
            .unwrap_or("")
            .trim()
            .is_empty()
    };
    if note.all_items().any(bare) || split.body.contains("\t[") {
        return Ok(());
    }
    let theirs: Vec<bool> = Parser::new_ext(split.body, Options::ENABLE_TASKLISTS)
        .filter_map(|e| match e {
            Event::TaskListMarker(done) => Some(done),
            _ => None,
        })
        .collect();
    let ours: Vec<bool> = note
        .all_items()
        .filter(|i| i.state != ItemState::Cancelled)
        .map(|i| i.state == ItemState::Done)
        .collect();
    prop_assert_eq!(ours, theirs);
    Ok(())
}

/// Pieces of Markdown that matter to the item parser, to be strung together.
fn fragment() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "- ",
        "* ",
        "+ ",
        "1. ",
        "2) ",
        "[ ] ",
        "[x] ",
        "[X] ",
        "[-] ",
        "[~] ",
        "[?] ",
        "[ ]",
        "  ",
        "\t",
        "    ",
        "@me ",
        "@alice, ",
        "due:2026-12-01 ",
        "due:2026-02-30 ",
        "(from 2026-11-04)",
        "(from 2026-13-01)",
        "(from ",
        "```",
        "~~~",
        "<!--",
        "-->",
        "> ",
        "## Agenda",
        "---",
        "| a | b |",
        "|---|---|",
        "\\",
        "*",
        "_",
        "`",
        "[link](x)",
        "<div>",
        "&amp;",
        "é",
        "🎉",
        "\u{202e}",
        "\r",
        "\u{feff}",
        "word ",
        "task ",
        "#",
    ])
}

/// Lines that are mostly list items, indented by any mix of spaces and
/// tabs, with or without a checkbox, among stray Markdown.
fn markdownish() -> impl Strategy<Value = String> {
    let indent = prop::collection::vec(prop::sample::select(vec!["  ", "\t", " ", "    "]), 0..5);
    let marker = prop::sample::select(vec!["- ", "* ", "+ ", "1. ", "2) ", "-", "> - "]);
    let checkbox = prop::sample::select(vec![
        "[ ] ", "[x] ", "[X] ", "[-] ", "[~] ", "[ ]", "[?] ", "", "[ ]\t",
    ]);
    let text = prop::collection::vec(fragment(), 0..5);
    let item = (indent, marker, checkbox, text).prop_map(|(indent, marker, checkbox, text)| {
        format!("{}{marker}{checkbox}{}", indent.concat(), text.concat())
    });
    let stray = prop::collection::vec(fragment(), 0..8).prop_map(|f| f.concat());
    let line = prop_oneof![4 => item, 1 => stray];
    let eol = prop::sample::select(vec!["\n", "\n", "\n", "\r\n", "\n\n"]);
    prop::collection::vec((line, eol), 0..30)
        .prop_map(|lines| lines.into_iter().map(|(l, e)| l + e).collect())
}

/// Front matter, mostly valid, sometimes mangled.
fn front() -> impl Strategy<Value = String> {
    let yamlish = prop::collection::vec(
        prop::sample::select(vec![
            "person: alice",
            "date: 2026-11-25",
            "kind: peer",
            "cadence: 3w",
            "duration: 30",
            "status: cancelled",
            "name: &a x",
            "other: *a",
            "[",
            "{",
            "- ",
            ": ",
            "!!binary ",
            "'",
            "\"",
            "<<: ",
            "tags: [a, b]",
            "? ",
            "|",
            "  ",
            "\t",
            "date: 2026-02-30",
        ]),
        0..6,
    )
    .prop_map(|l| format!("---\n{}\n---\n", l.join("\n")));
    prop_oneof![
        4 => Just("---\nperson: alice\n---\n".to_owned()),
        1 => Just("\u{feff}---\r\nperson: alice\r\n---\r\n".to_owned()),
        2 => yamlish,
        1 => Just(String::new()),
    ]
}

/// A task tree: state (0 open, 1 done, 2 cancelled), text, children.
#[derive(Debug, Clone)]
struct Tree {
    state: u8,
    text: String,
    children: Vec<Tree>,
}

fn tree() -> impl Strategy<Value = Tree> {
    let word = prop::sample::select(vec![
        "send",
        "packet",
        "@me",
        "@bob",
        "due:2026-12-01",
        "*emph*",
        "`code`",
        "[x]",
        "<b>",
        "&amp;",
        "\\",
        "#",
        "|",
        "1.",
        "-",
        "é",
        "(from",
        "2026-01-01)",
        "x_y",
        "[link](u)",
    ]);
    let text = prop::collection::vec(word, 0..5).prop_map(|w| w.join(" "));
    let leaf = (0u8..3, text.clone()).prop_map(|(state, text)| Tree {
        state,
        text,
        children: Vec::new(),
    });
    leaf.prop_recursive(4, 24, 3, move |inner| {
        (0u8..3, text.clone(), prop::collection::vec(inner, 0..3)).prop_map(
            |(state, text, children)| Tree {
                state,
                text,
                children,
            },
        )
    })
}

fn render(trees: &[Tree], depth: usize, out: &mut String) {
    for t in trees {
        let mark = [" ", "x", "-"][usize::from(t.state)];
        out.push_str(&format!("{}- [{mark}] {}\n", "  ".repeat(depth), t.text));
        render(&t.children, depth + 1, out);
    }
}

/// An item tree reduced to what carrying must preserve.
#[derive(Debug, PartialEq, Eq)]
struct Shape {
    text: String,
    origin: NaiveDate,
    children: Vec<Shape>,
}

fn shape_of_items(items: &[ActionItem], day: NaiveDate) -> Vec<Shape> {
    items
        .iter()
        .map(|i| Shape {
            text: i.text.clone(),
            origin: i.origin_or(day),
            children: shape_of_items(&i.children, day),
        })
        .collect()
}

fn shape_of_carried(items: &[Carried]) -> Vec<Shape> {
    items
        .iter()
        .map(|c| Shape {
            text: c.text.clone(),
            origin: c.origin,
            children: shape_of_carried(&c.children),
        })
        .collect()
}

fn carried_keys(items: &[Carried], out: &mut Vec<ItemKey>) {
    for c in items {
        out.push(ItemKey {
            text: crate::model::item::normalise(&c.text),
            origin: c.origin,
        });
        carried_keys(&c.children, out);
    }
}

/// A chain of weekly notes: each carries what the previous one left open
/// (with each carried checkbox set to a chosen state) and adds new trees.
fn chain(spec: &[(Vec<Tree>, Vec<u8>)]) -> Vec<Note> {
    let start = date("2026-01-05");
    let mut notes: Vec<Note> = Vec::new();
    for (i, (fresh, states)) in spec.iter().enumerate() {
        let day = start + chrono::Days::new(7 * i as u64);
        let refs: Vec<&Note> = notes.iter().collect();
        let mut body = String::new();
        let mut n = 0;
        for c in carry(&refs, &refs) {
            for line in c.markdown().lines() {
                let state = states.get(n % states.len().max(1)).copied().unwrap_or(0);
                let mark = ["[ ]", "[x]", "[-]"][usize::from(state)];
                body.push_str(&line.replacen("[ ]", mark, 1));
                body.push('\n');
                n += 1;
            }
        }
        render(fresh, 0, &mut body);
        let text = format!("---\nperson: alice\n---\n{body}");
        notes.push(parse(day, text.as_bytes()).expect("generated notes parse"));
    }
    notes
}

/// Each identity's state straight from the notes: the state in the last
/// note it is in; within one note a closed mark wins.
fn latest_states(notes: &[Note]) -> HashMap<ItemKey, ItemState> {
    let mut latest = HashMap::new();
    for n in notes {
        let mut here: HashMap<ItemKey, ItemState> = HashMap::new();
        for item in n.all_items() {
            let state = here.entry(item.key(n.date())).or_insert(item.state);
            if !state.is_closed() {
                *state = item.state;
            }
        }
        latest.extend(here);
    }
    latest
}

fn arb_chain() -> impl Strategy<Value = Vec<(Vec<Tree>, Vec<u8>)>> {
    let fresh = prop::collection::vec(tree(), 0..4);
    let states = prop::collection::vec(0u8..3, 1..6);
    prop::collection::vec((fresh, states), 1..6)
}

proptest! {
    #![proptest_config(cases(2_000))]

    #[test]
    fn fuzz_parse_never_panics_on_arbitrary_bytes(
        prefix in prop::sample::select(vec![&b""[..], b"---\nperson: alice\n---\n", b"---\n"]),
        bytes in prop::collection::vec(any::<u8>(), 0..512),
    ) {
        let input = [prefix, &bytes[..]].concat();
        match parse(date("2026-11-25"), &input) {
            Ok(note) => {
                checkboxes_are_where_items_say(&note, &input)?;
                downstream(&note);
            }
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }

    #[test]
    fn fuzz_parse_markdownish_notes(front in front(), body in markdownish()) {
        let input = format!("{front}{body}");
        match parse(date("2026-11-25"), input.as_bytes()) {
            Ok(note) => {
                checkboxes_are_where_items_say(&note, input.as_bytes())?;
                same_tasks_as_pulldown(&note, &input)?;
                downstream(&note);
            }
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }
}

proptest! {
    #![proptest_config(cases(500))]

    /// Written by `new`, read back: the carried items come back exactly,
    /// texts, origins and nesting.
    #[test]
    fn fuzz_carried_items_round_trip(trees in prop::collection::vec(tree(), 0..5)) {
        let mut body = String::new();
        render(&trees, 0, &mut body);
        let source = parse(date("2026-11-18"), format!("---\nperson: alice\n---\n{body}").as_bytes())
            .expect("source note");
        let refs = [&source];
        let carried = carry(&refs, &refs);
        let markdown: Vec<String> = carried.iter().map(Carried::markdown).collect();
        let text = format!("---\nperson: alice\n---\n## Carried over\n{}\n", markdown.join("\n"));
        let day = date("2026-11-25");
        let next = parse(day, text.as_bytes()).expect("carried note");
        prop_assert!(next.all_items().all(|i| i.state == ItemState::Open));
        prop_assert_eq!(shape_of_items(&next.items, day), shape_of_carried(&carried));
    }

    /// However long and tangled the chain: nothing carried twice, nothing
    /// closed carried, and carrying again from a note made only of what was
    /// carried gives the same items.
    #[test]
    fn fuzz_carrying_nested_chains_is_idempotent(spec in arb_chain()) {
        let notes = chain(&spec);
        let refs: Vec<&Note> = notes.iter().collect();
        let once = carry(&refs, &refs);
        let mut keys = Vec::new();
        carried_keys(&once, &mut keys);
        let unique: HashSet<&ItemKey> = keys.iter().collect();
        prop_assert_eq!(unique.len(), keys.len(), "carried twice: {:?}", once);
        let latest = latest_states(&notes);
        prop_assert!(
            keys.iter().all(|k| latest.get(k) == Some(&ItemState::Open)),
            "an item carried that is not open in the note it was last in"
        );

        let day = notes.last().expect("a note").date() + chrono::Days::new(7);
        let body: String = once.iter().map(|c| c.markdown() + "\n").collect();
        let next = parse(day, format!("---\nperson: alice\n---\n{body}").as_bytes())
            .expect("carried note");
        let mut with_next = refs.clone();
        with_next.push(&next);
        prop_assert_eq!(carry(&with_next, &with_next), once);
    }

    /// `actions --all` lists each identity of the chain exactly once, and
    /// `status` counts as open exactly those whose latest state is open.
    #[test]
    fn fuzz_actions_count_each_item_once(spec in arb_chain()) {
        let notes = chain(&spec);
        let latest = latest_states(&notes);
        let index = people::index(
            &Settings::default(),
            Vec::new(),
            notes.into_iter().map(Ok).collect(),
            Vec::new(),
            NaiveDate::MAX,
        );
        let all = actions::ActionsOptions { all: true, ..actions::ActionsOptions::default() };
        let report = actions::report(&index, &all, "me", date("2027-01-01")).expect("report");
        let listed: Vec<ItemKey> = report
            .items
            .iter()
            .flat_map(actions::ActionRow::flatten)
            .map(|r| ItemKey { text: crate::model::item::normalise(&r.text), origin: r.origin })
            .collect();
        let unique: HashSet<&ItemKey> = listed.iter().collect();
        prop_assert_eq!(unique.len(), listed.len(), "an item listed twice");
        prop_assert_eq!(unique.len(), latest.len());
        let open = status::status(&index.summaries(), date("2027-01-01"))
            .people
            .first()
            .map_or(0, |p| p.open_actions);
        prop_assert_eq!(open, latest.values().filter(|s| **s == ItemState::Open).count());
    }
}
