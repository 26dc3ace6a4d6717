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

/// Whether two normalised quotes are the same words, allowing small edits: similarity at least
/// `threshold`. Quotes whose lengths alone rule it out are not compared character by character.
pub fn same_quote(a: &str, b: &str, threshold: f64) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matches::QUOTE_SIMILARITY;

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
                same_quote(&a, &b, QUOTE_SIMILARITY),
                *expected,
                "case {name}: similarity {}",
                quote_similarity(&a, &b)
            );
        }
    }
}
