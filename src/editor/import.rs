//! `gazetteer import openfootball FILE...`: clubs and stadiums from openfootball club files
//! (`../shared/data/openfootball/clubs/`), merged into `clubs.tsv` and `stadiums.tsv`.
//!
//! # The format read
//! ```text
//! =  England                                          <- country heading (one `=`)
//! == Lazio ==                                         <- region heading (ignored)
//! Arsenal FC, 1886, @ Emirates Stadium, London (Highbury)   ## comment
//!   | Arsenal | FC Arsenal                             <- alternative names of the club above
//!   | Woolwich Arsenal FC  # old name before season 1914/5
//! Thames AFC (1928-1932),  London                     <- a club that no longer exists
//!   | AS Rom [de]                                      <- a name in another language
//! ```
//! A club line is `Name[ (from-to)], [founded,] [@ Stadium,] City[ (district)][ › Region]`;
//! `#` starts a comment (after whitespace or at the start of a line).
//!
//! # Judgement calls
//! - **Names.** A trailing `FC`/`AFC`/`F.C.`/`A.F.C.` and a leading `FC` are dropped from the
//!   name (`Arsenal FC` -> `Arsenal`, `FC Halifax Town` -> `Halifax Town`); a leading `AFC` is
//!   kept, it is how the English press names those clubs (`AFC Wimbledon`, `AFC Bournemouth`).
//!   Ids follow `gazetteer add`.
//! - **Merging.** A club is the existing club whose name or alias equals its name, else one of its
//!   alternative names, else whose id equals the id it would get. A club matching several existing
//!   clubs is skipped and reported. Merging adds aliases and fills *empty* city, country and
//!   stadium fields; it never overwrites a value an editor wrote.
//! - **Historical names are not imported by default.** Alternative names marked `old name`
//!   (`Woolwich Arsenal`, `Newton Heath`, `Small Heath`) name the club at another time, and clubs
//!   with a closing year (`Thames AFC (1928-1932)`) no longer exist; match reports of the
//!   gazetteers' era do not use them, and as aliases they would only add ambiguity. They are
//!   still used to *find* the existing club, and `--historical` imports them.
//! - **Aliases left out**, each reported with its reason: names tagged with another language
//!   (`[de]`); table abbreviations with a full stop (`Man. United`, `Charlton Ath.`, `St.` aside);
//!   variants that are the name with or without FC/"Football Club" (`FC Arsenal`, `Arsenal
//!   Football Club`); forms another entity already carries (name, alias or derived surname:
//!   `Sutton` is Chris Sutton's surname); common English words (`data/common-words.txt`,
//!   `data/risky-aliases.txt`); one-word forms that are part of another club's name (`Albion`).
//! - **Stadiums.** openfootball gives today's ground; a club's `stadium` column holds the ground
//!   of the gazetteers' era (CONVENTIONS.md). So a known stadium (same name or alias, same city)
//!   is linked, an unknown one becomes a new row only when the club has no stadium yet, and when
//!   the club already has a different one it is kept and the difference reported (a rename or a
//!   move: an editor decides).

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::{Error, Problem, Result};
use crate::fold::fold;
use crate::gazetteer::{EntityKind, GazetteerFile, GazetteerTexts};

use super::add::{generate_id, NewEntry};
use super::tsv::TsvEdit;
use super::{club_base_name, slug, write_atomically, FormIndex, FormKind, RiskyWords};

/// An alternative name of an openfootball club.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OfAlt {
    /// The name.
    pub text: String,
    /// Its line.
    pub line: usize,
    /// Marked `old name` in a comment.
    pub historical: bool,
    /// The language tag (`de` for `AS Rom [de]`).
    pub language: Option<String>,
}

/// One club of an openfootball club file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OfClub {
    /// The file.
    pub path: PathBuf,
    /// The club line's number.
    pub line: usize,
    /// The name as written, without the year range (`Arsenal FC`).
    pub raw_name: String,
    /// The name to use (`Arsenal`).
    pub name: String,
    /// Year founded, when given.
    pub founded: Option<u32>,
    /// The closing year of a club that no longer exists.
    pub dissolved: Option<u32>,
    /// The ground (`@ ...`).
    pub stadium: Option<String>,
    /// The city, without district and region.
    pub city: Option<String>,
    /// The country of the file's `= Country` heading.
    pub country: Option<String>,
    /// Alternative names.
    pub alts: Vec<OfAlt>,
}

