//! `matches` over perfect extraction: the seed articles with the real pipeline's sentences and
//! mentions, and the scores, events and quotes of their gold files (eval/gold/) standing in for
//! the extractors. Checks what issue 7 requires of the seed corpus with the same checks as
//! `tests/matches_cli.rs`, independently of the extractors' progress.

mod matches_expect;

use std::path::Path;

use matchfacts::facts::{Event, EventType, Quote, Score, Span};
use matchfacts::matches::{consolidate, Article};
use matchfacts::{Analysis, Document, Gazetteer, Pipeline};
use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn index(g: &Gazetteer, id: &Value) -> Option<u32> {
    id.as_str()
        .map(|id| g.index_of(id).unwrap_or_else(|| panic!("gold id {id}")) as u32)
}

fn span(v: &Value) -> (usize, usize) {
    (
        v["start"].as_u64().unwrap() as usize,
        v["end"].as_u64().unwrap() as usize,
    )
}

/// The nearest occurrence of the speaker's words to a quote (after it first, within 300 bytes).
fn speaker_span(text: &str, words: Option<&str>, start: usize, end: usize) -> Option<Span> {
    let words = words?;
    let after = text[end..]
        .find(words)
        .filter(|&i| i < 300)
        .map(|i| end + i);
    let found = after.or_else(|| text[..start].rfind(words))?;
    Some(Span {
        start: found,
        end: found + words.len(),
    })
}

fn gold_analysis(pipeline: &Pipeline, doc: &Document, gold: &Value) -> Analysis {
    let g = pipeline.gazetteer();
    let mut analysis = pipeline.analyze(doc);
    analysis.scores = gold["scores"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let (start, end) = span(s);
            Score {
                teams: [
                    index(g, &s["teams"][0]).unwrap(),
                    index(g, &s["teams"][1]).unwrap(),
                ],
                goals: [
                    s["goals"][0].as_u64().unwrap() as u32,
                    s["goals"][1].as_u64().unwrap() as u32,
                ],
                home: index(g, &s["home"]),
                start,
                end,
            }
        })
        .collect();
    analysis.events = gold["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let (start, end) = span(e);
            Event {
                minute: e["minute"].as_u64().unwrap() as u32,
                added: e["added"].as_u64().map(|a| a as u32),
                kind: EventType::parse(e["type"].as_str().unwrap()).unwrap(),
                player: index(g, &e["player"]),
                team: index(g, &e["team"]),
                start,
                end,
            }
        })
        .collect();
    analysis.quotes = gold["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| {
            let (start, end) = span(q);
            Quote {
                start,
                end,
                speaker: index(g, &q["speaker"]),
                speaker_span: speaker_span(&doc.text, q["speaker_text"].as_str(), start, end),
            }
        })
        .collect();
    analysis
}

fn seed_inputs() -> (Pipeline, Vec<(Document, Analysis)>) {
    let gazetteer = Gazetteer::load(root().join("gazetteers")).expect("gazetteer");
    let pipeline = Pipeline::new(gazetteer).expect("pipeline");
    let docs = matches_expect::SEEDS
        .iter()
        .map(|name| {
            let doc = Document::read(&root().join("corpus").join(name)).expect("seed");
            let stem = name.trim_end_matches(".txt");
            let gold_text = std::fs::read_to_string(root().join(format!("eval/gold/{stem}.json")))
                .expect("gold file");
            let gold: Value = serde_json::from_str(&gold_text).expect("gold JSON");
            let analysis = gold_analysis(&pipeline, &doc, &gold);
            (doc, analysis)
        })
        .collect();
    (pipeline, docs)
}

#[test]
fn seed_gold_facts_give_the_issue_records() {
    let (pipeline, docs) = seed_inputs();
    let articles: Vec<Article<'_>> = docs.iter().map(|(d, a)| Article::new(d, a)).collect();
    let got = consolidate(&articles, pipeline.gazetteer());
    assert!(got.unmatched.is_empty(), "{:?}", got.unmatched);
    let records: Vec<Value> = got
        .records
        .iter()
        .map(|r| serde_json::to_value(r).unwrap())
        .collect();
    matches_expect::check_seed_records(&records);
    assert_eq!(
        got.records[0].to_text().lines().next().unwrap(),
        matches_expect::JUVENTUS_NAPOLI_LINE
    );
}

#[test]
fn article_order_does_not_change_the_records() {
    let (pipeline, docs) = seed_inputs();
    let forward: Vec<Article<'_>> = docs.iter().map(|(d, a)| Article::new(d, a)).collect();
    let backward: Vec<Article<'_>> = forward.iter().rev().copied().collect();
    let sorted_ids = |articles: &[Article<'_>]| {
        let mut ids: Vec<(String, Vec<String>)> = consolidate(articles, pipeline.gazetteer())
            .records
            .into_iter()
            .map(|r| {
                let mut sources = r.sources.clone();
                sources.sort();
                (r.id, sources)
            })
            .collect();
        ids.sort();
        ids
    };
    assert_eq!(sorted_ids(&forward), sorted_ids(&backward));
}
