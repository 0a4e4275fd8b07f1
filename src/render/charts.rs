//! Charts for the HTML packet, written as inline SVG (`chart_svg`): no script, no font or file
//! to fetch, greys that survive a black-and-white printer, and a title and description for
//! screen readers.

use chrono::{Datelike, NaiveDate};

use crate::error::Error;
use crate::number::Number;
use crate::render::chart_svg::{self, Anchor, BAR, BLACK, GREY, GRID, Svg, WHITE};

/// The width of a chart that sits two abreast on a page, or alone on a phone at about its own
/// size.
const SMALL_WIDTH: u32 = 400;
/// The narrowest chart: room for its axis labels.
const MIN_WIDTH: u32 = 240;
/// The widest chart: the page's column.
const WIDE_WIDTH: u32 = 680;
/// The length of a tick mark, and the gap between it and its label.
const TICK: i32 = 5;

/// One chart's data and words.
pub struct Chart {
    /// Unique in the document; also prefixes the ids of the title and description.
    pub id: String,
    pub title: String,
    /// The text alternative: what the chart shows, in words and numbers.
    pub description: String,
}

fn failed(chart: &Chart) -> Error {
    Error::Chart(format!("cannot draw the {} chart", chart.title))
}

/// The plotting area in pixels: `left..=right` across, `top..=bottom` down.
#[derive(Clone, Copy)]
struct Area {
    left: i32,
    right: i32,
    top: i32,
    bottom: i32,
}

impl Area {
    /// Inside a `width` by `height` canvas, less the margins and the axis labels' room.
    fn new(width: u32, height: u32, margin: (i32, i32), x_labels: i32, y_labels: i32) -> Area {
        let (margin, margin_right) = margin;
        Area {
            left: margin + y_labels,
            right: width as i32 - margin_right - 1,
            top: margin,
            bottom: height as i32 - margin - x_labels - 1,
        }
    }

    /// The pixel across for `fraction` (0 to 1) of the width.
    fn x(&self, fraction: f64) -> i32 {
        self.left + (f64::from(self.right - self.left) * fraction).round() as i32
    }

    /// The pixel down for `fraction` (0 to 1) of the height, from the bottom.
    fn y(&self, fraction: f64) -> i32 {
        self.bottom - (f64::from(self.bottom - self.top) * fraction).round() as i32
    }

    /// The two axes, just outside the area.
    fn axes(&self, svg: &mut Svg) -> std::fmt::Result {
        svg.line(
            (self.left - 1, self.top),
            (self.left - 1, self.bottom),
            BLACK,
            1,
        )?;
        svg.line(
            (self.left, self.bottom + 1),
            (self.right, self.bottom + 1),
            BLACK,
            1,
        )
    }

    /// A tick and label on the y axis at pixel `y`, and a grid line across if `grid`.
    fn y_tick(&self, svg: &mut Svg, y: i32, label: &str, grid: bool) -> std::fmt::Result {
        if grid {
            svg.line((self.left, y), (self.right, y), GRID, 1)?;
        }
        let axis = self.left - 1;
        svg.line((axis - TICK, y), (axis, y), BLACK, 1)?;
        svg.text((axis - 2 * TICK + 1, y), Anchor::EndMiddle, BLACK, label)
    }

    /// A tick and label on the x axis at pixel `x`.
    fn x_tick(&self, svg: &mut Svg, x: i32, label: &str) -> std::fmt::Result {
        let axis = self.bottom + 1;
        svg.line((x, axis), (x, axis + TICK), BLACK, 1)?;
        svg.text((x, axis + 2 * TICK), Anchor::MiddleBelow, BLACK, label)
    }
}

/// Round values between `low` and `high` for at most `most` axis labels: multiples of 1, 2 or
/// 5 times a power of ten, as fine as fit.
fn ticks(low: f64, high: f64, most: usize) -> Vec<f64> {
    let range = high - low;
    if !(range.is_finite() && range > 0.0 && low.is_finite()) {
        return vec![low];
    }
    let count = |step: f64| (high / step).floor() - (low / step).ceil() + 1.0;
    let mut base = 10f64.powf(range.log10().ceil());
    let mut step = base;
    // A step a tenth as fine gives about ten times as many ticks, so this ends within a few
    // rounds; the bound keeps it so on any float.
    'finer: for _ in 0..8 {
        for factor in [0.5, 0.2, 0.1] {
            let finer = base * factor;
            if count(finer) > most as f64 {
                break 'finer;
            }
            step = finer;
        }
        base /= 10.0;
    }
    let first = (low / step).ceil() as i64;
    let last = (high / step).floor() as i64;
    (first..=last).map(|k| k as f64 * step).collect()
}

