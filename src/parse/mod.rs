//! Reading the user's files into the model: note front matter (YAML), note
//! bodies (Markdown task lists) and the settings file. The only code that
//! knows YAML and Markdown.

pub mod frontmatter;
mod lines;
pub mod note;
pub mod settings;
pub mod settings_edit;
