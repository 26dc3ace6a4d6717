//! Running the pipeline over many documents: in parallel (rayon), in bounded chunks so memory
//! stays flat on large corpora, with results handed back in input order.

use std::path::Path;

use rayon::prelude::*;

use crate::document::{Document, Input};
use crate::output::{to_line, ErrorRecord, Record};
use crate::pipeline::Pipeline;

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

/// Processes one input into its output line.
pub fn process_input(pipeline: &Pipeline, input: &Input) -> Outcome {
    match input {
        Input::File(path) => process_path(pipeline, path),
        Input::Missing(path, error) => error_outcome(&path.display().to_string(), error),
    }
}

fn process_path(pipeline: &Pipeline, path: &Path) -> Outcome {
    match Document::read(path) {
        Ok(doc) => {
            let analysis = pipeline.analyze(&doc);
            let record = Record::new(&doc, &analysis, pipeline);
            Outcome::Line {
                json: record.to_json_line(),
                bytes: doc.text.len(),
                reencoded: doc.encoding != crate::Encoding::Utf8,
            }
        }
        Err(e) => error_outcome(&path.display().to_string(), &e),
    }
}

fn error_outcome(doc: &str, error: &crate::Error) -> Outcome {
    let message = error.to_string();
    Outcome::Error {
        json: to_line(&ErrorRecord {
            doc,
            error: message.clone(),
        }),
        message,
    }
}

/// Processes inputs in parallel and calls `sink` with each outcome in input order. Inputs are
/// taken in chunks so that at most about three chunks of outcomes are held at once; the sink
/// runs on the calling thread while the workers go on with the next chunk. Stops early and
/// returns the sink's error if it fails (a closed pipe, a full disk).
pub fn run<E>(
    pipeline: &Pipeline,
    inputs: &[Input],
    chunk: usize,
    mut sink: impl FnMut(&Input, Outcome) -> Result<(), E>,
) -> Result<(), E> {
    let groups = inputs.chunks(chunk.max(1));
    std::thread::scope(|scope| {
        // One processed chunk may wait while the sink drains the previous one.
        let (sender, receiver) = std::sync::mpsc::sync_channel::<Vec<Outcome>>(1);
        let producer_groups = groups.clone();
        scope.spawn(move || {
            for group in producer_groups {
                let outcomes: Vec<Outcome> = group
                    .par_iter()
                    .map(|input| process_input(pipeline, input))
                    .collect();
                if sender.send(outcomes).is_err() {
                    break; // the sink stopped
                }
            }
        });
        for (group, outcomes) in groups.zip(receiver) {
            for (input, outcome) in group.iter().zip(outcomes) {
                sink(input, outcome)?;
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn inputs(n: usize) -> Vec<Input> {
        (0..n)
            .map(|i| {
                let path = PathBuf::from(format!("missing-{i:03}.txt"));
                let error = crate::Error::io(&path, std::io::ErrorKind::NotFound.into());
                Input::Missing(path, error)
            })
            .collect()
    }

    /// A pipeline over an empty gazetteer: the inputs here are all missing files.
    fn empty_pipeline() -> Pipeline {
        crate::pipeline::test_pipeline(
            "id\tname\taliases\trole\tclub\tnationality\n",
            "id\tname\taliases\tcity\tcountry\tstadium\n",
            "id\tname\taliases\tcity\tclubs\n",
        )
    }

    fn name(input: &Input) -> String {
        match input {
            Input::File(p) | Input::Missing(p, _) => p.display().to_string(),
        }
    }

    #[test]
    fn outcomes_come_back_in_input_order_across_chunks() {
        let pipeline = empty_pipeline();
        let inputs = inputs(23);
        let mut seen = Vec::new();
        run(&pipeline, &inputs, 4, |input, outcome| -> Result<(), ()> {
            let Outcome::Error { json, .. } = outcome else {
                panic!("a missing file gives an error line");
            };
            assert!(json.contains(&name(input)), "{json}");
            seen.push(name(input));
            Ok(())
        })
        .expect("no sink error");
        let expected: Vec<String> = inputs.iter().map(name).collect();
        assert_eq!(seen, expected);
    }

    #[test]
    fn a_failing_sink_stops_the_run_with_its_error() {
        let pipeline = empty_pipeline();
        let inputs = inputs(40);
        let mut calls = 0;
        let result = run(&pipeline, &inputs, 3, |_, _| {
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
}
