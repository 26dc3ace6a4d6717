//! Minute expressions: finds the phrases of `data/rules/minute-phrases.txt` in a text and turns
//! each into a minute (`in the 89th minute` -> 89, `90+3` -> 93 with 3 added, `five minutes from
//! the end` -> 85). Relative forms (`six minutes later`) and count-downs (`with six minutes
//! remaining`) need the previous minute, which the caller passes in.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use regex::{Regex, RegexSet};
use regex_automata::meta::Regex as MetaRegex;
use regex_automata::PatternID;
use regex_syntax::hir::{
    Capture, Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind, Look, Repetition,
};

use crate::error::{Error, Result};

const PHRASES: &str = include_str!("../../../data/rules/minute-phrases.txt");
const NUMBERS: &str = include_str!("../../../data/rules/minute-numbers.txt");
const ORDINALS: &str = include_str!("../../../data/rules/minute-ordinals.txt");
const CONTEXT: &str = include_str!("../../../data/rules/minute-context.txt");

/// How a phrase turns its number into a minute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The number is the minute.
    Abs,
    /// A base plus the number (`two minutes after the break` -> 45 + 2).
    Plus(u32),
    /// A base minus the number (`two minutes before half-time` -> 45 - 2).
    Minus(u32),
    /// A fixed minute (`on the hour` -> 60).
    Fixed(u32),
    /// `90+3`: the written base plus the number, with the number as added time.
    Added,
    /// `two minutes into injury time`: a base plus the number, with the number as added time.
    Stoppage(u32),
    /// `N minutes from the end`: 90 - N, or 45 - N / 120 - N when the text names the period.
    End,
    /// `with N minutes remaining`: 90 - N, 120 - N in extra time.
    Remaining,
    /// `N minutes later`: the previous minute plus N.
    Later,
    /// `at half-time`: 45, only when a substitution is made then.
    Break,
}

/// One minute expression found in a text, before resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    /// Start byte offset of the expression.
    pub start: usize,
    /// End byte offset of the expression.
    pub end: usize,
    /// How to compute the minute.
    pub kind: Kind,
    /// The number of the phrase, if it has one.
    pub number: Option<u32>,
    /// The written base of `90+3`.
    pub base: Option<u32>,
}

/// A resolved minute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Minute {
    /// The minute (`90+3` is 93).
    pub minute: u32,
    /// Added time, for `90+3` forms.
    pub added: Option<u32>,
}

/// One line of minute-phrases.txt, compiled into the combined regex and alone.
#[derive(Debug, Clone)]
struct Phrase {
    kind: Kind,
    /// Capture group of the whole phrase in the combined regex.
    group: usize,
    /// Capture group of its number in the combined regex.
    number: Option<usize>,
    /// Capture group of its base (`90` of `90+3`) in the combined regex.
    base: Option<usize>,
    /// Whether its number is an ordinal.
    ordinal: bool,
    /// Whether it opens at a word boundary (all but the bracketed `(23 mins)`).
    boundary: bool,
    /// The phrase alone, anchored at the start of the haystack, without its opening boundary.
    anchored: Regex,
    /// Capture group of its number in `anchored`.
    anchored_number: Option<usize>,
    /// Capture group of its base in `anchored`.
    anchored_base: Option<usize>,
    /// `anchored` rewritten to search text lowercased over ASCII ([`lower_hir`]), with the
    /// capture groups of its number and base; `None` if the phrase's syntax does not allow it.
    /// Searched without a lazy DFA ([`alone_regex`]).
    lowered: Option<(MetaRegex, Option<usize>, Option<usize>)>,
}

/// The phrase a match of the combined regex is, with the text of its number and base.
#[derive(Debug, Clone, Copy)]
struct Hit<'r, 't> {
    phrase: &'r Phrase,
    /// End of the match (byte offset in the text).
    end: usize,
    number: Option<&'t str>,
    base: Option<&'t str>,
}

/// The compiled minute phrases and the word lists around them.
#[derive(Debug)]
pub struct ExprRules {
    /// Every phrase in one alternation, in file order: finds where expressions are when neither
    /// `dfa` nor `starts` can (then it is compiled; the tests always compile it). Searches text lowercased over
    /// ASCII when `lowered` ([`lowered_regex`]: the same matches and groups as the phrases' own
    /// `(?i-u)` alternation, from a smaller automaton).
    regex: Option<Regex>,
    /// Whether `regex` is (or would be) searched in text lowercased over ASCII.
    lowered: bool,
    /// Where the matches of `regex` start and which phrase matches there, found in the same
    /// lowercased text by the phrases' dense DFA ([`super::phrase_dfa`]): the phrase's end and
    /// groups are then read with the phrase alone. `None` (search with `starts`, or `regex`) if
    /// a phrase has no lowercase rewrite or the DFA cannot be built.
    dfa: Option<super::phrase_dfa::PhraseDfa>,
    /// Where the matches of `regex` start, found in the same lowercased text by the phrases'
    /// alternation with shared leading parts written once ([`starts_regex`]): the phrase and
    /// end at a start are then read with the phrases alone. Compiled when `dfa` is `None`
    /// (then `None` if a phrase has no lowercase rewrite: search with `regex`), and in the tests
    /// (the reference of the DFA's search).
    starts: Option<Regex>,
    /// The phrases' alternation as written (`(?i-u)`): the reference of the tests.
    #[cfg(test)]
    reference: Regex,
    /// The runs of a text where `regex` can match (`None`: search the whole text).
    skip: Option<super::skip::Skip>,
    /// Every phrase alone and anchored (as `Phrase::anchored`), in file order: which phrases
    /// match at a given start.
    anchored: RegexSet,
    /// `anchored` of the phrases rewritten for text lowercased over ASCII (each phrase's
    /// `lowered`), when every phrase has one and `dfa` is `None` (which tells the phrases
    /// itself), and in the tests (the reference of the DFA's phrases).
    anchored_lower: Option<RegexSet>,
    phrases: Vec<Phrase>,
    cardinals: HashMap<String, u32>,
    ordinals: HashMap<String, u32>,
    range_words: HashSet<String>,
    tally_words: HashSet<String>,
    fulltime: HashSet<u32>,
    extra_words: Vec<String>,
    first_half_tail: Regex,
    extra_tail: Regex,
}

/// An error in a rule data file.
pub(crate) fn rules_error(file: &str, line: usize, message: impl std::fmt::Display) -> Error {
    Error::RuleData {
        file: format!("data/rules/{file}"),
        line,
        message: message.to_string(),
    }
}

/// Data lines: (1-based line number, trimmed text) without comments and blank lines.
pub(crate) fn data_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines().enumerate().filter_map(|(i, l)| {
        let l = l.trim_end();
        let t = l.trim_start();
        (!t.is_empty() && !t.starts_with('#')).then_some((i + 1, l))
    })
}

/// `section<TAB>value` lines of a data file.
pub(crate) fn sections<'a>(
    file: &'static str,
    text: &'a str,
) -> Result<Vec<(usize, &'a str, &'a str)>> {
    data_lines(text)
        .map(|(n, l)| match l.split_once('\t') {
            Some((k, v)) if !v.trim().is_empty() => Ok((n, k.trim(), v.trim())),
            _ => Err(rules_error(file, n, "expected `section<TAB>value`")),
        })
        .collect()
}

fn number_list(file: &'static str, text: &str) -> Result<Vec<(String, u32)>> {
    data_lines(text)
        .map(|(n, l)| {
            let mut parts = l.split_whitespace();
            match (parts.next(), parts.next().and_then(|v| v.parse().ok())) {
                (Some(w), Some(v)) => Ok((w.to_ascii_lowercase(), v)),
                _ => Err(rules_error(file, n, "expected `word value`")),
            }
        })
        .collect()
}

fn alternation(words: &mut [String]) -> String {
    words.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    words
        .iter()
        .map(|w| regex::escape(w))
        .collect::<Vec<_>>()
        .join("|")
}

/// Replaces each space outside a character class with `\s+`.
fn spaces_to_whitespace(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut in_class = false;
    let mut escaped = false;
    for c in pattern.chars() {
        match c {
            _ if escaped => {
                escaped = false;
                out.push(c);
            }
            '\\' => {
                escaped = true;
                out.push(c);
            }
            '[' => {
                in_class = true;
                out.push(c);
            }
            ']' => {
                in_class = false;
                out.push(c);
            }
            ' ' if !in_class => out.push_str(r"\s+"),
            _ => out.push(c),
        }
    }
    out
}

