//! `gazetteer suggest`: what a corpus mentions that the gazetteers miss, ranked by count.
//!
//! Two kinds of suggestion:
//! - **unknown** names: spans of two or more capitalised words (name particles such as `de`,
//!   `van` allowed inside: `Stefan de Vrij`), or one capitalised word right after a role noun
//!   (`striker`, `defender`, `boss`, `referee` ...), that no mention covers. Common words are
//!   trimmed from the edges (`The`, `After`), weekdays, months and competition words (`League`,
//!   `Cup`) break a span, all-capital words (`BBC`) are not names, and spans that are a city,
//!   country or nationality the gazetteers list are left out. Each comes with the type its role
//!   noun suggests, an id proposed by the `add` rules, the club mentioned nearest to it (same
//!   sentence first), and its first sentence.
//! - **fuzzy** matches: misspellings or missing aliases the fuzzy stage mapped to an entity, with
//!   the entity and the best similarity.

use std::collections::HashMap;

use rayon::prelude::*;
use serde::Serialize;

use crate::document::Document;
use crate::facts::{MatchKind, Mention, Span};
use crate::fold::fold;
use crate::fuzzy::{max_edits, similarity};
use crate::gazetteer::{EntityKind, Gazetteer};
use crate::pipeline::Pipeline;
use crate::words::{WordList, COMMON_WORDS};

use super::add::{generate_id, NewEntry};
use super::one_line;

/// Nouns that announce a person's name right after them, with the type they suggest.
const ROLE_NOUNS: &[(&str, EntityKind)] = &[
    ("striker", EntityKind::Player),
    ("forward", EntityKind::Player),
    ("midfielder", EntityKind::Player),
    ("defender", EntityKind::Player),
    ("goalkeeper", EntityKind::Player),
    ("keeper", EntityKind::Player),
    ("winger", EntityKind::Player),
    ("full-back", EntityKind::Player),
    ("centre-back", EntityKind::Player),
    ("center-back", EntityKind::Player),
    ("centre-half", EntityKind::Player),
    ("wing-back", EntityKind::Player),
    ("playmaker", EntityKind::Player),
    ("captain", EntityKind::Player),
    ("skipper", EntityKind::Player),
    ("substitute", EntityKind::Player),
    ("international", EntityKind::Player),
    ("youngster", EntityKind::Player),
    ("teenager", EntityKind::Player),
    ("team-mate", EntityKind::Player),
    ("teammate", EntityKind::Player),
    ("signing", EntityKind::Player),
    ("boss", EntityKind::Coach),
    ("manager", EntityKind::Coach),
    ("coach", EntityKind::Coach),
    ("referee", EntityKind::Referee),
    ("ref", EntityKind::Referee),
];

/// Capitalised words that are not part of a person's or club's name: they break a span.
const BREAKERS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "league",
    "cup",
    "trophy",
    "shield",
    "premiership",
    "championship",
    "division",
    "conference",
    "serie",
    "liga",
    "bundesliga",
    "ligue",
    "eredivisie",
    "scudetto",
    "coppa",
    "copa",
    "final",
    "photo",
    "association",
    "federation",
    "football",
    "radio",
    "live",
    "sport",
    "news",
    "daily",
    "evening",
    "year",
    "day",
    "christmas",
    "olympics",
    "championships",
    "premier",
    "subs",
    "used",
    "islands",
    "east",
    "america",
    "american",
    "african",
    "european",
    "asian",
];

/// Words trimmed from the start of a span anywhere: articles and titles (`The Republic`,
/// `Mr Bates`, `Sir Bobby Robson` -> `Bobby Robson`).
const LEADING: &[&str] = &["the", "a", "an", "mr", "mrs", "ms", "dr", "sir"];

/// Lowercase particles allowed inside a name (`de Vrij`, `van der Sar`).
const PARTICLES: &[&str] = &[
    "de", "da", "di", "del", "della", "dei", "van", "von", "der", "den", "le", "la", "du", "dos",
    "das", "ten", "ter",
];

/// A name the gazetteers do not know.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unknown {
    /// The span as most often written.
    pub text: String,
    /// Occurrences in the corpus.
    pub count: usize,
    /// Documents it occurs in.
    pub docs: usize,
    /// The type its role noun suggests (`striker` -> player), if any occurrence had one.
    #[serde(rename = "type")]
    pub kind: Option<EntityKind>,
    /// The id `gazetteer add` would give it.
    pub id: String,
    /// The club mentioned nearest to it (most often over its occurrences).
    pub club: Option<String>,
    /// The entity whose name or alias it most resembles (similarity at least
    /// [`SIMILAR_AT_LEAST`]): a misspelling or a cut name the fuzzy stage did not take.
    pub similar: Option<String>,
    /// The similarity to `similar`.
    pub score: Option<f32>,
    /// The document of the first occurrence.
    pub doc: String,
    /// The sentence of the first occurrence.
    pub example: String,
}

