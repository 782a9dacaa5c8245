//! Layout: blocks into pages of positioned items (text runs, lines, links),
//! as plain data. Nothing here knows about PDF; the writer only walks the
//! result. Coordinates are points from the page's top-left corner, `y` at
//! a text run's baseline.

use super::blocks::{Align, Block, Inline, Span, plain};
use super::fonts::{Face, Fonts};
use serde::Serialize;
use std::collections::BTreeSet;

/// A page size in points.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PageSize {
    /// Width.
    pub width: f32,
    /// Height.
    pub height: f32,
}

impl PageSize {
    /// US Letter, 8.5 by 11 inches: the default, as US filings are.
    pub const LETTER: PageSize = PageSize {
        width: 612.0,
        height: 792.0,
    };
    /// ISO A4, 210 by 297 mm.
    pub const A4: PageSize = PageSize {
        width: 595.2756,
        height: 841.8898,
    };
}

/// An RGB colour, 0 to 1.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Rgb(pub f32, pub f32, pub f32);

const INK: Rgb = Rgb(0.0, 0.0, 0.0);
const NAVY: Rgb = Rgb(0.05, 0.18, 0.36);
const GREY: Rgb = Rgb(0.35, 0.35, 0.35);
const LINK: Rgb = Rgb(0.0, 0.2, 0.6);

/// Something drawn at a fixed position.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Item {
    /// A run of text in one face.
    Text {
        /// Left edge.
        x: f32,
        /// Baseline.
        y: f32,
        /// Face.
        face: Face,
        /// Size in points.
        size: f32,
        /// Colour.
        color: Rgb,
        /// The characters.
        text: String,
        /// Its measured width.
        width: f32,
    },
    /// A straight line.
    Line {
        /// Start.
        x1: f32,
        /// Start.
        y1: f32,
        /// End.
        x2: f32,
        /// End.
        y2: f32,
        /// Stroke width.
        width: f32,
    },
    /// A clickable area.
    Link {
        /// Left.
        x: f32,
        /// Top.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
        /// Target.
        url: String,
    },
}

/// One page of items.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Page {
    /// Items in drawing order.
    pub items: Vec<Item>,
}

/// A finished layout: pages with items at fixed positions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Layout {
    /// Page size.
    pub size: PageSize,
    /// The text block's left and right edges, for checks.
    pub text_left: f32,
    /// Right edge of the text block.
    pub text_right: f32,
    /// Pages.
    pub pages: Vec<Page>,
    /// The first heading: the running header and the document title.
    pub title: String,
    /// Characters the fonts cannot draw (they print as empty boxes).
    pub missing: BTreeSet<char>,
}

/// The typographic settings, in one place.
#[derive(Debug, Clone, Copy)]
struct Style {
    margin_x: f32,
    margin_top: f32,
    margin_bottom: f32,
    body: f32,
    leading: f32,
    para_gap: f32,
    table_sizes: [f32; 6],
    table_gap: f32,
    list_indent: f32,
}

const STYLE: Style = Style {
    margin_x: 60.0,
    margin_top: 66.0,
    margin_bottom: 64.0,
    body: 10.0,
    leading: 13.6,
    para_gap: 7.0,
    table_sizes: [8.5, 8.0, 7.5, 7.0, 6.5, 6.0],
    table_gap: 10.0,
    list_indent: 16.0,
};

/// A fragment of a line: text in one face, possibly a link.
#[derive(Debug, Clone)]
struct Frag {
    text: String,
    face: Face,
    link: Option<String>,
}

/// A line broken to fit a width.
#[derive(Debug, Clone, Default)]
struct Line {
    frags: Vec<Frag>,
}

/// Typesets `blocks` onto pages of `size`.
pub fn layout(blocks: &[Block], fonts: &Fonts, size: PageSize) -> Layout {
    let mut e = Engine::new(fonts, size);
    e.title = blocks
        .iter()
        .find_map(|b| match b {
            Block::Heading { text, .. } => Some(plain(text)),
            _ => None,
        })
        .unwrap_or_default();
    e.blocks(blocks, STYLE.margin_x, size.width - STYLE.margin_x);
    e.finish()
}

struct Engine<'f> {
    fonts: &'f Fonts,
    size: PageSize,
    pages: Vec<Page>,
    /// Top of the next line box.
    y: f32,
    title: String,
    missing: BTreeSet<char>,
}

