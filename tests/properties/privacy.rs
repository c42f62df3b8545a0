//! What `share` leaves out, on random notes: headings at random levels
//! (some private, some closing a private section, some inside lists or in
//! setext form), lists with private blocks inside them, fences and
//! indented code holding fake headings and markers, marked blocks that may
//! never be closed, inline markers and HTML, public comments, private and
//! public front-matter keys, CRLF line ends and a BOM. Every piece of text
//! carries a canary, and a plain model of the rules, kept beside the note
//! as it is written, says whether that canary is private. No private
//! canary may appear in what `share` writes (Markdown, HTML, JSON), every
//! public one must, the rest of the note must be there byte for byte, and
//! each action item must be marked private exactly when the model says so.

use std::path::PathBuf;

use proptest::prelude::*;

use oneonone::model::note::NoteName;
use oneonone::parse::private;
use oneonone::report::share::{self, Share, SharedNote};

use crate::{cases, date, parse};

/// How a heading's text reads.
#[derive(Debug, Clone, Copy)]
enum Title {
    /// `Private notes …`
    Private,
    /// `… (private)`
    Suffix,
    /// `**Private** …`: private once the markup is read.
    Emphasised,
    /// `Pri*vate* …`: the word split by emphasis.
    Split,
    Public,
}

/// One piece of a note's body, written at the top level.
#[derive(Debug, Clone)]
enum Op {
    Heading {
        level: u8,
        title: Title,
        setext: bool,
        closing_hashes: bool,
    },
    Paragraph {
        inline_html: bool,
    },
    /// Items as (depth 0..3, task); `marked` puts a private block of
    /// sub-items under the item at that index.
    List {
        items: Vec<(u8, bool)>,
        marked: Option<usize>,
    },
    /// A heading inside a list item: it may start a private section but
    /// never ends one.
    ListHeading {
        level: u8,
        title: Title,
    },
    Fence {
        tilde: bool,
    },
    IndentedCode,
    Open,
    Close,
    /// `a <!-- private -->x<!-- /private --> b` in one paragraph.
    InlineMarked,
    Comment,
}

fn title() -> impl Strategy<Value = Title> {
    prop_oneof![
        3 => Just(Title::Private),
        2 => Just(Title::Suffix),
        1 => Just(Title::Emphasised),
        1 => Just(Title::Split),
        4 => Just(Title::Public),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (1u8..5, title(), prop::bool::weighted(0.2), prop::bool::weighted(0.2)).prop_map(
            |(level, title, setext, closing_hashes)| Op::Heading {
                level,
                title,
                setext,
                closing_hashes
            }
        ),
        3 => prop::bool::weighted(0.2).prop_map(|inline_html| Op::Paragraph { inline_html }),
        3 => (
            prop::collection::vec((0u8..3, prop::bool::ANY), 1..5),
            prop::option::weighted(0.4, 0usize..5)
        )
            .prop_map(|(items, marked)| Op::List { items, marked }),
        1 => (1u8..4, title()).prop_map(|(level, title)| Op::ListHeading { level, title }),
        1 => prop::bool::ANY.prop_map(|tilde| Op::Fence { tilde }),
        1 => Just(Op::IndentedCode),
        2 => Just(Op::Open),
        2 => Just(Op::Close),
        1 => Just(Op::InlineMarked),
        1 => Just(Op::Comment),
    ]
}

/// A canary and what the model says of it.
#[derive(Debug, Clone)]
struct Canary {
    text: String,
    private: bool,
    /// Inside an HTML comment: no page shows it.
    in_comment: bool,
}

/// Writes a note line by line and keeps the model: the private section
/// open (its level) and how many marked blocks are open.
#[derive(Default)]
struct Writer {
    lines: Vec<String>,
    section: Option<u8>,
    blocks: usize,
    canaries: Vec<Canary>,
}

impl Writer {
    fn private_now(&self) -> bool {
        self.section.is_some() || self.blocks > 0
    }

    fn canary_as(&mut self, private: bool, in_comment: bool) -> String {
        let n = self.canaries.len();
        let text = if private {
            format!("CANARY-PRIV-{n:04}")
        } else {
            format!("CANARY-PUB-{n:04}")
        };
        self.canaries.push(Canary {
            text: text.clone(),
            private,
            in_comment,
        });
        text
    }

    fn canary(&mut self) -> String {
        self.canary_as(self.private_now(), false)
    }

    /// A heading: it may close the private section, then open one.
    fn heading_event(&mut self, level: u8, private_title: bool, nested: bool) {
        if let Some(open) = self.section
            && !nested
            && level <= open
        {
            self.section = None;
        }
        if self.section.is_none() && private_title {
            self.section = Some(level);
        }
    }

