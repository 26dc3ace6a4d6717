//! Table-driven tests of the score rules, run through the real pipeline (segmenter, matcher,
//! fuzzy stage) with a small inline gazetteer.

use rustc_hash::FxHashSet as HashSet;

use super::{club_words, Phrases, ScoreRules};
use crate::extract::Context;
use crate::facts::Span;
use crate::gazetteer::EntityKind;
use crate::pipeline::Pipeline;
use crate::Document;

/// Renders a pipeline's scores as `team goals team goals @home`.
fn render(p: &Pipeline, text: &str) -> Vec<String> {
    let g = p.gazetteer();
    let id = |i: u32| g.entities()[i as usize].id.clone();
    p.analyze_text(text)
        .scores
        .iter()
        .map(|s| {
            assert!(
                text.get(s.start..s.end).is_some(),
                "span on char boundaries"
            );
            let home = s.home.map_or("-".to_string(), id);
            format!(
                "{} {} {} {} @{}",
                id(s.teams[0]),
                s.goals[0],
                id(s.teams[1]),
                s.goals[1],
                home
            )
        })
        .collect()
}

const PEOPLE: &str = "id\tname\taliases\trole\tclub\tnationality
kalidou-koulibaly\tKalidou Koulibaly\t\tplayer\tnapoli\tSenegal
ciro-immobile\tCiro Immobile\t\tplayer\tlazio\tItaly
mauro-icardi\tMauro Icardi\t\tplayer\tinter\tArgentina
ivan-perisic\tIvan Perišić\t\tplayer\tinter\tCroatia
alex-ferguson\tAlex Ferguson\t\tcoach\tmanchester-united\tScotland
";
const CLUBS: &str = "id\tname\taliases\tcity\tcountry\tstadium
napoli\tNapoli\t\tNaples\tItaly\t
juventus\tJuventus\tJuve\tTurin\tItaly\tallianz-stadium
lazio\tLazio\t\tRome\tItaly\t
sampdoria\tSampdoria\t\tGenoa\tItaly\t
inter\tInter Milan\tInter\tMilan\tItaly\t
chievo\tChievo\t\tVerona\tItaly\t
atalanta\tAtalanta\t\tBergamo\tItaly\t
torino\tTorino\t\tTurin\tItaly\t
milan\tAC Milan\t\tMilan\tItaly\t
benevento\tBenevento\t\tBenevento\tItaly\t
crotone\tCrotone\t\tCrotone\tItaly\t
udinese\tUdinese\t\tUdine\tItaly\t
cagliari\tCagliari\t\tCagliari\tItaly\t
bologna\tBologna\t\tBologna\tItaly\t
roma\tRoma\tAS Roma\tRome\tItaly\t
spal\tSPAL\t\tFerrara\tItaly\t
genoa\tGenoa\t\tGenoa\tItaly\t
liverpool\tLiverpool\t\tLiverpool\tEngland\t
arsenal\tArsenal\tGunners\tLondon\tEngland\thighbury
chelsea\tChelsea\t\tLondon\tEngland\t
manchester-united\tManchester United\tMan Utd\tManchester\tEngland\told-trafford
manchester-city\tManchester City\tMan City\tManchester\tEngland\t
";
const STADIUMS: &str = "id\tname\taliases\tcity\tclubs
allianz-stadium\tAllianz Stadium\tJuventus Stadium\tTurin\tjuventus
highbury\tHighbury\t\tLondon\tarsenal
old-trafford\tOld Trafford\t\tManchester\tmanchester-united
";

fn pipeline() -> Pipeline {
    crate::pipeline::test_pipeline(PEOPLE, CLUBS, STADIUMS)
}

/// One case: name, text, expected results as `team goals team goals @home` (`@-`: not said).
type Case = (&'static str, &'static str, &'static [&'static str]);

fn check(cases: &[Case]) {
    let p = pipeline();
    let rules = ScoreRules::new().expect("bundled rules compile");
    for (name, text, expected) in cases {
        assert_eq!(render(&p, text), *expected, "case {name}: {text}");
        assert_same_as_reference(&p, &rules, text, &mut 0);
    }
}

