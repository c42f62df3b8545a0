//! `share`, and privacy everywhere: a corpus of notes whose private parts
//! hold canaries (`CANARY-PRIV-nn`) in every hard shape, beside public
//! canaries (`CANARY-PUB-nn`). No private canary may leave through `share`
//! (Markdown, HTML, JSON), `report --html`, the dashboard or the calendar;
//! every public one must be in what `share` writes.

use crate::support::TestRepo;

/// Task items in a private block inside a list, an inline marked span,
/// inline HTML, a fake private heading in a fence, a `(private)`
/// subsection inside a public section, a private section with a nested
/// heading, a fenced fake heading, raw HTML, a stray end marker, and the
/// public section after it; private and public front-matter keys.
const FIRST: &str = "---
person: pat
date: 2026-11-02
energy: 2 CANARY-PRIV-01
rating: \"CANARY-PRIV-02\"
mood: CANARY-PUB-01
kind: direct-report
---

# 1:1 with Pat CANARY-PUB-02

## Carried over
- [ ] @pat carried CANARY-PUB-03 (from 2026-10-26)

## Agenda
- topic CANARY-PUB-04
  <!-- private -->
  - aside in the list CANARY-PRIV-03
  - [ ] @me task in the list CANARY-PRIV-04
  <!-- /private -->
- after the block CANARY-PUB-05

## Notes
Some <span class=\"x\">CANARY-PUB-06</span> inline HTML.
Say <!-- private -->CANARY-PRIV-05 inline<!-- /private --> and CANARY-PUB-07.

```text
# Private
CANARY-PUB-08 in a fence after a fake private heading
```

CANARY-PUB-09 after the fence is still public.

### Feedback (private)
CANARY-PRIV-06 in a private subsection
- [ ] @me private sub task CANARY-PRIV-07

### Next steps
CANARY-PUB-10 after the private subsection

## Private notes
CANARY-PRIV-08
### sub
CANARY-PRIV-09 under a nested heading

~~~
# Public
CANARY-PRIV-10 in a fence with a fake heading
~~~

<div>CANARY-PRIV-11 raw HTML</div>

- [ ] @me private task CANARY-PRIV-12
<!-- /private -->
CANARY-PRIV-13 after a stray end marker, still in the section

## Next
CANARY-PUB-11 after the private section
- [ ] @pat public task CANARY-PUB-12

## Action items
- [ ] @pat shared action CANARY-PUB-13
";

/// CRLF and a BOM: a marked block, setext headings (a private one, then a
/// higher one that ends it), a marked block inside a quote, and a private
/// heading at the end of a file without a final line break.
const SECOND: &str = "\u{feff}---\r\nperson: pat\r\ndate: 2026-11-09\r\nrating: 4 # CANARY-PRIV-20\r\n---\r\n\r\n# Title CANARY-PUB-20\r\n\r\n## Notes\r\n- CANARY-PUB-21\r\n<!-- private -->\r\n- [ ] @me secret CANARY-PRIV-21\r\n<!-- /private -->\r\n- CANARY-PUB-22\r\n\r\nPrivate thoughts CANARY-PRIV-22\r\n--------------------------------\r\nCANARY-PRIV-23 under a setext private heading\r\n\r\nPublic again CANARY-PUB-23\r\n==========================\r\nCANARY-PUB-24\r\n\r\n> quote CANARY-PUB-25\r\n> <!-- private -->\r\n> CANARY-PRIV-24 in a quote\r\n> <!-- /private -->\r\n\r\n## The end (Private)\r\nCANARY-PRIV-25 at the end of the file\r\n- [ ] @me last CANARY-PRIV-26";

/// Private whole.
const THIRD: &str = "---
person: pat
date: 2026-11-16
private: true
mood: CANARY-PRIV-30
---
# Skip-level feedback CANARY-PRIV-31
- [ ] @me CANARY-PRIV-32
";

/// Code that looks private, headings in a list, markers without spaces or
/// with a reason, a heading made private by its markup, a public comment,
/// and a marked block never closed.
const FOURTH: &str = "---
person: pat
date: 2026-11-23
---
# Pat CANARY-PUB-40

Intro CANARY-PUB-41

    # Private
    CANARY-PUB-42 in indented code

`<!-- private -->` CANARY-PUB-43 after a marker in a code span

- item CANARY-PUB-44
- ## Private, in a list item
  CANARY-PRIV-40 under it
- [ ] @me CANARY-PRIV-41 still private: a heading in a list ends nothing

## Later
CANARY-PUB-45
- [ ] @pat public CANARY-PUB-46

