//! Table-driven tests of the quotes layer, through the real pipeline (segmenter, matcher,
//! resolution) with a small inline gazetteer.

use crate::pipeline::Pipeline;

const PEOPLE: &str = "id\tname\taliases\trole\tclub\tnationality\n\
kalidou-koulibaly\tKalidou Koulibaly\t\tplayer\tnapoli\tSenegal\n\
marek-hamsik\tMarek Hamšík\t\tplayer\tnapoli\tSlovakia\n\
massimiliano-allegri\tMassimiliano Allegri\t\tcoach\tjuventus\tItaly\n\
maurizio-sarri\tMaurizio Sarri\t\tcoach\tnapoli\tItaly\n\
gianluigi-buffon\tGianluigi Buffon\t\tplayer\tjuventus\tItaly\n\
jose-mourinho\tJose Mourinho\t\tcoach\tchelsea\tPortugal\n\
martin-jol\tMartin Jol\t\tcoach\ttottenham-hotspur\tNetherlands\n\
robbie-keane\tRobbie Keane\t\tplayer\ttottenham-hotspur\tRepublic of Ireland\n\
mido\tMido\t\tplayer\ttottenham-hotspur\tEgypt\n\
arsene-wenger\tArsène Wenger\t\tcoach\tarsenal\tFrance\n\
alex-ferguson\tAlex Ferguson\t\tcoach\tmanchester-united\tScotland\n\
kevin-keegan\tKevin Keegan\t\tcoach\tmanchester-city\tEngland\n\
graham-poll\tGraham Poll\t\treferee\t\tEngland\n\
thierry-henry\tThierry Henry\t\tplayer\tarsenal\tFrance\n\
craig-bellamy\tCraig Bellamy\t\tplayer\tnewcastle-united\tWales\n\
steve-mcclaren\tSteve McClaren\t\tcoach\tmiddlesbrough\tEngland\n\
boudewijn-zenden\tBoudewijn Zenden\t\tplayer\tmiddlesbrough\tNetherlands\n\
ashley-cole\tAshley Cole\t\tplayer\tarsenal\tEngland\n\
joe-cole\tJoe Cole\t\tplayer\tchelsea\tEngland\n\
mark-kerr\tMark Kerr\t\tplayer\tdundee-united\tScotland\n\
danny-williams\tDanny Williams\t\tplayer\thereford-united\tWales\n\
john-terry\tJohn Terry\t\tplayer\tchelsea\tEngland\n\
richard-dunne\tRichard Dunne\t\tplayer\tmanchester-city\tRepublic of Ireland\n\
graeme-souness\tGraeme Souness\t\tcoach\tnewcastle-united\tScotland\n\
jason-scotland\tJason Scotland\t\tplayer\tdundee-united\tTrinidad and Tobago\n\
lucas-neill\tLucas Neill\t\tplayer\tblackburn-rovers\tAustralia\n\
craig-gordon\tCraig Gordon\t\tplayer\tceltic\tScotland\n\
stuart-taylor\tStuart Taylor\t\tplayer\tarsenal\tEngland\n";

const CLUBS: &str = "id\tname\taliases\tcity\tcountry\tstadium\n\
napoli\tNapoli\t\tNaples\tItaly\t\n\
juventus\tJuventus\tJuve\tTurin\tItaly\t\n\
chelsea\tChelsea\t\tLondon\tEngland\t\n\
tottenham-hotspur\tTottenham Hotspur\tTottenham|Spurs\tLondon\tEngland\t\n\
arsenal\tArsenal\tGunners\tLondon\tEngland\t\n\
manchester-united\tManchester United\tMan Utd|United\tManchester\tEngland\t\n\
manchester-city\tManchester City\tMan City|City\tManchester\tEngland\t\n\
newcastle-united\tNewcastle United\tNewcastle|Magpies\tNewcastle\tEngland\t\n\
middlesbrough\tMiddlesbrough\tBoro\tMiddlesbrough\tEngland\t\n\
nottingham-forest\tNottingham Forest\tForest\tNottingham\tEngland\t\n\
lazio\tLazio\t\tRome\tItaly\t\n\
dundee-united\tDundee United\tDundee Utd\tDundee\tScotland\t\n\
hereford-united\tHereford United\tHereford\tHereford\tEngland\t\n\
blackburn-rovers\tBlackburn Rovers\tBlackburn|Rovers\tBlackburn\tEngland\t\n\
celtic\tCeltic\t\tGlasgow\tScotland\t\n";

