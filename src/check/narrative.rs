//! Checks of the narrative's templates. A number typed into the text where
//! a figure exists is right today and stale next quarter; a non-GAAP measure
//! cited with no reconciliation, or before its GAAP counterpart, breaks
//! Regulation G habits. These are warnings: they do not change the exit
//! status, since the brief's figures are still right.

use crate::arith::PctChange;
use crate::calendar::PeriodKey;
use crate::compute::Brief;
use crate::error::Loc;
use crate::model::{Better, QuarterModel, Snippet, TableKind, Unit};
use crate::number::round;
use crate::scale::Scale;
use rust_decimal::Decimal;
use serde::Serialize;
use std::str::FromStr;

/// What kind of warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningKind {
    /// A literal number in narrative where a figure exists.
    LiteralNumber,
    /// A non-GAAP measure cited with no reconciliation table behind it.
    NonGaapUnreconciled,
    /// A non-GAAP measure cited before its most comparable GAAP measure.
    NonGaapBeforeGaap,
}

/// A problem with the narrative that does not make a figure wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// What kind.
    pub kind: WarningKind,
    /// Where, in the dataset.
    pub location: Loc,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
}

/// Every snippet of narrative, in the order the brief prints them.
/// Every template the dataset writes, with where it is, in reading order:
/// the headline and sub-headlines, each passage's heading, text and
/// bullets, then each table's labels that are written out and its
/// footnotes.
fn snippets(model: &QuarterModel) -> Vec<(String, Snippet)> {
    let mut out: Vec<(String, Snippet)> = Vec::new();
    for h in model.headline.iter().chain(&model.subheadlines) {
        out.push(("the headline".to_string(), h.clone()));
    }
    for p in &model.passages {
        let id = &model.places[p.place].id;
        for s in p
            .heading
            .iter()
            .chain(p.text.iter())
            .chain(p.bullets.iter())
        {
            out.push((format!("passage `{id}`"), s.clone()));
        }
    }
    for t in &model.tables {
        let id = &model.places[t.place].id;
        for row in &t.rows {
            // A label of its own (not the item's) is the dataset's words.
            if row.item.is_some_and(|i| model.items[i].label != row.label) {
                out.push((
                    format!("a row label of table `{id}`"),
                    Snippet {
                        text: row.label.clone(),
                        loc: row.loc.clone(),
                    },
                ));
            }
        }
        for f in &t.footnotes {
            out.push((format!("a footnote of table `{id}`"), f.clone()));
        }
    }
    out
}

/// Checks the narrative of `model`.
pub fn check(model: &QuarterModel, brief: &Brief) -> Vec<Warning> {
    let mut out = Vec::new();
    let mut figures: Option<Vec<Candidate>> = None;
    let mut cited: Vec<usize> = Vec::new();
    for (passage, snippet) in &snippets(model) {
        let here: Vec<String> = citations(&snippet.text)
            .into_iter()
            .map(|(_, id)| id)
            .collect();
        for (offset, lit) in literals(&snippet.text) {
            let candidates = figures.get_or_insert_with(|| candidates(model, brief));
            let before = &snippet.text[..offset];
            if let Some(warning) = attribute(&lit, before, &here, candidates) {
                let (what, help) = warning;
                out.push(Warning {
                    kind: WarningKind::LiteralNumber,
                    location: loc_in(snippet, offset),
                    message: format!(
                        "`{}` is typed into {passage}; {what}, and will go stale when the figures change",
                        lit.text
                    ),
                    help: Some(help),
                });
            }
        }
        for (offset, id) in citations(&snippet.text) {
            let Some(item) = model.item_id(&id) else {
                continue;
            };
            let it = &model.items[item];
            if it.non_gaap && !reconciled(model, item, 0) {
                out.push(Warning {
                    kind: WarningKind::NonGaapUnreconciled,
                    location: loc_in(snippet, offset),
                    message: format!(
                        "non-GAAP measure `{id}` is cited in {passage}, but no reconciliation table shows it or what it is computed from"
                    ),
                    help: Some(
                        "add a table with kind = \"reconciliation\" that has it as a row"
                            .to_string(),
                    ),
                });
            }
            if let Some(gaap) = it.gaap
                && !cited.contains(&gaap)
            {
                let g = &model.items[gaap].id;
                out.push(Warning {
                    kind: WarningKind::NonGaapBeforeGaap,
                    location: loc_in(snippet, offset),
                    message: format!(
                        "non-GAAP measure `{id}` is cited in {passage} before its GAAP counterpart `{g}`"
                    ),
                    help: Some(format!(
                        "cite f.{g} first, with equal or greater prominence (Regulation G)"
                    )),
                });
            }
            cited.push(item);
        }
    }
    out
}

