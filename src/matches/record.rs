//! The consolidated match record: one JSON line per match (see the README, "Match records
//! across articles").

use serde::Serialize;

use crate::facts::EventType;

/// One match, consolidated across the articles that report it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MatchRecord {
    /// `YYYY-MM-DD-<home>-<away>` (or without the date when none is known); unique in a run.
    pub id: String,
    /// The two clubs, the home club first when known, else as first written.
    pub teams: [TeamRef; 2],
    /// The home club's id, when stated (or the venue named is one club's ground).
    pub home: Option<String>,
    /// The match date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Where the date comes from.
    pub date_source: Option<DateSource>,
    /// The stadium.
    pub venue: Option<Venue>,
    /// The final score, parallel to `teams`; `null` when no article states one.
    pub score: Option<ScoreSummary>,
    /// Goals and own goals, by minute.
    pub goals: Vec<EventSummary>,
    /// Other minute-stamped events, by minute.
    pub events: Vec<EventSummary>,
    /// Quotes, deduplicated across articles, in order of first appearance.
    pub quotes: Vec<QuoteSummary>,
    /// The articles that report the match, in input order.
    pub sources: Vec<String>,
    /// Where the articles disagree.
    pub conflicts: Vec<Conflict>,
    /// Consistency checks of the record against itself.
    pub checks: Vec<Check>,
}

/// A club.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TeamRef {
    /// Club id.
    pub id: String,
    /// Club name.
    pub name: String,
}

/// Where a match date comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DateSource {
    /// Stated in an article's text (`on Sunday`, `Apr 22`), resolved against its date.
    Text,
    /// An article's own date: the match was that day or the day before.
    Article,
}

/// The stadium of a match.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Venue {
    /// Stadium id.
    pub id: String,
    /// Stadium name.
    pub name: String,
    /// `true` when no article names it and it is the home club's ground from the gazetteer.
    pub inferred: bool,
    /// The articles naming it (empty when inferred).
    pub sources: Vec<String>,
}

/// The final score with its evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScoreSummary {
    /// Goals, parallel to the record's `teams`: the score most articles state.
    pub goals: [u32; 2],
    /// The articles stating it.
    pub sources: Vec<String>,
    /// Other scores stated for the match, with their articles.
    pub conflicts: Vec<ScoreClaim>,
}

/// A score some articles state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScoreClaim {
    /// Goals, parallel to the record's `teams`.
    pub goals: [u32; 2],
    /// The articles stating it.
    pub sources: Vec<String>,
}

/// One goal or event, with every minute the articles give it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventSummary {
    /// Event type (FORMATS.md section 2).
    #[serde(rename = "type")]
    pub kind: EventType,
    /// Player id, `null` when no article names one.
    pub player: Option<String>,
    /// Player name.
    pub player_name: Option<String>,
    /// Club id (the player's, or the text's).
    pub team: Option<String>,
    /// Every minute claimed, ascending.
    pub minutes: Vec<MinuteClaim>,
    /// The minute chosen (see `consensus_rule`).
    pub consensus_minute: u32,
    /// Added time of the consensus minute, when stated.
    pub consensus_added: Option<u32>,
    /// How the consensus minute was chosen.
    pub consensus_rule: ConsensusRule,
    /// The articles giving the event.
    pub sources: Vec<String>,
}

/// A minute claimed for an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MinuteClaim {
    /// The minute (`90+3` is 93).
    pub minute: u32,
    /// Added time, when stated.
    pub added: Option<u32>,
    /// Every article giving this minute.
    pub sources: Vec<String>,
    /// The articles for which it is *the* minute: each article has one vote, its most precise
    /// claim (a minute written with digits beats `the final minute`), else its first.
    pub votes: usize,
}

/// How a consensus minute was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsensusRule {
    /// One article gives the event.
    SingleReport,
    /// Every article votes for the same minute.
    Unanimous,
    /// The minute with the most votes.
    MostReports,
    /// Votes tied: the tied minute nearest the median of all votes (the earlier on a tie).
    TieNearestMedian,
}