/// Parses an openfootball club file. A `|` line before any club is an error naming its line.
pub fn parse_openfootball(path: &Path, text: &str) -> Result<Vec<OfClub>> {
    let mut clubs: Vec<OfClub> = Vec::new();
    let mut country: Option<String> = None;
    for (i, raw) in text.lines().enumerate() {
        let number = i + 1;
        let (content, comment) = split_comment(raw);
        let historical = comment.to_lowercase().contains("old name");
        let trimmed = content.trim();
        if trimmed.is_empty() {
            continue;
        }
        if trimmed.starts_with('=') {
            let level = trimmed.chars().take_while(|&c| c == '=').count();
            let title = trimmed.trim_matches('=').trim();
            if level == 1 && !title.is_empty() {
                country = Some(title.to_string());
            }
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix('|') {
            let Some(club) = clubs.last_mut() else {
                return Err(Error::Gazetteer(vec![Problem {
                    path: path.to_path_buf(),
                    line: number,
                    message: format!("alternative names `{trimmed}` before any club"),
                }]));
            };
            for part in rest.split('|') {
                let (name, language) = language_tag(part.trim());
                if !name.is_empty() {
                    club.alts.push(OfAlt {
                        text: collapse(name),
                        line: number,
                        historical,
                        language,
                    });
                }
            }
            continue;
        }
        let fields: Vec<&str> = trimmed
            .split(',')
            .map(str::trim)
            .filter(|f| !f.is_empty())
            .collect();
        let (raw_name, founded_range, dissolved) = year_range(fields[0]);
        let mut club = OfClub {
            path: path.to_path_buf(),
            line: number,
            name: display_name(&raw_name),
            raw_name,
            founded: founded_range,
            dissolved,
            stadium: None,
            city: None,
            country: country.clone(),
            alts: Vec::new(),
        };
        for field in &fields[1..] {
            if field.len() == 4 && field.bytes().all(|b| b.is_ascii_digit()) {
                club.founded = field.parse().ok();
            } else if let Some(stadium) = field.strip_prefix('@') {
                club.stadium = Some(collapse(stadium.trim()));
            } else if club.city.is_none() {
                let city = clean_city(field);
                if !city.is_empty() {
                    club.city = Some(city);
                }
            }
        }
        clubs.push(club);
    }
    Ok(clubs)
}

/// Splits off a `#` comment: a `#` at the start or after whitespace.
fn split_comment(line: &str) -> (&str, &str) {
    let bytes = line.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'#' && (i == 0 || bytes[i - 1].is_ascii_whitespace()) {
            return (&line[..i], &line[i..]);
        }
    }
    (line, "")
}

/// `AS Rom [de]` -> (`AS Rom`, Some(`de`)).
fn language_tag(s: &str) -> (&str, Option<String>) {
    if let Some(open) = s.rfind('[') {
        if s.ends_with(']') {
            let tag = s[open + 1..s.len() - 1].trim().to_string();
            return (s[..open].trim(), Some(tag));
        }
    }
    (s, None)
}

/// `Thames AFC (1928-1932)` -> (`Thames AFC`, Some(1928), Some(1932)); `Hereford FC (2014-)`
/// -> (`Hereford FC`, Some(2014), None).
fn year_range(s: &str) -> (String, Option<u32>, Option<u32>) {
    let s = s.trim();
    if let (Some(open), true) = (s.rfind('('), s.ends_with(')')) {
        let inside = &s[open + 1..s.len() - 1];
        if let Some((from, to)) = inside.split_once('-') {
            let (from, to) = (from.trim(), to.trim());
            let year = |y: &str| (y.len() == 4).then(|| y.parse::<u32>().ok()).flatten();
            if year(from).is_some() && (to.is_empty() || year(to).is_some()) {
                return (collapse(s[..open].trim()), year(from), year(to));
            }
        }
    }
    (collapse(s), None, None)
}

/// The name without a trailing `FC`/`AFC` or a leading `FC` (see the module documentation).
fn display_name(raw: &str) -> String {
    let mut words: Vec<&str> = raw.split_whitespace().collect();
    if words.len() > 1 && matches!(words.last(), Some(&("FC" | "AFC" | "F.C." | "A.F.C."))) {
        words.pop();
    }
    if words.len() > 1 && matches!(words.first(), Some(&("FC" | "F.C."))) {
        words.remove(0);
    }
    words.join(" ")
}

