//! Just enough `multipart/form-data` to read the uploaded file of a user import.

/// Returns `(filename, content)` of the part named `filename` (EMQX's form field).
pub(crate) fn file_part(content_type: &str, body: &[u8]) -> Option<(String, Vec<u8>)> {
    let boundary = content_type
        .split(';')
        .map(str::trim)
        .find_map(|p| p.strip_prefix("boundary="))?
        .trim_matches('"');
    let delimiter = format!("--{boundary}");
    let parts = split_bytes(body, delimiter.as_bytes());
    for part in parts {
        let part = part.strip_prefix(b"\r\n").unwrap_or(part);
        let Some(split) = find(part, b"\r\n\r\n") else {
            continue;
        };
        let headers = String::from_utf8_lossy(&part[..split]);
        let mut content = &part[split + 4..];
        content = content.strip_suffix(b"\r\n").unwrap_or(content);
        let disposition = headers
            .lines()
            .find(|l| l.to_ascii_lowercase().starts_with("content-disposition"))?
            .to_owned();
        let param = |name: &str| {
            disposition.split(';').map(str::trim).find_map(|p| {
                p.strip_prefix(&format!("{name}="))
                    .map(|v| v.trim_matches('"').to_owned())
            })
        };
        if param("name").as_deref() == Some("filename") {
            return Some((param("filename").unwrap_or_default(), content.to_vec()));
        }
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn split_bytes<'a>(mut hay: &'a [u8], delim: &[u8]) -> Vec<&'a [u8]> {
    let mut out = Vec::new();
    while let Some(i) = find(hay, delim) {
        out.push(&hay[..i]);
        hay = &hay[i + delim.len()..];
    }
    out.push(hay);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_file_part() {
        let body = b"--XyZ\r\nContent-Disposition: form-data; name=\"filename\"; filename=\"users.csv\"\r\nContent-Type: text/csv\r\n\r\nuser_id,password\r\na,b\r\n--XyZ--\r\n";
        let (name, content) = file_part("multipart/form-data; boundary=XyZ", body).unwrap();
        assert_eq!(name, "users.csv");
        assert_eq!(content, b"user_id,password\r\na,b");
    }
}
