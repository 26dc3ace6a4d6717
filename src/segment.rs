//! Sentence segmentation: the first text stage of matchfacts.
//!
//! [`Segmenter::split`] cuts a football news text into sentences and returns them as
//! byte [`Span`]s into the original text, so that later stages keep exact offsets.
//!
//! What this stage does:
//! - every line break ends a paragraph and so a sentence: headlines and captions
//!   without a full stop are sentences of their own, and blank lines never belong to
//!   a sentence;
//! - `.`, `?`, `!`, `…` and runs of them (`?!`, `!!`, `....`) end sentences; closing
//!   quotes and brackets right after them stay in the sentence (`"We won."`);
//! - these do not end a sentence: abbreviations and titles (`Mr.`, `St.`, `No. 9`,
//!   `U.S. Government`, `e.g.`, `a.m.`), initials (`S. Tanner`, `J. R. R. Tolkien`),
//!   decimals (`2.5`), web and e-mail addresses, ellipses followed by a lower-case
//!   word, bracketed ellipses (`[...]`), and `?`/`!` inside a quotation that the
//!   sentence goes on after (`"Why?" he asked.`);
//! - sentences glued without a space (`in Turin.Napoli cut the gap`) are split, and so
//!   are numbered, lettered or bulleted list items written on one line
//!   (`1. The first item 2. The second item`).
//!
//! What it does not do: it does not change, normalise or tokenise the text (spans
//! point into the input as given); it does not join a quotation that runs over
//! several paragraphs, nor rejoin hard-wrapped lines (every line break is a
//! paragraph end); it does not attribute quotations. It works for English only,
//! with rules and the word lists in `data/abbreviations.txt`, not a trained model:
//! an abbreviation that really ends a sentence before a name (`... on Baker St.
//! Arsenal ...`) is not split, and a one-letter word before a full stop is taken
//! for an initial unless the lists say otherwise (`Group A.`, `and I.`).
//!
//! The text is read in a single pass over its bytes; words around a full stop are
//! looked at only where a full stop is, with bounded look-behind and look-ahead, and
//! nothing is allocated per character.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// The bundled word lists (format described at the top of the file).
const BUNDLED_LISTS: &str = include_str!("../data/abbreviations.txt");

/// Bytes the main loop stops at outside list items: line breaks, terminators, the
/// double quote and the first byte of `…` (inside list items it stops at every byte).
/// [`Stops`] looks for them in three groups: the common ones, the rare ones and `0xE2`.
#[cfg(test)]
const SPECIAL: [bool; 256] = {
    let mut table = [false; 256];
    let stops = [b'\n', b'\r', b'"', b'.', b'?', b'!', 0xE2];
    let mut n = 0;
    while n < stops.len() {
        table[stops[n] as usize] = true;
        n += 1;
    }
    table
};

/// The next byte the main loop stops at (`SPECIAL` in the tests), for offsets that never go
/// back: `memchr` searches for three groups of stops (`.`, `"` and line feeds, which are common;
/// `?`, `!` and carriage returns, which are rare; `0xE2`, the first byte of `…`), each group's
/// next place kept until the scan passes it, so that the rare groups are not searched for again
/// at every common stop. Must give what a byte loop over `SPECIAL` gives (`skip_plain_by_bytes`
/// in the tests).
#[derive(Debug, Clone, Copy)]
struct Stops {
    /// The first `.`, `"` or `\n` at or after the last offset asked about (`len` if none).
    common: usize,
    /// The first `?`, `!` or `\r` at or after it.
    rare: usize,
    /// The first `0xE2` at or after it.
    wide: usize,
    /// The last offset asked about (offsets must not go back).
    #[cfg(debug_assertions)]
    last: usize,
}

impl Stops {
    /// The groups' first places in `bytes`.
    fn new(bytes: &[u8]) -> Stops {
        Stops {
            common: Stops::common_from(bytes, 0),
            rare: Stops::rare_from(bytes, 0),
            wide: Stops::wide_from(bytes, 0),
            #[cfg(debug_assertions)]
            last: 0,
        }
    }

    /// The first stop at or after `i` (`bytes.len()` if none); `i` must not be less than the
    /// offset of any earlier call (the kept places would then be wrong).
    #[inline]
    fn next(&mut self, bytes: &[u8], i: usize) -> usize {
        #[cfg(debug_assertions)]
        {
            debug_assert!(
                i >= self.last,
                "Stops::next went back from {} to {i}",
                self.last
            );
            self.last = i;
        }
        if self.common < i {
            self.common = Stops::common_from(bytes, i);
        }
        if self.rare < i {
            self.rare = Stops::rare_from(bytes, i);
        }
        if self.wide < i {
            self.wide = Stops::wide_from(bytes, i);
        }
        self.common.min(self.rare).min(self.wide).max(i)
    }

    /// The first `.`, `"` or `\n` at or after `i`.
    fn common_from(bytes: &[u8], i: usize) -> usize {
        bytes
            .get(i..)
            .and_then(|rest| memchr::memchr3(b'.', b'"', b'\n', rest))
            .map_or(bytes.len(), |k| i + k)
    }

    /// The first `?`, `!` or `\r` at or after `i`.
    fn rare_from(bytes: &[u8], i: usize) -> usize {
        bytes
            .get(i..)
            .and_then(|rest| memchr::memchr3(b'?', b'!', b'\r', rest))
            .map_or(bytes.len(), |k| i + k)
    }

    /// The first `0xE2` at or after `i`.
    fn wide_from(bytes: &[u8], i: usize) -> usize {
        bytes
            .get(i..)
            .and_then(|rest| memchr::memchr(0xE2, rest))
            .map_or(bytes.len(), |k| i + k)
    }
}

/// Longest word, in bytes, looked up in the word lists.
const MAX_KEY: usize = 32;

/// How far, in bytes, the segmenter looks back or ahead for the word around a full
/// stop; a longer word is never an abbreviation (and is likely an address).
const MAX_TOKEN: usize = 128;

/// Half-open byte range [start, end) into a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    /// Byte offset of the first byte of the sentence.
    pub start: usize,
    /// Byte offset one past the last byte of the sentence.
    pub end: usize,
}

/// How an abbreviation from the word list behaves before a capitalised word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AbbrKind {
    /// Never ends a sentence (`Mr.`, `St.`, `vs.`, `e.g.`).
    Title,
    /// An abbreviation only before a number (`No. 9`, `p. 55`).
    BeforeNumber,
    /// Ends a sentence only before a sentence starter (`Co. It`, `U.S. How`).
    Ordinary,
    /// Ends a sentence before any capitalised word (`etc.`).
    Final,
    /// `a.m.`/`p.m.`: ends a sentence unless the sentence so far is a short phrase.
    Time,
}

/// Section of the word-list file being read.
#[derive(Debug, Clone, Copy)]
enum Section {
    Abbreviations(AbbrKind),
    Starters,
    Labels,
}

/// Splits text into sentences. Built once, shared across threads (Send + Sync), cheap to call.
#[derive(Debug, Clone)]
pub struct Segmenter {
    /// Abbreviations, lower-cased (ASCII), without their final full stop.
    abbreviations: HashMap<Box<[u8]>, AbbrKind>,
    /// Every abbreviation's [`KeyFilter`] mark: a word without one is not looked up.
    abbreviation_marks: KeyFilter,
    /// The last three letters of every abbreviation that ends in three letters: see
    /// [`Segmenter::ends_plain_word`].
    abbreviation_tails: TailSet,
    /// Words that begin a new sentence after an abbreviation, lower-cased (ASCII).
    starters: HashSet<Box<[u8]>>,
    /// Words after which a single capital letter is a label (`Group A`), lower-cased.
    labels: HashSet<Box<[u8]>>,
}

impl Default for Segmenter {
    /// Same as [`Segmenter::new`].
    fn default() -> Self {
        Segmenter::new()
    }
}

impl Segmenter {
    /// Segmenter with the bundled abbreviation list.
    pub fn new() -> Segmenter {
        parse_lists(BUNDLED_LISTS).0
    }

