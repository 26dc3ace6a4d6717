//! Attribution: which pieces are direct speech and who said them.
//!
//! A quotation (a piece and the pieces that continue it) takes its speaker from, in order: the
//! clause before its opening mark (`Koulibaly said: "`, `- Chelsea manager Jose Mourinho: "`,
//! `Allegri described it as "`), the words after its closing mark (`," said Koulibaly.`,
//! `," the Dutchman said.`), or, with neither, the person the text was about just before it (the
//! last speaker, or the subject of the narrative sentence before it). A later piece with its own
//! attribution after its closing mark takes that one instead. A speaker phrase resolves to a
//! person mention when it holds one; a pronoun or a description (`the Juventus coach`, `the
//! Irishman`, `the 25-year-old`) resolves to the nearest person that fits (role, club,
//! nationality), then to the gazetteer's coach of that club; a name outside the gazetteers gives
//! `speaker: None` with the name as `speaker_span` and is remembered for later pronouns.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::borrow::Cow;
use std::cell::Cell;

use super::marks::{self, Link, Piece};
use super::tokens::{Kind, Tok};
use super::{ByteFilter, QuoteRules, RoleKind, WordSet};
use crate::extract::Context;
use crate::facts::{MatchKind, Mention, Quote, Span};
use crate::fold::fold;
use crate::gazetteer::EntityKind;

/// Direct speech shorter than this many words is a scare quote or a title, not a quote.
const MIN_WORDS: usize = 3;
/// How many words may precede the speech verb in an attribution after a quotation.
const MAX_SUBJECT_WORDS: usize = 6;
/// How many words after a closing mark are read for an attribution.
const TRAILING_WORDS: usize = 10;

/// A resolved speaker: the gazetteer person (if any) and the words naming them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Resolved {
    speaker: Option<u32>,
    span: Option<Span>,
}

/// A phrase naming a speaker (token range), and where to look back from to resolve pronouns.
#[derive(Debug, Clone, Copy)]
struct Attribution {
    lo: usize,
    hi: usize,
    pos: usize,
    /// The speaker is no person (`the club said`, `United's statement said:`).
    nobody: bool,
}

impl Attribution {
    fn new(lo: usize, hi: usize, pos: usize) -> Attribution {
        Attribution {
            lo,
            hi,
            pos,
            nobody: false,
        }
    }
}

/// A quote already attributed.
#[derive(Debug, Clone, Copy)]
struct Said {
    boundary: usize,
    who: Resolved,
}

/// A speaker not in the gazetteers, remembered so that later sentences can refer to them.
#[derive(Debug, Clone)]
#[cfg_attr(test, derive(PartialEq))]
struct Unknown {
    surname: String,
    span: Span,
}

/// Folded word forms mapped to values, with a [`ByteFilter`] over the forms: most words of a
/// document are no form, and the filter rejects an ASCII word from its lower-cased slice
/// without hashing it.
struct Forms<V> {
    map: HashMap<String, V>,
    filter: ByteFilter<16>,
}

impl<V> Forms<V> {
    fn new(entries: impl IntoIterator<Item = (String, V)>) -> Forms<V> {
        let map: HashMap<String, V> = entries.into_iter().collect();
        let mut filter = ByteFilter::default();
        for form in map.keys() {
            filter.insert(form.as_bytes());
        }
        Forms { map, filter }
    }

    /// The value of word `k`'s folded form: what `map.get(&a.folded(k))` gives (tested against
    /// it), answered `None` by the filter for most ASCII words.
    #[inline]
    fn get(&self, a: &Analyzer<'_>, k: usize) -> Option<&V> {
        let t = a.toks[k];
        if let (true, Some(lower)) = (t.ascii, a.lower.as_bytes().get(t.start()..t.end())) {
            if !self.filter.may_contain(lower) {
                return None;
            }
        }
        self.map.get(a.folded(k).as_ref())
    }
}

/// What a description says about its person.
#[derive(Debug, Clone, Copy, Default)]
struct Constraint<'r> {
    club: Option<usize>,
    kind: Option<RoleKind>,
    nationalities: &'r [String],
}

impl<'r> Constraint<'r> {
    /// This constraint, with what it leaves open taken from `fallback` (the outer one).
    fn or(self, fallback: Option<&Constraint<'r>>) -> Constraint<'r> {
        Constraint {
            club: self.club.or(fallback.and_then(|c| c.club)),
            kind: self.kind.or(fallback.and_then(|c| c.kind)),
            nationalities: if self.nationalities.is_empty() {
                fallback.map_or(&[], |c| c.nationalities)
            } else {
                self.nationalities
            },
        }
    }
}

/// Someone the text names: a gazetteer person or a name outside the gazetteers.
#[derive(Debug, Clone, Copy)]
enum Candidate {
    Person { entity: u32, span: Span },
    Ambiguous { span: Span },
    Unknown { span: Span },
}

/// Who a narrative sentence says speaks.
#[derive(Debug, Clone, Copy)]
enum Speaking {
    /// A pronoun: the sentence is about someone named before it.
    Pronoun,
    /// A person.
    Found(Resolved),
    /// No speech verb with a person before it.
    Nothing,
}

/// Where the opening mark of a quotation stands in its sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Position {
    /// At the start of a sentence or paragraph (after a bullet dash at most).
    Start,
    /// After a colon.
    Colon,
    /// Inside a sentence (a partial quote).
    Inline,
}

/// Attributes the quotes of one document.
pub(super) struct Analyzer<'a> {
    rules: &'a QuoteRules,
    ctx: &'a Context<'a>,
    text: &'a str,
    /// The text with ASCII letters lower-cased (same byte offsets): the folded form of every
    /// ASCII word.
    lower: String,
    toks: &'a [Tok],
    said: Vec<Said>,
    unknowns: Vec<Unknown>,
    /// Names outside the gazetteers introduced by a role noun (`England coach Ray Clemence`),
    /// found in one pass over the document.
    introduced: Vec<Unknown>,
    /// The words of the quotation being attributed: a pronoun does not resolve to someone they
    /// name.
    avoid: Option<(usize, usize)>,
    /// People named by their full name or an alias somewhere in the document.
    confirmed: HashSet<u32>,
    /// Surname mentions that follow another first name (`Brian Kerr` for `Mark Kerr`): the
    /// entity and the span naming the other person.
    others: Vec<(u32, Span)>,
    /// Person mentions that are a country's name before a role, by start offset.
    countries: HashSet<usize>,
    /// What [`Analyzer::other_first_name`] answered for each mention of `ctx.mentions` (same
    /// index), once asked: `None` until then, the token index after. The surname and fuzzy
    /// mentions with an entity are asked in [`Analyzer::new`], and again each time a quote's
    /// speaker or a narrative sentence names them; the ambiguous ones (whose dozens of
    /// candidates make [`Analyzer::is_own_first_name`] dear) when first met. Read through
    /// [`Analyzer::first_name_before`].
    first_names: Vec<Cell<Option<Option<u32>>>>,
}

impl<'a> Analyzer<'a> {
    /// An analyzer over a document's tokens; `caps` lists the capitalised ones' indexes, in
    /// order (as [`tokenize_caps_into`](super::tokens::tokenize_caps_into) gives them).
    pub(super) fn new(
        rules: &'a QuoteRules,
        ctx: &'a Context<'a>,
        toks: &'a [Tok],
        caps: &[u32],
    ) -> Self {
        let mut analyzer = Analyzer {
            rules,
            ctx,
            text: ctx.text,
            lower: ctx.text.to_ascii_lowercase(),
            toks,
            said: Vec::new(),
            unknowns: Vec::new(),
            introduced: Vec::new(),
            avoid: None,
            confirmed: HashSet::default(),
            others: Vec::new(),
            countries: HashSet::default(),
            first_names: vec![Cell::new(None); ctx.mentions.len()],
        };
        analyzer.countries = analyzer.country_mentions();
        let (introduced, full_names) = analyzer.scan_names(caps);
        analyzer.introduced = introduced;
        for m in ctx.mentions.iter().filter(|m| m.kind.is_person()) {
            let Some(entity) = m.entity else { continue };
            if matches!(m.match_kind, MatchKind::Exact | MatchKind::Alias) {
                analyzer.confirmed.insert(entity);
            } else if let Some(first) = analyzer.first_name_before(m) {
                let span = Span {
                    start: analyzer.toks[first].start(),
                    end: m.end,
                };
                analyzer.others.push((entity, span));
            }
        }
        analyzer.others.extend(full_names);
        analyzer
    }

