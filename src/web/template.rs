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

/// The registry of every template, shared by all requests.
pub struct Templates(pub Handlebars<'static>);

impl Templates {
    /// Registers every template by its path without the suffix (`layout`, `_field_error`), so
    /// pages and partials find each other by name: from the binary, or from `template_dir`.
    pub fn load(
        source: &Source,
        i18n: Arc<I18n>,
        statics: Arc<StaticFiles>,
    ) -> Result<Templates, String> {
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
        Ok(Templates(hb))
    }
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
}

impl Template {
    pub fn render(name: &'static str, context: Value) -> Template {
        Template { name, context }
    }
}

impl<'r> Responder<'r, 'static> for Template {
    fn respond_to(self, req: &'r Request<'_>) -> response::Result<'static> {
        let Some(templates) = req.rocket().state::<Templates>() else {
            tracing::error!("templates are not loaded");
            return Err(Status::InternalServerError);
        };
        // Handing over the JSON as the context (not `render`, which serialises it into a copy).
        let context = handlebars::Context::from(self.context);
        match templates.0.render_with_context(self.name, &context) {
            Ok(html) => (ContentType::HTML, html).respond_to(req),
            Err(e) => {
                tracing::error!(template = self.name, "template error: {e}");
                Err(Status::InternalServerError)
            }
        }
    }
}
