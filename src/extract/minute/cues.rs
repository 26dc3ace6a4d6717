//! Event types from cue words (`data/rules/minute-cues.txt`): the cues found in a stretch of text
//! decide what happened at a minute (goal, own goal, save, booking...).

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::expr::{rules_error, sections};
use crate::error::Result;
use crate::facts::EventType;

const CUES: &str = include_str!("../../../data/rules/minute-cues.txt");

/// What a cue says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cue {
    /// An event of this type.
    Type(EventType),
    /// A near miss: a goal cue becomes a chance.
    Near,
    /// Not a cue: hides the cue words inside it.
    None,
}

/// Types in the order they win when a clause holds cues of several.
const PRIORITY: [EventType; 9] = [
    EventType::OwnGoal,
    EventType::DisallowedGoal,
    EventType::SendingOff,
    EventType::Booking,
    EventType::Injury,
    EventType::Substitution,
    EventType::Goal,
    EventType::Save,
    EventType::Chance,
];

/// The compiled cue words.
#[derive(Debug)]
pub struct Cues {
    automaton: AhoCorasick,
    cues: Vec<Cue>,
}

impl Cues {
    /// Compiles the bundled cue list.
    pub fn new() -> Result<Cues> {
        let mut phrases = Vec::new();
        let mut cues = Vec::new();
        for (line, section, value) in sections("minute-cues.txt", CUES)? {
            let cue =
                match section {
                    "near" => Cue::Near,
                    "none" => Cue::None,
                    other => Cue::Type(EventType::parse(other).ok_or_else(|| {
                        rules_error("minute-cues.txt", line, "unknown event type")
                    })?),
                };
            phrases.push(value.to_ascii_lowercase());
            cues.push(cue);
        }
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(&phrases)
            .map_err(|e| rules_error("minute-cues.txt", 0, e))?;
        Ok(Cues { automaton, cues })
    }

    /// The event type the cues of `text[start..end]` point to, if any.
    pub fn event_type(&self, text: &str, start: usize, end: usize) -> Option<EventType> {
        self.event_type_in(text, &[(start, end)], |_, _| true)
    }

    /// The event type the cues of several stretches of text point to together, relative clauses
    /// (`, who replaced Zidane,`) and cues `keep` refuses (given their byte offset) left out.
    pub fn event_type_in(
        &self,
        text: &str,
        spans: &[(usize, usize)],
        keep: impl Fn(usize, EventType) -> bool,
    ) -> Option<EventType> {
        let mut found = [false; 9];
        let mut near = false;
        for &(start, end) in spans {
            // A near miss only qualifies a goal told in the same stretch.
            let mut near_here = false;
            let mut goal_here = false;
            let Some(hay) = text.get(start..end) else {
                continue;
            };
            let relative = relative_clauses(hay);
            for m in self.automaton.find_iter(hay) {
                if !whole_word(hay, m.start(), m.end())
                    || relative
                        .iter()
                        .any(|&(a, b)| a <= m.start() && m.start() < b)
                {
                    continue;
                }
                match self.cues[m.pattern().as_usize()] {
                    Cue::None => {}
                    Cue::Near => near_here = true,
                    Cue::Type(t) => {
                        if !keep(start + m.start(), t) {
                            continue;
                        }
                        goal_here |= t == EventType::Goal;
                        if let Some(i) = PRIORITY.iter().position(|&p| p == t) {
                            found[i] = true;
                        }
                    }
                }
            }
            near |= near_here && goal_here;
        }
        let best = PRIORITY
            .iter()
            .zip(found)
            .find_map(|(&t, f)| f.then_some(t))?;
        Some(if best == EventType::Goal && near {
            EventType::Chance
        } else {
            best
        })
    }

    /// Whether `text[start..end]` holds a cue of type `kind`.
    pub fn has(&self, text: &str, start: usize, end: usize, kind: EventType) -> bool {
        let Some(hay) = text.get(start..end) else {
            return false;
        };
        self.automaton.find_iter(hay).any(|m| {
            whole_word(hay, m.start(), m.end())
                && self.cues[m.pattern().as_usize()] == Cue::Type(kind)
        })
    }
}

/// The relative clauses of a text (`, who replaced Zidane,`), as byte ranges.
///
/// The openers start with a comma, so only the commas (found with `memchr`) are read as places
/// where one may start: the first comma at or after `from` that opens an opener is where
/// `str::find` of the opener from `from` lands, and the next comma after it is the clause's end
/// as [`relative_clauses_reference`] finds it. Same ranges, in the same order.
fn relative_clauses(s: &str) -> Vec<(usize, usize)> {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    for opener in [", who ", ", which "] {
        let mut from = 0;
        while let Some(i) = bytes.get(from..).and_then(|rest| {
            memchr::memchr_iter(b',', rest)
                .map(|j| from + j)
                .find(|&c| bytes[c..].starts_with(opener.as_bytes()))
        }) {
            let start = i + 1;
            let end = memchr::memchr(b',', &bytes[start..]).map_or(bytes.len(), |j| start + j);
            out.push((start, end));
            from = end.max(start + 1).min(bytes.len());
        }
    }
    out
}

/// [`relative_clauses`] as first written (`str::find` of each opener and of the next comma): the
/// reference it is tested against.
#[cfg(test)]
fn relative_clauses_reference(s: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for opener in [", who ", ", which "] {
        let mut from = 0;
        while let Some(i) = s[from..].find(opener) {
            let start = from + i + 1;
            let end = s[start..].find(',').map_or(s.len(), |j| start + j);
            out.push((start, end));
            from = end.max(start + 1).min(s.len());
        }
    }
    out
}

/// Whether `s[start..end]` is not part of a longer word.
pub(crate) fn whole_word(s: &str, start: usize, end: usize) -> bool {
    let b = s.as_bytes();
    let word = |c: u8| c.is_ascii_alphanumeric() || c >= 0x80;
    (start == 0 || !word(b[start - 1])) && b.get(end).is_none_or(|&c| !word(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Openers, commas and words, glued or apart.
    const PIECES: &[&str] = &[
        ",", ", ", " ", "who", "which", " who ", ", who ", ", which ", ",who ", ", whom ", "x",
        "é", "Zidane", "replaced", ", who,", ", which,",
    ];

    #[test]
    fn relative_clauses_match_reference_on_examples() {
        let texts = [
            "",
            ", who ",
            ", who replaced Zidane, scored",
            "Dybala, who was booked, and Pjanic, which hurt, left",
            ", who , who , which ,",
            ", which, who replaced, who",
            "no commas here who which",
            ",,, who ,, which ",
        ];
        for text in texts {
            assert_eq!(
                relative_clauses(text),
                relative_clauses_reference(text),
                "{text:?}"
            );
        }
        assert_eq!(relative_clauses(", who replaced Zidane, scored"), [(1, 21)]);
    }

    proptest::proptest! {
        /// Any mix of openers and commas: the same ranges in the same order.
        #[test]
        fn relative_clauses_match_reference(
            parts in proptest::collection::vec(0usize..PIECES.len(), 0..30)
        ) {
            let text: String = parts.iter().map(|&i| PIECES[i]).collect();
            proptest::prop_assert_eq!(relative_clauses(&text), relative_clauses_reference(&text));
        }
    }
}