/// `London (Highbury)` -> `London`; `Newcastle upon Tyne › Northumberland` -> `Newcastle upon
/// Tyne`.
fn clean_city(field: &str) -> String {
    let before_region = field.split('›').next().unwrap_or(field);
    let without_district = match before_region.find('(') {
        Some(i) => &before_region[..i],
        None => before_region,
    };
    collapse(without_district.trim())
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// How to import.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// Import `old name` aliases and clubs that no longer exist.
    pub historical: bool,
    /// The country for clubs of a file without a `= Country` heading.
    pub country: Option<String>,
}

/// What happened to one club.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase", tag = "action")]
pub enum ClubAction {
    /// A new row.
    Added,
    /// Merged into an existing row.
    Merged {
        /// How it was found: `name `X``, `alias `X``, `id `x``.
        by: String,
    },
    /// Not imported.
    Skipped {
        /// Why.
        reason: String,
    },
}

/// What happened to a club's stadium.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase", tag = "action")]
pub enum StadiumAction {
    /// A new stadium row.
    Added {
        /// Its id.
        id: String,
    },
    /// An existing stadium, now linked to the club (or already linked).
    Linked {
        /// Its id.
        id: String,
        /// Whether a field changed.
        changed: bool,
    },
    /// The club keeps the stadium it had; openfootball names another one.
    Kept {
        /// The club's stadium id.
        id: String,
    },
}

/// The outcome for one openfootball club.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClubOutcome {
    /// `file:line` of the club line.
    pub source: String,
    /// The club's name as written.
    pub raw_name: String,
    /// Added, merged or skipped.
    #[serde(flatten)]
    pub action: ClubAction,
    /// The club's id (added or merged).
    pub id: Option<String>,
    /// Aliases added.
    pub aliases_added: Vec<String>,
    /// Empty fields filled: (column, value).
    pub filled: Vec<(String, String)>,
    /// Aliases left out: (alias, reason). Variants of the name itself are not listed.
    pub aliases_skipped: Vec<(String, String)>,
    /// The stadium, when the club line names one.
    pub stadium: Option<(String, StadiumAction)>,
}

impl ClubOutcome {
    /// Whether a merge changed the existing row.
    pub fn changed(&self) -> bool {
        !self.aliases_added.is_empty()
            || !self.filled.is_empty()
            || matches!(
                self.stadium,
                Some((_, StadiumAction::Added { .. }))
                    | Some((_, StadiumAction::Linked { changed: true, .. }))
            )
    }
}

/// Counts over an import.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    /// Clubs read.
    pub read: usize,
    /// Clubs added.
    pub added: usize,
    /// Clubs merged into existing rows.
    pub merged: usize,
    /// Of those, rows that changed.
    pub merged_changed: usize,
    /// Clubs skipped.
    pub skipped: usize,
    /// Stadium rows added.
    pub stadiums_added: usize,
    /// Existing stadiums linked to a club (a field changed).
    pub stadiums_linked: usize,
    /// Aliases added (to new and existing clubs).
    pub aliases_added: usize,
    /// Aliases left out (name variants aside).
    pub aliases_skipped: usize,
}

/// The result of planning an import: what would happen, and the new file texts.
#[derive(Debug, Clone, Serialize)]
pub struct ImportPlan {
    /// One outcome per club read, in file order.
    pub clubs: Vec<ClubOutcome>,
    /// Counts.
    pub summary: ImportSummary,
    #[serde(skip)]
    clubs_file: (PathBuf, String, bool),
    #[serde(skip)]
    stadiums_file: (PathBuf, String, bool),
}

/// An entity as the import sees it (existing or new).
#[derive(Debug, Clone)]
struct Rec {
    id: String,
    kind: EntityKind,
    name: String,
    line: usize,
    aliases: Vec<String>,
    city: Option<String>,
    country: Option<String>,
    stadium: Option<String>,
    clubs: Vec<String>,
}

