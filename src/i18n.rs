//! UI text lives in Fluent message files (`templates/messages/*.ftl`); templates reach it through
//! the `t` helper and Rust code through `I18n::tr`. Dates are shown in Brussels time.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use chrono_tz::Europe::Brussels;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use handlebars::{
    Context, Handlebars, Helper, HelperDef, HelperResult, Output, RenderContext, RenderError,
    RenderErrorReason, ScopedJson,
};
use std::collections::HashMap;
use std::sync::Arc;

pub const LANGS: [&str; 3] = ["nl", "fr", "en"];
pub const DEFAULT_LANG: &str = "nl";

const SOURCES: [(&str, &str); 3] = [
    ("nl", include_str!("../templates/messages/nl.ftl")),
    ("fr", include_str!("../templates/messages/fr.ftl")),
    ("en", include_str!("../templates/messages/en.ftl")),
];

pub struct I18n {
    bundles: HashMap<&'static str, FluentBundle<FluentResource>>,
    /// Per language, every message whose text has no placeable, as its final text. Most of a
    /// page's labels are such messages; formatting them through Fluent on every page was a
    /// fifth of a page's CPU (issue 20), and their text cannot depend on anything.
    plain: HashMap<&'static str, HashMap<String, String>>,
}

impl I18n {
    /// One parsed copy for the whole process, for code without a request's context (feeds).
    pub fn shared() -> Arc<I18n> {
        static SHARED: std::sync::OnceLock<Arc<I18n>> = std::sync::OnceLock::new();
        SHARED.get_or_init(I18n::load).clone()
    }

    pub fn load() -> Arc<I18n> {
        let mut bundles = HashMap::new();
        let mut plain = HashMap::new();
        for (lang, src) in SOURCES {
            let res = FluentResource::try_new(src.to_string()).unwrap_or_else(|(_, errs)| {
                panic!("message file {lang}.ftl does not parse: {errs:?}")
            });
            let langid = lang.parse().expect("language id");
            let mut b = FluentBundle::new_concurrent(vec![langid]);
            // Unicode isolation marks would end up in plain-text mail and in tests.
            b.set_use_isolating(false);
            let ids = plain_ids(&res);
            b.add_resource(res).expect("no duplicate message ids");
            plain.insert(lang, plain_messages(&b, ids));
            bundles.insert(lang, b);
        }
        Arc::new(I18n { bundles, plain })
    }

    pub fn normalize(lang: &str) -> &'static str {
        LANGS
            .into_iter()
            .find(|l| lang.eq_ignore_ascii_case(l))
            .unwrap_or(DEFAULT_LANG)
    }

    fn lookup(&self, lang: &str, key: &str, args: Option<&FluentArgs>) -> Option<String> {
        if let Some(text) = self.plain_text(lang, key) {
            return Some(text.to_string());
        }
        let b = self.bundles.get(lang)?;
        let msg = b.get_message(key)?;
        let pattern = msg.value()?;
        let mut errors = vec![];
        Some(b.format_pattern(pattern, args, &mut errors).into_owned())
    }

    /// The message in `lang`, else in Dutch, else the key itself (so a gap is visible, not blank).
    pub fn tr(&self, lang: &str, key: &str, args: Option<&FluentArgs>) -> String {
        self.lookup(lang, key, args)
            .or_else(|| self.lookup(DEFAULT_LANG, key, args))
            .unwrap_or_else(|| key.to_string())
    }

    /// The text of a message without placeables, as `tr` would give it, without formatting or
    /// copying; `None` for a message with placeables or one missing in `lang`.
    pub fn plain_text(&self, lang: &str, key: &str) -> Option<&str> {
        self.plain.get(lang)?.get(key).map(String::as_str)
    }

    /// A message argument as the person reads it: a date (`2027-01-17`) in words of their
    /// language ("17 januari 2027"), anything else as it is.
    pub fn arg(&self, lang: &str, value: &str) -> String {
        match NaiveDate::parse_from_str(value, "%Y-%m-%d") {
            Ok(d) if value.len() == 10 => self.date(lang, d),
            _ => value.to_string(),
        }
    }

    pub fn has(&self, lang: &str, key: &str) -> bool {
        self.bundles.get(lang).is_some_and(|b| b.has_message(key))
    }

    /// Every message id in a language's file, for the completeness test.
    pub fn keys(lang: &str) -> Vec<String> {
        let src = SOURCES
            .iter()
            .find(|(l, _)| *l == lang)
            .map(|(_, s)| *s)
            .unwrap_or("");
        let res = FluentResource::try_new(src.to_string()).unwrap_or_else(|(r, _)| r);
        res.entries()
            .filter_map(|e| match e {
                fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
                _ => None,
            })
            .collect()
    }

    /// "23 november 2026"
    pub fn date(&self, lang: &str, d: NaiveDate) -> String {
        let month = self.tr(lang, &format!("month-{}", d.month()), None);
        format!("{} {} {}", d.day(), month, d.year())
    }

    /// "23 november 2026, 15:30" in Brussels time.
    pub fn datetime(&self, lang: &str, at: DateTime<Utc>) -> String {
        let local = at.with_timezone(&Brussels);
        format!(
            "{}, {}",
            self.date(lang, local.date_naive()),
            local.format("%H:%M")
        )
    }
}

