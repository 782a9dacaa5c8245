//! Tie-out checks. A finding is a printed figure that disagrees with another
//! printing of it, with its formula, with a declared tie or with a roll-forward.
//! Findings are reported, never raised: the brief's own contradictions are
//! what this stage exists to find.
//!
//! Each printed figure is checked against the figures printed beside it: a
//! reconciliation's total is recomputed from the rows that reconciliation
//! printed, so one wrong row gives one finding rather than a cascade. Figures
//! printed in running text have no rows beside them; they are checked against
//! the brief's own values.

pub mod narrative;

use crate::calendar::Period;
use crate::compute::{Brief, ComputeError};
use crate::error::{InputError, Loc};
use crate::formula::{Expr, Gap, Values};
use crate::model::{Amount, Basis, Definition, ItemId, PlaceId, QuarterModel, Unit};
use crate::number::{Negative, format, round};
use rust_decimal::Decimal;
use serde::Serialize;
use std::cell::RefCell;
use std::collections::BTreeSet;

/// What kind of disagreement a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// The same figure printed in two places with different values.
    PrintedTwice,
    /// A printed subtotal, total, measure or percent that does not equal its formula.
    DoesNotAddUp,
    /// A declared equality (assets = liabilities + equity) that does not hold.
    Tie,
    /// A balance that did not move by its declared flow.
    Rollforward,
    /// A year-to-date figure that is not the sum of its quarters (beyond
    /// what rounding each of them explains).
    YearToDate,
    /// Guidance that does not equal its formula over the guidance of the
    /// items it is computed from (a non-GAAP outlook against its
    /// reconciliation).
    Outlook,
}

impl FindingKind {
    fn describe(self) -> &'static str {
        match self {
            FindingKind::PrintedTwice => "printed in two places with different values",
            FindingKind::DoesNotAddUp => "does not equal what it is computed from",
            FindingKind::Tie => "does not tie",
            FindingKind::Rollforward => "does not roll forward",
            FindingKind::YearToDate => "is not the sum of its quarters",
            FindingKind::Outlook => "is guided differently from what it is computed from",
        }
    }
}

/// A disagreement, with everything a reviewer needs to find and judge it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// What kind.
    pub kind: FindingKind,
    /// The item id, or the tie's or roll-forward's name.
    pub subject: String,
    /// The item's label.
    pub label: String,
    /// The period.
    pub period: String,
    /// The place the printed figure is in, if any.
    pub place: Option<String>,
    /// The printed figure, where it is written (or the declaration checked).
    pub location: Loc,
    /// The unit values are shown in: "USD thousands", "percent", ...
    pub unit: String,
    /// The printed value, as shown.
    pub printed: Decimal,
    /// The computed value, rounded to the printed precision; `None` when
    /// there is none (a percent change across zero is not meaningful).
    pub computed: Option<Decimal>,
    /// `printed - computed`, when there is a computed value.
    pub difference: Option<Decimal>,
    /// What the printed value was compared with.
    pub against: String,
    /// The basis of the comparison: the exact figures, or the figures
    /// printed beside it.
    pub basis: Basis,
    /// Corrections that touch the figures involved, and what the brief uses.
    pub notes: Vec<String>,
}

impl Finding {
    /// The one-line headline.
    pub fn headline(&self) -> String {
        let subject = if self.label.is_empty() || self.label == self.subject {
            self.subject.clone()
        } else {
            format!("{} ({})", self.label, self.subject)
        };
        format!("{subject}, {}: {}", self.period, self.kind.describe())
    }

    /// A value formatted as the finding shows it.
    pub fn show(&self, value: Decimal) -> String {
        let text = format(value, value.scale(), Negative::Parentheses);
        if self.unit == "percent" {
            format!("{text}%")
        } else {
            text
        }
    }
}

/// What a notice says could not be checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeKind {
    /// A printed figure computed from a figure the data does not have (a
    /// change from a quarter the release does not show): kept as printed.
    Unverifiable,
    /// A declared tie that could not be evaluated for a period.
    SkippedTie,
    /// A roll-forward that could not be evaluated for a period.
    SkippedRollforward,
}

