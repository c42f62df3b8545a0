//! `oneonone pause` and `resume`: record a stretch without 1:1s (leave, a
//! sabbatical, a paused mentorship) in `.oneonone.yaml`, as history under
//! `people.ID.pauses`. What a pause means for who is due is decided where
//! cadences are; here pauses are only written, and checked before they are.

use chrono::{Days, NaiveDate};

use crate::error::{Error, Result};
use crate::io::people;
use crate::io::repo::Repo;
use crate::io::settings_edit;
use crate::io::store;
use crate::parse::settings::{PauseSetting, PersonSettings, Settings};
use crate::parse::settings_edit as edit;

/// What the user asked `pause` for.
#[derive(Debug, Clone)]
pub struct PauseOptions {
    pub person: String,
    /// The first day without 1:1s; today when not given.
    pub from: Option<NaiveDate>,
    /// The last day without 1:1s.
    pub until: NaiveDate,
    pub reason: Option<String>,
}

/// A pause as recorded: whose, and the pause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paused {
    pub id: String,
    pub pause: PauseSetting,
}

/// What `resume` did to the pause going on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resumed {
    /// It now ends on `until` (yesterday) and stays as history; `pause` is
    /// how it was recorded.
    Ended {
        id: String,
        pause: PauseSetting,
        until: NaiveDate,
    },
    /// It started today, so it is gone, as if never recorded.
    Removed { id: String, pause: PauseSetting },
}

/// Records a pause for the person `opts.person` names. Refused when it
/// ends before it starts, or overlaps a pause already recorded.
pub fn pause(repo: &Repo, opts: &PauseOptions, today: NaiveDate) -> Result<Paused> {
    let from = opts.from.unwrap_or(today);
    if opts.until < from {
        return Err(Error::usage(format!(
            "--until {} is before the pause starts ({from})",
            opts.until
        )));
    }
    let reason = match opts.reason.as_deref().map(str::trim) {
        Some(r) if r.chars().any(char::is_control) => {
            return Err(Error::usage(
                "the reason must be one line, without control characters",
            ));
        }
        Some("") | None => None,
        Some(r) => Some(r.to_owned()),
    };
    let _lock = store::Lock::acquire(&repo.root)?;
    let id = people::resolve(repo, &opts.person, today)?.id;
    let current = settings_edit::read(&repo.root)?;
    let own = current.settings.person(&id).cloned().unwrap_or_default();
    let pause = PauseSetting {
        from: Some(from),
        until: opts.until,
        reason,
    };
    if let Some(other) = recorded(&own).into_iter().find(|p| overlaps(p, &pause)) {
        return Err(Error::usage(format!(
            "{id} is already paused {}; change that pause in .oneonone.yaml, or `oneonone \
             resume {id}` first",
            describe(&other)
        )));
    }
    let mut expected = current.settings.clone();
    person_mut(&mut expected, &id).pauses.push(pause.clone());
    let text = edit::add_pause(&current.text, &id, &pause);
    let by_hand = format!("people:\n  {id}:\n    pauses:\n      - {}", flow(&pause));
    current.check(text, &expected, &by_hand)?.write()?;
    Ok(Paused { id, pause })
}

