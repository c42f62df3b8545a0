//! `oneonone status`: where everyone stands against their cadence today.

use chrono::NaiveDate;
use serde::Serialize;

use super::{Style, Table, cell};
use crate::model::cadence::{Cadence, Kind};
use crate::model::person::Summary;
use crate::plan::cadence::{self, Rhythm, State};

/// The whole status report, as printed by `status --json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Status {
    pub today: NaiveDate,
    /// Most urgent first (see [`sort`]).
    pub people: Vec<Row>,
}

/// One person's line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    /// The repository, when several are shown in one table.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repo: Option<String>,
    pub person: String,
    /// Display name, else the id.
    pub name: String,
    pub kind: Kind,
    pub cadence: Cadence,
    /// Date of the last held meeting.
    pub last: Option<NaiveDate>,
    pub next_due: Option<NaiveDate>,
    /// `today - next_due`: negative is days left, positive days overdue.
    pub days: Option<i64>,
    pub state: State,
    /// Open items, each deduplicated item counted once, children included.
    pub open_actions: usize,
    /// Age of the oldest open item: `today - origin`.
    pub oldest_open_days: Option<i64>,
    /// The next note dated after today: a meeting being prepared.
    pub planned: Option<NaiveDate>,
    /// The last day of the pause today falls in; `None` when not paused.
    pub paused_until: Option<NaiveDate>,
    /// Why, when the pause says.
    #[serde(skip)]
    pub pause_reason: Option<String>,
}

pub fn status(people: &[Summary], today: NaiveDate) -> Status {
    let mut people: Vec<Row> = people.iter().map(|p| row(p, today)).collect();
    sort(&mut people);
    Status { today, people }
}

/// Several repositories' status in one table, each row saying whose
/// repository it is (`repo`), most urgent first across all of them.
pub fn merged(reports: Vec<(String, Status)>, today: NaiveDate) -> Status {
    let mut people: Vec<Row> = reports
        .into_iter()
        .flat_map(|(repo, status)| {
            status.people.into_iter().map(move |row| Row {
                repo: Some(repo.clone()),
                ..row
            })
        })
        .collect();
    sort(&mut people);
    Status { today, people }
}

pub fn row(person: &Summary, today: NaiveDate) -> Row {
    let last = person.last_held;
    let rhythm = Rhythm::of_summary(person);
    let standing = rhythm.standing(today);
    let pause_reason = standing
        .paused_until
        .and_then(|_| cadence::pause_on(&person.pauses, rhythm.held(), today))
        .and_then(|p| p.reason.clone());
    Row {
        repo: None,
        person: person.id.clone(),
        name: person.display_name().to_owned(),
        kind: person.kind,
        cadence: person.cadence,
        last,
        next_due: standing.next_due,
        days: standing.days,
        state: standing.state,
        open_actions: person.open_items,
        oldest_open_days: person.oldest_open.map(|origin| (today - origin).num_days()),
        planned: person.planned,
        paused_until: standing.paused_until,
        pause_reason,
    }
}

/// Most urgent state first, then the most days overdue, then by id so the
/// order never depends on how the folder was read.
pub fn sort(rows: &mut [Row]) {
    rows.sort_by(|a, b| {
        a.state
            .urgency()
            .cmp(&b.state.urgency())
            .then_with(|| b.days.cmp(&a.days))
            .then_with(|| a.person.cmp(&b.person))
            .then_with(|| a.repo.cmp(&b.repo))
    });
}

impl Status {
    pub fn count(&self, state: State) -> usize {
        self.people.iter().filter(|r| r.state == state).count()
    }

    /// `5 people: 1 overdue, 1 due, 2 ok, 1 paused` (states with nobody in
    /// them are left out).
    pub fn summary(&self) -> String {
        let n = self.people.len();
        let counts: Vec<String> = [
            State::Overdue,
            State::Due,
            State::Never,
            State::Ok,
            State::Paused,
        ]
        .into_iter()
        .filter_map(|s| match self.count(s) {
            0 => None,
            c => Some(format!("{c} {s}")),
        })
        .collect();
        let noun = if n == 1 { "person" } else { "people" };
        format!("{n} {noun}: {}", counts.join(", "))
    }

