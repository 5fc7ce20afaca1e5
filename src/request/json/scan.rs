//! Quick scans of a JSON body before it is parsed: whether it may hold
//! integers beyond 64 bits, and whether it nests deeper than the limit,
//! which decide the parser (see `decode`).

use super::MAX_DEPTH;

/// The most digits an integer can have and still fit 64 bits is 20
/// (`u64::MAX`); 19 is where the first integers that do not fit begin.
const BIG_INTEGER_DIGITS: usize = 19;

/// Whether `bytes` has a run of [`BIG_INTEGER_DIGITS`] or more ASCII digits
/// (in a number, or in a string: the check does not parse). A run that long
/// covers one of the positions sampled every 16 bytes, so only the
/// neighbourhood of sampled digits is read.
pub(super) fn may_hold_big_integers(bytes: &[u8]) -> bool {
    const STRIDE: usize = 16;
    const _: () = assert!(STRIDE <= BIG_INTEGER_DIGITS);
    let mut checked_up_to = 0;
    for sample in (0..bytes.len()).step_by(STRIDE) {
        if sample < checked_up_to || !bytes[sample].is_ascii_digit() {
            continue;
        }
        let start = bytes[..sample]
            .iter()
            .rposition(|b| !b.is_ascii_digit())
            .map_or(0, |i| i + 1);
        let end = bytes[sample..]
            .iter()
            .position(|b| !b.is_ascii_digit())
            .map_or(bytes.len(), |i| sample + i);
        if end - start >= BIG_INTEGER_DIGITS {
            return true;
        }
        checked_up_to = end;
    }
    false
}

/// How many `[` and `{` bytes `bytes` holds (in strings too): a document
/// with no more than [`MAX_DEPTH`] cannot nest deeper than that. The two
/// differ only in bit 0x20, and counting in `u8` lets the loop vectorise:
/// 240 bytes at a time, a multiple of 16 that cannot overflow the count.
pub(super) fn opening_brackets(bytes: &[u8]) -> usize {
    bytes
        .chunks(240)
        .map(|chunk| {
            chunk
                .iter()
                .fold(0u8, |n, &b| n + u8::from(b & !0x20 == b'['))
        })
        .map(usize::from)
        .sum()
}

/// Whether the arrays and objects of `bytes` nest more than [`MAX_DEPTH`]
/// deep, brackets in strings not counting. Bytes are classified 64 at a
/// time into bit masks: within a block without backslashes, a prefix XOR of
/// the quotes marks what is inside strings, and brackets are counted, not
/// visited, unless the block could cross the limit.
pub(super) fn nests_deeper_than_the_limit(bytes: &[u8]) -> bool {
    let mut depth = 0usize;
    let mut in_string = false;
    // The index of the byte the last backslash in a string escapes.
    let mut escaped = usize::MAX;
    for (start, block) in (0..).step_by(64).zip(bytes.chunks(64)) {
        let masks = Masks::of(block);
        if masks.backslash != 0 || escaped == start {
            // Escapes: follow the block byte by byte (of those that matter).
            let mut hits = masks.quote | masks.backslash | masks.open | masks.close;
            while hits != 0 {
                let at = start + hits.trailing_zeros() as usize;
                hits &= hits - 1;
                if at == escaped {
                    continue;
                }
                match (in_string, bytes[at]) {
                    (_, b'"') => in_string = !in_string,
                    (true, b'\\') => escaped = at + 1,
                    (false, b'[' | b'{') => {
                        depth += 1;
                        if depth > MAX_DEPTH {
                            return true;
                        }
                    }
                    (false, b']' | b'}') => depth = depth.saturating_sub(1),
                    _ => {}
                }
            }
            continue;
        }
        let mut inside = prefix_xor(masks.quote);
        if in_string {
            inside = !inside;
        }
        in_string ^= masks.quote.count_ones() % 2 == 1;
        let (opens, closes) = (masks.open & !inside, masks.close & !inside);
        if depth + opens.count_ones() as usize <= MAX_DEPTH {
            // Valid JSON never closes more than it opened; invalid JSON is
            // refused by both parsers anyway.
            depth =
                (depth + opens.count_ones() as usize).saturating_sub(closes.count_ones() as usize);
            continue;
        }
        let mut brackets = opens | closes;
        while brackets != 0 {
            let bit = brackets & brackets.wrapping_neg();
            brackets ^= bit;
            if opens & bit != 0 {
                depth += 1;
                if depth > MAX_DEPTH {
                    return true;
                }
            } else {
                depth = depth.saturating_sub(1);
            }
        }
    }
    false
}