/// Checks a phrase pattern alone, so an error names its line, and returns its syntax (for
/// [`super::skip::Skip`]). Parsing is the check: a compile (~3M instructions a phrase, run once
/// per process) would add only the size limit, which the combined regex still enforces.
pub(crate) fn check_phrase(line: usize, pattern: &str) -> Result<regex_syntax::hir::Hir> {
    regex_syntax::parse(&format!("(?i-u){pattern}"))
        .map_err(|e| rules_error("minute-phrases.txt", line, e))
}

fn parse_kind(s: &str) -> Option<Kind> {
    let (name, value) = match s.split_once('=') {
        Some((n, v)) => (n, Some(v.parse::<u32>().ok()?)),
        None => (s, None),
    };
    Some(match (name, value) {
        ("abs", None) => Kind::Abs,
        ("plus", Some(v)) => Kind::Plus(v),
        ("minus", Some(v)) => Kind::Minus(v),
        ("fixed", Some(v)) => Kind::Fixed(v),
        ("added", None) => Kind::Added,
        ("stoppage", Some(v)) => Kind::Stoppage(v),
        ("end", None) => Kind::End,
        ("remaining", None) => Kind::Remaining,
        ("later", None) => Kind::Later,
        ("break", None) => Kind::Break,
        _ => return None,
    })
}

