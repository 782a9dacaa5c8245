//! The fiscal calendar: fiscal years named by the calendar year they end in,
//! any year-end month, and explicit period end dates where a company uses
//! 52/53-week years.

use jiff::civil::Date;
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

/// A fiscal period: a quarter (`FY2004-Q1`), a year to date (`FY2024-6M`,
/// `FY2024-9M`) or a whole fiscal year (`FY2004`). Every period ends with a
/// quarter, and a period longer than a quarter starts with the fiscal year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    /// The fiscal year, named by the calendar year it ends in.
    pub year: i32,
    /// The quarter the period ends with, 1 to 4.
    end: u8,
    /// How many quarters it covers: 1 for a quarter, `end` for a year to date
    /// (4 for the whole year).
    quarters: u8,
}

impl Period {
    /// A fiscal quarter.
    pub fn quarter(year: i32, quarter: u8) -> Period {
        Period {
            year,
            end: quarter.clamp(1, 4),
            quarters: 1,
        }
    }

    /// A whole fiscal year.
    pub fn year(year: i32) -> Period {
        Period {
            year,
            end: 4,
            quarters: 4,
        }
    }

    /// The fiscal year to the end of quarter `quarter`: the first quarter
    /// itself, six or nine months, or the whole year.
    pub fn year_to_date(year: i32, quarter: u8) -> Period {
        let q = quarter.clamp(1, 4);
        Period {
            year,
            end: q,
            quarters: q,
        }
    }

    /// The quarter it ends with, for a quarter; `None` for a longer period.
    pub fn quarter_number(&self) -> Option<u8> {
        (self.quarters == 1).then_some(self.end)
    }

    /// The quarter the period ends with (1 to 4).
    pub fn end_quarter(&self) -> u8 {
        self.end
    }

    /// How many months it covers: 3, 6, 9 or 12.
    pub fn months(&self) -> u8 {
        3 * self.quarters
    }

    /// Whether this is a single quarter.
    pub fn is_quarter(&self) -> bool {
        self.quarters == 1
    }

    /// Whether this is a whole fiscal year.
    pub fn is_year(&self) -> bool {
        self.quarters == 4
    }

    /// The balance-sheet date it ends on, as a quarter: a balance "at" a
    /// year to date or a year is its value at the end of its last quarter.
    pub fn closing(&self) -> Period {
        Period::quarter(self.year, self.end)
    }

    /// The same period one fiscal year earlier.
    pub fn year_ago(&self) -> Period {
        Period {
            year: self.year - 1,
            ..*self
        }
    }

    /// The quarter before this one (Q4 of the prior year before a Q1); the
    /// prior year for a year; for a year to date, the year to date one
    /// quarter shorter (six months before nine). Formulas refuse to compare
    /// a year to date with its prior quarter ([`crate::formula::Gap`]).
    pub fn prior(&self) -> Period {
        match (self.quarters, self.end) {
            (1, 1) => Period::quarter(self.year - 1, 4),
            (1, q) => Period::quarter(self.year, q - 1),
            (4, _) => self.year_ago(),
            (_, q) => Period::year_to_date(self.year, q - 1),
        }
    }

    /// The last quarter of the prior fiscal year: the balance-sheet
    /// comparison date for any quarter of this year.
    pub fn prior_year_end(&self) -> Period {
        Period::quarter(self.year - 1, 4)
    }

    /// The balance-sheet date the period opens from: the quarter before a
    /// quarter, the prior fiscal year end for a year to date or a year.
    pub fn opening(&self) -> Period {
        if self.is_quarter() {
            self.prior()
        } else {
            self.prior_year_end()
        }
    }

    /// The quarters the period covers, in order.
    pub fn quarters(&self) -> Vec<Period> {
        (self.end + 1 - self.quarters..=self.end)
            .map(|q| Period::quarter(self.year, q))
            .collect()
    }

    /// The `n` quarters ending with this one, newest first.
    pub fn trailing(&self, n: usize) -> Vec<Period> {
        let mut out = Vec::with_capacity(n);
        let mut p = *self;
        for _ in 0..n {
            out.push(p);
            p = p.prior();
        }
        out
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.quarters {
            1 => write!(f, "FY{}-Q{}", self.year, self.end),
            4 => write!(f, "FY{}", self.year),
            _ => write!(f, "FY{}-{}M", self.year, self.months()),
        }
    }
}

