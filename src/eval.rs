//! Scoring for `matchfacts eval`: compares predicted facts with gold facts.
//!
//! This module implements the scoring contract of FORMATS.md section 4. It
//! reads documents as [`DocFacts`] (one extraction output line or one gold
//! file, see sections 2 and 3), pairs gold and predicted documents by file
//! name, and counts true positives, false positives and false negatives in
//! eight layers ([`Layer::ALL`], always in this order):
//!
//! | layer | what is compared |
//! | --- | --- |
//! | `mentions.strict` | same `start`, `end` and `id`, one-to-one |
//! | `mentions.lenient` | overlapping spans and the same `id`, one-to-one, greedy |
//! | `scores` | distinct results as unordered pairs {(team, goals), (team, goals)} |
//! | `events.minute` | distinct `minute` values |
//! | `events.minute_player` | distinct `(minute, player)` keys (the headline figure) |
//! | `events.minute_player_type` | distinct `(minute, player, type)` keys |
//! | `quotes.detected` | span overlap of at least half the gold quote, one-to-one |
//! | `quotes.attributed` | the same pairs, with an equal `speaker` |
//!
//! Figures are micro-averaged: counts are summed over documents and
//! precision, recall and F1 are computed from the sums (see [`Counts`] for
//! how empty denominators are handled).
//!
//! Judgement calls where section 4 leaves room (all covered by tests):
//!
//! - **Document pairing.** Gold and predictions are paired by the last path
//!   component of `doc` (`/` or `\` separated), so `corpus/003_x.txt` pairs
//!   with gold `003_x.txt`. A gold document without a prediction counts as an
//!   empty prediction (everything missed) and is listed in
//!   [`Report::missing_predictions`]; a prediction line carrying `error`
//!   counts as empty too and is listed in [`Report::prediction_errors`];
//!   predictions without gold are not scored and are listed in
//!   [`Report::ignored_predictions`]. When a name occurs twice, the first
//!   occurrence is used and the name is listed in [`Report::duplicate_gold`]
//!   or [`Report::duplicate_predictions`]. An `error` field on a gold
//!   document is ignored.
//! - **Document order.** "Document order" means ordering by `start`, then
//!   `end`, then position in the list; the order items are listed in does
//!   not change any count.
//! - **Mentions.** A mention whose `id` is `null` never matches, on either
//!   side: a predicted one is a false positive, a gold one a false negative.
//!   Strict matching is one-to-one too: a prediction listed twice with the
//!   same span and id matches once, the copy is a false positive. The
//!   mention `type` is not compared.
//! - **Scores.** A result is the multiset of its (team, goals) entries, so
//!   `teams [a, b], goals [1, 0]` equals `teams [b, a], goals [0, 1]` and
//!   differs from `teams [a, b], goals [0, 1]`. Duplicates are counted once
//!   on both sides. A result with a `null` team or goal count, or without
//!   exactly two entries, never matches (it still counts as a false positive
//!   or a false negative, once per distinct value).
//! - **Events.** `null` is a player value of its own: `(90, null)` matches
//!   `(90, null)`. Types are compared as written.
//! - **Quotes.** A candidate pair needs `overlap * 2 >= gold length` (bytes)
//!   and a non-empty overlap (so a zero-length gold quote never matches).
//!   Pairs are taken greedily, largest overlap first; ties go to the gold
//!   quote earlier in document order, then the earlier prediction.
//!   `quotes.attributed` reuses exactly the detection pairs and counts those
//!   whose `speaker` is equal, **two `null` speakers counting as equal** (both
//!   sides say "the speaker is not in the gazetteers"); its false positives
//!   are the predictions minus its true positives, its false negatives the
//!   gold quotes minus its true positives.
//! - **Empty layers.** A layer with no gold and no prediction (tp = fp = fn =
//!   0) has precision = recall = F1 = 1.0: nothing was to be found and
//!   nothing wrong was said, and a floor on a layer the corpus does not
//!   exercise does not fail. Any other 0/0 is 0.0 (for instance precision
//!   when nothing was predicted but gold exists).
//! - **Errors.** [`Report::errors`] lists the individual misses and
//!   spurious predictions of `mentions.strict`, `scores`,
//!   `events.minute_player` and `quotes.attributed` only (see
//!   [`Layer::lists_errors`]); the other layers would repeat the same items.
//! - **Floors.** A floor fails when the F1 is below it by more than 1e-9, so
//!   that a floor of `0.8` is not failed by an F1 computed as
//!   `0.7999999999999999`.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{json, Value};

/// Tolerance used when comparing an F1 with a floor.
const FLOOR_EPSILON: f64 = 1e-9;

/// Errors raised by this module: parsing layers, floors and input JSON.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// A layer name that is not one of [`Layer::ALL`].
    #[error("unknown layer \"{name}\" (valid layers: {valid})")]
    UnknownLayer {
        /// The name as given.
        name: String,
        /// The valid layer names, comma separated.
        valid: String,
    },
    /// A floor that is not `LAYER=VALUE` with a known layer and a value in `[0, 1]`.
    #[error("invalid floor \"{spec}\": {reason} (valid layers: {valid})")]
    InvalidFloor {
        /// The floor as given.
        spec: String,
        /// What is wrong with it.
        reason: String,
        /// The valid layer names, comma separated.
        valid: String,
    },
    /// A document object that could not be read.
    #[error("line {line}: {source}")]
    Json {
        /// 1-based line number (1 for a single object).
        line: usize,
        /// The underlying parse error.
        source: serde_json::Error,
    },
}

fn valid_layers() -> String {
    Layer::ALL
        .iter()
        .map(|l| l.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

// ---------------------------------------------------------------------------
// Input
// ---------------------------------------------------------------------------

/// Deserialises a missing or `null` array as an empty one.
fn null_as_empty<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(deserializer)?.unwrap_or_default())
}

/// What one document says: one extraction output line or one gold file.
///
/// Read leniently: unknown fields are ignored, and missing or `null` arrays
/// are empty. `doc` is required.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DocFacts {
    /// The document's path or file name; pairing uses [`doc_name`] of it.
    pub doc: String,
    /// Entity mentions.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub mentions: Vec<Mention>,
    /// Final results.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub scores: Vec<Score>,
    /// Minute-stamped events.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub events: Vec<Event>,
    /// Direct speech.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub quotes: Vec<Quote>,
    /// Set on a prediction line for a document that could not be read; such
    /// a prediction is scored as empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl DocFacts {
    /// The name used to pair gold and predictions: the last path component of `doc`.
    pub fn name(&self) -> &str {
        doc_name(&self.doc)
    }

    /// Parses one JSON object (a gold file's content or one output line).
    pub fn from_json_str(text: &str) -> Result<DocFacts, EvalError> {
        serde_json::from_str(text).map_err(|source| EvalError::Json { line: 1, source })
    }

    /// Parses JSON Lines (extraction output); blank lines are skipped and
    /// errors carry the 1-based line number.
    pub fn parse_jsonl(text: &str) -> Result<Vec<DocFacts>, EvalError> {
        text.lines()
            .enumerate()
            .filter(|(_, line)| !line.trim().is_empty())
            .map(|(i, line)| {
                serde_json::from_str(line).map_err(|source| EvalError::Json {
                    line: i + 1,
                    source,
                })
            })
            .collect()
    }
}

/// The last path component of a `doc` value (`/` or `\` separated).
pub fn doc_name(doc: &str) -> &str {
    doc.rsplit(['/', '\\']).next().unwrap_or(doc)
}

/// An entity mention.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset past the last byte.
    pub end: usize,
    /// Gazetteer id; `null` when ambiguous (then it never matches).
    #[serde(default)]
    pub id: Option<String>,
    /// The mention as written.
    #[serde(default)]
    pub text: Option<String>,
    /// `player`, `coach`, `referee`, `club` or `stadium` (not scored).
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
}

/// A final result; `teams` and `goals` are parallel.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Score {
    /// Club ids; a `null` team never matches.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub teams: Vec<Option<String>>,
    /// Goals, parallel to `teams`.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub goals: Vec<Option<i64>>,
    /// Evidence as written.
    #[serde(default)]
    pub text: Option<String>,
    /// Evidence start (byte offset).
    #[serde(default)]
    pub start: Option<usize>,
    /// Evidence end (byte offset).
    #[serde(default)]
    pub end: Option<usize>,
}

