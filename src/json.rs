//! JSON bytes <-> Python objects.
//!
//! Responses become Python objects through orjson when it is installed (a
//! dependency of the package): on a page of 100 clients (60 KB) it takes
//! about half the time of jiter, and a third of `json.loads`, because it
//! builds strings and dicts through CPython internals that an abi3
//! extension cannot use. jiter (the parser pydantic-core uses, building
//! Python objects directly too) is the fallback when orjson is missing or
//! refuses a document, and parses documents that may hold integers beyond
//! 64 bits: orjson turns those into floats, losing digits without a word. Request bodies are transcoded from Python objects straight
//! into JSON bytes.

use jiter::{PythonParse, StringCacheMode};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyBytes;

/// `orjson.loads`, or `None` when orjson cannot be imported.
static ORJSON_LOADS: PyOnceLock<Option<Py<PyAny>>> = PyOnceLock::new();

/// Import orjson, at module import (see `lib.rs`).
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

/// Serialise a Python object (dict, list, str, number, bool, None) to JSON.
pub fn encode(value: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    let mut out = Vec::with_capacity(128);
    let mut source = pythonize::Depythonizer::from_object(value);
    let mut sink = serde_json::Serializer::new(&mut out);
    serde_transcode::transcode(&mut source, &mut sink)
        .map_err(|e| PyTypeError::new_err(format!("json body is not JSON-serialisable: {e}")))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use pyo3::types::PyDict;

    #[test]
    fn round_trips_nested_unicode_and_big_numbers() {
        Python::initialize();
        Python::attach(|py| {
            let text = br#"{"a":[1,2.5,true,null,"\u00e9t\u00e9 \ud83d\ude00"],"big":123456789012345678901234567890,"o":{}}"#;
            let value = decode(py, text).unwrap();
            let dict = value.cast::<PyDict>().unwrap();
            assert_eq!(dict.len(), 3);
            let again = decode(py, &encode(&value).unwrap()).unwrap();
            assert!(value.eq(&again).unwrap());
            assert!(value.eq(decode_with_jiter(py, text).unwrap()).unwrap());
        });
    }

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

    #[test]
    fn unserialisable_objects_are_a_type_error() {
        Python::initialize();
        Python::attach(|py| {
            let object = py.eval(c"object()", None, None).unwrap();
            let err = encode(&object).unwrap_err();
            assert!(err.is_instance_of::<PyTypeError>(py));
        });
    }
}
