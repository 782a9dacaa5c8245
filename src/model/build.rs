//! Building the model: every name resolved, every formula parsed and
//! checked for cycles, every figure read from its text and placed, so later
//! stages never meet a dangling reference.

use super::*;
use crate::calendar::{FiscalCalendar, Period};
use crate::error::{InputError, Loc, did_you_mean};
use crate::formula::Expr;
use crate::load::{Located, RawDataset, RawFigure, Source, raw};
use crate::number::parse_figure;
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

pub(super) struct Builder {
    raw: RawDataset,
    items: Vec<Item>,
    item_index: HashMap<String, ItemId>,
    places: Vec<Place>,
    place_index: HashMap<String, PlaceId>,
}

impl Builder {
    pub(super) fn new(raw: RawDataset) -> Builder {
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

    pub(super) fn build(mut self, quarter: Option<Period>) -> Result<QuarterModel, InputError> {
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
            charts: Vec::new(),
            ties,
            rollforwards,
            printings: Vec::new(),
            corrections: Vec::new(),
            outlooks: Vec::new(),
            headline: self.raw.model.headline.as_ref().map(|s| self.snippet(s)),
            subheadlines: self
                .raw
                .model
                .subheadlines
                .iter()
                .map(|s| self.snippet(s))
                .collect(),
            item_index: std::mem::take(&mut self.item_index),
            facts: HashMap::new(),
            placed: HashMap::new(),
            corrected: HashMap::new(),
            rows_of: HashSet::new(),
            money_places: std::sync::OnceLock::new(),
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
        model.outlooks = self.outlooks(&model)?;
        check_tables_complete(&model)?;
        model.charts = self.charts(&model)?;
        Ok(model)
    }

    /// A table's share counts are shown in one magnitude, its caption says
    /// which: the table's `shares_unit`, else its rows' own, which must agree.
    fn check_share_scales(&self, table: &Table, t: &raw::Table) -> Result<(), InputError> {
        if table.shares_scale.is_some() {
            return Ok(());
        }
        let mut seen: Option<(&Item, crate::scale::Scale)> = None;
        for row in &table.rows {
            let Some(item) = row.item.map(|i| &self.items[i]) else {
                continue;
            };
            if item.unit != Unit::Shares {
                continue;
            }
            let scale = item.scale.unwrap_or(crate::scale::Scale::Units);
            match seen {
                Some((first, s)) if s != scale => {
                    return Err(InputError::at(
                        row.loc.clone(),
                        format!(
                            "table `{}` shows `{}` in {} and `{}` in {}; its caption can say only one",
                            t.id.get_ref(),
                            first.id,
                            s.name(),
                            item.id,
                            scale.name()
                        ),
                    )
                    .help("set `shares_unit` on the table"));
                }
                Some(_) => {}
                None => seen = Some((item, scale)),
            }
        }
        Ok(())
    }

    /// An item's own scale: only money and share counts have one.
    fn item_scale(&self, it: &raw::Item) -> Result<Option<crate::scale::Scale>, InputError> {
        match &it.scale {
            None => Ok(None),
            Some(s) if matches!(it.unit, Unit::Money | Unit::Shares) => Ok(Some(*s.get_ref())),
            Some(s) => Err(InputError::at(
                self.model_loc(s.span()),
                format!(
                    "`scale` applies to money and share counts, and `{}` is neither (per-share amounts are always in currency units)",
                    it.id.get_ref(),
                ),
            )),
        }
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
        if item.unit == Unit::Percent && item.nature != Nature::Amount {
            return Err(InputError::at(
                self.model_loc(span),
                format!(
                    "`{}` is a percent, and a percent is worded by its value (\"negative 5.0%\"); `nature = \"{}\"` applies to money, per-share amounts and counts",
                    item.id,
                    item.nature.name()
                ),
            )
            .help("remove `nature`; for a percent where lower is better (an expense ratio), set `better = \"lower\"`"));
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

    /// Whether a figure of `nature` is printed negative when it is what its
    /// nature says: as declared by `sign`, else the nature's usual sign. Only
    /// a figure stated by its size has one.
    fn sign(
        &self,
        nature: Nature,
        sign: Option<raw::Sign>,
        span: std::ops::Range<usize>,
    ) -> Result<bool, InputError> {
        match sign {
            None => Ok(nature.usual_negative()),
            Some(_) if !nature.by_size() => Err(InputError::at(
                self.model_loc(span),
                format!(
                    "`sign` is for a loss, a cost or cash used, which are worded by their size; a figure of nature `{}` is worded by its value",
                    nature.name()
                ),
            )),
            Some(s) => Ok(s == raw::Sign::Negative),
        }
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
                nature: it.nature,
                better: it.better.unwrap_or_else(|| it.nature.usual_better()),
                usual_negative: self.sign(it.nature, it.sign, it.id.span())?,
                def: Definition::Input,
                basis: None,
                non_gaap: it.non_gaap,
                gaap: None,
                scale: self.item_scale(it)?,
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
                nature: m.nature,
                better: m.better.unwrap_or_else(|| m.nature.usual_better()),
                usual_negative: self.sign(m.nature, m.sign, m.id.span())?,
                def: Definition::Measure(formula),
                basis: m.basis,
                non_gaap: m.non_gaap,
                gaap: None,
                scale: None,
                loc,
            };
            self.declare(item, m.id.span())?;
        }
        let declared_gaap = raw_items
            .iter()
            .map(|i| (&i.id, &i.gaap))
            .chain(raw_measures.iter().map(|m| (&m.id, &m.gaap)));
        for (id, g) in declared_gaap {
            if let Some(g) = g {
                let gaap = self.resolve(g.get_ref(), self.model_loc(g.span()))?;
                let at = self.item_index[id.get_ref()];
                self.items[at].gaap = Some(gaap);
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
                format!(
                    "in formula `{}`: {}",
                    excerpt(text.get_ref(), e.offset),
                    e.message
                ),
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
                basis: t.basis,
                loc: self.model_loc(t.id.span()),
            };
            let place = self.add_place(place, t.id.span())?;
            let mut columns = Vec::new();
            for c in t.columns.get_ref() {
                let column = Column::parse(c.get_ref()).ok_or_else(|| {
                    InputError::at(
                        self.model_loc(c.span()),
                        format!("unknown column `{}`; {}", c.get_ref(), Column::HELP),
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
                let indent = match &r.indent {
                    None => None,
                    Some(n) if *n.get_ref() <= 4 => Some(*n.get_ref()),
                    Some(n) => {
                        return Err(InputError::at(
                            self.model_loc(n.span()),
                            format!(
                                "indent {} is too deep; a row is indented 0 to 4 levels",
                                n.get_ref()
                            ),
                        ));
                    }
                };
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
                            indent,
                            loc,
                        }
                    }
                    // A heading row's text is its `heading`; a `label` as
                    // well would be ignored, so it is refused.
                    (None, Some(_)) if r.label.is_some() => {
                        return Err(InputError::at(
                            self.model_loc(t.id.span()),
                            format!(
                                "a heading row of table `{}` has both `heading` and `label`; its text is `heading`",
                                t.id.get_ref()
                            ),
                        ));
                    }
                    (None, Some(heading)) => Row {
                        item: None,
                        label: heading.clone(),
                        style: r.style,
                        indent,
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
                new_page: t.new_page,
                money_scale: t
                    .unit
                    .as_ref()
                    .map_or(*self.raw.company.value.company.unit.get_ref(), |u| {
                        *u.get_ref()
                    }),
                shares_scale: t.shares_unit.as_ref().map(|u| *u.get_ref()),
                footnotes: t.footnotes.iter().map(|f| self.snippet(f)).collect(),
                pct_dp: match &t.pct_dp {
                    None => 1,
                    Some(d) if *d.get_ref() <= 3 => *d.get_ref(),
                    Some(d) => {
                        return Err(InputError::at(
                            self.model_loc(d.span()),
                            format!("`pct_dp = {}` is too many; a percent change is shown with 0 to 3 decimal places", d.get_ref()),
                        ));
                    }
                },
                money_dp: match &t.dp {
                    None => None,
                    Some(d) if *d.get_ref() <= 6 => Some(*d.get_ref()),
                    Some(d) => {
                        return Err(InputError::at(
                            self.model_loc(d.span()),
                            format!(
                                "`dp = {}` is too many; a table shows 0 to 6 decimal places",
                                d.get_ref()
                            ),
                        ));
                    }
                },
            });
            self.check_share_scales(tables.last().expect("just pushed"), t)?;
        }
        self.raw.model.table = raw_tables;
        let passages = std::mem::take(&mut self.raw.model.passage);
        for p in &passages {
            let place = Place {
                id: p.id.get_ref().clone(),
                title: p.title.clone(),
                table: None,
                basis: p.basis,
                loc: self.model_loc(p.id.span()),
            };
            self.add_place(place, p.id.span())?;
        }
        self.raw.model.passage = passages;
        Ok(tables)
    }

    /// The charts of model.toml, checked against the model once its
    /// quarter is known (a chart needs a figure in every period it draws).
    fn charts(&self, model: &QuarterModel) -> Result<Vec<Chart>, InputError> {
        let mut charts: Vec<Chart> = Vec::new();
        for c in &self.raw.model.chart {
            let loc = self.model_loc(c.id.span());
            if charts.iter().any(|x| x.id == *c.id.get_ref()) {
                return Err(InputError::at(
                    loc,
                    format!("chart `{}` is declared twice", c.id.get_ref()),
                ));
            }
            let spec = ChartSpec {
                id: c.id.get_ref().clone(),
                title: c.title.clone(),
                kind: c.kind,
                items: c
                    .items
                    .get_ref()
                    .iter()
                    .map(|i| i.get_ref().clone())
                    .collect(),
                labels: c.labels.clone(),
                columns: c
                    .columns
                    .get_ref()
                    .iter()
                    .map(|i| i.get_ref().clone())
                    .collect(),
            };
            let chart = model.declare_chart(&spec, Some(loc.clone())).map_err(|e| {
                let at = match e.field {
                    ChartField::Id | ChartField::Labels => loc.clone(),
                    ChartField::Items => self.model_loc(c.items.span()),
                    ChartField::Item(k) => self.model_loc(c.items.get_ref()[k].span()),
                    // The default columns have no span of their own.
                    ChartField::Column(k) => match c.columns.get_ref()[k].span() {
                        s if s.is_empty() => loc.clone(),
                        s => self.model_loc(s),
                    },
                };
                InputError::at(at, e.message).maybe_help(e.help)
            })?;
            charts.push(chart);
        }
        Ok(charts)
    }

    /// A template written in model.toml, located at its first character.
    fn snippet(&self, s: &toml::Spanned<String>) -> Snippet {
        let src = &self.raw.model_source;
        Snippet {
            text: s.get_ref().clone(),
            loc: src.loc_at(string_content_start(&src.text, s.span())),
        }
    }

    fn passages(&self, tables: &[Table]) -> Result<Vec<Passage>, InputError> {
        let charts = &self.raw.model.chart;
        let src = &self.raw.model_source;
        let snippet = |s: &toml::Spanned<String>| Snippet {
            text: s.get_ref().clone(),
            loc: src.loc_at(string_content_start(&src.text, s.span())),
        };
        let passages = self
            .raw
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
                    charts: p
                        .charts
                        .iter()
                        .map(|c| {
                            charts
                                .iter()
                                .position(|x| x.id.get_ref() == c.get_ref())
                                .ok_or_else(|| {
                                    InputError::at(
                                        src.loc_in_string(c.span(), 0),
                                        format!("unknown chart `{}`", c.get_ref()),
                                    )
                                    .maybe_help(did_you_mean(
                                        c.get_ref(),
                                        charts.iter().map(|x| x.id.get_ref().as_str()),
                                    ))
                                })
                        })
                        .collect::<Result<Vec<_>, _>>()?,
                })
            })
            .collect::<Result<Vec<Passage>, InputError>>()?;
        // A chart is drawn once (it is one SVG file).
        let mut placed: HashMap<&str, &str> = HashMap::new();
        for p in &self.raw.model.passage {
            for c in &p.charts {
                if let Some(first) = placed.insert(c.get_ref(), p.id.get_ref()) {
                    return Err(InputError::at(
                        src.loc_in_string(c.span(), 0),
                        format!(
                            "chart `{}` is already placed by passage `{first}`; a brief draws each chart once",
                            c.get_ref()
                        ),
                    ));
                }
            }
        }
        Ok(passages)
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

    /// Guidance, each for a period after the reporting quarter, with its
    /// figures read as figures are.
    fn outlooks(&self, model: &QuarterModel) -> Result<Vec<Outlook>, InputError> {
        let mut out: Vec<Outlook> = Vec::new();
        for o in &self.raw.model.outlook {
            let loc = self.model_loc(o.id.span());
            if !is_identifier(o.id.get_ref()) {
                return Err(InputError::at(
                    loc,
                    format!(
                        "`{}` is not a valid id; use lowercase letters, digits and underscores, starting with a letter",
                        o.id.get_ref()
                    ),
                ));
            }
            if let Some(first) = out.iter().find(|x| x.id == *o.id.get_ref()) {
                return Err(InputError::at(
                    loc,
                    format!("outlook `{}` is declared twice", first.id),
                )
                .help(format!("the first declaration is at {}", first.loc)));
            }
            let item_loc = self.model_loc(o.item.span());
            let item = model.item_id(o.item.get_ref()).ok_or_else(|| {
                InputError::at(item_loc, format!("unknown item `{}`", o.item.get_ref()))
                    .maybe_help(did_you_mean(o.item.get_ref(), model.item_names()))
            })?;
            let period_loc = self.model_loc(o.period.span());
            let period: Period = o
                .period
                .get_ref()
                .parse()
                .map_err(|e: String| InputError::at(period_loc.clone(), e))?;
            let cal = &model.calendar;
            if cal.end(period) <= cal.end(model.quarter) {
                return Err(InputError::at(
                    period_loc,
                    format!(
                        "an outlook is for a period after the reporting quarter ({}, ended {}), and {period} ended {}",
                        model.quarter,
                        cal.names(model.quarter).end_date,
                        cal.names(period).end_date
                    ),
                )
                .help("a figure for a past period goes in the figures"));
            }
            let amount = |f: &toml::Spanned<raw::FigureText>| {
                let text = Located {
                    value: f.get_ref().0.clone(),
                    loc: self.raw.model_source.loc_in_string(f.span(), 0),
                };
                parse_amount(model, item, &text)
            };
            let unit = model.items[item].unit;
            let guide = match (&o.value, &o.low, &o.high, &o.plus_minus) {
                (Some(v), None, None, None) => Guide::Point(amount(v)?),
                (None, Some(l), Some(h), None) => {
                    let (low, high) = (amount(l)?, amount(h)?);
                    if low.base >= high.base {
                        return Err(InputError::at(
                            self.model_loc(h.span()),
                            format!(
                                "outlook `{}`: `high` ({}) must be above `low` ({})",
                                o.id.get_ref(),
                                h.get_ref().0,
                                l.get_ref().0
                            ),
                        ));
                    }
                    Guide::Range(low, high)
                }
                (Some(v), None, None, Some(pm)) => {
                    let band_loc = self.raw.model_source.loc_in_string(pm.span(), 0);
                    Guide::Band(amount(v)?, band(pm.get_ref(), unit, band_loc)?)
                }
                _ => {
                    return Err(InputError::at(
                        loc,
                        format!(
                            "outlook `{}` needs `value` (a point), `low` and `high` (a range), or `value` and `plus_minus` (a band)",
                            o.id.get_ref()
                        ),
                    ));
                }
            };
            out.push(Outlook {
                id: o.id.get_ref().clone(),
                item,
                period,
                guide,
                loc: self.model_loc(o.id.span()),
            });
        }
        Ok(out)
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
                // A roll-forward compares given balances; a measure has none,
                // so it could never run (and must not pass silently).
                if matches!(self.items[balance].def, Definition::Measure(_)) {
                    return Err(InputError::at(
                        loc,
                        format!(
                            "`{}` is a measure, and a roll-forward moves a balance whose figures are given",
                            r.balance.get_ref()
                        ),
                    )
                    .help(format!(
                        "check it with a tie instead: left = \"{0}\", right = \"opening({0}) + ...\"",
                        r.balance.get_ref()
                    )));
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

pub(super) fn is_identifier(s: &str) -> bool {
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
        distribution: f
            .distribution
            .as_ref()
            .map(|d| distribution(src, d))
            .transpose()?,
    })
}

