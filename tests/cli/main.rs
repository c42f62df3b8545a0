//! Integration tests: the real binary on temporary repositories with a
//! fixed `--today`.

mod actions;
mod check;
mod done;
mod new;
mod prep;
mod support;
