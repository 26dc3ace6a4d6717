//! A search for the trigger pattern's matches in a body without running the pattern over every
//! byte: the pattern's DFA costs several instructions a byte, and matches are rare.
//!
//! Every match of the pattern is either a score (`\d{1,2} ?[-–—] ?\d{1,2}` between ASCII word
//! boundaries) or a goalless or same-score phrase (ASCII words, the first one starting with a
//! letter, separated by `\s+`). A score has a dash, which `memchr` finds, and a phrase its first
//! word, which a packed (SIMD) search finds in the body with its ASCII letters lowercased; both
//! are checked by hand at the places found. When the body holds a non-ASCII character the pattern
//! can match other than the score dashes (a Unicode digit, non-ASCII white space, `ſ` which
//! matches `s` case-insensitively), which a quick pass over the body looks for, the caller runs
//! the pattern instead.

use aho_corasick::packed::{Config, MatchKind, Searcher};
use aho_corasick::Span;
use regex_syntax::hir::{Class, Hir, HirKind};

/// The dashes a score's numbers may be joined by, as in the pattern's `[-–—]`.
pub(super) const SCORE_DASHES: [char; 3] = ['-', '–', '—'];

/// The fast search, built from the trigger pattern and its phrases.
#[derive(Debug)]
pub(super) struct FastTriggers {
    /// The non-ASCII characters the pattern can match, other than the score dashes: sorted,
    /// non-overlapping ranges. A body holding one is searched with the pattern.
    special: Vec<(char, char)>,
    /// The phrases' words, in the order the pattern tries them (leftmost-first).
    phrases: Vec<Vec<Box<[u8]>>>,
    /// The phrases' first words with their ASCII letters lowercased (`b | 0x20`), searched for
    /// in the body lowercased the same way.
    firsts: Searcher,
    /// ASCII bytes that `\s` matches.
    space: [bool; 128],
    /// The first bytes of the score dashes (repeated to make three).
    dash_starts: [u8; 3],
    /// The length of the longest first word.
    longest_first: usize,
}

/// How many bytes of the body [`FastTriggers::phrases`] lowercases at a time, into a buffer on
/// the stack. (A lowercased copy of the whole body was fresh memory for every document: a write
/// miss every 64 bytes.)
const FOLD_CHUNK: usize = 1024;

/// The block of bytes [`FastTriggers::has_special`] tests for non-ASCII bytes at once.
const SPECIAL_BLOCK: usize = 32;

impl FastTriggers {
    /// Builds the search for `pattern`, whose phrase alternatives are `phrases` (words, in the
    /// pattern's order), or `None` when the phrases are not what the fast search assumes (ASCII,
    /// without digits, starting with a letter) or the pattern cannot be read.
    pub(super) fn new(pattern: &str, phrases: Vec<Vec<String>>) -> Option<FastTriggers> {
        let ok = phrases.iter().all(|words| {
            !words.is_empty()
                && words.iter().all(|w| {
                    !w.is_empty() && w.bytes().all(|b| b.is_ascii() && !b.is_ascii_digit())
                })
                && words[0].starts_with(|c: char| c.is_ascii_alphabetic())
        });
        if !ok {
            return None;
        }
        let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
        let mut special = Vec::new();
        non_ascii(&hir, &mut special)?;
        let special = without_dashes(special);
        let space_re = regex::Regex::new(r"^\s$").ok()?;
        let mut space = [false; 128];
        for (b, s) in space.iter_mut().enumerate() {
            let c = char::from(u8::try_from(b).ok()?);
            *s = space_re.is_match(c.encode_utf8(&mut [0; 4]));
        }
        let mut firsts: Vec<Vec<u8>> = phrases
            .iter()
            .map(|words| words[0].bytes().map(|b| b | 0x20).collect())
            .collect();
        firsts.sort();
        firsts.dedup();
        let longest_first = firsts.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let mut dash_starts: Vec<u8> = SCORE_DASHES
            .iter()
            .map(|d| d.encode_utf8(&mut [0; 4]).as_bytes()[0])
            .collect();
        dash_starts.sort_unstable();
        dash_starts.dedup();
        let dash_starts = match dash_starts[..] {
            [a] => [a; 3],
            [a, b] => [a, b, b],
            [a, b, c] => [a, b, c],
            _ => return None,
        };
        let firsts = Config::new()
            .match_kind(MatchKind::LeftmostFirst)
            .builder()
            .extend(&firsts)
            .build()?;
        Some(FastTriggers {
            special,
            phrases: phrases
                .into_iter()
                .map(|words| {
                    words
                        .into_iter()
                        .map(|w| w.into_bytes().into_boxed_slice())
                        .collect()
                })
                .collect(),
            firsts,
            space,
            dash_starts,
            longest_first,
        })
    }

