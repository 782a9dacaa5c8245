//! The brief's figures, computed once: every item's and measure's exact
//! value in every period the brief can show (the period keys templates use,
//! every table column, every period a figure is printed for), each with the
//! given figures it was computed from and the places tables print it with,
//! and the one function that computes a change between two of them. The
//! words, the table cells, the exact-basis checks and the narrative checks
//! all read these. (The printed-basis checks evaluate formulas over printed
//! figures, which is what that basis means.)

use crate::arith::{PctChange, pct_change, size_change};
use crate::calendar::{Period, PeriodKey};
use crate::formula::{Gap, Values};
use crate::model::{Better, ItemId, ModelValues, Nature, QuarterModel, Unit};
use foldhash::{HashMap, HashMapExt};
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// A given figure a computed one was read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    /// Item id.
    pub item: String,
    /// Period.
    pub period: Period,
}

/// An item's exact value in a period, with where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Figure {
    /// Item or measure id.
    pub item: String,
    /// Period.
    pub period: Period,
    /// Exact value in base units (currency units, shares, a ratio for percents).
    pub value: Decimal,
    /// What it counts.
    pub unit: Unit,
    /// The decimal places tables show it with, in the table's unit: as the
    /// figure (or its correction) was given, else the unit's default. The
    /// one home of a figure's printed precision.
    pub places: u32,
    /// What one unit of `places` is counted in, in base units: the scale
    /// the figure was written in (1,000 for a figure written in thousands).
    pub given_in: Decimal,
    /// The given figures it was computed from.
    pub sources: Vec<Source>,
    /// Why it could not be computed, for a figure the brief uses as the
    /// release printed it (a change from a quarter the data does not hold);
    /// `None` for a figure computed or given.
    pub unverified: Option<String>,
}

/// A change between two periods.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The later figure.
    pub current: Figure,
    /// The figure compared against.
    pub base: Figure,
    /// `current - base`, in base units; `None` if it overflows.
    pub absolute: Option<Decimal>,
    /// The percent change of the value, against the base's magnitude (a
    /// loss narrowing from 523 to 367 is +29.8%).
    pub percent: PctChange,
    /// The percent change of the size, for figures stated by their size (a
    /// loss growing from 130 to 563 is +333.1%).
    pub size_percent: PctChange,
}

impl Figure {
    /// The decimal places to show it with in units worth `shown_in` base
    /// units (a table in thousands: 1,000), `dp` if asked: by default as
    /// many as it was written with, fewer when shown in a smaller unit. `None`
    /// when that is more than the figure is known to: 780 thousand shown in
    /// whole dollars, or to two decimals in thousands, would claim precision
    /// it does not have. Money and shares only; other units show their
    /// places (or `dp`).
    pub fn places_at(&self, shown_in: Decimal, dp: Option<u32>) -> Option<u32> {
        if !matches!(self.unit, Unit::Money | Unit::Shares) {
            return Some(dp.unwrap_or(self.places));
        }
        // Whole powers of ten between the two units.
        let (mut small, large) = if shown_in < self.given_in {
            (shown_in, self.given_in)
        } else {
            (self.given_in, shown_in)
        };
        let mut shift: i64 = 0;
        while small < large {
            small = small.checked_mul(Decimal::TEN)?;
            shift += 1;
        }
        let places = i64::from(self.places);
        let known = if shown_in < self.given_in {
            places - shift
        } else {
            places + shift
        };
        let want = match dp {
            Some(dp) => i64::from(dp),
            None => known.min(places),
        };
        if want > known {
            return None;
        }
        u32::try_from(want).ok()
    }
}

impl Change {
    /// The percent change that words about a figure of this nature state:
    /// of the size for a loss, a cost or cash used; of the value otherwise.
    pub fn percent_for(&self, nature: Nature) -> PctChange {
        if nature.by_size() {
            self.size_percent
        } else {
            self.percent
        }
    }
}

/// Why a figure cannot be had.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ComputeError {
    /// No item or measure has this id.
    UnknownItem(String),
    /// A figure it needs is missing, or a ratio has a zero base.
    Gap(Gap),
    /// The period was not computed: it is neither a period key nor a table column.
    NotComputed(String, Period),
}

impl std::fmt::Display for ComputeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ComputeError::UnknownItem(id) => write!(f, "unknown item `{id}`"),
            ComputeError::Gap(g) => g.fmt(f),
            ComputeError::NotComputed(id, p) => write!(
                f,
                "`{id}` is not computed for {p}: only the period keys and table columns are"
            ),
        }
    }
}

impl std::error::Error for ComputeError {}

impl From<Gap> for ComputeError {
    fn from(g: Gap) -> ComputeError {
        ComputeError::Gap(g)
    }
}

