//! `gazetteer diff OLD NEW`: what an edit did, for review before committing it.
//!
//! - entries added, removed and changed (by id, field by field);
//! - on a corpus, the mentions that appear, disappear or change (id, ambiguity, match kind or
//!   span), each with its context: mentions are paired by identical span first, then overlapping
//!   spans one-to-one in document order; what is left appears or disappears;
//! - on a gold set, every layer's F1 before and after (FORMATS.md section 4).

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use crate::document::Document;
use crate::error::{Error, Result};
use crate::eval::{evaluate, Counts, Layer};
use crate::facts::Mention;
use crate::gazetteer::{Entity, Gazetteer};
use crate::gold::{predict, GoldSet};
use crate::pipeline::Pipeline;

use super::one_line;

/// What happened to an entry or a mention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    /// Only in the new gazetteer / output.
    Added,
    /// Only in the old one.
    Removed,
    /// In both, different.
    Changed,
}

impl Change {
    fn sign(self) -> char {
        match self {
            Change::Added => '+',
            Change::Removed => '-',
            Change::Changed => '~',
        }
    }
}

/// One field that differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    /// The column (`aliases`, `role`, `club` ...).
    pub field: &'static str,
    /// The old value (`|`-joined for lists).
    pub before: String,
    /// The new value.
    pub after: String,
}

/// An entry added, removed or changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntryChange {
    /// What happened.
    pub change: Change,
    /// The entry's id.
    pub id: String,
    /// Its type (the new one for a changed entry).
    #[serde(rename = "type")]
    pub kind: crate::gazetteer::EntityKind,
    /// Its name (the new one for a changed entry).
    pub name: String,
    /// `file:line` of the row (the new file's, the old one's for a removed entry).
    pub at: String,
    /// The fields that differ (changed entries only).
    pub fields: Vec<FieldChange>,
}

fn fields(e: &Entity) -> [(&'static str, String); 9] {
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    [
        ("name", e.name.clone()),
        ("aliases", e.aliases.join("|")),
        ("type", e.kind.as_str().to_string()),
        ("club", opt(&e.club)),
        ("nationality", opt(&e.nationality)),
        ("city", opt(&e.city)),
        ("country", opt(&e.country)),
        ("stadium", opt(&e.stadium)),
        ("clubs", e.clubs.join("|")),
    ]
}

fn at(e: &Entity) -> String {
    format!("{}:{}", e.file.file_name(), e.line)
}

/// Entries added, removed and changed between two gazetteers: added and changed in the new
/// files' order, then removed in the old files' order.
pub fn diff_entries(old: &Gazetteer, new: &Gazetteer) -> Vec<EntryChange> {
    let mut out = Vec::new();
    for e in new.entities() {
        match old.get(&e.id) {
            None => out.push(EntryChange {
                change: Change::Added,
                id: e.id.clone(),
                kind: e.kind,
                name: e.name.clone(),
                at: at(e),
                fields: Vec::new(),
            }),
            Some(o) => {
                let changed: Vec<FieldChange> = fields(o)
                    .into_iter()
                    .zip(fields(e))
                    .filter(|((_, a), (_, b))| a != b)
                    .map(|((field, before), (_, after))| FieldChange {
                        field,
                        before,
                        after,
                    })
                    .collect();
                if !changed.is_empty() {
                    out.push(EntryChange {
                        change: Change::Changed,
                        id: e.id.clone(),
                        kind: e.kind,
                        name: e.name.clone(),
                        at: at(e),
                        fields: changed,
                    });
                }
            }
        }
    }
    for o in old.entities() {
        if new.get(&o.id).is_none() {
            out.push(EntryChange {
                change: Change::Removed,
                id: o.id.clone(),
                kind: o.kind,
                name: o.name.clone(),
                at: at(o),
                fields: Vec::new(),
            });
        }
    }
    out
}

/// A mention as one side of a diff.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MentionSide {
    /// Start byte offset.
    pub start: usize,
    /// End byte offset.
    pub end: usize,
    /// The text.
    pub text: String,
    /// The id, `null` when ambiguous.
    pub id: Option<String>,
    /// The candidate ids of an ambiguous mention.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub candidates: Vec<String>,
    /// How it was matched.
    #[serde(rename = "match")]
    pub match_kind: crate::facts::MatchKind,
}

