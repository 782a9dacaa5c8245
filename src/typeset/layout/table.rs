//! Tables: column widths from their content, figures aligned on their
//! digits, rows ruled as in financial statements, breaks between rows with
//! the header repeated.

use super::{Engine, GREY, INK, Item, Line, STYLE};
use crate::typeset::blocks::{Align, Inline, Span};
use crate::typeset::fonts::Face;

impl Engine<'_> {
    pub(super) fn measure_table(
        &self,
        head: &[Inline],
        rows: &[Vec<Inline>],
        width: f32,
    ) -> TableMetrics {
        let cols = head
            .len()
            .max(rows.iter().map(Vec::len).max().unwrap_or(0))
            .max(1);
        let pad = 6.0;
        let mut chosen = None;
        for &size in &STYLE.table_sizes {
            let hang = self
                .fonts
                .width(Face::Regular, ")", size)
                .max(self.fonts.width(Face::Regular, "%", size));
            let mut widths = vec![0.0_f32; cols];
            for (j, w) in widths.iter_mut().enumerate().skip(1) {
                let content = rows
                    .iter()
                    .filter_map(|r| r.get(j))
                    .map(|c| self.inline_width(c, size) + hang)
                    .fold(0.0, f32::max);
                let header_word = head
                    .get(j)
                    .map(|h| self.longest_word(h, Face::Bold, size))
                    .unwrap_or(0.0);
                *w = content.max(header_word) + pad;
            }
            let numeric: f32 = widths.iter().skip(1).sum();
            let label_min = rows
                .iter()
                .filter_map(|r| r.first())
                .chain(head.first())
                .map(|c| self.longest_word(c, Face::Regular, size))
                .fold(0.0, f32::max)
                .min(width * 0.3)
                .max(width * 0.25);
            let fits = width - numeric >= label_min;
            widths[0] = (width - numeric).max(0.0);
            chosen = Some((size, hang, widths));
            if fits {
                break;
            }
        }
        let (size, hang, mut widths) = chosen.expect("sizes are not empty");
        // Room to spare after the labels: widen the figure columns towards
        // their headers' natural width, so headers wrap less.
        let label_natural = rows
            .iter()
            .filter_map(|r| r.first())
            .chain(head.first())
            .map(|c| self.inline_width(c, size) + 4.0)
            .fold(0.0, f32::max);
        let numeric: f32 = widths.iter().skip(1).sum();
        let spare = width - numeric - label_natural;
        if spare > 0.0 {
            let wants: Vec<f32> = (0..cols)
                .map(|j| match (j, head.get(j)) {
                    (0, _) | (_, None) => 0.0,
                    (_, Some(h)) => (self.bold_width(h, size) + pad - widths[j]).max(0.0),
                })
                .collect();
            let total_want: f32 = wants.iter().sum();
            if total_want > 0.0 {
                let give = spare.min(total_want);
                for (w, want) in widths.iter_mut().zip(&wants) {
                    *w += want * give / total_want;
                }
            }
        }
        let numeric: f32 = widths.iter().skip(1).sum();
        widths[0] = (width - numeric).max(0.0);
        // Still too wide at the smallest size: share the width out, and let
        // cells wrap rather than overflow.
        let total: f32 = widths.iter().skip(1).sum();
        if width - total < width * 0.25 && cols > 1 {
            let share = (width * 0.75) / total;
            for w in widths.iter_mut().skip(1) {
                *w *= share;
            }
            widths[0] = width * 0.25;
        }
        let leading = size * 1.3;
        let inner = |j: usize| (widths[j] - if j == 0 { 4.0 } else { pad }).max(size);
        let head_lines: Vec<Vec<Line>> = (0..cols)
            .map(|j| {
                head.get(j)
                    .map(|c| self.break_lines(c, Face::Bold, size, inner(j)))
                    .unwrap_or_default()
            })
            .collect();
        let head_height = head_lines.iter().map(Vec::len).max().unwrap_or(0) as f32 * leading + 4.0;
        let rows = rows
            .iter()
            .map(|r| {
                let style = row_style(r);
                let cells: Vec<Vec<Line>> = (0..cols)
                    .map(|j| {
                        r.get(j)
                            .map(|c| {
                                self.break_lines(
                                    c,
                                    Face::Regular,
                                    size,
                                    inner(j) - if j == 0 { 0.0 } else { hang },
                                )
                            })
                            .unwrap_or_default()
                    })
                    .collect();
                let lines = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
                let extra = match style {
                    RowStyle::Subtotal | RowStyle::Total => 2.0,
                    _ => 0.0,
                };
                let below = if style == RowStyle::Total { 3.0 } else { 0.0 };
                RowMetrics {
                    style,
                    height: lines as f32 * leading + 2.0 + extra + below,
                    above: extra,
                    cells,
                }
            })
            .collect();
        TableMetrics {
            size,
            leading,
            hang,
            pad,
            widths,
            head_lines,
            head_height,
            rows,
        }
    }

    pub(super) fn inline_width(&self, inline: &[Span], size: f32) -> f32 {
        inline
            .iter()
            .map(|s| self.fonts.width(Face::of(s.bold, s.italic), &s.text, size))
            .sum()
    }

    pub(super) fn bold_width(&self, inline: &[Span], size: f32) -> f32 {
        inline
            .iter()
            .map(|s| self.fonts.width(Face::of(true, s.italic), &s.text, size))
            .sum()
    }

    pub(super) fn longest_word(&self, inline: &[Span], base: Face, size: f32) -> f32 {
        inline
            .iter()
            .flat_map(|s| {
                let face = if s.bold || base == Face::Bold {
                    Face::of(true, s.italic)
                } else {
                    Face::of(false, s.italic)
                };
                s.text
                    .split_whitespace()
                    .map(move |w| self.fonts.width(face, w, size))
            })
            .fold(0.0, f32::max)
    }

    pub(super) fn table(
        &mut self,
        align: &[Align],
        head: &[Inline],
        rows: &[Vec<Inline>],
        left: f32,
        right: f32,
    ) {
        let t = self.measure_table(head, rows, right - left);
        let cols = t.widths.len();
        let mut edges = vec![left];
        for w in &t.widths {
            edges.push(edges.last().copied().unwrap_or(left) + w);
        }
        let aligns: Vec<Align> = (0..cols)
            .map(|j| {
                align
                    .get(j)
                    .copied()
                    .unwrap_or(if j == 0 { Align::Left } else { Align::Right })
            })
            .collect();
        self.need(self.keep_height(&t));
        self.table_head(&t, &edges, &aligns);
        // A row is never split, unless it is taller than a whole page; then
        // it continues on the next page rather than run off this one. The
        // last row (usually the total) does not go over a page alone.
        let room = self.bottom() - self.top() - t.head_height - 2.0;
        let n = t.rows.len();
        for (i, row) in t.rows.iter().enumerate() {
            let with_last = if n >= 3 && i == n - 2 && row.height + t.rows[n - 1].height <= room {
                t.rows[n - 1].height
            } else {
                0.0
            };
            for part in split_row(row, room, t.leading) {
                if self.y + part.height + with_last > self.bottom() + 0.01 {
                    self.new_page();
                    self.table_head(&t, &edges, &aligns);
                }
                self.table_row(&t, &part, &edges, &aligns);
            }
        }
    }

    /// How much of a table must start on the current page: all of a short
    /// table (a third of a page or less), else its header and first row.
    pub(super) fn keep_height(&self, t: &TableMetrics) -> f32 {
        let total = t.head_height + t.rows.iter().map(|r| r.height).sum::<f32>();
        if total <= (self.bottom() - self.top()) / 3.0 {
            total
        } else {
            t.head_height + t.rows.first().map_or(0.0, |r| r.height)
        }
    }

    pub(super) fn table_head(&mut self, t: &TableMetrics, edges: &[f32], aligns: &[Align]) {
        let lines = t.head_lines.iter().map(Vec::len).max().unwrap_or(0);
        let top = self.y;
        for (j, cell) in t.head_lines.iter().enumerate() {
            // Bottom-aligned, so one-line headers sit on the rule.
            let offset = (lines - cell.len()) as f32 * t.leading;
            for (k, line) in cell.iter().enumerate() {
                let baseline = top + offset + (k as f32 + 0.78) * t.leading;
                let x = self.cell_x(t, line, j, edges, aligns, false);
                self.draw_line(line, x, baseline, t.size, GREY);
            }
        }
        self.y = top + t.head_height;
        let rule_y = self.y - 1.5;
        let (l, r) = (edges[0], edges[edges.len() - 1]);
        self.push(Item::Line {
            x1: l,
            y1: rule_y,
            x2: r,
            y2: rule_y,
            width: 0.6,
        });
        self.y += 1.0;
    }

    /// Where a cell's line starts: left-aligned labels; right-aligned figures
    /// with a closing parenthesis or percent sign hanging past the digits,
    /// so digits align down the column.
    pub(super) fn cell_x(
        &self,
        t: &TableMetrics,
        line: &Line,
        j: usize,
        edges: &[f32],
        aligns: &[Align],
        hang: bool,
    ) -> f32 {
        let w = self.line_width(line, t.size);
        match aligns[j] {
            Align::Left => edges[j] + if j == 0 { 0.0 } else { t.pad },
            Align::Center => (edges[j] + edges[j + 1] - w) / 2.0,
            Align::Right => {
                let right = edges[j + 1];
                if !hang {
                    return right - w;
                }
                let text: String = line.frags.iter().map(|f| f.text.as_str()).collect();
                let digits_edge = right - t.hang;
                match text.chars().last() {
                    Some(c @ (')' | '%')) => {
                        let face = line.frags.last().map_or(Face::Regular, |f| f.face);
                        digits_edge - (w - self.fonts.width(face, &c.to_string(), t.size))
                    }
                    _ => digits_edge - w,
                }
            }
        }
    }

    pub(super) fn table_row(
        &mut self,
        t: &TableMetrics,
        row: &RowMetrics,
        edges: &[f32],
        aligns: &[Align],
    ) {
        let top = self.y + row.above;
        let cols = edges.len() - 1;
        for (j, cell) in row.cells.iter().enumerate() {
            for (k, line) in cell.iter().enumerate() {
                let baseline = top + 1.0 + (k as f32 + 0.78) * t.leading;
                let x = self.cell_x(t, line, j, edges, aligns, true);
                self.draw_line(line, x, baseline, t.size, INK);
            }
        }
        let filled: Vec<usize> = (1..cols).filter(|&j| !row.cells[j].is_empty()).collect();
        let rule = |e: &mut Self, y: f32, j: usize| {
            e.push(Item::Line {
                x1: edges[j] + t.pad,
                y1: y,
                x2: edges[j + 1],
                y2: y,
                width: 0.5,
            });
        };
        if matches!(row.style, RowStyle::Subtotal | RowStyle::Total) {
            for &j in &filled {
                rule(self, top - 0.5, j);
            }
        }
        let lines = row.cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let bottom = top + lines as f32 * t.leading + 2.0;
        if row.style == RowStyle::Total {
            for &j in &filled {
                rule(self, bottom - 0.5, j);
                rule(self, bottom + 1.2, j);
            }
        }
        self.y += row.height;
    }
}