/// Checks the extractor against its reference implementation on one text: the same results,
/// and the same tokens for every window of the text. Returns the number of windows; counts in
/// `from_body` those whose triggers were taken from the body's matches.
fn assert_same_as_reference(
    p: &Pipeline,
    rules: &ScoreRules,
    text: &str,
    from_body: &mut usize,
) -> usize {
    let doc = Document::new("-", text);
    let sentences = p.sentences(&doc);
    let mentions = p.mentions(text, &sentences);
    let ctx = Context {
        text,
        sentences: &sentences,
        mentions: &mentions,
        gazetteer: p.gazetteer(),
    };
    assert_eq!(
        rules.extract(&ctx),
        rules.extract_reference(&ctx),
        "text: {text:?}"
    );
    let doc_clubs: HashSet<u32> = mentions
        .iter()
        .filter(|m| m.kind == EntityKind::Club)
        .filter_map(|m| m.entity)
        .collect();
    let words = club_words(&ctx, &doc_clubs);
    let mut windows: Vec<Span> = text
        .char_indices()
        .filter_map(|(i, _)| rules.window_at(&ctx, i))
        .collect();
    windows.dedup();
    let (mut fast, mut reference) = (Vec::new(), Vec::new());
    let body_start = sentences.first().map_or(0, |s| s.start);
    let found = rules.body_matches(&ctx, body_start);
    for &w in &windows {
        let window = &text[w.start..w.end];
        if let Some(triggers) = rules.triggers_from_body(text, window, w, &found) {
            assert_eq!(
                triggers,
                rules.trigger_kinds(text, w, rules.trigger.captures_iter(window)),
                "triggers of {w:?} in {text:?}"
            );
            *from_body += 1;
        }
        rules.tokenize(&ctx, w, &doc_clubs, &words, &found, &mut fast);
        rules.tokenize_reference(&ctx, w, &doc_clubs, &words, &mut reference);
        assert_eq!(fast, reference, "window {w:?} of {text:?}");
        for j in 0..fast.len() {
            assert_eq!(
                rules.is_stop_word(&fast, j),
                rules.is_stop_word_reference(&fast, j),
                "stop word {j} in {w:?} of {text:?}"
            );
        }
        for list in rules.all_phrases() {
            for j in 0..=fast.len() {
                assert_eq!(
                    list.at(&fast, j),
                    list.at_reference(&fast, j),
                    "at {j} in {w:?} of {text:?}"
                );
                for lo in 0..=j {
                    assert_eq!(
                        list.before(&fast, j, lo),
                        list.before_reference(&fast, j, lo),
                        "before {j} from {lo} in {w:?} of {text:?}"
                    );
                }
            }
        }
    }
    windows.len()
}

/// Texts whose triggers meet the edges of sentences: a phrase across a paragraph break (a match
/// of the body that crosses a window's edge), glued sentences, triggers glued to words.
const EDGE_TEXTS: &[&str] = &[
    "Lazio beat Napoli 2-1. Roma beat Genoa by the same\n\nscore at home.",
    "Lazio beat Napoli 2-1. Roma beat Genoa by the\n\nsame score. Juventus won 3-0.",
    "Lazio drew 0-0 with Napoli. It was goalless.\n\nRoma drew a goalless draw with Genoa.",
    "Lazio won 2-1.Roma won 3-0 against Genoa.Juventus drew 1-1 with Torino.",
    "Lazio won x2-1 and 2-1x. Roma won 3-0_ and _3-0 against Genoa.",
    "Lazio won 2-\n\n1 at home to Napoli. Roma lost 1 -\n2 to Genoa.",
];

