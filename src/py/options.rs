//! The options of a transport as Python passes them: each argument's type
//! is checked here (`TypeError`), its bounds in `client::config`
//! (`ValueError`), and `None` means the default. The constructor,
//! `with_options` and `request(timeout=...)` all come through here, so a bad
//! value gets the same message from each.

use std::time::Duration;

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyFloat, PyInt, PyString};

use crate::client::config;

/// `timeout=` or `connect_timeout=`: a number of seconds (not a bool, which
/// is an int to Python but a mistake here), or `None`.
pub fn seconds(name: &str, value: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Duration>> {
    let Some(value) = value.filter(|v| !v.is_none()) else {
        return Ok(None);
    };
    if value.is_instance_of::<PyBool>()
        || !(value.is_instance_of::<PyInt>() || value.is_instance_of::<PyFloat>())
    {
        return Err(PyTypeError::new_err(format!(
            "{name} must be a number of seconds, not {}",
            type_name(value)
        )));
    }
    // An int too large for a float is out of range like any other.
    let seconds = value.extract::<f64>().unwrap_or(f64::INFINITY);
    config::seconds(name, seconds).map(Some)
}

/// `max_retries=`: an int, or `None`.
pub fn max_retries(value: Option<&Bound<'_, PyAny>>) -> PyResult<Option<u32>> {
    match int("max_retries", value)? {
        None => Ok(None),
        Some(Ok(n)) => config::max_retries(n).map(Some),
        Some(Err(got)) => Err(config::max_retries_out_of_range(got)),
    }
}

/// `max_response_bytes=`: an int, or `None`.
pub fn max_response_bytes(value: Option<&Bound<'_, PyAny>>) -> PyResult<Option<usize>> {
    match int("max_response_bytes", value)? {
        None => Ok(None),
        Some(Ok(n)) => config::max_response_bytes(n).map(Some),
        Some(Err(got)) => Err(config::max_response_bytes_out_of_range(got)),
    }
}

/// `user_agent=`: text, or `None`.
pub fn user_agent(value: Option<&Bound<'_, PyAny>>) -> PyResult<Option<String>> {
    let Some(value) = value.filter(|v| !v.is_none()) else {
        return Ok(None);
    };
    match value.cast::<PyString>() {
        Ok(text) => Ok(Some(text.to_str()?.to_owned())),
        Err(_) => Err(PyTypeError::new_err(format!(
            "user_agent must be a str, not {}",
            type_name(value)
        ))),
    }
}

/// An int argument (not a bool): `Ok` if it fits an `i64`, else its text
/// (out of range of every bound here).
fn int<'py>(
    name: &str,
    value: Option<&Bound<'py, PyAny>>,
) -> PyResult<Option<Result<i64, Bound<'py, PyAny>>>> {
    let Some(value) = value.filter(|v| !v.is_none()) else {
        return Ok(None);
    };
    if value.is_instance_of::<PyBool>() || !value.is_instance_of::<PyInt>() {
        return Err(PyTypeError::new_err(format!(
            "{name} must be an int, not {}",
            type_name(value)
        )));
    }
    Ok(Some(value.extract::<i64>().map_err(|_| value.clone())))
}

fn type_name(value: &Bound<'_, PyAny>) -> String {
    value
        .get_type()
        .name()
        .map_or_else(|_| "?".to_owned(), |name| name.to_string())
}

/// The options a transport is built with and `with_options` may change,
/// each checked; `None` where not given.
pub struct Overrides {
    pub timeout: Option<Duration>,
    pub connect_timeout: Option<Duration>,
    pub max_retries: Option<u32>,
    pub user_agent: Option<String>,
    pub max_response_bytes: Option<usize>,
}

impl Overrides {
    /// Checked in the order of the signatures, so the first bad one is named.
    pub fn check(
        timeout: Option<&Bound<'_, PyAny>>,
        connect_timeout: Option<&Bound<'_, PyAny>>,
        max_retries: Option<&Bound<'_, PyAny>>,
        user_agent: Option<&Bound<'_, PyAny>>,
        max_response_bytes: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        Ok(Self {
            timeout: seconds("timeout", timeout)?,
            connect_timeout: seconds("connect_timeout", connect_timeout)?,
            max_retries: self::max_retries(max_retries)?,
            user_agent: self::user_agent(user_agent)?,
            max_response_bytes: self::max_response_bytes(max_response_bytes)?,
        })
    }
}
