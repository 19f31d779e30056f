//! Charts drawn on the server as plain SVG: no script, readable without colour, and always next
//! to a table with the same numbers (the table is what a screen reader reads).

/// Escapes text for SVG/XML content and attributes.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A horizontal bar chart: one bar per row, its label on the left and its number at its end.
/// `title` names the chart for assistive technology; `id` must be unique on the page.
pub fn bars(id: &str, title: &str, rows: &[(String, u64)]) -> String {
    const ROW: u32 = 34;
    const LABEL_W: u32 = 230;
    const BAR_W: u32 = 300;
    // A label is cut to what fits left of the bar at 14 px even in a wide face (0.6 em a
    // character on average): a longer one ran off the chart's left edge ("…gerplatform").
    const LABEL_CHARS: usize = ((LABEL_W - 8) as f64 / (14.0 * 0.6)) as usize;
    let max = rows.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    let height = (rows.len() as u32).max(1) * ROW + 8;
    let mut svg = format!(
        r#"<svg class="chart" id="{id}" role="img" aria-labelledby="{id}-title" viewBox="0 0 600 {height}" width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg"><title id="{id}-title">{}</title>"#,
        esc(title)
    );
    for (i, (label, n)) in rows.iter().enumerate() {
        let y = i as u32 * ROW + 4;
        let w = ((*n as f64 / max as f64) * BAR_W as f64).round() as u32;
        let shown: String = if label.chars().count() > LABEL_CHARS {
            format!(
                "{}…",
                label.chars().take(LABEL_CHARS - 1).collect::<String>()
            )
        } else {
            label.clone()
        };
        svg.push_str(&format!(
            r##"<text x="{lx}" y="{ty}" text-anchor="end" font-size="14" fill="#1a1a1a">{}</text><rect x="{bx}" y="{y}" width="{w}" height="24" fill="#1d4f91"></rect><text x="{nx}" y="{ty}" font-size="14" fill="#1a1a1a">{n}</text>"##,
            esc(&shown),
            lx = LABEL_W - 8,
            ty = y + 17,
            bx = LABEL_W,
            nx = LABEL_W + w + 6,
        ));
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_and_escape_labels() {
        let svg = bars(
            "c1",
            "Punten per panel",
            &[("A <b>&".into(), 10), ("B".into(), 5), ("C".into(), 0)],
        );
        assert!(svg.contains(r#"<title id="c1-title">Punten per panel</title>"#));
        assert!(svg.contains("A &lt;b&gt;&amp;") && !svg.contains("<b>"));
        assert!(
            svg.contains(r#"width="300""#),
            "the largest bar is full width"
        );
        assert!(
            svg.contains(r#"width="150""#),
            "half the largest, half the width"
        );
        assert!(svg.contains(r#"width="0""#));
        assert_eq!(svg.matches("<rect").count(), 3);
    }

    /// The label's text and the x its end is anchored at, for the first bar.
    fn first_label(svg: &str) -> (String, f64) {
        let start = svg.find("<text x=\"").expect("a label") + 9;
        let x: f64 = svg[start..].split('"').next().unwrap().parse().unwrap();
        let text = svg[start..].split('>').nth(1).unwrap();
        (text.trim_end_matches("</text").to_string(), x)
    }

    #[test]
    fn a_long_label_is_cut_to_what_fits_left_of_its_bar() {
        // At 14 px, a wide face averages 0.6 em a character (DejaVu Sans, which Debian's
        // Chromium draws with, is about that); anchored at its end, the label must start at 0 or
        // after.
        let wide = |text: &str| text.chars().count() as f64 * 14.0 * 0.6;
        let name = "Burgerplatform Zorgzaam Heuvelland-Westhoek en Middenkust";
        let (shown, x) = first_label(&bars("c", "t", &[(name.into(), 3)]));
        assert!(shown.ends_with('…') && name.starts_with(shown.trim_end_matches('…')));
        assert!(
            wide(&shown) <= x,
            "{shown:?} is {} wide, {x} fits",
            wide(&shown)
        );
        // A name that fits stays whole.
        let (shown, x) = first_label(&bars("c", "t", &[("Burgerplatform Demostreek".into(), 3)]));
        assert_eq!(shown, "Burgerplatform Demostreek");
        assert!(wide(&shown) <= x);
    }
}