<!--PRIVATE: money-->
CANARY-PRIV-42 after a marker without spaces
<!--/private-->
CANARY-PUB-47

## **Private** with emphasis
CANARY-PRIV-43

## Closing
CANARY-PUB-48 <!-- a public comment CANARY-PUB-49 -->

<!-- private -->
CANARY-PRIV-44 in a block never closed
## Next
CANARY-PRIV-45 still private
- [ ] @me CANARY-PRIV-46
";

/// A note as `new` writes them, in the shapes the fast line reader reads
/// itself: a marked block in a list, a `(private)` subsection, the
/// template's private section at the end.
const FIFTH: &str = "---
person: pat
date: 2026-11-24
kind: direct-report
---

# 1:1 with Pat — 2026-11-24

## Notes
- went well CANARY-PUB-60
  <!-- private -->
  - [ ] @me follow up quietly CANARY-PRIV-60
  <!-- /private -->
- [ ] @pat next CANARY-PUB-61

### Worries (private)
- [ ] @me CANARY-PRIV-61

## Action items
- [ ] @pat CANARY-PUB-62

## Private notes
<!-- Only for you: `oneonone share` leaves this section out. -->
- [ ] @me CANARY-PRIV-62
";

/// Public canaries only inside comments: a page shows no comment.
const IN_COMMENTS: [&str; 1] = ["CANARY-PUB-49"];

fn corpus() -> TestRepo {
    let repo = TestRepo::new();
    repo.write("pat/2026-11-02.md", FIRST)
        .write("pat/2026-11-09.md", SECOND)
        .write("pat/2026-11-16.md", THIRD)
        .write("pat/2026-11-23.md", FOURTH)
        .write("pat/2026-11-24.md", FIFTH);
    repo
}

/// Every canary of the corpus, public and private.
fn canaries(private: bool) -> Vec<String> {
    let prefix = if private {
        "CANARY-PRIV-"
    } else {
        "CANARY-PUB-"
    };
    let mut found = Vec::new();
    for text in [FIRST, SECOND, THIRD, FOURTH, FIFTH] {
        for (at, _) in text.match_indices(prefix) {
            found.push(text[at..at + prefix.len() + 2].to_owned());
        }
    }
    found.sort();
    found.dedup();
    found
}

#[track_caller]
fn no_private_canary(what: &str, text: &str) {
    assert!(
        !text.contains("CANARY-PRIV"),
        "{what} shows a private canary: {:?}\n{text}",
        canaries(true)
            .iter()
            .filter(|c| text.contains(c.as_str()))
            .collect::<Vec<_>>()
    );
}

#[track_caller]
fn every_public_canary(what: &str, text: &str, except: &[&str]) {
    let missing: Vec<String> = canaries(false)
        .into_iter()
        .filter(|c| !except.contains(&c.as_str()) && !text.contains(c.as_str()))
        .collect();
    assert!(missing.is_empty(), "{what} lacks {missing:?}\n{text}");
}

const WITHHELD: &str = "oneonone: pat/2026-11-16.md is private (`private: true`): left out\n";

#[test]
fn the_corpus_has_canaries_of_both_kinds() {
    assert_eq!(canaries(true).len(), 33);
    assert_eq!(canaries(false).len(), 32);
}

#[test]
fn share_as_markdown_shows_no_private_canary_and_every_public_one() {
    let repo = corpus();
    let run = repo.run(&["share", "pat", "--since", "2026-11-01"]);
    let out = run.ok_with_stderr(WITHHELD);
    no_private_canary("share", out);
    every_public_canary("share", out, &[]);
    for note in [
        "pat/2026-11-02.md",
        "pat/2026-11-09.md",
        "pat/2026-11-23.md",
        "pat/2026-11-24.md",
    ] {
        assert_eq!(
            out.matches(&format!("==> {note} <==\n")).count(),
            1,
            "{out}"
        );
    }
    assert!(!out.contains("2026-11-16"), "{out}");
    // One note at a time too.
    for date in ["2026-11-02", "2026-11-09", "2026-11-23", "2026-11-24"] {
        let out = repo.run(&["share", "pat", date]);
        no_private_canary(date, out.ok());
    }
    repo.run(&["share", "pat", "2026-11-16"])
        .ok_with_stderr(WITHHELD);
}