    /// `erin is paused until 2027-01-31 (parental leave)`, a line for each
    /// person paused today.
    pub fn pauses(&self) -> Vec<String> {
        self.people
            .iter()
            .filter_map(|r| {
                let until = r.paused_until?;
                let why = r
                    .pause_reason
                    .as_ref()
                    .map_or_else(String::new, |why| format!(" ({why})"));
                // Over several repositories, which one's `erin`.
                let repo = r
                    .repo
                    .as_ref()
                    .map_or_else(String::new, |repo| format!("{repo}: "));
                Some(format!("{repo}{} is paused until {until}{why}", r.person))
            })
            .collect()
    }
}

/// ANSI colour of a state in tables.
pub fn state_color(state: State) -> &'static str {
    match state {
        State::Overdue => "31",
        State::Due => "33",
        State::Ok => "32",
        State::Never | State::Paused => "2",
    }
}

/// The table and its summary line, or how to start when nobody is there yet.
pub fn render_text(status: &Status, style: Style) -> String {
    if status.people.is_empty() {
        return super::NO_PEOPLE.to_owned();
    }
    // The planned column only when someone has a meeting being prepared.
    let planned = status.people.iter().any(|r| r.planned.is_some());
    let repos = status.people.iter().any(|r| r.repo.is_some());
    let mut headers = vec![
        "person", "name", "kind", "cadence", "last", "next due", ">days", "state", ">open",
        ">oldest",
    ];
    if repos {
        headers.insert(0, "repo");
    }
    if planned {
        headers.push("planned");
    }
    let mut table = Table::new(&headers);
    for r in &status.people {
        let mut row = vec![
            cell(&r.person),
            cell(&r.name),
            cell(&r.kind),
            cell(&r.cadence),
            cell(&optional(r.last)),
            cell(&optional(r.next_due)),
            cell(&r.days.map_or_else(|| "-".to_owned(), signed)),
            (r.state.to_string(), state_color(r.state)),
            cell(&r.open_actions),
            cell(&optional(r.oldest_open_days)),
        ];
        if planned {
            row.push(cell(&optional(r.planned)));
        }
        if repos {
            row.insert(0, cell(&optional(r.repo.as_deref())));
        }
        table.row(row);
    }
    let mut out = format!("{}\n{}\n", table.render(style), status.summary());
    for line in status.pauses() {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// `+12` days overdue, `-6` days left, `0` due today.
pub fn signed(days: i64) -> String {
    if days > 0 {
        format!("+{days}")
    } else {
        days.to_string()
    }
}

pub fn optional(value: Option<impl ToString>) -> String {
    value.map_or_else(|| "-".to_owned(), |v| v.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::index::Index;
    use crate::model::item::ItemState;
    use crate::model::note::NoteName;
    use crate::model::note::Status as Held;
    use crate::model::person::{Meeting, Pause, Person, TrackedItem};
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("valid test date")
    }

    fn meeting(date: NaiveDate, status: Held) -> Meeting {
        Meeting::on(date, status)
    }

    fn item(text: &str, origin: &str, state: ItemState, children: Vec<TrackedItem>) -> TrackedItem {
        let origin = d(origin);
        TrackedItem {
            text: text.into(),
            owner: None,
            due: None,
            origin,
            state,
            how: None,
            closed: None,
            carried: 0,
            note: NoteName {
                date: origin,
                seq: 1,
            },
            line: 1,
            private: false,
            children,
        }
    }

    fn person(id: &str, cadence: Cadence, held: &[&str]) -> Person {
        Person::held_on(id, cadence, held)
    }

    fn ids(status: &Status) -> Vec<(&str, State, Option<i64>)> {
        status
            .people
            .iter()
            .map(|r| (r.person.as_str(), r.state, r.days))
            .collect()
    }

    #[test]
    fn sorted_by_urgency_then_days_overdue_then_id() {
        let weekly = Cadence::Days(7);
        let mut paused = person("erin", weekly, &["2026-09-01"]);
        paused.pauses = vec![Pause {
            from: None,
            until: d("2027-01-31"),
            reason: Some("parental leave".into()),
        }];
        let index = Index {
            people: vec![
                person("zed", weekly, &["2026-11-01"]),
                person("amy", weekly, &["2026-11-10"]),
                paused,
                person("ann", weekly, &[]),
                person("bea", weekly, &["2026-11-24"]),
                person("abe", weekly, &[]),
                person("cat", weekly, &["2026-11-17"]),
                person("dan", weekly, &["2026-11-18"]),
                person("eve", weekly, &["2026-11-20"]),
            ],
            problems: Vec::new(),
        };
        let status = status(&index.summaries(), d("2026-11-25"));
        let expected = [
            ("zed", State::Overdue, Some(17)),
            ("amy", State::Overdue, Some(8)),
            ("cat", State::Due, Some(1)),
            ("dan", State::Due, Some(0)),
            ("abe", State::Never, None),
            ("ann", State::Never, None),
            ("eve", State::Ok, Some(-2)),
            ("bea", State::Ok, Some(-6)),
            // Due the day after the pause: 2027-02-01.
            ("erin", State::Paused, Some(-68)),
        ];
        assert_eq!(ids(&status), expected);
        assert_eq!(
            status.summary(),
            "9 people: 2 overdue, 2 due, 2 never, 2 ok, 1 paused"
        );
        let erin = &status.people[8];
        assert_eq!(erin.paused_until, Some(d("2027-01-31")));
        assert!(status.people[..8].iter().all(|r| r.paused_until.is_none()));
        assert_eq!(
            status.pauses(),
            ["erin is paused until 2027-01-31 (parental leave)"]
        );
        let text = render_text(&status, Style { color: false });
        assert!(
            text.ends_with("1 paused\nerin is paused until 2027-01-31 (parental leave)\n"),
            "{text}"
        );
    }

    #[test]
    fn cancelled_meetings_do_not_reset_the_clock() {
        let mut bob = person("bob", Cadence::Days(14), &["2026-11-10"]);
        bob.meetings.push(meeting(d("2026-11-24"), Held::Cancelled));
        let r = row(&bob.summary(), d("2026-11-25"));
        assert_eq!(r.last, Some(d("2026-11-10")));
        assert_eq!((r.state, r.days), (State::Due, Some(1)));
    }

    #[test]
    fn open_items_count_children_once_and_age_from_origin() {
        let mut p = person("alice", Cadence::Days(7), &["2026-11-24"]);
        p.name = Some("Alice Smith".into());
        p.items = vec![
            item(
                "parent",
                "2026-11-17",
                ItemState::Open,
                vec![
                    item("done child", "2026-11-17", ItemState::Done, Vec::new()),
                    item("open child", "2026-11-17", ItemState::Open, Vec::new()),
                ],
            ),
            item("old", "2026-10-27", ItemState::Open, Vec::new()),
            item("dropped", "2026-09-01", ItemState::Cancelled, Vec::new()),
        ];
        let r = row(&p.summary(), d("2026-11-25"));
        assert_eq!(r.name, "Alice Smith");
        assert_eq!((r.open_actions, r.oldest_open_days), (3, Some(29)));
        let none = row(
            &person("bob", Cadence::Days(7), &[]).summary(),
            d("2026-11-25"),
        );
        assert_eq!(none.name, "bob");
        assert_eq!((none.open_actions, none.oldest_open_days), (0, None));
    }

    #[test]
    fn json_shape() {
        let mut p = person("carol", Cadence::Months(1), &["2026-10-13"]);
        p.kind = Kind::Mentee;
        let json = serde_json::to_value(status(
            &[p.summary(), person("dan", Cadence::Days(7), &[]).summary()],
            d("2026-11-25"),
        ))
        .unwrap();
        let expected = serde_json::json!({
            "today": "2026-11-25",
            "people": [
                {"person": "carol", "name": "carol", "kind": "mentee", "cadence": "monthly",
                 "last": "2026-10-13", "next_due": "2026-11-13", "days": 12, "state": "overdue",
                 "open_actions": 0, "oldest_open_days": null, "planned": null,
                 "paused_until": null},
                {"person": "dan", "name": "dan", "kind": "direct-report", "cadence": "weekly",
                 "last": null, "next_due": null, "days": null, "state": "never",
                 "open_actions": 0, "oldest_open_days": null, "planned": null,
                 "paused_until": null},
            ]
        });
        assert_eq!(json, expected);
    }

    #[test]
    fn text_has_table_summary_and_colour_only_when_asked() {
        let index = Index {
            people: vec![
                person("amy", Cadence::Days(7), &["2026-11-01"]),
                person("bea", Cadence::Days(7), &["2026-11-24"]),
            ],
            problems: Vec::new(),
        };
        let status = status(&index.summaries(), d("2026-11-25"));
        let plain = render_text(&status, Style { color: false });
        assert!(!plain.contains('\x1b'));
        assert!(plain.ends_with("\n2 people: 1 overdue, 1 ok\n"), "{plain}");
        assert!(plain.contains("+17  overdue"), "{plain}");
        let coloured = render_text(&status, Style { color: true });
        assert!(coloured.contains("\x1b[31moverdue\x1b[0m"));
        assert!(coloured.contains("\x1b[32mok\x1b[0m"));
        let empty = render_text(
            &Status {
                today: status.today,
                people: Vec::new(),
            },
            Style { color: false },
        );
        assert!(empty.contains("oneonone new PERSON"));
    }

    fn any_history() -> impl Strategy<Value = (Vec<i64>, Cadence, Option<u32>, i64)> {
        let cadence = prop_oneof![
            (1..=60u32).prop_map(Cadence::Days),
            (1..=12u32).prop_map(Cadence::Months),
        ];
        (
            proptest::collection::vec(0..1000i64, 0..12),
            cadence,
            proptest::option::of(0..30u32),
            0..1200i64,
        )
    }

    proptest! {
        /// The row agrees with the cadence rules spelled out independently:
        /// next due is one interval after the latest held meeting, and the
        /// state follows from how far today is past it.
        #[test]
        fn row_follows_the_cadence_rules((offsets, cadence, grace, today) in any_history()) {
            let base = d("2024-01-01");
            let days = |n: i64| base + chrono::Duration::days(n);
            let mut p = person("p", cadence, &[]);
            p.grace = grace;
            p.meetings = offsets.iter().map(|&n| meeting(days(n), Held::Held)).collect();
            p.meetings.sort_by_key(|m| m.name);
            let today = days(today);
            let r = row(&p.summary(), today);
            let last = offsets.iter().max().map(|&n| days(n));
            prop_assert_eq!(r.last, last);
            prop_assert_eq!(r.next_due, last.map(|l| cadence.after(l, 1)));
            let grace = i64::from(grace.unwrap_or_else(|| cadence.default_grace()));
            let expected = match r.next_due {
                None => State::Never,
                Some(due) if today < due => State::Ok,
                Some(due) if today <= due + chrono::Duration::days(grace) => State::Due,
                Some(_) => State::Overdue,
            };
            prop_assert_eq!(r.state, expected);
            prop_assert_eq!(r.days, r.next_due.map(|due| (today - due).num_days()));
            let s = Rhythm::of(&p).standing(today);
            prop_assert_eq!((r.state, r.next_due, r.days), (s.state, s.next_due, s.days));
        }

        /// With pauses too, the summary `status` reads (the last meeting
        /// only) stands where the whole history does.
        #[test]
        fn summary_and_history_agree_with_pauses(
            (offsets, cadence, grace, today) in any_history(),
            pauses in proptest::collection::vec(
                (proptest::option::of(0..1200i64), 0..1200i64), 0..4),
        ) {
            // History holds meetings up to today only.
            let today = offsets.iter().copied().fold(today, i64::max);
            let base = d("2024-01-01");
            let days = |n: i64| base + chrono::Duration::days(n);
            let mut p = person("p", cadence, &[]);
            p.grace = grace;
            p.meetings = offsets.iter().map(|&n| meeting(days(n), Held::Held)).collect();
            p.meetings.sort_by_key(|m| m.name);
            p.pauses = pauses
                .iter()
                .map(|&(from, until)| Pause { from: from.map(days), until: days(until), reason: None })
                .collect();
            let today = days(today);
            let r = row(&p.summary(), today);
            let s = Rhythm::of(&p).standing(today);
            prop_assert_eq!(
                (r.state, r.next_due, r.days, r.paused_until),
                (s.state, s.next_due, s.days, s.paused_until)
            );
            if let (Some(due), Some(last)) = (r.next_due, r.last) {
                prop_assert!(due >= cadence.after(last, 1));
            }
            // Never overdue while paused, and due, not overdue, the day
            // after a pause the due date ran into.
            if r.state == State::Paused {
                prop_assert!(r.paused_until.is_some_and(|u| u >= today));
            }
        }
    }
}
