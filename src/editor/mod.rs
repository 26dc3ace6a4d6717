//! The editors' gazetteer workflow behind `matchfacts gazetteer ...`:
//! [`check`](mod@check) the files (errors and warnings in one run), [`stats`](mod@stats),
//! [`add`](mod@add) a row without disturbing the file, [`suggest`](mod@suggest) what a corpus
//! mentions that the gazetteers miss, [`import`](mod@import) clubs and stadiums from openfootball
//! club files, and [`diff`](mod@diff) two gazetteer folders (entries, mentions on a corpus, F1 on
//! gold).
//!
//! The validation rules themselves live in [`crate::gazetteer`] ([`Gazetteer::validate_texts`]);
//! this module adds what only editors need: warnings, id generation, byte-preserving edits and
//! atomic writes.

pub mod add;
pub mod check;
pub mod diff;
pub mod import;
pub mod stats;
pub mod suggest;
pub mod tsv;

use std::collections::HashMap;
use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::document::{collect_inputs, Document, Input};
use crate::error::{Error, Result};
use crate::fold::fold;
use crate::gazetteer::{EntityKind, Gazetteer};
use crate::words::{WordList, COMMON_WORDS};

pub use add::{add, AddOptions, Added, NewEntry};
pub use check::{check_dir, check_texts, CheckReport, Finding, Severity};
pub use diff::{
    diff_dirs, diff_entries, diff_gold, diff_mentions, EntryChange, GazetteerDiff, LayerDelta,
    MentionChange,
};
pub use import::{parse_openfootball, plan_import, ImportOptions, ImportPlan, OfClub};
pub use stats::{stats, Stats};
pub use suggest::{suggest, Suggester, Suggestions};

/// Capitalised words that are also aliases or surnames and read as ordinary English at the start
/// of a sentence or in a headline (`Fortune`, `Palace`, `Speed`), on top of
/// `data/common-words.txt`. Only `gazetteer check` and `gazetteer import` use it: the matcher does
/// not.
pub const RISKY_ALIASES: &str = include_str!("../../data/risky-aliases.txt");

/// The words a one-word alias or surname should not be: `common-words.txt` and
/// `risky-aliases.txt`.
#[derive(Debug, Clone)]
pub struct RiskyWords {
    common: WordList,
    risky: WordList,
}

impl Default for RiskyWords {
    fn default() -> RiskyWords {
        RiskyWords {
            common: WordList::parse("common-words.txt", COMMON_WORDS),
            risky: WordList::parse("risky-aliases.txt", RISKY_ALIASES),
        }
    }
}

impl RiskyWords {
    /// The list a one-word form is in (`common-words.txt` or `risky-aliases.txt`), if any.
    pub fn list_of(&self, form: &str) -> Option<&'static str> {
        if form.split_whitespace().count() != 1 {
            return None;
        }
        let folded = fold(form);
        if self.common.contains(&folded) {
            Some(self.common.name())
        } else if self.risky.contains(&folded) {
            Some(self.risky.name())
        } else {
            None
        }
    }
}

pub use crate::gazetteer::slug;

/// Words dropped from a club's name to make its id (CONVENTIONS.md: FC, AFC, "Football Club",
/// Calcio, S.S., A.C., A.S. and their spellings).
const CLUB_AFFIXES: &[&str] = &[
    "FC", "F.C.", "AFC", "A.F.C.", "CF", "C.F.", "SC", "S.C.", "SSC", "S.S.C.", "SS", "S.S.", "AC",
    "A.C.", "AS", "A.S.", "Calcio",
];

/// A club's name without the affixes that do not go into its id: `AFC Bournemouth` ->
/// `Bournemouth`, `Arsenal Football Club` -> `Arsenal`, `SS Lazio` -> `Lazio`. A name that would
/// be left empty is returned whole.
pub fn club_base_name(name: &str) -> String {
    let mut words: Vec<&str> = name.split_whitespace().collect();
    // "Association Football Club" and "Football Club" as phrases.
    for phrase in [
        &["Association", "Football", "Club"][..],
        &["Football", "Club"][..],
    ] {
        if let Some(i) = words
            .windows(phrase.len())
            .position(|w| w.iter().zip(phrase).all(|(a, b)| a.eq_ignore_ascii_case(b)))
        {
            words.drain(i..i + phrase.len());
        }
    }
    let kept: Vec<&str> = words
        .iter()
        .copied()
        .filter(|w| !CLUB_AFFIXES.contains(w))
        .collect();
    if kept.is_empty() {
        name.trim().to_string()
    } else {
        kept.join(" ")
    }
}