fn distribution(
    src: &crate::load::Source,
    d: &crate::load::raw::Distribution,
) -> Result<crate::model::Distribution, InputError> {
    let address = |s: &toml::Spanned<String>, what: &str| {
        let loc = src.loc(s.span());
        let text = s.get_ref();
        match text.parse::<lettre::message::Mailbox>() {
            Ok(mailbox) if !text.chars().any(char::is_control) => {
                Ok(crate::model::Address { mailbox, loc })
            }
            _ => Err(InputError::at(
                loc,
                format!("{what}: {text:?} is not an email address"),
            )
            .help("write an address such as \"ir@example.com\" or \"Investor Relations <ir@example.com>\"")),
        }
    };
    let list = |v: &[toml::Spanned<String>], what: &str| {
        v.iter()
            .map(|s| address(s, what))
            .collect::<Result<Vec<_>, _>>()
    };
    let out = crate::model::Distribution {
        from: address(&d.from, "from")?,
        reply_to: d
            .reply_to
            .as_ref()
            .map(|s| address(s, "reply_to"))
            .transpose()?,
        to: list(&d.to, "to")?,
        cc: list(&d.cc, "cc")?,
        bcc: list(&d.bcc, "bcc")?,
    };
    let mut seen = std::collections::BTreeMap::new();
    for a in out.recipients() {
        let key = a.mailbox.email.to_string().to_lowercase();
        if let Some(first) = seen.insert(key, a.loc.clone()) {
            return Err(InputError::at(
                a.loc.clone(),
                format!(
                    "{} is listed twice (first at line {})",
                    a.mailbox.email, first.line
                ),
            )
            .help("a recipient is sent the brief once; list each address once"));
        }
    }
    if out.recipients().next().is_none() {
        return Err(
            InputError::at(out.from.loc.clone(), "the distribution has no recipients")
                .help("add addresses under `to`, `cc` or `bcc`"),
        );
    }
    Ok(out)
}