/// Bit `i` set in each mask when byte `i` of a block is that character.
struct Masks {
    quote: u64,
    backslash: u64,
    /// `[` or `{`.
    open: u64,
    /// `]` or `}`.
    close: u64,
}

impl Masks {
    /// The masks of a block of at most 64 bytes. Clearing bit 0x20 folds `{`
    /// and `}` onto `[` and `]` (and nothing else onto them).
    fn of(block: &[u8]) -> Self {
        #[cfg(target_arch = "x86_64")]
        if let Ok(block) = <&[u8; 64]>::try_from(block) {
            return Self::of_sse2(block);
        }
        let mut masks = Self {
            quote: 0,
            backslash: 0,
            open: 0,
            close: 0,
        };
        for (i, &b) in block.iter().enumerate() {
            let bit = 1 << i;
            match b {
                b'"' => masks.quote |= bit,
                b'\\' => masks.backslash |= bit,
                b'[' | b'{' => masks.open |= bit,
                b']' | b'}' => masks.close |= bit,
                _ => {}
            }
        }
        masks
    }

    #[cfg(target_arch = "x86_64")]
    fn of_sse2(block: &[u8; 64]) -> Self {
        use std::arch::x86_64::{
            _mm_and_si128, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_set1_epi8,
        };
        let mut masks = Self {
            quote: 0,
            backslash: 0,
            open: 0,
            close: 0,
        };
        for (offset, chunk) in (0..).step_by(16).zip(block.chunks_exact(16)) {
            // SAFETY: SSE2 is part of the x86_64 baseline, and the unaligned
            // load reads the 16 bytes of `chunk`.
            unsafe {
                let bytes = _mm_loadu_si128(chunk.as_ptr().cast());
                let folded = _mm_and_si128(bytes, _mm_set1_epi8(!0x20_u8 as i8));
                let mask = |equal| u64::from(_mm_movemask_epi8(equal) as u16) << offset;
                masks.quote |= mask(_mm_cmpeq_epi8(bytes, _mm_set1_epi8(b'"' as i8)));
                masks.backslash |= mask(_mm_cmpeq_epi8(bytes, _mm_set1_epi8(b'\\' as i8)));
                masks.open |= mask(_mm_cmpeq_epi8(folded, _mm_set1_epi8(b'[' as i8)));
                masks.close |= mask(_mm_cmpeq_epi8(folded, _mm_set1_epi8(b']' as i8)));
            }
        }
        masks
    }
}

