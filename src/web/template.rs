//! Server-side pages: the Handlebars templates under `template_dir`, rendered straight from the
//! JSON context the page builds. (rocket_dyn_templates converted every context into figment's
//! value tree and back to JSON before rendering: a sixth of a page's cost under load.)

use crate::assets::{self, Source, StaticFiles};
use crate::i18n::{DateTimeHelper, I18n, TranslateHelper};
use handlebars::Handlebars;
use rocket::http::{ContentType, Status};
use rocket::response::{self, Responder};
use rocket::Request;
use serde_json::Value;
use std::sync::Arc;

/// The registry of every template, shared by all requests; and the same templates once more
/// with a stand-in layout, to render a page's own part alone (`web::kept_page`).
pub struct Templates {
    pub pages: Handlebars<'static>,
    bodies: Handlebars<'static>,
}

/// Between a page's title and its main part when rendered with the stand-in layout: control
/// characters, which no text from a form or the database holds.
const BODY_MARK: &str = "\u{1}kept-body\u{1}";

/// A page's own part, rendered without the layout: what `kept_page.html.hbs` puts in one.
#[derive(Clone, serde::Serialize)]
pub struct Body {
    pub title: String,
    pub main: String,
}

impl Templates {
    pub fn load(
        source: &Source,
        i18n: Arc<I18n>,
        statics: Arc<StaticFiles>,
    ) -> Result<Templates, String> {
        let pages = registry(source, i18n.clone(), statics.clone())?;
        let mut bodies = registry(source, i18n, statics)?;
        bodies
            .register_template_string(
                "layout",
                format!("{{{{> title}}}}{BODY_MARK}{{{{> @partial-block}}}}"),
            )
            .map_err(|e| format!("stand-in layout: {e}"))?;
        Ok(Templates { pages, bodies })
    }

    /// Page `name`'s title and main part, without the layout around them.
    pub fn body(&self, name: &str, context: &handlebars::Context) -> Result<Body, String> {
        let html = self
            .bodies
            .render_with_context(name, context)
            .map_err(|e| e.to_string())?;
        match html.split_once(BODY_MARK) {
            // What stands before the title is the page template's own line breaks.
            Some((title, main)) => Ok(Body {
                title: title.trim().to_string(),
                main: main.to_string(),
            }),
            None => Err(format!("template {name} has no layout")),
        }
    }
}

/// Registers every template by its path without the suffix (`layout`, `_field_error`), so
/// pages and partials find each other by name: from the binary, or from `template_dir`.
fn registry(
    source: &Source,
    i18n: Arc<I18n>,
    statics: Arc<StaticFiles>,
) -> Result<Handlebars<'static>, String> {
    let mut hb = Handlebars::new();
    hb.set_strict_mode(true);
    // Parsed once; a developer editing templates on disk sets BURGERSTEM_TEMPLATE_RELOAD=1 to
    // see an edit on the next request (it parses every template on every page: slow).
    let reload = std::env::var_os("BURGERSTEM_TEMPLATE_RELOAD").is_some_and(|v| v == "1");
    hb.set_dev_mode(reload && matches!(source, Source::Disk(_)));
    hb.register_helper("t", Box::new(TranslateHelper(i18n.clone())));
    hb.register_helper("datetime", Box::new(DateTimeHelper(i18n)));
    hb.register_helper("concat", Box::new(concat));
    hb.register_helper("field_aria", Box::new(FieldAria));
    hb.register_helper("asset", Box::new(AssetHelper(statics)));
    match source {
        // From files, so that reloading reads them again.
        Source::Disk(dir) if reload => {
            for (name, _) in assets::templates(source)? {
                let path = dir.join(format!("{name}.html.hbs"));
                hb.register_template_file(&name, &path)
                    .map_err(|e| format!("template {name}: {e}"))?;
            }
        }
        _ => {
            for (name, text) in assets::templates(source)? {
                hb.register_template_string(&name, text)
                    .map_err(|e| format!("template {name}: {e}"))?;
            }
        }
    }
    Ok(hb)
}

/// `{{asset "style.css"}}`: the file's address with its version (`?v=<hash>`), so browsers keep
/// it for a year and fetch a new release at once.
struct AssetHelper(Arc<StaticFiles>);

