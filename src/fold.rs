//! Case and diacritic folding for matching, with a map back to the original byte offsets.
//!
//! `Hamšík` folds to `hamsik`, `MARCO` to `marco`, `’` to `'`. Matching runs over the folded text;
//! every offset found there is mapped back to the original document, so spans always point at the
//! text as written. Pure ASCII text (most reports) folds without a map.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// A folded copy of a text with the way back to original byte offsets.
#[derive(Debug, Clone)]
pub struct Folded {
    text: String,
    /// Where the offsets part: one entry per non-ASCII char of the original, in order (ASCII
    /// folds byte for byte, so between two entries folded and original offsets differ by a
    /// constant). Empty when the folding kept every offset (pure ASCII input). A document holds
    /// a few such chars (names, curly quotes): this costs a few bytes each where a map of every
    /// byte cost four bytes per byte of text.
    chars: Vec<FoldedChar>,
    original_len: usize,
}

/// A non-ASCII char of the original and the folded bytes it became.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FoldedChar {
    /// Its first folded byte.
    folded: u32,
    /// How many folded bytes it became (0 for a lone combining mark).
    folded_len: u32,
    /// Its original byte offset.
    original: u32,
    /// Its UTF-8 length in the original.
    original_len: u32,
}

impl FoldedChar {
    /// The folded offset just past its folded bytes.
    fn folded_end(self) -> usize {
        (self.folded + self.folded_len) as usize
    }

    /// The original offset just past it.
    fn original_end(self) -> usize {
        (self.original + self.original_len) as usize
    }
}

impl Folded {
    /// Folds `original` (lower case, diacritics removed, a few letters spelled out).
    pub fn new(original: &str) -> Folded {
        // One scan finds the first non-ASCII byte: pure ASCII text (a quarter of the reports)
        // is then lower-cased whole, and other text is not scanned twice up to that byte.
        let Some(first) = crate::bytescan::first_non_ascii(original.as_bytes()) else {
            return Folded {
                text: original.to_ascii_lowercase(),
                chars: Vec::new(),
                original_len: original.len(),
            };
        };
        let mut text = String::with_capacity(original.len());
        let mut chars = Vec::new();
        let mut rest = original;
        // The length of the ASCII run at the front of `rest` (known for the first one).
        let mut ascii = first;
        while !rest.is_empty() {
            // A run of ASCII folds byte for byte, as `fold_char` would one char at a time.
            if ascii > 0 {
                push_ascii_lowercase(&mut text, &rest[..ascii]);
                rest = &rest[ascii..];
            }
            let Some(c) = rest.chars().next() else { break };
            let offset = original.len() - rest.len();
            let before = text.len();
            fold_char(c, &mut text);
            chars.push(FoldedChar {
                folded: before as u32,
                folded_len: (text.len() - before) as u32,
                original: offset as u32,
                original_len: c.len_utf8() as u32,
            });
            rest = &rest[c.len_utf8()..];
            ascii = crate::bytescan::first_non_ascii(rest.as_bytes()).unwrap_or(rest.len());
        }
        Folded {
            text,
            chars,
            original_len: original.len(),
        }
    }

    /// The folded text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The folded form of `original[start..end]` as a slice of the folded text, when folding kept
    /// every offset (pure ASCII input); `None` otherwise (fold the word itself then).
    pub fn same_offsets_slice(&self, start: usize, end: usize) -> Option<&str> {
        match self.chars.is_empty() {
            true => self.text.get(start..end),
            false => None,
        }
    }

    /// Maps a byte offset of the folded text back to the original text (a char boundary there).
    pub fn original_offset(&self, folded: usize) -> usize {
        if self.chars.is_empty() {
            return folded;
        }
        let index = self.chars.partition_point(|c| c.folded as usize <= folded);
        self.original_at(folded, index)
    }

