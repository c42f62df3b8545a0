//! `oneonone new`: the next meeting note, made from a template with the
//! open items carried forward and the queued topics on its agenda.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::io::people::{self, Found};
use crate::io::repo::Repo;
use crate::io::store::{self, Created};
use crate::io::{git, load, template, topics};
use crate::model::cadence::{Cadence, Kind};
use crate::model::item::normalise;
use crate::model::note::{Note, NoteName};
use crate::model::person::person_arg;
use crate::parse::{frontmatter, note};
use crate::plan::carry::{self, Carried};

/// What the user asked `new` for.
// Each flag is one independent switch on the command line.
#[allow(clippy::struct_excessive_bools)]
#[derive(Debug, Clone, Default)]
pub struct NewOptions {
    pub person: String,
    pub date: Option<NaiveDate>,
    pub kind: Option<Kind>,
    pub cadence: Option<Cadence>,
    pub template: Option<String>,
    pub another: bool,
    pub no_carry: bool,
    /// Commit the new note with git (also `commit_on_new` in settings).
    pub commit: bool,
    /// Start notes with a new person even when the name is near someone's.
    pub create: bool,
}

/// What `new` did.
#[derive(Debug)]
pub struct NewOutcome {
    /// The note, relative to the repository root.
    pub path: PathBuf,
    /// False when the note for that date already existed and was left alone.
    pub created: bool,
    pub carried: usize,
    pub topics: usize,
    /// The note was created and is to be committed (`--commit`,
    /// `commit_on_new`): by [`commit`], once the user has written it.
    pub to_commit: bool,
    /// Earlier notes that could not be read, so carried nothing.
    pub skipped: Vec<Error>,
    /// The note starts a person nobody knew: their id and the name typed.
    pub new_person: Option<(String, Option<String>)>,
    /// Private items the template carried into a part of the note that is
    /// not private (one made before templates had a private section).
    pub exposed: Vec<String>,
}

#[derive(Serialize)]
struct Context<'a> {
    person: &'a str,
    name: &'a str,
    date: String,
    kind: &'static str,
    cadence: String,
    duration: u32,
    me: &'a str,
    carried: Vec<CarriedContext>,
    topics: &'a [String],
    previous: Option<Previous>,
    meeting_number: usize,
    days_since_last: Option<i64>,
}

#[derive(Serialize)]
struct CarriedContext {
    text: String,
    owner: Option<String>,
    due: Option<String>,
    origin: String,
    /// From a private part: the built-in templates carry it into theirs.
    private: bool,
    children: Vec<CarriedContext>,
    markdown: String,
}

impl From<&Carried> for CarriedContext {
    fn from(c: &Carried) -> Self {
        CarriedContext {
            text: c.text.clone(),
            owner: c.owner.clone(),
            due: c.due.map(|d| d.to_string()),
            origin: c.origin.to_string(),
            private: c.private,
            children: c.children.iter().map(CarriedContext::from).collect(),
            markdown: c.markdown(),
        }
    }
}

#[derive(Serialize)]
struct Previous {
    date: String,
    path: String,
}

