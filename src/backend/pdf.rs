//! The PDF backend: the brief's document, typeset by `typeset`, written with
//! printpdf. This is the only module that uses printpdf; it draws what the
//! layout placed and decides nothing about where.
//!
//! Three things printpdf does not do for us here, and why:
//! - **Subsetting.** Without its HTML layout engine printpdf embeds whole
//!   fonts (about 400 KB each). We subset each face to the characters the
//!   brief uses (allsorts, which printpdf itself depends on) and hand printpdf
//!   the small font, named with the `ABCDEF+` subset tag.
//! - **Determinism.** Dates come from the release date (or
//!   `SOURCE_DATE_EPOCH`), never the clock; font resources are named by us;
//!   the trailer `/ID` is a hash of the content instead of a counter.
//! - **Kerning.** Text runs carry the font's kerning as `TJ` adjustments,
//!   exactly as the layout measured them.
//! - **Content streams.** The pages' drawing is written here ([`content`]):
//!   printpdf's own drawing operations cost more than the rest of the PDF.
//!   printpdf writes the document around them: fonts (widths and ToUnicode
//!   maps, learnt from one run of each font's characters), links, metadata.

use super::{Artifact, Backend, RenderContext};
use crate::document::Meta;
use crate::error::InputError;
use crate::typeset::fonts::{Face, Fonts, Piece};
use crate::typeset::{self, Item, Layout, PageSize};
use printpdf::{
    Actions, BorderArray, DateTime, FontId, LinkAnnotation, Op, ParsedFont, PdfDocument, PdfFont,
    PdfFontHandle, PdfPage, PdfSaveOptions, Pt, Rect, TextItem,
};
use std::collections::{BTreeMap, BTreeSet};

/// Writes the brief as a typeset PDF.
pub struct Pdf {
    /// Letter or A4.
    pub size: PageSize,
}

impl Backend for Pdf {
    fn name(&self) -> &'static str {
        "pdf"
    }

    fn render(&self, ctx: &RenderContext<'_>) -> Result<Vec<Artifact>, InputError> {
        let doc = ctx.document;
        let layout = typeset::typeset(doc, self.size);
        if let Some(e) = layout.errors.first() {
            return Err(InputError::file(
                std::path::Path::new(crate::load::MODEL_FILE),
                e.clone(),
            ));
        }
        let meta = Meta {
            timestamp: source_date_epoch()?.unwrap_or(doc.meta.timestamp),
            ..doc.meta.clone()
        };
        let bytes = write(&layout, &meta);
        let mut warnings = layout.warnings.clone();
        if !layout.missing.is_empty() {
            let chars: Vec<String> = layout
                .missing
                .iter()
                .map(|(c, word)| format!("{c} (U+{:04X}, in \"{word}\")", u32::from(*c)))
                .collect();
            warnings.push(format!(
                "the PDF's fonts have no glyph for {}; they print as empty boxes",
                chars.join(", ")
            ));
        }
        Ok(vec![Artifact {
            name: format!("{}.pdf", ctx.stem),
            bytes,
            warnings,
        }])
    }
}

/// `SOURCE_DATE_EPOCH`, the reproducible-builds convention, when set. A
/// value that is not a number of seconds is an error: ignored, it would
/// give the PDF a date nobody asked for.
fn source_date_epoch() -> Result<Option<i64>, InputError> {
    let Some(raw) = std::env::var_os("SOURCE_DATE_EPOCH") else {
        return Ok(None);
    };
    let text = raw.to_string_lossy();
    match text.trim().parse::<i64>() {
        // From 1970 to the year 9999: a date a PDF can carry.
        Ok(s) if (0..=253_402_300_799).contains(&s) => Ok(Some(s)),
        _ => Err(InputError::file(
            std::path::Path::new("SOURCE_DATE_EPOCH"),
            format!(
                "is {:?}; expected a number of seconds since 1970-01-01 UTC",
                crate::error::printable(&text)
            ),
        )
        .help("unset it to date the PDF by the release date")),
    }
}

