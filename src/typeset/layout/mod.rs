//! Layout: blocks into pages of positioned items (text runs, lines, links),
//! as plain data. Nothing here knows about PDF; the writer only walks the
//! result. Coordinates are points from the page's top-left corner, `y` at
//! a text run's baseline.

mod lines;
mod table;

use super::chart::{self, Shape};
use super::fonts::{Face, Fonts};
use crate::document::{Block, Chart, Inline, plain};
use serde::Serialize;
use std::cell::RefCell;
use std::collections::BTreeMap;

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
    /// A filled rectangle (a chart's bar).
    Rect {
        /// Left.
        x: f32,
        /// Top.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
        /// Fill colour.
        fill: Rgb,
    },
    /// A coloured line through points (a chart's line or grid).
    Stroke {
        /// The points, in order.
        points: Vec<(f32, f32)>,
        /// Stroke width.
        width: f32,
        /// Colour.
        color: Rgb,
        /// Dashed.
        dash: bool,
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
    /// Every heading and where it landed, for the PDF's outline.
    pub headings: Vec<Heading>,
    /// Characters the fonts cannot draw (they print as empty boxes), with
    /// the first word each is in.
    pub missing: BTreeMap<char, String>,
    /// What the user should know that does not stop the PDF (a chart's
    /// value labels left out for want of room).
    pub warnings: Vec<String>,
    /// What the page cannot hold (a table too wide even at the smallest
    /// type): the PDF refuses rather than break a figure.
    pub errors: Vec<String>,
}

/// A heading and where it landed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// Its text.
    pub title: String,
    /// The page it is on, from 0.
    pub page: usize,
    /// The top of its first line.
    pub y: f32,
}

/// A paragraph this short right before a table or chart (its caption, or a
/// section's short introduction) goes to the next page with it rather than
/// stay at a page foot.
const CAPTION_LINES: usize = 3;

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

/// Typesets `blocks` onto pages of `size`, with `title` in the running header.
pub fn layout(blocks: &[Block], title: &str, fonts: &Fonts, size: PageSize) -> Layout {
    let mut e = Engine::new(fonts, size);
    e.title = title.to_string();
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
    missing: RefCell<BTreeMap<char, String>>,
    headings: Vec<Heading>,
    warnings: Vec<String>,
    errors: Vec<String>,
    /// Whether this page holds anything but headings (a table that starts
    /// on a new page takes its headings with it).
    body_on_page: bool,
    /// The lines of the paragraph [`Engine::lead_of`] last broke to count
    /// them, kept for when the same paragraph is set: breaking it twice was
    /// a sixth of the layout.
    broken: RefCell<Option<lines::Broken>>,
}

