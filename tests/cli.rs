//! Integration tests: run the real binary on temporary folders and compare parsed JSON.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_matchfacts"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

fn gazetteers() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("gazetteers")
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("run matchfacts")
}

fn lines(output: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Makes a named pipe at `path`; false (with a message: the caller skips) where `mkfifo` is not
/// available.
fn make_fifo(path: &Path) -> bool {
    match Command::new("mkfifo").arg(path).status() {
        Ok(status) if status.success() => true,
        _ => {
            eprintln!("skipping: mkfifo is not available here");
            false
        }
    }
}

/// Every span in a record points at its text.
fn assert_spans(record: &Value, text: &str) {
    for layer in ["mentions", "scores", "events", "quotes"] {
        for item in record[layer].as_array().expect("layer array") {
            let (s, e) = (
                item["start"].as_u64().unwrap() as usize,
                item["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(item["text"].as_str().unwrap(), &text[s..e], "{layer} span");
        }
    }
}

#[test]
fn extracts_a_folder_recursively_in_sorted_order() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("sub")).unwrap();
    let b = "Koulibaly headed the winner for Napoli against Juventus.";
    let a = "date 2018-04-23 Lazio crushed Sampdoria.";
    fs::write(dir.path().join("sub/b.txt"), b).unwrap();
    fs::write(dir.path().join("a.txt"), a).unwrap();
    fs::write(dir.path().join("notes.md"), "ignored").unwrap();
    let out = run(&[
        "extract",
        dir.path().to_str().unwrap(),
        "--gazetteer",
        gazetteers().to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let records = lines(&out);
    assert_eq!(records.len(), 2);
    assert!(records[0]["doc"].as_str().unwrap().ends_with("a.txt"));
    assert!(records[1]["doc"].as_str().unwrap().ends_with("sub/b.txt"));
    assert_eq!(records[0]["date"], "2018-04-23");
    assert_eq!(records[1]["date"], Value::Null);
    assert_spans(&records[0], a);
    assert_spans(&records[1], b);
    let ids: Vec<&str> = records[1]["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["kalidou-koulibaly", "napoli", "juventus"]);
    // The date header is not part of any sentence.
    let first = &records[0]["sentences"][0];
    assert_eq!(
        &a[first[0].as_u64().unwrap() as usize..],
        "Lazio crushed Sampdoria."
    );
    assert!(stderr(&out).contains("2 documents, 0 errors"));
}

#[test]
fn empty_file_gives_an_empty_record() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("empty.txt"), "").unwrap();
    let out = run(&["extract", dir.path().to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let records = lines(&out);
    assert_eq!(records.len(), 1);
    for layer in ["sentences", "mentions", "scores", "events", "quotes"] {
        assert_eq!(records[0][layer], serde_json::json!([]), "{layer}");
    }
}

#[test]
fn non_utf8_is_decoded_as_windows_1252_and_flagged() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("latin.txt"),
        b"Chelsea paid \xa324m for Drogba.\n",
    )
    .unwrap();
    let out = run(&["extract", dir.path().to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let records = lines(&out);
    assert_eq!(records[0]["encoding"], "windows-1252");
    assert_eq!(records[0]["mentions"][0]["id"], "chelsea");
    assert!(stderr(&out).contains("not UTF-8, decoded as Windows-1252"));
}

#[test]
fn binary_and_missing_files_are_error_lines_and_the_rest_still_runs() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.txt"), "Napoli won.").unwrap();
    fs::write(dir.path().join("b.txt"), b"\x00\x01binary").unwrap();
    fs::write(dir.path().join("c.txt"), "Juventus lost.").unwrap();
    let missing = dir.path().join("nope.txt");
    let out = run(&[
        "extract",
        dir.path().to_str().unwrap(),
        missing.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let records = lines(&out);
    assert_eq!(records.len(), 4);
    assert_eq!(records[0]["mentions"][0]["id"], "napoli");
    assert!(records[1]["error"]
        .as_str()
        .unwrap()
        .contains("binary file"));
    assert_eq!(records[2]["mentions"][0]["id"], "juventus");
    assert!(records[3]["doc"].as_str().unwrap().ends_with("nope.txt"));
    assert!(records[3]["error"].is_string());
    let err = stderr(&out);
    assert!(err.contains("b.txt: binary file"), "{err}");
    assert!(err.contains("nope.txt"), "{err}");
}

#[test]
fn bad_gazetteer_exits_2_with_file_and_line_and_no_output() {
    let dir = tempfile::tempdir().unwrap();
    for f in ["people.tsv", "clubs.tsv", "stadiums.tsv"] {
        fs::copy(gazetteers().join(f), dir.path().join(f)).unwrap();
    }
    let people = dir.path().join("people.tsv");
    let mut text = fs::read_to_string(&people).unwrap();
    text.push_str("bad-row\tBad Row\t\tgoalkeeper\t\t\n");
    let line = text.lines().count();
    fs::write(&people, text).unwrap();
    let out = run(&["extract", "--gazetteer", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let expected = format!("people.tsv:{line}: unknown role `goalkeeper`");
    assert!(stderr(&out).contains(&expected), "{}", stderr(&out));
}

#[test]
fn bad_flag_exits_2() {
    let out = run(&["extract", "--no-such-flag"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let out = run(&["extract", "--jobs", "0"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn output_file_is_written_atomically() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out.jsonl");
    fs::write(&target, "previous contents\n").unwrap();
    // A failing run (bad gazetteer folder) leaves the previous file in place.
    let out = run(&[
        "extract",
        "--gazetteer",
        dir.path().join("missing").to_str().unwrap(),
        "--output",
        target.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(fs::read_to_string(&target).unwrap(), "previous contents\n");
    // A good run replaces it.
    let out = run(&["extract", "--output", target.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    let written = fs::read_to_string(&target).unwrap();
    assert_eq!(written.lines().count(), 5);
    let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temporary file is left behind");
}

/// `--output` over an existing file keeps its permissions (as the editors' atomic writes do):
/// the temporary file it is renamed from is created private.
#[cfg(unix)]
#[test]
fn output_file_keeps_its_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out.jsonl");
    fs::write(&target, "previous contents\n").unwrap();
    fs::set_permissions(&target, fs::Permissions::from_mode(0o644)).unwrap();
    let out = run(&["extract", "--output", target.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(fs::read_to_string(&target).unwrap().lines().count(), 5);
    let mode = fs::metadata(&target).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o644);
}

/// `--output` to something that is not a regular file (a pipe here; `/dev/null` in practice)
/// writes into it: a temporary file renamed over it would have replaced it with a regular file
/// (which `-o /dev/null` once did, as root).
#[cfg(unix)]
#[test]
fn output_to_a_pipe_writes_into_the_pipe() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("out.fifo");
    if !make_fifo(&fifo) {
        return;
    }
    // Reads until the binary closes its end (it opens the pipe only once this end is open).
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || fs::read_to_string(fifo))
    };
    let out = run(&["extract", "--output", fifo.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let kind = fs::symlink_metadata(&fifo).unwrap().file_type();
    assert!(kind.is_fifo(), "the pipe is still a pipe: {kind:?}");
    let written = reader.join().unwrap().unwrap();
    assert_eq!(written.lines().count(), 5);
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary file left"
    );
}

/// A named pipe as input (`extract <(curl ...)`) is read once, by the worker: the read-ahead
/// leaves it alone (opening and closing it would break the writer's pipe, and the worker would
/// then wait for a writer for ever: the test fails on its timeout instead).
#[test]
fn a_named_pipe_is_read_as_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("report.txt");
    if !make_fifo(&fifo) {
        return;
    }
    let text = "Napoli beat Juventus 1-0 in Turin.";
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || fs::write(fifo, text))
    };
    let mut child = bin()
        .args(["extract", fifo.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run matchfacts");
    let started = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > std::time::Duration::from_secs(30) {
            let _ = child.kill();
            panic!("extract of a named pipe did not finish");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    writer
        .join()
        .unwrap()
        .expect("the writer's pipe stayed open");
    let records = lines(&out);
    assert_eq!(records.len(), 1);
    assert_eq!(records[0]["doc"], fifo.to_str().unwrap());
    assert_eq!(
        records[0]["scores"].as_array().unwrap().len(),
        1,
        "{}",
        records[0]
    );
    assert_spans(&records[0], text);
}

/// `--output` through a symbolic link writes the file it points to, and the link stays.
#[cfg(unix)]
#[test]
fn output_through_a_link_replaces_the_file_it_points_to() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.jsonl");
    let link = dir.path().join("link.jsonl");
    fs::write(&real, "previous contents\n").unwrap();
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let out = run(&["extract", "--output", link.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(fs::read_to_string(&real).unwrap().lines().count(), 5);
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        2,
        "no temporary file left"
    );
}

#[test]
fn seeds_have_the_expected_fuzzy_matches_and_no_others() {
    let out = run(&["extract", "--jobs", "2"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut fuzzy = Vec::new();
    for record in lines(&out) {
        let doc = record["doc"].as_str().unwrap().to_string();
        let text = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(&doc)).unwrap();
        assert_spans(&record, &text);
        for m in record["mentions"].as_array().unwrap() {
            if m["match"] == "fuzzy" {
                let score = m["score"].as_f64().unwrap();
                assert!((0.0..=1.0).contains(&score));
                fuzzy.push(format!(
                    "{}={}",
                    m["text"].as_str().unwrap(),
                    m["id"].as_str().unwrap()
                ));
            }
        }
    }
    fuzzy.sort();
    assert_eq!(
        fuzzy,
        [
            "Arkadiusz Mili=arkadiusz-milik",
            "Atlanta=atalanta",
            "Gianlugi Buffon=gianluigi-buffon",
            "Lichsteiner=stephan-lichtsteiner",
            "Massiliano Allegri=massimiliano-allegri",
            "Stephan Lichtstenier=stephan-lichtsteiner",
            "kaliodou Koulibaly=kalidou-koulibaly",
        ]
    );
}

#[test]
fn segment_reads_stdin_and_prints_json() {
    use std::io::Write;
    let mut child = bin()
        .args(["segment", "--json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"Napoli won in Turin.Napoli cut the gap. Mr. Sarri smiled.")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let sentences: Vec<String> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        sentences,
        [
            "Napoli won in Turin.",
            "Napoli cut the gap.",
            "Mr. Sarri smiled."
        ]
    );
}

#[test]
fn broken_pipe_is_not_an_error() {
    let mut child = bin()
        .args(["extract", "corpus", "corpus", "corpus", "corpus"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Close our end of stdout at once.
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn eval_scores_a_predictions_file_and_enforces_floors() {
    let dir = tempfile::tempdir().unwrap();
    let gold = dir.path().join("gold");
    fs::create_dir(&gold).unwrap();
    fs::write(
        gold.join("a.json"),
        r#"{"doc": "a.txt",
            "mentions": [{"start": 0, "end": 6, "text": "Napoli", "type": "club", "id": "napoli"},
                         {"start": 11, "end": 19, "text": "Juventus", "type": "club", "id": "juventus"}],
            "scores": [{"teams": ["napoli", "juventus"], "goals": [1, 0], "home": null}],
            "events": [], "quotes": []}"#,
    )
    .unwrap();
    let predictions = dir.path().join("pred.jsonl");
    fs::write(
        &predictions,
        concat!(
            r#"{"doc": "somewhere/a.txt", "mentions": [{"start": 0, "end": 6, "id": "napoli"}, {"start": 11, "end": 19, "id": null}], "#,
            r#""scores": [{"teams": ["juventus", "napoli"], "goals": [0, 1]}], "events": [], "quotes": []}"#,
            "\n",
            r#"{"doc": "b.txt", "mentions": [], "scores": [], "events": [], "quotes": []}"#,
            "\n"
        ),
    )
    .unwrap();
    let base = [
        "eval",
        "--gold",
        gold.to_str().unwrap(),
        "--predictions",
        predictions.to_str().unwrap(),
        "--format",
        "json",
    ];
    let out = run(&base);
    assert!(out.status.success(), "{}", stderr(&out));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let strict = &report["layers"]["mentions.strict"];
    assert_eq!(
        (
            strict["tp"].as_u64(),
            strict["fp"].as_u64(),
            strict["fn"].as_u64()
        ),
        (Some(1), Some(1), Some(1))
    );
    assert_eq!(report["layers"]["scores"]["f1"].as_f64(), Some(1.0));
    assert_eq!(report["ignored_predictions"], serde_json::json!(["b.txt"]));
    // Floors: scores passes, mentions fails -> exit 1.
    let mut args = base.to_vec();
    args.extend(["--min-f1", "scores=1.0"]);
    assert!(run(&args).status.success());
    args.extend(["--min-f1", "mentions.strict=0.6"]);
    let out = run(&args);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("mentions.strict F1 0.500 is below the floor 0.600"));
    // A bad floor is a usage error naming the value.
    let mut bad = base.to_vec();
    bad.extend(["--min-f1", "mentions.strikt=0.5"]);
    let out = run(&bad);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("mentions.strikt"), "{}", stderr(&out));
}

#[test]
fn eval_lists_errors_with_their_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let (gold, corpus) = (dir.path().join("gold"), dir.path().join("corpus"));
    fs::create_dir(&gold).unwrap();
    fs::create_dir(&corpus).unwrap();
    fs::write(
        corpus.join("d.txt"),
        "Napoli won in Turin. The Neapolitans celebrated late.\n",
    )
    .unwrap();
    // Gold says "Neapolitans" is Napoli; the bundled gazetteer does not list that name.
    fs::write(
        gold.join("d.json"),
        r#"{"doc": "d.txt", "mentions": [
            {"start": 0, "end": 6, "text": "Napoli", "type": "club", "id": "napoli"},
            {"start": 25, "end": 36, "text": "Neapolitans", "type": "club", "id": "napoli"}],
            "scores": [], "events": [], "quotes": []}"#,
    )
    .unwrap();
    let out = run(&[
        "eval",
        "--gold",
        gold.to_str().unwrap(),
        "--corpus",
        corpus.to_str().unwrap(),
        "--errors",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("FN d.txt [25, 36) \"Neapolitans\""), "{text}");
    assert!(text.contains("The Neapolitans celebrated late."), "{text}");
}

#[test]
fn eval_errors_on_a_predictions_file_show_the_sentence_even_for_odd_offsets() {
    let dir = tempfile::tempdir().unwrap();
    let (gold, corpus) = (dir.path().join("gold"), dir.path().join("corpus"));
    fs::create_dir(&gold).unwrap();
    fs::create_dir(&corpus).unwrap();
    fs::write(corpus.join("d.txt"), "Hamšík scored. Napoli won.\n").unwrap();
    fs::write(
        gold.join("d.json"),
        r#"{"doc": "d.txt", "mentions": [{"start": 17, "end": 23, "text": "Napoli", "type": "club", "id": "napoli"}],
            "scores": [], "events": [], "quotes": []}"#,
    )
    .unwrap();
    // Another system's prediction whose offsets fall inside the two-byte `š`.
    let predictions = dir.path().join("p.jsonl");
    fs::write(
        &predictions,
        r#"{"doc": "d.txt", "mentions": [{"start": 4, "end": 6, "id": "marek-hamsik"}], "scores": [], "events": [], "quotes": []}"#,
    )
    .unwrap();
    let out = run(&[
        "eval",
        "--gold",
        gold.to_str().unwrap(),
        "--corpus",
        corpus.to_str().unwrap(),
        "--predictions",
        predictions.to_str().unwrap(),
        "--errors",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("in: Hamšík scored."), "{text}");
    assert!(text.contains("in: Napoli won."), "{text}");
}
