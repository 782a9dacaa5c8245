//! Takes the hinting out of a subset TrueType font before it is embedded.
//!
//! Hinting is the bytecode a rasteriser runs to snap outlines to a screen's
//! pixel grid at small sizes. PDF viewers scale text freely and most ignore
//! it; in the brief's subsets of Liberation Sans it was more than half of
//! each font (the `fpgm`, `prep` and `cvt ` tables and every glyph's
//! instructions), so more than half of the PDF's bytes and of the time spent
//! compressing it. The outlines themselves are copied unchanged.
//!
//! It also subsets: [`subset`] keeps only the glyphs a brief draws (and the
//! components they are built of), renumbered from 0, with a `cmap` of the
//! brief's characters, in one pass over just those glyphs. A general
//! subsetter read every glyph of every face for that: 7% of a brief's
//! instructions.
//!
//! Anything unexpected in the font gives `None`, and the caller falls back
//! (to allsorts' subset, then to the whole face): a larger file, never a
//! broken one.

/// Tables that hold only hinting, or data about hinted rendering.
const HINTING: [&[u8; 4]; 7] = [
    b"fpgm", b"prep", b"cvt ", b"hdmx", b"LTSH", b"VDMX", b"gasp",
];

/// The font without its hinting, or `None` if it is not a TrueType font
/// this reads.
pub fn dehint(font: &[u8]) -> Option<Vec<u8>> {
    let f = Font::read(font)?;
    let (mut new_glyf, mut new_loca) = f.write_glyphs(0..f.glyphs, Some)?;
    let mut new_head = long_loca_head(f.head)?;
    let kept: Vec<([u8; 4], Vec<u8>)> = f
        .tables
        .iter()
        .filter(|(tag, _)| !HINTING.contains(&tag))
        .map(|(tag, bytes)| {
            let bytes = match tag {
                b"glyf" => std::mem::take(&mut new_glyf),
                b"loca" => std::mem::take(&mut new_loca),
                b"head" => std::mem::take(&mut new_head),
                _ => bytes.to_vec(),
            };
            (*tag, bytes)
        })
        .collect();
    finish(font, &kept)
}

/// A TrueType font's tables, and its glyphs by id through `loca`: what
/// [`dehint`] and [`subset`] both read.
struct Font<'a> {
    tables: Vec<([u8; 4], &'a [u8])>,
    head: &'a [u8],
    loca: &'a [u8],
    glyf: &'a [u8],
    /// `maxp`'s count of glyphs.
    glyphs: u16,
    /// Whether `loca` holds 32-bit offsets (else 16-bit halves).
    long: bool,
}

impl<'a> Font<'a> {
    fn read(font: &'a [u8]) -> Option<Font<'a>> {
        let tables = directory(font)?;
        let find = |tag: &[u8; 4]| tables.iter().find(|(t, _)| t == tag).map(|(_, b)| *b);
        let (head, loca, glyf) = (find(b"head")?, find(b"loca")?, find(b"glyf")?);
        let glyphs = u16_at(find(b"maxp")?, 4)?;
        let long = match u16_at(head, 50)? {
            0 => false,
            1 => true,
            _ => return None,
        };
        Some(Font {
            tables,
            head,
            loca,
            glyf,
            glyphs,
            long,
        })
    }

    fn table(&self, tag: &[u8; 4]) -> Option<&'a [u8]> {
        self.tables.iter().find(|(t, _)| t == tag).map(|(_, b)| *b)
    }

    /// Glyph `g`'s data (empty for a glyph with no outline).
    fn glyph(&self, g: u16) -> Option<&'a [u8]> {
        let offset = |i: usize| -> Option<usize> {
            if self.long {
                Some(u32_at(self.loca, i * 4)? as usize)
            } else {
                Some(usize::from(u16_at(self.loca, i * 2)?) * 2)
            }
        };
        let i = usize::from(g);
        self.glyf.get(offset(i)?..offset(i + 1)?)
    }

    /// A `glyf` of these glyphs in this order, each without instructions
    /// and its components' ids mapped by `remap`, each at a four-byte
    /// boundary; and its long-format `loca`.
    fn write_glyphs(
        &self,
        ids: impl IntoIterator<Item = u16>,
        remap: impl Fn(u16) -> Option<u16> + Copy,
    ) -> Option<(Vec<u8>, Vec<u8>)> {
        let mut glyf = Vec::with_capacity(self.glyf.len());
        let mut loca = Vec::new();
        for g in ids {
            loca.extend_from_slice(&u32::try_from(glyf.len()).ok()?.to_be_bytes());
            strip_glyph(self.glyph(g)?, &mut glyf, remap)?;
            while glyf.len() % 4 != 0 {
                glyf.push(0);
            }
        }
        loca.extend_from_slice(&u32::try_from(glyf.len()).ok()?.to_be_bytes());
        Some((glyf, loca))
    }
}

