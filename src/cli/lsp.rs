//! `oneonone lsp`: a Language Server on stdin/stdout for any editor.
//!
//! One thread reads a message, answers it and reads the next. Open
//! documents are kept as the editor sends them (full text on every change),
//! and every answer is computed from that text, not from the file on disk:
//! diagnostics as `check` gives them for one note, completion of `@owner`
//! and `due:` dates, hover with an item's history, go-to-definition on a
//! `(from DATE)` marker and code actions that change one checkbox.
//!
//! Bad input never ends the server: a body that is not JSON-RPC is
//! answered with a parse error, an unknown request with "method not found",
//! a file outside the repository or too large gets no diagnostics. Only a
//! stream whose framing is broken (no `Content-Length`) ends it, since no
//! later message could be found in it.

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use chrono::{Days, NaiveDate};
use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams,
    CodeActionProviderCapability, CompletionItem, CompletionItemKind, CompletionOptions,
    CompletionParams, CompletionResponse, CompletionTextEdit, Diagnostic, DiagnosticSeverity,
    DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
    GotoDefinitionParams, GotoDefinitionResponse, Hover, HoverContents, HoverParams,
    HoverProviderCapability, InitializeResult, Location, MarkupContent, MarkupKind, OneOf,
    Position, PublishDiagnosticsParams, Range, ServerCapabilities, ServerInfo,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextEdit, Url, WorkspaceEdit,
};
use serde_json::Value;

use oneonone::io::repo::Repo;
use oneonone::io::{load, people};
use oneonone::model::item::{ActionItem, ItemState};
use oneonone::model::note::{Note, NoteName};
use oneonone::model::person::{TrackedItem, is_person_id};
use oneonone::ops::check::{self, Severity};
use oneonone::parse::note;
use oneonone::plan::names::Directory;
use oneonone::plan::track;
use oneonone::{Error, Result};

/// The largest message read: anything longer is refused unread.
const MAX_MESSAGE: usize = 64 << 20;
/// Documents larger than this get no diagnostics and no answers.
const MAX_DOCUMENT: usize = 16 << 20;

/// Serves one editor on `input`/`output` until it says `exit` or closes
/// the stream; whether it asked to shut down first (the protocol's exit
/// code 0, else 1). With `follow_root`, the repository is found again from the
/// workspace root the editor names, when it names one.
pub fn serve(
    repo: Repo,
    follow_root: bool,
    today: NaiveDate,
    input: impl BufRead,
    output: impl Write,
) -> Result<bool> {
    let mut server = Server {
        repo,
        follow_root,
        today,
        docs: HashMap::new(),
        out: output,
        initialized: false,
        shutdown: false,
    };
    let mut input = input;
    loop {
        let text = match read_frame(&mut input) {
            Ok(Some(text)) => text,
            Ok(None) => return Ok(server.shutdown),
            Err(Frame::Body(message)) => {
                server.send(&Message::Response(Response::new_err(
                    RequestId::from(0),
                    ErrorCode::ParseError as i32,
                    message,
                )));
                continue;
            }
            Err(Frame::Broken(message)) => {
                return Err(Error::usage(format!("lsp: {message}")));
            }
        };
        let message = match serde_json::from_str::<Message>(&text) {
            Ok(message) => message,
            Err(e) => {
                server.send(&Message::Response(Response::new_err(
                    RequestId::from(0),
                    ErrorCode::ParseError as i32,
                    format!("not a JSON-RPC message: {e}"),
                )));
                continue;
            }
        };
        match message {
            Message::Request(request) => server.request(request),
            Message::Notification(n) if n.method == "exit" => return Ok(server.shutdown),
            Message::Notification(n) => server.notification(&n),
            Message::Response(_) => {}
        }
    }
}

enum Frame {
    /// The frame was read whole but its body is not text: the next one can
    /// still be read.
    Body(String),
    /// The header is malformed: nothing after it can be found.
    Broken(String),
}

