use crate::app::App;
use crate::i18n::I18n;
use crate::web::csrf::CsrfForm;
use crate::web::guards::LANG_COOKIE;
use crate::web::page::{Ctx, PageResult};
use crate::web::template::Template;
use rocket::http::{Cookie, CookieJar, SameSite};
use rocket::response::Redirect;
use rocket::{get, post, routes, FromForm, State};
use serde_json::json;

pub fn routes() -> Vec<rocket::Route> {
    routes![home, language]
}

#[get("/")]
async fn home(ctx: Ctx, app: &State<App>) -> PageResult<Template> {
    let Some(u) = &ctx.user else {
        return Ok(ctx.render("home", json!({"zones": []})));
    };
    let list: Vec<_> = crate::service::zones::memberships(app, &u.principal)
        .await?
        .into_iter()
        .map(|m| {
            let panels: Vec<_> = m
                .panels
                .iter()
                .map(|p| json!({"slug": p.slug, "name": p.name, "kind": p.kind}))
                .collect();
            json!({"code": m.zone.code, "name": m.zone.name, "roles": m.roles, "panels": panels})
        })
        .collect();
    Ok(ctx.render("home", json!({"zones": list})))
}

#[derive(FromForm)]
struct LanguageForm {
    csrf: String,
    lang: String,
    next: String,
}
crate::csrf_form!(LanguageForm);

#[post("/language", data = "<form>")]
async fn language(
    form: CsrfForm<LanguageForm>,
    jar: &CookieJar<'_>,
    ctx: Ctx,
    app: &State<App>,
) -> Redirect {
    let f = form.0;
    let lang = I18n::normalize(&f.lang);
    jar.add(
        Cookie::build((LANG_COOKIE, lang))
            .same_site(SameSite::Lax)
            .path("/")
            .max_age(rocket::time::Duration::days(365)),
    );
    if let Some(u) = &ctx.user {
        if let Ok(mut tx) = app.db.begin().await {
            if crate::db::people::set_locale(&mut tx.ex(), u.user.id, lang)
                .await
                .is_ok()
            {
                let _ = tx.commit().await;
            }
        }
    }
    Redirect::to(safe_next(&f.next))
}

/// Only a path of this site, so a link or form cannot send people elsewhere: it starts with one
/// `/` (not `//` or `/\\`, which browsers read as another host), holds no control character or
/// space (a tab or line break would be dropped or break the header), and is a valid URI path with
/// an optional query. Anything else leads home.
pub fn safe_next(next: &str) -> String {
    let plain = next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && !next.contains('\\')
        && !next.chars().any(|c| c.is_control() || c.is_whitespace());
    if plain && rocket::http::uri::Origin::parse(next).is_ok() {
        next.to_string()
    } else {
        "/".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_stays_on_this_site() {
        for good in [
            "/",
            "/zones/DEMO",
            "/items/3?tab=2",
            "/zones/DEMO/zoeken?q=bank",
        ] {
            assert_eq!(safe_next(good), good);
        }
        for bad in [
            "https://evil.example/",
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/\r\nLocation: x",
            "/a b",
            "",
            "zones",
        ] {
            assert_eq!(safe_next(bad), "/", "{bad:?}");
        }
    }
}