/// Something the checks could not verify, and why: neither an error nor a
/// finding, but reported so that nothing is skipped silently.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Notice {
    /// What kind.
    pub kind: NoticeKind,
    /// The item id, or the tie's or roll-forward's name.
    pub subject: String,
    /// The period.
    pub period: String,
    /// The printed figure or the declaration.
    pub location: Loc,
    /// Why it could not be checked.
    pub reason: String,
}

impl Notice {
    /// The one-line headline.
    pub fn headline(&self) -> String {
        let what = match self.kind {
            NoticeKind::Unverifiable => "unverifiable (kept as printed)",
            NoticeKind::SkippedTie => "tie skipped",
            NoticeKind::SkippedRollforward => "roll-forward skipped",
        };
        format!("{}, {}: {what}", self.subject, self.period)
    }
}

/// What the checks found, and what they could not check.
#[derive(Debug, Clone, Default)]
pub struct Checked {
    /// Disagreements.
    pub findings: Vec<Finding>,
    /// What could not be checked, and why.
    pub notices: Vec<Notice>,
}

/// Runs every check over the model, in a fixed order: printed figures in the
/// order the figures file gives them, then years to date against their
/// quarters, then ties, then roll-forwards.
///
/// A printed figure that cannot be recomputed because a figure it needs is
/// missing is unverifiable: kept as printed and noticed, not an error (a
/// release may state a change from a quarter it does not show).
pub fn check(model: &QuarterModel, brief: &Brief) -> Result<Checked, InputError> {
    let mut out = Checked::default();
    for printing in &model.printings {
        printed_twice(model, printing, &mut out.findings);
        does_not_add_up(model, brief, printing, &mut out)?;
    }
    for printing in &model.printings {
        year_to_date(model, printing, &mut out.findings);
    }
    for c in &model.corrections {
        corrected_totals(model, c, &mut out.findings);
    }
    for o in &model.outlooks {
        outlook(model, o, &mut out.findings);
    }
    for tie in &model.ties {
        ties(model, tie, &mut out);
    }
    for rf in &model.rollforwards {
        rollforward(model, rf, &mut out);
    }
    Ok(out)
}

/// Values as printed at one place. In a table: the table's own printings,
/// then its rows' figures as given, then the brief's values. In a passage:
/// the brief's values. With no place: the figures as given, uncorrected.
/// Records every given figure read, to cite the corrections that touch it.
struct AsPrinted<'m> {
    model: &'m QuarterModel,
    place: Option<PlaceId>,
    /// The place whose own printed figures are read first: a table, a place
    /// of printed basis, or any place when a measure says it was computed
    /// from the figures printed beside it.
    printed_here: Option<PlaceId>,
    read: RefCell<Vec<(ItemId, Period)>>,
}

impl<'m> AsPrinted<'m> {
    fn new(model: &'m QuarterModel, place: Option<PlaceId>) -> AsPrinted<'m> {
        // Text rounds ("$3.1 million"), so a passage's own printings are
        // read only when it declares its figures were computed from them.
        let printed_here = place.filter(|&pl| {
            model.places[pl].table.is_some() || model.places[pl].basis == Basis::Printed
        });
        AsPrinted {
            model,
            place,
            printed_here,
            read: RefCell::new(Vec::new()),
        }
    }

    /// Reads the figures printed at its place first, wherever that is.
    fn beside(self) -> AsPrinted<'m> {
        AsPrinted {
            printed_here: self.place,
            ..self
        }
    }

    fn notes(&self) -> Vec<String> {
        let mut notes = Vec::new();
        for (item, period) in self.read.borrow().iter() {
            if let Some(note) = correction_note(self.model, *item, *period)
                && !notes.contains(&note)
            {
                notes.push(note);
            }
        }
        notes
    }
}

