//! Reading notes: items, their states, nesting and lines, what is not an
//! item, private parts, bad notes; the fast reader against the Markdown
//! parser.

use super::*;

fn note(text: &str) -> Result<Note> {
    let name = NoteName::parse("2026-11-25.md").unwrap().unwrap();
    parse(
        Path::new("alice/2026-11-25.md"),
        "alice",
        name,
        text.as_bytes(),
    )
}

fn texts(items: &[ActionItem]) -> Vec<(&str, ItemState)> {
    items.iter().map(|i| (i.text.as_str(), i.state)).collect()
}

#[test]
fn sections_under_the_review_headings() {
    let text = "# 1:1\n## Wins\n- Shipped the importer\n### Details\nfast\n\
                ## Winsome\nno\n## Feedback, both ways\n- For me:\n\n\
                ## Goals and progress\n<!-- prompt -->\n- Q1 on track\n```\n## not a heading\n```\n\
                # Top\n## Concerns (private)\nsecret\n## growth\nlearning Rust\n";
    let found = sections_under(text, &["Wins", "Feedback", "Goals", "Growth", "Concerns"]);
    assert_eq!(
        found,
        [
            (
                "Wins".to_owned(),
                "- Shipped the importer\n### Details\nfast".to_owned()
            ),
            (
                "Goals and progress".to_owned(),
                "- Q1 on track\n```\n## not a heading\n```".to_owned()
            ),
            ("growth".to_owned(), "learning Rust".to_owned()),
        ]
    );
}

#[test]
fn comments_are_left_out() {
    assert_eq!(
        without_comments("<!-- What to talk about -->\n- Budget\n\n- Offsite <!-- ask Bob -->\n"),
        "- Budget\n\n- Offsite"
    );
    assert_eq!(
        without_comments("<!--\nmany\nlines\n-->\n- one\n<!-- a --> - two <!-- b -->\n"),
        "- one\n - two"
    );
    assert_eq!(without_comments("<!-- only guidance -->\n"), "");
    assert_eq!(without_comments("- plain\r\n- text"), "- plain\n- text");
}

#[test]
fn file_names() {
    let n = NoteName::parse("2026-11-25-2.md").unwrap().unwrap();
    assert_eq!((n.date.to_string(), n.seq), ("2026-11-25".into(), 2));
    assert_eq!(n.file_name(), "2026-11-25-2.md");
    assert!(NoteName::parse("topics.md").is_none());
    assert!(NoteName::parse("2026-11-25.txt").is_none());
    assert!(NoteName::parse("2026-11-25-notes.md").is_none());
    assert!(NoteName::parse("2026-13-45.md").unwrap().is_err());
    assert!(NoteName::parse("2026-11-25-1.md").unwrap().is_err());
}

#[test]
fn items_states_children_and_lines() {
    let n = note(
        "---\nperson: alice\ndate: 2026-11-25\n---\n# Title\n\n\
         - [ ] @alice first\n  - [x] child done\n  - plain\n    - [ ] grandchild\n\
         * [-] dropped\n1. [~] also dropped\n- [X] shouted\n- not a task [ ]\n- [ ]\n",
    )
    .unwrap();
    assert_eq!(
        texts(&n.items),
        vec![
            ("@alice first", ItemState::Open),
            ("dropped", ItemState::Cancelled),
            ("also dropped", ItemState::Cancelled),
            ("shouted", ItemState::Done),
            ("", ItemState::Open),
        ]
    );
    assert_eq!(n.items[0].line, 7);
    assert_eq!(
        texts(&n.items[0].children),
        vec![
            ("child done", ItemState::Done),
            ("grandchild", ItemState::Open)
        ]
    );
    let text = "---\nperson: alice\n---\n- [ ] x\n";
    let n = note(text).unwrap();
    assert_eq!(&text[n.items[0].checkbox..=n.items[0].checkbox], " ");
    assert_eq!(n.all_items().count(), 1);
}

#[test]
fn code_blocks_comments_and_thematic_breaks_are_not_confusing() {
    let n = note(
        "---\nperson: alice\n---\n```\n- [ ] in code\n```\n\n    - [ ] indented code\n\n\
         <!--\n- [ ] in comment\n-->\n\n---\n\nperson: bob\n\n---\n\n- [ ] real one\n  wrapped\n",
    )
    .unwrap();
    assert_eq!(texts(&n.items), vec![("real one wrapped", ItemState::Open)]);
    assert_eq!(n.items[0].line, 20);
}

