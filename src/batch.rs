//! Running the pipeline over many documents: in parallel (rayon), in batches run stage by stage
//! (see [`Pipeline::analyze_batch`]), with results handed back in input order while the workers
//! go on, and with memory bounded by the number of batches in flight.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::mpsc;

use crate::document::{Document, Input, ReadAhead};
use crate::error::Error;
use crate::output::{to_line, ErrorRecord, Record};
use crate::pipeline::{Analysis, Pipeline};

/// The result of one input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A processed document: its JSON line.
    Line {
        /// The JSON line (no newline).
        json: String,
        /// The document's size in bytes.
        bytes: usize,
        /// Set when the document was decoded as Windows-1252.
        reencoded: bool,
    },
    /// An input that could not be processed: its JSON error line and the message.
    Error {
        /// The JSON error line (no newline).
        json: String,
        /// The message for stderr.
        message: String,
    },
}

/// How many inputs a worker takes at a time, and how much text it runs through the stages
/// together.
///
/// A worker takes `documents` inputs, reads them in order and runs the stages over what it has
/// read each time the texts reach `bytes` (and over the rest at the end), so a batch of large
/// files does not hold more than about `bytes` of text at once (one file larger than that is a
/// batch of its own).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchSize {
    /// Inputs a worker takes at a time (at least one).
    pub documents: usize,
    /// Text, in bytes, run through the stages together (at least one document's).
    pub bytes: usize,
}

impl Default for BatchSize {
    /// 512 documents, 1 MiB of text: where stage-by-stage runs over news reports (about 2 KB
    /// each) were fastest (measured in `bench/RESULTS.md`, round 9).
    fn default() -> BatchSize {
        BatchSize {
            documents: 512,
            bytes: 1 << 20,
        }
    }
}

/// Processes one input into its output line.
pub fn process_input(pipeline: &Pipeline, input: &Input) -> Outcome {
    match input.read() {
        Ok(doc) => line(pipeline, &doc, &pipeline.analyze(&doc)),
        Err(error) => error_outcome(&input.path().display().to_string(), &error),
    }
}

/// Processes inputs in order into their outcomes: the files are read, and each time the texts
/// read reach `bytes` (and at the end) the documents go through the stages together
/// ([`Pipeline::analyze_batch`]). The outcomes are those of [`process_input`] on each input
/// (tested).
pub fn process_batch(pipeline: &Pipeline, inputs: &[Input], bytes: usize) -> Vec<Outcome> {
    analyze_batch_with(
        pipeline,
        inputs,
        bytes,
        |doc, analysis| line(pipeline, &doc, &analysis),
        |path, error| error_outcome(&path.display().to_string(), &error),
    )
}

/// Reads inputs in order and runs the stages over the documents together each time their
/// texts reach `bytes` (and at the end): for each input in order, what `done` makes of its
/// document and analysis, or what `failed` makes of its path and error.
fn analyze_batch_with<T>(
    pipeline: &Pipeline,
    inputs: &[Input],
    bytes: usize,
    mut done: impl FnMut(Document, Analysis) -> T,
    mut failed: impl FnMut(&Path, Error) -> T,
) -> Vec<T> {
    let mut outcomes: Vec<Option<T>> = Vec::with_capacity(inputs.len());
    // The documents read and not yet analysed: theirs are the empty places in `outcomes`.
    let mut docs: Vec<Document> = Vec::new();
    let mut held = 0usize;
    for input in inputs {
        match input.read() {
            Ok(doc) => {
                held += doc.text.len();
                docs.push(doc);
                outcomes.push(None);
            }
            Err(error) => outcomes.push(Some(failed(input.path(), error))),
        }
        if held >= bytes {
            analyze_into(pipeline, &mut docs, &mut outcomes, &mut done);
            held = 0;
        }
    }
    analyze_into(pipeline, &mut docs, &mut outcomes, &mut done);
    outcomes.into_iter().flatten().collect()
}