const STADIUMS: &str = "id\tname\taliases\tcity\tclubs\n\
allianz-stadium\tAllianz Stadium\tJuventus Stadium\tTurin\tjuventus\n";

pub(super) fn pipeline() -> Pipeline {
    crate::pipeline::test_pipeline(PEOPLE, CLUBS, STADIUMS)
}

/// Renders the quotes of a text as `quoted words=speaker id|speaker text` (`null` for no
/// speaker, `-` for no speaker text).
fn render(p: &Pipeline, text: &str) -> Vec<String> {
    let analysis = p.analyze_text(text);
    let entities = p.gazetteer().entities();
    analysis
        .quotes
        .iter()
        .map(|q| {
            let id = q
                .speaker
                .map_or("null", |s| entities[s as usize].id.as_str());
            let st = q.speaker_span.map_or("-", |s| &text[s.start..s.end]);
            format!("{}={id}|{st}", &text[q.start..q.end])
        })
        .collect()
}

/// (name, text, expected quotes as `quoted words=speaker id`, with `|speaker text` when the
/// case checks it too)
type Case = (&'static str, &'static str, &'static [&'static str]);

fn check(group: &str, cases: &[Case]) {
    let p = pipeline();
    for (name, text, expected) in cases {
        let got: Vec<String> = render(&p, text)
            .into_iter()
            .zip(expected.iter())
            .map(|(g, e)| {
                if e.contains('|') {
                    g
                } else {
                    g.split('|').next().unwrap_or("").to_string()
                }
            })
            .collect();
        let count = render(&p, text).len();
        let expected: Vec<String> = expected.iter().map(|e| e.to_string()).collect();
        assert_eq!(
            (&got[..], count),
            (&expected[..], expected.len()),
            "{group}: case {name}\ntext: {text}\nall: {:?}",
            render(&p, text)
        );
    }
}

/// Quotation marks, punctuation inside the marks, what counts as a quote.
const MARKS: &[Case] = &[
    ("straight_marks_comma_inside", "\"We knew it was a very difficult match,\" said Koulibaly.", &["We knew it was a very difficult match,=kalidou-koulibaly"]),
    ("curly_marks", "\u{201C}We have always believed in the title,\u{201D} Koulibaly said.", &["We have always believed in the title,=kalidou-koulibaly"]),
    ("period_inside_marks", "Koulibaly said: \"We proved that tonight.\" Napoli won.", &["We proved that tonight.=kalidou-koulibaly"]),
    ("question_inside_marks", "Wenger said: \"Do you want me to say it's over?\" He smiled.", &["Do you want me to say it's over?=arsene-wenger"]),
    ("scare_quote_one_word", "Wenger accused Henry of \"cheating\" in the game.", &[]),
    ("scare_quote_two_words", "Ferguson said his Arsenal counterpart was \"a disgrace\".", &[]),
    ("quoted_title_no_verb", "The club launched its \"Back the Boys in Black\" campaign on Monday.", &[]),
    ("nested_single_marks", "\"I asked Henry 'do you want a wall?' and he said yes,\" said Poll.", &["I asked Henry 'do you want a wall?' and he said yes,=graham-poll"]),
    ("nested_double_marks", "Bellamy said: \"He said he was going to \"fake\" an injury in training.\"", &["He said he was going to \"fake\" an injury in training.=craig-bellamy"]),
    ("unbalanced_stops_at_paragraph", "Koulibaly said: \"We are happy and we\n\nNapoli play Torino next. Juventus visit Inter.", &["We are happy and we=kalidou-koulibaly"]),
    ("verb_opens_the_text", "said: \"We are very happy here.\"", &["We are very happy here.=null"]),
    ("unbalanced_stray_closer", "Napoli won 1-0.\" Juventus lost. Koulibaly said: \"We won the game.\"", &["We won the game.=kalidou-koulibaly"]),
    ("no_space_after_sentence", "Napoli celebrated a famous win.\"We have always believed,\" Koulibaly said.Juventus coach Massimiliano Allegri described it as \"a poor match by both sides.\"Juventus had to reshuffle.", &["We have always believed,=kalidou-koulibaly", "a poor match by both sides.=massimiliano-allegri"]),
];

