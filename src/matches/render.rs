//! `--format text`: a line a sub-editor can paste, then the details, indented.
//!
//! ```text
//! Juventus 0-1 Napoli (Allianz Stadium, 22 Apr 2018). Goal: Koulibaly 90' (90' in 3 reports, 89' in 1, 91' in 1). 5 reports.
//!   Quote: "We knew it was ..." (Koulibaly; 2 reports)
//!   Conflict: Koulibaly goal: minutes differ by more than 1: ...
//!   Sources: 000_b5d0df53e169d348.txt, ...
//! ```
//! A date read from an article's text is written as is (`22 Apr 2018`); an article's own date as
//! `report dated 23 Apr 2018`. A venue no article names is followed by `[inferred]`.

use std::path::Path;

use super::merge::minute_text;
use super::record::{DateSource, EventSummary, MatchRecord};
use crate::gazetteer::derived_surname;
use crate::matches::date::Day;

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn short_source(name: &str) -> String {
    Path::new(name)
        .file_name()
        .map_or(name.to_string(), |f| f.to_string_lossy().into_owned())
}

/// The name used in the line: a player's surname, else the team's name.
fn who(record: &MatchRecord, e: &EventSummary) -> String {
    match &e.player_name {
        Some(name) => derived_surname(name).unwrap_or(name).to_string(),
        None => {
            let team = e
                .team
                .as_deref()
                .and_then(|id| record.teams.iter().find(|t| t.id == id))
                .map_or("unknown", |t| t.name.as_str());
            format!("{team} player")
        }
    }
}

/// `90' (90' in 3 reports, 89' in 1, 91' in 1)`: the consensus minute, then the votes when the
/// articles disagree.
fn minutes(e: &EventSummary) -> String {
    let mut out = minute_text(e.consensus_minute, e.consensus_added);
    let mut voted: Vec<_> = e.minutes.iter().filter(|m| m.votes > 0).collect();
    if voted.len() > 1 {
        voted.sort_by_key(|m| (std::cmp::Reverse(m.votes), m.minute));
        let parts: Vec<String> = voted
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let minute = minute_text(m.minute, m.added);
                if i == 0 {
                    format!("{minute} in {}", plural(m.votes, "report", "reports"))
                } else {
                    format!("{minute} in {}", m.votes)
                }
            })
            .collect();
        out.push_str(&format!(" ({})", parts.join(", ")));
    }
    out
}

impl MatchRecord {
    /// The record as text: the line to paste, then quotes, other events, conflicts, failed
    /// checks and sources, each on an indented line.
    pub fn to_text(&self) -> String {
        let [home, away] = &self.teams;
        let mut line = match &self.score {
            Some(s) => format!("{} {}-{} {}", home.name, s.goals[0], s.goals[1], away.name),
            None => format!("{} v {}", home.name, away.name),
        };
        let mut paren = Vec::new();
        if let Some(v) = &self.venue {
            paren.push(if v.inferred {
                format!("{} [inferred]", v.name)
            } else {
                v.name.clone()
            });
        }
        if let Some(day) = self.date.as_deref().and_then(Day::parse) {
            paren.push(match self.date_source {
                Some(DateSource::Article) => format!("report dated {}", day.human()),
                _ => day.human(),
            });
        }
        if !paren.is_empty() {
            line.push_str(&format!(" ({})", paren.join(", ")));
        }
        line.push('.');
        if !self.goals.is_empty() {
            let label = if self.goals.len() == 1 {
                "Goal"
            } else {
                "Goals"
            };
            let goals: Vec<String> = self
                .goals
                .iter()
                .map(|g| {
                    let og = if g.kind == crate::facts::EventType::OwnGoal {
                        " og"
                    } else {
                        ""
                    };
                    format!("{}{og} {}", who(self, g), minutes(g))
                })
                .collect();
            line.push_str(&format!(" {label}: {}.", goals.join(", ")));
        }
        line.push_str(&format!(
            " {}.",
            plural(self.sources.len(), "report", "reports")
        ));
        let mut out = vec![line];
        if !self.events.is_empty() {
            let events: Vec<String> = self
                .events
                .iter()
                .map(|e| {
                    format!(
                        "{} {} {}",
                        who(self, e),
                        e.kind.as_str().replace('_', " "),
                        minutes(e)
                    )
                })
                .collect();
            out.push(format!("  Events: {}.", events.join(", ")));
        }
        for q in &self.quotes {
            let speaker = q
                .speaker_name
                .as_deref()
                .map(|n| derived_surname(n).unwrap_or(n).to_string())
                .or_else(|| q.speaker_text.clone())
                .unwrap_or_else(|| "unattributed".to_string());
            out.push(format!(
                "  Quote: \"{}\" ({speaker}; {})",
                q.text,
                plural(q.sources.len(), "report", "reports")
            ));
        }
        for c in &self.conflicts {
            out.push(format!("  Conflict: {}", c.message()));
        }
        for c in self.checks.iter().filter(|c| c.failed()) {
            out.push(format!("  Check: {}", c.message()));
        }
        let sources: Vec<String> = self.sources.iter().map(|s| short_source(s)).collect();
        out.push(format!("  Sources: {}", sources.join(", ")));
        out.join("\n")
    }
}
