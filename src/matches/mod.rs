//! Match records across articles (`matchfacts matches`): one consolidated, sourced record per
//! match, with the articles' disagreements shown.
//!
//! The input is each article's extracted facts ([`Article`]: a document and its
//! [`Analysis`]); the output is one [`MatchRecord`] per match ([`consolidate`]). Three steps:
//! - [`group`]: which matches each article reports (its main match from the headline or lead,
//!   every other result it states), which of its facts belong to which, and which article-matches
//!   across articles are the same match (the two clubs, the score, the date);
//! - [`merge`]: votes and consensus per fact, conflicts between articles, consistency checks;
//! - [`render`]: the text a sub-editor pastes.
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
    let ms: Vec<group::ArticleMatch> = articles
        .iter()
        .enumerate()
        .flat_map(|(i, a)| group::article_matches(i, a, gazetteer))
        .collect();
    let groups = group::group(&ms, articles);
    let mut placed = BTreeSet::new();
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut records = Vec::with_capacity(groups.len());
    for g in &groups {
        placed.extend(g.members.iter().map(|&i| ms[i].article));
        let mut record = merge::build(g, &ms, articles, gazetteer);
        let n = ids.entry(record.id.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            record.id = format!("{}-{}", record.id, n);
        }
        records.push(record);
    }
    let unmatched = articles
        .iter()
        .enumerate()
        .filter(|(i, _)| !placed.contains(i))
        .map(|(_, a)| a.name.to_string())
        .collect();
    Consolidation { records, unmatched }
}

#[cfg(test)]
mod tests;