/// Attributions after the closing mark.
const AFTER: &[Case] = &[
    ("said_age_name", "\"We did everything to win,\" said 26-year-old Koulibaly.", &["We did everything to win,=kalidou-koulibaly|Koulibaly"]),
    ("name_said", "\"We have always believed in the title,\" Koulibaly said.", &["We have always believed in the title,=kalidou-koulibaly|Koulibaly"]),
    ("added_name", "\"Juve are a very strong side,\" added Koulibaly.", &["Juve are a very strong side,=kalidou-koulibaly|Koulibaly"]),
    ("name_said_on_day", "\"In the tunnel he was criticising my players,\" Ferguson said on Saturday.", &["In the tunnel he was criticising my players,=alex-ferguson|Ferguson"]),
    ("name_told_outlet", "\"I won't apologise because I have done nothing wrong,\" Bellamy told the Evening Chronicle.", &["I won't apologise because I have done nothing wrong,=craig-bellamy|Bellamy"]),
    ("quoted_as_saying_role_club", "Wenger spoke to reporters. \"I have no diplomatic relations with him,\" the Arsenal boss is quoted as saying.", &["I have no diplomatic relations with him,=arsene-wenger|Wenger"]),
    ("role_club_without_mention", "\"It was a poor match by both sides,\" the Juventus coach said.", &["It was a poor match by both sides,=massimiliano-allegri|Juventus coach"]),
    ("unknown_speaker_name", "\"It is not about money at all,\" said Shepherd.", &["It is not about money at all,=null|Shepherd"]),
    ("verb_first_demonym", "Wenger was asked about the title. \"We will fight until the end,\" insisted the Frenchman.", &["We will fight until the end,=arsene-wenger|Wenger"]),
    ("interrupted_by_attribution", "\"I think,\" Wenger said, \"that we can still win the title.\"", &["that we can still win the title.=arsene-wenger"]),
    ("sentence_after_period_not_attribution", "Poll said: \"I deal with fact.\" Wenger said the decision was wrong.", &["I deal with fact.=graham-poll|Poll"]),
];

/// Attributions before the opening mark.
const BEFORE: &[Case] = &[
    ("name_told_outlet_colon", "Henry told BBC Radio Five Live: \"The ref asked me if I wanted 10 yards.\"", &["The ref asked me if I wanted 10 yards.=thierry-henry|Henry"]),
    ("bullet_role_name_colon", "- Chelsea manager Jose Mourinho: \"We were the better side today.\"", &["We were the better side today.=jose-mourinho|Chelsea manager Jose Mourinho"]),
    ("role_name_said_colon", "- Tottenham manager Martin Jol said: \"We had the initiative today.\"", &["We had the initiative today.=martin-jol|Tottenham manager Martin Jol"]),
    ("partial_described_as", "Juventus coach Massimiliano Allegri described it as \"a poor match by both sides with only a few shots on goal.\"", &["a poor match by both sides with only a few shots on goal.=massimiliano-allegri|Juventus coach Massimiliano Allegri"]),
    ("partial_admitted_that", "Ferguson admitted on Saturday that the tackle, which earned him a ban, \"could have given Cole a serious injury\", but he believes otherwise.", &["could have given Cole a serious injury=alex-ferguson|Ferguson"]),
    ("according_to", "According to Mourinho, \"the title race is far from over\" after the draw.", &["the title race is far from over=jose-mourinho"]),
    ("saying_only_colon", "Wenger initially refused to bite back, saying only: \"I will never answer any questions.\"", &["I will never answer any questions.=arsene-wenger|Wenger"]),
    ("short_quote_before_attribution", "Reminded that Ferguson called him \"a disgrace\", Wenger added: \"I don't respond to anything.\"", &["I don't respond to anything.=arsene-wenger|Wenger"]),
    ("unknown_with_role_colon", "Magpies chairman Freddy Shepherd told the Newcastle Evening Chronicle: \"It is not about money.\"", &["It is not about money.=null|Magpies chairman Freddy Shepherd"]),
    ("unknown_chief_executive", "Chelsea chief executive Peter Kenyon said: \"We are very disappointed by this.\"", &["We are very disappointed by this.=null|Chelsea chief executive Peter Kenyon"]),
];

