//! Markdown, both ways. [`read`] turns the Markdown templates render into
//! blocks, in the shape of pulldown-cmark's own HTML writer (a small state
//! machine over the events); a placeholder a template left for a table or a
//! chart (`<!-- brief:table 3 -->`) becomes the typed block its resolver
//! builds. [`write`] serialises a document as GitHub-flavoured Markdown,
//! escaping every text once, with [`escape_str`].

use super::escape::escape_str;
use super::{Block, Chart, Inline, Row, RowStyle, Span, Table};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// The placeholder a template leaves where a typed block goes.
pub fn placeholder(kind: &str, id: &str) -> String {
    format!("\n\n<!-- brief:{kind} {id} -->\n\n")
}

/// Reads a placeholder: its kind and id.
fn parse_placeholder(html: &str) -> Option<(&str, &str)> {
    let inner = html
        .trim()
        .strip_prefix("<!-- brief:")?
        .strip_suffix("-->")?
        .trim();
    inner.split_once(' ').map(|(k, id)| (k, id.trim()))
}

/// The first placeholder in a template's output that does not stand alone
/// on its line (text before or after it on the same line, as in a sentence
/// or inside a quote's marks), as its kind and id.
pub fn inline_placeholder(text: &str) -> Option<(&str, &str)> {
    let mut from = 0;
    while let Some(at) = text[from..].find("<!-- brief:") {
        let start = from + at;
        let Some(len) = text[start..].find("-->") else {
            return Some(("block", ""));
        };
        let end = start + len + 3;
        let (kind, id) = parse_placeholder(&text[start..end])?;
        let alone_before = text[..start]
            .strip_suffix("\n\n")
            .is_some_and(|b| b.rsplit('\n').next().is_none_or(|l| l.trim().is_empty()));
        let alone_after = text[end..]
            .strip_prefix("\n\n")
            .is_some_and(|a| a.split('\n').next().is_none_or(|l| l.trim().is_empty()));
        if !(alone_before && alone_after) {
            return Some((kind, id));
        }
        from = end;
    }
    None
}

/// How deep quotes and lists may nest: deeper than any release needs, and
/// shallow enough that every stage that walks blocks stays well within its
/// stack.
pub const MAX_NESTING: usize = 16;

/// Markdown that nests quotes and lists deeper than [`MAX_NESTING`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooDeep {
    /// The line of the Markdown where the limit was passed, from 1.
    pub line: usize,
}

impl std::fmt::Display for TooDeep {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "quotes and lists nest more than {MAX_NESTING} deep (line {} of the rendered Markdown)",
            self.line
        )
    }
}

/// Reads Markdown (GitHub-flavoured tables included) into blocks; each
/// placeholder is replaced by what `resolve` builds for its kind and id.
/// Nesting deeper than [`MAX_NESTING`] is refused.
pub fn read<E: From<TooDeep>>(
    markdown: &str,
    mut resolve: impl FnMut(&str, &str) -> Result<Block, E>,
) -> Result<Vec<Block>, E> {
    let parser = Parser::new_ext(
        markdown,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    )
    .into_offset_iter();
    let mut r = Reader::default();
    for (event, range) in parser {
        if r.frames.len() + r.lists.len() > MAX_NESTING {
            let line = markdown[..range.start.min(markdown.len())]
                .matches('\n')
                .count()
                + 1;
            return Err(TooDeep { line }.into());
        }
        if let Event::Html(html) = &event
            && let Some((kind, id)) = parse_placeholder(html)
        {
            r.flush_loose_text();
            let block = resolve(kind, id)?;
            r.push_block(block);
            continue;
        }
        r.event(event);
    }
    Ok(r.finish())
}

/// Reads Markdown with no placeholders (a placeholder is kept as text).
/// Markdown nested too deep is read as one paragraph of its text.
pub fn read_plain(markdown: &str) -> Vec<Block> {
    let parsed: Result<Vec<Block>, TooDeep> = read(markdown, |kind, id| {
        Ok(Block::Paragraph(vec![Span::plain(format!(
            "<!-- brief:{kind} {id} -->"
        ))]))
    });
    parsed.unwrap_or_else(|_| vec![Block::Paragraph(vec![Span::plain(markdown)])])
}

/// Reads one line of inline Markdown ("**Title**", "in *thousands*").
pub fn read_inline(markdown: &str) -> Inline {
    let blocks = read_plain(markdown);
    let mut out = Inline::new();
    for b in blocks {
        if let Block::Paragraph(inline) | Block::Heading { text: inline, .. } = b {
            if !out.is_empty() {
                out.push(Span::plain(" "));
            }
            out.extend(inline);
        }
    }
    out
}