impl ExprRules {
    /// Compiles the bundled minute phrases and number words.
    pub fn new() -> Result<ExprRules> {
        let cardinal_list = number_list("minute-numbers.txt", NUMBERS)?;
        let ordinal_list = number_list("minute-ordinals.txt", ORDINALS)?;
        let tens: Vec<&String> = cardinal_list
            .iter()
            .filter(|(_, v)| *v >= 20 && v % 10 == 0)
            .map(|(w, _)| w)
            .collect();
        let units_card: Vec<&String> = cardinal_list
            .iter()
            .filter(|(_, v)| (1..10).contains(v))
            .map(|(w, _)| w)
            .collect();
        let units_ord: Vec<&String> = ordinal_list
            .iter()
            .filter(|(_, v)| (1..10).contains(v))
            .map(|(w, _)| w)
            .collect();
        let mut card_words: Vec<String> = cardinal_list.iter().map(|(w, _)| w.clone()).collect();
        let mut ord_words: Vec<String> = ordinal_list.iter().map(|(w, _)| w.clone()).collect();
        let tens_alt = alternation(&mut tens.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        let ucard_alt =
            alternation(&mut units_card.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        let uord_alt =
            alternation(&mut units_ord.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        let card_alt = alternation(&mut card_words);
        let ord_alt = alternation(&mut ord_words);
        let number = format!(r"\d{{1,3}}|(?:{tens_alt})[- ](?:{ucard_alt})|{card_alt}");
        let ordinal =
            format!(r"\d{{1,3}}(?:st|nd|rd|th)|(?:{tens_alt})[- ](?:{uord_alt})|{ord_alt}");

        let mut alternatives = Vec::new();
        let mut anchored = Vec::new();
        let mut kinds = Vec::new();
        let mut ordinal_flags = Vec::new();
        let mut boundaries = Vec::new();
        let mut branches = Vec::new();
        for (line, text) in data_lines(PHRASES) {
            let (kind, pattern) = text.split_once('\t').ok_or_else(|| {
                rules_error("minute-phrases.txt", line, "expected `kind<TAB>pattern`")
            })?;
            let kind = parse_kind(kind.trim())
                .ok_or_else(|| rules_error("minute-phrases.txt", line, "unknown kind"))?;
            let i = alternatives.len();
            ordinal_flags.push(pattern.contains("{ORD}"));
            let pattern = pattern
                .trim()
                .replace("{NA}", &format!("(?P<n{i}>{number}|an|a)"))
                .replace("{N}", &format!("(?P<n{i}>{number})"))
                .replace("{ORD}", &format!("(?P<n{i}>{ordinal})"))
                .replace("{B}", &format!("(?P<b{i}>45|90|105|120)"))
                .replace("{MIN}", "(?:minutes|minute|mins|min)")
                .replace(
                    "{Q}",
                    "(?:just |only |around |about |barely |a mere |some |approximately |roughly )?",
                )
                .replace(
                    "{HT}",
                    "(?:half[- ]?time|the half[- ]time (?:break|interval)|the break|the interval)",
                );
            let pattern = spaces_to_whitespace(&pattern);
            // Its branch of the combined regex is `\b{pattern}` (or `{pattern}`), which matches
            // only what the phrase alone matches and looks around only through that ASCII `\b`
            // more: the skip may read the phrase alone.
            branches.push(check_phrase(line, &pattern)?);
            // A phrase opens at a word boundary, unless it opens with a bracket (`(23 mins)`).
            let boundary = if pattern.starts_with(r"\(") {
                ""
            } else {
                r"\b"
            };
            alternatives.push(format!("(?P<p{i}>{boundary}{pattern})"));
            anchored.push(format!("(?i-u)^(?:{pattern})"));
            boundaries.push(!boundary.is_empty());
            kinds.push(kind);
        }
        let combined = format!(r"(?i-u)(?:{})", alternatives.join("|"));
        let compile = || Regex::new(&combined).map_err(|e| rules_error("minute-phrases.txt", 0, e));
        // Each phrase rewritten once for lowercased text (the rewrite costs ~0.8M instructions a
        // phrase): for the start search, the phrases alone and the combined regex.
        let lowered_branches: Option<Vec<Hir>> = branches.iter().map(lower_hir).collect();
        let dfa = lowered_branches
            .as_deref()
            .and_then(|lb| super::phrase_dfa::PhraseDfa::new(lb, &boundaries));
        // The start search regex when the DFA cannot be built, and in the tests (the reference
        // of the DFA's search).
        let starts = match (&dfa, cfg!(test)) {
            (Some(_), false) => None,
            _ => lowered_branches
                .as_deref()
                .and_then(|lb| starts_regex(lb, &boundaries)),
        };
        let searches_starts = dfa.is_some() || starts.is_some();
        // The combined regex (~50M instructions to compile, once per process) only when the
        // starts cannot be searched, and in the tests (the reference of the start search).
        let lowered_combined = match (searches_starts, cfg!(test)) {
            (true, false) => None,
            _ => lowered_branches
                .as_deref()
                .and_then(|lb| lowered_regex(lb, &boundaries)),
        };
        let (regex, lowered) = match (lowered_combined, searches_starts) {
            (Some(regex), _) => (Some(regex), true),
            (None, true) => (None, true),
            (None, false) => (Some(compile()?), false),
        };
        let skip = super::skip::Skip::from_branches(&branches);
        let index_of = |name: &str| {
            regex
                .as_ref()
                .and_then(|r| r.capture_names().position(|n| n == Some(name)))
        };
        let mut phrases = Vec::with_capacity(kinds.len());
        let mut lowered_patterns = Vec::with_capacity(kinds.len());
        for (i, &kind) in kinds.iter().enumerate() {
            let alone =
                Regex::new(&anchored[i]).map_err(|e| rules_error("minute-phrases.txt", 0, e))?;
            let alone_index = |name: &str| alone.capture_names().position(|n| n == Some(name));
            let lowered_pattern = lowered_branches
                .as_ref()
                .and_then(|lb| lb.get(i))
                .map(|h| Hir::concat(vec![Hir::look(Look::Start), h.clone()]).to_string());
            let lowered_alone = lowered_pattern.as_deref().and_then(|p| {
                let re = alone_regex(p)?;
                let index = |name: &str| re.group_info().to_index(PatternID::ZERO, name);
                let (n, b) = (index(&format!("n{i}")), index(&format!("b{i}")));
                Some((re, n, b))
            });
            lowered_patterns.push(lowered_pattern);
            phrases.push(Phrase {
                kind,
                group: index_of(&format!("p{i}")).unwrap_or(0),
                number: index_of(&format!("n{i}")),
                base: index_of(&format!("b{i}")),
                ordinal: ordinal_flags.get(i).copied().unwrap_or(false),
                boundary: boundaries.get(i).copied().unwrap_or(true),
                anchored_number: alone_index(&format!("n{i}")),
                anchored_base: alone_index(&format!("b{i}")),
                anchored: alone,
                lowered: lowered_alone,
            });
        }
        let anchored =
            RegexSet::new(&anchored).map_err(|e| rules_error("minute-phrases.txt", 0, e))?;
        let set_needed = dfa.is_none() || cfg!(test);
        let anchored_lower = match set_needed && phrases.iter().all(|p| p.lowered.is_some()) {
            true => lowered_patterns
                .into_iter()
                .collect::<Option<Vec<String>>>()
                .and_then(|ps| RegexSet::new(ps).ok()),
            false => None,
        };

        let mut range_words = HashSet::default();
        let mut tally_words = HashSet::default();
        let mut fulltime = HashSet::default();
        let mut extra_words = Vec::new();
        for (line, section, value) in sections("minute-context.txt", CONTEXT)? {
            let value = value.to_ascii_lowercase();
            match section {
                "range" => {
                    range_words.insert(value);
                }
                "tally" => {
                    tally_words.insert(value);
                }
                "fulltime" => {
                    fulltime.insert(value.parse().map_err(|_| {
                        rules_error("minute-context.txt", line, "expected a number")
                    })?);
                }
                "extra" => extra_words.push(value),
                _ => return Err(rules_error("minute-context.txt", line, "unknown section")),
            }
        }
        Ok(ExprRules {
            regex,
            lowered,
            dfa,
            starts,
            #[cfg(test)]
            reference: compile()?,
            skip,
            anchored,
            anchored_lower,
            phrases,
            cardinals: cardinal_list.into_iter().collect(),
            ordinals: ordinal_list.into_iter().collect(),
            range_words,
            tally_words,
            fulltime,
            extra_words,
            first_half_tail: Regex::new(
                r"(?i-u)^\s*of\s+(?:(?:the|a|an)\s+)?(?:[a-z-]+\s+){0,4}first\s+half\b",
            )
            .map_err(|e| rules_error("minute-context.txt", 0, e))?,
            extra_tail: Regex::new(r"(?i-u)^\s*of\s+(?:the\s+)?extra[- ]?time\b")
                .map_err(|e| rules_error("minute-context.txt", 0, e))?,
        })
    }

    /// Parses a cardinal (`25`, `twenty-five`, `a`).
    fn cardinal(&self, s: &str) -> Option<u32> {
        let s = s.to_ascii_lowercase();
        if let Ok(v) = s.parse() {
            return Some(v);
        }
        if s == "a" || s == "an" {
            return Some(1);
        }
        if let Some(&v) = self.cardinals.get(&s) {
            return Some(v);
        }
        let (tens, unit) = s.split_once(['-', ' ', '\t', '\n'])?;
        Some(self.cardinals.get(tens)? + self.cardinals.get(unit.trim())?)
    }

    /// Parses an ordinal (`89th`, `first`, `twenty-first`).
    fn ordinal(&self, s: &str) -> Option<u32> {
        let s = s.to_ascii_lowercase();
        if s.starts_with(|c: char| c.is_ascii_digit()) {
            return s
                .trim_end_matches(|c: char| c.is_ascii_alphabetic())
                .parse()
                .ok();
        }
        if let Some(&v) = self.ordinals.get(&s) {
            return Some(v);
        }
        let (tens, unit) = s.split_once(['-', ' ', '\t', '\n'])?;
        Some(self.cardinals.get(tens)? + self.ordinals.get(unit.trim())?)
    }

    /// Every minute expression of `text` in order, ranges and vague times left out.
    pub fn find(&self, text: &str) -> Vec<Found> {
        self.find_lower(text, &text.to_ascii_lowercase())
    }

    /// [`ExprRules::find`], given the text lowercased over ASCII (`str::to_ascii_lowercase`,
    /// which the caller keeps for other searches).
    pub fn find_lower(&self, text: &str, lower: &str) -> Vec<Found> {
        let mut out = Vec::new();
        for (start, hit) in self.hits_lower(text, lower) {
            if let Some(found) = self.found(text, start, hit) {
                out.push(found);
            }
        }
        out
    }

    /// [`ExprRules::find_lower`] as it was before [`ExprRules::hits_lower`]: every match of the
    /// combined regex, then its phrase. The reference the start search is tested against.
    #[cfg(test)]
    pub(crate) fn find_lower_reference(&self, text: &str, lower: &str) -> Vec<Found> {
        let mut out = Vec::new();
        for (start, end) in self.matches_lower(text, lower) {
            let Some(hit) = self
                .hit_alone(text, lower, start, end)
                .or_else(|| self.hit_combined(text, start))
            else {
                continue;
            };
            if let Some(found) = self.found(text, start, hit) {
                out.push(found);
            }
        }
        out
    }

    /// The text the combined regex searches: `text` lower-cased over ASCII when the regex is the
    /// lower-case rewrite (same byte offsets), else `text` itself.
    fn haystack<'t>(&self, text: &'t str) -> std::borrow::Cow<'t, str> {
        match self.lowered {
            true => std::borrow::Cow::Owned(text.to_ascii_lowercase()),
            false => std::borrow::Cow::Borrowed(text),
        }
    }

    /// The matches (start, end) of the combined regex in `text`, searched only in the runs
    /// [`super::skip::Skip`] leaves (most of a text holds no minute word): the same matches as
    /// [`ExprRules::matches_reference`], for the reasons the skip module gives.
    #[cfg(test)]
    pub(crate) fn matches(&self, text: &str) -> Vec<(usize, usize)> {
        self.matches_lower(text, &text.to_ascii_lowercase())
    }

    /// [`ExprRules::matches`], given the text lowercased over ASCII.
    fn matches_lower(&self, text: &str, lower: &str) -> Vec<(usize, usize)> {
        // `lower` is what `haystack` would build (checked by its length: lowercasing over ASCII
        // keeps it); a string of another length is not trusted.
        let hay = match self.lowered {
            true if lower.len() == text.len() => lower,
            true => return self.matches_lower(text, &text.to_ascii_lowercase()),
            false => text,
        };
        // Without the combined regex (the starts are searched instead), no matches: not asked.
        let Some(regex) = &self.regex else {
            return Vec::new();
        };
        let Some(skip) = &self.skip else {
            return regex.find_iter(hay).map(|m| (m.start(), m.end())).collect();
        };
        let mut out = Vec::new();
        let runs = if self.lowered {
            skip.runs_lower(hay.as_bytes())
        } else {
            skip.runs(hay)
        };
        for (start, end) in runs {
            // Runs end at a stop byte (ASCII or a UTF-8 lead byte) or the end: a char boundary.
            let Some(run_hay) = hay.get(..end) else {
                return regex.find_iter(hay).map(|m| (m.start(), m.end())).collect();
            };
            run_matches(regex, run_hay, start, &mut out);
        }
        out
    }

    /// The runs of lowercased text `lower` the start search reads (the whole text without a
    /// skip).
    fn runs_lower(&self, lower: &str) -> Vec<(usize, usize)> {
        match &self.skip {
            Some(skip) => skip.runs_lower(lower.as_bytes()),
            None => vec![(0, lower.len())],
        }
    }

    /// The matches of the combined regex in `text` with their phrases: (start, hit), as
    /// [`ExprRules::matches_lower`] and then [`ExprRules::hit_alone`] (or
    /// [`ExprRules::hit_combined`]) give them.
    ///
    /// Why: the combined regex is one large unanchored automaton, whose lazy DFA builds thousands
    /// of states while it warms up (on each thread), each from hundreds of NFA states (every
    /// phrase holds its own copy of the number words). Its matches start only where one of its
    /// phrases matches, so a regex of the same phrases with their shared leading parts written
    /// once ([`starts_regex`], a smaller NFA) finds the same leftmost start; the phrase and end
    /// there are those [`ExprRules::hit_at`] reads with the phrases alone (the combined regex
    /// is leftmost-first: at its start, the first phrase in file order that matches, with that
    /// phrase's own match). Searched run by run as `matches_lower` does; a phrase read past its
    /// run, or none read, leaves the rest of the run to the combined regex.
    ///
    /// The starts and their phrases are read with the phrases' dense DFA
    /// ([`ExprRules::hits_dfa`]) when there is one, else with the start search regex
    /// ([`ExprRules::hits_starts`]).
    fn hits_lower<'r, 't>(&'r self, text: &'t str, lower: &str) -> Vec<(usize, Hit<'r, 't>)> {
        if self.dfa.is_none() && self.starts.is_none() {
            return self.hits_of(text, lower, self.matches_lower(text, lower));
        }
        // `lower` must be `text` lowercased over ASCII (checked by its length, which lowercasing
        // keeps); a string of another length is not trusted.
        if lower.len() != text.len() {
            return self.hits_lower(text, &text.to_ascii_lowercase());
        }
        match &self.dfa {
            Some(dfa) => self.hits_dfa(text, lower, dfa),
            None => self.hits_starts(text, lower),
        }
    }

    /// [`ExprRules::hits_lower`] with the phrases' dense DFA: in each run, the leftmost offset
    /// where a phrase matches (in the text cut after the run, as the start search regex reads
    /// it) and the first such phrase, whose end and groups its lowercase rewrite reads
    /// ([`ExprRules::captured`]).
    ///
    /// Why the same hits as [`ExprRules::hits_starts`]: the DFA matches at an offset exactly
    /// the phrases that match there, each with its opening ASCII `\b` (it starts from the state
    /// for the byte before the offset), so its leftmost offset is the start search's leftmost
    /// start; the first of its phrases is the one [`ExprRules::hit_at`] reads there (the set of
    /// anchored phrases, those opening at a word boundary kept only at one).
    fn hits_dfa<'r, 't>(
        &'r self,
        text: &'t str,
        lower: &str,
        dfa: &super::phrase_dfa::PhraseDfa,
    ) -> Vec<(usize, Hit<'r, 't>)> {
        let mut out = Vec::new();
        for (start, end) in self.runs_lower(lower) {
            let Some(run_hay) = lower.as_bytes().get(..end) else {
                continue;
            };
            let mut at = start;
            while let Some((start, phrase)) = dfa.find(run_hay, at) {
                let hit = self
                    .phrases
                    .get(phrase)
                    .and_then(|phrase| self.captured(text, lower, start, end, phrase));
                match (hit, &self.regex) {
                    (Some(hit), _) if hit.end <= end => {
                        at = hit.end.max(at + 1);
                        out.push((start, hit));
                    }
                    // Not met (as in `hits_starts`); the combined regex decides, if any.
                    (_, Some(regex)) => {
                        let mut rest = Vec::new();
                        if let Some(run_hay) = lower.get(..end) {
                            run_matches(regex, run_hay, start, &mut rest);
                        }
                        out.extend(self.hits_of(text, lower, rest));
                        break;
                    }
                    (_, None) => at = start + 1,
                }
            }
        }
        out
    }

    /// [`ExprRules::hits_lower`] with the start search regex ([`starts_regex`]), `lower` being
    /// `text` lowercased over ASCII: what it did before the phrases' DFA, now when the DFA
    /// cannot be built, and the reference the DFA's search is tested against.
    fn hits_starts<'r, 't>(&'r self, text: &'t str, lower: &str) -> Vec<(usize, Hit<'r, 't>)> {
        let Some(starts) = &self.starts else {
            return self.hits_of(text, lower, self.matches_lower(text, lower));
        };
        let runs = self.runs_lower(lower);
        let mut out = Vec::new();
        for (start, end) in runs {
            // Runs end at a stop byte (ASCII or a UTF-8 lead byte) or the end: a char boundary.
            let Some(run_hay) = lower.get(..end) else {
                continue;
            };
            let mut at = start;
            while at <= end {
                let Some(m) = starts.find_at(run_hay, at) else {
                    break;
                };
                let start = m.start();
                match (self.hit_at(text, lower, start), &self.regex) {
                    (Some(hit), _) if hit.end <= end => {
                        at = hit.end.max(at + 1);
                        out.push((start, hit));
                    }
                    // Not met (a phrase matches at `start` in the run, so alone in the whole
                    // text, and no match holds a stop byte); the combined regex decides, if any.
                    (_, Some(regex)) => {
                        let mut rest = Vec::new();
                        run_matches(regex, run_hay, start, &mut rest);
                        out.extend(self.hits_of(text, lower, rest));
                        break;
                    }
                    (_, None) => at = start + 1,
                }
            }
        }
        out
    }

    /// The (start, end) of every hit [`ExprRules::hits_lower`] reads in `text`: the matches of
    /// the combined regex, if the start search finds where they start.
    #[cfg(test)]
    pub(crate) fn hit_matches(&self, text: &str) -> Vec<(usize, usize)> {
        self.hits_lower(text, &text.to_ascii_lowercase())
            .into_iter()
            .map(|(start, hit)| (start, hit.end))
            .collect()
    }

    /// How many starts of the start search in `text` (every one, run by run) the phrases alone
    /// read no phrase at, or one that ends past its run: none, if the combined regex is never
    /// needed after it (without it, [`ExprRules::hits_lower`] would step over such a start).
    #[cfg(test)]
    pub(crate) fn start_misses(&self, text: &str) -> usize {
        let lower = text.to_ascii_lowercase();
        let Some(starts) = &self.starts else {
            return usize::MAX;
        };
        let runs = self.runs_lower(&lower);
        let mut misses = 0;
        for (start, end) in runs {
            let run_hay = &lower[..end];
            let mut at = start;
            while let Some(m) = starts.find_at(run_hay, at) {
                if self
                    .hit_at(text, &lower, m.start())
                    .is_none_or(|hit| hit.end > end)
                {
                    misses += 1;
                }
                at = m.start() + 1;
            }
        }
        misses
    }

    /// Whether the starts of matches are searched with [`starts_regex`] (in the tests, the
    /// reference of the DFA's search).
    #[cfg(test)]
    pub(crate) fn searches_starts(&self) -> bool {
        self.starts.is_some()
    }

    /// Whether the starts of matches and their phrases are read with the phrases' DFA.
    #[cfg(test)]
    pub(crate) fn searches_dfa(&self) -> bool {
        self.dfa.is_some()
    }

    /// The hits of `text` (start, and phrase, end, number and base) read with the phrases' DFA
    /// (as `find` does), and with the start search regex (its reference).
    #[cfg(test)]
    #[allow(clippy::type_complexity)]
    pub(crate) fn hits_by_dfa_and_starts<'t>(
        &self,
        text: &'t str,
    ) -> [Vec<(usize, (usize, usize, Option<&'t str>, Option<&'t str>))>; 2] {
        let lower = text.to_ascii_lowercase();
        let keys = |hits: Vec<(usize, Hit<'_, 't>)>| {
            hits.into_iter()
                .map(|(start, hit)| (start, hit_key(hit)))
                .collect()
        };
        [
            keys(self.hits_lower(text, &lower)),
            keys(self.hits_starts(text, &lower)),
        ]
    }