/// How similar (folded, Damerau-Levenshtein) an unknown name must be to an entity's name or
/// alias for `similar` to name it.
pub const SIMILAR_AT_LEAST: f64 = 0.85;

/// A fuzzy match: a likely misspelling or missing alias.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FuzzySuggestion {
    /// The text as most often written.
    pub text: String,
    /// Occurrences in the corpus.
    pub count: usize,
    /// Documents it occurs in.
    pub docs: usize,
    /// The type of the entity matched.
    #[serde(rename = "type")]
    pub kind: EntityKind,
    /// The entity matched (ids joined with `|` when the match was ambiguous).
    pub id: String,
    /// Its canonical name.
    pub name: String,
    /// The best similarity over the occurrences.
    pub score: f32,
    /// The document of the first occurrence.
    pub doc: String,
    /// The sentence of the first occurrence.
    pub example: String,
}

/// Everything `suggest` proposes, each list ranked by count (then documents, then text).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Suggestions {
    /// Documents read.
    pub documents: usize,
    /// Unknown names.
    pub unknown: Vec<Unknown>,
    /// Fuzzy matches.
    pub fuzzy: Vec<FuzzySuggestion>,
}

/// One occurrence of a candidate in a document.
#[derive(Debug)]
struct Occurrence {
    key: String,
    text: String,
    kind: Option<EntityKind>,
    club: Option<u32>,
    score: f32,
    example: String,
}

/// Reads the corpus's documents and proposes additions. `min_count` drops rarer suggestions.
/// The same as a [`Suggester`] given `docs` at once.
pub fn suggest(pipeline: &Pipeline, docs: &[Document], min_count: usize) -> Suggestions {
    let mut suggester = Suggester::new(pipeline);
    suggester.add(docs);
    suggester.finish(min_count)
}

/// `suggest` over a corpus read a part at a time: [`Suggester::add`] takes the documents in
/// corpus order, part by part (each part analysed in parallel), and [`Suggester::finish`]
/// ranks what they hold. Only the tallies are kept from part to part (per distinct name: its
/// counts, the spellings, types and clubs seen with their counts, and its first occurrence),
/// not the documents or every occurrence, so a corpus of any size can be read in parts of
/// bounded size. The result does not depend on how the documents are cut into parts (tested).
#[derive(Debug)]
pub struct Suggester<'p> {
    pipeline: &'p Pipeline,
    common: WordList,
    places: Vec<String>,
    documents: usize,
    unknown: Tallies,
    fuzzy: Tallies,
}

