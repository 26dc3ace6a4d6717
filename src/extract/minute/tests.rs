//! Table-driven tests of the events layer: one line per case (name, text, expected events as
//! `minute[+added]/player/type`, `-` for a player the gazetteer does not know), grouped by pattern,
//! run through the real pipeline (segmenter, mention layer) with a small gazetteer.

use crate::Pipeline;

const PEOPLE: &str = "id\tname\taliases\trole\tclub\tnationality\n\
kalidou-koulibaly\tKalidou Koulibaly\t\tplayer\tnapoli\tSenegal\n\
jose-callejon\tJose Callejon\t\tplayer\tnapoli\tSpain\n\
piotr-zielinski\tPiotr Zielinski\t\tplayer\tnapoli\tPoland\n\
mario-rui\tMario Rui\t\tplayer\tnapoli\tPortugal\n\
lorenzo-insigne\tLorenzo Insigne\t\tplayer\tnapoli\tItaly\n\
marek-hamsik\tMarek Hamšík\t\tplayer\tnapoli\tSlovakia\n\
giorgio-chiellini\tGiorgio Chiellini\t\tplayer\tjuventus\tItaly\n\
gianluigi-buffon\tGianluigi Buffon\t\tplayer\tjuventus\tItaly\n\
paulo-dybala\tPaulo Dybala\t\tplayer\tjuventus\tArgentina\n\
juan-cuadrado\tJuan Cuadrado\t\tplayer\tjuventus\tColombia\n\
mario-mandzukic\tMario Mandzukic\t\tplayer\tjuventus\tCroatia\n\
miralem-pjanic\tMiralem Pjanic\t\tplayer\tjuventus\tBosnia and Herzegovina\n\
ciro-immobile\tCiro Immobile\t\tplayer\tlazio\tItaly\n\
sergej-milinkovic-savic\tSergej Milinkovic-Savic\t\tplayer\tlazio\tSerbia\n\
mauro-icardi\tMauro Icardi\t\tplayer\tinter\tArgentina\n\
ivan-perisic\tIvan Perisic\t\tplayer\tinter\tCroatia\n\
massimiliano-allegri\tMassimiliano Allegri\t\tcoach\tjuventus\tItaly\n\
steven-gerrard\tSteven Gerrard\t\tplayer\tliverpool\tEngland\n\
antonio-nunez\tAntonio Nunez\t\tplayer\tliverpool\tSpain\n\
jerzy-dudek\tJerzy Dudek\t\tplayer\tliverpool\tPoland\n\
didier-drogba\tDidier Drogba\t\tplayer\tchelsea\tIvory Coast\n\
mateja-kezman\tMateja Kezman\t\tplayer\tchelsea\tSerbia and Montenegro\n\
james-grady\tJames Grady\t\tplayer\tdundee-united\tScotland\n\
ryan-esson\tRyan Esson\t\tplayer\taberdeen\tScotland\n\
paddy-kenny\tPaddy Kenny\t\tplayer\tsheffield-united\tIreland\n\
paul-thirlwell\tPaul Thirlwell\t\tplayer\tsheffield-united\tEngland\n\
michael-tonge\tMichael Tonge\t\tplayer\tsheffield-united\tEngland\n\
alan-quinn\tAlan Quinn\t\tplayer\tsheffield-united\tIreland\n\
phil-jagielka\tPhil Jagielka\t\tplayer\tsheffield-united\tEngland\n\
graham-coughlan\tGraham Coughlan\t\tplayer\tplymouth-argyle\tIreland\n\
paul-wotton\tPaul Wotton\t\tplayer\tplymouth-argyle\tEngland\n";

const CLUBS: &str = "id\tname\taliases\tcity\tcountry\tstadium\n\
napoli\tNapoli\t\tNaples\tItaly\t\n\
juventus\tJuventus\tJuve\tTurin\tItaly\t\n\
lazio\tLazio\t\tRome\tItaly\t\n\
inter\tInter Milan\tInter\tMilan\tItaly\t\n\
liverpool\tLiverpool\t\tLiverpool\tEngland\t\n\
chelsea\tChelsea\t\tLondon\tEngland\t\n\
dundee-united\tDundee United\tDundee Utd\tDundee\tScotland\t\n\
aberdeen\tAberdeen\t\tAberdeen\tScotland\t\n\
sheffield-united\tSheffield United\tSheff Utd\tSheffield\tEngland\t\n\
plymouth-argyle\tPlymouth Argyle\tPlymouth\tPlymouth\tEngland\t\n";

const STADIUMS: &str = "id\tname\taliases\tcity\tclubs\n";

fn pipeline() -> Pipeline {
    crate::pipeline::test_pipeline(PEOPLE, CLUBS, STADIUMS)
}

/// The events of a text as `minute[+added]/player/type`, in text order.
fn events(p: &Pipeline, text: &str) -> Vec<String> {
    let g = p.gazetteer();
    p.analyze_text(text)
        .events
        .iter()
        .map(|e| {
            let minute = match e.added {
                Some(a) => format!("{}+{a}", e.minute),
                None => e.minute.to_string(),
            };
            let player = e
                .player
                .map_or("-".to_string(), |i| g.entities()[i as usize].id.clone());
            format!("{minute}/{player}/{}", e.kind.as_str())
        })
        .collect()
}

type Case = (&'static str, &'static str, &'static [&'static str]);

/// Ordinals and elapsed time.
const ELAPSED: &[Case] = &[
    ("ordinal", "Koulibaly headed the winner in the 89th minute.", &["89/kalidou-koulibaly/goal"]),
    ("ordinal_adjective", "Kalidou Koulibaly's 91st-minute winner secured all three points for Napoli.", &["91/kalidou-koulibaly/goal"]),
    ("ordinal_on_the", "Napoli beat the best defence in the league through Koulibaly on the 91st minute.", &["91/kalidou-koulibaly/goal"]),
    ("ordinal_word", "Immobile scored in the first minute.", &["1/ciro-immobile/goal"]),
    ("ordinal_compound_word", "Icardi equalised in the twenty-first minute.", &["21/mauro-icardi/goal"]),
    ("ordinal_injury_time", "Icardi scored in the second minute of injury time.", &["92+2/mauro-icardi/goal"]),
    ("ordinal_second_half", "Perisic scored in the fifth minute of the second half.", &["50/ivan-perisic/goal"]),
    ("opening_minute", "Insigne shot wide in the opening minute.", &["1/lorenzo-insigne/chance"]),
    ("on_minutes", "Callejon struck the ball on the volley from a Hamsik pass on 70 minutes, only for Buffon to palm the ball away.", &["70/jose-callejon/chance"]),
    ("after_minutes", "Lazio dominated Sampdoria with Sergej Milinkovic-Savic breaking through after 32 minutes.", &["32/sergej-milinkovic-savic/goal"]),
    ("in_minutes", "James Grady prodded Dundee United ahead in 19 minutes.", &["19/james-grady/goal"]),
    ("after_just_words", "Icardi scored the opener after just nine minutes.", &["9/mauro-icardi/goal"]),
    ("number_compound", "Immobile scored after twenty-five minutes.", &["25/ciro-immobile/goal"]),
    ("minutes_in", "Twelve minutes in, Immobile fired home.", &["12/ciro-immobile/goal"]),
    ("on_the_clock", "With just 10 minutes on the clock, Immobile doubled the lead.", &["10/ciro-immobile/goal"]),
    ("minutes_in_brackets", "Icardi headed home (23 mins) before Perisic added a second.", &["23/mauro-icardi/goal"]),
    ("ordinal_min", "Perisic scored in the 12th min.", &["12/ivan-perisic/goal"]),
    ("took_minutes_to", "It took Insigne just four minutes to threaten.", &["4/lorenzo-insigne/chance"]),
];

