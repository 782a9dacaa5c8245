//! The brief's Markdown as blocks: headings, paragraphs, lists, tables and
//! rules, with styled spans of text. This is the one reading of the
//! Markdown the PDF uses, in the shape of pulldown-cmark's own HTML writer: a
//! small state machine over the events.

use pulldown_cmark::{Alignment, Event, Options, Parser, Tag, TagEnd};

/// A run of text in one style.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Span {
    /// The text; `"\n"` alone is a hard line break.
    pub text: String,
    /// Strong.
    pub bold: bool,
    /// Emphasis.
    pub italic: bool,
    /// Where it links to.
    pub link: Option<String>,
    /// The Markdown line it starts on, to point a problem back at its source.
    pub line: usize,
}

/// Inline content: spans in reading order.
pub type Inline = Vec<Span>;

/// How a table column is aligned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Left (and unspecified).
    Left,
    /// Centred.
    Center,
    /// Right: numbers.
    Right,
}

/// A block of the document.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A heading, level 1 to 6.
    Heading {
        /// Level.
        level: u8,
        /// Text.
        text: Inline,
    },
    /// A paragraph.
    Paragraph(Inline),
    /// A list; `start` is the first number of an ordered list.
    List {
        /// First number, for an ordered list.
        start: Option<u64>,
        /// Items, each a sequence of blocks.
        items: Vec<Vec<Block>>,
    },
    /// A table.
    Table {
        /// Column alignments.
        align: Vec<Align>,
        /// Header cells.
        head: Vec<Inline>,
        /// Body rows of cells.
        rows: Vec<Vec<Inline>>,
    },
    /// A quotation.
    Quote(Vec<Block>),
    /// A thematic break.
    Rule,
}

