//! Takes the hinting out of a subset TrueType font before it is embedded.
//!
//! Hinting is the bytecode a rasteriser runs to snap outlines to a screen's
//! pixel grid at small sizes. PDF viewers scale text freely and most ignore
//! it; in the brief's subsets of Liberation Sans it was more than half of
//! each font (the `fpgm`, `prep` and `cvt ` tables and every glyph's
//! instructions), so more than half of the PDF's bytes and of the time spent
//! compressing it. The outlines themselves are copied unchanged.
//!
//! Anything unexpected in the font gives `None`, and the caller embeds the
//! hinted subset as it came: a larger file, never a broken one.

/// Tables that hold only hinting, or data about hinted rendering.
const HINTING: [&[u8; 4]; 7] = [
    b"fpgm", b"prep", b"cvt ", b"hdmx", b"LTSH", b"VDMX", b"gasp",
];

/// The font without its hinting, or `None` if it is not a TrueType font
/// this reads.
pub fn dehint(font: &[u8]) -> Option<Vec<u8>> {
    let tables = directory(font)?;
    let table = |tag: &[u8; 4]| {
        tables
            .iter()
            .find(|(t, _)| t == tag)
            .map(|(_, bytes)| *bytes)
    };
    let head = table(b"head")?;
    let maxp = table(b"maxp")?;
    let loca = table(b"loca")?;
    let glyf = table(b"glyf")?;
    let glyphs = usize::from(u16_at(maxp, 4)?);
    let long = match u16_at(head, 50)? {
        0 => false,
        1 => true,
        _ => return None,
    };
    let offset = |i: usize| -> Option<usize> {
        if long {
            Some(u32_at(loca, i * 4)? as usize)
        } else {
            Some(usize::from(u16_at(loca, i * 2)?) * 2)
        }
    };

    let mut new_glyf = Vec::with_capacity(glyf.len());
    let mut new_loca = Vec::with_capacity((glyphs + 1) * 4);
    for i in 0..glyphs {
        let (start, end) = (offset(i)?, offset(i + 1)?);
        let glyph = glyf.get(start..end)?;
        new_loca.extend_from_slice(&u32::try_from(new_glyf.len()).ok()?.to_be_bytes());
        strip_glyph(glyph, &mut new_glyf)?;
        while new_glyf.len() % 4 != 0 {
            new_glyf.push(0);
        }
    }
    new_loca.extend_from_slice(&u32::try_from(new_glyf.len()).ok()?.to_be_bytes());

    // head: the long loca format, and a checksum adjustment set below.
    let mut new_head = head.to_vec();
    new_head
        .get_mut(50..52)?
        .copy_from_slice(&1u16.to_be_bytes());
    new_head.get_mut(8..12)?.copy_from_slice(&[0; 4]);

    let kept: Vec<([u8; 4], Vec<u8>)> = tables
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
    let mut out = assemble(font, &kept)?;
    let head_at = head_offset(&out)?;
    let adjustment = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
    out.get_mut(head_at + 8..head_at + 12)?
        .copy_from_slice(&adjustment.to_be_bytes());
    Some(out)
}

/// Copies one glyph without its instructions.
fn strip_glyph(glyph: &[u8], out: &mut Vec<u8>) -> Option<()> {
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
    const WORDS: u16 = 0x0001;
    const SCALE: u16 = 0x0008;
    const MORE: u16 = 0x0020;
    const XY_SCALE: u16 = 0x0040;
    const TWO_BY_TWO: u16 = 0x0080;
    const INSTRUCTIONS: u16 = 0x0100;
    out.extend_from_slice(glyph.get(..10)?);
    let mut at = 10;
    loop {
        let flags = u16_at(glyph, at)?;
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
        let component = glyph.get(at..at + size)?;
        let here = out.len();
        out.extend_from_slice(component);
        out[here..here + 2].copy_from_slice(&(flags & !INSTRUCTIONS).to_be_bytes());
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