/// The first days of months between `start` and `end`, for at most `most` labels: every
/// month, or every 2, 3, 6 or 12 months (quarters from January, years from January), or
/// coarser.
fn month_ticks(start: NaiveDate, end: NaiveDate, most: usize) -> Vec<NaiveDate> {
    let month = |d: NaiveDate| i64::from(d.year()) * 12 + i64::from(d.month0());
    let first_of = |index: i64| {
        let year = i32::try_from(index.div_euclid(12)).ok()?;
        NaiveDate::from_ymd_opt(year, index.rem_euclid(12) as u32 + 1, 1)
    };
    let from = month(start) + i64::from(start.day() > 1);
    let to = month(end);
    for step in [1, 2, 3, 6, 12, 24, 60, 120, 600, 1200, 6000, 12000] {
        let first = from + (step - from.rem_euclid(step)) % step;
        if first > to || (to - first) / step < most as i64 {
            return (0..)
                .map(|k| first + k * step)
                .take_while(|&index| index <= to)
                .filter_map(first_of)
                .collect();
        }
    }
    Vec::new()
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
    let (width, height) = (SMALL_WIDTH, 140);
    let area = Area::new(width, height, (10, 22), 26, 48);
    let x = |day: f64| area.x(day / span);
    let y = |value: f64| area.y((value - low) / (high - low));
    let draw = || -> Result<String, std::fmt::Error> {
        let mut svg = Svg::open(&chart.id, &chart.title, &chart.description, width, height)?;
        for value in ticks(low, high, 4) {
            area.y_tick(&mut svg, y(value), &Number::from(value).display, true)?;
        }
        area.axes(&mut svg)?;
        let months = month_ticks(start, end, 4);
        if months.is_empty() {
            area.x_tick(&mut svg, area.left, &start.format("%b %Y").to_string())?;
        }
        for date in months {
            area.x_tick(&mut svg, x(day(date)), &date.format("%b %Y").to_string())?;
        }
        if let Some(target) = target {
            let at = y(target);
            svg.dashed_line((area.left, at), (area.right, at), GREY, 2, (8, 5))?;
            // The target line is named where it starts, so no legend covers the data.
            svg.text(
                (area.left + 3, at - 3),
                Anchor::StartAbove,
                GREY,
                &format!("target {}", Number::from(target).display),
            )?;
        }
        let pixels: Vec<(i32, i32)> = line.iter().map(|&(d, v)| (x(d), y(v))).collect();
        svg.polyline(&pixels, BLACK, 2)?;
        for &point in &pixels {
            svg.ring(point, 4, BLACK)?;
        }
        Ok(svg.close())
    };
    draw().map_err(|_| failed(chart))
}

