//! The fast trigger search against the trigger pattern's own search.

use super::super::ScoreRules;

/// The pattern's matches in `body`, as `find_iter` gives them.
fn reference(rules: &ScoreRules, body: &str) -> Vec<(usize, usize)> {
    rules
        .trigger
        .find_iter(body)
        .map(|m| (m.start(), m.end()))
        .collect()
}

/// The fast search's matches, or `None` when it leaves the body to the pattern; checked against
/// the pattern when it gives them.
fn check(rules: &ScoreRules, body: &str) -> Option<Vec<(usize, usize)>> {
    let fast = rules
        .fast
        .as_ref()
        .expect("the bundled phrases suit the fast search");
    let found = fast.find(body);
    // The quick pass for special characters against a test of every character.
    assert_eq!(
        found.is_none(),
        body.chars().any(|c| fast.is_special(c)),
        "body: {body:?}"
    );
    if let Some(found) = &found {
        assert_eq!(found, &reference(rules, body), "body: {body:?}");
    }
    found
}

#[test]
fn same_as_pattern_on_cases() {
    let rules = ScoreRules::new().expect("rules");
    let cases: &[(&str, usize)] = &[
        ("", 0),
        ("Lazio beat Napoli 2-1 at home.", 1),
        ("2-1", 1),
        (
            "12-10 and 123-1 and 1-123 and 12-1x and x1-0 and _1-0 and 1-0_",
            1,
        ),
        ("2 - 1, 2 -1, 2- 1, 2  - 1, 2 -  1, 2- -1", 3),
        ("2–1 and 3—0 and 4 – 4 and 5–", 3),
        ("1-2-3 4-4-2 1.5-2 2004-05 9-", 3),
        ("a 2-1 é 3-0é é4-0 ü", 3),
        ("12345678-1 1234567-12 x 12-1234567", 0),
        (
            "It was goalless. GOALLESS, Goalless, goallessness, ungoalless",
            3,
        ),
        ("scoreless nil-nil Nil-Nil nil-nil-nil nil-nilx xnil-nil", 4),
        (
            "by the same score, by the same scoreline, by the same scorelines",
            2,
        ),
        (
            "By The Same Margin; by  the\tsame\nscore; by\x0bthe\x0csame\rscore",
            3,
        ),
        (
            "by an identical score and by the identical score by the same",
            2,
        ),
        ("bythe same score, by thesame score, byy the same score", 0),
        ("goalless2-1 2-1goalless goalless-2-1 2-1-goalless", 4),
        ("nil-nil2 2nil-nil 4-0 nil-nil", 2),
        ("by the same score2", 0),
        ("£5-4 ½ 3-2", 2),
    ];
    for &(body, n) in cases {
        let found = check(&rules, body).unwrap_or_else(|| panic!("fast search of {body:?}"));
        assert_eq!(found.len(), n, "{body:?}: {found:?}");
    }
    // Characters the pattern reads otherwise than as ASCII: left to it. (The Kelvin sign, which
    // matches `k`, is not one: no phrase has a `k`.)
    assert!(check(&rules, "\u{212a}").is_some());
    for body in [
        "٣-١",
        "2-1 ٣",
        "by\u{a0}the same score",
        "ſcoreless",
        "a\u{2009}b",
        "by the same score\u{85}",
    ] {
        assert_eq!(check(&rules, body), None, "{body:?}");
    }
}

#[test]
fn same_as_pattern_on_texts() {
    let rules = ScoreRules::new().expect("rules");
    let seeds = crate::extract::seed_texts();
    // The seed articles whole, and each of their lines alone (a non-ASCII digit or space in
    // one leaves the article to the pattern, not the other lines).
    let texts: Vec<&str> = seeds
        .iter()
        .map(String::as_str)
        .chain(seeds.iter().flat_map(|t| t.lines()))
        .collect();
    let (mut fast, mut matches) = (0, 0);
    for text in &texts {
        if let Some(found) = check(&rules, text) {
            fast += 1;
            matches += found.len();
        }
    }
    assert!(
        fast * 10 > texts.len() * 9,
        "only {fast} of {} texts took the fast search",
        texts.len()
    );
    assert!(matches > 20, "only {matches} matches");
}