/// A minute-stamped match event.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// The minute (`90+3` is 93).
    pub minute: i64,
    /// The main actor's id, `null` if unknown (a value of its own when matching).
    #[serde(default)]
    pub player: Option<String>,
    /// The event type (`goal`, `booking`, ...); empty when missing.
    #[serde(rename = "type", default)]
    pub kind: String,
    /// Start of the minute expression (byte offset).
    #[serde(default)]
    pub start: Option<usize>,
    /// End of the minute expression (byte offset).
    #[serde(default)]
    pub end: Option<usize>,
    /// The minute expression as written.
    #[serde(default)]
    pub text: Option<String>,
}

/// A direct quotation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// Byte offset of the first quoted byte.
    pub start: usize,
    /// Byte offset past the last quoted byte.
    pub end: usize,
    /// Speaker id; `null` when not in the gazetteers (two `null`s are equal).
    #[serde(default)]
    pub speaker: Option<String>,
    /// The quoted words.
    #[serde(default)]
    pub text: Option<String>,
}

// ---------------------------------------------------------------------------
// Layers, counts, floors
// ---------------------------------------------------------------------------

/// A scoring layer; see the module documentation for what each compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Layer {
    /// `mentions.strict`: same start, end and id.
    MentionsStrict,
    /// `mentions.lenient`: overlapping spans and same id, one-to-one.
    MentionsLenient,
    /// `scores`: distinct unordered results.
    Scores,
    /// `events.minute`: distinct minutes.
    EventsMinute,
    /// `events.minute_player`: distinct (minute, player), the headline figure.
    EventsMinutePlayer,
    /// `events.minute_player_type`: distinct (minute, player, type).
    EventsMinutePlayerType,
    /// `quotes.detected`: span overlap only.
    QuotesDetected,
    /// `quotes.attributed`: span overlap and the same speaker.
    QuotesAttributed,
}

impl Layer {
    /// Every layer, in reporting order.
    pub const ALL: [Layer; 8] = [
        Layer::MentionsStrict,
        Layer::MentionsLenient,
        Layer::Scores,
        Layer::EventsMinute,
        Layer::EventsMinutePlayer,
        Layer::EventsMinutePlayerType,
        Layer::QuotesDetected,
        Layer::QuotesAttributed,
    ];

    /// The layer's name as used in reports and floors (`mentions.strict`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Layer::MentionsStrict => "mentions.strict",
            Layer::MentionsLenient => "mentions.lenient",
            Layer::Scores => "scores",
            Layer::EventsMinute => "events.minute",
            Layer::EventsMinutePlayer => "events.minute_player",
            Layer::EventsMinutePlayerType => "events.minute_player_type",
            Layer::QuotesDetected => "quotes.detected",
            Layer::QuotesAttributed => "quotes.attributed",
        }
    }

    /// Whether [`Report::errors`] lists individual errors for this layer
    /// (`mentions.strict`, `scores`, `events.minute_player`, `quotes.attributed`).
    pub fn lists_errors(self) -> bool {
        matches!(
            self,
            Layer::MentionsStrict
                | Layer::Scores
                | Layer::EventsMinutePlayer
                | Layer::QuotesAttributed
        )
    }

    fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Layer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Layer {
    type Err = EvalError;

    /// Parses a layer name exactly as [`Layer::as_str`] writes it.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Layer::ALL
            .iter()
            .copied()
            .find(|l| l.as_str() == s)
            .ok_or_else(|| EvalError::UnknownLayer {
                name: s.to_string(),
                valid: valid_layers(),
            })
    }
}

/// True positives, false positives and false negatives of one layer.
///
/// Precision, recall and F1 follow one rule for empty denominators: when
/// `tp + fp + fn == 0` (no gold, no prediction) all three are 1.0; any
/// other 0/0 is 0.0.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// True positives.
    pub tp: usize,
    /// False positives.
    pub fp: usize,
    /// False negatives (`fn` is a keyword).
    pub fn_: usize,
}

fn ratio(num: usize, den: usize) -> f64 {
    if den == 0 {
        0.0
    } else {
        num as f64 / den as f64
    }
}

impl Counts {
    /// Builds counts from tp, fp and fn.
    pub fn new(tp: usize, fp: usize, fn_: usize) -> Counts {
        Counts { tp, fp, fn_ }
    }

    /// True when there was neither gold nor prediction.
    pub fn is_empty(&self) -> bool {
        self.tp + self.fp + self.fn_ == 0
    }

    /// tp / (tp + fp); 1.0 for an empty layer, else 0.0 when nothing was predicted.
    pub fn precision(&self) -> f64 {
        if self.is_empty() {
            1.0
        } else {
            ratio(self.tp, self.tp + self.fp)
        }
    }

    /// tp / (tp + fn); 1.0 for an empty layer, else 0.0 when there is no gold.
    pub fn recall(&self) -> f64 {
        if self.is_empty() {
            1.0
        } else {
            ratio(self.tp, self.tp + self.fn_)
        }
    }

    /// 2·tp / (2·tp + fp + fn), the harmonic mean of precision and recall;
    /// 1.0 for an empty layer.
    pub fn f1(&self) -> f64 {
        if self.is_empty() {
            1.0
        } else {
            ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn_)
        }
    }

    fn to_json(self) -> Value {
        json!({
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn_,
            "precision": self.precision(),
            "recall": self.recall(),
            "f1": self.f1(),
        })
    }
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, other: Counts) {
        self.tp += other.tp;
        self.fp += other.fp;
        self.fn_ += other.fn_;
    }
}

/// Counts for every layer (of one document, or summed over documents).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Figures {
    counts: [Counts; 8],
}

impl Figures {
    /// The counts of one layer.
    pub fn get(&self, layer: Layer) -> Counts {
        self.counts[layer.index()]
    }

    /// Sets the counts of one layer.
    pub fn set(&mut self, layer: Layer, counts: Counts) {
        self.counts[layer.index()] = counts;
    }

    /// Every layer with its counts, in [`Layer::ALL`] order.
    pub fn iter(&self) -> impl Iterator<Item = (Layer, Counts)> + '_ {
        Layer::ALL.iter().map(move |&l| (l, self.get(l)))
    }

    fn add(&mut self, other: &Figures) {
        for (a, b) in self.counts.iter_mut().zip(other.counts.iter()) {
            *a += *b;
        }
    }

    fn to_json(self) -> Value {
        let mut map = serde_json::Map::new();
        for (layer, counts) in self.iter() {
            map.insert(layer.as_str().to_string(), counts.to_json());
        }
        Value::Object(map)
    }
}

/// A minimum F1 for one layer, written `LAYER=VALUE` (`events.minute_player=0.6`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Floor {
    /// The layer checked.
    pub layer: Layer,
    /// The lowest acceptable F1, in `[0, 1]`.
    pub min_f1: f64,
}

impl FromStr for Floor {
    type Err = EvalError;

    /// Parses `LAYER=VALUE`; surrounding spaces are allowed. Errors name the
    /// bad part and list the valid layers.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = |reason: String| EvalError::InvalidFloor {
            spec: s.to_string(),
            reason,
            valid: valid_layers(),
        };
        let (name, value) = s
            .split_once('=')
            .ok_or_else(|| bad("expected LAYER=VALUE".to_string()))?;
        let (name, value) = (name.trim(), value.trim());
        let layer = Layer::ALL
            .iter()
            .copied()
            .find(|l| l.as_str() == name)
            .ok_or_else(|| bad(format!("unknown layer \"{name}\"")))?;
        let min_f1: f64 = value
            .parse()
            .map_err(|_| bad(format!("\"{value}\" is not a number")))?;
        if !(0.0..=1.0).contains(&min_f1) {
            return Err(bad(format!("\"{value}\" is not between 0 and 1")));
        }
        Ok(Floor { layer, min_f1 })
    }
}

impl fmt::Display for Floor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={}", self.layer, self.min_f1)
    }
}

// ---------------------------------------------------------------------------
// Errors listed in the report
// ---------------------------------------------------------------------------

/// Whether an error item is a spurious prediction or a missed gold fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ErrorKind {
    /// Predicted, not in gold.
    FalsePositive,
    /// In gold, not predicted.
    FalseNegative,
}

impl ErrorKind {
    /// `false_positive` or `false_negative` (as in the JSON report).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::FalsePositive => "false_positive",
            ErrorKind::FalseNegative => "false_negative",
        }
    }

    /// `FP` or `FN` (as in the text report).
    pub fn short(self) -> &'static str {
        match self {
            ErrorKind::FalsePositive => "FP",
            ErrorKind::FalseNegative => "FN",
        }
    }
}

