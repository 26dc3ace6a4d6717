//! Integration tests of `matchfacts gazetteer ...`: the real binary on temporary copies of the
//! repository's `gazetteers/`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use tempfile::TempDir;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_matchfacts"))
        .current_dir(root())
        .args(args)
        .output()
        .expect("run matchfacts")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

const FILES: [&str; 3] = ["people.tsv", "clubs.tsv", "stadiums.tsv"];

/// A temporary copy of the repository's gazetteers.
fn copy() -> (TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("gazetteers");
    fs::create_dir(&dir).unwrap();
    for f in FILES {
        fs::copy(root().join("gazetteers").join(f), dir.join(f)).unwrap();
    }
    (tmp, dir)
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// Appends text to a file; returns the 1-based number of the first appended line.
fn append(path: &Path, text: &str) -> usize {
    let mut content = fs::read_to_string(path).unwrap();
    if !content.ends_with('\n') {
        content.push('\n');
    }
    let line = content.lines().count() + 1;
    content.push_str(text);
    fs::write(path, content).unwrap();
    line
}

fn check(dir: &Path) -> Output {
    run(&["gazetteer", "check", s(dir)])
}

fn error_lines(out: &Output) -> Vec<String> {
    stdout(out)
        .lines()
        .filter(|l| !l.contains(": warning: "))
        .map(str::to_string)
        .collect()
}

#[test]
fn the_repository_gazetteer_checks_with_warnings_only() {
    let (_tmp, dir) = copy();
    let out = check(&dir);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(error_lines(&out).is_empty(), "{}", stdout(&out));
    let text = stdout(&out);
    // Gary and Phil Neville share their surname: listed with both.
    let phil = line_of(&dir.join("people.tsv"), "phil-neville\t");
    let gary = line_of(&dir.join("people.tsv"), "gary-neville\t");
    let expected = format!(
        "{}:{phil}: warning: `Neville` is ambiguous: 2 entities carry it: `gary-neville` \
         (people.tsv:{gary}) as surname, `phil-neville` (people.tsv:{phil}) as surname",
        s(&dir.join("people.tsv"))
    );
    assert!(text.lines().any(|l| l == expected), "{text}");
    assert!(stderr(&out).contains("0 errors"), "{}", stderr(&out));
}

fn line_of(path: &Path, prefix: &str) -> usize {
    fs::read_to_string(path)
        .unwrap()
        .lines()
        .position(|l| l.starts_with(prefix))
        .expect("row present")
        + 1
}

/// (case, file, appended row, expected message after `file:line: `)
const BROKEN_ROWS: &[(&str, &str, &str, &str)] = &[
    (
        "too_few_columns",
        "people.tsv",
        "x-y\tXavier Yelp\tplayer\n",
        "expected 6 tab-separated columns (id, name, aliases, role, club, nationality), found 3",
    ),
    (
        "tab_inside_a_name",
        "people.tsv",
        "x-y\tXavier\tYelp\t\tplayer\t\t\n",
        "expected 6 tab-separated columns (id, name, aliases, role, club, nationality), found 7 \
         (a tab inside a field?)",
    ),
    (
        "malformed_id",
        "people.tsv",
        "Xavier_Yelp\tXavier Yelp\t\tplayer\t\t\n",
        "malformed id `Xavier_Yelp`: ids are [a-z0-9-]+",
    ),
    (
        "unknown_role",
        "people.tsv",
        "x-y\tXavier Yelp\t\tgoalkeeper\t\t\n",
        "unknown role `goalkeeper` (expected player, coach or referee)",
    ),
    (
        "missing_club",
        "people.tsv",
        "x-y\tXavier Yelp\t\tplayer\tnowhere-fc\t\n",
        "club `nowhere-fc` of `x-y` is not an id in clubs.tsv",
    ),
    (
        "club_is_not_a_club",
        "people.tsv",
        "x-y\tXavier Yelp\t\tplayer\tanfield\t\n",
        "club `anfield` of `x-y` is not an id in clubs.tsv",
    ),
    (
        "missing_stadium",
        "clubs.tsv",
        "x-fc\tX FC\t\tLondon\tEngland\tnowhere-park\n",
        "stadium `nowhere-park` of `x-fc` is not an id in stadiums.tsv",
    ),
    (
        "missing_stadium_club",
        "stadiums.tsv",
        "x-park\tX Park\t\tLondon\tnapoli|nowhere-fc\n",
        "club `nowhere-fc` of `x-park` is not an id in clubs.tsv",
    ),
    (
        "leading_space_in_name",
        "people.tsv",
        "x-y\t Xavier Yelp\t\tplayer\t\t\n",
        "`name` has leading or trailing spaces: ` Xavier Yelp`",
    ),
    (
        "trailing_space_in_name",
        "clubs.tsv",
        "x-fc\tX FC \t\tLondon\tEngland\t\n",
        "`name` has leading or trailing spaces: `X FC `",
    ),
    (
        "empty_name",
        "people.tsv",
        "x-y\t\t\tplayer\t\t\n",
        "empty name for id `x-y`",
    ),
    (
        "empty_alias",
        "clubs.tsv",
        "x-fc\tX FC\tEx||Exx\tLondon\tEngland\t\n",
        "empty alias in `Ex||Exx`",
    ),
];

#[test]
fn broken_rows_of_every_kind_give_file_line_messages_and_exit_2() {
    for (case, file, row, message) in BROKEN_ROWS {
        let (_tmp, dir) = copy();
        let path = dir.join(file);
        let line = append(&path, row);
        let out = check(&dir);
        assert_eq!(out.status.code(), Some(2), "case {case}: {}", stdout(&out));
        let expected = format!("{}:{line}: {message}", s(&path));
        assert_eq!(error_lines(&out), [expected], "case {case}");
        // Every other command refuses the broken folder with the same message.
        let out = run(&["gazetteer", "stats", s(&dir)]);
        assert_eq!(out.status.code(), Some(2), "case {case}");
        assert!(
            stderr(&out).contains(&format!("{}:{line}: {message}", s(&path))),
            "case {case}: {}",
            stderr(&out)
        );
    }
}

#[test]
fn duplicate_ids_name_the_first_definition() {
    let (_tmp, dir) = copy();
    let clubs = dir.join("clubs.tsv");
    let first = line_of(&clubs, "juventus\t");
    let line = append(&clubs, "juventus\tJuventus Two\t\tTurin\tItaly\t\n");
    let out = check(&dir);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        error_lines(&out),
        [format!(
            "{}:{line}: duplicate id `juventus` (first defined at {}:{first})",
            s(&clubs),
            s(&clubs)
        )]
    );
}

