//! Declaring a chart: the one place a chart's items, labels, unit, columns
//! and figures are checked, whether model.toml declares it (`[[chart]]`) or
//! a template does (`{{ chart(id=..., items=[...]) }}`). Each caller turns a
//! [`ChartError`] into an error at its own line.

use super::{Chart, ChartKind, Column, QuarterModel};
use crate::error::{Loc, did_you_mean};

/// As many series as the palette tells apart in grey.
pub const MAX_SERIES: usize = 4;

/// A chart as written, before its names are resolved.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ChartSpec {
    /// Identifier: names the SVG file.
    pub id: String,
    /// Title as drawn.
    pub title: String,
    /// Bars, stacked bars or lines.
    pub kind: ChartKind,
    /// The items or measures drawn, one series each.
    pub items: Vec<String>,
    /// The series' names, when not the items' labels.
    pub labels: Vec<String>,
    /// The periods, as table columns.
    pub columns: Vec<String>,
}

/// Which part of a chart's declaration is wrong, so the caller can point at
/// it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The id, or the chart as a whole.
    Id,
    /// The list of items.
    Items,
    /// The item at this index.
    Item(usize),
    /// The labels.
    Labels,
    /// The column at this index.
    Column(usize),
}

/// Why a chart cannot be drawn, and what would fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartError {
    /// Where.
    pub field: Field,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
}

fn err(field: Field, message: String) -> ChartError {
    ChartError {
        field,
        message,
        help: None,
    }
}

impl QuarterModel {
    /// Resolves and checks a chart against the model and its reporting
    /// quarter: known items of one unit, 1 to [`MAX_SERIES`] of them, no
    /// more labels than items, known columns, and a figure for every series
    /// in every period drawn (a gap is an error, never a missing bar).
    pub fn declare_chart(&self, spec: &ChartSpec, loc: Option<Loc>) -> Result<Chart, ChartError> {
        if !super::build::is_identifier(&spec.id) {
            return Err(err(
                Field::Id,
                format!(
                    "`{}` is not a valid chart id; use lowercase letters, digits and underscores, starting with a letter",
                    spec.id
                ),
            ));
        }
        if spec.items.is_empty() || spec.items.len() > MAX_SERIES {
            return Err(ChartError {
                field: Field::Items,
                message: format!(
                    "a chart draws 1 to {MAX_SERIES} items, and `{}` lists {}",
                    spec.id,
                    spec.items.len()
                ),
                help: Some(
                    "a chart of more series cannot be told apart in grey; split it in two".into(),
                ),
            });
        }
        if spec.labels.len() > spec.items.len() {
            return Err(err(
                Field::Labels,
                format!(
                    "chart `{}` names {} series in `labels` but draws {} {}",
                    spec.id,
                    spec.labels.len(),
                    spec.items.len(),
                    if spec.items.len() == 1 {
                        "item"
                    } else {
                        "items"
                    }
                ),
            ));
        }
        let mut series = Vec::new();
        for (k, name) in spec.items.iter().enumerate() {
            let id = self.item_id(name).ok_or_else(|| ChartError {
                field: Field::Item(k),
                message: format!("unknown item `{name}`"),
                help: did_you_mean(name, self.items.iter().map(|i| i.id.as_str())),
            })?;
            let label = spec
                .labels
                .get(k)
                .cloned()
                .unwrap_or_else(|| self.items[id].label.clone());
            series.push((id, label));
        }
        let first = &self.items[series[0].0];
        if let Some(k) = series
            .iter()
            .position(|(i, _)| self.items[*i].unit != first.unit)
        {
            return Err(err(
                Field::Item(k),
                format!(
                    "a chart draws one unit, and `{}` is {} where `{}` is {}",
                    self.items[series[k].0].id,
                    unit_name(self.items[series[k].0].unit),
                    first.id,
                    unit_name(first.unit)
                ),
            ));
        }
        let mut columns = Vec::new();
        for (k, name) in spec.columns.iter().enumerate() {
            let column = Column::parse(name).ok_or_else(|| ChartError {
                field: Field::Column(k),
                message: format!("unknown column `{name}`; {}", Column::HELP),
                help: did_you_mean(name, Column::NAMES),
            })?;
            if column.is_change() || matches!(column, Column::Outlook(_)) {
                return Err(ChartError {
                    field: Field::Column(k),
                    message: format!(
                        "a chart draws figures of the data, and `{name}` is a change or outlook column (those are shown in tables)"
                    ),
                    help: None,
                });
            }
            columns.push(column);
        }
        if columns.is_empty() {
            return Err(err(
                Field::Id,
                format!("chart `{}` has no columns to draw", spec.id),
            ));
        }
        for column in &columns {
            for period in column.periods(self.quarter) {
                for (item, _) in &series {
                    if let Err(gap) = self.value(*item, period) {
                        return Err(ChartError {
                            field: Field::Id,
                            message: format!(
                                "chart `{}` draws `{}` for {period}, but {gap}",
                                spec.id, self.items[*item].id
                            ),
                            help: Some(
                                "add the figure, or draw only periods that have one (`columns = [\"year_ago\", \"quarter\"]`)"
                                    .into(),
                            ),
                        });
                    }
                }
            }
        }
        Ok(Chart {
            id: spec.id.clone(),
            title: spec.title.clone(),
            kind: spec.kind,
            series,
            columns,
            loc,
        })
    }
}

/// A unit as a sentence names it.
fn unit_name(unit: super::Unit) -> &'static str {
    match unit {
        super::Unit::Money => "money",
        super::Unit::PerShare => "a per-share amount",
        super::Unit::Percent => "a percent",
        super::Unit::Shares => "a count of shares",
        super::Unit::Number => "a plain number",
    }
}
