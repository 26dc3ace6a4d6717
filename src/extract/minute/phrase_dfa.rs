//! The minute phrases rewritten for lowercased text ([`super::expr`]'s `lower_hir`), compiled
//! into one dense DFA when the rules load: where a phrase matches in a run and which phrase it
//! is, read byte by byte from a table built once and shared by every thread.
//!
//! Why: the regexes it replaces (the start search and the set of anchored phrases) run lazy
//! DFAs, which build their states while they search, on each thread; for the minute phrases
//! that warm-up was ~18M instructions a thread, whatever the corpus size (5% of a 2 MB run).
//! The dense DFA costs ~155M instructions (15-25 ms; the regexes it replaces cost ~65M) and
//! 0.7 MB (with a 64 KiB table of byte pairs) once, at load.
//!
//! What it does not do: it reads no capture groups (the phrase alone does, once found) and
//! searches no text with a look-around other than ASCII word boundaries and text edges (a
//! phrase with another one, or a DFA past the size limit, gives no `PhraseDfa` and the rules
//! search as before).

use regex_automata::dfa::{dense, Automaton, StartKind};
use regex_automata::nfa::thompson::{self, WhichCaptures};
use regex_automata::util::primitives::StateID;
use regex_automata::util::start;
use regex_automata::{Anchored, MatchKind};
use regex_syntax::hir::{Hir, Look};

/// A dense DFA over lowercased text that matches, anchored at an offset, every phrase (pattern
/// `i` is phrase `i`, with its opening ASCII `\b` if it has one) that matches there.
pub(crate) struct PhraseDfa {
    /// Every phrase as one pattern, all matches reported (`MatchKind::All`), anchored only.
    dfa: dense::DFA<Vec<u32>>,
    /// The anchored start state at an offset, by the byte before it (the phrases' opening `\b`
    /// looks at it).
    after: [StateID; 256],
    /// The anchored start state at the start of the text.
    at_text_start: StateID,
    /// Whether a phrase may open at an offset, by the byte before it and the byte at it: entry
    /// `before << 8 | at` is `true` when the DFA's start state after `before` does not die on
    /// `at` (a phrase goes on with it). Most offsets of a run fail this (~10 instructions an
    /// offset with the loop) instead of a walk of the DFA (~60). 64 KiB, of which a text
    /// reads only the pairs it holds.
    opens: Box<[bool; 1 << 16]>,
}

impl std::fmt::Debug for PhraseDfa {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PhraseDfa")
            .field("patterns", &self.dfa.pattern_len())
            .field("memory_usage", &self.dfa.memory_usage())
            .finish()
    }
}

impl PhraseDfa {
    /// The DFA of the phrases `lowered` (each rewritten by `lower_hir`, in file order), each
    /// opening with an ASCII `\b` where `boundaries` says so. `None` if the DFA cannot be built
    /// (a Unicode look-around, or past the size limit): then the phrases are searched with
    /// regexes.
    pub(crate) fn new(lowered: &[Hir], boundaries: &[bool]) -> Option<PhraseDfa> {
        if lowered.len() != boundaries.len() {
            return None;
        }
        let branches: Vec<Hir> = lowered
            .iter()
            .zip(boundaries)
            .map(|(branch, &boundary)| match boundary {
                true => Hir::concat(vec![Hir::look(Look::WordAscii), branch.clone()]),
                false => branch.clone(),
            })
            .collect();
        let nfa = thompson::Compiler::new()
            .configure(thompson::Config::new().which_captures(WhichCaptures::None))
            .build_many_from_hir(&branches)
            .ok()?;
        // No acceleration: the walk reads every byte itself, so the only special states are the
        // dead state and the match states (no quit bytes: Unicode word boundaries fail the
        // build).
        let dfa = dense::Builder::new()
            .configure(
                dense::Config::new()
                    .match_kind(MatchKind::All)
                    .start_kind(StartKind::Anchored)
                    .accelerate(false),
            )
            .build_from_nfa(&nfa)
            .ok()?;
        let start = |before: Option<u8>| {
            dfa.start_state(
                &start::Config::new()
                    .anchored(Anchored::Yes)
                    .look_behind(before),
            )
            .ok()
        };
        let at_text_start = start(None)?;
        let mut after = [at_text_start; 256];
        for (b, state) in (0..=u8::MAX).zip(after.iter_mut()) {
            *state = start(Some(b))?;
        }
        let mut opens = Box::new([false; 1 << 16]);
        for (pairs, &state) in opens.chunks_exact_mut(256).zip(&after) {
            for (open, at) in pairs.iter_mut().zip(0..=u8::MAX) {
                *open = !dfa.is_dead_state(dfa.next_state(state, at));
            }
        }
        Some(PhraseDfa {
            dfa,
            after,
            at_text_start,
            opens,
        })
    }

