//! JSON response bodies -> Python objects.
//!
//! Responses become Python objects through orjson when it is installed (a
//! dependency of the package): it is faster than jiter, because it builds
//! strings and dicts through CPython internals that an abi3 extension cannot
//! use. jiter (the parser pydantic-core uses, building
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
use pyo3::types::PyBytes;

use super::MAX_DEPTH;
use super::scan::{may_hold_big_integers, nests_deeper_than_the_limit, opening_brackets};

/// `orjson.loads`, or `None` when orjson cannot be imported.
static ORJSON_LOADS: PyOnceLock<Option<Py<PyAny>>> = PyOnceLock::new();

/// Import orjson, at module import (see `lib.rs`): an import inside a call
/// could release the GIL in our frames (see `exit_gate`).
pub fn import_at_init(py: Python<'_>) {
    orjson_loads(py);
}

fn orjson_loads(py: Python<'_>) -> &Option<Py<PyAny>> {
    ORJSON_LOADS.get_or_init(py, || {
        py.import("orjson")
            .and_then(|orjson| orjson.getattr("loads"))
            .map(Bound::unbind)
            .ok()
    })
}

/// Parse a JSON document into Python objects (`None` for an empty body).
pub fn decode<'py>(py: Python<'py>, bytes: &[u8]) -> Result<Bound<'py, PyAny>, String> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(py.None().into_bound(py));
    }
    let loads = orjson_loads(py);
    if let Some(loads) = loads
        && !may_hold_big_integers(bytes)
        && (opening_brackets(bytes) <= MAX_DEPTH || !nests_deeper_than_the_limit(bytes))
        && let Ok(value) = loads.bind(py).call1((PyBytes::new(py, bytes),))
    {
        return Ok(value);
    }
    decode_with_jiter(py, bytes)
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
