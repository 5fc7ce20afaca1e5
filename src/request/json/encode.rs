//! Python objects -> JSON request bodies.
//!
//! The encoder walks the objects itself with an explicit stack, so nesting
//! costs heap rather than the calling thread's stack (which may be small).
//! It accepts exactly what the `request()` docstring promises: dict (str
//! keys), list, tuple, str, int, finite float, bool, None and their
//! subclasses; anything else is refused, naming its type and where it is,
//! rather than converted. serde_json formats the strings and numbers.

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::iter::BoundDictIterator;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};

use super::MAX_DEPTH;

/// Serialise a Python object to JSON, or say what in it cannot be.
pub fn encode(value: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    let mut encoder = Encoder {
        py: value.py(),
        out: Vec::with_capacity(128),
        open: Vec::new(),
    };
    let mut value = value.clone();
    loop {
        encoder.write(value)?;
        match encoder.next_item()? {
            Some(item) => value = item,
            None => return Ok(encoder.out),
        }
    }
}

struct Encoder<'py> {
    py: Python<'py>,
    out: Vec<u8>,
    /// The containers being written, outermost first.
    open: Vec<Container<'py>>,
}

/// A list, tuple or dict being written, and where in it the encoder is.
enum Container<'py> {
    /// The index of the next item.
    List(Bound<'py, PyList>, usize),
    Tuple(Bound<'py, PyTuple>, usize),
    /// The key of the value being written, kept for error messages.
    Dict(
        Bound<'py, PyDict>,
        BoundDictIterator<'py>,
        Option<Bound<'py, PyString>>,
    ),
}

/// What [`Encoder::next_item`] found in the innermost open container.
enum Step<'py> {
    /// An item of a list or tuple, and whether it is the first.
    Item(Bound<'py, PyAny>, bool),
    Entry(Bound<'py, PyAny>, Bound<'py, PyAny>),
    End,
}

impl<'py> Encoder<'py> {
    /// Write a scalar, or open a container (its items come from `next_item`).
    fn write(&mut self, value: Bound<'py, PyAny>) -> PyResult<()> {
        // Cheapest checks first, then scalars (a body has more of them than
        // containers); bool before int, as bool is an int subclass.
        if value.is_none() {
            self.out.extend_from_slice(b"null");
        } else if let Ok(flag) = value.cast::<PyBool>() {
            let text: &[u8] = if flag.is_true() { b"true" } else { b"false" };
            self.out.extend_from_slice(text);
        } else if let Ok(text) = value.cast::<PyString>() {
            // A str subclass (a str enum) sends its value.
            let text = text.to_str().map_err(|e| self.caused(e))?;
            write_str(&mut self.out, text);
        } else if let Ok(int) = value.cast::<PyInt>() {
            self.write_int(int)?;
        } else if let Ok(float) = value.cast::<PyFloat>() {
            let number = float.value();
            if !number.is_finite() {
                // json.dumps(allow_nan=False)'s refusal, with the path.
                let name = match number {
                    n if n.is_nan() => "nan",
                    n if n > 0.0 => "inf",
                    _ => "-inf",
                };
                return Err(PyValueError::new_err(format!(
                    "{}: out of range float values are not JSON compliant: {name}",
                    self.path()
                )));
            }
            write_f64(&mut self.out, number);
        } else if let Ok(dict) = value.cast::<PyDict>() {
            let entries = dict.iter();
            self.open(Container::Dict(dict.clone(), entries, None))?;
            self.out.push(b'{');
        } else if let Ok(list) = value.cast::<PyList>() {
            self.open(Container::List(list.clone(), 0))?;
            self.out.push(b'[');
        } else if let Ok(tuple) = value.cast::<PyTuple>() {
            self.open(Container::Tuple(tuple.clone(), 0))?;
            self.out.push(b'[');
        } else {
            return Err(PyTypeError::new_err(format!(
                "{}: {} is not JSON serializable",
                self.path(),
                value.get_type().name()?
            )));
        }
        Ok(())
    }

    fn write_int(&mut self, int: &Bound<'py, PyInt>) -> PyResult<()> {
        if let Ok(small) = int.extract::<i64>() {
            write_i64(&mut self.out, small);
            return Ok(());
        }
        // Beyond 64 bits: every digit, as json.dumps writes them. `int.__repr__`
        // rather than `repr()`, so that an int enum sends its value.
        let digits = int
            .py()
            .get_type::<PyInt>()
            .call_method1("__repr__", (int,))
            .map_err(|e| self.caused(e))?;
        let digits = digits.cast::<PyString>()?.to_str()?;
        self.out.extend_from_slice(digits.as_bytes());
        Ok(())
    }

    /// Push a container, unless that makes the body too deep. Cycles end up
    /// at the depth limit too, so they are told apart there, at no cost to
    /// bodies that are not that deep.
    fn open(&mut self, container: Container<'py>) -> PyResult<()> {
        if self.open.len() >= MAX_DEPTH {
            let opening = container.object().as_ptr();
            let mut pointers = self
                .open
                .iter()
                .map(|c| c.object().as_ptr())
                .collect::<Vec<_>>();
            pointers.push(opening);
            let repeat =
                (1..pointers.len()).find(|&depth| pointers[..depth].contains(&pointers[depth]));
            return Err(match repeat {
                Some(depth) => PyValueError::new_err(format!(
                    "{}: circular reference detected",
                    path(&self.open[..depth])
                )),
                None => PyValueError::new_err(format!(
                    "json is nested more than {MAX_DEPTH} levels deep"
                )),
            });
        }
        self.open.push(container);
        Ok(())
    }

    /// The next value to write, after closing the containers that are done;
    /// `None` once the outermost one is closed.
    fn next_item(&mut self) -> PyResult<Option<Bound<'py, PyAny>>> {
        loop {
            let step = match self.open.last_mut() {
                None => return Ok(None),
                Some(Container::List(list, next)) => {
                    step_in(next, list.len(), |i| list.get_item(i))?
                }
                Some(Container::Tuple(tuple, next)) => {
                    step_in(next, tuple.len(), |i| tuple.get_item(i))?
                }
                Some(Container::Dict(_, entries, _)) => match entries.next() {
                    Some((key, value)) => Step::Entry(key, value),
                    None => Step::End,
                },
            };
            match step {
                Step::Item(item, first) => {
                    if !first {
                        self.out.push(b',');
                    }
                    return Ok(Some(item));
                }
                Step::Entry(key, value) => {
                    self.write_key(key)?;
                    return Ok(Some(value));
                }
                Step::End => {
                    let closing = match self.open.pop() {
                        Some(Container::Dict(..)) => b'}',
                        _ => b']',
                    };
                    self.out.push(closing);
                }
            }
        }
    }

    fn write_key(&mut self, key: Bound<'py, PyAny>) -> PyResult<()> {
        let key = match key.cast_into::<PyString>() {
            Ok(key) => key,
            Err(not_str) => {
                let key = not_str.into_inner();
                let dict_path = path(&self.open[..self.open.len() - 1]);
                return Err(PyTypeError::new_err(format!(
                    "{dict_path}: keys must be str, not {} ({})",
                    key.get_type().name()?,
                    key.repr()?
                )));
            }
        };
        let Some(Container::Dict(_, _, current)) = self.open.last_mut() else {
            unreachable!("keys come from the innermost container, a dict");
        };
        if current.replace(key.clone()).is_some() {
            self.out.push(b',');
        }
        let text = key.to_str().map_err(|e| self.caused(e))?;
        write_str(&mut self.out, text);
        self.out.push(b':');
        Ok(())
    }

    /// Where the value being written is, e.g. `json["props"][2]`.
    fn path(&self) -> String {
        path(&self.open)
    }

    /// A `ValueError` about the value being written, caused by `error`.
    fn caused(&self, error: PyErr) -> PyErr {
        let refused = PyValueError::new_err(format!("{}: {error}", self.path()));
        refused.set_cause(self.py, Some(error));
        refused
    }
}

