//! Final scores (the `scores` layer): match results with both teams resolved to gazetteer clubs.
//!
//! The stage finds what can carry a score in the text: number pairs (`4-0`, `2 - 1`), `goalless` and
//! `scoreless` draws, `by the same score` (the previous score in the text), and results lines
//! (`Juventus 0 Napoli 1`). It reads the words around each, inside its sentence, to decide whether
//! it is a final result and which club scored which goals:
//! - results lines and headlines (`Lazio 4 Sampdoria 0`, `Man City 0-2 Man Utd`): the first club
//!   is at home;
//! - result verbs before the score: `Lazio crushed Sampdoria 4-0` (the subject won),
//!   `lost 2-0 to Y`, `drew 1-1 with Y`, `were beaten 3-0 by Y`;
//! - result nouns after it: `Crotone's 2-1 win at Udinese`, `a 1-0 defeat at home to Benevento`,
//!   `a goalless draw with Bologna`. The result belongs to a possessive before the score, else to
//!   the object of `gave`/`earned`..., else to the subject of the clause (a club, else a named
//!   person's club from the gazetteer), else to the subject of the previous sentence;
//! - the opponent is the club after `against`/`over`/`to`/`at`/`with`..., else the club whose
//!   stadium the match was at, else the one other club named before the score or in the
//!   previous sentence.
//!
//! The winner gets the larger number whatever the order written. Interim scores (`2-0 up at
//! halftime`, `making it 2-0`), penalty shoot-outs, aggregates, hypotheticals (`if we lose 2-0`),
//! ranges, dates, odds and counts are not results. Each distinct result is kept once per
//! document; `home` is set only when the text says it (results lines, `at home to`, `at Y`, a
//! club's stadium).
//!
//! The stage does not match names itself, with one exception: a capitalised word of the name of a
//! club the document names in full (`United` after `Manchester United`) counts as that club.
//! National teams and clubs missing from the gazetteer give no result. Word lists are the data
//! files `data/rules/score-*.txt`, compiled into the binary and parsed once.

use std::borrow::Cow;
use std::cell::{Cell, OnceCell};

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use regex::Regex;

use super::Context;
use crate::facts::{Mention, Score, Span};
use crate::fold::fold;
use crate::gazetteer::EntityKind;
use crate::words::WordList;

mod trigger;

use trigger::FastTriggers;

#[cfg(test)]
mod reference;
#[cfg(test)]
mod tests;

/// A bundled rule file: its name (for messages) and its text.
macro_rules! rule_file {
    ($name:literal) => {
        ($name, include_str!(concat!("../../../data/rules/", $name)))
    };
}

/// The highest number read as a goal count: larger pairs are ranges or odds (`50-50`).
const MAX_GOALS: u32 = 20;
/// Modifier words allowed between a score and its result noun (`3-0 FA Cup fifth-round victory`).
const MAX_NOUN_MODIFIERS: usize = 4;
/// Modifier words allowed between a preposition or verb and the club it governs
/// (`over a determined Nottingham Forest`).
const MAX_CLUB_MODIFIERS: usize = 3;
/// Words looked at before a score for a hypothetical (`if we lose 2-0`).
const HYPOTHETICAL_REACH: usize = 5;
/// Tokens looked at around a score for a shoot-out or aggregate.
const NOT_RESULT_AFTER: usize = 6;
/// Words before a score looked at for a shoot-out or aggregate.
const NOT_RESULT_BEFORE: usize = 2;
/// Words allowed between a subject and its result verb (`Mauritius who beat`, `Liverpool have lost`).
const MAX_SUBJECT_GAP: usize = 3;
/// Tokens scanned after a result for its opponent, stadium or `at home`.
const OPPONENT_REACH: usize = 10;
/// The most distinct teams a previous sentence may name to lend its subject or opponent.
const MAX_PREVIOUS_TEAMS: usize = 2;
/// Shortest word of a club's name taken alone for the club (`City`, `Real`).
const MIN_CLUB_WORD: usize = 4;
/// Bytes of text per token, about, for the room [`ScoreRules::tokenize`] makes for them.
const TOKEN_BYTES: usize = 4;

/// A list of words or phrases read from a rule file, matched over tokens.
#[derive(Debug)]
struct Phrases {
    list: WordList,
    max_words: usize,
    /// What each entry, and each run of words an entry starts or ends with, is to the list
    /// ([`ENTRY`], [`HEAD`], [`TAIL`]): one hash lookup answers all three questions that
    /// [`Phrases::at`] and [`Phrases::before`] ask of a run of words.
    ///
    /// A head is the beginning of an entry that ends before a space (`at`, `at home` of `at
    /// home to`). Words that are not one cannot be continued into an entry, so [`Phrases::at`]
    /// stops there rather than joining the next word (which would cost a `String`). A tail is
    /// the end of an entry that starts after a space (`to`, `home to`), for [`Phrases::before`].
    words: HashMap<String, u8>,
}

/// In [`Phrases::words`]: the words are an entry of the list.
const ENTRY: u8 = 1;
/// In [`Phrases::words`]: an entry starts with the words and goes on after them.
const HEAD: u8 = 2;
/// In [`Phrases::words`]: an entry ends with the words and has words before them.
const TAIL: u8 = 4;

impl Phrases {
    /// The phrases of a bundled rule file.
    fn parse((name, text): (&'static str, &'static str)) -> Phrases {
        Phrases::from_list(WordList::parse(name, text))
    }

    /// The phrases of several lists together: an entry of any of them is one of the union's.
    /// (The entries are folded already; folding them again leaves them as they are.)
    fn union(name: &'static str, lists: &[&Phrases]) -> Phrases {
        let text: Vec<&str> = lists.iter().flat_map(|p| p.iter()).collect();
        Phrases::from_list(WordList::parse(name, &text.join("\n")))
    }

    /// The phrases of a parsed list.
    fn from_list(list: WordList) -> Phrases {
        let max_words = list
            .iter()
            .map(|p| p.split_whitespace().count())
            .max()
            .unwrap_or(0);
        let mut words: HashMap<String, u8> = HashMap::default();
        for entry in list.iter() {
            *words.entry(entry.to_string()).or_default() |= ENTRY;
            for (i, _) in entry.match_indices(' ') {
                *words.entry(entry[..i].to_string()).or_default() |= HEAD;
                *words.entry(entry[i + 1..].to_string()).or_default() |= TAIL;
            }
        }
        Phrases {
            list,
            max_words,
            words,
        }
    }

    /// What the words are to the list ([`ENTRY`], [`HEAD`], [`TAIL`]; 0 for none of them).
    fn flags(&self, words: &str) -> u8 {
        self.words.get(words).copied().unwrap_or(0)
    }

    /// Whether the list holds this one folded token.
    fn has(&self, token: &str) -> bool {
        self.flags(token) & ENTRY != 0
    }

    /// The entries, folded.
    fn iter(&self) -> impl Iterator<Item = &str> {
        self.list.iter()
    }

    /// The number of tokens of the longest entry that starts at `toks[i]`.
    fn at(&self, toks: &[Tok], i: usize) -> Option<usize> {
        let mut joined = String::new();
        let mut best = None;
        for k in 0..self.max_words {
            let Some(t) = toks.get(i + k) else { break };
            if t.kind != Kind::Word {
                break;
            }
            if k == 1 {
                joined.push_str(&toks[i].lower);
            }
            if k > 0 {
                joined.push(' ');
                joined.push_str(&t.lower);
            }
            let words: &str = if k == 0 { &t.lower } else { &joined };
            let flags = self.flags(words);
            if flags & ENTRY != 0 {
                best = Some(k + 1);
            }
            // No longer entry starts with these words.
            if flags & HEAD == 0 {
                break;
            }
        }
        best
    }