/// One false positive or false negative of a layer that lists errors.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorItem {
    /// The layer it counts against.
    pub layer: Layer,
    /// False positive or false negative.
    pub kind: ErrorKind,
    /// The document name (see [`doc_name`]).
    pub doc: String,
    /// Start of the item's span (for scores and events, of the first item with that key).
    pub start: Option<usize>,
    /// End of the item's span.
    pub end: Option<usize>,
    /// The item's text as given in its file, if any.
    pub text: Option<String>,
    /// What the item says, e.g. `napoli 1 - 0 juventus`,
    /// `minute 89, player kalidou-koulibaly, type goal`, with a hint in
    /// parentheses about the nearest item on the other side when useful.
    pub detail: String,
    /// The surrounding sentence, filled by [`Report::attach_context`].
    pub context: Option<String>,
}

impl ErrorItem {
    fn to_json(&self) -> Value {
        json!({
            "layer": self.layer.as_str(),
            "kind": self.kind.as_str(),
            "doc": self.doc,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "detail": self.detail,
            "context": self.context,
        })
    }
}

// ---------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------

/// The result of [`evaluate`]: overall and per-document figures, errors, and
/// the documents that could not be paired.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// Counts summed over all scored documents (micro-average).
    pub overall: Figures,
    /// Per-document counts, by document name. Every gold document is here.
    pub documents: BTreeMap<String, Figures>,
    /// Individual errors, in gold document order, then layer order, then by
    /// position in the document.
    pub errors: Vec<ErrorItem>,
    /// Gold documents with no prediction (scored as empty predictions).
    pub missing_predictions: Vec<String>,
    /// Names of predicted documents without gold (not scored), distinct, in
    /// prediction order.
    pub ignored_predictions: Vec<String>,
    /// Gold documents whose prediction line had an `error` (scored as
    /// empty): (document name, error message).
    pub prediction_errors: Vec<(String, String)>,
    /// Gold document names given more than once (the first one is scored).
    pub duplicate_gold: Vec<String>,
    /// Predicted document names with gold given more than once (the first is scored).
    pub duplicate_predictions: Vec<String>,
    /// For each scored document, the `doc` value as written in its
    /// prediction (in its gold file when there is no prediction), to find
    /// the text, e.g. in [`Report::attach_context`].
    pub doc_paths: BTreeMap<String, String>,
}

impl Report {
    /// Number of gold documents scored.
    pub fn documents_scored(&self) -> usize {
        self.documents.len()
    }

    /// Fills [`ErrorItem::context`] for every error with a span, calling
    /// `f(doc, start, end)` with the error's document name and byte offsets.
    pub fn attach_context(&mut self, mut f: impl FnMut(&str, usize, usize) -> Option<String>) {
        for item in &mut self.errors {
            if let (Some(start), Some(end)) = (item.start, item.end) {
                item.context = f(&item.doc, start, end);
            }
        }
    }

    /// The floors not met: (layer, actual F1, floor), in the floors' order.
    pub fn failed_floors(&self, floors: &[Floor]) -> Vec<(Layer, f64, f64)> {
        floors
            .iter()
            .filter_map(|floor| {
                let actual = self.overall.get(floor.layer).f1();
                (actual + FLOOR_EPSILON < floor.min_f1).then_some((
                    floor.layer,
                    actual,
                    floor.min_f1,
                ))
            })
            .collect()
    }

    fn summary_lines(&self) -> Vec<String> {
        let mut lines = vec![format!("documents scored: {}", self.documents_scored())];
        let lists: [(&str, &Vec<String>); 4] = [
            (
                "gold documents without prediction (scored as empty)",
                &self.missing_predictions,
            ),
            (
                "predicted documents without gold (not scored)",
                &self.ignored_predictions,
            ),
            (
                "duplicate gold documents (first used)",
                &self.duplicate_gold,
            ),
            (
                "duplicate predicted documents (first used)",
                &self.duplicate_predictions,
            ),
        ];
        for (label, names) in lists {
            if !names.is_empty() {
                lines.push(format!("{label}: {}", names.join(", ")));
            }
        }
        if !self.prediction_errors.is_empty() {
            let items: Vec<String> = self
                .prediction_errors
                .iter()
                .map(|(doc, err)| format!("{doc} ({})", one_line(err)))
                .collect();
            lines.push(format!(
                "predictions with errors (scored as empty): {}",
                items.join(", ")
            ));
        }
        lines
    }

    /// A plain-text report: a summary, an aligned table (layer, tp, fp, fn,
    /// P, R, F1 with three decimals) and, with `show_errors`, the errors
    /// grouped by layer.
    pub fn to_text(&self, show_errors: bool) -> String {
        let mut out = String::new();
        for line in self.summary_lines() {
            out.push_str(&line);
            out.push('\n');
        }
        out.push('\n');

        let layer_w = Layer::ALL
            .iter()
            .map(|l| l.as_str().len())
            .max()
            .unwrap_or(0);
        let num_w = self
            .overall
            .iter()
            .flat_map(|(_, c)| [c.tp, c.fp, c.fn_])
            .map(|n| n.to_string().len())
            .max()
            .unwrap_or(1)
            .max(2);
        out.push_str(&format!(
            "{:<layer_w$}  {:>num_w$}  {:>num_w$}  {:>num_w$}  {:>5}  {:>5}  {:>5}\n",
            "layer", "tp", "fp", "fn", "P", "R", "F1"
        ));
        for (layer, c) in self.overall.iter() {
            out.push_str(&format!(
                "{:<layer_w$}  {:>num_w$}  {:>num_w$}  {:>num_w$}  {:>5.3}  {:>5.3}  {:>5.3}\n",
                layer.as_str(),
                c.tp,
                c.fp,
                c.fn_,
                c.precision(),
                c.recall(),
                c.f1()
            ));
        }

        if show_errors {
            for layer in Layer::ALL.iter().copied().filter(|l| l.lists_errors()) {
                let items: Vec<&ErrorItem> =
                    self.errors.iter().filter(|e| e.layer == layer).collect();
                out.push_str(&format!("\nerrors in {layer} ({}):\n", items.len()));
                for e in items {
                    let span = match (e.start, e.end) {
                        (Some(s), Some(t)) => format!(" [{s}, {t})"),
                        _ => String::new(),
                    };
                    let text = match &e.text {
                        Some(t) => format!(" \"{}\"", one_line(t)),
                        None => String::new(),
                    };
                    out.push_str(&format!(
                        "  {} {}{span}{text}: {}\n",
                        e.kind.short(),
                        e.doc,
                        one_line(&e.detail)
                    ));
                    if let Some(ctx) = &e.context {
                        out.push_str(&format!("      in: {}\n", one_line(ctx)));
                    }
                }
            }
        }
        out
    }

