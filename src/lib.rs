//! promopack turns a TOML log of activities, evidence and metrics, plus a company's review
//! rubric, into a promotion packet organised by the rubric's sections.
//!
//! Data flows one way: [`load`] reads files into raw input types, [`validate`] checks them into
//! the [`model`], [`render`] turns the model into text through [`templates`], and [`output`]
//! writes it.

pub mod charts;
pub mod cli;
pub mod context;
pub mod coverage;
pub mod diagnostic;
pub mod edit;
pub mod error;
pub mod figures;
pub mod filters;
pub mod import;
pub mod load;
pub mod markdown;
pub mod metrics;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod plain;
pub mod render;
pub mod report;
pub mod rubric;
pub mod schema;
pub mod suggest;
pub mod synthetic;
pub mod templates;
pub mod validate;

pub use error::Error;
