//! Quotation marks: finding the pieces of direct speech in a text.
//!
//! Straight (`"`) and curly (`“ ”`, `„`, `« »`) double marks are read paragraph by paragraph
//! (a paragraph is a line). A straight mark's role comes from its neighbours (a space before and
//! a word after open; a word before and a space or punctuation after close); a mark squeezed
//! between two words (`win."We`) toggles. Inside an open quotation a new opening mark after
//! sentence-final punctuation (`. "`) starts a new piece of the same quotation (paragraphs merged
//! into one line), one after a colon ends the quotation at the last sentence end before the colon
//! (narrative swallowed by an unclosed mark), and any other opening mark is a quotation inside the
//! quotation (`going to "fake" an injury`). A quotation never runs past the end of its paragraph;
//! when the next paragraph opens with a mark, its first piece continues the quotation.
//! Single quotation marks are not read: in these reports they nest inside double ones.

/// How a piece is linked to the piece before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Link {
    /// It opens a new quotation.
    Fresh,
    /// The quotation before it was not closed and a new mark opened after a sentence end in the
    /// same paragraph.
    Merged,
    /// The previous paragraph ended inside a quotation and this paragraph opens with a mark.
    NextParagraph,
}

/// One piece of direct speech: the words between its marks, trimmed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Piece {
    /// Offset of the opening mark.
    pub open: usize,
    /// Start of the quoted words.
    pub start: usize,
    /// End of the quoted words.
    pub end: usize,
    /// Offset just after the closing mark, when a mark closed the piece.
    pub close: Option<usize>,
    /// Start of the piece's paragraph.
    pub para_start: usize,
    /// End of the piece's paragraph.
    pub para_end: usize,
    /// How it continues the piece before it.
    pub link: Link,
}

impl Piece {
    /// Where the narrative after the piece starts: after the closing mark, else after the words.
    pub fn boundary(&self) -> usize {
        self.close.unwrap_or(self.end)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Open,
    Close,
    Either,
}

#[derive(Debug, Clone, Copy)]
enum State {
    Out,
    In {
        open: usize,
        start: usize,
        link: Link,
    },
    Nested {
        open: usize,
        start: usize,
        link: Link,
    },
}

/// Every piece of direct speech in `text`, in order.
///
/// Only the paragraphs holding a quotation mark are scanned: they are found from the marks (one
/// pass over the text, 8 bytes at a time where it has no `"` and no non-ASCII byte). A paragraph
/// without marks ends any quotation carried from the paragraph before it unless it is blank, so
/// between two scanned paragraphs only whether the text is all whitespace matters. This must give
/// what the paragraph-by-paragraph walk gives (`find_by_paragraphs`, the reference in the tests).
pub(super) fn find(text: &str) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut carried = false;
    // The end of the last paragraph scanned.
    let mut last_end: Option<usize> = None;
    let mut from = 0;
    while let Some(mark) = next_mark(text, from, text.len()) {
        // The memchr crate's searches (vectorised) rather than `str::rfind` and `str::find`
        // (a `\n` byte is the char `\n`, so the offsets are the same).
        let para_start = memchr::memrchr(b'\n', &text.as_bytes()[..mark]).map_or(0, |i| i + 1);
        let para_end =
            memchr::memchr(b'\n', &text.as_bytes()[mark..]).map_or(text.len(), |i| mark + i);
        if let Some(last) = last_end {
            if !text[last..para_start].trim().is_empty() {
                carried = false;
            }
        }
        carried = scan_paragraph(text, para_start, para_end, carried, &mut pieces);
        last_end = Some(para_end);
        from = para_end + 1;
    }
    pieces
}

/// The offset of the first quotation mark (`"`, `“`, `”`, `„`, `«`, `»`) at or after byte `from`
/// and before byte `end`.
///
/// Every mark starts with `"`, 0xE2 or 0xC2: `memchr3` (vectorised) finds the next of those bytes
/// and [`is_mark_at`] tells a mark from another char with the same lead byte (`’`, `–`, a
/// no-break space). Replaces the 8-bytes-at-a-time scan ([`next_mark_swar`], kept as the tests'
/// reference), which stopped for a byte check at every block holding a non-ASCII byte.
fn next_mark(text: &str, from: usize, end: usize) -> Option<usize> {
    let bytes = text.as_bytes().get(..end)?;
    let mut i = from;
    loop {
        let j = i + memchr::memchr3(b'"', 0xE2, 0xC2, bytes.get(i..)?)?;
        if is_mark_at(bytes, j) {
            return Some(j);
        }
        i = j + 1;
    }
}