    /// Sentences of `text` as byte spans, in order, trimmed of surrounding whitespace, never empty,
    /// never overlapping, each on char boundaries.
    pub fn split(&self, text: &str) -> Vec<Span> {
        let bytes = text.as_bytes();
        let mut scan = Scan::new(text);
        let mut stops = Stops::new(bytes);
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' | b'\r' => {
                    scan.emit(i);
                    scan.quote_open = false;
                    i += 1;
                    scan.begin(i);
                }
                b'"' => {
                    scan.quote_open = !scan.quote_open;
                    i += 1;
                }
                b'.' | b'?' | b'!' => {
                    let next = self.terminator(&mut scan, i);
                    scan.count_quotes(i, next);
                    i = next;
                }
                0xE2 if is_ellipsis_at(bytes, i) => {
                    let next = self.terminator(&mut scan, i);
                    scan.count_quotes(i, next);
                    i = next;
                }
                b' ' | b'\t' if scan.list.is_some() => {
                    scan.check_list(i);
                    i += 1;
                }
                _ => {
                    i += 1;
                    if scan.list.is_none() {
                        // Skip to the next byte that can matter.
                        i = stops.next(bytes, i);
                    }
                }
            }
        }
        scan.emit(bytes.len());
        scan.out
    }

    /// Handles the terminator that starts at `i`; returns where scanning goes on
    /// (always past `i`, never past a line break).
    fn terminator(&self, scan: &mut Scan<'_>, i: usize) -> usize {
        let text = scan.text;
        let bytes = scan.bytes;
        if bytes.get(i) == Some(&b'.') {
            let (pairs, run_end) = spaced_dots(bytes, i + 1);
            if pairs >= 2 {
                return spaced_ellipsis(scan, i, pairs, run_end);
            }
        }
        let mut j = i;
        let mut dots = 0usize;
        let mut question = false;
        let mut ellipsis = false;
        while j < bytes.len() {
            match bytes[j] {
                b'.' => {
                    dots += 1;
                    j += 1;
                }
                b'?' | b'!' => {
                    question = true;
                    j += 1;
                }
                0xE2 if is_ellipsis_at(bytes, j) => {
                    ellipsis = true;
                    j += 3;
                }
                _ => break,
            }
        }
        let kind = if question {
            RunKind::Question
        } else if ellipsis || dots > 1 {
            RunKind::Ellipsis
        } else {
            RunKind::Period
        };
        let k = closers_end(text, j);
        if scan.fragment_is_empty(i) {
            return k;
        }
        match next_after(text, k) {
            Next::End => k,
            Next::Glued => {
                if kind == RunKind::Period {
                    if let Some(at) = self.glued_boundary(scan, i) {
                        scan.split(at);
                        return at;
                    }
                }
                k
            }
            Next::Word { pos, first } => {
                let ends = match kind {
                    RunKind::Question => !first.is_lowercase(),
                    RunKind::Ellipsis => !first.is_lowercase() && !bracketed(bytes, i, j),
                    RunKind::Period => self.period_ends(scan, i, j, k, pos, first),
                };
                if ends {
                    scan.split(k);
                }
                k
            }
        }
    }

    /// Whether the single full stop at `i` (closers up to `k`, next word at `w`
    /// starting with `first`) ends the sentence.
    fn period_ends(
        &self,
        scan: &Scan<'_>,
        i: usize,
        j: usize,
        k: usize,
        w: usize,
        first: char,
    ) -> bool {
        if first.is_lowercase() {
            return false;
        }
        if scan.list.is_some_and(|item| i < item.end) {
            // The full stop of the list marker that opens this sentence (`1. `).
            return false;
        }
        if k > j {
            // `"We won." Then ...`, `(... engineer.) The ...`
            return true;
        }
        if self.ends_plain_word(scan.bytes, scan.start, i) {
            // Most full stops: after a word that is no abbreviation, by three byte reads.
            return true;
        }
        let text = scan.text;
        let Some(ts) = token_start(text, scan.start, i) else {
            return true;
        };
        let ks = skip_openers(text, ts).min(i);
        let Some(key) = text.get(ks..i) else {
            return true;
        };
        if key.is_empty() {
            return true;
        }
        let digit = first.is_ascii_digit();
        let kind = if is_initials(key) {
            self.lookup(key).unwrap_or(AbbrKind::Ordinary)
        } else if let Some(letter) = single_letter(key) {
            return self.initial_ends(scan, ts, letter, first);
        } else {
            match self.lookup(key) {
                Some(kind) => kind,
                None => return true,
            }
        };
        match kind {
            AbbrKind::Title => false,
            AbbrKind::BeforeNumber => !digit,
            AbbrKind::Ordinary => !digit && self.is_starter(text, w),
            AbbrKind::Final => true,
            AbbrKind::Time => digit || words_at_least(text, scan.start, i, 4),
        }
    }

    /// Whether a full stop after the single letter `letter` (token at `ts`) ends the
    /// sentence, the next word starting with the non-lower-case `first`.
    fn initial_ends(&self, scan: &Scan<'_>, ts: usize, letter: char, first: char) -> bool {
        if first.is_ascii_digit() || !letter.is_uppercase() {
            return false;
        }
        let Some(prev) = prev_word(scan.text, scan.start, ts) else {
            return false;
        };
        if letter == 'I' && prev.chars().next().is_some_and(char::is_lowercase) {
            // The pronoun: `you and I. Did you ...`
            return true;
        }
        contains_folded(&self.labels, prev)
    }

    /// Where the sentence ends if the full stop at `i`, followed directly by a
    /// non-space character, ends a sentence glued to the next: a lower-case letter
    /// or a digit, the full stop, maybe a quotation mark, then a capital followed by
    /// a lower-case letter (`Turin.Napoli`, `on 67.Free-scoring`, `win."We`,
    /// `goal."Juventus`). Abbreviations, initials and addresses are left alone.
    fn glued_boundary(&self, scan: &Scan<'_>, i: usize) -> Option<usize> {
        let text = scan.text;
        let before = char_before(text, i)?;
        if !(before.is_lowercase() || before.is_ascii_digit()) {
            return None;
        }
        let mut p = i + 1;
        let mut at = i + 1;
        let c = char_at(text, p)?;
        match c {
            '"' => {
                p += 1;
                if scan.quote_open {
                    at = p;
                }
            }
            '“' | '«' => p += c.len_utf8(),
            '”' | '»' => {
                p += c.len_utf8();
                at = p;
            }
            _ => {}
        }
        let first = char_at(text, p)?;
        let second = char_at(text, p + first.len_utf8())?;
        if !(first.is_uppercase() && second.is_lowercase()) {
            return None;
        }
        let ts = token_start(text, scan.start, i)?;
        let ks = skip_openers(text, ts).min(i);
        let key = text.get(ks..i)?;
        if key.contains(['@', '/', ':'])
            || key
                .as_bytes()
                .get(..3)
                .is_some_and(|b| b.eq_ignore_ascii_case(b"www"))
            || is_initials(key)
            || self.lookup(key).is_some()
        {
            return None;
        }
        let rest = text.get(i + 1..)?;
        for (n, c) in rest.char_indices() {
            if c.is_whitespace() || n > MAX_TOKEN {
                break;
            }
            if c == '@' || c == '/' {
                return None;
            }
        }
        Some(at)
    }

    /// Whether the word before the full stop at `i` (in the sentence from `floor`) ends in three
    /// ASCII letters that no abbreviation ends in: then it is not an abbreviation, nor initials
    /// (whose last part is one letter), nor a single letter, and the full stop ends the sentence
    /// before a capital without the token being read or looked up. The three letters are the end
    /// of the key that [`Segmenter::period_ends`] would look up (letters are neither spaces nor
    /// openers, and they lie after `floor`, where the token search stops).
    #[inline]
    fn ends_plain_word(&self, bytes: &[u8], floor: usize, i: usize) -> bool {
        let start = i.checked_sub(3).filter(|&s| s >= floor);
        let tail = match start.and_then(|s| bytes.get(s..i)) {
            Some(&[a, b, c]) => [a, b, c],
            _ => return false,
        };
        TailSet::index(tail).is_some_and(|n| !self.abbreviation_tails.holds(n))
    }

    /// Kind of the abbreviation `word` (without its final full stop), if listed.
    ///
    /// Fast path: most words before a full stop are not abbreviations, and most of those have
    /// no mark in [`Segmenter::abbreviation_marks`]: they are turned away without being folded
    /// or hashed (`lookup_unfiltered` in the tests is the lookup without it).
    fn lookup(&self, word: &str) -> Option<AbbrKind> {
        if !self.abbreviation_marks.may_hold(word.as_bytes()) {
            return None;
        }
        let mut buf = [0u8; MAX_KEY];
        let key = fold_key(word, &mut buf)?;
        self.abbreviations.get(key).copied()
    }

    /// Whether the word starting at `w` is a sentence starter.
    fn is_starter(&self, text: &str, w: usize) -> bool {
        let Some(rest) = text.get(w..) else {
            return false;
        };
        let len = rest
            .bytes()
            .take_while(u8::is_ascii_alphabetic)
            .take(MAX_KEY + 1)
            .count();
        rest.get(..len)
            .is_some_and(|word| contains_folded(&self.starters, word))
    }
}

/// Bits of a [`KeyFilter`] (a power of two).
const FILTER_BITS: usize = 1024;

/// A one-sided test for a set of keys compared case-insensitively (ASCII): one bit for each
/// key's length, first and last byte (lowercased); a word whose bit is clear is not in the set.
/// 128 bytes, where the set's hash table would cost a hash and a cache miss or two per word.
#[derive(Debug, Clone, Copy)]
struct KeyFilter([u64; FILTER_BITS / 64]);

impl Default for KeyFilter {
    fn default() -> Self {
        KeyFilter([0; FILTER_BITS / 64])
    }
}

impl KeyFilter {
    /// The bit of `key`, or `None` for an empty key or one longer than [`MAX_KEY`] (never in
    /// the lists).
    #[inline]
    fn bit(key: &[u8]) -> Option<usize> {
        let (&first, &last) = (key.first()?, key.last()?);
        if key.len() > MAX_KEY {
            return None;
        }
        let h = (key.len() as u32).wrapping_mul(0x9E37_79B9)
            ^ u32::from(first.to_ascii_lowercase()).wrapping_mul(0x85EB_CA6B)
            ^ u32::from(last.to_ascii_lowercase()).wrapping_mul(0xC2B2_AE35);
        Some((h.rotate_left(13).wrapping_mul(0x2741_2AB7) >> 22) as usize % FILTER_BITS)
    }

    /// Marks `key`.
    fn insert(&mut self, key: &[u8]) {
        if let Some(b) = KeyFilter::bit(key) {
            self.0[b / 64] |= 1 << (b % 64);
        }
    }

    /// Whether `key` may have been inserted (`false`: it was not, in any case).
    #[inline]
    fn may_hold(&self, key: &[u8]) -> bool {
        KeyFilter::bit(key).is_some_and(|b| self.0[b / 64] & (1 << (b % 64)) != 0)
    }
}

/// How many [`TailSet`] bits: one per three lower-case ASCII letters.
const TAIL_BITS: usize = 26 * 26 * 26;

/// A set of three-letter word ends (ASCII letters, compared case-insensitively), one bit each
/// (2.2 KB): exact, where a [`KeyFilter`] needs the whole word.
#[derive(Debug, Clone)]
struct TailSet(Box<[u64]>);

impl Default for TailSet {
    fn default() -> Self {
        TailSet(vec![0; TAIL_BITS.div_ceil(64)].into_boxed_slice())
    }
}

impl TailSet {
    /// The bit of `tail`, if its bytes are three ASCII letters (either case).
    #[inline]
    fn index(tail: [u8; 3]) -> Option<usize> {
        let mut n = 0;
        for b in tail {
            // Only `a..=z` after lower-casing lands below 26 (other bytes wrap or stay above).
            let letter = b.to_ascii_lowercase().wrapping_sub(b'a');
            if letter >= 26 {
                return None;
            }
            n = n * 26 + usize::from(letter);
        }
        Some(n)
    }

    /// Adds the last three bytes of `key` if they are letters (a key ending otherwise is never
    /// asked about: only letters are).
    fn insert(&mut self, key: &[u8]) {
        if let Some(&[a, b, c]) = key.len().checked_sub(3).and_then(|s| key.get(s..)) {
            if let Some(n) = TailSet::index([a, b, c]) {
                self.0[n / 64] |= 1 << (n % 64);
            }
        }
    }