    /// The surname forms of the document's surname and fuzzy person mentions (folded), each
    /// with its mention.
    fn surname_forms(&self) -> Forms<&'a Mention> {
        let mentions: &'a [Mention] = self.ctx.mentions;
        Forms::new(
            mentions
                .iter()
                .filter(|m| {
                    m.kind.is_person()
                        && m.entity.is_some()
                        && matches!(m.match_kind, MatchKind::Surname | MatchKind::Fuzzy)
                })
                .map(|m| (self.folded_range(m.start, m.end).into_owned(), m)),
        )
    }

    /// What [`Analyzer::introduced_names`] and [`Analyzer::unmatched_full_names`] give, in one
    /// pass that looks only at capitalised tokens.
    ///
    /// Both token-by-token scans act only near a capitalised word: a role noun at `k` is tried
    /// only when token `k + 1` or `k + 2` is capitalised, and an unmatched full name ends in a
    /// capitalised word. So this pass tests one flag a token, and at each capitalised token `c`
    /// tries the role nouns at `c - 2` and `c - 1` in order (each token once, and none that a
    /// name found before covers: `next` is where the token-by-token scan would stand), then the
    /// surname forms at `c`. Tested against the two scans (seed articles and proptests).
    ///
    /// The capitalised tokens come from `caps` (their indexes in order, listed by the tokenizer)
    /// rather than from a walk over every token's flag (`next_cap`).
    fn scan_names(&self, caps: &[u32]) -> (Vec<Unknown>, Vec<(u32, Span)>) {
        let forms = self.surname_forms();
        let forms = (!forms.map.is_empty()).then_some(&forms);
        let toks = self.toks;
        let mut introduced = Vec::new();
        let mut full_names = Vec::new();
        // The first token the role scan has not passed.
        let mut next = 0;
        for &c in caps {
            let c = c as usize;
            let mut k = next.max(c.saturating_sub(2));
            while k < c {
                next = k + 1;
                if toks[k].is_word() {
                    if let Some((q, name)) = self.introduced_at(k) {
                        introduced.extend(name);
                        next = q.max(k + 1);
                    }
                }
                k = next;
            }
            if let (Some(forms), true) = (forms, c > 0) {
                full_names.extend(self.full_name_at(forms, c));
            }
        }
        (introduced, full_names)
    }

    /// The role noun at word `k` and the name run after it, as in
    /// [`Analyzer::introduced_names`]: the token the scan goes on from, and the name outside the
    /// gazetteers when the run holds one.
    #[inline]
    fn introduced_at(&self, k: usize) -> Option<(usize, Option<Unknown>)> {
        let (n, _) = self.role_at(k, self.toks.len())?;
        let mut q = k + n;
        while q < self.toks.len()
            && self.is_name_word(q)
            && (!self.in_mention(q) || self.is_lone_surname(q))
            && self.text[self.toks[q - 1].end()..self.toks[q].start()]
                .chars()
                .all(|c| c == ' ')
        {
            q += 1;
        }
        let name = (q > k + n).then(|| {
            let t = self.toks[k];
            let span = Span {
                start: self.name_span(t.start(), t.end()).start,
                end: self.toks[q - 1].end(),
            };
            let surname = strip_possessive(&self.folded(q - 1)).to_string();
            Unknown { surname, span }
        });
        Some((q, name))
    }

    /// The full name ending at capitalised word `k` (`k > 0`) whose surname is one of `forms`
    /// after another first name, as in [`Analyzer::unmatched_full_names`].
    #[inline]
    fn full_name_at(&self, forms: &Forms<&Mention>, k: usize) -> Option<(u32, Span)> {
        let &m = forms.get(self, k)?;
        let (prev, t) = (self.toks[k - 1], self.toks[k]);
        let adjacent =
            prev.end() < t.start() && self.text[prev.end()..t.start()].chars().all(|c| c == ' ');
        let other = adjacent
            && self.is_name_word(k - 1)
            && !self.is_role_word(k - 1)
            && self.demonym_at(k - 1, k).is_none()
            && !self.in_mention(k - 1)
            && !self.in_mention(k)
            && !self.is_own_first_name(m, &self.folded(k - 1));
        let entity = m.entity.filter(|_| other)?;
        Some((
            entity,
            Span {
                start: prev.start(),
                end: t.end(),
            },
        ))
    }

    /// Surname forms of surname or fuzzy mentions that the document also writes after another
    /// first name where no mention was found (`Danny Jordaan` when `Jordaan` was matched to
    /// Stephen Jordan): the entity and the span of that other full name.
    ///
    /// The token-by-token scan [`Analyzer::scan_names`] replaced: its test reference.
    #[cfg(test)]
    fn unmatched_full_names(&self) -> Vec<(u32, Span)> {
        let forms = Forms::new(
            self.ctx
                .mentions
                .iter()
                .filter(|m| {
                    m.kind.is_person()
                        && m.entity.is_some()
                        && matches!(m.match_kind, MatchKind::Surname | MatchKind::Fuzzy)
                })
                .map(|m| (self.folded_range(m.start, m.end).into_owned(), m)),
        );
        if forms.map.is_empty() {
            return Vec::new();
        }
        let mut out = Vec::new();
        for k in 1..self.toks.len() {
            if !self.toks[k].is_word() || !self.is_capitalized(k) {
                continue;
            }
            let Some(&m) = forms.get(self, k) else {
                continue;
            };
            let (prev, t) = (self.toks[k - 1], self.toks[k]);
            let adjacent = prev.end() < t.start()
                && self.text[prev.end()..t.start()].chars().all(|c| c == ' ');
            let other = adjacent
                && self.is_name_word(k - 1)
                && !self.is_role_word(k - 1)
                && self.demonym_at(k - 1, k).is_none()
                && !self.in_mention(k - 1)
                && !self.in_mention(k)
                && !self.is_own_first_name(m, &self.folded(k - 1));
            if let (true, Some(entity)) = (other, m.entity) {
                out.push((
                    entity,
                    Span {
                        start: prev.start(),
                        end: t.end(),
                    },
                ));
            }
        }
        out
    }

    /// Every name outside the gazetteers that follows a role noun (`chief executive Peter
    /// Kenyon`, `England coach Ray Clemence`), in document order.
    ///
    /// The token-by-token scan [`Analyzer::scan_names`] replaced: its test reference.
    #[cfg(test)]
    fn introduced_names(&self) -> Vec<Unknown> {
        let mut out = Vec::new();
        let mut k = 0;
        while k < self.toks.len() {
            // A role is followed by a name: skip the lookup unless one of the next two tokens is
            // capitalised.
            // (Written out rather than as `(k + 1..(k + 3).min(len)).any(..)`: this runs at every
            // token of the document, and the range and its iterator cost more than the tests.)
            let toks = self.toks;
            let name_follows = toks[k].is_word()
                && (toks.get(k + 1).is_some_and(|t| t.cap)
                    || toks.get(k + 2).is_some_and(|t| t.cap));
            let role = if name_follows {
                self.role_at(k, self.toks.len())
            } else {
                None
            };
            let Some((n, _)) = role else {
                k += 1;
                continue;
            };
            let mut q = k + n;
            while q < self.toks.len()
                && self.is_name_word(q)
                && (!self.in_mention(q) || self.is_lone_surname(q))
                && self.text[self.toks[q - 1].end()..self.toks[q].start()]
                    .chars()
                    .all(|c| c == ' ')
            {
                q += 1;
            }
            if q > k + n {
                let t = self.toks[k];
                let span = Span {
                    start: self.name_span(t.start(), t.end()).start,
                    end: self.toks[q - 1].end(),
                };
                let surname = strip_possessive(&self.folded(q - 1)).to_string();
                out.push(Unknown { surname, span });
            }
            k = q.max(k + 1);
        }
        out
    }

    /// Attributes every quotation among `pieces` and returns the quotes kept.
    pub(super) fn run(mut self, pieces: &[Piece]) -> Vec<Quote> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < pieces.len() {
            let mut j = i + 1;
            while j < pieces.len() && pieces[j].link != Link::Fresh {
                j += 1;
            }
            self.quotation(&pieces[i..j], pieces.get(j).map(|p| p.open), &mut out);
            i = j;
        }
        out
    }

    /// One quotation: a fresh piece and the pieces continuing it.
    fn quotation(&mut self, group: &[Piece], after: Option<usize>, out: &mut Vec<Quote>) {
        let Some(first) = group.first() else {
            return;
        };
        let next_open = |k: usize| group.get(k + 1).map(|p| p.open).or(after);
        let (lo, hi) = self.lead_in(first);
        let has_words = (lo..hi).any(|k| self.toks[k].is_word());
        let position = if !has_words {
            Position::Start
        } else if hi > lo && self.toks[hi - 1].is(':') {
            Position::Colon
        } else {
            Position::Inline
        };
        let lead = if has_words {
            self.lead_in_attribution(lo, hi, position)
        } else {
            None
        };
        let trail = self
            .trailing(first, next_open(0))
            .or_else(|| self.passive_agent(first, lo, hi, position));
        // An unclosed piece may have swallowed narrative: only its first sentence counts.
        let avoid_end = match first.close {
            Some(_) => first.end,
            None => {
                let text = &self.text[first.start..first.end];
                text.find(". ").map_or(first.end, |i| first.start + i + 1)
            }
        };
        self.avoid = Some((first.start, avoid_end));
        if position == Position::Inline && lead.is_none() && trail.is_none() {
            return;
        }
        let group_who = match lead.or(trail) {
            Some(a) => self.resolve(a),
            None => match self.anaphor(first.open, None, 0) {
                Some(who) => who,
                // `"A. "B," said X.`: the attribution comes with a later piece.
                None => group
                    .iter()
                    .enumerate()
                    .skip(1)
                    .find_map(|(k, p)| self.trailing(p, next_open(k)))
                    .map(|a| self.resolve(a))
                    .unwrap_or_default(),
            },
        };
        for (k, piece) in group.iter().enumerate() {
            let who = if k == 0 {
                group_who
            } else {
                match self.trailing(piece, next_open(k)) {
                    Some(a) => self.resolve(a),
                    None => group_who,
                }
            };
            if !self.has_words(piece.start, piece.end, MIN_WORDS) {
                continue;
            }
            self.said.push(Said {
                boundary: piece.boundary(),
                who,
            });
            out.push(Quote {
                start: piece.start,
                end: piece.end,
                speaker: who.speaker,
                speaker_span: who.span,
            });
        }
    }

    // ----- token helpers -------------------------------------------------------------------

    /// The index of the first token starting at or after `offset`.
    fn tok_at(&self, offset: usize) -> usize {
        self.toks.partition_point(|t| t.start() < offset)
    }

    fn word(&self, k: usize) -> &'a str {
        let t = self.toks[k];
        &self.text[t.start()..t.end()]
    }

    /// The folded form of word `k`.
    ///
    /// Always inlined (it is called for nearly every word near a quotation): the fast path is a
    /// slice, and the rare non-ASCII word goes through the out-of-line [`Analyzer::folded_slow`].
    #[inline(always)]
    fn folded(&self, k: usize) -> Cow<'_, str> {
        let t = self.toks[k];
        // Fast path: `fold` lower-cases ASCII and changes nothing else, so an ASCII word's folded
        // form is its slice of the lower-cased text (the tokenizer says which tokens are ASCII);
        // this must agree with `fold`.
        match self.lower.get(t.start()..t.end()) {
            Some(lower) if t.ascii => Cow::Borrowed(lower),
            _ => self.folded_slow(k),
        }
    }

    /// `fold` of word `k`'s text: the slow path of [`Analyzer::folded`].
    #[cold]
    #[inline(never)]
    fn folded_slow(&self, k: usize) -> Cow<'_, str> {
        let t = self.toks[k];
        Cow::Owned(fold(&self.text[t.start()..t.end()]))
    }

    /// The folded form of the text between two offsets (char boundaries): `fold` of it, as a
    /// slice of the lower-cased text when it is ASCII (the fast path of [`Analyzer::folded`]).
    fn folded_range(&self, start: usize, end: usize) -> Cow<'_, str> {
        let s = &self.text[start..end];
        match self.lower.get(start..end) {
            Some(lower) if s.is_ascii() => Cow::Borrowed(lower),
            _ => Cow::Owned(fold(s)),
        }
    }

    /// Whether word `k`'s folded form is in `set` (what `set.contains(&self.folded(k))` says).
    /// Fast path: an ASCII word is looked up as its slice of the lower-cased text, with no
    /// folded form built. Always inlined (a quarter of a million calls on 1000 reports): the
    /// call itself cost about as much as the filter that answers most of them.
    #[inline(always)]
    fn in_set(&self, set: &WordSet, k: usize) -> bool {
        let t = self.toks[k];
        match self.lower.as_bytes().get(t.start()..t.end()) {
            Some(lower) if t.ascii => set.contains_bytes(lower),
            _ => set.contains(&self.folded(k)),
        }
    }

    /// Whether word `k` is a speech verb (lower case, or opening a sentence).
    ///
    /// Always inlined: it is asked at every word of the sentences an attribution looks through
    /// (about 50,000 calls on 1000 reports), and the filter answers most of them in a few
    /// instructions, fewer than the call.
    #[inline(always)]
    fn is_verb(&self, k: usize) -> bool {
        self.toks[k].is_word()
            && self.in_set(&self.rules.verbs, k)
            && (!self.is_capitalized(k) || self.is_sentence_initial(k))
    }

    #[inline]
    fn is_adverb(&self, k: usize) -> bool {
        self.toks[k].is_word() && self.in_set(&self.rules.adverbs, k)
    }

    /// Whether word `k` is `he` or `she` (folded).
    ///
    /// Fast path: an ASCII word is matched as its lower-cased bytes (a length test and a compare
    /// or two, where the folded `str` went through char-boundary checks and `memcmp`); another
    /// word is folded. Tested against the fold-and-match test (`is_pronoun_by_fold`).
    ///
    /// Always inlined: `candidates` asks it at every token of the sentences it reads (about
    /// 20,000 calls on 1000 reports), and the call cost about as much as the test.
    #[inline(always)]
    fn is_pronoun(&self, k: usize) -> bool {
        match self.ascii_lower(k) {
            Some(b) => matches!(b, b"he" | b"she"),
            None => self.toks[k].is_word() && matches!(self.folded(k).as_ref(), "he" | "she"),
        }
    }

    /// Whether word `k` is `the`, `a`, `an` or `to` (folded); like [`Analyzer::is_pronoun`],
    /// an ASCII word is matched as its lower-cased bytes (tested against `is_determiner_by_fold`).
    #[inline]
    fn is_determiner(&self, k: usize) -> bool {
        match self.ascii_lower(k) {
            Some(b) => matches!(b, b"the" | b"a" | b"an" | b"to"),
            None => {
                self.toks[k].is_word()
                    && matches!(self.folded(k).as_ref(), "the" | "a" | "an" | "to")
            }
        }
    }

    /// The lower-cased bytes of token `k` when it is an ASCII word: its folded form.
    #[inline(always)]
    fn ascii_lower(&self, k: usize) -> Option<&[u8]> {
        let t = self.toks[k];
        if t.ascii && t.is_word() {
            self.lower.as_bytes().get(t.start()..t.end())
        } else {
            None
        }
    }

    /// Whether token `k` is a word whose first char is upper case (the tokenizer's flag; its
    /// tests compare it with `char::is_uppercase` of the word's first char).
    #[inline]
    fn is_capitalized(&self, k: usize) -> bool {
        self.toks[k].cap
    }

    #[inline]
    fn is_common(&self, k: usize) -> bool {
        self.in_set(&self.rules.common, k)
    }

    /// Whether token `k` starts a sentence (or follows an opening mark or a dash there).
    fn is_sentence_initial(&self, k: usize) -> bool {
        let mut j = k;
        while j > 0 {
            let t = self.toks[j - 1];
            match t.kind {
                Kind::Punct('"' | '\u{201C}' | '(' | '-' | '\u{2013}' | '\u{2014}') => j -= 1,
                _ => return self.is_sentence_end(j - 1),
            }
        }
        true
    }

    /// Whether word `k` can be part of a name: capitalised, and not a common word opening a
    /// sentence (`But`, `The`); a capitalised common word inside a sentence is a name
    /// (`Kevin Corner`).
    ///
    /// The capital test is inlined into every caller (most words asked about are lower case);
    /// the rest stays out of line.
    #[inline(always)]
    fn is_name_word(&self, k: usize) -> bool {
        self.is_capitalized(k) && self.is_capitalized_name_word(k)
    }

    /// [`Analyzer::is_name_word`] of a capitalised word `k`.
    #[inline(never)]
    fn is_capitalized_name_word(&self, k: usize) -> bool {
        !self.is_common(k) || !self.is_sentence_initial(k)
    }

    /// Whether word `k` can be part of a phrase naming a person: a capitalised name word, a role
    /// noun, a nationality, an age (`26-year-old`), a name particle.
    fn is_phrase_word(&self, k: usize) -> bool {
        if !self.toks[k].is_word() {
            return false;
        }
        let f = self.folded(k);
        if self.rules.descriptor_words.contains(f.as_ref()) {
            return true;
        }
        if f.bytes().any(|b| b.is_ascii_digit()) {
            return true;
        }
        if self.is_name_word(k) {
            return true;
        }
        if self.is_capitalized(k) || self.is_pronoun(k) || self.is_verb(k) {
            return false;
        }
        // A name particle, or a modifier before a role noun (`club president`).
        self.rules.particles.contains(f.as_ref()) || self.role_at(k + 1, self.toks.len()).is_some()
    }

    /// Whether token `k` ends a sentence.
    ///
    /// The token's kind is tested inline at every call (the backward scans for a sentence's
    /// start ask at every token, and most are words); a full stop is looked at out of line.
    #[inline(always)]
    fn is_sentence_end(&self, k: usize) -> bool {
        match self.toks[k].kind {
            Kind::Break => true,
            Kind::Punct('?' | '!') => true,
            Kind::Punct('.') => self.is_full_stop(k),
            _ => false,
        }
    }

    /// Whether the `.` at token `k` ends a sentence (not an initial's or an abbreviation's).
    #[inline(never)]
    fn is_full_stop(&self, k: usize) -> bool {
        let t = self.toks[k];
        match t.kind {
            Kind::Punct('.') => {
                let Some(next) = self.toks.get(k + 1) else {
                    return true;
                };
                let spaced = next.start() > t.end();
                let followed = spaced
                    || next.kind == Kind::Break
                    || matches!(next.kind, Kind::Punct('"' | '\u{201C}' | '\u{201D}'))
                    || (next.is_word() && self.is_capitalized(k + 1));
                if !followed {
                    return false;
                }
                // Initials and abbreviations (`R. Styles`, `Mr. Smith`) do not end a sentence.
                if k > 0 && self.toks[k - 1].is_word() && self.toks[k - 1].end() == t.start() {
                    let w = self.word(k - 1);
                    let initial = more_chars_than(w, 0)
                        && !more_chars_than(w, 1)
                        && self.is_capitalized(k - 1);
                    if initial || matches!(w, "Mr" | "Mrs" | "Ms" | "Dr" | "St" | "Jr" | "Sr") {
                        return false;
                    }
                }
                true
            }
            _ => false,
        }
    }

    /// Whether at least `n` word tokens start between two offsets: whether `word_count` of the
    /// range is `n` or more (tested against it), found by walking forward from the first token
    /// and stopping at the `n`th word, without a second binary search for the end's token or a
    /// count of every word of a long quote.
    fn has_words(&self, start: usize, end: usize, n: usize) -> bool {
        if n == 0 {
            return true;
        }
        let mut found = 0;
        for t in self.toks[self.tok_at(start)..]
            .iter()
            .take_while(|t| t.start() < end)
        {
            if t.is_word() {
                found += 1;
                if found == n {
                    return true;
                }
            }
        }
        false
    }

    /// The number of word tokens starting between two offsets: the count
    /// [`Analyzer::has_words`] replaced (its test reference).
    #[cfg(test)]
    fn word_count(&self, start: usize, end: usize) -> usize {
        let (a, b) = (self.tok_at(start), self.tok_at(end));
        (a..b).filter(|&k| self.toks[k].is_word()).count()
    }

    /// The person mentions overlapping a byte range.
    fn persons_in(&self, start: usize, end: usize) -> impl Iterator<Item = &'a Mention> + '_ {
        let mentions = self.ctx.mentions;
        let a = mentions.partition_point(|m| m.end <= start);
        mentions[a..]
            .iter()
            .take_while(move |m| m.start < end)
            .filter(|m| m.kind.is_person() && !self.countries.contains(&m.start))
    }

    /// Person mentions that are a country before a role (`the former Scotland international`,
    /// `Scotland manager Walter Smith`), by start offset.
    fn country_mentions(&self) -> HashSet<usize> {
        self.ctx
            .mentions
            .iter()
            .filter(|m| m.kind.is_person() && self.is_country_before_role(m))
            .map(|m| m.start)
            .collect()
    }

    /// Whether a person mention is a country's name (folded) and a role noun follows it: the
    /// test of [`Analyzer::country_mentions`].
    ///
    /// Both halves are pure, so their order does not change the answer; it only changes the
    /// cost. An ASCII mention is first looked up in the country set (its filter rejects most
    /// names from the lower-cased slice); a non-ASCII one would have to be folded (allocated)
    /// first, so the role noun after it is looked for first, and most such mentions never fold.
    /// Tested against the reference test in that order for every mention (`country_mentions_by_fold`).
    fn is_country_before_role(&self, m: &Mention) -> bool {
        let is_country = || {
            self.rules
                .countries
                .contains(self.folded_range(m.start, m.end).as_ref())
        };
        let role_follows = || {
            let k = self.tok_at(m.end);
            k < self.toks.len() && self.role_at(k, self.toks.len()).is_some()
        };
        let ascii = self
            .text
            .as_bytes()
            .get(m.start..m.end)
            .is_some_and(<[u8]>::is_ascii);
        if ascii {
            // The folded form of ASCII text is its lower-cased bytes: looked up as they are (no
            // second ASCII scan and no char-boundary checks in `folded_range`).
            let lower = self.lower.as_bytes().get(m.start..m.end);
            return lower.is_some_and(|b| self.rules.countries.contains_bytes(b)) && role_follows();
        }
        // Not ASCII: the role first, the fold only when one follows.
        role_follows() && is_country()
    }

    /// [`Analyzer::country_mentions`] as first written (every person mention folded and looked
    /// up, then the role after it): the test reference.
    #[cfg(test)]
    fn country_mentions_by_fold(&self) -> HashSet<usize> {
        self.ctx
            .mentions
            .iter()
            .filter(|m| {
                m.kind.is_person()
                    && self
                        .rules
                        .countries
                        .contains(self.folded_range(m.start, m.end).as_ref())
            })
            .filter(|m| {
                let k = self.tok_at(m.end);
                k < self.toks.len() && self.role_at(k, self.toks.len()).is_some()
            })
            .map(|m| m.start)
            .collect()
    }

    fn club_in(&self, start: usize, end: usize) -> Option<usize> {
        self.ctx
            .mentions_in(start, end)
            .iter()
            .filter(|m| m.kind == EntityKind::Club && m.end <= end)
            .filter_map(|m| m.entity)
            .next_back()
            .map(|e| e as usize)
    }

    // ----- where attributions are ----------------------------------------------------------

    /// The tokens of the sentence before a quotation's opening mark, up to it.
    fn lead_in(&self, piece: &Piece) -> (usize, usize) {
        let mut lo = piece.para_start;
        if let Some(s) = self.said.last() {
            if s.boundary <= piece.open {
                lo = lo.max(s.boundary);
            }
        }
        let (a, b) = (self.tok_at(lo), self.tok_at(piece.open));
        let start = (a..b)
            .rev()
            .find(|&k| self.is_sentence_end(k))
            .map_or(a, |k| k + 1);
        (start, b)
    }

    /// The attribution in the clause before an opening mark.
    fn lead_in_attribution(&self, lo: usize, hi: usize, position: Position) -> Option<Attribution> {
        let pos = self.toks[lo].start();
        let verb = (lo..hi).rev().find(|&k| self.is_verb(k));
        let Some(v) = verb else {
            if position != Position::Colon {
                return None;
            }
            let (p, q) = self.phrase_before(lo, hi - 1)?;
            return Some(Attribution::new(p, q, pos));
        };
        if self.is_passive(v) {
            // `X was hailed as "..." by Y`: the speaker is the agent, after the quote.
            return None;
        }
        if let Some((p, q)) = self.phrase_before(lo, v) {
            return Some(Attribution::new(p, q, pos));
        }
        if let Some((p, q)) = self.phrase_after(v, hi) {
            let according = self.folded(v) == "according";
            if according || (q < hi && self.toks[q].is(':')) {
                return Some(Attribution::new(p, q, pos));
            }
        }
        if let Some((p, q)) = self.first_person_like(lo, v) {
            return Some(Attribution::new(p, q, pos));
        }
        if position == Position::Inline {
            // A partial quote belongs to a named speaker, or to nobody.
            return None;
        }
        if let Some((p, q)) = self.opening_phrase(lo, v) {
            return Some(Attribution::new(p, q, pos));
        }
        // `United's statement to the stock exchange said: "...`: a speaker who is no person.
        (position == Position::Colon).then(|| {
            let start = (lo..v)
                .rev()
                .find(|&k| self.toks[k].is(','))
                .map_or(lo, |k| k + 1);
            Attribution {
                nobody: true,
                ..Attribution::new(start, v, pos)
            }
        })
    }

    /// The word tokens from token `k` on that start before `limit`, at most [`TRAILING_WORDS`]:
    /// apostrophes are stepped over, any other token ends them. An array and a count rather than
    /// a `Vec` (no allocation for each closing mark); tested against the `Vec` loop it replaced
    /// (`words_from_by_vec`) at every token of the seed articles and cases.
    fn words_from(&self, mut k: usize, limit: usize) -> ([usize; TRAILING_WORDS], usize) {
        let mut words = [0; TRAILING_WORDS];
        let mut n = 0;
        while k < self.toks.len() && self.toks[k].start() < limit && n < TRAILING_WORDS {
            let t = self.toks[k];
            if t.is_word() {
                words[n] = k;
                n += 1;
            } else if !(t.is('\'') || t.is('\u{2019}')) {
                break;
            }
            k += 1;
        }
        (words, n)
    }

    /// The attribution right after a piece's closing mark (`," said Koulibaly.`).
    fn trailing(&self, piece: &Piece, next_open: Option<usize>) -> Option<Attribution> {
        let close = piece.close?;
        let limit = next_open.unwrap_or(self.text.len()).min(piece.para_end);
        let mut k = self.tok_at(close);
        while k < self.toks.len()
            && matches!(
                self.toks[k].kind,
                Kind::Punct(',' | '-' | '\u{2013}' | '\u{2014}')
            )
        {
            k += 1;
        }
        let first = k;
        let (words, n) = self.words_from(k, limit);
        let words = &words[..n];
        let &w0 = words.first()?;
        if w0 != first {
            return None;
        }
        let v = words
            .iter()
            .take(MAX_SUBJECT_WORDS + 1)
            .position(|&w| self.is_verb(w))?;
        let verb = words[v];
        if self.toks.get(verb + 1).is_some_and(|t| t.is(':')) {
            return None;
        }
        let quoted = &self.text[piece.start..piece.end];
        if marks::ends_sentence(quoted) && !quoted.ends_with('?') && self.is_capitalized(w0) {
            // `"...game." Wenger said the ...` starts a new sentence; only `Wenger said.` is an
            // attribution.
            let last = self
                .toks
                .get(verb + 1)
                .is_none_or(|t| !t.is_word() || t.start() >= limit);
            if !last {
                return None;
            }
        }
        let pos = piece.open;
        if v == 0 {
            let (p, q) = self.phrase_after(verb, limit_tok(self, limit))?;
            return Some(Attribution::new(p, q, pos));
        }
        if let Some((p, q)) = self.phrase_before(w0, verb) {
            if p == w0 || (p == w0 + 1 && self.is_determiner(w0)) {
                return Some(Attribution::new(p, q, pos));
            }
            return None;
        }
        // `," the club said.`: a speaker who is no person.
        let plain = (w0 + 1..verb)
            .all(|k| self.toks[k].is_word() && !self.is_capitalized(k) && !self.is_pronoun(k));
        (self.is_determiner(w0) && v <= 3 && plain).then_some(Attribution {
            nobody: true,
            ..Attribution::new(w0, verb, pos)
        })
    }

    /// The agent of a passive speech verb after a partial quote: `was hailed as the "bargain of
    /// the century" by Ferguson`.
    fn passive_agent(
        &self,
        piece: &Piece,
        lo: usize,
        hi: usize,
        position: Position,
    ) -> Option<Attribution> {
        if position != Position::Inline {
            return None;
        }
        let passive = (lo..hi).any(|v| self.is_verb(v) && v > lo && self.is_passive(v));
        let close = piece.close?;
        let k = self.tok_at(close);
        let by = self.toks.get(k).is_some_and(|t| t.is_word()) && self.folded(k) == "by";
        if !(passive && by) {
            return None;
        }
        let mut q = k + 1;
        while q < self.toks.len() && self.is_phrase_word(q) {
            q += 1;
        }
        (q > k + 1 && self.is_valid_phrase(k + 1, q))
            .then(|| Attribution::new(k + 1, q, piece.open))
    }

    /// Whether the speech verb at `v` is passive (`was hailed`, `been described`).
    fn is_passive(&self, v: usize) -> bool {
        v > 0
            && self.toks[v - 1].is_word()
            && matches!(
                self.folded(v - 1).as_ref(),
                "was" | "were" | "is" | "are" | "been" | "being" | "be"
            )
    }

    /// The phrase naming a speaker that ends just before token `v` (adverbs and auxiliaries
    /// skipped): a pronoun, or a run of name words.
    fn phrase_before(&self, lo: usize, v: usize) -> Option<(usize, usize)> {
        let mut j = v;
        while j > lo && self.is_adverb(j - 1) && !self.is_phrase_word(j - 1) {
            j -= 1;
        }
        if j > lo && self.is_pronoun(j - 1) {
            return Some((j - 1, j));
        }
        let mut p = j;
        while p > lo {
            let t = self.toks[p - 1];
            let apostrophe = (t.is('\'') || t.is('\u{2019}'))
                && p - 1 > lo
                && self.toks[p - 2].is_word()
                && p < j;
            if self.is_phrase_word(p - 1) || apostrophe {
                p -= 1;
            } else {
                break;
            }
        }
        while p < j && !self.toks[p].is_word() {
            p += 1;
        }
        (p < j && self.is_valid_phrase(p, j)).then_some((p, j))
    }

    /// The phrase naming a speaker that starts just after the verb at `v` (`said the Juventus
    /// coach`, `added Koulibaly`, `said he`), up to token `hi`.
    fn phrase_after(&self, v: usize, hi: usize) -> Option<(usize, usize)> {
        let mut p = v + 1;
        while p < hi && self.is_determiner(p) {
            p += 1;
        }
        if p < hi && self.is_pronoun(p) {
            return Some((p, p + 1));
        }
        let mut q = p;
        while q < hi && self.is_phrase_word(q) {
            q += 1;
        }
        (q > p && self.is_valid_phrase(p, q)).then_some((p, q))
    }

    /// Whether a run of phrase words names someone.
    fn is_valid_phrase(&self, p: usize, q: usize) -> bool {
        let (s, e) = (self.toks[p].start(), self.toks[q - 1].end());
        if self.persons_in(s, e).next().is_some() {
            return true;
        }
        (p..q).any(|k| {
            self.toks[k].is_word()
                && (self
                    .rules
                    .descriptor_words
                    .contains(self.folded(k).as_ref())
                    || self.is_name_word(k)
                    || self.word(k).bytes().any(|b| b.is_ascii_digit()))
        })
    }

    /// The phrase opening a clause, when it names someone: `The Chelsea boss, who has until 14
    /// February to respond, said:`, `Redknapp, 57, quit ... and vowed:`.
    fn opening_phrase(&self, lo: usize, hi: usize) -> Option<(usize, usize)> {
        let mut p = lo;
        while p < hi
            && (!self.toks[p].is_word()
                || self.is_determiner(p)
                || (self.is_common(p) && !self.is_phrase_word(p)))
        {
            p += 1;
        }
        let mut q = p;
        while q < hi && self.is_phrase_word(q) {
            q += 1;
        }
        if q == p || !self.is_valid_phrase(p, q) {
            return None;
        }
        let described = (p..q).any(|k| self.is_role_word(k) || self.demonym_at(k, q).is_some());
        let followed = q < hi && (self.toks[q].is(',') || self.is_verb(q) || self.is_adverb(q));
        (described || followed).then_some((p, q))
    }

    /// The first person mention or pronoun in a token range, as a phrase.
    fn first_person_like(&self, lo: usize, hi: usize) -> Option<(usize, usize)> {
        if lo >= hi {
            return None;
        }
        let (s, e) = (self.toks[lo].start(), self.toks[hi - 1].end());
        let mention = self.persons_in(s, e).next();
        let pronoun = (lo..hi).find(|&k| self.is_pronoun(k));
        match (mention, pronoun) {
            (Some(m), Some(k)) if self.toks[k].start() < m.start => Some((k, k + 1)),
            (Some(m), _) => {
                let p = self.tok_at(m.start).min(hi);
                let q = self.tok_at(m.end).max(p + 1);
                Some((p, q))
            }
            (None, Some(k)) => Some((k, k + 1)),
            (None, None) => None,
        }
    }

    // ----- resolution ----------------------------------------------------------------------

    /// Resolves an attribution phrase to a speaker.
    fn resolve(&mut self, a: Attribution) -> Resolved {
        if a.hi <= a.lo || a.hi > self.toks.len() {
            return Resolved::default();
        }
        let (s, e) = (self.toks[a.lo].start(), self.toks[a.hi - 1].end());
        if a.nobody {
            return Resolved {
                speaker: None,
                span: (a.hi > a.lo).then_some(Span { start: s, end: e }),
            };
        }
        if a.hi - a.lo == 1 && self.is_pronoun(a.lo) {
            return self.anaphor(a.pos, None, 0).unwrap_or_default();
        }
        let constraint = self.constraint(a.lo, a.hi);
        if let Some(m) = self.persons_in(s, e).last() {
            if let Some(span) = self.someone_else(m) {
                self.remember_unknown(span);
                return Resolved {
                    speaker: None,
                    span: Some(span),
                };
            }
            let span = self.name_span(m.start, m.end);
            if m.entity
                .is_some_and(|e| !self.kind_fits(e, constraint.kind))
            {
                // `Celtic manager O'Neill` matched to a player: someone else.
                self.remember_unknown(span);
                return Resolved {
                    speaker: None,
                    span: Some(span),
                };
            }
            let speaker = m.entity.or_else(|| self.pick(&m.candidates, &constraint));
            return Resolved {
                speaker,
                span: Some(span),
            };
        }
        if let Some(span) = self.unknown_name(a.lo, a.hi) {
            self.remember_unknown(span);
            return Resolved {
                speaker: None,
                span: Some(span),
            };
        }
        let described = constraint.kind.is_some()
            || !constraint.nationalities.is_empty()
            || (a.lo..a.hi).any(|k| self.word(k).bytes().any(|b| b.is_ascii_digit()));
        if !described {
            // A club or an organisation speaking.
            return Resolved {
                speaker: None,
                span: Some(Span { start: s, end: e }),
            };
        }
        if constraint.kind == Some(RoleKind::Other) {
            // `a club spokesman confirmed`: someone the gazetteers do not hold.
            return Resolved {
                speaker: None,
                span: Some(Span { start: s, end: e }),
            };
        }
        if let Some(r) = self.anaphor(a.pos, Some(&constraint), 0) {
            return r;
        }
        if let (Some(club), Some(kind)) = (constraint.club, constraint.kind) {
            if let Some(entity) = self.gazetteer_person(club, kind) {
                return Resolved {
                    speaker: Some(entity),
                    span: Some(Span { start: s, end: e }),
                };
            }
        }
        Resolved {
            speaker: None,
            span: (constraint.kind == Some(RoleKind::Other)).then_some(Span { start: s, end: e }),
        }
    }

    /// What a description says: club, role and nationality.
    fn constraint(&self, lo: usize, hi: usize) -> Constraint<'a> {
        let mut c = Constraint {
            club: self.club_in(self.toks[lo].start(), self.toks[hi - 1].end()),
            ..Constraint::default()
        };
        let mut k = lo;
        while k < hi {
            if let Some((n, kind)) = self.role_at(k, hi) {
                c.kind = Some(kind);
                k += n;
            } else if let Some((n, nats)) = self.demonym_at(k, hi) {
                c.nationalities = nats;
                k += n;
            } else {
                k += 1;
            }
        }
        c
    }

    /// A name outside the gazetteers in a speaker phrase: capitalised words after the last role
    /// noun that are not clubs, stadiums, nationalities or common words. Returns the span from
    /// the phrase's first descriptive word to the name's end.
    fn unknown_name(&self, lo: usize, hi: usize) -> Option<Span> {
        let mut last_role_end = lo;
        let mut k = lo;
        while k < hi {
            if let Some((n, _)) = self.role_at(k, hi) {
                last_role_end = k + n;
                k += n;
            } else {
                k += 1;
            }
        }
        let entity_mentions = self
            .ctx
            .mentions_in(self.toks[lo].start(), self.toks[hi - 1].end());
        let name_words: Vec<usize> = (last_role_end..hi)
            .filter(|&k| {
                let t = self.toks[k];
                self.is_name_word(k)
                    && self.demonym_at(k, k + 1).is_none()
                    && !entity_mentions
                        .iter()
                        .any(|m| m.start < t.end() && t.start() < m.end)
            })
            .collect();
        let &last = name_words.last()?;
        let first = (lo..=last)
            .find(|&k| self.is_name_word(k) || self.is_role_word(k))
            .unwrap_or(last);
        Some(Span {
            start: self.toks[first].start(),
            end: self.toks[last].end(),
        })
    }

    fn is_role_word(&self, k: usize) -> bool {
        self.role_at(k, k + 1).is_some()
    }

    fn remember_unknown(&mut self, span: Span) {
        let name = &self.text[span.start..span.end];
        if let Some(surname) = name.split_whitespace().last() {
            let surname = fold(surname.trim_end_matches(|c: char| !c.is_alphanumeric()));
            if !surname.is_empty() {
                self.unknowns.push(Unknown { surname, span });
            }
        }
    }

    /// The words naming a person around a mention: the mention with the name words, clubs and
    /// role nouns just before it (`Tottenham manager Martin Jol`).
    fn name_span(&self, start: usize, end: usize) -> Span {
        let mut p = self.tok_at(start);
        while p > 0 {
            let k = p - 1;
            let t = self.toks[k];
            let adjacent = self.text[t.end()..self.toks[p].start()]
                .chars()
                .all(|c| c == ' ');
            let ok = t.is_word()
                && adjacent
                && !self.word(k).bytes().any(|b| b.is_ascii_digit())
                && (self.is_role_word(k) || self.is_name_word(k));
            if !ok {
                break;
            }
            p -= 1;
        }
        Span {
            start: self.toks.get(p).map_or(start, |t| t.start().min(start)),
            end,
        }
    }

    /// The person a pronoun or a description at `pos` refers to: the subject of the narrative
    /// sentences since the last quote, else the last speaker; with a description, the nearest
    /// earlier speaker or person that fits it.
    fn anaphor(&self, pos: usize, c: Option<&Constraint<'_>>, depth: usize) -> Option<Resolved> {
        let prev = self.said.iter().rposition(|s| s.boundary <= pos);
        let lo = prev.map_or(0, |i| self.said[i].boundary);
        let (a, b) = (self.tok_at(lo), self.tok_at(pos));
        let mut end = b;
        while end > a {
            let start = (a..end - 1)
                .rev()
                .find(|&k| self.is_sentence_end(k))
                .map_or(a, |k| k + 1);
            if let Some(r) = self.subject(start, end, c, depth) {
                return Some(r);
            }
            if start <= a {
                break;
            }
            end = start - 1;
        }
        if let Some(i) = prev {
            let who = self.said[i].who;
            if self.resolved_fits(who, c) {
                return Some(who);
            }
        }
        let c = c?;
        for s in self.said.iter().rev() {
            if s.who.speaker.is_some() && self.resolved_fits(s.who, Some(c)) {
                return Some(s.who);
            }
        }
        let before = self.ctx.mentions_in(0, pos);
        // The name's span is made only for a person who fits: the scan may go back over every
        // earlier mention of a long document.
        before.iter().rev().find_map(|m| {
            let entity = m
                .entity
                .filter(|&e| m.kind.is_person() && self.fits(e, c))?;
            let who = Resolved {
                speaker: Some(entity),
                span: Some(self.name_span(m.start, m.end)),
            };
            (!self.named_in_quote(who)).then_some(who)
        })
    }

    /// The person a narrative sentence is about: its first person (possessives last: in
    /// `Bridge's injury means Mourinho ...` it is Mourinho), unless a pronoun comes first; with a
    /// description, its first person that fits.
    fn subject(
        &self,
        lo: usize,
        hi: usize,
        c: Option<&Constraint<'_>>,
        depth: usize,
    ) -> Option<Resolved> {
        if lo >= hi {
            return None;
        }
        match self.speaking_subject(lo, hi, c, depth) {
            Speaking::Pronoun => return None,
            Speaking::Found(who) => return Some(who),
            Speaking::Nothing => {}
        }
        if let Some((p, q)) = self.descriptive_subject(lo, hi) {
            // `But the 25-year-old Dubliner underlined ...`: the person described, named before.
            if depth >= 2 {
                return None;
            }
            let d = self.constraint(p, q);
            let merged = d.or(c);
            let constrained =
                merged.kind.is_some() || merged.club.is_some() || !merged.nationalities.is_empty();
            let who = self.anaphor(
                self.toks[lo].start(),
                constrained.then_some(&merged),
                depth + 1,
            )?;
            return self.resolved_fits(who, c).then_some(who);
        }
        let found = self.candidates(lo, hi);
        for possessive in [false, true] {
            for &(cand, is_possessive) in &found {
                if is_possessive != possessive {
                    continue;
                }
                let who = match cand {
                    Candidate::Person { entity, span } => {
                        c.is_none_or(|c| self.fits(entity, c)).then_some(Resolved {
                            speaker: Some(entity),
                            span: Some(span),
                        })
                    }
                    Candidate::Ambiguous { span } => c.is_none().then_some(Resolved {
                        speaker: None,
                        span: Some(span),
                    }),
                    Candidate::Unknown { span } => c.is_none_or(unknown_fits).then_some(Resolved {
                        speaker: None,
                        span: Some(span),
                    }),
                };
                if who.is_some_and(|w| !self.named_in_quote(w)) {
                    return who;
                }
            }
        }
        None
    }

    /// A sentence opening with a description of a person (`The Scot`, `But the 25-year-old
    /// Dubliner`, `The former Chelsea captain`): its phrase.
    fn descriptive_subject(&self, lo: usize, hi: usize) -> Option<(usize, usize)> {
        let mut p = lo;
        while p < hi
            && (!self.toks[p].is_word()
                || (self.is_common(p) && !self.is_determiner(p) && !self.is_phrase_word(p)))
        {
            p += 1;
        }
        if p >= hi || !self.is_determiner(p) || self.folded(p) != "the" {
            return None;
        }
        let mut q = p + 1;
        while q < hi
            && (self.is_phrase_word(q) || matches!(self.folded(q).as_ref(), "former" | "ex"))
        {
            q += 1;
        }
        let (s, e) = (self.toks[p].start(), self.toks[q.max(p + 1) - 1].end());
        let described = (p + 1..q).any(|k| {
            self.is_role_word(k)
                || self.demonym_at(k, q).is_some()
                || self.word(k).bytes().any(|b| b.is_ascii_digit())
        });
        (described && self.persons_in(s, e).next().is_none()).then_some((p + 1, q))
    }

    /// Who speaks in a narrative sentence (`Shearer said he was unsure`, `the Scot admitted`):
    /// the speaker phrase of its first speech verb that names a person.
    fn speaking_subject(
        &self,
        lo: usize,
        hi: usize,
        c: Option<&Constraint<'_>>,
        depth: usize,
    ) -> Speaking {
        for v in lo..hi {
            if !self.is_verb(v) {
                continue;
            }
            let Some((p, q)) = self.phrase_before(lo, v) else {
                continue;
            };
            if q - p == 1 && self.is_pronoun(p) {
                return Speaking::Pronoun;
            }
            let (s, e) = (self.toks[p].start(), self.toks[q - 1].end());
            if let Some(m) = self.persons_in(s, e).last() {
                let who = match self.mention_candidate(m) {
                    Candidate::Person { entity, span } => Resolved {
                        speaker: Some(entity),
                        span: Some(span),
                    },
                    Candidate::Ambiguous { span } | Candidate::Unknown { span } => Resolved {
                        speaker: None,
                        span: Some(span),
                    },
                };
                if self.resolved_fits(who, c) {
                    return Speaking::Found(who);
                }
                continue;
            }
            if let Some(span) = self.unknown_name(p, q) {
                if c.is_none_or(unknown_fits) {
                    return Speaking::Found(Resolved {
                        speaker: None,
                        span: Some(span),
                    });
                }
                continue;
            }
            let d = self.constraint(p, q);
            if d.kind == Some(RoleKind::Other) {
                if c.is_none_or(unknown_fits) {
                    return Speaking::Found(Resolved {
                        speaker: None,
                        span: Some(Span { start: s, end: e }),
                    });
                }
                continue;
            }
            if depth >= 2 || (d.kind.is_none() && d.nationalities.is_empty()) {
                continue;
            }
            // A description (`the Scot admitted`): a person of this sentence that fits it, else
            // the nearest one before.
            let merged = d.or(c);
            let here = self.candidates(lo, hi).into_iter().find_map(|(cand, _)| {
                if let Candidate::Person { entity, span } = cand {
                    self.fits(entity, &merged).then_some(Resolved {
                        speaker: Some(entity),
                        span: Some(span),
                    })
                } else {
                    None
                }
            });
            let who = here
                .or_else(|| self.anaphor(self.toks[lo].start(), Some(&merged), depth + 1))
                .or_else(|| {
                    let club = merged.club?;
                    let kind = merged.kind?;
                    self.gazetteer_person(club, kind).map(|entity| Resolved {
                        speaker: Some(entity),
                        span: Some(Span { start: s, end: e }),
                    })
                });
            match who {
                Some(who) if self.resolved_fits(who, c) => return Speaking::Found(who),
                Some(_) => {}
                // `The Brazilian confirmed ...` about someone the gazetteers do not hold.
                None if c.is_none() => {
                    return Speaking::Found(Resolved {
                        speaker: None,
                        span: Some(Span { start: s, end: e }),
                    })
                }
                None => {}
            }
        }
        Speaking::Nothing
    }

    /// What a mention names: a gazetteer person, an ambiguous name, or, for a surname after
    /// another first name, someone outside the gazetteers.
    fn mention_candidate(&self, m: &Mention) -> Candidate {
        let span = self.name_span(m.start, m.end);
        if let Some(span) = self.someone_else(m) {
            return Candidate::Unknown { span };
        }
        match m.entity {
            Some(entity) => Candidate::Person { entity, span },
            None => Candidate::Ambiguous { span },
        }
    }

    /// The people a narrative sentence names before any subject pronoun, in order, each with
    /// whether it is a possessive (`Bridge's injury`). Besides gazetteer mentions: names outside
    /// the gazetteers after a role noun (`chief executive Peter Kenyon`), before a speech verb
    /// (`Shearer said`), or remembered from an earlier attribution.
    fn candidates(&self, lo: usize, hi: usize) -> Vec<(Candidate, bool)> {
        let (s, e) = (self.toks[lo].start(), self.toks[hi - 1].end());
        let mut out = Vec::new();
        let mut mentions = self.persons_in(s, e).peekable();
        let mut k = lo;
        while k < hi {
            let t = self.toks[k];
            if let Some(m) = mentions.peek().copied() {
                if m.start < t.end() {
                    mentions.next();
                    out.push((self.mention_candidate(m), self.is_possessive(m.end)));
                    k = self.tok_at(m.end).max(k + 1);
                    continue;
                }
            }
            if self.is_pronoun(k) {
                if out.is_empty() {
                    return out;
                }
                break;
            }
            if !t.is_word() {
                k += 1;
                continue;
            }
            let next_mention = mentions.peek().map_or(usize::MAX, |m| m.start);
            let name_run = |from: usize| {
                let mut q = from;
                while q < hi
                    && self.is_name_word(q)
                    && self.toks[q].end() <= next_mention
                    && !self.in_mention(q)
                {
                    q += 1;
                }
                q
            };
            if let Some(u) = self.remembered_at(k) {
                out.push((
                    Candidate::Unknown { span: u.span },
                    self.is_possessive(t.end()),
                ));
                k += 1;
                continue;
            }
            if let Some((n, _)) = self.role_at(k, hi) {
                // `chief executive Peter Kenyon`: a name after a role, not in the gazetteers.
                let q = name_run(k + n);
                if q > k + n {
                    let end = self.toks[q - 1].end();
                    out.push((
                        Candidate::Unknown {
                            span: Span {
                                start: self.name_span(t.start(), t.end()).start,
                                end,
                            },
                        },
                        self.is_possessive(end),
                    ));
                    k = q;
                    continue;
                }
                if self
                    .role_at(k, hi)
                    .is_some_and(|(_, kind)| kind == RoleKind::Other)
                {
                    // `A Bayern spokesman said ...`: someone the gazetteers do not hold.
                    let span = self.name_span(t.start(), self.toks[k + n - 1].end());
                    out.push((Candidate::Unknown { span }, false));
                }
                k += n;
                continue;
            }
            if self.is_name_word(k) && self.demonym_at(k, hi).is_none() {
                // `Shearer said ...`: a name outside the gazetteers followed by a speech verb.
                let q = name_run(k);
                let mut v = q;
                while v < hi && self.is_adverb(v) {
                    v += 1;
                }
                if q > k && v < hi && self.is_verb(v) {
                    out.push((
                        Candidate::Unknown {
                            span: Span {
                                start: self.name_span(t.start(), t.end()).start,
                                end: self.toks[q - 1].end(),
                            },
                        },
                        false,
                    ));
                    k = q;
                    continue;
                }
            }
            k += 1;
        }
        out
    }

    /// The name outside the gazetteers that word `k` names again by its surname: the latest
    /// remembered from an attribution, else the latest introduced by a role noun, named before
    /// `k`.
    ///
    /// Fast path: only a capitalised word can match, so for the others (most words of a
    /// sentence) the lists, which grow with the document, are not walked. Tested against the
    /// walk alone (`remembered_by_walk`) at every word.
    #[inline]
    fn remembered_at(&self, k: usize) -> Option<&Unknown> {
        if !self.is_capitalized(k) {
            return None;
        }
        self.remembered_by_walk(k)
    }

    /// [`Analyzer::remembered_at`] by walking both lists with the whole test at every name.
    fn remembered_by_walk(&self, k: usize) -> Option<&Unknown> {
        let t = self.toks[k];
        let known = |u: &&Unknown| {
            u.span.end <= t.start()
                && self.is_capitalized(k)
                && strip_possessive(&self.folded(k)) == u.surname.as_str()
        };
        let remembered = self.unknowns.iter().rev().find(known);
        remembered.or_else(|| self.introduced.iter().rev().find(known))
    }

    /// Whether token `k` is part of a mention of any entity (a club, a stadium).
    /// Whether token `k` is exactly a person mention matched by surname alone (`Gordon` in
    /// `Gordon Taylor`, matched to Craig Gordon): in a run of names it is a first name.
    fn is_lone_surname(&self, k: usize) -> bool {
        let t = self.toks[k];
        self.ctx.mentions_in(t.start(), t.end()).iter().any(|m| {
            m.start == t.start()
                && (m.end == t.end() || self.is_possessive(m.end))
                && m.kind.is_person()
                && matches!(m.match_kind, MatchKind::Surname | MatchKind::Fuzzy)
        })
    }

    fn in_mention(&self, k: usize) -> bool {
        let t = self.toks[k];
        self.ctx
            .mentions_in(t.start().saturating_sub(64), t.end())
            .iter()
            .any(|m| m.start < t.end() && t.start() < m.end)
    }

    /// Whether the text at `end` (just after a name) is a possessive ending.
    fn is_possessive(&self, end: usize) -> bool {
        let rest = &self.text[end.min(self.text.len())..];
        let rest = rest
            .strip_prefix('\'')
            .or_else(|| rest.strip_prefix('\u{2019}'));
        rest.is_some_and(|r| {
            r.starts_with('s') && !r[1..].starts_with(char::is_alphanumeric)
                || !r.starts_with(char::is_alphanumeric)
        })
    }

    /// When a surname mention names someone outside the gazetteers: it follows another first
    /// name (`Brian Kerr` when the gazetteer knows `Mark Kerr`), or the document names a person
    /// of that surname with another first name and never the gazetteer's one in full. Returns
    /// the span naming that other person.
    fn someone_else(&self, m: &Mention) -> Option<Span> {
        if let Some(first) = self.first_name_before(m) {
            return Some(Span {
                start: self.toks[first].start(),
                end: m.end,
            });
        }
        if m.match_kind == MatchKind::Surname {
            // `Terry Brady`: the surname form is someone's first name here.
            let k = self.tok_at(m.end);
            if let Some(t) = self.toks.get(k) {
                let adjacent =
                    t.start() > m.end && self.text[m.end..t.start()].chars().all(|c| c == ' ');
                if adjacent
                    && self.is_name_word(k)
                    && !self.is_role_word(k)
                    && (!self.in_mention(k) || self.is_lone_surname(k))
                    && self.demonym_at(k, k + 1).is_none()
                {
                    return Some(Span {
                        start: m.start,
                        end: t.end(),
                    });
                }
            }
        }
        let entity = m.entity?;
        if !matches!(m.match_kind, MatchKind::Surname | MatchKind::Fuzzy)
            || self.confirmed.contains(&entity)
        {
            return None;
        }
        if let Some(&(_, span)) = self.others.iter().find(|(e, _)| *e == entity) {
            return Some(span);
        }
        // `chief executive John Williams ... Williams said:` when the gazetteer's Williams is
        // Danny Williams.
        let surname = self.folded_range(m.start, m.end);
        let full = self
            .ctx
            .gazetteer
            .entities()
            .get(entity as usize)
            .map(|e| fold(&e.name))?;
        self.introduced
            .iter()
            .find(|u| {
                u.surname == surname && !self.folded_range(u.span.start, u.span.end).contains(&full)
            })
            .map(|u| u.span)
    }

    /// [`Analyzer::other_first_name`] of `m`, worked out once per mention of the document and
    /// then read from `first_names` (the answer depends on the mention and the tokens alone).
    /// A mention not of `ctx.mentions` (found by its start: the mentions are in order and do
    /// not overlap) is asked directly. Tested against `other_first_name` at every mention.
    fn first_name_before(&self, m: &Mention) -> Option<usize> {
        if !matches!(m.match_kind, MatchKind::Surname | MatchKind::Fuzzy) {
            // `other_first_name`'s first test, answered without the lookup.
            return None;
        }
        let mentions = self.ctx.mentions;
        let i = mentions.partition_point(|x| x.start < m.start);
        let slot = mentions
            .get(i)
            .filter(|x| std::ptr::eq(*x, m))
            .and_then(|_| self.first_names.get(i));
        let Some(slot) = slot else {
            return self.other_first_name(m);
        };
        if let Some(known) = slot.get() {
            return known.map(|k| k as usize);
        }
        let found = self.other_first_name(m);
        // A token index past `u32` (no such document reaches here) is not kept.
        if let Ok(k) = found.map(u32::try_from).transpose() {
            slot.set(Some(k));
        }
        found
    }

    /// For a surname match preceded by another first name (`Brian Kerr` when the gazetteer knows
    /// `Mark Kerr`): the token of that first name. Such a mention names someone else.
    fn other_first_name(&self, m: &Mention) -> Option<usize> {
        if !matches!(m.match_kind, MatchKind::Surname | MatchKind::Fuzzy) {
            return None;
        }
        let k = self.tok_at(m.start);
        let prev = k.checked_sub(1)?;
        let t = self.toks[prev];
        let adjacent = t.end() < m.start && self.text[t.end()..m.start].chars().all(|c| c == ' ');
        let word = self.word(prev);
        let honorific = matches!(
            self.folded(prev).as_ref(),
            "mr" | "mrs" | "ms" | "dr" | "sir" | "lord" | "dame" | "mister" | "senor" | "signor"
        );
        let other = adjacent
            && !honorific
            && more_chars_than(word, 1)
            && self.is_name_word(prev)
            && !self.is_role_word(prev)
            && self.demonym_at(prev, prev + 1).is_none()
            && (self.ctx.mentions_in(t.start(), t.end()).is_empty() || self.is_lone_surname(prev))
            && !self.is_own_first_name(m, &self.folded(prev));
        other.then_some(prev)
    }

    /// Whether a word is (close to) one of the other words of the mentioned person's names
    /// (`Stephan` before a misspelt `Lichtstenier`, `Massiliano` before `Allegri`).
    ///
    /// Plain loops over the entities and their names, each name's words found by
    /// [`any_name_word`] (an ASCII name split by bytes): the nested `flat_map` over
    /// `split_whitespace`, which decoded every char of every name, cost more than the word tests.
    /// Tested against that form (`is_own_first_name_by_flat_map`).
    fn is_own_first_name(&self, m: &Mention, word: &str) -> bool {
        let entities = self.ctx.gazetteer.entities();
        let word_chars = word.chars().count();
        for &e in m.entity.iter().chain(m.candidates.iter()) {
            let Some(e) = entities.get(e as usize) else {
                continue;
            };
            for name in std::iter::once(&e.name).chain(e.aliases.iter()) {
                if any_name_word(name, |w| close_to(w, word, word_chars)) {
                    return true;
                }
            }
        }
        false
    }

    /// [`Analyzer::is_own_first_name`] as first written: the test reference.
    #[cfg(test)]
    fn is_own_first_name_by_flat_map(&self, m: &Mention, word: &str) -> bool {
        let entities = self.ctx.gazetteer.entities();
        let word_chars = word.chars().count();
        m.entity
            .iter()
            .chain(m.candidates.iter())
            .filter_map(|&e| entities.get(e as usize))
            .flat_map(|e| std::iter::once(&e.name).chain(e.aliases.iter()))
            .flat_map(|name| name.split_whitespace())
            .any(|w| close_to(w, word, word_chars))
    }

    fn resolved_fits(&self, who: Resolved, c: Option<&Constraint<'_>>) -> bool {
        if self.named_in_quote(who) {
            return false;
        }
        let Some(c) = c else {
            return true;
        };
        match who.speaker {
            Some(entity) => self.fits(entity, c),
            None => who.span.is_some() && unknown_fits(c),
        }
    }

    /// Whether a person found by resolving a pronoun is named inside the quote being attributed
    /// (`"I've had a word with Olof," he told ...` is not Olof Mellberg speaking).
    fn named_in_quote(&self, who: Resolved) -> bool {
        let Some((start, end)) = self.avoid else {
            return false;
        };
        let quote = &self.text[start..end];
        let in_quote = |name: &str| {
            name.split_whitespace()
                .any(|w| quote_name_word(w).is_some_and(|w| word_in_quote(quote, w)))
        };
        match (who.speaker, who.span) {
            (Some(entity), _) => self
                .ctx
                .gazetteer
                .entities()
                .get(entity as usize)
                .is_some_and(|e| in_quote(&e.name)),
            (None, Some(span)) => {
                let name = &self.text[span.start..span.end];
                let mut words = name.split_whitespace().rev();
                let last = words.next().unwrap_or("");
                let first = words.next().unwrap_or("");
                in_quote(last) || (first != last && in_quote(first))
            }
            (None, None) => false,
        }
    }

    /// Whether a gazetteer person can hold a role (coaches and players are not interchanged).
    fn kind_fits(&self, entity: u32, kind: Option<RoleKind>) -> bool {
        let Some(e) = self.ctx.gazetteer.entities().get(entity as usize) else {
            return false;
        };
        match kind {
            Some(RoleKind::Coach) => e.kind == EntityKind::Coach,
            Some(RoleKind::Player) => e.kind == EntityKind::Player,
            Some(RoleKind::Referee) => e.kind == EntityKind::Referee,
            // Chairmen, executives and spokesmen are never gazetteer people.
            Some(RoleKind::Other) => false,
            None => true,
        }
    }

    /// Whether a gazetteer person fits a description.
    fn fits(&self, entity: u32, c: &Constraint<'_>) -> bool {
        let g = self.ctx.gazetteer;
        let Some(e) = g.entities().get(entity as usize) else {
            return false;
        };
        let kind_ok = match c.kind {
            None => e.kind.is_person(),
            Some(RoleKind::Coach) => e.kind == EntityKind::Coach,
            Some(RoleKind::Player) => e.kind == EntityKind::Player,
            Some(RoleKind::Referee) => e.kind == EntityKind::Referee,
            Some(RoleKind::Other) => false,
        };
        let club_ok = c
            .club
            .is_none_or(|club| g.club_of(entity as usize) == Some(club));
        let nationality_ok = c.nationalities.is_empty()
            || e.nationality.as_deref().is_some_and(|n| {
                let n = fold(n);
                c.nationalities.contains(&n)
            });
        kind_ok && club_ok && nationality_ok
    }

    /// The one candidate of an ambiguous mention that fits a description.
    fn pick(&self, candidates: &[u32], c: &Constraint<'_>) -> Option<u32> {
        if c.club.is_none() && c.kind.is_none() && c.nationalities.is_empty() {
            return None;
        }
        let mut fitting = candidates.iter().copied().filter(|&e| self.fits(e, c));
        let first = fitting.next()?;
        fitting.next().is_none().then_some(first)
    }

    /// The gazetteer's person of a kind at a club (`the Juventus coach`): the one the document
    /// mentions, else the only one.
    fn gazetteer_person(&self, club: usize, kind: RoleKind) -> Option<u32> {
        let c = Constraint {
            club: Some(club),
            kind: Some(kind),
            nationalities: &[],
        };
        let mentioned: Vec<u32> = self
            .ctx
            .mentions
            .iter()
            .filter_map(|m| m.entity)
            .filter(|&e| self.fits(e, &c))
            .collect();
        if let Some(&first) = mentioned.first() {
            return mentioned.iter().all(|&e| e == first).then_some(first);
        }
        // Only the club's members can fit (`fits` checks the club).
        let mut all = self
            .ctx
            .gazetteer
            .members(club)
            .iter()
            .copied()
            .filter(|&e| self.fits(e, &c));
        let first = all.next()?;
        all.next().is_none().then_some(first)
    }

    /// The role noun (one or more words) starting at word `k`, before token `hi`: its length in
    /// tokens and the kind of person it names.
    ///
    /// The quick reject of [`Analyzer::phrase_lookup`] (a word that starts no role noun, most
    /// words) is repeated here, always inlined, so that it costs no call.
    #[inline(always)]
    fn role_at(&self, k: usize, hi: usize) -> Option<(usize, RoleKind)> {
        let rules = self.rules;
        if self.starts_no_phrase(k, hi, &rules.role_first_words) {
            return None;
        }
        self.phrase_lookup(
            k,
            hi,
            rules.role_max_words,
            (&rules.role_first_words, &rules.role_multi_first_words),
            |key| rules.roles.get(key).copied(),
        )
    }

    /// The nationality noun starting at word `k`: its length and the nationalities it names.
    /// Like [`Analyzer::role_at`], the quick reject is inlined.
    #[inline(always)]
    fn demonym_at(&self, k: usize, hi: usize) -> Option<(usize, &'a [String])> {
        let rules = self.rules;
        if self.starts_no_phrase(k, hi, &rules.demonym_first_words) {
            return None;
        }
        self.phrase_lookup(
            k,
            hi,
            rules.demonym_max_words,
            (&rules.demonym_first_words, &rules.demonym_multi_first_words),
            |key| rules.demonyms.get(key).map(Vec::as_slice),
        )
    }

    /// Whether [`Analyzer::phrase_lookup`] answers `None` at word `k` by its first tests, with
    /// these `first_words`: no word, or an ASCII word that no phrase starts with. (False means
    /// only that `phrase_lookup` must be asked.)
    #[inline(always)]
    fn starts_no_phrase(&self, k: usize, hi: usize, first_words: &WordSet) -> bool {
        k >= hi || !self.toks[k].is_word() || (self.toks[k].ascii && !self.in_set(first_words, k))
    }

    /// The longest run of words from `k` (at most `max` words, before `hi`) that `lookup` knows;
    /// `first_words` holds the first word of every phrase `lookup` knows, and `multi_first_words`
    /// the first word of every phrase of two or more words.
    #[inline(never)]
    fn phrase_lookup<T>(
        &self,
        k: usize,
        hi: usize,
        max: usize,
        (first_words, multi_first_words): (&WordSet, &WordSet),
        lookup: impl Fn(&str) -> Option<T>,
    ) -> Option<(usize, T)> {
        if k >= hi || !self.toks[k].is_word() {
            return None;
        }
        // Every known phrase starts with one of `first_words`: for any other word (most words) no
        // key can match, so none is built. (A folded word holds no space; if one ever did, the
        // keys are built as before. An ASCII word's folded form is its letters, digits,
        // apostrophes and hyphens, never a space.)
        //
        // An ASCII word is looked up as its lower-cased slice; any other is folded once here (the
        // test and the keys below share the folded form: folding allocates).
        let ascii = self.toks[k].ascii;
        if ascii && !self.in_set(first_words, k) {
            return None;
        }
        let first = self.folded(k);
        if !ascii && !first_words.contains(&first) && !first.contains(' ') {
            return None;
        }
        // Likewise a key of two or more words can only match when it starts with one of
        // `multi_first_words` (a handful: `head coach`, `south african`): for the single-word
        // nouns (`manager`, `scot`) no longer key is built. Tested against
        // `phrase_lookup_by_keys`, which builds them all.
        if first.contains(' ') || multi_first_words.contains(&first) {
            let words = (k..hi.min(k + max))
                .take_while(|&j| self.toks[j].is_word())
                .count();
            let mut key = String::new();
            for n in (2..=words).rev() {
                key.clear();
                key.push_str(&first);
                for j in k + 1..k + n {
                    key.push(' ');
                    key.push_str(&self.folded(j));
                }
                if let Some(v) = lookup(&key) {
                    return Some((n, v));
                }
            }
        }
        lookup(&first).map(|v| (1, v))
    }

    /// [`Analyzer::phrase_lookup`] without the `multi_first_words` shortcut: every key from the
    /// longest down is built and looked up. The reference the shortcut is tested against.
    #[cfg(test)]
    fn phrase_lookup_by_keys<T>(
        &self,
        k: usize,
        hi: usize,
        max: usize,
        lookup: impl Fn(&str) -> Option<T>,
    ) -> Option<(usize, T)> {
        if k >= hi || !self.toks[k].is_word() {
            return None;
        }
        let first = self.folded(k);
        let words = (k..hi.min(k + max))
            .take_while(|&j| self.toks[j].is_word())
            .count();
        for n in (2..=words).rev() {
            let mut key = first.to_string();
            for j in k + 1..k + n {
                key.push(' ');
                key.push_str(&self.folded(j));
            }
            if let Some(v) = lookup(&key) {
                return Some((n, v));
            }
        }
        lookup(&first).map(|v| (1, v))
    }
}