impl Values for AsPrinted<'_> {
    fn value(&self, id: &str, period: Period) -> Result<Decimal, Gap> {
        let m = self.model;
        let item = m
            .item_id(id)
            .ok_or_else(|| Gap::Missing(id.to_string(), period))?;
        let period = m.items[item].at(period);
        let table = self.place.filter(|&pl| m.places[pl].table.is_some());
        if let Some(p) = self
            .printed_here
            .and_then(|pl| m.printing_at(item, period, pl))
        {
            return Ok(p.amount.base);
        }
        match &m.items[item].def {
            Definition::Measure(e) => e.eval(self, period),
            Definition::Input | Definition::Subtotal(_) => {
                let as_printed = match (self.place, table) {
                    (None, _) => true,
                    (Some(_), Some(pl)) => m.is_row_of(item, pl),
                    (Some(_), None) => false,
                };
                let given = |p: Period| {
                    self.read.borrow_mut().push((item, p));
                    if as_printed {
                        m.fact(item, p).map(|f| f.amount.base)
                    } else {
                        m.given_value(item, p)
                    }
                };
                m.given_or_derived(item, period, given)
                    .ok_or_else(|| Gap::Missing(id.to_string(), period))?
            }
        }
    }
}

/// The value of an item or measure in a period as printed at `place` (a
/// table or passage id), or as given with no place: what the checks compare
/// a printed figure with. The brief's own values come from
/// [`crate::compute::Brief`].
pub fn value_as_printed(
    model: &QuarterModel,
    id: &str,
    period: Period,
    place: Option<&str>,
) -> Result<Decimal, Gap> {
    let place = match place {
        Some(p) => Some(
            model
                .places
                .iter()
                .position(|pl| pl.id == p)
                .ok_or_else(|| Gap::Missing(p.to_string(), period))?,
        ),
        None => None,
    };
    let env = AsPrinted::new(model, place);
    let item = model
        .item_id(id)
        .ok_or_else(|| Gap::Missing(id.to_string(), period))?;
    match model.items[item].formula() {
        Some(f) => f.eval(&env, period),
        None => env.value(id, period),
    }
}

fn correction_note(model: &QuarterModel, item: ItemId, period: Period) -> Option<String> {
    let c = model.correction(item, period)?;
    let it = &model.items[item];
    let shown = format(c.amount.shown(), c.amount.scale, Negative::Parentheses);
    Some(format!(
        "{}: the brief uses {shown} for `{}` in {period}: {}",
        c.loc, it.id, c.reason
    ))
}

fn unit_name(model: &QuarterModel, unit: Unit, amount: Option<&Amount>) -> String {
    let currency = &model.company.currency;
    match unit {
        Unit::Money => {
            let shown_in = amount.map_or_else(|| model.shown_in(Unit::Money), |a| a.shown_in);
            match crate::scale::Scale::of_multiplier(shown_in) {
                Some(crate::scale::Scale::Units) => currency.clone(),
                Some(scale) => format!("{currency} {}", scale.name()),
                None => format!("{currency} (scaled)"),
            }
        }
        Unit::Shares => "shares".into(),
        Unit::PerShare => format!("{currency} per share"),
        Unit::Percent => "percent".into(),
        Unit::Number => "number".into(),
    }
}

fn place_phrase(model: &QuarterModel, place: Option<PlaceId>) -> String {
    match place {
        Some(p) => format!(" in \"{}\"", model.places[p].title),
        None => String::new(),
    }
}

/// Compares a printed amount with an exact value at the printed precision.
fn compare(
    printed: &Amount,
    exact: Decimal,
) -> Option<(Decimal, Option<Decimal>, Option<Decimal>)> {
    let shown = round(printed.shown(), printed.scale);
    // A value too large to show in the printed unit cannot equal the
    // printed figure: it is a finding with no computed value to show.
    let Some(computed) = exact
        .checked_div(printed.shown_in)
        .map(|v| round(v, printed.scale))
    else {
        return Some((shown, None, None));
    };
    (shown != computed).then(|| (shown, Some(computed), shown.checked_sub(computed)))
}