    /// The number of tokens of the longest entry that ends right before `toks[j]` and starts at
    /// or after `lo`.
    fn before(&self, toks: &[Tok], j: usize, lo: usize) -> Option<usize> {
        let mut best = None;
        let mut joined = String::new();
        for k in 1..=self.max_words {
            if j < lo + k {
                break;
            }
            let t = &toks[j - k];
            if t.kind != Kind::Word {
                break;
            }
            if k == 2 {
                joined.push_str(&toks[j - 1].lower);
            }
            if k > 1 {
                joined.insert(0, ' ');
                joined.insert_str(0, &t.lower);
            }
            let words: &str = if k == 1 { &t.lower } else { &joined };
            let flags = self.flags(words);
            if flags & ENTRY != 0 {
                best = Some(k);
            }
            // No longer entry ends with these words.
            if flags & TAIL == 0 {
                break;
            }
        }
        best
    }
}

/// The compiled score rules: the trigger patterns and the word lists, built once per run.
#[derive(Debug)]
pub struct ScoreRules {
    /// Score-like number pairs, goalless words and `by the same score` phrases.
    trigger: Regex,
    /// The same matches as `trigger` in a body, found without running it over every byte
    /// (`None` when the phrases are not what it reads).
    fast: Option<FastTriggers>,
    /// Every goalless and same-score phrase starts with an ASCII letter, so a trigger that starts
    /// with a digit is a score (see [`ScoreRules::triggers_from_body`]).
    phrases_start_with_letters: bool,
    /// A sentence end with no space after it (`at Udinese.Headers`), which the segmenter keeps.
    glued: Regex,
    win_verbs: Phrases,
    won_verbs: Phrases,
    lose_verbs: Phrases,
    draw_verbs: Phrases,
    win_nouns: Phrases,
    lose_nouns: Phrases,
    draw_nouns: Phrases,
    interim_before: Phrases,
    interim_after: Phrases,
    not_result: Phrases,
    units: Phrases,
    hypothetical: Phrases,
    object_preps: Phrases,
    opponent_preps: Phrases,
    give_verbs: Phrases,
    pronouns: Phrases,
    clause_breaks: Phrases,
    speaker_pronouns: Phrases,
    not_names: Phrases,
    match_words: Phrases,
    /// The result verbs (all four lists) and clause breaks together, for
    /// [`ScoreRules::is_stop_word`]: one lookup instead of five.
    stop_words: Phrases,
    /// The opponent and object prepositions together, for [`ScoreRules::is_stop_word`].
    stop_preps: Phrases,
}

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A word (folded in `lower`).
    Word,
    /// A bare number of one or two digits (results lines).
    Number(u32),
    /// A number pair such as `4-0`.
    Score(u32, u32),
    /// `goalless`, `scoreless`: 0-0 when a draw noun follows.
    Goalless,
    /// `by the same score`.
    SameScore,
    /// A club (gazetteer index).
    Club(u32),
    /// A person, with their club when the gazetteer gives one.
    Person(Option<u32>),
    /// A stadium (gazetteer index).
    Stadium(u32),
    /// Punctuation.
    Punct,
}

/// One token of a sentence (borrowing from the document text).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Tok<'a> {
    kind: Kind,
    start: usize,
    end: usize,
    /// A possessive follows the name (`Crotone's`).
    possessive: bool,
    /// The word starts with a capital letter.
    capital: bool,
    /// The folded text (words and punctuation): borrowed from the text when folding leaves it
    /// as it is, which most words are (see [`fold_cow`]).
    lower: Cow<'a, str>,
}

impl Tok<'_> {
    /// The club a club or person token stands for.
    fn team(&self) -> Option<u32> {
        match self.kind {
            Kind::Club(c) | Kind::Person(Some(c)) => Some(c),
            _ => None,
        }
    }

    fn club(&self) -> Option<u32> {
        match self.kind {
            Kind::Club(c) => Some(c),
            _ => None,
        }
    }

    fn is_word(&self) -> bool {
        self.kind == Kind::Word
    }
}

/// Whose ground the match was on, relative to the result's owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Home {
    Unknown,
    Owner,
    Opponent,
}

/// Which side won, from the owner's point of view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Won,
    Lost,
    Drew,
}

/// What a trigger token is, for the checks that apply to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Trigger {
    Score,
    Goalless,
    Same,
}

/// A result noun after the score.
#[derive(Debug, Clone, Copy)]
struct Noun {
    /// Token index just after the noun.
    end: usize,
    outcome: Outcome,
    home: Home,
}

/// A result verb before the score.
#[derive(Debug, Clone, Copy)]
struct Verb {
    /// Token index of the verb's first word.
    start: usize,
    outcome: Outcome,
    /// The object (`beat Juventus 1-0`): a club token, or a pronoun (no club).
    object: Option<usize>,
}

/// What follows a result: the opponent, where it was played.
#[derive(Debug, Clone, Copy)]
struct After {
    opponent: Option<(u32, usize)>,
    home: Home,
    stadium: Option<u32>,
    /// The last token index used.
    last: Option<usize>,
}

/// A result found in a sentence.
#[derive(Debug, Clone, Copy)]
struct Found {
    teams: [u32; 2],
    goals: [u32; 2],
    home: Option<u32>,
    start: usize,
    end: usize,
    /// The token index after the last one used: later results in the sentence start there.
    next: usize,
    /// The first team is the one the words are about (not a results line).
    owned: bool,
}