/// Runs the stages over `docs` together, puts what `done` makes of each document and its
/// analysis in the empty places of `outcomes` (one per document, in order), and empties `docs`.
fn analyze_into<T>(
    pipeline: &Pipeline,
    docs: &mut Vec<Document>,
    outcomes: &mut [Option<T>],
    done: &mut impl FnMut(Document, Analysis) -> T,
) {
    let analyses = pipeline.analyze_batch(docs);
    let empty = outcomes.iter_mut().filter(|slot| slot.is_none());
    for ((slot, doc), analysis) in empty.zip(docs.drain(..)).zip(analyses) {
        *slot = Some(done(doc, analysis));
    }
}

/// A processed document's outcome: its JSON line.
fn line(pipeline: &Pipeline, doc: &Document, analysis: &Analysis) -> Outcome {
    let record = Record::new(doc, analysis, pipeline);
    Outcome::Line {
        json: record.to_json_line(),
        bytes: doc.text.len(),
        reencoded: doc.encoding != crate::Encoding::Utf8,
    }
}

fn error_outcome(doc: &str, error: &Error) -> Outcome {
    let message = error.to_string();
    Outcome::Error {
        json: to_line(&ErrorRecord {
            doc,
            error: message.clone(),
        }),
        message,
    }
}

/// Processes inputs in parallel and calls `sink` with each outcome in input order.
///
/// The inputs are cut into batches (see [`cut`]) and handed in order to rayon's global pool, each
/// processed by [`process_batch`], from a thread of their own (so `run` may be called from
/// anywhere, a rayon worker too); the sink runs on the calling thread as the batches come back
/// and takes them in input order. At most twice as many batches as there are workers (plus one)
/// are processed and not yet taken at any time, so memory stays flat on large corpora, and a
/// worker that finishes a batch takes the next at once rather than waiting for the others'.
/// Stops early and returns the sink's error if it fails (a closed pipe, a full disk); a panic
/// while processing a batch stops the run and goes on in the caller.
pub fn run<E>(
    pipeline: &Pipeline,
    inputs: &[Input],
    size: BatchSize,
    sink: impl FnMut(&Input, Outcome) -> Result<(), E>,
) -> Result<(), E> {
    run_with(
        inputs,
        size.documents,
        |batch| process_batch(pipeline, batch, size.bytes.max(1)),
        sink,
    )
}

/// Reads and analyses inputs in parallel, in batches run stage by stage as [`run`] does, and
/// calls `sink` with each input's document and analysis, or its error, in input order: for work
/// on the documents and analyses themselves rather than their JSON lines (the match records of
/// [`crate::matches`]). As in [`run`], memory stays bounded by the batches in flight, and the
/// run stops early with the sink's error. The analyses are those of [`Pipeline::analyze`] on
/// each document (tested).
pub fn analyze_each<E>(
    pipeline: &Pipeline,
    inputs: &[Input],
    size: BatchSize,
    sink: impl FnMut(&Input, Result<(Document, Analysis), Error>) -> Result<(), E>,
) -> Result<(), E> {
    let process = |batch: &[Input]| {
        analyze_batch_with(
            pipeline,
            batch,
            size.bytes.max(1),
            |doc, analysis| Ok((doc, analysis)),
            |_, error| Err(error),
        )
    };
    run_with(inputs, size.documents, process, sink)
}

