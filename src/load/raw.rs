//! The dataset's TOML files as serde reads them: spanned where a later check
//! must point at a line, strict about unknown keys.

use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

/// `company.toml`: who the company is, its calendar and its boilerplate.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompanyFile {
    /// Names, ticker, unit.
    pub company: Company,
    /// The fiscal calendar.
    pub calendar: Calendar,
    /// The fixed text of every release.
    #[serde(default)]
    pub boilerplate: Boilerplate,
    /// Investor contacts.
    #[serde(default)]
    pub contact: Vec<Contact>,
    /// Release dates by quarter (`FY2004-Q1 = 2003-12-11`): the dateline's
    /// date, and the PDF's creation date, so output never depends on the clock.
    #[serde(default)]
    pub releases: BTreeMap<String, Spanned<toml::value::Datetime>>,
    /// How the narrative words figures.
    #[serde(default)]
    pub style: Style,
    /// Who `brief send` emails the PDF to, and from whom.
    #[serde(default)]
    pub distribution: Option<Distribution>,
}

/// The brief's mailing: sender, reply-to and recipients, each an address
/// such as `"Investor Relations <ir@example.com>"` or `"ir@example.com"`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Distribution {
    /// Who the message is from.
    pub from: Spanned<String>,
    /// Where replies go, when not to the sender.
    #[serde(default)]
    pub reply_to: Option<Spanned<String>>,
    /// Recipients named in the `To` header.
    #[serde(default)]
    pub to: Vec<Spanned<String>>,
    /// Recipients named in the `Cc` header.
    #[serde(default)]
    pub cc: Vec<Spanned<String>>,
    /// Recipients no header names.
    #[serde(default)]
    pub bcc: Vec<Spanned<String>>,
}

/// How the narrative words figures.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Style {
    /// A change within this much either way "remained relatively flat"
    /// ("2%" by default).
    #[serde(default)]
    pub flat_within: Option<Spanned<FigureText>>,
}

/// The company's names and how it reports.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Company {
    /// Legal name: "Internet Commerce Corporation".
    pub name: String,
    /// Short name used in text: "ICC".
    pub short_name: String,
    /// Exchange and ticker as printed: "NasdaqSC: ICCA".
    pub ticker: String,
    /// Dateline city: "NEW YORK".
    pub dateline_city: String,
    /// What the company is, as the lead sentence describes it: "a leader in ...".
    #[serde(default)]
    pub description: Option<String>,
    /// Website, as printed.
    #[serde(default)]
    pub website: Option<String>,
    /// ISO currency code: "USD".
    pub currency: String,
    /// The scale money figures are written in.
    pub unit: Spanned<crate::scale::Scale>,
}

/// The fiscal calendar as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Calendar {
    /// The month the fiscal year ends in, by name ("July") or number.
    #[serde(default)]
    pub year_end_month: Option<Spanned<FigureText>>,
    /// A 52/53-week year's end: "the Saturday nearest January 31", "the
    /// last Sunday of January".
    #[serde(default)]
    pub year_end: Option<Spanned<String>>,
    /// End dates given explicitly, for 52/53-week years.
    #[serde(default)]
    pub period_ends: BTreeMap<String, Spanned<toml::value::Datetime>>,
}

/// The fixed text of a release.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Boilerplate {
    /// "About the company".
    #[serde(default)]
    pub about: String,
    /// The forward-looking statements paragraph.
    #[serde(default)]
    pub forward_looking: String,
}

/// An investor contact.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// Name.
    pub name: String,
    /// Telephone, as printed.
    #[serde(default)]
    pub phone: Option<String>,
    /// Email.
    #[serde(default)]
    pub email: Option<String>,
}

/// `model.toml`: the company's own line items, measures, tables and checks.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelFile {
    /// Line items whose figures are given.
    #[serde(default)]
    pub item: Vec<Item>,
    /// Figures computed by formula.
    #[serde(default)]
    pub measure: Vec<Measure>,
    /// Statements, reconciliations and trend tables.
    #[serde(default)]
    pub table: Vec<Table>,
    /// Passages of text that print figures.
    #[serde(default)]
    pub passage: Vec<Passage>,
    /// Charts of figures over periods.
    #[serde(default)]
    pub chart: Vec<Chart>,
    /// Guidance: figures expected for a future period.
    #[serde(default)]
    pub outlook: Vec<Outlook>,
    /// The headline, a template (else the default "... Announces ...").
    #[serde(default)]
    pub headline: Option<Spanned<String>>,
    /// Lines under the headline, each a template.
    #[serde(default)]
    pub subheadlines: Vec<Spanned<String>>,
    /// Equalities that must hold in every period.
    #[serde(default)]
    pub tie: Vec<Tie>,
    /// Balances that move by a flow.
    #[serde(default)]
    pub rollforward: Vec<Rollforward>,
}

