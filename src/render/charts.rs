//! Charts for the HTML packet, drawn by plotters as inline SVG: no script, no font or file to
//! fetch, greys that survive a black-and-white printer, and a title and description for
//! screen readers.

use chrono::{Duration, NaiveDate};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::error::Error;
use crate::number::Number;

const FONT: &str = "sans-serif";
/// The width of a chart that sits two abreast on a page, or alone on a phone at about its own
/// size.
const SMALL_WIDTH: u32 = 400;
/// The narrowest chart: room for its axis labels.
const MIN_WIDTH: u32 = 240;
/// The widest chart: the page's column.
const WIDE_WIDTH: u32 = 680;
/// The size of all chart text as plotters takes it, which writes it divided by 1.24: about 12
/// SVG pixels. Charts are drawn about as wide as they are shown (see `SMALL_WIDTH`), so the
/// text is shown at about that size and stays legible.
const TEXT: u32 = 15;

/// One chart's data and words.
pub struct Chart {
    /// Unique in the document; also prefixes the ids of the title and description.
    pub id: String,
    pub title: String,
    /// The text alternative: what the chart shows, in words and numbers.
    pub description: String,
}

fn failed(chart: &str, err: impl std::fmt::Display) -> Error {
    Error::Chart(format!("cannot draw the {chart} chart: {err}"))
}

/// Draws on an SVG canvas of `size` and returns the SVG with its text alternative.
fn draw(
    chart: &Chart,
    size: (u32, u32),
    paint: impl FnOnce(&DrawingArea<SVGBackend, Shift>) -> Result<(), String>,
) -> Result<String, Error> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        root.fill(&WHITE).map_err(|e| failed(&chart.title, e))?;
        paint(&root).map_err(|e| failed(&chart.title, e))?;
        root.present().map_err(|e| failed(&chart.title, e))?;
    }
    Ok(accessible(&svg, chart))
}

