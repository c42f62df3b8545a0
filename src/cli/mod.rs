//! The command line: flags into plain options, the library's answers onto
//! the terminal.

pub mod args;
pub mod commands;
pub mod completions;
pub mod lsp;
pub mod repos;