#[test]
fn share_keeps_everything_else_byte_for_byte() {
    let repo = corpus();
    let second = repo.run(&["share", "pat", "2026-11-09"]);
    assert_eq!(
        second.ok(),
        "\u{feff}---\r\nperson: pat\r\ndate: 2026-11-09\r\n---\r\n\r\n# Title CANARY-PUB-20\r\n\r\n\
         ## Notes\r\n- CANARY-PUB-21\r\n- CANARY-PUB-22\r\n\r\n\
         Public again CANARY-PUB-23\r\n==========================\r\nCANARY-PUB-24\r\n\r\n\
         > quote CANARY-PUB-25\r\n> \r\n\r\n"
    );
    let fourth = repo.run(&["share", "pat", "2026-11-23"]);
    assert!(
        fourth
            .ok()
            .ends_with("## Closing\nCANARY-PUB-48 <!-- a public comment CANARY-PUB-49 -->\n\n"),
        "{}",
        fourth.stdout
    );
    // The heading in the list item goes from its `##` on, and leaves the
    // line break before `## Later`, which still starts a line.
    assert!(
        fourth.stdout.contains(
            "- item CANARY-PUB-44\n- \n## Later\nCANARY-PUB-45\n- [ ] @pat public CANARY-PUB-46\n\nCANARY-PUB-47\n"
        ),
        "{}",
        fourth.stdout
    );
}

#[test]
fn share_as_html_and_json() {
    let repo = corpus();
    let run = repo.run(&[
        "share",
        "pat",
        "--since",
        "2026-11-01",
        "--html",
        "pat.html",
    ]);
    run.ok_with_stderr(&format!("{WITHHELD}wrote pat.html (4 notes)\n"));
    let page = repo.read("pat.html");
    no_private_canary("the page", &page);
    every_public_canary("the page", &page, &IN_COMMENTS);
    assert!(
        page.contains("&lt;span class=\"x\"&gt;CANARY-PUB-06&lt;/span&gt;"),
        "{page}"
    );
    assert!(!page.contains("<span"), "raw HTML stays text");
    assert!(!page.contains("<script") && !page.contains("<img") && !page.contains("://"));
    assert!(
        page.contains("default-src 'none'"),
        "the page may load nothing"
    );

    let json = repo
        .run(&["share", "pat", "--since", "2026-11-01", "--json"])
        .json_with_stderr(WITHHELD);
    let text = json.to_string();
    no_private_canary("share --json", &text);
    every_public_canary("share --json", &text, &[]);
    assert_eq!(json["withheld"], serde_json::json!(["pat/2026-11-16.md"]));
    assert_eq!(json["notes"][1]["date"], "2026-11-09");
}

