//! Changes in words. Every form states only what the two figures and their
//! change (from `compute`) say, worded by the figure's nature; a form that
//! would mislead is refused with the filter or nature that can say it.
//!
//! Which form a sentence takes (a percent, "nil", "turned to ...") is
//! decided on the exact figures: a figure that is not zero but rounds to
//! zero at the precision asked is refused, never worded as "nil" or "broke
//! even".

use super::{Refusal, Spec, Stated, Style, Subject};
use crate::arith::{PctChange, crosses_zero};
use crate::compute::Change;
use crate::model::{Better, Nature, Unit};
use crate::number::{Negative, format, round};
use rust_decimal::Decimal;

/// A direction a template asserts: a sentence that says "reduced" asks for `Down`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Up.
    Up,
    /// Down.
    Down,
}

impl Direction {
    fn name(self) -> &'static str {
        match self {
            Direction::Up => "up",
            Direction::Down => "down",
        }
    }
}

/// How a change of a percent is stated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    /// "1.3 percentage points".
    Points,
    /// "130 basis points".
    BasisPoints,
}

/// What a change filter was asked for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ChangeSpec {
    /// Decimal places of the percent.
    pub pct_dp: u32,
    /// Whether to say where it went: "grew 20.9% to $2.4 million".
    pub to: bool,
    /// How the amounts are stated.
    pub amount: Spec,
}

/// A percent change as stated: its size rounded to `dp`, and its text.
struct Pct {
    shown: Decimal,
    up: bool,
    text: String,
}

fn pct(r: Decimal, dp: u32) -> Result<Pct, Refusal> {
    let hundredfold = r
        .abs()
        .checked_mul(Decimal::ONE_HUNDRED)
        .ok_or_else(|| Refusal("the percent change is too large to state".into()))?;
    let shown = round(hundredfold, dp);
    Ok(Pct {
        shown,
        up: r > Decimal::ZERO,
        text: format!("{}%", format(shown, dp, Negative::Minus)),
    })
}

/// Whether a figure stated by its size (a loss, a cost, cash used) is on
/// the other side of zero from what its nature says: income rather than a
/// loss, a benefit rather than a cost, cash provided rather than used.
fn wrong_side(s: &Subject, st: &Stated) -> bool {
    s.nature.by_size() && !st.is_zero() && st.negative() != s.usual_negative
}

impl Style {
    fn flat(&self, p: &Pct) -> bool {
        p.shown <= self.flat_within * Decimal::ONE_HUNDRED
    }

    fn pair(&self, s: &Subject, c: &Change, spec: &Spec) -> Result<(Stated, Stated), Refusal> {
        Ok((
            self.state_as(s.unit, c.current.value, spec)?,
            self.state_as(s.unit, c.base.value, spec)?,
        ))
    }

    /// The two figures as stated, refusing a figure that is not zero but
    /// states as zero: its sentence would say "nil", "broke even" or
    /// "turned" on the strength of a rounding.
    fn exact_pair(
        &self,
        s: &Subject,
        c: &Change,
        spec: &Spec,
    ) -> Result<(Stated, Stated), Refusal> {
        let (now, then) = self.pair(s, c, spec)?;
        for (st, exact) in [(&now, c.current.value), (&then, c.base.value)] {
            if st.is_zero() && !exact.is_zero() {
                return Err(Refusal(format!(
                    "a figure of {} states as {} at this precision, and the sentence would read as if it were zero; state it more precisely (a smaller `scale` or more decimal places)",
                    if exact < Decimal::ZERO {
                        "below zero"
                    } else {
                        "above zero"
                    },
                    st.size
                )));
            }
        }
        Ok((now, then))
    }