/// [`run`] with the processing of a batch given: `process` must give one outcome per input.
fn run_with<T: Send, E>(
    inputs: &[Input],
    most: usize,
    process: impl Fn(&[Input]) -> Vec<T> + Sync,
    mut sink: impl FnMut(&Input, T) -> Result<(), E>,
) -> Result<(), E> {
    let process = &process;
    std::thread::scope(|scope| {
        let (done, finished) = mpsc::channel::<(usize, &[Input], std::thread::Result<_>)>();
        // The sink gives a token back for each batch it has taken.
        let (give, take) = mpsc::channel::<()>();
        scope.spawn(move || {
            let workers = rayon::current_num_threads();
            let window = 2 * workers + 1;
            rayon::in_place_scope_fifo(move |pool| {
                let mut read_ahead = ReadAhead::new();
                for (k, batch) in cut(inputs, most, workers).into_iter().enumerate() {
                    if k >= window && take.recv().is_err() {
                        break; // the sink stopped
                    }
                    let done = done.clone();
                    pool.spawn_fifo(move |_| {
                        // A panic goes to the caller's thread with the batch's place, so the
                        // sink does not wait for the batch for ever.
                        let outcomes =
                            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                                process(batch)
                            }));
                        // The sink may have stopped: then nobody wants the outcomes.
                        let _ = done.send((k, batch, outcomes));
                    });
                    // The batch's files not in the cache are asked of the disk now, while the
                    // workers are still on the batches before it (the first batch's as its
                    // worker starts: the asking soon gets ahead of the reading).
                    read_ahead.batch(batch);
                }
            });
        });
        let mut waiting = BTreeMap::new();
        let mut next = 0;
        for (k, batch, outcomes) in finished {
            waiting.insert(k, (batch, outcomes));
            while let Some((batch, outcomes)) = waiting.remove(&next) {
                let outcomes = outcomes.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                for (input, outcome) in batch.iter().zip(outcomes) {
                    sink(input, outcome)?;
                }
                next += 1;
                let _ = give.send(());
            }
        }
        Ok(())
    })
}

