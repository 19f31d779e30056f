//! Consultations (adviesvragen): who is asked, how an advice moves from drafting to the council's
//! report back, how an advice divides into points, and who may do what.

use super::policy::{Decision, Denied, PanelKind, Principal, Role};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The state of one panel's advice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AdviceStatus {
    /// The panel is writing; versions may still be added.
    Drafting,
    /// Submitted and frozen; the council owes a report back.
    Submitted,
    /// The council reported back on every point.
    Reported,
}

impl AdviceStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            AdviceStatus::Drafting => "drafting",
            AdviceStatus::Submitted => "submitted",
            AdviceStatus::Reported => "reported",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "drafting" => Some(AdviceStatus::Drafting),
            "submitted" => Some(AdviceStatus::Submitted),
            "reported" => Some(AdviceStatus::Reported),
            _ => None,
        }
    }
}

/// A consultation as a whole, from its advices. The council's debt comes first: as long as one
/// submitted advice waits for a report back, the consultation is waiting on the council.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ConsultationStatus {
    /// Waiting for (some) advice from the panels.
    Open,
    /// Advice given; the council has not yet said what it did with it.
    WaitingReport,
    /// Every asked panel's advice was reported back on.
    Reported,
}

impl ConsultationStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ConsultationStatus::Open => "open",
            ConsultationStatus::WaitingReport => "waiting-report",
            ConsultationStatus::Reported => "reported",
        }
    }

    pub fn of(advices: &[AdviceStatus]) -> Self {
        if advices.contains(&AdviceStatus::Submitted) {
            ConsultationStatus::WaitingReport
        } else if advices.contains(&AdviceStatus::Drafting) || advices.is_empty() {
            ConsultationStatus::Open
        } else {
            ConsultationStatus::Reported
        }
    }
}

/// What the council did with one point of an advice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum PointOutcome {
    Followed,
    PartlyFollowed,
    NotFollowed,
}

impl PointOutcome {
    pub const ALL: [PointOutcome; 3] = [
        PointOutcome::Followed,
        PointOutcome::PartlyFollowed,
        PointOutcome::NotFollowed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PointOutcome::Followed => "followed",
            PointOutcome::PartlyFollowed => "partly-followed",
            PointOutcome::NotFollowed => "not-followed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        PointOutcome::ALL.into_iter().find(|o| o.as_str() == s)
    }
}

/// A personal note beside the shared advice, or a dissenting view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum NoteKind {
    Note,
    Dissent,
}

impl NoteKind {
    pub fn as_str(self) -> &'static str {
        match self {
            NoteKind::Note => "note",
            NoteKind::Dissent => "dissent",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "note" => Some(NoteKind::Note),
            "dissent" => Some(NoteKind::Dissent),
            _ => None,
        }
    }
}

/// The council's report back is due this many days after the advice (zone setting).
pub fn report_due(
    cal: &crate::domain::working_days::Calendar,
    advised_on: NaiveDate,
    report_days: i64,
) -> NaiveDate {
    cal.add(advised_on, report_days.max(1))
}

/// The points of an advice, numbered from 1 in the order written. A point starts after a blank
/// line or at a line that starts a list ("-", "*", "•", "1.", "2)"); other lines continue the
/// point above. The words stay exactly as written (markers included): they are the panel's.
pub fn points(text: &str) -> Vec<String> {
    let mut out: Vec<String> = vec![];
    let mut current: Vec<&str> = vec![];
    let flush = |current: &mut Vec<&str>, out: &mut Vec<String>| {
        if !current.is_empty() {
            out.push(current.join("\n"));
            current.clear();
        }
    };
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            flush(&mut current, &mut out);
        } else {
            if starts_list_item(trimmed) {
                flush(&mut current, &mut out);
            }
            current.push(line.trim_end());
        }
    }
    flush(&mut current, &mut out);
    out
}

fn starts_list_item(line: &str) -> bool {
    if line.starts_with("- ") || line.starts_with("* ") || line.starts_with("• ") {
        return true;
    }
    let digits = line.chars().take_while(|c| c.is_ascii_digit()).count();
    digits > 0
        && digits <= 3
        && matches!(line[digits..].chars().next(), Some('.') | Some(')'))
        && line[digits + 1..].starts_with(' ')
}

