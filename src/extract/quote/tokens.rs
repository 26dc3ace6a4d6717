//! A light tokenizer for attributions: words, single punctuation marks and line breaks, with byte
//! offsets into the document.

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// Letters and digits, with inner apostrophes and hyphens (`26-year-old`, `O'Neill`).
    Word,
    /// One punctuation char.
    Punct(char),
    /// A run of whitespace holding a line break (a paragraph boundary).
    Break,
}

/// A token with its byte range.
///
/// The offsets are `u32` (read as `usize` through [`Tok::start`] and [`Tok::end`]): `Tok` is 16
/// bytes rather than 24, so the token vector of a document (written once, read by every scan of
/// the attribution) takes a third less memory. [`QuoteRules::extract`](super::QuoteRules::extract)
/// leaves documents of 4 GiB or more alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Tok {
    /// Start byte offset.
    from: u32,
    /// End byte offset.
    to: u32,
    /// What it is.
    pub kind: Kind,
    /// Whether the token's text is all ASCII (then its folded form is its lower-cased bytes).
    /// Fits in the struct's padding: `Tok` stays 16 bytes.
    pub ascii: bool,
    /// Whether the token is a word whose first char is upper case (`char::is_uppercase`), set
    /// once here so the attribution's many capitalisation tests are a field load. Also in the
    /// padding.
    pub cap: bool,
}

impl Tok {
    /// Start byte offset.
    #[inline(always)]
    pub fn start(&self) -> usize {
        self.from as usize
    }

    /// End byte offset.
    #[inline(always)]
    pub fn end(&self) -> usize {
        self.to as usize
    }

    /// Whether the token is a word.
    pub fn is_word(&self) -> bool {
        self.kind == Kind::Word
    }

    /// Whether the token is this punctuation char.
    pub fn is(&self, c: char) -> bool {
        self.kind == Kind::Punct(c)
    }
}