impl ScoreRules {
    /// Compiles the trigger patterns and parses the bundled word lists.
    pub fn new() -> crate::Result<ScoreRules> {
        let goalless = Phrases::parse(rule_file!("score-goalless.txt"));
        let same = Phrases::parse(rule_file!("score-same-score.txt"));
        // Each group's phrases as the pattern writes them, longest first, with their words.
        let forms = |p: &Phrases| {
            let mut forms: Vec<(String, Vec<String>)> = p
                .iter()
                .map(|f| {
                    let words: Vec<String> = f.split_whitespace().map(str::to_string).collect();
                    let form = words
                        .iter()
                        .map(|w| regex::escape(w))
                        .collect::<Vec<_>>()
                        .join(r"\s+");
                    (form, words)
                })
                .collect();
            forms.sort_by_key(|(f, _)| std::cmp::Reverse(f.len()));
            forms
        };
        let (goalless_forms, same_forms) = (forms(&goalless), forms(&same));
        let alternation = |forms: &[(String, Vec<String>)]| {
            forms
                .iter()
                .map(|(f, _)| f.as_str())
                .collect::<Vec<_>>()
                .join("|")
        };
        // ASCII word boundaries: a Unicode `\b` would stop the fast DFA at the first non-ASCII
        // character of the text (every curly quote), and triggers are ASCII anyway.
        let pattern = format!(
            r"(?i)(?P<score>(?-u:\b)\d{{1,2}} ?[-–—] ?\d{{1,2}}(?-u:\b))|(?P<nil>(?-u:\b)(?:{})(?-u:\b))|(?P<same>(?-u:\b)(?:{})(?-u:\b))",
            alternation(&goalless_forms),
            alternation(&same_forms)
        );
        // The pattern tries the goalless group before the same-score group.
        let fast = FastTriggers::new(
            &pattern,
            goalless_forms
                .into_iter()
                .chain(same_forms)
                .map(|(_, words)| words)
                .collect(),
        );
        let compile = |p: &str| {
            Regex::new(p).map_err(|e| crate::Error::Invalid(format!("score rule pattern: {e}")))
        };
        let phrases_start_with_letters = goalless
            .iter()
            .chain(same.iter())
            .all(|p| p.starts_with(|c: char| c.is_ascii_alphabetic()));
        let win_verbs = Phrases::parse(rule_file!("score-win-verbs.txt"));
        let won_verbs = Phrases::parse(rule_file!("score-won-verbs.txt"));
        let lose_verbs = Phrases::parse(rule_file!("score-lose-verbs.txt"));
        let draw_verbs = Phrases::parse(rule_file!("score-draw-verbs.txt"));
        let clause_breaks = Phrases::parse(rule_file!("score-clause-breaks.txt"));
        let object_preps = Phrases::parse(rule_file!("score-object-preps.txt"));
        let opponent_preps = Phrases::parse(rule_file!("score-opponent-preps.txt"));
        let stop_words = Phrases::union(
            "score-*-verbs.txt, score-clause-breaks.txt",
            &[
                &win_verbs,
                &won_verbs,
                &lose_verbs,
                &draw_verbs,
                &clause_breaks,
            ],
        );
        let stop_preps = Phrases::union(
            "score-opponent-preps.txt, score-object-preps.txt",
            &[&opponent_preps, &object_preps],
        );
        Ok(ScoreRules {
            trigger: compile(&pattern)?,
            fast,
            phrases_start_with_letters,
            glued: compile(r#"[a-z0-9)][.!?]["”’']?[A-Z"“‘]"#)?,
            win_verbs,
            won_verbs,
            lose_verbs,
            draw_verbs,
            win_nouns: Phrases::parse(rule_file!("score-win-nouns.txt")),
            lose_nouns: Phrases::parse(rule_file!("score-lose-nouns.txt")),
            draw_nouns: Phrases::parse(rule_file!("score-draw-nouns.txt")),
            interim_before: Phrases::parse(rule_file!("score-interim-before.txt")),
            interim_after: Phrases::parse(rule_file!("score-interim-after.txt")),
            not_result: Phrases::parse(rule_file!("score-not-result.txt")),
            units: Phrases::parse(rule_file!("score-units.txt")),
            hypothetical: Phrases::parse(rule_file!("score-hypothetical.txt")),
            object_preps,
            opponent_preps,
            give_verbs: Phrases::parse(rule_file!("score-give-verbs.txt")),
            pronouns: Phrases::parse(rule_file!("score-pronouns.txt")),
            clause_breaks,
            speaker_pronouns: Phrases::parse(rule_file!("score-speaker-pronouns.txt")),
            not_names: Phrases::parse(rule_file!("score-not-names.txt")),
            match_words: Phrases::parse(rule_file!("score-match-words.txt")),
            stop_words,
            stop_preps,
        })
    }

    /// Extracts the document's final results, each distinct result once, in text order.
    pub fn extract(&self, ctx: &Context<'_>) -> Vec<Score> {
        let Some(body_start) = ctx.sentences.first().map(|s| s.start) else {
            return Vec::new();
        };
        let found = self.body_matches(ctx, body_start);
        let mut windows: Vec<Span> = found
            .spans
            .iter()
            .filter_map(|&(s, _)| self.window_at(ctx, s))
            .collect();
        windows.extend(
            ctx.mentions
                .windows(2)
                .filter(|pair| results_line_gap(ctx.text, &pair[0], &pair[1]))
                .filter_map(|pair| self.window_at(ctx, pair[0].start)),
        );
        if windows.is_empty() {
            return Vec::new();
        }
        windows.sort_by_key(|w| (w.start, w.end));
        windows.dedup();

        let doc_clubs: HashSet<u32> = ctx
            .mentions
            .iter()
            .filter(|m| m.kind == EntityKind::Club)
            .filter_map(|m| m.entity)
            .collect();
        let club_words = club_words(ctx, &doc_clubs);
        let mut results: Vec<Score> = Vec::new();
        let mut last_goals: Option<[u32; 2]> = None;
        let mut toks = Vec::new();
        // A buffer for the next window's tokens (the one the previous window's tokens held).
        let mut spare = Vec::new();
        // The window whose tokens `toks` holds (the one scanned last).
        let mut in_toks: Option<Span> = None;
        for w in windows {
            let p = w
                .start
                .checked_sub(1)
                .and_then(|p| self.window_at(ctx, p))
                .filter(|p| p.end <= w.start);
            let previous = match p {
                // Consecutive windows (a trigger in each of two sentences in a row): the previous
                // window's tokens are the ones just scanned, and tokenizing is a pure function of
                // the window, so they are reused rather than made again.
                Some(p) if in_toks == Some(p) => Previous::ready(std::mem::take(&mut toks)),
                // Otherwise the tokens just scanned are not needed again: their buffer is
                // lent to the previous window's tokens (`into_tokens` hands it back either way).
                Some(p) => Previous::pending(
                    Some(PreviousWindow {
                        rules: self,
                        ctx,
                        window: p,
                        doc_clubs: &doc_clubs,
                        club_words: &club_words,
                        found: &found,
                    }),
                    std::mem::take(&mut toks),
                ),
                None => Previous::pending(None, std::mem::take(&mut toks)),
            };
            let mut next = std::mem::take(&mut spare);
            self.tokenize(ctx, w, &doc_clubs, &club_words, &found, &mut next);
            in_toks = Some(w);
            self.scan(&next, &previous, ctx, &mut last_goals, &mut results);
            spare = previous.into_tokens();
            toks = next;
        }
        results
    }

    /// Finds the results in one sentence's tokens, adding new ones to `results`.
    fn scan(
        &self,
        toks: &[Tok],
        prev: &Previous<'_, '_>,
        ctx: &Context<'_>,
        last_goals: &mut Option<[u32; 2]>,
        results: &mut Vec<Score>,
    ) {
        let mut lo = 0;
        // The team of the previous result in the sentence (`drawing 1-1 at Derby and losing 1-0
        // at Preston`).
        let mut carry: Option<u32> = None;
        for i in 0..toks.len() {
            if i < lo {
                continue;
            }
            let found = match toks[i].kind {
                Kind::Score(a, b) => {
                    let f = self.analyze(ctx, toks, i, lo, [a, b], Trigger::Score, prev, carry);
                    if f.is_none() && a <= MAX_GOALS && b <= MAX_GOALS && last_goals.is_none() {
                        *last_goals = Some([a.max(b), a.min(b)]);
                    }
                    f
                }
                Kind::Goalless => {
                    self.analyze(ctx, toks, i, lo, [0, 0], Trigger::Goalless, prev, carry)
                }
                Kind::SameScore => last_goals
                    .and_then(|g| self.analyze(ctx, toks, i, lo, g, Trigger::Same, prev, carry)),
                Kind::Number(_) => results_line(toks, i, lo).map(|f| Found { owned: false, ..f }),
                _ => None,
            };
            let Some(f) = found else { continue };
            lo = f.next;
            carry = f.owned.then_some(f.teams[0]);
            *last_goals = Some(f.goals);
            add_result(results, f);
        }
    }

    /// Reads one trigger: whether it is a final result, and whose.
    #[allow(clippy::too_many_arguments)]
    fn analyze(
        &self,
        ctx: &Context<'_>,
        toks: &[Tok],
        si: usize,
        lo: usize,
        goals: [u32; 2],
        trigger: Trigger,
        prev: &Previous<'_, '_>,
        carry: Option<u32>,
    ) -> Option<Found> {
        let n = toks.len();
        // `our 2-0 win`, `they beat us 5-0`: the speaker's team, not named.
        if si > lo && self.speaker_pronouns.has(&toks[si - 1].lower) {
            return None;
        }
        if trigger == Trigger::Score {
            if goals[0] > MAX_GOALS || goals[1] > MAX_GOALS {
                return None;
            }
            if self.interim_before.before(toks, si, lo).is_some()
                || self.units.at(toks, si + 1).is_some()
                || self.interim_after.at(toks, si + 1).is_some()
            {
                return None;
            }
            let from = si.saturating_sub(HYPOTHETICAL_REACH).max(lo);
            if toks[from..si]
                .iter()
                .any(|t| t.is_word() && self.hypothetical.has(&t.lower))
            {
                return None;
            }
            // `Man City 0-2 Man Utd`: a results line or headline, the first club at home.
            if si > lo && si + 1 < n && !toks[si - 1].possessive {
                if let (Some(x), Some(y)) = (toks[si - 1].club(), toks[si + 1].club()) {
                    if x != y {
                        return Some(Found {
                            teams: [x, y],
                            goals,
                            home: Some(x),
                            start: toks[si - 1].start,
                            end: toks[si + 1].end,
                            next: si + 2,
                            owned: false,
                        });
                    }
                }
            }
        }
        if self.is_shootout_or_aggregate(toks, si, lo) {
            return None;
        }
        let noun = self.find_noun(toks, si)?;
        if trigger == Trigger::Goalless
            && !matches!(
                noun,
                Some(Noun {
                    outcome: Outcome::Drew,
                    ..
                })
            )
        {
            return None;
        }
        let verb = match trigger {
            Trigger::Goalless => None,
            _ => self.find_verb(toks, si, lo),
        };

        // Who the result belongs to, what it was for them, and where its opponent is written.
        let (owner_tok, owner, outcome, object, after_from, noun_home, first_used) =
            match (verb, noun) {
                (
                    Some(
                        v @ Verb {
                            object: Some(_), ..
                        },
                    ),
                    _,
                )
                | (Some(v), None) => {
                    let (tok, owner) = self.verb_subject(toks, lo, v.start, prev, carry)?;
                    let after = noun.map_or(si + 1, |nn| nn.end);
                    let home = noun.map_or(Home::Unknown, |nn| nn.home);
                    (tok, owner, v.outcome, v.object, after, home, v.start)
                }
                (_, Some(nn)) => {
                    // `a 2-0 win for Chelsea over Arsenal`.
                    let for_club = toks
                        .get(nn.end)
                        .filter(|t| t.lower == "for")
                        .and_then(|_| toks.get(nn.end + 1)?.club());
                    if let Some(c) = for_club {
                        let q = nn.end + 1;
                        (Some(q), c, nn.outcome, None, q + 1, nn.home, si)
                    } else {
                        let (tok, owner) = self.noun_owner(toks, lo, si, prev, carry)?;
                        (tok, owner, nn.outcome, None, nn.end, nn.home, si)
                    }
                }
                (None, None) => return None,
            };
        let after = self.opponent_after(toks, after_from);
        let mut home = match (noun_home, after.home) {
            (h, Home::Unknown) => h,
            (_, h) => h,
        };
        let mut last = after.last.unwrap_or(after_from.saturating_sub(1)).max(si);
        let opponent = match object {
            Some(o) => toks[o].club().map(|c| (c, Some(o))),
            None => after.opponent.map(|(c, i)| (c, Some(i))),
        };
        let stadium_clubs = after.stadium.map(|s| stadium_clubs(ctx, s));
        // `beat them 2-1`: only a club of the same sentence.
        let prev = || {
            if object.is_some() {
                &[][..]
            } else {
                prev.get()
            }
        };
        let before = &toks[lo..si];
        let opponent = opponent
            .or_else(|| unique_other(before.iter().filter_map(Tok::club), owner).map(|c| (c, None)))
            .or_else(|| {
                // `Chelsea's 1-0 defeat at St James' Park`: the ground's club.
                let clubs = stadium_clubs.as_ref()?;
                unique_other(clubs.iter().copied(), owner).map(|c| (c, None))
            })
            .or_else(|| {
                unique_other(before.iter().filter_map(Tok::team), owner)
                    .or_else(|| unique_other(prev().iter().filter_map(Tok::club), owner))
                    .or_else(|| unique_other(prev().iter().filter_map(Tok::team), owner))
                    .map(|c| (c, None))
            });
        let (opponent, opponent_tok) = opponent?;
        if opponent == owner {
            return None;
        }
        if let Some(o) = opponent_tok {
            last = last.max(o);
        }
        if home == Home::Unknown {
            if let Some(clubs) = &stadium_clubs {
                if clubs.contains(&owner) {
                    home = Home::Owner;
                } else if clubs.contains(&opponent) {
                    home = Home::Opponent;
                }
            }
        }
        let home = match home {
            Home::Unknown => None,
            Home::Owner => Some(owner),
            Home::Opponent => Some(opponent),
        };
        let (hi, lo_goals) = (goals[0].max(goals[1]), goals[0].min(goals[1]));
        let goals = match outcome {
            Outcome::Won => [hi, lo_goals],
            Outcome::Lost => [lo_goals, hi],
            Outcome::Drew => goals,
        };
        let first = owner_tok.map_or(first_used, |t| t.min(first_used)).min(si);
        let last_tok = last.min(n - 1);
        Some(Found {
            teams: [owner, opponent],
            goals,
            home,
            start: toks[first].start,
            end: toks[last_tok].end.max(toks[si].end),
            next: last_tok + 1,
            owned: true,
        })
    }

    /// A penalty shoot-out or an aggregate around the score (`4-2 on penalties`).
    fn is_shootout_or_aggregate(&self, toks: &[Tok], si: usize, lo: usize) -> bool {
        let from = si.saturating_sub(NOT_RESULT_BEFORE).max(lo);
        for j in from..si {
            if self.not_result.at(toks, j).is_some() {
                return true;
            }
        }
        for j in si + 1..(si + 1 + NOT_RESULT_AFTER).min(toks.len()) {
            if !toks[j].is_word() {
                break;
            }
            if self.not_result.at(toks, j).is_some() {
                return true;
            }
        }
        false
    }

    /// The result noun after the score (`2-1 win`, `3-0 FA Cup victory`), `Err`-like `None` from
    /// `?` when the words say it is an interim score (`a 2-1 first-leg lead`).
    fn find_noun(&self, toks: &[Tok], si: usize) -> Option<Option<Noun>> {
        let mut home = Home::Unknown;
        let mut j = si + 1;
        let mut modifiers = 0;
        while j < toks.len() && modifiers <= MAX_NOUN_MODIFIERS {
            let t = &toks[j];
            if !t.is_word() {
                return Some(None);
            }
            let nouns = [
                (&self.win_nouns, Outcome::Won),
                (&self.lose_nouns, Outcome::Lost),
                (&self.draw_nouns, Outcome::Drew),
            ];
            for (list, outcome) in nouns {
                if let Some(k) = list.at(toks, j) {
                    return Some(Some(Noun {
                        end: j + k,
                        outcome,
                        home,
                    }));
                }
            }
            if j > si + 1 && self.interim_after.at(toks, j).is_some() {
                return None;
            }
            if self.is_stop_word(toks, j) {
                return Some(None);
            }
            match t.lower.as_ref() {
                "home" => home = Home::Owner,
                "away" => home = Home::Opponent,
                _ => {}
            }
            j += 1;
            modifiers += 1;
        }
        Some(None)
    }

    /// A word that ends a run of modifiers: a preposition or a result verb.
    ///
    /// The lists are looked up through their unions (`is_stop_word_reference` in the tests
    /// looks them up one by one, and this must say the same): an entry of any list is one of
    /// the union's, and the longest entry at `j` of the union exists exactly when one of a list
    /// does.
    fn is_stop_word(&self, toks: &[Tok], j: usize) -> bool {
        let w = toks[j].lower.as_ref();
        matches!(w, "and" | "but" | "of" | "which" | "who" | "that" | "as")
            || self.stop_words.has(w)
            || self.stop_preps.at(toks, j).is_some()
    }

    /// The result verb before the score: transitive with its object (`crushed Sampdoria 4-0`,
    /// `lost to Portugal 1-0`), or with the score right after it (`won 2-0`, `were beaten 3-0`).
    fn find_verb(&self, toks: &[Tok], si: usize, lo: usize) -> Option<Verb> {
        if si <= lo {
            return None;
        }
        let j = si - 1;
        let object =
            toks[j].club().is_some() || (toks[j].is_word() && self.pronouns.has(&toks[j].lower));
        if object {
            let mut p = j;
            let mut modifiers = 0;
            let mut prep = false;
            while p > lo {
                if !prep {
                    if let Some(k) = self.win_verbs.before(toks, p, lo) {
                        return Some(Verb {
                            start: p - k,
                            outcome: Outcome::Won,
                            object: Some(j),
                        });
                    }
                } else if let Some((k, outcome)) = self.intransitive_before(toks, p, lo) {
                    return Some(Verb {
                        start: p - k,
                        outcome,
                        object: Some(j),
                    });
                }
                let t = &toks[p - 1];
                if !t.is_word() {
                    break;
                }
                if !prep && self.opponent_preps.has(&t.lower) {
                    prep = true;
                } else if modifiers < MAX_CLUB_MODIFIERS && !prep && !self.is_stop_word(toks, p - 1)
                {
                    modifiers += 1;
                } else {
                    break;
                }
                p -= 1;
            }
            return None;
        }
        // The score right after the verb, with at most one adverb between (`won comfortably 3-0`).
        let mut ends = vec![si];
        if toks[j].is_word() && toks[j].lower.ends_with("ly") && j > lo {
            ends.push(j);
        }
        if let Some(k) = self.match_words.before(toks, si, lo) {
            ends.push(si - k);
        }
        for p in ends {
            let mut best: Option<(usize, Outcome)> = self.intransitive_before(toks, p, lo);
            if let Some(k) = self.win_verbs.before(toks, p, lo) {
                // A transitive verb with no object reads as passive: `were beaten 3-0 by Y`.
                if best.is_none_or(|(bk, _)| k > bk) {
                    best = Some((k, Outcome::Lost));
                }
            }
            if let Some((k, outcome)) = best {
                return Some(Verb {
                    start: p - k,
                    outcome,
                    object: None,
                });
            }
        }
        None
    }

    /// The longest intransitive result verb ending right before `toks[p]`.
    fn intransitive_before(&self, toks: &[Tok], p: usize, lo: usize) -> Option<(usize, Outcome)> {
        [
            (&self.won_verbs, Outcome::Won),
            (&self.lose_verbs, Outcome::Lost),
            (&self.draw_verbs, Outcome::Drew),
        ]
        .into_iter()
        .filter_map(|(list, outcome)| list.before(toks, p, lo).map(|k| (k, outcome)))
        .max_by_key(|&(k, _)| k)
    }

    /// Whether the club at `q` is governed by a preposition that makes it an object
    /// (`behind Chelsea`, `against leaders Juventus`).
    fn is_object(&self, toks: &[Tok], q: usize, lo: usize) -> bool {
        if self.object_preps.before(toks, q, lo).is_some()
            || self.win_verbs.before(toks, q, lo).is_some()
        {
            return true;
        }
        q > lo + 1
            && toks[q - 1].is_word()
            && !self.is_stop_word(toks, q - 1)
            && (self.object_preps.before(toks, q - 1, lo).is_some()
                || self.win_verbs.before(toks, q - 1, lo).is_some())
    }

    /// Whether `toks[lo..to]` names, in one capitalised word not in the gazetteer, what may be a
    /// team (`The Blues are poised to complain about ... Wednesday's 2-1 loss`): the sentence's
    /// team is then unknown, and the previous sentence's is not taken for it. Runs of several
    /// capitalised words are people's names (`Alan Shearer`) and do not count.
    fn names_unknown_team(&self, toks: &[Tok], lo: usize, to: usize) -> bool {
        let name = |q: usize| {
            let t = &toks[q];
            t.is_word() && t.capital && !self.not_names.has(&t.lower)
        };
        (lo..to).any(|q| {
            let alone = (q == lo || !name(q - 1)) && (q + 1 >= to || !name(q + 1));
            name(q) && alone && (q > 0 || toks[q].possessive)
        })
    }

    /// The start of the clause the token at `q` is in (after `while`, `;`...), not before `lo`.
    fn clause_start(&self, toks: &[Tok], lo: usize, q: usize) -> usize {
        (lo..q)
            .rev()
            .find(|&i| self.clause_breaks.has(&toks[i].lower))
            .map_or(lo, |i| i + 1)
    }

    /// The first club in `toks[from..to]` that is a subject, not an object, other than `not`:
    /// a club mention first, else a person's club.
    fn first_subject(
        &self,
        toks: &[Tok],
        from: usize,
        to: usize,
        not: Option<u32>,
    ) -> Option<(usize, u32)> {
        let ok = |q: usize, c: u32| Some(c) != not && !self.is_object(toks, q, from);
        (from..to)
            .find_map(|q| toks[q].club().filter(|&c| ok(q, c)).map(|c| (q, c)))
            .or_else(|| {
                (from..to).find_map(|q| match toks[q].kind {
                    Kind::Person(Some(c)) if ok(q, c) => Some((q, c)),
                    _ => None,
                })
            })
    }

    /// The subject of a clause ending before `to`: its first club, else the first club of the
    /// sentence part before it.
    fn clause_subject(&self, toks: &[Tok], lo: usize, to: usize) -> Option<(usize, u32)> {
        let start = self.clause_start(toks, lo, to);
        // `just behind Roma who warmed up ... with a 3-0 win`: a relative clause's club.
        let relative = (start + 1..to).rev().find_map(|q| {
            let who = matches!(toks[q].lower.as_ref(), "who" | "which");
            // `Roma who`, `Barcelona, who`.
            let club_at = if toks[q - 1].lower == "," && q >= start + 2 {
                q - 2
            } else {
                q - 1
            };
            who.then(|| toks[club_at].team().map(|c| (club_at, c)))
                .flatten()
        });
        if relative.is_some() {
            return relative;
        }
        self.first_subject(toks, start, to, None)
            .or_else(|| self.first_subject(toks, lo, start, None))
    }

    /// Who did what the verb at `vstart` says: the club just before it (`Lazio crushed`,
    /// `Mauritius who beat`), else the clause's subject, else the previous sentence's.
    fn verb_subject(
        &self,
        toks: &[Tok],
        lo: usize,
        vstart: usize,
        prev: &Previous<'_, '_>,
        carry: Option<u32>,
    ) -> Option<(Option<usize>, u32)> {
        for q in (lo..vstart).rev() {
            if vstart - q - 1 > MAX_SUBJECT_GAP {
                break;
            }
            let t = &toks[q];
            if let Some(c) = t.team() {
                if !self.is_object(toks, q, lo) {
                    return Some((Some(q), c));
                }
                break;
            }
            if t.is_word() && self.speaker_pronouns.has(&t.lower) {
                return None;
            }
            // `which the Blues won 1-0`, `Spain won 1-0`: a team not in the gazetteer.
            if t.is_word() && t_is_capitalised(t) && !self.not_names.has(&t.lower) {
                return None;
            }
            let relative = matches!(t.lower.as_ref(), "who" | "which" | "that");
            if !t.is_word() || (self.is_stop_word(toks, q) && !relative) {
                break;
            }
        }
        if let Some((q, c)) = self.clause_subject(toks, lo, vstart) {
            return Some((Some(q), c));
        }
        if let Some(c) = carry {
            return Some((None, c));
        }
        if self.names_unknown_team(toks, lo, vstart) {
            return None;
        }
        let prev = prev.get();
        self.first_subject(prev, 0, prev.len(), None)
            .map(|(_, c)| (None, c))
    }

    /// Whose a result noun is: a possessive right before the score (`Crotone's 2-1 win`), the
    /// object of a giving verb (`gave Inter Milan a 2-1 win`), the clause's subject, or the
    /// previous sentence's subject.
    fn noun_owner(
        &self,
        toks: &[Tok],
        lo: usize,
        si: usize,
        prev: &Previous<'_, '_>,
        carry: Option<u32>,
    ) -> Option<(Option<usize>, u32)> {
        for q in (lo..si).rev().take(MAX_CLUB_MODIFIERS + 1) {
            let t = &toks[q];
            if let Some(c) = t.team() {
                if t.possessive {
                    return Some((Some(q), c));
                }
                break;
            }
            if !t.is_word() || self.is_stop_word(toks, q) {
                break;
            }
        }
        for q in (lo..si.saturating_sub(1)).rev() {
            if toks[q].is_word() && self.give_verbs.has(&toks[q].lower) {
                if let Some(c) = toks[q + 1].team() {
                    return Some((Some(q + 1), c));
                }
            }
        }
        if let Some((q, c)) = self.clause_subject(toks, lo, si) {
            return Some((Some(q), c));
        }
        if let Some(c) = carry {
            return Some((None, c));
        }
        if self.names_unknown_team(toks, lo, si) {
            return None;
        }
        let prev = prev.get();
        self.first_subject(prev, 0, prev.len(), None)
            .map(|(_, c)| (None, c))
    }

    /// The opponent written after a result (`against Juventus`, `at home to bottom club
    /// Benevento`), the stadium it was at, and whether it says who was at home.
    fn opponent_after(&self, toks: &[Tok], from: usize) -> After {
        let mut after = After {
            opponent: None,
            home: Home::Unknown,
            stadium: None,
            last: None,
        };
        // The preposition in force and the modifiers since it.
        let mut prep: Option<&str> = None;
        let mut modifiers = 0;
        let mut j = from;
        let end = (from + OPPONENT_REACH).min(toks.len());
        while j < end {
            let t = &toks[j];
            match t.kind {
                Kind::Club(c) => {
                    if after.opponent.is_some() || prep.is_none() || t.possessive {
                        if t.possessive && after.opponent.is_none() && prep.is_some() {
                            // `over Cameroon's Cotonsport`: look on.
                            modifiers += 1;
                            j += 1;
                            continue;
                        }
                        break;
                    }
                    after.opponent = Some((c, j));
                    after.last = Some(j);
                    if matches!(prep, Some("at" | "away at" | "away to")) {
                        after.home = Home::Opponent;
                    }
                    prep = None;
                }
                Kind::Stadium(s) => {
                    if matches!(prep, Some("at" | "in")) {
                        after.stadium = Some(s);
                        after.last = Some(j);
                    }
                    break;
                }
                Kind::Person(_) if prep.is_some() && t.possessive => modifiers += 1,
                Kind::Word => {
                    let w = t.lower.as_ref();
                    if w == "at" && toks.get(j + 1).is_some_and(|n| n.lower == "home") {
                        if let Some(k) = self.opponent_preps.at(toks, j).filter(|&k| k > 2) {
                            after.home = Home::Owner;
                            prep = Some("at home to");
                            modifiers = 0;
                            j += k;
                            continue;
                        }
                        after.home = Home::Owner;
                        after.last = Some(j + 1);
                        prep = None;
                        j += 2;
                        continue;
                    }
                    if let Some(k) = self.opponent_preps.at(toks, j) {
                        if prep.is_some() || after.opponent.is_some() && w != "at" && w != "in" {
                            if after.opponent.is_some() {
                                prep = None;
                                j += k;
                                continue;
                            }
                            break;
                        }
                        prep = Some(match (w, k) {
                            ("away", _) => "away at",
                            ("at", 1) => "at",
                            _ => "other",
                        });
                        modifiers = 0;
                        j += k;
                        continue;
                    }
                    if w == "in" {
                        prep = Some("in");
                        modifiers = 0;
                    } else if prep.is_some()
                        && modifiers < MAX_CLUB_MODIFIERS
                        && !self.is_stop_word(toks, j)
                    {
                        modifiers += 1;
                    } else if prep.is_none()
                        && after.opponent.is_none()
                        && j - from < 3
                        && !self.is_stop_word(toks, j)
                    {
                        // `a 2-1 win on Sunday over Y`: a few words before the preposition.
                    } else if prep.is_none()
                        && after.opponent.is_some()
                        && !self.is_stop_word(toks, j)
                    {
                        // Words after the opponent, before a stadium (`with City at Highbury`).
                    } else {
                        break;
                    }
                }
                _ => break,
            }
            j += 1;
        }
        after
    }

    /// The sentence, or the part of it between glued sentence ends, that holds byte `pos`.
    fn window_at(&self, ctx: &Context<'_>, pos: usize) -> Option<Span> {
        let s = *ctx.sentences.get(ctx.sentence_index(pos)?)?;
        let text = ctx.text.get(s.start..s.end)?;
        let p = pos.min(s.end.saturating_sub(1));
        let mut start = s.start;
        let mut end = s.end;
        for m in self.glued.find_iter(text) {
            let last = m.as_str().chars().next_back().map_or(0, char::len_utf8);
            let boundary = s.start + m.end() - last;
            if boundary <= p {
                start = boundary;
            } else {
                end = boundary;
                break;
            }
        }
        (start < end).then_some(Span { start, end })
    }

    /// The trigger pattern's matches in the body (the text from `body_start` on), as byte ranges of
    /// the whole text.
    fn body_matches(&self, ctx: &Context<'_>, body_start: usize) -> BodyMatches {
        let body = ctx.text.get(body_start..).unwrap_or("");
        let spans = match self.fast.as_ref().and_then(|f| f.find(body)) {
            Some(spans) => spans
                .into_iter()
                .map(|(s, e)| (body_start + s, body_start + e))
                .collect(),
            None => self
                .trigger
                .find_iter(body)
                .map(|m| (body_start + m.start(), body_start + m.end()))
                .collect(),
        };
        BodyMatches {
            start: body_start,
            spans,
        }
    }

    /// The triggers of the captures of the trigger pattern in window `w`, with their kinds.
    fn trigger_kinds<'h>(
        &self,
        text: &str,
        w: Span,
        captures: impl Iterator<Item = regex::Captures<'h>>,
    ) -> Vec<(usize, usize, Kind)> {
        captures
            .filter_map(|c| {
                let m = c.get(0)?;
                let (s, e) = (w.start + m.start(), w.start + m.end());
                let kind = if c.name("score").is_some() {
                    score_value(text, s, e)?
                } else if c.name("nil").is_some() {
                    Kind::Goalless
                } else {
                    Kind::SameScore
                };
                Some((s, e, kind))
            })
            .collect()
    }

