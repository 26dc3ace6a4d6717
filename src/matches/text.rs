//! Comparing quotes across articles: normalisation and edit similarity.
//!
//! Two reports of the same words differ in punctuation, case, curly or straight apostrophes, a
//! typo or a dropped word. Both texts are normalised (folded like documents: lower case, no
//! diacritics; every run of characters other than letters and digits becomes one space) and
//! compared by normalised Levenshtein similarity, `1 - distance / longer length` in characters.
//! They are the same quote when it is at least [`QUOTE_SIMILARITY`](super::QUOTE_SIMILARITY).

use crate::fold::fold;

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

/// A normalised quote (see [`normalise_quote`]) as its chars, made once for comparing it with
/// many others.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteChars(Vec<char>);

impl QuoteChars {
    /// The chars of normalised quote `norm`.
    pub fn new(norm: &str) -> QuoteChars {
        QuoteChars(norm.chars().collect())
    }
}

/// Whether two normalised quotes are the same words, allowing small edits: similarity
/// ([`quote_similarity`]) at least `threshold`. Quotes whose lengths alone rule it out are not
/// compared; others only as far as the edits allowed reach (the cells of the edit table within
/// that many of its diagonal, stopping once a row has none within the bound): the same answer
/// as comparing the similarity (tested), without filling the whole table for long quotes.
pub fn same_quote(a: &QuoteChars, b: &QuoteChars, threshold: f64) -> bool {
    let (a, b) = (a.0.as_slice(), b.0.as_slice());
    if a == b {
        return true;
    }
    let (short, long) = (a.len().min(b.len()), a.len().max(b.len()));
    if long == 0 || (short as f64) < threshold * long as f64 {
        return false;
    }
    match max_edits(long, threshold) {
        Some(k) => levenshtein_within(a, b, k),
        None => false,
    }
}

/// The most edits two quotes, the longer `long` chars long, may differ by and still be
/// `threshold` similar: the largest `d` with `1 - d / long >= threshold`, computed as
/// [`strsim::normalized_levenshtein`] computes the similarity (so that rounding agrees), or
/// `None` when not even equal quotes would be.
fn max_edits(long: usize, threshold: f64) -> Option<usize> {
    let similar = |d: usize| 1.0 - (d as f64) / (long as f64) >= threshold;
    let guess = ((1.0 - threshold) * long as f64).floor();
    let mut d = if guess.is_finite() && guess > 0.0 {
        (guess as usize).min(long)
    } else {
        0
    };
    while d > 0 && !similar(d) {
        d -= 1;
    }
    if !similar(d) {
        return None;
    }
    while d < long && similar(d + 1) {
        d += 1;
    }
    Some(d)
}

/// Whether the Levenshtein distance of `a` and `b` (insertions, deletions, substitutions of
/// chars) is at most `k`. Only the cells within `k` of the table's diagonal are filled (a path
/// through any other costs more than `k`), row by row, and the search stops at a row whose
/// cells all exceed `k`.
fn levenshtein_within(a: &[char], b: &[char], k: usize) -> bool {
    if a.len().abs_diff(b.len()) > k {
        return false;
    }
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

    /// The most edits at a threshold, as the similarity rounds it.
    #[test]
    fn max_edits_cases() {
        let cases: &[(usize, f64, Option<usize>)] = &[
            (100, 0.85, Some(15)),
            (20, 0.85, Some(3)),
            (7, 0.85, Some(1)),
            (6, 0.85, Some(0)),
            (1, 0.0, Some(1)),
            (10, 1.0, Some(0)),
            (10, 1.5, None),
        ];
        for &(long, threshold, expected) in cases {
            assert_eq!(
                max_edits(long, threshold),
                expected,
                "{long} at {threshold}"
            );
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