    fn heading_text(&mut self, title: Title) -> String {
        let canary = self.canary();
        match title {
            Title::Private => format!("Private notes {canary}"),
            Title::Suffix => format!("Feedback {canary} (private)"),
            Title::Emphasised => format!("**Private** {canary}"),
            Title::Split => format!("Pri*vate* {canary}"),
            Title::Public => format!("Plan {canary}"),
        }
    }

    fn blank(&mut self) {
        self.lines.push(String::new());
    }

    /// A list; `marked` puts a private block of sub-items under one item.
    fn list(&mut self, items: &[(u8, bool)], marked: Option<usize>) {
        let mut depth = 0u8;
        for (i, &(want, task)) in items.iter().enumerate() {
            depth = if i == 0 { 0 } else { want.min(depth + 1) };
            let indent = "  ".repeat(usize::from(depth));
            let canary = self.canary();
            let check = if task { "[ ] " } else { "" };
            self.lines
                .push(format!("{indent}- {check}@me item {canary}"));
            if marked == Some(i) {
                let inner = "  ".repeat(usize::from(depth) + 1);
                self.lines.push(format!("{inner}<!-- private -->"));
                self.blocks += 1;
                let canary = self.canary();
                self.lines.push(format!("{inner}- [ ] @me secret {canary}"));
                let canary = self.canary();
                self.lines.push(format!("{inner}  - [ ] under it {canary}"));
                self.lines.push(format!("{inner}<!-- /private -->"));
                self.blocks -= 1;
            }
        }
    }

    fn op(&mut self, op: &Op) {
        match op {
            Op::Heading {
                level,
                title,
                setext,
                closing_hashes,
            } => {
                let private_title = !matches!(title, Title::Public);
                self.heading_event(*level, private_title, false);
                let text = self.heading_text(*title);
                if *setext && *level <= 2 {
                    self.lines.push(text);
                    self.lines
                        .push(if *level == 1 { "=====" } else { "-----" }.to_owned());
                } else {
                    let hashes = "#".repeat(usize::from(*level));
                    let close = if *closing_hashes {
                        format!(" {hashes}")
                    } else {
                        String::new()
                    };
                    self.lines.push(format!("{hashes} {text}{close}"));
                }
            }
            Op::Paragraph { inline_html } => {
                let canary = self.canary();
                if *inline_html {
                    self.lines.push(format!("Some <b>{canary}</b> text"));
                } else {
                    self.lines.push(format!("Text {canary}"));
                }
                let canary = self.canary();
                self.lines.push(format!("goes on {canary}"));
            }
            Op::List { items, marked } => self.list(items, *marked),
            Op::ListHeading { level, title } => {
                let private_title = !matches!(title, Title::Public);
                self.heading_event(*level, private_title, true);
                let text = self.heading_text(*title);
                let hashes = "#".repeat(usize::from(*level));
                self.lines.push(format!("- {hashes} {text}"));
                let canary = self.canary();
                self.lines.push(format!("  under the heading {canary}"));
            }
            Op::Fence { tilde } => {
                let fence = if *tilde { "~~~" } else { "```" };
                self.lines.push(fence.to_owned());
                self.lines.push("# Private".to_owned());
                self.lines.push("<!-- private -->".to_owned());
                let canary = self.canary();
                self.lines.push(format!("code {canary}"));
                self.lines.push("<!-- /private -->".to_owned());
                self.lines.push("## Next".to_owned());
                self.lines.push(fence.to_owned());
            }
            Op::IndentedCode => {
                let canary = self.canary();
                self.lines.push(format!("Code follows {canary}"));
                self.blank();
                self.lines.push("    # Private".to_owned());
                self.lines.push("    <!-- private -->".to_owned());
                let canary = self.canary();
                self.lines.push(format!("    code {canary}"));
            }
            Op::Open => {
                self.lines.push("<!-- private -->".to_owned());
                self.blocks += 1;
            }
            Op::Close => {
                self.lines.push("<!-- /private -->".to_owned());
                self.blocks = self.blocks.saturating_sub(1);
            }
            Op::InlineMarked => {
                let before = self.canary();
                self.blocks += 1;
                let inside = self.canary();
                self.blocks -= 1;
                let after = self.canary();
                self.lines.push(format!(
                    "Say {before} <!-- private -->{inside}<!-- /private --> and {after}"
                ));
            }
            Op::Comment => {
                let private = self.private_now();
                let canary = self.canary_as(private, true);
                self.lines.push(format!("<!-- a note {canary} -->"));
            }
        }
    }
}

