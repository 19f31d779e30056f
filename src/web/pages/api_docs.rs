//! The API's documentation for developers, at `/api`: the OpenAPI document (`web::openapi`)
//! rendered on the server, without JavaScript, so the page shows exactly what the document says.
//! Operation summaries and schema descriptions stay in English (they come from the code); the page
//! around them follows the person's language.

use crate::web::openapi::{self, DOCUMENT_PATH};
use crate::web::page::Ctx;
use crate::web::template::Template;
use rocket::{get, routes};
use serde::Serialize;
use serde_json::Value;
use utoipa::openapi::schema::Schema;
use utoipa::openapi::{OpenApi, RefOr};

pub fn routes() -> Vec<rocket::Route> {
    routes![api_docs]
}

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

#[get("/api")]
fn api_docs(ctx: Ctx) -> Template {
    ctx.render("api_docs", view(openapi::document()))
}

/// The documentation page: the document's title and version, how to authenticate, the
/// operations grouped by tag and the schemas.
#[derive(Serialize)]
pub struct ApiDocs {
    document_path: &'static str,
    title: String,
    version: String,
    description: Option<Vec<TextPiece>>,
    token_request: &'static str,
    auth_header: &'static str,
    tags: Vec<TagView>,
    schemas: Vec<SchemaView>,
}

/// A piece of text from the document; `code` when it was in backticks.
#[derive(Serialize)]
struct TextPiece {
    text: String,
    code: bool,
}

/// A piece of a type's notation; `link` to a named schema's anchor.
#[derive(Serialize)]
struct TypePiece {
    text: String,
    link: Option<String>,
}

/// A tag with its operations.
#[derive(Serialize)]
struct TagView {
    name: String,
    anchor: String,
    description: Option<Vec<TextPiece>>,
    operations: Vec<OperationView>,
}

#[derive(Serialize)]
struct OperationView {
    anchor: String,
    method: String,
    path: String,
    summary: Option<Vec<TextPiece>>,
    description: Option<Vec<TextPiece>>,
    /// Without a token.
    public: bool,
    /// Only with a token.
    bearer: bool,
    /// With or without a token.
    optional: bool,
    params: Vec<ParamView>,
    body: Option<BodyView>,
    responses: Vec<ResponseView>,
}

#[derive(Serialize)]
struct ParamView {
    name: String,
    in_path: bool,
    required: bool,
    r#type: Vec<TypePiece>,
    description: Option<Vec<TextPiece>>,
}

#[derive(Serialize)]
struct BodyView {
    media_type: String,
    required: bool,
    r#type: Vec<TypePiece>,
    fields: Vec<FieldView>,
}

#[derive(Serialize)]
struct ResponseView {
    status: String,
    error: bool,
    description: Option<Vec<TextPiece>>,
    content: Vec<ContentView>,
}

/// A response's body in one media type.
#[derive(Serialize)]
struct ContentView {
    media_type: String,
    r#type: Vec<TypePiece>,
}

/// A field of an object schema.
#[derive(Serialize)]
struct FieldView {
    name: String,
    required: bool,
    r#type: Vec<TypePiece>,
    description: Option<Vec<TextPiece>>,
}

#[derive(Serialize)]
struct SchemaView {
    name: String,
    anchor: String,
    description: Option<Vec<TextPiece>>,
    fields: Vec<FieldView>,
    /// An enumeration's values.
    values: Option<Vec<String>>,
    /// `oneOf` or `anyOf`: the alternatives' notation.
    alternatives: Option<Vec<TypePiece>>,
}

/// A string of the document, `""` where it is not one.
fn string(v: &Value) -> String {
    v.as_str().unwrap_or_default().to_string()
}

