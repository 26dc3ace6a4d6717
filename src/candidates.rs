//! The candidate lists of ambiguous forms, prepared once when the pipeline is built.
//!
//! In a large gazetteer a common surname names hundreds of people, and every mention of it
//! carries that list. What later stages need of a list (its ids as JSON for the output, each
//! candidate's club for resolution) is gathered here once per distinct list, in list order, so
//! that a mention costs a sequential read instead of a scattered read per candidate. The
//! matcher's mentions share these lists ([`Candidates`]), and what was prepared travels with
//! the list: no lookup. A list narrowed by a later stage (the fuzzy stage's first-name check)
//! is a new list without it, and its users fall back to the gazetteer.

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use rustc_hash::{FxHashMap as HashMap, FxHasher};

use crate::facts::Candidates;
use crate::gazetteer::Gazetteer;
use crate::output::write_ids;

/// The prepared candidate lists (see the module documentation).
#[derive(Debug, Default)]
pub struct CandidateLists {
    /// Hash of a list ([`list_hash`]) -> its index (the first list with that hash).
    by_hash: HashMap<u64, u32>,
    /// The distinct lists, each with what was prepared for it.
    lists: Vec<Arc<SharedList>>,
}

/// One candidate list as the mentions that carry it share it, with what was prepared for it
/// when the pipeline prepared it.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct SharedList {
    /// The entities, in the form's order.
    pub(crate) entities: Box<[u32]>,
    prepared: Option<Prepared>,
}

impl SharedList {
    /// A list nothing was prepared for.
    pub(crate) fn plain(entities: Box<[u32]>) -> SharedList {
        SharedList {
            entities,
            prepared: None,
        }
    }
}

/// What is prepared for a list (see [`PreparedList`]).
#[derive(Debug, PartialEq, Eq)]
struct Prepared {
    json: Box<str>,
    person_clubs: Box<[u32]>,
    club_bits: u64,
    order: ListOrder,
    name_pool: Option<u32>,
}

/// Whether a list's entities are known to be in ascending order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListOrder {
    /// Each entity is greater than the one before it.
    Ascending,
    /// Not known (or not ascending).
    Unknown,
}

impl ListOrder {
    /// The order of `list`, checked.
    pub fn of(list: &[u32]) -> ListOrder {
        match list.windows(2).all(|w| w[0] < w[1]) {
            true => ListOrder::Ascending,
            false => ListOrder::Unknown,
        }
    }
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
    /// Bit `club % 64` set for each club of `person_clubs` ([`NO_CLUB`] aside): a set of clubs
    /// none of whose bits is here holds none of the candidates' clubs.
    pub club_bits: u64,
    /// The order of the list's entities.
    pub order: ListOrder,
    /// The index of the fuzzy index's prepared form of the list
    /// ([`crate::fuzzy::FuzzyIndex::name_pool_index`]), if it has one.
    pub name_pool: Option<u32>,
}

impl CandidateLists {
    /// Prepares each distinct list of `lists` (entity indices into `gazetteer`).
    pub fn new<'l>(gazetteer: &Gazetteer, lists: impl IntoIterator<Item = &'l [u32]>) -> Self {
        let mut prepared = CandidateLists::default();
        for list in lists {
            let slot = prepared.lists.len() as u32;
            let std::collections::hash_map::Entry::Vacant(entry) =
                prepared.by_hash.entry(list_hash(list))
            else {
                continue;
            };
            entry.insert(slot);
            let person_clubs: Box<[u32]> =
                list.iter().map(|&c| person_club(gazetteer, c)).collect();
            let club_bits = person_clubs
                .iter()
                .filter(|&&club| club != NO_CLUB)
                .fold(0u64, |bits, &club| bits | 1 << (club % 64));
            let mut json = String::new();
            write_ids(&mut json, list.iter().map(|&c| gazetteer.id_of(c as usize)));
            prepared.lists.push(Arc::new(SharedList {
                entities: list.into(),
                prepared: Some(Prepared {
                    json: json.into(),
                    person_clubs,
                    club_bits,
                    order: ListOrder::of(list),
                    name_pool: None,
                }),
            }));
        }
        prepared
    }

    /// Records with each list the index `name_pool` gives it (the fuzzy index's prepared form
    /// of the list, [`crate::fuzzy::FuzzyIndex::name_pool_index`]). Called before the lists
    /// are shared with mentions ([`CandidateLists::share`]); a list already shared is left
    /// without one (its users then do without the prepared form: same results, slower).
    pub fn set_name_pools(&mut self, name_pool: impl Fn(&[u32]) -> Option<u32>) {
        for list in &mut self.lists {
            if let Some(list) = Arc::get_mut(list) {
                let index = name_pool(&list.entities);
                if let Some(prepared) = &mut list.prepared {
                    prepared.name_pool = index;
                }
            }
        }
    }

    /// What is prepared for `list`, if it is one of the lists (found by its contents).
    pub fn get(&self, list: &[u32]) -> Option<PreparedList<'_>> {
        prepared_of(self.lists.get(self.slot_of(list)?)?)
    }

    /// `list` as mentions carry it: shared with the prepared list of the same contents, and
    /// what was prepared for it, if there is one; else a list of its own.
    pub fn share(&self, list: &[u32]) -> Candidates {
        match self.slot_of(list).and_then(|slot| self.lists.get(slot)) {
            Some(shared) => Candidates::shared_list(Arc::clone(shared)),
            None => Candidates::from(list),
        }
    }

    /// The index of the list with the contents of `list`, if there is one.
    fn slot_of(&self, list: &[u32]) -> Option<usize> {
        let slot = *self.by_hash.get(&list_hash(list))? as usize;
        (*self.lists.get(slot)?.entities == *list).then_some(slot)
    }

    /// The number of distinct lists.
    pub fn len(&self) -> usize {
        self.lists.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.lists.is_empty()
    }
}

