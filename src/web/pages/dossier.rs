//! An item's dossier: a printable page (A4, `static/print.css`) and its JSON download.

use crate::app::App;
use crate::service::dossier;
use crate::web::guards::MaybeUser;
use crate::web::page::{Ctx, PageResult};
use crate::web::template::Template;
use crate::web::views;
use rocket::http::{ContentType, Header};
use rocket::response::{self, Responder, Response};
use rocket::{get, routes, Request, State};
use serde::Serialize;
use std::io::Cursor;

pub fn routes() -> Vec<rocket::Route> {
    routes![dossier_page, dossier_download]
}

/// The name of the downloaded file: the reference (letters, digits, dashes) and `-dossier.json`.
fn file_name(reference: &str) -> String {
    let safe: String = reference
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    format!("{safe}-dossier.json")
}

/// What the page says about the proof in the download: the zone's head, and which events.
#[derive(Serialize)]
struct ProofSummary<'a> {
    zone: &'a str,
    head_seq: i64,
    head: &'a str,
    from_seq: Option<i64>,
    events: usize,
    file: String,
}

/// Where the item and its download live.
#[derive(Serialize)]
struct DossierUrls {
    base: String,
    item: String,
    json: String,
}

/// The printable dossier.
#[derive(Serialize)]
struct DossierPage<'a> {
    item: views::item_detail::ItemDetail,
    events: Vec<views::timeline::TimelineEvent>,
    generated_at: String,
    proof: ProofSummary<'a>,
    urls: DossierUrls,
}

#[get("/items/<id>/dossier")]
async fn dossier_page(
    ctx: Ctx,
    user: MaybeUser,
    app: &State<App>,
    id: i64,
) -> PageResult<Template> {
    let d = dossier::dossier(app, &user.reader(), id)
        .await
        .map_err(|e| user.or_sign_in(e))?;
    let base = app.base_url();
    let file = file_name(&d.detail.item.reference);
    let proof = ProofSummary {
        zone: &d.proof.zone.code,
        head_seq: d.proof.head.seq,
        head: &d.proof.head.hash,
        from_seq: d.proof.events.first().map(|e| e.seq),
        events: d.proof.events.len(),
        file,
    };
    Ok(ctx.render(
        "dossier",
        DossierPage {
            item: views::item_full(&d.detail),
            events: views::timeline(&d.timeline),
            generated_at: views::ts(d.generated_at),
            proof,
            urls: DossierUrls {
                base,
                item: app.link(&format!("/items/{id}")),
                json: app.link(&format!("/items/{id}/dossier.json")),
            },
        },
    ))
}

/// A JSON file to save, not to show.
pub struct Download {
    name: String,
    body: String,
}

impl<'r> Responder<'r, 'static> for Download {
    fn respond_to(self, _: &'r Request<'_>) -> response::Result<'static> {
        Response::build()
            .header(ContentType::JSON)
            .header(Header::new(
                "Content-Disposition",
                format!("attachment; filename=\"{}\"", self.name),
            ))
            .sized_body(self.body.len(), Cursor::new(self.body))
            .ok()
    }
}

#[get("/items/<id>/dossier.json")]
async fn dossier_download(user: MaybeUser, app: &State<App>, id: i64) -> PageResult<Download> {
    let d = dossier::dossier(app, &user.reader(), id)
        .await
        .map_err(|e| user.or_sign_in(e))?;
    let body = serde_json::to_string_pretty(&crate::web::views::dossier::dossier(&d))
        .map_err(|e| crate::error::AppError::Internal(e.to_string()))?;
    Ok(Download {
        name: file_name(&d.detail.item.reference),
        body,
    })
}
