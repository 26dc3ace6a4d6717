//! Fuzzy matching of misspelled names (`Lichtstenier`, `Gianlugi Buffon`, `Atlanta`).
//!
//! Runs after the exact matcher, on what it left: capitalised words are looked up in an index of
//! the gazetteer's one-word forms (surnames, one-word names and aliases) through their
//! one-deletion neighbourhoods (symmetric delete), so a lookup touches only a handful of
//! candidates, never every entry; candidates are then scored by Damerau-Levenshtein similarity.
//! A person mention is also extended over a misspelled first name right before it
//! (`kaliodou Koulibaly`), and a surname preceded by a different capitalised first name
//! (`Joe Cole` when only Ashley Cole is listed) is dropped as someone else.
//! The thresholds live in [`FuzzyConfig`].

#[cfg(test)]
use std::borrow::Cow;
use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};

use rustc_hash::FxHashMap as HashMap;

use crate::candidates::list_hash;
use crate::facts::{Candidates, MatchKind, Mention, Span};
use crate::fold::{fold, Folded};
use crate::gather::gathered;
use crate::gazetteer::Gazetteer;
use crate::matcher::{at_sentence_start, is_word_char};
#[cfg(test)]
use crate::words::hash_joined;
use crate::words::{fnv_step, WordList, FNV_OFFSET};

/// The thresholds of fuzzy matching, set in one place.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FuzzyConfig {
    /// Minimum similarity for a lone word to be taken for a name.
    pub min_similarity: f64,
    /// Minimum similarity of a first name right before a matched surname.
    pub min_given_name_similarity: f64,
    /// Minimum length, in chars, of a word looked up on its own.
    pub min_word_chars: usize,
}

impl Default for FuzzyConfig {
    fn default() -> FuzzyConfig {
        FuzzyConfig {
            min_similarity: 0.85,
            min_given_name_similarity: 0.75,
            min_word_chars: 5,
        }
    }
}

/// A one-word form in the index.
#[derive(Debug, Clone)]
struct Token {
    folded: String,
    entities: Vec<u32>,
}

/// A fuzzy lookup result.
#[derive(Debug, Clone, PartialEq)]
pub struct FuzzyHit {
    /// The entities the matched form names.
    pub entities: Vec<u32>,
    /// The folded form that matched.
    pub form: String,
    /// Similarity in `[0, 1]`.
    pub score: f64,
}

/// Index of the gazetteer's one-word forms by deletion neighbourhood.
#[derive(Debug, Clone)]
pub struct FuzzyIndex {
    tokens: Vec<Token>,
    deletes: HashMap<u64, Vec<u32>>,
    /// Per entity: the folded given names (name minus surname), for pair extension.
    given_names: Vec<Option<String>>,
    /// Per entity: lengths and letters of the given names, so the first-name checks can rule a
    /// candidate out without reading its strings.
    given_summaries: Vec<Option<Summary>>,
    /// Per entity: the folded surname.
    surnames: Vec<Option<String>>,
    /// Folded first given name -> the people who have it, with the lengths and letters of their
    /// folded surnames (in one block, so that a common first name's thousands of people are read
    /// in order rather than scattered, and ruled out 64 at a time: [`NamePool`]).
    by_first_name: HashMap<String, NamePool>,
    /// Words of fewer chars than this (and at least one) are looked up by their whole key alone
    /// ([`whole_key_below`]).
    whole_key_below: usize,
    /// [`reach_interval`] at the first-name threshold, by word length (below
    /// [`FuzzyIndex::REACH_TABLE_LEN`]): the first-name checks' probes look their length bound
    /// up rather than work it out (a few float divisions per length).
    given_name_reach: Box<[Option<(usize, usize)>]>,
    /// The indexed forms' lists of people (a common surname's hundreds), prepared for the
    /// first-name check ([`NamePool`]).
    name_pools: Vec<NamePool>,
    /// [`list_hash`] of a prepared list -> its index in `name_pools` (the first with that hash).
    name_pools_by_hash: HashMap<u64, u32>,
    config: FuzzyConfig,
    /// This index's own number ([`fresh_index_id`]; a clone, which answers alike, shares it):
    /// which index the per-thread memo of [`FuzzyIndex::best_token`] answers for
    /// ([`BestTokens`]).
    id: u64,
}

/// The next [`FuzzyIndex`] id.
static NEXT_INDEX_ID: AtomicU64 = AtomicU64::new(0);

/// A number no other [`FuzzyIndex`] built in this process has.
fn fresh_index_id() -> u64 {
    NEXT_INDEX_ID.fetch_add(1, Ordering::Relaxed)
}

impl FuzzyIndex {
    /// The word lengths whose first-name length bound is looked up ([`reach_table`]).
    const REACH_TABLE_LEN: usize = 64;

    /// Builds the index for a gazetteer.
    pub fn new(gazetteer: &Gazetteer, config: FuzzyConfig) -> FuzzyIndex {
        let mut by_form: HashMap<String, usize> = HashMap::default();
        let mut tokens: Vec<Token> = Vec::new();
        let mut given_names = Vec::with_capacity(gazetteer.len());
        let mut surnames = Vec::with_capacity(gazetteer.len());
        let mut given_summaries = Vec::with_capacity(gazetteer.len());
        let mut by_first_name: HashMap<String, Vec<(u32, Option<Summary>)>> = HashMap::default();
        for (i, entity) in gazetteer.entities().iter().enumerate() {
            let surname = entity.surname();
            let given = surname.map(|s| fold(entity.name[..entity.name.len() - s.len()].trim()));
            let folded_surname = surname.map(fold);
            if let Some(first) = given.as_deref().and_then(|g| g.split_whitespace().next()) {
                by_first_name
                    .entry(first.to_string())
                    .or_default()
                    .push((i as u32, folded_surname.as_deref().map(Summary::of_string)));
            }
            given_summaries.push(given.as_deref().map(Summary::of_words));
            given_names.push(given);
            surnames.push(folded_surname);
            let forms = std::iter::once(entity.name.as_str())
                .chain(entity.aliases.iter().map(String::as_str))
                .chain(surname);
            for form in forms {
                if form.split_whitespace().count() != 1 {
                    continue;
                }
                let folded = fold(form);
                if folded.chars().count() < config.min_word_chars - 1 {
                    continue;
                }
                let slot = *by_form.entry(folded.clone()).or_insert_with(|| {
                    tokens.push(Token {
                        folded,
                        entities: Vec::new(),
                    });
                    tokens.len() - 1
                });
                if !tokens[slot].entities.contains(&(i as u32)) {
                    tokens[slot].entities.push(i as u32);
                }
            }
        }
        let by_first_name = by_first_name
            .into_iter()
            .map(|(first, people)| {
                let (entities, summaries): (Vec<u32>, Vec<Option<Summary>>) =
                    people.into_iter().unzip();
                (first, NamePool::of(&entities, summaries))
            })
            .collect();
        let deletes = deletion_index(&tokens);
        let (name_pools, name_pools_by_hash) =
            name_pools(tokens.iter().map(|t| &t.entities[..]), &given_summaries);
        FuzzyIndex {
            tokens,
            deletes,
            given_names,
            given_summaries,
            surnames,
            by_first_name,
            whole_key_below: whole_key_below(config.min_similarity),
            given_name_reach: reach_table(config.min_given_name_similarity),
            name_pools,
            name_pools_by_hash,
            config,
            id: fresh_index_id(),
        }
    }

    /// [`Probe::new`] at the first-name threshold, its length bound looked up.
    fn given_name_probe(&self, word: &str) -> Probe {
        let threshold = self.config.min_given_name_similarity;
        let chars = char_len(word);
        Probe {
            chars,
            letters: letters(word),
            threshold,
            lengths: match self.given_name_reach.get(chars) {
                Some(&lengths) => lengths,
                None => reach_interval(chars, threshold),
            },
        }
    }

    /// The thresholds in use.
    pub fn config(&self) -> FuzzyConfig {
        self.config
    }

    /// The number of indexed one-word forms.
    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    /// Whether the index is empty.
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    /// Looks a folded word up: the most similar indexed form at or above the threshold.
    pub fn lookup(&self, folded_word: &str) -> Option<FuzzyHit> {
        self.best_token(folded_word).map(|(score, t)| FuzzyHit {
            entities: self.tokens[t].entities.clone(),
            form: self.tokens[t].folded.clone(),
            score,
        })
    }

    /// [`FuzzyIndex::lookup`] without copying the hit out: its score and token.
    fn best_token(&self, folded_word: &str) -> Option<(f64, usize)> {
        let mut best: Option<(f64, usize)> = None;
        let mut seen: Vec<u32> = Vec::new();
        let mut consider = |key: u64| self.consider_key(folded_word, key, &mut seen, &mut best);
        // A short word reaches the threshold only with itself or a form one char longer, both
        // found under its whole key: its deletions (most of a lookup's probes) are not looked up.
        let chars = char_len(folded_word);
        if (1..self.whole_key_below).contains(&chars) {
            consider(folded_word.bytes().fold(FNV_OFFSET, fnv_step));
        } else {
            neighbourhood_keys(folded_word, consider);
        }
        best
    }

    /// The reference for [`FuzzyIndex::best_token`]: every key of the word looked up.
    #[cfg(test)]
    fn best_token_reference(&self, folded_word: &str) -> Option<(f64, usize)> {
        let mut best: Option<(f64, usize)> = None;
        let mut seen: Vec<u32> = Vec::new();
        neighbourhood_keys(folded_word, |key| {
            self.consider_key(folded_word, key, &mut seen, &mut best)
        });
        best
    }

    /// The tokens listed under deletion key `key`, each scored once against `folded_word`
    /// (`seen` holds those already scored): `best` keeps the highest score at or above the
    /// threshold, the lowest token index on a tie.
    fn consider_key(
        &self,
        folded_word: &str,
        key: u64,
        seen: &mut Vec<u32>,
        best: &mut Option<(f64, usize)>,
    ) {
        let Some(list) = self.deletes.get(&key) else {
            return;
        };
        for &t in list {
            if seen.contains(&t) {
                continue;
            }
            seen.push(t);
            let token = &self.tokens[t as usize];
            let Some(score) =
                similarity_at_least(folded_word, &token.folded, self.config.min_similarity)
            else {
                continue;
            };
            if best.is_none_or(|(b, bt)| score > b || (score == b && t < bt as u32)) {
                *best = Some((score, t as usize));
            }
        }
    }

    /// An index of people with the given folded given names (no forms), with `lists` prepared
    /// for the first-name check, for testing it.
    #[cfg(test)]
    fn of_given_names(given: &[Option<String>], lists: &[Vec<u32>], threshold: f64) -> FuzzyIndex {
        let given_summaries: Vec<Option<Summary>> = given
            .iter()
            .map(|g| g.as_deref().map(Summary::of_words))
            .collect();
        let (name_pools, name_pools_by_hash) =
            name_pools(lists.iter().map(Vec::as_slice), &given_summaries);
        let config = FuzzyConfig {
            min_given_name_similarity: threshold,
            ..FuzzyConfig::default()
        };
        FuzzyIndex {
            tokens: Vec::new(),
            deletes: HashMap::default(),
            given_names: given.to_vec(),
            given_summaries,
            surnames: Vec::new(),
            by_first_name: HashMap::default(),
            whole_key_below: whole_key_below(config.min_similarity),
            given_name_reach: reach_table(config.min_given_name_similarity),
            name_pools,
            name_pools_by_hash,
            config,
            id: fresh_index_id(),
        }
    }

    /// An index of people with the given folded surnames alone, for testing the surname check.
    #[cfg(test)]
    fn of_surnames(surnames: &[Option<String>], threshold: f64) -> FuzzyIndex {
        let mut index = FuzzyIndex::of_given_names(&[], &[], threshold);
        index.surnames = surnames.to_vec();
        index.id = fresh_index_id();
        index
    }

    /// An index of the given folded forms alone (no people), for testing lookups.
    #[cfg(test)]
    fn of_forms(forms: &[&str], config: FuzzyConfig) -> FuzzyIndex {
        let tokens: Vec<Token> = forms
            .iter()
            .enumerate()
            .map(|(i, f)| Token {
                folded: f.to_string(),
                entities: vec![i as u32],
            })
            .collect();
        FuzzyIndex {
            deletes: deletion_index(&tokens),
            tokens,
            given_names: Vec::new(),
            given_summaries: Vec::new(),
            surnames: Vec::new(),
            by_first_name: HashMap::default(),
            whole_key_below: whole_key_below(config.min_similarity),
            given_name_reach: reach_table(config.min_given_name_similarity),
            name_pools: Vec::new(),
            name_pools_by_hash: HashMap::default(),
            config,
            id: fresh_index_id(),
        }
    }

    /// A capitalised first name followed by a misspelled surname (`Arkadiusz Mili`): the person
    /// whose first given name is `first` and whose surname is most similar to `second`, when that
    /// similarity reaches the first-name threshold and the whole name the word threshold.
    /// `first` and `second` are the words as written at their offsets in the text `folded` folds;
    /// `scratch` holds their folded forms when they are not slices of it.
    fn pair(
        &self,
        (first_start, first): (usize, &str),
        (second_start, second): (usize, &str),
        folded: &Folded,
        scratch: &mut [String; 2],
        gazetteer: &Gazetteer,
    ) -> Option<Mention> {
        if !starts_upper(first) || !starts_upper(second) || char_len(second) < 3 {
            return None;
        }
        let [first_buf, second_buf] = scratch;
        let first = fold_word(folded, first_start, first, first_buf);
        let people = self.by_first_name.get(first)?;
        let second = fold_word(folded, second_start, second, second_buf);
        let probe = self.given_name_probe(second);
        let (_, p) = self.best_surname(people, second, &probe)?;
        let entity = &gazetteer.entities()[p as usize];
        let whole = similarity(&format!("{first} {second}"), &fold(&entity.name));
        (whole >= self.config.min_similarity).then(|| Mention {
            start: 0,
            end: 0,
            kind: entity.kind,
            entity: Some(p),
            candidates: Candidates::default(),
            match_kind: MatchKind::Fuzzy,
            score: round3(whole),
        })
    }

    /// Among the people who share a first name, the one whose surname is most similar to
    /// `second` (measured in `probe`), the first on a tie, when it reaches the first-name
    /// threshold. The summaries rule most namesakes out without reading their surname; in a
    /// long list, 64 at a time ([`NamePool::may_reach`]).
    fn best_surname(&self, people: &NamePool, second: &str, probe: &Probe) -> Option<(f64, u32)> {
        let mut best: Option<(f64, u32)> = None;
        let mut consider = |i: usize| {
            let p = people.entities[i];
            let Some(surname) = self.surnames[p as usize].as_deref() else {
                return;
            };
            let Some(score) = similarity_at_least(second, surname, probe.threshold) else {
                return;
            };
            if best.is_none_or(|(b, _)| score > b) {
                best = Some((score, p));
            }
        };
        if people.entities.len() >= NamePool::MIN_LEN {
            people.may_reach(probe, |s| probe.may_reach_word(s), consider);
        } else {
            for (i, summary) in people.summaries.iter().enumerate() {
                if summary.is_some_and(|s| probe.may_reach_word(s)) {
                    consider(i);
                }
            }
        }
        best
    }

