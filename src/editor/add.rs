//! `gazetteer add`: appends one valid row with a generated id.
//!
//! The file keeps every existing byte (rows, comments, blank lines, column order, unknown
//! columns, line endings); the row is written in the file's own column order, unknown columns
//! left empty. Values are trimmed and normalised to Unicode NFC; a control character (a tab, a
//! newline) or a `|` inside a name or alias is refused. A name already used by another entry,
//! or an alias that is already another entity's name, alias or derived surname, is refused
//! unless [`AddOptions::allow_ambiguous`]. The result is validated by loading all three files
//! before the file is replaced, atomically.
//!
//! Ids follow CONVENTIONS.md: people `slug(name)`, clubs the slug of the name without
//! FC/AFC/Calcio/..., stadiums `slug(name)`. When that id is taken: a person gets `-` + their
//! club id; a club the slug of its full name (`afc-wimbledon`), then `-` + its city's slug; a
//! stadium `-` + its city's slug (`st-james-park-exeter`); then `-2`, `-3`, ...

use std::path::{Path, PathBuf};

use unicode_normalization::UnicodeNormalization;

use crate::error::{Error, Problem, Result};
use crate::gazetteer::{is_valid_id, EntityKind, Gazetteer, GazetteerFile, GazetteerTexts};

use super::check::{check_texts, Finding, Severity};
use super::tsv::TsvEdit;
use super::{club_base_name, file_of, slug, write_atomically, FormIndex, FormKind};

/// What to add.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEntry {
    /// Player, coach, referee, club or stadium.
    pub kind: EntityKind,
    /// The canonical name.
    pub name: String,
    /// Other names.
    pub aliases: Vec<String>,
    /// The id to use instead of the generated one.
    pub id: Option<String>,
    /// People: their club's id.
    pub club: Option<String>,
    /// People: nationality.
    pub nationality: Option<String>,
    /// Clubs and stadiums: city.
    pub city: Option<String>,
    /// Clubs: country.
    pub country: Option<String>,
    /// Clubs: the home stadium's id.
    pub stadium: Option<String>,
    /// Stadiums: the ids of the clubs that play there.
    pub clubs: Vec<String>,
}

impl NewEntry {
    /// An entry with only a kind and a name.
    pub fn new(kind: EntityKind, name: impl Into<String>) -> NewEntry {
        NewEntry {
            kind,
            name: name.into(),
            aliases: Vec::new(),
            id: None,
            club: None,
            nationality: None,
            city: None,
            country: None,
            stadium: None,
            clubs: Vec::new(),
        }
    }
}

/// How to add.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AddOptions {
    /// Accept a name another entry already has, and aliases other entities already carry.
    pub allow_ambiguous: bool,
    /// Work out the row and check it, but do not write the file.
    pub dry_run: bool,
}

/// What was added.
#[derive(Debug, Clone)]
pub struct Added {
    /// The new entry's id.
    pub id: String,
    /// The file the row went to.
    pub path: PathBuf,
    /// The row's 1-based line.
    pub line: usize,
    /// The row as written (tab-separated, without line ending).
    pub row: String,
    /// Warnings of `gazetteer check` about the new entry (shared forms, common words).
    pub warnings: Vec<Finding>,
    /// Whether the file was written (false for a dry run).
    pub written: bool,
}