struct State {
    recs: Vec<Rec>,
    /// Existing clubs whose exact name a club of the files has: that club's (file, line).
    claimed: HashMap<usize, (PathBuf, usize)>,
    forms: FormIndex,
    ids: HashSet<String>,
    clubs: TsvEdit,
    stadiums: TsvEdit,
    risky: RiskyWords,
}

impl State {
    fn add_rec(&mut self, rec: Rec) -> usize {
        let i = self.recs.len();
        self.forms.insert(&rec.name, i, FormKind::Name);
        for a in &rec.aliases {
            self.forms.insert(a, i, FormKind::Alias);
        }
        self.ids.insert(rec.id.clone());
        self.recs.push(rec);
        i
    }

    fn clubs_carrying(&self, form: &str) -> Vec<usize> {
        let mut out: Vec<usize> = self
            .forms
            .get(form)
            .iter()
            .filter(|u| self.recs[u.entity].kind == EntityKind::Club)
            .map(|u| u.entity)
            .collect();
        out.dedup();
        out
    }
}

/// Plans the import of openfootball clubs into the gazetteer in `dir` (nothing is written: see
/// [`ImportPlan::write`]). The gazetteer must load without errors.
pub fn plan_import(dir: &Path, clubs: &[OfClub], options: &ImportOptions) -> Result<ImportPlan> {
    let texts = GazetteerTexts::read(dir)?;
    let validation = texts.validate();
    if !validation.problems.is_empty() {
        return Err(Error::Gazetteer(validation.problems));
    }
    let gazetteer = validation.gazetteer;
    let (clubs_path, clubs_text) = texts.get(GazetteerFile::Clubs);
    let (stadiums_path, stadiums_text) = texts.get(GazetteerFile::Stadiums);
    let mut state = State {
        recs: Vec::new(),
        forms: FormIndex::default(),
        ids: HashSet::new(),
        clubs: TsvEdit::parse(clubs_path, clubs_text)?,
        stadiums: TsvEdit::parse(stadiums_path, stadiums_text)?,
        risky: RiskyWords::default(),
        claimed: HashMap::new(),
    };
    for e in gazetteer.entities() {
        let i = state.add_rec(Rec {
            id: e.id.clone(),
            kind: e.kind,
            name: e.name.clone(),
            line: e.line,
            aliases: e.aliases.clone(),
            city: e.city.clone(),
            country: e.country.clone(),
            stadium: e.stadium.clone(),
            clubs: e.clubs.clone(),
        });
        if let Some(surname) = e.surname() {
            state.forms.insert(surname, i, FormKind::Surname);
        }
    }
    for club in clubs {
        for t in state.clubs_carrying(&club.name) {
            if fold(&state.recs[t].name) == fold(&club.name) {
                state
                    .claimed
                    .entry(t)
                    .or_insert_with(|| (club.path.clone(), club.line));
            }
        }
    }
    let mut outcomes = Vec::with_capacity(clubs.len());
    for club in clubs {
        outcomes.push(import_club(&mut state, club, options)?);
    }
    let new_clubs = state.clubs.text();
    let new_stadiums = state.stadiums.text();
    let mut new_texts = texts.clone();
    new_texts.files[GazetteerFile::Clubs as usize].1 = new_clubs.clone();
    new_texts.files[GazetteerFile::Stadiums as usize].1 = new_stadiums.clone();
    let validation = new_texts.validate();
    if !validation.problems.is_empty() {
        return Err(Error::Gazetteer(validation.problems));
    }
    let mut summary = ImportSummary {
        read: outcomes.len(),
        ..ImportSummary::default()
    };
    for o in &outcomes {
        match &o.action {
            ClubAction::Added => summary.added += 1,
            ClubAction::Merged { .. } => {
                summary.merged += 1;
                summary.merged_changed += usize::from(o.changed());
            }
            ClubAction::Skipped { .. } => summary.skipped += 1,
        }
        summary.aliases_added += o.aliases_added.len();
        summary.aliases_skipped += o.aliases_skipped.len();
        match &o.stadium {
            Some((_, StadiumAction::Added { .. })) => summary.stadiums_added += 1,
            Some((_, StadiumAction::Linked { changed: true, .. })) => summary.stadiums_linked += 1,
            _ => {}
        }
    }
    Ok(ImportPlan {
        clubs: outcomes,
        summary,
        clubs_file: (
            clubs_path.to_path_buf(),
            new_clubs.clone(),
            new_clubs != clubs_text,
        ),
        stadiums_file: (
            stadiums_path.to_path_buf(),
            new_stadiums.clone(),
            new_stadiums != stadiums_text,
        ),
    })
}

