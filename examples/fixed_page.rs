//! The benchmark's "physical limit" reference (bench/run.sh): a minimal Rocket server with one
//! route that returns a fixed small HTML page, run with the same load generator as Burgerstem.
//!
//!     cargo build --release --example fixed_page
//!     ROCKET_PORT=8099 target/release/examples/fixed_page

use rocket::response::content::RawHtml;
use rocket::{get, routes};

const PAGE: &str = "<!doctype html>\n<html lang=\"nl\"><head><meta charset=\"utf-8\"><title>Burgerstem</title></head>\n<body><main><h1>Burgerstem</h1><p>Een vaste, kleine pagina: de bovengrens voor deze machine.</p></main></body></html>\n";

#[get("/")]
fn page() -> RawHtml<&'static str> {
    RawHtml(PAGE)
}

#[rocket::launch]
fn rocket() -> _ {
    // A release build with the `secrets` feature wants a key; this server keeps no secrets.
    let mut key = [0u8; 32];
    rand::RngCore::fill_bytes(&mut rand::thread_rng(), &mut key);
    let figment = rocket::Config::figment().merge(("secret_key", hex::encode(key)));
    rocket::custom(figment).mount("/", routes![page])
}