/// Pronouns and descriptions.
const PRONOUNS: &[Case] = &[
    ("he_said_colon_previous_sentence", "Arsene Wenger refused to concede the title.\n\nHe said: \"We have to believe we can come back.\"", &["We have to believe we can come back.=arsene-wenger|Arsene Wenger"]),
    ("he_said_last_person_named", "Arsenal found support from City boss Kevin Keegan. \"I still think Arsenal will be the champions,\" he said.", &["I still think Arsenal will be the champions,=kevin-keegan|City boss Kevin Keegan"]),
    ("he_added_last_speaker", "\"We will fight for it,\" Wenger said. The Gunners drew 1-1. \"Sometimes you have a draw like that,\" he added.", &["We will fight for it,=arsene-wenger", "Sometimes you have a draw like that,=arsene-wenger"]),
    ("pronoun_sentence_skipped", "\"They're on a high,\" Robbie Keane said. He conceded the win, which included goals from Mido, was not pretty. \"It wasn't the best display,\" he said.", &["They're on a high,=robbie-keane", "It wasn't the best display,=robbie-keane"]),
    ("demonym_nationality", "\"They're on a high,\" Robbie Keane said. He conceded the win, which included goals from Mido, was not pretty. \"It wasn't the best display,\" the Irishman said.", &["They're on a high,=robbie-keane", "It wasn't the best display,=robbie-keane"]),
    ("demonym_previous_sentence", "Tottenham manager Martin Jol acclaimed his players.\n\n\"We had the initiative but it wasn't easy,\" the Dutchman said.", &["We had the initiative but it wasn't easy,=martin-jol|Tottenham manager Martin Jol"]),
    ("description_without_name", "Zenden scored twice. \"We didn't expect it,\" said Zenden. The Holland international said Boro are confident. \"We've got a very good feeling,\" he added.", &["We didn't expect it,=boudewijn-zenden", "We've got a very good feeling,=boudewijn-zenden"]),
    ("partial_quote_he_added", "Jol said: \"Newcastle have got a very good side.\" However, he added that his side were \"not afraid of anyone\".", &["Newcastle have got a very good side.=martin-jol", "not afraid of anyone=martin-jol"]),
    ("he_refers_to_unknown", "Former referees' chief Philip Don backed Poll. \"The advantage should go to the team,\" Don said. Don was head of the referees. \"We spoke to all the clubs,\" he added.", &["The advantage should go to the team,=null|Don", "We spoke to all the clubs,=null|Don"]),
    ("he_unknown_introduced_by_role", "Former referees' chief Philip Don backed Poll's decision. \"The advantage should go to the team,\" he said.", &["The advantage should go to the team,=null|chief Philip Don"]),
];

