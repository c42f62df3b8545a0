//! `oneonone report --html FILE`: one self-contained page to read or print.
//! Everything is inline (CSS and SVG, no fonts, scripts or links), so it
//! opens offline, attaches to an e-mail and never calls out to the network.
//!
//! The markup is the template `templates/report.html`, built into the
//! binary. This module only gathers what the page shows into a serializable
//! context: the rows, the timeline's coordinates (computed here, as the page
//! writes them), the open items and the adherence. The template is rendered
//! with HTML autoescaping, so every name and item text from the notes is
//! escaped by the engine on its way into the page, and none by hand: there
//! is no place left to forget it.

mod timeline;

use chrono::NaiveDate;
use serde::Serialize;

use super::gaps::{self, PersonGaps};
use super::status::{self, Row};
use crate::error::Result;
use crate::io::template;
use crate::model::index::Index;
use crate::model::item::ItemState;

use crate::model::person::{Person, TrackedItem};
use crate::plan::names::Directory;
use timeline::{Num, Timeline, timeline};

/// The page's template, named as errors name it (`templates/report.html`).
const TEMPLATE: (&str, &str) = (
    "report.html",
    include_str!("../../../templates/report.html"),
);

/// The page, without any private item. `me` is the user's own handle in
/// `@owner` markers; `people` says whom the other owners mean, so a
/// person's items are grouped under their id however the `@owner` spells
/// them (a handle, a former id). Fails only if the built-in template does
/// not fit the context: a bug, reported as
/// [`Error::Template`](crate::error::Error::Template).
pub fn render(index: &Index, people: &Directory, me: &str, today: NaiveDate) -> Result<String> {
    // The page is for sharing: nothing private goes into it.
    let index = &*super::shared(index);
    let report = status::status(&index.summaries(), today);
    // Status order (most urgent first) everywhere on the page.
    let known = people;
    let people: Vec<(&Row, &Person)> = report
        .people
        .iter()
        .filter_map(|row| index.person(&row.person).map(|p| (row, p)))
        .collect();
    let page = Page {
        today: today.to_string(),
        summary: report.summary(),
        status: people.iter().map(|(row, _)| status_row(row)).collect(),
        timeline: timeline(&people, today),
        items: open_items(&people, known, me, today),
        adherence: people
            .iter()
            .map(|(row, person)| adherence(row, person, today))
            .collect(),
    };
    let (name, source) = TEMPLATE;
    template::render_page(name, source, &page)
}

/// Everything the template shows. Dates and enums are passed as the text
/// the page shows; `None` is shown as `–` or left out.
#[derive(Serialize)]
struct Page {
    today: String,
    summary: String,
    /// Empty when there is nobody: then the page says how to start.
    status: Vec<StatusRow>,
    timeline: Timeline,
    items: OpenItems,
    adherence: Vec<AdherenceRow>,
}

#[derive(Serialize)]
struct StatusRow {
    state: &'static str,
    name: String,
    /// The id, when it differs from the name.
    id: Option<String>,
    kind: String,
    cadence: String,
    last: Option<String>,
    next_due: Option<String>,
    days: Option<i64>,
    open: usize,
    oldest: Option<i64>,
}

fn status_row(row: &Row) -> StatusRow {
    StatusRow {
        state: row.state.as_str(),
        name: row.name.clone(),
        id: (row.name != row.person).then(|| row.person.clone()),
        kind: row.kind.to_string(),
        cadence: row.cadence.to_string(),
        last: row.last.map(|d| d.to_string()),
        next_due: row.next_due.map(|d| d.to_string()),
        days: row.days,
        open: row.open_actions,
        oldest: row.oldest_open_days,
    }
}

#[derive(Serialize)]
struct OpenItems {
    count: usize,
    groups: Vec<Group>,
}

/// The open items of one owner; `None` for items nobody owns.
#[derive(Serialize)]
struct Group {
    owner: Option<String>,
    /// The owner is the user.
    you: bool,
    items: Vec<Item>,
}

#[derive(Serialize)]
struct Item {
    /// A sub-item, shown indented under its parent.
    child: bool,
    text: String,
    /// The display name of the person the item is with.
    person: String,
    age: i64,
    due: Option<String>,
    /// Due before today.
    late: bool,
    file: String,
    line: usize,
}