    /// How many char boundaries of `text` the phrases' DFA reads another first phrase at
    /// (group, or none) than the sets of anchored phrases do (their lowercase rewrites, and the
    /// phrases as written), or the DFA's search another leftmost start from: none, if the DFA
    /// matches what the phrases match. `usize::MAX` without a DFA.
    #[cfg(test)]
    pub(crate) fn dfa_misses(&self, text: &str) -> usize {
        let Some(dfa) = &self.dfa else {
            return usize::MAX;
        };
        let lower = text.to_ascii_lowercase();
        let mut misses = 0;
        for at in (0..=text.len()).filter(|&at| text.is_char_boundary(at)) {
            let by_dfa = dfa
                .first_at(lower.as_bytes(), at)
                .and_then(|i| self.phrases.get(i))
                .map(|p| p.group);
            let by_lowered = self.phrase_of_sets(text, &lower, at).map(|p| p.group);
            let by_written = self.phrase_of_sets(text, "", at).map(|p| p.group);
            if by_dfa != by_lowered || by_dfa != by_written {
                misses += 1;
            }
        }
        // Every leftmost start, one after the other: the start search regex's over the whole
        // text.
        let mut at = 0;
        loop {
            let found = dfa.find(lower.as_bytes(), at).map(|(start, _)| start);
            let reference = self
                .starts
                .as_ref()
                .and_then(|starts| starts.find_at(&lower, at))
                .map(|m| m.start());
            if found != reference {
                misses += 1;
            }
            match found.or(reference) {
                Some(start) if start < lower.len() => at = start + 1,
                _ => break,
            }
            while at < lower.len() && !lower.is_char_boundary(at) {
                at += 1;
            }
        }
        misses
    }

    /// The phrases of matches (start, end) of the combined regex.
    fn hits_of<'r, 't>(
        &'r self,
        text: &'t str,
        lower: &str,
        matches: Vec<(usize, usize)>,
    ) -> Vec<(usize, Hit<'r, 't>)> {
        matches
            .into_iter()
            .filter_map(|(start, end)| {
                self.hit_alone(text, lower, start, end)
                    .or_else(|| self.hit_combined(text, start))
                    .map(|hit| (start, hit))
            })
            .collect()
    }

    /// The matches of the combined regex over the whole text, as first searched.
    #[cfg(test)]
    pub(crate) fn matches_reference(&self, text: &str) -> Vec<(usize, usize)> {
        self.reference
            .find_iter(text)
            .map(|m| (m.start(), m.end()))
            .collect()
    }

