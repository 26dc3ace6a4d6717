//! Comparing quotes across articles: normalisation and edit similarity.
//!
//! Two reports of the same words differ in punctuation, case, curly or straight apostrophes, a
//! typo or a dropped word. Both texts are normalised (folded like documents: lower case, no
//! diacritics; every run of characters other than letters and digits becomes one space) and
//! compared by normalised Levenshtein similarity, `1 - distance / longer length` in characters.
//! They are the same quote when it is at least [`QUOTE_SIMILARITY`](super::QUOTE_SIMILARITY).

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::fold::fold;
use crate::fuzzy::max_edits;

/// The normalised form of a quote: folded, letters and digits only, single spaces.
pub fn normalise_quote(s: &str) -> String {
    let folded = fold(s);
    let mut out = String::with_capacity(folded.len());
    let mut space = false;
    for c in folded.chars() {
        if c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        } else {
            space = true;
        }
    }
    out
}

/// Normalised Levenshtein similarity of two normalised quotes, in `[0, 1]`.
pub fn quote_similarity(a: &str, b: &str) -> f64 {
    strsim::normalized_levenshtein(a, b)
}

/// A normalised quote (see [`normalise_quote`]) as its chars, its pairs of adjacent chars
/// (sorted) and a histogram of those pairs, made once for comparing it with many others.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteChars {
    chars: Vec<char>,
    pairs: Vec<u64>,
    /// The pairs counted by [`QuoteChars::bucket`] (pairs that share a bucket add up); `None`
    /// when a count would not fit.
    histogram: Option<Box<[u16; QuoteChars::BUCKETS]>>,
}

impl QuoteChars {
    /// Buckets of the pair histogram.
    const BUCKETS: usize = 256;

    /// The chars of normalised quote `norm`.
    pub fn new(norm: &str) -> QuoteChars {
        let chars: Vec<char> = norm.chars().collect();
        let mut pairs: Vec<u64> = chars
            .windows(2)
            .map(|w| u64::from(w[0]) << 32 | u64::from(w[1]))
            .collect();
        pairs.sort_unstable();
        let mut histogram = Box::new([0u16; Self::BUCKETS]);
        let mut fits = true;
        for &pair in &pairs {
            let count = &mut histogram[Self::bucket(pair)];
            match count.checked_add(1) {
                Some(n) => *count = n,
                None => fits = false,
            }
        }
        QuoteChars {
            chars,
            pairs,
            histogram: fits.then_some(histogram),
        }
    }

    /// A pair's bucket in the histogram.
    fn bucket(pair: u64) -> usize {
        (pair.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 56) as usize
    }

    /// At least as many as [`QuoteChars::shared_pairs`]: the pairs the two histograms share
    /// bucket by bucket (a bucket's smaller count is at least the shared pairs in it), cheap
    /// beside the merge; `usize::MAX` without a histogram.
    fn shared_pairs_bound(&self, other: &QuoteChars) -> usize {
        match (&self.histogram, &other.histogram) {
            (Some(a), Some(b)) => a
                .iter()
                .zip(b.iter())
                .map(|(&x, &y)| usize::from(x.min(y)))
                .sum(),
            _ => usize::MAX,
        }
    }

    /// How many pairs of adjacent chars the two quotes share, counted with repeats (the size of
    /// the two sorted lists' intersection as multisets).
    fn shared_pairs(&self, other: &QuoteChars) -> usize {
        let (mut a, mut b) = (self.pairs.as_slice(), other.pairs.as_slice());
        let mut shared = 0;
        while let (Some(&x), Some(&y)) = (a.first(), b.first()) {
            match x.cmp(&y) {
                std::cmp::Ordering::Less => a = &a[1..],
                std::cmp::Ordering::Greater => b = &b[1..],
                std::cmp::Ordering::Equal => {
                    shared += 1;
                    a = &a[1..];
                    b = &b[1..];
                }
            }
        }
        shared
    }
}