    /// How a figure moved, in neutral words: "grew 20.9%", "declined 4.2%",
    /// "remained relatively flat" (its percent, as stated, within the flat
    /// threshold); for a loss, a cost or cash used, its size "increased" or
    /// "decreased". With `to`, where it went: "grew 20.9% to $2.4 million".
    /// Forms without a percent name both figures: "grew to $250,000 from
    /// nil", "turned to a profit of $50,000 from a loss of $20,000".
    pub fn change(&self, s: &Subject, c: &Change, spec: &ChangeSpec) -> Result<String, Refusal> {
        not_a_percent(s)?;
        let (now, then) = self.exact_pair(s, c, &spec.amount)?;
        let size = s.nature.by_size();
        let (grew, declined) = if size {
            ("increased", "decreased")
        } else {
            ("grew", "declined")
        };
        if let Some(words) = self.across_zero(s, &now, &then, grew, declined)? {
            return Ok(words);
        }
        if !size && now.negative() && then.negative() {
            return Err(Refusal(
                "the figure is negative in both periods, where \"grew\" or \"declined\" would mislead; use `result_change` (improved or worsened) or `loss_change`, or declare its nature (`loss`, `cost` or `cash_used`) so that its size is worded".into(),
            ));
        }
        let PctChange::Ratio(r) = c.percent_for(s.nature) else {
            return Err(Refusal("no percent change between these figures".into()));
        };
        let p = pct(r, spec.pct_dp)?;
        let (words, prep) = if self.flat(&p) {
            ("remained relatively flat".to_string(), "at")
        } else if p.up {
            (format!("{grew} {}", p.text), "to")
        } else {
            (format!("{declined} {}", p.text), "to")
        };
        Ok(if spec.to {
            format!("{words} {prep} {}", now.size)
        } else {
            words
        })
    }

    /// The forms of [`Style::change`] with no percent: a zero on either side,
    /// or figures on both sides of zero (or on the other side from their
    /// nature). `None` when a percent applies.
    fn across_zero(
        &self,
        s: &Subject,
        now: &Stated,
        then: &Stated,
        grew: &str,
        declined: &str,
    ) -> Result<Option<String>, Refusal> {
        if now.is_zero() && then.is_zero() {
            return Ok(Some(format!("remained at {}", nil(s, now))));
        }
        if wrong_side(s, now) || wrong_side(s, then) || crosses(now, then) {
            return self.turned(s, now, then).map(Some);
        }
        if then.is_zero() || now.is_zero() {
            let verb = if s.nature.by_size() {
                if then.is_zero() { grew } else { declined }
            } else {
                match (then.is_zero(), now.negative(), then.negative()) {
                    (true, false, _) => grew,
                    (true, true, _) => "fell",
                    (false, _, false) => declined,
                    (false, _, true) => "rose",
                }
            };
            return Ok(Some(format!(
                "{verb} to {} from {}",
                self.side(s, now),
                self.side(s, then)
            )));
        }
        Ok(None)
    }

    /// "turned to a profit of $50,000 from a loss of $20,000": the two
    /// figures on either side of zero, each worded by the figure's nature.
    fn turned(&self, s: &Subject, now: &Stated, then: &Stated) -> Result<String, Refusal> {
        if wrong_side(s, now) && wrong_side(s, then) {
            return Err(Refusal(format!(
                "the figure is {} in both periods ({} and {}); declare its nature `amount` or `profit` to word it by value, or its `sign` if it is printed the other way",
                other_side(s),
                now.size,
                then.size
            )));
        }
        Ok(format!(
            "turned to {} from {}",
            self.contrast(s, now),
            self.contrast(s, then)
        ))
    }

    /// A figure in a phrase that contrasts it with another: "nil", "$5.0
    /// million", "negative $25,000", "a loss of $20,000", "a profit of
    /// $50,000", "income of $12,000", "an expense of $3.2 million", "a
    /// benefit of $1.0 million", "$1.6 million used", "$0.3 million provided".
    fn contrast(&self, s: &Subject, st: &Stated) -> String {
        if st.is_zero() {
            return nil(s, st);
        }
        let usual = !wrong_side(s, st);
        match (s.nature, st.negative(), usual) {
            (Nature::Amount, true, _) => format!("negative {}", st.size),
            (Nature::Amount, false, _) => st.size.clone(),
            (Nature::Profit, true, _) => format!("a loss of {}", st.size),
            (Nature::Profit, false, _) => format!("a profit of {}", st.size),
            (Nature::Loss, _, true) => format!("a loss of {}", st.size),
            (Nature::Loss, _, false) => format!("income of {}", st.size),
            (Nature::Cost, _, true) => format!("an expense of {}", st.size),
            (Nature::Cost, _, false) => format!("a benefit of {}", st.size),
            (Nature::CashUsed, _, true) => format!("{} used", st.size),
            (Nature::CashUsed, _, false) => format!("{} provided", st.size),
        }
    }

