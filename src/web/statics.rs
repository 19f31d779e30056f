//! Static files (styles, the session script, the icon) from the binary or `static_dir`: with a
//! version in the link (`?v=<hash>`) they are cached for a year; without one, browsers ask again
//! and get 304 while the file is unchanged.

use crate::assets::StaticFiles;
use rocket::http::{ContentType, Header, Status};
use rocket::request::{FromRequest, Outcome, Request};
use rocket::response::{self, Responder, Response};
use rocket::{get, routes, State};
use std::io::Cursor;
use std::path::PathBuf;
use std::sync::Arc;

pub fn routes() -> Vec<rocket::Route> {
    routes![file, favicon]
}

/// The `If-None-Match` a browser sends with what it has.
pub struct IfNoneMatch(Option<String>);

#[rocket::async_trait]
impl<'r> FromRequest<'r> for IfNoneMatch {
    type Error = ();
    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, ()> {
        Outcome::Success(IfNoneMatch(
            req.headers().get_one("If-None-Match").map(str::to_string),
        ))
    }
}

pub struct StaticFile {
    body: Option<&'static [u8]>,
    owned: Option<Vec<u8>>,
    content_type: ContentType,
    etag: String,
    immutable: bool,
}

impl<'r> Responder<'r, 'static> for StaticFile {
    fn respond_to(self, _: &'r Request<'_>) -> response::Result<'static> {
        let cache = if self.immutable {
            "public, max-age=31536000, immutable"
        } else {
            "public, max-age=0, must-revalidate"
        };
        let mut b = Response::build();
        b.header(Header::new("ETag", self.etag))
            .header(Header::new("Cache-Control", cache));
        match (self.body, self.owned) {
            (Some(bytes), _) => {
                b.header(self.content_type)
                    .sized_body(bytes.len(), Cursor::new(bytes));
            }
            (None, Some(bytes)) => {
                b.header(self.content_type)
                    .sized_body(bytes.len(), Cursor::new(bytes));
            }
            // Unchanged since the browser's copy.
            (None, None) => {
                b.status(Status::NotModified);
            }
        }
        b.ok()
    }
}

fn serve(
    files: &StaticFiles,
    name: &str,
    version: Option<&str>,
    inm: &IfNoneMatch,
) -> Option<StaticFile> {
    let asset = files.get(name)?;
    let etag = format!("\"{}\"", asset.hash);
    let content_type = name
        .rsplit_once('.')
        .and_then(|(_, ext)| ContentType::from_extension(ext))
        .unwrap_or(ContentType::Binary);
    let unchanged = inm
        .0
        .as_deref()
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    let (body, owned) = match (&asset.bytes, unchanged) {
        (_, true) => (None, None),
        (std::borrow::Cow::Borrowed(b), false) => (Some(*b), None),
        (std::borrow::Cow::Owned(v), false) => (None, Some(v.clone())),
    };
    Some(StaticFile {
        body,
        owned,
        content_type,
        immutable: version == Some(asset.hash.as_str()),
        etag,
    })
}

#[get("/static/<path..>?<v>", rank = 20)]
fn file(
    path: PathBuf,
    v: Option<&str>,
    files: &State<Arc<StaticFiles>>,
    inm: IfNoneMatch,
) -> Option<StaticFile> {
    let name = path.to_string_lossy().replace('\\', "/");
    serve(files, &name, v, &inm)
}

/// Browsers ask for it on every site; an SVG icon answers.
#[get("/favicon.ico")]
fn favicon(files: &State<Arc<StaticFiles>>, inm: IfNoneMatch) -> Option<StaticFile> {
    serve(files, "favicon.svg", None, &inm)
}
