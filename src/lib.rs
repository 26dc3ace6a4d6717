//! matchfacts turns football match reports into structured, checkable facts: mentions of
//! players, coaches, referees, clubs and stadiums; final scores; minute-stamped events; and quotes
//! with their speakers.
//!
//! The pipeline is a chain of stages, each adding a layer to a [`Document`]:
//! [`segment`] (sentences) -> [`matcher`] (exact gazetteer matches) -> [`fuzzy`] (misspellings)
//! -> [`extract`] (scores, events, quotes) -> [`output`] (JSON Lines). [`eval`] scores the layers
//! against gold files. [`editor`] holds the editors' gazetteer tools (`matchfacts gazetteer`).
//!
//! ```no_run
//! use matchfacts::{Document, Gazetteer, Pipeline};
//! let gazetteer = Gazetteer::load("gazetteers")?;
//! let pipeline = Pipeline::new(gazetteer)?;
//! let doc = Document::new("example.txt", "Koulibaly headed the winner in the 89th minute.");
//! let analysis = pipeline.analyze(&doc);
//! println!("{} mentions", analysis.mentions.len());
//! # Ok::<(), matchfacts::Error>(())
//! ```

pub mod batch;
pub mod bench;
mod bytescan;
pub mod candidates;
pub mod document;
pub mod editor;
pub mod error;
pub mod eval;
pub mod extract;
pub mod facts;
pub mod fold;
pub mod fuzzy;
mod gather;
pub mod gazetteer;
pub mod gold;
pub mod matcher;
pub mod matches;
pub mod output;
pub mod pipeline;
pub mod segment;
pub mod words;

pub use document::{Document, Encoding};
pub use error::{Error, Problem, Result};
pub use facts::{Candidates, Event, EventType, MatchKind, Mention, Quote, Score, Span};
pub use gazetteer::{EntityKind, Gazetteer};
pub use pipeline::{Analysis, Pipeline};