/// One `Content-Length`-framed message body; `None` at the end of input.
fn read_frame(input: &mut impl BufRead) -> std::result::Result<Option<String>, Frame> {
    let mut size = None;
    let mut line = Vec::new();
    loop {
        line.clear();
        let n = std::io::Read::take(&mut *input, 4096)
            .read_until(b'\n', &mut line)
            .map_err(|e| Frame::Broken(e.to_string()))?;
        if n == 0 {
            return Ok(None);
        }
        let header = String::from_utf8_lossy(&line);
        let header = header.trim_end_matches(['\r', '\n']);
        if header.is_empty() {
            if size.is_some() {
                break;
            }
            // Blank lines between messages are tolerated.
            continue;
        }
        let Some((name, value)) = header.split_once(':') else {
            return Err(Frame::Broken(format!("malformed header {header:?}")));
        };
        if name.trim().eq_ignore_ascii_case("content-length") {
            let value: usize = value
                .trim()
                .parse()
                .map_err(|_| Frame::Broken(format!("malformed header {header:?}")))?;
            if value > MAX_MESSAGE {
                return Err(Frame::Broken(format!(
                    "a message of {value} bytes is more than the {MAX_MESSAGE} read"
                )));
            }
            size = Some(value);
        }
    }
    let mut body = vec![0; size.unwrap_or(0)];
    input
        .read_exact(&mut body)
        .map_err(|e| Frame::Broken(e.to_string()))?;
    String::from_utf8(body)
        .map(Some)
        .map_err(|_| Frame::Body("message body is not UTF-8".to_owned()))
}

struct Server<W: Write> {
    repo: Repo,
    follow_root: bool,
    today: NaiveDate,
    docs: HashMap<Url, String>,
    out: W,
    initialized: bool,
    shutdown: bool,
}

/// A note open in the editor, placed in the repository.
struct Place {
    person: String,
    name: NoteName,
    /// Relative to the repository root.
    rel: PathBuf,
}

impl<W: Write> Server<W> {
    fn send(&mut self, message: &Message) {
        // An editor that closed its end is gone: later reads see the end too.
        let _ = message.write(&mut self.out);
    }

    fn reply(&mut self, id: RequestId, result: std::result::Result<Value, (ErrorCode, String)>) {
        let response = match result {
            Ok(value) => Response {
                id,
                result: Some(value),
                error: None,
            },
            Err((code, message)) => Response::new_err(id, code as i32, message),
        };
        self.send(&Message::Response(response));
    }

    fn request(&mut self, request: Request) {
        let Request { id, method, params } = request;
        if method == "initialize" {
            self.initialized = true;
            if self.follow_root
                && let Some(root) = workspace_root(&params)
                && root.is_dir()
                && let Ok(repo) = Repo::discover(None, &root)
            {
                self.repo = repo;
            }
            let result = serde_json::to_value(capabilities()).unwrap_or(Value::Null);
            return self.reply(id, Ok(result));
        }
        if !self.initialized {
            return self.reply(
                id,
                Err((
                    ErrorCode::ServerNotInitialized,
                    "initialize first".to_owned(),
                )),
            );
        }
        if self.shutdown {
            return self.reply(
                id,
                Err((ErrorCode::InvalidRequest, "shutting down".to_owned())),
            );
        }
        let result = match method.as_str() {
            "shutdown" => {
                self.shutdown = true;
                Ok(Value::Null)
            }
            "textDocument/completion" => self.with(params, |s, p| s.completion(&p)),
            "textDocument/definition" => self.with(params, |s, p| s.definition(&p)),
            "textDocument/hover" => self.with(params, |s, p| s.hover(&p)),
            "textDocument/codeAction" => self.with(params, |s, p| s.code_actions(&p)),
            _ => Err((ErrorCode::MethodNotFound, format!("no method `{method}`"))),
        };
        self.reply(id, result);
    }

    /// Decodes the parameters and runs `f`, whose answer is sent as JSON.
    fn with<P: serde::de::DeserializeOwned, R: serde::Serialize>(
        &mut self,
        params: Value,
        f: impl FnOnce(&mut Self, P) -> R,
    ) -> std::result::Result<Value, (ErrorCode, String)> {
        let params: P = serde_json::from_value(params)
            .map_err(|e| (ErrorCode::InvalidParams, format!("bad parameters: {e}")))?;
        serde_json::to_value(f(self, params)).map_err(|e| (ErrorCode::InternalError, e.to_string()))
    }

