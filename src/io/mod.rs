//! Everything that touches the file system or another program: the one
//! writer (`store`), finding the repository, listing and loading it
//! through the cache, git, templates, the editor, the topics queue and the
//! user's config file.

pub mod cache;
pub mod config;
pub mod editor;
pub mod git;
pub mod load;
pub mod people;
pub mod repo;
pub mod scan;
pub mod server;
pub mod settings_edit;
pub mod store;
pub mod template;
pub mod topics;