/// Texts for the equivalence tests beyond the table cases: the seed articles of `corpus/` and
/// the score rule data (its lines, with their quoted examples, and whole).
fn equivalence_texts() -> Vec<String> {
    let mut out: Vec<String> = EDGE_TEXTS.iter().map(|t| t.to_string()).collect();
    for data in [
        include_str!("../../../data/rules/score-goalless.txt"),
        include_str!("../../../data/rules/score-same-score.txt"),
        include_str!("../../../data/rules/score-win-verbs.txt"),
        include_str!("../../../data/rules/score-lose-verbs.txt"),
        include_str!("../../../data/rules/score-draw-nouns.txt"),
        include_str!("../../../data/rules/score-interim-after.txt"),
        include_str!("../../../data/rules/score-not-result.txt"),
        include_str!("../../../data/rules/score-opponent-preps.txt"),
    ] {
        for line in data.lines() {
            let line = line.trim_start_matches('#').trim();
            out.push(line.to_string());
            out.extend(line.split('"').skip(1).step_by(2).map(str::to_string));
        }
        out.push(data.to_string());
    }
    out.extend(crate::extract::seed_texts());
    out
}

#[test]
fn same_as_reference_on_examples() {
    let p = pipeline();
    let rules = ScoreRules::new().expect("bundled rules compile");
    let (mut windows, mut from_body) = (0, 0);
    for text in equivalence_texts() {
        windows += assert_same_as_reference(&p, &rules, &text, &mut from_body);
    }
    assert!(
        windows > 200,
        "only {windows} windows: the texts were not read"
    );
    assert!(
        from_body * 2 > windows,
        "{from_body} of {windows} windows took their triggers from the body"
    );
}

#[test]
fn results_lines_and_headlines() {
    check(&[
        ("line", "Juventus 0 Napoli 1", &["juventus 0 napoli 1 @juventus"]),
        (
            "list_of_lines",
            "Italian Serie A results:\n\nCagliari 0 Bologna 0\n\nLazio 4 Sampdoria 0\n\nUdinese 1 Crotone 2\n",
            &[
                "cagliari 0 bologna 0 @cagliari",
                "lazio 4 sampdoria 0 @lazio",
                "udinese 1 crotone 2 @udinese",
            ],
        ),
        (
            "headline_dash",
            "Man City 0-2 Man Utd\n\nThe derby was one-sided.",
            &["manchester-city 0 manchester-united 2 @manchester-city"],
        ),
        ("spaced_dash", "Lazio 4 - 0 Sampdoria", &["lazio 4 sampdoria 0 @lazio"]),
        ("en_dash", "Chievo 1–2 Inter Milan", &["chievo 1 inter 2 @chievo"]),
        ("line_needs_two_clubs", "Lazio 4 Madrid 0", &[]),
        ("number_in_prose", "Juventus have 85 points from 34 games with Napoli on 84.", &[]),
    ]);
}

#[test]
fn result_nouns() {
    check(&[
        (
            "win_against_subject_possessive",
            "SENEGALESE defender Kalidou Koulibaly's last-gasp goal kept Napoli's title hopes alive with a 1-0 win against Juventus to close the gap to just one point.",
            &["napoli 1 juventus 0 @-"],
        ),
        (
            "possessive_win_at",
            "Benevento were relegated after one season by Crotone's last-gasp 2-1 win at Udinese.",
            &["crotone 2 udinese 1 @udinese"],
        ),
        (
            "defeat_at_home_to",
            "Atalanta moved sixth with a 2-1 win over Torino at the expense of AC Milan who dropped to seventh after a 1-0 defeat at home to bottom club Benevento on Saturday.",
            &["atalanta 2 torino 1 @-", "milan 0 benevento 1 @milan"],
        ),
        (
            "goalless_draw",
            "Cagliari were held to a goalless draw with Bologna.",
            &["cagliari 0 bologna 0 @-"],
        ),
        (
            "goalless_not_a_draw",
            "Cagliari and Bologna played out a goalless first half.",
            &[],
        ),
        (
            "draw_subject_not_object",
            "Arsenal fell seven points behind Chelsea after their 1-1 draw with Manchester City at Highbury.",
            &["arsenal 1 manchester-city 1 @arsenal"],
        ),
        (
            "gave_object",
            "Second-half goals from Mauro Icardi and Ivan Perisic gave Inter Milan a fortuitous 2-1 win at Chievo which kept them fifth.",
            &["inter 2 chievo 1 @chievo"],
        ),
        (
            "pronoun_owner",
            "Second-placed Napoli threw the title race open when Kalidou Koulibaly scored in the last minute to give them a famous 1-0 win at leaders Juventus.",
            &["napoli 1 juventus 0 @juventus"],
        ),
        (
            "loser_written_first",
            "Juventus suffered a 0-1 defeat against Napoli.",
            &["juventus 0 napoli 1 @-"],
        ),
        (
            "win_for",
            "It was a deserved 2-0 win for Lazio over Napoli.",
            &["lazio 2 napoli 0 @-"],
        ),
        (
            "home_modifier",
            "Lazio claimed a 3-1 home win over Napoli.",
            &["lazio 3 napoli 1 @lazio"],
        ),
        (
            "held_to_draw",
            "Lazio held Napoli to a 1-1 draw.",
            &["lazio 1 napoli 1 @-"],
        ),
        (
            "relative_clause_owner",
            "Ciro Immobile scored a brace as Lazio crushed Sampdoria 4-0 to stay fourth, just behind Roma who warmed up for the semi-final against Liverpool with a 3-0 win at SPAL on Saturday.",
            &["lazio 4 sampdoria 0 @-", "roma 3 spal 0 @spal"],
        ),
        (
            "glued_sentences",
            "Napoli won.Free-scoring Lazio thumped Sampdoria 4-0.Headers from Immobile put Lazio 2-0 up at halftime.",
            &["lazio 4 sampdoria 0 @-"],
        ),
    ]);
}

