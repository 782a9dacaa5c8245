//! The figures file, in either layout: CSV with one row per item per period
//! (what a spreadsheet exports) or TOML with a table per item. Values are kept
//! as text here; the model parses them exactly.

use super::{Located, Source};
use crate::error::{InputError, Loc, did_you_mean};
use toml::de::{DeTable, DeValue};

/// One figure as written: an item's value in a period, optionally as printed
/// at a place (a table or passage) other than where the figure lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawFigure {
    /// Item or measure id.
    pub item: Located<String>,
    /// Period id, `FY2004-Q1`.
    pub period: Located<String>,
    /// The figure's text.
    pub value: Located<String>,
    /// Where it is printed, for a copy to be checked.
    pub place: Option<Located<String>>,
    /// A note kept with the figure ("printed as *").
    pub note: Option<String>,
}

const COLUMNS: [&str; 5] = ["item", "period", "value", "place", "note"];

/// Reads `figures.csv`: columns item, period, value and optionally place and note.
pub fn read_csv(source: &Source) -> Result<Vec<RawFigure>, InputError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .comment(Some(b'#'))
        .from_reader(source.text.as_bytes());
    let csv_error = |e: csv::Error| {
        let line = e
            .position()
            .map_or(1, |p| record_line(source, p.byte() as usize));
        let message = match e.kind() {
            csv::ErrorKind::UnequalLengths {
                expected_len, len, ..
            } => {
                format!(
                    "this row has {len} fields but the header has {expected_len}; a field with a comma must be quoted: a figure with a thousands separator (\"1,097\"), or a note"
                )
            }
            csv::ErrorKind::Utf8 { .. } => "the file is not UTF-8 text".to_string(),
            _ => format!("malformed CSV: {e}"),
        };
        InputError::at(loc_of(source, line, 1), message)
    };
    let headers = reader.headers().map_err(csv_error)?.clone();
    let mut index = [None; 5];
    for (i, name) in headers.iter().enumerate() {
        let name = name.trim();
        let Some(slot) = COLUMNS.iter().position(|c| *c == name) else {
            return Err(InputError::at(
                loc_of(source, 1, field_col(source, 1, i)),
                format!("unknown column `{name}`; expected item, period, value and optionally place and note"),
            )
            .maybe_help(did_you_mean(name, COLUMNS)));
        };
        if index[slot].replace(i).is_some() {
            return Err(InputError::at(
                loc_of(source, 1, field_col(source, 1, i)),
                format!("column `{name}` appears twice"),
            ));
        }
    }
    for required in 0..3 {
        if index[required].is_none() {
            return Err(InputError::at(
                loc_of(source, 1, 1),
                format!(
                    "the header has no `{}` column; expected item, period, value",
                    COLUMNS[required]
                ),
            ));
        }
    }
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record.map_err(csv_error)?;
        let line = record
            .position()
            .map_or(1, |p| record_line(source, p.byte() as usize));
        let field = |slot: usize| -> Option<Located<String>> {
            let i = index[slot]?;
            let text = record.get(i)?.trim();
            (!text.is_empty()).then(|| Located {
                value: text.to_string(),
                loc: loc_of(source, line, field_col(source, line, i)),
            })
        };
        let required = |slot: usize| {
            field(slot).ok_or_else(|| {
                let col = index[slot].map_or(1, |i| field_col(source, line, i));
                InputError::at(
                    loc_of(source, line, col),
                    format!(
                        "empty `{}`; every row needs an item, a period and a value",
                        COLUMNS[slot]
                    ),
                )
            })
        };
        out.push(RawFigure {
            item: required(0)?,
            period: required(1)?,
            value: required(2)?,
            place: field(3),
            note: field(4).map(|n| n.value),
        });
    }
    Ok(out)
}

/// The line a record starts on. The csv crate's line counter does not count
/// comment lines, and its byte position points at the comments before a
/// record, so the line is found from the position by skipping them.
fn record_line(source: &Source, byte: usize) -> usize {
    let mut offset = byte.min(source.text.len());
    while let Some(rest) = source.text.get(offset..) {
        if !(rest.starts_with('#') || rest.starts_with('\n') || rest.starts_with("\r\n")) {
            break;
        }
        match rest.find('\n') {
            Some(nl) => offset += nl + 1,
            None => break,
        }
    }
    source.loc_at(offset).line
}

fn loc_of(source: &Source, line: usize, col: usize) -> Loc {
    Loc {
        path: source.path.clone(),
        line,
        col,
    }
}

/// The 1-based column where field `index` starts on a line, honouring quotes.
fn field_col(source: &Source, line: usize, index: usize) -> usize {
    let text = source.line(line);
    let mut field = 0;
    let mut quoted = false;
    for (col, c) in text.chars().enumerate() {
        if field == index {
            return col + 1;
        }
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => field += 1,
            _ => {}
        }
    }
    text.chars().count() + 1
}

