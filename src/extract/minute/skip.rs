//! Where the matches of a regex can be, read off its syntax tree: the bytes a match can hold, and
//! literals one of which every match holds. Text without such a literal between two bytes no
//! match holds cannot hold a match, so a search can skip it.
//!
//! Why skipping keeps every match (and only those): a match lies inside one run of bytes it can
//! hold (a *run*: between two stop bytes) and holds one of the literals, so its run holds a
//! literal. Stop bytes are not ASCII word bytes and the regex looks around only through ASCII
//! word boundaries, so a search of a run alone, in the text cut after the run, finds at each
//! start what a search of the whole text finds there. Leftmost-first matches do not overlap, and
//! runs without a match hold no match start, so the matches run by run are those of the whole.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex_syntax::hir::{Class, Hir, HirKind, Look};

/// The runs of a text where a regex can match.
#[derive(Debug, Clone)]
pub(crate) struct Skip {
    /// Bytes no match holds that are not ASCII word bytes.
    stop: [bool; 256],
    /// The literals (lowercase ASCII) of two bytes or more, one of which (or of `bytes`) every
    /// match holds, searched case-sensitively in the text lowercased: in ASCII case-insensitive
    /// mode Aho-Corasick has no prefilter and reads every byte through its automaton (~17
    /// instructions a byte), while lowercasing plus a case-sensitive search (with its SIMD
    /// prefilter, which wants literals of three bytes or more) costs a few.
    literals: Option<AhoCorasick>,
    /// The one-byte literals (at most three), found with `memchr` in the text lowercased.
    bytes: Vec<u8>,
    /// The literals of `literals`, in its order (to compare skips in tests).
    #[cfg(test)]
    literal_list: Vec<Vec<u8>>,
}

impl Skip {
    /// The skip of a regex pattern (as `regex::Regex::new` reads it), or `None` when its syntax
    /// does not say enough: a look-around other than an ASCII word boundary, a non-ASCII byte, or
    /// a branch without a required literal.
    #[cfg(test)]
    pub(crate) fn new(pattern: &str) -> Option<Skip> {
        let hir = regex_syntax::parse(pattern).ok()?;
        match hir.kind() {
            HirKind::Alternation(branches) => Skip::from_branches(branches),
            _ => Skip::from_branches(std::slice::from_ref(&hir)),
        }
    }

    /// The skip of the alternation of `branches` (each parsed as `regex_syntax::parse` does),
    /// as [`Skip::new`] gives for their alternation. A branch may stand for a larger one (what it
    /// matches, a match of the larger one matches too: `p` for `\bp`), which keeps the skip sound.
    pub(crate) fn from_branches(branches: &[Hir]) -> Option<Skip> {
        let mut allowed = [false; 256];
        if !branches.iter().all(|h| match_bytes(h, &mut allowed))
            || allowed[0x80..].iter().any(|&b| b)
        {
            return None;
        }
        let literals = reduce(required_shared(branches)?);
        if literals.is_empty() || literals.iter().any(Vec::is_empty) {
            return None;
        }
        let mut stop = [false; 256];
        for (b, s) in stop.iter_mut().enumerate() {
            let word = (b as u8).is_ascii_alphanumeric() || b == usize::from(b'_');
            *s = !allowed[b] && !word;
        }
        let (bytes, literals): (Vec<Vec<u8>>, Vec<Vec<u8>>) =
            literals.into_iter().partition(|l| l.len() == 1);
        let (bytes, literals) = if bytes.len() <= 3 {
            (bytes.concat(), literals)
        } else {
            (Vec::new(), [bytes, literals].concat())
        };
        #[cfg(test)]
        let literal_list = literals.clone();
        let literals = if literals.is_empty() {
            None
        } else {
            let ac = AhoCorasickBuilder::new()
                .match_kind(MatchKind::LeftmostFirst)
                .build(&literals)
                .ok()?;
            Some(ac)
        };
        Some(Skip {
            stop,
            literals,
            bytes,
            #[cfg(test)]
            literal_list,
        })
    }

    /// Whether two skips stop at the same bytes and search the same literals.
    #[cfg(test)]
    pub(crate) fn same(&self, other: &Skip) -> bool {
        self.stop == other.stop
            && self.bytes == other.bytes
            && self.literal_list == other.literal_list
    }

    /// The runs of `text` (start, end) that hold a literal, in order. Each starts after a stop
    /// byte (or at 0) and ends at a stop byte (or the end), so both are char boundaries.
    pub(crate) fn runs(&self, text: &str) -> Vec<(usize, usize)> {
        self.runs_lower(text.to_ascii_lowercase().as_bytes())
    }