#[test]
fn result_verbs() {
    check(&[
        (
            "crushed",
            "Ciro Immobile scored a brace as Lazio crushed Sampdoria 4-0 to stay fourth.",
            &["lazio 4 sampdoria 0 @-"],
        ),
        ("beat", "Atalanta beat Torino 3-1.", &["atalanta 3 torino 1 @-"]),
        ("lost_score_to", "AC Milan lost 2-0 to Benevento.", &["milan 0 benevento 2 @-"]),
        ("lost_to_score", "AC Milan lost to Benevento 2-0.", &["milan 0 benevento 2 @-"]),
        (
            "down_at_stadium",
            "Kalidou Koulibaly headed Napoli back into the Serie A title race with a dramatic last-minute goal to down leaders Juventus 1-0 at Allianz Stadium.",
            &["napoli 1 juventus 0 @juventus"],
        ),
        ("passive", "Sampdoria were beaten 3-0 by Lazio.", &["sampdoria 0 lazio 3 @-"]),
        ("won_at", "Inter Milan won 2-1 at Chievo.", &["inter 2 chievo 1 @chievo"]),
        ("drew_with", "Torino drew 1-1 with Genoa.", &["torino 1 genoa 1 @-"]),
        ("and_drew", "Torino and Genoa drew 2-2.", &["genoa 2 torino 2 @-"]),
        (
            "passive_at_home",
            "Napoli were held 0-0 at home by Genoa.",
            &["napoli 0 genoa 0 @napoli"],
        ),
        (
            "lost_the_match",
            "Lazio were fined after the game against Napoli. Lazio, who lost the match 3-0, will appeal.",
            &["lazio 0 napoli 3 @-"],
        ),
        (
            "penalty_shootout_after_draw",
            "AC Milan beat Juventus in a penalty shootout after a 0-0 draw.",
            &["milan 0 juventus 0 @-"],
        ),
        (
            "beat_at_home",
            "Lazio beat Napoli 2-1 at home on Sunday.",
            &["lazio 2 napoli 1 @lazio"],
        ),
        (
            "same_score",
            "Second-half goals gave Inter Milan a fortuitous 2-1 win at Chievo which kept them fifth.Atalanta beat Torino by the same score to go sixth.",
            &["inter 2 chievo 1 @chievo", "atalanta 2 torino 1 @-"],
        ),
        (
            "same_score_next_sentence",
            "Inter Milan won 2-1 at Chievo. Atalanta beat Torino by the same score.",
            &["inter 2 chievo 1 @chievo", "atalanta 2 torino 1 @-"],
        ),
        ("unknown_subject", "Spain won 1-0 against Napoli.", &[]),
        ("pronoun_object_unknown", "Roma beat them 2-1 in a replay.", &[]),
    ]);
}