    /// The triggers of window `w` taken from the body's matches, which spares searching the window
    /// again; `None` when they might differ from a search of the window alone.
    ///
    /// Why they are the same: the pattern looks around only through ASCII word boundaries, so when
    /// the bytes just outside the window are not ASCII word bytes (or are outside the body), every
    /// match of the window alone matches in the body at the same place, and a match of the body
    /// that stays inside the window matches in the window alone. If no body match crosses an edge
    /// of the window, leftmost-first searches of the two then find the same matches inside it.
    /// A match that starts with a digit is a score (the phrases start with ASCII letters, checked
    /// when the rules are built); the others, rare, are captured again from where they start.
    fn triggers_from_body(
        &self,
        text: &str,
        window: &str,
        w: Span,
        found: &BodyMatches,
    ) -> Option<Vec<(usize, usize, Kind)>> {
        let word = |i: usize| text.as_bytes().get(i).is_some_and(|&b| is_word_byte(b));
        if !self.phrases_start_with_letters
            || w.start < found.start
            || (w.start > found.start && word(w.start - 1))
            || word(w.end)
        {
            return None;
        }
        let spans = &found.spans;
        let first = spans.partition_point(|&(_, e)| e <= w.start);
        let mut out = Vec::new();
        for &(s, e) in &spans[first..] {
            if s >= w.end {
                break;
            }
            if s < w.start || e > w.end {
                return None;
            }
            if text[s..].starts_with(|c: char| c.is_numeric()) {
                if let Some(kind) = score_value(text, s, e) {
                    out.push((s, e, kind));
                }
                continue;
            }
            let c = self.trigger.captures_at(window, s - w.start)?;
            let m = c.get(0)?;
            if (w.start + m.start(), w.start + m.end()) != (s, e) {
                return None;
            }
            out.extend(self.trigger_kinds(text, w, std::iter::once(c)));
        }
        Some(out)
    }

