//! A QR code drawn on the server as SVG: no script, no image library, sharp at any size.

use qrcodegen::{QrCode, QrCodeEcc};

/// An SVG of `text` as a QR code, with the quiet zone the standard asks for; `label` is its
/// accessible name.
pub fn svg(text: &str, label: &str) -> Option<String> {
    let qr = QrCode::encode_text(text, QrCodeEcc::Medium).ok()?;
    let border = 4;
    let size = qr.size() + border * 2;
    let mut path = String::new();
    for y in 0..qr.size() {
        for x in 0..qr.size() {
            if qr.get_module(x, y) {
                path.push_str(&format!("M{},{}h1v1h-1z", x + border, y + border));
            }
        }
    }
    let label = label
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;");
    Some(format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" width="220" height="220" role="img" aria-label="{label}" shape-rendering="crispEdges"><rect width="100%" height="100%" fill="#fff"/><path d="{path}" fill="#000"/></svg>"##
    ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn draws_a_square_code_with_its_label_escaped() {
        let s = super::svg("otpauth://totp/x?secret=ABCD", "Code \"<x>\"").unwrap();
        assert!(s.starts_with("<svg"));
        assert!(s.contains("aria-label=\"Code &quot;&lt;x&gt;&quot;\""));
        assert!(
            s.contains("M4,4h1v1h-1z"),
            "finder pattern starts at the quiet zone"
        );
    }
}