    /// Whether the end with bit `n` was added.
    #[inline]
    fn holds(&self, n: usize) -> bool {
        self.0.get(n / 64).is_some_and(|w| w & (1 << (n % 64)) != 0)
    }
}

/// Reads the word lists; returns the segmenter and a description of every line
/// that could not be used.
fn parse_lists(src: &str) -> (Segmenter, Vec<String>) {
    let mut seg = Segmenter {
        abbreviations: HashMap::default(),
        abbreviation_marks: KeyFilter::default(),
        abbreviation_tails: TailSet::default(),
        starters: HashSet::default(),
        labels: HashSet::default(),
    };
    let mut problems = Vec::new();
    let mut section = None;
    for (n, raw) in src.lines().enumerate() {
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = match name.trim() {
                "titles" => Some(Section::Abbreviations(AbbrKind::Title)),
                "before-number" => Some(Section::Abbreviations(AbbrKind::BeforeNumber)),
                "abbreviations" => Some(Section::Abbreviations(AbbrKind::Ordinary)),
                "sentence-final" => Some(Section::Abbreviations(AbbrKind::Final)),
                "time" => Some(Section::Abbreviations(AbbrKind::Time)),
                "sentence-starters" => Some(Section::Starters),
                "label-words" => Some(Section::Labels),
                other => {
                    problems.push(format!("line {}: unknown section [{other}]", n + 1));
                    None
                }
            };
            continue;
        }
        let entry = line.strip_suffix('.').unwrap_or(line);
        if entry.is_empty() || entry.contains(char::is_whitespace) || entry.len() > MAX_KEY {
            problems.push(format!("line {}: bad entry {line:?}", n + 1));
            continue;
        }
        let key: Box<[u8]> = entry.to_ascii_lowercase().into_bytes().into_boxed_slice();
        match section {
            Some(Section::Abbreviations(kind)) => {
                seg.abbreviation_marks.insert(&key);
                seg.abbreviation_tails.insert(&key);
                seg.abbreviations.insert(key, kind);
            }
            Some(Section::Starters) => {
                seg.starters.insert(key);
            }
            Some(Section::Labels) => {
                seg.labels.insert(key);
            }
            None => problems.push(format!("line {}: entry {line:?} outside a section", n + 1)),
        }
    }
    (seg, problems)
}

/// What a run of terminators is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RunKind {
    /// A single full stop.
    Period,
    /// Two or more full stops, or `…`.
    Ellipsis,
    /// Any run with `?` or `!`.
    Question,
}

/// What follows a terminator and its closers on the same line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Next {
    /// Nothing but spaces up to the end of the line.
    End,
    /// A non-space character directly.
    Glued,
    /// A word after spaces (and opening quotes or brackets): where it starts and its
    /// first character.
    Word { pos: usize, first: char },
}

/// A list item marker (`1.`, `2.)`, `a)`, `• 9.`, `•`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Marker {
    bullet: bool,
    value: Option<MarkerValue>,
    end: usize,
}

/// The counter of a list item marker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MarkerValue {
    Number(u32),
    Lower(u8),
    Upper(u8),
}

/// State of one call to [`Segmenter::split`].
struct Scan<'t> {
    text: &'t str,
    bytes: &'t [u8],
    out: Vec<Span>,
    /// Start of the current sentence, untrimmed.
    start: usize,
    /// First non-space byte of the current sentence (or where the spaces end).
    first: usize,
    /// The list marker the current sentence opens with, if any.
    list: Option<Marker>,
    /// Whether a straight double quote is open on the current line.
    quote_open: bool,
}

impl<'t> Scan<'t> {
    fn new(text: &'t str) -> Self {
        let mut scan = Scan {
            text,
            bytes: text.as_bytes(),
            // About one sentence per 64 bytes of a report: most never grow the vector.
            out: Vec::with_capacity(text.len() / 64 + 1),
            start: 0,
            first: 0,
            list: None,
            quote_open: false,
        };
        scan.begin(0);
        scan
    }

    /// Starts a sentence at `pos`.
    fn begin(&mut self, pos: usize) {
        self.start = pos;
        self.first = skip_space(self.text, pos);
        self.list = parse_marker(self.text, self.first);
    }

    /// Ends the current sentence at `end` and records it if it is not blank.
    fn emit(&mut self, end: usize) {
        let Some(raw) = self.text.get(self.start..end) else {
            return;
        };
        let (lead, body) = trim_sentence(raw);
        if !body.is_empty() {
            let start = self.start + lead;
            self.out.push(Span {
                start,
                end: start + body.len(),
            });
        }
    }

    /// Ends the current sentence at `at` and starts the next one there.
    fn split(&mut self, at: usize) {
        self.emit(at);
        self.begin(at);
    }

    /// Whether the current sentence has only spaces before `i`.
    fn fragment_is_empty(&self, i: usize) -> bool {
        self.first >= i
    }

    /// Keeps the quote state right over bytes the main loop skips.
    fn count_quotes(&mut self, from: usize, to: usize) {
        if let Some(skipped) = self.bytes.get(from..to) {
            let n = skipped.iter().filter(|&&b| b == b'"').count();
            if n % 2 == 1 {
                self.quote_open = !self.quote_open;
            }
        }
    }

    /// At the space `i` inside a list item, starts a new sentence if the next list
    /// item's marker follows.
    fn check_list(&mut self, i: usize) {
        let Some(item) = self.list else {
            return;
        };
        let p = i + 1;
        if i < item.end
            || !self
                .bytes
                .get(p)
                .is_some_and(|&b| b.is_ascii_alphanumeric() || b >= 0x80)
        {
            return;
        }
        if let Some(next) = parse_marker(self.text, p) {
            if follows(&item, &next) {
                self.emit(i);
                self.start = p;
                self.first = p;
                self.list = Some(next);
            }
        }
    }
}

/// Whether `next` is the marker of the item after `item`.
fn follows(item: &Marker, next: &Marker) -> bool {
    match (item.value, next.value) {
        (Some(MarkerValue::Number(a)), Some(MarkerValue::Number(b))) => a.checked_add(1) == Some(b),
        (Some(MarkerValue::Lower(a)), Some(MarkerValue::Lower(b)))
        | (Some(MarkerValue::Upper(a)), Some(MarkerValue::Upper(b))) => a.checked_add(1) == Some(b),
        (None, _) => next.bullet,
        _ => false,
    }
}

/// Parses a list item marker at `p`: an optional bullet, then a number of up to three
/// digits or one letter with `.`, `.)` or `)` (capital letters only with `)`), then a
/// space; or a bullet alone.
///
/// Fast path (most sentences start with a word): an ASCII byte other than a digit starts no
/// marker unless it is a letter followed by `.` or `)` (bullets are not ASCII);
/// [`parse_marker_full`] reads the rest and must agree.
fn parse_marker(text: &str, p: usize) -> Option<Marker> {
    let bytes = text.as_bytes();
    if let Some(&b) = bytes.get(p) {
        let letter_marker =
            b.is_ascii_alphabetic() && matches!(bytes.get(p + 1), Some(b'.' | b')'));
        if b < 0x80 && !b.is_ascii_digit() && !letter_marker {
            return None;
        }
    }
    parse_marker_full(text, p)
}

/// [`parse_marker`] without the fast path.
fn parse_marker_full(text: &str, p: usize) -> Option<Marker> {
    let bytes = text.as_bytes();
    let mut q = p;
    let mut bullet = false;
    if let Some(c) = char_at(text, q) {
        if is_bullet(c) {
            bullet = true;
            q = skip_space(text, q + c.len_utf8());
        }
    }
    let counted = parse_counter(bytes, q);
    match counted {
        Some((value, end)) => Some(Marker {
            bullet,
            value: Some(value),
            end,
        }),
        None if bullet => Some(Marker {
            bullet,
            value: None,
            end: q,
        }),
        None => None,
    }
}

/// The counter of a list marker at `q` and where the marker ends.
fn parse_counter(bytes: &[u8], q: usize) -> Option<(MarkerValue, usize)> {
    let digits = bytes
        .get(q..)?
        .iter()
        .take(4)
        .take_while(|b| b.is_ascii_digit())
        .count();
    let (value, mut r) = match digits {
        0 => {
            let l = *bytes.get(q)?;
            if l.is_ascii_lowercase() {
                (MarkerValue::Lower(l), q + 1)
            } else if l.is_ascii_uppercase() {
                (MarkerValue::Upper(l), q + 1)
            } else {
                return None;
            }
        }
        1..=3 => {
            let n = bytes[q..q + digits]
                .iter()
                .fold(0u32, |acc, d| acc * 10 + u32::from(d - b'0'));
            (MarkerValue::Number(n), q + digits)
        }
        _ => return None,
    };
    let dot = bytes.get(r) == Some(&b'.');
    if dot {
        r += 1;
    }
    let paren = bytes.get(r) == Some(&b')');
    if paren {
        r += 1;
    }
    let punctuated = paren || (dot && !matches!(value, MarkerValue::Upper(_)));
    let spaced = matches!(bytes.get(r), Some(b' ' | b'\t'));
    (punctuated && spaced).then_some((value, r))
}

/// Handles a full stop at `i` followed by `pairs` (two or more) ` .` pairs up to
/// `run_end`: a spaced ellipsis (`. . .`).
fn spaced_ellipsis(scan: &mut Scan<'_>, i: usize, pairs: usize, run_end: usize) -> usize {
    let text = scan.text;
    let glued = i > scan.start
        && char_before(text, i).is_some_and(|c| !c.is_whitespace() && opener_len(c) == 0);
    let k = closers_end(text, run_end);
    let capital_follows =
        matches!(next_after(text, k), Next::Word { first, .. } if !first.is_lowercase());
    if glued {
        // `compounds. . . . The practice`: the full stop ends the sentence and the
        // ellipsis opens the next one; before a lower-case word or the line end, the
        // whole run stays in the sentence.
        if capital_follows && !scan.fragment_is_empty(i) {
            scan.split(i + 1);
            return run_end;
        }
        return k;
    }
    // ` . . . .` (four dots) is an ellipsis and a full stop; ` . . . ` alone is not.
    if pairs + 1 >= 4 && capital_follows && !scan.fragment_is_empty(i) {
        scan.split(k);
    }
    k
}

