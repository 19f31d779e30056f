//! Who may do what to which object: the one place where access is decided.
//!
//! Every answer is scoped per zone. Someone with no standing in an object's zone is told the
//! object does not exist (`Denied::NotFound`), never that it is forbidden: that would leak that it
//! exists.

use super::lifecycle::{Actor, Move, Status};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    Citizen,
    Staff,
    Council,
    Admin,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Citizen, Role::Staff, Role::Council, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Citizen => "citizen",
            Role::Staff => "staff",
            Role::Council => "council",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "citizen" | "burger" => Some(Role::Citizen),
            "staff" | "medewerker" => Some(Role::Staff),
            "council" | "council-member" | "zorgraad" => Some(Role::Council),
            "admin" | "zone-admin" | "beheerder" => Some(Role::Admin),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum PanelKind {
    Burgerplatform,
    PzonCluster,
    Klankbordgroep,
}

impl PanelKind {
    pub const ALL: [PanelKind; 3] = [
        PanelKind::Burgerplatform,
        PanelKind::PzonCluster,
        PanelKind::Klankbordgroep,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PanelKind::Burgerplatform => "burgerplatform",
            PanelKind::PzonCluster => "pzon-cluster",
            PanelKind::Klankbordgroep => "klankbordgroep",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        PanelKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One person's standing in one zone ([`Principal::standing_in`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Standing {
    pub platform_admin: bool,
    pub roles: Vec<Role>,
    pub panels: Vec<i64>,
}

/// The person asking, with their standing in every zone.
#[derive(Debug, Clone, Default)]
pub struct Principal {
    pub user_id: i64,
    pub platform_admin: bool,
    /// (zone id, role)
    pub roles: Vec<(i64, Role)>,
    /// (panel id, zone id)
    pub panels: Vec<(i64, i64)>,
}

impl Principal {
    pub fn has_role(&self, zone_id: i64, role: Role) -> bool {
        self.roles.iter().any(|&(z, r)| z == zone_id && r == role)
    }

    pub fn in_zone(&self, zone_id: i64) -> bool {
        self.roles.iter().any(|&(z, _)| z == zone_id)
    }

    pub fn in_panel(&self, panel_id: i64) -> bool {
        self.panels.iter().any(|&(p, _)| p == panel_id)
    }

    /// Everything that decides what this person may see and do in one zone: two people with the
    /// same standing see the same zone pages (`web::kept_page` keeps them under it).
    pub fn standing_in(&self, zone_id: i64) -> Standing {
        let mut roles: Vec<Role> = self
            .roles
            .iter()
            .filter(|&&(z, _)| z == zone_id)
            .map(|&(_, r)| r)
            .collect();
        roles.sort_unstable_by_key(|r| r.as_str());
        roles.dedup();
        let mut panels: Vec<i64> = self
            .panels
            .iter()
            .filter(|&&(_, z)| z == zone_id)
            .map(|&(p, _)| p)
            .collect();
        panels.sort_unstable();
        Standing {
            platform_admin: self.platform_admin,
            roles,
            panels,
        }
    }

