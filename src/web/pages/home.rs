use crate::app::App;
use crate::i18n::I18n;
use crate::web::csrf::CsrfForm;
use crate::web::guards::LANG_COOKIE;
use crate::web::page::{Ctx, PageResult};
use crate::web::template::Template;
use rocket::http::{Cookie, CookieJar, SameSite};
use rocket::response::Redirect;
use rocket::{get, post, routes, FromForm, State};
use serde_json::{json, Value};

pub fn routes() -> Vec<rocket::Route> {
    routes![home, language]
}

#[get("/")]
async fn home(ctx: Ctx, app: &State<App>) -> PageResult<Template> {
    let Some(u) = &ctx.user else {
        // A visitor: every zone, its public page and a way to bring in a signal without an
        // account.
        let mut c = app.db.conn().await.map_err(crate::error::AppError::from)?;
        let zones: Vec<_> = crate::db::zones::all(&mut c.ex())
            .await
            .map_err(crate::error::AppError::from)?
            .into_iter()
            .map(|z| json!({"code": z.code, "name": z.name}))
            .collect();
        return Ok(ctx.render("home", json!({"zones": [], "public_zones": zones})));
    };
    let today = crate::domain::clock::brussels_date(app.clock.now());
    let list: Vec<_> = crate::service::home::for_person(app, &u.principal)
        .await?
        .into_iter()
        .map(|h| zone_home(&ctx, &h, u.user.id, today))
        .collect();
    Ok(ctx.render("home", json!({"zones": list, "public_zones": []})))
}

/// One zone on a person's home page.
fn zone_home(
    ctx: &Ctx,
    h: &crate::service::home::ZoneHome,
    user_id: i64,
    today: chrono::NaiveDate,
) -> Value {
    use crate::service::home::ask_of;
    let m = &h.membership;
    let panels: Vec<_> = m
        .panels
        .iter()
        .map(|p| json!({"slug": p.slug, "name": p.name, "kind": p.kind}))
        .collect();
    let mut asks: Vec<Value> = h
        .items
        .iter()
        .filter_map(|i| {
            let ask = ask_of(i, user_id)?;
            let date = i
                .closure_due
                .map(|d| ctx.i18n.date(ctx.lang, d))
                .unwrap_or_default();
            Some(json!({"text": ctx.tr_args(&format!("home-ask-{}", ask.as_str()), &[("date", &date)]),
                        "link": format!("/items/{}", i.id), "reference": i.reference, "title": i.title}))
        })
        .collect();
    asks.extend(h.advices.iter().map(|a| {
        json!({"text": ctx.tr_args("home-ask-advice", &[("date", &ctx.i18n.date(ctx.lang, a.advice_due))]),
               "link": format!("/consultations/{}", a.consultation_id), "reference": a.reference, "title": a.title})
    }));
    let items: Vec<_> = h
        .items
        .iter()
        .map(|i| {
            json!({"id": i.id, "reference": i.reference, "title": i.title, "status": i.status,
                   "panel": i.panel_name})
        })
        .collect();
    let due = |e: &crate::service::deadlines::DueEntry| {
        json!({"id": e.item.id, "reference": e.item.reference, "title": e.item.title,
               "deadline": e.deadline.as_str(), "due": e.due, "overdue_days": e.days_late,
               "scheduled": e.scheduled})
    };
    let overview = h.overview.as_ref().map(|o| {
        json!({
            "overdue": o.overdue.iter().map(due).collect::<Vec<_>>(),
            "due_this_week": o.due_this_week.iter().map(due).collect::<Vec<_>>(),
            "next_meeting": o.next_meeting.as_ref().map(|(mt, list)| json!({
                "id": mt.id, "starts_at": mt.starts_at, "place": mt.place,
                "agenda": list.iter().map(|i| json!({"id": i.id, "reference": i.reference, "title": i.title})).collect::<Vec<_>>(),
            })),
        })
    });
    let roles: Vec<&str> = m.roles.clone();
    let is = |r: &str| roles.contains(&r);
    json!({
        "code": m.zone.code, "name": m.zone.name, "roles": roles, "panels": panels,
        "asks": asks, "items": items, "overview": overview,
        "unscheduled": h.unscheduled.iter().map(due).collect::<Vec<_>>(),
        "is_staff": is("staff") || is("admin"), "is_council": is("council"),
        "today": today,
    })
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
    remember_language(jar, &ctx, app, &f.lang).await;
    Redirect::to(safe_next(&f.next))
}

/// Keeps a language choice (a cookie for a year, and the person's account when signed in, so
/// mail follows it); returns the language as the pages know it.
pub async fn remember_language(
    jar: &CookieJar<'_>,
    ctx: &Ctx,
    app: &App,
    choice: &str,
) -> &'static str {
    let lang = I18n::normalize(choice);
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
    lang
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
