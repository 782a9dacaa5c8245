//! Figures as finance people write them: parsing exactly from text, the one
//! rounding rule, and the one way numbers are shown.
//!
//! Every figure in a dataset is read from its text, never through a float, so
//! `0.07` stays `0.07` and `53.0` keeps its printed precision (the scale is
//! how the tie-out knows to what a computed value must be rounded).

use crate::scale::Scale;
use rust_decimal::{Decimal, RoundingStrategy};

/// A number read from its printed text, with the scale it was printed at and
/// any magnitude word written after it ("3.1 million").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parsed {
    /// The value as written, before any magnitude word is applied.
    pub value: Decimal,
    /// The magnitude word written after it (`million`), if any.
    pub magnitude: Option<Scale>,
}

/// Parses a figure as printed: `1,097`, `-818`, `(818)`, `$ (0.07)`, `40.1%`,
/// `--` (a dash printed for zero), `3.1 million`.
///
/// The error says what was expected, for a message that names file and line.
pub fn parse_figure(text: &str) -> Result<Parsed, String> {
    let expected = "expected a number such as 1,097, -818, (818), 0.07, 40.1% or -- for zero";
    let mut s = text.trim();
    if s.is_empty() {
        return Err(format!("empty figure; {expected}"));
    }
    let (rest, mut magnitude) = Scale::strip_suffix(s);
    s = rest;
    if is_dash(s) {
        return Ok(Parsed {
            value: Decimal::ZERO,
            magnitude,
        });
    }
    let mut negative = false;
    s = s.strip_prefix('$').unwrap_or(s).trim_start();
    // "(1.2)%", as tables print a negative percent.
    if s.starts_with('(') {
        s = s.strip_suffix('%').map_or(s, str::trim_end);
    }
    if let Some(inner) = s.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        negative = true;
        s = inner.trim();
        // "($25k)": the magnitude word inside the parentheses.
        if magnitude.is_none() {
            let (rest, m) = Scale::strip_suffix(s);
            s = rest;
            magnitude = m;
        }
    }
    s = s.strip_prefix('$').unwrap_or(s).trim_start();
    if let Some(rest) = s.strip_prefix('-').or_else(|| s.strip_prefix('\u{2212}')) {
        if negative {
            return Err(format!("`{text}` is negative twice; {expected}"));
        }
        negative = true;
        s = rest.trim_start();
    }
    s = s.strip_prefix('$').unwrap_or(s).trim_start();
    s = s.strip_suffix('%').unwrap_or(s).trim_end();
    let digits =
        strip_grouping(s).ok_or_else(|| format!("`{text}` is not a number; {expected}"))?;
    let mut value: Decimal = digits
        .parse()
        .map_err(|_| format!("`{text}` is not a number; {expected}"))?;
    // A figure with more digits than a Decimal holds would be rounded on
    // reading, and then "tie" at a precision it was never given.
    let places = digits.split_once('.').map_or(0, |(_, f)| f.len());
    if places > 28 || value.scale() as usize != places {
        return Err(format!(
            "`{text}` has more digits than brief holds exactly (28 significant digits, at most 28 decimals)"
        ));
    }
    if negative {
        value.set_sign_negative(true);
    }
    if value.is_zero() {
        value.set_sign_negative(false);
    }
    Ok(Parsed { value, magnitude })
}

fn is_dash(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| matches!(c, '-' | '\u{2013}' | '\u{2014}'))
}

/// Removes thousands separators, accepting them only where they belong
/// (`1,097` but not `1,09` or `10,97`), so a typo is not read as a figure.
fn strip_grouping(s: &str) -> Option<String> {
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    if int.is_empty() || !int.chars().all(|c| c.is_ascii_digit() || c == ',') {
        return None;
    }
    if int.contains(',') {
        let groups: Vec<&str> = int.split(',').collect();
        let first_ok = (1..=3).contains(&groups[0].len());
        if !first_ok || groups[1..].iter().any(|g| g.len() != 3) {
            return None;
        }
    }
    let mut out: String = int.chars().filter(|c| *c != ',').collect();
    if let Some(f) = frac {
        if f.is_empty() || !f.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        out.push('.');
        out.push_str(f);
    }
    Some(out)
}

/// Rounds half away from zero: what financial statements use, and the only
/// rounding this crate does. (`Decimal::round_dp` is banker's rounding.)
pub fn round(value: Decimal, dp: u32) -> Decimal {
    let mut r = value.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero);
    if r.is_zero() {
        // A loss of 0.004 rounds to 0.00, not to a "negative zero" shown as (0.00).
        r.set_sign_negative(false);
    }
    r.rescale(dp);
    r
}

/// Rounds half away from zero to `places` decimal places, or, with negative
/// `places`, to a multiple of ten to the `-places` (-3 rounds to the nearest
/// thousand). `None` when the rounded value does not fit in a Decimal.
pub fn round_places(value: Decimal, places: i32) -> Option<Decimal> {
    if places >= 0 {
        return Some(round(value, places.unsigned_abs().min(28)));
    }
    let exponent = places.unsigned_abs();
    if exponent > 28 {
        return None;
    }
    let step = Decimal::from_i128_with_scale(10_i128.pow(exponent), 0);
    round(value / step, 0).checked_mul(step).map(|mut r| {
        r.rescale(0);
        r
    })
}

