//! `checked_tls_upload`: the Python entry of the TLS upload checks, and where a field's
//! PEM comes from (text, or the file a path names).

use std::path::MAIN_SEPARATOR;
use std::time::SystemTime;

use pyo3::exceptions::{PyOSError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};
use pyo3::{intern, wrap_pyfunction};

use crate::certificates::{Upload, check_upload};
use crate::rt::exit_gate::Attached;

/// `(cert, key, cacert)`, as the upload will send them.
type CheckedTexts<'py> = (
    Bound<'py, PyString>,
    Bound<'py, PyString>,
    Option<Bound<'py, PyString>>,
);

/// Add the function to the native module.
pub fn register(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_function(wrap_pyfunction!(checked_tls_upload, module)?)
}

/// The PEM texts of a TLS upload (read from the files that paths name),
/// after checking them; `ValueError` says what is wrong before anything is
/// sent.
#[pyfunction]
#[pyo3(signature = (cert, key, cacert=None))]
fn checked_tls_upload<'py>(
    cert: &Bound<'py, PyAny>,
    key: &Bound<'py, PyAny>,
    cacert: Option<&Bound<'py, PyAny>>,
) -> PyResult<CheckedTexts<'py>> {
    // A path's `__fspath__` is Python code.
    let _attached = Attached::enter(cert.py());
    let cert = pem_text("cert", cert)?;
    let key = pem_text("key", key)?;
    let cacert = cacert
        .map(|cacert| pem_text("cacert", cacert))
        .transpose()?;
    let upload = Upload {
        cert: as_str("cert", &cert)?,
        key: as_str("key", &key)?,
        cacert: cacert
            .as_ref()
            .map(|cacert| as_str("cacert", cacert))
            .transpose()?,
    };
    check_upload(&upload, SystemTime::now())
        .map_err(|refusal| PyValueError::new_err(refusal.to_string()))?;
    Ok((cert, key, cacert))
}

/// The PEM text of `source`: a `str` as it is, or the content of the file
/// an `os.PathLike` names.
fn pem_text<'py>(field: &str, source: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyString>> {
    let py = source.py();
    if let Ok(text) = source.cast::<PyString>() {
        let text_str = as_str(field, text)?;
        if !text_str.contains("-----BEGIN") && looks_like_path(text_str) {
            return Err(PyValueError::new_err(format!(
                "{field} must be PEM text or a pathlib.Path; got a str that looks like \
                 a file name ({}): pass pathlib.Path({})",
                text.repr()?,
                text.repr()?
            )));
        }
        return Ok(text.clone());
    }
    if !source.get_type().hasattr(intern!(py, "__fspath__"))? {
        return Err(PyTypeError::new_err(format!(
            "{field} must be PEM text (str) or a pathlib.Path, not {}",
            source.get_type().name()?
        )));
    }
    let path = source.call_method0(intern!(py, "__fspath__"))?;
    if path.is_instance_of::<PyBytes>() {
        return Err(PyTypeError::new_err(format!(
            "{field} must be PEM text or a str path, not a bytes path"
        )));
    }
    let path: String = path.extract()?;
    let bytes = std::fs::read(&path).map_err(|error| os_error(error, &path))?;
    if !bytes.is_ascii() {
        return Err(PyValueError::new_err(format!(
            "{field}: {path} is not a PEM file (not ASCII text)"
        )));
    }
    let text = String::from_utf8_lossy(&bytes);
    // Universal newlines, as Python's text files read them.
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    Ok(PyString::new(py, &text))
}

fn as_str<'a>(field: &str, text: &'a Bound<'_, PyString>) -> PyResult<&'a str> {
    text.to_str().map_err(|_| {
        PyValueError::new_err(format!("{field} is not PEM: it holds unpaired surrogates"))
    })
}

/// A one-line `str` naming a file: a path separator or a PEM file suffix.
fn looks_like_path(text: &str) -> bool {
    let stripped = text.trim();
    let lower = stripped.to_lowercase();
    !stripped.is_empty()
        && !stripped.contains('\n')
        && (stripped.contains(MAIN_SEPARATOR)
            || [".pem", ".crt", ".key", ".cer"]
                .iter()
                .any(|suffix| lower.ends_with(suffix)))
}

/// The `OSError` subclass Python's `open` raises, with errno and file name.
fn os_error(error: std::io::Error, path: &str) -> PyErr {
    let Some(code) = error.raw_os_error() else {
        return error.into();
    };
    let described = error.to_string();
    let strerror = described
        .strip_suffix(&format!(" (os error {code})"))
        .unwrap_or(&described)
        .to_owned();
    PyOSError::new_err((code, strerror, path.to_owned()))
}