/// `head` for a long-format `loca`, its checksum adjustment zeroed for
/// [`finish`] to set.
fn long_loca_head(head: &[u8]) -> Option<Vec<u8>> {
    let mut new_head = head.to_vec();
    new_head
        .get_mut(50..52)?
        .copy_from_slice(&1u16.to_be_bytes());
    new_head.get_mut(8..12)?.copy_from_slice(&[0; 4]);
    Some(new_head)
}

/// The font file of `tables` (in tag order), its `head` checksum
/// adjustment set so the whole file sums to the magic number.
fn finish(original: &[u8], tables: &[([u8; 4], Vec<u8>)]) -> Option<Vec<u8>> {
    let mut out = assemble(original, tables)?;
    let head_at = head_offset(&out)?;
    let adjustment = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
    out.get_mut(head_at + 8..head_at + 12)?
        .copy_from_slice(&adjustment.to_be_bytes());
    Some(out)
}

/// The font cut down to the glyphs of `chars` (each with its glyph id in
/// `font`), without hinting: glyph 0 (.notdef), then the glyphs drawn and
/// their components in the order of their old ids, renumbered from 0; a
/// `cmap` of `chars` to the new ids; `hmtx`, `hhea`, `maxp`, `loca` to
/// match; `post` without glyph names; `name` and `OS/2` as they were. Other
/// tables (kerning, layout) are not needed by a PDF and are left out.
/// `None` if the font is not one this reads.
pub fn subset(font: &[u8], chars: &[(char, u16)]) -> Option<Vec<u8>> {
    let f = Font::read(font)?;
    let (maxp, hhea, hmtx) = (f.table(b"maxp")?, f.table(b"hhea")?, f.table(b"hmtx")?);

    // The glyphs kept: .notdef, those drawn, and every component of a
    // composite among them (components may be composites too).
    let mut kept = std::collections::BTreeSet::new();
    let mut todo: Vec<u16> = std::iter::once(0)
        .chain(chars.iter().map(|&(_, g)| g))
        .collect();
    while let Some(g) = todo.pop() {
        if g >= f.glyphs {
            return None;
        }
        if !kept.insert(g) {
            continue;
        }
        todo.extend(
            components(f.glyph(g)?)?
                .into_iter()
                .filter(|c| !kept.contains(c)),
        );
    }
    let old: Vec<u16> = kept.into_iter().collect();
    let new_id = |g: u16| {
        old.binary_search(&g)
            .ok()
            .and_then(|i| u16::try_from(i).ok())
    };
    let count = u16::try_from(old.len()).ok()?;

    let (new_glyf, new_loca) = f.write_glyphs(old.iter().copied(), new_id)?;

    // Every glyph with its own advance and left side bearing.
    let metrics = u16_at(hhea, 34)?;
    if metrics == 0 {
        return None;
    }
    let mut new_hmtx = Vec::with_capacity(old.len() * 4);
    for &g in &old {
        let (advance, lsb) = if g < metrics {
            (
                u16_at(hmtx, 4 * usize::from(g))?,
                u16_at(hmtx, 4 * usize::from(g) + 2)?,
            )
        } else {
            let last = 4 * usize::from(metrics - 1);
            let lsb_at = 4 * usize::from(metrics) + 2 * usize::from(g - metrics);
            (u16_at(hmtx, last)?, u16_at(hmtx, lsb_at)?)
        };
        new_hmtx.extend_from_slice(&advance.to_be_bytes());
        new_hmtx.extend_from_slice(&lsb.to_be_bytes());
    }
    let mut new_hhea = hhea.to_vec();
    new_hhea
        .get_mut(34..36)?
        .copy_from_slice(&count.to_be_bytes());
    let mut new_maxp = maxp.to_vec();
    new_maxp
        .get_mut(4..6)?
        .copy_from_slice(&count.to_be_bytes());
    let new_head = long_loca_head(f.head)?;

    let mut mapped: Vec<(u32, u16)> = chars
        .iter()
        .map(|&(c, g)| Some((u32::from(c), new_id(g)?)))
        .collect::<Option<_>>()?;
    mapped.sort_unstable();
    mapped.dedup_by_key(|(c, _)| *c);
    let new_cmap = cmap(&mapped)?;

    let mut out_tables: Vec<([u8; 4], Vec<u8>)> = vec![
        (*b"cmap", new_cmap),
        (*b"glyf", new_glyf),
        (*b"head", new_head),
        (*b"hhea", new_hhea),
        (*b"hmtx", new_hmtx),
        (*b"loca", new_loca),
        (*b"maxp", new_maxp),
    ];
    for tag in [b"OS/2", b"name"] {
        if let Some(t) = f.table(tag) {
            out_tables.push((*tag, t.to_vec()));
        }
    }
    if let Some(post) = f.table(b"post") {
        // Format 3: the header's metrics, no glyph names.
        let mut p = post.get(..32)?.to_vec();
        p[..4].copy_from_slice(&0x0003_0000u32.to_be_bytes());
        out_tables.push((*b"post", p));
    }
    out_tables.sort_by_key(|t| t.0);
    finish(font, &out_tables)
}