    /// A figure on its usual side of zero: its size, "negative ..." for a
    /// negative amount, "a loss of ..." for a profit that is a loss, "nil".
    fn side(&self, s: &Subject, st: &Stated) -> String {
        if st.is_zero() {
            return nil(s, st);
        }
        match (s.nature, st.negative()) {
            (Nature::Amount, true) => format!("negative {}", st.size),
            (Nature::Profit, true) => format!("a loss of {}", st.size),
            _ => st.size.clone(),
        }
    }

    /// How a result moved, in words that judge it: "improved 29.8% to a
    /// loss of $367,000 from a loss of $523,000", "worsened ...", "remained
    /// relatively flat at ...". Better is up, or down for the size of a
    /// loss, a cost or cash used (or as the figure declares). Across zero:
    /// "turned to a profit of ... from a loss of ...", "improved to $67,000
    /// from negative $25,000".
    pub fn result(&self, s: &Subject, c: &Change, spec: &ChangeSpec) -> Result<String, Refusal> {
        not_a_percent(s)?;
        let (now, then) = self.exact_pair(s, c, &spec.amount)?;
        let judged = |up: bool| match (up, s.better) {
            (true, Better::Higher) | (false, Better::Lower) => "improved",
            _ => "worsened",
        };
        if now.is_zero() && then.is_zero() {
            return Ok(format!("remained at {}", nil(s, &now)));
        }
        if crosses(&now, &then) || wrong_side(s, &now) || wrong_side(s, &then) {
            if s.nature == Nature::Amount {
                let verb = judged(now.amount() > then.amount());
                return Ok(format!(
                    "{verb} to {} from {}",
                    self.contrast(s, &now),
                    self.contrast(s, &then)
                ));
            }
            return self.turned(s, &now, &then);
        }
        if now.is_zero() || then.is_zero() {
            let up = if s.nature.by_size() {
                now.amount().abs() > then.amount().abs()
            } else {
                now.amount() > then.amount()
            };
            return Ok(format!(
                "{} to {} from {}",
                judged(up),
                self.contrast(s, &now),
                self.contrast(s, &then)
            ));
        }
        let PctChange::Ratio(r) = c.percent_for(s.nature) else {
            return Err(Refusal("no percent change between these figures".into()));
        };
        let p = pct(r, spec.pct_dp)?;
        let say = |st: &Stated| match (s.nature, st.negative()) {
            (Nature::Profit, true) => format!("a loss of {}", st.size),
            (Nature::Loss, _) => format!("a loss of {}", st.size),
            (Nature::Amount, true) => format!("negative {}", st.size),
            _ => st.size.clone(),
        };
        if self.flat(&p) {
            return Ok(format!("remained relatively flat at {}", say(&now)));
        }
        if now.amount() == then.amount() {
            return Err(Refusal(format!(
                "the two figures both state as {}, so \"{} {} to {} from {}\" would contradict itself; state them more precisely (`amount_dp`)",
                now.size,
                judged(p.up),
                p.text,
                say(&now),
                say(&then)
            )));
        }
        Ok(format!(
            "{} {} to {} from {}",
            judged(p.up),
            p.text,
            say(&now),
            say(&then)
        ))
    }

