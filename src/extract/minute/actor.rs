//! Who an event is about: splits a sentence into clauses and picks the player the minute's clause
//! is about, with the word lists of `data/rules/minute-words.txt`.
//!
//! The player is the first name of the minute's clause that is not an object (`past Buffon`), a
//! provider of the ball (`Callejon's corner`) or, for goals and chances, a goalkeeper. A clause with
//! no such name borrows one: from a pronoun's antecedent (`as he netted`), the next clauses of the
//! sentence, the clauses before it, and at last the next sentence (`in the 89th minute the
//! unthinkable happened. ... Koulibaly strode forward`). For a substitution the player coming on
//! wins (`withdrew Dybala for Cuadrado`).

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use rustc_hash::FxHashSet as HashSet;

use super::cues::Cues;
#[cfg(test)]
use super::expr::previous_words;
use super::expr::{in_quote, is_word_byte, previous_spans, rules_error, sections};
use crate::error::Result;
use crate::extract::Context;
use crate::facts::{EventType, Span};
use crate::gazetteer::EntityKind;

const WORDS: &str = include_str!("../../../data/rules/minute-words.txt");

/// How many sentences back a pronoun's antecedent is looked for.
const ANTECEDENT_SENTENCES: usize = 3;

/// How far (bytes) from the minute expression other clauses of its sentence are read.
const REACH: usize = 250;

/// A phrase as lower-case words.
type Phrase = Vec<String>;

/// Phrases with the set of their first words and of their last words: a phrase can start (end)
/// a run of words only if its first (last) word is the run's first, so most runs are refused by
/// one hash lookup instead of a comparison with every phrase (the candidate reader asks these
/// lists several times per name).
#[derive(Debug, Default)]
struct PhraseList {
    phrases: Vec<Phrase>,
    firsts: HashSet<String>,
    lasts: HashSet<String>,
    /// An empty phrase starts and ends every run of words: then nothing is refused.
    has_empty: bool,
}

impl PhraseList {
    fn push(&mut self, phrase: Phrase) {
        match (phrase.first(), phrase.last()) {
            (Some(first), Some(last)) => {
                self.firsts.insert(first.clone());
                self.lasts.insert(last.clone());
            }
            _ => self.has_empty = true,
        }
        self.phrases.push(phrase);
    }

    /// The phrases in file order.
    fn iter(&self) -> std::slice::Iter<'_, Phrase> {
        self.phrases.iter()
    }

    /// Whether a phrase starts `words` (the same answer as [`starts_with_phrase`] on each).
    fn any_starts(&self, words: &[&str]) -> bool {
        if !self.has_empty && !words.first().is_some_and(|&w| self.firsts.contains(w)) {
            return false;
        }
        self.iter().any(|p| starts_with_phrase(words, p))
    }

    /// Whether a phrase ends the words read nearest first (the same answer as
    /// [`ends_with_phrase`] on each).
    fn any_ends(&self, words_rev: &[&str]) -> bool {
        if !self.has_empty && !words_rev.first().is_some_and(|&w| self.lasts.contains(w)) {
            return false;
        }
        self.iter().any(|p| ends_with_phrase(words_rev, p))
    }
}

/// The word lists of the actor rules.
#[derive(Debug, Default)]
pub struct ActorRules {
    clause: Vec<Phrase>,
    /// The first words of `clause` (see [`FirstLen`]).
    clause_first: FirstLen,
    clause_named: HashSet<String>,
    /// The words of `clause_named` (see [`FirstLen`]).
    named_first: FirstLen,
    subordinator: HashSet<String>,
    adjunct: HashSet<String>,
    attempt_noun: HashSet<String>,
    denial: HashSet<String>,
    not_name: HashSet<String>,
    non_player: HashSet<String>,
    /// Finds the `non_player` words `doc_names` can read (see there).
    non_player_finder: Option<AhoCorasick>,
    modifier: HashSet<String>,
    common: crate::words::WordList,
    place: HashSet<String>,
    with_blocker: HashSet<String>,
    subject_pronoun: HashSet<String>,
    pronoun: HashSet<String>,
    anaphor: HashSet<String>,
    object: HashSet<String>,
    descriptor: HashSet<String>,
    keeper: HashSet<String>,
    assist_noun: PhraseList,
    assist_verb: PhraseList,
    sub_in_before: PhraseList,
    sub_in_after: PhraseList,
    sub_out_before: PhraseList,
    sub_off_verb: Vec<Phrase>,
    sub_way_verb: Vec<Phrase>,
}

/// What a document says about names the gazetteer does not know.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct DocNames {
    /// Surnames introduced with a non-player role (`Liverpool boss Rafael Benitez`), lower-case.
    non_player: HashSet<String>,
}

/// The longest role word [`ActorRules::doc_names`] reads (bytes).
const MAX_ROLE_WORD: usize = 12;

/// How a name stands in its clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Role {
    /// Likely the clause's actor.
    Subject,
    /// After a preposition or a verb that takes it as object.
    Object,
    /// Only supplied the ball.
    Assist,
}

/// A player mention with its role in its clause.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    /// The name as written.
    span: Span,
    /// Index into the document's mentions; `None` for a name the gazetteer does not know.
    index: Option<usize>,
    role: Role,
    /// For substitutions: the player coming on / going off.
    sub_in: bool,
    sub_out: bool,
    /// After a verb such as `denied`: for a chance, the player who had it.
    denied: bool,
}

/// The player chosen for an event and the clause they were found in.
#[derive(Debug, Clone, Copy)]
pub struct Actor {
    /// Index into the document's mentions; `None` for a name the gazetteer does not know.
    pub mention: Option<usize>,
    /// The clause holding the mention.
    pub clause: Span,
}

/// A minute expression whose player is looked for, with where it stands.
#[derive(Debug, Clone, Copy)]
pub struct ExprAt<'a> {
    /// Index of its sentence in the document's sentences.
    pub sentence: usize,
    /// The clauses of that sentence, as [`ActorRules::clauses`] gives them with `keep` at the
    /// expression's start.
    pub clauses: &'a [Span],
    /// The expression.
    pub expr: Span,
}

/// The (first byte, length) pairs of a set of words: bit `min(len, 63)` of the first byte's
/// entry. A word whose pair is not marked is not in the set, so most words of a sentence are
/// refused with one lookup before the set (hashing) or the phrase list (comparing each) is read.
#[derive(Debug, Clone)]
struct FirstLen([u64; 256]);

impl Default for FirstLen {
    /// Holds every pair (refuses nothing).
    fn default() -> FirstLen {
        FirstLen([u64::MAX; 256])
    }
}