/// Creates the note, or finds the existing one for that date. Reads only the
/// person's own folder. The repository lock is held from choosing the file
/// name and reading the topic queue until the queue is updated, so a racing
/// `new` or `topic` neither takes the same name nor loses a topic. With
/// `commit`, refuses before writing anything when the repository is not a
/// git work tree; the caller then commits the note with [`commit`].
///
/// PERSON is anyone the repository knows by any of their names; a name
/// nobody answers to starts a new person, unless it is near someone's
/// (a typo of an id, a handle or a name), which takes `create`.
pub fn new_note(repo: &Repo, opts: &NewOptions, today: NaiveDate) -> Result<NewOutcome> {
    let (id, typed_name, new_person) = who(repo, opts, today)?;
    let id = id.as_str();
    let date = opts.date.unwrap_or(today);
    let commit = opts.commit || repo.settings.commit_on_new;
    if commit && !git::is_work_tree(&repo.root)? {
        return Err(Error::Git(format!(
            "{}: not inside a git work tree, so the note cannot be committed; nothing was written \
             (run `git init`, or drop --commit / commit_on_new)",
            repo.root.display()
        )));
    }
    let first = NoteName { date, seq: 1 };
    let exists = |existing: &[(NoteName, PathBuf)]| {
        let found = !opts.another && existing.iter().any(|(n, _)| *n == first);
        found.then(|| NewOutcome {
            path: PathBuf::from(id).join(first.file_name()),
            created: false,
            carried: 0,
            topics: 0,
            to_commit: false,
            skipped: Vec::new(),
            new_person: None,
            exposed: Vec::new(),
        })
    };
    // Opening the day's note writes nothing: no lock to wait for, and it
    // works in a repository the user may only read.
    if let Some(opened) = exists(&repo.notes_of(id)?) {
        return Ok(opened);
    }
    let _lock = store::Lock::acquire(&repo.root)?;
    let existing = repo.notes_of(id)?;
    if let Some(opened) = exists(&existing) {
        return Ok(opened);
    }
    let target = target_name(&existing, date, opts.another);
    let path = PathBuf::from(id).join(target.file_name());

    let earlier_count = existing.iter().filter(|(n, _)| *n < target).count();
    let (read, skipped) = read_neighbours(repo, id, &existing, earlier_count);
    let latest = read.iter().rfind(|n| n.name < target);
    let carried = if opts.no_carry {
        Vec::new()
    } else {
        carry::carry(&read.iter().collect::<Vec<_>>(), target)
    };

    let r = resolve(repo, id, typed_name.as_deref(), opts, latest);
    let topics_path = topics::path(&repo.person_dir(id));
    let queued = topics::read(&topics_path)?;
    let context = Context {
        person: id,
        name: &r.name,
        date: date.to_string(),
        kind: r.kind.as_str(),
        cadence: r.cadence.to_string(),
        duration: r.duration,
        me: repo.settings.me(),
        carried: carried.iter().map(CarriedContext::from).collect(),
        topics: &queued,
        previous: latest.map(|n| Previous {
            date: n.date().to_string(),
            path: format!("{id}/{}", n.name.file_name()),
        }),
        meeting_number: earlier_count + 1,
        days_since_last: latest.map(|n| (date - n.date()).num_days()),
    };
    let tmpl = template::find(&repo.root, &r.template)?;
    let mut rendered = template::render(&tmpl, &context)?;
    if let Some(source) = latest.filter(|_| !carried.is_empty()) {
        say_carried_from(&mut rendered, source.name);
    }
    let former = load::former_ids(&repo.settings, id);
    let written = note::parse_for(&path, id, former, target, rendered.as_bytes()).map_err(|e| {
        Error::input(
            tmpl.display_path(),
            format!("the template produced an invalid note, nothing was written: {e}"),
        )
    })?;
    let exposed = exposed(&carried, &written);

    store::ensure_dir_inside(&repo.root, &repo.person_dir(id))?;
    let created =
        store::create_new(&repo.root.join(&path), rendered.as_bytes())? == Created::Created;
    let taken = topics::listed_in(&rendered, &queued);
    if created {
        topics::remove(&topics_path, &taken)?;
    }
    Ok(NewOutcome {
        path,
        created,
        // Sub-items too: the number matches the open items `status` counts.
        carried: if created {
            carried.iter().map(Carried::count).sum()
        } else {
            0
        },
        topics: if created { taken.len() } else { 0 },
        to_commit: created && commit,
        skipped,
        new_person: (created && new_person).then(|| (id.to_owned(), typed_name)),
        exposed: if created { exposed } else { Vec::new() },
    })
}

/// Whose note it is: their id, the name typed for a new person, and
/// whether they are new. A name nobody answers to is a new person, unless
/// it is near someone's and `--create` was not given.
fn who(repo: &Repo, opts: &NewOptions, today: NaiveDate) -> Result<(String, Option<String>, bool)> {
    match people::find(repo, &opts.person, today)? {
        Found::Known(known) => Ok((known.id, None, false)),
        Found::Unknown(everyone) => {
            let arg = person_arg(&opts.person)?;
            if !opts.create && !everyone.near(&opts.person).is_empty() {
                return Err(Error::usage(format!(
                    "{} (to start notes with a new person `{}`, add --create)",
                    everyone.unknown_message(&opts.person),
                    arg.id
                )));
            }
            Ok((arg.id, arg.name, true))
        }
    }
}

/// The private carried items (and what is under them) that the new note
/// lists outside its private parts: its text, as the note has it.
fn exposed(carried: &[Carried], written: &Note) -> Vec<String> {
    let mut private: Vec<&Carried> = carried.iter().filter(|c| c.private).collect();
    let mut keys = std::collections::HashSet::new();
    while let Some(c) = private.pop() {
        keys.insert((normalise(&c.text), c.origin));
        private.extend(&c.children);
    }
    if keys.is_empty() {
        return Vec::new();
    }
    written
        .all_items()
        .filter(|i| {
            !i.private
                && i.origin
                    .is_some_and(|o| keys.contains(&(normalise(&i.text), o)))
        })
        .map(|i| i.text.clone())
        .collect()
}

