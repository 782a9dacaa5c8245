//! The narrative filters, registered in one place. A filter takes a figure
//! (`f.revenue`, whose values are `q0` ... `q7` and `ye`) or one value of it
//! (`f.revenue.q4`), finds that figure in the brief's computed figures
//! ([`crate::compute::Brief`]) by its id and period key, and words it with
//! [`crate::phrase`]. The view's text is only a handle: a filter's figures
//! and changes come from `compute` (with `basis="printed"`, a change of the
//! figures rounded as printed). Every argument is checked: an unknown one, or a value a filter
//! cannot honour, is a template error naming the filter, the argument and
//! the nearest valid one. docs/templates.md documents each.

use crate::calendar::PeriodKey;
use crate::compute::{self, Brief, Change, ComputeError, Figure, Series};
use crate::error::nearest;
use crate::formula::Gap;
use crate::model::{Band, Guide, Unit};
use crate::phrase::{By, ChangeSpec, Direction, Precision, Refusal, Spec, Style, Subject};
use crate::scale::Scale;
use rust_decimal::Decimal;
use std::sync::Arc;
use tera::{Error, Kwargs, State, Tera, TeraResult, Value};

/// A filter and the arguments it takes: the one list that validation,
/// suggestions and the documentation test read.
#[derive(Debug, Clone, Copy)]
pub struct FilterSpec {
    /// Its name in templates.
    pub name: &'static str,
    /// Its arguments.
    pub args: &'static [&'static str],
}

/// Every filter, with its arguments (docs/templates.md describes each).
pub const FILTERS: [FilterSpec; 10] = [
    FilterSpec {
        name: "amount",
        args: &["at", "dp", "scale", "round", "direction"],
    },
    FilterSpec {
        name: "cell",
        args: &["at", "dp"],
    },
    FilterSpec {
        name: "change",
        args: &[
            "at",
            "vs",
            "to",
            "dp",
            "basis",
            "scale",
            "amount_dp",
            "round",
        ],
    },
    FilterSpec {
        name: "result_change",
        args: &["at", "vs", "dp", "basis", "scale", "amount_dp", "round"],
    },
    FilterSpec {
        name: "loss_change",
        args: &[
            "at",
            "vs",
            "what",
            "per_share",
            "per",
            "per_share_dp",
            "scale",
            "amount_dp",
            "round",
        ],
    },
    FilterSpec {
        name: "margin_change",
        args: &["at", "vs", "dp", "by", "neutral"],
    },
    FilterSpec {
        name: "pct_change",
        args: &["at", "vs", "dp", "basis", "direction"],
    },
    FilterSpec {
        name: "bp",
        args: &["at", "vs", "dp", "direction"],
    },
    FilterSpec {
        name: "compared",
        args: &["at", "vs", "what", "scale", "amount_dp", "round"],
    },
    FilterSpec {
        name: "guidance",
        args: &["scale", "dp"],
    },
];

/// The names of our filters, for "did you mean".
pub fn names() -> impl Iterator<Item = &'static str> {
    FILTERS.iter().map(|f| f.name)
}

/// Settings the filters word figures with.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The currency symbol and the flat threshold.
    pub style: Style,
}

/// Registers every filter on `tera`, over the brief's computed figures.
pub fn register(tera: &mut Tera, brief: Arc<Brief>, settings: Settings) {
    let ctx = Arc::new(Filters { brief, settings });
    for spec in FILTERS {
        let ctx = Arc::clone(&ctx);
        tera.register_filter(
            spec.name,
            move |v: &Value, kw: Kwargs, _: &State| -> TeraResult<String> {
                let call = Call {
                    spec,
                    kw: &kw,
                    ctx: &ctx,
                };
                call.run(v)
                    .map_err(|e| Error::message(format!("`{}`: {e}", spec.name)))
            },
        );
    }
}

struct Filters {
    brief: Arc<Brief>,
    settings: Settings,
}

/// One call of one filter: its arguments and the figures.
struct Call<'a> {
    spec: FilterSpec,
    kw: &'a Kwargs,
    ctx: &'a Filters,
}

type Result<T> = std::result::Result<T, String>;

