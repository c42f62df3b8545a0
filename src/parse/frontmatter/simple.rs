//! A fast reader for the front matter almost every note has: one
//! `key: scalar` per line. Anything beyond that (nesting, anchors, block
//! scalars, escapes, repeated keys) returns `None`, and the full YAML parser
//! reads the block instead, so the two can never disagree on a file.

use std::borrow::Cow;

/// A scalar value and where it starts (1-based, relative to the block).
/// Borrowed from the block when read here, so only the values kept as
/// strings are ever copied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scalar<'a> {
    pub value: Cow<'a, str>,
    pub line: usize,
    pub column: usize,
}

/// `key → Some(scalar)`, or `key → None` for a null value, in file order.
pub type Entries<'a> = Vec<(&'a str, Option<Scalar<'a>>)>;

/// `lists_ok` says which keys may hold a flow list (whose value is then
/// reported as an empty string); for the others a list is left to the full
/// parser, which reports it as the error it is.
pub fn parse<'a>(yaml: &'a str, lists_ok: &dyn Fn(&str) -> bool) -> Option<Entries<'a>> {
    // Room for the usual keys at once: growing the list step by step was
    // 1.5% of a cold index.
    let mut entries: Entries<'_> = Vec::with_capacity(16);
    for (i, raw) in lines(yaml).enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        match line.as_bytes().first() {
            // Only a key can start with these, so the line is neither blank
            // nor a comment.
            Some(b) if b.is_ascii_alphabetic() || *b == b'_' => {}
            _ if line.bytes().all(|b| b == b' ' || b == b'\t') || line.starts_with('#') => continue,
            _ => return None,
        }
        let colon = line.bytes().position(|b| b == b':')?;
        let (key, rest) = (&line[..colon], &line[colon + 1..]);
        let key_ok = key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if !key_ok || !(rest.is_empty() || rest.starts_with(' ')) {
            return None;
        }
        if entries.iter().any(|(k, _)| *k == key) {
            return None;
        }
        // YAML separates with spaces and tabs only: other Unicode spaces
        // are part of the value.
        let text = rest.trim_start_matches([' ', '\t']);
        let column = key.len() + 1 + (rest.len() - text.len()) + 1;
        let text = text.trim_end_matches([' ', '\t']);
        if text.starts_with('[') && !lists_ok(key) {
            return None;
        }
        let value = match value(text)? {
            Value::Null => None,
            Value::Text(value) => Some(Scalar {
                value: Cow::Borrowed(value),
                line: i + 1,
                column,
            }),
        };
        entries.push((key, value));
    }
    (!entries.is_empty()).then_some(entries)
}

/// The lines of the block as `split('\n')` gives them, found with memchr.
fn lines(yaml: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    memchr::memchr_iter(b'\n', yaml.as_bytes())
        .chain([yaml.len()])
        .map(move |end| {
            let line = &yaml[start..end];
            start = end + 1;
            line
        })
}

enum Value<'a> {
    Null,
    Text(&'a str),
}

/// A scalar as YAML would read it into a string, or `None` when the text is
/// anything the full parser should handle.
fn value(text: &str) -> Option<Value<'_>> {
    let text = strip_comment(text)?;
    if matches!(text, "" | "~" | "null" | "Null" | "NULL") {
        return Some(Value::Null);
    }
    let quoted = |q: char| {
        let inner = text.strip_prefix(q)?.strip_suffix(q)?;
        (!inner.contains([q, '\\'])).then_some(inner)
    };
    if text.starts_with('"') {
        return quoted('"').map(Value::Text);
    }
    if text.starts_with('\'') {
        return quoted('\'').map(Value::Text);
    }
    if text.starts_with('[') {
        // Flow lists of plain words (`tags: [growth, q1]`) are valid YAML the
        // notes never need the value of; report them as present.
        let inner = text.strip_prefix('[')?.strip_suffix(']')?;
        let plain = inner
            .split(',')
            .all(|w| w.trim().is_empty() || is_plain(w.trim()));
        return plain.then_some(Value::Text(""));
    }
    is_plain(text).then_some(Value::Text(text))
}