/// Whether a non-GAAP item is a row of a reconciliation, or is computed
/// from non-GAAP items that are (Adjusted EBITDA per month from Adjusted EBITDA).
fn reconciled(model: &QuarterModel, item: usize, depth: usize) -> bool {
    let in_table = model.tables.iter().any(|t| {
        t.kind == TableKind::Reconciliation && t.rows.iter().any(|r| r.item == Some(item))
    });
    in_table
        || (depth < 8
            && model.items[item].formula().is_some_and(|f| {
                f.references().into_iter().any(|name| {
                    model
                        .item_id(name)
                        .is_some_and(|i| model.items[i].non_gaap && reconciled(model, i, depth + 1))
                })
            }))
}

/// The position of a byte offset of a snippet, in its dataset file.
fn loc_in(snippet: &Snippet, offset: usize) -> Loc {
    let before = &snippet.text[..offset];
    let newlines = before.matches('\n').count();
    let col = match before.rfind('\n') {
        Some(nl) => before[nl + 1..].chars().count() + 1,
        None => snippet.loc.col + before.chars().count(),
    };
    Loc {
        path: snippet.loc.path.clone(),
        line: snippet.loc.line + newlines,
        col,
    }
}

/// The text outside template tags, as (byte offset, text) runs.
fn outside_tags(text: &str) -> Vec<(usize, &str)> {
    let mut runs = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while let Some(open) = text[i..].find('{').map(|o| i + o) {
        let close = match text.get(open + 1..open + 2) {
            Some("{") => "}}",
            Some("%") => "%}",
            Some("#") => "#}",
            _ => {
                i = open + 1;
                continue;
            }
        };
        runs.push((start, &text[start..open]));
        let end = text[open..]
            .find(close)
            .map_or(text.len(), |e| open + e + 2);
        start = end;
        i = end;
    }
    runs.push((start, &text[start..]));
    runs
}

/// The text inside `{{ }}` and `{% %}` tags, as (byte offset, text) runs.
fn inside_tags(text: &str) -> Vec<(usize, &str)> {
    let mut runs = Vec::new();
    let mut prev = 0;
    for (start, run) in outside_tags(text) {
        if start > prev {
            runs.push((prev, &text[prev..start]));
        }
        prev = start + run.len();
    }
    runs
}

/// Figures a template cites: `f.<id>`, in order.
fn citations(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (start, run) in inside_tags(text) {
        let bytes = run.as_bytes();
        for (i, _) in run.match_indices("f.") {
            let boundary = i == 0
                || !(bytes[i - 1].is_ascii_alphanumeric()
                    || bytes[i - 1] == b'_'
                    || bytes[i - 1] == b'.');
            if !boundary {
                continue;
            }
            let id: String = run[i + 2..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !id.is_empty() {
                out.push((start + i, id));
            }
        }
    }
    out
}

/// How a literal number was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Money,
    Percent,
    Plain,
}

/// A number typed into narrative.
#[derive(Debug, Clone)]
struct Literal {
    text: String,
    /// The digits as written, in `magnitude` units.
    number: Decimal,
    magnitude: Decimal,
    shape: Shape,
}

