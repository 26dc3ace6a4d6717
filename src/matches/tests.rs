//! Table-driven tests of grouping, fact assignment, merging and quote merging, over hand-built
//! analyses (the extractors are not involved): each article is a text plus the scores, events and
//! quotes an extractor would give, located by the words they point at.

use std::path::Path;

use super::*;
use crate::facts::{Candidates, Event, EventType, MatchKind, Mention, Quote, Score, Span};
use crate::gazetteer::EntityKind;
use crate::segment::Segmenter;

const PEOPLE: &str = "id\tname\taliases\trole\tclub\tnationality\n\
kalidou-koulibaly\tKalidou Koulibaly\t\tplayer\tnapoli\tSenegal\n\
raul-albiol\tRaúl Albiol\t\tplayer\tnapoli\tSpain\n\
marek-hamsik\tMarek Hamšík\t\tplayer\tnapoli\tSlovakia\n\
giorgio-chiellini\tGiorgio Chiellini\t\tplayer\tjuventus\tItaly\n\
miralem-pjanic\tMiralem Pjanić\t\tplayer\tjuventus\tBosnia and Herzegovina\n\
massimiliano-allegri\tMassimiliano Allegri\t\tcoach\tjuventus\tItaly\n\
maurizio-sarri\tMaurizio Sarri\t\tcoach\tnapoli\tItaly\n\
ciro-immobile\tCiro Immobile\t\tplayer\tlazio\tItaly\n\
stefan-de-vrij\tStefan de Vrij\t\tplayer\tlazio\tNetherlands\n";
const CLUBS: &str = "id\tname\taliases\tcity\tcountry\tstadium\n\
juventus\tJuventus\tJuve\tTurin\tItaly\tallianz-stadium\n\
napoli\tNapoli\t\tNaples\tItaly\tstadio-san-paolo\n\
lazio\tLazio\t\tRome\tItaly\tstadio-olimpico\n\
sampdoria\tSampdoria\t\tGenoa\tItaly\t\n\
roma\tRoma\t\tRome\tItaly\tstadio-olimpico\n\
spal\tSPAL\t\tFerrara\tItaly\t\n\
inter\tInter Milan\tInter\tMilan\tItaly\tsan-siro\n";
const STADIUMS: &str = "id\tname\taliases\tcity\tclubs\n\
allianz-stadium\tAllianz Stadium\t\tTurin\tjuventus\n\
stadio-san-paolo\tStadio San Paolo\t\tNaples\tnapoli\n\
stadio-olimpico\tStadio Olimpico\t\tRome\troma|lazio\n\
san-siro\tSan Siro\t\tMilan\tinter\n";

fn gazetteer() -> Gazetteer {
    Gazetteer::from_texts(
        (Path::new("people.tsv"), PEOPLE),
        (Path::new("clubs.tsv"), CLUBS),
        (Path::new("stadiums.tsv"), STADIUMS),
    )
    .expect("test gazetteer")
}

fn idx(g: &Gazetteer, id: &str) -> u32 {
    g.index_of(id).unwrap_or_else(|| panic!("no entity {id}")) as u32
}

