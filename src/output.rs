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

/// Writes `<opening>start,"end":end,"text":"text"` (`opening` names the start field). Inlined,
/// so that `opening` is a constant where it is called and is copied without a call to `memcpy`.
#[inline(always)]
fn span(w: &mut String, opening: &'static str, start: usize, end: usize, text: &str) {
    w.push_str(opening);
    number(w, start);
    w.push_str(",\"end\":");
    number(w, end);
    w.push_str(",\"text\":");
    string(w, text);
}

/// Writes `n` in decimal, as `itoa` does (`number_reference` in the tests). The offsets written
/// are mostly under 10,000: their digits are pushed one by one, most significant first, inlined
/// where they are written, without itoa's buffer and the `memcpy` call that copying its
/// variable-length result takes; larger numbers go through [`long_number`].
#[inline(always)]
fn number(w: &mut String, n: usize) {
    /// The ASCII digit of `d` (under 10).
    #[inline(always)]
    fn digit(d: usize) -> char {
        char::from(b'0' + (d % 10) as u8)
    }
    match n {
        0..=9 => w.push(digit(n)),
        10..=99 => {
            w.push(digit(n / 10));
            w.push(digit(n));
        }
        100..=999 => {
            w.push(digit(n / 100));
            w.push(digit(n / 10));
            w.push(digit(n));
        }
        1000..=9999 => {
            w.push(digit(n / 1000));
            w.push(digit(n / 100));
            w.push(digit(n / 10));
            w.push(digit(n));
        }
        _ => long_number(w, n),
    }
}

