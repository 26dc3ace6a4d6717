//! Gazetteers: the editor-maintained lists of people, clubs and stadiums (FORMATS.md section 1).
//!
//! Loading reads the three TSV files, validates every row and refuses a bad file with every problem
//! found as `file:line: problem`. It does not match anything: see [`crate::matcher`] for that. The
//! loaded [`Gazetteer`] is immutable and shared across threads.

use rustc_hash::FxHashMap as HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use serde::Serialize;

use crate::error::{Error, Problem, Result};
use crate::words::StringTable;

/// The kind of an entity, which is also a mention's `type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    /// A player (`role` = `player`).
    Player,
    /// A coach or manager (`role` = `coach`).
    Coach,
    /// A referee (`role` = `referee`).
    Referee,
    /// A club (`clubs.tsv`).
    Club,
    /// A stadium (`stadiums.tsv`).
    Stadium,
}

impl EntityKind {
    /// The name used in files and output.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Player => "player",
            EntityKind::Coach => "coach",
            EntityKind::Referee => "referee",
            EntityKind::Club => "club",
            EntityKind::Stadium => "stadium",
        }
    }

    /// Whether the entity is a person (player, coach or referee).
    pub fn is_person(self) -> bool {
        matches!(
            self,
            EntityKind::Player | EntityKind::Coach | EntityKind::Referee
        )
    }
}

impl fmt::Display for EntityKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for EntityKind {
    type Err = Error;
    fn from_str(s: &str) -> Result<EntityKind> {
        Ok(match s {
            "player" => EntityKind::Player,
            "coach" => EntityKind::Coach,
            "referee" => EntityKind::Referee,
            "club" => EntityKind::Club,
            "stadium" => EntityKind::Stadium,
            other => {
                return Err(Error::Invalid(format!(
                "unknown entity type `{other}` (expected player, coach, referee, club or stadium)"
            )))
            }
        })
    }
}

/// Which of the three gazetteer files a row comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GazetteerFile {
    /// `people.tsv`
    People,
    /// `clubs.tsv`
    Clubs,
    /// `stadiums.tsv`
    Stadiums,
}

impl GazetteerFile {
    /// All three files, in loading order.
    pub const ALL: [GazetteerFile; 3] = [
        GazetteerFile::People,
        GazetteerFile::Clubs,
        GazetteerFile::Stadiums,
    ];

    /// The file name inside a gazetteer folder.
    pub fn file_name(self) -> &'static str {
        match self {
            GazetteerFile::People => "people.tsv",
            GazetteerFile::Clubs => "clubs.tsv",
            GazetteerFile::Stadiums => "stadiums.tsv",
        }
    }

    /// The columns every file of this kind must have, in the canonical order.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            GazetteerFile::People => &["id", "name", "aliases", "role", "club", "nationality"],
            GazetteerFile::Clubs => &["id", "name", "aliases", "city", "country", "stadium"],
            GazetteerFile::Stadiums => &["id", "name", "aliases", "city", "clubs"],
        }
    }
}

/// One person, club or stadium.
#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    /// Stable id, `[a-z0-9-]+`, unique across the three files.
    pub id: String,
    /// Canonical display name.
    pub name: String,
    /// Other names (`|`-separated in the file).
    pub aliases: Vec<String>,
    /// What the entity is.
    pub kind: EntityKind,
    /// People: the club id. Stadiums: unused (see `clubs`).
    pub club: Option<String>,
    /// People: nationality.
    pub nationality: Option<String>,
    /// Clubs and stadiums: city.
    pub city: Option<String>,
    /// Clubs: country.
    pub country: Option<String>,
    /// Clubs: the home stadium id.
    pub stadium: Option<String>,
    /// Stadiums: the ids of the clubs that play there.
    pub clubs: Vec<String>,
    /// The file the row is in.
    pub file: GazetteerFile,
    /// The 1-based line of the row.
    pub line: usize,
}