    /// [`Skip::runs`] of a text given lowercased over ASCII (the runs are those of the text: stop
    /// bytes are not letters, so lowercasing moves none).
    pub(crate) fn runs_lower(&self, lower: &[u8]) -> Vec<(usize, usize)> {
        let bytes = lower;
        let mut out = Vec::new();
        let mut covered = 0;
        // The literals are lowercase ASCII, so they occur ASCII case-insensitively in `text`
        // exactly where they occur in its ASCII lowercasing (same length, byte for byte).
        // Every occurrence of a literal is reported or starts inside a reported one (leftmost
        // non-overlapping semantics: none starts between two reported ones), and a literal holds
        // no stop byte, so overlapping occurrences share a run.
        // `memchr` finds every occurrence of a one-byte literal.
        let mut hits: Vec<(usize, usize)> = Vec::new();
        if let Some(ac) = &self.literals {
            hits.extend(ac.find_iter(lower).map(|m| (m.start(), m.end())));
        }
        if !self.bytes.is_empty() {
            // The narrowest `memchr` for the bytes there are (`memchr3` of one byte thrice finds
            // the same places as `memchr` of it, reading more).
            match *self.bytes.as_slice() {
                [a] => hits.extend(memchr::memchr_iter(a, lower).map(|i| (i, i + 1))),
                [a, b] => hits.extend(memchr::memchr2_iter(a, b, lower).map(|i| (i, i + 1))),
                [a, b, c, ..] => {
                    hits.extend(memchr::memchr3_iter(a, b, c, lower).map(|i| (i, i + 1)))
                }
                [] => return out,
            }
            hits.sort_unstable();
        }
        for (hit_start, hit_end) in hits {
            if hit_start < covered {
                continue;
            }
            let mut start = hit_start;
            while start > covered && !self.stop[usize::from(bytes[start - 1])] {
                start -= 1;
            }
            let mut end = hit_end;
            while end < bytes.len() && !self.stop[usize::from(bytes[end])] {
                end += 1;
            }
            out.push((start, end));
            covered = end;
        }
        out
    }
}

/// Marks the bytes a match of `hir` can hold; `false` if it looks around other than through an
/// ASCII word boundary (or holds a class of non-ASCII characters).
fn match_bytes(hir: &Hir, set: &mut [bool; 256]) -> bool {
    match hir.kind() {
        HirKind::Empty => true,
        HirKind::Literal(l) => {
            for &b in l.0.iter() {
                set[usize::from(b)] = true;
            }
            true
        }
        HirKind::Class(Class::Bytes(c)) => {
            for r in c.ranges() {
                for b in r.start()..=r.end() {
                    set[usize::from(b)] = true;
                }
            }
            true
        }
        HirKind::Class(Class::Unicode(c)) => c.ranges().iter().all(|r| {
            let ascii = r.end().is_ascii();
            if ascii {
                for b in r.start() as u8..=r.end() as u8 {
                    set[usize::from(b)] = true;
                }
            }
            ascii
        }),
        HirKind::Look(look) => matches!(
            look,
            Look::WordAscii
                | Look::WordAsciiNegate
                | Look::WordStartAscii
                | Look::WordEndAscii
                | Look::WordStartHalfAscii
                | Look::WordEndHalfAscii
        ),
        HirKind::Repetition(r) => match_bytes(&r.sub, set),
        HirKind::Capture(c) => match_bytes(&c.sub, set),
        HirKind::Concat(hs) | HirKind::Alternation(hs) => hs.iter().all(|h| match_bytes(h, set)),
    }
}

/// The one byte (lowercase) a class matches, ASCII case-insensitively.
fn single_byte(class: &Class) -> Option<u8> {
    let bytes: Vec<u8> = match class {
        Class::Bytes(c) => c.iter().flat_map(|r| r.start()..=r.end()).take(3).collect(),
        Class::Unicode(c) => c
            .iter()
            .flat_map(|r| r.start()..=r.end())
            .take(3)
            .map(|ch| u8::try_from(ch).ok().filter(u8::is_ascii))
            .collect::<Option<Vec<u8>>>()?,
    };
    match bytes.as_slice() {
        [b] => Some(b.to_ascii_lowercase()),
        [a, b] if a.eq_ignore_ascii_case(b) => Some(a.to_ascii_lowercase()),
        _ => None,
    }
}

/// The one string (lowercase) `hir` matches, ASCII case-insensitively.
fn single_string(hir: &Hir) -> Option<Vec<u8>> {
    match hir.kind() {
        HirKind::Literal(l) => Some(l.0.to_ascii_lowercase()),
        HirKind::Class(c) => single_byte(c).map(|b| vec![b]),
        HirKind::Capture(c) => single_string(&c.sub),
        HirKind::Concat(hs) => hs.iter().try_fold(Vec::new(), |mut acc, h| {
            acc.extend(single_string(h)?);
            Some(acc)
        }),
        _ => None,
    }
}