impl<'p> Suggester<'p> {
    /// A suggester with nothing read yet.
    pub fn new(pipeline: &'p Pipeline) -> Suggester<'p> {
        Suggester {
            pipeline,
            common: WordList::parse("common-words.txt", COMMON_WORDS),
            places: places(pipeline.gazetteer()),
            documents: 0,
            unknown: Tallies::default(),
            fuzzy: Tallies::default(),
        }
    }

    /// Reads the next documents of the corpus (in corpus order).
    pub fn add(&mut self, docs: &[Document]) {
        let (pipeline, common, places) = (self.pipeline, &self.common, &self.places);
        let gazetteer = pipeline.gazetteer();
        let per_doc: Vec<(Vec<Occurrence>, Vec<Occurrence>)> = docs
            .par_iter()
            .map(|doc| {
                let sentences = pipeline.sentences(doc);
                let mentions = pipeline.mentions(&doc.text, &sentences);
                let unknown = unknown_spans(doc, &sentences, &mentions, common, places);
                let fuzzy = fuzzy_matches(doc, &sentences, &mentions, gazetteer);
                (unknown, fuzzy)
            })
            .collect();
        for (doc, (unknown, fuzzy)) in docs.iter().zip(per_doc) {
            let d = self.documents;
            self.documents += 1;
            for o in unknown {
                self.unknown.add(d, &doc.name, o);
            }
            for o in fuzzy {
                self.fuzzy.add(d, &doc.name, o);
            }
        }
    }

    /// The suggestions of everything read, each list ranked by count (then documents, then
    /// text); `min_count` drops rarer ones.
    pub fn finish(self, min_count: usize) -> Suggestions {
        let gazetteer = self.pipeline.gazetteer();
        let entities = gazetteer.entities();
        // Built for the first unknown name kept, if any.
        let mut similar_forms: Option<SimilarForms> = None;
        let mut unknown: Vec<Unknown> = self
            .unknown
            .kept(min_count)
            .map(|g| {
                let text = g.text();
                let kind = g.kind();
                let club = g.club().map(|c| entities[c as usize].id.clone());
                let entry = NewEntry {
                    club: club.clone(),
                    ..NewEntry::new(kind.unwrap_or(EntityKind::Player), text.clone())
                };
                let id = generate_id(&entry, |id| gazetteer.get(id).is_some()).unwrap_or_default();
                let similar = similar_forms
                    .get_or_insert_with(|| SimilarForms::new(gazetteer))
                    .most_similar(&text);
                Unknown {
                    count: g.count,
                    docs: g.docs,
                    kind,
                    id,
                    club,
                    similar: similar.map(|(i, _)| entities[i].id.clone()),
                    score: similar.map(|(_, s)| (s * 1000.0).round() as f32 / 1000.0),
                    doc: g.first_doc,
                    example: g.first_example,
                    text,
                }
            })
            .collect();
        let mut fuzzy: Vec<FuzzySuggestion> = self
            .fuzzy
            .kept(min_count)
            .map(|g| {
                let ids: Vec<&str> = g.key.split('\t').nth(1).unwrap_or("").split('|').collect();
                let entity = gazetteer.get(ids[0]);
                FuzzySuggestion {
                    text: g.text(),
                    count: g.count,
                    docs: g.docs,
                    kind: entity.map_or(EntityKind::Player, |e| e.kind),
                    id: ids.join("|"),
                    name: entity.map_or_else(String::new, |e| e.name.clone()),
                    score: g.best_score,
                    doc: g.first_doc.clone(),
                    example: g.first_example.clone(),
                }
            })
            .collect();
        unknown.sort_by(|a, b| (b.count, b.docs, &a.text).cmp(&(a.count, a.docs, &b.text)));
        fuzzy.sort_by(|a, b| (b.count, b.docs, &a.text).cmp(&(a.count, a.docs, &b.text)));
        Suggestions {
            documents: self.documents,
            unknown,
            fuzzy,
        }
    }
}

/// The groups of one kind of suggestion, by key, in order of first occurrence.
#[derive(Debug, Default)]
struct Tallies {
    groups: Vec<Group>,
    index: HashMap<String, usize>,
}

impl Tallies {
    /// The groups seen at least `min_count` times, in order of first occurrence.
    fn kept(self, min_count: usize) -> impl Iterator<Item = Group> {
        self.groups
            .into_iter()
            .filter(move |g| g.count >= min_count)
    }

    /// Counts occurrence `o` of document number `doc` (documents come in order), named `name`.
    fn add(&mut self, doc: usize, name: &str, o: Occurrence) {
        match self.index.get(&o.key) {
            Some(&slot) => self.groups[slot].add(doc, o),
            None => {
                self.index.insert(o.key.clone(), self.groups.len());
                self.groups.push(Group::first(doc, name, o));
            }
        }
    }
}

/// What the suggestions need of a group's occurrences: counts, the values seen with their counts
/// (in order of first sight), the best score, and the first occurrence's key, document and
/// sentence.
#[derive(Debug)]
struct Group {
    count: usize,
    docs: usize,
    last_doc: usize,
    texts: Tally<String>,
    kinds: Tally<EntityKind>,
    clubs: Tally<u32>,
    best_score: f32,
    key: String,
    first_doc: String,
    first_example: String,
}

impl Group {
    fn first(doc: usize, name: &str, mut o: Occurrence) -> Group {
        let mut group = Group {
            count: 0,
            docs: 1,
            last_doc: doc,
            texts: Tally::default(),
            kinds: Tally::default(),
            clubs: Tally::default(),
            best_score: 0.0,
            key: std::mem::take(&mut o.key),
            first_doc: name.to_string(),
            first_example: std::mem::take(&mut o.example),
        };
        group.add(doc, o);
        group
    }

    fn add(&mut self, doc: usize, o: Occurrence) {
        self.count += 1;
        if doc != self.last_doc {
            self.docs += 1;
            self.last_doc = doc;
        }
        self.texts.add(o.text);
        if let Some(kind) = o.kind {
            self.kinds.add(kind);
        }
        if let Some(club) = o.club {
            self.clubs.add(club);
        }
        self.best_score = self.best_score.max(o.score);
    }

