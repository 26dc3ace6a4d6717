//! JSON Lines output (FORMATS.md section 2): one object per document, ids and `text` filled in
//! from the gazetteer and the document, so every `text` equals `document[start..end]`.

use serde::Serialize;

use crate::document::{Document, Encoding};
use crate::facts::{EventType, MatchKind};
use crate::gather::gathered;
use crate::gazetteer::{EntityKind, Gazetteer};
use crate::pipeline::{Analysis, Pipeline};

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
    #[serde(skip_serializing_if = "CandidateIds::is_empty")]
    pub candidates: CandidateIds<'a>,
    /// How it was matched.
    #[serde(rename = "match")]
    pub match_kind: MatchKind,
    /// Confidence.
    pub score: f32,
}

/// The candidate ids of an ambiguous mention, read from the gazetteer as they are written (the
/// lists of common surnames in large gazetteers are long; they are not copied per mention).
#[derive(Clone, Copy)]
pub struct CandidateIds<'a> {
    entities: &'a [u32],
    gazetteer: &'a Gazetteer,
    /// The ids as a JSON array, when the list is one of the pipeline's prepared lists
    /// ([`crate::candidates::CandidateLists`]).
    json: Option<&'a str>,
}

impl<'a> CandidateIds<'a> {
    /// Whether there are none (the mention is resolved, or not ambiguous).
    pub fn is_empty(&self) -> bool {
        self.entities.is_empty()
    }

    /// The candidate ids.
    pub fn ids(&self) -> impl Iterator<Item = &'a str> + '_ {
        let gazetteer = self.gazetteer;
        self.entities
            .iter()
            .map(move |&c| gazetteer.id_of(c as usize))
    }
}

impl std::fmt::Debug for CandidateIds<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.ids()).finish()
    }
}

