//! Words for figures, as a release writes them: "$3.1 million", "grew 20.9%",
//! "narrowed its net loss to $818,000 from $982,000", "improved to 40.1% from
//! 38.4%". Templates reach these through the filters of `render::filters`;
//! they live here, apart from tera, so each rule is tested on its own.

use crate::arith::{PctChange, pct_change};
use crate::number::{Negative, format, round};
use rust_decimal::Decimal;

/// An amount of money in the unit a reader expects: millions with one
/// decimal from a million up ("$3.1 million"), whole currency below
/// ("$818,000"). The sign is left to the sentence ("a loss of $367,000").
pub fn money(value: Decimal, symbol: &str) -> String {
    let abs = value.abs();
    let million = Decimal::from(1_000_000);
    let billion = Decimal::from(1_000_000_000);
    if abs >= billion {
        format!(
            "{symbol}{} billion",
            format(abs / billion, 1, Negative::Minus)
        )
    } else if abs >= million {
        format!(
            "{symbol}{} million",
            format(abs / million, 1, Negative::Minus)
        )
    } else {
        format!("{symbol}{}", format(abs, 0, Negative::Minus))
    }
}

/// Money rounded to a whole `step` (1,000 for "approximately $122,000")
/// before it is put into words.
pub fn money_rounded(value: Decimal, step: Decimal, symbol: &str) -> String {
    money(round(value / step, 0) * step, symbol)
}

/// A ratio as a percent with one decimal: 0.2088 is "20.9%".
pub fn percent(ratio: Decimal) -> String {
    percent_dp(ratio, 1)
}

/// A ratio as a percent with `dp` decimals: 0.7868 is "79%" with none.
pub fn percent_dp(ratio: Decimal, dp: u32) -> String {
    format!(
        "{}%",
        format(ratio * Decimal::ONE_HUNDRED, dp, Negative::Minus)
    )
}

/// A per-share amount: "$0.07" (the sentence says whether it is a loss).
pub fn per_share(value: Decimal, symbol: &str) -> String {
    format!("{symbol}{}", format(value.abs(), 2, Negative::Minus))
}

/// A table cell: thousands separators, negatives in parentheses, a dash for
/// zero (as statements print "--"), and the currency symbol when asked
/// (first and total rows of a statement).
pub fn cell(shown: Decimal, dp: u32, symbol: Option<&str>, suffix: &str) -> String {
    if round(shown, dp).is_zero() {
        return "\u{2014}".to_string();
    }
    let text = format(shown, dp, Negative::Parentheses);
    match symbol {
        Some(sym) => format!("{sym}{text}{suffix}"),
        None => format!("{text}{suffix}"),
    }
}

/// How a result that may be a loss moved (Adjusted EBITDA, operating
/// income): "improved 29.8% to a loss of $367,000 from a loss of $523,000",
/// "worsened ...", "remained relatively flat at ...". Across zero a percent
/// means nothing: "turned to a profit of ... from a loss of ...".
pub fn result(current: Decimal, base: Decimal, flat: Decimal, symbol: &str) -> String {
    let say = |v: Decimal| {
        if v.is_sign_negative() && !v.is_zero() {
            format!("a loss of {}", money(v, symbol))
        } else {
            money(v, symbol)
        }
    };
    match pct_change(current, base) {
        PctChange::Ratio(r) if r.abs() <= flat => {
            format!("remained relatively flat at {}", say(current))
        }
        PctChange::Ratio(r) => format!(
            "{} {} to {} from {}",
            if r.is_sign_positive() {
                "improved"
            } else {
                "worsened"
            },
            percent(r.abs()),
            say(current),
            say(base)
        ),
        PctChange::NotMeaningful => {
            let now = if current.is_sign_negative() && !current.is_zero() {
                say(current)
            } else {
                format!("a profit of {}", money(current, symbol))
            };
            let then = if base.is_sign_negative() && !base.is_zero() {
                say(base)
            } else {
                format!("a profit of {}", money(base, symbol))
            };
            format!("turned to {now} from {then}")
        }
    }
}

/// How an amount moved, in words: "grew 20.9%", "declined 4.2%", or
/// "remained relatively flat" when the change is within `flat` (a ratio,
/// 0.02 for 2%). A change across zero is not a percent: "turned from ... to".
pub fn change(current: Decimal, base: Decimal, flat: Decimal, symbol: &str) -> String {
    match pct_change(current, base) {
        PctChange::Ratio(r) if r.abs() <= flat => "remained relatively flat".to_string(),
        PctChange::Ratio(r) if r.is_sign_positive() => format!("grew {}", percent(r)),
        PctChange::Ratio(r) => format!("declined {}", percent(r.abs())),
        PctChange::NotMeaningful if base.is_zero() && current.is_zero() => {
            "remained at nil".to_string()
        }
        // From nothing, a percent means nothing either: say where it went.
        PctChange::NotMeaningful if base.is_zero() => {
            let dir = if current.is_sign_negative() {
                "fell"
            } else {
                "grew"
            };
            format!("{dir} to {} from nil", signed_money(current, symbol))
        }
        PctChange::NotMeaningful => format!(
            "turned from {} {} to {} {}",
            sign_word(base),
            money(base, symbol),
            sign_word(current),
            money(current, symbol)
        ),
    }
}

