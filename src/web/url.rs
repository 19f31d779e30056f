//! Percent-encoding for values put into a path's query (`/login?next=…`, `?status=…`).

/// Encodes everything but unreserved characters and `/`, which stays readable in a `next` path.
pub fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
