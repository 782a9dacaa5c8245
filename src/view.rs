//! The brief as templates see it: a serializable view, separate from the
//! model and built from the computed figures ([`Brief`]), in which every
//! number is exact text (a `Decimal` serialises as a string) or
//! already-formatted text. Tera numbers are floats, so no figure reaches a
//! template as a number; a filter finds the figure it words in the [`Brief`]
//! by the `id` and `key` a value carries.

use crate::arith::{PctChange, pct_change};
use crate::calendar::{Period, PeriodKey, PeriodNames, long_date};
use crate::compute::{Brief, Figure};
use crate::document::RowStyle;
use crate::error::InputError;
use crate::model::{
    Band, Basis, CellSpec, ChangeMeasure, Column, Comparison, Guide, Nature, QuarterModel,
    TableKind, Unit,
};
use crate::number::round;
use crate::phrase::Style;
use crate::scale::Scale;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;

/// A period with its names, as templates see it.
pub type PeriodView = PeriodNames;

/// Everything a template can use.
#[derive(Debug, Clone, Serialize)]
pub struct BriefView {
    /// The company.
    pub company: CompanyView,
    /// The reporting quarter.
    pub quarter: PeriodView,
    /// The headline the dataset writes, rendered (else the template's own);
    /// filled in by `render`.
    pub headline: Option<String>,
    /// Lines under the headline, rendered; filled in by `render`.
    pub subheadlines: Vec<String>,
    /// Periods by key: `q0` ... `q7` and `ye` (the prior fiscal year end).
    pub periods: BTreeMap<String, PeriodView>,
    /// The release date, as printed: "December 11, 2003".
    pub release_date: String,
    /// Every item and measure, by id.
    pub f: BTreeMap<String, FigureView>,
    /// Guidance by id, for `{{ outlook.revenue_q4 | guidance }}`.
    pub outlook: BTreeMap<String, OutlookView>,
    /// Every table, in declaration order.
    pub tables: Vec<TableView>,
    /// The narrative, rendered; filled in by `render`.
    pub passages: Vec<PassageView>,
    /// Indices of the financial statements in `tables`.
    pub statements: Vec<usize>,
    /// Indices of the tables for the supplementary section: the
    /// reconciliations, and trend tables no passage shows.
    pub supplementary: Vec<usize>,
    /// Ids of the charts no passage shows, for `{{ chart(id=...) }}`.
    pub charts: Vec<String>,
    /// Whether the brief reconciles any non-GAAP measure.
    pub non_gaap: bool,
}

/// The company, for the dateline, boilerplate and contacts.
#[derive(Debug, Clone, Serialize)]
pub struct CompanyView {
    /// Legal name.
    pub name: String,
    /// Short name.
    pub short_name: String,
    /// Exchange and ticker.
    pub ticker: String,
    /// Dateline city.
    pub dateline_city: String,
    /// What the company is, for the lead sentence.
    pub description: Option<String>,
    /// Website.
    pub website: Option<String>,
    /// Currency symbol: "$".
    pub symbol: String,
    /// "thousands", "millions", or "" for whole units.
    pub unit_word: String,
    /// About the company.
    pub about: String,
    /// Forward-looking statements.
    pub forward_looking: String,
    /// Investor contacts.
    pub contacts: Vec<ContactView>,
}

/// An investor contact.
#[derive(Debug, Clone, Serialize)]
pub struct ContactView {
    /// Name.
    pub name: String,
    /// Telephone.
    pub phone: Option<String>,
    /// Email.
    pub email: Option<String>,
}

/// An item or measure: label, unit and its values by period key (`q0`...).
#[derive(Debug, Clone, Serialize)]
pub struct FigureView {
    /// Id.
    pub id: String,
    /// Label as printed.
    pub label: String,
    /// "money", "shares", "per_share", "percent" or "number".
    pub unit: Unit,
    /// "amount", "profit", "loss", "cost" or "cash_used".
    pub nature: Nature,
    /// Whether it is a non-GAAP measure.
    pub non_gaap: bool,
    /// Values by period key; a period with no value has no key.
    #[serde(flatten)]
    pub values: BTreeMap<Arc<str>, ValueView>,
}