impl<'f> Engine<'f> {
    fn new(fonts: &'f Fonts, size: PageSize) -> Engine<'f> {
        Engine {
            fonts,
            size,
            pages: vec![Page::default()],
            y: STYLE.margin_top,
            title: String::new(),
            missing: BTreeSet::new(),
        }
    }

    fn top(&self) -> f32 {
        STYLE.margin_top
    }

    fn bottom(&self) -> f32 {
        self.size.height - STYLE.margin_bottom
    }

    fn at_top(&self) -> bool {
        self.y <= self.top() + 0.01
    }

    fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = self.top();
    }

    /// Starts a new page unless `h` more points fit (or the page is empty).
    fn need(&mut self, h: f32) {
        if self.y + h > self.bottom() + 0.01 && !self.at_top() {
            self.new_page();
        }
    }

    /// Vertical space, dropped at the top of a page.
    fn gap(&mut self, h: f32) {
        if !self.at_top() {
            self.y += h;
        }
    }

    fn push(&mut self, item: Item) {
        if let Item::Text { face, text, .. } = &item {
            self.missing.extend(self.fonts.missing(*face, text));
        }
        self.pages.last_mut().expect("a page").items.push(item);
    }

    fn text(&mut self, x: f32, y: f32, face: Face, size: f32, color: Rgb, text: &str) -> f32 {
        let width = self.fonts.width(face, text, size);
        if !text.is_empty() {
            self.push(Item::Text {
                x,
                y,
                face,
                size,
                color,
                text: text.to_string(),
                width,
            });
        }
        width
    }

    fn blocks(&mut self, blocks: &[Block], left: f32, right: f32) {
        for (i, b) in blocks.iter().enumerate() {
            let rest = &blocks[i + 1..];
            match b {
                Block::Heading { level, text } => self.heading(*level, text, rest, left, right),
                Block::Paragraph(inline) => {
                    let caption = is_caption(inline, rest);
                    if caption {
                        let lines =
                            self.break_lines(inline, Face::Regular, STYLE.body, right - left);
                        let h =
                            lines.len() as f32 * STYLE.leading + self.lead_of(rest, right - left);
                        self.need(h);
                    }
                    self.paragraph(
                        inline,
                        Face::Regular,
                        STYLE.body,
                        STYLE.leading,
                        INK,
                        left,
                        right,
                    );
                    self.gap(if caption { 3.0 } else { STYLE.para_gap });
                }
                Block::List { start, items } => self.list(*start, items, left, right),
                Block::Table { align, head, rows } => {
                    self.table(align, head, rows, left, right);
                    self.gap(STYLE.table_gap);
                }
                Block::Quote(inner) => {
                    let indent = (STYLE.list_indent * 1.5).min((right - left) / 4.0);
                    self.blocks(inner, left + indent, right);
                }
                Block::Rule => {
                    self.need(12.0);
                    self.gap(4.0);
                    let y = self.y + 4.0;
                    self.push(Item::Line {
                        x1: left,
                        y1: y,
                        x2: right,
                        y2: y,
                        width: 0.75,
                    });
                    self.y += 12.0;
                }
            }
        }
    }

    /// How much of what follows must stay on the same page as a heading or
    /// a table's caption: two lines of a paragraph, a table's header and
    /// first row, and a caption together with its table.
    fn lead_of(&self, rest: &[Block], width: f32) -> f32 {
        match rest.first() {
            Some(Block::Paragraph(inline)) if is_caption(inline, &rest[1..]) => {
                let lines = self.break_lines(inline, Face::Regular, STYLE.body, width);
                lines.len() as f32 * STYLE.leading + 3.0 + self.lead_of(&rest[1..], width)
            }
            Some(Block::Paragraph(_)) | Some(Block::List { .. }) | Some(Block::Quote(_)) => {
                2.0 * STYLE.leading
            }
            Some(Block::Table { align, head, rows }) => {
                let t = self.measure_table(align, head, rows, width);
                self.keep_height(&t)
            }
            Some(Block::Heading { .. }) => 3.0 * STYLE.leading,
            _ => 0.0,
        }
    }