    /// How a loss moved: "narrowed its net loss to $818,000 from $982,000",
    /// "widened ...", "reported an unchanged net loss of ..." (equal as
    /// stated), and across zero "reported a profit of ... compared with a
    /// net loss of ...", "broke even compared with ...". With per-share
    /// amounts, ", or $0.07 per diluted share," follows each amount; a
    /// per-share amount on the other side of zero from its amount is refused.
    /// For a profit or a loss only: a non-GAAP measure is never a "profit".
    pub fn loss(
        &self,
        s: &Subject,
        c: &Change,
        what: &str,
        amount: &Spec,
        per_share: Option<(&Change, &str, &Spec)>,
    ) -> Result<String, Refusal> {
        if s.unit != Unit::Money {
            return Err(Refusal(
                "`loss_change` words an amount of money (a per-share amount goes in `per_share`)"
                    .into(),
            ));
        }
        if !matches!(s.nature, Nature::Profit | Nature::Loss) {
            return Err(Refusal(format!(
                "`loss_change` words a profit or a loss, and this figure is declared `{}`; declare `nature = \"profit\"` or `\"loss\"`, or use `result_change` or `compared` (an amount such as Adjusted EBITDA is never a \"profit\")",
                s.nature.name()
            )));
        }
        let (now, then) = self.exact_pair(s, c, amount)?;
        // Whether each period was a loss, by the figure's own convention.
        let is_loss = |st: &Stated| {
            !st.is_zero()
                && if s.nature == Nature::Loss {
                    !wrong_side(s, st)
                } else {
                    st.negative()
                }
        };
        let (mut now_text, mut then_text) = (now.size.clone(), then.size.clone());
        if let Some((eps, per, spec)) = per_share {
            let unit = Unit::PerShare;
            let e_now = self.state_as(unit, eps.current.value, spec)?;
            let e_then = self.state_as(unit, eps.base.value, spec)?;
            for (amount, e) in [(&now, &e_now), (&then, &e_then)] {
                if !amount.is_zero() && !e.is_zero() && is_loss(amount) != e.negative() {
                    return Err(Refusal(format!(
                        "the per-share amount {}{} is on the other side of zero from its amount, {}; word them separately",
                        if e.negative() { "negative " } else { "" },
                        e.size,
                        amount.size
                    )));
                }
            }
            now_text = format!("{now_text}, or {} per {per},", e_now.size);
            then_text = format!("{then_text}, or {} per {per}", e_then.size);
        }
        let now_end = now_text.trim_end_matches(',');
        let a_what = crate::error::with_article(what);
        // What each period was, for the forms across zero.
        let was = |st: &Stated, text: &str| {
            if st.is_zero() {
                "break-even results".to_string()
            } else if is_loss(st) {
                format!("{a_what} of {text}")
            } else {
                format!("a profit of {text}")
            }
        };
        Ok(match (is_loss(&now), is_loss(&then)) {
            (true, true) if now.amount().abs() < then.amount().abs() => {
                format!("narrowed its {what} to {now_text} from {then_text}")
            }
            (true, true) if now.amount().abs() > then.amount().abs() => {
                format!("widened its {what} to {now_text} from {then_text}")
            }
            (true, true) => format!("reported an unchanged {what} of {now_end}"),
            _ if now.is_zero() && then.is_zero() => "broke even in both periods".to_string(),
            _ if now.is_zero() => format!("broke even compared with {}", was(&then, &then_text)),
            _ => format!(
                "reported {} compared with {}",
                was(&now, &now_text),
                was(&then, &then_text)
            ),
        })
    }

    /// How a percent moved, compared as stated at `dp` places: "improved to
    /// 40.1% from 38.4%", "declined to ...", "was unchanged at ..." (or,
    /// `neutral`, "increased to ...", "decreased to ..."). With
    /// `by`, the change is the difference of the two percents as stated:
    /// "improved 1.7 percentage points to 40.1% from 38.4%", "improved 170
    /// basis points to ...", so it always agrees with the figures shown.
    pub fn margin(
        &self,
        s: &Subject,
        c: &Change,
        dp: u32,
        by: Option<By>,
        neutral: bool,
    ) -> Result<String, Refusal> {
        let (now, then, diff) = self.percents(s, c, dp)?;
        if diff.is_zero() {
            return Ok(format!("was unchanged at {}", self.side(s, &now)));
        }
        let verb = match (diff > Decimal::ZERO, s.better, neutral) {
            (true, _, true) => "increased",
            (false, _, true) => "decreased",
            (true, Better::Higher, _) | (false, Better::Lower, _) => "improved",
            (false, Better::Higher, _) => "declined",
            (true, Better::Lower, _) => "worsened",
        };
        let by = match by {
            None => String::new(),
            Some(b) => format!("{} ", points_text(diff.abs(), dp, b)?),
        };
        Ok(format!(
            "{verb} {by}to {} from {}",
            self.side(s, &now),
            self.side(s, &then)
        ))
    }