    /// Splits a window into tokens: mentions, triggers, numbers, words and punctuation.
    fn tokenize<'a>(
        &self,
        ctx: &Context<'a>,
        w: Span,
        doc_clubs: &HashSet<u32>,
        club_words: &HashMap<String, Option<u32>>,
        found: &BodyMatches,
        out: &mut Vec<Tok<'a>>,
    ) {
        out.clear();
        let text = ctx.text;
        let Some(window) = text.get(w.start..w.end) else {
            return;
        };
        let triggers = match self.triggers_from_body(text, window, w, found) {
            Some(t) => t,
            None => self.trigger_kinds(text, w, self.trigger.captures_iter(window)),
        };
        let mentions = ctx.mentions_in(w.start, w.end);
        // Room for the tokens up front (about one token in `TOKEN_BYTES` bytes; a few more or
        // less does not matter), rather than growing the buffer, and copying its tokens, four
        // times over.
        out.reserve(window.len() / TOKEN_BYTES + 1);
        let (mut mi, mut ti) = (0, 0);
        let mut pos = w.start;
        let bytes = window.as_bytes();
        while pos < w.end {
            // An ASCII byte is its own character (most are); others are decoded.
            let c = match bytes.get(pos - w.start) {
                Some(&b) if b.is_ascii() => char::from(b),
                _ => match text[pos..w.end].chars().next() {
                    Some(c) => c,
                    None => break,
                },
            };
            if c.is_whitespace() {
                pos += c.len_utf8();
                continue;
            }
            while mi < mentions.len() && mentions[mi].start < pos {
                mi += 1;
            }
            while ti < triggers.len() && triggers[ti].0 < pos {
                ti += 1;
            }
            if let Some(m) = mentions
                .get(mi)
                .filter(|m| m.start == pos && m.end <= w.end)
            {
                let (possessive, next) = possessive_after(text, m.end, w.end);
                out.push(Tok {
                    kind: mention_kind(ctx, m, doc_clubs),
                    start: m.start,
                    end: m.end,
                    possessive,
                    capital: false,
                    lower: fold_cow(&text[m.start..m.end]),
                });
                pos = next;
                continue;
            }
            if let Some(&(s, e, kind)) = triggers.get(ti).filter(|t| t.0 == pos) {
                out.push(Tok {
                    kind,
                    start: s,
                    end: e,
                    possessive: false,
                    capital: false,
                    lower: fold_cow(&text[s..e]),
                });
                pos = e;
                continue;
            }
            if c.is_alphanumeric() {
                let limit = [
                    mentions.get(mi).map(|m| m.start),
                    triggers.get(ti).map(|t| t.0),
                ]
                .into_iter()
                .flatten()
                .filter(|&x| x > pos)
                .min()
                .unwrap_or(w.end)
                .min(w.end);
                let end = word_end(text, pos, limit);
                let word = &text[pos..end];
                let (stem, possessive) = strip_possessive(word);
                let lower = fold_cow(stem);
                let kind = if stem.len() <= 2 && stem.bytes().all(|b| b.is_ascii_digit()) {
                    stem.parse().map_or(Kind::Word, Kind::Number)
                } else if c.is_uppercase() {
                    match club_words.get(lower.as_ref()) {
                        Some(Some(club)) => Kind::Club(*club),
                        _ => Kind::Word,
                    }
                } else {
                    Kind::Word
                };
                out.push(Tok {
                    kind,
                    start: pos,
                    end: pos + stem.len(),
                    possessive,
                    capital: c.is_uppercase(),
                    lower,
                });
                pos = end;
                continue;
            }
            out.push(Tok {
                kind: Kind::Punct,
                start: pos,
                end: pos + c.len_utf8(),
                possessive: false,
                capital: false,
                // Punctuation is its own folding (the reference: `c.to_string()`).
                lower: Cow::Borrowed(&text[pos..pos + c.len_utf8()]),
            });
            pos += c.len_utf8();
        }
    }
}