/// The glyph ids a glyph is built of: none for a simple glyph.
fn components(glyph: &[u8]) -> Option<Vec<u16>> {
    let mut ids = Vec::new();
    if glyph.is_empty() || i16::from_be_bytes([*glyph.first()?, *glyph.get(1)?]) >= 0 {
        return Some(ids);
    }
    let mut at = 10;
    loop {
        let flags = u16_at(glyph, at)?;
        ids.push(u16_at(glyph, at + 2)?);
        at += component_size(flags);
        if flags & 0x0020 == 0 {
            return Some(ids);
        }
    }
}

/// A `cmap` of one Windows Unicode subtable: format 4 for the Basic
/// Multilingual Plane, or format 12 when a character lies beyond it.
/// `mapped` is sorted by character, without repeats.
fn cmap(mapped: &[(u32, u16)]) -> Option<Vec<u8>> {
    let mut sub = Vec::new();
    let encoding: u16;
    if mapped.iter().all(|&(c, _)| c < 0xFFFF) {
        encoding = 1;
        // One segment per character (start = end, a delta to its glyph),
        // then the closing 0xFFFF segment the format requires.
        let segs = u16::try_from(mapped.len() + 1).ok()?;
        let len = u16::try_from(16 + 8 * usize::from(segs)).ok()?;
        let selector = 15 - segs.leading_zeros() as u16;
        let range = 2 * (1u16 << selector);
        for v in [4, len, 0, segs * 2, range, selector, segs * 2 - range] {
            sub.extend_from_slice(&v.to_be_bytes());
        }
        let codes = mapped.iter().map(|&(c, _)| c as u16).chain([0xFFFF]);
        codes
            .clone()
            .for_each(|c| sub.extend_from_slice(&c.to_be_bytes()));
        sub.extend_from_slice(&[0, 0]);
        codes.for_each(|c| sub.extend_from_slice(&c.to_be_bytes()));
        let deltas = mapped
            .iter()
            .map(|&(c, g)| g.wrapping_sub(c as u16))
            .chain([1]);
        deltas.for_each(|d| sub.extend_from_slice(&d.to_be_bytes()));
        (0..segs).for_each(|_| sub.extend_from_slice(&[0, 0]));
    } else {
        encoding = 10;
        let groups = u32::try_from(mapped.len()).ok()?;
        sub.extend_from_slice(&12u16.to_be_bytes());
        sub.extend_from_slice(&[0, 0]);
        sub.extend_from_slice(&(16 + 12 * groups).to_be_bytes());
        sub.extend_from_slice(&[0; 4]);
        sub.extend_from_slice(&groups.to_be_bytes());
        for &(c, g) in mapped {
            sub.extend_from_slice(&c.to_be_bytes());
            sub.extend_from_slice(&c.to_be_bytes());
            sub.extend_from_slice(&u32::from(g).to_be_bytes());
        }
    }
    let mut out = Vec::with_capacity(12 + sub.len());
    for v in [0u16, 1, 3, encoding] {
        out.extend_from_slice(&v.to_be_bytes());
    }
    out.extend_from_slice(&12u32.to_be_bytes());
    out.extend_from_slice(&sub);
    Some(out)
}

