//! Markdown escaping: the one place a dataset string is made safe for
//! Markdown. Every `{{ }}` in a `.md` template passes through [`escape`], so
//! a company called `A|B *Holdings* <Inc>` cannot open a table cell,
//! emphasis or an HTML tag.

use std::io::Write;

/// Escapes `input` for any Markdown context: inline text, a heading, a list
/// item or a table cell. Newlines become spaces, since a line break inside a
/// value would end a table row or start a new block.
pub fn escape(input: &str, out: &mut dyn Write) -> std::io::Result<()> {
    out.write_all(escape_str(input).as_bytes())
}

/// Text made safe for HTML and XML, in content and in quoted attributes
/// (the email's HTML body, an SVG's labels): the one home of that rule.
/// Characters XML 1.0 does not allow at all become U+FFFD.
pub fn markup(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r')
                || matches!(c, '\u{FFFE}' | '\u{FFFF}') =>
            {
                out.push('\u{FFFD}')
            }
            c => out.push(c),
        }
    }
    out
}

/// [`escape`] into a new string.
pub fn escape_str(input: &str) -> String {
    let mut s = String::with_capacity(input.len() + 8);
    escape_into(&mut s, input, true);
    s
}

/// Escapes `input` onto `out`. Where the text starts a line
/// (`line_start`), a leading `-`, `+` or `=`, and a `.` or `)` after leading
/// digits, are escaped too, since they could open a list or underline a
/// heading there. Runs of text that need nothing are copied whole: every
/// character escaped is ASCII, so a byte scan finds them.
pub fn escape_into(out: &mut String, input: &str, line_start: bool) {
    let bytes = input.as_bytes();
    let mut copied = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escaped = match b {
            b'\\' | b'`' | b'*' | b'_' | b'[' | b']' | b'<' | b'>' | b'|' | b'~' | b'$' | b'#' => {
                true
            }
            // `&amp;` would be read as an entity; a lone `&` is fine as it is.
            b'&' => starts_entity(&bytes[i + 1..]),
            b'-' | b'+' | b'=' => line_start && i == 0,
            b'.' | b')' => {
                line_start
                    && i > 0
                    && bytes[..i].iter().all(u8::is_ascii_digit)
                    && input[i + 1..]
                        .chars()
                        .next()
                        .is_none_or(char::is_whitespace)
            }
            b'\r' | b'\n' => {
                out.push_str(&input[copied..i]);
                if b == b'\n' {
                    out.push(' ');
                }
                copied = i + 1;
                continue;
            }
            _ => false,
        };
        if escaped {
            out.push_str(&input[copied..i]);
            out.push('\\');
            copied = i;
        }
    }
    out.push_str(&input[copied..]);
}

fn starts_entity(rest: &[u8]) -> bool {
    let name_len = rest
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == b'#')
        .count();
    name_len > 0 && rest.get(name_len) == Some(&b';')
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Event, Options, Parser};

    /// What a Markdown reader shows for `md`: its text, with no markup.
    fn shown_text(md: &str) -> String {
        Parser::new_ext(md, Options::ENABLE_TABLES)
            .filter_map(|e| match e {
                Event::Text(t) => Some(t.to_string()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn hostile_names_read_back_as_written() {
        for name in [
            "A|B *Holdings* <Inc>",
            "Under_score & Co",
            "AT&amp;T",
            "`code` [link](x) ~strike~ $5 and $6",
            "#1 Holdings",
            "- Dash Corp",
            "1. First Corp",
            "back\\slash",
            "40.1% and 212.271.7618",
        ] {
            assert_eq!(shown_text(&escape_str(name)), name, "{name}");
        }
    }

    #[test]
    fn a_cell_cannot_be_split() {
        let md = format!("| a | b |\n|---|---|\n| {} | x |\n", escape_str("A|B"));
        let cells = Parser::new_ext(&md, Options::ENABLE_TABLES)
            .filter(|e| matches!(e, Event::Start(pulldown_cmark::Tag::TableCell)))
            .count();
        assert_eq!(cells, 4);
    }

    #[test]
    fn numbers_stay_readable() {
        assert_eq!(escape_str("40.1%"), "40.1%");
        assert_eq!(escape_str("212.271.7618"), "212.271.7618");
        assert_eq!(escape_str("1. First"), "1\\. First");
    }

    #[test]
    fn newlines_cannot_end_a_row() {
        assert_eq!(escape_str("a\nb\r\nc"), "a b c");
    }
}