/// Bytes with the high bit set, and the byte `"`, repeated over a word.
#[cfg(test)]
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
#[cfg(test)]
const LOW_BITS: u64 = 0x0101_0101_0101_0101;
#[cfg(test)]
const QUOTES: u64 = 0x2222_2222_2222_2222;

/// [`next_mark`] as an 8-bytes-at-a-time scan: the tests' reference.
#[cfg(test)]
fn next_mark_swar(text: &str, from: usize, end: usize) -> Option<usize> {
    let bytes = text.as_bytes().get(..end)?;
    let mut i = from;
    while i < bytes.len() {
        // Fast path: a block of 8 ASCII bytes without `"` holds no mark (a zero byte of
        // `w ^ QUOTES` is a `"`; any non-ASCII byte sends the block to the byte check).
        if let Some(block) = bytes
            .get(i..i + 8)
            .and_then(|b| <[u8; 8]>::try_from(b).ok())
        {
            let w = u64::from_le_bytes(block);
            let q = w ^ QUOTES;
            let has_quote = q.wrapping_sub(LOW_BITS) & !q & HIGH_BITS != 0;
            if !has_quote && w & HIGH_BITS == 0 {
                i += 8;
                continue;
            }
        }
        let block_end = (i + 8).min(bytes.len());
        if let Some(j) = (i..block_end).find(|&j| is_mark_at(bytes, j)) {
            return Some(j);
        }
        i = block_end;
    }
    None
}

/// Whether a quotation mark starts at byte `j`: `"`, U+201C..U+201E (E2 80 9C..9E), U+00AB
/// (C2 AB) or U+00BB (C2 BB).
fn is_mark_at(bytes: &[u8], j: usize) -> bool {
    match bytes.get(j) {
        Some(b'"') => true,
        Some(0xE2) => {
            bytes.get(j + 1) == Some(&0x80) && matches!(bytes.get(j + 2), Some(0x9C..=0x9E))
        }
        Some(0xC2) => matches!(bytes.get(j + 1), Some(0xAB | 0xBB)),
        _ => false,
    }
}

/// Scans one paragraph; returns whether it ends inside a quotation.
fn scan_paragraph(
    text: &str,
    para_start: usize,
    para_end: usize,
    carried: bool,
    out: &mut Vec<Piece>,
) -> bool {
    let para = &text[para_start..para_end];
    let mut state = State::Out;
    // Where the paragraph's first visible char is: a mark there opens the paragraph.
    let first_text = para_start + (para.len() - para.trim_start().len());
    let mut push = |open: usize, start: usize, end: usize, close: Option<usize>, link: Link| {
        let (start, end) = trim(text, start, end);
        if start < end {
            out.push(Piece {
                open,
                start,
                end,
                close,
                para_start,
                para_end,
                link,
            });
        }
    };
    for (i, c) in marks_in(text, para_start, para_end) {
        let Some(mark) = classify(text, para_start, para_end, i, c) else {
            continue;
        };
        let seen_text = i > first_text;
        let after = i + c.len_utf8();
        state = match (state, mark) {
            (State::Out, Mark::Open | Mark::Either) => {
                let link = if carried && !seen_text {
                    Link::NextParagraph
                } else {
                    Link::Fresh
                };
                State::In {
                    open: i,
                    start: after,
                    link,
                }
            }
            (State::Out, Mark::Close) => State::Out,
            (State::In { open, start, link }, Mark::Close | Mark::Either) => {
                push(open, start, i, Some(after), link);
                State::Out
            }
            (State::In { open, start, link }, Mark::Open) => {
                let before = text[start..i].trim_end();
                if before.is_empty() {
                    // `said: " "There are ...`: a doubled opening mark.
                    State::In {
                        open,
                        start: after,
                        link,
                    }
                } else if ends_sentence(before) {
                    push(open, start, i, None, link);
                    State::In {
                        open: i,
                        start: after,
                        link: Link::Merged,
                    }
                } else if before.ends_with(':') {
                    match last_sentence_end(before) {
                        Some(cut) => {
                            push(open, start, start + cut, None, link);
                            State::In {
                                open: i,
                                start: after,
                                link: Link::Fresh,
                            }
                        }
                        None => State::Nested { open, start, link },
                    }
                } else {
                    State::Nested { open, start, link }
                }
            }
            (State::Nested { open, start, link }, Mark::Close | Mark::Either) => {
                State::In { open, start, link }
            }
            (State::Nested { open, start, link }, Mark::Open) => {
                if ends_sentence(text[start..i].trim_end()) {
                    push(open, start, i, None, link);
                    State::In {
                        open: i,
                        start: after,
                        link: Link::Merged,
                    }
                } else {
                    State::Nested { open, start, link }
                }
            }
        };
    }
    match state {
        State::Out => false,
        State::In { open, start, link } | State::Nested { open, start, link } => {
            push(open, start, para_end, None, link);
            true
        }
    }
}

