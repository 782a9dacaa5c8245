//! The narrative filters, registered in one place. Each takes a figure
//! (`f.revenue`, whose values are `q0` ... `q7` and `ye`) or one value of it
//! (`f.revenue.q4`), reads the exact Decimal text back, and words it with
//! `phrase`. docs/templates.md documents every filter; a filter's error
//! names the filter and what it expected.

use crate::arith::{PctChange, pct_change};
use crate::phrase;
use rust_decimal::Decimal;
use std::str::FromStr;
use tera::{Error, Kwargs, State, Tera, TeraResult, Value};

/// The names of our filters, for "did you mean" (docs/templates.md describes each).
pub const FILTERS: [&str; 8] = [
    "amount",
    "cell",
    "change",
    "result_change",
    "loss_change",
    "margin_change",
    "pct_change",
    "bp",
];

/// Settings the filters word figures with.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// A change within this ratio is "relatively flat".
    pub flat_within: Decimal,
    /// What one reporting unit is worth (1,000 for thousands), for cells.
    pub money_unit: Decimal,
    /// Decimal places money cells are shown with.
    pub money_dp: u32,
}

/// Registers every narrative filter on `tera`.
pub fn register(tera: &mut Tera, settings: Settings) {
    tera.register_filter("amount", amount);
    tera.register_filter(
        "cell",
        move |v: &Value, kw: Kwargs, _: &State| -> TeraResult<String> { cell(v, &kw, settings) },
    );
    let flat = settings.flat_within;
    tera.register_filter(
        "change",
        move |v: &Value, kw: Kwargs, _: &State| -> TeraResult<String> {
            let (now, then) = pair("change", v, &kw)?;
            let words = phrase::change(now.value, then.value, flat, &now.symbol);
            if kw.get::<bool>("to")?.unwrap_or(false) {
                let prep = match pct_change(now.value, then.value) {
                    PctChange::Ratio(r) if r.abs() <= flat => "at",
                    PctChange::Ratio(_) => "to",
                    PctChange::NotMeaningful => return Ok(words),
                };
                Ok(format!("{words} {prep} {}", now.words(None, None)?))
            } else {
                Ok(words)
            }
        },
    );
    tera.register_filter(
        "result_change",
        move |v: &Value, kw: Kwargs, _: &State| -> TeraResult<String> {
            let (now, then) = pair("result_change", v, &kw)?;
            Ok(phrase::result(now.value, then.value, flat, &now.symbol))
        },
    );
    tera.register_filter("loss_change", loss_change);
    tera.register_filter("margin_change", margin_change);
    tera.register_filter("pct_change", pct_change_filter);
    tera.register_filter("bp", bp);
}

/// One exact value read back from the view.
#[derive(Debug, Clone)]
struct Exact {
    value: Decimal,
    unit: String,
    symbol: String,
}

impl Exact {
    fn words(&self, dp: Option<u32>, round_to: Option<&str>) -> TeraResult<String> {
        Ok(match self.unit.as_str() {
            "money" => match round_to {
                None => phrase::money(self.value, &self.symbol),
                Some(step) => {
                    phrase::money_rounded(self.value, rounding_step("amount", step)?, &self.symbol)
                }
            },
            "per_share" => phrase::per_share(self.value, &self.symbol),
            "percent" => phrase::percent_dp(self.value, dp.unwrap_or(1)),
            "shares" => crate::number::format(self.value, 0, crate::number::Negative::Minus),
            _ => crate::number::format(self.value, dp.unwrap_or(2), crate::number::Negative::Minus),
        })
    }
}

fn rounding_step(filter: &str, step: &str) -> TeraResult<Decimal> {
    Ok(Decimal::from(match step {
        "thousands" => 1_000_i64,
        "millions" => 1_000_000,
        _ => {
            return Err(Error::message(format!(
                "`{filter}`: round must be \"thousands\" or \"millions\", not \"{step}\""
            )));
        }
    }))
}