fn import_club(state: &mut State, club: &OfClub, options: &ImportOptions) -> Result<ClubOutcome> {
    let mut outcome = ClubOutcome {
        source: format!("{}:{}", club.path.display(), club.line),
        raw_name: club.raw_name.clone(),
        action: ClubAction::Added,
        id: None,
        aliases_added: Vec::new(),
        filled: Vec::new(),
        aliases_skipped: Vec::new(),
        stadium: None,
    };
    if let (Some(end), false) = (club.dissolved, options.historical) {
        let from = club.founded.map_or(String::new(), |y| y.to_string());
        outcome.action = ClubAction::Skipped {
            reason: format!("no longer exists ({from}-{end}); --historical imports it"),
        };
        return Ok(outcome);
    }
    // Find the existing club.
    let mut target: Option<usize> = None;
    let mut lookups: Vec<(String, &str)> = vec![(club.name.clone(), "name")];
    lookups.extend(
        club.alts
            .iter()
            .filter(|a| a.language.as_deref().is_none_or(|l| l == "en"))
            .map(|a| (a.text.clone(), "alias")),
    );
    for (form, how) in &lookups {
        let mut found = state.clubs_carrying(form);
        if found.len() > 1 {
            // A club whose name it is wins over clubs that carry it as an alias.
            let named: Vec<usize> = found
                .iter()
                .copied()
                .filter(|&i| fold(&state.recs[i].name) == fold(form))
                .collect();
            if named.len() == 1 {
                found = named;
            }
        }
        match found.len() {
            0 => continue,
            1 => {
                target = Some(found[0]);
                outcome.action = ClubAction::Merged {
                    by: format!("{how} `{form}`"),
                };
            }
            _ => {
                let ids: Vec<&str> = found.iter().map(|&i| state.recs[i].id.as_str()).collect();
                outcome.action = ClubAction::Skipped {
                    reason: format!("`{form}` names several clubs: {}", ids.join(", ")),
                };
                return Ok(outcome);
            }
        }
        break;
    }
    if let Some(t) = target {
        let claimed = state
            .claimed
            .get(&t)
            .is_some_and(|(path, line)| (path, *line) != (&club.path, club.line));
        if claimed && fold(&state.recs[t].name) != fold(&club.name) {
            // Another club of the files has exactly this entry's name (`Hereford United` is
            // the existing `Hereford United`, not the later `Hereford FC`): a different club.
            target = None;
            outcome.action = ClubAction::Added;
        }
    }
    // The aliases to add.
    let mut accepted: Vec<String> = Vec::new();
    let base_slug = |s: &str| slug(&club_base_name(s));
    let mut own_names: Vec<String> = [club.name.as_str(), club.raw_name.as_str()]
        .into_iter()
        .chain(target.map(|t| state.recs[t].name.as_str()))
        .chain(
            target
                .iter()
                .flat_map(|&t| state.recs[t].aliases.iter().map(String::as_str)),
        )
        .map(base_slug)
        .collect();
    for alt in &club.alts {
        let verdict = alias_verdict(state, alt, target, &own_names, &accepted, options);
        match verdict {
            Verdict::Accept => {
                own_names.push(base_slug(&alt.text));
                accepted.push(alt.text.clone());
            }
            Verdict::Silent => {}
            Verdict::Skip(reason) => outcome.aliases_skipped.push((alt.text.clone(), reason)),
        }
    }
    let country = options.country.clone().or_else(|| club.country.clone());
    match target {
        Some(t) => {
            outcome.id = Some(state.recs[t].id.clone());
            if !accepted.is_empty() {
                let line = state.recs[t].line;
                let mut aliases = state.recs[t].aliases.clone();
                aliases.extend(accepted.iter().cloned());
                state.clubs.set_field(line, "aliases", &aliases.join("|"))?;
                for a in &accepted {
                    state.forms.insert(a, t, FormKind::Alias);
                }
                state.recs[t].aliases = aliases;
                outcome.aliases_added = accepted;
            }
            for (column, value) in [("city", &club.city), ("country", &country)] {
                let current = match column {
                    "city" => &state.recs[t].city,
                    _ => &state.recs[t].country,
                };
                if let (None, Some(v)) = (current, value) {
                    let line = state.recs[t].line;
                    state.clubs.set_field(line, column, v)?;
                    outcome.filled.push((column.to_string(), v.clone()));
                    match column {
                        "city" => state.recs[t].city = Some(v.clone()),
                        _ => state.recs[t].country = Some(v.clone()),
                    }
                }
            }
            if let Some(stadium) = &club.stadium {
                let action = place_stadium(state, t, stadium, club.city.as_deref(), &mut outcome)?;
                outcome.stadium = Some((stadium.clone(), action));
            }
        }
        None => {
            let entry = NewEntry {
                city: club.city.clone(),
                ..NewEntry::new(EntityKind::Club, club.name.clone())
            };
            let id = generate_id(&entry, |id| state.ids.contains(id))?;
            let aliases = accepted.join("|");
            let city = club.city.clone().unwrap_or_default();
            let country_value = country.clone().unwrap_or_default();
            let line = state.clubs.append(&[
                ("id", id.as_str()),
                ("name", club.name.as_str()),
                ("aliases", aliases.as_str()),
                ("city", city.as_str()),
                ("country", country_value.as_str()),
            ]);
            let t = state.add_rec(Rec {
                id: id.clone(),
                kind: EntityKind::Club,
                name: club.name.clone(),
                line,
                aliases: accepted.clone(),
                city: club.city.clone(),
                country,
                stadium: None,
                clubs: Vec::new(),
            });
            outcome.id = Some(id);
            outcome.aliases_added = accepted;
            if let Some(stadium) = &club.stadium {
                let action = place_stadium(state, t, stadium, club.city.as_deref(), &mut outcome)?;
                outcome.stadium = Some((stadium.clone(), action));
            }
        }
    }
    Ok(outcome)
}