/// How an entity carries a surface form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FormKind {
    /// Its canonical name.
    Name,
    /// A listed alias.
    Alias,
    /// A person's derived surname.
    Surname,
}

impl FormKind {
    /// The kind with its article, for messages: `the name`, `an alias`, `the surname`.
    pub fn with_article(self) -> &'static str {
        match self {
            FormKind::Name => "the name",
            FormKind::Alias => "an alias",
            FormKind::Surname => "the surname",
        }
    }

    /// The word used in messages.
    pub fn as_str(self) -> &'static str {
        match self {
            FormKind::Name => "name",
            FormKind::Alias => "alias",
            FormKind::Surname => "surname",
        }
    }
}

impl fmt::Display for FormKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One entity carrying a form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormUse {
    /// Index into [`Gazetteer::entities`].
    pub entity: usize,
    /// How it carries the form.
    pub kind: FormKind,
    /// The form as written in the file.
    pub written: String,
}

/// Every surface form the matcher compiles (names, aliases, derived surnames), folded, with the
/// entities that carry it: the basis of ambiguity warnings, duplicate refusal and merging.
#[derive(Debug, Clone, Default)]
pub struct FormIndex {
    forms: HashMap<String, Vec<FormUse>>,
}

impl FormIndex {
    /// Indexes a gazetteer.
    pub fn new(gazetteer: &Gazetteer) -> FormIndex {
        let mut index = FormIndex::default();
        for (i, entity) in gazetteer.entities().iter().enumerate() {
            index.insert(&entity.name, i, FormKind::Name);
            for alias in &entity.aliases {
                index.insert(alias, i, FormKind::Alias);
            }
            if let Some(surname) = entity.surname() {
                index.insert(surname, i, FormKind::Surname);
            }
        }
        index
    }

    /// Adds a form (an entity carrying the same form twice keeps its strongest kind).
    pub fn insert(&mut self, written: &str, entity: usize, kind: FormKind) {
        let folded = fold(written.trim());
        if folded.is_empty() {
            return;
        }
        let uses = self.forms.entry(folded).or_default();
        match uses.iter_mut().find(|u| u.entity == entity) {
            Some(existing) => existing.kind = existing.kind.min(kind),
            None => uses.push(FormUse {
                entity,
                kind,
                written: written.trim().to_string(),
            }),
        }
    }

    /// The entities carrying a form (any case or diacritics).
    pub fn get(&self, form: &str) -> &[FormUse] {
        self.forms
            .get(&fold(form.trim()))
            .map_or(&[][..], Vec::as_slice)
    }

    /// The number of distinct folded forms.
    pub fn len(&self) -> usize {
        self.forms.len()
    }

    /// Whether there are no forms.
    pub fn is_empty(&self) -> bool {
        self.forms.is_empty()
    }

    /// Forms carried by more than one entity, sorted by folded form.
    pub fn shared(&self) -> Vec<(&str, &[FormUse])> {
        let mut out: Vec<(&str, &[FormUse])> = self
            .forms
            .iter()
            .filter(|(_, uses)| uses.len() > 1)
            .map(|(form, uses)| (form.as_str(), uses.as_slice()))
            .collect();
        out.sort_by(|a, b| a.0.cmp(b.0));
        out
    }
}

/// The file an entity of this kind is written to.
pub fn file_of(kind: EntityKind) -> crate::gazetteer::GazetteerFile {
    use crate::gazetteer::GazetteerFile;
    match kind {
        EntityKind::Player | EntityKind::Coach | EntityKind::Referee => GazetteerFile::People,
        EntityKind::Club => GazetteerFile::Clubs,
        EntityKind::Stadium => GazetteerFile::Stadiums,
    }
}

/// Where a write to a path goes: what [`write_atomically`] and `extract --output` decide first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteTarget {
    /// A regular file, new or existing (through a symbolic link too: then the file it points
    /// to, so the link stays): written whole to a temporary file beside it and renamed over it.
    Replace(PathBuf),
    /// Anything else that exists (`/dev/null`, a pipe, a terminal): written directly. A
    /// temporary file renamed over it would replace it with a regular file.
    Direct(PathBuf),
}

impl WriteTarget {
    /// The target of a write to `path`.
    pub fn of(path: &Path) -> WriteTarget {
        match std::fs::metadata(path) {
            Ok(meta) if !meta.is_file() => WriteTarget::Direct(path.to_path_buf()),
            Ok(_) => {
                WriteTarget::Replace(std::fs::canonicalize(path).unwrap_or(path.to_path_buf()))
            }
            Err(_) => WriteTarget::Replace(path.to_path_buf()),
        }
    }
}