    /// The reference for [`FuzzyIndex::best_surname`]: every person's summary tested in order.
    #[cfg(test)]
    fn best_surname_reference(
        &self,
        people: &[(u32, Option<Summary>)],
        second: &str,
        probe: &Probe,
    ) -> Option<(f64, u32)> {
        let mut best: Option<(f64, u32)> = None;
        for &(p, summary) in people {
            if !summary.is_some_and(|s| probe.may_reach_word(s)) {
                continue;
            }
            let Some(surname) = self.surnames[p as usize].as_deref() else {
                continue;
            };
            let Some(score) = similarity_at_least(second, surname, probe.threshold) else {
                continue;
            };
            if best.is_none_or(|(b, _)| score > b) {
                best = Some((score, p));
            }
        }
        best
    }

    /// The lookup of a lone capitalised word, folded (`key`): none for a common word or a place,
    /// else the best indexed form ([`FuzzyIndex::best_token`]). A function of `key` alone, so a
    /// document's repeats can take it from [`LoneWords`].
    fn lone_word(
        &self,
        key: &str,
        common_words: &WordList,
        places: &WordList,
    ) -> Option<(f64, usize)> {
        if common_words.contains(key) || places.contains(key) {
            return None;
        }
        self.remembered_best_token(key)
    }

    /// [`FuzzyIndex::best_token`], kept across documents in this thread's [`BestTokens`]: most
    /// words a document looks up were looked up in an earlier one (a name misspelt the same way,
    /// a manager the gazetteer does not hold), and a first lookup's probes of the deletion index
    /// miss the cache.
    fn remembered_best_token(&self, key: &str) -> Option<(f64, usize)> {
        let Some(packed) = LoneWords::packed(key) else {
            return self.best_token(key);
        };
        let slot = BestTokens::slot(packed);
        // The table is not borrowed while looking up (no re-entrancy); a failed borrow (which
        // would be a bug) or a thread being torn down only costs the memo.
        let found = BEST_TOKENS
            .try_with(|memo| {
                let memo = memo.try_borrow().ok()?;
                memo.get(self.id, packed, slot)
            })
            .ok()
            .flatten();
        if let Some(outcome) = found {
            return outcome;
        }
        let outcome = self.best_token(key);
        let _ = BEST_TOKENS.try_with(|memo| {
            if let Ok(mut memo) = memo.try_borrow_mut() {
                memo.put(self.id, packed, slot, outcome);
            }
        });
        outcome
    }

    /// Adds fuzzy mentions to `mentions` (kept sorted), extends person mentions over misspelled
    /// first names, and drops surnames that belong to a differently named person.
    #[allow(clippy::too_many_arguments)]
    pub fn apply(
        &self,
        text: &str,
        folded: &Folded,
        sentences: &[Span],
        mentions: &mut Vec<Mention>,
        gazetteer: &Gazetteer,
        common_words: &WordList,
        places: &WordList,
    ) {
        // Where words are folded when they are not slices of the folded document.
        let mut scratch = [String::new(), String::new()];
        // 1. Lone capitalised words the exact pass left.
        let mut added = Vec::new();
        let mut covered = mentions.iter().map(|m| (m.start, m.end)).peekable();
        let mut previous: Option<(usize, &str)> = None;
        let mut lone_words = LoneWords::default();
        // Only capitalised words can be names, or pair up as a first name and a surname: the
        // words between them are skipped, and adjacency is checked by offsets.
        let mut capitalised = capitalised_words(text);
        while let Some((start, word)) = capitalised.next() {
            while covered.peek().is_some_and(|&(_, e)| e <= start) {
                covered.next();
            }
            if let Some(&(_, end)) = covered.peek().filter(|&&(s, _)| s < start + word.len()) {
                previous = None;
                // Every later word that starts before this mention's end is covered by it too
                // (it stays the first mention ending past such a word): the scan resumes at its
                // end rather than find those words (`Real Madrid`, `Armando Kambwala`).
                capitalised.skip_to(end);
                continue;
            }
            let before = previous.replace((start, word));
            if let Some((first_start, first)) = before
                .filter(|(s, w)| s + w.len() + 1 == start && text.as_bytes()[s + w.len()] == b' ')
            {
                if let Some(m) = self.pair(
                    (first_start, first),
                    (start, word),
                    folded,
                    &mut scratch,
                    gazetteer,
                ) {
                    added.push(Mention {
                        start: first_start,
                        end: start + word.len(),
                        ..m
                    });
                    previous = None;
                    continue;
                }
            }
            // The cheapest tests first (all of them are needed to pass).
            if char_len(word) < self.config.min_word_chars
                || !starts_upper(word)
                || word.bytes().any(|b| b.is_ascii_digit())
                || is_all_caps(word)
            {
                continue;
            }
            let key = fold_word(folded, start, word, &mut scratch[0]);
            // A word comes back in a document (a misspelt name, a capitalised common word):
            // its lookup is done once (see `LoneWords`).
            let lookup = lone_words.outcome(key, |key| self.lone_word(key, common_words, places));
            if let Some((score, t)) = lookup {
                let hit = &self.tokens[t].entities;
                let (entity, candidates) = if hit.len() == 1 {
                    (Some(hit[0]), Candidates::default())
                } else {
                    (None, Candidates::from(hit.as_slice()))
                };
                let Some(kind) = gazetteer.kind_of(hit[0] as usize) else {
                    continue;
                };
                added.push(Mention {
                    start,
                    end: start + word.len(),
                    kind,
                    entity,
                    candidates,
                    match_kind: MatchKind::Fuzzy,
                    score: round3(score),
                });
            }
        }
        if !added.is_empty() {
            mentions.extend(added);
            mentions.sort_by_key(|m| m.start);
        }
        // 2. First names before person mentions: extend over a misspelling, or drop the mention
        //    when the first name is someone else's.
        let entities = gazetteer.entities();
        let mut keep = vec![true; mentions.len()];
        for i in 0..mentions.len() {
            let m = &mentions[i];
            if !m.kind.is_person() || !matches!(m.match_kind, MatchKind::Surname | MatchKind::Fuzzy)
            {
                continue;
            }
            let Some((ws, word)) = previous_word(text, m.start) else {
                continue;
            };
            if i > 0 && mentions[i - 1].end > ws {
                continue;
            }
            let folded_word = fold_word(folded, ws, word, &mut scratch[0]);
            let single: [u32; 1];
            let pool: &[u32] = match m.entity {
                Some(e) => {
                    single = [e];
                    &single
                }
                None => &m.candidates,
            };
            if word.chars().count() == 1 && starts_upper(word) {
                // An initial (`S Bennett`): it joins the span and picks the person whose given
                // name it starts; no one with that initial means someone else.
                let fits: Vec<u32> = pool
                    .iter()
                    .copied()
                    .filter(|&c| {
                        self.given_names[c as usize]
                            .as_deref()
                            .is_some_and(|g| g.starts_with(folded_word))
                    })
                    .collect();
                let m = &mut mentions[i];
                match fits.len() {
                    0 => keep[i] = false,
                    1 => {
                        m.start = ws;
                        m.entity = Some(fits[0]);
                        m.candidates.clear();
                        m.kind = entities[fits[0] as usize].kind;
                    }
                    _ => {
                        m.start = ws;
                        m.candidates = fits.into();
                    }
                }
                continue;
            }
            let probe = self.given_name_probe(folded_word);
            let prepared = match m.entity {
                Some(_) => None, // one person: no list
                None => self.name_pool_of(&m.candidates),
            };
            let best = self.best_given_name_in(pool, prepared, folded_word, &probe);
            let Some((score, c)) = best else { continue };
            if score >= 1.0 && m.match_kind == MatchKind::Surname {
                continue; // the right first name in another case (`kalidou Koulibaly`): as matched
            }
            if score >= self.config.min_given_name_similarity {
                let full = format!("{} {}", folded_word, fold(&text[m.start..m.end]));
                let whole = similarity(&full, &fold(&entities[c as usize].name));
                let m = &mut mentions[i];
                m.start = ws;
                m.entity = Some(c);
                m.candidates.clear();
                m.kind = entities[c as usize].kind;
                m.match_kind = MatchKind::Fuzzy;
                m.score = round3(whole.max(score));
            } else if starts_upper(word)
                && !is_all_caps(word)
                && !common_words.contains(folded_word)
                && !at_sentence_start(text, ws, sentences)
                && !word.ends_with("'s")
                && !self.given_name_two_back_with(pool, prepared, text, ws)
            {
                keep[i] = false;
            }
        }
        let mut index = 0;
        mentions.retain(|_| {
            index += 1;
            keep[index - 1]
        });
    }
}

impl FuzzyIndex {
    /// The first-name check's best candidate of `pool` for the word before a surname
    /// (`folded_word`, measured in `probe`): the highest given-name score, the first candidate
    /// with it; scores below the threshold count as 0 (they can neither be used nor be 1, the
    /// one other value the best is compared with). `None` when no candidate has given names.
    /// A common surname's prepared list ([`NamePool`]) is read in one block, and most of its
    /// people are ruled out a word of 64 at a time; any other list is read a group at a time.
    #[cfg(test)]
    fn best_given_name(
        &self,
        pool: &[u32],
        folded_word: &str,
        probe: &Probe,
    ) -> Option<(f64, u32)> {
        self.best_given_name_in(pool, self.name_pool(pool), folded_word, probe)
    }

    /// [`FuzzyIndex::best_given_name`] given `pool`'s prepared list, if it has one.
    fn best_given_name_in(
        &self,
        pool: &[u32],
        prepared: Option<&NamePool>,
        folded_word: &str,
        probe: &Probe,
    ) -> Option<(f64, u32)> {
        let Some(prepared) = prepared else {
            return self.best_given_name_gathered(pool, folded_word, probe);
        };
        // The first candidate with given names holds the best until one scores above 0.
        let mut best = (0.0, pool[prepared.first_with_summary? as usize]);
        prepared.may_reach(
            probe,
            |s| probe.may_reach(s),
            |i| {
                let score = self.given_name_score(pool[i], folded_word, probe);
                if score > best.0 {
                    best = (score, pool[i]);
                }
            },
        );
        Some(best)
    }

    /// [`FuzzyIndex::best_given_name`] for any list: every candidate's summary read (a group at
    /// a time: a common surname's people lie all over memory) and tested. The fast path's
    /// reference.
    fn best_given_name_gathered(
        &self,
        pool: &[u32],
        folded_word: &str,
        probe: &Probe,
    ) -> Option<(f64, u32)> {
        let mut best: Option<(f64, u32)> = None;
        for (c, summary) in gathered(pool, |c| self.given_summaries[c as usize]) {
            let Some(summary) = summary else {
                continue;
            };
            // The given names are read only when the summary lets them reach the threshold:
            // for most of a common surname's hundreds of people it does not.
            let score = match probe.may_reach(summary) {
                true => self.given_name_score(c, folded_word, probe),
                false => 0.0,
            };
            if best.is_none_or(|(b, _)| score > b) {
                best = Some((score, c));
            }
        }
        best
    }

    /// The best similarity of `folded_word` (measured in `probe`) to one of candidate `c`'s
    /// given names, 0 below the probe's threshold (given names too short or long to reach it
    /// are not compared).
    fn given_name_score(&self, c: u32, folded_word: &str, probe: &Probe) -> f64 {
        let threshold = probe.threshold;
        // Scores below `cutoff` count as 0 (see `best_given_name`).
        let cutoff = threshold.min(1.0);
        self.given_names[c as usize]
            .as_deref()
            .map_or(0.0, |given| {
                given
                    .split_whitespace()
                    .filter(|g| may_reach(probe.chars, char_len(g), threshold))
                    .map(|g| similarity_at_least(folded_word, g, cutoff).unwrap_or(0.0))
                    .fold(0.0, f64::max)
            })
    }

    /// The index among the prepared lists of the one with the contents of `list`, if any
    /// (asked once per candidate list when the pipeline is built, so that mentions carry it:
    /// see `FuzzyIndex::name_pool_of`).
    pub fn name_pool_index(&self, list: &[u32]) -> Option<u32> {
        if list.len() < NamePool::MIN_LEN {
            return None;
        }
        let index = *self.name_pools_by_hash.get(&list_hash(list))?;
        let prepared = self.name_pools.get(index as usize)?;
        (*prepared.entities == *list).then_some(index)
    }

    /// The prepared form of a mention's candidates: the index carried by a list the pipeline
    /// prepared (no lookup; a list without one has no prepared form), else found by contents
    /// (a list a stage built). The mentions must come from this index's pipeline.
    fn name_pool_of(&self, candidates: &Candidates) -> Option<&NamePool> {
        match candidates.prepared() {
            Some(list) => list
                .name_pool
                .and_then(|i| self.name_pools.get(i as usize))
                // A cheap guard against another pipeline's list.
                .filter(|pool| pool.entities.len() == candidates.len()),
            None => self.name_pool(candidates),
        }
    }

    /// The prepared form of `pool`, when it is one of the prepared lists (found by contents).
    fn name_pool(&self, pool: &[u32]) -> Option<&NamePool> {
        if pool.len() < NamePool::MIN_LEN {
            return None;
        }
        let prepared = &self.name_pools[*self.name_pools_by_hash.get(&list_hash(pool))? as usize];
        (*prepared.entities == *pool).then_some(prepared)
    }
}

impl FuzzyIndex {
    /// Whether the word two places back is one of the candidates' given names (`Mehdi Amine
    /// Benatia`). A candidate's given names are read only when their summary allows an exact
    /// match (most of a common surname's hundreds of people are ruled out from it alone).
    /// In a prepared list ([`NamePool`]), only the people whose letters allow an exact match
    /// are looked at.
    #[cfg(test)]
    fn given_name_two_back(&self, pool: &[u32], text: &str, word_start: usize) -> bool {
        self.given_name_two_back_with(pool, self.name_pool(pool), text, word_start)
    }

    /// [`FuzzyIndex::given_name_two_back`] given `pool`'s prepared list, if it has one.
    fn given_name_two_back_with(
        &self,
        pool: &[u32],
        prepared: Option<&NamePool>,
        text: &str,
        word_start: usize,
    ) -> bool {
        let Some((_, before)) = previous_word(text, word_start) else {
            return false;
        };
        let before = fold(before);
        let probe = Probe::new(&before, 1.0);
        let Some(prepared) = prepared else {
            return self.given_name_two_back_in(pool, &before, &probe);
        };
        let mut found = false;
        prepared.may_reach(
            &probe,
            |s| probe.may_reach(s),
            |i| found = found || self.has_given_name(pool[i], &before),
        );
        found
    }

    /// [`FuzzyIndex::given_name_two_back`] on any list: every candidate's summary tested (and
    /// the fast path's reference).
    fn given_name_two_back_in(&self, pool: &[u32], before: &str, probe: &Probe) -> bool {
        pool.iter().any(|&c| {
            let c = c as usize;
            self.given_summaries[c].is_none_or(|s| probe.may_reach(s))
                && self.has_given_name(c as u32, before)
        })
    }

    /// Whether `before` is one of person `c`'s folded given names.
    fn has_given_name(&self, c: u32, before: &str) -> bool {
        self.given_names[c as usize]
            .as_deref()
            .is_some_and(|g| g.split_whitespace().any(|w| w == before))
    }
}

/// One document's lone-word lookups ([`FuzzyIndex::lone_word`]) by folded word, so that a word
/// the document repeats is mostly looked up once: a third of the words that reach the lookup
/// come back in their document (a misspelt name, a manager or a competition the gazetteer does
/// not hold), and each lookup hashes the word and its deletions into a few hash tables. Held on
/// the stack (an allocation per document cost more than the repeats saved) as a direct-mapped
/// table of [`LoneWords::SLOTS`] words of up to 16 bytes, each packed into three integers
/// ([`LoneWords::packed`]); a word that meets another in its slot takes the slot, and longer
/// words are looked up every time.
#[derive(Debug)]
struct LoneWords {
    /// Per slot: the packed word it holds, or [`LoneWords::EMPTY`].
    keys: [[u64; 3]; LoneWords::SLOTS],
    /// Per slot: the lookup of its word.
    outcomes: [Option<(f64, usize)>; LoneWords::SLOTS],
}