/// Quotations running over several paragraphs, and merged paragraphs.
const RUNNING: &[Case] = &[
    ("next_paragraph_same_speaker", "\"We knew it was a difficult match,\" said Koulibaly.\n\n\"The city fired us up over the last few days.\"", &["We knew it was a difficult match,=kalidou-koulibaly", "The city fired us up over the last few days.=kalidou-koulibaly"]),
    ("unclosed_paragraph_then_reopen", "\"I had always lost playing here, but I am really happy.\n\n\"We believe in ourselves and our staff.\" The champions now have a difficult run-in.", &["I had always lost playing here, but I am really happy.=null", "We believe in ourselves and our staff.=null"]),
    ("unclosed_paragraph_after_speaker", "\"Juve are a very strong side,\" added Koulibaly.\n\n\"I had always lost playing here, but I am really happy.\n\n\"We believe in ourselves and our staff.\"", &["Juve are a very strong side,=kalidou-koulibaly", "I had always lost playing here, but I am really happy.=kalidou-koulibaly", "We believe in ourselves and our staff.=kalidou-koulibaly"]),
    ("merged_pieces_after_period", "Megson said: \"If we defend like we did we will lose. \"We were organised but we didn't score.\"", &["If we defend like we did we will lose.=null", "We were organised but we didn't score.=null"]),
    ("merged_pieces_known_speaker", "Poll added: \"I gave the signal for him to take it. That's what he did. \"The same thing happened two years ago.\"", &["I gave the signal for him to take it. That's what he did.=graham-poll", "The same thing happened two years ago.=graham-poll"]),
    ("merged_then_new_attribution", "\"I think we have done well,\" said McClaren. \"We got about Lazio. \"It should have been more convincing,\" said Zenden.", &["I think we have done well,=steve-mcclaren", "We got about Lazio.=steve-mcclaren", "It should have been more convincing,=boudewijn-zenden"]),
    ("bullet_lines_merged", "- Manchester United coach Alex Ferguson: \"It was a fantastic performance by us. \"The boy Ronaldo is a fantastic player. \"He gets up and wants the ball again.\" Everton: Martyn, Hibbert.", &["It was a fantastic performance by us.=alex-ferguson", "The boy Ronaldo is a fantastic player.=alex-ferguson", "He gets up and wants the ball again.=alex-ferguson"]),
    ("fresh_quote_after_attribution", "\"The whistle doesn't need to be blown,\" said Poll. \"I deal with the laws of the game.\" Poll added: \"I gave the signal.\"", &["The whistle doesn't need to be blown,=graham-poll", "I deal with the laws of the game.=graham-poll", "I gave the signal.=graham-poll"]),
];

/// Speakers outside the gazetteers, and mentions that name someone else.
const OUTSIDE: &[Case] = &[
    ("statement_said_colon", "United's statement to the stock exchange said: \"The board has noted the recent press speculation.\"", &["The board has noted the recent press speculation.=null"]),
    ("the_club_said", "\"We are looking at the situation,\" the club said.", &["We are looking at the situation,=null|the club"]),
    ("spokesman_then_pronoun", "Eriksson defended the players. But a Premier League spokesman said the rules are clear. He said: \"A footballer under contract cannot speak to another club.\"", &["A footballer under contract cannot speak to another club.=null"]),
    ("other_first_name_same_surname", "Republic of Ireland boss Brian Kerr was pleased. Kerr said: \"We had more good chances tonight.\"", &["We had more good chances tonight.=null"]),
    ("other_first_name_adjacent", "\"This match is the perfect preparation,\" said Brian Kerr.", &["This match is the perfect preparation,=null|Brian Kerr"]),
    ("role_introduced_other_person", "Blackburn chief executive John Williams has confirmed talks.\n\nWilliams said: \"We are in dialogue with Rangers.\"", &["We are in dialogue with Rangers.=null"]),
    ("surname_form_as_first_name", "Club director Terry Brady held talks with Strachan. \"It's got everything going for it,\" he said.", &["It's got everything going for it,=null"]),
    ("country_before_role", "Strachan was approached. The former Scotland international added that it was not a wise move. \"It's got everything going for it,\" he said.", &["It's got everything going for it,=null"]),
    ("role_conflicts_with_mention", "\"The onus is on Juninho to force his way into the team,\" said Celtic manager O'Neill.", &["The onus is on Juninho to force his way into the team,=null"]),
    ("two_surnames_make_another_name", "Gordon Taylor, chief executive of the union, called for change. He said: \"It is important that the FA should be a lot more inclusive.\"", &["It is important that the FA should be a lot more inclusive.=null|Gordon Taylor"]),
    ("anonymous_spokesman", "Middlesbrough midfielder James Morrison has had an operation. A club spokesman confirmed: \"It is a bilateral sportsman's hernia.\"", &["It is a bilateral sportsman's hernia.=null|club spokesman"]),
    ("spokesman_then_gazetteer_name", "\"The sanction is fairly simple,\" said Uefa spokesman Ashley Cole.", &["The sanction is fairly simple,=null"]),
    ("unknown_name_before_verb", "Bridge was hurt. Shearer said he was unsure what caused the injury. \"I don't know what happened.\" he said.", &["I don't know what happened.=null|Shearer"]),
];