/// One exact value, with the id and period key a filter finds it by.
#[derive(Debug, Clone, Serialize)]
///
/// Its words are shared (`Arc<str>`): a brief has thousands of values and
/// a few distinct ids, keys, symbols and period names.
pub struct ValueView {
    /// The item or measure id.
    pub id: Arc<str>,
    /// The period key: "q0", "q4", "ye".
    pub key: Arc<str>,
    /// Exact, in base units (currency units, shares; a ratio for percents).
    pub value: Decimal,
    /// What it counts.
    pub unit: Unit,
    /// Currency symbol.
    pub symbol: Arc<str>,
    /// Period id.
    pub period: Arc<str>,
    /// The period in a sentence: "the second quarter of fiscal 2003".
    pub name: Arc<str>,
}

/// An outlook: what it is for; the `guidance` filter words it.
#[derive(Debug, Clone, Serialize)]
pub struct OutlookView {
    /// Its id, by which the filter finds it.
    pub outlook: String,
    /// The item or measure id.
    pub item: String,
    /// The item's label.
    pub label: String,
    /// The period it is for, with its names.
    pub period: PeriodView,
}

/// A table with its cells formatted.
#[derive(Debug, Clone, Serialize)]
pub struct TableView {
    /// Id.
    pub id: String,
    /// Its index in `tables`, for `{{ table(index=...) }}`.
    pub index: usize,
    /// Title.
    pub title: String,
    /// "statement", "reconciliation" or "trend".
    pub kind: TableKind,
    /// What the figures are: "(in thousands of U.S. dollars, except share
    /// and per share amounts)".
    pub note: String,
    /// Headers over several columns: "Three Months Ended October 31".
    pub groups: Vec<GroupView>,
    /// Column headers, after the label column.
    pub headers: Vec<String>,
    /// Whether each column's figures take the row's currency sign (a
    /// percent-change column does not).
    pub currency_columns: Vec<bool>,
    /// Rows.
    pub rows: Vec<RowView>,
    /// Notes under the table, rendered; filled in by `render`.
    pub footnotes: Vec<String>,
    /// Whether the table starts on a new page.
    pub new_page: bool,
}

/// A header over several adjacent columns.
#[derive(Debug, Clone, Serialize)]
pub struct GroupView {
    /// Its text.
    pub label: String,
    /// The first column it spans, from 0 (after the label column).
    pub first: usize,
    /// How many columns.
    pub span: usize,
}

/// A row of a table.
#[derive(Debug, Clone, Serialize)]
pub struct RowView {
    /// Label.
    pub label: String,
    /// "heading", "line", "subtotal" or "total".
    pub style: RowStyle,
    /// How far the label is indented, in levels.
    pub indent: u8,
    /// The currency sign the row's figures are set with ("$" on a
    /// statement's first row and its totals), or none.
    pub currency: Option<String>,
    /// Cell text, one per column ("3,103", "(818)", "40.1%", a dash for
    /// zero); empty for a heading.
    pub cells: Vec<String>,
}

/// A passage of narrative, rendered.
#[derive(Debug, Clone, Serialize)]
pub struct PassageView {
    /// Id.
    pub id: String,
    /// Heading, rendered.
    pub heading: Option<String>,
    /// Who is quoted.
    pub speaker: Option<SpeakerView>,
    /// Paragraphs, rendered Markdown, separated by blank lines.
    pub text: Option<String>,
    /// The same paragraphs one by one, for a quote that opens each with a
    /// quotation mark and closes only the last.
    pub paragraphs: Vec<String>,
    /// Bullets, rendered Markdown.
    pub bullets: Vec<String>,
    /// Indices into [`BriefView::tables`] shown after the passage.
    pub tables: Vec<usize>,
    /// Ids of the charts shown after the passage's tables.
    pub charts: Vec<String>,
    /// Heading level: 2 for a section, 3 for a subsection.
    pub level: u8,
}

/// Someone quoted.
#[derive(Debug, Clone, Serialize)]
pub struct SpeakerView {
    /// Name.
    pub name: String,
    /// Role.
    pub role: String,
}