impl MentionSide {
    fn new(m: &Mention, text: &str, gazetteer: &Gazetteer) -> MentionSide {
        let id_of = |i: u32| gazetteer.entities()[i as usize].id.clone();
        MentionSide {
            start: m.start,
            end: m.end,
            text: text[m.start..m.end].to_string(),
            id: m.entity.map(id_of),
            candidates: m.candidates.iter().map(|&c| id_of(c)).collect(),
            match_kind: m.match_kind,
        }
    }

    fn label(&self) -> String {
        let who = match &self.id {
            Some(id) => id.clone(),
            None => format!("ambiguous ({})", self.candidates.join("|")),
        };
        format!("{who} ({})", self.match_kind.as_str())
    }

    fn same_facts(&self, other: &MentionSide) -> bool {
        self.start == other.start
            && self.end == other.end
            && self.id == other.id
            && self.candidates == other.candidates
            && self.match_kind == other.match_kind
    }
}

/// A mention that appears, disappears or changes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MentionChange {
    /// The document, as named when read.
    pub doc: String,
    /// Added (appears), removed (disappears) or changed.
    pub change: Change,
    /// The old mention.
    pub before: Option<MentionSide>,
    /// The new mention.
    pub after: Option<MentionSide>,
    /// The text around it, the mention in `[` `]`.
    pub context: String,
}

/// The mention changes on a set of documents, in document then offset order.
pub fn diff_mentions(old: &Pipeline, new: &Pipeline, docs: &[Document]) -> Vec<MentionChange> {
    docs.par_iter()
        .map(|doc| {
            let sentences = old.sentences(doc);
            let side = |p: &Pipeline| -> Vec<MentionSide> {
                p.mentions(&doc.text, &sentences)
                    .iter()
                    .map(|m| MentionSide::new(m, &doc.text, p.gazetteer()))
                    .collect()
            };
            let (before, after) = (side(old), side(new));
            pair(doc, before, after)
        })
        .collect::<Vec<_>>()
        .into_iter()
        .flatten()
        .collect()
}

fn pair(doc: &Document, before: Vec<MentionSide>, after: Vec<MentionSide>) -> Vec<MentionChange> {
    let mut used_after = vec![false; after.len()];
    let mut partner: Vec<Option<usize>> = vec![None; before.len()];
    for (i, b) in before.iter().enumerate() {
        if let Some(j) = (0..after.len())
            .find(|&j| !used_after[j] && after[j].start == b.start && after[j].end == b.end)
        {
            partner[i] = Some(j);
            used_after[j] = true;
        }
    }
    for (i, b) in before.iter().enumerate() {
        if partner[i].is_some() {
            continue;
        }
        if let Some(j) = (0..after.len())
            .find(|&j| !used_after[j] && after[j].start < b.end && b.start < after[j].end)
        {
            partner[i] = Some(j);
            used_after[j] = true;
        }
    }
    let context = |s: usize, e: usize| marked_context(&doc.text, s, e);
    let mut out: Vec<(usize, MentionChange)> = Vec::new();
    for (i, b) in before.iter().enumerate() {
        match partner[i] {
            Some(j) if b.same_facts(&after[j]) => {}
            Some(j) => {
                let a = &after[j];
                out.push((
                    b.start.min(a.start),
                    MentionChange {
                        doc: doc.name.clone(),
                        change: Change::Changed,
                        context: context(a.start.min(b.start), a.end.max(b.end)),
                        before: Some(b.clone()),
                        after: Some(a.clone()),
                    },
                ));
            }
            None => out.push((
                b.start,
                MentionChange {
                    doc: doc.name.clone(),
                    change: Change::Removed,
                    context: context(b.start, b.end),
                    before: Some(b.clone()),
                    after: None,
                },
            )),
        }
    }
    for (j, a) in after.iter().enumerate() {
        if !used_after[j] {
            out.push((
                a.start,
                MentionChange {
                    doc: doc.name.clone(),
                    change: Change::Added,
                    context: context(a.start, a.end),
                    before: None,
                    after: Some(a.clone()),
                },
            ));
        }
    }
    out.sort_by_key(|(start, c)| (*start, c.change));
    out.into_iter().map(|(_, c)| c).collect()
}