/// Literals (lowercase) one of which every match of `hir` holds, ASCII case-insensitively.
fn required(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    match hir.kind() {
        HirKind::Literal(_) | HirKind::Class(_) => single_string(hir).map(|s| vec![s]),
        HirKind::Capture(c) => required(&c.sub),
        HirKind::Repetition(r) if r.min >= 1 => required(&r.sub),
        HirKind::Alternation(hs) => hs.iter().try_fold(Vec::new(), |mut acc, h| {
            acc.extend(required(h)?);
            Some(acc)
        }),
        HirKind::Concat(hs) => {
            // Any part's literals will do; adjacent single strings join into a longer literal.
            concat_sets(hs).into_iter().fold(None, |mut best, set| {
                keep_better(&mut best, set);
                best
            })
        }
        _ => None,
    }
}

/// Literals one of which every match of `hir` holds, as [`required`], except that the branches
/// of a top alternation are covered greedily: each round takes the literal set that covers the
/// most open branches for its likely count in text ([`likely`]), then the longer: `min` of every phrase with `minutes` rather
/// than `with` of `with 20 minutes gone`. A branch a taken literal covers adds none.
fn required_shared(branches: &[Hir]) -> Option<Vec<Vec<u8>>> {
    if let [hir] = branches {
        return required(hir);
    }
    let options: Vec<Vec<Vec<Vec<u8>>>> = branches.iter().map(candidates).collect();
    if options.iter().any(Vec::is_empty) {
        return None;
    }
    let holds = |l: &[u8], o: &[u8]| l.windows(o.len()).any(|w| w == o);
    let mut chosen: Vec<Vec<u8>> = Vec::new();
    let mut open: Vec<usize> = (0..options.len()).collect();
    loop {
        open.retain(|&b| {
            !options[b]
                .iter()
                .any(|c| c.iter().all(|l| chosen.iter().any(|o| holds(l, o))))
        });
        if open.is_empty() {
            break;
        }
        let score = |c: &Vec<Vec<u8>>| {
            let count = open.iter().filter(|&&b| options[b].contains(c)).count();
            let likely: f64 = c.iter().map(|l| likely(l)).sum();
            let shortest = c.iter().map(Vec::len).min().unwrap_or(0);
            (count as f64 / likely, shortest)
        };
        let best = open
            .iter()
            .flat_map(|&b| options[b].iter())
            .max_by(|a, b| {
                let (sa, la) = score(a);
                let (sb, lb) = score(b);
                sa.total_cmp(&sb).then(la.cmp(&lb))
            })?;
        chosen.extend(best.iter().cloned());
    }
    Some(chosen)
}

/// How often a literal is taken to occur in text, for choosing literals: one letter or digit as
/// 26^-1, a literal of three bytes or more as a word, 26^-3, and one byte that is not a letter or
/// digit (`+`) as rare as a word (it is found apart, with `memchr`). Two bytes count as 26^-1 too:
/// they also slow down the search for the others (whose SIMD prefilter reads three bytes when
/// every literal has them).
fn likely(literal: &[u8]) -> f64 {
    match literal {
        [b] if !b.is_ascii_alphanumeric() => 26f64.powi(-3),
        [_, _] => 26f64.powi(-1),
        _ => 26f64.powi(-(literal.len().min(3) as i32)),
    }
}

/// Every literal set one of which a match of `hir` holds (reduced): those of each part of a
/// concatenation and of its runs of single strings.
fn candidates(hir: &Hir) -> Vec<Vec<Vec<u8>>> {
    match hir.kind() {
        HirKind::Capture(c) => candidates(&c.sub),
        HirKind::Concat(hs) => concat_sets(hs).into_iter().map(reduce).collect(),
        _ => required(hir).map(reduce).into_iter().collect(),
    }
}

/// The literal sets of a concatenation's parts, in order: each run of single strings joined
/// into one literal, and each other part's [`required`] literals (a part with none is left out).
fn concat_sets(hs: &[Hir]) -> Vec<Vec<Vec<u8>>> {
    let mut out = Vec::new();
    let mut run: Vec<u8> = Vec::new();
    for h in hs {
        if let Some(s) = single_string(h) {
            run.extend(s);
            continue;
        }
        if !run.is_empty() {
            out.push(vec![std::mem::take(&mut run)]);
        }
        out.extend(required(h));
    }
    if !run.is_empty() {
        out.push(vec![run]);
    }
    out
}

