//! The sign conventions of changes and ratios, in one place.

use rust_decimal::Decimal;
use serde::Serialize;

/// A percent change, or the reason it is not meaningful.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "ratio")]
pub enum PctChange {
    /// The change as a ratio of the base's magnitude (0.298 is +29.8%).
    Ratio(Decimal),
    /// "n/m": the base is zero or the sign flipped (a loss turned to profit),
    /// where a percent would mislead.
    NotMeaningful,
}

/// Percent change from `base` to `current`, measured against the base's
/// magnitude so that a smaller loss is an improvement: a loss of 367 against
/// a loss of 523 is +29.8%.
pub fn pct_change(current: Decimal, base: Decimal) -> PctChange {
    if base.is_zero()
        || (base.is_sign_negative() && current > Decimal::ZERO)
        || (base > Decimal::ZERO && current.is_sign_negative() && !current.is_zero())
    {
        return PctChange::NotMeaningful;
    }
    PctChange::Ratio((current - base) / base.abs())
}

/// `part / whole`, or `None` when the whole is zero.
pub fn ratio(part: Decimal, whole: Decimal) -> Option<Decimal> {
    (!whole.is_zero()).then(|| part / whole)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn a_smaller_loss_is_an_improvement() {
        let PctChange::Ratio(r) = pct_change(d("-367"), d("-523")) else {
            panic!()
        };
        assert_eq!(crate::number::round(r * d("100"), 1), d("29.8"));
        let PctChange::Ratio(r) = pct_change(d("-604"), d("-523")) else {
            panic!()
        };
        assert!(r.is_sign_negative());
    }

    #[test]
    fn zero_base_and_sign_flips_are_not_meaningful() {
        assert_eq!(pct_change(d("5"), d("0")), PctChange::NotMeaningful);
        assert_eq!(pct_change(d("5"), d("-3")), PctChange::NotMeaningful);
        assert_eq!(pct_change(d("-5"), d("3")), PctChange::NotMeaningful);
        assert_eq!(pct_change(d("0"), d("4")), PctChange::Ratio(d("-1")));
        assert_eq!(pct_change(d("0"), d("-4")), PctChange::Ratio(d("1")));
    }
}
