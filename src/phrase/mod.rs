//! Figures in words, as a release writes them: "$3.1 million", "$486
//! million", "$1.43", "negative $25,000", "grew 20.9%", "narrowed its net
//! loss to $818,000 from $982,000", "improved 130 basis points to 58.5% from
//! 57.2%". The one home of how a figure is stated at a precision, of sign
//! words by nature, of the "flat" rule and of direction words.
//!
//! Nothing here computes a figure: values and changes come from
//! [`crate::compute`]. What cannot be said truthfully (a loss that is
//! income this quarter, "grew" between two negative figures) is a
//! [`Refusal`], which the template filters report as a template error.

mod change;

pub use change::{By, ChangeSpec, Direction};

use crate::model::{Better, Nature, Unit};
use crate::number::{Negative, format, round, round_places};
use crate::scale::Scale;
use rust_decimal::Decimal;

/// Why words cannot be given truthfully. The filter that asked names itself
/// and the figure around this message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal(pub String);

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a figure is: all the words need to know about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Subject {
    /// What it counts.
    pub unit: Unit,
    /// What it is.
    pub nature: Nature,
    /// Which way is better.
    pub better: Better,
    /// For a figure stated by its size (a loss, a cost, cash used): whether
    /// it is printed negative when it is what its nature says (a loss
    /// "(818)"), or positive (a cost of revenue "171.2").
    pub usual_negative: bool,
}

impl Subject {
    /// What a figure of `unit` and `nature` is, with its usual sign and which
    /// way is better unless the figure declares them.
    pub fn new(unit: Unit, nature: Nature, better: Better, usual_negative: bool) -> Subject {
        Subject {
            unit,
            nature,
            better,
            usual_negative,
        }
    }
}

/// How a brief words its figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Style {
    /// The currency symbol: "$".
    pub symbol: String,
    /// A change whose percent, as stated, is within this ratio either way
    /// "remained relatively flat" (0.02 for 2%).
    pub flat_within: Decimal,
}

/// How precisely a figure is stated: the scale it is written in and the
/// decimal places in that scale. Negative places round to a multiple of a
/// power of ten and write it in full ("$122,000" is units at -3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Precision {
    /// The scale the number is written in.
    pub scale: Scale,
    /// Decimal places in that scale.
    pub places: i32,
}

/// What a template asked for: a scale, decimal places, or a rounding step.
/// Left empty, each unit has its usual precision.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Spec {
    /// A fixed scale; automatic when `None` (money in billions from a
    /// billion, millions from a million, whole units below).
    pub scale: Option<Scale>,
    /// Decimal places in the scale.
    pub dp: Option<u32>,
    /// Round to a whole number of this many units and write it in full
    /// ("approximately $122,000").
    pub round: Option<Scale>,
}

/// Decimal places a scale is usually stated with: "$3.1 million", "$818,000".
fn usual_dp(scale: Scale) -> u32 {
    match scale {
        Scale::Units | Scale::Thousands => 0,
        Scale::Millions | Scale::Billions => 1,
    }
}

impl Spec {
    /// The precision that states `value` (of `unit`) exactly, in the
    /// largest usual scale that needs at most two decimals ("$36.75
    /// billion", "$37,512,345", "73.25%"): for guidance, which is stated as
    /// given, never rounded.
    pub fn exact(unit: Unit, value: Decimal) -> Spec {
        let decimals = |v: Decimal| v.normalize().scale();
        match unit {
            Unit::Money | Unit::Shares | Unit::Number => {
                for scale in [Scale::Billions, Scale::Millions] {
                    let shown = value / scale.multiplier();
                    if value.abs() >= scale.multiplier() && decimals(shown) <= 2 {
                        return Spec {
                            scale: Some(scale),
                            dp: Some(decimals(shown).max(usual_dp(scale))),
                            round: None,
                        };
                    }
                }
                Spec {
                    scale: Some(Scale::Units),
                    dp: Some(decimals(value)),
                    round: None,
                }
            }
            Unit::Percent => Spec {
                scale: None,
                dp: Some(decimals(value * Decimal::ONE_HUNDRED).max(1)),
                round: None,
            },
            Unit::PerShare => Spec {
                scale: None,
                dp: Some(decimals(value).max(2)),
                round: None,
            },
        }
    }