#[test]
fn header_and_encoding_problems() {
    let (_tmp, dir) = copy();
    let people = dir.join("people.tsv");
    let text = fs::read_to_string(&people).unwrap();
    fs::write(&people, text.replacen("\trole\t", "\tposition\t", 1)).unwrap();
    let out = check(&dir);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        error_lines(&out),
        [format!(
            "{}:1: missing column `role` in header (expected id, name, aliases, role, club, \
             nationality)",
            s(&people)
        )]
    );

    let (_tmp, dir) = copy();
    let clubs = dir.join("clubs.tsv");
    let mut bytes = fs::read(&clubs).unwrap();
    let line = bytes.iter().filter(|&&b| b == b'\n').count() + 1;
    bytes.extend_from_slice(b"x-fc\tX \xff FC\t\tLondon\tEngland\t\n");
    fs::write(&clubs, bytes).unwrap();
    let out = check(&dir);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        error_lines(&out),
        [format!("{}:{line}: not valid UTF-8", s(&clubs))]
    );
}

#[test]
fn every_problem_is_reported_in_one_run() {
    let (_tmp, dir) = copy();
    let people = dir.join("people.tsv");
    let clubs = dir.join("clubs.tsv");
    let a = append(&people, "x-y\tXavier Yelp\t\tgoalie\t\t\n");
    let b = append(&people, "Bad Id\tBad Id\t\tplayer\t\t\n");
    let c = append(&clubs, "x-fc\tX FC\t\tLondon\tEngland\tnowhere-park\n");
    let d = append(&people, "z-z\tZed Zedd\tFortune\tplayer\t\t\n");
    let out = check(&dir);
    assert_eq!(out.status.code(), Some(2));
    let errors = error_lines(&out);
    assert_eq!(errors.len(), 3, "{errors:#?}");
    assert!(errors[0].starts_with(&format!("{}:{a}: unknown role", s(&people))));
    assert!(errors[1].starts_with(&format!("{}:{b}: malformed id", s(&people))));
    assert!(errors[2].starts_with(&format!("{}:{c}: stadium `nowhere-park`", s(&clubs))));
    assert!(stdout(&out).contains(&format!(
        "{}:{d}: warning: alias `Fortune` of `z-z` is a common English word",
        s(&people)
    )));
}

