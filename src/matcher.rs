//! Exact gazetteer matching over the folded text: each word is looked up in a set of the forms'
//! first words, and where it is one, the longest form starting there and ending at a word
//! boundary is taken, found by the hashes of the text from that word to each boundary that
//! follows (an anchored aho-corasick automaton only for forms that open with punctuation).
//!
//! Finds names, aliases and derived surnames at word boundaries, case- and diacritic-insensitively,
//! with possessives left outside the span. A form spelled with capitals in the gazetteer only
//! matches capitalised (or all-caps) text, so `young` is not Ashley Young. Ambiguous forms are
//! settled by [`resolve`] from the document's other mentions. Misspellings are the job of
//! [`crate::fuzzy`]; this stage does not look at them.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use aho_corasick::{AhoCorasick, Anchored, Input, MatchKind as AcMatchKind, StartKind};

use crate::candidates::{person_club, CandidateLists, ListOrder, NO_CLUB};
use crate::error::{Error, Result};
use crate::facts::{Candidates, MatchKind, Mention, Span};
use crate::fold::{fold, Folded};
use crate::gazetteer::{EntityKind, Gazetteer};
use crate::words::WordList;

/// One entity a surface form can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    entity: u32,
    kind: MatchKind,
}

/// A distinct folded surface form while the matcher is built.
#[derive(Debug, Clone)]
struct FormBuilder {
    entries: Vec<Entry>,
    /// Per word of the form: whether the text must be capitalised there.
    needs_capital: Vec<bool>,
    /// A single-word form that is also a common English word (`Young`, `Rose`).
    common_word: bool,
}

/// A distinct folded surface form as a match reads it: everything the mention needs in one
/// place (a match costs one memory access here, not one per field).
#[derive(Debug, Clone)]
struct Pattern {
    /// The entity, when the form names only one.
    entity: Option<u32>,
    /// The entities, when the form names more than one (else empty): shared by its mentions.
    candidates: Candidates,
    /// How the mention is matched: the entry's kind, or the best kind among several.
    kind: MatchKind,
    /// The kind of the entity, or of the first candidate (what the mention's `kind` is).
    entity_kind: EntityKind,
    /// The number of words of the form.
    words: u16,
    /// Bit `i`: the text must be capitalised at word `i` (the first 64 words; no gazetteer
    /// form comes near that, and later words are not checked).
    capitals: u64,
    /// A single-word form that is also a common English word (`Young`, `Rose`).
    common_word: bool,
    /// The folded form: `Matcher::forms[start..end]` (read here, beside the rest, when a
    /// lookup by hash is checked against the text).
    form: (u32, u32),
    /// The folded form's bytes when it is at most [`SHORT_FORM`] bytes long (most are): a hash
    /// hit is then checked against the text without reading `Matcher::forms`, another place in
    /// memory.
    short: [u8; SHORT_FORM],
}

/// The longest folded form a [`Pattern`] holds itself.
const SHORT_FORM: usize = 16;

impl From<FormBuilder> for Pattern {
    fn from(form: FormBuilder) -> Pattern {
        let capitals = form
            .needs_capital
            .iter()
            .take(64)
            .enumerate()
            .filter(|(_, &need)| need)
            .fold(0u64, |bits, (i, _)| bits | 1 << i);
        let (entity, candidates) = match form.entries.as_slice() {
            [one] => (Some(one.entity), Candidates::default()),
            many => (None, many.iter().map(|e| e.entity).collect::<Candidates>()),
        };
        Pattern {
            entity,
            candidates,
            kind: form
                .entries
                .iter()
                .map(|e| e.kind)
                .min()
                .unwrap_or(MatchKind::Exact),
            entity_kind: EntityKind::Player, // set from the gazetteer when the matcher is built
            words: u16::try_from(form.needs_capital.len()).unwrap_or(u16::MAX),
            capitals,
            common_word: form.common_word,
            form: (0, 0),
            short: [0; SHORT_FORM],
        }
    }
}

/// The compiled exact matcher, built once per gazetteer and shared across threads.
///
/// A form can only match where a word starts, and only where that word is the form's first
/// word. Most words are lower case, and only a few name particles (`de`, `van`) start forms
/// with a lower-case letter: the text is skipped eight bytes at a time to the next word that
/// opens with a capital, a digit, a non-ASCII char or a particle's initial (`FormInitials`).
/// Those words are looked up in a bit set of first-word hashes (most are not first words, and
/// cost one bit test; a lower-case word only among the first words of forms that need no
/// capital, in a small table that stays in cache). Where a word is one, the text from there to each word
/// boundary that follows (within the longest form's length) is hashed as it is scanned; a hash
/// that passes a bit set of the forms' hashes is looked up among the forms, and the longest
/// found wins. Unlike an automaton walk (one cache miss per byte in a structure of tens of
/// megabytes at 100k people), that costs a few bit tests in cache and about one lookup per match.
#[derive(Debug, Clone)]
pub struct Matcher {
    /// For forms that open with punctuation (`'t Hart`), tried after a non-word char; built only
    /// for gazetteers that have such forms.
    automaton: Option<AhoCorasick>,
    patterns: Vec<Pattern>,
    /// The forms' first words (their leading run of word characters), by their hash: whether a
    /// word starts a form, starts one that may match with a lower-case first letter (`the`,
    /// `real`, `city` start forms, but only capitalised), and starts one that goes on past it
    /// (`david` of `david smith`, `o` of `o'neill`). The three flags of a word lie side by side,
    /// so the word costs one memory access for all three.
    first_words: FirstWordFlags,
    /// The first words of the forms that may match with a lower-case first letter (a few name
    /// particles, `van`, `de`): a small table that stays in cache, so that the text's
    /// lower-case words (most of them) are turned away without reading `first_words`.
    lower_first_words: HashBits,
    /// The bytes of the original text that may begin a word where a form starts: the text
    /// between two of them is skipped eight bytes at a time, without finding or hashing its
    /// words (most of them lower case, and no form starts with them).
    initials: FormInitials,
    /// Some form starts with a non-word character (`'t Hart`): such places are tried too.
    punctuation_starts: bool,
    /// The hashes of the forms that go on past their first word (`david smith`).
    continued_forms: HashBits,
    /// By the hash of a first word: a bound on the byte length of the forms that go on past it
    /// (the text is hashed no further than that).
    continued_lengths: ContinuedLengths,
    /// Every form by its [`form_hash`] hash: its pattern, or [`SHARED_HASH`] when two forms
    /// share a hash (then they are in `shared_hashes`).
    by_hash: FormsByHash,
    /// The patterns of forms whose hash another form has too (almost always empty).
    shared_hashes: HashMap<u64, Vec<u32>>,
    /// Every pattern's folded form, one after the other (see [`Pattern::form`]).
    forms: String,
}

/// A word of the text where a form may start.
#[derive(Debug, Clone, Copy)]
struct Word {
    /// Its end (folded offset).
    end: usize,
    /// Its [`form_hash`] hash.
    hash: u64,
    /// Its entry in [`Matcher::by_hash`], read ahead.
    entry: Option<u32>,
    /// Whether forms of more than one word may start with it
    /// ([`FirstWordFlags::CONTINUED`]).
    continued: bool,
}

/// A word of the folded text where a form may start: its start and end, its [`form_hash`] hash
/// and its [`FirstWordFlags`].
type Start = (usize, usize, u64, u8);

/// In [`Matcher::by_hash`]: more than one form has this hash.
const SHARED_HASH: u32 = u32::MAX;

impl Matcher {
    /// Compiles every name, alias and derived surname of the gazetteer.
    pub fn new(gazetteer: &Gazetteer, common_words: &WordList) -> Result<Matcher> {
        let mut index: HashMap<String, usize> = HashMap::default();
        let mut folded_forms: Vec<String> = Vec::new();
        let mut patterns: Vec<FormBuilder> = Vec::new();
        for (i, entity) in gazetteer.entities().iter().enumerate() {
            let forms = std::iter::once((entity.name.as_str(), MatchKind::Exact))
                .chain(
                    entity
                        .aliases
                        .iter()
                        .map(|a| (a.as_str(), MatchKind::Alias)),
                )
                .chain(entity.surname().map(|s| (s, MatchKind::Surname)));
            for (form, kind) in forms {
                let folded = fold(form);
                if folded.trim().is_empty() {
                    continue;
                }
                let caps: Vec<bool> = form.split_whitespace().map(starts_upper).collect();
                let slot = *index.entry(folded.clone()).or_insert_with(|| {
                    folded_forms.push(folded.clone());
                    patterns.push(FormBuilder {
                        entries: Vec::new(),
                        needs_capital: caps.clone(),
                        common_word: !folded.contains(' ') && common_words.contains(&folded),
                    });
                    patterns.len() - 1
                });
                let pattern = &mut patterns[slot];
                if pattern.needs_capital.len() == caps.len() {
                    for (need, cap) in pattern.needs_capital.iter_mut().zip(&caps) {
                        *need = *need && *cap;
                    }
                }
                let entity = i as u32;
                match pattern.entries.iter_mut().find(|e| e.entity == entity) {
                    Some(existing) => existing.kind = existing.kind.min(kind),
                    None => pattern.entries.push(Entry { entity, kind }),
                }
            }
        }
        let punctuation_starts = folded_forms
            .iter()
            .any(|f| f.chars().next().is_some_and(|c| !is_word_char(c)));
        let automaton = match punctuation_starts {
            true => Some(
                AhoCorasick::builder()
                    .match_kind(AcMatchKind::LeftmostLongest)
                    .start_kind(StartKind::Anchored)
                    .build(&folded_forms)
                    .map_err(|e| Error::Invalid(format!("cannot build the name automaton: {e}")))?,
            ),
            false => None,
        };
        let mut first_words = FirstWordFlags::new();
        let mut continued_forms = HashBits::new(HashBits::BITS);
        let mut lower_firsts: Vec<u64> = Vec::new();
        let mut initials = FormInitials::default();
        let mut continued_lengths = ContinuedLengths::new();
        let mut by_hash: HashMap<u64, u32> = HashMap::default();
        let mut shared_hashes: HashMap<u64, Vec<u32>> = HashMap::default();
        for (p, (f, pattern)) in folded_forms.iter().zip(&patterns).enumerate() {
            let first = &f[..first_word_end(f, 0)];
            first_words.insert(first, FirstWordFlags::FIRST);
            let lower_first = !pattern.needs_capital.first().copied().unwrap_or(false);
            if lower_first {
                first_words.insert(first, FirstWordFlags::LOWER_FIRST);
                lower_firsts.push(form_hash(first.as_bytes()));
            }
            initials.insert(first, lower_first);
            if first.len() < f.len() {
                first_words.insert(first, FirstWordFlags::CONTINUED);
                continued_forms.insert(f);
                continued_lengths.insert(form_hash(first.as_bytes()), f.len());
            }
            let h = form_hash(f.as_bytes());
            let previous = by_hash.insert(h, p as u32);
            if let Some(q) = previous {
                by_hash.insert(h, SHARED_HASH);
                let shared = shared_hashes.entry(h).or_default();
                if q != SHARED_HASH {
                    shared.push(q);
                }
                shared.push(p as u32);
            }
        }
        let mut forms = String::new();
        let patterns = patterns
            .into_iter()
            .zip(&folded_forms)
            .map(|(builder, folded)| {
                let start = forms.len() as u32;
                forms.push_str(folded);
                let mut short = [0; SHORT_FORM];
                if let Some(bytes) = short.get_mut(..folded.len()) {
                    bytes.copy_from_slice(folded.as_bytes());
                }
                let pattern = Pattern::from(builder);
                let first = pattern
                    .entity
                    .or_else(|| pattern.candidates.first().copied());
                Pattern {
                    form: (start, forms.len() as u32),
                    short,
                    entity_kind: first
                        .and_then(|e| gazetteer.kind_of(e as usize))
                        .unwrap_or(EntityKind::Player),
                    ..pattern
                }
            })
            .collect();
        Ok(Matcher {
            automaton,
            patterns,
            first_words,
            lower_first_words: HashBits::of_hashes(&lower_firsts),
            initials,
            punctuation_starts,
            continued_forms,
            continued_lengths,
            by_hash: FormsByHash::new(&by_hash),
            shared_hashes,
            forms,
        })
    }