    fn heading(&mut self, level: u8, text: &Inline, rest: &[Block], left: f32, right: f32) {
        let (size, leading, before, after, color) = match level {
            1 => (17.0, 21.0, 0.0, 8.0, NAVY),
            2 => (12.5, 16.0, 10.0, 5.0, NAVY),
            3 => (10.8, 14.0, 8.0, 3.0, INK),
            _ => (STYLE.body, STYLE.leading, 6.0, 2.0, INK),
        };
        let lines = self.break_lines(text, Face::Bold, size, right - left);
        self.gap(before);
        // A heading is never left alone at the bottom of a page.
        let h = lines.len() as f32 * leading + after + self.lead_of(rest, right - left);
        self.need(h);
        self.draw_lines(&lines, size, leading, color, left);
        self.y += after;
    }

    #[allow(clippy::too_many_arguments)]
    fn paragraph(
        &mut self,
        inline: &Inline,
        base: Face,
        size: f32,
        leading: f32,
        color: Rgb,
        left: f32,
        right: f32,
    ) {
        let lines = self.break_lines(inline, base, size, right - left);
        self.draw_lines(&lines, size, leading, color, left);
    }

    /// Draws lines one by one, moving to a new page when one does not fit.
    fn draw_lines(&mut self, lines: &[Line], size: f32, leading: f32, color: Rgb, left: f32) {
        for line in lines {
            self.need(leading);
            let baseline = self.y + leading * 0.78;
            self.draw_line(line, left, baseline, size, color);
            self.y += leading;
        }
    }

    fn draw_line(&mut self, line: &Line, left: f32, baseline: f32, size: f32, color: Rgb) {
        let mut x = left;
        for f in &line.frags {
            let c = if f.link.is_some() { LINK } else { color };
            let w = self.text(x, baseline, f.face, size, c, &f.text);
            if let Some(url) = &f.link {
                let ascent = self.fonts.ascent(f.face) * size;
                self.push(Item::Link {
                    x,
                    y: baseline - ascent,
                    w,
                    h: size * 1.15,
                    url: url.clone(),
                });
            }
            x += w;
        }
    }

    fn line_width(&self, line: &Line, size: f32) -> f32 {
        line.frags
            .iter()
            .map(|f| self.fonts.width(f.face, &f.text, size))
            .sum()
    }

    /// Breaks inline text into lines no wider than `width`: greedy, at
    /// spaces, and inside a word only when the word alone is too wide (a
    /// long URL or account number), so nothing ever overflows.
    fn break_lines(&self, inline: &[Span], base: Face, size: f32, width: f32) -> Vec<Line> {
        let width = width.max(size);
        // Words: runs of fragments between spaces; `None` is a forced break.
        let mut words: Vec<Option<Vec<Frag>>> = Vec::new();
        let mut word: Vec<Frag> = Vec::new();
        let flush = |word: &mut Vec<Frag>, words: &mut Vec<Option<Vec<Frag>>>| {
            if !word.is_empty() {
                words.push(Some(std::mem::take(word)));
            }
        };
        for span in inline {
            let face = match (span.bold, span.italic) {
                (false, false) => base,
                (b, i) => {
                    let f = Face::of(b, i);
                    if base == Face::Bold { f.bold() } else { f }
                }
            };
            if span.text == "\n" {
                flush(&mut word, &mut words);
                words.push(None);
                continue;
            }
            for c in span.text.chars() {
                if c.is_whitespace() {
                    flush(&mut word, &mut words);
                    continue;
                }
                match word.last_mut() {
                    Some(f) if f.face == face && f.link == span.link => f.text.push(c),
                    _ => word.push(Frag {
                        text: c.to_string(),
                        face,
                        link: span.link.clone(),
                    }),
                }
            }
        }
        flush(&mut word, &mut words);

        // Widths are kept in thousandths of an em and grown by what each
        // word adds (its own width and the kerning where it joins), which is
        // exactly what measuring the whole line again would give.
        let limit = width * 1000.0 / size;
        let mut lines = Vec::new();
        let mut line = Line::default();
        let mut milli = 0_i32;
        for w in words {
            let Some(w) = w else {
                lines.push(std::mem::take(&mut line));
                milli = 0;
                continue;
            };
            if !line.frags.is_empty() {
                let mark = Mark::of(&line);
                append_word(&mut line, &w, true);
                let grown = milli + self.added_milli(&line, &mark);
                if grown as f32 <= limit {
                    milli = grown;
                    continue;
                }
                mark.undo(&mut line);
                lines.push(std::mem::take(&mut line));
            }
            append_word(&mut line, &w, false);
            milli = self.added_milli(&line, &Mark::of(&Line::default()));
            if milli as f32 <= limit {
                continue;
            }
            // Too wide for any line: break it by characters.
            line = Line::default();
            milli = 0;
            for frag in w {
                for c in frag.text.chars() {
                    let mark = Mark::of(&line);
                    push_char(&mut line, c, &frag);
                    let grown = milli + self.added_milli(&line, &mark);
                    if mark.frags > 0 && grown as f32 > limit {
                        mark.undo(&mut line);
                        lines.push(std::mem::take(&mut line));
                        push_char(&mut line, c, &frag);
                        milli = self.added_milli(&line, &Mark::of(&Line::default()));
                    } else {
                        milli = grown;
                    }
                }
            }
        }
        if !line.frags.is_empty() || lines.is_empty() {
            lines.push(line);
        }
        lines
    }

