//! The quarter model: a dataset validated and linked. Items know their
//! formulas, figures know their item, period and place, and every name has
//! been resolved, so later stages never meet a dangling reference.

use crate::calendar::{FiscalCalendar, Period};
use crate::error::{InputError, Loc, did_you_mean};
use crate::formula::{Expr, Gap, Values};
use crate::load::{Located, RawDataset, RawFigure, Source, raw};
use crate::number::parse_figure;
use rust_decimal::Decimal;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;

pub use crate::load::raw::{Kind, ReportingUnit, RowStyle, TableKind, Unit};

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
    /// The unit money figures are written in.
    pub unit: ReportingUnit,
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
    /// Where its value comes from.
    pub def: Definition,
    /// Whether it is a non-GAAP measure.
    pub non_gaap: bool,
    /// For a non-GAAP measure, its most directly comparable GAAP item.
    pub gaap: Option<ItemId>,
    /// Where it is declared.
    pub loc: Loc,
}

impl Item {
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
}

impl Column {
    const NAMES: [&'static str; 5] = [
        "quarter",
        "year_ago",
        "prior_quarter",
        "prior_year_end",
        "trailing_N",
    ];

    fn parse(s: &str) -> Option<Column> {
        Some(match s {
            "quarter" => Column::Quarter,
            "year_ago" => Column::YearAgo,
            "prior_quarter" => Column::PriorQuarter,
            "prior_year_end" => Column::PriorYearEnd,
            _ => Column::Trailing(
                s.strip_prefix("trailing_")?
                    .parse()
                    .ok()
                    .filter(|n| (1..=20).contains(n))?,
            ),
        })
    }

