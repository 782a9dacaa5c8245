//! The quarter model: a dataset validated and linked. Items know their
//! formulas, figures know their item, period and place, and every name has
//! been resolved, so later stages never meet a dangling reference.

mod build;
mod chart;

pub use chart::{ChartError, ChartSpec, Field as ChartField, MAX_SERIES};

use crate::calendar::{FiscalCalendar, Period};
use crate::error::{InputError, Loc};
use crate::formula::{Expr, Gap, Values};
use crate::load::{RawDataset, raw};
use foldhash::{HashMap, HashSet, HashSetExt};
use rust_decimal::Decimal;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::PathBuf;

pub use crate::load::raw::{
    Basis, Better, ChartKind, Kind, Nature, RowStyle, Sign, TableKind, Unit,
};
use crate::scale::Scale;

/// Index of an item or measure in [`QuarterModel::items`].
pub type ItemId = usize;
/// Index of a place in [`QuarterModel::places`].
pub type PlaceId = usize;

/// Who the company is and how it reports.
#[derive(Debug, Clone)]
pub struct Company {
    /// Legal name.
    pub name: String,
    /// Short name used in text.
    pub short_name: String,
    /// Exchange and ticker as printed.
    pub ticker: String,
    /// Dateline city.
    pub dateline_city: String,
    /// What the company is, for the lead sentence.
    pub description: Option<String>,
    /// Website.
    pub website: Option<String>,
    /// ISO currency code.
    pub currency: String,
    /// The scale money figures are written in.
    pub unit: Scale,
    /// About the company.
    pub about: String,
    /// Forward-looking statements.
    pub forward_looking: String,
    /// Investor contacts: name, phone, email.
    pub contacts: Vec<(String, Option<String>, Option<String>)>,
    /// Release dates by quarter.
    pub releases: BTreeMap<Period, jiff::civil::Date>,
    /// A change within this ratio either way is "relatively flat".
    pub flat_within: Decimal,
    /// Who the brief is emailed to, when the dataset says.
    pub distribution: Option<Distribution>,
}

/// Who `brief send` emails a brief to, and from whom. Every address has
/// been read as a mailbox; each keeps where it was written.
#[derive(Debug, Clone)]
pub struct Distribution {
    /// The sender.
    pub from: Address,
    /// Where replies go.
    pub reply_to: Option<Address>,
    /// `To` recipients.
    pub to: Vec<Address>,
    /// `Cc` recipients.
    pub cc: Vec<Address>,
    /// Recipients no header names.
    pub bcc: Vec<Address>,
}

/// A mailbox as written in company.toml (`"IR <ir@example.com>"`).
#[derive(Debug, Clone)]
pub struct Address {
    /// The mailbox.
    pub mailbox: lettre::message::Mailbox,
    /// Where it is written.
    pub loc: crate::error::Loc,
}

impl Distribution {
    /// Every recipient, in the order written: to, cc, then bcc.
    pub fn recipients(&self) -> impl Iterator<Item = &Address> {
        self.to.iter().chain(&self.cc).chain(&self.bcc)
    }
}

/// How an item gets its value.
#[derive(Debug, Clone)]
pub enum Definition {
    /// Given by the figures.
    Input,
    /// Given by the figures, and must equal a formula (a subtotal or total).
    Subtotal(Expr),
    /// Computed by a formula; figures for it are printed copies to check.
    Measure(Expr),
}

/// A line item or measure.
#[derive(Debug, Clone)]
pub struct Item {
    /// Identifier.
    pub id: String,
    /// Label as printed.
    pub label: String,
    /// Flow or balance.
    pub kind: Kind,
    /// What it counts.
    pub unit: Unit,
    /// What it is, for the words of its sign and changes.
    pub nature: Nature,
    /// Which way is better.
    pub better: Better,
    /// For a loss, a cost or cash used: whether it is printed negative when
    /// it is what its nature says.
    pub usual_negative: bool,
    /// Where its value comes from.
    pub def: Definition,
    /// For a measure, the basis its printed copies are checked on, when it
    /// declares one (else its place's).
    pub basis: Option<Basis>,
    /// Whether it is a non-GAAP measure.
    pub non_gaap: bool,
    /// For a non-GAAP measure, its most directly comparable GAAP item.
    pub gaap: Option<ItemId>,
    /// The magnitude its figures are written in, when the item says.
    pub scale: Option<Scale>,
    /// Where it is declared.
    pub loc: Loc,
}