/// A default title for an item made from a point: its first words, without list marker.
pub fn title_from_point(point: &str, max_chars: usize) -> String {
    let first_line = point.lines().next().unwrap_or("").trim();
    let digits = first_line
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .count();
    let unmarked = first_line
        .strip_prefix("- ")
        .or_else(|| first_line.strip_prefix("* "))
        .or_else(|| first_line.strip_prefix("• "))
        .or_else(|| {
            (digits > 0)
                .then(|| first_line[digits..].get(1..))
                .flatten()
                .filter(|_| matches!(first_line[digits..].chars().next(), Some('.') | Some(')')))
        })
        .unwrap_or(first_line)
        .trim();
    if unmarked.chars().count() <= max_chars {
        return unmarked.to_string();
    }
    let cut: String = unmarked.chars().take(max_chars.saturating_sub(1)).collect();
    // Cut at a word boundary when there is one in the second half.
    let at = cut
        .rfind(' ')
        .filter(|&i| i > cut.len() / 2)
        .unwrap_or(cut.len());
    format!("{}…", cut[..at].trim_end())
}

/// What the policy needs to know about a consultation.
#[derive(Debug, Clone, Default)]
pub struct ConsultationFacts {
    pub zone_id: i64,
    /// (panel id, kind) of every asked panel.
    pub panels: Vec<(i64, PanelKind)>,
    /// (panel id, user id): the people asked per question in a klankbordgroep.
    pub participants: Vec<(i64, i64)>,
}

impl ConsultationFacts {
    /// Whether `p` speaks for the asked panel `panel_id` in this consultation. In a
    /// klankbordgroep only the people asked for this question do; elsewhere every member.
    pub fn asks(&self, p: &Principal, panel_id: i64) -> bool {
        match self.panels.iter().find(|(id, _)| *id == panel_id) {
            Some((_, PanelKind::Klankbordgroep)) => self
                .participants
                .iter()
                .any(|&(pid, u)| pid == panel_id && u == p.user_id),
            Some(_) => p.in_panel(panel_id),
            None => false,
        }
    }

    /// The asked panels `p` speaks for.
    pub fn panels_of(&self, p: &Principal) -> Vec<i64> {
        self.panels
            .iter()
            .map(|(id, _)| *id)
            .filter(|&id| self.asks(p, id))
            .collect()
    }
}

fn is_council_side(p: &Principal, zone_id: i64) -> bool {
    p.has_role(zone_id, Role::Staff) || p.has_role(zone_id, Role::Council)
}

/// Putting a question to panels: staff and council members of the zone.
pub fn ask(p: &Principal, zone_id: i64) -> Decision {
    if is_council_side(p, zone_id) {
        Ok(())
    } else if p.in_zone(zone_id) {
        Err(Denied::Forbidden)
    } else {
        Err(Denied::NotFound)
    }
}

/// Seeing a consultation: the council side and administrators of the zone, and the people asked.
/// Anyone else (another panel, another zone) is told it does not exist.
pub fn view(p: &Principal, c: &ConsultationFacts) -> Decision {
    let staff_side = is_council_side(p, c.zone_id) || p.has_role(c.zone_id, Role::Admin);
    if staff_side || !c.panels_of(p).is_empty() {
        Ok(())
    } else {
        Err(Denied::NotFound)
    }
}

/// Writing, submitting, annotating the advice of `panel_id`, or making an item of one of its
/// points: the people that panel is asked through.
pub fn advise(p: &Principal, c: &ConsultationFacts, panel_id: i64) -> Decision {
    view(p, c)?;
    if c.asks(p, panel_id) {
        Ok(())
    } else {
        Err(Denied::Forbidden)
    }
}

/// Reacting in the discussion: the people asked, and the council side (who may explain).
pub fn react(p: &Principal, c: &ConsultationFacts) -> Decision {
    view(p, c)?;
    if is_council_side(p, c.zone_id) || !c.panels_of(p).is_empty() {
        Ok(())
    } else {
        Err(Denied::Forbidden)
    }
}

