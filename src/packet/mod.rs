//! The packet stage: read a packet and all it pulls in once (`load`), as raw input types
//! (`raw`, `values`, `parse`), then check it into the model (`validate` -> `model`).

pub mod coverage;
pub mod load;
pub mod model;
mod parse;
pub mod period;
pub mod placeholder;
pub mod plain;
pub mod raw;
pub mod short;
pub mod slice;
pub mod validate;
pub mod values;

pub use load::{Loaded, load, load_reaching, load_source, load_source_reaching};
pub use period::PeriodOverride;
pub use slice::LeftOut;
pub use validate::Checked;