enum Verdict {
    Accept,
    /// Left out without a word: the name itself or a form the club already has.
    Silent,
    Skip(String),
}

fn alias_verdict(
    state: &State,
    alt: &OfAlt,
    target: Option<usize>,
    own_names: &[String],
    accepted: &[String],
    options: &ImportOptions,
) -> Verdict {
    let text = alt.text.as_str();
    if let Some(language) = alt.language.as_deref().filter(|l| *l != "en") {
        return Verdict::Skip(format!("a name in another language [{language}]"));
    }
    if own_names.contains(&slug(&club_base_name(text))) {
        return Verdict::Silent;
    }
    let folded = fold(text);
    if accepted.iter().any(|a| fold(a) == folded) {
        return Verdict::Silent;
    }
    let uses = state.forms.get(text);
    if target.is_some_and(|t| uses.iter().any(|u| u.entity == t)) {
        return Verdict::Silent;
    }
    if alt.historical && !options.historical {
        return Verdict::Skip("an old name (--historical imports it)".to_string());
    }
    if text
        .split_whitespace()
        .any(|w| w.ends_with('.') && w != "St." && !w.contains('&'))
    {
        return Verdict::Skip("an abbreviation".to_string());
    }
    if let Some(u) = uses.iter().find(|u| Some(u.entity) != target) {
        let other = &state.recs[u.entity];
        return Verdict::Skip(format!(
            "already {} of `{}`",
            u.kind.with_article(),
            other.id
        ));
    }
    if let Some(list) = state.risky.list_of(text) {
        return Verdict::Skip(format!("a common English word ({list})"));
    }
    if !text.contains(' ') {
        let others: Vec<&str> = state
            .recs
            .iter()
            .enumerate()
            .filter(|(i, r)| {
                r.kind == EntityKind::Club
                    && Some(*i) != target
                    && r.name.split_whitespace().any(|w| fold(w) == folded)
            })
            .map(|(_, r)| r.id.as_str())
            .collect();
        if !others.is_empty() {
            return Verdict::Skip(format!(
                "part of other clubs' names ({})",
                others.join(", ")
            ));
        }
    }
    Verdict::Accept
}