/// The borrowed view of what was prepared for a shared list, if anything was.
pub(crate) fn prepared_of(list: &SharedList) -> Option<PreparedList<'_>> {
    let prepared = list.prepared.as_ref()?;
    Some(PreparedList {
        json: &prepared.json,
        person_clubs: &prepared.person_clubs,
        club_bits: prepared.club_bits,
        order: prepared.order,
        name_pool: prepared.name_pool,
    })
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
pub(crate) fn list_hash(list: &[u32]) -> u64 {
    let mut h = FxHasher::default();
    list.hash(&mut h);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_found_by_contents_with_their_ids_and_clubs() {
        let pipeline = smith_pipeline("Smith");
        let lists = pipeline.candidate_lists();
        assert_eq!(lists.len(), 1);
        let smith = lists.get(&[0, 1, 2]).unwrap();
        assert_eq!(smith.json, r#"["john-smith","adam-smith","fulham"]"#);
        // A club is not a person: no club, though its own club is itself.
        assert_eq!(smith.person_clubs, [2, NO_CLUB, NO_CLUB]);
        assert_eq!(lists.get(&[0, 1]), None);
        assert_eq!(lists.get(&[2, 1, 0]), None);
    }

    /// Two Smiths, one at Fulham; the club's aliases as given.
    fn smith_pipeline(club_aliases: &str) -> crate::Pipeline {
        crate::pipeline::test_pipeline(
            "id\tname\taliases\trole\tclub\tnationality\n\
             john-smith\tJohn Smith\t\tplayer\tfulham\t\n\
             adam-smith\tAdam Smith\t\tcoach\t\t\n",
            &format!(
                "id\tname\taliases\tcity\tcountry\tstadium\n\
                 fulham\tFulham\t{club_aliases}\tLondon\tEngland\t\n"
            ),
            "id\tname\taliases\tcity\tclubs\n",
        )
    }

    #[test]
    fn mentions_share_the_prepared_list_and_carry_what_was_prepared() {
        let pipeline = smith_pipeline("");
        let lists = pipeline.candidate_lists();
        let analysis = pipeline.analyze_text("Smith scored. Smith was booked.");
        let [a, b] = &analysis.mentions[..] else {
            panic!("two mentions: {:?}", analysis.mentions);
        };
        assert_eq!(a.candidates, [0, 1]);
        // One list for both mentions, not a copy each.
        let (Some(x), Some(y)) = (a.candidates.shared(), b.candidates.shared()) else {
            panic!("shared lists");
        };
        assert!(std::ptr::eq(x, y));
        let carried = a.candidates.prepared().unwrap();
        assert_eq!(Some(carried), lists.get(&[0, 1]));
        assert_eq!(carried.json, r#"["john-smith","adam-smith"]"#);
        assert_eq!(carried.person_clubs, [2, NO_CLUB]);
        assert_eq!(carried.club_bits, 1 << 2);
        assert_eq!(carried.order, ListOrder::Ascending);
    }

    #[test]
    fn lists_a_stage_builds_carry_nothing_prepared() {
        let pipeline = smith_pipeline("");
        let lists = pipeline.candidate_lists();
        assert!(lists.get(&[0, 1]).is_some());
        // A list of its own (a stage built it), even with a prepared list's contents.
        assert_eq!(Candidates::from(vec![0, 1]).prepared(), None);
        assert_eq!(Candidates::from(vec![1]).prepared(), None);
        assert_eq!(Candidates::default().prepared(), None);
        // Shared only when the contents are a prepared list's.
        assert!(lists.share(&[0, 1]).prepared().is_some());
        assert_eq!(lists.share(&[1, 0]).prepared(), None);
        assert_eq!(lists.share(&[1, 0]), [1, 0]);
    }

    #[test]
    fn list_order_is_ascending_only_when_strictly_so() {
        let cases: &[(&str, &[u32], ListOrder)] = &[
            ("empty", &[], ListOrder::Ascending),
            ("one", &[4], ListOrder::Ascending),
            ("ascending", &[1, 5, 9], ListOrder::Ascending),
            ("repeat", &[1, 5, 5], ListOrder::Unknown),
            ("descending_pair", &[5, 1], ListOrder::Unknown),
            ("late_drop", &[1, 2, 3, 0], ListOrder::Unknown),
        ];
        for (name, list, order) in cases {
            assert_eq!(ListOrder::of(list), *order, "{name}");
        }
    }
}