/// Reads Markdown (GitHub-flavoured tables included) into blocks.
pub fn parse(markdown: &str) -> Vec<Block> {
    let parser = Parser::new_ext(
        markdown,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    );
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(markdown.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let mut r = Reader::default();
    for (event, range) in parser.into_offset_iter() {
        r.line = line_starts.partition_point(|&s| s <= range.start);
        r.event(event);
    }
    r.finish()
}

/// A container being filled: the document, a list item or a quote.
#[derive(Debug, Default)]
struct Frame {
    blocks: Vec<Block>,
}

#[derive(Debug, Default)]
struct Reader {
    frames: Vec<Frame>,
    /// Lists being read: their start and finished items.
    lists: Vec<(Option<u64>, Vec<Vec<Block>>)>,
    inline: Option<Inline>,
    heading: Option<u8>,
    bold: usize,
    italic: usize,
    links: Vec<String>,
    table: Option<TableState>,
    /// The line of the event being read.
    line: usize,
}

#[derive(Debug, Default)]
struct TableState {
    align: Vec<Align>,
    head: Vec<Inline>,
    rows: Vec<Vec<Inline>>,
    row: Vec<Inline>,
    in_head: bool,
}

impl Reader {
    fn push_block(&mut self, b: Block) {
        if self.frames.is_empty() {
            self.frames.push(Frame::default());
        }
        self.frames.last_mut().expect("a frame").blocks.push(b);
    }

    fn text(&mut self, t: &str) {
        // Text straight inside a list item (a tight list) is a paragraph.
        let span = Span {
            text: t.to_string(),
            bold: self.bold > 0,
            italic: self.italic > 0,
            link: self.links.last().cloned(),
            line: self.line,
        };
        let inline = self.inline.get_or_insert_with(Vec::new);
        match inline.last_mut() {
            Some(last)
                if last.bold == span.bold
                    && last.italic == span.italic
                    && last.link == span.link
                    && last.text != "\n"
                    && span.text != "\n" =>
            {
                last.text.push_str(&span.text);
            }
            _ => inline.push(span),
        }
    }

    fn end_inline(&mut self) -> Inline {
        self.inline.take().unwrap_or_default()
    }

    fn flush_loose_text(&mut self) {
        if self.table.is_none()
            && self.heading.is_none()
            && let Some(inline) = self.inline.take()
            && !inline.is_empty()
        {
            self.push_block(Block::Paragraph(inline));
        }
    }

    fn event(&mut self, e: Event<'_>) {
        match e {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) | Event::Code(t) => self.text(&t),
            // Raw HTML is shown as written rather than dropped: nothing is lost.
            Event::Html(t) | Event::InlineHtml(t) => self.text(&t),
            Event::SoftBreak => self.text(" "),
            Event::HardBreak => self.text("\n"),
            Event::Rule => {
                self.flush_loose_text();
                self.push_block(Block::Rule);
            }
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph => {
                self.flush_loose_text();
                self.inline = Some(Vec::new());
            }
            Tag::Heading { level, .. } => {
                self.flush_loose_text();
                self.heading = Some(level as u8);
                self.inline = Some(Vec::new());
            }
            Tag::List(start) => {
                self.flush_loose_text();
                self.lists.push((start, Vec::new()));
            }
            Tag::Item => {
                self.flush_loose_text();
                self.frames.push(Frame::default());
            }
            Tag::BlockQuote(_) => {
                self.flush_loose_text();
                self.frames.push(Frame::default());
            }
            Tag::Strong => self.bold += 1,
            Tag::Emphasis => self.italic += 1,
            Tag::Link { dest_url, .. } => self.links.push(dest_url.to_string()),
            Tag::Table(align) => {
                self.flush_loose_text();
                self.table = Some(TableState {
                    align: align
                        .iter()
                        .map(|a| match a {
                            Alignment::Right => Align::Right,
                            Alignment::Center => Align::Center,
                            Alignment::Left | Alignment::None => Align::Left,
                        })
                        .collect(),
                    ..TableState::default()
                });
            }
            Tag::TableHead => {
                if let Some(t) = &mut self.table {
                    t.in_head = true;
                }
            }
            Tag::TableRow => {
                if let Some(t) = &mut self.table {
                    t.row.clear();
                }
            }
            Tag::TableCell => self.inline = Some(Vec::new()),
            Tag::CodeBlock(_) => {
                self.flush_loose_text();
                self.inline = Some(Vec::new());
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::CodeBlock => {
                let inline = self.end_inline();
                if !inline.is_empty() {
                    self.push_block(Block::Paragraph(inline));
                }
            }
            TagEnd::Heading(_) => {
                let text = self.end_inline();
                let level = self.heading.take().unwrap_or(1);
                self.push_block(Block::Heading { level, text });
            }
            TagEnd::Item => {
                self.flush_loose_text();
                let frame = self.frames.pop().unwrap_or_default();
                if let Some((_, items)) = self.lists.last_mut() {
                    items.push(frame.blocks);
                }
            }
            TagEnd::List(_) => {
                if let Some((start, items)) = self.lists.pop() {
                    self.push_block(Block::List { start, items });
                }
            }
            TagEnd::BlockQuote(_) => {
                self.flush_loose_text();
                let frame = self.frames.pop().unwrap_or_default();
                self.push_block(Block::Quote(frame.blocks));
            }
            TagEnd::Strong => self.bold = self.bold.saturating_sub(1),
            TagEnd::Emphasis => self.italic = self.italic.saturating_sub(1),
            TagEnd::Link => {
                self.links.pop();
            }
            TagEnd::TableCell => {
                let cell = self.end_inline();
                if let Some(t) = &mut self.table {
                    t.row.push(cell);
                }
            }
            TagEnd::TableHead => {
                if let Some(t) = &mut self.table {
                    t.head = std::mem::take(&mut t.row);
                    t.in_head = false;
                }
            }
            TagEnd::TableRow => {
                if let Some(t) = &mut self.table {
                    let row = std::mem::take(&mut t.row);
                    t.rows.push(row);
                }
            }
            TagEnd::Table => {
                if let Some(t) = self.table.take() {
                    self.push_block(Block::Table {
                        align: t.align,
                        head: t.head,
                        rows: t.rows,
                    });
                }
            }
            _ => {}
        }
    }

    fn finish(mut self) -> Vec<Block> {
        self.flush_loose_text();
        // Unclosed containers (impossible from pulldown-cmark) fold into the document.
        let mut out = Vec::new();
        for f in self.frames.drain(..) {
            out.extend(f.blocks);
        }
        out
    }
}

/// The plain text of inline content.
pub fn plain(inline: &[Span]) -> String {
    inline.iter().map(|s| s.text.as_str()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_shapes_a_brief_uses() {
        let md = "# Title\n\n**NEW YORK** — text *it*\n\n- one\n- two **b**\n\n| | A |\n|:---|---:|\n| x | (1) |\n| **T** | **$2** |\n";
        let blocks = parse(md);
        assert!(matches!(&blocks[0], Block::Heading { level: 1, text } if plain(text) == "Title"));
        let Block::Paragraph(p) = &blocks[1] else {
            panic!("{blocks:?}")
        };
        assert!(p[0].bold && p[0].text == "NEW YORK");
        let Block::List { start: None, items } = &blocks[2] else {
            panic!("{blocks:?}")
        };
        assert_eq!(items.len(), 2);
        let Block::Table { align, head, rows } = &blocks[3] else {
            panic!("{blocks:?}")
        };
        assert_eq!(align, &[Align::Left, Align::Right]);
        assert_eq!(plain(&head[1]), "A");
        assert_eq!(plain(&rows[1][1]), "$2");
        assert!(rows[1][1][0].bold);
    }

    #[test]
    fn spans_know_their_line() {
        let blocks = parse("# T\n\nfirst\nsecond **b**\n");
        let Block::Paragraph(p) = &blocks[1] else {
            panic!()
        };
        assert_eq!(p[0].line, 3);
        assert_eq!(p.last().unwrap().line, 4);
    }

    #[test]
    fn escapes_read_back() {
        let blocks = parse("A\\|B \\*x\\* \\$5");
        let Block::Paragraph(p) = &blocks[0] else {
            panic!()
        };
        assert_eq!(plain(p), "A|B *x* $5");
    }
}