/// Up to 60 bytes either side of `[start, end)`, with the span in brackets, on one line.
fn marked_context(text: &str, start: usize, end: usize) -> String {
    let mut s = start.saturating_sub(60);
    let mut e = (end + 60).min(text.len());
    while !text.is_char_boundary(s) {
        s -= 1;
    }
    while !text.is_char_boundary(e) {
        e += 1;
    }
    let dots = |cut: bool| if cut { "..." } else { "" };
    format!(
        "{}{}[{}]{}{}",
        dots(s > 0),
        one_line_keep_edges(&text[s..start]),
        one_line(&text[start..end]),
        one_line_keep_edges(&text[end..e]),
        dots(e < text.len())
    )
}

/// Whitespace runs to single spaces, keeping a space at either edge.
fn one_line_keep_edges(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    if space {
        out.push(' ');
    }
    out
}

/// One layer's figures before and after.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LayerDelta {
    /// The layer.
    pub layer: Layer,
    /// With the old gazetteer.
    pub before: Counts,
    /// With the new gazetteer.
    pub after: Counts,
}

impl Serialize for LayerDelta {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let counts = |c: Counts| {
            serde_json::json!({"tp": c.tp, "fp": c.fp, "fn": c.fn_, "precision": c.precision(),
                "recall": c.recall(), "f1": c.f1()})
        };
        serde_json::json!({
            "layer": self.layer.as_str(),
            "before": counts(self.before),
            "after": counts(self.after),
            "f1_change": self.after.f1() - self.before.f1(),
        })
        .serialize(s)
    }
}

/// The gold comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoldDiff {
    /// The gold folder.
    pub dir: String,
    /// Gold documents scored.
    pub documents: usize,
    /// Gold documents whose text was not in the corpus folder (scored as all missed).
    pub missing: Vec<String>,
    /// Every layer, in [`Layer::ALL`] order.
    pub layers: Vec<LayerDelta>,
}

/// Scores both pipelines on a gold set whose documents are read from `corpus`.
pub fn diff_gold(old: &Pipeline, new: &Pipeline, gold: &GoldSet, corpus: &Path) -> GoldDiff {
    let before_run = predict(old, gold, corpus);
    let after_run = predict(new, gold, corpus);
    let before = evaluate(&gold.docs, &before_run.facts);
    let after = evaluate(&gold.docs, &after_run.facts);
    GoldDiff {
        dir: gold.dir.display().to_string(),
        documents: before.documents_scored(),
        missing: before_run.missing,
        layers: Layer::ALL
            .iter()
            .map(|&layer| LayerDelta {
                layer,
                before: before.overall.get(layer),
                after: after.overall.get(layer),
            })
            .collect(),
    }
}

/// Compares two gazetteer folders; with a corpus (files or a folder), the mentions there; with a
/// gold folder, every layer's F1 on it, reading the gold documents from `corpus` (default
/// `corpus/`, which must then be a folder). Returns the report and the documents that could not
/// be read.
pub fn diff_dirs(
    old_dir: &Path,
    new_dir: &Path,
    corpus: Option<&Path>,
    gold: Option<&Path>,
) -> Result<(GazetteerDiff, Vec<Error>)> {
    let old = Gazetteer::load(old_dir)?;
    let new = Gazetteer::load(new_dir)?;
    let entries = diff_entries(&old, &new);
    let corpus: Option<PathBuf> = corpus
        .map(Path::to_path_buf)
        .or_else(|| gold.map(|_| PathBuf::from("corpus")));
    let mut report = GazetteerDiff {
        old: old_dir.display().to_string(),
        new: new_dir.display().to_string(),
        entries,
        documents: 0,
        mentions: None,
        gold: None,
    };
    let Some(corpus) = corpus else {
        return Ok((report, Vec::new()));
    };
    let gold = match gold {
        Some(dir) => {
            if !corpus.is_dir() {
                return Err(Error::Invalid(format!(
                    "--gold needs a corpus folder holding the gold documents: {} is not a folder",
                    corpus.display()
                )));
            }
            Some(GoldSet::load(dir)?)
        }
        None => None,
    };
    let old = Pipeline::new(old)?;
    let new = Pipeline::new(new)?;
    // The corpus a part at a time: only the changes are kept.
    let mut mentions = Vec::new();
    let mut errors = Vec::new();
    report.documents = super::for_each_part(
        std::slice::from_ref(&corpus),
        |docs| mentions.extend(diff_mentions(&old, &new, docs)),
        |e| errors.push(e),
    );
    report.mentions = Some(mentions);
    report.gold = gold.map(|g| diff_gold(&old, &new, &g, &corpus));
    Ok((report, errors))
}

