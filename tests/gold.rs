//! Checks every gold file (offsets, texts, ids, overlaps, types) and runs the evaluation with
//! floors, so a regression in any layer fails the suite; also checks that eval/REPORT.md is fresh.

use std::path::{Path, PathBuf};

use matchfacts::gold::{report_markdown, standard_sets, REPORT_COMMAND};
use matchfacts::{EventType, Gazetteer, Pipeline};
use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn gazetteer() -> Gazetteer {
    Gazetteer::load(root().join("gazetteers")).expect("bundled gazetteer loads")
}

fn gold_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("gold folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

fn span(item: &Value, what: &str) -> (usize, usize) {
    let s = item["start"]
        .as_u64()
        .unwrap_or_else(|| panic!("{what}: start"));
    let e = item["end"]
        .as_u64()
        .unwrap_or_else(|| panic!("{what}: end"));
    (s as usize, e as usize)
}

fn check_set(gold_dir: &Path, corpus: &Path, g: &Gazetteer) -> usize {
    let mut checked = 0;
    for path in gold_files(gold_dir) {
        let name = path.display().to_string();
        let value: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("read gold"))
                .expect("JSON");
        let doc = value["doc"].as_str().expect("doc");
        let stem = path.file_stem().and_then(|s| s.to_str()).expect("stem");
        assert_eq!(doc, format!("{stem}.txt"), "{name}: doc names its file");
        let text = std::fs::read_to_string(corpus.join(doc)).expect("document text");
        let id_ok = |v: &Value| v.is_null() || v.as_str().is_some_and(|id| g.get(id).is_some());
        let mut last_end = 0;
        for m in value["mentions"].as_array().expect("mentions") {
            let (s, e) = span(m, &name);
            assert!(
                s < e && e <= text.len(),
                "{name}: mention {s}..{e} inside the text"
            );
            assert_eq!(
                m["text"].as_str(),
                Some(&text[s..e]),
                "{name}: mention text at {s}"
            );
            assert!(
                s >= last_end,
                "{name}: mentions sorted and not overlapping at {s}"
            );
            last_end = e;
            let id = m["id"]
                .as_str()
                .unwrap_or_else(|| panic!("{name}: mention id at {s}"));
            let entity = g
                .get(id)
                .unwrap_or_else(|| panic!("{name}: unknown id {id}"));
            assert_eq!(
                m["type"].as_str(),
                Some(entity.kind.as_str()),
                "{name}: type of {id}"
            );
            let kind = m["match"].as_str().unwrap_or("");
            assert!(
                ["exact", "alias", "surname", "fuzzy"].contains(&kind),
                "{name}: match kind {kind}"
            );
        }
        for sc in value["scores"].as_array().expect("scores") {
            let (s, e) = span(sc, &name);
            assert_eq!(
                sc["text"].as_str(),
                text.get(s..e),
                "{name}: score text at {s}"
            );
            for t in sc["teams"].as_array().expect("teams") {
                assert!(id_ok(t) && !t.is_null(), "{name}: score team {t}");
            }
            assert_eq!(
                sc["goals"].as_array().map(Vec::len),
                Some(2),
                "{name}: goals"
            );
            assert!(id_ok(&sc["home"]), "{name}: home {}", sc["home"]);
        }
        for ev in value["events"].as_array().expect("events") {
            let (s, e) = span(ev, &name);
            assert_eq!(
                ev["text"].as_str(),
                text.get(s..e),
                "{name}: event text at {s}"
            );
            let t = ev["type"].as_str().unwrap_or("");
            assert!(EventType::parse(t).is_some(), "{name}: event type {t}");
            assert!(
                ev["minute"].as_u64().is_some_and(|m| m <= 130),
                "{name}: minute"
            );
            assert!(
                id_ok(&ev["player"]) && id_ok(&ev["team"]),
                "{name}: event ids at {s}"
            );
        }
        for q in value["quotes"].as_array().expect("quotes") {
            let (s, e) = span(q, &name);
            assert_eq!(
                q["text"].as_str(),
                text.get(s..e),
                "{name}: quote text at {s}"
            );
            assert!(id_ok(&q["speaker"]), "{name}: speaker {}", q["speaker"]);
        }
        checked += 1;
    }
    checked
}

#[test]
fn every_gold_file_is_well_formed() {
    let g = gazetteer();
    for (title, gold, corpus) in standard_sets(root()) {
        if !corpus.is_dir() {
            eprintln!("skipping {title}: {} not found", corpus.display());
            continue;
        }
        let n = check_set(&gold, &corpus, &g);
        assert!(n >= 5, "{title}: {n} gold files");
    }
}

#[test]
fn committed_report_is_fresh() {
    let bbc = root().join("../shared/data/bbc-sport/football");
    if !bbc.is_dir() {
        eprintln!("skipping the report check: {} not found", bbc.display());
        return;
    }
    let pipeline = Pipeline::new(gazetteer()).expect("pipeline");
    let fresh = report_markdown(&pipeline, root()).expect("report");
    let committed = std::fs::read_to_string(root().join("eval/REPORT.md")).unwrap_or_default();
    assert!(
        committed == fresh,
        "eval/REPORT.md is stale: regenerate it with `{REPORT_COMMAND}`"
    );
}

/// The floors every layer must keep on each gold set (the issue floors are scores 0.90, events
/// (minute, player) 0.75, quotes attributed 0.80; these sit just under today's figures so that any
/// regression fails).
const FLOORS: &[&str] = &[
    "mentions.strict=0.95",
    "mentions.lenient=0.95",
    "scores=0.90",
    "events.minute=0.90",
    "events.minute_player=0.90",
    "events.minute_player_type=0.85",
    "quotes.detected=0.90",
    "quotes.attributed=0.90",
];

#[test]
fn evaluation_meets_the_floors_on_both_gold_sets() {
    for (title, gold, corpus) in standard_sets(root()) {
        if !corpus.is_dir() {
            eprintln!("skipping {title}: {} not found", corpus.display());
            continue;
        }
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_matchfacts"));
        cmd.current_dir(root()).args([
            "eval",
            "--gold",
            gold.to_str().expect("path"),
            "--corpus",
            corpus.to_str().expect("path"),
        ]);
        for floor in FLOORS {
            cmd.args(["--min-f1", floor]);
        }
        let out = cmd.output().expect("run matchfacts eval");
        assert!(
            out.status.success(),
            "{title}: below a floor\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
