//! People's own data: what an erasure leaves behind, which personal payloads it removes, and when
//! retention applies. Plain rules; the database layer and the service carry them out.

use chrono::{DateTime, Duration, Utc};
use serde_json::Value;
use std::collections::HashSet;

/// What stands where an erased person's words were. The append-only tables accept exactly this
/// one change (a database trigger checks it), so it is the only edit to citizens' words.
pub const ERASED_TEXT: &str = "verwijderd op verzoek";
/// The name an erased person is shown under: their events stay on the timeline.
pub const ERASED_NAME: &str = "verwijderde deelnemer";
/// How long a "Mijn gegevens" download link works.
pub const EXPORT_LINK_MINUTES: i64 = 30;

/// The address an erased account keeps: unique (the column is), and it can never receive mail.
pub fn erased_email(user_id: i64) -> String {
    format!("verwijderd-{user_id}@invalid")
}

/// What to do with the erased person's own texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Texts {
    /// Replaced by [`ERASED_TEXT`] everywhere.
    Remove,
    /// Left as written, shown under the panel's name: the person chose so.
    #[serde(rename = "keep")]
    KeepUnderPanel,
}

impl Texts {
    pub fn parse(s: &str) -> Option<Texts> {
        match s {
            "remove" => Some(Texts::Remove),
            "keep" => Some(Texts::KeepUnderPanel),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Texts::Remove => "remove",
            Texts::KeepUnderPanel => "keep",
        }
    }
}

/// Whether an event's personal payload must go. The chain holds only a commitment to it, so
/// removing the payload leaves the chain verifiable. A payload goes when it names the person's
/// address (an invitation, an asked participant), or when it quotes words of theirs that are
/// being removed.
pub fn payload_must_go(payload: &Value, email: &str, removed_texts: &HashSet<String>) -> bool {
    fn strings<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
        match v {
            Value::String(s) => out.push(s),
            Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
            Value::Object(o) => o.values().for_each(|x| strings(x, out)),
            _ => {}
        }
    }
    let names_address = payload
        .get("email")
        .and_then(Value::as_str)
        .is_some_and(|e| e.trim().eq_ignore_ascii_case(email));
    if names_address {
        return true;
    }
    let mut found = Vec::new();
    strings(payload, &mut found);
    found
        .iter()
        .any(|s| !s.is_empty() && removed_texts.contains(*s))
}

/// Whether a closed item's personal data is due for removal under the zone's retention period.
/// `None` (the default) keeps everything.
pub fn retention_due(
    closed_at: DateTime<Utc>,
    retention_days: Option<i64>,
    now: DateTime<Utc>,
) -> bool {
    match retention_days {
        Some(days) if days >= 0 => closed_at + Duration::days(days) <= now,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use serde_json::json;

    #[test]
    fn a_payload_goes_when_it_names_the_address_in_any_case() {
        let none = HashSet::new();
        let p = json!({"email": "Mieke@Example.org", "name": "Mieke"});
        assert!(payload_must_go(&p, "mieke@example.org", &none));
        assert!(!payload_must_go(&p, "jan@example.org", &none));
    }

    #[test]
    fn a_payload_goes_when_it_quotes_removed_words_only() {
        let texts: HashSet<String> = ["Te weinig bussen".to_string()].into();
        let quoted = json!({"title": "x", "text": "Te weinig bussen", "heard_at": null});
        let other = json!({"text": "Een antwoord van de zone"});
        assert!(payload_must_go(&quoted, "a@b.c", &texts));
        assert!(!payload_must_go(&other, "a@b.c", &texts));
        // An empty string is never a quote.
        let empty: HashSet<String> = [String::new()].into();
        assert!(!payload_must_go(&json!({"text": ""}), "a@b.c", &empty));
    }

    #[test]
    fn retention_applies_only_when_set_and_after_the_period() {
        let closed = Utc.with_ymd_and_hms(2025, 1, 10, 12, 0, 0).unwrap();
        let day_before = Utc.with_ymd_and_hms(2025, 4, 10, 11, 59, 0).unwrap();
        let day_after = Utc.with_ymd_and_hms(2025, 4, 10, 12, 0, 0).unwrap();
        assert!(!retention_due(closed, None, day_after));
        assert!(!retention_due(closed, Some(90), day_before));
        assert!(retention_due(closed, Some(90), day_after));
        assert!(retention_due(closed, Some(0), closed));
    }

    #[test]
    fn texts_choice_round_trips() {
        for t in [Texts::Remove, Texts::KeepUnderPanel] {
            assert_eq!(Texts::parse(t.as_str()), Some(t));
        }
        assert_eq!(Texts::parse("delete"), None);
    }
}

/// Why an erasure is refused, as a message id; `None` when it may go ahead.
/// An erasure is account-wide, so a zone's administrator may erase only someone whose every
/// zone they administer; a platform administrator may erase anyone but themselves.
pub fn erasure_refused(
    p: &crate::domain::policy::Principal,
    target_id: i64,
    target_is_platform_admin: bool,
    target_member_zones: &std::collections::BTreeSet<i64>,
) -> Option<&'static str> {
    use crate::domain::policy::Role;
    if p.user_id == target_id {
        return Some("error-erase-self");
    }
    if p.platform_admin {
        return None;
    }
    if target_is_platform_admin {
        return Some("error-erase-other-zones");
    }
    let administers_all = target_member_zones
        .iter()
        .all(|z| p.has_role(*z, Role::Admin));
    (!administers_all).then_some("error-erase-other-zones")
}

#[cfg(test)]
mod erasure_rules {
    use super::*;
    use crate::domain::policy::{Principal, Role};
    use std::collections::BTreeSet;

    fn admin_of(zones: &[i64]) -> Principal {
        Principal {
            user_id: 1,
            platform_admin: false,
            roles: zones.iter().map(|z| (*z, Role::Admin)).collect(),
            panels: vec![],
        }
    }

    #[test]
    fn a_zone_admin_erases_only_people_of_zones_they_administer() {
        let one: BTreeSet<i64> = [7].into();
        let two: BTreeSet<i64> = [7, 8].into();
        assert_eq!(erasure_refused(&admin_of(&[7]), 2, false, &one), None);
        assert_eq!(
            erasure_refused(&admin_of(&[7]), 2, false, &two),
            Some("error-erase-other-zones")
        );
        assert_eq!(erasure_refused(&admin_of(&[7, 8]), 2, false, &two), None);
        assert_eq!(
            erasure_refused(&admin_of(&[7]), 2, true, &one),
            Some("error-erase-other-zones")
        );
        assert_eq!(
            erasure_refused(&admin_of(&[7]), 1, false, &one),
            Some("error-erase-self")
        );
        let platform = Principal {
            platform_admin: true,
            ..admin_of(&[])
        };
        assert_eq!(erasure_refused(&platform, 2, true, &two), None);
    }
}