    /// Whether the combined regex searches text lowercased ([`lowered_regex`]).
    #[cfg(test)]
    pub(crate) fn lowered(&self) -> bool {
        self.lowered
    }

    /// How many matches of the reference regex in `text` [`ExprRules::hit_combined`] reads
    /// otherwise than [`ExprRules::hit_alone`] (phrase, end, number, base): none, if the groups of
    /// the searched regex are those of the reference.
    #[cfg(test)]
    pub(crate) fn combined_misses(&self, text: &str) -> usize {
        let lower = text.to_ascii_lowercase();
        self.reference
            .find_iter(text)
            .filter(|m| {
                let alone = self
                    .hit_alone(text, &lower, m.start(), m.end())
                    .map(hit_key);
                let combined = self.hit_combined(text, m.start()).map(hit_key);
                alone.is_none() || alone != combined
            })
            .count()
    }

    /// Whether the combined regex is searched run by run (its syntax bounds where it matches).
    #[cfg(test)]
    pub(crate) fn skips(&self) -> bool {
        self.skip.is_some()
    }

    /// Whether the skip read off the phrases alone is the one read off the combined regex.
    #[cfg(test)]
    pub(crate) fn skip_is_that_of_the_combined_regex(&self) -> bool {
        match (&self.skip, super::skip::Skip::new(self.reference.as_str())) {
            (Some(a), Some(b)) => a.same(&b),
            (None, None) => true,
            _ => false,
        }
    }

    /// The phrase of a match `text[start..end]` of the combined regex, read with the phrases
    /// alone (small regexes) instead of capturing with the combined one (one large NFA, run by a
    /// backtracker on every match).
    ///
    /// Why it is the same phrase and groups: the combined regex is `\b?p0|\b?p1|...` searched
    /// leftmost-first, so its match at `start` is the first phrase in file order that matches at
    /// `start` (its opening `\b`, looking at the byte before `start`, checked here on the whole
    /// text), taken with that phrase's own preferred match and groups. Each phrase alone is
    /// anchored at `start` on `text[start..]`, which keeps everything after `start` (the
    /// phrases look behind only through their opening `\b`), so it matches exactly when the
    /// phrase matches there. `None` (then [`ExprRules::hit_combined`] decides) if the phrase found
    /// does not end where the combined match does, which the above rules out.
    ///
    /// Given `lower` (the text lowercased over ASCII; a string of another length is not
    /// trusted), the phrases are read with their lowercase rewrites in it, as the combined
    /// regex is ([`lowered_regex`] says why they match alike, with the same groups): literal
    /// tries instead of alternations of case classes, which the captures' backtracking tries one
    /// by one. The groups' text is read from `text` at the same offsets.
    fn hit_alone<'t>(
        &self,
        text: &'t str,
        lower: &str,
        start: usize,
        end: usize,
    ) -> Option<Hit<'_, 't>> {
        self.hit_at(text, lower, start).filter(|hit| hit.end == end)
    }

    /// The phrase the combined regex matches at `start` if it matches there, read with the
    /// phrases alone as [`ExprRules::hit_alone`] says, with the end of its match.
    ///
    /// Given `lower`, the phrase is the first one the phrases' DFA matches there, when there is
    /// a DFA ([`ExprRules::hits_dfa`] says why it is the same).
    fn hit_at<'t>(&self, text: &'t str, lower: &str, start: usize) -> Option<Hit<'_, 't>> {
        let lowered = lower.len() == text.len();
        let phrase = match &self.dfa {
            Some(dfa) if lowered => self.phrases.get(dfa.first_at(lower.as_bytes(), start)?)?,
            _ => self.phrase_of_sets(text, lower, start)?,
        };
        self.captured(text, lower, start, text.len(), phrase)
    }

    /// The phrase [`ExprRules::hit_at`] reads at `start` with the sets of anchored phrases (of
    /// their lowercase rewrites in `lower` if it is `text` lowercased and they exist, else as
    /// written in `text`): the first that matches, kept only at a word boundary if it opens
    /// with one.
    fn phrase_of_sets(&self, text: &str, lower: &str, start: usize) -> Option<&Phrase> {
        let rest = text.get(start..)?;
        let rest_lower = lower.get(start..).filter(|_| lower.len() == text.len());
        let at_boundary = ascii_word_boundary(text.as_bytes(), start);
        let matches = match (&self.anchored_lower, rest_lower) {
            (Some(set), Some(hay)) => set.matches(hay),
            _ => self.anchored.matches(rest),
        };
        matches
            .iter()
            .filter_map(|i| self.phrases.get(i))
            .find(|p| at_boundary || !p.boundary)
    }

    /// The hit of `phrase` matched at `start`: its end and the text of its number and base,
    /// captured by its lowercase rewrite in `lower` (if `lower` is `text` lowercased and it has
    /// one) or as written in `text`. `None` if it does not match there.
    ///
    /// The rewrite reads `lower` only up to `bound`, where no match of the phrase at `start` can
    /// run past: the end of `start`'s run (a stop byte, which no match holds and which is not a
    /// word byte, so a closing `\b` there reads the cut as it reads the byte), or the text's end.
    /// Its backtracker then clears and walks only the run, not the rest of the document.
    fn captured<'r, 't>(
        &'r self,
        text: &'t str,
        lower: &str,
        start: usize,
        bound: usize,
        phrase: &'r Phrase,
    ) -> Option<Hit<'r, 't>> {
        let rest = text.get(start..)?;
        let rest_lower = lower
            .get(start..bound.min(lower.len()))
            .filter(|_| lower.len() == text.len());
        let group_text = |span: Option<regex_automata::Span>| rest.get(span?.range());
        if let (Some((re, number, base)), Some(hay)) = (&phrase.lowered, rest_lower) {
            let mut caps = re.create_captures();
            re.captures(hay, &mut caps);
            let whole = caps.get_match()?;
            return Some(Hit {
                phrase,
                end: start + whole.end(),
                number: group_text(number.and_then(|g| caps.get_group(g))),
                base: group_text(base.and_then(|g| caps.get_group(g))),
            });
        }
        let caps = phrase.anchored.captures(rest)?;
        let group = |g: Option<usize>| {
            g.and_then(|g| caps.get(g))
                .and_then(|m| rest.get(m.range()))
        };
        Some(Hit {
            phrase,
            end: start + caps.get(0)?.end(),
            number: group(phrase.anchored_number),
            base: group(phrase.anchored_base),
        })
    }

    /// How many matches of the reference regex in `text` [`ExprRules::hit_alone`] reads
    /// otherwise (phrase, end, number, base) with the phrases' lowercase rewrites than with the
    /// phrases as written (none, if the rewrites match alike).
    #[cfg(test)]
    pub(crate) fn lowered_alone_misses(&self, text: &str) -> usize {
        let lower = text.to_ascii_lowercase();
        self.reference
            .find_iter(text)
            .filter(|m| {
                let lowered = self
                    .hit_alone(text, &lower, m.start(), m.end())
                    .map(hit_key);
                let written = self.hit_alone(text, "", m.start(), m.end()).map(hit_key);
                lowered != written
            })
            .count()
    }

    /// Whether every phrase is read with its lowercase rewrite in [`ExprRules::hit_alone`].
    #[cfg(test)]
    pub(crate) fn alone_lowered(&self) -> bool {
        self.anchored_lower.is_some()
    }

    /// The phrase of the match of the combined regex at `start`, captured with that regex.
    fn hit_combined<'t>(&self, text: &'t str, start: usize) -> Option<Hit<'_, 't>> {
        let hay = self.haystack(text);
        let hay = hay.as_ref();
        let caps = self.regex.as_ref()?.captures_at(hay, start)?;
        let (phrase, whole) = self
            .phrases
            .iter()
            .find_map(|p| caps.get(p.group).map(|m| (p, m)))?;
        if whole.start() != start {
            return None;
        }
        // The groups' text as written (`hay` has the same offsets).
        let group = |g: Option<usize>| {
            g.and_then(|g| caps.get(g))
                .and_then(|m| text.get(m.range()))
        };
        Some(Hit {
            phrase,
            end: whole.end(),
            number: group(phrase.number),
            base: group(phrase.base),
        })
    }

    /// The expression of a phrase matched at `start`, unless it is a range or its number does
    /// not parse.
    fn found(&self, text: &str, start: usize, hit: Hit<'_, '_>) -> Option<Found> {
        let phrase = hit.phrase;
        let kind = phrase.kind;
        let mut end = hit.end;
        let raw = &text[start..end];
        // Patterns such as `20 minutes in,` end on punctuation that is not part of the span.
        while end > start && text.as_bytes()[end - 1].is_ascii_punctuation() {
            end -= 1;
        }
        let number = match hit.number {
            Some(t) if phrase.ordinal => self.ordinal(t),
            Some(t) => self.cardinal(t),
            None => None,
        };
        if hit.number.is_some() && number.is_none() {
            return None;
        }
        let base = hit.base.and_then(|t| t.parse().ok());
        if self.is_range(text, start, kind, raw, number) {
            return None;
        }
        Some(Found {
            start,
            end,
            kind,
            number,
            base,
        })
    }

    /// How many matches of the combined regex in `text` [`ExprRules::hit_alone`] leaves to the
    /// combined captures (none, if its reasoning holds).
    #[cfg(test)]
    pub(crate) fn alone_misses(&self, text: &str) -> usize {
        self.reference
            .find_iter(text)
            .filter(|m| {
                self.hit_alone(text, &text.to_ascii_lowercase(), m.start(), m.end())
                    .is_none()
            })
            .count()
    }

    /// [`ExprRules::find`] as first written: captures of the combined regex over the whole text.
    /// The reference the faster paths are tested against.
    #[cfg(test)]
    pub(crate) fn find_reference(&self, text: &str) -> Vec<Found> {
        // The groups of the reference, by name (the searched regex numbers them its own way).
        let index_of = |name: String| {
            self.reference
                .capture_names()
                .position(|n| n == Some(name.as_str()))
        };
        let groups: Vec<(Option<usize>, Option<usize>, Option<usize>)> = (0..self.phrases.len())
            .map(|i| {
                (
                    index_of(format!("p{i}")),
                    index_of(format!("n{i}")),
                    index_of(format!("b{i}")),
                )
            })
            .collect();
        let mut out = Vec::new();
        for caps in self.reference.captures_iter(text) {
            let Some(((_, number, base), phrase, whole)) = groups
                .iter()
                .zip(&self.phrases)
                .find_map(|(g, p)| g.0.and_then(|w| caps.get(w)).map(|m| (g, p, m)))
            else {
                continue;
            };
            let group = |g: Option<usize>| g.and_then(|g| caps.get(g)).map(|m| m.as_str());
            let hit = Hit {
                phrase,
                end: whole.end(),
                number: group(*number),
                base: group(*base),
            };
            if let Some(found) = self.found(text, whole.start(), hit) {
                out.push(found);
            }
        }
        out
    }

    /// Whether the words before an expression make it a range or a vague time.
    fn is_range(
        &self,
        text: &str,
        start: usize,
        kind: Kind,
        raw: &str,
        number: Option<u32>,
    ) -> bool {
        let before = previous_words(text, start, 4);
        if let Some(w) = before.first() {
            if self.range_words.contains(&w.to_ascii_lowercase()) {
                return true;
            }
        }
        if kind == Kind::Abs {
            let lower = raw.to_ascii_lowercase();
            if lower.starts_with("in ")
                && before
                    .iter()
                    .take(3)
                    .any(|w| self.tally_words.contains(&w.to_ascii_lowercase()))
            {
                return true;
            }
            if (lower.starts_with("in ") || lower.starts_with("after "))
                && number.is_some_and(|n| self.fulltime.contains(&n))
            {
                return true;
            }
        }
        false
    }

    /// The minute of an expression. `previous` is the minute of the expression before it in the
    /// text (for `N minutes later`, and a count-down after minute 90 is in extra time);
    /// `sentence_end` bounds the words read after it (`... of a highly entertaining first half`).
    pub fn resolve(
        &self,
        text: &str,
        found: &Found,
        previous: Option<u32>,
        sentence_end: usize,
    ) -> Option<Minute> {
        let n = found.number;
        let raw = &text[found.start..found.end];
        let plain = |m: u32| {
            Some(Minute {
                minute: m,
                added: None,
            })
        };
        let minute = match found.kind {
            Kind::Abs => plain(n?),
            Kind::Plus(b) => plain(b + n?),
            Kind::Minus(b) => plain(b.checked_sub(n?)?),
            Kind::Fixed(v) => plain(v),
            Kind::Added => Some(Minute {
                minute: found.base? + n?,
                added: n,
            }),
            Kind::Stoppage(b) => Some(Minute {
                minute: b + n?,
                added: n,
            }),
            Kind::End => {
                let tail = &text[found.end..sentence_end.max(found.end)];
                let base: u32 = if self.first_half_tail.is_match(tail) {
                    45
                } else if self.extra_tail.is_match(tail) || self.mentions_extra(raw) {
                    120
                } else {
                    90
                };
                plain(base.checked_sub(n?)?)
            }
            Kind::Remaining => {
                let extra = self.mentions_extra(raw) || previous.is_some_and(|p| p > 90);
                plain(if extra { 120u32 } else { 90 }.checked_sub(n?)?)
            }
            Kind::Later => plain(previous? + n?),
            Kind::Break => plain(45),
        }?;
        (1..=130).contains(&minute.minute).then_some(minute)
    }

    fn mentions_extra(&self, s: &str) -> bool {
        let lower = s.to_ascii_lowercase();
        self.extra_words.iter().any(|w| lower.contains(w.as_str()))
    }
}

