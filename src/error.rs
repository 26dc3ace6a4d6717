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

/// A copy of the error. An I/O error is copied as its kind and its message (`std::io::Error` is
/// not `Clone`): the copy displays as the original does (tested); its `source` holds the
/// message, not the operating system's error value.
impl Clone for Error {
    fn clone(&self) -> Error {
        match self {
            Error::Io { path, source } => Error::Io {
                path: path.clone(),
                source: std::io::Error::new(source.kind(), source.to_string()),
            },
            Error::Gazetteer(problems) => Error::Gazetteer(problems.clone()),
            Error::Binary { path, offset } => Error::Binary {
                path: path.clone(),
                offset: *offset,
            },
            Error::RuleData {
                file,
                line,
                message,
            } => Error::RuleData {
                file: file.clone(),
                line: *line,
                message: message.clone(),
            },
            Error::Json {
                path,
                line,
                message,
            } => Error::Json {
                path: path.clone(),
                line: *line,
                message: message.clone(),
            },
            Error::Invalid(message) => Error::Invalid(message.clone()),
        }
    }
}

/// Result alias used across the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    /// A copy displays as the original, for every kind of error; an I/O error keeps its kind.
    #[test]
    fn a_copy_displays_as_the_original() {
        let problem = Problem {
            path: PathBuf::from("people.tsv"),
            line: 3,
            message: "no name".to_string(),
        };
        let errors = [
            Error::io("corpus/a.txt", std::io::ErrorKind::NotFound.into()),
            Error::io(
                "corpus/b.txt",
                std::io::Error::new(std::io::ErrorKind::PermissionDenied, "not yours"),
            ),
            Error::Gazetteer(vec![problem.clone(), problem]),
            Error::Binary {
                path: PathBuf::from("x.bin"),
                offset: 7,
            },
            Error::RuleData {
                file: "cues.tsv".to_string(),
                line: 2,
                message: "empty".to_string(),
            },
            Error::Json {
                path: PathBuf::from("gold.jsonl"),
                line: 9,
                message: "expected value".to_string(),
            },
            Error::Invalid("--mb 0".to_string()),
        ];
        for error in &errors {
            let copy = error.clone();
            assert_eq!(copy.to_string(), error.to_string());
            if let (Error::Io { source: a, .. }, Error::Io { source: b, .. }) = (error, &copy) {
                assert_eq!(a.kind(), b.kind());
            }
        }
    }
}