/// Writes a layout as PDF bytes.
pub fn write(layout: &Layout, meta: &Meta) -> Vec<u8> {
    Fonts::with(|fonts| write_with(layout, meta, fonts))
}

fn write_with(layout: &Layout, meta: &Meta, fonts: &Fonts) -> Vec<u8> {
    let (w, h) = (layout.size.width, layout.size.height);
    let mut doc = PdfDocument::new(&meta.title);

    // Characters used per face, so each font is subset to just those.
    let mut used: BTreeMap<Face, BTreeSet<char>> = BTreeMap::new();
    for page in &layout.pages {
        for item in &page.items {
            if let Item::Text { face, text, .. } = item {
                used.entry(*face).or_default().extend(text.chars());
            }
        }
    }
    let mut ids: BTreeMap<Face, FontId> = BTreeMap::new();
    let mut glyphs: BTreeMap<Face, GlyphMap> = BTreeMap::new();
    // printpdf learns which glyphs each font needs (for its widths and
    // its ToUnicode map) from the text it is given: all of it, once.
    let mut usage = Vec::new();
    for (i, (face, chars)) in used.iter().enumerate() {
        let id = FontId(format!("F{}", i + 1));
        let (font, bytes) = subset_font(fonts, *face, chars);
        glyphs.insert(*face, GlyphMap::new(&bytes, chars));
        doc.resources
            .fonts
            .map
            .insert(id.clone(), PdfFont::new(font));
        usage.extend([
            Op::StartTextSection,
            Op::SetFont {
                font: PdfFontHandle::External(id.clone()),
                size: Pt(10.0),
            },
            Op::ShowText {
                items: vec![TextItem::Text(chars.iter().collect())],
            },
            Op::EndTextSection,
        ]);
        ids.insert(*face, id);
    }

    // The pages' drawing is written here ([`content`]); printpdf is given
    // only their links, and the glyph usage on the first page, whose
    // content is then replaced with the page's own like the others.
    let pages = layout
        .pages
        .iter()
        .enumerate()
        .map(|(i, page)| {
            let mut ops = if i == 0 {
                std::mem::take(&mut usage)
            } else {
                Vec::new()
            };
            ops.extend(link_ops(page, h));
            let mut page_out = PdfPage::new(printpdf::Mm(0.0), printpdf::Mm(0.0), ops);
            // Set the boxes in points: Letter in millimetres rounds to 792.001 pt.
            page_out.media_box = Rect::from_wh(Pt(w), Pt(h));
            page_out.trim_box = Rect::from_wh(Pt(w), Pt(h));
            page_out.crop_box = Rect::from_wh(Pt(w), Pt(h));
            page_out
        })
        .collect();
    doc.with_pages(pages);

    let info = &mut doc.metadata.info;
    let date = DateTime::from_unix_timestamp(meta.timestamp)
        .unwrap_or_else(|_| DateTime::from_unix_timestamp(0).expect("the epoch is a date"));
    info.creation_date = date;
    info.modification_date = date;
    info.metadata_date = date;
    info.author = meta.author.clone();
    info.subject = meta.subject.clone();
    info.keywords = meta.keywords.clone();
    info.creator = format!("brief {}", env!("CARGO_PKG_VERSION"));
    info.producer = "brief, with printpdf 0.12".to_string();
    // The id is made from the finished file: written first as a
    // placeholder of the same length, then replaced by the hash of the bytes.
    let id = ID_PLACEHOLDER.to_string();
    info.identifier = id.clone();

    let mut warnings = Vec::new();
    let opts = PdfSaveOptions {
        subset_fonts: false,
        ..PdfSaveOptions::default()
    };
    let mut lo = doc.to_lopdf_document(&opts, &mut warnings);
    // printpdf writes an empty GTS_PDFXVersion, which readers take as a
    // claim of PDF/X conformance; the brief makes no such claim.
    if let Ok(info) = lo
        .trailer
        .get(b"Info")
        .and_then(lopdf::Object::as_reference)
        && let Ok(dict) = lo.get_dictionary_mut(info)
    {
        dict.remove(b"GTS_PDFXVersion");
    }
    let page_ids: Vec<lopdf::ObjectId> = lo.get_pages().values().copied().collect();
    for (page, id) in layout.pages.iter().zip(page_ids) {
        let bytes = content(page, fonts, &ids, &glyphs, h);
        let contents = lo
            .get_dictionary(id)
            .ok()
            .and_then(|d| d.get(b"Contents").ok())
            .and_then(|c| c.as_reference().ok());
        match contents.and_then(|c| lo.get_object_mut(c).ok()) {
            Some(lopdf::Object::Stream(stream)) => {
                stream.dict.remove(b"Filter");
                stream.set_content(bytes);
            }
            _ => {
                let stream = lo.add_object(lopdf::Stream::new(lopdf::Dictionary::new(), bytes));
                if let Ok(d) = lo.get_dictionary_mut(id) {
                    d.set("Contents", lopdf::Object::Reference(stream));
                }
            }
        }
    }
    add_outline(&mut lo, &layout.headings, h);
    compress(&mut lo);
    lo.trailer.set(
        "ID",
        lopdf::Object::Array(vec![
            lopdf::Object::String(id.as_bytes().to_vec(), lopdf::StringFormat::Hexadecimal),
            lopdf::Object::String(id.as_bytes().to_vec(), lopdf::StringFormat::Hexadecimal),
        ]),
    );
    let mut out = Vec::new();
    // Writing to memory cannot fail.
    let _ = lo.save_to(&mut out);
    set_content_id(&mut out);
    out
}