impl Default for LoneWords {
    fn default() -> LoneWords {
        LoneWords {
            keys: [LoneWords::EMPTY; LoneWords::SLOTS],
            outcomes: [None; LoneWords::SLOTS],
        }
    }
}

impl LoneWords {
    /// The number of slots (a power of two: a document has a dozen or two such words).
    const SLOTS: usize = 64;

    /// An empty slot's key: no word packs to it (a packed word's length is at most 16).
    const EMPTY: [u64; 3] = [u64::MAX, 0, 0];

    /// `key` as three integers that determine it, if it has at most 16 bytes: its byte length,
    /// and its bytes (zero-padded) when fewer than eight, else its first eight and its last
    /// eight (overlapping below 16 bytes: with the length they still cover every byte).
    fn packed(key: &str) -> Option<[u64; 3]> {
        let bytes = key.as_bytes();
        let word = |at: usize| {
            let mut word = [0u8; 8];
            word.copy_from_slice(&bytes[at..at + 8]);
            u64::from_le_bytes(word)
        };
        match bytes.len() {
            len @ 0..8 => {
                let lo = bytes
                    .iter()
                    .rev()
                    .fold(0u64, |lo, &b| (lo << 8) | u64::from(b));
                Some([len as u64, lo, 0])
            }
            len @ 8..=16 => Some([len as u64, word(0), word(len - 8)]),
            _ => None,
        }
    }

    /// The slot of a packed word.
    fn slot(packed: [u64; 3]) -> usize {
        packed_slot(packed, LoneWords::SLOTS)
    }

    /// The lookup of `key`: the one recorded for it, else `look_up(key)`, recorded in its slot.
    fn outcome(
        &mut self,
        key: &str,
        look_up: impl FnOnce(&str) -> Option<(f64, usize)>,
    ) -> Option<(f64, usize)> {
        let Some(packed) = LoneWords::packed(key) else {
            return look_up(key);
        };
        let slot = LoneWords::slot(packed);
        if self.keys[slot] == packed {
            return self.outcomes[slot];
        }
        let outcome = look_up(key);
        self.keys[slot] = packed;
        self.outcomes[slot] = outcome;
        outcome
    }
}

/// The slot of a word packed by [`LoneWords::packed`] in a direct-mapped table of `slots` slots
/// (a power of two): the top bits of a multiplicative hash of its three integers.
fn packed_slot([len, lo, hi]: [u64; 3], slots: usize) -> usize {
    let mixed = (lo ^ hi.rotate_left(29) ^ len).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    (mixed >> (64 - slots.trailing_zeros())) as usize
}

thread_local! {
    /// This thread's memo of [`FuzzyIndex::best_token`] ([`FuzzyIndex::remembered_best_token`]).
    static BEST_TOKENS: RefCell<BestTokens> = const { RefCell::new(BestTokens::new()) };
}

/// One index's [`FuzzyIndex::best_token`] answers by folded word, kept by a thread across
/// documents: a direct-mapped table of [`BestTokens::SLOTS`] words of up to 16 bytes (packed as
/// in [`LoneWords::packed`]), allocated on first use; a word that meets another in its slot
/// takes the slot. It holds the answers of one index, [`BestTokens::index`]: used with another,
/// it is emptied first.
#[derive(Debug)]
struct BestTokens {
    /// The id of the index whose answers `slots` hold ([`FuzzyIndex::id`]), if any.
    index: Option<u64>,
    /// The slots; empty until first used.
    slots: Vec<BestTokenSlot>,
}

/// A [`BestTokens`] slot: a packed word and its answer, in 32 bytes (two to a cache line).
#[derive(Debug, Clone, Copy)]
struct BestTokenSlot {
    /// The word's first (or only) eight bytes.
    lo: u64,
    /// The word's last eight bytes, when it has more than eight.
    hi: u64,
    /// The word's byte length, or [`BestTokenSlot::EMPTY`].
    len: u32,
    /// The best token, or [`BestTokenSlot::NONE`] when no form reaches the threshold.
    token: u32,
    /// The best token's score.
    score: f64,
}

impl BestTokenSlot {
    /// An empty slot's length (a packed word has at most 16 bytes).
    const EMPTY: u32 = u32::MAX;
    /// The token of a word no form reaches.
    const NONE: u32 = u32::MAX;
}

impl BestTokens {
    /// The number of slots (a power of two; 128 KB in all: on 1000 documents at 100k people,
    /// 1024 slots left 1,912 of 6,250 lookups to do, 4096 left 1,271, with fewer cache misses
    /// in all).
    const SLOTS: usize = 4096;

    /// An empty memo, answering for no index.
    const fn new() -> BestTokens {
        BestTokens {
            index: None,
            slots: Vec::new(),
        }
    }

    /// The slot of a packed word.
    fn slot(packed: [u64; 3]) -> usize {
        packed_slot(packed, BestTokens::SLOTS)
    }

    /// The answer recorded for the packed word in `slot` by index `index`, if any.
    fn get(
        &self,
        index: u64,
        [len, lo, hi]: [u64; 3],
        slot: usize,
    ) -> Option<Option<(f64, usize)>> {
        if self.index != Some(index) {
            return None;
        }
        let s = self.slots.get(slot)?;
        if u64::from(s.len) != len || s.lo != lo || s.hi != hi {
            return None;
        }
        Some((s.token != BestTokenSlot::NONE).then_some((s.score, s.token as usize)))
    }

    /// Records index `index`'s answer for the packed word in `slot`, emptying the table first
    /// when it held another index's answers.
    fn put(
        &mut self,
        index: u64,
        [len, lo, hi]: [u64; 3],
        slot: usize,
        outcome: Option<(f64, usize)>,
    ) {
        let (score, token) = match outcome {
            None => (0.0, BestTokenSlot::NONE),
            Some((score, token)) => match u32::try_from(token) {
                Ok(token) if token != BestTokenSlot::NONE => (score, token),
                // Not representable: not recorded.
                _ => return,
            },
        };
        if self.index != Some(index) || self.slots.is_empty() {
            let empty = BestTokenSlot {
                lo: 0,
                hi: 0,
                len: BestTokenSlot::EMPTY,
                token: BestTokenSlot::NONE,
                score: 0.0,
            };
            self.slots.clear();
            self.slots.resize(BestTokens::SLOTS, empty);
            self.index = Some(index);
        }
        if let (Some(s), Ok(len)) = (self.slots.get_mut(slot), u32::try_from(len)) {
            *s = BestTokenSlot {
                lo,
                hi,
                len,
                token,
                score,
            };
        }
    }
}

/// A list of people (the people an indexed form names: a common surname's hundreds) prepared
/// for the first-name check: their given-name summaries in list order, in one block, and per
/// letter a bit set of the people whose given names hold it, so that the people whose letters
/// rule them out (most of them) are dropped 64 at a time without reading their summaries.
// One cache line each (the fields fit in 64 bytes): a check reads most of them, for one pool of
// thousands, cold.
#[derive(Debug, Clone)]
#[repr(align(64))]
struct NamePool {
    /// The list.
    entities: Box<[u32]>,
    /// Per person, in list order: the summary of their given names.
    summaries: Box<[Option<Summary>]>,
    /// The first person with given names.
    first_with_summary: Option<u32>,
    /// The bit sets of the people, in one block (one allocation: a lookup reads a few rows of
    /// one pool, cold, and each allocation of its own cost a cache miss more), as rows of `n`
    /// words (`n` = the list's length / 64, rounded up): bit `i % 64` of a row's word `i / 64`
    /// stands for person `i`. The rows, from [`NamePool::BOUNDED`] on:
    /// - `BOUNDED`: the person's summary has words and a known longest length (below 255), so
    ///   both bounds of [`Probe::may_reach`] apply;
    /// - `UNBOUNDED`: the summaries whose longest length is not known (255): never ruled out;
    /// - `LENGTHS + r` for `r` below [`NamePool::LENGTH_ROWS`]: the bounded people whose
    ///   longest word has more than `r` chars, and `LENGTHS + LENGTH_ROWS + r` those whose
    ///   shortest word has at most `r` chars. The length bound of [`Probe::may_reach`] is
    ///   applied from them 64 people at a time, before the letters are read: it rules out most
    ///   of a list, whose summaries (cold, 12 bytes a person) then need not be read one by one;
    /// - `LETTERS + b`: the bounded people whose summary holds letter bit `b` ([`letters`]).
    bits: Box<[u64]>,
    /// The longest word among the bounded summaries.
    max_longest: u8,
}

impl NamePool {
    /// Lists shorter than this are not prepared (a group read costs them little).
    const MIN_LEN: usize = 16;

    /// The most missing letters counted per person (see [`NamePool::may_reach`]): above it, no
    /// person is ruled out by the letters before their summary is read.
    const MAX_MISSING: usize = 4;

    /// The word lengths with a row of their own in [`NamePool::bits`] (a bound past them is
    /// applied as the last row's, a weaker bound: the summaries' own test settles the rest).
    const LENGTH_ROWS: usize = 16;

    /// The rows of [`NamePool::bits`].
    const BOUNDED: usize = 0;
    const UNBOUNDED: usize = 1;
    const LENGTHS: usize = 2;
    const LETTERS: usize = NamePool::LENGTHS + 2 * NamePool::LENGTH_ROWS;
    const ROWS: usize = NamePool::LETTERS + 32;

    /// The list `entities` with the given names' summaries of `given_summaries` (by entity).
    fn new(entities: &[u32], given_summaries: &[Option<Summary>]) -> NamePool {
        let summaries = entities
            .iter()
            .map(|&c| given_summaries.get(c as usize).copied().flatten())
            .collect();
        NamePool::of(entities, summaries)
    }

    /// The list `entities` with their `summaries` (in list order).
    fn of(entities: &[u32], summaries: Vec<Option<Summary>>) -> NamePool {
        let words = entities.len().div_ceil(64);
        let summaries: Box<[Option<Summary>]> = summaries.into();
        let mut bits = vec![0u64; NamePool::ROWS * words];
        let mut max_longest = 0;
        for (i, summary) in summaries.iter().enumerate() {
            let (word, bit) = (i / 64, 1u64 << (i % 64));
            let mut set = |row: usize| bits[row * words + word] |= bit;
            match summary {
                None => {}
                Some(s) if s.longest == u8::MAX => set(NamePool::UNBOUNDED),
                Some(s) if s.shortest > s.longest => {} // no words: never reaches
                Some(s) => {
                    set(NamePool::BOUNDED);
                    max_longest = max_longest.max(s.longest);
                    for r in 0..NamePool::LENGTH_ROWS {
                        if usize::from(s.longest) > r {
                            set(NamePool::LENGTHS + r);
                        }
                        if usize::from(s.shortest) <= r {
                            set(NamePool::LENGTHS + NamePool::LENGTH_ROWS + r);
                        }
                    }
                    let mut rest = s.letters;
                    while rest != 0 {
                        let b = rest.trailing_zeros() as usize;
                        rest &= rest - 1;
                        set(NamePool::LETTERS + b);
                    }
                }
            }
        }
        NamePool {
            entities: entities.into(),
            // Positions fit: the list holds `u32` entities, far fewer than `u32::MAX`.
            first_with_summary: summaries
                .iter()
                .position(Option::is_some)
                .and_then(|i| u32::try_from(i).ok()),
            summaries,
            bits: bits.into(),
            max_longest,
        }
    }

    /// Calls `each`, in list order, with the position of every person whose summary passes
    /// `exact`, a test that implies [`Probe::may_reach`] (it or [`Probe::may_reach_word`]). The
    /// length bound is first applied to 64 people at a time ([`NamePool::bits`]), then the
    /// letter bound, loosened to the list's longest word (the bound only grows with the length it
    /// divides by): a person missing more of the probe's letters than the longest word allows
    /// cannot reach the threshold. The survivors' summaries are then tested with `exact`.
    fn may_reach(
        &self,
        probe: &Probe,
        exact: impl Fn(Summary) -> bool,
        mut each: impl FnMut(usize),
    ) {
        let words = self.entities.len().div_ceil(64);
        // Word `w` of row `row` of the bit sets.
        let bits = |row: usize, w: usize| self.bits[row * words + w];
        let letters = probe.letters;
        let count = letters.count_ones() as usize;
        // The most missing letters a person whose words have at most `longest` chars may have.
        let allowed_at = |longest: usize| {
            let longest = probe.chars.max(longest);
            (0..=count)
                .take_while(|&m| {
                    !(longest > 0 && 1.0 - m as f64 / (longest as f64) < probe.threshold)
                })
                .last()
        };
        // The most missing letters any bounded person may have: `None` when none can reach.
        let allowed = probe
            .lengths
            .and_then(|_| allowed_at(usize::from(self.max_longest)));
        // The rows of the length bound `lo..=hi` (a row for a bound past the rows is the weaker
        // bound of the last one; none when every length passes), and the row of the people
        // with a word longer than `hi` (their other words pass the bound).
        let (longer_row, shorter_row, past_row) = match probe.lengths {
            Some((lo, hi)) => (
                lo.checked_sub(1)
                    .map(|r| NamePool::LENGTHS + r.min(NamePool::LENGTH_ROWS - 1)),
                (hi < NamePool::LENGTH_ROWS)
                    .then_some(NamePool::LENGTHS + NamePool::LENGTH_ROWS + hi),
                (hi < NamePool::LENGTH_ROWS).then_some(NamePool::LENGTHS + hi),
            ),
            None => (None, None, None),
        };
        // The people whose words are all within `hi` (in a list of single words, every one that
        // passes the length bound) may miss fewer letters than the list's longest word allows.
        let allowed_within = match (probe.lengths, past_row) {
            (Some((_, hi)), Some(_)) => allowed_at(hi.min(usize::from(self.max_longest))),
            _ => allowed,
        };
        // Whether a bound on the missing letters rules anyone out (and is counted).
        let filters = |allowed: usize| allowed < count && allowed <= NamePool::MAX_MISSING;
        for w in 0..words {
            let mut candidates = bits(NamePool::UNBOUNDED, w);
            if let (Some(allowed), Some(allowed_within)) = (allowed, allowed_within) {
                let mut bounded = bits(NamePool::BOUNDED, w);
                if let Some(r) = longer_row {
                    bounded &= bits(r, w);
                }
                if let Some(r) = shorter_row {
                    bounded &= bits(r, w);
                }
                // `allowed_within` is at most `allowed`: it filters whenever `allowed` does.
                if bounded != 0 && filters(allowed_within) {
                    let depth = if filters(allowed) {
                        allowed
                    } else {
                        allowed_within
                    };
                    // missing[j]: the people missing more than j of the probe's letters so far.
                    let mut missing = [0u64; NamePool::MAX_MISSING + 1];
                    let mut rest = letters;
                    while rest != 0 {
                        let b = rest.trailing_zeros() as usize;
                        rest &= rest - 1;
                        let lacks = !bits(NamePool::LETTERS + b, w);
                        for j in (1..=depth).rev() {
                            missing[j] |= missing[j - 1] & lacks;
                        }
                        missing[0] |= lacks;
                    }
                    let within = past_row.map_or(!0, |r| !bits(r, w));
                    let mut ruled_out = within & missing[allowed_within];
                    if filters(allowed) {
                        ruled_out |= missing[allowed];
                    }
                    bounded &= !ruled_out;
                }
                candidates |= bounded;
            }
            while candidates != 0 {
                let i = w * 64 + candidates.trailing_zeros() as usize;
                candidates &= candidates - 1;
                if self.summaries[i].is_some_and(&exact) {
                    each(i);
                }
            }
        }
    }
}