/// Whether an item is measured over a period or at its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Over a period: revenue, net loss.
    #[default]
    Flow,
    /// At the period's end: cash, accumulated deficit.
    Balance,
}

/// What a figure counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// Money, written in the company's reporting unit.
    #[default]
    Money,
    /// A number of shares.
    Shares,
    /// Money per share, in whole currency units.
    PerShare,
    /// A percent, written as 40.1 for 40.1%.
    Percent,
    /// A plain number.
    Number,
}

/// What a figure is, which decides how its sign and its changes are put
/// into words (docs/data-format.md shows each with examples).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Nature {
    /// A quantity whose sign is its value: revenue, assets, a margin, or a
    /// non-GAAP earnings measure that can be negative. A negative value reads
    /// "negative $25,000"; never "loss" or "profit".
    #[default]
    Amount,
    /// A GAAP result that is a profit or, negative, a loss (net income,
    /// operating income): "a loss of $367,000".
    Profit,
    /// A figure named as a loss (net loss, loss from operations), printed
    /// negative as statements print it. Words give its size ("increased
    /// 333.3%" when the loss grew); a positive value is income.
    Loss,
    /// A cost or expense, stated by its size whichever sign it is printed with.
    Cost,
    /// Cash used (net cash used in operating activities), printed negative
    /// as cash-flow statements print it; a positive value is cash provided.
    CashUsed,
}

impl Nature {
    /// Whether words state the figure's size (a loss, a cost, cash used)
    /// rather than its signed value.
    pub fn by_size(self) -> bool {
        matches!(self, Nature::Loss | Nature::Cost | Nature::CashUsed)
    }

    /// The usual way a change is better: up for amounts and profits, down
    /// for the size of a loss, a cost or cash used.
    pub fn usual_better(self) -> Better {
        if self.by_size() {
            Better::Lower
        } else {
            Better::Higher
        }
    }

    /// Whether a figure of this nature is usually printed negative when it
    /// is what its nature says: a loss "(818)", cash used "(1,573)"; a cost
    /// is usually printed positive.
    pub fn usual_negative(self) -> bool {
        matches!(self, Nature::Loss | Nature::CashUsed)
    }

    /// The name in model.toml.
    pub fn name(self) -> &'static str {
        match self {
            Nature::Amount => "amount",
            Nature::Profit => "profit",
            Nature::Loss => "loss",
            Nature::Cost => "cost",
            Nature::CashUsed => "cash_used",
        }
    }
}

/// The sign a figure stated by its size is printed with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Sign {
    /// Printed positive: a cost of revenue "171.2".
    Positive,
    /// Printed negative: a net loss "(818)", interest expense "(3.2)".
    Negative,
}

/// Which way a change is better, for "improved" and "worsened". For a
/// figure stated by its size (a loss, a cost, cash used), it is the size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Better {
    /// Up is better.
    Higher,
    /// Down is better.
    Lower,
}

/// A line item.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// Identifier used in formulas and figures.
    pub id: Spanned<String>,
    /// Label as printed.
    pub label: String,
    /// Flow or balance.
    #[serde(default)]
    pub kind: Kind,
    /// What it counts.
    #[serde(default)]
    pub unit: Unit,
    /// What it is, for the words of its sign and changes.
    #[serde(default)]
    pub nature: Nature,
    /// Which way is better, when not the nature's usual way.
    #[serde(default)]
    pub better: Option<Better>,
    /// For a loss, a cost or cash used: the sign it is printed with when it
    /// is what its nature says, when not the nature's usual sign.
    #[serde(default)]
    pub sign: Option<Sign>,
    /// A subtotal: its printed figure must equal the sum of these items.
    #[serde(default)]
    pub sum: Option<Spanned<Vec<Spanned<String>>>>,
    /// A printed figure that must equal this formula.
    #[serde(default)]
    pub equals: Option<Spanned<String>>,
    /// Whether this is a non-GAAP measure given rather than computed
    /// (Adjusted EBITDA as the release prints it); it then needs a
    /// reconciliation, as a computed one does.
    #[serde(default)]
    pub non_gaap: bool,
    /// For a non-GAAP item, the most directly comparable GAAP item.
    #[serde(default)]
    pub gaap: Option<Spanned<String>>,
    /// The magnitude its figures are written in, for money or shares, when
    /// not the dataset's (money) or whole shares.
    #[serde(default)]
    pub scale: Option<Spanned<crate::scale::Scale>>,
}

