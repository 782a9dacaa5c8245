//! The fonts a brief is typeset in, and how wide text is in them. Widths
//! are the fonts' real glyph advances in thousandths of an em, truncated
//! exactly as the PDF's width arrays are written, so text lands where the
//! layout measured it; kerning comes from the font's `kern` table.

use foldhash::{HashMap, HashMapExt};
use serde::Serialize;
use std::cell::{Cell, RefCell};
use std::collections::BTreeSet;

/// A face of the family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Face {
    /// Upright.
    Regular,
    /// Bold.
    Bold,
    /// Italic.
    Italic,
    /// Bold italic.
    BoldItalic,
}

impl Face {
    /// Every face, in a fixed order.
    pub const ALL: [Face; 4] = [Face::Regular, Face::Bold, Face::Italic, Face::BoldItalic];

    /// The face for a style.
    pub fn of(bold: bool, italic: bool) -> Face {
        match (bold, italic) {
            (false, false) => Face::Regular,
            (true, false) => Face::Bold,
            (false, true) => Face::Italic,
            (true, true) => Face::BoldItalic,
        }
    }

    /// The same face in bold.
    pub fn bold(self) -> Face {
        match self {
            Face::Regular | Face::Bold => Face::Bold,
            Face::Italic | Face::BoldItalic => Face::BoldItalic,
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// The font files, compiled in so a brief typesets the same on every machine.
/// Liberation Sans 2.1.5, SIL Open Font License (fonts/LICENSE-OFL.txt): its
/// digits are tabular, so figures align down a column.
pub const FONT_FILES: [(&str, &[u8]); 4] = [
    (
        "LiberationSans",
        include_bytes!("../../fonts/LiberationSans-Regular.ttf"),
    ),
    (
        "LiberationSans-Bold",
        include_bytes!("../../fonts/LiberationSans-Bold.ttf"),
    ),
    (
        "LiberationSans-Italic",
        include_bytes!("../../fonts/LiberationSans-Italic.ttf"),
    ),
    (
        "LiberationSans-BoldItalic",
        include_bytes!("../../fonts/LiberationSans-BoldItalic.ttf"),
    ),
];

/// A piece of a text run as the PDF writes it: characters, or a kerning
/// adjustment in thousandths of an em (negative moves the next glyph left).
#[derive(Debug, Clone, PartialEq)]
pub enum Piece<'a> {
    /// Characters.
    Text(&'a str),
    /// Kerning before the next characters.
    Kern(i32),
}

/// The parsed faces of the family, with the advances and kerning pairs
/// looked up so far (a brief measures the same few characters many times).
pub struct Fonts {
    faces: Vec<ttf_parser::Face<'static>>,
    /// Advances of Latin-1 characters and kerning of ASCII pairs (nearly
    /// every character of a brief), by index: looked up without hashing.
    /// [`UNKNOWN`] until first asked.
    latin_advances: Box<[Cell<i32>]>,
    latin_kerns: Box<[Cell<i32>]>,
    /// Glyph ids of Latin-1 characters ([`NO_GLYPH`] for none).
    latin_glyphs: Box<[Cell<i32>]>,
    /// Everything else, by hash.
    advances: RefCell<HashMap<(Face, char), i32>>,
    kerns: RefCell<HashMap<(Face, char, char), i32>>,
}

/// Not looked up yet.
const UNKNOWN: i32 = i32::MIN;

/// Looked up: the face has no glyph for the character.
const NO_GLYPH: i32 = -1;

/// The characters whose advances are kept in a direct table: U+0000 to U+00FF.
const LATIN: usize = 256;

/// The characters whose kerning pairs are kept in a direct table: ASCII.
const ASCII: usize = 128;

fn latin(c: char) -> Option<usize> {
    let i = c as usize;
    (i < LATIN).then_some(i)
}

thread_local! {
    static SHARED: Fonts = Fonts::new();
}

impl Fonts {
    /// Runs `f` with this thread's fonts: parsed once, and what they have
    /// measured remembered from one brief to the next (a brief used to parse
    /// the four faces three times: for its charts, its layout and its PDF).
    /// The measurements are of the fonts alone, so sharing them changes no
    /// output.
    pub fn with<R>(f: impl FnOnce(&Fonts) -> R) -> R {
        SHARED.with(f)
    }

    /// Parses the compiled-in fonts.
    pub fn new() -> Fonts {
        Fonts {
            faces: FONT_FILES
                .iter()
                .map(|(_, data)| {
                    ttf_parser::Face::parse(data, 0).expect("the compiled-in fonts parse")
                })
                .collect(),
            latin_advances: vec![Cell::new(UNKNOWN); FONT_FILES.len() * LATIN].into(),
            latin_kerns: vec![Cell::new(UNKNOWN); FONT_FILES.len() * ASCII * ASCII].into(),
            latin_glyphs: vec![Cell::new(UNKNOWN); FONT_FILES.len() * LATIN].into(),
            advances: RefCell::new(HashMap::new()),
            kerns: RefCell::new(HashMap::new()),
        }
    }

    fn face(&self, face: Face) -> &ttf_parser::Face<'static> {
        &self.faces[face.index()]
    }

    /// Whether the face can draw `c`.
    pub fn covers(&self, face: Face, c: char) -> bool {
        c.is_whitespace() || self.glyph_index(face, c).is_some()
    }

    fn glyph(&self, face: Face, c: char) -> ttf_parser::GlyphId {
        self.glyph_index(face, c).unwrap_or(ttf_parser::GlyphId(0))
    }

    /// The face's glyph for `c`: a cmap look-up, remembered for Latin-1.
    fn glyph_index(&self, face: Face, c: char) -> Option<ttf_parser::GlyphId> {
        let Some(i) = latin(c) else {
            return self.face(face).glyph_index(c);
        };
        let slot = &self.latin_glyphs[face.index() * LATIN + i];
        if slot.get() == UNKNOWN {
            let id = self.face(face).glyph_index(c);
            slot.set(id.map_or(NO_GLYPH, |g| i32::from(g.0)));
        }
        u16::try_from(slot.get()).ok().map(ttf_parser::GlyphId)
    }

    /// A glyph's advance in thousandths of an em, truncated as printpdf writes `/W`.
    fn advance(&self, face: Face, c: char) -> i32 {
        if let Some(i) = latin(c) {
            let slot = &self.latin_advances[face.index() * LATIN + i];
            if slot.get() == UNKNOWN {
                slot.set(self.advance_uncached(face, c));
            }
            return slot.get();
        }
        if let Some(a) = self.advances.borrow().get(&(face, c)) {
            return *a;
        }
        let a = self.advance_uncached(face, c);
        self.advances.borrow_mut().insert((face, c), a);
        a
    }

    fn advance_uncached(&self, face: Face, c: char) -> i32 {
        let f = self.face(face);
        let adv = f.glyph_hor_advance(self.glyph(face, c)).unwrap_or(0);
        (i32::from(adv) * 1000) / i32::from(f.units_per_em())
    }

    /// Kerning between two characters, in thousandths of an em.
    pub fn kern_milli(&self, face: Face, left: char, right: char) -> i32 {
        self.kern(face, left, right)
    }

    fn kern(&self, face: Face, left: char, right: char) -> i32 {
        if left.is_ascii() && right.is_ascii() {
            let (l, r) = (left as usize, right as usize);
            let slot = &self.latin_kerns[(face.index() * ASCII + l) * ASCII + r];
            if slot.get() == UNKNOWN {
                slot.set(self.kern_uncached(face, left, right));
            }
            return slot.get();
        }
        if let Some(k) = self.kerns.borrow().get(&(face, left, right)) {
            return *k;
        }
        let k = self.kern_uncached(face, left, right);
        self.kerns.borrow_mut().insert((face, left, right), k);
        k
    }

    fn kern_uncached(&self, face: Face, left: char, right: char) -> i32 {
        let f = self.face(face);
        let Some(kern) = f.tables().kern else {
            return 0;
        };
        let (l, r) = (self.glyph(face, left), self.glyph(face, right));
        let units = kern
            .subtables
            .into_iter()
            .filter(|s| s.horizontal && !s.variable)
            .find_map(|s| s.glyphs_kerning(l, r))
            .unwrap_or(0);
        (i32::from(units) * 1000) / i32::from(f.units_per_em())
    }

    /// `text` as the PDF writes it: runs of characters with kerning between,
    /// handed to `each` in order (borrowed from `text`: a page has thousands).
    pub fn pieces<'a>(&self, face: Face, text: &'a str, mut each: impl FnMut(Piece<'a>)) {
        let mut start = 0;
        let mut prev: Option<char> = None;
        for (i, c) in text.char_indices() {
            if let Some(p) = prev {
                let k = self.kern(face, p, c);
                if k != 0 {
                    each(Piece::Text(&text[start..i]));
                    each(Piece::Kern(k));
                    start = i;
                }
            }
            prev = Some(c);
        }
        if start < text.len() {
            each(Piece::Text(&text[start..]));
        }
    }

    /// The width of `text` in thousandths of an em, kerning included.
    pub fn width_milli(&self, face: Face, text: &str) -> i32 {
        let mut w = 0;
        let mut prev = None;
        for c in text.chars() {
            if let Some(p) = prev {
                w += self.kern(face, p, c);
            }
            w += self.advance(face, c);
            prev = Some(c);
        }
        w
    }

    /// The width of `text` at `size` points.
    pub fn width(&self, face: Face, text: &str, size: f32) -> f32 {
        self.width_milli(face, text) as f32 * size / 1000.0
    }

    /// How far the face rises above the baseline, as a fraction of the size.
    pub fn ascent(&self, face: Face) -> f32 {
        let f = self.face(face);
        f32::from(f.ascender()) / f32::from(f.units_per_em())
    }

    /// The glyph ids `text` uses in a face, for subsetting.
    pub fn glyph_ids(&self, face: Face, chars: &BTreeSet<char>) -> Vec<u16> {
        chars.iter().map(|&c| self.glyph(face, c).0).collect()
    }

    /// The font program of a face.
    pub fn data(face: Face) -> &'static [u8] {
        FONT_FILES[face.index()].1
    }

    /// The PostScript name of a face.
    pub fn name(face: Face) -> &'static str {
        FONT_FILES[face.index()].0
    }
}

