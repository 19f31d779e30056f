//! Responses compressed when the client asks: brotli, else gzip (`Accept-Encoding`), for text
//! (pages, JSON, CSS, the script, SVG, CSV, the feed). A cheap phone on a slow line gets a page
//! in a fifth of the bytes.

use rocket::fairing::{Fairing, Info, Kind};
use rocket::http::{ContentType, Header};
use rocket::{Request, Response};
use std::io::{Cursor, Write};

/// Below this, compressing costs more than it saves (one TCP packet either way).
const MIN_BYTES: usize = 860;

pub struct Compression;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Encoding {
    Brotli,
    Gzip,
}

/// The encoding to use for an `Accept-Encoding` header, if any (q=0 means "not this one").
pub fn chosen(accept: &str) -> Option<Encoding> {
    let accepts = |name: &str| {
        accept.split(',').any(|part| {
            let mut it = part.split(';');
            let token = it.next().unwrap_or("").trim();
            let refused = it.any(|p| {
                p.trim()
                    .strip_prefix("q=")
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    .is_some_and(|q| q == 0.0)
            });
            token.eq_ignore_ascii_case(name) && !refused
        })
    };
    if accepts("br") {
        Some(Encoding::Brotli)
    } else if accepts("gzip") {
        Some(Encoding::Gzip)
    } else {
        None
    }
}

fn compressible(ct: Option<&ContentType>) -> bool {
    let Some(ct) = ct else { return false };
    let top = ct.top().as_str();
    let sub = ct.sub().as_str();
    top == "text"
        || (top == "application" && matches!(sub, "json" | "javascript" | "atom+xml" | "xml"))
        || (top == "image" && sub == "svg+xml")
}

pub fn encode(enc: Encoding, body: &[u8]) -> std::io::Result<Vec<u8>> {
    match enc {
        Encoding::Brotli => {
            let mut out = Vec::with_capacity(body.len() / 4);
            {
                // Quality 5: most of brotli's gain at a fraction of its top setting's time.
                let mut w = brotli::CompressorWriter::new(&mut out, 4096, 5, 22);
                w.write_all(body)?;
            }
            Ok(out)
        }
        Encoding::Gzip => {
            let mut w = flate2::write::GzEncoder::new(
                Vec::with_capacity(body.len() / 3),
                flate2::Compression::new(6),
            );
            w.write_all(body)?;
            w.finish()
        }
    }
}

#[rocket::async_trait]
impl Fairing for Compression {
    fn info(&self) -> Info {
        Info {
            name: "compression",
            kind: Kind::Response,
        }
    }

    async fn on_response<'r>(&self, req: &'r Request<'_>, res: &mut Response<'r>) {
        let Some(enc) = req.headers().get_one("Accept-Encoding").and_then(chosen) else {
            return;
        };
        if res.headers().contains("Content-Encoding")
            || !compressible(res.content_type().as_ref())
            || res.body().preset_size().is_some_and(|n| n < MIN_BYTES)
        {
            return;
        }
        // The body is whole in memory already (pages, JSON, static files): read, compress.
        let Ok(body) = res.body_mut().to_bytes().await else {
            return;
        };
        if body.len() < MIN_BYTES {
            res.set_sized_body(body.len(), Cursor::new(body));
            return;
        }
        match encode(enc, &body) {
            Ok(packed) => {
                res.set_header(Header::new(
                    "Content-Encoding",
                    match enc {
                        Encoding::Brotli => "br",
                        Encoding::Gzip => "gzip",
                    },
                ));
                res.set_sized_body(packed.len(), Cursor::new(packed));
            }
            Err(_) => res.set_sized_body(body.len(), Cursor::new(body)),
        }
        res.adjoin_header(Header::new("Vary", "Accept-Encoding"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn brotli_first_then_gzip_and_never_a_refused_one() {
        assert_eq!(chosen("gzip, deflate, br"), Some(Encoding::Brotli));
        assert_eq!(chosen("gzip"), Some(Encoding::Gzip));
        assert_eq!(chosen("br;q=0, gzip;q=0.5"), Some(Encoding::Gzip));
        assert_eq!(chosen("identity"), None);
        let text = "Burgerstem ".repeat(500);
        let gz = encode(Encoding::Gzip, text.as_bytes()).unwrap();
        let mut back = String::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_string(&mut back)
            .unwrap();
        assert_eq!(back, text);
        let br = encode(Encoding::Brotli, text.as_bytes()).unwrap();
        let mut back = String::new();
        brotli::Decompressor::new(&br[..], 4096)
            .read_to_string(&mut back)
            .unwrap();
        assert_eq!(back, text);
        assert!(br.len() < text.len() / 10);
    }
}
