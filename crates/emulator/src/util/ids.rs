//! Random identifiers in the shapes EMQX Cloud uses.

const HEX: &[u8] = b"0123456789abcdef";
const ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

fn pick(alphabet: &[u8], n: usize) -> String {
    (0..n)
        .map(|_| alphabet[fastrand::usize(..alphabet.len())] as char)
        .collect()
}

/// Deployment ids look like `w41b11c0`: a letter and seven hex digits.
pub(crate) fn deployment_id() -> String {
    let mut s = String::with_capacity(8);
    s.push(fastrand::lowercase());
    s.push_str(&pick(HEX, 7));
    s
}

pub(crate) fn project_id() -> String {
    format!("p{}", pick(HEX, 7))
}

pub(crate) fn key() -> String {
    pick(ALNUM, 16)
}

pub(crate) fn secret() -> String {
    pick(ALNUM, 32)
}

/// Rule ids are 8 random characters when the caller gives none.
pub(crate) fn rule_id() -> String {
    pick(HEX, 8)
}

/// Shadow ids are 12 random characters when the caller gives none.
pub(crate) fn shadow_id() -> String {
    pick(HEX, 12)
}
