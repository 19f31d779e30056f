//! Signals from beyond the panel ("open intake"): what a signal is, how it may be triaged, and
//! the input rules for bringing one in. Plain Rust, no web or database types.
//!
//! A signal is `new` until someone of the zone triages it: adopted into a new item, bundled into
//! an existing one (many signals, one structural bottleneck), answered directly, or set aside
//! with a reason. Answered and set-aside signals can still be taken up in an item later (a
//! pattern often shows only after several signals); once a signal is linked to an item that
//! link is final, so the sender's follow page never changes its story.

use super::validate::FieldErrors;

/// The most a signal's text may hold. Longer than a tweet, shorter than a letter to the council:
/// a signal is a first word, and the panel writes the item.
pub const MAX_SIGNAL_TEXT: usize = 5_000;
/// Contact details: an email address or a phone number, never a story.
pub const MAX_CONTACT: usize = 254;

/// Where a signal is: new, taken up in an item, answered, or set aside.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum SignalStatus {
    New,
    /// Taken up in an item: a new one (adopted) or an existing one (bundled).
    Adopted,
    Answered,
    SetAside,
}

impl SignalStatus {
    pub const ALL: [SignalStatus; 4] = [
        SignalStatus::New,
        SignalStatus::Adopted,
        SignalStatus::Answered,
        SignalStatus::SetAside,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SignalStatus::New => "new",
            SignalStatus::Adopted => "adopted",
            SignalStatus::Answered => "answered",
            SignalStatus::SetAside => "set-aside",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        SignalStatus::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// What a triager can do with a signal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Triage {
    /// A new item on the citizen agenda, written by the triager from the signal.
    Adopt,
    /// Linked to an existing item of the zone.
    Bundle,
    /// A direct answer the sender can read.
    Answer,
    /// Not taken up, with a reason the sender can read.
    SetAside,
}

impl Triage {
    pub const ALL: [Triage; 4] = [
        Triage::Adopt,
        Triage::Bundle,
        Triage::Answer,
        Triage::SetAside,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Triage::Adopt => "adopt",
            Triage::Bundle => "bundle",
            Triage::Answer => "answer",
            Triage::SetAside => "set-aside",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Triage::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TriageError {
    /// Already linked to an item: that is final.
    AlreadyInItem,
    /// Already answered or set aside: a second answer or reason would rewrite what the sender
    /// was told. Taking it up in an item is still possible.
    AlreadyAnswered,
}

/// The state after `step`, or why the step does not fit the signal's state.
pub fn apply(from: SignalStatus, step: Triage) -> Result<SignalStatus, TriageError> {
    use SignalStatus::*;
    match (from, step) {
        (Adopted, _) => Err(TriageError::AlreadyInItem),
        (New | Answered | SetAside, Triage::Adopt | Triage::Bundle) => Ok(Adopted),
        (New, Triage::Answer) => Ok(Answered),
        (New, Triage::SetAside) => Ok(SetAside),
        (Answered | SetAside, Triage::Answer | Triage::SetAside) => {
            Err(TriageError::AlreadyAnswered)
        }
    }
}

/// The steps that fit a signal in this state, in the order a page offers them.
pub fn available(from: SignalStatus) -> Vec<Triage> {
    Triage::ALL
        .into_iter()
        .filter(|t| apply(from, *t).is_ok())
        .collect()
}

/// How the sender relates to what they tell. Optional, and chosen by the sender.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Relation {
    Bewoner,
    Mantelzorger,
    Hulpverlener,
    Andere,
}

impl Relation {
    pub const ALL: [Relation; 4] = [
        Relation::Bewoner,
        Relation::Mantelzorger,
        Relation::Hulpverlener,
        Relation::Andere,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Bewoner => "bewoner",
            Relation::Mantelzorger => "mantelzorger",
            Relation::Hulpverlener => "hulpverlener",
            Relation::Andere => "andere",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Relation::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// `ALFA-S-2026-0001`: the zone, S for signal (so it never looks like an item's number), the
/// year and a number counted per zone and year.
pub fn signal_reference(zone_code: &str, year: i32, seq: i64) -> String {
    format!("{}-S-{}-{:04}", zone_code.to_uppercase(), year, seq)
}

/// A follow link's token as we hand them out: 64 lowercase hex characters. Anything else is not
/// worth a database lookup, and it keeps token paths apart from numeric ids.
pub fn is_token(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The sender's words: kept exactly as written (only blank lines around them go), required, at
/// most `MAX_SIGNAL_TEXT` characters.
pub fn text(errors: &mut FieldErrors, field: &str, value: &str) -> String {
    let v = value.trim_matches(|c| c == '\n' || c == '\r').to_string();
    if v.trim().is_empty() {
        errors.add(field, "error-required");
    } else if v.chars().count() > MAX_SIGNAL_TEXT {
        errors.add_with(
            field,
            "error-signal-too-long",
            vec![("count", v.chars().count().to_string())],
        );
    }
    v
}

/// Optional contact details: an email address or a phone number, checked loosely (the sender
/// may write "0470 12 34 56" or "+32 (0)9 123.45.67"). Empty becomes `None`.
pub fn contact(errors: &mut FieldErrors, field: &str, value: Option<&str>) -> Option<String> {
    let v = value.map(str::trim).unwrap_or("");
    if v.is_empty() {
        return None;
    }
    let ok = v.chars().count() <= MAX_CONTACT && (looks_like_email(v) || looks_like_phone(v));
    if !ok {
        errors.add(field, "error-signal-contact");
    }
    Some(v.to_string())
}

/// Whether contact details are an e-mail address (mail about the signal can go there), rather
/// than a phone number.
pub fn is_email(contact: &str) -> bool {
    looks_like_email(contact.trim())
}

fn looks_like_email(v: &str) -> bool {
    !v.chars().any(|c| c.is_whitespace() || c.is_control())
        && v.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        })
}

fn looks_like_phone(v: &str) -> bool {
    let digits = v.chars().filter(|c| c.is_ascii_digit()).count();
    let allowed = v
        .chars()
        .all(|c| c.is_ascii_digit() || " +-./()".contains(c));
    allowed && (6..=20).contains(&digits)
}

/// An optional relation; empty is fine, an unknown value is not.
pub fn relation(errors: &mut FieldErrors, field: &str, value: Option<&str>) -> Option<Relation> {
    let v = value.map(str::trim).unwrap_or("");
    if v.is_empty() {
        return None;
    }
    let r = Relation::parse(v);
    if r.is_none() {
        errors.add(field, "error-signal-relation");
    }
    r
}

/// A short title to start from when a signal becomes an item: its first line, cut at a word
/// near `max` characters. The triager rewrites it; the signal's own words stay untouched.
pub fn suggested_title(text: &str, max: usize) -> String {
    let first = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    if first.chars().count() <= max {
        return first.to_string();
    }
    let cut: String = first.chars().take(max).collect();
    let at = cut.rfind(' ').filter(|&i| i > max / 2).unwrap_or(cut.len());
    format!("{}…", cut[..at].trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_signals_take_every_step() {
        assert_eq!(
            apply(SignalStatus::New, Triage::Adopt),
            Ok(SignalStatus::Adopted)
        );
        assert_eq!(
            apply(SignalStatus::New, Triage::Bundle),
            Ok(SignalStatus::Adopted)
        );
        assert_eq!(
            apply(SignalStatus::New, Triage::Answer),
            Ok(SignalStatus::Answered)
        );
        assert_eq!(
            apply(SignalStatus::New, Triage::SetAside),
            Ok(SignalStatus::SetAside)
        );
        assert_eq!(available(SignalStatus::New), Triage::ALL.to_vec());
    }

    #[test]
    fn answered_or_set_aside_can_still_go_into_an_item() {
        for from in [SignalStatus::Answered, SignalStatus::SetAside] {
            assert_eq!(apply(from, Triage::Adopt), Ok(SignalStatus::Adopted));
            assert_eq!(apply(from, Triage::Bundle), Ok(SignalStatus::Adopted));
            assert_eq!(
                apply(from, Triage::Answer),
                Err(TriageError::AlreadyAnswered)
            );
            assert_eq!(
                apply(from, Triage::SetAside),
                Err(TriageError::AlreadyAnswered)
            );
            assert_eq!(available(from), vec![Triage::Adopt, Triage::Bundle]);
        }
    }

    #[test]
    fn a_link_to_an_item_is_final() {
        for t in Triage::ALL {
            assert_eq!(
                apply(SignalStatus::Adopted, t),
                Err(TriageError::AlreadyInItem)
            );
        }
        assert!(available(SignalStatus::Adopted).is_empty());
    }

    #[test]
    fn names_round_trip() {
        for s in SignalStatus::ALL {
            assert_eq!(SignalStatus::parse(s.as_str()), Some(s));
        }
        for t in Triage::ALL {
            assert_eq!(Triage::parse(t.as_str()), Some(t));
        }
        for r in Relation::ALL {
            assert_eq!(Relation::parse(r.as_str()), Some(r));
        }
        assert_eq!(Triage::parse("delete"), None);
    }

    #[test]
    fn references_and_tokens() {
        assert_eq!(signal_reference("alfa", 2026, 1), "ALFA-S-2026-0001");
        assert_eq!(signal_reference("DEMO", 2026, 12345), "DEMO-S-2026-12345");
        assert!(is_token(&"ab".repeat(32)));
        assert!(!is_token(&"AB".repeat(32)));
        assert!(!is_token("12"));
        assert!(!is_token(&"g".repeat(64)));
    }

    #[test]
    fn input_rules() {
        let mut e = FieldErrors::default();
        assert_eq!(
            text(&mut e, "text", "\n  Te weinig banken\n"),
            "  Te weinig banken"
        );
        assert!(e.is_empty());
        text(&mut e, "empty", " \n ");
        text(&mut e, "long", &"é".repeat(MAX_SIGNAL_TEXT + 1));
        let mut ok = FieldErrors::default();
        text(&mut ok, "exact", &"é".repeat(MAX_SIGNAL_TEXT));
        assert!(ok.is_empty(), "5,000 characters are allowed");
        assert_eq!(e.get("empty"), Some("error-required"));
        assert_eq!(e.get("long"), Some("error-signal-too-long"));

        let mut e = FieldErrors::default();
        for good in [
            "an@voorbeeld.be",
            "0470 12 34 56",
            "+32 (0)9 123.45.67",
            "09/123-45-67",
        ] {
            assert_eq!(contact(&mut e, "c", Some(good)).as_deref(), Some(good));
        }
        assert_eq!(contact(&mut e, "c", Some("   ")), None);
        assert_eq!(contact(&mut e, "c", None), None);
        assert!(e.is_empty(), "{e:?}");
        for bad in ["bel me maar", "123", "an@", "an at voorbeeld.be"] {
            let mut e = FieldErrors::default();
            contact(&mut e, "c", Some(bad));
            assert_eq!(e.get("c"), Some("error-signal-contact"), "{bad}");
        }

        let mut e = FieldErrors::default();
        assert_eq!(
            relation(&mut e, "r", Some("mantelzorger")),
            Some(Relation::Mantelzorger)
        );
        assert_eq!(relation(&mut e, "r", Some("")), None);
        assert!(e.is_empty());
        relation(&mut e, "r", Some("buurman"));
        assert_eq!(e.get("r"), Some("error-signal-relation"));
    }

    #[test]
    fn titles_start_from_the_first_line() {
        assert_eq!(
            suggested_title("\nGeen bank aan de halte\nDetails", 80),
            "Geen bank aan de halte"
        );
        let long = "Wij wachten al maanden op een antwoord van de dienst over de aanpassing van de badkamer";
        let t = suggested_title(long, 40);
        assert!(t.ends_with('…') && t.chars().count() <= 41, "{t}");
        assert!(long.starts_with(t.trim_end_matches('…')));
    }

    #[test]
    fn the_zone_triages_other_zones_see_nothing() {
        use crate::domain::policy::{adopt_signal_into, signals, Denied, Principal, Role};
        const ZONE: i64 = 1;
        const OTHER: i64 = 2;
        const PANEL: i64 = 10;
        const PANEL_2: i64 = 11;
        let who = |roles: Vec<(i64, Role)>, panels: Vec<(i64, i64)>| Principal {
            user_id: 7,
            platform_admin: false,
            roles,
            panels,
        };
        let member = who(vec![(ZONE, Role::Citizen)], vec![(PANEL, ZONE)]);
        let loose_citizen = who(vec![(ZONE, Role::Citizen)], vec![]);
        let staff = who(vec![(ZONE, Role::Staff)], vec![]);
        let council = who(vec![(ZONE, Role::Council)], vec![]);
        let admin = who(vec![(ZONE, Role::Admin)], vec![]);
        let elsewhere = who(vec![(OTHER, Role::Staff)], vec![(20, OTHER)]);
        let platform = Principal {
            platform_admin: true,
            ..Default::default()
        };
        for p in [&member, &staff, &council, &admin] {
            assert_eq!(signals(p, ZONE), Ok(()));
        }
        assert_eq!(signals(&loose_citizen, ZONE), Err(Denied::Forbidden));
        assert_eq!(signals(&elsewhere, ZONE), Err(Denied::NotFound));
        assert_eq!(signals(&platform, ZONE), Err(Denied::NotFound));

        assert_eq!(adopt_signal_into(&member, ZONE, PANEL), Ok(()));
        assert_eq!(
            adopt_signal_into(&member, ZONE, PANEL_2),
            Err(Denied::Forbidden)
        );
        assert_eq!(adopt_signal_into(&staff, ZONE, PANEL_2), Ok(()));
        assert_eq!(
            adopt_signal_into(&council, ZONE, PANEL),
            Err(Denied::Forbidden)
        );
        assert_eq!(
            adopt_signal_into(&elsewhere, ZONE, PANEL),
            Err(Denied::NotFound)
        );
    }
}