/// How hard the streams are deflated. lopdf's own `compress` uses level 9,
/// which cost 15 M instructions more than level 3 on the ICC brief for a
/// file 3% smaller (docs/performance.md has the measurements).
const DEFLATE_LEVEL: i32 = 3;

/// zlib's `memLevel`: a block holds up to 2^(6 + this) symbols, and zlib
/// clears that buffer for every block. Its default, 8, cleared 49 KB per
/// block for streams of a few kilobytes; 6 cost 0.6 M instructions less on
/// the ICC brief and made the file 79 bytes smaller (7: the same size, 5:
/// larger and slower, smaller blocks carrying more code tables).
const DEFLATE_MEMORY: i32 = 6;

/// Deflates every stream that is not yet filtered, where that makes it smaller.
/// One compressor serves every stream: making one clears its tables, as
/// resetting it does, so it is made once and reset between streams.
fn compress(lo: &mut lopdf::Document) {
    let mut z = compressor();
    for object in lo.objects.values_mut() {
        if let lopdf::Object::Stream(stream) = object
            && stream.allows_compression
            && stream.dict.get(b"Filter").is_err()
            && let Some(packed) = deflate(&mut z, &stream.content)
            && packed.len() + 19 < stream.content.len()
        {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(packed);
        }
    }
}

/// The compressor every stream of a document goes through: zlib's largest
/// window, at [`DEFLATE_LEVEL`], with blocks sized by [`DEFLATE_MEMORY`].
fn compressor() -> zlib_rs::Deflate {
    zlib_rs::Deflate::new_with_config(zlib_rs::DeflateConfig {
        level: DEFLATE_LEVEL,
        window_bits: 15,
        mem_level: DEFLATE_MEMORY,
        ..zlib_rs::DeflateConfig::default()
    })
}

/// `input` as one zlib stream from `z`, reset first; `None` if zlib fails.
fn deflate(z: &mut zlib_rs::Deflate, input: &[u8]) -> Option<Vec<u8>> {
    z.reset();
    // The bound holds any input deflated whole, so one call finishes.
    let mut out = vec![0; zlib_rs::compress_bound(input.len())];
    match z.compress(input, &mut out, zlib_rs::DeflateFlush::Finish) {
        Ok(zlib_rs::Status::StreamEnd) => {
            out.truncate(usize::try_from(z.total_out()).ok()?);
            Some(out)
        }
        _ => None,
    }
}