/// The ids of a resource's messages whose value is text only (no placeable).
fn plain_ids(res: &FluentResource) -> Vec<String> {
    use fluent_syntax::ast::{Entry, PatternElement};
    res.entries()
        .filter_map(|entry| match entry {
            Entry::Message(m) => Some(m),
            _ => None,
        })
        .filter(|m| {
            m.value.as_ref().is_some_and(|p| {
                p.elements
                    .iter()
                    .all(|e| matches!(e, PatternElement::TextElement { .. }))
            })
        })
        .map(|m| m.id.name.to_string())
        .collect()
}

/// Those messages of a bundle, formatted once.
fn plain_messages(b: &FluentBundle<FluentResource>, ids: Vec<String>) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for id in ids {
        let Some(pattern) = b.get_message(&id).and_then(|m| m.value()) else {
            continue;
        };
        let mut errors = vec![];
        let text = b.format_pattern(pattern, None, &mut errors).into_owned();
        if errors.is_empty() {
            out.insert(id, text);
        }
    }
    out
}

fn root_lang(ctx: &Context) -> &'static str {
    ctx.data()
        .get("lang")
        .and_then(|v| v.as_str())
        .map(I18n::normalize)
        .unwrap_or(DEFAULT_LANG)
}

/// `{{t "key" name=value}}`; several positional parts are joined into one key
/// (`{{t "status-" item.status}}`). Handlebars escapes the result like any value: arguments may
/// be people's words.
pub struct TranslateHelper(pub Arc<I18n>);

/// The key made of a `t` call's positional parts.
fn message_key(h: &Helper<'_>) -> Result<String, RenderError> {
    let mut key = String::new();
    for p in h.params() {
        match p.value() {
            serde_json::Value::String(s) => key.push_str(s),
            serde_json::Value::Null => {}
            other => key.push_str(&other.to_string()),
        }
    }
    if key.is_empty() {
        return Err(RenderErrorReason::ParamNotFoundForIndex("t", 0).into());
    }
    Ok(key)
}

/// Written to the page as Handlebars writes any value: escaped unless inside `{{{ }}}`.
fn write_escaped(
    r: &Handlebars<'_>,
    rc: &RenderContext<'_, '_>,
    out: &mut dyn Output,
    text: &str,
) -> HelperResult {
    if rc.is_disable_escape() {
        out.write(text)?;
    } else {
        out.write(&r.get_escape_fn()(text))?;
    }
    Ok(())
}

impl HelperDef for TranslateHelper {
    /// Straight onto the page: a label without placeables is its kept text, escaped once,
    /// with no Fluent arguments built and no JSON value in between.
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        r: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        rc: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let key = message_key(h)?;
        let lang = root_lang(ctx);
        match self.0.plain_text(lang, &key) {
            Some(text) => write_escaped(r, rc, out, text),
            None => write_escaped(r, rc, out, &self.translate(h, lang, &key)),
        }
    }

    /// As a subexpression (`what=(t "field-title")`).
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        let key = message_key(h)?;
        let text = self.translate(h, root_lang(ctx), &key);
        Ok(ScopedJson::Derived(serde_json::Value::String(text)))
    }
}

impl TranslateHelper {
    fn translate(&self, h: &Helper<'_>, lang: &str, key: &str) -> String {
        let mut args = FluentArgs::new();
        for (name, v) in h.hash() {
            let value = match v.value() {
                serde_json::Value::Number(n) => FluentValue::from(n.as_f64().unwrap_or_default()),
                serde_json::Value::String(s) => FluentValue::from(s.clone()),
                serde_json::Value::Null => FluentValue::from(""),
                other => FluentValue::from(other.to_string()),
            };
            args.set(name.to_string(), value);
        }
        self.0.tr(lang, key, Some(&args))
    }
}

/// `{{datetime at}}` with `at` an RFC 3339 string: shown in Brussels time, in the page's language.
pub struct DateTimeHelper(pub Arc<I18n>);

impl HelperDef for DateTimeHelper {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        let raw = h.param(0).and_then(|p| p.value().as_str()).unwrap_or("");
        let lang = root_lang(ctx);
        let text = if let Ok(at) = DateTime::parse_from_rfc3339(raw) {
            self.0.datetime(lang, at.with_timezone(&Utc))
        } else if let Ok(d) = NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
            self.0.date(lang, d)
        } else {
            raw.to_string()
        };
        Ok(ScopedJson::Derived(serde_json::Value::String(text)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn dutch_dates_in_brussels_time() {
        let i = I18n::load();
        let at = Utc.with_ymd_and_hms(2026, 11, 23, 14, 30, 0).unwrap();
        assert_eq!(i.datetime("nl", at), "23 november 2026, 15:30");
        assert_eq!(i.datetime("fr", at), "23 novembre 2026, 15:30");
    }

    #[test]
    fn labels_without_placeables_are_kept_formatted_and_the_others_are_not() {
        let i = I18n::load();
        for lang in LANGS {
            assert!(
                i.plain[lang].len() > 1000,
                "{lang}: {}",
                i.plain[lang].len()
            );
            assert_eq!(
                i.plain_text(lang, "nav-home"),
                Some(i.tr(lang, "nav-home", None).as_str())
            );
            assert_eq!(
                i.plain_text(lang, "nav-logout"),
                None,
                "{lang}: it has a placeable"
            );
        }
        assert_eq!(
            i.plain_text("nl", "event-acknowledged"),
            Some("Ontvangst bevestigd")
        );
    }

    #[test]
    fn missing_language_falls_back_to_dutch() {
        let i = I18n::load();
        assert_eq!(I18n::normalize("xx"), "nl");
        assert_eq!(i.tr("nl", "no-such-key", None), "no-such-key");
    }
}