/// The tokens of the window before the one being scanned: a rule that finds no team in a
/// result's own sentence takes one from the previous sentence. Made the first time a rule asks
/// for them, as most results name their teams in their own sentence; the same tokens either way
/// (tokenizing is a pure function of the window).
struct Previous<'p, 'a> {
    /// The tokens, once made (after [`limit_previous`]).
    toks: OnceCell<Vec<Tok<'a>>>,
    /// What to make them from, when they were not given (`None`: there is no previous window,
    /// and the tokens are none).
    window: Option<PreviousWindow<'p, 'a>>,
    /// A buffer to make them in, so that a document's windows reuse a few buffers rather than
    /// growing a new one each (its contents are not read).
    buffer: Cell<Vec<Tok<'a>>>,
}

/// What the previous window's tokens are made from.
struct PreviousWindow<'p, 'a> {
    rules: &'p ScoreRules,
    ctx: &'p Context<'a>,
    window: Span,
    doc_clubs: &'p HashSet<u32>,
    club_words: &'p HashMap<String, Option<u32>>,
    found: &'p BodyMatches,
}

impl<'p, 'a> Previous<'p, 'a> {
    /// Tokens already made.
    fn ready(mut toks: Vec<Tok<'a>>) -> Self {
        limit_previous(&mut toks);
        Previous {
            toks: OnceCell::from(toks),
            window: None,
            buffer: Cell::default(),
        }
    }