/// The quotation marks of the text between `start` and `end` (char boundaries), with their
/// offsets, found by [`next_mark`]. Must give the quotation marks among what [`mark_chars`] (the
/// scan it replaces, kept as the tests' reference) gives.
fn marks_in(text: &str, start: usize, end: usize) -> impl Iterator<Item = (usize, char)> + '_ {
    let mut from = start;
    std::iter::from_fn(move || {
        let i = next_mark(text, from, end)?;
        let c = text.get(i..)?.chars().next()?;
        from = i + c.len_utf8();
        Some((i, c))
    })
}

/// The quotation mark chars of a paragraph with their offsets, found by byte scanning (marks
/// are rare; most chars are skipped without decoding). Fast path: in an ASCII paragraph the only
/// mark is `"`, found with `str::find`; this must give what the byte scan gives.
#[cfg(test)]
fn mark_chars(para: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let ascii = para.is_ascii();
    let bytes = para.as_bytes();
    let mut from = 0;
    std::iter::from_fn(move || {
        if ascii {
            let i = from + para.get(from..)?.find('"')?;
            from = i + 1;
            return Some((i, '"'));
        }
        while let Some(&b) = bytes.get(from) {
            let i = from;
            from += 1;
            match b {
                b'"' => return Some((i, '"')),
                // Lead bytes of U+201C..U+201E and of U+00AB, U+00BB.
                0xE2 | 0xC2 => {
                    if let Some(c) = para.get(i..).and_then(|rest| rest.chars().next()) {
                        return Some((i, c));
                    }
                }
                _ => {}
            }
        }
        None
    })
}

/// The role of a quotation mark at `i`, or `None` if `c` is not one.
fn classify(text: &str, para_start: usize, para_end: usize, i: usize, c: char) -> Option<Mark> {
    match c {
        '\u{201C}' | '\u{201E}' | '\u{AB}' => Some(Mark::Open),
        '\u{201D}' | '\u{BB}' => Some(Mark::Close),
        '"' => {
            let prev = text[para_start..i].chars().next_back();
            let next = text[i + 1..para_end].chars().next();
            // The char sets as `matches!` rather than `str::contains` (a char search through
            // `memchr` for each mark); tested against that form (`classify_by_contains`).
            let space_before = prev.is_none_or(|p| {
                p.is_whitespace()
                    || matches!(p, '(' | '[' | '{' | '-' | '\u{2013}' | '\u{2014}' | '/')
            });
            let space_after = next.is_none_or(char::is_whitespace);
            let punct_after = next.is_some_and(|n| {
                matches!(
                    n,
                    ',' | '.' | ';' | ':' | '!' | '?' | ')' | ']' | '-' | '\u{2013}' | '\u{2014}'
                )
            });
            Some(if space_before && !space_after {
                Mark::Open
            } else if !space_before && (space_after || punct_after) {
                Mark::Close
            } else {
                Mark::Either
            })
        }
        _ => None,
    }
}

/// Whether a stretch of text ends a sentence (`.`, `?`, `!`, possibly followed by a closing
/// single mark or bracket).
pub(super) fn ends_sentence(s: &str) -> bool {
    let s = s.trim_end_matches(['\'', '\u{2019}', ')']);
    s.ends_with(['.', '?', '!'])
}

/// The offset just after the last sentence-final punctuation followed by a space in `s`.
fn last_sentence_end(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    (1..bytes.len())
        .rev()
        .find(|&k| matches!(bytes[k - 1], b'.' | b'?' | b'!') && bytes[k] == b' ')
}

