//! Note templates: built-ins embedded in the binary, overridable by files in
//! `.oneonone/templates/`, rendered with minijinja in strict mode so a typo
//! is an error rather than an empty string.
//!
//! Also the environment for pages built into the binary (the HTML report):
//! the same strict mode, plus HTML autoescaping. Pages are not note
//! templates: they are not listed, shown or overridable.

use std::path::{Path, PathBuf};

use minijinja::syntax::SyntaxConfig;
use minijinja::value::ValueKind;
use minijinja::{AutoEscape, Environment, Output, State, UndefinedBehavior, Value};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::io::store;

/// The user's template folder, relative to the repository root.
pub const USER_DIR: &str = ".oneonone/templates";

/// Built-in templates: one per kind, plus `default`.
pub const BUILTIN: [(&str, &str); 8] = [
    ("default", include_str!("../../templates/default.md")),
    (
        "direct-report",
        include_str!("../../templates/direct-report.md"),
    ),
    ("peer", include_str!("../../templates/peer.md")),
    ("mentee", include_str!("../../templates/mentee.md")),
    ("mentor", include_str!("../../templates/mentor.md")),
    ("skip-level", include_str!("../../templates/skip-level.md")),
    (
        "cross-functional",
        include_str!("../../templates/cross-functional.md"),
    ),
    ("manager", include_str!("../../templates/manager.md")),
];

/// A template's text and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    pub name: String,
    pub source: String,
    /// The user's file, relative to the repository root; `None` for a built-in.
    pub user_file: Option<PathBuf>,
}

impl Template {
    /// Where messages should point: the user's file, or the built-in's name.
    pub fn display_path(&self) -> PathBuf {
        self.user_file
            .clone()
            .unwrap_or_else(|| PathBuf::from(format!("templates/{}.md (built-in)", self.name)))
    }
}

/// Finds template `name`: the user's override first, then the built-in.
pub fn find(root: &Path, name: &str) -> Result<Template> {
    if name.is_empty()
        || !name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_".contains(&b))
    {
        return Err(Error::usage(format!(
            "`{name}` is not a template name (letters, digits, `-` and `_`)"
        )));
    }
    let user_file = Path::new(USER_DIR).join(format!("{name}.md"));
    if let Some(bytes) = store::read_if_exists(&root.join(&user_file), &user_file)? {
        let source =
            String::from_utf8(bytes).map_err(|_| Error::input(&user_file, "not valid UTF-8"))?;
        return Ok(Template {
            name: name.to_owned(),
            source,
            user_file: Some(user_file),
        });
    }
    BUILTIN
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(n, source)| Template {
            name: (*n).to_owned(),
            source: (*source).to_owned(),
            user_file: None,
        })
        .ok_or_else(|| {
            Error::not_found(format!(
                "no template `{name}`: built-ins are {}; or add {USER_DIR}/{name}.md",
                names().join(", ")
            ))
        })
}

/// Every template name: built-ins and the user's own, sorted, each once.
pub fn all(root: &Path) -> Vec<(String, bool)> {
    let mut out: Vec<(String, bool)> = BUILTIN
        .iter()
        .map(|(n, _)| ((*n).to_owned(), false))
        .collect();
    if let Ok(entries) = std::fs::read_dir(root.join(USER_DIR)) {
        for entry in entries.flatten() {
            let file_name = entry.file_name();
            if let Some(name) = file_name.to_str().and_then(|n| n.strip_suffix(".md")) {
                match out.iter_mut().find(|(n, _)| n == name) {
                    Some(existing) => existing.1 = true,
                    None => out.push((name.to_owned(), true)),
                }
            }
        }
    }
    out.sort();
    out
}

fn names() -> Vec<&'static str> {
    BUILTIN.iter().map(|(n, _)| *n).collect()
}

/// Renders `template` with `context`. Errors name the template file, the
/// line and the expression that failed.
pub fn render(template: &Template, context: &impl Serialize) -> Result<String> {
    let path = template.display_path();
    let fail = |e: minijinja::Error| template_error(&path, &template.source, &e);
    let mut env = environment().map_err(fail)?;
    env.set_debug(true);
    env.add_filter("yaml", yaml_quote);
    env.add_template(&template.name, &template.source)
        .map_err(fail)?;
    let tmpl = env.get_template(&template.name).map_err(fail)?;
    tmpl.render(minijinja::value::Serde(context)).map_err(fail)
}

/// Renders `source`, an HTML page built into the binary as
/// `templates/{name}`, with `context`. Every `{{ value }}` is HTML-escaped
/// by the engine; a failure is [`Error::Template`], a bug in oneonone.
pub fn render_page(name: &str, source: &str, context: &impl Serialize) -> Result<String> {
    let fail = |e: minijinja::Error| Error::Template {
        template: format!("templates/{name}"),
        line: e.line(),
        message: describe(source, &e),
    };
    let mut env = environment().map_err(fail)?;
    // On for every page, whatever its name (the default turns it on for
    // `.html` names only), so a rename cannot switch escaping off.
    env.set_auto_escape_callback(|_| AutoEscape::Html);
    env.set_formatter(html_formatter);
    let tmpl = env.template_from_named_str(name, source).map_err(fail)?;
    tmpl.render(minijinja::value::Serde(context)).map_err(fail)
}