/// Ends the pause going on today for the person `person` names, so they
/// are due again from today: it now ends yesterday. A pause that began
/// today is removed instead. Refused when no pause is going on.
pub fn resume(repo: &Repo, person: &str, today: NaiveDate) -> Result<Resumed> {
    let _lock = store::Lock::acquire(&repo.root)?;
    let id = people::resolve(repo, person, today)?.id;
    let current = settings_edit::read(&repo.root)?;
    let own = current.settings.person(&id).cloned().unwrap_or_default();
    let yesterday = today.checked_sub_days(Days::new(1)).unwrap_or(today);
    let listed = own
        .pauses
        .iter()
        .position(|p| p.from.is_none_or(|from| from <= today) && today <= p.until);
    let mut expected = current.settings.clone();
    let paused_until = own.paused_until.filter(|until| today <= *until);
    let (text, resumed, by_hand) = match (listed, paused_until) {
        (Some(at), _) if own.pauses[at].from == Some(today) => {
            person_mut(&mut expected, &id).pauses.remove(at);
            (
                edit::remove_pause(&current.text, &id, at),
                Resumed::Removed {
                    id: id.clone(),
                    pause: own.pauses[at].clone(),
                },
                format!("remove `{}` from people.{id}.pauses", flow(&own.pauses[at])),
            )
        }
        (Some(at), _) => {
            person_mut(&mut expected, &id).pauses[at].until = yesterday;
            (
                edit::end_pause(&current.text, &id, at, yesterday),
                Resumed::Ended {
                    id: id.clone(),
                    pause: own.pauses[at].clone(),
                    until: yesterday,
                },
                format!(
                    "in people.{id}.pauses, make `{}` end `until: {yesterday}`",
                    flow(&own.pauses[at])
                ),
            )
        }
        (None, Some(until)) => {
            person_mut(&mut expected, &id).paused_until = Some(yesterday);
            (
                edit::set_paused_until(&current.text, &id, yesterday),
                Resumed::Ended {
                    id: id.clone(),
                    pause: PauseSetting {
                        from: None,
                        until,
                        reason: None,
                    },
                    until: yesterday,
                },
                format!("people:\n  {id}:\n    paused_until: {yesterday}"),
            )
        }
        (None, None) => {
            let next = recorded(&own)
                .into_iter()
                .filter(|p| p.from.is_some_and(|from| from > today))
                .min_by_key(|p| p.from);
            let later = next.map_or_else(String::new, |p| {
                format!("; a pause is recorded {}", describe(&p))
            });
            return Err(Error::usage(format!("{id} is not paused today{later}")));
        }
    };
    current.check(text, &expected, &by_hand)?.write()?;
    Ok(resumed)
}

/// Every pause recorded for a person, `paused_until` as one with no start.
fn recorded(own: &PersonSettings) -> Vec<PauseSetting> {
    own.pauses
        .iter()
        .cloned()
        .chain(own.paused_until.map(|until| PauseSetting {
            from: None,
            until,
            reason: None,
        }))
        .collect()
}

/// Whether two pauses share a day; no start means since ever.
fn overlaps(a: &PauseSetting, b: &PauseSetting) -> bool {
    let starts_after = |x: &PauseSetting, y: &PauseSetting| x.from.is_some_and(|f| f > y.until);
    !starts_after(a, b) && !starts_after(b, a)
}

/// `from 2026-11-01 until 2027-01-31 (leave)`.
pub fn describe(pause: &PauseSetting) -> String {
    let from = pause
        .from
        .map_or_else(String::new, |f| format!("from {f} "));
    let reason = pause
        .reason
        .as_ref()
        .map_or_else(String::new, |r| format!(" ({r})"));
    format!("{from}until {}{reason}", pause.until)
}

/// The pause as a one-line YAML mapping, for the user to copy.
fn flow(pause: &PauseSetting) -> String {
    let mut parts = Vec::new();
    if let Some(from) = pause.from {
        parts.push(format!("from: {from}"));
    }
    parts.push(format!("until: {}", pause.until));
    if let Some(reason) = &pause.reason {
        parts.push(format!(
            "reason: \"{}\"",
            reason.replace('\\', "\\\\").replace('"', "\\\"")
        ));
    }
    format!("{{{}}}", parts.join(", "))
}

fn person_mut<'a>(settings: &'a mut Settings, id: &str) -> &'a mut PersonSettings {
    settings.people.entry(id.to_owned()).or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        crate::model::date::parse_date(s).unwrap()
    }

    fn p(from: Option<&str>, until: &str) -> PauseSetting {
        PauseSetting {
            from: from.map(day),
            until: day(until),
            reason: None,
        }
    }

    #[test]
    fn overlapping_pauses() {
        let leave = p(Some("2026-11-01"), "2026-11-30");
        assert!(overlaps(&leave, &p(Some("2026-11-30"), "2026-12-31")));
        assert!(overlaps(&leave, &p(Some("2026-10-01"), "2026-11-01")));
        assert!(!overlaps(&leave, &p(Some("2026-12-01"), "2026-12-31")));
        assert!(!overlaps(&leave, &p(Some("2026-10-01"), "2026-10-31")));
        assert!(overlaps(&leave, &p(None, "2026-11-01")));
        assert!(!overlaps(&leave, &p(None, "2026-10-31")));
    }

    #[test]
    fn pauses_read_as_typed() {
        let mut leave = p(Some("2026-11-01"), "2027-01-31");
        assert_eq!(describe(&leave), "from 2026-11-01 until 2027-01-31");
        leave.reason = Some("say \"hi\"".into());
        assert_eq!(
            flow(&leave),
            "{from: 2026-11-01, until: 2027-01-31, reason: \"say \\\"hi\\\"\"}"
        );
    }
}