fn calendar(raw: &RawDataset) -> Result<FiscalCalendar, InputError> {
    let src = &raw.company_source;
    let cal = &raw.company.value.calendar;
    // A name ("July") or a number (7, or "7").
    let month = match &cal.year_end_month {
        None => None,
        Some(m) => {
            let month_text = m.get_ref().0.trim();
            Some((
                crate::calendar::parse_month(month_text).ok_or_else(|| {
                    InputError::at(
                        src.loc_in_string(m.span(), 0),
                        format!(
                            "`{month_text}` is not a month; expected a name such as \"July\" or a number 1-12"
                        ),
                    )
                    .maybe_help(did_you_mean(month_text, crate::calendar::MONTHS))
                })?,
                src.loc(m.span()),
            ))
        }
    };
    let mut ends = BTreeMap::new();
    let mut locs = BTreeMap::new();
    for (key, date) in &cal.period_ends {
        let loc = src.loc(date.span());
        let period: Period = key
            .parse()
            .map_err(|e: String| InputError::at(loc.clone(), e))?;
        ends.insert(
            period,
            toml_date(&loc, date.get_ref(), &period.to_string())?,
        );
        locs.insert(period, loc);
    }
    let Some(rule_text) = &cal.year_end else {
        let Some((month, _)) = month else {
            return Err(InputError::file(
                &src.path,
                "[calendar] needs `year_end_month` (\"July\"), or `year_end` for a 52/53-week year (\"the Saturday nearest January 31\")",
            ));
        };
        // A date given for a month-end calendar moves a period end by days
        // (a 52/53-week year written out by hand), never to another month.
        let nominal = FiscalCalendar::new(month, BTreeMap::new());
        for (period, date) in &ends {
            let by_month = nominal.end(period.closing());
            let days = (*date - by_month).get_days();
            if days.abs() > 7 {
                return Err(InputError::at(
                    locs[period].clone(),
                    format!(
                        "{period} is given as ending {}, but a fiscal year ending in {} ends it {}; a date given here may move it by a week at most",
                        crate::calendar::long_date(*date),
                        crate::calendar::MONTHS[month as usize - 1],
                        crate::calendar::long_date(by_month)
                    ),
                )
                .help("correct the date, or for a 52/53-week year set `year_end` (\"the Saturday nearest January 31\")"));
            }
        }
        return Ok(FiscalCalendar::new(month, ends));
    };
    let rule_loc = src.loc(rule_text.span());
    let rule: crate::calendar::YearEndRule = rule_text
        .get_ref()
        .parse()
        .map_err(|e: String| InputError::at(rule_loc.clone(), e))?;
    if let Some((month, loc)) = month
        && month != rule.month()
    {
        return Err(InputError::at(
            loc,
            format!(
                "`year_end_month` says {}, but `year_end` ends the year in {}",
                crate::calendar::MONTHS[month as usize - 1],
                crate::calendar::MONTHS[rule.month() as usize - 1]
            ),
        )
        .help("remove `year_end_month`: the rule gives the month"));
    }
    FiscalCalendar::with_rule(rule, ends).map_err(|(period, message)| {
        InputError::at(locs[&period].clone(), message)
            .help("remove the date to use the rule's, or correct it")
    })
}