fn signed_money(v: Decimal, symbol: &str) -> String {
    if v.is_sign_negative() && !v.is_zero() {
        format!("-{}", money(v, symbol))
    } else {
        money(v, symbol)
    }
}

fn sign_word(v: Decimal) -> &'static str {
    if v.is_sign_negative() && !v.is_zero() {
        "a loss of"
    } else {
        "a profit of"
    }
}

/// How a loss moved: "narrowed its net loss to $818,000 from $982,000",
/// "widened ...", or, when a loss turned into a profit, "reported a profit
/// of ... compared with a net loss of ..." (never a percent). With per-share
/// amounts, each amount is followed by ", or $0.07 per diluted share,".
pub fn loss(
    current: Decimal,
    base: Decimal,
    what: &str,
    symbol: &str,
    per_share: Option<(Decimal, Decimal, &str)>,
) -> String {
    let (mut now, mut then) = (money(current, symbol), money(base, symbol));
    if let Some((eps_now, eps_then, per)) = per_share {
        now = format!("{now}, or {} per {per},", self::per_share(eps_now, symbol));
        then = format!("{then}, or {} per {per}", self::per_share(eps_then, symbol));
    }
    let now_end = now.trim_end_matches(',');
    match (current.is_sign_negative(), base.is_sign_negative()) {
        (true, true) if current.abs() < base.abs() => {
            format!("narrowed its {what} to {now} from {then}")
        }
        (true, true) if current.abs() > base.abs() => {
            format!("widened its {what} to {now} from {then}")
        }
        (true, true) => format!("reported an unchanged {what} of {now_end}"),
        (false, true) => format!("reported a profit of {now} compared with a {what} of {then}"),
        (true, false) => format!("reported a {what} of {now} compared with a profit of {then}"),
        (false, false) => format!("reported a profit of {now} compared with {then}"),
    }
}

/// How a margin moved: "improved to 40.1% from 38.4%", "declined to ...",
/// "was unchanged at ..." (compared at the shown precision).
pub fn margin(current: Decimal, base: Decimal) -> String {
    let (now, then) = (percent(current), percent(base));
    let shown = |r: Decimal| round(r * Decimal::ONE_HUNDRED, 1);
    match shown(current).cmp(&shown(base)) {
        std::cmp::Ordering::Greater => format!("improved to {now} from {then}"),
        std::cmp::Ordering::Less => format!("declined to {now} from {then}"),
        std::cmp::Ordering::Equal => format!("was unchanged at {now}"),
    }
}

/// The change between two ratios in basis points, rounded: 0.4006 against
/// 0.3839 is "167 basis points". The sentence says which way.
pub fn basis_points(current: Decimal, base: Decimal) -> String {
    let bp = round((current - base) * Decimal::from(10_000), 0);
    format!("{} basis points", format(bp.abs(), 0, Negative::Minus))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn money_in_the_unit_a_reader_expects() {
        assert_eq!(money(d("3103000"), "$"), "$3.1 million");
        assert_eq!(money(d("818000"), "$"), "$818,000");
        assert_eq!(money(d("-367000"), "$"), "$367,000");
        assert_eq!(money(d("999950"), "$"), "$999,950");
        assert_eq!(money(d("1000000"), "$"), "$1.0 million");
        assert_eq!(money(d("2500000000"), "$"), "$2.5 billion");
        assert_eq!(money(d("0"), "$"), "$0");
    }

    #[test]
    fn changes_in_words() {
        let flat = d("0.02");
        assert_eq!(change(d("2356"), d("1949"), flat, "$"), "grew 20.9%");
        assert_eq!(
            change(d("3103"), d("3050"), flat, "$"),
            "remained relatively flat"
        );
        assert_eq!(change(d("958"), d("1000"), flat, "$"), "declined 4.2%");
        assert_eq!(change(d("0"), d("0"), flat, "$"), "remained at nil");
        assert_eq!(
            change(d("250000"), d("0"), flat, "$"),
            "grew to $250,000 from nil"
        );
        assert_eq!(
            change(d("50000"), d("-20000"), flat, "$"),
            "turned from a loss of $20,000 to a profit of $50,000"
        );
    }

    #[test]
    fn losses_narrow_and_widen() {
        assert_eq!(
            loss(d("-818000"), d("-982000"), "net loss", "$", None),
            "narrowed its net loss to $818,000 from $982,000"
        );
        assert_eq!(
            loss(d("-982000"), d("-818000"), "net loss", "$", None),
            "widened its net loss to $982,000 from $818,000"
        );
        assert_eq!(
            loss(d("120000"), d("-818000"), "net loss", "$", None),
            "reported a profit of $120,000 compared with a net loss of $818,000"
        );
    }

    #[test]
    fn margins_move_at_the_shown_precision() {
        assert_eq!(
            margin(d("0.40058"), d("0.38393")),
            "improved to 40.1% from 38.4%"
        );
        assert_eq!(
            margin(d("0.38393"), d("0.40058")),
            "declined to 38.4% from 40.1%"
        );
        assert_eq!(margin(d("0.40051"), d("0.40060")), "was unchanged at 40.1%");
        assert_eq!(basis_points(d("0.40058"), d("0.38393")), "167 basis points");
    }
}