#[test]
fn items_nested_with_tabs_or_wide_indents_are_items() {
    let n =
        note("---\nperson: alice\n---\n- [ ] a\n\t- [ ] b\n\t\t- [x] c\n- [ ] d\n\n   - [ ] e\n")
            .unwrap();
    assert_eq!(
        texts(&n.items),
        vec![("a", ItemState::Open), ("d", ItemState::Open)]
    );
    assert_eq!(texts(&n.items[0].children), vec![("b", ItemState::Open)]);
    assert_eq!(
        texts(&n.items[0].children[0].children),
        vec![("c", ItemState::Done)]
    );
    assert_eq!(texts(&n.items[1].children), vec![("e", ItemState::Open)]);
    let lines: Vec<usize> = n.all_items().map(|i| i.line).collect();
    assert_eq!(lines, vec![4, 5, 6, 7, 9]);
    let text = "---\nperson: alice\n---\n- [ ] a\n\t- [ ] b\n";
    let b = &n.items[0].children[0];
    assert_eq!(&text[b.checkbox..=b.checkbox], " ");
}

#[test]
fn items_in_quotes_inside_items_are_items() {
    let n = note("---\nperson: alice\n---\n- > \n\t\t> - [ ] quoted\n").unwrap();
    assert_eq!(texts(&n.items), vec![("quoted", ItemState::Open)]);
}

#[test]
fn a_checkbox_in_indented_code_is_not_an_item() {
    let n = note("---\nperson: alice\n---\n-     [ ] code\n- \t  [ ] code too\n-    [ ] item\n")
        .unwrap();
    assert_eq!(texts(&n.items), vec![("item", ItemState::Open)]);
}

#[test]
fn nesting_deeper_than_the_limit_is_refused() {
    let nest = |depth: usize| {
        let mut body = String::new();
        for level in 0..depth {
            body.push_str(&"\t".repeat(level));
            body.push_str("- [ ] x\n");
        }
        note(&format!("---\nperson: alice\n---\n{body}"))
    };
    let deepest = nest(MAX_ITEM_DEPTH).unwrap();
    assert_eq!(deepest.all_items().count(), MAX_ITEM_DEPTH);
    let e = nest(MAX_ITEM_DEPTH + 1).unwrap_err().to_string();
    assert_eq!(
        e,
        format!(
            "alice/2026-11-25.md:{}:{}: action items nested more than {} levels deep; the note was not read",
            MAX_ITEM_DEPTH + 4,
            MAX_ITEM_DEPTH + 3,
            MAX_ITEM_DEPTH
        )
    );
    // Lists nested far deeper without tasks in between are fine.
    let lists = format!("---\nperson: alice\n---\n{}[ ] x\n", "- ".repeat(10_000));
    assert_eq!(note(&lists).unwrap().all_items().count(), 1);
}

#[test]
fn crlf_and_bom_are_read() {
    let n = note("\u{feff}---\r\nperson: alice\r\n---\r\n- [ ] one\r\n- [x] two\r\n").unwrap();
    assert_eq!(
        texts(&n.items),
        vec![("one", ItemState::Open), ("two", ItemState::Done)]
    );
}

#[test]
fn bad_notes_name_the_problem() {
    let msg = |t: &str| note(t).unwrap_err().to_string();
    assert!(msg("").contains("empty file"));
    assert!(msg("# no front matter\n").starts_with("alice/2026-11-25.md:1:1: no front matter"));
    assert!(msg("---\nperson: alice\n").contains("not terminated"));
    assert_eq!(
        msg("---\nperson: alice\ndate: 2026-11-24\n---\n"),
        "alice/2026-11-25.md:3:7: front-matter date 2026-11-24 does not match the file name (2026-11-25)"
    );
    assert!(msg("---\nperson: bob\n---\n").starts_with("alice/2026-11-25.md:2:9: person `bob`"));
    assert_eq!(
        msg("---\nperson: alice\n---\n\0"),
        "alice/2026-11-25.md:4:1: contains a NUL byte"
    );
    let bad = note_bytes(b"---\nperson: alice\n---\nab\xff\n");
    assert_eq!(bad, "alice/2026-11-25.md:4:3: not valid UTF-8");
}

fn note_bytes(bytes: &[u8]) -> String {
    let name = NoteName::parse("2026-11-25.md").unwrap().unwrap();
    parse(Path::new("alice/2026-11-25.md"), "alice", name, bytes)
        .unwrap_err()
        .to_string()
}

const FRAGMENTS: [&str; 69] = [
    "- [ ] a",
    "  - [x] b @me",
    "    - [-] c due:2026-01-01",
    "* [ ] d",
    "1. [ ] e",
    "2) [~] f",
    "text line",
    "",
    "```",
    "~~~",
    "  ```",
    "<!--",
    "-->",
    "<!-- c -->",
    "# H",
    "---",
    "***",
    "    code",
    "  continuation",
    "- plain",
    "-",
    "- [ ]",
    "   - [X] g",
    "> quote",
    "<div>",
    "===",
    "--",
    "\t- [ ] t",
    "10. [ ] ten",
    "  * [ ] star",
    "      - [ ] deep",
    "[ ] bare",
    "- [ ]x",
    "-  [ ]  spaced",
    "     - [ ] five",
    "  # h",
    "  <!-- x -->",
    "   ```",
    "  2. [ ] two",
    "  ~~~",
    "  ---",
    "- [ ] a <!-- inline -->",
    "- [ ] - \r- [ ] b",
    "## Private notes",
    "### Feedback (private)",
    "<!-- private -->",
    "<!-- /private -->",
    "  <!-- private -->",
    "  <!-- /private -->",
    "Private",
    "# Next",
    "## *Private*",
    "## Q&A",
    "- [ ] x <!-- private -->",
    "<!--private",
    "private -->",
    "<!-- /private --> tail",
    "<!-->",
    "`<!-- private -->`",
    "    <!-- private -->",
    "## Private ##",
    "#### deep",
    "  ## Private",
    "## Pri*vate*",
    "# x &#80;rivate",
    "## Q&A (private)",
    "<!-- pri vate -->",
    "<!-- / private -->",
    "vate -->",
];