    /// The entities of each surface form that names more than one (`Smith`), in form order.
    pub fn candidate_lists(&self) -> impl Iterator<Item = &[u32]> + '_ {
        self.patterns
            .iter()
            .map(|p| &*p.candidates)
            .filter(|c| !c.is_empty())
    }

    /// Makes each ambiguous form's mentions carry the prepared list of its candidates (shared,
    /// with its index in `lists`), so that later stages find what was prepared for it without
    /// a lookup. Lists not among `lists` stay as they are.
    pub fn share_candidate_lists(&mut self, lists: &CandidateLists) {
        for pattern in &mut self.patterns {
            if !pattern.candidates.is_empty() {
                pattern.candidates = lists.share(&pattern.candidates);
            }
        }
    }

    /// The number of distinct surface forms compiled.
    pub fn form_count(&self) -> usize {
        self.patterns.len()
    }

    /// Finds exact mentions in `text` (whose folded copy is `folded`). `sentences` are used to
    /// tell sentence-initial common words (`Young players ...`) from names.
    pub fn find(&self, text: &str, folded: &Folded, sentences: &[Span]) -> Vec<Mention> {
        if self.punctuation_starts {
            return self.find_at_every_start(text, folded, sentences);
        }
        let starts = self.possible_starts(text, folded);
        self.try_starts(text, folded, sentences, &starts)
    }

    /// The words of the folded text where a form may start (every form starts with a word char,
    /// so only words are tried), in order. The original text is skipped to the next byte where
    /// such a word may begin ([`FormInitials`]): the lower-case words between (most words) are
    /// neither found nor hashed. Each word there is looked up in the first-word tables as it is
    /// scanned (the lookups do not hold up the scan, so their cache misses overlap).
    fn possible_starts(&self, text: &str, folded: &Folded) -> Vec<Start> {
        let hay = folded.as_str();
        let bytes = hay.as_bytes();
        let mut starts: Vec<Start> = Vec::with_capacity(hay.len() / 32);
        // Words come in order: their original offsets are read with a cursor.
        let mut offsets = folded.offsets();
        let mut i = 0;
        // Whether the bytes just before `i` were passed over, not taken as words: `i` may then
        // lie inside a word. Otherwise it does not (it is 0, or follows a non-word char or a
        // whole word).
        let mut passed = false;
        loop {
            let from = offsets.get(i);
            // The bytes passed over are ASCII, which folds byte for byte: folded offsets move
            // with the original ones.
            let skipped = self.initials.next_possible_start(text.as_bytes(), from) - from;
            i += skipped;
            passed |= skipped > 0;
            let Some(&b) = bytes.get(i) else { break };
            if !b.is_ascii_alphanumeric() {
                let len = match b.is_ascii() {
                    true => Some(1),
                    false => char_at(hay, i)
                        .filter(|&c| !is_word_char(c))
                        .map(char::len_utf8),
                };
                if let Some(len) = len {
                    i += len;
                    passed = false;
                    continue;
                }
            }
            if passed && bytes[i - 1].is_ascii_alphanumeric() {
                // Inside a word that opens with a lower-case letter no form may start with.
                i = first_word_end(hay, i);
                passed = false;
                continue;
            }
            let original = from + skipped;
            if text
                .as_bytes()
                .get(original)
                .is_some_and(u8::is_ascii_lowercase)
                && !self.initials.may_open_lower(b, bytes.get(i + 1).copied())
            {
                // Its first two bytes open no lower-case first word (`the` where `ter` does):
                // the rest of the word is passed over.
                i += 1;
                passed = true;
                continue;
            }
            let (end, h) = first_word_at(hay, i);
            let flags = self.may_start_form(text, original, h);
            if flags != 0 {
                starts.push((i, end, h, flags));
            }
            i = end;
            passed = false;
        }
        starts
    }

    /// [`Matcher::possible_starts`] as first written: every word of the folded text found,
    /// hashed and looked up.
    #[cfg(test)]
    fn possible_starts_reference(&self, text: &str, folded: &Folded) -> Vec<Start> {
        let hay = folded.as_str();
        let bytes = hay.as_bytes();
        let mut starts = Vec::new();
        let mut offsets = folded.offsets();
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            if !b.is_ascii_alphanumeric() {
                if b.is_ascii() {
                    i += 1;
                    continue;
                }
                let Some(c) = char_at(hay, i) else { break };
                if !is_word_char(c) {
                    i += c.len_utf8();
                    continue;
                }
            }
            let (end, h) = first_word_at(hay, i);
            let flags = self.may_start_form(text, offsets.get(i), h);
            if flags != 0 {
                starts.push((i, end, h, flags));
            }
            i = end;
        }
        starts
    }

    /// Tries the possible starts in order: the longest form at each that does not overlap an
    /// earlier match. Their entries among the forms are looked up all together first
    /// (independent lookups, whose cache misses overlap).
    fn try_starts(
        &self,
        text: &str,
        folded: &Folded,
        sentences: &[Span],
        starts: &[Start],
    ) -> Vec<Mention> {
        let entries: Vec<Option<u32>> = starts
            .iter()
            .map(|&(_, _, h, _)| self.by_hash.get(h))
            .collect();
        let mut out = Vec::new();
        // Matches end here or later (no overlaps).
        let mut pos = 0;
        for (&(start, end, hash, flags), entry) in starts.iter().zip(entries) {
            if start >= pos {
                let word = Word {
                    end,
                    hash,
                    entry,
                    continued: flags & FirstWordFlags::CONTINUED != 0,
                };
                if let Some(fe) = self.try_at(text, folded, sentences, start, Some(word), &mut out)
                {
                    pos = fe;
                }
            }
        }
        out
    }

    /// [`Matcher::find`] when some form starts with a non-word char (`'t Hart`): every place
    /// after a non-word char is a possible start.
    fn find_at_every_start(&self, text: &str, folded: &Folded, sentences: &[Span]) -> Vec<Mention> {
        let hay = folded.as_str();
        let mut out = Vec::new();
        // Matches end here or later (no overlaps).
        let mut pos = 0;
        // Whether the char before the current position is a word char.
        let mut in_word = false;
        let mut i = 0;
        while i < hay.len() {
            let Some(c) = char_at(hay, i) else { break };
            let word_char = is_word_char(c);
            // The word starting here, if one does: its end and hash.
            let mut word = None;
            let try_here = !in_word
                && i >= pos
                && if word_char {
                    let (end, h) = first_word_at(hay, i);
                    let flags = self.may_start_form(text, folded.original_offset(i), h);
                    if flags == 0 {
                        // No form starts with this word: skip it whole.
                        i = end;
                        in_word = true;
                        continue;
                    }
                    word = Some(Word {
                        end,
                        hash: h,
                        entry: self.by_hash.get(h),
                        continued: flags & FirstWordFlags::CONTINUED != 0,
                    });
                    true
                } else {
                    true
                };
            if try_here {
                if let Some(fe) = self.try_at(text, folded, sentences, i, word, &mut out) {
                    pos = fe;
                }
            }
            in_word = word_char;
            i += c.len_utf8();
        }
        out
    }

    /// The flags of the word at original offset `original` (whose folded hash is `h`) in
    /// [`Matcher::first_words`], or 0 when no form may start with it. A form needing a capital
    /// cannot match at a lower-case word (`capitals_ok`), so a lower-case word must be among the
    /// first words of the forms that need none (first asked of their small table).
    fn may_start_form(&self, text: &str, original: usize, h: u64) -> u8 {
        let lower = text
            .as_bytes()
            .get(original)
            .is_some_and(u8::is_ascii_lowercase);
        if lower && !self.lower_first_words.may_contain_hash(h) {
            return 0;
        }
        let flags = self.first_words.get_hash(h);
        let needed = match lower {
            true => FirstWordFlags::LOWER_FIRST,
            false => FirstWordFlags::FIRST,
        };
        match flags & needed {
            0 => 0,
            _ => flags,
        }
    }

    /// The longest form starting at folded offset `fs`, if it ends at a word boundary and passes
    /// the capitalisation checks: pushes the mention and returns the folded end.
    fn try_at(
        &self,
        text: &str,
        folded: &Folded,
        sentences: &[Span],
        fs: usize,
        word: Option<Word>,
        out: &mut Vec<Mention>,
    ) -> Option<usize> {
        let hay = folded.as_str();
        let (p, fe) = self.longest_form(hay, fs, word)?;
        if char_at(hay, fe).is_some_and(is_word_char) {
            return None;
        }
        let start = folded.original_offset(fs);
        let end = folded.original_end(fe);
        let pattern = &self.patterns[p];
        if !capitals_ok(&text[start..end], pattern)
            || (pattern.common_word && at_sentence_start(text, start, sentences))
        {
            return None;
        }
        out.push(self.mention(pattern, start, end));
        Some(fe)
    }

    /// The longest form that the folded text at `fs` starts with: its pattern and folded end.
    /// `word` is the word starting at `fs` (its end and hash), if one does: then the form ends
    /// at a word boundary (the char after it, if any, is not a word char). Otherwise (a form
    /// opening with punctuation) the caller checks the boundary.
    fn longest_form(&self, hay: &str, fs: usize, word: Option<Word>) -> Option<(usize, usize)> {
        let Some(Word {
            end: we,
            hash: h,
            entry,
            continued,
        }) = word
        else {
            let input = Input::new(hay).span(fs..hay.len()).anchored(Anchored::Yes);
            let m = self.automaton.as_ref()?.find(input)?;
            return Some((m.pattern().as_usize(), m.end()));
        };
        if continued {
            if let Some(found) = self.longest_continued_form(hay, fs, we, h) {
                return Some(found);
            }
        }
        Some((self.form_of_entry(entry, h, hay.get(fs..we)?)?, we))
    }

    /// The longest form of more than one word that the folded text at `fs` starts with and that
    /// ends at a word boundary, given the first word's end `we` and hash `h`: the text from `fs`
    /// to each word boundary within the longest such form's length is hashed and looked up. The
    /// hash of the text's whole eight-byte chunks from `fs` is kept as the scan goes: a boundary
    /// costs the mix of its last chunk, not a hash of all the text from `fs`.
    fn longest_continued_form(
        &self,
        hay: &str,
        fs: usize,
        we: usize,
        h: u64,
    ) -> Option<(usize, usize)> {
        let bytes = hay.as_bytes();
        let limit = hay.len().min(fs + self.continued_lengths.bound(h));
        let mut longest = None;
        // The hash of the text's whole chunks `fs..chunked`.
        let (mut chunked, mut chunks_hash) = (fs, 0);
        for end in boundaries_after(hay, we, limit) {
            while chunked + 8 <= end {
                chunks_hash = mix_chunk(chunks_hash, load_padded(bytes, chunked));
                chunked += 8;
            }
            let h = match end - chunked {
                0 => finish_hash(chunks_hash, end - fs),
                rest => {
                    let last = load_padded(bytes, chunked) & ((1 << (8 * rest)) - 1);
                    finish_hash(mix_chunk(chunks_hash, last), end - fs)
                }
            };
            if self.continued_forms.may_contain_hash(h) {
                if let Some(p) = self.form_of_entry(self.by_hash.get(h), h, &hay[fs..end]) {
                    longest = Some((p, end));
                }
            }
        }
        longest
    }

    /// [`Matcher::longest_continued_form`] as first written: one char at a time, the text from
    /// `fs` hashed anew at each boundary.
    #[cfg(test)]
    fn longest_continued_form_reference(
        &self,
        hay: &str,
        fs: usize,
        we: usize,
        h: u64,
    ) -> Option<(usize, usize)> {
        let bytes = hay.as_bytes();
        let limit = hay.len().min(fs + self.continued_lengths.bound(h));
        let mut longest = None;
        for end in boundaries_after(hay, we, limit) {
            let h = form_hash(&bytes[fs..end]);
            if self.continued_forms.may_contain_hash(h) {
                if let Some(p) = self.form_of_entry(self.by_hash.get(h), h, &hay[fs..end]) {
                    longest = Some((p, end));
                }
            }
        }
        longest
    }

    /// The pattern whose form is `form`, whose [`form_hash`] hash is `h` and whose entry in
    /// [`Matcher::by_hash`] is `entry`.
    fn form_of_entry(&self, entry: Option<u32>, h: u64, form: &str) -> Option<usize> {
        let is = |&p: &u32| self.form_is(p as usize, form);
        match entry? {
            SHARED_HASH => self.shared_hashes.get(&h)?.iter().copied().find(is),
            p => Some(p).filter(is),
        }
        .map(|p| p as usize)
    }

    /// Whether pattern `p`'s folded form is `form`: from the pattern's own copy when the form is
    /// short (tested to agree with [`Matcher::form`]).
    #[inline]
    fn form_is(&self, p: usize, form: &str) -> bool {
        let Some(pattern) = self.patterns.get(p) else {
            return false;
        };
        let len = (pattern.form.1 - pattern.form.0) as usize;
        match pattern.short.get(..len) {
            _ if len != form.len() => false,
            Some(short) => short == form.as_bytes(),
            None => self.form(p) == form,
        }
    }

    /// Pattern `p`'s folded form.
    fn form(&self, p: usize) -> &str {
        let (start, end) = self.patterns.get(p).map_or((0, 0), |p| p.form);
        self.forms.get(start as usize..end as usize).unwrap_or("")
    }

    fn mention(&self, pattern: &Pattern, start: usize, end: usize) -> Mention {
        let (entity, candidates, kind) = (pattern.entity, pattern.candidates.clone(), pattern.kind);
        Mention {
            start,
            end,
            kind: pattern.entity_kind,
            entity,
            candidates,
            match_kind: kind,
            score: 1.0,
        }
    }
}