/// An open item with the owner it is grouped under.
struct Open<'a> {
    owner: Option<String>,
    person: &'a Row,
    item: &'a TrackedItem,
    depth: usize,
}

/// Open items grouped by owner (you first, unowned last); a sub-item
/// without an owner of its own belongs to its parent's. An owner who is a
/// person is grouped under their id.
fn open_items(
    people: &[(&Row, &Person)],
    known: &Directory,
    me: &str,
    today: NaiveDate,
) -> OpenItems {
    let mut open = Vec::new();
    for (row, person) in people {
        collect_open(&person.items, row, known, &mut open);
    }
    let rank = |owner: Option<&str>| match owner {
        Some(o) if o == me => (0, String::new()),
        Some(o) => (1, o.to_owned()),
        None => (2, String::new()),
    };
    // Stable: within an owner, people keep status order and items their own.
    open.sort_by_key(|o| rank(o.owner.as_deref()));
    let groups = open
        .chunk_by(|a, b| a.owner == b.owner)
        .map(|group| Group {
            owner: group[0].owner.clone(),
            you: group[0].owner.as_deref() == Some(me),
            items: group
                .iter()
                .map(|o| Item {
                    child: o.depth > 0,
                    text: o.item.text.clone(),
                    person: o.person.name.clone(),
                    age: o.item.age_days(today),
                    due: o.item.due.map(|d| d.to_string()),
                    late: o.item.due.is_some_and(|d| d < today),
                    file: o.item.path(&o.person.person).to_string_lossy().into_owned(),
                    line: o.item.line,
                })
                .collect(),
        })
        .collect();
    OpenItems {
        count: open.len(),
        groups,
    }
}

/// Parents before children, with an explicit stack so no nesting depth can
/// exhaust the call stack.
fn collect_open<'a>(
    items: &'a [TrackedItem],
    person: &'a Row,
    known: &Directory,
    out: &mut Vec<Open<'a>>,
) {
    let mut stack: Vec<(&TrackedItem, Option<&str>, usize)> =
        items.iter().rev().map(|i| (i, None, 0)).collect();
    while let Some((item, inherited, depth)) = stack.pop() {
        let owner = item.owner.as_deref().or(inherited);
        if item.state == ItemState::Open {
            out.push(Open {
                owner: owner.map(|o| known.owner(o).map_or(o, |k| k.id.as_str()).to_owned()),
                person,
                item,
                depth,
            });
        }
        stack.extend(item.children.iter().rev().map(|c| (c, owner, depth + 1)));
    }
}

#[derive(Serialize)]
struct AdherenceRow {
    name: String,
    cadence: String,
    /// Start of the window; no bar without one.
    since: Option<String>,
    held: u32,
    expected: u32,
    missed: u32,
    /// Adherence in whole percent, and the bar's width (at most 100).
    percent: Num,
    width: Num,
    /// The bar's colour below 80 %: `mid`, or `low` below 50 %.
    level: Option<&'static str>,
    gaps: usize,
    longest_gap: Option<i64>,
}