/// Number-looking tokens outside template tags, skipping years and small
/// counts ("fiscal 2004", "three", "5 segments").
fn literals(text: &str) -> Vec<(usize, Literal)> {
    let mut out = Vec::new();
    for (start, run) in outside_tags(text) {
        let chars: Vec<(usize, char)> = run.char_indices().collect();
        let mut k = 0;
        while k < chars.len() {
            let (at, c) = chars[k];
            let prev = k.checked_sub(1).map(|p| chars[p].1);
            let starts = (c.is_ascii_digit()
                || (c == '$' && chars.get(k + 1).is_some_and(|n| n.1.is_ascii_digit())))
                && !prev.is_some_and(|p| p.is_alphanumeric() || p == '.' || p == '-' || p == '/');
            if !starts {
                k += 1;
                continue;
            }
            let dollar = c == '$';
            let mut j = if dollar { k + 1 } else { k };
            let mut digits = String::new();
            let mut grouped = false;
            while j < chars.len() {
                let ch = chars[j].1;
                let next_digit = chars.get(j + 1).is_some_and(|n| n.1.is_ascii_digit());
                if ch.is_ascii_digit() {
                    digits.push(ch);
                } else if ch == ',' && next_digit {
                    grouped = true;
                } else if ch == '.' && next_digit {
                    digits.push('.');
                } else {
                    break;
                }
                j += 1;
            }
            let after: String = chars[j..].iter().map(|c| c.1).collect();
            let (shape, magnitude, extra) = if after.starts_with('%') {
                (Shape::Percent, Decimal::ONE, 1)
            } else if let Some(scale) =
                Scale::words().find(|s| after.trim_start().starts_with(s.word()))
            {
                let spaces = after.chars().count() - after.trim_start().chars().count();
                (
                    Shape::Money,
                    scale.multiplier(),
                    spaces + scale.word().len(),
                )
            } else if dollar {
                (Shape::Money, Decimal::ONE, 0)
            } else {
                (Shape::Plain, Decimal::ONE, 0)
            };
            let end = (j + extra).min(chars.len());
            let trailing_word = chars.get(j).is_some_and(|c| c.1.is_alphabetic()) && extra == 0;
            let Ok(number) = Decimal::from_str(&digits) else {
                k = j.max(k + 1);
                continue;
            };
            let year_like = shape == Shape::Plain
                && number.scale() == 0
                && !grouped
                && (Decimal::from(1900)..=Decimal::from(2100)).contains(&number);
            let small = shape == Shape::Plain && number < Decimal::ONE_HUNDRED;
            if !trailing_word && !year_like && !small {
                let end_byte = chars.get(end).map_or(run.len(), |c| c.0);
                out.push((
                    start + at,
                    Literal {
                        text: run[at..end_byte].trim_end().to_string(),
                        number,
                        magnitude,
                        shape,
                    },
                ));
            }
            k = end.max(k + 1);
        }
    }
    out
}

/// A figure a literal could be a copy of, and how to cite it.
struct Candidate {
    /// The signed value: base units, or a ratio for a percent or a change.
    value: Decimal,
    shape: Shape,
    /// The item.
    item: String,
    /// Its label, lowercased, for matching the words before a literal.
    label: String,
    /// Whether it is a figure of the reporting quarter (or its change).
    this_quarter: bool,
    /// Whether it is a percent change (rather than a value).
    change: bool,
    /// Which way is better for the figure.
    better: Better,
    /// Whether the change is of the figure's size (a loss, a cost, cash used).
    by_size: bool,
    /// Reporting unit, for plain numbers read as table figures.
    unit_value: Decimal,
    what: String,
    cite: String,
}

impl Candidate {
    fn matches(&self, lit: &Literal) -> bool {
        let dp = lit.number.scale();
        match (&self.shape, &lit.shape) {
            (Shape::Money, Shape::Money) => {
                round(self.value.abs() / lit.magnitude, dp) == lit.number
            }
            (Shape::Percent, Shape::Percent) => self
                .value
                .abs()
                .checked_mul(Decimal::ONE_HUNDRED)
                .is_some_and(|v| round(v, dp) == lit.number),
            (Shape::Money, Shape::Plain) => {
                round(self.value.abs() / self.unit_value, dp) == lit.number
            }
            (Shape::Plain, Shape::Plain) => round(self.value.abs(), dp) == lit.number,
            _ => false,
        }
    }
}

