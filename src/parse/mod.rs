//! Reading the user's files into the model: note front matter (YAML), note
//! bodies (Markdown task lists and private parts), the settings file and
//! the user's config file; and Markdown as HTML for a page to share. The
//! only code that knows YAML and Markdown.

pub mod config;
pub mod frontmatter;
mod lines;
pub mod markdown;
pub mod note;
pub mod private;
pub mod settings;
pub mod settings_edit;