/// One item or measure: what it is and its figures.
#[derive(Debug, Clone)]
pub struct Series {
    /// Id.
    pub id: String,
    /// Label as printed.
    pub label: String,
    /// What it counts.
    pub unit: Unit,
    /// What it is, for words.
    pub nature: Nature,
    /// Which way is better.
    pub better: Better,
    /// For a loss, a cost or cash used: printed negative when it is what its
    /// nature says.
    pub usual_negative: bool,
    /// Whether it is a non-GAAP measure.
    pub non_gaap: bool,
    values: BTreeMap<Period, Result<Figure, Gap>>,
}

impl Series {
    /// A series from values given directly, for tools and tests that word
    /// figures without a dataset; tables would show money and shares whole,
    /// percents to a tenth and the rest to two places.
    pub fn new(
        id: &str,
        unit: Unit,
        nature: Nature,
        values: impl IntoIterator<Item = (Period, Decimal)>,
    ) -> Series {
        Series {
            id: id.to_string(),
            label: id.replace('_', " "),
            unit,
            nature,
            better: nature.usual_better(),
            usual_negative: nature.usual_negative(),
            non_gaap: false,
            values: values
                .into_iter()
                .map(|(period, value)| {
                    let figure = Figure {
                        item: id.to_string(),
                        period,
                        value,
                        unit,
                        places: match unit {
                            Unit::Money | Unit::Shares => 0,
                            Unit::Percent => 1,
                            Unit::PerShare | Unit::Number => 2,
                        },
                        given_in: Decimal::ONE,
                        sources: Vec::new(),
                        unverified: None,
                    };
                    (period, Ok(figure))
                })
                .collect(),
        }
    }

    /// The figure for `period`, if it has one: [`Series::get`] without the
    /// reason for a gap, for a caller that only skips one.
    pub fn figure(&self, period: Period) -> Option<&Figure> {
        match self.values.get(&period) {
            Some(Ok(f)) => Some(f),
            _ => None,
        }
    }

    /// Its figure in a period.
    pub fn get(&self, period: Period) -> Result<&Figure, ComputeError> {
        match self.values.get(&period) {
            Some(Ok(f)) => Ok(f),
            Some(Err(g)) => Err(ComputeError::Gap(g.clone())),
            None => Err(ComputeError::NotComputed(self.id.clone(), period)),
        }
    }
}

/// The computed figures of one brief. Owned, so that template filters can
/// hold it for as long as tera does.
#[derive(Debug, Clone)]
pub struct Brief {
    /// The reporting quarter.
    pub quarter: Period,
    /// What one shown unit of money is worth (1,000 for thousands).
    money_unit: Decimal,
    series: Vec<Series>,
    index: HashMap<String, ItemId>,
    /// Guidance for future periods, as declared (each names its item by
    /// its index in [`Brief::series`]).
    pub outlooks: Vec<crate::model::Outlook>,
}

impl Brief {
    /// Computes every item and measure of `model` in every period key, every
    /// table column and every period a figure is printed for.
    pub fn compute(model: &QuarterModel) -> Brief {
        let q = model.quarter;
        let mut periods: BTreeSet<Period> = PeriodKey::all().map(|k| k.period(q)).collect();
        for columns in model
            .tables
            .iter()
            .map(|t| &t.columns)
            .chain(model.charts.iter().map(|c| &c.columns))
        {
            for c in columns {
                periods.extend(c.periods(q));
            }
        }
        // Every period a figure is printed for, so the checks compare
        // printed copies with these same figures.
        periods.extend(model.printings.iter().map(|p| p.period));
        // The first printed copy of each measure, for those the data
        // cannot compute.
        let mut printed = HashMap::new();
        for p in &model.printings {
            if p.place.is_some()
                && matches!(
                    model.items[p.item].def,
                    crate::model::Definition::Measure(_)
                )
            {
                printed.entry((p.item, p.period)).or_insert(p);
            }
        }
        let series = model
            .items
            .iter()
            .enumerate()
            .map(|(i, item)| Series {
                id: item.id.clone(),
                label: item.label.clone(),
                unit: item.unit,
                nature: item.nature,
                better: item.better,
                usual_negative: item.usual_negative,
                non_gaap: item.non_gaap,
                values: periods
                    .iter()
                    .map(|&p| (p, evaluate(model, &printed, i, p)))
                    .collect(),
            })
            .collect::<Vec<_>>();
        let mut brief = Brief::from_series(q, model.shown_in(Unit::Money), series);
        brief.outlooks = model.outlooks.clone();
        brief
    }