#[test]
fn warnings_alone_exit_0() {
    let (_tmp, dir) = copy();
    let people = dir.join("people.tsv");
    let koulibaly = line_of(&people, "kalidou-koulibaly\t");
    let united = append(&people, "x-y\tXavier Yelp\tUnited\tplayer\t\t\n");
    let same = append(
        &people,
        "kalidou-koulibaly-2\tKalidou Koulibaly\t\tplayer\t\t\n",
    );
    let nfd = append(&people, "z-z\tZdene\u{030c}k Zedd\t\tplayer\t\t\n");
    let out = check(&dir);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let text = stdout(&out);
    let p = s(&people);
    for expected in [
        format!(
            "{p}:{united}: warning: alias `United` of `x-y` is a common English word \
             (common-words.txt): a false-match risk when capitalised at a sentence start or in \
             a headline"
        ),
        format!(
            "{p}:{same}: warning: 2 entries are named `Kalidou Koulibaly`: `kalidou-koulibaly` \
             (people.tsv:{koulibaly}), `kalidou-koulibaly-2` (people.tsv:{same})"
        ),
        format!(
            "{p}:{same}: warning: `Koulibaly` is ambiguous: 2 entities carry it: \
             `kalidou-koulibaly` (people.tsv:{koulibaly}) as surname, `kalidou-koulibaly-2` \
             (people.tsv:{same}) as surname"
        ),
        format!(
            "{p}:{nfd}: warning: `name` is not in Unicode NFC: `Zdene\u{030c}k Zedd` (letters \
             and accents stored apart; retype it or normalise the file)"
        ),
    ] {
        assert!(
            text.lines().any(|l| l == expected),
            "missing {expected}\n{text}"
        );
    }
    let json = run(&["gazetteer", "check", s(&dir), "--format", "json"]);
    let findings: Value = serde_json::from_slice(&json.stdout).unwrap();
    assert!(findings
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["severity"] == "warning"));
}