/// Settles ambiguous mentions from the document: a candidate whose full name (or alias) is
/// mentioned unambiguously elsewhere in the document wins; then a candidate whose club the
/// document mentions; then a candidate for which the form is a full name rather than a surname.
/// Otherwise the mention keeps `entity: None` with its candidates.
pub fn resolve(mentions: &mut [Mention], gazetteer: &Gazetteer) {
    if mentions.iter().all(|m| m.entity.is_some()) {
        return;
    }
    let mut full: Vec<u32> = mentions
        .iter()
        .filter(|m| {
            m.candidates.is_empty()
                && (matches!(m.match_kind, MatchKind::Exact | MatchKind::Alias)
                    || (m.match_kind == MatchKind::Fuzzy && m.kind.is_person() && m.score >= 0.0))
        })
        .filter_map(|m| m.entity)
        .collect();
    full.sort_unstable();
    full.dedup();
    let mut clubs: Vec<u32> = mentions
        .iter()
        .filter(|m| m.kind == EntityKind::Club)
        .filter_map(|m| m.entity)
        .collect();
    clubs.sort_unstable();
    clubs.dedup();
    let entities = gazetteer.entities();
    // The named clubs' bits (a club's index mod 64) in one word: most candidates' clubs are
    // ruled out by one test, without a search (a common surname's list is read in order).
    let club_bits = clubs.iter().fold(0u64, |bits, &c| bits | 1 << (c % 64));
    let named_club = |club: u32| {
        club != NO_CLUB && club_bits >> (club % 64) & 1 == 1 && clubs.binary_search(&club).is_ok()
    };
    // Per mention: the positions of its candidates named in full elsewhere, in list order.
    let mut named_at: Vec<usize> = Vec::new();
    for m in mentions.iter_mut().filter(|m| m.entity.is_none()) {
        // What was prepared for the list, carried with it: the candidates' clubs in order (a
        // common surname's hundreds of candidates lie all over the gazetteer's per-entity
        // tables), their bits, the list's order. A list a stage has narrowed has none: its
        // clubs come from those tables.
        let prepared = m.candidates.prepared();
        let at_named_club = |&(i, c): &(usize, u32)| {
            !clubs.is_empty()
                && named_club(match prepared {
                    Some(list) => list.person_clubs.get(i).copied().unwrap_or(NO_CLUB),
                    None => person_club(gazetteer, c),
                })
        };
        // No candidate's club has a bit among the named clubs': none is at one.
        let no_club_named = prepared.is_some_and(|list| list.club_bits & club_bits == 0);
        let list = &m.candidates[..];
        named_at.clear();
        let order = prepared.map_or(ListOrder::Unknown, |list| list.order);
        named_positions(list, &full, order, &mut named_at);
        let chosen = match named_at.as_slice() {
            [i] => Some(list[*i]),
            [] if clubs.is_empty() || no_club_named => None,
            [] => only(
                list.iter()
                    .copied()
                    .enumerate()
                    .filter(at_named_club)
                    .map(|(_, c)| c),
            )
            .one(),
            many => only(
                many.iter()
                    .map(|&i| (i, list[i]))
                    .filter(at_named_club)
                    .map(|(_, c)| c),
            )
            .one(),
        };
        if let Some(c) = chosen {
            m.entity = Some(c);
            m.candidates.clear();
            m.kind = entities[c as usize].kind;
        }
    }
}

/// Pushes onto `out`, in ascending order, the positions in `list` of the candidates that are in
/// `full` (sorted, without duplicates). A common surname's list holds hundreds of candidates
/// and a document names a few dozen people in full: when the list is in ascending order (the
/// matcher's lists are), each named person is looked up in the list instead of each candidate
/// in the named people, with the same positions in the same order. `order` is the list's when
/// known (else the list is checked).
fn named_positions(list: &[u32], full: &[u32], order: ListOrder, out: &mut Vec<usize>) {
    if full.is_empty() {
        return;
    }
    let ascending = || match order {
        ListOrder::Ascending => true,
        ListOrder::Unknown => ListOrder::of(list) == ListOrder::Ascending,
    };
    if full.len() < list.len() && ascending() {
        let mut from = 0;
        for f in full {
            match list[from..].binary_search(f) {
                Ok(i) => {
                    out.push(from + i);
                    from += i + 1;
                }
                Err(i) => from += i,
            }
            if from == list.len() {
                break;
            }
        }
    } else {
        out.extend(
            list.iter()
                .enumerate()
                .filter(|(_, c)| full.binary_search(c).is_ok())
                .map(|(i, _)| i),
        );
    }
}

/// How many items an iterator yields: none, exactly one (which), or more.
enum Only {
    None,
    One(u32),
    Many,
}

impl Only {
    fn one(self) -> Option<u32> {
        match self {
            Only::One(c) => Some(c),
            Only::None | Only::Many => None,
        }
    }
}

fn only(mut items: impl Iterator<Item = u32>) -> Only {
    match (items.next(), items.next()) {
        (None, _) => Only::None,
        (Some(c), None) => Only::One(c),
        (Some(_), Some(_)) => Only::Many,
    }
}

/// Drops one-word surname and alias mentions spelled like a place or nationality (`Scotland`,
/// `Holland`) unless the document also names that entity in full: such a word is far more often
/// the country or its national team, which are not mentions.
pub fn drop_unsupported_places(mentions: &mut Vec<Mention>, text: &str, places: &WordList) {
    let is_place = |m: &Mention| {
        matches!(m.match_kind, MatchKind::Surname | MatchKind::Alias)
            && text
                .get(m.start..m.end)
                .is_some_and(|t| !t.contains(' ') && places.contains_folding(t))
    };
    if !mentions.iter().any(is_place) {
        return;
    }
    let named: HashSet<u32> = mentions
        .iter()
        .filter(|m| !is_place(m) && matches!(m.match_kind, MatchKind::Exact | MatchKind::Alias))
        .filter_map(|m| m.entity)
        .collect();
    mentions.retain(|m| !is_place(m) || m.entity.is_some_and(|e| named.contains(&e)));
}

/// The ends of the chars of `hay` from `from` (a char boundary) on, up to `limit`, that end a
/// word: the next char is not a word char, or the text ends there. Stops early at a byte that
/// starts no char.
fn boundaries_after(hay: &str, from: usize, limit: usize) -> impl Iterator<Item = usize> + '_ {
    let bytes = hay.as_bytes();
    let mut i = from;
    std::iter::from_fn(move || {
        while i < limit {
            let end = match bytes[i] {
                b if b.is_ascii() => i + 1,
                _ => i + char_at(hay, i)?.len_utf8(),
            };
            i = end;
            let at_boundary = match bytes.get(end) {
                None => true,
                Some(b) if b.is_ascii() => !b.is_ascii_alphanumeric(),
                Some(_) => !char_at(hay, end).is_some_and(is_word_char),
            };
            if at_boundary {
                return Some(end);
            }
        }
        None
    })
}

fn starts_upper(word: &str) -> bool {
    word.chars()
        .find(|c| c.is_alphabetic())
        .is_some_and(char::is_uppercase)
}

/// Whether the text's words are capitalised wherever the form's are. Matched text is almost
/// always ASCII, read as bytes ([`capitals_ok_ascii`]); other text goes the
/// general way ([`capitals_ok_general`]), whose answer the fast path gives (tested).
fn capitals_ok(text: &str, pattern: &Pattern) -> bool {
    match text.is_ascii() {
        true => capitals_ok_ascii(text.as_bytes(), pattern.words, pattern.capitals),
        false => capitals_ok_general(text, pattern.words, pattern.capitals),
    }
}

/// [`capitals_ok`] over Unicode: words split at whitespace, each word's first letter.
fn capitals_ok_general(text: &str, words: u16, capitals: u64) -> bool {
    if text.split_whitespace().count() != usize::from(words) {
        return capitals == 0 || starts_upper(text);
    }
    text.split_whitespace()
        .enumerate()
        .all(|(i, w)| i >= 64 || capitals & (1 << i) == 0 || starts_upper(w))
}

/// [`capitals_ok_general`] for ASCII text: words are runs of non-whitespace bytes (ASCII
/// whitespace as `char::is_whitespace` has it, vertical tab included), a word's case is its
/// first letter's, and the text's case (asked when the word count differs) is its first
/// letter's. Each word is found by one search for the next whitespace byte, and its case read
/// from its first bytes (where its first letter almost always is).
fn capitals_ok_ascii(text: &[u8], words: u16, capitals: u64) -> bool {
    let is_space = |b: &u8| matches!(b, b' ' | b'\t'..=b'\r');
    // The first letter of the text: `None` until seen.
    let mut text_upper = None;
    let mut count = 0usize;
    // Every word that must be capitalised so far is.
    let mut ok = true;
    for word in text.split(is_space).filter(|w| !w.is_empty()) {
        let upper = word
            .iter()
            .find(|b| b.is_ascii_alphabetic())
            .map(u8::is_ascii_uppercase);
        text_upper = text_upper.or(upper);
        ok &= count >= 64 || capitals & (1 << count) == 0 || upper == Some(true);
        count += 1;
    }
    if count != usize::from(words) {
        return capitals == 0 || text_upper == Some(true);
    }
    ok
}

/// [`capitals_ok_ascii`] as first written, one byte at a time: words are runs of non-whitespace bytes
/// (ASCII whitespace as `char::is_whitespace` has it, vertical tab included), a word's case is its
/// first letter's, and the text's case (asked when the word count differs) is its first letter's.
#[cfg(test)]
fn capitals_ok_ascii_reference(text: &[u8], words: u16, capitals: u64) -> bool {
    let is_space = |b: u8| matches!(b, b' ' | b'\t'..=b'\r');
    // The first letter of the text and of the current word: `None` until seen.
    let mut text_upper = None;
    let mut word_upper = None;
    let mut count = 0usize;
    // Every word that must be capitalised so far is.
    let mut ok = true;
    let mut in_word = false;
    for &b in text {
        if is_space(b) {
            if in_word {
                ok &= count >= 64 || capitals & (1 << count) == 0 || word_upper == Some(true);
                count += 1;
                in_word = false;
            }
            continue;
        }
        if !in_word {
            in_word = true;
            word_upper = None;
        }
        if word_upper.is_none() && b.is_ascii_alphabetic() {
            word_upper = Some(b.is_ascii_uppercase());
            text_upper = text_upper.or(word_upper);
        }
    }
    if in_word {
        ok &= count >= 64 || capitals & (1 << count) == 0 || word_upper == Some(true);
        count += 1;
    }
    if count != usize::from(words) {
        return capitals == 0 || text_upper == Some(true);
    }
    ok
}

/// Whether `offset` is the first word of a sentence (after any opening quotes or brackets).
pub fn at_sentence_start(text: &str, offset: usize, sentences: &[Span]) -> bool {
    let index = sentences.partition_point(|s| s.end <= offset);
    let Some(sentence) = sentences.get(index) else {
        return true;
    };
    if sentence.start > offset {
        return true;
    }
    text[sentence.start..offset]
        .chars()
        .all(|c| !c.is_alphanumeric())
}

/// Word characters for boundaries: letters and digits (a hyphen or apostrophe is a boundary).
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn char_at(s: &str, i: usize) -> Option<char> {
    match *s.as_bytes().get(i)? {
        b if b.is_ascii() => Some(b as char),
        _ => s.get(i..)?.chars().next(),
    }
}

/// A set of words as a bit table indexed by their [`form_hash`] hash (a one-hash Bloom filter):
/// no false negatives, a few false positives. The table of the forms that go on past their
/// first word takes 2^20 bits (128 KiB) whatever the gazetteer's size (a second bit per word
/// cut the longer-form searches by under 3% at 100k people: most words that pass are real first
/// words); a table for a few words is sized to them, so that it stays in the first-level cache.
#[derive(Debug, Clone)]
struct HashBits {
    bits: Vec<u64>,
    /// The table's size in bits, less one.
    mask: u64,
}