/// Builds the view of `model` from its computed figures (passages are
/// added by `render`).
pub fn build(model: &QuarterModel, brief: &Brief) -> Result<BriefView, InputError> {
    let q = model.quarter;
    let symbol = currency_symbol(&model.company.currency);
    let keyed: Vec<(PeriodKey, String)> = PeriodKey::all().map(|k| (k, k.to_string())).collect();
    let periods = keyed
        .iter()
        .map(|(k, name)| (name.clone(), model.calendar.names(k.period(q))))
        .collect::<BTreeMap<_, _>>();
    // What every value of a period key shares, made once.
    struct Shared {
        period: Period,
        key: Arc<str>,
        id: Arc<str>,
        name: Arc<str>,
    }
    let shared_symbol: Arc<str> = symbol.as_str().into();
    let shared: Vec<Shared> = keyed
        .iter()
        .map(|(k, name)| {
            let p = k.period(q);
            Shared {
                period: p,
                key: name.as_str().into(),
                id: p.to_string().into(),
                name: periods[name].name.as_str().into(),
            }
        })
        .collect();
    let f = brief
        .series()
        .iter()
        .map(|series| {
            let id: Arc<str> = series.id.as_str().into();
            let values = shared
                .iter()
                .filter_map(|k| {
                    let figure = series.figure(k.period)?;
                    Some((
                        Arc::clone(&k.key),
                        ValueView {
                            id: Arc::clone(&id),
                            key: Arc::clone(&k.key),
                            value: figure.value,
                            unit: series.unit,
                            symbol: Arc::clone(&shared_symbol),
                            period: if figure.period == k.period {
                                Arc::clone(&k.id)
                            } else {
                                figure.period.to_string().into()
                            },
                            name: Arc::clone(&k.name),
                        },
                    ))
                })
                .collect();
            (
                series.id.clone(),
                FigureView {
                    id: series.id.clone(),
                    label: series.label.clone(),
                    unit: series.unit,
                    nature: series.nature,
                    non_gaap: series.non_gaap,
                    values,
                },
            )
        })
        .collect();
    let c = &model.company;
    Ok(BriefView {
        company: CompanyView {
            name: c.name.clone(),
            short_name: c.short_name.clone(),
            ticker: c.ticker.clone(),
            dateline_city: c.dateline_city.clone(),
            description: c.description.clone(),
            website: c.website.clone(),
            symbol: symbol.clone(),
            unit_word: unit_word(model).to_string(),
            about: c.about.trim().to_string(),
            forward_looking: c.forward_looking.trim().to_string(),
            contacts: c
                .contacts
                .iter()
                .map(|(name, phone, email)| ContactView {
                    name: name.clone(),
                    phone: phone.clone(),
                    email: email.clone(),
                })
                .collect(),
        },
        quarter: periods["q0"].clone(),
        headline: None,
        subheadlines: Vec::new(),
        release_date: c
            .releases
            .get(&q)
            .map(|d| long_date(*d))
            .unwrap_or_default(),
        outlook: model
            .outlooks
            .iter()
            .map(|o| {
                (
                    o.id.clone(),
                    OutlookView {
                        outlook: o.id.clone(),
                        item: model.items[o.item].id.clone(),
                        label: model.items[o.item].label.clone(),
                        period: model.calendar.names(o.period),
                    },
                )
            })
            .collect(),
        tables: model
            .tables
            .iter()
            .enumerate()
            .map(|(i, t)| table_view(model, brief, i, t, &symbol))
            .collect::<Result<_, _>>()?,
        // A table a passage shows is printed there, and only there.
        statements: indices(model, |i, t| {
            t.kind == TableKind::Statement && !shown_by_passage(model, i)
        }),
        supplementary: indices(model, |i, t| {
            matches!(t.kind, TableKind::Reconciliation | TableKind::Trend)
                && !shown_by_passage(model, i)
        }),
        charts: model
            .charts
            .iter()
            .enumerate()
            .filter(|(i, _)| !model.passages.iter().any(|p| p.charts.contains(i)))
            .map(|(_, c)| c.id.clone())
            .collect(),
        non_gaap: model
            .tables
            .iter()
            .any(|t| t.kind == TableKind::Reconciliation),
        periods,
        f,
        passages: Vec::new(),
    })
}

fn shown_by_passage(model: &QuarterModel, table: usize) -> bool {
    model.passages.iter().any(|p| p.tables.contains(&table))
}

fn indices(model: &QuarterModel, keep: impl Fn(usize, &crate::model::Table) -> bool) -> Vec<usize> {
    (0..model.tables.len())
        .filter(|&i| keep(i, &model.tables[i]))
        .collect()
}

