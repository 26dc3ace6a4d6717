//! English Golden Rules for sentence boundaries (from pySBD), read at run time from
//! `shared/data/golden-rules-en.json` beside the project.

use std::path::{Path, PathBuf};

use matchfacts::segment::Segmenter;

/// Minimum number of the 48 cases that must come out exactly right.
const REQUIRED: usize = 44;

/// The golden-rules file: `../shared` beside the crate (the project layout), else
/// `../../shared` (a scratch crate one level deeper).
fn golden_path() -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    [
        "../shared/data/golden-rules-en.json",
        "../../shared/data/golden-rules-en.json",
    ]
    .iter()
    .map(|rel| root.join(rel))
    .find(|p| p.is_file())
}

#[test]
fn golden_rules_en() {
    let Some(path) = golden_path() else {
        println!("SKIP golden_rules_en: golden-rules-en.json not found in ../shared/data or ../../shared/data");
        return;
    };
    let raw = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let cases: Vec<serde_json::Value> = serde_json::from_str(&raw)
        .unwrap_or_else(|e| panic!("cannot parse {}: {e}", path.display()));
    let seg = Segmenter::new();
    let mut passed = 0;
    for (n, case) in cases.iter().enumerate() {
        let input = case["input"].as_str().unwrap_or_default();
        let expected: Vec<&str> = case["expected"]
            .as_array()
            .map(|a| a.iter().filter_map(|v| v.as_str()).map(str::trim).collect())
            .unwrap_or_default();
        let got: Vec<&str> = seg
            .split(input)
            .iter()
            .map(|s| input[s.start..s.end].trim())
            .collect();
        if got == expected {
            passed += 1;
        } else {
            println!(
                "FAIL case {}: {input:?}\n  expected {expected:?}\n  got      {got:?}",
                n + 1
            );
        }
    }
    println!("golden rules: {passed}/{} exact", cases.len());
    assert!(
        passed >= REQUIRED,
        "golden rules: {passed}/{} exact, need at least {REQUIRED}",
        cases.len()
    );
}