/// How a table row is ruled, read from its Markdown: a bold label is a
/// subtotal; a bold label with bold figures a total; an italic label with
/// no figures a heading (see templates/table.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum RowStyle {
    Heading,
    Line,
    Subtotal,
    Total,
}

pub(super) fn row_style(row: &[Inline]) -> RowStyle {
    let nonblank = |c: &Inline| c.iter().any(|s| !s.text.trim().is_empty());
    let all =
        |c: &Inline, f: fn(&Span) -> bool| c.iter().filter(|s| !s.text.trim().is_empty()).all(f);
    let Some(label) = row.first() else {
        return RowStyle::Line;
    };
    let figures: Vec<&Inline> = row.iter().skip(1).filter(|c| nonblank(c)).collect();
    if nonblank(label) && all(label, |s| s.bold) {
        if !figures.is_empty() && figures.iter().all(|c| all(c, |s| s.bold)) {
            RowStyle::Total
        } else {
            RowStyle::Subtotal
        }
    } else if figures.is_empty() && nonblank(label) && all(label, |s| s.italic) {
        RowStyle::Heading
    } else {
        RowStyle::Line
    }
}

/// A row cut into parts that each fit in `room` points.
pub(super) fn split_row(row: &RowMetrics, room: f32, leading: f32) -> Vec<RowMetrics> {
    if row.height <= room {
        return vec![row.clone()];
    }
    let per = (((room - 8.0) / leading).floor() as usize).max(1);
    let lines = row.cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
    let parts = lines.div_ceil(per);
    (0..parts)
        .map(|k| {
            let cells: Vec<Vec<Line>> = row
                .cells
                .iter()
                .map(|c| c.iter().skip(k * per).take(per).cloned().collect())
                .collect();
            let n = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
            let last = k + 1 == parts;
            let style = if last { row.style } else { RowStyle::Line };
            let above = if k == 0 { row.above } else { 0.0 };
            let below = if last && row.style == RowStyle::Total {
                3.0
            } else {
                0.0
            };
            RowMetrics {
                style,
                height: n as f32 * leading + 2.0 + above + below,
                above,
                cells,
            }
        })
        .collect()
}

#[derive(Clone)]
pub(super) struct RowMetrics {
    style: RowStyle,
    height: f32,
    above: f32,
    cells: Vec<Vec<Line>>,
}

pub(super) struct TableMetrics {
    size: f32,
    leading: f32,
    hang: f32,
    pad: f32,
    widths: Vec<f32>,
    head_lines: Vec<Vec<Line>>,
    head_height: f32,
    rows: Vec<RowMetrics>,
}
