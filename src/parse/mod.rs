//! Reading the user's files into the model: note front matter (YAML), note
//! bodies (Markdown task lists and private parts) and the settings file;
//! and Markdown as HTML for a page to share. The only code that knows YAML
//! and Markdown.

pub mod frontmatter;
mod lines;
pub mod markdown;
pub mod note;
pub mod private;
pub mod settings;
pub mod settings_edit;