    /// A Markdown report: the summary lines and a GitHub table of the layers.
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        for line in self.summary_lines() {
            out.push_str(&line);
            out.push_str("  \n");
        }
        out.push('\n');
        out.push_str("| layer | tp | fp | fn | precision | recall | F1 |\n");
        out.push_str("| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (layer, c) in self.overall.iter() {
            out.push_str(&format!(
                "| `{}` | {} | {} | {} | {:.3} | {:.3} | {:.3} |\n",
                layer.as_str(),
                c.tp,
                c.fp,
                c.fn_,
                c.precision(),
                c.recall(),
                c.f1()
            ));
        }
        out
    }

    /// The whole report as JSON: `documents_scored`, `layers` (layer name ->
    /// tp, fp, fn, precision, recall, f1), `documents` (document name ->
    /// the same per layer), `errors`, `missing_predictions`,
    /// `ignored_predictions`, `prediction_errors` ([{doc, error}]),
    /// `duplicate_gold`, `duplicate_predictions`.
    pub fn to_json(&self) -> Value {
        let documents: serde_json::Map<String, Value> = self
            .documents
            .iter()
            .map(|(name, figures)| (name.clone(), figures.to_json()))
            .collect();
        let prediction_errors: Vec<Value> = self
            .prediction_errors
            .iter()
            .map(|(doc, error)| json!({"doc": doc, "error": error}))
            .collect();
        json!({
            "documents_scored": self.documents_scored(),
            "layers": self.overall.to_json(),
            "documents": documents,
            "errors": self.errors.iter().map(ErrorItem::to_json).collect::<Vec<_>>(),
            "missing_predictions": self.missing_predictions,
            "ignored_predictions": self.ignored_predictions,
            "prediction_errors": prediction_errors,
            "duplicate_gold": self.duplicate_gold,
            "duplicate_predictions": self.duplicate_predictions,
        })
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

// ---------------------------------------------------------------------------
// Scoring
// ---------------------------------------------------------------------------

/// Scores predictions against gold, pairing documents by [`doc_name`].
///
/// Every gold document is scored (against an empty prediction when it has
/// none or when its prediction carries `error`); predictions without gold
/// are only listed. See the module documentation for the rules.
pub fn evaluate(gold: &[DocFacts], predicted: &[DocFacts]) -> Report {
    let mut report = Report::default();

    let gold_names: HashSet<&str> = gold.iter().map(DocFacts::name).collect();
    let mut by_name: HashMap<&str, &DocFacts> = HashMap::new();
    let mut ignored_seen: HashSet<&str> = HashSet::new();
    let mut dup_seen: HashSet<&str> = HashSet::new();
    for p in predicted {
        let name = p.name();
        if !gold_names.contains(name) {
            if ignored_seen.insert(name) {
                report.ignored_predictions.push(name.to_string());
            }
        } else if by_name.contains_key(name) {
            if dup_seen.insert(name) {
                report.duplicate_predictions.push(name.to_string());
            }
        } else {
            by_name.insert(name, p);
        }
    }

    let empty = DocFacts::default();
    let mut scored: HashSet<&str> = HashSet::new();
    for g in gold {
        let name = g.name();
        if !scored.insert(name) {
            if !report.duplicate_gold.iter().any(|d| d == name) {
                report.duplicate_gold.push(name.to_string());
            }
            continue;
        }
        let pred = match by_name.get(name) {
            Some(p) => {
                report.doc_paths.insert(name.to_string(), p.doc.clone());
                match &p.error {
                    Some(err) => {
                        report
                            .prediction_errors
                            .push((name.to_string(), err.clone()));
                        &empty
                    }
                    None => *p,
                }
            }
            None => {
                report.doc_paths.insert(name.to_string(), g.doc.clone());
                report.missing_predictions.push(name.to_string());
                &empty
            }
        };
        let (figures, errors) = score_document(name, g, pred);
        report.overall.add(&figures);
        report.documents.insert(name.to_string(), figures);
        report.errors.extend(errors);
    }
    report
}

/// Scores one document pair: its figures and its listed errors.
fn score_document(name: &str, gold: &DocFacts, pred: &DocFacts) -> (Figures, Vec<ErrorItem>) {
    let mut figures = Figures::default();
    let mut errors = Vec::new();
    score_mentions(
        name,
        &gold.mentions,
        &pred.mentions,
        &mut figures,
        &mut errors,
    );
    score_scores(name, &gold.scores, &pred.scores, &mut figures, &mut errors);
    score_events(name, &gold.events, &pred.events, &mut figures, &mut errors);
    score_quotes(name, &gold.quotes, &pred.quotes, &mut figures, &mut errors);
    (figures, errors)
}

/// Indices of `items` in document order: by (start, end), then list position.
fn document_order<T>(items: &[T], span: impl Fn(&T) -> (usize, usize)) -> Vec<usize> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_key(|&i| span(&items[i]));
    order
}

fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

fn overlap_len(a: (usize, usize), b: (usize, usize)) -> usize {
    a.1.min(b.1).saturating_sub(a.0.max(b.0))
}

fn opt_str(s: &Option<String>) -> &str {
    s.as_deref().unwrap_or("null")
}

/// One-to-one greedy matching of mentions: each gold mention with an id, in
/// document order, takes the first unused prediction in document order that
/// has the same id and satisfies `spans_match`. Returns (gold matched, prediction used).
fn match_mentions(
    gold: &[Mention],
    pred: &[Mention],
    spans_match: impl Fn((usize, usize), (usize, usize)) -> bool,
) -> (Vec<bool>, Vec<bool>) {
    let g_order = document_order(gold, |m| (m.start, m.end));
    let p_order = document_order(pred, |m| (m.start, m.end));
    let mut g_used = vec![false; gold.len()];
    let mut p_used = vec![false; pred.len()];
    for &gi in &g_order {
        let g = &gold[gi];
        if g.id.is_none() {
            continue;
        }
        let found = p_order.iter().copied().find(|&pi| {
            let p = &pred[pi];
            !p_used[pi] && p.id == g.id && spans_match((g.start, g.end), (p.start, p.end))
        });
        if let Some(pi) = found {
            p_used[pi] = true;
            g_used[gi] = true;
        }
    }
    (g_used, p_used)
}

fn counts_from_matches(g_used: &[bool], p_used: &[bool]) -> Counts {
    let tp = g_used.iter().filter(|&&u| u).count();
    Counts::new(tp, p_used.len() - tp, g_used.len() - tp)
}

fn sort_errors(errors: &mut [ErrorItem]) {
    // At the same span, the missed gold item comes before the prediction.
    errors.sort_by_key(|e| {
        (
            e.start.is_none(),
            e.start,
            e.end,
            e.kind == ErrorKind::FalsePositive,
        )
    });
}

fn score_mentions(
    name: &str,
    gold: &[Mention],
    pred: &[Mention],
    figures: &mut Figures,
    errors: &mut Vec<ErrorItem>,
) {
    let (g_strict, p_strict) = match_mentions(gold, pred, |a, b| a == b);
    figures.set(
        Layer::MentionsStrict,
        counts_from_matches(&g_strict, &p_strict),
    );
    let (g_len, p_len) = match_mentions(gold, pred, overlaps);
    figures.set(Layer::MentionsLenient, counts_from_matches(&g_len, &p_len));

    let describe = |m: &Mention| {
        format!(
            "id {}, type {}",
            opt_str(&m.id),
            m.kind.as_deref().unwrap_or("?")
        )
    };
    // A hint about the nearest mention on the other side: same span with
    // another id, or an overlapping span with the same id.
    let hint = |m: &Mention, others: &[Mention], other_side: &str| -> String {
        if let Some(o) = others
            .iter()
            .find(|o| (o.start, o.end) == (m.start, m.end) && o.id != m.id)
        {
            return format!(" ({other_side} id {} at this span)", opt_str(&o.id));
        }
        if let Some(o) = others.iter().find(|o| {
            m.id.is_some() && o.id == m.id && overlaps((m.start, m.end), (o.start, o.end))
        }) {
            return format!(" ({other_side} span [{}, {}) with this id)", o.start, o.end);
        }
        String::new()
    };

    let mut items = Vec::new();
    for (gi, g) in gold.iter().enumerate() {
        if !g_strict[gi] {
            items.push(ErrorItem {
                layer: Layer::MentionsStrict,
                kind: ErrorKind::FalseNegative,
                doc: name.to_string(),
                start: Some(g.start),
                end: Some(g.end),
                text: g.text.clone(),
                detail: format!("{}{}", describe(g), hint(g, pred, "predicted")),
                context: None,
            });
        }
    }
    for (pi, p) in pred.iter().enumerate() {
        if !p_strict[pi] {
            items.push(ErrorItem {
                layer: Layer::MentionsStrict,
                kind: ErrorKind::FalsePositive,
                doc: name.to_string(),
                start: Some(p.start),
                end: Some(p.end),
                text: p.text.clone(),
                detail: format!("{}{}", describe(p), hint(p, gold, "gold")),
                context: None,
            });
        }
    }
    sort_errors(&mut items);
    errors.extend(items);
}

/// A score's entries (team, goals), sorted, so that the pair is unordered.
type ScoreKey = Vec<(Option<String>, Option<i64>)>;

fn score_key(s: &Score) -> ScoreKey {
    let n = s.teams.len().max(s.goals.len());
    let mut key: ScoreKey = (0..n)
        .map(|i| {
            (
                s.teams.get(i).cloned().flatten(),
                s.goals.get(i).copied().flatten(),
            )
        })
        .collect();
    key.sort();
    key
}

/// A result can match only with exactly two entries, all known.
fn score_matchable(key: &ScoreKey) -> bool {
    key.len() == 2 && key.iter().all(|(t, g)| t.is_some() && g.is_some())
}

/// `napoli 1 - 0 juventus`, in the item's own order.
fn describe_score(s: &Score) -> String {
    let goal = |g: Option<&Option<i64>>| match g.copied().flatten() {
        Some(n) => n.to_string(),
        None => "null".to_string(),
    };
    let team = |t: Option<&Option<String>>| match t {
        Some(Some(t)) => t.clone(),
        _ => "null".to_string(),
    };
    if s.teams.len() == 2 && s.goals.len() == 2 {
        format!(
            "{} {} - {} {}",
            team(s.teams.first()),
            goal(s.goals.first()),
            goal(s.goals.get(1)),
            team(s.teams.get(1))
        )
    } else {
        let teams: Vec<String> = s.teams.iter().map(|t| opt_str(t).to_string()).collect();
        let goals: Vec<String> = s
            .goals
            .iter()
            .map(|g| g.map_or_else(|| "null".to_string(), |n| n.to_string()))
            .collect();
        format!(
            "teams [{}], goals [{}] (not two teams)",
            teams.join(", "),
            goals.join(", ")
        )
    }
}

