//! Gold sets on disk (FORMATS.md section 3) and running the pipeline on the documents they cover,
//! for `matchfacts eval` and `gazetteer diff`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::document::Document;
use crate::error::{Error, Result};
use crate::eval::{doc_name, DocFacts};
use crate::facts::Span;
use crate::output::Record;
use crate::pipeline::{Analysis, Pipeline};

/// A gold set: the gold documents of one folder (its `*.json` files, not its sub-folders).
#[derive(Debug, Clone)]
pub struct GoldSet {
    /// The folder.
    pub dir: PathBuf,
    /// Gold documents, sorted by file name.
    pub docs: Vec<DocFacts>,
}

impl GoldSet {
    /// Loads every `*.json` file of a folder.
    pub fn load(dir: &Path) -> Result<GoldSet> {
        let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
        let mut paths: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "json"))
            .collect();
        paths.sort();
        let mut docs = Vec::with_capacity(paths.len());
        for path in paths {
            let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
            let doc = DocFacts::from_json_str(&text).map_err(|e| Error::Json {
                path: path.clone(),
                line: 1,
                message: e.to_string(),
            })?;
            docs.push(doc);
        }
        if docs.is_empty() {
            return Err(Error::Invalid(format!(
                "{}: no gold files (*.json) in this folder",
                dir.display()
            )));
        }
        Ok(GoldSet {
            dir: dir.to_path_buf(),
            docs,
        })
    }
}

/// The documents of a gold set, read from a corpus folder, with their analyses.
#[derive(Debug)]
pub struct Predicted {
    /// Predictions as the scorer reads them, one per document found.
    pub facts: Vec<DocFacts>,
    /// The documents and analyses by document name (file name).
    pub docs: HashMap<String, (Document, Analysis)>,
    /// Gold documents whose text was not found in the corpus.
    pub missing: Vec<String>,
}

/// Runs the pipeline on the documents of `gold` found in `corpus` (by file name).
pub fn predict(pipeline: &Pipeline, gold: &GoldSet, corpus: &Path) -> Predicted {
    type Run = (String, Option<(Document, Analysis, DocFacts)>);
    let results: Vec<Run> = gold
        .docs
        .par_iter()
        .map(|g| {
            let name = doc_name(&g.doc).to_string();
            let path = corpus.join(&name);
            let Ok(doc) = Document::read(&path) else {
                return (name, None);
            };
            let analysis = pipeline.analyze(&doc);
            let line = Record::new(&doc, &analysis, pipeline).to_json_line();
            let facts = DocFacts::from_json_str(&line).ok();
            (name, facts.map(|f| (doc, analysis, f)))
        })
        .collect();
    let mut predicted = Predicted {
        facts: Vec::new(),
        docs: HashMap::new(),
        missing: Vec::new(),
    };
    for (name, result) in results {
        match result {
            Some((doc, analysis, facts)) => {
                predicted.facts.push(facts);
                predicted.docs.insert(name, (doc, analysis));
            }
            None => predicted.missing.push(name),
        }
    }
    predicted
}

/// The sentence around `[start, end)` of a text with its sentence layer, for error listings.
/// Offsets come from any system's predictions, so they are clamped to the text and its char
/// boundaries.
pub fn sentence_context(text: &str, sentences: &[Span], start: usize, end: usize) -> String {
    let sentence = sentences
        .iter()
        .find(|s| s.start <= start && start < s.end.max(s.start + 1))
        .map(|s| (s.start, s.end.max(end.min(text.len()))));
    let (s, e) = sentence.unwrap_or((start.saturating_sub(60), (end + 60).min(text.len())));
    let mut s = s.min(text.len());
    let mut e = e.min(text.len());
    while !text.is_char_boundary(s) {
        s -= 1;
    }
    while !text.is_char_boundary(e) {
        e += 1;
    }
    text[s..e].replace('\n', " ")
}

/// The project's two standard gold sets, relative to the project root: the seeds (`eval/gold`
/// over `corpus/`) and the BBC development set (`eval/gold/bbc` over
/// `../shared/data/bbc-sport/football`).
pub fn standard_sets(root: &Path) -> [(&'static str, PathBuf, PathBuf); 2] {
    [
        (
            "Seeds (Juventus 0-1 Napoli, 5 articles)",
            root.join("eval/gold"),
            root.join("corpus"),
        ),
        (
            "BBC Sport development set",
            root.join("eval/gold/bbc"),
            root.join("../shared/data/bbc-sport/football"),
        ),
    ]
}

/// The command that regenerates `eval/REPORT.md`.
pub const REPORT_COMMAND: &str = "cargo run --release -- eval --write-report eval/REPORT.md";

/// The accuracy report over the standard gold sets, as Markdown (deterministic: no dates or
/// timings, so a stale committed copy can be detected). A set whose corpus folder is missing is
/// reported as skipped.
pub fn report_markdown(pipeline: &Pipeline, root: &Path) -> Result<String> {
    let mut out = String::from("# matchfacts accuracy report\n\n");
    out.push_str(&format!(
        "Generated by `{REPORT_COMMAND}` from the gold files in `eval/gold/` (FORMATS.md \
         sections 3 and 4: micro-averaged over documents). Do not edit by hand: a test fails \
         when this file is stale.\n\nBoth sets are development sets: the rules and the gazetteer entries were \
         written while reading these articles, so the figures overstate accuracy on unseen \
         articles (the held-out BBC articles are scored independently).\n\n"
    ));
    for (title, gold_dir, corpus) in standard_sets(root) {
        out.push_str(&format!("## {title}\n\n"));
        let gold = GoldSet::load(&gold_dir)?;
        if !corpus.is_dir() {
            out.push_str("Skipped: the corpus folder is missing.\n\n");
            continue;
        }
        let predicted = predict(pipeline, &gold, &corpus);
        let report = crate::eval::evaluate(&gold.docs, &predicted.facts);
        out.push_str(report.to_markdown().trim_end());
        out.push_str("\n\n");
    }
    Ok(out)
}
