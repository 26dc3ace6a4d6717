//! JSON Lines output (FORMATS.md section 2): one object per document, ids and `text` filled in
//! from the gazetteer and the document, so every `text` equals `document[start..end]`.

use serde::Serialize;

use crate::document::{Document, Encoding};
use crate::facts::{EventType, MatchKind};
use crate::gazetteer::{EntityKind, Gazetteer};
use crate::pipeline::Analysis;

/// One output line for a document that was processed.
#[derive(Debug, Serialize)]
pub struct Record<'a> {
    /// The document's name.
    pub doc: &'a str,
    /// The date the document states.
    pub date: Option<&'a str>,
    /// Set when the document was not UTF-8 and was decoded as Windows-1252.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<Encoding>,
    /// Sentence spans `[start, end]`.
    pub sentences: Vec<[usize; 2]>,
    /// Mentions.
    pub mentions: Vec<MentionRecord<'a>>,
    /// Final results.
    pub scores: Vec<ScoreRecord<'a>>,
    /// Events.
    pub events: Vec<EventRecord<'a>>,
    /// Quotes.
    pub quotes: Vec<QuoteRecord<'a>>,
}

/// A mention as output.
#[derive(Debug, Serialize)]
pub struct MentionRecord<'a> {
    /// Start byte offset.
    pub start: usize,
    /// End byte offset.
    pub end: usize,
    /// `document[start..end]`.
    pub text: &'a str,
    /// Entity kind.
    #[serde(rename = "type")]
    pub kind: EntityKind,
    /// Entity id, `null` when ambiguous.
    pub id: Option<&'a str>,
    /// Candidate ids when ambiguous.
    #[serde(skip_serializing_if = "Candidates::is_empty")]
    pub candidates: Candidates<'a>,
    /// How it was matched.
    #[serde(rename = "match")]
    pub match_kind: MatchKind,
    /// Confidence.
    pub score: f32,
}

/// The candidate ids of an ambiguous mention, written as a JSON array straight from the
/// gazetteer: each id is rendered once per run, so the long lists of common surnames in large
/// gazetteers are copied, not escaped byte by byte.
#[derive(Clone, Copy)]
pub struct Candidates<'a> {
    entities: &'a [u32],
    gazetteer: &'a Gazetteer,
}

impl<'a> Candidates<'a> {
    /// Whether there are none (the mention is resolved, or not ambiguous).
    pub fn is_empty(&self) -> bool {
        self.entities.is_empty()
    }

    /// The candidate ids.
    pub fn ids(&self) -> impl Iterator<Item = &'a str> + '_ {
        let entities = self.gazetteer.entities();
        self.entities
            .iter()
            .map(move |&c| entities[c as usize].id.as_str())
    }
}

impl std::fmt::Debug for Candidates<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.ids()).finish()
    }
}

impl Serialize for Candidates<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let gazetteer = self.gazetteer;
        serializer.collect_seq(self.entities.iter().map(|&c| gazetteer.json_id(c)))
    }
}

/// A score as output.
#[derive(Debug, Serialize)]
pub struct ScoreRecord<'a> {
    /// Club ids.
    pub teams: [&'a str; 2],
    /// Goals, parallel to `teams`.
    pub goals: [u32; 2],
    /// Home club id when stated.
    pub home: Option<&'a str>,
    /// Evidence start.
    pub start: usize,
    /// Evidence end.
    pub end: usize,
    /// Evidence text.
    pub text: &'a str,
}

/// An event as output.
#[derive(Debug, Serialize)]
pub struct EventRecord<'a> {
    /// Minute.
    pub minute: u32,
    /// Added time.
    pub added: Option<u32>,
    /// Event type.
    #[serde(rename = "type")]
    pub kind: EventType,
    /// Player id.
    pub player: Option<&'a str>,
    /// Club id.
    pub team: Option<&'a str>,
    /// Minute expression start.
    pub start: usize,
    /// Minute expression end.
    pub end: usize,
    /// Minute expression text.
    pub text: &'a str,
}

/// A quote as output.
#[derive(Debug, Serialize)]
pub struct QuoteRecord<'a> {
    /// Start of the quoted words.
    pub start: usize,
    /// End of the quoted words.
    pub end: usize,
    /// The quoted words.
    pub text: &'a str,
    /// Speaker id.
    pub speaker: Option<&'a str>,
    /// The words naming the speaker.
    pub speaker_text: Option<&'a str>,
}

/// The output line of a document that could not be processed.
#[derive(Debug, Serialize)]
pub struct ErrorRecord<'a> {
    /// The document's name.
    pub doc: &'a str,
    /// What went wrong.
    pub error: String,
}

impl<'a> Record<'a> {
    /// Builds the output record of an analysed document.
    pub fn new(doc: &'a Document, analysis: &'a Analysis, gazetteer: &'a Gazetteer) -> Record<'a> {
        let text = doc.text.as_str();
        let id = |i: u32| gazetteer.entities()[i as usize].id.as_str();
        let slice = |s: usize, e: usize| text.get(s..e).unwrap_or("");
        Record {
            doc: &doc.name,
            date: doc.date.as_deref(),
            encoding: (doc.encoding != Encoding::Utf8).then_some(doc.encoding),
            sentences: analysis
                .sentences
                .iter()
                .map(|s| [s.start, s.end])
                .collect(),
            mentions: analysis
                .mentions
                .iter()
                .map(|m| MentionRecord {
                    start: m.start,
                    end: m.end,
                    text: slice(m.start, m.end),
                    kind: m.kind,
                    id: m.entity.map(id),
                    candidates: Candidates {
                        entities: &m.candidates,
                        gazetteer,
                    },
                    match_kind: m.match_kind,
                    score: m.score,
                })
                .collect(),
            scores: analysis
                .scores
                .iter()
                .map(|s| ScoreRecord {
                    teams: [id(s.teams[0]), id(s.teams[1])],
                    goals: s.goals,
                    home: s.home.map(id),
                    start: s.start,
                    end: s.end,
                    text: slice(s.start, s.end),
                })
                .collect(),
            events: analysis
                .events
                .iter()
                .map(|e| EventRecord {
                    minute: e.minute,
                    added: e.added,
                    kind: e.kind,
                    player: e.player.map(id),
                    team: e.team.map(id),
                    start: e.start,
                    end: e.end,
                    text: slice(e.start, e.end),
                })
                .collect(),
            quotes: analysis
                .quotes
                .iter()
                .map(|q| QuoteRecord {
                    start: q.start,
                    end: q.end,
                    text: slice(q.start, q.end),
                    speaker: q.speaker.map(id),
                    speaker_text: q.speaker_span.map(|s| slice(s.start, s.end)),
                })
                .collect(),
        }
    }
}

/// Serialises a value as one JSON line (without the newline).
pub fn to_line<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|e| format!("{{\"error\":\"serialise: {e}\"}}"))
}