impl Item {
    /// The period its value is read for: a balance at a year to date or a
    /// year is its balance at the period's end.
    pub fn at(&self, period: Period) -> Period {
        match self.kind {
            Kind::Balance => period.closing(),
            Kind::Flow => period,
        }
    }

    /// The formula, for subtotals and measures.
    pub fn formula(&self) -> Option<&Expr> {
        match &self.def {
            Definition::Input => None,
            Definition::Subtotal(e) | Definition::Measure(e) => Some(e),
        }
    }
}

/// A figure as written: exact value in base units (currency units, shares,
/// a ratio for percents) and how it was shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Amount {
    /// The value in base units.
    pub base: Decimal,
    /// What one shown unit is worth in base units (1000 for thousands, 0.01 for percent).
    pub shown_in: Decimal,
    /// Decimal places it was written with.
    pub scale: u32,
}

impl Amount {
    /// The value in the unit it was shown in.
    pub fn shown(&self) -> Decimal {
        self.base / self.shown_in
    }
}

/// A figure row: an item's value in a period, as printed at a place (or, with
/// no place, the figure itself).
#[derive(Debug, Clone)]
pub struct Printing {
    /// The item.
    pub item: ItemId,
    /// The period.
    pub period: Period,
    /// Where it is printed, for a copy; `None` for the figure itself.
    pub place: Option<PlaceId>,
    /// The value.
    pub amount: Amount,
    /// The text as written.
    pub text: String,
    /// Where it is written.
    pub loc: Loc,
    /// A note kept with it.
    pub note: Option<String>,
}

/// A printed figure the brief replaces, and why.
#[derive(Debug, Clone)]
pub struct Correction {
    /// The item.
    pub item: ItemId,
    /// The period.
    pub period: Period,
    /// The value the brief uses.
    pub amount: Amount,
    /// Why.
    pub reason: String,
    /// Where it is declared.
    pub loc: Loc,
}

/// A column of a table, relative to the reporting quarter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// The reporting quarter.
    Quarter,
    /// The same quarter a year earlier.
    YearAgo,
    /// The quarter before.
    PriorQuarter,
    /// The end of the prior fiscal year (for balance sheets).
    PriorYearEnd,
    /// The last `n` quarters, newest first.
    Trailing(usize),
    /// The fiscal year to date: six or nine months, or the year in a fourth
    /// quarter (the quarter itself in a first).
    YearToDate,
    /// The year to date a year earlier.
    YearToDateYearAgo,
    /// A change between two periods: the amount (points for a percent), or
    /// the percent change.
    Change(ChangeMeasure, Comparison),
    /// The outlook for a future period (`outlook:FY2025`): each row's
    /// guidance, a point, a range or a band.
    Outlook(Period),
}

/// What a change column shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeMeasure {
    /// The amount ("$ Change"); for a percent row, the change in points.
    Amount,
    /// The percent change ("% Change"); for a percent row, the change in
    /// points.
    Percent,
}

/// What a change column compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    /// The quarter against the same quarter a year earlier ("Y/Y").
    YearAgo,
    /// The quarter against the one before ("Q/Q").
    PriorQuarter,
    /// The year to date against the year to date a year earlier.
    YearToDate,
}

impl Comparison {
    /// The later and the earlier period, given the reporting quarter.
    pub fn periods(self, quarter: Period) -> (Period, Period) {
        let at = match self {
            Comparison::YearAgo | Comparison::PriorQuarter => quarter,
            Comparison::YearToDate => Period::year_to_date(quarter.year, quarter.end_quarter()),
        };
        let base = match self {
            Comparison::PriorQuarter => quarter.prior(),
            Comparison::YearAgo | Comparison::YearToDate => at.year_ago(),
        };
        (at, base)
    }

    /// How a header names the comparison when a table has several: "Y/Y".
    pub fn abbreviation(self) -> &'static str {
        match self {
            Comparison::YearAgo => "Y/Y",
            Comparison::PriorQuarter => "Q/Q",
            Comparison::YearToDate => "YTD",
        }
    }
}

/// What one cell of a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellSpec {
    /// An item's figure in a period.
    Figure(Period),
    /// An item's outlook for a future period.
    Outlook(Period),
    /// The change of an item from `base` to `at`.
    Change {
        /// Amount or percent.
        measure: ChangeMeasure,
        /// What is compared.
        comparison: Comparison,
        /// The later period.
        at: Period,
        /// The earlier period.
        base: Period,
    },
}