/// Adds an entry to the gazetteer in `dir`.
pub fn add(dir: &Path, entry: &NewEntry, options: &AddOptions) -> Result<Added> {
    let texts = GazetteerTexts::read(dir)?;
    let validation = texts.validate();
    if !validation.problems.is_empty() {
        return Err(Error::Gazetteer(validation.problems));
    }
    let gazetteer = validation.gazetteer;
    let entry = clean(entry)?;
    refuse_duplicates(&gazetteer, &texts, &entry, options)?;
    let id = match &entry.id {
        Some(id) => {
            if !is_valid_id(id) {
                return Err(Error::Invalid(format!(
                    "malformed id `{id}`: ids are [a-z0-9-]+"
                )));
            }
            if let Some(other) = gazetteer.get(id) {
                return Err(Error::Gazetteer(vec![Problem {
                    path: texts.get(other.file).0.to_path_buf(),
                    line: other.line,
                    message: format!("id `{id}` is already taken by `{}`", other.name),
                }]));
            }
            id.clone()
        }
        None => generate_id(&entry, |id| gazetteer.get(id).is_some())?,
    };
    let file = file_of(entry.kind);
    let (path, text) = texts.get(file);
    let mut edit = TsvEdit::parse(path, text)?;
    let aliases = entry.aliases.join("|");
    let clubs = entry.clubs.join("|");
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let (club, nationality, city, country, stadium) = (
        opt(&entry.club),
        opt(&entry.nationality),
        opt(&entry.city),
        opt(&entry.country),
        opt(&entry.stadium),
    );
    let mut values: Vec<(&str, &str)> = vec![
        ("id", id.as_str()),
        ("name", entry.name.as_str()),
        ("aliases", aliases.as_str()),
    ];
    match file {
        GazetteerFile::People => values.extend([
            ("role", entry.kind.as_str()),
            ("club", club.as_str()),
            ("nationality", nationality.as_str()),
        ]),
        GazetteerFile::Clubs => values.extend([
            ("city", city.as_str()),
            ("country", country.as_str()),
            ("stadium", stadium.as_str()),
        ]),
        GazetteerFile::Stadiums => {
            values.extend([("city", city.as_str()), ("clubs", clubs.as_str())])
        }
    }
    let line = edit.append(&values);
    let new_text = edit.text();
    let mut new_texts = texts.clone();
    new_texts.files[file as usize].1 = new_text.clone();
    let validation = new_texts.validate();
    if !validation.problems.is_empty() {
        return Err(Error::Gazetteer(validation.problems));
    }
    let marker = format!("`{id}`");
    let warnings: Vec<Finding> = check_texts(&new_texts)
        .findings
        .into_iter()
        .filter(|f| f.severity == Severity::Warning && f.problem.message.contains(&marker))
        .collect();
    let row = new_text
        .split_inclusive('\n')
        .nth(line - 1)
        .unwrap_or_default()
        .trim_end_matches(['\r', '\n'])
        .to_string();
    if !options.dry_run {
        write_atomically(path, new_text.as_bytes())?;
    }
    Ok(Added {
        id,
        path: path.to_path_buf(),
        line,
        row,
        warnings,
        written: !options.dry_run,
    })
}

