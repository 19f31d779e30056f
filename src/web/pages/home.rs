use crate::app::App;
use crate::i18n::I18n;
use crate::web::csrf::CsrfForm;
use crate::web::guards::LANG_COOKIE;
use crate::web::page::{Ctx, PageResult};
use crate::web::template::Template;
use rocket::http::{Cookie, CookieJar, SameSite};
use rocket::response::Redirect;
use rocket::{get, post, routes, FromForm, State};
use serde::Serialize;

pub fn routes() -> Vec<rocket::Route> {
    routes![home, language]
}

/// The home page: a visitor sees every zone's public page, a person their own zones.
#[derive(Serialize)]
struct HomePage<'a> {
    zones: Vec<ZoneHomeView<'a>>,
    public_zones: Vec<PublicZone>,
}

/// A zone as a visitor's home page links to it.
#[derive(Serialize)]
struct PublicZone {
    code: String,
    name: String,
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
            .map(|z| PublicZone {
                code: z.code,
                name: z.name,
            })
            .collect();
        return Ok(ctx.render(
            "home",
            HomePage {
                zones: vec![],
                public_zones: zones,
            },
        ));
    };
    let today = crate::domain::clock::brussels_date(app.clock.now());
    let homes = crate::service::home::for_person(app, &u.principal).await?;
    let list: Vec<_> = homes
        .iter()
        .map(|h| zone_home(&ctx, h, u.user.id, today))
        .collect();
    Ok(ctx.render(
        "home",
        HomePage {
            zones: list,
            public_zones: vec![],
        },
    ))
}

/// One zone on a person's home page.
#[derive(Serialize)]
struct ZoneHomeView<'a> {
    code: &'a str,
    name: &'a str,
    roles: &'a [&'static str],
    panels: Vec<PanelLink<'a>>,
    asks: Vec<AskLine<'a>>,
    items: Vec<PanelItemLine<'a>>,
    overview: Option<OverviewView<'a>>,
    unscheduled: Vec<DueLine<'a>>,
    is_staff: bool,
    is_council: bool,
    today: chrono::NaiveDate,
}

#[derive(Serialize)]
struct PanelLink<'a> {
    slug: &'a str,
    name: &'a str,
    kind: &'a str,
}

/// A step asked of the person, with the item or consultation it is about.
#[derive(Serialize)]
struct AskLine<'a> {
    text: String,
    link: String,
    reference: &'a str,
    title: &'a str,
}

/// An item of one of the person's panels.
#[derive(Serialize)]
struct PanelItemLine<'a> {
    id: i64,
    reference: &'a str,
    title: &'a str,
    status: &'a str,
    panel: &'a str,
}

/// An item with a deadline that is late or near.
#[derive(Serialize)]
struct DueLine<'a> {
    id: i64,
    reference: &'a str,
    title: &'a str,
    deadline: &'static str,
    due: chrono::NaiveDate,
    overdue_days: i64,
    scheduled: bool,
}

/// Staff, council and administrators: what is late, due this week, and the next meeting.
#[derive(Serialize)]
struct OverviewView<'a> {
    overdue: Vec<DueLine<'a>>,
    due_this_week: Vec<DueLine<'a>>,
    next_meeting: Option<NextMeeting<'a>>,
}

#[derive(Serialize)]
struct NextMeeting<'a> {
    id: i64,
    starts_at: chrono::DateTime<chrono::Utc>,
    place: &'a str,
    agenda: Vec<AgendaLine<'a>>,
}

#[derive(Serialize)]
struct AgendaLine<'a> {
    id: i64,
    reference: &'a str,
    title: &'a str,
}

fn due_line(e: &crate::service::deadlines::DueEntry) -> DueLine<'_> {
    DueLine {
        id: e.item.id,
        reference: &e.item.reference,
        title: &e.item.title,
        deadline: e.deadline.as_str(),
        due: e.due,
        overdue_days: e.days_late,
        scheduled: e.scheduled,
    }
}

fn zone_home<'a>(
    ctx: &Ctx,
    h: &'a crate::service::home::ZoneHome,
    user_id: i64,
    today: chrono::NaiveDate,
) -> ZoneHomeView<'a> {
    use crate::service::home::ask_of;
    let m = &h.membership;
    let panels: Vec<_> = m
        .panels
        .iter()
        .map(|p| PanelLink {
            slug: &p.slug,
            name: &p.name,
            kind: &p.kind,
        })
        .collect();
    let mut asks: Vec<AskLine> = h
        .items
        .iter()
        .filter_map(|i| {
            let ask = ask_of(i, user_id)?;
            let date = i
                .closure_due
                .map(|d| ctx.i18n.date(ctx.lang, d))
                .unwrap_or_default();
            Some(AskLine {
                text: ctx.tr_args(&format!("home-ask-{}", ask.as_str()), &[("date", &date)]),
                link: format!("/items/{}", i.id),
                reference: &i.reference,
                title: &i.title,
            })
        })
        .collect();
    asks.extend(h.advices.iter().map(|a| AskLine {
        text: ctx.tr_args(
            "home-ask-advice",
            &[("date", &ctx.i18n.date(ctx.lang, a.advice_due))],
        ),
        link: format!("/consultations/{}", a.consultation_id),
        reference: &a.reference,
        title: &a.title,
    }));
    let items: Vec<_> = h
        .items
        .iter()
        .map(|i| PanelItemLine {
            id: i.id,
            reference: &i.reference,
            title: &i.title,
            status: &i.status,
            panel: &i.panel_name,
        })
        .collect();
    let overview = h.overview.as_ref().map(|o| OverviewView {
        overdue: o.overdue.iter().map(due_line).collect(),
        due_this_week: o.due_this_week.iter().map(due_line).collect(),
        next_meeting: o.next_meeting.as_ref().map(|(mt, list)| NextMeeting {
            id: mt.id,
            starts_at: mt.starts_at,
            place: &mt.place,
            agenda: list
                .iter()
                .map(|i| AgendaLine {
                    id: i.id,
                    reference: &i.reference,
                    title: &i.title,
                })
                .collect(),
        }),
    });
    let is = |r: &str| m.roles.contains(&r);
    ZoneHomeView {
        code: &m.zone.code,
        name: &m.zone.name,
        roles: &m.roles,
        panels,
        asks,
        items,
        overview,
        unscheduled: h.unscheduled.iter().map(due_line).collect(),
        is_staff: is("staff") || is("admin"),
        is_council: is("council"),
        today,
    }
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