    /// The precision `value` (of `unit`) is stated at.
    pub fn precision(&self, unit: Unit, value: Decimal) -> Precision {
        let fixed = |scale: Scale, dp: u32| Precision {
            scale,
            places: i32::try_from(self.dp.unwrap_or(dp)).unwrap_or(0),
        };
        if let Some(step) = self.round {
            return Precision {
                scale: Scale::Units,
                places: -i32::try_from(step.zeros()).unwrap_or(0),
            };
        }
        match (unit, self.scale) {
            (Unit::Money | Unit::Shares | Unit::Number, Some(scale)) => {
                fixed(scale, usual_dp(scale))
            }
            (Unit::Money, None) => self.auto(value, 0),
            (Unit::Shares, None) => self.auto(value, 0),
            (Unit::Number, None) => self.auto(value, value.scale().min(2)),
            (Unit::PerShare, _) => fixed(Scale::Units, 2),
            (Unit::Percent, _) => fixed(Scale::Units, 1),
        }
    }

    /// Billions from a billion up, millions from a million, whole units
    /// below (at `units_dp` places); a figure that rounds up to the next
    /// scale is stated in it ("$1.0 billion", not "$1,000.0 million").
    fn auto(&self, value: Decimal, units_dp: u32) -> Precision {
        let abs = value.abs();
        let mut scale = if abs >= Scale::Billions.multiplier() {
            Scale::Billions
        } else if abs >= Scale::Millions.multiplier() {
            Scale::Millions
        } else {
            Scale::Units
        };
        loop {
            let usual = if scale == Scale::Units {
                units_dp
            } else {
                usual_dp(scale)
            };
            let p = Precision {
                scale,
                places: i32::try_from(self.dp.unwrap_or(usual)).unwrap_or(0),
            };
            let next = match scale {
                Scale::Units => Scale::Millions,
                Scale::Millions => Scale::Billions,
                _ => return p,
            };
            let carried = stated_value(Unit::Money, abs, p)
                .and_then(|s| s.checked_mul(scale.multiplier()))
                .is_some_and(|s| s >= next.multiplier());
            if !carried {
                return p;
            }
            scale = next;
        }
    }
}

/// The number a precision states for `value`, in its scale (percent for a
/// percent): 412,600,000 at millions and one place is 412.6. `None` if too
/// large for a Decimal.
fn stated_value(unit: Unit, value: Decimal, p: Precision) -> Option<Decimal> {
    let shown = match unit {
        Unit::Percent => value.checked_mul(Decimal::ONE_HUNDRED)?,
        _ => value / p.scale.multiplier(),
    };
    round_places(shown, p.places)
}

/// A figure as stated: its rounded number, its precision, and its text
/// without a sign ("$3.1 million", "40.1%", "48,215,000").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stated {
    /// The number as stated, signed, in the precision's scale.
    pub number: Decimal,
    /// The precision it was stated at.
    pub precision: Precision,
    /// The text of its size.
    pub size: String,
}

impl Stated {
    /// Below zero as stated (a loss of $0.4 that rounds to $0 is not).
    pub fn negative(&self) -> bool {
        self.number < Decimal::ZERO
    }

    /// Above zero as stated.
    pub fn positive(&self) -> bool {
        self.number > Decimal::ZERO
    }

    /// Zero as stated.
    pub fn is_zero(&self) -> bool {
        self.number.is_zero()
    }

    /// The number as stated, in base units (percent for a percent): what
    /// two stated figures are compared by, whatever scale each is written in.
    pub fn amount(&self) -> Decimal {
        // Saturating: a stated number can round just past the largest
        // Decimal; compared with another, it is still the larger.
        self.number
            .saturating_mul(self.precision.scale.multiplier())
    }

    /// The value the words state, back in base units (a ratio for a percent).
    pub fn value(&self, unit: Unit) -> Decimal {
        match unit {
            Unit::Percent => self.number / Decimal::ONE_HUNDRED,
            _ => self.amount(),
        }
    }
}

impl Style {
    /// States `value` of `unit` at `precision`.
    pub fn state(&self, unit: Unit, value: Decimal, p: Precision) -> Result<Stated, Refusal> {
        let number = stated_value(unit, value, p)
            .ok_or_else(|| Refusal(format!("{value} is too large to state at this precision")))?;
        let places = u32::try_from(p.places).unwrap_or(0);
        let number = round(number, places);
        // A Decimal holds 28 or 29 digits: a figure that large cannot also
        // carry the places asked, and an option not honoured is refused.
        if number.scale() != places {
            return Err(Refusal(format!(
                "{value} is too large to state with {places} decimal places"
            )));
        }
        let digits = format(number.abs(), places, Negative::Minus);
        let word = match p.scale {
            Scale::Units => String::new(),
            s => format!(" {}", s.word()),
        };
        let size = match unit {
            Unit::Money | Unit::PerShare => format!("{}{digits}{word}", self.symbol),
            Unit::Percent => format!("{digits}%"),
            Unit::Shares | Unit::Number => format!("{digits}{word}"),
        };
        Ok(Stated {
            number,
            precision: p,
            size,
        })
    }