fn printed_twice(model: &QuarterModel, p: &crate::model::Printing, out: &mut Vec<Finding>) {
    let Some(place) = p.place else { return };
    let item = &model.items[p.item];
    if matches!(item.def, Definition::Measure(_)) {
        return;
    }
    let Some(fact) = model.fact(p.item, p.period) else {
        return;
    };
    let Some((printed, computed, difference)) = compare(&p.amount, fact.amount.base) else {
        return;
    };
    out.push(Finding {
        kind: FindingKind::PrintedTwice,
        subject: item.id.clone(),
        label: item.label.clone(),
        period: p.period.to_string(),
        place: Some(model.places[place].id.clone()),
        location: p.loc.clone(),
        unit: unit_name(model, item.unit, Some(&p.amount)),
        printed,
        computed,
        difference,
        against: format!("the figure given at {}", fact.loc),
        basis: Basis::Exact,
        notes: correction_note(model, p.item, p.period)
            .into_iter()
            .collect(),
    });
}

/// Checks a printed measure against its formula, and a given subtotal
/// against its parts. A measure printed at a place of exact basis (the
/// default) is compared with the brief's exact figure; at a place of printed
/// basis, with its formula over the figures printed beside it. A subtotal
/// must foot: its figure against its parts as given.
fn does_not_add_up(
    model: &QuarterModel,
    brief: &Brief,
    p: &crate::model::Printing,
    out: &mut Checked,
) -> Result<(), InputError> {
    let item = &model.items[p.item];
    let (formula, basis) = match (&item.def, p.place) {
        (Definition::Measure(f), place) => {
            let of_place = place.map_or(Basis::Exact, |pl| model.places[pl].basis);
            (f, item.basis.unwrap_or(of_place))
        }
        (Definition::Subtotal(f), None) => (f, Basis::Printed),
        // A subtotal printed again elsewhere is checked against its figure,
        // whose own arithmetic is checked where it is given.
        _ => return Ok(()),
    };
    let env = AsPrinted::new(model, p.place).beside();
    let (value, notes) = match basis {
        Basis::Printed => {
            let v = formula.eval(&env, p.period);
            (v, env.notes())
        }
        Basis::Exact => match brief.figure(&item.id, p.period) {
            Ok(f) if let Some(why) = &f.unverified => {
                out.notices.push(Notice {
                    kind: NoticeKind::Unverifiable,
                    subject: item.id.clone(),
                    period: p.period.to_string(),
                    location: p.loc.clone(),
                    reason: why.clone(),
                });
                return Ok(());
            }
            Ok(f) => (Ok(f.value), source_notes(model, f)),
            Err(ComputeError::Gap(g)) => (Err(g), Vec::new()),
            Err(e) => (Err(Gap::Missing(e.to_string(), p.period)), Vec::new()),
        },
    };
    // A correction of the figure itself is cited too.
    let mut notes = notes;
    if let Some(own) = correction_note(model, p.item, p.period)
        && !notes.contains(&own)
    {
        notes.insert(0, own);
    }
    let (printed, computed, difference, against) = match value {
        Ok(exact) => {
            let Some((printed, computed, difference)) = compare(&p.amount, exact) else {
                return Ok(());
            };
            let against = match (basis, p.place) {
                (Basis::Exact, _) => format!("{formula}, with the brief's exact figures"),
                (Basis::Printed, Some(pl)) => format!(
                    "{formula}, with the figures printed beside it{}",
                    place_phrase(model, Some(pl))
                ),
                (Basis::Printed, None) => match model.home_table(p.item) {
                    Some(t) => format!("{formula}, with the figures as given in \"{}\"", t.title),
                    None => format!("{formula}, with the figures as given"),
                },
            };
            (printed, computed, difference, against)
        }
        // A subtotal given for a period whose parts are not (a net loss known
        // only from a reconciliation) has nothing to be checked against.
        Err(Gap::Missing(..)) if matches!(item.def, Definition::Subtotal(_)) => return Ok(()),
        Err(Gap::Missing(id, period)) => {
            out.notices.push(Notice {
                kind: NoticeKind::Unverifiable,
                subject: item.id.clone(),
                period: p.period.to_string(),
                location: p.loc.clone(),
                reason: format!(
                    "it is computed from `{id}`, which has no figure for {period}; the brief uses it as printed ({})",
                    p.text.trim()
                ),
            });
            return Ok(());
        }
        Err(gap @ (Gap::Overflow | Gap::NoPriorQuarter(_))) => {
            return Err(InputError::at(
                p.loc.clone(),
                format!("cannot check `{}` for {}: {gap}", item.id, p.period),
            ));
        }
        Err(Gap::NotMeaningful) => (
            round(p.amount.shown(), p.amount.scale),
            None,
            None,
            format!("{formula}, which is not meaningful here (a zero base or a change of sign)"),
        ),
    };
    out.findings.push(Finding {
        kind: FindingKind::DoesNotAddUp,
        subject: item.id.clone(),
        label: item.label.clone(),
        period: p.period.to_string(),
        place: p.place.map(|pl| model.places[pl].id.clone()),
        location: p.loc.clone(),
        unit: unit_name(model, item.unit, Some(&p.amount)),
        printed,
        computed,
        difference,
        against,
        basis,
        notes,
    });
    Ok(())
}