/// The symbol a reader expects for an ISO currency code.
pub fn currency_symbol(code: &str) -> String {
    match code {
        "USD" | "CAD" | "AUD" | "NZD" | "SGD" | "HKD" => "$",
        "EUR" => "\u{20ac}",
        "GBP" => "\u{a3}",
        "JPY" | "CNY" => "\u{a5}",
        "CHF" => "CHF ",
        _ => return format!("{code} "),
    }
    .to_string()
}

/// The caption's word for the reporting scale: "thousands", or "" for units.
fn unit_word(model: &QuarterModel) -> &'static str {
    match model.company.unit {
        Scale::Units => "",
        scale => scale.name(),
    }
}

fn table_view(
    model: &QuarterModel,
    brief: &Brief,
    index: usize,
    table: &crate::model::Table,
    symbol: &str,
) -> Result<TableView, InputError> {
    let q = model.quarter;
    let specs: Vec<CellSpec> = table.columns.iter().flat_map(|c| c.cells(q)).collect();
    let (groups, headers) = column_headers(model, table, &specs);
    let basis = model.places[table.place].basis;
    let mut first_money = true;
    // As statements indent: line items under a heading one level, the
    // subtotal that closes them two; the section ends there, and a total is
    // never indented. A row's own `indent` wins.
    let mut under_heading = false;
    let rows = table
        .rows
        .iter()
        .map(|row| {
            let Some(item) = row.item else {
                under_heading = true;
                return Ok(RowView {
                    label: row.label.clone(),
                    style: RowStyle::Heading,
                    indent: row.indent.unwrap_or(0),
                    currency: None,
                    cells: vec![String::new(); specs.len()],
                });
            };
            let style = match row.style {
                crate::model::RowStyle::Line => RowStyle::Line,
                crate::model::RowStyle::Subtotal => RowStyle::Subtotal,
                crate::model::RowStyle::Total => RowStyle::Total,
            };
            let usual = match (style, under_heading) {
                (RowStyle::Line, true) => 1,
                (RowStyle::Subtotal, true) => 2,
                _ => 0,
            };
            let indent = row.indent.unwrap_or(usual);
            if matches!(style, RowStyle::Subtotal | RowStyle::Total) {
                under_heading = false;
            }
            let unit = model.items[item].unit;
            let total = style == RowStyle::Total;
            let dollar = matches!(unit, Unit::Money | Unit::PerShare)
                && (total || std::mem::take(&mut first_money));
            if unit == Unit::Money {
                first_money = false;
            }
            let id = &model.items[item].id;
            let dp = match unit {
                Unit::Money => table.money_dp,
                _ => None,
            };
            let shown_in = match unit {
                Unit::Money => table.money_scale.multiplier(),
                Unit::Shares => table
                    .shares_scale
                    .map_or_else(|| model.written_in(item), |s| s.multiplier()),
                _ => model.shown_in(unit),
            };
            let cells = specs
                .iter()
                .map(|spec| {
                    cell_text(brief, id, *spec, basis, (shown_in, dp), table.pct_dp).map_err(|TooFine(period, f)| {
                        InputError::at(
                            row.loc.clone(),
                            format!(
                                "table `{}` shows `{id}` in {}{}, but its figure for {period} is known only to {} ({})",
                                model.places[table.place].id,
                                scale_words(shown_in),
                                dp.map_or(String::new(), |d| format!(" to {d} decimal places")),
                                scale_words(f.given_in * Decimal::new(1, f.places)),
                                crate::number::format(f.value / f.given_in, f.places, crate::number::Negative::Minus),
                            ),
                        )
                        .help("show the table in a larger unit (`unit = \"thousands\"` on the table), or give the figure more precisely")
                    })
                })
                .collect::<Result<Vec<String>, InputError>>()?;
            Ok(RowView {
                label: row.label.clone(),
                style,
                indent,
                currency: dollar.then(|| symbol.trim().to_string()),
                cells,
            })
        })
        .collect::<Result<Vec<RowView>, InputError>>()?;
    Ok(TableView {
        id: model.places[table.place].id.clone(),
        index,
        title: table.title.clone(),
        kind: table.kind,
        note: table_note(model, table),
        groups,
        headers,
        currency_columns: specs
            .iter()
            .map(|s| {
                !matches!(
                    s,
                    CellSpec::Change {
                        measure: ChangeMeasure::Percent,
                        ..
                    }
                )
            })
            .collect(),
        rows,
        footnotes: Vec::new(),
        new_page: table.new_page,
    })
}