impl serde::Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl FromStr for Period {
    type Err = String;

    fn from_str(s: &str) -> Result<Period, String> {
        let bad = || {
            format!(
                "`{s}` is not a period; expected FY2004-Q1 for a quarter, FY2004-6M or FY2004-9M for six or nine months, or FY2004 for a fiscal year"
            )
        };
        let rest = s.trim().strip_prefix("FY").ok_or_else(bad)?;
        let (year, span) = match rest.split_once('-') {
            Some((y, q)) => (y, Some(q)),
            None => (rest, None),
        };
        if year.len() != 4 || !year.chars().all(|c| c.is_ascii_digit()) {
            return Err(bad());
        }
        let year: i32 = year.parse().map_err(|_| bad())?;
        Ok(match span {
            None | Some("12M") => Period::year(year),
            Some("Q1" | "3M") => Period::quarter(year, 1),
            Some("Q2") => Period::quarter(year, 2),
            Some("Q3") => Period::quarter(year, 3),
            Some("Q4") => Period::quarter(year, 4),
            Some("6M") => Period::year_to_date(year, 2),
            Some("9M") => Period::year_to_date(year, 3),
            Some(_) => return Err(bad()),
        })
    }
}

const ORDINALS: [&str; 4] = ["First", "Second", "Third", "Fourth"];

/// The months, for dates and for reading a year-end month by name.
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A date as a release prints it: "October 31, 2003".
pub fn long_date(d: Date) -> String {
    format!(
        "{} {}, {}",
        MONTHS[usize::from(d.month().unsigned_abs()) - 1],
        d.day(),
        d.year()
    )
}

/// A month by name ("July", any case) or number ("7").
pub fn parse_month(text: &str) -> Option<i8> {
    let t = text.trim();
    MONTHS
        .iter()
        .position(|m| m.eq_ignore_ascii_case(t))
        .map(|i| i as i8 + 1)
        .or_else(|| t.parse::<i8>().ok().filter(|m| (1..=12).contains(m)))
}

/// A period with the names a release gives it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PeriodNames {
    /// "FY2004-Q1".
    pub id: String,
    /// "First Quarter Fiscal 2004" (or "Third Quarter 2025" for a calendar
    /// fiscal year), for headlines.
    pub title: String,
    /// "the first quarter of fiscal 2004", for sentences.
    pub name: String,
    /// "Q1 FY2004" (or "Q3 2025"), for table headers.
    pub short: String,
    /// "fiscal 2004" (or "2025"), for "the remainder of ...".
    pub year: String,
    /// "Three Months Ended", "Nine Months Ended": what a column group over
    /// the period is headed by, before its date.
    pub span: String,
    /// "October 31, 2003".
    pub end_date: String,
    /// "2003": the calendar year the period ends in.
    pub end_year: String,
}

/// A period named relative to the reporting quarter, as templates name it:
/// `q0` is the quarter, `q1` the one before, `q4` the same quarter a year
/// earlier, up to `q7`; `ye` is the end of the prior fiscal year; `ytd0` is
/// the fiscal year to date (six or nine months, the year in a fourth
/// quarter, the quarter itself in a first), `ytd4` the same a year
/// earlier, and `fy1` the whole prior fiscal year. The one place these keys
/// are defined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PeriodKey {
    /// So many quarters before the reporting quarter (0 is the quarter).
    Back(u8),
    /// The last quarter of the prior fiscal year: the balance-sheet comparison.
    PriorYearEnd,
    /// The year to date, so many quarters back (0 or 4).
    YearToDate(u8),
    /// The whole prior fiscal year (its twelve months).
    PriorYear,
}

impl PeriodKey {
    /// How many quarters back keys reach: `q0` ... `q7`.
    pub const QUARTERS_BACK: u8 = 8;
    /// The reporting quarter.
    pub const QUARTER: PeriodKey = PeriodKey::Back(0);
    /// The quarter before.
    pub const PRIOR_QUARTER: PeriodKey = PeriodKey::Back(1);
    /// The same quarter a year earlier.
    pub const YEAR_AGO: PeriodKey = PeriodKey::Back(4);
    /// The fiscal year to date.
    pub const YEAR_TO_DATE: PeriodKey = PeriodKey::YearToDate(0);
    /// The same year to date a year earlier.
    pub const YEAR_TO_DATE_YEAR_AGO: PeriodKey = PeriodKey::YearToDate(4);