/// Only the notes that can matter are read, so the cost of `new` does not
/// grow with the history: the earlier notes back to the latest one `new`
/// wrote (it says `carried_from:`; it holds everything open before it), and
/// any later ones (which may close items). In a history written by `new`
/// that is one note. Returned oldest first, with the unreadable ones as
/// errors to warn about.
fn read_neighbours(
    repo: &Repo,
    id: &str,
    existing: &[(NoteName, PathBuf)],
    earlier_count: usize,
) -> (Vec<Note>, Vec<Error>) {
    let mut skipped = Vec::new();
    let former = load::former_ids(&repo.settings, id);
    let mut read = |(name, rel): &(NoteName, PathBuf)| {
        let parsed = store::read(&repo.root.join(rel), rel)
            .and_then(|bytes| note::parse_for(rel, id, former, *name, &bytes));
        parsed.map_err(|e| skipped.push(e)).ok()
    };
    let mut notes = Vec::new();
    for file in existing[..earlier_count].iter().rev() {
        if let Some(note) = read(file) {
            let made_by_new = note.front.carried_from.is_some();
            notes.push(note);
            if made_by_new {
                break;
            }
        }
    }
    notes.reverse();
    notes.extend(existing[earlier_count..].iter().filter_map(&mut read));
    (notes, skipped)
}

/// Says in the new note's front matter which note its items were carried
/// from (`carried_from: 2026-11-18`), so that a carried line the user later
/// deletes reads as removed rather than forgotten. A template that writes
/// the key itself is left as it is.
fn say_carried_from(rendered: &mut String, source: NoteName) {
    let Ok(split) = frontmatter::split(rendered) else {
        return;
    };
    if split.yaml.lines().any(|l| l.starts_with("carried_from:")) {
        return;
    }
    // Where the YAML ends: the line that closes the front matter.
    let end = split.yaml.as_ptr() as usize - rendered.as_ptr() as usize + split.yaml.len();
    let stem = source.file_name();
    let stem = stem.strip_suffix(".md").unwrap_or(&stem);
    rendered.insert_str(end, &format!("carried_from: {stem}\n"));
}

/// Commits the note `new` created, as it is now, and only it; returns the
/// commit message. Called after the editor closes, so what the user wrote
/// is what is committed.
pub fn commit(repo: &Repo, path: &Path) -> Result<String> {
    let message = format!("1:1 {}", path.with_extension("").display()).replacen('/', " ", 1);
    git::commit_only(&repo.root, path, &message).map_err(|e| {
        Error::Git(format!(
            "created {}, but could not commit it: {e}",
            path.display()
        ))
    })?;
    Ok(message)
}

/// The person's settings, resolved: the command line first, then
/// `.oneonone.yaml`, then the latest note, then the defaults.
struct Resolved {
    kind: Kind,
    cadence: Cadence,
    duration: u32,
    name: String,
    template: String,
}

fn resolve(
    repo: &Repo,
    id: &str,
    typed_name: Option<&str>,
    opts: &NewOptions,
    latest: Option<&Note>,
) -> Resolved {
    let settings = &repo.settings;
    let person = settings.person(id);
    let front = latest.map(|n| &n.front);
    let kind = opts
        .kind
        .or(person.and_then(|p| p.kind))
        .or(front.and_then(|f| f.kind))
        .or(settings.defaults.kind)
        .unwrap_or(Kind::DirectReport);
    let cadence = opts
        .cadence
        .or(person.and_then(|p| p.cadence))
        .or(front.and_then(|f| f.cadence))
        .or(settings.defaults.cadence)
        .unwrap_or_else(|| kind.default_cadence());
    Resolved {
        kind,
        cadence,
        // The last note's length only carries over while the rhythm is the
        // same; a new cadence brings its own default length.
        duration: person
            .and_then(|p| p.duration)
            .or(front
                .filter(|f| f.cadence.is_none_or(|c| c == cadence))
                .and_then(|f| f.duration))
            .or(settings.defaults.duration)
            .unwrap_or_else(|| cadence.default_duration()),
        name: typed_name
            .map(str::to_owned)
            .or_else(|| person.and_then(|p| p.name.clone()))
            .or_else(|| front.and_then(|f| f.name.clone()))
            .unwrap_or_else(|| id.to_owned()),
        template: opts
            .template
            .clone()
            .or_else(|| person.and_then(|p| p.template.clone()))
            .or_else(|| settings.defaults.template.clone())
            .unwrap_or_else(|| kind.as_str().to_owned()),
    }
}

/// The file name for a meeting on `date`: the day's first, or with
/// `another`, the next free sequence number.
fn target_name(existing: &[(NoteName, PathBuf)], date: NaiveDate, another: bool) -> NoteName {
    let first = NoteName { date, seq: 1 };
    if !another {
        return first;
    }
    let last = existing
        .iter()
        .filter(|(n, _)| n.date == date)
        .map(|(n, _)| n.seq)
        .max();
    match last {
        Some(seq) => NoteName { date, seq: seq + 1 },
        None => first,
    }
}