#[test]
fn stats_count_the_rows() {
    let (_tmp, dir) = copy();
    let out = run(&["gazetteer", "stats", s(&dir), "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let stats: Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = |f: &str| {
        fs::read_to_string(dir.join(f))
            .unwrap()
            .lines()
            .skip(1)
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .count() as u64
    };
    let people = stats["players"].as_u64().unwrap()
        + stats["coaches"].as_u64().unwrap()
        + stats["referees"].as_u64().unwrap();
    assert_eq!(people, rows("people.tsv"));
    assert_eq!(stats["clubs"].as_u64().unwrap(), rows("clubs.tsv"));
    assert_eq!(stats["stadiums"].as_u64().unwrap(), rows("stadiums.tsv"));
    assert!(stats["ambiguous_forms"].as_u64().unwrap() > 0);
    let text = run(&["gazetteer", "stats", s(&dir)]);
    assert!(stdout(&text).starts_with("entities "), "{}", stdout(&text));
}

#[test]
fn add_then_check_round_trips() {
    let (_tmp, dir) = copy();
    let people = dir.join("people.tsv");
    let before = fs::read(&people).unwrap();
    let out = run(&[
        "gazetteer",
        "add",
        "player",
        "Jonny Fakename",
        "--club",
        "napoli",
        "--nationality",
        "Italy",
        "--alias",
        "Fakey",
        "--gazetteer",
        s(&dir),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let line = String::from_utf8_lossy(&before).lines().count() + 1;
    assert_eq!(
        stdout(&out),
        format!(
            "added player `jonny-fakename` at {}:{line}\njonny-fakename\tJonny Fakename\tFakey\tplayer\tnapoli\tItaly\n",
            s(&people)
        )
    );
    let after = fs::read(&people).unwrap();
    assert_eq!(&after[..before.len()], &before[..], "existing bytes kept");
    assert_eq!(
        &after[before.len()..],
        b"jonny-fakename\tJonny Fakename\tFakey\tplayer\tnapoli\tItaly\n"
    );
    let out = check(&dir);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    // The new entry is matched.
    let text = dir.join("t.txt");
    fs::write(&text, "Fakename scored. Fakey celebrated.").unwrap();
    let out = run(&["extract", s(&text), "--gazetteer", s(&dir)]);
    let record: Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    let ids: Vec<&str> = record["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["jonny-fakename", "jonny-fakename"]);
    // A second person of the same name gets the club suffix, with --allow-ambiguous.
    let out = run(&[
        "gazetteer",
        "add",
        "player",
        "Jonny Fakename",
        "--club",
        "juventus",
        "--allow-ambiguous",
        "--gazetteer",
        s(&dir),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("added player `jonny-fakename-juventus`"));
    assert!(stdout(&out).contains("warning: 2 entries are named `Jonny Fakename`"));
    // No temporary file is left behind.
    let mut names: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["clubs.tsv", "people.tsv", "stadiums.tsv", "t.txt"]);
}

#[test]
fn add_keeps_comments_unknown_columns_and_column_order() {
    let (_tmp, dir) = copy();
    // An editor's file: comments, a notes column, columns in another order, CRLF endings.
    let clubs = dir.join("clubs.tsv");
    let original = fs::read_to_string(&clubs).unwrap();
    let mut edited = String::from("# Clubs, edited in a spreadsheet\r\n");
    for (i, line) in original.lines().enumerate() {
        let f: Vec<&str> = line.split('\t').collect();
        let notes = if i == 0 {
            "notes"
        } else if i == 1 {
            "see  2017-18\tsquad"
        } else {
            ""
        };
        // id name aliases city country stadium -> name id notes stadium city country aliases
        let notes = notes.replace('\t', " ");
        edited.push_str(&format!(
            "{}\t{}\t{notes}\t{}\t{}\t{}\t{}\r\n",
            f[1], f[0], f[5], f[3], f[4], f[2]
        ));
        if i == 3 {
            edited.push_str("# a comment between rows\r\n\r\n");
        }
    }
    fs::write(&clubs, &edited).unwrap();
    assert_eq!(check(&dir).status.code(), Some(0));
    let out = run(&[
        "gazetteer",
        "add",
        "club",
        "Fakeham Rovers FC",
        "--alias",
        "Fakers",
        "--city",
        "Fakeham",
        "--country",
        "England",
        "--gazetteer",
        s(&dir),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let after = fs::read_to_string(&clubs).unwrap();
    assert_eq!(
        after,
        format!("{edited}Fakeham Rovers FC\tfakeham-rovers\t\t\tFakeham\tEngland\tFakers\r\n")
    );
    assert_eq!(check(&dir).status.code(), Some(0));
}

#[test]
fn add_refuses_duplicates_and_bad_references_without_writing() {
    let (_tmp, dir) = copy();
    let people = dir.join("people.tsv");
    let clubs = dir.join("clubs.tsv");
    let before = fs::read(&people).unwrap();
    let koulibaly = line_of(&people, "kalidou-koulibaly\t");
    let spurs = line_of(&clubs, "tottenham-hotspur\t");
    let cases: Vec<(&str, Vec<&str>, String)> = vec![
        (
            "same_name",
            vec!["player", "Kalidou Koulibaly"],
            format!(
                "{}:{koulibaly}: player name `Kalidou Koulibaly` is already the name of \
                 `kalidou-koulibaly` (use --allow-ambiguous to add it anyway)",
                s(&people)
            ),
        ),
        (
            "alias_taken",
            vec!["player", "Xavier Yelp", "--alias", "Spurs"],
            format!(
                "{}:{spurs}: alias `Spurs` is already an alias of `tottenham-hotspur` (use \
                 --allow-ambiguous to add it anyway)",
                s(&clubs)
            ),
        ),
        (
            "alias_is_a_surname",
            vec!["club", "Fakeham", "--alias", "koulibaly"],
            format!(
                "{}:{koulibaly}: alias `koulibaly` is already the surname of \
                 `kalidou-koulibaly` (use --allow-ambiguous to add it anyway)",
                s(&people)
            ),
        ),
        (
            "missing_club",
            vec!["player", "Xavier Yelp", "--club", "nowhere-fc"],
            format!(
                "{}:{}: club `nowhere-fc` of `xavier-yelp` is not an id in clubs.tsv",
                s(&people),
                String::from_utf8_lossy(&before).lines().count() + 1
            ),
        ),
        (
            "field_of_another_type",
            vec!["player", "Xavier Yelp", "--city", "Rome"],
            "--city does not apply to a player".to_string(),
        ),
    ];
    for (case, args, expected) in cases {
        let mut all = vec!["gazetteer", "add"];
        all.extend(args);
        all.extend(["--gazetteer", s(&dir)]);
        let out = run(&all);
        assert_eq!(out.status.code(), Some(2), "case {case}");
        let err = stderr(&out);
        assert!(err.lines().any(|l| l == expected), "case {case}: {err}");
        assert!(err.contains("nothing was written"), "case {case}");
        assert_eq!(fs::read(&people).unwrap(), before, "case {case}");
    }
    // --allow-ambiguous accepts the taken alias.
    let out = run(&[
        "gazetteer",
        "add",
        "player",
        "Xavier Yelp",
        "--alias",
        "Spurs",
        "--allow-ambiguous",
        "--gazetteer",
        s(&dir),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("warning: `Spurs` is ambiguous"));
}

#[test]
fn suggest_finds_an_unlisted_player_and_a_misspelled_one() {
    let corpus = tempfile::tempdir().unwrap();
    fs::write(
        corpus.path().join("a.txt"),
        "Napoli striker Jonny Fakename scored twice against Juventus on Sunday. \
         Koulibali headed the third.\n",
    )
    .unwrap();
    fs::write(
        corpus.path().join("b.txt"),
        "Jonny Fakename was the hero again as Napoli won. Sarri praised Koulibali.\n",
    )
    .unwrap();
    let out = run(&["gazetteer", "suggest", s(corpus.path())]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(
        rows[0],
        [
            "kind", "count", "docs", "text", "type", "id", "name", "club", "similar", "score",
            "doc", "example"
        ]
    );
    let unknown: Vec<&Vec<&str>> = rows.iter().filter(|r| r[0] == "unknown").collect();
    assert_eq!(unknown.len(), 1, "{text}");
    assert_eq!(
        unknown[0][..8],
        [
            "unknown",
            "2",
            "2",
            "Jonny Fakename",
            "player",
            "jonny-fakename",
            "Jonny Fakename",
            "napoli"
        ]
    );
    assert!(unknown[0][10].ends_with("a.txt"));
    assert!(unknown[0][11].starts_with("Napoli striker Jonny Fakename scored twice"));
    let fuzzy: Vec<&Vec<&str>> = rows.iter().filter(|r| r[0] == "fuzzy").collect();
    assert_eq!(fuzzy.len(), 1, "{text}");
    assert_eq!(
        fuzzy[0][..7],
        [
            "fuzzy",
            "2",
            "2",
            "Koulibali",
            "player",
            "kalidou-koulibaly",
            "Kalidou Koulibaly"
        ]
    );
    let score: f64 = fuzzy[0][9].parse().unwrap();
    assert!((0.85..1.0).contains(&score), "{score}");

    let out = run(&["gazetteer", "suggest", s(corpus.path()), "--format", "json"]);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["documents"], 2);
    assert_eq!(json["unknown"][0]["text"], "Jonny Fakename");
    assert_eq!(json["unknown"][0]["type"], "player");
    assert_eq!(json["fuzzy"][0]["id"], "kalidou-koulibaly");
}

/// The openfootball England file, or `None` (with a message) when the shared data folder is
/// missing: `../shared` next to the repository, or the folder `MATCHFACTS_SHARED` names (for
/// checkouts elsewhere, such as git worktrees).
fn england_file() -> Option<PathBuf> {
    let shared = std::env::var_os("MATCHFACTS_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("../shared"));
    let path = shared.join("data/openfootball/clubs/europe/england/eng.clubs.txt");
    if path.is_file() {
        Some(path)
    } else {
        eprintln!(
            "SKIPPED import_of_the_real_openfootball_england_file: {} is missing (no shared data \
             folder next to the repository; set MATCHFACTS_SHARED to its path)",
            path.display()
        );
        None
    }
}

#[test]
fn import_of_the_real_openfootball_england_file() {
    let Some(file) = england_file() else { return };
    // Counted from the file's structure: a club is an unindented line that is not a heading
    // (`=`), a comment (`#`) or alternative names (`|`); a closed year range `(1928-1932)`
    // marks a club that no longer exists, skipped by default.
    let text = fs::read_to_string(&file).unwrap();
    let club_lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with([' ', '\t', '|', '#', '=']))
        .collect();
    let closed = club_lines
        .iter()
        .filter(|l| {
            let name = l.split(',').next().unwrap();
            name.find('(').is_some_and(|i| {
                let r = &name[i + 1..name.find(')').unwrap()];
                r.len() == 9
                    && r.as_bytes()[4] == b'-'
                    && r[..4].parse::<u32>().is_ok()
                    && r[5..].parse::<u32>().is_ok()
            })
        })
        .count();
    assert_eq!((club_lines.len(), closed), (203, 19));
    let (_tmp, dir) = copy();
    // Merged: every `England` club of the repository's clubs.tsv, except the two the file does
    // not list (Hinckley United, Yeading) and the two whose lines there are closed clubs
    // (Hereford United 1924-2014, Rushden & Diamonds 1992-2011). Checked by hand against the
    // import's report: each merge is the same club, and no added club was already there.
    let england = fs::read_to_string(dir.join("clubs.tsv"))
        .unwrap()
        .lines()
        .filter(|l| l.split('\t').nth(4) == Some("England"))
        .count();
    let merged = england - 4;
    let added = club_lines.len() - closed - merged;
    assert_eq!((england, merged, added), (96, 92, 92));

    let out = run(&[
        "gazetteer",
        "import",
        "openfootball",
        s(&file),
        "--gazetteer",
        s(&dir),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let report = stdout(&out);
    let summary = report.lines().last().unwrap();
    assert!(
        summary.starts_with(&format!(
            "{} clubs read: {added} added, {merged} merged (",
            club_lines.len()
        )),
        "{summary}"
    );
    assert!(summary.contains(&format!("{closed} skipped;")), "{summary}");
    assert!(stderr(&out).contains("dry run"));
    let before: Vec<Vec<u8>> = FILES
        .iter()
        .map(|f| fs::read(dir.join(f)).unwrap())
        .collect();
    let at = |needle: &str| {
        report
            .lines()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no line with {needle}\n{report}"))
            .to_string()
    };
    let line_no = |prefix: &str| text.lines().position(|l| l.starts_with(prefix)).unwrap() + 1;
    let src = s(&file);
    assert_eq!(
        at("merged Arsenal FC"),
        format!(
            "{src}:{}: merged Arsenal FC into `arsenal` (by name `Arsenal`): nothing new",
            line_no("Arsenal FC")
        )
    );
    assert!(report.contains(
        "    - alias `Woolwich Arsenal FC` left out: an old name (--historical imports it)"
    ));
    assert_eq!(
        at("AFC Wimbledon)"),
        format!(
            "{src}:{}: added club `afc-wimbledon` (AFC Wimbledon)",
            line_no("AFC Wimbledon")
        )
    );
    assert!(report.contains(&format!(
        "{src}:{}: skipped Thames AFC: no longer exists (1928-1932); --historical imports it",
        line_no("Thames AFC")
    )));
    assert!(report.contains("    - alias `Sutton` left out: already the surname of `chris-sutton`"));
    assert!(report.contains("    - alias `Man. United` left out: an abbreviation"));
    assert!(report.contains(
        "    = keeps stadium `withdean-stadium`; openfootball says `American Express Stadium`"
    ));
    // A dry run writes nothing.
    for (f, b) in FILES.iter().zip(&before) {
        assert_eq!(&fs::read(dir.join(f)).unwrap(), b, "{f}");
    }

    // --write: existing rows keep their bytes apart from the merged fields, the result checks
    // clean of errors, and importing again changes nothing.
    let out = run(&[
        "gazetteer",
        "import",
        "openfootball",
        s(&file),
        "--gazetteer",
        s(&dir),
        "--write",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(fs::read(dir.join("people.tsv")).unwrap(), before[0]);
    let stadiums = fs::read(dir.join("stadiums.tsv")).unwrap();
    assert!(stadiums.starts_with(&before[2]));
    let clubs = fs::read_to_string(dir.join("clubs.tsv")).unwrap();
    assert!(clubs.contains(
        "\nwest-bromwich-albion\tWest Bromwich Albion\tWest Brom|Baggies|West Bromwich\t"
    ));
    assert!(clubs.contains("\nafc-wimbledon\tAFC Wimbledon\t\tLondon\tEngland\tkingsmeadow\n"));
    assert_eq!(check(&dir).status.code(), Some(0));
    let out = run(&[
        "gazetteer",
        "import",
        "openfootball",
        s(&file),
        "--gazetteer",
        s(&dir),
    ]);
    let again = stdout(&out);
    assert!(
        again.lines().last().unwrap().starts_with(&format!(
            "{} clubs read: 0 added, {} merged (0 changed, ",
            club_lines.len(),
            club_lines.len() - closed
        )),
        "{}",
        again.lines().last().unwrap()
    );
}

#[test]
fn diff_of_a_one_line_change_lists_exactly_its_effects() {
    let (_tmp, new) = copy();
    let clubs = new.join("clubs.tsv");
    let text = fs::read_to_string(&clubs).unwrap();
    let line = line_of(&clubs, "napoli\t");
    let old_row = text.lines().nth(line - 1).unwrap().to_string();
    let mut fields: Vec<&str> = old_row.split('\t').collect();
    let aliases = format!("{}|Light Blues", fields[2]);
    fields[2] = &aliases;
    fs::write(&clubs, text.replacen(&old_row, &fields.join("\t"), 1)).unwrap();

    let args = [
        "gazetteer",
        "diff",
        "gazetteers",
        s(&new),
        "--corpus",
        "corpus",
        "--gold",
        "eval/gold",
    ];
    let mut json_args = args.to_vec();
    json_args.extend(["--format", "json"]);
    let out = run(&json_args);
    assert!(out.status.success(), "{}", stderr(&out));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    // One entry changed, in one field.
    let entries = report["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 1, "{entries:#?}");
    assert_eq!(entries[0]["change"], "changed");
    assert_eq!(entries[0]["id"], "napoli");
    assert_eq!(entries[0]["at"], format!("clubs.tsv:{line}"));
    assert_eq!(entries[0]["fields"].as_array().unwrap().len(), 1);
    assert_eq!(entries[0]["fields"][0]["field"], "aliases");
    assert_eq!(entries[0]["fields"][0]["after"], aliases);
    // On the seed corpus: exactly the mentions of the new alias appear, nothing else moves.
    let mut expected = Vec::new();
    for entry in fs::read_dir(root().join("corpus")).unwrap() {
        let path = entry.unwrap().path();
        let doc = fs::read_to_string(&path).unwrap();
        for (start, _) in doc.match_indices("Light Blues") {
            expected.push((
                path.file_name().unwrap().to_string_lossy().into_owned(),
                start,
            ));
        }
    }
    expected.sort();
    assert!(!expected.is_empty());
    let mentions = report["mentions"].as_array().unwrap();
    let got: Vec<(String, usize)> = mentions
        .iter()
        .map(|m| {
            assert_eq!(m["change"], "added");
            assert_eq!(m["after"]["id"], "napoli");
            assert_eq!(m["after"]["match"], "alias");
            assert_eq!(m["after"]["text"], "Light Blues");
            assert!(m["context"].as_str().unwrap().contains("[Light Blues]"));
            let doc = m["doc"].as_str().unwrap();
            (
                doc.rsplit('/').next().unwrap().to_string(),
                m["after"]["start"].as_u64().unwrap() as usize,
            )
        })
        .collect();
    assert_eq!(got, expected);
    // On gold: the new mentions are not in the seed gold, so each is one more false positive
    // of the mention layers; every other layer is unchanged.
    let gold = &report["gold"];
    assert_eq!(gold["documents"], 5);
    for layer in gold["layers"].as_array().unwrap() {
        let (b, a) = (&layer["before"], &layer["after"]);
        let name = layer["layer"].as_str().unwrap();
        let extra_fp = if name.starts_with("mentions.") {
            expected.len() as u64
        } else {
            0
        };
        assert_eq!(a["tp"], b["tp"], "{name}");
        assert_eq!(a["fn"], b["fn"], "{name}");
        assert_eq!(
            a["fp"].as_u64().unwrap(),
            b["fp"].as_u64().unwrap() + extra_fp,
            "{name}"
        );
    }
    // The text report says the same.
    let out = run(&args);
    let text = stdout(&out);
    assert!(text.contains("0 added, 0 removed, 1 changed"), "{text}");
    assert!(
        text.contains(&format!(
            "mentions on 5 documents: {} appear, 0 disappear, 0 change",
            expected.len()
        )),
        "{text}"
    );
    assert!(text.contains("\"Light Blues\" napoli (alias)"), "{text}");
    assert!(
        text.contains("gold eval/gold (5 documents): F1 before -> after"),
        "{text}"
    );

    // Without a change, nothing is listed.
    let out = run(&[
        "gazetteer",
        "diff",
        "gazetteers",
        "gazetteers",
        "--corpus",
        "corpus",
    ]);
    assert_eq!(
        stdout(&out),
        "entries gazetteers -> gazetteers: 0 added, 0 removed, 0 changed\n\
         mentions on 5 documents: 0 appear, 0 disappear, 0 change\n"
    );
}
