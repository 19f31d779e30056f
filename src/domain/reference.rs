//! Item reference numbers: zone code, year, sequence (`DEMO-2026-0007`). Given once, never changed.

pub fn item_reference(zone_code: &str, year: i32, seq: i64) -> String {
    format!("{}-{}-{:04}", zone_code.to_uppercase(), year, seq)
}

/// A consultation's reference: `DEMO-ADV-2026-0003` (its own sequence per zone and year).
pub fn consultation_reference(zone_code: &str, year: i32, seq: i64) -> String {
    format!("{}-ADV-{}-{:04}", zone_code.to_uppercase(), year, seq)
}

/// A zone code: 2 to 12 capital letters or digits, starting with a letter.
pub fn valid_zone_code(code: &str) -> bool {
    let len = code.chars().count();
    (2..=12).contains(&len)
        && code.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && code
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

/// A panel slug: lowercase letters, digits and dashes.
pub fn valid_slug(slug: &str) -> bool {
    let len = slug.len();
    (2..=40).contains(&len)
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !slug.starts_with('-')
        && !slug.ends_with('-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_is_padded() {
        assert_eq!(item_reference("demo", 2026, 7), "DEMO-2026-0007");
        assert_eq!(item_reference("DEMO", 2027, 12345), "DEMO-2027-12345");
    }

    #[test]
    fn codes_and_slugs() {
        assert!(valid_zone_code("DEMO"));
        assert!(valid_zone_code("ELZ2"));
        assert!(!valid_zone_code("demo"));
        assert!(!valid_zone_code("2ELZ"));
        assert!(!valid_zone_code("D"));
        assert!(valid_slug("burgerplatform"));
        assert!(valid_slug("pzon-cluster-2"));
        assert!(!valid_slug("Pzon"));
        assert!(!valid_slug("-x"));
    }
}