    /// Two percents as stated at `dp` places and their difference in points.
    fn percents(
        &self,
        s: &Subject,
        c: &Change,
        dp: u32,
    ) -> Result<(Stated, Stated, Decimal), Refusal> {
        if s.unit != Unit::Percent {
            return Err(Refusal(
                "this filter compares percents, and the figure is not one (declare `unit = \"percent\"`)".into(),
            ));
        }
        let spec = Spec {
            dp: Some(dp),
            ..Spec::default()
        };
        let (now, then) = self.pair(s, c, &spec)?;
        let diff = now
            .number
            .checked_sub(then.number)
            .ok_or_else(|| Refusal("the change is too large to state".into()))?;
        Ok((now, then, diff))
    }

    /// The change of a percent in basis points or percentage points: the
    /// difference of the two percents as stated at `dp` places ("170 basis
    /// points" from 40.1% and 38.4%). Signed ("-170 basis points") unless
    /// the template asserts the direction, which is then checked.
    pub fn points(
        &self,
        s: &Subject,
        c: &Change,
        dp: u32,
        by: By,
        direction: Option<Direction>,
    ) -> Result<String, Refusal> {
        let (now, then, diff) = self.percents(s, c, dp)?;
        if direction.is_some() && diff.is_zero() {
            return Err(Refusal(format!(
                "the template says which way the change went, but the two percents are equal as shown ({})",
                now.size
            )));
        }
        let text = points_text(diff.abs(), dp, by)?;
        signed(
            diff,
            text,
            direction,
            &format!("{} to {}", then.size, now.size),
        )
    }

    /// A percent change alone: "20.9%", or "n/m" across zero or from zero.
    /// Of the size for a loss, a cost or cash used, which must be on its
    /// usual side of zero. Signed ("-4.2%") unless the template asserts the
    /// direction, which is then checked.
    pub fn percent(
        &self,
        s: &Subject,
        c: &Change,
        dp: u32,
        direction: Option<Direction>,
    ) -> Result<String, Refusal> {
        not_a_percent(s)?;
        if s.nature.by_size() {
            let (now, then) = self.pair(s, c, &Spec::default())?;
            if wrong_side(s, &now) || wrong_side(s, &then) {
                return Err(Refusal(format!(
                    "the figure is {} in one period or both ({} and {}), so a change of its size would misstate it",
                    other_side(s),
                    now.size,
                    then.size
                )));
            }
        }
        let PctChange::Ratio(r) = c.percent_for(s.nature) else {
            return Ok("n/m".into());
        };
        let p = pct(r, dp)?;
        // A direction the template asserts is checked against the exact
        // change, even one that rounds to 0.0%; shown without a direction,
        // a change that rounds to zero has no minus sign.
        let sign = if direction.is_none() && p.shown.is_zero() {
            Decimal::ZERO
        } else {
            r
        };
        signed(sign, p.text, direction, "the change")
    }

    /// Both figures with what they are: "Adjusted EBITDA of $67,000,
    /// compared with negative Adjusted EBITDA of $25,000", "net income of
    /// $5.0 million, compared with a loss of $2.0 million", "interest
    /// expense of $3.2 million, compared with a benefit of $0.4 million".
    pub fn compared(
        &self,
        s: &Subject,
        c: &Change,
        what: &str,
        spec: &Spec,
    ) -> Result<String, Refusal> {
        let (now, then) = self.exact_pair(s, c, spec)?;
        // "negative Adjusted EBITDA of $25,000"; but "an Adjusted EBITDA of
        // negative $25,000" when `what` has its own article, and a percent
        // is negative by its value: "net margin of negative 1.2%".
        let articled = ["a ", "an ", "the "]
            .iter()
            .any(|a| what.to_lowercase().starts_with(a));
        let say = |st: &Stated| match (s.nature, st.negative(), wrong_side(s, st)) {
            (Nature::Amount, true, _) if articled || s.unit == Unit::Percent => {
                format!("{what} of negative {}", st.size)
            }
            (Nature::Amount, true, _) => format!("negative {what} of {}", st.size),
            (Nature::Profit, true, _) => format!("a loss of {}", st.size),
            (Nature::Loss, _, true) => format!("income of {}", st.size),
            (Nature::Cost, _, true) => format!("a benefit of {}", st.size),
            (Nature::CashUsed, _, true) => format!("cash provided of {}", st.size),
            _ => format!("{what} of {}", st.size),
        };
        Ok(format!("{}, compared with {}", say(&now), say(&then)))
    }
}