#[test]
fn teams_from_context() {
    check(&[
        (
            "scorer_club",
            "Ciro Immobile scored twice in a 4-0 win over Sampdoria.",
            &["lazio 4 sampdoria 0 @-"],
        ),
        (
            "previous_sentence_subject",
            "Roma warmed up for the semi-final against Liverpool. The 3-0 win at SPAL was comfortable.",
            &["roma 3 spal 0 @spal"],
        ),
        (
            // The previous sentence is the window scanned just before (its tokens are reused).
            "previous_sentence_with_a_result",
            "Roma beat Napoli 2-1. The 3-0 win at SPAL came next.",
            &["roma 2 napoli 1 @-", "roma 3 spal 0 @spal"],
        ),
        (
            // The previous sentence is not the window scanned just before.
            "previous_sentence_after_a_result",
            "Lazio beat Napoli 2-1. Roma were in good form. The 3-0 win at SPAL came next.",
            &["lazio 2 napoli 1 @-", "roma 3 spal 0 @spal"],
        ),
        (
            "previous_sentence_opponent_short_name",
            "Manchester United played Arsenal in October. United won 2-0 that day.",
            &["manchester-united 2 arsenal 0 @-"],
        ),
        (
            "carry_within_sentence",
            "Lazio have had two away games, drawing 1-1 at Torino and losing 1-0 at Genoa.",
            &["lazio 1 torino 1 @torino", "lazio 0 genoa 1 @genoa"],
        ),
        (
            "previous_list_of_clubs_ignored",
            "AC Milan, Inter Milan, Juventus, Lazio.\n\nwho had already qualified lost 2-1 to Roma.",
            &[],
        ),
    ]);
}

#[test]
fn not_results() {
    check(&[
        (
            "up_at_halftime",
            "Headers from Immobile put Lazio 2-0 up at halftime.",
            &[],
        ),
        (
            "making_it",
            "Immobile scored just after the break, making it 2-0.",
            &[],
        ),
        (
            "made_it",
            "Immobile then made it 2-0 on 52 minutes for Lazio against Napoli.",
            &[],
        ),
        (
            "first_leg_lead",
            "Inter Milan secured a 2-1 first-leg lead over Chelsea.",
            &[],
        ),
        (
            "score_at",
            "The game between Lazio and Napoli was stopped with the score at 1-1.",
            &[],
        ),
        ("points", "Juventus have 85 points with Napoli, on 84.", &[]),
        (
            "goal_tally",
            "Immobile has 29 goals this season for Lazio.",
            &[],
        ),
        (
            "date",
            "Lazio and Napoli meet on the weekend of 12-13 March.",
            &[],
        ),
        (
            "range",
            "Lazio will loan the player to Napoli for 6-12 months.",
            &[],
        ),
        ("odds", "Lazio are 11-2 favourites against Napoli.", &[]),
        ("formation", "Lazio played 4-4-2 against Napoli.", &[]),
        ("penalties", "Lazio beat Napoli 4-2 on penalties.", &[]),
        (
            "penalties_after_draw",
            "Lazio beat Napoli 4-2 on penalties after a 1-1 draw.",
            &["lazio 1 napoli 1 @-"],
        ),
        (
            "aggregate",
            "Inter Milan went through after a 4-2 aggregate win over Chievo.",
            &[],
        ),
        (
            "hypothetical",
            "If Lazio lose 2-0 to Napoli they are out.",
            &[],
        ),
        (
            "need_to_beat",
            "Lazio need to beat Napoli 2-0 next week.",
            &[],
        ),
        (
            "speaker_we",
            "\"We lost 1-0 to Napoli,\" said Immobile.",
            &[],
        ),
        ("speaker_us", "Napoli beat us 5-0 in the first leg.", &[]),
    ]);
}

#[test]
fn each_result_once() {
    check(&[
        (
            "repeat_merges_home",
            "Lazio crushed Sampdoria 4-0.\n\nLazio 4 Sampdoria 0\n",
            &["lazio 4 sampdoria 0 @lazio"],
        ),
        (
            "same_clubs_other_score",
            "Lazio beat Napoli 2-1 in the first leg. Napoli beat Lazio 3-0 in the second leg.",
            &["lazio 2 napoli 1 @-", "napoli 3 lazio 0 @-"],
        ),
    ]);
}