/// Links, adds or keeps a club's stadium (see the module documentation).
fn place_stadium(
    state: &mut State,
    club: usize,
    name: &str,
    city: Option<&str>,
    outcome: &mut ClubOutcome,
) -> Result<StadiumAction> {
    let club_id = state.recs[club].id.clone();
    let same_city = |r: &Rec| match (&r.city, city) {
        (Some(a), Some(b)) => fold(a) == fold(b),
        _ => true,
    };
    let known = state.forms.get(name).iter().map(|u| u.entity).find(|&i| {
        let r = &state.recs[i];
        r.kind == EntityKind::Stadium && (r.clubs.contains(&club_id) || same_city(r))
    });
    let current = state.recs[club].stadium.clone();
    if let Some(s) = known {
        let stadium_id = state.recs[s].id.clone();
        let mut changed = false;
        if current.is_none() {
            let line = state.recs[club].line;
            state.clubs.set_field(line, "stadium", &stadium_id)?;
            state.recs[club].stadium = Some(stadium_id.clone());
            outcome
                .filled
                .push(("stadium".to_string(), stadium_id.clone()));
            changed = true;
        }
        if !state.recs[s].clubs.contains(&club_id)
            && state.recs[club].stadium.as_deref() == Some(stadium_id.as_str())
        {
            let mut clubs = state.recs[s].clubs.clone();
            clubs.push(club_id);
            let line = state.recs[s].line;
            state.stadiums.set_field(line, "clubs", &clubs.join("|"))?;
            state.recs[s].clubs = clubs;
            changed = true;
        }
        return Ok(StadiumAction::Linked {
            id: stadium_id,
            changed,
        });
    }
    if let Some(id) = current {
        return Ok(StadiumAction::Kept { id });
    }
    let entry = NewEntry {
        city: city.map(str::to_string),
        ..NewEntry::new(EntityKind::Stadium, name)
    };
    let id = generate_id(&entry, |id| state.ids.contains(id))?;
    let city_value = city.unwrap_or_default();
    let line = state.stadiums.append(&[
        ("id", id.as_str()),
        ("name", name),
        ("city", city_value),
        ("clubs", club_id.as_str()),
    ]);
    state.add_rec(Rec {
        id: id.clone(),
        kind: EntityKind::Stadium,
        name: name.to_string(),
        line,
        aliases: Vec::new(),
        city: city.map(str::to_string),
        country: None,
        stadium: None,
        clubs: vec![club_id],
    });
    let club_line = state.recs[club].line;
    state.clubs.set_field(club_line, "stadium", &id)?;
    state.recs[club].stadium = Some(id.clone());
    Ok(StadiumAction::Added { id })
}

impl ImportPlan {
    /// Whether the plan changes any file.
    pub fn changes_files(&self) -> bool {
        self.clubs_file.2 || self.stadiums_file.2
    }

    /// Writes the changed files, each atomically (stadiums first, then clubs). The texts were
    /// validated together when the plan was made.
    pub fn write(&self) -> Result<Vec<PathBuf>> {
        let mut written = Vec::new();
        for (path, text, changed) in [&self.stadiums_file, &self.clubs_file] {
            if *changed {
                write_atomically(path, text.as_bytes())?;
                written.push(path.clone());
            }
        }
        Ok(written)
    }

    /// The report: one line per club (what was added, merged or skipped), then the counts.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for o in &self.clubs {
            let id = o.id.as_deref().unwrap_or("");
            let _ = match &o.action {
                ClubAction::Added => {
                    writeln!(out, "{}: added club `{id}` ({})", o.source, o.raw_name)
                }
                ClubAction::Merged { by } => writeln!(
                    out,
                    "{}: merged {} into `{id}` (by {by}){}",
                    o.source,
                    o.raw_name,
                    if o.changed() || matches!(o.stadium, Some((_, StadiumAction::Kept { .. }))) {
                        ""
                    } else {
                        ": nothing new"
                    }
                ),
                ClubAction::Skipped { reason } => {
                    writeln!(out, "{}: skipped {}: {reason}", o.source, o.raw_name)
                }
            };
            if !o.aliases_added.is_empty() {
                let _ = writeln!(out, "    + aliases {}", quote_list(&o.aliases_added));
            }
            for (column, value) in &o.filled {
                let _ = writeln!(out, "    + {column} `{value}`");
            }
            match &o.stadium {
                Some((name, StadiumAction::Added { id })) => {
                    let _ = writeln!(out, "    + stadium `{id}` ({name})");
                }
                Some((name, StadiumAction::Kept { id })) => {
                    let _ = writeln!(
                        out,
                        "    = keeps stadium `{id}`; openfootball says `{name}` (renamed or moved? check by hand)"
                    );
                }
                _ => {}
            }
            for (alias, reason) in &o.aliases_skipped {
                let _ = writeln!(out, "    - alias `{alias}` left out: {reason}");
            }
        }
        let s = &self.summary;
        let _ = writeln!(
            out,
            "{} clubs read: {} added, {} merged ({} changed, {} already complete), {} skipped; \
             {} stadiums added, {} linked; {} aliases added, {} left out",
            s.read,
            s.added,
            s.merged,
            s.merged_changed,
            s.merged - s.merged_changed,
            s.skipped,
            s.stadiums_added,
            s.stadiums_linked,
            s.aliases_added,
            s.aliases_skipped
        );
        out
    }
}