/// Reads `figures.toml`: a table per item, period keys, and an `at` table of
/// places for figures printed elsewhere:
///
/// ```toml
/// [revenue]
/// FY2004-Q1 = "3,103"
/// [revenue.at.gm_reconciliation]
/// FY2004-Q1 = "3,104"
/// ```
pub fn read_toml(source: &Source) -> Result<Vec<RawFigure>, InputError> {
    source.no_escaped_controls()?;
    let root = DeTable::parse(&source.text).map_err(|e| {
        let loc = source.loc(e.span().unwrap_or(0..0));
        InputError::at(loc, e.message().trim().to_string())
    })?;
    let mut out = Vec::new();
    for (item, value) in root.get_ref() {
        let item_loc = source.loc(item.span());
        let DeValue::Table(periods) = value.get_ref() else {
            return Err(InputError::at(
                item_loc,
                format!(
                    "`{}` should be a table of periods: [{}] then FY2004-Q1 = \"1,097\"",
                    item.get_ref(),
                    item.get_ref()
                ),
            ));
        };
        let item = Located {
            value: item.get_ref().to_string(),
            loc: item_loc,
        };
        for (key, value) in periods {
            if key.get_ref() == "at" {
                let DeValue::Table(places) = value.get_ref() else {
                    return Err(InputError::at(
                        source.loc(key.span()),
                        "`at` should hold a table per place: [item.at.place]",
                    ));
                };
                for (place, periods) in places {
                    let DeValue::Table(periods) = periods.get_ref() else {
                        return Err(InputError::at(
                            source.loc(place.span()),
                            "a place should hold a table of periods",
                        ));
                    };
                    let place = Located {
                        value: place.get_ref().to_string(),
                        loc: source.loc(place.span()),
                    };
                    for (period, value) in periods {
                        out.push(toml_figure(
                            source,
                            &item,
                            period,
                            value,
                            Some(place.clone()),
                        )?);
                    }
                }
            } else {
                out.push(toml_figure(source, &item, key, value, None)?);
            }
        }
    }
    Ok(out)
}

fn toml_figure(
    source: &Source,
    item: &Located<String>,
    period: &toml::Spanned<std::borrow::Cow<'_, str>>,
    value: &toml::Spanned<DeValue<'_>>,
    place: Option<Located<String>>,
) -> Result<RawFigure, InputError> {
    let loc = source.loc(value.span());
    let text = match value.get_ref() {
        DeValue::String(s) => s.to_string(),
        DeValue::Integer(i) if i.radix() == 10 => i.as_str().to_string(),
        DeValue::Float(f) => f.as_str().to_string(),
        other => {
            return Err(InputError::at(
                loc,
                format!(
                    "expected a figure (\"1,097\", \"(818)\", 0.07) but found {}",
                    crate::error::with_article(other.type_str())
                ),
            ));
        }
    };
    Ok(RawFigure {
        item: item.clone(),
        period: Located {
            value: period.get_ref().to_string(),
            loc: source.loc(period.span()),
        },
        value: Located { value: text, loc },
        place,
        note: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn src(name: &str, text: &str) -> Source {
        Source::new(PathBuf::from(name), text.to_string())
    }

    #[test]
    fn csv_rows_keep_their_positions() {
        let s = src(
            "f.csv",
            "item,period,value,place\nrevenue,FY2004-Q1,\"3,103\",\nrevenue,FY2004-Q1,\"3,104\",recon\n",
        );
        let rows = read_csv(&s).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].value.value, "3,103");
        assert_eq!(rows[0].value.loc.to_string(), "f.csv:2:19");
        assert_eq!(rows[0].place, None);
        assert_eq!(rows[1].place.as_ref().unwrap().value, "recon");
    }

    #[test]
    fn csv_unknown_column_suggests_the_nearest() {
        let e = read_csv(&src("f.csv", "item,perid,value\n")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "f.csv:1:6: unknown column `perid`; expected item, period, value and optionally place and note\n  help: did you mean `period`?"
        );
    }

    #[test]
    fn csv_lines_count_comments() {
        let s = src(
            "f.csv",
            "# a\nitem,period,value\n# b\n\n# c\nrevenue,FY2004-Q1,1\nrevenue,FY2003-Q1,2\n",
        );
        let rows = read_csv(&s).unwrap();
        assert_eq!(rows[0].item.loc.line, 6);
        assert_eq!(rows[1].item.loc.line, 7);
    }

    #[test]
    fn csv_unquoted_thousands_is_explained() {
        let e = read_csv(&src(
            "f.csv",
            "item,period,value\nrevenue,FY2004-Q1,3,103\n",
        ))
        .unwrap_err();
        assert!(
            e.to_string()
                .starts_with("f.csv:2:1: this row has 4 fields"),
            "{e}"
        );
    }

    #[test]
    fn toml_numbers_are_read_from_their_text() {
        let s = src(
            "f.toml",
            "[eps]\nFY2004-Q1 = -0.07\nFY2003-Q1 = \"(0.09)\"\n[eps.at.text]\nFY2004-Q1 = 0.10\n",
        );
        let rows = read_toml(&s).unwrap();
        let texts: Vec<&str> = rows.iter().map(|r| r.value.value.as_str()).collect();
        assert_eq!(texts, ["-0.07", "(0.09)", "0.10"]);
        assert_eq!(rows[0].value.loc.to_string(), "f.toml:2:13");
        assert_eq!(rows[2].place.as_ref().unwrap().value, "text");
    }
}
