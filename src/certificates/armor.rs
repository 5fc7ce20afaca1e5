//! PEM armor: the labelled base64 blocks of a field, decoded by the `pem` crate.
//!
//! Text outside the blocks is ignored (`openssl pkcs12` writes "Bag
//! Attributes" before each one). Errors name the block by its label only:
//! a block may hold a private key, so no decoder detail is repeated.

use super::Refusal;

const BEGIN: &str = "-----BEGIN ";

/// One decoded block.
pub(crate) struct Block {
    pub label: String,
    pub der: Vec<u8>,
    /// An RFC 1421 `Proc-Type: 4,ENCRYPTED` header (a "traditional" OpenSSL
    /// encrypted key).
    pub encrypted: bool,
}

/// Every block of `text`, in order; at least one.
pub(crate) fn blocks(field: &str, text: &str) -> Result<Vec<Block>, Refusal> {
    let starts: Vec<usize> = text.match_indices(BEGIN).map(|(at, _)| at).collect();
    if starts.is_empty() {
        return Err(Refusal::new(format!(
            "{field} is not PEM: no -----BEGIN ...----- / -----END ...----- block"
        )));
    }
    let ends = starts.iter().skip(1).copied().chain([text.len()]);
    starts
        .iter()
        .zip(ends)
        .map(|(&start, end)| block(field, &text[start..end]))
        .collect()
}

/// The block that opens `piece` (text up to the next `-----BEGIN`), so that
/// an error can name the block it is about.
fn block(field: &str, piece: &str) -> Result<Block, Refusal> {
    let label = label_of(piece)
        .ok_or_else(|| Refusal::new(format!("{field}: a -----BEGIN ...----- line is malformed")))?;
    let parsed = match pem::parse(piece) {
        // Lines before a blank line are read as RFC 1421 headers; when they
        // are not headers, the blank line was only a stray one in the base64.
        Err(pem::PemError::InvalidHeader(_)) => pem::parse(without_blank_lines(piece)),
        parsed => parsed,
    };
    let parsed = parsed.map_err(|error| match error {
        pem::PemError::MismatchedTags(_, end) if plausible_label(&end).is_some() => Refusal::new(
            format!("{field}: -----BEGIN {label}----- is closed by -----END {end}-----"),
        ),
        pem::PemError::InvalidData(_) => {
            Refusal::new(format!("{field}: the {label} block is not valid base64"))
        }
        pem::PemError::InvalidHeader(_) => {
            Refusal::new(format!("{field}: the {label} block has malformed headers"))
        }
        _ => Refusal::new(format!(
            "{field}: -----BEGIN {label}----- has no matching -----END {label}----- line"
        )),
    })?;
    if parsed.contents().is_empty() {
        return Err(Refusal::new(format!("{field}: the {label} block is empty")));
    }
    let encrypted = parsed
        .headers()
        .get("Proc-Type")
        .is_some_and(|value| value.contains("ENCRYPTED"));
    Ok(Block {
        label,
        der: parsed.into_contents(),
        encrypted,
    })
}

/// The label of the `-----BEGIN <label>-----` line that opens `piece`, if it
/// is plausible: messages echo it, and a broken armor line must not drag the
/// base64 after it into a message.
fn label_of(piece: &str) -> Option<String> {
    let rest = piece.strip_prefix(BEGIN)?;
    let label = &rest[..rest.find("-----")?];
    plausible_label(label).map(str::to_owned)
}

/// `label`, trimmed, if it looks like a PEM label: printable ASCII without
/// hyphens, short, on one line.
fn plausible_label(label: &str) -> Option<&str> {
    let plausible = !label.is_empty()
        && label.len() <= 64
        && label
            .bytes()
            .all(|byte| byte == b' ' || (byte.is_ascii_graphic() && byte != b'-'));
    plausible.then_some(label.trim())
}

fn without_blank_lines(piece: &str) -> String {
    piece
        .lines()
        .filter(|line| !line.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}
