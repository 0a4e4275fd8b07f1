//! promopack turns a TOML log of activities, evidence and metrics, plus a company's review
//! rubric, into a promotion packet organised by the rubric's sections.
//!
//! Data flows one way, and each stage has its folder (see `docs/architecture.md`):
//! [`packet`] reads a packet and all it pulls in once ([`packet::load`]), then checks it into
//! the model ([`packet::validate`]) against a [`rubric`]; [`render`] turns the model into a
//! template context and text; [`output`] writes it. [`check`] reports problems, which every
//! stage describes as [`diagnostic`]s; [`links`] requests evidence links for `check --links`,
//! the only part that touches the network; [`import`] drafts activities; [`cli`] is the only
//! part that knows the command line.

pub mod check;
pub mod cli;
pub mod diagnostic;
mod edit;
pub mod error;
mod import;
mod link;
pub mod links;
mod markdown;
mod number;
pub mod output;
pub mod packet;
pub mod pipeline;
mod read;
pub mod render;
pub mod rubric;
mod schema;
#[doc(hidden)]
pub mod synthetic;

pub use error::Error;