impl HashBits {
    /// The largest table: 2^20 bits.
    const BITS: u32 = 20;

    /// A table of `2^bits` bits (`bits` at least 6).
    fn new(bits: u32) -> HashBits {
        let bits = bits.clamp(6, Self::BITS);
        HashBits {
            bits: vec![0; (1 << bits) / 64],
            mask: (1 << bits) - 1,
        }
    }

    /// A table for the words hashed to `hashes`: about 64 bits per word (one false positive
    /// in 64 lookups when full), at least 4096 bits, at most 2^20.
    fn of_hashes(hashes: &[u64]) -> HashBits {
        let bits = (hashes.len().max(1) * 64)
            .next_power_of_two()
            .trailing_zeros();
        let mut set = HashBits::new(bits.max(12));
        for &h in hashes {
            set.insert_hash(h);
        }
        set
    }

    /// A word's bit, from its hash: the word index and the mask.
    fn slot_of_hash(&self, h: u64) -> (usize, u64) {
        let bit = ((h ^ (h >> 32)) & self.mask) as usize;
        (bit / 64, 1 << (bit % 64))
    }

    fn insert(&mut self, word: &str) {
        self.insert_hash(form_hash(word.as_bytes()));
    }

    fn insert_hash(&mut self, h: u64) {
        let (i, mask) = self.slot_of_hash(h);
        self.bits[i] |= mask;
    }

    /// Whether a word hashed with [`form_hash`] may be in the set.
    fn may_contain_hash(&self, h: u64) -> bool {
        let (i, mask) = self.slot_of_hash(h);
        self.bits[i] & mask != 0
    }
}

/// The bytes of the original text where a word that may start a form can begin, found eight at
/// a time (SWAR). A word begins at an ASCII letter or digit after a byte that is not one; it may
/// start a form when it opens with
/// - an ASCII capital;
/// - an ASCII digit, when some form's first word opens with one;
/// - a lower-case ASCII letter that opens the first word of a form that may match with a
///   lower-case first letter (`d` of `de Vrij`). Any other form whose first word opens with that
///   letter needs a capital there ([`capitals_ok`]) and cannot match;
///
/// and a non-ASCII byte is always taken (its char may fold to anything). Built from the forms'
/// folded first words: no letter is assumed.
#[derive(Debug, Clone)]
struct FormInitials {
    /// The lower-case initials, each in every byte of a word; unused entries are 0, which no
    /// letter matches.
    lower: [u64; FormInitials::LETTERS],
    /// The same initials as bits (`a` is bit 0).
    lower_bits: u32,
    /// All ones when more letters than `lower` holds are initials: then every lower-case letter
    /// is taken. Else 0.
    all_lower: u64,
    /// All ones when some form's first word opens with an ASCII digit, else 0.
    digits: u64,
    /// The first two folded bytes of those lower-case first words, as bits: bit `b` of row
    /// `a - b'a'` (26 rows of 256 bits) for a word opening `ab`. A one-letter word sets its
    /// letter's row at every byte that is not an ASCII letter or digit (the char after it).
    lower_pairs: Vec<u64>,
}

impl Default for FormInitials {
    fn default() -> FormInitials {
        FormInitials {
            lower: [0; FormInitials::LETTERS],
            lower_bits: 0,
            all_lower: 0,
            digits: 0,
            lower_pairs: vec![0; 26 * 256 / 64],
        }
    }
}

impl FormInitials {
    /// The most lower-case initials tested one by one: enough for the name particles' (`d`, `l`,
    /// `m`, `t`, `v`: [`crate::gazetteer::derived_surname`]).
    const LETTERS: usize = 5;

    /// Takes a form's folded first word; `lower_first`: the form may match with a lower-case
    /// first letter.
    fn insert(&mut self, first_word: &str, lower_first: bool) {
        let bytes = first_word.as_bytes();
        match bytes.first() {
            Some(b) if b.is_ascii_digit() => self.digits = u64::MAX,
            Some(&b) if lower_first && b.is_ascii_lowercase() => {
                let row = usize::from(b - b'a');
                if self.lower_bits & 1 << row == 0 {
                    self.lower_bits |= 1 << row;
                    match self.lower.iter_mut().find(|k| **k == 0) {
                        Some(free) => *free = ONES * u64::from(b),
                        None => self.all_lower = u64::MAX,
                    }
                }
                let mut set = |next: u8| {
                    let bit = row * 256 + usize::from(next);
                    self.lower_pairs[bit / 64] |= 1 << (bit % 64);
                };
                match bytes.get(1) {
                    Some(&next) => set(next),
                    None => (0..=u8::MAX)
                        .filter(|b| !b.is_ascii_alphanumeric())
                        .for_each(set),
                }
            }
            _ => {}
        }
    }

    /// Whether a word of the folded text opening with the lower-case ASCII letter `b`, followed
    /// by `next` (`None` at the end of the text), may be the first word of a form that may
    /// match with a lower-case first letter (its first two bytes open one).
    #[inline]
    fn may_open_lower(&self, b: u8, next: Option<u8>) -> bool {
        let Some(row) = b.checked_sub(b'a').filter(|&r| r < 26) else {
            return false;
        };
        let bit = usize::from(row) * 256 + usize::from(next.unwrap_or(0));
        self.lower_pairs
            .get(bit / 64)
            .is_some_and(|w| w >> (bit % 64) & 1 == 1)
    }

    /// Whether byte `b` is one a word that may start a form can open with (whether a word
    /// begins there is not asked), or a non-ASCII byte.
    fn may_open(&self, b: u8) -> bool {
        match b {
            b'A'..=b'Z' => true,
            b'0'..=b'9' => self.digits != 0,
            b'a'..=b'z' => self.all_lower != 0 || self.lower_bits >> (b - b'a') & 1 == 1,
            _ => !b.is_ascii(),
        }
    }

    /// [`FormInitials::may_open`] of eight bytes (little-endian) where a word begins, and every
    /// non-ASCII byte: the high bit of each such byte (the other bits are junk). Whether a word
    /// begins at the first byte is not known here: it is taken as one.
    #[inline(always)]
    fn marks(&self, x: u64) -> u64 {
        // A non-ASCII byte's classes are junk, but it is marked itself, so no mark of it or
        // past it is looked at.
        let low = x & LOW_BITS;
        let (digit, letter) = ascii_digits_and_letters(x);
        let word = letter | digit;
        // High bit clear where the byte is one of the lower-case initials (`low ^ k` is at most
        // 0x7f, so `+ 0x7f` sets the high bit unless it is 0); all clear with `all_lower`.
        let mut not_initial = !self.all_lower;
        for k in self.lower {
            not_initial &= (low ^ k).wrapping_add(LOW_BITS);
        }
        // The case bit (0x20) moved to the high bit: a capital, or a lower-case initial.
        let lower_case = x << 2;
        let wanted = (letter & !(lower_case & not_initial)) | (digit & self.digits);
        // Taken where a word begins: the byte before is no letter or digit.
        (x | (wanted & !(word << 8))) & HIGH_BITS
    }

    /// The offset of the first byte of `text` (the original text's bytes) at or after `from`
    /// where a word that may start a form may begin: every byte before it is ASCII, and no such
    /// word begins among them. It may also stop inside a word (at the first byte of an
    /// eight-byte step, or in the last bytes, fewer than eight, which [`FormInitials::may_open`]
    /// tests one by one): the caller checks. `text.len()` when there is none.
    fn next_possible_start(&self, text: &[u8], from: usize) -> usize {
        let rest = text.get(from..).unwrap_or_default();
        from + crate::bytescan::first_marked(rest, |x| self.marks(x), |b| self.may_open(b))
            .unwrap_or(rest.len())
    }
}

/// Three sets of words in one table indexed by their hash (three one-hash Bloom filters whose
/// bits for a word lie side by side): no false negatives, a few false positives, 512 KiB whatever
/// the gazetteer's size. Each hash slot holds four bits: [`FirstWordFlags::FIRST`],
/// [`FirstWordFlags::LOWER_FIRST`], [`FirstWordFlags::CONTINUED`] (one spare). A text word is
/// tested once, and the later question (does a longer form start here?) reads the same line.
#[derive(Debug, Clone)]
struct FirstWordFlags {
    /// Sixteen slots of four bits per word.
    slots: Vec<u64>,
}

impl FirstWordFlags {
    /// The word starts some form.
    const FIRST: u8 = 1;
    /// The word starts a form that may match with a lower-case first letter.
    const LOWER_FIRST: u8 = 2;
    /// The word starts a form that goes on past it.
    const CONTINUED: u8 = 4;

    fn new() -> FirstWordFlags {
        FirstWordFlags {
            slots: vec![0; (1 << HashBits::BITS) / 16],
        }
    }

    /// A word's slot, from its hash (the same slot a full-size [`HashBits`] gives it): the index of its
    /// `u64` and the shift of its four bits there.
    fn slot_of_hash(h: u64) -> (usize, u32) {
        let slot = ((h ^ (h >> 32)) & ((1 << HashBits::BITS) - 1)) as usize;
        (slot / 16, (slot % 16) as u32 * 4)
    }

    fn insert(&mut self, word: &str, flag: u8) {
        let (i, shift) = Self::slot_of_hash(form_hash(word.as_bytes()));
        self.slots[i] |= u64::from(flag) << shift;
    }

    /// The flags that a word hashed with [`form_hash`] may have (a flag it has is always
    /// set; one it lacks is set only when another word shares its slot).
    fn get_hash(&self, h: u64) -> u8 {
        let (i, shift) = Self::slot_of_hash(h);
        (self.slots[i] >> shift & 0xf) as u8
    }
}

/// The forms' patterns by their [`form_hash`], in one open-addressed table of (hash, pattern)
/// pairs probed linearly and at most half full: a lookup mostly reads one cache line of a table
/// too large for the caches, where a general hash map reads its control bytes and then the
/// entry, two places.
#[derive(Debug, Clone)]
struct FormsByHash {
    slots: Vec<(u64, u32)>,
    mask: usize,
}

impl FormsByHash {
    /// Marks an empty slot (pattern indices and [`SHARED_HASH`] are never this).
    const EMPTY: u32 = u32::MAX - 1;

    fn new(map: &HashMap<u64, u32>) -> FormsByHash {
        let capacity = (2 * map.len()).next_power_of_two().max(16);
        let mut table = FormsByHash {
            slots: vec![(0, Self::EMPTY); capacity],
            mask: capacity - 1,
        };
        for (&h, &pattern) in map {
            let mut i = h as usize & table.mask;
            while table.slots[i].1 != Self::EMPTY {
                i = (i + 1) & table.mask;
            }
            table.slots[i] = (h, pattern);
        }
        table
    }

    /// The entry stored for hash `h`: a pattern, or [`SHARED_HASH`].
    #[inline]
    fn get(&self, h: u64) -> Option<u32> {
        let mut i = h as usize & self.mask;
        loop {
            let (key, pattern) = self.slots[i];
            if pattern == Self::EMPTY {
                return None;
            }
            if key == h {
                return Some(pattern);
            }
            i = (i + 1) & self.mask;
        }
    }
}

/// Per first word, by its hash: a bound on the byte length of the forms that go on past it. A
/// slot holds the longest of the forms whose first words share it (so the bound never falls
/// short), up to [`ContinuedLengths::LONG`], which stands for "at least that".
#[derive(Debug, Clone)]
struct ContinuedLengths {
    slots: Vec<u8>,
    /// The longest form of all.
    longest: usize,
}

impl ContinuedLengths {
    const BITS: u32 = 16;
    const LONG: u8 = u8::MAX;

    fn new() -> ContinuedLengths {
        ContinuedLengths {
            slots: vec![0; 1 << Self::BITS],
            longest: 0,
        }
    }

    fn slot(h: u64) -> usize {
        ((h ^ (h >> 29)) & ((1 << Self::BITS) - 1)) as usize
    }

    fn insert(&mut self, first_word_hash: u64, form_len: usize) {
        let slot = &mut self.slots[Self::slot(first_word_hash)];
        *slot = (*slot).max(form_len.min(usize::from(Self::LONG)) as u8);
        self.longest = self.longest.max(form_len);
    }

    /// No form that goes on past the first word with this hash is longer than this.
    fn bound(&self, first_word_hash: u64) -> usize {
        match self.slots[Self::slot(first_word_hash)] {
            Self::LONG => self.longest,
            n => usize::from(n),
        }
    }
}