/// The bytes of one component of a composite glyph with these flags.
fn component_size(flags: u16) -> usize {
    const WORDS: u16 = 0x0001;
    const SCALE: u16 = 0x0008;
    const XY_SCALE: u16 = 0x0040;
    const TWO_BY_TWO: u16 = 0x0080;
    let mut size = 4 + if flags & WORDS != 0 { 4 } else { 2 };
    size += if flags & SCALE != 0 {
        2
    } else if flags & XY_SCALE != 0 {
        4
    } else if flags & TWO_BY_TWO != 0 {
        8
    } else {
        0
    };
    size
}

/// Copies one glyph without its instructions, the glyph ids of a
/// composite's components mapped by `remap`.
fn strip_glyph(glyph: &[u8], out: &mut Vec<u8>, remap: impl Fn(u16) -> Option<u16>) -> Option<()> {
    if glyph.is_empty() {
        return Some(());
    }
    let contours = i16::from_be_bytes([*glyph.first()?, *glyph.get(1)?]);
    if contours >= 0 {
        // Header (10), end points (2 per contour), instruction length, instructions, the rest.
        let at = 10 + 2 * usize::try_from(contours).ok()?;
        let len = usize::from(u16_at(glyph, at)?);
        let rest = glyph.get(at + 2 + len..)?;
        out.extend_from_slice(glyph.get(..at)?);
        out.extend_from_slice(&[0, 0]);
        out.extend_from_slice(rest);
        return Some(());
    }
    // A composite glyph: its components, each with the "instructions
    // follow" flag cleared, and nothing after the last.
    const MORE: u16 = 0x0020;
    const INSTRUCTIONS: u16 = 0x0100;
    out.extend_from_slice(glyph.get(..10)?);
    let mut at = 10;
    loop {
        let flags = u16_at(glyph, at)?;
        let size = component_size(flags);
        let component = glyph.get(at..at + size)?;
        let here = out.len();
        out.extend_from_slice(component);
        out[here..here + 2].copy_from_slice(&(flags & !INSTRUCTIONS).to_be_bytes());
        let id = remap(u16_at(component, 2)?)?;
        out[here + 2..here + 4].copy_from_slice(&id.to_be_bytes());
        at += size;
        if flags & MORE == 0 {
            break;
        }
    }
    Some(())
}

/// The font's tables, in the order of its directory.
fn directory(font: &[u8]) -> Option<Vec<([u8; 4], &[u8])>> {
    if u32_at(font, 0)? != 0x0001_0000 {
        return None;
    }
    let count = usize::from(u16_at(font, 4)?);
    (0..count)
        .map(|i| {
            let rec = 12 + 16 * i;
            let tag: [u8; 4] = font.get(rec..rec + 4)?.try_into().ok()?;
            let offset = u32_at(font, rec + 8)? as usize;
            let length = u32_at(font, rec + 12)? as usize;
            Some((tag, font.get(offset..offset.checked_add(length)?)?))
        })
        .collect()
}

/// A font file of these tables: directory, then each table at a four-byte
/// boundary, each with its checksum.
fn assemble(original: &[u8], tables: &[([u8; 4], Vec<u8>)]) -> Option<Vec<u8>> {
    let count = u16::try_from(tables.len()).ok()?;
    let mut out = Vec::new();
    out.extend_from_slice(original.get(..4)?);
    out.extend_from_slice(&count.to_be_bytes());
    // searchRange, entrySelector, rangeShift (OpenType, "Table Directory").
    let selector = 15 - count.max(1).leading_zeros() as u16;
    let range = (1u16 << selector) * 16;
    out.extend_from_slice(&range.to_be_bytes());
    out.extend_from_slice(&selector.to_be_bytes());
    out.extend_from_slice(&(count * 16 - range).to_be_bytes());
    let mut offset = 12 + 16 * tables.len();
    for (tag, bytes) in tables {
        out.extend_from_slice(tag);
        out.extend_from_slice(&checksum(bytes).to_be_bytes());
        out.extend_from_slice(&u32::try_from(offset).ok()?.to_be_bytes());
        out.extend_from_slice(&u32::try_from(bytes.len()).ok()?.to_be_bytes());
        offset += bytes.len().div_ceil(4) * 4;
    }
    for (_, bytes) in tables {
        out.extend_from_slice(bytes);
        while out.len() % 4 != 0 {
            out.push(0);
        }
    }
    Some(out)
}

fn head_offset(font: &[u8]) -> Option<usize> {
    let count = usize::from(u16_at(font, 4)?);
    (0..count).find_map(|i| {
        let rec = 12 + 16 * i;
        (font.get(rec..rec + 4)? == b"head").then(|| u32_at(font, rec + 8).map(|o| o as usize))?
    })
}

