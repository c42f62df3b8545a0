//! Weeks of meetings with the edits people make: each week either `new`
//! carries what is open and the user ticks, drops, rewords or deletes the
//! carried lines, or a note is written by hand; both add fresh items. A
//! plain model of what the user meant is kept beside the notes, and the
//! index must agree with it: every item reported once, open exactly when
//! the model says so, removed exactly when its line was deleted.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use proptest::prelude::*;
use serde_json::Value;

use oneonone::model::item::ItemState;
use oneonone::model::note::Note;
use oneonone::parse::settings::Settings;
use oneonone::plan::carry::{Carried, carry};
use oneonone::plan::people;
use oneonone::report::actions;

use crate::{cases, date, named, parse};

/// What the user does to one carried line.
#[derive(Debug, Clone, Copy)]
enum Edit {
    Keep,
    Tick,
    Drop,
    Reword,
    Delete,
}

/// One week: written by `new` or by hand, the edits to the carried lines
/// (cycled), and fresh items as (state 0 open / 1 done / 2 dropped,
/// number of open sub-tasks).
#[derive(Debug, Clone)]
struct Week {
    by_hand: bool,
    edits: Vec<Edit>,
    fresh: Vec<(u8, u8)>,
}

fn week() -> impl Strategy<Value = Week> {
    let edit = prop_oneof![
        3 => Just(Edit::Keep),
        1 => Just(Edit::Tick),
        1 => Just(Edit::Drop),
        2 => Just(Edit::Reword),
        1 => Just(Edit::Delete),
    ];
    (
        prop::bool::weighted(0.25),
        prop::collection::vec(edit, 1..6),
        prop::collection::vec((0u8..3, 0u8..3), 0..4),
    )
        .prop_map(|(by_hand, edits, fresh)| Week {
            by_hand,
            edits,
            fresh,
        })
}

/// What the user meant each item to be: its state, and whether it ended
/// by its line being deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Meant {
    state: ItemState,
    removed: bool,
}

/// Words that read nothing alike. Each item's text is two of them, a
/// different pair for every item, so a reworded line is always most like
/// the item it was: items that read almost the same are ambiguous to
/// anyone, and `check` reports the ties it meets.
const WORDS: [&str; 8] = [
    "falcon", "harbor", "quartz", "meadow", "ember", "violin", "glacier", "tundra",
];

/// The text of item `id`: its id and its pair of words.
fn text_of(id: u32) -> String {
    let id = id as usize;
    format!("i{id} {} {}", WORDS[id % 8], WORDS[(id / 8) % 8])
}

/// The item id a line's text begins with.
fn id_of(text: &str) -> u32 {
    text.split_whitespace()
        .next()
        .and_then(|w| w.strip_prefix('i'))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no id in {text:?}"))
}

struct History {
    notes: Vec<Note>,
    meant: BTreeMap<u32, Meant>,
}

fn live(weeks: &[Week]) -> Result<History, TestCaseError> {
    let start = date("2026-01-05");
    let mut notes: Vec<Note> = Vec::new();
    let mut meant: BTreeMap<u32, Meant> = BTreeMap::new();
    let mut next = 0u32;
    for (w, week) in weeks.iter().enumerate() {
        let day = start + chrono::Days::new(7 * w as u64);
        let mut front = String::from("person: alice\n");
        let mut body = String::new();
        if !week.by_hand {
            let refs: Vec<&Note> = notes.iter().collect();
            let carried = carry(&refs, named(day));
            // `new` carries exactly what is meant to be open.
            let mut ids = Vec::new();
            collect_ids(&carried, &mut ids);
            ids.sort_unstable();
            let open: Vec<u32> = meant
                .iter()
                .filter(|(_, m)| m.state == ItemState::Open)
                .map(|(id, _)| *id)
                .collect();
            prop_assert_eq!(&ids, &open, "carried into week {}", w);
            if let Some(last) = notes.last() {
                front.push_str(&format!("carried_from: {}\n", last.date()));
            }
            let mut k = 0;
            for c in &carried {
                write(c, 0, week, &mut k, &mut meant, &mut body);
            }
        }
        for &(state, subtasks) in &week.fresh {
            let id = next;
            next += 1;
            let mark = [" ", "x", "-"][usize::from(state)];
            body.push_str(&format!("- [{mark}] {}\n", text_of(id)));
            let state =
                [ItemState::Open, ItemState::Done, ItemState::Cancelled][usize::from(state)];
            meant.insert(
                id,
                Meant {
                    state,
                    removed: false,
                },
            );
            for _ in 0..subtasks {
                let sub = next;
                next += 1;
                body.push_str(&format!("  - [ ] {}\n", text_of(sub)));
                meant.insert(
                    sub,
                    Meant {
                        state: ItemState::Open,
                        removed: false,
                    },
                );
            }
        }
        let text = format!("---\n{front}---\n{body}");
        notes.push(parse(day, text.as_bytes()).expect("generated notes parse"));
    }
    Ok(History { notes, meant })
}