    fn notification(&mut self, n: &Notification) {
        match n.method.as_str() {
            "textDocument/didOpen" => {
                if let Ok(p) = serde_json::from_value::<DidOpenTextDocumentParams>(n.params.clone())
                {
                    self.opened(p.text_document.uri, p.text_document.text);
                }
            }
            "textDocument/didChange" => {
                if let Ok(p) =
                    serde_json::from_value::<DidChangeTextDocumentParams>(n.params.clone())
                {
                    // Full sync was asked for, so each change is the whole
                    // text; a client sending ranges anyway is followed.
                    let uri = p.text_document.uri;
                    let mut text = self.docs.get(&uri).cloned().unwrap_or_default();
                    for change in p.content_changes {
                        match change.range {
                            None => text = change.text,
                            Some(range) => {
                                let start = offset_of(&text, range.start);
                                let end = offset_of(&text, range.end).max(start);
                                text.replace_range(start..end, &change.text);
                            }
                        }
                    }
                    self.opened(uri, text);
                }
            }
            "textDocument/didClose" => {
                if let Ok(p) =
                    serde_json::from_value::<DidCloseTextDocumentParams>(n.params.clone())
                {
                    self.docs.remove(&p.text_document.uri);
                    self.publish(p.text_document.uri, Vec::new());
                }
            }
            _ => {}
        }
    }

    fn opened(&mut self, uri: Url, text: String) {
        let diagnostics = self.diagnostics(&uri, &text);
        self.docs.insert(uri.clone(), text);
        if let Some(diagnostics) = diagnostics {
            self.publish(uri, diagnostics);
        }
    }