/// Everything `gazetteer diff` reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GazetteerDiff {
    /// The old folder.
    pub old: String,
    /// The new folder.
    pub new: String,
    /// Entries added, removed and changed.
    pub entries: Vec<EntryChange>,
    /// Documents compared (0 without a corpus).
    pub documents: usize,
    /// Mention changes on the corpus (`None` without a corpus).
    pub mentions: Option<Vec<MentionChange>>,
    /// F1 before and after (`None` without gold).
    pub gold: Option<GoldDiff>,
}

impl GazetteerDiff {
    /// The report as text.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let count = |items: &[Change], c: Change| items.iter().filter(|&&x| x == c).count();
        let kinds: Vec<Change> = self.entries.iter().map(|e| e.change).collect();
        out.push_str(&format!(
            "entries {} -> {}: {} added, {} removed, {} changed\n",
            self.old,
            self.new,
            count(&kinds, Change::Added),
            count(&kinds, Change::Removed),
            count(&kinds, Change::Changed)
        ));
        for e in &self.entries {
            out.push_str(&format!(
                "  {} {} {} \"{}\" ({})",
                e.change.sign(),
                e.kind,
                e.id,
                e.name,
                e.at
            ));
            let changes: Vec<String> = e
                .fields
                .iter()
                .map(|f| format!("{} \"{}\" -> \"{}\"", f.field, f.before, f.after))
                .collect();
            if !changes.is_empty() {
                out.push_str(&format!(": {}", changes.join("; ")));
            }
            out.push('\n');
        }
        if let Some(mentions) = &self.mentions {
            let kinds: Vec<Change> = mentions.iter().map(|m| m.change).collect();
            out.push_str(&format!(
                "mentions on {} documents: {} appear, {} disappear, {} change\n",
                self.documents,
                count(&kinds, Change::Added),
                count(&kinds, Change::Removed),
                count(&kinds, Change::Changed)
            ));
            for m in mentions {
                let span = m.after.as_ref().or(m.before.as_ref()).expect("a side");
                let what = match (&m.before, &m.after) {
                    (Some(b), Some(a)) => {
                        let text = if b.text == a.text {
                            format!("\"{}\"", a.text)
                        } else {
                            format!("\"{}\" -> \"{}\"", b.text, a.text)
                        };
                        format!("{text} {} -> {}", b.label(), a.label())
                    }
                    (Some(s), None) | (None, Some(s)) => format!("\"{}\" {}", s.text, s.label()),
                    (None, None) => String::new(),
                };
                out.push_str(&format!(
                    "  {} {}:{}: {what}\n      {}\n",
                    m.change.sign(),
                    m.doc,
                    span.start,
                    m.context
                ));
            }
        }
        if let Some(gold) = &self.gold {
            out.push_str(&format!(
                "gold {} ({} documents): F1 before -> after\n",
                gold.dir, gold.documents
            ));
            for name in &gold.missing {
                out.push_str(&format!("  (missing from the corpus: {name})\n"));
            }
            for l in &gold.layers {
                let (b, a) = (l.before.f1(), l.after.f1());
                let delta = a - b;
                let change = if delta.abs() < 5e-4 {
                    "=".to_string()
                } else {
                    format!("{delta:+.3}")
                };
                out.push_str(&format!(
                    "  {:<27} {b:.3} -> {a:.3}  {change:<7} (tp {} fp {} fn {} -> tp {} fp {} fn {})\n",
                    l.layer.as_str(),
                    l.before.tp,
                    l.before.fp,
                    l.before.fn_,
                    l.after.tp,
                    l.after.fp,
                    l.after.fn_
                ));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLUBS: &str = "id\tname\taliases\tcity\tcountry\tstadium\n\
        chelsea\tChelsea\t\tLondon\tEngland\t\n\
        fulham\tFulham\t\tLondon\tEngland\t\n";
    const STADIUMS: &str = "id\tname\taliases\tcity\tclubs\n";

    fn gazetteer(people_rows: &str) -> Gazetteer {
        let people = format!("id\tname\taliases\trole\tclub\tnationality\n{people_rows}");
        Gazetteer::from_texts(
            (Path::new("people.tsv"), &people),
            (Path::new("clubs.tsv"), CLUBS),
            (Path::new("stadiums.tsv"), STADIUMS),
        )
        .unwrap()
    }

    #[test]
    fn entry_changes() {
        let old = gazetteer(
            "ashley-cole\tAshley Cole\t\tplayer\tchelsea\t\nx-y\tXavier Yelp\t\tplayer\t\t\n",
        );
        let new = gazetteer(
            "ashley-cole\tAshley Cole\tA Cole\tplayer\tchelsea\t\njoe-cole\tJoe Cole\t\tplayer\tchelsea\t\n",
        );
        let got: Vec<String> = diff_entries(&old, &new)
            .iter()
            .map(|e| {
                let f: Vec<String> = e
                    .fields
                    .iter()
                    .map(|f| format!("{}:{}>{}", f.field, f.before, f.after))
                    .collect();
                format!("{:?} {} {} {}", e.change, e.id, e.at, f.join(","))
            })
            .collect();
        assert_eq!(
            got,
            [
                "Changed ashley-cole people.tsv:2 aliases:>A Cole",
                "Added joe-cole people.tsv:3 ",
                "Removed x-y people.tsv:3 ",
            ]
        );
    }

    #[test]
    fn mention_changes() {
        let old =
            Pipeline::new(gazetteer("ashley-cole\tAshley Cole\t\tplayer\tchelsea\t\n")).unwrap();
        let new = Pipeline::new(gazetteer(
            "ashley-cole\tAshley Cole\t\tplayer\tchelsea\t\njoe-cole\tJoe Cole\t\tplayer\tfulham\t\nmo-salah\tMo Salah\t\tplayer\t\t\n",
        ))
        .unwrap();
        let doc = Document::new(
            "d.txt",
            "Ashley Cole played. Later Joe Cole scored for Fulham. Salah watched.",
        );
        let changes = diff_mentions(&old, &new, &[doc]);
        let got: Vec<String> = changes
            .iter()
            .map(|c| {
                format!(
                    "{:?} {} {}",
                    c.change,
                    c.before
                        .as_ref()
                        .map_or("-".into(), |m| format!("{}={}", m.text, m.label())),
                    c.after
                        .as_ref()
                        .map_or("-".into(), |m| format!("{}={}", m.text, m.label()))
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                "Added - Joe Cole=joe-cole (exact)",
                "Added - Salah=mo-salah (surname)",
            ],
            "{changes:#?}"
        );
        assert!(changes[0].context.contains("Later [Joe Cole] scored"));
    }

    #[test]
    fn pairing_overlaps_as_changes() {
        let doc = Document::new("d.txt", "Joe Cole scored.");
        let side = |start, end, id: &str| MentionSide {
            start,
            end,
            text: doc.text[start..end].to_string(),
            id: Some(id.to_string()),
            candidates: Vec::new(),
            match_kind: crate::facts::MatchKind::Surname,
        };
        let changes = pair(
            &doc,
            vec![side(4, 8, "ashley-cole")],
            vec![side(0, 8, "joe-cole")],
        );
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].change, Change::Changed);
        assert_eq!(changes[0].context, "[Joe Cole] scored.");
    }
}
