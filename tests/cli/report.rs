//! `oneonone report --html`: one self-contained page.

use crate::support::TestRepo;

/// The `<g class="timeline-row…">` element of one person, up to its end.
fn timeline_row<'a>(page: &'a str, person: &str) -> &'a str {
    let start = page
        .find(&format!("data-person=\"{person}\""))
        .unwrap_or_else(|| panic!("no timeline row for {person}"));
    let rest = &page[start..];
    &rest[..rest.find("</g>").expect("row ends")]
}

#[test]
fn the_example_report() {
    let repo = TestRepo::example();
    let run = repo.run(&["report", "--html", "report.html"]);
    assert_eq!(run.ok_with_stderr("wrote report.html (5 people)\n"), "");
    let page = repo.read("report.html");
    assert!(page.starts_with("<!DOCTYPE html>\n"));
    assert!(page.ends_with("</html>\n"));

    // One timeline row per person, in status order; erin is paused.
    let rows: Vec<&str> = page
        .match_indices("<g class=\"timeline-row")
        .map(|(at, _)| {
            let tail = &page[at..];
            let from = tail.find("data-person=\"").expect("data-person") + 13;
            &tail[from..from + tail[from..].find('"').expect("quote")]
        })
        .collect();
    assert_eq!(rows, ["carol", "bob", "alice", "dave", "erin"]);
    assert!(page.contains("<g class=\"timeline-row\" data-person=\"alice\">"));
    assert!(page.contains("<g class=\"timeline-row paused\" data-person=\"erin\">"));

    let alice = timeline_row(&page, "alice");
    assert_eq!(alice.matches("<rect class=\"gap\"").count(), 1, "{alice}");
    assert!(alice.contains("gap 2026-09-29 → 2026-10-27: 28 days (8 allowed)"));
    assert_eq!(alice.matches("<circle class=\"held\"").count(), 8);
    assert!(alice.contains("<path class=\"due ok\""));
    let bob = timeline_row(&page, "bob");
    assert_eq!(
        bob.matches("<circle class=\"missed\"").count(),
        1,
        "cancelled 2026-11-24"
    );
    let carol = timeline_row(&page, "carol");
    assert!(
        carol.contains("<rect class=\"gap open\""),
        "overdue right now"
    );
    assert!(
        !timeline_row(&page, "erin").contains("class=\"due"),
        "paused: nothing due"
    );
    assert_eq!(page.matches("<line class=\"today\"").count(), 1);

    for section in [
        "<h2>Status</h2>",
        "<h2>Open action items (",
        "<h2>Adherence</h2>",
    ] {
        assert!(page.contains(section), "{section}");
    }
    assert!(page.contains("<h3>@me (you)"));
    assert!(page.contains("@media print"));

    let again = repo.run(&["-q", "report", "--html", "report.html"]);
    assert_eq!(again.stderr, "");
    assert_eq!(repo.read("report.html"), page, "deterministic");
}

#[test]
fn nothing_is_loaded_from_anywhere() {
    let repo = TestRepo::example();
    repo.run(&["report", "--html", "r.html"])
        .ok_with_stderr("wrote r.html (5 people)\n");
    let page = repo.read("r.html");
    for outside in [
        "http://", "https://", "<script", "<link", "src=", "url(", "@import",
    ] {
        assert!(!page.contains(outside), "{outside}");
    }
}

#[test]
fn user_text_is_escaped() {
    let repo = TestRepo::new();
    repo.note(
        "mallory/2026-11-20.md",
        "name: \"<b>Mallory</b> & co\"\n",
        "- [ ] @me check <script>alert('x')</script> \"quoted\"\n",
    );
    repo.run(&["report", "--html", "r.html"])
        .ok_with_stderr("wrote r.html (1 person)\n");
    let page = repo.read("r.html");
    assert!(!page.contains("<script"), "{page}");
    assert!(!page.contains("<b>Mallory"));
    assert!(
        page.contains("check &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &quot;quoted&quot;")
    );
    assert!(page.contains("&lt;b&gt;Mallory&lt;/b&gt; &amp; co"));
}

/// Every place a display name or an item text lands is escaped, with the
/// page's entities: `&#39;` for `'`, and `/` left as is.
#[test]
fn names_and_items_are_escaped_everywhere() {
    let repo = TestRepo::new();
    repo.note(
        "mallory/2026-11-20.md",
        "name: \"Tom & Jerry's <b>\\\"A/B\\\"</b>\"\n",
        "- [ ] @me fix a<b && c \"quoted\" it's <script>x</script>\n",
    );
    repo.run(&["report", "--html", "r.html"])
        .ok_with_stderr("wrote r.html (1 person)\n");
    let page = repo.read("r.html");
    let name = "Tom &amp; Jerry&#39;s &lt;b&gt;&quot;A/B&quot;&lt;/b&gt;";
    let text =
        "@me fix a&lt;b &amp;&amp; c &quot;quoted&quot; it&#39;s &lt;script&gt;x&lt;/script&gt;";
    for place in [
        // Status, timeline (title and label), the item with its person, adherence.
        format!("<td>{name} <span class=\"small\">mallory</span></td>"),
        format!("<title>{name} (direct-report, weekly)</title>"),
        format!("<text class=\"row-label\" x=\"0\" y=\"49.0\">{name}</text>"),
        format!("<tr><td>{text}</td><td>{name}</td>"),
        format!("<tr><td>{name}</td><td>weekly</td>"),
    ] {
        assert!(page.contains(&place), "{place}\n{page}");
    }
    assert_eq!(page.matches(name).count(), 5);
    assert!(!page.contains("<script"), "{page}");
    assert!(!page.contains("<b>"));
    assert!(!page.contains("Jerry's"));
}

#[test]
fn the_report_never_replaces_a_note() {
    let repo = TestRepo::example();
    let before = repo.snapshot();
    let run = repo.run(&["report", "--html", "alice/2026-11-24.md"]);
    assert_eq!(run.code, 2);
    assert_eq!(repo.snapshot(), before);
    assert_eq!(repo.run(&["report"]).code, 2, "--html is required");
}