impl Entity {
    /// The surname matched without being listed: the last word of a person's name with the
    /// particles before it (`Stefan de Vrij` -> `de Vrij`). `None` for one-word names and for
    /// clubs and stadiums.
    pub fn surname(&self) -> Option<&str> {
        if self.kind.is_person() {
            derived_surname(&self.name)
        } else {
            None
        }
    }
}

/// Name particles kept with a surname (`de Vrij`, `van Nistelrooy`, `van der Sar`).
const PARTICLES: &[&str] = &[
    "de", "da", "di", "del", "della", "dei", "van", "von", "der", "den", "le", "la", "du", "dos",
    "das", "ten", "ter", "mac",
];

/// The surname of a full name: its last word, with the particles before it; `None` for a single
/// word.
pub fn derived_surname(name: &str) -> Option<&str> {
    let words: Vec<(usize, &str)> = word_offsets(name);
    if words.len() < 2 {
        return None;
    }
    let mut first = words.len() - 1;
    while first > 1 && PARTICLES.contains(&words[first - 1].1.to_lowercase().as_str()) {
        first -= 1;
    }
    Some(&name[words[first].0..])
}

fn word_offsets(s: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        if c.is_whitespace() {
            if let Some(st) = start.take() {
                out.push((st, &s[st..i]));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(st) = start {
        out.push((st, &s[st..]));
    }
    out
}

/// The loaded, validated gazetteers.
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    entities: Vec<Entity>,
    by_id: HashMap<String, usize>,
    /// Per entity: its club's index (a club's is its own), resolved once at load.
    clubs: Vec<u32>,
    /// Per club: the other entities whose club it is.
    members: Members,
    /// Per entity: its kind. This and the ids below copy fields of `entities` into compact
    /// arrays: output and resolution read them for the hundreds of candidates a common surname
    /// has in a large gazetteer, and the `Entity` structs are large and scattered in memory.
    kinds: Vec<EntityKind>,
    /// Every entity's id, by index.
    ids: StringTable,
    dir: Option<PathBuf>,
}

/// One parsed row of a TSV file: its line and fields by column name.
#[derive(Debug, Clone)]
pub struct Row<'a> {
    /// 1-based line number.
    pub line: usize,
    /// Fields in file order.
    pub fields: Vec<&'a str>,
}

/// A parsed TSV table: the header and the data rows (comments and blank lines skipped).
#[derive(Debug, Clone)]
pub struct Table<'a> {
    /// Header column names in file order.
    pub header: Vec<&'a str>,
    /// 1-based line number of the header (0 if the file has none).
    pub header_line: usize,
    /// Data rows.
    pub rows: Vec<Row<'a>>,
}

impl<'a> Table<'a> {
    /// Parses TSV text. Problems with column counts are reported, and such rows are skipped.
    /// A UTF-8 byte-order mark at the start (spreadsheets write one) is ignored.
    pub fn parse(path: &Path, text: &'a str, problems: &mut Vec<Problem>) -> Table<'a> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut header: Option<(usize, Vec<&'a str>)> = None;
        let mut rows = Vec::new();
        for (i, raw) in text.split('\n').enumerate() {
            let line = raw.strip_suffix('\r').unwrap_or(raw);
            let number = i + 1;
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            match &header {
                None => header = Some((number, fields)),
                Some((_, names)) => {
                    if fields.len() != names.len() {
                        problems.push(Problem {
                            path: path.to_path_buf(),
                            line: number,
                            message: format!(
                                "expected {} tab-separated columns ({}), found {}{}",
                                names.len(),
                                names.join(", "),
                                fields.len(),
                                if fields.len() > names.len() {
                                    " (a tab inside a field?)"
                                } else {
                                    ""
                                }
                            ),
                        });
                        continue;
                    }
                    rows.push(Row {
                        line: number,
                        fields,
                    });
                }
            }
        }
        let (header_line, header) = header.unwrap_or((0, Vec::new()));
        Table {
            header,
            header_line,
            rows,
        }
    }

    /// The index of a column by name.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h.trim() == name)
    }
}