/// The index of the first capitalised token (`cap`) at or after `from`.
///
/// Four tokens a step, their flags or-ed (most tokens are not capitalised), then one at a time
/// in the step that holds one and at the end: an index loop whose bounds the compiler can see (a
/// `chunks_exact` and `position` form cost more than the plain scan it replaced). Tested against
/// `position` (`next_cap_by_position`).
///
/// The walk the name scan used before [`tokenize_caps`] listed the capitalised tokens: kept as
/// a test reference.
#[cfg(test)]
pub(super) fn next_cap(toks: &[Tok], from: usize) -> Option<usize> {
    let mut i = from;
    while i < toks.len() && toks.len() - i >= 4 {
        if toks[i].cap | toks[i + 1].cap | toks[i + 2].cap | toks[i + 3].cap {
            break;
        }
        i += 4;
    }
    while i < toks.len() {
        if toks[i].cap {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// The class of an ASCII byte: what `char::is_whitespace` and `char::is_alphanumeric` say of it.
const PUNCT: u8 = 0;
const SPACE: u8 = 1;
const ALNUM: u8 = 2;

/// [`PUNCT`], [`SPACE`] or [`ALNUM`] for every ASCII byte (tested against the `char` methods).
static ASCII_CLASS: [u8; 128] = {
    let mut table = [PUNCT; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() {
            table[b] = ALNUM;
        } else if matches!(c, b' ' | b'\t'..=b'\r') {
            table[b] = SPACE;
        }
        b += 1;
    }
    table
};

/// Whether a byte is an ASCII letter or digit (false for every non-ASCII byte).
static ALNUM_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = ASCII_CLASS[b] == ALNUM;
        b += 1;
    }
    table
};

/// The class of the char `c` (any char).
#[inline]
fn class_of(c: char) -> u8 {
    if c.is_ascii() {
        ASCII_CLASS[c as usize]
    } else if c.is_whitespace() {
        SPACE
    } else if c.is_alphanumeric() {
        ALNUM
    } else {
        PUNCT
    }
}

/// Whether the char starting at byte `i` (a char boundary) is alphanumeric; false at the end.
#[inline]
fn alnum_at(text: &str, i: usize) -> bool {
    match text.as_bytes().get(i) {
        None => false,
        Some(&b) if b.is_ascii() => ASCII_CLASS[usize::from(b)] == ALNUM,
        Some(_) => char_at(text, i).0.is_alphanumeric(),
    }
}

/// The class of every byte: [`ASCII_CLASS`] for ASCII bytes, [`OTHER`] for the bytes of a
/// multi-byte char (so one table lookup both tells ASCII from not and classifies).
const OTHER: u8 = 3;
static BYTE_CLASS: [u8; 256] = {
    let mut table = [OTHER; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = ASCII_CLASS[b];
        b += 1;
    }
    table
};

/// Where the next token may start after a token ending at byte `end`: past the usual gap between
/// tokens, one space before a non-space ASCII byte (no line break, so no token), else `end`.
///
/// Two single-byte `get`s rather than the range `end..end + 2` (whose end the compiler must check
/// for overflow as well as against the length); tested against that form (`after_gap_range`).
#[inline(always)]
fn after_gap(bytes: &[u8], end: usize) -> usize {
    if bytes.get(end) == Some(&b' ')
        && bytes
            .get(end + 1)
            .is_some_and(|&n| matches!(BYTE_CLASS[usize::from(n)], PUNCT | ALNUM))
    {
        end + 1
    } else {
        end
    }
}

/// Splits a text into tokens: [`tokenize_caps`] without the capitalised tokens' indexes (what
/// the tests read).
#[cfg(test)]
pub(super) fn tokenize(text: &str) -> Vec<Tok> {
    tokenize_caps(text).0
}

/// [`tokenize_caps_into`] into new vectors (what the tests read).
#[cfg(test)]
pub(super) fn tokenize_caps(text: &str) -> (Vec<Tok>, Vec<u32>) {
    let mut out = Vec::new();
    let mut caps = Vec::new();
    tokenize_caps_into(text, &mut out, &mut caps);
    (out, caps)
}

/// A thread's token and capital-index vectors, kept from document to document for
/// [`tokenize_caps_into`].
#[derive(Debug, Default)]
pub(super) struct Scratch {
    /// The tokens of the document being attributed.
    pub toks: Vec<Tok>,
    /// The indexes of its capitalised tokens.
    pub caps: Vec<u32>,
}

impl Scratch {
    /// Tokens kept past one document: room for about 256 KiB of text. A larger document's
    /// vectors are let go after it, so one huge file does not keep its memory for the rest of
    /// the run.
    const KEPT_TOKENS: usize = 64 * 1024;

    /// Runs `f` with this thread's scratch vectors.
    pub fn with<R>(f: impl FnOnce(&mut Scratch) -> R) -> R {
        thread_local! {
            static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
        }
        SCRATCH.with(|scratch| {
            let mut scratch = scratch.borrow_mut();
            let result = f(&mut scratch);
            if scratch.toks.capacity() > Self::KEPT_TOKENS {
                *scratch = Scratch::default();
            }
            result
        })
    }
}

/// Splits a text into tokens, and lists the indexes of the capitalised tokens (`cap`), in order.
///
/// Walks the text by byte offset. A byte is classified by one table lookup ([`BYTE_CLASS`]); an
/// ASCII byte needs no UTF-8 decoder (most reports are ASCII): a punctuation byte is its token, a
/// word starting with an ASCII byte goes straight to its letters, and the single space that
/// usually follows a word or a punctuation mark (before another non-space ASCII byte) is skipped
/// with it, without a trip round the loop. Other chars are decoded and classified with
/// `char::is_whitespace` and `char::is_alphanumeric`. The tokens must equal (and are tested
/// against) the plain `char_indices` walk, `tokenize_by_chars`, the byte walk `tokenize_bytewise`,
/// and the dispatch this replaced, `tokenize_dispatch`.
///
/// The capitalised tokens' indexes are noted as the words are pushed (a test of the first byte
/// the word path has in hand anyway), so the attribution's name scan reads the few capitalised
/// tokens from this list instead of walking every token's flag (`next_cap`); tested against the
/// flags (`caps_by_flags`).
///
/// The tokens go into `out` and the indexes into `caps`, both cleared first: vectors the caller
/// keeps from document to document ([`Scratch`]), so that the token list, four bytes per byte of
/// text, is written into memory that is already in the cache rather than into fresh pages.
pub(super) fn tokenize_caps_into(text: &str, out: &mut Vec<Tok>, caps: &mut Vec<u32>) {
    out.clear();
    caps.clear();
    let bytes = text.as_bytes();
    // About one token per four bytes in English prose: one allocation for most documents.
    out.reserve(text.len() / 4 + 4);
    // Capitalised words are far fewer: about one per 30 bytes of a report.
    caps.reserve(text.len() / 16 + 4);
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match BYTE_CLASS[usize::from(b)] {
            ALNUM => {
                let mut ascii = true;
                let end = word_end(text, i + 1, &mut ascii);
                // An ASCII first char is upper case exactly when it is `A`-`Z`.
                let cap = b.is_ascii_uppercase();
                if cap {
                    caps.push(out.len() as u32);
                }
                out.push(Tok {
                    from: i as u32,
                    to: end as u32,
                    kind: Kind::Word,
                    ascii,
                    cap,
                });
                i = after_gap(bytes, end);
            }
            PUNCT => {
                out.push(Tok {
                    from: i as u32,
                    to: (i + 1) as u32,
                    kind: Kind::Punct(char::from(b)),
                    ascii: true,
                    cap: false,
                });
                i = after_gap(bytes, i + 1);
            }
            _ => i = tokenize_slow(text, i, out, caps),
        }
    }
}

