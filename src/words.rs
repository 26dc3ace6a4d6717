//! Word lists the rules need (common words, cue verbs, minute phrases), kept as data files in
//! `data/` and compiled into the binary, parsed once when a [`crate::Pipeline`] is built.

use crate::fold::fold;

/// A set of folded words or phrases read from a data file: one entry per line, `#` comments and
/// blank lines ignored.
///
/// Looked up on hot paths (every capitalised word the fuzzy stage reads): the entries lie one
/// after the other in one buffer and are found through a small open-addressed table of their
/// hashes, a few kilobytes that stay in cache, where a hash set of `String`s costs a read of the
/// set and another of each entry's bytes, wherever the allocator put them.
#[derive(Debug, Clone, Default)]
pub struct WordList {
    name: &'static str,
    /// The entries, each once.
    words: StringTable,
    /// Per slot (a power of two, at most half full; empty when the list is): the high half of
    /// an entry's hash and its index plus one, or 0 for an empty slot.
    slots: Box<[(u32, u32)]>,
}

impl WordList {
    /// Parses a list; `name` is the data file's name, used in messages.
    pub fn parse(name: &'static str, text: &str) -> WordList {
        let mut unique: Vec<String> = text
            .lines()
            .map(|l| l.split('#').next().unwrap_or("").trim())
            .filter(|l| !l.is_empty())
            .map(fold)
            .collect();
        unique.sort_unstable();
        unique.dedup();
        let words = StringTable::new(unique.iter().map(String::as_str));
        let size = (2 * unique.len()).next_power_of_two().max(16);
        let mut slots = vec![(0u32, 0u32); size].into_boxed_slice();
        for (i, word) in unique.iter().enumerate() {
            let h = word_hash(word.as_bytes());
            let mut slot = h as usize & (size - 1);
            while slots[slot].1 != 0 {
                slot = (slot + 1) & (size - 1);
            }
            slots[slot] = ((h >> 32) as u32, i as u32 + 1);
        }
        WordList { name, words, slots }
    }

    /// Whether the folded word or phrase is in the list.
    pub fn contains(&self, folded: &str) -> bool {
        let Some(mask) = self.slots.len().checked_sub(1) else {
            return false;
        };
        let h = word_hash(folded.as_bytes());
        let tag = (h >> 32) as u32;
        let mut slot = h as usize & mask;
        loop {
            match self.slots[slot] {
                (_, 0) => return false,
                (t, index) if t == tag && self.words.get(index as usize - 1) == folded => {
                    return true
                }
                _ => slot = (slot + 1) & mask,
            }
        }
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
        self.words.len()
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.words.len() == 0
    }

    /// The entries, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.words.len()).map(|i| self.words.get(i))
    }
}

/// The hash of a word list's entry: FxHash over its bytes (the table's slot from its low half,
/// its tag from the high half).
fn word_hash(bytes: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut hasher = rustc_hash::FxHasher::default();
    hasher.write(bytes);
    hasher.finish()
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

    /// The number of strings.
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
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

    /// Every entry of every bundled list is found, words near them are not, and the list
    /// answers as a hash set of its entries would (duplicates kept once).
    #[test]
    fn lookups_answer_as_a_hash_set() {
        use rustc_hash::FxHashSet as HashSet;
        for (name, text) in [
            ("common-words.txt", super::COMMON_WORDS),
            ("places.txt", PLACES),
        ] {
            let list = WordList::parse(name, text);
            let set: HashSet<String> = text
                .lines()
                .map(|l| l.split('#').next().unwrap_or("").trim())
                .filter(|l| !l.is_empty())
                .map(fold)
                .collect();
            assert_eq!(list.len(), set.len(), "{name}");
            let mut listed: Vec<&str> = list.iter().collect();
            listed.sort_unstable();
            let mut expected: Vec<&str> = set.iter().map(String::as_str).collect();
            expected.sort_unstable();
            assert_eq!(listed, expected, "{name}");
            for word in &set {
                assert!(list.contains(word), "{name}: {word}");
                for near in [
                    format!("{word}s"),
                    format!("x{word}"),
                    word.chars().skip(1).collect(),
                ] {
                    assert_eq!(list.contains(&near), set.contains(&near), "{name}: {near}");
                }
            }
        }
        let doubled = WordList::parse("t", "a\nb\n# c\na\n\nB");
        assert_eq!(
            (doubled.len(), doubled.contains("b"), doubled.contains("c")),
            (2, true, false)
        );
        let empty = WordList::default();
        assert!(empty.is_empty() && !empty.contains("") && !empty.contains("a"));
    }

    proptest::proptest! {
        #[test]
        fn folding_lookup_equals_folding_first_on_any_word(word in "[A-Za-zÀ-ÿ' -]{0,40}") {
            let places = places();
            proptest::prop_assert_eq!(places.contains_folding(&word), places.contains(&fold(&word)));
        }
    }
}
