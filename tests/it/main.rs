//! The integration tests: one binary, so the library is linked once rather than per file.

mod add;
mod cases;
mod check;
mod cli;
mod common;
mod concurrent;
mod confine;
mod examples;
mod import;
mod include;
mod injection;
mod ladder_layout;
mod ladders;
mod layout;
mod numbers;
mod one_run;
mod pdf;
mod properties;
mod render;
mod shapes;
mod templates;
mod text;
mod tools;
mod watch;
mod xss;
