//! The Markdown dashboard that `oneonone watch --dashboard` keeps current:
//! the status table, everyone's open action items with links to where they
//! were last seen, the cadence gaps, and any file that could not be read.
//!
//! Pure: the same index and day always give the same bytes, so the watcher
//! can skip writing when nothing changed.

use std::fmt::Write as _;
use std::path::Path;

use chrono::NaiveDate;

use super::gaps;
use super::status::{self, optional, signed};
use crate::model::index::Index;
use crate::model::person::{Person, TrackedItem};
use crate::plan::cadence::State;

/// Renders the dashboard, without any private item. `links` is the way from the dashboard's folder to
/// the repository root (empty when the dashboard sits in the root), so the
/// `path:line` links open from wherever the file is viewed.
pub fn render(index: &Index, today: NaiveDate, links: &Path) -> String {
    // A dashboard is often kept in a shared place: nothing private goes in.
    let index = &*super::shared(index);
    let report = status::status(&index.summaries(), today);
    let mut out = String::from("# 1:1 dashboard\n\n");
    if report.people.is_empty() {
        let _ = writeln!(
            out,
            "As of {today}: no people yet. Start with `oneonone new PERSON`."
        );
        problems(&mut out, index);
        return out;
    }
    let _ = writeln!(out, "As of {today}: {}.\n", report.summary());

    out.push_str("## Status\n\n");
    out.push_str(
        "| person | name | kind | cadence | last | next due | days | state | open | oldest |\n",
    );
    out.push_str("|---|---|---|---|---|---|--:|---|--:|--:|\n");
    for r in &report.people {
        let state = match r.state {
            State::Overdue | State::Due => format!("**{}**", r.state),
            _ => r.state.to_string(),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {state} | {} | {} |",
            cell(&r.person),
            cell(&r.name),
            r.kind,
            r.cadence,
            optional(r.last),
            optional(r.next_due),
            r.days.map_or_else(|| "-".to_owned(), signed),
            r.open_actions,
            optional(r.oldest_open_days),
        );
    }

    let pauses = report.pauses();
    if !pauses.is_empty() {
        out.push('\n');
        for line in pauses {
            let _ = writeln!(out, "{}.", cell(&line));
        }
    }

    out.push_str("\n## Open action items\n");
    let mut any = false;
    for r in report.people.iter().filter(|r| r.open_actions > 0) {
        let Some(person) = index.person(&r.person) else {
            continue;
        };
        any = true;
        let _ = writeln!(out, "\n### {} · {} open\n", heading(person), r.open_actions);
        open_items(&mut out, person, &person.items, 0, today, links);
    }
    if !any {
        out.push_str("\nNothing open.\n");
    }

    out.push_str("\n## Gaps\n\n");
    out.push_str(
        "| person | cadence | adherence | held | expected | missed | gaps | longest | latest gap |\n",
    );
    out.push_str("|---|---|--:|--:|--:|--:|--:|--:|---|\n");
    for p in gaps::gaps(&index.people, None, today).people {
        let adherence = match p.since {
            Some(_) if p.expected > 0 => format!("{:.0}%", p.adherence * 100.0),
            _ => "-".to_owned(),
        };
        let latest = p.gaps.last().map_or_else(
            || "-".to_owned(),
            |g| {
                let end = if g.open {
                    "today".to_owned()
                } else {
                    g.end.to_string()
                };
                format!("{} → {end} ({} days)", g.start, g.days)
            },
        );
        let _ = writeln!(
            out,
            "| {} | {} | {adherence} | {} | {} | {} | {} | {} | {latest} |",
            cell(&p.person),
            p.cadence,
            p.held,
            p.expected,
            p.missed,
            p.gaps.len(),
            optional(p.longest_gap_days),
        );
    }
    problems(&mut out, index);
    out
}

/// `Alice Smith (alice)`, or just `alice` when there is no display name.
fn heading(person: &Person) -> String {
    match &person.name {
        Some(name) if name != &person.id => format!("{name} ({})", person.id),
        _ => person.id.clone(),
    }
}

/// Open items as a nested list; the open children of a closed parent move
/// up to the parent's level so none is hidden.
fn open_items(
    out: &mut String,
    person: &Person,
    items: &[TrackedItem],
    depth: usize,
    today: NaiveDate,
    links: &Path,
) {
    for item in items {
        if item.state.is_closed() {
            open_items(out, person, &item.children, depth, today, links);
            continue;
        }
        let age = item.age_days(today);
        let mut facts = vec![format!("{age} {}", if age == 1 { "day" } else { "days" })];
        if item.carried > 0 {
            facts.push(format!("carried {}×", item.carried));
        }
        let path = item.path(&person.id);
        let shown = format!("{}:{}", slash(&path), item.line);
        let target = format!("{}#L{}", slash(&links.join(&path)), item.line);
        let _ = writeln!(
            out,
            "{}- {} · {} · [{shown}]({})",
            "  ".repeat(depth),
            item.text,
            facts.join(", "),
            destination(&target),
        );
        open_items(out, person, &item.children, depth + 1, today, links);
    }
}

