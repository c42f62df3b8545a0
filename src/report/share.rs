//! `oneonone share PERSON [DATE | --since D]`: what of the notes can be
//! sent to the other person. Each note with every private part removed and
//! the rest byte for byte as written; a note that is private whole
//! (`private: true`) is left out, and the caller says so.
//!
//! Reads only that person's folder. The private parts are found by
//! [`crate::parse::private`]; this module picks the notes, puts them
//! together as Markdown, JSON or one self-contained HTML page.

use std::path::PathBuf;

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::io::repo::Repo;
use crate::io::{store, template};
use crate::model::note::{NoteName, Status};
use crate::parse::private::{self, Public};
use crate::parse::{frontmatter, markdown, note};

/// The page's template, named as errors name it (`templates/share.html`).
const TEMPLATE: (&str, &str) = ("share.html", include_str!("../../templates/share.html"));

/// Which notes to share.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    /// The latest note of a meeting held on or before today.
    Latest,
    /// The note of this name (`DATE`, or `DATE-N` for a later one that day).
    Note(NoteName),
    /// Every note dated on or after this day, planned ones included.
    Since(NaiveDate),
}

/// One note as it may be shared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedNote {
    /// Relative to the repository root.
    pub path: PathBuf,
    pub name: NoteName,
    pub public: Public,
}

/// What `share` found.
#[derive(Debug)]
pub struct Share {
    pub person: String,
    /// The person's display name, from the settings or the latest note.
    pub name: String,
    /// Oldest first.
    pub notes: Vec<SharedNote>,
    /// Notes that are private whole: left out.
    pub withheld: Vec<PathBuf>,
    /// Notes that could not be read, so nothing of them is shared.
    pub problems: Vec<Error>,
}

/// Reads what `which` names of person `id`'s notes, as of `today`. A note
/// named by its date that is not there, or cannot be read, is an error; so
/// is a person without a held note for [`Which::Latest`]. With
/// [`Which::Since`], unreadable notes are left out as problems.
pub fn gather(repo: &Repo, id: &str, which: Which, today: NaiveDate) -> Result<Share> {
    if !repo.person_dir(id).is_dir() {
        return Err(Error::not_found(format!(
            "no person `{id}`: there is no folder `{id}/`"
        )));
    }
    let keys = repo.settings.private_keys();
    let mut share = Share {
        person: id.to_owned(),
        name: repo
            .settings
            .person(id)
            .and_then(|p| p.name.clone())
            .unwrap_or_default(),
        notes: Vec::new(),
        withheld: Vec::new(),
        problems: Vec::new(),
    };
    let notes = repo.notes_of(id)?;
    let mut named = None;
    match which {
        Which::Note(wanted) => {
            let Some((name, path)) = notes.iter().find(|(n, _)| *n == wanted) else {
                return Err(Error::not_found(format!(
                    "{id} has no note {} ({id}/{})",
                    shown(wanted),
                    wanted.file_name()
                )));
            };
            let (public, front_name) = read(repo, id, *name, path, &keys)?;
            named = front_name;
            share.add(path, *name, public);
        }
        Which::Latest => {
            let mut found = false;
            for (name, path) in notes.iter().rev().filter(|(n, _)| n.date <= today) {
                let (public, front_name, status) = read_with_status(repo, id, *name, path, &keys)?;
                if status != Status::Held {
                    continue;
                }
                named = front_name;
                share.add(path, *name, public);
                found = true;
                break;
            }
            if !found {
                return Err(Error::not_found(format!(
                    "{id} has no held meeting yet; name the note to share (`oneonone share {id} DATE`)"
                )));
            }
        }
        Which::Since(since) => {
            for (name, path) in notes.iter().filter(|(n, _)| n.date >= since) {
                match read(repo, id, *name, path, &keys) {
                    Ok((public, front_name)) => {
                        named = front_name.or(named);
                        share.add(path, *name, public);
                    }
                    Err(e) => share.problems.push(e),
                }
            }
        }
    }
    if share.name.is_empty() {
        share.name = named.unwrap_or_else(|| id.to_owned());
    }
    Ok(share)
}