/// "whole units", "thousands", "hundreds of thousands": a precision in words.
fn scale_words(unit: Decimal) -> String {
    let unit = unit.normalize();
    for scale in Scale::ALL {
        if unit == scale.multiplier() {
            return match scale {
                Scale::Units => "whole units".to_string(),
                s => s.name().to_string(),
            };
        }
    }
    format!(
        "the nearest {}",
        crate::number::format(unit, unit.scale(), crate::number::Negative::Minus)
    )
}

/// One cell's text: a figure as tables show it, in units worth `shown_in`
/// (money and shares; other units as they are shown everywhere), or a
/// change. A change is computed from the exact figures, or, in a table of
/// printed basis, from the figures as the table rounds them; a percent's
/// change is in points. Fails with the figure a unit is too fine for.
fn cell_text<'b>(
    brief: &'b Brief,
    id: &str,
    spec: CellSpec,
    basis: Basis,
    (shown_in, dp): (Decimal, Option<u32>),
    pct_dp: u32,
) -> Result<String, TooFine<'b>> {
    const NM: &str = "n/m";
    let shown = |p: Period| -> Result<Option<Shown>, TooFine<'b>> {
        let Ok(f) = brief.figure(id, p) else {
            return Ok(None);
        };
        let value = match f.unit {
            Unit::Money | Unit::Shares => f.value.checked_div(shown_in),
            _ => brief.shown(f),
        };
        let Some(value) = value else { return Ok(None) };
        let dp = match f.unit {
            Unit::Money | Unit::Shares => dp,
            _ => None,
        };
        let places = f.places_at(shown_in, dp).ok_or(TooFine(p, f))?;
        Ok(Some((places, value, f.unit)))
    };
    Ok(match spec {
        CellSpec::Outlook(p) => {
            let Some(o) = brief
                .outlooks
                .iter()
                .find(|o| o.period == p && brief.series()[o.item].id == id)
            else {
                return Ok(NM.to_string());
            };
            let unit = brief.series()[o.item].unit;
            let one = |a: &crate::model::Amount| -> Result<String, TooFine<'b>> {
                let (value, suffix) = match unit {
                    Unit::Money | Unit::Shares => (a.base.checked_div(shown_in), ""),
                    Unit::Percent => (a.base.checked_mul(Decimal::ONE_HUNDRED), "%"),
                    _ => (Some(a.base), ""),
                };
                let places = match unit {
                    Unit::Money | Unit::Shares => {
                        let f = Figure {
                            item: id.to_string(),
                            period: p,
                            value: a.base,
                            unit,
                            places: a.scale,
                            given_in: a.shown_in,
                            sources: Vec::new(),
                            unverified: None,
                        };
                        // Guidance is exact as given: "1.25 million" is
                        // 1,250 in a table in thousands.
                        f.places_at(shown_in, dp).unwrap_or(dp.unwrap_or(0))
                    }
                    _ => a.scale,
                };
                Ok(value
                    .and_then(|v| Style::cell(v, places, None, suffix))
                    .unwrap_or_else(|| NM.to_string()))
            };
            match &o.guide {
                Guide::Point(a) => one(a)?,
                Guide::Range(l, h) => format!("{}\u{2013}{}", one(l)?, one(h)?),
                Guide::Band(c, Band::Percent(r)) => {
                    format!(
                        "{} \u{b1} {}%",
                        one(c)?,
                        (*r * Decimal::ONE_HUNDRED).normalize()
                    )
                }
                Guide::Band(c, Band::BasisPoints(bp)) => {
                    format!("{} \u{b1} {} bp", one(c)?, bp.normalize())
                }
            }
        }
        CellSpec::Figure(p) => match shown(p)? {
            Some((places, v, unit)) => {
                let suffix = if unit == Unit::Percent { "%" } else { "" };
                Style::cell(v, places, None, suffix).unwrap_or_else(|| NM.to_string())
            }
            None => NM.to_string(),
        },
        CellSpec::Change {
            measure, at, base, ..
        } => {
            let (Some((pa, a, unit)), Some((pb, b, _))) = (shown(at)?, shown(base)?) else {
                return Ok(NM.to_string());
            };
            let places = pa.max(pb);
            let (a, b) = match basis {
                Basis::Printed => (round(a, pa), round(b, pb)),
                Basis::Exact => (a, b),
            };
            if unit == Unit::Percent {
                return Ok(a
                    .checked_sub(b)
                    .and_then(|d| Style::cell(d, places, None, " pts"))
                    .unwrap_or_else(|| NM.to_string()));
            }
            match measure {
                ChangeMeasure::Amount => a
                    .checked_sub(b)
                    .and_then(|d| Style::cell(d, places, None, ""))
                    .unwrap_or_else(|| NM.to_string()),
                ChangeMeasure::Percent => match pct_change(a, b) {
                    PctChange::Ratio(r) => r
                        .checked_mul(Decimal::ONE_HUNDRED)
                        .and_then(|pct| Style::cell(pct, pct_dp, None, "%"))
                        .unwrap_or_else(|| NM.to_string()),
                    PctChange::NotMeaningful => NM.to_string(),
                },
            }
        }
    })
}