    fn text(&self) -> String {
        self.texts.most().cloned().unwrap_or_default()
    }
    fn kind(&self) -> Option<EntityKind> {
        self.kinds.most().copied()
    }
    fn club(&self) -> Option<u32> {
        self.clubs.most().copied()
    }
}

/// Values with how often each was seen, in order of first sight.
#[derive(Debug)]
struct Tally<T>(Vec<(T, usize)>);

impl<T> Default for Tally<T> {
    fn default() -> Tally<T> {
        Tally(Vec::new())
    }
}

impl<T: PartialEq> Tally<T> {
    fn add(&mut self, value: T) {
        match self.0.iter_mut().find(|(x, _)| *x == value) {
            Some((_, n)) => *n += 1,
            None => self.0.push((value, 1)),
        }
    }
    /// The most frequent value, ties to the first seen.
    fn most(&self) -> Option<&T> {
        let best = self.0.iter().map(|(_, n)| *n).max()?;
        self.0.iter().find(|(_, n)| *n == best).map(|(v, _)| v)
    }
}

/// The entity whose name or alias is most similar to `text`, at least [`SIMILAR_AT_LEAST`]:
/// every entity's forms compared in turn (the first best wins). The definition [`SimilarForms`]
/// is tested against.
#[cfg(test)]
fn most_similar(gazetteer: &Gazetteer, text: &str) -> Option<(usize, f64)> {
    let folded = fold(text);
    let mut best: Option<(usize, f64)> = None;
    for (i, e) in gazetteer.entities().iter().enumerate() {
        for form in std::iter::once(&e.name).chain(&e.aliases) {
            let score = similarity(&folded, &fold(form));
            if score >= SIMILAR_AT_LEAST && best.is_none_or(|(_, b)| score > b) {
                best = Some((i, score));
            }
        }
    }
    best
}

/// The gazetteer's names and aliases, folded, indexed by their char bigrams, to find the form
/// most similar to a name without comparing it with every form (at 100k people, that scan took
/// 86 ms per unknown name).
///
/// A form within Damerau-Levenshtein distance `d` of a name shares at least `n - 1 - 3d` of its
/// bigrams with it (counted with repeats; `n` the longer length in chars): an edit breaks at
/// most two of a string's bigrams, or one for an insertion, and a transposition three. The
/// bigrams' lists give each form's shared count; only forms with enough, and a length within
/// `d`, are compared, where `d` is the largest distance that keeps the similarity at
/// [`SIMILAR_AT_LEAST`] (the same arithmetic as [`similarity`]). So the answer is exactly the
/// scan's, ties to the first entity and form (tested against it).
struct SimilarForms {
    /// (entity, folded form, length in chars), in entity order, name before aliases.
    forms: Vec<(usize, String, usize)>,
    /// Bigram -> (form, how many times the form holds it).
    postings: HashMap<(char, char), Vec<(u32, u16)>>,
}

impl SimilarForms {
    fn new(gazetteer: &Gazetteer) -> SimilarForms {
        let mut forms = Vec::new();
        let mut postings: HashMap<(char, char), Vec<(u32, u16)>> = HashMap::new();
        for (i, e) in gazetteer.entities().iter().enumerate() {
            for form in std::iter::once(&e.name).chain(&e.aliases) {
                let folded = fold(form);
                let f = forms.len() as u32;
                for (gram, count) in bigrams(&folded) {
                    postings.entry(gram).or_default().push((f, count));
                }
                let len = folded.chars().count();
                forms.push((i, folded, len));
            }
        }
        SimilarForms { forms, postings }
    }

