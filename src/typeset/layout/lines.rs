//! Line breaking: inline spans into lines no wider than a measure.

use super::{Engine, Frag, Line};
use crate::document::Span;
use crate::typeset::fonts::Face;

impl Engine<'_> {
    /// Records a character the fonts cannot draw, with the first word it
    /// is in, for the warning.
    pub(super) fn note_missing_char(&self, c: char, text: &str) {
        self.missing.borrow_mut().entry(c).or_insert_with(|| {
            text.split_whitespace()
                .find(|w| w.contains(c))
                .unwrap_or_default()
                .to_string()
        });
    }

    /// Records every character of `text` the face cannot draw.
    pub(super) fn note_missing(&self, face: Face, text: &str) {
        for c in text.chars() {
            if !c.is_whitespace() && !self.fonts.covers(face, c) {
                self.note_missing_char(c, text);
            }
        }
    }

    /// Breaks inline text into lines no wider than `width`: greedy, at
    /// spaces, and inside a word only when the word alone is too wide (a
    /// long URL or account number), so nothing ever overflows.
    pub(super) fn break_lines(
        &self,
        inline: &[Span],
        base: Face,
        size: f32,
        width: f32,
    ) -> Vec<Line> {
        // The same paragraph at the same measure, just broken to count its
        // lines: those lines, compared by value, not by address.
        let kept = self.broken.borrow_mut().take_if(|b| {
            b.face == base && b.size == size && b.width == width && b.inline == inline
        });
        if let Some(b) = kept {
            return b.lines;
        }
        let width = width.max(size);
        // Words: runs of pieces between spaces, borrowed from the spans
        // (one list for all, each word a range of it); `None` is a forced
        // break.
        let mut pieces: Vec<Piece<'_>> = Vec::new();
        let mut words: Vec<Option<std::ops::Range<usize>>> = Vec::new();
        let mut word_start = 0;
        let flush = |pieces: &Vec<Piece<'_>>, start: &mut usize, words: &mut Vec<_>| {
            if *start < pieces.len() {
                words.push(Some(*start..pieces.len()));
            }
            *start = pieces.len();
        };
        for span in inline {
            let face = match (span.bold, span.italic) {
                (false, false) => base,
                (b, i) => {
                    let f = Face::of(b, i);
                    if base == Face::Bold { f.bold() } else { f }
                }
            };
            if span.text == "\n" {
                flush(&pieces, &mut word_start, &mut words);
                words.push(None);
                continue;
            }
            let link = span.link.as_deref();
            let mut run: Option<usize> = None;
            for (i, c) in span.text.char_indices() {
                if !self.fonts.covers(face, c) {
                    self.note_missing_char(c, &span.text);
                }
                if c.is_whitespace() {
                    if let Some(start) = run.take() {
                        pieces.push(Piece {
                            text: &span.text[start..i],
                            face,
                            link,
                        });
                    }
                    flush(&pieces, &mut word_start, &mut words);
                } else if run.is_none() {
                    run = Some(i);
                }
            }
            if let Some(start) = run {
                pieces.push(Piece {
                    text: &span.text[start..],
                    face,
                    link,
                });
            }
        }
        flush(&pieces, &mut word_start, &mut words);

        // Widths are kept in thousandths of an em and grown by what each
        // word adds (its own width and the kerning where it joins), which is
        // exactly what measuring the whole line again would give.
        let limit = width * 1000.0 / size;
        let mut lines = Vec::new();
        let mut line = Line::default();
        let mut milli = 0_i32;
        for w in words {
            let Some(w) = w.map(|r| &pieces[r]) else {
                lines.push(std::mem::take(&mut line));
                milli = 0;
                continue;
            };
            if !line.frags.is_empty() {
                let mark = Mark::of(&line);
                append_word(&mut line, w, true);
                let grown = milli + self.added_milli(&line, &mark);
                if grown as f32 <= limit {
                    milli = grown;
                    continue;
                }
                mark.undo(&mut line);
                lines.push(std::mem::take(&mut line));
            }
            append_word(&mut line, w, false);
            milli = self.added_milli(&line, &Mark::of(&Line::default()));
            if milli as f32 <= limit {
                continue;
            }
            // Too wide for any line: break it by characters.
            line = Line::default();
            milli = 0;
            for frag in w {
                for c in frag.text.chars() {
                    let mark = Mark::of(&line);
                    push_char(&mut line, c, frag);
                    let grown = milli + self.added_milli(&line, &mark);
                    if mark.frags > 0 && grown as f32 > limit {
                        mark.undo(&mut line);
                        lines.push(std::mem::take(&mut line));
                        push_char(&mut line, c, frag);
                        milli = self.added_milli(&line, &Mark::of(&Line::default()));
                    } else {
                        milli = grown;
                    }
                }
            }
        }
        if !line.frags.is_empty() || lines.is_empty() {
            lines.push(line);
        }
        lines
    }

    /// What text appended to a line since `mark` adds to its width, in
    /// thousandths of an em: kerning where it joins the last fragment, and
    /// the width of everything new.
    pub(super) fn added_milli(&self, line: &Line, mark: &Mark) -> i32 {
        let mut added = 0;
        if mark.frags > 0 {
            let f = &line.frags[mark.frags - 1];
            let appended = &f.text[mark.last_len..];
            if let (Some(prev), Some(first)) = (mark.last_char, appended.chars().next()) {
                added += self.fonts.kern_milli(f.face, prev, first);
            }
            added += self.fonts.width_milli(f.face, appended);
        }
        for f in &line.frags[mark.frags..] {
            added += self.fonts.width_milli(f.face, &f.text);
        }
        added
    }
}