    /// What text appended to a line since `mark` adds to its width, in
    /// thousandths of an em: kerning where it joins the last fragment, and
    /// the width of everything new.
    fn added_milli(&self, line: &Line, mark: &Mark) -> i32 {
        let mut added = 0;
        if mark.frags > 0 {
            let f = &line.frags[mark.frags - 1];
            let appended = &f.text[mark.last_len..];
            if let (Some(prev), Some(first)) = (mark.last_char, appended.chars().next()) {
                added += self.fonts.kern_milli(f.face, prev, first);
            }
            added += self.fonts.width_milli(f.face, appended);
        }
        for f in &line.frags[mark.frags..] {
            added += self.fonts.width_milli(f.face, &f.text);
        }
        added
    }

    fn list(&mut self, start: Option<u64>, items: &[Vec<Block>], left: f32, right: f32) {
        let indent = STYLE.list_indent.min((right - left) / 3.0);
        for (i, item) in items.iter().enumerate() {
            self.need(STYLE.leading);
            let marker = match start {
                Some(n) => format!("{}.", n + i as u64),
                None => "\u{2022}".to_string(),
            };
            let baseline = self.y + STYLE.leading * 0.78;
            let mw = self.fonts.width(Face::Regular, &marker, STYLE.body);
            let page = self.pages.len();
            let mx = match start {
                Some(_) => left + indent - 4.0 - mw,
                None => left + 4.0,
            };
            self.text(mx, baseline, Face::Regular, STYLE.body, INK, &marker);
            let before = self.y;
            self.blocks(item, left + indent, right);
            // A marker must not sit alone if its text moved to the next page.
            if self.pages.len() != page && before == self.y {
                self.y += STYLE.leading;
            }
            self.gap(2.0);
        }
    }

    // ------------------------------------------------------------ tables

