//! The integration tests: one binary, so the library is linked once rather than per file.

mod add;
mod cases;
mod check;
mod cli;
mod common;
mod concurrent;
mod confine;
mod diagnostics;
mod docs;
mod everyday;
mod examples;
mod growth;
// Drafting from git and feeds, as these two do, needs the default features `git` and `feed`.
#[cfg(all(feature = "git", feature = "feed"))]
mod help_examples;
#[cfg(all(feature = "git", feature = "feed"))]
mod import;
mod include;
mod injection;
mod ladder_layout;
mod ladders;
mod layout;
mod links;
mod numbers;
mod one_run;
mod pdf;
mod properties;
mod readme;
mod render;
mod review;
mod shapes;
mod slice;
mod templates;
mod text;
mod tools;
mod watch;
mod xss;
