//! The report's chart: two panels in one SVG, interviews raising an indicator by
//! dimension (bars) and assessed interviews by level and month (grouped bars).
//!
//! Owns drawing only, from the tables of a [`Report`]. A suppressed count is never drawn
//! as a value: its slot holds a `*` mark. Text is written as SVG `<text>` (plotters
//! without font features), so drawing needs no system font.

use anyhow::{Context, Result};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use senim_l10n::args;
use senim_report::{Report, Table, table_ids};

use crate::words;

const WIDTH: u32 = 1000;
const HEIGHT: u32 = 960;
const FONT: &str = "sans-serif";

/// Bars of the dimension panel.
pub const DIMENSION_COLOR: RGBColor = RGBColor(0x2c, 0x6e, 0xaa);
/// Bars of the month panel, one colour per level (none, monitor, possible, likely).
pub const LEVEL_COLORS: [RGBColor; 4] = [
    RGBColor(0x9e, 0x9e, 0x9e),
    RGBColor(0xe0, 0xa8, 0x00),
    RGBColor(0xf0, 0x6c, 0x2c),
    RGBColor(0xb3, 0x00, 0x1b),
];
const LEVELS: [&str; 4] = ["none", "monitor", "possible", "likely"];
const MARK_COLOR: RGBColor = RGBColor(0x55, 0x55, 0x55);

/// A count column of a table as (row label, shown value): `None` for a suppressed cell.
fn column(table: &Table, label: &str, id: &str) -> Vec<(String, Option<u64>)> {
    let (Some(l), Some(c)) = (table.column(label), table.column(id)) else {
        return Vec::new();
    };
    table
        .rows
        .iter()
        .map(|r| {
            let count = r[c].as_count();
            let value = count.and_then(|c| if c.suppressed { None } else { c.value });
            (r[l].as_label().unwrap_or_default().to_string(), value)
        })
        .collect()
}

/// The labels of a label column.
fn column_labels(table: &Table, id: &str) -> Vec<String> {
    let Some(c) = table.column(id) else {
        return Vec::new();
    };
    table
        .rows
        .iter()
        .map(|r| r[c].as_label().unwrap_or_default().to_string())
        .collect()
}

/// At most `max` characters, ending with "…" when cut.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut = cut.trim_end().trim_end_matches(',').to_string();
    cut.push('…');
    cut
}

/// A name on at most two lines of at most `width` characters, broken between words;
/// the second line is shortened when the name is longer.
fn two_lines(text: &str, width: usize) -> Vec<String> {
    let mut first = String::new();
    let mut words = text.split_whitespace().peekable();
    while let Some(w) = words.peek() {
        let len = first.chars().count() + usize::from(!first.is_empty()) + w.chars().count();
        if len > width && !first.is_empty() {
            break;
        }
        if !first.is_empty() {
            first.push(' ');
        }
        first.push_str(w);
        words.next();
    }
    let rest: Vec<&str> = words.collect();
    let mut out = vec![shorten(&first, width)];
    if !rest.is_empty() {
        out.push(shorten(&rest.join(" "), width));
    }
    out.retain(|l| !l.is_empty());
    out
}

/// The top of the y axis: a little above the highest bar, at least 1.
fn y_top(values: impl Iterator<Item = u64>) -> u64 {
    let max = values.max().unwrap_or(0).max(1);
    max + (max / 10).max(1)
}

/// A panel's title on the left of its first line and its legend (a swatch and a name
/// per series) on the right.
fn heading(
    area: &DrawingArea<SVGBackend<'_>, Shift>,
    title: &str,
    items: &[(&str, RGBColor)],
) -> Result<()> {
    area.draw(&Text::new(
        title.to_string(),
        (76, 24),
        (FONT, 18)
            .into_font()
            .color(&BLACK)
            .pos(Pos::new(HPos::Left, VPos::Center)),
    ))?;
    let style = (FONT, 13)
        .into_font()
        .color(&BLACK)
        .pos(Pos::new(HPos::Left, VPos::Center));
    // Widths from the same estimate the layout uses (about 0.6 em per character).
    let widths: Vec<i32> = items
        .iter()
        .map(|(label, _)| 12 + 6 + (label.chars().count() as f64 * 13.0 * 0.6) as i32 + 16)
        .collect();
    let (w, _) = area.dim_in_pixel();
    let mut x = w as i32 - 40 - widths.iter().sum::<i32>();
    for ((label, color), width) in items.iter().zip(widths) {
        area.draw(&Rectangle::new([(x, 18), (x + 12, 30)], color.filled()))?;
        area.draw(&Text::new(label.to_string(), (x + 18, 24), style.clone()))?;
        x += width;
    }
    Ok(())
}