    /// States `value` as `spec` asks.
    pub fn state_as(&self, unit: Unit, value: Decimal, spec: &Spec) -> Result<Stated, Refusal> {
        self.state(unit, value, spec.precision(unit, value))
    }

    /// One figure in words, its sign worded by its nature: "$3.1 million",
    /// "negative $25,000" (an amount), "a loss of $367,000" (a profit that
    /// is a loss), "$818,000" (a loss, a cost or cash used, whose words say
    /// what it is). A loss or cash used on the other side of zero is refused.
    pub fn figure(&self, s: &Subject, value: Decimal, spec: &Spec) -> Result<String, Refusal> {
        self.figure_signed(s, value, spec, None)
    }

    /// [`Style::figure`], or, when the sentence says which way the figure
    /// goes ("a decrease of ..."), its size once that direction is checked:
    /// a figure that went the other way is refused, never printed as if it
    /// had not.
    pub fn figure_signed(
        &self,
        s: &Subject,
        value: Decimal,
        spec: &Spec,
        direction: Option<Direction>,
    ) -> Result<String, Refusal> {
        let st = self.state_as(s.unit, value, spec)?;
        if let Some(d) = direction {
            if s.nature.by_size() {
                return Err(Refusal(format!(
                    "`direction` is for a figure worded by its value, and this one is a {} worded by its size",
                    s.nature.name().replace('_', " ")
                )));
            }
            let wrong = match d {
                Direction::Up => st.negative(),
                Direction::Down => st.positive(),
            };
            if wrong {
                return Err(Refusal(format!(
                    "the template says `direction=\"{}\"`, but the figure is {}{}",
                    if d == Direction::Up { "up" } else { "down" },
                    if st.negative() { "negative " } else { "" },
                    st.size
                )));
            }
            return Ok(st.size);
        }
        let other_side = s.nature.by_size() && !st.is_zero() && st.negative() != s.usual_negative;
        if other_side {
            let (what, usual) = match s.nature {
                Nature::Loss => ("income rather than a loss", "a loss"),
                Nature::Cost => ("a benefit rather than a cost", "this cost"),
                _ => ("cash provided rather than used", "cash used"),
            };
            let (sign, other) = if s.usual_negative {
                ("negative", "positive")
            } else {
                ("positive", "negative")
            };
            return Err(Refusal(format!(
                "the figure is {}{}, {what}: {usual} is printed {sign} here (if it is printed {other}, declare `sign = \"{other}\"` in model.toml)",
                if st.negative() { "negative " } else { "" },
                st.size
            )));
        }
        Ok(match (s.nature, st.negative()) {
            (Nature::Amount, true) => format!("negative {}", st.size),
            (Nature::Profit, true) => format!("a loss of {}", st.size),
            _ => st.size,
        })
    }

    /// A table cell: thousands separators, negatives in parentheses, a dash
    /// for zero (as statements print "--"), and the currency symbol when
    /// asked (first and total rows of a statement). `shown` is already in
    /// the table's unit.
    /// `None` when the figure is too large to carry `dp` places.
    pub fn cell(shown: Decimal, dp: u32, symbol: Option<&str>, suffix: &str) -> Option<String> {
        let rounded = round(shown, dp);
        if rounded.is_zero() {
            return Some("\u{2014}".to_string());
        }
        if rounded.scale() != dp {
            return None;
        }
        let text = format(shown, dp, Negative::Parentheses);
        Some(match symbol {
            Some(sym) => format!("{sym}{text}{suffix}"),
            None => format!("{text}{suffix}"),
        })
    }
}

