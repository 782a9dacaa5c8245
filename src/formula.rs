//! Formulas over line items (`revenue - cost_of_services`,
//! `yoy_pct(adjusted_ebitda)`), parsed once and evaluated exactly in Decimal.
//!
//! Evaluation is generic over where values come from ([`Values`]), so the
//! same formula is evaluated over the brief's figures and over the figures
//! as a particular table printed them.

use crate::arith::{PctChange, pct_change, ratio};
use crate::calendar::Period;
use rust_decimal::Decimal;
use std::fmt;

/// A parsed formula.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A literal number, such as the 3 in `adjusted_ebitda / 3`.
    Number(Decimal),
    /// A line item or measure, by id.
    Ref(String),
    /// `-x`.
    Neg(Box<Expr>),
    /// `a + b`, `a - b`, `a * b`, `a / b`.
    Binary(Op, Box<Expr>, Box<Expr>),
    /// A function of the calendar: `yoy_pct(x)` and friends.
    Call(Func, Box<Expr>),
}

/// An arithmetic operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// Addition.
    Add,
    /// Subtraction.
    Sub,
    /// Multiplication.
    Mul,
    /// Division; dividing by zero makes the value unavailable, not an error.
    Div,
}

/// Functions that look at other periods.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Func {
    /// The value a year earlier.
    YearAgo,
    /// The value a quarter earlier.
    PriorQuarter,
    /// Percent change (as a ratio) against a year earlier.
    YoyPct,
    /// Percent change (as a ratio) against the prior quarter.
    QoqPct,
    /// Absolute change against a year earlier.
    YoyChange,
    /// Absolute change against the prior quarter.
    QoqChange,
    /// A balance where the period opens: at the prior quarter end for a
    /// quarter, at the prior fiscal year end for a year to date or a year
    /// (the beginning cash of a cash-flow statement).
    Opening,
    /// The size of a figure: `x / abs(year_ago(x)) - 1` is a change against
    /// the size of its base, as some releases compute one across zero.
    Abs,
}

impl Func {
    const ALL: [(&'static str, Func); 8] = [
        ("year_ago", Func::YearAgo),
        ("prior_quarter", Func::PriorQuarter),
        ("yoy_pct", Func::YoyPct),
        ("qoq_pct", Func::QoqPct),
        ("yoy_change", Func::YoyChange),
        ("qoq_change", Func::QoqChange),
        ("opening", Func::Opening),
        ("abs", Func::Abs),
    ];

    /// The names formulas may call, for error hints.
    pub fn names() -> impl Iterator<Item = &'static str> {
        Func::ALL.iter().map(|(n, _)| *n)
    }

    /// The period the function reads, or why there is none: a year to date
    /// has no prior quarter to compare with.
    fn shift(self, p: Period) -> Result<Period, Gap> {
        match self {
            Func::YearAgo | Func::YoyPct | Func::YoyChange => Ok(p.year_ago()),
            Func::PriorQuarter | Func::QoqPct | Func::QoqChange if !p.is_quarter() => {
                Err(Gap::NoPriorQuarter(p))
            }
            Func::PriorQuarter | Func::QoqPct | Func::QoqChange => Ok(p.prior()),
            Func::Opening => Ok(p.opening()),
            Func::Abs => Ok(p),
        }
    }
}

/// A formula that could not be read: what went wrong and at which character.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// Byte offset into the formula text.
    pub offset: usize,
    /// What was expected there.
    pub message: String,
}

/// Why a formula has no value in a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Gap {
    /// An item has no figure for a period.
    Missing(String, Period),
    /// A division by zero, or a percent change across zero or a sign flip.
    NotMeaningful,
    /// A result beyond the largest figure a Decimal holds (about 7.9 x
    /// 10^28): an input error, never a panic.
    Overflow,
    /// A quarter-on-quarter function asked of a period longer than a quarter.
    NoPriorQuarter(Period),
}

impl fmt::Display for Gap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Gap::Missing(id, p) => write!(f, "`{id}` has no figure for {p}"),
            Gap::NotMeaningful => f.write_str("not meaningful (division by zero or a sign change)"),
            Gap::Overflow => f.write_str(
                "too large: the result exceeds the largest figure brief holds (about 7.9 x 10^28)",
            ),
            Gap::NoPriorQuarter(p) => write!(
                f,
                "{p} is not a quarter, so it has no prior quarter to compare with (prior_quarter, qoq_pct and qoq_change compare quarters)"
            ),
        }
    }
}

/// Where a formula's references get their values.
pub trait Values {
    /// The value of item or measure `id` in `period`, in base units.
    fn value(&self, id: &str, period: Period) -> Result<Decimal, Gap>;
}