/// Trims and NFC-normalises every value and refuses what cannot go into a TSV field.
fn clean(entry: &NewEntry) -> Result<NewEntry> {
    let field = |what: &str, value: &str| -> Result<String> {
        let value: String = value.trim().nfc().collect();
        if let Some(c) = value.chars().find(|c| c.is_control()) {
            return Err(Error::Invalid(format!(
                "{what} `{}` holds a control character ({}): not allowed in a TSV field",
                value.escape_debug(),
                c.escape_debug()
            )));
        }
        Ok(value)
    };
    let optional = |what: &str, value: &Option<String>| -> Result<Option<String>> {
        match value {
            Some(v) => {
                let v = field(what, v)?;
                Ok((!v.is_empty()).then_some(v))
            }
            None => Ok(None),
        }
    };
    let name = field("name", &entry.name)?;
    if name.is_empty() {
        return Err(Error::Invalid("the name is empty".to_string()));
    }
    if name.contains('|') {
        return Err(Error::Invalid(format!(
            "name `{name}` holds a `|` (the alias separator)"
        )));
    }
    let mut aliases: Vec<String> = Vec::new();
    for alias in &entry.aliases {
        let alias = field("alias", alias)?;
        if alias.is_empty() {
            return Err(Error::Invalid("an alias is empty".to_string()));
        }
        if alias.contains('|') {
            return Err(Error::Invalid(format!(
                "alias `{alias}` holds a `|`: give each alias with its own --alias"
            )));
        }
        let folded = crate::fold::fold(&alias);
        if folded == crate::fold::fold(&name) {
            return Err(Error::Invalid(format!("alias `{alias}` repeats the name")));
        }
        if aliases.iter().any(|a| crate::fold::fold(a) == folded) {
            return Err(Error::Invalid(format!("alias `{alias}` is given twice")));
        }
        aliases.push(alias);
    }
    let person = entry.kind.is_person();
    let misplaced = [
        ("--club", entry.club.is_some() && !person),
        ("--nationality", entry.nationality.is_some() && !person),
        ("--city", entry.city.is_some() && person),
        (
            "--country",
            entry.country.is_some() && entry.kind != EntityKind::Club,
        ),
        (
            "--stadium",
            entry.stadium.is_some() && entry.kind != EntityKind::Club,
        ),
        (
            "--clubs",
            !entry.clubs.is_empty() && entry.kind != EntityKind::Stadium,
        ),
    ];
    if let Some((flag, _)) = misplaced.iter().find(|(_, bad)| *bad) {
        return Err(Error::Invalid(format!(
            "{flag} does not apply to a {}",
            entry.kind
        )));
    }
    let mut clubs = Vec::new();
    for club in &entry.clubs {
        let club = field("club", club)?;
        if !club.is_empty() {
            clubs.push(club);
        }
    }
    Ok(NewEntry {
        kind: entry.kind,
        name,
        aliases,
        id: optional("id", &entry.id)?,
        club: optional("club", &entry.club)?,
        nationality: optional("nationality", &entry.nationality)?,
        city: optional("city", &entry.city)?,
        country: optional("country", &entry.country)?,
        stadium: optional("stadium", &entry.stadium)?,
        clubs,
    })
}

/// Refuses a name another entry has (as name or alias) and aliases other entities carry.
fn refuse_duplicates(
    gazetteer: &Gazetteer,
    texts: &GazetteerTexts,
    entry: &NewEntry,
    options: &AddOptions,
) -> Result<()> {
    if options.allow_ambiguous {
        return Ok(());
    }
    let index = FormIndex::new(gazetteer);
    let entities = gazetteer.entities();
    let mut problems = Vec::new();
    let mut refuse = |what: String, entity: usize, kind: FormKind| {
        let other = &entities[entity];
        problems.push(Problem {
            path: texts.get(other.file).0.to_path_buf(),
            line: other.line,
            message: format!(
                "{what} is already {} of `{}` (use --allow-ambiguous to add it anyway)",
                kind.with_article(),
                other.id
            ),
        });
    };
    for u in index.get(&entry.name) {
        if u.kind != FormKind::Surname {
            refuse(
                format!("{} name `{}`", entry.kind, entry.name),
                u.entity,
                u.kind,
            );
        }
    }
    for alias in &entry.aliases {
        for u in index.get(alias) {
            refuse(format!("alias `{alias}`"), u.entity, u.kind);
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Gazetteer(problems))
    }
}