    /// The pattern's matches in `body` (what `find_iter` gives), or `None` when the body holds a
    /// character the fast search does not read as the pattern does.
    pub(super) fn find(&self, body: &str) -> Option<Vec<(usize, usize)>> {
        if self.has_special(body) {
            return None;
        }
        let scores = self.scores(body.as_bytes());
        let phrases = self.phrases(body.as_bytes());
        if phrases.is_empty() {
            return Some(scores);
        }
        // A score holds no letter and a phrase no digit, so no match of one kind starts inside
        // or overlaps one of the other: the pattern's matches are the two lists merged.
        let mut out = Vec::with_capacity(scores.len() + phrases.len());
        let (mut i, mut j) = (0, 0);
        while i < scores.len() || j < phrases.len() {
            if j >= phrases.len() || (i < scores.len() && scores[i].0 < phrases[j].0) {
                out.push(scores[i]);
                i += 1;
            } else {
                out.push(phrases[j]);
                j += 1;
            }
        }
        Some(out)
    }

    /// Whether `body` holds a special character. Blocks of ASCII, which most are, are passed
    /// over a block at a time.
    fn has_special(&self, body: &str) -> bool {
        let bytes = body.as_bytes();
        let mut blocks = bytes.chunks_exact(SPECIAL_BLOCK);
        // Written as a fold over a block of fixed length so that it compiles to vector ORs.
        let ascii = |block: &[u8]| block.iter().fold(0, |a, &b| a | b) < 0x80;
        let mut base = 0;
        for block in &mut blocks {
            if !ascii(block) && self.special_in(body, base, block) {
                return true;
            }
            base += SPECIAL_BLOCK;
        }
        self.special_in(body, base, blocks.remainder())
    }

    /// Whether `block`, the bytes of `body` from `base` on, starts a special character.
    fn special_in(&self, body: &str, base: usize, block: &[u8]) -> bool {
        block.iter().enumerate().any(|(k, &b)| {
            // A character's first byte: `base + k` is a character boundary.
            b >= 0xC0
                && body
                    .get(base + k..)
                    .and_then(|s| s.chars().next())
                    .is_some_and(|c| self.is_special(c))
        })
    }

    /// The scores of `bytes` (which hold no special character). Every score has a dash, which
    /// `memchr` finds fast; the number before it, and so where the score starts, are then fixed.
    fn scores(&self, bytes: &[u8]) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        // Where the next search starts (the end of the last score).
        let mut next = 0;
        let [a, b, c] = self.dash_starts;
        for d in memchr::memchr3_iter(a, b, c, bytes) {
            let mut j = d;
            if j > 0 && bytes[j - 1] == b' ' {
                j -= 1;
            }
            let digits = bytes[..j]
                .iter()
                .rev()
                .take(3)
                .take_while(|b| b.is_ascii_digit())
                .count();
            if !(1..=2).contains(&digits) || j - digits < next {
                continue;
            }
            // `score_at` reads the dash at `d` (a dash's other bytes are not ASCII), or none.
            if let Some(e) = score_at(bytes, j - digits) {
                out.push((j - digits, e));
                next = e;
            }
        }
        out
    }

    /// Whether the pattern may match `c` in a way the fast search does not read.
    fn is_special(&self, c: char) -> bool {
        let i = self.special.partition_point(|&(_, hi)| hi < c);
        self.special.get(i).is_some_and(|&(lo, _)| lo <= c)
    }

    /// The phrases of `bytes` (which hold no special character).
    fn phrases(&self, bytes: &[u8]) -> Vec<(usize, usize)> {
        let mut buf = [0u8; FOLD_CHUNK];
        self.phrases_in_chunks(bytes, &mut buf)
    }

    /// The phrases of `bytes`, the first words looked for in `bytes` lowercased a chunk of
    /// `buf.len()` bytes at a time (`phrases_copied` in the tests lowercases a copy of it all, and
    /// this must find the same).
    ///
    /// Why it finds the same: the first-word search gives the leftmost place at or after `at`
    /// where a first word matches inside the chunk. A place `longest_first` or more bytes before
    /// the chunk's end has all its matches inside the chunk, so up to there (the whole chunk for
    /// the last one) the chunk's answer is the body's; the next chunk starts where the search goes
    /// on.
    fn phrases_in_chunks(&self, bytes: &[u8], buf: &mut [u8]) -> Vec<(usize, usize)> {
        if buf.len() < self.longest_first {
            let mut bigger = vec![0; self.longest_first];
            return self.phrases_in_chunks(bytes, &mut bigger);
        }
        let len = bytes.len();
        let mut out = Vec::new();
        // Where the next phrase may start, and where the chunk starts (never after `at`).
        let mut at = 0;
        let mut c = 0;
        while at < len {
            let n = (len - c).min(buf.len());
            let last = c + n == len;
            let chunk = &mut buf[..n];
            for (d, &b) in chunk.iter_mut().zip(&bytes[c..c + n]) {
                *d = b | 0x20;
            }
            // Places before `decided` have all their first-word matches inside the chunk.
            let decided = if last {
                len
            } else {
                c + n + 1 - self.longest_first
            };
            while at < decided {
                let Some(m) = self.firsts.find_in(&*chunk, Span::from(at - c..n)) else {
                    at = decided;
                    break;
                };
                let p = c + m.start();
                if p >= decided {
                    at = decided;
                    break;
                }
                // A first word may start inside another's match (they are looked for one by one).
                at = p + 1;
                if let Some(e) = self.phrase_at(bytes, p) {
                    out.push((p, e));
                    at = e;
                }
            }
            if last {
                break;
            }
            c = at;
        }
        out
    }

    /// The end of the phrase the pattern matches at `p`, if any: the first that matches, in the
    /// pattern's order, with `\s+` between words and ASCII word boundaries around.
    fn phrase_at(&self, bytes: &[u8], p: usize) -> Option<usize> {
        if !boundary(bytes, p) {
            return None;
        }
        'phrases: for words in &self.phrases {
            let mut i = p;
            for (k, w) in words.iter().enumerate() {
                if k > 0 {
                    let from = i;
                    while bytes
                        .get(i)
                        .is_some_and(|&b| b < 0x80 && self.space[usize::from(b)])
                    {
                        i += 1;
                    }
                    if i == from {
                        continue 'phrases;
                    }
                }
                match bytes.get(i..i + w.len()) {
                    Some(s) if s.eq_ignore_ascii_case(w) => i += w.len(),
                    _ => continue 'phrases,
                }
            }
            if boundary(bytes, i) {
                return Some(i);
            }
        }
        None
    }
}