/// What the document id is written as before the file is finished: 32
/// characters, as the id is.
const ID_PLACEHOLDER: &str = "briefcontentidplaceholder0000000";

/// Replaces the id placeholder, as the info dictionary's literal string and
/// as the trailer's hexadecimal strings, with the 128-bit XXH3 hash of the
/// file in hex: the same brief gives the same id, a different one a
/// different id. The id names a file, it does not guard one, so a fast
/// non-cryptographic hash serves (SHA-256 cost 2.3 M instructions here).
fn set_content_id(pdf: &mut [u8]) {
    let id = format!("{:032x}", xxhash_rust::xxh3::xxh3_128(pdf));
    let hex = |s: &str| -> Vec<u8> {
        s.bytes()
            .flat_map(|b| format!("{b:02x}").into_bytes())
            .collect()
    };
    for (from, to) in [
        (ID_PLACEHOLDER.as_bytes().to_vec(), id.as_bytes().to_vec()),
        (hex(ID_PLACEHOLDER), hex(&id)),
    ] {
        let mut at = 0;
        while let Some(i) = find(&pdf[at..], &from) {
            pdf[at + i..at + i + from.len()].copy_from_slice(&to);
            at += i + from.len();
        }
    }
}

/// Where `needle` first occurs in `hay`: a scan for its first byte, then a
/// comparison (a window-by-window search costs more than the rest of the
/// PDF's writing).
fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let (&first, _) = needle.split_first()?;
    let mut at = 0;
    while let Some(i) = hay[at..].iter().position(|&b| b == first) {
        let start = at + i;
        if hay.get(start..start + needle.len()) == Some(needle) {
            return Some(start);
        }
        at = start + 1;
    }
    None
}

/// The outline (bookmarks) a reader navigates by: the brief's sections,
/// with their subsections under them. Written here rather than with
/// printpdf's bookmarks, which sort a page's entries by name, not position.
fn add_outline(lo: &mut lopdf::Document, headings: &[typeset::layout::Heading], page_h: f32) {
    use lopdf::{Dictionary, Object};
    let pages: Vec<lopdf::ObjectId> = lo.get_pages().values().copied().collect();
    // Sections are level 2, subsections level 3; the headline is the title.
    let mut tree: Vec<(&typeset::layout::Heading, Vec<&typeset::layout::Heading>)> = Vec::new();
    for hd in headings.iter().filter(|x| x.level == 2 || x.level == 3) {
        match (hd.level, tree.last_mut()) {
            (3, Some((_, children))) => children.push(hd),
            _ => tree.push((hd, Vec::new())),
        }
    }
    if tree.is_empty() {
        return;
    }
    let root = lo.new_object_id();
    let entry = |hd: &typeset::layout::Heading| -> Dictionary {
        let mut d = Dictionary::new();
        d.set("Title", text_string(&hd.title));
        if let Some(page) = pages.get(hd.page) {
            d.set(
                "Dest",
                Object::Array(vec![
                    Object::Reference(*page),
                    Object::Name(b"XYZ".to_vec()),
                    Object::Integer(0),
                    Object::Real(page_h - hd.y + 4.0),
                    Object::Null,
                ]),
            );
        }
        d
    };
    let link = |lo: &mut lopdf::Document,
                items: Vec<(lopdf::ObjectId, Dictionary)>,
                parent: lopdf::ObjectId| {
        let ids: Vec<lopdf::ObjectId> = items.iter().map(|(id, _)| *id).collect();
        for (i, (id, mut d)) in items.into_iter().enumerate() {
            d.set("Parent", Object::Reference(parent));
            if i > 0 {
                d.set("Prev", Object::Reference(ids[i - 1]));
            }
            if let Some(next) = ids.get(i + 1) {
                d.set("Next", Object::Reference(*next));
            }
            lo.objects.insert(id, Object::Dictionary(d));
        }
        ids
    };
    let mut top = Vec::new();
    for (section, children) in &tree {
        let id = lo.new_object_id();
        let mut d = entry(section);
        if !children.is_empty() {
            let kids: Vec<(lopdf::ObjectId, Dictionary)> = children
                .iter()
                .map(|c| (lo.new_object_id(), entry(c)))
                .collect();
            let ids = link(lo, kids, id);
            d.set("First", Object::Reference(ids[0]));
            d.set("Last", Object::Reference(ids[ids.len() - 1]));
            // Negative: the subsections start closed.
            d.set("Count", Object::Integer(-(ids.len() as i64)));
        }
        top.push((id, d));
    }
    let ids = link(lo, top, root);
    let mut outlines = Dictionary::new();
    outlines.set("Type", Object::Name(b"Outlines".to_vec()));
    outlines.set("First", Object::Reference(ids[0]));
    outlines.set("Last", Object::Reference(ids[ids.len() - 1]));
    outlines.set("Count", Object::Integer(ids.len() as i64));
    lo.objects.insert(root, Object::Dictionary(outlines));
    if let Ok(catalog) = lo.catalog_mut() {
        catalog.set("Outlines", Object::Reference(root));
        catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    }
}