/// How a negative number is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Negative {
    /// `(818)`, as in financial tables.
    Parentheses,
    /// `-818`.
    Minus,
}

/// Shows a value rounded to `dp` places with thousands separators: the one
/// place numbers are formatted.
pub fn format(value: Decimal, dp: u32, negative: Negative) -> String {
    let r = round(value, dp);
    let text = r.abs().to_string();
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (text.as_str(), None),
    };
    let mut grouped = group(int);
    if let Some(f) = frac {
        grouped.push('.');
        grouped.push_str(f);
    }
    match (r.is_sign_negative(), negative) {
        (false, _) => grouped,
        (true, Negative::Parentheses) => format!("({grouped})"),
        (true, Negative::Minus) => format!("-{grouped}"),
    }
}

/// The digits of a whole number with thousands separators: "3103" to
/// "3,103".
pub fn group(int: &str) -> String {
    let mut grouped = String::with_capacity(int.len() + int.len() / 3);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    grouped
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn more_digits_than_a_decimal_holds_are_refused_not_rounded() {
        let e = parse_figure("700.2000000000000000000000000000000000001").unwrap_err();
        assert!(e.contains("more digits than brief holds exactly"), "{e}");
        assert!(parse_figure("1234567890.1234567890123456789").is_ok());
        assert!(parse_figure("12345678901.1234567890123456789").is_err());
        assert!(parse_figure("0.1234567890123456789012345678").is_ok());
        assert_eq!(parse_figure("700.20").unwrap().value.scale(), 2);
    }

    #[test]
    fn parses_the_ways_figures_are_printed() {
        let cases = [
            ("1,097", "1097"),
            ("-818", "-818"),
            ("(818)", "-818"),
            ("$ (0.07)", "-0.07"),
            ("($  818)", "-818"),
            ("0.07", "0.07"),
            ("53.0", "53.0"),
            ("40.1%", "40.1"),
            ("(1.2)%", "-1.2"),
            ("(1.2%)", "-1.2"),
            ("--", "0"),
            ("\u{2212}12", "-12"),
            ("13,797,567", "13797567"),
            ("$87,404", "87404"),
        ];
        for (text, want) in cases {
            let got = parse_figure(text).unwrap();
            assert_eq!(got.value, d(want), "{text}");
            assert_eq!(got.value.scale(), d(want).scale(), "scale of {text}");
            assert_eq!(got.magnitude, None);
        }
    }

    #[test]
    fn keeps_magnitude_words() {
        let p = parse_figure("3.1 million").unwrap();
        assert_eq!((p.value, p.magnitude), (d("3.1"), Some(Scale::Millions)));
        let p = parse_figure("$818k").unwrap();
        assert_eq!((p.value, p.magnitude), (d("818"), Some(Scale::Thousands)));
        let p = parse_figure("($25k)").unwrap();
        assert_eq!((p.value, p.magnitude), (d("-25"), Some(Scale::Thousands)));
    }

    #[test]
    fn rejects_what_is_not_a_figure() {
        for text in [
            "",
            "abc",
            "1,09",
            "10,97",
            "1.2.3",
            "((1))",
            "-(5)",
            "1.",
            "12 apples",
            "m",
        ] {
            assert!(parse_figure(text).is_err(), "{text:?} should not parse");
        }
    }

    /// Half away from zero at every midpoint, negatives included.
    #[test]
    fn rounds_half_away_from_zero() {
        let cases = [
            ("0.5", 0, "1"),
            ("1.5", 0, "2"),
            ("2.5", 0, "3"),
            ("-0.5", 0, "-1"),
            ("-2.5", 0, "-3"),
            ("0.125", 2, "0.13"),
            ("-0.125", 2, "-0.13"),
            ("0.135", 2, "0.14"),
            ("49.65", 1, "49.7"),
            ("-0.0665", 2, "-0.07"),
            ("0.0449", 1, "0.0"),
            ("-0.004", 2, "0.00"),
            ("38.25", 1, "38.3"),
            ("7", 2, "7.00"),
        ];
        for (input, dp, want) in cases {
            let got = round(d(input), dp);
            assert_eq!(got.to_string(), want, "round({input}, {dp})");
        }
    }

    #[test]
    fn rounds_to_a_multiple_of_a_power_of_ten() {
        assert_eq!(round_places(d("122333.33"), -3), Some(d("122000")));
        assert_eq!(round_places(d("-122500"), -3), Some(d("-123000")));
        assert_eq!(round_places(d("412600000"), -6), Some(d("413000000")));
        assert_eq!(round_places(d("0.125"), 2), Some(d("0.13")));
        assert_eq!(round_places(Decimal::MAX, -28), None);
    }

    #[test]
    fn formats_with_separators_and_parentheses() {
        assert_eq!(format(d("-1082"), 0, Negative::Parentheses), "(1,082)");
        assert_eq!(format(d("13797567"), 0, Negative::Minus), "13,797,567");
        assert_eq!(format(d("-0.0665"), 2, Negative::Parentheses), "(0.07)");
        assert_eq!(format(d("-0.001"), 2, Negative::Parentheses), "0.00");
        assert_eq!(format(d("999.5"), 0, Negative::Minus), "1,000");
        assert_eq!(format(d("0"), 1, Negative::Minus), "0.0");
    }
}