/// The id a name gets by the project's rule: diacritics stripped (NFKD, combining marks dropped,
/// and the letters folding spells out: `ø` -> `o`, `ß` -> `ss`), lower case, every run of
/// characters other than `[a-z0-9]` turned into one `-`, and `-` trimmed at both ends
/// (`Marek Hamšík` -> `marek-hamsik`).
pub fn slug(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let decomposed: String = name.nfkd().collect();
    let folded = crate::fold::fold(&decomposed);
    let mut out = String::with_capacity(folded.len());
    let mut pending_dash = false;
    for c in folded.chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push(c);
        } else {
            pending_dash = true;
        }
    }
    out
}

/// Checks that a string is a valid id: non-empty `[a-z0-9-]+`.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The result of [`Gazetteer::validate_texts`]: what could be loaded, and every problem.
#[derive(Debug, Clone)]
pub struct Validation {
    /// The rows that could be read (all of them when `problems` is empty).
    pub gazetteer: Gazetteer,
    /// Every problem found, sorted by file (people, clubs, stadiums) and line.
    pub problems: Vec<Problem>,
}

/// The raw contents of a gazetteer folder's three files, with their paths.
#[derive(Debug, Clone)]
pub struct GazetteerTexts {
    /// `(path, text)` in [`GazetteerFile::ALL`] order.
    pub files: [(PathBuf, String); 3],
}

impl GazetteerTexts {
    /// Reads the three files of a folder; a missing file or one that is not UTF-8 is an error
    /// naming it (and the line of the first bad byte).
    pub fn read(dir: &Path) -> Result<GazetteerTexts> {
        let read = |file: GazetteerFile| -> Result<(PathBuf, String)> {
            let path = dir.join(file.file_name());
            let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
            let text = String::from_utf8(bytes).map_err(|e| {
                Error::Gazetteer(vec![Problem {
                    path: path.clone(),
                    line: line_of_offset_bytes(e.as_bytes(), e.utf8_error().valid_up_to()),
                    message: "not valid UTF-8".to_string(),
                }])
            })?;
            Ok((path, text))
        };
        Ok(GazetteerTexts {
            files: [
                read(GazetteerFile::People)?,
                read(GazetteerFile::Clubs)?,
                read(GazetteerFile::Stadiums)?,
            ],
        })
    }

    /// One file's path and text.
    pub fn get(&self, file: GazetteerFile) -> (&Path, &str) {
        let (path, text) = &self.files[file as usize];
        (path, text)
    }

    /// Validates the three texts (see [`Gazetteer::validate_texts`]).
    pub fn validate(&self) -> Validation {
        Gazetteer::validate_texts(
            self.get(GazetteerFile::People),
            self.get(GazetteerFile::Clubs),
            self.get(GazetteerFile::Stadiums),
        )
    }
}

impl Gazetteer {
    /// Loads `people.tsv`, `clubs.tsv` and `stadiums.tsv` from a folder, validating everything.
    pub fn load(dir: impl AsRef<Path>) -> Result<Gazetteer> {
        let dir = dir.as_ref();
        let texts = GazetteerTexts::read(dir)?;
        let mut gazetteer = Gazetteer::from_texts(
            texts.get(GazetteerFile::People),
            texts.get(GazetteerFile::Clubs),
            texts.get(GazetteerFile::Stadiums),
        )?;
        gazetteer.dir = Some(dir.to_path_buf());
        Ok(gazetteer)
    }

    /// Builds a gazetteer from the three files' contents, each with the path used in messages.
    /// Refuses the files with every problem found.
    pub fn from_texts(
        people: (&Path, &str),
        clubs: (&Path, &str),
        stadiums: (&Path, &str),
    ) -> Result<Gazetteer> {
        let validation = Gazetteer::validate_texts(people, clubs, stadiums);
        if validation.problems.is_empty() {
            Ok(validation.gazetteer)
        } else {
            Err(Error::Gazetteer(validation.problems))
        }
    }