/// Whether `f` holds for one of the words of `name` (what `name.split_whitespace().any(f)`
/// says, asking in the same order and stopping at the same word).
///
/// Fast path: an ASCII name (most gazetteer names) is split by its bytes, at the ASCII chars
/// `char::is_whitespace` accepts (space, tab to carriage return), with no UTF-8 decoding. Tested
/// against `split_whitespace` (`name_words_by_split`).
#[inline]
fn any_name_word<'n>(name: &'n str, mut f: impl FnMut(&'n str) -> bool) -> bool {
    if !name.is_ascii() {
        return name.split_whitespace().any(f);
    }
    let b = name.as_bytes();
    let space = |c: u8| matches!(c, b' ' | b'\t'..=b'\r');
    let mut i = 0;
    while i < b.len() {
        while i < b.len() && space(b[i]) {
            i += 1;
        }
        let start = i;
        while i < b.len() && !space(b[i]) {
            i += 1;
        }
        // Both ends are char boundaries (every byte of an ASCII name is one).
        if i > start && name.get(start..i).is_some_and(&mut f) {
            return true;
        }
    }
    false
}

/// Whether the name word `w`, folded, is close to `word` (`word_chars` chars long):
/// `normalized_levenshtein(fold(w), word) >= 0.7`.
///
/// Fast path: the distance is at least the difference in length, so when the lengths alone keep
/// the score below 0.7 neither the folded form nor the distance is computed. An ASCII word's
/// folded form has its length; a word that is not ASCII is folded first and the same bound
/// applies to the folded form. Two ASCII words' distance is computed on their bytes
/// ([`ascii_distance`]). Tested against the plain test (`close_to_by_distance`).
fn close_to(w: &str, word: &str, word_chars: usize) -> bool {
    if w.is_ascii() {
        let longest = w.len().max(word_chars);
        let best = 1.0 - w.len().abs_diff(word_chars) as f64 / longest as f64;
        if longest > 0 && best < 0.7 {
            return false;
        }
        // The distance is also at least the number of chars one word has more of than the
        // other (each edit fixes at most one), counted on the lower-cased ASCII bytes (`fold`
        // of an ASCII word); this rules out most name words without the distance's table.
        if word.is_ascii() && longest > 0 {
            let best = 1.0 - char_count_bound(w, word) as f64 / longest as f64;
            if best < 0.7 {
                return false;
            }
        }
    }
    if let Some(distance) = ascii_distance(w, word) {
        // `normalized_levenshtein` of the two: an ASCII word has as many chars as bytes.
        let longest = w.len().max(word.len());
        let score = if longest == 0 {
            1.0
        } else {
            1.0 - distance as f64 / longest as f64
        };
        return score >= 0.7;
    }
    if w.is_ascii() {
        return strsim::normalized_levenshtein(&fold(w), word) >= 0.7;
    }
    // Not ASCII (many gazetteer names): the length bound on the folded form, in chars (what
    // `normalized_levenshtein` counts), before the distance.
    let folded = fold(w);
    let folded_chars = folded.chars().count();
    let longest = folded_chars.max(word_chars);
    if longest > 0 && 1.0 - folded_chars.abs_diff(word_chars) as f64 / (longest as f64) < 0.7 {
        return false;
    }
    strsim::normalized_levenshtein(&folded, word) >= 0.7
}