/// Writes `n` in decimal, whatever its size ([`number`] for the small ones).
#[inline(never)]
fn long_number(w: &mut String, n: usize) {
    // Least significant first into a buffer wide enough for any `usize` (20 digits).
    let mut digits = [0u8; 20];
    let mut first = digits.len();
    let mut rest = n;
    loop {
        first -= 1;
        digits[first] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    for &d in &digits[first..] {
        w.push(char::from(d));
    }
}

/// Writes `n` with `itoa`: what [`number`] replaced, kept as its reference.
#[cfg(test)]
fn number_reference(w: &mut String, n: usize) {
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

/// Writes `s` as a JSON string ([`string`]), or `null`.
#[inline(always)]
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
    crate::bytescan::first_marked(bytes, escape_marks, |b| NEEDS_ESCAPE[usize::from(b)])
}

/// Writes a JSON string as serde_json does: `"` and `\\` escaped, control chars as `\n`, `\t`
/// and the like or `\u00XX`, everything else (non-ASCII too) as it is. Most strings (names, ids,
/// quotes) hold nothing to escape: they are checked in one pass ([`any_to_escape`]) and copied
/// whole; the others go through [`string_escaped`]. Inlined where it is called: most strings are
/// short, and the call's register saves cost as much as the check.
#[inline(always)]
fn string(w: &mut String, s: &str) {
    if any_to_escape(s.as_bytes()) {
        string_escaped(w, s);
    } else {
        w.push('"');
        w.push_str(s);
        w.push('"');
    }
}

/// Whether `bytes` hold a byte a JSON string escapes ([`NEEDS_ESCAPE`]), tested eight bytes at a
/// time without stopping at the first (escapes are rare) and without a byte-by-byte tail: words
/// may overlap, strings under eight bytes are read as two overlapping four-byte words or, under
/// four bytes, as their first, middle and last bytes. Up to 32 bytes (names, ids) inline, with
/// at most four words; longer strings (quotes) through [`any_to_escape_long`].
#[inline(always)]
fn any_to_escape(bytes: &[u8]) -> bool {
    let n = bytes.len();
    let escapes = |b: u8| NEEDS_ESCAPE[usize::from(b)];
    match n {
        33.. => any_to_escape_long(bytes),
        17..=32 => {
            escape_marks(word(bytes))
                | escape_marks(word(&bytes[8..]))
                | escape_marks(word(&bytes[n - 16..]))
                | escape_marks(word(&bytes[n - 8..]))
                != 0
        }
        8..=16 => escape_marks(word(bytes)) | escape_marks(word(&bytes[n - 8..])) != 0,
        4..=7 => {
            let low = u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
            let high = u32::from_le_bytes([bytes[n - 4], bytes[n - 3], bytes[n - 2], bytes[n - 1]]);
            escape_marks(u64::from(low) | u64::from(high) << 32) != 0
        }
        1..=3 => escapes(bytes[0]) || escapes(bytes[n / 2]) || escapes(bytes[n - 1]),
        0 => false,
    }
}

/// [`any_to_escape`] for strings of eight bytes or more (it is called for those over 32): every
/// whole word, then the last eight bytes (overlapping the word before when the length is not a
/// multiple of eight).
#[inline(never)]
fn any_to_escape_long(bytes: &[u8]) -> bool {
    let mut marked = 0;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in chunks.by_ref() {
        marked |= escape_marks(word(chunk));
    }
    if !chunks.remainder().is_empty() {
        marked |= escape_marks(word(&bytes[bytes.len() - 8..]));
    }
    marked != 0
}

/// The first eight bytes of `chunk` (at least eight) as a little-endian word.
#[inline(always)]
fn word(chunk: &[u8]) -> u64 {
    let mut bytes = [0u8; 8];
    bytes.copy_from_slice(&chunk[..8]);
    u64::from_le_bytes(bytes)
}

/// Marks in the high bit of each byte of `x` the bytes a JSON string escapes: 0 when there is
/// none; otherwise the lowest mark is a true one (a byte above it may be marked wrongly, by a
/// borrow, but only above a true mark).
#[inline(always)]
fn escape_marks(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Marks the bytes that are zero; a byte above a marked one may be marked wrongly (a
    // borrow), one below never is: so the lowest mark is a true zero.
    let zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    // Below 0x20 (as `zero`, against 0x20: the lowest mark is true), `"` and `\\`.
    let control = x.wrapping_sub(ONES * 0x20) & !x & HIGH;
    control | zero(x ^ (ONES * u64::from(b'"'))) | zero(x ^ (ONES * u64::from(b'\\')))
}

/// Writes a JSON string that may hold bytes to escape ([`string`]): the runs between them copied
/// whole, each escape as serde_json writes it. This was `string` for every string; the tests keep
/// it as [`string`]'s reference on strings with nothing to escape too.
fn string_escaped(w: &mut String, s: &str) {
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

        /// Numbers are written as itoa writes them (the digits pushed one by one, the long ones
        /// through the buffer).
        #[test]
        fn numbers_write_as_itoa_does(n in proptest::prop_oneof![
            proptest::num::usize::ANY,
            0usize..100_000,
        ]) {
            let mut ours = String::new();
            number(&mut ours, n);
            let mut reference = String::new();
            number_reference(&mut reference, n);
            proptest::prop_assert_eq!(ours, reference);
        }

        /// Whether there is a byte to escape is found as the byte-by-byte scan finds it, on any
        /// bytes and lengths (the overlapping words, the short strings' three bytes).
        #[test]
        fn any_to_escape_equals_the_byte_scan(
            bytes in proptest::collection::vec(
                proptest::prop_oneof![
                    8 => 0x20u8..=0xff,
                    1 => proptest::num::u8::ANY,
                    1 => proptest::sample::select(vec![0x1f, 0x20, b'"', b'\\', 0, 0x7f, 0x80, 0xff]),
                ],
                0..80,
            ),
        ) {
            let expected = bytes.iter().any(|&b| NEEDS_ESCAPE[usize::from(b)]);
            proptest::prop_assert_eq!(any_to_escape(&bytes), expected);
        }

        /// Strings are written as the escaping loop (what `string` was) writes them.
        #[test]
        fn strings_write_as_the_escaping_loop_does(s in "(\\PC|[\\x00-\\x1f\"\\\\\\x7f\u{2028}])*") {
            let mut ours = String::new();
            string(&mut ours, &s);
            let mut reference = String::new();
            string_escaped(&mut reference, &s);
            proptest::prop_assert_eq!(ours, reference);
        }

        /// Strings are escaped exactly as serde_json escapes them.
        #[test]
        fn strings_escape_as_serde_does(s in "(\\PC|[\\x00-\\x1f\"\\\\\\x7f])*") {
            let mut ours = String::new();
            string(&mut ours, &s);
            proptest::prop_assert_eq!(ours, serde_json::to_string(&s).unwrap());
        }
    }

    /// Numbers around each length the digits are pushed for, and the largest.
    #[test]
    fn numbers_at_each_length_write_as_itoa_does() {
        let cases = [
            0,
            1,
            9,
            10,
            42,
            99,
            100,
            999,
            1000,
            1234,
            9999,
            10_000,
            99_999,
            100_000,
            2_000_000,
            u32::MAX as usize,
            usize::MAX - 1,
            usize::MAX,
        ];
        for n in cases {
            let mut ours = String::new();
            number(&mut ours, n);
            assert_eq!(ours, n.to_string(), "{n}");
            let mut reference = String::new();
            number_reference(&mut reference, n);
            assert_eq!(ours, reference, "{n}");
        }
    }

    /// Tricky strings are written as the escaping loop and as serde_json write them, and
    /// `any_to_escape` tells them as the byte scan does.
    #[test]
    fn tricky_strings_write_as_the_escaping_loop_and_serde_do() {
        let long_clean = "Müller scored a lovely goal — “unbelievable” ".repeat(9);
        let long_with_quote_last = format!("{long_clean}\"");
        let long_with_newline_first = format!("\n{long_clean}");
        let cases: &[(&str, &str)] = &[
            ("empty", ""),
            ("one_char", "a"),
            ("one_quote", "\""),
            ("one_backslash", "\\"),
            ("one_control", "\u{1}"),
            ("three_with_middle_quote", "a\"b"),
            ("three_with_last_control", "ab\n"),
            ("four_clean", "abcd"),
            ("five_with_middle_tab", "ab\tcd"),
            ("seven_with_fourth_quote", "abc\"efg"),
            ("eight_clean", "abcdefgh"),
            ("nine_with_last_backslash", "abcdefgh\\"),
            ("sixteen_with_ninth_quote", "abcdefgh\"bcdefgh"),
            ("seventeen_with_last_control", "abcdefghabcdefgh\u{1f}"),
            ("twenty_four_with_middle_quote", "abcdefghabc\"efghabcdefgh"),
            ("thirty_two_clean", "abcdefghabcdefghabcdefghabcdefgh"),
            (
                "thirty_three_with_last_quote",
                "abcdefghabcdefghabcdefghabcdefgh\"",
            ),
            ("del_is_not_escaped", "\u{7f}"),
            ("space_is_not_escaped", "a b"),
            ("unit_separator", "a\u{1f}b"),
            ("every_named_escape", "\u{8}\u{c}\n\r\t\"\\"),
            ("nul", "a\u{0}b"),
            ("non_ascii", "Hamšík, Matějů, Müller, Ødegaard"),
            ("line_separator", "a\u{2028}b\u{2029}c"),
            ("emoji", "goal ⚽ 90+3'"),
            ("curly_quotes", "“I am happy,” he said. ‘Yes’"),
            ("quote_id", "gen-o\"neil"),
            ("long_clean", &long_clean),
            ("long_with_quote_last", &long_with_quote_last),
            ("long_with_newline_first", &long_with_newline_first),
            (
                "long_run_of_escapes",
                "\"\"\"\"\"\"\"\"\"\"\\\\\\\\\n\n\n\n\n\n",
            ),
        ];
        for (name, s) in cases {
            let mut ours = String::new();
            string(&mut ours, s);
            let mut reference = String::new();
            string_escaped(&mut reference, s);
            assert_eq!(ours, reference, "{name}");
            assert_eq!(ours, serde_json::to_string(s).unwrap(), "{name}");
            let expected = s.bytes().any(|b| NEEDS_ESCAPE[usize::from(b)]);
            assert_eq!(any_to_escape(s.as_bytes()), expected, "{name}");
        }
    }

    /// Every length up to 80 with one byte to escape at each position (and none): the words
    /// `any_to_escape` reads cover every byte.
    #[test]
    fn any_to_escape_sees_every_position() {
        for n in 0..=80 {
            let clean = vec![b'a'; n];
            assert!(!any_to_escape(&clean), "{n} clean");
            for at in 0..n {
                for b in [b'"', b'\\', 0, 0x1f] {
                    let mut bytes = clean.clone();
                    bytes[at] = b;
                    assert!(any_to_escape(&bytes), "{n} bytes, {b:#x} at {at}");
                }
            }
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
