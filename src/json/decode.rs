//! JSON response bodies -> Python objects.
//!
//! Responses become Python objects through orjson when it is installed (a
//! dependency of the package): it is about twice as fast as jiter, because
//! it builds strings and dicts through CPython internals that an abi3
//! extension cannot use. jiter (the parser pydantic-core uses, building
//! Python objects directly too) is the fallback when orjson is missing or
//! refuses a document, and parses documents that may hold integers beyond
//! 64 bits: orjson turns those into floats, losing digits without a word.
//!
//! One depth rule holds whichever parser runs, jiter's: it refuses values
//! nested more than [`MAX_DEPTH`] levels inside the outermost one. orjson
//! allows more, so every document whose containers could nest deeper than
//! that goes to jiter, which decides for all of them (and says where the
//! limit was crossed).

use jiter::{PythonParse, StringCacheMode};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyBytes;

use super::MAX_DEPTH;

/// `orjson.loads`, or `None` when orjson cannot be imported.
static ORJSON_LOADS: PyOnceLock<Option<Py<PyAny>>> = PyOnceLock::new();

/// Parse a JSON document into Python objects (`None` for an empty body).
pub fn decode<'py>(py: Python<'py>, bytes: &[u8]) -> Result<Bound<'py, PyAny>, String> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(py.None().into_bound(py));
    }
    let loads = ORJSON_LOADS.get_or_init(py, || {
        py.import("orjson")
            .and_then(|orjson| orjson.getattr("loads"))
            .map(Bound::unbind)
            .ok()
    });
    if let Some(loads) = loads
        && !may_hold_big_integers(bytes)
        && !may_nest_deeper_than_the_limit(bytes)
        && let Ok(value) = loads.bind(py).call1((PyBytes::new(py, bytes),))
    {
        return Ok(value);
    }
    decode_with_jiter(py, bytes)
}

/// The most digits an integer can have and still fit 64 bits is 20
/// (`u64::MAX`); 19 is where the first integers that do not fit begin.
const BIG_INTEGER_DIGITS: usize = 19;

/// Whether `bytes` has a run of [`BIG_INTEGER_DIGITS`] or more ASCII digits
/// (in a number, or in a string: the check does not parse). A run that long
/// covers one of the positions sampled every 16 bytes, so only the
/// neighbourhood of sampled digits is read: a few microseconds for a page.
fn may_hold_big_integers(bytes: &[u8]) -> bool {
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

/// Whether `bytes` may nest arrays and objects more than [`MAX_DEPTH`]
/// deep. Counting brackets is cheap and rules out most documents; only those
/// with enough of them are scanned, skipping strings.
fn may_nest_deeper_than_the_limit(bytes: &[u8]) -> bool {
    let opening = bytes.iter().filter(|&&b| b == b'[' || b == b'{').count();
    opening > MAX_DEPTH && nests_deeper_than_the_limit(bytes)
}

/// Whether the arrays and objects of `bytes` (valid JSON or not) nest more
/// than [`MAX_DEPTH`] deep, brackets in strings not counting.
fn nests_deeper_than_the_limit(bytes: &[u8]) -> bool {
    let mut depth = 0usize;
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'"' => at = closing_quote(bytes, at + 1),
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return true;
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        at += 1;
    }
    false
}

/// The index of the quote that ends the string whose text starts at `from`
/// (the length of `bytes` if none does).
fn closing_quote(bytes: &[u8], mut from: usize) -> usize {
    while let Some(found) = bytes
        .get(from..)
        .and_then(|rest| memchr::memchr2(b'"', b'\\', rest))
    {
        let at = from + found;
        if bytes[at] == b'"' {
            return at;
        }
        // A backslash: the next byte is escaped, whatever it is.
        from = at + 2;
    }
    bytes.len()
}

/// Parse with jiter: the fallback of [`decode`], and the one whose error
/// messages (with line and column) are reported.
fn decode_with_jiter<'py>(py: Python<'py>, bytes: &[u8]) -> Result<Bound<'py, PyAny>, String> {
    let parser = PythonParse {
        // Keys repeat across the items of a page: caching them saves allocations.
        cache_mode: StringCacheMode::Keys,
        ..PythonParse::default()
    };
    parser
        .python_parse(py, bytes)
        .map_err(|e| e.description(bytes))
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
    fn nesting_is_measured_outside_strings() {
        let at_limit = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(!nests_deeper_than_the_limit(at_limit.as_bytes()));
        let over = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        assert!(nests_deeper_than_the_limit(over.as_bytes()));
        let brackets_in_strings = format!(r#"["{}", "\"{}"]"#, "[".repeat(300), "{".repeat(300));
        assert!(!nests_deeper_than_the_limit(brackets_in_strings.as_bytes()));
        assert!(!may_nest_deeper_than_the_limit(
            brackets_in_strings.as_bytes()
        ));
        let closes_in_strings = format!(
            r#"[{}"{}"{}]"#,
            "[".repeat(150),
            "]".repeat(300),
            "[".repeat(100)
        );
        assert!(nests_deeper_than_the_limit(closes_in_strings.as_bytes()));
        assert!(!nests_deeper_than_the_limit(br#"["unterminated \"#));
    }

    #[test]
    fn big_integers_keep_every_digit() {
        Python::initialize();
        Python::attach(|py| {
            let value = decode(py, b"[18446744073709551616, -9223372036854775809, 7]").unwrap();
            assert_eq!(
                value.str().unwrap().to_string(),
                "[18446744073709551616, -9223372036854775809, 7]"
            );
        });
    }

    #[test]
    fn empty_bodies_are_none_and_garbage_is_an_error() {
        Python::initialize();
        Python::attach(|py| {
            assert!(decode(py, b"").unwrap().is_none());
            assert!(decode(py, b"  \n").unwrap().is_none());
            assert!(decode(py, b"<html>").is_err());
            assert!(decode(py, br#"{"a": 1"#).is_err());
        });
    }
}