impl Serialize for CandidateIds<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.ids())
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
    /// Builds the output record of a document analysed by `pipeline` (ids from its gazetteer).
    pub fn new(doc: &'a Document, analysis: &'a Analysis, pipeline: &'a Pipeline) -> Record<'a> {
        let gazetteer = pipeline.gazetteer();
        let text = doc.text.as_str();
        let id = |i: u32| gazetteer.id_of(i as usize);
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
                    candidates: CandidateIds {
                        entities: &m.candidates,
                        gazetteer,
                        json: m.candidates.prepared().map(|list| list.json),
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

impl Record<'_> {
    /// The record as one JSON line (without the newline): the same bytes as [`to_line`] gives
    /// through serde, written directly (field names as literals, numbers and ids copied), which is
    /// several times cheaper for the long mention lists of large gazetteers.
    pub fn to_json_line(&self) -> String {
        // About what the line takes, so that it is not grown (and copied) as it is written.
        let candidates: usize = self
            .mentions
            .iter()
            .map(|m| m.candidates.entities.len())
            .sum();
        let items = self.mentions.len() + self.scores.len() + self.events.len();
        let mut out = String::with_capacity(
            256 + 16 * self.sentences.len()
                + 112 * items
                + 24 * candidates
                + 160 * self.quotes.len(),
        );
        let w = &mut out;
        w.push_str("{\"doc\":");
        string(w, self.doc);
        w.push_str(",\"date\":");
        opt_string(w, self.date);
        if let Some(encoding) = self.encoding {
            w.push_str(",\"encoding\":");
            name(w, encoding.as_str());
        }
        w.push_str(",\"sentences\":");
        list(w, &self.sentences, |w, [start, end]| {
            w.push('[');
            number(w, *start);
            w.push(',');
            number(w, *end);
            w.push(']');
        });
        w.push_str(",\"mentions\":");
        list(w, &self.mentions, |w, m| {
            span(w, "{\"start\":", m.start, m.end, m.text);
            w.push_str(",\"type\":");
            name(w, m.kind.as_str());
            w.push_str(",\"id\":");
            opt_string(w, m.id);
            if !m.candidates.is_empty() {
                w.push_str(",\"candidates\":");
                candidate_ids(w, m.candidates);
            }
            w.push_str(",\"match\":");
            name(w, m.match_kind.as_str());
            w.push_str(",\"score\":");
            score(w, m.score);
            w.push('}');
        });
        w.push_str(",\"scores\":");
        list(w, &self.scores, |w, s| {
            w.push_str("{\"teams\":[");
            string(w, s.teams[0]);
            w.push(',');
            string(w, s.teams[1]);
            w.push_str("],\"goals\":[");
            number(w, s.goals[0] as usize);
            w.push(',');
            number(w, s.goals[1] as usize);
            w.push_str("],\"home\":");
            opt_string(w, s.home);
            span(w, ",\"start\":", s.start, s.end, s.text);
            w.push('}');
        });
        w.push_str(",\"events\":");
        list(w, &self.events, |w, e| {
            w.push_str("{\"minute\":");
            number(w, e.minute as usize);
            w.push_str(",\"added\":");
            match e.added {
                Some(added) => number(w, added as usize),
                None => w.push_str("null"),
            }
            w.push_str(",\"type\":");
            name(w, e.kind.as_str());
            w.push_str(",\"player\":");
            opt_string(w, e.player);
            w.push_str(",\"team\":");
            opt_string(w, e.team);
            span(w, ",\"start\":", e.start, e.end, e.text);
            w.push('}');
        });
        w.push_str(",\"quotes\":");
        list(w, &self.quotes, |w, q| {
            span(w, "{\"start\":", q.start, q.end, q.text);
            w.push_str(",\"speaker\":");
            opt_string(w, q.speaker);
            w.push_str(",\"speaker_text\":");
            opt_string(w, q.speaker_text);
            w.push('}');
        });
        w.push('}');
        out
    }
}

/// Writes ids as a JSON array.
pub(crate) fn write_ids<'i>(w: &mut String, ids: impl Iterator<Item = &'i str>) {
    w.push('[');
    for (i, id) in ids.enumerate() {
        if i > 0 {
            w.push(',');
        }
        string(w, id);
    }
    w.push(']');
}

/// Writes candidate ids as a JSON array. A common surname in a large gazetteer has hundreds of
/// candidates whose ids lie all over memory: most lists are written once, when the pipeline is
/// built ([`crate::candidates::CandidateLists`]), and copied; the others are read a group at a
/// time ([`gathered`]).
fn candidate_ids(w: &mut String, candidates: CandidateIds<'_>) {
    if let Some(json) = candidates.json {
        w.push_str(json);
        return;
    }
    let gazetteer = candidates.gazetteer;
    write_ids(
        w,
        gathered(candidates.entities, |c| gazetteer.id_of(c as usize)).map(|(_, id)| id),
    );
}

/// Writes `items` as a JSON array, each with `item`.
fn list<T>(w: &mut String, items: &[T], mut item: impl FnMut(&mut String, &T)) {
    w.push('[');
    for (i, x) in items.iter().enumerate() {
        if i > 0 {
            w.push(',');
        }
        item(w, x);
    }
    w.push(']');
}

/// Writes `<opening>start,"end":end,"text":"text"` (`opening` names the start field).
fn span(w: &mut String, opening: &str, start: usize, end: usize, text: &str) {
    w.push_str(opening);
    number(w, start);
    w.push_str(",\"end\":");
    number(w, end);
    w.push_str(",\"text\":");
    string(w, text);
}

fn number(w: &mut String, n: usize) {
    w.push_str(itoa::Buffer::new().format(n));
}

/// Writes a mention's score in serde_json's own float format, so the digits are the same as
/// through serde. Exact mentions (most) score 1, written without serde's scratch string.
fn score(w: &mut String, score: f32) {
    if score == 1.0 {
        w.push_str("1.0");
        return;
    }
    match serde_json::to_string(&score) {
        Ok(score) => w.push_str(&score),
        Err(_) => w.push_str("null"),
    }
}

fn opt_string(w: &mut String, s: Option<&str>) {
    match s {
        Some(s) => string(w, s),
        None => w.push_str("null"),
    }
}

/// The bytes a JSON string escapes: control chars, `"` and `\\`.
const NEEDS_ESCAPE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = true;
        b += 1;
    }
    table[b'"' as usize] = true;
    table[b'\\' as usize] = true;
    table
};

