//! Rule-based fact extractors over the sentence and mention layers: final scores
//! ([`score`]), minute-stamped events ([`minute`]) and quotes with their speakers ([`quote`]).
//!
//! Each extractor reads the document text, the sentences and the mentions produced before it and
//! adds its own layer; none re-reads files or re-segments text. Word lists are data files in
//! `data/rules/`, parsed once into [`Rules`].

pub mod minute;
pub mod quote;
pub mod score;

use crate::facts::{Mention, Span};
use crate::gazetteer::Gazetteer;

/// What an extractor sees of a document: its text and the earlier layers.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The whole document text (offsets point into it).
    pub text: &'a str,
    /// Sentences, in order.
    pub sentences: &'a [Span],
    /// Mentions, in order, non-overlapping.
    pub mentions: &'a [Mention],
    /// The gazetteer the mentions refer to.
    pub gazetteer: &'a Gazetteer,
}

impl Context<'_> {
    /// The index of the sentence containing byte `offset` (or the last one before it).
    pub fn sentence_index(&self, offset: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.start <= offset);
        i.checked_sub(1)
    }

    /// The mentions inside a byte range, as a slice.
    pub fn mentions_in(&self, start: usize, end: usize) -> &[Mention] {
        let a = self.mentions.partition_point(|m| m.start < start);
        let b = self.mentions.partition_point(|m| m.start < end);
        &self.mentions[a..b.max(a)]
    }
}

/// The compiled rules of every extractor, built once per run and shared across threads.
#[derive(Debug)]
pub struct Rules {
    /// Score rules.
    pub score: score::ScoreRules,
    /// Minute and event rules.
    pub minute: minute::MinuteRules,
    /// Quote rules.
    pub quote: quote::QuoteRules,
}

impl Rules {
    /// Compiles the bundled rule data.
    pub fn new() -> crate::Result<Rules> {
        Ok(Rules {
            score: score::ScoreRules::new()?,
            minute: minute::MinuteRules::new()?,
            quote: quote::QuoteRules::new()?,
        })
    }
}

/// The seed articles of `corpus/`, in file name order (for the extractors' tests that compare
/// fast paths with their references on real text).
#[cfg(test)]
pub(crate) fn seed_texts() -> Vec<String> {
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let Ok(entries) = std::fs::read_dir(corpus) else {
        return Vec::new();
    };
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    paths
        .into_iter()
        .filter_map(|path| std::fs::read_to_string(path).ok())
        .collect()
}