    /// Validates the three files' contents and keeps going: every problem found (sorted by file
    /// and line), and a gazetteer of the rows that could be read (a row with a bad reference is
    /// kept; a row with a malformed id, name or role is not). This is the one place the rules of
    /// FORMATS.md section 1 live; [`Gazetteer::from_texts`] refuses what it reports, and
    /// `matchfacts gazetteer check` prints it together with its warnings.
    pub fn validate_texts(
        people: (&Path, &str),
        clubs: (&Path, &str),
        stadiums: (&Path, &str),
    ) -> Validation {
        let mut problems = Vec::new();
        let mut entities: Vec<Entity> = Vec::new();
        let mut by_id: HashMap<String, usize> = HashMap::default();
        let mut where_defined: HashMap<String, (PathBuf, usize)> = HashMap::default();
        let inputs = [
            (GazetteerFile::People, people),
            (GazetteerFile::Clubs, clubs),
            (GazetteerFile::Stadiums, stadiums),
        ];
        for &(file, (path, text)) in &inputs {
            let table = Table::parse(path, text, &mut problems);
            let mut columns = Vec::new();
            for &name in file.columns() {
                match table.column(name) {
                    Some(index) => columns.push(index),
                    None => {
                        problems.push(Problem {
                            path: path.to_path_buf(),
                            line: table.header_line,
                            message: format!(
                                "missing column `{name}` in header (expected {})",
                                file.columns().join(", ")
                            ),
                        });
                    }
                }
            }
            if columns.len() != file.columns().len() {
                continue;
            }
            for row in &table.rows {
                let get = |k: usize| row.fields[columns[k]];
                let mut problem = |message: String| {
                    problems.push(Problem {
                        path: path.to_path_buf(),
                        line: row.line,
                        message,
                    })
                };
                for (k, &name) in file.columns().iter().enumerate() {
                    let value = get(k);
                    if value != value.trim() {
                        problem(format!(
                            "`{name}` has leading or trailing spaces: `{value}`"
                        ));
                    }
                }
                let id = get(0).trim();
                if !is_valid_id(id) {
                    problem(format!("malformed id `{id}`: ids are [a-z0-9-]+"));
                    continue;
                }
                if let Some((first_path, first_line)) = where_defined.get(id) {
                    problem(format!(
                        "duplicate id `{id}` (first defined at {}:{first_line})",
                        first_path.display()
                    ));
                    continue;
                }
                let name = get(1).trim();
                if name.is_empty() {
                    problem(format!("empty name for id `{id}`"));
                    continue;
                }
                let mut aliases = Vec::new();
                let alias_field = get(2).trim();
                if !alias_field.is_empty() {
                    for alias in alias_field.split('|') {
                        let alias = alias.trim();
                        if alias.is_empty() {
                            problem(format!("empty alias in `{alias_field}`"));
                        } else {
                            aliases.push(alias.to_string());
                        }
                    }
                }
                let opt = |s: &str| {
                    let s = s.trim();
                    (!s.is_empty()).then(|| s.to_string())
                };
                let entity = match file {
                    GazetteerFile::People => {
                        let role = get(3).trim();
                        let kind = match role {
                            "player" => EntityKind::Player,
                            "coach" => EntityKind::Coach,
                            "referee" => EntityKind::Referee,
                            other => {
                                problem(format!(
                                    "unknown role `{other}` (expected player, coach or referee)"
                                ));
                                continue;
                            }
                        };
                        Entity {
                            id: id.to_string(),
                            name: name.to_string(),
                            aliases,
                            kind,
                            club: opt(get(4)),
                            nationality: opt(get(5)),
                            city: None,
                            country: None,
                            stadium: None,
                            clubs: Vec::new(),
                            file,
                            line: row.line,
                        }
                    }
                    GazetteerFile::Clubs => Entity {
                        id: id.to_string(),
                        name: name.to_string(),
                        aliases,
                        kind: EntityKind::Club,
                        club: None,
                        nationality: None,
                        city: opt(get(3)),
                        country: opt(get(4)),
                        stadium: opt(get(5)),
                        clubs: Vec::new(),
                        file,
                        line: row.line,
                    },
                    GazetteerFile::Stadiums => Entity {
                        id: id.to_string(),
                        name: name.to_string(),
                        aliases,
                        kind: EntityKind::Stadium,
                        club: None,
                        nationality: None,
                        city: opt(get(3)),
                        country: None,
                        stadium: None,
                        clubs: get(4)
                            .split('|')
                            .map(str::trim)
                            .filter(|s| !s.is_empty())
                            .map(str::to_string)
                            .collect(),
                        file,
                        line: row.line,
                    },
                };
                where_defined.insert(id.to_string(), (path.to_path_buf(), row.line));
                by_id.insert(id.to_string(), entities.len());
                entities.push(entity);
            }
        }
        // References between files.
        let paths: HashMap<GazetteerFile, &Path> = [
            (GazetteerFile::People, people.0),
            (GazetteerFile::Clubs, clubs.0),
            (GazetteerFile::Stadiums, stadiums.0),
        ]
        .into_iter()
        .collect();
        for entity in &entities {
            let mut check = |what: &str, id: &str, expected: EntityKind| {
                let ok = by_id.get(id).is_some_and(|&i| entities[i].kind == expected);
                if !ok {
                    problems.push(Problem {
                        path: paths[&entity.file].to_path_buf(),
                        line: entity.line,
                        message: format!(
                            "{what} `{id}` of `{}` is not an id in {}",
                            entity.id,
                            match expected {
                                EntityKind::Stadium => "stadiums.tsv",
                                _ => "clubs.tsv",
                            }
                        ),
                    });
                }
            };
            if let Some(club) = &entity.club {
                check("club", club, EntityKind::Club);
            }
            if let Some(stadium) = &entity.stadium {
                check("stadium", stadium, EntityKind::Stadium);
            }
            for club in &entity.clubs {
                check("club", club, EntityKind::Club);
            }
        }
        let order = |p: &Path| inputs.iter().position(|(_, (q, _))| *q == p);
        problems.sort_by_key(|a| (order(&a.path), a.line));
        let clubs: Vec<Option<u32>> = entities
            .iter()
            .enumerate()
            .map(|(i, entity)| match entity.kind {
                EntityKind::Club => Some(i as u32),
                _ => entity
                    .club
                    .as_deref()
                    .and_then(|c| by_id.get(c))
                    .map(|&c| c as u32),
            })
            .collect();
        let members = Members::of(&clubs);
        // Four bytes per entity (not eight): resolution reads it for every candidate of a common
        // surname, at random, from a table that is large at 100k people.
        let clubs: Vec<u32> = clubs.iter().map(|c| c.unwrap_or(NO_CLUB)).collect();
        let kinds = entities.iter().map(|e| e.kind).collect();
        let ids = StringTable::new(entities.iter().map(|e| e.id.as_str()));
        Validation {
            gazetteer: Gazetteer {
                entities,
                by_id,
                clubs,
                members,
                kinds,
                ids,
                dir: None,
            },
            problems,
        }
    }