/// Gives the SVG a role, a title and a description, and lets it shrink with the page.
fn accessible(svg: &str, chart: &Chart) -> String {
    let Some(open_end) = svg.find('>') else {
        return svg.to_owned();
    };
    let id = &chart.id;
    format!(
        "{} id=\"{id}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" preserveAspectRatio=\"xMinYMin meet\">\n<title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>{}",
        &svg[..open_end],
        xml_escape(&chart.title),
        xml_escape(&chart.description),
        &svg[open_end + 1..]
    )
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A headline metric over the review period, small enough to sit two abreast: the baseline at
/// the start, each dated point, and the target as a dashed line. The page names the metric
/// and its unit beside the chart; the SVG's title and description say both for a screen reader.
pub fn metric(
    chart: &Chart,
    period: (NaiveDate, NaiveDate),
    baseline: Option<f64>,
    target: Option<f64>,
    points: &[(NaiveDate, f64)],
) -> Result<String, Error> {
    let (start, end) = period;
    let day = |d: NaiveDate| (d - start).num_days() as f64;
    let span = day(end).max(1.0);
    let mut line: Vec<(f64, f64)> = baseline.map(|b| (0.0, b)).into_iter().collect();
    line.extend(points.iter().map(|(d, v)| (day(*d).clamp(0.0, span), *v)));
    let values = line.iter().map(|(_, v)| *v).chain(target);
    let (low, high) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    let (low, high) = if low.is_finite() {
        (low, high)
    } else {
        (0.0, 1.0)
    };
    let pad = ((high - low) * 0.15).max(1.0);
    let low = if low >= 0.0 && low - pad < 0.0 {
        0.0
    } else {
        low - pad
    };
    let high = high + pad;
    let label = |x: &f64| {
        (start + Duration::days(x.round() as i64))
            .format("%b %Y")
            .to_string()
    };
    let y_label = |y: &f64| Number::from(*y).display;
    draw(chart, (SMALL_WIDTH, 140), |root| {
        let mut plot = ChartBuilder::on(root)
            .margin(10)
            .margin_right(22)
            .x_label_area_size(26)
            .y_label_area_size(48)
            .build_cartesian_2d(0.0..span, low..high)
            .map_err(|e| e.to_string())?;
        plot.configure_mesh()
            .disable_x_mesh()
            .y_max_light_lines(0)
            .bold_line_style(RGBColor(225, 225, 225))
            .x_labels(4)
            .x_label_formatter(&label)
            .y_labels(4)
            .y_label_formatter(&y_label)
            .label_style((FONT, TEXT))
            .draw()
            .map_err(|e| e.to_string())?;
        if let Some(target) = target {
            let grey = RGBColor(100, 100, 100);
            plot.draw_series(DashedLineSeries::new(
                [(0.0, target), (span, target)],
                8,
                5,
                grey.stroke_width(2),
            ))
            .map_err(|e| e.to_string())?;
            // The target line is named where it starts, so no legend covers the data.
            let above = (high - low) * 0.03;
            plot.draw_series([Text::new(
                format!("target {}", Number::from(target).display),
                (span * 0.01, target + above),
                (FONT, TEXT)
                    .into_font()
                    .color(&grey)
                    .pos(Pos::new(HPos::Left, VPos::Bottom)),
            )])
            .map_err(|e| e.to_string())?;
        }
        plot.draw_series(LineSeries::new(line.clone(), BLACK.stroke_width(2)).point_size(4))
            .map_err(|e| e.to_string())?;
        Ok(())
    })
}

/// Activities per quarter: one bar each, with its total above it. The mix of kinds is in the
/// text alternative (and the Markdown table), where it can be read; as shades of grey it could
/// not.
pub fn quarters(chart: &Chart, quarters: &[String], totals: &[usize]) -> Result<String, Error> {
    let top = totals.iter().copied().max().unwrap_or(0).max(1) as f64 * 1.2;
    // A discrete range includes its end: n quarters are 0..=n-1.
    let last = quarters.len().saturating_sub(1) as u32;
    let label = |v: &SegmentValue<u32>| match v {
        SegmentValue::CenterOf(i) | SegmentValue::Exact(i) => {
            quarters.get(*i as usize).cloned().unwrap_or_default()
        }
        SegmentValue::Last => String::new(),
    };
    // A column per quarter, however many the period has.
    let width = (56 + 64 * quarters.len() as u32).clamp(MIN_WIDTH, WIDE_WIDTH);
    draw(chart, (width, 160), |root| {
        let mut plot = ChartBuilder::on(root)
            .margin(10)
            .margin_right(16)
            .x_label_area_size(26)
            .y_label_area_size(36)
            .build_cartesian_2d((0..last).into_segmented(), 0.0..top)
            .map_err(|e| e.to_string())?;
        plot.configure_mesh()
            .disable_x_mesh()
            .y_max_light_lines(0)
            .bold_line_style(RGBColor(225, 225, 225))
            .x_label_formatter(&label)
            .y_labels(4)
            .y_label_formatter(&|y| format!("{}", y.round()))
            .label_style((FONT, TEXT))
            .draw()
            .map_err(|e| e.to_string())?;
        let bars = totals
            .iter()
            .enumerate()
            .filter(|(_, total)| **total > 0)
            .map(|(q, total)| {
                let x = q as u32;
                let mut bar = Rectangle::new(
                    [
                        (SegmentValue::Exact(x), 0.0),
                        (SegmentValue::Exact(x + 1), *total as f64),
                    ],
                    RGBColor(90, 90, 90).filled(),
                );
                bar.set_margin(0, 0, 12, 12);
                bar
            });
        plot.draw_series(bars).map_err(|e| e.to_string())?;
        let labels = totals.iter().enumerate().map(|(q, total)| {
            Text::new(
                total.to_string(),
                (SegmentValue::CenterOf(q as u32), *total as f64 + top * 0.02),
                (FONT, TEXT)
                    .into_font()
                    .color(&BLACK)
                    .pos(Pos::new(HPos::Center, VPos::Bottom)),
            )
        });
        plot.draw_series(labels).map_err(|e| e.to_string())?;
        Ok(())
    })
}

/// Rubric sections by quarter, each cell shaded by its number of activities and labelled
/// with it, so it reads without colour.
pub fn coverage(
    chart: &Chart,
    sections: &[String],
    quarters: &[String],
    counts: &[Vec<usize>],
) -> Result<String, Error> {
    let rows = sections.len().max(1) as u32;
    let cols = quarters.len().max(1) as u32;
    // Discrete ranges include their end.
    let (last_row, last_col) = (rows - 1, cols - 1);
    let most = counts.iter().flatten().copied().max().unwrap_or(0).max(1) as f64;
    let longest = sections
        .iter()
        .map(|s| s.chars().count())
        .max()
        .unwrap_or(8)
        .min(32) as u32;
    let short = |name: &str| {
        if name.chars().count() > 32 {
            format!("{}…", name.chars().take(31).collect::<String>())
        } else {
            name.to_owned()
        }
    };
    let x_label = |v: &SegmentValue<u32>| match v {
        SegmentValue::CenterOf(i) | SegmentValue::Exact(i) => {
            quarters.get(*i as usize).cloned().unwrap_or_default()
        }
        SegmentValue::Last => String::new(),
    };
    let y_label = |v: &SegmentValue<u32>| match v {
        // Row 0 is drawn at the top.
        SegmentValue::CenterOf(i) | SegmentValue::Exact(i) => sections
            .get((rows - 1 - (*i).min(rows - 1)) as usize)
            .map(|s| short(s))
            .unwrap_or_default(),
        SegmentValue::Last => String::new(),
    };
    // As wide as the labels and a column per quarter need, so that on a narrow screen it
    // shrinks no more than it must.
    let label_area = 16 + longest * 7 + longest / 2;
    let width = (label_area + 60 * cols + 24).clamp(MIN_WIDTH, WIDE_WIDTH);
    let height = 46 + 28 * rows;
    draw(chart, (width, height), |root| {
        let mut plot = ChartBuilder::on(root)
            .margin(10)
            .x_label_area_size(26)
            .y_label_area_size(label_area)
            .build_cartesian_2d(
                (0..last_col).into_segmented(),
                (0..last_row).into_segmented(),
            )
            .map_err(|e| e.to_string())?;
        plot.configure_mesh()
            .disable_mesh()
            .x_label_formatter(&x_label)
            .y_label_formatter(&y_label)
            .y_labels(rows as usize)
            .label_style((FONT, TEXT))
            .draw()
            .map_err(|e| e.to_string())?;
        for (r, per_quarter) in counts.iter().enumerate() {
            let y = rows - 1 - r as u32;
            for (q, &count) in per_quarter.iter().enumerate() {
                let x = q as u32;
                let shade = 1.0 - count as f64 / most;
                let level = (60.0 + 190.0 * shade) as u8;
                let fill = RGBColor(level, level, level);
                let mut cell = Rectangle::new(
                    [
                        (SegmentValue::Exact(x), SegmentValue::Exact(y)),
                        (SegmentValue::Exact(x + 1), SegmentValue::Exact(y + 1)),
                    ],
                    fill.filled(),
                );
                cell.set_margin(1, 1, 1, 1);
                let ink = if level < 140 { WHITE } else { BLACK };
                let text = Text::new(
                    count.to_string(),
                    (SegmentValue::CenterOf(x), SegmentValue::CenterOf(y)),
                    (FONT, TEXT)
                        .into_font()
                        .color(&ink)
                        .pos(Pos::new(HPos::Center, VPos::Center)),
                );
                plot.draw_series([cell]).map_err(|e| e.to_string())?;
                plot.draw_series([text]).map_err(|e| e.to_string())?;
            }
        }
        Ok(())
    })
}
