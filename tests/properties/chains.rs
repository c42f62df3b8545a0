//! Carrying along chains of notes, and counting what the chains hold: one
//! generator of random nested chains serves every property about them.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use proptest::prelude::*;

use oneonone::model::item::{ActionItem, ItemKey, ItemState, normalise};
use oneonone::model::note::Note;
use oneonone::parse::settings::Settings;
use oneonone::plan::carry::{Carried, carry};
use oneonone::plan::people;
use oneonone::report::{actions, status};

use crate::{cases, date, named, parse};

/// A task tree: state (0 open, 1 done, 2 cancelled), text, children.
#[derive(Debug, Clone)]
struct Tree {
    state: u8,
    text: String,
    children: Vec<Tree>,
}

/// Item texts: mostly a mix of words and markers, and sometimes one of a
/// few plain tasks, so the same text often turns up again in the same note
/// and in later ones.
fn text() -> impl Strategy<Value = String> + Clone {
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
    prop_oneof![
        3 => prop::collection::vec(word, 0..5).prop_map(|w| w.join(" ")),
        1 => (0u8..6).prop_map(|n| format!("task {n}")),
    ]
}

fn tree() -> impl Strategy<Value = Tree> {
    let leaf = (0u8..3, text()).prop_map(|(state, text)| Tree {
        state,
        text,
        children: Vec::new(),
    });
    leaf.prop_recursive(4, 24, 3, move |inner| {
        (0u8..3, text(), prop::collection::vec(inner, 0..3)).prop_map(|(state, text, children)| {
            Tree {
                state,
                text,
                children,
            }
        })
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
            text: normalise(&c.text),
            origin: c.origin,
        });
        carried_keys(&c.children, out);
    }
}

/// One note of a chain: new item trees, and the states to give the items
/// carried into it (0 open, 1 done, 2 cancelled; cycled when short).
type NoteSpec = (Vec<Tree>, Vec<u8>);

/// A chain of weekly notes: each carries what the previous one left open
/// (with each carried checkbox set to a chosen state) and adds new trees.
fn chain(spec: &[NoteSpec]) -> Vec<Note> {
    let start = date("2026-01-05");
    let mut notes: Vec<Note> = Vec::new();
    for (i, (fresh, states)) in spec.iter().enumerate() {
        let day = start + chrono::Days::new(7 * i as u64);
        let refs: Vec<&Note> = notes.iter().collect();
        let mut body = String::new();
        let mut n = 0;
        for c in carry(&refs, named(day)) {
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

fn arb_chain() -> impl Strategy<Value = Vec<NoteSpec>> {
    let fresh = prop::collection::vec(tree(), 0..5);
    let states = prop::collection::vec(0u8..3, 1..6);
    prop::collection::vec((fresh, states), 1..8)
}

/// However long and tangled the chain: nothing carried twice, nothing
/// closed carried, and carrying again from a note made only of what was
/// carried gives the same items.
fn carrying_is_idempotent(spec: &[NoteSpec]) -> Result<(), TestCaseError> {
    let notes = chain(spec);
    let refs: Vec<&Note> = notes.iter().collect();
    let day = notes.last().expect("a note").date() + chrono::Days::new(7);
    let once = carry(&refs, named(day));
    let mut keys = Vec::new();
    carried_keys(&once, &mut keys);
    let unique: HashSet<&ItemKey> = keys.iter().collect();
    prop_assert_eq!(unique.len(), keys.len(), "carried twice: {:?}", once);
    let latest = latest_states(&notes);
    prop_assert!(
        keys.iter().all(|k| latest.get(k) == Some(&ItemState::Open)),
        "an item carried that is not open in the note it was last in"
    );

    let body: String = once.iter().map(|c| c.markdown() + "\n").collect();
    let next =
        parse(day, format!("---\nperson: alice\n---\n{body}").as_bytes()).expect("carried note");
    let mut with_next = refs.clone();
    with_next.push(&next);
    prop_assert_eq!(carry(&with_next, named(day + chrono::Days::new(7))), once);
    Ok(())
}

/// `actions --all` lists each identity of the chain exactly once, and
/// `actions` and `status` count as open exactly those whose latest state
/// is open.
fn each_item_counted_once(spec: &[NoteSpec]) -> Result<(), TestCaseError> {
    let notes = chain(spec);
    let latest = latest_states(&notes);
    let open = latest.values().filter(|s| **s == ItemState::Open).count();
    let today = date("2027-01-01");
    let index = people::index(
        &Settings::default(),
        Vec::new(),
        notes.into_iter().map(Ok).collect(),
        Vec::new(),
        today,
    );
    let listed = |all: bool| {
        let options = actions::ActionsOptions {
            all,
            ..actions::ActionsOptions::default()
        };
        let report = actions::report(&index, &options, today).expect("report");
        report
            .items
            .iter()
            .flat_map(actions::ActionRow::flatten)
            .map(|r| ItemKey {
                text: normalise(&r.text),
                origin: r.origin,
            })
            .collect::<Vec<_>>()
    };
    let all = listed(true);
    let unique: HashSet<&ItemKey> = all.iter().collect();
    prop_assert_eq!(unique.len(), all.len(), "an item listed twice");
    prop_assert_eq!(unique.len(), latest.len());
    prop_assert_eq!(listed(false).len(), open, "open items listed");
    let counted = status::status(&index.summaries(), today)
        .people
        .first()
        .map_or(0, |p| p.open_actions);
    prop_assert_eq!(counted, open, "open items counted by status");
    Ok(())
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
        let carried = carry(&refs, named(date("2026-11-25")));
        let markdown: Vec<String> = carried.iter().map(Carried::markdown).collect();
        let text = format!("---\nperson: alice\n---\n## Carried over\n{}\n", markdown.join("\n"));
        let day = date("2026-11-25");
        let next = parse(day, text.as_bytes()).expect("carried note");
        prop_assert!(next.all_items().all(|i| i.state == ItemState::Open));
        prop_assert_eq!(shape_of_items(&next.items, day), shape_of_carried(&carried));
    }

    #[test]
    fn fuzz_carrying_nested_chains_is_idempotent(spec in arb_chain()) {
        carrying_is_idempotent(&spec)?;
    }

    #[test]
    fn fuzz_actions_count_each_item_once(spec in arb_chain()) {
        each_item_counted_once(&spec)?;
    }
}

/// A chain the properties once failed on, kept whatever the generator now
/// draws: a parent with no text of its own over a done child whose whole
/// text is an origin marker, then a fresh item with that same text.
#[test]
fn fuzz_known_chain_empty_parent_over_an_origin_marker() {
    let tree = |state, text: &str, children| Tree {
        state,
        text: text.to_owned(),
        children,
    };
    let spec = vec![
        (
            vec![tree(0, "", vec![tree(1, "(from 2026-01-01)", Vec::new())])],
            vec![0],
        ),
        (vec![tree(0, "(from 2026-01-01)", Vec::new())], vec![0]),
    ];
    carrying_is_idempotent(&spec).unwrap();
    each_item_counted_once(&spec).unwrap();
}