    /// The tokens of a window, made in `buffer` when first asked for (none without a window).
    fn pending(window: Option<PreviousWindow<'p, 'a>>, buffer: Vec<Tok<'a>>) -> Self {
        Previous {
            toks: OnceCell::new(),
            window,
            buffer: Cell::new(buffer),
        }
    }

    /// The tokens.
    fn get(&self) -> &[Tok<'a>] {
        self.toks.get_or_init(|| {
            let mut toks = self.buffer.take();
            toks.clear();
            if let Some(p) = &self.window {
                let (ctx, w) = (p.ctx, p.window);
                p.rules
                    .tokenize(ctx, w, p.doc_clubs, p.club_words, p.found, &mut toks);
                limit_previous(&mut toks);
            }
            toks
        })
    }

    /// The tokens' buffer, for reuse: the tokens once made, else the buffer lent (its contents
    /// are not to be read).
    fn into_tokens(self) -> Vec<Tok<'a>> {
        self.toks
            .into_inner()
            .unwrap_or_else(|| self.buffer.into_inner())
    }
}

/// A list of clubs (`AC Milan, Bayer Leverkusen, Juventus, Lyon.`) says nothing about who played
/// whom: a previous sentence naming more than [`MAX_PREVIOUS_TEAMS`] teams lends none.
fn limit_previous(prev: &mut Vec<Tok<'_>>) {
    let teams: HashSet<u32> = prev.iter().filter_map(Tok::team).collect();
    if teams.len() > MAX_PREVIOUS_TEAMS {
        prev.clear();
    }
}

/// The trigger pattern's matches in a document's body, found once per document.
#[derive(Debug)]
struct BodyMatches {
    /// Where the body starts (the first sentence).
    start: usize,
    /// The matches (byte ranges of the whole text), in order.
    spans: Vec<(usize, usize)>,
}

/// An ASCII word byte, as the pattern's ASCII word boundaries see it.
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// `fold(s)`, borrowed when folding leaves `s` as it is: ASCII without capitals folds to itself
/// (`fold` lowercases ASCII text and does nothing else to it), which spares most tokens a `String`.
fn fold_cow(s: &str) -> Cow<'_, str> {
    if s.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(fold(s))
    }
}

/// The one club of `clubs` other than `owner`, if there is exactly one.
fn unique_other(clubs: impl Iterator<Item = u32>, owner: u32) -> Option<u32> {
    let set: HashSet<u32> = clubs.filter(|&c| c != owner).collect();
    if set.len() == 1 {
        set.into_iter().next()
    } else {
        None
    }
}

/// Whether a word token is written with a capital letter.
fn t_is_capitalised(t: &Tok) -> bool {
    t.capital
}

/// Adds a result unless the same result (same clubs and goals) is already there; a repeat can
/// still say who was at home.
fn add_result(results: &mut Vec<Score>, f: Found) {
    let key = |teams: [u32; 2], goals: [u32; 2]| {
        let mut k = [(teams[0], goals[0]), (teams[1], goals[1])];
        k.sort_unstable();
        k
    };
    let k = key(f.teams, f.goals);
    if let Some(old) = results.iter_mut().find(|s| key(s.teams, s.goals) == k) {
        if old.home.is_none() {
            old.home = f.home;
        }
        return;
    }
    results.push(Score {
        teams: f.teams,
        goals: f.goals,
        home: f.home,
        start: f.start,
        end: f.end,
    });
}