/// A figure shown: its places, its value in the unit shown, its unit.
type Shown = (u32, Decimal, Unit);

/// A figure (and its period) shown in a unit finer than it is known to.
struct TooFine<'b>(Period, &'b Figure);

/// Headers over runs of columns and of each column. Adjacent columns of the
/// same length ending on the same day of different years share a header
/// spanning them ("Three Months Ended October 31", "Nine Months Ended
/// September 30"), and are headed by their years, as statements print them;
/// the change columns right after them join them. Statements do this always,
/// other tables when they show a period longer than a quarter. A balance
/// sheet's columns are headed by their dates.
fn column_headers(
    model: &QuarterModel,
    table: &crate::model::Table,
    specs: &[CellSpec],
) -> (Vec<GroupView>, Vec<String>) {
    let cal = &model.calendar;
    let outlook_header = |p: Period| format!("{} Outlook", cal.names(p).short);
    let balance = table.columns.contains(&Column::PriorYearEnd);
    let longer = specs.iter().any(|s| match s {
        CellSpec::Figure(p) => !p.is_quarter(),
        CellSpec::Change { at, .. } => !at.is_quarter(),
        CellSpec::Outlook(_) => false,
    });
    let grouping = !balance && (table.kind == TableKind::Statement || longer);
    let money = table
        .rows
        .iter()
        .any(|r| r.item.is_some_and(|i| model.items[i].unit == Unit::Money));
    let comparisons: std::collections::BTreeSet<&'static str> = specs
        .iter()
        .filter_map(|s| match s {
            CellSpec::Change { comparison, .. } => Some(comparison.abbreviation()),
            CellSpec::Figure(_) | CellSpec::Outlook(_) => None,
        })
        .collect();
    let change_header = |measure: ChangeMeasure, comparison: Comparison| {
        let what = match (measure, money) {
            (ChangeMeasure::Amount, true) => "$ Change",
            (ChangeMeasure::Amount, false) => "Change",
            (ChangeMeasure::Percent, _) => "% Change",
        };
        if comparisons.len() > 1 {
            format!("{what} {}", comparison.abbreviation())
        } else {
            what.to_string()
        }
    };
    // What a run of columns shares: its length and the quarter it ends
    // with. An outlook column is a run of its own.
    let key = |s: &CellSpec| {
        let p = match s {
            CellSpec::Figure(p) => *p,
            CellSpec::Change { at, .. } => *at,
            CellSpec::Outlook(_) => return (0, 0),
        };
        (p.months(), p.end_quarter())
    };
    let mut groups = Vec::new();
    let mut headers: Vec<Option<String>> = vec![None; specs.len()];
    let mut start = 0;
    while grouping && start < specs.len() {
        let mut stop = start + 1;
        while stop < specs.len() && key(&specs[stop]) == key(&specs[start]) {
            stop += 1;
        }
        let figures: Vec<Period> = specs[start..stop]
            .iter()
            .filter_map(|s| match s {
                CellSpec::Figure(p) => Some(*p),
                CellSpec::Change { .. } | CellSpec::Outlook(_) => None,
            })
            .collect();
        let years: std::collections::BTreeSet<i16> =
            figures.iter().map(|p| cal.end(*p).year()).collect();
        if figures.len() > 1 && years.len() == figures.len() {
            let names = cal.names(figures[0]);
            let day = names.end_date.as_str();
            let month_day = day.rsplit_once(", ").map_or(day, |(md, _)| md);
            // A 52/53-week year's quarters end on different days each year:
            // the group says how long, each column when.
            let same_day = figures.iter().all(|p| {
                let (a, b) = (cal.end(*p), cal.end(figures[0]));
                (a.month(), a.day()) == (b.month(), b.day())
            });
            groups.push(GroupView {
                label: if same_day {
                    format!("{} {month_day}", names.span)
                } else {
                    names.span.clone()
                },
                first: start,
                span: stop - start,
            });
            for (k, s) in specs[start..stop].iter().enumerate() {
                headers[start + k] = Some(match s {
                    CellSpec::Figure(p) if same_day => cal.end(*p).year().to_string(),
                    CellSpec::Figure(p) => cal.names(*p).end_date,
                    CellSpec::Change {
                        measure,
                        comparison,
                        ..
                    } => change_header(*measure, *comparison),
                    CellSpec::Outlook(p) => outlook_header(*p),
                });
            }
        }
        start = stop;
    }
    let headers = specs
        .iter()
        .zip(headers)
        .map(|(s, h)| {
            h.unwrap_or_else(|| match s {
                CellSpec::Change {
                    measure,
                    comparison,
                    ..
                } => change_header(*measure, *comparison),
                CellSpec::Outlook(p) => outlook_header(*p),
                CellSpec::Figure(p) => {
                    let v = cal.names(*p);
                    match table.kind {
                        TableKind::Statement if balance => v.end_date,
                        TableKind::Statement => format!("{} {}", v.span, v.end_date),
                        _ => v.short,
                    }
                }
            })
        })
        .collect();
    (groups, headers)
}