    /// [`Folded::original_offset`] of `folded`, given how many of [`Folded::chars`] start at or
    /// before it.
    fn original_at(&self, folded: usize, index: usize) -> usize {
        if folded >= self.text.len() {
            return self.original_len;
        }
        let Some(index) = index.checked_sub(1) else {
            // Before the first non-ASCII char: the same offset.
            return folded;
        };
        let c = self.chars[index];
        match folded < c.folded_end() {
            true => c.original as usize,
            false => c.original_end() + (folded - c.folded_end()),
        }
    }

    /// A reader of original offsets for folded offsets asked in increasing order (a scan over the
    /// text): each answer costs a step or two instead of a search.
    pub fn offsets(&self) -> OriginalOffsets<'_> {
        OriginalOffsets {
            folded: self,
            run: (0, 0),
            shift: 0,
        }
    }

    /// Maps a folded end offset (exclusive) back to the original text: the end of the original char
    /// that produced the byte just before it.
    pub fn original_end(&self, folded_end: usize) -> usize {
        if self.chars.is_empty() {
            return folded_end;
        }
        if folded_end >= self.text.len() {
            return self.original_len;
        }
        if folded_end == 0 {
            return 0;
        }
        // The original offset of the next folded byte that another original char produced: the
        // byte at `folded_end`, unless the byte before it came from the same char (a char folded
        // to several bytes, `ß` to `ss`), then the first byte past that char's folded bytes.
        let before = self
            .chars
            .partition_point(|c| (c.folded as usize) < folded_end);
        let next = match before.checked_sub(1).map(|i| self.chars[i]) {
            Some(c) if folded_end < c.folded_end() => c.folded_end(),
            _ => folded_end,
        };
        // `next` is at least `folded_end`: the chars starting at or before it are the `before`
        // ones and the few (zero-length marks, the char at `next`) that follow them.
        let mut index = before;
        while self
            .chars
            .get(index)
            .is_some_and(|c| c.folded as usize <= next)
        {
            index += 1;
        }
        self.original_at(next, index)
    }
}

/// See [`Folded::offsets`]: original offsets of folded offsets asked in increasing order (any
/// order is answered right; going back costs a search).
#[derive(Debug, Clone)]
pub struct OriginalOffsets<'f> {
    folded: &'f Folded,
    /// The run of folded offsets `run.0..run.1` last entered (ASCII between two non-ASCII
    /// chars), where an original offset is the folded one plus `shift` (wrapping): most asks land
    /// there and cost two comparisons.
    run: (usize, usize),
    shift: usize,
}

impl OriginalOffsets<'_> {
    /// [`Folded::original_offset`] of `folded`.
    #[inline]
    pub fn get(&mut self, folded: usize) -> usize {
        if self.run.0 <= folded && folded < self.run.1 {
            return folded.wrapping_add(self.shift);
        }
        self.enter(folded)
    }

    /// [`OriginalOffsets::get`] outside the current run: finds the offset, and the run around it
    /// when it lies in one.
    #[inline(never)]
    fn enter(&mut self, folded: usize) -> usize {
        let f = self.folded;
        if f.chars.is_empty() {
            self.run = (0, usize::MAX);
            self.shift = 0;
            return folded;
        }
        let index = f.chars.partition_point(|c| c.folded as usize <= folded);
        let original = f.original_at(folded, index);
        let start = match index.checked_sub(1) {
            None => 0,
            Some(i) => f.chars[i].folded_end(),
        };
        let end = f
            .chars
            .get(index)
            .map_or(f.text.len(), |c| c.folded as usize);
        if start <= folded && folded < end {
            self.run = (start, end);
            self.shift = original.wrapping_sub(folded);
        }
        original
    }
}