/// A measure computed by formula.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    /// Identifier.
    pub id: Spanned<String>,
    /// Label as printed.
    pub label: String,
    /// The formula over items and measures.
    pub formula: Spanned<String>,
    /// What it counts.
    #[serde(default)]
    pub unit: Unit,
    /// Flow or balance.
    #[serde(default)]
    pub kind: Kind,
    /// What it is, for the words of its sign and changes.
    #[serde(default)]
    pub nature: Nature,
    /// Which way is better, when not the nature's usual way.
    #[serde(default)]
    pub better: Option<Better>,
    /// For a loss, a cost or cash used: the sign it is printed with when it
    /// is what its nature says, when not the nature's usual sign.
    #[serde(default)]
    pub sign: Option<Sign>,
    /// What this measure's printed copies were computed from, wherever they
    /// are printed ("$ change" columns from rounded figures, in a table
    /// whose "% change" columns are from exact ones); else its place's basis.
    #[serde(default)]
    pub basis: Option<Basis>,
    /// Whether this is a non-GAAP measure (it then needs a reconciliation).
    #[serde(default)]
    pub non_gaap: bool,
    /// For a non-GAAP measure, the most directly comparable GAAP item, which
    /// the narrative must cite first (Regulation G).
    #[serde(default)]
    pub gaap: Option<Spanned<String>>,
}

/// What a table is, for the renderer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TableKind {
    /// A financial statement.
    Statement,
    /// A non-GAAP reconciliation.
    Reconciliation,
    /// A multi-quarter trend table.
    Trend,
}

/// A table of the release.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Table {
    /// Identifier, also the place name for figures printed in it.
    pub id: Spanned<String>,
    /// Title as printed.
    pub title: String,
    /// What kind of table.
    pub kind: TableKind,
    /// Columns, relative to the reporting quarter.
    pub columns: Spanned<Vec<Spanned<String>>>,
    /// What the measures printed here were computed from: the exact figures
    /// (the default) or the rounded figures printed beside them.
    #[serde(default)]
    pub basis: Basis,
    /// Rows, top to bottom.
    pub rows: Vec<Row>,
    /// Whether the table starts on a new page (a statement, in the PDF).
    #[serde(default)]
    pub new_page: bool,
    /// The magnitude it shows money in, when not the dataset's.
    #[serde(default)]
    pub unit: Option<Spanned<crate::scale::Scale>>,
    /// The magnitude it shows share counts in, when not each item's own.
    #[serde(default)]
    pub shares_unit: Option<Spanned<crate::scale::Scale>>,
    /// The decimal places it shows money with ("$1.2" million), when not
    /// each figure's own.
    #[serde(default)]
    pub dp: Option<Spanned<u32>>,
    /// Notes under the table, each a template that may cite figures.
    #[serde(default)]
    pub footnotes: Vec<Spanned<String>>,
    /// The decimal places of its percent-change columns (1 by default).
    #[serde(default)]
    pub pct_dp: Option<Spanned<u32>>,
}

/// A row of a table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Row {
    /// The item or measure shown.
    #[serde(default)]
    pub item: Option<Spanned<String>>,
    /// A heading row with no figures.
    #[serde(default)]
    pub heading: Option<String>,
    /// A label other than the item's own; a template, so it may cite
    /// figures ("net of allowance of {{ f.allowance.q0 | cell }}").
    #[serde(default)]
    pub label: Option<String>,
    /// How the row is ruled.
    #[serde(default)]
    pub style: RowStyle,
    /// How far its label is indented, in levels (0 to 4); by default one
    /// level under a heading row, until a total.
    #[serde(default)]
    pub indent: Option<Spanned<u8>>,
}

/// How a row is ruled, as in financial statements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum RowStyle {
    /// A plain line.
    #[default]
    Line,
    /// A subtotal, ruled above.
    Subtotal,
    /// A total, ruled above and double-ruled below.
    Total,
}

/// A passage of narrative: a place where figures are printed, and the text
/// the brief writes there. Heading, text and bullets are small templates that
/// cite figures (`{{ f.revenue | amount }}`), so prose cannot disagree with tables.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Passage {
    /// Identifier, the place name for figures printed in it.
    pub id: Spanned<String>,
    /// What the passage is.
    pub title: String,
    /// A heading shown above it.
    #[serde(default)]
    pub heading: Option<Spanned<String>>,
    /// The heading's level: 2 for a section (the default), 3 for a subsection.
    #[serde(default)]
    pub level: Option<Spanned<u8>>,
    /// Who is quoted: the text is then their words.
    #[serde(default)]
    pub speaker: Option<Speaker>,
    /// Paragraphs, separated by blank lines.
    #[serde(default)]
    pub text: Option<Spanned<String>>,
    /// A bulleted list, one template per bullet.
    #[serde(default)]
    pub bullets: Vec<Spanned<String>>,
    /// Tables shown after the text (trend tables of a segment section).
    #[serde(default)]
    pub tables: Vec<Spanned<String>>,
    /// Charts shown after the text (and its tables).
    #[serde(default)]
    pub charts: Vec<Spanned<String>>,
    /// What the measures printed here were computed from.
    #[serde(default)]
    pub basis: Basis,
}