/// Fixed and period-relative times.
const PERIODS: &[Case] = &[
    ("added_time", "Icardi headed home (90+3).", &["93+3/mauro-icardi/goal"]),
    ("into_injury_time", "Perisic scored three minutes into injury time.", &["93+3/ivan-perisic/goal"]),
    ("final_minute", "Koulibaly headed the winner off a Jose Callejon corner in the final minute.", &["90/kalidou-koulibaly/goal"]),
    ("last_minute_adjective", "Kalidou Koulibaly headed Napoli back into the title race with a dramatic last-minute goal.", &["90/kalidou-koulibaly/goal"]),
    ("from_the_end", "Immobile tapped in a Milinkovic-Savic assist five minutes from the end.", &["85/ciro-immobile/goal"]),
    ("from_time", "Perisic hit the post four minutes from time.", &["86/ivan-perisic/chance"]),
    ("end_of_first_half", "Grady restored the lead four minutes before the end of a highly entertaining first half.", &["41/james-grady/goal"]),
    ("remaining", "Allegri rolled the dice and threw Mario Mandzukic into the fray when there were 20 minutes remaining.", &["70/mario-mandzukic/substitution"]),
    ("to_go", "Icardi rounded the keeper and slotted home with three minutes to go.", &["87/mauro-icardi/goal"]),
    ("remaining_in_extra_time", "Kezman netted from close range in the 110th minute. Nunez headed home with six minutes remaining.", &["110/mateja-kezman/goal", "114/antonio-nunez/goal"]),
    ("remaining_extra_named", "Chelsea sent on Didier Drogba with seven minutes of extra-time left.", &["113/didier-drogba/substitution"]),
    ("into_extra_time", "Drogba almost headed Chelsea in front two minutes into extra-time.", &["92/didier-drogba/chance"]),
    ("before_half_time", "Dudek saved from Drogba two minutes before half-time.", &["43/jerzy-dudek/save"]),
    ("after_the_interval", "Grady volleyed home two minutes after the interval.", &["47/james-grady/goal"]),
    ("after_the_break", "Dudek was not threatened until 10 minutes after the break.", &["55/jerzy-dudek/chance"]),
    ("within_of_restart", "Perisic scored within four minutes of the restart.", &["49/ivan-perisic/goal"]),
    ("seconds_before_half_time", "Immobile finished off a cross from close range just seconds before half-time.", &["45/ciro-immobile/goal"]),
    ("on_the_hour", "Icardi scored on the hour.", &["60/mauro-icardi/goal"]),
    ("on_the_hour_mark", "On the hour mark Icardi headed home.", &["60/mauro-icardi/goal"]),
    ("after_an_hour", "Icardi headed in a goal after an hour.", &["60/mauro-icardi/goal"]),
    ("half_an_hour", "Immobile scored after half an hour.", &["30/ciro-immobile/goal"]),
    ("at_the_break_substitution", "Allegri surprised many when he withdrew Paulo Dybala for Juan Cuadrado at the break.", &["45/juan-cuadrado/substitution"]),
    ("at_half_time_introduced", "Allegri introduced Cuadrado for the ineffective Dybala at half-time.", &["45/juan-cuadrado/substitution"]),
    ("at_the_break_no_event", "Napoli went in at the break looking the better side, with Insigne lively.", &[]),
];

/// Relative minutes.
const RELATIVE: &[Case] = &[
    ("later", "Icardi broke through on 50 minutes - for his 26th goal - with Ivan Perisic adding a second six minutes later.", &["50/mauro-icardi/goal", "56/ivan-perisic/goal"]),
    ("later_next_sentence", "Grady scored after 29 minutes. But only three minutes later Grady struck again.", &["29/james-grady/goal", "32/james-grady/goal"]),
    ("a_minute_later", "Icardi scored on 50 minutes and Perisic added another a minute later.", &["50/mauro-icardi/goal", "51/ivan-perisic/goal"]),
    ("lead_lasted", "Icardi scored on 50 minutes. The lead lasted four minutes before Immobile equalised.", &["50/mauro-icardi/goal", "54/ciro-immobile/goal"]),
    ("later_without_previous", "Six minutes later Icardi scored.", &[]),
];

/// Ranges, vague times and what is not an event.
const NOT_EVENTS: &[Case] = &[
    (
        "range_within",
        "Pjanic picked up the game's fourth booking within 25 minutes.",
        &[],
    ),
    (
        "range_last_minutes",
        "Immobile added two in the last five minutes.",
        &[],
    ),
    (
        "range_first_minutes",
        "There were problems for Juve in the first 10 minutes, as Chiellini came off.",
        &[],
    ),
    (
        "range_within_a_minute",
        "Insigne smashed an early chance just wide within a minute.",
        &[],
    ),
    (
        "range_inside_first_minute",
        "The Reds took a stunning lead inside the first minute through Gerrard.",
        &[],
    ),
    (
        "vague_early_on",
        "Chiellini limped off early on and Immobile scored late on.",
        &[],
    ),
    (
        "full_time",
        "The score was 1-1 after 90 minutes, Gerrard having scored.",
        &[],
    ),
    ("tally", "Immobile scored twice in 10 minutes.", &[]),
    (
        "inside_quote",
        "\"We scored in the 90th minute and deserved it,\" said Koulibaly.",
        &[],
    ),
    (
        "no_cue_no_name",
        "The fans were still singing in the 80th minute.",
        &[],
    ),
];