/// The template's context: operations grouped by tag, in the document's order, and the schemas.
/// Paths and fields are read from the typed document, which keeps the order of the code; the rest
/// from its JSON form (serde_json's maps are sorted, and the order of the rest does not matter).
pub fn view(typed: &OpenApi) -> ApiDocs {
    let json_doc = serde_json::to_value(typed).expect("the OpenAPI document serializes");
    let doc = &json_doc;
    let mut tags: Vec<TagView> = doc["tags"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|t| {
            let name = string(&t["name"]);
            TagView {
                anchor: format!("tag-{name}"),
                name,
                description: rich(t.get("description")),
                operations: vec![],
            }
        })
        .collect();
    for path in typed.paths.paths.keys() {
        let item = &doc["paths"][path];
        for method in METHODS {
            let Some(op) = item.get(method) else {
                continue;
            };
            let tag = op["tags"][0].as_str().unwrap_or("");
            let entry = operation(typed, doc, method, path, op);
            match tags.iter_mut().find(|t| t.name == tag) {
                Some(t) => t.operations.push(entry),
                None => tags.push(TagView {
                    name: tag.to_string(),
                    anchor: format!("tag-{tag}"),
                    description: None,
                    operations: vec![entry],
                }),
            }
        }
    }
    tags.retain(|t| !t.operations.is_empty());
    let schemas: Vec<SchemaView> = doc["components"]["schemas"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(name, s)| SchemaView {
            name: name.clone(),
            anchor: format!("schema-{name}"),
            description: rich(s.get("description")),
            fields: named(typed, name)
                .map(|t| fields(typed, doc, t))
                .unwrap_or_default(),
            values: s.get("enum").map(enum_values),
            alternatives: s
                .get("oneOf")
                .or_else(|| s.get("anyOf"))
                .map(|_| type_of(s)),
        })
        .collect();
    ApiDocs {
        document_path: DOCUMENT_PATH,
        title: string(&doc["info"]["title"]),
        version: string(&doc["info"]["version"]),
        description: rich(doc["info"].get("description")),
        token_request: "POST /api/v1/tokens\nContent-Type: application/json\n\n{\"email\": \"…\", \"password\": \"…\"}",
        auth_header: "Authorization: Bearer <token>",
        tags,
        schemas,
    }
}

fn operation(typed: &OpenApi, doc: &Value, method: &str, path: &str, op: &Value) -> OperationView {
    let security = op["security"].as_array().cloned().unwrap_or_default();
    let public = security
        .iter()
        .any(|s| s.as_object().is_some_and(|o| o.is_empty()));
    let bearer = security.iter().any(|s| s.get("bearer").is_some());
    let params: Vec<ParamView> = op["parameters"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| ParamView {
            name: string(&p["name"]),
            in_path: p["in"] == "path",
            required: p["required"].as_bool().unwrap_or(false),
            r#type: type_of(&p["schema"]),
            description: rich(p.get("description")),
        })
        .collect();
    let body = op.get("requestBody").map(|b| {
        let (media, content) = b["content"]
            .as_object()
            .and_then(|c| c.iter().next())
            .map(|(m, c)| (m.clone(), c.clone()))
            .unwrap_or_default();
        BodyView {
            media_type: media,
            required: b["required"].as_bool().unwrap_or(false),
            r#type: type_of(&content["schema"]),
            fields: schema_name(&content["schema"])
                .and_then(|n| named(typed, n))
                .map(|t| fields(typed, doc, t))
                .unwrap_or_default(),
        }
    });
    let responses: Vec<ResponseView> = op["responses"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(status, r)| {
            let r = resolve(doc, r);
            let content: Vec<ContentView> = r["content"]
                .as_object()
                .into_iter()
                .flatten()
                .map(|(media, c)| ContentView {
                    media_type: media.clone(),
                    r#type: type_of(&c["schema"]),
                })
                .collect();
            ResponseView {
                status: status.clone(),
                error: !status.starts_with('2'),
                description: rich(r.get("description")),
                content,
            }
        })
        .collect();
    OperationView {
        anchor: format!("op-{}", op["operationId"].as_str().unwrap_or("")),
        method: method.to_uppercase(),
        path: path.to_string(),
        summary: rich(op.get("summary")),
        description: rich(op.get("description")),
        public: public && !bearer,
        bearer: bearer && !public,
        optional: public && bearer,
        params,
        body,
        responses,
    }
}

fn resolve<'a>(doc: &'a Value, v: &'a Value) -> &'a Value {
    match v
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix('#'))
    {
        Some(pointer) => doc.pointer(pointer).map_or(v, |t| resolve(doc, t)),
        None => v,
    }
}

fn enum_values(v: &Value) -> Vec<String> {
    v.as_array()
        .into_iter()
        .flatten()
        .map(|x| x.as_str().map_or_else(|| x.to_string(), String::from))
        .collect()
}

fn schema_name(schema: &Value) -> Option<&str> {
    schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/components/schemas/"))
}

fn named<'a>(typed: &'a OpenApi, name: &str) -> Option<&'a RefOr<Schema>> {
    typed.components.as_ref()?.schemas.get(name)
}