/// A quote, with every article that prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuoteSummary {
    /// The words, as most articles print them (the longest on a tie).
    pub text: String,
    /// Speaker id (the one most articles give), `null` when unknown or not in the gazetteer.
    pub speaker: Option<String>,
    /// Speaker name.
    pub speaker_name: Option<String>,
    /// The words naming the speaker, as most articles write them.
    pub speaker_text: Option<String>,
    /// The articles printing it.
    pub sources: Vec<String>,
    /// When articles print it differently: every wording with its articles.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<QuoteVariant>,
}

/// One wording of a quote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuoteVariant {
    /// The words as printed.
    pub text: String,
    /// The articles printing them so.
    pub sources: Vec<String>,
}

/// Articles that say the same thing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Claimants<T> {
    /// What they say.
    pub value: T,
    /// Who says it.
    pub sources: Vec<String>,
}

/// A disagreement between articles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Conflict {
    /// Different final scores.
    Score {
        /// Each score (parallel to the record's `teams`) with its articles.
        claims: Vec<ScoreClaim>,
        /// For people.
        message: String,
    },
    /// Minutes of one event that differ by more than the tolerance.
    Minute {
        /// The event type.
        #[serde(rename = "type")]
        kind: EventType,
        /// Player id.
        player: Option<String>,
        /// Club id.
        team: Option<String>,
        /// Each minute with its articles.
        minutes: Vec<Claimants<u32>>,
        /// The tolerance (minutes) that was exceeded.
        tolerance: u32,
        /// For people.
        message: String,
    },
    /// One goal credited to different players by different articles.
    Scorer {
        /// Club id.
        team: Option<String>,
        /// Each player id with the articles crediting them.
        players: Vec<Claimants<String>>,
        /// The goal's minutes as each credit has it.
        minutes: Vec<u32>,
        /// For people.
        message: String,
    },
    /// One quote attributed to different speakers.
    QuoteSpeaker {
        /// The quote's words.
        quote: String,
        /// Each speaker id with the articles naming them.
        speakers: Vec<Claimants<String>>,
        /// For people.
        message: String,
    },
    /// Different home clubs.
    Home {
        /// Each club id with its articles.
        claims: Vec<Claimants<String>>,
        /// For people.
        message: String,
    },
}

impl Conflict {
    /// The message for people.
    pub fn message(&self) -> &str {
        match self {
            Conflict::Score { message, .. }
            | Conflict::Minute { message, .. }
            | Conflict::Scorer { message, .. }
            | Conflict::QuoteSpeaker { message, .. }
            | Conflict::Home { message, .. } => message,
        }
    }
}

/// The result of a goal-count check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum GoalStatus {
    /// As many goals as the score says.
    Ok,
    /// Fewer goals than the score says.
    Missing,
    /// More goals than the score says.
    Extra,
}

/// A consistency check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Check {
    /// Goals found for a club against its score (one per club when the score is known).
    Goals {
        /// Club id.
        team: String,
        /// Goals in the score.
        expected: u32,
        /// Goals found (its goals plus the other club's own goals).
        found: u32,
        /// The verdict.
        status: GoalStatus,
        /// For people.
        message: String,
    },
    /// A minute outside `1..=120` plus added time (only failures are listed).
    MinuteRange {
        /// The event type.
        #[serde(rename = "type")]
        kind: EventType,
        /// Player id.
        player: Option<String>,
        /// The minute.
        minute: u32,
        /// Added time.
        added: Option<u32>,
        /// The articles giving it.
        sources: Vec<String>,
        /// For people.
        message: String,
    },
}

impl Check {
    /// The message for people.
    pub fn message(&self) -> &str {
        match self {
            Check::Goals { message, .. } | Check::MinuteRange { message, .. } => message,
        }
    }

    /// Whether the check found a problem.
    pub fn failed(&self) -> bool {
        !matches!(
            self,
            Check::Goals {
                status: GoalStatus::Ok,
                ..
            }
        )
    }
}