impl FirstLen {
    /// The pairs of `words`; an empty word (which any word list would need to be read for)
    /// marks every pair.
    fn new<'w>(words: impl IntoIterator<Item = &'w str>) -> FirstLen {
        let mut table = [0u64; 256];
        for w in words {
            match w.as_bytes().first() {
                Some(&b) => table[usize::from(b)] |= 1 << w.len().min(63),
                None => return FirstLen::default(),
            }
        }
        FirstLen(table)
    }

    /// Whether `word` may be one of the words (`false`: it is not); an empty word may.
    fn may_hold(&self, word: &str) -> bool {
        word.as_bytes()
            .first()
            .is_none_or(|&b| self.0[usize::from(b)] & (1 << word.len().min(63)) != 0)
    }
}

/// The words of `text[start..end]` (runs of word bytes) as byte spans.
fn word_spans(text: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    Words::new(text, start, end).collect()
}

/// The words of a stretch of text as byte spans, in order, one at a time ([`word_spans`]
/// without the vector, for readers that stop early).
struct Words<'t> {
    bytes: &'t [u8],
    i: usize,
    end: usize,
}

impl<'t> Words<'t> {
    fn new(text: &'t str, start: usize, end: usize) -> Words<'t> {
        let bytes = text.as_bytes();
        Words {
            bytes,
            i: start,
            end: end.min(bytes.len()),
        }
    }
}

impl Iterator for Words<'_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        let b = self.bytes;
        while self.i < self.end && !is_word_byte(b[self.i]) {
            self.i += 1;
        }
        if self.i >= self.end {
            return None;
        }
        let s = self.i;
        while self.i < self.end && is_word_byte(b[self.i]) {
            self.i += 1;
        }
        Some((s, self.i))
    }
}

/// Up to `n` words after `offset` (stopping at sentence punctuation), as byte spans; a
/// possessive `'s` right after `offset` is read as the word `s`.
fn next_spans(text: &str, offset: usize, n: usize) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut i = offset.min(b.len());
    let mut out = Vec::with_capacity(n);
    while out.len() < n && i < b.len() {
        while i < b.len() && !is_word_byte(b[i]) {
            if matches!(b[i], b'.' | b'!' | b'?' | b';' | b':' | b'\n') {
                return out;
            }
            i += 1;
        }
        let s = i;
        while i < b.len() && is_word_byte(b[i]) {
            i += 1;
        }
        if text.get(s..i).is_some_and(|w| !w.is_empty()) {
            out.push((s, i));
        }
    }
    out
}

/// The words at `spans` read in `lower`, the text lowercased over ASCII: a word's bytes in it
/// are its bytes in the text lowercased, at the same offsets (no new string per word).
fn lower_words<'a>(lower: &'a str, spans: &[(usize, usize)]) -> Vec<&'a str> {
    spans
        .iter()
        .map(|&(s, e)| lower.get(s..e).unwrap_or(""))
        .collect()
}

/// Up to `n` words after `offset` (stopping at sentence punctuation), lower-cased; a possessive
/// `'s` right after `offset` is skipped. The reference [`next_spans`] is tested against.
#[cfg(test)]
fn next_words(text: &str, offset: usize, n: usize) -> Vec<String> {
    let b = text.as_bytes();
    let mut i = offset.min(b.len());
    let mut out = Vec::with_capacity(n);
    while out.len() < n && i < b.len() {
        while i < b.len() && !is_word_byte(b[i]) {
            if matches!(b[i], b'.' | b'!' | b'?' | b';' | b':' | b'\n') {
                return out;
            }
            i += 1;
        }
        let s = i;
        while i < b.len() && is_word_byte(b[i]) {
            i += 1;
        }
        if let Some(w) = text.get(s..i) {
            if !w.is_empty() {
                out.push(w.to_ascii_lowercase());
            }
        }
    }
    out
}

fn starts_with_phrase<W: AsRef<str>>(words: &[W], phrase: &Phrase) -> bool {
    words.len() >= phrase.len()
        && words
            .iter()
            .zip(phrase)
            .all(|(w, p)| w.as_ref() == p.as_str())
}

/// Whether the words (nearest first) end with a phrase written in reading order.
fn ends_with_phrase<W: AsRef<str>>(words_rev: &[W], phrase: &Phrase) -> bool {
    words_rev.len() >= phrase.len()
        && words_rev
            .iter()
            .zip(phrase.iter().rev())
            .all(|(w, p)| w.as_ref() == p.as_str())
}

fn contains_phrase<W: AsRef<str>>(words: &[W], phrase: &Phrase) -> bool {
    !phrase.is_empty()
        && words
            .windows(phrase.len())
            .any(|w| w.iter().zip(phrase).all(|(a, b)| a.as_ref() == b.as_str()))
}