    /// The entity whose name or alias is most similar to `text`, at least [`SIMILAR_AT_LEAST`],
    /// and the similarity.
    fn most_similar(&self, text: &str) -> Option<(usize, f64)> {
        let folded = fold(text);
        let len = folded.chars().count();
        let candidates: Vec<usize> = if len < 2 {
            // No bigrams to go by (a one-char name): every form.
            (0..self.forms.len()).collect()
        } else {
            let mut shared: HashMap<u32, u32> = HashMap::new();
            for (gram, count) in bigrams(&folded) {
                for &(f, n) in self.postings.get(&gram).map_or(&[][..], Vec::as_slice) {
                    *shared.entry(f).or_insert(0) += u32::from(count.min(n));
                }
            }
            let mut candidates: Vec<usize> = shared
                .into_iter()
                .filter(|&(f, shared)| {
                    let n = len.max(self.forms[f as usize].2);
                    let d = max_edits(n, SIMILAR_AT_LEAST).unwrap_or(0);
                    len.abs_diff(self.forms[f as usize].2) <= d && shared as usize + 3 * d + 1 >= n
                })
                .map(|(f, _)| f as usize)
                .collect();
            candidates.sort_unstable();
            candidates
        };
        let mut best: Option<(usize, f64)> = None;
        for f in candidates {
            let (entity, form, _) = &self.forms[f];
            let score = similarity(&folded, form);
            if score >= SIMILAR_AT_LEAST && best.is_none_or(|(_, b)| score > b) {
                best = Some((*entity, score));
            }
        }
        best
    }
}

/// The char bigrams of `s` with how many times each occurs.
fn bigrams(s: &str) -> Vec<((char, char), u16)> {
    let chars: Vec<char> = s.chars().collect();
    let mut grams: Vec<(char, char)> = chars.windows(2).map(|w| (w[0], w[1])).collect();
    grams.sort_unstable();
    let mut out: Vec<((char, char), u16)> = Vec::with_capacity(grams.len());
    for g in grams {
        match out.last_mut() {
            Some((last, n)) if *last == g => *n = n.saturating_add(1),
            _ => out.push((g, 1)),
        }
    }
    out
}

/// Folded cities, countries and nationalities the gazetteers list.
fn places(gazetteer: &Gazetteer) -> Vec<String> {
    let mut out: Vec<String> = gazetteer
        .entities()
        .iter()
        .flat_map(|e| [&e.city, &e.country, &e.nationality])
        .flatten()
        .map(|s| fold(s))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Word tokens of `text[start..end]`: letters and digits, with inner hyphens and apostrophes
/// (`O'Shea`, `Wright-Phillips`); a possessive `'s` is left out.
fn words(text: &str, start: usize, end: usize) -> Vec<Span> {
    let slice = &text[start..end];
    let chars: Vec<(usize, char)> = slice.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].1.is_alphanumeric() {
            i += 1;
            continue;
        }
        let s = chars[i].0;
        let mut j = i + 1;
        while j < chars.len() {
            let c = chars[j].1;
            let joiner = matches!(c, '-' | '\'' | '\u{2019}')
                && chars.get(j + 1).is_some_and(|n| n.1.is_alphanumeric());
            if c.is_alphanumeric() || joiner {
                j += 1;
            } else {
                break;
            }
        }
        let e = chars.get(j).map_or(slice.len(), |c| c.0);
        let mut word_end = e;
        for possessive in ["'s", "\u{2019}s"] {
            if slice[s..e].ends_with(possessive) && e - s > possessive.len() {
                word_end = e - possessive.len();
            }
        }
        out.push(Span {
            start: start + s,
            end: start + word_end,
        });
        i = j;
    }
    out
}

fn is_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
        && word.chars().any(char::is_lowercase)
        && word.chars().count() >= 2
        && !word.chars().any(|c| c.is_ascii_digit())
}

fn role_of(word: &str) -> Option<EntityKind> {
    let lower = word.to_lowercase();
    ROLE_NOUNS
        .iter()
        .find(|(noun, _)| *noun == lower)
        .map(|&(_, kind)| kind)
}

/// The sentence around `at`, on one line; a long sentence (glued sentences are common in
/// scraped text) is cut to a window around `[at, end)`.
fn sentence_text(text: &str, sentences: &[Span], at: usize, end: usize) -> String {
    let s = sentences
        .iter()
        .find(|s| s.start <= at && at < s.end)
        .copied()
        .unwrap_or(Span {
            start: 0,
            end: text.len(),
        });
    let (mut a, mut b) = (s.start.max(at.saturating_sub(150)), s.end.min(end + 150));
    while !text.is_char_boundary(a) {
        a -= 1;
    }
    while !text.is_char_boundary(b) {
        b += 1;
    }
    format!(
        "{}{}{}",
        if a > s.start { "..." } else { "" },
        one_line(&text[a..b]),
        if b < s.end { "..." } else { "" }
    )
}

/// The club mention nearest to `[start, end)`: in the same sentence first, else in the document.
fn nearest_club(mentions: &[Mention], sentences: &[Span], start: usize, end: usize) -> Option<u32> {
    let sentence = sentences.iter().find(|s| s.start <= start && start < s.end);
    let distance = |m: &Mention| {
        if m.end <= start {
            start - m.end
        } else {
            m.start.saturating_sub(end)
        }
    };
    let clubs = mentions
        .iter()
        .filter(|m| m.kind == EntityKind::Club && m.entity.is_some());
    let in_sentence = clubs
        .clone()
        .filter(|m| sentence.is_some_and(|s| s.start <= m.start && m.start < s.end))
        .min_by_key(|m| distance(m));
    in_sentence
        .or_else(|| clubs.min_by_key(|m| distance(m)))
        .and_then(|m| m.entity)
}

