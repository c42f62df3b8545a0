//! Where an open document is in the repository, and the note it holds.

use std::io::Write;
use std::path::{Path, PathBuf};

use lsp_types::Url;

use oneonone::Result;
use oneonone::io::load;
use oneonone::io::scan::Candidate;
use oneonone::model::item::ActionItem;
use oneonone::model::note::{Note, NoteName};
use oneonone::parse::note;

use super::{MAX_DOCUMENT, Server};

/// A note open in the editor, placed in the repository.
pub(super) struct Place {
    pub(super) person: String,
    pub(super) name: NoteName,
    /// Relative to the repository root.
    pub(super) rel: PathBuf,
}

impl<W: Write> Server<W> {
    /// Where a document is in the repository: `PERSON/DATE.md`, else `None`.
    pub(super) fn place(&self, uri: &Url) -> Option<Place> {
        let path = uri.to_file_path().ok()?;
        let rel = path
            .strip_prefix(&self.repo.root)
            .ok()
            .map(Path::to_path_buf)
            .or_else(|| {
                let root = self.repo.root.canonicalize().ok()?;
                let dir = path.parent()?.canonicalize().ok()?;
                Some(dir.strip_prefix(root).ok()?.join(path.file_name()?))
            })?;
        let mut parts = rel.iter();
        let person = parts.next()?.to_str()?.to_owned();
        let file = parts.next()?.to_str()?;
        if parts.next().is_some() || person.starts_with('.') {
            return None;
        }
        let name = NoteName::parse(file)?.ok()?;
        Some(Place { person, name, rel })
    }

    pub(super) fn parse(&self, place: &Place, text: &str) -> Result<Note> {
        note::parse_for(
            &place.rel,
            &place.person,
            load::former_ids(&self.repo.settings, &place.person),
            place.name,
            text.as_bytes(),
        )
    }

    /// The notes of `person` as the editor sees them, oldest first: an
    /// open document that parses instead of its file, and open ones not
    /// saved yet too.
    pub(super) fn notes_of(&self, person: &str) -> Vec<Note> {
        let mut notes: Vec<Note> = self
            .docs
            .keys()
            .filter_map(|uri| self.open_note(uri))
            .filter(|(place, _, _)| place.person == person)
            .map(|(_, _, note)| note)
            .collect();
        let on_disk: Vec<Note> = self
            .workspace
            .live()
            .notes_of(person)
            .into_iter()
            .filter(|n| !notes.iter().any(|open| open.name == n.name))
            .collect();
        notes.extend(on_disk);
        notes.sort_by_key(|n| n.name);
        notes
    }

    /// Every note (of one person, or all) as `check` reads it, the open
    /// documents instead of their files (broken ones too: a problem is a
    /// finding).
    pub(super) fn read_notes(&self, only: Option<&str>) -> (Vec<Candidate>, Vec<Result<Note>>) {
        let (mut candidates, mut read) = self.workspace.live().read_notes(only);
        for (uri, text) in &self.docs {
            let Some(place) = self
                .place(uri)
                .filter(|p| text.len() <= MAX_DOCUMENT && only.is_none_or(|o| o == p.person))
            else {
                continue;
            };
            let result = self.parse(&place, text);
            if let Some(i) = candidates.iter().position(|c| c.path() == place.rel) {
                read[i] = result;
            } else {
                candidates.push(Candidate {
                    person: place.person.as_str().into(),
                    file: place.rel.file_name().map_or_else(
                        || place.name.file_name().into(),
                        |f| f.to_string_lossy().into(),
                    ),
                    name: place.name,
                });
                read.push(result);
            }
        }
        (candidates, read)
    }

    /// Where note `name` of `person` is: the open document, else its file.
    pub(super) fn note_uri(&self, person: &str, name: NoteName) -> Option<Url> {
        let open = self.docs.keys().find(|uri| {
            self.place(uri)
                .is_some_and(|p| p.person == person && p.name == name)
        });
        if let Some(uri) = open {
            return Some(uri.clone());
        }
        let (_, rel) = self
            .repo
            .notes_of(person)
            .ok()?
            .into_iter()
            .find(|(n, _)| *n == name)?;
        Url::from_file_path(self.repo.root.join(rel)).ok()
    }

    /// The open note at `uri`, parsed, with its text.
    pub(super) fn open_note(&self, uri: &Url) -> Option<(Place, &str, Note)> {
        let text = self.docs.get(uri)?;
        if text.len() > MAX_DOCUMENT {
            return None;
        }
        let place = self.place(uri)?;
        let note = self.parse(&place, text).ok()?;
        Some((place, text, note))
    }
}

/// The item on line `line` (0-based) of `note`.
pub(super) fn item_at(note: &Note, line: u32) -> Option<&ActionItem> {
    note.all_items().find(|i| i.line == line as usize + 1)
}
