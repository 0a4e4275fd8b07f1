//! A small SVG writer for the charts: whole-pixel coordinates, fixed colours and one font,
//! written straight into one string. A chart is a few dozen elements, so this is all the
//! drawing library it needs.

use std::fmt::{self, Write};

/// Text colour, axes and points.
pub const BLACK: &str = "#000000";
pub const WHITE: &str = "#FFFFFF";
/// Grid lines: light enough to sit behind the data, dark enough to survive a printer.
pub const GRID: &str = "#E1E1E1";
/// The target line and its label.
pub const GREY: &str = "#646464";
/// The bars.
pub const BAR: &str = "#5A5A5A";
/// The size of all chart text in SVG pixels: charts are drawn about as wide as they are shown,
/// so it stays legible.
const FONT_SIZE: u32 = 12;

/// Where a text sits against its point, across and down.
#[derive(Clone, Copy)]
pub enum Anchor {
    /// Right of the point, above it: the target's label.
    StartAbove,
    /// Centred, above the point: a bar's total.
    MiddleAbove,
    /// Centred on the point: a cell's count.
    Middle,
    /// Centred, below the point: an x axis label.
    MiddleBelow,
    /// Left of the point, centred on it: a y axis label.
    EndMiddle,
}

impl Anchor {
    fn attributes(self) -> (&'static str, &'static str) {
        match self {
            Anchor::StartAbove => ("start", "-0.5ex"),
            Anchor::MiddleAbove => ("middle", "-0.5ex"),
            Anchor::Middle => ("middle", "0.5ex"),
            Anchor::MiddleBelow => ("middle", "0.76em"),
            Anchor::EndMiddle => ("end", "0.5ex"),
        }
    }
}

/// One SVG document being written.
pub struct Svg {
    out: String,
}

impl Svg {
    /// Opens an SVG of `width` by `height` with a role, a title and a description for screen
    /// readers, that shrinks with the page, on a white ground.
    pub fn open(
        id: &str,
        title: &str,
        description: &str,
        width: u32,
        height: u32,
    ) -> Result<Svg, fmt::Error> {
        let mut out = String::with_capacity(4096);
        write!(
            out,
            "<svg width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" xmlns=\"http://www.w3.org/2000/svg\" id=\"{id}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" preserveAspectRatio=\"xMinYMin meet\">\n<title id=\"{id}-title\">"
        )?;
        escape_into(&mut out, title);
        write!(out, "</title>\n<desc id=\"{id}-desc\">")?;
        escape_into(&mut out, description);
        write!(
            out,
            "</desc>\n<rect width=\"{width}\" height=\"{height}\" fill=\"{WHITE}\"/>\n<g font-family=\"sans-serif\" font-size=\"{FONT_SIZE}\">\n"
        )?;
        Ok(Svg { out })
    }

    pub fn line(
        &mut self,
        (x1, y1): (i32, i32),
        (x2, y2): (i32, i32),
        colour: &str,
        width: u32,
    ) -> fmt::Result {
        writeln!(
            self.out,
            "<line x1=\"{x1}\" y1=\"{y1}\" x2=\"{x2}\" y2=\"{y2}\" stroke=\"{colour}\" stroke-width=\"{width}\"/>"
        )
    }

    /// A line of `dash` pixels drawn, `gap` left out.
    pub fn dashed_line(
        &mut self,
        (x1, y1): (i32, i32),
        (x2, y2): (i32, i32),
        colour: &str,
        width: u32,
        (dash, gap): (u32, u32),
    ) -> fmt::Result {
        writeln!(
            self.out,
            "<line x1=\"{x1}\" y1=\"{y1}\" x2=\"{x2}\" y2=\"{y2}\" stroke=\"{colour}\" stroke-width=\"{width}\" stroke-dasharray=\"{dash} {gap}\"/>"
        )
    }

    pub fn polyline(&mut self, points: &[(i32, i32)], colour: &str, width: u32) -> fmt::Result {
        self.out.push_str("<polyline fill=\"none\" points=\"");
        for (i, (x, y)) in points.iter().enumerate() {
            if i > 0 {
                self.out.push(' ');
            }
            write!(self.out, "{x},{y}")?;
        }
        writeln!(
            self.out,
            "\" stroke=\"{colour}\" stroke-width=\"{width}\"/>"
        )
    }

    /// An unfilled circle.
    pub fn ring(&mut self, (x, y): (i32, i32), radius: u32, colour: &str) -> fmt::Result {
        writeln!(
            self.out,
            "<circle cx=\"{x}\" cy=\"{y}\" r=\"{radius}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"/>"
        )
    }

    /// A filled rectangle between two corners.
    pub fn rect(&mut self, (x1, y1): (i32, i32), (x2, y2): (i32, i32), fill: &str) -> fmt::Result {
        let (x, width) = (x1.min(x2), (x2 - x1).abs());
        let (y, height) = (y1.min(y2), (y2 - y1).abs());
        writeln!(
            self.out,
            "<rect x=\"{x}\" y=\"{y}\" width=\"{width}\" height=\"{height}\" fill=\"{fill}\"/>"
        )
    }

    /// A text, XML-escaped; black unless `colour` says otherwise.
    pub fn text(
        &mut self,
        (x, y): (i32, i32),
        anchor: Anchor,
        colour: &str,
        text: &str,
    ) -> fmt::Result {
        let (text_anchor, dy) = anchor.attributes();
        write!(
            self.out,
            "<text x=\"{x}\" y=\"{y}\" dy=\"{dy}\" text-anchor=\"{text_anchor}\""
        )?;
        if colour != BLACK {
            write!(self.out, " fill=\"{colour}\"")?;
        }
        self.out.push('>');
        escape_into(&mut self.out, text);
        self.out.push_str("</text>\n");
        Ok(())
    }

    pub fn close(mut self) -> String {
        self.out.push_str("</g>\n</svg>");
        self.out
    }
}

/// A grey as `#RRGGBB`, darker as `level` falls.
pub fn grey(level: u8) -> String {
    format!("#{level:02X}{level:02X}{level:02X}")
}

/// Appends `text` with `&`, `<`, `>` and `"` escaped, enough for element text and attribute
/// values in double quotes.
fn escape_into(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(at) = rest.find(['&', '<', '>', '"']) {
        out.push_str(&rest[..at]);
        out.push_str(match rest.as_bytes()[at] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            _ => "&quot;",
        });
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_in_text() {
        let mut out = String::new();
        escape_into(&mut out, "R&D <b>\"x\"</b> ü");
        assert_eq!(out, "R&amp;D &lt;b&gt;&quot;x&quot;&lt;/b&gt; ü");
    }

    #[test]
    fn writes_title_and_description_escaped() {
        let svg = Svg::open("c", "A & B", "<desc>", 10, 20)
            .map(Svg::close)
            .unwrap_or_default();
        assert!(svg.contains("<title id=\"c-title\">A &amp; B</title>"));
        assert!(svg.contains("<desc id=\"c-desc\">&lt;desc&gt;</desc>"));
        assert!(svg.starts_with("<svg width=\"10\" height=\"20\" viewBox=\"0 0 10 20\""));
        assert!(svg.ends_with("</svg>"));
    }
}