impl Call<'_> {
    fn run(&self, v: &Value) -> Result<String> {
        self.check_args()?;
        let style = &self.ctx.settings.style;
        let words = match self.spec.name {
            "amount" => {
                let (series, figure) = self.one(v)?;
                let spec = self.amount_spec(series.unit, "dp")?;
                style.figure_signed(&subject(series), figure.value, &spec, self.direction()?)
            }
            "cell" => return self.cell(v),
            "change" => {
                let (series, c) = self.change(v)?;
                let spec = ChangeSpec {
                    pct_dp: self.dp("dp")?.unwrap_or(1),
                    to: self.flag("to")?,
                    amount: self.amount_spec(series.unit, "amount_dp")?,
                };
                let c = self.on_basis(series, c)?;
                style.change(&subject(series), &c, &spec)
            }
            "result_change" => {
                let (series, c) = self.change(v)?;
                let spec = ChangeSpec {
                    pct_dp: self.dp("dp")?.unwrap_or(1),
                    to: false,
                    amount: self.amount_spec(series.unit, "amount_dp")?,
                };
                let c = self.on_basis(series, c)?;
                style.result(&subject(series), &c, &spec)
            }
            "loss_change" => return self.loss_change(v),
            "guidance" => return self.guidance(v),
            "margin_change" => {
                let (series, c) = self.change(v)?;
                let by = match self.choice("by", &["bp", "points"])? {
                    None => None,
                    Some("bp") => Some(By::BasisPoints),
                    Some(_) => Some(By::Points),
                };
                style.margin(
                    &subject(series),
                    &c,
                    self.dp("dp")?.unwrap_or(1),
                    by,
                    self.flag("neutral")?,
                )
            }
            "pct_change" => {
                let (series, c) = self.change(v)?;
                let c = self.on_basis(series, c)?;
                style.percent(
                    &subject(series),
                    &c,
                    self.dp("dp")?.unwrap_or(1),
                    self.direction()?,
                )
            }
            "bp" => {
                let (series, c) = self.change(v)?;
                style.points(
                    &subject(series),
                    &c,
                    self.dp("dp")?.unwrap_or(1),
                    By::BasisPoints,
                    self.direction()?,
                )
            }
            "compared" => {
                let (series, c) = self.change(v)?;
                let what = self.text("what")?.unwrap_or_else(|| series.label.clone());
                let spec = self.amount_spec(series.unit, "amount_dp")?;
                style.compared(&subject(series), &c, &what, &spec)
            }
            other => return Err(format!("no such filter `{other}`")),
        };
        words.map_err(|Refusal(why)| format!("cannot word `f.{}`: {why}", self.id(v)))
    }

    /// An outlook in words, as exactly as it was given unless `scale` or
    /// `dp` say otherwise: "$37.5 billion", "$36.75 billion to $38.25
    /// billion", "$37.5 billion, plus or minus 2%", "73.0%, plus or minus
    /// 50 basis points".
    fn guidance(&self, v: &Value) -> Result<String> {
        let Some(id) = v.get_from_path("outlook").and_then(Value::as_str) else {
            return Err(format!(
                "needs an outlook such as `outlook.revenue_q4`, not {}",
                kind_of(v)
            ));
        };
        let brief = &self.ctx.brief;
        let o = brief
            .outlooks
            .iter()
            .find(|o| o.id == id)
            .ok_or_else(|| format!("`{id}` is not an outlook of this brief"))?;
        let series = &brief.series()[o.item];
        let style = &self.ctx.settings.style;
        let asked = self.given("scale") || self.given("dp");
        let spec = self.amount_spec(series.unit, "dp")?;
        // As written ("28 million" is "$28 million"), else exactly.
        let word = |a: &crate::model::Amount| -> Result<String> {
            let written = Scale::of_multiplier(a.shown_in)
                .filter(|s| matches!(s, Scale::Millions | Scale::Billions))
                .filter(|_| matches!(series.unit, Unit::Money | Unit::Shares | Unit::Number));
            let spec = match (asked, written) {
                (true, _) => spec,
                (false, Some(scale)) => Spec {
                    scale: Some(scale),
                    dp: Some(a.scale),
                    round: None,
                },
                (false, None) => Spec::exact(series.unit, a.base),
            };
            style
                .figure_signed(&subject(series), a.base, &spec, None)
                .map_err(|Refusal(why)| format!("cannot word outlook `{id}`: {why}"))
        };
        Ok(match &o.guide {
            Guide::Point(a) => word(a)?,
            Guide::Range(l, h) => format!("{} to {}", word(l)?, word(h)?),
            Guide::Band(c, Band::Percent(p)) => format!(
                "{}, plus or minus {}%",
                word(c)?,
                (*p * Decimal::ONE_HUNDRED).normalize()
            ),
            Guide::Band(c, Band::BasisPoints(bp)) => format!(
                "{}, plus or minus {} basis points",
                word(c)?,
                bp.normalize()
            ),
        })
    }

    fn id<'v>(&self, v: &'v Value) -> &'v str {
        v.get_from_path("id").and_then(Value::as_str).unwrap_or("?")
    }

    /// Every argument given is one this filter takes.
    fn check_args(&self) -> Result<()> {
        for (key, _) in self.kw.iter() {
            let name = key.as_str().unwrap_or_default();
            if self.spec.args.contains(&name) {
                continue;
            }
            let hint = match nearest(name, self.spec.args.iter().copied()) {
                Some(n) => format!("did you mean `{n}`? "),
                None => String::new(),
            };
            return Err(format!(
                "unknown argument `{name}`; {hint}it takes {} (see docs/templates.md)",
                list(self.spec.args)
            ));
        }
        Ok(())
    }

    /// The series a value or figure belongs to, and the period key it names.
    fn target(&self, v: &Value) -> Result<(&Series, Option<PeriodKey>)> {
        let Some(id) = v.get_from_path("id").and_then(Value::as_str) else {
            return Err(format!(
                "needs a figure such as `f.revenue` or `f.revenue.q0`, not {}",
                kind_of(v)
            ));
        };
        let series = self
            .ctx
            .brief
            .get(id)
            .map_err(|_| format!("`{id}` is not a figure of this brief"))?;
        let key = match v.get_from_path("key").and_then(Value::as_str) {
            None => None,
            Some(k) => Some(k.parse::<PeriodKey>()?),
        };
        Ok((series, key))
    }

    fn key(&self, name: &str, default: PeriodKey) -> Result<PeriodKey> {
        match self.kw.get::<&str>(name) {
            Ok(None) => Ok(default),
            Ok(Some(k)) => k.parse::<PeriodKey>().map_err(|e| format!("`{name}`: {e}")),
            Err(_) => Err(format!(
                "`{name}` must be a period key in quotes, such as \"q4\"; {}",
                PeriodKey::HELP
            )),
        }
    }

    fn figure<'b>(&'b self, series: &'b Series, key: PeriodKey) -> Result<&'b Figure> {
        let period = key.period(self.ctx.brief.quarter);
        series.get(period).map_err(|e| {
            let why = match e {
                ComputeError::Gap(Gap::Missing(id, p)) if id == series.id && p == period => {
                    "the figures give none".to_string()
                }
                ComputeError::Gap(Gap::Missing(id, p)) => {
                    format!("it is computed from `{id}`, which has no figure for {p}")
                }
                ComputeError::Gap(Gap::Overflow) => Gap::Overflow.to_string(),
                ComputeError::Gap(Gap::NotMeaningful) => {
                    "it is not meaningful there (a division by zero, or a percent change across zero)"
                        .to_string()
                }
                other => other.to_string(),
            };
            format!("`f.{}` has no value at `{key}` ({period}): {why}", series.id)
        })
    }

    /// One value: `f.x.q4`, or a whole figure at `at` (`q0` by default).
    fn one(&self, v: &Value) -> Result<(&Series, &Figure)> {
        let (series, key) = self.target(v)?;
        let key = match key {
            Some(k) if self.given("at") => {
                return Err(format!(
                    "`at` picks a period of a whole figure, and `f.{}.{k}` already names one",
                    series.id
                ));
            }
            Some(k) => k,
            None => self.key("at", PeriodKey::QUARTER)?,
        };
        Ok((series, self.figure(series, key)?))
    }

    /// A whole figure's change from `vs` (the year-ago quarter by default)
    /// to `at` (the reporting quarter by default).
    fn change(&self, v: &Value) -> Result<(&Series, Change)> {
        let (series, key) = self.target(v)?;
        if let Some(k) = key {
            return Err(format!(
                "compares two periods, so it needs a whole figure such as `f.{0}`, not `f.{0}.{k}`; pick the periods with `at` and `vs`",
                series.id
            ));
        }
        let at = self.key("at", PeriodKey::QUARTER)?;
        let vs = self.key("vs", PeriodKey::YEAR_AGO)?;
        let c = compute::change(self.figure(series, at)?, self.figure(series, vs)?);
        Ok((series, c))
    }

    /// With `basis="printed"`, the change between the two figures as the
    /// statements print them (each at the places it is printed with, money
    /// in the reporting unit): a percent change of EPS from the rounded EPS,
    /// as some companies compute it. Only the percent changes; the words
    /// still state the figures themselves, at their usual precision.
    fn on_basis(&self, series: &Series, c: Change) -> Result<Change> {
        match self.choice("basis", &["exact", "printed"])? {
            None | Some("exact") => Ok(c),
            Some(_) => {
                for arg in ["scale", "amount_dp", "round"] {
                    if self.given(arg) {
                        return Err(format!(
                            "`{arg}` cannot be given with `basis=\"printed\"`: the percent is from the figures as printed, so the amounts are stated at their usual precision"
                        ));
                    }
                }
                let style = &self.ctx.settings.style;
                let printed = |f: &Figure| -> Result<Figure> {
                    let st = style
                        .state(series.unit, f.value, self.table_precision(f))
                        .map_err(|r| r.0)?;
                    Ok(Figure {
                        value: st.value(series.unit),
                        ..f.clone()
                    })
                };
                let on_printed = compute::change(&printed(&c.current)?, &printed(&c.base)?);
                Ok(Change {
                    percent: on_printed.percent,
                    size_percent: on_printed.size_percent,
                    ..c
                })
            }
        }
    }

    /// The precision a table prints a figure at: money in the reporting
    /// unit, everything at the figure's own places.
    fn table_precision(&self, f: &Figure) -> Precision {
        let scale = if f.unit == Unit::Money {
            self.ctx.brief.money_scale()
        } else {
            Scale::Units
        };
        Precision {
            scale,
            places: i32::try_from(f.places).unwrap_or(0),
        }
    }

    fn cell(&self, v: &Value) -> Result<String> {
        let (series, figure) = self.one(v)?;
        let shown = self
            .ctx
            .brief
            .shown(figure)
            .ok_or_else(|| format!("`f.{}` is too large to show", series.id))?;
        let suffix = if series.unit == Unit::Percent {
            "%"
        } else {
            ""
        };
        let dp = self.dp("dp")?.unwrap_or(figure.places);
        Style::cell(shown, dp, None, suffix).ok_or_else(|| {
            format!(
                "`f.{}` is too large to show with {dp} decimal places",
                series.id
            )
        })
    }

    fn loss_change(&self, v: &Value) -> Result<String> {
        let (series, c) = self.change(v)?;
        let what = self
            .text("what")?
            .unwrap_or_else(|| crate::phrase::loss_noun(&series.label));
        let per = self.text("per")?.unwrap_or_else(|| "diluted share".into());
        let amount = self.amount_spec(series.unit, "amount_dp")?;
        let eps_spec = Spec {
            dp: self.dp("per_share_dp")?,
            ..Spec::default()
        };
        let eps = match self.kw.get::<&Value>("per_share") {
            Ok(None) => {
                for arg in ["per", "per_share_dp"] {
                    if self.given(arg) {
                        return Err(format!("`{arg}` words `per_share`, which is not given"));
                    }
                }
                None
            }
            Ok(Some(e)) => {
                let (eps_series, ec) = self.change(e).map_err(|m| format!("`per_share`: {m}"))?;
                if eps_series.unit != Unit::PerShare {
                    return Err(format!(
                        "`per_share`: `f.{}` is not a per-share amount (declare `unit = \"per_share\"`)",
                        eps_series.id
                    ));
                }
                Some(ec)
            }
            Err(_) => return Err("`per_share` must be a figure such as `f.loss_per_share`".into()),
        };
        self.ctx
            .settings
            .style
            .loss(
                &subject(series),
                &c,
                &what,
                &amount,
                eps.as_ref().map(|e| (e, per.as_str(), &eps_spec)),
            )
            .map_err(|Refusal(why)| format!("cannot word `f.{}`: {why}", series.id))
    }

    fn given(&self, name: &str) -> bool {
        self.kw.iter().any(|(k, _)| k.as_str() == Some(name))
    }

    /// `dp`-like arguments: a whole number of decimal places, 0 to 6.
    fn dp(&self, name: &str) -> Result<Option<u32>> {
        let bad = |shown: String| {
            format!("`{name}` must be a whole number of decimal places from 0 to 6, not {shown}")
        };
        let Some(value) = self.arg(name) else {
            return Ok(None);
        };
        let n = value.as_i64().ok_or_else(|| bad(kind_of(value)))?;
        u32::try_from(n)
            .ok()
            .filter(|n| *n <= 6)
            .map(Some)
            .ok_or_else(|| bad(n.to_string()))
    }

    fn arg(&self, name: &str) -> Option<&Value> {
        self.kw
            .iter()
            .find(|(k, _)| k.as_str() == Some(name))
            .map(|(_, v)| v)
    }

    fn flag(&self, name: &str) -> Result<bool> {
        match self.arg(name) {
            None => Ok(false),
            Some(v) => v
                .as_bool()
                .ok_or_else(|| format!("`{name}` must be true or false, not {}", kind_of(v))),
        }
    }

    fn text(&self, name: &str) -> Result<Option<String>> {
        match self.arg(name) {
            None => Ok(None),
            Some(v) => v
                .as_str()
                .map(|s| Some(s.to_string()))
                .ok_or_else(|| format!("`{name}` must be text in quotes, not {}", kind_of(v))),
        }
    }

    fn choice(&self, name: &str, options: &[&'static str]) -> Result<Option<&'static str>> {
        let Some(v) = self.arg(name) else {
            return Ok(None);
        };
        let given = v.as_str().unwrap_or_default();
        options
            .iter()
            .find(|o| **o == given)
            .map(|o| Some(*o))
            .ok_or_else(|| {
                let shown = if v.as_str().is_some() {
                    format!("\"{given}\"")
                } else {
                    kind_of(v)
                };
                let hint = nearest(given, options.iter().copied())
                    .map(|n| format!(" (did you mean \"{n}\"?)"))
                    .unwrap_or_default();
                format!("`{name}` must be {}, not {shown}{hint}", quoted(options))
            })
    }

    fn direction(&self) -> Result<Option<Direction>> {
        Ok(match self.choice("direction", &["up", "down"])? {
            None => None,
            Some("up") => Some(Direction::Up),
            Some(_) => Some(Direction::Down),
        })
    }

    /// How an amount is stated: `scale`, decimal places (`dp` for `amount`,
    /// `amount_dp` inside a change) and `round`, each checked against what
    /// the figure counts.
    fn amount_spec(&self, unit: Unit, dp_name: &str) -> Result<Spec> {
        let named = |name: &str| {
            Scale::from_name(name).ok_or_else(|| format!("no scale is named \"{name}\""))
        };
        let mut scales = vec!["auto"];
        scales.extend(Scale::NAMES);
        let scale = match self.choice("scale", &scales)? {
            None | Some("auto") => None,
            Some(name) => Some(named(name)?),
        };
        let round = match self.choice("round", &["thousands", "millions"])? {
            None => None,
            Some(name) => Some(named(name)?),
        };
        let dp = self.dp(dp_name)?;
        let scalable = matches!(unit, Unit::Money | Unit::Shares | Unit::Number);
        if self.given("scale") && !scalable {
            return Err(format!(
                "`scale` applies to money and counts, and this figure is {}",
                unit_name(unit)
            ));
        }
        if round.is_some() {
            if !matches!(unit, Unit::Money | Unit::Shares | Unit::Number) {
                return Err(format!(
                    "`round` applies to money and counts, and this figure is {}",
                    unit_name(unit)
                ));
            }
            if scale.is_some_and(|s| s != Scale::Units) || dp.is_some() {
                return Err(format!(
                    "`round` writes the figure in full (\"$122,000\"), so it cannot be given with `scale` or `{dp_name}`; for \"$413 million\" use `scale=\"millions\", {dp_name}=0`"
                ));
            }
        }
        Ok(Spec { scale, dp, round })
    }
}

fn subject(s: &Series) -> Subject {
    Subject::new(s.unit, s.nature, s.better, s.usual_negative)
}

fn unit_name(unit: Unit) -> &'static str {
    match unit {
        Unit::Money => "money",
        Unit::Shares => "a share count",
        Unit::PerShare => "a per-share amount",
        Unit::Percent => "a percent",
        Unit::Number => "a number",
    }
}

/// What a template value is, with its article, for error messages.
fn kind_of(v: &Value) -> String {
    match v.name() {
        "undefined" => "an undefined value".into(),
        "none" => "none".into(),
        "bool" => format!("`{}`", v.as_bool().unwrap_or_default()),
        "string" => format!("the text \"{}\"", v.as_str().unwrap_or_default()),
        "array" => "a list".into(),
        "map/struct" => "a map".into(),
        _ => format!("the number {v}"),
    }
}

fn list(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| format!("`{i}`")).collect();
    quoted.join(", ")
}

fn quoted(items: &[&str]) -> String {
    let q: Vec<String> = items.iter().map(|i| format!("\"{i}\"")).collect();
    match q.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => q.join(""),
    }
}