/// A phrase alone (`^` and its lowercase rewrite), compiled to capture without a lazy DFA: its
/// captures are asked once per hit, on a run of text, and a lazy DFA would first find the match
/// (building its states on each thread, for each phrase) before the backtracker reads the groups
/// on it anyway. Without it the backtracker (or the PikeVM, on a haystack too long for it) reads
/// the groups at once: the same leftmost-first match and groups, which every engine of the
/// crate gives alike (2 MB corpus: 7,200 -> 4,000 instructions a hit).
fn alone_regex(pattern: &str) -> Option<MetaRegex> {
    MetaRegex::builder()
        .configure(MetaRegex::config().hybrid(false).dfa(false))
        .build(pattern)
        .ok()
}

/// The matches (start, end) of the combined regex `regex` in `run_hay` (a text cut after a run)
/// from `at` on.
fn run_matches(regex: &Regex, run_hay: &str, mut at: usize, out: &mut Vec<(usize, usize)>) {
    while at <= run_hay.len() {
        let Some(m) = regex.find_at(run_hay, at) else {
            break;
        };
        out.push((m.start(), m.end()));
        at = m.end().max(at + 1);
    }
}

/// The phrases' alternation `(?P<p0>\bphrase0)|(?P<p1>\bphrase1)|...` (each branch as
/// [`check_phrase`] parsed it, `(?i-u)`: ASCII case-insensitive), rewritten to search text
/// lowercased over ASCII case-sensitively: given the branches rewritten by [`lower_hir`]
/// (`None` if its syntax does not allow it).
///
/// Why: case-insensitive letters are classes (`[Oo]`), so the number words (`one|two|...`) of
/// every phrase stay alternations of classes, each a branch of its own in the NFA; the lazy DFA
/// then builds its states (on each thread, for every new byte seen in a state) from hundreds of
/// NFA states. Lowercase literals compile into a trie.
///
/// Why the matches and groups are the same: every class of the regex is closed under ASCII case
/// (checked here), so a byte is in a class exactly when its lowercase is; the rewritten class is
/// the class without `A-Z`, which the lowercased text never holds. Literals of non-letters match a
/// byte and its lowercase alike; the only looks are ASCII word boundaries and line/text edges,
/// which lowercasing leaves as they are. Lowercasing keeps every offset. Grouping a run of
/// branches of an alternation (`a|b|c|d` as `a|(?:b|c)|d`) changes no leftmost-first match; the
/// groups added are unnamed, and the named ones keep their names.
fn lowered_regex(lowered: &[Hir], boundaries: &[bool]) -> Option<Regex> {
    let mut alternatives = Vec::with_capacity(lowered.len());
    for (i, branch) in lowered.iter().enumerate() {
        let mut concat = Vec::with_capacity(2);
        if *boundaries.get(i)? {
            concat.push(Hir::look(Look::WordAscii));
        }
        concat.push(branch.clone());
        alternatives.push(Hir::capture(Capture {
            index: 1,
            name: Some(format!("p{i}").into_boxed_str()),
            sub: Box::new(Hir::concat(concat)),
        }));
    }
    Regex::new(&Hir::alternation(alternatives).to_string()).ok()
}

