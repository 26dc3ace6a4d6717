//! Deterministic scale inputs for benchmarks: a large gazetteer (`bench gen-gazetteer`) and a
//! large corpus (`bench gen-corpus`), built from real data, never committed.
//!
//! The gazetteer keeps the project's real entries and adds generated people whose first names and
//! surnames come from the openfootball squad files (so diacritics and shared surnames occur at the
//! rates real squads have). The corpus is made of the real articles (seeds and the BBC files that
//! are not held out), with person names swapped for names of a generated gazetteer and a small
//! rate of misspellings, so every stage (fuzzy matching included) works as on real text.

use std::collections::{BTreeSet, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::document::Document;
use crate::error::{Error, Result};
use crate::facts::MatchKind;
use crate::gazetteer::{EntityKind, Gazetteer, GazetteerFile};
use crate::pipeline::Pipeline;

/// A small deterministic random generator (SplitMix64): the same seed gives the same output on
/// every machine.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * 1.0 < p
    }
}

/// Player names from the openfootball squad files under `root` (all three squad formats), sorted
/// and distinct.
pub fn squad_names(root: &Path) -> Result<Vec<String>> {
    let mut files = Vec::new();
    collect(root, &mut files)?;
    files.sort();
    let mut names = BTreeSet::new();
    for path in files {
        if !path.components().any(|c| c.as_os_str() == "squads") {
            continue;
        }
        let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
        for line in text.lines() {
            if let Some(name) = squad_line_name(line) {
                names.insert(name.to_string());
            }
        }
    }
    Ok(names.into_iter().collect())
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let path = entry.map_err(|e| Error::io(dir, e))?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "txt") {
            out.push(path);
        }
    }
    Ok(())
}

const POSITIONS: [&str; 4] = ["GK", "DF", "MF", "FW"];

/// The player's name on one squad line, in either openfootball layout:
/// `  4,  Ben White,   DF,   b. 1997, Brighton` or ` (2)  DF  Ahmed Al-Dosari   ## 68, ...`.
pub fn squad_line_name(line: &str) -> Option<&str> {
    let t = line.trim();
    if let Some(rest) = t.strip_prefix('(') {
        // (N)  POS  Name  ## ...
        let (number, rest) = rest.split_once(')')?;
        number.trim().parse::<u32>().ok()?;
        let rest = rest.trim_start();
        let (pos, rest) = rest.split_once(char::is_whitespace)?;
        if !POSITIONS.contains(&pos) {
            return None;
        }
        let name = rest.split("##").next()?.trim();
        return (!name.is_empty()).then_some(name);
    }
    let mut fields = t.split(',').map(str::trim);
    fields.next()?.parse::<u32>().ok()?;
    let name = fields.next()?;
    let pos = fields.next()?;
    if !POSITIONS.contains(&pos) {
        return None;
    }
    let name = name.split(" (").next()?.trim();
    (!name.is_empty()).then_some(name)
}

/// Writes a large gazetteer to `out`: the entries of `base` (a gazetteer folder) plus `people`
/// generated people (first name and surname drawn independently from `names`, role mostly
/// player, club drawn from the base's clubs). Returns the number of people written.
pub fn gen_gazetteer(
    base: &Path,
    names: &[String],
    people: usize,
    seed: u64,
    out: &Path,
) -> Result<usize> {
    let gazetteer = Gazetteer::load(base)?;
    let (firsts, lasts) = split_names(names);
    if firsts.is_empty() || lasts.is_empty() {
        return Err(Error::Invalid(
            "no squad names to generate people from".to_string(),
        ));
    }
    let clubs: Vec<&str> = gazetteer
        .entities()
        .iter()
        .filter(|e| e.kind == EntityKind::Club)
        .map(|e| e.id.as_str())
        .collect();
    std::fs::create_dir_all(out).map_err(|e| Error::io(out, e))?;
    for file in [GazetteerFile::Clubs, GazetteerFile::Stadiums] {
        let from = base.join(file.file_name());
        let to = out.join(file.file_name());
        std::fs::copy(&from, &to).map_err(|e| Error::io(&from, e))?;
    }
    let from = base.join(GazetteerFile::People.file_name());
    let mut text = std::fs::read_to_string(&from).map_err(|e| Error::io(&from, e))?;
    if !text.ends_with('\n') {
        text.push('\n');
    }
    let mut ids: HashSet<String> = gazetteer.entities().iter().map(|e| e.id.clone()).collect();
    let mut rng = Rng::new(seed);
    let mut written = 0;
    while written < people {
        let name = format!(
            "{} {}",
            firsts[rng.below(firsts.len())],
            lasts[rng.below(lasts.len())]
        );
        let mut id = format!("gen-{}", crate::gazetteer::slug(&name));
        if ids.contains(&id) {
            id = format!("{id}-{written}");
        }
        ids.insert(id.clone());
        let role = match rng.below(100) {
            0..=1 => "referee",
            2..=5 => "coach",
            _ => "player",
        };
        let club = if role == "referee" {
            ""
        } else {
            clubs[rng.below(clubs.len())]
        };
        let _ = writeln!(text, "{id}\t{name}\t\t{role}\t{club}\t");
        written += 1;
    }
    let to = out.join(GazetteerFile::People.file_name());
    std::fs::write(&to, text).map_err(|e| Error::io(&to, e))?;
    Ok(written)
}

/// First names and surnames of full names (one-word names are skipped).
fn split_names(names: &[String]) -> (Vec<&str>, Vec<&str>) {
    let mut firsts = BTreeSet::new();
    let mut lasts = BTreeSet::new();
    for name in names {
        if let Some(surname) = crate::gazetteer::derived_surname(name) {
            let first = name[..name.len() - surname.len()].trim();
            if first.split_whitespace().count() == 1 && !first.contains('.') {
                firsts.insert(first);
                lasts.insert(surname);
            }
        }
    }
    (firsts.into_iter().collect(), lasts.into_iter().collect())
}