/// Reads one value (`f.revenue.q0`), or a figure's value `at` a key (`q0` by default).
fn exact(filter: &str, v: &Value, kw: &Kwargs, key: &str) -> TeraResult<Exact> {
    let map_value = if v.get_from_path("value").is_some() {
        v
    } else if v.get_from_path("id").is_some() {
        let at = kw.get::<&str>("at")?.unwrap_or(key);
        value_at(filter, v, at)?
    } else {
        return Err(Error::message(format!(
            "`{filter}` needs a figure such as `f.revenue` or `f.revenue.q0`, got a {}",
            v.name()
        )));
    };
    let text = map_value
        .get_from_path("value")
        .and_then(Value::as_str)
        .ok_or_else(|| Error::message(format!("`{filter}`: the value is not exact text")))?;
    Ok(Exact {
        value: Decimal::from_str(text)
            .map_err(|e| Error::message(format!("`{filter}`: `{text}` is not a number: {e}")))?,
        unit: str_field(map_value, "unit"),
        symbol: str_field(map_value, "symbol"),
    })
}

fn str_field(v: &Value, key: &str) -> String {
    v.get_from_path(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

fn value_at<'v>(filter: &str, figure: &'v Value, key: &'v str) -> TeraResult<&'v Value> {
    figure.get_from_path(key).ok_or_else(|| {
        let id = str_field(figure, "id");
        Error::message(format!(
            "`{filter}`: `f.{id}` has no value at `{key}` (q0 is this quarter, q1 the one before, q4 a year ago, ye the prior year end; a period with no figure has no key)"
        ))
    })
}

/// A figure's value now (`at`, `q0` by default) and what it is compared
/// with (`vs`, `q4` — the year-ago quarter — by default).
fn pair(filter: &str, v: &Value, kw: &Kwargs) -> TeraResult<(Exact, Exact)> {
    if v.get_from_path("id").is_none() {
        return Err(Error::message(format!(
            "`{filter}` compares two periods, so it needs a whole figure such as `f.revenue`, not one value"
        )));
    }
    let now = exact(filter, v, kw, "q0")?;
    let vs = kw.get::<&str>("vs")?.unwrap_or("q4");
    let then_value = value_at(filter, v, vs)?;
    let then = exact(filter, then_value, kw, vs)?;
    Ok((now, then))
}

fn dp_arg(kw: &Kwargs) -> TeraResult<Option<u32>> {
    Ok(kw
        .get::<i64>("dp")?
        .map(|d| u32::try_from(d.clamp(0, 6)).unwrap_or(0)))
}

/// `{{ f.revenue | amount }}`: "$3.1 million", "$818,000", "$0.07", "40.1%".
fn amount(v: &Value, kw: Kwargs, _: &State) -> TeraResult<String> {
    let e = exact("amount", v, &kw, "q0")?;
    e.words(dp_arg(&kw)?, kw.get::<&str>("round")?)
}

/// `{{ f.revenue.q0 | cell }}`: "3,103", "(818)", "40.1%" in the reporting unit.
fn cell(v: &Value, kw: &Kwargs, settings: Settings) -> TeraResult<String> {
    let e = exact("cell", v, kw, "q0")?;
    let (shown, dp, suffix) = match e.unit.as_str() {
        "money" => (e.value / settings.money_unit, settings.money_dp, ""),
        "percent" => (e.value * Decimal::ONE_HUNDRED, 1, "%"),
        "per_share" => (e.value, 2, ""),
        "shares" => (e.value, 0, ""),
        _ => (e.value, 2, ""),
    };
    Ok(phrase::cell(shown, dp_arg(kw)?.unwrap_or(dp), None, suffix))
}

/// `{{ f.net_loss | loss_change(per_share=f.loss_per_share) }}`:
/// "narrowed its net loss to $818,000, or $0.07 per diluted share, from ...".
fn loss_change(v: &Value, kw: Kwargs, _: &State) -> TeraResult<String> {
    let (now, then) = pair("loss_change", v, &kw)?;
    let what = kw
        .get::<&str>("what")?
        .map(str::to_string)
        .unwrap_or_else(|| str_field(v, "label").to_lowercase());
    let per_word = kw.get::<&str>("per")?.unwrap_or("diluted share");
    let eps = match kw.get::<&Value>("per_share")? {
        None => None,
        Some(eps) => {
            let (a, b) = pair("loss_change", eps, &kw)?;
            Some((a.value, b.value, per_word))
        }
    };
    Ok(phrase::loss(now.value, then.value, &what, &now.symbol, eps))
}

/// `{{ f.gross_margin_pct | margin_change }}`: "improved to 40.1% from 38.4%";
/// with `bp=true`, "improved 167 basis points to 40.1% from 38.4%".
fn margin_change(v: &Value, kw: Kwargs, _: &State) -> TeraResult<String> {
    let (now, then) = pair("margin_change", v, &kw)?;
    let words = phrase::margin(now.value, then.value);
    if kw.get::<bool>("bp")?.unwrap_or(false) {
        let bp = phrase::basis_points(now.value, then.value);
        if let Some((verb, rest)) = words.split_once(' ')
            && verb != "was"
        {
            return Ok(format!("{verb} {bp} {rest}"));
        }
    }
    Ok(words)
}

/// `{{ f.core_van_revenue | pct_change }}`: "20.9%" (its size; the
/// sentence says which way), or "n/m" when the base is zero or the sign flips.
fn pct_change_filter(v: &Value, kw: Kwargs, _: &State) -> TeraResult<String> {
    let (now, then) = pair("pct_change", v, &kw)?;
    Ok(match pct_change(now.value, then.value) {
        PctChange::Ratio(r) => phrase::percent_dp(r.abs(), dp_arg(&kw)?.unwrap_or(1)),
        PctChange::NotMeaningful => "n/m".to_string(),
    })
}

/// `{{ f.gross_margin_pct | bp }}`: "167 basis points".
fn bp(v: &Value, kw: Kwargs, _: &State) -> TeraResult<String> {
    let (now, then) = pair("bp", v, &kw)?;
    Ok(phrase::basis_points(now.value, then.value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use tera::Context;

    /// Renders `template` with one figure `f.x` whose values are given as
    /// (key, exact text) in `unit`.
    /// A tera with our filters: flat within 2%, money cells in `money_unit`.
    fn filtered(money_unit: i64) -> Tera {
        let mut tera = Tera::new();
        register(
            &mut tera,
            Settings {
                flat_within: Decimal::new(2, 2),
                money_unit: Decimal::from(money_unit),
                money_dp: 0,
            },
        );
        tera
    }

    fn render_with(template: &str, unit: &str, values: &[(&str, &str)], money_unit: i64) -> String {
        let mut tera = filtered(money_unit);
        let mut figure = serde_json::Map::new();
        figure.insert("id".into(), "x".into());
        figure.insert("label".into(), "Net loss".into());
        figure.insert("unit".into(), unit.into());
        for (k, v) in values {
            figure.insert(
                (*k).into(),
                serde_json::json!({ "value": v, "unit": unit, "symbol": "$", "period": "FY2004-Q1", "name": "the quarter" }),
            );
        }
        let mut f = serde_json::Map::new();
        f.insert("x".into(), figure.into());
        let mut ctx = Context::new();
        ctx.insert("f", &f);
        tera.add_raw_template("t", template).unwrap();
        tera.render("t", &ctx).unwrap()
    }

    fn money(t: &str, values: &[(&str, &str)]) -> String {
        render_with(t, "money", values, 1_000)
    }

    #[test]
    fn a_zero_base_has_no_percent() {
        let v = [("q0", "250000"), ("q4", "0")];
        assert_eq!(money("{{ f.x | pct_change }}", &v), "n/m");
        assert_eq!(money("{{ f.x | change }}", &v), "grew to $250,000 from nil");
    }

    #[test]
    fn a_sign_flip_has_no_percent() {
        let v = [("q0", "50000"), ("q4", "-20000")];
        assert_eq!(money("{{ f.x | pct_change }}", &v), "n/m");
        assert_eq!(
            money("{{ f.x | result_change }}", &v),
            "turned to a profit of $50,000 from a loss of $20,000"
        );
    }

    #[test]
    fn a_loss_turning_to_profit_is_not_a_percent_change() {
        let v = [("q0", "120000"), ("q4", "-818000")];
        assert_eq!(
            money("{{ f.x | loss_change }}", &v),
            "reported a profit of $120,000 compared with a net loss of $818,000"
        );
    }

    #[test]
    fn midpoints_round_away_from_zero() {
        // Banker's rounding would give 20.8% and $2.4 million.
        let pct = render_with("{{ f.x | amount }}", "percent", &[("q0", "0.20850")], 1_000);
        assert_eq!(pct, "20.9%");
        assert_eq!(
            money("{{ f.x | amount }}", &[("q0", "2450000")]),
            "$2.5 million"
        );
        assert_eq!(money("{{ f.x | cell }}", &[("q0", "2500")]), "3");
        assert_eq!(money("{{ f.x | cell }}", &[("q0", "-2500")]), "(3)");
    }

    #[test]
    fn negative_zero_is_shown_as_zero() {
        let pct = render_with(
            "{{ f.x | amount }}",
            "percent",
            &[("q0", "-0.00004")],
            1_000,
        );
        assert_eq!(pct, "0.0%");
        assert_eq!(money("{{ f.x | cell }}", &[("q0", "-0.4")]), "\u{2014}");
    }

    #[test]
    fn very_large_values_keep_every_digit() {
        let v = [("q0", "123456789012345678.91")];
        assert_eq!(money("{{ f.x | amount }}", &v), "$123,456,789.0 billion");
        assert_eq!(money("{{ f.x | cell }}", &v), "123,456,789,012,346");
    }

    #[test]
    fn cells_follow_the_reporting_unit() {
        let t = "{{ f.x | cell }}";
        assert_eq!(
            render_with(t, "money", &[("q0", "3103000")], 1_000),
            "3,103"
        );
        assert_eq!(
            render_with(t, "money", &[("q0", "3103000")], 1_000_000),
            "3"
        );
        assert_eq!(
            render_with(t, "per_share", &[("q0", "-0.0665")], 1_000),
            "(0.07)"
        );
    }

    #[test]
    fn amounts_in_the_unit_a_reader_expects() {
        assert_eq!(
            money("{{ f.x | amount }}", &[("q0", "3103000")]),
            "$3.1 million"
        );
        assert_eq!(
            money("{{ f.x | amount }}", &[("q0", "-818000")]),
            "$818,000"
        );
        assert_eq!(
            money(
                "{{ f.x | amount(round=\"thousands\") }}",
                &[("q0", "-122333.33")]
            ),
            "$122,000"
        );
        let eps = render_with(
            "{{ f.x | amount }}",
            "per_share",
            &[("q0", "-0.0665")],
            1_000,
        );
        assert_eq!(eps, "$0.07");
    }

    #[test]
    fn margins_and_basis_points() {
        let v = [("q0", "0.40058"), ("q4", "0.38393")];
        let t = |s: &str| render_with(s, "percent", &v, 1_000);
        assert_eq!(
            t("{{ f.x | margin_change }}"),
            "improved to 40.1% from 38.4%"
        );
        assert_eq!(
            t("{{ f.x | margin_change(bp=true) }}"),
            "improved 167 basis points to 40.1% from 38.4%"
        );
        assert_eq!(t("{{ f.x | bp }}"), "167 basis points");
    }

    #[test]
    fn flat_within_the_threshold() {
        let v = [("q0", "3103000"), ("q4", "3050000")];
        assert_eq!(
            money("{{ f.x | change(to=true) }}", &v),
            "remained relatively flat at $3.1 million"
        );
        let v = [("q0", "3103000"), ("q4", "2000000")];
        assert_eq!(
            money("{{ f.x | change(to=true) }}", &v),
            "grew 55.2% to $3.1 million"
        );
    }

    #[test]
    fn a_missing_period_is_a_clear_error() {
        let mut tera = filtered(1);
        tera.add_raw_template("t", "{{ f.x | change(vs=\"q7\") }}")
            .unwrap();
        let mut ctx = Context::new();
        ctx.insert(
            "f",
            &serde_json::json!({ "x": { "id": "x", "q0": { "value": "1", "unit": "money", "symbol": "$" } } }),
        );
        let err = tera.render("t", &ctx).unwrap_err().to_string();
        assert!(err.contains("`f.x` has no value at `q7`"), "{err}");
    }
}