#[test]
fn spans_cover_score_and_teams() {
    let p = pipeline();
    let cases: &[(&str, &str, &str)] = &[
        (
            "verb",
            "Ciro Immobile scored as Lazio crushed Sampdoria 4-0 to stay fourth.",
            "Lazio crushed Sampdoria 4-0",
        ),
        ("line", "Juventus 0 Napoli 1", "Juventus 0 Napoli 1"),
        (
            "possessive",
            "It was Crotone's last-gasp 2-1 win at Udinese.",
            "Crotone's last-gasp 2-1 win at Udinese",
        ),
        ("headline", "Man City 0-2 Man Utd", "Man City 0-2 Man Utd"),
    ];
    for (name, text, expected) in cases {
        let scores = p.analyze_text(text).scores;
        assert_eq!(scores.len(), 1, "case {name}");
        assert_eq!(
            &text[scores[0].start..scores[0].end],
            *expected,
            "case {name}"
        );
    }
}

proptest::proptest! {
    /// Any text: no panic, and every span is a valid slice.
    #[test]
    fn any_text_gives_valid_spans(
        pieces in proptest::collection::vec(
            proptest::sample::select(vec![
                "Lazio", "Napoli's", "Man Utd", "Allianz Stadium", " ", "\n", ".", ",", "\"", "’s",
                "2-1", "0 ", "4–0", "goalless", "draw", "win", "at", "beat", "lost", "to",
                "by the same score", "£", "é", "Ü", "United", "Highbury", "who", "on penalties",
            ]),
            0..40,
        )
    ) {
        let text: String = pieces.concat();
        let p = pipeline();
        for s in p.analyze_text(&text).scores {
            proptest::prop_assert!(text.get(s.start..s.end).is_some());
            proptest::prop_assert!(s.start < s.end);
        }
    }

    /// Any text of score pieces, sentence ends (some glued), names and odd characters: the same
    /// results and tokens as the reference implementation.
    #[test]
    fn same_as_reference(
        pieces in proptest::collection::vec(proptest::sample::select(EDGE_PIECES.to_vec()), 0..60)
    ) {
        let text: String = pieces.concat();
        assert_same_as_reference(
            &pipeline(),
            &ScoreRules::new().expect("rules"),
            &text,
            &mut 0,
        );
    }
}

/// Pieces for the equivalence proptest: triggers (with their edges glued to words and digits),
/// sentence ends with and without a space, clubs, people, stadiums, capitalised club words,
/// possessives, case and non-ASCII variants.
const EDGE_PIECES: &[&str] = &[
    " ",
    " ",
    " ",
    "\n",
    "\n\n",
    ".",
    ". ",
    "! ",
    "? ",
    ".\"",
    ",",
    ";",
    "'",
    "’",
    "\"",
    "“",
    "-",
    "(",
    "x",
    "_",
    "9",
    "12",
    "0 ",
    " 1 ",
    "2-1",
    "4–0",
    "1 - 1",
    "3—2",
    "21-0",
    "4-4-2",
    "1.5-2",
    "2004-05",
    "٣-١",
    "goalless",
    "Goalless",
    "GOALLESS",
    "scoreless",
    "nil-nil",
    "Nil-Nil",
    "by the same score",
    "By The Same Scoreline",
    "by  the\nsame margin",
    "by an identical score",
    "draw",
    "win",
    "victory",
    "defeat",
    "at",
    "at home to",
    "away at",
    "beat",
    "crushed",
    "lost",
    "lost to",
    "drew",
    "with",
    "to",
    "over",
    "against",
    "for",
    "who",
    "which",
    "and",
    "our",
    "if we lose",
    "on penalties",
    "on aggregate",
    "halftime",
    "up",
    "making it",
    "goals",
    "in",
    "Lazio",
    "Napoli",
    "Napoli's",
    "Sampdoria",
    "Juventus",
    "Juve",
    "Inter Milan",
    "Inter",
    "Man Utd",
    "Manchester United",
    "United",
    "City",
    "Man City",
    "Milan",
    "AC Milan",
    "Allianz Stadium",
    "Highbury",
    "Old Trafford",
    "Ciro Immobile",
    "Immobile",
    "Perišić",
    "Mauro Icardi's",
    "The Blues",
    "Spain",
    "Sunday's",
    "Headers",
    "é",
    "Ü",
    "É",
    "ß",
    "İ",
    "ſcoreless",
    "K",
    "’s",
    "'s",
    "s'",
    "£",
    "½",
];