/// Counts ` .` pairs from `p`; returns the count and where they end.
fn spaced_dots(bytes: &[u8], mut p: usize) -> (usize, usize) {
    let mut pairs = 0;
    while bytes.get(p) == Some(&b' ') && bytes.get(p + 1) == Some(&b'.') {
        pairs += 1;
        p += 2;
    }
    (pairs, p)
}

/// Whether `…` (U+2026) starts at `i`.
fn is_ellipsis_at(bytes: &[u8], i: usize) -> bool {
    bytes.get(i..i + 3) == Some(&[0xE2, 0x80, 0xA6][..])
}

/// Whether the run [i, j) is an editorial `[...]`.
fn bracketed(bytes: &[u8], i: usize, j: usize) -> bool {
    i > 0 && bytes.get(i - 1) == Some(&b'[') && bytes.get(j) == Some(&b']')
}

/// What follows position `k` on the same line.
///
/// Fast path: most terminators are followed by one space and an ASCII letter or digit, which is
/// then the word (no space to skip, no opener); [`next_after_full`] reads the rest, and must
/// agree.
#[inline]
fn next_after(text: &str, k: usize) -> Next {
    let bytes = text.as_bytes();
    if bytes.get(k) == Some(&b' ') {
        if let Some(&b) = bytes.get(k + 1) {
            if b.is_ascii_alphanumeric() {
                return Next::Word {
                    pos: k + 1,
                    first: char::from(b),
                };
            }
        }
    }
    next_after_full(text, k)
}

/// [`next_after`] without the fast path.
fn next_after_full(text: &str, k: usize) -> Next {
    let Some(c) = char_at(text, k) else {
        return Next::End;
    };
    if c == '\n' || c == '\r' {
        return Next::End;
    }
    if !c.is_whitespace() {
        return Next::Glued;
    }
    let m = skip_space(text, k);
    let Some(c) = char_at(text, m) else {
        return Next::End;
    };
    if c == '\n' || c == '\r' {
        return Next::End;
    }
    let w = skip_openers(text, m);
    match char_at(text, w) {
        Some(first) if !first.is_whitespace() => Next::Word { pos: w, first },
        _ => Next::Word { pos: m, first: c },
    }
}

/// Position after any closing quotes and brackets at `p`.
///
/// Fast path: an ASCII byte other than a closer closes nothing (most terminators are followed
/// by a space); [`closers_end_full`] reads the rest, and must agree.
#[inline]
fn closers_end(text: &str, p: usize) -> usize {
    unless_ascii_other_than(text, p, b"\"')]}", closers_end_full)
}

/// `full(text, p)`, or `p` at once when the byte at `p` is ASCII and not one of `marks` (the
/// ASCII bytes `full` may move past): the fast paths of [`closers_end`] and [`skip_openers`].
#[inline(always)]
fn unless_ascii_other_than(
    text: &str,
    p: usize,
    marks: &[u8],
    full: fn(&str, usize) -> usize,
) -> usize {
    match text.as_bytes().get(p) {
        Some(b) if b.is_ascii() && !marks.contains(b) => p,
        _ => full(text, p),
    }
}

/// [`closers_end`] without the fast path.
fn closers_end_full(text: &str, mut p: usize) -> usize {
    while let Some(c) = char_at(text, p) {
        if !matches!(c, '"' | '\'' | ')' | ']' | '}' | '”' | '’' | '»' | '›') {
            break;
        }
        p += c.len_utf8();
    }
    p
}

/// Byte length of `c` if it opens a quotation or a bracket, else 0.
fn opener_len(c: char) -> usize {
    if matches!(
        c,
        '"' | '\'' | '(' | '[' | '{' | '“' | '‘' | '«' | '‹' | '„' | '‚' | '¿' | '¡'
    ) {
        c.len_utf8()
    } else {
        0
    }
}

/// Position after a few opening quotes and brackets at `p`.
///
/// Fast path: an ASCII byte other than an opener opens nothing (most words start with a
/// letter); [`skip_openers_full`] reads the rest, and must agree.
#[inline]
fn skip_openers(text: &str, p: usize) -> usize {
    unless_ascii_other_than(text, p, b"\"'([{", skip_openers_full)
}

/// [`skip_openers`] without the fast path.
fn skip_openers_full(text: &str, mut p: usize) -> usize {
    for _ in 0..4 {
        match char_at(text, p).map(opener_len) {
            Some(n) if n > 0 => p += n,
            _ => break,
        }
    }
    p
}

/// Position after spaces (not line breaks) at `p`.
fn skip_space(text: &str, mut p: usize) -> usize {
    let bytes = text.as_bytes();
    while let Some(&b) = bytes.get(p) {
        if b == b' ' || b == b'\t' || b == 0x0B || b == 0x0C {
            p += 1;
        } else if b < 0x80 {
            break;
        } else {
            match char_at(text, p) {
                Some(c) if c.is_whitespace() => p += c.len_utf8(),
                _ => break,
            }
        }
    }
    p
}

/// Whether `c` is a list bullet.
fn is_bullet(c: char) -> bool {
    matches!(c, '•' | '⁃' | '‣' | '◦' | '▪' | '·')
}

/// Whether `c` is trimmed from the ends of a sentence.
fn is_trimmed(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}' || c == '\u{200b}'
}

/// Whether the ASCII byte `b` is white space as [`char::is_whitespace`] reads it (tab, line
/// feed, vertical tab, form feed, carriage return, space).
#[inline]
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b'\t'..=b'\r' | b' ')
}

/// `raw` without the [`is_trimmed`] characters at either end, and how many bytes went from its
/// front.
///
/// Fast path: ASCII spaces are passed over byte by byte; when the first or last kept byte is
/// not ASCII, the character trims ([`trim_sentence_chars`], which it must agree with) do it.
fn trim_sentence(raw: &str) -> (usize, &str) {
    let b = raw.as_bytes();
    let lead = b
        .iter()
        .position(|&c| !is_ascii_space(c))
        .unwrap_or(b.len());
    if b.get(lead).is_some_and(|&c| c >= 0x80) {
        return trim_sentence_chars(raw);
    }
    let tail = b
        .iter()
        .rposition(|&c| !is_ascii_space(c))
        .map_or(lead, |p| p + 1);
    if tail > lead && b[tail - 1] >= 0x80 {
        return trim_sentence_chars(raw);
    }
    // Both ends are next to ASCII bytes (or the ends of `raw`), so on char boundaries.
    match raw.get(lead..tail) {
        Some(body) => (lead, body),
        None => trim_sentence_chars(raw),
    }
}

/// [`trim_sentence`] by characters (any text).
fn trim_sentence_chars(raw: &str) -> (usize, &str) {
    let left = raw.trim_start_matches(is_trimmed);
    let lead = raw.len() - left.len();
    (lead, left.trim_end_matches(is_trimmed))
}

/// The character starting at byte `i`, if `i` is a char boundary inside `text`.
///
/// Fast path: an ASCII byte is a whole character and always on a boundary (`char_at_slow` in
/// the tests is the general case).
#[inline]
fn char_at(text: &str, i: usize) -> Option<char> {
    match text.as_bytes().get(i) {
        Some(&b) if b < 0x80 => Some(char::from(b)),
        _ => text.get(i..)?.chars().next(),
    }
}

/// The character ending at byte `i`, if any.
///
/// Fast path: an ASCII byte before `i` is a whole character, and the byte at `i` cannot then be
/// inside a character, so `i` is a boundary (`char_before_slow` in the tests).
#[inline]
fn char_before(text: &str, i: usize) -> Option<char> {
    match i.checked_sub(1).and_then(|p| text.as_bytes().get(p)) {
        Some(&b) if b < 0x80 => Some(char::from(b)),
        _ => text.get(..i)?.chars().next_back(),
    }
}

/// Start of the space-delimited token that ends at `i`, not before `floor`; `None`
/// if the token is longer than [`MAX_TOKEN`].
///
/// Fast path: ASCII bytes are read one by one; at the first non-ASCII byte the token is read
/// again by characters ([`token_start_chars`], which it must agree with).
fn token_start(text: &str, floor: usize, i: usize) -> Option<usize> {
    let before = text.get(floor..i)?.as_bytes();
    let mut start = i;
    for &b in before.iter().rev() {
        if b >= 0x80 {
            return token_start_chars(text, floor, i);
        }
        if is_ascii_space(b) {
            break;
        }
        start -= 1;
        if i - start > MAX_TOKEN {
            return None;
        }
    }
    Some(start)
}

/// [`token_start`] read by characters (any text).
fn token_start_chars(text: &str, floor: usize, i: usize) -> Option<usize> {
    let before = text.get(floor..i)?;
    let mut start = i;
    for (off, c) in before.char_indices().rev() {
        if c.is_whitespace() {
            break;
        }
        start = floor + off;
        if i - start > MAX_TOKEN {
            return None;
        }
    }
    Some(start)
}

/// The word before the token that starts at `ts`, without opening quotes or
/// brackets, not before `floor`.
fn prev_word(text: &str, floor: usize, ts: usize) -> Option<&str> {
    let before = text.get(floor..ts)?;
    let end = floor + before.trim_end_matches(char::is_whitespace).len();
    if end <= floor {
        return None;
    }
    let start = token_start(text, floor, end)?;
    let start = skip_openers(text, start).min(end);
    text.get(start..end)
}

/// Whether `text[start..i]` has at least `n` words; a fragment longer than
/// [`MAX_TOKEN`] bytes counts as long enough without being read.
fn words_at_least(text: &str, start: usize, i: usize, n: usize) -> bool {
    if i.saturating_sub(start) > MAX_TOKEN {
        return true;
    }
    text.get(start..i)
        .is_some_and(|s| s.split_whitespace().take(n).count() >= n)
}

/// Whether `key` is letters joined by full stops (`U.S`, `e.g`, `a.m`).
///
/// Fast path: most keys are words: one whose first character is ASCII and not followed by a
/// full stop is not initials ([`is_initials_chars`] decides the rest, and must agree).
fn is_initials(key: &str) -> bool {
    let b = key.as_bytes();
    if b.first().is_some_and(u8::is_ascii) && b.get(1) != Some(&b'.') {
        return false;
    }
    is_initials_chars(key)
}