/// Replaces a file's contents atomically: the bytes go to a temporary file in the same folder,
/// which is flushed to disk and then renamed over the target, so a crash leaves either the old
/// file or the new one, never a truncated one. The target's permissions are kept. Through a
/// symbolic link the file it points to is replaced; a path that is not a regular file
/// (`/dev/null`) is written directly ([`WriteTarget`]).
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomically_with(path, |out| {
        out.write_all(bytes).map_err(|e| Error::io(path, e))
    })
}

/// [`write_atomically`] with the contents written by `write` as they come (buffered), for
/// outputs too large to hold in memory (`extract --output`). If `write` fails, its error is
/// returned and the target is left as it was (the temporary file is removed).
pub fn write_atomically_with<E: From<Error>>(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    let path = match WriteTarget::of(path) {
        WriteTarget::Replace(path) => path,
        WriteTarget::Direct(path) => {
            let file = std::fs::OpenOptions::new()
                .write(true)
                .open(&path)
                .map_err(|e| Error::io(&path, e))?;
            let mut out = std::io::BufWriter::new(file);
            write(&mut out)?;
            out.flush().map_err(|e| Error::io(&path, e))?;
            return Ok(());
        }
    };
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| Error::io(dir, e))?;
    let mut out = std::io::BufWriter::new(tmp.as_file());
    write(&mut out)?;
    out.flush().map_err(|e| Error::io(tmp.path(), e))?;
    drop(out);
    tmp.as_file()
        .sync_all()
        .map_err(|e| Error::io(tmp.path(), e))?;
    if let Ok(meta) = std::fs::metadata(&path) {
        std::fs::set_permissions(tmp.path(), meta.permissions())
            .map_err(|e| Error::io(tmp.path(), e))?;
    }
    tmp.persist(&path).map_err(|e| Error::io(&path, e.error))?;
    Ok(())
}

/// How many documents the editors' corpus commands (`suggest`, `diff`) read at a time.
pub const CORPUS_PART: usize = 256;

/// Reads the documents of files and folders (folders: `*.txt`, recursively, sorted) a part at a
/// time: calls `part` with each part's documents in corpus order (up to [`CORPUS_PART`], read in
/// parallel), and `error` with the error of each input that could not be read, in order, so
/// that memory holds one part whatever the corpus's size. Returns the documents read.
pub fn for_each_part(
    paths: &[PathBuf],
    mut part: impl FnMut(&[Document]),
    mut error: impl FnMut(Error),
) -> usize {
    use rayon::prelude::*;
    let inputs = collect_inputs(paths);
    let mut read = 0;
    for chunk in inputs.chunks(CORPUS_PART) {
        let outcomes: Vec<Result<Document>> = chunk.par_iter().map(Input::read).collect();
        let mut docs = Vec::with_capacity(outcomes.len());
        for outcome in outcomes {
            match outcome {
                Ok(doc) => docs.push(doc),
                Err(e) => error(e),
            }
        }
        read += docs.len();
        part(&docs);
    }
    read
}