    fn publish(&mut self, uri: Url, diagnostics: Vec<Diagnostic>) {
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version: None,
        };
        self.send(&Message::Notification(Notification::new(
            "textDocument/publishDiagnostics".to_owned(),
            params,
        )));
    }

    /// Where a document is in the repository: `PERSON/DATE.md`, else `None`.
    fn place(&self, uri: &Url) -> Option<Place> {
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

    fn parse(&self, place: &Place, text: &str) -> Result<Note> {
        note::parse_for(
            &place.rel,
            &place.person,
            load::former_ids(&self.repo.settings, &place.person),
            place.name,
            text.as_bytes(),
        )
    }

    /// What `check` says about this note as the editor has it; `None` for
    /// a document that is not a note of the repository.
    fn diagnostics(&self, uri: &Url, text: &str) -> Option<Vec<Diagnostic>> {
        let place = self.place(uri)?;
        if text.len() > MAX_DOCUMENT {
            return Some(Vec::new());
        }
        let note = match self.parse(&place, text) {
            Ok(note) => note,
            Err(e) => return Some(vec![error_diagnostic(&e, text)]),
        };
        let names = self.repo.notes_of(&place.person).unwrap_or_default();
        let mut dates: HashSet<(&str, NaiveDate)> = names
            .iter()
            .map(|(name, _)| (place.person.as_str(), name.date))
            .collect();
        dates.insert((place.person.as_str(), place.name.date));
        let findings = check::note_findings(&place.rel, &note, &dates, self.today);
        let unknown = self
            .unknown_owners(&note)
            .map(|(line, message)| Diagnostic {
                range: line_range(text, line),
                severity: Some(DiagnosticSeverity::INFORMATION),
                source: Some("oneonone".to_owned()),
                message,
                ..Diagnostic::default()
            });
        Some(
            findings
                .into_iter()
                .map(|f| {
                    let line = f.line.map_or(status_line(text), |l| l.saturating_sub(1));
                    Diagnostic {
                        range: line_range(text, line),
                        severity: Some(severity(f.severity)),
                        source: Some("oneonone".to_owned()),
                        message: f.message,
                        ..Diagnostic::default()
                    }
                })
                .chain(unknown)
                .collect(),
        )
    }

    /// Items whose `@owner` names no one: the 0-based line, and what to say.
    fn unknown_owners<'n>(&self, note: &'n Note) -> impl Iterator<Item = (usize, String)> + 'n {
        let folders: Vec<String> = std::fs::read_dir(&self.repo.root)
            .map(|entries| {
                entries
                    .flatten()
                    .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
                    .filter_map(|e| e.file_name().to_str().map(str::to_owned))
                    .filter(|id| is_person_id(id))
                    .collect()
            })
            .unwrap_or_default();
        let directory = Directory::new(
            folders.iter().map(|id| (id.as_str(), None)),
            &self.repo.settings,
        );
        let me = self.repo.settings.me().to_owned();
        note.all_items().filter_map(move |item| {
            let owner = item.owner.as_deref()?;
            (!directory.names_someone(owner, &me))
                .then(|| (item.line.saturating_sub(1), check::names_no_one(owner, 0)))
        })
    }

    /// The open note at `uri`, parsed, with its text.
    fn open_note(&self, uri: &Url) -> Option<(Place, &str, Note)> {
        let text = self.docs.get(uri)?;
        if text.len() > MAX_DOCUMENT {
            return None;
        }
        let place = self.place(uri)?;
        let note = self.parse(&place, text).ok()?;
        Some((place, text, note))
    }

    fn completion(&mut self, p: &CompletionParams) -> Option<CompletionResponse> {
        let uri = &p.text_document_position.text_document.uri;
        let text = self.docs.get(uri)?;
        let position = p.text_document_position.position;
        let line = text.lines().nth(position.line as usize)?;
        let before = &line[..byte_at(line, position.character)];
        if !is_task_line(before) {
            return None;
        }
        let word_start = before.rfind(char::is_whitespace).map_or(0, |i| {
            i + before[i..].chars().next().map_or(1, char::len_utf8)
        });
        let word = &before[word_start..];
        let (skip, labels) = if word.starts_with('@') {
            (1, self.owners())
        } else if word.starts_with("due:") {
            let dates = [(0, "today"), (1, "tomorrow"), (7, "in a week")]
                .into_iter()
                .filter_map(|(days, what)| {
                    let date = self.today.checked_add_days(Days::new(days))?;
                    Some((date.to_string(), what.to_owned()))
                })
                .collect();
            (4, dates)
        } else {
            return None;
        };
        let start = Position {
            line: position.line,
            character: utf16_len(&before[..word_start + skip]),
        };
        let range = Range {
            start,
            end: position,
        };
        let items = labels
            .into_iter()
            .map(|(label, detail)| CompletionItem {
                kind: Some(if skip == 1 {
                    CompletionItemKind::VALUE
                } else {
                    CompletionItemKind::CONSTANT
                }),
                detail: Some(detail),
                text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                    range,
                    new_text: label.clone(),
                })),
                filter_text: Some(label.clone()),
                label,
                ..CompletionItem::default()
            })
            .collect();
        Some(CompletionResponse::Array(items))
    }

    /// Everyone an `@owner` may name, with who they are: `me`, each
    /// person's id and each handle.
    fn owners(&self) -> Vec<(String, String)> {
        let index = load::index(&self.repo, self.today);
        let directory = people::directory(&self.repo, &index);
        let mut owners = vec![("me".to_owned(), "you".to_owned())];
        let me = self.repo.settings.me();
        if me != "me" {
            owners.push((me.to_owned(), "you".to_owned()));
        }
        for known in directory.people() {
            let who = known.name.clone().unwrap_or_else(|| known.id.clone());
            owners.push((known.id.clone(), who.clone()));
            for handle in &known.handles {
                owners.push((handle.clone(), format!("{who} ({})", known.id)));
            }
        }
        owners
    }

    fn definition(&mut self, p: &GotoDefinitionParams) -> Option<GotoDefinitionResponse> {
        let uri = &p.text_document_position_params.text_document.uri;
        let position = p.text_document_position_params.position;
        let text = self.docs.get(uri)?;
        let place = self.place(uri)?;
        let line = text.lines().nth(position.line as usize)?;
        let at = byte_at(line, position.character);
        let date = from_marker_at(line, at)?;
        let target_rel = Path::new(&place.person).join(NoteName { date, seq: 1 }.file_name());
        let target = self.repo.root.join(&target_rel);
        let item_text = self
            .open_note(uri)
            .and_then(|(_, _, note)| item_at(&note, position.line).map(|i| i.text.clone()));
        let target_line = std::fs::read(&target).ok().and_then(|bytes| {
            let name = NoteName { date, seq: 1 };
            let origin = note::parse(&target_rel, &place.person, name, &bytes).ok()?;
            let wanted = item_text?;
            origin
                .all_items()
                .find(|i| i.text == wanted)
                .map(|i| i.line.saturating_sub(1))
        });
        if !target.is_file() {
            return None;
        }
        let target_uri = Url::from_file_path(&target).ok()?;
        let start = Position {
            line: u32::try_from(target_line.unwrap_or(0)).unwrap_or(0),
            character: 0,
        };
        Some(GotoDefinitionResponse::Scalar(Location {
            uri: target_uri,
            range: Range { start, end: start },
        }))
    }

    fn hover(&mut self, p: &HoverParams) -> Option<Hover> {
        let uri = &p.text_document_position_params.text_document.uri;
        let position = p.text_document_position_params.position;
        let (place, _, note) = self.open_note(uri)?;
        let item = item_at(&note, position.line)?.clone();
        let tracked = self.tracked(&place, note, &item);
        let mut lines = Vec::new();
        if let Some((t, notes)) = &tracked {
            lines.push(format!(
                "**{}** item, first written {}",
                t.state.as_str(),
                t.origin
            ));
            if let Some(closed) = t.closed {
                lines.push(format!("closed in the note of {closed}"));
            }
            if let Some(owner) = &t.owner {
                lines.push(format!("owner: @{owner}"));
            }
            if let Some(due) = t.due {
                lines.push(format!("due: {due}"));
            }
            lines.push(match t.carried {
                0 => "not carried: written in one note".to_owned(),
                1 => "carried through 1 later note".to_owned(),
                n => format!("carried through {n} later notes"),
            });
            if notes.len() > 1 {
                let dates: Vec<String> = notes.iter().map(|n| n.date.to_string()).collect();
                lines.push(format!("notes: {}", dates.join(", ")));
            }
        } else {
            lines.push(format!("**{}** item", item.state.as_str()));
            if let Some(origin) = item.origin {
                lines.push(format!("carried from {origin}"));
            }
            if let Some(owner) = &item.owner {
                lines.push(format!("owner: @{owner}"));
            }
            if let Some(due) = item.due {
                lines.push(format!("due: {due}"));
            }
        }
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: lines.join("  \n"),
            }),
            range: Some(line_range(
                self.docs.get(uri).map_or("", String::as_str),
                position.line as usize,
            )),
        })
    }

    /// `item` (of `note`, as the editor has it) followed through its
    /// person's notes on disk.
    /// With it, the notes from its first to its last, which it was carried
    /// through.
    fn tracked(
        &self,
        place: &Place,
        note: Note,
        item: &ActionItem,
    ) -> Option<(TrackedItem, Vec<NoteName>)> {
        let names = self.repo.notes_of(&place.person).ok()?;
        let former = load::former_ids(&self.repo.settings, &place.person);
        let note_date = note.date();
        let mut notes: Vec<Note> = names
            .into_iter()
            .filter(|(name, _)| *name != place.name)
            .filter_map(|(name, rel)| {
                let bytes = std::fs::read(self.repo.root.join(&rel)).ok()?;
                note::parse_for(&rel, &place.person, former, name, &bytes).ok()
            })
            .collect();
        notes.push(note);
        notes.sort_by_key(|n| n.name);
        // The note being edited counts as held, even if dated later.
        let today = self.today.max(note_date);
        let history = track::history(&notes, today);
        let origin = item.origin_or(note_date);
        let family: Vec<&TrackedItem> =
            history.items.iter().flat_map(TrackedItem::family).collect();
        family
            .iter()
            .find(|t| t.note == place.name && t.line == item.line)
            .or_else(|| {
                family
                    .iter()
                    .find(|t| t.origin == origin && t.text == item.text)
            })
            .map(|t| {
                let last = t.note;
                let notes = history
                    .meetings
                    .iter()
                    .map(|m| m.name)
                    .filter(|n| n.date >= t.origin && *n <= last)
                    .collect();
                ((*t).clone(), notes)
            })
    }

    fn code_actions(&mut self, p: &CodeActionParams) -> Option<Vec<CodeActionOrCommand>> {
        let (_, text, note) = self.open_note(&p.text_document.uri)?;
        let item = item_at(&note, p.range.start.line)?;
        let marks: &[(&str, &str)] = match item.state {
            ItemState::Open => &[("Mark done", "x"), ("Drop", "-")],
            _ => &[("Reopen", " ")],
        };
        let start = position_of(text, item.checkbox);
        let end = Position {
            line: start.line,
            character: start.character + 1,
        };
        let actions = marks
            .iter()
            .map(|(title, mark)| {
                let edit = TextEdit {
                    range: Range { start, end },
                    new_text: (*mark).to_owned(),
                };
                CodeActionOrCommand::CodeAction(CodeAction {
                    title: format!("{title}: {}", item.text),
                    kind: Some(CodeActionKind::QUICKFIX),
                    edit: Some(WorkspaceEdit {
                        changes: Some(HashMap::from([(p.text_document.uri.clone(), vec![edit])])),
                        ..WorkspaceEdit::default()
                    }),
                    ..CodeAction::default()
                })
            })
            .collect();
        Some(actions)
    }
}

