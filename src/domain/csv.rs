//! CSV that spreadsheet programs open correctly: UTF-8 with a byte-order mark (so accents survive
//! in Excel and LibreOffice), RFC 4180 quoting, and cells that a spreadsheet would run as a
//! formula made inert.

/// The UTF-8 byte-order mark, first in every file.
pub const BOM: &str = "\u{feff}";

/// A cell starting with = + - @ (or a tab or carriage return, which some programs skip before
/// reading a formula), or with a look-alike that a spreadsheet may fold into one (fullwidth
/// ＝ ＋ － ＠, the minus sign, small and other dashes), is prefixed with an apostrophe: shown as
/// text, never executed. Leading spaces are looked past: some programs skip them too.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    let first = cell
        .trim_start_matches([' ', '\u{a0}', '\u{3000}'])
        .chars()
        .next();
    match first {
        Some(
            '='
            | '+'
            | '-'
            | '@'
            | '\t'
            | '\r'
            | '\n'
            | '\u{ff1d}'
            | '\u{ff0b}'
            | '\u{ff0d}'
            | '\u{ff20}'
            | '\u{2212}'
            | '\u{fe62}'
            | '\u{fe63}'
            | '\u{fe66}'
            | '\u{2010}'..='\u{2015}',
        ) => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

fn quote(cell: &str) -> String {
    let cell = neutralise(cell);
    if cell.contains([',', '"', '\n', '\r', ';']) || cell.starts_with(' ') || cell.ends_with(' ') {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.into_owned()
    }
}

/// A whole file: BOM, header row, one row per object, CRLF line ends.
pub fn write(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = String::from(BOM);
    let line = |cells: &mut dyn Iterator<Item = String>| -> String {
        cells.collect::<Vec<_>>().join(",") + "\r\n"
    };
    out.push_str(&line(&mut header.iter().map(|h| quote(h))));
    for r in rows {
        out.push_str(&line(&mut r.iter().map(|c| quote(c))));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_made_inert_and_text_is_quoted() {
        assert_eq!(neutralise("=SUM(A1:A9)"), "'=SUM(A1:A9)");
        assert_eq!(neutralise("+32 2 123"), "'+32 2 123");
        assert_eq!(neutralise("-1"), "'-1");
        assert_eq!(neutralise("@cmd"), "'@cmd");
        assert_eq!(neutralise("Zorg = belangrijk"), "Zorg = belangrijk");
        for lookalike in [
            "＝1+1",
            "＋32",
            "－1",
            "＠SUM(A1)",
            "−1",
            " =1+1",
            "\u{3000}＝A1",
        ] {
            assert!(
                neutralise(lookalike).starts_with('\''),
                "{lookalike:?} must be made inert"
            );
        }
        let f = write(
            &["a", "b"],
            &[vec![
                "Café \"De Hoek\", Gent".into(),
                "=HYPERLINK(\"x\")".into(),
            ]],
        );
        assert!(f.starts_with('\u{feff}'));
        assert_eq!(
            f,
            "\u{feff}a,b\r\n\"Café \"\"De Hoek\"\", Gent\",\"'=HYPERLINK(\"\"x\"\")\"\r\n"
        );
    }
}