/// The fields of an object schema in the order of the code, `allOf` parts (serde's `flatten`)
/// merged in order.
fn fields(typed: &OpenApi, doc: &Value, schema: &RefOr<Schema>) -> Vec<FieldView> {
    let schema = match schema {
        RefOr::Ref(r) => {
            let name = r.ref_location.trim_start_matches("#/components/schemas/");
            return named(typed, name)
                .map(|s| fields(typed, doc, s))
                .unwrap_or_default();
        }
        RefOr::T(s) => s,
    };
    match schema {
        Schema::AllOf(all) => all
            .items
            .iter()
            .flat_map(|part| fields(typed, doc, part))
            .collect(),
        Schema::Object(o) => o
            .properties
            .iter()
            .map(|(name, property)| {
                let p = serde_json::to_value(property).unwrap_or_default();
                let description = p
                    .get("description")
                    .or_else(|| resolve(doc, &p).get("description"));
                FieldView {
                    name: name.clone(),
                    required: o.required.contains(name),
                    r#type: type_of(&p),
                    description: rich(description),
                }
            })
            .collect(),
        _ => vec![],
    }
}

/// Text from the document as pieces, `code` in backticks marked as such (the descriptions are
/// CommonMark; inline code is all of it they use). Lines of one paragraph are joined.
fn rich(text: Option<&Value>) -> Option<Vec<TextPiece>> {
    let text = text.and_then(Value::as_str).filter(|t| !t.is_empty())?;
    let joined = text
        .split("\n\n")
        .map(|para| {
            para.split('\n')
                .map(str::trim)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join("\n\n");
    let parts: Vec<TextPiece> = joined
        .split('`')
        .enumerate()
        .filter(|(_, piece)| !piece.is_empty())
        .map(|(i, piece)| TextPiece {
            text: piece.to_string(),
            code: i % 2 == 1,
        })
        .collect();
    Some(parts)
}

/// A schema's type as pieces of text and links to named schemas: `Item[]`, `string (date) | null`,
/// `{string: string}`. Notation rather than words, so it reads the same in every language.
fn type_of(schema: &Value) -> Vec<TypePiece> {
    let mut out = vec![];
    push_type(schema, &mut out);
    if out.is_empty() {
        text(&mut out, "any");
    }
    out
}

fn text(out: &mut Vec<TypePiece>, s: &str) {
    out.push(TypePiece {
        text: s.to_string(),
        link: None,
    });
}

fn push_type(schema: &Value, out: &mut Vec<TypePiece>) {
    if let Some(name) = schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/components/schemas/"))
    {
        out.push(TypePiece {
            text: name.to_string(),
            link: Some(format!("#schema-{name}")),
        });
        return;
    }
    for (key, sep) in [("oneOf", " | "), ("anyOf", " | "), ("allOf", " & ")] {
        if let Some(alts) = schema.get(key).and_then(Value::as_array) {
            // `null` last: "Item | null" reads better than "null | Item".
            let (nulls, others): (Vec<&Value>, Vec<&Value>) =
                alts.iter().partition(|a| a["type"] == "null");
            for (i, alt) in others.iter().chain(nulls.iter()).enumerate() {
                if i > 0 {
                    text(out, sep);
                }
                push_type(alt, out);
            }
            return;
        }
    }
    let types: Vec<&str> = match schema.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(list)) => list.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    };
    let nullable = types.contains(&"null");
    let mut first = true;
    for t in types.iter().filter(|t| **t != "null") {
        if !first {
            text(out, " | ");
        }
        first = false;
        match *t {
            "array" => {
                out.extend(type_of(&schema["items"]));
                text(out, "[]");
            }
            "object" => match schema.get("additionalProperties") {
                Some(inner) if inner.is_object() => {
                    text(out, "{string: ");
                    out.extend(type_of(inner));
                    text(out, "}");
                }
                _ => text(out, "object"),
            },
            other => {
                let format = schema["format"].as_str();
                match format {
                    Some(f) => text(out, &format!("{other} ({f})")),
                    None => text(out, other),
                }
                if let Some(values) = schema.get("enum") {
                    text(out, &format!(": {}", enum_values(values).join(" | ")));
                }
            }
        }
    }
    if nullable {
        if first {
            text(out, "null");
        } else {
            text(out, " | null");
        }
    }
}