    pub fn zone_ids(&self) -> Vec<i64> {
        let mut z: Vec<i64> = self.roles.iter().map(|&(z, _)| z).collect();
        z.sort_unstable();
        z.dedup();
        z
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Denied {
    /// The object does not exist for this person (another zone, a draft of another panel).
    NotFound,
    /// The person can see the object but may not do this.
    Forbidden,
}

pub type Decision = Result<(), Denied>;

fn allow_if(cond: bool, otherwise: Denied) -> Decision {
    if cond {
        Ok(())
    } else {
        Err(otherwise)
    }
}

/// What the policy needs to know about an item.
#[derive(Debug, Clone, Copy)]
pub struct ItemFacts {
    pub zone_id: i64,
    pub panel_id: i64,
    pub author_id: i64,
    pub status: Status,
    pub is_public: bool,
}

/// The zone as a whole: its member lists, settings and overview.
pub fn view_zone(p: &Principal, zone_id: i64) -> Decision {
    allow_if(p.in_zone(zone_id), Denied::NotFound)
}

/// Creating zones is for platform administrators.
pub fn create_zone(p: &Principal) -> Decision {
    allow_if(p.platform_admin, Denied::Forbidden)
}

/// Panels, settings and invitations of a zone: its administrators. A platform administrator may
/// invite (to name a new zone's first administrator) but does not see the zone's items.
pub fn manage_zone(p: &Principal, zone_id: i64) -> Decision {
    if p.has_role(zone_id, Role::Admin) || p.platform_admin {
        Ok(())
    } else if p.in_zone(zone_id) {
        Err(Denied::Forbidden)
    } else {
        Err(Denied::NotFound)
    }
}

/// Bringing in an item for a panel: its members.
pub fn create_item(p: &Principal, zone_id: i64, panel_id: i64) -> Decision {
    if p.in_panel(panel_id) {
        Ok(())
    } else if p.in_zone(zone_id) {
        Err(Denied::Forbidden)
    } else {
        Err(Denied::NotFound)
    }
}

/// Reading an item and its timeline. A draft is the panel's alone; once submitted, the whole zone
/// sees it, and anyone if the panel made it public.
pub fn view_item(p: &Principal, item: &ItemFacts) -> Decision {
    if p.in_panel(item.panel_id) {
        return Ok(());
    }
    if item.status.is_draft() {
        return Err(Denied::NotFound);
    }
    allow_if(p.in_zone(item.zone_id) || item.is_public, Denied::NotFound)
}

fn panel_action(p: &Principal, item: &ItemFacts, allowed_now: bool) -> Decision {
    view_item(p, item)?;
    allow_if(p.in_panel(item.panel_id) && allowed_now, Denied::Forbidden)
}

/// Changing a draft's words: its author, while it is a draft.
pub fn edit_draft(p: &Principal, item: &ItemFacts) -> Decision {
    view_item(p, item)?;
    allow_if(
        item.status.is_draft() && item.author_id == p.user_id,
        Denied::Forbidden,
    )
}

/// Co-signing: other members of the panel, before the item is closed or withdrawn.
pub fn cosign(p: &Principal, item: &ItemFacts) -> Decision {
    panel_action(
        p,
        item,
        !item.status.is_final() && item.author_id != p.user_id,
    )
}

/// An addendum beside the frozen text: members of the panel, after submission.
pub fn add_addendum(p: &Principal, item: &ItemFacts) -> Decision {
    panel_action(
        p,
        item,
        !item.status.is_draft() && item.status != Status::Withdrawn,
    )
}

/// Reacting in one's own words: members of the panel, after submission.
pub fn react(p: &Principal, item: &ItemFacts) -> Decision {
    add_addendum(p, item)
}

/// Making a lifecycle move: the role the move belongs to, in the item's zone. Whether the move
/// fits the item's state is the lifecycle's call, not the policy's.
pub fn make_move(p: &Principal, item: &ItemFacts, mv: Move) -> Decision {
    view_item(p, item)?;
    let ok = match mv.actor() {
        Actor::PanelMember => p.in_panel(item.panel_id),
        Actor::Staff => p.has_role(item.zone_id, Role::Staff),
        Actor::System => false,
    };
    allow_if(ok, Denied::Forbidden)
}

/// Sending a draft to the council is the author's own step: the words are theirs, and so is the
/// moment they are frozen. Other panel members co-sign.
pub fn submit_draft(p: &Principal, item: &ItemFacts) -> Decision {
    make_move(p, item, Move::Submit)?;
    allow_if(p.user_id == item.author_id, Denied::Forbidden)
}

/// Signals from beyond the panel (open intake): the zone's staff, council, administrators and
/// panel members read them, triage them and record one heard elsewhere. Someone else of the zone
/// is refused; another zone is told they do not exist. An anonymous sender reaches only their
/// own signal, through its private link, which is not a question for the policy.
pub fn signals(p: &Principal, zone_id: i64) -> Decision {
    let role = [Role::Staff, Role::Council, Role::Admin]
        .iter()
        .any(|r| p.has_role(zone_id, *r));
    let panel = p.panels.iter().any(|&(_, z)| z == zone_id);
    if role || panel {
        Ok(())
    } else if p.in_zone(zone_id) {
        Err(Denied::Forbidden)
    } else {
        Err(Denied::NotFound)
    }
}

/// Adopting a signal as a new item of a panel: a member of that panel, or the zone's staff (who
/// bring it to the panel that fits, as a supporter would).
pub fn adopt_signal_into(p: &Principal, zone_id: i64, panel_id: i64) -> Decision {
    signals(p, zone_id)?;
    allow_if(
        p.in_panel(panel_id) || p.has_role(zone_id, Role::Staff),
        Denied::Forbidden,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const ZONE_A: i64 = 1;
    const ZONE_B: i64 = 2;
    const PANEL_A1: i64 = 10;
    const PANEL_A2: i64 = 11;

    fn citizen_a1() -> Principal {
        Principal {
            user_id: 100,
            platform_admin: false,
            roles: vec![(ZONE_A, Role::Citizen)],
            panels: vec![(PANEL_A1, ZONE_A)],
        }
    }

    fn staff(zone: i64) -> Principal {
        Principal {
            user_id: 200,
            platform_admin: false,
            roles: vec![(zone, Role::Staff)],
            panels: vec![],
        }
    }

    fn item(status: Status) -> ItemFacts {
        ItemFacts {
            zone_id: ZONE_A,
            panel_id: PANEL_A1,
            author_id: 100,
            status,
            is_public: false,
        }
    }

    #[test]
    fn drafts_are_the_panels_alone() {
        let draft = item(Status::Draft);
        assert_eq!(view_item(&citizen_a1(), &draft), Ok(()));
        assert_eq!(view_item(&staff(ZONE_A), &draft), Err(Denied::NotFound));
        let other_panel = Principal {
            panels: vec![(PANEL_A2, ZONE_A)],
            ..citizen_a1()
        };
        assert_eq!(view_item(&other_panel, &draft), Err(Denied::NotFound));
    }

    #[test]
    fn other_zones_see_nothing() {
        let submitted = item(Status::Submitted);
        assert_eq!(view_item(&staff(ZONE_B), &submitted), Err(Denied::NotFound));
        assert_eq!(
            make_move(&staff(ZONE_B), &submitted, Move::Acknowledge),
            Err(Denied::NotFound)
        );
        assert_eq!(manage_zone(&staff(ZONE_B), ZONE_A), Err(Denied::NotFound));
        assert_eq!(view_item(&staff(ZONE_A), &submitted), Ok(()));
    }

    #[test]
    fn platform_admin_does_not_read_items() {
        let admin = Principal {
            user_id: 1,
            platform_admin: true,
            ..Default::default()
        };
        assert_eq!(
            view_item(&admin, &item(Status::Submitted)),
            Err(Denied::NotFound)
        );
        assert_eq!(create_zone(&admin), Ok(()));
        assert_eq!(create_zone(&staff(ZONE_A)), Err(Denied::Forbidden));
    }

    #[test]
    fn only_the_author_edits_and_only_drafts() {
        assert_eq!(edit_draft(&citizen_a1(), &item(Status::Draft)), Ok(()));
        assert_eq!(
            edit_draft(&citizen_a1(), &item(Status::Submitted)),
            Err(Denied::Forbidden)
        );
        let co = Principal {
            user_id: 101,
            ..citizen_a1()
        };
        assert_eq!(
            edit_draft(&co, &item(Status::Draft)),
            Err(Denied::Forbidden)
        );
        assert_eq!(cosign(&co, &item(Status::Draft)), Ok(()));
        assert_eq!(
            cosign(&citizen_a1(), &item(Status::Draft)),
            Err(Denied::Forbidden)
        );
    }

    #[test]
    fn moves_follow_roles() {
        let it = item(Status::Submitted);
        assert_eq!(make_move(&staff(ZONE_A), &it, Move::Acknowledge), Ok(()));
        assert_eq!(
            make_move(&citizen_a1(), &it, Move::Acknowledge),
            Err(Denied::Forbidden)
        );
        assert_eq!(make_move(&citizen_a1(), &it, Move::Withdraw), Ok(()));
        assert_eq!(
            make_move(&staff(ZONE_A), &it, Move::Withdraw),
            Err(Denied::Forbidden)
        );
    }

    #[test]
    fn addenda_after_submission_only() {
        assert_eq!(
            add_addendum(&citizen_a1(), &item(Status::Draft)),
            Err(Denied::Forbidden)
        );
        assert_eq!(
            add_addendum(&citizen_a1(), &item(Status::Submitted)),
            Ok(())
        );
        assert_eq!(
            add_addendum(&staff(ZONE_A), &item(Status::Submitted)),
            Err(Denied::Forbidden)
        );
    }
}