/// Front-matter keys: (private by the default `private_keys`, block form).
fn front_keys() -> impl Strategy<Value = Vec<(u8, bool)>> {
    prop::collection::vec((0u8..4, prop::bool::weighted(0.3)), 0..4)
}

/// A note and the model's canaries.
#[derive(Debug, Clone)]
struct Generated {
    text: String,
    whole_private: bool,
    canaries: Vec<Canary>,
}

fn note() -> impl Strategy<Value = Generated> {
    (
        prop::collection::vec(op(), 0..18),
        front_keys(),
        prop::bool::weighted(0.05),
        prop::bool::weighted(0.3),
        prop::bool::weighted(0.1),
        prop::bool::weighted(0.2),
    )
        .prop_map(
            |(ops, keys, whole_private, crlf, bom, final_newline_missing)| {
                let mut w = Writer::default();
                let mut front = vec!["person: alice".to_owned(), "date: 2026-11-25".to_owned()];
                for (key, block) in keys {
                    let (name, private) = match key {
                        0 => ("energy", true),
                        1 => ("rating", true),
                        2 => ("mood", false),
                        _ => ("topic", false),
                    };
                    if front.iter().any(|l| l.starts_with(&format!("{name}:"))) {
                        continue;
                    }
                    let canary = w.canary_as(private, false);
                    if block {
                        let more = w.canary_as(private, false);
                        front.push(format!("{name}: |"));
                        front.push(format!("  {canary}"));
                        front.push(format!("  and {more}"));
                    } else {
                        front.push(format!("{name}: {canary} # said so"));
                    }
                }
                if whole_private {
                    front.push("private: true".to_owned());
                }
                for op in &ops {
                    w.op(op);
                    w.blank();
                }
                let eol = if crlf { "\r\n" } else { "\n" };
                let mut text = String::new();
                if bom {
                    text.push('\u{feff}');
                }
                text.push_str(&format!("---{eol}{}{eol}---{eol}", front.join(eol)));
                text.push_str(&w.lines.join(eol));
                if !final_newline_missing {
                    text.push_str(eol);
                }
                Generated {
                    text,
                    whole_private,
                    canaries: w.canaries,
                }
            },
        )
}

/// `small` is `big` with some bytes taken out.
fn is_subsequence(small: &[u8], big: &[u8]) -> bool {
    let mut rest = big.iter();
    small.iter().all(|b| rest.any(|c| c == b))
}

proptest! {
    #![proptest_config(cases(1_000))]

    #[test]
    fn fuzz_share_never_shows_a_private_canary(g in note()) {
        let day = date("2026-11-25");
        let parsed = parse(day, g.text.as_bytes()).expect("a generated note reads");
        let keys = vec!["energy".to_owned(), "rating".to_owned()];
        let path = PathBuf::from("alice/2026-11-25.md");
        // Items are private exactly when the model says their text is.
        for item in parsed.all_items() {
            let Some(canary) = g.canaries.iter().find(|c| item.text.contains(&c.text)) else {
                continue;
            };
            prop_assert_eq!(
                item.private,
                canary.private || g.whole_private,
                "{:?} in\n{}", item, g.text
            );
        }
        let public = private::public(&path, &g.text, &parsed, &keys).expect("shares");
        let Some(public) = public else {
            prop_assert!(g.whole_private);
            return Ok(());
        };
        prop_assert!(!g.whole_private);
        prop_assert!(is_subsequence(public.text.as_bytes(), g.text.as_bytes()));
        let shared = Share {
            person: "alice".into(),
            name: "Alice".into(),
            notes: vec![SharedNote {
                path,
                name: NoteName { date: day, seq: 1 },
                public,
            }],
            withheld: Vec::new(),
            problems: Vec::new(),
        };
        let markdown = share::markdown(&shared);
        let html = share::html(&shared, day).expect("page");
        let json = oneonone::report::json(&share::json(&shared)).expect("JSON");
        for c in &g.canaries {
            for (what, out) in [("Markdown", &markdown), ("HTML", &html), ("JSON", &json)] {
                if c.private {
                    prop_assert!(!out.contains(&c.text), "{} shows {}:\n{}\n--- from ---\n{}", what, c.text, out, g.text);
                } else if !(c.in_comment && what == "HTML") {
                    prop_assert!(out.contains(&c.text), "{} lacks {}:\n{}\n--- from ---\n{}", what, c.text, out, g.text);
                }
            }
        }
        prop_assert!(!markdown.contains("CANARY-PRIV"));
    }
}