    /// Figures given directly: `series` for the quarter `quarter`, money
    /// shown in units of `money_unit`.
    pub fn from_series(quarter: Period, money_unit: Decimal, series: Vec<Series>) -> Brief {
        let index = series
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.clone(), i))
            .collect();
        Brief {
            quarter,
            money_unit,
            series,
            index,
            outlooks: Vec::new(),
        }
    }

    /// Every item and measure, in declaration order.
    pub fn series(&self) -> &[Series] {
        &self.series
    }

    /// An item or measure by id.
    pub fn get(&self, id: &str) -> Result<&Series, ComputeError> {
        self.index
            .get(id)
            .map(|&i| &self.series[i])
            .ok_or_else(|| ComputeError::UnknownItem(id.to_string()))
    }

    /// The value of an item or measure in a period.
    pub fn figure(&self, id: &str, period: Period) -> Result<&Figure, ComputeError> {
        self.get(id)?.get(period)
    }

    /// The value at a period key (`q0`, `q4`, `ye`).
    pub fn at(&self, id: &str, key: PeriodKey) -> Result<&Figure, ComputeError> {
        self.figure(id, key.period(self.quarter))
    }

    /// The change of an item from `base` to `period`.
    pub fn change(&self, id: &str, period: Period, base: Period) -> Result<Change, ComputeError> {
        let series = self.get(id)?;
        Ok(change(series.get(period)?, series.get(base)?))
    }

    /// The change between two period keys.
    pub fn change_at(
        &self,
        id: &str,
        at: PeriodKey,
        vs: PeriodKey,
    ) -> Result<Change, ComputeError> {
        self.change(id, at.period(self.quarter), vs.period(self.quarter))
    }

    /// Year-over-year change in the reporting quarter.
    pub fn yoy(&self, id: &str) -> Result<Change, ComputeError> {
        self.change_at(id, PeriodKey::QUARTER, PeriodKey::YEAR_AGO)
    }

    /// Sequential change: the reporting quarter against the one before.
    pub fn sequential(&self, id: &str) -> Result<Change, ComputeError> {
        self.change_at(id, PeriodKey::QUARTER, PeriodKey::PRIOR_QUARTER)
    }

    /// An item over the last `n` quarters up to the reporting one, newest first.
    pub fn trend(&self, id: &str, n: usize) -> Result<Vec<&Figure>, ComputeError> {
        let series = self.get(id)?;
        self.quarter
            .trailing(n)
            .into_iter()
            .map(|p| series.get(p))
            .collect()
    }

    /// A value in the unit tables show it in (thousands of dollars, percent),
    /// exact; `None` for a percent too large to show.
    pub fn shown(&self, figure: &Figure) -> Option<Decimal> {
        match figure.unit {
            Unit::Money => figure.value.checked_div(self.money_unit),
            Unit::Percent => figure.value.checked_mul(Decimal::ONE_HUNDRED),
            Unit::Shares | Unit::PerShare | Unit::Number => Some(figure.value),
        }
    }

    /// The scale money is shown in by tables (thousands).
    pub fn money_scale(&self) -> crate::scale::Scale {
        crate::scale::Scale::of_multiplier(self.money_unit).unwrap_or(crate::scale::Scale::Units)
    }
}

/// The change from `base` to `current`: the one place a change is computed.
pub fn change(current: &Figure, base: &Figure) -> Change {
    Change {
        absolute: current.value.checked_sub(base.value),
        percent: pct_change(current.value, base.value),
        size_percent: size_change(current.value, base.value),
        current: current.clone(),
        base: base.clone(),
    }
}

fn evaluate(
    model: &QuarterModel,
    printed: &HashMap<(ItemId, Period), &crate::model::Printing>,
    item: ItemId,
    period: Period,
) -> Result<Figure, Gap> {
    let it = &model.items[item];
    let values = ModelValues::tracing(model);
    let value = match values.value(&it.id, period) {
        Ok(v) => v,
        // A measure the data cannot compute, which the release prints: the
        // brief uses it as printed, and `check` says it is unverifiable.
        Err(gap @ Gap::Missing(..)) => match printed.get(&(item, period)) {
            Some(p) => {
                return Ok(Figure {
                    item: it.id.clone(),
                    period,
                    value: p.amount.base,
                    unit: it.unit,
                    places: p.amount.scale,
                    given_in: p.amount.shown_in,
                    sources: Vec::new(),
                    unverified: Some(format!("{gap}; used as printed at {}", p.loc)),
                });
            }
            None => return Err(gap),
        },
        Err(gap) => return Err(gap),
    };
    // `values.sources()` has no repeats, and each is one source.
    let sources: Vec<Source> = values
        .sources()
        .into_iter()
        .map(|(i, p)| Source {
            item: model.items[i].id.clone(),
            period: p,
        })
        .collect();
    let (places, given_in) = model
        .correction(item, period)
        .map(|c| (c.amount.scale, c.amount.shown_in))
        .or_else(|| {
            model
                .fact(item, period)
                .map(|f| (f.amount.scale, f.amount.shown_in))
        })
        .unwrap_or_else(|| (model.default_scale(it.unit), model.written_in(item)));
    Ok(Figure {
        item: it.id.clone(),
        period,
        value,
        unit: it.unit,
        places,
        given_in,
        sources,
        unverified: None,
    })
}