/// The folder of the editor's first workspace folder, else its root.
fn workspace_root(params: &Value) -> Option<PathBuf> {
    let uri = params["workspaceFolders"][0]["uri"]
        .as_str()
        .or_else(|| params["rootUri"].as_str())?;
    Url::parse(uri).ok()?.to_file_path().ok()
}

fn capabilities() -> InitializeResult {
    InitializeResult {
        capabilities: ServerCapabilities {
            text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
            completion_provider: Some(CompletionOptions {
                trigger_characters: Some(vec!["@".to_owned(), ":".to_owned()]),
                ..CompletionOptions::default()
            }),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            definition_provider: Some(OneOf::Left(true)),
            code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
            ..ServerCapabilities::default()
        },
        server_info: Some(ServerInfo {
            name: "oneonone".to_owned(),
            version: Some(env!("CARGO_PKG_VERSION").to_owned()),
        }),
    }
}

fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

/// A parse error, from its line and column to the end of that line.
fn error_diagnostic(e: &Error, text: &str) -> Diagnostic {
    let (line, column, message) = match e {
        Error::Input {
            line,
            column,
            message,
            ..
        } => (
            line.map_or(0, |l| l.saturating_sub(1)),
            column.map_or(0, |c| c.saturating_sub(1)),
            message.clone(),
        ),
        other => (0, 0, other.to_string()),
    };
    let mut range = line_range(text, line);
    if let Some(content) = text.lines().nth(line) {
        let mut at = column.min(content.len());
        while !content.is_char_boundary(at) {
            at -= 1;
        }
        range.start.character = utf16_len(&content[..at]);
    }
    Diagnostic {
        range,
        severity: Some(DiagnosticSeverity::ERROR),
        source: Some("oneonone".to_owned()),
        message,
        ..Diagnostic::default()
    }
}