/// A results line `Juventus 0 Napoli 1` at token `i` (the first number): alone in its sentence
/// part, the first club at home.
fn results_line(toks: &[Tok], i: usize, lo: usize) -> Option<Found> {
    if i == 0 || i - 1 < lo {
        return None;
    }
    let first = &toks[i - 1];
    let x = first.club()?;
    let Kind::Number(a) = toks[i].kind else {
        return None;
    };
    let y = toks.get(i + 1)?.club()?;
    let Kind::Number(b) = toks.get(i + 2)?.kind else {
        return None;
    };
    let alone_before = i - 1 == lo || toks[i - 2].kind == Kind::Punct;
    let alone_after = toks.get(i + 3).is_none_or(|t| t.kind == Kind::Punct);
    if x == y || first.possessive || !alone_before || !alone_after || a > MAX_GOALS || b > MAX_GOALS
    {
        return None;
    }
    Some(Found {
        teams: [x, y],
        goals: [a, b],
        home: Some(x),
        start: first.start,
        end: toks[i + 2].end,
        next: i + 3,
        owned: false,
    })
}

/// Whether two mentions may be the clubs of a results line: `Juventus 0 Napoli`.
fn results_line_gap(text: &str, a: &Mention, b: &Mention) -> bool {
    if a.kind != EntityKind::Club || b.kind != EntityKind::Club || a.end >= b.start {
        return false;
    }
    let gap = text.get(a.end..b.start).unwrap_or("");
    let digits = gap.trim();
    gap.starts_with([' ', '\t'])
        && gap.ends_with([' ', '\t'])
        && (1..=2).contains(&digits.len())
        && digits.bytes().all(|c| c.is_ascii_digit())
}

/// The two numbers of a score match `[s, e)`, unless it is part of something longer (`4-4-2`,
/// `1.5-2`, `2004-05`).
fn score_value(text: &str, s: usize, e: usize) -> Option<Kind> {
    let before = text[..s].chars().next_back();
    if before.is_some_and(|c| {
        c.is_ascii_digit() || matches!(c, '-' | '–' | '—' | '.' | ',' | ':' | '/' | '+')
    }) {
        return None;
    }
    let mut after = text[e..].chars();
    if let Some(c) = after.next() {
        let then = after.next();
        if matches!(c, '-' | '–' | '—' | '.' | ':' | '/')
            && then.is_some_and(|d| d.is_ascii_digit())
        {
            return None;
        }
    }
    let mut numbers = text[s..e]
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .map(str::parse::<u32>);
    let a = numbers.next()?.ok()?;
    let b = numbers.next()?.ok()?;
    Some(Kind::Score(a, b))
}

/// A possessive right after a name ending at `end` (`'s`, `’s`, or `'` after an s): whether there
/// is one, and where the text goes on.
fn possessive_after(text: &str, end: usize, limit: usize) -> (bool, usize) {
    let rest = text.get(end..limit).unwrap_or("");
    for p in ["'s", "’s", "'S", "’S"] {
        if let Some(r) = rest.strip_prefix(p) {
            if !r.starts_with(|c: char| c.is_alphanumeric()) {
                return (true, end + p.len());
            }
        }
    }
    let ends_s = text[..end].ends_with(['s', 'S']);
    for p in ["'", "’"] {
        if ends_s {
            if let Some(r) = rest.strip_prefix(p) {
                if !r.starts_with(|c: char| c.is_alphanumeric()) {
                    return (true, end + p.len());
                }
            }
        }
    }
    (false, end)
}

/// A word without its possessive ending, and whether it had one.
fn strip_possessive(word: &str) -> (&str, bool) {
    for p in ["'s", "’s", "'S", "’S"] {
        if let Some(stem) = word.strip_suffix(p) {
            if !stem.is_empty() {
                return (stem, true);
            }
        }
    }
    (word, false)
}

/// The end of the word starting at `pos`: letters and digits, with `'`, `’`, `-` and `.` kept
/// inside it (`last-gasp`, `Sunday's`).
///
/// ASCII bytes are read one by one, without decoding characters; at the first non-ASCII byte
/// (or `'`, `-` before one) the character loop of [`word_end_chars`] takes over from there.
fn word_end(text: &str, pos: usize, limit: usize) -> usize {
    let s = &text[pos..limit];
    let b = s.as_bytes();
    let (mut i, mut end) = (0, 0);
    while let Some(&c) = b.get(i) {
        if c.is_ascii_alphanumeric() {
            i += 1;
            end = i;
            continue;
        }
        let next = b.get(i + 1);
        if matches!(c, b'\'' | b'-') && next.is_some_and(u8::is_ascii_alphanumeric) {
            i += 1;
            continue;
        }
        if c.is_ascii() && next.is_none_or(u8::is_ascii) {
            break;
        }
        // `i` is a character boundary: every byte before it is ASCII.
        end = word_end_chars(s, i, end);
        break;
    }
    pos + end.max(s.chars().next().map_or(0, char::len_utf8))
}

/// The word loop of [`word_end`] over the characters of `s` from byte `from` on, the word
/// reaching `end` so far.
fn word_end_chars(s: &str, from: usize, mut end: usize) -> usize {
    let mut chars = s[from..].char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_alphanumeric() {
            end = from + i + c.len_utf8();
        } else if matches!(c, '\'' | '’' | '-')
            && chars.peek().is_some_and(|&(_, n)| n.is_alphanumeric())
        {
            continue;
        } else {
            break;
        }
    }
    end
}

/// The token kind of a mention: a club, a person with their club, a stadium, or a plain word
/// when the name is ambiguous (unless only one of its clubs is named elsewhere in the document).
fn mention_kind(ctx: &Context<'_>, m: &Mention, doc_clubs: &HashSet<u32>) -> Kind {
    let g = ctx.gazetteer;
    let entity = m.entity.or_else(|| {
        let named: Vec<u32> = m
            .candidates
            .iter()
            .copied()
            .filter(|c| doc_clubs.contains(c))
            .collect();
        (named.len() == 1).then(|| named[0])
    });
    let Some(e) = entity else {
        return Kind::Word;
    };
    match g.kind_of(e as usize) {
        Some(EntityKind::Club) => Kind::Club(e),
        Some(EntityKind::Stadium) => Kind::Stadium(e),
        Some(_) => Kind::Person(g.club_of(e as usize).and_then(|c| u32::try_from(c).ok())),
        None => Kind::Word,
    }
}

/// The clubs that play at a stadium.
fn stadium_clubs(ctx: &Context<'_>, stadium: u32) -> Vec<u32> {
    let g = ctx.gazetteer;
    g.entities()
        .get(stadium as usize)
        .map(|s| {
            s.clubs
                .iter()
                .filter_map(|id| g.index_of(id))
                .filter_map(|i| u32::try_from(i).ok())
                .collect()
        })
        .unwrap_or_default()
}

/// Capitalised words of the names of clubs the document names, standing alone for the club
/// (`United` after `Manchester United`, `City` after `Bristol City`): folded word -> club, `None`
/// when two named clubs share the word. The club's city (`Manchester`) is not one of them.
fn club_words(ctx: &Context<'_>, doc_clubs: &HashSet<u32>) -> HashMap<String, Option<u32>> {
    let mut words: HashMap<String, Option<u32>> = HashMap::default();
    let entities = ctx.gazetteer.entities();
    let mut clubs: Vec<u32> = doc_clubs.iter().copied().collect();
    clubs.sort_unstable();
    for c in clubs {
        let Some(e) = entities.get(c as usize) else {
            continue;
        };
        let parts: Vec<&str> = e.name.split_whitespace().collect();
        if parts.len() < 2 {
            continue;
        }
        let city = e.city.as_deref().map(fold).unwrap_or_default();
        for part in parts {
            let w = fold(part);
            if w.chars().count() < MIN_CLUB_WORD
                || w == city
                || !part.starts_with(|ch: char| ch.is_uppercase())
            {
                continue;
            }
            words
                .entry(w)
                .and_modify(|v| {
                    if *v != Some(c) {
                        *v = None;
                    }
                })
                .or_insert(Some(c));
        }
    }
    words
}