fn parse_period(item: &Item, text: &Located<String>) -> Result<Period, InputError> {
    let period: Period = text
        .value
        .parse()
        .map_err(|e: String| InputError::at(text.loc.clone(), e))?;
    // A balance is measured at a period's end, and a fiscal year (or a year
    // to date) ends with its last quarter: FY2003 and FY2003-Q4 are the same
    // balance-sheet date.
    Ok(match item.kind {
        Kind::Balance => period.closing(),
        Kind::Flow => period,
    })
}

/// A band around an outlook's centre: "2%" of it, or "50 basis points"
/// ("50 bp") around a percent.
fn band(text: &str, unit: Unit, loc: Loc) -> Result<Band, InputError> {
    let t = text.trim();
    let number = |s: &str| {
        s.trim()
            .parse::<Decimal>()
            .ok()
            .filter(|d| d.is_sign_positive() && !d.is_zero())
    };
    let bp = t
        .strip_suffix("basis points")
        .or_else(|| t.strip_suffix("bp"))
        .or_else(|| t.strip_suffix("bps"));
    if let Some(n) = bp.and_then(number) {
        if unit != Unit::Percent {
            return Err(InputError::at(
                loc,
                format!(
                    "`{t}`: basis points are a band around a percent; for an amount, write a percent of it (\"2%\")"
                ),
            ));
        }
        return Ok(Band::BasisPoints(n));
    }
    if let Some(n) = t.strip_suffix('%').and_then(number) {
        if unit == Unit::Percent {
            return Err(InputError::at(
                loc,
                format!(
                    "`{t}` around a percent is ambiguous (2% of it, or 2 points?); write basis points (\"50 basis points\")"
                ),
            ));
        }
        return Ok(Band::Percent(n / Decimal::ONE_HUNDRED));
    }
    Err(InputError::at(
        loc,
        format!(
            "`{t}` is not a band; write a percent (\"2%\") or basis points (\"50 basis points\")"
        ),
    ))
}