impl Expr {
    /// Parses a formula. A formula longer than [`MAX_LEN`] characters or
    /// nested deeper than [`MAX_DEPTH`] is refused, so that evaluating it
    /// (which recurses) can never run out of stack.
    pub fn parse(text: &str) -> Result<Expr, SyntaxError> {
        if text.chars().count() > MAX_LEN {
            return Err(SyntaxError {
                offset: 0,
                message: format!(
                    "the formula is longer than {MAX_LEN} characters; split it into measures"
                ),
            });
        }
        let mut p = Parser {
            text,
            pos: 0,
            depth: 0,
        };
        let e = p.expr()?;
        p.skip_ws();
        if p.pos < text.len() {
            return Err(p.error("expected an operator (+ - * /) or the end of the formula"));
        }
        Ok(e)
    }

    /// Every item or measure the formula names, with its offset-free name, in order.
    pub fn references(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.walk_refs(&mut out);
        out
    }

    fn walk_refs<'a>(&'a self, out: &mut Vec<&'a str>) {
        match self {
            Expr::Number(_) => {}
            Expr::Ref(id) => out.push(id),
            Expr::Neg(e) | Expr::Call(_, e) => e.walk_refs(out),
            Expr::Binary(_, a, b) => {
                a.walk_refs(out);
                b.walk_refs(out);
            }
        }
    }

    /// Evaluates the formula for `period`.
    pub fn eval(&self, values: &dyn Values, period: Period) -> Result<Decimal, Gap> {
        Ok(match self {
            Expr::Number(n) => *n,
            Expr::Ref(id) => values.value(id, period)?,
            Expr::Neg(e) => -e.eval(values, period)?,
            Expr::Binary(op, a, b) => {
                let (a, b) = (a.eval(values, period)?, b.eval(values, period)?);
                match op {
                    Op::Add => a.checked_add(b).ok_or(Gap::Overflow)?,
                    Op::Sub => a.checked_sub(b).ok_or(Gap::Overflow)?,
                    Op::Mul => a.checked_mul(b).ok_or(Gap::Overflow)?,
                    Op::Div if b.is_zero() => return Err(Gap::NotMeaningful),
                    Op::Div => ratio(a, b).ok_or(Gap::Overflow)?,
                }
            }
            Expr::Call(func, e) => {
                let shifted = e.eval(values, func.shift(period)?)?;
                match func {
                    Func::YearAgo | Func::PriorQuarter | Func::Opening => shifted,
                    Func::Abs => shifted.abs(),
                    Func::YoyChange | Func::QoqChange => e
                        .eval(values, period)?
                        .checked_sub(shifted)
                        .ok_or(Gap::Overflow)?,
                    Func::YoyPct | Func::QoqPct => {
                        match pct_change(e.eval(values, period)?, shifted) {
                            PctChange::Ratio(r) => r,
                            PctChange::NotMeaningful => return Err(Gap::NotMeaningful),
                        }
                    }
                }
            }
        })
    }
}

impl Expr {
    fn precedence(&self) -> u8 {
        match self {
            Expr::Binary(Op::Add | Op::Sub, ..) => 1,
            Expr::Binary(Op::Mul | Op::Div, ..) => 2,
            Expr::Neg(_) => 3,
            Expr::Number(_) | Expr::Ref(_) | Expr::Call(..) => 4,
        }
    }
}

/// Writes the formula with only the parentheses it needs.
impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let wrap = |f: &mut fmt::Formatter<'_>, e: &Expr, parens: bool| {
            if parens {
                write!(f, "({e})")
            } else {
                write!(f, "{e}")
            }
        };
        match self {
            Expr::Number(n) => write!(f, "{n}"),
            Expr::Ref(id) => f.write_str(id),
            Expr::Neg(e) => {
                f.write_str("-")?;
                wrap(f, e, e.precedence() < 3)
            }
            Expr::Binary(op, a, b) => {
                let p = self.precedence();
                let sym = match op {
                    Op::Add => "+",
                    Op::Sub => "-",
                    Op::Mul => "*",
                    Op::Div => "/",
                };
                wrap(f, a, a.precedence() < p)?;
                write!(f, " {sym} ")?;
                // a - (b + c) and a / (b * c) keep their parentheses.
                let right_parens =
                    b.precedence() < p || (b.precedence() == p && matches!(op, Op::Sub | Op::Div));
                wrap(f, b, right_parens)
            }
            Expr::Call(func, e) => {
                let name = Func::ALL
                    .iter()
                    .find(|(_, g)| g == func)
                    .map_or("?", |(n, _)| *n);
                write!(f, "{name}({e})")
            }
        }
    }
}