/// The position of the first byte of `bytes` a JSON string escapes ([`NEEDS_ESCAPE`]): eight
/// bytes at a time (quotes are long and rarely hold one), the rest one by one.
fn first_to_escape(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Marks the bytes that are zero; a byte above a marked one may be marked wrongly (a
    // borrow), one below never is: so the lowest mark is a true zero.
    let zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    // Below 0x20 (as `zero`, against 0x20: the lowest mark is true), `"` and `\\`.
    let marks = |x: u64| {
        let control = x.wrapping_sub(ONES * 0x20) & !x & HIGH;
        control | zero(x ^ (ONES * u64::from(b'"'))) | zero(x ^ (ONES * u64::from(b'\\')))
    };
    crate::bytescan::first_marked(bytes, marks, |b| NEEDS_ESCAPE[usize::from(b)])
}

/// Writes a JSON string as serde_json does: `"` and `\\` escaped, control chars as `\n`, `\t`
/// and the like or `\u00XX`, everything else (non-ASCII too) as it is.
fn string(w: &mut String, s: &str) {
    w.push('"');
    let mut rest = s;
    while let Some(i) = first_to_escape(rest.as_bytes()) {
        w.push_str(&rest[..i]);
        match rest.as_bytes()[i] {
            b'"' => w.push_str("\\\""),
            b'\\' => w.push_str("\\\\"),
            b'\n' => w.push_str("\\n"),
            b'\r' => w.push_str("\\r"),
            b'\t' => w.push_str("\\t"),
            0x08 => w.push_str("\\b"),
            0x0c => w.push_str("\\f"),
            b => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                w.push_str("\\u00");
                w.push(HEX[usize::from(b >> 4)] as char);
                w.push(HEX[usize::from(b & 0xf)] as char);
            }
        }
        rest = &rest[i + 1..];
    }
    w.push_str(rest);
    w.push('"');
}

/// Writes one of the format's fixed names (a kind, an encoding) as a JSON string. Those names
/// are lower-case ASCII letters and digits with `-` and `_` (tested), which JSON does not escape.
fn name(w: &mut String, s: &'static str) {
    w.push('"');
    w.push_str(s);
    w.push('"');
}