/// Folds one string the same way documents are folded (for gazetteer forms).
///
/// Runs of ASCII are pushed and lower-cased whole, and only the other chars go through
/// the char-by-char fold (`fold_by_char` in the tests folds every char, and must agree).
pub fn fold(s: &str) -> String {
    let Some(first) = crate::bytescan::first_non_ascii(s.as_bytes()) else {
        return s.to_ascii_lowercase();
    };
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    // The length of the ASCII run at the front of `rest` (known for the first one).
    let mut ascii = first;
    while !rest.is_empty() {
        push_ascii_lowercase(&mut out, &rest[..ascii]);
        rest = &rest[ascii..];
        let Some(c) = rest.chars().next() else { break };
        fold_char(c, &mut out);
        rest = &rest[c.len_utf8()..];
        ascii = crate::bytescan::first_non_ascii(rest.as_bytes()).unwrap_or(rest.len());
    }
    out
}

/// Appends the ASCII `run` to `out`, lower-cased.
#[inline]
fn push_ascii_lowercase(out: &mut String, run: &str) {
    let before = out.len();
    out.push_str(run);
    out[before..].make_ascii_lowercase();
}

/// The first char of [`FOLD_TABLE`].
const TABLE_FIRST: u32 = 0x80;

/// How many chars [`FOLD_TABLE`] holds: U+0080 to U+024F (Latin-1 Supplement, Latin
/// Extended-A and -B), where nearly every non-ASCII char of a report lies (`é`, `ć`, `£`).
const TABLE_LEN: usize = 0x250 - TABLE_FIRST as usize;

/// A char's fold as [`FOLD_TABLE`] keeps it: the chars [`fold_char_slow`] pushes for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct TableFold {
    /// The folded chars (the first `len` of them).
    chars: [char; 2],
    /// How many folded chars: 0 (nothing pushed), 1 or 2; [`TableFold::SLOW`] when the fold is
    /// longer (then [`fold_char_slow`] folds the char).
    len: u8,
}

impl TableFold {
    /// The `len` of a char whose fold the table does not hold.
    const SLOW: u8 = u8::MAX;
}

/// The folds of the chars from [`TABLE_FIRST`] on, computed once by [`fold_char_slow`] (so the
/// same by construction): a table read costs a few instructions where a canonical decomposition
/// and a lower-casing cost a hundred or more.
static FOLD_TABLE: std::sync::LazyLock<Vec<TableFold>> = std::sync::LazyLock::new(|| {
    (0..TABLE_LEN as u32)
        .map(|n| {
            let mut folded = String::new();
            if let Some(c) = char::from_u32(TABLE_FIRST + n) {
                fold_char_slow(c, &mut folded);
            }
            let mut chars = [char::MAX; 2];
            let mut len = 0u8;
            for c in folded.chars() {
                match chars.get_mut(usize::from(len)) {
                    Some(slot) => {
                        *slot = c;
                        len += 1;
                    }
                    None => {
                        len = TableFold::SLOW;
                        break;
                    }
                }
            }
            TableFold { chars, len }
        })
        .collect()
});

/// Pushes the fold of `c` (lower case, diacritics removed, a few letters spelled out) to `out`.
///
/// Fast paths: ASCII, then the chars of [`FOLD_TABLE`]; [`fold_char_slow`] folds the rest (and
/// filled the table).
#[inline]
fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    let index = (c as u32).wrapping_sub(TABLE_FIRST) as usize;
    match FOLD_TABLE.get(index) {
        Some(entry) if entry.len != TableFold::SLOW => {
            for &folded in &entry.chars[..usize::from(entry.len)] {
                out.push(folded);
            }
        }
        _ => fold_char_slow(c, out),
    }
}

