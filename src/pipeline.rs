//! The pipeline: segmenter -> exact matcher -> fuzzy matcher -> resolution -> extractors.
//!
//! Everything compiled (matcher, fuzzy index, candidate lists, rules) is built once in
//! [`Pipeline::new`] and shared read-only across threads; [`Pipeline::analyze`] runs every stage
//! on one document.

use crate::candidates::CandidateLists;
use crate::error::Result;
use crate::extract::{Context, Rules};
use crate::facts::{Event, Mention, Quote, Score, Span};
use crate::fold::Folded;
use crate::fuzzy::{FuzzyConfig, FuzzyIndex};
use crate::gazetteer::Gazetteer;
use crate::matcher::{self, Matcher};
use crate::segment::Segmenter;
use crate::words::{WordList, COMMON_WORDS, PLACES};
use crate::Document;

/// Every layer produced for one document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Analysis {
    /// Sentences, in order.
    pub sentences: Vec<Span>,
    /// Mentions of gazetteer entities, in order, non-overlapping.
    pub mentions: Vec<Mention>,
    /// Final results.
    pub scores: Vec<Score>,
    /// Minute-stamped events.
    pub events: Vec<Event>,
    /// Direct speech.
    pub quotes: Vec<Quote>,
}

/// The compiled extraction pipeline.
#[derive(Debug)]
pub struct Pipeline {
    gazetteer: Gazetteer,
    segmenter: Segmenter,
    matcher: Matcher,
    fuzzy: FuzzyIndex,
    common_words: WordList,
    places: WordList,
    rules: Rules,
    candidate_lists: CandidateLists,
}

impl Pipeline {
    /// Compiles a pipeline for a gazetteer with the default fuzzy thresholds.
    pub fn new(gazetteer: Gazetteer) -> Result<Pipeline> {
        Pipeline::with_fuzzy_config(gazetteer, FuzzyConfig::default())
    }

    /// Compiles a pipeline with explicit fuzzy thresholds.
    pub fn with_fuzzy_config(gazetteer: Gazetteer, config: FuzzyConfig) -> Result<Pipeline> {
        let common_words = WordList::parse("common-words.txt", COMMON_WORDS);
        let mut matcher = Matcher::new(&gazetteer, &common_words)?;
        let fuzzy = FuzzyIndex::new(&gazetteer, config);
        let mut candidate_lists = CandidateLists::new(&gazetteer, matcher.candidate_lists());
        candidate_lists.set_name_pools(|list| fuzzy.name_pool_index(list));
        matcher.share_candidate_lists(&candidate_lists);
        Ok(Pipeline {
            candidate_lists,
            segmenter: Segmenter::new(),
            matcher,
            fuzzy,
            common_words,
            places: WordList::parse("places.txt", PLACES),
            rules: Rules::new()?,
            gazetteer,
        })
    }

    /// The gazetteer the pipeline was built for.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// The sentence segmenter.
    pub fn segmenter(&self) -> &Segmenter {
        &self.segmenter
    }

    /// The fuzzy index.
    pub fn fuzzy_index(&self) -> &FuzzyIndex {
        &self.fuzzy
    }

    /// The candidate lists of the gazetteer's ambiguous forms, prepared once.
    pub fn candidate_lists(&self) -> &CandidateLists {
        &self.candidate_lists
    }

    /// The exact matcher.
    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    /// Runs every stage on a document.
    pub fn analyze(&self, doc: &Document) -> Analysis {
        let text = doc.text.as_str();
        let sentences = self.sentences(doc);
        let mentions = self.mentions(text, &sentences);
        let ctx = Context {
            text,
            sentences: &sentences,
            mentions: &mentions,
            gazetteer: &self.gazetteer,
        };
        let scores = self.rules.score.extract(&ctx);
        let events = self.rules.minute.extract(&ctx);
        let quotes = self.rules.quote.extract(&ctx);
        Analysis {
            sentences,
            mentions,
            scores,
            events,
            quotes,
        }
    }

    /// Runs every stage on a text (a document named `-`).
    pub fn analyze_text(&self, text: &str) -> Analysis {
        self.analyze(&Document::new("-", text))
    }

    /// The sentence layer of a document (its body only).
    pub fn sentences(&self, doc: &Document) -> Vec<Span> {
        let offset = doc.body_start;
        let mut sentences = self.segmenter.split(doc.body());
        for s in &mut sentences {
            s.start += offset;
            s.end += offset;
        }
        sentences
    }

    /// The mention layer: exact matches, fuzzy matches, then resolution of ambiguous forms.
    pub fn mentions(&self, text: &str, sentences: &[Span]) -> Vec<Mention> {
        let folded = Folded::new(text);
        let mut mentions = self.matcher.find(text, &folded, sentences);
        self.fuzzy.apply(
            text,
            &folded,
            sentences,
            &mut mentions,
            &self.gazetteer,
            &self.common_words,
            &self.places,
        );
        matcher::resolve(&mut mentions, &self.gazetteer);
        matcher::drop_unsupported_places(&mut mentions, text, &self.places);
        mentions
    }
}

/// A pipeline over a gazetteer given inline as the three files' contents (for tests).
#[cfg(test)]
pub(crate) fn test_pipeline(people: &str, clubs: &str, stadiums: &str) -> Pipeline {
    use std::path::Path;
    let gazetteer = Gazetteer::from_texts(
        (Path::new("people.tsv"), people),
        (Path::new("clubs.tsv"), clubs),
        (Path::new("stadiums.tsv"), stadiums),
    )
    .expect("test gazetteer");
    Pipeline::new(gazetteer).expect("test pipeline")
}
