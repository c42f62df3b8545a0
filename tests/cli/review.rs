//! `oneonone review PERSON`: a known-answer repository, read in text, JSON
//! and HTML, with both ends of the range included.

use serde_json::json;

use crate::support::TestRepo;

/// Five weeks with alice (weekly; you are `sam`): four held, one cancelled.
fn repo() -> TestRepo {
    let repo = TestRepo::new();
    repo.write(".oneonone.yaml", "me: sam\npeople:\n  alice:\n    name: Alice Smith\n    kind: direct-report\n")
        .note(
            "alice/2026-09-01.md",
            "energy: 3\n",
            "## Wins\n- Shipped the importer\n\n## Action items\n- [ ] @alice Write design doc\n\
             - [ ] @me Book training\n- [ ] @sam Review budget\n",
        )
        .note(
            "alice/2026-09-08.md",
            "energy: 4\nrating: 2\n",
            "## Feedback\n- Great demo <b>live</b>\n\n## Action items\n\
             - [x] @alice Write design doc (from 2026-09-01)\n- [ ] @me Book training (from 2026-09-01)\n\
             - [-] @sam Review budget (from 2026-09-01)\n- [ ] @alice Mentor the intern\n",
        )
        .note("alice/2026-09-15.md", "status: cancelled\n", "Moved: offsite.\n")
        .note(
            "alice/2026-09-22.md",
            "energy: 5\n",
            "## Goals and progress\n- Promotion case by Q1\n\n## Action items\n\
             - [x] @me Book training (from 2026-09-01)\n- [ ] @alice Mentor the intern (from 2026-09-08)\n",
        )
        .note(
            "alice/2026-09-29.md",
            "energy: 2\n",
            "## Concerns\n- Workload\n\n## Action items\n- [x] @alice Mentor the intern (from 2026-09-08)\n",
        );
    repo
}

const RANGE: [&str; 5] = ["alice", "--since", "2026-09-08", "--until", "2026-09-22"];

#[test]
fn review_json_has_the_known_answers_with_both_ends_included() {
    let repo = repo();
    let json = repo
        .run(&[&["review"][..], &RANGE, &["--json"]].concat())
        .json();
    assert_eq!(
        json,
        json!({
            "person": "alice",
            "name": "Alice Smith",
            "since": "2026-09-08",
            "until": "2026-09-22",
            "meetings": {"held": 2, "cancelled": 1, "expected": 2, "missed": 1, "adherence": 0.5},
            "items": [
                {"owner": "alice", "opened": 1, "closed": 1, "dropped": 0, "open": 1,
                 "follow_through": 0.0, "median_days_to_close": 7.0},
                {"owner": "me", "opened": 0, "closed": 1, "dropped": 1, "open": 0,
                 "follow_through": null, "median_days_to_close": 21.0},
                {"owner": "others", "opened": 0, "closed": 0, "dropped": 0, "open": 0,
                 "follow_through": null, "median_days_to_close": null},
            ],
            "headings": ["Wins", "Feedback", "Growth", "Goals", "Concerns"],
            "sections": [
                {"date": "2026-09-08", "path": "alice/2026-09-08.md", "heading": "Feedback",
                 "text": "- Great demo <b>live</b>"},
                {"date": "2026-09-22", "path": "alice/2026-09-22.md", "heading": "Goals and progress",
                 "text": "- Promotion case by Q1"},
            ],
            "trend": [
                {"field": "energy", "points": [
                    {"date": "2026-09-08", "value": 4.0}, {"date": "2026-09-22", "value": 5.0}]},
                {"field": "rating", "points": [{"date": "2026-09-08", "value": 2.0}]},
            ],
        })
    );
}