proptest::proptest! {
    // About a third of the cases reach the comparison: thousands are
    // compared on every run. `PROPTEST_CASES` can only raise it.
    #![proptest_config(proptest::prelude::ProptestConfig {
        cases: proptest::prelude::ProptestConfig::default().cases.max(12_000),
        ..proptest::prelude::ProptestConfig::default()
    })]

    /// Wherever the fast reader answers, the Markdown parser agrees.
    #[test]
    fn the_line_reader_agrees_with_the_markdown_parser(
        picks in proptest::collection::vec(0..FRAGMENTS.len(), 0..25),
        crlf in proptest::bool::ANY,
    ) {
        let eol = if crlf { "\r\n" } else { "\n" };
        let body: String = picks.iter().map(|&i| format!("{}{eol}", FRAGMENTS[i])).collect();
        let text = format!("---{eol}person: a{eol}---{eol}{body}");
        let offset = text.len() - body.len();
        if let Some(fast) = lines::items(&text, offset) {
            proptest::prop_assert_eq!(fast, markdown_items(Path::new("t.md"), &text, offset).unwrap(), "{:?}", body);
        }
    }
}

#[test]
fn private_parts_mark_items_whichever_reader_reads_the_note() {
    // A note as `new` writes them: the line reader reads it itself.
    let text = "---\nperson: alice\n---\n# 1:1\n\n## Notes\n- a\n  <!-- private -->\n  - [ ] @me quiet\n  <!-- /private -->\n- [ ] shared\n\n\
                ### Worries (private)\n- [ ] worry\n\n## Action items\n- [ ] act\n\n## Private notes\n<!-- Only for you -->\n- [ ] mine\n";
    let offset = frontmatter::split(text).unwrap().body_offset;
    let fast = lines::items(text, offset).expect("plain enough for the line reader");
    assert_eq!(
        fast,
        markdown_items(Path::new("t.md"), text, offset).unwrap()
    );
    let n = note(text).unwrap();
    let flags: Vec<(&str, bool)> = n
        .all_items()
        .map(|i| (i.text.as_str(), i.private))
        .collect();
    assert_eq!(
        flags,
        vec![
            ("@me quiet", true),
            ("shared", false),
            ("worry", true),
            ("act", false),
            ("mine", true)
        ]
    );
    let private: Vec<&str> = n.private.iter().map(|r| &text[r.clone()]).collect();
    assert_eq!(
        private,
        vec![
            "  <!-- private -->\n  - [ ] @me quiet\n  <!-- /private -->\n",
            "### Worries (private)\n- [ ] worry\n\n",
            "## Private notes\n<!-- Only for you -->\n- [ ] mine\n"
        ]
    );
    // Inline markup in a heading is left to the full parser.
    let text = "---\nperson: alice\n---\n## *Private*\n- [ ] x\n";
    assert!(lines::items(text, 22).is_none());
    assert!(note(text).unwrap().items[0].private);
    // An item whose own text is partly private is private.
    let n = note("---\nperson: alice\n---\n- [ ] a <!-- private -->b<!-- /private -->\n- [ ] c\n")
        .unwrap();
    assert_eq!(texts(&n.items).len(), 2);
    assert_eq!((n.items[0].private, n.items[1].private), (true, false));
}

#[test]
fn a_private_note_is_private_whole() {
    let n = note("---\nperson: alice\nprivate: true\n---\n- [ ] a\n  - [ ] b\n").unwrap();
    assert!(n.front.private);
    assert!(n.all_items().all(|i| i.private));
    let n = note("---\nperson: alice\nprivate: no\n---\n- [ ] a\n").unwrap();
    assert!(!n.front.private && !n.items[0].private);
    let e = note("---\nperson: alice\nprivate: maybe\n---\n").unwrap_err();
    assert_eq!(
        e.to_string(),
        "alice/2026-11-25.md:3:10: private must be true or false, not `maybe`"
    );
}

#[test]
fn sections() {
    let text = "# T\n\n## Agenda\n\n- one\n- two\n\n### sub\nx\n## Notes\nn\n";
    assert_eq!(section(text, "agenda"), Some("- one\n- two\n\n### sub\nx"));
    assert_eq!(section(text, "Notes"), Some("n"));
    assert_eq!(section(text, "Missing"), None);
}