/// The unit note under a table's title, from what the table shows: "(in
/// thousands of U.S. dollars, except share and per share amounts)"; shares
/// in their own magnitude say so ("shares in millions"). Never typed.
fn table_note(model: &QuarterModel, table: &crate::model::Table) -> String {
    let items: Vec<crate::model::ItemId> = table.rows.iter().filter_map(|r| r.item).collect();
    let has = |u: Unit| items.iter().any(|&i| model.items[i].unit == u);
    // The magnitude share counts are shown in: the table's, else the items'
    // own when they agree.
    let share_scales: std::collections::BTreeSet<Scale> = items
        .iter()
        .filter(|&&i| model.items[i].unit == Unit::Shares)
        .map(|&i| {
            table
                .shares_scale
                .or(model.items[i].scale)
                .unwrap_or(Scale::Units)
        })
        .collect();
    let shares = share_scales.iter().next().copied();
    let money = table.money_scale;
    let per_share = has(Unit::PerShare);
    let shares_in = |s: Scale| format!("shares in {}", s.name());
    if !has(Unit::Money) || money == Scale::Units {
        return match shares {
            Some(s) if s != Scale::Units && share_scales.len() == 1 => {
                format!("({})", shares_in(s))
            }
            _ => String::new(),
        };
    }
    let except = match (shares, per_share) {
        (None, true) => ", except per share amounts".to_string(),
        (None, false) => String::new(),
        (Some(Scale::Units), true) => ", except share and per share amounts".to_string(),
        (Some(Scale::Units), false) => ", except share amounts".to_string(),
        (Some(s), true) if s == money => ", except per share amounts".to_string(),
        (Some(s), false) if s == money => String::new(),
        (Some(s), true) => format!(", except per share amounts; {}", shares_in(s)),
        (Some(s), false) => format!("; {}", shares_in(s)),
    };
    format!(
        "(in {} of {}{except})",
        money.name(),
        currency_name(&model.company.currency)
    )
}

fn currency_name(code: &str) -> String {
    match code {
        "USD" => "U.S. dollars".to_string(),
        "EUR" => "euros".to_string(),
        "GBP" => "pounds sterling".to_string(),
        "CAD" => "Canadian dollars".to_string(),
        _ => code.to_string(),
    }
}