    /// All entities, people first, then clubs, then stadiums, in file order.
    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    /// The number of entities.
    pub fn len(&self) -> usize {
        self.entities.len()
    }

    /// Whether there are no entities at all.
    pub fn is_empty(&self) -> bool {
        self.entities.is_empty()
    }

    /// The entity with this id.
    pub fn get(&self, id: &str) -> Option<&Entity> {
        self.by_id.get(id).map(|&i| &self.entities[i])
    }

    /// The index of the entity with this id in [`Gazetteer::entities`].
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// The folder the gazetteer was loaded from, if any.
    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    /// The club a person plays for, or a club itself, as an entity index.
    pub fn club_of(&self, index: usize) -> Option<usize> {
        self.clubs
            .get(index)
            .filter(|&&c| c != NO_CLUB)
            .map(|&c| c as usize)
    }

    /// Entity `index`'s id (`""` for an index out of range).
    pub fn id_of(&self, index: usize) -> &str {
        self.ids.get(index)
    }

    /// Entity `index`'s kind.
    pub fn kind_of(&self, index: usize) -> Option<EntityKind> {
        self.kinds.get(index).copied()
    }

    /// The entities whose club is entity `club` (its people), in index order; empty for an
    /// entity that is not a club.
    pub fn members(&self, club: usize) -> &[u32] {
        self.members.of_club(club)
    }
}

