//! Markdown as HTML, for a page someone else will open: text is escaped,
//! raw HTML is shown as text (comments, which no viewer shows, are left
//! out), images are not loaded (their description is shown instead), and
//! only links to the web, mail or within the page stay links.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};

/// The HTML of `markdown`.
pub fn to_html(markdown: &str) -> String {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut html_block: Option<String> = None;
    let mut dropped_link = false;
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Start(Tag::HtmlBlock) => html_block = Some(String::new()),
            Event::End(TagEnd::HtmlBlock) => {
                let raw = html_block.take().unwrap_or_default();
                let shown = without_comments(&raw);
                if !shown.trim().is_empty() {
                    events.push(Event::Start(Tag::CodeBlock(
                        pulldown_cmark::CodeBlockKind::Fenced(CowStr::Borrowed("")),
                    )));
                    events.push(Event::Text(shown.into()));
                    events.push(Event::End(TagEnd::CodeBlock));
                }
            }
            Event::Html(raw) => match &mut html_block {
                Some(block) => block.push_str(&raw),
                None => events.push(Event::Text(without_comments(&raw).into())),
            },
            Event::InlineHtml(raw) => {
                let shown = without_comments(&raw);
                if !shown.is_empty() {
                    events.push(Event::Text(shown.into()));
                }
            }
            Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => {}
            Event::Start(Tag::Link { ref dest_url, .. }) if !safe_link(dest_url) => {
                dropped_link = true;
            }
            Event::End(TagEnd::Link) if dropped_link => dropped_link = false,
            other => events.push(other),
        }
    }
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    out
}

/// `raw` without its HTML comments (one left open runs to the end).
fn without_comments(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(at) = rest.find("<!--") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 4..];
        let skip = if after.starts_with('>') {
            1
        } else if after.starts_with("->") {
            2
        } else {
            after.find("-->").map_or(after.len(), |i| i + 3)
        };
        rest = &after[skip..];
    }
    out.push_str(rest);
    out
}

/// A link that stays one: to the web, to mail, within the page, or a
/// relative path; no `javascript:` or `data:` and the like.
fn safe_link(url: &str) -> bool {
    let url = url.trim();
    let scheme_end =
        url.find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')));
    match scheme_end {
        Some(i) if i > 0 && url[i..].starts_with(':') => {
            let scheme = url[..i].to_ascii_lowercase();
            matches!(scheme.as_str(), "http" | "https" | "mailto")
        }
        _ => !url.contains(':') || url.starts_with(['/', '#', '?', '.']),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_is_text_and_comments_are_gone() {
        let html = to_html(
            "a <b>bold</b> <!-- hidden --> c\n\n<div onclick=\"x()\">\nhi\n</div>\n\n<!-- a comment -->\n",
        );
        assert!(html.contains("a &lt;b&gt;bold&lt;/b&gt;  c"), "{html}");
        assert!(
            html.contains(
                "<pre><code>&lt;div onclick=\"x()\"&gt;\nhi\n&lt;/div&gt;\n</code></pre>"
            ),
            "{html}"
        );
        assert!(
            !html.contains("hidden") && !html.contains("a comment"),
            "{html}"
        );
        assert!(!html.contains("<div") && !html.contains("<b>"), "{html}");
    }

    #[test]
    fn images_are_not_loaded_and_links_are_checked() {
        let html = to_html(
            "![a chart](http://example.com/x.png) [ok](https://example.com) [bad](javascript:alert(1)) [rel](notes.md)\n",
        );
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("a chart"), "{html}");
        assert!(
            html.contains("<a href=\"https://example.com\">ok</a>"),
            "{html}"
        );
        assert!(!html.contains("javascript"), "{html}");
        assert!(html.contains("bad"), "{html}");
        assert!(html.contains("<a href=\"notes.md\">rel</a>"), "{html}");
    }

    #[test]
    fn tasks_tables_and_code() {
        let html = to_html("- [ ] open\n- [x] done\n\n```\n<script>\n```\n");
        assert!(
            html.contains("<input disabled=\"\" type=\"checkbox\"/>"),
            "{html}"
        );
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(!html.contains("<script"), "{html}");
        assert!(safe_link("mailto:a@b.c") && safe_link("#top") && !safe_link("data:text/html,x"));
        assert!(!safe_link("JavaScript:x") && !safe_link(" vbscript:x"));
    }
}