/// Drops a trailing ` # comment`; quoted values keep their `#`.
fn strip_comment(text: &str) -> Option<&str> {
    if text.starts_with(['"', '\'']) {
        let q = text.chars().next()?;
        let close = text[1..].find(q)? + 1;
        let after = text[close + 1..].trim_start();
        return (after.is_empty() || after.starts_with('#')).then(|| &text[..=close]);
    }
    let b = text.as_bytes();
    Some(match b.windows(2).position(|pair| pair == b" #") {
        Some(space) => text[..space].trim_end(),
        None => text,
    })
}

/// A plain scalar with nothing YAML could read another way.
fn is_plain(text: &str) -> bool {
    let b = text.as_bytes();
    let Some(&first) = b.first() else {
        return false;
    };
    // `.inf`/`.nan` are floats to YAML, which the full parser refuses.
    let indicator = matches!(
        first,
        b'-' | b'?'
            | b':'
            | b','
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'#'
            | b'&'
            | b'*'
            | b'!'
            | b'|'
            | b'>'
            | b'\''
            | b'"'
            | b'%'
            | b'@'
            | b'`'
            | b'.'
    );
    let dash_number = first == b'-' && b.get(1).is_some_and(u8::is_ascii_digit);
    // A `: ` or a final `:` would make a mapping of it. One table lookup
    // per byte: every value of every note comes through here.
    let awkward = b.iter().enumerate().any(|(i, &c)| {
        AWKWARD[usize::from(c)] && (c != b':' || b.get(i + 1).is_none_or(|&n| n == b' '))
    });
    (!indicator || dash_number) && !awkward
}

/// Bytes a plain scalar may not hold, and `:`, which it may hold only
/// before a character other than a space.
static AWKWARD: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    let awkward = b"\t[]{},#:";
    while i < awkward.len() {
        table[awkward[i] as usize] = true;
        i += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::*;

    fn values(yaml: &str) -> Option<Vec<(String, Option<String>)>> {
        parse(yaml, &|k| k == "tags").map(|e| {
            e.into_iter()
                .map(|(k, v)| (k.to_owned(), v.map(|s| s.value.into_owned())))
                .collect()
        })
    }

    #[test]
    fn reads_the_common_shape() {
        let yaml = "person: alice\nname: \"Alice: Smith #1\"   # display\ndate: 2026-11-25\r\n\n# note\ntags: [growth, q1]\nempty:\nduration: -5\n";
        let e = parse(yaml, &|k| k == "tags").unwrap();
        assert_eq!(
            e[0],
            (
                "person",
                Some(Scalar {
                    value: "alice".into(),
                    line: 1,
                    column: 9
                })
            )
        );
        assert_eq!(e[1].1.as_ref().unwrap().value, "Alice: Smith #1");
        assert_eq!(e[2].1.as_ref().unwrap().line, 3);
        assert_eq!(
            e[3],
            (
                "tags",
                Some(Scalar {
                    value: "".into(),
                    line: 6,
                    column: 7
                })
            )
        );
        assert_eq!(e[4], ("empty", None));
        assert_eq!(e[5].1.as_ref().unwrap().value, "-5");
    }

    #[test]
    fn leaves_the_rest_to_the_yaml_parser() {
        for yaml in [
            "a: 1\na: 2\n",
            "a:\n  b: 1\n",
            "- a\n",
            "a: &x 1\n",
            "a: *x\n",
            "a: |\n  text\n",
            "a: \"esc\\n\"\n",
            "a: b: c\n",
            "a: [x, [y]]\n",
            "a: {b: 1}\n",
            "a: @x\n",
            "a key: 1\n",
            "a:b\n",
            "a: 'it''s'\n",
            "a: \"x\" trailing\n",
            "a: [x]\n",
            "# only a comment\n",
        ] {
            assert_eq!(values(yaml), None, "{yaml:?}");
        }
    }
}
