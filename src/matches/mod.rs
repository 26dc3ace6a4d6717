//! Match records across articles (`matchfacts matches`): one consolidated, sourced record per
//! match, with the articles' disagreements shown.
//!
//! The input is each article's extracted facts ([`Article`]: a document and its
//! [`Analysis`]); the output is one [`MatchRecord`] per match ([`consolidate`], or
//! [`Consolidator`] one article at a time, keeping only what the records need of each). Three
//! steps:
//! - `group`: which matches each article reports (its main match from the headline or lead,
//!   every other result it states), which of its facts belong to which, and which article-matches
//!   across articles are the same match (the two clubs, the score, the date);
//! - `merge`: votes and consensus per fact, conflicts between articles, consistency checks;
//! - `render`: the text a sub-editor pastes.
//!
//! Every threshold is a constant here: [`MINUTE_TOLERANCE`], [`QUOTE_SIMILARITY`],
//! [`DATE_WINDOW`], [`LEAD_SENTENCES`], [`MAX_MINUTE`], and [`date::MAX_TEXT_DATE_AGE`].
//!
//! ```
//! use matchfacts::matches::{consolidate, Article};
//! use matchfacts::{Analysis, Document, Gazetteer};
//! let gazetteer = Gazetteer::default();
//! let doc = Document::new("a.txt", "date 2018-04-23 Nothing to see.");
//! let analysis = Analysis::default();
//! let records = consolidate(&[Article::new(&doc, &analysis)], &gazetteer);
//! assert!(records.records.is_empty());
//! assert_eq!(records.unmatched, vec!["a.txt".to_string()]);
//! ```

pub mod date;
mod group;
mod merge;
pub mod record;
mod render;
pub mod text;

pub use record::{
    Check, Claimants, Conflict, ConsensusRule, DateSource, EventSummary, GoalStatus, MatchRecord,
    MinuteClaim, QuoteSummary, QuoteVariant, ScoreClaim, ScoreSummary, TeamRef, Venue,
};

use std::collections::{BTreeSet, HashMap};

use crate::document::Document;
use crate::gazetteer::Gazetteer;
use crate::pipeline::Analysis;

/// Minutes of one event that differ by at most this much agree (`89th minute` and `the final
/// minute`); more is a conflict. Also the window within which an unnamed goal joins a named one
/// and two credited scorers are the same goal.
pub const MINUTE_TOLERANCE: u32 = 1;

/// Two quotes are the same words when their normalised edit similarity is at least this.
pub const QUOTE_SIMILARITY: f64 = 0.85;

/// An article's own date stands for a match played that day or up to this many days before.
pub const DATE_WINDOW: i64 = 1;

/// The lead: this many first sentences of the body (the headline and the opening paragraphs).
pub const LEAD_SENTENCES: usize = 3;

/// The last regular minute (extra time included); a minute beyond it plus its added time fails
/// the range check, as does minute 0.
pub const MAX_MINUTE: u32 = 120;

/// One article's facts, as the pipeline extracted them.
#[derive(Debug, Clone, Copy)]
pub struct Article<'a> {
    /// The article's name (the path as given), used in `sources`.
    pub name: &'a str,
    /// Its full text (every offset of the analysis points into it).
    pub text: &'a str,
    /// The date it states, `YYYY-MM-DD`.
    pub date: Option<&'a str>,
    /// Its facts.
    pub analysis: &'a Analysis,
}

impl<'a> Article<'a> {
    /// An article from a document and its analysis.
    pub fn new(doc: &'a Document, analysis: &'a Analysis) -> Article<'a> {
        Article {
            name: &doc.name,
            text: &doc.text,
            date: doc.date.as_deref(),
            analysis,
        }
    }
}

/// The records of a run.
#[derive(Debug, Clone, PartialEq)]
pub struct Consolidation {
    /// One record per match, in order of first statement (article, then position).
    pub records: Vec<MatchRecord>,
    /// Articles that report no match (no result, and no scored goal of the two clubs their lead
    /// names).
    pub unmatched: Vec<String>,
}

/// Groups the articles' facts into matches and merges each into its record.
pub fn consolidate(articles: &[Article<'_>], gazetteer: &Gazetteer) -> Consolidation {
    let mut consolidator = Consolidator::new(gazetteer);
    for article in articles {
        consolidator.add(article);
    }
    consolidator.finish()
}

/// [`consolidate`] one article at a time, for runs over more articles than fit in memory at
/// once: [`Consolidator::add`] finds which matches an article reports and keeps only what the
/// records need of it (its name, its events and quotes with their words), so the document and
/// its analysis can go; [`Consolidator::finish`] groups and merges. The same records as
/// [`consolidate`] over the same articles in the same order (it is this).
#[derive(Debug)]
pub struct Consolidator<'g> {
    gazetteer: &'g Gazetteer,
    matches: Vec<group::ArticleMatch>,
    kept: Vec<Kept>,
}

