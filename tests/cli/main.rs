//! Integration tests: the real binary on temporary repositories with a
//! fixed `--today`.

mod new;
mod support;
