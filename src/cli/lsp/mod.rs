//! `oneonone lsp`: a Language Server on stdin/stdout for any editor.
//!
//! One thread reads a message, answers it and reads the next. The
//! repository is kept in memory and followed as files change (see
//! `workspace`); open documents are kept as the editor sends them (full
//! text on every change) and count instead of their files in every answer:
//! diagnostics as `check` gives them for the note, completion of `@owner`
//! and `due:` dates, hover with an item's history or a person's standing,
//! go-to-definition on a `(from DATE)` marker or an `@handle`, and code
//! actions that change one checkbox or carry an item forward.
//!
//! Bad input never ends the server: a body that is not JSON-RPC is
//! answered with a parse error, an unknown request with "method not found",
//! a file outside the repository or too large gets no diagnostics. Only a
//! stream whose framing is broken (no `Content-Length`) ends it, since no
//! later message could be found in it.

use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::path::PathBuf;

use chrono::NaiveDate;
use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::{
    CodeActionProviderCapability, CompletionOptions, Diagnostic, DidChangeTextDocumentParams,
    DidCloseTextDocumentParams, DidOpenTextDocumentParams, HoverProviderCapability,
    InitializeResult, OneOf, PublishDiagnosticsParams, ServerCapabilities, ServerInfo,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions, Url,
};
use serde_json::Value;

use oneonone::io::repo::Repo;
use oneonone::{Error, Result};

mod actions;
mod completion;
mod diagnostics;
mod documents;
mod navigation;
mod person;
mod text;
mod workspace;

use text::offset_of;
use workspace::Workspace;

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
        workspace: Workspace::open(&repo, today),
        people: None,
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
    /// The index, kept in memory and followed as files change.
    workspace: Workspace,
    /// Who `@owners` may name, found again only when something changed.
    people: Option<diagnostics::People>,
    docs: HashMap<Url, String>,
    out: W,
    initialized: bool,
    shutdown: bool,
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
                && repo.root != self.repo.root
            {
                self.workspace = Workspace::open(&repo, self.today);
                self.people = None;
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
        self.refresh();
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
            "textDocument/didSave" => {
                // Another note's findings may depend on the one saved.
                self.refresh();
                let open: Vec<(Url, String)> = self
                    .docs
                    .iter()
                    .map(|(uri, text)| (uri.clone(), text.clone()))
                    .collect();
                for (uri, text) in open {
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

    /// Brings the index up to date with the disk; the settings with it.
    fn refresh(&mut self) {
        if self.workspace.refresh() {
            self.people = None;
        }
        let settings = self.workspace.live().settings();
        if *settings != self.repo.settings {
            self.repo.settings = settings.clone();
        }
    }

    fn opened(&mut self, uri: Url, text: String) {
        self.refresh();
        self.docs.insert(uri.clone(), text);
        if let Some(diagnostics) = self.diagnostics(&uri) {
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
            text_document_sync: Some(TextDocumentSyncCapability::Options(
                TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::FULL),
                    save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                    ..TextDocumentSyncOptions::default()
                },
            )),
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