fn adherence(row: &Row, person: &Person, today: NaiveDate) -> AdherenceRow {
    let g: PersonGaps = gaps::person_gaps(person, None, today);
    let percent = (g.adherence * 100.0).round();
    let level = match percent {
        p if p < 50.0 => Some("low"),
        p if p < 80.0 => Some("mid"),
        _ => None,
    };
    let whole = |value| Num {
        value,
        decimals: Some(0),
    };
    AdherenceRow {
        name: row.name.clone(),
        cadence: g.cadence.to_string(),
        since: g.since.map(|d| d.to_string()),
        held: g.held,
        expected: g.expected,
        missed: g.missed,
        percent: whole(percent),
        width: whole(percent.min(100.0)),
        level,
        gaps: g.gaps.len(),
        longest_gap: g.longest_gap_days,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::cadence::{Cadence, Kind};
    use crate::model::note::NoteName;
    use crate::model::note::Status as Held;
    use crate::model::person::Meeting;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("valid test date")
    }

    fn person(id: &str, meetings: &[(&str, Held)]) -> Person {
        Person {
            id: id.into(),
            name: None,
            kind: Kind::DirectReport,
            cadence: Cadence::Days(7),
            fallback_cadence: Cadence::Days(7),
            grace: None,
            pauses: Vec::new(),
            slot: None,
            duration: None,
            meetings: meetings
                .iter()
                .map(|&(s, status)| Meeting::on(d(s), status))
                .collect(),
            items: Vec::new(),
            planned: None,
        }
    }

    fn item(text: &str, owner: Option<&str>, children: Vec<TrackedItem>) -> TrackedItem {
        TrackedItem {
            text: text.into(),
            owner: owner.map(Into::into),
            due: Some(d("2026-11-20")),
            origin: d("2026-11-03"),
            state: ItemState::Open,
            how: None,
            closed: None,
            carried: 1,
            note: NoteName {
                date: d("2026-11-10"),
                seq: 1,
            },
            line: 12,
            private: false,
            children,
        }
    }

    #[test]
    fn escapes_markup_and_quotes() {
        let mut amy = person("amy", &[("2026-11-20", Held::Held)]);
        amy.name = Some(r#"Amy "A/B" O'Lee & <co>"#.into());
        amy.items = vec![item(
            r#"<script>alert("x") & 'y'</script>"#,
            Some("me"),
            Vec::new(),
        )];
        let index = Index {
            people: vec![amy],
            problems: Vec::new(),
        };
        let page = render(&index, &Directory::default(), "me", d("2026-11-25")).expect("renders");
        assert!(page.contains(
            "<td>&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;</td>"
        ));
        let name = "Amy &quot;A/B&quot; O&#39;Lee &amp; &lt;co&gt;";
        // Status, timeline (title and label), the item's row, adherence.
        assert!(page.contains(&format!("<td>{name} <span class=\"small\">amy</span></td>")));
        assert!(page.contains(&format!("<title>{name} (direct-report, weekly)</title>")));
        assert!(page.contains(&format!("<td>{name}</td><td class=\"num\">")));
        assert_eq!(page.matches(name).count(), 5, "{page}");
        assert!(!page.contains("<script"));
        assert!(!page.contains("<co>"));
    }

    #[test]
    fn a_row_per_person_with_marks_gaps_and_due() {
        let mut amy = person(
            "amy",
            &[
                ("2026-10-01", Held::Held),
                ("2026-10-08", Held::Cancelled),
                ("2026-10-22", Held::Held),
                ("2026-11-20", Held::Held),
            ],
        );
        amy.name = Some("Amy <b>Lee</b>".into());
        amy.items = vec![item(
            "@me <script>x</script>",
            Some("me"),
            vec![item("sub-step", None, Vec::new())],
        )];
        let index = Index {
            people: vec![amy, person("bo", &[])],
            problems: Vec::new(),
        };
        let page = render(&index, &Directory::default(), "me", d("2026-11-25")).expect("renders");
        assert_eq!(page.matches("<g class=\"timeline-row").count(), 2);
        assert!(page.contains("<g class=\"timeline-row\" data-person=\"amy\">"));
        assert_eq!(page.matches("<circle class=\"held\"").count(), 3);
        assert_eq!(page.matches("<circle class=\"missed\"").count(), 1);
        // 10-01 → 10-22 and 10-22 → 11-20 are both longer than 7 + 1 days.
        assert_eq!(page.matches("<rect class=\"gap\"").count(), 2);
        assert!(page.contains("<path class=\"due ok\""));
        assert!(page.contains("<path class=\"due never\""));
        assert!(page.contains("Amy &lt;b&gt;Lee&lt;/b&gt;"));
        assert!(!page.contains("<script>"));
        assert!(page.contains("<h3>@me (you) <span class=\"small\">2 open</span></h3>"));
        assert!(
            page.contains("<td class=\"child\">↳ sub-step</td>"),
            "owner inherited"
        );
        assert!(page.contains("<span class=\"late\">2026-11-20</span>"));
        assert!(!page.contains("http"), "nothing points to the network");
    }

    #[test]
    fn an_empty_repository_says_how_to_start() {
        let page = render(
            &Index::default(),
            &Directory::default(),
            "me",
            d("2026-11-25"),
        )
        .expect("renders");
        assert!(page.contains("oneonone new PERSON"));
        assert!(!page.contains("<svg class=\"timeline\""));
    }
}