/// A PDF text string: plain bytes for ASCII, else UTF-16BE with its mark.
fn text_string(s: &str) -> lopdf::Object {
    if s.is_ascii() {
        return lopdf::Object::String(s.as_bytes().to_vec(), lopdf::StringFormat::Literal);
    }
    let mut bytes = vec![0xFE, 0xFF];
    for unit in s.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    lopdf::Object::String(bytes, lopdf::StringFormat::Hexadecimal)
}

/// The glyph of each character in a font as embedded, as printpdf encodes
/// it (the embedded font's own cmap): Latin-1 by index, the rest by map.
struct GlyphMap {
    latin: [u16; 256],
    other: BTreeMap<char, u16>,
}

impl GlyphMap {
    fn new(font: &[u8], chars: &BTreeSet<char>) -> GlyphMap {
        let face = ttf_parser::Face::parse(font, 0).ok();
        let gid = |c: char| {
            face.as_ref()
                .and_then(|f| f.glyph_index(c))
                .map_or(0, |g| g.0)
        };
        let mut map = GlyphMap {
            latin: [0; 256],
            other: BTreeMap::new(),
        };
        for &c in chars {
            match usize::try_from(u32::from(c)) {
                Ok(i) if i < 256 => map.latin[i] = gid(c),
                _ => {
                    map.other.insert(c, gid(c));
                }
            }
        }
        map
    }

    fn get(&self, c: char) -> u16 {
        match usize::try_from(u32::from(c)) {
            Ok(i) if i < 256 => self.latin[i],
            _ => self.other.get(&c).copied().unwrap_or(0),
        }
    }
}

