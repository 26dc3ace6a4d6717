//! The `quotes` layer: direct speech with a resolved speaker.
//!
//! What it does: finds the words between quotation marks (straight and curly double marks,
//! paragraph by paragraph, one entry per paragraph and per piece when paragraphs were merged
//! into one line: see the `marks` module), keeps direct speech of at least three words
//! (sentences in quotes, and partial quotes that a speech verb attributes: `described it as "a
//! poor match by both sides"`), and attributes each one (see the `speaker` module): from the
//! clause before the opening mark or the words after the closing mark, through person mentions,
//! pronouns (`he said`), descriptions by role, club or nationality (`the Juventus coach`, `the
//! Dutchman`) and names outside the gazetteers (`speaker: None` with the name's span).
//!
//! What it does not do: read single quotation marks as quotes (reports nest them inside double
//! ones), attribute reported speech without marks, or re-segment the text (it reads the text and
//! the mention layer; the sentence layer is not needed). Scare quotes and quoted titles of fewer
//! than three words are dropped, and so are longer quoted phrases inside a sentence that no speech
//! verb attributes.
//!
//! Word lists are data files compiled in: speech verbs (`data/rules/quote-verbs.txt`), role nouns
//! (`quote-roles.txt`), nationality nouns (`quote-demonyms.txt`) and the adverbs that may stand
//! between a speaker and the verb (`quote-adverbs.txt`).

mod marks;
mod speaker;
#[cfg(test)]
mod tests;
mod tokens;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::Context;
use crate::error::Error;
use crate::facts::Quote;
use crate::fold::fold;
use crate::words::{WordList, COMMON_WORDS};

const VERBS: &str = include_str!("../../../data/rules/quote-verbs.txt");
const ADVERBS: &str = include_str!("../../../data/rules/quote-adverbs.txt");
const ROLES: &str = include_str!("../../../data/rules/quote-roles.txt");
const DEMONYMS: &str = include_str!("../../../data/rules/quote-demonyms.txt");

/// Name particles that stay lower case inside a name (`Robin van Persie`).
const PARTICLES: &[&str] = &[
    "de", "da", "di", "del", "della", "van", "von", "der", "den", "le", "la", "du", "dos",
];

/// The kind of person a role noun names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RoleKind {
    /// A manager or coach: a gazetteer coach.
    Coach,
    /// A player.
    Player,
    /// A referee or an assistant.
    Referee,
    /// Someone the gazetteers do not hold (chairman, chief executive, agent).
    Other,
}

impl RoleKind {
    fn parse(s: &str) -> Option<RoleKind> {
        Some(match s {
            "coach" => RoleKind::Coach,
            "player" => RoleKind::Player,
            "referee" => RoleKind::Referee,
            "other" => RoleKind::Other,
            _ => return None,
        })
    }
}

/// A set of folded words with a quick reject: an 8192-bit filter keyed on each word's length,
/// first and last byte answers `no` for most words outside the set without hashing the word
/// (the attribution asks about every word near a quotation, and most words are in no list).
#[derive(Debug, Clone, Default)]
struct WordSet {
    /// The words' bytes (looked up by byte slice: no char-boundary checks on the way).
    words: HashSet<Box<[u8]>>,
    filter: ByteFilter<LIST_FILTER_WORDS>,
}

impl WordSet {
    fn new(words: impl IntoIterator<Item = String>) -> WordSet {
        let mut set = WordSet::default();
        for w in words {
            set.filter.insert(w.as_bytes());
            set.words.insert(w.into_bytes().into_boxed_slice());
        }
        set
    }

    /// Whether the folded word is in the set: the same answer as the hash set's.
    #[inline]
    fn contains(&self, word: &str) -> bool {
        self.contains_bytes(word.as_bytes())
    }

    /// Whether the folded word with these bytes is in the set. The filter test is inlined into
    /// every caller; the hash lookup it rarely lets through stays out of line.
    #[inline(always)]
    fn contains_bytes(&self, word: &[u8]) -> bool {
        self.filter.may_contain(word) && self.hashed_contains(word)
    }

    /// The hash set's answer for a word the filter let through.
    #[inline(never)]
    fn hashed_contains(&self, word: &[u8]) -> bool {
        self.words.contains(word)
    }
}

/// A filter of `64 * N` bits (`N` a power of two) over words keyed on their length, first and
/// last byte: `may_contain` is true for every inserted word (and for some others).
///
/// The word lists' filters have 8192 bits (`N` = 128, 1 KiB): with 1024 the common-word list
/// (413 words) set a third of the bits, and half of the words the attribution asked about passed
/// the filter only to be rejected by the hash set (20,800 of 41,600 lookups on the 2 MB corpus).
/// A document's surname forms (a few words, a new filter for each document) keep 1024.
#[derive(Debug, Clone)]
struct ByteFilter<const N: usize>([u64; N]);

/// The size of the word lists' filters in `u64`s.
const LIST_FILTER_WORDS: usize = 128;

impl<const N: usize> Default for ByteFilter<N> {
    fn default() -> ByteFilter<N> {
        ByteFilter([0; N])
    }
}

impl<const N: usize> ByteFilter<N> {
    /// The number of bits of the hash [`filter_bit`] keeps: log2 of the filter's size in bits.
    const BITS: u32 = {
        assert!(N.is_power_of_two());
        (N * 64).trailing_zeros()
    };

    fn insert(&mut self, word: &[u8]) {
        let bit = filter_bit(word, Self::BITS);
        self.0[bit >> 6] |= 1 << (bit & 63);
    }