/// The corrections that touch the given figures a computed figure was read from.
fn source_notes(model: &QuarterModel, figure: &crate::compute::Figure) -> Vec<String> {
    let mut notes = Vec::new();
    for s in &figure.sources {
        if let Some(note) = model
            .item_id(&s.item)
            .and_then(|i| correction_note(model, i, s.period))
            && !notes.contains(&note)
        {
            notes.push(note);
        }
    }
    notes
}

/// The periods any given figure covers, in order.
fn periods(model: &QuarterModel) -> BTreeSet<Period> {
    model
        .printings
        .iter()
        .filter(|p| p.place.is_none())
        .map(|p| p.period)
        .collect()
}

/// The unit a formula's result is in: that of the first item it names.
fn formula_unit(model: &QuarterModel, e: &Expr) -> Unit {
    e.references()
        .first()
        .and_then(|id| model.item_id(id))
        .map_or(Unit::Money, |i| model.items[i].unit)
}

/// Whether any item a formula names has a figure given for `period`: a tie
/// whose items have no figure at all in a period does not apply to it.
fn applies(model: &QuarterModel, exprs: &[&Expr], period: Period) -> bool {
    exprs.iter().flat_map(|e| e.references()).any(|id| {
        model
            .item_id(id)
            .is_some_and(|i| model.fact(i, model.items[i].at(period)).is_some())
    })
}

fn ties(model: &QuarterModel, tie: &crate::model::Tie, out: &mut Checked) {
    let unit = formula_unit(model, &tie.left);
    let shown_in = model.shown_in(unit);
    for period in periods(model) {
        let env = AsPrinted::new(model, None);
        let (left, right) = match (tie.left.eval(&env, period), tie.right.eval(&env, period)) {
            (Ok(l), Ok(r)) => (l, r),
            (Err(gap), _) | (_, Err(gap)) => {
                if applies(model, &[&tie.left, &tie.right], period) {
                    out.notices.push(Notice {
                        kind: NoticeKind::SkippedTie,
                        subject: tie.name.clone(),
                        period: period.to_string(),
                        location: tie.loc.clone(),
                        reason: gap.to_string(),
                    });
                }
                continue;
            }
        };
        // Both sides are sums of exact given figures, so they must be equal
        // exactly: rounding here would hide a 0.4 million difference in a
        // dataset written to one decimal.
        if left == right {
            continue;
        }
        // Shown in the reporting unit; in base units if too large for it.
        let (l, r) = match (left.checked_div(shown_in), right.checked_div(shown_in)) {
            (Some(l), Some(r)) => (l.normalize(), r.normalize()),
            _ => (left, right),
        };
        out.findings.push(Finding {
            kind: FindingKind::Tie,
            subject: tie.name.clone(),
            label: String::new(),
            period: period.to_string(),
            place: None,
            location: tie.loc.clone(),
            unit: unit_name(model, unit, None),
            printed: l,
            computed: Some(r),
            difference: l.checked_sub(r),
            against: format!("{} = {}", tie.left, tie.right),
            basis: Basis::Printed,
            notes: env.notes(),
        });
    }
}