/// A page's content stream: rules and chart shapes first, in order (a
/// chart's grid under its bars, its zero line over them), then all text in
/// one text object; stroke, fill, font and colour set only when they change.
/// Numbers are written to a thousandth of a point.
fn content(
    page: &typeset::Page,
    fonts: &Fonts,
    ids: &BTreeMap<Face, FontId>,
    glyphs: &BTreeMap<Face, GlyphMap>,
    h: f32,
) -> Vec<u8> {
    let mut out = Vec::with_capacity(16 * 1024);
    let mut width: Option<f32> = None;
    let mut stroke: Option<typeset::layout::Rgb> = None;
    let mut dash: Option<bool> = None;
    let mut fill: Option<typeset::layout::Rgb> = None;
    let mut pen = |out: &mut Vec<u8>, w: f32, c: typeset::layout::Rgb, d: bool| {
        if width != Some(w) {
            num(out, w);
            out.extend_from_slice(b" w\n");
            width = Some(w);
        }
        if stroke != Some(c) {
            rgb(out, c);
            out.extend_from_slice(b" RG\n");
            stroke = Some(c);
        }
        if dash != Some(d) {
            out.extend_from_slice(if d { b"[4 2.5] 0 d\n" } else { b"[] 0 d\n" });
            dash = Some(d);
        }
    };
    let point = |out: &mut Vec<u8>, x: f32, y: f32, op: &[u8]| {
        num(out, x);
        out.push(b' ');
        num(out, h - y);
        out.extend_from_slice(op);
    };
    for item in &page.items {
        match item {
            Item::Line {
                x1,
                y1,
                x2,
                y2,
                width: w,
            } => {
                pen(&mut out, *w, typeset::layout::Rgb(0.0, 0.0, 0.0), false);
                point(&mut out, *x1, *y1, b" m\n");
                point(&mut out, *x2, *y2, b" l\nS\n");
            }
            Item::Stroke {
                points,
                width: w,
                color,
                dash: d,
            } => {
                pen(&mut out, *w, *color, *d);
                for (i, (x, y)) in points.iter().enumerate() {
                    point(&mut out, *x, *y, if i == 0 { b" m\n" } else { b" l\n" });
                }
                if !points.is_empty() {
                    out.extend_from_slice(b"S\n");
                }
            }
            Item::Rect {
                x,
                y,
                w,
                h: rh,
                fill: f,
            } => {
                if fill != Some(*f) {
                    rgb(&mut out, *f);
                    out.extend_from_slice(b" rg\n");
                    fill = Some(*f);
                }
                point(&mut out, *x, y + rh, b" ");
                num(&mut out, *w);
                out.push(b' ');
                num(&mut out, *rh);
                out.extend_from_slice(b" re\nf\n");
            }
            Item::Text { .. } | Item::Link { .. } => {}
        }
    }
    let mut font: Option<(Face, f32)> = None;
    let mut in_text = false;
    for item in &page.items {
        let Item::Text {
            x,
            y,
            face,
            size,
            color,
            text,
            ..
        } = item
        else {
            continue;
        };
        if !in_text {
            out.extend_from_slice(b"BT\n");
            in_text = true;
        }
        if font != Some((*face, *size)) {
            out.push(b'/');
            out.extend_from_slice(ids[face].0.as_bytes());
            out.push(b' ');
            num(&mut out, *size);
            out.extend_from_slice(b" Tf\n");
            font = Some((*face, *size));
        }
        if fill != Some(*color) {
            rgb(&mut out, *color);
            out.extend_from_slice(b" rg\n");
            fill = Some(*color);
        }
        out.extend_from_slice(b"1 0 0 1 ");
        point(&mut out, *x, *y, b" Tm\n[");
        let map = &glyphs[face];
        fonts.pieces(*face, text, |piece| match piece {
            Piece::Text(t) => {
                out.push(b'(');
                for c in t.chars() {
                    glyph_bytes(&mut out, map.get(c));
                }
                out.push(b')');
            }
            // TJ moves the next glyph left by a positive amount.
            Piece::Kern(k) => {
                out.push(b' ');
                int(&mut out, -i64::from(k));
                out.push(b' ');
            }
        });
        out.extend_from_slice(b"] TJ\n");
    }
    if in_text {
        out.extend_from_slice(b"ET\n");
    }
    out
}

/// A colour's three components.
fn rgb(out: &mut Vec<u8>, c: typeset::layout::Rgb) {
    num(out, c.0);
    out.push(b' ');
    num(out, c.1);
    out.push(b' ');
    num(out, c.2);
}

