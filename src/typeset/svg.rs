//! A chart's drawing as SVG: it only walks the shapes [`super::chart`]
//! placed. The file is small and the same bytes every run: coordinates to
//! two decimals, no ids, dates or generator comments; its `<title>` is the
//! chart's text alternative, every figure in words.

use super::chart::{Anchor, Drawing, Shape};
use super::fonts::Face;
use super::layout::Rgb;
use std::fmt::Write;

/// The font stack: the brief's own face, then the faces with its metrics,
/// so a viewer without it (GitHub shows an SVG as an image, without web
/// fonts) sets the labels the same width.
const FONT_FAMILY: &str = "'Liberation Sans', Arial, Helvetica, sans-serif";

/// White space around the drawing, so a viewer's wider fallback font
/// cannot push a label past the edge.
const MARGIN: f32 = 10.0;

/// How much larger than its points a viewer shows the SVG: a page of a docs
/// site is wider than a PDF's text block, and 7 pt labels at one pixel a
/// point are hard to read.
const DISPLAY: f32 = 1.5;

/// Writes `drawing` as a standalone SVG document described by `alt`.
pub fn write(drawing: &Drawing, alt: &str) -> String {
    let mut out = String::with_capacity(256 + drawing.shapes.len() * 96);
    // `write!` to a String cannot fail.
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{sw}\" height=\"{sh}\" viewBox=\"-{m} -{m} {w} {h}\" role=\"img\" font-family=\"{FONT_FAMILY}\">\n<title>{t}</title>\n<rect x=\"-{m}\" y=\"-{m}\" width=\"{w}\" height=\"{h}\" fill=\"#fff\"/>\n",
        m = num(MARGIN),
        w = num(drawing.width + 2.0 * MARGIN),
        h = num(drawing.height + 2.0 * MARGIN),
        sw = num((drawing.width + 2.0 * MARGIN) * DISPLAY),
        sh = num((drawing.height + 2.0 * MARGIN) * DISPLAY),
        t = escape(alt),
    );
    for shape in &drawing.shapes {
        match shape {
            Shape::Rect { x, y, w, h, fill } => {
                let _ = writeln!(
                    out,
                    "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"/>",
                    num(*x),
                    num(*y),
                    num(*w),
                    num(*h),
                    hex(*fill)
                );
            }
            Shape::Path {
                points,
                width,
                color,
                dash,
            } => {
                let pts: Vec<String> = points
                    .iter()
                    .map(|(x, y)| format!("{},{}", num(*x), num(*y)))
                    .collect();
                let _ = writeln!(
                    out,
                    "<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"{}\"{}/>",
                    pts.join(" "),
                    hex(*color),
                    num(*width),
                    if *dash {
                        " stroke-dasharray=\"4 2.5\""
                    } else {
                        ""
                    }
                );
            }
            Shape::Text(l) => {
                let anchor = match l.anchor {
                    Anchor::Start => "",
                    Anchor::Middle => " text-anchor=\"middle\"",
                    Anchor::End => " text-anchor=\"end\"",
                };
                let weight = match l.face {
                    Face::Bold | Face::BoldItalic => " font-weight=\"bold\"",
                    Face::Regular | Face::Italic => "",
                };
                let style = match l.face {
                    Face::Italic | Face::BoldItalic => " font-style=\"italic\"",
                    Face::Regular | Face::Bold => "",
                };
                let fill = if l.color == Rgb(0.0, 0.0, 0.0) {
                    String::new()
                } else {
                    format!(" fill=\"{}\"", hex(l.color))
                };
                let _ = writeln!(
                    out,
                    "<text x=\"{}\" y=\"{}\" font-size=\"{}\"{anchor}{weight}{style}{fill}>{}</text>",
                    num(l.x),
                    num(l.y),
                    num(l.size),
                    escape(&l.text)
                );
            }
        }
    }
    out.push_str("</svg>\n");
    out
}

/// A coordinate to two decimals, without trailing zeros: `12.5`, `3`.
/// Rounded as `format!("{v:.2}")` rounds, half to even on the exact value
/// (a float times 100 is exact in f64), without float formatting, which
/// cost a chart 1,700 instructions a number.
fn num(v: f32) -> String {
    let hundredths = (f64::from(v) * 100.0).round_ties_even();
    // Coordinates are page-sized; anything else is clamped, not wrapped.
    let h = hundredths.clamp(-1e15, 1e15) as i64;
    let mut s = String::with_capacity(8);
    if h < 0 {
        s.push('-');
    }
    let m = h.unsigned_abs();
    s.push_str(&(m / 100).to_string());
    let frac = m % 100;
    if frac != 0 {
        s.push('.');
        s.push(char::from(b'0' + (frac / 10) as u8));
        if !frac.is_multiple_of(10) {
            s.push(char::from(b'0' + (frac % 10) as u8));
        }
    }
    s
}

/// A colour as `#rrggbb`.
fn hex(c: Rgb) -> String {
    let b = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
    format!("#{:02x}{:02x}{:02x}", b(c.0), b(c.1), b(c.2))
}

/// Text for XML content and attributes.
fn escape(s: &str) -> String {
    crate::document::escape::markup(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short_and_never_negative_zero() {
        assert_eq!(num(12.5), "12.5");
        assert_eq!(num(3.0), "3");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(0.126), "0.13");
        assert_eq!(num(-0.005), "0");
        // The same text as float formatting gives, ties included.
        let old = |v: f32| {
            let v = if v.abs() < 0.005 { 0.0 } else { v };
            let s = format!("{v:.2}");
            let s = s.trim_end_matches('0').trim_end_matches('.');
            if s == "-0" {
                "0".to_string()
            } else {
                s.to_string()
            }
        };
        for i in -200_000..200_000 {
            let v = i as f32 / 1000.0 + 0.000_5 * (i % 3) as f32;
            assert_eq!(num(v), old(v), "{v}");
        }
        for v in [0.125, 0.375, 12.125, -0.125, -0.625, 612.0, 791.995, 1e-9] {
            assert_eq!(num(v), old(v), "{v}");
        }
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("R&D <\"x\">"), "R&amp;D &lt;&quot;x&quot;&gt;");
        assert_eq!(escape("a\u{1}b"), "a\u{FFFD}b");
    }
}