/// A percent's change in percent would read as a change in points ("gross
/// margin grew 4.4%"), so the change filters leave percents to
/// `margin_change` and `bp`.
fn not_a_percent(s: &Subject) -> Result<(), Refusal> {
    if s.unit == Unit::Percent {
        return Err(Refusal(
            "the figure is a percent, and a percent change of a percent reads as a change in points; use `margin_change` or `bp`".into(),
        ));
    }
    Ok(())
}

/// What a figure stated by its size is on the other side of zero.
fn other_side(s: &Subject) -> &'static str {
    match s.nature {
        Nature::Loss => "income rather than a loss",
        Nature::Cost => "a benefit rather than a cost",
        _ => "cash provided rather than used",
    }
}

/// Zero in words: "nil" for an amount, "0.0%" for a percent.
fn nil(s: &Subject, st: &Stated) -> String {
    if s.unit == Unit::Percent {
        st.size.clone()
    } else {
        "nil".into()
    }
}

fn crosses(a: &Stated, b: &Stated) -> bool {
    crosses_zero(a.number, b.number)
}

fn points_text(points: Decimal, dp: u32, by: By) -> Result<String, Refusal> {
    Ok(match by {
        By::Points => {
            let n = format(points, dp, Negative::Minus);
            let word = if n == "1" {
                "percentage point"
            } else {
                "percentage points"
            };
            format!("{n} {word}")
        }
        By::BasisPoints => {
            let bp = points
                .checked_mul(Decimal::ONE_HUNDRED)
                .ok_or_else(|| Refusal("the change is too large to state".into()))?;
            let n = format(bp, dp.saturating_sub(2), Negative::Minus);
            let word = if n == "1" {
                "basis point"
            } else {
                "basis points"
            };
            format!("{n} {word}")
        }
    })
}

