//! Input rules shared by pages and API. Messages are keys into the message files.

use std::collections::BTreeMap;

/// Field name to message key, in field order of the form.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FieldErrors(pub BTreeMap<String, &'static str>);

impl FieldErrors {
    pub fn add(&mut self, field: &str, key: &'static str) {
        self.0.entry(field.to_string()).or_insert(key);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn into_result(self) -> Result<(), FieldErrors> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(self)
        }
    }
}

pub const MIN_PASSWORD: usize = 8;
pub const MAX_PASSWORD: usize = 128;
pub const MAX_TITLE: usize = 200;
pub const MAX_TEXT: usize = 20_000;
pub const MAX_NAME: usize = 100;

/// A trimmed, required text of at most `max` characters.
pub fn required(errors: &mut FieldErrors, field: &str, value: &str, max: usize) -> String {
    let v = value.trim();
    if v.is_empty() {
        errors.add(field, "error-required");
    } else if v.chars().count() > max {
        errors.add(field, "error-too-long");
    }
    v.to_string()
}

/// An optional text: empty becomes `None`.
pub fn optional(
    errors: &mut FieldErrors,
    field: &str,
    value: Option<&str>,
    max: usize,
) -> Option<String> {
    let v = value.map(str::trim).unwrap_or("");
    if v.chars().count() > max {
        errors.add(field, "error-too-long");
    }
    (!v.is_empty()).then(|| v.to_string())
}

/// Passwords: length only, no composition rules (NIST SP 800-63B).
pub fn password(errors: &mut FieldErrors, field: &str, value: &str) {
    let n = value.chars().count();
    if n < MIN_PASSWORD {
        errors.add(field, "error-password-short");
    } else if n > MAX_PASSWORD {
        errors.add(field, "error-too-long");
    }
}

/// One mailbox, lowercased: exactly what a mail can be sent to (parsed by `lettre`, which sends
/// it), and no list of addresses, display name or comment. Deliverability is proven by the
/// mail itself, not here.
pub fn email(errors: &mut FieldErrors, field: &str, value: &str) -> String {
    let v = value.trim().to_lowercase();
    let ok = v.len() <= 254
        && v.parse::<lettre::Address>()
            .is_ok_and(|a| a.domain().contains('.') && !a.domain().ends_with('.'))
        && !v
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == ',');
    if !ok {
        errors.add(field, "error-email");
    }
    v
}

/// A person's name: required, at most `MAX_NAME` characters, on one line. A line break or other
/// control character in a name would end up in mail headers and on printed letters.
pub fn name(errors: &mut FieldErrors, field: &str, value: &str) -> String {
    let v = required(errors, field, value, MAX_NAME);
    if v.chars().any(char::is_control) {
        errors.add(field, "error-name-control");
    }
    v
}

/// An optional name, with the same rules when given.
pub fn optional_name(errors: &mut FieldErrors, field: &str, value: Option<&str>) -> Option<String> {
    let v = optional(errors, field, value, MAX_NAME);
    if v.as_deref()
        .is_some_and(|v| v.chars().any(char::is_control))
    {
        errors.add(field, "error-name-control");
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules() {
        let mut e = FieldErrors::default();
        assert_eq!(
            required(&mut e, "title", "  Meer zitbanken  ", 200),
            "Meer zitbanken"
        );
        assert!(e.is_empty());
        required(&mut e, "text", "   ", 200);
        password(&mut e, "password", "kort");
        assert_eq!(email(&mut e, "email", " An@Example.BE "), "an@example.be");
        email(&mut e, "email2", "geen-adres");
        assert_eq!(e.0.get("text"), Some(&"error-required"));
        assert_eq!(e.0.get("password"), Some(&"error-password-short"));
        assert_eq!(e.0.get("email2"), Some(&"error-email"));
        assert!(!e.0.contains_key("email"));
        let mut e = FieldErrors::default();
        password(&mut e, "p", &"x".repeat(64));
        assert!(e.is_empty(), "64 characters must be allowed");
    }

    #[test]
    fn an_address_is_one_mailbox_and_a_name_one_line() {
        for bad in [
            "a@x.example,b@y.example",
            "a@x.example, b@y.example",
            "An <an@x.example>",
            "an@x.example\r\nBcc: b@y.example",
            "an@localhost",
            "an@@x.example",
            "@x.example",
        ] {
            let mut e = FieldErrors::default();
            email(&mut e, "email", bad);
            assert_eq!(e.0.get("email"), Some(&"error-email"), "{bad:?}");
        }
        for good in ["an@x.example", "an.peeters+zorg@gemeente.gent.be"] {
            let mut e = FieldErrors::default();
            email(&mut e, "email", good);
            assert!(e.is_empty(), "{good}");
        }
        let mut e = FieldErrors::default();
        name(&mut e, "name", "An\r\nBcc: x@y.example");
        name(&mut e, "other", "An\u{7}");
        assert_eq!(e.0.get("name"), Some(&"error-name-control"));
        assert_eq!(e.0.get("other"), Some(&"error-name-control"));
        let mut e = FieldErrors::default();
        assert_eq!(name(&mut e, "name", "  Anna Peeters "), "Anna Peeters");
        assert!(e.is_empty());
    }
}
