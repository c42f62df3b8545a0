//! oneonone: plain-file notes for 1:1 meetings. Scaffolds the next note,
//! carries open action items forward and reports who is due.
//!
//! The library knows nothing of the command line: the binary turns flags
//! into the plain option structs here, reads the clock once and passes
//! `today` in.

pub mod action;
pub mod cache;
pub mod cadence;
pub mod carry;
pub mod check;
pub mod done;
pub mod editor;
pub mod error;
pub mod frontmatter;
#[cfg(test)]
mod fuzz;
pub mod git;
pub mod index;
pub mod init;
pub mod note;
pub mod repo;
pub mod report;
pub mod scaffold;
pub mod settings;
pub mod store;
pub mod template;
pub mod topics;
pub mod watch;

pub use error::{Error, Result};