impl Column {
    /// Column names, for suggestions.
    pub const NAMES: [&'static str; 14] = [
        "quarter",
        "year_ago",
        "prior_quarter",
        "prior_year_end",
        "trailing_N",
        "year_to_date",
        "year_to_date_year_ago",
        "change_year_ago",
        "pct_change_year_ago",
        "change_prior_quarter",
        "pct_change_prior_quarter",
        "change_year_to_date",
        "pct_change_year_to_date",
        "outlook:FY2025",
    ];

    /// What the column names mean, for error messages.
    pub const HELP: &'static str = "expected quarter, year_ago, prior_quarter, prior_year_end, trailing_N (N from 1 to 20), year_to_date, year_to_date_year_ago, a change column (change_ or pct_change_ followed by year_ago, prior_quarter or year_to_date), or outlook:PERIOD (outlook:FY2025)";

    /// A column by its name in model.toml.
    pub fn parse(s: &str) -> Option<Column> {
        let comparison = |rest: &str| match rest {
            "year_ago" => Some(Comparison::YearAgo),
            "prior_quarter" => Some(Comparison::PriorQuarter),
            "year_to_date" => Some(Comparison::YearToDate),
            _ => None,
        };
        Some(match s {
            "quarter" => Column::Quarter,
            "year_ago" => Column::YearAgo,
            "prior_quarter" => Column::PriorQuarter,
            "prior_year_end" => Column::PriorYearEnd,
            "year_to_date" => Column::YearToDate,
            "year_to_date_year_ago" => Column::YearToDateYearAgo,
            _ => {
                if let Some(period) = s.strip_prefix("outlook:") {
                    Column::Outlook(period.parse().ok()?)
                } else if let Some(rest) = s.strip_prefix("pct_change_") {
                    Column::Change(ChangeMeasure::Percent, comparison(rest)?)
                } else if let Some(rest) = s.strip_prefix("change_") {
                    Column::Change(ChangeMeasure::Amount, comparison(rest)?)
                } else {
                    Column::Trailing(
                        s.strip_prefix("trailing_")?
                            .parse()
                            .ok()
                            .filter(|n| (1..=20).contains(n))?,
                    )
                }
            }
        })
    }

    /// Whether the column shows a change rather than figures.
    pub fn is_change(&self) -> bool {
        matches!(self, Column::Change(..))
    }

    /// What each of the column's cells holds, given the reporting quarter.
    pub fn cells(&self, quarter: Period) -> Vec<CellSpec> {
        match self {
            Column::Change(measure, comparison) => {
                let (at, base) = comparison.periods(quarter);
                vec![CellSpec::Change {
                    measure: *measure,
                    comparison: *comparison,
                    at,
                    base,
                }]
            }
            Column::Outlook(p) => vec![CellSpec::Outlook(*p)],
            _ => self
                .periods(quarter)
                .into_iter()
                .map(CellSpec::Figure)
                .collect(),
        }
    }

    /// The periods whose figures this column reads, given the reporting
    /// quarter: its own, or the two a change compares.
    pub fn periods(&self, quarter: Period) -> Vec<Period> {
        let ytd = Period::year_to_date(quarter.year, quarter.end_quarter());
        match self {
            Column::Quarter => vec![quarter],
            Column::YearAgo => vec![quarter.year_ago()],
            Column::PriorQuarter => vec![quarter.prior()],
            Column::PriorYearEnd => vec![quarter.prior_year_end()],
            Column::Trailing(n) => quarter.trailing(*n),
            Column::YearToDate => vec![ytd],
            Column::YearToDateYearAgo => vec![ytd.year_ago()],
            Column::Change(_, c) => {
                let (at, base) = c.periods(quarter);
                vec![at, base]
            }
            // Guidance is not a figure of the data: nothing to compute.
            Column::Outlook(_) => Vec::new(),
        }
    }
}

/// A row of a table.
#[derive(Debug, Clone)]
pub struct Row {
    /// The item shown, or `None` for a heading.
    pub item: Option<ItemId>,
    /// The label shown.
    pub label: String,
    /// How it is ruled.
    pub style: RowStyle,
    /// How far its label is indented, when the row says.
    pub indent: Option<u8>,
    /// Where it is declared.
    pub loc: Loc,
}