impl Share {
    fn add(&mut self, path: &std::path::Path, name: NoteName, public: Option<Public>) {
        match public {
            Some(public) => self.notes.push(SharedNote {
                path: path.to_path_buf(),
                name,
                public,
            }),
            None => self.withheld.push(path.to_path_buf()),
        }
    }
}

/// `2026-11-25`, or `2026-11-25-2` for a later note that day.
fn shown(name: NoteName) -> String {
    name.file_name().trim_end_matches(".md").to_owned()
}

/// One note's shareable part (`None`: private whole) and its `name:`.
fn read(
    repo: &Repo,
    id: &str,
    name: NoteName,
    path: &std::path::Path,
    keys: &[String],
) -> Result<(Option<Public>, Option<String>)> {
    read_with_status(repo, id, name, path, keys).map(|(public, front_name, _)| (public, front_name))
}

fn read_with_status(
    repo: &Repo,
    id: &str,
    name: NoteName,
    path: &std::path::Path,
    keys: &[String],
) -> Result<(Option<Public>, Option<String>, Status)> {
    let bytes = store::read(&repo.root.join(path), path)?;
    let parsed = note::parse(path, id, name, &bytes)?;
    let text = note::decode(path, &bytes)?;
    let public = private::public(path, text, &parsed, keys)?;
    Ok((public, parsed.front.name, parsed.front.status))
}

/// The Markdown to send. One note is its text as it may be shared, and so
/// still a note; several are each introduced by a `==> PATH <==` line and
/// set apart by a blank line, as `head` shows several files.
pub fn markdown(share: &Share) -> String {
    if let [one] = share.notes.as_slice() {
        return one.public.text.clone();
    }
    let mut out = String::new();
    for (i, note) in share.notes.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&format!("==> {} <==\n", slash(&note.path)));
        out.push_str(&note.public.text);
        if !note.public.text.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

/// Paths with `/` whatever the platform.
fn slash(path: &std::path::Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The JSON document of `share --json`.
#[derive(Debug, Serialize)]
pub struct ShareJson {
    pub person: String,
    pub notes: Vec<NoteJson>,
    /// The notes left out because they are private whole.
    pub withheld: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct NoteJson {
    pub path: String,
    pub date: NaiveDate,
    pub seq: u32,
    /// The note as it may be shared.
    pub markdown: String,
}

pub fn json(share: &Share) -> ShareJson {
    ShareJson {
        person: share.person.clone(),
        notes: share
            .notes
            .iter()
            .map(|n| NoteJson {
                path: slash(&n.path),
                date: n.name.date,
                seq: n.name.seq,
                markdown: n.public.text.clone(),
            })
            .collect(),
        withheld: share.withheld.iter().map(|p| slash(p)).collect(),
    }
}

/// Everything the page shows.
#[derive(Serialize)]
struct Page {
    person: String,
    name: String,
    today: String,
    notes: Vec<PageNote>,
}

#[derive(Serialize)]
struct PageNote {
    path: String,
    date: String,
    /// The front matter as it may be shared, shown as text.
    front: String,
    /// The body, as HTML made safe by [`markdown::to_html`].
    body: String,
}

/// One self-contained page: inline CSS, nothing loaded from the network.
/// Fails only if the built-in template does not fit the context: a bug.
pub fn html(share: &Share, today: NaiveDate) -> Result<String> {
    let page = Page {
        person: share.person.clone(),
        name: share.name.clone(),
        today: today.to_string(),
        notes: share
            .notes
            .iter()
            .map(|n| {
                let text = &n.public.text;
                let body = &text[n.public.body_offset.min(text.len())..];
                let front = frontmatter::split(text)
                    .map(|s| s.yaml.trim_end().to_owned())
                    .unwrap_or_default();
                PageNote {
                    path: slash(&n.path),
                    date: shown(n.name),
                    front,
                    body: markdown::to_html(body),
                }
            })
            .collect(),
    };
    let (name, source) = TEMPLATE;
    template::render_page(name, source, &page)
}
