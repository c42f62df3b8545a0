//! Commands that change files in the repository, each through `io::store`.

pub mod check;
pub mod init;
pub mod mark;
pub mod new;
pub mod pause;
pub mod rename;
pub mod topic;
