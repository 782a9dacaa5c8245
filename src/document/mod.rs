//! The brief as a typed document: the one contract between `render` and the
//! backends, as mdBook hands a `Book` to its renderers. Templates render
//! prose (read from their Markdown by [`markdown::read`]); tables and charts
//! are placed by the templates but built from the model, with what each row
//! and column *is* as typed fields, never as emphasis to be guessed back.
//! The Markdown backend serialises a document ([`markdown::write`]); the PDF
//! backend lays it out. Neither reads the other's output, the view or the
//! model, so both say the same thing.

pub mod escape;
pub mod mail;
pub mod markdown;

use rust_decimal::Decimal;
use serde::Serialize;

/// A brief: its metadata and its blocks in reading order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    /// What the document is, for file metadata and running headers.
    pub meta: Meta,
    /// The blocks.
    pub blocks: Vec<Block>,
}

/// What a backend may say about the document itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Meta {
    /// The headline.
    pub title: String,
    /// Who issues it: the company.
    pub author: String,
    /// "Financial results for the first quarter of fiscal 2004".
    pub subject: String,
    /// Ticker, quarter, "earnings release".
    pub keywords: Vec<String>,
    /// The release date, midnight UTC, in seconds since 1970: the date a
    /// reproducible file carries instead of the clock.
    pub timestamp: i64,
}

/// A run of text in one style.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Span {
    /// The text; `"\n"` alone is a hard line break.
    pub text: String,
    /// Strong.
    pub bold: bool,
    /// Emphasis.
    pub italic: bool,
    /// Where it links to.
    pub link: Option<String>,
}

impl Span {
    /// Plain text.
    pub fn plain(text: impl Into<String>) -> Span {
        Span {
            text: text.into(),
            ..Span::default()
        }
    }
}

/// Inline content: spans in reading order.
pub type Inline = Vec<Span>;

/// The plain text of inline content.
pub fn plain(inline: &[Span]) -> String {
    inline.iter().map(|s| s.text.as_str()).collect()
}

impl Document {
    /// Every chart, in reading order, wherever it is placed.
    pub fn charts(&self) -> Vec<&Chart> {
        fn walk<'a>(blocks: &'a [Block], out: &mut Vec<&'a Chart>) {
            for b in blocks {
                match b {
                    Block::Chart(c) => out.push(c),
                    Block::Quote(inner) => walk(inner, out),
                    Block::List { items, .. } => items.iter().for_each(|i| walk(i, out)),
                    _ => {}
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.blocks, &mut out);
        out
    }
}

/// A block of the document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Block {
    /// A heading, level 1 to 6.
    Heading {
        /// Level.
        level: u8,
        /// Text.
        text: Inline,
    },
    /// A paragraph.
    Paragraph(Inline),
    /// A list; `start` is the first number of an ordered list.
    List {
        /// First number, for an ordered list.
        start: Option<u64>,
        /// Items, each a sequence of blocks.
        items: Vec<Vec<Block>>,
    },
    /// A quotation.
    Quote(Vec<Block>),
    /// A thematic break.
    Rule,
    /// A table of figures.
    Table(Table),
    /// A chart.
    Chart(Chart),
}

/// What a table is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TableKind {
    /// A financial statement: set as filings set them.
    Statement,
    /// A non-GAAP reconciliation.
    Reconciliation,
    /// A table of figures over periods.
    Trend,
    /// Any other table, from Markdown a template wrote.
    Plain,
}

/// A table of figures, with what each part is.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    /// The table's id in model.toml.
    pub id: String,
    /// What it is.
    pub kind: TableKind,
    /// The line above the title (a statement's company name).
    pub company: Option<Inline>,
    /// The title; repeated with "(continued)" when the table breaks.
    pub title: Inline,
    /// Lines under the title: the unit note.
    pub notes: Vec<Inline>,
    /// Headers spanning several figure columns: "Three Months Ended October 31".
    pub groups: Vec<ColumnGroup>,
    /// The header of each figure column (the label column has none).
    pub columns: Vec<String>,
    /// The rows.
    pub rows: Vec<Row>,
    /// Notes under the table.
    pub footnotes: Vec<Inline>,
    /// Whether it starts on a new page.
    pub new_page: bool,
}

/// A header over several adjacent figure columns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ColumnGroup {
    /// Its text.
    pub label: String,
    /// The first figure column it spans, from 0.
    pub first: usize,
    /// How many columns it spans.
    pub span: usize,
}

/// What a row is, and so how it is ruled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RowStyle {
    /// A heading with no figures ("Revenues:").
    Heading,
    /// A line item.
    Line,
    /// A subtotal: ruled above.
    Subtotal,
    /// A total: ruled above, double-ruled below.
    Total,
}

/// A row of a table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// The label.
    pub label: String,
    /// How far the label is indented, in levels.
    pub indent: u8,
    /// What the row is.
    pub style: RowStyle,
    /// One cell per figure column.
    pub cells: Vec<Cell>,
}

/// One figure as a table shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cell {
    /// The figure as printed: "3,103", "(818)", "40.1%", a dash for zero,
    /// or empty.
    pub text: String,
    /// The currency sign, set in its own column before the figure, on a
    /// table's first row of money and on its totals.
    pub currency: Option<String>,
}

/// How a chart shows its series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChartKind {
    /// Bars side by side, one per series.
    Bars,
    /// Bars stacked: the parts of a whole (segments of revenue).
    Stacked,
    /// Lines: a margin over time.
    Line,
}

/// A chart, as plain data: categories, series of exact values, title, unit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Chart {
    /// Its id.
    pub id: String,
    /// How it is drawn.
    pub kind: ChartKind,
    /// The title.
    pub title: String,
    /// What the values are in: "$ thousands", "percent".
    pub unit: String,
    /// Whether values are percents (labels end in "%").
    pub percent: bool,
    /// The categories, left to right: periods, oldest first.
    pub categories: Vec<String>,
    /// The series.
    pub series: Vec<ChartSeries>,
    /// What the chart shows, every figure in words: its text alternative.
    pub alt: String,
}

/// One series of a chart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChartSeries {
    /// Its name, for the legend.
    pub name: String,
    /// One exact value per category, in the chart's unit.
    pub values: Vec<Decimal>,
    /// Each value as its label prints it ("3,103", "(818)", "40.1%"),
    /// formatted where the tables' figures are.
    pub labels: Vec<String>,
}
