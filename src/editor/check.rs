//! `gazetteer check`: every error (the loading rules of [`Gazetteer::validate_texts`]) and every
//! warning (what loads but deserves an editor's look) in one run, as `file:line: problem`.
//!
//! Warnings:
//! - a form (alias, derived surname, or a name that is another entity's alias or surname) carried
//!   by several entities, listed with them;
//! - a one-word alias or derived surname that is a common English word (`Young`, `Given`,
//!   `United`: `data/common-words.txt` and `data/risky-aliases.txt`), a false-match risk when
//!   capitalised at a sentence start or in a headline;
//! - two entries with the same name;
//! - an alias that repeats the entity's own name or derived surname (matched anyway);
//! - a field not in Unicode NFC, or holding an invisible character (no-break or zero-width
//!   space, a control character);
//! - a UTF-8 byte-order mark at the start of a file (ignored when loading).

use std::fmt;
use std::path::Path;

use serde::Serialize;
use unicode_normalization::is_nfc;

use crate::error::{Error, Problem, Result};
use crate::fold::fold;
use crate::gazetteer::{Gazetteer, GazetteerFile, GazetteerTexts, Table};

use super::{FormIndex, FormKind, RiskyWords};

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The gazetteer does not load (exit 2).
    Error,
    /// It loads, but an editor should look (exit 0).
    Warning,
}

/// One error or warning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Error or warning.
    pub severity: Severity,
    /// Where and what.
    pub problem: Problem,
}

impl fmt::Display for Finding {
    /// Errors print as `file:line: problem`, warnings as `file:line: warning: problem`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.severity {
            Severity::Error => write!(f, "{}", self.problem),
            Severity::Warning => {
                let p = &self.problem;
                let at = if p.line == 0 {
                    format!("{}", p.path.display())
                } else {
                    format!("{}:{}", p.path.display(), p.line)
                };
                write!(f, "{at}: warning: {}", p.message)
            }
        }
    }
}

/// Everything `check` found: errors first, then warnings, each sorted by file and line.
#[derive(Debug, Clone, Default)]
pub struct CheckReport {
    /// The findings.
    pub findings: Vec<Finding>,
    /// The number of entities that could be read.
    pub entities: usize,
}

impl CheckReport {
    /// The number of errors.
    pub fn errors(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count()
    }

    /// The number of warnings.
    pub fn warnings(&self) -> usize {
        self.findings.len() - self.errors()
    }

    /// The findings as JSON objects: `{"severity", "file", "line", "message"}`.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::Value::Array(
            self.findings
                .iter()
                .map(|f| {
                    serde_json::json!({
                        "severity": f.severity,
                        "file": f.problem.path.display().to_string(),
                        "line": f.problem.line,
                        "message": f.problem.message,
                    })
                })
                .collect(),
        )
    }
}

/// Checks a gazetteer folder. Only a file that cannot be read at all is an `Err`; a file that is
/// not UTF-8 is an error finding.
pub fn check_dir(dir: &Path) -> Result<CheckReport> {
    match GazetteerTexts::read(dir) {
        Ok(texts) => Ok(check_texts(&texts)),
        Err(Error::Gazetteer(problems)) => Ok(CheckReport {
            findings: problems
                .into_iter()
                .map(|problem| Finding {
                    severity: Severity::Error,
                    problem,
                })
                .collect(),
            entities: 0,
        }),
        Err(e) => Err(e),
    }
}

/// Checks the three files' texts: the loading rules' errors, then the warnings.
pub fn check_texts(texts: &GazetteerTexts) -> CheckReport {
    let validation = texts.validate();
    let mut findings: Vec<Finding> = validation
        .problems
        .into_iter()
        .map(|problem| Finding {
            severity: Severity::Error,
            problem,
        })
        .collect();
    let mut warnings = text_warnings(texts);
    warnings.extend(entity_warnings(&validation.gazetteer, texts));
    let order = |p: &Problem| {
        GazetteerFile::ALL
            .iter()
            .position(|&f| texts.get(f).0 == p.path)
    };
    warnings.sort_by_key(|a| (order(a), a.line));
    warnings.dedup();
    findings.extend(warnings.into_iter().map(|problem| Finding {
        severity: Severity::Warning,
        problem,
    }));
    CheckReport {
        findings,
        entities: validation.gazetteer.len(),
    }
}

