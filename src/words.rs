//! Word lists the rules need (common words, cue verbs, minute phrases), kept as data files in
//! `data/` and compiled into the binary, parsed once when a [`crate::Pipeline`] is built.

use rustc_hash::FxHashSet as HashSet;

use crate::fold::fold;

/// A set of folded words or phrases read from a data file: one entry per line, `#` comments and
/// blank lines ignored.
#[derive(Debug, Clone, Default)]
pub struct WordList {
    name: &'static str,
    entries: HashSet<String>,
}

impl WordList {
    /// Parses a list; `name` is the data file's name, used in messages.
    pub fn parse(name: &'static str, text: &str) -> WordList {
        let entries = text
            .lines()
            .map(|l| l.split('#').next().unwrap_or("").trim())
            .filter(|l| !l.is_empty())
            .map(fold)
            .collect();
        WordList { name, entries }
    }

    /// Whether the folded word or phrase is in the list.
    pub fn contains(&self, folded: &str) -> bool {
        self.entries.contains(folded)
    }

    /// Whether `word`, folded ([`fold`]), is in the list: an ASCII word of up to 32 bytes is
    /// lower-cased on the stack (no new string per word); others are folded.
    pub fn contains_folding(&self, word: &str) -> bool {
        let mut buf = [0u8; 32];
        match buf.get_mut(..word.len()) {
            Some(lower) if word.is_ascii() => {
                lower.copy_from_slice(word.as_bytes());
                lower.make_ascii_lowercase();
                // ASCII in, ASCII out.
                std::str::from_utf8(lower).is_ok_and(|w| self.contains(w))
            }
            _ => self.contains(&fold(word)),
        }
    }

    /// The data file's name.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entries, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(String::as_str)
    }
}

/// Many short strings stored one after the other in one buffer, read by index: a compact table
/// for strings read at random on hot paths (entity ids, folded forms), where a `Vec<String>`
/// would cost a memory access for the `String` and another for its bytes.
#[derive(Debug, Clone, Default)]
pub(crate) struct StringTable {
    text: String,
    /// String `i` ends at `ends[i]` (and starts where string `i - 1` ends).
    ends: Vec<u32>,
}

impl StringTable {
    /// The table of `strings`, in order.
    pub(crate) fn new<'s>(strings: impl IntoIterator<Item = &'s str>) -> StringTable {
        let mut table = StringTable::default();
        for s in strings {
            table.text.push_str(s);
            table.ends.push(table.text.len() as u32);
        }
        table
    }

    /// String `i` (`""` for an index out of range).
    pub(crate) fn get(&self, i: usize) -> &str {
        let start = match i.checked_sub(1) {
            Some(previous) => self.ends.get(previous).copied(),
            None => Some(0),
        };
        match (start, self.ends.get(i)) {
            (Some(start), Some(&end)) => self.text.get(start as usize..end as usize),
            _ => None,
        }
        .unwrap_or("")
    }
}

/// FNV-1a over two strings as if concatenated: the fuzzy index's deletion key of a word with one
/// char cut out (the index hashes while it scans; its tests check against this).
#[cfg(test)]
pub(crate) fn hash_joined(a: &str, b: &str) -> u64 {
    a.bytes().chain(b.bytes()).fold(FNV_OFFSET, fnv_step)
}

/// The FNV-1a hash of no bytes: start [`fnv_step`] from here.
pub(crate) const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// One byte of FNV-1a (for callers that hash while they scan).
pub(crate) fn fnv_step(h: u64, byte: u8) -> u64 {
    (h ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
}

/// Common English words that start sentences or are capitalised in headlines, and so must not be
/// taken for names (`Young`, `Despite`). Used by the matcher and the fuzzy stage.
pub const COMMON_WORDS: &str = include_str!("../data/common-words.txt");

/// Countries, regions and nationality words: national teams are not mentions, so a one-word form
/// spelled like one of these needs the entity's full name in the document, and the fuzzy stage
/// never maps them to names.
pub const PLACES: &str = include_str!("../data/places.txt");

#[cfg(test)]
mod string_table_tests {
    use super::StringTable;

    #[test]
    fn strings_come_back_by_index() {
        let strings = ["juventus", "", "kalidou-koulibaly", "ß"];
        let table = StringTable::new(strings);
        for (i, s) in strings.iter().enumerate() {
            assert_eq!(table.get(i), *s, "string {i}");
        }
        assert_eq!(table.get(strings.len()), "");
        assert_eq!(StringTable::default().get(0), "");
    }
}

#[cfg(test)]
mod word_list_tests {
    use super::{fold, WordList, PLACES};

    fn places() -> WordList {
        WordList::parse("places.txt", PLACES)
    }

    #[test]
    fn folding_lookup_equals_folding_first() {
        let places = places();
        let cases = [
            "Scotland",
            "SCOTLAND",
            "scotland",
            "Holland",
            "Scotlandx",
            "",
            "Côte",
            "Türkiye",
            "Ivory Coast",
            "a-very-long-word-of-more-than-thirty-two-bytes",
            "Smith",
        ];
        let mut found = 0;
        for word in cases {
            let expected = places.contains(&fold(word));
            assert_eq!(places.contains_folding(word), expected, "{word:?}");
            found += usize::from(expected);
        }
        assert!(found >= 3, "{found}");
    }

    proptest::proptest! {
        #[test]
        fn folding_lookup_equals_folding_first_on_any_word(word in "[A-Za-zÀ-ÿ' -]{0,40}") {
            let places = places();
            proptest::prop_assert_eq!(places.contains_folding(&word), places.contains(&fold(&word)));
        }
    }
}