/// The end of the word (run of word characters) starting at byte `i`, and the word's
/// [`form_hash`]. An ASCII word is found and hashed 8 bytes at a time; others go the general way.
#[inline(always)]
fn first_word_at(hay: &str, i: usize) -> (usize, u64) {
    let bytes = hay.as_bytes();
    let mut h = 0;
    let mut j = i;
    loop {
        let chunk = load_padded(bytes, j);
        let stop = !ascii_alphanumeric_bytes(chunk) & HIGH_BITS;
        if stop == 0 {
            h = mix_chunk(h, chunk);
            j += 8;
            continue;
        }
        // The word's bytes in this chunk: those before the first that is not ASCII alphanumeric
        // (little-endian, so the low bytes); fewer than 8.
        let n = (stop.trailing_zeros() / 8) as usize;
        if n > 0 {
            h = mix_chunk(h, chunk & ((1 << (8 * n)) - 1));
        }
        j += n;
        break;
    }
    if bytes.get(j).is_some_and(|b| !b.is_ascii()) {
        // The word may go on with a non-ASCII letter.
        let end = first_word_end(hay, i);
        return (end, form_hash(&bytes[i..end]));
    }
    (j, finish_hash(h, j - i))
}

/// The hash the matcher's tables use for a word or form: its bytes 8 at a time (the last
/// chunk padded with zeros), then its length. [`first_word_at`] computes the same while it finds
/// a word's end (tested).
fn form_hash(bytes: &[u8]) -> u64 {
    let mut chunks = bytes.chunks_exact(8);
    let mut h = 0;
    for chunk in &mut chunks {
        h = mix_chunk(h, load_padded(chunk, 0));
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        h = mix_chunk(h, load_padded(rest, 0));
    }
    finish_hash(h, bytes.len())
}

const HASH_MULTIPLIER: u64 = 0x9e37_79b9_7f4a_7c15;
/// The high bit of every byte.
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
/// The low seven bits of every byte.
const LOW_BITS: u64 = 0x7f7f_7f7f_7f7f_7f7f;
/// One in every byte.
const ONES: u64 = 0x0101_0101_0101_0101;

fn mix_chunk(h: u64, chunk: u64) -> u64 {
    (h ^ chunk).wrapping_mul(HASH_MULTIPLIER).rotate_left(26)
}

/// Mixes in the length and spreads the high bits over the low ones (the tables index by low
/// bits).
fn finish_hash(h: u64, len: usize) -> u64 {
    let h = (h ^ len as u64).wrapping_mul(HASH_MULTIPLIER);
    h ^ (h >> 29)
}

/// The 8 bytes at `at` as a little-endian word, zeros past the end of `bytes`.
#[inline]
fn load_padded(bytes: &[u8], at: usize) -> u64 {
    // Two separate loads: written as one copy into a zeroed buffer (the reference below), the
    // compiler may merge them into a call to `memcpy` of a variable length for every chunk
    // (seen: 383k calls, 4.6M instructions per 2 MB, after an unrelated change elsewhere).
    match bytes
        .get(at..at + 8)
        .and_then(|eight| <[u8; 8]>::try_from(eight).ok())
    {
        Some(eight) => u64::from_le_bytes(eight),
        None => bytes
            .get(at..)
            .unwrap_or_default()
            .iter()
            .rev()
            .fold(0, |x, &b| x << 8 | u64::from(b)),
    }
}

/// [`load_padded`] as first written: the bytes copied into a zeroed buffer.
#[cfg(test)]
fn load_padded_reference(bytes: &[u8], at: usize) -> u64 {
    let mut buf = [0; 8];
    match bytes.get(at..at + 8) {
        Some(eight) => buf.copy_from_slice(eight),
        None => {
            let rest = bytes.get(at..).unwrap_or_default();
            buf[..rest.len()].copy_from_slice(rest);
        }
    }
    u64::from_le_bytes(buf)
}

/// The high bit of each byte of `x` that is an ASCII letter or digit (non-ASCII bytes are
/// masked out at the end: see [`ascii_digits_and_letters`]).
#[inline]
fn ascii_alphanumeric_bytes(x: u64) -> u64 {
    let (digit, letter) = ascii_digits_and_letters(x);
    (digit | letter) & !x & HIGH_BITS
}

/// Per byte of `x`, read on its low seven bits: the byte's high bit is set in the first value
/// when it is an ASCII digit, in the second when it is an ASCII letter (SWAR: adding `0x80 -
/// lo` sets a byte's high bit when it is `>= lo`, and no sum carries into the next byte). The
/// other bits are junk, and so are both answers for a non-ASCII byte: callers mask them.
#[inline(always)]
fn ascii_digits_and_letters(x: u64) -> (u64, u64) {
    let low = x & LOW_BITS;
    let at_least = |v: u64, lo: u8| v.wrapping_add(ONES * u64::from(0x80 - lo));
    let above = |v: u64, hi: u8| v.wrapping_add(ONES * u64::from(0x7f - hi));
    let digit = at_least(low, b'0') & !above(low, b'9');
    let cased = low | (ONES * 0x20);
    let letter = at_least(cased, b'a') & !above(cased, b'z');
    (digit, letter)
}

