//! Typed errors of the library. Every message names the file, line and value at fault.

use std::fmt;
use std::path::PathBuf;

/// One problem found in a gazetteer file: `file:line: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file the problem is in.
    pub path: PathBuf,
    /// 1-based line number (0 when the problem is about the whole file).
    pub line: usize,
    /// What is wrong, naming the offending value.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.path.display(), self.message)
        } else {
            write!(f, "{}:{}: {}", self.path.display(), self.line, self.message)
        }
    }
}

/// Errors returned by matchfacts.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or folder could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The path that failed.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// One or more gazetteer files are malformed; every problem found is listed.
    #[error("{}", join_problems(.0))]
    Gazetteer(Vec<Problem>),
    /// A file looks binary (it holds a NUL byte) and was not processed.
    #[error("{}: binary file (NUL byte at offset {offset})", path.display())]
    Binary {
        /// The file.
        path: PathBuf,
        /// Byte offset of the first NUL byte.
        offset: usize,
    },
    /// A rule data file is malformed.
    #[error("{file}:{line}: {message}")]
    RuleData {
        /// The data file's name.
        file: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A JSON document (gold file, predictions) could not be parsed.
    #[error("{}:{line}: {message}", path.display())]
    Json {
        /// The file.
        path: PathBuf,
        /// 1-based line number (for JSON Lines), or the parser's line.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A value given by the user is not valid.
    #[error("{0}")]
    Invalid(String),
}

fn join_problems(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

impl Error {
    /// Wraps an I/O error with the path it happened on.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

/// Result alias used across the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;