/// Who the event is about and what happened.
const ACTORS: &[Case] = &[
    ("next_sentence", "Juve failed to heed the warning and in the 89th minute the unthinkable happened.\n\nIncreasing pressure resulted in a Napoli corner and, when Jose Callejon swung it in, Koulibaly strode forward before powering home an historic goal with his head.", &["89/kalidou-koulibaly/goal"]),
    ("pronoun_previous_sentence", "Immobile was superb. He scored after 12 minutes.", &["12/ciro-immobile/goal"]),
    ("anaphor_role", "Koulibaly was everywhere. The Senegalese international headed home on 80 minutes.", &["80/kalidou-koulibaly/goal"]),
    ("pronoun_coach_not_player", "Insigne was lively. Allegri reacted and he brought on Juan Cuadrado on 60 minutes.", &["60/juan-cuadrado/substitution"]),
    ("assist_possessive", "Napoli took the lead on 59 minutes as Jose Callejon's corner found Kalidou Koulibaly.", &["59/kalidou-koulibaly/goal"]),
    ("assist_noun_after_name", "Immobile tapped in a Milinkovic-Savic cross after 20 minutes.", &["20/ciro-immobile/goal"]),
    ("subordinate_clause_first", "Napoli doubled their lead after 29 minutes when Insigne tapped into an empty net.", &["29/lorenzo-insigne/goal"]),
    ("adjunct_clause_earlier", "And Kezman made the game safe as he netted from close range after Drogba's cross in the 110th minute.", &["110/mateja-kezman/goal"]),
    ("denied_had_the_chance", "Napoli earned another chance on the break on 75 minutes as Chiellini denied Insigne with a last-ditch tackle.", &["75/lorenzo-insigne/chance"]),
    ("anaphor_nearest_in_sentence", "Icardi should have scored on 34 minutes. Allegri's men allowed Perisic to send Immobile away but, having shrugged off Chiellini, the Lazio striker planted his shot wide.", &["34/mauro-icardi/chance"]),
    ("object_not_actor", "Striker Icardi secured victory, lobbing Buffon with eight minutes remaining.", &["82/mauro-icardi/goal"]),
    ("keeper_not_scorer", "Icardi beat keeper Buffon after 40 minutes.", &["40/mauro-icardi/goal"]),
    ("passive_agent", "Until the final minute when Jose Callejon's corner was met by Senegal international Koulibaly with a header into the net.", &["90/kalidou-koulibaly/goal"]),
    ("attempt_by", "Juve were cursing when a last-minute header by Chiellini was disallowed.", &["90/giorgio-chiellini/disallowed_goal"]),
    ("unknown_name", "Sam Sodje headed past a creaky defence on 58 minutes.", &["58/-/goal"]),
    ("unknown_name_subject", "United went ahead through Icardi in the 33rd minute before Bouba Diop's superb strike cancelled out the lead in the 87th minute.", &["33/mauro-icardi/goal", "87/-/goal"]),
    ("unknown_coach_not_player", "Napoli boss Maurizio Sarri was happy. Sarri hailed Koulibaly for his match-winning strike four minutes from time.", &["86/kalidou-koulibaly/goal"]),
    ("no_name_with_cue", "Napoli were satisfied despite conceding a goal in the last minute.", &["90/-/goal"]),
    ("non_ascii_text", "After a £10m move, Hamšík fired home on 30 minutes — a strike worth every penny of the £10m, said the Napoli fans, who sang «Marek» for an hour and more.", &["30/marek-hamsik/goal"]),
    ("dedupe_same_minute_player", "Kalidou Koulibaly's 91st-minute winner was enough. Napoli won through Koulibaly on the 91st minute.", &["91/kalidou-koulibaly/goal"]),
];

/// Event types from cue words.
const TYPES: &[Case] = &[
    ("own_goal", "Steven Gerrard scored a 79th-minute own goal.", &["79/steven-gerrard/own_goal"]),
    ("disallowed", "Insigne had a goal ruled out for offside on 40 minutes.", &["40/lorenzo-insigne/disallowed_goal"]),
    ("booking", "Pjanic was booked on 24 minutes for a late tackle.", &["24/miralem-pjanic/booking"]),
    ("sending_off", "Chiellini was sent off in the 80th minute.", &["80/giorgio-chiellini/sending_off"]),
    ("second_booking", "Pjanic went for a second bookable offence on 70 minutes.", &["70/miralem-pjanic/sending_off"]),
    ("injury", "Juventus had to reshuffle after Giorgio Chiellini limped off injured in the 11th minute.", &["11/giorgio-chiellini/injury"]),
    ("injury_over_substitution", "Sheffield United were forced to replace injured keeper Paddy Kenny with midfielder Phil Jagielka on 28 minutes.", &["28/paddy-kenny/injury"]),
    ("substitution_came_on", "Cuadrado came on for Dybala after 76 minutes.", &["76/juan-cuadrado/substitution"]),
    ("substitution_gave_way", "Dybala paid the price when he gave way on 55 minutes to Juan Cuadrado.", &["55/juan-cuadrado/substitution"]),
    ("substitution_relative_clause", "Cuadrado, who replaced Dybala, completed the scoring in the 84th minute with a low shot.", &["84/juan-cuadrado/goal"]),
    ("save", "It required a good stop from Esson to keep out Grady's drive after 62 minutes.", &["62/ryan-esson/save"]),
    ("save_by_other_is_chance", "In the 21st minute Mario Rui let loose a twisting drive that Gianluigi Buffon did well to palm over the crossbar.", &["21/mario-rui/chance"]),
    ("near_miss_is_chance", "Napoli almost doubled their lead after 48 minutes when Insigne's low drive took a deflection.", &["48/lorenzo-insigne/chance"]),
    ("goal_as_target_is_chance", "Zielinski missed the best chance after 16 minutes, blazing across the face of goal.", &["16/piotr-zielinski/chance"]),
    ("injury_time_not_injury", "Icardi scored in the 89th minute and then deep into injury time Perisic was on target.", &["89/mauro-icardi/goal"]),
    ("other", "In the 87th minute, Insigne was hauled back at the edge of the box.", &["87/lorenzo-insigne/other"]),
];

/// The summary notation of match reports.
const SUMMARY: &[Case] = &[
    ("lineup_substitutions", "Kenny (Thirlwell 28), Geary, Bromby, Jagielka, Harley, Liddell, Tonge (Quinn 59), Montgomery, Cullip, Shaw (Forte 59), Gray.", &["28/paul-thirlwell/substitution", "59/alan-quinn/substitution", "59/-/substitution"]),
    ("goal_line_after_lineup", "Dudek, Finnan, Carragher, Hyypia, Traore, Garcia, Gerrard, Hamann, Riise, Kewell (Nunez 56), Morientes.\n\nGerrard 79 og, Drogba 107, Kezman 112.", &["56/antonio-nunez/substitution", "79/steven-gerrard/own_goal", "107/didier-drogba/goal", "112/mateja-kezman/goal"]),
    ("goal_line_two_minutes", "Phillips, Amankwaah, Coles, Hill, Fortune, Murray, Doherty, Dinning, Bell, Grady, Gillespie.\n\nGrady 45, 52.", &["45/james-grady/goal", "52/james-grady/goal"]),
    ("goal_line_needs_lineup", "Grady 45, Esson 52.", &[]),
    ("labelled_one_line", "Plymouth: McCormick, Connolly, Coughlan, Aljofree, Gilbert, Norris, Wotton, Buzsaky, Capaldi, Chadwick, Evans (Blackstock 82). Subs Not Used: Lasley, Adams. Booked: Wotton. Goals: Coughlan 3, Wotton 47.", &["82/-/substitution", "3/graham-coughlan/goal", "47/paul-wotton/goal"]),
    ("booked_with_minutes", "Booked: Tonge 34, Quinn.", &["34/michael-tonge/booking"]),
    ("sent_off_unknown", "Sent off: Cullip 78.", &["78/-/sending_off"]),
    ("added_time_item", "Goals: Kezman 90+2.", &["92+2/mateja-kezman/goal"]),
    ("results_line_not_goals", "Lazio 4 Sampdoria 0\n\nJuventus 0 Napoli 1", &[]),
    ("prose_takes_summary_scorer", "Esson, Hart, Anderson, Diamond, Byrne, McNaughton, Heikkinen, Winter, Clark, Mackie, Whelan.\n\nUnited ended the game as a contest two minutes after the interval. Grady received a pass and volleyed the ball past the despairing dive of Esson.\n\nGrady 47.", &["47/james-grady/goal"]),
];