fn parse_amount(
    model: &QuarterModel,
    item: ItemId,
    text: &Located<String>,
) -> Result<Amount, InputError> {
    let unit = model.items[item].unit;
    let parsed = parse_figure(&text.value).map_err(|e| InputError::at(text.loc.clone(), e))?;
    let shown_in = match (parsed.magnitude, unit) {
        (Some(_), Unit::Percent) => {
            return Err(InputError::at(
                text.loc.clone(),
                "a percent cannot carry a word like million",
            ));
        }
        (Some(m), _) => m.multiplier(),
        (None, _) => model.written_in(item),
    };
    let base = parsed.value.checked_mul(shown_in).ok_or_else(|| {
        InputError::at(
            text.loc.clone(),
            format!(
                "`{}` is too large: in base units it exceeds the largest figure brief holds (about 7.9 x 10^28)",
                text.value
            ),
        )
    })?;
    Ok(Amount {
        base,
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
        let amount = parse_amount(model, item, &f.value)?;
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
        let amount = parse_amount(model, item, &text)?;
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
            if let Column::Outlook(period) = column {
                for row in &table.rows {
                    let Some(item) = row.item else { continue };
                    if !model
                        .outlooks
                        .iter()
                        .any(|o| o.item == item && o.period == *period)
                    {
                        return Err(InputError::at(
                            row.loc.clone(),
                            format!(
                                "table `{}` shows the outlook for {period}, and `{}` has none",
                                place.id, model.items[item].id
                            ),
                        )
                        .help(format!(
                            "add an [[outlook]] with item = \"{}\" and period = \"{period}\"",
                            model.items[item].id
                        )));
                    }
                }
            }
            for period in column.periods(model.quarter) {
                for row in &table.rows {
                    let Some(item) = row.item else { continue };
                    if let Err(Gap::Overflow) = model.value(item, period) {
                        return Err(InputError::at(
                            row.loc.clone(),
                            format!(
                                "table `{}` shows `{}` for {period}, and it is {}",
                                place.id,
                                model.items[item].id,
                                Gap::Overflow
                            ),
                        ));
                    }
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
                                model.calendar.names(period).title
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

/// A formula as an error message quotes it: whole when short, else the 60
/// characters around the error, with `…` where it was cut (the location
/// already points at the error).
fn excerpt(formula: &str, offset: usize) -> String {
    const WHOLE: usize = 80;
    const SIDE: usize = 30;
    let chars: Vec<char> = formula.chars().collect();
    if chars.len() <= WHOLE {
        return formula.to_string();
    }
    let at = formula.get(..offset).map_or(0, |s| s.chars().count());
    let (from, to) = (at.saturating_sub(SIDE), (at + SIDE).min(chars.len()));
    format!(
        "{}{}{}",
        if from > 0 { "…" } else { "" },
        chars[from..to].iter().collect::<String>(),
        if to < chars.len() { "…" } else { "" }
    )
}
