//! A light tokenizer for attributions: words, single punctuation marks and line breaks, with byte
//! offsets into the document.

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// Letters and digits, with inner apostrophes and hyphens (`26-year-old`, `O'Neill`).
    Word,
    /// One punctuation char.
    Punct(char),
    /// A run of whitespace holding a line break (a paragraph boundary).
    Break,
}

/// A token with its byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Tok {
    /// Start byte offset.
    pub start: usize,
    /// End byte offset.
    pub end: usize,
    /// What it is.
    pub kind: Kind,
}

impl Tok {
    /// Whether the token is a word.
    pub fn is_word(&self) -> bool {
        self.kind == Kind::Word
    }

    /// Whether the token is this punctuation char.
    pub fn is(&self, c: char) -> bool {
        self.kind == Kind::Punct(c)
    }
}

/// Splits a text into tokens.
pub(super) fn tokenize(text: &str) -> Vec<Tok> {
    let mut out = Vec::with_capacity(text.len() / 5);
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_whitespace() {
            let mut end = i + c.len_utf8();
            let mut newline = c == '\n';
            while let Some(&(j, d)) = chars.peek() {
                if !d.is_whitespace() {
                    break;
                }
                newline |= d == '\n';
                end = j + d.len_utf8();
                chars.next();
            }
            if newline {
                out.push(Tok {
                    start: i,
                    end,
                    kind: Kind::Break,
                });
            }
        } else if c.is_alphanumeric() {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                let inner = matches!(d, '\'' | '\u{2019}' | '-')
                    && text[j + d.len_utf8()..]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphanumeric);
                if !(d.is_alphanumeric() || inner) {
                    break;
                }
                end = j + d.len_utf8();
                chars.next();
            }
            out.push(Tok {
                start: i,
                end,
                kind: Kind::Word,
            });
        } else {
            out.push(Tok {
                start: i,
                end: i + c.len_utf8(),
                kind: Kind::Punct(c),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens() {
        let cases: &[(&str, &str, &[&str])] = &[
            (
                "words_and_punct",
                "He said: \"Yes.\"",
                &["He", "said", ":", "\"", "Yes", ".", "\""],
            ),
            (
                "inner_hyphen_apostrophe",
                "26-year-old O'Neill's",
                &["26-year-old", "O'Neill's"],
            ),
            (
                "trailing_apostrophe",
                "Souness' remarks",
                &["Souness", "'", "remarks"],
            ),
            ("break", "a\n\nb", &["a", "\\n", "b"]),
        ];
        for (name, text, expected) in cases {
            let got: Vec<&str> = tokenize(text)
                .iter()
                .map(|t| match t.kind {
                    Kind::Break => "\\n",
                    _ => &text[t.start..t.end],
                })
                .collect();
            assert_eq!(&got, expected, "case {name}");
        }
    }
}