/// In [`Gazetteer::clubs`]: the entity has no club.
const NO_CLUB: u32 = u32::MAX;

/// Every club's members in one list, grouped by club (a compressed sparse row index).
#[derive(Debug, Clone, Default)]
struct Members {
    /// Entity `i`'s members are `list[starts[i]..starts[i + 1]]`.
    starts: Vec<u32>,
    list: Vec<u32>,
}

impl Members {
    fn of(clubs: &[Option<u32>]) -> Members {
        let club_of = |(i, c): (usize, &Option<u32>)| c.filter(|&c| c as usize != i);
        let mut starts = vec![0u32; clubs.len() + 1];
        for c in clubs.iter().enumerate().filter_map(club_of) {
            starts[c as usize + 1] += 1;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut next = starts.clone();
        let mut list = vec![0u32; starts.last().map_or(0, |&n| n as usize)];
        for (i, c) in clubs.iter().enumerate() {
            if let Some(c) = club_of((i, c)) {
                list[next[c as usize] as usize] = i as u32;
                next[c as usize] += 1;
            }
        }
        Members { starts, list }
    }

    fn of_club(&self, club: usize) -> &[u32] {
        match (self.starts.get(club), self.starts.get(club + 1)) {
            (Some(&a), Some(&b)) => &self.list[a as usize..b as usize],
            _ => &[],
        }
    }
}

fn line_of_offset_bytes(bytes: &[u8], offset: usize) -> usize {
    bytes[..offset.min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    const PEOPLE: &str = "id\tname\taliases\trole\tclub\tnationality\n\
        kalidou-koulibaly\tKalidou Koulibaly\t\tplayer\tnapoli\tSenegal\n\
        stefan-de-vrij\tStefan de Vrij\t\tplayer\tlazio\tNetherlands\n";
    const CLUBS: &str = "id\tname\taliases\tcity\tcountry\tstadium\n\
        # a comment\n\
        napoli\tNapoli\tPartenopei\tNaples\tItaly\tstadio-san-paolo\n\
        lazio\tLazio\t\tRome\tItaly\t\n";
    const STADIUMS: &str =
        "id\tname\taliases\tcity\tclubs\nstadio-san-paolo\tStadio San Paolo\t\tNaples\tnapoli\n";

    fn load(people: &str, clubs: &str, stadiums: &str) -> Result<Gazetteer> {
        Gazetteer::from_texts(
            (Path::new("people.tsv"), people),
            (Path::new("clubs.tsv"), clubs),
            (Path::new("stadiums.tsv"), stadiums),
        )
    }

    #[test]
    fn compact_ids_and_kinds_match_the_entities() {
        let g = load(PEOPLE, CLUBS, STADIUMS).unwrap();
        for (i, e) in g.entities().iter().enumerate() {
            assert_eq!(g.id_of(i), e.id);
            assert_eq!(g.kind_of(i), Some(e.kind));
        }
        assert_eq!(g.id_of(g.len()), "");
        assert_eq!(g.kind_of(g.len()), None);
    }

    #[test]
    fn club_members_are_the_entities_of_the_club() {
        let g = load(PEOPLE, CLUBS, STADIUMS).unwrap();
        let ids = |club: &str| -> Vec<&str> {
            g.members(g.index_of(club).unwrap())
                .iter()
                .map(|&i| g.entities()[i as usize].id.as_str())
                .collect()
        };
        // A club is not its own member.
        assert_eq!(ids("napoli"), ["kalidou-koulibaly"]);
        assert_eq!(ids("lazio"), ["stefan-de-vrij"]);
        assert!(ids("kalidou-koulibaly").is_empty());
        assert!(g.members(99).is_empty());
    }

    /// The quote extractor reads "the Juventus coach" from the club's member list instead of
    /// every entity's kind and club: the two must agree for every entity.
    #[test]
    fn members_are_exactly_the_people_of_each_club() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("gazetteers");
        for g in [
            load(PEOPLE, CLUBS, STADIUMS).unwrap(),
            Gazetteer::load(&dir).unwrap(),
        ] {
            for club in 0..g.len() {
                let expected: Vec<u32> = (0..g.len())
                    .filter(|&i| g.kind_of(i).is_some_and(EntityKind::is_person))
                    .filter(|&i| g.club_of(i) == Some(club))
                    .map(|i| i as u32)
                    .collect();
                assert_eq!(g.members(club), expected, "club {}", g.id_of(club));
            }
        }
    }

    #[test]
    fn loads_valid_files() {
        let g = load(PEOPLE, CLUBS, STADIUMS).unwrap();
        assert_eq!(g.len(), 5);
        assert_eq!(g.get("napoli").unwrap().aliases, vec!["Partenopei"]);
        assert_eq!(g.get("stefan-de-vrij").unwrap().surname(), Some("de Vrij"));
        assert_eq!(
            g.get("kalidou-koulibaly").unwrap().club.as_deref(),
            Some("napoli")
        );
    }

    #[test]
    fn surnames() {
        let cases: &[(&str, &str, Option<&str>)] = &[
            ("two_words", "Kalidou Koulibaly", Some("Koulibaly")),
            ("particle_de", "Stefan de Vrij", Some("de Vrij")),
            ("two_particles", "Edwin van der Sar", Some("van der Sar")),
            (
                "hyphenated",
                "Sergej Milinković-Savić",
                Some("Milinković-Savić"),
            ),
            ("single_word", "Ronaldinho", None),
            ("three_words", "Mehdi Amine Benatia", Some("Benatia")),
        ];
        for (name, full, expected) in cases {
            assert_eq!(derived_surname(full), *expected, "case {name}");
        }
    }

    #[test]
    fn refuses_bad_rows_with_file_and_line() {
        let cases: &[(&str, &str, &str, &str)] = &[
            (
                "wrong_column_count",
                "id\tname\taliases\trole\tclub\tnationality\nx\tX\tplayer\n",
                "people.tsv:2: expected 6 tab-separated columns",
                "",
            ),
            (
                "unknown_role",
                "id\tname\taliases\trole\tclub\tnationality\nx\tX Y\t\tgoalie\t\t\n",
                "people.tsv:2: unknown role `goalie`",
                "",
            ),
            (
                "malformed_id",
                "id\tname\taliases\trole\tclub\tnationality\nBad Id\tX Y\t\tplayer\t\t\n",
                "people.tsv:2: malformed id `Bad Id`",
                "",
            ),
            (
                "missing_club",
                "id\tname\taliases\trole\tclub\tnationality\nx\tX Y\t\tplayer\tnowhere\t\n",
                "people.tsv:2: club `nowhere` of `x` is not an id in clubs.tsv",
                "",
            ),
            (
                "duplicate_id_across_files",
                "id\tname\taliases\trole\tclub\tnationality\nnapoli\tX Y\t\tplayer\t\t\n",
                "clubs.tsv:3: duplicate id `napoli` (first defined at people.tsv:2)",
                "",
            ),
            (
                "leading_space",
                "id\tname\taliases\trole\tclub\tnationality\nx\t X Y\t\tplayer\t\t\n",
                "people.tsv:2: `name` has leading or trailing spaces",
                "",
            ),
        ];
        for (name, people, expected, _) in cases {
            let err = load(people, CLUBS, STADIUMS).unwrap_err().to_string();
            assert!(err.contains(expected), "case {name}: got {err}");
        }
    }

    #[test]
    fn reports_every_problem() {
        let people = "id\tname\taliases\trole\tclub\tnationality\na\tA B\t\tgoalie\t\t\nb\tB C\t\tplayer\tnone\t\n";
        let err = load(people, CLUBS, STADIUMS).unwrap_err();
        match err {
            Error::Gazetteer(problems) => assert_eq!(problems.len(), 2),
            other => panic!("unexpected {other}"),
        }
    }
}
