//! `gazetteer stats`: what the gazetteers hold, and how much of it is ambiguous.

use serde::Serialize;

use crate::gazetteer::{EntityKind, Gazetteer};

use super::{FormIndex, RiskyWords};

/// Counts over a gazetteer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Players.
    pub players: usize,
    /// Coaches.
    pub coaches: usize,
    /// Referees.
    pub referees: usize,
    /// Clubs.
    pub clubs: usize,
    /// Stadiums.
    pub stadiums: usize,
    /// All entities.
    pub entities: usize,
    /// Aliases listed (all entities).
    pub aliases: usize,
    /// Entities with at least one alias.
    pub entities_with_aliases: usize,
    /// People with a derived surname (a name of two words or more).
    pub derived_surnames: usize,
    /// Distinct folded forms the matcher compiles (names, aliases, surnames).
    pub forms: usize,
    /// Forms that name more than one entity.
    pub ambiguous_forms: usize,
    /// Entities carrying at least one ambiguous form.
    pub entities_with_ambiguous_forms: usize,
    /// One-word aliases and surnames that are common English words.
    pub common_word_forms: usize,
}

/// Computes the counts.
pub fn stats(gazetteer: &Gazetteer) -> Stats {
    let mut s = Stats::default();
    let risky = RiskyWords::default();
    for entity in gazetteer.entities() {
        match entity.kind {
            EntityKind::Player => s.players += 1,
            EntityKind::Coach => s.coaches += 1,
            EntityKind::Referee => s.referees += 1,
            EntityKind::Club => s.clubs += 1,
            EntityKind::Stadium => s.stadiums += 1,
        }
        s.aliases += entity.aliases.len();
        s.entities_with_aliases += usize::from(!entity.aliases.is_empty());
        let surname = entity.surname();
        s.derived_surnames += usize::from(surname.is_some());
        s.common_word_forms += entity
            .aliases
            .iter()
            .map(String::as_str)
            .chain(surname)
            .filter(|f| risky.list_of(f).is_some())
            .count();
    }
    s.entities = gazetteer.len();
    let index = FormIndex::new(gazetteer);
    s.forms = index.len();
    let shared = index.shared();
    s.ambiguous_forms = shared.len();
    let mut carrying: Vec<usize> = shared
        .iter()
        .flat_map(|(_, uses)| uses.iter().map(|u| u.entity))
        .collect();
    carrying.sort_unstable();
    carrying.dedup();
    s.entities_with_ambiguous_forms = carrying.len();
    s
}

impl Stats {
    /// The counts as text, one figure a line.
    pub fn to_text(&self) -> String {
        let people = self.players + self.coaches + self.referees;
        let lines = [
            ("entities", self.entities.to_string()),
            (
                "  people",
                format!(
                    "{people} ({} players, {} coaches, {} referees)",
                    self.players, self.coaches, self.referees
                ),
            ),
            ("  clubs", self.clubs.to_string()),
            ("  stadiums", self.stadiums.to_string()),
            (
                "aliases",
                format!(
                    "{} (on {} entities)",
                    self.aliases, self.entities_with_aliases
                ),
            ),
            ("derived surnames", self.derived_surnames.to_string()),
            (
                "distinct forms",
                format!(
                    "{} (names, aliases and surnames, case and accents folded)",
                    self.forms
                ),
            ),
            (
                "ambiguous forms",
                format!(
                    "{} (each naming several entities; {} entities involved)",
                    self.ambiguous_forms, self.entities_with_ambiguous_forms
                ),
            ),
            (
                "common-word forms",
                format!(
                    "{} (one-word aliases and surnames that are English words)",
                    self.common_word_forms
                ),
            ),
        ];
        lines
            .iter()
            .map(|(label, value)| format!("{label:<18} {value}\n"))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn counts() {
        let g = Gazetteer::from_texts(
            (
                Path::new("people.tsv"),
                "id\tname\taliases\trole\tclub\tnationality\n\
                 ashley-cole\tAshley Cole\t\tplayer\t\t\n\
                 joe-cole\tJoe Cole\tJC\tplayer\t\t\n\
                 ronaldinho\tRonaldinho\t\tplayer\t\t\n\
                 jose-mourinho\tJosé Mourinho\tSpecial One\tcoach\tchelsea\t\n\
                 mike-dean\tMike Dean\t\treferee\t\t\n",
            ),
            (
                Path::new("clubs.tsv"),
                "id\tname\taliases\tcity\tcountry\tstadium\n\
                 chelsea\tChelsea\tBlues|Pensioners\tLondon\tEngland\t\n",
            ),
            (
                Path::new("stadiums.tsv"),
                "id\tname\taliases\tcity\tclubs\n",
            ),
        )
        .unwrap();
        let s = stats(&g);
        assert_eq!(
            s,
            Stats {
                players: 3,
                coaches: 1,
                referees: 1,
                clubs: 1,
                stadiums: 0,
                entities: 6,
                aliases: 4,
                entities_with_aliases: 3,
                derived_surnames: 4,
                // names 6 + aliases 4 + surnames 4, minus the shared `cole`
                forms: 13,
                ambiguous_forms: 1,
                entities_with_ambiguous_forms: 2,
                common_word_forms: 0,
            }
        );
    }
}