/// Keeps the more selective of two literal sets: the longer shortest literal, then fewer.
fn keep_better(best: &mut Option<Vec<Vec<u8>>>, candidate: Vec<Vec<u8>>) {
    let key = |c: &Vec<Vec<u8>>| {
        (
            c.iter().map(Vec::len).min().unwrap_or(0),
            std::cmp::Reverse(c.len()),
        )
    };
    if best.as_ref().is_none_or(|b| key(&candidate) > key(b)) {
        *best = Some(candidate);
    }
}

/// The literals without duplicates and without those holding another (which then occurs too).
fn reduce(mut literals: Vec<Vec<u8>>) -> Vec<Vec<u8>> {
    literals.sort_by(|a, b| a.len().cmp(&b.len()).then(a.cmp(b)));
    literals.dedup();
    let mut out: Vec<Vec<u8>> = Vec::new();
    for l in literals {
        if !out
            .iter()
            .any(|o| l.windows(o.len()).any(|w| w == o.as_slice()))
        {
            out.push(l);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn literals(pattern: &str) -> Option<Vec<String>> {
        let hir = regex_syntax::parse(pattern).ok()?;
        let branches = match hir.kind() {
            HirKind::Alternation(branches) => branches.clone(),
            _ => vec![hir],
        };
        let mut l: Vec<String> = reduce(required_shared(&branches)?)
            .into_iter()
            .map(|l| String::from_utf8_lossy(&l).into_owned())
            .collect();
        l.sort();
        Some(l)
    }

    #[test]
    fn required_literals() {
        let l = |p: &str| literals(p);
        let v = |s: &[&str]| Some(s.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(l(r"(?i-u)\bin\s+(?:minutes|minute|min)\b"), v(&["min"]));
        assert_eq!(l(r"(?i-u)(?:a|b)?hour"), v(&["hour"]));
        assert_eq!(l(r"(?i-u)x|(?:on|at)\s+the"), v(&["the", "x"]));
        assert_eq!(l(r"(?i-u)x|y?"), None);
        assert_eq!(l(r"(?i-u)\d+"), None);
        assert_eq!(l(r"(?i-u)(?:ab)+c?"), v(&["ab"]));
        assert_eq!(l(r"HaLf"), v(&["half"]));
        // Shared literals first: `min` of the first two branches, though `with` is longer.
        assert_eq!(
            l(r"(?i-u)with\s+\d+\s+min|in\s+\d+\s+min\b|the\s+hour"),
            v(&["hour", "min"])
        );
    }

    #[test]
    fn declines_what_it_cannot_bound() {
        assert!(Skip::new(r"(?i-u)\bmin\b").is_some());
        assert!(Skip::new(r"(?i-u)^min").is_none());
        assert!(Skip::new(r"(?i)\bmin\b").is_none());
        assert!(Skip::new(r"(?i-u)min|\d").is_none());
        assert!(Skip::new(r"min|é").is_none());
        // Unicode case folding (the Kelvin sign `K` of `k`, the long `ſ` of `s`) is not ASCII.
        assert!(Skip::new(r"(?i)kick").is_none());
        assert!(Skip::new(r"(?i)s").is_none());
        assert!(Skip::new(r"(?i-u)kick").is_some());
    }

    #[test]
    fn runs_hold_the_literals() {
        let skip = Skip::new(r"(?i-u)\b\d+\s+MIN(?:ute)?s?\b").expect("skip");
        let text = "A goal. After 20 minutes, on\n5 mins; no. 3 Min";
        let runs: Vec<&str> = skip.runs(text).iter().map(|&(s, e)| &text[s..e]).collect();
        assert_eq!(runs, [" After 20 minutes", " on\n5 mins", " 3 Min"]);
    }

    #[test]
    fn one_byte_literals_are_found_apart() {
        // `+` (a rare byte) rather than the two-byte `45`/`90`, which slow the search for `min`.
        // Each branch in a group, as in the minute regex (else their common `\b` is factored out).
        let skip =
            Skip::new(r"(?i-u)(\b(?:45|90)\s*\+\s*\d+)|(\b\d+\s+MIN(?:ute)?s?\b)").expect("skip");
        assert_eq!(skip.bytes, b"+");
        let text = "Late on. 90 + 3; A goal in 9 MINUTES, 45+1. No + here. Nothing, 90 or 45";
        let runs: Vec<&str> = skip.runs(text).iter().map(|&(s, e)| &text[s..e]).collect();
        assert_eq!(
            runs,
            [" 90 + 3", " A goal in 9 MINUTES", " 45+1", " No + here"]
        );
    }
}
