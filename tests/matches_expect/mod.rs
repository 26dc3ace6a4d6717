//! What `matchfacts matches` must give on the seed corpus (issue 7), as checks over the parsed
//! JSON records. Shared by `tests/matches_cli.rs` (the real binary and extractors) and
//! `tests/matches_gold.rs` (the library over the seeds' gold facts).

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

pub const SEEDS: [&str; 5] = [
    "000_b5d0df53e169d348.txt",
    "001_c80c057e3172d5a4.txt",
    "002_34f22b3781983788.txt",
    "003_c71da6a5bd5c8a8a.txt",
    "004_14fc02e3398c50f8.txt",
];

/// The line for the match, as a sub-editor pastes it.
pub const JUVENTUS_NAPOLI_LINE: &str = "Juventus 0-1 Napoli (Allianz Stadium, 22 Apr 2018). Goal: \
    Koulibaly 90' (90' in 3 reports, 89' in 1, 91' in 1). 5 reports.";

/// The results the seeds state (every score of the gold files) as (club, goals, club, goals),
/// with the seeds (by number) stating them; 004 states no score but reports Juventus-Napoli.
pub const RESULTS: [(&str, u64, &str, u64, &[usize]); 8] = [
    ("juventus", 0, "napoli", 1, &[0, 1, 2, 3, 4]),
    ("lazio", 4, "sampdoria", 0, &[1, 3]),
    ("spal", 0, "roma", 3, &[1]),
    ("chievo", 1, "inter", 2, &[1, 3]),
    ("milan", 0, "benevento", 1, &[1]),
    ("cagliari", 0, "bologna", 0, &[1]),
    ("atalanta", 2, "torino", 1, &[1, 3]),
    ("udinese", 1, "crotone", 2, &[1, 3]),
];

/// Koulibaly's goal: the minute each seed gives (002 gives two: `last-minute` and `89th minute`).
pub const KOULIBALY_MINUTES: [(usize, u64); 6] =
    [(0, 90), (1, 90), (2, 89), (2, 90), (3, 90), (4, 91)];

/// Openings of Koulibaly's quotes that seeds 000 and 001 both print.
pub const REPEATED_QUOTES: [&str; 5] = [
    "We knew it was a very difficult and important match",
    "The city fired us up over the last few days",
    "Juve are a very strong side",
    "I had always lost playing here",
    "We believe in ourselves, in our style of football",
];

fn file_name(s: &str) -> String {
    Path::new(s)
        .file_name()
        .map_or(s.to_string(), |f| f.to_string_lossy().into_owned())
}

fn names(list: &Value) -> BTreeSet<String> {
    list.as_array()
        .expect("a list of sources")
        .iter()
        .map(|s| file_name(s.as_str().expect("a source name")))
        .collect()
}

fn seeds(numbers: &[usize]) -> BTreeSet<String> {
    numbers.iter().map(|&i| SEEDS[i].to_string()).collect()
}

fn team_ids(record: &Value) -> BTreeSet<String> {
    record["teams"]
        .as_array()
        .expect("teams")
        .iter()
        .map(|t| t["id"].as_str().expect("team id").to_string())
        .collect()
}

fn goals_of(record: &Value, club: &str) -> u64 {
    let side = record["teams"]
        .as_array()
        .unwrap()
        .iter()
        .position(|t| t["id"] == club)
        .unwrap_or_else(|| panic!("{club} in {}", record["id"]));
    record["score"]["goals"][side].as_u64().expect("goals")
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Checks the records of a run over the five seeds.
pub fn check_seed_records(records: &[Value]) {
    let ids: Vec<&Value> = records.iter().map(|r| &r["id"]).collect();
    assert_eq!(
        records.len(),
        RESULTS.len(),
        "one record per result: {ids:?}"
    );
    for (a, ga, b, gb, sources) in RESULTS {
        let wanted: BTreeSet<String> = [a.to_string(), b.to_string()].into();
        let found: Vec<&Value> = records.iter().filter(|r| team_ids(r) == wanted).collect();
        assert_eq!(found.len(), 1, "exactly one {a}-{b} record: {ids:?}");
        let r = found[0];
        assert_eq!(goals_of(r, a), ga, "{a} goals in {}", r["id"]);
        assert_eq!(goals_of(r, b), gb, "{b} goals in {}", r["id"]);
        assert_eq!(
            names(&r["sources"]),
            seeds(sources),
            "sources of {}",
            r["id"]
        );
        assert_eq!(r["score"]["conflicts"], Value::Array(vec![]), "{}", r["id"]);
    }

    let jn = records
        .iter()
        .find(|r| team_ids(r).contains("napoli"))
        .unwrap();
    assert_eq!(jn["teams"][0]["id"], "juventus", "home side first");
    assert_eq!(jn["home"], "juventus");
    assert_eq!(jn["score"]["goals"], serde_json::json!([0, 1]));
    assert_eq!(jn["date"], "2018-04-22");
    assert_eq!(jn["date_source"], "text");
    assert_eq!(jn["venue"]["id"], "allianz-stadium");
    assert_eq!(jn["venue"]["inferred"], false);
    let conflicts = jn["conflicts"].as_array().unwrap();
    assert!(
        conflicts.iter().all(|c| c["kind"] != "score"),
        "no score conflict: {conflicts:?}"
    );
    for check in jn["checks"].as_array().unwrap() {
        assert_eq!(check["kind"], "goals", "{check}");
        assert_eq!(check["status"], "ok", "{check}");
    }

    // Koulibaly's goal, with every seed's minute.
    let goals = jn["goals"].as_array().unwrap();
    assert_eq!(goals.len(), 1, "one goal: {goals:?}");
    let goal = &goals[0];
    assert_eq!(goal["player"], "kalidou-koulibaly");
    assert_eq!(goal["team"], "napoli");
    assert_eq!(goal["consensus_minute"], 90);
    for (seed, minute) in KOULIBALY_MINUTES {
        let entry = goal["minutes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["minute"] == minute)
            .unwrap_or_else(|| panic!("minute {minute} in {goal}"));
        assert!(
            names(&entry["sources"]).contains(SEEDS[seed]),
            "{} gives {minute}: {entry}",
            SEEDS[seed]
        );
    }
    let minute_conflict = conflicts
        .iter()
        .find(|c| c["kind"] == "minute" && c["player"] == "kalidou-koulibaly")
        .expect("the minutes conflict");
    let listed: BTreeSet<u64> = minute_conflict["minutes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["value"].as_u64().unwrap())
        .collect();
    assert_eq!(listed, [89, 90, 91].into());

    // Koulibaly's quotes, printed by 000 and 001, merged.
    let quotes = jn["quotes"].as_array().unwrap();
    for opening in REPEATED_QUOTES {
        let found: Vec<&Value> = quotes
            .iter()
            .filter(|q| squash(q["text"].as_str().unwrap()).starts_with(opening))
            .collect();
        assert_eq!(found.len(), 1, "one quote `{opening}`: {quotes:?}");
        assert_eq!(found[0]["speaker"], "kalidou-koulibaly", "{}", found[0]);
        assert_eq!(names(&found[0]["sources"]), seeds(&[0, 1]), "{}", found[0]);
    }

    // A Saturday result of a round-up dated Monday.
    let roma = records
        .iter()
        .find(|r| team_ids(r).contains("roma"))
        .unwrap();
    assert_eq!(roma["date"], "2018-04-21");
    assert_eq!(roma["date_source"], "text");
}
