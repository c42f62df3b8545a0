//! Generates a deterministic, realistic notes repository for benchmarks:
//! mixed kinds and cadences, irregular dates with some people overdue,
//! carry chains with `(from DATE)` items, done and dropped items, owners,
//! tags, cancelled meetings and paragraphs of prose.
//!
//! `cargo run --release --example gen_corpus -- DIR PEOPLE NOTES_PER_PERSON [SEED]`

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use chrono::{Days, NaiveDate};

const KINDS: [(&str, &str, u64); 6] = [
    ("direct-report", "weekly", 7),
    ("direct-report", "weekly", 7),
    ("peer", "biweekly", 14),
    ("mentee", "monthly", 30),
    ("skip-level", "quarterly", 91),
    ("cross-functional", "monthly", 30),
];

const WORDS: &[&str] = &[
    "roadmap",
    "migration",
    "review",
    "latency",
    "hiring",
    "design",
    "incident",
    "budget",
    "onboarding",
    "release",
    "feedback",
    "promotion",
    "offsite",
    "dashboard",
    "customer",
    "planning",
    "estimate",
    "refactor",
    "on-call",
    "handover",
    "metrics",
    "goals",
    "training",
    "conference",
    "architecture",
    "dependency",
    "retro",
    "launch",
    "priorities",
    "workload",
];

const VERBS: &[&str] = &[
    "Draft",
    "Review",
    "Send",
    "Book",
    "Write up",
    "Follow up on",
    "Schedule",
    "Share",
    "Prepare",
    "Ask about",
    "Summarise",
    "Fix",
];

/// Small, fast, deterministic: the same seed gives the same corpus everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[usize::try_from(self.below(items.len() as u64)).unwrap_or(0)]
    }
}

struct Open {
    text: String,
    origin: NaiveDate,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let parsed = match args.as_slice() {
        [dir, people, notes, rest @ ..] if rest.len() <= 1 => (
            dir,
            people.parse::<usize>(),
            notes.parse::<usize>(),
            rest.first().map_or(Ok(42), |s| s.parse::<u64>()),
        ),
        _ => {
            eprintln!("usage: gen_corpus DIR PEOPLE NOTES_PER_PERSON [SEED]");
            return ExitCode::from(2);
        }
    };
    let (dir, Ok(people), Ok(notes), Ok(seed)) = parsed else {
        eprintln!("gen_corpus: PEOPLE, NOTES_PER_PERSON and SEED are whole numbers");
        return ExitCode::from(2);
    };
    match generate(Path::new(dir), people, notes, seed) {
        Ok(bytes) => {
            eprintln!(
                "wrote {} notes ({} MB) to {dir}",
                people * notes,
                bytes / 1_000_000
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen_corpus: {e}");
            ExitCode::from(2)
        }
    }
}

pub fn generate(dir: &Path, people: usize, notes: usize, seed: u64) -> std::io::Result<usize> {
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap_or_default();
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut total = 0;
    for p in 0..people {
        let person = format!("person-{p:04}");
        let folder = dir.join(&person);
        std::fs::create_dir_all(&folder)?;
        let (kind, cadence, interval) =
            KINDS[usize::try_from(rng.below(KINDS.len() as u64)).unwrap_or(0)];
        let dates = meeting_dates(&mut rng, today, interval, notes);
        let mut open: Vec<Open> = Vec::new();
        let mut previous = None;
        for date in dates {
            let text = note(
                &mut rng,
                &person,
                (kind, cadence, interval),
                (date, previous),
                &mut open,
            );
            previous = Some(date);
            total += text.len();
            std::fs::write(folder.join(format!("{date}.md")), text)?;
        }
    }
    Ok(total)
}

/// Oldest first, strictly increasing; a fifth of people are behind, and
/// now and then a meeting is skipped for a few intervals.
fn meeting_dates(rng: &mut Rng, today: NaiveDate, interval: u64, count: usize) -> Vec<NaiveDate> {
    let behind = if rng.chance(20) { interval * 2 } else { 0 };
    let mut date = today - Days::new(rng.below(interval) + behind);
    let mut dates = Vec::with_capacity(count);
    for _ in 0..count {
        dates.push(date);
        let skip = if rng.chance(4) {
            interval * 3
        } else {
            interval
        };
        let jitter = rng.below(interval / 7 + 2);
        date = date - Days::new(skip + jitter - (interval / 14).min(jitter));
    }
    dates.reverse();
    dates
}

/// A note as `new` writes it: every open item carried from the note
/// before (`carried_from:` says which), some ticked or dropped.
fn note(
    rng: &mut Rng,
    person: &str,
    (kind, cadence, interval): (&str, &str, u64),
    (date, previous): (NaiveDate, Option<NaiveDate>),
    open: &mut Vec<Open>,
) -> String {
    let mut out = String::with_capacity(1200);
    let status = if rng.chance(5) { "cancelled" } else { "held" };
    let duration = if interval <= 7 { 30 } else { 60 };
    let tag = rng.pick(WORDS);
    let _ = write!(
        out,
        "---\nperson: {person}\nname: Person {}\ndate: {date}\nkind: {kind}\ncadence: {cadence}\nduration: {duration}\nstatus: {status}\ntags: [{tag}]\n{}---\n\n# 1:1 with Person {} — {date}\n\n## Carried over\n",
        &person[7..],
        previous.map_or_else(String::new, |p| format!("carried_from: {p}\n")),
        &person[7..]
    );
    let mut still_open = Vec::new();
    for item in open.drain(..) {
        let mark = match rng.below(100) {
            0..=39 => 'x',
            40..=44 => '-',
            _ => ' ',
        };
        let _ = writeln!(out, "- [{mark}] {} (from {})", item.text, item.origin);
        if mark == ' ' {
            still_open.push(item);
        }
    }
    out.push_str("\n## Agenda\n");
    for _ in 0..=rng.below(3) {
        let _ = writeln!(out, "- {} and {}", rng.pick(WORDS), rng.pick(WORDS));
    }
    out.push_str("\n## Notes\n");
    for _ in 0..=rng.below(2) {
        out.push_str(&paragraph(rng));
        out.push_str("\n\n");
    }
    out.push_str("## Action items\n");
    for _ in 0..=rng.below(3) {
        let owner = if rng.chance(50) { "me" } else { person };
        let mut text = format!(
            "@{owner} {} the {} {}",
            rng.pick(VERBS),
            rng.pick(WORDS),
            rng.pick(WORDS)
        );
        if rng.chance(20) {
            let _ = write!(text, " due:{}", date + Days::new(rng.below(21) + 1));
        }
        let done = rng.chance(10);
        let _ = writeln!(out, "- [{}] {text}", if done { 'x' } else { ' ' });
        if !done {
            still_open.push(Open { text, origin: date });
        }
    }
    *open = still_open;
    out
}

fn paragraph(rng: &mut Rng) -> String {
    let mut p = String::new();
    for s in 0..=rng.below(3) {
        if s > 0 {
            p.push(' ');
        }
        let words = 8 + rng.below(10);
        for w in 0..words {
            let word = rng.pick(WORDS);
            if w == 0 {
                let mut chars = word.chars();
                if let Some(first) = chars.next() {
                    p.extend(first.to_uppercase());
                    p.push_str(chars.as_str());
                }
            } else {
                p.push(' ');
                p.push_str(word);
            }
        }
        p.push('.');
    }
    p
}
