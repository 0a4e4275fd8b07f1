//! How promopack reads Markdown: one set of parser options for every text, so that a table is a
//! table in the HTML, in the plain text and for the rubric's checks alike.

use pulldown_cmark::Options;

/// The Markdown every text of a packet or rubric is written in.
pub const OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_TASKLISTS)
    .union(Options::ENABLE_FOOTNOTES);