/// [`fold_char`] without the table: the rules themselves.
fn fold_char_slow(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    match c {
        '\u{2019}' | '\u{2018}' | '\u{02BC}' => out.push('\''),
        'ß' => out.push_str("ss"),
        'ø' | 'Ø' => out.push('o'),
        'ł' | 'Ł' => out.push('l'),
        'đ' | 'Đ' | 'ð' | 'Ð' => out.push('d'),
        'æ' | 'Æ' => out.push_str("ae"),
        'œ' | 'Œ' => out.push_str("oe"),
        'ı' => out.push('i'),
        'þ' | 'Þ' => out.push_str("th"),
        _ => {
            let mut pushed = false;
            decompose_canonical(c, |d| {
                if !is_combining_mark(d) {
                    out.extend(d.to_lowercase());
                    pushed = true;
                }
            });
            if !pushed {
                // A lone combining mark: keep the text length honest by dropping it.
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_cases() {
        let cases: &[(&str, &str, &str)] = &[
            ("ascii_lower", "Koulibaly", "koulibaly"),
            ("all_caps", "SENEGALESE", "senegalese"),
            ("diacritics", "Marek Hamšík", "marek hamsik"),
            ("polish", "Stępiński", "stepinski"),
            ("croatian", "Perišić Mandžukić", "perisic mandzukic"),
            ("stroke_letters", "Łukasz Øde", "lukasz ode"),
            ("curly_apostrophe", "N’Golo", "n'golo"),
            ("sharp_s", "Straße", "strasse"),
        ];
        for (name, input, expected) in cases {
            assert_eq!(fold(input), *expected, "case {name}");
            assert_eq!(Folded::new(input).as_str(), *expected, "case {name}");
        }
    }

    #[test]
    fn offsets_map_back() {
        let text = "Marek Hamšík scored";
        let folded = Folded::new(text);
        let start = folded.as_str().find("hamsik").unwrap();
        let end = start + "hamsik".len();
        let (s, e) = (folded.original_offset(start), folded.original_end(end));
        assert_eq!(&text[s..e], "Hamšík");
        let sc = folded.as_str().find("scored").unwrap();
        assert_eq!(
            &text[folded.original_offset(sc)..folded.original_end(sc + 6)],
            "scored"
        );
    }

    /// The char-by-char folding by the rules themselves ([`fold_char_slow`]), that the ASCII
    /// runs and the table of [`Folded::new`] and [`fold`] must agree with; and the per-byte map.
    fn fold_by_char(original: &str) -> (String, Vec<u32>) {
        let (mut text, mut map) = (String::new(), Vec::new());
        for (offset, c) in original.char_indices() {
            let before = text.len();
            fold_char_slow(c, &mut text);
            map.extend(std::iter::repeat_n(offset as u32, text.len() - before));
        }
        (text, map)
    }

    /// The table's fold of every char it holds, and of the chars around it, is the rules' fold.
    #[test]
    fn the_table_folds_as_the_rules_do() {
        let chars = (0..0x700).chain(0x1E00..0x2100).filter_map(char::from_u32);
        for c in chars.chain(['\u{FB01}', 'Ω', 'я', '😀', char::MAX]) {
            let (mut fast, mut slow) = (String::new(), String::new());
            fold_char(c, &mut fast);
            fold_char_slow(c, &mut slow);
            assert_eq!(fast, slow, "{c:?} U+{:04X}", c as u32);
        }
    }

    /// `fold` and `Folded::new` against the char-by-char fold, one line per case.
    #[test]
    fn runs_and_table_fold_as_chars_do() {
        let cases: &[(&str, &str)] = &[
            ("empty", ""),
            ("ascii", "Koulibaly SCORED in the 90th minute."),
            ("accent_first", "Édouard Mendy"),
            ("accent_last", "Luka Modrić"),
            ("accents_only", "ćčšžđ"),
            ("pound", "£60m from Bayern München"),
            ("sharp_s_and_ligatures", "Straße Æsir Œuvre þorn"),
            ("dotless_and_dotted", "Fenerbahçe Işık İstanbul"),
            ("curly_quotes", "‘It’s’ “done” – he said…"),
            ("combining_mark", "Cafe\u{301} de\u{308}"),
            ("outside_table", "Ωmega Ελλάδα Россия 😀 ﬁnal"),
            (
                "long_ascii_run",
                "a very long stretch of plain ASCII text, longer than one block ü end",
            ),
        ];
        for (name, input) in cases {
            let (text, _) = fold_by_char(input);
            assert_eq!(fold(input), text, "case {name}");
            assert_eq!(Folded::new(input).as_str(), text, "case {name}");
        }
    }

    /// The seed corpus folds as it does char by char, each report and each of its words.
    #[test]
    fn seed_corpus_folds_as_chars_do() {
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        for entry in std::fs::read_dir(corpus).unwrap() {
            let path = entry.unwrap().path();
            let report = std::fs::read_to_string(&path).unwrap();
            let (text, map) = fold_by_char(&report);
            let folded = Folded::new(&report);
            assert_eq!(folded.as_str(), text, "{path:?}");
            if !report.is_ascii() {
                check_offsets(&folded, &map, report.len()).unwrap();
            }
            for word in report.split_whitespace() {
                assert_eq!(fold(word), fold_by_char(word).0, "{word:?} in {path:?}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn runs_fold_as_chars_do(s in "[a-zA-Z '’.\\-]{0,12}(ß|é|Ø|œ|\u{301}|Š|ı|’|[a-z ]){0,6}[A-Z a-z]{0,8}") {
            let (text, map) = fold_by_char(&s);
            proptest::prop_assert_eq!(&fold(&s), &text);
            let folded = Folded::new(&s);
            proptest::prop_assert_eq!(folded.as_str(), text.as_str());
            if !s.is_ascii() {
                check_offsets(&folded, &map, s.len())?;
            }
        }

        /// Over text mixing ASCII with chars that fold to no byte, one, or several (and chars
        /// that stay non-ASCII), every folded offset maps back as the per-byte map says.
        #[test]
        fn offsets_equal_the_per_byte_map(s in "([a-zA-Z .]{0,4}(ß|é|Ø|œ|æ|\u{301}|\u{308}|Š|ı|’|ﬁ|Ω|я|😀)){0,8}[a-z ]{0,4}") {
            let (text, map) = fold_by_char(&s);
            let folded = Folded::new(&s);
            proptest::prop_assert_eq!(folded.as_str(), text.as_str());
            // Pure ASCII text keeps every offset (no map was ever kept for it).
            if !s.is_ascii() {
                check_offsets(&folded, &map, s.len())?;
            }
        }
    }

    /// `original_offset`, `offsets().get` (in order, then backwards) and `original_end` for every
    /// folded offset and one past the end, against the per-byte map as the old `Folded` read it.
    fn check_offsets(
        folded: &Folded,
        map: &[u32],
        original_len: usize,
    ) -> Result<(), proptest::test_runner::TestCaseError> {
        let reference_offset = |f: usize| map.get(f).map_or(original_len, |&o| o as usize);
        let reference_end = |fe: usize| {
            if fe >= map.len() {
                return original_len;
            }
            if fe == 0 {
                return 0;
            }
            let last = map[fe - 1];
            map[fe..]
                .iter()
                .find(|&&o| o != last)
                .map_or(original_len, |&o| o as usize)
        };
        let mut ahead = folded.offsets();
        for f in 0..=map.len() + 1 {
            proptest::prop_assert_eq!(
                folded.original_offset(f),
                reference_offset(f),
                "offset {}",
                f
            );
            proptest::prop_assert_eq!(ahead.get(f), reference_offset(f), "ahead {}", f);
            proptest::prop_assert_eq!(folded.original_end(f), reference_end(f), "end {}", f);
        }
        for f in (0..=map.len()).rev() {
            proptest::prop_assert_eq!(ahead.get(f), reference_offset(f), "back {}", f);
        }
        Ok(())
    }

    #[test]
    fn expansion_maps_to_whole_char() {
        let text = "Straße x";
        let folded = Folded::new(text);
        let end = folded.as_str().find(" x").unwrap();
        assert_eq!(&text[..folded.original_end(end)], "Straße");
    }
}