fn quote_list(items: &[String]) -> String {
    items
        .iter()
        .map(|a| format!("`{a}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "=====\n=  England\n\n#  note: a comment\n\n\
Arsenal FC, 1886, @ Emirates Stadium, London (Highbury)   ## Greater London\n\
  | Arsenal | FC Arsenal\n\
  | Woolwich Arsenal FC  # old name before season 1914/5\n\
Thames AFC (1928-1932),  London  ## London-Custom House\n\
  | Thames\n\
== Lazio ==\n\
AS Roma,  Roma\n\
  | Roma | AS Rom [de]\n\
Hereford FC (2014-),            Hereford › Herefordshire\n\
Nelson FC,           Nelson, Lancashire\n";

    #[test]
    fn parses_club_lines() {
        let clubs = parse_openfootball(Path::new("x.txt"), FILE).unwrap();
        let got: Vec<String> = clubs
            .iter()
            .map(|c| {
                let alts: Vec<String> = c
                    .alts
                    .iter()
                    .map(|a| {
                        format!(
                            "{}{}{}",
                            a.text,
                            if a.historical { "*" } else { "" },
                            a.language
                                .as_deref()
                                .map_or(String::new(), |l| format!("[{l}]"))
                        )
                    })
                    .collect();
                format!(
                    "{}:{}|{}|{:?}-{:?}|{}|{}|{}|{}",
                    c.line,
                    c.raw_name,
                    c.name,
                    c.founded,
                    c.dissolved,
                    c.stadium.as_deref().unwrap_or(""),
                    c.city.as_deref().unwrap_or(""),
                    c.country.as_deref().unwrap_or(""),
                    alts.join(";")
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                "6:Arsenal FC|Arsenal|Some(1886)-None|Emirates Stadium|London|England|Arsenal;FC Arsenal;Woolwich Arsenal FC*",
                "9:Thames AFC|Thames|Some(1928)-Some(1932)||London|England|Thames",
                "12:AS Roma|AS Roma|None-None||Roma|England|Roma;AS Rom[de]",
                "14:Hereford FC|Hereford|Some(2014)-None||Hereford|England|",
                "15:Nelson FC|Nelson|None-None||Nelson|England|",
            ]
        );
    }

    #[test]
    fn alternative_names_before_a_club_are_an_error() {
        let err = parse_openfootball(Path::new("x.txt"), "= England\n  | Arsenal\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "x.txt:2: alternative names `| Arsenal` before any club"
        );
    }

    #[test]
    fn name_helpers() {
        let cases: &[(&str, &str)] = &[
            ("Arsenal FC", "Arsenal"),
            ("AFC Wimbledon", "AFC Wimbledon"),
            ("FC Halifax Town", "Halifax Town"),
            ("Oldham Athletic AFC", "Oldham Athletic"),
            ("Atherton Collieries", "Atherton Collieries"),
        ];
        for (raw, expected) in cases {
            assert_eq!(display_name(raw), *expected, "{raw}");
        }
        assert_eq!(clean_city("London (Highbury)"), "London");
        assert_eq!(
            clean_city("Newcastle upon Tyne › Northumberland"),
            "Newcastle upon Tyne"
        );
        assert_eq!(clean_city("Oxford (Marston)  › Oxfordshire"), "Oxford");
        assert_eq!(split_comment("a #b"), ("a ", "#b"));
        assert_eq!(split_comment("St. Albans"), ("St. Albans", ""));
    }
}