/// Warnings about the entities: shared forms, common words, same names, redundant aliases.
pub fn entity_warnings(gazetteer: &Gazetteer, texts: &GazetteerTexts) -> Vec<Problem> {
    let entities = gazetteer.entities();
    let path_of = |i: usize| texts.get(entities[i].file).0.to_path_buf();
    let short = |i: usize| {
        format!(
            "`{}` ({}:{})",
            entities[i].id,
            entities[i].file.file_name(),
            entities[i].line
        )
    };
    let last = |uses: &[usize]| {
        *uses
            .iter()
            .max_by_key(|&&i| (entities[i].file as usize, entities[i].line))
            .expect("non-empty")
    };
    let mut out = Vec::new();
    let index = FormIndex::new(gazetteer);
    for (_, uses) in index.shared() {
        let all: Vec<usize> = uses.iter().map(|u| u.entity).collect();
        let at = last(&all);
        if uses.iter().all(|u| u.kind == FormKind::Name) {
            out.push(Problem {
                path: path_of(at),
                line: entities[at].line,
                message: format!(
                    "{} entries are named `{}`: {}",
                    uses.len(),
                    uses[0].written,
                    all.iter().map(|&i| short(i)).collect::<Vec<_>>().join(", ")
                ),
            });
            continue;
        }
        let listed: Vec<String> = uses
            .iter()
            .map(|u| format!("{} as {}", short(u.entity), u.kind))
            .collect();
        out.push(Problem {
            path: path_of(at),
            line: entities[at].line,
            message: format!(
                "`{}` is ambiguous: {} entities carry it: {}",
                uses[0].written,
                uses.len(),
                listed.join(", ")
            ),
        });
    }
    let risky = RiskyWords::default();
    for (i, entity) in entities.iter().enumerate() {
        let mut forms: Vec<(&str, FormKind)> = entity
            .aliases
            .iter()
            .map(|a| (a.as_str(), FormKind::Alias))
            .collect();
        if let Some(surname) = entity.surname() {
            forms.push((surname, FormKind::Surname));
        }
        for (form, kind) in forms {
            if let Some(list) = risky.list_of(form) {
                out.push(Problem {
                    path: path_of(i),
                    line: entity.line,
                    message: format!(
                        "{kind} `{form}` of `{}` is a common English word ({list}): a \
                         false-match risk when capitalised at a sentence start or in a headline",
                        entity.id
                    ),
                });
            }
        }
        let name = fold(&entity.name);
        let surname = entity.surname().map(fold);
        let mut seen: Vec<String> = Vec::new();
        for (k, alias) in entity.aliases.iter().enumerate() {
            let folded = fold(alias);
            let earlier = &entity.aliases[..k];
            let what = if folded == name {
                Some(("its name", *alias == entity.name))
            } else if surname.as_deref() == Some(folded.as_str()) {
                Some((
                    "its surname, which is matched without being listed",
                    entity.surname() == Some(alias.as_str()),
                ))
            } else if seen.contains(&folded) {
                Some(("another of its aliases", earlier.contains(alias)))
            } else {
                None
            };
            if let Some((what, literally)) = what {
                let folded_note = if literally {
                    ""
                } else {
                    " once case and accents are folded (matching ignores both)"
                };
                out.push(Problem {
                    path: path_of(i),
                    line: entity.line,
                    message: format!(
                        "alias `{alias}` of `{}` repeats {what}{folded_note}",
                        entity.id
                    ),
                });
            }
            seen.push(folded);
        }
    }
    out
}

/// Warnings about the text itself: byte-order marks, fields not in NFC, invisible characters.
pub fn text_warnings(texts: &GazetteerTexts) -> Vec<Problem> {
    let mut out = Vec::new();
    for file in GazetteerFile::ALL {
        let (path, text) = texts.get(file);
        if text.starts_with('\u{feff}') {
            out.push(Problem {
                path: path.to_path_buf(),
                line: 1,
                message: "the file starts with a UTF-8 byte-order mark (ignored; remove it)"
                    .to_string(),
            });
        }
        let mut ignored = Vec::new();
        let table = Table::parse(path, text, &mut ignored);
        for row in &table.rows {
            for (k, value) in row.fields.iter().enumerate() {
                let column = table.header.get(k).map_or("?", |h| h.trim());
                if !is_nfc(value) {
                    out.push(Problem {
                        path: path.to_path_buf(),
                        line: row.line,
                        message: format!(
                            "`{column}` is not in Unicode NFC: `{value}` (letters and accents \
                             stored apart; retype it or normalise the file)"
                        ),
                    });
                }
                if let Some(c) = value.chars().find(|&c| is_invisible(c)) {
                    out.push(Problem {
                        path: path.to_path_buf(),
                        line: row.line,
                        message: format!(
                            "`{column}` holds an invisible character U+{:04X}: `{}`",
                            c as u32,
                            value.escape_debug()
                        ),
                    });
                }
            }
        }
    }
    out
}

fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00a0}' | '\u{00ad}' | '\u{200b}'..='\u{200f}' | '\u{2060}' | '\u{feff}'
    ) || (c.is_control() && c != '\t')
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    const PEOPLE: &str = "id\tname\taliases\trole\tclub\tnationality\n\
        ashley-young\tAshley Young\t\tplayer\tfulham\tEngland\n\
        ashley-cole\tAshley Cole\t\tplayer\tfulham\tEngland\n\
        joe-cole\tJoe Cole\t\tplayer\tfulham\tEngland\n";
    const CLUBS: &str = "id\tname\taliases\tcity\tcountry\tstadium\n\
        fulham\tFulham\tCottagers\tLondon\tEngland\t\n";
    const STADIUMS: &str = "id\tname\taliases\tcity\tclubs\n";

    fn texts(people: &str, clubs: &str) -> GazetteerTexts {
        GazetteerTexts {
            files: [
                (PathBuf::from("people.tsv"), people.to_string()),
                (PathBuf::from("clubs.tsv"), clubs.to_string()),
                (PathBuf::from("stadiums.tsv"), STADIUMS.to_string()),
            ],
        }
    }

    fn messages(report: &CheckReport) -> Vec<String> {
        report.findings.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn clean_files_have_only_the_expected_warnings() {
        let report = check_texts(&texts(PEOPLE, CLUBS));
        assert_eq!(
            messages(&report),
            [
                "people.tsv:2: warning: surname `Young` of `ashley-young` is a common English \
                 word (common-words.txt): a false-match risk when capitalised at a sentence \
                 start or in a headline",
                "people.tsv:4: warning: `Cole` is ambiguous: 2 entities carry it: \
                 `ashley-cole` (people.tsv:3) as surname, `joe-cole` (people.tsv:4) as surname",
            ]
        );
        assert_eq!(report.errors(), 0);
    }

    /// (case, extra people row, expected finding)
    const WARNINGS: &[(&str, &str, &str)] = &[
        (
            "alias_taken_by_a_club",
            "x-y\tXavier Yelp\tCottagers\tplayer\t\t\n",
            "clubs.tsv:2: warning: `Cottagers` is ambiguous: 2 entities carry it: `x-y` \
             (people.tsv:5) as alias, `fulham` (clubs.tsv:2) as alias",
        ),
        (
            "risky_alias",
            "x-y\tXavier Yelp\tFortune\tplayer\t\t\n",
            "people.tsv:5: warning: alias `Fortune` of `x-y` is a common English word \
             (risky-aliases.txt): a false-match risk when capitalised at a sentence start or \
             in a headline",
        ),
        (
            "same_name",
            "joe-cole-2\tJoe Cole\t\tplayer\t\t\n",
            "people.tsv:5: warning: 2 entries are named `Joe Cole`: `joe-cole` \
             (people.tsv:4), `joe-cole-2` (people.tsv:5)",
        ),
        (
            "alias_repeats_surname",
            "x-y\tXavier Yelp\tYelp\tplayer\t\t\n",
            "people.tsv:5: warning: alias `Yelp` of `x-y` repeats its surname, which is \
             matched without being listed",
        ),
        (
            "alias_repeats_name_folded",
            "x-y\tXavier Yelp\tXAVIER YÉLP\tplayer\t\t\n",
            "people.tsv:5: warning: alias `XAVIER YÉLP` of `x-y` repeats its name once case and \
             accents are folded (matching ignores both)",
        ),
        (
            "not_nfc",
            "x-y\tXavier Hams\u{030c}ik\t\tplayer\t\t\n",
            "people.tsv:5: warning: `name` is not in Unicode NFC",
        ),
        (
            "no_break_space",
            "x-y\tXavier\u{a0}Yelp\t\tplayer\t\t\n",
            "people.tsv:5: warning: `name` holds an invisible character U+00A0",
        ),
    ];

    #[test]
    fn warning_cases() {
        for (name, row, expected) in WARNINGS {
            let people = format!("{PEOPLE}{row}");
            let report = check_texts(&texts(&people, CLUBS));
            let all = messages(&report);
            assert!(
                all.iter().any(|m| m.starts_with(expected)),
                "case {name}: {all:#?}"
            );
            assert_eq!(report.errors(), 0, "case {name}");
        }
    }

    #[test]
    fn errors_and_warnings_in_one_run() {
        let people = format!(
            "{PEOPLE}bad id\tBad Id\t\tplayer\t\t\nx\tX Y\t\tgoalie\t\t\nz\tZed Green\tGreen\tplayer\tnowhere\t\n"
        );
        let report = check_texts(&texts(&people, CLUBS));
        let all = messages(&report);
        assert_eq!(report.errors(), 3, "{all:#?}");
        assert_eq!(
            all[0],
            "people.tsv:5: malformed id `bad id`: ids are [a-z0-9-]+"
        );
        assert_eq!(
            all[1],
            "people.tsv:6: unknown role `goalie` (expected player, coach or referee)"
        );
        assert_eq!(
            all[2],
            "people.tsv:7: club `nowhere` of `z` is not an id in clubs.tsv"
        );
        assert!(all[3..].iter().all(|m| m.contains(": warning: ")));
        assert!(all.iter().any(|m| m.contains("alias `Green` of `z`")));
    }

    #[test]
    fn byte_order_mark_is_a_warning_not_an_error() {
        let report = check_texts(&texts(&format!("\u{feff}{PEOPLE}"), CLUBS));
        assert_eq!(report.errors(), 0);
        assert!(messages(&report)
            .contains(&"people.tsv:1: warning: the file starts with a UTF-8 byte-order mark (ignored; remove it)".to_string()));
    }
}