/// The id for a new entry (see the module documentation); `taken` says whether an id is used.
pub fn generate_id(entry: &NewEntry, taken: impl Fn(&str) -> bool) -> Result<String> {
    let base = match entry.kind {
        EntityKind::Club => slug(&club_base_name(&entry.name)),
        _ => slug(&entry.name),
    };
    if base.is_empty() {
        return Err(Error::Invalid(format!(
            "cannot make an id from `{}`: give one with --id",
            entry.name
        )));
    }
    let mut candidates = vec![base.clone()];
    match entry.kind {
        EntityKind::Player | EntityKind::Coach | EntityKind::Referee => {
            if let Some(club) = &entry.club {
                candidates.push(format!("{base}-{club}"));
            }
        }
        EntityKind::Club => {
            candidates.push(slug(&entry.name));
            if let Some(city) = &entry.city {
                candidates.push(format!("{base}-{}", slug(city)));
            }
        }
        EntityKind::Stadium => {
            if let Some(city) = &entry.city {
                candidates.push(format!("{base}-{}", slug(city)));
            }
        }
    }
    if let Some(id) = candidates
        .into_iter()
        .find(|c| is_valid_id(c) && !c.ends_with('-') && !taken(c))
    {
        return Ok(id);
    }
    Ok((2..)
        .map(|n| format!("{base}-{n}"))
        .find(|c| !taken(c))
        .expect("some number is free"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        let taken = [
            "joe-cole",
            "wimbledon",
            "st-james-park",
            "st-james-park-exeter",
            "x-y",
            "x-y-2",
        ];
        let is_taken = |id: &str| taken.contains(&id);
        let entry = |kind, name: &str, club: Option<&str>, city: Option<&str>| NewEntry {
            club: club.map(str::to_string),
            city: city.map(str::to_string),
            ..NewEntry::new(kind, name)
        };
        let cases: &[(&str, NewEntry, &str)] = &[
            (
                "person",
                entry(EntityKind::Player, "Marek Hamšík", None, None),
                "marek-hamsik",
            ),
            (
                "person_taken_gets_club",
                entry(EntityKind::Player, "Joe Cole", Some("chelsea"), None),
                "joe-cole-chelsea",
            ),
            (
                "person_taken_no_club_gets_number",
                entry(EntityKind::Coach, "Joe Cole", None, None),
                "joe-cole-2",
            ),
            (
                "club_drops_fc",
                entry(EntityKind::Club, "Leeds United FC", None, None),
                "leeds-united",
            ),
            (
                "club_taken_full_name",
                entry(EntityKind::Club, "AFC Wimbledon", None, Some("London")),
                "afc-wimbledon",
            ),
            (
                "club_taken_city",
                entry(EntityKind::Club, "Wimbledon", None, Some("London")),
                "wimbledon-london",
            ),
            (
                "stadium_taken_city",
                entry(
                    EntityKind::Stadium,
                    "St James Park",
                    None,
                    Some("Exeter City"),
                ),
                "st-james-park-exeter-city",
            ),
            (
                "number_after_candidates",
                entry(EntityKind::Player, "X Y", None, None),
                "x-y-3",
            ),
        ];
        for (name, e, expected) in cases {
            assert_eq!(generate_id(e, is_taken).unwrap(), *expected, "case {name}");
        }
        assert!(generate_id(&NewEntry::new(EntityKind::Player, "??"), is_taken).is_err());
    }

    #[test]
    fn clean_refuses_bad_values() {
        let cases: &[(&str, NewEntry, &str)] = &[
            (
                "empty_name",
                NewEntry::new(EntityKind::Player, "  "),
                "the name is empty",
            ),
            (
                "tab",
                NewEntry::new(EntityKind::Player, "A\tB"),
                "holds a control character",
            ),
            (
                "pipe_alias",
                NewEntry {
                    aliases: vec!["A|B".into()],
                    ..NewEntry::new(EntityKind::Club, "Club")
                },
                "holds a `|`",
            ),
            (
                "city_on_person",
                NewEntry {
                    city: Some("Rome".into()),
                    ..NewEntry::new(EntityKind::Player, "A B")
                },
                "--city does not apply to a player",
            ),
            (
                "alias_repeats_name",
                NewEntry {
                    aliases: vec!["juventus".into()],
                    ..NewEntry::new(EntityKind::Club, "Juventus")
                },
                "repeats the name",
            ),
        ];
        for (name, e, expected) in cases {
            let err = clean(e).unwrap_err().to_string();
            assert!(err.contains(expected), "case {name}: {err}");
        }
        let ok = clean(&NewEntry::new(
            EntityKind::Player,
            " Marek Hams\u{030c}i\u{0301}k ",
        ))
        .unwrap();
        assert_eq!(ok.name, "Marek Hamšík");
    }
}