/// The front-matter `status:` line (0-based), else the first line.
fn status_line(text: &str) -> usize {
    text.lines()
        .position(|l| l.starts_with("status:"))
        .unwrap_or(0)
}

/// All of line `line` (0-based).
fn line_range(text: &str, line: usize) -> Range {
    let end = text.lines().nth(line).map_or(0, utf16_len);
    let line = u32::try_from(line).unwrap_or(u32::MAX);
    Range {
        start: Position { line, character: 0 },
        end: Position {
            line,
            character: end,
        },
    }
}

fn utf16_len(text: &str) -> u32 {
    u32::try_from(text.encode_utf16().count()).unwrap_or(u32::MAX)
}

/// The byte offset in `line` of UTF-16 column `character`, clamped to it.
fn byte_at(line: &str, character: u32) -> usize {
    let mut units = 0;
    for (i, c) in line.char_indices() {
        if units >= character as usize {
            return i;
        }
        units += c.len_utf16();
    }
    line.len()
}

/// The byte offset of `position` in `text`, clamped to it.
fn offset_of(text: &str, position: Position) -> usize {
    let mut start = 0;
    for _ in 0..position.line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    let line = text[start..].split('\n').next().unwrap_or("");
    start + byte_at(line, position.character)
}

/// The position of byte `offset` of `text`.
fn position_of(text: &str, offset: usize) -> Position {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Position {
        line: u32::try_from(before.matches('\n').count()).unwrap_or(u32::MAX),
        character: utf16_len(&before[line_start..]),
    }
}

/// Whether `before` (a line up to the cursor) is inside a task-list item.
fn is_task_line(before: &str) -> bool {
    let rest = before.trim_start();
    let rest = rest
        .strip_prefix("- ")
        .or_else(|| rest.strip_prefix("* "))
        .or_else(|| rest.strip_prefix("+ "));
    rest.is_some_and(|r| {
        let r = r.trim_start();
        r.len() >= 3 && r.starts_with('[') && r.as_bytes()[2] == b']'
    })
}

/// The date of the `(from DATE)` marker of `line` covering byte `at`.
fn from_marker_at(line: &str, at: usize) -> Option<NaiveDate> {
    let mut search = 0;
    while let Some(found) = line[search..].find("(from ") {
        let start = search + found;
        let end = line[start..].find(')').map(|i| start + i + 1)?;
        if (start..=end).contains(&at) {
            let date = line[start + 6..end - 1].trim();
            return NaiveDate::parse_from_str(date, "%Y-%m-%d").ok();
        }
        search = end;
    }
    None
}

/// The item on line `line` (0-based) of `note`.
fn item_at(note: &Note, line: u32) -> Option<&ActionItem> {
    note.all_items().find(|i| i.line == line as usize + 1)
}