/// A table of the release.
#[derive(Debug, Clone)]
pub struct Table {
    /// Its place.
    pub place: PlaceId,
    /// Title.
    pub title: String,
    /// What kind.
    pub kind: TableKind,
    /// Columns.
    pub columns: Vec<Column>,
    /// Rows.
    pub rows: Vec<Row>,
    /// Whether it starts on a new page.
    pub new_page: bool,
    /// The magnitude it shows money in.
    pub money_scale: Scale,
    /// The decimal places it shows money with, when the table says (else
    /// each figure's own).
    pub money_dp: Option<u32>,
    /// Notes under the table, templates.
    pub footnotes: Vec<Snippet>,
    /// The decimal places of its percent-change columns.
    pub pct_dp: u32,
    /// The magnitude it shows share counts in, when the table says (else
    /// each item's own).
    pub shares_scale: Option<Scale>,
}

/// Somewhere in the release figures are printed: a table or a passage.
#[derive(Debug, Clone)]
pub struct Place {
    /// Identifier.
    pub id: String,
    /// Title.
    pub title: String,
    /// The table, when the place is one.
    pub table: Option<usize>,
    /// What its printed measures were computed from.
    pub basis: Basis,
    /// Where it is declared.
    pub loc: Loc,
}

/// Template text written in a dataset file, with the position of its first
/// character so a template error can point at the dataset's own line.
#[derive(Debug, Clone)]
pub struct Snippet {
    /// The template.
    pub text: String,
    /// Where its first character is.
    pub loc: Loc,
}

/// A passage of narrative: heading, quote or paragraphs, bullets, tables.
#[derive(Debug, Clone)]
pub struct Passage {
    /// Its place.
    pub place: PlaceId,
    /// A heading above it.
    pub heading: Option<Snippet>,
    /// Heading level, 2 or 3.
    pub level: u8,
    /// Who is quoted, when the text is a quote.
    pub speaker: Option<raw::Speaker>,
    /// Paragraphs.
    pub text: Option<Snippet>,
    /// Bullets.
    pub bullets: Vec<Snippet>,
    /// Tables shown after it, as indices into [`QuarterModel::tables`].
    pub tables: Vec<usize>,
    /// Charts shown after it, as indices into [`QuarterModel::charts`].
    pub charts: Vec<usize>,
}

/// A chart of items over periods.
#[derive(Debug, Clone)]
pub struct Chart {
    /// Identifier.
    pub id: String,
    /// Title.
    pub title: String,
    /// How it draws its series.
    pub kind: ChartKind,
    /// The items drawn, with each series' name.
    pub series: Vec<(ItemId, String)>,
    /// The periods, as table columns.
    pub columns: Vec<Column>,
    /// Where model.toml declares it; `None` for a chart a template declares.
    pub loc: Option<Loc>,
}

/// How wide a band around an outlook's centre is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Band {
    /// A percent of the centre, as a ratio (0.02 for 2%).
    Percent(Decimal),
    /// Basis points of a percent (50 for plus or minus 0.50 points).
    BasisPoints(Decimal),
}

/// What an outlook expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Guide {
    /// One figure.
    Point(Amount),
    /// From `low` to `high`.
    Range(Amount, Amount),
    /// A centre plus or minus a band.
    Band(Amount, Band),
}

/// A figure the company expects for a future period. It never moves the
/// reporting quarter: it is not a figure of the data.
#[derive(Debug, Clone)]
pub struct Outlook {
    /// Identifier.
    pub id: String,
    /// The item or measure.
    pub item: ItemId,
    /// The period, after the reporting quarter.
    pub period: Period,
    /// What is expected.
    pub guide: Guide,
    /// Where it is declared.
    pub loc: Loc,
}

impl Outlook {
    /// The centre: the point, the middle of a range, the centre of a band.
    pub fn centre(&self) -> Option<Decimal> {
        match self.guide {
            Guide::Point(a) | Guide::Band(a, _) => Some(a.base),
            Guide::Range(l, h) => l.base.checked_add(h.base).map(|s| s / Decimal::TWO),
        }
    }

    /// The low and high ends (a point is both), in base units.
    pub fn ends(&self) -> Option<(Decimal, Decimal)> {
        match self.guide {
            Guide::Point(a) => Some((a.base, a.base)),
            Guide::Range(l, h) => Some((l.base, h.base)),
            Guide::Band(c, Band::Percent(p)) => {
                let d = c.base.checked_mul(p)?.abs();
                Some((c.base.checked_sub(d)?, c.base.checked_add(d)?))
            }
            Guide::Band(c, Band::BasisPoints(bp)) => {
                let d = bp / Decimal::from(10_000);
                Some((c.base.checked_sub(d)?, c.base.checked_add(d)?))
            }
        }
    }
}