/// The prepared lists of `lists` of at least [`NamePool::MIN_LEN`] people, each distinct list
/// once, and their index by [`list_hash`].
fn name_pools<'l>(
    lists: impl IntoIterator<Item = &'l [u32]>,
    given_summaries: &[Option<Summary>],
) -> (Vec<NamePool>, HashMap<u64, u32>) {
    let mut pools = Vec::new();
    let mut by_hash: HashMap<u64, u32> = HashMap::default();
    for list in lists {
        if list.len() < NamePool::MIN_LEN {
            continue;
        }
        if let std::collections::hash_map::Entry::Vacant(entry) = by_hash.entry(list_hash(list)) {
            entry.insert(pools.len() as u32);
            pools.push(NamePool::new(list, given_summaries));
        }
    }
    (pools, by_hash)
}

/// The deletion index: every key of every token's neighbourhood, with the tokens under it.
fn deletion_index(tokens: &[Token]) -> HashMap<u64, Vec<u32>> {
    let mut deletes: HashMap<u64, Vec<u32>> = HashMap::default();
    for (t, token) in tokens.iter().enumerate() {
        neighbourhood_keys(&token.folded, |key| {
            let list = deletes.entry(key).or_default();
            if list.last() != Some(&(t as u32)) {
                list.push(t as u32);
            }
        });
    }
    deletes
}

/// The word lengths (in chars) `1..n` whose lookup needs the word's whole key alone, as `n`.
/// A form other than the word itself or the word with one char inserted (both listed under the
/// word's whole key) is, when no longer than the word, one edit or more away (score at most
/// `1 - 1/len`), and when longer, two or more (at most `1 - 2/(len + 1)`); when both stay below
/// `threshold`, no key but the whole one can find a form that reaches it (a hash collision
/// included). Both bounds grow with the length, so the lengths form a prefix.
fn whole_key_below(threshold: f64) -> usize {
    let score = |distance: usize, longer: usize| 1.0 - distance as f64 / longer as f64;
    let mut n = 1;
    while n < 256 && score(1, n) < threshold && score(2, n + 1) < threshold {
        n += 1;
    }
    n
}

/// The folded form of `word`, found at byte `start` of the text `folded` folds: a slice of the
/// folded text when its folding kept the offsets, otherwise the word folded into `buf` (an ASCII
/// word lower-cased there, without allocating once `buf` has grown: documents with a single
/// non-ASCII char fold every word this way).
fn fold_word<'a>(folded: &'a Folded, start: usize, word: &str, buf: &'a mut String) -> &'a str {
    if let Some(slice) = folded.same_offsets_slice(start, start + word.len()) {
        return slice;
    }
    buf.clear();
    if word.is_ascii() {
        buf.push_str(word);
        buf.make_ascii_lowercase();
    } else {
        buf.push_str(&fold(word));
    }
    buf
}

/// The reference for [`fold_word`]: a new string for every word the folded text has no slice for.
#[cfg(test)]
fn fold_word_reference<'a>(folded: &'a Folded, start: usize, word: &str) -> Cow<'a, str> {
    match folded.same_offsets_slice(start, start + word.len()) {
        Some(slice) => Cow::Borrowed(slice),
        None => Cow::Owned(fold(word)),
    }
}

/// Similarity of two folded strings: 1 - Damerau-Levenshtein distance / longer length (chars).
pub fn similarity(a: &str, b: &str) -> f64 {
    if a.is_ascii() && b.is_ascii() && a.len() <= MAX_FAST && b.len() <= MAX_FAST {
        if a.is_empty() && b.is_empty() {
            return 1.0;
        }
        let distance = damerau_levenshtein_ascii(a.as_bytes(), b.as_bytes());
        return 1.0 - distance as f64 / a.len().max(b.len()) as f64;
    }
    strsim::normalized_damerau_levenshtein(a, b)
}

/// The most edits two strings, the longer `long` chars long, may differ by and still be
/// `threshold` similar: the largest `d` with `1 - d / long >= threshold`, computed as
/// [`similarity`] and [`strsim::normalized_levenshtein`] compute the similarity (so that
/// rounding agrees), or `None` when not even equal strings would be (or `long` is 0). Used by
/// the fuzzy lookup, `gazetteer suggest`'s bigram bound and the quote comparison of `matches`.
pub(crate) fn max_edits(long: usize, threshold: f64) -> Option<usize> {
    let similar = |d: usize| 1.0 - (d as f64) / (long as f64) >= threshold;
    let guess = ((1.0 - threshold) * long as f64).floor();
    let mut d = if guess.is_finite() && guess > 0.0 {
        (guess as usize).min(long)
    } else {
        0
    };
    while d > 0 && !similar(d) {
        d -= 1;
    }
    if !similar(d) {
        return None;
    }
    while d < long && similar(d + 1) {
        d += 1;
    }
    Some(d)
}

/// `similarity(a, b)` when it is at least `threshold`, `None` otherwise. The distance
/// computation stops as soon as a row's smallest value shows the threshold out of reach (most
/// candidates a lookup compares fail it).
fn similarity_at_least(a: &str, b: &str, threshold: f64) -> Option<f64> {
    if !(a.is_ascii() && b.is_ascii() && a.len() <= MAX_FAST && b.len() <= MAX_FAST) {
        return Some(strsim::normalized_damerau_levenshtein(a, b)).filter(|&s| s >= threshold);
    }
    if a.is_empty() && b.is_empty() {
        return Some(1.0).filter(|&s| s >= threshold);
    }
    let longer = a.len().max(b.len());
    let score = |distance: usize| 1.0 - distance as f64 / longer as f64;
    // The largest distance that still reaches the threshold (the score falls as it grows).
    let max_distance = max_edits(longer, threshold)?;
    // The distance is at least the length difference (the strings are ASCII: bytes are chars).
    if a.len().abs_diff(b.len()) > max_distance {
        return None;
    }
    // Most pairs compared allow at most one edit (a name of up to 13 chars at the word
    // threshold, up to 7 at the first-name one): whether one edit is enough is decided in one
    // pass, without the distance table.
    let distance = match max_distance {
        0 => (a == b).then_some(0)?,
        1 => distance_within_one(a.as_bytes(), b.as_bytes())?,
        _ if unshared_bytes(a.as_bytes(), b.as_bytes()) > max_distance => return None,
        _ => damerau_levenshtein_ascii_within(a.as_bytes(), b.as_bytes(), max_distance)?,
    };
    Some(score(distance)).filter(|&s| s >= threshold)
}

/// A lower bound on the Damerau-Levenshtein distance of two byte strings: the bytes of one that
/// the other lacks (as multisets), in the larger direction. An insertion, deletion or
/// substitution adds or removes at most one byte on each side of that count, a transposition
/// none. Bytes are counted by their low five bits: merging bytes into one count never raises
/// what a side lacks, so the bound holds (and the letters, most of a name, each have their own).
fn unshared_bytes(a: &[u8], b: &[u8]) -> usize {
    // Wide enough for any word's count (an `i8` would wrap past 127 bytes of one class).
    let mut counts = [0i32; 32];
    for &x in a {
        counts[usize::from(x & 31)] += 1;
    }
    // The bytes of `b` with no byte of `a` left to pair with.
    let mut lacking_in_a = 0;
    for &y in b {
        let count = &mut counts[usize::from(y & 31)];
        *count -= 1;
        lacking_in_a += usize::from(*count < 0);
    }
    let paired = b.len() - lacking_in_a;
    (a.len() - paired).max(lacking_in_a)
}

/// The Damerau-Levenshtein distance of two byte strings when it is at most 1, `None` otherwise
/// ([`damerau_levenshtein_ascii_within`] with `max_distance` 1, without the table: a distance
/// of 1 is one insertion, deletion, substitution or transposition of adjacent bytes, and in
/// the unrestricted distance as in the restricted one). Past the common prefix, the first
/// byte that differs is the one edited (or the first of the two transposed): what follows
/// must then be equal.
fn distance_within_one(a: &[u8], b: &[u8]) -> Option<usize> {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[prefix..], &b[prefix..]);
    let one = match (a.len(), b.len()) {
        (0, 0) => return Some(0),
        (m, n) if m == n => {
            a[1..] == b[1..] || (m >= 2 && a[0] == b[1] && a[1] == b[0] && a[2..] == b[2..])
        }
        (m, n) if m == n + 1 => a[1..] == *b,
        (m, n) if n == m + 1 => b[1..] == *a,
        _ => false,
    };
    one.then_some(1)
}

/// Whether two strings of `a` and `b` chars can reach `threshold` similarity at all: the
/// distance is at least the length difference, so a large difference rules the pair out without
/// computing it.
fn may_reach(a: usize, b: usize, threshold: f64) -> bool {
    let longer = a.max(b);
    longer == 0 || 1.0 - a.abs_diff(b) as f64 / longer as f64 >= threshold
}

/// The longest ASCII string [`damerau_levenshtein_ascii`] takes (rows live on the stack).
const MAX_FAST: usize = 62;

/// The (unrestricted) Damerau-Levenshtein distance of two ASCII strings of at most [`MAX_FAST`]
/// bytes, in linear space without allocating (Zhao and Sahni's algorithm, as in `strsim`).
fn damerau_levenshtein_ascii(a: &[u8], b: &[u8]) -> usize {
    damerau_levenshtein_ascii_within(a, b, usize::MAX).unwrap_or(usize::MAX)
}

/// [`damerau_levenshtein_ascii`] when it is at most `max_distance`, `None` otherwise: no value
/// of a row is below the smallest of the row before (an edit or transposition only adds to a
/// cell it builds on, and a row's smallest value grows by at most one per row), so the distance
/// is at least the smallest value of every row, and a row whose values all exceed
/// `max_distance` ends the computation.
/// Cells are stored as `i8` (every value lies in `-1..=MAX_FAST + 1`) and widened to compute:
/// setting up the rows and the last-row table then costs a few stores, not kilobytes.
fn damerau_levenshtein_ascii_within(a: &[u8], b: &[u8], max_distance: usize) -> Option<usize> {
    let limit = isize::try_from(max_distance).unwrap_or(isize::MAX);
    const ROW: usize = MAX_FAST + 2;
    let (len1, len2) = (a.len(), b.len());
    let max_val = len1.max(len2) as isize + 1;
    let max_cell = i8::try_from(max_val).unwrap_or(i8::MAX);
    let mut last_row = [-1i8; 128];
    let mut fr = [max_cell; ROW];
    let mut row_a = [max_cell; ROW];
    let mut row_b = [max_cell; ROW];
    for (j, cell) in row_b.iter_mut().enumerate().take(len2 + 2).skip(1) {
        *cell = j as i8 - 1;
    }
    let (mut r, mut r1) = (&mut row_b, &mut row_a);
    for (i, &ch1) in a.iter().enumerate().map(|(i, c)| (i as isize + 1, c)) {
        std::mem::swap(&mut r, &mut r1);
        let mut last_col: isize = -1;
        let mut last_i2l1 = isize::from(r[1]);
        r[1] = i as i8;
        let mut row_min = i;
        let mut t = max_val;
        for (j, &ch2) in b.iter().enumerate().map(|(j, c)| (j + 1, c)) {
            let diag = isize::from(r1[j]) + isize::from(ch1 != ch2);
            let left = isize::from(r[j]) + 1;
            let up = isize::from(r1[j + 1]) + 1;
            let mut temp = diag.min(left).min(up);
            if ch1 == ch2 {
                last_col = j as isize;
                fr[j + 1] = r1[j - 1];
                t = last_i2l1;
            } else {
                let k = isize::from(last_row[usize::from(ch2 & 0x7f)]);
                let l = last_col;
                if j as isize - l == 1 {
                    temp = temp.min(isize::from(fr[j + 1]) + (i - k));
                } else if i - k == 1 {
                    temp = temp.min(t + (j as isize - l));
                }
            }
            last_i2l1 = isize::from(r[j + 1]);
            r[j + 1] = temp as i8;
            row_min = row_min.min(temp);
        }
        if row_min > limit {
            return None;
        }
        last_row[usize::from(ch1 & 0x7f)] = i as i8;
    }
    let distance = r[len2 + 1] as usize;
    (distance <= max_distance).then_some(distance)
}

/// The reference for [`damerau_levenshtein_ascii`]: the same algorithm on `isize` cells.
#[cfg(test)]
fn damerau_levenshtein_ascii_reference(a: &[u8], b: &[u8]) -> usize {
    const ROW: usize = MAX_FAST + 2;
    let (len1, len2) = (a.len(), b.len());
    let max_val = len1.max(len2) as isize + 1;
    let mut last_row = [-1isize; 128];
    let mut fr = [max_val; ROW];
    let mut row_a = [max_val; ROW];
    let mut row_b = [max_val; ROW];
    for (j, cell) in row_b.iter_mut().enumerate().take(len2 + 2).skip(1) {
        *cell = j as isize - 1;
    }
    let (mut r, mut r1) = (&mut row_b, &mut row_a);
    for (i, &ch1) in a.iter().enumerate().map(|(i, c)| (i as isize + 1, c)) {
        std::mem::swap(&mut r, &mut r1);
        let mut last_col: isize = -1;
        let mut last_i2l1 = r[1];
        r[1] = i;
        let mut t = max_val;
        for (j, &ch2) in b.iter().enumerate().map(|(j, c)| (j + 1, c)) {
            let diag = r1[j] + isize::from(ch1 != ch2);
            let left = r[j] + 1;
            let up = r1[j + 1] + 1;
            let mut temp = diag.min(left).min(up);
            if ch1 == ch2 {
                last_col = j as isize;
                fr[j + 1] = r1[j - 1];
                t = last_i2l1;
            } else {
                let k = last_row[usize::from(ch2 & 0x7f)];
                let l = last_col;
                if j as isize - l == 1 {
                    temp = temp.min(fr[j + 1] + (i - k));
                } else if i - k == 1 {
                    temp = temp.min(t + (j as isize - l));
                }
            }
            last_i2l1 = r[j + 1];
            r[j + 1] = temp;
        }
        last_row[usize::from(ch1 & 0x7f)] = i;
    }
    r[len2 + 1] as usize
}

/// What a cheap bound on similarity needs to know of a folded name's words: the shortest and
/// longest word in chars (255 standing for 255 or more) and a bit set of the letters in them
/// (`a`-`z`, other chars in six shared bits).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Summary {
    shortest: u8,
    longest: u8,
    letters: u32,
}

impl Summary {
    /// The summary of `s` taken as one word (a surname such as `de vrij` is compared whole).
    fn of_string(s: &str) -> Summary {
        let n = u8::try_from(char_len(s)).unwrap_or(u8::MAX);
        Summary {
            shortest: n,
            longest: n,
            letters: letters(s),
        }
    }

    /// The summary of the whitespace-separated words of `name`.
    fn of_words(name: &str) -> Summary {
        name.split_whitespace().fold(
            Summary {
                shortest: u8::MAX,
                longest: 0,
                letters: 0,
            },
            |s, w| {
                let n = u8::try_from(char_len(w)).unwrap_or(u8::MAX);
                Summary {
                    shortest: s.shortest.min(n),
                    longest: s.longest.max(n),
                    letters: s.letters | letters(w),
                }
            },
        )
    }
}

/// A looked-up word, measured once for [`Probe::may_reach`] at one threshold.
struct Probe {
    chars: usize,
    letters: u32,
    threshold: f64,
    /// The word lengths that pass the length bound ([`reach_interval`]).
    lengths: Option<(usize, usize)>,
}