/// The counts a threshold suppresses, in words (the chart's note, and the text
/// table's legend).
pub fn small_counts(threshold: u32) -> String {
    words::format(
        "cli-report-small-counts",
        &args!["max" => threshold.max(2) - 1],
    )
}

/// Draws the chart and returns the SVG document.
pub fn draw(report: &Report) -> Result<String> {
    let mut svg = String::new();
    draw_into(report, &mut svg).with_context(|| words::text("cli-report-chart-failed"))?;
    Ok(svg)
}

fn draw_into(report: &Report, svg: &mut String) -> Result<()> {
    let dims = report
        .table(table_ids::DIMENSIONS)
        .map(|t| column(t, "dimension", "interviews"))
        .unwrap_or_default();
    let months_table = report.table(table_ids::MONTHS);
    let months: Vec<String> = months_table
        .map(|t| {
            column(t, "month", "records")
                .into_iter()
                .map(|(m, _)| m)
                .collect()
        })
        .unwrap_or_default();
    let levels: Vec<Vec<Option<u64>>> = LEVELS
        .iter()
        .map(|l| {
            months_table
                .map(|t| column(t, "month", l).into_iter().map(|(_, v)| v).collect())
                .unwrap_or_default()
        })
        .collect();
    // Only the months from the first to the last with an assessment (shown or
    // suppressed): months with records but no assessment would only widen the panel.
    let busy = |i: &usize| levels.iter().any(|l| l[*i] != Some(0));
    let first = (0..months.len()).find(busy);
    let last = (0..months.len()).rev().find(busy);
    let (months, levels) = match (first, last) {
        (Some(a), Some(b)) => (
            months[a..=b].to_vec(),
            levels.iter().map(|l| l[a..=b].to_vec()).collect::<Vec<_>>(),
        ),
        _ => (Vec::new(), vec![Vec::new(); LEVELS.len()]),
    };
    let dim_names: Vec<String> = report
        .table(table_ids::DIMENSIONS)
        .map(|t| column_labels(t, "name"))
        .unwrap_or_default();
    let note = words::format(
        "cli-chart-note",
        &args!["small" => small_counts(report.threshold)],
    );
    let period = match (report.period.from, report.period.to) {
        (None, None) => words::text("cli-report-period-all"),
        (f, t) => words::format(
            "cli-chart-period",
            &args![
                "from" => f.map_or(words::text("cli-chart-first-record"), |d| d.to_string()),
                "to" => t.map_or(words::text("cli-chart-last-record"), |d| d.to_string())
            ],
        ),
    };

    let root = SVGBackend::with_string(svg, (WIDTH, HEIGHT)).into_drawing_area();
    root.fill(&WHITE)?;
    let (header, body) = root.split_vertically(40);
    header.draw(&Text::new(
        words::format("cli-chart-title", &args!["period" => period]),
        (20, 12),
        (FONT, 20).into_font().color(&BLACK),
    ))?;
    let (top, bottom) = body.split_vertically((HEIGHT - 40) / 2);
    let mark_style = (FONT, 22, FontStyle::Bold)
        .into_font()
        .color(&MARK_COLOR)
        .pos(Pos::new(HPos::Center, VPos::Bottom));
    let label_style = (FONT, 13)
        .into_font()
        .color(&BLACK)
        .pos(Pos::new(HPos::Center, VPos::Top));
    let note_style = (FONT, 12).into_font().color(&MARK_COLOR);
    let name_style = (FONT, 11)
        .into_font()
        .color(&MARK_COLOR)
        .pos(Pos::new(HPos::Center, VPos::Top));

    // Panel 1: interviews raising an indicator, by dimension.
    {
        let n = dims.len().max(1);
        heading(
            &top,
            &words::text("cli-chart-dimensions"),
            &[(&words::text("cli-chart-interviews"), DIMENSION_COLOR)],
        )?;
        let mut chart = ChartBuilder::on(&top)
            .margin(16)
            .margin_top(48)
            .margin_right(40)
            .margin_bottom(30)
            .x_label_area_size(76)
            .y_label_area_size(60)
            .build_cartesian_2d(
                -0.5f64..(n as f64 - 0.5),
                0u64..y_top(dims.iter().filter_map(|(_, v)| *v)),
            )?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(0)
            .y_labels(6)
            .max_light_lines(1)
            .y_desc(words::text("cli-report-column-interviews"))
            .x_desc(words::text("cli-report-column-dimension"))
            .axis_desc_style((FONT, 14))
            .label_style((FONT, 12))
            .draw()?;
        chart.draw_series(dims.iter().enumerate().filter_map(|(i, (_, v))| {
            let v = (*v).filter(|&v| v > 0)?;
            let x = i as f64;
            Some(Rectangle::new(
                [(x - 0.35, 0), (x + 0.35, v)],
                DIMENSION_COLOR.filled(),
            ))
        }))?;
        let (x_left, _) = chart.backend_coord(&(-0.5, 0));
        let (x_right, _) = chart.backend_coord(&(n as f64 - 0.5, 0));
        // The built-in text estimate is about 0.45 em per character.
        let name_chars = ((x_right - x_left) as f64 / n as f64 / (11.0 * 0.6)) as usize;
        for (i, (label, v)) in dims.iter().enumerate() {
            let (px, py) = chart.backend_coord(&(i as f64, 0));
            root.draw(&Text::new(label.clone(), (px, py + 6), label_style.clone()))?;
            if let Some(name) = dim_names.get(i) {
                for (k, line) in two_lines(name, name_chars).into_iter().enumerate() {
                    root.draw(&Text::new(
                        line,
                        (px, py + 22 + 13 * k as i32),
                        name_style.clone(),
                    ))?;
                }
            }
            if v.is_none() {
                root.draw(&Text::new("*", (px, py - 2), mark_style.clone()))?;
            }
        }
        let (_, h) = top.dim_in_pixel();
        top.draw(&Text::new(
            note.clone(),
            (16, h as i32 - 18),
            note_style.clone(),
        ))?;
    }

    // Panel 2: assessed interviews by level and month, one bar per level.
    {
        let n = months.len().max(1);
        let names: Vec<String> = LEVELS
            .iter()
            .map(|l| words::named("cli-level-", l))
            .collect();
        let items: Vec<(&str, RGBColor)> =
            names.iter().map(String::as_str).zip(LEVEL_COLORS).collect();
        heading(&bottom, &words::text("cli-chart-levels"), &items)?;
        let mut chart = ChartBuilder::on(&bottom)
            .margin(16)
            .margin_top(48)
            .margin_right(40)
            .margin_bottom(30)
            .x_label_area_size(50)
            .y_label_area_size(60)
            .build_cartesian_2d(
                -0.5f64..(n as f64 - 0.5),
                0u64..y_top(levels.iter().flatten().filter_map(|v| *v)),
            )?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(0)
            .y_labels(6)
            .max_light_lines(1)
            .y_desc(words::text("cli-report-column-interviews"))
            .x_desc(words::text("cli-report-column-month"))
            .axis_desc_style((FONT, 14))
            .label_style((FONT, 12))
            .draw()?;
        let slot = 0.8 / LEVELS.len() as f64;
        for (j, color) in LEVEL_COLORS.into_iter().enumerate() {
            chart.draw_series(levels[j].iter().enumerate().filter_map(|(i, v)| {
                let v = (*v).filter(|&v| v > 0)?;
                let x0 = i as f64 - 0.4 + j as f64 * slot;
                Some(Rectangle::new(
                    [(x0 + 0.01, 0), (x0 + slot - 0.01, v)],
                    color.filled(),
                ))
            }))?;
            for (i, v) in levels[j].iter().enumerate() {
                if v.is_none() {
                    let x = i as f64 - 0.4 + (j as f64 + 0.5) * slot;
                    let (px, py) = chart.backend_coord(&(x, 0));
                    let style = (FONT, 22, FontStyle::Bold)
                        .into_font()
                        .color(&color)
                        .pos(Pos::new(HPos::Center, VPos::Bottom));
                    root.draw(&Text::new("*", (px, py - 2), style))?;
                }
            }
        }
        // Month labels: as many as fit without overlapping.
        let (x_left, _) = chart.backend_coord(&(-0.5, 0));
        let (x_right, _) = chart.backend_coord(&(n as f64 - 0.5, 0));
        let per_label = ((x_right - x_left) as f64 / n as f64).max(1.0);
        let step = (64.0 / per_label).ceil().max(1.0) as usize;
        for (i, m) in months.iter().enumerate().step_by(step) {
            let (px, py) = chart.backend_coord(&(i as f64, 0));
            root.draw(&Text::new(m.clone(), (px, py + 6), label_style.clone()))?;
        }
        if months.is_empty() {
            let (px, py) = chart.backend_coord(&(0.0, 0));
            root.draw(&Text::new(
                words::text("cli-chart-no-assessments"),
                (px, py - 40),
                label_style.clone(),
            ))?;
        }
        let (_, h) = bottom.dim_in_pixel();
        bottom.draw(&Text::new(note, (16, h as i32 - 18), note_style))?;
    }
    root.present()?;
    Ok(())
}
