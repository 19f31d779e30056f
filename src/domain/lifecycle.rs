//! The item lifecycle: which moves exist, from which states, and for whom.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ItemKind {
    Proposal,
    Question,
    Signal,
}

impl ItemKind {
    pub const ALL: [ItemKind; 3] = [ItemKind::Proposal, ItemKind::Question, ItemKind::Signal];

    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Proposal => "proposal",
            ItemKind::Question => "question",
            ItemKind::Signal => "signal",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        // The Dutch words are accepted too: they are what panels say.
        match s {
            "proposal" | "voorstel" => Some(ItemKind::Proposal),
            "question" | "vraag" => Some(ItemKind::Question),
            "signal" | "signaal" => Some(ItemKind::Signal),
            _ => None,
        }
    }
}

/// Where an item is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
#[schema(as = ItemStatus)]
pub enum Status {
    Draft,
    Submitted,
    Acknowledged,
    ClarificationRequested,
    Scheduled,
    Postponed,
    Decided,
    InFollowUp,
    ClosureProposed,
    Closed,
    Withdrawn,
}

impl Status {
    pub const ALL: [Status; 11] = [
        Status::Draft,
        Status::Submitted,
        Status::Acknowledged,
        Status::ClarificationRequested,
        Status::Scheduled,
        Status::Postponed,
        Status::Decided,
        Status::InFollowUp,
        Status::ClosureProposed,
        Status::Closed,
        Status::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Submitted => "submitted",
            Status::Acknowledged => "acknowledged",
            Status::ClarificationRequested => "clarification-requested",
            Status::Scheduled => "scheduled",
            Status::Postponed => "postponed",
            Status::Decided => "decided",
            Status::InFollowUp => "in-follow-up",
            Status::ClosureProposed => "closure-proposed",
            Status::Closed => "closed",
            Status::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Status::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// Whether the text is still a draft the panel can edit.
    pub fn is_draft(self) -> bool {
        self == Status::Draft
    }

    /// Whether the item is waiting on staff or the council (a deadline runs).
    pub fn waits_on_council(self) -> bool {
        matches!(
            self,
            Status::Submitted | Status::Acknowledged | Status::Scheduled | Status::Postponed
        )
    }

    pub fn is_final(self) -> bool {
        matches!(self, Status::Closed | Status::Withdrawn)
    }
}

/// Who is acting, as far as the lifecycle cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    /// A member of the item's panel.
    PanelMember,
    /// ELZ staff of the item's zone.
    Staff,
    /// The platform itself (scheduled jobs).
    System,
}

/// A move of an item from one state to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Move {
    Submit,
    Acknowledge,
    RequestClarification,
    AnswerClarification,
    Schedule,
    Decide,
    StartFollowUp,
    ProposeClosure,
    ConfirmClosure,
    ObjectClosure,
    AutoClose,
    Withdraw,
    Reopen,
}

impl Move {
    pub fn as_str(self) -> &'static str {
        match self {
            Move::Submit => "submit",
            Move::Acknowledge => "acknowledge",
            Move::RequestClarification => "request-clarification",
            Move::AnswerClarification => "answer-clarification",
            Move::Schedule => "schedule",
            Move::Decide => "decide",
            Move::StartFollowUp => "start-follow-up",
            Move::ProposeClosure => "propose-closure",
            Move::ConfirmClosure => "confirm-closure",
            Move::ObjectClosure => "object-closure",
            Move::AutoClose => "auto-close",
            Move::Withdraw => "withdraw",
            Move::Reopen => "reopen",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        use Move::*;
        [
            Submit,
            Acknowledge,
            RequestClarification,
            AnswerClarification,
            Schedule,
            Decide,
            StartFollowUp,
            ProposeClosure,
            ConfirmClosure,
            ObjectClosure,
            AutoClose,
            Withdraw,
            Reopen,
        ]
        .into_iter()
        .find(|m| m.as_str() == s)
    }

    /// Who may make this move.
    pub fn actor(self) -> Actor {
        match self {
            Move::Submit
            | Move::AnswerClarification
            | Move::ConfirmClosure
            | Move::ObjectClosure
            | Move::Withdraw
            | Move::Reopen => Actor::PanelMember,
            Move::Acknowledge
            | Move::RequestClarification
            | Move::Schedule
            | Move::Decide
            | Move::StartFollowUp
            | Move::ProposeClosure => Actor::Staff,
            Move::AutoClose => Actor::System,
        }
    }
}