/// Sentences that say who is speaking before a pronoun (`he said`) refers back to them.
const SUBJECTS: &[Case] = &[
    ("descriptor_verb_the_scot", "Ferguson's striker Ruud is fit again, but the Scot admitted he was unsure whether to start him. \"It is a major decision for me,\" he said.", &["It is a major decision for me,=alex-ferguson"]),
    ("descriptor_role_club_verb", "Henry caught Keane with his knee. The United boss said it was worse than anything before. \"We shall present it to the FA,\" he said.", &["We shall present it to the FA,=alex-ferguson"]),
    ("descriptor_subject_nationality", "\"Hopefully something will be sorted out soon,\" said Dunne. Newcastle boss Graeme Souness is said to be impressed by him. But the 25-year-old Dubliner underlined his intention to stay. He added: \"It's nice to be linked with top clubs.\"", &["Hopefully something will be sorted out soon,=richard-dunne", "It's nice to be linked with top clubs.=richard-dunne"]),
    ("possessive_is_not_the_subject", "Bridge's injury also means Mourinho will not have a left-back. \"He has no chance of playing against Barcelona,\" he said.", &["He has no chance of playing against Barcelona,=jose-mourinho"]),
    ("named_inside_the_quote", "O'Leary praised his side. Mellberg spoke of his dislike of their rivals. \"I've had more than a quiet word with Mellberg about it,\" he told the website.", &["I've had more than a quiet word with Mellberg about it,=null"]),
    ("passive_agent_after_partial_quote", "Schmeichel was at Old Trafford for eight years and was hailed as the \"bargain of the century\" by Ferguson.", &["bargain of the century=alex-ferguson"]),
    ("partial_quote_without_speaker_dropped", "Beattie, 27, is not believed to be as hurt as some reports have suggested after being \"the victim of an assault\" in Birmingham.", &[]),
];

#[test]
fn speakers_outside_the_gazetteers() {
    check("outside", OUTSIDE);
}

#[test]
fn sentence_subjects() {
    check("subjects", SUBJECTS);
}

#[test]
fn marks_and_what_counts() {
    check("marks", MARKS);
}

#[test]
fn attribution_after_the_quote() {
    check("after", AFTER);
}

#[test]
fn attribution_before_the_quote() {
    check("before", BEFORE);
}

#[test]
fn pronouns_and_descriptions() {
    check("pronouns", PRONOUNS);
}

#[test]
fn running_quotations() {
    check("running", RUNNING);
}

#[test]
fn offsets_point_into_the_text() {
    let p = pipeline();
    let text = "Intro £5m.\n\n\u{201C}We won the title again,\u{201D} said Koulibaly.";
    let analysis = p.analyze_text(text);
    assert_eq!(analysis.quotes.len(), 1);
    for q in &analysis.quotes {
        assert!(text.is_char_boundary(q.start) && text.is_char_boundary(q.end));
        if let Some(s) = q.speaker_span {
            assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        }
    }
}

mod properties {
    use std::sync::OnceLock;

    use proptest::prelude::*;

    use super::pipeline;
    use crate::pipeline::Pipeline;

    fn shared() -> &'static Pipeline {
        static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
        PIPELINE.get_or_init(pipeline)
    }

    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("\"".to_string()),
            Just("\u{201C}".to_string()),
            Just("\u{201D}".to_string()),
            Just("'".to_string()),
            Just(" ".to_string()),
            Just("\n".to_string()),
            Just("\n\n".to_string()),
            Just(". ".to_string()),
            Just(": ".to_string()),
            Just(", ".to_string()),
            Just("£5m".to_string()),
            Just("said".to_string()),
            Just("said: \"".to_string()),
            Just("\", he added. \"".to_string()),
            Just("he".to_string()),
            Just("the Juventus coach".to_string()),
            Just("Koulibaly".to_string()),
            Just("Hamšík".to_string()),
            Just("Brian Kerr".to_string()),
            Just("chief executive Peter Kenyon".to_string()),
            "[a-zA-Zé]{1,8}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// The attribution's fast fold (an ASCII word's slice of the ASCII-lower-cased text) is
        /// the word's `fold`, on text mixing ASCII and non-ASCII words, and the tokenizer's
        /// `ascii` flag says which words are ASCII.
        #[test]
        fn lower_cased_slice_is_the_fold(parts in proptest::collection::vec(piece(), 0..60)) {
            let text: String = parts.concat();
            let lower = text.to_ascii_lowercase();
            for t in crate::extract::quote::tokens::tokenize(&text) {
                let word = &text[t.start()..t.end()];
                prop_assert_eq!(t.ascii, word.is_ascii());
                if t.ascii {
                    prop_assert_eq!(&lower[t.start()..t.end()], crate::fold::fold(word));
                }
            }
        }

        /// Whatever the marks, quotes stay inside one paragraph and every offset is a char
        /// boundary of the text.
        #[test]
        fn quotes_are_well_formed(parts in proptest::collection::vec(piece(), 0..60)) {
            let text: String = parts.concat();
            let analysis = shared().analyze_text(&text);
            for q in &analysis.quotes {
                prop_assert!(q.start < q.end && q.end <= text.len());
                prop_assert!(text.is_char_boundary(q.start) && text.is_char_boundary(q.end));
                prop_assert!(!text[q.start..q.end].contains('\n'));
                if let Some(s) = q.speaker_span {
                    prop_assert!(s.start < s.end && s.end <= text.len());
                    prop_assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
                }
            }
        }
    }
}

