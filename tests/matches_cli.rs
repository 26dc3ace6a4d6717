//! `matchfacts matches` end to end: the real binary on the seed corpus, compared as parsed JSON.

mod matches_expect;

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_matchfacts"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .expect("run matchfacts")
}

fn records(output: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

#[test]
fn seed_corpus_gives_the_issue_records() {
    let out = run(&["matches"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    matches_expect::check_seed_records(&records(&out));
}

#[test]
fn seed_corpus_as_text() {
    let out = run(&["matches", "corpus", "--format", "text"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let first = text.lines().next().unwrap_or_default();
    assert_eq!(first, matches_expect::JUVENTUS_NAPOLI_LINE);
    assert!(text.contains("Lazio 4-0 Sampdoria"), "{text}");
}

#[test]
fn runs_on_any_folder_and_reports_missing_paths() {
    // Whatever the extractors find, every line is a record and the text form is not empty
    // when there are records.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        "date 2018-04-23 Napoli beat Juventus 1-0 on Sunday, Koulibaly heading the winner in \
         the 89th minute.",
    )
    .unwrap();
    let gazetteers = Path::new(env!("CARGO_MANIFEST_DIR")).join("gazetteers");
    let folder = dir.path().to_str().unwrap();
    let out = run(&[
        "matches",
        folder,
        "--gazetteer",
        gazetteers.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for r in records(&out) {
        assert!(
            r["sources"].as_array().is_some_and(|s| !s.is_empty()),
            "{r}"
        );
        assert!(r["teams"].as_array().is_some_and(|t| t.len() == 2), "{r}");
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("1 documents"), "{stderr}");

    let out = run(&["matches", "no/such/folder"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no/such/folder"));

    let out = run(&["matches", "--format", "yaml"]);
    assert_eq!(out.status.code(), Some(2), "clap refuses an unknown format");
}

/// `--jobs` sets the worker threads as for `extract`: the records do not depend on it, and zero
/// threads is refused.
#[test]
fn jobs_do_not_change_the_records() {
    let default = run(&["matches"]);
    assert!(default.status.success());
    for jobs in ["1", "2", "3"] {
        let out = run(&["matches", "--jobs", jobs]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(records(&out), records(&default), "--jobs {jobs}");
    }
    let out = run(&["matches", "-j", "0"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--jobs must be at least 1, got 0"));
}