fn unknown_spans(
    doc: &Document,
    sentences: &[Span],
    mentions: &[Mention],
    common: &WordList,
    places: &[String],
) -> Vec<Occurrence> {
    let text = doc.text.as_str();
    let mut out = Vec::new();
    for sentence in sentences {
        let tokens = words(text, sentence.start, sentence.end);
        // Runs of capitalised words (particles inside), not covered by a mention.
        let mut runs: Vec<Vec<usize>> = Vec::new();
        let mut current: Vec<usize> = Vec::new();
        for (t, w) in tokens.iter().enumerate() {
            let word = &text[w.start..w.end];
            let covered = mentions.iter().any(|m| m.start < w.end && w.start < m.end);
            let joined = current.last().is_some_and(|&p: &usize| {
                let gap = &text[tokens[p].end..w.start];
                !gap.is_empty() && gap.chars().all(|c| c == ' ')
            });
            let breaker = BREAKERS.contains(&fold(word).as_str());
            let cap = !covered && !breaker && is_capitalised(word);
            let particle = !covered && PARTICLES.contains(&word);
            // A particle (`de`, `van`) joins a run between capitalised words.
            if (cap && (joined || current.is_empty())) || (particle && joined) {
                current.push(t);
            } else {
                runs.push(std::mem::take(&mut current));
                if cap {
                    current.push(t);
                }
            }
        }
        runs.push(current);
        for mut run in runs {
            // Particles cannot end a run.
            let word = |t: usize| &text[tokens[t].start..tokens[t].end];
            while let Some(&t) = run.last() {
                if PARTICLES.contains(&word(t)) {
                    run.pop();
                } else {
                    break;
                }
            }
            // A capitalised common word is trimmed where capitals say nothing: at the start of
            // the sentence (`The`, `After`). Elsewhere it may be a first name (`Bob`, `Will`).
            if let Some(&t) = run.first() {
                let at_start = text[sentence.start..tokens[t].start]
                    .chars()
                    .all(|c| !c.is_alphanumeric());
                if at_start && common.contains(&fold(word(t))) {
                    run.remove(0);
                }
            }
            while let Some(&t) = run.first() {
                if LEADING.contains(&fold(word(t)).as_str()) {
                    run.remove(0);
                } else {
                    break;
                }
            }
            let (Some(&first), Some(&last)) = (run.first(), run.last()) else {
                continue;
            };
            let start = tokens[first].start;
            let end = tokens[last].end;
            let role = first
                .checked_sub(1)
                .filter(|&p| text[tokens[p].end..start].chars().all(|c| c == ' '))
                .and_then(|p| role_of(word(p)));
            let capitalised = run.iter().filter(|&&t| is_capitalised(word(t))).count();
            if capitalised < 2 && role.is_none() {
                continue;
            }
            let span_text = text[start..end].to_string();
            let key = fold(&span_text);
            if places.binary_search(&key).is_ok() {
                continue;
            }
            out.push(Occurrence {
                key,
                text: span_text,
                kind: role,
                club: nearest_club(mentions, sentences, start, end),
                score: 0.0,
                example: sentence_text(text, sentences, start, end),
            });
        }
    }
    out
}

fn fuzzy_matches(
    doc: &Document,
    sentences: &[Span],
    mentions: &[Mention],
    gazetteer: &Gazetteer,
) -> Vec<Occurrence> {
    let text = doc.text.as_str();
    let entities = gazetteer.entities();
    mentions
        .iter()
        .filter(|m| m.match_kind == MatchKind::Fuzzy)
        .map(|m| {
            let ids: Vec<&str> = match m.entity {
                Some(e) => vec![entities[e as usize].id.as_str()],
                None => m
                    .candidates
                    .iter()
                    .map(|&c| entities[c as usize].id.as_str())
                    .collect(),
            };
            let written = &text[m.start..m.end];
            Occurrence {
                key: format!("{}\t{}", fold(written), ids.join("|")),
                text: written.to_string(),
                kind: Some(m.kind),
                club: None,
                score: m.score,
                example: sentence_text(text, sentences, m.start, m.end),
            }
        })
        .collect()
}

