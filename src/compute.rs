//! Computed figures: changes, margins, mix, per-share amounts and trends,
//! exact in Decimal and rounded only when shown. Every figure carries the
//! given figures it was computed from.

use crate::arith::{PctChange, pct_change, ratio};
use crate::calendar::Period;
use crate::formula::{Gap, Values};
use crate::model::{ItemId, ModelValues, QuarterModel, Unit};
use crate::number::round;
use rust_decimal::Decimal;
use serde::Serialize;

/// A given figure a computed one was read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    /// Item id.
    pub item: String,
    /// Period.
    pub period: String,
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
    /// The given figures it was computed from.
    pub sources: Vec<Source>,
}

/// A change between two periods.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The later figure.
    pub current: Figure,
    /// The figure compared against.
    pub base: Figure,
    /// `current - base`, in base units.
    pub absolute: Decimal,
    /// The percent change, or why there is none.
    pub percent: PctChange,
}

impl Change {
    /// The percent change in percent (29.8 for +29.8%), rounded half away from
    /// zero to `dp` places; `None` when not meaningful.
    pub fn percent_rounded(&self, dp: u32) -> Option<Decimal> {
        match self.percent {
            PctChange::Ratio(r) => Some(round(r * Decimal::ONE_HUNDRED, dp)),
            PctChange::NotMeaningful => None,
        }
    }
}

/// Why a figure cannot be computed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ComputeError {
    /// No item or measure has this id.
    UnknownItem(String),
    /// A figure it needs is missing, or a ratio has a zero base.
    Gap(Gap),
}

impl std::fmt::Display for ComputeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ComputeError::UnknownItem(id) => write!(f, "unknown item `{id}`"),
            ComputeError::Gap(g) => g.fmt(f),
        }
    }
}

impl std::error::Error for ComputeError {}

impl From<Gap> for ComputeError {
    fn from(g: Gap) -> ComputeError {
        ComputeError::Gap(g)
    }
}

/// The computed figures of one brief, over a model.
pub struct Brief<'m> {
    model: &'m QuarterModel,
}

impl<'m> Brief<'m> {
    /// Computes over `model`.
    pub fn new(model: &'m QuarterModel) -> Brief<'m> {
        Brief { model }
    }

    /// The model figures come from.
    pub fn model(&self) -> &'m QuarterModel {
        self.model
    }

    fn id(&self, id: &str) -> Result<ItemId, ComputeError> {
        self.model
            .item_id(id)
            .ok_or_else(|| ComputeError::UnknownItem(id.to_string()))
    }

    /// The value of an item or measure in a period.
    pub fn figure(&self, id: &str, period: Period) -> Result<Figure, ComputeError> {
        let item = self.id(id)?;
        let values = ModelValues::tracing(self.model);
        let value = values.value(id, period)?;
        Ok(Figure {
            item: id.to_string(),
            period,
            value,
            unit: self.model.items[item].unit,
            sources: self.sources(&values),
        })
    }

    fn sources(&self, values: &ModelValues<'_>) -> Vec<Source> {
        values
            .sources()
            .into_iter()
            .map(|(i, p)| Source {
                item: self.model.items[i].id.clone(),
                period: p.to_string(),
            })
            .collect()
    }

    /// The change of an item from `base` to `period`.
    pub fn change(&self, id: &str, period: Period, base: Period) -> Result<Change, ComputeError> {
        let current = self.figure(id, period)?;
        let base = self.figure(id, base)?;
        Ok(Change {
            absolute: current.value - base.value,
            percent: pct_change(current.value, base.value),
            current,
            base,
        })
    }

    /// Year-over-year change in the reporting quarter.
    pub fn yoy(&self, id: &str) -> Result<Change, ComputeError> {
        let q = self.model.quarter;
        self.change(id, q, q.year_ago())
    }

    /// Sequential change: the reporting quarter against the one before.
    pub fn sequential(&self, id: &str) -> Result<Change, ComputeError> {
        let q = self.model.quarter;
        self.change(id, q, q.prior())
    }

    /// `part` as a share of `whole` in a period: a margin (gross margin of
    /// revenue) or a mix (a segment's share of revenue). A ratio; 0.401 is 40.1%.
    pub fn share(&self, part: &str, whole: &str, period: Period) -> Result<Figure, ComputeError> {
        self.quotient(part, whole, period, Unit::Percent)
    }

    /// The change of a margin between two periods, in basis points (exact).
    pub fn share_change_bp(
        &self,
        part: &str,
        whole: &str,
        period: Period,
        base: Period,
    ) -> Result<Decimal, ComputeError> {
        let now = self.share(part, whole, period)?;
        let then = self.share(part, whole, base)?;
        Ok((now.value - then.value) * Decimal::from(10_000))
    }

    /// An amount per share: `amount` (money, held in currency units) divided by `shares`.
    pub fn per_share(
        &self,
        amount: &str,
        shares: &str,
        period: Period,
    ) -> Result<Figure, ComputeError> {
        self.quotient(amount, shares, period, Unit::PerShare)
    }

    fn quotient(
        &self,
        top: &str,
        bottom: &str,
        period: Period,
        unit: Unit,
    ) -> Result<Figure, ComputeError> {
        let t = self.figure(top, period)?;
        let b = self.figure(bottom, period)?;
        let value = ratio(t.value, b.value).ok_or(Gap::NotMeaningful)?;
        let mut sources = t.sources;
        sources.extend(b.sources);
        dedup(&mut sources);
        Ok(Figure {
            item: format!("{top}/{bottom}"),
            period,
            value,
            unit,
            sources,
        })
    }

    /// An item over the last `n` quarters up to the reporting one, newest first.
    pub fn trend(&self, id: &str, n: usize) -> Result<Vec<Figure>, ComputeError> {
        self.model
            .quarter
            .trailing(n)
            .into_iter()
            .map(|p| self.figure(id, p))
            .collect()
    }

    /// A value in the unit it is shown in (thousands, percent), exact.
    pub fn shown(&self, figure: &Figure) -> Decimal {
        figure.value / self.model.shown_in(figure.unit)
    }

    /// A value shown and rounded to `dp` places, half away from zero.
    pub fn shown_rounded(&self, figure: &Figure, dp: u32) -> Decimal {
        round(self.shown(figure), dp)
    }
}

fn dedup(sources: &mut Vec<Source>) {
    let mut seen: Vec<Source> = Vec::with_capacity(sources.len());
    sources.retain(|s| {
        if seen.contains(s) {
            false
        } else {
            seen.push(s.clone());
            true
        }
    });
}