/// An equality between two formulas.
#[derive(Debug, Clone)]
pub struct Tie {
    /// What it checks.
    pub name: String,
    /// One side.
    pub left: Expr,
    /// The other side.
    pub right: Expr,
    /// Where it is declared.
    pub loc: Loc,
}

/// A balance that moves by a flow.
#[derive(Debug, Clone)]
pub struct Rollforward {
    /// What it checks.
    pub name: String,
    /// The balance item.
    pub balance: ItemId,
    /// What it moves by.
    pub flow: Expr,
    /// Where it is declared.
    pub loc: Loc,
}

/// The dataset, validated and linked, for one reporting quarter.
#[derive(Debug, Clone)]
pub struct QuarterModel {
    /// The dataset folder.
    pub dir: PathBuf,
    /// The company.
    pub company: Company,
    /// Its fiscal calendar.
    pub calendar: FiscalCalendar,
    /// The quarter the brief reports.
    pub quarter: Period,
    /// Items and measures, in declaration order.
    pub items: Vec<Item>,
    /// Tables and passages.
    pub places: Vec<Place>,
    /// Tables, in declaration order.
    pub tables: Vec<Table>,
    /// Passages of narrative, in declaration order.
    pub passages: Vec<Passage>,
    /// Charts, in declaration order.
    pub charts: Vec<Chart>,
    /// Declared equalities.
    pub ties: Vec<Tie>,
    /// Declared roll-forwards.
    pub rollforwards: Vec<Rollforward>,
    /// Every figure row, in file order.
    pub printings: Vec<Printing>,
    /// Declared corrections.
    pub corrections: Vec<Correction>,
    /// Guidance for future periods, in declaration order.
    pub outlooks: Vec<Outlook>,
    /// The headline, when the dataset writes one (a template).
    pub headline: Option<Snippet>,
    /// Lines under the headline (templates).
    pub subheadlines: Vec<Snippet>,
    item_index: HashMap<String, ItemId>,
    facts: HashMap<(ItemId, Period), usize>,
    placed: HashMap<(ItemId, Period, PlaceId), usize>,
    corrected: HashMap<(ItemId, Period), usize>,
    rows_of: HashSet<(ItemId, PlaceId)>,
    /// [`QuarterModel::default_scale`] of money, once the printings are in.
    money_places: std::sync::OnceLock<u32>,
}

impl QuarterModel {
    /// Validates a raw dataset into a model for `quarter`, or for the latest
    /// quarter the figures cover.
    pub fn build(raw: RawDataset, quarter: Option<Period>) -> Result<QuarterModel, InputError> {
        build::Builder::new(raw).build(quarter)
    }

    /// Looks an item up by id.
    pub fn item_id(&self, id: &str) -> Option<ItemId> {
        self.item_index.get(id).copied()
    }

    /// The ids of every item and measure, for suggestions.
    pub fn item_names(&self) -> impl Iterator<Item = &str> {
        self.items.iter().map(|i| i.id.as_str())
    }

    /// The figure for an item in a period, as printed (no correction applied).
    pub fn fact(&self, item: ItemId, period: Period) -> Option<&Printing> {
        self.facts.get(&(item, period)).map(|&i| &self.printings[i])
    }

    /// A copy of the figure printed at a place.
    pub fn printing_at(&self, item: ItemId, period: Period, place: PlaceId) -> Option<&Printing> {
        self.placed
            .get(&(item, period, place))
            .map(|&i| &self.printings[i])
    }

    /// The correction declared for an item in a period.
    pub fn correction(&self, item: ItemId, period: Period) -> Option<&Correction> {
        self.corrected
            .get(&(item, period))
            .map(|&i| &self.corrections[i])
    }

    /// Whether an item is a row of the table that is `place`.
    pub fn is_row_of(&self, item: ItemId, place: PlaceId) -> bool {
        self.rows_of.contains(&(item, place))
    }

    /// The first table that shows an item: where its figure is printed when
    /// the figures give it no place.
    pub fn home_table(&self, item: ItemId) -> Option<&Table> {
        self.tables
            .iter()
            .find(|t| t.rows.iter().any(|r| r.item == Some(item)))
    }