/// A year-to-date (or full-year) figure of a flow, given where all its
/// quarters are given too, must be their sum, within what rounding each
/// figure to its printed precision explains (half a unit of its last place
/// each): 1,235 for nine months beside quarters of 411, 412 and 411 ties.
fn year_to_date(model: &QuarterModel, p: &crate::model::Printing, out: &mut Vec<Finding>) {
    let item = &model.items[p.item];
    if p.place.is_some()
        || p.period.is_quarter()
        || item.kind != crate::model::Kind::Flow
        || matches!(item.def, Definition::Measure(_))
    {
        return;
    }
    let quarters: Option<Vec<&crate::model::Printing>> = p
        .period
        .quarters()
        .into_iter()
        .map(|q| model.fact(p.item, q))
        .collect();
    let Some(quarters) = quarters else { return };
    let ulp = |a: &Amount| a.shown_in * Decimal::new(1, a.scale);
    let mut sum = Decimal::ZERO;
    let mut tolerance = ulp(&p.amount);
    for q in &quarters {
        let (Some(s), Some(t)) = (
            sum.checked_add(q.amount.base),
            tolerance.checked_add(ulp(&q.amount)),
        ) else {
            return;
        };
        (sum, tolerance) = (s, t);
    }
    let Some(difference) = p.amount.base.checked_sub(sum) else {
        return;
    };
    if difference.abs() * Decimal::TWO <= tolerance {
        return;
    }
    let shown = |v: Decimal| v.checked_div(p.amount.shown_in).map(|v| v.normalize());
    let Some(printed) = shown(p.amount.base) else {
        return;
    };
    out.push(Finding {
        kind: FindingKind::YearToDate,
        subject: item.id.clone(),
        label: item.label.clone(),
        period: p.period.to_string(),
        place: None,
        location: p.loc.clone(),
        unit: unit_name(model, item.unit, Some(&p.amount)),
        printed,
        computed: shown(sum),
        difference: shown(difference),
        against: format!(
            "the sum of its quarters ({}), each as given",
            quarters
                .iter()
                .map(|q| format!("{} at {}", q.text.trim(), q.loc))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        basis: Basis::Printed,
        notes: Vec::new(),
    });
}

/// A balance must move by its flow: from the prior quarter end by the
/// quarter's flow, and from the prior fiscal year end by the year-to-date
/// flow (a cash-flow statement gives only the year to date). Each end
/// balance given is checked both ways where the figures allow; when
/// neither can be evaluated, that is noticed with why.
fn rollforward(model: &QuarterModel, rf: &crate::model::Rollforward, out: &mut Checked) {
    let item = &model.items[rf.balance];
    for period in periods(model).into_iter().filter(|p| p.is_quarter()) {
        let Some(end) = model.fact(rf.balance, period) else {
            continue;
        };
        let year_to_date = Period::year_to_date(period.year, period.end_quarter());
        let mut ways = vec![period];
        if year_to_date != period {
            ways.push(year_to_date);
        }
        let mut reasons = Vec::new();
        let mut checked = false;
        for flow_period in ways {
            let env = AsPrinted::new(model, None);
            let from = flow_period.opening();
            let Some(start) = model.fact(rf.balance, from) else {
                reasons.push(format!("`{}` has no figure for {from}", item.id));
                continue;
            };
            let flow = match rf.flow.eval(&env, flow_period) {
                Ok(f) => f,
                Err(gap) => {
                    reasons.push(format!("for {flow_period}, {gap}"));
                    continue;
                }
            };
            let Some(moved) = start.amount.base.checked_add(flow) else {
                reasons.push(Gap::Overflow.to_string());
                continue;
            };
            checked = true;
            let Some((printed, computed, difference)) = compare(&end.amount, moved) else {
                continue;
            };
            out.findings.push(Finding {
                kind: FindingKind::Rollforward,
                subject: rf.name.clone(),
                label: item.label.clone(),
                period: period.to_string(),
                place: None,
                location: end.loc.clone(),
                unit: unit_name(model, item.unit, None),
                printed,
                computed,
                difference,
                against: format!(
                    "`{}` at {from} ({}) plus {} for {flow_period}",
                    item.id, start.loc, rf.flow
                ),
                basis: Basis::Printed,
                notes: env.notes(),
            });
            // One wrong balance gives one finding, not one per way.
            break;
        }
        if !checked {
            out.notices.push(Notice {
                kind: NoticeKind::SkippedRollforward,
                subject: rf.name.clone(),
                period: period.to_string(),
                location: rf.loc.clone(),
                reason: reasons.join("; "),
            });
        }
    }
}

/// Guidance of an item with a formula (a subtotal, a non-GAAP measure),
/// where every item the formula names is guided for the same period as a
/// point or a band: its centre must equal the formula over theirs, at the
/// precision it is given to. A reconciliation of non-GAAP guidance ties.
fn outlook(model: &QuarterModel, o: &crate::model::Outlook, out: &mut Vec<Finding>) {
    use crate::model::Guide;
    let item = &model.items[o.item];
    let (Some(formula), Guide::Point(given) | Guide::Band(given, _)) = (item.formula(), o.guide)
    else {
        return;
    };
    struct Centres<'m>(&'m QuarterModel, Period);
    impl Values for Centres<'_> {
        fn value(&self, id: &str, period: Period) -> Result<Decimal, Gap> {
            let missing = || Gap::Missing(id.to_string(), period);
            let item = self.0.item_id(id).ok_or_else(missing)?;
            self.0
                .outlooks
                .iter()
                .find(|o| o.item == item && o.period == self.1 && period == self.1)
                .and_then(|o| match o.guide {
                    crate::model::Guide::Point(a) | crate::model::Guide::Band(a, _) => Some(a.base),
                    crate::model::Guide::Range(..) => None,
                })
                .ok_or_else(missing)
        }
    }
    let Ok(computed) = formula.eval(&Centres(model, o.period), o.period) else {
        return;
    };
    let Some((printed, computed, difference)) = compare(&given, computed) else {
        return;
    };
    out.push(Finding {
        kind: FindingKind::Outlook,
        subject: item.id.clone(),
        label: item.label.clone(),
        period: o.period.to_string(),
        place: None,
        location: o.loc.clone(),
        unit: unit_name(model, item.unit, Some(&given)),
        printed,
        computed,
        difference,
        against: format!("{formula}, with the outlook of each for {}", o.period),
        basis: Basis::Printed,
        notes: Vec::new(),
    });
}

