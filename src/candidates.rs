//! The candidate lists of ambiguous forms, prepared once when the pipeline is built.
//!
//! In a large gazetteer a common surname names hundreds of people, and every mention of it
//! carries that list. What later stages need of a list (its ids as JSON for the output, each
//! candidate's club for resolution) is gathered here once per distinct list, in list order, so
//! that a mention costs one lookup and a sequential read instead of a scattered read per
//! candidate. The matcher's mentions share these lists ([`Candidates`]) and carry their index
//! here; a list narrowed by a later stage (the fuzzy stage's first-name check) is a new list
//! without one, and its users fall back to the gazetteer.

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use rustc_hash::{FxHashMap as HashMap, FxHasher};

use crate::facts::Candidates;
use crate::gazetteer::Gazetteer;
use crate::output::write_ids;
use crate::words::StringTable;

/// The prepared candidate lists (see the module documentation).
#[derive(Debug, Default)]
pub struct CandidateLists {
    /// Hash of a list ([`list_hash`]) -> its index (the first list with that hash).
    by_hash: HashMap<u64, u32>,
    /// List `i`, shared by the mentions that carry it.
    lists: Vec<Arc<[u32]>>,
    /// Per candidate of each list, one list after the other: the candidate's club if it is a
    /// person with one, else [`NO_CLUB`]. List `i`'s are `person_clubs[ends[i - 1]..ends[i]]`.
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
            prepared.lists.push(Arc::from(list));
            prepared
                .person_clubs
                .extend(list.iter().map(|&c| person_club(gazetteer, c)));
            prepared.ends.push(prepared.person_clubs.len() as u32);
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

    /// What is prepared for `list`, if it is one of the lists (found by its contents).
    pub fn get(&self, list: &[u32]) -> Option<PreparedList<'_>> {
        let slot = self.slot_of(list)?;
        self.at(slot)
    }

    /// What is prepared for a mention's candidates: found by the index they carry when they are
    /// one of these lists (no lookup, no comparison of contents), else by their contents.
    pub fn prepared(&self, candidates: &Candidates) -> Option<PreparedList<'_>> {
        if candidates.is_empty() {
            return None;
        }
        let carried = candidates.prepared_index().filter(|&i| {
            // The index is only trusted for this pipeline's own list (one pointer comparison).
            match (self.lists.get(i as usize), candidates.shared()) {
                (Some(ours), Some(theirs)) => Arc::ptr_eq(ours, theirs),
                _ => false,
            }
        });
        match carried {
            Some(slot) => self.at(slot as usize),
            None => self.get(candidates),
        }
    }

    /// `list` as mentions carry it: shared with the prepared list of the same contents, with
    /// its index, if there is one; else a list of its own.
    pub fn share(&self, list: &[u32]) -> Candidates {
        match self.slot_of(list) {
            Some(slot) => Candidates::prepared(Arc::clone(&self.lists[slot]), slot as u32),
            None => Candidates::from(list),
        }
    }

    /// The index of the list with the contents of `list`, if there is one.
    fn slot_of(&self, list: &[u32]) -> Option<usize> {
        let slot = *self.by_hash.get(&list_hash(list))? as usize;
        (**self.lists.get(slot)? == *list).then_some(slot)
    }

    /// What is prepared for list `slot`.
    fn at(&self, slot: usize) -> Option<PreparedList<'_>> {
        let start = match slot.checked_sub(1) {
            Some(previous) => *self.ends.get(previous)? as usize,
            None => 0,
        };
        let end = *self.ends.get(slot)? as usize;
        Some(PreparedList {
            json: self.json.get(slot),
            person_clubs: self.person_clubs.get(start..end)?,
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

    fn smith_pipeline() -> crate::Pipeline {
        crate::pipeline::test_pipeline(
            "id\tname\taliases\trole\tclub\tnationality\n\
             john-smith\tJohn Smith\t\tplayer\tfulham\t\n\
             adam-smith\tAdam Smith\t\tcoach\t\t\n",
            "id\tname\taliases\tcity\tcountry\tstadium\n\
             fulham\tFulham\t\tLondon\tEngland\t\n",
            "id\tname\taliases\tcity\tclubs\n",
        )
    }

    #[test]
    fn mentions_share_the_prepared_list_and_carry_its_index() {
        let pipeline = smith_pipeline();
        let lists = pipeline.candidate_lists();
        let analysis = pipeline.analyze_text("Smith scored. Smith was booked.");
        let [a, b] = &analysis.mentions[..] else {
            panic!("two mentions: {:?}", analysis.mentions);
        };
        assert_eq!(a.candidates, [0, 1]);
        assert_eq!(a.candidates.prepared_index(), Some(0));
        // One list for both mentions, not a copy each.
        let (Some(x), Some(y)) = (a.candidates.shared(), b.candidates.shared()) else {
            panic!("shared lists");
        };
        assert!(Arc::ptr_eq(x, y));
        let by_index = lists.prepared(&a.candidates).unwrap();
        assert_eq!(Some(by_index), lists.get(&[0, 1]));
        assert_eq!(by_index.json, r#"["john-smith","adam-smith"]"#);
    }

    #[test]
    fn lists_without_a_trusted_index_are_found_by_contents() {
        let pipeline = smith_pipeline();
        let lists = pipeline.candidate_lists();
        let expected = lists.get(&[0, 1]);
        assert!(expected.is_some());
        // A list of its own (a stage built it): by contents.
        assert_eq!(lists.prepared(&Candidates::from(vec![0, 1])), expected);
        // The same index carried by another pipeline's list: not trusted, by contents.
        let other = smith_pipeline().candidate_lists().share(&[0, 1]);
        assert_eq!(other.prepared_index(), Some(0));
        assert_eq!(lists.prepared(&other), expected);
        // An index that points at a different list is not trusted either.
        let stray = Candidates::prepared(Arc::from(vec![1, 0]), 0);
        assert_eq!(lists.prepared(&stray), None);
        // Narrowed and empty lists.
        assert_eq!(lists.prepared(&Candidates::from(vec![1])), None);
        assert_eq!(lists.prepared(&Candidates::default()), None);
        assert_eq!(lists.share(&[1, 0]).prepared_index(), None);
    }
}