/// What a result is called when it is a loss, from its label: "Net loss"
/// is "net loss", "Net income (loss)" and "Net income" are "net loss",
/// "Operating income" is "operating loss", "Income before income taxes" is
/// "loss before income taxes". The words `loss_change` uses unless told.
pub fn loss_noun(label: &str) -> String {
    let mut words = label.to_lowercase();
    for both in [
        "income (loss)",
        "(loss) income",
        "earnings (loss)",
        "profit (loss)",
    ] {
        words = words.replace(both, "loss");
    }
    if !words
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| w == "loss")
    {
        for gain in ["income", "earnings", "profit"] {
            if let Some(at) = words.find(gain) {
                words.replace_range(at..at + gain.len(), "loss");
                break;
            }
        }
    }
    if words
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| w == "loss")
    {
        words
    } else {
        "loss".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    pub(crate) fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    pub(crate) fn style() -> Style {
        Style {
            symbol: "$".into(),
            flat_within: d("0.02"),
        }
    }

    pub(crate) fn subject(unit: Unit, nature: Nature) -> Subject {
        Subject {
            unit,
            nature,
            better: nature.usual_better(),
            usual_negative: nature.usual_negative(),
        }
    }

    fn money(v: &str, spec: Spec) -> String {
        style()
            .figure(&subject(Unit::Money, Nature::Amount), d(v), &spec)
            .unwrap()
    }

    #[test]
    fn money_in_the_unit_a_reader_expects() {
        let auto = Spec::default();
        assert_eq!(money("3103000", auto), "$3.1 million");
        assert_eq!(money("818000", auto), "$818,000");
        assert_eq!(money("999950", auto), "$999,950");
        assert_eq!(money("999999.5", auto), "$1.0 million");
        assert_eq!(money("1000000", auto), "$1.0 million");
        assert_eq!(money("999950000", auto), "$1.0 billion");
        assert_eq!(money("35149000000", auto), "$35.1 billion");
        assert_eq!(money("0", auto), "$0");
        assert_eq!(money("-25000", auto), "negative $25,000");
        assert_eq!(money("-0.4", auto), "$0");
    }

    #[test]
    fn every_precision_can_be_asked_for() {
        let millions = |dp| Spec {
            scale: Some(Scale::Millions),
            dp,
            round: None,
        };
        assert_eq!(money("486000000", millions(Some(0))), "$486 million");
        assert_eq!(money("181576", millions(None)), "$0.2 million");
        assert_eq!(money("412600000", millions(Some(2))), "$412.60 million");
        assert_eq!(
            money(
                "-122333.33",
                Spec {
                    round: Some(Scale::Thousands),
                    ..Spec::default()
                }
            ),
            "negative $122,000"
        );
        assert_eq!(
            money(
                "1509250",
                Spec {
                    dp: Some(2),
                    ..Spec::default()
                }
            ),
            "$1.51 million"
        );
        let eps = style()
            .figure(
                &subject(Unit::PerShare, Nature::Amount),
                d("1.431"),
                &Spec::default(),
            )
            .unwrap();
        assert_eq!(eps, "$1.43");
        let shares = style()
            .figure(
                &subject(Unit::Shares, Nature::Amount),
                d("48215000"),
                &Spec {
                    scale: Some(Scale::Millions),
                    ..Spec::default()
                },
            )
            .unwrap();
        assert_eq!(shares, "48.2 million");
    }

    #[test]
    fn signs_are_worded_by_nature() {
        let s = style();
        let word =
            |nature, v: &str| s.figure(&subject(Unit::Money, nature), d(v), &Spec::default());
        assert_eq!(
            word(Nature::Profit, "-367000").unwrap(),
            "a loss of $367,000"
        );
        assert_eq!(word(Nature::Loss, "-818000").unwrap(), "$818,000");
        assert_eq!(word(Nature::Cost, "3200000").unwrap(), "$3.2 million");
        // A cost printed positive that is negative is a benefit: refused.
        assert!(word(Nature::Cost, "-3200000").is_err());
        assert_eq!(word(Nature::CashUsed, "-1573000").unwrap(), "$1.6 million");
        assert!(word(Nature::Loss, "120000").is_err());
        assert!(word(Nature::CashUsed, "120000").is_err());
        assert_eq!(word(Nature::Loss, "0.3").unwrap(), "$0");
    }

    #[test]
    fn a_loss_is_named_as_a_loss() {
        for (label, noun) in [
            ("Net loss", "net loss"),
            ("Net income (loss)", "net loss"),
            ("Net income", "net loss"),
            ("Operating income", "operating loss"),
            ("Income before income taxes", "loss before income taxes"),
            ("Loss from operations", "loss from operations"),
            ("Adjusted EBITDA", "loss"),
        ] {
            assert_eq!(loss_noun(label), noun, "{label}");
        }
    }

    #[test]
    fn cells_as_statements_print_them() {
        assert_eq!(Style::cell(d("-1082"), 0, None, "").unwrap(), "(1,082)");
        assert_eq!(Style::cell(d("-0.4"), 0, None, "").unwrap(), "\u{2014}");
        assert_eq!(Style::cell(d("40.06"), 1, None, "%").unwrap(), "40.1%");
        assert_eq!(Style::cell(d("3103"), 0, Some("$"), "").unwrap(), "$3,103");
        assert_eq!(Style::cell(Decimal::MAX, 2, None, ""), None);
    }
}