    /// Every key, in order: `q0` ... `q7`, `ye`, `ytd0`, `ytd4`, `fy1`.
    pub fn all() -> impl Iterator<Item = PeriodKey> {
        (0..Self::QUARTERS_BACK).map(PeriodKey::Back).chain([
            PeriodKey::PriorYearEnd,
            PeriodKey::YEAR_TO_DATE,
            PeriodKey::YEAR_TO_DATE_YEAR_AGO,
            PeriodKey::PriorYear,
        ])
    }

    /// The period this key names, given the reporting quarter.
    pub fn period(self, quarter: Period) -> Period {
        match self {
            PeriodKey::Back(n) => {
                let mut p = quarter;
                for _ in 0..n {
                    p = p.prior();
                }
                p
            }
            PeriodKey::PriorYearEnd => quarter.prior_year_end(),
            PeriodKey::YearToDate(n) => {
                Period::year_to_date(quarter.year - i32::from(n / 4), quarter.end_quarter())
            }
            PeriodKey::PriorYear => Period::year(quarter.year - 1),
        }
    }

    /// What the keys mean, for error messages.
    pub const HELP: &'static str = "q0 is the reporting quarter, q1 the one before, q4 the same quarter a year ago (up to q7), ye the prior fiscal year end, ytd0 the year to date, ytd4 the year to date a year ago, fy1 the whole prior fiscal year";
}

impl fmt::Display for PeriodKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PeriodKey::Back(n) => write!(f, "q{n}"),
            PeriodKey::PriorYearEnd => f.write_str("ye"),
            PeriodKey::YearToDate(n) => write!(f, "ytd{n}"),
            PeriodKey::PriorYear => f.write_str("fy1"),
        }
    }
}

impl FromStr for PeriodKey {
    type Err = String;

    fn from_str(s: &str) -> Result<PeriodKey, String> {
        PeriodKey::all()
            .find(|k| k.to_string() == s)
            .ok_or_else(|| format!("`{s}` is not a period key; {}", PeriodKey::HELP))
    }
}

/// How a 52/53-week fiscal year ends: on a weekday nearest a date ("the
/// Saturday nearest January 31") or the last such weekday of a month ("the
/// last Sunday of January").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearEndRule {
    /// The weekday nearest a day of a month (within three days either way).
    Nearest {
        /// The weekday the year ends on.
        weekday: jiff::civil::Weekday,
        /// The month, 1-12.
        month: i8,
        /// The day of the month.
        day: i8,
    },
    /// The last such weekday of a month.
    Last {
        /// The weekday the year ends on.
        weekday: jiff::civil::Weekday,
        /// The month, 1-12.
        month: i8,
    },
}

const WEEKDAYS: [(&str, jiff::civil::Weekday); 7] = [
    ("monday", jiff::civil::Weekday::Monday),
    ("tuesday", jiff::civil::Weekday::Tuesday),
    ("wednesday", jiff::civil::Weekday::Wednesday),
    ("thursday", jiff::civil::Weekday::Thursday),
    ("friday", jiff::civil::Weekday::Friday),
    ("saturday", jiff::civil::Weekday::Saturday),
    ("sunday", jiff::civil::Weekday::Sunday),
];

impl YearEndRule {
    /// What a rule looks like, for error messages.
    pub const HELP: &'static str =
        "write \"the Saturday nearest January 31\" or \"the last Sunday of January\"";

    /// The month the fiscal year ends in (or, for a weekday nearest the
    /// first days of a month, the month it is named by).
    pub fn month(&self) -> i8 {
        match self {
            YearEndRule::Nearest { month, .. } | YearEndRule::Last { month, .. } => *month,
        }
    }

    /// The weekday every quarter of such a year ends on.
    pub fn weekday(&self) -> jiff::civil::Weekday {
        match self {
            YearEndRule::Nearest { weekday, .. } | YearEndRule::Last { weekday, .. } => *weekday,
        }
    }