/// The phrases' lowercase rewrites `lowered` ([`lower_hir`], each after its opening `\b` as in
/// [`lowered_regex`]) in one alternation with their shared leading parts written once
/// ([`factor`]) and without named groups: where its matches start, the combined regex's do.
///
/// Why the starts are the same: a concatenation distributes over an alternation
/// (`a(?:b|c)` matches what `ab|ac` matches, at the same start and end, looks included), so the
/// factored alternation matches at a start exactly when one of the phrases does; the order of
/// its branches only decides which match it reports there, not where the leftmost one starts.
fn starts_regex(lowered: &[Hir], boundaries: &[bool]) -> Option<Regex> {
    let mut seqs = Vec::with_capacity(lowered.len());
    for (i, branch) in lowered.iter().enumerate() {
        let mut seq = Vec::new();
        if *boundaries.get(i)? {
            seq.push(Hir::look(Look::WordAscii));
        }
        let lowered = without_names(branch);
        match lowered.kind() {
            HirKind::Concat(hs) => seq.extend(hs.iter().cloned()),
            _ => seq.push(lowered),
        }
        seqs.push(seq);
    }
    Regex::new(&factor(seqs).to_string()).ok()
}

/// `hir` without its named groups (their contents kept); unnamed groups stay, as they keep runs
/// of literal branches together ([`lower_hir`]).
fn without_names(hir: &Hir) -> Hir {
    match hir.kind() {
        HirKind::Capture(c) if c.name.is_some() => without_names(&c.sub),
        HirKind::Capture(c) => Hir::capture(Capture {
            index: c.index,
            name: None,
            sub: Box::new(without_names(&c.sub)),
        }),
        HirKind::Concat(hs) => Hir::concat(hs.iter().map(without_names).collect()),
        HirKind::Alternation(hs) => Hir::alternation(hs.iter().map(without_names).collect()),
        HirKind::Repetition(r) => Hir::repetition(Repetition {
            min: r.min,
            max: r.max,
            greedy: r.greedy,
            sub: Box::new(without_names(&r.sub)),
        }),
        _ => hir.clone(),
    }
}

/// The alternation of the concatenations `seqs` (each as the list of its parts), with the
/// concatenations that open with the same part grouped behind one copy of it, recursively:
/// `ab|cd|ae` as `a(?:b|e)|cd`. It matches what the alternation matches (at the same starts
/// and ends), but not in the same order of preference.
fn factor(seqs: Vec<Vec<Hir>>) -> Hir {
    let mut groups: Vec<(Option<Hir>, Vec<Vec<Hir>>)> = Vec::new();
    for seq in seqs {
        let mut parts = seq.into_iter();
        let first = parts.next();
        let tail: Vec<Hir> = parts.collect();
        match groups.iter_mut().find(|(f, _)| *f == first) {
            Some((_, tails)) => tails.push(tail),
            None => groups.push((first, vec![tail])),
        }
    }
    let alternatives = groups
        .into_iter()
        .map(|(first, tails)| match first {
            None => Hir::empty(),
            Some(first) => {
                let rest = match <[Vec<Hir>; 1]>::try_from(tails) {
                    Ok([tail]) => Hir::concat(tail),
                    Err(tails) => factor(tails),
                };
                Hir::concat(vec![first, rest])
            }
        })
        .collect();
    Hir::alternation(alternatives)
}

/// [`lowered_regex`]'s rewrite of one node.
fn lower_hir(hir: &Hir) -> Option<Hir> {
    Some(match hir.kind() {
        HirKind::Empty => Hir::empty(),
        HirKind::Literal(l) => {
            if l.0.iter().any(u8::is_ascii_alphabetic) {
                return None;
            }
            Hir::literal(l.0.clone())
        }
        HirKind::Class(c) => Hir::class(lower_class(c)?),
        HirKind::Look(look) => match look {
            Look::Start
            | Look::End
            | Look::StartLF
            | Look::EndLF
            | Look::StartCRLF
            | Look::EndCRLF
            | Look::WordAscii
            | Look::WordAsciiNegate
            | Look::WordStartAscii
            | Look::WordEndAscii
            | Look::WordStartHalfAscii
            | Look::WordEndHalfAscii => Hir::look(*look),
            _ => return None,
        },
        HirKind::Repetition(r) => Hir::repetition(Repetition {
            min: r.min,
            max: r.max,
            greedy: r.greedy,
            sub: Box::new(lower_hir(&r.sub)?),
        }),
        HirKind::Capture(c) => Hir::capture(Capture {
            index: c.index,
            name: c.name.clone(),
            sub: Box::new(lower_hir(&c.sub)?),
        }),
        HirKind::Concat(hs) => Hir::concat(hs.iter().map(lower_hir).collect::<Option<_>>()?),
        HirKind::Alternation(hs) => {
            let subs: Vec<Hir> = hs.iter().map(lower_hir).collect::<Option<_>>()?;
            // A run of literal branches (`one|two|...`) in a group of its own, so the compiler
            // sees an alternation of literals only (which it builds as a trie): the alternation
            // would otherwise flatten it back into the others.
            let mut out = Vec::with_capacity(subs.len());
            let mut run: Vec<Hir> = Vec::new();
            let flush = |run: &mut Vec<Hir>, out: &mut Vec<Hir>| match run.len() {
                0 => {}
                1 => out.append(run),
                _ => out.push(Hir::capture(Capture {
                    index: 1,
                    name: None,
                    sub: Box::new(Hir::alternation(std::mem::take(run))),
                })),
            };
            for sub in subs {
                if matches!(sub.kind(), HirKind::Literal(_)) {
                    run.push(sub);
                } else {
                    flush(&mut run, &mut out);
                    out.push(sub);
                }
            }
            flush(&mut run, &mut out);
            Hir::alternation(out)
        }
    })
}

/// A class closed under ASCII case, without `A-Z`; `None` if it holds a non-ASCII character or is
/// not closed under ASCII case.
fn lower_class(class: &Class) -> Option<Class> {
    // Most classes are one letter in both cases (`[Oo]`): its lowercase alone.
    if let Class::Unicode(c) = class {
        if let [upper, lower] = c.ranges() {
            let (u, l) = (upper.start(), lower.start());
            if u == upper.end()
                && l == lower.end()
                && u.is_ascii_uppercase()
                && u.to_ascii_lowercase() == l
            {
                return Some(Class::Unicode(ClassUnicode::new([ClassUnicodeRange::new(
                    l, l,
                )])));
            }
        }
    }
    let mut set = [false; 128];
    let mut mark = |a: u32, b: u32| -> Option<()> {
        for c in a..=b {
            *set.get_mut(usize::try_from(c).ok()?)? = true;
        }
        Some(())
    };
    match class {
        Class::Unicode(c) => {
            for r in c.ranges() {
                mark(u32::from(r.start()), u32::from(r.end()))?;
            }
        }
        Class::Bytes(c) => {
            for r in c.ranges() {
                mark(u32::from(r.start()), u32::from(r.end()))?;
            }
        }
    }
    if (b'A'..=b'Z').any(|u| set[usize::from(u)] != set[usize::from(u.to_ascii_lowercase())]) {
        return None;
    }
    for u in b'A'..=b'Z' {
        set[usize::from(u)] = false;
    }
    // The runs of the set, as ranges.
    let mut ranges = Vec::new();
    let mut b = 0u8;
    while b < 128 {
        if !set[usize::from(b)] {
            b += 1;
            continue;
        }
        let start = b;
        while b < 127 && set[usize::from(b + 1)] {
            b += 1;
        }
        ranges.push(ClassUnicodeRange::new(char::from(start), char::from(b)));
        b += 1;
    }
    Some(Class::Unicode(ClassUnicode::new(ranges)))
}

/// Up to `n` words before `offset`, nearest first (letters, digits, `'` and `-`).
pub(crate) fn previous_words(text: &str, offset: usize, n: usize) -> Vec<&str> {
    previous_spans(text, offset, n)
        .into_iter()
        .filter_map(|(s, e)| text.get(s..e))
        .collect()
}

/// [`previous_words`] as byte spans, for readers that look the words up in a lowercased copy
/// of the text.
pub(crate) fn previous_spans(text: &str, offset: usize, n: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::with_capacity(n);
    let bytes = text.as_bytes();
    let mut i = offset.min(bytes.len());
    while out.len() < n {
        while i > 0 && !is_word_byte(bytes[i - 1]) {
            // Stop at sentence punctuation: words before it belong to another clause.
            if matches!(bytes[i - 1], b'.' | b'!' | b'?' | b';' | b':' | b'\n') {
                return out;
            }
            i -= 1;
        }
        if i == 0 {
            break;
        }
        let end = i;
        while i > 0 && is_word_byte(bytes[i - 1]) {
            i -= 1;
        }
        match text.get(i..end) {
            Some(_) => out.push((i, end)),
            None => break,
        }
    }
    out
}