impl ActorRules {
    /// Compiles the bundled word lists.
    pub fn new() -> Result<ActorRules> {
        let mut r = ActorRules {
            common: crate::words::WordList::parse("common-words.txt", crate::words::COMMON_WORDS),
            ..ActorRules::default()
        };
        for (line, section, value) in sections("minute-words.txt", WORDS)? {
            let lower = value.to_ascii_lowercase();
            let phrase: Phrase = lower.split_whitespace().map(str::to_string).collect();
            match section {
                "clause" => r.clause.push(phrase),
                "clause_named" => {
                    r.clause_named.insert(lower);
                }
                "subordinator" => {
                    r.subordinator.insert(lower);
                }
                "adjunct" => {
                    r.adjunct.insert(lower);
                }
                "attempt_noun" => {
                    r.attempt_noun.insert(lower);
                }
                "denial" => {
                    r.denial.insert(lower);
                }
                "not_name" => {
                    r.not_name.insert(lower);
                }
                "non_player" => {
                    r.non_player.insert(lower);
                }
                "modifier" => {
                    r.modifier.insert(lower);
                }
                "place" => {
                    r.place.insert(lower);
                }
                "with_blocker" => {
                    r.with_blocker.insert(lower);
                }
                "subject_pronoun" => {
                    r.subject_pronoun.insert(lower);
                }
                "pronoun" => {
                    r.pronoun.insert(lower);
                }
                "anaphor" => {
                    r.anaphor.insert(lower);
                }
                "object" => {
                    r.object.insert(lower);
                }
                "descriptor" => {
                    r.descriptor.insert(lower);
                }
                "keeper" => {
                    r.keeper.insert(lower);
                }
                "assist_noun" => r.assist_noun.push(phrase),
                "assist_verb" => r.assist_verb.push(phrase),
                "sub_in_before" => r.sub_in_before.push(phrase),
                "sub_in_after" => r.sub_in_after.push(phrase),
                "sub_out_before" => r.sub_out_before.push(phrase),
                "sub_off_verb" => r.sub_off_verb.push(phrase),
                "sub_way_verb" => r.sub_way_verb.push(phrase),
                _ => return Err(rules_error("minute-words.txt", line, "unknown section")),
            }
        }
        // An empty phrase starts every word list: then every first word is marked.
        r.clause_first = FirstLen::new(
            r.clause
                .iter()
                .map(|p| p.first().map_or("", String::as_str)),
        );
        r.named_first = FirstLen::new(r.clause_named.iter().map(String::as_str));
        // Only words that can be a whole word of `doc_names`: all word bytes, short enough.
        let mut roles: Vec<&String> = r
            .non_player
            .iter()
            .filter(|w| !w.is_empty() && w.len() <= MAX_ROLE_WORD && w.bytes().all(is_word_byte))
            .collect();
        roles.sort();
        // Case-sensitive and leftmost-first, searched in the text lowercased over ASCII (the
        // words are lowercase): only then does the automaton have a prefilter (Teddy) for this
        // many words; ASCII-case-insensitive or overlapping, it reads every byte of the text.
        r.non_player_finder = Some(
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::LeftmostFirst)
                .build(roles)
                .map_err(|e| rules_error("minute-words.txt", 0, e))?,
        );
        Ok(r)
    }

    /// Reads a document's unknown names introduced with a non-player role (`boss Rafael
    /// Benitez`, `referee Alan Freeland`), whose surnames are then never taken for players.
    /// `lower` is the document's text lowercased over ASCII (`str::to_ascii_lowercase`).
    pub fn doc_names(&self, ctx: &Context<'_>, lower: &str) -> DocNames {
        self.names_in_lower(ctx.text, lower)
    }

    /// [`ActorRules::doc_names`] of a text.
    #[cfg(test)]
    pub(crate) fn names_in(&self, text: &str) -> DocNames {
        self.names_in_lower(text, &text.to_ascii_lowercase())
    }

    /// [`ActorRules::doc_names`] of a text, given with its ASCII lowercasing `lower` (same
    /// length and offsets; a `lower` of another length finds nothing).
    ///
    /// The role words are found with an automaton instead of lower-casing and looking up every
    /// word of the text. The same words: a word (a maximal run of word bytes) of at most
    /// [`MAX_ROLE_WORD`] bytes whose ASCII lower case is in `non_player` is, in `lower`, an
    /// occurrence of an entry the automaton holds (lowercasing keeps offsets and word edges), at
    /// a word start. The automaton's leftmost-first matches do not overlap, yet one starts at
    /// every word start where an entry occurs: a match starting before it and running past it
    /// would hold the non-word byte before it, and the entries are all word bytes. So each such
    /// match start is a candidate, and its whole word is looked up as the reference does. The
    /// result is a set, so the order they are found in does not matter.
    pub(crate) fn names_in_lower(&self, text: &str, lower: &str) -> DocNames {
        let mut names = DocNames::default();
        let Some(finder) = &self.non_player_finder else {
            return names;
        };
        if lower.len() != text.len() {
            return names;
        }
        let bytes = lower.as_bytes();
        for m in finder.find_iter(lower) {
            let s = m.start();
            if s > 0 && is_word_byte(bytes[s - 1]) {
                continue;
            }
            let e = s + bytes[s..]
                .iter()
                .position(|&b| !is_word_byte(b))
                .unwrap_or(bytes.len() - s);
            if e - s <= MAX_ROLE_WORD
                && lower.get(s..e).is_some_and(|w| self.non_player.contains(w))
            {
                self.name_after_role(text, e, &mut names);
            }
        }
        names
    }

    /// After a role word ending at `e`: the last of up to three capitalised words that follow it,
    /// separated by single spaces, is a non-player's surname (`boss Rafael Benitez`).
    fn name_after_role(&self, text: &str, e: usize, names: &mut DocNames) {
        let mut last = None;
        // The words after the role word (it ends at `e`, before a non-word byte or the end).
        for (ws, we) in Words::new(text, e, text.len()).take(3) {
            let w = &text[ws..we];
            let gap_ok = text[last.map_or(e, |(_, le)| le)..ws]
                .chars()
                .all(|c| c == ' ');
            if !gap_ok || !w.chars().next().is_some_and(char::is_uppercase) {
                break;
            }
            last = Some((ws, we));
        }
        if let Some((ws, we)) = last {
            let w = &text[ws..we];
            let w = w
                .strip_suffix("'s")
                .or_else(|| w.strip_suffix('\''))
                .unwrap_or(w);
            names.non_player.insert(w.to_ascii_lowercase());
        }
    }

    /// [`ActorRules::names_in`] as first written: every word lower-cased and looked up. The
    /// reference the automaton is tested against.
    #[cfg(test)]
    pub(crate) fn names_in_reference(&self, text: &str) -> DocNames {
        let mut names = DocNames::default();
        let words = word_spans(text, 0, text.len());
        let mut lower = String::new();
        for (i, &(s, e)) in words.iter().enumerate() {
            if e - s > MAX_ROLE_WORD {
                continue;
            }
            lower.clear();
            lower.push_str(&text[s..e]);
            lower.make_ascii_lowercase();
            if !self.non_player.contains(&lower) {
                continue;
            }
            let mut last = None;
            for &(ws, we) in words.iter().skip(i + 1).take(3) {
                let w = &text[ws..we];
                let gap_ok = text[last.map_or(e, |(_, le)| le)..ws]
                    .chars()
                    .all(|c| c == ' ');
                if !gap_ok || !w.chars().next().is_some_and(char::is_uppercase) {
                    break;
                }
                last = Some((ws, we));
            }
            if let Some((ws, we)) = last {
                let w = &text[ws..we];
                let w = w
                    .strip_suffix("'s")
                    .or_else(|| w.strip_suffix('\''))
                    .unwrap_or(w);
                names.non_player.insert(w.to_ascii_lowercase());
            }
        }
        names
    }

    /// The clauses of a sentence, in order, covering it. No clause starts at `keep` (the minute
    /// expression itself: `with eight minutes left` belongs to the clause before it).
    pub fn clauses(&self, text: &str, sentence: Span, keep: Option<usize>) -> Vec<Span> {
        self.clauses_with(text, None, sentence, keep, true)
    }

    /// [`ActorRules::clauses`], given the text lowercased over ASCII (`str::to_ascii_lowercase`,
    /// which the minute stage keeps): the words' lowercase are read as its slices instead of
    /// being copied and lowercased into a string of their own per sentence. Same cuts (tested).
    pub fn clauses_lower(
        &self,
        text: &str,
        lower: &str,
        sentence: Span,
        keep: Option<usize>,
    ) -> Vec<Span> {
        self.clauses_with(text, Some(lower), sentence, keep, true)
    }

    /// [`ActorRules::clauses`] as first written: every word compared with the clause phrases and
    /// looked up in `clause_named`. The reference the [`FirstLen`] refusals are tested against.
    #[cfg(test)]
    pub(crate) fn clauses_reference(
        &self,
        text: &str,
        sentence: Span,
        keep: Option<usize>,
    ) -> Vec<Span> {
        self.clauses_with(text, None, sentence, keep, false)
    }

    /// [`ActorRules::clauses`], with the words refused by [`FirstLen`] first when `refuse`, and
    /// the words' lowercase read from `lower` (the text lowercased over ASCII) when given.
    fn clauses_with(
        &self,
        text: &str,
        lower: Option<&str>,
        sentence: Span,
        keep: Option<usize>,
        refuse: bool,
    ) -> Vec<Span> {
        let words = word_spans(text, sentence.start, sentence.end);
        // The words lower-cased: slices of the text lowercased (same offsets; a string of another
        // length is not trusted), else of one string built here.
        let mut buffer = String::new();
        let lower: Vec<&str> = match lower.filter(|l| l.len() == text.len()) {
            Some(l) => words
                .iter()
                .map(|&(s, e)| l.get(s..e).unwrap_or(""))
                .collect(),
            None => {
                buffer.reserve(sentence.end.saturating_sub(sentence.start));
                let mut ranges = Vec::with_capacity(words.len());
                for &(s, e) in &words {
                    let at = buffer.len();
                    buffer.push_str(&text[s..e]);
                    ranges.push((at, buffer.len()));
                }
                buffer.make_ascii_lowercase();
                ranges.iter().map(|&(a, b)| &buffer[a..b]).collect()
            }
        };
        let capital_or_pronoun = |i: usize| {
            words.get(i).is_some_and(|&(ns, ne)| {
                text[ns..ne].chars().next().is_some_and(char::is_uppercase)
                    || self.subject_pronoun.contains(lower[i])
            })
        };
        let mut cuts = Vec::new();
        let mut clause_start = 0usize;
        let mut subordinate = false;
        for (i, &(s, _)) in words.iter().enumerate() {
            if i == 0 {
                continue;
            }
            let gap = &text[words[i - 1].1..s];
            // A single space (most gaps) holds no quotation mark, dash, semicolon or comma.
            let space = gap == " ";
            // A closed quotation ends a sentence the segmenter may have left whole.
            let quote_end = !space
                && (gap.starts_with(".\"") || gap.starts_with("!\"") || gap.starts_with("?\""))
                && text[s..].chars().next().is_some_and(char::is_uppercase);
            let dash = !space
                && (quote_end
                    || gap.contains(';')
                    || gap.contains(" - ")
                    || gap.contains('\u{2013}')
                    || gap.contains('\u{2014}'));
            let blocked = |p: &Phrase| {
                p.first().is_some_and(|w| w == "with")
                    && lower[clause_start..i]
                        .iter()
                        .any(|w| self.with_blocker.contains(*w))
            };
            // A phrase starts here only if its first word is this word (or it has none).
            let opener = match !refuse || self.clause_first.may_hold(lower[i]) {
                true => self
                    .clause
                    .iter()
                    .find(|p| starts_with_phrase(&lower[i..], p) && !blocked(p)),
                false => None,
            };
            let named = (!refuse || self.named_first.may_hold(lower[i]))
                && self.clause_named.contains(lower[i])
                && capital_or_pronoun(i + 1);
            // A subordinate clause (`when Callejon swung it in,`) ends at a comma before a name.
            let comma = subordinate && !space && gap.contains(',') && capital_or_pronoun(i);
            if (dash || opener.is_some() || named || comma) && Some(s) != keep {
                cuts.push(s);
                clause_start = i;
                subordinate = opener
                    .is_some_and(|p| p.len() == 1 && self.subordinator.contains(&p[0]))
                    || (named && self.subordinator.contains(lower[i]));
            }
        }
        let mut out = Vec::with_capacity(cuts.len() + 1);
        let mut start = sentence.start;
        for c in cuts {
            if c > start {
                out.push(Span { start, end: c });
                start = c;
            }
        }
        out.push(Span {
            start,
            end: sentence.end,
        });
        out
    }

    /// Where a clause's pronoun or `the <role>` subject standing for a player is, if it opens
    /// with one (within its first six words).
    ///
    /// Up to eight words are read into an array and lowercased one at a time into one buffer, for
    /// the lookups that need them, instead of a vector of eight new strings per clause: the same
    /// words and tests as [`ActorRules::anaphor_at_reference`].
    pub(crate) fn anaphor_at(&self, text: &str, clause: Span) -> Option<usize> {
        let mut slots = [(0usize, 0usize); 8];
        let mut n = 0;
        for (slot, word) in slots
            .iter_mut()
            .zip(Words::new(text, clause.start, clause.end))
        {
            *slot = word;
            n += 1;
        }
        let words = &slots[..n];
        let mut buffer = String::new();
        let mut holds = |set: &HashSet<String>, i: usize| {
            words.get(i).is_some_and(|&(s, e)| {
                buffer.clear();
                buffer.push_str(&text[s..e]);
                buffer.make_ascii_lowercase();
                set.contains(buffer.as_str())
            })
        };
        (0..n.min(6)).find_map(|i| {
            let (s, e) = words[i];
            let hit = holds(&self.pronoun, i)
                || (text[s..e].eq_ignore_ascii_case("the")
                    && (holds(&self.anaphor, i + 1) || holds(&self.anaphor, i + 2)));
            hit.then_some(s)
        })
    }

    /// [`ActorRules::anaphor_at`] as first written: the reference it is tested against.
    #[cfg(test)]
    pub(crate) fn anaphor_at_reference(&self, text: &str, clause: Span) -> Option<usize> {
        let words: Vec<(usize, usize)> =
            Words::new(text, clause.start, clause.end).take(8).collect();
        let lower: Vec<String> = words
            .iter()
            .map(|&(s, e)| text[s..e].to_ascii_lowercase())
            .collect();
        lower.iter().enumerate().take(6).find_map(|(i, w)| {
            let hit = self.pronoun.contains(w)
                || (w == "the"
                    && (lower.get(i + 1).is_some_and(|n| self.anaphor.contains(n))
                        || lower.get(i + 2).is_some_and(|n| self.anaphor.contains(n))));
            hit.then(|| words[i].0)
        })
    }

    /// Classifies a player mention in its clause.
    ///
    /// The words around the name are read as slices of `lower` (the text lowercased over ASCII,
    /// same offsets), not lowercased into new strings: this runs for every name of every clause
    /// read.
    fn candidate(
        &self,
        text: &str,
        lower: &str,
        m: Span,
        index: Option<usize>,
        clause: Span,
        kind: Option<EventType>,
    ) -> Candidate {
        let prev_spans = previous_spans(text, m.start, 8);
        let prev = lower_words(lower, &prev_spans);
        // Skip descriptors (`by Senegal international Koulibaly`).
        let mut k = 0;
        let mut keeper = false;
        while k < prev.len() && k < 3 {
            let (rs, re) = prev_spans[k];
            let raw = &text[rs..re];
            let is_capital = raw.chars().next().is_some_and(char::is_uppercase)
                && !self.object.contains(prev[k]);
            if self.descriptor.contains(prev[k]) || is_capital && k < 2 && !raw.ends_with('\'') {
                keeper |= self.keeper.contains(prev[k]);
                k += 1;
            } else {
                break;
            }
        }
        let head = &prev[k..];
        let next = lower_words(lower, &next_spans(text, m.end, 4));
        let possessive = text[m.end..].starts_with("'s")
            || text[m.end..].starts_with("\u{2019}s")
            || text[m.end..].starts_with('\'');
        let next_noun = if possessive && next.first().is_some_and(|&w| w == "s") {
            &next[1..]
        } else {
            &next[..]
        };
        let assist_after = (0..next_noun.len().min(if possessive { 3 } else { 2 }))
            .any(|i| self.assist_noun.any_starts(&next_noun[i..]));
        let assist_verb = !possessive && self.assist_verb.any_starts(&next);
        // `a free kick from the left by Winter`: only place words between the ball and the name.
        let assist_from = head.first().is_some_and(|&w| w == "from" || w == "by")
            && (1..head.len().min(6))
                .take_while(|&i| i == 1 || self.place.contains(head[i - 1]))
                .any(|i| self.assist_noun.any_ends(&head[i..]));
        // `a header by Campbell`: the agent of an attempt is its actor.
        let attempt_by = head.first().is_some_and(|&w| w == "by")
            && head.get(1).is_some_and(|&w| self.attempt_noun.contains(w));
        let object = (head.first().is_some_and(|&w| self.object.contains(w)) && !attempt_by)
            || (keeper && matches!(kind, Some(EventType::Goal | EventType::Chance)));
        let role = if assist_after || assist_verb || assist_from {
            Role::Assist
        } else if object {
            Role::Object
        } else {
            Role::Subject
        };

        // Substitutions: which side of the change the name is on. The clause's words before the
        // name matter only after `to` / `for`, so they are read only then.
        let first = head.first().copied();
        let clause_before: Vec<&str> = if matches!(first, Some("to" | "for")) {
            lower_words(lower, &word_spans(text, clause.start, m.start))
        } else {
            Vec::new()
        };
        let after_marker = {
            let skip_who = if next.first().is_some_and(|&w| w == "who") {
                1
            } else {
                0
            };
            self.sub_in_after.any_starts(&next[skip_who..])
        };
        let way = self
            .sub_way_verb
            .iter()
            .any(|p| contains_phrase(&clause_before, p));
        let off = self
            .sub_off_verb
            .iter()
            .any(|p| contains_phrase(&clause_before, p));
        let sub_in = after_marker
            || self.sub_in_before.any_ends(head)
            || (first == Some("to") && way)
            || (first == Some("for") && (off || way));
        let sub_out = !sub_in && self.sub_out_before.any_ends(head);
        Candidate {
            denied: head.first().is_some_and(|&w| self.denial.contains(w)),
            span: m,
            index,
            role,
            sub_in,
            sub_out,
        }
    }

    /// Player mentions of a span, and names the gazetteer does not know, with their roles.
    ///
    /// `lower` is the document's text lowercased over ASCII (`str::to_ascii_lowercase`).
    fn candidates(
        &self,
        ctx: &Context<'_>,
        lower: &str,
        names: &DocNames,
        span: Span,
        kind: Option<EventType>,
    ) -> Vec<Candidate> {
        let first = ctx.mentions.partition_point(|m| m.start < span.start);
        let mut out = Vec::new();
        for (offset, m) in ctx.mentions[first..].iter().enumerate() {
            if m.start >= span.end {
                break;
            }
            if m.kind == EntityKind::Player {
                out.push(self.candidate(
                    ctx.text,
                    lower,
                    m.span(),
                    Some(first + offset),
                    span,
                    kind,
                ));
            }
        }
        for name in self.unknown_names(ctx, lower, names, span) {
            out.push(self.candidate(ctx.text, lower, name, None, span, kind));
        }
        out.sort_by_key(|c| c.span.start);
        out
    }

    /// Capitalised words of a span that no mention covers and that read as a person's name
    /// (`Bouba Diop's superb strike`): not a common word, not after `the`, not before a word such
    /// as `boss` or `defence`, not after a non-player role (`manager Richard Gough`), and at a
    /// sentence start not a word ending in `-ing`, `-ly` or `-ed` (`Increasing pressure ...`).
    ///
    /// Words are looked up as slices of `lower` (the text lowercased over ASCII).
    fn unknown_names(
        &self,
        ctx: &Context<'_>,
        lower: &str,
        names: &DocNames,
        span: Span,
    ) -> Vec<Span> {
        let text = ctx.text;
        let words = word_spans(text, span.start, span.end);
        let covered = |s: usize, e: usize| {
            ctx.mentions_in(s.saturating_sub(64), e)
                .iter()
                .any(|m| m.start < e && s < m.end)
        };
        let is_capital = |&(s, e): &(usize, usize)| {
            let raw = &text[s..e];
            let w = raw
                .strip_suffix("'s")
                .or_else(|| raw.strip_suffix('\''))
                .unwrap_or(raw);
            let mut chars = w.chars();
            chars.next().is_some_and(char::is_uppercase)
                && chars.any(char::is_lowercase)
                && !self.common.contains(&crate::fold::fold(w))
                && !self
                    .not_name
                    .contains(lower.get(s..s + w.len()).unwrap_or(""))
                && !covered(s, e)
        };
        let mut out = Vec::new();
        let mut i = 0;
        while i < words.len() {
            if !is_capital(&words[i]) {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            // A possessive ends a name (`Diop's superb strike`).
            while j < words.len()
                && !text[words[j - 1].0..words[j - 1].1].ends_with('\'')
                && !text[words[j - 1].0..words[j - 1].1].ends_with("'s")
                && text[words[j - 1].1..words[j].0].chars().all(|c| c == ' ')
                && is_capital(&words[j])
            {
                j += 1;
            }
            let (s, e) = (words[i].0, words[j - 1].1);
            let e = s + text[s..e]
                .trim_end_matches("'s")
                .trim_end_matches('\'')
                .len();
            let before = previous_spans(text, s, 1)
                .first()
                .map(|&(bs, be)| lower.get(bs..be).unwrap_or(""));
            let after = lower_words(lower, &next_spans(text, words[j - 1].1, 1));
            let sentence_start = ctx
                .sentence_index(s)
                .and_then(|k| ctx.sentences.get(k))
                .is_some_and(|sent| sent.start == s);
            let plain_word = !text[s..e].ends_with("ing")
                && !text[s..e].ends_with("ly")
                && !text[s..e].ends_with("ed");
            let surname = lower
                .get(s..e)
                .unwrap_or("")
                .rsplit(' ')
                .next()
                .unwrap_or("");
            let ok = !names.non_player.contains(surname)
                && !before.is_some_and(|b| {
                    matches!(b, "the" | "a" | "an") || self.non_player.contains(b)
                })
                && !after.first().is_some_and(|&a| self.modifier.contains(a))
                && (!sentence_start || j - i >= 2 || plain_word);
            if ok {
                out.push(Span { start: s, end: e });
            }
            i = j;
        }
        out
    }

    /// [`ActorRules::candidate`] as first written (each word lowercased into a new string): the
    /// reference it is tested against.
    #[cfg(test)]
    fn candidate_reference(
        &self,
        text: &str,
        m: Span,
        index: Option<usize>,
        clause: Span,
        kind: Option<EventType>,
    ) -> Candidate {
        let prev_raw = previous_words(text, m.start, 8);
        let prev: Vec<String> = prev_raw.iter().map(|w| w.to_ascii_lowercase()).collect();
        // Skip descriptors (`by Senegal international Koulibaly`).
        let mut k = 0;
        let mut keeper = false;
        while k < prev.len() && k < 3 {
            let raw = prev_raw[k];
            let is_capital = raw.chars().next().is_some_and(char::is_uppercase)
                && !self.object.contains(&prev[k]);
            if self.descriptor.contains(&prev[k]) || is_capital && k < 2 && !raw.ends_with('\'') {
                keeper |= self.keeper.contains(&prev[k]);
                k += 1;
            } else {
                break;
            }
        }
        let head = &prev[k..];
        let next = next_words(text, m.end, 4);
        let possessive = text[m.end..].starts_with("'s")
            || text[m.end..].starts_with("\u{2019}s")
            || text[m.end..].starts_with('\'');
        let next_noun = if possessive && next.first().is_some_and(|w| w == "s") {
            &next[1..]
        } else {
            &next[..]
        };
        let assist_after = (0..next_noun.len().min(if possessive { 3 } else { 2 })).any(|i| {
            self.assist_noun
                .iter()
                .any(|p| starts_with_phrase(&next_noun[i..], p))
        });
        let assist_verb = !possessive
            && self
                .assist_verb
                .iter()
                .any(|p| starts_with_phrase(&next, p));
        // `a free kick from the left by Winter`: only place words between the ball and the name.
        let assist_from = head.first().is_some_and(|w| w == "from" || w == "by")
            && (1..head.len().min(6))
                .take_while(|&i| i == 1 || self.place.contains(&head[i - 1]))
                .any(|i| {
                    self.assist_noun
                        .iter()
                        .any(|p| ends_with_phrase(&head[i..], p))
                });
        // `a header by Campbell`: the agent of an attempt is its actor.
        let attempt_by = head.first().is_some_and(|w| w == "by")
            && head.get(1).is_some_and(|w| self.attempt_noun.contains(w));
        let object = (head.first().is_some_and(|w| self.object.contains(w)) && !attempt_by)
            || (keeper && matches!(kind, Some(EventType::Goal | EventType::Chance)));
        let role = if assist_after || assist_verb || assist_from {
            Role::Assist
        } else if object {
            Role::Object
        } else {
            Role::Subject
        };

        // Substitutions: which side of the change the name is on. The clause's words before the
        // name matter only after `to` / `for`, so they are read only then.
        let first = head.first().map(String::as_str);
        let clause_before: Vec<String> = if matches!(first, Some("to" | "for")) {
            word_spans(text, clause.start, m.start)
                .iter()
                .map(|&(s, e)| text[s..e].to_ascii_lowercase())
                .collect()
        } else {
            Vec::new()
        };
        let after_marker = {
            let skip_who = if next.first().is_some_and(|w| w == "who") {
                1
            } else {
                0
            };
            self.sub_in_after
                .iter()
                .any(|p| starts_with_phrase(&next[skip_who..], p))
        };
        let way = self
            .sub_way_verb
            .iter()
            .any(|p| contains_phrase(&clause_before, p));
        let off = self
            .sub_off_verb
            .iter()
            .any(|p| contains_phrase(&clause_before, p));
        let sub_in = after_marker
            || self.sub_in_before.iter().any(|p| ends_with_phrase(head, p))
            || (first == Some("to") && way)
            || (first == Some("for") && (off || way));
        let sub_out = !sub_in
            && self
                .sub_out_before
                .iter()
                .any(|p| ends_with_phrase(head, p));
        Candidate {
            denied: head.first().is_some_and(|w| self.denial.contains(w)),
            span: m,
            index,
            role,
            sub_in,
            sub_out,
        }
    }

    /// Whether the first-word and last-word refusals of the phrase lists answer as a comparison
    /// with every phrase does, for `words` and every run of words made from a phrase of the lists
    /// (whole, cut short, reversed, with `words` before and after it). Returns how many runs held
    /// a phrase.
    #[cfg(test)]
    pub(crate) fn check_phrase_lists(&self, words: &[&str]) -> Result<usize, String> {
        let lists = [
            &self.assist_noun,
            &self.assist_verb,
            &self.sub_in_before,
            &self.sub_in_after,
            &self.sub_out_before,
        ];
        let mut runs: Vec<Vec<&str>> = vec![words.to_vec()];
        for list in lists {
            for p in list.iter() {
                let p: Vec<&str> = p.iter().map(String::as_str).collect();
                for cut in 0..=p.len() {
                    runs.push(p[..cut].to_vec());
                    runs.push(p[cut..].to_vec());
                }
                runs.push(p.iter().rev().copied().collect());
                runs.push(p.iter().chain(words).copied().collect());
                runs.push(words.iter().chain(&p).copied().collect());
                runs.push(p.iter().rev().chain(words).copied().collect());
            }
        }
        let mut held = 0;
        for run in &runs {
            for list in lists {
                let starts = list.iter().any(|p| starts_with_phrase(run, p));
                let ends = list.iter().any(|p| ends_with_phrase(run, p));
                if list.any_starts(run) != starts || list.any_ends(run) != ends {
                    return Err(format!("{run:?}: starts {starts}, ends {ends}"));
                }
                held += usize::from(starts) + usize::from(ends);
            }
        }
        Ok(held)
    }

    /// The candidates of a span by [`ActorRules::candidates`] and by the reference readers, as
    /// debug strings, for the tests comparing them.
    #[cfg(test)]
    pub(crate) fn candidates_both(
        &self,
        ctx: &Context<'_>,
        lower: &str,
        names: &DocNames,
        span: Span,
        kind: Option<EventType>,
    ) -> (String, String) {
        (
            format!("{:?}", self.candidates(ctx, lower, names, span, kind)),
            format!("{:?}", self.candidates_reference(ctx, names, span, kind)),
        )
    }

    /// [`ActorRules::candidates`] through the reference readers.
    #[cfg(test)]
    fn candidates_reference(
        &self,
        ctx: &Context<'_>,
        names: &DocNames,
        span: Span,
        kind: Option<EventType>,
    ) -> Vec<Candidate> {
        let first = ctx.mentions.partition_point(|m| m.start < span.start);
        let mut out = Vec::new();
        for (offset, m) in ctx.mentions[first..].iter().enumerate() {
            if m.start >= span.end {
                break;
            }
            if m.kind == EntityKind::Player {
                out.push(self.candidate_reference(
                    ctx.text,
                    m.span(),
                    Some(first + offset),
                    span,
                    kind,
                ));
            }
        }
        for name in self.unknown_names_reference(ctx, names, span) {
            out.push(self.candidate_reference(ctx.text, name, None, span, kind));
        }
        out.sort_by_key(|c| c.span.start);
        out
    }

    /// [`ActorRules::unknown_names`] as first written: the reference it is tested against.
    #[cfg(test)]
    fn unknown_names_reference(
        &self,
        ctx: &Context<'_>,
        names: &DocNames,
        span: Span,
    ) -> Vec<Span> {
        let text = ctx.text;
        let words = word_spans(text, span.start, span.end);
        let covered = |s: usize, e: usize| {
            ctx.mentions_in(s.saturating_sub(64), e)
                .iter()
                .any(|m| m.start < e && s < m.end)
        };
        let is_capital = |&(s, e): &(usize, usize)| {
            let raw = &text[s..e];
            let w = raw
                .strip_suffix("'s")
                .or_else(|| raw.strip_suffix('\''))
                .unwrap_or(raw);
            let mut chars = w.chars();
            chars.next().is_some_and(char::is_uppercase)
                && chars.any(char::is_lowercase)
                && !self.common.contains(&crate::fold::fold(w))
                && !self.not_name.contains(&w.to_ascii_lowercase())
                && !covered(s, e)
        };
        let mut out = Vec::new();
        let mut i = 0;
        while i < words.len() {
            if !is_capital(&words[i]) {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            // A possessive ends a name (`Diop's superb strike`).
            while j < words.len()
                && !text[words[j - 1].0..words[j - 1].1].ends_with('\'')
                && !text[words[j - 1].0..words[j - 1].1].ends_with("'s")
                && text[words[j - 1].1..words[j].0].chars().all(|c| c == ' ')
                && is_capital(&words[j])
            {
                j += 1;
            }
            let (s, e) = (words[i].0, words[j - 1].1);
            let e = s + text[s..e]
                .trim_end_matches("'s")
                .trim_end_matches('\'')
                .len();
            let before = previous_words(text, s, 1);
            let before = before.first().map(|w| w.to_ascii_lowercase());
            let after = next_words(text, words[j - 1].1, 1);
            let sentence_start = ctx
                .sentence_index(s)
                .and_then(|k| ctx.sentences.get(k))
                .is_some_and(|sent| sent.start == s);
            let plain_word = !text[s..e].ends_with("ing")
                && !text[s..e].ends_with("ly")
                && !text[s..e].ends_with("ed");
            let surname = text[s..e]
                .rsplit(' ')
                .next()
                .unwrap_or("")
                .to_ascii_lowercase();
            let ok = !names.non_player.contains(&surname)
                && !before.as_deref().is_some_and(|b| {
                    matches!(b, "the" | "a" | "an") || self.non_player.contains(b)
                })
                && !after.first().is_some_and(|a| self.modifier.contains(a))
                && (!sentence_start || j - i >= 2 || plain_word);
            if ok {
                out.push(Span { start: s, end: e });
            }
            i = j;
        }
        out
    }

    /// The best candidate of a clause at or above a role.
    fn pick(cands: &[Candidate], role: Role, kind: Option<EventType>) -> Option<Candidate> {
        if kind == Some(EventType::Substitution) {
            if let Some(c) = cands.iter().find(|c| c.sub_in) {
                return Some(*c);
            }
        }
        // `as Paulo Ferreira denied Gerrard`: the chance was Gerrard's.
        if kind == Some(EventType::Chance) {
            if let Some(c) = cands.iter().find(|c| c.denied) {
                return Some(*c);
            }
        }
        cands
            .iter()
            .filter(|c| !(kind == Some(EventType::Substitution) && c.sub_out))
            .find(|c| c.role <= role)
            .copied()
    }

    /// Finds the player an event at `at.expr` is about. `kind` is the event type read from the
    /// cues of the minute's clause, if any.
    ///
    /// `lower` is the document's text lowercased over ASCII (`str::to_ascii_lowercase`).
    pub fn find(
        &self,
        ctx: &Context<'_>,
        lower: &str,
        names: &DocNames,
        cues: &Cues,
        at: ExprAt<'_>,
        kind: Option<EventType>,
    ) -> Option<Actor> {
        let ExprAt {
            sentence,
            clauses,
            expr,
        } = at;
        if clauses.is_empty() {
            return None;
        }
        let c0 = clauses
            .iter()
            .position(|c| c.start <= expr.start && expr.start < c.end)
            .unwrap_or(0);
        // The candidates of each clause, read when first needed (most events are settled by
        // the minute's own clause); they depend on nothing but the clause.
        let per_clause: Vec<std::cell::OnceCell<Vec<Candidate>>> =
            clauses.iter().map(|_| std::cell::OnceCell::new()).collect();
        let cands_of = |i: usize| {
            per_clause[i].get_or_init(|| {
                let mut cands = self.candidates(ctx, lower, names, clauses[i], kind);
                // Words of the minute expression itself (`Twelve minutes in`) are no names.
                cands.retain(|x| {
                    x.index.is_some() || x.span.end <= expr.start || x.span.start >= expr.end
                });
                cands
            })
        };
        let found = |i: usize, role: Role| {
            Self::pick(cands_of(i), role, kind).map(|c| Actor {
                mention: c.index,
                clause: clauses[i],
            })
        };
        // 1. A pronoun subject before any name (`The Italian was sent off ...`): the last player
        //    named before; 2. else the minute's own clause.
        let first_name = cands_of(c0).first().map_or(usize::MAX, |c| c.span.start);
        let anaphor = self
            .anaphor_at(ctx.text, clauses[c0])
            .filter(|&at| at < first_name);
        let coming_on =
            kind == Some(EventType::Substitution) && cands_of(c0).iter().any(|c| c.sub_in);
        if anaphor.is_some() && !coming_on {
            if let Some(a) = self.antecedent(ctx, lower, names, sentence, &clauses[..c0], kind) {
                return Some(a);
            }
        }
        if let Some(a) = found(c0, Role::Subject) {
            return Some(a);
        }
        // 3. The clauses after it, then those before it (before it first when the minute's
        //    clause is an adjunct: `... Koulibaly scored | with a header in the last minute`).
        //    Clauses far from the minute (run-on text) are not read.
        let near = |c: &Span| c.start < expr.end + REACH && c.end + REACH > expr.start;
        let later: Vec<usize> = (c0 + 1..clauses.len())
            .filter(|&i| near(&clauses[i]))
            .collect();
        let earlier: Vec<usize> = (0..c0).rev().filter(|&i| near(&clauses[i])).collect();
        let adjunct = Words::new(ctx.text, clauses[c0].start, clauses[c0].end)
            .next()
            .is_some_and(|(s, e)| self.adjunct.contains(lower.get(s..e).unwrap_or("")));
        let order: Vec<usize> = if adjunct {
            earlier.iter().chain(&later).copied().collect()
        } else {
            later.iter().chain(&earlier).copied().collect()
        };
        for &i in &order {
            if let Some(a) = found(i, Role::Subject) {
                return Some(a);
            }
        }
        // 4. Objects, then providers, of the sentence.
        for role in [Role::Object, Role::Assist] {
            for &i in std::iter::once(&c0).chain(order.iter()) {
                if let Some(a) = found(i, role) {
                    return Some(a);
                }
            }
        }
        // 5. No player in the sentence: the next sentence's first clause with a cue and a name
        //    (its subject first).
        let next = *ctx.sentences.get(sentence + 1)?;
        let mut fallback = None;
        let next_clauses = self.clauses_lower(ctx.text, lower, next, None);
        for (k, &c) in next_clauses.iter().enumerate() {
            if cues.event_type(ctx.text, c.start, c.end).is_none() {
                continue;
            }
            let cands = self.candidates(ctx, lower, names, c, kind);
            // `... send Gary O'Neil away but, having shrugged off Toure, the Pompey midfielder
            // planted his shot wide`: the role noun stands for the player named before.
            let first_name = cands.first().map_or(usize::MAX, |x| x.span.start);
            if self
                .anaphor_at(ctx.text, c)
                .is_some_and(|at| at < first_name)
                || (cands.iter().all(|x| x.role != Role::Subject)
                    && self.anaphor_at(ctx.text, c).is_some())
            {
                if let Some(a) =
                    self.antecedent(ctx, lower, names, sentence + 1, &next_clauses[..k], kind)
                {
                    return Some(a);
                }
            }
            if let Some(chosen) = Self::pick(&cands, Role::Object, kind) {
                let actor = Actor {
                    mention: chosen.index,
                    clause: c,
                };
                if chosen.role == Role::Subject {
                    return Some(actor);
                }
                fallback.get_or_insert(actor);
            }
        }
        fallback
    }

    /// The player a pronoun stands for: the nearest subject named before it, in the clauses
    /// before it, then in up to three sentences before. A coach or referee named nearer
    /// (`Allegri surprised many when he withdrew ...`) is who the pronoun stands for: then there is
    /// no antecedent.
    fn antecedent(
        &self,
        ctx: &Context<'_>,
        lower: &str,
        names: &DocNames,
        sentence: usize,
        before: &[Span],
        kind: Option<EventType>,
    ) -> Option<Actor> {
        let is_non_player =
            |m: &crate::facts::Mention| matches!(m.kind, EntityKind::Coach | EntityKind::Referee);
        let subjects = |c: Span| {
            let mut cands = self.candidates(ctx, lower, names, c, kind);
            cands.retain(|x| !in_quote(ctx.text, x.span.start) && x.role == Role::Subject);
            cands
        };
        // Players the gazetteer knows first (a pronoun mostly stands for a player named often);
        // an unknown name only when no known one is found.
        let mut unknown = None;
        // In the pronoun's own sentence: the nearest subject before it.
        for &c in before.iter().rev() {
            let people = ctx.mentions_in(c.start, c.end);
            for cand in subjects(c).iter().rev() {
                if people
                    .iter()
                    .any(|m| m.start >= cand.span.end && is_non_player(m))
                {
                    return unknown;
                }
                let actor = Actor {
                    mention: cand.index,
                    clause: c,
                };
                if cand.index.is_some() {
                    return Some(actor);
                }
                unknown.get_or_insert(actor);
            }
        }
        // In the sentences before: the subject of the nearest sentence naming a player.
        for back in 1..=ANTECEDENT_SENTENCES {
            let Some(&prev) = sentence
                .checked_sub(back)
                .and_then(|i| ctx.sentences.get(i))
            else {
                break;
            };
            for c in self.clauses_lower(ctx.text, lower, prev, None) {
                let people = ctx.mentions_in(c.start, c.end);
                let cands = subjects(c);
                let first = cands.first().map_or(c.end, |x| x.span.start);
                if people.iter().any(|m| m.start < first && is_non_player(m)) {
                    return unknown;
                }
                if let Some(known) = cands.iter().find(|x| x.index.is_some()) {
                    return Some(Actor {
                        mention: known.index,
                        clause: c,
                    });
                }
                if !cands.is_empty() {
                    unknown.get_or_insert(Actor {
                        mention: None,
                        clause: c,
                    });
                }
            }
        }
        unknown
    }
}