/// Serialises a value as one JSON line (without the newline).
pub fn to_line<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|e| format!("{{\"error\":\"serialise: {e}\"}}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::Pipeline;

    proptest::proptest! {
        /// Scores are written exactly as serde_json writes them.
        #[test]
        fn scores_write_as_serde_does(x in proptest::num::f32::ANY) {
            let mut ours = String::new();
            score(&mut ours, x);
            proptest::prop_assert_eq!(ours, serde_json::to_string(&x).unwrap());
        }

        /// The first byte to escape is found as the byte-by-byte scan finds it, on any bytes
        /// (escapes near and across the eight-byte words, bytes just below and above 0x20).
        #[test]
        fn first_to_escape_equals_the_byte_scan(
            bytes in proptest::collection::vec(
                proptest::prop_oneof![
                    8 => proptest::num::u8::ANY,
                    2 => proptest::sample::select(vec![0x1f, 0x20, 0x21, b'"', b'\\', 0, 0x80, 0xff]),
                ],
                0..40,
            ),
            lead in 0usize..24,
        ) {
            let mut padded = vec![b'a'; lead];
            padded.extend(bytes);
            let expected = padded.iter().position(|&b| NEEDS_ESCAPE[usize::from(b)]);
            proptest::prop_assert_eq!(first_to_escape(&padded), expected);
        }

        /// Strings are escaped exactly as serde_json escapes them.
        #[test]
        fn strings_escape_as_serde_does(s in "(\\PC|[\\x00-\\x1f\"\\\\\\x7f])*") {
            let mut ours = String::new();
            string(&mut ours, &s);
            proptest::prop_assert_eq!(ours, serde_json::to_string(&s).unwrap());
        }
    }

    /// An ambiguous surname's list is written from the pipeline's prepared lists, a list narrowed
    /// by a later stage id by id; both as serde writes them.
    #[test]
    fn scores_at_the_fast_path_and_around_it_write_as_serde_does() {
        for x in [
            1.0f32,
            -1.0,
            0.0,
            -0.0,
            0.999,
            1.0000001,
            0.857,
            f32::NAN,
            f32::INFINITY,
        ] {
            let mut ours = String::new();
            score(&mut ours, x);
            assert_eq!(ours, serde_json::to_string(&x).unwrap(), "{x}");
        }
    }

    #[test]
    fn rendered_candidate_lists_are_written_as_serde_does() {
        let pipeline = crate::pipeline::test_pipeline(
            "id\tname\taliases\trole\tclub\tnationality\n\
             john-smith\tJohn Smith\t\tplayer\t\t\n\
             adam-smith\tAdam Smith\t\tplayer\t\t\n\
             q-smith\tQ Smith\t\tcoach\t\t\n",
            "id\tname\taliases\tcity\tcountry\tstadium\n",
            "id\tname\taliases\tcity\tclubs\n",
        );
        assert_eq!(
            pipeline.candidate_lists().len(),
            1,
            "one ambiguous form: smith"
        );

        let doc = Document::new("smith.txt", "Smith scored twice.");
        let mut analysis = pipeline.analyze(&doc);
        assert_eq!(analysis.mentions[0].candidates, [0, 1, 2]);
        let record = Record::new(&doc, &analysis, &pipeline);
        assert!(record.mentions[0].candidates.json.is_some());
        assert_eq!(record.to_json_line(), to_line(&record));

        analysis.mentions[0].candidates = vec![2, 0].into();
        let record = Record::new(&doc, &analysis, &pipeline);
        assert!(record.mentions[0].candidates.json.is_none());
        assert_eq!(record.to_json_line(), to_line(&record));
        assert!(record
            .to_json_line()
            .contains(r#""candidates":["q-smith","john-smith"]"#));
    }

    /// The direct writer and serde agree on the seed articles (scores, events, quotes) and on a
    /// record with every optional field set, candidates and awkward text.
    #[test]
    fn fixed_names_need_no_escaping() {
        use crate::facts::{EventType, MatchKind};
        use crate::gazetteer::EntityKind;
        let names = [
            EntityKind::Player.as_str(),
            EntityKind::Coach.as_str(),
            EntityKind::Referee.as_str(),
            EntityKind::Club.as_str(),
            EntityKind::Stadium.as_str(),
            MatchKind::Exact.as_str(),
            MatchKind::Alias.as_str(),
            MatchKind::Surname.as_str(),
            MatchKind::Fuzzy.as_str(),
            crate::Encoding::Utf8.as_str(),
            crate::Encoding::Windows1252.as_str(),
        ]
        .into_iter()
        .chain(EventType::ALL.iter().map(|e| e.as_str()));
        for n in names {
            let mut direct = String::new();
            name(&mut direct, n);
            let mut escaped = String::new();
            string(&mut escaped, n);
            assert_eq!(direct, escaped, "{n}");
            assert!(
                n.bytes().all(|b| b.is_ascii_lowercase()
                    || b.is_ascii_digit()
                    || b == b'-'
                    || b == b'_'),
                "{n}"
            );
        }
    }

    #[test]
    fn direct_json_equals_serde() {
        let gazetteer = Gazetteer::load("gazetteers").unwrap();
        let pipeline = Pipeline::new(gazetteer).unwrap();
        let mut seen_facts = [false; 3];
        for entry in std::fs::read_dir("corpus").unwrap() {
            let doc = Document::read(&entry.unwrap().path()).unwrap();
            let analysis = pipeline.analyze(&doc);
            let record = Record::new(&doc, &analysis, &pipeline);
            seen_facts[0] |= !record.scores.is_empty();
            seen_facts[1] |= !record.events.is_empty();
            seen_facts[2] |= !record.quotes.is_empty();
            assert_eq!(record.to_json_line(), to_line(&record), "{}", doc.name);
        }
        assert_eq!(
            seen_facts, [true; 3],
            "the seeds have scores, events and quotes"
        );

        let text = "Tab\there \"quoted\" \\ back\u{1}slash — Müller";
        let doc = Document::new("odd \"name\".txt", text);
        let mut analysis = pipeline.analyze(&doc);
        analysis.events.push(crate::facts::Event {
            minute: 93,
            added: Some(3),
            kind: EventType::Goal,
            player: None,
            team: Some(0),
            start: 0,
            end: 3,
        });
        let mut record = Record::new(&doc, &analysis, &pipeline);
        record.encoding = Some(Encoding::Windows1252);
        record.date = Some("2018-04-22");
        record.mentions.push(MentionRecord {
            start: 0,
            end: text.len(),
            text,
            kind: EntityKind::Player,
            id: None,
            candidates: CandidateIds {
                entities: &[0, 1, 2],
                gazetteer: pipeline.gazetteer(),
                json: None,
            },
            match_kind: MatchKind::Fuzzy,
            score: 0.867,
        });
        record.quotes.push(QuoteRecord {
            start: 5,
            end: 9,
            text: &text[5..9],
            speaker: None,
            speaker_text: Some("\n"),
        });
        assert_eq!(record.to_json_line(), to_line(&record));
    }
}