/// How the words just before a number say it moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Moved {
    /// "increased", "grew", "rose", "up", "higher".
    Up,
    /// "decreased", "declined", "fell", "down", "lower", "reduced".
    Down,
    /// "improved": up or down by which way is better for the figure.
    Improved,
    /// "worsened".
    Worsened,
    /// "narrowed": a loss's size went down.
    Narrowed,
    /// "widened".
    Widened,
}

const MOVED: [(&str, Moved); 17] = [
    ("increased", Moved::Up),
    ("increase", Moved::Up),
    ("grew", Moved::Up),
    ("growth", Moved::Up),
    ("rose", Moved::Up),
    ("up", Moved::Up),
    ("higher", Moved::Up),
    ("decreased", Moved::Down),
    ("decrease", Moved::Down),
    ("declined", Moved::Down),
    ("decline", Moved::Down),
    ("fell", Moved::Down),
    ("down", Moved::Down),
    ("lower", Moved::Down),
    ("reduced", Moved::Down),
    ("improved", Moved::Improved),
    ("worsened", Moved::Worsened),
];

/// How the words just before a number say it moved, and whether they say it
/// is negative ("a loss of", "negative").
fn context(before: &str) -> (Option<Moved>, bool) {
    let sentence = before
        .rsplit(['.', ';', '\n'])
        .next()
        .unwrap_or(before)
        .to_lowercase();
    let words: Vec<&str> = sentence
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let near: Vec<&str> = words.iter().rev().take(4).copied().collect();
    let moved = near.iter().find_map(|w| match *w {
        "narrowed" => Some(Moved::Narrowed),
        "widened" => Some(Moved::Widened),
        w => MOVED.iter().find(|(m, _)| *m == w).map(|(_, d)| *d),
    });
    let negative = near
        .iter()
        .take(3)
        .any(|w| matches!(*w, "negative" | "loss" | "deficit"));
    (moved, negative)
}

/// Whether a percent change `r` (of the value, or of the size for a
/// figure stated by its size) went the way the words say.
fn moved_as_said(moved: Moved, r: Decimal, better: Better, by_size: bool) -> bool {
    let up = r > Decimal::ZERO;
    match moved {
        Moved::Up => up,
        Moved::Down => !up,
        Moved::Improved => up == (better == Better::Higher),
        Moved::Worsened => up != (better == Better::Higher),
        // A loss narrows when its size falls, or, worded by its value (a
        // negative profit), when the value rises toward zero.
        Moved::Narrowed => up != by_size,
        Moved::Widened => up == by_size,
    }
}

/// Which figure a literal most plausibly is: among the figures it equals,
/// those whose sign agrees with the words before it, then those cited or
/// named by label in the same text, then those of the reporting quarter.
/// The warning's "it is ..." and its help, or that it cannot tell.
fn attribute(
    lit: &Literal,
    before: &str,
    here: &[String],
    candidates: &[Candidate],
) -> Option<(String, String)> {
    let (direction, negative) = context(before);
    let lower = before.to_lowercase();
    let matching: Vec<&Candidate> = candidates.iter().filter(|c| c.matches(lit)).collect();
    if matching.is_empty() {
        return None;
    }
    let agrees = |c: &Candidate| match (c.change, direction) {
        (true, Some(moved)) => moved_as_said(moved, c.value, c.better, c.by_size),
        (false, _) if negative => c.value < Decimal::ZERO,
        _ => true,
    };
    let signed: Vec<&Candidate> = matching.iter().copied().filter(|c| agrees(c)).collect();
    if signed.is_empty() {
        let names: Vec<String> = matching.iter().take(3).map(|c| c.what.clone()).collect();
        return Some((
            format!(
                "it has the size of {}, but the words around it give it the other sign, so it cannot tell which figure it is",
                names.join(", ")
            ),
            "check the number, and cite the figure it stands for".to_string(),
        ));
    }
    let score = |c: &Candidate| {
        let named = !c.label.is_empty() && lower.contains(&c.label);
        (here.contains(&c.item) || named, c.this_quarter)
    };
    let best = signed.iter().map(|c| score(c)).max()?;
    let top: Vec<&Candidate> = signed.into_iter().filter(|c| score(c) == best).collect();
    let mut distinct: Vec<&Candidate> = Vec::new();
    for c in top {
        if !distinct.iter().any(|d| d.cite == c.cite) {
            distinct.push(c);
        }
    }
    if let [only] = distinct.as_slice() {
        return Some((
            format!("it is {}", only.what),
            format!("cite the figure instead: {}", cite(only, direction)),
        ));
    }
    let names: Vec<String> = distinct.iter().take(4).map(|c| c.what.clone()).collect();
    Some((
        format!(
            "it equals {} figures ({}{}), and cannot tell which",
            distinct.len(),
            names.join(", "),
            if distinct.len() > 4 { ", ..." } else { "" }
        ),
        format!(
            "cite the figure it stands for, such as {}",
            distinct[0].cite
        ),
    ))
}

