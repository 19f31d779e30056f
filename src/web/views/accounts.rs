//! Accounts, zones and panels: the caller, and what administrators create.

use super::{Panel, ZoneRef};
use crate::db::people::User;
use crate::db::zones;
use crate::service::zones::Membership as Member;
use serde::Serialize;
use utoipa::ToSchema;

/// A new API token.
#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct Token {
    /// Send it as `Authorization: Bearer <token>`. Shown only here.
    pub token: String,
}

#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct Zone {
    pub id: i64,
    pub code: String,
    pub name: String,
}

impl From<&zones::Zone> for Zone {
    fn from(z: &zones::Zone) -> Self {
        Zone {
            id: z.id,
            code: z.code.clone(),
            name: z.name.clone(),
        }
    }
}

impl From<&zones::Panel> for Panel {
    fn from(p: &zones::Panel) -> Self {
        Panel {
            id: p.id,
            slug: p.slug.clone(),
            name: p.name.clone(),
            kind: p.kind.clone(),
        }
    }
}

#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct Membership {
    pub zone: ZoneRef,
    #[schema(value_type = Vec<crate::domain::policy::Role>)]
    pub roles: Vec<&'static str>,
    /// The panels the caller is a member of in this zone.
    pub panels: Vec<Panel>,
}

/// The caller.
#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct Me {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub platform_admin: bool,
    /// `nl`, `fr` or `en`.
    pub locale: String,
    pub memberships: Vec<Membership>,
}

pub fn me(user: &User, memberships: &[Member]) -> Me {
    Me {
        id: user.id,
        email: user.email.clone(),
        name: user.display_name.clone(),
        platform_admin: user.is_platform_admin,
        locale: user.locale.clone(),
        memberships: memberships
            .iter()
            .map(|m| Membership {
                zone: ZoneRef {
                    code: m.zone.code.clone(),
                    name: m.zone.name.clone(),
                },
                roles: m.roles.clone(),
                panels: m.panels.iter().map(Panel::from).collect(),
            })
            .collect(),
    }
}

/// An invitation sent; the link is also mailed.
#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct IssuedInvitation {
    pub id: i64,
    pub token: String,
    pub accept_url: String,
}

#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct AccountRef {
    pub id: i64,
    pub email: String,
    pub name: String,
}

/// The account made by accepting an invitation.
#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct NewAccount {
    pub user: AccountRef,
}

impl From<&User> for NewAccount {
    fn from(u: &User) -> Self {
        NewAccount {
            user: AccountRef {
                id: u.id,
                email: u.email.clone(),
                name: u.display_name.clone(),
            },
        }
    }
}