impl super::FastTriggers {
    /// [`FastTriggers::phrases`](super::FastTriggers::phrases) as first written: the first words
    /// looked for in a lowercased copy of the whole body.
    fn phrases_copied(&self, bytes: &[u8]) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut folded = bytes.to_vec();
        for b in &mut folded {
            *b |= 0x20;
        }
        let mut at = 0;
        while at < folded.len() {
            let Some(m) = self
                .firsts
                .find_in(&folded, aho_corasick::Span::from(at..folded.len()))
            else {
                break;
            };
            let p = m.start();
            at = p + 1;
            if let Some(e) = self.phrase_at(bytes, p) {
                out.push((p, e));
                at = e;
            }
        }
        out
    }
}

/// The chunked phrase search against the one over a whole copy, with chunks from the smallest
/// allowed up (so that first words and phrases fall across chunk ends everywhere), and smaller.
fn check_chunks(rules: &ScoreRules, body: &str) {
    let fast = rules
        .fast
        .as_ref()
        .expect("the bundled phrases suit the fast search");
    let bytes = body.as_bytes();
    let want = fast.phrases_copied(bytes);
    assert_eq!(fast.phrases(bytes), want, "body: {body:?}");
    for size in 0..fast.longest_first + 24 {
        let mut buf = vec![0; size];
        assert_eq!(
            fast.phrases_in_chunks(bytes, &mut buf),
            want,
            "chunk {size}, body: {body:?}"
        );
    }
}

#[test]
fn chunked_phrases_same_as_copied() {
    let rules = ScoreRules::new().expect("rules");
    let long = "by the same score, goalless. ".repeat(80);
    for body in [
        "",
        "goalless",
        "It was goalless. GOALLESS, Goalless, goallessness, ungoalless",
        "scoreless nil-nil Nil-Nil nil-nil-nil nil-nilx xnil-nil",
        "By The Same Margin; by  the\tsame\nscore; by\x0bthe\x0csame\rscore",
        "bythe same score, by thesame score, byy the same score",
        "by an identical score and by the identical score by the same",
        long.as_str(),
    ] {
        check_chunks(&rules, body);
    }
    let found = rules
        .fast
        .as_ref()
        .map(|f| f.phrases(long.as_bytes()).len());
    assert_eq!(found, Some(160));
    for text in crate::extract::seed_texts() {
        check_chunks(&rules, &text);
    }
}

proptest::proptest! {
    /// Any text of digits, dashes, spaces and phrase words: the chunked phrase search finds
    /// what the one over a whole copy finds, whatever the chunk size.
    #[test]
    fn chunked_phrases_same_as_copied_any(
        pieces in proptest::collection::vec(proptest::sample::select(PIECES.to_vec()), 0..40)
    ) {
        let rules = ScoreRules::new().expect("rules");
        check_chunks(&rules, &pieces.concat());
    }

    /// Any text of digits, dashes, spaces, phrase words and odd characters: the same matches as
    /// the pattern (or left to it).
    #[test]
    fn same_as_pattern(
        pieces in proptest::collection::vec(proptest::sample::select(PIECES.to_vec()), 0..40)
    ) {
        let rules = ScoreRules::new().expect("rules");
        check(&rules, &pieces.concat());
    }

    /// Any short ASCII text: the fast search takes it, with the pattern's matches.
    #[test]
    fn same_as_pattern_ascii(body in "[ -~\t\n\r\x0b\x0c]{0,40}") {
        let rules = ScoreRules::new().expect("rules");
        proptest::prop_assert!(check(&rules, &body).is_some());
    }
}

/// Pieces for the proptest: numbers, dashes, spaces, the phrases' words in several cases, word
/// bytes, and non-ASCII characters of both kinds.
const PIECES: &[&str] = &[
    " ",
    " ",
    "  ",
    "\n",
    "\t",
    "\r",
    "\x0b",
    "\x0c",
    ".",
    ",",
    "-",
    "–",
    "—",
    "_",
    "x",
    "B",
    "0",
    "1",
    "2",
    "12",
    "123",
    "2-1",
    "2 - 1",
    "4–0",
    "3—2",
    "21-0",
    "by",
    "By",
    "BY",
    "the",
    "THE",
    "same",
    "an",
    "identical",
    "score",
    "scoreline",
    "margin",
    "goalless",
    "Goalless",
    "scoreless",
    "SCORELESS",
    "nil",
    "nil-nil",
    "Nil-Nil",
    "less",
    "goal",
    "é",
    "£",
    "½",
    "’",
    "\u{a0}",
    "ſ",
    "\u{212a}",
    "٣",
    "1\u{a0}",
    "\u{85}",
];