impl Probe {
    fn new(word: &str, threshold: f64) -> Probe {
        let chars = char_len(word);
        Probe {
            chars,
            letters: letters(word),
            threshold,
            lengths: reach_interval(chars, threshold),
        }
    }

    /// Whether some word summarised by `s` can be `threshold`-similar to the probe. Two bounds,
    /// both below the true distance: the length difference, and the number of the probe's
    /// letters that none of the words has. `false` means certainly not; `true` means compute.
    fn may_reach(&self, s: Summary) -> bool {
        if s.longest == u8::MAX {
            return true;
        }
        if s.shortest > s.longest {
            return false; // no words at all
        }
        // The length bound first: whether `shortest..=longest` meets the lengths worked out
        // once per probe (two compares, where testing each length costs a division).
        let Some((lo, hi)) = self.lengths else {
            return false;
        };
        if usize::from(s.shortest) > hi || usize::from(s.longest) < lo {
            return false;
        }
        let longest = self.chars.max(usize::from(s.longest));
        let missing = (self.letters & !s.letters).count_ones() as usize;
        !(longest > 0 && 1.0 - missing as f64 / (longest as f64) < self.threshold)
    }

    /// [`Probe::may_reach`] for the summary of one word ([`Summary::of_string`]), with a third
    /// bound: the word's letters that the probe lacks each need an edit of their own too, so
    /// their number also bounds the distance (for a summary of several words it does not: their
    /// letters are pooled).
    fn may_reach_word(&self, s: Summary) -> bool {
        if !self.may_reach(s) {
            return false;
        }
        if s.longest == u8::MAX {
            return true; // the length is not known exactly
        }
        let longest = self.chars.max(usize::from(s.longest));
        let extra = (s.letters & !self.letters).count_ones() as usize;
        !(longest > 0 && 1.0 - extra as f64 / (longest as f64) < self.threshold)
    }
}

/// The lengths `n` for which [`may_reach`]`(chars, n, threshold)`, as `lo..=hi` (`hi` stops at
/// 255 unless `chars` is longer; summaries hold no longer lengths): an interval around `chars`,
/// as the bound only falls as `n` moves away from `chars` either way (`n / chars` below it,
/// `chars / n` above; rounding keeps that order). `None`: no length at all.
fn reach_interval(chars: usize, threshold: f64) -> Option<(usize, usize)> {
    if !may_reach(chars, chars, threshold) {
        return None;
    }
    let mut lo = chars;
    while lo > 0 && may_reach(chars, lo - 1, threshold) {
        lo -= 1;
    }
    let mut hi = chars;
    while hi < usize::from(u8::MAX) && may_reach(chars, hi + 1, threshold) {
        hi += 1;
    }
    Some((lo, hi))
}

/// [`reach_interval`] at `threshold` for the word lengths below
/// [`FuzzyIndex::REACH_TABLE_LEN`], by length.
fn reach_table(threshold: f64) -> Box<[Option<(usize, usize)>]> {
    (0..FuzzyIndex::REACH_TABLE_LEN)
        .map(|chars| reach_interval(chars, threshold))
        .collect()
}

/// The reference for [`Probe::may_reach`]: every length tested one by one.
#[cfg(test)]
fn may_reach_reference(word: &str, s: Summary, threshold: f64) -> bool {
    let chars = char_len(word);
    if s.longest == u8::MAX {
        return true;
    }
    if s.shortest > s.longest {
        return false;
    }
    let longest = chars.max(usize::from(s.longest));
    let missing = (letters(word) & !s.letters).count_ones() as usize;
    if longest > 0 && 1.0 - missing as f64 / (longest as f64) < threshold {
        return false;
    }
    (s.shortest..=s.longest).any(|n| may_reach(chars, usize::from(n), threshold))
}

/// The bit set of a word's letters: `a`-`z` one bit each, any other char in one of six bits.
fn letters(word: &str) -> u32 {
    word.chars().fold(0, |set, c| {
        set | match c {
            'a'..='z' => 1 << (c as u32 - 'a' as u32),
            _ => 1 << (26 + c as u32 % 6),
        }
    })
}

/// The length of a string in chars (its byte length when ASCII).
fn char_len(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    }
}

fn round3(x: f64) -> f32 {
    ((x * 1000.0).round() / 1000.0) as f32
}

fn starts_upper(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

#[inline]
fn is_all_caps(word: &str) -> bool {
    // A lower-case second byte (most capitalised words) settles it before the word is scanned.
    if word.as_bytes().get(1).is_some_and(u8::is_ascii_lowercase) {
        return false;
    }
    is_all_caps_scan(word)
}

/// [`is_all_caps`] by scanning the whole word.
fn is_all_caps_scan(word: &str) -> bool {
    // A lower-case letter settles most words at once.
    if word.is_ascii() {
        let bytes = word.as_bytes();
        return !bytes.iter().any(u8::is_ascii_lowercase)
            && bytes.iter().filter(|b| b.is_ascii_alphabetic()).count() > 1;
    }
    !word.chars().any(char::is_lowercase) && word.chars().filter(|c| c.is_alphabetic()).count() > 1
}

/// The reference for [`is_all_caps`].
#[cfg(test)]
fn is_all_caps_reference(word: &str) -> bool {
    word.chars().filter(|c| c.is_alphabetic()).count() > 1 && !word.chars().any(char::is_lowercase)
}

/// The word (letters, inner apostrophes and hyphens aside) right before `offset`, separated from it
/// by exactly one space, with its start.
fn previous_word(text: &str, offset: usize) -> Option<(usize, &str)> {
    let before = text[..offset].strip_suffix(' ')?;
    // ASCII bytes backwards, without decoding; a non-ASCII byte before the run means decode.
    let bytes = before.as_bytes();
    let mut start = bytes.len();
    while start > 0 && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'-') {
        start -= 1;
    }
    if start > 0 && !bytes[start - 1].is_ascii() {
        return previous_word_chars(text, offset);
    }
    let word = &before[start..];
    word.as_bytes()
        .first()
        .is_some_and(u8::is_ascii_alphabetic)
        .then_some((start, word))
}

/// [`previous_word`] char by char (what it falls back to, and its reference).
fn previous_word_chars(text: &str, offset: usize) -> Option<(usize, &str)> {
    let before = text[..offset].strip_suffix(' ')?;
    let start = before
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_word_char(c) || c == '-')
        .last()
        .map(|(i, _)| i)?;
    let word = &before[start..];
    (!word.is_empty() && word.chars().next().is_some_and(char::is_alphabetic))
        .then_some((start, word))
}

/// Words of the text that hold a letter, possessive `'s` removed. A word is a run of letters,
/// digits and combining marks, joined across one apostrophe, colon or middle dot between letters
/// and one comma or semicolon between digits (the UAX #29 word rules that matter for Latin
/// script); a full stop always ends a word (`points.Atlanta` is two glued sentences). The
/// fuzzy stage reads only the capitalised ones ([`capitalised_words`]).
#[cfg(test)]
fn words(text: &str) -> Words<'_> {
    Words { text, pos: 0 }
}

/// The words of [`words`] that start with a capital letter, found without scanning the others:
/// a capital starts such a word unless it continues the word before it (a letter, digit or mark
/// just before it, or an apostrophe, colon or middle dot after a letter).
fn capitalised_words(text: &str) -> CapitalisedWords<'_> {
    CapitalisedWords { text, pos: 0 }
}

/// The iterator of [`capitalised_words`].
struct CapitalisedWords<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Iterator for CapitalisedWords<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<(usize, &'a str)> {
        let text = self.text;
        let bytes = text.as_bytes();
        loop {
            let p = next_capital_or_non_ascii(bytes, self.pos)?;
            let len = if bytes[p].is_ascii() {
                // An ASCII capital (the common case): decided from the bytes around it.
                if ascii_continues_word(text, p) {
                    self.pos = p + 1;
                    continue;
                }
                if let Some((end, word_end)) = plain_ascii_word_end(bytes, p) {
                    self.pos = end;
                    return Some((p, &text[p..word_end]));
                }
                1
            } else {
                let (c, len) = char_at(text, p)?;
                if !c.is_uppercase() || continues_word(text, p) {
                    self.pos = p + len;
                    continue;
                }
                len
            };
            let mut words = Words { text, pos: p };
            let found = words.next();
            self.pos = words.pos.max(p + len);
            return found;
        }
    }
}

impl CapitalisedWords<'_> {
    /// Resumes the scan at byte `pos` (when it lies ahead and on a char boundary): the words
    /// that follow are those of the whole scan that start at or after `pos`, as a capital inside
    /// a word always continues it, so a scan may start anywhere.
    fn skip_to(&mut self, pos: usize) {
        if pos > self.pos && self.text.is_char_boundary(pos) {
            self.pos = pos;
        }
    }
}

/// The first byte at or after `from` that is an ASCII capital or not ASCII (a possible capital).
/// Eight bytes are tested at a time: capitals are a few per sentence, and this scan reads every
/// byte of the document.
fn next_capital_or_non_ascii(bytes: &[u8], from: usize) -> Option<usize> {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let marks = |w: u64| {
        let low = w & LOW7;
        // Per byte, the high bit of `low + (0x80 - x)` says `low >= x`; no carry crosses bytes
        // as `low` is at most 0x7f. A byte is a hit when non-ASCII or in `A..=Z`.
        let at_least_a = low + 0x3f3f_3f3f_3f3f_3f3f; // 0x80 - b'A'
        let past_z = low + 0x2525_2525_2525_2525; // 0x80 - (b'Z' + 1)
        (w | (at_least_a & !past_z)) & HIGH
    };
    let rest = bytes.get(from..)?;
    crate::bytescan::first_marked(rest, marks, |b| b.is_ascii_uppercase() || !b.is_ascii())
        .map(|i| from + i)
}

/// [`continues_word`] for an ASCII capital at byte `p`, deciding from the byte before it when it
/// can.
fn ascii_continues_word(text: &str, p: usize) -> bool {
    match p.checked_sub(1).map(|q| text.as_bytes()[q]) {
        None => false,
        Some(b) if is_ascii_word_part(b) => true,
        Some(b'\'' | b':') => continues_word(text, p),
        Some(b) => !b.is_ascii() && continues_word(text, p),
    }
}

/// The end of the word [`Words`] finds at the ASCII capital at `p`, and the end of the word it
/// returns (a possessive `'s` cut off), when the word is runs of ASCII letters and digits joined
/// by apostrophes or colons between ASCII letters (`O'Neill`, `Smith's`), ended by ASCII that
/// does not join it to more (an apostrophe or colon not followed by a letter, a comma or
/// semicolon not after a digit, any other ASCII) or by the end of the text; `None` means ask
/// [`Words`] (a non-ASCII char, or a comma or semicolon after a digit, ends a run).
fn plain_ascii_word_end(bytes: &[u8], p: usize) -> Option<(usize, usize)> {
    let mut end = ascii_word_run_end(bytes, p);
    loop {
        match bytes.get(end) {
            None => break,
            Some(b'\'' | b':') => match bytes.get(end + 1) {
                // `Words` joins across it when the chars on both sides are letters (the char
                // before is the run's last byte: the run is never empty).
                Some(&n) if n.is_ascii_alphabetic() => {
                    if !bytes[end - 1].is_ascii_alphabetic() {
                        break;
                    }
                    end = ascii_word_run_end(bytes, end + 1);
                }
                Some(&n) if !n.is_ascii() => return None,
                _ => break,
            },
            Some(b',' | b';') if bytes[end - 1].is_ascii_digit() => return None,
            Some(&b) if !b.is_ascii() => return None,
            Some(_) => break,
        }
    }
    let word_end = match bytes[p..end].ends_with(b"'s") {
        true => end - 2,
        false => end,
    };
    Some((end, word_end))
}

/// The first byte at or after `from` that is not an ASCII letter, digit or `_`
/// ([`is_ascii_word_part`]), or the text's length. Eight bytes are tested at a time: this runs
/// over every capitalised word of the document.
fn ascii_word_run_end(bytes: &[u8], from: usize) -> usize {
    let mut i = from;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let stops = non_word_bytes(u64::from_le_bytes(word));
        if stops != 0 {
            return i + (stops.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    bytes
        .get(i..)
        .and_then(|rest| rest.iter().position(|&b| !is_ascii_word_part(b)))
        .map_or(bytes.len(), |k| i + k)
}

/// Per byte of `w` (eight bytes, little-endian), the high bit set when the byte is not an ASCII
/// letter, digit or `_` ([`is_ascii_word_part`]), every other bit clear.
fn non_word_bytes(w: u64) -> u64 {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const ONES: u64 = 0x0101_0101_0101_0101;
    let low = w & !HIGH;
    // Per byte, the high bit of `v + (0x80 - k)` says `v >= k` for `v <= 0x7f` (no carry
    // crosses bytes).
    let at_least = |v: u64, k: u8| (v + ONES * u64::from(0x80 - k)) & HIGH;
    let digit = at_least(low, b'0') & !at_least(low, b'9' + 1);
    let underscore = at_least(low, b'_') & !at_least(low, b'_' + 1);
    // Setting bit 5 maps `A..=Z` onto `a..=z` and nothing else onto them.
    let folded = low | (ONES * 0x20);
    let letter = at_least(folded, b'a') & !at_least(folded, b'z' + 1);
    !((digit | underscore | letter) & !w) & HIGH
}

/// The reference for [`ascii_word_run_end`]: byte by byte.
#[cfg(test)]
fn ascii_word_run_end_reference(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|&b| !is_ascii_word_part(b))
        .map_or(bytes.len(), |k| from + k)
}

/// The reference for [`CapitalisedWords`]: the scan before its ASCII fast paths.
#[cfg(test)]
fn capitalised_words_reference(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut pos = 0;
    while let Some(rest) = text.as_bytes().get(pos..) {
        let Some(i) = rest
            .iter()
            .position(|&b| b.is_ascii_uppercase() || !b.is_ascii())
        else {
            break;
        };
        let p = pos + i;
        let Some((c, len)) = char_at(text, p) else {
            break;
        };
        if !c.is_uppercase() || continues_word(text, p) {
            pos = p + len;
            continue;
        }
        let mut words = Words { text, pos: p };
        let found = words.next();
        pos = words.pos.max(p + len);
        match found {
            Some(w) => out.push(w),
            None => break,
        }
    }
    out
}

/// Whether the letter at byte `p` belongs to the word before it, as [`Words`] joins chars.
fn continues_word(text: &str, p: usize) -> bool {
    let mut before = text[..p].chars().rev();
    match before.next() {
        Some(q) if is_word_part(q) => true,
        Some('\'' | '\u{2019}' | ':' | '\u{b7}') => before.next().is_some_and(char::is_alphabetic),
        _ => false,
    }
}

/// The iterator of [`words`]: one forward scan, no allocation.
struct Words<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Iterator for Words<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<(usize, &'a str)> {
        let text = self.text;
        loop {
            let bytes = text.as_bytes();
            let mut i = self.pos;
            let start = loop {
                // ASCII spaces and punctuation first, without decoding.
                while bytes
                    .get(i)
                    .is_some_and(|&b| b.is_ascii() && !is_ascii_word_part(b))
                {
                    i += 1;
                }
                let (c, len) = char_at(text, i)?;
                if is_word_part(c) {
                    break i;
                }
                i += len;
            };
            let mut end = start;
            let mut prev: Option<char> = None;
            let mut i = start;
            loop {
                // ASCII letters and digits first, without decoding.
                let run = bytes[i..]
                    .iter()
                    .position(|&b| !is_ascii_word_part(b))
                    .unwrap_or(bytes.len() - i);
                if run > 0 {
                    i += run;
                    end = i;
                    prev = Some(bytes[i - 1] as char);
                }
                let Some((c, len)) = char_at(text, i) else {
                    break;
                };
                i += len;
                if is_word_part(c) {
                    end = i;
                    prev = Some(c);
                    continue;
                }
                let next = char_at(text, i).map(|(n, _)| n);
                let joins = match (prev, next) {
                    (Some(p), Some(n)) if matches!(c, '\'' | '\u{2019}' | ':' | '\u{b7}') => {
                        p.is_alphabetic() && n.is_alphabetic()
                    }
                    (Some(p), Some(n)) if matches!(c, ',' | ';') => {
                        p.is_numeric() && n.is_numeric()
                    }
                    _ => false,
                };
                if !joins {
                    break;
                }
                prev = Some(c);
            }
            self.pos = end;
            let word = &text[start..end];
            let alphabetic = word.bytes().any(|b| b.is_ascii_alphabetic())
                || (!word.is_ascii() && word.chars().any(char::is_alphabetic));
            if !alphabetic {
                continue;
            }
            let word = word
                .strip_suffix("'s")
                .or_else(|| word.strip_suffix("\u{2019}s"))
                .unwrap_or(word);
            return Some((start, word));
        }
    }
}

