//! Finding the first byte of a kind eight bytes at a time (one `u64` per step), for scans that
//! read every byte of a document and rarely stop.

/// The position of the first byte of `bytes` for which `byte` holds. Eight bytes are tested at a
/// time by `marks`, given them as a little-endian `u64`: it must return 0 when `byte` holds for
/// none of them, and otherwise a value whose lowest set bit lies in the first byte for which it
/// holds (higher bits may be wrong, as a borrow leaves them). The last bytes, fewer than eight,
/// are tested one by one with `byte`.
#[inline(always)]
pub(crate) fn first_marked(
    bytes: &[u8],
    marks: impl Fn(u64) -> u64,
    byte: impl Fn(u8) -> bool,
) -> Option<usize> {
    let mut chunks = bytes.chunks_exact(8);
    let mut offset = 0;
    for chunk in chunks.by_ref() {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let m = marks(u64::from_le_bytes(word));
        if m != 0 {
            return Some(offset + (m.trailing_zeros() / 8) as usize);
        }
        offset += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&b| byte(b))
        .map(|i| offset + i)
}

/// The position of the first non-ASCII byte of `bytes`, 32 bytes at a time: for long ASCII
/// runs (a document between its few accented letters), where [`first_marked`]'s 8-byte steps
/// cost twice as many instructions. The last bytes, fewer than 32, go by [`first_marked`].
#[inline]
pub(crate) fn first_non_ascii(bytes: &[u8]) -> Option<usize> {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut blocks = bytes.chunks_exact(32);
    let mut offset = 0;
    for block in blocks.by_ref() {
        let word = |k: usize| {
            let mut w = [0u8; 8];
            w.copy_from_slice(&block[k..k + 8]);
            u64::from_le_bytes(w)
        };
        if (word(0) | word(8) | word(16) | word(24)) & HIGH != 0 {
            // In this block: its first marked word holds the byte.
            return first_marked(block, |w| w & HIGH, |b| !b.is_ascii()).map(|i| offset + i);
        }
        offset += 32;
    }
    first_marked(blocks.remainder(), |w| w & HIGH, |b| !b.is_ascii()).map(|i| offset + i)
}

#[cfg(test)]
mod tests {
    use super::{first_marked, first_non_ascii};

    #[test]
    fn the_first_byte_is_found_in_words_and_in_the_rest() {
        // Marks the bytes equal to 7 (exactly: no borrow in this test's marks).
        let sevens = |x: u64| {
            (0..8)
                .filter(|i| (x >> (8 * i)) & 0xff == 7)
                .fold(0u64, |m, i| m | 0x80 << (8 * i))
        };
        let cases: &[(&str, &[u8], Option<usize>)] = &[
            ("empty", &[], None),
            ("none", &[1, 2, 3, 4, 5, 6, 8, 9, 10, 11], None),
            ("first_word", &[1, 2, 7, 4, 5, 6, 7, 8, 9], Some(2)),
            ("second_word", &[0, 0, 0, 0, 0, 0, 0, 0, 0, 7, 7], Some(9)),
            (
                "rest",
                &[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 7],
                Some(17),
            ),
            ("short", &[1, 7], Some(1)),
        ];
        for (name, bytes, want) in cases {
            assert_eq!(first_marked(bytes, sevens, |b| b == 7), *want, "{name}");
        }
    }

    #[test]
    fn the_first_non_ascii_byte_is_found_at_every_place() {
        // Every length up to three blocks and a bit, every place of the byte (and none), a few
        // non-ASCII byte values: the same as a byte loop.
        for len in 0..110 {
            for at in (0..len).map(Some).chain([None]) {
                for high in [0x80u8, 0xC3, 0xE2, 0xFF] {
                    let mut bytes = vec![b'a'; len];
                    if let Some(at) = at {
                        bytes[at] = high;
                        // A second one after it must not be taken.
                        if at + 3 < len {
                            bytes[at + 3] = 0xA9;
                        }
                    }
                    let want = bytes.iter().position(|b| !b.is_ascii());
                    assert_eq!(
                        first_non_ascii(&bytes),
                        want,
                        "len {len} at {at:?} {high:#x}"
                    );
                }
            }
        }
    }
}
