//! Whether an answer reports an error in its body, as EMQX 4 does under a
//! 2xx status: a JSON object whose `code` is an integer other than 0. Read
//! without the GIL and without building the document, so that a batch can
//! stop at such an answer (see `sync::batch`); which error it is, Python
//! decides on the decoded answer (`check_v4_answer`).

use jiter::{Jiter, JiterResult, NumberAny, NumberInt, Peek};

/// Whether `body` is a JSON object whose `code` is a non-zero integer,
/// decided as Python's check decides on the decoded object: a repeated
/// `code` counts by its last value (as in a dict), `true` and `1.0` are not
/// integers, and a body that is not JSON reports nothing (decoding it fails).
pub fn reports_error_code(body: &[u8]) -> bool {
    last_code_is_an_error(body).unwrap_or(false)
}

fn last_code_is_an_error(body: &[u8]) -> JiterResult<bool> {
    let mut jiter = Jiter::new(body);
    if jiter.peek()? != Peek::Object {
        return Ok(false);
    }
    let mut is_error = false;
    let mut key = jiter.known_object()?;
    while let Some(name) = key {
        if name == "code" {
            is_error = non_zero_integer(&mut jiter)?;
        } else {
            jiter.next_skip()?;
        }
        key = jiter.next_key()?;
    }
    jiter.finish()?;
    Ok(is_error)
}

/// Read the next value: whether it is an integer other than 0.
fn non_zero_integer(jiter: &mut Jiter<'_>) -> JiterResult<bool> {
    let peek = jiter.peek()?;
    if !peek.is_num() {
        jiter.known_skip(peek)?;
        return Ok(false);
    }
    Ok(match jiter.known_number(peek)? {
        NumberAny::Int(NumberInt::Int(value)) => value != 0,
        // Beyond 64 bits, so never 0.
        NumberAny::Int(_) => true,
        NumberAny::Float(_) => false,
    })
}

#[cfg(test)]
mod tests {
    use super::reports_error_code;

    #[test]
    fn a_non_zero_integer_code_of_an_object_is_an_error() {
        for body in [
            &br#"{"code": 112, "message": "client not online"}"#[..],
            br#"{"data": [{"code": 0}], "code": -1}"#,
            br#"{"co\u0064e": 5}"#,
            br#"{"code": 0, "code": 7}"#,
            br#"{"code": 123456789012345678901234567890}"#,
        ] {
            assert!(
                reports_error_code(body),
                "{}",
                String::from_utf8_lossy(body)
            );
        }
    }

    #[test]
    fn anything_else_is_not() {
        for body in [
            &br#"{"code": 0, "data": []}"#[..],
            br#"{"code": -0}"#,
            br#"{"code": 7, "code": 0}"#,
            br#"{"code": 1.0}"#,
            br#"{"code": 1e2}"#,
            br#"{"code": true}"#,
            br#"{"code": "112"}"#,
            br#"{"code": null}"#,
            br#"{"data": {"code": 112}}"#,
            br#"[{"code": 112}]"#,
            br#"112"#,
            br#"{"code": 112"#,
            br#"{"code": 112} trailing"#,
            b"",
            b"<html>",
        ] {
            assert!(
                !reports_error_code(body),
                "{}",
                String::from_utf8_lossy(body)
            );
        }
    }
}