/// The char at byte `i` of `text` (a char boundary) and its length; ASCII without decoding.
fn char_at(text: &str, i: usize) -> Option<(char, usize)> {
    match *text.as_bytes().get(i)? {
        b if b.is_ascii() => Some((b as char, 1)),
        _ => text.get(i..)?.chars().next().map(|c| (c, c.len_utf8())),
    }
}

/// [`is_word_part`] for an ASCII byte (false for every other byte).
fn is_ascii_word_part(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn is_word_part(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c)
}

/// Calls `each` with the hash keys of a word and of every one-char deletion of it, in that
/// order ([`neighbourhood`]'s keys, without allocating). The hash of the part before the cut
/// carries over from one deletion to the next, so each deletion hashes only the part after it.
fn neighbourhood_keys(word: &str, mut each: impl FnMut(u64)) {
    let bytes = word.as_bytes();
    each(bytes.iter().fold(FNV_OFFSET, |h, &b| fnv_step(h, b)));
    let mut prefix = FNV_OFFSET;
    let mut i = 0;
    while i < bytes.len() {
        let next = match bytes[i] {
            b if b.is_ascii() => i + 1,
            _ => word[i..]
                .chars()
                .next()
                .map_or(bytes.len(), |c| i + c.len_utf8()),
        };
        each(bytes[next..].iter().fold(prefix, |h, &b| fnv_step(h, b)));
        prefix = bytes[i..next].iter().fold(prefix, |h, &b| fnv_step(h, b));
        i = next;
    }
}

/// Hash keys of a word and every one-char deletion of it (the reference for
/// [`neighbourhood_keys`]).
#[cfg(test)]
fn neighbourhood(word: &str) -> Vec<u64> {
    let chars: Vec<(usize, char)> = word.char_indices().collect();
    let mut keys = Vec::with_capacity(chars.len() + 1);
    keys.push(hash_joined(word, ""));
    for &(i, c) in &chars {
        keys.push(hash_joined(&word[..i], &word[i + c.len_utf8()..]));
    }
    keys
}

#[cfg(test)]
mod tests {
    use proptest::strategy::Strategy;

    use super::*;

    /// The most edits at a threshold, as the similarity rounds it.
    #[test]
    fn max_edits_cases() {
        let cases: &[(usize, f64, Option<usize>)] = &[
            (100, 0.85, Some(15)),
            (20, 0.85, Some(3)),
            (7, 0.85, Some(1)),
            (6, 0.85, Some(0)),
            (1, 0.0, Some(1)),
            (10, 1.0, Some(0)),
            (10, 1.5, None),
            (0, 0.85, None),
        ];
        for &(long, threshold, expected) in cases {
            assert_eq!(
                max_edits(long, threshold),
                expected,
                "{long} at {threshold}"
            );
        }
    }

    /// The same as the plain definition: the last distance, counting up from 0, whose score
    /// reaches the threshold.
    #[test]
    fn max_edits_is_the_last_distance_that_reaches_the_threshold() {
        for long in 0..400usize {
            for threshold in [0.0, 0.3, 0.5, 0.7, 0.8, 0.85, 0.9, 0.95, 0.99, 1.0, 1.5] {
                let plain = (0..=long)
                    .take_while(|&d| 1.0 - d as f64 / long as f64 >= threshold)
                    .last();
                assert_eq!(max_edits(long, threshold), plain, "{long} at {threshold}");
            }
        }
    }

    /// The positions a pool passes for a probe, and those its people's summaries reach one by
    /// one (what it must pass).
    fn pool_passes(
        pool: &NamePool,
        people: &[Option<Summary>],
        probe: &Probe,
    ) -> (Vec<usize>, Vec<usize>) {
        let mut passed = Vec::new();
        pool.may_reach(probe, |s| probe.may_reach(s), |i| passed.push(i));
        let expected: Vec<usize> = (0..people.len())
            .filter(|&i| people[i].is_some_and(|s| probe.may_reach(s)))
            .collect();
        (passed, expected)
    }

    /// Twenty people surnamed Smith (a list long enough to be prepared) and one Jones.
    fn smiths_pipeline() -> crate::Pipeline {
        let mut people = String::from("id\tname\taliases\trole\tclub\tnationality\n");
        let firsts = [
            "John", "Adam", "Paul", "Mark", "Alan", "Dean", "Ryan", "Liam", "Noah", "Owen", "Carl",
            "Tony", "Matt", "Luke", "Jack", "Sean", "Ross", "Kyle", "Glen", "Neil",
        ];
        for (i, first) in firsts.iter().enumerate() {
            people.push_str(&format!("smith-{i}\t{first} Smith\t\tplayer\t\t\n"));
        }
        people.push_str("tom-jones\tTom Jones\t\tplayer\t\t\n");
        crate::pipeline::test_pipeline(
            &people,
            "id\tname\taliases\tcity\tcountry\tstadium\n",
            "id\tname\taliases\tcity\tclubs\n",
        )
    }

    #[test]
    fn mentions_carry_the_prepared_form_of_their_list() {
        let pipeline = smiths_pipeline();
        let index = pipeline.fuzzy_index();
        let smiths: Vec<u32> = (0..20).collect();
        let carried = pipeline.candidate_lists().get(&smiths).map(|l| l.name_pool);
        let by_contents = index.name_pool_index(&smiths);
        assert!(by_contents.is_some());
        assert_eq!(carried, Some(by_contents));
        let text = "Jhon Smith scored and Smith ran; Jones watched.";
        let found = pipeline.matcher().find(text, &Folded::new(text), &[]);
        let mut prepared = 0;
        for m in &found {
            let ours = index.name_pool_of(&m.candidates);
            let reference = index.name_pool(&m.candidates);
            assert_eq!(
                ours.map(|p| p as *const NamePool),
                reference.map(|p| p as *const _)
            );
            prepared += usize::from(ours.is_some());
        }
        assert_eq!(prepared, 2, "{found:?}");
        // A list a stage built is found by its contents; a narrowed one has none.
        let own = Candidates::from(smiths.clone());
        assert!(index.name_pool_of(&own).is_some());
        assert!(index
            .name_pool_of(&Candidates::from(&smiths[1..]))
            .is_none());
        // The whole pipeline settles the misspelt first name through it.
        let analysis = pipeline.analyze_text(text);
        assert_eq!(
            analysis.mentions[0].entity,
            Some(0),
            "{:?}",
            analysis.mentions
        );
    }

    #[test]
    fn similarity_cases() {
        let cases: &[(&str, &str, &str, bool)] = &[
            ("transposition", "lichtstenier", "lichtsteiner", true),
            ("deletion", "lichsteiner", "lichtsteiner", true),
            ("insertion_club", "atlanta", "atalanta", true),
            ("two_edits_short", "jonas", "jones", false),
            ("unrelated", "despite", "desailly", false),
        ];
        let threshold = FuzzyConfig::default().min_similarity;
        for (name, a, b, expect) in cases {
            assert_eq!(similarity(a, b) >= threshold, *expect, "case {name}");
        }
    }