fn collect_ids(items: &[Carried], out: &mut Vec<u32>) {
    for c in items {
        out.push(id_of(&c.text));
        collect_ids(&c.children, out);
    }
}

/// Writes a carried item and its sub-tasks as the user leaves them.
fn write(
    c: &Carried,
    depth: usize,
    week: &Week,
    k: &mut usize,
    meant: &mut BTreeMap<u32, Meant>,
    out: &mut String,
) {
    let edit = week.edits[*k % week.edits.len()];
    *k += 1;
    let id = id_of(&c.text);
    let entry = meant.get_mut(&id).expect("a known item");
    let (mark, text) = match edit {
        Edit::Keep => (" ", c.text.clone()),
        Edit::Tick => {
            entry.state = ItemState::Done;
            ("x", c.text.clone())
        }
        Edit::Drop => {
            entry.state = ItemState::Cancelled;
            ("-", c.text.clone())
        }
        Edit::Reword => (" ", format!("{} again", c.text)),
        Edit::Delete => {
            // The line goes, and its sub-tasks with it.
            remove(c, meant);
            return;
        }
    };
    out.push_str(&format!(
        "{}- [{mark}] {text} (from {})\n",
        "  ".repeat(depth),
        c.origin
    ));
    for child in &c.children {
        write(child, depth + 1, week, k, meant, out);
    }
}

fn remove(c: &Carried, meant: &mut BTreeMap<u32, Meant>) {
    let entry = meant.get_mut(&id_of(&c.text)).expect("a known item");
    *entry = Meant {
        state: ItemState::Cancelled,
        removed: true,
    };
    for child in &c.children {
        remove(child, meant);
    }
}

fn arb_weeks() -> impl Strategy<Value = Vec<Week>> {
    prop::collection::vec(week(), 1..9)
}

/// What `actions --all --json` says of each item, by id.
fn reported(notes: Vec<Note>, today: NaiveDate) -> Vec<(u32, Value)> {
    let index = people::index(
        &Settings::default(),
        Vec::new(),
        notes.into_iter().map(Ok).collect(),
        Vec::new(),
        today,
    );
    let options = actions::ActionsOptions {
        all: true,
        ..actions::ActionsOptions::default()
    };
    let report = actions::report(&index, &options, today).expect("report");
    let json = serde_json::to_value(&report).expect("JSON");
    let mut out = Vec::new();
    flatten(&json["items"], &mut out);
    out
}

fn flatten(items: &Value, out: &mut Vec<(u32, Value)>) {
    for item in items.as_array().expect("items") {
        out.push((id_of(item["text"].as_str().expect("text")), item.clone()));
        flatten(&item["children"], out);
    }
}

proptest! {
    #![proptest_config(cases(300))]

    /// Every item reported exactly once, open exactly when the user left
    /// it open, ended as removed exactly when its line was deleted.
    #[test]
    fn fuzz_edited_histories_report_what_the_user_meant(weeks in arb_weeks()) {
        let History { notes, meant } = live(&weeks)?;
        let today = date("2027-01-01");
        let rows = reported(notes, today);
        let mut seen: BTreeMap<u32, &Value> = BTreeMap::new();
        for (id, row) in &rows {
            prop_assert!(seen.insert(*id, row).is_none(), "i{} reported twice", id);
        }
        prop_assert_eq!(seen.len(), meant.len(), "every item reported");
        for (id, m) in &meant {
            let row = seen[id];
            let state = match m.state {
                ItemState::Open => "open",
                ItemState::Done => "done",
                ItemState::Cancelled => "cancelled",
            };
            prop_assert_eq!(row["state"].as_str(), Some(state), "i{}: {:#}", id, row);
            prop_assert_eq!(row["how"] == "removed", m.removed, "i{}: {:#}", id, row);
        }
    }

    /// However the weeks went, carrying into a note made of exactly what
    /// was carried carries the same again.
    #[test]
    fn fuzz_carrying_twice_changes_nothing(weeks in arb_weeks()) {
        let History { notes, .. } = live(&weeks)?;
        let last = notes.last().expect("a week").date();
        let refs: Vec<&Note> = notes.iter().collect();
        let next = last + chrono::Days::new(7);
        let once = carry(&refs, named(next));
        let body: String = once.iter().map(|c| c.markdown() + "\n").collect();
        let text = format!("---\nperson: alice\ncarried_from: {last}\n---\n{body}");
        let written = parse(next, text.as_bytes()).expect("carried note");
        let mut with_it = refs.clone();
        with_it.push(&written);
        prop_assert_eq!(carry(&with_it, named(next + chrono::Days::new(7))), once);
    }
}