fn problems(out: &mut String, index: &Index) {
    if index.problems.is_empty() {
        return;
    }
    out.push_str(
        "\n## Problems\n\nThese files could not be read; what they said when last readable is shown above.\n\n",
    );
    for problem in &index.problems {
        let _ = writeln!(out, "- {}", problem.to_string().replace('\n', " "));
    }
}

/// A table cell: `|` would end the cell early.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// Paths in links use `/` whatever the platform.
fn slash(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// A link destination; spaces and brackets need the `<…>` form.
fn destination(target: &str) -> String {
    if target.contains([' ', '(', ')', '<', '>']) {
        format!("<{}>", target.replace('<', "%3C").replace('>', "%3E"))
    } else {
        target.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;
    use crate::model::note::NoteName;
    use crate::parse::note;
    use crate::parse::settings::Settings;
    use crate::plan::people;
    use std::path::PathBuf;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("valid test date")
    }

    fn index(notes: &[(&str, &str, &str)], problems: Vec<Error>) -> Index {
        let parsed = notes
            .iter()
            .map(|(person, file, body)| {
                let name = NoteName::parse(file).unwrap().unwrap();
                let path = PathBuf::from(person).join(file);
                let text = format!("---\nperson: {person}\ncadence: weekly\n---\n{body}");
                note::parse(&path, person, name, text.as_bytes())
            })
            .collect();
        people::index(
            &Settings::default(),
            Vec::new(),
            parsed,
            problems,
            NaiveDate::MAX,
        )
    }

    #[test]
    fn status_items_with_links_gaps_and_problems() {
        let idx = index(
            &[
                ("amy", "2026-10-01.md", "- [ ] @me send | packet\n"),
                (
                    "amy",
                    "2026-11-20.md",
                    "# x\n- [ ] @me send | packet (from 2026-10-01)\n- [x] parent\n  - [ ] orphan child\n",
                ),
                ("bo", "2026-11-24.md", "- [x] done\n"),
            ],
            vec![Error::at("cy/2026-11-01.md", 3, 7, "bad\nthing")],
        );
        let text = render(&idx, d("2026-11-25"), Path::new("../my notes"));
        assert!(text.starts_with("# 1:1 dashboard\n\nAs of 2026-11-25: 2 people: 2 ok.\n"));
        assert!(
            text.contains("| amy | amy | direct-report | weekly | 2026-11-20 | 2026-11-27 | -2 | ok | 2 | 55 |"),
            "{text}"
        );
        assert!(text.contains("\n### amy · 2 open\n\n"), "{text}");
        assert!(
            text.contains(
                "\n- @me send | packet · 55 days, carried 1× · [amy/2026-11-20.md:6](<../my notes/amy/2026-11-20.md#L6>)\n"
            ),
            "{text}"
        );
        assert!(
            text.contains("- orphan child · 5 days · [amy/2026-11-20.md:8]"),
            "{text}"
        );
        assert!(!text.contains("### bo"), "{text}");
        assert!(
            text.contains(
                "| amy | weekly | 14% | 1 | 7 | 6 | 1 | 50 | 2026-10-01 → 2026-11-20 (50 days) |"
            ),
            "{text}"
        );
        assert!(
            text.ends_with("- cy/2026-11-01.md:3:7: bad thing\n"),
            "{text}"
        );
    }

    #[test]
    fn links_from_the_root_and_an_empty_repository() {
        let idx = index(&[("amy", "2026-11-20.md", "- [ ] a\n")], Vec::new());
        let text = render(&idx, d("2026-11-25"), Path::new(""));
        assert!(
            text.contains("- a · 5 days · [amy/2026-11-20.md:5](amy/2026-11-20.md#L5)\n"),
            "{text}"
        );
        assert!(!text.contains("## Problems"));
        let empty = render(&Index::default(), d("2026-11-25"), Path::new(""));
        assert_eq!(
            empty,
            "# 1:1 dashboard\n\nAs of 2026-11-25: no people yet. Start with `oneonone new PERSON`.\n"
        );
    }

    #[test]
    fn cells_and_destinations_are_escaped() {
        assert_eq!(cell("a|b\nc"), "a\\|b c");
        assert_eq!(destination("a/b.md#L1"), "a/b.md#L1");
        assert_eq!(destination("my notes/<b>.md"), "<my notes/%3Cb%3E.md>");
    }

    #[test]
    fn the_same_index_renders_the_same_bytes() {
        let idx = index(&[("amy", "2026-11-20.md", "- [ ] a\n")], Vec::new());
        let a = render(&idx, d("2026-11-25"), Path::new(""));
        assert_eq!(a, render(&idx, d("2026-11-25"), Path::new("")));
        assert_ne!(a, render(&idx, d("2026-11-26"), Path::new("")));
    }
}