    /// A given item's value: given by `given` (the brief's values, or the
    /// figures as printed), else, for a flow, derived from the figures of
    /// other periods ([`flow_parts`]). `Some(Err(_))` when the parts overflow.
    pub fn given_or_derived(
        &self,
        item: ItemId,
        period: Period,
        given: impl Fn(Period) -> Option<Decimal>,
    ) -> Option<Result<Decimal, Gap>> {
        if let Some(v) = given(period) {
            return Some(Ok(v));
        }
        if self.items[item].kind != Kind::Flow {
            return None;
        }
        let parts = flow_parts(period, |p| self.has_given(item, p))?;
        let mut sum = Decimal::ZERO;
        for (p, add) in parts {
            let v = given(p)?;
            let next = if add {
                sum.checked_add(v)
            } else {
                sum.checked_sub(v)
            };
            match next {
                Some(n) => sum = n,
                None => return Some(Err(Gap::Overflow)),
            }
        }
        Some(Ok(sum))
    }

    /// Whether a figure (or a correction) is given for an item in a period.
    pub fn has_given(&self, item: ItemId, period: Period) -> bool {
        self.corrected.contains_key(&(item, period)) || self.facts.contains_key(&(item, period))
    }

    /// The value the brief uses for a given (not computed) item: the
    /// correction if one is declared, else the figure.
    pub fn given_value(&self, item: ItemId, period: Period) -> Option<Decimal> {
        self.correction(item, period)
            .map(|c| c.amount.base)
            .or_else(|| self.fact(item, period).map(|p| p.amount.base))
    }

    /// What one written unit of an item's figures is worth in base units:
    /// its own scale for money or shares when it declares one, else its
    /// unit's ([`QuarterModel::shown_in`]).
    pub fn written_in(&self, item: ItemId) -> Decimal {
        let it = &self.items[item];
        match (it.unit, it.scale) {
            (Unit::Money | Unit::Shares, Some(scale)) => scale.multiplier(),
            (unit, _) => self.shown_in(unit),
        }
    }

    /// What one shown unit of `unit` is worth in base units.
    pub fn shown_in(&self, unit: Unit) -> Decimal {
        match unit {
            Unit::Money => self.company.unit.multiplier(),
            Unit::Percent => Decimal::new(1, 2),
            Unit::Shares | Unit::PerShare | Unit::Number => Decimal::ONE,
        }
    }

    /// Decimal places a unit is shown with when nothing was printed. Money
    /// follows the figures: a company writing 412.6 (millions) shows its
    /// computed amounts to one decimal too.
    pub fn default_scale(&self, unit: Unit) -> u32 {
        match unit {
            // Looked at once: it is asked for every figure, and there is a
            // printing for each figure row.
            Unit::Money => *self.money_places.get_or_init(|| {
                self.printings
                    .iter()
                    .filter(|p| p.place.is_none() && self.items[p.item].unit == Unit::Money)
                    .map(|p| p.amount.scale)
                    .max()
                    .unwrap_or(0)
                    .min(2)
            }),
            Unit::Shares => 0,
            Unit::Percent => 1,
            Unit::PerShare | Unit::Number => 2,
        }
    }

    /// The brief's values: corrected figures and computed measures.
    pub fn values(&self) -> ModelValues<'_> {
        ModelValues {
            model: self,
            trace: None,
        }
    }

    /// The brief's value of item `id` in `period`.
    pub fn value(&self, item: ItemId, period: Period) -> Result<Decimal, Gap> {
        self.values().value(&self.items[item].id, period)
    }
}

/// The brief's values of items and measures, optionally recording which
/// given figures a computation read (its provenance).
pub struct ModelValues<'m> {
    model: &'m QuarterModel,
    trace: Option<RefCell<Vec<(ItemId, Period)>>>,
}