    /// The first phrase (in file order) that matches at `at` in `hay` (lowercased text, read
    /// up to its end: a phrase ends where `hay` does at the latest), or `None`.
    ///
    /// The walk reads `hay` from `at` until the DFA dies (no phrase can go on) or `hay` ends;
    /// with `MatchKind::All` every state holds every phrase still alive, so each phrase that
    /// matches at `at` shows in the match state one byte after its end (or at the end of
    /// `hay`), whatever the other phrases do.
    ///
    /// Always inlined: [`PhraseDfa::find`] walks ~30,000 offsets per 2 MB of text, most for two
    /// or three bytes, and a call's prologue and epilogue cost as much.
    #[inline(always)]
    pub(crate) fn first_at(&self, hay: &[u8], at: usize) -> Option<usize> {
        let mut state = match at.checked_sub(1) {
            None => self.at_text_start,
            Some(i) => self.after[usize::from(*hay.get(i)?)],
        };
        let mut first: Option<usize> = None;
        for &b in hay.get(at..)? {
            state = self.dfa.next_state(state, b);
            if self.dfa.is_special_state(state) {
                if self.dfa.is_match_state(state) {
                    first = self.first_of(state, first);
                } else {
                    // The dead state (or a quit state, which this DFA has none of).
                    return first;
                }
            }
        }
        let state = self.dfa.next_eoi_state(state);
        match self.dfa.is_match_state(state) {
            true => self.first_of(state, first),
            false => first,
        }
    }

    /// The leftmost offset from `from` on where a phrase matches in `hay` (phrases end where
    /// `hay` does at the latest), with the first phrase that matches there.
    ///
    /// Inside `hay`, an offset is walked only if [`PhraseDfa::opens`] lets a phrase open there
    /// (read off the pair of bytes around it, which the walk would read first); the edges of
    /// `hay` are always walked.
    pub(crate) fn find(&self, hay: &[u8], from: usize) -> Option<(usize, usize)> {
        let found = |at: usize| self.first_at(hay, at).map(|phrase| (at, phrase));
        let inner_from = match from {
            0 => match found(0) {
                Some(hit) => return Some(hit),
                None => 1,
            },
            from => from,
        };
        if let Some((&first, rest)) = hay.get(inner_from - 1..).and_then(<[u8]>::split_first) {
            let mut before = first;
            for (i, &b) in rest.iter().enumerate() {
                let pair = usize::from(before) << 8 | usize::from(b);
                before = b;
                if !self.opens[pair] {
                    continue;
                }
                let at = inner_from + i;
                if let Some(phrase) = self.first_at(hay, at) {
                    return Some((at, phrase));
                }
            }
        }
        match hay.len() {
            len if len >= from && len > 0 => found(len),
            _ => None,
        }
    }

    /// `first` or the first phrase of match state `state`, whichever comes first.
    fn first_of(&self, state: StateID, first: Option<usize>) -> Option<usize> {
        (0..self.dfa.match_len(state))
            .map(|i| self.dfa.match_pattern(state, i).as_usize())
            .chain(first)
            .min()
    }

    /// [`PhraseDfa::find`] as first written: every offset walked. The reference the pair table
    /// is tested against.
    #[cfg(test)]
    fn find_reference(&self, hay: &[u8], from: usize) -> Option<(usize, usize)> {
        (from..=hay.len()).find_map(|at| self.first_at(hay, at).map(|phrase| (at, phrase)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Small phrases with and without an opening boundary, as `lower_hir` leaves them.
    fn dfa() -> PhraseDfa {
        let parse = |p: &str| regex_syntax::parse(&format!("(?-u){p}")).expect("parses");
        let lowered = [
            parse(r"ab\s+c\b"),
            parse(r"a"),
            parse(r"\(\s*\d+"),
            parse(r"b[a-c]*"),
        ];
        PhraseDfa::new(&lowered, &[true, true, false, true]).expect("builds")
    }

    #[test]
    fn first_phrases_and_finds_on_examples() {
        let dfa = dfa();
        // `ab c` holds phrase 0 (and phrase 1, its `a`): the first in order is 0.
        assert_eq!(dfa.first_at(b"ab c", 0), Some(0));
        assert_eq!(dfa.first_at(b"ab cd", 0), Some(1));
        // No boundary inside a word, except for the bracket.
        assert_eq!(dfa.first_at(b"xa", 1), None);
        assert_eq!(dfa.first_at(b"x(12", 1), Some(2));
        assert_eq!(dfa.find(b"xxa (1 b", 0), Some((4, 2)));
        assert_eq!(dfa.find(b"xx a (1 b", 0), Some((3, 1)));
        assert_eq!(dfa.find(b"xx a (1 b", 4), Some((5, 2)));
        assert_eq!(dfa.find(b"xx a (1 b", 6), Some((8, 3)));
        assert_eq!(dfa.find(b"xx a (1 b", 9), None);
        assert_eq!(dfa.find(b"xx a (1 b", 10), None);
        assert_eq!(dfa.find(b"b", 0), Some((0, 3)));
        assert_eq!(dfa.find(b"", 0), None);
    }

    proptest::proptest! {
        /// Texts of the phrases' bytes: the pair table skips only offsets the walk rejects.
        #[test]
        fn find_matches_reference(
            text in "[abcx( 19\\n_-]{0,24}",
            from in 0usize..26,
        ) {
            let dfa = dfa();
            let hay = text.as_bytes();
            proptest::prop_assert_eq!(dfa.find(hay, from), dfa.find_reference(hay, from));
        }
    }
}