#[test]
fn review_text_shows_the_same_answers() {
    let repo = repo();
    let run = repo.run(&[&["review"][..], &RANGE].concat());
    assert_eq!(
        run.ok(),
        "Review of Alice Smith (alice), 2026-09-08 to 2026-09-22

Meetings
  2 held, 1 cancelled; adherence 50% (1 of 2 intervals had a 1:1, 1 missed)

Action items
  owner   opened  closed  dropped  open  follow-through  median days to close
  alice        1       1        0     1              0%                     7
  me           0       1        1     0               –                    21
  others       0       0        0     0               –                     –

Wins, Feedback, Growth, Goals, Concerns
  2026-09-08  Feedback (alice/2026-09-08.md)
    - Great demo <b>live</b>
  2026-09-22  Goals and progress (alice/2026-09-22.md)
    - Promotion case by Q1

Trend
  date        energy  rating
  2026-09-08       4       2
  2026-09-22       5       –
"
    );
}

#[test]
fn review_by_default_covers_everything_up_to_today() {
    let repo = repo();
    let json = repo.run(&["review", "alice", "--json"]).json();
    assert_eq!(json["since"], json!(null));
    assert_eq!(json["until"], "2026-11-25");
    assert_eq!(json["meetings"]["held"], 4);
    assert_eq!(json["meetings"]["cancelled"], 1);
    let headings: Vec<&str> = json["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["heading"].as_str().unwrap())
        .collect();
    assert_eq!(
        headings,
        ["Wins", "Feedback", "Goals and progress", "Concerns"]
    );
    assert_eq!(json["items"][0]["follow_through"], 1.0);
    assert_eq!(json["items"][0]["median_days_to_close"], 14.0);
    assert_eq!(json["trend"][0]["points"].as_array().unwrap().len(), 4);

    // The headings are the settings' to choose.
    repo.write(
        ".oneonone.yaml",
        "me: sam\nreview_headings: [Concerns, wins]\npeople:\n  alice:\n    name: Alice Smith\n",
    );
    let json = repo.run(&["review", "alice", "--json"]).json();
    assert_eq!(json["headings"], json!(["Concerns", "wins"]));
    let texts: Vec<&str> = json["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts, ["- Shipped the importer", "- Workload"]);

    // One day is a range too; an empty one is refused.
    let json = repo
        .run(&[
            "review",
            "alice",
            "--since",
            "2026-09-29",
            "--until",
            "2026-09-29",
            "--json",
        ])
        .json();
    assert_eq!(json["meetings"]["held"], 1);
    assert_eq!(json["sections"][0]["text"], "- Workload");
    let run = repo.run(&[
        "review",
        "alice",
        "--since",
        "2026-09-30",
        "--until",
        "2026-09-29",
    ]);
    assert_eq!(run.code, 2, "{run:?}");
}

#[test]
fn review_html_is_escaped_and_self_contained() {
    let repo = repo();
    let run = repo.run(&[&["review"][..], &RANGE, &["--html", "review.html"]].concat());
    run.ok_with_stderr("wrote review.html\n");
    let page = repo.read("review.html");
    for expected in [
        "<title>Review of Alice Smith</title>",
        "<p id=\"meetings\">2 held, 1 cancelled; adherence 50% (1 of 2 intervals had a 1:1, 1 missed)</p>",
        "<tr><td>alice</td><td>1</td><td>1</td><td>0</td><td>1</td><td>0%</td><td>7</td></tr>",
        "<tr><td>me</td><td>0</td><td>1</td><td>1</td><td>0</td><td>–</td><td>21</td></tr>",
        "<h3>2026-09-08 · Feedback <span class=\"quiet\">(alice/2026-09-08.md)</span></h3>",
        "<pre>- Great demo &lt;b&gt;live&lt;/b&gt;</pre>",
        "<polyline points=\"6.0,74.0 314.0,6.0\"/>",
        "<tr><td>2026-09-22</td><td>5.0</td></tr>",
    ] {
        assert!(page.contains(expected), "{expected}\n{page}");
    }
    assert!(!page.contains("<b>live"), "note text is escaped");
    assert!(
        !page.contains("2026-09-29") && !page.contains("Shipped"),
        "outside the range"
    );
    assert!(
        !page.contains("http://") && !page.contains("https://"),
        "nothing from the network"
    );
    assert!(page.find("Feedback <span").unwrap() < page.find("Goals and progress").unwrap());
}