/// Where a line ended before text was appended, to measure or undo the append.
pub(super) struct Mark {
    frags: usize,
    last_len: usize,
    last_char: Option<char>,
}

impl Mark {
    pub(super) fn of(line: &Line) -> Mark {
        let last = line.frags.last();
        Mark {
            frags: line.frags.len(),
            last_len: last.map_or(0, |f| f.text.len()),
            last_char: last.and_then(|f| f.text.chars().last()),
        }
    }

    pub(super) fn undo(&self, line: &mut Line) {
        line.frags.truncate(self.frags);
        if let Some(f) = line.frags.last_mut() {
            f.text.truncate(self.last_len);
        }
    }
}

/// A paragraph broken into lines, with what it was broken from.
pub(super) struct Broken {
    pub(super) inline: Vec<Span>,
    pub(super) face: Face,
    pub(super) size: f32,
    pub(super) width: f32,
    pub(super) lines: Vec<Line>,
}

/// Part of a word in one face and link, borrowed from its span.
#[derive(Debug, Clone, Copy)]
pub(super) struct Piece<'a> {
    pub(super) text: &'a str,
    pub(super) face: Face,
    pub(super) link: Option<&'a str>,
}

impl Piece<'_> {
    /// Whether text of this piece may join `frag`: the same face and link.
    fn joins(&self, frag: &Frag) -> bool {
        frag.face == self.face && frag.link.as_deref() == self.link
    }

    fn frag(&self, text: String) -> Frag {
        Frag {
            text,
            face: self.face,
            link: self.link.map(str::to_string),
        }
    }
}

/// Appends a word to a line, after a space if `space`.
pub(super) fn append_word(line: &mut Line, word: &[Piece<'_>], space: bool) {
    for (i, f) in word.iter().enumerate() {
        let space = space && i == 0;
        match line.frags.last_mut() {
            Some(last) if f.joins(last) => {
                if space {
                    last.text.push(' ');
                }
                last.text.push_str(f.text);
            }
            Some(last) if space && last.link.is_none() && f.link.is_none() => {
                // The space takes the face of the text before it.
                last.text.push(' ');
                line.frags.push(f.frag(f.text.to_string()));
            }
            _ => {
                let mut text = String::with_capacity(f.text.len() + 1);
                if space {
                    text.push(' ');
                }
                text.push_str(f.text);
                line.frags.push(f.frag(text));
            }
        }
    }
}

pub(super) fn push_char(line: &mut Line, c: char, like: &Piece<'_>) {
    match line.frags.last_mut() {
        Some(last) if like.joins(last) => last.text.push(c),
        _ => line.frags.push(like.frag(c.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Engine, STYLE};
    use crate::document::{Block, Span};
    use crate::typeset::PageSize;
    use crate::typeset::fonts::{Face, Fonts};

    fn text(lines: &[super::Line]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.frags.iter().map(|f| f.text.as_str()).collect())
            .collect()
    }

    /// The lines kept from counting a paragraph are used only for that
    /// paragraph at that measure: another of the same length, or the same
    /// at another width, is broken afresh.
    #[test]
    fn lines_kept_from_counting_are_only_reused_for_the_same_paragraph() {
        Fonts::with(|fonts| {
            let a = vec![Span::plain(
                "Revenue rose to $3.1 million from $2.9 million a year earlier.",
            )];
            let b = vec![Span::plain(
                "Revenue fell to $2.1 million from $2.9 million a year earlier.",
            )];
            let fresh = |inline: &[Span], width: f32| {
                let e = Engine::new(fonts, PageSize::LETTER);
                text(&e.break_lines(inline, Face::Regular, STYLE.body, width))
            };
            let e = Engine::new(fonts, PageSize::LETTER);
            e.lead_of(&[Block::Paragraph(a.clone())], 120.0);
            assert_eq!(
                text(&e.break_lines(&b, Face::Regular, STYLE.body, 120.0)),
                fresh(&b, 120.0)
            );
            e.lead_of(&[Block::Paragraph(a.clone())], 120.0);
            assert_eq!(
                text(&e.break_lines(&a, Face::Regular, STYLE.body, 200.0)),
                fresh(&a, 200.0)
            );
            e.lead_of(&[Block::Paragraph(a.clone())], 120.0);
            assert!(e.broken.borrow().is_some(), "kept after counting");
            assert_eq!(
                text(&e.break_lines(&a, Face::Regular, STYLE.body, 120.0)),
                fresh(&a, 120.0)
            );
            assert!(e.broken.borrow().is_none(), "used once");
        });
    }
}