/// A size with its sign: asserted by the template (and checked), or shown.
fn signed(
    sign: Decimal,
    text: String,
    direction: Option<Direction>,
    what: &str,
) -> Result<String, Refusal> {
    match direction {
        None if sign < Decimal::ZERO => Ok(format!("-{text}")),
        None => Ok(text),
        Some(d) => {
            let actual = if sign > Decimal::ZERO {
                Some(Direction::Up)
            } else if sign < Decimal::ZERO {
                Some(Direction::Down)
            } else {
                None
            };
            match actual {
                Some(a) if a != d => Err(Refusal(format!(
                    "the template says `direction=\"{}\"`, but {what} went {} ({text})",
                    d.name(),
                    a.name()
                ))),
                _ => Ok(text),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{d, style, subject};
    use super::*;
    use crate::calendar::Period;
    use crate::compute::{Figure, change};

    fn figure(v: &str) -> Figure {
        Figure {
            item: "x".into(),
            period: Period::quarter(2024, 1),
            value: d(v),
            unit: Unit::Money,
            places: 0,
            given_in: Decimal::ONE,
            sources: Vec::new(),
            unverified: None,
        }
    }

    fn c(now: &str, then: &str) -> Change {
        change(&figure(now), &figure(then))
    }

    fn to() -> ChangeSpec {
        ChangeSpec {
            pct_dp: 1,
            to: true,
            amount: Spec::default(),
        }
    }

    fn words(nature: Nature, now: &str, then: &str) -> String {
        style()
            .change(&subject(Unit::Money, nature), &c(now, then), &to())
            .unwrap()
    }

    fn result(nature: Nature, now: &str, then: &str) -> String {
        style()
            .result(&subject(Unit::Money, nature), &c(now, then), &to())
            .unwrap()
    }

    #[test]
    fn amounts_grow_and_decline() {
        let a = Nature::Amount;
        assert_eq!(words(a, "2356", "1949"), "grew 20.9% to $2,356");
        assert_eq!(
            words(a, "3103000", "3050000"),
            "remained relatively flat at $3.1 million"
        );
        assert_eq!(words(a, "958", "1000"), "declined 4.2% to $958");
        assert_eq!(words(a, "0", "0"), "remained at nil");
        assert_eq!(words(a, "250000", "0"), "grew to $250,000 from nil");
        assert_eq!(
            words(a, "-250000", "0"),
            "fell to negative $250,000 from nil"
        );
        assert_eq!(words(a, "0", "250000"), "declined to nil from $250,000");
        assert_eq!(
            words(a, "67000", "-25000"),
            "turned to $67,000 from negative $25,000"
        );
        // 2.04% rounds to 2.0%, within a 2% threshold: flat, not "grew 2.0%".
        assert_eq!(
            words(a, "1020400", "1000000"),
            "remained relatively flat at $1.0 million"
        );
    }

    #[test]
    fn negative_amounts_in_both_periods_are_refused_by_change() {
        let err = style()
            .change(
                &subject(Unit::Money, Nature::Amount),
                &c("-10", "-25"),
                &to(),
            )
            .unwrap_err();
        assert!(err.0.contains("result_change"), "{err}");
    }

    #[test]
    fn sizes_increase_and_decrease() {
        // "net cash used in operating activities increased 58.2% to $1.6 million"
        assert_eq!(
            words(Nature::CashUsed, "-1573000", "-994000"),
            "increased 58.2% to $1.6 million"
        );
        // "loss from operations increased 333.1%"
        assert_eq!(
            words(Nature::Loss, "-563000", "-130000"),
            "increased 333.1% to $563,000"
        );
        // A cost printed in parentheses, declared `sign = "negative"`.
        let interest = Subject {
            usual_negative: true,
            ..subject(Unit::Money, Nature::Cost)
        };
        assert_eq!(
            style()
                .change(&interest, &c("-3200000", "-3600000"), &to())
                .unwrap(),
            "decreased 11.1% to $3.2 million"
        );
        // Regression: a cost on its benefit side was worded as an expense.
        assert!(
            style()
                .change(&interest, &c("2000000", "1000000"), &to())
                .is_err()
        );
        assert_eq!(
            words(Nature::Cost, "-400000", "3200000"),
            "turned to a benefit of $400,000 from an expense of $3.2 million"
        );
        assert_eq!(
            words(Nature::Loss, "120000", "-818000"),
            "turned to income of $120,000 from a loss of $818,000"
        );
        assert_eq!(
            words(Nature::CashUsed, "300000", "-1573000"),
            "turned to $300,000 provided from $1.6 million used"
        );
        assert!(
            style()
                .result(&subject(Unit::Money, Nature::Cost), &c("-2", "-1"), &to())
                .is_err(),
            "a benefit in both periods is not worded as a cost"
        );
    }

    #[test]
    fn results_improve_and_worsen_by_nature() {
        assert_eq!(
            result(Nature::Loss, "-367000", "-523000"),
            "improved 29.8% to a loss of $367,000 from a loss of $523,000"
        );
        assert_eq!(
            result(Nature::Profit, "-367000", "-523000"),
            "improved 29.8% to a loss of $367,000 from a loss of $523,000"
        );
        // A non-GAAP measure is never a "profit" or a "loss".
        assert_eq!(
            result(Nature::Amount, "67000", "-25000"),
            "improved to $67,000 from negative $25,000"
        );
        assert_eq!(
            result(Nature::Profit, "50000", "-20000"),
            "turned to a profit of $50,000 from a loss of $20,000"
        );
        assert_eq!(
            result(Nature::Cost, "900", "1000"),
            "improved 10.0% to $900 from $1,000"
        );
        let eps = style()
            .result(
                &subject(Unit::PerShare, Nature::Profit),
                &change(
                    &Figure {
                        unit: Unit::PerShare,
                        ..figure("1.431")
                    },
                    &Figure {
                        unit: Unit::PerShare,
                        ..figure("1.1022")
                    },
                ),
                &to(),
            )
            .unwrap();
        assert_eq!(eps, "improved 29.8% to $1.43 from $1.10");
    }

    #[test]
    fn losses_narrow_and_widen() {
        let s = style();
        let net = subject(Unit::Money, Nature::Loss);
        let loss = |now: &str, then: &str| {
            s.loss(&net, &c(now, then), "net loss", &Spec::default(), None)
                .unwrap()
        };
        assert_eq!(
            loss("-818000", "-982000"),
            "narrowed its net loss to $818,000 from $982,000"
        );
        assert_eq!(
            loss("-982000", "-818000"),
            "widened its net loss to $982,000 from $818,000"
        );
        assert_eq!(
            loss("120000", "-818000"),
            "reported a profit of $120,000 compared with a net loss of $818,000"
        );
        // Regression: the stated numbers were compared across scales, so a
        // loss of $1.1 million "narrowed" from $30,193.
        assert_eq!(
            loss("-1050000", "-30193.3"),
            "widened its net loss to $1.1 million from $30,193"
        );
        assert_eq!(
            loss("-818200.4", "-818199.6"),
            "reported an unchanged net loss of $818,200"
        );
        // Never "a operating loss".
        assert_eq!(
            s.loss(
                &net,
                &c("-5000", "1000"),
                "operating loss",
                &Spec::default(),
                None
            )
            .unwrap(),
            "reported an operating loss of $5,000 compared with a profit of $1,000"
        );
        let cost = subject(Unit::Money, Nature::Cost);
        assert!(
            s.loss(&cost, &c("-1", "-2"), "x", &Spec::default(), None)
                .is_err()
        );
    }

    #[test]
    fn point_changes_agree_with_the_margins_shown() {
        let s = style();
        let m = subject(Unit::Percent, Nature::Amount);
        // Exactly 134 basis points apart; as shown, 58.5% and 57.2%.
        let gm = c("0.58507", "0.57170");
        assert_eq!(
            s.margin(&m, &gm, 1, Some(By::BasisPoints), false).unwrap(),
            "improved 130 basis points to 58.5% from 57.2%"
        );
        assert_eq!(
            s.margin(&m, &gm, 2, Some(By::BasisPoints), false).unwrap(),
            "improved 134 basis points to 58.51% from 57.17%"
        );
        assert_eq!(
            s.margin(&m, &gm, 1, Some(By::Points), false).unwrap(),
            "improved 1.3 percentage points to 58.5% from 57.2%"
        );
        assert_eq!(
            s.margin(
                &m,
                &c("0.40051", "0.40060"),
                1,
                Some(By::BasisPoints),
                false
            )
            .unwrap(),
            "was unchanged at 40.1%"
        );
        assert_eq!(
            s.points(&m, &gm, 1, By::BasisPoints, None).unwrap(),
            "130 basis points"
        );
        assert!(
            s.points(&m, &gm, 1, By::BasisPoints, Some(Direction::Down))
                .is_err()
        );
    }

    #[test]
    fn percents_alone_carry_their_sign_or_an_asserted_direction() {
        let s = style();
        let a = subject(Unit::Money, Nature::Amount);
        assert_eq!(s.percent(&a, &c("958", "1000"), 1, None).unwrap(), "-4.2%");
        assert_eq!(
            s.percent(&a, &c("958", "1000"), 1, Some(Direction::Down))
                .unwrap(),
            "4.2%"
        );
        assert!(
            s.percent(&a, &c("958", "1000"), 1, Some(Direction::Up))
                .is_err()
        );
        assert_eq!(s.percent(&a, &c("5", "-3"), 1, None).unwrap(), "n/m");
        let loss = subject(Unit::Money, Nature::Loss);
        assert_eq!(
            s.percent(&loss, &c("-367", "-604"), 1, Some(Direction::Down))
                .unwrap(),
            "39.2%"
        );
    }

    #[test]
    fn both_figures_with_what_they_are() {
        let s = style();
        let a = subject(Unit::Money, Nature::Amount);
        assert_eq!(
            s.compared(
                &a,
                &c("67000", "-25000"),
                "Adjusted EBITDA",
                &Spec::default()
            )
            .unwrap(),
            "Adjusted EBITDA of $67,000, compared with negative Adjusted EBITDA of $25,000"
        );
        let p = subject(Unit::Money, Nature::Profit);
        assert_eq!(
            s.compared(
                &p,
                &c("5000000", "-2000000"),
                "net income",
                &Spec::default()
            )
            .unwrap(),
            "net income of $5.0 million, compared with a loss of $2.0 million"
        );
    }
}