/// [`is_initials`] by characters (any key).
fn is_initials_chars(key: &str) -> bool {
    let mut parts = 0;
    for part in key.split('.') {
        let mut chars = part.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) if c.is_alphabetic() => parts += 1,
            _ => return false,
        }
    }
    parts >= 2
}

/// The letter if `key` is a single letter.
fn single_letter(key: &str) -> Option<char> {
    let mut chars = key.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if c.is_alphabetic() => Some(c),
        _ => None,
    }
}

/// `word` lower-cased (ASCII) into `buf`, if it fits.
fn fold_key<'b>(word: &str, buf: &'b mut [u8; MAX_KEY]) -> Option<&'b [u8]> {
    let src = word.as_bytes();
    if src.is_empty() || src.len() > MAX_KEY {
        return None;
    }
    let out = &mut buf[..src.len()];
    out.copy_from_slice(src);
    out.make_ascii_lowercase();
    Some(out)
}

/// Whether `set` holds `word`, compared case-insensitively (ASCII).
fn contains_folded(set: &HashSet<Box<[u8]>>, word: &str) -> bool {
    let mut buf = [0u8; MAX_KEY];
    fold_key(word, &mut buf).is_some_and(|key| set.contains(key))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One segmenter for the proptests.
    fn shared_segmenter() -> &'static Segmenter {
        static SEG: std::sync::OnceLock<Segmenter> = std::sync::OnceLock::new();
        SEG.get_or_init(Segmenter::new)
    }

    /// One case: (name, input, expected sentences).
    type Case<'a> = (&'a str, &'a str, &'a [&'a str]);

    /// Sentences of `text` as strings.
    fn sentences(seg: &Segmenter, text: &str) -> Vec<String> {
        seg.split(text)
            .iter()
            .map(|s| text[s.start..s.end].to_string())
            .collect()
    }

    /// Runs a table of cases and reports every failure at once (the segmenter without its
    /// plain-word fast path must agree too).
    fn run(table: &[Case<'_>]) {
        let seg = Segmenter::new();
        let reference = Segmenter::without_tails();
        let mut failures = Vec::new();
        for (name, input, expected) in table {
            let got = sentences(&seg, input);
            if got != *expected || sentences(&reference, input) != *expected {
                failures.push(format!(
                    "{name}: {input:?}\n   want {expected:?}\n    got {got:?}"
                ));
            }
        }
        assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    }

    #[test]
    fn bundled_lists_parse_cleanly() {
        let (seg, problems) = parse_lists(BUNDLED_LISTS);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(seg.lookup("Mr"), Some(AbbrKind::Title));
        assert_eq!(seg.lookup("e.g"), Some(AbbrKind::Title));
        assert_eq!(seg.lookup("No"), Some(AbbrKind::BeforeNumber));
        assert_eq!(seg.lookup("N°"), Some(AbbrKind::BeforeNumber));
        assert_eq!(seg.lookup("co"), Some(AbbrKind::Ordinary));
        assert_eq!(seg.lookup("etc"), Some(AbbrKind::Final));
        assert_eq!(seg.lookup("P.M"), Some(AbbrKind::Time));
        assert_eq!(seg.lookup("Napoli"), None);
        assert!(contains_folded(&seg.starters, "The"));
        assert!(contains_folded(&seg.labels, "Group"));
    }

    #[test]
    fn list_file_problems_are_reported() {
        let (seg, problems) =
            parse_lists("orphan\n[nope]\nx\n[titles]\ntwo words\nmr. # comment\n");
        assert_eq!(problems.len(), 4, "{problems:?}");
        assert_eq!(seg.lookup("Mr"), Some(AbbrKind::Title));
    }

    #[test]
    fn segmenter_is_send_sync_and_default() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Segmenter>();
        let text = "Mr. Sarri smiled. Napoli won.";
        assert_eq!(
            Segmenter::default().split(text),
            Segmenter::new().split(text)
        );
    }

    #[test]
    fn spans_index_the_original_text() {
        let text = "  Napoli win.\n\n\"We did it!\" said Koulibaly.  ";
        let spans = Segmenter::new().split(text);
        assert_eq!(
            spans,
            vec![Span { start: 2, end: 13 }, Span { start: 15, end: 43 }]
        );
    }

    #[rustfmt::skip]
    #[test]
    fn basics() {
        run(&[
            ("two sentences", "Hello World. My name is Jonas.", &["Hello World.", "My name is Jonas."]),
            ("no final stop", "Juventus lose at home", &["Juventus lose at home"]),
            ("empty", "", &[]),
            ("spaces only", "  \t \n  ", &[]),
            ("surrounding space", "  Napoli win.  ", &["Napoli win."]),
            ("question", "What is your name? My name is Jonas.", &["What is your name?", "My name is Jonas."]),
            ("exclamation", "There it is! I found it.", &["There it is!", "I found it."]),
            ("double bang", "Hello!! Long time no see.", &["Hello!!", "Long time no see."]),
            ("interrobang", "Hello?! Is that you?", &["Hello?!", "Is that you?"]),
            ("bang in name", "She works at Yahoo! in the accounting department.", &["She works at Yahoo! in the accounting department."]),
            ("score then capital", "Napoli won 1-0. Juventus stay top.", &["Napoli won 1-0.", "Juventus stay top."]),
            ("year then capital", "He joined in 2004. Chelsea paid £5m.", &["He joined in 2004.", "Chelsea paid £5m."]),
            ("v for versus", "It is Arsenal v. Chelsea on Sunday.", &["It is Arsenal v. Chelsea on Sunday."]),
        ]);
    }

    #[rustfmt::skip]
    #[test]
    fn abbreviations() {
        run(&[
            ("title Mr", "Mr. Sarri was pleased. He smiled.", &["Mr. Sarri was pleased.", "He smiled."]),
            ("titles Mrs Dr St", "Mrs. Smith met Dr. Jones at St. James' Park.", &["Mrs. Smith met Dr. Jones at St. James' Park."]),
            ("title St club", "Celtic beat St. Mirren 2-0. Rangers drew.", &["Celtic beat St. Mirren 2-0.", "Rangers drew."]),
            ("vs", "It was Juventus vs. Napoli in Turin.", &["It was Juventus vs. Napoli in Turin."]),
            ("e.g.", "Several clubs, e.g. Roma and Inter, were interested.", &["Several clubs, e.g. Roma and Inter, were interested."]),
            ("i.e. before capital", "The champions, i.e. Juventus, lost.", &["The champions, i.e. Juventus, lost."]),
            ("No. before number", "He wore the No. 10 shirt. Fans cheered.", &["He wore the No. 10 shirt.", "Fans cheered."]),
            ("no as a word", "The answer was no. The club refused.", &["The answer was no.", "The club refused."]),
            ("month before number", "The deal was agreed on Jan. 31 in Milan.", &["The deal was agreed on Jan. 31 in Milan."]),
            ("month before starter", "He signed in Jan. The fee was undisclosed.", &["He signed in Jan.", "The fee was undisclosed."]),
            ("co. before lower", "Were Jane and co. at the party?", &["Were Jane and co. at the party?"]),
            ("co. before starter", "Let's ask Jane and co. They should know.", &["Let's ask Jane and co.", "They should know."]),
            ("Co. before starter", "They closed the deal with Pitt, Briggs & Co. It closed yesterday.", &["They closed the deal with Pitt, Briggs & Co.", "It closed yesterday."]),
            ("Jr possessive", "That is JFK Jr.'s book.", &["That is JFK Jr.'s book."]),
            ("U.S. before name", "I work for the U.S. Government in Virginia.", &["I work for the U.S. Government in Virginia."]),
            ("U.S. before starter", "I live in the U.S. How about you?", &["I live in the U.S.", "How about you?"]),
            ("U.S.A. before lower", "I visited the U.S.A. last year.", &["I visited the U.S.A. last year."]),
            ("a.m. in short opener", "At 5 a.m. Mr. Smith went to the bank.", &["At 5 a.m. Mr. Smith went to the bank."]),
            ("p.m. ends", "Kick-off was moved to 8 p.m. The police asked for it.", &["Kick-off was moved to 8 p.m.", "The police asked for it."]),
            ("P.M. before title", "He left the bank at 6 P.M. Mr. Smith then went to the store.", &["He left the bank at 6 P.M.", "Mr. Smith then went to the store."]),
            ("etc.", "Juventus, Napoli, Roma etc. Arsenal were not there.", &["Juventus, Napoli, Roma etc.", "Arsenal were not there."]),
            ("glued abbreviation", "He played in St.Louis last year.", &["He played in St.Louis last year."]),
            ("title in brackets", "The owner (Mr. Agnelli) was there.", &["The owner (Mr. Agnelli) was there."]),
        ]);
    }

    #[rustfmt::skip]
    #[test]
    fn initials() {
        run(&[
            ("initial", "The goal came from S. Tanner in the second half.", &["The goal came from S. Tanner in the second half."]),
            ("initial at start", "S. Tanner scored twice. He was happy.", &["S. Tanner scored twice.", "He was happy."]),
            ("chained initials", "J. R. R. Tolkien wrote it. Fans read it.", &["J. R. R. Tolkien wrote it.", "Fans read it."]),
            ("dotted initials", "It was named after O.R. Tambo in Johannesburg.", &["It was named after O.R. Tambo in Johannesburg."]),
            ("middle initial", "My name is Jonas E. Smith.", &["My name is Jonas E. Smith."]),
            ("initial without dot", "The cross from S Tanner was headed in. Napoli led.", &["The cross from S Tanner was headed in.", "Napoli led."]),
            ("referee line", "Referee: M. Riley (W. Yorkshire). Attendance: 67,000.", &["Referee: M. Riley (W. Yorkshire).", "Attendance: 67,000."]),
            ("pronoun I", "We make a good team, you and I. Did you see Albert I. Jones yesterday?", &["We make a good team, you and I.", "Did you see Albert I. Jones yesterday?"]),
            ("group label", "Chelsea top Group A. The Gunners are second.", &["Chelsea top Group A.", "The Gunners are second."]),
            ("league label", "Napoli are second in Serie A. Juventus lead by a point.", &["Napoli are second in Serie A.", "Juventus lead by a point."]),
            ("label before lower", "They won Serie A. twice, he said.", &["They won Serie A. twice, he said."]),
            ("page", "Please turn to p. 55.", &["Please turn to p. 55."]),
        ]);
    }

    #[rustfmt::skip]
    #[test]
    fn quotes() {
        run(&[
            ("comma quote then said", "\"We knew it was a very difficult and important match, but we did everything to win, we did it and can be proud of ourselves,\" said 26-year-old Koulibaly.", &["\"We knew it was a very difficult and important match, but we did everything to win, we did it and can be proud of ourselves,\" said 26-year-old Koulibaly."]),
            ("stop inside quote", "He said: \"We won.\" Then he left.", &["He said: \"We won.\"", "Then he left."]),
            ("stop inside quote, lower", "She turned to him, \"This is great.\" she said.", &["She turned to him, \"This is great.\" she said."]),
            ("single quotes", "She turned to him, 'This is great.' she said.", &["She turned to him, 'This is great.' she said."]),
            ("curly quotes", "“We won.” Then he left.", &["“We won.”", "Then he left."]),
            ("curly single quotes", "He said ‘we won.’ Then he left.", &["He said ‘we won.’", "Then he left."]),
            ("curly comma quote", "“We can be proud of ourselves,” said Koulibaly.", &["“We can be proud of ourselves,” said Koulibaly."]),
            ("question in quote, lower", "\"Why?\" he asked.", &["\"Why?\" he asked."]),
            ("question in quote, capital", "\"Why?\" Sarri asked. Nobody answered.", &["\"Why?\"", "Sarri asked.", "Nobody answered."]),
            ("bang in quote, lower", "“Forza Napoli!” shouted the fans.", &["“Forza Napoli!” shouted the fans."]),
            ("question mid quote", "He asked \"why not?\" and walked off.", &["He asked \"why not?\" and walked off."]),
            ("bracket keeps stop", "He teaches science (He previously worked for 5 years as an engineer.) at the local University.", &["He teaches science (He previously worked for 5 years as an engineer.) at the local University."]),
            ("bracket then capital", "Napoli won (it was their first win there.) The fans sang.", &["Napoli won (it was their first win there.)", "The fans sang."]),
            ("quote then name", "\"We want to thank them and the best way of doing that was to win the game.\" Maurizio Sarri's side pushed forward.", &["\"We want to thank them and the best way of doing that was to win the game.\"", "Maurizio Sarri's side pushed forward."]),
            ("quote open to next paragraph", "\"I had always lost playing here. But the season isn't over.\n\"We believe in ourselves.", &["\"I had always lost playing here.", "But the season isn't over.", "\"We believe in ourselves."]),
        ]);
    }

    #[rustfmt::skip]
    #[test]
    fn glued() {
        run(&[
            ("glued", "Koulibaly scored in Turin.Napoli cut the gap to one point.", &["Koulibaly scored in Turin.", "Napoli cut the gap to one point."]),
            ("glued after name", "Inter Milan and AS Roma.Napoli dominated.", &["Inter Milan and AS Roma.", "Napoli dominated."]),
            ("glued after number", "Lazio are on 67.Free-scoring Lazio thumped Sampdoria.", &["Lazio are on 67.", "Free-scoring Lazio thumped Sampdoria."]),
            ("glued opening quote", "Napoli celebrated a famous win.\"We have always believed,\" Koulibaly said.", &["Napoli celebrated a famous win.", "\"We have always believed,\" Koulibaly said."]),
            ("glued closing quote", "He called it \"a poor match with few shots on goal.\"Juventus had to reshuffle.", &["He called it \"a poor match with few shots on goal.\"", "Juventus had to reshuffle."]),
            ("glued curly closing", "He called it “a poor match.”Juventus lost.", &["He called it “a poor match.”", "Juventus lost."]),
            ("glued curly opening", "Napoli won.“We believe,” he said.", &["Napoli won.", "“We believe,” he said."]),
            ("not U.S.", "The U.S.Soccer team won.", &["The U.S.Soccer team won."]),
            ("not e.g.", "Clubs e.g.Roma were there.", &["Clubs e.g.Roma were there."]),
            ("not decimal", "He ran 2.5km. Then he rested.", &["He ran 2.5km.", "Then he rested."]),
            ("not web address", "See www.napoli.It for tickets.", &["See www.napoli.It for tickets."]),
            ("not e-mail", "Her email is Jane.Doe@example.com. I sent her an email.", &["Her email is Jane.Doe@example.com.", "I sent her an email."]),
            ("not url", "The site is: https://www.example.50.com/new-site/awesome_content.html. Please check it out.", &["The site is: https://www.example.50.com/new-site/awesome_content.html.", "Please check it out."]),
            ("not capital before", "He joined AC.Milan later.", &["He joined AC.Milan later."]),
            ("not all capitals after", "It was a win.NAPOLI are second.", &["It was a win.NAPOLI are second."]),
        ]);
    }

    #[rustfmt::skip]
    #[test]
    fn paragraphs() {
        run(&[
            ("headline line", "Man Utd stroll to Cup win\n\nWayne Rooney made a winning return to Everton.", &["Man Utd stroll to Cup win", "Wayne Rooney made a winning return to Everton."]),
            ("caption lines", "Napoli's players celebrate\nJuventus fans look on\n", &["Napoli's players celebrate", "Juventus fans look on"]),
            ("crlf", "First line\r\nSecond line.\r\n\r\nThird", &["First line", "Second line.", "Third"]),
            ("blank lines", "\n\n  \nOne.\n\n\nTwo.\n\n", &["One.", "Two."]),
            ("abbreviation at line end", "He spoke to Mr.\nSmith replied.", &["He spoke to Mr.", "Smith replied."]),
            ("every line break ends a sentence", "Koulibaly headed the winner\noff a corner.", &["Koulibaly headed the winner", "off a corner."]),
            ("team line", "Subs Not Used: Almunia, Fabregas, Senderos.\n\nVieira, Lauren.", &["Subs Not Used: Almunia, Fabregas, Senderos.", "Vieira, Lauren."]),
        ]);
    }

    #[rustfmt::skip]
    #[test]
    fn decimals() {
        run(&[
            ("decimal", "Napoli averaged 2.5 goals a game.", &["Napoli averaged 2.5 goals a game."]),
            ("money", "She has $100.00 in her bag.", &["She has $100.00 in her bag."]),
            ("money at end", "She has $100.00. It is in her bag.", &["She has $100.00.", "It is in her bag."]),
            ("pounds", "The fee was £25.5m. Chelsea agreed.", &["The fee was £25.5m.", "Chelsea agreed."]),
            ("dotted number", "You can find it at N°. 1026.253.553. That is where the treasure is.", &["You can find it at N°. 1026.253.553.", "That is where the treasure is."]),
        ]);
    }

    #[rustfmt::skip]
    #[test]
    fn ellipsis() {
        run(&[
            ("four dots", "I never meant that.... She left the store.", &["I never meant that....", "She left the store."]),
            ("three dots, lower", "We were unlucky... but we move on.", &["We were unlucky... but we move on."]),
            ("three dots, capital", "We were unlucky... The referee saw nothing.", &["We were unlucky...", "The referee saw nothing."]),
            ("unicode ellipsis", "We were unlucky… The referee saw nothing.", &["We were unlucky…", "The referee saw nothing."]),
            ("unicode ellipsis, lower", "We were unlucky… but fine.", &["We were unlucky… but fine."]),
            ("glued dots", "what I mean...see, it is fine.", &["what I mean...see, it is fine."]),
            ("spaced three", "the thing is . . . I didn’t mean it.", &["the thing is . . . I didn’t mean it."]),
            ("spaced four", "end with a period . . . . Next sentence.", &["end with a period . . . .", "Next sentence."]),
            ("stop then spaced", "into compounds. . . . The practice was not abandoned. . . .", &["into compounds.", ". . . The practice was not abandoned. . . ."]),
            ("bracketed", "\"Bohr [...] used stairways [...]\" (Smith 55).", &["\"Bohr [...] used stairways [...]\" (Smith 55)."]),
            ("quoted spaced end", "“the laws will appear less complex. . . .”", &["“the laws will appear less complex. . . .”"]),
            ("leading ellipsis", "... And then Koulibaly scored.", &["... And then Koulibaly scored."]),
        ]);
    }

    #[rustfmt::skip]
    #[test]
    fn lists() {
        run(&[
            ("numbered", "1. The first item 2. The second item", &["1. The first item", "2. The second item"]),
            ("numbered with stops", "1. The first item. 2. The second item.", &["1. The first item.", "2. The second item."]),
            ("paren", "1) The first item 2) The second item", &["1) The first item", "2) The second item"]),
            ("dot paren", "1.) The first item 2.) The second item", &["1.) The first item", "2.) The second item"]),
            ("bullets", "• 9. The first item • 10. The second item", &["• 9. The first item", "• 10. The second item"]),
            ("glued bullets", "⁃9. The first item ⁃10. The second item", &["⁃9. The first item", "⁃10. The second item"]),
            ("letters", "a. The first item b. The second item c. The third list item", &["a. The first item", "b. The second item", "c. The third list item"]),
            ("table", "1. Juventus 85 2. Napoli 84 3. Roma 67", &["1. Juventus 85", "2. Napoli 84", "3. Roma 67"]),
            ("numbers, no list", "Chelsea finished 2. Arsenal were 3. Liverpool were 4.", &["Chelsea finished 2.", "Arsenal were 3.", "Liverpool were 4."]),
        ]);
    }

    #[rustfmt::skip]
    #[test]
    fn headlines() {
        run(&[
            ("headline then body", "Koulibaly keeps Napoli title hopes alive\nSENEGALESE defender Kalidou Koulibaly's last-gasp goal kept Napoli's title hopes alive.", &["Koulibaly keeps Napoli title hopes alive", "SENEGALESE defender Kalidou Koulibaly's last-gasp goal kept Napoli's title hopes alive."]),
            ("headline with colon", "Serie A: Juventus 0-1 Napoli\nNapoli won.", &["Serie A: Juventus 0-1 Napoli", "Napoli won."]),
            ("headline question", "£50m for Gerrard?\nThey are one point behind.", &["£50m for Gerrard?", "They are one point behind."]),
            ("fixture headline", "West Ham v Sheff Utd\nIt ended 1-1.", &["West Ham v Sheff Utd", "It ended 1-1."]),
            ("real report", "Juventus have 85 points from 34 games with Napoli, bidding for a third Scudetto after 1987 and 1990, on 84.\n\n\"Juve are a very strong side, but we proved Napoli can fight it out with them. The team has always believed in the Scudetto and will do until it's mathematically certain,\" added Koulibaly.", &["Juventus have 85 points from 34 games with Napoli, bidding for a third Scudetto after 1987 and 1990, on 84.", "\"Juve are a very strong side, but we proved Napoli can fight it out with them.", "The team has always believed in the Scudetto and will do until it's mathematically certain,\" added Koulibaly."]),
        ]);
    }

    /// Checks the contract of [`Segmenter::split`] on `text`.
    fn assert_well_formed(seg: &Segmenter, text: &str) {
        let mut last_end = 0;
        for s in seg.split(text) {
            assert!(s.start < s.end, "empty span {s:?} in {text:?}");
            assert!(
                s.start >= last_end,
                "overlap or disorder at {s:?} in {text:?}"
            );
            assert!(s.end <= text.len(), "{s:?} past the end of {text:?}");
            assert!(
                text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
                "{s:?} not on char boundaries in {text:?}"
            );
            let piece = &text[s.start..s.end];
            assert_eq!(
                piece,
                piece.trim_matches(is_trimmed),
                "untrimmed {piece:?} in {text:?}"
            );
            assert!(
                text[last_end..s.start].chars().all(is_trimmed),
                "text lost before {s:?} in {text:?}"
            );
            last_end = s.end;
        }
        assert!(
            text[last_end..].chars().all(is_trimmed),
            "text lost at the end of {text:?}"
        );
    }

    #[test]
    fn spans_are_well_formed() {
        let inputs = [
            "Chelsea paid £5m. Hamšík scored! “Curly,” he said… Then: ‘ok.’\n\n  Next  ",
            "  \u{feff}Hamšík.  Napoli\u{a0}won.\u{a0}\u{a0}The end  ",
            "£5m.£6m. «Bravo!» — ¿Qué? ¡Sí!\r\n\r\n   ",
            "“Hamšík…” ‘Mertens.’ • 1. Ünal 2. Çalhanoğlu . . . . Ω",
            "...?!...\n.\n!\n\"\n'",
            "a.B. c.Dé. Ö. Ä. I. Über. 1.) 2.) 3.)",
            "日本語の文。Napoli won. 中文? Yes!",
            "x.Ño. U.S.Álvaro. \"\"\"Ab.\"Cd.\"Ef",
        ];
        let seg = Segmenter::new();
        for text in inputs {
            assert_well_formed(&seg, text);
        }
    }

    #[test]
    fn every_prefix_is_well_formed() {
        let text = "“Hamšík.” U.S. £5m… 1. a.m. Mr. . . . [...] win.\"We ok.”Ab • 2. x";
        let seg = Segmenter::new();
        for (i, _) in text.char_indices() {
            assert_well_formed(&seg, &text[..i]);
        }
    }

    #[test]
    fn generated_texts_are_well_formed() {
        // Deterministic pseudo-random texts built from tricky pieces.
        const PIECES: [&str; 32] = [
            " ", "  ", "\n", "\r\n", ".", "...", "…", "?", "!", "\"", "'", "“", "”", "‘", "’", "(",
            ")", "[", "]", "Mr", "U.S", "a.m", "I", "S", "1", "2.", "£5m", "Hamšík", "napoli",
            "Napoli", "•", "\u{a0}",
        ];
        let seg = Segmenter::new();
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..24 {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push_str(PIECES[(state % PIECES.len() as u64) as usize]);
            }
            assert_well_formed(&seg, &text);
        }
    }

    /// The skip loop as first written, one byte at a time: the reference [`Stops::next`] must
    /// agree with.
    fn skip_plain_by_bytes(bytes: &[u8], mut i: usize) -> usize {
        while i < bytes.len() && !SPECIAL[usize::from(bytes[i])] {
            i += 1;
        }
        i
    }

    #[test]
    fn skip_plain_same_as_byte_loop() {
        let texts = [
            "",
            "abc",
            "abcdefghijklmnopqrstuvwxyz0123456789 ABCDEFGHIJKLMNOP",
            "twenty one characters. and more",
            "no stop here, none at all; really none at all",
            "Hamšík scored “twice” … then\r\nmore",
            "xxxxxxxx\"xxxxxxx?xxxxxxx!xxxxxxxxx",
        ];
        for text in texts {
            let bytes = text.as_bytes();
            // Fresh from every offset, and one kept through all offsets in order.
            let mut kept = Stops::new(bytes);
            for i in 0..=bytes.len() {
                assert_eq!(
                    Stops::new(bytes).next(bytes, i),
                    skip_plain_by_bytes(bytes, i),
                    "{text:?} {i}"
                );
                assert_eq!(
                    kept.next(bytes, i),
                    skip_plain_by_bytes(bytes, i),
                    "{text:?} {i}"
                );
            }
        }
        // Every byte value at every place of a block.
        for b in 0..=255u8 {
            for at in 0..20 {
                let mut bytes = vec![b'a'; 20];
                bytes[at] = b;
                let mut kept = Stops::new(&bytes);
                for i in 0..=bytes.len() {
                    assert_eq!(
                        kept.next(&bytes, i),
                        skip_plain_by_bytes(&bytes, i),
                        "{b} at {at}, from {i}"
                    );
                }
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        /// Any bytes, from any increasing offsets: the kept searches stop where the byte loop
        /// stops.
        #[test]
        fn skip_plain_same_as_byte_loop_any(
            bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..64),
            mut froms in proptest::collection::vec(0usize..64, 1..8),
        ) {
            froms.sort_unstable();
            let mut kept = Stops::new(&bytes);
            for from in froms {
                let from = from.min(bytes.len());
                proptest::prop_assert_eq!(kept.next(&bytes, from), skip_plain_by_bytes(&bytes, from));
            }
        }

        /// Any text, at any offset (boundary or not): the fast character reads agree with the
        /// first versions.
        #[test]
        fn char_at_and_before_same_as_slow_any(text in "\\PC{0,12}", i in 0usize..40) {
            proptest::prop_assert_eq!(char_at(&text, i), char_at_slow(&text, i));
            proptest::prop_assert_eq!(char_before(&text, i), char_before_slow(&text, i));
        }

        /// Word helpers on any short text, at any places: the same as their first versions.
        #[test]
        fn word_helpers_same_as_chars_any(
            text in "([a-zA-Z0-9.)(\" ]|\\PC|\\s){0,16}",
            a in 0usize..40,
            b in 0usize..40,
        ) {
            proptest::prop_assert_eq!(token_start(&text, a, b), token_start_chars(&text, a, b));
            proptest::prop_assert_eq!(parse_marker(&text, a), parse_marker_full(&text, a));
            proptest::prop_assert_eq!(next_after(&text, a), next_after_full(&text, a));
            proptest::prop_assert_eq!(skip_openers(&text, a), skip_openers_full(&text, a));
            proptest::prop_assert_eq!(closers_end(&text, a), closers_end_full(&text, a));
            if let Some(raw) = text.get(a.min(b)..a.max(b)) {
                proptest::prop_assert_eq!(trim_sentence(raw), trim_sentence_chars(raw));
                proptest::prop_assert_eq!(is_initials(raw), is_initials_chars(raw));
            }
        }

        /// Any short word: the filtered lookup finds what the table alone finds.
        #[test]
        fn filtered_lookup_same_as_unfiltered_any(word in "([a-zA-Z.]|\\PC){0,10}") {
            let seg = shared_segmenter();
            proptest::prop_assert_eq!(seg.lookup(&word), seg.lookup_unfiltered(&word));
        }

        /// Text of letters, spaces and stops: the same (stops are rarer than in random bytes).
        #[test]
        fn skip_plain_same_as_byte_loop_text(text in "[a-z ,'\\-]{0,40}[.?!\"\n\r…é]?[a-z ]{0,20}") {
            let bytes = text.as_bytes();
            let mut kept = Stops::new(bytes);
            for i in 0..=bytes.len() {
                proptest::prop_assert_eq!(kept.next(bytes, i), skip_plain_by_bytes(bytes, i));
            }
        }
    }

    /// [`char_at`] as first written, without the ASCII fast path.
    fn char_at_slow(text: &str, i: usize) -> Option<char> {
        text.get(i..)?.chars().next()
    }

    /// [`char_before`] as first written, without the ASCII fast path.
    fn char_before_slow(text: &str, i: usize) -> Option<char> {
        text.get(..i)?.chars().next_back()
    }

    /// Texts mixing ASCII with two-, three- and four-byte characters, for the byte-level
    /// helpers' comparisons with their first versions.
    const MIXED_TEXTS: [&str; 8] = [
        "",
        "a",
        "é",
        "Hamšík scored “twice” … then\r\nmore",
        "£5m. «Bravo!» — ¿Qué? ¡Sí! 日本語 😀x",
        " \u{a0}\u{feff}\u{200b}Napoli\u{2009}won. \u{3000}",
        "U.S. a.m. N°. Ö. x.Ño. \"\"\"Ab.\"Cd.",
        "\t\u{b}\u{c}\r\n \u{85}x\u{85}",
    ];

    #[test]
    fn char_at_and_before_same_as_slow() {
        for text in MIXED_TEXTS {
            for i in 0..=text.len() + 2 {
                assert_eq!(char_at(text, i), char_at_slow(text, i), "{text:?} {i}");
                assert_eq!(
                    char_before(text, i),
                    char_before_slow(text, i),
                    "{text:?} {i}"
                );
            }
        }
    }

    /// Texts for the word helpers: tokens of every kind before full stops, list markers,
    /// spaces of every kind.
    const WORD_TEXTS: [&str; 9] = [
        "Mr. Sarri smiled. U.S. forces e.g. a.m. p.m. No. 9 etc. The end.",
        "1. First item 2. Second a) b) A) B.) c.) • bullet • 9. x 1000. y 12.) z",
        "  \u{feff} Hamšík.\u{a0} Ö. Ä. I. Über. x.Ño. N°. \u{200b}",
        "(\"[«Hello.»]\") ‘ok.’ “Curly,” he said… «Bravo!» ¿Qué? ¡Sí!",
        "\t\u{b}\u{c}word.\u{1c}\u{1f}more.\u{85}next.\u{2009}thin.\u{3000}",
        "a.B. c.Dé. .. . .x. é.é. ab.c. a.b.c. a..b. .a. a.é. é.a.",
        "日本語の文。Napoli won. 中文? Yes! 😀. x😀. 😀x.",
        "",
        " ",
    ];

    /// Every (floor, i) pair of `text`, boundaries or not.
    fn pairs(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
        (0..=text.len() + 1).flat_map(move |f| (0..=text.len() + 1).map(move |i| (f, i)))
    }

    #[test]
    fn token_start_same_as_chars() {
        let long = format!("x {} y{}z", "a".repeat(200), "é".repeat(70));
        let longer = "b".repeat(MAX_TOKEN + 2);
        let texts = WORD_TEXTS
            .iter()
            .copied()
            .chain(MIXED_TEXTS)
            .chain([long.as_str(), longer.as_str()]);
        for text in texts {
            for (floor, i) in pairs(text) {
                assert_eq!(
                    token_start(text, floor, i),
                    token_start_chars(text, floor, i),
                    "{text:?} {floor} {i}"
                );
            }
        }
    }

    #[test]
    fn ascii_space_is_char_whitespace() {
        for b in 0..0x80u8 {
            assert_eq!(is_ascii_space(b), char::from(b).is_whitespace(), "{b}");
        }
    }

    #[test]
    fn trim_sentence_same_as_chars() {
        for text in WORD_TEXTS.iter().chain(&MIXED_TEXTS) {
            for (a, b) in pairs(text) {
                if let Some(raw) = text.get(a..b) {
                    assert_eq!(trim_sentence(raw), trim_sentence_chars(raw), "{raw:?}");
                }
            }
        }
    }

    #[test]
    fn is_initials_same_as_chars() {
        let keys = [
            "", ".", "a", "ab", "a.", ".a", "a.b", "a.b.c", "a..b", "U.S", "e.g", "a.m", "é",
            "é.a", "a.é", "Ö.Ä", "ab.c", "1.2", "a.1", "x.Ño", "N°", "a.b.", "😀.a", "a.😀",
        ];
        for key in keys {
            assert_eq!(is_initials(key), is_initials_chars(key), "{key:?}");
        }
        assert!(is_initials("U.S") && is_initials("é.a") && !is_initials("ab.c"));
        for text in WORD_TEXTS.iter().chain(&MIXED_TEXTS) {
            for (a, b) in pairs(text) {
                if let Some(key) = text.get(a..b) {
                    assert_eq!(is_initials(key), is_initials_chars(key), "{key:?}");
                }
            }
        }
    }

    #[test]
    fn parse_marker_same_as_full() {
        for text in WORD_TEXTS.iter().chain(&MIXED_TEXTS) {
            for p in 0..=text.len() + 1 {
                assert_eq!(
                    parse_marker(text, p),
                    parse_marker_full(text, p),
                    "{text:?} {p}"
                );
            }
        }
        assert!(parse_marker("a) x", 0).is_some() && parse_marker("ab x", 0).is_none());
    }

    impl Segmenter {
        /// [`Segmenter::lookup`] without the filter.
        fn lookup_unfiltered(&self, word: &str) -> Option<AbbrKind> {
            let mut buf = [0u8; MAX_KEY];
            let key = fold_key(word, &mut buf)?;
            self.abbreviations.get(key).copied()
        }
    }

    #[test]
    fn filtered_lookup_same_as_unfiltered() {
        let seg = Segmenter::new();
        let mut words: Vec<String> = Vec::new();
        for key in seg.abbreviations.keys() {
            let key = String::from_utf8_lossy(key).into_owned();
            words.push(key.to_ascii_uppercase());
            let mut chars = key.chars();
            if let Some(c) = chars.next() {
                words.push(c.to_uppercase().chain(chars).collect());
            }
            words.push(format!("{key}x"));
            words.push(format!("x{key}"));
            words.push(key);
        }
        for text in WORD_TEXTS.iter().chain(&MIXED_TEXTS) {
            words.extend(text.split(|c: char| c.is_whitespace()).map(|w| {
                w.trim_end_matches(|c: char| c == '.' || !c.is_alphanumeric())
                    .to_string()
            }));
        }
        words.push("a".repeat(MAX_KEY + 1));
        let mut found = 0;
        for w in &words {
            let got = seg.lookup(w);
            assert_eq!(got, seg.lookup_unfiltered(w), "{w:?}");
            found += usize::from(got.is_some());
        }
        assert!(found >= seg.abbreviations.len(), "{found}");
        // The filter turns most plain words away (else it is not worth having).
        let plain = [
            "season", "goal", "Napoli", "win", "minute", "Juventus", "points", "it",
        ];
        let passed = plain
            .iter()
            .filter(|w| seg.abbreviation_marks.may_hold(w.as_bytes()))
            .count();
        assert!(passed <= 2, "{passed}");
    }

    impl Segmenter {
        /// The bundled segmenter with every three-letter end marked as an abbreviation's, so
        /// that [`Segmenter::ends_plain_word`] never decides: the reference for its fast path.
        fn without_tails() -> Segmenter {
            let mut seg = Segmenter::new();
            seg.abbreviation_tails.0.fill(u64::MAX);
            seg
        }
    }

    /// The seed corpus's reports.
    fn seed_reports() -> Vec<String> {
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let mut reports: Vec<String> = std::fs::read_dir(corpus)
            .unwrap()
            .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
            .collect();
        reports.sort();
        reports
    }

    #[test]
    fn plain_word_fast_path_splits_as_without() {
        let (seg, reference) = (Segmenter::new(), Segmenter::without_tails());
        let extra = [
            "It ended 2-1 at the Stadio Maradona. Napoli are top. Etc. Then Mr. Sarri left.",
            "He joined from Man Utd. Arsenal won. Approx. Ten fans. Jan. Feb. The club. THE END. Inc. Ltd. A",
            "abc.Xyz. Next one. ABC. Abc. aBc. Ok. On Baker St. Arsenal. vs. Juve. cf. Rome.",
        ];
        let reports = seed_reports();
        let texts = WORD_TEXTS
            .iter()
            .chain(&MIXED_TEXTS)
            .chain(&extra)
            .copied()
            .chain(reports.iter().map(String::as_str));
        for text in texts {
            assert_eq!(seg.split(text), reference.split(text), "{text:?}");
        }
    }

    #[test]
    fn tail_index_cases() {
        let cases: &[([u8; 3], Option<usize>)] = &[
            (*b"aaa", Some(0)),
            (*b"aab", Some(1)),
            (*b"aba", Some(26)),
            (*b"baa", Some(26 * 26)),
            (*b"zzz", Some(TAIL_BITS - 1)),
            (*b"ZzZ", Some(TAIL_BITS - 1)),
            (*b"Etc", TailSet::index(*b"etc")),
            (*b"a.b", None),
            (*b"ab1", None),
            (*b"`ab", None),
            (*b"{ab", None),
            (*b"@ab", None),
            (*b"[ab", None),
            (*b"ab\xC3", None),
            (*b"\xFFab", None),
        ];
        for (tail, want) in cases {
            assert_eq!(TailSet::index(*tail), *want, "{tail:?}");
        }
        for b in 0..=255u8 {
            let letter = b.is_ascii_alphabetic();
            assert_eq!(TailSet::index([b, b'a', b'a']).is_some(), letter, "{b}");
            assert_eq!(TailSet::index([b'a', b'a', b]).is_some(), letter, "{b}");
        }
    }

    /// Every word the lists hold or the test texts and the seed corpus have: when its last three
    /// bytes are letters that the tails do not hold, it is no abbreviation, no initials and no
    /// single letter (what [`Segmenter::ends_plain_word`] takes for granted).
    #[test]
    fn plain_word_tails_are_no_abbreviations() {
        let seg = Segmenter::new();
        let mut words: Vec<String> = seg
            .abbreviations
            .keys()
            .map(|k| String::from_utf8_lossy(k).into_owned())
            .flat_map(|k| [k.to_ascii_uppercase(), format!("x{k}"), k])
            .collect();
        let reports = seed_reports();
        for text in WORD_TEXTS
            .iter()
            .chain(&MIXED_TEXTS)
            .copied()
            .chain(reports.iter().map(String::as_str))
        {
            words.extend(
                text.split_whitespace()
                    .map(|w| w.trim_end_matches('.').to_string()),
            );
        }
        let mut plain = 0;
        for w in &words {
            let b = w.as_bytes();
            if seg.ends_plain_word(b, 0, b.len()) {
                plain += 1;
                assert_eq!(seg.lookup_unfiltered(w), None, "{w:?}");
                assert!(!is_initials_chars(w) && single_letter(w).is_none(), "{w:?}");
            }
        }
        // Most words are decided by their ends (else the fast path is not worth having).
        assert!(plain * 2 > words.len(), "{plain} of {}", words.len());
    }

    #[test]
    fn next_after_openers_and_closers_same_as_full() {
        for text in WORD_TEXTS.iter().chain(&MIXED_TEXTS) {
            for k in 0..=text.len() + 1 {
                assert_eq!(
                    next_after(text, k),
                    next_after_full(text, k),
                    "{text:?} {k}"
                );
                assert_eq!(
                    skip_openers(text, k),
                    skip_openers_full(text, k),
                    "{text:?} {k}"
                );
                assert_eq!(
                    closers_end(text, k),
                    closers_end_full(text, k),
                    "{text:?} {k}"
                );
            }
        }
        // Every ASCII byte before a word, and every opener and closer.
        for b in (0..0x80u8).map(char::from).chain("“‘«‹„‚¿¡”’»›".chars()) {
            let text = format!("{b}x");
            assert_eq!(skip_openers(&text, 0), skip_openers_full(&text, 0), "{b:?}");
            assert_eq!(closers_end(&text, 0), closers_end_full(&text, 0), "{b:?}");
        }
    }

    #[test]
    fn long_tokens_stay_linear_and_safe() {
        let seg = Segmenter::new();
        let mut text = String::from("@");
        for _ in 0..2000 {
            text.push_str("xb.Ab.");
        }
        text.push_str(" Fine. ");
        text.push_str(&"a".repeat(10_000));
        text.push_str(". The end.");
        assert_well_formed(&seg, &text);
    }
}