/// Activities per quarter: one bar each, with its total above it. The mix of kinds is in the
/// text alternative (and the Markdown table), where it can be read; as shades of grey it could
/// not.
pub fn quarters(chart: &Chart, quarters: &[String], totals: &[usize]) -> Result<String, Error> {
    let top = totals.iter().copied().max().unwrap_or(0).max(1) as f64 * 1.2;
    let columns = quarters.len().max(1);
    // A column per quarter, however many the period has.
    let width = (56 + 64 * quarters.len() as u32).clamp(MIN_WIDTH, WIDE_WIDTH);
    let height = 160;
    let area = Area::new(width, height, (10, 16), 26, 36);
    let column = f64::from(area.right - area.left) / columns as f64;
    let across = |q: usize, at: f64| area.left + (column * (q as f64 + at)).round() as i32;
    let draw = || -> Result<String, std::fmt::Error> {
        let mut svg = Svg::open(&chart.id, &chart.title, &chart.description, width, height)?;
        for value in ticks(0.0, top, 4) {
            let label = format!("{}", value.round());
            area.y_tick(&mut svg, area.y(value / top), &label, true)?;
        }
        area.axes(&mut svg)?;
        for (q, quarter) in quarters.iter().enumerate() {
            area.x_tick(&mut svg, across(q, 0.5), quarter)?;
        }
        for (q, &total) in totals.iter().enumerate().filter(|(_, t)| **t > 0) {
            let bar_top = area.y(total as f64 / top);
            svg.rect(
                (across(q, 0.0) + 12, bar_top),
                (across(q, 1.0) - 12, area.bottom),
                BAR,
            )?;
        }
        for (q, &total) in totals.iter().enumerate() {
            let above = area.y(total as f64 / top + 0.02);
            svg.text(
                (across(q, 0.5), above),
                Anchor::MiddleAbove,
                BLACK,
                &total.to_string(),
            )?;
        }
        Ok(svg.close())
    };
    draw().map_err(|_| failed(chart))
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
    // As wide as the labels and a column per quarter need, so that on a narrow screen it
    // shrinks no more than it must.
    let label_area = 16 + longest * 7 + longest / 2;
    let width = (label_area + 60 * cols + 24).clamp(MIN_WIDTH, WIDE_WIDTH);
    let height = 46 + 28 * rows;
    let area = Area::new(width, height, (10, 10), 26, label_area as i32);
    let column = f64::from(area.right - area.left) / f64::from(cols);
    let row = f64::from(area.bottom - area.top) / f64::from(rows);
    let across = |q: usize, at: f64| area.left + (column * (q as f64 + at)).round() as i32;
    // Row 0 is drawn at the top.
    let down = |r: usize, at: f64| area.top + (row * (r as f64 + at)).round() as i32;
    let draw = || -> Result<String, std::fmt::Error> {
        let mut svg = Svg::open(&chart.id, &chart.title, &chart.description, width, height)?;
        area.axes(&mut svg)?;
        for (r, section) in sections.iter().enumerate() {
            area.y_tick(&mut svg, down(r, 0.5), &short(section), false)?;
        }
        for (q, quarter) in quarters.iter().enumerate() {
            area.x_tick(&mut svg, across(q, 0.5), quarter)?;
        }
        for (r, per_quarter) in counts.iter().enumerate() {
            for (q, &count) in per_quarter.iter().enumerate() {
                let shade = 1.0 - count as f64 / most;
                let level = (60.0 + 190.0 * shade) as u8;
                svg.rect(
                    (across(q, 0.0) + 1, down(r, 0.0) + 1),
                    (across(q, 1.0) - 1, down(r, 1.0) - 1),
                    &chart_svg::grey(level),
                )?;
                let ink = if level < 140 { WHITE } else { BLACK };
                svg.text(
                    (across(q, 0.5), down(r, 0.5)),
                    Anchor::Middle,
                    ink,
                    &count.to_string(),
                )?;
            }
        }
        Ok(svg.close())
    };
    draw().map_err(|_| failed(chart))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn ticks_are_round_and_as_many_as_fit() {
        assert_eq!(ticks(0.0, 364.0, 4), vec![0.0, 100.0, 200.0, 300.0]);
        assert_eq!(ticks(0.0, 10.8, 4), vec![0.0, 5.0, 10.0]);
        assert_eq!(ticks(8.7, 33.0, 4), vec![10.0, 20.0, 30.0]);
        assert_eq!(ticks(-3.0, 3.0, 4), vec![-2.0, 0.0, 2.0]);
        assert_eq!(ticks(5.0, 5.0, 4), vec![5.0]);
    }

    #[test]
    fn ticks_end_on_extreme_ranges() {
        assert!(ticks(-1e300, 1e300, 4).len() <= 4);
        assert!(ticks(1e15, 1e15 + 2.0, 4).len() <= 4);
    }

    #[test]
    fn month_ticks_fall_on_quarters_of_a_year() {
        let ticks = month_ticks(date(2025, 7, 1), date(2026, 6, 30), 4);
        let want = [
            date(2025, 7, 1),
            date(2025, 10, 1),
            date(2026, 1, 1),
            date(2026, 4, 1),
        ];
        assert_eq!(ticks, want);
    }

    #[test]
    fn month_ticks_start_at_the_first_whole_month() {
        let ticks = month_ticks(date(2025, 7, 15), date(2025, 10, 20), 4);
        let want = [date(2025, 8, 1), date(2025, 9, 1), date(2025, 10, 1)];
        assert_eq!(ticks, want);
        assert!(month_ticks(date(2025, 7, 2), date(2025, 7, 20), 4).is_empty());
        assert!(month_ticks(date(1900, 1, 1), date(2100, 1, 1), 4).len() <= 4);
    }
}