/// A chart: items or measures over periods, drawn as bars, stacked bars or
/// lines, in both the Markdown (an SVG beside it) and the PDF.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Chart {
    /// Identifier: the SVG file is named after it.
    pub id: Spanned<String>,
    /// Title as drawn.
    pub title: String,
    /// How: `bars` (default), `stacked` (the parts of a whole) or `line`.
    #[serde(default)]
    pub kind: ChartKind,
    /// The items or measures drawn, one series each, all of one unit.
    pub items: Spanned<Vec<Spanned<String>>>,
    /// The series' names in the legend, when not the items' labels.
    #[serde(default)]
    pub labels: Vec<String>,
    /// The periods, as table columns (`trailing_5`), drawn oldest first.
    #[serde(default = "Chart::default_columns")]
    pub columns: Spanned<Vec<Spanned<String>>>,
}

impl Chart {
    /// The periods a chart draws unless it says: the last five quarters.
    pub const DEFAULT_COLUMN: &'static str = "trailing_5";

    fn default_columns() -> Spanned<Vec<Spanned<String>>> {
        Spanned::new(
            0..0,
            vec![Spanned::new(0..0, Self::DEFAULT_COLUMN.to_string())],
        )
    }
}

/// How a chart draws its series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ChartKind {
    /// Bars side by side.
    #[default]
    Bars,
    /// Bars stacked: segments of a whole.
    Stacked,
    /// Lines: a margin over time.
    Line,
}

/// What a place's printed measures were computed from, so a check compares
/// them on the same basis (docs/data-format.md has an example of each).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// From the exact figures: a printed measure is compared with the
    /// brief's exact figure rounded to the printed precision.
    #[default]
    Exact,
    /// From the rounded figures printed beside it (a reconciliation computed
    /// from its own rows, EPS growth from the rounded EPS): a printed
    /// measure is compared with its formula over those printed figures.
    Printed,
}

/// Someone quoted in a release.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Speaker {
    /// Name: "G. Michael Cassidy".
    pub name: String,
    /// Role: "President and Chief Executive Officer".
    pub role: String,
}

/// An equality that must hold in every period where both sides have figures.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tie {
    /// What it checks, in words.
    pub name: String,
    /// One side.
    pub left: Spanned<String>,
    /// The other side.
    pub right: Spanned<String>,
}

/// A balance that moves by a flow from one quarter end to the next.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rollforward {
    /// What it checks, in words.
    pub name: String,
    /// The balance item.
    pub balance: Spanned<String>,
    /// The flow formula it moves by.
    pub flow: Spanned<String>,
}

/// `corrections.toml`: printed figures the brief must not use, with the value it uses instead.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CorrectionsFile {
    /// The corrections.
    #[serde(default)]
    pub correction: Vec<Correction>,
}

/// One correction.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Correction {
    /// The item.
    pub item: Spanned<String>,
    /// The period.
    pub period: Spanned<String>,
    /// The value the brief uses, as text.
    pub value: Spanned<FigureText>,
    /// Why: shown with every finding it touches.
    pub reason: String,
}

/// A figure's text from TOML: a string, or an integer (exact); never a float.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FigureText(pub String);

impl<'de> Deserialize<'de> for FigureText {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<FigureText, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = FigureText;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a figure written as a string, such as \"1,097\" or \"(0.07)\"")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<FigureText, E> {
                Ok(FigureText(v.to_string()))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<FigureText, E> {
                Ok(FigureText(v.to_string()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<FigureText, E> {
                Ok(FigureText(v.to_string()))
            }
            fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<FigureText, E> {
                Err(E::custom(
                    "a figure with decimals must be written as a string (\"0.07\") so it is read exactly, not through a float",
                ))
            }
        }
        d.deserialize_any(V)
    }
}

/// A figure the company expects for a future period: a point, a range, or
/// a centre plus or minus a band.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outlook {
    /// Identifier, for `outlook.<id>` in templates.
    pub id: Spanned<String>,
    /// The item or measure expected.
    pub item: Spanned<String>,
    /// The period expected: after the reporting quarter.
    pub period: Spanned<String>,
    /// A point, or the centre of a band.
    #[serde(default)]
    pub value: Option<Spanned<FigureText>>,
    /// The low end of a range.
    #[serde(default)]
    pub low: Option<Spanned<FigureText>>,
    /// The high end of a range.
    #[serde(default)]
    pub high: Option<Spanned<FigureText>>,
    /// A band around `value`: "2%" of it, or "50 basis points" for a percent.
    #[serde(default)]
    pub plus_minus: Option<Spanned<String>>,
}