/// What notes and pages share: strict undefined (a typo is an error), block
/// tags that leave no blank lines, and the source's final newline kept.
fn environment<'s>() -> std::result::Result<Environment<'s>, minijinja::Error> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    let syntax = SyntaxConfig::builder()
        .trim_blocks(true)
        .lstrip_blocks(true)
        .keep_trailing_newline(true)
        .build()?;
    env.set_syntax(syntax);
    Ok(env)
}

/// Writes `{{ value }}` into an autoescaped page, escaping the five
/// characters that matter in element content and quoted attributes
/// (`&` `<` `>` `"` `'`). minijinja's own HTML escaping would also write
/// `/` as `&#x2f;` and `'` as `&#x27;`: equally valid, but a different page
/// for every path and apostrophe. Numbers, and values marked safe, are
/// written as the default formatter writes them.
fn html_formatter(
    out: &mut Output,
    state: &mut State,
    value: &Value,
) -> std::result::Result<(), minijinja::Error> {
    let plain = matches!(
        value.kind(),
        ValueKind::Undefined | ValueKind::None | ValueKind::Bool | ValueKind::Number
    );
    if *state.auto_escape() != AutoEscape::Html || value.is_safe() || plain {
        return minijinja::escape_formatter(out, state, value);
    }
    let owned;
    let text = if let Some(text) = value.as_str() {
        text
    } else {
        owned = value.to_string();
        &owned
    };
    let mut rest = text;
    while let Some(at) = rest.find(['&', '<', '>', '"', '\'']) {
        out.write_str(&rest[..at])?;
        out.write_str(match rest.as_bytes()[at] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        })?;
        rest = &rest[at + 1..];
    }
    out.write_str(rest)?;
    Ok(())
}

/// Quotes a value for YAML: a JSON string literal is a valid YAML
/// double-quoted scalar, so names with `:` or `#` cannot break the front matter.
fn yaml_quote(value: &Value) -> String {
    match value.as_str() {
        Some(s) => serde_json::to_string(s).unwrap_or_default(),
        None if value.is_none() || value.is_undefined() => "null".to_owned(),
        None => serde_json::to_string(&value.to_string()).unwrap_or_default(),
    }
}

fn template_error(path: &Path, source: &str, e: &minijinja::Error) -> Error {
    let message = describe(source, e);
    match e.line() {
        Some(line) => Error::Input {
            path: path.to_path_buf(),
            line: Some(line),
            column: None,
            message,
        },
        None => Error::input(path, message),
    }
}

/// A template error's message: what went wrong, the expression it was
/// about and minijinja's detail.
fn describe(source: &str, e: &minijinja::Error) -> String {
    let what = match e.kind() {
        minijinja::ErrorKind::UndefinedError => "undefined variable".to_owned(),
        kind => kind.to_string(),
    };
    let snippet = e
        .range()
        .and_then(|r| source.get(r))
        .map(|s| format!(" `{s}`"))
        .unwrap_or_default();
    let detail = e.detail().map(|d| format!(" ({d})")).unwrap_or_default();
    format!("template error: {what}{snippet}{detail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Ctx {
        name: &'static str,
    }

    fn tmpl(source: &str) -> Template {
        Template {
            name: "t".into(),
            source: source.into(),
            user_file: Some(PathBuf::from(".oneonone/templates/t.md")),
        }
    }

    #[test]
    fn renders_and_quotes() {
        let out = render(&tmpl("name: {{ name | yaml }}\n"), &Ctx { name: "A: #b" }).unwrap();
        assert_eq!(out, "name: \"A: #b\"\n");
    }

    #[test]
    fn undefined_variables_are_errors_with_line() {
        let e = render(&tmpl("ok\n\n{{ nmae }}\n"), &Ctx { name: "a" })
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with(".oneonone/templates/t.md:3: template error: undefined variable `nmae`"),
            "{e}"
        );
    }

    #[test]
    fn pages_are_escaped_by_the_engine() {
        let ctx = Ctx {
            name: "a<b & 'c' \"d/e\">",
        };
        let escaped = "a&lt;b &amp; &#39;c&#39; &quot;d/e&quot;&gt;";
        // Whatever the page's name; `safe` is the only way around it.
        for name in ["p.html", "p.txt"] {
            let out = render_page(name, "<p title=\"{{ name }}\">{{ name }}</p>\n", &ctx).unwrap();
            assert_eq!(out, format!("<p title=\"{escaped}\">{escaped}</p>\n"));
        }
        let out = render_page("p.html", "{{ name | safe }} {{ 1.5 }}", &ctx).unwrap();
        assert_eq!(out, "a<b & 'c' \"d/e\"> 1.5");
    }

    #[test]
    fn a_broken_page_is_a_template_error() {
        let e = render_page("p.html", "ok\n{{ nmae }}\n", &Ctx { name: "a" }).unwrap_err();
        assert!(matches!(e, Error::Template { line: Some(2), .. }), "{e:?}");
        let e = e.to_string();
        assert!(
            e.starts_with(
                "templates/p.html (built-in):2: template error: undefined variable `nmae`"
            ),
            "{e}"
        );
    }

    #[test]
    fn user_templates_override_builtins() {
        let dir = tempfile::tempdir().unwrap();
        assert!(find(dir.path(), "peer").unwrap().user_file.is_none());
        std::fs::create_dir_all(dir.path().join(USER_DIR)).unwrap();
        std::fs::write(dir.path().join(USER_DIR).join("peer.md"), "mine").unwrap();
        assert_eq!(find(dir.path(), "peer").unwrap().source, "mine");
        assert!(find(dir.path(), "../x").is_err());
        assert!(find(dir.path(), "nope").is_err());
    }
}
