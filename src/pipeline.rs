//! The pipeline: segmenter -> exact matcher -> fuzzy matcher -> resolution -> extractors.
//!
//! Everything compiled (matcher, fuzzy index, candidate lists, rules) is built once in
//! [`Pipeline::new`] and shared read-only across threads; [`Pipeline::analyze`] runs every stage
//! on one document, [`Pipeline::analyze_batch`] on several, stage by stage.

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
        self.analyze_batch(std::slice::from_ref(doc))
            .pop()
            .unwrap_or_default()
    }

    /// Runs every stage on several documents, stage by stage: the sentences of them all, then
    /// their exact matches, their fuzzy matches, and so on. The result is the same as
    /// [`Pipeline::analyze`] on each document in turn (tested), but faster over many documents:
    /// a stage's tables (the gazetteer's automaton and index, the rules' regex caches) and its
    /// code stay in the processor's caches from one document to the next instead of being pushed
    /// out by the other stages'. About a megabyte of text at a time is where that paid most
    /// (see `bench/RESULTS.md`); [`crate::batch::run`] cuts its inputs so.
    pub fn analyze_batch(&self, docs: &[Document]) -> Vec<Analysis> {
        let sentences: Vec<Vec<Span>> = docs.iter().map(|doc| self.sentences(doc)).collect();
        let texts: Vec<(&str, &[Span])> = docs
            .iter()
            .zip(&sentences)
            .map(|(doc, s)| (doc.text.as_str(), s.as_slice()))
            .collect();
        let mentions = self.mention_layers(&texts);
        let contexts: Vec<Context<'_>> = texts
            .iter()
            .zip(&mentions)
            .map(|(&(text, sentences), mentions)| Context {
                text,
                sentences,
                mentions,
                gazetteer: &self.gazetteer,
            })
            .collect();
        let rules = &self.rules;
        let scores: Vec<Vec<Score>> = contexts.iter().map(|c| rules.score.extract(c)).collect();
        let events: Vec<Vec<Event>> = contexts.iter().map(|c| rules.minute.extract(c)).collect();
        let quotes: Vec<Vec<Quote>> = contexts.iter().map(|c| rules.quote.extract(c)).collect();
        drop(contexts);
        sentences
            .into_iter()
            .zip(mentions)
            .zip(scores.into_iter().zip(events).zip(quotes))
            .map(
                |((sentences, mentions), ((scores, events), quotes))| Analysis {
                    sentences,
                    mentions,
                    scores,
                    events,
                    quotes,
                },
            )
            .collect()
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
        self.mention_layers(&[(text, sentences)])
            .pop()
            .unwrap_or_default()
    }

    /// The mention layers of several texts (each with its sentences), stage by stage as in
    /// [`Pipeline::analyze_batch`]: the exact matches of every text, then their fuzzy matches,
    /// then the resolution of each.
    fn mention_layers(&self, texts: &[(&str, &[Span])]) -> Vec<Vec<Mention>> {
        let folded: Vec<Folded> = texts.iter().map(|&(text, _)| Folded::new(text)).collect();
        let mut layers: Vec<Vec<Mention>> = texts
            .iter()
            .zip(&folded)
            .map(|(&(text, sentences), folded)| self.matcher.find(text, folded, sentences))
            .collect();
        for ((&(text, sentences), folded), mentions) in texts.iter().zip(&folded).zip(&mut layers) {
            self.fuzzy.apply(
                text,
                folded,
                sentences,
                mentions,
                &self.gazetteer,
                &self.common_words,
                &self.places,
            );
        }
        drop(folded);
        for (&(text, _), mentions) in texts.iter().zip(&mut layers) {
            matcher::resolve(mentions, &self.gazetteer);
            matcher::drop_unsupported_places(mentions, text, &self.places);
        }
        layers
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
