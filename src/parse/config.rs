//! The user's own config file (`~/.config/oneonone/config.yaml`), which
//! belongs to no repository: the notes repositories to read together
//! (`repos:`). A key the tool does not know is a warning with its place,
//! as in the settings file.

use std::path::Path;

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::error::{Error, Result};
use crate::parse::frontmatter;
use crate::parse::settings::{self, Warning};

#[derive(Debug, Default, Deserialize)]
pub struct Config {
    /// Repository folders, as written, each with its place in the file.
    #[serde(default, deserialize_with = "settings::null_as_default")]
    pub repos: Vec<Spanned<String>>,
    /// Keys the tool does not know, with where they are written.
    #[serde(skip)]
    pub warnings: Vec<Warning>,
}

/// One entry of `repos:` and where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub text: String,
    pub line: usize,
    pub column: usize,
}

impl Config {
    /// Reads the file's bytes; `path` is only for messages.
    pub fn parse(path: &Path, bytes: &[u8]) -> Result<Config> {
        let text = std::str::from_utf8(bytes)
            .map_err(|_| Error::input(path, "not valid UTF-8"))?
            .trim_start_matches('\u{feff}');
        if text.trim().is_empty() {
            return Ok(Config::default());
        }
        let mut config: Config = frontmatter::from_yaml(path, text, 1)?;
        config.warnings = settings::unknown_keys_of::<Config>(path, text);
        Ok(config)
    }

    pub fn entries(&self) -> Vec<Entry> {
        self.repos
            .iter()
            .map(|r| Entry {
                text: r.value.clone(),
                line: usize::try_from(r.referenced.line()).unwrap_or(0),
                column: usize::try_from(r.referenced.column()).unwrap_or(0),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config> {
        Config::parse(Path::new("config.yaml"), text.as_bytes())
    }

    #[test]
    fn repos_with_their_places() {
        let config = parse("# mine\nrepos:\n  - ~/teams/ann\n  - ben\n").unwrap();
        let entries = config.entries();
        assert_eq!(
            entries,
            [
                Entry {
                    text: "~/teams/ann".into(),
                    line: 3,
                    column: 5
                },
                Entry {
                    text: "ben".into(),
                    line: 4,
                    column: 5
                },
            ]
        );
        assert!(config.warnings.is_empty());
        assert!(parse("").unwrap().entries().is_empty());
        // Every entry commented out.
        assert!(parse("repos:\n#  - ann\n").unwrap().entries().is_empty());
    }

    #[test]
    fn an_unknown_key_is_a_warning_and_bad_yaml_an_error_with_places() {
        let config = parse("repo:\n  - ann\n").unwrap();
        let warnings: Vec<String> = config
            .warnings
            .iter()
            .map(|w| w.in_file(Path::new("config.yaml")).to_string())
            .collect();
        assert_eq!(
            warnings,
            ["config.yaml:1:1: unknown key `repo`; did you mean `repos`?"]
        );
        let e = parse("repos: [ann\n").unwrap_err().to_string();
        assert!(e.starts_with("config.yaml:"), "{e}");
        let e = parse("repos: ann\n").unwrap_err().to_string();
        assert!(e.starts_with("config.yaml:1:8: "), "{e}");
    }
}