/// Why a move is refused; the web layer turns it into a 409 with a plain message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MoveError {
    #[error("this move is not possible in the item's current state")]
    WrongState,
    #[error("this move is for someone else")]
    WrongActor,
}

/// Extra state a few moves need: where to return after clarification or an objection, and the
/// outcome of a decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MoveContext {
    pub return_to: Option<Status>,
    pub postponed: bool,
}

/// The state an item is in after `mv`, or why not.
pub fn apply(from: Status, mv: Move, actor: Actor, ctx: MoveContext) -> Result<Status, MoveError> {
    if mv.actor() != actor {
        return Err(MoveError::WrongActor);
    }
    use Status::*;
    let to = match (mv, from) {
        (Move::Submit, Draft) => Submitted,
        (Move::Acknowledge, Submitted) => Acknowledged,
        (Move::RequestClarification, Submitted | Acknowledged | Scheduled | Postponed) => {
            ClarificationRequested
        }
        (Move::AnswerClarification, ClarificationRequested) => ctx.return_to.unwrap_or(Submitted),
        (Move::Schedule, Acknowledged | Scheduled | Postponed) => Scheduled,
        (Move::Decide, Acknowledged | Scheduled | Postponed) => {
            if ctx.postponed {
                Postponed
            } else {
                Decided
            }
        }
        (Move::StartFollowUp, Decided) => InFollowUp,
        (Move::ProposeClosure, Decided | InFollowUp) => ClosureProposed,
        (Move::ConfirmClosure | Move::AutoClose, ClosureProposed) => Closed,
        (Move::ObjectClosure, ClosureProposed) => ctx.return_to.unwrap_or(Decided),
        (
            Move::Withdraw,
            Draft | Submitted | Acknowledged | ClarificationRequested | Scheduled | Postponed,
        ) => Withdrawn,
        (Move::Reopen, Closed) => Acknowledged,
        _ => return Err(MoveError::WrongState),
    };
    Ok(to)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn go(from: Status, mv: Move) -> Result<Status, MoveError> {
        apply(from, mv, mv.actor(), MoveContext::default())
    }

    #[test]
    fn the_main_road() {
        let mut s = Status::Draft;
        for mv in [
            Move::Submit,
            Move::Acknowledge,
            Move::Schedule,
            Move::Decide,
            Move::StartFollowUp,
            Move::ProposeClosure,
            Move::ConfirmClosure,
        ] {
            s = go(s, mv).unwrap();
        }
        assert_eq!(s, Status::Closed);
        assert_eq!(go(s, Move::Reopen), Ok(Status::Acknowledged));
    }

    #[test]
    fn roles_are_enforced() {
        assert_eq!(
            apply(
                Status::Submitted,
                Move::Acknowledge,
                Actor::PanelMember,
                MoveContext::default()
            ),
            Err(MoveError::WrongActor)
        );
        assert_eq!(
            apply(
                Status::Draft,
                Move::Submit,
                Actor::Staff,
                MoveContext::default()
            ),
            Err(MoveError::WrongActor)
        );
    }

    #[test]
    fn no_withdrawal_after_a_decision() {
        assert_eq!(
            go(Status::Decided, Move::Withdraw),
            Err(MoveError::WrongState)
        );
        assert_eq!(go(Status::Scheduled, Move::Withdraw), Ok(Status::Withdrawn));
    }

    #[test]
    fn clarification_returns_where_it_came_from() {
        let ctx = MoveContext {
            return_to: Some(Status::Scheduled),
            postponed: false,
        };
        assert_eq!(
            apply(
                Status::ClarificationRequested,
                Move::AnswerClarification,
                Actor::PanelMember,
                ctx
            ),
            Ok(Status::Scheduled)
        );
    }

    #[test]
    fn postponement_is_its_own_state() {
        let ctx = MoveContext {
            return_to: None,
            postponed: true,
        };
        assert_eq!(
            apply(Status::Scheduled, Move::Decide, Actor::Staff, ctx),
            Ok(Status::Postponed)
        );
        assert_eq!(go(Status::Postponed, Move::Schedule), Ok(Status::Scheduled));
    }

    #[test]
    fn no_double_submit() {
        assert_eq!(
            go(Status::Submitted, Move::Submit),
            Err(MoveError::WrongState)
        );
    }

    #[test]
    fn names_round_trip() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(s));
        }
        for k in ItemKind::ALL {
            assert_eq!(ItemKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(
            Move::parse("request-clarification"),
            Some(Move::RequestClarification)
        );
    }
}
