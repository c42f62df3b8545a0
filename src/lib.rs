//! oneonone: plain-file notes for 1:1 meetings. Scaffolds the next note,
//! carries open action items forward and reports who is due.
//!
//! Layers, each importing only from those below it:
//! `ops` (commands that change files), `watch`, `report` (read-only
//! answers), `io` (files, cache, git), `plan` (pure decisions), `parse`
//! (YAML and Markdown into the model), `model` (pure types) and `error`.
//! The library knows nothing of the command line and prints nothing: the
//! binary turns flags into the plain option structs here, reads the clock
//! once and passes `today` in.

pub mod error;
pub mod io;
pub mod model;
pub mod ops;
pub mod parse;
pub mod plan;
pub mod report;
pub mod watch;

pub use error::{Error, Result};
