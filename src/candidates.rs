//! The candidate lists of ambiguous forms, prepared once when the pipeline is built.
//!
//! In a large gazetteer a common surname names hundreds of people, and every mention of it
//! carries that list. What later stages need of a list (its ids as JSON for the output, each
//! candidate's club for resolution) is gathered here once per distinct list, in list order, so
//! that a mention costs one lookup and a sequential read instead of a scattered read per
//! candidate. Lists are found by their contents: a list narrowed by a later stage (the fuzzy
//! stage's first-name check) is simply not found, and its users fall back to the gazetteer.

use std::hash::{Hash, Hasher};

use rustc_hash::{FxHashMap as HashMap, FxHasher};

use crate::gazetteer::Gazetteer;
use crate::output::write_ids;
use crate::words::StringTable;

/// The prepared candidate lists (see the module documentation).
#[derive(Debug, Default)]
pub struct CandidateLists {
    /// Hash of a list ([`list_hash`]) -> its index (the first list with that hash).
    by_hash: HashMap<u64, u32>,
    /// List `i` is `entities[ends[i - 1]..ends[i]]`.
    entities: Vec<u32>,
    /// Parallel to `entities`: the candidate's club if it is a person with one, else
    /// [`NO_CLUB`].
    person_clubs: Vec<u32>,
    ends: Vec<u32>,
    /// List `i`'s ids as a JSON array.
    json: StringTable,
}

/// In [`PreparedList::person_clubs`]: not a person, or a person without a club.
pub const NO_CLUB: u32 = u32::MAX;

/// What is prepared for one list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PreparedList<'a> {
    /// The candidates' ids as a JSON array (`["a","b"]`).
    pub json: &'a str,
    /// Per candidate, in order: its club (an entity index) if it is a person with one, else
    /// [`NO_CLUB`].
    pub person_clubs: &'a [u32],
}

impl CandidateLists {
    /// Prepares each distinct list of `lists` (entity indices into `gazetteer`).
    pub fn new<'l>(gazetteer: &Gazetteer, lists: impl IntoIterator<Item = &'l [u32]>) -> Self {
        let mut prepared = CandidateLists::default();
        let mut json = Vec::new();
        for list in lists {
            let slot = prepared.ends.len() as u32;
            let std::collections::hash_map::Entry::Vacant(entry) =
                prepared.by_hash.entry(list_hash(list))
            else {
                continue;
            };
            entry.insert(slot);
            prepared.entities.extend_from_slice(list);
            prepared
                .person_clubs
                .extend(list.iter().map(|&c| person_club(gazetteer, c)));
            prepared.ends.push(prepared.entities.len() as u32);
            let mut rendered = String::new();
            write_ids(
                &mut rendered,
                list.iter().map(|&c| gazetteer.id_of(c as usize)),
            );
            json.push(rendered);
        }
        prepared.json = StringTable::new(json.iter().map(String::as_str));
        prepared
    }

    /// What is prepared for `list`, if it is one of the lists.
    pub fn get(&self, list: &[u32]) -> Option<PreparedList<'_>> {
        let slot = *self.by_hash.get(&list_hash(list))? as usize;
        let start = match slot.checked_sub(1) {
            Some(previous) => *self.ends.get(previous)? as usize,
            None => 0,
        };
        let end = *self.ends.get(slot)? as usize;
        (self.entities.get(start..end)? == list).then(|| PreparedList {
            json: self.json.get(slot),
            person_clubs: &self.person_clubs[start..end],
        })
    }

    /// The number of distinct lists.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
}

/// Entity `c`'s club if it is a person with one, else [`NO_CLUB`].
pub fn person_club(gazetteer: &Gazetteer, c: u32) -> u32 {
    match gazetteer.kind_of(c as usize) {
        Some(kind) if kind.is_person() => gazetteer
            .club_of(c as usize)
            .map_or(NO_CLUB, |club| club as u32),
        _ => NO_CLUB,
    }
}

/// A hash of a list's contents (cheap: the list is read once, in order).
fn list_hash(list: &[u32]) -> u64 {
    let mut h = FxHasher::default();
    list.hash(&mut h);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_found_by_contents_with_their_ids_and_clubs() {
        let pipeline = crate::pipeline::test_pipeline(
            "id\tname\taliases\trole\tclub\tnationality\n\
             john-smith\tJohn Smith\t\tplayer\tfulham\t\n\
             adam-smith\tAdam Smith\t\tcoach\t\t\n",
            "id\tname\taliases\tcity\tcountry\tstadium\n\
             fulham\tFulham\tSmith\tLondon\tEngland\t\n",
            "id\tname\taliases\tcity\tclubs\n",
        );
        let lists = pipeline.candidate_lists();
        assert_eq!(lists.len(), 1);
        let smith = lists.get(&[0, 1, 2]).unwrap();
        assert_eq!(smith.json, r#"["john-smith","adam-smith","fulham"]"#);
        // A club is not a person: no club, though its own club is itself.
        assert_eq!(smith.person_clubs, [2, NO_CLUB, NO_CLUB]);
        assert_eq!(lists.get(&[0, 1]), None);
        assert_eq!(lists.get(&[2, 1, 0]), None);
    }
}