/// Distinct keys in list order, each with the first item that has it.
fn distinct_by_key<T, K: Ord + Clone>(items: &[T], key: impl Fn(&T) -> K) -> Vec<(K, &T)> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for item in items {
        let k = key(item);
        if seen.insert(k.clone()) {
            out.push((k, item));
        }
    }
    out
}

fn score_scores(
    name: &str,
    gold: &[Score],
    pred: &[Score],
    figures: &mut Figures,
    errors: &mut Vec<ErrorItem>,
) {
    let g = distinct_by_key(gold, score_key);
    let p = distinct_by_key(pred, score_key);
    let g_keys: BTreeSet<&ScoreKey> = g
        .iter()
        .map(|(k, _)| k)
        .filter(|k| score_matchable(k))
        .collect();
    let p_keys: BTreeSet<&ScoreKey> = p
        .iter()
        .map(|(k, _)| k)
        .filter(|k| score_matchable(k))
        .collect();
    let tp = g_keys.intersection(&p_keys).count();
    figures.set(Layer::Scores, Counts::new(tp, p.len() - tp, g.len() - tp));

    let mut items = Vec::new();
    for (list, other, kind) in [
        (&g, &p_keys, ErrorKind::FalseNegative),
        (&p, &g_keys, ErrorKind::FalsePositive),
    ] {
        for (key, item) in list {
            if score_matchable(key) && other.contains(key) {
                continue;
            }
            items.push(ErrorItem {
                layer: Layer::Scores,
                kind,
                doc: name.to_string(),
                start: item.start,
                end: item.end,
                text: item.text.clone(),
                detail: describe_score(item),
                context: None,
            });
        }
    }
    sort_errors(&mut items);
    errors.extend(items);
}

fn count_sets<K: Ord>(gold: &BTreeSet<K>, pred: &BTreeSet<K>) -> Counts {
    let tp = gold.intersection(pred).count();
    Counts::new(tp, pred.len() - tp, gold.len() - tp)
}

fn score_events(
    name: &str,
    gold: &[Event],
    pred: &[Event],
    figures: &mut Figures,
    errors: &mut Vec<ErrorItem>,
) {
    let minutes = |es: &[Event]| es.iter().map(|e| e.minute).collect::<BTreeSet<_>>();
    let mp = |es: &[Event]| {
        es.iter()
            .map(|e| (e.minute, e.player.clone()))
            .collect::<BTreeSet<_>>()
    };
    let mpt = |es: &[Event]| {
        es.iter()
            .map(|e| (e.minute, e.player.clone(), e.kind.clone()))
            .collect::<BTreeSet<_>>()
    };
    figures.set(
        Layer::EventsMinute,
        count_sets(&minutes(gold), &minutes(pred)),
    );
    let (g_mp, p_mp) = (mp(gold), mp(pred));
    figures.set(Layer::EventsMinutePlayer, count_sets(&g_mp, &p_mp));
    figures.set(
        Layer::EventsMinutePlayerType,
        count_sets(&mpt(gold), &mpt(pred)),
    );

    let mut items = Vec::new();
    for (list, other_list, other_keys, kind, other_side) in [
        (gold, pred, &p_mp, ErrorKind::FalseNegative, "predicted"),
        (pred, gold, &g_mp, ErrorKind::FalsePositive, "gold"),
    ] {
        for (key, item) in distinct_by_key(list, |e| (e.minute, e.player.clone())) {
            if other_keys.contains(&key) {
                continue;
            }
            let others: BTreeSet<&str> = other_list
                .iter()
                .filter(|o| o.minute == item.minute)
                .map(|o| opt_str(&o.player))
                .collect();
            let hint = if others.is_empty() {
                String::new()
            } else {
                format!(
                    " ({other_side} at minute {}: {})",
                    item.minute,
                    others.into_iter().collect::<Vec<_>>().join(", ")
                )
            };
            items.push(ErrorItem {
                layer: Layer::EventsMinutePlayer,
                kind,
                doc: name.to_string(),
                start: item.start,
                end: item.end,
                text: item.text.clone(),
                detail: format!(
                    "minute {}, player {}, type {}{hint}",
                    item.minute,
                    opt_str(&item.player),
                    if item.kind.is_empty() {
                        "?"
                    } else {
                        &item.kind
                    }
                ),
                context: None,
            });
        }
    }
    sort_errors(&mut items);
    errors.extend(items);
}

/// One-to-one greedy quote matching. Returns, per gold quote, the index of
/// its matched prediction.
fn match_quotes(gold: &[Quote], pred: &[Quote]) -> Vec<Option<usize>> {
    let g_order = document_order(gold, |q| (q.start, q.end));
    let p_order = document_order(pred, |q| (q.start, q.end));
    // (overlap, rank of gold in document order, rank of prediction, gold index, prediction index)
    let mut candidates = Vec::new();
    for (g_rank, &gi) in g_order.iter().enumerate() {
        let g = &gold[gi];
        let g_len = g.end.saturating_sub(g.start);
        for (p_rank, &pi) in p_order.iter().enumerate() {
            let p = &pred[pi];
            let overlap = overlap_len((g.start, g.end), (p.start, p.end));
            if overlap > 0 && overlap.saturating_mul(2) >= g_len {
                candidates.push((overlap, g_rank, p_rank, gi, pi));
            }
        }
    }
    candidates.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut g_match = vec![None; gold.len()];
    let mut p_used = vec![false; pred.len()];
    for (_, _, _, gi, pi) in candidates {
        if g_match[gi].is_none() && !p_used[pi] {
            g_match[gi] = Some(pi);
            p_used[pi] = true;
        }
    }
    g_match
}

