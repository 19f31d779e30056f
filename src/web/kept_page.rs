//! Pages whose own part is the same for everyone who may see them, rendered once per version of
//! the zone's history and kept (`crate::memo`): an item's timeline, the zone page, the overview,
//! the report and the public page. A request then renders only the layout around the kept part
//! (its person's name, form token and reading choices), and skips the reads that part needs.
//!
//! What makes a part the same for everyone is the page's to say, in its key: the zone, the
//! item, the reader's standing in the zone, the period, the day; the language is always in it.
//! The version is the zone's chain length, read before the part is built; the part is built
//! with `memo::fresh`, so none of its pieces is older than that version.

use super::page::{object_of, Ctx};
use super::template::{Body, Keep, Template};
use crate::app::App;
use crate::memo::{self, Kind};
use serde::Serialize;
use serde_json::Value;
use std::future::Future;

/// The kept parts of pages.
struct KeptBodies;

impl Kind for KeptBodies {
    type Key = BodyKey;
    type Value = Body;
    const NAME: &'static str = "page_body";
    /// About 20 KB each: at most some 20 MB.
    const CAPACITY: usize = 1024;
}

#[derive(PartialEq, Eq, Hash)]
struct BodyKey {
    page: &'static str,
    lang: &'static str,
    /// What the part shows, as the page names it (`"12/2/2025-01-01/2025-12-31/2026-12-04"`).
    of: String,
}

/// The page's own part on top of the base context's language (the `t` helper reads it) and an
/// empty set of errors (the form partials read it).
#[derive(Serialize)]
struct BodyBase {
    lang: &'static str,
    errors: Option<()>,
}

#[derive(Serialize)]
struct KeptPage<'a> {
    kept: &'a Body,
}

impl Ctx {
    /// Page `page` with its own part kept under `of` at `version`: from the memo when it holds
    /// it, else built by `build`, rendered, kept and shown.
    pub async fn render_kept<C, E, F>(
        &self,
        app: &App,
        page: &'static str,
        of: String,
        version: i64,
        build: F,
    ) -> Result<Template, E>
    where
        C: Serialize,
        F: Future<Output = Result<C, E>>,
    {
        let key = BodyKey {
            page,
            lang: self.lang,
            of,
        };
        let kept = app.memo.of::<KeptBodies>();
        if let Some(body) = kept.get(&key, version) {
            return Ok(self.render("kept_page", KeptPage { kept: &body }));
        }
        let own = memo::fresh(build).await?;
        let mut context = object_of(BodyBase {
            lang: self.lang,
            errors: None,
        });
        context.extend(self.localise_erased(object_of(own)));
        let store = Box::new(move |body| kept.put(key, version, body));
        Ok(Template::keeping(
            "kept_page",
            Value::Object(self.base()),
            Keep {
                page,
                context: Value::Object(context),
                store,
            },
        ))
    }
}