/// Cuts inputs into consecutive batches for `workers` workers: batches of `most` inputs (at
/// least one); with more than one worker, shrinking towards the end (a quarter of what is left
/// for each worker, down to 16 inputs) so that the workers finish about together.
pub fn cut(inputs: &[Input], most: usize, workers: usize) -> Vec<&[Input]> {
    let most = most.max(1);
    let mut batches = Vec::with_capacity(inputs.len() / most + 16);
    let mut rest = inputs;
    while !rest.is_empty() {
        let share = match workers {
            0 | 1 => most,
            n => rest.len() / (4 * n),
        };
        let size = share.clamp(16.min(most), most);
        let (batch, after) = rest.split_at(size.min(rest.len()));
        batches.push(batch);
        rest = after;
    }
    batches
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::{Path, PathBuf};

    fn missing_inputs(n: usize) -> Vec<Input> {
        (0..n)
            .map(|i| {
                let path = PathBuf::from(format!("missing-{i:03}.txt"));
                let error = crate::Error::io(&path, std::io::ErrorKind::NotFound.into());
                Input::Missing(path, error)
            })
            .collect()
    }

    fn input_name(input: &Input) -> String {
        input.path().display().to_string()
    }

    /// A pipeline over an empty gazetteer: for inputs that are all missing files.
    fn empty_pipeline() -> Pipeline {
        crate::pipeline::test_pipeline(
            "id\tname\taliases\trole\tclub\tnationality\n",
            "id\tname\taliases\tcity\tcountry\tstadium\n",
            "id\tname\taliases\tcity\tclubs\n",
        )
    }

    /// The pipeline over the project's gazetteers.
    fn project_pipeline() -> Pipeline {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("gazetteers");
        Pipeline::new(crate::Gazetteer::load(dir).expect("bundled gazetteer")).expect("pipeline")
    }

    /// Small batches: four inputs, and a byte limit small enough that most documents go
    /// through the stages in twos and threes.
    fn small(documents: usize, bytes: usize) -> BatchSize {
        BatchSize { documents, bytes }
    }

    /// The seed articles and a few odd files (empty, header only, not UTF-8, not text, missing)
    /// in a temporary folder, as inputs in a mixed order.
    fn mixed_inputs(dir: &Path) -> Vec<Input> {
        let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let mut seeds: Vec<PathBuf> = std::fs::read_dir(corpus)
            .expect("corpus")
            .map(|e| e.expect("entry").path())
            .collect();
        seeds.sort();
        let mut paths = Vec::new();
        for (i, seed) in seeds.iter().enumerate() {
            let path = dir.join(format!("seed-{i}.txt"));
            std::fs::copy(seed, &path).expect("copy a seed");
            paths.push(path);
        }
        let odd: [(&str, &[u8]); 4] = [
            ("empty.txt", b""),
            ("header.txt", b"2018-04-22\n"),
            (
                "latin1.txt",
                b"Juventus 0 Napoli 1, \xaba late winner\xbb.\n",
            ),
            ("binary.txt", b"\x00\x01\x02 not text"),
        ];
        for (k, (name, bytes)) in odd.iter().enumerate() {
            let path = dir.join(name);
            std::fs::write(&path, bytes).expect("write");
            paths.insert((2 * k + 1).min(paths.len()), path);
        }
        let mut inputs: Vec<Input> = paths.into_iter().map(Input::File).collect();
        inputs.insert(3, missing_inputs(1).remove(0));
        inputs
    }

    #[test]
    fn outcomes_come_back_in_input_order_across_batches() {
        let pipeline = empty_pipeline();
        let inputs = missing_inputs(23);
        let mut seen = Vec::new();
        run(
            &pipeline,
            &inputs,
            small(4, 1),
            |input, outcome| -> Result<(), ()> {
                let Outcome::Error { json, .. } = outcome else {
                    panic!("a missing file gives an error line");
                };
                assert!(json.contains(&input_name(input)), "{json}");
                seen.push(input_name(input));
                Ok(())
            },
        )
        .expect("no sink error");
        let expected: Vec<String> = inputs.iter().map(input_name).collect();
        assert_eq!(seen, expected);
    }

    #[test]
    fn a_failing_sink_stops_the_run_with_its_error() {
        let pipeline = empty_pipeline();
        let inputs = missing_inputs(400);
        let mut calls = 0;
        let result = run(&pipeline, &inputs, small(3, 1), |_, _| {
            calls += 1;
            if calls == 5 {
                Err("closed")
            } else {
                Ok(())
            }
        });
        assert_eq!(result, Err("closed"));
        assert_eq!(calls, 5);
    }

    /// Documents run through the stages together give the lines they give one at a time, at
    /// every batch size and byte limit, errors in their places.
    #[test]
    fn batches_give_the_lines_of_one_document_at_a_time() {
        let pipeline = project_pipeline();
        let tmp = tempfile::tempdir().expect("temp dir");
        let inputs = mixed_inputs(tmp.path());
        let one_by_one: Vec<Outcome> = inputs
            .iter()
            .map(|input| process_input(&pipeline, input))
            .collect();
        assert!(one_by_one
            .iter()
            .any(|o| matches!(o, Outcome::Line { json, .. } if json.contains("\"quotes\":[{"))));
        assert_eq!(
            one_by_one
                .iter()
                .filter(|o| matches!(o, Outcome::Error { .. }))
                .count(),
            2,
            "the missing and the binary file"
        );
        for bytes in [1, 2_000, 9_000, usize::MAX] {
            assert_eq!(
                process_batch(&pipeline, &inputs, bytes),
                one_by_one,
                "{bytes} bytes"
            );
            for documents in [1, 2, 3, 5, 512] {
                let mut lines = Vec::new();
                run(&pipeline, &inputs, small(documents, bytes), |_, o| {
                    lines.push(o);
                    Ok::<(), ()>(())
                })
                .expect("no sink error");
                assert_eq!(lines, one_by_one, "{documents} documents, {bytes} bytes");
            }
        }
    }

    /// `analyze_each` gives, in input order, the documents and analyses of reading and analysing
    /// each input alone, and the errors of the inputs that cannot be read, at every batch size.
    #[test]
    fn analyze_each_gives_what_each_input_gives_alone() {
        let pipeline = project_pipeline();
        let tmp = tempfile::tempdir().expect("temp dir");
        let inputs = mixed_inputs(tmp.path());
        let alone: Vec<Result<(Document, Analysis), String>> = inputs
            .iter()
            .map(|input| {
                input
                    .read()
                    .map(|doc| {
                        let analysis = pipeline.analyze(&doc);
                        (doc, analysis)
                    })
                    .map_err(|e| e.to_string())
            })
            .collect();
        assert_eq!(alone.iter().filter(|r| r.is_err()).count(), 2);
        assert!(alone
            .iter()
            .flatten()
            .any(|(_, analysis)| !analysis.quotes.is_empty()));
        for (documents, bytes) in [(1, 1), (2, 2_000), (3, 9_000), (512, 1 << 20)] {
            let mut all: Vec<Result<(Document, Analysis), String>> = Vec::new();
            analyze_each(&pipeline, &inputs, small(documents, bytes), |_, r| {
                all.push(r.map_err(|e| e.to_string()));
                Ok::<(), ()>(())
            })
            .expect("no sink error");
            assert_eq!(all, alone, "{documents} documents, {bytes} bytes");
        }
    }

    /// `run` dispatches from a thread of its own: called from the only worker of a pool, it
    /// still finishes (and gives the same lines).
    #[test]
    fn a_run_inside_a_one_thread_pool_finishes() {
        let pipeline = empty_pipeline();
        let inputs = missing_inputs(200);
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .expect("pool");
        let mut count = 0;
        pool.install(|| {
            run(&pipeline, &inputs, small(2, 1), |_, _| {
                count += 1;
                Ok::<(), ()>(())
            })
        })
        .expect("no sink error");
        assert_eq!(count, 200);
    }

    /// A panic while processing a batch comes out of `run` (after the batches before it were
    /// taken) instead of leaving the sink waiting for that batch.
    #[test]
    fn a_panicking_batch_stops_the_run() {
        let inputs = missing_inputs(300);
        let mut taken = 0;
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            run_with(
                &inputs,
                2,
                |batch| {
                    if batch.iter().any(|i| input_name(i) == "missing-099.txt") {
                        panic!("batch with missing-099.txt");
                    }
                    batch
                        .iter()
                        .map(|i| Outcome::Error {
                            json: input_name(i),
                            message: String::new(),
                        })
                        .collect()
                },
                |_, _| {
                    taken += 1;
                    Ok::<(), ()>(())
                },
            )
        }));
        let panic = result.expect_err("the batch's panic");
        assert_eq!(
            panic.downcast_ref::<&str>(),
            Some(&"batch with missing-099.txt")
        );
        assert!(
            taken <= 99,
            "{taken} outcomes taken before the panicking batch"
        );
    }

    /// [`cut`]: the batches cover the inputs in order, none is empty or larger than asked, one
    /// worker gets full batches, and several get batches that shrink towards the end.
    #[test]
    fn cut_cases() {
        // (inputs, most, workers)
        let cases = [
            (0, 512, 1),
            (1, 512, 1),
            (5281, 512, 1),
            (5281, 512, 2),
            (10381, 512, 2),
            (100, 16, 4),
            (100, 7, 2),
            (3, 1, 2),
            (40, 0, 0),
        ];
        for (n, most, workers) in cases {
            let inputs = missing_inputs(n);
            let batches = cut(&inputs, most, workers);
            let names: Vec<String> = batches
                .iter()
                .flat_map(|b| b.iter())
                .map(input_name)
                .collect();
            let expected: Vec<String> = inputs.iter().map(input_name).collect();
            assert_eq!(
                names, expected,
                "{n} {most} {workers}: every input once, in order"
            );
            let sizes: Vec<usize> = batches.iter().map(|b| b.len()).collect();
            let most = most.max(1);
            assert!(
                sizes.iter().all(|&s| 1 <= s && s <= most),
                "{n} {most} {workers}: {sizes:?}"
            );
            if workers <= 1 {
                let full = sizes.len().saturating_sub(1);
                assert!(sizes[..full].iter().all(|&s| s == most), "{sizes:?}");
            } else {
                assert!(sizes.windows(2).all(|w| w[0] >= w[1]), "{sizes:?}");
                let last = sizes.last().copied().unwrap_or(0);
                assert!(last <= 16.min(most), "{n}: ends small: {sizes:?}");
            }
        }
        assert_eq!(
            cut(&missing_inputs(5281), 512, 2).first().map(|b| b.len()),
            Some(512)
        );
    }
}