    proptest::proptest! {
        /// Capitalised words are exactly the words that start with a capital.
        #[test]
        fn capitalised_words_are_the_capitalised_of_all_words(
            s in "([aAbZ1_ '’:·,;.\u{301}éÉŠ]|'s|’s| [A-Z][a-z]+){0,24}"
        ) {
            let all: Vec<_> = words(&s).filter(|(_, w)| starts_upper(w)).collect();
            let capitalised: Vec<_> = capitalised_words(&s).collect();
            proptest::prop_assert_eq!(capitalised, all);
        }

        /// The ASCII fast paths find the same capitalised words as the scan they replace, on
        /// texts long enough to cross several eight-byte chunks.
        #[test]
        fn capitalised_words_equal_the_reference(
            s in "([a-zA-Z0-9_ '’:·,;.\\-]|é|É|Š|\u{301}|'s|’s| [A-Z][a-z]+|[A-Z]{2,4}|\n|[A-Z][a-z0-9]{0,2}[,;:'’·][a-z0-9A-Zé ]){0,80}"
        ) {
            let fast: Vec<_> = capitalised_words(&s).collect();
            proptest::prop_assert_eq!(fast, capitalised_words_reference(&s));
        }

        /// A scan resumed anywhere finds the words of the whole scan that start there or later.
        #[test]
        fn capitalised_words_skipped_to_equal_the_reference_from_there(
            s in "([a-zA-Z0-9_ '’:·,;.\\-]|é|É|Š|\u{301}|'s|’s| [A-Z][a-z]+|[A-Z]{2,4}|\n|[A-Z][a-z0-9]{0,2}[,;:'’·][a-z0-9A-Zé ]){0,40}",
            at in 0usize..200,
        ) {
            let reference = capitalised_words_reference(&s);
            let mut skipped = capitalised_words(&s);
            skipped.skip_to(at);
            let from = match s.is_char_boundary(at) {
                true => at,
                false => 0,
            };
            let expected: Vec<_> = reference.into_iter().filter(|&(p, _)| p >= from).collect();
            proptest::prop_assert_eq!(skipped.collect::<Vec<_>>(), expected);
        }

        /// A document's recorded lookups are the lookups themselves, each word looked up once
        /// (words of one length, words that start others and repeats are common here).
        #[test]
        fn lone_words_memo_equals_the_lookups(
            keys in proptest::collection::vec("[ab]{0,3}|ba|é|[ab]{7,10}|[ab]{15,17}|a\u{0}{0,2}", 0..60)
        ) {
            let look_up = |key: &str| {
                let h = key
                    .bytes()
                    .fold(7usize, |h, b| h.wrapping_mul(31).wrapping_add(usize::from(b)));
                (h % 3 != 0).then_some((h as f64 / 7.0, h))
            };
            let mut memo = LoneWords::default();
            let mut looked_up = Vec::new();
            for key in &keys {
                let got = memo.outcome(key, |k| {
                    looked_up.push(k.to_string());
                    look_up(k)
                });
                proptest::prop_assert_eq!(got, look_up(key), "{}", key);
            }
            // A word is looked up when its slot holds another word (or none), and every time
            // when longer than 16 bytes.
            let mut slots: Vec<Option<&str>> = vec![None; LoneWords::SLOTS];
            let mut expected = Vec::new();
            for key in &keys {
                let Some(packed) = LoneWords::packed(key) else {
                    expected.push(key.to_string());
                    continue;
                };
                let slot = &mut slots[LoneWords::slot(packed)];
                if *slot != Some(key.as_str()) {
                    expected.push(key.to_string());
                    *slot = Some(key);
                }
            }
            proptest::prop_assert_eq!(looked_up, expected);
        }

        /// The thread's memo answers what [`FuzzyIndex::best_token`] answers, document after
        /// document (each with its [`LoneWords`] in front, as in [`FuzzyIndex::apply`]), with two
        /// indexes used alternately: word by word and document by document.
        #[test]
        fn remembered_best_token_equals_best_token(
            forms_a in proptest::collection::vec("[abc]{1,5}|[ab]{8,17}", 0..12),
            forms_b in proptest::collection::vec("[abc]{1,5}|[ab]{8,17}", 0..12),
            documents in proptest::collection::vec(
                (proptest::bool::ANY, proptest::collection::vec("[abc]{1,5}|[ab]{8,18}|ab", 0..12)),
                0..8,
            ),
        ) {
            let config = FuzzyConfig { min_similarity: 0.6, ..FuzzyConfig::default() };
            let a_forms: Vec<&str> = forms_a.iter().map(String::as_str).collect();
            let b_forms: Vec<&str> = forms_b.iter().map(String::as_str).collect();
            let a = FuzzyIndex::of_forms(&a_forms, config);
            let b = FuzzyIndex::of_forms(&b_forms, config);
            let common = WordList::parse("common", "ab\n");
            let places = WordList::parse("places", "");
            for (use_b, keys) in &documents {
                let (index, other) = if *use_b { (&b, &a) } else { (&a, &b) };
                let mut lone_words = LoneWords::default();
                for key in keys {
                    let expected = if key == "ab" { None } else { index.best_token(key) };
                    let got =
                        lone_words.outcome(key, |k| index.lone_word(k, &common, &places));
                    proptest::prop_assert_eq!(got, expected, "{}", key);
                    proptest::prop_assert_eq!(
                        other.remembered_best_token(key),
                        other.best_token(key),
                        "{}",
                        key
                    );
                    proptest::prop_assert_eq!(
                        index.remembered_best_token(key),
                        index.best_token(key),
                        "{}",
                        key
                    );
                }
            }
        }

        /// The ASCII test for capitals agrees with the reference.
        #[test]
        fn is_all_caps_equals_the_reference(word in "[aAbZ1_'é É-]{0,8}") {
            proptest::prop_assert_eq!(is_all_caps(&word), is_all_caps_reference(&word));
        }

        /// The allocation-free keys are the reference's, in the same order.
        #[test]
        fn neighbourhood_keys_equal_the_reference(word in "[a-zé'ß\u{301} -]{0,16}") {
            let mut keys = Vec::new();
            neighbourhood_keys(&word, |k| keys.push(k));
            proptest::prop_assert_eq!(keys, neighbourhood(&word));
        }

        /// The allocation-free distance agrees with `strsim` on every pair (small alphabets make
        /// transpositions and repeats common).
        #[test]
        fn fast_similarity_equals_strsim(a in "[abcé' ]{0,12}", b in "[abc' ]{0,12}") {
            proptest::prop_assert_eq!(similarity(&a, &b), strsim::normalized_damerau_levenshtein(&a, &b));
        }

        /// The cheap bounds never rule out a pair that reaches the threshold.
        #[test]
        fn summary_bound_never_rules_out_a_similar_name(
            word in "[a-gé]{1,9}",
            given in "[a-gé]{1,9}( [a-g]{1,9})?",
            threshold in 0.5f64..1.0,
        ) {
            let probe = Probe::new(&word, threshold);
            let best = given.split_whitespace().map(|g| similarity(&word, g)).fold(0.0, f64::max);
            if best >= threshold {
                proptest::prop_assert!(probe.may_reach(Summary::of_words(&given)));
            }
            if similarity(&word, &given) >= threshold {
                proptest::prop_assert!(probe.may_reach(Summary::of_string(&given)));
                proptest::prop_assert!(probe.may_reach_word(Summary::of_string(&given)));
            }
        }

        /// A prepared list passes exactly the people whose summary reaches the probe: the
        /// letters test of 64 at a time never drops one, on summaries of every kind (no words,
        /// unknown longest length, lengths and letters near the probe's).
        #[test]
        fn name_pool_passes_exactly_the_reachable_summaries(
            people in proptest::collection::vec(
                proptest::prop_oneof![
                    8 => (1u8..30, 0u8..8, 0u32..1 << 10).prop_map(|(shortest, more, letters)| {
                        Some(Summary { shortest, longest: shortest + more, letters })
                    }),
                    1 => proptest::strategy::Just(None),
                    1 => proptest::strategy::Just(Some(Summary::of_words(""))),
                    1 => (0u8..=255, 0u32..1 << 10).prop_map(|(shortest, letters)| {
                        Some(Summary { shortest, longest: u8::MAX, letters })
                    }),
                ],
                0..200,
            ),
            word in "[a-j]{0,30}",
            threshold in proptest::sample::select(vec![0.75, 0.75, 0.85, 0.5, 0.3, 0.0, 1.0, 1.2]),
        ) {
            let entities: Vec<u32> = (0..people.len() as u32).collect();
            let pool = NamePool::of(&entities, people.clone());
            let (passed, expected) = pool_passes(&pool, &people, &Probe::new(&word, threshold));
            proptest::prop_assert_eq!(passed, expected);
        }

        /// The first-name check on a prepared list (letters ruled out 64 people at a time)
        /// finds the candidate and score the per-candidate scan finds, on lists that cross
        /// several 64-people words, with people without given names, without words, with words
        /// too long for a summary, and given names near and far from the word.
        #[test]
        fn prepared_first_name_check_equals_the_gathered(
            given in proptest::collection::vec(
                proptest::prop_oneof![
                    6 => "[a-gé]{1,9}( [a-h]{1,14})?".prop_map(Some),
                    1 => proptest::strategy::Just(None),
                    1 => proptest::strategy::Just(Some(String::new())),
                    1 => "[ab]{1,3}".prop_map(|w| Some(w.repeat(300))),
                    2 => "[a-z]{3,8} [a-z]{3,8}".prop_map(Some),
                ],
                1..40,
            ),
            picks in proptest::collection::vec(0usize..1000, 16..200),
            word in "[a-gé]{0,12}",
            threshold in proptest::sample::select(vec![0.75, 0.75, 0.85, 0.5, 0.3, 0.0, 1.0, 1.2]),
        ) {
            let list: Vec<u32> = picks.iter().map(|&k| (k % given.len()) as u32).collect();
            let index = FuzzyIndex::of_given_names(&given, std::slice::from_ref(&list), threshold);
            proptest::prop_assert!(index.name_pool(&list).is_some());
            let probe = Probe::new(&word, threshold);
            proptest::prop_assert_eq!(
                index.best_given_name(&list, &word, &probe),
                index.best_given_name_gathered(&list, &word, &probe)
            );
        }

        /// The surname check of a first name's people (64 at a time in a long list) finds the
        /// person and score the scan of every summary finds.
        #[test]
        fn prepared_surname_check_equals_the_reference(
            surnames in proptest::collection::vec(
                proptest::prop_oneof![
                    6 => "[a-gé]{1,12}".prop_map(Some),
                    1 => proptest::strategy::Just(None),
                    1 => "[a-z]{3,8} [a-z]{2,8}".prop_map(Some),
                    1 => "[ab]{1,3}".prop_map(|w| Some(w.repeat(300))),
                ],
                1..40,
            ),
            picks in proptest::collection::vec((0usize..1000, 0u8..8), 0..200),
            second in "[a-gé]{0,12}",
            threshold in proptest::sample::select(vec![0.75, 0.75, 0.85, 0.5, 0.3, 0.0, 1.0, 1.2]),
        ) {
            let index = FuzzyIndex::of_surnames(&surnames, threshold);
            let people: Vec<(u32, Option<Summary>)> = picks
                .iter()
                .map(|&(k, summarised)| {
                    let p = k % surnames.len();
                    let summary = surnames[p].as_deref().map(Summary::of_string);
                    (p as u32, summary.filter(|_| summarised > 0))
                })
                .collect();
            let (entities, summaries): (Vec<u32>, Vec<Option<Summary>>) =
                people.iter().copied().unzip();
            let pool = NamePool::of(&entities, summaries);
            let probe = Probe::new(&second, threshold);
            proptest::prop_assert_eq!(
                index.best_surname(&pool, &second, &probe),
                index.best_surname_reference(&people, &second, &probe)
            );
        }

        /// The word two back is found among a prepared list's given names as among the
        /// list's people one by one.
        #[test]
        fn prepared_given_name_two_back_equals_the_scan(
            given in proptest::collection::vec(
                proptest::prop_oneof![
                    6 => "[a-e]{1,5}( [a-e]{1,5})?".prop_map(Some),
                    1 => proptest::strategy::Just(None),
                    1 => "[ab]{1,3}".prop_map(|w| Some(w.repeat(300))),
                ],
                1..30,
            ),
            picks in proptest::collection::vec(0usize..1000, 16..150),
            before in "[a-e]{1,5}",
        ) {
            let list: Vec<u32> = picks.iter().map(|&k| (k % given.len()) as u32).collect();
            let index = FuzzyIndex::of_given_names(&given, std::slice::from_ref(&list), 0.75);
            proptest::prop_assert!(index.name_pool(&list).is_some());
            let text = format!("{before} Amine Benatia");
            let probe = Probe::new(&before, 1.0);
            proptest::prop_assert_eq!(
                index.given_name_two_back(&list, &text, before.len() + 1),
                index.given_name_two_back_in(&list, &before, &probe)
            );
        }

        /// The one-word bound never rules out a word that reaches the threshold, on words that
        /// share most letters (where the bound is close to the distance).
        #[test]
        fn word_bound_never_rules_out_a_similar_word(
            word in "[a-eé ]{0,9}",
            other in "[a-fü ]{0,9}",
            threshold in proptest::sample::select(vec![0.75, 0.85, 0.5, 0.3, 0.0, 1.0]),
        ) {
            if similarity(&word, &other) >= threshold {
                proptest::prop_assert!(Probe::new(&word, threshold).may_reach_word(Summary::of_string(&other)));
            }
        }

        /// The probe's precomputed length interval decides as testing every length does.
        #[test]
        fn probe_bound_equals_the_reference(
            word in "[a-gé]{0,12}",
            shortest in proptest::sample::select(vec![0u8, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 16, 255]),
            longest in proptest::sample::select(vec![0u8, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 16, 254, 255]),
            letters in proptest::prelude::any::<u32>(),
            all_letters in proptest::prelude::any::<bool>(),
            threshold in proptest::sample::select(vec![0.75, 0.85, 1.0, 0.5, 0.3, 0.99]),
        ) {
            // Half the summaries hold every letter, so the length bound decides.
            let letters = if all_letters { u32::MAX } else { letters };
            let s = Summary { shortest, longest, letters };
            proptest::prop_assert_eq!(
                Probe::new(&word, threshold).may_reach(s),
                may_reach_reference(&word, s, threshold)
            );
        }

        /// The early-stopping similarity is the full one wherever that reaches the threshold.
        #[test]
        fn similarity_at_least_equals_the_filtered_similarity(
            a in "[abc' ]{0,14}",
            b in "[abcé' ]{0,14}",
            threshold in proptest::sample::select(vec![0.75, 0.85, 1.0, 0.5, 0.2, 0.0, -1.0, 1.5, f64::NAN]),
        ) {
            let full = similarity(&a, &b);
            proptest::prop_assert_eq!(
                similarity_at_least(&a, &b, threshold),
                Some(full).filter(|&s| s >= threshold)
            );
        }

        /// Stopping early never loses a distance within the limit.
        #[test]
        fn bounded_distance_equals_the_reference(
            a in "[a-d]{0,20}",
            b in "[a-d]{0,20}",
            max_distance in 0usize..22,
        ) {
            let full = damerau_levenshtein_ascii_reference(a.as_bytes(), b.as_bytes());
            proptest::prop_assert_eq!(
                damerau_levenshtein_ascii_within(a.as_bytes(), b.as_bytes(), max_distance),
                Some(full).filter(|&d| d <= max_distance)
            );
        }

        /// The one-edit check gives the distance wherever it is at most 1 (two letters make
        /// near strings common).
        #[test]
        fn distance_within_one_equals_the_reference(a in "[ab]{0,9}", b in "[ab]{0,9}") {
            let full = damerau_levenshtein_ascii_reference(a.as_bytes(), b.as_bytes());
            proptest::prop_assert_eq!(
                distance_within_one(a.as_bytes(), b.as_bytes()),
                Some(full).filter(|&d| d <= 1)
            );
        }

        /// The unshared bytes never exceed the distance (a small alphabet with bytes that share
        /// their low five bits: `a`, `A` and `!`).
        #[test]
        fn unshared_bytes_bound_the_distance(a in "[abcA!]{0,14}", b in "[abcA!]{0,14}") {
            let full = damerau_levenshtein_ascii_reference(a.as_bytes(), b.as_bytes());
            proptest::prop_assert!(unshared_bytes(a.as_bytes(), b.as_bytes()) <= full);
        }

        /// The `i8` cells give the distances of the `isize` ones, up to the longest strings.
        #[test]
        fn narrow_distance_equals_the_reference(a in "[a-e']{0,62}", b in "[a-e']{0,62}") {
            proptest::prop_assert_eq!(
                damerau_levenshtein_ascii(a.as_bytes(), b.as_bytes()),
                damerau_levenshtein_ascii_reference(a.as_bytes(), b.as_bytes())
            );
        }

        /// Looking short words up by their whole key finds what looking up every key finds
        /// (three letters make near forms of every length common).
        #[test]
        fn best_token_equals_the_reference(
            forms in proptest::collection::vec("[abc]{1,9}|[abé]{1,4}", 0..40),
            words in proptest::collection::vec("[abc]{0,10}|[abé]{1,5}", 1..8),
            threshold in proptest::sample::select(vec![0.85, 0.75, 0.8, 0.5, 0.9, 1.0, 0.0]),
        ) {
            let forms: Vec<&str> = forms.iter().map(String::as_str).collect();
            let config = FuzzyConfig { min_similarity: threshold, ..FuzzyConfig::default() };
            let index = FuzzyIndex::of_forms(&forms, config);
            for word in &words {
                proptest::prop_assert_eq!(index.best_token(word), index.best_token_reference(word));
            }
        }

        /// Folding into the scratch buffer gives the words the reference folds, in ASCII
        /// documents (slices) and in documents with other chars (folded one by one).
        #[test]
        fn fold_word_equals_the_reference(text in "([a-zA-Z' ]|É|é|ß|Ø|’|\u{301}){0,40}") {
            let folded = Folded::new(&text);
            let mut buf = String::new();
            for (start, word) in words(&text) {
                let fast = fold_word(&folded, start, word, &mut buf).to_string();
                proptest::prop_assert_eq!(fast, fold_word_reference(&folded, start, word));
            }
        }

        /// The ASCII scan backwards finds the word the char-by-char one does.
        #[test]
        fn previous_word_equals_the_reference(
            before in "([a-zA-Z0-9 ,'-]|é|É|ß|’|²|\u{301}){0,12}",
            after in "[A-Z][a-z]{0,3}",
        ) {
            // The word right before a space, and an offset with no space before it.
            let text = format!("{before} {after}");
            for offset in [before.len() + 1, before.len()] {
                proptest::prop_assert_eq!(previous_word(&text, offset), previous_word_chars(&text, offset));
            }
        }

        #[test]
        fn fast_similarity_equals_strsim_on_long_words(a in "[a-e]{0,70}", b in "[a-e]{0,70}") {
            proptest::prop_assert_eq!(similarity(&a, &b), strsim::normalized_damerau_levenshtein(&a, &b));
        }
    }

    #[test]
    fn whole_key_lengths_at_the_default_threshold() {
        // 0.85: one edit needs 7 chars (6/7 = 0.857), so words up to 6 chars use the whole key.
        assert_eq!(whole_key_below(0.85), 7);
        assert_eq!(whole_key_below(0.0), 1);
        assert_eq!(whole_key_below(f64::NAN), 1);
        assert_eq!(whole_key_below(1.5), 256);
    }

    #[test]
    fn best_token_cases() {
        let forms = [
            "lichtsteiner",
            "atalanta",
            "jones",
            "jonas",
            "buffon",
            "bufon",
            "bufton",
            "koulibaly",
            "cole",
            "coles",
            "abcde",
            "abcdef",
            "abcdefg",
            "bacdef",
        ];
        let words = [
            "lichtstenier",
            "atlanta",
            "jones",
            "jonse",
            "bufon",
            "buffon",
            "buffton",
            "cole",
            "coles",
            "abcdef",
            "bacdef",
            "abcdeg",
            "abcdefgh",
            "abcdf",
            "",
            "x",
        ];
        for threshold in [0.85, 0.75, 0.5, 0.9, 1.0, 0.0] {
            let config = FuzzyConfig {
                min_similarity: threshold,
                ..FuzzyConfig::default()
            };
            let index = FuzzyIndex::of_forms(&forms, config);
            for word in words {
                assert_eq!(
                    index.best_token(word),
                    index.best_token_reference(word),
                    "{threshold} {word}"
                );
            }
        }
    }

    #[test]
    fn reach_interval_holds_exactly_the_reachable_lengths() {
        for threshold in [0.75, 0.85, 1.0, 0.5, 0.3, 0.99, 0.0, 1.5] {
            for chars in 0..300 {
                let interval = reach_interval(chars, threshold);
                for n in 0..=255 {
                    let inside = interval.is_some_and(|(lo, hi)| lo <= n && n <= hi);
                    assert_eq!(
                        inside,
                        may_reach(chars, n, threshold),
                        "{threshold} {chars} {n}"
                    );
                }
            }
        }
    }

    #[test]
    fn length_bound_never_rules_out_a_reachable_pair() {
        for a in 0..20usize {
            for b in 0..20 {
                let best = 1.0 - a.abs_diff(b) as f64 / a.max(b).max(1) as f64;
                assert_eq!(may_reach(a, b, 0.75), best >= 0.75, "{a} {b}");
            }
        }
    }

    #[test]
    fn capital_scan_finds_every_capital_and_non_ascii_byte() {
        // Every byte value at every offset of a buffer spanning several chunks, after every start.
        for b in 0..=255u8 {
            for at in 0..20 {
                let mut bytes = vec![b'a'; 20];
                bytes[at] = b;
                for from in 0..=21 {
                    let expected = bytes
                        .get(from..)
                        .and_then(|r| {
                            r.iter()
                                .position(|&x| x.is_ascii_uppercase() || !x.is_ascii())
                        })
                        .map(|i| from + i);
                    assert_eq!(
                        next_capital_or_non_ascii(&bytes, from),
                        expected,
                        "{b} {at} {from}"
                    );
                }
            }
        }
    }

    #[test]
    fn non_word_bytes_marks_every_byte_value_at_every_position() {
        for b in 0..=u8::MAX {
            for k in 0..8 {
                for filler in [b'a', b' ', 0xc3] {
                    let mut bytes = [filler; 8];
                    bytes[k] = b;
                    let mask = non_word_bytes(u64::from_le_bytes(bytes));
                    for (j, &x) in bytes.iter().enumerate() {
                        let stop = mask >> (8 * j) & 0xff;
                        let expected = if is_ascii_word_part(x) { 0 } else { 0x80 };
                        assert_eq!(stop, expected, "byte {x:#x} at {j} (tested {b:#x} at {k})");
                    }
                }
            }
        }
    }