/// The unions [`ScoreRules::is_stop_word`] looks words up in hold the entries of their lists,
/// and only those.
#[test]
fn stop_unions_are_their_lists() {
    let rules = ScoreRules::new().expect("bundled rules compile");
    fn entries<'p>(lists: &[&'p Phrases]) -> Vec<&'p str> {
        let mut all: Vec<&str> = lists.iter().flat_map(|p| p.iter()).collect();
        all.sort_unstable();
        all.dedup();
        all
    }
    for (union, lists) in [
        (
            &rules.stop_words,
            vec![
                &rules.win_verbs,
                &rules.won_verbs,
                &rules.lose_verbs,
                &rules.draw_verbs,
                &rules.clause_breaks,
            ],
        ),
        (
            &rules.stop_preps,
            vec![&rules.opponent_preps, &rules.object_preps],
        ),
    ] {
        assert_eq!(entries(&[union]), entries(&lists));
        let max = lists.iter().map(|p| p.max_words).max();
        assert_eq!(Some(union.max_words), max);
    }
}

#[test]
fn fold_cow_is_fold() {
    for s in [
        "",
        "lazio",
        "Lazio",
        "LAZIO",
        "2-1",
        "4–0",
        "’",
        "é",
        "Perišić",
        "ß",
        "İ",
        "K",
        "ſ",
        "a b",
        "nil-nil",
        "_",
        "@[`{",
        "\u{0301}",
    ] {
        assert_eq!(super::fold_cow(s), crate::fold::fold(s), "{s:?}");
    }
    assert!(matches!(
        super::fold_cow("lazio"),
        std::borrow::Cow::Borrowed(_)
    ));
}

proptest::proptest! {
    /// `fold_cow` folds any text as `fold` does.
    #[test]
    fn fold_cow_is_fold_on_any_text(s in "\\PC{0,12}|[ -~]{0,12}") {
        proptest::prop_assert_eq!(super::fold_cow(&s), crate::fold::fold(&s));
    }
}

/// Words for the `word_end` tests: ASCII and non-ASCII letters and digits, apostrophes and
/// hyphens inside and at the ends of words, and what ends a word.
const WORD_CASES: &[&str] = &[
    "",
    "a",
    "Lazio",
    "Lazio's",
    "Sunday's win",
    "last-gasp",
    "last-",
    "-gasp",
    "'s",
    "s'",
    "d'Éric",
    "d’Éric",
    "Perišić's",
    "Perišić-Král",
    "Müller’s",
    "é",
    "½-time",
    "4-4-2",
    "2004-05.",
    "x_y",
    "a--b",
    "a'-b",
    "ab'£",
    "ab-£c",
    "ab.cd",
    "£5",
    "“Quote”",
    "İstanbul",
];

#[test]
fn word_end_is_reference() {
    for w in WORD_CASES {
        for (pos, _) in w.char_indices() {
            for (limit, _) in w
                .char_indices()
                .chain([(w.len(), ' ')])
                .filter(|&(l, _)| l > pos)
            {
                assert_eq!(
                    super::word_end(w, pos, limit),
                    super::reference::word_end_reference(w, pos, limit),
                    "{w:?} from {pos} to {limit}"
                );
            }
        }
    }
}

proptest::proptest! {
    /// Any text of letters, digits, apostrophes, hyphens and other characters: `word_end` as
    /// its reference, from every character to the end.
    #[test]
    fn word_end_is_reference_on_any_text(s in "[a-zA-Z0-9'’\\-_. éßŠ½£“]{1,16}|\\PC{1,8}") {
        for (pos, _) in s.char_indices() {
            proptest::prop_assert_eq!(
                super::word_end(&s, pos, s.len()),
                super::reference::word_end_reference(&s, pos, s.len())
            );
        }
    }
}