/// The longest folded word [`ascii_distance`] measures (its row is on the stack).
const MAX_DISTANCE_WORD: usize = 31;

/// For an ASCII `w` and an ASCII `word` of at most [`MAX_DISTANCE_WORD`] bytes: the Levenshtein
/// distance of `w` lower-cased (`fold` of an ASCII word) and `word`, what `strsim::levenshtein`
/// gives (tested against it), without folding `w` into a new string or allocating the row.
fn ascii_distance(w: &str, word: &str) -> Option<usize> {
    let (a, b) = (w.as_bytes(), word.as_bytes());
    if !a.is_ascii() || !b.is_ascii() || b.len() > MAX_DISTANCE_WORD {
        return None;
    }
    // `row[j]`: the distance of the part of `a` read so far and `b[..j]`.
    let mut row = [0usize; MAX_DISTANCE_WORD + 1];
    for (j, cell) in row.iter_mut().enumerate().take(b.len() + 1) {
        *cell = j;
    }
    for (i, &x) in a.iter().enumerate() {
        let x = x.to_ascii_lowercase();
        // `diagonal`: the row's old value at `j` (the distance without `x` and `b[j]`).
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &y) in b.iter().enumerate() {
            let substitute = diagonal + usize::from(x != y);
            diagonal = row[j + 1];
            row[j + 1] = substitute.min(diagonal + 1).min(row[j] + 1);
        }
    }
    Some(row[b.len()])
}

