//! Input rules shared by pages and API. Messages are keys into the message files.

/// What is wrong with the fields of a form, in the order they were checked (the order of the
/// form, so the error summary reads as the page does). One message per field: the first found.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FieldErrors(Vec<FieldError>);

/// One field's problem: a message key and the values it names ("at most 200 characters; you
/// wrote 312").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub key: &'static str,
    pub args: Vec<(&'static str, String)>,
}

impl FieldErrors {
    pub fn add(&mut self, field: &str, key: &'static str) {
        self.add_with(field, key, vec![]);
    }

    pub fn add_with(&mut self, field: &str, key: &'static str, args: Vec<(&'static str, String)>) {
        if !self.contains(field) {
            self.0.push(FieldError {
                field: field.to_string(),
                key,
                args,
            });
        }
    }

    pub fn get(&self, field: &str) -> Option<&'static str> {
        self.0.iter().find(|e| e.field == field).map(|e| e.key)
    }

    pub fn contains(&self, field: &str) -> bool {
        self.0.iter().any(|e| e.field == field)
    }

    pub fn remove(&mut self, field: &str) -> Option<FieldError> {
        let at = self.0.iter().position(|e| e.field == field)?;
        Some(self.0.remove(at))
    }

    /// The same problem under another field name (a form that names its field differently).
    pub fn rename(&mut self, from: &str, to: &str) {
        for e in self.0.iter_mut().filter(|e| e.field == from) {
            e.field = to.to_string();
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = &FieldError> {
        self.0.iter()
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

impl IntoIterator for FieldErrors {
    type Item = FieldError;
    type IntoIter = std::vec::IntoIter<FieldError>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// "Too long", saying how long it may be and how long it is.
pub fn too_long(errors: &mut FieldErrors, field: &str, max: usize, count: usize) {
    errors.add_with(
        field,
        "error-too-long",
        vec![("max", max.to_string()), ("count", count.to_string())],
    );
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
        too_long(errors, field, max, v.chars().count());
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
        too_long(errors, field, max, v.chars().count());
    }
    (!v.is_empty()).then(|| v.to_string())
}

/// Passwords: length only, no composition rules (NIST SP 800-63B).
pub fn password(errors: &mut FieldErrors, field: &str, value: &str) {
    let n = value.chars().count();
    if n < MIN_PASSWORD {
        errors.add(field, "error-password-short");
    } else if n > MAX_PASSWORD {
        too_long(errors, field, MAX_PASSWORD, n);
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
        assert_eq!(e.get("text"), Some("error-required"));
        assert_eq!(e.get("password"), Some("error-password-short"));
        assert_eq!(e.get("email2"), Some("error-email"));
        assert!(!e.contains("email"));
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
            assert_eq!(e.get("email"), Some("error-email"), "{bad:?}");
        }
        for good in ["an@x.example", "an.peeters+zorg@gemeente.gent.be"] {
            let mut e = FieldErrors::default();
            email(&mut e, "email", good);
            assert!(e.is_empty(), "{good}");
        }
        let mut e = FieldErrors::default();
        name(&mut e, "name", "An\r\nBcc: x@y.example");
        name(&mut e, "other", "An\u{7}");
        assert_eq!(e.get("name"), Some("error-name-control"));
        assert_eq!(e.get("other"), Some("error-name-control"));
        let mut e = FieldErrors::default();
        assert_eq!(name(&mut e, "name", "  Anna Peeters "), "Anna Peeters");
        assert!(e.is_empty());
    }
}