    /// False only for words never inserted.
    #[inline(always)]
    fn may_contain(&self, word: &[u8]) -> bool {
        let bit = filter_bit(word, Self::BITS);
        self.0[bit >> 6] & (1 << (bit & 63)) != 0
    }
}

/// The filter bit of a word: its length, first and last byte, mixed (a multiplicative hash),
/// `bits` bits of it.
#[inline(always)]
fn filter_bit(b: &[u8], bits: u32) -> usize {
    let first = b.first().map_or(0, |&c| u64::from(c));
    let last = b.last().map_or(0, |&c| u64::from(c));
    let key = (b.len() as u64) | first << 32 | last << 40;
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - bits)) as usize
}

/// The compiled quote rules: word lists read once from the bundled data files.
#[derive(Debug)]
pub struct QuoteRules {
    verbs: WordSet,
    adverbs: WordSet,
    common: WordSet,
    roles: HashMap<String, RoleKind>,
    role_max_words: usize,
    /// The first word of every role noun.
    role_first_words: WordSet,
    /// The first word of every role noun of two or more words (`head` of `head coach`).
    role_multi_first_words: WordSet,
    demonyms: HashMap<String, Vec<String>>,
    demonym_max_words: usize,
    /// The first word of every nationality noun.
    demonym_first_words: WordSet,
    /// The first word of every nationality noun of two or more words (`south` of `south
    /// african`).
    demonym_multi_first_words: WordSet,
    /// Every word of a role or nationality noun (they may stand in a speaker phrase).
    descriptor_words: WordSet,
    /// The nationalities the nationality nouns name (country names: `scotland`). A word set,
    /// so that most person mentions (no country) are rejected by its filter without hashing.
    countries: WordSet,
    particles: WordSet,
}

impl QuoteRules {
    /// Compiles the bundled word lists; a malformed line in a list is an error.
    pub fn new() -> crate::Result<QuoteRules> {
        let mut roles = HashMap::default();
        for (key, value) in pairs("quote-roles.txt", ROLES)? {
            let kind = RoleKind::parse(&value).ok_or_else(|| {
                Error::Invalid(format!(
                    "quote-roles.txt: unknown kind `{value}` for `{key}` (expected coach, player, \
                     referee or other)"
                ))
            })?;
            roles.insert(key, kind);
        }
        let mut demonyms: HashMap<String, Vec<String>> = HashMap::default();
        for (key, value) in pairs("quote-demonyms.txt", DEMONYMS)? {
            demonyms.entry(key).or_default().push(value);
        }
        let words = |k: &String| k.split(' ').count();
        let first_words = |keys: Vec<&String>| -> WordSet {
            WordSet::new(
                keys.into_iter()
                    .map(|k| k.split(' ').next().unwrap_or("").to_string()),
            )
        };
        let descriptor_words = WordSet::new(
            roles
                .keys()
                .chain(demonyms.keys())
                .flat_map(|k| k.split(' '))
                .map(str::to_string),
        );
        let list = |list: WordList| WordSet::new(list.iter().map(str::to_string));
        let countries = WordSet::new(countries_of(&demonyms));
        Ok(QuoteRules {
            countries,
            verbs: list(WordList::parse("quote-verbs.txt", VERBS)),
            adverbs: list(WordList::parse("quote-adverbs.txt", ADVERBS)),
            common: list(WordList::parse("common-words.txt", COMMON_WORDS)),
            role_max_words: roles.keys().map(words).max().unwrap_or(1),
            demonym_max_words: demonyms.keys().map(words).max().unwrap_or(1),
            role_first_words: first_words(roles.keys().collect()),
            role_multi_first_words: first_words(roles.keys().filter(|k| words(k) > 1).collect()),
            demonym_first_words: first_words(demonyms.keys().collect()),
            demonym_multi_first_words: first_words(
                demonyms.keys().filter(|k| words(k) > 1).collect(),
            ),
            roles,
            demonyms,
            descriptor_words,
            particles: WordSet::new(PARTICLES.iter().map(|p| p.to_string())),
        })
    }

    /// The quotes of a document, in order, with their speakers.
    pub fn extract(&self, ctx: &Context<'_>) -> Vec<Quote> {
        // Token offsets are `u32` (see `tokens::Tok`): a document of 4 GiB or more (whose
        // mention offsets the folding's `u32` offsets cannot hold either) is left without quotes.
        if u32::try_from(ctx.text.len()).is_err() {
            return Vec::new();
        }
        let pieces = marks::find(ctx.text);
        if pieces.is_empty() {
            return Vec::new();
        }
        tokens::Scratch::with(|scratch| {
            tokens::tokenize_caps_into(ctx.text, &mut scratch.toks, &mut scratch.caps);
            speaker::Analyzer::new(self, ctx, &scratch.toks, &scratch.caps).run(&pieces)
        })
    }
}

/// The nationalities the nationality nouns name, and the nouns themselves: the country set's
/// words.
fn countries_of(demonyms: &HashMap<String, Vec<String>>) -> impl Iterator<Item = String> + '_ {
    demonyms.values().flatten().chain(demonyms.keys()).cloned()
}

/// Parses a two-column list: `key<TAB or 2+ spaces>value` per line, `#` comments. Keys are
/// folded with single spaces between words; values are folded.
fn pairs(name: &str, text: &str) -> crate::Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let split = line.find('\t').or_else(|| line.find("  ")).ok_or_else(|| {
            Error::Invalid(format!(
                "{name}:{}: expected a word, a tab or two spaces, and a value",
                i + 1
            ))
        })?;
        let key = fold(line[..split].trim())
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let value = fold(line[split..].trim());
        out.push((key, value));
    }
    Ok(out)
}