/// The end of the score the pattern matches at `p`, reading digits as ASCII (the body holds no
/// other). The pattern's choices there are all forced: a number of three digits or more, or a
/// space not followed by a dash (or a digit, after the dash), leaves no way to match.
fn score_at(bytes: &[u8], p: usize) -> Option<usize> {
    if !boundary(bytes, p) {
        return None;
    }
    let digits = |i: usize| {
        bytes
            .get(i..)
            .map_or(0, |s| s.iter().take_while(|b| b.is_ascii_digit()).count())
    };
    let first = digits(p);
    if !(1..=2).contains(&first) {
        return None;
    }
    let mut i = p + first;
    if bytes.get(i) == Some(&b' ') {
        i += 1;
    }
    let rest = bytes.get(i..)?;
    let dash = SCORE_DASHES.iter().find_map(|d| {
        let mut buf = [0; 4];
        let d = d.encode_utf8(&mut buf).as_bytes();
        rest.starts_with(d).then_some(d.len())
    })?;
    i += dash;
    if bytes.get(i) == Some(&b' ') {
        i += 1;
    }
    let second = digits(i);
    if !(1..=2).contains(&second) {
        return None;
    }
    let e = i + second;
    boundary(bytes, e).then_some(e)
}

/// An ASCII word boundary at `i` (`(?-u:\b)`): the bytes either side differ in being ASCII word
/// bytes, the ends of `bytes` counting as not.
fn boundary(bytes: &[u8], i: usize) -> bool {
    let word = |j: Option<usize>| {
        j.and_then(|j| bytes.get(j))
            .is_some_and(|&b| super::is_word_byte(b))
    };
    word(i.checked_sub(1)) != word(Some(i))
}

/// Adds the non-ASCII characters `hir` can match to `out`; `None` when it can match non-ASCII
/// bytes outside UTF-8 (not read here).
fn non_ascii(hir: &Hir, out: &mut Vec<(char, char)>) -> Option<()> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => {}
        HirKind::Literal(lit) => {
            for c in std::str::from_utf8(&lit.0).ok()?.chars() {
                if !c.is_ascii() {
                    out.push((c, c));
                }
            }
        }
        HirKind::Class(Class::Unicode(class)) => {
            for r in class.ranges() {
                if r.end() >= '\u{80}' {
                    out.push((r.start().max('\u{80}'), r.end()));
                }
            }
        }
        HirKind::Class(Class::Bytes(class)) => {
            if class.ranges().iter().any(|r| r.end() >= 0x80) {
                return None;
            }
        }
        HirKind::Repetition(rep) => non_ascii(&rep.sub, out)?,
        HirKind::Capture(cap) => non_ascii(&cap.sub, out)?,
        HirKind::Concat(subs) | HirKind::Alternation(subs) => {
            for sub in subs {
                non_ascii(sub, out)?;
            }
        }
    }
    Some(())
}

/// `ranges` sorted and merged, without the non-ASCII score dashes (which [`score_at`] reads).
fn without_dashes(mut ranges: Vec<(char, char)>) -> Vec<(char, char)> {
    let mut split = Vec::new();
    for (lo, hi) in ranges.drain(..) {
        let mut lo = Some(lo);
        for d in SCORE_DASHES {
            match lo {
                Some(l) if l <= d && d <= hi => {
                    if l < d {
                        split.push((l, char::from_u32(d as u32 - 1).unwrap_or(l)));
                    }
                    lo = char::from_u32(d as u32 + 1).filter(|&n| n <= hi);
                }
                _ => {}
            }
        }
        if let Some(l) = lo {
            split.push((l, hi));
        }
    }
    split.sort_unstable();
    let mut out: Vec<(char, char)> = Vec::new();
    for (lo, hi) in split {
        match out.last_mut() {
            Some(last) if lo as u32 <= last.1 as u32 + 1 => last.1 = last.1.max(hi),
            _ => out.push((lo, hi)),
        }
    }
    out
}

#[cfg(test)]
mod tests;