/// The end of the run of word characters starting at byte `i`.
fn first_word_end(s: &str, i: usize) -> usize {
    let rest = &s[i..];
    let bytes = rest.as_bytes();
    // ASCII fast path: most text is.
    let ascii_run = bytes
        .iter()
        .position(|b| !b.is_ascii_alphanumeric())
        .unwrap_or(bytes.len());
    if ascii_run == bytes.len() || bytes[ascii_run].is_ascii() {
        return i + ascii_run;
    }
    rest[ascii_run..]
        .char_indices()
        .find(|&(_, c)| !is_word_char(c))
        .map_or(s.len(), |(off, _)| i + ascii_run + off)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::Pipeline;

    const PEOPLE: &str = "id\tname\taliases\trole\tclub\tnationality\n\
kalidou-koulibaly\tKalidou Koulibaly\t\tplayer\tnapoli\tSenegal\n\
marek-hamsik\tMarek Hamšík\t\tplayer\tnapoli\tSlovakia\n\
ashley-young\tAshley Young\t\tplayer\t\tEngland\n\
ashley-cole\tAshley Cole\t\tplayer\tchelsea\tEngland\n\
joe-cole\tJoe Cole\t\tplayer\tchelsea\tEngland\n\
andy-cole\tAndy Cole\t\tplayer\tfulham\tEngland\n\
stefan-de-vrij\tStefan de Vrij\t\tplayer\tlazio\tNetherlands\n\
steve-bennett\tSteve Bennett\t\treferee\t\tEngland\n\
arkadiusz-milik\tArkadiusz Milik\t\tplayer\tnapoli\tPoland\n\
stephan-lichtsteiner\tStephan Lichtsteiner\t\tplayer\tjuventus\tSwitzerland\n\
gianluigi-buffon\tGianluigi Buffon\tGigi Buffon\tplayer\tjuventus\tItaly\n\
mehdi-benatia\tMehdi Benatia\t\tplayer\tjuventus\tMorocco\n\
jason-scotland\tJason Scotland\t\tplayer\t\tTrinidad and Tobago\n\
greg-cameron\tGreg Cameron\t\tplayer\t\tScotland\n\
alan-graham\tAlan Graham\t\tplayer\t\tEngland\n\
graham-sa\tGraham Sá\t\tplayer\t\tPortugal\n";
    const CLUBS: &str = "id\tname\taliases\tcity\tcountry\tstadium\n\
napoli\tNapoli\t\tNaples\tItaly\t\n\
juventus\tJuventus\tJuve|Old Lady\tTurin\tItaly\tallianz-stadium\n\
inter\tInter Milan\tInter\tMilan\tItaly\t\n\
lazio\tLazio\t\tRome\tItaly\t\n\
chelsea\tChelsea\t\tLondon\tEngland\t\n\
fulham\tFulham\t\tLondon\tEngland\t\n";
    const STADIUMS: &str = "id\tname\taliases\tcity\tclubs\n\
allianz-stadium\tAllianz Stadium\tJuventus Stadium\tTurin\tjuventus\n";

    fn pipeline() -> Pipeline {
        crate::pipeline::test_pipeline(PEOPLE, CLUBS, STADIUMS)
    }

    /// (name, text, expected mentions as "text=id/match", id "?" for ambiguous)
    const CASES: &[(&str, &str, &[&str])] = &[
        (
            "full_name",
            "Kalidou Koulibaly scored.",
            &["Kalidou Koulibaly=kalidou-koulibaly/exact"],
        ),
        (
            "surname",
            "Koulibaly scored.",
            &["Koulibaly=kalidou-koulibaly/surname"],
        ),
        (
            "possessive_s",
            "Koulibaly's goal won it.",
            &["Koulibaly=kalidou-koulibaly/surname"],
        ),
        (
            "possessive_apostrophe",
            "Juventus' lead is cut.",
            &["Juventus=juventus/exact"],
        ),
        ("alias", "Juve lost at home.", &["Juve=juventus/alias"]),
        (
            "multi_word_alias",
            "The Old Lady lost.",
            &["Old Lady=juventus/alias"],
        ),
        (
            "diacritics_folded",
            "Hamsik shot wide.",
            &["Hamsik=marek-hamsik/surname"],
        ),
        (
            "diacritics_kept",
            "Marek Hamšík shot wide.",
            &["Marek Hamšík=marek-hamsik/exact"],
        ),
        (
            "all_caps",
            "SENEGALESE defender KOULIBALY scored.",
            &["KOULIBALY=kalidou-koulibaly/surname"],
        ),
        ("lowercase_common_word", "The young defender scored.", &[]),
        (
            "capitalised_common_word_mid_sentence",
            "Chelsea signed Young on Monday.",
            &["Chelsea=chelsea/exact", "Young=ashley-young/surname"],
        ),
        (
            "common_word_at_sentence_start",
            "Young players need time.",
            &[],
        ),
        (
            "leftmost_longest",
            "Inter Milan won.",
            &["Inter Milan=inter/exact"],
        ),
        (
            "stadium_alias_beats_club",
            "at the Juventus Stadium tonight",
            &["Juventus Stadium=allianz-stadium/alias"],
        ),
        ("word_boundary", "Internazionale and Interesting.", &[]),
        (
            "lowercase_form_words",
            "an old lady and inter milan fans",
            &[],
        ),
        (
            "particle_surname",
            "de Vrij headed in.",
            &["de Vrij=stefan-de-vrij/surname"],
        ),
        (
            "ambiguous_surname",
            "Cole scored twice.",
            &["Cole=?/surname"],
        ),
        (
            "settled_by_full_name_later",
            "Cole scored. Joe Cole is fit.",
            &["Cole=joe-cole/surname", "Joe Cole=joe-cole/exact"],
        ),
        (
            "settled_by_club",
            "Fulham won as Cole scored.",
            &["Fulham=fulham/exact", "Cole=andy-cole/surname"],
        ),
        (
            "club_context_not_unique",
            "Chelsea won as Cole scored.",
            &["Chelsea=chelsea/exact", "Cole=?/surname"],
        ),
        (
            "longer_form_would_end_inside_a_word",
            "But Graham said no.",
            &["Graham=alan-graham/surname"],
        ),
        (
            "longer_form_at_a_boundary",
            "But Graham Sa said no.",
            &["Graham Sa=graham-sa/exact"],
        ),
        (
            "hyphen_boundary",
            "a Koulibaly-inspired win",
            &["Koulibaly=kalidou-koulibaly/surname"],
        ),
    ];

    #[test]
    fn matcher_cases() {
        let p = pipeline();
        let g = p.gazetteer();
        for (name, text, expected) in CASES {
            let analysis = p.analyze_text(text);
            let got: Vec<String> = analysis
                .mentions
                .iter()
                .map(|m| {
                    let id = m
                        .entity
                        .map_or("?".to_string(), |e| g.entities()[e as usize].id.clone());
                    format!("{}={}/{}", &text[m.start..m.end], id, m.match_kind.as_str())
                })
                .collect();
            assert_eq!(got, *expected, "case {name}");
        }
    }

    /// The word-list path of `find` and the char-by-char path agree (on the seed articles with
    /// the project's gazetteers, whose forms all open with a word char).
    #[test]
    fn word_list_path_equals_every_start_path() {
        let gazetteer = crate::Gazetteer::load("gazetteers").unwrap();
        let p = Pipeline::new(gazetteer).unwrap();
        let m = p.matcher();
        assert!(!m.punctuation_starts);
        let mut found = 0;
        for entry in std::fs::read_dir("corpus").unwrap() {
            let doc = crate::Document::read(&entry.unwrap().path()).unwrap();
            let folded = Folded::new(&doc.text);
            let sentences = p.sentences(&doc);
            let words = m.find(&doc.text, &folded, &sentences);
            found += words.len();
            assert_eq!(
                words,
                m.find_at_every_start(&doc.text, &folded, &sentences),
                "{}",
                doc.name
            );
        }
        assert!(found > 100, "{found} mentions");
    }

    /// [`Matcher::longest_form`] as first defined: of all forms that the text at `fs` starts
    /// with, the longest that ends at a word boundary (every form tried).
    fn longest_form_reference(m: &Matcher, hay: &str, fs: usize) -> Option<(usize, usize)> {
        (0..m.patterns.len())
            .filter(|&p| hay[fs..].starts_with(m.form(p)))
            .map(|p| (p, fs + m.form(p).len()))
            .filter(|&(_, end)| !char_at(hay, end).is_some_and(is_word_char))
            .max_by_key(|&(_, end)| end)
    }

    /// The offsets of the folded text's word starts, found char by char.
    fn word_starts(hay: &str) -> impl Iterator<Item = usize> + '_ {
        hay.char_indices()
            .filter(|&(i, c)| {
                is_word_char(c) && !hay[..i].chars().next_back().is_some_and(is_word_char)
            })
            .map(|(i, _)| i)
    }

    /// Checks the hash lookup against the reference at every word start of `text`.
    fn check_longest_forms(m: &Matcher, text: &str) -> usize {
        let folded = Folded::new(text);
        let hay = folded.as_str();
        let mut found = 0;
        for i in word_starts(hay) {
            let (we, h) = first_word_at(hay, i);
            let word = Word {
                end: we,
                hash: h,
                entry: m.by_hash.get(h),
                continued: m.first_words.get_hash(h) & FirstWordFlags::CONTINUED != 0,
            };
            let ours = m.longest_form(hay, i, Some(word));
            assert_eq!(ours, longest_form_reference(m, hay, i), "at {i} of {hay:?}");
            assert_eq!(
                m.longest_continued_form(hay, i, we, h),
                m.longest_continued_form_reference(hay, i, we, h),
                "at {i} of {hay:?}"
            );
            found += usize::from(ours.is_some());
        }
        found
    }

    /// Forms that share first words, end inside the text's words, or hold punctuation.
    fn tricky_matcher() -> &'static Pipeline {
        static TRICKY: std::sync::LazyLock<Pipeline> = std::sync::LazyLock::new(tricky_pipeline);
        &TRICKY
    }

    fn tricky_pipeline() -> Pipeline {
        crate::pipeline::test_pipeline(
            "id\tname\taliases\trole\tclub\tnationality\n\
             alan-graham\tAlan Graham\t\tplayer\t\t\n\
             graham-sa\tGraham Sá\tGraham S|G. S.\tplayer\t\t\n\
             sean-o-neill\tSeán O'Neill\tO'\tplayer\t\t\n\
             jean-pierre-papin\tJean-Pierre Papin\tJP|Jean Pierre Papin Jr.\tplayer\t\t\n\
             thomas-muller\tThomas Müller\tDer Bomber\tplayer\t\t\n",
            "id\tname\taliases\tcity\tcountry\tstadium\n\
             milan\tA.C. Milan\tMilan|AC Milan|A.C.\tMilan\tItaly\t\n\
             man-utd\tManchester United\tMan U.|Man Utd|Man\tManchester\tEngland\t\n",
            "id\tname\taliases\tcity\tclubs\n\
             st-mirren-park\tSt. Mirren Park\tSt Mirren Park|Straße\tPaisley\t\n",
        )
    }

    /// [`Matcher::may_start_form`] as first written: the flag table alone.
    fn may_start_form_reference(m: &Matcher, text: &str, folded: &Folded, i: usize, h: u64) -> u8 {
        let lower = text
            .as_bytes()
            .get(folded.original_offset(i))
            .is_some_and(u8::is_ascii_lowercase);
        let flags = m.first_words.get_hash(h);
        let needed = match lower {
            true => FirstWordFlags::LOWER_FIRST,
            false => FirstWordFlags::FIRST,
        };
        match flags & needed {
            0 => 0,
            _ => flags,
        }
    }

    /// Checks `may_start_form` against the reference at every word of `text`; returns how many
    /// lower-case words may start a form.
    fn check_may_start_form(m: &Matcher, text: &str) -> usize {
        let folded = Folded::new(text);
        let hay = folded.as_str();
        let mut lower_starts = 0;
        for i in word_starts(hay) {
            let (_, h) = first_word_at(hay, i);
            let ours = m.may_start_form(text, folded.original_offset(i), h);
            assert_eq!(
                ours,
                may_start_form_reference(m, text, &folded, i, h),
                "at {i} of {text:?}"
            );
            let lower = text.as_bytes()[folded.original_offset(i)].is_ascii_lowercase();
            lower_starts += usize::from(lower && ours != 0);
        }
        lower_starts
    }

    #[test]
    fn lower_case_words_start_forms_as_the_flag_table_says() {
        let pipeline = crate::pipeline::test_pipeline(
            "id\tname\taliases\trole\tclub\tnationality\n\
             edwin-van-der-sar\tEdwin van der Sar\t\tplayer\t\t\n\
             stefan-de-vrij\tStefan de Vrij\t\tplayer\t\t\n\
             ashley-young\tAshley Young\tyoungster\tplayer\t\t\n",
            "id\tname\taliases\tcity\tcountry\tstadium\n\
             juventus\tJuventus\tthe old lady|Juve\tTurin\tItaly\t\n",
            "id\tname\taliases\tcity\tclubs\n",
        );
        let text = "van der Sar saved from de Vrij; the old lady won, young Young and the \
                    youngster, Van der Sar, De Vrij, van, de, the, old, der Sar, sar.";
        let lower_starts = check_may_start_form(pipeline.matcher(), text);
        // van (der Sar), de (Vrij), the (old lady) twice, youngster, van, de, the: nothing else.
        assert_eq!(lower_starts, 8);
        assert!(pipeline
            .matcher()
            .find(text, &Folded::new(text), &[])
            .iter()
            .any(|m| &text[m.start..m.end] == "van der Sar"));
        for seed in crate::extract::seed_texts() {
            check_may_start_form(tricky_matcher().matcher(), &seed);
        }
    }

    /// The one-pass ASCII capitalisation check against the general one, case by case: (name,
    /// text, form words, capital bits, expected).
    const CAPITAL_CASES: &[(&str, &str, u16, u64, bool)] = &[
        ("one capitalised word", "Smith", 1, 1, true),
        ("one lower-case word", "smith", 1, 1, false),
        ("no capital needed", "smith", 1, 0, true),
        ("second word needs one", "van Persie", 2, 0b10, true),
        ("second word lower", "Van persie", 2, 0b10, false),
        ("first letter after punctuation", "'t Hart", 2, 0b11, false),
        ("first letter after digits", "1. FC Koln", 3, 0b110, true),
        (
            "count differs, text's first letter",
            "Jean-Pierre Papin x",
            2,
            0b11,
            true,
        ),
        ("count differs, lower first letter", "1 fc", 3, 0b1, false),
        ("count differs, no capitals", "a b c", 2, 0, true),
        ("no letter in a word", "Smith 2", 2, 0b11, false),
        (
            "tabs and newlines split",
            "Ashley\tYoung\nX",
            3,
            0b111,
            true,
        ),
        (
            "vertical tab and form feed split",
            "A\x0bB\x0cC",
            3,
            0b111,
            true,
        ),
        ("control chars do not split", "A\x1cb", 2, 0b11, true),
        (
            "leading and trailing spaces",
            "  Ashley  Young ",
            2,
            0b11,
            true,
        ),
        ("empty", "", 0, 0, true),
        ("empty, a capital asked", "", 1, 1, false),
    ];

    #[test]
    fn capitals_ascii_cases() {
        for &(name, text, words, capitals, expected) in CAPITAL_CASES {
            assert_eq!(
                capitals_ok_general(text, words, capitals),
                expected,
                "general: {name}"
            );
            assert_eq!(
                capitals_ok_ascii(text.as_bytes(), words, capitals),
                expected,
                "ascii: {name}"
            );
            assert_eq!(
                capitals_ok_ascii_reference(text.as_bytes(), words, capitals),
                expected,
                "ascii, first form: {name}"
            );
        }
    }

    proptest::proptest! {
        /// The ASCII check gives the general check's answer, and its first form's.
        #[test]
        fn capitals_ascii_equals_general(
            text in "[ \\t\\n\\x0b\\x0c\\r\\x1c.'1aAzZ-]{0,24}",
            words in 0u16..6,
            capitals in proptest::num::u64::ANY,
        ) {
            let ours = capitals_ok_ascii(text.as_bytes(), words, capitals & 0x3f);
            proptest::prop_assert_eq!(ours, capitals_ok_general(&text, words, capitals & 0x3f));
            proptest::prop_assert_eq!(
                ours,
                capitals_ok_ascii_reference(text.as_bytes(), words, capitals & 0x3f)
            );
        }
    }

    #[test]
    fn small_hash_tables_hold_every_word_put_in() {
        let words: Vec<String> = (0..300).map(|i| format!("w{i}")).collect();
        let hashes: Vec<u64> = words.iter().map(|w| form_hash(w.as_bytes())).collect();
        for n in [0, 1, 5, 64, 300] {
            let set = HashBits::of_hashes(&hashes[..n]);
            assert!(hashes[..n].iter().all(|&h| set.may_contain_hash(h)));
            // Sized to the words: about 64 bits each, at least 4096.
            assert_eq!(set.bits.len() * 64, (n * 64).next_power_of_two().max(4096));
            let strays = hashes[n..].iter().filter(|&&h| set.may_contain_hash(h));
            assert!(strays.count() <= (300 - n) / 8, "{n}");
        }
    }

    /// The kind of each mention as first set, by the caller, from the gazetteer: the entity's,
    /// or the first candidate's.
    fn kinds_reference(mentions: &[Mention], gazetteer: &Gazetteer) -> Vec<EntityKind> {
        mentions
            .iter()
            .map(|m| {
                let index = m.entity.or_else(|| m.candidates.first().copied());
                index
                    .and_then(|i| gazetteer.kind_of(i as usize))
                    .unwrap_or(EntityKind::Player)
            })
            .collect()
    }

    #[test]
    fn mentions_come_with_their_entity_kinds() {
        let gazetteer = crate::Gazetteer::load("gazetteers").unwrap();
        let project = Pipeline::new(gazetteer).unwrap();
        let mut kinds = std::collections::BTreeSet::new();
        for p in [&project, tricky_matcher()] {
            for text in crate::extract::seed_texts() {
                let found = p.matcher().find(&text, &Folded::new(&text), &[]);
                let ours: Vec<EntityKind> = found.iter().map(|m| m.kind).collect();
                assert_eq!(ours, kinds_reference(&found, p.gazetteer()));
                kinds.extend(ours);
            }
        }
        // Clubs, players, coaches and stadiums all met, ambiguous mentions among them.
        assert!(kinds.len() >= 4, "{kinds:?}");
    }

    #[test]
    fn longest_form_equals_reference_on_the_seeds() {
        let gazetteer = crate::Gazetteer::load("gazetteers").unwrap();
        let p = Pipeline::new(gazetteer).unwrap();
        let mut found = 0;
        for entry in std::fs::read_dir("corpus").unwrap() {
            let doc = crate::Document::read(&entry.unwrap().path()).unwrap();
            found += check_longest_forms(p.matcher(), &doc.text);
        }
        assert!(found > 100, "{found} forms");
    }

    #[test]
    fn longest_form_equals_reference_on_tricky_forms() {
        let p = tricky_matcher();
        let text =
            "But Graham said, Graham Sa said, Graham S. said and G. S. did; O'Neill, O'Brien, \
                    o' Jean-Pierre Papin Jr. and Jean Pierre Papin Jr, JP; A.C. Milan, A.C., AC \
                    Milan, Man U. and Man Utd, Manu, Man U; St. Mirren Park, Straße, Strasse, \
                    Thomas Müller, Thomas Mullerx, Der Bomber.";
        assert!(check_longest_forms(p.matcher(), text) >= 15);
    }

    #[test]
    fn short_form_copies_agree_with_the_forms() {
        let gazetteer =
            crate::Gazetteer::load(std::path::Path::new("gazetteers")).expect("gazetteers");
        let pipeline = Pipeline::new(gazetteer).expect("pipeline");
        let m = pipeline.matcher();
        let forms: Vec<&str> = (0..m.patterns.len()).map(|p| m.form(p)).collect();
        assert!(forms.iter().any(|f| f.len() > SHORT_FORM));
        assert!(forms.iter().any(|f| f.len() <= SHORT_FORM));
        for p in 0..forms.len() {
            assert!(m.form_is(p, forms[p]), "{}", forms[p]);
            // Other forms, and the form cut short or run on (same length as another form).
            for probe in forms
                .iter()
                .step_by(7)
                .copied()
                .chain([forms[p].get(..forms[p].len() / 2).unwrap_or(""), "x"])
            {
                assert_eq!(
                    m.form_is(p, probe),
                    forms[p] == probe,
                    "{} vs {probe}",
                    forms[p]
                );
            }
        }
    }

    /// The named candidates' positions as first written: each candidate looked up among the
    /// named people, in list order.
    fn named_positions_reference(list: &[u32], full: &[u32]) -> Vec<usize> {
        (0..list.len())
            .filter(|&i| full.binary_search(&list[i]).is_ok())
            .collect()
    }

    #[test]
    fn named_positions_table() {
        /// (name, list, full, positions)
        type Case = (
            &'static str,
            &'static [u32],
            &'static [u32],
            &'static [usize],
        );
        let cases: &[Case] = &[
            ("nobody named", &[1, 5, 9], &[], &[]),
            ("one named, ascending list", &[1, 5, 9, 12], &[5], &[1]),
            ("several named", &[1, 5, 9, 12], &[0, 1, 9, 40], &[0, 2]),
            ("named past the list", &[1, 5], &[7, 8, 9], &[]),
            ("unordered list", &[9, 1, 5], &[1, 9], &[0, 1]),
            (
                "more named than candidates",
                &[4, 6],
                &[1, 2, 3, 4, 5, 6, 7],
                &[0, 1],
            ),
        ];
        for &(name, list, full, want) in cases {
            // The order checked, and given when the list is ascending.
            for order in [ListOrder::Unknown, ListOrder::of(list)] {
                let mut got = Vec::new();
                named_positions(list, full, order, &mut got);
                assert_eq!(got, want, "{name} {order:?}");
                assert_eq!(got, named_positions_reference(list, full), "{name}");
            }
        }
    }

    /// The texts of the proptests below: 1 to `n - 1` of `pieces`, each followed by one of
    /// `glue`.
    fn glued_texts(
        pieces: &'static [&'static str],
        glue: &'static [&'static str],
        n: usize,
    ) -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::strategy::Strategy;
        let pick = |from: &'static [&'static str], len| {
            proptest::collection::vec(proptest::sample::select(from), len)
        };
        (pick(pieces, 1..n), pick(glue, n..n + 1)).prop_map(|(pieces, glue)| {
            pieces
                .iter()
                .zip(&glue)
                .flat_map(|(piece, glue)| [*piece, *glue])
                .collect()
        })
    }

    proptest::proptest! {
        /// Ascending, unordered and duplicate-free lists against the reference.
        #[test]
        fn named_positions_equals_reference(
            list in proptest::collection::vec(0u32..60, 0..40),
            full in proptest::collection::btree_set(0u32..60, 0..20),
            sort in proptest::bool::ANY,
        ) {
            let mut list = list;
            if sort {
                list.sort_unstable();
                list.dedup();
            }
            let full: Vec<u32> = full.into_iter().collect();
            for order in [ListOrder::Unknown, ListOrder::of(&list)] {
                let mut got = Vec::new();
                named_positions(&list, &full, order, &mut got);
                proptest::prop_assert_eq!(got, named_positions_reference(&list, &full));
            }
        }

        /// Texts made of the tricky forms' pieces, glued by spaces and punctuation.
        #[test]
        fn longest_form_equals_reference(
            text in glued_texts(
                &[
                    "graham", "Graham", "sa", "Sá", "said", "s", "S", "g", "G", "o", "O", "neill",
                    "Neill", "jean", "Jean", "pierre", "papin", "Papin", "jr", "Jr", "ac", "AC",
                    "a", "A", "c", "C", "milan", "Milan", "man", "Man", "u", "U", "utd", "st",
                    "St", "mirren", "park", "Park", "straße", "strasse", "müller", "Muller",
                    "thomas", "Thomas", "x", "der", "bomber", "alan", "jp", "JP",
                ],
                &[" ", " ", ". ", ".", "'", "-", ", ", "  ", ""],
                12,
            ),
        ) {
            let p = tricky_matcher();
            check_longest_forms(p.matcher(), &text);
        }
    }

    #[test]
    fn a_form_opening_with_punctuation_is_tried_after_a_non_word_char() {
        let p = crate::pipeline::test_pipeline(
            "id\tname\taliases\trole\tclub\tnationality\n",
            "id\tname\taliases\tcity\tcountry\tstadium\nboro\tMiddlesbrough\t'Boro\tMiddlesbrough\tEngland\t\n",
            "id\tname\taliases\tcity\tclubs\n",
        );
        let text = "Then 'Boro won, x'Boro did not.";
        let found: Vec<&str> = p
            .analyze_text(text)
            .mentions
            .iter()
            .map(|m| &text[m.start..m.end])
            .collect();
        assert_eq!(found, ["'Boro"]);
    }

    #[test]
    fn continued_lengths_never_fall_short() {
        let mut lengths = ContinuedLengths::new();
        assert_eq!(lengths.bound(7), 0);
        lengths.insert(7, 12);
        lengths.insert(7, 9);
        assert_eq!(lengths.bound(7), 12);
        lengths.insert(8, 300);
        assert_eq!(lengths.bound(8), 300);
        lengths.insert(9, 40);
        assert_eq!(lengths.bound(9), 40);
        // A slot shared by two first words holds the longer bound.
        lengths.insert(7 + (1 << ContinuedLengths::BITS), 20);
        assert_eq!(lengths.bound(7), 20);
    }

    /// The scanning hash equals the hash of the word's bytes, and the end is the word's end,
    /// on words of every length around the 8-byte chunks, with every kind of byte after them.
    #[test]
    fn first_word_hash_is_the_form_hash_of_the_word() {
        let word = "abcdefghijklmnopqrstuvwxyz0123456789ZYX";
        for len in 1..=word.len() {
            for after in [
                "", " ", ".", "'", "-", "é", "ß", "\u{2019}", "\u{0}", "@", "[", "`", "{", "/", ":",
            ] {
                let text = format!("{}{after} tail", &word[..len]);
                let end = first_word_end(&text, 0);
                assert_eq!(
                    first_word_at(&text, 0),
                    (end, form_hash(&text.as_bytes()[..end])),
                    "{text:?}"
                );
                // And not at the start of the text.
                let text = format!("x {}{after}", &word[..len]);
                let end = first_word_end(&text, 2);
                assert_eq!(
                    first_word_at(&text, 2),
                    (end, form_hash(&text.as_bytes()[2..end]))
                );
            }
        }
        // Distinct words hash apart (zero padding does not make `ab` and `ab\0` alike: the
        // length is mixed in).
        assert_ne!(form_hash(b"ab"), form_hash(b"ab\0"));
        assert_ne!(form_hash(b"abcdefgh"), form_hash(b"abcdefgh\0"));
        assert_ne!(form_hash(b"david smith"), form_hash(b"david smit"));
    }

    #[test]
    fn load_padded_equals_reference() {
        let bytes: Vec<u8> = (1..=20u8).map(|b| b.wrapping_mul(37) | 0x80).collect();
        for len in 0..=bytes.len() {
            for at in 0..=len + 2 {
                assert_eq!(
                    load_padded(&bytes[..len], at),
                    load_padded_reference(&bytes[..len], at),
                    "{len} {at}"
                );
            }
        }
    }

    /// Reference: the ASCII letters and digits of a word, byte by byte.
    fn ascii_alphanumeric_bytes_reference(x: u64) -> u64 {
        x.to_le_bytes()
            .iter()
            .enumerate()
            .filter(|(_, b)| b.is_ascii_alphanumeric())
            .fold(0, |mask, (i, _)| mask | 0x80 << (8 * i))
    }

    #[test]
    fn ascii_alphanumeric_bytes_on_every_byte() {
        for b in 0..=255u8 {
            for filler in [0u8, b'a', 0xff, b' '] {
                let mut bytes = [filler; 8];
                for i in 0..8 {
                    bytes[i] = b;
                    let x = u64::from_le_bytes(bytes);
                    assert_eq!(
                        ascii_alphanumeric_bytes(x),
                        ascii_alphanumeric_bytes_reference(x),
                        "{bytes:?}"
                    );
                }
            }
        }
    }

    /// The open-addressed table answers like the map it is built from, present keys and absent
    /// ones, with keys crowded into neighbouring slots.
    #[test]
    fn forms_by_hash_agrees_with_its_map() {
        let mut map: HashMap<u64, u32> = HashMap::default();
        for i in 0..3000u64 {
            // Runs of keys with the same low bits, and spread keys.
            map.insert(i << 20 | 5, i as u32);
            let pattern = match i % 2 {
                0 => SHARED_HASH,
                _ => 10_000 + i as u32,
            };
            map.insert(form_hash(&i.to_le_bytes()), pattern);
        }
        let table = FormsByHash::new(&map);
        for (&h, &pattern) in &map {
            assert_eq!(table.get(h), Some(pattern), "{h}");
        }
        for i in 3000..6000u64 {
            for h in [i << 20 | 5, form_hash(&i.to_le_bytes()), i] {
                assert_eq!(table.get(h), map.get(&h).copied(), "{h}");
            }
        }
        assert_eq!(FormsByHash::new(&HashMap::default()).get(7), None);
    }

    /// The flag table answers like three separate sets over the same slots.
    #[test]
    fn first_word_flags_agree_with_separate_sets() {
        let words: Vec<String> = (0..5000).map(|i| format!("w{i}")).collect();
        let mut flags = FirstWordFlags::new();
        let mut sets = [
            HashBits::new(HashBits::BITS),
            HashBits::new(HashBits::BITS),
            HashBits::new(HashBits::BITS),
        ];
        let kinds = [
            FirstWordFlags::FIRST,
            FirstWordFlags::LOWER_FIRST,
            FirstWordFlags::CONTINUED,
        ];
        for (i, w) in words.iter().enumerate() {
            for (k, (&flag, set)) in kinds.iter().zip(&mut sets).enumerate() {
                if i % (k + 2) == 0 {
                    flags.insert(w, flag);
                    set.insert(w);
                }
            }
        }
        for w in words
            .iter()
            .map(String::as_str)
            .chain(["x", "david", "zz9"])
        {
            let h = form_hash(w.as_bytes());
            for (&flag, set) in kinds.iter().zip(&sets) {
                assert_eq!(
                    flags.get_hash(h) & flag != 0,
                    set.may_contain_hash(h),
                    "{w}"
                );
            }
        }
    }

    proptest::proptest! {
        /// On any text (ASCII, accented, punctuation), the scan finds each word's end and hash.
        #[test]
        fn first_word_at_equals_reference(text in "[a-zA-Z0-9 .'éß\u{2019}-]{0,40}") {
            let mut i = 0;
            while i < text.len() {
                let c = char_at(&text, i).unwrap_or(' ');
                if is_word_char(c) {
                    let end = first_word_end(&text, i);
                    proptest::prop_assert_eq!(
                        first_word_at(&text, i),
                        (end, form_hash(&text.as_bytes()[i..end]))
                    );
                    i = end;
                } else {
                    i += c.len_utf8();
                }
            }
        }
    }

    /// Name particles (lower-case first words: `de`, `van`, `ter`, `la`, the one-letter `o`),
    /// a lower-case alias opening like common words (`the`), a form opening with a digit and
    /// forms with non-ASCII letters: five lower-case initials, tested one by one.
    fn particle_matcher() -> &'static Pipeline {
        static PARTICLES: std::sync::LazyLock<Pipeline> =
            std::sync::LazyLock::new(|| particle_pipeline(""));
        &PARTICLES
    }

    /// [`particle_matcher`] with a sixth lower-case initial (`etoile`): more than are tested one
    /// by one, so every lower-case letter is taken.
    fn many_initials_matcher() -> &'static Pipeline {
        static MANY: std::sync::LazyLock<Pipeline> =
            std::sync::LazyLock::new(|| particle_pipeline("etoile"));
        &MANY
    }

    fn particle_pipeline(etoile_alias: &str) -> Pipeline {
        crate::pipeline::test_pipeline(
            "id\tname\taliases\trole\tclub\tnationality\n\
             stefan-de-vrij\tStefan de Vrij\t\tplayer\t\t\n\
             edwin-van-der-sar\tEdwin van der Sar\t\tplayer\t\t\n\
             jan-ter-avest\tJan ter Avest\t\tplayer\t\t\n\
             luca-la-torre\tLuca la Torre\t\tplayer\t\t\n\
             sean-o-neill\tSeán O'Neill\to'Neill\tplayer\t\t\n\
             thomas-muller\tThomas Müller\tDer Bomber\tplayer\t\t\n\
             marek-hamsik\tMarek Hamšík\t\tplayer\t\t\n",
            &format!(
                "id\tname\taliases\tcity\tcountry\tstadium\n\
                 juventus\tJuventus\tthe old lady|Juve\tTurin\tItaly\t\n\
                 munich-1860\tTSV 1860 Munich\t1860 Munich\tMunich\tGermany\t\n\
                 etoile\tÉtoile du Sahel\t{etoile_alias}\tSousse\tTunisia\t\n"
            ),
            "id\tname\taliases\tcity\tclubs\n",
        )
    }

    /// Checks [`Matcher::possible_starts`] against the reference on `text`: the starts it finds
    /// are starts the reference finds, in order; each one it passes over opens with a lower-case
    /// letter and has no match; and the mentions found are the same. Returns how many.
    fn check_possible_starts(m: &Matcher, text: &str) -> usize {
        let folded = Folded::new(text);
        let ours = m.possible_starts(text, &folded);
        let reference = m.possible_starts_reference(text, &folded);
        let mut rest = reference.iter();
        for start in &ours {
            assert!(rest.any(|r| r == start), "{start:?} in {text:?}");
        }
        for &(start, end, hash, flags) in reference.iter().filter(|r| !ours.contains(r)) {
            let original = folded.original_offset(start);
            assert!(
                text.as_bytes()[original].is_ascii_lowercase(),
                "{start} in {text:?}"
            );
            let word = Word {
                end,
                hash,
                entry: m.by_hash.get(hash),
                continued: flags & FirstWordFlags::CONTINUED != 0,
            };
            let mut out = Vec::new();
            assert_eq!(
                m.try_at(text, &folded, &[], start, Some(word), &mut out),
                None,
                "{start} in {text:?}"
            );
        }
        let found = m.try_starts(text, &folded, &[], &ours);
        assert_eq!(
            found,
            m.try_starts(text, &folded, &[], &reference),
            "{text:?}"
        );
        found.len()
    }

    #[test]
    fn possible_starts_equal_reference_on_particles() {
        let cases: &[(&str, &[&str])] = &[
            (
                "Stefan de Vrij and de Vrij, despite the team's day.",
                &["Stefan de Vrij", "de Vrij"],
            ),
            (
                "van der Sar, vans of Van der Sar; ter Avest the terrier.",
                &["van der Sar", "Van der Sar", "ter Avest"],
            ),
            (
                "la Torre, late, La Torre; o'Neill or o' neill, O'Neill.",
                &["la Torre", "La Torre", "o'Neill", "O'Neill"],
            ),
            (
                "the old lady, The Old Lady, theold lady; Juve.",
                &["the old lady", "The Old Lady", "Juve"],
            ),
            (
                "1860 Munich 1-0 TSV 1860 Munich, 18600 Munich.",
                &["1860 Munich", "TSV 1860 Munich"],
            ),
            (
                "Étoile du Sahel, etoile, e\u{301}toile, xde Vrij, iDe Vrij.",
                &["Étoile du Sahel", "etoile", "e\u{301}toile"],
            ),
            (
                "Hamšík’s day: Müller; Der Bomber der bomber dé Vrij",
                &["Hamšík", "Müller", "Der Bomber", "dé Vrij"],
            ),
            ("tiny ttt de", &[]),
            ("", &[]),
        ];
        let particles = particle_matcher().matcher();
        let many = many_initials_matcher().matcher();
        assert_eq!(particles.initials.all_lower, 0);
        assert_eq!(many.initials.all_lower, u64::MAX);
        for &(text, want) in cases {
            for m in [particles, many] {
                // Only the sixth initial's alias matches lower-case `etoile`.
                let want: Vec<&str> = want
                    .iter()
                    .copied()
                    .filter(|w| m.initials.all_lower != 0 || !w.starts_with('e'))
                    .collect();
                let n = check_possible_starts(m, text);
                let found = m.find(text, &Folded::new(text), &[]);
                let found: Vec<&str> = found.iter().map(|f| &text[f.start..f.end]).collect();
                assert_eq!((n, &found), (want.len(), &want), "{text:?}");
            }
        }
    }

    #[test]
    fn possible_starts_equal_reference_on_the_seeds() {
        let gazetteer = crate::Gazetteer::load("gazetteers").unwrap();
        let p = Pipeline::new(gazetteer).unwrap();
        let mut found = 0;
        for entry in std::fs::read_dir("corpus").unwrap() {
            let doc = crate::Document::read(&entry.unwrap().path()).unwrap();
            found += check_possible_starts(p.matcher(), &doc.text);
        }
        assert!(found > 100, "{found} mentions");
    }

    /// [`FormInitials::next_possible_start`] byte by byte: the first non-ASCII byte, or byte
    /// that may open a word where a form starts and begins a word (`from` is taken as a word
    /// start).
    fn next_possible_start_reference(initials: &FormInitials, text: &[u8], from: usize) -> usize {
        (from..text.len())
            .find(|&p| {
                !text[p].is_ascii()
                    || (initials.may_open(text[p])
                        && (p == from || !text[p - 1].is_ascii_alphanumeric()))
            })
            .unwrap_or(text.len().max(from))
    }

    /// Initials as a gazetteer's forms give them: particles, with a digit, with more
    /// lower-case letters than are tested one by one, and none.
    fn initials_cases() -> Vec<FormInitials> {
        let of = |words: &[(&str, bool)]| {
            let mut initials = FormInitials::default();
            for &(word, lower_first) in words {
                initials.insert(word, lower_first);
            }
            initials
        };
        let particles = [("de", true), ("van", true), ("ter", true), ("la", true)];
        let many: Vec<(&str, bool)> = ["a", "b", "c", "d", "e", "f", "g"]
            .iter()
            .map(|&w| (w, true))
            .collect();
        vec![
            of(&particles),
            of(&[("1860", false), ("smith", false), ("o", true)]),
            of(&many),
            of(&[("smith", false)]),
        ]
    }

    #[test]
    fn initials_come_from_the_first_words() {
        let [particles, digits, many, none] = &initials_cases()[..] else {
            panic!("four cases");
        };
        let opens = |i: &FormInitials, bytes: &[u8]| -> Vec<bool> {
            bytes.iter().map(|&b| i.may_open(b)).collect()
        };
        let probe = b"AZdtvlaes09\xc3 '";
        assert_eq!(
            opens(particles, probe),
            [
                true, true, true, true, true, true, false, false, false, false, false, true, false,
                false
            ]
        );
        assert_eq!(
            opens(digits, probe),
            [
                true, true, false, false, false, false, false, false, false, true, true, true,
                false, false
            ]
        );
        assert!(opens(many, probe)[2..8].iter().all(|&o| o));
        assert_eq!(many.all_lower, u64::MAX);
        assert!(!opens(none, probe)[2..11].iter().any(|&o| o));
        // The pairs: `de`, `va`, `te`, `la`, and `o` before any byte that ends a word.
        let pairs = [
            (particles, b'd', Some(b'e'), true),
            (particles, b'd', Some(b'a'), false),
            (particles, b't', Some(b'h'), false),
            (particles, b't', Some(b'e'), true),
            (particles, b'v', Some(b'a'), true),
            (particles, b'l', None, false),
            (digits, b'o', Some(b'\''), true),
            (digits, b'o', None, true),
            (digits, b'o', Some(0xe2), true),
            (digits, b'o', Some(b'n'), false),
            (digits, b's', Some(b'm'), false),
            (none, b's', Some(b'm'), false),
        ];
        for (i, b, next, want) in pairs {
            assert_eq!(i.may_open_lower(b, next), want, "{} {next:?}", b as char);
        }
    }

    proptest::proptest! {
        /// Texts made of particles, names, common words, digits, non-ASCII chars and glue.
        #[test]
        fn possible_starts_equal_reference(
            text in glued_texts(
                &[
                    "de", "De", "Vrij", "vrij", "despite", "day", "van", "Van", "der", "Der",
                    "sar", "Sar", "vans", "ter", "Ter", "avest", "Avest", "the", "The", "team",
                    "la", "La", "torre", "Torre", "late", "o", "O", "neill", "Neill", "old",
                    "lady", "Lady", "juve", "1860", "Munich", "munich", "TSV", "étoile",
                    "Étoile", "e\u{301}", "du", "sahel", "Sahel", "hamšík", "Hamšík", "müller",
                    "Müller", "bomber", "Bomber", "ß", "x", "iDe", "’", "9",
                ],
                &[" ", " ", ". ", "'", "-", ", ", "", "’", "\n"],
                16,
            ),
        ) {
            check_possible_starts(particle_matcher().matcher(), &text);
            check_possible_starts(many_initials_matcher().matcher(), &text);
        }

        /// The eight-byte marks' first byte is the first that the byte-by-byte test takes (the
        /// first byte taken as a word start).
        #[test]
        fn initial_marks_equal_reference(
            bytes in proptest::collection::vec(
                proptest::sample::select(&b"aAdDtTvVlLxX09 .'-\x80\xc3\xe2"[..]),
                8,
            ),
        ) {
            let mut eight = [0u8; 8];
            eight.copy_from_slice(&bytes);
            let x = u64::from_le_bytes(eight);
            for initials in initials_cases() {
                let marks = initials.marks(x);
                let got = match marks {
                    0 => 8,
                    _ => marks.trailing_zeros() as usize / 8,
                };
                proptest::prop_assert_eq!(got, next_possible_start_reference(&initials, &eight, 0));
            }
        }

        /// The scan never passes a possible start, passes only ASCII, and stops only at a byte
        /// that may open one: at the possible start, or inside a word before it.
        #[test]
        fn next_possible_start_never_passes_one(
            text in "[a-zA-Z0-9 .'é’\u{301}-]{0,40}",
            from in 0usize..40,
        ) {
            let bytes = text.as_bytes();
            for initials in initials_cases() {
                let got = initials.next_possible_start(bytes, from);
                let want = next_possible_start_reference(&initials, bytes, from);
                proptest::prop_assert!(got <= want);
                proptest::prop_assert!(bytes.get(from..got).unwrap_or_default().is_ascii());
                if got < want {
                    proptest::prop_assert!(got > from && bytes[got - 1].is_ascii_alphanumeric());
                    proptest::prop_assert!(initials.may_open(bytes[got]));
                }
            }
        }
    }

    #[test]
    fn boundaries_after_cases() {
        let ends = |hay: &str, from: usize, limit: usize| -> Vec<usize> {
            boundaries_after(hay, from, limit).collect()
        };
        // From the end of a first word: each later word's end (where the next char is no word
        // char), up to the limit.
        assert_eq!(ends("abc def", 3, 7), vec![7]);
        assert_eq!(ends("abc def ghi", 3, 6), Vec::<usize>::new());
        assert_eq!(ends("abc def ghi", 3, 11), vec![7, 11]);
        assert_eq!(ends("ab-cd e", 2, 7), vec![5, 7]);
        assert_eq!(ends("van der m\u{fc}ller", 3, 15), vec![7, 15]);
        assert_eq!(ends("abc", 3, 3), Vec::<usize>::new());
    }

    #[test]
    fn word_ends() {
        assert_eq!(first_word_end("abc def", 0), 3);
        assert_eq!(first_word_end("abc def", 4), 7);
        assert_eq!(first_word_end("o'neill", 0), 1);
        assert_eq!(first_word_end("hamsik, 2", 0), 6);
        assert_eq!(first_word_end("müller x", 0), 7);
        assert_eq!(first_word_end("ab\u{2019}c", 0), 2);
        assert_eq!(first_word_end("abc", 0), 3);
    }

    #[test]
    fn forms_start_after_punctuation_never_inside_words() {
        let text = "(Koulibaly) and Hamšík-Koulibaly; xKoulibaly Koulibalyx Milik.";
        let found: Vec<&str> = pipeline()
            .analyze_text(text)
            .mentions
            .iter()
            .filter(|m| m.match_kind != MatchKind::Fuzzy)
            .map(|m| &text[m.start..m.end])
            .collect();
        assert_eq!(found, ["Koulibaly", "Hamšík", "Koulibaly", "Milik"]);
    }
}