/// The range without leading and trailing whitespace.
fn trim(text: &str, start: usize, end: usize) -> (usize, usize) {
    let s = &text[start..end];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead >= s.len() {
        return (start, start);
    }
    (start + lead, end - trail)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (name, text, expected pieces as `text` with `+` before merged and `^` before
    /// next-paragraph pieces)
    const CASES: &[(&str, &str, &[&str])] = &[
        (
            "straight_closed",
            "\"We won,\" he said.",
            &["We won,"],
        ),
        ("curly_closed", "\u{201C}We won.\u{201D} Then", &["We won."]),
        (
            "merged_after_period",
            "He said: \"We won. \"We deserved it.\" Then",
            &["We won.", "+We deserved it."],
        ),
        (
            "nested_double_quote",
            "\"He was going to \"fake\" an injury. \"He agreed.\"",
            &[
                "He was going to \"fake\" an injury.",
                "+He agreed.",
            ],
        ),
        (
            "unclosed_stops_at_paragraph",
            "\"We won and\nNext paragraph is narrative.",
            &["We won and"],
        ),
        (
            "next_paragraph_continues",
            "\"We won.\n\n\"We deserved it.\"",
            &["We won.", "^We deserved it."],
        ),
        (
            "no_space_toggle",
            "a famous win.\"We believed,\" Koulibaly said.Juventus coach described it as \"a poor match.\"Juventus had",
            &["We believed,", "a poor match."],
        ),
        (
            "colon_inside_unclosed",
            "\"We won. He then said: \"Great.\"",
            &["We won.", "Great."],
        ),
        ("doubled_opening_mark", "He said: \" \"There are issues. \"One concerns me.\"", &["There are issues.", "+One concerns me."]),
        ("single_marks_ignored", "He said 'yes please' to me.", &[]),
    ];

    /// `find` as first written, one paragraph at a time: the reference the mark-driven walk must
    /// agree with.
    fn find_by_paragraphs(text: &str) -> Vec<Piece> {
        let mut pieces = Vec::new();
        let mut carried = false;
        let mut para_start = 0;
        while para_start <= text.len() {
            let para_end = text[para_start..]
                .find('\n')
                .map_or(text.len(), |i| para_start + i);
            if !text[para_start..para_end].trim().is_empty() {
                carried = scan_paragraph(text, para_start, para_end, carried, &mut pieces);
            }
            para_start = para_end + 1;
        }
        pieces
    }

    /// Pieces of text for the mark-driven walk: marks of every kind, other chars that share their
    /// lead bytes, blank and non-blank paragraphs, sentence ends, colons.
    fn mark_piece() -> impl proptest::strategy::Strategy<Value = String> {
        proptest::prop_oneof![
            proptest::strategy::Just("\"".to_string()),
            proptest::strategy::Just("\u{201C}".to_string()),
            proptest::strategy::Just("\u{201D}".to_string()),
            proptest::strategy::Just("\u{201E}".to_string()),
            proptest::strategy::Just("\u{AB}".to_string()),
            proptest::strategy::Just("\u{BB}".to_string()),
            proptest::strategy::Just("\u{2019}".to_string()),
            proptest::strategy::Just("\u{2013}".to_string()),
            proptest::strategy::Just("\u{A0}".to_string()),
            proptest::strategy::Just("\u{A9}".to_string()),
            proptest::strategy::Just("\n".to_string()),
            proptest::strategy::Just("\n \n".to_string()),
            proptest::strategy::Just(" \t ".to_string()),
            proptest::strategy::Just(". ".to_string()),
            proptest::strategy::Just(": ".to_string()),
            "[a-z]{1,12}",
            "[a-z ,.]{8,20}",
        ]
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]

        /// The mark-driven walk finds the same pieces as the paragraph walk.
        #[test]
        fn find_same_as_paragraph_walk(
            parts in proptest::collection::vec(mark_piece(), 0..40)
        ) {
            let text: String = parts.concat();
            proptest::prop_assert_eq!(find(&text), find_by_paragraphs(&text));
        }

        /// `next_mark` finds every mark, in order (against a char walk).
        #[test]
        fn next_mark_finds_every_mark(
            parts in proptest::collection::vec(mark_piece(), 0..40)
        ) {
            let text: String = parts.concat();
            let expected: Vec<usize> = text
                .char_indices()
                .filter(|&(_, c)| {
                    matches!(c, '"' | '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{AB}' | '\u{BB}')
                })
                .map(|(i, _)| i)
                .collect();
            let mut got = Vec::new();
            let mut from = 0;
            while let Some(i) = next_mark(&text, from, text.len()) {
                got.push(i);
                from = i + 1;
            }
            proptest::prop_assert_eq!(got, expected);
        }
    }

    /// `next_mark` and the 8-byte scan it replaced agree at every start and end of `text`
    /// (including starts and ends inside a char, and ends past the text).
    fn next_mark_agrees(text: &str) {
        for end in 0..=text.len() + 1 {
            for from in 0..=end + 1 {
                assert_eq!(
                    next_mark(text, from, end),
                    next_mark_swar(text, from, end),
                    "{text:?} from {from} end {end}"
                );
            }
        }
    }

    #[test]
    fn next_mark_cases() {
        for text in [
            "",
            "\"",
            "no marks at all in this longer ASCII text, past one block",
            "a\u{2019}b\u{2013}c\u{A0}d\u{A9}e \u{201C}quoted\u{201D} and \"plain\"",
            "\u{2019}\u{2019}\u{2019}\u{2019}\u{2019}\u{2019}\u{2019}\u{2019}\u{2019}\u{2019}\"",
            "\u{AB}x\u{BB} \u{201E}y\u{201D} \u{201C}",
            "\u{2018}single\u{2019} 0123456789abcdef0123456789abcdef0123456789\"",
        ] {
            next_mark_agrees(text);
        }
        // Not vacuous: the marks are found, and one cut by the end is not.
        assert_eq!(next_mark("ab \u{201C}c", 0, 7), Some(3));
        assert_eq!(next_mark("ab \u{2019}c\"", 0, 8), Some(7));
        assert_eq!(next_mark("ab \u{201C}c", 0, 5), None);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        /// `next_mark` (memchr3) gives what the 8-byte scan gave, from any start to any end.
        #[test]
        fn next_mark_same_as_swar(
            parts in proptest::collection::vec(mark_piece(), 0..30),
            from in 0usize..300,
            end in 0usize..300,
        ) {
            let text: String = parts.concat();
            proptest::prop_assert_eq!(next_mark(&text, from, end), next_mark_swar(&text, from, end));
            let len = text.len();
            proptest::prop_assert_eq!(
                next_mark(&text, from.min(len), len),
                next_mark_swar(&text, from.min(len), len)
            );
        }

        /// The marks of a paragraph are the quotation marks among the chars the old scan gave,
        /// whatever part of the text the paragraph is.
        #[test]
        fn marks_in_same_as_mark_chars(
            parts in proptest::collection::vec(mark_piece(), 0..30),
            cut in 0usize..40,
            keep in 0usize..200,
        ) {
            let text: String = parts.concat();
            let start = (0..=cut.min(text.len())).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
            let end = (start..=(start + keep).min(text.len()))
                .rev()
                .find(|&i| text.is_char_boundary(i))
                .unwrap_or(start);
            let got: Vec<(usize, char)> = marks_in(&text, start, end).collect();
            let expected: Vec<(usize, char)> = mark_chars(&text[start..end])
                .map(|(i, c)| (start + i, c))
                .filter(|&(_, c)| {
                    matches!(c, '"' | '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{AB}' | '\u{BB}')
                })
                .collect();
            proptest::prop_assert_eq!(got, expected);
        }
    }

    /// [`classify`] with its char sets as strings searched by `str::contains`: the reference.
    fn classify_by_contains(
        text: &str,
        para_start: usize,
        para_end: usize,
        i: usize,
        c: char,
    ) -> Option<Mark> {
        match c {
            '\u{201C}' | '\u{201E}' | '\u{AB}' => Some(Mark::Open),
            '\u{201D}' | '\u{BB}' => Some(Mark::Close),
            '"' => {
                let prev = text[para_start..i].chars().next_back();
                let next = text[i + 1..para_end].chars().next();
                let space_before =
                    prev.is_none_or(|p| p.is_whitespace() || "([{-\u{2013}\u{2014}/".contains(p));
                let space_after = next.is_none_or(char::is_whitespace);
                let punct_after = next.is_some_and(|n| ",.;:!?)]-\u{2013}\u{2014}".contains(n));
                Some(if space_before && !space_after {
                    Mark::Open
                } else if !space_before && (space_after || punct_after) {
                    Mark::Close
                } else {
                    Mark::Either
                })
            }
            _ => None,
        }
    }

    /// `classify` and its reference agree for a straight mark between any two of every ASCII
    /// char and the dashes, spaces and marks around them (and at a paragraph's ends).
    #[test]
    fn classify_same_as_contains() {
        let mut chars: Vec<char> = (0u8..128).map(char::from).collect();
        chars.extend([
            '\u{2013}', '\u{2014}', '\u{2012}', '\u{A0}', '\u{2019}', '\u{201C}', '\u{201D}', 'é',
        ]);
        let mut seen = std::collections::HashSet::new();
        for &p in &chars {
            for &n in &chars {
                let text = format!("{p}\"{n}");
                let i = p.len_utf8();
                let got = classify(&text, 0, text.len(), i, '"');
                assert_eq!(
                    got,
                    classify_by_contains(&text, 0, text.len(), i, '"'),
                    "{text:?}"
                );
                seen.insert(format!("{got:?}"));
                // The mark at a paragraph's start and end.
                for (s, e) in [(i, text.len()), (0, i + 1)] {
                    assert_eq!(
                        classify(&text, s, e, i, '"'),
                        classify_by_contains(&text, s, e, i, '"'),
                        "{text:?} {s}..{e}"
                    );
                }
            }
        }
        // Every role was met.
        assert_eq!(seen.len(), 3);
        assert_eq!(classify("(\"a", 0, 3, 1, '"'), Some(Mark::Open));
        assert_eq!(classify("a\"\u{2014}", 0, 5, 1, '"'), Some(Mark::Close));
    }

    /// Every char `classify` reads as a mark is one `marks_in` finds.
    #[test]
    fn classify_knows_only_the_marks() {
        let text = "\"\u{201C}\u{201D}\u{201E}\u{AB}\u{BB}\u{2019}\u{2013}\u{A0}\u{A9}a";
        for (i, c) in text.char_indices() {
            let is_mark = classify(text, 0, text.len(), i, c).is_some();
            let found = marks_in(text, 0, text.len()).any(|(j, _)| j == i);
            assert_eq!(is_mark, found, "{c:?}");
        }
    }

    #[test]
    fn find_cases_same_as_paragraph_walk() {
        for (name, text, _) in CASES {
            assert_eq!(find(text), find_by_paragraphs(text), "case {name}");
        }
    }

    /// The byte scan as first written: every `"` and every char with lead byte 0xE2 or 0xC2.
    /// The reference [`mark_chars`] must agree with.
    fn mark_chars_by_bytes(para: &str) -> Vec<(usize, char)> {
        para.bytes()
            .enumerate()
            .filter_map(|(i, b)| match b {
                b'"' => Some((i, '"')),
                0xE2 | 0xC2 => para[i..].chars().next().map(|c| (i, c)),
                _ => None,
            })
            .collect()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        /// The ASCII fast path and the byte scan find the same marks, in ASCII and mixed text.
        #[test]
        fn mark_chars_same_as_byte_scan(
            text in "[a-z .,\"'\u{201C}\u{201D}\u{201E}\u{AB}\u{BB}\u{2019}\u{A0}é]{0,40}"
        ) {
            let got: Vec<(usize, char)> = mark_chars(&text).collect();
            proptest::prop_assert_eq!(got, mark_chars_by_bytes(&text));
            let ascii: String = text.chars().filter(char::is_ascii).collect();
            let got: Vec<(usize, char)> = mark_chars(&ascii).collect();
            proptest::prop_assert_eq!(got, mark_chars_by_bytes(&ascii));
        }
    }

    #[test]
    fn pieces() {
        for (name, text, expected) in CASES {
            let got: Vec<String> = find(text)
                .iter()
                .map(|p| {
                    let prefix = match p.link {
                        Link::Fresh => "",
                        Link::Merged => "+",
                        Link::NextParagraph => "^",
                    };
                    format!("{prefix}{}", &text[p.start..p.end])
                })
                .collect();
            assert_eq!(&got, expected, "case {name}");
        }
    }
}