/// The sum of the bytes as big-endian 32-bit words, the last zero-padded.
fn checksum(bytes: &[u8]) -> u32 {
    bytes.chunks(4).fold(0u32, |sum, chunk| {
        let mut word = [0u8; 4];
        word[..chunk.len()].copy_from_slice(chunk);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(bytes.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typeset::fonts::{Face, Fonts};

    /// A font as it is embedded: an allsorts PDF subset of a brief's
    /// characters (with accented letters, whose glyphs are composites).
    fn subset(face: Face) -> Vec<u8> {
        use allsorts::binary::read::ReadScope;
        use allsorts::font_data::FontData;
        use allsorts::subset::{CmapTarget, SubsetProfile, subset};
        let chars: std::collections::BTreeSet<char> =
            "Revenue $1,250.5 (818) 40.1% Société Générale — “quoted” Åland ñ"
                .chars()
                .collect();
        let mut ids = Fonts::new().glyph_ids(face, &chars);
        ids.retain(|g| *g != 0);
        ids.sort_unstable();
        ids.dedup();
        ids.insert(0, 0);
        let scope = ReadScope::new(Fonts::data(face));
        let font = scope.read::<FontData<'_>>().unwrap();
        subset(
            &font.table_provider(0).unwrap(),
            &ids,
            &SubsetProfile::Pdf,
            CmapTarget::Unicode,
        )
        .unwrap()
    }

    /// Every glyph's outline survives, in the whole faces and in subsets
    /// as embedded: the same contours and points as ttf-parser reads them
    /// from the hinted font; the hinting tables are gone; the directory is
    /// well formed (sorted tags, four-byte aligned tables, each table's
    /// checksum, the search fields).
    #[test]
    fn outlines_are_unchanged_and_hinting_is_gone() {
        for face in [Face::Regular, Face::Bold, Face::Italic, Face::BoldItalic] {
            for (what, data) in [
                ("whole", Fonts::data(face).to_vec()),
                ("subset", subset(face)),
            ] {
                let plain = dehint(&data).unwrap_or_else(|| panic!("{face:?} {what} dehints"));
                assert!(
                    plain.len() < data.len(),
                    "{face:?} {what}: nothing taken out"
                );
                let (a, b) = (
                    ttf_parser::Face::parse(&data, 0).unwrap(),
                    ttf_parser::Face::parse(&plain, 0).unwrap(),
                );
                assert_eq!(a.number_of_glyphs(), b.number_of_glyphs());
                for g in 0..a.number_of_glyphs() {
                    let id = ttf_parser::GlyphId(g);
                    assert_eq!(
                        outline(&a, id),
                        outline(&b, id),
                        "{face:?} {what} glyph {g}"
                    );
                    assert_eq!(a.glyph_hor_advance(id), b.glyph_hor_advance(id));
                }
                well_formed(&plain, &format!("{face:?} {what}"));
            }
        }
    }

    fn well_formed(font: &[u8], what: &str) {
        let count = usize::from(u16_at(font, 4).unwrap());
        let range = usize::from(u16_at(font, 6).unwrap());
        let selector = u32::from(u16_at(font, 8).unwrap());
        let shift = usize::from(u16_at(font, 10).unwrap());
        let power = 1usize << selector;
        assert!(power <= count && power * 2 > count, "{what}: entrySelector");
        assert_eq!(range, power * 16, "{what}: searchRange");
        assert_eq!(shift, count * 16 - range, "{what}: rangeShift");
        let mut tags = Vec::new();
        for i in 0..count {
            let rec = 12 + 16 * i;
            let tag = &font[rec..rec + 4];
            let sum = u32_at(font, rec + 4).unwrap();
            let offset = u32_at(font, rec + 8).unwrap() as usize;
            let length = u32_at(font, rec + 12).unwrap() as usize;
            assert_eq!(offset % 4, 0, "{what}: {tag:?} aligned");
            assert!(
                !HINTING.iter().any(|h| &h[..] == tag),
                "{what}: {tag:?} kept"
            );
            let table = &font[offset..offset + length];
            if tag != b"head" {
                assert_eq!(checksum(table), sum, "{what}: {tag:?} checksum");
            }
            tags.push(tag.to_vec());
        }
        let mut sorted = tags.clone();
        sorted.sort();
        assert_eq!(tags, sorted, "{what}: tags in order");
        assert_eq!(checksum(font), 0xB1B0_AFBA, "{what}: checksum adjustment");
    }

    /// Our subset draws each character as the whole face does: the same
    /// outline (composites resolved) and advance under the glyph its cmap
    /// gives; nothing but the glyphs needed and their components; a well
    /// formed directory; and characters beyond the Basic Multilingual Plane
    /// (format 12) as well as within it (format 4).
    #[test]
    fn a_subset_draws_every_character_as_the_whole_face_does() {
        let text = "Revenue $1,250.5 (818) 40.1% Société Générale — “quoted” Åland ñ ﬁ";
        for face in [Face::Regular, Face::Bold, Face::Italic, Face::BoldItalic] {
            let fonts = Fonts::new();
            let chars: std::collections::BTreeSet<char> = text.chars().collect();
            let mut mapped: Vec<(char, u16)> = chars
                .iter()
                .copied()
                .zip(fonts.glyph_ids(face, &chars))
                .filter(|&(_, g)| g != 0)
                .collect();
            let whole = ttf_parser::Face::parse(Fonts::data(face), 0).unwrap();
            for extra in [None, Some(('\u{1F600}', mapped[0].1))] {
                mapped.extend(extra);
                let bytes = super::subset(Fonts::data(face), &mapped).expect("subsets");
                let sub = ttf_parser::Face::parse(&bytes, 0).unwrap();
                let what = format!(
                    "{face:?} {}",
                    if extra.is_some() {
                        "format 12"
                    } else {
                        "format 4"
                    }
                );
                for &(c, old) in &mapped {
                    let new = sub
                        .glyph_index(c)
                        .unwrap_or_else(|| panic!("{what}: {c:?} mapped"));
                    let old = ttf_parser::GlyphId(old);
                    assert_eq!(outline(&sub, new), outline(&whole, old), "{what}: {c:?}");
                    assert_eq!(
                        sub.glyph_hor_advance(new),
                        whole.glyph_hor_advance(old),
                        "{what}: {c:?}"
                    );
                    assert_eq!(
                        sub.glyph_hor_side_bearing(new),
                        whole.glyph_hor_side_bearing(old)
                    );
                }
                let drawn: std::collections::BTreeSet<u16> = mapped.iter().map(|m| m.1).collect();
                assert!(
                    usize::from(sub.number_of_glyphs()) > drawn.len(),
                    "{what}: .notdef and the components are kept"
                );
                assert!(
                    usize::from(sub.number_of_glyphs()) < drawn.len() + 12,
                    "{what}: only those"
                );
                assert_eq!(sub.units_per_em(), whole.units_per_em());
                assert_eq!(sub.ascender(), whole.ascender());
                assert!(
                    bytes.len() * 10 < Fonts::data(face).len(),
                    "{what}: {} bytes",
                    bytes.len()
                );
                well_formed(&bytes, &what);
            }
        }
        // A glyph the font does not have is refused, not embedded broken.
        assert_eq!(
            super::subset(Fonts::data(Face::Regular), &[('x', u16::MAX)]),
            None
        );
        assert_eq!(super::subset(b"", &[('x', 1)]), None);
    }

    #[test]
    fn what_is_not_a_truetype_font_is_left_alone() {
        assert_eq!(dehint(b""), None);
        assert_eq!(dehint(b"OTTO\0\0\0\0\0\0\0\0"), None);
        let mut cut = Fonts::data(Face::Regular).to_vec();
        cut.truncate(cut.len() / 2);
        assert_eq!(dehint(&cut), None);
    }

    fn outline(face: &ttf_parser::Face<'_>, id: ttf_parser::GlyphId) -> String {
        struct Pen(String);
        impl ttf_parser::OutlineBuilder for Pen {
            fn move_to(&mut self, x: f32, y: f32) {
                self.0 += &format!("M{x} {y}");
            }
            fn line_to(&mut self, x: f32, y: f32) {
                self.0 += &format!("L{x} {y}");
            }
            fn quad_to(&mut self, a: f32, b: f32, x: f32, y: f32) {
                self.0 += &format!("Q{a} {b} {x} {y}");
            }
            fn curve_to(&mut self, a: f32, b: f32, c: f32, d: f32, x: f32, y: f32) {
                self.0 += &format!("C{a} {b} {c} {d} {x} {y}");
            }
            fn close(&mut self) {
                self.0 += "Z";
            }
        }
        let mut pen = Pen(String::new());
        let bbox = face.outline_glyph(id, &mut pen);
        format!("{bbox:?}{}", pen.0)
    }
}