/// A fact an extractor would give, located by the `nth` occurrence of `at` in the text.
#[derive(Clone)]
enum Fact {
    Score {
        teams: [&'static str; 2],
        goals: [u32; 2],
        home: Option<&'static str>,
    },
    Event {
        kind: EventType,
        minute: u32,
        player: Option<&'static str>,
        team: Option<&'static str>,
    },
    Quote {
        speaker: Option<&'static str>,
    },
}

#[derive(Clone)]
struct At {
    fact: Fact,
    at: &'static str,
    nth: usize,
}

fn score(
    teams: [&'static str; 2],
    goals: [u32; 2],
    home: Option<&'static str>,
    at: &'static str,
) -> At {
    At {
        fact: Fact::Score { teams, goals, home },
        at,
        nth: 0,
    }
}

fn goal(player: &'static str, minute: u32, at: &'static str) -> At {
    event(EventType::Goal, Some(player), None, minute, at)
}

fn event(
    kind: EventType,
    player: Option<&'static str>,
    team: Option<&'static str>,
    minute: u32,
    at: &'static str,
) -> At {
    At {
        fact: Fact::Event {
            kind,
            minute,
            player,
            team,
        },
        at,
        nth: 0,
    }
}

/// A quote: `at` is the words inside the marks.
fn quote(speaker: Option<&'static str>, at: &'static str) -> At {
    At {
        fact: Fact::Quote { speaker },
        at,
        nth: 0,
    }
}

impl At {
    fn nth(mut self, n: usize) -> At {
        self.nth = n;
        self
    }
}

/// An article: name, optional date, body and facts.
struct Doc {
    name: &'static str,
    date: Option<&'static str>,
    body: &'static str,
    facts: Vec<At>,
}

fn doc(name: &'static str, date: Option<&'static str>, body: &'static str, facts: Vec<At>) -> Doc {
    Doc {
        name,
        date,
        body,
        facts,
    }
}

fn is_word_char(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric())
}

/// Exact-name mentions of every entity (name, aliases, surname), longest first, non-overlapping.
fn mentions(g: &Gazetteer, text: &str, body_start: usize) -> Vec<Mention> {
    let mut found: Vec<(usize, usize, u32, EntityKind)> = Vec::new();
    for (i, e) in g.entities().iter().enumerate() {
        let mut forms: Vec<&str> = vec![e.name.as_str()];
        forms.extend(e.aliases.iter().map(String::as_str));
        forms.extend(e.surname());
        for form in forms {
            for (start, _) in text.match_indices(form) {
                let end = start + form.len();
                if start < body_start
                    || is_word_char(text[..start].chars().next_back())
                    || is_word_char(text[end..].chars().next())
                {
                    continue;
                }
                found.push((start, end, i as u32, e.kind));
            }
        }
    }
    found.sort_by_key(|&(s, e, _, _)| (s, std::cmp::Reverse(e)));
    let mut out: Vec<Mention> = Vec::new();
    for (start, end, entity, kind) in found {
        if out.last().is_some_and(|m| m.end > start) {
            continue;
        }
        out.push(Mention {
            start,
            end,
            kind,
            entity: Some(entity),
            candidates: Candidates::default(),
            match_kind: MatchKind::Exact,
            score: 1.0,
        });
    }
    out
}

fn locate(text: &str, at: &At) -> (usize, usize) {
    let start = text
        .match_indices(at.at)
        .nth(at.nth)
        .unwrap_or_else(|| panic!("`{}` (#{}) not in the text", at.at, at.nth))
        .0;
    (start, start + at.at.len())
}

fn build(g: &Gazetteer, d: &Doc) -> (Document, Analysis) {
    let text = match d.date {
        Some(date) => format!("date {date} {}", d.body),
        None => d.body.to_string(),
    };
    let document = Document::new(d.name, text);
    let body_start = document.body_start;
    let mut sentences = Segmenter::new().split(document.body());
    for s in &mut sentences {
        s.start += body_start;
        s.end += body_start;
    }
    let mut analysis = Analysis {
        mentions: mentions(g, &document.text, body_start),
        sentences,
        ..Analysis::default()
    };
    for at in &d.facts {
        let (start, end) = locate(&document.text, at);
        match &at.fact {
            Fact::Score { teams, goals, home } => analysis.scores.push(Score {
                teams: teams.map(|t| idx(g, t)),
                goals: *goals,
                home: home.map(|h| idx(g, h)),
                start,
                end,
            }),
            Fact::Event {
                kind,
                minute,
                player,
                team,
            } => analysis.events.push(Event {
                minute: *minute,
                added: None,
                kind: *kind,
                player: player.map(|p| idx(g, p)),
                team: team.map(|t| idx(g, t)),
                start,
                end,
            }),
            Fact::Quote { speaker } => {
                let speaker_span = speaker.and_then(|id| {
                    let e = g.get(id).expect("speaker");
                    let surname = e.surname().unwrap_or(&e.name);
                    document.text[end..].find(surname).map(|i| Span {
                        start: end + i,
                        end: end + i + surname.len(),
                    })
                });
                analysis.quotes.push(Quote {
                    start,
                    end,
                    speaker: speaker.map(|s| idx(g, s)),
                    speaker_span,
                })
            }
        }
    }
    (document, analysis)
}

fn run(docs: &[Doc]) -> Consolidation {
    let g = gazetteer();
    let built: Vec<(Document, Analysis)> = docs.iter().map(|d| build(&g, d)).collect();
    let articles: Vec<Article<'_>> = built.iter().map(|(d, a)| Article::new(d, a)).collect();
    consolidate(&articles, &g)
}

/// `juventus 0-1 napoli | 2018-04-22 text | a,b`
fn summary(r: &MatchRecord) -> String {
    let score = r.score.as_ref().map_or("v".to_string(), |s| {
        format!("{}-{}", s.goals[0], s.goals[1])
    });
    let date = match (&r.date, r.date_source) {
        (Some(d), Some(DateSource::Text)) => format!("{d} text"),
        (Some(d), Some(DateSource::Article)) => format!("{d} article"),
        _ => "undated".to_string(),
    };
    format!(
        "{} {score} {} | {date} | {}",
        r.teams[0].id,
        r.teams[1].id,
        r.sources.join(",")
    )
}

fn conflict_kinds(r: &MatchRecord) -> Vec<&'static str> {
    r.conflicts
        .iter()
        .map(|c| match c {
            Conflict::Score { .. } => "score",
            Conflict::Minute { .. } => "minute",
            Conflict::Scorer { .. } => "scorer",
            Conflict::QuoteSpeaker { .. } => "quote_speaker",
            Conflict::Home { .. } => "home",
        })
        .collect()
}

const JN_SUNDAY: &str = "Napoli won 1-0 at Juventus on Sunday. Koulibaly headed the winner.";
const JN_PLAIN: &str = "Napoli beat Juventus 1-0. Koulibaly headed the winner.";

