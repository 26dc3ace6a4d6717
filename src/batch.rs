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
            let record = Record::new(&doc, &analysis, pipeline.gazetteer());
            Outcome::Line {
                json: to_line(&record),
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
/// taken in chunks so that at most `chunk` outcomes are held at once. Stops early and returns
/// the sink's error if it fails (a closed pipe, a full disk).
pub fn run<E>(
    pipeline: &Pipeline,
    inputs: &[Input],
    chunk: usize,
    mut sink: impl FnMut(&Input, Outcome) -> Result<(), E>,
) -> Result<(), E> {
    for group in inputs.chunks(chunk.max(1)) {
        let outcomes: Vec<Outcome> = group
            .par_iter()
            .map(|input| process_input(pipeline, input))
            .collect();
        for (input, outcome) in group.iter().zip(outcomes) {
            sink(input, outcome)?;
        }
    }
    Ok(())
}