/// A number to three decimals, trailing zeros dropped: `612`, `0.5`,
/// `715.392`, `-3.25`.
fn num(out: &mut Vec<u8>, v: f32) {
    let milli = (f64::from(v) * 1000.0).round() as i64;
    if milli < 0 {
        out.push(b'-');
    }
    let m = milli.unsigned_abs();
    digits(out, m / 1000);
    let mut frac = m % 1000;
    if frac != 0 {
        out.push(b'.');
        let mut width = 3;
        while frac.is_multiple_of(10) {
            frac /= 10;
            width -= 1;
        }
        let start = out.len();
        digits(out, frac);
        let pad = width - (out.len() - start);
        out.splice(start..start, std::iter::repeat_n(b'0', pad));
    }
}

fn int(out: &mut Vec<u8>, v: i64) {
    if v < 0 {
        out.push(b'-');
    }
    digits(out, v.unsigned_abs());
}

/// The decimal digits of `v`, written without allocating: a page holds
/// thousands of numbers.
fn digits(out: &mut Vec<u8>, mut v: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[i..]);
}

/// A glyph id as two bytes of a literal string (half the size of hex):
/// `(`, `)` and `\\` are escaped, and a carriage return, which a reader
/// would take as a line end, is written `\\r`.
fn glyph_bytes(out: &mut Vec<u8>, g: u16) {
    for b in g.to_be_bytes() {
        match b {
            b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', b]),
            b'\r' => out.extend_from_slice(b"\\r"),
            _ => out.push(b),
        }
    }
}

/// A page's links, as printpdf annotations (they are not content).
fn link_ops(page: &typeset::Page, h: f32) -> Vec<Op> {
    page.items
        .iter()
        .filter_map(|item| match item {
            Item::Link {
                x,
                y,
                w,
                h: lh,
                url,
            } => Some(Op::LinkAnnotation {
                link: LinkAnnotation::new(
                    Rect {
                        x: Pt(*x),
                        y: Pt(h - y - lh),
                        width: Pt(*w),
                        height: Pt(*lh),
                        mode: None,
                        winding_order: None,
                    },
                    Actions::Uri(url.clone()),
                    Some(BorderArray::Solid([0.0, 0.0, 0.0])),
                    None,
                    None,
                ),
            }),
            _ => None,
        })
        .collect()
}

/// A face subset to `chars`, named with a subset tag derived from what it
/// holds, so the same brief always gives the same tag.
fn subset_font(fonts: &Fonts, face: Face, chars: &BTreeSet<char>) -> (ParsedFont, Vec<u8>) {
    use allsorts::binary::read::ReadScope;
    use allsorts::font_data::FontData;
    use allsorts::subset::{CmapTarget, SubsetProfile, subset};

    let data = Fonts::data(face);
    let mapped: Vec<(char, u16)> = chars
        .iter()
        .copied()
        .zip(fonts.glyph_ids(face, chars))
        .filter(|&(_, g)| g != 0)
        .collect();
    let mut gids: Vec<u16> = mapped.iter().map(|&(_, g)| g).collect();
    gids.sort_unstable();
    gids.dedup();
    // .notdef first, as allsorts requires.
    let ids: Vec<u16> = std::iter::once(0).chain(gids.iter().copied()).collect();
    // Our own subsetter reads only the glyphs kept; allsorts, should ours
    // refuse the font, reads them all.
    let subset_bytes = super::truetype::subset(data, &mapped).or_else(|| {
        ReadScope::new(data)
            .read::<FontData<'_>>()
            .ok()
            .and_then(|f| f.table_provider(0).ok())
            .and_then(|p| subset(&p, &ids, &SubsetProfile::Pdf, CmapTarget::Unicode).ok())
            .map(|b| super::truetype::dehint(&b).unwrap_or(b))
    });
    let mut warnings = Vec::new();
    let (bytes, tagged) = match subset_bytes {
        Some(b) => (b, true),
        // Should the subsetter fail, embed the whole face rather than lose text.
        None => (data.to_vec(), false),
    };
    let (mut font, bytes) = match ParsedFont::from_bytes(&bytes, 0, &mut warnings) {
        Some(f) => (f, bytes),
        None => (
            ParsedFont::from_bytes(data, 0, &mut warnings).expect("the compiled-in fonts parse"),
            data.to_vec(),
        ),
    };
    let name = Fonts::name(face);
    font.font_name = Some(if tagged {
        format!("{}+{name}", subset_tag(name, &ids))
    } else {
        name.to_string()
    });
    (font, bytes)
}