    proptest::proptest! {
        /// The eight-at-a-time run end is the byte-by-byte one, from any start.
        #[test]
        fn ascii_word_run_end_equals_the_reference(
            bytes in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::num::u8::ANY,
                    proptest::sample::select(b"aZz09_AMm".to_vec()),
                ],
                0..40,
            ),
            from in 0usize..40,
        ) {
            let from = from.min(bytes.len());
            proptest::prop_assert_eq!(
                ascii_word_run_end(&bytes, from),
                ascii_word_run_end_reference(&bytes, from)
            );
        }

        /// Long words, possessives and words joined across apostrophes and colons (the fast
        /// path's cases) are found as the reference finds them.
        #[test]
        fn capitalised_long_and_joined_words_equal_the_reference(
            s in "( |, |\\. |[A-Z][a-zA-Z0-9_]{0,14}|'s|'[a-zA-Z0-9]{0,9}|:[a-z]{0,3}|’s|é|[@\\[`{~\n]|[0-9]{1,3}[,;][0-9]){0,40}"
        ) {
            let fast: Vec<_> = capitalised_words(&s).collect();
            proptest::prop_assert_eq!(fast, capitalised_words_reference(&s));
        }
    }

    /// The first-name probe's looked-up length bound is the one worked out, for words shorter
    /// and longer than the table, at the default threshold and others.
    #[test]
    fn given_name_probe_equals_the_worked_out_probe() {
        for threshold in [0.75, 0.85, 0.5, 0.0, 1.0, 1.2] {
            let index = FuzzyIndex::of_given_names(&[], &[], threshold);
            for chars in 0..FuzzyIndex::REACH_TABLE_LEN + 10 {
                for word in ["ab".repeat(chars)[..chars].to_string(), "é".repeat(chars)] {
                    let (fast, slow) =
                        (index.given_name_probe(&word), Probe::new(&word, threshold));
                    assert_eq!(fast.lengths, slow.lengths, "{word} at {threshold}");
                    assert_eq!(
                        (fast.chars, fast.letters, fast.threshold),
                        (slow.chars, slow.letters, slow.threshold)
                    );
                }
            }
        }
    }

    /// A prepared list's fields stay within one cache line.
    #[test]
    fn name_pool_is_one_cache_line() {
        assert_eq!(std::mem::size_of::<NamePool>(), 64);
        assert_eq!(std::mem::align_of::<NamePool>(), 64);
    }

    /// The length rows rule out exactly the people whose lengths cannot reach the probe, every
    /// pair of shortest and longest lengths on both sides of the last row against probes whose
    /// bounds fall before, on and past it (the letters never rule anyone out here).
    #[test]
    fn name_pool_length_rows_pass_exactly_the_reachable_lengths() {
        let mut people = Vec::new();
        for shortest in 1..=24u8 {
            for longest in shortest..=26 {
                let letters = (1 << 26) - 1;
                people.push(Some(Summary {
                    shortest,
                    longest,
                    letters,
                }));
            }
        }
        people.push(Some(Summary {
            shortest: 3,
            longest: u8::MAX,
            letters: 0,
        }));
        let entities: Vec<u32> = (0..people.len() as u32).collect();
        let pool = NamePool::of(&entities, people.clone());
        let mut ruled_out = 0;
        for chars in 0..=30 {
            let word = "abcdefghijklmnopqrstuvwxyz".repeat(2)[..chars].to_string();
            for threshold in [0.75, 0.85, 0.5, 1.0] {
                let (passed, expected) = pool_passes(&pool, &people, &Probe::new(&word, threshold));
                assert_eq!(passed, expected, "{chars} chars at {threshold}");
                ruled_out += people.len() - passed.len();
            }
        }
        assert!(ruled_out > 0);
    }

    #[test]
    fn prepared_first_name_check_cases() {
        let names = [
            "kalidou",
            "ashley",
            "joe",
            "mehdi amine",
            "kalidu",
            "arkadiusz",
        ];
        let mut given: Vec<Option<String>> = names.iter().map(|n| Some(n.to_string())).collect();
        given.push(None);
        // A common surname's people: namesakes by the hundred, the one who fits late in the list.
        let mut list: Vec<u32> = (0..150).map(|i| [1, 2, 3, 6][i % 4]).collect();
        list.push(4);
        list.extend([0, 5, 1]);
        for threshold in [0.75, 0.85, 0.0, 1.0] {
            let index = FuzzyIndex::of_given_names(&given, &[list.clone()], threshold);
            assert!(index.name_pool(&list).is_some());
            // A list not prepared (narrowed) is read by the gathered scan.
            assert!(index.name_pool(&list[1..]).is_none());
            for word in [
                "kaliodou",
                "kalidou",
                "ashly",
                "amine",
                "zzz",
                "",
                "arkadiusz",
            ] {
                let probe = Probe::new(word, threshold);
                let fast = index.best_given_name(&list, word, &probe);
                let gathered = index.best_given_name_gathered(&list, word, &probe);
                assert_eq!(fast, gathered, "{word} at {threshold}");
            }
        }
        let index = FuzzyIndex::of_given_names(&given, &[list.clone()], 0.75);
        let probe = Probe::new("kaliodou", 0.75);
        let (score, c) = index.best_given_name(&list, "kaliodou", &probe).unwrap();
        assert_eq!(c, 0);
        assert!(score >= 0.75);
        // Nobody with given names: no best at all.
        let nobody = vec![6; 20];
        let index = FuzzyIndex::of_given_names(&given, std::slice::from_ref(&nobody), 0.75);
        assert!(index.name_pool(&nobody).is_some());
        assert_eq!(
            index.best_given_name(&nobody, "joe", &Probe::new("joe", 0.75)),
            None
        );
    }

    #[test]
    fn lone_words_memo_cases() {
        let index = FuzzyIndex::of_forms(&["lichtsteiner", "buffon"], FuzzyConfig::default());
        let common = WordList::parse("common", "however\n");
        let places = WordList::parse("places", "london\n");
        let words = [
            "lichtstenier",
            "however",
            "buffon",
            "london",
            "lichtstenier",
            "buffom",
            "london",
            "however",
            "buffon",
            "lichtstein",
            "buffom",
        ];
        let mut memo = LoneWords::default();
        let mut looked_up = 0;
        for word in words {
            let direct = index.lone_word(word, &common, &places);
            let got = memo.outcome(word, |w| {
                looked_up += 1;
                index.lone_word(w, &common, &places)
            });
            assert_eq!(got, direct, "{word}");
        }
        assert_eq!(looked_up, 6);
        assert!(index.lone_word("lichtstenier", &common, &places).is_some());
        assert_eq!(index.lone_word("london", &common, &places), None);
    }

    /// The thread's memo with real indexes of the project gazetteer: two that answer some words
    /// differently (other thresholds) used alternately, and a clone, which shares its index's
    /// memo.
    #[test]
    fn remembered_best_token_cases() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("gazetteers");
        let gazetteer = Gazetteer::load(&dir).unwrap();
        let loose = FuzzyIndex::new(&gazetteer, FuzzyConfig::default());
        let strict = FuzzyIndex::new(
            &gazetteer,
            FuzzyConfig {
                min_similarity: 0.99,
                ..FuzzyConfig::default()
            },
        );
        let clone = loose.clone();
        let words = [
            "lichtstenier",
            "lichtsteiner",
            "buffom",
            "koulibali",
            "zzzzz",
            "lichtsteinerlichtsteiner",
            "buffon",
        ];
        // The two indexes answer some of the words differently.
        assert!(words
            .iter()
            .any(|w| loose.best_token(w) != strict.best_token(w)));
        assert!(loose.best_token("lichtstenier").is_some());
        assert_eq!(strict.best_token("lichtstenier"), None);
        for _ in 0..3 {
            for word in words {
                for index in [&loose, &strict, &clone, &loose, &loose, &strict, &strict] {
                    assert_eq!(
                        index.remembered_best_token(word),
                        index.best_token(word),
                        "{word}"
                    );
                }
            }
        }
        // The memo holds the last index's answers, and a clone's are its index's.
        let packed = LoneWords::packed("buffom").unwrap();
        let slot = BestTokens::slot(packed);
        assert_eq!(
            clone.remembered_best_token("buffom"),
            loose.best_token("buffom")
        );
        let held = BEST_TOKENS.with(|memo| memo.borrow().get(loose.id, packed, slot));
        assert_eq!(held, Some(loose.best_token("buffom")));
        assert_eq!(
            BEST_TOKENS.with(|memo| memo.borrow().get(strict.id, packed, slot)),
            None
        );
    }

    #[test]
    fn lone_words_packing_tells_words_apart() {
        // Words that differ in one byte anywhere, in zero padding, or in length alone.
        let words = [
            "",
            "a",
            "a\u{0}",
            "b",
            "smith",
            "smiti",
            "tmith",
            "smithso",
            "smithson",
            "smithsoo",
            "smithsonn",
            "smithsonx",
            "xmithsonn",
            "abcdefghijkl",
            "abcdefXhijkl",
            "abcdefghiXkl",
            "abcdefghijklmnop",
            "abcdefghijklmnoX",
            "Xbcdefghijklmnop",
            "abcdefghXjklmnop",
            "abcdefgXijklmnop",
        ];
        for a in words {
            for b in words {
                assert_eq!(
                    LoneWords::packed(a) == LoneWords::packed(b),
                    a == b,
                    "{a:?} {b:?}"
                );
            }
            assert_ne!(LoneWords::packed(a), Some(LoneWords::EMPTY), "{a:?}");
            assert!(LoneWords::slot(LoneWords::packed(a).unwrap()) < LoneWords::SLOTS);
        }
        assert_eq!(LoneWords::packed("abcdefghijklmnopq"), None);
    }

    #[test]
    fn capitalised_words_cases() {
        let cases = [
            "Juventus beat Napoli 2-1. McDonald's ANGER O'Neil Mid:Table 1,5 Ab;Cd",
            "Hamšík and Éder met Šime; ÉCOLE cafe\u{301}X x’Y d'Artagnan l·L A_B",
            "Atalanta's Gianlugi Buffon, Lichtstenier: kalidou Koulibaly",
            "A1,5 B2;3 C4,d E5; F:g H:1 I'j K' L'É",
            "Kambwala's O'Neill's Mid:Table:Top A_b'c D9'e Fghijklmnopq'rstuvwxyz's X's' Y'",
            "Abcdefghijklmnop Q'r's Abcdefgh:ijklmnop, Abcdefg's",
        ];
        for text in cases {
            let fast: Vec<_> = capitalised_words(text).collect();
            assert_eq!(fast, capitalised_words_reference(text), "{text}");
        }
    }

    #[test]
    fn narrow_distance_cases() {
        let long = "ab".repeat(31);
        let other = "ba".repeat(31);
        let cases = [
            ("", ""),
            ("", "abc"),
            ("ca", "abc"),
            ("lichtstenier", "lichtsteiner"),
            (long.as_str(), ""),
            (long.as_str(), other.as_str()),
            (long.as_str(), "z"),
        ];
        for (a, b) in cases {
            for (x, y) in [(a, b), (b, a)] {
                assert_eq!(
                    damerau_levenshtein_ascii(x.as_bytes(), y.as_bytes()),
                    damerau_levenshtein_ascii_reference(x.as_bytes(), y.as_bytes()),
                    "{x} {y}"
                );
            }
        }
    }

    #[test]
    fn distance_within_one_cases() {
        let cases = [
            ("", "", Some(0)),
            ("", "a", Some(1)),
            ("a", "b", Some(1)),
            ("ab", "ba", Some(1)),
            ("ca", "abc", None),
            ("buffon", "buffon", Some(0)),
            ("bufon", "buffon", Some(1)),
            ("gianluigi", "gianlugi", Some(1)),
            ("kalidou", "kaliodu", Some(1)),
            ("lichtsteiner", "lichtstenier", Some(1)),
            ("lichtsteiner", "lichtsetnier", None),
            ("abcd", "badc", None),
            ("smith", "smyth", Some(1)),
            ("smith", "smithy", Some(1)),
            ("smith", "smi", None),
            ("abc", "abd", Some(1)),
            ("abc", "xbc", Some(1)),
        ];
        for (a, b, distance) in cases {
            for (x, y) in [(a, b), (b, a)] {
                assert_eq!(
                    distance_within_one(x.as_bytes(), y.as_bytes()),
                    distance,
                    "{x} {y}"
                );
                let full = damerau_levenshtein_ascii_reference(x.as_bytes(), y.as_bytes());
                assert_eq!(Some(full).filter(|&d| d <= 1), distance, "{x} {y}");
            }
        }
    }

    #[test]
    fn unshared_bytes_cases() {
        let cases = [
            ("", "", 0),
            ("", "abc", 3),
            ("ca", "abc", 1),
            ("abcd", "badc", 0),
            ("christopher", "christian", 5),
            ("lichtsteiner", "lichtstenier", 0),
            ("aab", "abb", 1),
        ];
        // Counts past what a byte holds (300 bytes of one class).
        let long_a = "a".repeat(300);
        let long_ab = format!("{}b", "a".repeat(299));
        assert_eq!(unshared_bytes(long_a.as_bytes(), long_ab.as_bytes()), 1);
        assert_eq!(unshared_bytes(long_ab.as_bytes(), long_a.as_bytes()), 1);
        for (a, b, unshared) in cases {
            for (x, y) in [(a, b), (b, a)] {
                assert_eq!(
                    unshared_bytes(x.as_bytes(), y.as_bytes()),
                    unshared,
                    "{x} {y}"
                );
                assert!(
                    unshared <= damerau_levenshtein_ascii_reference(x.as_bytes(), y.as_bytes())
                );
            }
        }
    }

    #[test]
    fn neighbourhood_keys_cases() {
        for word in ["", "a", "lichtsteiner", "hamšík", "ßé'x", "ab ab"] {
            let mut keys = Vec::new();
            neighbourhood_keys(word, |k| keys.push(k));
            assert_eq!(keys, neighbourhood(word), "{word}");
        }
    }

    #[test]
    fn neighbourhood_shares_a_key_for_one_edit() {
        let a = neighbourhood("lichtsteiner");
        let b = neighbourhood("lichtstenier");
        assert!(a.iter().any(|k| b.contains(k)));
    }

    #[test]
    fn fold_word_cases() {
        for text in [
            "Gianlugi Buffon",
            "Hamšík and McDONALD’s Ødegaard",
            "ÉCOLE Été x",
        ] {
            let folded = Folded::new(text);
            let mut buf = String::from("left over");
            for (start, word) in words(text) {
                assert_eq!(
                    fold_word(&folded, start, word, &mut buf),
                    fold_word_reference(&folded, start, word),
                    "{text} {word}"
                );
            }
        }
    }

    #[test]
    fn previous_word_cases() {
        assert_eq!(previous_word("Gianlugi Buffon", 9), Some((0, "Gianlugi")));
        assert_eq!(previous_word("the Buffon", 4), Some((0, "the")));
        assert_eq!(previous_word("(Buffon", 1), None);
        assert_eq!(previous_word("x, Buffon", 3), None);
        for (text, offset) in [
            ("Gianlugi Buffon", 9),
            ("Hamšík Buffon", 9),
            ("é Buffon", 3),
            ("šx-1 Buffon", 6),
            ("-x Buffon", 3),
            ("1x Buffon", 3),
            (" Buffon", 1),
            ("Buffon", 0),
            ("a  Buffon", 3),
        ] {
            assert_eq!(
                previous_word(text, offset),
                previous_word_chars(text, offset),
                "{text}"
            );
        }
    }
}