fn run(group: &str, cases: &[Case]) {
    let p = pipeline();
    let mut failures = Vec::new();
    for (name, text, expected) in cases {
        let got = events(&p, text);
        if got != *expected {
            failures.push(format!(
                "{group}/{name}: expected {expected:?}, got {got:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn elapsed() {
    run("elapsed", ELAPSED);
}

#[test]
fn periods() {
    run("periods", PERIODS);
}

#[test]
fn relative() {
    run("relative", RELATIVE);
}

#[test]
fn not_events() {
    run("not_events", NOT_EVENTS);
}

#[test]
fn actors() {
    run("actors", ACTORS);
}

#[test]
fn types() {
    run("types", TYPES);
}

#[test]
fn summary() {
    run("summary", SUMMARY);
}

#[test]
fn teams_and_spans() {
    let p = pipeline();
    let g = p.gazetteer();
    let text = "Cuadrado came on for Dybala after 76 minutes.\n\nKenny, Geary, Bromby, Jagielka, Harley, Liddell, Tonge (Quinn 59), Montgomery, Cullip, Shaw (Forte 60), Gray.";
    let analysis = p.analyze_text(text);
    let got: Vec<(String, String)> = analysis
        .events
        .iter()
        .map(|e| {
            (
                text[e.start..e.end].to_string(),
                e.team
                    .map_or("-".to_string(), |t| g.entities()[t as usize].id.clone()),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("after 76 minutes".to_string(), "juventus".to_string()),
            ("59".to_string(), "sheffield-united".to_string()),
            // An unknown player takes the team of his line-up.
            ("60".to_string(), "sheffield-united".to_string()),
        ]
    );
}

#[test]
fn rules_compile() {
    assert!(super::MinuteRules::new().is_ok());
}

proptest::proptest! {
    /// Any mix of minute phrases, names, summary pieces and non-ASCII text: no panic, and every
    /// event's span is on char boundaries.
    #[test]
    fn spans_on_char_boundaries(parts in proptest::collection::vec(0usize..PIECES.len(), 0..40)) {
        let text: String = parts.iter().map(|&i| PIECES[i]).collect();
        static PIPELINE: std::sync::OnceLock<Pipeline> = std::sync::OnceLock::new();
        let p = PIPELINE.get_or_init(pipeline);
        for e in p.analyze_text(&text).events {
            proptest::prop_assert!(e.start <= e.end && e.end <= text.len());
            proptest::prop_assert!(text.is_char_boundary(e.start) && text.is_char_boundary(e.end));
        }
    }
}

const PIECES: &[&str] = &[
    "Koulibaly scored ",
    "in the 89th minute",
    " on 83 minutes",
    "90+3",
    " (",
    ")",
    ", ",
    ". ",
    "\n\n",
    "Hamšík ",
    "£10m ",
    "— ",
    "“",
    "”",
    "\"",
    "Goals: ",
    "Booked: ",
    "Grady 47",
    " og",
    "Tonge (Quinn 59)",
    "Kenny, Geary, Bromby, Jagielka, Harley, Liddell, Montgomery, ",
    "with six minutes remaining",
    "six minutes later",
    "at the break",
    "brought on ",
    "Cuadrado ",
    "withdrew Dybala for ",
    "é",
    "ß",
    "two minutes after the interval",
    "five minutes from the end of a first half",
    "He ",
    "the striker ",
];

/// Texts for the fast-path equivalence tests: every case above, every example line of the
/// minute rule data (comments and values), and the seed articles of `corpus/`.
fn equivalence_texts() -> Vec<String> {
    let mut out: Vec<String> = [
        ELAPSED, PERIODS, RELATIVE, NOT_EVENTS, ACTORS, TYPES, SUMMARY,
    ]
    .iter()
    .flat_map(|cases| cases.iter().map(|(_, text, _)| text.to_string()))
    .collect();
    for data in [
        include_str!("../../../data/rules/minute-phrases.txt"),
        include_str!("../../../data/rules/minute-context.txt"),
        include_str!("../../../data/rules/minute-cues.txt"),
        include_str!("../../../data/rules/minute-numbers.txt"),
        include_str!("../../../data/rules/minute-ordinals.txt"),
        include_str!("../../../data/rules/minute-summary.txt"),
        include_str!("../../../data/rules/minute-words.txt"),
    ] {
        for line in data.lines() {
            let line = line.trim_start_matches('#').trim();
            out.push(line.to_string());
            // The examples inside a line: `in the 89th minute`, and the value after a tab.
            out.extend(line.split('`').skip(1).step_by(2).map(str::to_string));
            out.extend(line.split('\t').skip(1).map(str::to_string));
        }
        out.push(data.to_string());
    }
    out.extend(crate::extract::seed_texts());
    out
}

#[test]
fn find_matches_reference_on_examples() {
    let rules = super::expr::ExprRules::new().expect("bundled rules compile");
    let mut found = 0;
    for text in equivalence_texts() {
        let fast = rules.find(&text);
        assert_eq!(fast, rules.find_reference(&text), "text: {text:?}");
        for text in [text.to_ascii_uppercase(), mixed_case(&text), text.clone()] {
            let lower = text.to_ascii_lowercase();
            assert_eq!(
                rules.find(&text),
                rules.find_lower_reference(&text, &lower),
                "text: {text:?}"
            );
            assert_eq!(
                rules.hit_matches(&text),
                rules.matches_reference(&text),
                "text: {text:?}"
            );
            assert_eq!(rules.start_misses(&text), 0, "text: {text:?}");
            let [by_dfa, by_starts] = rules.hits_by_dfa_and_starts(&text);
            assert_eq!(by_dfa, by_starts, "text: {text:?}");
        }
        assert_eq!(rules.dfa_misses(&text), 0, "text: {text:?}");
        assert_eq!(rules.dfa_misses(&mixed_case(&text)), 0, "text: {text:?}");
        assert_eq!(rules.alone_misses(&text), 0, "text: {text:?}");
        assert_eq!(rules.combined_misses(&text), 0, "text: {text:?}");
        for text in [text.to_ascii_uppercase(), mixed_case(&text), text.clone()] {
            assert_eq!(rules.lowered_alone_misses(&text), 0, "text: {text:?}");
        }
        found += fast.len();
    }
    assert!(
        found > 100,
        "only {found} expressions: the examples were not read"
    );
}

/// Pieces around minute phrases that test their edges: word characters or brackets glued on,
/// punctuation, line breaks, several phrases that overlap or start at the same place.
const EDGE_PIECES: &[&str] = &[
    "",
    " ",
    "x",
    "_",
    "9",
    "(",
    ")",
    ",",
    ".",
    "-",
    "+",
    "\n",
    "\t",
    "é",
    "“",
    "In ",
    "in ",
    "the ",
    "on ",
    "after ",
    "at ",
    "with ",
    "just ",
    "within ",
    "last ",
    "final ",
    "89th",
    "91st",
    "twenty-first",
    "twenty ",
    "five",
    "a ",
    "an ",
    "minute",
    "minutes",
    "mins",
    "min",
    " later",
    " in,",
    " from the end",
    " remaining",
    " to go",
    " into injury time",
    " of extra-time",
    " of the second half",
    " before half-time",
    " after the break",
    " of the restart",
    "90",
    "45",
    "+2",
    "90+3",
    "(23 mins)",
    "( 23 min )",
    "hour",
    " the hour",
    "half an hour",
    "seconds before the interval",
    "stroke of half-time",
    "at the break",
    "at half time",
    " lead lasted ",
    " to score",
    " into the game",
    " on the clock",
    " of a first half",
];

proptest::proptest! {
    /// Any mix of minute phrases, parts of them and their edges: the fast path finds exactly
    /// what the combined regex's captures find.
    #[test]
    fn find_matches_reference(
        parts in proptest::collection::vec(0usize..EDGE_PIECES.len() + PIECES.len(), 0..60)
    ) {
        static RULES: std::sync::OnceLock<super::expr::ExprRules> = std::sync::OnceLock::new();
        let rules = RULES.get_or_init(|| super::expr::ExprRules::new().expect("rules compile"));
        let text: String = parts
            .iter()
            .map(|&i| EDGE_PIECES.get(i).copied().unwrap_or_else(|| PIECES[i - EDGE_PIECES.len()]))
            .collect();
        proptest::prop_assert_eq!(rules.find(&text), rules.find_reference(&text));
        proptest::prop_assert_eq!(rules.alone_misses(&text), 0);
        proptest::prop_assert_eq!(rules.combined_misses(&text), 0);
        proptest::prop_assert_eq!(rules.lowered_alone_misses(&text), 0);
        proptest::prop_assert_eq!(rules.lowered_alone_misses(&mixed_case(&text)), 0);
        proptest::prop_assert_eq!(rules.matches(&text), rules.matches_reference(&text));
        for text in [mixed_case(&text), text] {
            let lower = text.to_ascii_lowercase();
            proptest::prop_assert_eq!(rules.find(&text), rules.find_lower_reference(&text, &lower));
            proptest::prop_assert_eq!(rules.hit_matches(&text), rules.matches_reference(&text));
            proptest::prop_assert_eq!(rules.start_misses(&text), 0);
            let [by_dfa, by_starts] = rules.hits_by_dfa_and_starts(&text);
            proptest::prop_assert_eq!(by_dfa, by_starts);
            proptest::prop_assert_eq!(rules.dfa_misses(&text), 0);
        }
    }
}

#[test]
fn matches_run_by_run_are_those_of_the_whole_text() {
    let rules = super::expr::ExprRules::new().expect("bundled rules compile");
    assert!(
        rules.skips(),
        "the minute phrases no longer bound where they match"
    );
    assert!(
        rules.alone_lowered(),
        "a minute phrase no longer has a lowercase rewrite"
    );
    assert!(rules.skip_is_that_of_the_combined_regex());
    assert!(
        rules.searches_starts(),
        "the minute phrases' starts are no longer searched with their factored alternation"
    );
    assert!(
        rules.searches_dfa(),
        "the minute phrases can no longer be compiled into one dense DFA"
    );
    assert!(
        rules.lowered(),
        "the minute phrases can no longer be searched in lowercased text"
    );
    let mut found = 0;
    for text in equivalence_texts() {
        // Also in capitals and in mixed case: the literals are searched in the text lowercased.
        for text in [text.to_ascii_uppercase(), mixed_case(&text), text] {
            let fast = rules.matches(&text);
            assert_eq!(fast, rules.matches_reference(&text), "text: {text:?}");
            found += fast.len();
        }
    }
    assert!(
        found > 100,
        "only {found} matches: the examples were not read"
    );
}

/// `text` with every other char in ASCII capitals.
fn mixed_case(text: &str) -> String {
    text.chars()
        .enumerate()
        .map(|(i, c)| {
            if i % 2 == 0 {
                c.to_ascii_uppercase()
            } else {
                c
            }
        })
        .collect()
}

#[test]
fn doc_names_match_reference_on_examples() {
    let rules = super::actor::ActorRules::new().expect("bundled rules compile");
    let mut named = 0;
    for text in equivalence_texts() {
        // Also in capitals and in mixed case: the role words are searched in the text lowercased.
        for text in [text.to_ascii_uppercase(), mixed_case(&text), text] {
            let fast = rules.names_in(&text);
            assert_eq!(fast, rules.names_in_reference(&text), "text: {text:?}");
            named += usize::from(fast != Default::default());
        }
    }
    assert!(
        named > 0,
        "no text names a non-player: the examples were not read"
    );
}

/// Role words and names around them, glued to word bytes or not.
const ROLE_PIECES: &[&str] = &[
    " ",
    "  ",
    "x",
    "-",
    "'",
    "'s",
    "é",
    "\n",
    ".",
    ",",
    "boss",
    "Boss",
    "BOSS",
    "bosses",
    "manager",
    "Manager",
    "managers",
    "assistant",
    "ref",
    "referee",
    "REFEREE",
    "rEfErEe",
    "sir",
    "Sir",
    "chief executive",
    "spokesman",
    "Rafael",
    "Benitez",
    "Benitez's",
    "Alan",
    "Freeland",
    "Ümit",
    "O'Neil",
    "de",
];

proptest::proptest! {
    /// Any mix of role words, names and edges: the automaton finds the same non-player names as
    /// the word-by-word lookup.
    #[test]
    fn doc_names_match_reference(
        parts in proptest::collection::vec(0usize..ROLE_PIECES.len() + PIECES.len(), 0..40)
    ) {
        let rules = shared_actor_rules();
        let text: String = parts
            .iter()
            .map(|&i| ROLE_PIECES.get(i).copied().unwrap_or_else(|| PIECES[i - ROLE_PIECES.len()]))
            .collect();
        proptest::prop_assert_eq!(rules.names_in(&text), rules.names_in_reference(&text));
    }
}

/// Pieces of line-ups and prose for the line-up refusal test.
const LIST_PIECES: &[&str] = &[
    ",", ", ", ";", " ", "(", ")", "((", "))", ".", "..", "Kenny", "Quinn 59", "é", "\n",
];

proptest::proptest! {
    /// The line-up refusal: a body with fewer than 6 commas and semicolons never splits into
    /// 7 items, whatever its brackets, blanks and dots.
    #[test]
    fn few_separators_never_make_a_lineup(
        parts in proptest::collection::vec(0usize..LIST_PIECES.len(), 0..40)
    ) {
        let text: String = parts.iter().map(|&i| LIST_PIECES[i]).collect();
        let separators = text.bytes().filter(|&c| c == b',' || c == b';').count();
        let body = crate::facts::Span { start: 0, end: text.len() };
        let items = super::summary::split_items(&text, body).len();
        proptest::prop_assert!(separators >= 6 || items < 7, "{} items from {:?}", items, text);
    }
}

/// The summary's line split as first written: byte by byte.
fn lines_reference(text: &str, from: usize) -> Vec<crate::facts::Span> {
    let mut out = Vec::new();
    let mut start = from.min(text.len());
    for (i, b) in text.bytes().enumerate().skip(start) {
        if b == b'\n' {
            super::summary::push_trimmed(text, start, i, &mut out);
            start = i + 1;
        }
    }
    super::summary::push_trimmed(text, start, text.len(), &mut out);
    out
}

/// The summary's segment split as first written: byte by byte.
fn segments_reference(text: &str, line: crate::facts::Span) -> Vec<crate::facts::Span> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut start = line.start;
    let mut i = line.start;
    while i < line.end {
        if b[i] == b'.' {
            let mut j = i + 1;
            while j < line.end && matches!(b[j], b'"' | b'\'') {
                j += 1;
            }
            let ws = j;
            while j < line.end && b[j].is_ascii_whitespace() {
                j += 1;
            }
            if j > ws && j < line.end && (b[j].is_ascii_uppercase() || b[j] == b'-') {
                super::summary::push_trimmed(text, start, i, &mut out);
                start = j;
                i = j;
                continue;
            }
        }
        i += 1;
    }
    let mut end = line.end;
    while end > start && matches!(b[end - 1], b'.' | b' ') {
        end -= 1;
    }
    super::summary::push_trimmed(text, start, end, &mut out);
    out
}

/// Lines and segments of a text by both splits, equal or the first difference.
fn check_lines_and_segments(text: &str, from: usize) -> Result<(), String> {
    let lines = super::summary::lines(text, from);
    if lines != lines_reference(text, from) {
        return Err(format!("lines differ from {from} in {text:?}"));
    }
    for line in lines {
        if super::summary::segments(text, line) != segments_reference(text, line) {
            return Err(format!("segments of {line:?} differ in {text:?}"));
        }
    }
    Ok(())
}

#[test]
fn summary_split_matches_reference_on_examples() {
    for text in equivalence_texts() {
        for from in [0, 1, text.len() / 2, text.len()] {
            if text.is_char_boundary(from) {
                check_lines_and_segments(&text, from).unwrap_or_else(|e| panic!("{e}"));
            }
        }
    }
}

/// Pieces of summary lines: full stops, quotes, blanks, capitals, dashes, line breaks.
const SPLIT_PIECES: &[&str] = &[
    ".",
    ". ",
    ".\" ",
    ".' ",
    "..",
    " ",
    "  ",
    "\t",
    "\n",
    "\r\n",
    "\n\n",
    "A",
    "b",
    "-",
    "é",
    "”",
    "Goals: ",
    "Coughlan 3",
    "Booked: Wotton",
    "(Blackstock 82)",
    "Subs Not Used: ",
];

proptest::proptest! {
    /// Any mix of summary pieces: lines and segments found with `memchr` are those found byte by
    /// byte.
    #[test]
    fn summary_split_matches_reference(
        parts in proptest::collection::vec(0usize..SPLIT_PIECES.len(), 0..50),
        from in 0usize..200,
    ) {
        let text: String = parts.iter().map(|&i| SPLIT_PIECES[i]).collect();
        let from = (0..=from.min(text.len())).rev().find(|&f| text.is_char_boundary(f)).unwrap_or(0);
        let checked = check_lines_and_segments(&text, from);
        proptest::prop_assert!(checked.is_ok(), "{:?}", checked);
    }
}

/// The summary's refusal of prose as first written: two passes over the bytes.
fn digit_or_commas_reference(bytes: &[u8], commas: usize) -> bool {
    bytes.iter().any(|b| b.is_ascii_digit())
        || bytes.iter().filter(|&&b| b == b',').count() >= commas
}

#[test]
fn digit_or_commas_matches_reference_on_examples() {
    let mut refused = 0;
    for text in equivalence_texts() {
        let lines = super::summary::lines(&text, 0);
        for line in lines {
            for seg in super::summary::segments(&text, line) {
                let b = &text.as_bytes()[seg.start..seg.end];
                for commas in [0, 1, 6, 7] {
                    let fast = super::summary::digit_or_commas(b, commas);
                    assert_eq!(
                        fast,
                        digit_or_commas_reference(b, commas),
                        "{seg:?} in {text:?}"
                    );
                    refused += usize::from(!fast);
                }
            }
        }
    }
    assert!(
        refused > 10,
        "only {refused} refusals: the examples were not read"
    );
}

proptest::proptest! {
    /// Any bytes (digits, commas, their neighbours in ASCII and with the high bit set): the
    /// eight-at-a-time refusal says what the two passes say.
    #[test]
    fn digit_or_commas_matches_reference(
        bytes in proptest::collection::vec(
            proptest::prop_oneof![
                proptest::sample::select(vec![b'/', b'0', b'5', b'9', b':', b',', b'+', b'-', b' ', b'a',
                    0xb0, 0xb9, 0xac, 0xaf, 0xba, 0x80, 0xff, 0x7f, 0x00]),
                proptest::num::u8::ANY,
            ],
            0..40,
        ),
        commas in 0usize..9,
    ) {
        proptest::prop_assert_eq!(
            super::summary::digit_or_commas(&bytes, commas),
            digit_or_commas_reference(&bytes, commas)
        );
    }
}

#[test]
fn phrase_errors_name_their_line() {
    assert!(super::expr::check_phrase(3, r"in\s+the\s+(\d+)(?:st|th)").is_ok());
    // Balanced only inside the combined regex's group: still an error alone.
    for bad in [r"a)(b", r"(?:x", r"[a-", r"x{2,1}"] {
        let err = super::expr::check_phrase(7, bad)
            .expect_err(bad)
            .to_string();
        assert!(
            err.contains("minute-phrases.txt") && err.contains('7'),
            "{err}"
        );
    }
}

/// The summary of a text by the fast parse and by the reference, as debug strings.
fn summaries(p: &Pipeline, rules: &super::summary::SummaryRules, text: &str) -> (String, String) {
    let doc = crate::Document::new("-", text);
    let sentences = p.sentences(&doc);
    let mentions = p.mentions(&doc.text, &sentences);
    let ctx = crate::extract::Context {
        text: &doc.text,
        sentences: &sentences,
        mentions: &mentions,
        gazetteer: p.gazetteer(),
    };
    (
        format!("{:?}", rules.parse(&ctx)),
        format!("{:?}", rules.parse_reference(&ctx)),
    )
}

#[test]
fn summary_parse_matches_reference_on_examples() {
    let p = pipeline();
    let rules = super::summary::SummaryRules::new().expect("bundled rules compile");
    let mut found = 0;
    for text in equivalence_texts() {
        let (fast, reference) = summaries(&p, &rules, &text);
        assert_eq!(fast, reference, "text: {text:?}");
        found += fast.matches("Event {").count();
    }
    assert!(
        found > 10,
        "only {found} summary events: the examples were not read"
    );
}

/// Pieces of summary lines and of the prose around them: labels, line-ups, goal lines, colons,
/// commas and semicolons that make or fall short of a line-up, full stops and line breaks.
const SUMMARY_PIECES: &[&str] = &[
    "Kenny, Geary, Bromby, Jagielka, Harley, Liddell, Tonge (Quinn 59)",
    "Kenny; Geary; Bromby; Jagielka; Harley; Liddell; Shaw (Forte 60)",
    "Kenny, Geary, Bromby, Jagielka, Harley, Liddell, Montgomery, ",
    "Tonge (Quinn 59), ",
    "Shaw (Forte 60)",
    "Kenny; Geary; ",
    ", ",
    "; ",
    ",",
    ": ",
    ":",
    "Goals: ",
    "Booked: ",
    "Sent off: ",
    "Subs Not Used: ",
    "Sheffield United: ",
    "Plymouth: ",
    "Att: 20,000",
    "Grady 47",
    "Archibald 19, Grady 29",
    "Gerrard 79 og",
    " pen",
    "Coughlan 3",
    "Wotton",
    "90+3",
    ". ",
    ".",
    "\n",
    "\n\n",
    " ",
    "He said: ",
    "in the 89th minute",
    "Koulibaly scored ",
    "é",
    "“",
    "Cuadrado",
    "Scorers : ",
    "goals:",
    "Their Goals: ",
    "Booked:",
    "Sent-off: ",
    " Att",
];

/// Lines before any line-up, labelled or not, with fewer than 6 separators: the lines the parse
/// refuses unless a known label stands before one of their colons.
#[test]
fn summary_parse_matches_reference_before_lineups() {
    let p = pipeline();
    let rules = super::summary::SummaryRules::new().expect("bundled rules compile");
    let mut found = 0;
    for text in [
        "Report\n\nGrady scored twice. Goals: Grady 47, Coughlan 3\n",
        "Report\n\nHe said: \"Goals: Grady 47\"\nBooked: Wotton 12, Kenny 80.\n",
        "Report\n\nIt was late. Scorers : Grady 47.\nThe time: 3pm, Sent-off: Kenny 88\n",
        "Report\n\nTheir Goals: Grady 47\ngoals:Coughlan 3\nRed card: Shaw 60\n",
        "Report\n\nA, b, c: d, e, f\nAtt: 20,000\nx: Goal 5\n",
        "Report\n\nIt ended. SENT OFF: Shaw 88, Tonge 90\nBOOKED: Kenny 80\n",
    ] {
        let (fast, reference) = summaries(&p, &rules, text);
        assert_eq!(fast, reference, "text: {text:?}");
        found += fast.matches("Event {").count();
    }
    assert!(found >= 5, "only {found} summary events");
}

proptest::proptest! {
    /// Any mix of summary pieces and prose: the parse that refuses lines before cutting them
    /// gives the events and segments of the reference.
    #[test]
    fn summary_parse_matches_reference(
        parts in proptest::collection::vec(0usize..SUMMARY_PIECES.len(), 0..60)
    ) {
        static PIPELINE: std::sync::OnceLock<Pipeline> = std::sync::OnceLock::new();
        static RULES: std::sync::OnceLock<super::summary::SummaryRules> =
            std::sync::OnceLock::new();
        let p = PIPELINE.get_or_init(pipeline);
        let rules = RULES.get_or_init(|| super::summary::SummaryRules::new().expect("rules compile"));
        let text: String = parts.iter().map(|&i| SUMMARY_PIECES[i]).collect();
        let (fast, reference) = summaries(p, rules, &text);
        proptest::prop_assert_eq!(fast, reference, "text: {:?}", text);
    }
}

/// Whether `in_quote` and its reference agree at every char boundary of a text.
fn check_in_quote(text: &str) -> Result<(), String> {
    for offset in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
        let fast = super::expr::in_quote(text, offset);
        if fast != super::expr::in_quote_reference(text, offset) {
            return Err(format!("{text:?} at {offset}: {fast}"));
        }
    }
    Ok(())
}

#[test]
fn in_quote_matches_reference_on_examples() {
    let mut quoted = 0;
    for text in equivalence_texts().iter().map(String::as_str).chain([
        "He said \"it was a goal\" and left.",
        "\u{201c}We won\u{201d}, he said. \"Again",
        "weekend. \"It was \"great\" he said \u{201c}no",
        "a\"b \" c\u{a0}\"d\u{2003}\"\u{201d}x\n\"y",
        "\u{e2}\"\u{201c}\u{201d}\u{2019}\u{2014}\"",
    ]) {
        assert_eq!(check_in_quote(text), Ok(()));
        quoted += usize::from(super::expr::in_quote(text, text.len()));
    }
    assert!(quoted > 0, "no text ends inside a quotation");
}

/// Quotation marks, the bytes that share their UTF-8 lead byte, spaces and words.
const QUOTE_PIECES: &[&str] = &[
    "\"", "\u{201c}", "\u{201d}", "\u{2019}", "\u{2014}", "\u{20ac}", " ", "\n", "\t", "\u{a0}",
    "\u{2003}", "a", "word", "é", ".", ",",
];

proptest::proptest! {
    /// Any mix of quotation marks, spaces and words: `in_quote` agrees with its reference at
    /// every offset.
    #[test]
    fn in_quote_matches_reference(
        parts in proptest::collection::vec(0usize..QUOTE_PIECES.len(), 0..40)
    ) {
        let text: String = parts.iter().map(|&i| QUOTE_PIECES[i]).collect();
        let checked = check_in_quote(&text);
        proptest::prop_assert!(checked.is_ok(), "{:?}", checked);
    }
}

/// Clause openers, named clause words, pronouns, names and the gaps between them.
const CLAUSE_PIECES: &[&str] = &[
    " ",
    ", ",
    "; ",
    " - ",
    "\u{2014} ",
    ".\" ",
    "x",
    "W",
    "é",
    "but ",
    "But ",
    "when ",
    "When ",
    "WHEN ",
    "with ",
    "With ",
    "while ",
    "whilst ",
    "whereas ",
    "although ",
    "though ",
    "until ",
    "only for ",
    "only ",
    "for ",
    "and ",
    "And ",
    "as ",
    "As ",
    "before ",
    "after ",
    "leaving ",
    "and",
    "wit",
    "withs ",
    "replaced ",
    "he ",
    "He ",
    "they ",
    "it ",
    "Koulibaly ",
    "Callejon ",
    "swung it in",
    "scored ",
    "in the 89th minute",
    "with eight minutes left",
];

/// Whether `clauses` (and `clauses_lower`, given the text lowercased) cuts `text` (one sentence)
/// as its reference does, with no `keep` and with `keep` at every word start.
fn check_clauses(rules: &super::actor::ActorRules, text: &str) -> Result<(), String> {
    let sentence = crate::facts::Span {
        start: 0,
        end: text.len(),
    };
    let starts = text
        .char_indices()
        .filter(|&(i, c)| c.is_alphanumeric() && !text[..i].ends_with(char::is_alphanumeric))
        .map(|(i, _)| Some(i));
    let lower = text.to_ascii_lowercase();
    for keep in std::iter::once(None).chain(starts) {
        let reference = rules.clauses_reference(text, sentence, keep);
        for fast in [
            rules.clauses(text, sentence, keep),
            rules.clauses_lower(text, &lower, sentence, keep),
        ] {
            if fast != reference {
                return Err(format!("{text:?} keep {keep:?}: {fast:?} != {reference:?}"));
            }
        }
    }
    Ok(())
}

#[test]
fn clauses_match_reference_on_examples() {
    let rules = super::actor::ActorRules::new().expect("bundled rules compile");
    let mut cut = 0;
    for text in equivalence_texts() {
        for text in [text.to_ascii_uppercase(), mixed_case(&text), text] {
            check_clauses(&rules, &text).unwrap_or_else(|e| panic!("{e}"));
            let sentence = crate::facts::Span {
                start: 0,
                end: text.len(),
            };
            cut += rules.clauses(&text, sentence, None).len() - 1;
        }
    }
    assert!(cut > 100, "only {cut} cuts: the examples were not read");
}

proptest::proptest! {
    /// Any mix of clause words and gaps: the refusals by first byte and length cut sentences as
    /// the reference does.
    #[test]
    fn clauses_match_reference(
        parts in proptest::collection::vec(0usize..CLAUSE_PIECES.len(), 0..30)
    ) {
        let rules = shared_actor_rules();
        let text: String = parts.iter().map(|&i| CLAUSE_PIECES[i]).collect();
        proptest::prop_assert!(check_clauses(rules, &text).is_ok(), "{:?}", check_clauses(rules, &text));
    }
}

/// Whether `anaphor_at` finds what its reference finds in every span of `text` starting at a char
/// boundary (up to 40 of them) and running to the end or to a char boundary 1..60 bytes on.
fn check_anaphor(rules: &super::actor::ActorRules, text: &str) -> Result<(), String> {
    let bounds: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    for (k, &start) in bounds.iter().enumerate().take(40) {
        for &end in bounds[k..].iter().take(60).chain([text.len()].iter()) {
            let clause = crate::facts::Span { start, end };
            let fast = rules.anaphor_at(text, clause);
            let reference = rules.anaphor_at_reference(text, clause);
            if fast != reference {
                return Err(format!(
                    "{text:?} {start}..{end}: {fast:?} != {reference:?}"
                ));
            }
        }
    }
    Ok(())
}

/// Pronouns, `the` and role nouns, names and gaps.
const ANAPHOR_PIECES: &[&str] = &[
    " ",
    ", ",
    ". ",
    "x",
    "é",
    "he ",
    "He ",
    "HE ",
    "him ",
    "she ",
    "the ",
    "The ",
    "THE ",
    "then ",
    "Italian ",
    "midfielder ",
    "striker ",
    "Pompey ",
    "defender ",
    "Koulibaly ",
    "scored ",
    "was sent off ",
    "theme ",
    "hen ",
];

#[test]
fn anaphor_matches_reference_on_examples() {
    let rules = super::actor::ActorRules::new().expect("bundled rules compile");
    let mut found = 0;
    for text in equivalence_texts() {
        for text in [text.to_ascii_uppercase(), mixed_case(&text), text] {
            check_anaphor(&rules, &text).unwrap_or_else(|e| panic!("{e}"));
            let whole = crate::facts::Span {
                start: 0,
                end: text.len(),
            };
            found += usize::from(rules.anaphor_at(&text, whole).is_some());
        }
    }
    assert!(
        found > 10,
        "only {found} anaphors: the examples were not read"
    );
}

proptest::proptest! {
    /// Any mix of pronouns, role nouns and names: the array and buffer find the anaphor the
    /// vectors of strings find.
    #[test]
    fn anaphor_matches_reference(
        parts in proptest::collection::vec(0usize..ANAPHOR_PIECES.len(), 0..16)
    ) {
        let rules = shared_actor_rules();
        let text: String = parts.iter().map(|&i| ANAPHOR_PIECES[i]).collect();
        proptest::prop_assert!(check_anaphor(rules, &text).is_ok(), "{:?}", check_anaphor(rules, &text));
    }
}

/// Whether the candidates of every sentence, every clause of it and the whole text, for each
/// event kind, are those of the reference readers (which lowercase each word into a new string).
/// Returns how many candidates were compared.
fn check_candidates(
    p: &Pipeline,
    rules: &super::actor::ActorRules,
    text: &str,
) -> Result<usize, String> {
    use crate::facts::{EventType, Span};
    let doc = crate::Document::new("-", text);
    let sentences = p.sentences(&doc);
    let mentions = p.mentions(&doc.text, &sentences);
    let ctx = crate::extract::Context {
        text: &doc.text,
        sentences: &sentences,
        mentions: &mentions,
        gazetteer: p.gazetteer(),
    };
    let lower = doc.text.to_ascii_lowercase();
    let names = rules.doc_names(&ctx, &lower);
    let mut spans = vec![Span {
        start: 0,
        end: doc.text.len(),
    }];
    for &s in &sentences {
        spans.push(s);
        spans.extend(rules.clauses(&doc.text, s, None));
    }
    let mut compared = 0;
    for span in spans {
        for kind in [
            None,
            Some(EventType::Goal),
            Some(EventType::Chance),
            Some(EventType::Substitution),
        ] {
            let (fast, reference) = rules.candidates_both(&ctx, &lower, &names, span, kind);
            if fast != reference {
                return Err(format!(
                    "{text:?} {span:?} {kind:?}:\n{fast}\n!=\n{reference}"
                ));
            }
            compared += fast.matches("Candidate {").count();
        }
    }
    Ok(compared)
}

#[test]
fn candidates_match_reference_on_examples() {
    let p = pipeline();
    let rules = super::actor::ActorRules::new().expect("bundled rules compile");
    let mut compared = 0;
    for text in equivalence_texts() {
        for text in [text.to_ascii_uppercase(), mixed_case(&text), text] {
            compared += check_candidates(&p, &rules, &text).unwrap_or_else(|e| panic!("{e}"));
        }
    }
    assert!(
        compared > 1000,
        "only {compared} candidates: the examples were not read"
    );
}

/// Names (known and not), the words before and after them that set a role, and gaps.
const CANDIDATE_PIECES: &[&str] = &[
    " ",
    ", ",
    ". ",
    "é",
    "Kalidou Koulibaly",
    "KOULIBALY",
    "Koulibaly's ",
    "Jose Callejon",
    "Bouba Diop",
    "Bouba Diop's ",
    "Diop'",
    "Increasing ",
    "Rafael Benitez",
    " by ",
    " BY ",
    " from the left by ",
    " a header by ",
    " Senegal international ",
    " goalkeeper ",
    " to ",
    " For ",
    " replaced ",
    " made way for ",
    " came on for ",
    " who came on ",
    " cross ",
    " assist ",
    " set up ",
    " boss ",
    " manager ",
    " defence ",
    " the ",
    " The ",
    " denied ",
    " scored",
];

proptest::proptest! {
    /// Any mix of names and the words around them: the candidates read in the lowercased text
    /// are those of the reference readers.
    #[test]
    fn candidates_match_reference(
        parts in proptest::collection::vec(0usize..CANDIDATE_PIECES.len(), 0..24)
    ) {
        let rules = shared_actor_rules();
        let p = pipeline();
        let text: String = parts.iter().map(|&i| CANDIDATE_PIECES[i]).collect();
        let checked = check_candidates(&p, rules, &text);
        proptest::prop_assert!(checked.is_ok(), "{:?}", checked);
    }
}

#[test]
fn phrase_lists_match_every_phrase_on_examples() {
    let rules = super::actor::ActorRules::new().expect("bundled rules compile");
    let held = rules
        .check_phrase_lists(&["", "x", "the", "by", "who", "s"])
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        held > 100,
        "only {held} runs held a phrase: the lists were not read"
    );
}

/// Words of the assist and substitution phrases, and others.
const PHRASE_WORDS: &[&str] = &[
    "", "x", "the", "by", "from", "cross", "pass", "corner", "set", "up", "for", "on", "came",
    "replaced", "who", "in", "place", "of", "off", "way", "made", "free", "kick", "s",
];

proptest::proptest! {
    /// Any run of phrase words: the refusals by first and last word answer as the comparison
    /// with every phrase does.
    #[test]
    fn phrase_lists_match_every_phrase(
        parts in proptest::collection::vec(0usize..PHRASE_WORDS.len(), 0..8)
    ) {
        let rules = shared_actor_rules();
        let words: Vec<&str> = parts.iter().map(|&i| PHRASE_WORDS[i]).collect();
        let checked = rules.check_phrase_lists(&words);
        proptest::prop_assert!(checked.is_ok(), "{:?}", checked);
    }
}

/// The bundled actor rules, built once for the proptests that compare them with references.
fn shared_actor_rules() -> &'static super::actor::ActorRules {
    static RULES: std::sync::OnceLock<super::actor::ActorRules> = std::sync::OnceLock::new();
    RULES.get_or_init(|| super::actor::ActorRules::new().expect("rules compile"))
}