    /// The last day of fiscal year `year` (named by the calendar year of its
    /// month). `None` only for years outside the calendar's range.
    pub fn year_end(&self, year: i32) -> Option<Date> {
        let year = i16::try_from(year).ok()?;
        match *self {
            YearEndRule::Nearest {
                weekday,
                month,
                day,
            } => {
                let anchor = Date::new(year, month, day).ok()?;
                let ahead = (weekday.to_monday_zero_offset()
                    - anchor.weekday().to_monday_zero_offset())
                .rem_euclid(7);
                // 0..=3 days ahead, else 1..=3 days back.
                let shift = if ahead <= 3 { ahead } else { ahead - 7 };
                anchor
                    .checked_add(jiff::Span::new().days(i64::from(shift)))
                    .ok()
            }
            YearEndRule::Last { weekday, month } => Date::new(year, month, 1)
                .ok()?
                .nth_weekday_of_month(-1, weekday)
                .ok(),
        }
    }
}

impl FromStr for YearEndRule {
    type Err = String;

    fn from_str(text: &str) -> Result<YearEndRule, String> {
        let bad = || format!("`{text}` is not a year-end rule; {}", YearEndRule::HELP);
        let lower = text.trim().to_lowercase();
        let words: Vec<&str> = lower.split_whitespace().filter(|w| *w != "the").collect();
        let weekday = |w: &str| {
            WEEKDAYS
                .iter()
                .find(|(n, _)| *n == w)
                .map(|(_, d)| *d)
                .ok_or_else(bad)
        };
        let month = |w: &str| {
            MONTHS
                .iter()
                .position(|m| m.eq_ignore_ascii_case(w))
                .map(|i| i as i8 + 1)
                .ok_or_else(bad)
        };
        match words.as_slice() {
            [day, "nearest", m, d] => {
                let month = month(m)?;
                let d: i8 = d.parse().map_err(|_| bad())?;
                // A day the month has in every year (no February 29).
                Date::new(2023, month, d).map_err(|_| bad())?;
                Ok(YearEndRule::Nearest {
                    weekday: weekday(day)?,
                    month,
                    day: d,
                })
            }
            ["last", day, "of", m] => Ok(YearEndRule::Last {
                weekday: weekday(day)?,
                month: month(m)?,
            }),
            _ => Err(bad()),
        }
    }
}

/// When each period ends: by the year-end month, or by a 52/53-week rule,
/// unless the data gives a date.
#[derive(Debug, Clone)]
pub struct FiscalCalendar {
    year_end_month: i8,
    rule: Option<YearEndRule>,
    explicit_ends: BTreeMap<Period, Date>,
}

impl FiscalCalendar {
    /// A calendar whose fiscal year ends with `year_end_month` (1-12), with
    /// end dates given explicitly for some periods. A date given for a year
    /// to date or a year is the date of its last quarter.
    pub fn new(year_end_month: i8, explicit_ends: BTreeMap<Period, Date>) -> FiscalCalendar {
        FiscalCalendar {
            year_end_month,
            rule: None,
            explicit_ends: explicit_ends
                .into_iter()
                .map(|(p, d)| (p.closing(), d))
                .collect(),
        }
    }

    /// A 52/53-week calendar: years end by `rule`, and quarters end 13, 26
    /// and 39 weeks after the prior year end (a 53rd week falls in the fourth
    /// quarter), unless `explicit_ends` gives a date. A given date that
    /// contradicts the rule (a year end other than the rule's, or a quarter
    /// end that is not a whole number of weeks into the year) is an error
    /// naming the period.
    pub fn with_rule(
        rule: YearEndRule,
        explicit_ends: BTreeMap<Period, Date>,
    ) -> Result<FiscalCalendar, (Period, String)> {
        let cal = FiscalCalendar {
            year_end_month: rule.month(),
            rule: Some(rule),
            explicit_ends: BTreeMap::new(),
        };
        let mut ends = BTreeMap::new();
        for (period, date) in explicit_ends {
            let q = period.closing();
            let by_rule = cal.end(q);
            let start = cal.end(q.prior_year_end());
            let weeks = (date - start).get_days();
            let fits = if q.end_quarter() == 4 {
                date == by_rule
            } else {
                date.weekday() == rule.weekday()
                    && weeks % 7 == 0
                    && weeks > 0
                    && date < cal.end(Period::quarter(q.year, 4))
            };
            if !fits {
                return Err((
                    period,
                    format!(
                        "{period} is given as ending {}, but by the rule (a year ending {}) it ends {}",
                        long_date(date),
                        long_date(cal.end(Period::quarter(q.year, 4))),
                        long_date(by_rule)
                    ),
                ));
            }
            ends.insert(q, date);
        }
        Ok(FiscalCalendar {
            explicit_ends: ends,
            ..cal
        })
    }