/// The longest formula, in characters: a sum of several hundred terms.
pub const MAX_LEN: usize = 4096;

/// How deep parentheses and signs may nest.
pub const MAX_DEPTH: usize = 64;

struct Parser<'a> {
    text: &'a str,
    pos: usize,
    depth: usize,
}

impl Parser<'_> {
    fn error(&self, message: &str) -> SyntaxError {
        SyntaxError {
            offset: self.pos,
            message: message.to_string(),
        }
    }

    fn skip_ws(&mut self) {
        // Any Unicode space (a non-breaking space pasted from a spreadsheet
        // is two bytes), stepping over whole characters.
        while let Some(c) = self.peek().filter(|c| c.is_whitespace()) {
            self.pos += c.len_utf8();
        }
    }

    fn peek(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }

    fn eat(&mut self, c: char) -> bool {
        self.skip_ws();
        if self.peek() == Some(c) {
            self.pos += c.len_utf8();
            true
        } else {
            false
        }
    }

    fn expr(&mut self) -> Result<Expr, SyntaxError> {
        let mut left = self.term()?;
        loop {
            let op = if self.eat('+') {
                Op::Add
            } else if self.eat('-') {
                Op::Sub
            } else {
                return Ok(left);
            };
            left = Expr::Binary(op, Box::new(left), Box::new(self.term()?));
        }
    }

    fn term(&mut self) -> Result<Expr, SyntaxError> {
        let mut left = self.unary()?;
        loop {
            let op = if self.eat('*') {
                Op::Mul
            } else if self.eat('/') {
                Op::Div
            } else {
                return Ok(left);
            };
            left = Expr::Binary(op, Box::new(left), Box::new(self.unary()?));
        }
    }

    fn unary(&mut self) -> Result<Expr, SyntaxError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error(&format!(
                "parentheses and signs nest more than {MAX_DEPTH} deep; split the formula into measures"
            )));
        }
        let e = if self.eat('-') {
            Expr::Neg(Box::new(self.unary()?))
        } else {
            self.primary()?
        };
        self.depth -= 1;
        Ok(e)
    }

    fn primary(&mut self) -> Result<Expr, SyntaxError> {
        self.skip_ws();
        if self.eat('(') {
            let e = self.expr()?;
            if !self.eat(')') {
                return Err(self.error("expected `)`"));
            }
            return Ok(e);
        }
        let start = self.pos;
        match self.peek() {
            Some(c) if c.is_ascii_digit() => {
                while self.peek().is_some_and(|c| c.is_ascii_digit() || c == '.') {
                    self.pos += 1;
                }
                let text = &self.text[start..self.pos];
                text.parse().map(Expr::Number).map_err(|_| SyntaxError {
                    offset: start,
                    message: format!("`{text}` is not a number"),
                })
            }
            Some(c) if c.is_ascii_alphabetic() || c == '_' => {
                while self
                    .peek()
                    .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
                {
                    self.pos += 1;
                }
                let name = &self.text[start..self.pos];
                self.skip_ws();
                if self.peek() != Some('(') {
                    return Ok(Expr::Ref(name.to_string()));
                }
                let Some(func) = Func::ALL.iter().find(|(n, _)| *n == name).map(|(_, f)| *f) else {
                    let hint =
                        crate::error::did_you_mean(name, Func::names()).unwrap_or_else(|| {
                            format!(
                                "; functions are {}",
                                Func::names().collect::<Vec<_>>().join(", ")
                            )
                        });
                    return Err(SyntaxError {
                        offset: start,
                        message: format!("unknown function `{name}`{hint}"),
                    });
                };
                self.eat('(');
                let arg = self.expr()?;
                if !self.eat(')') {
                    return Err(self.error("expected `)` after the function's argument"));
                }
                Ok(Expr::Call(func, Box::new(arg)))
            }
            _ => Err(self.error("expected an item id, a number, `-` or `(`")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    use std::str::FromStr;

    struct Map(HashMap<(&'static str, Period), Decimal>);

    impl Values for Map {
        fn value(&self, id: &str, period: Period) -> Result<Decimal, Gap> {
            self.0
                .iter()
                .find(|((k, p), _)| *k == id && *p == period)
                .map(|(_, v)| *v)
                .ok_or_else(|| Gap::Missing(id.to_string(), period))
        }
    }

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn parses_precedence_and_functions() {
        let e = Expr::parse("revenue - cost_of_services * 2 / (a + -b)").unwrap();
        assert_eq!(e.to_string(), "revenue - cost_of_services * 2 / (a + -b)");
        assert_eq!(
            Expr::parse("a - (b - c)").unwrap().to_string(),
            "a - (b - c)"
        );
        assert_eq!(Expr::parse("(a - b) - c").unwrap().to_string(), "a - b - c");
        assert_eq!(Expr::parse("-(a + b)").unwrap().to_string(), "-(a + b)");
        assert_eq!(
            Expr::parse(" yoy_pct( x ) ").unwrap().to_string(),
            "yoy_pct(x)"
        );
        assert_eq!(e.references(), ["revenue", "cost_of_services", "a", "b"]);
    }

    /// Regression: a non-breaking space (two bytes in UTF-8) was stepped
    /// over one byte at a time, and the next slice panicked.
    #[test]
    fn any_unicode_space_separates_tokens() {
        for space in ['\u{a0}', '\u{2009}', '\u{3000}', '\u{202f}', '\t'] {
            let text = format!("revenue{space}-{space}cost");
            assert_eq!(
                Expr::parse(&text).unwrap().to_string(),
                "revenue - cost",
                "{space:?}"
            );
        }
        let e = Expr::parse("revenue \u{200b}- cost").unwrap_err();
        assert_eq!(e.offset, 8, "a zero-width space is not a space");
    }

    #[test]
    fn deep_or_long_formulas_are_refused_not_overflowed() {
        let deep = format!("{}a{}", "(".repeat(15_000), ")".repeat(15_000));
        assert!(
            Expr::parse(&deep)
                .unwrap_err()
                .message
                .contains("longer than")
        );
        let deep = format!("{}a{}", "(".repeat(65), ")".repeat(65));
        assert!(
            Expr::parse(&deep)
                .unwrap_err()
                .message
                .contains("nest more than 64")
        );
        assert!(Expr::parse(&format!("{}a", "-".repeat(70))).is_err());
        let ok = format!("{}a{}", "(".repeat(60), ")".repeat(60));
        assert!(Expr::parse(&ok).is_ok());
        let long = vec!["a"; 2000].join("+");
        assert!(Expr::parse(&long).is_ok());
    }

    #[test]
    fn syntax_errors_point_at_the_character() {
        let e = Expr::parse("revenue - ").unwrap_err();
        assert_eq!(e.offset, 10);
        let e = Expr::parse("revenue cost").unwrap_err();
        assert_eq!(e.offset, 8);
        let e = Expr::parse("yoy_pc(revenue)").unwrap_err();
        assert!(
            e.message.contains("did you mean `yoy_pct`"),
            "{}",
            e.message
        );
        assert!(Expr::parse("(a + b").is_err());
    }

    #[test]
    fn evaluates_across_periods() {
        let q1: Period = "FY2004-Q1".parse().unwrap();
        let values = Map(HashMap::from([
            (("e", q1), d("-367")),
            (("e", q1.year_ago()), d("-523")),
            (("e", q1.prior()), d("-604")),
        ]));
        let yoy = Expr::parse("yoy_pct(e)")
            .unwrap()
            .eval(&values, q1)
            .unwrap();
        assert_eq!(crate::number::round(yoy * d("100"), 1), d("29.8"));
        let qoq = Expr::parse("qoq_pct(e)")
            .unwrap()
            .eval(&values, q1)
            .unwrap();
        assert_eq!(crate::number::round(qoq * d("100"), 1), d("39.2"));
        assert_eq!(
            Expr::parse("yoy_change(e)")
                .unwrap()
                .eval(&values, q1)
                .unwrap(),
            d("156")
        );
        assert_eq!(
            Expr::parse("e / 0").unwrap().eval(&values, q1),
            Err(Gap::NotMeaningful)
        );
        assert_eq!(
            Expr::parse("x + e").unwrap().eval(&values, q1),
            Err(Gap::Missing("x".into(), q1))
        );
        // A change against the size of its base, across zero: (-367 - -523) / 523.
        let against_size = Expr::parse("e / abs(year_ago(e)) - year_ago(e) / abs(year_ago(e))")
            .unwrap()
            .eval(&values, q1)
            .unwrap();
        assert_eq!(crate::number::round(against_size * d("100"), 1), d("29.8"));
        assert_eq!(
            Expr::parse("abs(e)").unwrap().eval(&values, q1).unwrap(),
            d("367")
        );
        // Two figures near the largest a Decimal holds: an overflow, not a panic.
        let big = Map(HashMap::from([(("b", q1), Decimal::MAX)]));
        assert_eq!(
            Expr::parse("b + b").unwrap().eval(&big, q1),
            Err(Gap::Overflow)
        );
        assert_eq!(
            Expr::parse("b - -b").unwrap().eval(&big, q1),
            Err(Gap::Overflow)
        );
        assert_eq!(
            Expr::parse("b / 0.5").unwrap().eval(&big, q1),
            Err(Gap::Overflow)
        );
    }
}
