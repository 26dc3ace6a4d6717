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
    /// For each byte of `text`, the byte offset of the original char it came from; `None` when the
    /// folding kept every offset (pure ASCII input).
    map: Option<Vec<u32>>,
    original_len: usize,
}

impl Folded {
    /// Folds `original` (lower case, diacritics removed, a few letters spelled out).
    pub fn new(original: &str) -> Folded {
        if original.is_ascii() {
            return Folded {
                text: original.to_ascii_lowercase(),
                map: None,
                original_len: original.len(),
            };
        }
        let mut text = String::with_capacity(original.len());
        let mut map = Vec::with_capacity(original.len());
        let mut rest = original;
        while !rest.is_empty() {
            let offset = original.len() - rest.len();
            // A run of ASCII folds byte for byte, as `fold_char` would one char at a time.
            let ascii = rest
                .bytes()
                .position(|b| !b.is_ascii())
                .unwrap_or(rest.len());
            if ascii > 0 {
                let before = text.len();
                text.push_str(&rest[..ascii]);
                text[before..].make_ascii_lowercase();
                map.extend(offset as u32..(offset + ascii) as u32);
                rest = &rest[ascii..];
                continue;
            }
            let Some(c) = rest.chars().next() else { break };
            let before = text.len();
            fold_char(c, &mut text);
            map.extend(std::iter::repeat_n(offset as u32, text.len() - before));
            rest = &rest[c.len_utf8()..];
        }
        Folded {
            text,
            map: Some(map),
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
        match self.map {
            None => self.text.get(start..end),
            Some(_) => None,
        }
    }

    /// Maps a byte offset of the folded text back to the original text (a char boundary there).
    pub fn original_offset(&self, folded: usize) -> usize {
        match &self.map {
            None => folded,
            Some(map) => map
                .get(folded)
                .map_or(self.original_len, |&offset| offset as usize),
        }
    }

    /// Maps a folded end offset (exclusive) back to the original text: the end of the original char
    /// that produced the byte just before it.
    pub fn original_end(&self, folded_end: usize) -> usize {
        match &self.map {
            None => folded_end,
            Some(_) if folded_end >= self.text.len() => self.original_len,
            Some(_) if folded_end == 0 => 0,
            Some(map) => {
                // The next char's original start, unless it came from the same original char.
                let last = map[folded_end - 1];
                map[folded_end..]
                    .iter()
                    .find(|&&o| o != last)
                    .map_or(self.original_len, |&o| o as usize)
            }
        }
    }
}

/// Folds one string the same way documents are folded (for gazetteer forms).
pub fn fold(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        fold_char(c, &mut out);
    }
    out
}

fn fold_char(c: char, out: &mut String) {
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

    /// The char-by-char folding that the ASCII runs of [`Folded::new`] must agree with.
    fn fold_by_char(original: &str) -> (String, Vec<u32>) {
        let (mut text, mut map) = (String::new(), Vec::new());
        for (offset, c) in original.char_indices() {
            let before = text.len();
            fold_char(c, &mut text);
            map.extend(std::iter::repeat_n(offset as u32, text.len() - before));
        }
        (text, map)
    }

    proptest::proptest! {
        #[test]
        fn runs_fold_as_chars_do(s in "[a-zA-Z '’.\\-]{0,12}(ß|é|Ø|œ|\u{301}|Š|ı|’|[a-z ]){0,6}[A-Z a-z]{0,8}") {
            let (text, map) = fold_by_char(&s);
            proptest::prop_assert_eq!(&fold(&s), &text);
            let folded = Folded::new(&s);
            proptest::prop_assert_eq!(folded.as_str(), text.as_str());
            if !s.is_ascii() {
                proptest::prop_assert_eq!(folded.map.as_deref(), Some(map.as_slice()));
            }
        }
    }

    #[test]
    fn expansion_maps_to_whole_char() {
        let text = "Straße x";
        let folded = Folded::new(text);
        let end = folded.as_str().find(" x").unwrap();
        assert_eq!(&text[..folded.original_end(end)], "Straße");
    }
}