/// For ASCII words: the larger of the numbers of chars `w` lower-cased holds more of than
/// `word`, and `word` more of than `w` lower-cased (multiset differences): a lower bound of their
/// Levenshtein distance.
fn char_count_bound(w: &str, word: &str) -> usize {
    let mut counts = [0i32; 128];
    for b in w.bytes() {
        counts[usize::from(b.to_ascii_lowercase() & 0x7f)] += 1;
    }
    for b in word.bytes() {
        counts[usize::from(b & 0x7f)] -= 1;
    }
    let (mut more, mut fewer) = (0i32, 0i32);
    for b in w
        .bytes()
        .map(|b| b.to_ascii_lowercase())
        .chain(word.bytes())
    {
        let c = &mut counts[usize::from(b & 0x7f)];
        if *c > 0 {
            more += *c;
        } else {
            fewer -= *c;
        }
        *c = 0;
    }
    more.max(fewer) as usize
}

/// Whether `w` has more than `n` chars: what `w.chars().count() > n` says, decoding at most
/// `n + 1` chars rather than counting a whole word (the short-word tests of the attribution).
#[inline]
fn more_chars_than(w: &str, n: usize) -> bool {
    w.chars().nth(n).is_some()
}

/// The word of a name that [`Analyzer::named_in_quote`] looks for in the quote: `w` without
/// the chars at its ends that are no letter or digit, when what is left is more than two chars
/// long and starts with a capital.
///
/// Fast path: an ASCII word (most name words) is trimmed and tested by its bytes (for ASCII,
/// `char::is_alphanumeric` and `char::is_uppercase` are the byte tests), where `trim_matches`
/// decoded its chars out of line and the length test counted them all. Tested against the char
/// form (`quote_name_word_by_chars`).
fn quote_name_word(w: &str) -> Option<&str> {
    if w.is_ascii() {
        let b = w.as_bytes();
        let start = b.iter().position(u8::is_ascii_alphanumeric)?;
        let end = b.iter().rposition(u8::is_ascii_alphanumeric)? + 1;
        let t = w.get(start..end)?;
        let capital = t.as_bytes().first().is_some_and(u8::is_ascii_uppercase);
        return (t.len() > 2 && capital).then_some(t);
    }
    let t = w.trim_matches(|c: char| !c.is_alphanumeric());
    (more_chars_than(t, 2) && t.chars().next().is_some_and(char::is_uppercase)).then_some(t)
}