#[test]
fn report_dashboard_and_calendar_leave_private_items_out() {
    let repo = corpus();
    repo.run(&["report", "--html", "report.html"])
        .ok_with_stderr("wrote report.html (1 person)\n");
    let page = repo.read("report.html");
    no_private_canary("report --html", &page);
    for public in ["CANARY-PUB-12", "CANARY-PUB-13", "CANARY-PUB-46"] {
        assert!(page.contains(public), "{public}");
    }
    // Counts agree with what is listed: the public open items only.
    let open = [
        "CANARY-PUB-03",
        "CANARY-PUB-12",
        "CANARY-PUB-13",
        "CANARY-PUB-46",
        "CANARY-PUB-61",
        "CANARY-PUB-62",
    ];
    assert!(page.contains(&format!("{} open", open.len())), "{page}");

    repo.run(&["watch", "--once", "--dashboard", "D.md"]).ok();
    let dashboard = repo.read("D.md");
    no_private_canary("the dashboard", &dashboard);
    for public in open {
        assert!(dashboard.contains(public), "{public}\n{dashboard}");
    }
    assert!(dashboard.contains("### pat · 6 open"), "{dashboard}");

    let calendar = repo.run(&["calendar"]);
    let ics = calendar.ok();
    no_private_canary("calendar", ics);
    assert!(ics.contains("Open action items: 6"), "{ics}");

    // Your own views still show every item, marked.
    let actions = repo.run(&["actions", "--json"]).json();
    let private: Vec<bool> = actions["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["private"].as_bool().expect("private"))
        .collect();
    assert_eq!(private.iter().filter(|p| !**p).count(), 6, "{actions:#}");
    assert_eq!(private.iter().filter(|p| **p).count(), 11, "{actions:#}");
    let text = repo.run(&["actions", "pat"]);
    assert!(
        text.ok().contains("CANARY-PRIV-04  (age 23d, private)"),
        "{}",
        text.stdout
    );
}

#[test]
fn private_keys_come_from_the_settings() {
    let repo = corpus();
    repo.write(".oneonone.yaml", "private_keys: [mood]\n");
    let out = repo.run(&["share", "pat", "2026-11-02"]);
    let out = out.ok();
    assert!(!out.contains("mood:"), "{out}");
    assert!(out.contains("energy: 2 CANARY-PRIV-01\n"), "{out}");
}

#[test]
fn which_notes() {
    let repo = corpus();
    // The latest held note by default.
    let latest = repo.run(&["share", "pat"]);
    assert_eq!(
        latest.ok(),
        "---\nperson: pat\ndate: 2026-11-24\nkind: direct-report\n---\n\n\
         # 1:1 with Pat — 2026-11-24\n\n## Notes\n- went well CANARY-PUB-60\n\
         - [ ] @pat next CANARY-PUB-61\n\n## Action items\n- [ ] @pat CANARY-PUB-62\n\n"
    );
    // A planned note is shared when named, and by --since.
    repo.write(
        "pat/2026-12-01.md",
        "---\nperson: pat\ndate: 2026-12-01\n---\n## Agenda\n- for us both\n## Private notes\n- mine\n",
    );
    let planned = repo.run(&["share", "pat", "2026-12-01"]);
    assert_eq!(
        planned.ok(),
        "---\nperson: pat\ndate: 2026-12-01\n---\n## Agenda\n- for us both\n"
    );
    assert_eq!(
        repo.run(&["share", "pat"]).ok(),
        latest.stdout,
        "not a planned one"
    );
    let since = repo.run(&["share", "pat", "--since", "2026-11-25"]);
    assert_eq!(since.ok(), planned.stdout, "one note: as it is, no header");
    repo.run(&["share", "pat", "--since", "2026-12-02"])
        .ok_with_stderr("no notes of pat since 2026-12-02\n");

    let missing = repo.run(&["share", "pat", "2026-11-03"]);
    assert_eq!(missing.code, 2);
    assert_eq!(
        missing.stderr,
        "oneonone: pat has no note 2026-11-03 (pat/2026-11-03.md)\n"
    );
    let nobody = repo.run(&["share", "quinn"]);
    assert_eq!(nobody.code, 2, "{nobody:?}");
    let bad = repo.run(&["share", "pat", "2026-13-01"]);
    assert_eq!(bad.code, 2, "{bad:?}");
    assert!(bad.stderr.contains("is not a note date"), "{}", bad.stderr);
}

#[test]
fn a_note_that_cannot_be_read_is_not_shared() {
    let repo = corpus();
    repo.write(
        "pat/2026-11-20.md",
        "---\nperson: pat\ndate: 2026-11-19\n---\nCANARY-PRIV-99\n",
    );
    let run = repo.run(&["share", "pat", "--since", "2026-11-17"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stderr
            .starts_with("oneonone: warning: pat/2026-11-20.md:3:7:"),
        "{}",
        run.stderr
    );
    no_private_canary("share", &run.stdout);
    let named = repo.run(&["share", "pat", "2026-11-20"]);
    assert_eq!(named.code, 2, "{named:?}");
    assert!(named.stdout.is_empty());
}

#[test]
fn new_carries_private_items_into_the_private_section() {
    let repo = TestRepo::new();
    repo.note(
        "pat/2026-11-18.md",
        "",
        "## Action items\n- [ ] @pat shared\n\n## Private notes\n- [ ] @me mine CANARY-PRIV-01\n",
    );
    repo.run(&["new", "pat", "--no-edit"])
        .ok_with_stderr("created pat/2026-11-25.md (2 carried, 0 topics)\n");
    let note = repo.read("pat/2026-11-25.md");
    assert!(
        note.ends_with("## Private notes\n<!-- Only for you: `oneonone share` leaves this section out. -->\n- [ ] @me mine CANARY-PRIV-01 (from 2026-11-18)\n"),
        "{note}"
    );
    assert!(note.contains("## Carried over\n<!-- Start here"), "{note}");
    let shared = repo.run(&["share", "pat"]);
    no_private_canary("share", shared.ok());
    assert!(
        shared
            .stdout
            .contains("- [ ] @pat shared (from 2026-11-18)")
    );

    // A template without a private part: the item is carried, and `new`
    // says where it went.
    repo.write(
        ".oneonone/templates/direct-report.md",
        "---\nperson: {{ person | yaml }}\ndate: {{ date }}\n---\n{% for item in carried %}\n{{ item.markdown }}\n{% endfor %}\n",
    );
    repo.run(&["new", "pat", "--another", "--no-edit"]).ok_with_stderr(
        "oneonone: warning: pat/2026-11-25-2.md: the private item `@me mine CANARY-PRIV-01` was carried outside a private part; move it under `## Private notes` (and add that section to the template)\n\
         created pat/2026-11-25-2.md (2 carried, 0 topics)\n",
    );
}