    /// The month (1-12) the fiscal year ends in.
    pub fn year_end_month(&self) -> i8 {
        self.year_end_month
    }

    /// Whether the fiscal year is the calendar year. Such a company says
    /// "the third quarter of 2024", never "of fiscal 2024".
    pub fn is_calendar_year(&self) -> bool {
        self.year_end_month == 12
    }

    /// The names a release gives a period: the one place fiscal or calendar
    /// wording is decided.
    pub fn names(&self, p: Period) -> PeriodNames {
        let year = if self.is_calendar_year() {
            p.year.to_string()
        } else {
            format!("Fiscal {}", p.year)
        };
        let fy = if self.is_calendar_year() {
            p.year.to_string()
        } else {
            format!("FY{}", p.year)
        };
        let end = self.end(p);
        let q = p.end_quarter();
        let ordinal = ORDINALS[usize::from(q - 1)];
        let months = SPANS[usize::from(p.months() / 3 - 1)];
        let (title, name, short) = if p.is_quarter() {
            (
                format!("{ordinal} Quarter {year}"),
                format!(
                    "the {} quarter of {}",
                    ordinal.to_lowercase(),
                    year.to_lowercase()
                ),
                format!("Q{q} {fy}"),
            )
        } else if p.is_year() {
            (year.clone(), year.to_lowercase(), fy)
        } else {
            (
                format!("First {months} {year}"),
                format!(
                    "the first {} of {}",
                    months.to_lowercase(),
                    year.to_lowercase()
                ),
                format!("{}M {fy}", p.months()),
            )
        };
        PeriodNames {
            id: p.to_string(),
            title,
            name,
            short,
            year: year.to_lowercase(),
            span: format!("{months} Ended"),
            end_date: long_date(end),
            end_year: end.year().to_string(),
        }
    }

    /// The last day of the period: that of its last quarter (a fiscal year
    /// ends when its fourth quarter does).
    pub fn end(&self, period: Period) -> Date {
        let key = period.closing();
        if let Some(d) = self.explicit_ends.get(&key) {
            return *d;
        }
        if let Some(rule) = self.rule {
            let year_end = |y: i32| rule.year_end(y).unwrap_or(Date::MIN);
            if key.end_quarter() == 4 {
                return year_end(key.year);
            }
            let weeks = 13 * i64::from(key.end_quarter());
            return year_end(key.year - 1)
                .checked_add(jiff::Span::new().weeks(weeks))
                .unwrap_or(Date::MIN);
        }
        // Months back from the year end to this quarter's end.
        let back = 3 * i32::from(4 - key.end_quarter());
        let index = key.year * 12 + i32::from(self.year_end_month) - 1 - back;
        let (year, month) = (index.div_euclid(12), index.rem_euclid(12) + 1);
        Date::new(year as i16, month as i8, 1)
            .map(|d| d.last_of_month())
            .unwrap_or(Date::MIN)
    }
}

