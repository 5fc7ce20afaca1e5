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
//! allows more, so a document whose lists and dicts nest deeper than
//! [`MAX_DEPTH`] is handed to jiter too, which decides for all of them (and
//! says where the limit was crossed).

use jiter::{PythonParse, StringCacheMode};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PyDict, PyList};
use pyo3::{Borrowed, ffi};

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
        && let Ok(value) = loads.bind(py).call1((PyBytes::new(py, bytes),))
        && (opening_brackets(bytes) <= MAX_DEPTH || !nests_deeper_than_the_limit(&value))
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

/// How many `[` and `{` bytes `bytes` holds (in strings too): a document
/// with no more than [`MAX_DEPTH`] cannot nest deeper than that. The two
/// differ only in bit 0x20, and counting in `u8` lanes lets the loop
/// vectorise, so this costs little beside the parse.
fn opening_brackets(bytes: &[u8]) -> usize {
    bytes
        .chunks(usize::from(u8::MAX))
        .map(|chunk| {
            chunk
                .iter()
                .fold(0u8, |n, &b| n + u8::from(b | 0x20 == b'{'))
        })
        .map(usize::from)
        .sum()
}

/// Whether a decoded document nests lists and dicts more than [`MAX_DEPTH`]
/// deep. Walking the objects orjson built is cheaper than scanning the text
/// with its strings, all the more with borrowed references (no reference
/// counting per value); the stack is explicit so that depth costs heap.
/// orjson builds plain lists and dicts, so exact type checks suffice.
fn nests_deeper_than_the_limit<'a, 'py>(document: &'a Bound<'py, PyAny>) -> bool {
    let py = document.py();
    let is_container = |value: &Borrowed<'a, 'py, PyAny>| {
        value.is_exact_instance_of::<PyDict>() || value.is_exact_instance_of::<PyList>()
    };
    let mut pending = vec![(document.as_borrowed(), 1)];
    while let Some((value, depth)) = pending.pop() {
        let child = |child| (child, depth + 1);
        if let Ok(dict) = value.cast_exact::<PyDict>() {
            if depth > MAX_DEPTH {
                return true;
            }
            pending.extend(dict_values(py, dict).filter(is_container).map(child));
        } else if let Ok(list) = value.cast_exact::<PyList>() {
            if depth > MAX_DEPTH {
                return true;
            }
            pending.extend(list_items(py, list).filter(is_container).map(child));
        }
    }
    false
}

/// The values of `dict`, borrowed.
fn dict_values<'a, 'py>(
    py: Python<'py>,
    dict: Borrowed<'a, 'py, PyDict>,
) -> impl Iterator<Item = Borrowed<'a, 'py, PyAny>> {
    let mut position = 0;
    std::iter::from_fn(move || {
        let mut key = std::ptr::null_mut();
        let mut value = std::ptr::null_mut();
        // SAFETY: `dict` is a live dict; PyDict_Next lends its values, which
        // stay alive as long as `dict` does since nothing mutates it (the
        // GIL is held and no Python code runs while the document is walked).
        let found = unsafe { ffi::PyDict_Next(dict.as_ptr(), &mut position, &mut key, &mut value) };
        // SAFETY: as above; `value` is non-null when an entry is found.
        (found != 0).then(|| unsafe { Borrowed::from_ptr(py, value) })
    })
}

/// The items of `list`, borrowed.
fn list_items<'a, 'py>(
    py: Python<'py>,
    list: Borrowed<'a, 'py, PyList>,
) -> impl Iterator<Item = Borrowed<'a, 'py, PyAny>> {
    (0..list.len()).map(move |index| {
        // SAFETY: `index` is within the list, which nothing mutates (see
        // `dict_values`), so PyList_GetItem lends a live item.
        unsafe {
            Borrowed::from_ptr(
                py,
                ffi::PyList_GetItem(list.as_ptr(), index as ffi::Py_ssize_t),
            )
        }
    })
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
    fn opening_brackets_are_counted_wherever_they_are() {
        assert_eq!(opening_brackets(b""), 0);
        assert_eq!(opening_brackets(br#"[{"a":"[{}]"},[]]"#), 5);
        let long = "{[]}".repeat(1000);
        assert_eq!(opening_brackets(long.as_bytes()), 2000);
        assert_eq!(opening_brackets(&[b'\x5b'; 600]), 600);
        assert_eq!(opening_brackets(&[b'\x3b'; 600]), 0);
    }

    #[test]
    fn nesting_counts_lists_and_dicts_not_what_they_hold() {
        Python::initialize();
        Python::attach(|py| {
            // Lists and dicts in turn, `containers` of them, around a 1.
            let nested = |containers: usize| {
                let mut value = 1_i64.into_pyobject(py).unwrap().into_any();
                for level in 0..containers {
                    value = if level % 2 == 0 {
                        PyList::new(py, [value]).unwrap().into_any()
                    } else {
                        let dict = PyDict::new(py);
                        dict.set_item("a", value).unwrap();
                        dict.into_any()
                    };
                }
                value
            };
            assert!(!nests_deeper_than_the_limit(&nested(MAX_DEPTH)));
            assert!(nests_deeper_than_the_limit(&nested(MAX_DEPTH + 1)));
            let flat = PyList::new(py, vec!["[[[{{{"; 300]).unwrap();
            assert!(!nests_deeper_than_the_limit(&flat));
        });
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