    fn measure_table(
        &self,
        align: &[Align],
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
        let _ = align;
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

    fn inline_width(&self, inline: &[Span], size: f32) -> f32 {
        inline
            .iter()
            .map(|s| self.fonts.width(Face::of(s.bold, s.italic), &s.text, size))
            .sum()
    }

    fn bold_width(&self, inline: &[Span], size: f32) -> f32 {
        inline
            .iter()
            .map(|s| self.fonts.width(Face::of(true, s.italic), &s.text, size))
            .sum()
    }

    fn longest_word(&self, inline: &[Span], base: Face, size: f32) -> f32 {
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

    fn table(
        &mut self,
        align: &[Align],
        head: &[Inline],
        rows: &[Vec<Inline>],
        left: f32,
        right: f32,
    ) {
        let t = self.measure_table(align, head, rows, right - left);
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
    fn keep_height(&self, t: &TableMetrics) -> f32 {
        let total = t.head_height + t.rows.iter().map(|r| r.height).sum::<f32>();
        if total <= (self.bottom() - self.top()) / 3.0 {
            total
        } else {
            t.head_height + t.rows.first().map_or(0.0, |r| r.height)
        }
    }

    fn table_head(&mut self, t: &TableMetrics, edges: &[f32], aligns: &[Align]) {
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
    fn cell_x(
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

    fn table_row(&mut self, t: &TableMetrics, row: &RowMetrics, edges: &[f32], aligns: &[Align]) {
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

    fn finish(mut self) -> Layout {
        // Drop a trailing empty page (content that ended exactly at a page end).
        if self.pages.len() > 1 && self.pages.last().is_some_and(|p| p.items.is_empty()) {
            self.pages.pop();
        }
        let n = self.pages.len();
        let (left, right) = (STYLE.margin_x, self.size.width - STYLE.margin_x);
        for i in 0..n {
            let mut extra = Vec::new();
            if i > 0 && !self.title.is_empty() {
                // The running header, as the reference repeats its title.
                let y = STYLE.margin_top - 26.0;
                let mut title = self.title.clone();
                while self.fonts.width(Face::Regular, &title, 8.0) > right - left
                    && title.pop().is_some()
                {}
                let w = self.fonts.width(Face::Regular, &title, 8.0);
                extra.push(Item::Text {
                    x: left,
                    y,
                    face: Face::Regular,
                    size: 8.0,
                    color: GREY,
                    text: title,
                    width: w,
                });
                extra.push(Item::Line {
                    x1: left,
                    y1: y + 5.0,
                    x2: right,
                    y2: y + 5.0,
                    width: 0.5,
                });
            }
            let footer = format!("Page {} of {n}", i + 1);
            let w = self.fonts.width(Face::Regular, &footer, 8.0);
            extra.push(Item::Text {
                x: (self.size.width - w) / 2.0,
                y: self.size.height - STYLE.margin_bottom + 30.0,
                face: Face::Regular,
                size: 8.0,
                color: GREY,
                text: footer,
                width: w,
            });
            self.pages[i].items.extend(extra);
        }
        Layout {
            size: self.size,
            text_left: left,
            text_right: right,
            pages: self.pages,
            title: self.title,
            missing: self.missing,
        }
    }
}

/// Where a line ended before text was appended, to measure or undo the append.
struct Mark {
    frags: usize,
    last_len: usize,
    last_char: Option<char>,
}

impl Mark {
    fn of(line: &Line) -> Mark {
        let last = line.frags.last();
        Mark {
            frags: line.frags.len(),
            last_len: last.map_or(0, |f| f.text.len()),
            last_char: last.and_then(|f| f.text.chars().last()),
        }
    }

    fn undo(&self, line: &mut Line) {
        line.frags.truncate(self.frags);
        if let Some(f) = line.frags.last_mut() {
            f.text.truncate(self.last_len);
        }
    }
}

/// A table's title: a paragraph all in bold or italic, right before a table.
fn is_caption(inline: &Inline, rest: &[Block]) -> bool {
    matches!(rest.first(), Some(Block::Table { .. }))
        && inline
            .iter()
            .all(|s| s.bold || s.italic || s.text.trim().is_empty())
}

fn append_word(line: &mut Line, word: &[Frag], space: bool) {
    let mut first = true;
    for f in word {
        let text = if first && space {
            format!(" {}", f.text)
        } else {
            f.text.clone()
        };
        first = false;
        match line.frags.last_mut() {
            Some(last) if last.face == f.face && last.link == f.link => last.text.push_str(&text),
            Some(last) if text.starts_with(' ') && last.link.is_none() && f.link.is_none() => {
                // The space takes the face of the text before it.
                last.text.push(' ');
                line.frags.push(Frag {
                    text: text[1..].to_string(),
                    ..f.clone()
                });
            }
            _ => line.frags.push(Frag { text, ..f.clone() }),
        }
    }
}

fn push_char(line: &mut Line, c: char, like: &Frag) {
    match line.frags.last_mut() {
        Some(last) if last.face == like.face && last.link == like.link => last.text.push(c),
        _ => line.frags.push(Frag {
            text: c.to_string(),
            ..like.clone()
        }),
    }
}

/// How a table row is ruled, read from its Markdown: a bold label is a
/// subtotal; a bold label with bold figures a total; an italic label with
/// no figures a heading (see templates/table.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RowStyle {
    Heading,
    Line,
    Subtotal,
    Total,
}

fn row_style(row: &[Inline]) -> RowStyle {
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
fn split_row(row: &RowMetrics, room: f32, leading: f32) -> Vec<RowMetrics> {
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
struct RowMetrics {
    style: RowStyle,
    height: f32,
    above: f32,
    cells: Vec<Vec<Line>>,
}

struct TableMetrics {
    size: f32,
    leading: f32,
    hang: f32,
    pad: f32,
    widths: Vec<f32>,
    head_lines: Vec<Vec<Line>>,
    head_height: f32,
    rows: Vec<RowMetrics>,
}
