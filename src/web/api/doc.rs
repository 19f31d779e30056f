//! What the handlers' `#[utoipa::path]` annotations name: the shared error answers and the
//! schema of a yes-only flag. `web::openapi` gathers the document from them.

use utoipa::openapi::{ContentBuilder, Ref, RefOr, Response, ResponseBuilder};

/// The error answers the handlers list in their `responses(...)`: one component per status, each
/// with the one shared `Error` body.
macro_rules! error_responses {
    ($($name:ident = $description:literal;)*) => {
        $(
            #[doc = $description]
            pub struct $name;

            impl<'s> utoipa::ToResponse<'s> for $name {
                fn response() -> (&'s str, RefOr<Response>) {
                    (stringify!($name), error_response($description))
                }
            }
        )*
    };
}

fn error_response(description: &str) -> RefOr<Response> {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("Error")))
                .build(),
        )
        .into()
}

error_responses! {
    BadRequest = "The body is not readable JSON.";
    Unauthorized = "No valid bearer token (`Authorization: Bearer <token>`), or wrong credentials.";
    Forbidden = "The caller's role in the zone does not allow this.";
    NotFound = "No such object, or the caller may not see it.";
    Conflict = "Not possible in the object's present state, or it already exists.";
    TooLarge = "The body is larger than the limit.";
    Invalid = "A field is missing or wrong (`error.fields` names them when the server checked them), or a path id is not a number.";
    UnsupportedMediaType = "The body was not sent as `Content-Type: application/json`.";
    TooManyRequests = "Too many attempts from this address or for this account; wait and try again.";
    Unavailable = "The database cannot be reached; try again later.";
}

/// `true`, the only value that says yes (a boolean with one allowed value).
pub struct Yes;

impl utoipa::PartialSchema for Yes {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, Type};
        ObjectBuilder::new()
            .schema_type(Type::Boolean)
            .enum_values(Some([true]))
            .into()
    }
}

impl utoipa::ToSchema for Yes {}
