//! Server-rendered pages. Routes are thin: parse, call a service, render or redirect.

pub mod account;
pub mod admin;
pub mod agenda;
pub mod api_docs;
pub mod calendars;
pub mod checkpoints;
pub mod consultations;
pub mod dossier;
pub mod exports;
pub mod guided;
pub mod home;
pub mod inbox;
pub mod inclusive;
pub mod item_form;
pub mod items;
pub mod my_account;
pub mod privacy;
pub mod report;
pub mod search;
pub mod side_by_side;
pub mod sign_in;
pub mod signals;
pub mod zones;

use super::page::Ctx;
use super::views::timeline::TimelineEvent;
use rocket::response::{Flash, Redirect};
use serde::Serialize;

pub fn routes() -> Vec<rocket::Route> {
    let mut r = vec![];
    r.extend(home::routes());
    r.extend(api_docs::routes());
    r.extend(account::routes());
    r.extend(sign_in::routes());
    r.extend(my_account::routes());
    r.extend(admin::routes());
    r.extend(zones::routes());
    r.extend(side_by_side::routes());
    r.extend(checkpoints::routes());
    r.extend(search::routes());
    r.extend(items::routes());
    r.extend(report::routes());
    r.extend(exports::routes());
    r.extend(agenda::routes());
    r.extend(consultations::routes());
    r.extend(inbox::routes());
    r.extend(guided::routes());
    r.extend(inclusive::routes());
    r.extend(signals::routes());
    r.extend(dossier::routes());
    r.extend(calendars::routes());
    r.extend(privacy::routes());
    r
}

/// Redirects with a short message shown on the next page.
pub fn done(ctx: &Ctx, to: String, key: &str, args: &[(&str, &str)]) -> Flash<Redirect> {
    Flash::success(Redirect::to(to), ctx.tr_args(key, args))
}

/// The timeline page of an item or a consultation.
#[derive(Serialize)]
pub struct TimelinePage {
    pub subject: TimelineSubject,
    pub events: Vec<TimelineEvent>,
}

/// What the timeline is of, and the way back to it.
#[derive(Serialize)]
pub struct TimelineSubject {
    /// `item` or `consultation`.
    pub r#type: &'static str,
    pub reference: String,
    pub title: String,
    pub back: String,
}

/// One status in a list's filter.
#[derive(Serialize)]
pub struct StatusChoice {
    pub value: &'static str,
    pub selected: bool,
}