/// A container being filled: the document, a list item or a quote.
#[derive(Debug, Default)]
struct Frame {
    blocks: Vec<Block>,
}

/// A GitHub table a template wrote in Markdown: cells of inline text.
#[derive(Debug, Default)]
struct TableState {
    head: Vec<Inline>,
    rows: Vec<Vec<Inline>>,
    row: Vec<Inline>,
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
}

impl Reader {
    fn push_block(&mut self, b: Block) {
        if self.frames.is_empty() {
            self.frames.push(Frame::default());
        }
        self.frames.last_mut().expect("a frame").blocks.push(b);
    }

    fn text(&mut self, t: &str) {
        let span = Span {
            text: t.to_string(),
            bold: self.bold > 0,
            italic: self.italic > 0,
            link: self.links.last().cloned(),
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

    /// Text straight inside a list item (a tight list) is a paragraph.
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
            Tag::Paragraph | Tag::CodeBlock(_) => {
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
            Tag::Item | Tag::BlockQuote(_) => {
                self.flush_loose_text();
                self.frames.push(Frame::default());
            }
            Tag::Strong => self.bold += 1,
            Tag::Emphasis => self.italic += 1,
            Tag::Link { dest_url, .. } => self.links.push(dest_url.to_string()),
            Tag::Table(_) => {
                self.flush_loose_text();
                self.table = Some(TableState::default());
            }
            Tag::TableRow => {
                if let Some(t) = &mut self.table {
                    t.row.clear();
                }
            }
            Tag::TableCell => self.inline = Some(Vec::new()),
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
                    self.push_block(Block::Table(plain_table(t)));
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

/// A table a template wrote as Markdown: its cells are text, every row a
/// line, with no meaning read from its emphasis.
fn plain_table(t: TableState) -> Table {
    let columns: Vec<String> = t.head.iter().skip(1).map(|c| super::plain(c)).collect();
    let rows = t
        .rows
        .into_iter()
        .map(|r| Row {
            label: r.first().map(|c| super::plain(c)).unwrap_or_default(),
            indent: 0,
            style: RowStyle::Line,
            cells: r
                .iter()
                .skip(1)
                .map(|c| super::Cell {
                    text: super::plain(c),
                    currency: None,
                })
                .collect(),
        })
        .collect();
    Table {
        id: String::new(),
        kind: super::TableKind::Plain,
        company: None,
        title: Vec::new(),
        notes: Vec::new(),
        groups: Vec::new(),
        columns,
        rows,
        footnotes: Vec::new(),
        new_page: false,
    }
}

/// Writes a document as GitHub-flavoured Markdown. A chart is an image:
/// `chart_file` names the SVG file written beside the Markdown.
pub fn write(blocks: &[Block], chart_file: &dyn Fn(&Chart) -> String) -> String {
    // A brief is tens of kilobytes: room for one up front, not regrown.
    let mut out = String::with_capacity(64 * 1024);
    write_blocks(&mut out, blocks, "", chart_file);
    out
}

fn write_blocks(
    out: &mut String,
    blocks: &[Block],
    indent: &str,
    chart_file: &dyn Fn(&Chart) -> String,
) {
    for b in blocks {
        let mut text = String::new();
        match b {
            Block::Heading { level, text: t } => {
                text.push_str(&"#".repeat(usize::from((*level).clamp(1, 6))));
                text.push(' ');
                text.push_str(&inline(t));
            }
            Block::Paragraph(t) => text.push_str(&inline(t)),
            Block::List { start, items } => {
                for (i, item) in items.iter().enumerate() {
                    let marker = match start {
                        Some(n) => format!("{}. ", n + i as u64),
                        None => "- ".to_string(),
                    };
                    let pad = " ".repeat(marker.len());
                    let mut inner = String::new();
                    write_blocks(&mut inner, item, "", chart_file);
                    for (k, line) in inner.trim_end().lines().enumerate() {
                        if k == 0 {
                            text.push_str(&marker);
                        } else if !line.is_empty() {
                            text.push_str(&pad);
                        }
                        text.push_str(line);
                        text.push('\n');
                    }
                    if i + 1 < items.len() {
                        text.push('\n');
                    }
                }
            }
            Block::Quote(inner) => {
                let mut q = String::new();
                write_blocks(&mut q, inner, "", chart_file);
                for line in q.trim_end().lines() {
                    text.push('>');
                    if !line.is_empty() {
                        text.push(' ');
                        text.push_str(line);
                    }
                    text.push('\n');
                }
            }
            Block::Rule => text.push_str("***"),
            Block::Table(t) => table(&mut text, t),
            Block::Chart(c) => {
                text.push_str(&format!("![{}]({})", escape_str(&c.alt), chart_file(c)));
            }
        }
        for line in text.trim_end().lines() {
            if !line.is_empty() {
                out.push_str(indent);
            }
            out.push_str(line);
            out.push('\n');
        }
        out.push('\n');
    }
}

/// Inline spans as Markdown: emphasis around the words (spaces kept
/// outside the markers, where CommonMark needs them), links, hard breaks.
pub fn inline(spans: &[Span]) -> String {
    let mut out = String::new();
    for s in spans {
        if s.text == "\n" {
            out.push_str("\\\n");
            continue;
        }
        let core = s.text.trim();
        if core.is_empty() {
            out.push_str(&escape_str(&s.text));
            continue;
        }
        let lead = &s.text[..s.text.len() - s.text.trim_start().len()];
        let trail = &s.text[s.text.trim_end().len()..];
        let marks = match (s.bold, s.italic) {
            (true, true) => "***",
            (true, false) => "**",
            (false, true) => "*",
            (false, false) => "",
        };
        // At the start of a line (or after a hard break), "- " or "1." would
        // open a list.
        let at_start = out.is_empty() || out.ends_with('\n');
        let mut body = escape_inner(core, at_start && lead.is_empty() && marks.is_empty());
        if let Some(url) = &s.link {
            body = format!("[{body}]({})", url.replace(' ', "%20").replace(')', "%29"));
        }
        out.push_str(lead);
        out.push_str(marks);
        out.push_str(&body);
        out.push_str(marks);
        out.push_str(trail);
    }
    out
}

/// Escapes text inside a line: a leading marker only where the text starts
/// the line.
fn escape_inner(text: &str, at_line_start: bool) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    crate::document::escape::escape_into(&mut out, text, at_line_start);
    out
}

/// A table as GitHub prints one: its words above, a pipe table, its
/// footnotes below. Emphasis shows what a row is to a reader; nothing reads
/// it back.
fn table(out: &mut String, t: &Table) {
    let mut above: Vec<String> = Vec::new();
    if let Some(company) = &t.company {
        above.push(inline(company));
    }
    if !t.title.is_empty() {
        above.push(format!("**{}**", inline(&strip(&t.title))));
    }
    // One group over every column is said once, above; otherwise each
    // header carries its group.
    let whole = match t.groups.as_slice() {
        [g] if g.first == 0 && g.span == t.columns.len() => Some(g.label.as_str()),
        _ => None,
    };
    let mut notes: Vec<String> = t.notes.iter().map(|n| inline(&strip(n))).collect();
    if let Some(label) = whole {
        let label = escape_inner(label, false);
        match notes.first_mut() {
            Some(first) => *first = format!("{label} {first}"),
            None => notes.push(label),
        }
    }
    for n in notes.iter().filter(|n| !n.is_empty()) {
        above.push(format!("*{n}*"));
    }
    out.push_str(&above.join(" \\\n"));
    if !above.is_empty() {
        out.push_str("\n\n");
    }
    let header = |j: usize| -> String {
        let col = &t.columns[j];
        let group = t
            .groups
            .iter()
            .find(|g| whole.is_none() && j >= g.first && j < g.first + g.span);
        match group {
            Some(g) => escape_inner(&format!("{} {col}", g.label), false),
            None => escape_inner(col, false),
        }
    };
    out.push_str("| |");
    for j in 0..t.columns.len() {
        out.push_str(&format!(" {} |", header(j)));
    }
    out.push_str("\n|:---|");
    for _ in &t.columns {
        out.push_str("---:|");
    }
    out.push('\n');
    for r in &t.rows {
        out.push_str(&row(r));
        out.push('\n');
    }
    for f in &t.footnotes {
        out.push('\n');
        out.push_str(&inline(f));
        out.push('\n');
    }
}

fn row(r: &Row) -> String {
    // Indentation as non-breaking spaces, which a table cell keeps.
    let indent = "\u{a0}\u{a0}".repeat(usize::from(r.indent));
    let label = escape_inner(&r.label, false);
    let label = match r.style {
        RowStyle::Heading => format!("*{label}*"),
        RowStyle::Line => label,
        RowStyle::Subtotal | RowStyle::Total => format!("**{label}**"),
    };
    let mut s = format!("| {indent}{label} |");
    for c in &r.cells {
        let text = match &c.currency {
            Some(sym) => escape_inner(&format!("{sym}{}", c.text), false),
            None => escape_inner(&c.text, false),
        };
        if r.style == RowStyle::Total && !c.text.is_empty() {
            s.push_str(&format!(" **{text}** |"));
        } else {
            s.push_str(&format!(" {text} |"));
        }
    }
    s
}

/// Inline content without its own bold or italic, for a line the table
/// writer styles itself.
fn strip(inline: &Inline) -> Inline {
    inline
        .iter()
        .map(|s| Span {
            bold: false,
            italic: false,
            ..s.clone()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::plain;

    #[test]
    fn reads_the_shapes_a_brief_uses() {
        let md = "# Title\n\n**NEW YORK** — text *it*\n\n- one\n- two **b**\n";
        let blocks = read_plain(md);
        assert!(matches!(&blocks[0], Block::Heading { level: 1, text } if plain(text) == "Title"));
        let Block::Paragraph(p) = &blocks[1] else {
            panic!("{blocks:?}")
        };
        assert!(p[0].bold && p[0].text == "NEW YORK");
        let Block::List { start: None, items } = &blocks[2] else {
            panic!("{blocks:?}")
        };
        assert_eq!(items.len(), 2);
    }

    #[test]
    fn a_placeholder_inside_a_line_is_found() {
        let p = placeholder("chart", "x");
        assert_eq!(inline_placeholder(&format!("Before.\n{p}\nAfter.")), None);
        assert_eq!(inline_placeholder(&format!("  {p}  ")), None);
        assert_eq!(
            inline_placeholder(&format!("See: {p}")),
            Some(("chart", "x"))
        );
        assert_eq!(inline_placeholder(&format!("“{p}”")), Some(("chart", "x")));
        assert_eq!(
            inline_placeholder(&format!("{p}, and more")),
            Some(("chart", "x"))
        );
    }

    #[test]
    fn placeholders_become_typed_blocks() {
        let md = format!("Before.{}After.", placeholder("table", "3"));
        let blocks: Vec<Block> = read(&md, |kind, id| -> Result<Block, crate::error::InputError> {
            assert_eq!((kind, id), ("table", "3"));
            Ok(Block::Rule)
        })
        .unwrap();
        assert_eq!(blocks.len(), 3);
        assert_eq!(blocks[1], Block::Rule);
        let err = read(&md, |_, _| -> Result<Block, TooDeep> {
            Err(TooDeep { line: 9 })
        });
        assert_eq!(err, Err(TooDeep { line: 9 }));
    }

    #[test]
    fn nesting_too_deep_is_refused_with_its_line() {
        let deep = format!("Intro.\n\n{}deep\n", "> ".repeat(20_000));
        let err = read(&deep, |_, _| -> Result<Block, TooDeep> { Ok(Block::Rule) });
        assert_eq!(err, Err(TooDeep { line: 3 }));
        let lists = (0..40)
            .map(|i| format!("{}- item\n", "  ".repeat(i)))
            .collect::<String>();
        assert!(read(&lists, |_, _| -> Result<Block, TooDeep> { Ok(Block::Rule) }).is_err());
        let fine = format!("{}ok\n", "> ".repeat(MAX_NESTING));
        assert!(read(&fine, |_, _| -> Result<Block, TooDeep> { Ok(Block::Rule) }).is_ok());
    }

    #[test]
    fn escapes_read_back() {
        let blocks = read_plain("A\\|B \\*x\\* \\$5");
        let Block::Paragraph(p) = &blocks[0] else {
            panic!()
        };
        assert_eq!(plain(p), "A|B *x* $5");
    }

    /// Markdown written and read again is the same document.
    #[test]
    fn writes_what_reads_back() {
        let md = "# Headline *A|B*\n\n**NEW YORK, May 1** — ICC (NasdaqSC: ICCA) grew 5% to \\$3.1 million.\\\nNext [link](mailto:a@b.c).\n\n- one **two** three\n\n- 1. not a list\n\n> quoted\n\n\\#\\#\\#\n";
        let blocks = read_plain(md);
        let again = read_plain(&write(&blocks, &|_| String::new()));
        assert_eq!(again, blocks);
    }
}