impl<'f> Engine<'f> {
    fn new(fonts: &'f Fonts, size: PageSize) -> Engine<'f> {
        Engine {
            fonts,
            size,
            pages: vec![Page::default()],
            y: STYLE.margin_top,
            title: String::new(),
            missing: RefCell::new(BTreeMap::new()),
            headings: Vec::new(),
            warnings: Vec::new(),
            errors: Vec::new(),
            body_on_page: false,
            broken: RefCell::new(None),
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
        self.body_on_page = false;
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
                    // A line or two right before a table (a caption a
                    // template wrote) stays with the table's start.
                    let lines = self.break_lines(inline, Face::Regular, STYLE.body, right - left);
                    if lines.len() <= CAPTION_LINES
                        && matches!(rest.first(), Some(Block::Table(_) | Block::Chart(_)))
                    {
                        let h = lines.len() as f32 * STYLE.leading
                            + STYLE.para_gap
                            + self.lead_of(rest, right - left);
                        self.need(h);
                    }
                    self.draw_lines(&lines, STYLE.body, STYLE.leading, INK, left);
                    self.body_on_page = true;
                    self.gap(STYLE.para_gap);
                }
                Block::List { start, items } => self.list(*start, items, left, right),
                Block::Table(t) => {
                    // A one-line paragraph that ends the document (the
                    // "###" end mark) is not left alone on a last page: a
                    // short table takes it along.
                    let trailer = match rest {
                        [Block::Paragraph(p)]
                            if self
                                .break_lines(p, Face::Regular, STYLE.body, right - left)
                                .len()
                                == 1 =>
                        {
                            STYLE.table_gap + STYLE.leading
                        }
                        _ => 0.0,
                    };
                    self.table(t, left, right, trailer);
                    self.body_on_page = true;
                    self.gap(STYLE.table_gap);
                }
                Block::Chart(c) => {
                    self.chart(c, left, right);
                    self.body_on_page = true;
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
            // As many lines as draw_lines keeps together at the top of a
            // paragraph: all of a short one, else two.
            Some(Block::Paragraph(inline)) => {
                let lines = self.break_lines(inline, Face::Regular, STYLE.body, width);
                let n = lines.len();
                *self.broken.borrow_mut() = Some(lines::Broken {
                    inline: inline.to_vec(),
                    face: Face::Regular,
                    size: STYLE.body,
                    width,
                    lines,
                });
                // A caption a template wrote goes with its table's start.
                if n <= CAPTION_LINES
                    && matches!(rest.get(1), Some(Block::Table(_) | Block::Chart(_)))
                {
                    return n as f32 * STYLE.leading
                        + STYLE.para_gap
                        + self.lead_of(&rest[1..], width);
                }
                (if n <= 3 { n } else { 2 }) as f32 * STYLE.leading
            }
            Some(Block::List { .. }) | Some(Block::Quote(_)) => 2.0 * STYLE.leading,
            // What follows a heading onto a new page goes with it.
            Some(Block::Table(t)) if t.new_page && self.body_on_page => {
                self.bottom() - self.top() + 1.0
            }
            Some(Block::Table(t)) => {
                let m = self.measure_table(t, width);
                self.keep_height(&m, 0.0)
            }
            // A chart never breaks, so all of it goes with its heading.
            Some(Block::Chart(c)) => {
                chart::draw(c, chart::WIDTH, self.fonts).height * width / chart::WIDTH
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
        self.headings.push(Heading {
            level,
            title: plain(text),
            page: self.pages.len() - 1,
            y: self.y,
        });
        self.draw_lines(&lines, size, leading, color, left);
        self.y += after;
    }

    /// Draws lines, moving to a new page when one does not fit; neither
    /// page is left with a single line of a paragraph (no widows or orphans).
    fn draw_lines(&mut self, lines: &[Line], size: f32, leading: f32, color: Rgb, left: f32) {
        let n = lines.len();
        // Counted the way the lines are placed, so rounding cannot disagree.
        let (mut fit, mut y) = (0, self.y);
        while fit < n && y + leading <= self.bottom() + 0.01 {
            y += leading;
            fit += 1;
        }
        let break_before = if fit >= n || self.at_top() {
            None
        } else if fit < 2 || n - fit == 1 && fit < 3 {
            Some(0)
        } else if n - fit == 1 {
            Some(fit - 1)
        } else {
            None
        };
        for (k, line) in lines.iter().enumerate() {
            if break_before == Some(k) {
                self.new_page();
            }
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

    fn list(&mut self, start: Option<u64>, items: &[Vec<Block>], left: f32, right: f32) {
        // Wide enough for the widest number ("10." and on), so no marker
        // hangs into the margin.
        let widest = match start {
            Some(n) => {
                self.fonts.width(
                    Face::Regular,
                    &format!("{}.", n.saturating_add(items.len() as u64)),
                    STYLE.body,
                ) + 4.0
            }
            None => 0.0,
        };
        let indent = STYLE.list_indent.max(widest).min((right - left) / 3.0);
        for (i, item) in items.iter().enumerate() {
            // A marker is never left at a page foot without its text.
            let first = self.lead_of(item, right - left - indent).max(STYLE.leading);
            self.need(first);
            self.body_on_page = true;
            let marker = match start {
                Some(n) => format!("{}.", n.saturating_add(i as u64)),
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

    /// A chart, whole, on this page or the next: the drawing the SVG is
    /// written from, scaled to the text block's width, its shapes moved
    /// into place.
    fn chart(&mut self, c: &Chart, left: f32, right: f32) {
        let drawing = chart::draw(c, chart::WIDTH, self.fonts);
        let k = (right - left) / drawing.width;
        self.need(drawing.height * k);
        self.warnings.extend(chart::omitted_warning(c, &drawing));
        let at = |x: f32, y: f32| (left + x * k, self.y + y * k);
        let mut items = Vec::new();
        for shape in drawing.shapes {
            items.push(match shape {
                Shape::Rect { x, y, w, h, fill } => {
                    let (x, y) = at(x, y);
                    Item::Rect {
                        x,
                        y,
                        w: w * k,
                        h: h * k,
                        fill,
                    }
                }
                Shape::Path {
                    points,
                    width,
                    color,
                    dash,
                } => Item::Stroke {
                    points: points.iter().map(|(x, y)| at(*x, *y)).collect(),
                    width: width * k,
                    color,
                    dash,
                },
                Shape::Text(l) => {
                    self.note_missing(l.face, &l.text);
                    let (x, y) = at(l.left(), l.y);
                    Item::Text {
                        x,
                        y,
                        face: l.face,
                        size: l.size * k,
                        color: l.color,
                        text: l.text,
                        width: l.width * k,
                    }
                }
            });
        }
        for item in items {
            self.push(item);
        }
        self.y += drawing.height * k;
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
            headings: self.headings,
            missing: self.missing.into_inner(),
            warnings: self.warnings,
            errors: self.errors,
        }
    }
}
