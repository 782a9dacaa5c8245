//! A message's blocks as an email's two bodies: plain text (wrapped at 72
//! columns, never inside a word, so a figure is never split) and HTML
//! (a few plain tags, every character of text escaped). The figures are the
//! words the template filters wrote; nothing here reads a number.

use super::escape::markup as escape;
use super::{Block, Inline, Span, plain};

/// The width plain-text lines are wrapped to.
pub const WIDTH: usize = 72;

/// A message's blocks as plain text.
pub fn text(blocks: &[Block]) -> String {
    let mut out = String::new();
    text_blocks(blocks, "", "", &mut out);
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

fn text_blocks(blocks: &[Block], first: &str, rest: &str, out: &mut String) {
    for (k, b) in blocks.iter().enumerate() {
        if (k > 0 || !out.is_empty()) && !out.ends_with("\n\n") {
            out.push('\n');
        }
        let lead = if k == 0 { first } else { rest };
        match b {
            Block::Heading { text, .. } | Block::Paragraph(text) => {
                wrap(&inline_text(text), lead, rest, out);
            }
            Block::List { start, items } => {
                for (i, item) in items.iter().enumerate() {
                    let marker = match start {
                        Some(n) => format!("{}. ", n.saturating_add(i as u64)),
                        None => "- ".to_string(),
                    };
                    let hang = format!("{rest}{}", " ".repeat(marker.chars().count()));
                    let mut item_out = String::new();
                    text_blocks(item, &format!("{lead}{marker}"), &hang, &mut item_out);
                    out.push_str(item_out.trim_end_matches('\n'));
                    out.push('\n');
                }
            }
            Block::Quote(inner) => {
                text_blocks(inner, &format!("{lead}> "), &format!("{rest}> "), out);
            }
            Block::Rule => {
                out.push_str(lead);
                out.push_str("---\n");
            }
            // A message refuses these before it is written (see `render`).
            Block::Table(_) | Block::Chart(_) => {}
        }
    }
}

/// Inline text with each link's target after it, unless it is the text.
fn inline_text(spans: &Inline) -> String {
    let mut s = String::new();
    for span in spans {
        s.push_str(&span.text);
        if let Some(url) = &span.link
            && url != &span.text
            && url.strip_prefix("mailto:").is_none_or(|m| m != span.text)
        {
            s.push_str(&format!(" <{url}>"));
        }
    }
    s
}

/// Greedy wrapping at spaces; a word longer than the line stands alone.
fn wrap(text: &str, first: &str, rest: &str, out: &mut String) {
    for (n, hard) in text.split('\n').enumerate() {
        let mut line = String::from(if n == 0 { first } else { rest });
        let mut width = line.chars().count();
        let mut empty = true;
        for word in glued(hard) {
            let word = word.as_str();
            let w = word.chars().count();
            if !empty && width + 1 + w > WIDTH {
                out.push_str(line.trim_end());
                out.push('\n');
                line = rest.to_string();
                width = line.chars().count();
                empty = true;
            }
            if !empty {
                line.push(' ');
                width += 1;
            }
            line.push_str(word);
            width += w;
            empty = false;
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

/// The words of a line, a figure kept with its scale word ("$106.2
/// million"), so that no line ends in the middle of a figure.
fn glued(line: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for word in line.split_whitespace() {
        let scale = ["thousand", "million", "billion", "trillion", "percent"]
            .iter()
            .any(|s| word.starts_with(s));
        match out.last_mut() {
            Some(prev) if scale && prev.ends_with(|c: char| c.is_ascii_digit()) => {
                prev.push(' ');
                prev.push_str(word);
            }
            _ => out.push(word.to_string()),
        }
    }
    out
}

/// A message's blocks as an HTML document.
pub fn html(blocks: &[Block], title: &str) -> String {
    let mut out = String::from("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n");
    out += &format!("<title>{}</title>\n</head>\n", escape(title));
    out += "<body style=\"font-family: Arial, Helvetica, sans-serif; font-size: 14px; line-height: 1.45; color: #1a1a1a; max-width: 640px\">\n";
    html_blocks(blocks, &mut out);
    out += "</body>\n</html>\n";
    out
}

fn html_blocks(blocks: &[Block], out: &mut String) {
    for b in blocks {
        match b {
            Block::Heading { level, text } => {
                let l = (*level).clamp(2, 6);
                *out += &format!("<h{l}>{}</h{l}>\n", html_inline(text));
            }
            Block::Paragraph(text) => *out += &format!("<p>{}</p>\n", html_inline(text)),
            Block::List { start, items } => {
                let tag = match start {
                    Some(1) => "ol".to_string(),
                    Some(n) => format!("ol start=\"{n}\""),
                    None => "ul".to_string(),
                };
                *out += &format!("<{tag}>\n");
                for item in items {
                    // A tight item is one paragraph: no <p> inside the <li>.
                    match item.as_slice() {
                        [Block::Paragraph(text)] => {
                            *out += &format!("<li>{}</li>\n", html_inline(text));
                        }
                        _ => {
                            *out += "<li>\n";
                            html_blocks(item, out);
                            *out += "</li>\n";
                        }
                    }
                }
                *out += if start.is_some() {
                    "</ol>\n"
                } else {
                    "</ul>\n"
                };
            }
            Block::Quote(inner) => {
                *out += "<blockquote>\n";
                html_blocks(inner, out);
                *out += "</blockquote>\n";
            }
            Block::Rule => *out += "<hr>\n",
            Block::Table(_) | Block::Chart(_) => {}
        }
    }
}

fn html_inline(spans: &[Span]) -> String {
    let mut s = String::new();
    for span in spans {
        if span.text == "\n" {
            s += "<br>\n";
            continue;
        }
        let mut t = escape(&span.text);
        if span.italic {
            t = format!("<em>{t}</em>");
        }
        if span.bold {
            t = format!("<strong>{t}</strong>");
        }
        // Only web and mail links are live: a `javascript:` or `data:`
        // target from a dataset's text stays text.
        if let Some(url) = span.link.as_ref().filter(|u| safe_link(u)) {
            t = format!("<a href=\"{}\">{t}</a>", escape(url));
        }
        s += &t;
    }
    s
}

/// Whether a link target may be live in the HTML body.
fn safe_link(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    ["http://", "https://", "mailto:"]
        .iter()
        .any(|s| lower.starts_with(s))
}

/// The plain text of a heading, for a subject line: one line.
pub fn one_line(text: &Inline) -> String {
    plain(text).split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::markdown::read_plain;

    #[test]
    fn plain_text_wraps_between_words_and_hangs_list_items() {
        let blocks = read_plain(
            "Revenue for the quarter was $7.5 million, a $2.7 million increase from $4.8 million in the prior year period.\n\n- Net income was $0.2 million, or $0.01 per share, compared to a net loss of $2.6 million.\n- Cash was $35.6 million.\n",
        );
        let t = text(&blocks);
        for line in t.lines() {
            assert!(line.chars().count() <= WIDTH, "{line:?}");
        }
        assert!(t.contains("$7.5 million,"));
        assert!(t.contains("\n- Net income was"));
        assert!(t.contains("\n  "), "the second line of an item hangs:\n{t}");
        assert!(t.contains("- Cash was $35.6 million."));
        // Every word survives, in order.
        let words: Vec<&str> = t.split_whitespace().filter(|w| *w != "-").collect();
        assert_eq!(words.first(), Some(&"Revenue"));
        assert_eq!(words.last(), Some(&"million."));
    }

    #[test]
    fn html_escapes_every_character_of_text() {
        let blocks = read_plain("A <b>bold</b> & \"quoted\" claim of **$3.1 million**.\n");
        let h = html(&blocks, "T&C");
        assert!(h.contains("<title>T&amp;C</title>"));
        assert!(
            h.contains("&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;"),
            "{h}"
        );
        assert!(h.contains("<strong>$3.1 million</strong>"));
        let h = html(
            &read_plain("[x](javascript:alert(1)) [y](https://a.example/?q=\"1\")\n"),
            "t",
        );
        assert!(!h.contains("javascript"), "{h}");
        assert!(
            h.contains("<a href=\"https://a.example/?q=&quot;1&quot;\">y</a>"),
            "{h}"
        );
    }
}