/// Six capital letters from a hash of the face and its glyphs (ISO 32000-1, 9.6.4).
fn subset_tag(name: &str, gids: &[u16]) -> String {
    let mut h = Fnv::default();
    h.write(name.as_bytes());
    for g in gids {
        h.write(&g.to_be_bytes());
    }
    let mut n = h.0;
    (0..6)
        .map(|_| {
            let c = char::from(b'A' + (n % 26) as u8);
            n /= 26;
            c
        })
        .collect()
}

/// FNV-1a, 64 bits: stable across Rust releases, unlike `DefaultHasher`.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_to_a_thousandth() {
        let w = |v: f32| {
            let mut out = Vec::new();
            num(&mut out, v);
            String::from_utf8(out).unwrap()
        };
        assert_eq!(w(612.0), "612");
        assert_eq!(w(0.5), "0.5");
        assert_eq!(w(715.39197), "715.392");
        assert_eq!(w(-3.25), "-3.25");
        assert_eq!(w(0.0004), "0");
        assert_eq!(w(-0.0004), "0");
        assert_eq!(w(0.05), "0.05");
        assert_eq!(w(10.007), "10.007");
        assert_eq!(w(-0.7), "-0.7");
        assert_eq!(w(1000.0), "1000");
        assert_eq!(w(100.001), "100.001");
        assert_eq!(w(20.1), "20.1");
        let mut out = Vec::new();
        int(&mut out, -1207);
        out.push(b' ');
        int(&mut out, 0);
        assert_eq!(out, b"-1207 0");
        let mut out = Vec::new();
        for g in [0x0A2F, 0x2829, 0x5C0D, 0x0041] {
            glyph_bytes(&mut out, g);
        }
        assert_eq!(out, b"\n/\\(\\)\\\\\\r\0A");
    }

    #[test]
    fn streams_deflate_to_what_another_inflater_reads_back() {
        use std::io::Read;
        // Sizes either side of each window the length picks, and text that
        // repeats beyond the smallest window.
        let text: Vec<u8> = (0..70_000u32)
            .map(|i| {
                b"0.85 0.85 RG 88.873 107.312 m S BT (x) Tj ET\n"[(i % 45) as usize]
                    ^ (i / 4099) as u8
            })
            .collect();
        // One compressor for all, as a document uses it: reset between
        // streams, it gives the same bytes for the same stream.
        let mut z = compressor();
        for len in [0, 1, 511, 512, 513, 4096, 20_000, 32_768, 32_769, 70_000] {
            let input = &text[..len];
            let packed = deflate(&mut z, input).expect("deflates");
            assert_eq!(
                deflate(&mut z, input),
                Some(packed.clone()),
                "the same bytes each time"
            );
            let mut back = Vec::new();
            flate2::read::ZlibDecoder::new(&packed[..])
                .read_to_end(&mut back)
                .expect("a zlib stream");
            assert_eq!(back, input, "{len} bytes");
            if len >= 4096 {
                assert!(
                    packed.len() < len / 2,
                    "{len} bytes packed to {}",
                    packed.len()
                );
            }
        }
    }

    #[test]
    fn subset_tags_are_six_capitals_and_stable() {
        let t = subset_tag("LiberationSans", &[0, 3, 4]);
        assert_eq!(t.len(), 6);
        assert!(t.chars().all(|c| c.is_ascii_uppercase()));
        assert_eq!(t, subset_tag("LiberationSans", &[0, 3, 4]));
        assert_ne!(t, subset_tag("LiberationSans", &[0, 3, 5]));
    }
}
