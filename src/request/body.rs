//! Reading a response body within the call's `max_response_bytes`.
//!
//! The limit is checked against `Content-Length` before anything is read,
//! and again before each chunk is kept (a chunked body announces no length),
//! so a body over the limit is dropped holding at most one chunk more than
//! the limit.

use bytes::Bytes;
use reqwest::Response;

/// Why a body was not read to its end.
pub enum Cut {
    /// It is larger than the limit; `announced` is its `Content-Length`
    /// when that is what said so.
    TooLarge { announced: Option<u64> },
    /// The connection failed midway; `partial` is what arrived before.
    Broken {
        error: reqwest::Error,
        partial: Bytes,
    },
}

/// Read the whole body, refusing one larger than `limit` bytes.
pub async fn read(mut response: Response, limit: usize) -> Result<Bytes, Cut> {
    // The body's length as hyper knows it: `Content-Length`, or 0 for a
    // HEAD, 204 or 304 answer, whose headers may announce a length they
    // do not carry.
    let announced = response.content_length();
    if let Some(length) = announced.filter(|n| *n > limit as u64) {
        return Err(Cut::TooLarge {
            announced: Some(length),
        });
    }
    let expected = announced.map_or(0, |n| n as usize);
    let mut collected = Collected::Empty;
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                if collected.len() + chunk.len() > limit {
                    return Err(Cut::TooLarge { announced: None });
                }
                collected = collected.push(chunk, expected, limit);
            }
            Ok(None) => return Ok(collected.into_bytes()),
            Err(error) => {
                return Err(Cut::Broken {
                    error,
                    partial: collected.into_bytes(),
                });
            }
        }
    }
}

/// The chunks kept so far. A body of one chunk (most small answers) is
/// kept as it came, without a copy.
enum Collected {
    Empty,
    One(Bytes),
    Many(Vec<u8>),
}

impl Collected {
    fn len(&self) -> usize {
        match self {
            Collected::Empty => 0,
            Collected::One(chunk) => chunk.len(),
            Collected::Many(all) => all.len(),
        }
    }

    /// Add a chunk; the caller checked that the total stays within `limit`.
    fn push(self, chunk: Bytes, expected: usize, limit: usize) -> Self {
        match self {
            Collected::Empty => Collected::One(chunk),
            Collected::One(first) => {
                let mut all = Vec::with_capacity(expected.max(first.len() + chunk.len()));
                all.extend_from_slice(&first);
                all.extend_from_slice(&chunk);
                Collected::Many(all)
            }
            Collected::Many(mut all) => {
                let needed = all.len() + chunk.len();
                if needed > all.capacity() {
                    // Grow by doubling, as `Vec` does, but never past the
                    // limit, so the buffer stays within it too.
                    let wanted = (all.capacity() * 2).clamp(needed, limit.max(needed));
                    all.reserve_exact(wanted - all.len());
                }
                all.extend_from_slice(&chunk);
                Collected::Many(all)
            }
        }
    }

    fn into_bytes(self) -> Bytes {
        match self {
            Collected::Empty => Bytes::new(),
            Collected::One(chunk) => chunk,
            Collected::Many(all) => Bytes::from(all),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_are_joined_in_order_and_the_buffer_stays_within_the_limit() {
        let limit = 100;
        let mut collected = Collected::Empty;
        for n in 0..10u8 {
            collected = collected.push(Bytes::from(vec![n; 10]), 0, limit);
            if let Collected::Many(all) = &collected {
                assert!(all.capacity() <= limit, "capacity {}", all.capacity());
            }
        }
        let body = collected.into_bytes();
        assert_eq!(body.len(), 100);
        assert_eq!(&body[..11], &[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
        assert_eq!(body[99], 9);
    }

    #[test]
    fn a_single_chunk_is_kept_as_it_came() {
        let chunk = Bytes::from_static(b"{}");
        let body = Collected::Empty.push(chunk.clone(), 2, 10).into_bytes();
        assert_eq!(body.as_ptr(), chunk.as_ptr());
    }
}