/// Whether two normalised quotes are the same words, allowing small edits: similarity
/// ([`quote_similarity`]) at least `threshold`. Quotes whose lengths alone rule it out are not
/// compared, nor those sharing too few pairs of adjacent chars for the edits allowed; others
/// only as far as the edits allowed reach (the cells of the edit table within that many of its
/// diagonal, stopping once a row has none within the bound): the same answer as comparing the
/// similarity (tested), without filling the whole table for long quotes.
pub fn same_quote(a: &QuoteChars, b: &QuoteChars, threshold: f64) -> bool {
    let (x, y) = (a.chars.as_slice(), b.chars.as_slice());
    if x == y {
        return true;
    }
    let (short, long) = (x.len().min(y.len()), x.len().max(y.len()));
    if long == 0 || (short as f64) < threshold * long as f64 {
        return false;
    }
    let Some(k) = max_edits(long, threshold) else {
        return false;
    };
    // An edit changes at most two pairs of adjacent chars, so quotes `k` edits apart share at
    // least `long - 1 - 2k` of them (the q-gram lemma, q = 2): most quotes of other words fail
    // this count, which costs a merge of two sorted lists instead of a table.
    // The histograms first: their bound fails most of the quotes that the count fails.
    let needed = long.saturating_sub(1 + 2 * k);
    if needed > 0 && (a.shared_pairs_bound(b) < needed || a.shared_pairs(b) < needed) {
        return false;
    }
    levenshtein_within(x, y, k)
}

/// Single-link clusters of normalised quotes, in order of appearance: each quote joins the
/// first cluster holding a quote that is the [`same_quote`] as it at `threshold`, or starts a
/// new one. Gives the indices of `norms`, cluster by cluster.
///
/// Reports of one match repeat quotes word for word (wire copy), so the clusters are built over
/// distinct wordings: each wording keeps the first cluster found to hold a wording like it and
/// how far it has read the log of (cluster, wording) arrivals. When it comes again, it reads
/// only the arrivals since (clusters only grow, so the first matching cluster can only move
/// earlier), skipping clusters after the one it has. Each pair of wordings is compared at most
/// once per cluster the second is in, where comparing each quote with every member of every
/// cluster before its own compares a repeated pair again and again. The same clusters as that
/// (tested).
pub fn cluster_quotes(norms: &[&str], threshold: f64) -> Vec<Vec<usize>> {
    let mut ids: HashMap<&str, usize> = HashMap::default();
    let mut chars: Vec<QuoteChars> = Vec::new();
    // Per wording: the first cluster known to hold a wording like it, and the log length read.
    let mut first: Vec<(Option<usize>, usize)> = Vec::new();
    // (cluster, wording): each wording's first arrival in each cluster.
    let mut log: Vec<(usize, usize)> = Vec::new();
    let mut in_cluster: HashSet<(usize, usize)> = HashSet::default();
    let mut clusters: Vec<Vec<usize>> = Vec::new();
    for (i, &norm) in norms.iter().enumerate() {
        let w = *ids.entry(norm).or_insert_with(|| {
            chars.push(QuoteChars::new(norm));
            first.push((None, 0));
            chars.len() - 1
        });
        let (mut best, read) = first[w];
        for &(c, x) in &log[read..] {
            if best.is_none_or(|b| c < b) && same_quote(&chars[w], &chars[x], threshold) {
                best = Some(c);
            }
        }
        let c = match best {
            Some(c) => {
                clusters[c].push(i);
                c
            }
            None => {
                clusters.push(vec![i]);
                clusters.len() - 1
            }
        };
        if in_cluster.insert((c, w)) {
            log.push((c, w));
        }
        first[w] = (Some(c), log.len());
    }
    clusters
}

