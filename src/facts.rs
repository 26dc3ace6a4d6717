//! The fact types every stage produces: mentions, scores, events and quotes.
//!
//! Facts hold byte offsets into their document and refer to gazetteer entities by index; the
//! [`crate::output`] stage turns them into the JSON of FORMATS.md section 2 (ids and `text`).

use std::sync::Arc;

use serde::Serialize;

use crate::candidates::{prepared_of, PreparedList, SharedList};
use crate::gazetteer::EntityKind;

/// Half-open byte range `[start, end)` into a document.
pub use crate::segment::Span;

/// How a mention was matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchKind {
    /// The canonical name.
    Exact,
    /// A listed alias.
    Alias,
    /// A person's surname, derived from the name.
    Surname,
    /// A misspelling found by fuzzy matching (diacritics and case aside).
    Fuzzy,
}

impl MatchKind {
    /// The name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            MatchKind::Exact => "exact",
            MatchKind::Alias => "alias",
            MatchKind::Surname => "surname",
            MatchKind::Fuzzy => "fuzzy",
        }
    }
}

/// A mention of a gazetteer entity.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// Start byte offset.
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
    /// The entity kind (of the resolved entity, or of the first candidate).
    pub kind: EntityKind,
    /// The resolved entity (index into the gazetteer), `None` when ambiguous.
    pub entity: Option<u32>,
    /// All entities the matched form can name, when more than one.
    pub candidates: Candidates,
    /// How it was matched.
    pub match_kind: MatchKind,
    /// Confidence in `[0, 1]`: 1 for exact forms, the similarity for fuzzy ones.
    pub score: f32,
}

impl Mention {
    /// The mention's span.
    pub fn span(&self) -> Span {
        Span {
            start: self.start,
            end: self.end,
        }
    }
}

/// The entities an ambiguous mention's form can name (gazetteer indices, in the form's order);
/// empty when the mention is not ambiguous. Reads as a slice (`&[u32]`).
///
/// Every mention of one form shares one list: a common surname names hundreds of people in a
/// large gazetteer, and its list is not copied per mention. A list the pipeline prepared
/// ([`crate::candidates::CandidateLists`]) carries what was prepared for it, so later stages
/// need no lookup; a list a stage narrows is a new list without it.
#[derive(Clone, Default)]
pub struct Candidates {
    /// `None` when empty (most mentions: no allocation).
    list: Option<Arc<SharedList>>,
}

impl Candidates {
    /// A list shared with the pipeline's prepared lists.
    pub(crate) fn shared_list(list: Arc<SharedList>) -> Candidates {
        Candidates {
            list: (!list.entities.is_empty()).then_some(list),
        }
    }

    /// The shared list (`None` when empty).
    pub(crate) fn shared(&self) -> Option<&SharedList> {
        self.list.as_deref()
    }

    /// What the pipeline prepared for the list, carried with it (no lookup): `None` for a list
    /// that is not one of a pipeline's prepared lists (a stage built or narrowed it).
    pub fn prepared(&self) -> Option<PreparedList<'_>> {
        prepared_of(self.shared()?)
    }

    /// Empties the list (the mention is settled).
    pub fn clear(&mut self) {
        *self = Candidates::default();
    }
}

impl std::ops::Deref for Candidates {
    type Target = [u32];

    fn deref(&self) -> &[u32] {
        match &self.list {
            Some(list) => &list.entities,
            None => &[],
        }
    }
}

impl From<Vec<u32>> for Candidates {
    fn from(list: Vec<u32>) -> Candidates {
        Candidates {
            list: (!list.is_empty()).then(|| Arc::new(SharedList::plain(list.into()))),
        }
    }
}

impl From<&[u32]> for Candidates {
    fn from(list: &[u32]) -> Candidates {
        Candidates {
            list: (!list.is_empty()).then(|| Arc::new(SharedList::plain(list.into()))),
        }
    }
}

impl FromIterator<u32> for Candidates {
    fn from_iter<I: IntoIterator<Item = u32>>(iter: I) -> Candidates {
        Candidates::from(iter.into_iter().collect::<Vec<u32>>())
    }
}

impl std::fmt::Debug for Candidates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// Lists are equal when their entities are, prepared or not.
impl PartialEq for Candidates {
    fn eq(&self, other: &Candidates) -> bool {
        **self == **other
    }
}

impl Eq for Candidates {}

impl PartialEq<[u32]> for Candidates {
    fn eq(&self, other: &[u32]) -> bool {
        **self == *other
    }
}

impl<const N: usize> PartialEq<[u32; N]> for Candidates {
    fn eq(&self, other: &[u32; N]) -> bool {
        **self == *other
    }
}

impl PartialEq<Vec<u32>> for Candidates {
    fn eq(&self, other: &Vec<u32>) -> bool {
        **self == **other
    }
}

/// A final result with both teams resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Score {
    /// The two clubs (gazetteer indices), parallel to `goals`.
    pub teams: [u32; 2],
    /// Goals of each team.
    pub goals: [u32; 2],
    /// The home club when the text says it.
    pub home: Option<u32>,
    /// Start of the evidence (the score and its teams as written).
    pub start: usize,
    /// End of the evidence.
    pub end: usize,
}

/// What happened at a minute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EventType {
    /// A goal.
    Goal,
    /// An own goal.
    OwnGoal,
    /// A goal ruled out.
    DisallowedGoal,
    /// A chance missed (wide, post, bar).
    Chance,
    /// A goalkeeper's save.
    Save,
    /// A yellow card.
    Booking,
    /// A red card.
    SendingOff,
    /// A substitution (the player is the one coming on).
    Substitution,
    /// An injury.
    Injury,
    /// Anything else stamped with a minute.
    Other,
}

impl EventType {
    /// All types, in output order.
    pub const ALL: [EventType; 10] = [
        EventType::Goal,
        EventType::OwnGoal,
        EventType::DisallowedGoal,
        EventType::Chance,
        EventType::Save,
        EventType::Booking,
        EventType::SendingOff,
        EventType::Substitution,
        EventType::Injury,
        EventType::Other,
    ];

    /// The name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::Goal => "goal",
            EventType::OwnGoal => "own_goal",
            EventType::DisallowedGoal => "disallowed_goal",
            EventType::Chance => "chance",
            EventType::Save => "save",
            EventType::Booking => "booking",
            EventType::SendingOff => "sending_off",
            EventType::Substitution => "substitution",
            EventType::Injury => "injury",
            EventType::Other => "other",
        }
    }

    /// Parses an output name.
    pub fn parse(s: &str) -> Option<EventType> {
        EventType::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

/// A match event stamped with a minute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// The minute (`90+3` is 93).
    pub minute: u32,
    /// Added time (`90+3` gives 3).
    pub added: Option<u32>,
    /// What happened.
    pub kind: EventType,
    /// The main actor (gazetteer index).
    pub player: Option<u32>,
    /// The player's or the text's club (gazetteer index).
    pub team: Option<u32>,
    /// Start of the minute expression.
    pub start: usize,
    /// End of the minute expression.
    pub end: usize,
}

/// Direct speech with its speaker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    /// Start of the quoted words (inside the marks).
    pub start: usize,
    /// End of the quoted words.
    pub end: usize,
    /// The speaker (gazetteer index), `None` when not in the gazetteer or unknown.
    pub speaker: Option<u32>,
    /// The words naming the speaker.
    pub speaker_span: Option<Span>,
}