/// How to cite a candidate. A percent change typed after a direction word
/// ("decreased 6.1%") is cited with that direction, so the filter prints
/// its size and checks the way it went.
fn cite(c: &Candidate, direction: Option<Moved>) -> String {
    if direction.is_none() || !c.change {
        return c.cite.clone();
    }
    let way = if c.value > Decimal::ZERO {
        "up"
    } else {
        "down"
    };
    if c.cite.contains("pct_change(") {
        c.cite
            .replace(") }}", &format!(", direction=\"{way}\") }}}}"))
    } else {
        c.cite.replace(
            "pct_change }}",
            &format!("pct_change(direction=\"{way}\") }}}}"),
        )
    }
}

fn candidates(model: &QuarterModel, brief: &Brief) -> Vec<Candidate> {
    let unit_value = model.shown_in(Unit::Money);
    let mut out = Vec::new();
    for series in brief.series() {
        let shape = match series.unit {
            Unit::Money | Unit::PerShare => Shape::Money,
            Unit::Percent => Shape::Percent,
            Unit::Shares | Unit::Number => Shape::Plain,
        };
        let label = series.label.to_lowercase();
        for key in PeriodKey::all() {
            let Ok(f) = brief.at(&series.id, key) else {
                continue;
            };
            out.push(Candidate {
                value: f.value,
                shape,
                item: series.id.clone(),
                label: label.clone(),
                this_quarter: key == PeriodKey::QUARTER,
                change: false,
                better: series.better,
                by_size: series.nature.by_size(),
                unit_value,
                what: format!("`{}` in {}", series.id, f.period),
                cite: format!("{{{{ f.{}.{key} | amount }}}}", series.id),
            });
        }
        if series.unit == Unit::Percent {
            continue;
        }
        for (vs, what) in [
            (PeriodKey::YEAR_AGO, "year over year"),
            (PeriodKey::PRIOR_QUARTER, "sequentially"),
        ] {
            let Ok(c) = brief.change_at(&series.id, PeriodKey::QUARTER, vs) else {
                continue;
            };
            if let PctChange::Ratio(r) = c.percent_for(series.nature) {
                let vs_arg = if vs == PeriodKey::YEAR_AGO {
                    String::new()
                } else {
                    format!("(vs=\"{vs}\")")
                };
                out.push(Candidate {
                    value: r,
                    shape: Shape::Percent,
                    item: series.id.clone(),
                    label: label.clone(),
                    this_quarter: true,
                    change: true,
                    better: series.better,
                    by_size: series.nature.by_size(),
                    unit_value,
                    what: format!(
                        "the change in `{}` {what} ({}{})",
                        series.id,
                        if r < Decimal::ZERO { "down " } else { "up " },
                        r.abs().checked_mul(Decimal::ONE_HUNDRED).map_or_else(
                            || "n/m".to_string(),
                            |p| crate::number::format(p, 1, crate::number::Negative::Minus) + "%"
                        )
                    ),
                    cite: format!("{{{{ f.{} | pct_change{vs_arg} }}}}", series.id),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lits(text: &str) -> Vec<String> {
        literals(text).into_iter().map(|(_, l)| l.text).collect()
    }

    #[test]
    fn finds_numbers_outside_tags_only() {
        assert_eq!(
            lits("grew 20.9% to $3.1 million, {{ f.x | amount }} and 1,097 units"),
            ["20.9%", "$3.1 million", "1,097"]
        );
        assert!(lits("fiscal 2004, FY2004, Q1, ICC.NET, 5 segments").is_empty());
        assert_eq!(lits("a loss of $818,000."), ["$818,000"]);
    }

    fn change(item: &str, ratio: &str) -> Candidate {
        Candidate {
            value: ratio.parse().unwrap(),
            shape: Shape::Percent,
            item: item.into(),
            label: item.replace('_', " "),
            this_quarter: true,
            change: true,
            better: Better::Higher,
            by_size: false,
            unit_value: Decimal::ONE,
            what: format!("the change in `{item}`"),
            cite: format!("{{{{ f.{item} | pct_change }}}}"),
        }
    }

    fn said(text: &str, here: &[&str], candidates: &[Candidate]) -> Option<String> {
        let (offset, lit) = literals(text).into_iter().next().unwrap();
        let here: Vec<String> = here.iter().map(|s| s.to_string()).collect();
        attribute(&lit, &text[..offset], &here, candidates).map(|(what, _)| what)
    }

    /// Regression: "8%" after "decreased" was attributed to an unrelated
    /// item whose change was +8%.
    #[test]
    fn a_literal_is_attributed_with_the_sign_its_words_give() {
        let both = [change("sales", "0.08"), change("freight", "-0.08")];
        assert_eq!(
            said("Shipping decreased 8% on lower volume", &[], &both).unwrap(),
            "it is the change in `freight`"
        );
        assert_eq!(
            said("Volume grew 8% in the quarter", &[], &both).unwrap(),
            "it is the change in `sales`"
        );
        let unsure = said("The figure was 8% for the quarter", &[], &both).unwrap();
        assert!(unsure.contains("equals 2 figures"), "{unsure}");
        assert!(unsure.contains("cannot tell"), "{unsure}");
        // A figure cited or named in the same text is the likelier one.
        assert_eq!(
            said("Freight was 8% of the quarter", &[], &both).unwrap(),
            "it is the change in `freight`"
        );
        assert_eq!(
            said("{{ f.sales | amount }}, 8% more", &["sales"], &both).unwrap(),
            "it is the change in `sales`"
        );
        let other = said("Costs decreased 8%", &[], &both[..1]).unwrap();
        assert!(other.contains("the other sign"), "{other}");
        assert_eq!(said("It grew 9%", &[], &both), None);
    }

    /// Regression: "improved" and "narrowed" were read as the sign of the
    /// value, so the brief's own words about a loss could not be attributed.
    #[test]
    fn judged_words_follow_which_way_is_better() {
        let loss = Candidate {
            value: "-0.298".parse().unwrap(),
            better: Better::Lower,
            by_size: true,
            ..change("adjusted_ebitda", "0")
        };
        let cands = [loss];
        assert_eq!(
            said("Adjusted EBITDA loss improved 29.8% to", &[], &cands).unwrap(),
            "it is the change in `adjusted_ebitda`"
        );
        assert_eq!(
            said("The loss narrowed 29.8% to", &[], &cands).unwrap(),
            "it is the change in `adjusted_ebitda`"
        );
        assert!(
            said("The loss worsened 29.8% to", &[], &cands)
                .unwrap()
                .contains("other sign")
        );
    }

    #[test]
    fn finds_citations_inside_tags() {
        let c: Vec<String> =
            citations("{{ f.net_loss | loss_change(per_share=f.loss_per_share) }} f.x")
                .into_iter()
                .map(|(_, id)| id)
                .collect();
        assert_eq!(c, ["net_loss", "loss_per_share"]);
    }
}