/// Whether `(?-u)\b` holds at `offset`: an ASCII word byte (`[0-9A-Za-z_]`) on one side only.
fn ascii_word_boundary(bytes: &[u8], offset: usize) -> bool {
    let word = |b: Option<&u8>| b.is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'_');
    let before = offset.checked_sub(1).and_then(|i| bytes.get(i));
    word(before) != word(bytes.get(offset))
}

/// Whether a byte is part of a word for the minute rules: an ASCII letter or digit, `'`, `-`, or
/// any byte of a non-ASCII char. Read from [`WORD_BYTES`]: the word readers of the actor rules
/// test every byte of the sentences they read, and a table lookup is cheaper than the four tests.
pub(crate) fn is_word_byte(b: u8) -> bool {
    WORD_BYTES[usize::from(b)]
}

/// [`is_word_byte`] of every byte, built from [`is_word_byte_reference`]'s tests.
const WORD_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        table[i] = b.is_ascii_alphanumeric() || b == b'\'' || b == b'-' || b >= 0x80;
        i += 1;
    }
    table
};

/// [`is_word_byte`] as first written: the reference the table is tested against.
#[cfg(test)]
pub(crate) fn is_word_byte_reference(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'\'' || b == b'-' || b >= 0x80
}

/// Whether an offset is inside a quotation opened on its line: what speakers say is not read as
/// match events. A mark after a space (or at the line start) opens a quotation, even when the one
/// before was not closed (`... weekend. "It was ...`); a mark before a space closes it.
pub(crate) fn in_quote(text: &str, offset: usize) -> bool {
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[line_start..offset];
    let bytes = line.as_bytes();
    // Only the marks matter, so they are found with `memchr` (`"`, and the lead byte 0xE2 of
    // `“` E2 80 9C and `”` E2 80 9D) instead of decoding every char of the line: each mark reads
    // the chars on either side, which is what the walk of `in_quote_reference` reads for it.
    let mut inside = false;
    for i in memchr::memchr2_iter(b'"', 0xE2, bytes) {
        let (mark, len) = match bytes.get(i..i + 3) {
            _ if bytes[i] == b'"' => ('"', 1),
            Some([_, 0x80, 0x9C]) => ('\u{201c}', 3),
            Some([_, 0x80, 0x9D]) => ('\u{201d}', 3),
            _ => continue,
        };
        let before_space = line[..i]
            .chars()
            .next_back()
            .is_none_or(char::is_whitespace);
        let after_space = line[i + len..]
            .chars()
            .next()
            .is_none_or(char::is_whitespace);
        inside = match mark {
            '\u{201c}' => true,
            '\u{201d}' => false,
            // Inside, only a mark between a space and a word opens again (merged paragraphs).
            _ if inside => before_space && !after_space,
            _ => !after_space,
        };
    }
    inside
}

/// [`in_quote`] as first written: every char of the line decoded. The reference the `memchr`
/// walk is tested against.
#[cfg(test)]
pub(crate) fn in_quote_reference(text: &str, offset: usize) -> bool {
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[line_start..offset];
    let mut inside = false;
    let mut prev: Option<char> = None;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if matches!(c, '"' | '\u{201c}' | '\u{201d}') {
            let before_space = prev.is_none_or(char::is_whitespace);
            let after_space = chars.peek().is_none_or(|n| n.is_whitespace());
            inside = match c {
                '\u{201c}' => true,
                '\u{201d}' => false,
                // Inside, only a mark between a space and a word opens again (merged paragraphs).
                _ if inside => before_space && !after_space,
                _ => !after_space,
            };
        }
        prev = Some(c);
    }
    inside
}

/// What the tests compare of a hit: its phrase's group, its end, its number and base.
#[cfg(test)]
fn hit_key<'t>(h: Hit<'_, 't>) -> (usize, usize, Option<&'t str>, Option<&'t str>) {
    (h.phrase.group, h.end, h.number, h.base)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(pattern: &str) -> Class {
        match regex_syntax::parse(pattern).expect("parses").into_kind() {
            HirKind::Class(c) => c,
            other => panic!("not a class: {other:?}"),
        }
    }

    #[test]
    fn word_bytes_are_those_of_the_reference() {
        for b in 0..=255u8 {
            assert_eq!(is_word_byte(b), is_word_byte_reference(b), "byte {b:#04x}");
        }
        assert!(is_word_byte(b'a') && is_word_byte(b'\'') && is_word_byte(0xC3));
        assert!(!is_word_byte(b' ') && !is_word_byte(b'_') && !is_word_byte(b'.'));
    }

    #[test]
    fn classes_lose_their_capitals() {
        let lower = |p: &str| lower_class(&class(p)).map(|c| Hir::class(c).to_string());
        let same = |p: &str| Some(Hir::class(class(p)).to_string());
        assert_eq!(lower("(?i-u)[o]"), Some("o".to_string()));
        assert_eq!(lower("(?i-u)[a-z]"), same("[a-z]"));
        assert_eq!(lower(r"(?-u)[\s\d]"), same(r"[\t-\r 0-9]"));
        assert_eq!(lower("(?i-u)[a-z0-9-]"), same("[a-z0-9-]"));
        // Not closed under ASCII case, or not ASCII: not rewritten.
        assert_eq!(lower("(?-u)[Ab]"), None);
        assert_eq!(lower("(?-u)[ab]"), None);
        assert_eq!(lower("[aé]"), None);
    }

    #[test]
    fn factored_alternations_start_where_theirs_do() {
        let seqs = |p: &str| -> Vec<Vec<Hir>> {
            let hir = regex_syntax::parse(p).expect("parses");
            let branches = match hir.kind() {
                HirKind::Alternation(bs) => bs.clone(),
                _ => vec![hir.clone()],
            };
            branches
                .iter()
                .map(|b| match b.kind() {
                    HirKind::Concat(hs) => hs.clone(),
                    _ => vec![b.clone()],
                })
                .collect()
        };
        let cases: &[(&str, &[&str])] = &[
            (
                r"a\s+b|c|a\s+c|\ba\s+bd|a",
                &["a b", "xa bd", "c a  c", "ab", "a", "", "bd a bd"],
            ),
            (
                r"\bthe\s+(?:one|two)\s+min\b|\bthe\s+two\s+mins|\bthe\s+hour|\(\s*one",
                &[
                    "in the two mins",
                    "the one min",
                    "xthe hour (one",
                    "the two minute",
                ],
            ),
            (r"ab|ab|abc|b", &["abc", "b", "xab"]),
        ];
        for (pattern, texts) in cases {
            let plain = Regex::new(pattern).expect("compiles");
            let factored = Regex::new(&factor(seqs(pattern)).to_string()).expect("compiles");
            for text in *texts {
                for at in 0..=text.len() {
                    assert_eq!(
                        factored.find_at(text, at).map(|m| m.start()),
                        plain.find_at(text, at).map(|m| m.start()),
                        "{pattern} in {text:?} from {at}"
                    );
                }
            }
        }
        // The shared part is written once.
        let shared = factor(seqs(r"a\s+b|a\s+c|d")).to_string();
        assert_eq!(shared.matches('a').count(), 1, "{shared}");
    }

    /// [`lowered_regex`] of phrases as written: `None` if one has no rewrite.
    fn lower_and_combine(branches: &[Hir], boundaries: &[bool]) -> Option<Regex> {
        let lowered: Vec<Hir> = branches.iter().map(lower_hir).collect::<Option<_>>()?;
        lowered_regex(&lowered, boundaries)
    }

    #[test]
    fn lowered_regex_declines_what_lowercasing_changes() {
        let branches = |p: &str| vec![regex_syntax::parse(p).expect("parses")];
        assert!(lower_and_combine(&branches("(?i-u)min"), &[true]).is_some());
        // A letter matched in one case only, a Unicode word boundary.
        assert!(lower_and_combine(&branches("(?-u)Min"), &[true]).is_none());
        assert!(lower_and_combine(&branches(r"(?i)\bmin"), &[true]).is_none());
        let regex = lower_and_combine(&branches(r"(?i-u)(?P<n0>one|two|\d+) mins?"), &[true])
            .expect("lowered");
        let caps = regex.captures("after two mins").expect("matches");
        assert_eq!(caps.name("n0").map(|m| m.as_str()), Some("two"));
        assert_eq!(caps.name("p0").map(|m| m.range()), Some(6..14));
    }
}