/// Bit `i` of the result is the XOR of bits `0..=i` of `bits`: set between
/// an opening quote and its closing one.
fn prefix_xor(mut bits: u64) -> u64 {
    for shift in [1, 2, 4, 8, 16, 32] {
        bits ^= bits << shift;
    }
    bits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_of_19_digits_or_more_are_found_wherever_they_start() {
        let big = "1234567890123456789";
        for prefix in 0..40 {
            let text = format!("{}{big}]", "[".repeat(prefix));
            assert!(may_hold_big_integers(text.as_bytes()), "{text}");
            let short = format!("{}{}]", "[".repeat(prefix), &big[1..]);
            assert!(!may_hold_big_integers(short.as_bytes()), "{short}");
        }
        let many_short_numbers = "[123456789012345678,".repeat(50) + "1]";
        assert!(!may_hold_big_integers(many_short_numbers.as_bytes()));
        assert!(may_hold_big_integers(b"9223372036854775808"));
        assert!(!may_hold_big_integers(b""));
    }

    #[test]
    fn opening_brackets_are_counted_wherever_they_are() {
        assert_eq!(opening_brackets(b""), 0);
        assert_eq!(opening_brackets(br#"[{"a":"[{}]"},[]]"#), 5);
        let long = "{[]}".repeat(1000);
        assert_eq!(opening_brackets(long.as_bytes()), 2000);
        assert_eq!(opening_brackets(&[b'\x5b'; 600]), 600);
        assert_eq!(
            opening_brackets(&[b'{'; 255 * 16 * 3 + 7]),
            255 * 16 * 3 + 7
        );
        assert_eq!(opening_brackets(&[b'\x3b'; 600]), 0);
    }

    #[test]
    fn nesting_is_measured_outside_strings() {
        let nested = |levels: usize| format!("{}1{}", "[".repeat(levels), "]".repeat(levels));
        assert!(!nests_deeper_than_the_limit(nested(MAX_DEPTH).as_bytes()));
        assert!(nests_deeper_than_the_limit(
            nested(MAX_DEPTH + 1).as_bytes()
        ));
        let objects = format!(
            "{}1{}",
            r#"{"a":"#.repeat(MAX_DEPTH + 1),
            "}".repeat(MAX_DEPTH + 1)
        );
        assert!(nests_deeper_than_the_limit(objects.as_bytes()));
        // Brackets, escaped quotes and backslashes in strings, at every
        // alignment against the 16-byte chunks.
        for pad in 0..65 {
            let strings = format!(
                r#"{}["{}", "\"[[[", "\\", "|{{|"]"#,
                " ".repeat(pad),
                "[{".repeat(300)
            );
            assert!(
                !nests_deeper_than_the_limit(strings.as_bytes()),
                "{strings}"
            );
            let closing = format!(
                r#"{}[{}"\"]]]]\\"{}]"#,
                " ".repeat(pad),
                "[".repeat(150),
                "[".repeat(100)
            );
            assert!(nests_deeper_than_the_limit(closing.as_bytes()), "{closing}");
        }
        assert!(!nests_deeper_than_the_limit(br#"["unterminated \"#));
    }

    /// The scan of [`nests_deeper_than_the_limit`], one byte at a time.
    fn nests_deeper_byte_by_byte(bytes: &[u8]) -> bool {
        let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
        for &b in bytes {
            match (in_string, escaped, b) {
                (true, true, _) => escaped = false,
                (true, false, b'\\') => escaped = true,
                (_, _, b'"') => in_string = !in_string,
                (false, _, b'[' | b'{') => depth += 1,
                (false, _, b']' | b'}') => depth = depth.saturating_sub(1),
                _ => {}
            }
            if depth > MAX_DEPTH {
                return true;
            }
        }
        false
    }

    #[test]
    fn the_block_scan_agrees_with_a_byte_by_byte_one() {
        let mut random = fastrand::Rng::with_seed(7);
        let alphabet = b"[[[[[[{{{]]}}\"\"\\a ";
        let mut deep = 0;
        for _ in 0..3000 {
            let len = random.usize(0..1500);
            let text: Vec<u8> = (0..len)
                .map(|_| alphabet[random.usize(..alphabet.len())])
                .collect();
            let expected = nests_deeper_byte_by_byte(&text);
            deep += usize::from(expected);
            assert_eq!(
                nests_deeper_than_the_limit(&text),
                expected,
                "{}",
                String::from_utf8_lossy(&text)
            );
        }
        assert!(deep > 100, "only {deep} deep texts");
    }

    #[test]
    fn blocks_are_classified_alike_with_or_without_simd() {
        let text: Vec<u8> = (0..=255).chain(0..=255).collect();
        for block in text.chunks(64) {
            let simd = Masks::of(block);
            let scalar = Masks::of(&block[..63]);
            for (with, without) in [
                (simd.quote, scalar.quote),
                (simd.backslash, scalar.backslash),
                (simd.open, scalar.open),
                (simd.close, scalar.close),
            ] {
                assert_eq!(with & (u64::MAX >> 1), without);
            }
        }
        assert_eq!(prefix_xor(0b1000_0100), 0b0111_1100);
    }
}
