//! What waits for a person when they sign in, per zone: for a panel member the steps asked of
//! them (co-sign, send their draft, confirm minutes, answer a question, agree to close or object,
//! write an advice) and their panels' items with whose turn it is; for staff what is late and due
//! this week; for a council member the next meeting and what is late and on no agenda.

use crate::app::App;
use crate::db::home::{self as db, OwedAdvice, PanelItem};
use crate::domain::policy::{Principal, Role};
use crate::error::AppResult;
use crate::service::deadlines::{self, DueEntry};
use crate::service::zones::Membership;

/// A step asked of the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ask {
    Cosign,
    Submit,
    ConfirmMinutes,
    Clarify,
    ReplyClosure,
}

impl Ask {
    pub fn as_str(self) -> &'static str {
        match self {
            Ask::Cosign => "cosign",
            Ask::Submit => "submit",
            Ask::ConfirmMinutes => "confirm-minutes",
            Ask::Clarify => "clarify",
            Ask::ReplyClosure => "reply-closure",
        }
    }
}

/// What one item of the person's panel asks of them, if anything.
pub fn ask_of(item: &PanelItem, user_id: i64) -> Option<Ask> {
    let own = item.author_id == user_id;
    match item.status.as_str() {
        "draft" if own => Some(Ask::Submit),
        "draft" if !item.cosigned => Some(Ask::Cosign),
        "clarification-requested" => Some(Ask::Clarify),
        "closure-proposed" => Some(Ask::ReplyClosure),
        _ if item.minutes_open => Some(Ask::ConfirmMinutes),
        _ => None,
    }
}

pub struct ZoneHome {
    pub membership: Membership,
    pub items: Vec<PanelItem>,
    pub advices: Vec<OwedAdvice>,
    /// Staff, council and administrators: what is late and due this week, the next meeting.
    pub overview: Option<deadlines::Overview>,
    /// Council: late and on no meeting's agenda yet.
    pub unscheduled: Vec<DueEntry>,
}

#[tracing::instrument(name = "home::for_person", level = "debug", skip_all)]
pub async fn for_person(app: &App, p: &Principal) -> AppResult<Vec<ZoneHome>> {
    let mut out = vec![];
    for membership in super::zones::memberships(app, p).await? {
        let zone_id = membership.zone.id;
        let (items, advices) = if membership.panels.is_empty() {
            (vec![], vec![])
        } else {
            let mut c = app.db.conn().await?;
            (
                db::panel_items(&mut c.ex(), p.user_id, zone_id).await?,
                db::owed_advices(&mut c.ex(), p.user_id, zone_id).await?,
            )
        };
        let zone_side = [Role::Staff, Role::Council, Role::Admin]
            .iter()
            .any(|r| p.has_role(zone_id, *r));
        let overview = if zone_side {
            Some(deadlines::overview(app, p, &membership.zone.code).await?)
        } else {
            None
        };
        let unscheduled = overview
            .as_ref()
            .map(|o| o.overdue.iter().filter(|e| !e.scheduled).cloned().collect())
            .unwrap_or_default();
        out.push(ZoneHome {
            membership,
            items,
            advices,
            overview,
            unscheduled,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(status: &str, author: i64, cosigned: bool, minutes_open: bool) -> PanelItem {
        PanelItem {
            id: 1,
            reference: "R".into(),
            title: "T".into(),
            status: status.into(),
            panel_name: "P".into(),
            author_id: author,
            closure_due: None,
            updated_at: chrono::Utc::now(),
            cosigned,
            minutes_open,
        }
    }

    #[test]
    fn each_state_asks_the_right_step_of_the_right_person() {
        assert_eq!(
            ask_of(&item("draft", 7, false, false), 7),
            Some(Ask::Submit)
        );
        assert_eq!(
            ask_of(&item("draft", 7, false, false), 8),
            Some(Ask::Cosign)
        );
        assert_eq!(ask_of(&item("draft", 7, true, false), 8), None);
        assert_eq!(
            ask_of(&item("scheduled", 7, false, true), 8),
            Some(Ask::ConfirmMinutes)
        );
        assert_eq!(
            ask_of(&item("closure-proposed", 7, false, true), 8),
            Some(Ask::ReplyClosure)
        );
        assert_eq!(
            ask_of(&item("clarification-requested", 7, false, false), 7),
            Some(Ask::Clarify)
        );
        assert_eq!(ask_of(&item("acknowledged", 7, false, false), 7), None);
    }
}