/// Collapses tabs, newlines and runs of spaces into single spaces, trimmed (TSV-safe).
pub fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A corpus of more than one part: every document once, in corpus order, in parts of at
    /// most `CORPUS_PART`; the inputs that cannot be read go to `error`, in order, and are not
    /// counted.
    #[test]
    fn parts_cover_the_corpus_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let n = CORPUS_PART + 44;
        for i in 0..n {
            std::fs::write(dir.path().join(format!("{i:04}.txt")), format!("doc {i}")).unwrap();
        }
        let missing = dir.path().join("gone.txt");
        let paths = [dir.path().to_path_buf(), missing.clone()];
        let mut texts = Vec::new();
        let mut sizes = Vec::new();
        let mut errors = Vec::new();
        let read = for_each_part(
            &paths,
            |docs| {
                sizes.push(docs.len());
                texts.extend(docs.iter().map(|d| d.text.clone()));
            },
            |e| errors.push(e.to_string()),
        );
        assert_eq!(read, n);
        let want: Vec<String> = (0..n).map(|i| format!("doc {i}")).collect();
        assert_eq!(texts, want);
        assert_eq!(sizes, [CORPUS_PART, 44]);
        assert_eq!(errors.len(), 1);
        assert!(errors[0].contains("gone.txt"), "{errors:?}");
    }

    /// Where writes go: a new or regular file is replaced (through a link, the file it points
    /// to), anything else is written directly.
    #[cfg(unix)]
    #[test]
    fn write_targets() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.tsv");
        let link = dir.path().join("link.tsv");
        let new = dir.path().join("new.tsv");
        std::fs::write(&real, "old\n").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let canonical = std::fs::canonicalize(&real).unwrap();
        assert_eq!(
            WriteTarget::of(&real),
            WriteTarget::Replace(canonical.clone())
        );
        assert_eq!(WriteTarget::of(&link), WriteTarget::Replace(canonical));
        assert_eq!(WriteTarget::of(&new), WriteTarget::Replace(new.clone()));
        let null = Path::new("/dev/null");
        assert_eq!(
            WriteTarget::of(null),
            WriteTarget::Direct(null.to_path_buf())
        );
        assert_eq!(
            WriteTarget::of(dir.path()),
            WriteTarget::Direct(dir.path().to_path_buf())
        );
    }

    /// `write_atomically` through a link replaces the file it points to and keeps the link; a
    /// pipe is written into and stays a pipe.
    #[cfg(unix)]
    #[test]
    fn atomic_writes_keep_links_and_pipes() {
        use std::os::unix::fs::FileTypeExt;
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.tsv");
        let link = dir.path().join("link.tsv");
        std::fs::write(&real, "old\n").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_atomically(&link, b"new\n").unwrap();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "new\n");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
        let fifo = dir.path().join("out.fifo");
        match std::process::Command::new("mkfifo").arg(&fifo).status() {
            Ok(status) if status.success() => {}
            _ => {
                eprintln!("skipping the pipe: mkfifo is not available here");
                return;
            }
        }
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read_to_string(fifo))
        };
        write_atomically(&fifo, b"piped\n").unwrap();
        let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
        assert!(kind.is_fifo(), "{kind:?}");
        assert_eq!(reader.join().unwrap().unwrap(), "piped\n");
    }

    /// A streamed write that fails leaves the target as it was and no temporary file; one that
    /// succeeds replaces it in pieces written as they come.
    #[test]
    fn a_failed_streamed_write_leaves_the_target() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.jsonl");
        std::fs::write(&target, "old\n").unwrap();
        let failed = write_atomically_with(&target, |out| {
            out.write_all(b"half of it")
                .map_err(|e| Error::io(&target, e))?;
            Err(Error::Invalid("stopped".to_string()))
        });
        assert_eq!(
            failed.map_err(|e| e.to_string()),
            Err("stopped".to_string())
        );
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "old\n");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        write_atomically_with(&target, |out| {
            for line in ["a\n", "b\n"] {
                out.write_all(line.as_bytes())
                    .map_err(|e| Error::io(&target, e))?;
            }
            Ok::<(), Error>(())
        })
        .unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "a\nb\n");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn slugs() {
        let cases: &[(&str, &str, &str)] = &[
            ("plain", "Kalidou Koulibaly", "kalidou-koulibaly"),
            ("diacritics", "Marek Hamšík", "marek-hamsik"),
            ("particle", "Stefan de Vrij", "stefan-de-vrij"),
            ("apostrophe", "St Mary's Stadium", "st-mary-s-stadium"),
            (
                "ampersand",
                "Brighton & Hove Albion",
                "brighton-hove-albion",
            ),
            ("stroke_letter", "Peter Løvenkrands", "peter-lovenkrands"),
            ("trim", " -Juve- ", "juve"),
            ("colon", "Stadium:mk", "stadium-mk"),
            ("polish", "Wojciech Szczęsny", "wojciech-szczesny"),
        ];
        for (name, input, expected) in cases {
            assert_eq!(slug(input), *expected, "case {name}");
        }
    }

    #[test]
    fn club_base_names() {
        let cases: &[(&str, &str, &str)] = &[
            ("trailing_fc", "Arsenal FC", "Arsenal"),
            ("leading_afc", "AFC Bournemouth", "Bournemouth"),
            ("football_club", "Arsenal Football Club", "Arsenal"),
            (
                "association",
                "Leeds United Association Football Club",
                "Leeds United",
            ),
            ("ss", "SS Lazio", "Lazio"),
            ("ac", "AC Milan", "Milan"),
            ("nothing_to_drop", "Inter Milan", "Inter Milan"),
            ("only_affix", "FC", "FC"),
            ("dotted", "A.F.C. Bournemouth", "Bournemouth"),
        ];
        for (name, input, expected) in cases {
            assert_eq!(club_base_name(input), *expected, "case {name}");
        }
    }

    #[test]
    fn risky_words() {
        let words = RiskyWords::default();
        assert_eq!(words.list_of("Young"), Some("common-words.txt"));
        assert_eq!(words.list_of("United"), Some("common-words.txt"));
        assert_eq!(words.list_of("Green"), Some("common-words.txt"));
        assert_eq!(words.list_of("Fortune"), Some("risky-aliases.txt"));
        assert_eq!(words.list_of("Koulibaly"), None);
        assert_eq!(words.list_of("Old Lady"), None);
    }
}