/// A period's length in words, by quarters covered.
const SPANS: [&str; 4] = ["Three Months", "Six Months", "Nine Months", "Twelve Months"];

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Period {
        s.parse().unwrap()
    }

    #[test]
    fn parses_and_prints_periods() {
        for s in ["FY2004-Q1", "FY2003-Q4", "FY2004"] {
            assert_eq!(p(s).to_string(), s);
        }
        for bad in ["2004-Q1", "FY04-Q1", "FY2004-Q5", "FY2004Q1", "fy2004-q1"] {
            assert!(bad.parse::<Period>().is_err(), "{bad}");
        }
    }

    #[test]
    fn steps_between_quarters() {
        assert_eq!(p("FY2004-Q1").prior(), p("FY2003-Q4"));
        assert_eq!(p("FY2004-Q3").prior(), p("FY2004-Q2"));
        assert_eq!(p("FY2004-Q1").year_ago(), p("FY2003-Q1"));
        assert_eq!(p("FY2004-Q2").prior_year_end(), p("FY2003-Q4"));
        let names: Vec<String> = p("FY2004-Q1")
            .trailing(5)
            .iter()
            .map(|q| q.to_string())
            .collect();
        assert_eq!(
            names,
            [
                "FY2004-Q1",
                "FY2003-Q4",
                "FY2003-Q3",
                "FY2003-Q2",
                "FY2003-Q1"
            ]
        );
    }

    #[test]
    fn period_keys_name_periods_back_from_the_quarter() {
        let q = p("FY2004-Q1");
        let names: Vec<String> = PeriodKey::all()
            .map(|k| format!("{k}={}", k.period(q)))
            .collect();
        assert_eq!(names[0], "q0=FY2004-Q1");
        assert_eq!(names[4], "q4=FY2003-Q1");
        assert_eq!(names[8], "ye=FY2003-Q4");
        assert_eq!(names[9], "ytd0=FY2004-Q1");
        assert_eq!(names[11], "fy1=FY2003");
        assert_eq!("q4".parse::<PeriodKey>(), Ok(PeriodKey::YEAR_AGO));
        assert!("q8".parse::<PeriodKey>().is_err());
    }

    #[test]
    fn a_calendar_year_is_never_fiscal() {
        let fiscal = FiscalCalendar::new(7, BTreeMap::new());
        let n = fiscal.names(p("FY2004-Q1"));
        assert_eq!(n.title, "First Quarter Fiscal 2004");
        assert_eq!(n.name, "the first quarter of fiscal 2004");
        assert_eq!(n.end_date, "October 31, 2003");
        let calendar = FiscalCalendar::new(12, BTreeMap::new());
        let n = calendar.names(p("FY2025-Q2"));
        assert_eq!(n.title, "Second Quarter 2025");
        assert_eq!(n.name, "the second quarter of 2025");
        assert_eq!(n.short, "Q2 2025");
        assert_eq!(parse_month(" july"), Some(7));
        assert_eq!(parse_month("7"), Some(7));
        assert_eq!(parse_month("13"), None);
    }

    /// ICC's fiscal year ends in July: fiscal 2004's first quarter ends
    /// October 31, 2003, and fiscal 2003 ends July 31, 2003.
    #[test]
    fn fiscal_year_is_named_by_the_year_it_ends_in() {
        let cal = FiscalCalendar::new(7, BTreeMap::new());
        assert_eq!(cal.end(p("FY2004-Q1")).to_string(), "2003-10-31");
        assert_eq!(cal.end(p("FY2003-Q4")).to_string(), "2003-07-31");
        assert_eq!(cal.end(p("FY2003")).to_string(), "2003-07-31");
        assert_eq!(cal.end(p("FY2003-Q2")).to_string(), "2003-01-31");
        let calendar_year = FiscalCalendar::new(12, BTreeMap::new());
        assert_eq!(calendar_year.end(p("FY2024-Q1")).to_string(), "2024-03-31");
        assert_eq!(calendar_year.end(p("FY2024")).to_string(), "2024-12-31");
    }

    #[test]
    fn years_to_date_are_periods() {
        for s in ["FY2024-6M", "FY2024-9M"] {
            assert_eq!(p(s).to_string(), s);
        }
        assert_eq!(p("FY2024-12M"), p("FY2024"));
        assert_eq!(p("FY2024-3M"), p("FY2024-Q1"));
        assert!("FY2024-8M".parse::<Period>().is_err());
        let nine = p("FY2024-9M");
        assert!(!nine.is_quarter() && !nine.is_year());
        assert_eq!(nine.months(), 9);
        assert_eq!(nine.closing(), p("FY2024-Q3"));
        assert_eq!(nine.opening(), p("FY2023-Q4"));
        assert_eq!(nine.year_ago(), p("FY2023-9M"));
        assert_eq!(p("FY2024-Q3").opening(), p("FY2024-Q2"));
        let quarters: Vec<String> = nine.quarters().iter().map(|q| q.to_string()).collect();
        assert_eq!(quarters, ["FY2024-Q1", "FY2024-Q2", "FY2024-Q3"]);
        assert_eq!(p("FY2024").quarters().len(), 4);
        assert_eq!(Period::year_to_date(2024, 1), p("FY2024-Q1"));
        assert_eq!(Period::year_to_date(2024, 4), p("FY2024"));
        assert_eq!(
            PeriodKey::YEAR_TO_DATE_YEAR_AGO.period(p("FY2024-Q3")),
            p("FY2023-9M")
        );
        let cal = FiscalCalendar::new(12, BTreeMap::new());
        let n = cal.names(nine);
        assert_eq!(n.title, "First Nine Months 2024");
        assert_eq!(n.name, "the first nine months of 2024");
        assert_eq!(n.short, "9M 2024");
        assert_eq!(n.span, "Nine Months Ended");
        assert_eq!(n.end_date, "September 30, 2024");
        assert_eq!(cal.names(p("FY2024")).span, "Twelve Months Ended");
        assert_eq!(cal.names(p("FY2024-Q2")).span, "Three Months Ended");
    }

    /// Target's fiscal 2023 ended on the Saturday nearest January 31, 2024
    /// (February 3, a 53-week year), its first quarter on April 29, 2023;
    /// NVIDIA's third quarter of fiscal 2025 on October 27, 2024, 39 weeks
    /// after the last Sunday of January 2024.
    #[test]
    fn fifty_two_fifty_three_week_years_end_by_rule() {
        let rule: YearEndRule = "the Saturday nearest January 31".parse().unwrap();
        let cal = FiscalCalendar::with_rule(rule, BTreeMap::new()).unwrap();
        assert_eq!(cal.end(p("FY2024")).to_string(), "2024-02-03");
        assert_eq!(cal.end(p("FY2023")).to_string(), "2023-01-28");
        assert_eq!(cal.end(p("FY2024-Q1")).to_string(), "2023-04-29");
        assert_eq!(cal.end(p("FY2024-9M")).to_string(), "2023-10-28");
        assert_eq!(cal.year_end_month(), 1);
        let rule: YearEndRule = "Last Sunday of January".parse().unwrap();
        let cal = FiscalCalendar::with_rule(rule, BTreeMap::new()).unwrap();
        assert_eq!(cal.end(p("FY2024")).to_string(), "2024-01-28");
        assert_eq!(cal.end(p("FY2025-Q3")).to_string(), "2024-10-27");
        for bad in [
            "Saturday near January 31",
            "the last Funday of May",
            "Sunday nearest February 30",
        ] {
            assert!(bad.parse::<YearEndRule>().is_err(), "{bad}");
        }
    }

    #[test]
    fn a_date_that_contradicts_its_rule_is_an_error() {
        let rule: YearEndRule = "the last Sunday of January".parse().unwrap();
        let date = |s: &str| s.parse::<Date>().unwrap();
        // A quarter end a whole number of weeks into the year overrides.
        let ok =
            FiscalCalendar::with_rule(rule, BTreeMap::from([(p("FY2025-Q1"), date("2024-05-05"))]))
                .unwrap();
        assert_eq!(ok.end(p("FY2025-Q1")).to_string(), "2024-05-05");
        for (period, d) in [("FY2024", "2024-01-31"), ("FY2025-Q2", "2024-07-29")] {
            let (at, why) = FiscalCalendar::with_rule(rule, BTreeMap::from([(p(period), date(d))]))
                .unwrap_err();
            assert_eq!(at, p(period));
            assert!(why.contains("by the rule"), "{why}");
        }
    }

    #[test]
    fn explicit_end_dates_win_for_52_53_week_years() {
        let d = Date::new(2024, 9, 28).unwrap();
        let cal = FiscalCalendar::new(9, BTreeMap::from([(p("FY2024-Q4"), d)]));
        assert_eq!(cal.end(p("FY2024")), d);
        assert_eq!(cal.end(p("FY2024-Q1")).to_string(), "2023-12-31");
    }
}
