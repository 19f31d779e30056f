//! The OpenAPI document at `/api/v1/openapi.json` against the server that serves it: every mounted
//! `/api/v1` route is documented and every documented operation is mounted; the `Error` schema is
//! what errors really look like; real answers fit the schemas documented for them; a real OpenAPI
//! validator accepts the document; and the `/api` page shows it.

mod common;

use common::*;
use rocket::http::{ContentType, Status};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

const DOC: &str = "/api/v1/openapi.json";

/// Straight to standard error: libtest captures `eprintln!`, and a skip must be seen.
fn say(msg: &str) {
    let _ = writeln!(std::io::stderr(), "{msg}");
}

async fn document(t: &TestApp) -> Value {
    let res = t.client.get(DOC).dispatch().await;
    assert_eq!(res.status(), Status::Ok);
    assert_eq!(res.content_type(), Some(ContentType::JSON));
    let text = res.into_string().await.expect("a body");
    serde_json::from_str(&text).expect("the document is JSON")
}

/// `/api/v1/items/<id>` and `/api/v1/x/<path..>` → `/api/v1/items/{id}`, `/api/v1/x/{path}`.
fn openapi_path(rocket_path: &str) -> String {
    rocket_path
        .split('/')
        .map(
            |seg| match seg.strip_prefix('<').and_then(|s| s.strip_suffix('>')) {
                Some(name) => format!("{{{}}}", name.trim_end_matches("..")),
                None => seg.to_string(),
            },
        )
        .collect::<Vec<_>>()
        .join("/")
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

#[rocket::async_test]
async fn every_mounted_api_route_is_documented_and_every_operation_mounted() {
    let t = sqlite().await;
    let doc = document(&t).await;

    let mounted: BTreeSet<(String, String)> = t
        .client
        .rocket()
        .routes()
        .filter(|r| r.uri.path().starts_with("/api/v1"))
        .map(|r| {
            (
                r.method.as_str().to_ascii_lowercase(),
                openapi_path(r.uri.path()),
            )
        })
        .collect();
    assert!(
        mounted.len() > 40,
        "found only {} /api/v1 routes: is the filter broken?",
        mounted.len()
    );

    let mut documented = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, _) in item.as_object().expect("a path item") {
            if METHODS.contains(&method.as_str()) {
                documented.insert((method.clone(), path.clone()));
            }
        }
    }

    let undocumented: Vec<String> = mounted
        .difference(&documented)
        .map(|(m, p)| format!("{} {p}", m.to_uppercase()))
        .collect();
    let unmounted: Vec<String> = documented
        .difference(&mounted)
        .map(|(m, p)| format!("{} {p}", m.to_uppercase()))
        .collect();
    assert!(
        undocumented.is_empty() && unmounted.is_empty(),
        "the OpenAPI document and the mounted routes differ.\n\
         Mounted but not documented (add #[utoipa::path] and list it in web::openapi::ApiDoc): \
         {undocumented:#?}\nDocumented but not mounted: {unmounted:#?}"
    );

    // Every operation says what it is, who may call it and how it fails.
    let mut problems = vec![];
    let mut ids = BTreeSet::new();
    for (method, path) in &documented {
        let op = &doc["paths"][path][method];
        let name = format!("{} {path}", method.to_uppercase());
        if op["summary"].as_str().unwrap_or("").is_empty() {
            problems.push(format!("{name}: no summary (a doc comment on the handler)"));
        }
        // The validator does not check this for OpenAPI 3.1; clients name their functions by it.
        match op["operationId"].as_str() {
            Some(id) if ids.insert(id.to_string()) => {}
            Some(id) => problems.push(format!(
                "{name}: operationId {id} is used twice (set operation_id)"
            )),
            None => problems.push(format!("{name}: no operationId")),
        }
        if op["tags"].as_array().is_none_or(|t| t.is_empty()) {
            problems.push(format!("{name}: no tag"));
        }
        if !op["security"].is_array() {
            problems.push(format!(
                "{name}: no security requirement (use security(()) for none)"
            ));
        }
        let responses = op["responses"].as_object().expect("responses");
        if !responses.keys().any(|s| s.starts_with('2')) {
            problems.push(format!("{name}: no success response"));
        }
        // Path parameters: one per `{name}`, each required.
        let named: BTreeSet<&str> = path
            .split('/')
            .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
            .collect();
        let declared: BTreeSet<&str> = op["parameters"]
            .as_array()
            .map(|ps| {
                ps.iter()
                    .filter(|p| p["in"] == "path")
                    .filter_map(|p| p["name"].as_str())
                    .collect()
            })
            .unwrap_or_default();
        if named != declared {
            problems.push(format!(
                "{name}: path parameters {named:?}, declared {declared:?}"
            ));
        }
        // Bearer routes can fail with 401, and every error answer has the shared Error body.
        let bearer = op["security"]
            .as_array()
            .is_some_and(|s| s.iter().any(|r| r.get("bearer").is_some()));
        let public = op["security"].as_array().is_some_and(|s| {
            s.iter()
                .any(|r| r.as_object().is_some_and(|o| o.is_empty()))
        });
        if bearer && !public && !responses.contains_key("401") {
            problems.push(format!("{name}: needs a token but documents no 401"));
        }
        for (status, r) in responses {
            if status.starts_with('4') || status.starts_with('5') {
                let r = resolve(&doc, r);
                if r["content"]["application/json"]["schema"]["$ref"]
                    != "#/components/schemas/Error"
                {
                    problems.push(format!("{name}: {status} is not the shared Error schema"));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "operations are incompletely documented:\n  {}",
        problems.join("\n  ")
    );
}

// ---------------------------------------------------------------------------------------------
// Answers against their schemas

/// Follows a `$ref` within the document.
fn resolve<'a>(doc: &'a Value, v: &'a Value) -> &'a Value {
    match v.get("$ref").and_then(Value::as_str) {
        Some(r) => {
            let pointer = r.strip_prefix('#').expect("a local $ref");
            resolve(
                doc,
                doc.pointer(pointer)
                    .unwrap_or_else(|| panic!("$ref {r} leads nowhere")),
            )
        }
        None => v,
    }
}

/// The properties and required keys of an object schema, `allOf` parts (serde's `flatten`) merged.
fn object_parts(doc: &Value, schema: &Value) -> (serde_json::Map<String, Value>, Vec<String>) {
    let schema = resolve(doc, schema);
    let mut props = schema["properties"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    let mut required: Vec<String> = schema["required"]
        .as_array()
        .map(|r| {
            r.iter()
                .filter_map(|k| k.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    for part in schema["allOf"].as_array().into_iter().flatten() {
        let (p, r) = object_parts(doc, part);
        props.extend(p);
        required.extend(r);
    }
    (props, required)
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Checks `v` against `schema`: its JSON type, no undocumented key, every required key, and so on
/// down. Enough of JSON Schema for what utoipa generates; problems name the place in `v`.
fn check(doc: &Value, schema: &Value, v: &Value, at: &str, out: &mut Vec<String>) {
    let schema = resolve(doc, schema);
    for key in ["oneOf", "anyOf"] {
        if let Some(alternatives) = schema[key].as_array() {
            let mut first = None;
            for alt in alternatives {
                let mut problems = vec![];
                check(doc, alt, v, at, &mut problems);
                if problems.is_empty() {
                    return;
                }
                first.get_or_insert(problems);
            }
            out.push(format!(
                "{at}: fits none of the {key} alternatives; the first says: {}",
                first.unwrap_or_default().join("; ")
            ));
            return;
        }
    }
    if let Some(types) = schema.get("type") {
        let allowed: Vec<&str> = match types {
            Value::String(s) => vec![s.as_str()],
            Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
            _ => vec![],
        };
        let actual = json_type(v);
        let fits =
            allowed.contains(&actual) || (actual == "integer" && allowed.contains(&"number"));
        if !fits {
            out.push(format!("{at}: is {actual}, documented as {allowed:?}"));
            return;
        }
    }
    if let Some(choices) = schema.get("enum").and_then(Value::as_array) {
        if !choices.contains(v) {
            out.push(format!("{at}: {v} is not one of {choices:?}"));
        }
    }
    match v {
        Value::Object(map) => {
            let (props, required) = object_parts(doc, schema);
            let additional = schema.get("additionalProperties");
            for k in &required {
                if !map.contains_key(k) {
                    out.push(format!("{at}: required key `{k}` is missing"));
                }
            }
            for (k, value) in map {
                match (props.get(k), additional) {
                    (Some(s), _) => check(doc, s, value, &format!("{at}.{k}"), out),
                    (None, Some(s)) if s.is_object() => {
                        check(doc, s, value, &format!("{at}.{k}"), out)
                    }
                    (None, Some(Value::Bool(true))) => {}
                    // An object schema without properties is a free-form object.
                    (None, _) if props.is_empty() && schema.get("allOf").is_none() => {}
                    (None, _) => out.push(format!("{at}: key `{k}` is not documented")),
                }
            }
        }
        Value::Array(list) => {
            if let Some(items) = schema.get("items") {
                for (i, value) in list.iter().enumerate() {
                    check(doc, items, value, &format!("{at}[{i}]"), out);
                }
            }
        }
        _ => {}
    }
}

struct Checker {
    doc: Value,
    checked: BTreeSet<String>,
    /// `METHOD /template field` of every choice sent outside its list.
    choices: BTreeSet<String>,
    problems: Vec<String>,
}

impl Checker {
    /// Checks a body the server accepts against the request schema documented for it: a client
    /// generated from the document must be able to send what the server takes.
    fn request(&mut self, method: &str, template: &str, body: &Value) {
        let name = format!("{method} {template} request");
        let op = &self.doc["paths"][template][method.to_ascii_lowercase()];
        let Some(schema) = op["requestBody"]["content"]["application/json"].get("schema") else {
            self.problems
                .push(format!("{name}: no JSON body documented"));
            return;
        };
        let mut out = vec![];
        check(&self.doc, schema, body, "body", &mut out);
        self.problems
            .extend(out.into_iter().map(|p| format!("{name}: {p}")));
    }

    /// Checks a real answer of `METHOD /path/{template}` against the schema documented for its
    /// status.
    fn answer(&mut self, method: &str, template: &str, status: Status, body: &Value) {
        let name = format!("{method} {template} {}", status.code);
        let op = &self.doc["paths"][template][method.to_ascii_lowercase()];
        assert!(op.is_object(), "{method} {template} is not documented");
        let Some(response) = op["responses"].get(status.code.to_string()) else {
            self.problems
                .push(format!("{name}: status not documented; body {body}"));
            return;
        };
        let response = resolve(&self.doc, response).clone();
        match response["content"]["application/json"].get("schema") {
            Some(schema) => {
                let mut out = vec![];
                check(&self.doc, schema, body, "body", &mut out);
                self.problems
                    .extend(out.into_iter().map(|p| format!("{name}: {p}")));
            }
            None if body.is_null() => {}
            None => self.problems.push(format!("{name}: no JSON documented")),
        }
        self.checked.insert(name);
    }
}

/// Calls the API as a client would and checks each answer against the document.
struct Flow<'a> {
    t: &'a TestApp,
    c: Checker,
}

impl Flow<'_> {
    /// `call` is `"METHOD /template"`, its `{…}` filled in order from `args`; a query may follow
    /// after `?`. The call must succeed (it is a fixture); its answer is checked.
    async fn go(
        &mut self,
        token: Option<&str>,
        call: &str,
        args: &[&str],
        body: Option<Value>,
    ) -> Value {
        let (method, rest) = call.split_once(' ').expect("METHOD /path");
        let (template, query) = match rest.split_once('?') {
            Some((t, q)) => (t, Some(q)),
            None => (rest, None),
        };
        let mut args = args.iter();
        let mut path = template
            .split('/')
            .map(|seg| match seg.starts_with('{') {
                true => args.next().expect("an argument for every {…}").to_string(),
                false => seg.to_string(),
            })
            .collect::<Vec<_>>()
            .join("/");
        if let Some(q) = query {
            path = format!("{path}?{q}");
        }
        if let Some(b) = &body {
            self.c.request(method, template, b);
            self.outside_the_choices_is_refused(token, method, template, &path, b)
                .await;
        }
        let (status, v) = self.t.json(method, &path, token, body).await;
        assert!(
            status.code < 300,
            "{method} {path}: {status} {v} (the fixture should succeed)"
        );
        self.c.answer(method, template, status, &v);
        v
    }
}

impl Flow<'_> {
    /// The document lists a field's choices (`enum`): a client may only send one of them, so the
    /// server must refuse anything else, naming the field (and change nothing: the real call that
    /// follows must still succeed). Each choice in a body that is about to succeed is sent first
    /// as an empty string and as itself with spaces around (what a form would read as "no
    /// choice", or trim).
    async fn outside_the_choices_is_refused(
        &mut self,
        token: Option<&str>,
        method: &str,
        template: &str,
        path: &str,
        body: &Value,
    ) {
        let op = &self.c.doc["paths"][template][method.to_ascii_lowercase()];
        let Some(schema) = op["requestBody"]["content"]["application/json"].get("schema") else {
            return;
        };
        let mut places = vec![];
        choice_places(&self.c.doc, schema, body, &Choice::default(), &mut places);
        for Choice {
            pointer,
            field,
            general,
        } in places
        {
            self.c
                .choices
                .insert(format!("{method} {template} {general}"));
            let given = body.pointer(&pointer).and_then(Value::as_str).unwrap_or("");
            for wrong in [String::new(), format!(" {given} ")] {
                let mut probe = body.clone();
                *probe.pointer_mut(&pointer).expect("the place exists") = json!(wrong);
                let (status, answer) = self.t.json(method, path, token, Some(probe)).await;
                // A group of a map may be named on its own (`decision` for `preferences.decision`).
                let last = field.rsplit('.').next().unwrap_or(&field);
                let fields = &answer["error"]["fields"];
                if status != Status::UnprocessableEntity
                    || (fields[&field].is_null() && fields[last].is_null())
                {
                    self.c.problems.push(format!(
                        "{method} {template}: `{field}` = {wrong:?} is not one of the documented \
                         choices, but the answer was {status} {answer}"
                    ));
                }
            }
        }
    }
}

/// A place in a request body whose value the schema restricts to a list of choices (`enum`).
#[derive(Clone, Default)]
struct Choice {
    /// JSON pointer into the body.
    pointer: String,
    /// The field as the API's errors name it (`points[1].outcome`).
    field: String,
    /// The field as `documented_choices` names it (`points[0].outcome`, `preferences.*`).
    general: String,
}

/// Where `v` holds a string the schema restricts to a list of choices.
fn choice_places(doc: &Value, schema: &Value, v: &Value, at: &Choice, out: &mut Vec<Choice>) {
    let schema = resolve(doc, schema);
    for key in ["oneOf", "anyOf"] {
        if let Some(alternatives) = schema[key].as_array() {
            // The alternative the value fits is the one that restricts it.
            if let Some(alt) = alternatives.iter().find(|alt| {
                let mut problems = vec![];
                check(doc, alt, v, "", &mut problems);
                problems.is_empty()
            }) {
                choice_places(doc, alt, v, at, out);
            }
            return;
        }
    }
    if schema.get("enum").is_some() && v.is_string() {
        out.push(at.clone());
        return;
    }
    let dot = |base: &str, name: &str| match base.is_empty() {
        true => name.to_string(),
        false => format!("{base}.{name}"),
    };
    match v {
        Value::Object(map) => {
            let (props, _) = object_parts(doc, schema);
            for (k, value) in map {
                let (s, general) = match (props.get(k), schema.get("additionalProperties")) {
                    (Some(s), _) => (s, dot(&at.general, k)),
                    (None, Some(s)) if s.is_object() => (s, dot(&at.general, "*")),
                    _ => continue,
                };
                let place = Choice {
                    pointer: format!("{}/{k}", at.pointer),
                    field: dot(&at.field, k),
                    general,
                };
                choice_places(doc, s, value, &place, out);
            }
        }
        Value::Array(list) => {
            if let Some(items) = schema.get("items") {
                for (i, value) in list.iter().enumerate() {
                    let place = Choice {
                        pointer: format!("{}/{i}", at.pointer),
                        field: format!("{}[{i}]", at.field),
                        general: format!("{}[0]", at.general),
                    };
                    choice_places(doc, items, value, &place, out);
                }
            }
        }
        _ => {}
    }
}

/// Every request field the document restricts to a list of choices, as `METHOD /template field`
/// (array elements as `[0]`).
fn documented_choices(doc: &Value, schema: &Value, op: &str, at: &str, out: &mut BTreeSet<String>) {
    let schema = resolve(doc, schema);
    if let Some(choices) = schema.get("enum").and_then(Value::as_array) {
        // Only lists of words: `[true]` (a box that must be ticked) has no string outside it.
        if choices.iter().all(Value::is_string) {
            out.insert(format!("{op} {at}"));
        }
        return;
    }
    for key in ["oneOf", "anyOf"] {
        for alt in schema[key].as_array().into_iter().flatten() {
            documented_choices(doc, alt, op, at, out);
        }
    }
    let (props, _) = object_parts(doc, schema);
    for (k, s) in &props {
        let field = if at.is_empty() {
            k.clone()
        } else {
            format!("{at}.{k}")
        };
        documented_choices(doc, s, op, &field, out);
    }
    if let Some(items) = schema.get("items") {
        documented_choices(doc, items, op, &format!("{at}[0]"), out);
    }
    if let Some(values) = schema.get("additionalProperties").filter(|s| s.is_object()) {
        let field = if at.is_empty() {
            "*".to_string()
        } else {
            format!("{at}.*")
        };
        documented_choices(doc, values, op, &field, out);
    }
}

fn id(v: &Value) -> String {
    v["id"].as_i64().expect("an id").to_string()
}

#[rocket::async_test]
async fn real_answers_fit_their_documented_schemas() {
    let t = sqlite().await;
    seed(&t).await;
    let mut f = Flow {
        t: &t,
        c: Checker {
            doc: document(&t).await,
            checked: BTreeSet::new(),
            choices: BTreeSet::new(),
            problems: vec![],
        },
    };
    let login = json!({"email": "a1@alfa.test", "password": PASSWORD});
    let tok = f.go(None, "POST /api/v1/tokens", &[], Some(login)).await;
    let a1 = tok["token"].as_str().unwrap().to_string();
    let a1 = Some(a1.as_str());
    let (a2, staff, root) = (
        t.token("a2@alfa.test").await,
        t.token("staff@alfa.test").await,
        t.token("root@platform.test").await,
    );
    let (a2, staff, root) = (Some(a2.as_str()), Some(staff.as_str()), Some(root.as_str()));
    f.go(a1, "GET /api/v1/me", &[], None).await;

    // An item through its life, so that the item's answer has a decision, an action with an
    // update, minutes with a confirmation, an addendum, a reaction and a co-signature.
    let body = json!({"panel": "burgers", "kind": "proposal", "title": "Een bank aan de halte",
                      "text": "Oudere mensen moeten lang staan."});
    let item = f
        .go(a1, "POST /api/v1/zones/{code}/items", &["ALFA"], Some(body))
        .await;
    let i = id(&item);
    f.go(a2, "POST /api/v1/items/{id}/cosign", &[&i], None)
        .await;
    f.go(a1, "POST /api/v1/items/{id}/submit", &[&i], None)
        .await;
    let body = json!({"text": "Ook aan de bibliotheek."});
    f.go(a1, "POST /api/v1/items/{id}/addenda", &[&i], Some(body))
        .await;
    let body = json!({"starts_at": "2026-04-15T19:30", "place": "Gemeentehuis", "other_points": "Begroting"});
    let meeting = f
        .go(
            staff,
            "POST /api/v1/zones/{code}/meetings",
            &["ALFA"],
            Some(body),
        )
        .await;
    let m = id(&meeting);
    for step in [
        json!({"action": "acknowledge", "meeting": meeting["id"]}),
        json!({"action": "schedule", "meeting": meeting["id"]}),
    ] {
        f.go(
            staff,
            "POST /api/v1/items/{id}/transitions",
            &[&i],
            Some(step),
        )
        .await;
    }
    let body = json!({"text": "Ik zie het anders.", "own_view": true});
    f.go(a2, "POST /api/v1/items/{id}/reactions", &[&i], Some(body))
        .await;
    t.clock
        .set(chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 4, 15, 20, 0, 0).unwrap());
    let body = json!({"item": item["id"], "summary": "Een goed idee; eerst de kosten."});
    f.go(
        staff,
        "POST /api/v1/meetings/{id}/minutes",
        &[&m],
        Some(body),
    )
    .await;
    f.go(staff, "POST /api/v1/meetings/{id}/held", &[&m], None)
        .await;
    let body = json!({"confirm": true});
    f.go(
        a1,
        "POST /api/v1/items/{id}/minutes-responses",
        &[&i],
        Some(body),
    )
    .await;
    let body = json!({"action": "decide", "outcome": "accepted", "reasons": "Er komt een bank."});
    f.go(
        staff,
        "POST /api/v1/items/{id}/transitions",
        &[&i],
        Some(body),
    )
    .await;
    let body = json!({"verdict": "answered", "reason": "Duidelijk."});
    f.go(a1, "POST /api/v1/items/{id}/verdict", &[&i], Some(body))
        .await;
    let body =
        json!({"what": "Bank plaatsen", "responsible": "Technische dienst", "due": "2026-07-01"});
    let with_action = f
        .go(staff, "POST /api/v1/items/{id}/actions", &[&i], Some(body))
        .await;
    let action = with_action["action_id"].to_string();
    let body = json!({"percent": 50, "note": "Bank besteld."});
    f.go(
        staff,
        "POST /api/v1/actions/{id}/updates",
        &[&action],
        Some(body),
    )
    .await;
    let body = json!({"public": true});
    f.go(a1, "POST /api/v1/items/{id}/visibility", &[&i], Some(body))
        .await;
    f.go(a1, "GET /api/v1/items/{id}", &[&i], None).await;
    f.go(
        staff,
        "GET /api/v1/zones/{code}/items?page=1",
        &["ALFA"],
        None,
    )
    .await;
    f.go(a1, "GET /api/v1/items/{id}/timeline", &[&i], None)
        .await;
    f.go(a1, "GET /api/v1/items/{id}/dossier", &[&i], None)
        .await;
    f.go(staff, "GET /api/v1/meetings/{id}", &[&m], None).await;
    f.go(staff, "GET /api/v1/zones/{code}/overview", &["ALFA"], None)
        .await;
    f.go(None, "GET /api/v1/zones/{code}/figures", &["ALFA"], None)
        .await;
    f.go(
        staff,
        "GET /api/v1/zones/{code}/report?year=2026",
        &["ALFA"],
        None,
    )
    .await;

    // A consultation: asked, advised in a version with a dissent, submitted, reported back, and a
    // point made into an item.
    let body = json!({"title": "Wachtzaal", "question": "Wat moet beter?", "advice_due": "2026-05-01",
                      "panels": ["burgers"], "links": ["https://example.org/plan"]});
    let cons = f
        .go(
            staff,
            "POST /api/v1/zones/{code}/consultations",
            &["ALFA"],
            Some(body),
        )
        .await;
    let k = id(&cons);
    let body =
        json!({"panel": "burgers", "text": "Meer stoelen.\n\nEen toilet.", "base_version": 0});
    f.go(
        a1,
        "PUT /api/v1/consultations/{id}/advice",
        &[&k],
        Some(body),
    )
    .await;
    let body = json!({"panel": "burgers", "kind": "dissent", "text": "Een toilet is niet nodig."});
    f.go(
        a2,
        "POST /api/v1/consultations/{id}/notes",
        &[&k],
        Some(body),
    )
    .await;
    let body = json!({"text": "Dank u."});
    f.go(
        staff,
        "POST /api/v1/consultations/{id}/reactions",
        &[&k],
        Some(body),
    )
    .await;
    let body = json!({"panel": "burgers"});
    f.go(
        a1,
        "POST /api/v1/consultations/{id}/submit",
        &[&k],
        Some(body),
    )
    .await;
    let body = json!({"panel": "burgers", "summary": "Gedaan.", "points": [
        {"point": 1, "outcome": "followed", "reasons": "Er staan er tien bij."},
        {"point": 2, "outcome": "not-followed", "reasons": "Er is er al een."}]});
    f.go(
        staff,
        "POST /api/v1/consultations/{id}/report-back",
        &[&k],
        Some(body),
    )
    .await;
    let body = json!({"panel": "burgers", "point": 2});
    f.go(
        a1,
        "POST /api/v1/consultations/{id}/items",
        &[&k],
        Some(body),
    )
    .await;
    f.go(a1, "GET /api/v1/consultations/{id}", &[&k], None)
        .await;
    f.go(a1, "GET /api/v1/consultations/{id}/timeline", &[&k], None)
        .await;
    f.go(
        staff,
        "GET /api/v1/zones/{code}/consultations",
        &["ALFA"],
        None,
    )
    .await;

    // Signals: one without an account, one recorded on someone's behalf; one triaged.
    let body = json!({"text": "De lift in het station is al weken stuk.",
                      "contact": "jan@example.org", "relation": "bewoner"});
    let anon = f
        .go(
            None,
            "POST /api/v1/zones/{code}/signals",
            &["ALFA"],
            Some(body),
        )
        .await;
    let body = json!({"text": "Mijn buurvrouw vindt geen huisarts.", "heard_at": "Buurtfeest",
                      "person_name": "Mia"});
    f.go(
        a1,
        "POST /api/v1/zones/{code}/signals",
        &["ALFA"],
        Some(body),
    )
    .await;
    let list = f
        .go(staff, "GET /api/v1/zones/{code}/signals", &["ALFA"], None)
        .await;
    let s = id(&list["signals"][0]);
    let body = json!({"action": "bundle", "item": item["id"]});
    f.go(staff, "POST /api/v1/signals/{id}/triage", &[&s], Some(body))
        .await;
    let other = id(&list["signals"][1]);
    let body = json!({"action": "adopt", "panel": "burgers", "kind": "question",
                      "title": "Lift station", "text": "De lift in het station is al weken stuk."});
    f.go(
        staff,
        "POST /api/v1/signals/{id}/triage",
        &[&other],
        Some(body),
    )
    .await;
    f.go(staff, "GET /api/v1/signals/{id}/timeline", &[&s], None)
        .await;
    let follow = anon["token"].as_str().unwrap();
    f.go(None, "GET /api/v1/signals/{token}", &[follow], None)
        .await;

    // Notifications and preferences.
    let inbox = f.go(a1, "GET /api/v1/me/notifications", &[], None).await;
    let first = id(&inbox["notifications"][0]);
    f.go(
        a1,
        "POST /api/v1/me/notifications/{id}/read",
        &[&first],
        None,
    )
    .await;
    f.go(a1, "GET /api/v1/me/preferences", &[], None).await;
    let body = json!({"preferences": {"decision": "digest"}});
    f.go(a1, "PUT /api/v1/me/preferences", &[], Some(body))
        .await;
    let body = json!({"decision": "digest"});
    f.go(a1, "PUT /api/v1/me/preferences", &[], Some(body))
        .await;

    // Zones, panels, invitations.
    let body = json!({"code": "GAMMA", "name": "ELZ Gamma"});
    f.go(root, "POST /api/v1/zones", &[], Some(body)).await;
    let body = json!({"slug": "burgers", "name": "Burgerplatform", "kind": "burgerplatform"});
    f.go(
        root,
        "POST /api/v1/zones/{code}/panels",
        &["GAMMA"],
        Some(body),
    )
    .await;
    let body = json!({"email": "nieuw@gamma.test", "name": "Nieuw", "role": "citizen",
                      "panel": "burgers"});
    let inv = f
        .go(
            root,
            "POST /api/v1/zones/{code}/invitations",
            &["GAMMA"],
            Some(body),
        )
        .await;
    let body = json!({"password": PASSWORD});
    let token = inv["token"].as_str().unwrap();
    let joined = f
        .go(
            None,
            "POST /api/v1/invitations/{token}",
            &[token],
            Some(body),
        )
        .await;
    let person = joined["user"]["id"].to_string();
    let body = json!({"texts": "keep", "requested_by_person": true});
    f.go(
        root,
        "POST /api/v1/zones/{code}/people/{id}/erasure",
        &["GAMMA", &person],
        Some(body),
    )
    .await;
    f.go(None, "GET /api/v1/openapi.json", &[], None).await;
    f.go(a1, "DELETE /api/v1/tokens/current", &[], None).await;

    say(&format!(
        "checked {} answers against their schemas",
        f.c.checked.len()
    ));
    let mut documented = BTreeSet::new();
    for (template, ops) in f.c.doc["paths"].as_object().expect("paths") {
        for (method, op) in ops.as_object().expect("operations") {
            if let Some(schema) = op["requestBody"]["content"]["application/json"].get("schema") {
                let name = format!("{} {template}", method.to_ascii_uppercase());
                documented_choices(&f.c.doc, schema, &name, "", &mut documented);
            }
        }
    }
    let missed: Vec<&String> = documented.difference(&f.c.choices).collect();
    assert!(
        missed.is_empty(),
        "fields with documented choices that no call above sends (add one): {missed:#?}"
    );
    assert!(
        f.c.problems.is_empty(),
        "answers differ from their documented schemas (fix the schema in src/web/api/schemas.rs \
         or the view):\n  {}",
        f.c.problems.join("\n  ")
    );
}

// ---------------------------------------------------------------------------------------------
// The Error schema

#[rocket::async_test]
async fn the_error_schema_is_what_errors_look_like() {
    let t = sqlite().await;
    seed(&t).await;
    let doc = document(&t).await;
    let error = &doc["components"]["schemas"]["Error"];
    let (outer, outer_required) = object_parts(&doc, error);
    assert_eq!(outer.keys().collect::<Vec<_>>(), ["error"], "{error}");
    assert_eq!(outer_required, ["error"]);
    let (inner, required) = object_parts(&doc, &outer["error"]);
    let documented: BTreeSet<&str> = inner.keys().map(String::as_str).collect();
    assert_eq!(
        documented,
        BTreeSet::from(["code", "message", "fields"]),
        "{error}"
    );
    let required: BTreeSet<&str> = required.iter().map(String::as_str).collect();
    assert_eq!(required, BTreeSet::from(["code", "message"]));
    let codes = &resolve(&doc, &inner["code"])["enum"];

    let token = t.token("a1@alfa.test").await;
    let mut answers = vec![];
    // From a handler: no such item; a field the server checked.
    answers.push(
        t.json("GET", "/api/v1/items/999999", Some(&token), None)
            .await,
    );
    answers.push(
        t.json(
            "POST",
            "/api/v1/zones/ALFA/items",
            Some(&token),
            Some(json!({"panel": "burgers", "kind": "proposal", "title": "", "text": ""})),
        )
        .await,
    );
    // From the catcher: no token; a body that is not JSON.
    answers.push(t.json("GET", "/api/v1/me", None, None).await);
    let res = t
        .client
        .post("/api/v1/tokens")
        .header(ContentType::JSON)
        .body("{not json")
        .dispatch()
        .await;
    let status = res.status();
    answers.push((
        status,
        serde_json::from_str(&res.into_string().await.unwrap()).unwrap(),
    ));

    let statuses: Vec<u16> = answers.iter().map(|(s, _)| s.code).collect();
    assert_eq!(statuses, [404, 422, 401, 400]);
    for (status, body) in &answers {
        let outer_keys: Vec<&String> = body.as_object().expect("an object").keys().collect();
        assert_eq!(outer_keys, ["error"], "{status}: {body}");
        let keys: BTreeSet<&str> = body["error"]
            .as_object()
            .expect("an object")
            .keys()
            .map(String::as_str)
            .collect();
        assert!(
            keys.is_subset(&documented) && required.is_subset(&keys),
            "{status}: {body} has keys {keys:?}; the Error schema has {documented:?}, \
             required {required:?}"
        );
        assert!(
            codes
                .as_array()
                .is_some_and(|c| c.contains(&body["error"]["code"])),
            "{status}: code {} is not in the schema's {codes}",
            body["error"]["code"]
        );
        let mut problems = vec![];
        check(&doc, error, body, "body", &mut problems);
        assert!(problems.is_empty(), "{status}: {problems:?}");
    }
    assert!(answers[1].1["error"]["fields"]["title"].is_string());
}

/// Every request body the document describes is an object, and an array in its place is refused
/// with the field named, before anything happens: serde reads a struct from the array of its
/// fields (`[null]` accepted an invitation), and a client generated from the document expects
/// the refusal. Each operation is called by each kind of caller, so that one gets past the
/// route's own checks; the body is read before the handler looks anything up.
#[rocket::async_test]
async fn an_array_is_never_taken_for_an_object_body() {
    let t = sqlite().await;
    seed(&t).await;
    let doc = document(&t).await;
    let mut callers = vec![None];
    for who in [
        "a1@alfa.test",
        "staff@alfa.test",
        "raad@alfa.test",
        "admin@alfa.test",
        "root@platform.test",
    ] {
        callers.push(Some(t.token(who).await));
    }
    let mut checked = 0;
    let mut problems = vec![];
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("a path item") {
            let schema = &op["requestBody"]["content"]["application/json"]["schema"];
            if schema.is_null() {
                continue;
            }
            let verb = method.to_uppercase();
            let name = format!("{verb} {path}");
            let documented = resolve(&doc, schema);
            if documented["type"] != "object" && documented["oneOf"].is_null() {
                problems.push(format!("{name}: the body is documented as {schema}"));
            }
            let uri: String = path
                .split('/')
                .map(|seg| match seg {
                    "{code}" => "ALFA",
                    s if s.starts_with('{') => "1",
                    s => s,
                })
                .collect::<Vec<_>>()
                .join("/");
            for body in [json!([null]), json!([{}]), json!(["submit"])] {
                let mut refused = false;
                for token in &callers {
                    let (status, answer) = t
                        .json(&verb, &uri, token.as_deref(), Some(body.clone()))
                        .await;
                    if status.code < 300 {
                        problems.push(format!("{name}: {body} was accepted ({status}): {answer}"));
                    }
                    if status == Status::UnprocessableEntity {
                        refused |= answer["error"]["fields"]["body"].is_string();
                    }
                }
                if refused {
                    checked += 1;
                } else {
                    problems.push(format!(
                        "{name}: no caller had {body} refused as not an object"
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(
        checked >= 90,
        "only {checked} bodies were refused: is the walk broken?"
    );
}

// ---------------------------------------------------------------------------------------------
// A real validator

const SKIP_HINT: &str =
    "the OpenAPI validator needs Node.js and `npm ci --prefix tests/browser` (see tests/browser/README.md)";

#[rocket::async_test]
async fn an_openapi_validator_accepts_the_document() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let on_ci = std::env::var_os("CI").is_some();
    let node = Command::new("node")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    let package = root.join("tests/browser/node_modules/@apidevtools/swagger-parser/package.json");
    let mut missing = vec![];
    if !node {
        missing.push("no `node` on PATH".to_string());
    }
    if !package.exists() {
        missing
            .push("tests/browser/node_modules/@apidevtools/swagger-parser is not installed".into());
    }
    if !missing.is_empty() {
        let why = missing.join("; ");
        if on_ci {
            panic!("the OpenAPI validator cannot run on CI: {why}. {SKIP_HINT}");
        }
        say(&format!("SKIPPED: {SKIP_HINT}. Missing: {why}."));
        return;
    }

    let t = sqlite().await;
    let res = t.client.get(DOC).dispatch().await;
    assert_eq!(res.status(), Status::Ok);
    let text = res.into_string().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("openapi.json");
    std::fs::write(&file, &text).unwrap();

    let out = Command::new("node")
        .arg(root.join("tests/browser/validate-openapi.mjs"))
        .arg(&file)
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    say(stdout.trim());
    assert!(
        out.status.success(),
        "the OpenAPI validator rejects /api/v1/openapi.json:\n{stderr}{stdout}"
    );
}

// ---------------------------------------------------------------------------------------------
// The page

#[rocket::async_test]
async fn the_api_page_shows_the_document() {
    let t = sqlite().await;
    for lang in ["nl", "fr", "en"] {
        let res = t
            .client
            .get("/api")
            .header(rocket::http::Header::new("Accept-Language", lang))
            .dispatch()
            .await;
        assert_eq!(res.status(), Status::Ok, "{lang}");
        let html = res.into_string().await.unwrap();
        assert!(html.contains(&format!("<html lang=\"{lang}\"")), "{lang}");
        for needle in [
            "/api/v1/zones/{code}/items",
            "/api/v1/items/{id}/transitions",
            "/api/v1/signals/{token}",
            "href=\"/api/v1/openapi.json\"",
            "Authorization: Bearer",
            "text/csv",
        ] {
            assert!(html.contains(needle), "{lang}: the page lacks {needle}");
        }
        assert!(
            !html.contains("{{"),
            "{lang}: a template expression was left"
        );
    }
    // Linked from every page, so people (and the accessibility crawl) find it.
    let (_, home) = t.get_as(&t.anonymous(), "/").await;
    assert!(home.contains("href=\"/api\""));
}

/// A generated client knows, per move, which fields it must send: the transition body is one
/// alternative per action, each requiring its own fields.
#[rocket::async_test]
async fn each_move_documents_its_own_fields() {
    let t = sqlite().await;
    let doc = document(&t).await;
    let body = &doc["paths"]["/api/v1/items/{id}/transitions"]["post"]["requestBody"];
    let schema = resolve(&doc, &body["content"]["application/json"]["schema"]);
    let alternatives = schema["oneOf"]
        .as_array()
        .expect("one alternative per move");
    let mut required_by_action = std::collections::BTreeMap::new();
    for alt in alternatives {
        let (props, required) = object_parts(&doc, alt);
        let action = props["action"]["enum"][0]
            .as_str()
            .expect("a fixed action")
            .to_string();
        let mut required: Vec<String> = required.into_iter().filter(|k| k != "action").collect();
        required.sort();
        assert!(required_by_action.insert(action, required).is_none());
    }
    let want: &[(&str, &[&str])] = &[
        ("submit", &[]),
        ("acknowledge", &[]),
        ("request-clarification", &["text"]),
        ("answer-clarification", &["text"]),
        ("schedule", &["meeting"]),
        ("decide", &["outcome", "reasons"]),
        ("correct-decision", &["outcome", "reasons"]),
        ("propose-closure", &["note"]),
        ("confirm-closure", &[]),
        ("object-closure", &["text"]),
        ("withdraw", &[]),
        ("reopen", &["text"]),
    ];
    for (action, fields) in want {
        assert_eq!(
            required_by_action
                .get(*action)
                .map(|v| v.iter().map(String::as_str).collect::<Vec<_>>()),
            Some(fields.to_vec()),
            "{action}"
        );
    }
    assert_eq!(
        required_by_action.len(),
        want.len(),
        "{required_by_action:?}"
    );
}

/// utoipa names a schema after its type, and two types of one name silently become one schema
/// (an answer's shape documented as a request body, a domain enum replaced by a report row): every
/// type that derives `ToSchema` must have a name of its own (or its own `#[schema(as = …)]`).
#[test]
fn every_schema_type_has_a_name_of_its_own() {
    let mut names: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    let mut stack = vec![std::path::PathBuf::from("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let (mut deriving, mut alias) = (false, None::<String>);
            for (n, line) in text.lines().enumerate() {
                let line = line.trim();
                if line.starts_with("#[derive(") && line.contains("ToSchema") {
                    (deriving, alias) = (true, None);
                }
                if let Some(rest) = deriving
                    .then(|| line.strip_prefix("#[schema(as = "))
                    .flatten()
                {
                    let name = rest.trim_end_matches(")]").rsplit("::").next().unwrap();
                    alias = Some(name.to_string());
                }
                let decl = line
                    .trim_start_matches("pub(crate) ")
                    .trim_start_matches("pub ");
                let name = decl
                    .strip_prefix("struct ")
                    .or_else(|| decl.strip_prefix("enum "))
                    .map(|r| {
                        r.split(|c: char| !c.is_alphanumeric() && c != '_')
                            .next()
                            .unwrap()
                    });
                if let (true, Some(name)) = (deriving, name) {
                    let name = alias.take().unwrap_or_else(|| name.to_string());
                    names
                        .entry(name)
                        .or_default()
                        .push(format!("{}:{}", path.display(), n + 1));
                    deriving = false;
                }
            }
        }
    }
    assert!(names.len() > 100, "found only {} schema types", names.len());
    let shared: Vec<_> = names.iter().filter(|(_, at)| at.len() > 1).collect();
    assert!(
        shared.is_empty(),
        "schema names used by more than one type: {shared:?}"
    );
}
