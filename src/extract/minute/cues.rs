//! Event types from cue words (`data/rules/minute-cues.txt`): the cues found in a stretch of text
//! decide what happened at a minute (goal, own goal, save, booking...).

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

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
    ///
    /// The automaton is a DFA: left to choose, Aho-Corasick builds a (contiguous) NFA for more
    /// than 100 patterns, which follows failure links byte by byte; the DFA reads each byte with
    /// one transition. The kind changes no match (tested against the NFA), only the cost.
    pub fn new() -> Result<Cues> {
        Cues::build(AhoCorasickKind::DFA)
    }

    /// [`Cues::new`] with the automaton of the given kind.
    fn build(kind: AhoCorasickKind) -> Result<Cues> {
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
            .kind(Some(kind))
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

    /// The matches (pattern, start, end) of the cue automaton in `text`.
    fn cue_matches(cues: &Cues, text: &str) -> Vec<(usize, usize, usize)> {
        cues.automaton
            .find_iter(text)
            .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
            .collect()
    }

    #[test]
    fn the_dfa_finds_what_the_nfa_finds() {
        let dfa = Cues::new().expect("cues compile");
        let nfa = Cues::build(AhoCorasickKind::ContiguousNFA).expect("cues compile");
        assert_eq!(dfa.automaton.kind(), AhoCorasickKind::DFA);
        let mut texts: Vec<String> = CUES.lines().map(str::to_string).collect();
        texts.push(CUES.to_string());
        texts.extend(crate::extract::seed_texts());
        texts.push("He SCORED a penalty, was booked and sent off; an own goal".to_string());
        let mut found = 0;
        for text in texts {
            for text in [text.to_ascii_uppercase(), text.to_ascii_lowercase(), text] {
                let fast = cue_matches(&dfa, &text);
                assert_eq!(fast, cue_matches(&nfa, &text), "text: {text:?}");
                found += fast.len();
            }
        }
        assert!(found > 300, "only {found} cues: the texts were not read");
    }

    proptest::proptest! {
        /// Any mix of cue words, parts of them and edges: the DFA finds what the NFA finds.
        #[test]
        fn the_dfa_finds_what_the_nfa_finds_anywhere(
            parts in proptest::collection::vec(0usize..CUE_PIECES.len(), 0..30)
        ) {
            static BOTH: std::sync::OnceLock<(Cues, Cues)> = std::sync::OnceLock::new();
            let (dfa, nfa) = BOTH.get_or_init(|| {
                (
                    Cues::new().expect("cues compile"),
                    Cues::build(AhoCorasickKind::ContiguousNFA).expect("cues compile"),
                )
            });
            let text: String = parts.iter().map(|&i| CUE_PIECES[i]).collect();
            proptest::prop_assert_eq!(cue_matches(dfa, &text), cue_matches(nfa, &text));
        }
    }

    /// Cue words, their parts, capitals and gaps.
    const CUE_PIECES: &[&str] = &[
        " ",
        ", ",
        "x",
        "é",
        "scored",
        "SCORED",
        "score",
        "goal",
        "own goal",
        "own",
        "booked",
        "yellow card",
        "yellow",
        "sent off",
        "sent",
        "off",
        "red card",
        "save",
        "saved",
        "header",
        "missed",
        "penalty",
        "replaced",
        "injury",
        "injured",
        "equaliser",
        "disallowed",
        "offside",
        "wide",
        "post",
        "bar",
        "near",
        "nearly",
    ];

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