mod word_sets {
    use proptest::prelude::*;

    use super::super::{QuoteRules, WordSet};

    /// Every list of the rules, as word sets.
    fn sets(rules: &QuoteRules) -> Vec<(&'static str, &WordSet)> {
        vec![
            ("verbs", &rules.verbs),
            ("adverbs", &rules.adverbs),
            ("common", &rules.common),
            ("role_first_words", &rules.role_first_words),
            ("demonym_first_words", &rules.demonym_first_words),
            ("descriptor_words", &rules.descriptor_words),
            ("particles", &rules.particles),
            ("countries", &rules.countries),
        ]
    }

    /// The country set holds exactly the nationalities and nouns the hash set it replaced held.
    #[test]
    fn countries_are_the_demonyms_nationalities() {
        let rules = QuoteRules::new().expect("bundled lists parse");
        // As the hash set was built.
        let expected: std::collections::HashSet<Vec<u8>> = rules
            .demonyms
            .values()
            .flatten()
            .chain(rules.demonyms.keys())
            .map(|w| w.clone().into_bytes())
            .collect();
        let got: std::collections::HashSet<Vec<u8>> =
            rules.countries.words.iter().map(|w| w.to_vec()).collect();
        assert_eq!(got, expected);
        assert!(rules.countries.contains("scotland"));
    }

    /// No word of a list is rejected by the filter.
    #[test]
    fn every_listed_word_is_found() {
        let rules = QuoteRules::new().expect("bundled lists parse");
        for (name, set) in sets(&rules) {
            assert!(!set.words.is_empty(), "{name}");
            for w in &set.words {
                let w = std::str::from_utf8(w).expect("listed words are text");
                assert!(set.contains(w), "{name}: {w}");
            }
        }
    }

    /// A table of words in and out of the lists: the filtered answer is the hash set's.
    #[test]
    fn filtered_answer_is_the_set_answer() {
        let rules = QuoteRules::new().expect("bundled lists parse");
        let words = [
            "said",
            "says",
            "added",
            "told",
            "the",
            "he",
            "she",
            "manager",
            "coach",
            "head",
            "scot",
            "dutchman",
            "van",
            "de",
            "koulibaly",
            "",
            "x",
            "éric",
            "ß",
            "26-year-old",
            "o'neill",
            "chief",
            "club",
            "zzz",
            "sai",
            "saidd",
            "scotland",
            "england",
            "republic of ireland",
            "trinidad and tobago",
            "brazil",
            "brazilian",
            "kerr",
        ];
        for (name, set) in sets(&rules) {
            for w in words {
                assert_eq!(
                    set.contains(w),
                    set.words.contains(w.as_bytes()),
                    "{name}: {w}"
                );
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Any word: the filtered answer is the hash set's.
        #[test]
        fn filtered_answer_is_the_set_answer_any(w in "[a-zé' -]{0,12}") {
            let rules = QuoteRules::new().expect("bundled lists parse");
            for (name, set) in sets(&rules) {
                prop_assert_eq!(set.contains(&w), set.words.contains(w.as_bytes()), "{}", name);
            }
        }
    }
}
