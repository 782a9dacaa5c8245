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

use super::{Artifact, Backend, RenderContext};
use crate::document::Meta;
use crate::error::InputError;
use crate::typeset::fonts::{Face, Fonts, Piece};
use crate::typeset::{self, Item, Layout, PageSize};
use printpdf::{
    Actions, BorderArray, Color, DateTime, FontId, Line, LineDashPattern, LinePoint,
    LinkAnnotation, Op, PaintMode, ParsedFont, PdfDocument, PdfFont, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Pt, Rect, TextItem, TextMatrix,
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
    let fonts = Fonts::new();
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
    for (i, (face, chars)) in used.iter().enumerate() {
        let id = FontId(format!("F{}", i + 1));
        let font = subset_font(&fonts, *face, chars);
        doc.resources
            .fonts
            .map
            .insert(id.clone(), PdfFont::new(font));
        ids.insert(*face, id);
    }

    let pages = layout
        .pages
        .iter()
        .map(|page| {
            let mut page_out = PdfPage::new(
                printpdf::Mm(0.0),
                printpdf::Mm(0.0),
                page_ops(page, &fonts, &ids, h),
            );
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
const DEFLATE_LEVEL: u32 = 3;

/// Deflates every stream that is not yet filtered, where that makes it smaller.
fn compress(lo: &mut lopdf::Document) {
    use std::io::Write;
    for object in lo.objects.values_mut() {
        if let lopdf::Object::Stream(stream) = object
            && stream.allows_compression
            && stream.dict.get(b"Filter").is_err()
        {
            let mut z = flate2::write::ZlibEncoder::new(
                Vec::with_capacity(stream.content.len() / 2),
                flate2::Compression::new(DEFLATE_LEVEL),
            );
            // Writing to memory cannot fail.
            let _ = z.write_all(&stream.content);
            if let Ok(packed) = z.finish()
                && packed.len() + 19 < stream.content.len()
            {
                stream.dict.set("Filter", "FlateDecode");
                stream.set_content(packed);
            }
        }
    }
}

/// What the document id is written as before the file is finished: 32
/// characters, as the id is.
const ID_PLACEHOLDER: &str = "briefcontentidplaceholder0000000";

/// Replaces the id placeholder, as the info dictionary's literal string and
/// as the trailer's hexadecimal strings, with the first 32 hex digits of the
/// SHA-256 of the file: the same brief gives the same id, a different one a
/// different id.
fn set_content_id(pdf: &mut [u8]) {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(&*pdf);
    let id: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
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

/// The stroke and fill state a page's drawing has set, so each is set only
/// when it changes.
#[derive(Default)]
struct Pen {
    width: Option<f32>,
    color: Option<typeset::layout::Rgb>,
    dash: Option<bool>,
    fill: Option<typeset::layout::Rgb>,
}

impl Pen {
    fn stroke(&mut self, ops: &mut Vec<Op>, width: f32, color: typeset::layout::Rgb, dash: bool) {
        if self.width != Some(width) {
            ops.push(Op::SetOutlineThickness { pt: Pt(width) });
            self.width = Some(width);
        }
        if self.color != Some(color) {
            ops.push(Op::SetOutlineColor {
                col: Color::Rgb(printpdf::Rgb::new(color.0, color.1, color.2, None)),
            });
            self.color = Some(color);
        }
        if self.dash != Some(dash) {
            ops.push(Op::SetLineDashPattern {
                dash: if dash {
                    LineDashPattern::new(0.0, &[4.0, 2.5])
                } else {
                    LineDashPattern::solid()
                },
            });
            self.dash = Some(dash);
        }
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

fn page_ops(page: &typeset::Page, fonts: &Fonts, ids: &BTreeMap<Face, FontId>, h: f32) -> Vec<Op> {
    let mut ops = Vec::new();
    // Rules and chart shapes first, in order (a chart's grid under its
    // bars, its zero line over them), outside any text object; stroke
    // state is set only when it changes.
    let mut pen = Pen::default();
    let point = |x: f32, y: f32| LinePoint {
        p: Point {
            x: Pt(x),
            y: Pt(h - y),
        },
        bezier: false,
    };
    for item in &page.items {
        match item {
            Item::Line {
                x1,
                y1,
                x2,
                y2,
                width,
            } => {
                pen.stroke(&mut ops, *width, typeset::layout::Rgb(0.0, 0.0, 0.0), false);
                ops.push(Op::DrawLine {
                    line: Line {
                        points: vec![point(*x1, *y1), point(*x2, *y2)],
                        is_closed: false,
                    },
                });
            }
            Item::Stroke {
                points,
                width,
                color,
                dash,
            } => {
                pen.stroke(&mut ops, *width, *color, *dash);
                ops.push(Op::DrawLine {
                    line: Line {
                        points: points.iter().map(|(x, y)| point(*x, *y)).collect(),
                        is_closed: false,
                    },
                });
            }
            Item::Rect {
                x,
                y,
                w,
                h: rh,
                fill,
            } => {
                if pen.fill != Some(*fill) {
                    ops.push(Op::SetFillColor {
                        col: Color::Rgb(printpdf::Rgb::new(fill.0, fill.1, fill.2, None)),
                    });
                    pen.fill = Some(*fill);
                }
                ops.push(Op::DrawRectangle {
                    rectangle: Rect {
                        x: Pt(*x),
                        y: Pt(h - y - rh),
                        width: Pt(*w),
                        height: Pt(*rh),
                        mode: Some(PaintMode::Fill),
                        winding_order: None,
                    },
                });
            }
            Item::Text { .. } | Item::Link { .. } => {}
        }
    }
    // Then all text in one text object, setting font and colour only when they change.
    let mut font: Option<(Face, f32)> = None;
    let mut color: Option<typeset::layout::Rgb> = None;
    let mut in_text = false;
    for item in &page.items {
        if let Item::Text {
            x,
            y,
            face,
            size,
            color: c,
            text,
            ..
        } = item
        {
            if !in_text {
                ops.push(Op::StartTextSection);
                in_text = true;
            }
            if font != Some((*face, *size)) {
                ops.push(Op::SetFont {
                    font: PdfFontHandle::External(ids[face].clone()),
                    size: Pt(*size),
                });
                font = Some((*face, *size));
            }
            if color != Some(*c) {
                ops.push(Op::SetFillColor {
                    col: Color::Rgb(printpdf::Rgb::new(c.0, c.1, c.2, None)),
                });
                color = Some(*c);
            }
            ops.push(Op::SetTextMatrix {
                matrix: TextMatrix::Translate(Pt(*x), Pt(h - y)),
            });
            let items = fonts
                .pieces(*face, text)
                .into_iter()
                .map(|p| match p {
                    Piece::Text(t) => TextItem::Text(t),
                    // TJ moves the next glyph left by a positive amount.
                    Piece::Kern(k) => TextItem::Offset(-(k as f32)),
                })
                .collect();
            ops.push(Op::ShowText { items });
        }
    }
    if in_text {
        ops.push(Op::EndTextSection);
    }
    for item in &page.items {
        if let Item::Link {
            x,
            y,
            w,
            h: lh,
            url,
        } = item
        {
            ops.push(Op::LinkAnnotation {
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
            });
        }
    }
    ops
}

/// A face subset to `chars`, named with a subset tag derived from what it
/// holds, so the same brief always gives the same tag.
fn subset_font(fonts: &Fonts, face: Face, chars: &BTreeSet<char>) -> ParsedFont {
    use allsorts::binary::read::ReadScope;
    use allsorts::font_data::FontData;
    use allsorts::subset::{CmapTarget, SubsetProfile, subset};

    let data = Fonts::data(face);
    let mut gids: Vec<u16> = fonts.glyph_ids(face, chars);
    gids.retain(|g| *g != 0);
    gids.sort_unstable();
    gids.dedup();
    // .notdef first, as allsorts requires.
    let ids: Vec<u16> = std::iter::once(0).chain(gids.iter().copied()).collect();
    let subset_bytes = ReadScope::new(data)
        .read::<FontData<'_>>()
        .ok()
        .and_then(|f| f.table_provider(0).ok())
        .and_then(|p| subset(&p, &ids, &SubsetProfile::Pdf, CmapTarget::Unicode).ok());
    let mut warnings = Vec::new();
    let (bytes, tagged) = match subset_bytes {
        Some(b) => (super::truetype::dehint(&b).unwrap_or(b), true),
        // Should the subsetter fail, embed the whole face rather than lose text.
        None => (data.to_vec(), false),
    };
    let mut font = ParsedFont::from_bytes(&bytes, 0, &mut warnings)
        .or_else(|| ParsedFont::from_bytes(data, 0, &mut warnings))
        .expect("the compiled-in fonts parse");
    let name = Fonts::name(face);
    font.font_name = Some(if tagged {
        format!("{}+{name}", subset_tag(name, &ids))
    } else {
        name.to_string()
    });
    font
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
    fn subset_tags_are_six_capitals_and_stable() {
        let t = subset_tag("LiberationSans", &[0, 3, 4]);
        assert_eq!(t.len(), 6);
        assert!(t.chars().all(|c| c.is_ascii_uppercase()));
        assert_eq!(t, subset_tag("LiberationSans", &[0, 3, 4]));
        assert_ne!(t, subset_tag("LiberationSans", &[0, 3, 5]));
    }
}