/// Writes about `mb` megabytes of articles to `out` (`000000.txt`, ...): each a real article
/// from `sources` with every person mention replaced by a person of `gazetteer` (full name for a
/// full name, surname for a surname) and, at `misspell_rate`, one letter of the new name dropped
/// or swapped. Returns (documents, bytes).
pub fn gen_corpus(
    pipeline: &Pipeline,
    sources: &[Document],
    mb: f64,
    seed: u64,
    misspell_rate: f64,
    out: &Path,
) -> Result<(usize, usize)> {
    if sources.is_empty() {
        return Err(Error::Invalid(
            "no source articles for the corpus".to_string(),
        ));
    }
    let people: Vec<&crate::gazetteer::Entity> = pipeline
        .gazetteer()
        .entities()
        .iter()
        .filter(|e| e.kind.is_person() && e.surname().is_some())
        .collect();
    if people.is_empty() {
        return Err(Error::Invalid("the gazetteer has no people".to_string()));
    }
    let analyses: Vec<_> = sources.iter().map(|d| pipeline.analyze(d)).collect();
    std::fs::create_dir_all(out).map_err(|e| Error::io(out, e))?;
    let target = (mb * 1e6) as usize;
    let mut rng = Rng::new(seed);
    let (mut docs, mut bytes) = (0usize, 0usize);
    while bytes < target {
        let k = rng.below(sources.len());
        let (doc, analysis) = (&sources[k], &analyses[k]);
        let mut text = String::with_capacity(doc.text.len() + 64);
        let mut last = 0;
        for m in &analysis.mentions {
            if !m.kind.is_person() {
                continue;
            }
            text.push_str(&doc.text[last..m.start]);
            let person = people[rng.below(people.len())];
            let mut name = match m.match_kind {
                MatchKind::Surname => person.surname().unwrap_or(&person.name).to_string(),
                _ => person.name.clone(),
            };
            if rng.chance(misspell_rate) {
                misspell(&mut name, &mut rng);
            }
            text.push_str(&name);
            last = m.end;
        }
        text.push_str(&doc.text[last..]);
        let path = out.join(format!("{docs:06}.txt"));
        std::fs::write(&path, &text).map_err(|e| Error::io(&path, e))?;
        docs += 1;
        bytes += text.len();
    }
    Ok((docs, bytes))
}

/// Drops or swaps one letter inside the last word of a name (never its first letter).
fn misspell(name: &mut String, rng: &mut Rng) {
    let start = name.rfind(' ').map_or(0, |i| i + 1);
    let chars: Vec<(usize, char)> = name[start..]
        .char_indices()
        .map(|(i, c)| (start + i, c))
        .collect();
    if chars.len() < 5 {
        return;
    }
    let i = 1 + rng.below(chars.len() - 2);
    let (at, c) = chars[i];
    if rng.chance(0.5) {
        name.replace_range(at..at + c.len_utf8(), "");
    } else {
        let (next_at, next) = chars[i + 1];
        let swapped = format!("{next}{c}");
        name.replace_range(at..next_at + next.len_utf8(), &swapped);
    }
}

/// The real articles a corpus is generated from: the `*.txt` files of `seeds` and of `bbc`,
/// leaving out every file `heldout` lists.
pub fn source_articles(seeds: &Path, bbc: &Path, heldout: &Path) -> Result<Vec<Document>> {
    let held: HashSet<String> = match std::fs::read_to_string(heldout) {
        Ok(text) => text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_string)
            .collect(),
        Err(_) => HashSet::new(),
    };
    let mut docs = Vec::new();
    for dir in [seeds, bbc] {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for path in paths {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if !name.ends_with(".txt") || held.contains(name) {
                continue;
            }
            docs.push(Document::read(&path)?);
        }
    }
    Ok(docs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn squad_lines() {
        let cases: &[(&str, &str, Option<&str>)] = &[
            (
                "club_layout",
                "  4,  Ben White,    DF,   b. 1997,   Brighton & HA",
                Some("Ben White"),
            ),
            (
                "club_layout_country",
                " 22,  David Raya (ESP),   GK,   b. 1995,   Brentford",
                Some("David Raya"),
            ),
            (
                "cup_layout",
                " (2)  DF  Ahmed Dokhi Al-Dosari    ##   68, Al-Ittihad (KSA)",
                Some("Ahmed Dokhi Al-Dosari"),
            ),
            (
                "euro_layout",
                "  1,  Wojciech Szczęsny,   GK,     53/0  , b. 1990,  Juventus",
                Some("Wojciech Szczęsny"),
            ),
            (
                "heading",
                "=  Arsenal FC - English Premier League 2023/24",
                None,
            ),
            ("comment", "#   - 23 players", None),
        ];
        for (name, line, expected) in cases {
            assert_eq!(squad_line_name(line), *expected, "case {name}");
        }
    }

    #[test]
    fn rng_is_deterministic() {
        let a: Vec<u64> = (0..3).map(|_| Rng::new(7).next_u64()).collect();
        assert!(a.windows(2).all(|w| w[0] == w[1]));
        let mut r = Rng::new(7);
        assert!((0..1000).all(|_| r.below(10) < 10));
    }

    #[test]
    fn misspellings_change_the_name_but_not_its_first_letter() {
        let mut rng = Rng::new(1);
        for _ in 0..50 {
            let mut name = "Stephan Lichtsteiner".to_string();
            misspell(&mut name, &mut rng);
            assert_ne!(name, "Stephan Lichtsteiner");
            assert!(name.starts_with("Stephan L"));
        }
    }
}