/// One step of [`tokenize`] at byte `i` for what its fast paths leave: whitespace other than a
/// single space before a non-space ASCII byte, and chars that are not ASCII. Pushes the token (if
/// any), notes it in `caps` when it is a capitalised word, and returns where the next one may
/// start.
#[inline(never)]
fn tokenize_slow(text: &str, i: usize, out: &mut Vec<Tok>, caps: &mut Vec<u32>) -> usize {
    let len = text.len();
    let bytes = text.as_bytes();
    let (c, width) = char_at(text, i);
    let mut ascii = width == 1;
    match class_of(c) {
        SPACE => {
            let mut end = i + width;
            let mut newline = c == '\n';
            while end < len {
                let b = bytes[end];
                if b.is_ascii() {
                    if ASCII_CLASS[usize::from(b)] != SPACE {
                        break;
                    }
                    newline |= b == b'\n';
                    end += 1;
                    continue;
                }
                let (d, w) = char_at(text, end);
                if !d.is_whitespace() {
                    break;
                }
                ascii = false;
                end += w;
            }
            if newline {
                out.push(Tok {
                    from: i as u32,
                    to: end as u32,
                    kind: Kind::Break,
                    ascii,
                    cap: false,
                });
            }
            end
        }
        ALNUM => {
            let end = word_end(text, i + width, &mut ascii);
            // An ASCII first char is upper case exactly when it is `A`-`Z`.
            let cap = if width == 1 {
                c.is_ascii_uppercase()
            } else {
                c.is_uppercase()
            };
            if cap {
                caps.push(out.len() as u32);
            }
            out.push(Tok {
                from: i as u32,
                to: end as u32,
                kind: Kind::Word,
                ascii,
                cap,
            });
            end
        }
        _ => {
            out.push(Tok {
                from: i as u32,
                to: (i + width) as u32,
                kind: Kind::Punct(c),
                ascii,
                cap: false,
            });
            i + width
        }
    }
}

/// The end of the word whose chars after the first start at byte `end` (a char boundary):
/// letters and digits, and inner apostrophes and hyphens. Clears `ascii` on a non-ASCII char.
#[inline(always)]
fn word_end(text: &str, mut end: usize, ascii: &mut bool) -> usize {
    let bytes = text.as_bytes();
    loop {
        end = alnum_run(bytes, end);
        let Some(&b) = bytes.get(end) else {
            break;
        };
        if b.is_ascii() {
            // An inner apostrophe or hyphen (`O'Neill`, `26-year-old`).
            if matches!(b, b'\'' | b'-') && alnum_at(text, end + 1) {
                end += 1;
                continue;
            }
            break;
        }
        let (d, w) = char_at(text, end);
        let inner = d == '\u{2019}' && alnum_at(text, end + w);
        if !(d.is_alphanumeric() || inner) {
            break;
        }
        *ascii = false;
        end += w;
    }
    end
}

/// The end of the run of ASCII letters and digits starting at byte `end`.
///
/// Four bytes per bounds check, each tested by the table (the bytes of a word mostly come in
/// runs of a few letters; testing eight at once with word arithmetic was tried and was slower).
/// Tested against the one-byte-at-a-time loop (`alnum_run_bytewise`).
#[inline(always)]
fn alnum_run(bytes: &[u8], mut end: usize) -> usize {
    while let Some(&[a, b, c, d]) = bytes.get(end..end + 4) {
        if !ALNUM_BYTE[usize::from(a)] {
            return end;
        }
        if !ALNUM_BYTE[usize::from(b)] {
            return end + 1;
        }
        if !ALNUM_BYTE[usize::from(c)] {
            return end + 2;
        }
        if !ALNUM_BYTE[usize::from(d)] {
            return end + 3;
        }
        end += 4;
    }
    while end < bytes.len() && ALNUM_BYTE[usize::from(bytes[end])] {
        end += 1;
    }
    end
}

