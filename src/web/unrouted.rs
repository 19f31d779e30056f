//! Why no route answered a request, so the API can say so with the right status: a path that
//! exists under other methods is 405 with `Allow`, a body in a type the route does not take is
//! 415, an `Accept` it cannot serve is 406. Rocket itself answers all three with 404, because
//! the method and the media type are part of its route matching.

use rocket::http::uncased::UncasedStr;
use rocket::http::{MediaType, Method};
use rocket::route::Route;
use rocket::Request;

/// What the mounted routes say about a request that none of them answered.
#[derive(Debug, PartialEq, Eq)]
pub enum Miss {
    /// No route has this path (or its parameters did not parse): a plain 404.
    NotFound,
    /// Routes have this path, none with this method; the methods they have.
    Method(Vec<Method>),
    /// A route has this path and method, but takes another `Content-Type`.
    ContentType,
    /// A route has this path and method, but answers in a type `Accept` refuses.
    Accept,
}

pub fn explain(req: &Request<'_>) -> Miss {
    let path = req.uri().path();
    let segments: Vec<&str> = path.as_str().split('/').skip(1).collect();
    let same_path: Vec<&Route> = req
        .rocket()
        .routes()
        .filter(|r| path_fits(r.uri.path(), &segments))
        .collect();
    if same_path.is_empty() {
        return Miss::NotFound;
    }
    let same_method: Vec<&Route> = same_path
        .iter()
        .copied()
        .filter(|r| {
            r.method == req.method() || (req.method() == Method::Head && r.method == Method::Get)
        })
        .collect();
    if same_method.is_empty() {
        let mut allow: Vec<Method> = same_path.iter().map(|r| r.method).collect();
        if allow.contains(&Method::Get) {
            allow.push(Method::Head);
        }
        allow.sort_by_key(|m| m.as_str());
        allow.dedup();
        return Miss::Method(allow);
    }
    if same_method.iter().any(|r| format_fits(r, req)) {
        // The route was there and took the request; a parameter or guard forwarded.
        return Miss::NotFound;
    }
    if req.method().supports_payload() {
        Miss::ContentType
    } else {
        Miss::Accept
    }
}

/// Rocket's own rule (`router::collider::formats_match`), which it does not export.
fn format_fits(route: &Route, req: &Request<'_>) -> bool {
    let Some(wanted) = route.format.as_ref() else {
        return true;
    };
    if route.method.supports_payload() {
        matches!(req.format(), Some(given) if given.specificity() == 2 && overlap(wanted, given))
    } else {
        req.format().is_none_or(|given| overlap(wanted, given))
    }
}

/// Rocket's media-type collision: top and sub types equal, or either a wildcard.
fn overlap(a: &MediaType, b: &MediaType) -> bool {
    let same = |x: &UncasedStr, y: &UncasedStr| x == "*" || y == "*" || x == y;
    same(a.top(), b.top()) && same(a.sub(), b.sub())
}

/// Whether a route path (`/api/v1/items/<id>/timeline`, `/static/<path..>`) takes these segments.
fn path_fits(route_path: &str, segments: &[&str]) -> bool {
    let mut wanted = route_path.split('/').skip(1);
    let mut given = segments.iter();
    loop {
        match (wanted.next(), given.next()) {
            (None, None) => return true,
            // A trailing parameter takes the rest, even nothing.
            (Some(w), _) if w.starts_with('<') && w.ends_with("..>") => return true,
            (Some(w), Some(g)) if w.starts_with('<') && w.ends_with('>') => {
                if g.is_empty() {
                    return false;
                }
            }
            (Some(w), Some(g)) if w == *g => {}
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::path_fits;

    #[test]
    fn route_paths_take_their_segments() {
        let fits = |r: &str, p: &str| path_fits(r, &p.split('/').skip(1).collect::<Vec<_>>());
        assert!(fits(
            "/api/v1/items/<id>/timeline",
            "/api/v1/items/7/timeline"
        ));
        assert!(!fits("/api/v1/items/<id>/timeline", "/api/v1/items/7"));
        assert!(!fits("/api/v1/items/<id>", "/api/v1/items/7/timeline"));
        assert!(!fits("/api/v1/items/<id>", "/api/v1/items/"));
        assert!(fits("/static/<path..>", "/static/css/site.css"));
        assert!(fits("/static/<path..>", "/static"));
        assert!(!fits("/api/v1/zones", "/api/v1/zone"));
    }
}
