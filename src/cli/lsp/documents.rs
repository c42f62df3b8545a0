//! Where an open document is in the repository, and the note it holds.

use std::io::Write;
use std::path::{Path, PathBuf};

use lsp_types::Url;

use oneonone::Result;
use oneonone::io::load;
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