#[test]
fn grouping_rules() {
    type Case = (&'static str, Vec<Doc>, Vec<&'static str>, Vec<&'static str>);
    let jn = |at| score(["napoli", "juventus"], [1, 0], Some("juventus"), at);
    let cases: Vec<Case> = vec![
        (
            "report_dated_the_day_after_groups_with_the_match",
            vec![
                doc(
                    "a",
                    Some("2018-04-23"),
                    JN_SUNDAY,
                    vec![jn("Napoli won 1-0 at Juventus")],
                ),
                doc(
                    "b",
                    Some("2018-04-23"),
                    JN_PLAIN,
                    vec![jn("Napoli beat Juventus 1-0")],
                ),
                doc(
                    "c",
                    Some("2018-04-22"),
                    JN_PLAIN,
                    vec![jn("Napoli beat Juventus 1-0")],
                ),
            ],
            vec!["juventus 0-1 napoli | 2018-04-22 text | a,b,c"],
            vec![],
        ),
        (
            "article_dates_only_take_the_latest_common_day",
            vec![
                doc(
                    "a",
                    Some("2018-04-23"),
                    JN_PLAIN,
                    vec![jn("Napoli beat Juventus 1-0")],
                ),
                doc(
                    "b",
                    Some("2018-04-22"),
                    JN_PLAIN,
                    vec![jn("Napoli beat Juventus 1-0")],
                ),
            ],
            vec!["juventus 0-1 napoli | 2018-04-22 article | a,b"],
            vec![],
        ),
        (
            "same_clubs_months_apart_are_two_matches",
            vec![
                doc(
                    "a",
                    Some("2018-04-23"),
                    JN_SUNDAY,
                    vec![jn("Napoli won 1-0 at Juventus")],
                ),
                doc(
                    "b",
                    Some("2017-12-01"),
                    JN_PLAIN,
                    vec![jn("Napoli beat Juventus 1-0")],
                ),
            ],
            vec![
                "juventus 0-1 napoli | 2018-04-22 text | a",
                "juventus 0-1 napoli | 2017-12-01 article | b",
            ],
            vec![],
        ),
        (
            "two_days_apart_is_another_match",
            vec![
                doc(
                    "a",
                    Some("2018-04-23"),
                    JN_SUNDAY,
                    vec![jn("Napoli won 1-0 at Juventus")],
                ),
                doc(
                    "b",
                    Some("2018-04-20"),
                    JN_PLAIN,
                    vec![jn("Napoli beat Juventus 1-0")],
                ),
            ],
            vec![
                "juventus 0-1 napoli | 2018-04-22 text | a",
                "juventus 0-1 napoli | 2018-04-20 article | b",
            ],
            vec![],
        ),
        (
            "undated_articles_group_by_clubs_and_score",
            vec![
                doc(
                    "a",
                    Some("2018-04-23"),
                    JN_SUNDAY,
                    vec![jn("Napoli won 1-0 at Juventus")],
                ),
                doc("b", None, JN_PLAIN, vec![jn("Napoli beat Juventus 1-0")]),
                doc(
                    "c",
                    None,
                    "Juventus beat Napoli 2-0 in Turin.",
                    vec![score(
                        ["juventus", "napoli"],
                        [2, 0],
                        None,
                        "Juventus beat Napoli 2-0",
                    )],
                ),
                doc(
                    "d",
                    None,
                    "Juventus won 2-0 against Napoli.",
                    vec![score(
                        ["juventus", "napoli"],
                        [2, 0],
                        None,
                        "Juventus won 2-0 against Napoli",
                    )],
                ),
            ],
            vec![
                "juventus 0-1 napoli | 2018-04-22 text | a,b",
                "juventus 2-0 napoli | undated | c,d",
            ],
            vec![],
        ),
        (
            "dated_reports_of_one_match_with_different_scores_conflict",
            vec![
                doc(
                    "a",
                    Some("2018-04-23"),
                    JN_SUNDAY,
                    vec![jn("Napoli won 1-0 at Juventus")],
                ),
                doc(
                    "b",
                    Some("2018-04-23"),
                    JN_PLAIN,
                    vec![jn("Napoli beat Juventus 1-0")],
                ),
                doc(
                    "c",
                    Some("2018-04-23"),
                    "Napoli beat Juventus 2-0 on Sunday.",
                    vec![score(
                        ["napoli", "juventus"],
                        [2, 0],
                        None,
                        "Napoli beat Juventus 2-0",
                    )],
                ),
            ],
            vec!["juventus 0-1 napoli | 2018-04-22 text | a,b,c"],
            vec!["score"],
        ),
        (
            "round_up_results_become_and_join_their_own_records",
            vec![
                doc(
                    "a",
                    Some("2018-04-23"),
                    "Napoli won 1-0 at Juventus on Sunday. Elsewhere Lazio crushed Sampdoria 4-0, \
                     a day after Roma won 3-0 at SPAL on Saturday.",
                    vec![
                        jn("Napoli won 1-0 at Juventus"),
                        score(
                            ["lazio", "sampdoria"],
                            [4, 0],
                            None,
                            "Lazio crushed Sampdoria 4-0",
                        ),
                        score(
                            ["roma", "spal"],
                            [3, 0],
                            Some("spal"),
                            "Roma won 3-0 at SPAL",
                        ),
                    ],
                ),
                doc(
                    "b",
                    Some("2018-04-23"),
                    "Lazio thumped Sampdoria 4-0 at the Stadio Olimpico.",
                    vec![score(
                        ["lazio", "sampdoria"],
                        [4, 0],
                        None,
                        "Lazio thumped Sampdoria 4-0",
                    )],
                ),
            ],
            vec![
                "juventus 0-1 napoli | 2018-04-22 text | a",
                "lazio 4-0 sampdoria | 2018-04-23 article | a,b",
                "spal 0-3 roma | 2018-04-21 text | a",
            ],
            vec![],
        ),
        (
            "scoreless_report_joins_through_its_lead_clubs",
            vec![
                doc(
                    "a",
                    Some("2018-04-23"),
                    JN_SUNDAY,
                    vec![jn("Napoli won 1-0 at Juventus")],
                ),
                doc(
                    "b",
                    None,
                    "Koulibaly's 91st-minute winner took Napoli within a point of Juventus.",
                    vec![goal("kalidou-koulibaly", 91, "91st-minute")],
                ),
            ],
            vec!["juventus 0-1 napoli | 2018-04-22 text | a,b"],
            vec![],
        ),
        (
            "scoreless_report_with_a_goal_starts_a_record",
            vec![doc(
                "b",
                None,
                "Koulibaly's 91st-minute winner took Napoli within a point of Juventus.",
                vec![goal("kalidou-koulibaly", 91, "91st-minute")],
            )],
            vec!["napoli v juventus | undated | b"],
            vec![],
        ),
        (
            "main_match_from_the_lead_takes_the_lead_date",
            vec![doc(
                "a",
                Some("2018-04-23"),
                "Napoli won at Juventus on Sunday. Koulibaly scored in the 90th minute. It was a \
                 famous night. Roma beat SPAL 3-0. Napoli beat Juventus 1-0.",
                vec![
                    goal("kalidou-koulibaly", 90, "90th minute"),
                    score(["roma", "spal"], [3, 0], None, "Roma beat SPAL 3-0"),
                    jn("Napoli beat Juventus 1-0"),
                ],
            )],
            vec![
                "roma 3-0 spal | 2018-04-23 article | a",
                "juventus 0-1 napoli | 2018-04-22 text | a",
            ],
            vec![],
        ),
    ];
    for (name, docs, expected, conflicts) in cases {
        let got = run(&docs);
        let summaries: Vec<String> = got.records.iter().map(summary).collect();
        assert_eq!(summaries, expected, "case {name}");
        let kinds: Vec<&str> = got.records.iter().flat_map(conflict_kinds).collect();
        assert_eq!(kinds, conflicts, "case {name}: conflicts");
    }
}

#[test]
fn scoreless_article_without_a_goal_is_unmatched() {
    let got = run(&[doc(
        "preview",
        Some("2018-04-20"),
        "Napoli travel to Juventus on Sunday with the title at stake.",
        vec![],
    )]);
    assert!(got.records.is_empty());
    assert_eq!(got.unmatched, vec!["preview"]);
}

#[test]
fn facts_go_to_their_match() {
    let body = "Napoli won 1-0 at Juventus on Sunday, Koulibaly heading in the 90th minute. \
                \"We believed until the end,\" said Koulibaly. Allegri called it \"a poor match by both sides.\" \
                Lazio crushed Sampdoria 4-0 at the Stadio Olimpico, Immobile scoring after 32 minutes. \
                Lazio went close again after 60 minutes. \"We were ruthless today,\" said Immobile. \
                Juventus now visit San Siro.";
    let got = run(&[doc(
        "a",
        Some("2018-04-23"),
        body,
        vec![
            score(
                ["napoli", "juventus"],
                [1, 0],
                Some("juventus"),
                "Napoli won 1-0 at Juventus",
            ),
            goal("kalidou-koulibaly", 90, "90th minute"),
            quote(Some("kalidou-koulibaly"), "We believed until the end,"),
            quote(Some("massimiliano-allegri"), "a poor match by both sides."),
            score(
                ["lazio", "sampdoria"],
                [4, 0],
                None,
                "Lazio crushed Sampdoria 4-0",
            ),
            goal("ciro-immobile", 32, "32 minutes"),
            event(EventType::Chance, None, None, 60, "60 minutes"),
            quote(Some("ciro-immobile"), "We were ruthless today,"),
        ],
    )]);
    let [jn, ls] = got.records.as_slice() else {
        panic!(
            "two records, got {:?}",
            got.records.iter().map(summary).collect::<Vec<_>>()
        );
    };
    let players = |r: &MatchRecord| -> Vec<Option<String>> {
        r.goals
            .iter()
            .chain(&r.events)
            .map(|e| e.player.clone())
            .collect()
    };
    assert_eq!(players(jn), vec![Some("kalidou-koulibaly".to_string())]);
    assert_eq!(players(ls), vec![Some("ciro-immobile".to_string()), None]);
    assert_eq!(ls.events[0].team, None);
    let speakers = |r: &MatchRecord| -> Vec<Option<String>> {
        r.quotes.iter().map(|q| q.speaker.clone()).collect()
    };
    assert_eq!(
        speakers(jn),
        vec![
            Some("kalidou-koulibaly".to_string()),
            Some("massimiliano-allegri".to_string())
        ]
    );
    assert_eq!(speakers(ls), vec![Some("ciro-immobile".to_string())]);
    // Venues: named with the match; San Siro (named after Juventus) is no ground of theirs.
    let venue = |r: &MatchRecord| r.venue.as_ref().map(|v| (v.id.clone(), v.inferred));
    assert_eq!(venue(jn), Some(("allianz-stadium".to_string(), true)));
    assert_eq!(venue(ls), Some(("stadio-olimpico".to_string(), false)));
    // Lazio's home comes from the ground named; the score orientation follows.
    assert_eq!(ls.home.as_deref(), Some("lazio"));
    assert_eq!(jn.teams[0].id, "juventus");
    assert_eq!(jn.score.as_ref().unwrap().goals, [0, 1]);
}

/// The seed situation in miniature: five reports of one goal.
fn koulibaly_reports() -> Vec<Doc> {
    let jn = |at| score(["napoli", "juventus"], [1, 0], Some("juventus"), at);
    vec![
        doc(
            "000.txt",
            Some("2018-04-23"),
            "Koulibaly's goal gave Napoli a 1-0 win against Juventus at the Allianz Stadium. \
             Koulibaly headed the winner in the final minute.\n\n\
             Koulibaly headed the winner in the final minute.",
            vec![
                jn("Napoli a 1-0 win against Juventus"),
                goal("kalidou-koulibaly", 90, "final minute"),
                goal("kalidou-koulibaly", 90, "final minute").nth(1),
            ],
        ),
        doc(
            "001.txt",
            Some("2018-04-23"),
            "Napoli won 1-0 against Juventus on Sunday (Apr 22). Koulibaly headed the winner in the \
             final minute.\n\nJuventus 0 Napoli 1",
            vec![
                jn("Napoli won 1-0 against Juventus"),
                goal("kalidou-koulibaly", 90, "final minute"),
                score(["juventus", "napoli"], [0, 1], Some("juventus"), "Juventus 0 Napoli 1"),
            ],
        ),
        doc(
            "002.txt",
            None,
            "Koulibaly headed Napoli to a dramatic last-minute win, beating Juventus 1-0 at Allianz \
             Stadium. In the 89th minute Koulibaly rose highest.",
            vec![
                jn("Napoli to a dramatic last-minute win, beating Juventus 1-0"),
                goal("kalidou-koulibaly", 90, "last-minute"),
                goal("kalidou-koulibaly", 89, "89th minute"),
            ],
        ),
        doc(
            "003.txt",
            Some("2018-04-23"),
            "Koulibaly scored in the last minute on Sunday to give Napoli a 1-0 win at Juventus.",
            vec![
                jn("Napoli a 1-0 win at Juventus"),
                goal("kalidou-koulibaly", 90, "last minute"),
            ],
        ),
        doc(
            "004.txt",
            None,
            "Koulibaly's 91st-minute winner secured the points for Napoli at the Allianz Stadium \
             against Juventus.",
            vec![goal("kalidou-koulibaly", 91, "91st-minute")],
        ),
    ]
}

#[test]
fn one_goal_many_minutes() {
    let got = run(&koulibaly_reports());
    assert_eq!(
        got.records.iter().map(summary).collect::<Vec<_>>(),
        vec!["juventus 0-1 napoli | 2018-04-22 text | 000.txt,001.txt,002.txt,003.txt,004.txt"]
    );
    let r = &got.records[0];
    assert_eq!(r.goals.len(), 1);
    let g = &r.goals[0];
    let minutes: Vec<(u32, Vec<&str>, usize)> = g
        .minutes
        .iter()
        .map(|m| {
            (
                m.minute,
                m.sources.iter().map(String::as_str).collect(),
                m.votes,
            )
        })
        .collect();
    assert_eq!(
        minutes,
        vec![
            (89, vec!["002.txt"], 1),
            (90, vec!["000.txt", "001.txt", "002.txt", "003.txt"], 3),
            (91, vec!["004.txt"], 1),
        ]
    );
    assert_eq!(g.consensus_minute, 90);
    assert_eq!(g.consensus_rule, ConsensusRule::MostReports);
    assert_eq!(conflict_kinds(r), vec!["minute"]);
    let score = r.score.as_ref().unwrap();
    assert_eq!(score.sources.len(), 4, "004 states no score");
    assert!(score.conflicts.is_empty());
    assert_eq!(
        r.venue,
        Some(Venue {
            id: "allianz-stadium".into(),
            name: "Allianz Stadium".into(),
            inferred: false,
            sources: vec!["000.txt".into(), "002.txt".into(), "004.txt".into()],
        })
    );
    assert!(r.checks.iter().all(|c| !c.failed()), "{:?}", r.checks);
    assert_eq!(
        r.to_text().lines().next().unwrap(),
        "Juventus 0-1 Napoli (Allianz Stadium, 22 Apr 2018). Goal: Koulibaly 90' (90' in 3 \
         reports, 89' in 1, 91' in 1). 5 reports."
    );
}

#[test]
fn goals_events_and_checks() {
    type Case = (
        &'static str,
        Vec<Doc>,
        &'static str,
        Vec<&'static str>,
        Vec<&'static str>,
    );
    let ls = |at| score(["lazio", "sampdoria"], [4, 0], Some("lazio"), at);
    let jn = |at| score(["napoli", "juventus"], [1, 0], Some("juventus"), at);
    let cases: Vec<Case> = vec![
        (
            "brace_in_one_report_is_two_goals",
            vec![
                doc(
                    "a",
                    Some("2018-04-23"),
                    "Lazio crushed Sampdoria 4-0. Immobile scored after 32 minutes and again after 85 minutes.",
                    vec![
                        ls("Lazio crushed Sampdoria 4-0"),
                        goal("ciro-immobile", 32, "32 minutes"),
                        goal("ciro-immobile", 85, "85 minutes"),
                    ],
                ),
                doc(
                    "b",
                    Some("2018-04-23"),
                    "Lazio beat Sampdoria 4-0, Immobile scoring after 86 minutes.",
                    vec![ls("Lazio beat Sampdoria 4-0"), goal("ciro-immobile", 86, "86 minutes")],
                ),
            ],
            "Lazio 4-0 Sampdoria (Stadio Olimpico [inferred], report dated 23 Apr 2018). Goals: \
             Immobile 32', Immobile 85' (85' in 1 report, 86' in 1). 2 reports.",
            vec![],
            vec!["Lazio: 4 goals in the score, 2 found (2 missing)"],
        ),
        (
            "scorer_credited_to_different_players",
            vec![
                doc(
                    "a",
                    Some("2018-04-23"),
                    "Napoli won 1-0 at Juventus. Koulibaly scored in the 90th minute.",
                    vec![jn("Napoli won 1-0 at Juventus"), goal("kalidou-koulibaly", 90, "90th minute")],
                ),
                doc(
                    "b",
                    Some("2018-04-23"),
                    "Napoli won 1-0 at Juventus. Albiol scored in the 90th minute.",
                    vec![jn("Napoli won 1-0 at Juventus"), goal("raul-albiol", 90, "90th minute")],
                ),
            ],
            "Juventus 0-1 Napoli (Allianz Stadium [inferred], report dated 23 Apr 2018). Goals: \
             Koulibaly 90', Albiol 90'. 2 reports.",
            vec!["Napoli goal at 90': credited to Koulibaly (a) and Albiol (b)"],
            vec!["Napoli: 1 goal in the score, 2 found (1 extra)"],
        ),
        (
            "own_goal_counts_for_the_other_club",
            vec![doc(
                "a",
                Some("2018-04-23"),
                "Napoli won 1-0 at Juventus, Chiellini turning into his own net after 12 minutes.",
                vec![
                    jn("Napoli won 1-0 at Juventus"),
                    event(EventType::OwnGoal, Some("giorgio-chiellini"), None, 12, "12 minutes"),
                ],
            )],
            "Juventus 0-1 Napoli (Allianz Stadium [inferred], report dated 23 Apr 2018). Goal: \
             Chiellini og 12'. 1 report.",
            vec![],
            vec![],
        ),
        (
            "unnamed_goal_joins_the_named_one",
            vec![
                doc(
                    "a",
                    Some("2018-04-23"),
                    "Napoli won 1-0 at Juventus. Koulibaly scored in the 90th minute.",
                    vec![jn("Napoli won 1-0 at Juventus"), goal("kalidou-koulibaly", 90, "90th minute")],
                ),
                doc(
                    "b",
                    Some("2018-04-23"),
                    "Napoli won 1-0 at Juventus with a goal in the 89th minute.",
                    vec![
                        jn("Napoli won 1-0 at Juventus"),
                        event(EventType::Goal, None, Some("napoli"), 89, "89th minute"),
                    ],
                ),
            ],
            "Juventus 0-1 Napoli (Allianz Stadium [inferred], report dated 23 Apr 2018). Goal: \
             Koulibaly 89' (89' in 1 report, 90' in 1). 2 reports.",
            vec![],
            vec![],
        ),
        (
            "minute_out_of_range",
            vec![doc(
                "a",
                Some("2018-04-23"),
                "Napoli won 1-0 at Juventus. Koulibaly scored in the 130th minute.",
                vec![jn("Napoli won 1-0 at Juventus"), goal("kalidou-koulibaly", 130, "130th minute")],
            )],
            "Juventus 0-1 Napoli (Allianz Stadium [inferred], report dated 23 Apr 2018). Goal: \
             Koulibaly 130'. 1 report.",
            vec![],
            vec!["Koulibaly goal at 130' is outside 1-120 plus added time (a)"],
        ),
    ];
    for (name, docs, line, conflicts, failed) in cases {
        let got = run(&docs);
        assert_eq!(got.records.len(), 1, "case {name}");
        let r = &got.records[0];
        assert_eq!(r.to_text().lines().next().unwrap(), line, "case {name}");
        let messages: Vec<&str> = r.conflicts.iter().map(Conflict::message).collect();
        assert_eq!(messages, conflicts, "case {name}: conflicts");
        let failures: Vec<&str> = r
            .checks
            .iter()
            .filter(|c| c.failed())
            .map(Check::message)
            .collect();
        assert_eq!(failures, failed, "case {name}: checks");
    }
}

#[test]
fn quote_merging() {
    type Case = (
        &'static str,
        Vec<Doc>,
        Vec<(&'static str, Option<&'static str>, Vec<&'static str>)>,
        Vec<&'static str>,
    );
    let jn = |at| score(["napoli", "juventus"], [1, 0], Some("juventus"), at);
    const Q1: &str =
        "We knew it was a very difficult and important match, but we did everything to win,";
    const Q1_EDITED: &str =
        "We knew it was a very difficult and important match but we did everything to win.";
    const Q2: &str =
        "Juve are a very strong side, but we proved Napoli can fight it out with them.";
    let cases: Vec<Case> = vec![
        (
            "same_words_with_small_edits_are_one_quote",
            vec![
                doc(
                    "a",
                    Some("2018-04-23"),
                    "Napoli won 1-0 at Juventus. \"We knew it was a very difficult and important match, but we did everything to win,\" said Koulibaly.",
                    vec![jn("Napoli won 1-0 at Juventus"), quote(Some("kalidou-koulibaly"), Q1)],
                ),
                doc(
                    "b",
                    Some("2018-04-23"),
                    "Napoli won 1-0 at Juventus. \"We knew it was a very difficult and important match but we did everything to win.\" Koulibaly said.",
                    vec![jn("Napoli won 1-0 at Juventus"), quote(Some("kalidou-koulibaly"), Q1_EDITED)],
                ),
            ],
            vec![(Q1, Some("kalidou-koulibaly"), vec!["a", "b"])],
            vec![],
        ),
        (
            "different_words_stay_apart",
            vec![doc(
                "a",
                Some("2018-04-23"),
                "Napoli won 1-0 at Juventus. \"We knew it was a very difficult and important match, but we did everything to win,\" said Koulibaly. \"Juve are a very strong side, but we proved Napoli can fight it out with them.\" added Koulibaly.",
                vec![
                    jn("Napoli won 1-0 at Juventus"),
                    quote(Some("kalidou-koulibaly"), Q1),
                    quote(Some("kalidou-koulibaly"), Q2),
                ],
            )],
            vec![
                (Q1, Some("kalidou-koulibaly"), vec!["a"]),
                (Q2, Some("kalidou-koulibaly"), vec!["a"]),
            ],
            vec![],
        ),
        (
            "a_repeated_paragraph_counts_once",
            vec![doc(
                "a",
                Some("2018-04-23"),
                "Napoli won 1-0 at Juventus. \"Juve are a very strong side, but we proved Napoli can fight it out with them.\" said Koulibaly.\n\n\"Juve are a very strong side, but we proved Napoli can fight it out with them.\" said Koulibaly.",
                vec![
                    jn("Napoli won 1-0 at Juventus"),
                    quote(Some("kalidou-koulibaly"), Q2),
                    quote(Some("kalidou-koulibaly"), Q2).nth(1),
                ],
            )],
            vec![(Q2, Some("kalidou-koulibaly"), vec!["a"])],
            vec![],
        ),
        (
            "one_quote_two_speakers_is_a_conflict",
            vec![
                doc(
                    "a",
                    Some("2018-04-23"),
                    "Napoli won 1-0 at Juventus. \"Juve are a very strong side, but we proved Napoli can fight it out with them.\" said Koulibaly.",
                    vec![jn("Napoli won 1-0 at Juventus"), quote(Some("kalidou-koulibaly"), Q2)],
                ),
                doc(
                    "b",
                    Some("2018-04-23"),
                    "Napoli won 1-0 at Juventus. \"Juve are a very strong side, but we proved Napoli can fight it out with them.\" said Sarri.",
                    vec![jn("Napoli won 1-0 at Juventus"), quote(Some("maurizio-sarri"), Q2)],
                ),
                doc(
                    "c",
                    Some("2018-04-23"),
                    "Napoli won 1-0 at Juventus. \"Juve are a very strong side, but we proved Napoli can fight it out with them.\" said Koulibaly.",
                    vec![jn("Napoli won 1-0 at Juventus"), quote(Some("kalidou-koulibaly"), Q2)],
                ),
            ],
            vec![(Q2, Some("kalidou-koulibaly"), vec!["a", "b", "c"])],
            vec!["quote_speaker"],
        ),
    ];
    for (name, docs, expected, conflicts) in cases {
        let got = run(&docs);
        assert_eq!(got.records.len(), 1, "case {name}");
        let r = &got.records[0];
        let quotes: Vec<(&str, Option<&str>, Vec<&str>)> = r
            .quotes
            .iter()
            .map(|q| {
                (
                    q.text.as_str(),
                    q.speaker.as_deref(),
                    q.sources.iter().map(String::as_str).collect(),
                )
            })
            .collect();
        assert_eq!(quotes, expected, "case {name}");
        assert_eq!(conflict_kinds(r), conflicts, "case {name}: conflicts");
    }
}

#[test]
fn variants_list_every_wording() {
    let got = run(&koulibaly_reports()[..1]);
    assert!(got.records[0].quotes.is_empty());
    let r = run(&[
        doc(
            "a",
            Some("2018-04-23"),
            "Napoli won 1-0 at Juventus. \"We proved that tonight, didn't we?\" said Koulibaly.",
            vec![
                score(
                    ["napoli", "juventus"],
                    [1, 0],
                    None,
                    "Napoli won 1-0 at Juventus",
                ),
                quote(
                    Some("kalidou-koulibaly"),
                    "We proved that tonight, didn't we?",
                ),
            ],
        ),
        doc(
            "b",
            Some("2018-04-23"),
            "Napoli won 1-0 at Juventus. \"We proved that tonight, didn’t we.\" said Koulibaly.",
            vec![
                score(
                    ["napoli", "juventus"],
                    [1, 0],
                    None,
                    "Napoli won 1-0 at Juventus",
                ),
                quote(
                    Some("kalidou-koulibaly"),
                    "We proved that tonight, didn’t we.",
                ),
            ],
        ),
    ]);
    let q = &r.records[0].quotes[0];
    assert_eq!(q.sources, vec!["a", "b"]);
    assert_eq!(q.variants.len(), 2);
    assert_eq!(q.speaker_text.as_deref(), Some("Koulibaly"));
}

#[test]
fn record_serialises_to_the_documented_shape() {
    let got = run(&koulibaly_reports());
    let value = serde_json::to_value(&got.records[0]).unwrap();
    let keys: Vec<&str> = value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut expected = vec![
        "id",
        "teams",
        "home",
        "date",
        "date_source",
        "venue",
        "score",
        "goals",
        "events",
        "quotes",
        "sources",
        "conflicts",
        "checks",
    ];
    expected.sort();
    let mut keys_sorted = keys.clone();
    keys_sorted.sort();
    assert_eq!(keys_sorted, expected);
    assert_eq!(value["id"], "2018-04-22-juventus-napoli");
    assert_eq!(value["date_source"], "text");
    assert_eq!(value["goals"][0]["type"], "goal");
    assert_eq!(value["goals"][0]["consensus_rule"], "most_reports");
    assert_eq!(value["conflicts"][0]["kind"], "minute");
    assert_eq!(value["conflicts"][0]["tolerance"], MINUTE_TOLERANCE);
    assert_eq!(value["checks"][0]["kind"], "goals");
    assert_eq!(value["checks"][0]["status"], "ok");
}

#[test]
fn ids_are_unique() {
    let got = run(&[
        doc(
            "a",
            None,
            "Napoli beat Juventus 1-0.",
            vec![score(
                ["napoli", "juventus"],
                [1, 0],
                None,
                "Napoli beat Juventus 1-0",
            )],
        ),
        doc(
            "b",
            None,
            "Napoli beat Juventus 3-0.",
            vec![score(
                ["napoli", "juventus"],
                [3, 0],
                None,
                "Napoli beat Juventus 3-0",
            )],
        ),
    ]);
    let ids: Vec<&str> = got.records.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, vec!["napoli-juventus", "napoli-juventus-2"]);
}

/// An article keeps the events and quotes its article-matches hold, and their indices point at
/// the same facts after the move; an article with no fact keeps none.
#[test]
fn kept_facts_are_the_ones_the_article_matches_hold() {
    let g = gazetteer();
    let mut docs = koulibaly_reports();
    docs.push(doc(
        "preview",
        Some("2018-04-20"),
        "Napoli travel to Juventus on Sunday with the title at stake.",
        vec![],
    ));
    docs.push(doc(
        "quotes.txt",
        Some("2018-04-23"),
        "Napoli won 1-0 at Juventus on Sunday. \"We believed until the end,\" said Koulibaly. \
         Koulibaly headed the winner in the 90th minute.",
        vec![
            score(
                ["napoli", "juventus"],
                [1, 0],
                Some("juventus"),
                "Napoli won 1-0 at Juventus",
            ),
            quote(Some("kalidou-koulibaly"), "We believed until the end,"),
            goal("kalidou-koulibaly", 90, "90th minute"),
        ],
    ));
    let mut kept_some = 0;
    for d in &docs {
        let (document, analysis) = build(&g, d);
        let article = Article::new(&document, &analysis);
        let original = group::article_matches(0, &article, &g);
        let mut moved = original.clone();
        let kept = Kept::of(&article, &mut moved);
        assert_eq!(kept.name, d.name);
        for (o, m) in original.iter().zip(&moved) {
            let before: Vec<&Event> = o.events.iter().map(|&i| &analysis.events[i]).collect();
            let after: Vec<&Event> = m.events.iter().map(|&i| &kept.events[i].event).collect();
            assert_eq!(before, after, "{}: events", d.name);
            let before: Vec<usize> = o.quotes.iter().map(|&i| analysis.quotes[i].start).collect();
            let after: Vec<usize> = m.quotes.iter().map(|&i| kept.quotes[i].start).collect();
            assert_eq!(before, after, "{}: quotes", d.name);
        }
        let held: BTreeSet<usize> = original.iter().flat_map(|m| m.events.clone()).collect();
        assert_eq!(kept.events.len(), held.len(), "{}", d.name);
        let held: BTreeSet<usize> = original.iter().flat_map(|m| m.quotes.clone()).collect();
        assert_eq!(kept.quotes.len(), held.len(), "{}", d.name);
        kept_some += kept.events.len() + kept.quotes.len();
    }
    assert!(kept_some > 0);
    let preview = docs.len() - 2;
    let (document, analysis) = build(&g, &docs[preview]);
    let kept = Kept::of(
        &Article::new(&document, &analysis),
        &mut group::article_matches(0, &Article::new(&document, &analysis), &g),
    );
    assert!(kept.events.is_empty() && kept.quotes.is_empty());
}