impl Default for Fonts {
    fn default() -> Fonts {
        Fonts::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_are_tabular() {
        let f = Fonts::new();
        for face in Face::ALL {
            let widths: BTreeSet<i32> = ('0'..='9')
                .map(|c| f.width_milli(face, &c.to_string()))
                .collect();
            assert_eq!(widths.len(), 1, "{face:?} digits differ: {widths:?}");
        }
    }

    #[test]
    fn kerning_tightens_pairs_the_font_kerns() {
        let f = Fonts::new();
        let mut pieces = Vec::new();
        f.pieces(Face::Regular, "AVA", |p| pieces.push(p));
        assert_eq!(pieces.first(), Some(&Piece::Text("A")), "{pieces:?}");
        assert_eq!(pieces.last(), Some(&Piece::Text("A")), "{pieces:?}");
        assert!(
            pieces.iter().any(|p| matches!(p, Piece::Kern(k) if *k < 0)),
            "{pieces:?}"
        );
        assert!(
            f.width_milli(Face::Regular, "AV")
                < f.width_milli(Face::Regular, "A") + f.width_milli(Face::Regular, "V")
        );
    }

    #[test]
    fn accents_are_covered_and_cjk_is_not() {
        let f = Fonts::new();
        for face in Face::ALL {
            assert!(
                "Société Générale — “quoted”"
                    .chars()
                    .all(|c| f.covers(face, c))
            );
            assert!("株式会社🚀".chars().all(|c| !f.covers(face, c)));
        }
    }
}