/// Reporting back on an advice: staff and council members.
pub fn report_back(p: &Principal, c: &ConsultationFacts) -> Decision {
    view(p, c)?;
    if is_council_side(p, c.zone_id) {
        Ok(())
    } else {
        Err(Denied::Forbidden)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_split_on_blank_lines_and_list_markers() {
        let text = "Wij vinden dit goed.\nMaar let op de kosten.\n\n- Meer uren bij het onthaal\n- Een folder in eenvoudige taal\n  met foto's\n\n1. Eerste\n2) Tweede";
        let p = points(text);
        assert_eq!(
            p,
            vec![
                "Wij vinden dit goed.\nMaar let op de kosten.",
                "- Meer uren bij het onthaal",
                "- Een folder in eenvoudige taal\n  met foto's",
                "1. Eerste",
                "2) Tweede",
            ]
        );
        assert!(points("  \n\n").is_empty());
        // A year or an amount at the start of a line is not a list marker.
        assert_eq!(points("2026 was zwaar.\nDaarom dit.").len(), 1);
    }

    #[test]
    fn titles_from_points_drop_markers_and_cut_at_words() {
        assert_eq!(
            title_from_point("- Meer uren bij het onthaal", 80),
            "Meer uren bij het onthaal"
        );
        assert_eq!(title_from_point("12. Twaalf", 80), "Twaalf");
        let long = title_from_point("Een heel lange zin die niet in een titel past", 20);
        assert!(long.ends_with('…') && long.chars().count() <= 20, "{long}");
        assert_eq!(long, "Een heel lange zin…");
    }

    #[test]
    fn status_puts_the_councils_debt_first() {
        use AdviceStatus::*;
        assert_eq!(ConsultationStatus::of(&[]), ConsultationStatus::Open);
        assert_eq!(
            ConsultationStatus::of(&[Drafting, Submitted]),
            ConsultationStatus::WaitingReport
        );
        assert_eq!(
            ConsultationStatus::of(&[Drafting, Reported]),
            ConsultationStatus::Open
        );
        assert_eq!(
            ConsultationStatus::of(&[Reported, Reported]),
            ConsultationStatus::Reported
        );
    }

    #[test]
    fn report_due_counts_calendar_days() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        assert_eq!(
            report_due(&crate::domain::working_days::Calendar::default(), d, 60),
            NaiveDate::from_ymd_opt(2026, 4, 30).unwrap()
        );
    }

    fn person(user_id: i64, roles: Vec<(i64, Role)>, panels: Vec<(i64, i64)>) -> Principal {
        Principal {
            user_id,
            platform_admin: false,
            roles,
            panels,
        }
    }

    #[test]
    fn klankbordgroep_members_are_asked_per_question() {
        let c = ConsultationFacts {
            zone_id: 1,
            panels: vec![
                (10, PanelKind::Burgerplatform),
                (20, PanelKind::Klankbordgroep),
            ],
            participants: vec![(20, 7)],
        };
        let platform_member = person(5, vec![(1, Role::Citizen)], vec![(10, 1)]);
        let asked = person(7, vec![(1, Role::Citizen)], vec![(20, 1)]);
        let not_asked = person(8, vec![(1, Role::Citizen)], vec![(20, 1)]);
        let staff = person(9, vec![(1, Role::Staff)], vec![]);
        let other_zone = person(3, vec![(2, Role::Staff)], vec![]);
        assert_eq!(advise(&platform_member, &c, 10), Ok(()));
        assert_eq!(advise(&platform_member, &c, 20), Err(Denied::Forbidden));
        assert_eq!(advise(&asked, &c, 20), Ok(()));
        assert_eq!(view(&not_asked, &c), Err(Denied::NotFound));
        assert_eq!(view(&staff, &c), Ok(()));
        assert_eq!(advise(&staff, &c, 10), Err(Denied::Forbidden));
        assert_eq!(report_back(&staff, &c), Ok(()));
        assert_eq!(report_back(&asked, &c), Err(Denied::Forbidden));
        assert_eq!(view(&other_zone, &c), Err(Denied::NotFound));
        assert_eq!(ask(&other_zone, 1), Err(Denied::NotFound));
        assert_eq!(ask(&asked, 1), Err(Denied::Forbidden));
        assert_eq!(ask(&staff, 1), Ok(()));
    }
}