impl handlebars::HelperDef for AssetHelper {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &handlebars::Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc handlebars::Context,
        _: &mut handlebars::RenderContext<'reg, 'rc>,
        out: &mut dyn handlebars::Output,
    ) -> handlebars::HelperResult {
        let name = h.param(0).and_then(|p| p.value().as_str()).unwrap_or("");
        out.write(&self.0.versioned(name))?;
        Ok(())
    }
}

handlebars::handlebars_helper!(concat: |*args| {
    // `(concat "summary-" id)`: an id or a lookup key made of parts.
    args.iter()
        .map(|a| match a {
            Value::String(s) => s.clone(),
            Value::Null => String::new(),
            other => other.to_string(),
        })
        .collect::<String>()
});

/// `{{field_aria "due" hint=true}}` inside a form control: ties the control to its hint and, when
/// the page came back with an error for that field, marks it invalid and ties it to the message
/// (`aria-invalid`, `aria-describedby="hint-due error-due"`), the same way on every form.
struct FieldAria;

impl handlebars::HelperDef for FieldAria {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &handlebars::Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        ctx: &'rc handlebars::Context,
        _: &mut handlebars::RenderContext<'reg, 'rc>,
        out: &mut dyn handlebars::Output,
    ) -> handlebars::HelperResult {
        let field = h.param(0).and_then(|p| p.value().as_str()).unwrap_or("");
        // Only ids made of letters, digits, dashes and underscores end up in the attribute.
        let field: String = field
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        let hint = h
            .hash_get("hint")
            .is_some_and(|v| v.value().as_bool() == Some(true));
        let invalid = ctx.data()["errors"]
            .get(&field)
            .is_some_and(|v| !v.is_null());
        let mut ids = vec![];
        if hint {
            ids.push(format!("hint-{field}"));
        }
        if invalid {
            ids.push(format!("error-{field}"));
            out.write("aria-invalid=\"true\" ")?;
        }
        if !ids.is_empty() {
            out.write(&format!("aria-describedby=\"{}\"", ids.join(" ")))?;
        }
        Ok(())
    }
}

/// A page to render: the template's name and its context.
pub struct Template {
    name: &'static str,
    context: Value,
    keep: Option<Keep>,
}

/// A page's own part to render first, hand to `store` and lay into the context as `kept`.
pub struct Keep {
    pub page: &'static str,
    pub context: Value,
    pub store: Box<dyn FnOnce(Arc<Body>) + Send>,
}

impl Template {
    pub fn render(name: &'static str, context: Value) -> Template {
        Template {
            name,
            context,
            keep: None,
        }
    }

    /// `name` (whose context holds `kept`) after rendering and keeping the body `keep` asks for.
    pub fn keeping(name: &'static str, context: Value, keep: Keep) -> Template {
        Template {
            name,
            context,
            keep: Some(keep),
        }
    }
}

impl<'r> Responder<'r, 'static> for Template {
    fn respond_to(self, req: &'r Request<'_>) -> response::Result<'static> {
        let Some(templates) = req.rocket().state::<Templates>() else {
            tracing::error!("templates are not loaded");
            return Err(Status::InternalServerError);
        };
        let mut context = self.context;
        if let Some(keep) = self.keep {
            let body = match templates.body(keep.page, &handlebars::Context::from(keep.context)) {
                Ok(body) => Arc::new(body),
                Err(e) => {
                    tracing::error!(template = keep.page, "template error: {e}");
                    return Err(Status::InternalServerError);
                }
            };
            if let Value::Object(m) = &mut context {
                m.insert(
                    "kept".into(),
                    serde_json::to_value(&*body).unwrap_or_default(),
                );
            }
            (keep.store)(body);
        }
        // Handing over the JSON as the context (not `render`, which serialises it into a copy).
        let context = handlebars::Context::from(context);
        match templates.pages.render_with_context(self.name, &context) {
            Ok(html) => (ContentType::HTML, html).respond_to(req),
            Err(e) => {
                tracing::error!(template = self.name, "template error: {e}");
                Err(Status::InternalServerError)
            }
        }
    }
}