impl Suggestions {
    /// The suggestions as TSV with a header: unknown names first, then fuzzy matches. Columns:
    /// `kind count docs text type id name club similar score doc example`: for an unknown name,
    /// `id` and `name` are what `gazetteer add` would write and `similar`/`score` the entity it
    /// resembles; for a fuzzy match, `id`/`name` are the entity matched and `score` the
    /// similarity.
    pub fn to_tsv(&self) -> String {
        let mut out = String::from(
            "kind\tcount\tdocs\ttext\ttype\tid\tname\tclub\tsimilar\tscore\tdoc\texample\n",
        );
        for u in &self.unknown {
            out.push_str(&format!(
                "unknown\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
                u.count,
                u.docs,
                one_line(&u.text),
                u.kind.map_or("", |k| k.as_str()),
                u.id,
                one_line(&u.text),
                u.club.as_deref().unwrap_or(""),
                u.similar.as_deref().unwrap_or(""),
                u.score.map_or(String::new(), |s| format!("{s:.3}")),
                one_line(&u.doc),
                u.example
            ));
        }
        for f in &self.fuzzy {
            out.push_str(&format!(
                "fuzzy\t{}\t{}\t{}\t{}\t{}\t{}\t\t\t{:.3}\t{}\t{}\n",
                f.count,
                f.docs,
                one_line(&f.text),
                f.kind,
                f.id,
                f.name,
                f.score,
                one_line(&f.doc),
                f.example
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn pipeline() -> Pipeline {
        let g = Gazetteer::from_texts(
            (
                Path::new("people.tsv"),
                "id\tname\taliases\trole\tclub\tnationality\n\
                 kalidou-koulibaly\tKalidou Koulibaly\t\tplayer\tnapoli\tSenegal\n\
                 stephan-lichtsteiner\tStephan Lichtsteiner\t\tplayer\tjuventus\tSwitzerland\n",
            ),
            (
                Path::new("clubs.tsv"),
                "id\tname\taliases\tcity\tcountry\tstadium\n\
                 napoli\tNapoli\t\tNaples\tItaly\t\n\
                 juventus\tJuventus\tJuve\tTurin\tItaly\t\n",
            ),
            (
                Path::new("stadiums.tsv"),
                "id\tname\taliases\tcity\tclubs\n",
            ),
        )
        .unwrap();
        Pipeline::new(g).unwrap()
    }

    /// (case, text, expected unknown spans as "text/type/club")
    const CASES: &[(&str, &str, &[&str])] = &[
        (
            "two_words_near_club",
            "Napoli signed Jonny Fakename on Monday.",
            &["Jonny Fakename//napoli"],
        ),
        (
            "role_noun_one_word",
            "Juventus striker Fakename scored twice.",
            &["Fakename/player/juventus"],
        ),
        (
            "role_noun_coach",
            "Napoli boss Maurizio Sarri smiled.",
            &["Maurizio Sarri/coach/napoli"],
        ),
        (
            "particle_inside",
            "Then Stefan de Vrij headed wide.",
            &["Stefan de Vrij//"],
        ),
        (
            "common_word_trimmed_at_sentence_start",
            "The Fakename brothers won.",
            &[],
        ),
        (
            "common_word_kept_inside_a_sentence",
            "Napoli signed Bob Madeup.",
            &["Bob Madeup//napoli"],
        ),
        (
            "known_names_are_not_suggested",
            "Kalidou Koulibaly scored.",
            &[],
        ),
        ("place_left_out", "They flew to Turin and then Italy.", &[]),
        (
            "competition_breaks",
            "Napoli won the Champions League.",
            &[],
        ),
        ("weekday_breaks", "On Monday Fakename trained.", &[]),
        (
            "possessive",
            "Jonny Fakename's goal beat Juve.",
            &["Jonny Fakename//juventus"],
        ),
        ("acronym", "The BBC and FIFA agreed.", &[]),
        (
            "title_and_article_trimmed",
            "Napoli thanked Sir Jonny Fakename and the The Fakers.",
            &["Jonny Fakename//napoli"],
        ),
        (
            "lone_capitalised_word_is_not_enough",
            "Napoli thanked Fakename.",
            &[],
        ),
    ];

    #[test]
    fn unknown_cases() {
        let p = pipeline();
        for (name, text, expected) in CASES {
            let docs = [Document::new("t.txt", *text)];
            let s = suggest(&p, &docs, 1);
            let got: Vec<String> = s
                .unknown
                .iter()
                .map(|u| {
                    format!(
                        "{}/{}/{}",
                        u.text,
                        u.kind.map_or("", |k| k.as_str()),
                        u.club.as_deref().unwrap_or("")
                    )
                })
                .collect();
            assert_eq!(got, *expected, "case {name}");
        }
    }

    #[test]
    fn fuzzy_and_ranking() {
        let p = pipeline();
        let docs = [
            Document::new(
                "a.txt",
                "Lichtstenier and Jonny Fakename played. Jonny Fakename left.",
            ),
            Document::new(
                "b.txt",
                "Napoli signed Bob Madeup. Lichtstenier was booked.",
            ),
        ];
        let s = suggest(&p, &docs, 1);
        assert_eq!(s.documents, 2);
        let unknown: Vec<(&str, usize, usize)> = s
            .unknown
            .iter()
            .map(|u| (u.text.as_str(), u.count, u.docs))
            .collect();
        assert_eq!(unknown, [("Jonny Fakename", 2, 1), ("Bob Madeup", 1, 1)]);
        assert_eq!(s.unknown[0].id, "jonny-fakename");
        assert_eq!(s.fuzzy.len(), 1);
        let f = &s.fuzzy[0];
        assert_eq!(
            (f.text.as_str(), f.id.as_str(), f.count, f.docs),
            ("Lichtstenier", "stephan-lichtsteiner", 2, 2)
        );
        assert!(f.score > 0.85 && f.score < 1.0);
        let tsv = s.to_tsv();
        assert!(tsv.starts_with("kind\tcount\tdocs\ttext\t"));
        assert!(tsv.contains(
            "\nunknown\t2\t1\tJonny Fakename\t\tjonny-fakename\tJonny Fakename\t\t\t\ta.txt\t"
        ));
        assert_eq!(suggest(&p, &docs, 2).unknown.len(), 1);
    }

    /// A corpus read a part at a time gives what it gives read at once, however it is cut:
    /// the seeds (project gazetteers: unknown names, fuzzy matches, clubs, role nouns) and the
    /// table's texts, in parts of 1, 2, 3 and 7 documents.
    #[test]
    fn parts_give_what_the_whole_corpus_gives() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        let p = Pipeline::new(Gazetteer::load(dir.join("gazetteers")).expect("bundled gazetteer"))
            .expect("pipeline");
        let mut docs = Vec::new();
        crate::editor::for_each_part(
            &[dir.join("corpus")],
            |part| docs.extend(part.iter().cloned()),
            |e| panic!("{e}"),
        );
        assert!(docs.len() >= 5, "the seeds are in corpus/");
        for (name, text, _) in CASES {
            docs.push(Document::new(format!("{name}.txt"), *text));
        }
        docs.push(Document::new("again.txt", CASES[0].1));
        let whole = suggest(&p, &docs, 1);
        assert!(
            !whole.fuzzy.is_empty() && whole.unknown.len() >= 3,
            "{whole:?}"
        );
        assert!(
            whole.unknown.iter().any(|u| u.docs > 1),
            "a name in two documents"
        );
        for size in [1, 2, 3, 7] {
            let mut suggester = Suggester::new(&p);
            for part in docs.chunks(size) {
                suggester.add(part);
            }
            assert_eq!(suggester.finish(1), whole, "parts of {size}");
        }
    }

    /// The project's gazetteer and its bigram index, built once for the tests that query it.
    fn project_forms() -> &'static (Gazetteer, SimilarForms) {
        static FORMS: std::sync::OnceLock<(Gazetteer, SimilarForms)> = std::sync::OnceLock::new();
        FORMS.get_or_init(|| {
            let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("gazetteers");
            let g = Gazetteer::load(dir).expect("bundled gazetteer");
            let forms = SimilarForms::new(&g);
            (g, forms)
        })
    }

    /// The index finds what the scan finds: names, misspellings, cut names, short and empty
    /// strings, accents, and names like no entity's.
    #[test]
    fn similar_forms_cases() {
        let (g, forms) = project_forms();
        let cases: &[(&str, &str)] = &[
            ("exact_name", "Stephan Lichtsteiner"),
            ("misspelt", "Stephan Lichtstenier"),
            ("transposed", "Stpehan Lichtsteiner"),
            ("one_letter_short", "Stephan Lichtsteine"),
            ("accented", "Wojciech Szczęsny"),
            ("folded_accent", "Wojciech Szczesny"),
            ("alias", "Juve"),
            ("short", "Na"),
            ("one_char", "J"),
            ("empty", ""),
            ("nobody", "Jonny Fakename"),
            ("repeated_bigrams", "Aaaaaaaaaa Aaaaaaa"),
        ];
        let mut found = 0;
        for (name, text) in cases {
            let want = most_similar(g, text);
            assert_eq!(forms.most_similar(text), want, "case {name}");
            found += usize::from(want.is_some());
        }
        assert!(found >= 6, "the cases reach the index's answers: {found}");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        /// An entity's name with a few random edits (insertions, deletions, substitutions,
        /// transpositions, accented letters among them): the index answers as the scan does.
        #[test]
        fn similar_forms_answer_as_the_scan_does(
            pick in 0usize..10_000,
            edits in proptest::collection::vec((0usize..64, 0u8..4, "[aeiouné ]"), 0..4),
        ) {
            let (g, forms) = project_forms();
            let entities = g.entities();
            let mut chars: Vec<char> = entities[pick % entities.len()].name.chars().collect();
            for (at, op, c) in edits {
                let c = c.chars().next().unwrap_or('a');
                let i = at % (chars.len() + 1);
                match op {
                    0 => chars.insert(i, c),
                    1 if i < chars.len() => { chars.remove(i); }
                    2 if i < chars.len() => chars[i] = c,
                    3 if i + 1 < chars.len() => chars.swap(i, i + 1),
                    _ => {}
                }
            }
            let text: String = chars.into_iter().collect();
            proptest::prop_assert_eq!(forms.most_similar(&text), most_similar(g, &text), "{}", text);
        }
    }

    #[test]
    fn word_tokens() {
        let text = "O'Shea's cross, Wright-Phillips - x";
        let got: Vec<&str> = words(text, 0, text.len())
            .iter()
            .map(|w| &text[w.start..w.end])
            .collect();
        assert_eq!(got, ["O'Shea", "cross", "Wright-Phillips", "x"]);
    }
}