/// The char starting at byte `i` of `text` (a char boundary, below `text.len()`) and its length
/// in bytes. An ASCII byte is its own char; anything else goes through the UTF-8 decoder.
#[inline]
fn char_at(text: &str, i: usize) -> (char, usize) {
    match text.as_bytes().get(i) {
        Some(&b) if b.is_ascii() => (char::from(b), 1),
        _ => text
            .get(i..)
            .and_then(|rest| rest.chars().next())
            .map_or(('\0', 1), |c| (c, c.len_utf8())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`next_cap`] as a plain search.
    fn next_cap_by_position(toks: &[Tok], from: usize) -> Option<usize> {
        toks.get(from..)?
            .iter()
            .position(|t| t.cap)
            .map(|i| from + i)
    }

    /// `next_cap` agrees with the plain search from every token (and past the end).
    fn next_cap_agrees(text: &str) {
        let toks = tokenize(text);
        for from in 0..=toks.len() + 1 {
            assert_eq!(
                next_cap(&toks, from),
                next_cap_by_position(&toks, from),
                "from {from} in {text:?}"
            );
        }
    }

    #[test]
    fn next_cap_cases() {
        for text in [
            "",
            "a",
            "A",
            "a b c d e f g h i j k l m n o p Q",
            "a b c D e f g h i j k l m n o p q",
            "a b c d E",
            "A b c d e f g h i j k",
            "a, b. c: d; e! f? g h i j k l m n o p q r s t u v w x y z",
            "the coach, Jose Mourinho, said: \"We won.\" \u{C9}ric \u{E9}ric",
        ] {
            next_cap_agrees(text);
        }
        let toks = tokenize("a b c d e f G");
        assert_eq!(next_cap(&toks, 0), Some(6));
        assert_eq!(next_cap(&toks, 7), None);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1000))]

        /// Any run of lower and capitalised words and punctuation.
        #[test]
        fn next_cap_same_as_position(text in "([a-cA-C\u{E9}\u{C9}]{1,3}[ ,.]{1,2}){0,40}") {
            next_cap_agrees(&text);
        }
    }

    /// The capitalised tokens' indexes read from their flags: the reference the list of
    /// [`tokenize_caps`] must equal.
    fn caps_by_flags(toks: &[Tok]) -> Vec<u32> {
        toks.iter()
            .enumerate()
            .filter(|(_, t)| t.cap)
            .map(|(i, _)| i as u32)
            .collect()
    }

    /// The list agrees with the flags, and with the `next_cap` walk it replaced.
    fn caps_agree(text: &str) {
        let (toks, caps) = tokenize_caps(text);
        assert_eq!(caps, caps_by_flags(&toks), "{text:?}");
        let mut walked = Vec::new();
        let mut from = 0;
        while let Some(c) = next_cap(&toks, from) {
            walked.push(c as u32);
            from = c + 1;
        }
        assert_eq!(caps, walked, "{text:?}");
    }

    #[test]
    fn caps_cases() {
        for text in [
            "",
            "A",
            "a",
            "A b C",
            "the coach, Jose Mourinho, said: \"We won.\"",
            "\u{C9}ric \u{E9}ric \u{141}ukasz \u{130}stanbul 9 O'Neill N\u{2019}Golo",
            "x\n\nY z. W\u{A0}V",
            "1A B2 -C",
        ] {
            caps_agree(text);
        }
        let (_, caps) = tokenize_caps("Jose Mourinho said: \"we \u{C9}ric.\"");
        assert_eq!(caps, [0, 1, 6]);
    }

    /// Vectors kept from one text to the next hold each text's tokens as fresh ones would:
    /// nothing left over from a longer text before, whatever the order.
    #[test]
    fn kept_vectors_hold_only_the_last_text() {
        let texts = [
            "The coach, Jose Mourinho, said: \"We won.\" Then Didier Drogba left.",
            "ok",
            "",
            "\u{C9}ric \u{E9}ric \u{141}ukasz 9 O'Neill",
            "The coach, Jose Mourinho, said: \"We won.\" Then Didier Drogba left.",
        ];
        let (mut toks, mut caps) = (Vec::new(), Vec::new());
        for text in texts {
            tokenize_caps_into(text, &mut toks, &mut caps);
            assert_eq!(
                (toks.clone(), caps.clone()),
                tokenize_caps(text),
                "{text:?}"
            );
        }
    }

    /// A thread's scratch vectors are kept after a document of ordinary size and let go after
    /// a huge one.
    #[test]
    fn scratch_lets_go_of_a_huge_document() {
        let small = "Jose Mourinho said: \"We won.\"";
        let huge = small.repeat(Scratch::KEPT_TOKENS / 4);
        let kept = |text: &str| {
            Scratch::with(|s| tokenize_caps_into(text, &mut s.toks, &mut s.caps));
            Scratch::with(|s| s.toks.capacity())
        };
        assert!(kept(small) > 0);
        assert_eq!(kept(&huge), 0);
        assert!(kept(small) > 0);
    }

    /// The `u32` offsets keep a token at 16 bytes, and read back as the offsets they were
    /// made from.
    #[test]
    fn tok_is_16_bytes() {
        assert_eq!(std::mem::size_of::<Tok>(), 16);
        let text = "Koulibaly said: \u{201C}We won.\u{201D}\n\nO\u{2019}Neill";
        let toks = tokenize(text);
        let words: Vec<&str> = toks
            .iter()
            .filter(|t| t.is_word())
            .map(|t| &text[t.start()..t.end()])
            .collect();
        assert_eq!(words, ["Koulibaly", "said", "We", "won", "O\u{2019}Neill"]);
        assert!(toks.windows(2).all(|w| w[0].end() <= w[1].start()));
    }
    use proptest::prelude::*;

    /// The byte walk [`tokenize`] replaced (one table lookup a byte in words, every token
    /// through `char_at`): the second reference the fast paths must agree with.
    fn tokenize_bytewise(text: &str) -> Vec<Tok> {
        let len = text.len();
        let bytes = text.as_bytes();
        // About one token per four bytes in English prose: one allocation for most documents.
        let mut out = Vec::with_capacity(len / 4 + 4);
        let mut i = 0;
        while i < len {
            let (c, width) = char_at(text, i);
            let mut ascii = width == 1;
            match class_of(c) {
                SPACE => {
                    let mut end = i + width;
                    let mut newline = c == '\n';
                    while end < len {
                        let b = bytes[end];
                        if b.is_ascii() {
                            if ASCII_CLASS[usize::from(b)] != SPACE {
                                break;
                            }
                            newline |= b == b'\n';
                            end += 1;
                            continue;
                        }
                        let (d, w) = char_at(text, end);
                        if !d.is_whitespace() {
                            break;
                        }
                        ascii = false;
                        end += w;
                    }
                    if newline {
                        out.push(Tok {
                            from: i as u32,
                            to: end as u32,
                            kind: Kind::Break,
                            ascii,
                            cap: false,
                        });
                    }
                    i = end;
                }
                ALNUM => {
                    let mut end = i + width;
                    loop {
                        // Fast path: a run of ASCII letters and digits, one table lookup a byte.
                        while end < len && ALNUM_BYTE[usize::from(bytes[end])] {
                            end += 1;
                        }
                        let Some(&b) = bytes.get(end) else {
                            break;
                        };
                        if b.is_ascii() {
                            // An inner apostrophe or hyphen (`O'Neill`, `26-year-old`).
                            if matches!(b, b'\'' | b'-') && alnum_at(text, end + 1) {
                                end += 1;
                                continue;
                            }
                            break;
                        }
                        let (d, w) = char_at(text, end);
                        let inner = d == '\u{2019}' && alnum_at(text, end + w);
                        if !(d.is_alphanumeric() || inner) {
                            break;
                        }
                        ascii = false;
                        end += w;
                    }
                    // An ASCII first char is upper case exactly when it is `A`-`Z`.
                    let cap = if width == 1 {
                        c.is_ascii_uppercase()
                    } else {
                        c.is_uppercase()
                    };
                    out.push(Tok {
                        from: i as u32,
                        to: end as u32,
                        kind: Kind::Word,
                        ascii,
                        cap,
                    });
                    i = end;
                }
                _ => {
                    out.push(Tok {
                        from: i as u32,
                        to: (i + width) as u32,
                        kind: Kind::Punct(c),
                        ascii,
                        cap: false,
                    });
                    i += width;
                }
            }
        }
        out
    }

    /// The dispatch [`tokenize`] replaced (ASCII bytes tested with `is_ascii` before the class
    /// table, the single space after a token skipped by its own trip round the loop, the word run
    /// one byte at a time): a third reference.
    fn tokenize_dispatch(text: &str) -> Vec<Tok> {
        let len = text.len();
        let bytes = text.as_bytes();
        let mut out = Vec::with_capacity(len / 4 + 4);
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            if b.is_ascii() {
                match ASCII_CLASS[usize::from(b)] {
                    ALNUM => {
                        let mut ascii = true;
                        let end = word_end_bytewise(text, i + 1, &mut ascii);
                        out.push(Tok {
                            from: i as u32,
                            to: end as u32,
                            kind: Kind::Word,
                            ascii,
                            cap: b.is_ascii_uppercase(),
                        });
                        i = end;
                        continue;
                    }
                    PUNCT => {
                        out.push(Tok {
                            from: i as u32,
                            to: (i + 1) as u32,
                            kind: Kind::Punct(char::from(b)),
                            ascii: true,
                            cap: false,
                        });
                        i += 1;
                        continue;
                    }
                    _ => {
                        if b == b' ' {
                            if let Some(&n) = bytes.get(i + 1) {
                                if n.is_ascii() && ASCII_CLASS[usize::from(n)] != SPACE {
                                    i += 1;
                                    continue;
                                }
                            }
                        }
                    }
                }
            }
            let (c, width) = char_at(text, i);
            let mut ascii = width == 1;
            match class_of(c) {
                SPACE => {
                    let mut end = i + width;
                    let mut newline = c == '\n';
                    while end < len {
                        let b = bytes[end];
                        if b.is_ascii() {
                            if ASCII_CLASS[usize::from(b)] != SPACE {
                                break;
                            }
                            newline |= b == b'\n';
                            end += 1;
                            continue;
                        }
                        let (d, w) = char_at(text, end);
                        if !d.is_whitespace() {
                            break;
                        }
                        ascii = false;
                        end += w;
                    }
                    if newline {
                        out.push(Tok {
                            from: i as u32,
                            to: end as u32,
                            kind: Kind::Break,
                            ascii,
                            cap: false,
                        });
                    }
                    i = end;
                }
                ALNUM => {
                    let end = word_end_bytewise(text, i + width, &mut ascii);
                    let cap = if width == 1 {
                        c.is_ascii_uppercase()
                    } else {
                        c.is_uppercase()
                    };
                    out.push(Tok {
                        from: i as u32,
                        to: end as u32,
                        kind: Kind::Word,
                        ascii,
                        cap,
                    });
                    i = end;
                }
                _ => {
                    out.push(Tok {
                        from: i as u32,
                        to: (i + width) as u32,
                        kind: Kind::Punct(c),
                        ascii,
                        cap: false,
                    });
                    i += width;
                }
            }
        }
        out
    }

    /// `word_end` with the ASCII run one byte at a time (as before [`alnum_run`]).
    fn word_end_bytewise(text: &str, mut end: usize, ascii: &mut bool) -> usize {
        let bytes = text.as_bytes();
        loop {
            end = alnum_run_bytewise(bytes, end);
            let Some(&b) = bytes.get(end) else {
                break;
            };
            if b.is_ascii() {
                if matches!(b, b'\'' | b'-') && alnum_at(text, end + 1) {
                    end += 1;
                    continue;
                }
                break;
            }
            let (d, w) = char_at(text, end);
            let inner = d == '\u{2019}' && alnum_at(text, end + w);
            if !(d.is_alphanumeric() || inner) {
                break;
            }
            *ascii = false;
            end += w;
        }
        end
    }

    /// The run of ASCII letters and digits from `end`, one byte at a time: the loop
    /// [`alnum_run`] unrolls.
    fn alnum_run_bytewise(bytes: &[u8], mut end: usize) -> usize {
        while end < bytes.len() && ALNUM_BYTE[usize::from(bytes[end])] {
            end += 1;
        }
        end
    }

    /// The gap skip as first written, one range get: the reference [`after_gap`] must agree with.
    fn after_gap_range(bytes: &[u8], end: usize) -> usize {
        match bytes.get(end..end + 2) {
            Some(&[b' ', n]) if matches!(BYTE_CLASS[usize::from(n)], PUNCT | ALNUM) => end + 1,
            _ => end,
        }
    }

    /// The two-get gap skip agrees with the range form at every offset (and one past the end).
    #[test]
    fn after_gap_cases() {
        for text in [
            "",
            " ",
            "a",
            " a",
            "a b",
            "a  b",
            "a \nb",
            "x .",
            "x \u{e9}",
            "x \u{a0}y",
            "x \t",
            "ab ",
        ] {
            let bytes = text.as_bytes();
            for end in 0..=bytes.len() + 1 {
                assert_eq!(
                    after_gap(bytes, end),
                    after_gap_range(bytes, end),
                    "{text:?} at {end}"
                );
            }
        }
    }

    /// The tokenizer gives the reference tokens on the seed articles.
    #[test]
    fn same_as_references_on_corpus() {
        let mut seen = 0;
        for text in crate::extract::seed_texts() {
            assert_eq!(tokenize(&text), tokenize_bytewise(&text));
            assert_eq!(tokenize(&text), tokenize_by_chars(&text));
            assert_eq!(tokenize(&text), tokenize_dispatch(&text));
            caps_agree(&text);
            seen += 1;
        }
        assert!(seen > 0, "no seed articles read");
    }

    /// The tokenizer as first written, one `char_indices` step at a time: the reference the
    /// byte-offset walk of [`tokenize`] must agree with.
    fn tokenize_by_chars(text: &str) -> Vec<Tok> {
        let mut out = Vec::new();
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c.is_whitespace() {
                let mut end = i + c.len_utf8();
                let mut newline = c == '\n';
                while let Some(&(j, d)) = chars.peek() {
                    if !d.is_whitespace() {
                        break;
                    }
                    newline |= d == '\n';
                    end = j + d.len_utf8();
                    chars.next();
                }
                if newline {
                    out.push(Tok {
                        from: i as u32,
                        to: end as u32,
                        kind: Kind::Break,
                        ascii: text[i..end].is_ascii(),
                        cap: false,
                    });
                }
            } else if c.is_alphanumeric() {
                let mut end = i + c.len_utf8();
                while let Some(&(j, d)) = chars.peek() {
                    let inner = matches!(d, '\'' | '\u{2019}' | '-')
                        && text[j + d.len_utf8()..]
                            .chars()
                            .next()
                            .is_some_and(char::is_alphanumeric);
                    if !(d.is_alphanumeric() || inner) {
                        break;
                    }
                    end = j + d.len_utf8();
                    chars.next();
                }
                out.push(Tok {
                    from: i as u32,
                    to: end as u32,
                    kind: Kind::Word,
                    ascii: text[i..end].is_ascii(),
                    cap: c.is_uppercase(),
                });
            } else {
                out.push(Tok {
                    from: i as u32,
                    to: (i + c.len_utf8()) as u32,
                    kind: Kind::Punct(c),
                    ascii: c.is_ascii(),
                    cap: false,
                });
            }
        }
        out
    }

    /// The byte table agrees with `char::is_whitespace` and `char::is_alphanumeric` on every
    /// ASCII char.
    #[test]
    fn ascii_class_table() {
        for b in 0u8..128 {
            let c = char::from(b);
            let expected = if c.is_whitespace() {
                SPACE
            } else if c.is_alphanumeric() {
                ALNUM
            } else {
                PUNCT
            };
            assert_eq!(ASCII_CLASS[usize::from(b)], expected, "byte {b}");
        }
        for b in 0..=255u8 {
            let expected = b.is_ascii() && char::from(b).is_alphanumeric();
            assert_eq!(ALNUM_BYTE[usize::from(b)], expected, "byte {b}");
        }
        for b in 0..=255u8 {
            let expected = if b.is_ascii() {
                ASCII_CLASS[usize::from(b)]
            } else {
                OTHER
            };
            assert_eq!(BYTE_CLASS[usize::from(b)], expected, "byte {b}");
        }
    }

    /// The unrolled run ends where the byte loop ends, from every start, on runs of every length
    /// around the unrolled step (and at the end of the text).
    #[test]
    fn alnum_run_cases() {
        for text in [
            "",
            "a",
            "ab",
            "abc",
            "abcd",
            "abcde",
            "abcdefgh",
            "abcdefghi",
            "abc def",
            "abcd-e",
            "ab\u{e9}cd",
            "Ronaldo's goal",
            "1234567890 x",
            "a b",
            " ",
            "x\n",
        ] {
            let bytes = text.as_bytes();
            for start in 0..=bytes.len() {
                assert_eq!(
                    alnum_run(bytes, start),
                    alnum_run_bytewise(bytes, start),
                    "{text:?} from {start}"
                );
            }
        }
    }

    /// Pieces that exercise every branch: ASCII and non-ASCII letters, digits, whitespace (with
    /// and without line breaks, ASCII and Unicode), inner and trailing apostrophes and hyphens.
    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-zA-Z0-9]{1,6}",
            "[ \t\n\r\x0B\x0C]{1,3}",
            "[\u{85}\u{A0}\u{2003}\u{2028}\u{3000}]",
            "['\u{2019}\u{2018}\\-\"\u{201C}\u{201D}.,:;!?()]",
            "[éÉšŠßøŁİı\u{0301}\u{00B2}\u{0663}\u{2160}\u{4E2D}]{1,3}",
            Just("O'Neill's".to_string()),
            Just("26-year-old".to_string()),
            Just("N\u{2019}Golo".to_string()),
            Just("Souness' ".to_string()),
            Just("\u{1F600}".to_string()),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// The byte-offset walk gives exactly the tokens of the char-by-char walk.
        #[test]
        fn same_as_char_walk(parts in proptest::collection::vec(piece(), 0..40)) {
            let text: String = parts.concat();
            prop_assert_eq!(tokenize(&text), tokenize_by_chars(&text));
        }

        /// Any string at all (not only the pieces above).
        #[test]
        fn same_as_char_walk_any(text in "(?s).{0,60}") {
            prop_assert_eq!(tokenize(&text), tokenize_by_chars(&text));
        }

        /// The fast paths give exactly the tokens of the byte walk they replaced.
        #[test]
        fn same_as_byte_walk(parts in proptest::collection::vec(piece(), 0..40)) {
            let text: String = parts.concat();
            prop_assert_eq!(tokenize(&text), tokenize_bytewise(&text));
        }

        /// The fast paths give exactly the tokens of the dispatch they replaced.
        #[test]
        fn same_as_dispatch(parts in proptest::collection::vec(piece(), 0..40)) {
            let text: String = parts.concat();
            prop_assert_eq!(tokenize(&text), tokenize_dispatch(&text));
        }

        /// Any string at all, against the dispatch.
        #[test]
        fn same_as_dispatch_any(text in "(?s).{0,60}") {
            prop_assert_eq!(tokenize(&text), tokenize_dispatch(&text));
        }

        /// The two-get gap skip against the range form, at any offset.
        #[test]
        fn after_gap_same_as_range(text in "[a-z .\n\t\u{e9}\u{a0}]{0,12}", end in 0usize..16) {
            let bytes = text.as_bytes();
            prop_assert_eq!(after_gap(bytes, end), after_gap_range(bytes, end));
        }

        /// The unrolled run against the byte loop, from any start.
        #[test]
        fn alnum_run_same_as_bytewise(text in "[a-zA-Z0-9 '\\-é]{0,24}", start in 0usize..26) {
            let bytes = text.as_bytes();
            let start = start.min(bytes.len());
            prop_assert_eq!(alnum_run(bytes, start), alnum_run_bytewise(bytes, start));
        }

        /// The capitalised tokens' list against their flags and the `next_cap` walk.
        #[test]
        fn caps_same_as_flags(parts in proptest::collection::vec(piece(), 0..40)) {
            caps_agree(&parts.concat());
        }

        /// Any string at all: the list against the flags.
        #[test]
        fn caps_same_as_flags_any(text in "(?s).{0,60}") {
            caps_agree(&text);
        }

        /// Any string at all, against the byte walk.
        #[test]
        fn same_as_byte_walk_any(text in "(?s).{0,60}") {
            prop_assert_eq!(tokenize(&text), tokenize_bytewise(&text));
        }
    }

    #[test]
    fn tokens() {
        let cases: &[(&str, &str, &[&str])] = &[
            (
                "words_and_punct",
                "He said: \"Yes.\"",
                &["He", "said", ":", "\"", "Yes", ".", "\""],
            ),
            (
                "inner_hyphen_apostrophe",
                "26-year-old O'Neill's",
                &["26-year-old", "O'Neill's"],
            ),
            (
                "trailing_apostrophe",
                "Souness' remarks",
                &["Souness", "'", "remarks"],
            ),
            ("break", "a\n\nb", &["a", "\\n", "b"]),
        ];
        for (name, text, expected) in cases {
            let got: Vec<&str> = tokenize(text)
                .iter()
                .map(|t| match t.kind {
                    Kind::Break => "\\n",
                    _ => &text[t.start()..t.end()],
                })
                .collect();
            assert_eq!(&got, expected, "case {name}");
        }
    }
}