impl<'m> ModelValues<'m> {
    /// Values that record every given figure they read.
    pub fn tracing(model: &'m QuarterModel) -> ModelValues<'m> {
        ModelValues {
            model,
            trace: Some(RefCell::new(Vec::new())),
        }
    }

    /// The given figures read so far, in order, without repeats.
    pub fn sources(&self) -> Vec<(ItemId, Period)> {
        let mut out: Vec<(ItemId, Period)> = Vec::new();
        let mut seen = HashSet::new();
        if let Some(trace) = &self.trace {
            for s in trace.borrow().iter() {
                if seen.insert(*s) {
                    out.push(*s);
                }
            }
        }
        out
    }
}

impl Values for ModelValues<'_> {
    fn value(&self, id: &str, period: Period) -> Result<Decimal, Gap> {
        let m = self.model;
        let item = m
            .item_id(id)
            .ok_or_else(|| Gap::Missing(id.to_string(), period))?;
        let period = m.items[item].at(period);
        match &m.items[item].def {
            Definition::Measure(e) => e.eval(self, period),
            Definition::Input | Definition::Subtotal(_) => {
                let given = |p: Period| {
                    let v = m.given_value(item, p);
                    if v.is_some()
                        && let Some(trace) = &self.trace
                    {
                        trace.borrow_mut().push((item, p));
                    }
                    v
                };
                m.given_or_derived(item, period, given)
                    .ok_or_else(|| Gap::Missing(id.to_string(), period))?
            }
        }
    }
}

/// How a flow's figure for a period follows from figures given for others,
/// when it is not given itself: a year to date is the sum of its quarters,
/// or the year to date before it plus its last quarter; a quarter is its
/// year to date less the year to date before it (the fourth quarter is the
/// year less nine months). Each part must be given; parts are never derived
/// in turn. Returns the parts with the sign each is added with.
pub fn flow_parts(period: Period, given: impl Fn(Period) -> bool) -> Option<Vec<(Period, bool)>> {
    let q = period.end_quarter();
    let ytd = |n: u8| Period::year_to_date(period.year, n);
    let quarters = |n: u8| (1..=n).map(|k| Period::quarter(period.year, k));
    if !period.is_quarter() {
        if quarters(q).all(&given) {
            return Some(quarters(q).map(|p| (p, true)).collect());
        }
        let last = Period::quarter(period.year, q);
        if given(ytd(q - 1)) && given(last) {
            return Some(vec![(ytd(q - 1), true), (last, true)]);
        }
        return None;
    }
    if q == 1 || !given(ytd(q)) {
        return None;
    }
    if given(ytd(q - 1)) {
        return Some(vec![(ytd(q), true), (ytd(q - 1), false)]);
    }
    if quarters(q - 1).all(&given) {
        let mut parts = vec![(ytd(q), true)];
        parts.extend(quarters(q - 1).map(|p| (p, false)));
        return Some(parts);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Period {
        s.parse().unwrap()
    }

    fn parts(period: &str, given: &[&str]) -> Option<Vec<String>> {
        let given: Vec<Period> = given.iter().map(|s| p(s)).collect();
        flow_parts(p(period), |q| given.contains(&q)).map(|v| {
            v.into_iter()
                .map(|(q, add)| format!("{}{q}", if add { "+" } else { "-" }))
                .collect()
        })
    }

    /// A Q4 release gives the year and nine months; the fourth quarter is
    /// their difference. The other derivations follow the same rule.
    #[test]
    fn a_flow_follows_from_the_periods_around_it() {
        assert_eq!(
            parts("FY2024-Q4", &["FY2024", "FY2024-9M"]).unwrap(),
            ["+FY2024", "-FY2024-9M"]
        );
        assert_eq!(
            parts(
                "FY2024-Q4",
                &["FY2024", "FY2024-Q1", "FY2024-Q2", "FY2024-Q3"]
            )
            .unwrap(),
            ["+FY2024", "-FY2024-Q1", "-FY2024-Q2", "-FY2024-Q3"]
        );
        assert_eq!(
            parts("FY2024-9M", &["FY2024-Q1", "FY2024-Q2", "FY2024-Q3"]).unwrap(),
            ["+FY2024-Q1", "+FY2024-Q2", "+FY2024-Q3"]
        );
        assert_eq!(
            parts("FY2024-9M", &["FY2024-6M", "FY2024-Q3"]).unwrap(),
            ["+FY2024-6M", "+FY2024-Q3"]
        );
        assert_eq!(
            parts("FY2024-Q2", &["FY2024-6M", "FY2024-Q1"]).unwrap(),
            ["+FY2024-6M", "-FY2024-Q1"]
        );
        // Parts are never derived in turn, and a first quarter has no year
        // to date before it.
        assert_eq!(parts("FY2024-Q4", &["FY2024", "FY2024-6M"]), None);
        assert_eq!(parts("FY2024-Q1", &["FY2024-6M", "FY2024-Q2"]), None);
    }
}
