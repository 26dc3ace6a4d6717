//! Interim sentence segmenter (replaced by the full one).
/// Half-open byte range [start, end) into a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    /// Start byte offset.
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
}
/// Splits text into sentences.
#[derive(Debug, Clone, Default)]
pub struct Segmenter;
impl Segmenter {
    /// Segmenter with the bundled abbreviation list.
    pub fn new() -> Segmenter {
        Segmenter
    }
    /// Sentences of `text` as byte spans.
    pub fn split(&self, text: &str) -> Vec<Span> {
        let mut out = Vec::new();
        let mut start = 0;
        let b = text.as_bytes();
        for i in 0..b.len() {
            let end_here = b[i] == b'\n'
                || ((b[i] == b'.' || b[i] == b'?' || b[i] == b'!')
                    && b.get(i + 1).is_none_or(|c| c.is_ascii_whitespace()));
            if end_here {
                let e = if b[i] == b'\n' { i } else { i + 1 };
                push(text, start, e, &mut out);
                start = e;
            }
        }
        push(text, start, b.len(), &mut out);
        out
    }
}
fn push(text: &str, s: usize, e: usize, out: &mut Vec<Span>) {
    let piece = &text[s..e];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if s + lead < e - trail {
        out.push(Span {
            start: s + lead,
            end: e - trail,
        });
    }
}