fn score_quotes(
    name: &str,
    gold: &[Quote],
    pred: &[Quote],
    figures: &mut Figures,
    errors: &mut Vec<ErrorItem>,
) {
    let g_match = match_quotes(gold, pred);
    let detected = g_match.iter().filter(|m| m.is_some()).count();
    figures.set(
        Layer::QuotesDetected,
        Counts::new(detected, pred.len() - detected, gold.len() - detected),
    );
    let mut p_match: Vec<Option<usize>> = vec![None; pred.len()];
    for (gi, m) in g_match.iter().enumerate() {
        if let Some(pi) = *m {
            p_match[pi] = Some(gi);
        }
    }
    let attributed = |gi: usize, pi: usize| gold[gi].speaker == pred[pi].speaker;
    let tp = g_match
        .iter()
        .enumerate()
        .filter(|(gi, m)| m.is_some_and(|pi| attributed(*gi, pi)))
        .count();
    figures.set(
        Layer::QuotesAttributed,
        Counts::new(tp, pred.len() - tp, gold.len() - tp),
    );

    let mut items = Vec::new();
    for (gi, g) in gold.iter().enumerate() {
        let hint = match g_match[gi] {
            Some(pi) if attributed(gi, pi) => continue,
            Some(pi) => format!(" (predicted speaker {})", opt_str(&pred[pi].speaker)),
            None => " (not detected)".to_string(),
        };
        items.push(ErrorItem {
            layer: Layer::QuotesAttributed,
            kind: ErrorKind::FalseNegative,
            doc: name.to_string(),
            start: Some(g.start),
            end: Some(g.end),
            text: g.text.clone(),
            detail: format!("speaker {}{hint}", opt_str(&g.speaker)),
            context: None,
        });
    }
    for (pi, p) in pred.iter().enumerate() {
        let hint = match p_match[pi] {
            Some(gi) if attributed(gi, pi) => continue,
            Some(gi) => format!(" (gold speaker {})", opt_str(&gold[gi].speaker)),
            None => " (no gold quote)".to_string(),
        };
        items.push(ErrorItem {
            layer: Layer::QuotesAttributed,
            kind: ErrorKind::FalsePositive,
            doc: name.to_string(),
            start: Some(p.start),
            end: Some(p.end),
            text: p.text.clone(),
            detail: format!("speaker {}{hint}", opt_str(&p.speaker)),
            context: None,
        });
    }
    sort_errors(&mut items);
    errors.extend(items);
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    fn m(start: usize, end: usize, id: Option<&str>) -> Mention {
        Mention {
            start,
            end,
            id: id.map(str::to_string),
            text: None,
            kind: Some("player".to_string()),
        }
    }

    fn s(t0: Option<&str>, g0: i64, t1: Option<&str>, g1: i64) -> Score {
        Score {
            teams: vec![t0.map(str::to_string), t1.map(str::to_string)],
            goals: vec![Some(g0), Some(g1)],
            ..Score::default()
        }
    }

    fn e(minute: i64, player: Option<&str>, kind: &str) -> Event {
        Event {
            minute,
            player: player.map(str::to_string),
            kind: kind.to_string(),
            ..Event::default()
        }
    }

    fn q(start: usize, end: usize, speaker: Option<&str>) -> Quote {
        Quote {
            start,
            end,
            speaker: speaker.map(str::to_string),
            text: None,
        }
    }

    fn doc(name: &str) -> DocFacts {
        DocFacts {
            doc: name.to_string(),
            ..DocFacts::default()
        }
    }

    /// Scores one gold and one predicted document with the same name.
    fn one(gold: DocFacts, pred: DocFacts) -> Report {
        evaluate(&[gold], &[pred])
    }

    fn c(r: &Report, layer: Layer) -> (usize, usize, usize) {
        let x = r.overall.get(layer);
        (x.tp, x.fp, x.fn_)
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn strict_vs_lenient_on_overlapping_spans() {
        let mut g = doc("a.txt");
        g.mentions = vec![m(10, 20, Some("x"))];
        let mut p = doc("a.txt");
        p.mentions = vec![m(12, 20, Some("x"))];
        let r = one(g, p);
        assert_eq!(c(&r, Layer::MentionsStrict), (0, 1, 1));
        assert_eq!(c(&r, Layer::MentionsLenient), (1, 0, 0));
        // Touching spans do not overlap (half-open).
        let mut g = doc("a.txt");
        g.mentions = vec![m(10, 20, Some("x"))];
        let mut p = doc("a.txt");
        p.mentions = vec![m(20, 25, Some("x"))];
        assert_eq!(c(&one(g, p), Layer::MentionsLenient), (0, 1, 1));
    }

    #[test]
    fn strict_needs_same_id() {
        let mut g = doc("a.txt");
        g.mentions = vec![m(0, 5, Some("x"))];
        let mut p = doc("a.txt");
        p.mentions = vec![m(0, 5, Some("y"))];
        let r = one(g, p);
        assert_eq!(c(&r, Layer::MentionsStrict), (0, 1, 1));
        assert_eq!(c(&r, Layer::MentionsLenient), (0, 1, 1));
        let fn_item = r
            .errors
            .iter()
            .find(|e| e.kind == ErrorKind::FalseNegative)
            .unwrap();
        assert_eq!(
            fn_item.detail,
            "id x, type player (predicted id y at this span)"
        );
    }

    #[test]
    fn lenient_is_one_to_one() {
        let mut g = doc("a.txt");
        g.mentions = vec![m(0, 10, Some("x")), m(5, 15, Some("x"))];
        let mut p = doc("a.txt");
        p.mentions = vec![m(4, 12, Some("x"))];
        let r = one(g, p);
        assert_eq!(c(&r, Layer::MentionsLenient), (1, 0, 1));
    }

    #[test]
    fn lenient_uses_document_order_not_list_order() {
        // g1 [0,10) and g2 [8,20); p1 [9,12) overlaps both, p2 [15,18) only g2.
        // In document order g1 takes p1 and g2 takes p2: 2 tp, whatever the
        // order the lists are written in.
        for (gold, pred) in [
            (
                vec![m(0, 10, Some("x")), m(8, 20, Some("x"))],
                vec![m(9, 12, Some("x")), m(15, 18, Some("x"))],
            ),
            (
                vec![m(8, 20, Some("x")), m(0, 10, Some("x"))],
                vec![m(15, 18, Some("x")), m(9, 12, Some("x"))],
            ),
        ] {
            let mut g = doc("a.txt");
            g.mentions = gold;
            let mut p = doc("a.txt");
            p.mentions = pred;
            assert_eq!(c(&one(g, p), Layer::MentionsLenient), (2, 0, 0));
        }
    }

    #[test]
    fn null_id_never_matches() {
        let mut g = doc("a.txt");
        g.mentions = vec![m(0, 5, None), m(10, 15, Some("x"))];
        let mut p = doc("a.txt");
        p.mentions = vec![m(0, 5, None), m(10, 15, None)];
        let r = one(g, p);
        assert_eq!(c(&r, Layer::MentionsStrict), (0, 2, 2));
        assert_eq!(c(&r, Layer::MentionsLenient), (0, 2, 2));
    }

    #[test]
    fn strict_duplicate_prediction_matches_once() {
        let mut g = doc("a.txt");
        g.mentions = vec![m(0, 5, Some("x"))];
        let mut p = doc("a.txt");
        p.mentions = vec![m(0, 5, Some("x")), m(0, 5, Some("x"))];
        assert_eq!(c(&one(g, p), Layer::MentionsStrict), (1, 1, 0));
    }

    #[test]
    fn scores_are_unordered_pairs() {
        let mut g = doc("a.txt");
        g.scores = vec![s(Some("a"), 1, Some("b"), 0)];
        let mut p = doc("a.txt");
        p.scores = vec![s(Some("b"), 0, Some("a"), 1)];
        assert_eq!(c(&one(g.clone(), p), Layer::Scores), (1, 0, 0));

        let mut p = doc("a.txt");
        p.scores = vec![s(Some("a"), 0, Some("b"), 1)];
        let r = one(g, p);
        assert_eq!(c(&r, Layer::Scores), (0, 1, 1));
        let details: Vec<(&str, ErrorKind)> = r
            .errors
            .iter()
            .map(|e| (e.detail.as_str(), e.kind))
            .collect();
        assert!(details.contains(&("a 1 - 0 b", ErrorKind::FalseNegative)));
        assert!(details.contains(&("a 0 - 1 b", ErrorKind::FalsePositive)));
    }

    #[test]
    fn scores_null_team_never_matches() {
        let mut g = doc("a.txt");
        g.scores = vec![s(None, 1, Some("b"), 0)];
        let mut p = doc("a.txt");
        p.scores = vec![s(None, 1, Some("b"), 0), s(None, 1, Some("b"), 0)];
        // Distinct on both sides, but never a match.
        assert_eq!(c(&one(g, p), Layer::Scores), (0, 1, 1));
    }

    #[test]
    fn duplicate_facts_counted_once() {
        let mut g = doc("a.txt");
        g.scores = vec![s(Some("a"), 1, Some("b"), 0), s(Some("b"), 0, Some("a"), 1)];
        g.events = vec![e(89, Some("k"), "goal"), e(89, Some("k"), "goal")];
        let mut p = doc("a.txt");
        p.scores = vec![
            s(Some("a"), 1, Some("b"), 0),
            s(Some("a"), 1, Some("b"), 0),
            s(Some("a"), 1, Some("b"), 0),
        ];
        p.events = vec![e(89, Some("k"), "goal")];
        let r = one(g, p);
        assert_eq!(c(&r, Layer::Scores), (1, 0, 0));
        assert_eq!(c(&r, Layer::EventsMinutePlayerType), (1, 0, 0));
    }

    #[test]
    fn events_three_levels() {
        let mut g = doc("a.txt");
        g.events = vec![
            e(89, Some("k"), "goal"),
            e(90, None, "chance"),
            e(45, Some("a"), "booking"),
        ];
        let mut p = doc("a.txt");
        p.events = vec![
            e(89, Some("k"), "own_goal"),
            e(90, None, "chance"),
            e(45, Some("b"), "booking"),
            e(30, Some("x"), "goal"),
        ];
        let r = one(g, p);
        // minutes: G {45, 89, 90}, P {30, 45, 89, 90}
        assert_eq!(c(&r, Layer::EventsMinute), (3, 1, 0));
        // (minute, player): (89,k) and (90,null) match; (45,a) missed; (45,b), (30,x) spurious
        assert_eq!(c(&r, Layer::EventsMinutePlayer), (2, 2, 1));
        // (minute, player, type): only (90,null,chance) matches
        assert_eq!(c(&r, Layer::EventsMinutePlayerType), (1, 3, 2));
        let missed: Vec<&str> = r
            .errors
            .iter()
            .filter(|x| x.layer == Layer::EventsMinutePlayer && x.kind == ErrorKind::FalseNegative)
            .map(|x| x.detail.as_str())
            .collect();
        assert_eq!(
            missed,
            ["minute 45, player a, type booking (predicted at minute 45: b)"]
        );
    }

    #[test]
    fn event_error_detail_and_span_from_first_item() {
        let mut g = doc("a.txt");
        let mut first = e(89, Some("kalidou-koulibaly"), "goal");
        first.start = Some(300);
        first.end = Some(310);
        first.text = Some("89th minute".to_string());
        let mut second = e(89, Some("kalidou-koulibaly"), "chance");
        second.start = Some(400);
        second.end = Some(410);
        g.events = vec![first, second];
        let r = one(g, doc("a.txt"));
        let items: Vec<&ErrorItem> = r
            .errors
            .iter()
            .filter(|x| x.layer == Layer::EventsMinutePlayer)
            .collect();
        assert_eq!(items.len(), 1);
        assert_eq!(
            items[0].detail,
            "minute 89, player kalidou-koulibaly, type goal"
        );
        assert_eq!((items[0].start, items[0].end), (Some(300), Some(310)));
        assert_eq!(items[0].text.as_deref(), Some("89th minute"));
    }

    #[test]
    fn quote_overlap_threshold() {
        let check = |gold: Quote, pred: Quote| {
            let mut g = doc("a.txt");
            g.quotes = vec![gold];
            let mut p = doc("a.txt");
            p.quotes = vec![pred];
            c(&one(g, p), Layer::QuotesDetected)
        };
        // gold length 10, overlap 5: exactly half matches.
        assert_eq!(check(q(0, 10, None), q(5, 20, None)), (1, 0, 0));
        // overlap 4: below half.
        assert_eq!(check(q(0, 10, None), q(6, 20, None)), (0, 1, 1));
        // gold length 11: overlap 5 is just below half, 6 is above.
        assert_eq!(check(q(0, 11, None), q(6, 20, None)), (0, 1, 1));
        assert_eq!(check(q(0, 11, None), q(5, 20, None)), (1, 0, 0));
        // A prediction much longer than the gold quote still matches.
        assert_eq!(check(q(10, 20, None), q(0, 100, None)), (1, 0, 0));
        // A zero-length gold quote never matches.
        assert_eq!(check(q(5, 5, None), q(0, 10, None)), (0, 1, 1));
    }

    #[test]
    fn quote_ties_go_to_earlier_gold() {
        // p [5,15) overlaps g1 [0,10) and g2 [10,20) by 5 each: g1 wins, so the
        // attribution (p says y, like g2) fails.
        let mut g = doc("a.txt");
        g.quotes = vec![q(10, 20, Some("y")), q(0, 10, Some("x"))];
        let mut p = doc("a.txt");
        p.quotes = vec![q(5, 15, Some("y"))];
        let r = one(g, p);
        assert_eq!(c(&r, Layer::QuotesDetected), (1, 0, 1));
        assert_eq!(c(&r, Layer::QuotesAttributed), (0, 1, 2));
    }

    #[test]
    fn quote_ties_go_to_earlier_prediction() {
        // p1 [0,6) and p2 [4,10) overlap g [0,10) by 6 each: p1 wins.
        let mut g = doc("a.txt");
        g.quotes = vec![q(0, 10, Some("b"))];
        let mut p = doc("a.txt");
        p.quotes = vec![q(4, 10, Some("b")), q(0, 6, Some("a"))];
        let r = one(g, p);
        assert_eq!(c(&r, Layer::QuotesDetected), (1, 1, 0));
        assert_eq!(c(&r, Layer::QuotesAttributed), (0, 2, 1));
    }

    #[test]
    fn quote_largest_overlap_first() {
        // p [4,12) overlaps g1 [0,10) by 6 and g2 [5,12) by 7: g2 wins though later.
        let mut g = doc("a.txt");
        g.quotes = vec![q(0, 10, Some("x")), q(5, 12, Some("y"))];
        let mut p = doc("a.txt");
        p.quotes = vec![q(4, 12, Some("y"))];
        let r = one(g, p);
        assert_eq!(c(&r, Layer::QuotesDetected), (1, 0, 1));
        assert_eq!(c(&r, Layer::QuotesAttributed), (1, 0, 1));
    }

    #[test]
    fn attributed_vs_detected() {
        let mut g = doc("a.txt");
        g.quotes = vec![
            q(0, 10, Some("x")),
            q(20, 30, Some("x")),
            q(40, 50, None),
            q(60, 70, Some("z")),
        ];
        let mut p = doc("a.txt");
        p.quotes = vec![
            q(0, 10, Some("x")),  // detected, attributed
            q(20, 30, Some("y")), // detected, wrong speaker
            q(40, 50, None),      // detected, null == null
            q(60, 70, None),      // detected, null != z
            q(80, 90, Some("x")), // spurious
        ];
        let r = one(g, p);
        assert_eq!(c(&r, Layer::QuotesDetected), (4, 1, 0));
        assert_eq!(c(&r, Layer::QuotesAttributed), (2, 3, 2));
        let details: Vec<&str> = r
            .errors
            .iter()
            .filter(|x| x.layer == Layer::QuotesAttributed)
            .map(|x| x.detail.as_str())
            .collect();
        assert_eq!(
            details,
            [
                "speaker x (predicted speaker y)",
                "speaker y (gold speaker x)",
                "speaker z (predicted speaker null)",
                "speaker null (gold speaker z)",
                "speaker x (no gold quote)",
            ]
        );
    }

    #[test]
    fn missing_prediction_counts_all_missed() {
        let mut g = doc("gold/003_x.txt");
        g.mentions = vec![m(0, 5, Some("x")), m(6, 9, Some("y"))];
        g.scores = vec![s(Some("a"), 1, Some("b"), 0), s(Some("a"), 1, Some("b"), 0)];
        g.events = vec![e(10, None, "goal")];
        g.quotes = vec![q(0, 10, None)];
        let r = evaluate(&[g], &[]);
        assert_eq!(r.missing_predictions, ["003_x.txt"]);
        assert_eq!(c(&r, Layer::MentionsStrict), (0, 0, 2));
        assert_eq!(c(&r, Layer::Scores), (0, 0, 1));
        assert_eq!(c(&r, Layer::EventsMinutePlayer), (0, 0, 1));
        assert_eq!(c(&r, Layer::QuotesAttributed), (0, 0, 1));
        assert_eq!(r.overall.get(Layer::Scores).precision(), 0.0);
        assert_eq!(r.overall.get(Layer::Scores).f1(), 0.0);
        assert_eq!(r.documents_scored(), 1);
    }

    #[test]
    fn ignored_prediction_and_name_matching() {
        let mut g = doc("003_x.txt");
        g.events = vec![e(10, None, "goal")];
        let mut p = doc("corpus/003_x.txt");
        p.events = vec![e(10, None, "goal")];
        let mut extra = doc("corpus\\sub\\999_y.txt");
        extra.events = vec![e(1, None, "goal")];
        let r = evaluate(&[g], &[extra, p]);
        assert_eq!(r.ignored_predictions, ["999_y.txt"]);
        assert!(r.missing_predictions.is_empty());
        assert_eq!(c(&r, Layer::EventsMinutePlayer), (1, 0, 0));
        assert_eq!(r.doc_paths["003_x.txt"], "corpus/003_x.txt");
        assert_eq!(r.documents.len(), 1);
    }

    #[test]
    fn error_prediction_counts_as_empty() {
        let mut g = doc("a.txt");
        g.events = vec![e(10, None, "goal")];
        let mut p = doc("a.txt");
        p.events = vec![e(10, None, "goal")];
        p.error = Some("cannot read".to_string());
        let r = one(g, p);
        assert_eq!(c(&r, Layer::EventsMinutePlayer), (0, 0, 1));
        assert_eq!(
            r.prediction_errors,
            [("a.txt".to_string(), "cannot read".to_string())]
        );
    }

    #[test]
    fn duplicates_use_first() {
        let mut g = doc("a.txt");
        g.events = vec![e(10, None, "goal")];
        let mut p1 = doc("x/a.txt");
        p1.events = vec![e(10, None, "goal")];
        let p2 = doc("y/a.txt");
        let r = evaluate(&[g.clone(), g], &[p1, p2]);
        assert_eq!(r.duplicate_gold, ["a.txt"]);
        assert_eq!(r.duplicate_predictions, ["a.txt"]);
        assert_eq!(c(&r, Layer::EventsMinutePlayer), (1, 0, 0));
    }

    #[test]
    fn micro_average_differs_from_macro() {
        // doc1: 1 tp. doc2: 0 tp, 1 fp, 3 fn.
        let mut g1 = doc("1.txt");
        g1.scores = vec![s(Some("a"), 1, Some("b"), 0)];
        let mut p1 = doc("1.txt");
        p1.scores = vec![s(Some("a"), 1, Some("b"), 0)];
        let mut g2 = doc("2.txt");
        g2.scores = vec![
            s(Some("c"), 1, Some("d"), 0),
            s(Some("e"), 2, Some("f"), 2),
            s(Some("g"), 3, Some("h"), 1),
        ];
        let mut p2 = doc("2.txt");
        p2.scores = vec![s(Some("c"), 0, Some("d"), 1)];
        let r = evaluate(&[g1, g2], &[p1, p2]);
        let x = r.overall.get(Layer::Scores);
        assert_eq!((x.tp, x.fp, x.fn_), (1, 1, 3));
        assert!(close(x.precision(), 0.5));
        assert!(close(x.recall(), 0.25));
        assert!(close(x.f1(), 1.0 / 3.0));
        let macro_f1 = (r.documents["1.txt"].get(Layer::Scores).f1()
            + r.documents["2.txt"].get(Layer::Scores).f1())
            / 2.0;
        assert!(close(macro_f1, 0.5));
        assert!(!close(x.f1(), macro_f1));
    }

    #[test]
    fn empty_layer_is_perfect_other_zero_denominators_are_zero() {
        let r = one(doc("a.txt"), doc("a.txt"));
        for (_, counts) in r.overall.iter() {
            assert_eq!(counts.precision(), 1.0);
            assert_eq!(counts.recall(), 1.0);
            assert_eq!(counts.f1(), 1.0);
        }
        let only_fp = Counts::new(0, 2, 0);
        assert_eq!(
            (only_fp.precision(), only_fp.recall(), only_fp.f1()),
            (0.0, 0.0, 0.0)
        );
        let only_fn = Counts::new(0, 0, 2);
        assert_eq!(
            (only_fn.precision(), only_fn.recall(), only_fn.f1()),
            (0.0, 0.0, 0.0)
        );
    }

    #[test]
    fn layer_names_round_trip() {
        for layer in Layer::ALL {
            assert_eq!(layer.as_str().parse::<Layer>().unwrap(), layer);
        }
        let err = "events".parse::<Layer>().unwrap_err().to_string();
        assert!(err.contains("\"events\"") && err.contains("events.minute_player"));
    }

    #[test]
    fn floors_parse() {
        let f: Floor = "events.minute_player=0.6".parse().unwrap();
        assert_eq!(f.layer, Layer::EventsMinutePlayer);
        assert!(close(f.min_f1, 0.6));
        let f: Floor = " scores = 1 ".parse().unwrap();
        assert_eq!((f.layer, f.min_f1), (Layer::Scores, 1.0));

        let err = "mentions.strct=0.8"
            .parse::<Floor>()
            .unwrap_err()
            .to_string();
        assert!(err.contains("mentions.strct"), "{err}");
        assert!(
            err.contains("mentions.strict, mentions.lenient, scores"),
            "{err}"
        );
        let err = "scores=abc".parse::<Floor>().unwrap_err().to_string();
        assert!(err.contains("\"abc\" is not a number"), "{err}");
        let err = "scores=1.5".parse::<Floor>().unwrap_err().to_string();
        assert!(err.contains("\"1.5\""), "{err}");
        assert!("scores=NaN".parse::<Floor>().is_err());
        let err = "scores".parse::<Floor>().unwrap_err().to_string();
        assert!(err.contains("LAYER=VALUE"), "{err}");
    }

    #[test]
    fn floors_fail_below() {
        // scores: tp 1, fp 1, fn 0 -> F1 = 2/3.
        let mut g = doc("a.txt");
        g.scores = vec![s(Some("a"), 1, Some("b"), 0)];
        let mut p = doc("a.txt");
        p.scores = vec![s(Some("a"), 1, Some("b"), 0), s(Some("c"), 1, Some("d"), 0)];
        let r = one(g, p);
        let floors: Vec<Floor> = ["scores=0.7", "scores=0.6", "quotes.detected=1"]
            .iter()
            .map(|x| x.parse().unwrap())
            .collect();
        let failed = r.failed_floors(&floors);
        assert_eq!(failed.len(), 1);
        assert_eq!(failed[0].0, Layer::Scores);
        assert!(close(failed[0].1, 2.0 / 3.0));
        assert!(close(failed[0].2, 0.7));
        // A floor equal to the F1 passes.
        let exact = Floor {
            layer: Layer::Scores,
            min_f1: 2.0 / 3.0,
        };
        assert!(r.failed_floors(&[exact]).is_empty());
    }

    #[test]
    fn lenient_deserialisation() {
        let line = r#"{"doc": "corpus/003_c71da6a5bd5c8a8a.txt", "date": "2018-04-23",
            "sentences": [[17, 172]],
            "mentions": [{"start": 33, "end": 50, "text": "Kalidou Koulibaly", "type": "player", "id": "kalidou-koulibaly", "match": "exact", "score": 1.0},
                         {"start": 60, "end": 66, "type": "player", "id": null, "candidates": ["a", "b"]}],
            "scores": [{"teams": ["napoli", null], "goals": [1, 0], "home": "juventus"}],
            "events": [{"minute": 90, "added": null, "type": "goal", "player": null, "team": "napoli"}],
            "quotes": null}"#;
        let d = DocFacts::from_json_str(line).unwrap();
        assert_eq!(d.name(), "003_c71da6a5bd5c8a8a.txt");
        assert_eq!(d.mentions.len(), 2);
        assert_eq!(d.mentions[1].id, None);
        assert_eq!(d.scores[0].teams, [Some("napoli".to_string()), None]);
        assert_eq!(d.events[0].player, None);
        assert!(d.quotes.is_empty());
        let d = DocFacts::from_json_str(r#"{"doc": "x.txt", "error": "bad utf-8"}"#).unwrap();
        assert!(d.mentions.is_empty() && d.scores.is_empty());
        assert_eq!(d.error.as_deref(), Some("bad utf-8"));

        let docs = DocFacts::parse_jsonl("{\"doc\": \"a.txt\"}\n\n{\"doc\": \"b.txt\"}\n").unwrap();
        assert_eq!(docs.len(), 2);
        let err = DocFacts::parse_jsonl("{\"doc\": \"a.txt\"}\n{\"mentions\": []}\n").unwrap_err();
        assert!(err.to_string().starts_with("line 2:"), "{err}");
    }

    #[test]
    fn attach_context_fills_spans() {
        let mut g = doc("a.txt");
        g.mentions = vec![m(2, 4, Some("x"))];
        g.scores = vec![s(Some("a"), 1, Some("b"), 0)]; // no span
        let mut r = one(g, doc("a.txt"));
        let text = "0123456789";
        r.attach_context(|d, start, end| {
            assert_eq!(d, "a.txt");
            text.get(start..end).map(str::to_string)
        });
        let contexts: Vec<Option<&str>> = r.errors.iter().map(|e| e.context.as_deref()).collect();
        assert_eq!(contexts, [Some("23"), None]);
    }

    #[test]
    fn renderings() {
        let mut g = doc("003_x.txt");
        let mut score = s(Some("napoli"), 1, Some("juventus"), 0);
        score.start = Some(346);
        score.end = Some(373);
        score.text = Some("1-0 win at leaders Juventus".to_string());
        g.scores = vec![score];
        g.mentions = vec![m(0, 5, Some("x"))];
        let mut p = doc("corpus/003_x.txt");
        p.mentions = vec![m(0, 5, Some("x"))];
        let mut r = evaluate(&[g], &[p, doc("other.txt")]);
        r.attach_context(|_, _, _| Some("Napoli won\n1-0.".to_string()));

        let text = r.to_text(true);
        assert!(text.contains("documents scored: 1"), "{text}");
        assert!(text.contains("predicted documents without gold (not scored): other.txt"));
        let row = text
            .lines()
            .find(|l| l.starts_with("mentions.strict "))
            .unwrap();
        assert_eq!(
            row.split_whitespace().collect::<Vec<_>>(),
            ["mentions.strict", "1", "0", "0", "1.000", "1.000", "1.000"]
        );
        let header = text.lines().find(|l| l.starts_with("layer")).unwrap();
        assert_eq!(header.len(), row.len());
        assert!(text.contains("errors in scores (1):"));
        assert!(text.contains(
            "  FN 003_x.txt [346, 373) \"1-0 win at leaders Juventus\": napoli 1 - 0 juventus"
        ));
        assert!(text.contains("      in: Napoli won 1-0."));
        assert!(!r.to_text(false).contains("errors in"));

        let md = r.to_markdown();
        assert!(md.contains("| layer | tp | fp | fn | precision | recall | F1 |"));
        assert!(
            md.contains("| `scores` | 0 | 0 | 1 | 0.000 | 0.000 | 0.000 |"),
            "{md}"
        );

        let j = r.to_json();
        assert_eq!(j["documents_scored"], 1);
        assert_eq!(j["layers"]["mentions.strict"]["tp"], 1);
        assert_eq!(j["layers"]["scores"]["fn"], 1);
        assert_eq!(j["documents"]["003_x.txt"]["scores"]["f1"], 0.0);
        assert_eq!(j["errors"][0]["layer"], "scores");
        assert_eq!(j["errors"][0]["kind"], "false_negative");
        assert_eq!(j["errors"][0]["detail"], "napoli 1 - 0 juventus");
        assert_eq!(j["ignored_predictions"][0], "other.txt");
        assert_eq!(j["missing_predictions"].as_array().unwrap().len(), 0);
    }
}