impl<'g> Consolidator<'g> {
    /// An empty consolidation over the ids of `gazetteer` (the one the articles were analysed
    /// with).
    pub fn new(gazetteer: &'g Gazetteer) -> Consolidator<'g> {
        Consolidator {
            gazetteer,
            matches: Vec::new(),
            kept: Vec::new(),
        }
    }

    /// Adds the next article.
    pub fn add(&mut self, article: &Article<'_>) {
        let index = self.kept.len();
        let mut ms = group::article_matches(index, article, self.gazetteer);
        self.kept.push(Kept::of(article, &mut ms));
        self.matches.extend(ms);
    }

    /// The records of the articles added, in order of first statement.
    pub fn finish(self) -> Consolidation {
        let Consolidator {
            gazetteer,
            matches: ms,
            kept,
        } = self;
        let groups = group::group(&ms, &kept);
        let mut placed = BTreeSet::new();
        let mut ids: HashMap<String, usize> = HashMap::new();
        let mut records = Vec::with_capacity(groups.len());
        for g in &groups {
            placed.extend(g.members.iter().map(|&i| ms[i].article));
            let mut record = merge::build(g, &ms, &kept, gazetteer);
            let n = ids.entry(record.id.clone()).or_insert(0);
            *n += 1;
            if *n > 1 {
                record.id = format!("{}-{}", record.id, n);
            }
            records.push(record);
        }
        let unmatched = kept
            .into_iter()
            .enumerate()
            .filter(|(i, _)| !placed.contains(i))
            .map(|(_, a)| a.name)
            .collect();
        Consolidation { records, unmatched }
    }
}

/// What the records need of an article once its article-matches are found: its name, and the
/// events (each with whether it is written with digits) and quotes (with their words) that its
/// article-matches hold, in the analysis' order. An article that reports no match keeps its
/// name only.
#[derive(Debug, Clone)]
pub(crate) struct Kept {
    name: String,
    events: Vec<KeptEvent>,
    quotes: Vec<KeptQuote>,
}

/// An event of a [`Kept`] article.
#[derive(Debug, Clone)]
pub(crate) struct KeptEvent {
    event: crate::facts::Event,
    /// Its minute is written with digits (`89th minute`, `on 83 minutes`), not a phrase (`the
    /// final minute`).
    exact: bool,
}

/// A quote of a [`Kept`] article.
#[derive(Debug, Clone)]
pub(crate) struct KeptQuote {
    start: usize,
    /// The quoted words, trimmed.
    text: String,
    speaker: Option<u32>,
    /// The words naming the speaker.
    speaker_text: Option<String>,
}

impl Kept {
    /// What the records need of `article`, whose article-matches are `ms`: their indices into
    /// the article's events and quotes become indices into the kept ones.
    fn of(article: &Article<'_>, ms: &mut [group::ArticleMatch]) -> Kept {
        let text = article.text;
        let held = |list: fn(&group::ArticleMatch) -> &Vec<usize>, ms: &[group::ArticleMatch]| {
            let mut held: Vec<usize> = ms.iter().flat_map(|m| list(m).iter().copied()).collect();
            held.sort_unstable();
            held.dedup();
            held
        };
        let events = held(|m| &m.events, ms);
        let quotes = held(|m| &m.quotes, ms);
        for m in ms.iter_mut() {
            for i in m.events.iter_mut() {
                *i = events.partition_point(|&e| e < *i);
            }
            for i in m.quotes.iter_mut() {
                *i = quotes.partition_point(|&q| q < *i);
            }
        }
        Kept {
            name: article.name.to_string(),
            events: events
                .iter()
                .map(|&i| {
                    let e = &article.analysis.events[i];
                    KeptEvent {
                        event: e.clone(),
                        exact: text
                            .get(e.start..e.end)
                            .unwrap_or("")
                            .bytes()
                            .any(|b| b.is_ascii_digit()),
                    }
                })
                .collect(),
            quotes: quotes
                .iter()
                .map(|&i| {
                    let q = &article.analysis.quotes[i];
                    KeptQuote {
                        start: q.start,
                        text: text.get(q.start..q.end).unwrap_or("").trim().to_string(),
                        speaker: q.speaker,
                        speaker_text: q
                            .speaker_span
                            .and_then(|s| text.get(s.start..s.end))
                            .map(str::to_string),
                    }
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests;