/// Whether the Levenshtein distance of `a` and `b` (insertions, deletions, substitutions of
/// chars) is at most `k`. A prefix and a suffix the two share are left out first: they change
/// no distance, and wire copies of one quote differ only in a few words (a name, a club), so
/// the table shrinks to the part between. Only the cells within `k` of the table's diagonal are
/// filled (a path through any other costs more than `k`), row by row, and the search stops at
/// a row whose cells all exceed `k`.
fn levenshtein_within(a: &[char], b: &[char], k: usize) -> bool {
    if a.len().abs_diff(b.len()) > k {
        return false;
    }
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[prefix..], &b[prefix..]);
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (a, b) = (&a[..a.len() - suffix], &b[..b.len() - suffix]);
    // Beyond the bound: every value above `k` is as good as any other.
    let over = k + 1;
    let width = b.len() + 1;
    let mut prev: Vec<usize> = (0..width).map(|j| j.min(over)).collect();
    let mut cur = vec![over; width];
    for (i, &ca) in a.iter().enumerate().map(|(i, c)| (i + 1, c)) {
        let lo = i.saturating_sub(k).max(1);
        let hi = (i + k).min(b.len());
        // The cell left of the band: the first column, or outside the band.
        cur[lo - 1] = if lo == 1 { i.min(over) } else { over };
        let mut least = cur[lo - 1];
        for j in lo..=hi {
            let substitution = prev[j - 1] + usize::from(ca != b[j - 1]);
            let value = substitution.min(prev[j] + 1).min(cur[j - 1] + 1).min(over);
            cur[j] = value;
            least = least.min(value);
        }
        if least > k {
            return false;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()] <= k
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matches::QUOTE_SIMILARITY;

    /// What [`same_quote`] answered before it bounded the comparison: the similarity of the
    /// whole table.
    fn same_quote_reference(a: &str, b: &str, threshold: f64) -> bool {
        if a == b {
            return true;
        }
        let (la, lb) = (a.chars().count(), b.chars().count());
        let (short, long) = (la.min(lb), la.max(lb));
        if long == 0 || (short as f64) < threshold * long as f64 {
            return false;
        }
        quote_similarity(a, b) >= threshold
    }

    proptest::proptest! {
        /// The bounded comparison answers as the whole table does: near quotes (a few edits of
        /// one another, over a small alphabet so that edits collide), at several thresholds.
        #[test]
        fn bounded_comparison_agrees_with_the_similarity(
            a in "[ab é]{0,60}",
            edits in proptest::collection::vec((0usize..64, 0u8..3, "[abcé ]"), 0..12),
            threshold in proptest::sample::select(vec![0.0, 0.3, 0.5, 0.85, 0.9, 0.95, 1.0]),
        ) {
            let mut b: Vec<char> = a.chars().collect();
            for (at, kind, c) in edits {
                let c = c.chars().next().unwrap_or('a');
                let at = at.min(b.len());
                match kind {
                    0 => b.insert(at, c),
                    1 if at < b.len() => { b.remove(at); }
                    _ if at < b.len() => b[at] = c,
                    _ => b.push(c),
                }
            }
            let b: String = b.into_iter().collect();
            proptest::prop_assert_eq!(
                same_quote(&QuoteChars::new(&a), &QuoteChars::new(&b), threshold),
                same_quote_reference(&a, &b, threshold),
                "{:?} {:?} at {}", a, b, threshold
            );
        }

        /// The histograms' bound is never under the count it stands for.
        #[test]
        fn histogram_bound_is_at_least_the_shared_pairs(a in "[abc é]{0,80}", b in "[abc é]{0,80}") {
            let (a, b) = (QuoteChars::new(&a), QuoteChars::new(&b));
            proptest::prop_assert!(a.shared_pairs_bound(&b) >= a.shared_pairs(&b));
        }

        /// Unrelated quotes too.
        #[test]
        fn bounded_comparison_agrees_on_any_quotes(
            a in "[abc ]{0,30}",
            b in "[abc ]{0,30}",
            threshold in proptest::sample::select(vec![0.0, 0.5, 0.85, 1.0]),
        ) {
            proptest::prop_assert_eq!(
                same_quote(&QuoteChars::new(&a), &QuoteChars::new(&b), threshold),
                same_quote_reference(&a, &b, threshold)
            );
        }
    }

    /// Single-link clustering as first written: every quote against every member of every
    /// cluster before its own.
    fn cluster_quotes_reference(norms: &[&str], threshold: f64) -> Vec<Vec<usize>> {
        let chars: Vec<QuoteChars> = norms.iter().map(|n| QuoteChars::new(n)).collect();
        let mut clusters: Vec<Vec<usize>> = Vec::new();
        for i in 0..norms.len() {
            let home = clusters.iter().position(|cl| {
                cl.iter()
                    .any(|&j| same_quote(&chars[j], &chars[i], threshold))
            });
            match home {
                Some(c) => clusters[c].push(i),
                None => clusters.push(vec![i]),
            }
        }
        clusters
    }

    proptest::proptest! {
        /// The clusters over distinct wordings are the clusters of the quotes one by one: short
        /// quotes over two letters, many of them repeated, so that chains of near wordings link
        /// clusters in every order.
        #[test]
        fn clusters_agree_with_quote_by_quote_clustering(
            norms in proptest::collection::vec("[ab]{2,6}", 0..40),
            threshold in proptest::sample::select(vec![0.5, 0.6, 0.7, 0.85]),
        ) {
            let norms: Vec<&str> = norms.iter().map(String::as_str).collect();
            proptest::prop_assert_eq!(
                cluster_quotes(&norms, threshold),
                cluster_quotes_reference(&norms, threshold)
            );
        }
    }

    /// Repeats join their first cluster; a quote like only the second cluster's words joins it.
    #[test]
    fn cluster_cases() {
        /// Name, quotes, threshold, expected clusters.
        type Case = (
            &'static str,
            &'static [&'static str],
            f64,
            &'static [&'static [usize]],
        );
        let cases: &[Case] = &[
            ("none", &[], 0.85, &[]),
            ("repeats", &["abc", "abc", "abc"], 0.85, &[&[0, 1, 2]]),
            ("apart", &["aaaa", "bbbb", "aaaa"], 0.7, &[&[0, 2], &[1]]),
            (
                "chain_to_the_second_cluster",
                &["aaaa", "bbbb", "bbba", "aaaa", "bbbb"],
                0.7,
                &[&[0, 3], &[1, 2, 4]],
            ),
        ];
        for &(name, norms, threshold, expected) in cases {
            let got = cluster_quotes(norms, threshold);
            let expected: Vec<Vec<usize>> = expected.iter().map(|c| c.to_vec()).collect();
            assert_eq!(got, expected, "{name}");
            assert_eq!(got, cluster_quotes_reference(norms, threshold), "{name}");
        }
    }

    /// The edit bound at the edges: a distance of exactly the bound passes, one more fails.
    #[test]
    fn bounded_distance_cases() {
        let cases: &[(&str, &str, &str, usize, bool)] = &[
            ("equal", "abc", "abc", 0, true),
            ("one_substitution_at_zero", "abc", "abd", 0, false),
            ("one_substitution_at_one", "abc", "abd", 1, true),
            ("insertion", "abc", "abxc", 1, true),
            ("two_apart", "kitten", "sitting", 2, false),
            ("three_apart", "kitten", "sitting", 3, true),
            ("empty_and_three", "", "abc", 2, false),
            ("empty_and_three_at_three", "", "abc", 3, true),
            ("lengths_too_far", "a", "abcdef", 4, false),
            ("shifted_run", "xabcdefgh", "abcdefghx", 2, true),
            ("shifted_run_at_one", "xabcdefgh", "abcdefghx", 1, false),
        ];
        for &(name, a, b, k, expected) in cases {
            let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            assert_eq!(levenshtein_within(&a, &b, k), expected, "{name}");
            assert_eq!(levenshtein_within(&b, &a, k), expected, "{name} (swapped)");
        }
    }

    #[test]
    fn normalises() {
        let cases: &[(&str, &str)] = &[
            ("We did it, and can be proud!", "we did it and can be proud"),
            (
                "it’s  mathematically\ncertain.",
                "it s mathematically certain",
            ),
            ("Hamšík was — brilliant", "hamsik was brilliant"),
            ("...", ""),
        ];
        for (input, expected) in cases {
            assert_eq!(normalise_quote(input), *expected, "{input}");
        }
    }

    #[test]
    fn quote_merging_threshold() {
        let base = "We knew it was a very difficult and important match, but we did everything to \
                    win, we did it and can be proud of ourselves,";
        let cases: &[(&str, &str, bool)] = &[
            ("identical", base, true),
            (
                "punctuation_and_case",
                "we knew it was a very difficult and important match but we did everything to \
                 win - we did it and can be proud of ourselves.",
                true,
            ),
            (
                "typo",
                "We knew it was a very dificult and importent match, but we did everything to \
                 win, we did it and can be proud of ourselves,",
                true,
            ),
            (
                "one_word_dropped",
                "We knew it was a difficult and important match, but we did everything to win, \
                 we did it and can be proud of ourselves,",
                true,
            ),
            (
                "other_words",
                "Juve are a very strong side, but we proved Napoli can fight it out with them.",
                false,
            ),
            (
                "half_of_it",
                "We knew it was a very difficult and important match,",
                false,
            ),
            (
                "same_opening_other_ending",
                "We knew it was a very difficult and important match, and we lost it because \
                 we could not finish our chances today.",
                false,
            ),
        ];
        let a = normalise_quote(base);
        for (name, other, expected) in cases {
            let b = normalise_quote(other);
            assert_eq!(
                same_quote(&QuoteChars::new(&a), &QuoteChars::new(&b), QUOTE_SIMILARITY),
                *expected,
                "case {name}: similarity {}",
                quote_similarity(&a, &b)
            );
        }
    }
}