impl<'py> Container<'py> {
    fn object(&self) -> &Bound<'py, PyAny> {
        match self {
            Container::List(list, _) => list.as_any(),
            Container::Tuple(tuple, _) => tuple.as_any(),
            Container::Dict(dict, _, _) => dict.as_any(),
        }
    }
}

/// The next item of a list or tuple (`next` is the index of the next item;
/// the length is read at each step, like CPython's own iterators do).
fn step_in<'py>(
    next: &mut usize,
    len: usize,
    get: impl FnOnce(usize) -> PyResult<Bound<'py, PyAny>>,
) -> PyResult<Step<'py>> {
    if *next >= len {
        return Ok(Step::End);
    }
    let item = get(*next)?;
    *next += 1;
    Ok(Step::Item(item, *next == 1))
}

/// `json` followed by the index or key of each open container's current
/// item, e.g. `json["props"][2]`.
fn path(open: &[Container<'_>]) -> String {
    let mut path = String::from("json");
    for container in open {
        match container {
            Container::List(_, next) | Container::Tuple(_, next) => {
                path.push_str(&format!("[{}]", next.saturating_sub(1)));
            }
            Container::Dict(_, _, Some(key)) => {
                let key = key.to_str().unwrap_or("?");
                let mut quoted = Vec::new();
                write_str(&mut quoted, key);
                path.push('[');
                path.push_str(&String::from_utf8_lossy(&quoted));
                path.push(']');
            }
            Container::Dict(_, _, None) => {}
        }
    }
    path
}

// serde_json's formatting. Writing to a `Vec` cannot fail, and these values
// (str, i64, finite f64) always serialise.

fn write_str(out: &mut Vec<u8>, text: &str) {
    serde_json::to_writer(out, text).expect("a str always serialises");
}

fn write_i64(out: &mut Vec<u8>, number: i64) {
    serde_json::to_writer(out, &number).expect("an i64 always serialises");
}

fn write_f64(out: &mut Vec<u8>, number: f64) {
    serde_json::to_writer(out, &number).expect("a finite f64 always serialises");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encoded(code: &std::ffi::CStr) -> PyResult<String> {
        Python::initialize();
        Python::attach(|py| {
            let value = py.eval(code, None, None)?;
            Ok(String::from_utf8(encode(&value)?).unwrap())
        })
    }

    fn refusal(code: &std::ffi::CStr) -> String {
        encoded(code).unwrap_err().to_string()
    }

    #[test]
    fn json_values_are_written_compactly() {
        assert_eq!(
            encoded(c"{'a': [1, 2.5, -0.0, True, None, 'é\"\\n'], 'b': (), 'c': {}}").unwrap(),
            r#"{"a":[1,2.5,-0.0,true,null,"é\"\n"],"b":[],"c":{}}"#
        );
        assert_eq!(
            encoded(c"[2**64, -2**70, 2**63 - 1]").unwrap(),
            "[18446744073709551616,-1180591620717411303424,9223372036854775807]"
        );
    }

    #[test]
    fn refusals_name_the_type_and_where_it_is() {
        assert_eq!(
            refusal(c"{'props': [1, 2, b'x']}"),
            r#"TypeError: json["props"][2]: bytes is not JSON serializable"#
        );
        assert_eq!(
            refusal(c"[{'a': 1}, {1: 2}]"),
            "TypeError: json[1]: keys must be str, not int (1)"
        );
        assert_eq!(
            refusal(c"{'x': [float('nan')]}"),
            r#"ValueError: json["x"][0]: out of range float values are not JSON compliant: nan"#
        );
        assert_eq!(refusal(c"object()").split(':').next(), Some("TypeError"));
    }

    #[test]
    fn cycles_and_depth_are_value_errors() {
        assert_eq!(
            refusal(c"(lambda l: (l.append(l), l)[1])([])"),
            "ValueError: json[0]: circular reference detected"
        );
        assert_eq!(
            refusal(c"(lambda d: (d.__setitem__('k', [d]), d)[1])({})"),
            r#"ValueError: json["k"][0]: circular reference detected"#
        );
        let at_limit = encoded(c"__import__('functools').reduce(lambda a, _: [a], range(199), [])");
        assert_eq!(at_limit.unwrap().len(), 400);
        let too_deep = refusal(c"__import__('functools').reduce(lambda a, _: [a], range(200), [])");
        assert_eq!(
            too_deep,
            "ValueError: json is nested more than 200 levels deep"
        );
    }
}