/// A correction must leave the totals it is part of footing: every given
/// subtotal whose formula names the corrected item is recomputed from the
/// brief's values (corrections applied) and compared with the value the
/// brief prints for it. Correcting a line without its total prints a table
/// that does not add up.
fn corrected_totals(model: &QuarterModel, c: &crate::model::Correction, out: &mut Vec<Finding>) {
    let corrected = &model.items[c.item].id;
    for (i, item) in model.items.iter().enumerate() {
        let Definition::Subtotal(formula) = &item.def else {
            continue;
        };
        if i == c.item || !formula.references().contains(&corrected.as_str()) {
            continue;
        }
        let period = c.period;
        let Some(printed) = model
            .correction(i, period)
            .map(|k| k.amount)
            .or_else(|| model.fact(i, period).map(|f| f.amount))
        else {
            continue;
        };
        let Ok(exact) = formula.eval(&model.values(), period) else {
            continue;
        };
        let Some((shown, computed, difference)) = compare(&printed, exact) else {
            continue;
        };
        let mut notes: Vec<String> = correction_note(model, c.item, period).into_iter().collect();
        if let Some(own) = correction_note(model, i, period) {
            notes.push(own);
        }
        out.push(Finding {
            kind: FindingKind::DoesNotAddUp,
            subject: item.id.clone(),
            label: item.label.clone(),
            period: period.to_string(),
            place: None,
            location: c.loc.clone(),
            unit: unit_name(model, item.unit, Some(&printed)),
            printed: shown,
            computed,
            difference,
            against: format!(
                "{formula}, with the brief's figures after the correction of `{corrected}`; correct `{}` too",
                item.id
            ),
            basis: Basis::Exact,
            notes,
        });
    }
}