/// Whether `w` occurs in `quote` as a whole word (no letter or digit on either side).
///
/// Fast reject: most names tested are not in the quote at all, and `w` occurs only where its
/// first byte does, so the first byte's occurrences (found by `memchr`) are checked for `w`
/// first; only when one starts `w` are the matches walked, as `word_in_quote_by_search` (the
/// test reference) walks them from the start.
fn word_in_quote(quote: &str, w: &str) -> bool {
    let (q, wb) = (quote.as_bytes(), w.as_bytes());
    if let Some(&first) = wb.first() {
        let occurs =
            memchr::memchr_iter(first, q).any(|i| q.get(i..).is_some_and(|r| r.starts_with(wb)));
        if !occurs {
            return false;
        }
    }
    quote.match_indices(w).any(|(i, _)| {
        let before = quote[..i].chars().next_back();
        let after = quote[i + w.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// Whether a name outside the gazetteers fits a description: their club, role and nationality
/// are unknown, so only a club rules them out.
fn unknown_fits(c: &Constraint<'_>) -> bool {
    c.club.is_none()
}

/// A folded word without its possessive ending (`stam's` -> `stam`).
fn strip_possessive(word: &str) -> &str {
    word.strip_suffix("'s")
        .or_else(|| word.strip_suffix('\''))
        .unwrap_or(word)
}

/// The index of the first token at or after byte `limit`.
fn limit_tok(a: &Analyzer<'_>, limit: usize) -> usize {
    a.tok_at(limit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    impl Analyzer<'_> {
        /// The test [`Analyzer::is_pronoun`] replaces.
        fn is_pronoun_by_fold(&self, k: usize) -> bool {
            self.toks[k].is_word() && matches!(self.folded(k).as_ref(), "he" | "she")
        }

        /// The test [`Analyzer::is_determiner`] replaces.
        fn is_determiner_by_fold(&self, k: usize) -> bool {
            self.toks[k].is_word() && matches!(self.folded(k).as_ref(), "the" | "a" | "an" | "to")
        }

        /// [`Analyzer::is_sentence_end`] in one piece, as it was before the kind test was split
        /// from the full stop's.
        fn is_sentence_end_whole(&self, k: usize) -> bool {
            let t = self.toks[k];
            match t.kind {
                Kind::Break => true,
                Kind::Punct('?' | '!') => true,
                Kind::Punct('.') => {
                    let Some(next) = self.toks.get(k + 1) else {
                        return true;
                    };
                    let spaced = next.start() > t.end();
                    let followed = spaced
                        || next.kind == Kind::Break
                        || matches!(next.kind, Kind::Punct('"' | '\u{201C}' | '\u{201D}'))
                        || (next.is_word() && self.is_capitalized(k + 1));
                    if !followed {
                        return false;
                    }
                    if k > 0 && self.toks[k - 1].is_word() && self.toks[k - 1].end() == t.start() {
                        let w = self.word(k - 1);
                        let initial = w.chars().count() == 1 && self.is_capitalized(k - 1);
                        if initial || matches!(w, "Mr" | "Mrs" | "Ms" | "Dr" | "St" | "Jr" | "Sr") {
                            return false;
                        }
                    }
                    true
                }
                _ => false,
            }
        }

        /// The test [`Analyzer::is_name_word`] replaces (in one piece).
        fn is_name_word_whole(&self, k: usize) -> bool {
            self.is_capitalized(k) && (!self.is_common(k) || !self.is_sentence_initial(k))
        }
    }

    /// The word tests with fast paths answer what the tests they replace answer, at every token.
    /// [`Analyzer::words_from`] as the `Vec` loop it replaced.
    fn words_from_by_vec(a: &Analyzer<'_>, mut k: usize, limit: usize) -> Vec<usize> {
        let mut words = Vec::new();
        while k < a.toks.len() && a.toks[k].start() < limit && words.len() < 10 {
            let t = a.toks[k];
            if t.is_word() {
                words.push(k);
            } else if !(t.is('\'') || t.is('\u{2019}')) {
                break;
            }
            k += 1;
        }
        words
    }

    fn word_tests_agree(a: &mut Analyzer<'_>, text: &str) {
        // Whether a range holds `n` words, from every token's start and just after it, to a few
        // ends (before the start among them), against the full count.
        for k in 0..a.toks.len() {
            let t = a.toks[k];
            for start in [t.start(), t.start() + 1, t.end()] {
                for end in [0, start, t.end(), start + 9, start + 40, text.len()] {
                    let count = a.word_count(start, end);
                    for n in 0..=4 {
                        assert_eq!(
                            a.has_words(start, end, n),
                            count >= n,
                            "{n} words in {start}..{end} of {text:?}"
                        );
                    }
                }
            }
        }
        // The words after every token, to the end and to a few limits within the text.
        for k in 0..=a.toks.len() {
            for limit in [
                text.len(),
                0,
                text.len() / 2,
                a.toks.get(k + 3).map_or(0, |t| t.start()),
            ] {
                let (words, n) = a.words_from(k, limit);
                assert_eq!(
                    &words[..n],
                    words_from_by_vec(a, k, limit),
                    "{k} {limit} in {text:?}"
                );
            }
        }
        // Every capitalised word remembered as a name (besides the names introduced by role
        // nouns); forgotten again at the end.
        for k in 0..a.toks.len() {
            if a.is_capitalized(k) {
                a.remember_unknown(Span {
                    start: a.toks[k].start(),
                    end: a.toks[k].end(),
                });
            }
        }
        for k in 0..a.toks.len() {
            assert_eq!(
                a.remembered_at(k),
                a.remembered_by_walk(k),
                "remembered at {k} of {text:?}"
            );
            assert_eq!(
                a.is_sentence_end(k),
                a.is_sentence_end_whole(k),
                "sentence end {k} of {text:?}"
            );
            assert_eq!(
                a.is_pronoun(k),
                a.is_pronoun_by_fold(k),
                "pronoun {k} of {text:?}"
            );
            assert_eq!(
                a.is_determiner(k),
                a.is_determiner_by_fold(k),
                "determiner {k} of {text:?}"
            );
            assert_eq!(
                a.is_name_word(k),
                a.is_name_word_whole(k),
                "name {k} of {text:?}"
            );
        }
        a.unknowns.clear();
    }

    #[test]
    fn word_tests_cases() {
        let (pipeline, rules) = shared();
        let texts = [
            "He said she and SHE, he's the A an An TO to. The Thé hé HÉ shé ТНЕ the-a he'",
            "\"Yes,\" he said. She, the coach; But The Man, THE END. A. An. To Be. X he\nHe",
            "Mr. Smith and R. Styles left. Why? No! End.\"Quote.\" a.b. St. Dr.x. Jr.\nMs. Z.",
            "",
        ];
        for text in texts {
            let (toks, caps) = super::super::tokens::tokenize_caps(text);
            let ctx = Context {
                text,
                sentences: &[],
                mentions: &[],
                gazetteer: pipeline.gazetteer(),
            };
            word_tests_agree(&mut Analyzer::new(rules, &ctx, &toks, &caps), text);
        }
    }

    /// The test [`close_to`] replaces.
    fn close_to_by_distance(w: &str, word: &str) -> bool {
        strsim::normalized_levenshtein(&fold(w), word) >= 0.7
    }

    #[test]
    fn close_to_cases() {
        let cases = [
            ("Stephan", "stephan"),
            ("Stephan", "stefan"),
            ("Massimiliano", "massiliano"),
            ("Jo", "joe"),
            ("Al", "alan"),
            ("Mark", "brian"),
            ("Éric", "eric"),
            ("Ödegaard", "odegaard"),
            ("Abc", ""),
            ("Lichtsteiner", "lichtstenier"),
            ("Bo", "b"),
            ("Gordon", "godron"),
            ("Abcdefghij", "abcdefgxyz"),
            ("Abcdefghij", "abcdefghxy"),
            ("Keane", "kenae"),
            ("Ann", "nan"),
            // Not ASCII: the length bound on the folded form, at and around the threshold.
            ("Abcdé", "abcdefg"),
            ("Abcdé", "abcdefgh"),
            ("Stéphan", "stephanie"),
            ("Émile", "emil"),
            ("Müller", "muller"),
            ("Müller", "mullerson"),
            ("Straße", "strasse"),
            ("Ø", ""),
        ];
        for (w, word) in cases {
            assert_eq!(
                close_to(w, word, word.chars().count()),
                close_to_by_distance(w, word),
                "{w} {word}"
            );
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        /// The length bound never changes the answer.
        #[test]
        fn close_to_same_as_distance(w in "[A-Za-zéÖß]{1,12}", word in "[a-zéöß]{0,12}") {
            prop_assert_eq!(close_to(&w, &word, word.chars().count()), close_to_by_distance(&w, &word));
        }

        /// Nor does the char-count bound, on words from a few letters (many near misses).
        #[test]
        fn close_to_same_as_distance_near(w in "[A-Ca-c'-]{1,9}", word in "[a-c'-]{0,9}") {
            prop_assert_eq!(close_to(&w, &word, word.chars().count()), close_to_by_distance(&w, &word));
        }

        /// The ASCII distance is strsim's, for words around the longest it measures too.
        #[test]
        fn ascii_distance_same_as_strsim(w in "[A-Da-d'-]{0,40}", word in "[a-d'-]{0,34}") {
            distance_agrees(&w, &word);
        }

        /// Near words that are not ASCII: the bound on the folded form never changes the answer.
        #[test]
        fn close_to_same_as_distance_near_folded(
            w in "[A-Ca-cé]{1,6}[éÉ][a-c]{0,4}",
            word in "[a-ce]{0,11}",
        ) {
            prop_assert_eq!(close_to(&w, &word, word.chars().count()), close_to_by_distance(&w, &word));
        }

        /// The char-count bound is at most the distance.
        #[test]
        fn char_count_bound_is_a_lower_bound(w in "[A-Da-d]{0,9}", word in "[a-d]{0,9}") {
            prop_assert!(char_count_bound(&w, &word) <= strsim::levenshtein(&w.to_ascii_lowercase(), &word));
        }
    }

    /// [`word_in_quote`] without the first-byte reject: every match walked.
    /// The ASCII distance is `strsim::levenshtein` of the lower-cased word, and answers for
    /// ASCII words up to the longest it measures.
    fn distance_agrees(w: &str, word: &str) {
        let expected = (w.is_ascii() && word.is_ascii() && word.len() <= MAX_DISTANCE_WORD)
            .then(|| strsim::levenshtein(&fold(w), word));
        assert_eq!(ascii_distance(w, word), expected, "{w:?} {word:?}");
    }

    #[test]
    fn ascii_distance_cases() {
        let long = "a".repeat(MAX_DISTANCE_WORD);
        let longer = "a".repeat(MAX_DISTANCE_WORD + 1);
        let cases = [
            ("", ""),
            ("", "abc"),
            ("Abc", ""),
            ("Kitten", "sitting"),
            ("MASSIMILIANO", "massiliano"),
            ("Stephan", "stefan"),
            ("O'Neill", "o'neil"),
            ("Éric", "eric"),
            ("Eric", "éric"),
            ("AB", "ba"),
            (long.as_str(), long.as_str()),
            ("A", long.as_str()),
            (longer.as_str(), long.as_str()),
            ("a", longer.as_str()),
        ];
        for (w, word) in cases {
            distance_agrees(w, word);
        }
    }

    fn word_in_quote_by_search(quote: &str, w: &str) -> bool {
        quote.match_indices(w).any(|(i, _)| {
            let before = quote[..i].chars().next_back();
            let after = quote[i + w.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
    }

    /// [`quote_name_word`] as first written in `named_in_quote`: the test reference.
    fn quote_name_word_by_chars(w: &str) -> Option<&str> {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        (w.chars().count() > 2 && w.chars().next().is_some_and(char::is_uppercase)).then_some(w)
    }

    /// `quote_name_word` and `more_chars_than` agree with their char forms on `w`.
    fn short_word_tests_agree(w: &str) {
        assert_eq!(quote_name_word(w), quote_name_word_by_chars(w), "{w:?}");
        for n in 0..4 {
            assert_eq!(
                more_chars_than(w, n),
                w.chars().count() > n,
                "{w:?} over {n}"
            );
        }
    }

    #[test]
    fn short_word_cases() {
        let words = [
            "",
            "O",
            "Ol",
            "Olo",
            "Olof",
            "olof",
            "Olof,",
            "(Olof)",
            "\"Kerr's\"",
            "'Ab'",
            "..",
            "1st",
            "A1b",
            "Éric",
            "éric",
            "Él",
            "«Éric»",
            "Hamšík.",
            "-É-",
            "ÖÖ",
            "x\u{301}yz",
            "Ab-",
            "-Ab",
            "ABC",
            "aBC",
            "Zé",
            "Zéé",
            "MR.",
            "Mr",
        ];
        for w in words {
            short_word_tests_agree(w);
        }
    }

    #[test]
    fn word_in_quote_cases() {
        let quotes = [
            "I've had a word with Olof, and Olofsson too.",
            "We beat Kerr's side; KERR, Kerry and Mark Kerr.",
            "Hamšík and Hamšíková. ÉRIC, Éric!",
            "AbAbAb AbAb",
            "",
        ];
        let words = [
            "Olof", "Olofsson", "Kerr", "Kerry", "Mark", "Hamšík", "Éric", "AbAb", "Ab", "We",
            "Zola", "", "f", "Olof,",
        ];
        for q in quotes {
            for w in words {
                assert_eq!(
                    word_in_quote(q, w),
                    word_in_quote_by_search(q, w),
                    "{w:?} in {q:?}"
                );
            }
        }
    }

    /// The pipeline of the quote tests (its gazetteer) and the rules, built once.
    fn shared() -> &'static (crate::pipeline::Pipeline, QuoteRules) {
        static SHARED: std::sync::OnceLock<(crate::pipeline::Pipeline, QuoteRules)> =
            std::sync::OnceLock::new();
        SHARED.get_or_init(|| {
            (
                super::super::tests::pipeline(),
                QuoteRules::new().expect("bundled lists parse"),
            )
        })
    }

    /// Role and nationality nouns found with the `multi_first_words` shortcut are the ones
    /// building every key finds, at every word of `text` and every limit after it.
    fn phrases_agree(text: &str) {
        let (pipeline, rules) = shared();
        let (toks, caps) = super::super::tokens::tokenize_caps(text);
        let ctx = Context {
            text,
            sentences: &[],
            mentions: &[],
            gazetteer: pipeline.gazetteer(),
        };
        let a = Analyzer::new(rules, &ctx, &toks, &caps);
        for k in 0..toks.len() {
            let limits = (k..=(k + 4).min(toks.len())).chain([toks.len()]);
            for hi in limits {
                assert_eq!(
                    a.role_at(k, hi),
                    a.phrase_lookup_by_keys(k, hi, rules.role_max_words, |key| {
                        rules.roles.get(key).copied()
                    }),
                    "role at {k}..{hi} of {text:?}"
                );
                assert_eq!(
                    a.demonym_at(k, hi),
                    a.phrase_lookup_by_keys(k, hi, rules.demonym_max_words, |key| {
                        rules.demonyms.get(key).map(Vec::as_slice)
                    }),
                    "nationality at {k}..{hi} of {text:?}"
                );
            }
        }
    }

    #[test]
    fn phrase_lookup_cases() {
        let cases = [
            "The Juventus head coach said: \"We lost.\"",
            "chief executive Peter Kenyon, the club's head, said",
            "the Northern Irishman and the South African head coach",
            "Head Coach, CHIEF EXECUTIVE, south african, northern irishman.",
            "head\ncoach chief, executive south-african the Scot manager boss",
            "the 26-year-old Dutchman, assistant manager and player-manager",
            "Éric the Frenchman, a Brazilian, head coach coach",
            "the Coäch, the Scöt, Hëad Cöach, Söuth African, Chïef executive, MANAGÉR",
            "",
        ];
        for text in cases {
            phrases_agree(text);
        }
    }

    /// Words the role and nationality lists start with, mixed with others.
    fn phrase_piece() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("head ".to_string()),
            Just("Head ".to_string()),
            Just("coach ".to_string()),
            Just("chief ".to_string()),
            Just("executive ".to_string()),
            Just("northern ".to_string()),
            Just("Irishman ".to_string()),
            Just("south ".to_string()),
            Just("African ".to_string()),
            Just("manager ".to_string()),
            Just("Scot ".to_string()),
            Just("the ".to_string()),
            Just(", ".to_string()),
            Just("\n".to_string()),
            "[a-zA-Zé]{1,6} ",
        ]
    }

    /// `Forms::get` (filtered) answers what the map does for the folded word, at every token.
    fn forms_agree(text: &str, forms: &[&str]) {
        let (pipeline, rules) = shared();
        let (toks, caps) = super::super::tokens::tokenize_caps(text);
        let ctx = Context {
            text,
            sentences: &[],
            mentions: &[],
            gazetteer: pipeline.gazetteer(),
        };
        let a = Analyzer::new(rules, &ctx, &toks, &caps);
        let f = Forms::new(forms.iter().enumerate().map(|(i, w)| (fold(w), i)));
        for k in 0..toks.len() {
            assert_eq!(
                f.get(&a, k),
                f.map.get(a.folded(k).as_ref()),
                "token {k} of {text:?} with forms {forms:?}"
            );
        }
    }

    #[test]
    fn forms_cases() {
        let forms = ["Jordaan", "Hamšík", "O'Neill", "Kerr", "van", "ÉRIC"];
        let texts = [
            "Danny Jordaan and Stephen JORDAAN met Marek Hamšík, HAMŠÍK and o'neill.",
            "Brian Kerr, kerr's KERR; Van van Éric éric ERIC.",
            "",
        ];
        for text in texts {
            forms_agree(text, &forms);
        }
        forms_agree("no forms at all here", &[]);
    }

    /// The one pass over capitalised tokens (`scan_names`) finds what the two token-by-token
    /// scans find, and the reordered country test what folding every mention finds, with the
    /// mentions the test pipeline finds in `text`.
    fn names_agree(text: &str) {
        let (pipeline, rules) = shared();
        let analysis = pipeline.analyze_text(text);
        let (toks, caps) = super::super::tokens::tokenize_caps(text);
        let ctx = Context {
            text,
            sentences: &analysis.sentences,
            mentions: &analysis.mentions,
            gazetteer: pipeline.gazetteer(),
        };
        let mut a = Analyzer::new(rules, &ctx, &toks, &caps);
        assert_eq!(
            a.country_mentions(),
            a.country_mentions_by_fold(),
            "country mentions in {text:?}"
        );
        word_tests_agree(&mut a, text);
        own_first_names_agree(&a, text);
        first_names_agree(&a, text);
        let (introduced, full_names) = a.scan_names(&caps);
        assert_eq!(
            introduced,
            a.introduced_names(),
            "introduced names in {text:?}"
        );
        assert_eq!(
            full_names,
            a.unmatched_full_names(),
            "unmatched full names in {text:?}"
        );
    }

    /// `is_own_first_name` answers what the `flat_map` form answers, for every person mention
    /// with an entity or candidates, and the words around it (and a few fixed words).
    fn own_first_names_agree(a: &Analyzer<'_>, text: &str) {
        for m in a.ctx.mentions.iter().filter(|m| m.kind.is_person()) {
            let k = a.tok_at(m.start);
            let around = (k.saturating_sub(3)..(k + 3).min(a.toks.len()))
                .filter(|&j| a.toks[j].is_word())
                .map(|j| a.folded(j).into_owned());
            let fixed = ["", "a", "mark", "jose", "j", "hamsik", "stephan"].map(String::from);
            for word in around.chain(fixed) {
                assert_eq!(
                    a.is_own_first_name(m, &word),
                    a.is_own_first_name_by_flat_map(m, &word),
                    "{word:?} before {:?} in {text:?}",
                    &text[m.start..m.end]
                );
            }
        }
    }

    /// `first_name_before` (kept per mention) answers what `other_first_name` does, for every
    /// mention, asked twice (worked out, then read back), and for a copy of each mention (not
    /// of the document's list: asked directly).
    fn first_names_agree(a: &Analyzer<'_>, text: &str) {
        for m in a.ctx.mentions {
            let expected = a.other_first_name(m);
            let copy = m.clone();
            for (which, got) in [
                ("first", a.first_name_before(m)),
                ("kept", a.first_name_before(m)),
                ("copy", a.first_name_before(&copy)),
            ] {
                assert_eq!(
                    got,
                    expected,
                    "{which} answer before {:?} in {text:?}",
                    &text[m.start..m.end]
                );
            }
        }
    }

    /// The words `any_name_word` offers, in order (it is never told to stop).
    fn name_words(name: &str) -> Vec<&str> {
        let mut words = Vec::new();
        assert!(!any_name_word(name, |w| {
            words.push(w);
            false
        }));
        words
    }

    /// `any_name_word` offers the words of `split_whitespace`, and stops at the first that
    /// holds.
    fn name_words_by_split(name: &str) {
        let expected: Vec<&str> = name.split_whitespace().collect();
        assert_eq!(name_words(name), expected, "{name:?}");
        for (i, target) in expected.iter().enumerate() {
            let mut offered = 0;
            assert!(any_name_word(name, |w| {
                offered += 1;
                w == *target
            }));
            let first = expected.iter().position(|w| w == target).unwrap_or(i);
            assert_eq!(offered, first + 1, "{target:?} in {name:?}");
        }
    }

    #[test]
    fn name_words_cases() {
        for name in [
            "",
            " ",
            "Jose",
            "Jose Mourinho",
            "  Jose   Mourinho  ",
            "Jose\tMourinho\nX\x0BY\x0CZ\rW",
            "A\x1CB\x1FC",
            "Marek Ham\u{161}\u{ED}k",
            "Jose\u{A0}Mourinho",
            "Jose\u{2003}Mourinho Felix",
            "O'Neill-Smith Jr.",
        ] {
            name_words_by_split(name);
        }
        assert_eq!(name_words(" Robin van  Persie"), ["Robin", "van", "Persie"]);
    }

    #[test]
    fn scan_names_cases() {
        let cases = [
            "England coach Ray Clemence said. Chief executive Peter Kenyon and Kenyon's view.",
            "Brian Kerr said Kerr was fine. Mark Kerr and Danny Williams; chief executive John \
             Williams. Williams said: \"Yes.\"",
            "Gordon Taylor, coach Gordon Taylor A B, head coach Craig Gordon Taylor's men.",
            "coach A coach B C coach D\ncoach\nE, manager  Two Spaces, assistant manager X Y Z",
            "Coach Ray Clemence Coach Mark Kerr Kerr Kerr Stuart Taylor Taylor",
            "Stephen Jordaan and Danny Jordaan; Jordaan said.",
            "Scotland manager Walter Smith and the former Scotland international; Hamšík coach X.",
            "Jason Scotland coach, SCOTLAND boss, Scotland's manager, Scotland  coach.",
            "",
        ];
        for text in cases {
            names_agree(text);
        }
        let mut seen = 0;
        for text in crate::extract::seed_texts() {
            names_agree(&text);
            seen += 1;
        }
        assert!(seen > 0, "no seed articles read");
    }

    /// Role nouns, capitalised names (the test gazetteer's surnames among them) and other words.
    fn name_piece() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("coach ".to_string()),
            Just("chief executive ".to_string()),
            Just("head coach ".to_string()),
            Just("England ".to_string()),
            Just("Scot ".to_string()),
            Just("Ray ".to_string()),
            Just("Brian ".to_string()),
            Just("Mark ".to_string()),
            Just("Kerr ".to_string()),
            Just("Kerr's ".to_string()),
            Just("Danny ".to_string()),
            Just("Williams ".to_string()),
            Just("Gordon ".to_string()),
            Just("Taylor ".to_string()),
            Just("Craig ".to_string()),
            Just("Scotland ".to_string()),
            Just("Hamšík ".to_string()),
            Just("manager ".to_string()),
            Just("the ".to_string()),
            Just("said ".to_string()),
            Just(", ".to_string()),
            Just(". ".to_string()),
            Just("\n".to_string()),
            Just(" ".to_string()),
            "[a-zA-Zé]{1,6} ",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        /// Any words and forms: the filtered lookup is the map's.
        #[test]
        fn forms_same_as_map(
            words in proptest::collection::vec("[a-zA-ZéÉšŠ']{1,6}", 0..16),
            forms in proptest::collection::vec("[a-zA-ZéÉšŠ']{1,6}", 0..4),
        ) {
            let mut text = words.join(" ");
            // Some forms appear in the text as they are.
            for f in &forms {
                text.push(' ');
                text.push_str(f);
            }
            let forms: Vec<&str> = forms.iter().map(String::as_str).collect();
            forms_agree(&text, &forms);
        }

        /// Any quote and word: the first-byte reject changes no answer.
        #[test]
        fn word_in_quote_same_as_search(
            parts in proptest::collection::vec("(Kerr|Ker|Olof|AbAb|Ab|é|Éric|[a-zA-Z]{1,3}|[ ,.'-])", 0..20),
            w in "(Kerr|Olof|AbAb|Ab|Éric|[A-Za-z]{1,4})",
        ) {
            let quote = parts.concat();
            prop_assert_eq!(word_in_quote(&quote, &w), word_in_quote_by_search(&quote, &w));
        }

        /// Short words of letters, digits and punctuation: the char forms' answers.
        #[test]
        fn short_word_tests_same_as_chars(w in "[a-zA-Z0-9'.,()\"«»éÉš-]{0,8}") {
            short_word_tests_agree(&w);
        }

        /// Names with ASCII and other whitespace: the words of `split_whitespace`.
        #[test]
        fn name_words_same_as_split(name in "[a-zA-Z' \t\n\r\x0B\x0C\x1C\x1F\u{A0}\u{2003}\u{E9}]{0,24}") {
            name_words_by_split(&name);
        }

        /// Any mix of roles and names: the one pass finds what the two scans find.
        #[test]
        fn scan_names_same_as_token_scans(parts in proptest::collection::vec(name_piece(), 0..24)) {
            names_agree(&parts.concat());
        }

        /// Any mix of those words: the shortcut finds what building every key finds.
        #[test]
        fn phrase_lookup_same_as_all_keys(parts in proptest::collection::vec(phrase_piece(), 0..12)) {
            phrases_agree(&parts.concat());
        }
    }
}
