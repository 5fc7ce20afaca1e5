//! JSON bytes <-> Python objects: request bodies are encoded from Python
//! objects (`encode`), answers decoded into them (`decode`); and whether an
//! answer reports an error in its body (`error_code`), read from the bytes.

mod decode;
mod encode;
mod error_code;
mod scan;

pub use decode::{decode, import_at_init};
pub use encode::encode;
pub use error_code::reports_error_code;

/// How deeply arrays and objects may nest, in request bodies and in answers
/// alike: deep enough for any EMQX document, shallow enough that no parser
/// involved risks the stack, and jiter's own fixed limit.
const MAX_DEPTH: usize = 200;

#[cfg(test)]
mod tests {
    use super::*;
    use pyo3::prelude::*;
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
        });
    }

    #[test]
    fn what_is_encoded_at_the_depth_limit_decodes() {
        Python::initialize();
        Python::attach(|py| {
            let text = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
            let value = decode(py, text.as_bytes()).unwrap();
            assert_eq!(encode(&value).unwrap(), text.as_bytes());
            // jiter counts the innermost value as one more level, so the
            // first document it refuses is two levels deeper.
            let deeper = format!("[[{text}]]");
            assert!(decode(py, deeper.as_bytes()).is_err());
        });
    }
}
