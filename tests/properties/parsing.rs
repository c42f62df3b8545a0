//! The note parser on arbitrary bytes and on Markdown-like notes: no
//! panic, checkboxes where the items say, the same task-list items as
//! pulldown-cmark finds, and every parsed note through carrying, the index
//! and every report.

use proptest::prelude::*;

use oneonone::model::item::{ActionItem, ItemState};
use oneonone::model::note::Note;
use oneonone::parse::settings::Settings;
use oneonone::plan::carry::carry;
use oneonone::plan::people;
use oneonone::report::{Style, actions, gaps, log, status};

use crate::{cases, date, named, parse};

/// Runs a parsed note through everything that consumes notes: carrying,
/// the index and every report, text and JSON. None of it may panic.
fn downstream(note: &Note) {
    let refs = [note];
    for carried in carry(&refs, named(date("2026-12-01"))) {
        let _ = carried.markdown();
    }
    let today = date("2026-12-01");
    let index = people::index(
        &Settings::default(),
        vec!["alice".into()],
        vec![Ok(note.clone())],
        Vec::new(),
        today,
    );
    let style = Style { color: true };
    let _ = status::render_text(&status::status(&index.summaries(), today), style);
    let all = actions::ActionsOptions {
        all: true,
        ..actions::ActionsOptions::default()
    };
    let report = actions::report(&index, &all, today).expect("actions");
    let _ = actions::render(&report, &index, style);
    let _ = oneonone::report::json(&report).expect("JSON");
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
    let Ok(split) = oneonone::parse::frontmatter::split(text) else {
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