    /// The periods this column stands for, given the reporting quarter.
    pub fn periods(&self, quarter: Period) -> Vec<Period> {
        match self {
            Column::Quarter => vec![quarter],
            Column::YearAgo => vec![quarter.year_ago()],
            Column::PriorQuarter => vec![quarter.prior()],
            Column::PriorYearEnd => vec![quarter.prior_year_end()],
            Column::Trailing(n) => quarter.trailing(*n),
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
    /// Declared equalities.
    pub ties: Vec<Tie>,
    /// Declared roll-forwards.
    pub rollforwards: Vec<Rollforward>,
    /// Every figure row, in file order.
    pub printings: Vec<Printing>,
    /// Declared corrections.
    pub corrections: Vec<Correction>,
    item_index: HashMap<String, ItemId>,
    facts: HashMap<(ItemId, Period), usize>,
    placed: HashMap<(ItemId, Period, PlaceId), usize>,
    corrected: HashMap<(ItemId, Period), usize>,
    rows_of: HashSet<(ItemId, PlaceId)>,
}

impl QuarterModel {
    /// Validates a raw dataset into a model for `quarter`, or for the latest
    /// quarter the figures cover.
    pub fn build(raw: RawDataset, quarter: Option<Period>) -> Result<QuarterModel, InputError> {
        Builder::new(raw).build(quarter)
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

    /// The value the brief uses for a given (not computed) item: the
    /// correction if one is declared, else the figure.
    pub fn given_value(&self, item: ItemId, period: Period) -> Option<Decimal> {
        self.correction(item, period)
            .map(|c| c.amount.base)
            .or_else(|| self.fact(item, period).map(|p| p.amount.base))
    }

    /// What one shown unit of `unit` is worth in base units.
    pub fn shown_in(&self, unit: Unit) -> Decimal {
        match unit {
            Unit::Money => Decimal::from(reporting_multiplier(self.company.unit)),
            Unit::Percent => Decimal::new(1, 2),
            Unit::Shares | Unit::PerShare | Unit::Number => Decimal::ONE,
        }
    }

    /// Decimal places a unit is shown with when nothing was printed. Money
    /// follows the figures: a company writing 412.6 (millions) shows its
    /// computed amounts to one decimal too.
    pub fn default_scale(&self, unit: Unit) -> u32 {
        match unit {
            Unit::Money => self
                .printings
                .iter()
                .filter(|p| p.place.is_none() && self.items[p.item].unit == Unit::Money)
                .map(|p| p.amount.scale)
                .max()
                .unwrap_or(0)
                .min(2),
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
        if let Some(trace) = &self.trace {
            for s in trace.borrow().iter() {
                if !out.contains(s) {
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
        match &m.items[item].def {
            Definition::Measure(e) => e.eval(self, period),
            Definition::Input | Definition::Subtotal(_) => {
                if let Some(trace) = &self.trace {
                    trace.borrow_mut().push((item, period));
                }
                m.given_value(item, period)
                    .ok_or_else(|| Gap::Missing(id.to_string(), period))
            }
        }
    }
}

fn reporting_multiplier(unit: ReportingUnit) -> i64 {
    match unit {
        ReportingUnit::Units => 1,
        ReportingUnit::Thousands => 1_000,
        ReportingUnit::Millions => 1_000_000,
        ReportingUnit::Billions => 1_000_000_000,
    }
}

struct Builder {
    raw: RawDataset,
    items: Vec<Item>,
    item_index: HashMap<String, ItemId>,
    places: Vec<Place>,
    place_index: HashMap<String, PlaceId>,
}

impl Builder {
    fn new(raw: RawDataset) -> Builder {
        Builder {
            raw,
            items: Vec::new(),
            item_index: HashMap::new(),
            places: Vec::new(),
            place_index: HashMap::new(),
        }
    }

    fn model_loc(&self, span: std::ops::Range<usize>) -> Loc {
        self.raw.model_source.loc(span)
    }

    fn build(mut self, quarter: Option<Period>) -> Result<QuarterModel, InputError> {
        let company = company(&self.raw)?;
        let calendar = calendar(&self.raw)?;
        self.declare_items()?;
        self.link_formulas()?;
        self.check_cycles()?;
        let tables = self.declare_places()?;
        let passages = self.passages(&tables)?;
        let ties = self.ties()?;
        let rollforwards = self.rollforwards()?;
        let mut model = QuarterModel {
            dir: self.raw.dir.clone(),
            company,
            calendar,
            quarter: Period::quarter(0, 1),
            items: std::mem::take(&mut self.items),
            places: std::mem::take(&mut self.places),
            tables,
            passages,
            ties,
            rollforwards,
            printings: Vec::new(),
            corrections: Vec::new(),
            item_index: std::mem::take(&mut self.item_index),
            facts: HashMap::new(),
            placed: HashMap::new(),
            corrected: HashMap::new(),
            rows_of: HashSet::new(),
        };
        for table in &model.tables {
            for row in &table.rows {
                if let Some(item) = row.item {
                    model.rows_of.insert((item, table.place));
                }
            }
        }
        add_figures(&mut model, &self.raw.figures, &self.place_index)?;
        if let Some((source, file)) = &self.raw.corrections {
            add_corrections(&mut model, source, file)?;
        }
        model.quarter = match quarter {
            Some(q) if !q.is_quarter() => {
                return Err(InputError::file(
                    &model.dir,
                    format!("`{q}` is a fiscal year; a brief reports a quarter such as {q}-Q1"),
                ));
            }
            Some(q) => q,
            None => latest_quarter(&model)?,
        };
        check_tables_complete(&model)?;
        Ok(model)
    }

    fn declare(&mut self, item: Item, span: std::ops::Range<usize>) -> Result<(), InputError> {
        if !is_identifier(&item.id) {
            return Err(InputError::at(
                self.model_loc(span),
                format!(
                    "`{}` is not a valid id; use lowercase letters, digits and underscores, starting with a letter",
                    item.id
                ),
            ));
        }
        if let Some(&first) = self.item_index.get(&item.id) {
            return Err(InputError::at(
                self.model_loc(span),
                format!("`{}` is declared twice", item.id),
            )
            .help(format!(
                "the first declaration is at {}",
                self.items[first].loc
            )));
        }
        self.item_index.insert(item.id.clone(), self.items.len());
        self.items.push(item);
        Ok(())
    }

    fn declare_items(&mut self) -> Result<(), InputError> {
        let raw_items = std::mem::take(&mut self.raw.model.item);
        for it in &raw_items {
            let loc = self.model_loc(it.id.span());
            let item = Item {
                id: it.id.get_ref().clone(),
                label: it.label.clone(),
                kind: it.kind,
                unit: it.unit,
                def: Definition::Input,
                non_gaap: false,
                gaap: None,
                loc,
            };
            self.declare(item, it.id.span())?;
        }
        let raw_measures = std::mem::take(&mut self.raw.model.measure);
        for m in &raw_measures {
            let loc = self.model_loc(m.id.span());
            let formula = self.parse_formula(&m.formula)?;
            let item = Item {
                id: m.id.get_ref().clone(),
                label: m.label.clone(),
                kind: m.kind,
                unit: m.unit,
                def: Definition::Measure(formula),
                non_gaap: m.non_gaap,
                gaap: None,
                loc,
            };
            self.declare(item, m.id.span())?;
        }
        for m in &raw_measures {
            if let Some(g) = &m.gaap {
                let gaap = self.resolve(g.get_ref(), self.model_loc(g.span()))?;
                let id = self.item_index[m.id.get_ref()];
                self.items[id].gaap = Some(gaap);
            }
        }
        self.raw.model.measure = raw_measures;
        // Subtotal formulas are read after every id is known.
        for it in &raw_items {
            let id = self.item_index[it.id.get_ref()];
            let expr = match (&it.sum, &it.equals) {
                (Some(_), Some(eq)) => {
                    return Err(InputError::at(
                        self.model_loc(eq.span()),
                        "an item has `sum` or `equals`, not both",
                    ));
                }
                (Some(parts), None) => {
                    if parts.get_ref().is_empty() {
                        return Err(InputError::at(
                            self.model_loc(parts.span()),
                            "`sum` lists no items",
                        ));
                    }
                    let mut expr: Option<Expr> = None;
                    for part in parts.get_ref() {
                        self.resolve(part.get_ref(), self.model_loc(part.span()))?;
                        let r = Expr::Ref(part.get_ref().clone());
                        expr = Some(match expr {
                            None => r,
                            Some(e) => {
                                Expr::Binary(crate::formula::Op::Add, Box::new(e), Box::new(r))
                            }
                        });
                    }
                    expr
                }
                (None, Some(eq)) => Some(self.parse_formula(eq)?),
                (None, None) => None,
            };
            if let Some(expr) = expr {
                self.items[id].def = Definition::Subtotal(expr);
            }
        }
        self.raw.model.item = raw_items;
        Ok(())
    }

    fn parse_formula(&self, text: &toml::Spanned<String>) -> Result<Expr, InputError> {
        Expr::parse(text.get_ref()).map_err(|e| {
            let loc = self
                .raw
                .model_source
                .loc_in_string(text.span(), text.get_ref()[..e.offset].chars().count());
            InputError::at(
                loc,
                format!("in formula `{}`: {}", text.get_ref(), e.message),
            )
        })
    }

    fn resolve(&self, id: &str, loc: Loc) -> Result<ItemId, InputError> {
        self.item_index.get(id).copied().ok_or_else(|| {
            InputError::at(loc, format!("unknown item `{id}`"))
                .maybe_help(did_you_mean(id, self.items.iter().map(|i| i.id.as_str())))
        })
    }

    /// Every name a formula uses must be declared.
    fn link_formulas(&self) -> Result<(), InputError> {
        let spans: HashMap<&str, &toml::Spanned<String>> = self
            .raw
            .model
            .measure
            .iter()
            .map(|m| (m.id.get_ref().as_str(), &m.formula))
            .chain(
                self.raw
                    .model
                    .item
                    .iter()
                    .filter_map(|i| i.equals.as_ref().map(|e| (i.id.get_ref().as_str(), e))),
            )
            .collect();
        for item in &self.items {
            let Some(formula) = item.formula() else {
                continue;
            };
            for name in formula.references() {
                if !self.item_index.contains_key(name) {
                    let loc = match spans.get(item.id.as_str()) {
                        Some(text) => {
                            let at = find_identifier(text.get_ref(), name);
                            self.raw
                                .model_source
                                .loc_in_string(text.span(), text.get_ref()[..at].chars().count())
                        }
                        None => item.loc.clone(),
                    };
                    self.resolve(name, loc)?;
                }
            }
        }
        Ok(())
    }

    /// A formula that depends on itself has no value.
    fn check_cycles(&self) -> Result<(), InputError> {
        // 0 = unvisited, 1 = on the path, 2 = done.
        let mut state = vec![0u8; self.items.len()];
        fn visit(
            b: &Builder,
            i: ItemId,
            state: &mut [u8],
            path: &mut Vec<ItemId>,
        ) -> Result<(), InputError> {
            match state[i] {
                2 => return Ok(()),
                1 => {
                    let start = path.iter().position(|&p| p == i).unwrap_or(0);
                    let names: Vec<&str> = path[start..]
                        .iter()
                        .chain([&i])
                        .map(|&p| b.items[p].id.as_str())
                        .collect();
                    let message = if names.len() == 2 {
                        format!("the formula of `{}` refers to itself", names[0])
                    } else {
                        format!(
                            "formulas refer to each other in a circle: {}",
                            names.join(" -> ")
                        )
                    };
                    return Err(InputError::at(b.items[i].loc.clone(), message));
                }
                _ => {}
            }
            state[i] = 1;
            path.push(i);
            if let Some(f) = b.items[i].formula() {
                for name in f.references() {
                    visit(b, b.item_index[name], state, path)?;
                }
            }
            path.pop();
            state[i] = 2;
            Ok(())
        }
        for i in 0..self.items.len() {
            visit(self, i, &mut state, &mut Vec::new())?;
        }
        Ok(())
    }

    fn add_place(
        &mut self,
        place: Place,
        span: std::ops::Range<usize>,
    ) -> Result<PlaceId, InputError> {
        if !is_identifier(&place.id) {
            return Err(InputError::at(
                self.model_loc(span),
                format!("`{}` is not a valid id", place.id),
            ));
        }
        if let Some(&first) = self.place_index.get(&place.id) {
            return Err(InputError::at(
                self.model_loc(span),
                format!("place `{}` is declared twice", place.id),
            )
            .help(format!(
                "the first declaration is at {}",
                self.places[first].loc
            )));
        }
        let id = self.places.len();
        self.place_index.insert(place.id.clone(), id);
        self.places.push(place);
        Ok(id)
    }

    fn declare_places(&mut self) -> Result<Vec<Table>, InputError> {
        let raw_tables = std::mem::take(&mut self.raw.model.table);
        let mut tables = Vec::new();
        for t in &raw_tables {
            let place = Place {
                id: t.id.get_ref().clone(),
                title: t.title.clone(),
                table: Some(tables.len()),
                loc: self.model_loc(t.id.span()),
            };
            let place = self.add_place(place, t.id.span())?;
            let mut columns = Vec::new();
            for c in t.columns.get_ref() {
                let column = Column::parse(c.get_ref()).ok_or_else(|| {
                    InputError::at(
                        self.model_loc(c.span()),
                        format!("unknown column `{}`; expected one of quarter, year_ago, prior_quarter, prior_year_end, trailing_5", c.get_ref()),
                    )
                    .maybe_help(did_you_mean(c.get_ref(), Column::NAMES))
                })?;
                columns.push(column);
            }
            if columns.is_empty() {
                return Err(InputError::at(
                    self.model_loc(t.columns.span()),
                    "a table needs at least one column",
                ));
            }
            let mut rows = Vec::new();
            for r in &t.rows {
                let row = match (&r.item, &r.heading) {
                    (Some(item), None) => {
                        let loc = self.model_loc(item.span());
                        let id = self.resolve(item.get_ref(), loc.clone())?;
                        Row {
                            item: Some(id),
                            label: r
                                .label
                                .clone()
                                .unwrap_or_else(|| self.items[id].label.clone()),
                            style: r.style,
                            loc,
                        }
                    }
                    (None, Some(heading)) => Row {
                        item: None,
                        label: heading.clone(),
                        style: r.style,
                        loc: self.model_loc(t.id.span()),
                    },
                    _ => {
                        return Err(InputError::at(
                            self.model_loc(t.id.span()),
                            format!(
                                "a row of table `{}` needs either `item` or `heading`",
                                t.id.get_ref()
                            ),
                        ));
                    }
                };
                rows.push(row);
            }
            tables.push(Table {
                place,
                title: t.title.clone(),
                kind: t.kind,
                columns,
                rows,
            });
        }
        self.raw.model.table = raw_tables;
        let passages = std::mem::take(&mut self.raw.model.passage);
        for p in &passages {
            let place = Place {
                id: p.id.get_ref().clone(),
                title: p.title.clone(),
                table: None,
                loc: self.model_loc(p.id.span()),
            };
            self.add_place(place, p.id.span())?;
        }
        self.raw.model.passage = passages;
        Ok(tables)
    }

    fn passages(&self, tables: &[Table]) -> Result<Vec<Passage>, InputError> {
        let src = &self.raw.model_source;
        let snippet = |s: &toml::Spanned<String>| Snippet {
            text: s.get_ref().clone(),
            loc: src.loc_at(string_content_start(&src.text, s.span())),
        };
        self.raw
            .model
            .passage
            .iter()
            .map(|p| {
                let tables = p
                    .tables
                    .iter()
                    .map(|t| {
                        tables
                            .iter()
                            .position(|table| self.places[table.place].id == *t.get_ref())
                            .ok_or_else(|| {
                                InputError::at(
                                    src.loc_in_string(t.span(), 0),
                                    format!("unknown table `{}`", t.get_ref()),
                                )
                                .maybe_help(did_you_mean(
                                    t.get_ref(),
                                    tables.iter().map(|x| self.places[x.place].id.as_str()),
                                ))
                            })
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                let level = match &p.level {
                    None => 2,
                    Some(l) if (2..=3).contains(l.get_ref()) => *l.get_ref(),
                    Some(l) => {
                        return Err(InputError::at(
                            src.loc(l.span()),
                            "a passage heading's level is 2 (a section) or 3 (a subsection)",
                        ));
                    }
                };
                Ok(Passage {
                    place: self.place_index[p.id.get_ref()],
                    heading: p.heading.as_ref().map(snippet),
                    level,
                    speaker: p.speaker.clone(),
                    text: p.text.as_ref().map(snippet),
                    bullets: p.bullets.iter().map(snippet).collect(),
                    tables,
                })
            })
            .collect()
    }

    fn checked_formula(&self, text: &toml::Spanned<String>) -> Result<Expr, InputError> {
        let expr = self.parse_formula(text)?;
        for name in expr.references() {
            let at = find_identifier(text.get_ref(), name);
            let loc = self
                .raw
                .model_source
                .loc_in_string(text.span(), text.get_ref()[..at].chars().count());
            self.resolve(name, loc)?;
        }
        Ok(expr)
    }

    fn ties(&self) -> Result<Vec<Tie>, InputError> {
        self.raw
            .model
            .tie
            .iter()
            .map(|t| {
                Ok(Tie {
                    name: t.name.clone(),
                    left: self.checked_formula(&t.left)?,
                    right: self.checked_formula(&t.right)?,
                    loc: self.model_loc(t.left.span()),
                })
            })
            .collect()
    }

    fn rollforwards(&self) -> Result<Vec<Rollforward>, InputError> {
        self.raw
            .model
            .rollforward
            .iter()
            .map(|r| {
                let loc = self.model_loc(r.balance.span());
                let balance = self.resolve(r.balance.get_ref(), loc.clone())?;
                if self.items[balance].kind != Kind::Balance {
                    return Err(InputError::at(
                        loc,
                        format!(
                            "`{}` is a flow; a roll-forward moves a balance item",
                            r.balance.get_ref()
                        ),
                    ));
                }
                Ok(Rollforward {
                    name: r.name.clone(),
                    balance,
                    flow: self.checked_formula(&r.flow)?,
                    loc,
                })
            })
            .collect()
    }
}

/// Where `name` first stands as a whole identifier in a formula (so that
/// `revenu` is not found inside `revenue`), for pointing at it.
fn find_identifier(formula: &str, name: &str) -> usize {
    let is_ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    formula
        .match_indices(name)
        .find(|(i, _)| {
            let before = formula[..*i].chars().next_back();
            let after = formula[i + name.len()..].chars().next();
            !before.is_some_and(is_ident) && !after.is_some_and(is_ident)
        })
        .map_or(0, |(i, _)| i)
}

fn is_identifier(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Where the content of a TOML string token starts: after its quotes, and
/// after the newline a multi-line string may open with.
fn string_content_start(text: &str, span: std::ops::Range<usize>) -> usize {
    let token = &text[span.clone()];
    let quotes = if token.starts_with("\"\"\"") || token.starts_with("'''") {
        3
    } else {
        1
    };
    let rest = &token[quotes.min(token.len())..];
    let newline = if rest.starts_with("\r\n") {
        2
    } else {
        usize::from(quotes == 3 && rest.starts_with('\n'))
    };
    span.start + quotes + newline
}

/// A TOML date with no time, as a calendar date.
fn toml_date(
    loc: &Loc,
    d: &toml::value::Datetime,
    what: &str,
) -> Result<jiff::civil::Date, InputError> {
    match (d.date, d.time) {
        (Some(date), None) => {
            jiff::civil::Date::new(date.year as i16, date.month as i8, date.day as i8).ok()
        }
        _ => None,
    }
    .ok_or_else(|| {
        InputError::at(
            loc.clone(),
            format!("expected a date such as 2003-10-31 for {what}, found {d}"),
        )
    })
}

fn company(raw: &RawDataset) -> Result<Company, InputError> {
    let f = &raw.company.value;
    let src = &raw.company_source;
    let mut releases = BTreeMap::new();
    for (key, date) in &f.releases {
        let loc = src.loc(date.span());
        let period: Period = key
            .parse()
            .map_err(|e: String| InputError::at(loc.clone(), e))?;
        releases.insert(
            period,
            toml_date(&loc, date.get_ref(), &period.to_string())?,
        );
    }
    let flat_within = match &f.style.flat_within {
        None => Decimal::new(2, 2),
        Some(text) => {
            let loc = src.loc(text.span());
            let parsed =
                parse_figure(&text.get_ref().0).map_err(|e| InputError::at(loc.clone(), e))?;
            let value = if text.get_ref().0.trim_end().ends_with('%') {
                parsed.value / Decimal::ONE_HUNDRED
            } else {
                parsed.value
            };
            if value.is_sign_negative() || value >= Decimal::ONE {
                return Err(InputError::at(
                    loc,
                    "flat_within must be a small positive percent such as \"2%\"",
                ));
            }
            value
        }
    };
    Ok(Company {
        name: f.company.name.clone(),
        short_name: f.company.short_name.clone(),
        ticker: f.company.ticker.clone(),
        dateline_city: f.company.dateline_city.clone(),
        description: f.company.description.clone(),
        website: f.company.website.clone(),
        currency: f.company.currency.clone(),
        unit: *f.company.unit.get_ref(),
        about: f.boilerplate.about.clone(),
        forward_looking: f.boilerplate.forward_looking.clone(),
        contacts: f
            .contact
            .iter()
            .map(|c| (c.name.clone(), c.phone.clone(), c.email.clone()))
            .collect(),
        releases,
        flat_within,
    })
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

fn calendar(raw: &RawDataset) -> Result<FiscalCalendar, InputError> {
    let src = &raw.company_source;
    let cal = &raw.company.value.calendar;
    let month_text = cal.year_end_month.get_ref().trim().to_lowercase();
    let month = MONTHS
        .iter()
        .position(|m| *m == month_text)
        .map(|i| i as i8 + 1)
        .or_else(|| {
            month_text
                .parse::<i8>()
                .ok()
                .filter(|m| (1..=12).contains(m))
        })
        .ok_or_else(|| {
            InputError::at(
                src.loc_in_string(cal.year_end_month.span(), 0),
                format!(
                    "`{}` is not a month; expected a name such as \"July\" or a number 1-12",
                    cal.year_end_month.get_ref()
                ),
            )
            .maybe_help(did_you_mean(&month_text, MONTHS))
        })?;
    let mut ends = BTreeMap::new();
    for (key, date) in &cal.period_ends {
        let loc = src.loc(date.span());
        let period: Period = key
            .parse()
            .map_err(|e: String| InputError::at(loc.clone(), e))?;
        ends.insert(
            period,
            toml_date(&loc, date.get_ref(), &period.to_string())?,
        );
    }
    Ok(FiscalCalendar::new(month, ends))
}

fn parse_period(item: &Item, text: &Located<String>) -> Result<Period, InputError> {
    let period: Period = text
        .value
        .parse()
        .map_err(|e: String| InputError::at(text.loc.clone(), e))?;
    // A balance is measured at a period's end, and a fiscal year ends with its
    // fourth quarter: FY2003 and FY2003-Q4 are the same balance-sheet date.
    Ok(match (item.kind, period.quarter) {
        (Kind::Balance, None) => Period::quarter(period.year, 4),
        _ => period,
    })
}

fn parse_amount(
    model: &QuarterModel,
    unit: Unit,
    text: &Located<String>,
) -> Result<Amount, InputError> {
    let parsed = parse_figure(&text.value).map_err(|e| InputError::at(text.loc.clone(), e))?;
    let shown_in = match (parsed.magnitude, unit) {
        (Some(_), Unit::Percent) => {
            return Err(InputError::at(
                text.loc.clone(),
                "a percent cannot carry a word like million",
            ));
        }
        (Some(m), _) => m,
        (None, u) => model.shown_in(u),
    };
    Ok(Amount {
        base: parsed.value * shown_in,
        shown_in,
        scale: parsed.value.scale(),
    })
}

fn add_figures(
    model: &mut QuarterModel,
    figures: &[RawFigure],
    place_index: &HashMap<String, PlaceId>,
) -> Result<(), InputError> {
    for f in figures {
        let item = model.item_id(&f.item.value).ok_or_else(|| {
            InputError::at(
                f.item.loc.clone(),
                format!(
                    "unknown item `{}`; every figure must belong to an item declared in model.toml",
                    f.item.value
                ),
            )
            .maybe_help(did_you_mean(&f.item.value, model.item_names()))
        })?;
        let period = parse_period(&model.items[item], &f.period)?;
        let place = match &f.place {
            None => None,
            Some(p) => Some(*place_index.get(&p.value).ok_or_else(|| {
                InputError::at(
                    p.loc.clone(),
                    format!(
                        "unknown place `{}`; a place is a table or passage declared in model.toml",
                        p.value
                    ),
                )
                .maybe_help(did_you_mean(
                    &p.value,
                    place_index.keys().map(|k| k.as_str()),
                ))
            })?),
        };
        let amount = parse_amount(model, model.items[item].unit, &f.value)?;
        let index = model.printings.len();
        let first = match place {
            None => model.facts.insert((item, period), index),
            Some(pl) => model.placed.insert((item, period, pl), index),
        };
        if let Some(first) = first {
            let at = place
                .map(|p| format!(" as printed at `{}`", model.places[p].id))
                .unwrap_or_default();
            return Err(InputError::at(
                f.item.loc.clone(),
                format!("`{}` for {period}{at} is given twice", f.item.value),
            )
            .help(format!(
                "the first is at {}; to record a figure printed in another place, set its place",
                model.printings[first].loc
            )));
        }
        model.printings.push(Printing {
            item,
            period,
            place,
            amount,
            text: f.value.value.clone(),
            loc: f.value.loc.clone(),
            note: f.note.clone(),
        });
    }
    Ok(())
}

fn add_corrections(
    model: &mut QuarterModel,
    source: &Source,
    file: &raw::CorrectionsFile,
) -> Result<(), InputError> {
    for c in &file.correction {
        let loc = source.loc(c.item.span());
        let item = model.item_id(c.item.get_ref()).ok_or_else(|| {
            InputError::at(loc.clone(), format!("unknown item `{}`", c.item.get_ref()))
                .maybe_help(did_you_mean(c.item.get_ref(), model.item_names()))
        })?;
        if matches!(model.items[item].def, Definition::Measure(_)) {
            return Err(InputError::at(
                loc,
                format!(
                    "`{}` is computed; correct the figures it is computed from",
                    c.item.get_ref()
                ),
            ));
        }
        let period = parse_period(
            &model.items[item],
            &Located {
                value: c.period.get_ref().clone(),
                loc: source.loc(c.period.span()),
            },
        )?;
        let text = Located {
            value: c.value.get_ref().0.clone(),
            loc: source.loc(c.value.span()),
        };
        let amount = parse_amount(model, model.items[item].unit, &text)?;
        if model
            .corrected
            .insert((item, period), model.corrections.len())
            .is_some()
        {
            return Err(InputError::at(
                loc,
                format!("`{}` for {period} is corrected twice", c.item.get_ref()),
            ));
        }
        model.corrections.push(Correction {
            item,
            period,
            amount,
            reason: c.reason.trim().to_string(),
            loc,
        });
    }
    Ok(())
}

fn latest_quarter(model: &QuarterModel) -> Result<Period, InputError> {
    model
        .printings
        .iter()
        .filter(|p| {
            p.place.is_none() && p.period.is_quarter() && model.items[p.item].kind == Kind::Flow
        })
        .map(|p| p.period)
        .max()
        .ok_or_else(|| {
            InputError::file(
                &model.dir,
                "the figures hold no quarter of a flow item, so there is no quarter to report",
            )
        })
}

/// Every table must have a figure for every row in every column of the
/// reporting quarter: a missing period is an input error, not a blank cell.
fn check_tables_complete(model: &QuarterModel) -> Result<(), InputError> {
    for table in &model.tables {
        let place = &model.places[table.place];
        for column in &table.columns {
            for period in column.periods(model.quarter) {
                for row in &table.rows {
                    let Some(item) = row.item else { continue };
                    if let Err(Gap::Missing(id, missing)) = model.value(item, period) {
                        let what = if id == model.items[item].id {
                            String::new()
                        } else {
                            format!(" (it is computed from `{id}`, which has none for {missing})")
                        };
                        return Err(InputError::at(
                            row.loc.clone(),
                            format!(
                                "period missing: table `{}` shows `{}` for {period} ({}), but the figures have no value{what}",
                                place.id,
                                model.items[item].id,
                                period.long_name()
                            ),
                        )
                        .help(format!("add a row `{id},{missing},<value>` to the figures, or use `--quarter` for a quarter the data covers")));
                    }
                }
            }
        }
    }
    Ok(())
}
